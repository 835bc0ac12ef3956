//! `sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, one run per invocation.
//!
//! Valid against the OASIS `sarif-schema-2.1.0.json` (kept in `tests/schemas/`). Columns count
//! UTF-16 code units (`columnKind: "utf16CodeUnits"`, SARIF's default and what GitHub expects; the
//! JSON format keeps code points); `partialFingerprints.primaryLocationLineHash` is the shared
//! fingerprint ([`crate::finding::fingerprints`]); related locations are linked from the message
//! (`[the other standard](1)`), the only way GitHub shows them; at most [`MAX_RESULTS`] results
//! (GitHub's limit), errors first, with a notification saying how many were left out.

use super::{Needs, Reporter, Style, ci_path};
use crate::finding::{FileReport, fingerprint_with, fingerprints};
use crate::finding::{Finding, Level};
use crate::ruleset::doc::{self, RuleInfo};
use crate::span::LineIndex;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// The SARIF 2.1.0 schema the output follows.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key of the shared fingerprint (rule, path, matched text, its line,
/// occurrence), also given as `primaryLocationLineHash`.
pub const FINGERPRINT_KEY: &str = "servicelint/v2";

/// The `partialFingerprints` key of the version-1 fingerprint (rule, matched text, its line), kept
/// so alerts tracked by it before stay tracked.
pub const FINGERPRINT_V1_KEY: &str = "servicelint/v1";

/// The key GitHub code scanning tracks results by.
pub const LINE_HASH_KEY: &str = "primaryLocationLineHash";

/// Results in one run at most: GitHub code scanning's limit.
pub const MAX_RESULTS: usize = 25_000;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: Vec<Invocation>,
    column_kind: &'static str,
    results: Results<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
    enabled: bool,
}

#[derive(Serialize)]
struct Properties {
    tags: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    /// The place in a file that is not plain text (`¶12`, `售后话术!C14`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// The SARIF reporter: one log whose rule table and fingerprints need the rules and the text.
pub struct Sarif;

impl Reporter for Sarif {
    const NEEDS: Needs = Needs {
        streams: false,
        text: true,
        rules: true,
    };

    fn write(
        reports: &[FileReport],
        rules: &[RuleInfo],
        _style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(reports, rules, out)
    }
}

/// The SARIF level of a finding level.
pub fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
        Level::Off => "none",
    }
}

/// A path as a SARIF URI reference: forward slashes, percent-encoded where a URI needs it;
/// absolute paths become `file://` URIs.
pub fn uri(path: &str) -> String {
    let p = ci_path(path);
    let (prefix, rest) = if p.starts_with('/') {
        ("file://", p.as_str())
    } else if p.as_bytes().get(1) == Some(&b':')
        && p.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
    {
        ("file:///", p.as_str())
    } else {
        ("", p.as_str())
    };
    let mut out = String::from(prefix);
    for b in rest.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            )
            || (b == b':' && !prefix.is_empty());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The UTF-16 column of a 1-based line and code-point column in `text` (unchanged where the
/// line is not in the text).
fn utf16_column(index: &LineIndex, text: &str, line: usize, column: usize) -> usize {
    let Some(span) = index.line_span(text, line) else {
        return column;
    };
    let line_text = text.get(span.start..span.end).unwrap_or("");
    let before: usize = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    // A column past the line's end (the end of a span that takes the line break) keeps its excess.
    let chars = line_text.chars().count();
    before + column.saturating_sub(chars + 1) + 1
}

fn region(index: &LineIndex, text: &str, f: &Finding) -> Region {
    let (start, end) = (f.start, f.end);
    Region {
        start_line: start.line,
        start_column: utf16_column(index, text, start.line, start.column),
        end_line: Some(end.line),
        end_column: Some(utf16_column(index, text, end.line, end.column)),
    }
}

/// Escape literal brackets for a SARIF plain-text message, where `[text](id)` is a link.
fn escape_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The message of a finding: its text, and a link to each related location by id.
fn message(f: &Finding) -> String {
    let mut text = escape_message(&f.message);
    if !f.related.is_empty() {
        let links: Vec<String> = f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| format!("[{}]({})", escape_message(&rel.message), i + 1))
            .collect();
        text.push_str(&format!(" (see {})", links.join(", ")));
    }
    text
}

