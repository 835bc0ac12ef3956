//! One input: read (by file type), parse, run the engine; never panics, every failure is a finding or an error entry.

use crate::config::Settings;
use crate::engine::Engine;
use crate::finding::FileReport;
use crate::input::{SkipReason, reader_for};
use crate::model::Lang;
use crate::parse::parse;
use crate::span::Span;
use std::io::Read;

/// Lint bytes already read.
pub fn lint_bytes(
    path: &str,
    bytes: &[u8],
    settings: &Settings,
    engine: &Engine<'_>,
) -> FileReport {
    let mut report = FileReport {
        path: path.to_string(),
        kind: None,
        lang: None,
        encoding: None,
        text: String::new(),
        findings: Vec::new(),
        skipped: false,
        error: None,
        facts: Vec::new(),
        standards: Default::default(),
    };
    let ui_default = engine.ui.for_doc(Lang::En);
    let limit = settings.max_file_size.0;
    if bytes.len() as u64 > limit {
        skip(
            &mut report,
            engine,
            SkipReason::TooLarge {
                size: bytes.len() as u64,
                limit,
            },
            ui_default,
        );
        return report;
    }
    let mut decoded = match reader_for(path)(bytes) {
        Ok(d) => d,
        Err(reason) => {
            skip(&mut report, engine, reason, ui_default);
            return report;
        }
    };
    let options = settings.parse_options(path);
    let mut doc = parse(std::mem::take(&mut decoded.text), &options);
    // Traditional Chinese: match a simplified copy (same offsets), show the original.
    let mut original = None;
    if doc.lang == Lang::Zh
        && doc.front.hant != Some(false)
        && (doc.front.hant == Some(true) || crate::hant::is_hant(&doc.text))
        && let Some(simple) = crate::hant::to_hans(&doc.text)
    {
        let simplified = parse(simple, &options);
        original = Some(std::mem::replace(&mut doc, simplified).text);
    }
    let ui = engine.ui.for_doc(doc.lang);
    let (mut findings, facts, standards) = engine.lint_judged(&doc);
    if decoded.library {
        findings.retain(|f| !crate::input::WHOLE_CALL_RULES.contains(&f.rule.as_str()));
    }
    report.facts = facts;
    report.standards = crate::finding::Standards {
        list: standards,
        rules: engine.dimension_rules(),
        threshold: settings.quality_threshold.0,
        ui: Some(ui),
    };
    if decoded.legacy || decoded.lossy {
        let detail = if decoded.lossy {
            match ui {
                Lang::Zh => "（含无法解码的字节，已替换为 U+FFFD）".to_string(),
                Lang::En => {
                    " (some bytes could not be decoded and were replaced with U+FFFD)".to_string()
                }
            }
        } else {
            String::new()
        };
        if let Some(f) = engine.engine_finding(
            "io/encoding",
            Span::new(0, 0),
            decoded.encoding,
            &detail,
            ui,
        ) {
            findings.insert(0, f);
        }
    }
    // Lines that look like speaker turns with a label no one configured: said once per file.
    if let Some(first) = doc.unknown_speakers.first() {
        let labels: Vec<&str> = doc.unknown_speakers.iter().map(|s| doc.slice(*s)).collect();
        let sep = if ui == Lang::Zh { "”“" } else { "\", \"" };
        if let Some(f) =
            engine.engine_finding("io/unknown-speaker", *first, &labels.join(sep), "", ui)
        {
            findings.push(f);
            crate::engine::sort(&mut findings);
        }
    }
    // Positions now, so reporters and cross-document checks need not keep the text.
    let index = crate::span::LineIndex::new(&doc.text);
    for f in &mut findings {
        (f.start, f.end) = index.range(&doc.text, f.span);
        f.location = decoded.location_at(f.span.start).cloned();
    }
    for fact in &mut report.facts {
        (fact.start, fact.end) = index.range(&doc.text, fact.span);
    }
    report.kind = Some(doc.kind);
    report.lang = Some(doc.lang);
    report.encoding = Some(decoded.encoding);
    if let Some(original) = original {
        // Messages quote the simplified copy: put the document's own characters back.
        for f in &mut findings {
            let (simple, own) = (f.span.text(&doc.text), f.span.text(&original));
            if simple != own && !simple.is_empty() {
                f.message = f.message.replace(simple, own);
            }
            for label in &mut f.labels {
                let (simple, own) = (label.span.text(&doc.text), label.span.text(&original));
                if simple != own && !simple.is_empty() {
                    label.message = label.message.replace(simple, own);
                }
            }
        }
        doc.text = original;
    }
    report.findings = findings;
    report.text = doc.text;
    report
}

fn skip(report: &mut FileReport, engine: &Engine<'_>, reason: SkipReason, ui: Lang) {
    report.skipped = true;
    let detail = match (&reason, ui) {
        (SkipReason::Binary, Lang::Zh) => "二进制文件（含 NUL 字节）".to_string(),
        (SkipReason::TooLarge { size, limit }, Lang::Zh) => {
            format!("文件有 {size} 字节，超过 max-file-size（{limit} 字节）")
        }
        (SkipReason::Unreadable(reason), Lang::Zh) => format!("无法读取：{reason}"),
        (reason, Lang::En) => reason.to_string(),
    };
    report
        .findings
        .extend(engine.engine_finding("io/skipped", Span::new(0, 0), "", &detail, ui));
}

/// Read and lint a file from disk; an unreadable file becomes an error entry.
pub fn lint_path(
    path: &std::path::Path,
    shown: &str,
    settings: &Settings,
    engine: &Engine<'_>,
) -> FileReport {
    let limit = settings.max_file_size.0;
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > limit => {
            let mut report = lint_bytes(shown, &[], settings, engine);
            report.findings.clear();
            skip(
                &mut report,
                engine,
                SkipReason::TooLarge {
                    size: meta.len(),
                    limit,
                },
                engine.ui.for_doc(Lang::En),
            );
            report.kind = None;
            report.lang = None;
            report.encoding = None;
            return report;
        }
        _ => {}
    }
    let bytes = std::fs::File::open(path).and_then(|file| {
        let hint = file.metadata().map_or(0, |m| m.len());
        read_capped(file, limit, hint)
    });
    match bytes {
        Ok(bytes) => lint_bytes(shown, &bytes, settings, engine),
        Err(e) => FileReport::unreadable(shown, e.to_string()),
    }
}

/// Read at most one byte past `limit`: a stream that never ends (`/dev/zero`, a pipe) is then skipped
/// as too large by `lint_bytes` instead of filling memory.
fn read_capped(reader: impl Read, limit: u64, hint: u64) -> std::io::Result<Vec<u8>> {
    let cap = limit.saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(hint.min(cap)).unwrap_or(0));
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Read all of standard input and lint it.
pub fn lint_stdin(name: &str, settings: &Settings, engine: &Engine<'_>) -> FileReport {
    match read_capped(std::io::stdin().lock(), settings.max_file_size.0, 0) {
        Ok(bytes) => lint_bytes(name, &bytes, settings, engine),
        Err(e) => FileReport::unreadable(name, e.to_string()),
    }
}
