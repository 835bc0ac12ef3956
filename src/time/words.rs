//! The time vocabulary, one table per kind of word: the unit, bound, same-day and placeholder
//! words of `grammar/time.pest` (numerals are `crate::lexicon`'s). The grammar decides what an
//! expression is; these tables are what the candidate tests in `mod.rs` are computed from, so a
//! word added to the grammar and to its table here is looked for without another edit. Tests
//! check each table against the grammar's literals and that the scanner finds every word.

use super::Bound;
use super::unit::Pre;

/// The Chinese words of the grammar's `unit_*` rules.
pub(super) const ZH_UNITS: &[&str] = &[
    "秒钟",
    "秒",
    "分钟",
    "分",
    "刻钟",
    "个小时",
    "小时",
    "个钟头",
    "钟头",
    "个工作小时",
    "工作小时",
    "个自然日",
    "自然日",
    "天",
    "日",
    "个工作日",
    "工作日",
    "个星期",
    "星期",
    "个礼拜",
    "礼拜",
    "周",
    "个月",
    "月",
    "声铃响",
    "声铃",
    "声响",
    "声",
    "响",
    "下",
    "时间",
    "时长",
];

/// First characters of [`ZH_UNITS`] that do not make a number a candidate by themselves: 个 (its
/// next character decides, see [`after_ge`]), 下 (rings only near 铃/响), 月 (months only after
/// a half: "3月" is March) and 时 (时间/时长 only after a placeholder).
pub(super) const ZH_UNITS_NOT_AFTER_NUMBER: [char; 4] = ['个', '下', '月', '时'];

/// The first word of each English unit of the grammar's `unit_*` rules, lower-case. The one-letter
/// ones, "s" (straight after digits only) and "h", the candidate test treats by themselves.
pub(super) const EN_UNITS: &[&str] = &[
    "seconds",
    "second",
    "secs",
    "sec",
    "s",
    "minutes",
    "minute",
    "mins",
    "min",
    "hours",
    "hour",
    "hrs",
    "hr",
    "h",
    "business",
    "working",
    "office",
    "calendar",
    "days",
    "day",
    "weeks",
    "week",
    "wks",
    "wk",
    "fortnights",
    "fortnight",
    "months",
    "month",
    "rings",
    "ring",
];

/// The English bounds of the grammar's `pre_*` rules, lower-case, one space between words.
pub(super) const EN_BOUNDS: &[&str] = &[
    // pre_lower
    "no less than",
    "not less than",
    "no fewer than",
    "no shorter than",
    "at least",
    "more than",
    "longer than",
    "over",
    // pre_within
    "within",
    "within the next",
    "within the first",
    "in under",
    "no later than",
    "not later than",
    // pre_at_most
    "at most",
    "in at most",
    "no more than",
    "not more than",
    "no longer than",
    "not exceeding",
    "not to exceed",
    "up to",
    "a maximum of",
    "maximum",
    "max",
    // pre_less
    "less than",
    "fewer than",
    "shorter than",
    "in less than",
    "under",
    // pre_by
    "by",
    "before",
    "until",
    "till",
];

/// The bound words and signs of the grammar that do not start with a letter, with the bound each
/// gives, in the order the grammar tries them (`pre_bound`'s rules in turn, each rule's
/// alternatives in turn).
pub(super) const SIGN_BOUNDS: &[(&str, Pre)] = &[
    // pre_zai
    ("在", Pre::Zai),
    ("于", Pre::Zai),
    // pre_within
    ("不晚于", Pre::Bound(Bound::Within)),
    ("不迟于", Pre::Bound(Bound::Within)),
    ("最迟", Pre::Bound(Bound::Within)),
    ("最晚", Pre::Bound(Bound::Within)),
    // pre_at_most
    ("<=", Pre::Bound(Bound::AtMost)),
    ("≤", Pre::Bound(Bound::AtMost)),
    ("≦", Pre::Bound(Bound::AtMost)),
    ("＜＝", Pre::Bound(Bound::AtMost)),
    ("不得超过", Pre::Bound(Bound::AtMost)),
    ("不能超过", Pre::Bound(Bound::AtMost)),
    ("不应超过", Pre::Bound(Bound::AtMost)),
    ("不可超过", Pre::Bound(Bound::AtMost)),
    ("不宜超过", Pre::Bound(Bound::AtMost)),
    ("不要超过", Pre::Bound(Bound::AtMost)),
    ("不超过", Pre::Bound(Bound::AtMost)),
    ("不超出", Pre::Bound(Bound::AtMost)),
    ("不多于", Pre::Bound(Bound::AtMost)),
    ("不长于", Pre::Bound(Bound::AtMost)),
    ("最多", Pre::Bound(Bound::AtMost)),
    ("最长", Pre::Bound(Bound::AtMost)),
    ("至多", Pre::Bound(Bound::AtMost)),
    // pre_less
    ("<", Pre::Bound(Bound::LessThan)),
    ("＜", Pre::Bound(Bound::LessThan)),
    ("少于", Pre::Bound(Bound::LessThan)),
    ("小于", Pre::Bound(Bound::LessThan)),
    ("低于", Pre::Bound(Bound::LessThan)),
    ("短于", Pre::Bound(Bound::LessThan)),
    ("不到", Pre::Bound(Bound::LessThan)),
    ("不足", Pre::Bound(Bound::LessThan)),
    // pre_lower
    ("不少于", Pre::Lower),
    ("不低于", Pre::Lower),
    ("不小于", Pre::Lower),
    ("不短于", Pre::Lower),
    ("至少", Pre::Lower),
    ("超过", Pre::Lower),
    ("超出", Pre::Lower),
    ("多于", Pre::Lower),
    ("大于", Pre::Lower),
    ("长于", Pre::Lower),
    (">=", Pre::Lower),
    ("≥", Pre::Lower),
    ("≧", Pre::Lower),
    (">", Pre::Lower),
    ("＞", Pre::Lower),
];

