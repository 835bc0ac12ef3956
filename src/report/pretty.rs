//! `pretty`: a miette graphical report per finding — snippet, labelled span, help, suggestion, rule id.

use super::{
    Needs, Reporter, Style, Summary,
    concise::{plural, summary_text},
};
use crate::finding::FileReport;
use crate::ruleset::doc::RuleInfo;
use crate::finding::{Finding, Level};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Severity, SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;
use std::io::Write;
use std::sync::Arc;

/// A file's text as miette's source, named by a finding's place, with the file's line breaks
/// indexed once: miette's own `str` source finds a snippet by scanning from the start of the text
/// for every finding (findings × size per file); this one starts the same scan at the first line
/// of the snippet, so the rendering is the same and each snippet costs its own lines.
struct Lines {
    name: String,
    text: Arc<String>,
    /// Where each line break ends, as miette counts them (`\r\n`, `\n` or a lone `\r`).
    breaks: Arc<Vec<usize>>,
}

/// A diagnostic with its source: what `miette::Report::with_source_code` makes, without a
/// `Report` (whose making looks up the installed handler and the terminal for every finding).
struct WithSource {
    diagnostic: MietteDiagnostic,
    source: Lines,
}

impl std::fmt::Debug for WithSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.diagnostic, f)
    }
}

impl std::fmt::Display for WithSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.diagnostic, f)
    }
}

impl std::error::Error for WithSource {}

impl miette::Diagnostic for WithSource {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.code()
    }
    fn severity(&self) -> Option<Severity> {
        self.diagnostic.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.url()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
}

/// The ends of the line breaks of `text`, as [`Lines::breaks`].
fn breaks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let mut end = i + at + 1;
        if bytes[end - 1] == b'\r' && bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
        out.push(end);
        i = end;
    }
    out
}

impl SourceCode for Lines {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // Breaks wholly before the span; the snippet starts `before` lines above the span's line.
        let k = self.breaks.partition_point(|&end| end <= span.offset());
        let (window, skipped) = if k > before {
            (self.breaks[k - before - 1], k - before)
        } else {
            (0, 0)
        };
        let rel = SourceSpan::new(
            span.offset().saturating_sub(window).into(),
            span.len(),
        );
        let inner = self.text.as_bytes()[window.min(self.text.len())..]
            .read_span(&rel, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + window).into(), inner.span().len()),
            inner.line() + skipped,
            inner.column(),
            inner.line_count() + skipped,
        )))
    }
}

/// The pretty reporter: snippets need the text, and the summary averages every file's score.
pub struct Pretty;

impl Reporter for Pretty {
    const NEEDS: Needs = Needs {
        streams: false,
        text: true,
        rules: false,
    };

    fn write(
        reports: &[FileReport],
        _rules: &[RuleInfo],
        style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(reports, style, out)
    }
}

