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
    /// Whether the head is a role column (`USER<TAB>`), not a label and colon.
    pub(super) column: bool,
}

/// A speaker label is at most this many characters (SPEC §2.1).
const MAX_LABEL_CHARS: usize = 24;

/// The speaker a label names, if any (`label` trimmed); `column` for a role column of a transcript
/// export, where `SYSTEM` is the agent (JDDC).
pub(super) fn label_role(label: &str, column: bool, options: &ParseOptions) -> Option<Role> {
    if label.chars().count() > MAX_LABEL_CHARS {
        None
    } else if matches_label(label, &options.agent_labels, Role::Agent)
        || (column && label == "SYSTEM")
    {
        Some(Role::Agent)
    } else if matches_label(label, &options.customer_labels, Role::Customer) {
        Some(Role::Customer)
    } else if full_match(&options.agent_patterns, label) {
        Some(Role::Agent)
    } else if full_match(&options.customer_patterns, label) {
        Some(Role::Customer)
    } else {
        None
    }
}

/// Whether one of the configured label patterns matches the whole label.
fn full_match(patterns: &[regex::Regex], label: &str) -> bool {
    patterns.iter().any(|p| {
        p.find_iter(label)
            .any(|m| m.start() == 0 && m.end() == label.len())
    })
}

/// Words written before a role word that keep it the same speaker: `在线客服`, `售后客服`,
/// `Support Agent`, `Customer Service Rep`, `投诉客户`. Longer first where one holds another.
const PREFIXES: &[&str] = &[
    "在线",
    "售后",
    "售前",
    "人工",
    "电话",
    "值班",
    "专属",
    "智能",
    "网店",
    "店铺",
    "金牌",
    "资深",
    "官方",
    "热线",
    "投诉",
    "来电",
    "咨询",
    "Customer Service",
    "Customer Support",
    "Customer Care",
    "Support",
    "Service",
    "Live",
    "Senior",
    "Online",
    "Phone",
    "CS",
];

/// Words written after an agent's role word: `客服人员`, `客服代表`, `客服回复`.
const AGENT_SUFFIXES: &[&str] = &["人员", "代表", "专员", "回复", "回答", "答", "说"];

/// Words written after a customer's role word: `客户提问`, `顾客问`.
const CUSTOMER_SUFFIXES: &[&str] = &["提问", "问", "说", "回复", "追问"];

/// Whether a written label names one of the configured speakers of `role`: exactly, after a
/// qualifier ([`PREFIXES`]), or followed by a number or letter, a name (`客服小李`, `客服-小王`),
/// a parenthesised name or ID (`Agent (Sam)`, `客服（工号1023）`) or a role word ([`AGENT_SUFFIXES`]).
fn matches_label(label: &str, labels: &[String], role: Role) -> bool {
    let suffixes = match role {
        Role::Agent => AGENT_SUFFIXES,
        Role::Customer => CUSTOMER_SUFFIXES,
    };
    let after_known = |label: &str| {
        labels.iter().any(|known| {
            strip_prefix_ci(label, known).is_some_and(|rest| qualifier_after(rest.trim(), suffixes))
        })
    };
    after_known(label)
        || PREFIXES.iter().any(|q| {
            strip_prefix_ci(label, q).is_some_and(|rest| {
                let rest = rest.trim_start_matches([' ', '-']);
                rest.len() < label.len() && !rest.is_empty() && after_known(rest)
            })
        })
}

