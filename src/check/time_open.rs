//! `time-open`: an agent promises a later action (回电, 跟进, get back to you) and gives no time at
//! all — not even a vague one. A question ("什么时候联系您比较方便？") promises nothing, a customer's
//! words are no promise, and a time anywhere in the sentence (a number, 今天, tomorrow, 尽快) is
//! time/vague's or nobody's business.

use super::scope::Allowed;
use super::spec::{PhraseSet, Problems, Registrar, check_set};
use super::time_common::{any_inside, role_spans, sentence, time_spans};
use super::{Applies, Ctx, Draft, Kind, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{self, Role};
use crate::span::Span;
use serde::Deserialize;

/// `[check.time-open]`: a promise of a later action with no time.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeOpenSpec {
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Promises of a later action by the agent (给您回电, 跟进, get back to you).
    pub promises: PhraseSet,
    /// Words that give the promise a time, exact or vague (今天, 明天, 尽快, tomorrow, soon): any
    /// of them in the sentence, like any time expression, silences it.
    pub timing: PhraseSet,
    /// Longer phrases that hold a promise but are none ("随时联系我们").
    #[serde(default)]
    pub allow: Option<PhraseSet>,
}

/// One compiled `time-open` clause.
#[derive(Debug)]
pub struct TimeOpen {
    /// Kinds and sections.
    pub applies: Applies,
}

impl Kind for TimeOpen {
    type Spec = TimeOpenSpec;
    const NAME: &'static str = "time-open";
    const PLACEHOLDERS: &'static [&'static str] = &["found"];
    const VOCABULARY: Option<super::VocabularyRoles> = Some(super::VocabularyRoles {
        extend: UseRole::Phrase,
        allow: Some(UseRole::Allow),
    });

    fn compile(c: &TimeOpenSpec, problems: &mut Problems) -> Self {
        for set in [
            Some(&c.promises),
            Some(&c.timing),
            c.allow.as_ref(),
            c.section.as_ref(),
        ] {
            check_set(problems, set);
        }
        TimeOpen {
            applies: Applies::of(&c.kinds, &c.section),
        }
    }

    fn register(c: &TimeOpenSpec, phrases: &mut Registrar<'_>) {
        phrases.set(UseRole::Phrase, Some(&c.promises));
        phrases.set(UseRole::When, Some(&c.timing));
        phrases.set(UseRole::Allow, c.allow.as_ref());
        phrases.set(UseRole::Section, c.section.as_ref());
    }

    /// Report promises of a later action whose sentence gives no time.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        let allow = Allowed::of(clause, hits);
        let timing = role_spans(clause, UseRole::When, hits);
        let numbers = time_spans(ctx, true);
        let mut promises: Vec<&Hit> = hits
            .iter()
            .filter(|(_, u)| u.clause == clause && u.role == UseRole::Phrase)
            .map(|(h, _)| h)
            .collect();
        promises.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        // The sentences already reported (a set: a long script reports one per turn).
        let mut reported: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for hit in promises {
            let seg = ctx.seg(hit);
            if seg.code || ctx.is_counter(seg) || !ctx.in_sections(seg, sections.as_deref()) {
                continue;
            }
            let spoken = match seg.turn.map(|t| ctx.doc.turns[t as usize].role) {
                Some(Role::Agent) => true,
                Some(Role::Customer) => false,
                None => ctx.in_scope(seg, Scope::Spoken),
            };
            if !spoken || super::forbid::is_mention(ctx, hit) {
                continue;
            }
            if allow.holds(hit.span) {
                continue;
            }
            let mut sent = sentence(ctx.doc, hit.span.start);
            if let Some(q) = seg.quote {
                let inner = ctx.doc.quotes[q as usize].inner;
                sent = Span::new(sent.start.max(inner.start), sent.end.min(inner.end));
            }
            // A question asks; it promises nothing.
            let question = ctx
                .doc
                .text
                .get(sent.end..)
                .is_some_and(|rest| rest.starts_with(['?', '？']));
            // The time may also stand in the sentence just before, in the same block: "they'll
            // reach out within 2 days. I'll also follow up with you" continues a timed promise.
            let block = ctx.doc.blocks[seg.block as usize].content;
            let mut before = sent;
            if sent.start > block.start {
                let mut at = sent.start - 1;
                while at > block.start && !ctx.doc.text.is_char_boundary(at) {
                    at -= 1;
                }
                let prev = sentence(ctx.doc, at.saturating_sub(1).max(block.start));
                before = Span::new(prev.start.max(block.start), sent.end);
            }
            let timed = any_inside(&timing, before) || any_inside(&numbers, before);
            if question || timed || !reported.insert(sent.start) {
                continue;
            }
            out.push(Draft {
                span: hit.span,
                found: hit.span.text(&ctx.doc.text).to_string(),
                ..Draft::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TimeOpen;
    use crate::check::testing::found;

    const SPEC: &str = r#"
        promises.zh = ["回复您", "联系您"]
        promises.en = ["get back to you"]
        timing.zh = ["尽快", "明天"]
        timing.en = ["soon", "tomorrow"]
        allow.zh = ["随时联系您"]
    "#;

    #[test]
    fn flags_a_promise_without_a_time() {
        assert_eq!(
            found::<TimeOpen>(SPEC, "客服：核查完会回复您。\n"),
            ["回复您"]
        );
        assert_eq!(
            found::<TimeOpen>(SPEC, "Agent: I'll get back to you.\n"),
            ["get back to you"]
        );
    }

    #[test]
    fn passes_timed_promises_questions_customers_and_allowed_phrases() {
        for text in [
            "客服：明天回复您。\n",
            "客服：我们会尽快回复您。\n",
            "客服：2小时内回复您。\n",
            "客服：什么时候联系您比较方便？\n",
            "顾客：那你们核查完回复我。\n",
            "Customer: Please get back to you, he said.\n",
            "Agent: I'll get back to you tomorrow.\n",
            "客服：我们会随时联系您。\n",
            "Agent: Billing will reply tomorrow. I'll also get back to you.\n",
        ] {
            assert_eq!(
                found::<TimeOpen>(SPEC, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }
}
