//! Time expressions in service standards: find, parse and normalise durations ("在30秒内", "within 3 rings").
//!
//! [`scan`] finds candidate positions with a cheap character test (a digit, a Chinese numeral, a
//! placeholder, an English number word, a same-day word), runs the pest rule `bounded_expr` of
//! `grammar/time.pest` at each bound a few characters before it ("within", "不超过", "<") and
//! `plain_expr` there when no bound gives an expression, and keeps the expressions that survive
//! the context checks in `build.rs`. Nearly all the time goes to pest, so the character tests
//! turn down what they can: one pest call costs about as much as scanning a few hundred bytes.
//!
//! Decisions a rule author should know:
//! - Every clock unit is normalised to seconds; rings (声/响/声铃/rings, and 下 next to 铃/响)
//!   stay rings. A month is 30 days; a business day is 86 400 s and a business hour 3 600 s,
//!   both with `business` set.
//! - 当天/当日/same day/end of day = 86 400 s; 次日/第二天/隔天/翌日/next day = 172 800 s (the
//!   end of tomorrow, counted from now); next business day/下个工作日 = 172 800 s, business.
//!   Chinese same-day words count only as deadlines: followed by an action or modal verb
//!   (当天发货, 次日回复, 当日可到账), by 内, or standing alone in a list or table cell
//!   (P1：当日、). "end of day" needs "by"/"before"/"no later than".
//! - A lower bound ("at least", "more than", "超过", ">") sets no standard: the expression is
//!   kept with `bound: None` and the lower-bound word outside its span.
//! - "在"/"于" belong to the span only with a following 内 ("在30秒内" = Within).
//! - A bare 分 is minutes only with a bound, or after digits ≤ 59 not followed by a Chinese
//!   character and not after a score word (打/得/扣/满/评…): "5分内" yes, "100分", "打5分",
//!   "十分感谢" no.
//! - 声/响 are rings with a bound, a placeholder, a phone word nearby (铃, 响, 电话, 来电, 接听)
//!   or plain digits not after a speech verb ("说一声" is not a ring).
//! - "a"/"an" is one, except in rates ("24 hours a day", "twice a week") and, without a bound,
//!   before second/minute/ring ("wait a second", "give us a ring").
//! - Placeholders need a unit or, for whole-duration placeholders ([TIME], 【时间】, xx时间), a
//!   bound; a bracketed name alone ([Order Number]) is never a time expression.
//! - Numbers with more than six integer digits, and numbers that are part of a version, a clock
//!   time, a date, a phone number, a price or an ordinal (第1步) are skipped.

mod build;

mod quick;
#[cfg(test)]
mod quick_tests;
mod unit;
mod words;
#[cfg(test)]
mod words_tests;
use words::SIGN_BOUNDS;
#[cfg(test)]
mod walk_tests;

use pest::Parser;
use serde::Serialize;

use crate::span::Span;

use grammar::{Rule, TimeParser};

mod grammar {
    //! The parser generated from `grammar/time.pest`.

    /// Parser for time expressions.
    #[derive(pest_derive::Parser)]
    #[grammar = "grammar/time.pest"]
    pub(super) struct TimeParser;
}

/// Unit family of a duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum TimeUnit {
    /// Any clock unit, normalised to seconds.
    Seconds,
    /// Phone rings (声, 响, 声铃, ring(s)).
    Rings,
}

/// The bound a time standard sets on its duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Bound {
    /// 内, 以内, 之内, within, in under, no later than, 不晚于.
    Within,
    /// 不超过, 最多, 最长, at most, no more than, up to, ≤.
    AtMost,
    /// less than, under, 少于, 不到, <.
    LessThan,
}

/// One time expression found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeExpr {
    /// The whole expression as matched (bound words included), in bytes of the scanned text.
    pub span: Span,
    /// Just the number part (or the placeholder); from the first to the last number in a range
    /// or a compound ("1小时30分钟"); the whole word for 当天/next business day.
    pub number_span: Span,
    /// The value normalised: seconds for [`TimeUnit::Seconds`], ring count for [`TimeUnit::Rings`];
    /// `None` when the number is a placeholder.
    pub low: Option<f64>,
    /// The upper end of a range ("3-5分钟" → 300); the same as `low` when not a range.
    pub high: Option<f64>,
    /// Seconds or rings.
    pub unit: TimeUnit,
    /// Counted in business days or hours (工作日, business day, working hours).
    pub business: bool,
    /// The bound, when the text gives one.
    pub bound: Option<Bound>,
    /// The number is a placeholder (xx, ___, N, [NUMBER], 【时间】, 某 …).
    pub placeholder: bool,
    /// The unit word(s).
    pub unit_text_span: Span,
}

impl TimeExpr {
    /// The loosest end of the duration (`high`); `None` for a placeholder.
    pub fn value(&self) -> Option<f64> {
        self.high
    }
}

/// Finds every time expression in `text`, in order and non-overlapping. Never panics.
///
/// The common shapes ("24小时内", "within 3 business days") are read by hand (`quick.rs`), the
/// rest by the grammar; a test checks that this finds the same as [`scan_with_grammar`].
pub fn scan(text: &str) -> Vec<TimeExpr> {
    scan_with(text, Reader::Quick)
}

/// [`scan`] with every candidate read by the grammar: the reference the quick reader is tested
/// against.
#[cfg(test)]
pub(crate) fn scan_with_grammar(text: &str) -> Vec<TimeExpr> {
    scan_with(text, Reader::Grammar)
}

/// Who reads the expression at a candidate position.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// The quick reader of `quick.rs`, and the grammar where it is not sure.
    Quick,
    /// The grammar alone.
    #[cfg_attr(not(test), allow(dead_code))]
    Grammar,
}

