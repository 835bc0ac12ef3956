//! From text to the document model: the pest block grammar, then a builder that resolves speakers,
//! turns, sections, tables and counter-example marks.

mod counter;
mod inline;

use crate::model::{
    Block, BlockKind, Comment, Document, FrontMatter, Kind, Lang, Role, Section, Table, Turn,
};
use crate::span::Span;
use pest::Parser;
use pest::iterators::Pair;

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
/// bullets, Chinese headings, fences, comments) is read here, with the shapes of the grammar's
/// rules; pest parses the front matter. A test checks that this gives the same document as parsing
/// everything with the grammar's `document` rule.
pub fn parse(text: String, options: &ParseOptions) -> Document {
    build(text, options, |builder| builder.read())
}

/// Parse with the grammar's `document` rule alone: the reference the fast path is tested against.
#[cfg(test)]
pub(crate) fn parse_with_grammar(text: String, options: &ParseOptions) -> Document {
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

/// A speaker label and its colon at the start of a line or list item.
#[derive(Clone, Copy, Debug)]
struct Head {
    /// Label, colon and any bold markers.
    span: Span,
    /// The label itself.
    label: Span,
}

/// What the builder has gathered, free of the borrowed text.
struct Parts {
    front: FrontMatter,
    blocks: Vec<Block>,
    turns: Vec<Turn>,
    tables: Vec<Table>,
    comments: Vec<Comment>,
}

struct Builder<'a> {
    text: &'a str,
    options: &'a ParseOptions,
    /// Where the text pest is parsing starts in `text` (pest's spans are relative to it).
    base: usize,
    front: FrontMatter,
    blocks: Vec<Block>,
    turns: Vec<Turn>,
    tables: Vec<Table>,
    comments: Vec<Comment>,
    /// Whether the previous block may be continued by a following line.
    open_turn: Option<usize>,
    open_table: Option<usize>,
    /// Labels looked up (as written, before trimming) and their speakers, each in the slot its
    /// [`label_slot`] picks (a later label takes the slot of an earlier one): a script repeats the
    /// same few labels.
    speakers: [Option<(&'a str, Option<Role>)>; SPEAKER_SLOTS],
    /// The first characters a speaker label can have, see [`LabelStarts`].
    starts: LabelStarts,
}

/// The length of a line, line ending included, that the builder reserves its lists for: a little
/// under the usual length, so that a document rarely outgrows them.
const BYTES_PER_LINE: usize = 40;

/// The most blocks reserved up front (a document of some 160 KB).
const MAX_RESERVED_BLOCKS: usize = 4096;

/// How many labels [`Builder::speaker`] remembers at most (a power of two).
const SPEAKER_SLOTS: usize = 64;

impl<'a> Builder<'a> {
    fn new(text: &'a str, options: &'a ParseOptions) -> Self {
        // Room for a block per line at the usual line length, and a turn for every other block,
        // so that the lists rarely grow; a very large file grows them as usual, with no room to spare
        // reserved up front.
        let blocks = (text.len() / BYTES_PER_LINE + 8).min(MAX_RESERVED_BLOCKS);
        Builder {
            text,
            options,
            base: 0,
            front: FrontMatter::default(),
            blocks: Vec::with_capacity(blocks),
            turns: Vec::with_capacity(blocks / 2),
            tables: Vec::new(),
            comments: Vec::new(),
            open_turn: None,
            open_table: None,
            speakers: [None; SPEAKER_SLOTS],
            starts: LabelStarts::new(options),
        }
    }

    /// Read the whole text: the front matter with pest, every other block here.
    fn read(&mut self) {
        let text = self.text;
        // Front matter opens with `---`; without it pest has nothing to read there.
        let mut pos = if text.starts_with("---") {
            self.run(Rule::opening, 0)
        } else {
            0
        };
        // A line that starts like a structured block but is none is a plain line after all.
        let mut plain = false;
        while pos < text.len() {
            let (content_end, line_end) = line_end(text, pos);
            if plain || !starts_structured(&text[pos..content_end]) {
                self.plain_line(pos, content_end);
                pos = line_end;
                plain = false;
                continue;
            }
            if let Some(next) = self.structured_line(pos, content_end, line_end) {
                pos = next;
                continue;
            }
            let end = self.run(Rule::structured_one, pos);
            if end == pos {
                plain = true;
            }
            pos = end;
        }
    }

    /// Parse `text[from..]` with `rule` and build its blocks; returns where the parse stopped.
    fn run(&mut self, rule: Rule, from: usize) -> usize {
        let Some(input) = self.text.get(from..) else {
            return self.text.len();
        };
        let Ok(pairs) = DocumentParser::parse(rule, input) else {
            // Both rules are optional and cannot fail; read the line as plain text if they ever do.
            return from;
        };
        self.base = from;
        let mut end = from;
        for pair in pairs {
            end = end.max(from + pair.as_span().end());
            self.pair(pair);
        }
        self.base = 0;
        end
    }

    /// A line opening with a `block_start` character (`start..end`, the next line starting at
    /// `next`), read here as the grammar's `structured` alternatives would read it, in their order:
    /// a heading, a table row, a step, a setext underline, a bullet, a Chinese heading, a fence or
    /// a comment, else a plain line. Returns where the next unread line starts, or `None`, having
    /// done nothing, where pest must decide.
    fn structured_line(&mut self, start: usize, end: usize, next: usize) -> Option<usize> {
        let line = &self.text[start..end];
        let indent_len = ws_len(line);
        let body = &line[indent_len..];
        let at = start + indent_len;
        let span = Span::new(start, end);
        let first = body.chars().next()?;
        match first {
            '#' => {
                // `heading` indents by `sp3`: up to three spaces and nothing else.
                let sp3 = indent_len <= 3 && line.bytes().take(indent_len).all(|b| b == b' ');
                match atx_marker(body) {
                    Some(n) if sp3 => {
                        let marker = Span::new(at, at + n);
                        let rest = marker.end + ws_len(&body[n..]);
                        self.open_table = None;
                        self.heading(span, marker, Span::new(rest, end));
                    }
                    _ => self.plain_line(start, end),
                }
            }
            '|' => {
                let cells = table_cells(self.text, at + 1, end);
                self.table_cells(span, cells);
            }
            '0'..='9' | '０'..='９' => match arabic_marker(body) {
                Some(n) => self.fast_item(true, span, at, n),
                None => self.plain_line(start, end),
            },
            '(' | '（' => match paren_marker(body) {
                Some(n) => self.fast_item(true, span, at, n),
                None => self.plain_line(start, end),
            },
            's' | 'S' => match step_word_marker(body) {
                Some(n) => self.fast_item(true, span, at, n),
                None => self.plain_line(start, end),
            },
            '\u{2460}'..='\u{2473}' => self.fast_item(true, span, at, first.len_utf8()),
            '第' => {
                if let Some(n) = di_step_marker(body) {
                    self.fast_item(true, span, at, n);
                } else if let Some(n) = di_heading_marker(body) {
                    self.fast_cn_heading(span, at, n);
                } else {
                    self.plain_line(start, end);
                }
            }
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '两' | '零'
            | '〇' => match cn_numeral_marker(body) {
                Some(n) => self.fast_cn_heading(span, at, n),
                None => self.plain_line(start, end),
            },
            '-' | '=' if is_setext(line, first) => {
                self.open_table = None;
                self.setext_level(if first == '=' { 1 } else { 2 }, span);
            }
            '-' | '*' | '+' if body[1..].starts_with([' ', '\t', '\u{3000}']) => {
                self.fast_item(false, span, at, 1);
            }
            '•' | '·' | '●' | '▪' | '◆' | '■' => {
                self.fast_item(false, span, at, first.len_utf8())
            }
            '`' | '~' if body.starts_with("```") || body.starts_with("~~~") => {
                return Some(self.fence(start, next, &body[..3]));
            }
            '<' if body.starts_with("<!--") => {
                if let Some(after) = self.comment_block(span, at) {
                    return Some(after);
                }
                self.plain_line(start, end);
            }
            '-' | '*' | '+' | '=' | '`' | '~' | '<' => self.plain_line(start, end),
            _ => return None,
        }
        Some(next)
    }

    /// A fence opened by `marker` (```` ``` ```` or `~~~`) on the line at `start`, whose next
    /// line starts at `next`: the grammar's `fence_backtick` and `fence_tilde`, every line up to
    /// and with the next line opening with the marker after its indentation, or to the end of the
    /// text. Returns where the line after the fence starts.
    fn fence(&mut self, start: usize, next: usize, marker: &str) -> usize {
        let text = self.text;
        let mut pos = next;
        while pos < text.len() {
            let (content_end, line_end) = line_end(text, pos);
            let line = &text[pos..content_end];
            pos = line_end;
            if line[ws_len(line)..].starts_with(marker) {
                break;
            }
        }
        let span = trim_eol(text, Span::new(start, pos));
        self.open_table = None;
        self.open_turn = None;
        self.push_whole(BlockKind::Fence, span, 0);
        pos
    }

    /// The grammar's `comment_block` for a line at `span.start` whose `<!--` is at `at`: the
    /// comment, which may run over several lines, and the rest of the line it closes on. Returns
    /// where the next line starts, or `None`, having done nothing, for an unclosed comment (a plain
    /// line then).
    fn comment_block(&mut self, span: Span, at: usize) -> Option<usize> {
        let text = self.text;
        let close = memchr::memmem::find(text.get(at + 4..)?.as_bytes(), b"-->")?;
        let inner = Span::new(at, at + 4 + close + 3);
        let (content_end, next) = line_end(text, inner.end);
        let span = Span::new(span.start, content_end);
        self.open_table = None;
        let indent = self.indent_at(span.start);
        self.comment(inner, true);
        self.push_whole(BlockKind::Comment, span, indent);
        Some(next)
    }

    /// A step or bullet read here: `marker_len` bytes of marker at `at`, then `ws* ~ turn_head? ~
    /// rest` as in the grammar's `step` and `bullet`.
    fn fast_item(&mut self, is_step: bool, span: Span, at: usize, marker_len: usize) {
        self.open_table = None;
        let marker = Span::new(at, at + marker_len);
        let content = marker.end + ws_len(&self.text[marker.end..span.end]);
        let head = self.speaker_head(content, span.end);
        let rest = Span::new(head.map_or(content, |h| h.span.end), span.end);
        self.item(is_step, span, marker, head, rest);
    }

    /// A Chinese heading read here: `marker_len` bytes of marker at `at`, then `ws* ~ rest`.
    fn fast_cn_heading(&mut self, span: Span, at: usize, marker_len: usize) {
        self.open_table = None;
        let marker = Span::new(at, at + marker_len);
        let content = marker.end + ws_len(&self.text[marker.end..span.end]);
        self.cn_heading(span, marker, Span::new(content, span.end));
    }

    /// One plain line, `start..end` without its line ending: the grammar's `line` rule.
    fn plain_line(&mut self, start: usize, end: usize) {
        let line = &self.text[start..end];
        let indent_len = ws_len(line);
        let at = start + indent_len;
        let head = self.speaker_head(at, end);
        let rest = Span::new(head.map_or(at, |h| h.span.end), end);
        self.line(Span::new(start, end), head, rest);
    }

    /// The grammar's `turn_head` at `at` (within a line ending at `end`), or `None` where its label
    /// could name no speaker: a head that names none reads as the text it is (see [`Builder::line`]
    /// and [`Builder::item`]), so only the heads that may name one need be read.
    fn speaker_head(&self, at: usize, end: usize) -> Option<Head> {
        if self.starts.may_start(self.text, at, end) {
            turn_head(self.text, at, end)
        } else {
            None
        }
    }

    #[cfg(test)]
    fn fallback(&mut self) {
        let mut start = 0;
        for line in self.text.split_inclusive('\n') {
            let span = trim_eol(self.text, Span::new(start, start + line.len()));
            if !span.text(self.text).trim().is_empty() {
                self.push(
                    BlockKind::Text,
                    span,
                    span,
                    Span::new(span.start, span.start),
                    0,
                );
            }
            start += line.len();
        }
    }

    /// Push a block that is all content and has no marker (fences, comment blocks).
    fn push_whole(&mut self, kind: BlockKind, span: Span, indent: usize) {
        self.push(kind, span, span, Span::new(span.start, span.start), indent);
    }

    /// Push a block: its whole span, the text that is linted, its marker and its indent.
    fn push(&mut self, kind: BlockKind, span: Span, content: Span, marker: Span, indent: usize) {
        self.blocks.push(Block {
            kind,
            span,
            content,
            marker,
            indent,
            section: 0,
            counter: false,
        });
    }

    fn pair(&mut self, pair: Pair<'_, Rule>) {
        let rule = pair.as_rule();
        let span = trim_eol(self.text, self.at(&pair));
        if rule != Rule::table_row {
            self.open_table = None;
        }
        match rule {
            Rule::front_matter => self.front_matter(pair),
            Rule::fence_backtick | Rule::fence_tilde => {
                self.open_turn = None;
                self.push_whole(BlockKind::Fence, span, 0);
            }
            Rule::comment_block => {
                let indent = self.indent_at(span.start);
                if let Some(inner) = pair
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::comment_inner)
                {
                    self.comment(self.at(&inner), true);
                }
                self.push_whole(BlockKind::Comment, span, indent);
            }
            Rule::heading => {
                let mut marker = Span::new(span.start, span.start);
                let mut content = Span::new(span.end, span.end);
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::atx_marker => marker = self.at(&inner),
                        Rule::rest => content = self.at(&inner),
                        _ => {}
                    }
                }
                self.heading(span, marker, content);
            }
            Rule::cn_heading => {
                let mut marker = Span::default();
                let mut content = Span::new(span.end, span.end);
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::cn_heading_marker => marker = self.at(&inner),
                        Rule::rest => content = self.at(&inner),
                        _ => {}
                    }
                }
                self.cn_heading(span, marker, content);
            }
            Rule::table_row => self.table_row(pair, span),
            Rule::setext_rule => self.setext(pair, span),
            Rule::step | Rule::bullet => self.list_item(pair, span),
            Rule::line => {
                let mut head = None;
                let mut rest = Span::new(span.end, span.end);
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::turn_head => head = Some(self.head(&inner)),
                        Rule::rest => rest = self.at(&inner),
                        _ => {}
                    }
                }
                self.line(span, head, rest);
            }
            Rule::EOI => {}
            _ => {}
        }
    }

    fn front_matter(&mut self, pair: Pair<'_, Rule>) {
        self.front.span = Some(trim_eol(self.text, self.at(&pair)));
        for line in pair.into_inner().filter(|p| p.as_rule() == Rule::fm_line) {
            let line_span = trim_eol(self.text, self.at(&line));
            let raw = line_span.text(self.text);
            let Some(colon) = raw.find(':') else { continue };
            let key = raw[..colon].trim();
            let value_start = line_span.start + colon + 1;
            let value_span = trim_span(self.text, Span::new(value_start, line_span.end));
            let value = value_span
                .text(self.text)
                .trim_matches(|c| c == '"' || c == '\'');
            match key {
                "kind" => {
                    self.front.kind = match value {
                        "script" => Some(Kind::Script),
                        "sop" => Some(Kind::Sop),
                        _ => None,
                    }
                }
                "lang" => {
                    self.front.lang = match value {
                        "zh" => Some(Lang::Zh),
                        "en" => Some(Lang::En),
                        _ => None,
                    }
                }
                "title" => self.front.title = Some(value_span),
                "disable" => self.front.disable = list_items(self.text, value_span),
                _ => {}
            }
        }
    }

    fn comment(&mut self, span: Span, own_line: bool) {
        let raw = span.text(self.text);
        let body_start = span.start + 4.min(raw.len());
        let body_end = if raw.ends_with("-->") && raw.len() >= 7 {
            span.end - 3
        } else {
            span.end
        };
        let inner = trim_span(self.text, Span::new(body_start, body_end.max(body_start)));
        self.comments.push(Comment {
            span,
            inner,
            own_line,
        });
    }

    /// An ATX heading: its `#` marker and the `rest` after the marker and white space (closing
    /// hashes not yet trimmed).
    fn heading(&mut self, span: Span, marker: Span, rest: Span) {
        self.open_turn = None;
        let indent = self.indent_at(span.start);
        let level = marker.len().clamp(1, 6) as u8;
        let content = trim_closing_hashes(self.text, rest);
        self.push(BlockKind::Heading { level }, span, content, marker, indent);
    }

    /// A Chinese outline heading: its marker (`一、`, `第二章`) and the rest of the line.
    fn cn_heading(&mut self, span: Span, marker: Span, content: Span) {
        self.open_turn = None;
        let indent = self.indent_at(span.start);
        let text = marker.text(self.text);
        let level = if text.starts_with('第') && !text.ends_with('节') {
            1
        } else {
            2
        };
        self.push(BlockKind::Heading { level }, span, content, marker, indent);
    }

    fn table_row(&mut self, pair: Pair<'_, Rule>, span: Span) {
        let mut cells: Vec<Span> = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::cell => cells.push(trim_span(self.text, self.at(&inner))),
                Rule::rest => {
                    let rest = trim_span(self.text, self.at(&inner));
                    if !rest.is_empty() {
                        cells.push(rest);
                    }
                }
                _ => {}
            }
        }
        self.table_cells(span, cells);
    }

    /// A table row with its trimmed cells (the trailing text after the last `|` included when it is
    /// not blank).
    fn table_cells(&mut self, span: Span, cells: Vec<Span>) {
        self.open_turn = None;
        let indent = self.indent_at(span.start);
        let is_separator = !cells.is_empty()
            && cells.iter().all(|c| {
                let t = c.text(self.text);
                !t.is_empty() && t.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
            });
        let table = match self.open_table {
            Some(t) => t,
            None => {
                self.tables.push(Table {
                    rows: Vec::new(),
                    counter_columns: Vec::new(),
                });
                self.tables.len() - 1
            }
        };
        self.open_table = Some(table);
        if is_separator {
            return;
        }
        let row = self.tables[table].rows.len();
        self.tables[table].rows.push(cells);
        self.push(
            BlockKind::TableRow { table, row },
            span,
            span,
            Span::new(span.start, span.start),
            indent,
        );
    }

    fn setext(&mut self, pair: Pair<'_, Rule>, span: Span) {
        let marker = pair
            .into_inner()
            .find(|p| p.as_rule() == Rule::setext_marker)
            .map(|p| self.at(&p))
            .unwrap_or(span);
        let level = if marker.text(self.text).starts_with('=') {
            1
        } else {
            2
        };
        self.setext_level(level, span);
    }

    /// A setext underline of `level` (1 for `=`, 2 for `-`): it turns the text line just above into
    /// a heading, and is otherwise a rule that ends a turn.
    fn setext_level(&mut self, level: u8, span: Span) {
        if let Some(last) = self.blocks.last_mut() {
            let adjacent = self.text[last.span.end..span.start]
                .chars()
                .filter(|&c| c == '\n')
                .count()
                <= 1;
            if last.kind == BlockKind::Text && adjacent && self.open_turn.is_none() {
                last.kind = BlockKind::Heading { level };
                return;
            }
        }
        self.open_turn = None;
    }

    fn list_item(&mut self, pair: Pair<'_, Rule>, span: Span) {
        let is_step = pair.as_rule() == Rule::step;
        let mut marker = Span::default();
        let mut head: Option<Head> = None;
        let mut rest = Span::new(span.end, span.end);
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::step_marker | Rule::bullet_marker => marker = self.at(&inner),
                Rule::turn_head => head = Some(self.head(&inner)),
                Rule::rest => rest = self.at(&inner),
                _ => {}
            }
        }
        self.item(is_step, span, marker, head, rest);
    }

    /// A step or bullet: its marker, the speaker head after it if any, and the rest of the line.
    fn item(&mut self, is_step: bool, span: Span, marker: Span, head: Option<Head>, rest: Span) {
        let indent = self.indent_at(span.start);
        let mut rest = rest;
        if let Some(head) = head {
            if let Some(role) = self.speaker(&head) {
                self.open_turn(role, head.label, head.span, rest, span, indent);
                return;
            }
            rest = Span::new(head.span.start, rest.end);
        }
        let content = trim_span(self.text, rest);
        if !is_step && self.open_turn.is_some() {
            // A bullet under a turn is part of what the speaker says.
            self.extend_turn(span);
        } else {
            self.open_turn = None;
        }
        let kind = if is_step {
            BlockKind::Step {
                ordinal: ordinal(marker.text(self.text)),
            }
        } else {
            BlockKind::Bullet
        };
        self.push(kind, span, content, marker, indent);
    }

    /// A plain line: a speaker turn, text, or a blank line. `rest` follows the head (or the
    /// indentation) up to the line ending.
    fn line(&mut self, span: Span, head: Option<Head>, rest: Span) {
        self.open_table = None;
        let indent = self.indent_at(span.start);
        if let Some(head) = head {
            if let Some(role) = self.speaker(&head) {
                self.open_turn(role, head.label, head.span, rest, span, indent);
                return;
            }
            let content = trim_span(self.text, Span::new(head.span.start, rest.end));
            self.plain_text(span, content, indent);
            return;
        }
        if rest.is_empty() {
            // A blank line ends a turn.
            self.open_turn = None;
            return;
        }
        let content = trim_span(self.text, rest);
        self.plain_text(span, content, indent);
    }

    fn plain_text(&mut self, span: Span, content: Span, indent: usize) {
        if self.open_turn.is_some() {
            self.extend_turn(span);
        }
        self.push(
            BlockKind::Text,
            span,
            content,
            Span::new(span.start, span.start),
            indent,
        );
    }

    fn extend_turn(&mut self, span: Span) {
        if let Some(t) = self.open_turn {
            self.turns[t].body.end = span.end;
        }
    }

    fn open_turn(
        &mut self,
        role: Role,
        label: Span,
        head: Span,
        rest: Span,
        span: Span,
        indent: usize,
    ) {
        let body = trim_span(self.text, rest);
        let body = if body.is_empty() {
            Span::new(rest.start, rest.start)
        } else {
            Span::new(body.start, rest.end)
        };
        let turn = self.turns.len();
        self.turns.push(Turn {
            role,
            label,
            body,
            block: self.blocks.len(),
        });
        self.open_turn = Some(turn);
        self.push(
            BlockKind::Turn { turn },
            span,
            body,
            Span::new(span.start.max(head.start.min(span.start)), head.end),
            indent,
        );
    }

    /// A pair's span in `text`.
    fn at(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    /// A `turn_head` pair as a head.
    fn head(&self, pair: &Pair<'_, Rule>) -> Head {
        let span = self.at(pair);
        let label = pair
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::label)
            .map_or(span, |p| self.at(&p));
        Head { span, label }
    }

    /// The width of the indentation of the line starting at `start` (a tab counts 4, U+3000 2).
    fn indent_at(&self, start: usize) -> usize {
        indent(self.text.get(start..).unwrap_or("")).1
    }

    /// The speaker a head's label names, if any (remembered per label, see `speakers`).
    fn speaker(&mut self, head: &Head) -> Option<Role> {
        let label = head.label.text(self.text);
        let slot = &mut self.speakers[label_slot(label)];
        if let Some((known, role)) = *slot
            && known == label
        {
            return role;
        }
        let role = label_role(label.trim(), self.options);
        *slot = Some((label, role));
        role
    }

    fn parts(self) -> Parts {
        Parts {
            front: self.front,
            blocks: self.blocks,
            turns: self.turns,
            tables: self.tables,
            comments: self.comments,
        }
    }
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

