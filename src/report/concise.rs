//! `concise`: one line per finding, `path:line:col: level[rule] message`.

use super::{Style, Summary};
use crate::lint::FileReport;
use std::io::Write;

/// Write one line per finding and a closing summary line.
pub fn write(reports: &[FileReport], style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    for report in reports {
        if let Some(error) = &report.error {
            writeln!(
                out,
                "{}:1:1: error[io/unreadable] cannot read: {error}",
                report.path
            )?;
            continue;
        }
        for f in &report.findings {
            let start = f.start;
            write!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.path,
                start.line,
                start.column,
                f.level.as_str(),
                f.rule,
                f.message
            )?;
            if let Some(s) = &f.suggestion {
                write!(out, " → {s}")?;
            }
            writeln!(out)?;
        }
    }
    if !style.quiet {
        let s = Summary::of(reports);
        writeln!(out, "{}", summary_line(&s))?;
    }
    Ok(())
}

/// "2 errors", "1 warning".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Checked 3 files: 2 errors, 1 warning, 0 infos, 0 skipped."
pub fn summary_line(s: &Summary) -> String {
    format!(
        "Checked {}: {}, {}, {}{}.",
        plural(s.files, "file", "files"),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        if s.skipped > 0 {
            format!(", {} skipped", s.skipped)
        } else {
            String::new()
        }
    )
}
