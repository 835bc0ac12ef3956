//! The engine: runs every active rule over a document in one matcher pass, applies suppression
//! directives and levels, and scores the result.

pub mod cross;
pub mod suppress;

use crate::check::{Check, Ctx, Draft, Judged, TimeFact, TimeSettings, segments};
use crate::config::UiLang;
use crate::finding::FileReport;
use crate::finding::{Dimension, Finding, Label, Level, Standard};
use crate::matcher::{Hit, PatternUse, Scratch};
use crate::model::{Document, Lang};
use crate::parse::{ParseOptions, parse};
use crate::ruleset::{Rule, RuleSet};
use crate::span::Span;

/// Rules with their effective levels.
pub struct Engine<'a> {
    /// The rule pack.
    pub rules: &'a RuleSet,
    /// Effective level per rule (same order as `rules.rules`); `Off` rules do not run.
    pub levels: Vec<Level>,
    /// Message language.
    pub ui: UiLang,
    /// Time limits and ring length from the config.
    pub time: TimeSettings,
}

impl<'a> Engine<'a> {
    /// An engine with every rule at its default level.
    pub fn with_defaults(rules: &'a RuleSet) -> Self {
        Engine {
            levels: rules.rules.iter().map(Rule::default_level).collect(),
            rules,
            ui: UiLang::Auto,
            time: TimeSettings::default(),
        }
    }

    /// The effective level of a rule id (Off if unknown).
    pub fn level_of(&self, id: &str) -> Level {
        self.rules
            .position(id)
            .map_or(Level::Off, |i| self.levels[i])
    }

    /// Lint one parsed document.
    pub fn lint(&self, doc: &Document) -> Vec<Finding> {
        self.lint_with_facts(doc).0
    }

    /// Lint one parsed document, also returning the facts cross-document checks compare.
    pub fn lint_with_facts(&self, doc: &Document) -> (Vec<Finding>, Vec<TimeFact>) {
        let (findings, facts, _) = self.lint_judged(doc);
        (findings, facts)
    }

    /// Every rule with a dimension: its id, dimension and whether it finds faults.
    pub fn dimension_rules(&self) -> Vec<(String, Dimension, bool)> {
        self.rules
            .rules
            .iter()
            .filter_map(|r| Some((r.id.clone(), r.dimension?, r.check.is_fault())))
            .collect()
    }

    /// Lint one parsed document: findings, facts, and the service standards of every rule with a
    /// dimension as its check judges them (whatever the rule's level: levels decide what is
    /// reported, the standards are the trainer's measure).
    pub fn lint_judged(&self, doc: &Document) -> (Vec<Finding>, Vec<TimeFact>, Vec<Standard>) {
        let ui = self.ui.for_doc(doc.lang);
        let segs = segments(doc);
        let matcher = &self.rules.matcher;
        let mut hits: Vec<Hit> = Vec::new();
        let mut scratch = Scratch::default();
        for (i, seg) in segs.iter().enumerate() {
            matcher.scan(&doc.text, seg.span, i as u32, &mut scratch, &mut hits);
        }
        let mut by_rule: Vec<Vec<(Hit, PatternUse)>> = vec![Vec::new(); self.rules.rules.len()];
        for hit in &hits {
            for usage in matcher.uses(hit.pattern) {
                let r = usage.rule as usize;
                if (self.levels[r] != Level::Off || self.rules.rules[r].dimension.is_some())
                    && doc.langs.contains(&usage.lang)
                {
                    by_rule[r].push((*hit, *usage));
                }
            }
        }
        let ctx = Ctx::new(doc, &segs, matcher, ui, &self.time);
        let mut findings = Vec::new();
        let mut facts = Vec::new();
        let mut phrase_findings = Vec::new();
        let mut standards = Vec::new();
        for (r, rule) in self.rules.rules.iter().enumerate() {
            if let Some(dimension) = rule.dimension {
                let fault = rule.check.is_fault();
                for cover in rule.check.cover(&ctx, &by_rule[r]) {
                    let (id, zh, en) = match cover.part {
                        Some((part, zh, en)) => (format!("{}#{part}", rule.id), zh, en),
                        None => {
                            let (zh, en) = rule
                                .standard
                                .as_ref()
                                .map_or((rule.id.clone(), rule.id.clone()), |s| {
                                    (s.zh.clone(), s.en.clone())
                                });
                            (rule.id.clone(), zh, en)
                        }
                    };
                    standards.push(Standard {
                        id,
                        rule: rule.id.clone(),
                        zh,
                        en,
                        dimension,
                        fault,
                        // A fault rule that does not run finds nothing: no verdict either way.
                        judged: if self.levels[r] == Level::Off && cover.judged == Judged::Applies {
                            Judged::NotApplicable
                        } else {
                            cover.judged
                        },
                    });
                }
            }
            let level = self.levels[r];
            if level == Level::Off {
                continue;
            }
            facts.extend(rule.check.facts(r as u32, &ctx, &by_rule[r]));
            for draft in rule.check.run(&ctx, &by_rule[r]) {
                let finding = render(rule, level, ui, draft);
                if rule.check.is_phrase_check() {
                    phrase_findings.push(finding);
                } else {
                    findings.push(finding);
                }
            }
        }
        findings.extend(dedupe_phrases(phrase_findings));
        let outcome = suppress::apply(doc, findings, self.rules);
        let mut findings = outcome.kept;
        for problem in outcome.problems {
            findings.extend(self.directive_finding(doc, problem, ui));
        }
        for (span, problem) in &doc.front.problems {
            findings.extend(self.front_matter_finding(doc, *span, problem, ui));
        }
        sort(&mut findings);
        suppress::mark_facts(doc, &self.rules.rules, &mut facts);
        (findings, facts, merge_standards(standards))
    }

