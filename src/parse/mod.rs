//! From text to the document model: the line loop and builder ([`read`]) with the block shapes as
//! one table ([`shape`]) and speaker heads ([`speaker`]), then sections, inline tokens ([`inline`])
//! and counter-example marks ([`counter`]).

mod counter;
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
            text,
        };
        inline::scan_blocks(&mut doc);
        counter::mark(&mut doc);
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
