//! `forbid`: phrases that must not appear in a scope, unless inside a longer allowed phrase,
//! a counter-example, or a quotation that only names the phrase.

use super::spec::{PhraseSet, Phrases, Problems, RegexSet, Registrar, check_regexes};
use super::spec::{check_set, require_phrases};
use super::{Applies, Cover, Ctx, Draft, Judged, Kind, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model;
use serde::Deserialize;

/// `[check.forbid]`: phrases that must not appear.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ForbidSpec {
    /// Where to look (default `spoken`).
    #[serde(default = "spoken")]
    pub scope: Scope,
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Chinese phrases (strings, or `{ phrase = "…", suggestion = "…" }`).
    #[serde(default)]
    pub zh: Phrases,
    /// English phrases, matched as whole words, case-insensitively.
    #[serde(default)]
    pub en: Phrases,
    /// Regular expressions that must not match, alongside or instead of the phrases.
    #[serde(default)]
    pub regex: Option<RegexSet>,
    /// Longer phrases that hold a forbidden one but are fine ("不能让您久等", "no problem at all").
    #[serde(default)]
    pub allow: Option<PhraseSet>,
}

fn spoken() -> Scope {
    Scope::Spoken
}

/// One compiled `forbid` clause.
#[derive(Debug)]
pub struct Forbid {
    /// Where to look.
    pub scope: Scope,
    /// Kinds and sections.
    pub applies: Applies,
}

/// A quotation that holds nothing but the phrase names it rather than says it (`“不知道”`, "Unfortunately"),
/// and one that itself says not to say it ("we don't say 'Unfortunately …'").
pub(super) fn is_mention(ctx: &Ctx<'_>, hit: &Hit) -> bool {
    let Some(q) = ctx.seg(hit).quote else {
        return false;
    };
    let quote = ctx.doc.quotes[q as usize].inner;
    if let Some(before) = ctx.doc.text.get(quote.start..hit.span.start)
        && crate::lang::has_cue(before, &crate::lang::SENTENCE_CUES)
    {
        return true;
    }
    let inner = quote.text(&ctx.doc.text);
    let strip = |s: &str| -> String {
        s.chars()
            .filter(|c| !(c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punct(*c)))
            .flat_map(char::to_lowercase)
            .collect()
    };
    strip(inner) == strip(hit.span.text(&ctx.doc.text))
}

/// The suggestion as a replacement of the phrase where it stands: when the words just before the
/// phrase already say its subject ("退款的事**我**不知道", "我们也不清楚"), the suggestion's own
/// opening 我/我们 is left out, so the text does not become "我我帮您确认一下".
fn fit_subject<'s>(before: &str, suggestion: &'s str) -> &'s str {
    const ADVERBS: &[&str] = &["也", "真的", "确实", "实在", "都", "还", "是"];
    let before = before.trim_end();
    for subject in ["我们", "我"] {
        let Some(rest) = suggestion.strip_prefix(subject) else {
            continue;
        };
        let mut tail = before;
        for adverb in ADVERBS {
            if let Some(t) = tail.strip_suffix(adverb) {
                tail = t;
                break;
            }
        }
        if !rest.is_empty() && tail.ends_with(subject) {
            return rest;
        }
        // A suggestion opening with 我 after 我们 (or the other way) keeps its subject.
        return suggestion;
    }
    suggestion
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '…' | '—' | '’' | '‘')
}

