//! `require`: a phrase must appear in a scope, optionally only when a trigger phrase is present.

use super::judged::Judged as Turns;
use super::spec::{PhraseSet, Phrases, Problems, RegexSet, Registrar, check_regexes};
use super::spec::{check_set, require_phrases};
use super::{Applies, Cover, Ctx, Draft, Judged, Kind, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model;
use serde::Deserialize;

/// `[check.require]`: at least one phrase must appear in the scope.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequireSpec {
    /// Where the phrase must appear; if the document has no such place, the clause does not apply.
    pub scope: Scope,
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Chinese phrases, any of which satisfies the clause.
    #[serde(default)]
    pub zh: Phrases,
    /// English phrases.
    #[serde(default)]
    pub en: Phrases,
    /// Regular expressions, any match of which satisfies the clause (alongside or instead of phrases).
    #[serde(default)]
    pub regex: Option<RegexSet>,
    /// Apply only when one of these trigger phrases appears in `when-scope`.
    #[serde(default)]
    pub when: Option<PhraseSet>,
    /// Where to look for the trigger (default `document`).
    #[serde(default = "document")]
    pub when_scope: Scope,
    /// Longer phrases that hold a trigger but do not count ("nothing is broken", "没有坏").
    #[serde(default)]
    pub when_except: Option<PhraseSet>,
    /// Longer phrases that hold a required phrase but do not count ("sorry you feel that way" is no apology).
    #[serde(default)]
    pub except: Option<PhraseSet>,
}

fn document() -> Scope {
    Scope::Document
}

/// One compiled `require` clause.
#[derive(Debug)]
pub struct Require {
    /// Where a phrase must appear.
    pub scope: Scope,
    /// Kinds and sections.
    pub applies: Applies,
    /// Whether trigger phrases gate the clause.
    pub when: bool,
    /// Where triggers are looked for.
    pub when_scope: Scope,
}

impl Require {
    /// Whether the clause applies to a region: it has the scope and, if triggers gate it, one.
    fn applies_to(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
    ) -> bool {
        let judged = Turns::new(ctx);
        let exceptions = when_exceptions(clause, hits);
        judged.anchor(ctx, self.scope, sections).is_some()
            && (!self.when
                || hits.iter().any(|(h, u)| {
                    let seg = ctx.seg(h);
                    u.clause == clause
                        && u.role == UseRole::When
                        && judged.in_scope(ctx, seg, self.when_scope)
                        && ctx.in_sections(seg, sections)
                        && !exceptions.iter().any(|e| e.contains(h.span))
                }))
    }

    /// Whether a required phrase shows in the region.
    fn satisfied(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
    ) -> bool {
        // Allowed phrases, sorted by start with the running maximum of their ends: one binary
        // search tells whether one of them holds a hit (not a scan of every hit per hit).
        let mut allowed: Vec<(usize, usize)> = hits
            .iter()
            .filter(|(_, u)| u.clause == clause && u.role == UseRole::Allow)
            .map(|(e, _)| (e.span.start, e.span.end))
            .collect();
        allowed.sort_unstable();
        let mut furthest = 0;
        for a in &mut allowed {
            furthest = furthest.max(a.1);
            a.1 = furthest;
        }
        let excepted = |h: &Hit| {
            let n = allowed.partition_point(|&(start, _)| start <= h.span.start);
            n > 0 && allowed[n - 1].1 >= h.span.end
        };
        let judged = Turns::new(ctx);
        hits.iter().any(|(h, u)| {
            let seg = ctx.seg(h);
            u.clause == clause
                && u.role == UseRole::Phrase
                && judged.shows_in(ctx, seg, self.scope)
                && ctx.in_sections(seg, sections)
                && !excepted(h)
        })
    }

    fn run_region(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
        out: &mut Vec<Draft>,
    ) {
        let judged = Turns::new(ctx);
        let Some(anchor) = judged.anchor(ctx, self.scope, sections) else {
            return;
        };
        let mut trigger = None;
        if self.when {
            let exceptions = when_exceptions(clause, hits);
            trigger = hits
                .iter()
                .filter(|(h, u)| {
                    let seg = ctx.seg(h);
                    u.clause == clause
                        && u.role == UseRole::When
                        && judged.in_scope(ctx, seg, self.when_scope)
                        && ctx.in_sections(seg, sections)
                        && !exceptions.iter().any(|e| e.contains(h.span))
                })
                .map(|(h, _)| h)
                .min_by_key(|h| h.span.start);
            if trigger.is_none() {
                return;
            }
        }
        if self.satisfied(clause, ctx, hits, sections) {
            return;
        }
        let (span, found) = match trigger {
            Some(h) => (h.span, h.span.text(&ctx.doc.text).to_string()),
            None => {
                let block = ctx
                    .doc
                    .block_at(anchor.start)
                    .map(|b| ctx.doc.blocks[b].content);
                let text: String = block
                    .map_or("", |c| c.text(&ctx.doc.text))
                    .chars()
                    .take(40)
                    .collect();
                (anchor, text)
            }
        };
        out.push(Draft {
            span,
            found,
            ..Draft::default()
        });
    }
}