/// The descriptors of the run's rule table.
fn descriptors(rules: &[RuleInfo]) -> Vec<ReportingDescriptor<'_>> {
    rules
        .iter()
        .map(|r| ReportingDescriptor {
            id: &r.id,
            name: r
                .id
                .split(['/', '-'])
                .map(|w| {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect::<String>())
                        .unwrap_or_default()
                })
                .collect(),
            short_description: Text {
                text: r.summary.clone(),
            },
            full_description: Text {
                text: if r.help.is_empty() {
                    r.summary.clone()
                } else {
                    r.help.clone()
                },
            },
            help: Help {
                text: doc::help_text(r),
                markdown: doc::help_markdown(r),
            },
            default_configuration: Configuration {
                level: level(r.level),
                enabled: r.enabled,
            },
            properties: Properties {
                tags: vec![
                    r.id.split('/').next().unwrap_or(&r.id).to_string(),
                    "service-standards".to_string(),
                ],
            },
        })
        .collect()
}

/// Whether `text` has a character outside the Basic Multilingual Plane (two UTF-16 code units):
/// without one, a code-point column is its UTF-16 column.
fn has_wide(text: &str) -> bool {
    text.as_bytes().iter().any(|&b| b >= 0xF0)
}

/// The rank of a level in the cap's order: errors, warnings, notes, the rest.
fn rank(level: Level) -> usize {
    match level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Info => 2,
        Level::Off => 3,
    }
}

/// Which results a capped run keeps: every result of a rank below `rank`, and the first `take`
/// (in the run's order) of rank `rank`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Keep {
    rank: usize,
    take: usize,
}

/// What keeping the `limit` most severe results keeps, for `counts` results of each rank; `None`
/// when every result is kept.
fn keep(counts: [usize; 4], limit: usize) -> Option<Keep> {
    let mut left = limit;
    for (rank, &n) in counts.iter().enumerate() {
        if n > left {
            return Some(Keep { rank, take: left });
        }
        left -= n;
    }
    None
}

/// The run's results, each built as it is written (two passes over the reports: the counts for the
/// cap were taken before), so memory does not grow with the number of findings.
struct Results<'a> {
    reports: &'a [FileReport],
    /// Per report: has a character that takes two UTF-16 code units.
    wide: &'a [bool],
    positions: &'a HashMap<&'a str, usize>,
    /// Texts of this run's files by path, with a line index where columns need converting.
    texts: &'a HashMap<&'a str, (&'a str, Option<LineIndex>)>,
    keep: Option<Keep>,
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(None)?;
        let mut taken = 0;
        for (report, &wide) in self.reports.iter().zip(self.wide) {
            if report.error.is_some() {
                continue;
            }
            let file_uri = uri(&report.path);
            let index = LineIndex::new(&report.text);
            let shared = fingerprints(report);
            for (f, shared) in report.findings.iter().zip(shared) {
                if let Some(keep) = self.keep {
                    let r = rank(f.level);
                    if r > keep.rank || (r == keep.rank && taken == keep.take) {
                        continue;
                    }
                    if r == keep.rank {
                        taken += 1;
                    }
                }
                let result = self.result(report, &file_uri, &index, wide, f, shared);
                seq.serialize_element(&result)?;
            }
        }
        seq.end()
    }
}

