//! Check kinds: the Rust behind the rule files. One file per kind; a shared phrase matcher.

pub mod forbid;
pub mod require;
pub mod sequence;
pub mod time_common;
pub mod time_consistency;
pub mod time_limit;
pub mod time_missing;
pub mod time_placeholder;
pub mod time_vague;

use crate::matcher::{Hit, Matcher, PatternUse, UseRole};
use crate::model::{BlockKind, Document, Kind, Lang, Role};
pub use crate::ruleset::schema::ScopeName as Scope;
use crate::span::Span;

/// A compiled check: one variant per kind, each with its clauses.
#[derive(Debug)]
pub enum Check {
    /// Phrases that must not appear.
    Forbid(Vec<forbid::Forbid>),
    /// A phrase that must appear.
    Require(Vec<require::Require>),
    /// Named steps in order, or all present.
    Sequence(Vec<sequence::Sequence>),
    /// Placeholder numbers in time standards.
    TimePlaceholder(Vec<time_placeholder::TimePlaceholder>),
    /// Vague time words where a number belongs.
    TimeVague(Vec<time_vague::TimeVague>),
    /// Moments without a time standard.
    TimeMissing(Vec<time_missing::TimeMissing>),
    /// Standards looser than their limit.
    TimeLimit(Vec<time_limit::TimeLimit>),
    /// Different standards for one moment.
    TimeConsistency(Vec<time_consistency::TimeConsistency>),
    /// Findings the engine emits itself.
    Engine,
}

impl Check {
    /// The kind's name as written in rule files.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Check::Forbid(_) => "forbid",
            Check::Require(_) => "require",
            Check::Sequence(_) => "sequence",
            Check::TimePlaceholder(_) => "time-placeholder",
            Check::TimeVague(_) => "time-vague",
            Check::TimeMissing(_) => "time-missing",
            Check::TimeLimit(_) => "time-limit",
            Check::TimeConsistency(_) => "time-consistency",
            Check::Engine => "engine",
        }
    }

    /// The placeholders a message of this kind may use.
    pub fn placeholders(&self) -> &'static [&'static str] {
        match self {
            Check::Forbid(_) => &["found"],
            Check::Require(_) => &["found"],
            Check::Sequence(_) => &["found", "missing", "step", "before"],
            Check::TimePlaceholder(_) | Check::TimeVague(_) => &["found"],
            Check::TimeMissing(_) => &["found", "moment"],
            Check::TimeLimit(_) => &["found", "moment", "limit"],
            Check::TimeConsistency(_) => &["found", "moment", "other"],
            Check::Engine => &["found", "detail"],
        }
    }

    /// Whether the check's findings are phrase findings that may overlap another rule's.
    pub fn is_phrase_check(&self) -> bool {
        matches!(self, Check::Forbid(_))
    }

    /// Run the check on a document, given this rule's phrase hits.
    pub fn run(&self, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)]) -> Vec<Draft> {
        let mut out = Vec::new();
        match self {
            Check::Forbid(c) => run_clauses(c, ctx, hits, &mut out),
            Check::Require(c) => run_clauses(c, ctx, hits, &mut out),
            Check::Sequence(c) => run_clauses(c, ctx, hits, &mut out),
            Check::TimePlaceholder(c) => run_clauses(c, ctx, hits, &mut out),
            Check::TimeVague(c) => run_clauses(c, ctx, hits, &mut out),
            Check::TimeMissing(c) => run_clauses(c, ctx, hits, &mut out),
            Check::TimeLimit(c) => run_clauses(c, ctx, hits, &mut out),
            // Consistency compares documents: its findings come from `facts` via the engine.
            Check::TimeConsistency(_) | Check::Engine => {}
        }
        out
    }

    /// The cross-document facts of a document (time standards per moment), for checks that compare documents.
    pub fn facts(
        &self,
        rule: u32,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
    ) -> Vec<time_consistency::TimeFact> {
        let mut out = Vec::new();
        if let Check::TimeConsistency(clauses) = self {
            for (i, clause) in clauses.iter().enumerate() {
                clause.facts(rule, i as u16, ctx, hits, &mut out);
            }
        }
        out
    }
}

/// One clause of a check kind: what every kind's file implements.
pub trait Clause {
    /// Add the clause's drafts for a document; `clause` is its index, matching `PatternUse::clause`.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>);
}

fn run_clauses<C: Clause>(
    clauses: &[C],
    ctx: &Ctx<'_>,
    hits: &[(Hit, PatternUse)],
    out: &mut Vec<Draft>,
) {
    for (i, clause) in clauses.iter().enumerate() {
        clause.run(i as u16, ctx, hits, out);
    }
}

