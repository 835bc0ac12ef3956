//! The quick reader of `quick.rs` against the grammar: `scan` must find exactly what
//! `scan_with_grammar` finds, on random glued fragments and on lines like those of real scripts.

use proptest::prelude::*;

use super::grammar::{Rule, TimeParser};
use super::quick::{self, Quick};
use super::{scan, scan_with_grammar};
use pest::Parser;

/// Pieces of time expressions and of what stands around them: numbers of every kind, units,
/// bounds, range signs, white space, punctuation, and the characters the grammar's look-aheads
/// turn down after a unit or 内.
const FRAGMENTS: &[&str] = &[
    // Numbers.
    "1",
    "3",
    "24",
    "10",
    "48",
    "0",
    "2.5",
    "3.",
    ".5",
    "1234567",
    "１０",
    "３",
    "．",
    "一",
    "二",
    "两",
    "三",
    "十",
    "十二",
    "百",
    "半",
    "个",
    "个半",
    "零",
    // Chinese units.
    "分钟",
    "小时",
    "个小时",
    "钟头",
    "个钟头",
    "工作日",
    "个工作日",
    "工作小时",
    "个工作小时",
    "天",
    "日",
    "秒",
    "秒钟",
    "周",
    "星期",
    "个星期",
    "个月",
    "月",
    "声",
    "声铃",
    "声响",
    "响",
    "下",
    "分",
    "刻钟",
    "时间",
    "自然日",
    "个自然日",
    // English units.
    "h",
    "H",
    "s",
    "S",
    "min",
    "mins",
    "minute",
    "minutes",
    "Minutes",
    "hour",
    "hours",
    "HOURS",
    "hr",
    "hrs",
    "sec",
    "secs",
    "second",
    "seconds",
    "day",
    "days",
    "week",
    "weeks",
    "wk",
    "wks",
    "month",
    "months",
    "ring",
    "rings",
    "business",
    "working",
    "office",
    "calendar",
    "business days",
    "working days",
    "business hours",
    "office hours",
    "business day",
    "calendar days",
    "hourly",
    "dayz",
    // Bounds.
    "内",
    "以内",
    "之内",
    "以下",
    "左右",
    "以上",
    "不超过",
    "超过",
    "最多",
    "至少",
    "不到",
    "少于",
    "在",
    "于",
    "不晚于",
    "<",
    "<=",
    "＜",
    "＜＝",
    ">",
    ">=",
    "≤",
    "within",
    "Within",
    "up to",
    "at most",
    "at least",
    "no more than",
    "not more than",
    "no later than",
    "under",
    "in",
    "in under",
    "in less than",
    "less than",
    "more than",
    "max",
    "max.",
    "maximum",
    "tops",
    "or less",
    "at the latest",
    "or sooner",
    "by",
    "before",
    "within the next",
    "the",
    // Ranges, compounds and halves.
    "-",
    "~",
    "～",
    "〜",
    "–",
    "到",
    "至",
    " to ",
    " or ",
    "and",
    " and ",
    "and a half",
    " a ",
    "half",
    "an",
    // White space and punctuation.
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\u{3000}",
    "\u{A0}",
    "。",
    "，",
    ".",
    ",",
    "|",
    ";",
    ":",
    "：",
    "(",
    ")",
    "/",
    "\n",
    "\r\n",
    // Chinese and English filler.
    "请",
    "回复",
    "响应",
    "内容",
    "天气",
    "日期",
    "声音",
    "周末",
    "铃",
    "电话",
    "两头",
    "到晚",
    "the",
    "next",
    "customer",
    "reply",
    "a",
    "x",
    "xx",
    "N",
    "twenty",
    "four",
    "five",
    "ten",
    "ago",
    "later",
    "andy",
    "today",
    "order",
    // Placeholders and same-day words.
    "[TIME]",
    "{n}",
    "【时间】",
    "___",
    "某",
    "当天",
    "次日",
    "same day",
    "end of day",
];

/// The characters the look-aheads of `unit_*`, `post_within` and `half_suffix` test for.
const LOOKAHEAD_CHARS: &str = "天日一二三四五六猫气然地空津使才真下堂台窗两到期报志常本语历程用记元均韩系文间夜铃响音明誉称调望势乐援张带控波学母部令年岁末边围全转容存涵幕衣裤科应价个夜场路身数";

/// A random piece: mostly a fragment, sometimes one look-ahead character.
fn piece() -> impl Strategy<Value = String> {
    let lookahead: Vec<char> = LOOKAHEAD_CHARS.chars().collect();
    prop_oneof![
        6 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => proptest::sample::select(lookahead).prop_map(String::from),
    ]
}

/// Up to a dozen pieces glued together.
fn glued() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 1..12).prop_map(|pieces| pieces.concat())
}

