//! Reporters: one file per output format, all drawing the same findings; they write, never print.

pub mod concise;
pub mod json;
pub mod pretty;

use crate::finding::Level;
use crate::lint::FileReport;
use crate::source::{LineIndex, Position};
use crate::span::Span;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette graphical report (default on a terminal).
    Pretty,
    /// `path:line:col: level[rule] message` (default when piped).
    Concise,
    /// JSON, version 1.
    Json,
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

/// Line/column lookups for one file's findings.
pub struct Located<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Located<'a> {
    /// Index a report's text.
    pub fn new(text: &'a str) -> Self {
        Located {
            text,
            index: LineIndex::new(text),
        }
    }

    /// Start and end positions (1-based; columns in Unicode scalar values).
    pub fn range(&self, span: Span) -> (Position, Position) {
        self.index.range(self.text, span)
    }
}

/// Options every reporter may use.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Leave out the summary.
    pub quiet: bool,
}

/// Render all reports in a format.
pub fn write(
    format: Format,
    reports: &[FileReport],
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Pretty => pretty::write(reports, style, out),
        Format::Concise => concise::write(reports, style, out),
        Format::Json => json::write(reports, out),
    }
}