/// Walks `text` for the places an expression may start ([`WALK_CLASS`] says which bytes can)
/// and reads the expression at each with `reader`.
fn scan_with(text: &str, reader: Reader) -> Vec<TimeExpr> {
    let mut found = Vec::new();
    if !might_hold_time(text) {
        return found;
    }
    let bytes = text.as_bytes();
    let mut last_end = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let class = WALK_CLASS[usize::from(b)];
        if class <= WALK_STEP_MAX {
            // Nothing starts here: the tight path most bytes take.
            i += usize::from(class);
            continue;
        }
        if class == WALK_LEAD3 {
            // The lead byte of a three-byte character (Chinese) of a block that holds an
            // anchor. Step over the whole run of three-byte characters that cannot anchor
            // (most of a Chinese text), their bytes indexing the anchor bits directly; only a
            // character that passes is made one below. `b` and `class` stay those of the
            // first character: a lead byte either way, which is all they are asked below.
            let run_start = i;
            let mut at_anchor = false;
            while let Some(&[lead @ 0xE0..=0xEF, second, third]) = bytes.get(i..i + 3) {
                if may_anchor_three_bytes(lead, second, third) {
                    at_anchor = true;
                    break;
                }
                i += 3;
            }
            if !at_anchor && i > run_start {
                continue;
            }
        }
        if class == WALK_LETTER {
            // A whole ASCII word at once: only its start can start an expression. The shape
            // test on the bytes turns down nearly every word before anything else is looked at.
            let len = letter_run(&bytes[i..]);
            if i >= last_end
                && has_anchor_shape(&bytes[i..i + len])
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                && english_anchor_follows(&text[i..i + len], &text[i + len..])
                && let Some(expr) = expr_at(text, i, last_end, reader)
            {
                last_end = expr.span.end;
                found.push(expr);
            }
            i += len;
            continue;
        }
        let (c, len) = if class == WALK_ASCII {
            (char::from(b), 1)
        } else {
            // The lead byte of a block that holds an anchor: decode only as far as the quick
            // test needs, and make a character only of the few that pass it.
            let (code, len) = decode_at(bytes, i);
            if !may_anchor_non_ascii(code) {
                i += len;
                continue;
            }
            (char::from_u32(code).unwrap_or('\u{FFFD}'), len)
        };
        if i >= last_end
            && is_anchor(text, i, c)
            && let Some(expr) = expr_at(text, i, last_end, reader)
        {
            last_end = expr.span.end;
            found.push(expr);
        }
        // Inside a digit run nothing can start: step over the whole run.
        i += if b.is_ascii_digit() {
            bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count()
        } else {
            len
        };
    }
    found
}

/// The largest [`WALK_CLASS`] that only steps: 1 to 4 bytes over an ASCII byte or a character
/// that starts nothing (by the length [`decode_at`] gives its lead byte).
const WALK_STEP_MAX: u8 = 4;
/// [`WALK_CLASS`] of an ASCII letter: a word starts.
const WALK_LETTER: u8 = 5;
/// [`WALK_CLASS`] of an ASCII digit, `_`, `[`, `<` or `{`: [`is_anchor`] decides.
const WALK_ASCII: u8 = 6;
/// [`WALK_CLASS`] of the lead byte of a two-byte character that may be an anchor
/// ([`may_anchor_non_ascii`] decides).
const WALK_LEAD: u8 = 7;
/// [`WALK_CLASS`] of the lead byte of a three-byte character that may be an anchor
/// ([`may_anchor_three_bytes`] decides).
const WALK_LEAD3: u8 = 8;

/// What the candidate walk of [`scan_with`] does at each byte: step over it (and the rest of its
/// character), read a word, or test the byte or character as an anchor. Built from the same
/// tests the walk used to make byte by byte.
const WALK_CLASS: [u8; 256] = {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte.is_ascii_alphabetic() {
            WALK_LETTER
        } else if byte.is_ascii_digit() || matches!(byte, b'_' | b'[' | b'<' | b'{') {
            WALK_ASCII
        } else if byte < 0x80 {
            1
        } else {
            // The lengths of `decode_at`.
            match byte {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            }
        };
        b += 1;
    }
    // The lead byte of every anchor of the Basic Multilingual Plane (`decode_at` makes the rest
    // U+FFFD, which is none).
    let mut code = 0x80;
    while code < 0x1_0000 {
        if BMP_ANCHORS[(code / 64) as usize] & (1 << (code % 64)) != 0 {
            if code < 0x800 {
                class[(0xC0 | (code >> 6)) as usize] = WALK_LEAD;
            } else {
                class[(0xE0 | (code >> 12)) as usize] = WALK_LEAD3;
            }
        }
        code += 1;
    }
    class
};

/// The candidate walk as it was before [`WALK_CLASS`]: byte by byte, each byte tested in turn.
/// The reference a test checks [`scan_with`] against.
#[cfg(test)]
fn scan_with_reference(text: &str, reader: Reader) -> Vec<TimeExpr> {
    let mut found = Vec::new();
    if !might_hold_time(text) {
        return found;
    }
    let bytes = text.as_bytes();
    let mut last_end = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_alphabetic() {
            // A whole ASCII word at once: only its start can start an expression.
            let len = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(bytes.len() - i);
            let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
            if i >= last_end
                && word_start
                && is_english_anchor(&text[i..i + len], &text[i + len..])
                && let Some(expr) = expr_at(text, i, last_end, reader)
            {
                last_end = expr.span.end;
                found.push(expr);
            }
            i += len;
            continue;
        }
        let (c, len) = if b < 0x80 {
            if !(b.is_ascii_digit() || matches!(b, b'_' | b'[' | b'<' | b'{')) {
                i += 1;
                continue;
            }
            (char::from(b), 1)
        } else {
            // Most of a Chinese text: decode only as far as the quick test needs, and make a
            // character only of the few that pass it.
            let (code, len) = decode_at(bytes, i);
            if !may_anchor_non_ascii(code) {
                i += len;
                continue;
            }
            (char::from_u32(code).unwrap_or('\u{FFFD}'), len)
        };
        if i >= last_end
            && is_anchor(text, i, c)
            && let Some(expr) = expr_at(text, i, last_end, reader)
        {
            last_end = expr.span.end;
            found.push(expr);
        }
        // Inside a digit run nothing can start: step over the whole run.
        i += if b.is_ascii_digit() {
            bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count()
        } else {
            len
        };
    }
    found
}

