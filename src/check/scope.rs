//! Where a check looks: scopes, the segments a document is cut into, the sections a clause applies to, and the context a check sees.

use super::time_common;
use crate::matcher::{Hit, Matcher, PatternUse, UseRole};
use crate::model::{BlockKind, Document, Kind, Lang, Role};
use crate::span::Span;
use serde::Deserialize;

/// Where in a document a check looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Every lintable word of the document.
    Document,
    /// Agent turns.
    AgentTurns,
    /// Customer turns.
    CustomerTurns,
    /// The first agent turn.
    FirstAgentTurn,
    /// The last agent turn.
    LastAgentTurn,
    /// What staff say: agent turns, quoted speech outside customer turns and model lines (a prose
    /// fence's lines, macro replies, 话术 sections: `Block::spoken`), never counter-examples.
    Spoken,
    /// Ordered steps.
    Steps,
    /// Steps and bullet items.
    Items,
    /// Headings.
    Headings,
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
    /// Where a clause written with `kinds` and, if `section` is given, a heading phrase set applies.
    pub fn of<T>(kinds: &Option<Vec<Kind>>, section: &Option<T>) -> Self {
        Applies {
            kinds: kinds.clone(),
            section: section.is_some(),
        }
    }

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
                None => seg.quote.is_some() || self.doc.blocks[seg.block as usize].spoken,
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

/// The segments checked against their definition, byte by byte: each byte of a block's content
/// (or of a table cell) is either cut out (inside an inline span) or lies in one quotation or in
/// none, and a segment is a maximal run of bytes alike that no end of a quotation or of an
/// inline span cuts.
#[cfg(test)]
mod allowed_tests {
    use super::Allowed;
    use crate::span::Span;

    #[test]
    fn an_allowed_span_holds_what_span_contains_says() {
        let spans = [
            (10, 20),
            (2, 4),
            (12, 30),
            (30, 30),
            (40, 60),
            (45, 50),
            (45, 70),
        ];
        let allowed = Allowed {
            spans: {
                let mut s: Vec<(usize, usize)> = spans.to_vec();
                s.sort_unstable();
                let mut furthest = 0;
                for (_, end) in &mut s {
                    furthest = furthest.max(*end);
                    *end = furthest;
                }
                s
            },
        };
        for start in 0..75 {
            for end in start..76 {
                let span = Span::new(start, end);
                let expected = spans.iter().any(|&(a, b)| Span::new(a, b).contains(span));
                assert_eq!(allowed.holds(span), expected, "{span:?}");
            }
        }
    }
}

#[cfg(test)]
mod segment_tests {
    use super::{BlockKind, Document, Segment, Span, fence_body, segments};
    use crate::parse::{ParseOptions, parse};
    use proptest::prelude::*;

    /// What a byte of a region is.
    #[derive(Clone, Copy, PartialEq)]
    enum Byte {
        /// Inside an inline span (code, URL, placeholder, stage direction): not linted.
        Cut,
        /// Lintable, in this quotation or in none.
        Text(Option<u32>),
    }

    /// The definition: a block belongs to the last turn that opens at it or whose body it starts
    /// in; a region's quotations are those of its block wholly inside it, taken in order, each
    /// one starting after the last taken ends (nested quotations belong to the outer one).
    fn reference(doc: &Document) -> Vec<Segment> {
        let mut segs = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            let turn = doc
                .turns
                .iter()
                .rposition(|t| t.block == b || (t.block < b && block.span.start < t.body.end))
                .map(|t| t as u32);
            let regions: Vec<Span> = match block.kind {
                BlockKind::Comment => continue,
                BlockKind::Fence => {
                    segs.extend(fence_body(&doc.text, block.span).map(|span| Segment {
                        span,
                        block: b as u32,
                        turn: None,
                        quote: None,
                        code: true,
                    }));
                    continue;
                }
                BlockKind::TableRow { table, row } => doc.tables[table].rows[row].clone(),
                _ => vec![block.content],
            };
            for region in regions {
                let mut quotes: Vec<(u32, Span)> = Vec::new();
                for (q, quote) in doc.quotes.iter().enumerate() {
                    if quote.block == b
                        && region.contains(quote.inner)
                        && quotes
                            .last()
                            .is_none_or(|(_, last)| quote.inner.start >= last.end)
                    {
                        quotes.push((q as u32, quote.inner));
                    }
                }
                let class = |p: usize| {
                    if doc
                        .inlines
                        .iter()
                        .any(|i| i.span.start <= p && p < i.span.end)
                    {
                        Byte::Cut
                    } else {
                        Byte::Text(
                            quotes
                                .iter()
                                .find(|(_, s)| s.start <= p && p < s.end)
                                .map(|(q, _)| *q),
                        )
                    }
                };
                // The ends of a quotation or an inline span cut the text, even where it is empty.
                let boundary = |p: usize| {
                    quotes.iter().any(|(_, s)| s.start == p || s.end == p)
                        || doc
                            .inlines
                            .iter()
                            .any(|i| i.span.start == p || i.span.end == p)
                };
                let mut p = region.start;
                while p < region.end {
                    let here = class(p);
                    let mut end = p + 1;
                    while end < region.end && class(end) == here && !boundary(end) {
                        end += 1;
                    }
                    if let Byte::Text(quote) = here {
                        segs.push(Segment {
                            span: Span::new(p, end),
                            block: b as u32,
                            turn,
                            quote,
                            code: false,
                        });
                    }
                    p = end;
                }
            }
        }
        segs
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

/// A clause's allowed phrases (its `allow` list, and a team's `[vocabulary]` ones): a hit that
/// lies inside one of them is no finding ("不能让您久等" holds 久等, "no problem at all" holds
/// "no problem"). One lookup per hit, however many allowed phrases a long document holds.
pub struct Allowed {
    /// `(start, furthest end of this and every earlier span)`, by start.
    spans: Vec<(usize, usize)>,
}

impl Allowed {
    /// The hits of clause `clause` in the allow role.
    pub fn of(clause: u16, hits: &[(Hit, PatternUse)]) -> Allowed {
        let mut spans: Vec<(usize, usize)> = hits
            .iter()
            .filter(|(_, u)| u.clause == clause && u.role == UseRole::Allow)
            .map(|(h, _)| (h.span.start, h.span.end))
            .collect();
        spans.sort_unstable();
        let mut furthest = 0;
        for (_, end) in &mut spans {
            furthest = furthest.max(*end);
            *end = furthest;
        }
        Allowed { spans }
    }

    /// Whether an allowed phrase holds `span` (as [`Span::contains`] counts it).
    pub fn holds(&self, span: Span) -> bool {
        let upto = self
            .spans
            .partition_point(|&(start, _)| start <= span.start);
        upto > 0 && self.spans[upto - 1].1 >= span.end
    }
}
