//! From text to the document model: the line loop and builder ([`read`]) with the block shapes as
//! one table ([`shape`]) and speaker heads ([`speaker`]), then sections, inline tokens ([`inline`])
//! and counter-example marks ([`counter`]).

mod collection;
mod counter;
mod front;
mod inline;
mod read;
mod shape;
mod speaker;

use crate::model::{
    Block, BlockKind, Comment, Document, FrontMatter, Kind, Lang, Role, Section, Table, Turn,
};
use crate::span::Span;
use read::Builder;

pub(crate) use read::trim_span;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/document.pest"]
struct DocumentParser;

/// What the parser needs from configuration.
#[derive(Clone, Debug)]
pub struct ParseOptions {
    /// Labels that mark an agent's turn (compared case-insensitively).
    pub agent_labels: Vec<String>,
    /// Labels that mark a customer's turn.
    pub customer_labels: Vec<String>,
    /// Patterns a whole agent label may match (config `[speakers] agent-pattern`).
    pub agent_patterns: Vec<regex::Regex>,
    /// Patterns a whole customer label may match.
    pub customer_patterns: Vec<regex::Regex>,
    /// The kind set by config (`[[kinds]]`), used when the front matter names none.
    pub kind: Option<Kind>,
    /// The language set by config or `--lang`, used when the front matter names none.
    pub lang: Option<Lang>,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            agent_labels: DEFAULT_AGENT_LABELS.iter().map(|s| s.to_string()).collect(),
            customer_labels: DEFAULT_CUSTOMER_LABELS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            agent_patterns: Vec::new(),
            customer_patterns: Vec::new(),
            kind: None,
            lang: None,
        }
    }
}

/// Default agent labels (SPEC §2.1).
pub const DEFAULT_AGENT_LABELS: &[&str] = &[
    "客服",
    "坐席",
    "服务员",
    "员工",
    "店员",
    "前台",
    "接待员",
    "话务员",
    "工作人员",
    "Agent",
    "Rep",
    "Representative",
    "CSR",
    "Advisor",
    "Associate",
    "Staff",
    "Host",
    "Support",
    "CS",
];

/// Default customer labels (SPEC §2.1).
pub const DEFAULT_CUSTOMER_LABELS: &[&str] = &[
    "顾客",
    "客户",
    "客人",
    "来电者",
    "用户",
    "旅客",
    "Customer",
    "Caller",
    "Guest",
    "Client",
    "买家",
    "乘客",
    "患者",
    "来电人",
    "User",
    "Buyer",
    "Passenger",
    "Patient",
];

/// Parse a document. Never fails: an input the grammar cannot read (a bug) degrades to plain text lines.
///
/// Every block but the front matter (plain lines, headings, table rows, steps, setext underlines,
/// bullets, Chinese headings, fences, comments) is read by [`read`], with the shapes of the
/// grammar's rules ([`shape::SHAPES`]); pest parses the front matter. A test checks that this gives
/// the same document as parsing everything with the grammar's `document` rule.
pub fn parse(text: String, options: &ParseOptions) -> Document {
    build(text, options, |builder| builder.read())
}

/// Parse with the grammar's `document` rule alone: the reference the fast path is tested against.
#[cfg(test)]
pub(crate) fn parse_with_grammar(text: String, options: &ParseOptions) -> Document {
    use pest::Parser;
    build(text, options, |builder| {
        let text = builder.text;
        match DocumentParser::parse(Rule::document, text) {
            Ok(mut pairs) => {
                if let Some(document) = pairs.next() {
                    for pair in document.into_inner() {
                        builder.pair(pair);
                    }
                }
            }
            Err(_) => builder.fallback(),
        }
    })
}

