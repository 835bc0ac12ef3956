//! Baselines: record today's findings by rule, path and a line-independent fingerprint, and hide them later.
//!
//! Version 2 (written now) uses the fingerprint SARIF and GitLab share
//! ([`crate::finding::fingerprints`]: rule, path, matched text, its line, occurrence); version 1
//! files (rule, matched text and line only, [`crate::finding::fingerprint`]) are still read and
//! matched their own way. Both leave line numbers out, so a finding that moves when lines are added
//! above it keeps its fingerprint; a new finding gets a new one and always shows.

use crate::error::{Error, FileError};
use crate::finding::{FileReport, fingerprint_with, fingerprints, normalise_path};
use crate::span::LineIndex;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The baseline file format version this build writes.
pub const VERSION: u32 = 2;

/// The versions this build reads: 1 (fingerprints without path and occurrence) and 2.
pub const READS: &[u32] = &[1, 2];

/// A baseline file: findings accepted as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1 or 2; see the module docs).
    pub version: u32,
    /// Accepted findings, sorted by path, rule and fingerprint.
    pub entries: Vec<Entry>,
}

/// Findings of one rule in one file with one fingerprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Rule id.
    pub rule: String,
    /// Path as reported, with forward slashes and no leading `./`.
    pub path: String,
    /// [`crate::finding::fingerprint`] of the finding.
    pub fingerprint: String,
    /// How many findings share rule, path and fingerprint.
    pub count: usize,
}

type Key = (String, String, String);

impl Baseline {
    /// The baseline of every finding in `reports`.
    pub fn from_reports(reports: &[FileReport]) -> Baseline {
        let mut counts: HashMap<Key, usize> = HashMap::new();
        for report in reports {
            let path = normalise_path(&report.path);
            for (f, fp) in report.findings.iter().zip(fingerprints(report)) {
                *counts
                    .entry((path.clone(), f.rule.clone(), fp))
                    .or_default() += 1;
            }
        }
        let mut entries: Vec<Entry> = counts
            .into_iter()
            .map(|((path, rule, fingerprint), count)| Entry {
                rule,
                path,
                fingerprint,
                count,
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
        Baseline {
            version: VERSION,
            entries,
        }
    }

    /// Number of findings the baseline accepts.
    pub fn len(&self) -> usize {
        self.entries.iter().map(|e| e.count).sum()
    }

    /// Whether it accepts no finding.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Parse a baseline; errors point into the text.
    // The crate-wide `Error` is large (it holds a `FileError`); boxing it belongs in error.rs.
    #[allow(clippy::result_large_err)]
    pub fn parse(name: &str, text: &str) -> Result<Baseline, Error> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| {
            let offset = offset_of(text, e.line(), e.column());
            FileError::new(name, text, offset..offset, format!("invalid baseline: {e}"))
                .help("write a new one with `servicelint check --write-baseline FILE`")
        })?;
        if !READS.contains(&baseline.version) {
            let at = text.find("\"version\"").unwrap_or(0);
            return Err(FileError::new(
                name,
                text,
                at..at + "\"version\"".len(),
                format!(
                    "unsupported baseline version {} (this servicelint reads versions 1 and {VERSION})",
                    baseline.version
                ),
            )
            .into());
        }
        Ok(baseline)
    }

    /// Read a baseline file.
    // The crate-wide `Error` is large (it holds a `FileError`); boxing it belongs in error.rs.
    #[allow(clippy::result_large_err)]
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Baseline::parse(&path.display().to_string(), &text)
    }

    /// Write the baseline atomically: a temporary file in the same folder, then a rename over `path`.
    // The crate-wide `Error` is large (it holds a `FileError`); boxing it belongs in error.rs.
    #[allow(clippy::result_large_err)]
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let io = |e: std::io::Error| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| io(std::io::Error::other(e)))?;
        text.push('\n');
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map_or("baseline".into(), |n| n.to_string_lossy().into_owned());
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            drop(file);
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        Ok(())
    }

    /// Drop from `reports` every finding the baseline accepts (each entry up to its count);
    /// returns how many were dropped.
    pub fn apply(&self, reports: &mut [FileReport]) -> usize {
        let mut budget: HashMap<Key, usize> = HashMap::new();
        for e in &self.entries {
            *budget
                .entry((e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_default() += e.count;
        }
        let mut dropped = 0;
        for report in reports.iter_mut() {
            let path = normalise_path(&report.path);
            let prints = if self.version == 1 {
                let index = LineIndex::new(&report.text);
                let text = &report.text;
                report
                    .findings
                    .iter()
                    .map(|f| fingerprint_with(&index, &f.rule, text, f.span))
                    .collect()
            } else {
                fingerprints(report)
            };
            let mut prints = prints.into_iter();
            report.findings.retain(|f| {
                let key = (
                    path.clone(),
                    f.rule.clone(),
                    prints.next().unwrap_or_default(),
                );
                match budget.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        dropped += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        dropped
    }
}

/// The byte offset of a 1-based line and column (serde_json's columns count bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let mut at = (offset + column.saturating_sub(1)).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_is_an_error_pointing_into_the_file() {
        let err = Baseline::parse("b.json", "{\"version\": 1, \"entries\": [}").expect_err("bad");
        assert!(format!("{err:?}").contains("invalid baseline"));
        let err = Baseline::parse("b.json", "{\"version\": 9, \"entries\": []}").expect_err("ver");
        assert!(err.to_string().contains("version 9"));
    }

    fn report(text: &str) -> FileReport {
        let mut r = FileReport::unreadable("./a.md", String::new());
        r.error = None;
        r.text = text.to_string();
        r.findings = text
            .match_indices("不知道")
            .map(|(i, m)| crate::finding::Finding {
                rule: "phrasing/negative".into(),
                level: crate::finding::Level::Warning,
                span: crate::span::Span::new(i, i + m.len()),
                message: String::new(),
                help: None,
                suggestion: None,
                labels: Vec::new(),
                related: Vec::new(),
                start: crate::span::Position::default(),
                end: crate::span::Position::default(),
                location: None,
            })
            .collect();
        r
    }

    #[test]
    fn version_2_is_written_and_version_1_files_still_hide_their_findings() {
        let text = "客服：不知道。\n客服：不知道。\n";
        let written = Baseline::from_reports(&[report(text)]);
        assert_eq!(written.version, 2);
        assert_eq!(
            written.entries.len(),
            2,
            "repeated lines get their own entries"
        );
        let mut later = vec![report(&format!("# 新标题\n\n{text}客服：不知道。\n"))];
        assert_eq!(written.apply(&mut later), 2);
        assert_eq!(later[0].findings.len(), 1, "the third one is new");

        // A version-1 file: one entry counting both lines, with the old fingerprint.
        let old_fp =
            crate::finding::fingerprint("phrasing/negative", text, crate::span::Span::new(9, 18));
        let old = format!(
            "{{\"version\": 1, \"entries\": [{{\"rule\": \"phrasing/negative\", \"path\": \"a.md\", \"fingerprint\": \"{old_fp}\", \"count\": 2}}]}}"
        );
        let old = Baseline::parse("old.json", &old).expect("version 1 reads");
        let mut later = vec![report(&format!("{text}客服：不知道。\n"))];
        assert_eq!(old.apply(&mut later), 2);
        assert_eq!(later[0].findings.len(), 1);
    }

    #[test]
    fn offsets_of_lines_and_columns() {
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
        assert_eq!(offset_of("ab", 5, 1), 2);
    }
}