/// Whether what follows a role word in a label (trimmed) keeps it a label of that speaker.
fn qualifier_after(rest: &str, suffixes: &[&str]) -> bool {
    if let Some(word) = suffixes.iter().find(|w| rest.starts_with(**w)) {
        return qualifier_after(rest[word.len()..].trim(), &[]);
    }
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        // "Agent 2", "客服A", "Agent B1": digits, or a letter and digits.
        Some(c) if c.is_ascii_alphanumeric() => {
            rest.len() <= 4
                && (rest.bytes().all(|b| b.is_ascii_digit()) || chars.all(|c| c.is_ascii_digit()))
        }
        // "Agent (Sam)", "客服（工号1023）".
        Some('(') => rest.ends_with(')'),
        Some('（') => rest.ends_with('）'),
        // "客服-小王", "Agent - Sam": a name of up to three ideographs or one word.
        Some('-' | '_') => {
            let name = rest[1..].trim();
            let n = name.chars().count();
            (1..=3).contains(&n) && name.chars().all(is_cjk)
                || (1..=10).contains(&n) && name.chars().all(|c| c.is_ascii_alphabetic())
        }
        // "客服小李", "客服阿强": a given name after 小 or 阿 (not 小贴士, 小结, 小组).
        Some('小' | '阿') => {
            let name = chars.as_str();
            let n = name.chars().count();
            (1..=2).contains(&n)
                && name.chars().all(is_cjk)
                && !NOT_NAMES.iter().any(|w| name.starts_with(w))
        }
        // "客户甲", "客服乙".
        Some('甲' | '乙' | '丙' | '丁') => chars.next().is_none(),
        // "客户张女士", "顾客王先生", "来电人陈小姐": a surname or full name and a courtesy title.
        Some(c) if is_cjk(c) => HONORIFICS.iter().any(|h| {
            rest.strip_suffix(h).is_some_and(|name| {
                (1..=2).contains(&name.chars().count()) && name.chars().all(is_cjk)
            })
        }),
        _ => false,
    }
}

/// Courtesy titles after a name in a label (`客户张女士`).
const HONORIFICS: &[&str] = &["女士", "先生", "小姐"];

/// What follows 小 in a label that is no name: 小贴士, 小结, 小组, 小时.
const NOT_NAMES: &[&str] = &[
    "贴士", "结", "组", "时", "技巧", "窍门", "提示", "知识", "常识", "票",
];

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
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
        // A pattern may match a label opening with any character.
        if !(options.agent_patterns.is_empty() && options.customer_patterns.is_empty()) {
            return LabelStarts {
                bits: [u64::MAX; 8],
            };
        }
        // Stamps, brackets, qualifiers and the transcript's `SYSTEM` open heads too.
        let extra = PREFIXES.iter().copied().chain(["SYSTEM", "[", "【", "#"]);
        let digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        let owned: Vec<&str> = options
            .agent_labels
            .iter()
            .chain(&options.customer_labels)
            .map(String::as_str)
            .chain(extra)
            .chain(digits)
            .collect();
        for label in owned {
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

/// A character of the grammar's `label` (a full stop is one only after an ASCII letter, see
/// [`label_len`]).
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
            // `ASCII_ALPHA ~ "."`: a full stop right after a letter (`Mr.`, `J.`), never after a
            // digit, so `1.` stays a step's number.
            let abbreviation = b == b'.' && i > 0 && bytes[i - 1].is_ascii_alphabetic();
            if !LABEL_ASCII[usize::from(b)] && !abbreviation {
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
    // `column_label ~ "\t" ~ !(ws* ~ colon)`
    let n = column_label_len(line, true);
    if n > 0 && line[n..].starts_with('\t') && colon(&line[n + 1..]).is_none() {
        return Some(Head {
            span: Span::new(at, at + n + 1),
            label: Span::new(at, at + n),
            column: true,
        });
    }
    // `csv_label ~ "," ~ !(ws | nl)`
    let n = column_label_len(line, false);
    if n > 0
        && line[n..].starts_with(',')
        && line[n + 1..]
            .chars()
            .next()
            .is_some_and(|c| !WS.contains(&c))
    {
        return Some(Head {
            span: Span::new(at, at + n + 1),
            label: Span::new(at, at + n),
            column: true,
        });
    }
    // `stamp?`
    let s = stamp_len(line).unwrap_or(0);
    let at = at + s;
    let line = &line[s..];
    let head = |span_end: usize, label: Span| Head {
        span: Span::new(at - s, span_end),
        label,
        column: false,
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
            return Some(head(label.end + c + 2, label));
        }
        // `"**" ~ label ~ "**" ~ ws* ~ colon`
        if let Some(bold) = after.strip_prefix("**")
            && let Some(c) = colon(bold)
        {
            return Some(head(label.end + 2 + c, label));
        }
        return None;
    }
    // `"【" ~ label ~ "】" ~ ws* ~ colon?` and `"[" ~ label ~ "]" ~ !"(" ~ ws* ~ colon?`
    for (open, close) in [('【', '】'), ('[', ']')] {
        let Some(inner) = line.strip_prefix(open) else {
            continue;
        };
        let n = label_len(inner);
        let o = open.len_utf8();
        let after = inner[n..].strip_prefix(close)?;
        if n == 0 || (open == '[' && after.starts_with('(')) {
            return None;
        }
        let label = Span::new(at + o, at + o + n);
        let after_at = label.end + close.len_utf8();
        // `ws*` is taken whether or not a colon follows.
        let c = colon(after).unwrap_or_else(|| ws_len(after));
        return Some(head(after_at + c, label));
    }
    // `label ~ ws* ~ colon`
    let n = label_len(line);
    if n == 0 {
        return None;
    }
    let c = colon(&line[n..])?;
    Some(head(at + n + c, Span::new(at, at + n)))
}

