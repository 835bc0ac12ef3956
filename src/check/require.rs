//! `require`: a phrase must appear in a scope, optionally only when a trigger phrase is present.

use super::{Applies, Ctx, Draft, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};

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
    fn run_region(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
        out: &mut Vec<Draft>,
    ) {
        let Some(anchor) = ctx.anchor(self.scope, sections) else {
            return;
        };
        let mut trigger = None;
        if self.when {
            trigger = hits
                .iter()
                .filter(|(h, u)| {
                    let seg = ctx.seg(h);
                    u.clause == clause
                        && u.role == UseRole::When
                        && ctx.in_scope(seg, self.when_scope)
                        && ctx.in_sections(seg, sections)
                })
                .map(|(h, _)| h)
                .min_by_key(|h| h.span.start);
            if trigger.is_none() {
                return;
            }
        }
        let excepted = |h: &Hit| {
            hits.iter().any(|(e, u)| {
                u.clause == clause && u.role == UseRole::Allow && e.span.contains(h.span)
            })
        };
        let satisfied = hits.iter().any(|(h, u)| {
            let seg = ctx.seg(h);
            u.clause == clause
                && u.role == UseRole::Phrase
                && ctx.shows_in(seg, self.scope)
                && ctx.in_sections(seg, sections)
                && !excepted(h)
        });
        if satisfied {
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

impl super::Clause for Require {
    /// Report a scope that lacks every required phrase.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        for region in self.applies.regions(clause, ctx, hits) {
            self.run_region(clause, ctx, hits, region.as_deref(), out);
        }
    }
}
