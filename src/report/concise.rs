//! `concise`: one line per finding, `path:line:col: level[rule] message`.

use super::{Needs, Reporter, Style, Summary};
use crate::finding::FileReport;
use crate::ruleset::doc::RuleInfo;
use std::io::Write;

/// The concise reporter: one line per finding, so a run can write it a chunk at a time.
pub struct Concise;

impl Reporter for Concise {
    const NEEDS: Needs = Needs {
        streams: true,
        text: false,
        rules: false,
    };

    fn write(
        reports: &[FileReport],
        _rules: &[RuleInfo],
        style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(reports, style, out)
    }

    fn write_end(summary: &Summary, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
        if style.quiet {
            return Ok(());
        }
        writeln!(out, "{}", summary_text(summary, style.zh))
    }
}

/// Write one line per finding and a closing summary line.
///
/// Lines are put together in a buffer by hand (no formatting machinery per field) and handed to
/// `out` in large blocks: stdout is line-buffered, and a write per piece cost more than the lint.
pub fn write(reports: &[FileReport], style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 1024);
    for report in reports {
        if let Some(error) = &report.error {
            writeln!(
                buf,
                "{}:1:1: error[io/unreadable] cannot read: {error}",
                report.path
            )?;
            continue;
        }
        let path = report.path.as_bytes();
        for f in &report.findings {
            let start = f.start;
            buf.extend_from_slice(path);
            buf.push(b':');
            if let Some(l) = &f.location {
                // A place in a .docx/.xlsx/…: `refund.docx:¶12`, not a line of the extracted text.
                write!(buf, "{l}")?;
            } else {
                push_decimal(&mut buf, start.line);
                buf.push(b':');
                push_decimal(&mut buf, start.column);
            }
            buf.extend_from_slice(b": ");
            buf.extend_from_slice(f.level.as_str().as_bytes());
            buf.push(b'[');
            buf.extend_from_slice(f.rule.as_bytes());
            buf.extend_from_slice(b"] ");
            buf.extend_from_slice(f.message.as_bytes());
            if let Some(s) = &f.suggestion {
                buf.extend_from_slice(" → ".as_bytes());
                buf.extend_from_slice(s.as_bytes());
            }
            buf.push(b'\n');
            if buf.len() >= FLUSH_AT {
                out.write_all(&buf)?;
                buf.clear();
            }
        }
    }
    if !style.quiet {
        let s = Summary::of(reports);
        writeln!(buf, "{}", summary_text(&s, style.zh))?;
    }
    out.write_all(&buf)
}

/// Bytes gathered before they are written out.
const FLUSH_AT: usize = 64 * 1024;

/// Append `n` in decimal, as `{}` writes it.
fn push_decimal(buf: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
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

/// "检查了 12 个文件：11 个错误，22 个警告，7 个提示。" (and "，跳过 1 个" when some were skipped).
pub fn summary_line_zh(s: &Summary) -> String {
    format!(
        "检查了 {} 个文件：{} 个错误，{} 个警告，{} 个提示{}。",
        s.files,
        s.errors,
        s.warnings,
        s.infos,
        if s.skipped > 0 {
            format!("，跳过 {} 个", s.skipped)
        } else {
            String::new()
        }
    )
}

/// The summary line in English, or in Chinese when `zh`.
pub fn summary_text(s: &Summary, zh: bool) -> String {
    if zh {
        summary_line_zh(s)
    } else {
        summary_line(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Level};
    use crate::span::Position;
    use crate::span::Span;
    use proptest::prelude::*;

    /// The concise format as its definition reads (`path:line:col: level[rule] message[ → suggestion]`,
    /// then the summary line), written the obvious way with `write!`: the spec the buffered writer
    /// is checked against.
    fn write_with_fmt(
        reports: &[FileReport],
        style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
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
            writeln!(out, "{}", summary_text(&s, style.zh))?;
        }
        Ok(())
    }

    fn report(path: &str, findings: Vec<Finding>, error: Option<String>) -> FileReport {
        FileReport {
            path: path.to_string(),
            kind: None,
            lang: None,
            encoding: None,
            text: String::new(),
            findings,
            skipped: false,
            error,
            facts: Vec::new(),
            standards: Default::default(),
        }
    }

    fn finding(
        rule: &str,
        level: Level,
        line: usize,
        column: usize,
        message: &str,
        suggestion: Option<&str>,
    ) -> Finding {
        Finding {
            rule: rule.to_string(),
            level,
            span: Span::new(0, 0),
            message: message.to_string(),
            help: None,
            suggestion: suggestion.map(str::to_string),
            labels: Vec::new(),
            related: Vec::new(),
            start: Position { line, column },
            end: Position::default(),
            location: None,
        }
    }

    fn both(reports: &[FileReport], quiet: bool) -> (Vec<u8>, Vec<u8>) {
        let style = Style {
            color: false,
            quiet,
            ..Style::default()
        };
        let mut fast = Vec::new();
        let mut slow = Vec::new();
        write(reports, style, &mut fast).expect("vec");
        write_with_fmt(reports, style, &mut slow).expect("vec");
        (fast, slow)
    }

    #[test]
    fn decimals_as_display() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut buf = Vec::new();
            push_decimal(&mut buf, n);
            assert_eq!(buf, n.to_string().into_bytes());
        }
    }

    #[test]
    fn hand_picked_reports_match_write_fmt() {
        let many: Vec<Finding> = (0..3000)
            .map(|i| {
                finding(
                    "phrasing/negative",
                    Level::Warning,
                    i,
                    i % 7 + 1,
                    "消极用语：“没办法”",
                    (i % 2 == 0).then_some("我来帮您想办法"),
                )
            })
            .collect();
        let reports = vec![
            report(
                "a.md",
                vec![finding("time/vague", Level::Error, 1, 1, "", None)],
                None,
            ),
            report("missing.md", Vec::new(), Some("No such file".to_string())),
            report("empty.md", Vec::new(), None),
            report("目录/长.md", many, None),
        ];
        for quiet in [false, true] {
            let (fast, slow) = both(&reports, quiet);
            assert_eq!(
                String::from_utf8_lossy(&fast),
                String::from_utf8_lossy(&slow)
            );
        }
        let (fast, slow) = both(&[], false);
        assert_eq!(fast, slow);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn buffered_write_matches_write_fmt(
            files in prop::collection::vec(
                (
                    "[a-z/.客]{0,12}",
                    prop::option::of("[a-z ]{0,10}"),
                    prop::collection::vec(
                        (
                            "[a-z/]{1,12}",
                            0usize..4,
                            any::<usize>(),
                            0usize..200,
                            "\\PC{0,30}",
                            prop::option::of("\\PC{0,10}"),
                        ),
                        0..40,
                    ),
                ),
                0..8,
            ),
            quiet in any::<bool>(),
        ) {
            let levels = [Level::Off, Level::Info, Level::Warning, Level::Error];
            let reports: Vec<FileReport> = files
                .into_iter()
                .map(|(path, error, findings)| {
                    let findings = findings
                        .into_iter()
                        .map(|(rule, level, line, column, message, suggestion)| {
                            finding(&rule, levels[level], line, column, &message, suggestion.as_deref())
                        })
                        .collect();
                    report(&path, findings, error)
                })
                .collect();
            let (fast, slow) = both(&reports, quiet);
            prop_assert_eq!(fast, slow);
        }
    }
}