/// The speaker a label names, if any (`label` trimmed).
fn label_role(label: &str, options: &ParseOptions) -> Option<Role> {
    if label.chars().count() > MAX_LABEL_CHARS {
        None
    } else if matches_label(label, &options.agent_labels) {
        Some(Role::Agent)
    } else if matches_label(label, &options.customer_labels) {
        Some(Role::Customer)
    } else {
        None
    }
}

/// The slot of [`Builder::speakers`] for a label: a hash of its length and its first and last two
/// bytes, which tell the few labels of a script apart.
fn label_slot(label: &str) -> usize {
    let bytes = label.as_bytes();
    let n = bytes.len();
    let key = match n {
        0 => 0,
        1 => u64::from(bytes[0]),
        _ => {
            u64::from(bytes[0])
                | u64::from(bytes[1]) << 8
                | u64::from(bytes[n - 2]) << 16
                | u64::from(bytes[n - 1]) << 24
        }
    } | (n as u64) << 32;
    // Fibonacci hashing: the top bits of the product pick the slot.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SPEAKER_SLOTS.trailing_zeros())) as usize
}

/// The first characters of the configured labels, as a filter: a label whose first character (past
/// white space) is none of them names no speaker, since [`matches_label`] compares its first bytes
/// with a label's, ASCII letters in either case. A set of 512 bits keyed by the first byte of a
/// character and, past ASCII, its second byte too (a block of 64 code points); a bit may stand for
/// other keys too, whose lines are then read in full as before.
#[derive(Clone, Copy, Debug)]
struct LabelStarts {
    bits: [u64; 8],
}

