//! Suppression directives in HTML comments and front matter (SPEC §5): findings in, kept findings and directive problems out.

use crate::finding::Finding;
use crate::model::Document;
use crate::ruleset::RuleSet;
use crate::span::Span;

/// What suppression needs to know of the rules: which names are rule ids or families, and the
/// known name nearest to a misspelt one.
pub trait Names {
    /// Whether a name is a rule id or a family.
    fn knows(&self, name: &str) -> bool;
    /// The known id or family closest to a name, for "did you mean".
    fn suggest(&self, name: &str) -> Option<String>;
}

impl Names for RuleSet {
    fn knows(&self, name: &str) -> bool {
        RuleSet::knows(self, name)
    }

    fn suggest(&self, name: &str) -> Option<String> {
        RuleSet::suggest(self, name)
    }
}

/// A directive problem, in document order, for the engine to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A name that is neither a rule id nor a family (`config/unknown-rule`).
    UnknownRule {
        /// The name as written.
        id: String,
        /// Where it is written.
        span: Span,
        /// The nearest known name.
        suggestion: Option<String>,
    },
    /// A directive that suppressed nothing (`config/unused-suppression`); its span is the whole
    /// directive.
    Unused(Span),
    /// A `servicelint-…` comment that is no directive (`config/unknown-directive`).
    UnknownDirective {
        /// The word after `servicelint-`, as written.
        name: String,
        /// Where it is written.
        span: Span,
        /// The nearest directive.
        suggestion: Option<&'static str>,
    },
}

/// The directive words after `servicelint-`.
const ACTIONS: &[&str] = &["disable-next-line", "disable-file", "disable", "enable"];

/// `servicelint-…` comments whose word is no directive (`servicelint-disabel`,
/// `servicelint-disable-line`): without a finding they would silently suppress nothing.
fn unknown_directives(doc: &Document) -> Vec<Problem> {
    let mut out = Vec::new();
    for comment in &doc.comments {
        let inner = comment.inner.text(&doc.text);
        let Some(rest) = inner.strip_prefix(PREFIX) else {
            continue;
        };
        let word = rest.split(char::is_whitespace).next().unwrap_or("");
        if ACTIONS.contains(&word) {
            continue;
        }
        let start = comment.inner.start + PREFIX.len();
        let suggestion = ACTIONS
            .iter()
            .map(|a| (crate::ruleset::edit_distance(word, a), *a))
            .filter(|(d, _)| *d <= 3)
            .min()
            .map(|(_, a)| a);
        out.push(Problem::UnknownDirective {
            name: word.to_string(),
            span: Span::new(start, start + word.len()),
            suggestion,
        });
    }
    out
}

/// What suppression leaves of a document's findings.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings no directive covers, in their order.
    pub kept: Vec<Finding>,
    /// The directives' own problems.
    pub problems: Vec<Problem>,
}

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

/// Drop the findings that directives suppress; report directives that name unknown rules or
/// suppress nothing.
pub fn apply(doc: &Document, findings: Vec<Finding>, known: &impl Names) -> Outcome {
    let mut directives = parse_directives(doc);
    let mut problems = unknown_directives(doc);
    if directives.is_empty() {
        return Outcome {
            kept: findings,
            problems,
        };
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
            if !known.knows(id) {
                problems.push(Problem::UnknownRule {
                    id: id.clone(),
                    span: *span,
                    suggestion: known.suggest(id),
                });
            }
        }
        let all_known = d.ids.iter().all(|(id, _)| known.knows(id));
        if !d.used && d.action != Action::Enable && all_known {
            problems.push(Problem::Unused(d.span));
        }
    }
    Outcome { kept, problems }
}