    /// Lint a document on its own, cross-document checks included (for rule examples and tests).
    pub fn lint_alone(&self, doc: &Document) -> Vec<Finding> {
        let (findings, mut facts) = self.lint_with_facts(doc);
        let index = crate::span::LineIndex::new(&doc.text);
        for fact in &mut facts {
            (fact.start, fact.end) = index.range(&doc.text, fact.span);
        }
        let mut reports = vec![FileReport {
            path: "example.md".into(),
            kind: Some(doc.kind),
            lang: Some(doc.lang),
            encoding: Some("UTF-8"),
            text: doc.text.clone(),
            findings,
            skipped: false,
            error: None,
            facts,
            standards: Default::default(),
        }];
        self.cross_check(&mut reports);
        reports.pop().map(|r| r.findings).unwrap_or_default()
    }

    /// A finding the engine itself emits (`io/*`, `config/*`), if that rule is on.
    pub fn engine_finding(
        &self,
        id: &str,
        span: Span,
        found: &str,
        detail: &str,
        ui: Lang,
    ) -> Option<Finding> {
        let i = self.rules.position(id)?;
        let level = self.levels[i];
        if level == Level::Off {
            return None;
        }
        let rule = &self.rules.rules[i];
        let mut finding = render(
            rule,
            level,
            ui,
            Draft {
                span,
                found: found.to_string(),
                params: vec![("detail", detail.to_string())],
                ..Draft::default()
            },
        );
        if finding.help.as_deref() == Some("") {
            finding.help = None;
        }
        Some(finding)
    }

    /// The finding of a front-matter problem (`config/front-matter`).
    fn front_matter_finding(
        &self,
        doc: &Document,
        span: Span,
        problem: &crate::model::FrontProblem,
        ui: Lang,
    ) -> Option<Finding> {
        use crate::model::FrontProblem;
        let found = span.text(&doc.text);
        let mean = |s: &Option<&str>| match (s, ui) {
            (Some(s), Lang::Zh) => format!("；您是不是要写 `{s}`？"),
            (Some(s), Lang::En) => format!("; did you mean `{s}`?"),
            (None, _) => String::new(),
        };
        let detail = match (problem, ui) {
            (FrontProblem::UnknownKey(s), Lang::Zh) => format!(
                " 不是已知的键（servicelint 读取 kind、lang、script、title、disable{}）",
                mean(s)
            ),
            (FrontProblem::UnknownKey(s), Lang::En) => format!(
                " is not a known key (servicelint reads kind, lang, script, title, disable{})",
                mean(s)
            ),
            (
                FrontProblem::BadValue {
                    key,
                    takes,
                    suggestion,
                },
                Lang::Zh,
            ) => format!(
                " 不是 `{key}` 可取的值（可取：{takes}{}）",
                mean(suggestion)
            ),
            (
                FrontProblem::BadValue {
                    key,
                    takes,
                    suggestion,
                },
                Lang::En,
            ) => format!(
                " is not a value of `{key}` (it takes {takes}{})",
                mean(suggestion)
            ),
            (FrontProblem::Syntax(e), Lang::Zh) => format!(" 无法按 YAML 读取（{e}）"),
            (FrontProblem::Syntax(e), Lang::En) => format!(" cannot be read as YAML ({e})"),
        };
        self.engine_finding("config/front-matter", span, found, &detail, ui)
    }