impl<'a> Results<'a> {
    fn result(
        &self,
        report: &'a FileReport,
        file_uri: &str,
        index: &LineIndex,
        wide: bool,
        f: &'a Finding,
        shared: String,
    ) -> SarifResult<'a> {
        let region = if wide {
            region(index, &report.text, f)
        } else {
            Region {
                start_line: f.start.line,
                start_column: f.start.column,
                end_line: Some(f.end.line),
                end_column: Some(f.end.column),
            }
        };
        let mut fingerprints = BTreeMap::new();
        fingerprints.insert(
            FINGERPRINT_V1_KEY,
            fingerprint_with(index, &f.rule, &report.text, f.span),
        );
        fingerprints.insert(LINE_HASH_KEY, shared.clone());
        fingerprints.insert(FINGERPRINT_KEY, shared);
        let related_locations = f
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let (line, column) = (rel.line.max(1), rel.column.max(1));
                let start_column = match self.texts.get(rel.path.as_str()) {
                    Some((text, Some(index))) => utf16_column(index, text, line, column),
                    _ => column,
                };
                Location {
                    id: Some(i + 1),
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(&rel.path),
                        },
                        region: Some(Region {
                            start_line: line,
                            start_column,
                            end_line: None,
                            end_column: None,
                        }),
                    },
                    logical_locations: Vec::new(),
                    message: Some(Text {
                        text: rel.message.clone(),
                    }),
                }
            })
            .collect();
        let fixes = f
            .suggestion
            .iter()
            .map(|s| Fix {
                description: Text {
                    text: format!("Replace with \"{s}\""),
                },
                artifact_changes: vec![ArtifactChange {
                    artifact_location: ArtifactLocation {
                        uri: file_uri.to_string(),
                    },
                    replacements: vec![Replacement {
                        deleted_region: region,
                        inserted_content: Text { text: s.clone() },
                    }],
                }],
            })
            .collect();
        SarifResult {
            rule_id: &f.rule,
            rule_index: self.positions.get(f.rule.as_str()).copied(),
            level: level(f.level),
            message: Text { text: message(f) },
            locations: vec![Location {
                id: None,
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: file_uri.to_string(),
                    },
                    region: Some(region),
                },
                logical_locations: f
                    .location
                    .iter()
                    .map(|l| LogicalLocation {
                        name: l.to_string(),
                        fully_qualified_name: format!("{}:{l}", report.path),
                        kind: "element",
                    })
                    .collect(),
                message: None,
            }],
            related_locations,
            partial_fingerprints: fingerprints,
            fixes,
        }
    }
}

/// Write one SARIF log with one run holding every finding of every report (at most
/// [`MAX_RESULTS`]). Two passes over the reports: the first gathers what comes before the results
/// (unreadable files, the counts for the cap), the second writes each result as it is built.
pub fn write(
    reports: &[FileReport],
    rules: &[RuleInfo],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_capped(reports, rules, MAX_RESULTS, out)
}

/// [`write`] with at most `limit` results.
fn write_capped(
    reports: &[FileReport],
    rules: &[RuleInfo],
    limit: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let positions: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut notifications = Vec::new();
    let mut counts = [0usize; 4];
    let wide: Vec<bool> = reports
        .iter()
        .map(|r| r.error.is_none() && has_wide(&r.text))
        .collect();
    for report in reports {
        if let Some(error) = &report.error {
            notifications.push(Notification {
                level: "error",
                message: Text {
                    text: format!("cannot read {}: {error}", report.path),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(&report.path),
                        },
                        region: None,
                    },
                    logical_locations: Vec::new(),
                    message: None,
                }],
            });
            continue;
        }
        for f in &report.findings {
            counts[rank(f.level)] += 1;
        }
    }
    // Related places in files of this run get UTF-16 columns from their text (the same column
    // unless the text has a character outside the BMP).
    let texts: HashMap<&str, (&str, Option<LineIndex>)> = reports
        .iter()
        .zip(&wide)
        .filter(|(r, _)| r.error.is_none() && !r.text.is_empty())
        .map(|(r, &wide)| {
            let index = wide.then(|| LineIndex::new(&r.text));
            (r.path.as_str(), (r.text.as_str(), index))
        })
        .collect();
    let successful = notifications.is_empty();
    let total: usize = counts.iter().sum();
    let keep = keep(counts, limit);
    if keep.is_some() {
        notifications.push(cap_notification(total, limit));
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "servicelint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: descriptors(rules),
                },
            },
            invocations: vec![Invocation {
                execution_successful: successful,
                tool_execution_notifications: notifications,
            }],
            column_kind: "utf16CodeUnits",
            results: Results {
                reports,
                wide: &wide,
                positions: &positions,
                texts: &texts,
                keep,
            },
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The notification of a capped run: how many results were left out.
fn cap_notification(total: usize, limit: usize) -> Notification {
    Notification {
        level: "warning",
        message: Text {
            text: format!(
                "{total} results, more than GitHub code scanning's limit of {limit}: the {} least severe were left out (use --format json for all of them)",
                total - limit
            ),
        },
        locations: Vec::new(),
    }
}

