//! `json`: version 1 of the machine-readable output (SPEC §6, stable).

use super::{Needs, Reporter, Style, Summary};
use crate::finding::FileReport;
use crate::ruleset::doc::RuleInfo;
use serde::Serialize;
use std::io::Write;

/// The JSON reporter: one document, with the run's summary inside it.
pub struct Json;

impl Reporter for Json {
    const NEEDS: Needs = Needs {
        streams: false,
        text: false,
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
struct Output<'a> {
    version: u32,
    files: Files<'a>,
    summary: Summary,
}

/// The files, each built as it is written: the output is never held whole.
struct Files<'a>(&'a [FileReport]);

impl Serialize for Files<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(file_out))
    }
}

/// A file's findings, each built as it is written.
struct Diagnostics<'a>(&'a [crate::finding::Finding]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(diagnostic_out))
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    kind: Option<&'static str>,
    lang: Option<&'static str>,
    encoding: Option<&'static str>,
    score: Option<u32>,
    scores: Option<crate::score::Scores>,
    service_type: Option<&'static str>,
    coverage: Vec<CoverageOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    diagnostics: Diagnostics<'a>,
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    rule: &'a str,
    level: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    suggestion: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    offset: usize,
    length: usize,
    related: Vec<RelatedOut<'a>>,
    /// Where in a file that is not plain text (SPEC §6.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a crate::input::Location>,
}

#[derive(Serialize)]
struct CoverageOut {
    id: String,
    name: String,
    dimension: &'static str,
    status: &'static str,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

fn file_out(r: &FileReport) -> FileOut<'_> {
    let assessment = crate::score::assess(r);
    FileOut {
        path: &r.path,
        kind: r.kind.map(|k| k.as_str()),
        lang: r.lang.map(|l| l.as_str()),
        encoding: r.encoding,
        score: (r.error.is_none() && !r.skipped).then(|| r.score()),
        scores: assessment.as_ref().map(|a| a.scores),
        service_type: assessment.as_ref().map(|a| a.service_type.as_str()),
        coverage: crate::score::coverage(r)
            .into_iter()
            .map(|c| CoverageOut {
                id: c.id,
                name: c.name,
                dimension: c.dimension.as_str(),
                status: c.status.as_str(),
            })
            .collect(),
        error: r.error.as_deref(),
        diagnostics: Diagnostics(&r.findings),
    }
}

fn diagnostic_out(f: &crate::finding::Finding) -> DiagnosticOut<'_> {
    let (start, end) = (f.start, f.end);
    DiagnosticOut {
        rule: &f.rule,
        level: f.level.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        suggestion: f.suggestion.as_deref(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        offset: f.span.start,
        length: f.span.len(),
        related: f
            .related
            .iter()
            .map(|rel| RelatedOut {
                path: &rel.path,
                line: rel.line,
                column: rel.column,
                message: &rel.message,
            })
            .collect(),
        location: f.location.as_ref(),
    }
}

/// Write the JSON document, each file and finding serialised as it is reached (nothing of the
/// output is held whole).
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
    let output = Output {
        version: 1,
        files: Files(reports),
        summary: Summary::of(reports),
    };
    serde_json::to_writer_pretty(&mut *out, &output).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The writer before files were streamed (every file built, then one serialisation): the reference
/// the streamed output is compared with, byte for byte.
#[cfg(test)]
mod reference {
    use super::*;

    #[derive(Serialize)]
    struct Output<'a> {
        version: u32,
        files: Vec<FileOut<'a>>,
        summary: Summary,
    }

    #[derive(Serialize)]
    struct FileOut<'a> {
        path: &'a str,
        kind: Option<&'static str>,
        lang: Option<&'static str>,
        encoding: Option<&'static str>,
        score: Option<u32>,
        scores: Option<crate::score::Scores>,
        service_type: Option<&'static str>,
        coverage: Vec<CoverageOut>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a str>,
        diagnostics: Vec<DiagnosticOut<'a>>,
    }

    /// The JSON document as it was written before files were streamed.
    pub(super) fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
        let files = reports
            .iter()
            .map(|r| {
                let assessment = crate::score::assess(r);
                FileOut {
                path: &r.path,
                kind: r.kind.map(|k| k.as_str()),
                lang: r.lang.map(|l| l.as_str()),
                encoding: r.encoding,
                score: (r.error.is_none() && !r.skipped).then(|| r.score()),
                scores: assessment.as_ref().map(|a| a.scores),
                service_type: assessment.as_ref().map(|a| a.service_type.as_str()),
                coverage: crate::score::coverage(r)
                    .into_iter()
                    .map(|c| CoverageOut {
                        id: c.id,
                        name: c.name,
                        dimension: c.dimension.as_str(),
                        status: c.status.as_str(),
                    })
                    .collect(),
                error: r.error.as_deref(),
                diagnostics: r
                    .findings
                    .iter()
                    .map(|f| {
                        let (start, end) = (f.start, f.end);
                        DiagnosticOut {
                            rule: &f.rule,
                            level: f.level.as_str(),
                            message: &f.message,
                            help: f.help.as_deref(),
                            suggestion: f.suggestion.as_deref(),
                            line: start.line,
                            column: start.column,
                            end_line: end.line,
                            end_column: end.column,
                            offset: f.span.start,
                            length: f.span.len(),
                            related: f
                                .related
                                .iter()
                                .map(|rel| RelatedOut {
                                    path: &rel.path,
                                    line: rel.line,
                                    column: rel.column,
                                    message: &rel.message,
                                })
                                .collect(),
                            location: f.location.as_ref(),
                        }
                    })
                    .collect(),
                }
            })
            .collect();
        let output = Output {
            version: 1,
            files,
            summary: Summary::of(reports),
        };
        serde_json::to_writer_pretty(&mut *out, &output).map_err(std::io::Error::other)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn streamed_output_is_the_reference_output_byte_for_byte() {
        let (reports, _) = crate::report::samples::run();
        let mut streamed = Vec::new();
        super::write(&reports, &mut streamed).expect("write");
        let mut reference = Vec::new();
        super::reference::write(&reports, &mut reference).expect("write");
        assert!(streamed == reference, "{}", String::from_utf8_lossy(&streamed));
        let mut empty = Vec::new();
        super::write(&[], &mut empty).expect("write");
        let mut reference = Vec::new();
        super::reference::write(&[], &mut reference).expect("write");
        assert_eq!(String::from_utf8_lossy(&empty), String::from_utf8_lossy(&reference));
    }
}
