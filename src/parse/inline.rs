//! The inline pass: quotes, stage directions, placeholders, code, URLs and comments inside each block.

//!
//! The tokens are those of `grammar/inline.pest`, read here by hand (the grammar is the reference:
//! a property test checks `token_at` against the grammar's rule of the same name at every position).

use super::trim_span;
use crate::model::{BlockKind, Comment, Document, Inline, InlineKind, Quote};
use crate::span::Span;

/// The inline grammar, the reference the hand-written scanner is tested against.
#[cfg(test)]
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/inline.pest"]
pub(super) struct InlineParser;

/// Scan every lintable block for inline tokens and record them in the document.
pub(super) fn scan_blocks(doc: &mut Document) {
    let in_turn = blocks_in_turns(doc);
    let mut quotes = Vec::new();
    let mut inlines = Vec::new();
    let mut comments = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let regions: &[Span] = match block.kind {
            BlockKind::Fence | BlockKind::Comment => continue,
            BlockKind::TableRow { table, row } => &doc.tables[table].rows[row],
            _ => std::slice::from_ref(&block.content),
        };
        for &region in regions {
            scan(
                &doc.text,
                region,
                i,
                in_turn[i],
                &mut quotes,
                &mut inlines,
                &mut comments,
            );
        }
    }
    for block in &doc.blocks {
        if block.kind == BlockKind::Fence {
            inlines.push(Inline {
                kind: InlineKind::Code,
                span: block.span,
            });
        }
    }
    inlines.sort_by_key(|i| (i.span.start, i.span.end));
    doc.quotes = quotes;
    doc.inlines = inlines;
    doc.comments.extend(comments);
    doc.comments.sort_by_key(|c| c.span.start);
}

fn blocks_in_turns(doc: &Document) -> Vec<bool> {
    let mut marks = vec![false; doc.blocks.len()];
    for turn in &doc.turns {
        let mut b = turn.block;
        while b < doc.blocks.len() && (b == turn.block || doc.blocks[b].span.start < turn.body.end)
        {
            marks[b] = true;
            b += 1;
        }
    }
    marks
}

fn scan(
    text: &str,
    region: Span,
    block: usize,
    in_turn: bool,
    quotes: &mut Vec<Quote>,
    inlines: &mut Vec<Inline>,
    comments: &mut Vec<Comment>,
) {
    let source = region.text(text);
    let mut offset = 0;
    while let Some((at, token)) = next_token(source, offset) {
        let span = Span::new(region.start + at, region.start + at + token.len);
        // A parenthesis is a stage direction only inside a turn; either way the tokens inside it
        // (code, quotes, placeholders) are scanned too.
        offset = if token.kind == Token::Paren {
            at + source[at..].chars().next().map_or(1, char::len_utf8)
        } else {
            at + token.len.max(1)
        };
        let inner = token
            .inner
            .map(|(start, end)| Span::new(span.start + start, span.start + end));
        match token.kind {
            Token::Comment => {
                let inner = trim_span(text, Span::new(span.start + 4, span.end - 3));
                comments.push(Comment {
                    span,
                    inner,
                    own_line: false,
                });
                inlines.push(Inline {
                    kind: InlineKind::Comment,
                    span,
                });
            }
            Token::Code => inlines.push(Inline {
                kind: InlineKind::Code,
                span,
            }),
            Token::Url => inlines.push(Inline {
                kind: InlineKind::Url,
                span,
            }),
            Token::Link => {
                if let Some(target) = inner {
                    inlines.push(Inline {
                        kind: InlineKind::Url,
                        span: target,
                    });
                }
            }
            Token::Quote => {
                if let Some(inner) = inner
                    && !inner.text(text).trim().is_empty()
                {
                    quotes.push(Quote {
                        inner,
                        block,
                        counter: false,
                    });
                }
            }
            Token::Bracket => {
                let body = span.text(text);
                let inner = body
                    .trim_start_matches(['[', '【'])
                    .trim_end_matches([']', '】']);
                let is_template = inner.chars().all(|c| {
                    c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '_' | ' ' | '-')
                }) || !in_turn;
                inlines.push(Inline {
                    kind: if is_template {
                        InlineKind::Placeholder
                    } else {
                        InlineKind::Stage
                    },
                    span,
                });
            }
            Token::Paren => {
                if in_turn {
                    inlines.push(Inline {
                        kind: InlineKind::Stage,
                        span,
                    });
                }
            }
            Token::Placeholder => {
                let raw = span.text(text);
                let after_letter = text[..span.start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
                if raw.starts_with(['x', 'X']) && after_letter {
                    continue;
                }
                inlines.push(Inline {
                    kind: InlineKind::Placeholder,
                    span,
                });
            }
        }
    }
}