    /// The finding of a directive problem: `config/unknown-rule` or `config/unused-suppression`.
    fn directive_finding(
        &self,
        doc: &Document,
        problem: suppress::Problem,
        ui: Lang,
    ) -> Option<Finding> {
        match problem {
            suppress::Problem::UnknownRule {
                id,
                span,
                suggestion,
            } => {
                let detail = match suggestion {
                    Some(s) => match ui {
                        Lang::Zh => format!("（您是不是要写 `{s}`？）"),
                        Lang::En => format!(" (did you mean `{s}`?)"),
                    },
                    None => String::new(),
                };
                self.engine_finding("config/unknown-rule", span, &id, &detail, ui)
            }
            suppress::Problem::Unused(span) => {
                let text = span.text(&doc.text);
                self.engine_finding("config/unused-suppression", span, text, "", ui)
            }
            suppress::Problem::UnknownDirective {
                name,
                span,
                suggestion,
            } => {
                let detail = match suggestion {
                    Some(s) => match ui {
                        Lang::Zh => format!("（您是不是要写 `servicelint-{s}`？）"),
                        Lang::En => format!(" (did you mean `servicelint-{s}`?)"),
                    },
                    None => String::new(),
                };
                self.engine_finding("config/unknown-directive", span, &name, &detail, ui)
            }
        }
    }
}

/// One entry per standard id: clauses of one rule that judge the same standard (a script clause
/// and an SOP clause) are merged, the strongest judgement winning (absent over present over applies).
fn merge_standards(list: Vec<Standard>) -> Vec<Standard> {
    let mut out: Vec<Standard> = Vec::with_capacity(list.len());
    for s in list {
        match out.iter_mut().find(|o| o.id == s.id) {
            Some(o) => o.judged = o.judged.max(s.judged),
            None => out.push(s),
        }
    }
    out
}

pub(crate) fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}

/// Turn a check's draft into a finding with the rule's texts in the chosen language.
pub(crate) fn render(rule: &Rule, level: Level, ui: Lang, draft: Draft) -> Finding {
    let message = fill(rule.message.get(ui), &draft.found, &draft.params);
    let help = rule.help.get(ui);
    Finding {
        rule: rule.id.clone(),
        level,
        span: draft.span,
        message,
        help: (!help.is_empty()).then(|| help.to_string()),
        suggestion: draft.suggestion,
        labels: draft
            .labels
            .into_iter()
            .map(|(span, message)| Label { span, message })
            .collect(),
        related: Vec::new(),
        start: Default::default(),
        end: Default::default(),
        location: None,
    }
}

/// A rule message with `{found}`, then each `{name}` of `params` in turn, replaced: the same as
/// `str::replace` one after another (a value may itself hold a later placeholder, which is then
/// replaced too), without building the `{name}` needles or copying when a name does not occur.
fn fill(template: &str, found: &str, params: &[(&'static str, String)]) -> String {
    let mut message = match replace_placeholder(template, "found", found) {
        Some(replaced) => replaced,
        None => template.to_string(),
    };
    for (name, value) in params {
        if let Some(replaced) = replace_placeholder(&message, name, value) {
            message = replaced;
        }
    }
    message
}

/// `text.replace("{name}", value)`, or `None` when `{name}` does not occur. Like `str::replace` it
/// takes the leftmost match and goes on after it; every match starts at a `{`, so only those are tried.
fn replace_placeholder(text: &str, name: &str, value: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let needle_len = name.len() + 2;
    let is_match = |at: usize| {
        bytes.get(at + 1..at + 1 + name.len()) == Some(name.as_bytes())
            && bytes.get(at + 1 + name.len()) == Some(&b'}')
    };
    let mut out: Option<String> = None;
    // Copied into `out` up to here.
    let mut done = 0;
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'{', &bytes[from..]) {
        let at = from + found;
        if is_match(at) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + value.len()));
            out.push_str(&text[done..at]);
            out.push_str(value);
            done = at + needle_len;
            from = done;
        } else {
            from = at + 1;
        }
    }
    let mut out = out?;
    out.push_str(&text[done..]);
    Some(out)
}

