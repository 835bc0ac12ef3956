//! What the structural checks judge: every scope less its counter-examples.
//!
//! A teaching document's 错误示范 dialogue or "Bad example" block is the lesson, not the fault:
//! its first agent turn is no opening, its complaint no complaint. The phrasing rules skip
//! counter-examples segment by segment; the presence and order checks (greeting, closing,
//! apology, the new call-flow rules) skip them here, and their first and last agent turns are the
//! first and last that are not counter-examples. A document that shows a counter-example dialogue
//! is a teaching comparison, whose model dialogue is a fragment: it has no opening or closing turn.
//! The rows of a chat export shown in a fence (a dataset's sample, [`crate::model::Block::excerpt`])
//! are an excerpt of logged data: wording rules read them, these checks do not.

use super::{Ctx, Scope, Segment};
use crate::model::Role;
use crate::span::Span;

/// The first and last agent turns outside counter-examples.
#[derive(Clone, Copy, Debug)]
pub struct Judged {
    first_agent: Option<usize>,
    last_agent: Option<usize>,
}

impl Judged {
    /// The judged turns of a document.
    pub fn new(ctx: &Ctx<'_>) -> Self {
        // A row of a dataset's sample dialogue in a fence is an excerpt, not a call: it has no
        // opening or closing turn of its own.
        let judged = |t: &crate::model::Turn| {
            t.role == Role::Agent
                && !ctx
                    .doc
                    .blocks
                    .get(t.block)
                    .is_some_and(|b| b.counter || b.excerpt)
        };
        // A document that shows a counter-example dialogue is a teaching comparison: its model
        // dialogue is a fragment ("how to answer a chaser"), not a whole call, so it has no
        // opening or closing turn to judge.
        let teaching = ctx
            .doc
            .turns
            .iter()
            .any(|t| ctx.doc.blocks.get(t.block).is_some_and(|b| b.counter));
        if teaching {
            return Judged {
                first_agent: None,
                last_agent: None,
            };
        }
        Judged {
            first_agent: ctx.doc.turns.iter().position(judged),
            last_agent: ctx.doc.turns.iter().rposition(judged),
        }
    }

    /// Whether a segment is in a scope and not a counter-example.
    pub fn in_scope(&self, ctx: &Ctx<'_>, seg: &Segment, scope: Scope) -> bool {
        if ctx.is_counter(seg) {
            return false;
        }
        let block = &ctx.doc.blocks[seg.block as usize];
        // An excerpt of logged chats is read for its wording only: its complaint is data, not one
        // this document answers.
        if block.excerpt {
            return false;
        }
        // A counter-example heading ("错误示范：电话接听") names no moment either.
        if matches!(block.kind, crate::model::BlockKind::Heading { .. })
            && ctx
                .doc
                .sections
                .get(block.section)
                .is_some_and(|s| s.counter)
        {
            return false;
        }
        let turn = |wanted: Option<usize>, theirs: Option<usize>| {
            // Where the context's own turn is judged, its choice stands (whatever it is based on);
            // only a counter-example turn is replaced by the judged one.
            if theirs == wanted {
                ctx.in_scope(seg, scope)
            } else {
                !seg.code && seg.turn.is_some() && seg.turn.map(|t| t as usize) == wanted
            }
        };
        match scope {
            Scope::FirstAgentTurn => turn(self.first_agent, ctx.first_agent),
            Scope::LastAgentTurn => turn(self.last_agent, ctx.last_agent),
            _ => ctx.in_scope(seg, scope),
        }
    }

    /// Whether a segment shows that a scope holds something: in scope, or, for the whole document,
    /// inside a code fence outside counter-examples.
    pub fn shows_in(&self, ctx: &Ctx<'_>, seg: &Segment, scope: Scope) -> bool {
        self.in_scope(ctx, seg, scope)
            || (seg.code && scope == Scope::Document && !ctx.is_counter(seg))
    }

    /// Where to point when a whole scope lacks something: the first judged segment's block line.
    pub fn anchor(&self, ctx: &Ctx<'_>, scope: Scope, sections: Option<&[usize]>) -> Option<Span> {
        ctx.segs
            .iter()
            .find(|s| self.in_scope(ctx, s, scope) && ctx.in_sections(s, sections))
            .map(|s| ctx.doc.blocks[s.block as usize].span)
    }
}