/// The kinds of the grammar's `token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    Comment,
    Code,
    Url,
    Link,
    Quote,
    Bracket,
    Paren,
    Placeholder,
}

/// One token matched at a position: its kind, its length in bytes, and the part the builder uses
/// inside it (a link's `link_target`, a quote's text), as byte offsets from the token's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub(super) kind: Token,
    pub(super) len: usize,
    pub(super) inner: Option<(usize, usize)>,
}

/// What a byte says to the scan: the length of the UTF-8 character it starts in the bits of
/// [`CHAR_LEN`] (1 for a continuation byte, which a scan from a character start never meets), and
/// [`OPENS`] where a token may start: at the ASCII openers, and at the first byte of the
/// multi-byte ones (`“` `「` `『` `【` `某` `（`).
const SCAN: [u8; 256] = {
    let mut table = [1; 256];
    let mut b = 0xC0;
    while b < 256 {
        table[b] = if b < 0xE0 {
            2
        } else if b < 0xF0 {
            3
        } else {
            4
        };
        b += 1;
    }
    let openers = [
        b'<', b'`', b'h', b'w', b'[', b'"', b'(', b'{', b'x', b'X', b'_', 0xE2, 0xE3, 0xE6, 0xEF,
    ];
    let mut i = 0;
    while i < openers.len() {
        table[openers[i] as usize] |= OPENS;
        i += 1;
    }
    table
};

/// The bits of a [`SCAN`] entry that hold the length of the character.
const CHAR_LEN: u8 = 0b111;

/// The bit of a [`SCAN`] entry set where a token may start.
const OPENS: u8 = 0b1000;

/// Whether the bytes from `i`, whose first is an opener of [`SCAN`], can begin a token: the
/// multi-byte openers whole, and the second byte of the ASCII ones that need two (`http`, `www.`,
/// `xx`, `__`). Many common characters share a first byte with an opener (`，` with `（`, `、`
/// and `。` with `「`), and `h` and `w` are common letters.
fn may_open(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match at(0) {
        b'h' => at(1) == b't',
        b'w' => at(1) == b'w',
        b'x' | b'X' => matches!(at(1), b'x' | b'X'),
        b'_' => at(1) == b'_',
        // `“` is E2 80 9C.
        0xE2 => at(1) == 0x80 && at(2) == 0x9C,
        // `「`, `『`, `【` are E3 80 8C, E3 80 8E, E3 80 90.
        0xE3 => at(1) == 0x80 && matches!(at(2), 0x8C | 0x8E | 0x90),
        // `某` is E6 9F 90.
        0xE6 => at(1) == 0x9F && at(2) == 0x90,
        // `（` is EF BC 88.
        0xEF => at(1) == 0xBC && at(2) == 0x88,
        _ => true,
    }
}

/// The leftmost token in `source` at or after `from` (a char boundary), with where it starts.
pub(super) fn next_token(source: &str, from: usize) -> Option<(usize, Found)> {
    let bytes = source.as_bytes();
    let mut i = from;
    loop {
        i = next_opener(bytes, i);
        let &b = bytes.get(i)?;
        if let Some(found) = source.get(i..).and_then(token_at) {
            return Some((i, found));
        }
        i += usize::from(SCAN[usize::from(b)] & CHAR_LEN);
    }
}

