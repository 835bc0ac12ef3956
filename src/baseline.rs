//! Baselines: record today's findings by rule, path and a line-independent fingerprint, and hide them later.
//!
//! A fingerprint hashes (FNV-1a, 64 bit, stable across Rust versions and platforms) the rule id, the
//! matched text and the trimmed text of the line it starts on, with runs of white space collapsed. Line
//! numbers are left out on purpose, so a finding that moves when lines are added above it keeps its
//! fingerprint; a new finding gets a new one and always shows.

use crate::error::{Error, FileError};
use crate::finding::FileReport;
use crate::span::LineIndex;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The baseline file format version this build reads and writes.
pub const VERSION: u32 = 1;

/// A baseline file: findings accepted as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
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
    /// [`fingerprint`] of the finding.
    pub fingerprint: String,
    /// How many findings share rule, path and fingerprint.
    pub count: usize,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bit.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |h, b| (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME))
}

/// Collapse every run of white space into one space and trim the ends.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of a finding of `rule` at `span` in `text`: 16 hex digits, independent of line numbers.
pub fn fingerprint(rule: &str, text: &str, span: Span) -> String {
    let index = LineIndex::new(text);
    fingerprint_with(&index, rule, text, span)
}

/// [`fingerprint`] with a line index already built for `text`.
pub fn fingerprint_with(index: &LineIndex, rule: &str, text: &str, span: Span) -> String {
    let matched = text.get(span.start..span.end).unwrap_or("");
    let line = index.position(text, span.start).line;
    let line_text = index
        .line_span(text, line)
        .and_then(|s| text.get(s.start..s.end))
        .unwrap_or("");
    let mut h = fnv1a(FNV_OFFSET, rule.as_bytes());
    h = fnv1a(h, &[0]);
    h = fnv1a(h, normalise(matched).as_bytes());
    h = fnv1a(h, &[0]);
    h = fnv1a(h, normalise(line_text).as_bytes());
    format!("{h:016x}")
}

/// A path as stored in a baseline: forward slashes, no leading `./`.
pub fn normalise_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

type Key = (String, String, String);

impl Baseline {
    /// The baseline of every finding in `reports`.
    pub fn from_reports(reports: &[FileReport]) -> Baseline {
        let mut counts: HashMap<Key, usize> = HashMap::new();
        for report in reports {
            let index = LineIndex::new(&report.text);
            let path = normalise_path(&report.path);
            for f in &report.findings {
                let fp = fingerprint_with(&index, &f.rule, &report.text, f.span);
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
        if baseline.version != VERSION {
            let at = text.find("\"version\"").unwrap_or(0);
            return Err(FileError::new(
                name,
                text,
                at..at + "\"version\"".len(),
                format!(
                    "unsupported baseline version {} (this servicelint reads version {VERSION})",
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
            let index = LineIndex::new(&report.text);
            let path = normalise_path(&report.path);
            let text = &report.text;
            report.findings.retain(|f| {
                let key = (
                    path.clone(),
                    f.rule.clone(),
                    fingerprint_with(&index, &f.rule, text, f.span),
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
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(FNV_OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprint_ignores_line_numbers_and_indentation() {
        let a = "客服：喂，什么事？\n";
        let b = "# 标题\n\n  客服：喂，什么事？\r\n";
        let fa = fingerprint(
            "greeting/missing",
            a,
            Span::new(0, a.find('\n').unwrap_or(0)),
        );
        let start = b.find('客').unwrap_or(0);
        let end = b.find('\r').unwrap_or(0);
        let fb = fingerprint("greeting/missing", b, Span::new(start, end));
        assert_eq!(fa, fb);
        assert_eq!(fa.len(), 16);
    }

    #[test]
    fn fingerprint_depends_on_rule_and_text() {
        let t = "客服：喂，什么事？\n客服：喂，干嘛？\n";
        let s1 = Span::new(0, 3);
        let second = t.find("客服：喂，干").unwrap_or(0);
        let s2 = Span::new(second, second + 3);
        assert_ne!(fingerprint("a/b", t, s1), fingerprint("a/c", t, s1));
        assert_ne!(fingerprint("a/b", t, s1), fingerprint("a/b", t, s2));
    }

    #[test]
    fn normalises_paths() {
        assert_eq!(normalise_path("./docs\\a.md"), "docs/a.md");
        assert_eq!(normalise_path("././a.md"), "a.md");
    }

    #[test]
    fn bad_json_is_an_error_pointing_into_the_file() {
        let err = Baseline::parse("b.json", "{\"version\": 1, \"entries\": [}").expect_err("bad");
        assert!(format!("{err:?}").contains("invalid baseline"));
        let err = Baseline::parse("b.json", "{\"version\": 9, \"entries\": []}").expect_err("ver");
        assert!(err.to_string().contains("version 9"));
    }

    #[test]
    fn offsets_of_lines_and_columns() {
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
        assert_eq!(offset_of("ab", 5, 1), 2);
    }
}