impl LabelStarts {
    fn new(options: &ParseOptions) -> Self {
        let mut starts = LabelStarts { bits: [0; 8] };
        for label in options.agent_labels.iter().chain(&options.customer_labels) {
            let bytes = label.as_bytes();
            match bytes.first() {
                // An empty label is a prefix of every label: let every line through.
                None => {
                    return LabelStarts {
                        bits: [u64::MAX; 8],
                    };
                }
                Some(&b) if b < 0x80 => {
                    starts.insert(b.to_ascii_lowercase(), 0);
                    starts.insert(b.to_ascii_uppercase(), 0);
                }
                Some(&b) => starts.insert(b, bytes.get(1).copied().unwrap_or(0)),
            }
        }
        starts
    }

    /// The word and bit of the key of a character whose first bytes are `b0` and `b1` (`b1`
    /// ignored for ASCII).
    fn bit(b0: u8, b1: u8) -> (usize, u64) {
        let key = if b0 < 0x80 {
            u32::from(b0)
        } else {
            u32::from(b0) << 8 | u32::from(b1)
        };
        let hash = key.wrapping_mul(0x9E37_79B1) >> 23;
        ((hash >> 6) as usize, 1 << (hash & 63))
    }

    fn insert(&mut self, b0: u8, b1: u8) {
        let (word, bit) = Self::bit(b0, b1);
        self.bits[word] |= bit;
    }

