//! Spoken text as collections write it (issue 18, item 1b): model lines without labels or
//! quotation marks are judged as an agent's words, instructions to staff are not. Each case is a
//! small document written for this file; `fires` and `silent` run the built-in pack.

use servicelint::engine::Engine;
use servicelint::parse::{ParseOptions, parse};
use servicelint::ruleset::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap_or_else(|e| panic!("{e:?}")))
}

/// The findings of one rule on a document: the text each points at and its suggestion.
fn found(rule: &str, text: &str) -> Vec<(String, Option<String>)> {
    let engine = Engine::with_defaults(rules());
    let doc = parse(text.to_string(), &ParseOptions::default());
    engine
        .lint(&doc)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.span.text(text).to_string(), f.suggestion.clone()))
        .collect()
}

#[track_caller]
fn fires(rule: &str, text: &str) {
    assert!(
        !found(rule, text).is_empty(),
        "{rule} should fire on:\n{text}"
    );
}

#[track_caller]
fn silent(rule: &str, text: &str) {
    let got = found(rule, text);
    assert!(
        got.is_empty(),
        "{rule} should stay silent on:\n{text}\nfound {got:?}"
    );
}

#[test]
fn model_lines_of_a_collection_are_judged() {
    let zh = "# 物业客服常用语\n\n- 您好，这里是物业服务中心。\n- 这个事我们不知道，您去问开发商吧。\n- 维修师傅稍后联系您。\n";
    fires("phrasing/negative", zh);
    fires("time/vague", zh);
    let en = "# Returns desk\n\n## Canned responses\n\n- You'll have to bring the receipt.\n- We will email you shortly.\n";
    fires("phrasing/negative", en);
    fires("time/vague", en);
    let macros = "---\nkind: macros\n---\n# Gym membership\n\nHi {name}, we are unable to freeze memberships online.\n";
    fires("phrasing/negative", macros);
    let quoted = "# Gym desk\n\n## Membership freeze\n\n> Hello {name}, someone from the front desk will call you back soon.\n";
    fires("time/vague", quoted);
}

#[test]
fn instructions_to_staff_are_not_model_lines() {
    // An SOP step outside a collection.
    silent(
        "phrasing/negative",
        "# 前台接待流程\n\n1. 遇到答不上的问题，不要说‘不知道’，先登记再回复。\n",
    );
    // A taboo list inside a 话术 document.
    silent(
        "phrasing/negative",
        "# 物业客服话术\n\n## 开场\n\n- 您好，请问有什么可以帮您？\n\n## 服务禁语\n\n- 不知道\n- 没办法\n- 不归我管\n",
    );
    // A heading of rules about wording, its bullets instructions.
    silent(
        "phrasing/negative",
        "# 物业客服话术\n\n## 话术要求\n\n- 语气要亲切\n- 不知道的事先记下来，不可以推给其他部门\n",
    );
    silent(
        "phrasing/negative",
        "# Front desk\n\n## Script guidelines\n\n- Never say you don't know; offer to find out.\n",
    );
    // Instructions and field labels inside a collection.
    silent(
        "phrasing/negative",
        "# 常用话术\n\n- 场景：业主说不知道缴费方式\n- 向业主说明缴费渠道，不要说没办法\n- 好的，我马上帮您查。\n",
    );
    // A list item of instructions in an etiquette guide stays an instruction.
    silent(
        "phrasing/negative",
        "# Phone manners\n\n- You have to smile while you talk.\n- Ask before transferring.\n",
    );
}

#[test]
fn a_suggestion_does_not_repeat_the_subject() {
    let text = "客服：您好，请问有什么可以帮您？\n顾客：我的退款呢？\n客服：退款的事我不知道。\n";
    let got = found("phrasing/negative", text);
    assert_eq!(
        got,
        [("不知道".to_string(), Some("帮您确认一下".to_string()))],
        "the replacement leaves the subject before the phrase alone: 退款的事我帮您确认一下"
    );
    let text = "客服：您好，请问有什么可以帮您？\n顾客：我的退款呢？\n客服：这个我们也不知道。\n";
    assert_eq!(
        found("phrasing/negative", text)[0].1.as_deref(),
        Some("我帮您确认一下"),
        "我们 before, 我 in the suggestion: kept"
    );
    // The customer's 不知道 stays the customer's.
    silent(
        "phrasing/negative",
        "客服：您好，请问有什么可以帮您？\n顾客：我不知道订单号。\n客服：没关系，我用手机号帮您查。\n",
    );
}

#[test]
fn a_department_disclaimer_is_negative_phrasing() {
    fires(
        "phrasing/negative",
        "客服：您好，请问有什么可以帮您？\n顾客：门口的路灯坏了。\n客服：这个不归我们部门管。\n",
    );
}

#[test]
fn empathy_before_or_after_the_apology_are_both_taught_orders() {
    // The HEART model: hear, empathise, apologise, resolve, thank.
    silent(
        "apology/order",
        "# Front desk\n\n## Guest complaints\n\n1. Hear the guest out.\n2. Empathise: show you understand how they feel.\n3. Apologise for the trouble.\n4. Resolve it and give a time.\n5. Thank the guest.\n",
    );
    // A fix promised before any apology is still out of order.
    fires(
        "apology/order",
        "# Front desk\n\n## Guest complaints\n\n1. Hear the guest out.\n2. Explain the corrective action.\n3. Apologise for the trouble.\n",
    );
}

#[test]
fn a_vague_word_before_an_action_for_the_customer_is_a_promise() {
    fires(
        "time/vague",
        "# 家电售后快捷回复\n\n- 亲，我们会尽快帮您催一下师傅。\n",
    );
    fires(
        "time/vague",
        "客服：您好，请问有什么可以帮您？\n顾客：空调还没人来修。\n客服：非常抱歉，稍后为您联系师傅。\n",
    );
    // Asking the customer to wait a moment is no promise; nor is the customer's own 尽快.
    silent(
        "time/vague",
        "客服：您好，请问有什么可以帮您？\n顾客：请尽快帮我看看。\n客服：好的，请稍后，我帮您看看。\n",
    );
}
