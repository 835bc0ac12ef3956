//! A hand-written reader for the common time expressions, so that pest reads only the rest.
//!
//! Nearly every expression of a service script is a number in ASCII digits and one unit, with a
//! bound in front or after it or none: "24小时内", "在3个工作日内", "within 24 hours", "10 seconds",
//! "3声内". [`read`] reads those shapes at the start of the slice `parse_slice` hands the grammar,
//! and says exactly what `bounded_expr` or `plain_expr` of `grammar/time.pest` would match there,
//! or that the grammar matches nothing, or that it is not sure. It is not sure as soon as the text
//! could read otherwise: a second number (a range, a compound such as "1小时30分钟"), a half, a
//! hyphen, a Chinese or English number, a placeholder, a bound or unit it does not know. Then the
//! grammar reads the slice. A property test checks that `scan` gives the same with this reader and
//! with the grammar alone.
//!
//! Each step below names the grammar rule it stands for; the order of a PEG choice matters, so
//! where a rule tries several alternatives the reader accepts only text on which the alternatives
//! tried before the one it reports cannot match.

use super::Bound;
use super::unit::{Pre, UnitKind};
use super::{SIGN_BOUNDS, is_inline_ws};
use crate::lexicon as numeral;
use crate::span::Span;

/// What the grammar does at the start of a slice, as far as the quick reader can tell.
#[derive(Debug, PartialEq)]
pub(super) enum Quick {
    /// The rule matches nothing here.
    NoMatch,
    /// The rule matches this one-part expression.
    Read(Reading),
    /// The reader cannot tell: ask the grammar.
    Unsure,
}

/// A one-part expression with ASCII digits, as the grammar would match it. Spans are byte
/// offsets into the slice.
#[derive(Debug, PartialEq)]
pub(super) struct Reading {
    /// The bound in front (`pre_bound`), with the span of its words.
    pub(super) pre: Option<(Pre, Span)>,
    /// The digits (`number_ascii`).
    pub(super) number: Span,
    /// The unit rule that matched, and its span.
    pub(super) unit: (UnitKind, Span),
    /// The bound after the unit (`post_bound`).
    pub(super) post: Option<(Bound, Span)>,
}

/// Reads `bounded_expr` (`bounded` set) or `plain_expr` at the start of `slice`.
pub(super) fn read(slice: &str, bounded: bool) -> Quick {
    let (pre, at) = if bounded {
        match read_pre(slice) {
            PreRead::Read(kind, end) => (Some((kind, Span::new(0, end))), skip_ws(slice, end)),
            PreRead::NoMatch => return Quick::NoMatch,
            PreRead::Unsure => return Quick::Unsure,
        }
    } else {
        (None, 0)
    };
    match read_quantity(slice, at) {
        Some((number, unit, end)) => match read_post(slice, end) {
            Some(post) => Quick::Read(Reading {
                pre,
                number,
                unit,
                post,
            }),
            None => Quick::Unsure,
        },
        None => Quick::Unsure,
    }
}

/// What `pre_bound | pre_by` does at the start of a slice.
enum PreRead {
    /// It matches, up to the given byte.
    Read(Pre, usize),
    NoMatch,
    Unsure,
}