    /// Whether a `turn_head` at `at` (a line ending at `end`) may have a label that names a
    /// speaker: the label's first character past `**` and white space may start a configured label.
    fn may_start(&self, text: &str, at: usize, end: usize) -> bool {
        let bytes = &text.as_bytes()[..end];
        let mut i = at;
        if bytes.get(i..i + 2) == Some(b"**") {
            // `ws_len`'s white space is the only white space among the label characters, and the
            // only part of a label that `trim` drops at its start.
            i += 2;
            i += ws_len(&text[i..end]);
        }
        let Some(&b0) = bytes.get(i) else {
            return false;
        };
        let (word, bit) = Self::bit(b0, bytes.get(i + 1).copied().unwrap_or(0));
        self.bits[word] & bit != 0
    }
}

/// Whether a written label names one of the configured speakers: exactly, or followed by a number or a
/// parenthesised name ("Agent 2", "客服A", "Agent (Sam)").
fn matches_label(label: &str, labels: &[String]) -> bool {
    labels.iter().any(|known| {
        let Some(rest) = strip_prefix_ci(label, known) else {
            return false;
        };
        let rest = rest.trim();
        rest.is_empty()
            || (rest.chars().count() <= 3 && rest.chars().all(|c| c.is_ascii_alphanumeric()))
            || ((rest.starts_with('(') && rest.ends_with(')'))
                || (rest.starts_with('（') && rest.ends_with('）')))
    })
}

