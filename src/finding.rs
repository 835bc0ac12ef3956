//! Findings: plain data produced by checks and the engine, drawn by reporters.

use crate::model::{Kind, Lang};
use crate::span::Position;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Off,
    /// Worth knowing; no score deduction.
    Info,
    /// Should be fixed; 4 points off the score.
    Warning,
    /// Breaks the standard; 10 points off the score; exit code 1.
    Error,
}

impl Level {
    /// The name used in output and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parse a level name.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "off" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" | "warn" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

/// A secondary span in the same document, with its own label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What the place is.
    pub message: String,
}

/// A place in another (or the same) file that explains a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Related {
    /// Path as given on the command line.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
    /// What the place is.
    pub message: String,
}

/// One finding in one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Rule id, e.g. `phrasing/negative`.
    pub rule: String,
    /// Effective level.
    pub level: Level,
    /// The exact text the finding is about.
    pub span: Span,
    /// One line saying what is wrong.
    pub message: String,
    /// The better practice.
    pub help: Option<String>,
    /// Replacement text, where one exists.
    pub suggestion: Option<String>,
    /// Further labelled spans in the same document.
    pub labels: Vec<Label>,
    /// Places in other documents.
    pub related: Vec<Related>,
    /// 1-based line and column (Unicode scalars) where the span starts, filled in once the file is
    /// linted, so reporters need not keep the text.
    #[serde(skip)]
    pub start: Position,
    /// Where the span ends.
    #[serde(skip)]
    pub end: Position,
    /// For a file that is not plain text (.docx, .xlsx, …), the place in it where the span
    /// starts (SPEC §6.1 `location`), filled in with the positions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// The service-standards score of a document: 100 minus 10 per error and 4 per warning, at least 0.
pub fn score(findings: &[Finding]) -> u32 {
    let deduction: u32 = findings
        .iter()
        .map(|f| match f.level {
            Level::Error => 10,
            Level::Warning => 4,
            Level::Info | Level::Off => 0,
        })
        .sum();
    100u32.saturating_sub(deduction)
}

/// The result for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as given (or as walked from a given folder).
    pub path: String,
    /// Script or SOP (None when skipped or unreadable).
    pub kind: Option<Kind>,
    /// Main language.
    pub lang: Option<Lang>,
    /// The encoding it was decoded from.
    pub encoding: Option<&'static str>,
    /// The decoded text (empty when skipped).
    pub text: String,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// Whether the file was skipped (binary, too large).
    pub skipped: bool,
    /// Why the file could not be read at all (exit code 2).
    pub error: Option<String>,
    /// Small facts kept for cross-document checks (time standards per moment).
    pub facts: Vec<crate::check::TimeFact>,
    /// The service standards the document was judged on, for its scores, type and coverage
    /// matrix ([`crate::score`]).
    pub standards: Standards,
}

impl FileReport {
    /// The service-standards score.
    pub fn score(&self) -> u32 {
        score(&self.findings)
    }

    /// Count of findings at a level.
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// A report for a path that could not be read.
    pub fn unreadable(path: &str, reason: String) -> FileReport {
        FileReport {
            path: path.to_string(),
            kind: None,
            lang: None,
            encoding: None,
            text: String::new(),
            findings: Vec::new(),
            skipped: false,
            error: Some(reason),
            facts: Vec::new(),
            standards: Standards::default(),
        }
    }
}

/// Which characteristic of quality service a rule's standard belongs to (seed 000): the
/// methods and procedures, or the attitude, behaviour and language of the person serving.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// 程序特性: timeliness, flow, time standards, complete procedures.
    Procedural,
    /// 个人特性: greeting, offer, thanks, apology, positive language.
    Personal,
}

impl Dimension {
    /// The name used in output and rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Procedural => "procedural",
            Dimension::Personal => "personal",
        }
    }
}

/// One service standard (or a named part of one: a complaint step, a moment) as the engine
/// judged it on a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Standard {
    /// `rule` or `rule#part` (`apology/incomplete#listen`, `time/missing#reception`).
    pub id: String,
    /// The rule that stands for it.
    pub rule: String,
    /// Its name in Chinese.
    pub zh: String,
    /// Its name in English.
    pub en: String,
    /// Which side it counts for.
    pub dimension: Dimension,
    /// Whether the rule finds faults (deducted) rather than a missing standard (counted).
    pub fault: bool,
    /// The check's judgement.
    pub judged: crate::check::Judged,
}

