//! The word tables of `words.rs` against the grammar, every word found by the scanner, and the
//! grammar run without the fast path's candidate tests: the expressions `scan` finds are those
//! the grammar finds trying every position a word or number may start at.

use super::words::*;
use super::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// The body of a rule of `grammar/time.pest`, up to the blank line after it.
fn rule_body(name: &str) -> &'static str {
    let grammar = include_str!("../../grammar/time.pest");
    let start = grammar
        .find(&format!("\n{name} = "))
        .unwrap_or_else(|| panic!("no rule {name}"));
    let body = &grammar[start + 1..];
    &body[..body.find("\n\n").unwrap_or(body.len())]
}

/// The quoted literals of a rule body outside its negative look-aheads (`!("容" | …)`, `!"应"`),
/// each with whether it is case-insensitive (`^"…"`).
fn literals(body: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    let mut depth_not: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut caret = false;
    while let Some((_, c)) = chars.next() {
        match c {
            '!' if chars.peek().map(|&(_, n)| n) == Some('(') => {
                chars.next();
                depth += 1;
                depth_not.push(depth);
            }
            '!' if chars.peek().map(|&(_, n)| n) == Some('"') => {
                // One negated literal: skip it.
                chars.next();
                for (_, n) in chars.by_ref() {
                    if n == '"' {
                        break;
                    }
                }
            }
            '(' => depth += 1,
            ')' => {
                if depth_not.last() == Some(&depth) {
                    depth_not.pop();
                }
                depth = depth.saturating_sub(1);
            }
            '^' => {
                caret = true;
                continue;
            }
            '"' => {
                let mut lit = String::new();
                for (_, n) in chars.by_ref() {
                    if n == '"' {
                        break;
                    }
                    lit.push(n);
                }
                if depth_not.is_empty() {
                    out.push((lit, caret));
                }
            }
            '\'' => {
                // A character range such as '０'..'９': not a word.
                for (_, n) in chars.by_ref() {
                    if n == '\'' {
                        break;
                    }
                }
            }
            _ => {}
        }
        caret = false;
    }
    out
}

/// The Chinese literals and the English words of some rules.
fn words_of(rules: &[&str]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut zh = BTreeSet::new();
    let mut en = BTreeSet::new();
    for rule in rules {
        for (lit, _) in literals(rule_body(rule)) {
            if lit.chars().any(crate::lang::is_cjk) {
                zh.insert(lit);
            } else if lit.chars().all(|c| c.is_ascii_alphabetic()) && !lit.is_empty() {
                en.insert(lit.to_ascii_lowercase());
            }
        }
    }
    (zh, en)
}

const UNIT_RULES: [&str; 15] = [
    "unit_second",
    "unit_minute",
    "unit_minute_bare",
    "unit_quarter",
    "unit_hour",
    "unit_bhour",
    "unit_day",
    "unit_bday",
    "unit_week",
    "unit_fortnight",
    "unit_month",
    "unit_month_bare",
    "unit_ring",
    "unit_ring_xia",
    "unit_generic",
];

#[test]
fn the_unit_tables_are_the_grammars_units() {
    // Every unit rule `unit` tries is read here.
    let unit = rule_body("unit");
    for rule in UNIT_RULES {
        assert!(unit.contains(rule), "{rule}");
    }
    assert_eq!(
        unit.matches("unit_").count(),
        UNIT_RULES.len(),
        "a unit rule is missing from UNIT_RULES"
    );
    let (zh, en) = words_of(&UNIT_RULES);
    let table: BTreeSet<String> = ZH_UNITS.iter().map(|s| s.to_string()).collect();
    assert_eq!(zh, table, "ZH_UNITS and the grammar's Chinese units differ");
    let table: BTreeSet<String> = EN_UNITS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        en, table,
        "EN_UNITS and the grammar's English unit words differ"
    );
}

