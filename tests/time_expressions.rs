//! Time expressions: what `time::scan` finds (zh and en), what it must not, exact spans, and `parse_duration`.

use servicelint::time::{Bound, TimeExpr, TimeUnit, parse_duration, scan, to_seconds};

use Bound::{AtMost, LessThan, Within};
use TimeUnit::{Rings, Seconds};

const MIN: f64 = 60.0;
const HOUR: f64 = 3_600.0;
const DAY: f64 = 86_400.0;
const WEEK: f64 = 7.0 * DAY;

/// One expected expression: the sentence, the text of the whole span, and the reading.
struct Case {
    text: &'static str,
    span: &'static str,
    low: Option<f64>,
    high: Option<f64>,
    unit: TimeUnit,
    bound: Option<Bound>,
    placeholder: bool,
    business: bool,
}

/// A concrete duration (low == high).
const fn at(
    text: &'static str,
    span: &'static str,
    value: f64,
    unit: TimeUnit,
    bound: Option<Bound>,
) -> Case {
    Case {
        text,
        span,
        low: Some(value),
        high: Some(value),
        unit,
        bound,
        placeholder: false,
        business: false,
    }
}

/// A range.
const fn range(
    text: &'static str,
    span: &'static str,
    low: f64,
    high: f64,
    unit: TimeUnit,
    bound: Option<Bound>,
) -> Case {
    Case {
        text,
        span,
        low: Some(low),
        high: Some(high),
        unit,
        bound,
        placeholder: false,
        business: false,
    }
}

/// A placeholder number.
const fn ph(text: &'static str, span: &'static str, unit: TimeUnit, bound: Option<Bound>) -> Case {
    Case {
        text,
        span,
        low: None,
        high: None,
        unit,
        bound,
        placeholder: true,
        business: false,
    }
}

/// The same case, counted in business days or hours.
const fn biz(case: Case) -> Case {
    Case {
        business: true,
        ..case
    }
}

