//! `html`: one self-contained page for a trainer (inline CSS, SVG and a little JS; no network):
//! a summary, the quadrant chart of the four service types, the coverage matrix, then each
//! document worst first with its text and every finding highlighted at its span.
//!
//! The page is a minijinja template (`report.html`, auto-escaped: every document text, path,
//! message and rule id is escaped, so a document holding `<script>` shows as text); this file
//! only builds the data. Size: at most [`size_bound`] bytes for a run (docs/report.md).

use super::{Needs, Reporter, Style, Summary};
use crate::finding::{FileReport, Level};
use crate::model::Lang;
use crate::ruleset::doc::RuleInfo;
use crate::score::{self, ServiceType};
use serde::Serialize;
use std::io::Write;

/// The HTML reporter.
pub struct Html;

impl Reporter for Html {
    const NEEDS: Needs = Needs {
        streams: false,
        text: true,
        rules: false,
    };

    fn write(
        reports: &[FileReport],
        _rules: &[RuleInfo],
        _style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let page = render(reports).map_err(std::io::Error::other)?;
        out.write_all(page.as_bytes())
    }
}

/// The template, auto-escaped as HTML (its name ends in `.html`).
const TEMPLATE: &str = include_str!("report.html");

/// At most this many findings are named on one highlighted piece of text (pieces under more
/// overlapping findings keep the first ones), so the page stays linear in the findings.
pub const MAX_IDS_PER_PIECE: usize = 16;

/// The largest page a run gives: 64 KiB of frame, 6 bytes per byte of text (escaping), 2 KiB per
/// finding (its entry and its highlight) and 4 KiB per file (its heading, matrix row and mark).
pub fn size_bound(reports: &[FileReport]) -> usize {
    let text: usize = reports.iter().map(|r| r.text.len()).sum();
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    64 * 1024 + 6 * text + 2048 * findings + 4096 * reports.len()
}

#[derive(Serialize)]
struct Page {
    lang: &'static str,
    t: Labels,
    summary: SummaryOut,
    types: Vec<TypeCount>,
    chart: Chart,
    columns: Vec<Column>,
    docs: Vec<Doc>,
    rules: Vec<String>,
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    skipped: usize,
}

#[derive(Serialize)]
struct TypeCount {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct Chart {
    threshold: u32,
    /// The threshold's position on either axis, in chart units (0–400).
    at_x: u32,
    at_y: u32,
    marks: Vec<Mark>,
}

#[derive(Serialize)]
struct Mark {
    x: f64,
    y: f64,
    doc: usize,
    path: String,
    kind: &'static str,
    procedural: u32,
    personal: u32,
}

#[derive(Serialize)]
struct Column {
    id: String,
    name: String,
    dimension: &'static str,
}

#[derive(Serialize)]
struct Doc {
    n: usize,
    path: String,
    kind: Option<&'static str>,
    type_name: Option<String>,
    type_key: Option<&'static str>,
    procedural: Option<u32>,
    personal: Option<u32>,
    score: Option<u32>,
    error: Option<String>,
    skipped: bool,
    /// Status per column of the matrix (`covered`, `missing`, `not-applicable`, or empty).
    cells: Vec<&'static str>,
    pieces: Vec<Piece>,
    findings: Vec<FindingOut>,
}

#[derive(Serialize)]
struct Piece {
    text: String,
    /// Space-separated finding ids on this piece; empty for plain text.
    ids: String,
    /// The most severe level among them.
    level: &'static str,
}

#[derive(Serialize)]
struct FindingOut {
    id: String,
    rule: String,
    level: &'static str,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    suggestion: Option<String>,
    found: String,
}

/// Every text of the page's frame, in one language.
#[derive(Serialize)]
struct Labels {
    title: &'static str,
    summary: &'static str,
    files: &'static str,
    errors: &'static str,
    warnings: &'static str,
    infos: &'static str,
    skipped: &'static str,
    types: &'static str,
    untyped: &'static str,
    quadrant: &'static str,
    procedural_axis: &'static str,
    personal_axis: &'static str,
    threshold: &'static str,
    coverage: &'static str,
    covered: &'static str,
    missing: &'static str,
    not_applicable: &'static str,
    document: &'static str,
    documents: &'static str,
    filter_rule: &'static str,
    filter_level: &'static str,
    all: &'static str,
    no_findings: &'static str,
    help: &'static str,
    suggestion: &'static str,
    unreadable: &'static str,
    skipped_file: &'static str,
    score: &'static str,
    formula: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::Zh => Labels {
            title: "servicelint 服务质量报告",
            summary: "概览",
            files: "文件",
            errors: "错误",
            warnings: "警告",
            infos: "提示",
            skipped: "已跳过",
            types: "服务类型",
            untyped: "不涉及服务",
            quadrant: "四种服务类型",
            procedural_axis: "程序特性 →",
            personal_axis: "个人特性 →",
            threshold: "阈值",
            coverage: "标准覆盖矩阵",
            covered: "已覆盖",
            missing: "缺失",
            not_applicable: "不适用",
            document: "文档",
            documents: "各文档（最差的在前）",
            filter_rule: "规则",
            filter_level: "级别",
            all: "全部",
            no_findings: "没有发现问题",
            help: "建议",
            suggestion: "可改为",
            unreadable: "无法读取",
            skipped_file: "已跳过",
            score: "得分",
            formula: "两项得分的算法见 servicelint explain scores。",
        },
        Lang::En => Labels {
            title: "servicelint service-quality report",
            summary: "Summary",
            files: "files",
            errors: "errors",
            warnings: "warnings",
            infos: "infos",
            skipped: "skipped",
            types: "Service types",
            untyped: "not about service",
            quadrant: "The four service types",
            procedural_axis: "procedural →",
            personal_axis: "personal →",
            threshold: "threshold",
            coverage: "Coverage matrix",
            covered: "covered",
            missing: "missing",
            not_applicable: "not applicable",
            document: "Document",
            documents: "Documents, worst first",
            filter_rule: "Rule",
            filter_level: "Level",
            all: "all",
            no_findings: "No findings",
            help: "help",
            suggestion: "suggestion",
            unreadable: "cannot read",
            skipped_file: "skipped",
            score: "score",
            formula: "How the two scores are worked out: servicelint explain scores.",
        },
    }
}

