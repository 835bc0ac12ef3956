//! The line loop and the builder: every block but the front matter read here with the grammar's shapes, the front matter by pest.

use super::shape::{self, Makes};
use super::shape::{indent, ws_len};
use super::speaker::{Head, LabelStarts, label_role, turn_head};
use super::{DocumentParser, ParseOptions, Parts, Rule};
use crate::model::{Block, BlockKind, Comment, FrontMatter, Role, Table, Turn};
use crate::span::Span;
use pest::Parser;
use pest::iterators::Pair;

/// Gathers the blocks, turns, tables and comments of a text, line by line.
pub(super) struct Builder<'a> {
    pub(super) text: &'a str,
    options: &'a ParseOptions,
    front: FrontMatter,
    blocks: Vec<Block>,
    turns: Vec<Turn>,
    tables: Vec<Table>,
    comments: Vec<Comment>,
    /// Whether the previous block may be continued by a following line.
    open_turn: Option<usize>,
    open_table: Option<usize>,
    /// Labels looked up (trimmed) and their speakers: a script repeats the same few labels.
    speakers: Vec<(&'a str, bool, Option<Role>)>,
    /// The first characters a speaker label can have, see [`LabelStarts`].
    starts: LabelStarts,
    /// Heads whose label names no known speaker, short enough to be one (see
    /// [`super::Parts::unknown_speakers`]).
    unknown: Vec<Span>,
    /// Whether the lines being read are those of a prose fence (a copy-paste box of model lines):
    /// their blocks are spoken ([`Block::spoken`]).
    in_prose_fence: bool,
    /// Inside a fence read as a chat export's columns ([`Block::excerpt`]).
    in_excerpt: bool,
}

/// The length of a line, line ending included, that the builder reserves its lists for: a little
/// under the usual length, so that a document rarely outgrows them.
const BYTES_PER_LINE: usize = 40;

/// The longest head (stamp, label and colon) kept as a possible unknown speaker.
const UNKNOWN_HEAD_BYTES: usize = 64;

/// The most blocks reserved up front (a document of some 160 KB).
const MAX_RESERVED_BLOCKS: usize = 4096;

impl<'a> Builder<'a> {
    pub(super) fn new(text: &'a str, options: &'a ParseOptions) -> Self {
        // Room for a block per line at the usual line length, and a turn for every other block,
        // so that the lists rarely grow; a very large file grows them as usual, with no room to spare
        // reserved up front.
        let blocks = (text.len() / BYTES_PER_LINE + 8).min(MAX_RESERVED_BLOCKS);
        Builder {
            text,
            options,
            front: FrontMatter::default(),
            blocks: Vec::with_capacity(blocks),
            turns: Vec::with_capacity(blocks / 2),
            tables: Vec::new(),
            comments: Vec::new(),
            open_turn: None,
            open_table: None,
            speakers: Vec::new(),
            starts: LabelStarts::new(options),
            unknown: Vec::new(),
            in_prose_fence: false,
            in_excerpt: false,
        }
    }

    /// Read the whole text: the front matter with pest, every other block here.
    pub(super) fn read(&mut self) {
        let text = self.text;
        // Front matter opens with `---`; without it pest has nothing to read there.
        let mut pos = if text.starts_with("---") {
            self.front_matter_end()
        } else {
            0
        };
        while pos < text.len() {
            let (content_end, line_end) = line_end(text, pos);
            pos = self.line_at(pos, content_end, line_end);
        }
    }

    /// Parse the grammar's `opening` (the front matter, if any) and build it; returns where it ends.
    fn front_matter_end(&mut self) -> usize {
        // `opening` is optional and cannot fail; read the text from its start if it ever does.
        let Ok(pairs) = DocumentParser::parse(Rule::opening, self.text) else {
            return 0;
        };
        let mut end = 0;
        for pair in pairs {
            end = end.max(pair.as_span().end());
            self.pair(pair);
        }
        end
    }