/// Reads the bound in front (`pre_bound` or `pre_by` of `bounded_expr`).
fn read_pre(slice: &str) -> PreRead {
    let Some(&first) = slice.as_bytes().first() else {
        return PreRead::NoMatch;
    };
    if !first.is_ascii_alphabetic() {
        // Every English bound starts with a letter (`&ASCII_ALPHA`, or a word for `pre_by`), so
        // here only the signs and Chinese bounds can match. `SIGN_BOUNDS` lists them in the
        // order the grammar tries them, so the first that starts the slice is the one it reads.
        return SIGN_BOUNDS
            .iter()
            .find(|(sign, _)| slice.starts_with(sign))
            .map_or(PreRead::NoMatch, |&(sign, pre)| {
                PreRead::Read(pre, sign.len())
            });
    }
    let word = super::leading_word(slice);
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    let after = &slice[word.len()..];
    // The next two words, each after white space (empty when there is none).
    let (next, next_len) = word_after_ws(after);
    let (third, third_len) = word_after_ws(&after[next_len..]);
    let then = |w: &str| next.eq_ignore_ascii_case(w);
    let two_words = word.len() + next_len;
    let three_words = two_words + third_len;
    let bound = |b: Bound, end: usize| PreRead::Read(Pre::Bound(b), end);
    if is("within") {
        // `pre_within`, unless its optional part follows: "within the next".
        return if starts_with_ci(after.trim_start_matches(is_inline_ws), "the") {
            PreRead::Unsure
        } else {
            bound(Bound::Within, word.len())
        };
    }
    if is("in") && !next.is_empty() {
        // No bound is "in" alone: `pre_within` "in under", `pre_at_most` "in at most" …,
        // `pre_less` "in less than" / "in under".
        let may_bound = [
            "under", "at", "no", "up", "a", "max", "less", "fewer", "shorter",
        ]
        .iter()
        .any(|w| starts_with_ci(next, w));
        return if may_bound {
            PreRead::Unsure
        } else {
            PreRead::NoMatch
        };
    }
    if is("under") {
        // `pre_less` ("in under" of `pre_within` and "up to" of `pre_at_most` do not match).
        bound(Bound::LessThan, word.len())
    } else if is("up") && then("to") || is("at") && then("most") {
        // `pre_at_most`, the first rule with these.
        bound(Bound::AtMost, two_words)
    } else if is("at") && then("least") || is("more") && then("than") {
        // `pre_lower` (`pre_at_most` fails: "at most", "a maximum", "max").
        PreRead::Read(Pre::Lower, two_words)
    } else if is("less") && then("than") {
        // `pre_less` (`pre_at_most` has no "less").
        bound(Bound::LessThan, two_words)
    } else if is("no") && then("more") && third.eq_ignore_ascii_case("than") {
        // `pre_at_most` (`pre_within` needs "no later than").
        bound(Bound::AtMost, three_words)
    } else {
        PreRead::Unsure
    }
}

/// The ASCII word after at least one inline white space at the start of `s`, and the byte where
/// it ends; an empty word (and 0) when `s` does not start so. A word ends where a letter does,
/// as `word_end` in the grammar.
fn word_after_ws(s: &str) -> (&str, usize) {
    let start = skip_ws(s, 0);
    if start == 0 {
        return ("", 0);
    }
    let word = super::leading_word(&s[start..]);
    if word.is_empty() {
        ("", 0)
    } else {
        (word, start + word.len())
    }
}

/// Reads `quantity` at `at`: ASCII digits and one unit that nothing continues. Gives the number's
/// span, the unit and where the quantity ends, or `None` when not sure.
fn read_quantity(slice: &str, at: usize) -> Option<(Span, (UnitKind, Span), usize)> {
    let bytes = slice.as_bytes();
    // `number_ascii`: digits, and a decimal part only with a digit after the dot.
    let mut end = at + digits(&bytes[at..]);
    if end == at {
        return None;
    }
    if bytes.get(end) == Some(&b'.') {
        let decimals = digits(&bytes[end + 1..]);
        if decimals > 0 {
            end += 1 + decimals;
        }
    }
    let number = Span::new(at, end);
    let rest = &slice[end..];
    // `plus_half` ("个半", " and a half") is not read here.
    if rest.starts_with("个半") || and_a_half(rest) {
        return None;
    }
    // `joiner`: white space; a hyphen ("24-hour") is not read here.
    let unit_start = skip_ws(slice, end);
    if slice[unit_start..].starts_with('-') {
        return None;
    }
    let (kind, unit_len) = read_unit(&slice[unit_start..])?;
    let unit_end = unit_start + unit_len;
    let rest = &slice[unit_end..];
    // `half_suffix` ("一天半", " and a half") is not read here.
    if rest.starts_with('半') || and_a_half(rest) {
        return None;
    }
    nothing_continues(rest).then_some((number, (kind, Span::new(unit_start, unit_end)), unit_end))
}