/// Where a clause applies: document kinds and heading-selected sections.
#[derive(Clone, Debug, Default)]
pub struct Applies {
    /// Document kinds, or all.
    pub kinds: Option<Vec<Kind>>,
    /// Whether the clause is limited to sections selected by heading phrases.
    pub section: bool,
}

impl Applies {
    /// Whether the clause applies to this document's kind.
    pub fn kind_ok(&self, doc: &Document) -> bool {
        self.kinds.as_ref().is_none_or(|k| k.contains(&doc.kind))
    }

    /// The sections the clause is limited to (None: no limit).
    pub fn sections(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
    ) -> Option<Vec<usize>> {
        if !self.section {
            return None;
        }
        let mut selected: Vec<usize> = hits
            .iter()
            .filter(|(h, u)| {
                u.clause == clause
                    && u.role == UseRole::Section
                    && matches!(
                        ctx.doc.blocks[ctx.segs[h.seg as usize].block as usize].kind,
                        BlockKind::Heading { .. }
                    )
            })
            .map(|(h, _)| ctx.doc.blocks[ctx.segs[h.seg as usize].block as usize].section)
            .collect();
        selected.sort_unstable();
        selected.dedup();
        Some(selected)
    }

    /// The regions a presence or order check judges separately: the whole document once, or each
    /// selected section (outermost ones; a nested selected section belongs to its parent's region).
    pub fn regions(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
    ) -> Vec<Option<Vec<usize>>> {
        match self.sections(clause, ctx, hits) {
            None => vec![None],
            Some(selected) => selected
                .iter()
                .filter(|&&s| {
                    !selected
                        .iter()
                        .any(|&t| t != s && ctx.doc.section_within(s, t))
                })
                .map(|&s| Some(vec![s]))
                .collect(),
        }
    }
}

/// A piece of lintable text: part of one block, outside code, URLs, placeholders and stage directions,
/// and either wholly inside or wholly outside one quotation.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    /// Where.
    pub span: Span,
    /// The block holding it.
    pub block: u32,
    /// The turn it belongs to, if any.
    pub turn: Option<u32>,
    /// The quotation it lies in, if any.
    pub quote: Option<u32>,
    /// Whether it is the body of a code fence: never linted, but it counts as evidence that a
    /// section holds a step (script collections keep their scripts in fences).
    pub code: bool,
}

/// Cut a document into segments.
///
/// One sweep over the blocks, the quotes and the inline spans (all three sorted), writing each
/// segment straight into the result: no list of regions, pieces or holes is built per block.
pub fn segments(doc: &Document) -> Vec<Segment> {
    let block_turn = block_turns(doc);
    // Each region (a block's content, or a table cell) gives one segment, each quote inside it
    // two more and each inline span at most one more.
    let cells: usize = doc
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|row| row.len())
        .sum();
    let mut segs =
        Vec::with_capacity(doc.blocks.len() + cells + 2 * doc.quotes.len() + doc.inlines.len());
    let mut inline_at = 0;
    let mut quote_at = 0;
    for (b, block) in doc.blocks.iter().enumerate() {
        let regions: &[Span] = match block.kind {
            BlockKind::Comment => continue,
            BlockKind::Fence => {
                if let Some(body) = fence_body(&doc.text, block.span) {
                    segs.push(Segment {
                        span: body,
                        block: b as u32,
                        turn: None,
                        quote: None,
                        code: true,
                    });
                }
                continue;
            }
            BlockKind::TableRow { table, row } => &doc.tables[table].rows[row],
            _ => std::slice::from_ref(&block.content),
        };
        for &region in regions {
            if region.is_empty() {
                continue;
            }
            while inline_at < doc.inlines.len() && doc.inlines[inline_at].span.end <= region.start {
                inline_at += 1;
            }
            while quote_at < doc.quotes.len() && doc.quotes[quote_at].inner.end < region.start {
                quote_at += 1;
            }
            // Cut points: quotes become pieces of their own, and excluded inlines are cut out of
            // every piece; both lists are sorted, so one sweep each (linear in the tokens of the
            // block).
            let mut cutter = Cutter {
                segs: &mut segs,
                holes: &doc.inlines[inline_at..],
                next_hole: 0,
                block: b as u32,
                turn: block_turn[b],
            };
            let mut cursor = region.start;
            for (q, quote) in doc.quotes.iter().enumerate().skip(quote_at) {
                if quote.inner.start >= region.end {
                    break;
                }
                if quote.block != b || !region.contains(quote.inner) || quote.inner.start < cursor {
                    continue;
                }
                cutter.piece(Span::new(cursor, quote.inner.start), None);
                cutter.piece(quote.inner, Some(q as u32));
                cursor = quote.inner.end;
            }
            cutter.piece(Span::new(cursor, region.end), None);
        }
    }
    segs
}