    /// The line `start..end`, the next starting at `next`: the first row of the block-shape table
    /// ([`shape::SHAPES`]) it has the shape of, else a plain line. Returns where the next unread
    /// line starts.
    fn line_at(&mut self, start: usize, end: usize, next: usize) -> usize {
        let line = &self.text[start..end];
        let (indent, body) = line.split_at(ws_len(line));
        let Some((makes, n)) = shape::find(body, indent) else {
            self.plain_line(start, end);
            return next;
        };
        let span = Span::new(start, end);
        let marker = Span::new(start + indent.len(), start + indent.len() + n);
        if !matches!(makes, Makes::TableRow) {
            self.open_table = None;
        }
        match makes {
            Makes::Atx => {
                let rest = marker.end + ws_len(&body[n..]);
                self.heading(span, marker, Span::new(rest, end));
            }
            Makes::TableRow => {
                let cells = table_cells(self.text, marker.end, end);
                self.table_cells(span, cells);
            }
            Makes::Step(number) => {
                let ordinal = number(&body[..n]);
                self.fast_item(Some(ordinal), span, marker);
            }
            Makes::Setext(level) => self.setext_level(level, span),
            Makes::Bullet => self.fast_item(None, span, marker),
            Makes::Heading(level) => {
                let content = marker.end + ws_len(&body[n..]);
                self.cn_heading(span, marker, Span::new(content, end), level);
            }
            Makes::Fence => return self.fence(start, next, &body[..n]),
            Makes::Comment => match self.comment_block(span, marker.start) {
                Some(after) => return after,
                None => self.plain_line(start, end),
            },
        }
        next
    }

    /// A fence opened by `marker` (```` ``` ```` or `~~~`) on the line at `start`, whose next
    /// line starts at `next`: the grammar's `fence_backtick` and `fence_tilde`, every line up to
    /// and with the next line opening with the marker after its indentation, or to the end of the
    /// text. Returns where the line after the fence starts.
    fn fence(&mut self, start: usize, next: usize, marker: &str) -> usize {
        let text = self.text;
        let (body_end, pos) = fence_extent(text, next, marker);
        let span = trim_eol(text, Span::new(start, pos));
        self.open_turn = None;
        if shape::prose_fence(span.text(text)) {
            // `fence_line`: each line a block of one line; a fence or comment opens none here.
            let mut at = next;
            self.in_prose_fence = true;
            while at < body_end {
                let (content_end, line_end) = line_end(text, at);
                self.fence_line_at(at, content_end, line_end);
                at = line_end;
            }
            self.in_prose_fence = false;
            self.open_turn = None;
            self.open_table = None;
            return pos;
        }
        if pos > body_end && self.transcript_fence(start, next, body_end) {
            // A chat export's columns: each row a turn, as outside a fence.
            let mut at = next;
            self.in_excerpt = true;
            while at < body_end {
                let (content_end, line_end) = line_end(text, at);
                self.fence_line_at(at, content_end, line_end);
                at = line_end;
            }
            self.in_excerpt = false;
            self.open_turn = None;
            self.open_table = None;
            return pos;
        }
        self.push_whole(BlockKind::Fence, span, 0);
        pos
    }

    /// Whether the lines `next..body_end` of a closed fence opening on the line at `start` are a
    /// chat export's tab-separated columns (JDDC, SGD): an info string that may hold text
    /// ([`shape::transcript_info`]), at least two rows whose first column is a speaker's role
    /// (`SYSTEM<TAB>…`, `客服<TAB>…`), one of them the agent's, every line with a tab such a row,
    /// and at most two other lines (a header such as `Role \t Text`).
    fn transcript_fence(&mut self, start: usize, next: usize, body_end: usize) -> bool {
        let text = self.text;
        if !shape::transcript_info(&text[start..line_end(text, start).0]) {
            return false;
        }
        let (mut rows, mut agent, mut other) = (0usize, false, 0usize);
        let mut at = next;
        while at < body_end {
            let (content_end, line_end) = line_end(text, at);
            let line = &text[at..content_end];
            let from = at + ws_len(line);
            at = line_end;
            if line.trim().is_empty() {
                continue;
            }
            if !line.contains('\t') {
                other += 1;
                if other > 2 {
                    return false;
                }
                continue;
            }
            let role = turn_head(text, from, content_end)
                .filter(|h| h.column && text[h.label.end..].starts_with('\t'))
                .and_then(|h| self.speaker(&h));
            match role {
                Some(r) => {
                    rows += 1;
                    agent |= r == Role::Agent;
                }
                None => return false,
            }
        }
        rows >= 2 && agent
    }