impl Kind for Forbid {
    type Spec = ForbidSpec;
    const NAME: &'static str = "forbid";
    const PLACEHOLDERS: &'static [&'static str] = &["found"];
    const VOCABULARY: Option<super::VocabularyRoles> = Some(super::VocabularyRoles {
        extend: UseRole::Phrase,
        allow: Some(UseRole::Allow),
    });
    const PHRASE_CHECK: bool = true;

    fn compile(c: &ForbidSpec, problems: &mut Problems) -> Self {
        let regex = check_regexes(problems, c.regex.as_ref());
        require_phrases(problems, &c.zh, &c.en, regex, "forbid");
        check_set(problems, c.allow.as_ref());
        check_set(problems, c.section.as_ref());
        Forbid {
            scope: c.scope,
            applies: Applies::of(&c.kinds, &c.section),
        }
    }

    fn register(c: &ForbidSpec, phrases: &mut Registrar<'_>) {
        phrases.lists(UseRole::Phrase, &c.zh, &c.en);
        phrases.regexes(c.regex.as_ref());
        phrases.set(UseRole::Allow, c.allow.as_ref());
        phrases.set(UseRole::Section, c.section.as_ref());
    }

    /// Report every forbidden phrase in scope.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        let allowed = super::scope::Allowed::of(clause, hits);
        let mut found: Vec<(&Hit, &PatternUse)> = hits
            .iter()
            .filter(|(h, u)| {
                let seg = ctx.seg(h);
                u.clause == clause
                    && u.role == UseRole::Phrase
                    && ctx.in_scope(seg, self.scope)
                    && ctx.in_sections(seg, sections.as_deref())
                    && !ctx.is_counter(seg)
                    && !allowed.holds(h.span)
                    && !is_mention(ctx, h)
            })
            .map(|(h, u)| (h, u))
            .collect();
        found.sort_by_key(|(h, _)| (h.span.start, std::cmp::Reverse(h.span.end)));
        // Keep the longest of nested hits ("我不知道" over "不知道"), and of overlapping ones the first.
        // The kept hits are sorted and disjoint, so only the last one can overlap the next.
        let mut kept: Vec<(&Hit, &PatternUse)> = Vec::new();
        for (h, u) in found {
            if kept.last().is_some_and(|(k, _)| k.span.overlaps(h.span)) {
                continue;
            }
            kept.push((h, u));
        }
        for (h, u) in kept {
            out.push(Draft {
                span: h.span,
                found: h.span.text(&ctx.doc.text).to_string(),
                suggestion: u.suggestion.map(|s| {
                    let before = &ctx.doc.text[..h.span.start];
                    fit_subject(before, ctx.matcher.suggestion(s)).to_string()
                }),
                ..Draft::default()
            });
        }
    }

    /// The standard (phrasing free of these phrases) applies where there is text in scope.
    fn cover(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Cover>) {
        let sections = self.applies.sections(clause, ctx, hits);
        let applies =
            self.applies.kind_ok(ctx.doc) && ctx.anchor(self.scope, sections.as_deref()).is_some();
        out.push(Cover {
            part: None,
            judged: if applies {
                Judged::Applies
            } else {
                Judged::NotApplicable
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Forbid;
    use crate::check::testing::{found, problems, run};

    const SPEC: &str = r#"
        zh = [{ phrase = "不知道", suggestion = "我帮您查一下" }]
        en = ["no idea"]
        allow.zh = ["不知道的话"]
    "#;

    #[test]
    fn flags_a_forbidden_phrase_in_an_agent_turn() {
        let drafts = run::<Forbid>(SPEC, "客服：不知道。\n");
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].found, "不知道");
        assert_eq!(drafts[0].suggestion.as_deref(), Some("我帮您查一下"));
        assert_eq!(
            found::<Forbid>(SPEC, "Agent: I have no idea.\n"),
            ["no idea"]
        );
    }

    #[test]
    fn passes_allowed_phrases_customers_and_counter_examples() {
        for text in [
            "客服：不知道的话可以问我。\n",
            "顾客：我不知道。\n",
            "## 服务禁语\n\n- 不知道\n",
            "客服：请不要说“不知道”。\n",
        ] {
            assert_eq!(found::<Forbid>(SPEC, text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_suggestion_does_not_repeat_the_subject_before_the_phrase() {
        // The replacement of "不知道" in "我不知道" is "帮您查一下": the text reads "我帮您查一下".
        for (text, want) in [
            ("客服：退款的事我不知道。\n", "帮您查一下"),
            ("客服：这个我也不知道。\n", "帮您查一下"),
            ("客服：这个我们真的不知道。\n", "我帮您查一下"),
            ("客服：这个不知道。\n", "我帮您查一下"),
        ] {
            let drafts = run::<Forbid>(SPEC, text);
            assert_eq!(drafts[0].suggestion.as_deref(), Some(want), "{text}");
        }
        assert_eq!(super::fit_subject("这个我们", "我们来处理"), "来处理");
        assert_eq!(super::fit_subject("他", "我们来处理"), "我们来处理");
    }

    #[test]
    fn keeps_the_longest_of_nested_phrases() {
        let spec = r#"zh = ["不知道", "我不知道"]"#;
        assert_eq!(found::<Forbid>(spec, "客服：我不知道。\n"), ["我不知道"]);
    }

    #[test]
    fn a_clause_needs_phrases_or_patterns() {
        assert_eq!(
            problems::<Forbid>("scope = \"spoken\""),
            [
                "forbid has no phrases: give `zh = [...]` and/or `en = [...]` (or `regex.zh` / `regex.en`)"
            ]
        );
        assert!(problems::<Forbid>("regex.en = ['\\bnope\\b']").is_empty());
    }
}
