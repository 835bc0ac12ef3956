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

/// More heading cues for counter-examples, beside [`SECTION_CUES`]: the headings Chinese training
/// material uses most for bad examples (反面示范, 错误案例, 不规范话术, ❌ 错误) and English ones.
static MORE_SECTION_CUES: Cues = Cues::new(&[
    "反面示范",
    "反面教材",
    "错误案例",
    "错误示例",
    "错误范例",
    "错误做法",
    "错误回答",
    "错误应答",
    "错误回复",
    "不规范话术",
    "不规范用语",
    "不规范表达",
    "不规范示范",
    "不当话术",
    "不良话术",
    "❌",
    "✗",
    "✘",
    "bad examples",
    "poor example",
    "what not to do",
    "examples to avoid",
    "the wrong way",
    "wrong example",
    "wrong way",
]);

/// Headings that are a counter-example cue only as a whole ("## Don't", "## 错误", "### Wrong"):
/// as part of a longer heading these words say nothing ("Why customers don't wait", "常见错误处理").
const WHOLE_HEADING_CUES: &[&str] = &[
    "don't",
    "dont",
    "do not",
    "don'ts",
    "donts",
    "wrong",
    "bad",
    "never",
    "错误",
    "不要",
    "禁止",
    "错误示范",
    "反例",
    "不正确",
    "avoid",
    "incorrect",
];

/// Whether a heading (or a short label) introduces counter-examples.
pub(crate) fn is_counter_heading(title: &str) -> bool {
    if has_cue(title, &SECTION_CUES) || has_cue(title, &MORE_SECTION_CUES) {
        return true;
    }
    // The words of the heading without numbering, emphasis, punctuation and emoji.
    let words: String = title
        .chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '\'' || *c == ' ')
        .collect::<String>()
        .trim_matches(|c: char| c.is_ascii_digit() || c == ' ')
        .to_lowercase();
    WHOLE_HEADING_CUES.contains(&words.as_str())
}

/// More sentence cues, beside [`SENTENCE_CUES`]: prohibitions in the words of staff rules.
static MORE_SENTENCE_CUES: Cues = Cues::new(&[
    "严禁",
    "不准说",
    "不许说",
    "不可以说",
    "不可说",
    "切勿说",
    "勿说",
    "不应说",
    "不应该说",
    "禁说",
    "never tell",
    "must not say",
    "should not say",
    "shouldn't say",
]);

/// Prohibitions that come before the verb of saying: 禁止对顾客说, 不能跟客户讲, 绝不可以回答.
const PROHIBITIONS: &[&str] = &[
    "禁止",
    "严禁",
    "不要",
    "不准",
    "不许",
    "不可以",
    "不可",
    "不能",
    "不得",
    "不应",
    "切勿",
    "切忌",
    "勿",
    "绝不",
    "避免",
    "别",
];

/// The verbs of saying a prohibition governs.
const SAYING: &[&str] = &["说", "讲", "回答", "回复", "答复", "使用", "用"];

/// Whether the words before a quotation say not to say it: a cue, or a prohibition followed by a
/// verb of saying with no punctuation between (禁止对顾客说“…”, 绝对不能跟客户讲“…”).
pub(crate) fn is_counter_clause(clause: &str) -> bool {
    if has_cue(clause, &SENTENCE_CUES) || has_cue(clause, &MORE_SENTENCE_CUES) {
        return true;
    }
    PROHIBITIONS.iter().any(|neg| {
        clause.match_indices(neg).any(|(i, _)| {
            let after = &clause[i + neg.len()..];
            // At most a dozen characters up to the verb, none of them punctuation.
            let reach: String = after
                .chars()
                .take_while(|c| {
                    !matches!(
                        c,
                        '，' | ',' | '。' | '；' | ';' | '！' | '？' | '、' | '：' | ':'
                    )
                })
                .take(12)
                .collect();
            // "不要忘记说“您好”" asks for the words.
            if ["忘", "漏", "吝"].iter().any(|w| reach.contains(w)) {
                return false;
            }
            SAYING.iter().any(|verb| {
                reach.find(verb).is_some_and(|at| {
                    // The verb is the last word before the quotation (optionally with 道/成/出).
                    let tail = reach[at + verb.len()..]
                        .trim_end_matches(['“', '"', '「', '『', '‘', '\''])
                        .trim();
                    tail.is_empty() || matches!(tail, "道" | "成" | "出" | "出来" | "类似")
                })
            })
        })
    })
}

/// Mark sections, blocks, table columns and quotes that hold counter-examples.
pub(super) fn mark(doc: &mut Document) {
    for i in 0..doc.sections.len() {
        let title = doc.sections[i].title.text(&doc.text);
        // The document's own title (its first heading, level 1) names what the whole document is:
        // a taboo list ("# 服务禁语") is never a script, but a dialogue titled "反面示范" or "What not
        // to do" is an exercise the trainee lints, so only the phrase-list cues count there.
        let is_title =
            doc.sections[i].level == 1 && doc.sections[..i].iter().all(|s| s.heading.is_none());
        let own = if is_title {
            has_cue(title, &SECTION_CUES)
        } else {
            is_counter_heading(title)
        };
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
            counter = is_counter_clause(clause);
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
            && (is_counter_heading(content) || has_cue(content, &LABEL_CUES));
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