/// Bounds in front of a number, as the grammar has them and near misses.
const PRE: &[&str] = &[
    "",
    "",
    "",
    "在",
    "于",
    "不超过",
    "超过",
    "不得超过",
    "最多",
    "至少",
    "不到",
    "少于",
    "不晚于",
    "最迟",
    "<",
    "<=",
    "＜",
    "＜＝",
    ">",
    ">=",
    "≥",
    "≤",
    "within ",
    "Within ",
    "WITHIN ",
    "within the next ",
    "within the first ",
    "within",
    "in under ",
    "in at most ",
    "in a maximum of ",
    "a maximum of ",
    "maximum ",
    "max. ",
    "max ",
    "no later than ",
    "not later than ",
    "at most ",
    "at  most ",
    "no more than ",
    "not more than ",
    "no longer than ",
    "not exceeding ",
    "not to exceed ",
    "up to ",
    "up  to ",
    "less than ",
    "fewer than ",
    "shorter than ",
    "in less than ",
    "under ",
    "at least ",
    "no less than ",
    "not less than ",
    "more than ",
    "longer than ",
    "over ",
    "by ",
    "before ",
    "until ",
    "in ",
    "in the ",
    "in an ",
    "in any ",
    "in customers ",
    "at ",
    "up ",
    "less ",
    "more ",
    "no more ",
    "withinx ",
    "under\u{3000}",
    "within\t",
];

/// Numbers: ASCII digits most often, and every other kind of amount.
const NUMBER: &[&str] = &[
    "1",
    "2",
    "3",
    "5",
    "10",
    "24",
    "30",
    "48",
    "0",
    "2.5",
    "1.25",
    "3.",
    "1234567",
    "123456",
    "１０",
    "３",
    "１．５",
    "一",
    "两",
    "三",
    "十",
    "十二",
    "两三",
    "半",
    "一个半",
    "five",
    "twenty-four",
    "a",
    "an",
    "half",
    "half an",
    "xx",
    "N",
    "[NUMBER]",
    "{n}",
    "某",
    "___",
];

/// Between a number and its unit.
const JOINER: &[&str] = &[
    "",
    "",
    "",
    " ",
    " ",
    "  ",
    "-",
    " - ",
    "\u{3000}",
    "\t",
    "\u{A0}",
    " and a half ",
    "个半",
];

/// Units, and words that are nearly units.
const UNIT: &[&str] = &[
    "小时",
    "个小时",
    "钟头",
    "分钟",
    "秒",
    "秒钟",
    "个工作日",
    "工作日",
    "个工作小时",
    "天",
    "日",
    "周",
    "个月",
    "声",
    "声铃",
    "声响",
    "响",
    "下",
    "分",
    "月",
    "刻钟",
    "时间",
    "星期",
    "自然日",
    "h",
    "H",
    "s",
    "S",
    "hours",
    "Hours",
    "hour",
    "hrs",
    "hr",
    "min",
    "mins",
    "minute",
    "minutes",
    "sec",
    "secs",
    "second",
    "seconds",
    "day",
    "days",
    "week",
    "weeks",
    "wk",
    "wks",
    "month",
    "months",
    "ring",
    "rings",
    "business days",
    "business day",
    "working days",
    "Business  Days",
    "business-days",
    "business hours",
    "working hours",
    "office hours",
    "office days",
    "calendar days",
    "hourly",
    "dayz",
    "business",
    "minutesx",
    "",
];

/// What may follow a unit: a half, a second number, a bound, a rate, or plain text.
const TAIL: &[&str] = &[
    "",
    "",
    "",
    "",
    "半",
    " and a half",
    " and a halfx",
    "-5分钟",
    "-5",
    "~10 minutes",
    "～3天",
    "到3天",
    "到账",
    "至2小时",
    " to 4 hours",
    " to four hours",
    " to respond",
    " or 5 days",
    " or less",
    " or fewer",
    " or sooner",
    " and 30 minutes",
    "30分钟",
    " 30 min",
    " and give",
    " and a",
    " and an hour",
    " and then",
    " a day",
    " an hour",
    " per day",
    "/天",
    "/week",
    " twenty",
    " xx",
    " N",
    " n/a",
    "内",
    "以内",
    " 以内",
    "之内",
    "以下",
    "内容",
    "内存",
    "内科",
    " at the latest",
    " at latest",
    " at the most",
    " at most",
    " max",
    " max.",
    " maximum",
    " tops",
    " late",
    " later",
    "左右",
    "以上",
    "气",
    "期",
    "音",
    "末",
    "两头",
    "到晚",
    "铃响",
    "应",
    "。",
    "，",
    ".",
    " |",
    ";",
    "\n",
];

