//! `time-vague`: "尽快", "as soon as possible" where a number belongs — in an SOP step, or in an agent's
//! commitment to a later action. An in-call action ("我马上为您查询") commits to nothing later, and a
//! negated condition ("如遇无法尽快解决") sets no time.

use super::spec::{PhraseSet, Problems, Registrar, check_set};
use super::time_common::sentence;
use super::{Applies, Ctx, Draft, Kind, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{self, BlockKind, Role};
use crate::span::Span;
use serde::Deserialize;
use std::collections::HashSet;

/// `[check.time-vague]`: vague time words in SOP steps, or in an agent's commitment to a later action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeVagueSpec {
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// The vague words (尽快, as soon as possible, …).
    pub vague: PhraseSet,
    /// Words of a commitment to a later action (回复, get back to you); in agent turns a vague word
    /// fires only in the same sentence as one of them.
    pub commitments: PhraseSet,
    /// Longer phrases that hold a vague word but set no deadline ("see you soon").
    #[serde(default)]
    pub allow: Option<PhraseSet>,
    /// Words of a negated condition before the vague word in the same sentence ("如遇无法"): no time is set.
    #[serde(default)]
    pub negations: Option<PhraseSet>,
}

/// One compiled `time-vague` clause.
#[derive(Debug)]
pub struct TimeVague {
    /// Kinds and sections.
    pub applies: Applies,
}

impl Kind for TimeVague {
    type Spec = TimeVagueSpec;
    const NAME: &'static str = "time-vague";
    const PLACEHOLDERS: &'static [&'static str] = &["found"];

    fn compile(c: &TimeVagueSpec, problems: &mut Problems) -> Self {
        for set in [
            Some(&c.vague),
            Some(&c.commitments),
            c.allow.as_ref(),
            c.negations.as_ref(),
            c.section.as_ref(),
        ] {
            check_set(problems, set);
        }
        TimeVague {
            applies: Applies::of(&c.kinds, &c.section),
        }
    }

    fn register(c: &TimeVagueSpec, phrases: &mut Registrar<'_>) {
        phrases.set(UseRole::Phrase, Some(&c.vague));
        phrases.set(UseRole::When, Some(&c.commitments));
        phrases.set(UseRole::Allow, c.allow.as_ref());
        phrases.set(UseRole::Negation, c.negations.as_ref());
        phrases.set(UseRole::Section, c.section.as_ref());
    }

    /// Report vague time words that stand where a time standard belongs.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        // One pass over the hits sorts this clause's roles into span lists ordered by start, so each
        // candidate asks its sentence by binary search instead of scanning every hit (issue 13: a
        // long script was quadratic here).
        let mut candidates: Vec<&Hit> = Vec::new();
        let (mut allow, mut when, mut negations) = (Vec::new(), Vec::new(), Vec::new());
        for (h, u) in hits.iter().filter(|(_, u)| u.clause == clause) {
            match u.role {
                UseRole::Phrase => candidates.push(h),
                UseRole::Allow => allow.push(h.span),
                UseRole::When => when.push(h.span),
                UseRole::Negation => negations.push(h.span),
                _ => {}
            }
        }
        for list in [&mut allow, &mut when, &mut negations] {
            list.sort_unstable_by_key(|s| (s.start, s.end));
        }
        let mut numbers: Vec<Span> = ctx
            .times()
            .iter()
            .filter(|t| !t.expr.placeholder)
            .map(|t| t.expr.span)
            .collect();
        numbers.sort_unstable_by_key(|s| (s.start, s.end));
        let longest_allow = allow.iter().map(|s| s.end - s.start).max().unwrap_or(0);
        let mut reported: HashSet<usize> = HashSet::new();
        // Longest first, so "as soon as possible" is reported rather than the "soon" inside it.
        candidates.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        for hit in candidates {
            let seg = ctx.seg(hit);
            if seg.code || ctx.is_counter(seg) || !ctx.in_sections(seg, sections.as_deref()) {
                continue;
            }
            // An allowed phrase holding the hit starts at most `longest_allow` bytes before it.
            let upto = allow.partition_point(|a| a.start <= hit.span.start);
            if allow[..upto]
                .iter()
                .rev()
                .take_while(|a| a.start + longest_allow >= hit.span.end)
                .any(|a| a.contains(hit.span))
            {
                continue;
            }
            let role = seg.turn.map(|t| ctx.doc.turns[t as usize].role);
            let block_kind = ctx.doc.blocks[seg.block as usize].kind;
            let sent = sentence(ctx.doc, hit.span.start);
            if reported.contains(&sent.start) {
                continue;
            }
            let committed = within(&when, sent).any(|c| sent.contains(c));
            // A vague word sets (no) time only for a later action: 回复, 处理, get back to you.
            let applies = committed
                && match role {
                    Some(Role::Customer) => false,
                    Some(Role::Agent) => true,
                    None => {
                        ctx.doc.kind == model::Kind::Sop
                            && (matches!(
                                block_kind,
                                BlockKind::Step { .. }
                                    | BlockKind::Bullet
                                    | BlockKind::TableRow { .. }
                            ) || ctx.in_scope(seg, Scope::Spoken))
                    }
                }
                && !super::forbid::is_mention(ctx, hit);
            if !applies {
                continue;
            }
            let negated =
                within(&negations, sent).any(|n| sent.contains(n) && n.end <= hit.span.start);
            let has_number = within(&numbers, sent).any(|t| sent.contains(t));
            if negated || has_number {
                continue;
            }
            reported.insert(sent.start);
            out.push(Draft {
                span: hit.span,
                found: hit.span.text(&ctx.doc.text).to_string(),
                ..Draft::default()
            });
        }
    }
}

/// The spans of a start-sorted list that start inside `range`.
fn within(spans: &[Span], range: Span) -> impl Iterator<Item = Span> + '_ {
    let from = spans.partition_point(|s| s.start < range.start);
    spans[from..]
        .iter()
        .take_while(move |s| s.start < range.end)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::TimeVague;
    use crate::check::testing::found;

    const SPEC: &str = r#"
        vague.zh = ["尽快"]
        vague.en = ["as soon as possible", "soon"]
        commitments.zh = ["回复"]
        commitments.en = ["get back to you"]
        allow.en = ["see you soon"]
        negations.zh = ["无法"]
    "#;

    #[test]
    fn flags_a_vague_commitment() {
        assert_eq!(
            found::<TimeVague>(SPEC, "客服：我们会尽快回复您。\n"),
            ["尽快"]
        );
        assert_eq!(
            found::<TimeVague>(
                SPEC,
                "Agent: We will get back to you as soon as possible.\n"
            ),
            ["as soon as possible"]
        );
    }

    #[test]
    fn passes_in_call_actions_numbers_negations_and_customers() {
        for text in [
            "客服：我马上尽快为您查询。\n",
            "客服：我们会在24小时内尽快回复您。\n",
            "客服：如遇无法尽快回复的情况，请留言。\n",
            "顾客：请尽快回复我。\n",
            "Agent: I will get back to you, see you soon.\n",
        ] {
            assert_eq!(
                found::<TimeVague>(SPEC, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }
}
