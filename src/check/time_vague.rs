//! `time-vague`: "尽快", "as soon as possible" where a number belongs — in an SOP step, or in an agent's
//! commitment to a later action. An in-call action ("我马上为您查询") commits to nothing later, and a
//! negated condition ("如遇无法尽快解决") sets no time.

use super::time_common::sentence;
use super::{Applies, Ctx, Draft, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{BlockKind, Kind, Role};

/// One compiled `time-vague` clause.
#[derive(Debug)]
pub struct TimeVague {
    /// Kinds and sections.
    pub applies: Applies,
}

impl super::Clause for TimeVague {
    /// Report vague time words that stand where a time standard belongs.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        let of = |role: UseRole| {
            hits.iter()
                .filter(move |(_, u)| u.clause == clause && u.role == role)
                .map(|(h, _)| h)
        };
        let mut reported: Vec<usize> = Vec::new();
        // Longest first, so "as soon as possible" is reported rather than the "soon" inside it.
        let mut candidates: Vec<&Hit> = of(UseRole::Phrase).collect();
        candidates.sort_by_key(|h| (h.span.start, std::cmp::Reverse(h.span.end)));
        for hit in candidates {
            let seg = ctx.seg(hit);
            if seg.code || ctx.is_counter(seg) || !ctx.in_sections(seg, sections.as_deref()) {
                continue;
            }
            if of(UseRole::Allow).any(|a| a.span.contains(hit.span)) {
                continue;
            }
            let role = seg.turn.map(|t| ctx.doc.turns[t as usize].role);
            let block_kind = ctx.doc.blocks[seg.block as usize].kind;
            let sent = sentence(ctx.doc, hit.span.start);
            let committed = of(UseRole::When).any(|c| sent.contains(c.span));
            // A vague word sets (no) time only for a later action: 回复, 处理, get back to you.
            let applies = committed
                && match role {
                    Some(Role::Customer) => false,
                    Some(Role::Agent) => true,
                    None => {
                        ctx.doc.kind == Kind::Sop
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
            let negated = of(UseRole::Negation)
                .any(|n| sent.contains(n.span) && n.span.end <= hit.span.start);
            let has_number = ctx
                .times()
                .iter()
                .any(|t| !t.expr.placeholder && sent.contains(t.expr.span));
            if negated || has_number || reported.contains(&sent.start) {
                continue;
            }
            reported.push(sent.start);
            out.push(Draft {
                span: hit.span,
                found: hit.span.text(&ctx.doc.text).to_string(),
                ..Draft::default()
            });
        }
    }
}