/// The Chinese same-day and next-day words of the grammar's `sd_*` rules.
pub(super) const ZH_SAME_DAY: &[&str] = &[
    "当个工作日",
    "下一个工作日",
    "下个工作日",
    "下一工作日",
    "次个工作日",
    "次一工作日",
    "次工作日",
    "当天",
    "当日",
    "次日",
    "第二天",
    "第2天",
    "第二日",
    "隔天",
    "隔日",
    "翌日",
];

/// The English same-day words of the grammar's `sd_*` rules, lower-case, as a test writes them.
#[cfg(test)]
pub(super) const EN_SAME_DAY: &[&str] = &[
    "same business day",
    "same working day",
    "next business day",
    "next working day",
    "same day",
    "next day",
    "end of day",
    "end of the business day",
    "close of business",
    "eod",
    "cob",
];

/// The characters a placeholder number or duration starts with (`placeholder_number`,
/// `placeholder_time`): "xx", "×××", "___", "某", "○○", "N", "[NUMBER]", "【时间】", "{n}", "<N>".
pub(super) const PLACEHOLDER_STARTS: [char; 15] = [
    'x', 'X', '×', 'ｘ', 'Ｘ', '_', '[', '【', '{', '<', '某', '○', '□', 'N', 'n',
];

/// The characters a range separator is (`range_sep`, but for " to " and " or ").
pub(super) const RANGE_SEPARATORS: [char; 10] =
    ['-', '－', '–', '—', '−', '~', '～', '〜', '至', '到'];

/// The first character of a non-empty string, in a const context.
const fn first_char(s: &str) -> char {
    let b = s.as_bytes();
    let code = match b[0] {
        0x00..=0x7F => b[0] as u32,
        0xC0..=0xDF => ((b[0] as u32 & 0x1F) << 6) | (b[1] as u32 & 0x3F),
        0xE0..=0xEF => {
            ((b[0] as u32 & 0x0F) << 12) | ((b[1] as u32 & 0x3F) << 6) | (b[2] as u32 & 0x3F)
        }
        _ => {
            ((b[0] as u32 & 0x07) << 18)
                | ((b[1] as u32 & 0x3F) << 12)
                | ((b[2] as u32 & 0x3F) << 6)
                | (b[3] as u32 & 0x3F)
        }
    };
    match char::from_u32(code) {
        Some(c) => c,
        None => '\u{FFFD}',
    }
}

/// The first character of every [`ZH_UNITS`] word, in order.
pub(super) const ZH_UNIT_FIRSTS: [char; ZH_UNITS.len()] = {
    let mut out = ['\0'; ZH_UNITS.len()];
    let mut k = 0;
    while k < ZH_UNITS.len() {
        out[k] = first_char(ZH_UNITS[k]);
        k += 1;
    }
    out
};

/// The second character of every [`ZH_UNITS`] word that starts with 个 (`'\0'` for the others).
const GE_SECONDS: [char; ZH_UNITS.len()] = {
    let mut out = ['\0'; ZH_UNITS.len()];
    let mut k = 0;
    while k < ZH_UNITS.len() {
        let word = ZH_UNITS[k];
        if first_char(word) == '个' {
            let (_, rest) = word.as_bytes().split_at('个'.len_utf8());
            if let Ok(rest) = std::str::from_utf8(rest) {
                out[k] = first_char(rest);
            }
        }
        k += 1;
    }
    out
};