const CASES: &[Case] = &[
    // --- Chinese: seconds, minutes, hours, days ---------------------------------------------
    at("顾客进门10秒内问候", "10秒内", 10.0, Seconds, Some(Within)),
    at(
        "在30秒内向顾客问好",
        "在30秒内",
        30.0,
        Seconds,
        Some(Within),
    ),
    at(
        "（1）顾客进门10秒内问候，做到“来有迎声”。",
        "10秒内",
        10.0,
        Seconds,
        Some(Within),
    ),
    at("在5秒钟内起身", "在5秒钟内", 5.0, Seconds, Some(Within)),
    at("１０秒内问候", "１０秒内", 10.0, Seconds, Some(Within)),
    at(
        "在１０分钟内完成",
        "在１０分钟内",
        600.0,
        Seconds,
        Some(Within),
    ),
    at("接听时长１．５分钟", "１．５分钟", 90.0, Seconds, None),
    at(
        "十五分钟内完成初次接待",
        "十五分钟内",
        15.0 * MIN,
        Seconds,
        Some(Within),
    ),
    at("二十秒之内", "二十秒之内", 20.0, Seconds, Some(Within)),
    at("一百二十秒", "一百二十秒", 120.0, Seconds, None),
    at(
        "四十五分钟以内完成",
        "四十五分钟以内",
        45.0 * MIN,
        Seconds,
        Some(Within),
    ),
    at("5分内回复客户", "5分内", 5.0 * MIN, Seconds, Some(Within)),
    at(
        "处理时长不超过3分",
        "不超过3分",
        3.0 * MIN,
        Seconds,
        Some(AtMost),
    ),
    at("1分30秒", "1分30秒", 90.0, Seconds, None),
    at(
        "1小时30分钟内回电",
        "1小时30分钟内",
        90.0 * MIN,
        Seconds,
        Some(Within),
    ),
    at("一个半小时", "一个半小时", 1.5 * HOUR, Seconds, None),
    at(
        "两个半小时内",
        "两个半小时内",
        2.5 * HOUR,
        Seconds,
        Some(Within),
    ),
    at(
        "半小时内回复",
        "半小时内",
        0.5 * HOUR,
        Seconds,
        Some(Within),
    ),
    at("半个小时", "半个小时", 0.5 * HOUR, Seconds, None),
    at("一刻钟内", "一刻钟内", 15.0 * MIN, Seconds, Some(Within)),
    at("24小时内回复", "24小时内", DAY, Seconds, Some(Within)),
    at("两个钟头", "两个钟头", 2.0 * HOUR, Seconds, None),
    at("一个小时后回访", "一个小时", HOUR, Seconds, None),
    at("1.5小时", "1.5小时", 1.5 * HOUR, Seconds, None),
    at(
        "请在 3 分钟 内处理",
        "在 3 分钟 内",
        3.0 * MIN,
        Seconds,
        Some(Within),
    ),
    at("半天内给出方案", "半天内", 0.5 * DAY, Seconds, Some(Within)),
    at("一天半", "一天半", 1.5 * DAY, Seconds, None),
    at("3分半", "3分半", 3.5 * MIN, Seconds, None),
    at("7天无理由退货", "7天", 7.0 * DAY, Seconds, None),
    at("5日内退款", "5日内", 5.0 * DAY, Seconds, Some(Within)),
    at(
        "30个自然日内",
        "30个自然日内",
        30.0 * DAY,
        Seconds,
        Some(Within),
    ),
    at("两周内", "两周内", 2.0 * WEEK, Seconds, Some(Within)),
    at("一星期内", "一星期内", WEEK, Seconds, Some(Within)),
    at("一个星期", "一个星期", WEEK, Seconds, None),
    at("3个月内", "3个月内", 90.0 * DAY, Seconds, Some(Within)),
    at("半个月", "半个月", 15.0 * DAY, Seconds, None),
    at("一个半月", "一个半月", 45.0 * DAY, Seconds, None),
    at("最长2小时", "最长2小时", 2.0 * HOUR, Seconds, Some(AtMost)),
    at(
        "最多等待不得超过5分钟",
        "不得超过5分钟",
        5.0 * MIN,
        Seconds,
        Some(AtMost),
    ),
    at("不到1分钟", "不到1分钟", MIN, Seconds, Some(LessThan)),
    at("少于30秒", "少于30秒", 30.0, Seconds, Some(LessThan)),
    at("≤ 30秒", "≤ 30秒", 30.0, Seconds, Some(AtMost)),
    at("5分钟以下", "5分钟以下", 5.0 * MIN, Seconds, Some(AtMost)),
    at(
        "须于2小时内响应",
        "于2小时内",
        2.0 * HOUR,
        Seconds,
        Some(Within),
    ),
    at("超过24小时未回复的工单", "24小时", DAY, Seconds, None),
    at("5分钟后回电", "5分钟", 5.0 * MIN, Seconds, None),
    biz(at(
        "我们会在3个工作日内处理",
        "在3个工作日内",
        3.0 * DAY,
        Seconds,
        Some(Within),
    )),
    biz(at(
        "审核通过以后三个工作日",
        "三个工作日",
        3.0 * DAY,
        Seconds,
        None,
    )),
    biz(at(
        "4个工作小时内",
        "4个工作小时内",
        4.0 * HOUR,
        Seconds,
        Some(Within),
    )),
    // --- Chinese ranges ------------------------------------------------------------------------
    range("3-5分钟", "3-5分钟", 3.0 * MIN, 5.0 * MIN, Seconds, None),
    range(
        "约3～5分钟",
        "3～5分钟",
        3.0 * MIN,
        5.0 * MIN,
        Seconds,
        None,
    ),
    range("3~5分钟", "3~5分钟", 3.0 * MIN, 5.0 * MIN, Seconds, None),
    range("3至5分钟", "3至5分钟", 3.0 * MIN, 5.0 * MIN, Seconds, None),
    range("3到5分钟", "3到5分钟", 3.0 * MIN, 5.0 * MIN, Seconds, None),
    range(
        "三到五分钟",
        "三到五分钟",
        3.0 * MIN,
        5.0 * MIN,
        Seconds,
        None,
    ),
    range(
        "1小时至2小时",
        "1小时至2小时",
        HOUR,
        2.0 * HOUR,
        Seconds,
        None,
    ),
    range("两三天", "两三天", 2.0 * DAY, 3.0 * DAY, Seconds, None),
    range(
        "一两天内",
        "一两天内",
        DAY,
        2.0 * DAY,
        Seconds,
        Some(Within),
    ),
    biz(range(
        "1~3个工作日内到账",
        "1~3个工作日内",
        DAY,
        3.0 * DAY,
        Seconds,
        Some(Within),
    )),
    biz(range(
        "１～３个工作日",
        "１～３个工作日",
        DAY,
        3.0 * DAY,
        Seconds,
        None,
    )),
    // --- Chinese rings ---------------------------------------------------------------------------
    at("电话铃响3声内接听", "3声内", 3.0, Rings, Some(Within)),
    at("响铃三声", "三声", 3.0, Rings, None),
    at("三声之内接起电话", "三声之内", 3.0, Rings, Some(Within)),
    at("响铃不超过三声", "不超过三声", 3.0, Rings, Some(AtMost)),
    at("最多3声", "最多3声", 3.0, Rings, Some(AtMost)),
    at(
        "电话铃声响起3声内必须接听",
        "3声内",
        3.0,
        Rings,
        Some(Within),
    ),
    at("铃响三下", "三下", 3.0, Rings, None),
    at("5声", "5声", 5.0, Rings, None),
    at("3声铃内接听", "3声铃内", 3.0, Rings, Some(Within)),
    // --- Chinese same-day deadlines ------------------------------------------------------------
    at("下单当天发货", "当天", DAY, Seconds, None),
    at("当日内处理完毕", "当日内", DAY, Seconds, Some(Within)),
    at("次日回复", "次日", 2.0 * DAY, Seconds, None),
    at("第二天回电", "第二天", 2.0 * DAY, Seconds, None),
    at("不晚于次日", "不晚于次日", 2.0 * DAY, Seconds, Some(Within)),
    at("完全解决SLA：P1 当日。", "当日", DAY, Seconds, None),
    biz(at(
        "下一个工作日回复",
        "下一个工作日",
        2.0 * DAY,
        Seconds,
        None,
    )),
    // --- Chinese placeholders ------------------------------------------------------------------
    ph("在xx秒内问候顾客", "在xx秒内", Seconds, Some(Within)),
    ph("在xx秒内向他/她问候", "在xx秒内", Seconds, Some(Within)),
    ph("首次接待XX分钟", "XX分钟", Seconds, None),
    ph(
        "在xx分钟内完成初次接待",
        "在xx分钟内",
        Seconds,
        Some(Within),
    ),
    ph(
        "顾客的特殊要求应在xx时间内处理",
        "在xx时间内",
        Seconds,
        Some(Within),
    ),
    ph("电话应在xxx声铃响予以接听", "xxx声铃响", Rings, None),
    ph("【时间】内回复", "【时间】内", Seconds, Some(Within)),
    ph("在__秒内", "在__秒内", Seconds, Some(Within)),
    ph("某某分钟", "某某分钟", Seconds, None),
    ph("××分钟内", "××分钟内", Seconds, Some(Within)),
    ph("如[X]天后仍未到账", "[X]天", Seconds, None),
    biz(ph(
        "{{days}}个工作日内",
        "{{days}}个工作日内",
        Seconds,
        Some(Within),
    )),
    // --- English ---------------------------------------------------------------------------------
    at(
        "Answer within 3 rings.",
        "within 3 rings",
        3.0,
        Rings,
        Some(Within),
    ),
    at(
        "Answer the phone within three rings",
        "within three rings",
        3.0,
        Rings,
        Some(Within),
    ),
    at(
        "No more than 3 rings",
        "No more than 3 rings",
        3.0,
        Rings,
        Some(AtMost),
    ),
    at(
        "Reply within 24 hours.",
        "within 24 hours",
        DAY,
        Seconds,
        Some(Within),
    ),
    at(
        "Greet guests within 10 seconds",
        "within 10 seconds",
        10.0,
        Seconds,
        Some(Within),
    ),
    at("within 10s", "within 10s", 10.0, Seconds, Some(Within)),
    at("Respond in 2min", "2min", 2.0 * MIN, Seconds, None),
    at("24h support line", "24h", DAY, Seconds, None),
    at("It takes 90 seconds", "90 seconds", 90.0, Seconds, None),
    at("ninety seconds", "ninety seconds", 90.0, Seconds, None),
    at(
        "forty-five minutes",
        "forty-five minutes",
        45.0 * MIN,
        Seconds,
        None,
    ),
    at("Twenty four hours", "Twenty four hours", DAY, Seconds, None),
    at(
        "We will call back in half an hour",
        "half an hour",
        0.5 * HOUR,
        Seconds,
        None,
    ),
    at(
        "The premium ticket will breach within an hour.",
        "within an hour",
        HOUR,
        Seconds,
        Some(Within),
    ),
    at(
        "in under an hour",
        "in under an hour",
        HOUR,
        Seconds,
        Some(Within),
    ),
    at(
        "an hour and a half",
        "an hour and a half",
        1.5 * HOUR,
        Seconds,
        None,
    ),
    at(
        "one and a half hours",
        "one and a half hours",
        1.5 * HOUR,
        Seconds,
        None,
    ),
    at(
        "no later than 24 hours after the call",
        "no later than 24 hours",
        DAY,
        Seconds,
        Some(Within),
    ),
    at(
        "at most 2 hours",
        "at most 2 hours",
        2.0 * HOUR,
        Seconds,
        Some(AtMost),
    ),
    at(
        "up to 30 minutes",
        "up to 30 minutes",
        30.0 * MIN,
        Seconds,
        Some(AtMost),
    ),
    at(
        "a maximum of 48 hours",
        "a maximum of 48 hours",
        2.0 * DAY,
        Seconds,
        Some(AtMost),
    ),
    at(
        "Keep it under 30 seconds!",
        "under 30 seconds",
        30.0,
        Seconds,
        Some(LessThan),
    ),
    at(
        "respond in less than 10 minutes",
        "in less than 10 minutes",
        10.0 * MIN,
        Seconds,
        Some(LessThan),
    ),
    at(
        "**First Response SLA:** <5 minutes",
        "<5 minutes",
        5.0 * MIN,
        Seconds,
        Some(LessThan),
    ),
    at(
        "Target: <24 hrs (email)",
        "<24 hrs",
        DAY,
        Seconds,
        Some(LessThan),
    ),
    at(
        "10 minutes or less",
        "10 minutes or less",
        10.0 * MIN,
        Seconds,
        Some(AtMost),
    ),
    at(
        "48 hours max",
        "48 hours max",
        2.0 * DAY,
        Seconds,
        Some(AtMost),
    ),
    at(
        "5 minutes at the latest",
        "5 minutes at the latest",
        5.0 * MIN,
        Seconds,
        Some(Within),
    ),
    at(
        "within the next 24 hours",
        "within the next 24 hours",
        DAY,
        Seconds,
        Some(Within),
    ),
    at(
        "within the first 30 seconds",
        "within the first 30 seconds",
        30.0,
        Seconds,
        Some(Within),
    ),
    at(
        "at least 30 minutes",
        "30 minutes",
        30.0 * MIN,
        Seconds,
        None,
    ),
    at("no less than 2 hours", "2 hours", 2.0 * HOUR, Seconds, None),
    at("For a 4-hour outage", "4-hour", 4.0 * HOUR, Seconds, None),
    at("a 20 minute call", "20 minute", 20.0 * MIN, Seconds, None),
    at(
        "2 hours 30 minutes",
        "2 hours 30 minutes",
        2.5 * HOUR,
        Seconds,
        None,
    ),
    at(
        "1 hour and 30 minutes",
        "1 hour and 30 minutes",
        1.5 * HOUR,
        Seconds,
        None,
    ),
    at(
        "Reply within 2 weeks",
        "within 2 weeks",
        2.0 * WEEK,
        Seconds,
        Some(Within),
    ),
    at(
        "We offer a 30-day return policy",
        "30-day",
        30.0 * DAY,
        Seconds,
        None,
    ),
    at("within a day", "within a day", DAY, Seconds, Some(Within)),
    at("Wait a week", "a week", WEEK, Seconds, None),
    at("the same day", "same day", DAY, Seconds, None),
    at(
        "Report to your manager before end of day",
        "before end of day",
        DAY,
        Seconds,
        Some(Within),
    ),
    at("by EOD", "by EOD", DAY, Seconds, Some(Within)),
    biz(at(
        "within 1 business day",
        "within 1 business day",
        DAY,
        Seconds,
        Some(Within),
    )),
    biz(at(
        "It takes a business day",
        "a business day",
        DAY,
        Seconds,
        None,
    )),
    biz(at(
        "after 48 business hours",
        "48 business hours",
        2.0 * DAY,
        Seconds,
        None,
    )),
    biz(at(
        "by the next business day",
        "by the next business day",
        2.0 * DAY,
        Seconds,
        Some(Within),
    )),
    // --- English ranges --------------------------------------------------------------------------
    range(
        "3 to 5 minutes",
        "3 to 5 minutes",
        3.0 * MIN,
        5.0 * MIN,
        Seconds,
        None,
    ),
    range(
        "3-5 minutes",
        "3-5 minutes",
        3.0 * MIN,
        5.0 * MIN,
        Seconds,
        None,
    ),
    range(
        "only 15 - 30 minutes.",
        "15 - 30 minutes",
        15.0 * MIN,
        30.0 * MIN,
        Seconds,
        None,
    ),
    range(
        "between 2 and 4 hours",
        "between 2 and 4 hours",
        2.0 * HOUR,
        4.0 * HOUR,
        Seconds,
        None,
    ),
    range(
        "one or two days",
        "one or two days",
        DAY,
        2.0 * DAY,
        Seconds,
        None,
    ),
    range(
        "First response within SLA (24-48 hours)",
        "24-48 hours",
        DAY,
        2.0 * DAY,
        Seconds,
        None,
    ),
    biz(range(
        "2–4 business hours",
        "2–4 business hours",
        2.0 * HOUR,
        4.0 * HOUR,
        Seconds,
        None,
    )),
    biz(range(
        "we will respond within 2-4 business hours.",
        "within 2-4 business hours",
        2.0 * HOUR,
        4.0 * HOUR,
        Seconds,
        Some(Within),
    )),
    biz(range(
        "You'll see it in 3-5 business days.",
        "3-5 business days",
        3.0 * DAY,
        5.0 * DAY,
        Seconds,
        None,
    )),
    biz(range(
        "1 to 2 working days",
        "1 to 2 working days",
        DAY,
        2.0 * DAY,
        Seconds,
        None,
    )),
    // --- English placeholders --------------------------------------------------------------------
    ph(
        "Return voicemail messages within ___ minutes.",
        "within ___ minutes",
        Seconds,
        Some(Within),
    ),
    ph("N rings", "N rings", Rings, None),
    ph(
        "Within [NUMBER] hours.",
        "Within [NUMBER] hours",
        Seconds,
        Some(Within),
    ),
    ph(
        "They'll reach out within [timeframe].",
        "within [timeframe]",
        Seconds,
        Some(Within),
    ),
    ph(
        "Issue cannot be resolved within [TIME] or",
        "within [TIME]",
        Seconds,
        Some(Within),
    ),
    ph(
        "Provide a solution within [Time]",
        "within [Time]",
        Seconds,
        Some(Within),
    ),
    ph(
        "FRT: < [NUMBER] hours.",
        "< [NUMBER] hours",
        Seconds,
        Some(LessThan),
    ),
    ph(
        "Refund processed within [Days] days",
        "within [Days] days",
        Seconds,
        Some(Within),
    ),
    ph("{n} minutes", "{n} minutes", Seconds, None),
    ph("<N> rings", "<N> rings", Rings, None),
    ph("X days", "X days", Seconds, None),
    biz(ph(
        "Processing time: [Days] business days",
        "[Days] business days",
        Seconds,
        None,
    )),
];