#[test]
fn a_fortnight_is_two_weeks() {
    for (text, seconds, bound) in [
        (
            "We reply within a fortnight.",
            1_209_600.0,
            Some(Bound::Within),
        ),
        (
            "Refunds take up to 2 fortnights.",
            2_419_200.0,
            Some(Bound::AtMost),
        ),
        (
            "Allow one fortnight or less.",
            1_209_600.0,
            Some(Bound::AtMost),
        ),
    ] {
        let exprs = scan(text);
        assert_eq!(exprs.len(), 1, "{text}");
        assert_eq!(
            (exprs[0].high, exprs[0].bound),
            (Some(seconds), bound),
            "{text}"
        );
    }
    // A word that starts like it is none.
    assert!(scan("Our fortnightly newsletter.").is_empty());
}

#[test]
fn the_same_day_tables_are_the_grammars_words() {
    let rules = [
        "sd_same_bday",
        "sd_next_bday",
        "sd_same",
        "sd_next",
        "sd_eod",
    ];
    let (zh, en) = words_of(&rules);
    let table: BTreeSet<String> = ZH_SAME_DAY.iter().map(|s| s.to_string()).collect();
    assert_eq!(zh, table);
    let table: BTreeSet<String> = EN_SAME_DAY
        .iter()
        .flat_map(|s| s.split(' '))
        .map(str::to_string)
        .collect();
    assert_eq!(en, table);
}

#[test]
fn the_english_bounds_are_the_grammars_words() {
    let rules = [
        "pre_lower",
        "pre_within",
        "pre_at_most",
        "pre_less",
        "pre_by",
    ];
    let (_, en) = words_of(&rules);
    let table: BTreeSet<String> = EN_BOUNDS
        .iter()
        .flat_map(|s| s.split(' '))
        .map(str::to_string)
        .collect();
    assert_eq!(en, table);
}

#[test]
fn the_placeholder_starts_are_the_grammars() {
    let mut firsts = BTreeSet::new();
    for rule in ["placeholder_number", "placeholder_time"] {
        for alternative in rule_body(rule).split("\n  | ") {
            let alternative = alternative.rsplit("@{").next().unwrap_or(alternative);
            let lits = literals(alternative);
            // The literals an alternative may start with: the first, or the first group's.
            let group = alternative.trim_start().starts_with('(');
            let take = if group {
                alternative[..alternative.find(')').unwrap()]
                    .matches('"')
                    .count()
                    / 2
            } else {
                1
            };
            for (lit, _) in lits.iter().take(take) {
                firsts.insert(lit.chars().next().unwrap());
            }
        }
    }
    let table: BTreeSet<char> = PLACEHOLDER_STARTS.iter().copied().collect();
    assert_eq!(firsts, table);
}

/// Whether scanning `text` finds an expression that holds `word`.
fn finds(text: &str, word: &str) -> bool {
    found(text)
        .iter()
        .any(|e| e.to_lowercase().contains(&word.to_lowercase()))
}

#[test]
fn the_scanner_finds_every_unit() {
    for unit in ZH_UNITS {
        let text = match *unit {
            // Months bare only after a half; 下 only next to a ring word; 时间 only after a
            // placeholder; the ring words need a phone nearby.
            "月" => "在半月内办结。".to_string(),
            "下" => "电话铃响三下内接听。".to_string(),
            "时间" | "时长" => format!("请在xx{unit}内回复。"),
            "声" | "响" | "声铃" | "声响" | "声铃响" => format!("电话铃响3{unit}内接听。"),
            _ => format!("请在3{unit}内回复。"),
        };
        assert!(finds(&text, unit), "{unit}: {text} → {:?}", found(&text));
    }
    for unit in EN_UNITS {
        let text = match *unit {
            "s" => "Answer within 10s.".to_string(),
            "business" | "working" | "office" => format!("Reply within 3 {unit} hours."),
            "calendar" => "Reply within 3 calendar days.".to_string(),
            _ => format!("Reply within 3 {unit}."),
        };
        assert!(finds(&text, unit), "{unit}: {text} → {:?}", found(&text));
    }
}