/// `ws* ~ colon` at the start of `s`: the length up to and including the colon.
fn colon(s: &str) -> Option<usize> {
    let ws = ws_len(s);
    let c = s[ws..].chars().next()?;
    matches!(c, ':' | '：').then_some(ws + c.len_utf8())
}

/// The grammar's `ws`.
const WS: [char; 3] = [' ', '\t', '\u{3000}'];

/// The length of the grammar's `column_label` (`cjk`) or `csv_label` at the start of `s`.
fn column_label_len(s: &str, cjk: bool) -> usize {
    s.chars()
        .take_while(|&c| {
            c.is_ascii_alphanumeric() || c == '_' || (cjk && ('\u{4E00}'..='\u{9FFF}').contains(&c))
        })
        .map(char::len_utf8)
        .sum()
}

/// The length of the grammar's `stamp` at the start of `s`.
pub(super) fn stamp_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digits = |from: usize, max: usize| {
        b.get(from..).map_or(0, |r| {
            r.iter()
                .take(max)
                .take_while(|c| c.is_ascii_digit())
                .count()
        })
    };
    // `("[" ~ stamp_text ~ "]" | "【" ~ stamp_text ~ "】") ~ ws*`
    for (open, close) in [("[", ']'), ("【", '】')] {
        if let Some(inner) = s.strip_prefix(open) {
            if !inner.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            let n = inner
                .bytes()
                .take_while(|c| matches!(c, b'0'..=b'9' | b':' | b'-' | b'/' | b'.' | b' '))
                .count();
            let after = inner[n..].strip_prefix(close)?;
            let end = open.len() + n + close.len_utf8();
            return Some(end + ws_len(after));
        }
    }
    // `"#" ~ ASCII_DIGIT{1, 6} ~ ws+`
    if s.starts_with('#') {
        let n = digits(1, 6);
        let ws = ws_len(&s[1 + n..]);
        return (n > 0 && ws > 0).then_some(1 + n + ws);
    }
    // `clock`: `ASCII_DIGIT{1, 2} ~ ":" ~ ASCII_DIGIT{2} ~ (":" ~ ASCII_DIGIT{2})?`
    let clock = |from: usize| -> Option<usize> {
        let h = digits(from, 2);
        if h == 0 || b.get(from + h) != Some(&b':') || digits(from + h + 1, 2) != 2 {
            return None;
        }
        let mut n = h + 3;
        if b.get(from + n) == Some(&b':') && digits(from + n + 1, 2) == 2 {
            n += 3;
        }
        Some(n)
    };
    // `date`: `ASCII_DIGIT{4} ~ date_sep ~ ASCII_DIGIT{1, 2} ~ date_sep ~ ASCII_DIGIT{1, 2}`
    let date = || -> Option<usize> {
        let sep = |i: usize| matches!(b.get(i), Some(b'-' | b'/' | b'.'));
        if digits(0, 4) != 4 || !sep(4) {
            return None;
        }
        let m = digits(5, 2);
        if m == 0 || !sep(5 + m) {
            return None;
        }
        let d = digits(6 + m, 2);
        (d > 0).then_some(6 + m + d)
    };
    // `(date ~ (ws+ ~ clock)? | clock) ~ ws+`
    let n = match date() {
        Some(n) => {
            let ws = ws_len(&s[n..]);
            match clock(n + ws) {
                Some(c) if ws > 0 => n + ws + c,
                _ => n,
            }
        }
        None => clock(0)?,
    };
    let ws = ws_len(&s[n..]);
    (ws > 0).then_some(n + ws)
}