fn strip_prefix_ci<'s>(text: &'s str, prefix: &str) -> Option<&'s str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        let rest = &text[prefix.len()..];
        // "Representative" must not match label "Rep" + "resentative".
        let boundary = rest
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphabetic() && prefix.is_ascii()));
        boundary.then_some(rest)
    } else {
        None
    }
}

/// A speaker label is at most this many characters (SPEC §2.1).
const MAX_LABEL_CHARS: usize = 24;

/// The end of the line starting at `pos`: where its content ends and where the next line starts.
/// Line endings as the grammar's `nl`: CRLF, LF or a lone CR.
fn line_end(text: &str, pos: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
        Some(i) => {
            let at = pos + i;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            (at, next)
        }
        None => (text.len(), text.len()),
    }
}

/// The length of the leading white space of the grammar's `indent` and `ws`: spaces, tabs, U+3000.
fn ws_len(s: &str) -> usize {
    indent(s).0
}

/// The length of the leading white space of `s` (as [`ws_len`]) and its width in columns (as
/// [`Builder::indent_at`]: a tab counts 4, U+3000 2), read a byte at a time.
fn indent(s: &str) -> (usize, usize) {
    let bytes = s.as_bytes();
    let (mut len, mut width) = (0, 0);
    loop {
        match bytes.get(len) {
            Some(b' ') => (len, width) = (len + 1, width + 1),
            Some(b'\t') => (len, width) = (len + 1, width + 4),
            // U+3000 is E3 80 80.
            Some(0xE3) if bytes.get(len + 1..len + 3) == Some(&[0x80, 0x80]) => {
                (len, width) = (len + 3, width + 2)
            }
            _ => return (len, width),
        }
    }
}