/// For each block, the turn it belongs to: a turn's opening block and the blocks that start
/// before its body ends (a later turn wins where two overlap).
fn block_turns(doc: &Document) -> Vec<Option<u32>> {
    let mut block_turn: Vec<Option<u32>> = vec![None; doc.blocks.len()];
    for (t, turn) in doc.turns.iter().enumerate() {
        let mut b = turn.block;
        while b < doc.blocks.len() && (b == turn.block || doc.blocks[b].span.start < turn.body.end)
        {
            block_turn[b] = Some(t as u32);
            b += 1;
        }
    }
    block_turn
}

/// Writes the pieces of one region into the segments, less the inline spans that are not words.
struct Cutter<'a> {
    segs: &'a mut Vec<Segment>,
    /// The inline spans from the first that ends after the region's start, sorted by start
    /// (they may overlap); those starting past the region are never reached.
    holes: &'a [crate::model::Inline],
    /// The first hole that may still reach into a later piece.
    next_hole: usize,
    block: u32,
    turn: Option<u32>,
}

impl Cutter<'_> {
    /// Add what is left of `span` (a piece after the previous one, in the region) once the holes
    /// are cut out of it, each part a segment in quotation `quote`.
    fn piece(&mut self, span: Span, quote: Option<u32>) {
        let holes = self.holes;
        let mut h = self.next_hole;
        while h < holes.len() && holes[h].span.end <= span.start {
            h += 1;
        }
        self.next_hole = h;
        let mut start = span.start;
        for hole in &holes[h..] {
            let hole = hole.span;
            if hole.start >= span.end {
                break;
            }
            if hole.start > start {
                self.push(Span::new(start, hole.start), quote);
            }
            start = start.max(hole.end);
        }
        if start < span.end {
            self.push(Span::new(start, span.end), quote);
        }
    }

    fn push(&mut self, span: Span, quote: Option<u32>) {
        self.segs.push(Segment {
            span,
            block: self.block,
            turn: self.turn,
            quote,
            code: false,
        });
    }
}

/// The lines between a fence's opening and closing markers.
fn fence_body(text: &str, span: Span) -> Option<Span> {
    let raw = span.text(text);
    let first_end = raw.find('\n')? + 1;
    let mut end = raw.len();
    let trimmed = raw.trim_end();
    if let Some(last_start) = trimmed.rfind('\n') {
        let last = trimmed[last_start + 1..].trim_start();
        if last.starts_with("```") || last.starts_with("~~~") {
            end = last_start;
        }
    }
    (first_end < end).then(|| Span::new(span.start + first_end, span.start + end))
}

/// The segments checked against the first way of cutting them, which built every region's pieces
/// and holes as lists of their own.
#[cfg(test)]
mod segment_tests {
    use super::{BlockKind, Document, Segment, Span, fence_body, segments};
    use crate::parse::{ParseOptions, parse};
    use proptest::prelude::*;

    /// The reference: regions, pieces and holes collected per block, then cut.
    fn reference(doc: &Document) -> Vec<Segment> {
        let mut block_turn: Vec<Option<u32>> = vec![None; doc.blocks.len()];
        for (t, turn) in doc.turns.iter().enumerate() {
            let mut b = turn.block;
            while b < doc.blocks.len()
                && (b == turn.block || doc.blocks[b].span.start < turn.body.end)
            {
                block_turn[b] = Some(t as u32);
                b += 1;
            }
        }
        let mut segs = Vec::new();
        let mut inline_at = 0;
        let mut quote_at = 0;
        for (b, block) in doc.blocks.iter().enumerate() {
            let regions: Vec<Span> = match block.kind {
                BlockKind::Comment => continue,
                BlockKind::Fence => {
                    if let Some(body) = fence_body(&doc.text, block.span) {
                        segs.push(Segment {
                            span: body,
                            block: b as u32,
                            turn: None,
                            quote: None,
                            code: true,
                        });
                    }
                    continue;
                }
                BlockKind::TableRow { table, row } => doc.tables[table].rows[row].clone(),
                _ => vec![block.content],
            };
            for region in regions {
                if region.is_empty() {
                    continue;
                }
                while inline_at < doc.inlines.len()
                    && doc.inlines[inline_at].span.end <= region.start
                {
                    inline_at += 1;
                }
                while quote_at < doc.quotes.len() && doc.quotes[quote_at].inner.end < region.start {
                    quote_at += 1;
                }
                let mut pieces: Vec<(Span, Option<u32>)> = Vec::new();
                let mut cursor = region.start;
                for q in quote_at..doc.quotes.len() {
                    let quote = &doc.quotes[q];
                    if quote.inner.start >= region.end {
                        break;
                    }
                    if quote.block != b
                        || !region.contains(quote.inner)
                        || quote.inner.start < cursor
                    {
                        continue;
                    }
                    pieces.push((Span::new(cursor, quote.inner.start), None));
                    pieces.push((quote.inner, Some(q as u32)));
                    cursor = quote.inner.end;
                }
                pieces.push((Span::new(cursor, region.end), None));
                let holes: Vec<Span> = doc.inlines[inline_at..]
                    .iter()
                    .take_while(|i| i.span.start < region.end)
                    .map(|i| i.span)
                    .collect();
                for (span, quote) in cut_holes(pieces, &holes) {
                    if !span.is_empty() {
                        segs.push(Segment {
                            span,
                            block: b as u32,
                            turn: block_turn[b],
                            quote,
                            code: false,
                        });
                    }
                }
            }
        }
        segs
    }

