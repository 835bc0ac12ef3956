//! Findings: plain data produced by checks and the engine, drawn by reporters.

use crate::source::Position;
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
