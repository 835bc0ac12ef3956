//! Suppression directives in HTML comments and front matter (SPEC §5).

use crate::engine::Engine;
use crate::finding::Finding;
use crate::model::{Document, Lang};
use crate::span::Span;

/// What a directive does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Disable,
    Enable,
    NextLine,
    File,
}

/// A parsed directive.
#[derive(Debug)]
struct Directive {
    action: Action,
    /// Rule ids or families with their spans; empty means every rule.
    ids: Vec<(String, Span)>,
    /// The comment.
    span: Span,
    used: bool,
}

const PREFIX: &str = "servicelint-";

fn parse_directives(doc: &Document) -> Vec<Directive> {
    let mut out = Vec::new();
    for comment in &doc.comments {
        let inner = comment.inner.text(&doc.text);
        let Some(rest) = inner.strip_prefix(PREFIX) else {
            continue;
        };
        let (action, after) = if let Some(a) = rest.strip_prefix("disable-next-line") {
            (Action::NextLine, a)
        } else if let Some(a) = rest.strip_prefix("disable-file") {
            (Action::File, a)
        } else if let Some(a) = rest.strip_prefix("disable") {
            (Action::Disable, a)
        } else if let Some(a) = rest.strip_prefix("enable") {
            (Action::Enable, a)
        } else {
            continue;
        };
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            continue;
        }
        let base = comment.inner.start + (inner.len() - after.len());
        let mut ids = Vec::new();
        let mut pos = 0;
        for piece in after.split([',', ' ', '\t', '\n', '\r']) {
            if !piece.is_empty() {
                let start = base + pos;
                ids.push((piece.to_string(), Span::new(start, start + piece.len())));
            }
            pos += piece.len() + 1;
        }
        out.push(Directive {
            action,
            ids,
            span: comment.span,
            used: false,
        });
    }
    for id in &doc.front.disable {
        out.push(Directive {
            action: Action::File,
            ids: vec![(id.text(&doc.text).to_string(), *id)],
            span: *id,
            used: false,
        });
    }
    out
}

fn names(d: &Directive, rule: &str) -> bool {
    d.ids.is_empty()
        || d.ids
            .iter()
            .any(|(id, _)| id == rule || rule.split('/').next() == Some(id.as_str()))
}

/// Drop suppressed findings; add `config/unknown-rule` and `config/unused-suppression` findings.
pub fn apply(
    engine: &Engine<'_>,
    doc: &Document,
    findings: Vec<Finding>,
    ui: Lang,
) -> Vec<Finding> {
    let mut directives = parse_directives(doc);
    if directives.is_empty() {
        return findings;
    }
    let index = crate::source::LineIndex::new(&doc.text);
    let line_of = |offset: usize| index.position(&doc.text, offset).line;
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let line = line_of(finding.span.start);
        let mut suppressed = false;
        // File-wide and next-line directives.
        for d in directives.iter_mut() {
            let hit = match d.action {
                Action::File => names(d, &finding.rule),
                Action::NextLine => line_of(d.span.end) + 1 == line && names(d, &finding.rule),
                Action::Disable | Action::Enable => false,
            };
            if hit {
                d.used = true;
                suppressed = true;
            }
        }
        // Ranges: the last disable/enable before the finding that names its rule decides.
        if !suppressed {
            let mut last: Option<usize> = None;
            for (i, d) in directives.iter().enumerate() {
                if d.span.start > finding.span.start {
                    break;
                }
                if matches!(d.action, Action::Disable | Action::Enable) && names(d, &finding.rule) {
                    last = Some(i);
                }
            }
            if let Some(i) = last
                && directives[i].action == Action::Disable
            {
                directives[i].used = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(finding);
        }
    }
    for d in &directives {
        for (id, span) in &d.ids {
            if !engine.rules.knows(id) {
                let detail = match engine.rules.suggest(id) {
                    Some(s) => match ui {
                        Lang::Zh => format!("（您是不是要写 `{s}`？）"),
                        Lang::En => format!(" (did you mean `{s}`?)"),
                    },
                    None => String::new(),
                };
                kept.extend(engine.engine_finding("config/unknown-rule", *span, id, &detail, ui));
            }
        }
        let all_known = d.ids.iter().all(|(id, _)| engine.rules.knows(id));
        if !d.used && d.action != Action::Enable && all_known {
            let text = d.span.text(&doc.text);
            kept.extend(engine.engine_finding("config/unused-suppression", d.span, text, "", ui));
        }
    }
    kept
}

/// Mark the facts that a directive covers for their rule (without marking directives used).
pub fn mark_facts(
    doc: &Document,
    rules: &[crate::ruleset::Rule],
    facts: &mut [crate::check::time_consistency::TimeFact],
) {
    if facts.is_empty() {
        return;
    }
    let directives = parse_directives(doc);
    if directives.is_empty() {
        return;
    }
    let index = crate::source::LineIndex::new(&doc.text);
    for fact in facts {
        let rule = &rules[fact.rule as usize].id;
        fact.suppressed = covers(&directives, &index, doc, rule, fact.span);
    }
}

/// Whether a directive would suppress a finding of `rule` at `span`.
fn covers(
    directives: &[Directive],
    index: &crate::source::LineIndex,
    doc: &Document,
    rule: &str,
    span: Span,
) -> bool {
    let line = index.position(&doc.text, span.start).line;
    let mut last: Option<&Directive> = None;
    for d in directives {
        match d.action {
            Action::File if names(d, rule) => return true,
            Action::NextLine
                if names(d, rule) && index.position(&doc.text, d.span.end).line + 1 == line =>
            {
                return true;
            }
            Action::Disable | Action::Enable if d.span.start <= span.start && names(d, rule) => {
                last = Some(d)
            }
            _ => {}
        }
    }
    last.is_some_and(|d| d.action == Action::Disable)
}
