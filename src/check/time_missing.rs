//! `time-missing`: an SOP section covers a customer moment (reception, phone, complaints, follow-up)
//! but states no time standard for it — and the document states none anywhere else either.

use super::time_common::Moment;
use super::{Applies, Ctx, Draft};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::BlockKind;

/// One compiled `time-missing` clause.
#[derive(Debug)]
pub struct TimeMissing {
    /// Kinds (default SOPs).
    pub applies: Applies,
    /// The moments, in the order of `UseRole::Moment` indices.
    pub moments: Vec<Moment>,
    /// Items a section needs to count as a procedure.
    pub min_items: usize,
}

impl super::Clause for TimeMissing {
    /// Report procedure sections about a moment that hold no time standard.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let doc = ctx.doc;
        // A document with a time-standards section of its own covers its moments there.
        let any_standard = ctx.times().iter().any(|t| !doc.blocks[t.block].counter);
        if any_standard {
            return;
        }
        let mut done: Vec<(usize, usize)> = Vec::new();
        for (h, u) in hits {
            let UseRole::Moment(m) = u.role else { continue };
            if u.clause != clause {
                continue;
            }
            let block = ctx.seg(h).block as usize;
            if !matches!(doc.blocks[block].kind, BlockKind::Heading { .. })
                || doc.blocks[block].counter
            {
                continue;
            }
            let section = doc.blocks[block].section;
            let m = m as usize;
            if done
                .iter()
                .any(|&(s, dm)| dm == m && doc.section_within(section, s))
            {
                continue;
            }
            let span = doc.sections[section].span;
            let items = doc
                .blocks
                .iter()
                .filter(|b| {
                    span.contains(b.span)
                        && matches!(b.kind, BlockKind::Step { .. } | BlockKind::Bullet)
                })
                .count();
            if items < self.min_items {
                continue;
            }
            let has_standard = ctx.times().iter().any(|t| span.contains(t.expr.span));
            done.push((section, m));
            if has_standard {
                continue;
            }
            out.push(Draft {
                span: doc.blocks[block].span,
                found: doc.blocks[block].content.text(&doc.text).to_string(),
                params: vec![("moment", self.moments[m].name(ctx.ui).to_string())],
                ..Draft::default()
            });
        }
    }
}