fn describe(found: &[TimeExpr], text: &str) -> Vec<String> {
    found
        .iter()
        .map(|e| {
            format!(
                "{:?} {:?}..{:?} {:?} {:?}",
                e.span.text(text),
                e.low,
                e.high,
                e.unit,
                e.bound
            )
        })
        .collect()
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-6,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn reads_every_case_in_the_table() {
    assert!(CASES.len() >= 100, "the table holds {} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        let found = scan(case.text);
        let ok = match found.as_slice() {
            [e] => {
                e.span.text(case.text) == case.span
                    && close(e.low, case.low)
                    && close(e.high, case.high)
                    && e.unit == case.unit
                    && e.bound == case.bound
                    && e.placeholder == case.placeholder
                    && e.business == case.business
            }
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{:?}: expected {:?} {:?}..{:?} {:?} {:?} ph={} biz={}, found {:?}",
                case.text,
                case.span,
                case.low,
                case.high,
                case.unit,
                case.bound,
                case.placeholder,
                case.business,
                describe(&found, case.text)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn value_is_the_loosest_end() {
    let found = scan("3-5分钟");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].value(), Some(300.0));
    assert_eq!(scan("xx分钟")[0].value(), None);
}

/// Texts that hold numbers, units or placeholders but no time standard.
const TRAPS: &[&str] = &[
    "请拨打400-123-4567联系我们",
    "Call 138 0013 8000",
    "订单号 20240501123",
    "3月5日到店",
    "2024年5月1日",
    "2024-05-01",
    "5/1",
    "下午5点",
    "17:30",
    "Office opens at 5pm",
    "9:00-18:00",
    "9点到18点",
    "¥30",
    "$5",
    "30元",
    "95%",
    "1. 问候顾客",
    "第1步",
    "v2.1",
    "3件",
    "2次",
    "3 items",
    "5星好评",
    "10 feet",
    "in 2024",
    "24/7",
    "1st",
    "the 2 of us",
    "May 5th",
    "满分100分",
    "给我们打5分",
    "十分感谢您的耐心",
    "五分熟",
    "三分之一",
    "百分之九十",
    "跟我说一声",
    "喊了三声",
    "请稍等一下",
    "一下午",
    "a couple of hours",
    "a few minutes",
    "wait a second",
    "give us a ring",
    "once a day",
    "24 hours a day, 7 days a week",
    "7 days/week",
    "7天24小时在线",
    "7x24小时",
    "xx窗口",
    "[Order Number]",
    "请提供[客户姓名]",
    "[TIME]",
    "在规定时间内",
    "某天",
    "3周年",
    "星期一",
    "3月",
    "活动当天的天气",
    "当天下午",
    "end of day",
    "Box 5",
    "x-ray",
    "iPhone 6s",
    "the 1990s",
    "9999999999999999999999秒",
    "一一一一一秒",
    "三天两头",
    "一天到晚",
    "[click here](https://example.com) 3",
    "<br>",
    "--",
];

#[test]
fn finds_nothing_in_traps() {
    assert!(TRAPS.len() >= 25);
    let noisy: Vec<String> = TRAPS
        .iter()
        .filter_map(|t| {
            let found = scan(t);
            (!found.is_empty()).then(|| format!("{t:?}: {:?}", describe(&found, t)))
        })
        .collect();
    assert!(
        noisy.is_empty(),
        "found time expressions in traps:\n{}",
        noisy.join("\n")
    );
}

#[test]
fn spans_are_byte_exact_after_multibyte_text() {
    let text = "【接待标准】顾客进门后，请在１０秒内问候；电话铃响三声之内接听。";
    let found = scan(text);
    assert_eq!(found.len(), 2, "{:?}", describe(&found, text));
    let greet = &found[0];
    assert_eq!(&text[greet.span.start..greet.span.end], "在１０秒内");
    assert_eq!(
        &text[greet.number_span.start..greet.number_span.end],
        "１０"
    );
    assert_eq!(
        &text[greet.unit_text_span.start..greet.unit_text_span.end],
        "秒"
    );
    assert_eq!(greet.span.start, text.find("在１０").expect("in text"));
    let ring = &found[1];
    assert_eq!(&text[ring.span.start..ring.span.end], "三声之内");
    assert_eq!(&text[ring.number_span.start..ring.number_span.end], "三");
    assert_eq!(
        &text[ring.unit_text_span.start..ring.unit_text_span.end],
        "声"
    );
}

#[test]
fn spans_are_byte_exact_in_mixed_lines() {
    let text = "客服 Agent：“您好！” — reply within 2–4 business hours, 或在24小时内回电。";
    let found = scan(text);
    let spans: Vec<&str> = found.iter().map(|e| e.span.text(text)).collect();
    assert_eq!(spans, ["within 2–4 business hours", "在24小时内"]);
    let range = &found[0];
    assert_eq!(range.number_span.text(text), "2–4");
    assert_eq!(range.unit_text_span.text(text), "business hours");
    assert!(range.business);
}

#[test]
fn finds_several_in_order_without_overlap() {
    let text = "P0（安全）10分钟首响；P1 30分钟首响；P2 2小时；P3 24小时";
    let found = scan(text);
    let spans: Vec<&str> = found.iter().map(|e| e.span.text(text)).collect();
    assert_eq!(spans, ["10分钟", "30分钟", "2小时", "24小时"]);
    for pair in found.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start);
    }
}

