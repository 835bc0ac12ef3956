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
        }
    }
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
