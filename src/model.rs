//! The document model: what a parsed script or SOP holds, as spans into its text.

use crate::span::Span;
use serde::Serialize;

/// Whether a document is a dialogue script or a standard operating procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A written dialogue: speaker turns.
    Script,
    /// A procedure for staff: steps, sections, standards.
    Sop,
}

impl Kind {
    /// The name used in JSON and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::Sop => "sop",
        }
    }
}

/// A document or phrase-list language.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The name used in JSON and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Both languages, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];
}

/// Who speaks a turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Staff: 客服, Agent, …
    Agent,
    /// The customer: 顾客, Customer, …
    Customer,
}

/// Values read from the front matter.
#[derive(Clone, Debug, Default)]
pub struct FrontMatter {
    /// The whole block including the `---` fences.
    pub span: Option<Span>,
    /// `kind: script|sop`.
    pub kind: Option<Kind>,
    /// `lang: zh|en`.
    pub lang: Option<Lang>,
    /// `title: …`.
    pub title: Option<Span>,
    /// `disable: [ids]`, each id with its span.
    pub disable: Vec<Span>,
    /// `script: Hant` (or `lang: zh-TW`): the document is written in traditional characters.
    pub hant: Option<bool>,
    /// What is wrong in it (`config/front-matter`), in document order.
    pub problems: Vec<(Span, FrontProblem)>,
    /// `kind: macros` (or `phrases`, `templates`, `collection`, `话术`): the whole document is a
    /// collection of model lines (its kind is then detected as usual).
    pub collection: bool,
}

/// Something wrong in the front matter, reported as `config/front-matter`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontProblem {
    /// A key servicelint does not read and no other tool is known to, with the nearest known key.
    UnknownKey(Option<&'static str>),
    /// A value the key does not take: the key, the values it takes, the nearest of them.
    BadValue {
        key: &'static str,
        takes: &'static str,
        suggestion: Option<&'static str>,
    },
    /// The block is not YAML (the parser's message).
    Syntax(String),
}

/// What a block is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of the given level (1–6; Chinese outline headings are level 2, `第…部分/章` level 1).
    Heading { level: u8 },
    /// An ordered step with its ordinal.
    Step { ordinal: u32 },
    /// A bullet item.
    Bullet,
    /// A speaker turn (index into `Document::turns`); also a list item that opens with a speaker label.
    Turn { turn: usize },
    /// A table row (index into `Document::tables`, row number; row 0 is the header).
    TableRow { table: usize, row: usize },
    /// A plain text line (continuation lines of a paragraph are separate blocks).
    Text,
    /// A fenced code block: never linted.
    Fence,
    /// An HTML comment block.
    Comment,
}

/// One block: a line (or a fence or comment spanning several).
#[derive(Clone, Debug)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The whole line(s), without the final line ending.
    pub span: Span,
    /// The text after the marker (heading `#`, step number, bullet, speaker label).
    pub content: Span,
    /// The marker itself (`##`, `（2）`, `-`, `**客服**：`), empty for text.
    pub marker: Span,
    /// Indentation width in columns (tabs count 4, ideographic spaces 2).
    pub indent: usize,
    /// Index of the section this block belongs to.
    pub section: usize,
    /// Whether the block belongs to a counter-example (a 服务禁语 list, an "Avoid" section).
    pub counter: bool,
    /// Whether the block is a model line, what staff say, though no speaker label opens it: a
    /// line of a prose fence (a copy-paste box of 话术), a blockquoted reply of a macro library, a
    /// line of a 话术 section.
    pub spoken: bool,
    /// Whether the block is a row of a chat export's columns shown in a fence (a dataset's sample
    /// dialogue, `SYSTEM<TAB>…`): an excerpt of logged data, read for its wording but no whole
    /// call, so the presence and order checks do not judge it.
    pub excerpt: bool,
}

/// A speaker turn, possibly over several lines.
#[derive(Clone, Debug)]
pub struct Turn {
    /// Agent or customer.
    pub role: Role,
    /// The label as written (`客服`, `Agent`).
    pub label: Span,
    /// What the speaker says: from after the colon to the end of the last continuation line.
    pub body: Span,
    /// The block that opens the turn.
    pub block: usize,
}