#[test]
fn placeholder_spans_point_at_the_placeholder() {
    let text = "•顾客来到时,在xx秒内向他/她问候 •在xx分钟内完成初次接待";
    let found = scan(text);
    assert_eq!(found.len(), 2);
    for e in &found {
        assert!(e.placeholder);
        assert_eq!(e.number_span.text(text), "xx");
    }
}

#[test]
fn parses_config_durations() {
    let cases: &[(&str, f64, TimeUnit)] = &[
        ("10s", 10.0, Seconds),
        ("10 s", 10.0, Seconds),
        (" 10 seconds ", 10.0, Seconds),
        ("90 seconds", 90.0, Seconds),
        ("2min", 120.0, Seconds),
        ("2 minutes", 120.0, Seconds),
        ("24h", DAY, Seconds),
        ("1.5 hours", 1.5 * HOUR, Seconds),
        ("1h 30min", 1.5 * HOUR, Seconds),
        ("1 business day", DAY, Seconds),
        ("2 days", 2.0 * DAY, Seconds),
        ("1 week", WEEK, Seconds),
        ("3 rings", 3.0, Rings),
        ("1 ring", 1.0, Rings),
        ("15秒", 15.0, Seconds),
        ("3分钟", 180.0, Seconds),
        ("两小时", 2.0 * HOUR, Seconds),
        ("3声", 3.0, Rings),
        ("１０秒", 10.0, Seconds),
    ];
    for (text, value, unit) in cases {
        assert_eq!(parse_duration(text), Ok((*value, *unit)), "{text:?}");
    }
}

