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

/// Write the JSON document.
pub fn write(reports: &[FileReport], out: &mut dyn Write) -> std::io::Result<()> {
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