    /// A line of a prose fence: as [`Builder::line_at`], but a fence or comment marker opens
    /// nothing (the grammar's `fence_line`).
    fn fence_line_at(&mut self, start: usize, end: usize, next: usize) {
        let line = &self.text[start..end];
        let body = &line[ws_len(line)..];
        if matches!(
            shape::find(body, &line[..line.len() - body.len()]),
            Some((Makes::Fence | Makes::Comment, _))
        ) {
            self.open_table = None;
            self.plain_line(start, end);
        } else {
            self.line_at(start, end, next);
        }
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
        let indent = self.indent_at(span.start);
        self.comment(inner, true);
        self.push_whole(BlockKind::Comment, span, indent);
        Some(next)
    }

    /// A step (with its ordinal) or a bullet read here, its marker at `marker`: then `ws* ~
    /// turn_head? ~ rest` as in the grammar's `step` and `bullet`.
    fn fast_item(&mut self, ordinal: Option<u32>, span: Span, marker: Span) {
        let content = marker.end + ws_len(&self.text[marker.end..span.end]);
        let head = self.speaker_head(content, span.end);
        let rest = Span::new(head.map_or(content, |h| h.span.end), span.end);
        self.item(ordinal, span, marker, head, rest);
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
    fn speaker_head(&mut self, at: usize, end: usize) -> Option<Head> {
        if self.starts.may_start(self.text, at, end) {
            turn_head(self.text, at, end)
        } else {
            // A head here names no speaker; keep it for `io/unknown-speaker` when it may be one
            // ([`Builder::unknown_head`] takes heads of at most `UNKNOWN_HEAD_BYTES`, whose colon
            // lies within them).
            let window = &self.text.as_bytes()[at..end.min(at + UNKNOWN_HEAD_BYTES)];
            if (memchr::memchr(b':', window).is_some()
                || memchr::memmem::find(window, "：".as_bytes()).is_some())
                && let Some(head) = turn_head(self.text, at, end)
            {
                self.unknown_head(&head);
            }
            None
        }
    }

    #[cfg(test)]
    pub(super) fn fallback(&mut self) {
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
            spoken: self.in_prose_fence,
            excerpt: self.in_excerpt,
        });
    }

    pub(super) fn pair(&mut self, pair: Pair<'_, Rule>) {
        let rule = pair.as_rule();
        let span = trim_eol(self.text, self.at(&pair));
        if rule != Rule::table_row {
            self.open_table = None;
        }
        match rule {
            Rule::front_matter => self.front_matter(pair),
            Rule::fence_backtick | Rule::fence_tilde => {
                self.open_turn = None;
                let marker = if rule == Rule::fence_backtick {
                    "```"
                } else {
                    "~~~"
                };
                let next = line_end(self.text, span.start).1;
                let (body_end, after) = fence_extent(self.text, next, marker);
                if shape::prose_fence(span.text(self.text))
                    || (after > body_end && self.transcript_fence(span.start, next, body_end))
                {
                    self.in_prose_fence = shape::prose_fence(span.text(self.text));
                    self.in_excerpt = !self.in_prose_fence;
                    for inner in pair.into_inner().filter(|p| p.as_rule() != Rule::rest) {
                        self.pair(inner);
                    }
                    self.in_prose_fence = false;
                    self.in_excerpt = false;
                    self.open_turn = None;
                    self.open_table = None;
                } else {
                    self.push_whole(BlockKind::Fence, span, 0);
                }
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
                let body = &self.text[marker.start..span.end];
                self.cn_heading(span, marker, content, shape::cn_heading_level(body));
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

    /// The grammar's `front_matter`: its `fm_line`s are the YAML body, read by [`super::front`].
    fn front_matter(&mut self, pair: Pair<'_, Rule>) {
        self.front.span = Some(trim_eol(self.text, self.at(&pair)));
        let lines: Vec<Span> = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::fm_line)
            .map(|line| self.at(&line))
            .collect();
        if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
            let body = &self.text[first.start..last.end];
            super::front::read(body, first.start, &mut self.front);
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

    /// A Chinese outline heading of `level`: its marker (`一、`, `第二章`) and the rest of the line.
    fn cn_heading(&mut self, span: Span, marker: Span, content: Span, level: u8) {
        self.open_turn = None;
        let indent = self.indent_at(span.start);
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
        let ordinal = is_step.then(|| shape::step_ordinal(&self.text[marker.start..span.end]));
        self.item(ordinal, span, marker, head, rest);
    }

    /// A step (with its ordinal) or a bullet: its marker, the speaker head after it if any, and the rest of the line.
    fn item(
        &mut self,
        ordinal: Option<u32>,
        span: Span,
        marker: Span,
        head: Option<Head>,
        rest: Span,
    ) {
        // A decimal step (`2.3.1`) is nested by its depth, as if indented.
        let depth = marker
            .text(self.text)
            .as_bytes()
            .windows(2)
            .filter(|w| w[0] == b'.' && w[1].is_ascii_digit())
            .count();
        let indent = self.indent_at(span.start) + 2 * depth;
        let mut rest = rest;
        if let Some(head) = head {
            if let Some(role) = self.speaker(&head) {
                self.open_turn(role, head.label, head.span, rest, span, indent);
                return;
            }
            self.unknown_head(&head);
            rest = Span::new(head.span.start, rest.end);
        }
        let content = trim_span(self.text, rest);
        if ordinal.is_none() && self.open_turn.is_some() {
            // A bullet under a turn is part of what the speaker says.
            self.extend_turn(span);
        } else {
            self.open_turn = None;
        }
        let kind = match ordinal {
            Some(ordinal) => BlockKind::Step { ordinal },
            None => BlockKind::Bullet,
        };
        if let Some(n) = ordinal
            && head.is_none()
            && depth == 0
        {
            let more = shape::inline_steps(self.text, marker, content, n);
            if !more.is_empty() {
                // Several steps on one line (`1.…2.…3.…`): a step each, up to the next marker.
                let ends: Vec<usize> = more.iter().map(|m| m.start).chain([span.end]).collect();
                let first = trim_span(self.text, Span::new(content.start, ends[0]));
                self.push(
                    kind,
                    Span::new(span.start, first.end),
                    first,
                    marker,
                    indent,
                );
                for (i, m) in more.iter().enumerate() {
                    let content = trim_span(self.text, Span::new(m.end, ends[i + 1]));
                    let span = Span::new(m.start, content.end.max(m.end));
                    let ordinal = n + 1 + i as u32;
                    self.push(BlockKind::Step { ordinal }, span, content, *m, indent);
                }
                return;
            }
        }
        self.push(kind, span, content, marker, indent);
    }

    /// A plain line: a speaker turn, text, or a blank line. `rest` follows the head (or the
    /// indentation) up to the line ending.
    fn line(&mut self, span: Span, head: Option<Head>, mut rest: Span) {
        self.open_table = None;
        let indent = self.indent_at(span.start);
        if let Some(head) = head {
            if let Some(role) = self.speaker(&head) {
                // A role column (`USER<TAB>text<TAB>action<TAB>2,3,3`): the turn is the text
                // column; the columns after it (actions, ratings, notes of an export) are not said.
                if head.column
                    && self.text[head.label.end..].starts_with('\t')
                    && let Some(tab) = memchr::memchr(b'\t', rest.text(self.text).as_bytes())
                {
                    rest.end = rest.start + tab;
                }
                self.open_turn(role, head.label, head.span, rest, span, indent);
                return;
            }
            self.unknown_head(&head);
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
        Span::new(s.start(), s.end())
    }

    /// A `turn_head` pair as a head.
    fn head(&self, pair: &Pair<'_, Rule>) -> Head {
        let span = self.at(pair);
        let label = pair.clone().into_inner().find(|p| {
            matches!(
                p.as_rule(),
                Rule::label | Rule::column_label | Rule::csv_label
            )
        });
        let column = label.as_ref().is_some_and(|p| p.as_rule() != Rule::label);
        let label = label.map_or(span, |p| self.at(&p));
        Head {
            span,
            label,
            column,
        }
    }

    /// The width of the indentation of the line starting at `start` (a tab counts 4, U+3000 2).
    fn indent_at(&self, start: usize) -> usize {
        indent(self.text.get(start..).unwrap_or("")).1
    }

    /// Keep a head whose label names no speaker when it could be one: a label and colon (no role
    /// column, no bracket, not bold), of one to eight characters, without digits.
    fn unknown_head(&mut self, head: &Head) {
        let label = trim_span(self.text, head.label);
        let text = label.text(self.text);
        let n = text.chars().count();
        // Bracketed and bold labels are most often field names (`【注意】`, `**Purpose:**`).
        let before = &self.text[..head.label.start];
        let bracketed = before.ends_with(['【', '[']) || before.ends_with("**");
        if !head.column
            && !bracketed
            && head.span.len() <= UNKNOWN_HEAD_BYTES
            && (1..=8).contains(&n)
            // A speaker's name in Chinese is short (王芳, 欧阳小明, 店长); a longer label is a
            // field or a slide's lead-in (判断依据 stays, 积极的信息, 优质服务关注重点 do not).
            && (n <= 4 || !text.chars().any(|c| ('\u{3400}'..='\u{9FFF}').contains(&c)))
            && !text.chars().any(|c| c.is_ascii_digit())
        {
            self.unknown.push(label);
        }
    }

    /// The speaker a head's label names, if any (remembered per label, see `speakers`).
    fn speaker(&mut self, head: &Head) -> Option<Role> {
        let label = head.label.text(self.text).trim();
        let column = head.column;
        if let Some(&(_, _, role)) = self
            .speakers
            .iter()
            .find(|(known, c, _)| *known == label && *c == column)
        {
            return role;
        }
        let role = label_role(label, column, self.options);
        self.speakers.push((label, column, role));
        role
    }

    pub(super) fn parts(self) -> Parts {
        Parts {
            front: self.front,
            blocks: self.blocks,
            turns: self.turns,
            tables: self.tables,
            comments: self.comments,
            unknown: self.unknown,
        }
    }
}

/// The end of the line starting at `pos`: where its content ends and where the next line starts.
/// Line endings as the grammar's `nl`: CRLF, LF or a lone CR.
/// Where the body of a fence whose first line after the opening one starts at `next` ends (the
/// start of the closing line, or the end of the text), and where the line after the fence starts.
fn fence_extent(text: &str, next: usize, marker: &str) -> (usize, usize) {
    let mut pos = next;
    while pos < text.len() {
        let (content_end, line_end) = line_end(text, pos);
        let line = &text[pos..content_end];
        if line[ws_len(line)..].starts_with(marker) {
            return (pos, line_end);
        }
        pos = line_end;
    }
    (text.len(), text.len())
}

pub(super) fn line_end(text: &str, pos: usize) -> (usize, usize) {
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

/// Drop a trailing line ending from a span.
pub(super) fn trim_eol(text: &str, span: Span) -> Span {
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
