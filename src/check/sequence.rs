//! `sequence`: named steps (each a phrase set) that must all be present, or come in order.

use super::{Applies, Ctx, Draft, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::Lang;
use crate::ruleset::schema::SequenceMode;
use crate::span::Span;

/// One compiled `sequence` clause.
#[derive(Debug)]
pub struct Sequence {
    /// Where the steps are.
    pub scope: Scope,
    /// Kinds and sections.
    pub applies: Applies,
    /// Whether trigger phrases gate the clause.
    pub when: bool,
    /// Where triggers are looked for.
    pub when_scope: Scope,
    /// Order or completeness.
    pub mode: SequenceMode,
    /// With `complete`: steps that must be present before missing ones count.
    pub min_present: usize,
    /// Step names (zh, en), in order.
    pub names: Vec<(String, String)>,
}

impl Sequence {
    fn name(&self, step: usize, ui: Lang) -> String {
        let (zh, en) = &self.names[step];
        match ui {
            Lang::Zh => zh.clone(),
            Lang::En => en.clone(),
        }
    }

    fn run_region(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
        out: &mut Vec<Draft>,
    ) {
        if self.when {
            let triggered = hits.iter().any(|(h, u)| {
                let seg = ctx.seg(h);
                u.clause == clause
                    && u.role == UseRole::When
                    && ctx.in_scope(seg, self.when_scope)
                    && ctx.in_sections(seg, sections)
            });
            if !triggered {
                return;
            }
        }
        // The first place each step shows.
        let mut first: Vec<Option<Span>> = vec![None; self.names.len()];
        for (h, u) in hits {
            let UseRole::Step(step) = u.role else {
                continue;
            };
            let seg = ctx.seg(h);
            if u.clause != clause
                || !ctx.in_scope(seg, self.scope)
                || !ctx.in_sections(seg, sections)
            {
                continue;
            }
            let slot = &mut first[step as usize];
            if slot.is_none_or(|s| h.span.start < s.start) {
                *slot = Some(h.span);
            }
        }
        let present: Vec<(usize, Span)> = first
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect();
        match self.mode {
            SequenceMode::Order => self.order(ctx, present, out),
            SequenceMode::Complete => self.complete(ctx, &present, sections, out),
        }
    }

    fn order(&self, ctx: &Ctx<'_>, mut present: Vec<(usize, Span)>, out: &mut Vec<Draft>) {
        present.sort_by_key(|(_, s)| s.start);
        for pair in present.windows(2) {
            let (early, early_span) = pair[0];
            let (late, late_span) = pair[1];
            if early > late {
                let step = self.name(early, ctx.ui);
                let before = self.name(late, ctx.ui);
                let (here, there) = match ctx.ui {
                    Lang::Zh => (format!("“{step}”在这里"), format!("“{before}”应在它之前")),
                    Lang::En => (
                        format!("\"{step}\" comes here"),
                        format!("\"{before}\" should come before it"),
                    ),
                };
                out.push(Draft {
                    span: early_span,
                    found: early_span.text(&ctx.doc.text).to_string(),
                    params: vec![("step", step), ("before", before)],
                    suggestion: None,
                    labels: vec![(early_span, here), (late_span, there)],
                });
            }
        }
    }

    fn complete(
        &self,
        ctx: &Ctx<'_>,
        present: &[(usize, Span)],
        sections: Option<&[usize]>,
        out: &mut Vec<Draft>,
    ) {
        if present.len() < self.min_present.max(1) || present.len() == self.names.len() {
            return;
        }
        let missing: Vec<String> = (0..self.names.len())
            .filter(|i| !present.iter().any(|(p, _)| p == i))
            .map(|i| self.name(i, ctx.ui))
            .collect();
        let joined = match ctx.ui {
            Lang::Zh => missing.join("、"),
            Lang::En => missing.join(", "),
        };
        let span = sections
            .and_then(|s| s.first())
            .and_then(|&s| ctx.doc.sections[s].heading)
            .map(|b| ctx.doc.blocks[b].span)
            .or_else(|| ctx.anchor(self.scope, sections))
            .unwrap_or_default();
        out.push(Draft {
            span,
            found: String::new(),
            params: vec![("missing", joined)],
            suggestion: None,
            labels: present
                .iter()
                .map(|(i, s)| (*s, self.name(*i, ctx.ui)))
                .collect(),
        });
    }
}

impl super::Clause for Sequence {
    /// Report steps out of order, or missing steps.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        for region in self.applies.regions(clause, ctx, hits) {
            self.run_region(clause, ctx, hits, region.as_deref(), out);
        }
    }
}
