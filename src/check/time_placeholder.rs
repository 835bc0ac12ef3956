//! `time-placeholder`: a time standard whose number was never filled in (`在xx秒内`, `___ minutes`, `N rings`).

use super::time_common::in_counter;
use super::{Applies, Ctx, Draft};
use crate::matcher::{Hit, PatternUse};

/// One compiled `time-placeholder` clause.
#[derive(Debug)]
pub struct TimePlaceholder {
    /// Kinds and sections.
    pub applies: Applies,
}

/// Text that talks about a template ("the time-standard template (greet within xx seconds …)",
/// "placeholder standards: …") names its placeholders rather than leaving them unfilled.
fn describes_template(ctx: &Ctx<'_>, offset: usize) -> bool {
    let Some(b) = ctx.doc.block_at(offset) else {
        return false;
    };
    let start = ctx.doc.blocks[b].content.start.min(offset);
    let before = ctx.doc.text.get(start..offset).unwrap_or("").to_lowercase();
    ["template", "placeholder", "模板", "占位"]
        .iter()
        .any(|w| before.contains(w))
}

impl super::Clause for TimePlaceholder {
    /// Report every placeholder time standard.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        for std in ctx.times() {
            let e = &std.expr;
            if !e.placeholder
                || in_counter(ctx.doc, e.span.start)
                || describes_template(ctx, e.span.start)
            {
                continue;
            }
            if let Some(s) = &sections {
                let own = ctx.doc.blocks[std.block].section;
                if !s.iter().any(|&t| ctx.doc.section_within(own, t)) {
                    continue;
                }
            }
            out.push(Draft {
                span: e.span,
                found: e.span.text(&ctx.doc.text).to_string(),
                ..Draft::default()
            });
        }
    }
}