/// Of phrase findings of different rules on nested spans, keep the longest ("我不知道" as forbidden,
/// not also "不知道" as negative); on the same span keep the more severe.
fn dedupe_phrases(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        (
            a.span.start,
            std::cmp::Reverse(a.span.end),
            std::cmp::Reverse(a.level),
        )
            .cmp(&(
                b.span.start,
                std::cmp::Reverse(b.span.end),
                std::cmp::Reverse(b.level),
            ))
    });
    // Every kept finding starts at or before the next one, so the next is inside one of them
    // exactly when it ends at or before the furthest end so far.
    let mut kept: Vec<Finding> = Vec::new();
    let mut furthest: Option<usize> = None;
    for f in findings {
        if furthest.is_some_and(|end| f.span.end <= end) {
            continue;
        }
        furthest = Some(furthest.map_or(f.span.end, |end| end.max(f.span.end)));
        kept.push(f);
    }
    kept
}

/// Run a rule's own examples: every bad one must fire it, every good one must not.
/// Returns a description of each failure.
pub fn check_examples(rules: &RuleSet, index: usize) -> Vec<String> {
    let rule = &rules.rules[index];
    let mut engine = Engine::with_defaults(rules);
    // Engine rules (directives, I/O) report on what other rules do, so those keep their defaults.
    if !matches!(rule.check, Check::Engine(_)) {
        engine.levels = vec![Level::Off; rules.rules.len()];
    }
    engine.levels[index] = if rule.level == Level::Off {
        Level::Warning
    } else {
        rule.level
    };
    let mut failures = Vec::new();
    for (i, text) in rule.bad.iter().enumerate() {
        let doc = parse(text.clone(), &ParseOptions::default());
        if !engine.lint_alone(&doc).iter().any(|f| f.rule == rule.id) {
            failures.push(format!(
                "{}: bad example {} does not fire the rule:\n{}",
                rule.id,
                i + 1,
                text
            ));
        }
    }
    for (i, text) in rule.good.iter().enumerate() {
        let doc = parse(text.clone(), &ParseOptions::default());
        let fired: Vec<String> = engine
            .lint_alone(&doc)
            .into_iter()
            .filter(|f| f.rule == rule.id)
            .map(|f| format!("{:?} {}", f.span.text(text), f.message))
            .collect();
        if !fired.is_empty() {
            failures.push(format!(
                "{}: good example {} fires the rule ({}):\n{}",
                rule.id,
                i + 1,
                fired.join("; "),
                text
            ));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The message filling [`fill`] replaced: kept as the reference.
    fn fill_by_replace(template: &str, found: &str, params: &[(&'static str, String)]) -> String {
        let mut message = template.replace("{found}", found);
        for (name, value) in params {
            message = message.replace(&format!("{{{name}}}"), value);
        }
        message
    }

    const NAMES: [&str; 4] = ["moment", "other", "detail", "x"];

    #[test]
    fn fill_edge_cases() {
        let params = |values: [&str; 2]| {
            vec![
                ("moment", values[0].to_string()),
                ("other", values[1].to_string()),
            ]
        };
        for (template, found, values) in [
            ("", "", ["", ""]),
            ("no placeholders", "a", ["b", "c"]),
            ("{found}{found}{found}", "F", ["b", "c"]),
            (
                "“{moment}”的时间标准不一致：这里是“{found}”，另一处是“{other}”",
                "24小时",
                ["回复", "48小时"],
            ),
            // A value holding a later placeholder is filled in too, as with replace.
            ("{found} / {moment}", "{moment}{other}", ["{other}", "O"]),
            ("{{found}} {found {found}}", "}{", ["{", "}"]),
            ("{mo{found}nt}", "me", ["M", "O"]),
            ("{moment", "", ["M", "O"]),
            ("{}{", "", ["M", "O"]),
        ] {
            let params = params(values);
            assert_eq!(
                fill(template, found, &params),
                fill_by_replace(template, found, &params),
                "{template}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn fill_matches_replace(
            template in "([{}]|found|moment|other|x|客|a){0,24}",
            found in "([{}]|found|moment|other|客){0,6}",
            params in prop::collection::vec((0usize..4, "([{}]|moment|other|x|a){0,6}"), 0..4),
        ) {
            let params: Vec<(&'static str, String)> = params.into_iter().map(|(n, v)| (NAMES[n], v)).collect();
            prop_assert_eq!(fill(&template, &found, &params), fill_by_replace(&template, &found, &params));
        }
    }
}
