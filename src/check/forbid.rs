//! `forbid`: phrases that must not appear in a scope, unless inside a longer allowed phrase,
//! a counter-example, or a quotation that only names the phrase.

use super::{Applies, Ctx, Draft, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};

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

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '…' | '—' | '’' | '‘')
}

impl super::Clause for Forbid {
    /// Report every forbidden phrase in scope.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        // Allowed phrases by segment: a long document has thousands of hits.
        let mut allowed: std::collections::HashMap<u32, Vec<crate::span::Span>> =
            std::collections::HashMap::new();
        for (h, _) in hits
            .iter()
            .filter(|(_, u)| u.clause == clause && u.role == UseRole::Allow)
        {
            allowed.entry(h.seg).or_default().push(h.span);
        }
        let mut found: Vec<(&Hit, &PatternUse)> = hits
            .iter()
            .filter(|(h, u)| {
                let seg = ctx.seg(h);
                u.clause == clause
                    && u.role == UseRole::Phrase
                    && ctx.in_scope(seg, self.scope)
                    && ctx.in_sections(seg, sections.as_deref())
                    && !ctx.is_counter(seg)
                    && !allowed
                        .get(&h.seg)
                        .is_some_and(|spans| spans.iter().any(|a| a.contains(h.span)))
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
                suggestion: u.suggestion.map(|s| ctx.matcher.suggestion(s).to_string()),
                ..Draft::default()
            });
        }
    }
}