/// Whether the grammar's `block_start` matches after the indentation of `line`.
fn starts_structured(line: &str) -> bool {
    let body = &line[ws_len(line)..];
    body.chars().next().is_some_and(|c| {
        matches!(
            c,
            '#' | '|' | '-' | '*' | '+' | '`' | '~' | '<' | '=' | '(' | '0'..='9' | 's' | 'S'
                | '０'..='９' | '（' | '\u{2460}'..='\u{2473}'
                | '第' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
                | '两' | '零' | '〇'
                | '•' | '·' | '●' | '▪' | '◆' | '■'
        )
    })
}

/// Whether a line is the grammar's `setext_rule` of `c` (`=` or `-`): up to three spaces, the
/// marker characters, white space.
fn is_setext(line: &str, c: char) -> bool {
    let body = line.trim_start_matches(' ');
    line.len() - body.len() <= 3
        && body.starts_with(c)
        && body
            .trim_start_matches(c)
            .trim_start_matches([' ', '\t', '\u{3000}'])
            .is_empty()
}

/// The length of the grammar's `atx_marker` at the start of `s`: one to six `#` followed by white
/// space or the end of the line.
fn atx_marker(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(|&b| b == b'#').count();
    let after = &s[n..];
    ((1..=6).contains(&n) && (after.is_empty() || after.starts_with([' ', '\t', '\u{3000}'])))
        .then_some(n)
}