/// The writer before results were streamed (a vector of every result, then one serialisation):
/// the reference the streamed output is compared with, byte for byte.
#[cfg(test)]
mod reference {
    use super::*;

    /// A run as the reference writes it: its results held in a vector.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Run<'a> {
        tool: Tool<'a>,
        invocations: Vec<Invocation>,
        column_kind: &'static str,
        results: Vec<SarifResult<'a>>,
    }

    #[derive(Serialize)]
    struct Log<'a> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: Vec<Run<'a>>,
    }

/// Write one SARIF log with one run holding every finding of every report.
pub(super) fn write(
    reports: &[FileReport],
    rules: &[RuleInfo],
    limit: usize,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let positions: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let descriptors = rules
        .iter()
        .map(|r| {
            ReportingDescriptor {
                id: &r.id,
                name: r
                    .id
                    .split(['/', '-'])
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect::<String>())
                            .unwrap_or_default()
                    })
                    .collect(),
                short_description: Text {
                    text: r.summary.clone(),
                },
                full_description: Text {
                    text: if r.help.is_empty() {
                        r.summary.clone()
                    } else {
                        r.help.clone()
                    },
                },
                help: Help {
                    text: doc::help_text(r),
                    markdown: doc::help_markdown(r),
                },
                default_configuration: Configuration {
                    level: level(r.level),
                    enabled: r.enabled,
                },
                properties: Properties {
                    tags: vec![
                        r.id.split('/').next().unwrap_or(&r.id).to_string(),
                        "service-standards".to_string(),
                    ],
                },
            }
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    // Related places in files of this run get UTF-16 columns from their text.
    let texts: HashMap<&str, (LineIndex, &str)> = reports
        .iter()
        .filter(|r| r.error.is_none() && !r.text.is_empty())
        .map(|r| (r.path.as_str(), (LineIndex::new(&r.text), r.text.as_str())))
        .collect();
    for report in reports {
        let file_uri = uri(&report.path);
        if let Some(error) = &report.error {
            notifications.push(Notification {
                level: "error",
                message: Text {
                    text: format!("cannot read {}: {error}", report.path),
                },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: file_uri.clone(),
                        },
                        region: None,
                    },
                    logical_locations: Vec::new(),
                    message: None,
                }],
            });
            continue;
        }
        let index = LineIndex::new(&report.text);
        let shared = fingerprints(report);
        for (f, shared) in report.findings.iter().zip(shared) {
            let region = region(&index, &report.text, f);
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert(
                FINGERPRINT_V1_KEY,
                fingerprint_with(&index, &f.rule, &report.text, f.span),
            );
            fingerprints.insert(LINE_HASH_KEY, shared.clone());
            fingerprints.insert(FINGERPRINT_KEY, shared);
            let related_locations = f
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| Location {
                    id: Some(i + 1),
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri(&rel.path),
                        },
                        region: Some(Region {
                            start_line: rel.line.max(1),
                            start_column: texts.get(rel.path.as_str()).map_or(
                                rel.column.max(1),
                                |(index, text)| {
                                    utf16_column(index, text, rel.line.max(1), rel.column.max(1))
                                },
                            ),
                            end_line: None,
                            end_column: None,
                        }),
                    },
                    logical_locations: Vec::new(),
                    message: Some(Text {
                        text: rel.message.clone(),
                    }),
                })
                .collect();
            let fixes = f
                .suggestion
                .iter()
                .map(|s| Fix {
                    description: Text {
                        text: format!("Replace with \"{s}\""),
                    },
                    artifact_changes: vec![ArtifactChange {
                        artifact_location: ArtifactLocation {
                            uri: file_uri.clone(),
                        },
                        replacements: vec![Replacement {
                            deleted_region: region,
                            inserted_content: Text { text: s.clone() },
                        }],
                    }],
                })
                .collect();
            results.push(SarifResult {
                rule_id: &f.rule,
                rule_index: positions.get(f.rule.as_str()).copied(),
                level: level(f.level),
                message: Text { text: message(f) },
                locations: vec![Location {
                    id: None,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: file_uri.clone(),
                        },
                        region: Some(region),
                    },
                    logical_locations: f
                        .location
                        .iter()
                        .map(|l| LogicalLocation {
                            name: l.to_string(),
                            fully_qualified_name: format!("{}:{l}", report.path),
                            kind: "element",
                        })
                        .collect(),
                    message: None,
                }],
                related_locations,
                partial_fingerprints: fingerprints,
                fixes,
            });
        }
    }
    let successful = notifications.is_empty();
    let results = cap(results, limit, &mut notifications);
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "servicelint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: descriptors,
                },
            },
            invocations: vec![Invocation {
                execution_successful: successful,
                tool_execution_notifications: notifications,
            }],
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// At most `limit` ([`MAX_RESULTS`]) results: the most severe first (errors, warnings, notes),
/// each level in its order; a notification says how many were left out.
pub(super) fn cap<'a>(
    results: Vec<SarifResult<'a>>,
    limit: usize,
    notifications: &mut Vec<Notification>,
) -> Vec<SarifResult<'a>> {
    if results.len() <= limit {
        return results;
    }
    let rank = |level: &str| match level {
        "error" => 0,
        "warning" => 1,
        "note" => 2,
        _ => 3,
    };
    let total = results.len();
    let mut order: Vec<usize> = (0..total).collect();
    order.sort_by_key(|&i| (rank(results[i].level), i));
    let mut keep = vec![false; total];
    for &i in order.iter().take(limit) {
        keep[i] = true;
    }
    notifications.push(Notification {
        level: "warning",
        message: Text {
            text: format!(
                "{total} results, more than GitHub code scanning's limit of {limit}: the {} least severe were left out (use --format json for all of them)",
                total - limit
            ),
        },
        locations: Vec::new(),
    });
    results
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_use_forward_slashes_and_percent_encoding() {
        assert_eq!(uri("./docs\\a b.md"), "docs/a%20b.md");
        assert_eq!(uri("客服.md"), "%E5%AE%A2%E6%9C%8D.md");
        assert_eq!(uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(uri("C:\\x\\y.md"), "file:///C:/x/y.md");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    fn report_with_related_and_suggestion() -> (FileReport, Vec<RuleInfo>) {
        use crate::finding::Related;
        use crate::span::Span;
        let text = "客服：我不知道。\n顾客：好吧。\n".to_string();
        let start = text.find("不知道").unwrap_or(0);
        let finding = Finding {
            rule: "phrasing/negative".into(),
            level: Level::Warning,
            span: Span::new(start, start + "不知道".len()),
            message: "消极用语".into(),
            help: None,
            suggestion: Some("我帮您确认一下".into()),
            labels: Vec::new(),
            related: vec![Related {
                path: "sops\\phone.md".into(),
                line: 4,
                column: 9,
                message: "the other standard".into(),
            }],
            start: crate::span::Position { line: 1, column: 5 },
            end: crate::span::Position { line: 1, column: 8 },
            location: None,
        };
        let mut report = crate::finding::FileReport::unreadable("./scripts/a.md", String::new());
        report.error = None;
        report.text = text;
        report.findings = vec![finding];
        let rules = vec![RuleInfo {
            id: "phrasing/negative".into(),
            summary: "Negative phrasing".into(),
            help: "Say what you can do".into(),
            rationale: "Positive language.".into(),
            level: Level::Warning,
            enabled: true,
        }];
        (report, rules)
    }

    #[test]
    fn related_places_become_related_locations_and_suggestions_fixes() {
        let (report, rules) = report_with_related_and_suggestion();
        let mut out = Vec::new();
        write(&[report], &rules, &mut out).expect("write");
        let log: serde_json::Value = serde_json::from_slice(&out).expect("json");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(result["level"], "warning");
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "scripts/a.md");
        assert_eq!(loc["region"]["startColumn"], 5);
        assert_eq!(loc["region"]["endColumn"], 8);
        let related = &result["relatedLocations"][0];
        assert_eq!(related["id"], 1);
        assert_eq!(related["message"]["text"], "the other standard");
        assert_eq!(
            related["physicalLocation"]["artifactLocation"]["uri"],
            "sops/phone.md"
        );
        assert_eq!(related["physicalLocation"]["region"]["startLine"], 4);
        assert_eq!(related["physicalLocation"]["region"]["startColumn"], 9);
        let fix = &result["fixes"][0];
        let replacement = &fix["artifactChanges"][0]["replacements"][0];
        assert_eq!(replacement["insertedContent"]["text"], "我帮您确认一下");
        assert_eq!(replacement["deletedRegion"]["startColumn"], 5);
        assert_eq!(replacement["deletedRegion"]["endColumn"], 8);
        let rule = &log["runs"][0]["tool"]["driver"]["rules"][0];
        assert_eq!(rule["name"], "PhrasingNegative");
        assert_eq!(
            rule["help"]["text"],
            "Say what you can do\n\nPositive language."
        );
    }

    #[test]
    fn columns_count_utf16_code_units_past_the_line_end_too() {
        let text = "😀𠀀a不知道\nb";
        let index = LineIndex::new(text);
        // 😀 and 𠀀 are two code units each: code-point column 4 (不) is UTF-16 column 6.
        assert_eq!(utf16_column(&index, text, 1, 4), 6);
        assert_eq!(utf16_column(&index, text, 1, 1), 1);
        // The end of the line, and one past it.
        assert_eq!(utf16_column(&index, text, 1, 7), 9);
        assert_eq!(utf16_column(&index, text, 1, 8), 10);
        assert_eq!(utf16_column(&index, text, 2, 2), 2);
        assert_eq!(utf16_column(&index, text, 9, 3), 3);
    }

    #[test]
    fn related_locations_are_linked_from_the_message_and_brackets_escaped() {
        let (mut report, rules) = report_with_related_and_suggestion();
        report.findings[0].message = "标准不一 [time]".into();
        let mut out = Vec::new();
        write(&[report], &rules, &mut out).expect("write");
        let log: serde_json::Value = serde_json::from_slice(&out).expect("json");
        let result = &log["runs"][0]["results"][0];
        assert_eq!(
            result["message"]["text"],
            "标准不一 \\[time\\] (see [the other standard](1))"
        );
        let prints = &result["partialFingerprints"];
        assert_eq!(prints[LINE_HASH_KEY], prints[FINGERPRINT_KEY]);
        assert_eq!(prints[FINGERPRINT_V1_KEY].as_str().map(str::len), Some(16));
        assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    }

    #[test]
    fn results_are_capped_most_severe_first_with_a_note() {
        let result = |level| SarifResult {
            rule_id: "a/b",
            rule_index: None,
            level,
            message: Text { text: "m".into() },
            locations: Vec::new(),
            related_locations: Vec::new(),
            partial_fingerprints: BTreeMap::new(),
            fixes: Vec::new(),
        };
        let all = vec![
            result("note"),
            result("warning"),
            result("error"),
            result("warning"),
        ];
        let mut notes = Vec::new();
        let kept = reference::cap(all, 3, &mut notes);
        let levels: Vec<&str> = kept.iter().map(|r| r.level).collect();
        assert_eq!(levels, ["warning", "error", "warning"]);
        assert_eq!(notes.len(), 1);
        assert!(notes[0].message.text.starts_with("4 results, more than"));
        assert_eq!(MAX_RESULTS, 25_000);
        let mut notes = Vec::new();
        assert_eq!(reference::cap(vec![result("note")], 3, &mut notes).len(), 1);
        assert!(notes.is_empty());
    }

    #[test]
    fn the_cap_keeps_what_the_reference_keeps() {
        // Every sequence of up to 7 levels, every limit: the kept ranks and counts agree.
        let levels = [Level::Error, Level::Warning, Level::Info, Level::Off];
        for len in 0..=7usize {
            for code in 0..4usize.pow(len as u32) {
                let seq: Vec<Level> = (0..len).map(|i| levels[code / 4usize.pow(i as u32) % 4]).collect();
                for limit in 0..=len + 1 {
                    let mut counts = [0; 4];
                    for &l in &seq {
                        counts[rank(l)] += 1;
                    }
                    let k = keep(counts, limit);
                    let mut taken = 0;
                    let mine: Vec<usize> = (0..len)
                        .filter(|&i| match k {
                            None => true,
                            Some(k) => {
                                let r = rank(seq[i]);
                                if r > k.rank || (r == k.rank && taken == k.take) {
                                    false
                                } else {
                                    taken += usize::from(r == k.rank);
                                    true
                                }
                            }
                        })
                        .collect();
                    let mut order: Vec<usize> = (0..len).collect();
                    order.sort_by_key(|&i| (rank(seq[i]), i));
                    let mut theirs: Vec<usize> = order.into_iter().take(limit).collect();
                    theirs.sort_unstable();
                    assert_eq!(mine, theirs, "{seq:?} limit {limit}");
                    assert_eq!(k.is_some(), len > limit);
                }
            }
        }
    }

    #[test]
    fn streamed_output_is_the_reference_output_byte_for_byte() {
        let (reports, rules) = crate::report::samples::run();
        let total: usize = reports.iter().map(|r| r.findings.len()).sum();
        assert!(total > 600, "{total} findings");
        assert!(reports.iter().any(|r| r.findings.iter().any(|f| !f.related.is_empty())));
        for limit in [MAX_RESULTS, total, total - 1, total / 2, 7, 0] {
            let mut streamed = Vec::new();
            write_capped(&reports, &rules, limit, &mut streamed).expect("write");
            let mut reference = Vec::new();
            reference::write(&reports, &rules, limit, &mut reference).expect("write");
            assert!(
                streamed == reference,
                "limit {limit}: {}",
                String::from_utf8_lossy(&streamed)
            );
        }
        // Without the unreadable file the run is successful.
        let readable: Vec<FileReport> = reports.into_iter().filter(|r| r.error.is_none()).collect();
        let mut streamed = Vec::new();
        write(&readable, &rules, &mut streamed).expect("write");
        let mut reference = Vec::new();
        reference::write(&readable, &rules, MAX_RESULTS, &mut reference).expect("write");
        assert!(streamed == reference);
        let mut streamed = Vec::new();
        write(&[], &[], &mut streamed).expect("write");
        let mut reference = Vec::new();
        reference::write(&[], &[], MAX_RESULTS, &mut reference).expect("write");
        assert_eq!(String::from_utf8_lossy(&streamed), String::from_utf8_lossy(&reference));
    }

    #[test]
    fn levels_map_to_sarif_levels() {
        assert_eq!(level(Level::Info), "note");
        assert_eq!(level(Level::Error), "error");
        assert_eq!(level(Level::Warning), "warning");
    }
}