#[test]
fn rejects_bad_config_durations() {
    for text in [
        "",
        "   ",
        "10",
        "ten",
        "abc",
        "10 feet",
        "xx秒",
        "N rings",
        "3 rings 10s",
        "-5s",
        "10s later",
        "[TIME]",
    ] {
        let err = parse_duration(text);
        assert!(err.is_err(), "{text:?} gave {err:?}");
    }
    let message = parse_duration("10").expect_err("no unit");
    assert!(message.contains("unit"), "{message}");
}

#[test]
fn converts_rings_to_seconds() {
    assert_eq!(to_seconds(3.0, Rings, 6.0), 18.0);
    assert_eq!(to_seconds(10.0, Seconds, 6.0), 10.0);
}

/// Every span is inside the text, on character boundaries, and in order.
fn assert_sane(text: &str) {
    let found = scan(text);
    let mut last_end = 0;
    for e in &found {
        for span in [e.span, e.number_span, e.unit_text_span] {
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "{text:?}: {span:?}"
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{text:?}: {span:?}"
            );
            assert!(
                e.span.contains(span),
                "{text:?}: {span:?} outside {:?}",
                e.span
            );
        }
        assert!(e.span.start >= last_end, "{text:?}: overlapping spans");
        last_end = e.span.end;
        for v in [e.low, e.high].into_iter().flatten() {
            assert!(v.is_finite() && v >= 0.0, "{text:?}: value {v}");
        }
    }
}