/// The cells of a table row whose text after the opening `|` runs from `from` to `end`: the
/// grammar's `(cell ~ "|")* ~ rest`, each trimmed, the `rest` only when not blank.
fn table_cells(text: &str, from: usize, end: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut cells = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < end {
        match bytes[i] {
            // `"\\|"`: an escaped pipe stays inside the cell.
            b'\\' if bytes.get(i + 1) == Some(&b'|') => i += 2,
            b'|' => {
                cells.push(trim_span(text, Span::new(start, i)));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    let rest = trim_span(text, Span::new(start, end));
    if !rest.is_empty() {
        cells.push(rest);
    }
    cells
}

/// The length of the grammar's `arabic` at the start of `s`: up to three ASCII or full-width digits.
fn arabic_len(s: &str) -> usize {
    s.chars()
        .take(3)
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(char::len_utf8)
        .sum()
}

/// The length of the grammar's `cn_numeral` at the start of `s`: up to three Chinese numerals.
fn cn_numeral_len(s: &str) -> usize {
    s.chars()
        .take(3)
        .take_while(|c| {
            matches!(
                c,
                '一' | '二'
                    | '三'
                    | '四'
                    | '五'
                    | '六'
                    | '七'
                    | '八'
                    | '九'
                    | '十'
                    | '两'
                    | '零'
                    | '〇'
            )
        })
        .map(char::len_utf8)
        .sum()
}

/// The length of the `step_marker` `("(" | "（") ~ arabic ~ (")" | "）")` at the start of `s`.
fn paren_marker(s: &str) -> Option<usize> {
    let open = s
        .chars()
        .next()
        .filter(|c| matches!(c, '(' | '（'))?
        .len_utf8();
    let digits = arabic_len(&s[open..]);
    if digits == 0 {
        return None;
    }
    let close = s[open + digits..]
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | '）'))?
        .len_utf8();
    Some(open + digits + close)
}

/// The length of the `step_marker` `^"step" ~ " "? ~ arabic ~ (":" | "：" | "." | ")" | &ws)` at
/// the start of `s`.
fn step_word_marker(s: &str) -> Option<usize> {
    if !s.as_bytes().get(..4)?.eq_ignore_ascii_case(b"step") {
        return None;
    }
    let mut n = 4;
    if s[n..].starts_with(' ') {
        n += 1;
    }
    let digits = arabic_len(&s[n..]);
    if digits == 0 {
        return None;
    }
    n += digits;
    match s[n..].chars().next()? {
        c @ (':' | '：' | '.' | ')') => Some(n + c.len_utf8()),
        ' ' | '\t' | '\u{3000}' => Some(n),
        _ => None,
    }
}

/// The length of the `step_marker` `"第" ~ (arabic | cn_numeral) ~ "步" ~ (":" | "：" | "、" |
/// "．")?` at the start of `s`.
fn di_step_marker(s: &str) -> Option<usize> {
    let after = s.strip_prefix('第')?;
    let digits = arabic_len(after);
    let numeral = if digits > 0 {
        digits
    } else {
        cn_numeral_len(after)
    };
    if numeral == 0 || !after[numeral..].starts_with('步') {
        return None;
    }
    let n = '第'.len_utf8() + numeral + '步'.len_utf8();
    let punct = s[n..]
        .chars()
        .next()
        .filter(|c| matches!(c, ':' | '：' | '、' | '．'))
        .map_or(0, char::len_utf8);
    Some(n + punct)
}

/// The length of the `cn_heading_marker` `"第" ~ (cn_numeral | arabic) ~ ("部分" | "章" | "节" |
/// "篇")` at the start of `s`.
fn di_heading_marker(s: &str) -> Option<usize> {
    let after = s.strip_prefix('第')?;
    let numeral = match cn_numeral_len(after) {
        0 => arabic_len(after),
        n => n,
    };
    if numeral == 0 {
        return None;
    }
    let word = ["部分", "章", "节", "篇"]
        .iter()
        .find(|w| after[numeral..].starts_with(**w))?;
    Some('第'.len_utf8() + numeral + word.len())
}

/// The length of the `cn_heading_marker` `cn_numeral ~ ("、" | "．")` at the start of `s`.
fn cn_numeral_marker(s: &str) -> Option<usize> {
    let numeral = cn_numeral_len(s);
    if numeral == 0 {
        return None;
    }
    let punct = s[numeral..]
        .chars()
        .next()
        .filter(|c| matches!(c, '、' | '．'))?
        .len_utf8();
    Some(numeral + punct)
}

/// The length of the grammar's `step_marker` alternatives that start with `arabic` at the start
/// of `s`: one to three digits, then `.`, `)` or `．` not followed by an ASCII digit, or `、`.
fn arabic_marker(s: &str) -> Option<usize> {
    let digits = arabic_len(s);
    if digits == 0 {
        return None;
    }
    let after = &s[digits..];
    let c = after.chars().next()?;
    match c {
        '.' | ')' | '．' => {
            let next = after[c.len_utf8()..].chars().next();
            (!next.is_some_and(|n| n.is_ascii_digit())).then_some(digits + c.len_utf8())
        }
        '、' => Some(digits + c.len_utf8()),
        _ => None,
    }
}

/// A character of the grammar's `label`.
const fn is_label_char(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | 'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | '\t' | '(' | ')' | '-' | '_'
            | '\'' | '\u{3400}'..='\u{4DBF}' | '（' | '）' | '\u{3000}')
}

/// Which ASCII bytes are characters of the grammar's `label`.
const LABEL_ASCII: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = is_label_char(b as u8 as char);
        b += 1;
    }
    table
};

/// The length of the run of the grammar's `label` characters at the start of `s`. ASCII is read a
/// byte at a time; the other label characters are all three bytes long, and are told by their
/// first two bytes (see [`is_label_char3`]).
fn label_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !LABEL_ASCII[usize::from(b)] {
                break;
            }
            i += 1;
        } else {
            let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
                break;
            };
            if !is_label_char3(b, b1, b2) {
                break;
            }
            i += 3;
        }
    }
    i
}

