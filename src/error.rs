//! Operational failures: bad config, bad rule files, unreadable paths. Findings are not errors.

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// A problem in a TOML file (config or rule), pointing into it.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(servicelint::invalid_file))]
pub struct FileError {
    /// What is wrong.
    pub message: String,
    /// The file.
    #[source_code]
    pub source_code: NamedSource<String>,
    /// Where.
    #[label("{label}")]
    pub span: SourceSpan,
    /// The label text at the span.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

impl FileError {
    /// A new error at `span` of `text` in file `name`.
    pub fn new(
        name: &str,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = span.start.min(text.len());
        let end = span.end.clamp(start, text.len());
        FileError {
            message: message.into(),
            source_code: NamedSource::new(name, text.to_string()),
            span: (start, end - start).into(),
            label: "here".into(),
            help: None,
        }
    }

    /// With a label text.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// With a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Every problem found while loading a rule pack, reported at once.
#[derive(Debug, Error, Diagnostic)]
#[error("{count} problem(s) in rule files")]
#[diagnostic(code(servicelint::rules))]
pub struct RuleErrors {
    /// How many.
    pub count: usize,
    /// Each problem.
    #[related]
    pub errors: Vec<FileError>,
}

/// An operational failure of a run.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    /// A config or rule file problem.
    #[error(transparent)]
    #[diagnostic(transparent)]
    File(#[from] FileError),
    /// Rule-pack problems.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Rules(#[from] RuleErrors),
    /// A path that cannot be read.
    #[error("cannot read {path}: {reason}")]
    #[diagnostic(code(servicelint::io))]
    Io {
        /// The path.
        path: String,
        /// Why.
        reason: String,
    },
    /// Anything else the user asked for that cannot be done.
    #[error("{0}")]
    #[diagnostic(code(servicelint::usage))]
    Usage(String),
}
