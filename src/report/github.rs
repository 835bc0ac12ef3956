//! `github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), shown as annotations.

use super::{Needs, Reporter, Style, ci_path};
use crate::finding::FileReport;
use crate::finding::Level;
use crate::ruleset::doc::RuleInfo;
use std::io::Write;

/// The GitHub reporter: one command per finding, nothing after the last, so it streams.
pub struct Github;

impl Reporter for Github {
    const NEEDS: Needs = Needs {
        streams: true,
        text: false,
        rules: false,
    };

    fn write(
        reports: &[FileReport],
        _rules: &[RuleInfo],
        _style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(reports, out)
    }
}

/// Escape a command's message (`%`, CR, LF).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a command property value (the message escapes plus `:` and `,`).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info | Level::Off => "notice",
    }
}

/// Write one workflow command per finding (and an `::error` per unreadable file).
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    for report in reports {
        let file = escape_property(&ci_path(&report.path));
        if let Some(error) = &report.error {
            writeln!(
                out,
                "::error file={file},title={}::{}",
                escape_property("io/unreadable"),
                escape_data(&super::unreadable_message(&report.path, error))
            )?;
            continue;
        }
        for f in &report.findings {
            let (start, end) = (f.start, f.end);
            let mut message = match &f.location {
                Some(l) => format!("{}:{l}: {}", report.path, f.message),
                None => f.message.clone(),
            };
            if let Some(s) = &f.suggestion {
                message.push_str(&format!("\nsuggestion: {s}"));
            }
            if let Some(h) = &f.help {
                message.push_str(&format!("\nhelp: {h}"));
            }
            writeln!(
                out,
                "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                command(f.level),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&f.rule),
                escape_data(&message)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nok: a,b"), "50%25%0D%0Aok: a,b");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
