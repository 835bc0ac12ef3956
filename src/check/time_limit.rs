//! `time-limit`: a time standard looser than the limit for its moment (defaults: greeting 10 s,
//! phone answer 3 rings; `[time.limits]` in the config overrides).

use super::time_common::{Moment, in_counter, is_lower_bound, moment_hits, moment_of};
use super::{Applies, Ctx, Draft};
use crate::matcher::{Hit, PatternUse};
use crate::time::{TimeUnit, to_seconds};

/// One compiled `time-limit` clause.
#[derive(Debug)]
pub struct TimeLimit {
    /// Kinds and sections.
    pub applies: Applies,
    /// The moments, in the order of `UseRole::Moment` indices.
    pub moments: Vec<Moment>,
    /// The rule's default limits by moment id: (value, unit, as written).
    pub limits: Vec<(String, f64, TimeUnit, String)>,
}

impl super::Clause for TimeLimit {
    /// Report standards looser than their moment's limit.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let ring = ctx.time.ring_seconds;
        let moments = moment_hits(clause, hits);
        for std in ctx.times() {
            let e = &std.expr;
            let Some(value) = e.value() else { continue };
            if in_counter(ctx.doc, e.span.start) || is_lower_bound(ctx.doc, e) {
                continue;
            }
            let Some(m) = moment_of(ctx, &moments, std) else {
                continue;
            };
            let moment = &self.moments[m];
            let configured = ctx.time.limits.iter().find(|(id, ..)| id == &moment.id);
            let default = self.limits.iter().find(|(id, ..)| id == &moment.id);
            let Some((_, limit, unit, written)) = configured.or(default) else {
                continue;
            };
            // Compare like with like; rings and seconds meet through ring-seconds.
            let (mine, theirs) = if e.unit == *unit {
                (value, *limit)
            } else {
                (
                    to_seconds(value, e.unit, ring),
                    to_seconds(*limit, *unit, ring),
                )
            };
            if mine > theirs + 1e-9 {
                out.push(Draft {
                    span: e.span,
                    found: e.span.text(&ctx.doc.text).to_string(),
                    params: vec![
                        ("moment", moment.name(ctx.ui).to_string()),
                        ("limit", written.clone()),
                    ],
                    ..Draft::default()
                });
            }
        }
    }
}
