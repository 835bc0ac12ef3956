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
    let index = crate::span::LineIndex::new(&doc.text);
    let mut lookup = Lookup::new(&directives, &index, doc);
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let line = index.position(&doc.text, finding.span.start).line;
        let mut suppressed = false;
        // File-wide and next-line directives.
        for &i in lookup.files.iter().chain(lookup.next_line_of(line)) {
            if names(&directives[i], &finding.rule) {
                directives[i].used = true;
                suppressed = true;
            }
        }
        // Ranges: the last disable/enable before the finding that names its rule decides.
        if !suppressed
            && let Some(i) = lookup.last_range(&directives, &finding.rule, finding.span.start)
            && directives[i].action == Action::Disable
        {
            directives[i].used = true;
            suppressed = true;
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
    let index = crate::span::LineIndex::new(&doc.text);
    let mut lookup = Lookup::new(&directives, &index, doc);
    for fact in facts {
        let rule = &rules[fact.rule as usize].id;
        let line = index.position(&doc.text, fact.span.start).line;
        fact.suppressed = lookup
            .files
            .iter()
            .chain(lookup.next_line_of(line))
            .any(|&i| names(&directives[i], rule))
            || lookup
                .last_range(&directives, rule, fact.span.start)
                .is_some_and(|i| directives[i].action == Action::Disable);
    }
}

/// The directives of a document arranged for lookups, so that a document with thousands of
/// directives and findings costs a hash lookup and a binary search per finding, not a scan.
struct Lookup {
    /// File-wide directives.
    files: Vec<usize>,
    /// Next-line directives by the line they cover.
    next_line: std::collections::HashMap<usize, Vec<usize>>,
    /// Disable and enable directives, in document order.
    ranges: Vec<usize>,
    /// Per rule id: the range directives that name it (built on first use).
    ranges_naming: std::collections::HashMap<String, Vec<usize>>,
}

impl Lookup {
    fn new(directives: &[Directive], index: &crate::span::LineIndex, doc: &Document) -> Self {
        let mut lookup = Lookup {
            files: Vec::new(),
            next_line: std::collections::HashMap::new(),
            ranges: Vec::new(),
            ranges_naming: std::collections::HashMap::new(),
        };
        for (i, d) in directives.iter().enumerate() {
            match d.action {
                Action::File => lookup.files.push(i),
                Action::NextLine => {
                    let line = index.position(&doc.text, d.span.end).line + 1;
                    lookup.next_line.entry(line).or_default().push(i);
                }
                Action::Disable | Action::Enable => lookup.ranges.push(i),
            }
        }
        lookup
            .ranges
            .sort_by_key(|&i| (directives[i].span.start, i));
        lookup
    }

    fn next_line_of(&self, line: usize) -> impl Iterator<Item = &usize> {
        self.next_line.get(&line).into_iter().flatten()
    }

    /// The last disable or enable directive naming `rule` that starts at or before `offset`.
    fn last_range(&mut self, directives: &[Directive], rule: &str, offset: usize) -> Option<usize> {
        if !self.ranges_naming.contains_key(rule) {
            let naming = self
                .ranges
                .iter()
                .copied()
                .filter(|&i| names(&directives[i], rule))
                .collect();
            self.ranges_naming.insert(rule.to_string(), naming);
        }
        let naming = self.ranges_naming.get(rule)?;
        let before = naming.partition_point(|&i| directives[i].span.start <= offset);
        before.checked_sub(1).map(|k| naming[k])
    }
}