/// What [`crate::score`] needs of a linted document besides its findings.
#[derive(Clone, Debug, Default)]
pub struct Standards {
    /// The standards of every rule with a dimension, in rule order.
    pub list: Vec<Standard>,
    /// Dimension and whether faults, of every rule with a dimension that ran (findings added by
    /// cross-document checks later are scored from this too).
    pub rules: Vec<(String, Dimension, bool)>,
    /// The score both sides must reach for 优质型 (`[scores] quality`); 0 when not linted.
    pub threshold: u32,
    /// The language of the document's messages.
    pub ui: Option<Lang>,
}

/// Totals over a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files reported (linted, skipped or unreadable).
    pub files: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
    /// Files skipped (binary, too large).
    pub skipped: usize,
}

impl Summary {
    /// Add up the reports.
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for r in reports {
            s.errors += r.count(Level::Error);
            s.warnings += r.count(Level::Warning);
            s.infos += r.count(Level::Info);
            s.skipped += usize::from(r.skipped);
        }
        s
    }
}

/// A path as CI tools and baselines show it: forward slashes, no leading `./`.
pub fn normalise_path(path: &str) -> String {
    let mut p = path.replace('\\', "/");
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bit.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(hash, |h, b| (h ^ u64::from(*b)).wrapping_mul(FNV_PRIME))
}

/// 16 hex digits of FNV-1a over the parts, each ended by a NUL byte: an id for what has no
/// finding to fingerprint (GitLab's issue for an unreadable file).
pub fn hash_parts(parts: &[&str]) -> String {
    let h = parts
        .iter()
        .fold(FNV_OFFSET, |h, part| fnv1a(fnv1a(h, part.as_bytes()), &[0]));
    format!("{h:016x}")
}

/// Collapse every run of white space into one space and trim the ends.
fn collapse_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of a finding of `rule` at `span` in `text`, shared by baselines and SARIF's
/// `partialFingerprints`: 16 hex digits of FNV-1a (64 bit, stable across Rust versions and
/// platforms) over the rule id, the matched text and the trimmed text of the line it starts on, with
/// runs of white space collapsed. Line numbers are left out on purpose, so a finding that moves when
/// lines are added above it keeps its fingerprint.
pub fn fingerprint(rule: &str, text: &str, span: Span) -> String {
    let index = crate::span::LineIndex::new(text);
    fingerprint_with(&index, rule, text, span)
}

/// [`fingerprint`] with a line index already built for `text`.
pub fn fingerprint_with(
    index: &crate::span::LineIndex,
    rule: &str,
    text: &str,
    span: Span,
) -> String {
    let matched = text.get(span.start..span.end).unwrap_or("");
    let line = index.position(text, span.start).line;
    let line_text = index
        .line_span(text, line)
        .and_then(|s| text.get(s.start..s.end))
        .unwrap_or("");
    let mut h = fnv1a(FNV_OFFSET, rule.as_bytes());
    h = fnv1a(h, &[0]);
    h = fnv1a(h, collapse_space(matched).as_bytes());
    h = fnv1a(h, &[0]);
    h = fnv1a(h, collapse_space(line_text).as_bytes());
    format!("{h:016x}")
}

/// The fingerprints of every finding of `report`, in order: what SARIF (`primaryLocationLineHash`),
/// GitLab Code Quality and baselines (version 2) share. 16 hex digits of FNV-1a (64 bit) over the
/// rule id, the path ([`normalise_path`]), the matched text, the trimmed text of the line it starts
/// on (white space collapsed), and its occurrence among the findings of the file that share all
/// four (0, 1, …, by position). Line numbers are left out, so a finding that moves when lines are
/// added above it keeps its fingerprint; two findings on equal lines, in one file or in two, get
/// different ones.
pub fn fingerprints(report: &FileReport) -> Vec<String> {
    let text = &report.text;
    let index = crate::span::LineIndex::new(text);
    let path = normalise_path(&report.path);
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    report
        .findings
        .iter()
        .map(|f| {
            let matched = text.get(f.span.start..f.span.end).unwrap_or("");
            let line = index.position(text, f.span.start).line;
            let line_text = index
                .line_span(text, line)
                .and_then(|s| text.get(s.start..s.end))
                .unwrap_or("");
            let mut h = fnv1a(FNV_OFFSET, b"v2");
            for part in [
                f.rule.as_str(),
                path.as_str(),
                &collapse_space(matched),
                &collapse_space(line_text),
            ] {
                h = fnv1a(h, &[0]);
                h = fnv1a(h, part.as_bytes());
            }
            let n = seen.entry(h).or_default();
            let occurrence = *n;
            *n += 1;
            h = fnv1a(h, &[0]);
            h = fnv1a(h, &occurrence.to_le_bytes());
            format!("{h:016x}")
        })
        .collect()
}