/// Whether the character that starts with the bytes `b0` (not ASCII), `b1` and `b2` of a `str` is
/// a label character. They are all three bytes long: U+3000 (E3 80 80), U+3400..=U+4DBF (E3 90 80
/// to E4 B6 BF), U+4E00..=U+9FFF (E4 B8 80 to E9 BF BF) and `（` `）` (EF BC 88, EF BC 89).
fn is_label_char3(b0: u8, b1: u8, b2: u8) -> bool {
    match b0 {
        0xE5..=0xE9 => true,
        // U+4DC0..=U+4DFF, between the two ranges, is E4 B7 xx.
        0xE4 => b1 != 0xB7,
        0xE3 => b1 >= 0x90 || (b1 == 0x80 && b2 == 0x80),
        0xEF => b1 == 0xBC && matches!(b2, 0x88 | 0x89),
        _ => false,
    }
}

/// The grammar's `turn_head` at `at`, within a line ending at `end`.
fn turn_head(text: &str, at: usize, end: usize) -> Option<Head> {
    let line = text.get(at..end)?;
    // `ws* ~ colon`: the length up to and including the colon.
    let colon = |s: &str| {
        let ws = ws_len(s);
        let c = s[ws..].chars().next()?;
        matches!(c, ':' | '：').then_some(ws + c.len_utf8())
    };
    if let Some(inner) = line.strip_prefix("**") {
        let n = label_len(inner);
        if n == 0 {
            return None;
        }
        let label = Span::new(at + 2, at + 2 + n);
        let after = &inner[n..];
        // `"**" ~ label ~ ws* ~ colon ~ "**"`
        if let Some(c) = colon(after)
            && after[c..].starts_with("**")
        {
            return Some(Head {
                span: Span::new(at, label.end + c + 2),
                label,
            });
        }
        // `"**" ~ label ~ "**" ~ ws* ~ colon`
        if let Some(bold) = after.strip_prefix("**")
            && let Some(c) = colon(bold)
        {
            return Some(Head {
                span: Span::new(at, label.end + 2 + c),
                label,
            });
        }
        return None;
    }
    let n = label_len(line);
    if n == 0 {
        return None;
    }
    let c = colon(&line[n..])?;
    Some(Head {
        span: Span::new(at, at + n + c),
        label: Span::new(at, at + n),
    })
}

/// Drop a trailing line ending from a span.
fn trim_eol(text: &str, span: Span) -> Span {
    let mut end = span.end.min(text.len());
    let bytes = text.as_bytes();
    while end > span.start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
        end -= 1;
    }
    Span::new(span.start, end)
}

/// Shrink a span to exclude leading and trailing white space (including U+3000).
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let rest = s.trim_start();
    let start = span.start + (s.len() - rest.len());
    Span::new(start, start + rest.trim_end().len())
}

fn trim_closing_hashes(text: &str, span: Span) -> Span {
    let s = span.text(text).trim_end();
    let without = s.trim_end_matches('#');
    let end = if without.len() < s.len() && (without.is_empty() || without.ends_with(' ')) {
        without.trim_end().len()
    } else {
        s.len()
    };
    Span::new(span.start, span.start + end)
}

/// Split `[a, b]` or `a, b` into item spans.
fn list_items(text: &str, span: Span) -> Vec<Span> {
    let raw = span.text(text);
    let mut items = Vec::new();
    let mut start = 0;
    for (i, c) in raw.char_indices().chain(std::iter::once((raw.len(), ','))) {
        if matches!(c, ',' | '[' | ']') {
            let item = trim_span(text, Span::new(span.start + start, span.start + i));
            let t = item.text(text);
            let t2 = t.trim_matches(|c| c == '"' || c == '\'');
            if !t2.is_empty() {
                let off = t.find(t2).unwrap_or(0);
                items.push(Span::new(item.start + off, item.start + off + t2.len()));
            }
            start = i + c.len_utf8();
        }
    }
    items
}

/// The ordinal of a step marker: "3." → 3, "（12）" → 12, "⑤" → 5, "第三步" → 3.
fn ordinal(marker: &str) -> u32 {
    if let Some(c) = marker
        .chars()
        .find(|c| ('\u{2460}'..='\u{2473}').contains(c))
    {
        return c as u32 - 0x2460 + 1;
    }
    // The ASCII and full-width digits read as one number, as long as they fit.
    let mut digits = marker.chars().filter_map(|c| match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    });
    let number = digits
        .next()
        .and_then(|first| digits.try_fold(first, |n: u32, d| n.checked_mul(10)?.checked_add(d)));
    number.or_else(|| chinese_number(marker)).unwrap_or(0)
}

/// The value of a small Chinese numeral found in `text` (一 … 九十九).
pub(crate) fn chinese_number(text: &str) -> Option<u32> {
    let digit = |c: char| match c {
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let mut found = false;
    let mut value = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == '十' {
            value += if current == 0 { 10 } else { current * 10 };
            current = 0;
        } else if let Some(d) = digit(c) {
            current = d;
        } else {
            continue;
        }
        found = true;
    }
    found.then_some(value + current)
}

#[cfg(test)]
mod tests;