/// Parses a human duration used in config limits: "10s", "10 s", "3 rings", "2min", "24h",
/// "1 business day", "90 seconds", "1h 30min", "15秒", "3声".
pub fn parse_duration(text: &str) -> Result<(f64, TimeUnit), String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(
            "empty duration: expected a number and a unit such as \"10s\", \"3 rings\" or \"2min\""
                .into(),
        );
    }
    match TimeParser::parse(Rule::config_duration, trimmed) {
        Ok(mut pairs) => {
            let pair = pairs
                .next()
                .ok_or_else(|| format!("invalid duration {trimmed:?}"))?;
            build::config_duration(trimmed, pair)
        }
        Err(_) if trimmed.parse::<f64>().is_ok() => Err(format!(
            "duration {trimmed:?} has no unit: write e.g. \"{trimmed}s\", \"{trimmed}min\" or \"{trimmed} rings\""
        )),
        Err(_) => Err(format!(
            "invalid duration {trimmed:?}: expected a number and a unit such as \"10s\", \"3 rings\", \"2min\", \"24h\" or \"1 business day\""
        )),
    }
}

/// Converts a duration to seconds for comparison: rings count `ring_seconds` each (default 6).
pub fn to_seconds(value: f64, unit: TimeUnit, ring_seconds: f64) -> f64 {
    match unit {
        TimeUnit::Seconds => value,
        TimeUnit::Rings => value * ring_seconds,
    }
}

/// Quick rejection: no digit, letter, bracket, underscore or non-ASCII character at all.
fn might_hold_time(text: &str) -> bool {
    text.bytes()
        .any(|b| b.is_ascii_alphanumeric() || b >= 0x80 || matches!(b, b'_' | b'[' | b'{' | b'<'))
}

/// The longest slice handed to the parser; an expression is far shorter.
const WINDOW: usize = 200;

/// Bytes looked back from a number for a bound in front of it ("in no more than ", "不得超过").
const LOOKBACK: usize = 28;

/// What trying a rule at one position gave.
enum Attempt {
    /// The grammar matched nothing there.
    NoMatch,
    /// The grammar matched, but the context checks rejected the expression.
    Rejected,
    Built(TimeExpr),
}

/// Tries `rule` (`plain_expr` at a number, `bounded_expr` before one) at `pos` and builds it.
fn parse_and_build(text: &str, pos: usize, rule: Rule, reader: Reader) -> Attempt {
    let Some(rest) = text.get(pos..) else {
        return Attempt::NoMatch;
    };
    let mut end = rest.len().min(WINDOW);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    let cut = match line_end(&rest[..end]) {
        Some(line_end) => {
            end = line_end;
            false
        }
        None => end < rest.len(),
    };
    let attempt = parse_slice(text, pos, &rest[..end], rule, reader);
    // No expression is nearly as long as the window, but a match that reaches a cut inside the
    // line may have read a word's end wrongly ("hour" of "hours"): read the whole line then.
    if cut && matches!(&attempt, Attempt::Built(e) if e.span.end >= pos + end) {
        let line_end = line_end(rest).unwrap_or(rest.len());
        return parse_slice(text, pos, &rest[..line_end], rule, reader);
    }
    attempt
}

/// The byte of the first line break (`\n` or `\r`) in `s`: a byte search, as both are ASCII.
fn line_end(s: &str) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', s.as_bytes())
}

/// Reads `rule` at the start of `slice` (which starts at `pos` of `text`) and builds it.
fn parse_slice(text: &str, pos: usize, slice: &str, rule: Rule, reader: Reader) -> Attempt {
    let ctx = build::Ctx { text, base: pos };
    if reader == Reader::Quick {
        match quick::read(slice, rule == Rule::bounded_expr) {
            quick::Quick::NoMatch => return Attempt::NoMatch,
            quick::Quick::Read(reading) => {
                return match build::build_quick(ctx, &reading) {
                    Some(expr) => Attempt::Built(expr),
                    None => Attempt::Rejected,
                };
            }
            quick::Quick::Unsure => {}
        }
    }
    let Some(pair) = TimeParser::parse(rule, slice)
        .ok()
        .and_then(|mut pairs| pairs.next())
    else {
        return Attempt::NoMatch;
    };
    match build::build(ctx, pair) {
        Some(expr) => Attempt::Built(expr),
        None => Attempt::Rejected,
    }
}

/// The expression whose number (or placeholder, or same-day word) starts at `p`, with any bound
/// in front of it that starts at or after `floor`.
fn expr_at(text: &str, p: usize, floor: usize, reader: Reader) -> Option<TimeExpr> {
    // A bound in front wins over the plain reading, so the bounds are tried first and the plain
    // parse only when none gives an expression at `p`. That order changes no result: a bounded
    // match whose number starts at `p` means the number (or same-day word) at `p` also matches
    // on its own, and the plain window reaches at least as far as the bounded one (both are far
    // longer than any number, placeholder or same-day word).
    let mut k = p.saturating_sub(LOOKBACK).max(floor);
    while !text.is_char_boundary(k) {
        k += 1;
    }
    let head = text.get(k..p).unwrap_or("");
    // Between a bound and its number stand only the rest of the bound's words, white space, and
    // "the" or "between" ("by the next business day", "within between 2 and 4 hours"): letters,
    // inline white space and the dot of "max.". So a bound word starts inside that stretch, and
    // a bound sign or Chinese bound (none has such a character) ends right where it starts.
    let gap = head
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || is_inline_ws(c) || c == '.')
        .len();
    let mut starts = sign_bounds_ending(&head[..gap]);
    starts.sort_unstable();
    // Only an ASCII letter may start a bound word, so only the letters' bytes need the test.
    let words = head.as_bytes()[gap..]
        .iter()
        .enumerate()
        .filter(|&(_, b)| b.is_ascii_alphabetic())
        .map(|(offset, _)| gap + offset)
        .filter(|&offset| may_start_bound_word(text, k + offset));
    for offset in starts.into_iter().chain(words) {
        if let Attempt::Built(expr) = parse_and_build(text, k + offset, Rule::bounded_expr, reader)
            && expr.number_span.start == p
        {
            return Some(expr);
        }
    }
    match parse_and_build(text, p, Rule::plain_expr, reader) {
        Attempt::Built(expr) => Some(expr),
        Attempt::NoMatch | Attempt::Rejected => None,
    }
}