/// The spans of a clause's `when-except` phrases (few: they are rare in any text).
pub(super) fn when_exceptions(clause: u16, hits: &[(Hit, PatternUse)]) -> Vec<crate::span::Span> {
    hits.iter()
        .filter(|(_, u)| u.clause == clause && u.role == UseRole::WhenExcept)
        .map(|(e, _)| e.span)
        .collect()
}

impl Kind for Require {
    type Spec = RequireSpec;
    const NAME: &'static str = "require";
    const PLACEHOLDERS: &'static [&'static str] = &["found"];
    const VOCABULARY: Option<super::VocabularyRoles> = Some(super::VocabularyRoles {
        extend: UseRole::Phrase,
        allow: None,
    });

    fn compile(c: &RequireSpec, problems: &mut Problems) -> Self {
        let regex = check_regexes(problems, c.regex.as_ref());
        require_phrases(problems, &c.zh, &c.en, regex, "require");
        check_set(problems, c.when.as_ref());
        check_set(problems, c.when_except.as_ref());
        check_set(problems, c.except.as_ref());
        check_set(problems, c.section.as_ref());
        Require {
            scope: c.scope,
            applies: Applies::of(&c.kinds, &c.section),
            when: c.when.is_some(),
            when_scope: c.when_scope,
        }
    }

    fn register(c: &RequireSpec, phrases: &mut Registrar<'_>) {
        phrases.lists(UseRole::Phrase, &c.zh, &c.en);
        phrases.regexes(c.regex.as_ref());
        phrases.set(UseRole::When, c.when.as_ref());
        phrases.set(UseRole::WhenExcept, c.when_except.as_ref());
        phrases.set(UseRole::Section, c.section.as_ref());
        phrases.set(UseRole::Allow, c.except.as_ref());
    }

    /// Report a scope that lacks every required phrase.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        for region in self.applies.regions(clause, ctx, hits) {
            self.run_region(clause, ctx, hits, region.as_deref(), out);
        }
    }

    /// The standard is present or absent in each region where the clause looks for its phrase
    /// (absent when one region lacks it), and not applicable without one.
    fn cover(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Cover>) {
        let mut judged = Judged::NotApplicable;
        if self.applies.kind_ok(ctx.doc) {
            for region in self.applies.regions(clause, ctx, hits) {
                let sections = region.as_deref();
                if !self.applies_to(clause, ctx, hits, sections) {
                    continue;
                }
                let here = if self.satisfied(clause, ctx, hits, sections) {
                    Judged::Present
                } else {
                    Judged::Absent
                };
                judged = judged.max(here);
            }
        }
        out.push(Cover { part: None, judged });
    }
}

#[cfg(test)]
mod tests {
    use super::Require;
    use crate::check::testing::found;

    const GREETING: &str = r#"
        scope = "first-agent-turn"
        zh = ["您好"]
        en = ["hello"]
    "#;

    #[test]
    fn flags_a_first_turn_without_a_greeting() {
        assert_eq!(
            found::<Require>(GREETING, "客服：请问有什么事？\n顾客：查快递。\n"),
            ["请问有什么事？"]
        );
    }

    #[test]
    fn passes_a_greeting_and_documents_without_the_scope() {
        for text in [
            "客服：您好，请问有什么事？\n",
            "Agent: Hello, how can I help?\n",
            "# 接待流程\n\n1. 查询订单\n",
        ] {
            assert_eq!(
                found::<Require>(GREETING, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    const APOLOGY: &str = r#"
        scope = "agent-turns"
        zh = ["抱歉"]
        when.zh = ["投诉"]
        when-scope = "customer-turns"
        except.zh = ["抱歉您这么想"]
    "#;

    #[test]
    fn a_trigger_gates_the_clause_and_an_exception_does_not_count() {
        assert_eq!(
            found::<Require>(APOLOGY, "顾客：我要投诉。\n客服：抱歉您这么想。\n"),
            ["投诉"]
        );
        assert!(found::<Require>(APOLOGY, "顾客：我要投诉。\n客服：非常抱歉。\n").is_empty());
        assert!(found::<Require>(APOLOGY, "顾客：你好。\n客服：请讲。\n").is_empty());
    }
}