#[cfg(test)]
mod fingerprint_tests {
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

    fn report(path: &str, text: &str, spans: &[(usize, usize)]) -> FileReport {
        let mut r = FileReport::unreadable(path, String::new());
        r.error = None;
        r.text = text.to_string();
        r.findings = spans
            .iter()
            .map(|&(start, end)| Finding {
                rule: "phrasing/negative".into(),
                level: Level::Warning,
                span: Span::new(start, end),
                message: String::new(),
                help: None,
                suggestion: None,
                labels: Vec::new(),
                related: Vec::new(),
                start: Position::default(),
                end: Position::default(),
                location: None,
            })
            .collect();
        r
    }

    fn spans_of(text: &str, needle: &str) -> Vec<(usize, usize)> {
        text.match_indices(needle)
            .map(|(i, m)| (i, i + m.len()))
            .collect()
    }

    #[test]
    fn shared_fingerprints_tell_repeated_lines_and_files_apart_and_survive_moves() {
        let text = "客服：不知道。\n客服：不知道。\n";
        let a = fingerprints(&report("a.md", text, &spans_of(text, "不知道")));
        assert_eq!(a.len(), 2);
        assert_ne!(a[0], a[1], "repeated lines");
        let b = fingerprints(&report("./b.md", text, &spans_of(text, "不知道")));
        assert_ne!(a[0], b[0], "two files");
        let moved = "# 标题\n\n  客服：不知道。\n\n客服：不知道。\r\n";
        let m = fingerprints(&report("a.md", moved, &spans_of(moved, "不知道")));
        assert_eq!(a, m, "lines moved and re-indented");
        let c = fingerprints(&report(
            "a.md",
            "客服：不知道。\n",
            &spans_of(text, "不知道")[..1],
        ));
        assert_eq!(c[0], a[0], "the first occurrence keeps its value");
        assert_eq!(a[0].len(), 16);
    }

    #[test]
    fn normalises_paths() {
        assert_eq!(normalise_path("./docs\\a.md"), "docs/a.md");
        assert_eq!(normalise_path("././a.md"), "a.md");
    }
}

/// A place in a file that is not plain text, shown with findings (SPEC §6.1 `location`): only
/// the fields that apply are set, and JSON shows only those.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// Spreadsheet sheet name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Slide number (1-based), .pptx.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<u32>,
    /// Shape number on the slide (1-based, reading order), .pptx.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<u32>,
    /// Paragraph number (1-based): of the document body (.docx) or of the shape (.pptx).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Row number (1-based), .csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    /// Cell reference such as `C14`, spreadsheets and .csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Message number (1-based), chat exports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<u32>,
}

impl std::fmt::Display for Location {
    /// As shown after the path: `¶12`, `售后话术!C14`, `slide3/shape2/¶1`, `message7`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => parts.push(format!("{sheet}!{cell}")),
            (Some(sheet), None) => parts.push(sheet.clone()),
            (None, Some(cell)) => parts.push(cell.clone()),
            (None, None) => {
                if let Some(row) = self.row {
                    parts.push(format!("row{row}"));
                }
            }
        }
        if let Some(slide) = self.slide {
            parts.push(format!("slide{slide}"));
        }
        if let Some(shape) = self.shape {
            parts.push(format!("shape{shape}"));
        }
        if let Some(p) = self.paragraph {
            parts.push(format!("¶{p}"));
        }
        if let Some(m) = self.message {
            parts.push(format!("message{m}"));
        }
        write!(f, "{}", parts.join("/"))
    }
}