/// Where the bound signs and Chinese bounds that end `head` start ("超过" and "不超过" both end
/// "处理不超过").
fn sign_bounds_ending(head: &str) -> Vec<usize> {
    let Some(&last) = head.as_bytes().last() else {
        return Vec::new();
    };
    // Most heads end in a byte that ends no bound: one bit tells.
    if SIGN_BOUND_LAST_BYTES[usize::from(last / 64)] & (1 << (last % 64)) == 0 {
        return Vec::new();
    }
    SIGN_BOUNDS
        .iter()
        .filter(|(b, _)| b.as_bytes().last() == Some(&last) && head.ends_with(b))
        .map(|(b, _)| head.len() - b.len())
        .collect()
}

/// The last bytes of the [`SIGN_BOUNDS`], one bit each.
const SIGN_BOUND_LAST_BYTES: [u64; 4] = {
    let mut bits = [0u64; 4];
    let mut k = 0;
    while k < SIGN_BOUNDS.len() {
        let bytes = SIGN_BOUNDS[k].0.as_bytes();
        let last = bytes[bytes.len() - 1];
        bits[(last / 64) as usize] |= 1 << (last % 64);
        k += 1;
    }
    bits
};

/// Whether a bound word may start at `at` (checked only a few characters before a number).
fn may_start_bound_word(text: &str, at: usize) -> bool {
    // Every bound word starts with a letter: most places in front of a number fail here.
    if !text.as_bytes().get(at).is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    // The character before is an ASCII letter or digit just when its last byte is one (the
    // bytes of other characters are all above 0x7F), and `at` starts a character.
    if at > 0 && text.as_bytes()[at - 1].is_ascii_alphanumeric() {
        return false;
    }
    // The first words of the English bounds ([`words::EN_BOUNDS`]), by length.
    let word = leading_word(&text[at..]);
    words::EN_BOUND_FIRST_WORDS
        .get(word.len())
        .is_some_and(|words| words.iter().any(|w| word.eq_ignore_ascii_case(w)))
}

// Candidate filters. These are cheap guesses that keep pest off most of the text; the grammar
// decides. The words they look for come from the tables of `words.rs` (a new unit, bound,
// same-day word or placeholder goes in the grammar and in its table there; `words_tests.rs`
// checks the two agree, that the scanner finds every word, and that these filters turn down no
// place where the grammar alone finds an expression).

/// Inline white space, as the grammar's `ws`: space, tab, no-break space, ideographic space.
fn is_inline_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{3000}')
}

/// A full-width digit ０ … ９.
const fn is_fullwidth_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

/// The leading ASCII word of `s`.
fn leading_word(s: &str) -> &str {
    let len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    &s[..len]
}