/// The page's language: the message language most documents were linted in.
fn page_lang(reports: &[FileReport]) -> Lang {
    let zh = reports
        .iter()
        .filter(|r| r.standards.ui == Some(Lang::Zh))
        .count();
    let en = reports
        .iter()
        .filter(|r| r.standards.ui == Some(Lang::En))
        .count();
    if zh > en { Lang::Zh } else { Lang::En }
}

/// Cut a document's text at every finding boundary: each piece with the findings over it.
fn pieces(report: &FileReport, ids: &[String]) -> Vec<Piece> {
    let text = &report.text;
    let len = text.len();
    let clamp = |at: usize| {
        let mut at = at.min(len);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let spans: Vec<(usize, usize)> = report
        .findings
        .iter()
        .map(|f| (clamp(f.span.start), clamp(f.span.end.max(f.span.start))))
        .collect();
    let mut cuts: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    cuts.push(0);
    cuts.push(len);
    cuts.sort_unstable();
    cuts.dedup();
    // Findings by start, swept once: `open` holds those whose span covers the current piece.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i]);
    let mut next = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(cuts.len() * 2);
    let piece = |at: (usize, usize), over: &[usize], empty: bool| -> Piece {
        let mut level = Level::Off;
        let mut names: Vec<&str> = Vec::new();
        for &i in over.iter().take(MAX_IDS_PER_PIECE) {
            names.push(&ids[i]);
            level = level.max(report.findings[i].level);
        }
        Piece {
            text: if empty {
                String::new()
            } else {
                text[at.0..at.1].to_string()
            },
            ids: names.join(" "),
            level: level.as_str(),
        }
    };
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        // Empty spans at `a` are shown as a marker before the text from `a`.
        while next < order.len() && spans[order[next]].0 <= a {
            let i = order[next];
            if spans[i].0 == spans[i].1 {
                out.push(piece((a, a), &[i], true));
            } else {
                open.push(i);
            }
            next += 1;
        }
        open.retain(|&i| spans[i].1 > a);
        open.sort_unstable();
        out.push(piece((a, b), &open, false));
    }
    // Empty spans at the very end.
    while next < order.len() {
        out.push(piece((len, len), &[order[next]], true));
        next += 1;
    }
    // Join neighbours with the same findings, so plain text stays one piece.
    let mut joined: Vec<Piece> = Vec::with_capacity(out.len());
    for p in out {
        if let Some(last) = joined.last_mut()
            && last.ids == p.ids
            && !p.text.is_empty()
            && !last.text.is_empty()
        {
            last.text.push_str(&p.text);
            continue;
        }
        joined.push(p);
    }
    joined
}

