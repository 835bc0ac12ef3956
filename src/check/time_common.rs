//! What the time checks share: the time standards of a document, sentences, and moments.

use super::Ctx;
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{BlockKind, Document, InlineKind};
use crate::span::Span;
use crate::time::{self, TimeExpr};

/// A time expression found in a document, with absolute spans.
#[derive(Clone, Debug)]
pub struct TimeStd {
    /// The expression (spans are byte offsets into the document).
    pub expr: TimeExpr,
    /// The block holding it.
    pub block: usize,
    /// The sentence around its start, found on first use: the checks that ask share it.
    sentence: std::cell::OnceCell<Span>,
}

impl TimeStd {
    /// The sentence around the expression's start (see [`sentence`]).
    pub fn sentence(&self, doc: &Document) -> Span {
        *self
            .sentence
            .get_or_init(|| sentence(doc, self.expr.span.start))
    }
}

/// A customer moment of a time check: its id and names.
#[derive(Clone, Debug)]
pub struct Moment {
    /// The id `[time.limits]` uses.
    pub id: String,
    /// Chinese name.
    pub zh: String,
    /// English name.
    pub en: String,
}

impl Moment {
    /// The name in a language.
    pub fn name(&self, lang: crate::model::Lang) -> &str {
        match lang {
            crate::model::Lang::Zh => &self.zh,
            crate::model::Lang::En => &self.en,
        }
    }
}

/// Every time expression of a document: block text and table cells, outside code and URLs.
pub fn collect(doc: &Document) -> Vec<TimeStd> {
    let hidden = Hidden::new(doc);
    let mut out = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        // The cells of a row, or the block's content: borrowed, not copied.
        let regions: &[Span] = match block.kind {
            BlockKind::Fence | BlockKind::Comment => continue,
            BlockKind::TableRow { table, row } => &doc.tables[table].rows[row],
            _ => std::slice::from_ref(&block.content),
        };
        for &region in regions {
            for mut expr in time::scan(region.text(&doc.text)) {
                shift(&mut expr, region.start);
                if !hidden.overlaps(expr.span) {
                    out.push(TimeStd {
                        expr,
                        block: b,
                        sentence: std::cell::OnceCell::new(),
                    });
                }
            }
        }
    }
    out
}

/// The code, URL and comment spans of a document, where no time expression counts: sorted by
/// start, with the furthest end so far beside each, so that one lookup tells whether any of them
/// overlaps a span (a long file holds many of both).
struct Hidden {
    /// `(start, furthest end of this and every earlier span)`, by start.
    spans: Vec<(usize, usize)>,
}

impl Hidden {
    fn new(doc: &Document) -> Self {
        Self::from_spans(
            doc.inlines
                .iter()
                .filter(|i| {
                    matches!(
                        i.kind,
                        InlineKind::Code | InlineKind::Url | InlineKind::Comment
                    )
                })
                .map(|i| i.span),
        )
    }

    fn from_spans(spans: impl Iterator<Item = Span>) -> Self {
        let mut spans: Vec<(usize, usize)> = spans.map(|s| (s.start, s.end)).collect();
        spans.sort_unstable();
        let mut furthest = 0;
        for (_, end) in &mut spans {
            furthest = furthest.max(*end);
            *end = furthest;
        }
        Hidden { spans }
    }

    /// Whether a hidden span shares a byte with `span` (as [`Span::overlaps`] counts it): one
    /// that starts before `span` ends and ends after `span` starts.
    fn overlaps(&self, span: Span) -> bool {
        let before_end = self.spans.partition_point(|&(start, _)| start < span.end);
        before_end > 0 && self.spans[before_end - 1].1 > span.start
    }
}

fn shift(expr: &mut TimeExpr, by: usize) {
    for span in [
        &mut expr.span,
        &mut expr.number_span,
        &mut expr.unit_text_span,
    ] {
        *span = Span::new(span.start + by, span.end + by);
    }
}

/// The sentence around a byte offset: inside its block's content (or table cell), between sentence ends.
pub fn sentence(doc: &Document, offset: usize) -> Span {
    let Some(b) = doc.block_at(offset) else {
        return Span::new(offset, offset);
    };
    let block = &doc.blocks[b];
    let region = match block.kind {
        BlockKind::TableRow { table, row } => doc.tables[table].rows[row]
            .iter()
            .copied()
            .find(|c| c.start <= offset && offset <= c.end)
            .unwrap_or(block.content),
        _ => Span::new(
            block.content.start.min(offset),
            block.content.end.max(offset),
        ),
    };
    let text = &doc.text;
    // Look at most this far each way: a moment word belongs near its number, and a window keeps
    // one enormous sentence from making every lookup scan all of it.
    const WINDOW: usize = 240;
    let mut lo = offset.saturating_sub(WINDOW).max(region.start);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (offset + WINDOW).min(region.end).max(offset);
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let region = Span::new(lo, hi.max(lo));
    let before = text.get(region.start..offset).unwrap_or("");
    let start = after_last_sentence_end(before).map_or(region.start, |i| region.start + i);
    let after = text.get(offset..region.end).unwrap_or("");
    let end = first_sentence_end(after).map_or(region.end, |i| offset + i);
    Span::new(start, end.max(start))
}