/// Write every finding as a miette report, then a score line per file and a summary.
pub fn write(reports: &[FileReport], style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width.unwrap_or(100))
        .with_links(false)
        .without_primary_span_start()
        .with_context_lines(1);
    // Files render independently (a miette snippet per finding is the costly part): a chunk of
    // files at a time in parallel, written in order.
    for chunk in reports.chunks(64) {
        let rendered: Vec<std::io::Result<Vec<u8>>> = chunk
            .par_iter()
            .map(|report| {
                let mut buf = Vec::new();
                write_file(report, &handler, style, &mut buf).map(|()| buf)
            })
            .collect();
        for buf in rendered {
            out.write_all(&buf?)?;
        }
    }
    if !style.quiet {
        let s = Summary::of(reports);
        writeln!(out, "{}", summary_text(&s, style.zh))?;
        let scored: Vec<&FileReport> = reports
            .iter()
            .filter(|r| r.error.is_none() && !r.skipped)
            .collect();
        if !scored.is_empty() {
            let mean = scored.iter().map(|r| r.score() as f64).sum::<f64>() / scored.len() as f64;
            if style.zh {
                writeln!(out, "平均服务标准得分：{mean:.0}/100")?;
            } else {
                writeln!(out, "Average service-standards score: {mean:.0}/100")?;
            }
        }
        if let Some(line) = types_line(reports, style.zh) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// One file's findings as miette reports, its score line and its type line.
fn write_file(
    report: &FileReport,
    handler: &GraphicalReportHandler,
    style: Style,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if let Some(error) = &report.error {
        if style.zh {
            writeln!(out, "{}：无法读取：{error}\n", report.path)?;
        } else {
            writeln!(out, "{}: cannot read: {error}\n", report.path)?;
        }
        return Ok(());
    }
    let text = Arc::new(report.text.clone());
    let lines = Arc::new(breaks(&report.text));
    for f in &report.findings {
        let start = f.start;
        // miette's own header counts bytes; name the source with our line:column (Unicode scalars).
        let location = match &f.location {
            Some(l) => format!("{}:{l}", report.path),
            None => format!("{}:{}:{}", report.path, start.line, start.column),
        };
        let diagnostic = diagnostic(f, style.zh);
        let source = Lines {
            name: location,
            text: Arc::clone(&text),
            breaks: Arc::clone(&lines),
        };
        let with_source = WithSource { diagnostic, source };
        let mut rendered = String::new();
        if handler.render_report(&mut rendered, &with_source).is_err()
        {
            rendered = format!("{}: {}\n", report.path, f.message);
        }
        writeln!(out, "{rendered}")?;
    }
    if report.error.is_none() && !report.skipped && !report.findings.is_empty() && style.zh {
        writeln!(
            out,
            "{}：得分 {}/100（{} 个错误，{} 个警告，{} 个提示）\n",
            report.path,
            report.score(),
            report.count(Level::Error),
            report.count(Level::Warning),
            report.count(Level::Info)
        )?;
    } else if report.error.is_none() && !report.skipped && !report.findings.is_empty() {
        writeln!(
            out,
            "{}: score {}/100 ({}, {}, {})\n",
            report.path,
            report.score(),
            plural(report.count(Level::Error), "error", "errors"),
            plural(report.count(Level::Warning), "warning", "warnings"),
            plural(report.count(Level::Info), "info", "infos")
        )?;
    }
    if let Some(a) = crate::score::assess(report) {
        let lang = report.standards.ui.unwrap_or(crate::model::Lang::En);
        writeln!(
            out,
            "{}: {}\n",
            report.path,
            crate::score::type_line(&a, lang)
        )?;
    }
    Ok(())
}

/// The run's service types by count, `Service types: 优质型 quality 3, 程序型 procedural 1, …`
/// (types with no document left out), or `None` when no document has a type.
fn types_line(reports: &[FileReport], zh: bool) -> Option<String> {
    use crate::model::Lang;
    use crate::score::ServiceType;
    let types: Vec<ServiceType> = reports
        .iter()
        .filter_map(crate::score::assess)
        .map(|a| a.service_type)
        .collect();
    if types.is_empty() {
        return None;
    }
    let counts: Vec<String> = ServiceType::ALL
        .iter()
        .map(|&t| (t, types.iter().filter(|&&x| x == t).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(t, n)| {
            if zh {
                format!("{} {n} 个", t.name(Lang::Zh))
            } else {
                format!("{} {} {n}", t.name(Lang::Zh), t.name(Lang::En))
            }
        })
        .collect();
    if zh {
        return Some(format!("服务类型：{}", counts.join("，")));
    }
    Some(format!("Service types: {}", counts.join(", ")))
}

fn diagnostic(f: &Finding, zh: bool) -> MietteDiagnostic {
    let (suggestion, see) = if zh {
        ("建议：", "参见 ")
    } else {
        ("suggestion: ", "see ")
    };
    let severity = match f.level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info | Level::Off => Severity::Advice,
    };
    let mut help = f.help.clone().unwrap_or_default();
    if let Some(s) = &f.suggestion {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!("{suggestion}{s}"));
    }
    for r in &f.related {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str(&format!(
            "{see}{}:{}:{}: {}",
            r.path, r.line, r.column, r.message
        ));
    }
    let mut labels = vec![LabeledSpan::new_primary_with_span(None, f.span)];
    for label in &f.labels {
        if label.span != f.span {
            labels.push(LabeledSpan::new_with_span(
                Some(label.message.clone()),
                label.span,
            ));
        } else {
            labels[0] = LabeledSpan::new_primary_with_span(Some(label.message.clone()), f.span);
        }
    }
    let mut d = MietteDiagnostic::new(f.message.clone())
        .with_code(f.rule.clone())
        .with_severity(severity)
        .with_labels(labels);
    if !help.is_empty() {
        d = d.with_help(help);
    }
    d
}