/// The first position at or after `i` (a char boundary) where an opener of [`SCAN`] starts what
/// [`may_open`] lets through, or the end of `bytes`. Kept out of line: the loop that reads most of
/// the text runs in registers.
#[inline(never)]
fn next_opener(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        let entry = SCAN[usize::from(b)];
        if entry & OPENS != 0 && may_open(bytes, i) {
            break;
        }
        // From character start to character start: only there can a token start.
        i += usize::from(entry & CHAR_LEN);
    }
    i
}

/// The grammar's `token` at the start of `s`, if one matches there.
pub(super) fn token_at(s: &str) -> Option<Found> {
    let found = |kind, len| Found {
        kind,
        len,
        inner: None,
    };
    match s.chars().next()? {
        '<' => comment(s)
            .map(|len| found(Token::Comment, len))
            .or_else(|| word_placeholder(s, '>').map(|len| found(Token::Placeholder, len))),
        '`' => code(s).map(|len| found(Token::Code, len)),
        'h' | 'w' => url(s).map(|len| found(Token::Url, len)),
        '[' => link(s).or_else(|| {
            bounded(s, &[']', '[', '\n'], ']', 60).map(|len| found(Token::Bracket, len))
        }),
        '“' => quote(s, "”", &[]),
        '「' => quote(s, "」", &[]),
        '『' => quote(s, "』", &[]),
        '"' => quote(s, "\"", &['\n', '\r']),
        '【' => bounded(s, &['】', '\n'], '】', 40).map(|len| found(Token::Bracket, len)),
        '（' => bounded(s, &['）', '（', '\n'], '）', 40).map(|len| found(Token::Paren, len)),
        '(' => bounded(s, &[')', '(', '\n'], ')', 60).map(|len| found(Token::Paren, len)),
        '{' | 'x' | 'X' | '_' | '某' => placeholder(s).map(|len| found(Token::Placeholder, len)),
        _ => None,
    }
}

/// `comment`: `<!--`, then everything up to the first `-->`.
fn comment(s: &str) -> Option<usize> {
    let body = s.strip_prefix("<!--")?;
    memchr::memmem::find(body.as_bytes(), b"-->").map(|i| 4 + i + 3)
}

/// `code`: ` `` … `` ` over any text, or `` `…` `` of at least one character within a line.
fn code(s: &str) -> Option<usize> {
    if let Some(body) = s.strip_prefix("``") {
        return memchr::memmem::find(body.as_bytes(), b"``").map(|i| 2 + i + 2);
    }
    let body = s.strip_prefix('`')?;
    let i = memchr::memchr2(b'`', b'\n', body.as_bytes())?;
    (i > 0 && body.as_bytes()[i] == b'`').then_some(1 + i + 1)
}

/// `url`: a scheme or `www.`, then at least one character up to a space, a line end or a closing
/// mark.
fn url(s: &str) -> Option<usize> {
    let prefix = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| s.starts_with(p))?
        .len();
    let body = &s[prefix..];
    let n = body
        .char_indices()
        .find(|&(_, c)| {
            matches!(
                c,
                ' ' | '\t' | '\r' | '\n' | ')' | ']' | '>' | '"' | '”' | '，' | '。'
            )
        })
        .map_or(body.len(), |(i, _)| i);
    (n > 0).then_some(prefix + n)
}

/// `link`: `[text](target)`, the text within a line, the target without spaces.
fn link(s: &str) -> Option<Found> {
    let text = s.strip_prefix('[')?;
    let text_end = 1 + memchr::memchr2(b']', b'\n', text.as_bytes()).unwrap_or(text.len());
    if !s[text_end..].starts_with("](") {
        return None;
    }
    let target = text_end + 2;
    let target_end = s[target..]
        .bytes()
        .position(|b| matches!(b, b')' | b'\n' | b' '))
        .map_or(s.len(), |i| target + i);
    s[target_end..].starts_with(')').then_some(Found {
        kind: Token::Link,
        len: target_end + 1,
        inner: Some((target, target_end)),
    })
}

