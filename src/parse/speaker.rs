//! Speaker heads: the grammar's `turn_head` read by hand, and which configured speaker a label names.

use super::ParseOptions;
use super::shape::ws_len;
use crate::model::Role;
use crate::span::Span;

/// A speaker label and its colon at the start of a line or list item.
#[derive(Clone, Copy, Debug)]
pub(super) struct Head {
    /// Label, colon and any bold markers.
    pub(super) span: Span,
    /// The label itself.
    pub(super) label: Span,
}

/// A speaker label is at most this many characters (SPEC §2.1).
const MAX_LABEL_CHARS: usize = 24;

/// The speaker a label names, if any (`label` trimmed).
pub(super) fn label_role(label: &str, options: &ParseOptions) -> Option<Role> {
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

/// The first characters of the configured labels, as a filter: a label whose first character (past
/// white space) is none of them names no speaker, since [`matches_label`] compares its first bytes
/// with a label's, ASCII letters in either case. A set of 512 bits keyed by the first byte of a
/// character and, past ASCII, its second byte too (a block of 64 code points); a bit may stand for
/// other keys too, whose lines are then read in full as before.
#[derive(Clone, Copy, Debug)]
pub(super) struct LabelStarts {
    bits: [u64; 8],
}

impl LabelStarts {
    pub(super) fn new(options: &ParseOptions) -> Self {
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
    pub(super) fn may_start(&self, text: &str, at: usize, end: usize) -> bool {
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

/// A character of the grammar's `label`.
pub(super) const fn is_label_char(c: char) -> bool {
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
pub(super) fn label_len(s: &str) -> usize {
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
pub(super) fn turn_head(text: &str, at: usize, end: usize) -> Option<Head> {
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