/// The first character of every [`ZH_SAME_DAY`] word.
const SAME_DAY_FIRSTS: [char; ZH_SAME_DAY.len()] = {
    let mut out = ['\0'; ZH_SAME_DAY.len()];
    let mut k = 0;
    while k < ZH_SAME_DAY.len() {
        out[k] = first_char(ZH_SAME_DAY[k]);
        k += 1;
    }
    out
};

/// The first characters of the same-day words and the placeholders, for the anchor bit table
/// (the ASCII ones it skips).
pub(super) const NON_ASCII_FIRSTS: [char; ZH_SAME_DAY.len() + PLACEHOLDER_STARTS.len()] = {
    let mut out = ['\0'; ZH_SAME_DAY.len() + PLACEHOLDER_STARTS.len()];
    let mut k = 0;
    while k < ZH_SAME_DAY.len() {
        out[k] = SAME_DAY_FIRSTS[k];
        k += 1;
    }
    while k < out.len() {
        out[k] = PLACEHOLDER_STARTS[k - ZH_SAME_DAY.len()];
        k += 1;
    }
    out
};

const fn holds(chars: &[char], c: char) -> bool {
    let mut k = 0;
    while k < chars.len() {
        if chars[k] == c {
            return true;
        }
        k += 1;
    }
    false
}

/// Whether a Chinese unit starts with `c`.
pub(super) const fn starts_zh_unit(c: char) -> bool {
    holds(&ZH_UNIT_FIRSTS, c)
}

/// Whether `c`, right after a number, may start its unit: a [`ZH_UNITS`] first character but
/// those of [`ZH_UNITS_NOT_AFTER_NUMBER`].
pub(super) const fn starts_zh_unit_after_number(c: char) -> bool {
    starts_zh_unit(c) && !holds(&ZH_UNITS_NOT_AFTER_NUMBER, c)
}

/// Whether `c`, after a number and 个, may continue it: the second character of a unit that
/// starts with 个, or the 半 of "一个半小时" (`plus_half`).
pub(super) const fn after_ge(c: char) -> bool {
    c == '半' || (c != '\0' && holds(&GE_SECONDS, c))
}

/// Whether a Chinese same-day word starts with `c`.
pub(super) const fn starts_zh_same_day(c: char) -> bool {
    holds(&SAME_DAY_FIRSTS, c)
}

/// Whether `s` starts with a Chinese same-day word.
pub(super) fn starts_with_zh_same_day(s: &str) -> bool {
    ZH_SAME_DAY.iter().any(|w| s.starts_with(w))
}

/// Whether `c` starts a placeholder.
#[cfg(test)]
pub(super) const fn starts_placeholder_char(c: char) -> bool {
    holds(&PLACEHOLDER_STARTS, c)
}

/// Whether `c` is a range separator.
pub(super) const fn is_range_separator(c: char) -> bool {
    holds(&RANGE_SEPARATORS, c)
}

/// The English unit words of two letters or more that no shorter one starts: a word starting
/// with one of them may be a unit ("sec" for seconds, secs, second), by first letter.
pub(super) static EN_UNIT_STEMS: std::sync::LazyLock<[Vec<&'static str>; 26]> =
    std::sync::LazyLock::new(|| {
        let long: Vec<&str> = EN_UNITS.iter().copied().filter(|u| u.len() > 1).collect();
        let mut stems: [Vec<&'static str>; 26] = Default::default();
        for &u in &long {
            if !long.iter().any(|o| o.len() < u.len() && u.starts_with(o)) {
                stems[usize::from(u.as_bytes()[0] - b'a')].push(u);
            }
        }
        stems
    });

/// The first words of [`EN_BOUNDS`], by length (index 0 unused).
pub(super) static EN_BOUND_FIRST_WORDS: std::sync::LazyLock<Vec<Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        let mut by_len: Vec<Vec<&'static str>> = Vec::new();
        for bound in EN_BOUNDS {
            let first = bound.split(' ').next().unwrap_or(bound);
            if by_len.len() <= first.len() {
                by_len.resize(first.len() + 1, Vec::new());
            }
            if !by_len[first.len()].contains(&first) {
                by_len[first.len()].push(first);
            }
        }
        by_len
    });

/// What a scan of `text` finds, as the texts of its expressions (for the tests of every table).
#[cfg(test)]
pub(super) fn found(text: &str) -> Vec<String> {
    super::scan(text)
        .iter()
        .map(|e| e.span.text(text).to_string())
        .collect()
}