/// `quote`: the opening mark (the first character of `s`), text without `close` or any of `stops`,
/// and `close`.
fn quote(s: &str, close: &str, stops: &[char]) -> Option<Found> {
    let open = s.chars().next()?.len_utf8();
    let body = &s[open..];
    let end = if stops.is_empty() {
        body.find(close)?
    } else {
        let i = body.find(|c: char| close.starts_with(c) || stops.contains(&c))?;
        if !body[i..].starts_with(close) {
            return None;
        }
        i
    };
    Some(Found {
        kind: Token::Quote,
        len: open + end + close.len(),
        inner: Some((open, open + end)),
    })
}

/// An opening character (the first of `s`), one to `max` characters none of which is in `stops`
/// (which holds `close`), then `close`: the shape of `bracket` and `paren`.
fn bounded(s: &str, stops: &[char], close: char, max: usize) -> Option<usize> {
    let open = s.chars().next()?.len_utf8();
    let mut end = open;
    let mut count = 0;
    for c in s[open..].chars() {
        if count == max || stops.contains(&c) {
            break;
        }
        count += 1;
        end += c.len_utf8();
    }
    (count > 0 && s[end..].starts_with(close)).then_some(end + close.len_utf8())
}

/// `placeholder`: `{{…}}`, `{name}`, `<name>`, two to four `x`, a run of `_`, or `某某`.
fn placeholder(s: &str) -> Option<usize> {
    if let Some(body) = s.strip_prefix("{{") {
        let mut end = 0;
        let mut count = 0;
        for (i, c) in body.char_indices() {
            if count == 40 || c == '\n' || body[i..].starts_with("}}") {
                break;
            }
            count += 1;
            end = i + c.len_utf8();
        }
        return (count > 0 && body[end..].starts_with("}}")).then_some(2 + end + 2);
    }
    if s.starts_with('{') {
        return word_placeholder(s, '}');
    }
    if s.starts_with('<') {
        return word_placeholder(s, '>');
    }
    let bytes = s.as_bytes();
    match bytes.first()? {
        b'x' | b'X' => {
            let n = bytes
                .iter()
                .take(4)
                .take_while(|&&b| matches!(b, b'x' | b'X'))
                .count();
            (n >= 2 && !bytes.get(n).is_some_and(u8::is_ascii_alphabetic)).then_some(n)
        }
        b'_' => {
            let n = bytes.iter().take_while(|&&b| b == b'_').count();
            (n >= 2).then_some(n)
        }
        _ => s.starts_with("某某").then_some("某某".len()),
    }
}

/// `"{" ~ (ASCII_ALPHANUMERIC | "_" | "-" | " ")+ ~ "}"`, or the same between `<` and `>`.
fn word_placeholder(s: &str, close: char) -> Option<usize> {
    let bytes = s.as_bytes();
    let n = bytes[1..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' '))
        .count();
    (n > 0 && bytes.get(1 + n) == Some(&(close as u8))).then_some(1 + n + 1)
}

/// The grammar's `token_at` at the start of `s`, as a [`Found`]: the reference for [`token_at`].
#[cfg(test)]
pub(super) fn token_at_with_grammar(s: &str) -> Option<Found> {
    use pest::Parser;
    let token = InlineParser::parse(Rule::token_at, s)
        .ok()?
        .next()?
        .into_inner()
        .next()?;
    let start = token.as_span().start();
    let kind = match token.as_rule() {
        Rule::comment => Token::Comment,
        Rule::code => Token::Code,
        Rule::url => Token::Url,
        Rule::link => Token::Link,
        Rule::quote => Token::Quote,
        Rule::bracket => Token::Bracket,
        Rule::paren => Token::Paren,
        _ => Token::Placeholder,
    };
    let inner = match kind {
        Token::Link => token
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::link_target),
        Token::Quote => token.clone().into_inner().next(),
        _ => None,
    }
    .map(|p| (p.as_span().start() - start, p.as_span().end() - start));
    Some(Found {
        kind,
        len: token.as_span().end() - start,
        inner,
    })
}