    /// Remove the holes (sorted by start, possibly overlapping) from the pieces (sorted, disjoint).
    fn cut_holes(pieces: Vec<(Span, Option<u32>)>, holes: &[Span]) -> Vec<(Span, Option<u32>)> {
        let mut out = Vec::new();
        let mut h = 0;
        for (span, q) in pieces {
            while h < holes.len() && holes[h].end <= span.start {
                h += 1;
            }
            let mut start = span.start;
            let mut k = h;
            while k < holes.len() && holes[k].start < span.end {
                let hole = holes[k];
                if hole.start > start {
                    out.push((Span::new(start, hole.start), q));
                }
                start = start.max(hole.end);
                k += 1;
            }
            if start < span.end {
                out.push((Span::new(start, span.end), q));
            }
        }
        out
    }

    /// Pieces that make quotes, inline spans (overlapping ones too), turns, tables and fences.
    const PIECES: &[&str] = &[
        "客服：",
        "顾客：",
        "Agent: ",
        "- ",
        "1. ",
        "| ",
        " | ",
        "```",
        "<!-- a -->",
        "“",
        "”",
        "「",
        "」",
        "\"",
        "`",
        "[pause]",
        "[NAME]",
        "【等待】",
        "（停顿）",
        "(",
        ")",
        "{{name}}",
        "{x}",
        "<name>",
        "xx",
        "___",
        "某某",
        "https://a.b/c",
        "[a](http://b)",
        "您好",
        "不要说",
        "hello",
        " ",
        "# ",
    ];

    fn document() -> impl Strategy<Value = String> {
        prop::collection::vec(
            (
                prop::collection::vec(prop::sample::select(PIECES), 0..8),
                prop::sample::select(&["\n", "\n\n", "\r\n"][..]),
            ),
            0..16,
        )
        .prop_map(|lines| {
            lines
                .into_iter()
                .map(|(pieces, end)| pieces.concat() + end)
                .collect()
        })
    }

    fn same(text: &str) {
        let doc = parse(text.to_string(), &ParseOptions::default());
        assert_eq!(
            format!("{:?}", segments(&doc)),
            format!("{:?}", reference(&doc)),
            "segments differ on {text:?}"
        );
    }