#[test]
fn the_scanner_finds_every_bound_and_same_day_word() {
    // `(^"no" | ^"not") ~ ws+` never reads "not …": the choice keeps "no" and does not come back
    // for "not" (a PEG choice commits). These are read as the shorter bound inside them ("less
    // than", "more than": a lower bound) or as none; left as they are (behaviour unchanged) and
    // listed so that a fix of the grammar shows here.
    const SHADOWED: [&str; 3] = ["not less than", "not later than", "not more than"];
    for bound in SHADOWED {
        let text = format!("Reply {bound} 3 hours.");
        assert!(
            !scan(&text)
                .iter()
                .any(|e| e.span.text(&text).to_lowercase().starts_with(bound)),
            "{bound} is read now: take it out of SHADOWED"
        );
    }
    for bound in EN_BOUNDS.iter().filter(|b| !SHADOWED.contains(b)) {
        let text = match *bound {
            "by" | "before" | "until" | "till" => format!("Reply {bound} the next business day."),
            _ => format!("Reply {bound} 3 hours."),
        };
        let exprs = scan(&text);
        assert_eq!(exprs.len(), 1, "{text}");
        // A lower bound is kept out of the span; every other bound is in it.
        let lower = [
            "no less than",
            "not less than",
            "no fewer than",
            "no shorter than",
            "at least",
            "more than",
            "longer than",
            "over",
        ];
        let span = exprs[0].span.text(&text).to_lowercase();
        if lower.contains(bound) {
            assert!(exprs[0].bound.is_none(), "{text}");
        } else {
            assert!(span.starts_with(bound), "{text} → {span}");
        }
    }
    for (bound, pre) in SIGN_BOUNDS {
        let text = match pre {
            unit::Pre::Zai => format!("请{bound}3小时内回复。"),
            _ => format!("回复时间{bound}3小时。"),
        };
        let exprs = scan(&text);
        assert_eq!(exprs.len(), 1, "{text}");
        match pre {
            unit::Pre::Lower => assert!(exprs[0].bound.is_none(), "{text}"),
            _ => assert!(exprs[0].span.text(&text).starts_with(bound), "{text}"),
        }
    }
    for word in ZH_SAME_DAY {
        let text = format!("订单{word}发货。");
        assert!(finds(&text, word), "{text} → {:?}", found(&text));
    }
    for word in EN_SAME_DAY {
        let text = format!("We ship by {word}.");
        assert!(finds(&text, word), "{text} → {:?}", found(&text));
    }
    for start in PLACEHOLDER_STARTS {
        let text = match start {
            '_' => "请在__分钟内回复。".to_string(),
            '[' => "Reply within [N] hours.".to_string(),
            '【' => "请在【时间】内回复。".to_string(),
            '{' => "请在{n}分钟内回复。".to_string(),
            '<' => "Reply within <N> hours.".to_string(),
            'x' | 'X' | 'N' | 'n' => format!("Reply within {start} hours."),
            _ => format!("请在{start}{start}分钟内回复。"),
        };
        let exprs = scan(&text);
        assert!(
            exprs.len() == 1 && exprs[0].placeholder,
            "{text} → {:?}",
            found(&text)
        );
    }
}