/// Run `read` over the text with a final line ending (every line of the grammar ends in one),
/// then build the document from the original text.
fn build(
    mut text: String,
    options: &ParseOptions,
    read: impl FnOnce(&mut Builder<'_>),
) -> Document {
    let len = text.len();
    if !(text.is_empty() || text.ends_with(['\n', '\r'])) {
        text.push('\n');
    }
    let parts = {
        let mut builder = Builder::new(&text, options);
        read(&mut builder);
        builder.parts()
    };
    text.truncate(len);
    parts.finish(text, options)
}

/// What the builder has gathered, free of the borrowed text.
struct Parts {
    front: FrontMatter,
    blocks: Vec<Block>,
    turns: Vec<Turn>,
    tables: Vec<Table>,
    comments: Vec<Comment>,
    /// Heads whose short label names no known speaker.
    unknown: Vec<Span>,
}

impl Parts {
    fn finish(mut self, text: String, options: &ParseOptions) -> Document {
        let sections = build_sections(&text, &mut self.blocks);
        let mut doc = Document {
            kind: Kind::Sop,
            lang: Lang::En,
            langs: Vec::new(),
            front: self.front,
            blocks: self.blocks,
            sections,
            turns: self.turns,
            tables: self.tables,
            quotes: Vec::new(),
            inlines: Vec::new(),
            comments: self.comments,
            unknown_speakers: Vec::new(),
            text,
        };
        doc.unknown_speakers = unknown_speakers(&doc, &self.unknown);
        inline::scan_blocks(&mut doc);
        counter::mark(&mut doc);
        collection::mark(&mut doc);
        let (lang, langs) = crate::lang::detect(&doc.text);
        doc.lang = doc.front.lang.or(options.lang).unwrap_or(lang);
        doc.langs = langs;
        if !doc.langs.contains(&doc.lang) {
            doc.langs.push(doc.lang);
            doc.langs.sort();
        }
        let agent_turns = doc.turns.iter().filter(|t| t.role == Role::Agent).count();
        let detected = if doc.turns.len() >= 2 && agent_turns >= 1 {
            Kind::Script
        } else {
            Kind::Sop
        };
        doc.kind = doc.front.kind.or(options.kind).unwrap_or(detected);
        doc
    }
}

/// Labels that read as field names, not speakers, however often they repeat (`问题：` … `原因：`).
const FIELD_LABELS: &[&str] = &[
    "问题",
    "原因",
    "措施",
    "答案",
    "解决",
    "方法",
    "说明",
    "备注",
    "注意",
    "时间",
    "地点",
    "场景",
    "情境",
    "情景",
    "目的",
    "目标",
    "要求",
    "标准",
    "示例",
    "例如",
    "结果",
    "处理",
    "适用场景",
    "话术",
    "错误",
    "正确",
    "重点",
    "提示",
    "技巧",
    "内容",
    "关键",
    "Note",
    "Tip",
    "Example",
    "Time",
    "Date",
    "Result",
    "Reason",
    "Action",
    "Step",
    "Scenario",
    "Situation",
    "Goal",
    "Wrong",
    "Right",
    "Do",
    "Don't",
    "Say",
    "Avoid",
    "Instead",
    "Remember",
    "Purpose",
    "Details",
    "Platform",
    "Hours",
    "Billing",
    "Symptoms",
    "Summary",
    "Description",
    "Status",
    "Priority",
    "Owner",
    "Contact",
    "Email",
    "Phone",
    "Name",
    "Issue",
    "Problem",
    "Solution",
    "Key",
    "Important",
    "Warning",
    "Re",
    "Then",
    "Next",
    "Also",
    "Or",
    "And",
    "But",
    "So",
    "If",
    "When",
    "Why",
    "How",
    "What",
    "Where",
];

/// The labels of lines that look like speaker turns but name no known speaker, each as its first
/// head. A label is a candidate when it is used at least twice and is no field name
/// ([`FIELD_LABELS`]); the lines of the candidates and of the known turns must hold at least two
/// speakers that take turns at least three times.
fn unknown_speakers(doc: &Document, unknown: &[Span]) -> Vec<Span> {
    if unknown.len() < 2 {
        return Vec::new();
    }
    let label = |s: &Span| s.text(&doc.text);
    // Bullets are most often field lists (`- Target: 5 min`).
    let in_bullet = |s: &Span| {
        doc.block_at(s.start)
            .is_some_and(|b| doc.blocks[b].kind == BlockKind::Bullet)
    };
    let unknown: Vec<Span> = unknown.iter().copied().filter(|s| !in_bullet(s)).collect();
    let unknown = &unknown[..];
    let mut candidates: Vec<Span> = Vec::new();
    for span in unknown {
        let text = label(span);
        if FIELD_LABELS.iter().any(|f| f.eq_ignore_ascii_case(text))
            || candidates.iter().any(|c| label(c) == text)
        {
            continue;
        }
        if unknown.iter().filter(|s| label(s) == text).count() >= 2 {
            candidates.push(*span);
        }
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    // Every speaker line in order: a known turn by its role, a candidate's line by its label.
    let mut seq: Vec<(usize, &str)> = doc
        .turns
        .iter()
        .map(|t| {
            let key = match t.role {
                Role::Agent => "\0agent",
                Role::Customer => "\0customer",
            };
            (t.label.start, key)
        })
        .chain(
            unknown
                .iter()
                .filter(|s| candidates.iter().any(|c| label(c) == label(s)))
                .map(|s| (s.start, label(s))),
        )
        .collect();
    seq.sort_unstable_by_key(|&(at, _)| at);
    let changes = seq.windows(2).filter(|w| w[0].1 != w[1].1).count();
    if changes >= 3 { candidates } else { Vec::new() }
}

fn build_sections(text: &str, blocks: &mut [Block]) -> Vec<Section> {
    let headings = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .count();
    let mut sections = Vec::with_capacity(headings + 1);
    sections.push(Section {
        heading: None,
        title: Span::default(),
        level: 0,
        span: Span::new(0, text.len()),
        parent: None,
        counter: false,
    });
    let mut current = 0;
    for (i, block) in blocks.iter_mut().enumerate() {
        if let BlockKind::Heading { level } = block.kind {
            let mut parent = current;
            while parent != 0 && sections[parent].level >= level {
                sections[parent].span.end = block.span.start;
                parent = sections[parent].parent.unwrap_or(0);
            }
            sections.push(Section {
                heading: Some(i),
                title: block.content,
                level,
                span: Span::new(block.span.start, text.len()),
                parent: Some(parent),
                counter: false,
            });
            current = sections.len() - 1;
        }
        block.section = current;
    }
    sections
}

#[cfg(test)]
mod tests;