/// An expression-like piece: bound, number, joiner, unit and tail, each maybe a near miss, and
/// maybe a character a look-ahead tests for.
fn expression() -> impl Strategy<Value = String> {
    let lookahead: Vec<String> = LOOKAHEAD_CHARS.chars().map(String::from).collect();
    (
        proptest::sample::select(PRE),
        proptest::sample::select(NUMBER),
        proptest::sample::select(JOINER),
        proptest::sample::select(UNIT),
        proptest::sample::select(TAIL),
        prop_oneof![2 => Just(String::new()), 1 => proptest::sample::select(lookahead)],
    )
        .prop_map(|(pre, number, joiner, unit, tail, follow)| {
            format!("{pre}{number}{joiner}{unit}{tail}{follow}")
        })
}

/// Expressions and fragments glued together.
fn script_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![3 => expression(), 2 => piece()], 1..6)
        .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The quick reader changes nothing `scan` finds.
    #[test]
    fn quick_reader_finds_what_the_grammar_finds(text in glued()) {
        prop_assert_eq!(scan(&text), scan_with_grammar(&text), "{:?}", text);
    }

    /// The same on expression-like text, which reaches every branch of the quick reader.
    #[test]
    fn quick_reader_finds_what_the_grammar_finds_in_expressions(text in script_like()) {
        prop_assert_eq!(scan(&text), scan_with_grammar(&text), "{:?}", text);
    }

    /// The same with a common shape in front: the quick reader's answer at the first candidate
    /// decides where the next one may start.
    #[test]
    fn quick_reader_after_a_common_shape(
        head in proptest::sample::select(&["在24小时内", "within 2 hours", "3秒", "5 business days"][..]),
        text in glued(),
    ) {
        let text = format!("{head}{text}");
        prop_assert_eq!(scan(&text), scan_with_grammar(&text), "{:?}", text);
    }
}

/// Lines like those of real scripts and SOPs (and some traps).
const LINES: &[&str] = &[
    "投诉需在24小时内响应，一般问题在48小时内给出答复。",
    "您好，您的问题已经登记，我们会在2小时内给您回复。",
    "电话须在铃响3声内接听，先报工号。",
    "客人到店10秒内起身问候。",
    "| 接听电话 | 铃响3声内 | 必须 |",
    "| 首次问候 | 10秒内 | |",
    "退款将在3个工作日内原路返回。",
    "一般5个工作日内到账，请耐心等待。",
    "我的快递已经延误了44天了，怎么回事？",
    "请在 24 小时内处理，最迟不超过48小时。",
    "处理时长不超过30分钟，至少提前5分钟通知。",
    "预计3-5个工作日送达。",
    "1小时30分钟内完成。",
    "一个半小时以内回电。",
    "两三天内给您答复。",
    "请稍等两分钟。",
    "半小时内回复。",
    "3分钟之内接通。",
    "约30秒左右。",
    "服务时间7天24小时。",
    "打5分，扣3分，5分内回复。",
    "说一声就行，响3声后接听。",
    "3天内容易出问题；30日期间；5天气预报。",
    "时间为17:30，共3小时。",
    "版本v2.1，编号123456789秒。",
    "价格¥30天。",
    "We will get back to you within 24 hours.",
    "My parcel is 3 days late, what's going on?",
    "Answer the phone within 3 rings and give the caller your name.",
    "Reply within 2 business days | within 10 seconds |",
    "Please allow 1-2 business days for processing.",
    "Escalate if unresolved after 2 hours or less.",
    "Resolve within 24 hours at the latest.",
    "Callbacks happen in no more than 5 minutes, at most 10 minutes, up to 3 days.",
    "Wait less than 30 seconds, under 2 minutes, more than 1 minute, at least 2 hours.",
    "in customers with 3 orders, in 5 days",
    "Open 24 hours a day, 7 days a week, 2 hours per day.",
    "It takes 1 hour and 30 minutes, or an hour and a half.",
    "Respond within the next 2 hours, by the next business day, before end of day.",
    "A 20-minute call, a 24-hour hotline, 10s, 5 s, iPhone 6s, the 1990s.",
    "Within 48 hours to respond; 3 rings max; 2 hours tops; 5 minutes or sooner.",
    "within [TIME], [NUMBER] hours, {n} minutes, xx分钟内, 【时间】内",
    "Between 2 and 4 hours, 2 to 4 hours, 2 or 3 days.",
    "within 24hours, within24 hours, 24 HOURS, 3 Seconds, 2 Hrs",
    "在 3 个工作日内；于5日内；在30秒 内；3秒钟内",
    "30秒以内、10分钟以下、5秒之内",
    "3周内，2周末，4个月内，3月5日，2024年5月1日",
    "１０分钟内，３小时",
    "铃响三下，3下，一下",
];