/// Whether an expression may start at `i` as far as its neighbours go: not inside a run of
/// digits, numerals, letters or placeholder characters (what the scanner reads as one number or
/// word), and a bracket not inside `{{`. No first-set or follow test of the fast path.
fn may_start_at(text: &str, i: usize) -> bool {
    let Some(c) = text[i..].chars().next() else {
        return false;
    };
    let prev = text[..i].chars().next_back();
    match c {
        '0'..='9' => !prev.is_some_and(|p| p.is_ascii_digit() || p == '.'),
        '０'..='９' => !prev.is_some_and(|p| is_fullwidth_digit(p) || p == '．'),
        // Not "the": an expression starts at its same-day word; the grammar's optional "the"
        // is for a bound in front ("by the next business day").
        'a'..='z' | 'A'..='Z' => {
            !prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && !leading_word(&text[i..]).eq_ignore_ascii_case("the")
        }
        '×' | 'ｘ' | 'Ｘ' => !prev.is_some_and(|p| p == c || p.is_ascii_alphanumeric()),
        '_' | '某' | '○' | '□' => prev != Some(c),
        // The grammar reads 半 before an English unit ("半 seconds"), which no one writes; the
        // scanner looks at 半 only before a Chinese character.
        '半' => text[i + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(|n| !n.is_ascii() && n != '\u{3000}' && n != '\u{A0}'),
        '[' | '【' | '<' | '{' => prev != Some('{'),
        _ if crate::lexicon::is_zh_numeral(c) => !prev.is_some_and(crate::lexicon::is_zh_numeral),
        _ => !c.is_ascii() || c.is_ascii_graphic(),
    }
}

/// The grammar alone at every position [`may_start_at`] allows: a bound tried at every word or
/// character start in the look-back before it, then the plain rule, as `expr_at` orders them.
fn scan_unfiltered(text: &str) -> Vec<TimeExpr> {
    let mut found = Vec::new();
    let mut last_end = 0;
    for (p, _) in text.char_indices() {
        if p < last_end || !may_start_at(text, p) {
            continue;
        }
        let mut k = p.saturating_sub(LOOKBACK).max(last_end);
        while !text.is_char_boundary(k) {
            k += 1;
        }
        let mut hit = None;
        // Bounds: signs and Chinese bounds first (they end before the letters and spaces), then
        // words, each from the left, as `expr_at` tries them.
        let starts: Vec<usize> = (k..p).filter(|&s| text.is_char_boundary(s)).collect();
        let is_word_start = |s: usize| {
            text.as_bytes()[s].is_ascii_alphabetic()
                && (s == 0 || !text.as_bytes()[s - 1].is_ascii_alphanumeric())
        };
        let signs = starts
            .iter()
            .filter(|&&s| !text.as_bytes()[s].is_ascii_alphabetic());
        let words = starts.iter().filter(|&&s| is_word_start(s));
        for &s in signs.chain(words) {
            if let Attempt::Built(expr) =
                parse_and_build(text, s, Rule::bounded_expr, Reader::Grammar)
                && expr.number_span.start == p
            {
                hit = Some(expr);
                break;
            }
        }
        if hit.is_none()
            && let Attempt::Built(expr) =
                parse_and_build(text, p, Rule::plain_expr, Reader::Grammar)
        {
            hit = Some(expr);
        }
        if let Some(expr) = hit {
            last_end = expr.span.end;
            found.push(expr);
        }
    }
    found
}

/// Pieces of Chinese sentences: the tables' words, numbers and near misses (no ASCII hyphen:
/// the grammar's "24-hour" joiner would read "3-秒钟", which the scanner takes for a range).
fn zh_pieces() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(ZH_UNITS.iter().map(|s| s.to_string()));
    out.extend(SIGN_BOUNDS.iter().map(|(s, _)| s.to_string()));
    out.extend(ZH_SAME_DAY.iter().map(|s| s.to_string()));
    out.extend(PLACEHOLDER_STARTS.iter().map(|c| c.to_string()));
    out.extend(
        [
            "3",
            "24",
            "1.5",
            "１０",
            "三",
            "两",
            "十五",
            "半",
            "个",
            "内",
            "以内",
            "，",
            "。",
            "请",
            "回复",
            "铃响",
            "电话",
            "～",
            "至",
            "xx",
            "【时间】",
            "{n}",
            "：",
            "\n",
        ]
        .map(str::to_string),
    );
    out
}

/// Pieces of English sentences.
fn en_pieces() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(EN_UNITS.iter().map(|s| format!(" {s}")));
    out.extend(EN_BOUNDS.iter().map(|s| format!("{s} ")));
    out.extend(EN_SAME_DAY.iter().map(|s| format!(" {s}")));
    out.extend(
        PLACEHOLDER_STARTS
            .iter()
            .filter(|c| c.is_ascii())
            .map(|c| c.to_string()),
    );
    out.extend(
        [
            "3", "24", "1.5", " ", ", ", ". ", " and ", " to ", "-", "the ", "a ", "an ", "half ",
            "twenty", "five", "xx", "N", "[TIME]", "{n}", "\n", "reply ",
        ]
        .map(str::to_string),
    );
    out
}

fn sentence(pieces: Vec<String>) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(pieces), 1..10).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, failure_persistence: None, ..ProptestConfig::default() })]

    /// The fast path's candidate tests turn down no position where the grammar finds an
    /// expression, and add none (in sentences of one language).
    #[test]
    fn scan_finds_what_the_grammar_finds_everywhere(
        text in prop_oneof![sentence(zh_pieces()), sentence(en_pieces())]
    ) {
        prop_assert_eq!(scan(&text), scan_unfiltered(&text), "{:?}", text);
    }
}
