//! Counter-example marks: the places where training material lists what *not* to say.
//!
//! A 服务禁语 section, an "Instead of" table column, a "不要说“…”" sentence, a list after "Avoid saying:".
//! Phrases there are the lesson, not the fault; the phrasing rules skip them.

use crate::lang::{COLUMN_CUES, Cues, SECTION_CUES, SENTENCE_CUES, has_cue};

/// Short labels that introduce a wrong example: "**Wrong:**", "Bad:", "错误：".
static LABEL_CUES: Cues = Cues::new(&[
    "wrong",
    "bad",
    "incorrect",
    "错误",
    "不正确",
    "反例",
    "❌",
    "✗",
]);
use crate::model::{BlockKind, Document};

/// Mark sections, blocks, table columns and quotes that hold counter-examples.
pub(super) fn mark(doc: &mut Document) {
    for i in 0..doc.sections.len() {
        let own = has_cue(doc.sections[i].title.text(&doc.text), &SECTION_CUES);
        let inherited = doc.sections[i]
            .parent
            .is_some_and(|p| p < i && doc.sections[p].counter);
        doc.sections[i].counter = own || inherited;
    }
    for b in 0..doc.blocks.len() {
        let section = doc.blocks[b].section;
        if doc.sections.get(section).is_some_and(|s| s.counter)
            && !matches!(doc.blocks[b].kind, BlockKind::Heading { .. })
        {
            doc.blocks[b].counter = true;
        }
    }
    mark_lead_in_lists(doc);
    for table in &mut doc.tables {
        table.counter_columns = table
            .rows
            .first()
            .map(|header| {
                header
                    .iter()
                    .map(|cell| has_cue(cell.text(&doc.text), &COLUMN_CUES))
                    .collect()
            })
            .unwrap_or_default();
    }
    let text = &doc.text;
    for q in 0..doc.quotes.len() {
        let quote = &doc.quotes[q];
        let block = &doc.blocks[quote.block];
        let mut counter = block.counter;
        if let BlockKind::TableRow { table, row } = block.kind {
            let t = &doc.tables[table];
            if let Some(col) = t.rows[row].iter().position(|c| c.contains(quote.inner)) {
                counter |= t.counter_columns.get(col).copied().unwrap_or(false);
            }
        }
        if !counter {
            // The words between the previous sentence end (or quote) and this quote.
            let region_start = block.content.start.min(quote.inner.start);
            let before = &text[region_start..quote.inner.start];
            // Quotes are in document order, so a block's quotes are contiguous: the previous quote
            // of this block, if any, is the one just before (looking further back was quadratic).
            let prev_quote_end = q
                .checked_sub(1)
                .map(|p| &doc.quotes[p])
                .filter(|p| p.block == quote.block)
                .map(|p| p.inner.end);
            let from = match prev_quote_end {
                Some(end) if end >= region_start && end <= quote.inner.start => end - region_start,
                _ => 0,
            };
            let clause = &before[from.min(before.len())..];
            let clause = clause
                .rfind(['。', '！', '？', '!', '?', '.', ';', '；'])
                .map_or(clause, |i| &clause[i..]);
            counter = has_cue(clause, &SENTENCE_CUES);
        }
        doc.quotes[q].counter = counter;
    }
}

/// A line like "Avoid saying:" or "以下为服务禁语：" makes the list right after it a counter-example list.
fn mark_lead_in_lists(doc: &mut Document) {
    let mut b = 0;
    while b < doc.blocks.len() {
        let block = &doc.blocks[b];
        let content = block
            .content
            .text(&doc.text)
            .trim_end_matches(['*', ' ', '_']);
        let is_lead_in = matches!(
            block.kind,
            BlockKind::Text
                | BlockKind::Bullet
                | BlockKind::Step { .. }
                | BlockKind::Heading { .. }
        ) && (content.ends_with(':') || content.ends_with('：'))
            && (has_cue(content, &SECTION_CUES) || has_cue(content, &LABEL_CUES));
        if !is_lead_in {
            b += 1;
            continue;
        }
        let lead_indent = block.indent;
        let lead_is_item = matches!(block.kind, BlockKind::Bullet | BlockKind::Step { .. });
        // A bare label line ("**Wrong:**", "错误示范：") governs the paragraph right under it too.
        let is_label = content.chars().count() <= 24;
        let mut next = b + 1;
        while next < doc.blocks.len() {
            let item = &doc.blocks[next];
            let adjacent = {
                let gap = doc
                    .text
                    .get(doc.blocks[next - 1].span.end..item.span.start)
                    .unwrap_or("");
                gap.matches('\n').count() <= 1
            };
            if is_label && !lead_is_item && adjacent && item.kind == BlockKind::Text {
                doc.blocks[next].counter = true;
                next += 1;
                continue;
            }
            let is_item = matches!(
                item.kind,
                BlockKind::Bullet | BlockKind::Step { .. } | BlockKind::Turn { .. }
            );
            let nested = item.indent > lead_indent;
            if !nested && (lead_is_item || !is_item) {
                break;
            }
            doc.blocks[next].counter = true;
            next += 1;
        }
        b = next;
    }
}