#[test]
fn quick_reader_finds_what_the_grammar_finds_on_script_lines() {
    for line in LINES {
        assert_eq!(scan(line), scan_with_grammar(line), "{line}");
    }
    let whole = LINES.join("\n");
    assert_eq!(scan(&whole), scan_with_grammar(&whole));
}

#[test]
fn quick_reader_finds_what_the_grammar_finds_in_the_examples() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    for dir in ["examples", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.unwrap();
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            files += 1;
            assert_eq!(scan(&text), scan_with_grammar(&text), "{:?}", entry.path());
            for line in text.lines() {
                assert_eq!(scan(line), scan_with_grammar(line), "{line}");
            }
        }
    }
    assert!(files > 10, "{files} files");
}

/// The common shapes are read by hand, not handed to the grammar.
#[test]
fn quick_reader_reads_the_common_shapes() {
    let plain = [
        "24小时内",
        "3个工作日内",
        "30秒",
        "10秒钟",
        "2分钟内",
        "3声内",
        "7天。",
        "2 hours",
        "1 minute",
        "5 business days",
        "3 rings",
        "10 seconds.",
        "2 working hours",
        "3秒 以内",
        "5 days late",
        "2 hours and give",
    ];
    for text in plain {
        assert!(matches!(quick::read(text, false), Quick::Read(_)), "{text}");
    }
    let bounded = [
        "在24小时内",
        "不超过30分钟",
        "within 24 hours",
        "within 3 rings",
        "under 2 minutes",
        "up to 3 days",
        "at most 10 minutes",
        "at least 2 hours",
        "less than 30 seconds",
        "more than 1 minute",
        "no more than 5 minutes",
    ];
    for text in bounded {
        assert!(matches!(quick::read(text, true), Quick::Read(_)), "{text}");
    }
    assert_eq!(quick::read("in customers with", true), Quick::NoMatch);
    assert_eq!(quick::read("请在3天内", true), Quick::NoMatch);
    for unsure in [
        "1小时30分钟",
        "3-5分钟",
        "24-hour",
        "2 to 4 hours",
        "一天半",
        "1 hour and a half",
        "3 hours to four",
        "3 rings or less",
        "within the next 2 hours",
        "十分钟",
    ] {
        let bounded = unsure.starts_with("within");
        assert_eq!(quick::read(unsure, bounded), Quick::Unsure, "{unsure}");
    }
}

/// Every unit word the quick reader knows is read by the grammar's `lead` as the same unit.
#[test]
fn quick_units_are_the_grammar_units() {
    let units = quick::ENGLISH_UNITS
        .iter()
        .map(|(u, kind)| (u.to_string(), *kind))
        .chain(
            quick::ENGLISH_UNITS
                .iter()
                .map(|(u, kind)| (u.to_uppercase(), *kind)),
        )
        .chain(
            quick::CHINESE_UNITS
                .iter()
                .map(|(u, kind, _)| (u.to_string(), *kind)),
        );
    for (unit, kind) in units {
        let text = format!("3{unit}");
        let lead = TimeParser::parse(Rule::lead, &text)
            .unwrap()
            .next()
            .unwrap();
        let read = lead
            .into_inner()
            .find_map(|p| super::unit::UnitKind::from_rule(p.as_rule()));
        assert_eq!(read, Some(kind), "{text}");
    }
}

/// Every unit with every tail and every look-ahead character after it, with and without a bound
/// in front: what random gluing reaches only rarely.
#[test]
fn quick_reader_finds_what_the_grammar_finds_after_every_unit() {
    let follows = TAIL
        .iter()
        .map(|t| t.to_string())
        .chain(LOOKAHEAD_CHARS.chars().map(String::from))
        .chain(LOOKAHEAD_CHARS.chars().map(|c| format!("内{c}")));
    let follows: Vec<String> = follows.collect();
    for unit in UNIT {
        for follow in &follows {
            for pre in ["", "在", "within "] {
                for joiner in ["", " "] {
                    let text = format!("{pre}3{joiner}{unit}{follow}");
                    assert_eq!(scan(&text), scan_with_grammar(&text), "{text:?}");
                }
            }
        }
    }
}

/// Every bound in front with a few numbers, units and bounds after them.
#[test]
fn quick_reader_finds_what_the_grammar_finds_after_every_bound() {
    for pre in PRE {
        for number in ["3", "24", "2.5", "十", "a"] {
            for unit in [
                "小时",
                "hours",
                " hours",
                "秒",
                " rings",
                " business days",
                "天",
                "min",
            ] {
                for tail in ["", "内", "以内", " or less", " at most", ".", " to reply"] {
                    let text = format!("请{pre}{number}{unit}{tail}");
                    assert_eq!(scan(&text), scan_with_grammar(&text), "{text:?}");
                    assert_eq!(scan(&text[3..]), scan_with_grammar(&text[3..]), "{text:?}");
                }
            }
        }
    }
}
