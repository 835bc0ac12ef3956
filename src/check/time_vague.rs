//! `time-vague`: "尽快", "as soon as possible" where a number belongs — in an SOP step, or in an agent's
//! commitment to a later action. An in-call action ("我马上为您查询") commits to nothing later, and a
//! negated condition ("如遇无法尽快解决") sets no time.

use super::scope::Allowed;
use super::spec::{PhraseSet, Problems, Registrar, check_set};
use super::time_common::{any_inside, role_spans, sentence, time_spans, within};
use super::{Applies, Ctx, Draft, Kind, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{self, BlockKind, Role};
use crate::span::Span;
use serde::Deserialize;

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
    const VOCABULARY: Option<super::VocabularyRoles> = Some(super::VocabularyRoles {
        extend: UseRole::Phrase,
        allow: Some(UseRole::Allow),
    });

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
    ///
    /// Each list of hits is sorted once and each sentence looks up only its own hits, so the
    /// check stays near-linear in the document (a binary search per vague word).
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        let allow = Allowed::of(clause, hits);
        let (commitments, negations) = (
            role_spans(clause, UseRole::When, hits),
            role_spans(clause, UseRole::Negation, hits),
        );
        let numbers = time_spans(ctx, false);
        // The sentences already reported (a set: a long table reports one per row).
        let mut reported: std::collections::HashSet<usize> = std::collections::HashSet::new();
        // Longest first, so "as soon as possible" is reported rather than the "soon" inside it.
        let mut candidates: Vec<&Hit> = hits
            .iter()
            .filter(|(_, u)| u.clause == clause && u.role == UseRole::Phrase)
            .map(|(h, _)| h)
            .collect();
        candidates.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        for hit in candidates {
            let seg = ctx.seg(hit);
            if seg.code || ctx.is_counter(seg) || !ctx.in_sections(seg, sections.as_deref()) {
                continue;
            }
            if allow.holds(hit.span) {
                continue;
            }
            if wrapped_conjunction(&ctx.doc.text, hit.span) {
                continue;
            }
            let role = seg.turn.map(|t| ctx.doc.turns[t as usize].role);
            let block_kind = ctx.doc.blocks[seg.block as usize].kind;
            let mut sent = sentence(ctx.doc, hit.span.start);
            // Quotation beats condition: a quoted promise is judged on its own words, so the
            // condition around it ("如遇当场无法处理的情况，请告诉顾客：“…”") neither cancels it nor
            // lends it a commitment.
            if let Some(q) = seg.quote {
                let inner = ctx.doc.quotes[q as usize].inner;
                sent = Span::new(sent.start.max(inner.start), sent.end.min(inner.end));
            }
            let committed = any_inside(&commitments, sent);
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
            // A negated condition governs the vague word only within its clause: "如遇无法尽快解决"
            // sets no time, but in "I'm unable to solve it right now, but I will get back to you
            // as soon as possible" the promise after the clause break stands.
            let negated = within(&negations, sent).iter().any(|n| {
                sent.contains(*n)
                    && n.end <= hit.span.start
                    && !clause_break(&ctx.doc.text[n.end..hit.span.start])
            });
            let has_number = any_inside(&numbers, sent);
            if negated || has_number || !reported.insert(sent.start) {
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

/// Whether a vague "soon" is the conjunction "as soon as I …" cut by a line break ("will follow up
/// with you as soon\nas I have an update"): the allowed phrases are matched within a line, so
/// the words after the break are read here. "as soon\nas possible" and "as soon\nas we can" stay
/// vague.
fn wrapped_conjunction(text: &str, hit: Span) -> bool {
    let found = &text[hit.start..hit.end];
    if !found.eq_ignore_ascii_case("soon") || !text[..hit.start].to_lowercase().ends_with("as ") {
        return false;
    }
    let after = &text[hit.end..text.len().min(hit.end + 40)];
    if !after
        .trim_start_matches([' ', '\t'])
        .starts_with(['\n', '\r'])
    {
        return false;
    }
    let words: Vec<String> = after
        .split_whitespace()
        .take(3)
        .map(|w| w.to_lowercase())
        .collect();
    let pronoun = [
        "i", "we", "you", "it", "the", "they", "he", "she", "your", "our",
    ];
    words.first().is_some_and(|w| w == "as")
        && words.get(1).is_some_and(|w| pronoun.contains(&w.as_str()))
        && !words
            .get(2)
            .is_some_and(|w| ["can", "possibly", "can."].contains(&w.as_str()))
}

/// Whether the words between a negation and a vague word end the negation's clause: a comma,
/// a semicolon or colon, or a "but".
fn clause_break(between: &str) -> bool {
    between.contains(['，', ',', '；', ';', '：', ':', '、'])
        || between.contains("但")
        || between
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.eq_ignore_ascii_case("but"))
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
    fn a_conjunction_cut_by_a_line_break_is_no_vague_time() {
        let spec = SPEC.replace(
            r#"allow.en = ["see you soon"]"#,
            r#"allow.en = ["as soon as I"]"#,
        );
        let text = "Agent: Hi, how can I help?\nCustomer: Hi.\nAgent: I will get back to you as soon \nas I have an update.\n";
        assert!(found::<TimeVague>(&spec, text).is_empty());
        for text in [
            "Agent: Hi, how can I help?\nCustomer: Hi.\nAgent: I will get back to you as soon\nas we can.\n",
            "Agent: Hi, how can I help?\nCustomer: Hi.\nAgent: I will get back to you soon\nas I said.\n",
        ] {
            assert_eq!(found::<TimeVague>(&spec, text).len(), 1, "{text:?}");
        }
    }

    #[test]
    fn a_quoted_promise_beats_the_condition_around_it() {
        let text = "---\nkind: sop\n---\n1. 如遇无法处理的情况，请告诉顾客：“我们会尽快回复您。”\n";
        assert_eq!(found::<TimeVague>(SPEC, text), ["尽快"]);
    }

    #[test]
    fn a_negation_before_a_clause_break_does_not_cancel_a_later_promise() {
        assert_eq!(
            found::<TimeVague>(SPEC, "客服：现在无法查到，但我会尽快回复您。\n"),
            ["尽快"]
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
            // A negated condition with no quoted promise stays silent.
            "客服：如无法尽快回复，请转主管。\n",
        ] {
            assert_eq!(
                found::<TimeVague>(SPEC, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }
}
