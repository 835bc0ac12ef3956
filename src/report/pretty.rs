//! `pretty`: a miette graphical report per finding — snippet, labelled span, help, suggestion, rule id.

use super::{
    Needs, Reporter, Style, Summary,
    concise::{plural, summary_text},
};
use crate::finding::FileReport;
use crate::ruleset::doc::RuleInfo;
use crate::finding::{Finding, Level};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Severity,
};
use std::io::Write;

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
    for report in reports {
        if let Some(error) = &report.error {
            if style.zh {
                writeln!(out, "{}：无法读取：{error}\n", report.path)?;
            } else {
                writeln!(out, "{}: cannot read: {error}\n", report.path)?;
            }
            continue;
        }
        let text = std::sync::Arc::new(report.text.clone());
        for f in &report.findings {
            let start = f.start;
            // miette's own header counts bytes; name the source with our line:column (Unicode scalars).
            let location = match &f.location {
                Some(l) => format!("{}:{l}", report.path),
                None => format!("{}:{}:{}", report.path, start.line, start.column),
            };
            let diagnostic = diagnostic(f, style.zh);
            let source = NamedSource::new(location, std::sync::Arc::clone(&text));
            let boxed = miette::Report::new(diagnostic).with_source_code(source);
            let mut rendered = String::new();
            if handler
                .render_report(&mut rendered, boxed.as_ref())
                .is_err()
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
