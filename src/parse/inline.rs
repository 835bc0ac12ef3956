//! The inline pass: quotes, stage directions, placeholders, code, URLs and comments inside each block.

use super::trim_span;
use crate::model::{BlockKind, Comment, Document, Inline, InlineKind, Quote};
use crate::span::Span;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/inline.pest"]
struct InlineParser;

/// Scan every lintable block for inline tokens and record them in the document.
pub(super) fn scan_blocks(doc: &mut Document) {
    let in_turn = blocks_in_turns(doc);
    let mut quotes = Vec::new();
    let mut inlines = Vec::new();
    let mut comments = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let regions: Vec<Span> = match block.kind {
            BlockKind::Fence | BlockKind::Comment => continue,
            BlockKind::TableRow { table, row } => doc.tables[table].rows[row].clone(),
            _ => vec![block.content],
        };
        for region in regions {
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
    if source.is_empty()
        || !source.bytes().any(is_token_start)
            && !source.contains(['“', '「', '『', '【', '（', '某'])
    {
        return;
    }
    for (offset, pair) in tokens(source) {
        let at = |s: pest::Span<'_>| {
            Span::new(
                region.start + offset + s.start(),
                region.start + offset + s.end(),
            )
        };
        let span = at(pair.as_span());
        match pair.as_rule() {
            Rule::comment => {
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
            Rule::code => inlines.push(Inline {
                kind: InlineKind::Code,
                span,
            }),
            Rule::url => inlines.push(Inline {
                kind: InlineKind::Url,
                span,
            }),
            Rule::link => {
                if let Some(target) = pair.into_inner().find(|p| p.as_rule() == Rule::link_target) {
                    inlines.push(Inline {
                        kind: InlineKind::Url,
                        span: at(target.as_span()),
                    });
                }
            }
            Rule::quote => {
                if let Some(inner) = pair.into_inner().next() {
                    let inner = at(inner.as_span());
                    if !inner.text(text).trim().is_empty() {
                        quotes.push(Quote {
                            inner,
                            block,
                            counter: false,
                        });
                    }
                }
            }
            Rule::bracket => {
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
            Rule::paren if in_turn => inlines.push(Inline {
                kind: InlineKind::Stage,
                span,
            }),
            Rule::placeholder => {
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
            _ => {}
        }
    }
}

/// The tokens of a text, leftmost first and without overlaps, each with the byte offset it was parsed
/// from: `token_at` is tried only where a token can start.
fn tokens(source: &str) -> Vec<(usize, pest::iterators::Pair<'_, Rule>)> {
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let rest = &source[i..];
        let candidate = match b {
            b'<' | b'`' | b'[' | b'"' | b'(' | b'{' => true,
            b'h' => rest.starts_with("http://") || rest.starts_with("https://"),
            b'w' => rest.starts_with("www."),
            b'x' | b'X' => matches!(bytes.get(i + 1), Some(b'x' | b'X')),
            b'_' => bytes.get(i + 1) == Some(&b'_'),
            0x80.. => rest.starts_with(['“', '「', '『', '【', '（', '某']),
            _ => false,
        };
        if candidate
            && let Ok(mut pairs) = InlineParser::parse(Rule::token_at, rest)
            && let Some(token) = pairs.next().and_then(|p| p.into_inner().next())
        {
            // A parenthesis is a stage direction only inside a turn; either way the tokens inside it
            // (code, quotes, placeholders) are scanned too.
            let len = if token.as_rule() == Rule::paren {
                rest.chars().next().map_or(1, char::len_utf8)
            } else {
                token.as_span().end()
            };
            out.push((i, token));
            i += len.max(1);
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
        while i < bytes.len() && !source.is_char_boundary(i) {
            i += 1;
        }
    }
    out
}

fn is_token_start(b: u8) -> bool {
    matches!(
        b,
        b'<' | b'`' | b'h' | b'w' | b'[' | b'"' | b'(' | b'{' | b'x' | b'X' | b'_'
    )
}
