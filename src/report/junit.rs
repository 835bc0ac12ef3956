//! `junit`: JUnit XML for test dashboards (GitLab, Jenkins): one test case per file, a failure per finding.

use super::{Needs, Reporter, Style, Summary};
use crate::finding::FileReport;
use crate::ruleset::doc::RuleInfo;
use std::fmt::Write as _;
use std::io::Write;

/// The JUnit reporter: one document whose head counts every file.
pub struct Junit;

impl Reporter for Junit {
    const NEEDS: Needs = Needs {
        streams: false,
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

/// Escape text for XML attributes and character data; characters XML 1.0 cannot hold become U+FFFD.
/// Line breaks and tabs become character references, which XML parsers keep as they are.
pub fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escape character data: like [`escape`], but line feeds and tabs stay literal for readability.
pub fn escape_text(text: &str) -> String {
    escape_with(text, false)
}

fn escape_with(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Write one `<testsuites>` holding one `<testsuite>` for the run.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    let summary = Summary::of(reports);
    let mut failures = 0;
    let mut errors = 0;
    let mut cases = String::new();
    for report in reports {
        let name = escape(&report.path);
        // Writing to a String cannot fail.
        let _ = write!(
            cases,
            "    <testcase classname=\"servicelint\" name=\"{name}\" file=\"{name}\""
        );
        if let Some(error) = &report.error {
            errors += 1;
            let _ = write!(
                cases,
                ">\n      <error message=\"{}\" type=\"io/unreadable\"/>\n    </testcase>\n",
                escape(&format!("cannot read: {error}"))
            );
            continue;
        }
        if report.skipped {
            let reason = report
                .findings
                .first()
                .map_or_else(|| "skipped".to_string(), |f| f.message.clone());
            let _ = write!(
                cases,
                ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                escape(&reason)
            );
            continue;
        }
        if report.findings.is_empty() {
            cases.push_str("/>\n");
            continue;
        }
        cases.push_str(">\n");
        failures += 1;
        for f in &report.findings {
            let start = f.start;
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                report.path,
                start.line,
                start.column,
                f.level.as_str(),
                f.rule,
                f.message
            );
            if let Some(s) = &f.suggestion {
                let _ = write!(body, "\nsuggestion: {s}");
            }
            if let Some(h) = &f.help {
                let _ = write!(body, "\nhelp: {h}");
            }
            let _ = writeln!(
                cases,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&format!(
                    "{}:{}: {} [{}]",
                    start.line, start.column, f.message, f.rule
                )),
                escape(f.level.as_str()),
                escape_text(&body)
            );
        }
        cases.push_str("    </testcase>\n");
    }
    let tests = reports.len();
    let skipped = summary.skipped;
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"servicelint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    )?;
    writeln!(
        out,
        "  <testsuite name=\"servicelint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">"
    )?;
    out.write_all(cases.as_bytes())?;
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("<a href=\"x\">&'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\u{FFFD}"
        );
        assert_eq!(escape("客服\n"), "客服&#10;");
        assert_eq!(escape_text("客服\r\n"), "客服&#13;\n");
    }
}
