//! What the time checks share: the time standards of a document, sentences, and moments.

use super::Ctx;
use super::matcher::{Hit, PatternUse, UseRole};
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
        let regions: Vec<Span> = match block.kind {
            BlockKind::Fence | BlockKind::Comment => continue,
            BlockKind::TableRow { table, row } => doc.tables[table].rows[row].clone(),
            _ => vec![block.content],
        };
        for region in regions {
            for mut expr in time::scan(region.text(&doc.text)) {
                shift(&mut expr, region.start);
                if !hidden.overlaps(expr.span) {
                    out.push(TimeStd { expr, block: b });
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
    let start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| is_sentence_end(c, before.get(i + c.len_utf8()..).unwrap_or("")))
        .map_or(region.start, |(i, c)| region.start + i + c.len_utf8());
    let after = text.get(offset..region.end).unwrap_or("");
    let end = after
        .char_indices()
        .find(|&(i, c)| is_sentence_end(c, after.get(i + c.len_utf8()..).unwrap_or("")))
        .map_or(region.end, |(i, _)| offset + i);
    Span::new(start, end.max(start))
}

fn is_sentence_end(c: char, rest: &str) -> bool {
    match c {
        '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n' => true,
        '.' => rest.is_empty() || rest.starts_with(char::is_whitespace),
        _ => false,
    }
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
pub fn moment_of(ctx: &Ctx<'_>, moments: &[(Span, usize)], expr: &TimeExpr) -> Option<usize> {
    let sent = sentence(ctx.doc, expr.span.start);
    let from = moments.partition_point(|(s, _)| s.start < sent.start);
    moments[from..]
        .iter()
        .take_while(|(s, _)| s.start < sent.end)
        .filter(|(s, _)| sent.contains(*s))
        .min_by_key(|(s, _)| s.start.abs_diff(expr.span.start))
        .map(|(_, m)| *m)
}

/// Whether words just before a time expression make it a lower bound ("at least 10 seconds", "超过3天").
pub fn is_lower_bound(doc: &Document, expr: &TimeExpr) -> bool {
    let before = doc.text.get(..expr.span.start).unwrap_or("");
    let tail: String = before
        .chars()
        .rev()
        .take(14)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_lowercase();
    [
        "at least",
        "more than",
        "over ",
        "超过",
        "至少",
        "大于",
        "多于",
    ]
    .iter()
    .any(|w| tail.trim_end().ends_with(w.trim_end()))
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
}
