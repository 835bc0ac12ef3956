//! Regular expressions in user rule files (`regex.zh` / `regex.en` in `forbid` and `require`):
//! load errors point at the pattern, matches point at the exact text, and no pattern makes a run slow.

use servicelint::engine::Engine;
use servicelint::parse::{ParseOptions, parse};
use servicelint::ruleset::{RuleSet, RuleSource};

const TEXTS: &str = r#"
summary.zh = "测试"
summary.en = "Test"
level = "warning"
message.zh = "找到：{found}"
message.en = "Found: {found}"
help.zh = "改写"
help.en = "Rewrite it"
rationale.zh = "测试规则"
rationale.en = "A test rule"
"#;

const EXAMPLES: &str = r#"
[examples]
bad = ["Agent: x\n"]
good = ["Agent: y\n"]
"#;

fn source(id: &str, check: &str) -> RuleSource {
    RuleSource {
        id: id.into(),
        path: format!("house/{id}.toml"),
        text: format!("{TEXTS}\n{check}\n{EXAMPLES}"),
        builtin: false,
    }
}

fn load(check: &str) -> RuleSet {
    RuleSet::load(vec![source("house/test", check)]).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Each finding of the test rule as (its text, its message).
fn findings(rules: &RuleSet, text: &str) -> Vec<(String, String)> {
    let engine = Engine::with_defaults(rules);
    let doc = parse(text.to_string(), &ParseOptions::default());
    engine
        .lint_alone(&doc)
        .into_iter()
        .filter(|f| f.rule == "house/test")
        .map(|f| (f.span.text(text).to_string(), f.message))
        .collect()
}

#[test]
fn forbid_regex_points_at_the_match() {
    let rules = load(
        "[check.forbid]\nscope = \"agent-turns\"\nregex.zh = ['退款.{0,6}\\d+\\s*天']\nregex.en = ['(?i)\\brefund\\b.{0,20}?\\b\\d+ days\\b']\n",
    );
    let zh = "客服：您好，您的退款会在 7 天内到账。\n顾客：好的。\n";
    assert_eq!(
        findings(&rules, zh),
        vec![(
            "退款会在 7 天".to_string(),
            "找到：退款会在 7 天".to_string()
        )]
    );
    let en = "Agent: Your Refund will arrive in 5 days.\nCustomer: Thanks.\n";
    assert_eq!(
        findings(&rules, en),
        vec![(
            "Refund will arrive in 5 days".to_string(),
            "Found: Refund will arrive in 5 days".to_string()
        )]
    );
    // Business days pass; the customer's own words are not the agent's.
    assert!(
        findings(
            &rules,
            "Agent: Your refund arrives within 5 business days.\n"
        )
        .is_empty()
    );
    assert!(
        findings(
            &rules,
            "Customer: My refund took 9 days.\nAgent: I'm sorry.\n"
        )
        .is_empty()
    );
}

#[test]
fn a_regex_applies_to_its_language_only() {
    let rules = load("[check.forbid]\nscope = \"document\"\nregex.zh = ['\\d+天']\n");
    assert_eq!(findings(&rules, "客服：3天内回复您。\n").len(), 1);
    assert!(findings(&rules, "Agent: we reply in 3天 at most.\n").is_empty());
}

#[test]
fn allowed_phrases_and_counter_examples_cancel_regex_hits() {
    let rules =
        load("[check.forbid]\nregex.en = ['(?i)\\bno way\\b']\nallow.en = [\"no way to lose\"]\n");
    assert_eq!(findings(&rules, "Agent: No way.\n").len(), 1);
    assert!(findings(&rules, "Agent: There is no way to lose your data.\n").is_empty());
    let lesson = "# Don't say\n\n- \"No way\"\n";
    assert!(findings(&rules, lesson).is_empty());
}

#[test]
fn require_is_satisfied_by_a_regex() {
    let rules = load(
        "[check.require]\nscope = \"first-agent-turn\"\nregex.en = ['(?i)\\bticket #?\\d{4,}']\n",
    );
    assert!(findings(&rules, "Agent: Hello, this is ticket #20417.\n").is_empty());
    assert_eq!(findings(&rules, "Agent: Hello, how can I help?\n").len(), 1);
}

#[test]
fn bad_patterns_are_load_errors_at_the_pattern_all_at_once() {
    let check = "[check.forbid]\nregex.zh = ['退款(', '\\w{1000}{1000}', 'a*']\nregex.en = []\n";
    let source = source("house/test", check);
    let text = source.text.clone();
    let errors = match RuleSet::load(vec![source]) {
        Ok(_) => panic!("bad patterns must not load"),
        Err(e) => e,
    };
    let got: Vec<(String, String)> = errors
        .errors
        .iter()
        .map(|e| {
            let start = e.span.offset();
            (
                text[start..start + e.span.len()].to_string(),
                e.message.clone(),
            )
        })
        .collect();
    assert_eq!(errors.count, 4, "{got:?}");
    assert_eq!(got[0].0, "'退款('");
    assert!(got[0].1.starts_with("bad regex: unclosed group"), "{got:?}");
    assert_eq!(got[1].0, "'\\w{1000}{1000}'");
    assert!(got[1].1.starts_with("regex too large"), "{got:?}");
    assert_eq!(got[2].0, "'a*'");
    assert!(got[2].1.contains("matches empty text"), "{got:?}");
    assert_eq!(got[3], ("[]".to_string(), "empty regex list".to_string()));
}

#[test]
fn a_clause_may_have_regexes_instead_of_phrases_but_not_neither() {
    let errors = match RuleSet::load(vec![source(
        "house/test",
        "[check.forbid]\nscope = \"document\"\n",
    )]) {
        Ok(_) => panic!("a forbid clause with nothing to look for must not load"),
        Err(e) => e,
    };
    assert!(
        errors.errors[0].message.contains("regex.zh"),
        "{}",
        errors.errors[0].message
    );
    let errors = match RuleSet::load(vec![source("house/test", "[check.forbid]\nregex = {}\n")]) {
        Ok(_) => panic!("an empty regex table must not load"),
        Err(e) => e,
    };
    assert!(errors.errors[0].message.contains("no patterns"));
}

#[test]
fn pathological_patterns_run_in_linear_time() {
    // Patterns that make a backtracking engine take exponential time; the `regex` crate has no
    // backtracking, so a 200 000-character line is read once per pattern. (No timing assertion:
    // the test would hang, not fail, if this ever regressed.)
    let rules = load(
        "[check.forbid]\nscope = \"document\"\nregex.en = ['(x+x+)+y', '(a|aa)*b', '(\\w+\\s?)*!']\n",
    );
    let long = format!("Agent: {}\n", "x".repeat(200_000));
    assert!(findings(&rules, &long).is_empty());
    let with_y = format!("Agent: {}y\n", "x".repeat(200_000));
    assert_eq!(findings(&rules, &with_y).len(), 1);
    let words = format!("Agent: {}\n", "aaaa ".repeat(40_000));
    assert!(findings(&rules, &words).is_empty());
}