/// A part of the document under one heading (section 0 is the part before the first heading).
#[derive(Clone, Debug)]
pub struct Section {
    /// The heading's block, if any.
    pub heading: Option<usize>,
    /// The heading's text (empty for section 0).
    pub title: Span,
    /// Heading level (0 for section 0).
    pub level: u8,
    /// From the heading to the next heading of the same or a higher level.
    pub span: Span,
    /// The enclosing section.
    pub parent: Option<usize>,
    /// Whether this section (or one enclosing it) lists counter-examples.
    pub counter: bool,
}

/// A Markdown pipe table.
#[derive(Clone, Debug)]
pub struct Table {
    /// Rows of cells (row 0 is the header); the separator row is left out.
    pub rows: Vec<Vec<Span>>,
    /// For each column, whether it holds counter-examples ("Instead of", "错误说法").
    pub counter_columns: Vec<bool>,
}

/// A quotation inside a block.
#[derive(Clone, Debug)]
pub struct Quote {
    /// The text inside the quotation marks.
    pub inner: Span,
    /// The block holding it.
    pub block: usize,
    /// Whether it is a counter-example (after "不要说", "Avoid saying", in an "Instead of" column, …).
    pub counter: bool,
}

/// What an excluded inline span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlineKind {
    /// Inline code.
    Code,
    /// A URL or link target.
    Url,
    /// An inline HTML comment.
    Comment,
    /// A stage direction (`[pause]`, `（停顿）`, `【等待3秒】`).
    Stage,
    /// A template placeholder (`{name}`, `[NAME]`, `xx`, `___`, `某某`).
    Placeholder,
}

/// A part of a block that rules do not read as words (code, URLs, stage directions, placeholders).
#[derive(Clone, Debug)]
pub struct Inline {
    /// What it is.
    pub kind: InlineKind,
    /// Where it is.
    pub span: Span,
}

/// An HTML comment, kept for suppression directives.
#[derive(Clone, Debug)]
pub struct Comment {
    /// The whole `<!-- … -->`.
    pub span: Span,
    /// The text between `<!--` and `-->`, trimmed.
    pub inner: Span,
    /// Whether the comment stands on a line of its own.
    pub own_line: bool,
}

/// A parsed document. Everything is a span into `text`.
#[derive(Clone, Debug)]
pub struct Document {
    /// The decoded text.
    pub text: String,
    /// Script or SOP.
    pub kind: Kind,
    /// The main language (for messages and per-language phrase lists).
    pub lang: Lang,
    /// Every language with a real share of the text; phrase lists of each are used.
    pub langs: Vec<Lang>,
    /// The front matter.
    pub front: FrontMatter,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// Sections in document order; section 0 covers the text before the first heading.
    pub sections: Vec<Section>,
    /// Speaker turns in order.
    pub turns: Vec<Turn>,
    /// Pipe tables.
    pub tables: Vec<Table>,
    /// Quotations.
    pub quotes: Vec<Quote>,
    /// Inline spans that are not words to lint, sorted by start.
    pub inlines: Vec<Inline>,
    /// HTML comments in order.
    pub comments: Vec<Comment>,
    /// Labels of lines that look like speaker turns but name no configured speaker (the first
    /// line of each), for `io/unknown-speaker`.
    pub unknown_speakers: Vec<Span>,
}

impl Document {
    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Agent turns, in order.
    pub fn agent_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.role == Role::Agent)
    }

    /// Customer turns, in order.
    pub fn customer_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.role == Role::Customer)
    }

    /// Whether a span lies in a counter-example region (section, list, column or quote).
    pub fn is_counter(&self, span: Span) -> bool {
        self.quotes
            .iter()
            .any(|q| q.counter && q.inner.contains(span))
            || self
                .block_at(span.start)
                .is_some_and(|b| self.blocks[b].counter)
    }

    /// The index of the block holding a byte offset.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.span.start <= offset);
        let i = i.checked_sub(1)?;
        (self.blocks[i].span.end >= offset).then_some(i)
    }

    /// The turn holding a byte offset.
    pub fn turn_at(&self, offset: usize) -> Option<usize> {
        self.turns
            .iter()
            .position(|t| t.body.start <= offset && offset < t.body.end.max(t.body.start + 1))
    }

    /// The innermost section holding a byte offset.
    pub fn section_at(&self, offset: usize) -> usize {
        self.block_at(offset).map_or(0, |b| self.blocks[b].section)
    }

    /// Whether section `inner` is `outer` or nested inside it.
    pub fn section_within(&self, inner: usize, outer: usize) -> bool {
        let mut s = Some(inner);
        while let Some(i) = s {
            if i == outer {
                return true;
            }
            s = self.sections.get(i).and_then(|sec| sec.parent);
        }
        false
    }
}