/// Whether `s` starts with " and a half" as `half_suffix` and `plus_half` read it.
fn and_a_half(s: &str) -> bool {
    let mut rest = s;
    for word in ["and", "a", "half"] {
        let start = skip_ws(rest, 0);
        if start == 0 || !starts_with_ci(&rest[start..], word) {
            return false;
        }
        rest = &rest[start + word.len()..];
    }
    !rest.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// The number of ASCII digits `bytes` starts with.
fn digits(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// The byte after the inline white space starting at `at` in `s`.
fn skip_ws(s: &str, at: usize) -> usize {
    // Inline white space starts with one of these bytes (space, tab, U+00A0, U+3000): most
    // places start with none.
    if !matches!(s.as_bytes().get(at), Some(b' ' | b'\t' | 0xC2 | 0xE3)) {
        return at;
    }
    let rest = &s[at..];
    at + rest.len() - rest.trim_start_matches(is_inline_ws).len()
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    super::starts_with_ignore_case(s, prefix)
}

/// The English unit words of one word, in any case, and the unit rule that reads each: the
/// first alternative of that rule that starts the word is the word itself (so `word_end` holds
/// after it), and no rule tried before it starts the word so. The lower-case "s" of `unit_second`
/// is read apart: it is the one case-sensitive unit.
pub(super) const ENGLISH_UNITS: &[(&str, UnitKind)] = &[
    ("hours", UnitKind::Hour),
    ("hour", UnitKind::Hour),
    ("hrs", UnitKind::Hour),
    ("hr", UnitKind::Hour),
    ("h", UnitKind::Hour),
    ("minutes", UnitKind::Minute),
    ("minute", UnitKind::Minute),
    ("mins", UnitKind::Minute),
    ("min", UnitKind::Minute),
    ("seconds", UnitKind::Second),
    ("second", UnitKind::Second),
    ("secs", UnitKind::Second),
    ("sec", UnitKind::Second),
    ("days", UnitKind::Day),
    ("day", UnitKind::Day),
    ("rings", UnitKind::Ring),
    ("ring", UnitKind::Ring),
    ("weeks", UnitKind::Week),
    ("week", UnitKind::Week),
    ("wks", UnitKind::Week),
    ("wk", UnitKind::Week),
    ("months", UnitKind::Month),
    ("month", UnitKind::Month),
];

/// The Chinese units read here, with the characters that must not follow them (the negative
/// look-aheads of `grammar/time.pest`; a two-character one turns down its first character). No
/// unit of the grammar tried before one of these matches where it does, and none of these is the
/// start of another but 秒 of 秒钟, which comes after it.
pub(super) const CHINESE_UNITS: &[(&str, UnitKind, &str)] = &[
    ("小时", UnitKind::Hour, ""),
    ("个小时", UnitKind::Hour, ""),
    ("钟头", UnitKind::Hour, ""),
    ("个钟头", UnitKind::Hour, ""),
    ("分钟", UnitKind::Minute, ""),
    ("秒钟", UnitKind::Second, ""),
    ("秒", UnitKind::Second, ""),
    ("个工作日", UnitKind::BusinessDay, ""),
    ("工作日", UnitKind::BusinessDay, ""),
    ("个月", UnitKind::Month, ""),
    // `unit_day`: 两 for "两头", 到 for "到晚".
    ("天", UnitKind::Day, "猫气然地空津使才真下堂台窗两到"),
    ("日", UnitKind::Day, "期报志常本语历程用记元均韩系文间夜"),
    // `unit_ring`: "声铃响", "声铃", "声响" are longer rings, turned down here.
    (
        "声",
        UnitKind::Ring,
        "铃响音明誉称调望势乐援张带控波学母部令",
    ),
    ("周", UnitKind::Week, "年岁末边围期到全转一二三四五六日天"),
];

/// Reads `unit` at the start of `s`: the rule that matches and its length, or `None` when no
/// unit matches or the reader is not sure.
fn read_unit(s: &str) -> Option<(UnitKind, usize)> {
    let word = super::leading_word(s);
    if word.is_empty() {
        // Every Chinese unit starts with a three-byte character: its first two bytes turn
        // down most units before the whole is compared.
        let head = s.as_bytes().get(..2)?;
        let &(unit, kind, not_next) = CHINESE_UNITS
            .iter()
            .find(|(u, ..)| u.as_bytes()[..2] == *head && s.starts_with(u))?;
        let next = s[unit.len()..].chars().next();
        return (!next.is_some_and(|c| not_next.contains(c))).then_some((kind, unit.len()));
    }
    if word == "s" {
        return Some((UnitKind::Second, 1));
    }
    if let Some(&(_, kind)) = ENGLISH_UNITS
        .iter()
        .find(|(u, _)| word.eq_ignore_ascii_case(u))
    {
        return Some((kind, word.len()));
    }
    // `unit_bday` and `unit_bhour` with a space: "business days", "working hours".
    let business = ["business", "working"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w));
    if business || word.eq_ignore_ascii_case("office") {
        let (next, next_end) = word_after_ws(&s[word.len()..]);
        let end = word.len() + next_end;
        let is = |words: &[&str]| words.iter().any(|w| next.eq_ignore_ascii_case(w));
        if business && is(&["days", "day"]) {
            return Some((UnitKind::BusinessDay, end));
        }
        if is(&["hours", "hour", "hrs", "hr"]) {
            return Some((UnitKind::BusinessHour, end));
        }
    }
    None
}

/// Whether nothing continues a quantity whose lead ends before `rest`: `quantity` stops at the
/// end, before 内, or where neither `range_tail` nor a `compound_tail` part can match.
fn nothing_continues(rest: &str) -> bool {
    if rest.is_empty() || rest.starts_with('内') {
        return true;
    }
    let spaced = skip_ws(rest, 0);
    let after_ws = &rest[spaced..];
    // `range_tail`: `range_sep` (white space, a dash and white space; or " to ", " or ") and an
    // amount. A range separator the reader sees whole, followed by no amount, fails it.
    if let Some(dash) = RANGE_DASHES.iter().find(|d| after_ws.starts_with(**d)) {
        let amount_at = skip_ws(after_ws, dash.len());
        if may_start_amount(&after_ws[amount_at..]) {
            return false;
        }
    } else if spaced > 0 && ["to", "or"].iter().any(|w| starts_with_ci(after_ws, w)) {
        let amount_at = skip_ws(after_ws, 2);
        if amount_at > 2 && may_start_amount(&after_ws[amount_at..]) {
            return false;
        }
    }
    // `compound_tail`: `part_sep` (white space and maybe "and ") and a part with its amount.
    let mut part_at = after_ws;
    if starts_with_ci(part_at, "and") {
        let after_and = skip_ws(part_at, 3);
        if after_and > 3 {
            part_at = &part_at[after_and..];
        }
    }
    !may_start_amount(part_at)
}

/// The range dashes and words of `range_sep`.
const RANGE_DASHES: [&str; 10] = ["-", "－", "–", "—", "−", "~", "～", "〜", "至", "到"];

/// Whether an `amount` may match at the start of `s` (a superset of what it matches): a digit,
/// a Chinese numeral, a half, a placeholder sign, or an English word that is a number, "a",
/// "an", "half", "n" or one to four x.
fn may_start_amount(s: &str) -> bool {
    let Some(c) = s.chars().next() else {
        return false;
    };
    if c.is_ascii_alphabetic() {
        let word = super::leading_word(s);
        let all_x = word.len() <= 4 && word.bytes().all(|b| b == b'x' || b == b'X');
        return all_x
            || ["a", "an", "half", "n"]
                .iter()
                .any(|w| word.eq_ignore_ascii_case(w))
            || numeral::is_english_number_word(word);
    }
    c.is_ascii_digit()
        || super::is_fullwidth_digit(c)
        || numeral::is_zh_numeral(c)
        || matches!(
            c,
            '半' | '某' | '_' | '[' | '{' | '<' | '【' | '×' | 'ｘ' | 'Ｘ' | '○' | '□'
        )
}

/// Reads the optional `ws* ~ post_bound` after the quantity ending at `end`: `Some(None)` when
/// there is none, `None` when not sure.
fn read_post(slice: &str, end: usize) -> Option<Option<(Bound, Span)>> {
    let at = skip_ws(slice, end);
    let rest = &slice[at..];
    let span = |len: usize| Span::new(at, at + len);
    if rest.starts_with("以内") || rest.starts_with("之内") {
        return Some(Some((Bound::Within, span("以内".len()))));
    }
    if let Some(after) = rest.strip_prefix('内') {
        // `post_within`: 内 but not 内容, 内存 … (then no bound matches: none other starts so).
        let noun = after.starts_with(['容', '存', '涵', '幕', '衣', '裤', '科']);
        return Some((!noun).then_some((Bound::Within, span("内".len()))));
    }
    if rest.starts_with("以下") {
        return Some(Some((Bound::AtMost, span("以下".len()))));
    }
    // The English post bounds start "at", "or", "max" or "tops".
    let english = ["at", "or", "max", "tops"]
        .iter()
        .any(|w| starts_with_ci(rest, w));
    (!english).then_some(None)
}