#[test]
fn never_panics_on_nasty_inputs() {
    let long_digits = "9".repeat(5_000);
    let long_zh = "一".repeat(3_000);
    let many = "在3秒内".repeat(2_000);
    let nested = "[".repeat(1_000) + "TIME" + &"]".repeat(1_000);
    let mut inputs: Vec<String> = [
        "\u{0}",
        "\u{0}3秒",
        "9999999999999999999999秒",
        "一一一一一",
        "xx",
        "--",
        "",
        " ",
        "\n\r\n",
        "3",
        "3-",
        "3-5",
        "3-5-",
        "-3秒",
        "在",
        "在内",
        "within",
        "within ",
        "within [",
        "within [TIME",
        "【时间",
        "{{",
        "<",
        "<N",
        "a",
        "an hour and a",
        "half",
        "half an",
        "between 2 and",
        "１．",
        "１．５",
        "1.",
        "1.5.",
        "...5秒",
        "秒秒秒",
        "半",
        "个半",
        "一个半",
        "x x x x x x",
        "xxxxx秒",
        "__",
        "___________________________秒",
        "某某某某某某",
        "第二",
        "当",
        "下一个工",
        "same",
        "next",
        "end of",
        "🙂3秒🙂",
        "3\u{301}秒",
        "\u{FEFF}3秒",
        "３\u{3000}秒\u{3000}内",
        "e\u{301}3 minutes",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.extend([
        long_digits.clone() + "秒",
        long_zh.clone() + "秒",
        many,
        nested,
    ]);
    inputs.push(format!("within {long_digits} hours"));
    inputs.push(format!("{long_zh}到{long_zh}天"));
    for input in &inputs {
        assert_sane(input);
        let _ = parse_duration(input);
    }
    // Every prefix and suffix of a busy line, cut at every character boundary.
    let busy = "客服：请在xx秒内问候，3-5分钟完成；Answer within three rings (≤ 18 s), 当天发货、次日回复 [TIME]内 {{days}}个工作日";
    for (i, _) in busy.char_indices() {
        assert_sane(&busy[i..]);
        assert_sane(&busy[..i]);
    }
}

mod properties {
    use super::assert_sane;
    use proptest::prelude::*;

    /// Pieces that make up time expressions, glued in random order.
    const PIECES: &[&str] = &[
        "3",
        "１０",
        "三",
        "十五",
        "半",
        "个半",
        "xx",
        "N",
        "[TIME]",
        "【时间】",
        "{n}",
        "<N>",
        "a",
        "an",
        "half",
        "秒",
        "分",
        "分钟",
        "小时",
        "天",
        "工作日",
        "声",
        "下",
        "铃",
        "rings",
        " hours",
        "s",
        "h",
        "内",
        "以内",
        "在",
        "不超过",
        "within ",
        "less than ",
        "<",
        "≤",
        "-",
        "～",
        "到",
        " to ",
        " and ",
        "between ",
        "当天",
        "次日",
        "same day",
        "by ",
        "end of day",
        " ",
        "\u{3000}",
        ".",
        "．",
        ":",
        "/",
        "第",
        "月",
        "日",
        "发货",
    ];

    proptest! {
        #[test]
        fn arbitrary_text_never_breaks_spans(text in "\\PC{0,60}") {
            assert_sane(&text);
        }

        #[test]
        fn glued_fragments_never_break_spans(picks in proptest::collection::vec(0..PIECES.len(), 0..24)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            assert_sane(&text);
        }
    }
}