/// Mark the facts that a directive covers for their rule (without marking directives used).
pub fn mark_facts(
    doc: &Document,
    rules: &[crate::ruleset::Rule],
    facts: &mut [crate::check::TimeFact],
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

#[cfg(test)]
mod tests {
    use super::{Names, Outcome, Problem, apply};
    use crate::finding::{Finding, Level};
    use crate::parse::{ParseOptions, parse};
    use crate::span::Span;

    /// Rules `a/one`, `a/two` and `b/three`.
    struct Known;

    impl Names for Known {
        fn knows(&self, name: &str) -> bool {
            ["a/one", "a/two", "b/three", "a", "b"].contains(&name)
        }
        fn suggest(&self, name: &str) -> Option<String> {
            (name == "a/on").then(|| "a/one".to_string())
        }
    }

    /// A finding of `rule` at the `n`th occurrence of `X` in `text`.
    fn finding(text: &str, rule: &str, n: usize) -> Finding {
        let (at, _) = text.match_indices('X').nth(n).expect("an X");
        Finding {
            rule: rule.to_string(),
            level: Level::Warning,
            span: Span::new(at, at + 1),
            message: String::new(),
            help: None,
            suggestion: None,
            labels: Vec::new(),
            related: Vec::new(),
            start: Default::default(),
            end: Default::default(),
            location: None,
        }
    }

    /// Suppress findings of `rules` at the X's of `text` (one X each, in order).
    fn run(text: &str, rules: &[&str]) -> (Vec<(usize, String)>, Vec<Problem>) {
        let doc = parse(text.to_string(), &ParseOptions::default());
        let findings = rules
            .iter()
            .enumerate()
            .map(|(n, r)| finding(text, r, n))
            .collect();
        let Outcome { kept, problems } = apply(&doc, findings, &Known);
        let kept = kept
            .into_iter()
            .map(|f| (text[..f.span.start].matches('X').count(), f.rule))
            .collect();
        (kept, problems)
    }

    fn kept(list: &[(usize, &str)]) -> Vec<(usize, String)> {
        list.iter().map(|(n, r)| (*n, r.to_string())).collect()
    }

    #[test]
    fn disable_and_enable_make_a_range() {
        let text = "X\n\n<!-- servicelint-disable a/one -->\n\nX X\n\n<!-- servicelint-enable a/one -->\n\nX\n";
        let (kept_, problems) = run(text, &["a/one", "a/one", "a/two", "a/one"]);
        assert_eq!(kept_, kept(&[(0, "a/one"), (2, "a/two"), (3, "a/one")]));
        assert_eq!(problems, []);
    }

    #[test]
    fn next_line_covers_the_next_line_only_and_families_name_their_rules() {
        let text = "<!-- servicelint-disable-next-line a -->\nX X\nX\n";
        let (kept_, problems) = run(text, &["a/one", "b/three", "a/two"]);
        assert_eq!(kept_, kept(&[(1, "b/three"), (2, "a/two")]));
        assert_eq!(problems, []);
    }

    #[test]
    fn a_file_directive_without_ids_covers_every_rule() {
        let text = "<!-- servicelint-disable-file -->\n\nX\n\nX\n";
        let (kept_, problems) = run(text, &["a/one", "b/three"]);
        assert_eq!(kept_, []);
        assert_eq!(problems, []);
    }

    #[test]
    fn an_unknown_id_is_reported_with_a_suggestion() {
        let text = "<!-- servicelint-disable-next-line a/on, zz -->\nX\n";
        let (kept_, problems) = run(text, &["a/one"]);
        assert_eq!(kept_, kept(&[(0, "a/one")]));
        let at = text.find("a/on").expect("written");
        let zz = text.find("zz").expect("written");
        assert_eq!(
            problems,
            [
                Problem::UnknownRule {
                    id: "a/on".into(),
                    span: Span::new(at, at + 4),
                    suggestion: Some("a/one".into())
                },
                Problem::UnknownRule {
                    id: "zz".into(),
                    span: Span::new(zz, zz + 2),
                    suggestion: None
                },
            ]
        );
    }

    #[test]
    fn a_directive_that_suppresses_nothing_is_unused() {
        let text =
            "<!-- servicelint-disable-next-line b/three -->\nX\n<!-- servicelint-enable -->\n";
        let (kept_, problems) = run(text, &["a/one"]);
        assert_eq!(kept_, kept(&[(0, "a/one")]));
        let end = text.find('\n').expect("a line");
        assert_eq!(problems, [Problem::Unused(Span::new(0, end))]);
    }
}
