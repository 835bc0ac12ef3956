//! `time-consistency`: the same moment given different standards, within a document or across the
//! documents of one run. Each document yields small facts; the engine compares them after all files.

use super::Ctx;
use super::time_common::{Moment, in_counter, is_lower_bound, moment_hits, moment_of};
use crate::matcher::{Hit, PatternUse};
use crate::span::Span;
use crate::time::to_seconds;

/// One compiled `time-consistency` clause.
#[derive(Debug)]
pub struct TimeConsistency {
    /// The moments compared, in the order of `UseRole::Moment` indices.
    pub moments: Vec<Moment>,
}

/// One time standard for a moment: what cross-document comparison keeps of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeFact {
    /// The rule that compares (index in the rule set).
    pub rule: u32,
    /// The moment's id.
    pub moment: String,
    /// The moment's name in the document's message language.
    pub moment_name: String,
    /// The loosest value, in seconds (rings converted with ring-seconds).
    pub seconds: f64,
    /// The expression as written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Whether a suppression directive covers this place for the rule.
    pub suppressed: bool,
    /// Where the span starts and ends (filled in with the file's line index).
    pub start: crate::span::Position,
    /// Where the span ends.
    pub end: crate::span::Position,
}

impl TimeConsistency {
    /// The facts of one document; findings come from comparing facts (see `engine::cross_check`).
    pub fn facts(
        &self,
        rule: u32,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        out: &mut Vec<TimeFact>,
    ) {
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
            out.push(TimeFact {
                rule,
                moment: self.moments[m].id.clone(),
                moment_name: self.moments[m].name(ctx.ui).to_string(),
                seconds: to_seconds(value, e.unit, ctx.time.ring_seconds),
                text: e.span.text(&ctx.doc.text).to_string(),
                span: e.span,
                suppressed: false,
                start: Default::default(),
                end: Default::default(),
            });
        }
    }
}