/// Build the page's data and render it.
pub fn render(reports: &[FileReport]) -> Result<String, minijinja::Error> {
    let lang = page_lang(reports);
    let summary = Summary::of(reports);
    let assessments: Vec<Option<score::Assessment>> = reports.iter().map(score::assess).collect();
    let threshold = reports
        .iter()
        .map(|r| r.standards.threshold)
        .find(|&t| t > 0)
        .unwrap_or(score::DEFAULT_QUALITY);

    // Worst first: typed documents by their weaker side, then their score; untyped ones last.
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by_key(|&i| {
        let r = &reports[i];
        match &assessments[i] {
            Some(a) => (
                0,
                a.scores.procedural.min(a.scores.personal),
                a.scores.procedural + a.scores.personal,
                r.score(),
            ),
            None => (1, 0, 0, 0),
        }
    });

    // Matrix columns: every standard of any document, in first-seen order.
    let mut columns: Vec<Column> = Vec::new();
    let coverages: Vec<Vec<score::Coverage>> = reports.iter().map(score::coverage).collect();
    for cov in &coverages {
        for c in cov {
            if !columns.iter().any(|col| col.id == c.id) {
                let name = reports
                    .iter()
                    .flat_map(|r| r.standards.list.iter())
                    .find(|s| s.id == c.id)
                    .map_or(c.name.clone(), |s| match lang {
                        Lang::Zh => s.zh.clone(),
                        Lang::En => s.en.clone(),
                    });
                columns.push(Column {
                    id: c.id.clone(),
                    name,
                    dimension: c.dimension.as_str(),
                });
            }
        }
    }
    columns.sort_by_key(|c| c.dimension != "procedural");

    let mut types: Vec<TypeCount> = ServiceType::ALL
        .iter()
        .map(|&t| TypeCount {
            key: t.as_str(),
            zh: t.name(Lang::Zh),
            en: t.name(Lang::En),
            count: assessments
                .iter()
                .flatten()
                .filter(|a| a.service_type == t)
                .count(),
        })
        .collect();
    types.push(TypeCount {
        key: "none",
        zh: "不涉及服务",
        en: "not about service",
        count: assessments.iter().filter(|a| a.is_none()).count(),
    });

    let mut marks = Vec::new();
    let mut docs = Vec::new();
    let mut rules: Vec<String> = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        let r = &reports[i];
        let a = assessments[i].as_ref();
        if let Some(a) = a {
            // Documents on the same point are fanned out a little so each mark shows.
            let same = marks
                .iter()
                .filter(|m: &&Mark| {
                    m.procedural == a.scores.procedural && m.personal == a.scores.personal
                })
                .count();
            let (dx, dy) = spiral(same);
            marks.push(Mark {
                x: 4.0 * f64::from(a.scores.procedural) + dx,
                y: 400.0 - 4.0 * f64::from(a.scores.personal) + dy,
                doc: n,
                path: r.path.clone(),
                kind: a.service_type.as_str(),
                procedural: a.scores.procedural,
                personal: a.scores.personal,
            });
        }
        let ids: Vec<String> = (0..r.findings.len()).map(|k| format!("f{n}-{k}")).collect();
        for f in &r.findings {
            if !rules.contains(&f.rule) {
                rules.push(f.rule.clone());
            }
        }
        let cells = columns
            .iter()
            .map(|col| {
                coverages[i]
                    .iter()
                    .find(|c| c.id == col.id)
                    .map_or("", |c| c.status.as_str())
            })
            .collect();
        docs.push(Doc {
            n,
            path: r.path.clone(),
            kind: r.kind.map(|k| k.as_str()),
            type_name: a.map(|a| {
                format!(
                    "{} {}",
                    a.service_type.name(Lang::Zh),
                    a.service_type.name(Lang::En)
                )
            }),
            type_key: a.map(|a| a.service_type.as_str()),
            procedural: a.map(|a| a.scores.procedural),
            personal: a.map(|a| a.scores.personal),
            score: (r.error.is_none() && !r.skipped).then(|| r.score()),
            error: r.error.clone(),
            skipped: r.skipped,
            cells,
            pieces: pieces(r, &ids),
            findings: r
                .findings
                .iter()
                .zip(&ids)
                .map(|(f, id)| FindingOut {
                    id: id.clone(),
                    rule: f.rule.clone(),
                    level: f.level.as_str(),
                    line: f.start.line,
                    column: f.start.column,
                    message: f.message.clone(),
                    help: f.help.clone(),
                    suggestion: f.suggestion.clone(),
                    found: r
                        .text
                        .get(f.span.start..f.span.end)
                        .unwrap_or("")
                        .chars()
                        .take(80)
                        .collect(),
                })
                .collect(),
        });
    }
    rules.sort();
    let at = 4 * threshold;
    let page = Page {
        lang: lang.as_str(),
        t: labels(lang),
        summary: SummaryOut {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            skipped: summary.skipped,
        },
        types,
        chart: Chart {
            threshold,
            at_x: at,
            at_y: 400 - at,
            marks,
        },
        columns,
        docs,
        rules,
    };
    let mut env = minijinja::Environment::new();
    env.add_template("report.html", TEMPLATE)?;
    env.get_template("report.html")?.render(page)
}

/// A small offset for the `k`th document on the same point: 0 for the first, then around it.
fn spiral(k: usize) -> (f64, f64) {
    if k == 0 {
        return (0.0, 0.0);
    }
    let angle = k as f64 * 2.4;
    let radius = 5.0 + 2.0 * (k as f64).sqrt();
    (radius * angle.cos(), radius * angle.sin())
}
