//! `gitlab`: GitLab Code Quality JSON, the report the merge request widget and the pipeline's Code
//! Quality tab read (`artifacts: reports: codequality:`).
//!
//! One JSON array, one issue per finding: `description`, `check_name` (the rule id),
//! `fingerprint` (the shared fingerprint, [`crate::finding::fingerprints`], unique per finding),
//! `severity` (error → major, warning → minor, info → info), `location.path` (forward slashes, as
//! given) and `location.lines.begin`. An unreadable file is an `io/unreadable` issue at line 1.

use super::{Needs, Reporter, Style, ci_path};
use crate::finding::{FileReport, Level, fingerprints};
use crate::ruleset::doc::RuleInfo;
use serde::Serialize;
use std::io::Write;

/// The GitLab Code Quality reporter.
pub struct Gitlab;

impl Reporter for Gitlab {
    const NEEDS: Needs = Needs {
        streams: false,
        text: true,
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

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The Code Quality severity of a finding level.
pub fn severity(level: Level) -> &'static str {
    match level {
        Level::Error => "major",
        Level::Warning => "minor",
        Level::Info | Level::Off => "info",
    }
}

/// Write one Code Quality array holding every finding of every report.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    let mut issues = Vec::new();
    for report in reports {
        let path = ci_path(&report.path);
        if let Some(error) = &report.error {
            issues.push(Issue {
                description: super::unreadable_message(&report.path, error),
                check_name: "io/unreadable".into(),
                fingerprint: crate::finding::hash_parts(&["io/unreadable", &path]),
                severity: severity(Level::Error),
                location: Location {
                    path,
                    lines: Lines { begin: 1 },
                },
            });
            continue;
        }
        for (f, fingerprint) in report.findings.iter().zip(fingerprints(report)) {
            let mut description = f.message.clone();
            if let Some(s) = &f.suggestion {
                description.push_str(&format!(" (suggestion: {s})"));
            }
            issues.push(Issue {
                description,
                check_name: f.rule.clone(),
                fingerprint,
                severity: severity(f.level),
                location: Location {
                    path: path.clone(),
                    lines: Lines {
                        begin: f.start.line.max(1),
                    },
                },
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(std::io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::span::{Position, Span};

    /// The unreadable file's fingerprint is the one GitLab already tracks (FNV-1a over the parts,
    /// each ended by NUL), now from the shared hash.
    #[test]
    fn an_unreadable_file_keeps_its_fingerprint() {
        assert_eq!(
            crate::finding::hash_parts(&["io/unreadable", "nope.md"]),
            "924485314c8ba94e"
        );
        let mut out = Vec::new();
        write(&[FileReport::unreadable("./nope.md", "gone".into())], &mut out).expect("vec");
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        assert_eq!(v[0]["fingerprint"], "924485314c8ba94e");
        assert_eq!(v[0]["description"], "cannot read ./nope.md: gone");
    }

    fn report(path: &str, text: &str) -> FileReport {
        let mut r = FileReport::unreadable(path, String::new());
        r.error = None;
        r.text = text.to_string();
        r.findings = text
            .match_indices("不知道")
            .enumerate()
            .map(|(n, (i, m))| Finding {
                rule: "phrasing/negative".into(),
                level: [Level::Error, Level::Warning, Level::Info][n % 3],
                span: Span::new(i, i + m.len()),
                message: "消极用语".into(),
                help: None,
                suggestion: Some("我帮您确认一下".into()),
                labels: Vec::new(),
                related: Vec::new(),
                start: Position {
                    line: n + 1,
                    column: 4,
                },
                end: Position::default(),
                location: None,
            })
            .collect();
        r
    }

    #[test]
    fn issues_carry_every_required_field_and_unique_fingerprints() {
        let text = "客服：不知道。\n客服：不知道。\n客服：不知道。\n";
        let reports = [
            report("./sops\\a.md", text),
            report("b.md", text),
            FileReport::unreadable("gone.md", "No such file".into()),
        ];
        let mut out = Vec::new();
        write(&reports, &mut out).expect("vec");
        let issues: serde_json::Value = serde_json::from_slice(&out).expect("json");
        let issues = issues.as_array().expect("array");
        assert_eq!(issues.len(), 7);
        let first = &issues[0];
        assert_eq!(first["check_name"], "phrasing/negative");
        assert_eq!(first["description"], "消极用语 (suggestion: 我帮您确认一下)");
        assert_eq!(first["location"]["path"], "sops/a.md");
        assert_eq!(first["location"]["lines"]["begin"], 1);
        let severities: Vec<&str> = issues[..3]
            .iter()
            .map(|i| i["severity"].as_str().expect("severity"))
            .collect();
        assert_eq!(severities, ["major", "minor", "info"]);
        let fingerprints: std::collections::HashSet<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().expect("fingerprint"))
            .collect();
        assert_eq!(fingerprints.len(), 7, "unique per finding");
        assert_eq!(issues[6]["check_name"], "io/unreadable");
        assert_eq!(issues[6]["severity"], "major");
    }
}