/// The next ASCII word in `s` after spaces and hyphens, and whether anything was skipped.
fn next_word(s: &str) -> (&str, bool) {
    let rest = s.trim_start_matches([' ', '\t', '-', '\u{A0}']);
    (leading_word(rest), rest.len() < s.len())
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.get(s.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

/// Whether an English word may start a unit ("s" and "h" only `attached` to the number, or "h"
/// after a space).
fn unit_like(word: &str, attached: bool) -> bool {
    // The unit words by their first letter (most words start with none of them).
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    let Some(units) = words::EN_UNIT_STEMS.get(usize::from((first | 0x20).wrapping_sub(b'a')))
    else {
        return false;
    };
    (attached && word == "s")
        || word.eq_ignore_ascii_case("h")
        || units.iter().any(|u| starts_with_ignore_case(word, u))
}

/// Whether an English word may join two numbers of a range or a compound.
fn joins_numbers(word: &str) -> bool {
    ["to", "or", "and"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

/// Whether what follows a number (`after`, the text right after it) may start its unit or a
/// range sign; `before` is the text before the number (for 下, which needs a ring word).
fn may_follow_number(before: &str, after: &str) -> bool {
    let (word, skipped) = next_word(after);
    if !word.is_empty() {
        return unit_like(word, !skipped)
            || joins_numbers(word)
            || crate::lexicon::is_english_number_word(word);
    }
    let rest = after.trim_start_matches(is_inline_ws);
    let mut chars = rest.chars();
    let Some(c) = chars.next() else {
        return false;
    };
    match c {
        '个' => chars.next().is_some_and(words::after_ge),
        // 一下 is "a moment"; 下 counts rings only near 铃/响 (铃响三下).
        '下' => before
            .chars()
            .rev()
            .take(10)
            .any(|b| matches!(b, '铃' | '响')),
        // A range: the second number must be followed by a unit in turn ("3-5分钟", not "2024-05").
        _ if words::is_range_separator(c) => {
            let second = chars.as_str().trim_start_matches(is_inline_ws);
            let number_end = second
                .find(|c: char| {
                    !(c.is_ascii_digit()
                        || c == '.'
                        || is_fullwidth_digit(c)
                        || crate::lexicon::is_zh_numeral(c))
                })
                .unwrap_or(second.len());
            number_end > 0 && may_follow_single(before, &second[number_end..])
                || starts_placeholder(second)
        }
        _ => words::starts_zh_unit_after_number(c),
    }
}

/// [`may_follow_number`] without ranges (after the second number of a range).
fn may_follow_single(before: &str, after: &str) -> bool {
    let starts_range = after
        .trim_start_matches(is_inline_ws)
        .starts_with(words::RANGE_SEPARATORS);
    !starts_range && may_follow_number(before, after)
}

/// Whether what follows a placeholder number (xx, N, __, 某) may continue it into an expression:
/// its unit, maybe after spaces or a hyphen, or a range separator ("xx-xx分钟"). Not "N/A",
/// "某种" or a line of underscores.
fn may_continue_placeholder(after: &str) -> bool {
    after.chars().next().is_some_and(|c| {
        c.is_ascii_alphabetic()
            || is_inline_ws(c)
            // A range separator, more of "xx×" ("x" … "Ｘ" mix), or a Chinese unit.
            || words::is_range_separator(c)
            || matches!(c, '×' | 'ｘ' | 'Ｘ')
            || words::starts_zh_unit(c)
    })
}

/// Whether `s` starts with a placeholder number (xx, __, [X], 某): "xx-xx分钟".
fn starts_placeholder(s: &str) -> bool {
    s.starts_with(words::PLACEHOLDER_STARTS)
}

/// The code point of the character starting at byte `i` of valid UTF-8 (`bytes[i]` not ASCII)
/// and its length. Characters beyond the Basic Multilingual Plane come out as U+FFFD: no anchor
/// is one.
fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i];
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    match b {
        0xC0..=0xDF => ((u32::from(b & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (0xFFFD, 4),
    }
}

/// [`may_anchor_non_ascii`] of the three-byte character `lead second third` (valid UTF-8): its
/// bits index [`BMP_ANCHORS`] as the code point would, without making it.
#[inline]
fn may_anchor_three_bytes(lead: u8, second: u8, third: u8) -> bool {
    let row = (usize::from(lead & 0x0F) << 6) | usize::from(second & 0x3F);
    BMP_ANCHORS[row] & (1 << (third & 0x3F)) != 0
}

/// The number of ASCII letters `bytes` starts with: eight bytes at a time while they are all
/// letters (see [`non_letters`]), then byte by byte.
#[inline]
fn letter_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = bytes
        .get(n..n + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
    {
        let others = non_letters(u64::from_le_bytes(chunk));
        if others != 0 {
            return n + (others.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(bytes.len() - n)
}

/// The high bit of each byte of the eight in `x` (little-endian) that is not an ASCII letter.
/// Per byte, with no carry into the next: the byte lower-cased and without its high bit is at
/// most 0x7F, so adding 0x1F (to reach 0x80 from `a`) or 0x05 (to pass 0x7F after `z`) stays
/// below 0x100.
#[inline]
fn non_letters(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ascii = !x & HIGH;
    let lower = (x | (0x20 * ONES)) & !HIGH;
    let from_a = (lower + u64::from(0x80 - b'a') * ONES) & HIGH;
    let past_z = (lower + u64::from(0x7F - b'z') * ONES) & HIGH;
    !(ascii & from_a & !past_z) & HIGH
}

/// The non-ASCII characters (by code point) [`is_anchor`] looks at further: one bit each.
#[inline]
fn may_anchor_non_ascii(code: u32) -> bool {
    let code = code as usize;
    BMP_ANCHORS
        .get(code / 64)
        .is_some_and(|bits| bits & (1 << (code % 64)) != 0)
}

/// [`may_anchor_non_ascii`], spelled out (the definition the bit tables are tested against).
#[cfg(test)]
const fn is_non_ascii_anchor(c: char) -> bool {
    is_fullwidth_digit(c)
        || crate::lexicon::is_zh_numeral(c)
        || c == '半'
        || words::starts_zh_same_day(c)
        || (!c.is_ascii() && words::starts_placeholder_char(c))
}

/// [`is_non_ascii_anchor`] for every character of the Basic Multilingual Plane, one bit each
/// (none beyond it is an anchor).
const BMP_ANCHORS: [u64; 0x1_0000 / 64] = {
    let mut bits = [0; 0x1_0000 / 64];
    // The characters tested by kind (digits, numerals, 半) …
    let mut code = 0x80;
    while code < 0x1_0000 {
        if let Some(c) = char::from_u32(code as u32)
            && (is_fullwidth_digit(c) || crate::lexicon::is_zh_numeral(c) || c == '半')
        {
            bits[code / 64] |= 1 << (code % 64);
        }
        code += 1;
    }
    // … and the first characters of the word tables (one pass over each table, not over every
    // character: const evaluation stays short).
    let tables = words::NON_ASCII_FIRSTS;
    let mut k = 0;
    while k < tables.len() {
        let code = tables[k] as usize;
        if code >= 0x80 && code < 0x1_0000 {
            bits[code / 64] |= 1 << (code % 64);
        }
        k += 1;
    }
    bits
};

/// Whether an expression may start at `i` (where `c` is).
fn is_anchor(text: &str, i: usize, c: char) -> bool {
    let rest = &text[i..];
    let before = &text[..i];
    let prev = before.chars().next_back();
    let next = || rest.chars().nth(1);
    let after_run = |in_run: &dyn Fn(char) -> bool| {
        let end = rest.find(|c: char| !in_run(c)).unwrap_or(rest.len());
        &rest[end..]
    };
    match c {
        '0'..='9' => {
            !prev.is_some_and(|p| p.is_ascii_digit() || p == '.')
                && may_follow_number(before, after_run(&|c| c.is_ascii_digit() || c == '.'))
        }
        '０'..='９' => {
            !prev.is_some_and(|p| is_fullwidth_digit(p) || p == '．')
                && may_follow_number(
                    before,
                    after_run(&|c| is_fullwidth_digit(c) || c == '．' || c == '.'),
                )
        }
        'a'..='z' | 'A'..='Z' => {
            let word = leading_word(rest);
            !prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && is_english_anchor(word, &rest[word.len()..])
        }
        // A half before its unit (半小时, 半个月, 半礼拜): any Chinese unit's first character.
        '半' => next().is_some_and(words::starts_zh_unit),
        _ if words::starts_zh_same_day(c) => words::starts_with_zh_same_day(rest),
        '×' | 'ｘ' | 'Ｘ' => {
            !prev.is_some_and(|p| p == c || p.is_ascii_alphanumeric())
                && may_continue_placeholder(after_run(&|c| {
                    matches!(c, 'x' | 'X' | '×' | 'ｘ' | 'Ｘ')
                }))
        }
        '_' => {
            prev != Some('_')
                && next() == Some('_')
                && may_continue_placeholder(after_run(&|c| c == '_'))
        }
        '某' => prev != Some(c) && may_continue_placeholder(after_run(&|c| c == '某')),
        '○' | '□' => prev != Some(c),
        '[' | '【' | '<' | '{' => prev != Some('{') && bracket_may_hold_time(before, rest),
        _ if crate::lexicon::is_zh_numeral(c) => {
            !prev.is_some_and(crate::lexicon::is_zh_numeral)
                && may_follow_number(before, after_run(&crate::lexicon::is_zh_numeral))
        }
        _ => false,
    }
}

/// Whether a bracketed placeholder at the start of `rest` may be a time expression: followed by
/// a unit ("[NUMBER] hours", "{n}分钟"), or naming a time ("[TIME]", "【时间】", "{{timeframe}}").
/// Not a Markdown link "[text](url)", a tag "<br>" or a checkbox "[ ]".
fn bracket_may_hold_time(before: &str, rest: &str) -> bool {
    let close = match rest.chars().next() {
        Some('[') => ']',
        Some('【') => '】',
        Some('<') => '>',
        _ => '}',
    };
    let mut head_len = rest.len().min(64);
    while !rest.is_char_boundary(head_len) {
        head_len -= 1;
    }
    let Some(end) = rest[..head_len].find(close) else {
        return false;
    };
    let inner = rest[..end].trim_start_matches(['[', '【', '<', '{']);
    let after = rest[end..].trim_start_matches(['}', ']', '】', '>']);
    if inner.trim().is_empty() || after.starts_with('(') {
        return false;
    }
    let names_time = [
        "time",
        "frame",
        "duration",
        "period",
        "sla",
        "turnaround",
        "days",
        "hours",
        "minutes",
        "时间",
        "时限",
        "时长",
        "期限",
    ]
    .iter()
    .any(|w| ends_with_ignore_case(inner, w));
    names_time || may_follow_number(before, after)
}

/// Whether the English `word` (followed by `after`) may start an expression: a number word or
/// a/an before a unit-like word, half, same/next day, end of day, between, or a placeholder
/// (x, xx, N, n) before a unit.
#[inline]
fn is_english_anchor(word: &str, after: &str) -> bool {
    has_anchor_shape(word.as_bytes()) && english_anchor_follows(word, after)
}

/// Whether `word` (ASCII letters) has the length and first two letters of an anchor word: the
/// quick test that nearly every word of an English text fails ("the", "that" and "this" too).
#[inline]
fn has_anchor_shape(bytes: &[u8]) -> bool {
    let letter = |b: u8| usize::from((b | 0x20).wrapping_sub(b'a'));
    let Some(&first) = bytes.first() else {
        return false;
    };
    let second = bytes.get(1).map_or(NO_LETTER, |&b| letter(b));
    ANCHOR_SHAPES
        .get(letter(first))
        .and_then(|row| row.get(second))
        .is_some_and(|lengths| bytes.len() < 16 && lengths & (1 << bytes.len()) != 0)
}

/// The words [`english_anchor_follows`] may accept besides the number words.
const ANCHOR_WORDS: [&str; 15] = [
    "a", "an", "half", "same", "next", "end", "close", "eod", "cob", "between", "n", "x", "xx",
    "xxx", "xxxx",
];

/// Stands for the missing second letter of a one-letter word in [`ANCHOR_SHAPES`].
const NO_LETTER: usize = 26;

/// The lengths of the anchor words by their first two letters (`NO_LETTER` for none), one bit
/// each: `ANCHOR_SHAPES[0][13]` has bit 2 set for "an".
const ANCHOR_SHAPES: [[u16; NO_LETTER + 1]; 26] = {
    let mut shapes = [[0; NO_LETTER + 1]; 26];
    let mut k = 0;
    while k < ANCHOR_WORDS.len() + crate::lexicon::ENGLISH_NUMBER_WORDS.len() {
        let word = if k < ANCHOR_WORDS.len() {
            ANCHOR_WORDS[k].as_bytes()
        } else {
            crate::lexicon::ENGLISH_NUMBER_WORDS[k - ANCHOR_WORDS.len()]
                .0
                .as_bytes()
        };
        let second = if word.len() > 1 {
            (word[1] - b'a') as usize
        } else {
            NO_LETTER
        };
        shapes[(word[0] - b'a') as usize][second] |= 1 << word.len();
        k += 1;
    }
    shapes
};

/// [`is_english_anchor`] for a word of the right shape: the word itself, then what follows it.
fn english_anchor_follows(word: &str, after: &str) -> bool {
    // Anchor words are at most nine letters ("seventeen"): lower-case them on the stack.
    let mut buf = [0u8; 9];
    let Some(slot) = buf.get_mut(..word.len()) else {
        return false;
    };
    slot.copy_from_slice(word.as_bytes());
    slot.make_ascii_lowercase();
    let lower = std::str::from_utf8(slot).unwrap_or("");
    // The word after this one; most words stop before it is needed.
    let next = || next_word(after);
    match lower {
        "a" | "an" => {
            let (next, skipped) = next();
            skipped && unit_like(next, false)
        }
        "half" => {
            let (next, skipped) = next();
            skipped
                && (unit_like(next, false)
                    || next.eq_ignore_ascii_case("an")
                    || next.eq_ignore_ascii_case("a"))
        }
        "same" | "next" => {
            let (next, skipped) = next();
            skipped
                && ["day", "business", "working"]
                    .iter()
                    .any(|w| next.eq_ignore_ascii_case(w))
        }
        "end" | "close" => {
            let (next, skipped) = next();
            skipped && next.eq_ignore_ascii_case("of")
        }
        "eod" | "cob" | "between" => true,
        "n" => may_continue_placeholder(after),
        _ if lower.bytes().all(|b| b == b'x') => {
            lower.len() <= 4 && may_continue_placeholder(after)
        }
        _ if crate::lexicon::is_english_number_word(lower) => {
            let (next, skipped) = next();
            skipped
                && (unit_like(next, false)
                    || joins_numbers(next)
                    || crate::lexicon::is_english_number_word(next))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::unit::Pre;
    use super::*;

    #[test]
    fn anchors_on_number_starts_only() {
        let text = "v2.1 and 123";
        assert!(!is_anchor(text, 3, '1'));
        assert!(!is_anchor(text, 10, '2'));
    }

    #[test]
    fn english_anchor_words() {
        assert!(is_english_anchor("twenty", "-four hours"));
        assert!(is_english_anchor("an", " hour"));
        assert!(!is_english_anchor("a", " problem"));
        assert!(!is_english_anchor("apple", ""));
        assert!(is_english_anchor("xx", " minutes"));
        assert!(is_english_anchor("Between", " 2 and 4"));
    }

    #[test]
    fn quick_filter_skips_plain_punctuation() {
        assert!(!might_hold_time("--- !!! ..."));
        assert!(might_hold_time("3"));
        assert!(might_hold_time("三"));
    }

    #[test]
    fn anchor_shape_lets_every_anchor_word_through() {
        let words = ANCHOR_WORDS
            .iter()
            .chain(crate::lexicon::ENGLISH_NUMBER_WORDS.iter().map(|(w, _)| w));
        for word in words {
            assert!(has_anchor_shape(word.as_bytes()), "{word}");
            assert!(has_anchor_shape(word.to_uppercase().as_bytes()), "{word}");
        }
        let others = [
            "the",
            "that",
            "this",
            "then",
            "hours",
            "late",
            "seventeenth",
            "xxxxx",
            "",
        ];
        for word in others {
            assert!(!has_anchor_shape(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn placeholders_continue_only_into_a_unit_or_range() {
        assert!(is_anchor("请在xx分钟内", "请在".len(), 'x'));
        assert!(is_anchor("某天内", 0, '某'));
        assert!(is_anchor("____ minutes", 0, '_'));
        assert!(is_anchor("N hours", 0, 'N'));
        assert!(!is_anchor("N/A", 0, 'N'));
        assert!(!is_anchor("某种原因", 0, '某'));
        assert!(!is_anchor("________", 0, '_'));
        assert!(!is_anchor("×4", 0, '×'));
    }

    #[test]
    fn bounds_are_tried_where_they_end_before_the_number() {
        let mut starts = sign_bounds_ending("处理不超过");
        starts.sort_unstable();
        assert_eq!(starts, ["处理".len(), "处理不".len()]);
        assert_eq!(sign_bounds_ending("请在"), ["请".len()]);
        assert!(sign_bounds_ending("内容").is_empty());
        assert!(may_start_bound_word("reply within", "reply ".len()));
        assert!(!may_start_bound_word("reply within", "reply w".len()));
        assert!(!may_start_bound_word("the thing", 0));
    }

    /// [`unit_like`] without its first-letter test: the reference (a word that starts with one
    /// of the unit words of two letters or more, or a one-letter unit).
    fn unit_like_reference(word: &str, attached: bool) -> bool {
        (attached && word == "s")
            || word.eq_ignore_ascii_case("h")
            || words::EN_UNITS
                .iter()
                .filter(|u| u.len() > 1)
                .any(|u| starts_with_ignore_case(word, u))
    }

    /// [`sign_bounds_ending`] without its last-byte test: the reference.
    fn sign_bounds_ending_reference(head: &str) -> Vec<usize> {
        let Some(&last) = head.as_bytes().last() else {
            return Vec::new();
        };
        SIGN_BOUNDS
            .iter()
            .filter(|(b, _)| b.as_bytes().last() == Some(&last) && head.ends_with(b))
            .map(|(b, _)| head.len() - b.len())
            .collect()
    }

    /// [`may_start_bound_word`] with the character before decoded: the reference.
    fn may_start_bound_word_reference(text: &str, at: usize) -> bool {
        if !text.as_bytes().get(at).is_some_and(u8::is_ascii_alphabetic) {
            return false;
        }
        let word_start = !text
            .get(..at)
            .and_then(|h| h.chars().next_back())
            .is_some_and(|p| p.is_ascii_alphanumeric());
        if !word_start {
            return false;
        }
        let word = leading_word(&text[at..]);
        words::EN_BOUNDS
            .iter()
            .filter_map(|b| b.split(' ').next())
            .any(|w| word.eq_ignore_ascii_case(w))
    }

    /// Words and bits of words near the quick tests' letters and lengths.
    fn wordish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let known: Vec<&str> = crate::lexicon::ENGLISH_NUMBER_WORDS
            .iter()
            .map(|(w, _)| *w)
            .chain([
                "s", "S", "h", "H", "sec", "Minutes", "hours", "HR", "days", "business", "Working",
                "office", "weeks", "wk", "month", "Rings", "calendar", "xmin", "mhour", "", "é",
                "ÓNE", "İ", "within", "In", "not", "a", "Max", "until", "till", "by", "less",
            ])
            .collect();
        prop_oneof![
            3 => proptest::sample::select(known).prop_map(str::to_string),
            2 => "[a-zA-Z]{0,10}",
            1 => any::<String>(),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, failure_persistence: None, ..Default::default() })]

        /// The quick tests in front of the word lists change no answer.
        #[test]
        fn word_tests_answer_as_the_lists_do(word in wordish(), attached in proptest::bool::ANY) {
            proptest::prop_assert_eq!(unit_like(&word, attached), unit_like_reference(&word, attached), "{:?}", word);
            proptest::prop_assert_eq!(
                crate::lexicon::is_english_number_word(&word),
                crate::lexicon::ENGLISH_NUMBER_WORDS.iter().any(|(w, _)| w.eq_ignore_ascii_case(&word)),
                "{:?}", word
            );
        }

        /// Bounds in front of a number are found as before, wherever they are looked for.
        #[test]
        fn bound_tests_answer_as_before(
            pieces in proptest::collection::vec(
                proptest::sample::select(
                    SIGN_BOUNDS.iter().map(|(b, _)| *b).chain([
                        "请", "内", "过", "多", "不", " ", "\u{3000}", "\u{A0}", "within", "in", "no",
                        "more", "than", "Max", "x", "3", ".", "é", "a", "At", "most", "\n", "\r",
                    ]).collect::<Vec<_>>(),
                ),
                0..8,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(sign_bounds_ending(&text), sign_bounds_ending_reference(&text), "{:?}", text);
            for at in (0..=text.len() + 1).filter(|&a| a > text.len() || text.is_char_boundary(a)) {
                proptest::prop_assert_eq!(
                    may_start_bound_word(&text, at),
                    may_start_bound_word_reference(&text, at),
                    "{:?} at {}", text, at
                );
            }
            proptest::prop_assert_eq!(
                line_end(&text),
                text.bytes().position(|b| b == b'\n' || b == b'\r')
            );
        }
    }

    #[test]
    fn line_ends_at_either_break() {
        assert_eq!(line_end("ab\r\ncd"), Some(2));
        assert_eq!(line_end("ab\ncd\r"), Some(2));
        assert_eq!(line_end("天\n"), Some(3));
        assert_eq!(line_end("abc"), None);
    }

    /// The ASCII letters `amount_start` in `grammar/time.pest` lets through.
    const AMOUNT_LETTERS: &str = "aefhnostxAEFHNOSTX";

    #[test]
    fn amount_start_lets_every_amount_word_through() {
        let words = crate::lexicon::ENGLISH_NUMBER_WORDS
            .iter()
            .map(|(w, _)| *w)
            .chain(["a", "an", "half", "x", "xx", "N", "n", "X"]);
        for word in words {
            for word in [word.to_string(), word.to_uppercase()] {
                let first = word.chars().next().unwrap();
                assert!(AMOUNT_LETTERS.contains(first), "{word}");
                let text = format!("{word} hours");
                assert!(TimeParser::parse(Rule::amount, &text).is_ok(), "{text}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        /// No amount starts with a letter that `amount_start` turns down, whatever follows it.
        #[test]
        fn no_amount_starts_with_another_letter(
            letter in proptest::sample::select(
                ('a'..='z').chain('A'..='Z').filter(|c| !AMOUNT_LETTERS.contains(*c)).collect::<Vec<_>>()
            ),
            rest in proptest::collection::vec(
                proptest::sample::select(vec![
                    "", "n", "alf", "ne", "wenty", "ive", "x", "X", " ", "-", "an", "a", "our", "ight",
                    "hour", "s", "[N]", "{n}", "_", "half", "一", "3", "３", "某", "【", "】", "]", "}",
                ]),
                0..5,
            ),
        ) {
            let text = format!("{letter}{} hours", rest.concat());
            proptest::prop_assert!(TimeParser::parse(Rule::amount, &text).is_err(), "{}", text);
        }
    }

    #[test]
    fn sign_bounds_list_every_bound_of_the_grammar_in_its_order() {
        // The quoted literals of the bound rules, but for the English ones (^"within") and the
        // dot of "max.", rule by rule in the order `pre_bound` tries them.
        let grammar = include_str!("../../grammar/time.pest");
        let rules = [
            ("pre_zai", Pre::Zai),
            ("pre_within", Pre::Bound(Bound::Within)),
            ("pre_at_most", Pre::Bound(Bound::AtMost)),
            ("pre_less", Pre::Bound(Bound::LessThan)),
            ("pre_lower", Pre::Lower),
        ];
        let order: Vec<&str> = rules.iter().map(|(rule, _)| *rule).collect();
        assert!(
            grammar.contains(&format!("pre_bound = _{{ {} }}", order.join(" | "))),
            "pre_bound tries its rules in another order"
        );
        let mut expected = Vec::new();
        for (rule, pre) in rules {
            let start = grammar.find(&format!("\n{rule} = ")).unwrap();
            let body = &grammar[start..];
            let body = &body[..body[1..].find("\n\n").unwrap()];
            // Split at quotes: text before a literal, the literal, text before the next one, …
            let parts: Vec<&str> = body.split('"').collect();
            let plain: Vec<&str> = parts
                .chunks(2)
                .filter_map(|pair| match pair {
                    [before, literal] if !before.ends_with('^') && *literal != "." => {
                        Some(*literal)
                    }
                    _ => None,
                })
                .collect();
            assert!(!plain.is_empty(), "{rule}");
            expected.extend(plain.into_iter().map(|literal| (literal, pre)));
        }
        assert_eq!(SIGN_BOUNDS, expected.as_slice());
    }
}