/// Where the last sentence end of `s` ends.
fn after_last_sentence_end(s: &str) -> Option<usize> {
    // Backwards to the last byte that may start a sentence end, until one does.
    let mut upto = s.len();
    loop {
        let i = s.as_bytes()[..upto]
            .iter()
            .rposition(|&b| may_end_sentence(b))?;
        if let Some(len) = sentence_end_len(s, i) {
            return Some(i + len);
        }
        upto = i;
    }
}

/// Where the first sentence end of `s` starts.
fn first_sentence_end(s: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let i = from
            + s.as_bytes()[from..]
                .iter()
                .position(|&b| may_end_sentence(b))?;
        if sentence_end_len(s, i).is_some() {
            return Some(i);
        }
        from = i + 1;
    }
}

/// Whether a sentence end may start with byte `b`: the quick test before [`sentence_end_len`].
#[inline]
fn may_end_sentence(b: u8) -> bool {
    matches!(b, b'!' | b'?' | b';' | b'\n' | b'.' | 0xE3 | 0xEF)
}

/// The length of the sentence end starting at byte `i` of `s`, if one does: 。！？；!?; or a line
/// break, or a full stop at the end of `s` or before white space. Looks at bytes, not characters:
/// each of these starts with a byte that starts a character, so no match starts inside one.
fn sentence_end_len(s: &str, i: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    match bytes.get(i)? {
        b'!' | b'?' | b';' | b'\n' => Some(1),
        b'.' => {
            let rest = s.get(i + 1..).unwrap_or("");
            (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(1)
        }
        // 。 is E3 80 82; ！ ？ ； are EF BC 81, EF BC 9F, EF BC 9B.
        0xE3 => (bytes.get(i + 1..i + 3) == Some(&[0x80, 0x82][..])).then_some(3),
        0xEF => matches!(bytes.get(i + 1..i + 3), Some([0xBC, 0x81 | 0x9F | 0x9B])).then_some(3),
        _ => None,
    }
}

/// The spans of one clause's hits in one role, sorted by start (then end), for [`within`].
pub fn role_spans(clause: u16, role: UseRole, hits: &[(Hit, PatternUse)]) -> Vec<Span> {
    let mut spans: Vec<Span> = hits
        .iter()
        .filter(|(_, u)| u.clause == clause && u.role == role)
        .map(|(h, _)| h.span)
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans
}

/// The spans (sorted by start) that start inside `range`.
pub fn within(spans: &[Span], range: Span) -> &[Span] {
    let from = spans.partition_point(|s| s.start < range.start);
    let to = spans.partition_point(|s| s.start < range.end);
    &spans[from..to.max(from)]
}

/// Whether one of the spans (sorted by start) lies inside `range`.
pub fn any_inside(spans: &[Span], range: Span) -> bool {
    within(spans, range).iter().any(|s| range.contains(*s))
}

/// The time expressions of a document as spans sorted by start (without placeholders, when
/// `placeholders` is false), for [`any_inside`].
pub fn time_spans(ctx: &Ctx<'_>, placeholders: bool) -> Vec<Span> {
    let mut spans: Vec<Span> = ctx
        .times()
        .iter()
        .filter(|t| placeholders || !t.expr.placeholder)
        .map(|t| t.expr.span)
        .collect();
    spans.sort_by_key(|s| s.start);
    spans
}

/// The moment words of one clause, sorted by position, for [`moment_of`].
pub fn moment_hits(clause: u16, hits: &[(Hit, PatternUse)]) -> Vec<(Span, usize)> {
    let mut out: Vec<(Span, usize)> = hits
        .iter()
        .filter_map(|(h, u)| match u.role {
            UseRole::Moment(m) if u.clause == clause => Some((h.span, m as usize)),
            _ => None,
        })
        .collect();
    out.sort_by_key(|(s, _)| (s.start, s.end));
    out
}

/// The moment a time standard is for: the moment word nearest to it in the same sentence.
pub fn moment_of(ctx: &Ctx<'_>, moments: &[(Span, usize)], std: &TimeStd) -> Option<usize> {
    if moments.is_empty() {
        return None;
    }
    let expr = &std.expr;
    let sent = std.sentence(ctx.doc);
    let from = moments.partition_point(|(s, _)| s.start < sent.start);
    moments[from..]
        .iter()
        .take_while(|(s, _)| s.start < sent.end)
        .filter(|(s, _)| sent.contains(*s) && within_reach(ctx, *s, expr.span))
        .min_by_key(|(s, _)| s.start.abs_diff(expr.span.start))
        .map(|(_, m)| *m)
        .or_else(|| row_moment(ctx.doc, moments, expr.span))
}

/// A standard alone in a table cell (`| 电话接听 | 3声内 |`, `| **Welcome Time** | Within 30
/// seconds |`): the moment named in its row's first cell, the last there, when that cell holds no
/// time of its own.
fn row_moment(doc: &Document, moments: &[(Span, usize)], expr: Span) -> Option<usize> {
    let b = doc.block_at(expr.start)?;
    let BlockKind::TableRow { table, row } = doc.blocks[b].kind else {
        return None;
    };
    let cells = &doc.tables[table].rows[row];
    let first = *cells.first()?;
    if first.contains(expr) || first.end > expr.start {
        return None;
    }
    let from = moments.partition_point(|(s, _)| s.start < first.start);
    moments[from..]
        .iter()
        .take_while(|(s, _)| s.start < first.end)
        .filter(|(s, _)| first.contains(*s))
        .last()
        .map(|(_, m)| *m)
}

/// Clause breaks inside a sentence: a moment word does not reach across one to a standard when its
/// own clause states one ("电话铃响3声内接听，投诉24小时内回复": the 24 hours are not the phone's).
const CLAUSE_BREAKS: [char; 4] = ['，', ',', '；', ';'];

/// Whether a moment word reaches a time expression of its sentence: not when a clause break lies
/// between them and the moment word's own clause holds another standard (that one is its own).
fn within_reach(ctx: &Ctx<'_>, moment: Span, expr: Span) -> bool {
    let text = &ctx.doc.text;
    let (lo, hi) = if moment.end <= expr.start {
        (moment.end, expr.start)
    } else {
        (expr.end, moment.start)
    };
    if !text.get(lo..hi).is_some_and(|g| g.contains(CLAUSE_BREAKS)) {
        return true;
    }
    // The moment word's clause, within its sentence's look-around window.
    let sent = sentence(ctx.doc, moment.start);
    let start = text
        .get(sent.start..moment.start)
        .and_then(|b| b.rfind(CLAUSE_BREAKS))
        .map_or(sent.start, |i| sent.start + i + 1);
    let end = text
        .get(moment.end..sent.end)
        .and_then(|a| a.find(CLAUSE_BREAKS))
        .map_or(sent.end, |i| moment.end + i);
    let clause = Span::new(start, end.max(start));
    let times = ctx.times();
    let from = times.partition_point(|t| t.expr.span.start < clause.start);
    !times[from..]
        .iter()
        .take_while(|t| t.expr.span.start < clause.end)
        .any(|t| t.expr.span != expr && clause.contains(t.expr.span))
}

/// The words before a time expression that make it a lower bound, lower-case.
const LOWER_BOUNDS: [&str; 7] = [
    "at least",
    "more than",
    "over",
    "超过",
    "至少",
    "大于",
    "多于",
];

/// Whether words just before a time expression make it a lower bound ("at least 10 seconds", "超过3天"):
/// the last 14 characters before it, lower-cased and without trailing white space, end in one.
pub fn is_lower_bound(doc: &Document, expr: &TimeExpr) -> bool {
    ends_in_lower_bound(doc.text.get(..expr.span.start).unwrap_or(""))
}

/// [`is_lower_bound`] for the text before the expression.
fn ends_in_lower_bound(before: &str) -> bool {
    // Every bound word ends in one of these (and no other character lower-cases to t, n or r):
    // the quick test for the many expressions after some other word.
    let last = before.trim_end().chars().next_back();
    if !last.is_some_and(|c| matches!(c, 't' | 'T' | 'n' | 'N' | 'r' | 'R' | '过' | '少' | '于'))
    {
        return false;
    }
    let start = before.char_indices().rev().nth(13).map_or(0, |(i, _)| i);
    let tail = &before[start..];
    // Lower-casing nearly always changes ASCII letters only: then compare in place.
    let changes_case = |c: char| {
        if no_case(c) {
            return false;
        }
        let mut lower = c.to_lowercase();
        lower.next() != Some(c) || lower.next().is_some()
    };
    if tail.chars().any(|c| !c.is_ascii() && changes_case(c)) {
        let tail = tail.to_lowercase();
        return LOWER_BOUNDS.iter().any(|w| tail.trim_end().ends_with(w));
    }
    let tail = tail.trim_end().as_bytes();
    LOWER_BOUNDS.iter().any(|w| {
        tail.len() >= w.len() && tail[tail.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
    })
}

/// Characters with no lower-case mapping that Chinese text is mostly made of: CJK punctuation,
/// kana, the ideographs and the full-width forms but for the full-width letters.
fn no_case(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{FF00}'..='\u{FF20}' | '\u{FF3B}'..='\u{FFEF}')
}

/// Whether the block holding an offset is a counter-example.
pub fn in_counter(doc: &Document, offset: usize) -> bool {
    doc.block_at(offset).is_some_and(|b| doc.blocks[b].counter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_spans_overlap_as_span_overlaps_says() {
        // Nested, touching, empty and out-of-order spans.
        let spans = [
            Span::new(10, 20),
            Span::new(2, 4),
            Span::new(12, 14),
            Span::new(30, 30),
            Span::new(20, 25),
            Span::new(40, 60),
            Span::new(45, 50),
        ];
        let hidden = Hidden::from_spans(spans.iter().copied());
        for start in 0..65 {
            for end in start + 1..66 {
                let span = Span::new(start, end);
                let expected = spans.iter().any(|s| s.overlaps(span));
                assert_eq!(hidden.overlaps(span), expected, "{span:?}");
            }
        }
        assert!(!Hidden::from_spans(std::iter::empty()).overlaps(Span::new(0, 5)));
    }

    /// Texts built from pieces that sentence ends and lower bounds are made of.
    fn glued(pieces: &[&str], mut seed: u64, count: usize) -> Vec<String> {
        (0..count)
            .map(|_| {
                let mut text = String::new();
                for _ in 0..1 + seed % 7 {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                }
                text
            })
            .collect()
    }

    #[test]
    fn sentence_ends_are_read_as_characters_would_be() {
        // The definition by characters that `sentence_end_len` reads from bytes.
        let by_chars = |s: &str, i: usize| {
            let c = s[i..].chars().next()?;
            let rest = &s[i + c.len_utf8()..];
            let end = match c {
                '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' => true,
                '.' => rest.is_empty() || rest.starts_with(char::is_whitespace),
                _ => false,
            };
            end.then_some(c.len_utf8())
        };
        let pieces = [
            "。", "！", "？", "；", "!", "?", ";", "\n", ".", " ", "\u{3000}", "a", "好", "．",
            "｡", "ｂ", "€",
        ];
        for text in glued(&pieces, 7, 4000) {
            for (i, _) in text.char_indices() {
                assert_eq!(
                    sentence_end_len(&text, i),
                    by_chars(&text, i),
                    "{text:?} {i}"
                );
            }
            let last = text
                .char_indices()
                .rev()
                .find_map(|(i, _)| by_chars(&text, i).map(|len| i + len));
            assert_eq!(after_last_sentence_end(&text), last, "{text:?}");
            let first = text
                .char_indices()
                .find_map(|(i, _)| by_chars(&text, i).map(|_| i));
            assert_eq!(first_sentence_end(&text), first, "{text:?}");
        }
    }

    #[test]
    fn characters_without_case_do_not_change_when_lower_cased() {
        for c in ('\0'..=char::MAX).filter(|&c| no_case(c)) {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn only_t_n_and_r_lower_case_to_them() {
        for c in '\0'..=char::MAX {
            let last = c.to_lowercase().last();
            if matches!(last, Some('t' | 'n' | 'r')) {
                assert!(matches!(c, 't' | 'T' | 'n' | 'N' | 'r' | 'R'), "{c:?}");
            }
        }
    }

    #[test]
    fn lower_bounds_are_read_as_lower_casing_would_read_them() {
        // The definition that `ends_in_lower_bound` reads without allocating.
        let by_lowering = |before: &str| {
            let tail: String = before
                .chars()
                .rev()
                .take(14)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let tail = tail.to_lowercase();
            LOWER_BOUNDS.iter().any(|w| tail.trim_end().ends_with(w))
        };
        let pieces = [
            "at",
            " ",
            "least",
            "LEAST",
            "more",
            "Than",
            "than",
            "over",
            "OVER",
            "超过",
            "至少",
            "大于",
            "多于",
            "\u{3000}",
            "\t",
            "İ",
            "Σ",
            "\u{212A}",
            "请",
            "x",
            "\n",
            "AT LEAST ",
        ];
        for text in glued(&pieces, 11, 6000) {
            assert_eq!(ends_in_lower_bound(&text), by_lowering(&text), "{text:?}");
        }
    }
}