    #[test]
    fn hand_picked_documents_match_the_reference() {
        for text in [
            "",
            "客服：您好“请稍等”[pause]，{{name}}先生\n顾客：好（停顿）\n",
            "| “a” | `b` [c] |\n|---|---|\n| x“y”z | {{n}}“m” |\n",
            "```\ncode\n```\n客服：“不要说`x`”和“y”\n- Agent: (pause) \"hi [NAME]\" ok\n",
            "客服：“a（b）c”d[e“f”g]h\n",
        ] {
            same(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn random_documents_match_the_reference(text in document()) {
            same(&text);
        }
    }
}

/// Time settings from the config: limits by moment and seconds per ring.
#[derive(Clone, Debug)]
pub struct TimeSettings {
    /// Configured limits: (moment id, value, unit, as written).
    pub limits: Vec<(String, f64, crate::time::TimeUnit, String)>,
    /// Seconds one ring counts for.
    pub ring_seconds: f64,
}

impl Default for TimeSettings {
    fn default() -> Self {
        TimeSettings {
            limits: Vec::new(),
            ring_seconds: 6.0,
        }
    }
}

/// What a check sees of one document.
pub struct Ctx<'a> {
    /// Time settings.
    pub time: &'a TimeSettings,
    times: std::cell::OnceCell<Vec<time_common::TimeStd>>,
    /// The document.
    pub doc: &'a Document,
    /// Its segments.
    pub segs: &'a [Segment],
    /// The rule set's phrases.
    pub matcher: &'a Matcher,
    /// The language messages are written in.
    pub ui: Lang,
    /// Index of the first agent turn.
    pub first_agent: Option<usize>,
    /// Index of the last agent turn.
    pub last_agent: Option<usize>,
}

impl<'a> Ctx<'a> {
    /// Set up the context of a document.
    pub fn new(
        doc: &'a Document,
        segs: &'a [Segment],
        matcher: &'a Matcher,
        ui: Lang,
        time: &'a TimeSettings,
    ) -> Self {
        let first_agent = doc.turns.iter().position(|t| t.role == Role::Agent);
        let last_agent = doc.turns.iter().rposition(|t| t.role == Role::Agent);
        Ctx {
            time,
            times: std::cell::OnceCell::new(),
            doc,
            segs,
            matcher,
            ui,
            first_agent,
            last_agent,
        }
    }

    /// The document's time expressions, found once on first use.
    pub fn times(&self) -> &[time_common::TimeStd] {
        self.times.get_or_init(|| time_common::collect(self.doc))
    }

    fn role(&self, seg: &Segment) -> Option<Role> {
        seg.turn.map(|t| self.doc.turns[t as usize].role)
    }

    /// Whether a segment is a counter-example (a 服务禁语 list, an "Avoid" column, a "不要说“…”" quote).
    pub fn is_counter(&self, seg: &Segment) -> bool {
        self.doc.blocks[seg.block as usize].counter
            || seg
                .quote
                .is_some_and(|q| self.doc.quotes[q as usize].counter)
    }

    /// Whether a segment is in a scope.
    pub fn in_scope(&self, seg: &Segment, scope: Scope) -> bool {
        if seg.code {
            return false;
        }
        let kind = self.doc.blocks[seg.block as usize].kind;
        match scope {
            Scope::Document => true,
            Scope::AgentTurns => self.role(seg) == Some(Role::Agent),
            Scope::CustomerTurns => self.role(seg) == Some(Role::Customer),
            Scope::FirstAgentTurn => {
                seg.turn.is_some() && seg.turn.map(|t| t as usize) == self.first_agent
            }
            Scope::LastAgentTurn => {
                seg.turn.is_some() && seg.turn.map(|t| t as usize) == self.last_agent
            }
            Scope::Spoken => match self.role(seg) {
                Some(Role::Agent) => true,
                Some(Role::Customer) => false,
                None => seg.quote.is_some(),
            },
            Scope::Steps => matches!(kind, BlockKind::Step { .. }),
            Scope::Items => matches!(kind, BlockKind::Step { .. } | BlockKind::Bullet),
            Scope::Headings => matches!(kind, BlockKind::Heading { .. }),
        }
    }

    /// Whether a segment shows that a scope holds something: in scope, or, for the whole document,
    /// inside a code fence.
    pub fn shows_in(&self, seg: &Segment, scope: Scope) -> bool {
        self.in_scope(seg, scope) || (seg.code && scope == Scope::Document)
    }

    /// Whether a segment lies in one of the selected sections (None: everywhere).
    pub fn in_sections(&self, seg: &Segment, sections: Option<&[usize]>) -> bool {
        let Some(sections) = sections else {
            return true;
        };
        let own = self.doc.blocks[seg.block as usize].section;
        sections.iter().any(|&s| self.doc.section_within(own, s))
    }

    /// The segment of a hit.
    pub fn seg(&self, hit: &Hit) -> &Segment {
        &self.segs[hit.seg as usize]
    }

    /// Where to point when a whole scope lacks something: the first segment's block line.
    pub fn anchor(&self, scope: Scope, sections: Option<&[usize]>) -> Option<Span> {
        self.segs
            .iter()
            .find(|s| self.in_scope(s, scope) && self.in_sections(s, sections))
            .map(|s| self.doc.blocks[s.block as usize].span)
    }
}

/// A finding before its message is written: what the check found and its parameters.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// Where.
    pub span: Span,
    /// The text found (fills `{found}`).
    pub found: String,
    /// Other message parameters.
    pub params: Vec<(&'static str, String)>,
    /// Replacement text.
    pub suggestion: Option<String>,
    /// Secondary labelled spans.
    pub labels: Vec<(Span, String)>,
}
