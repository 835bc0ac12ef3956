//! Judging like a trainer (issue 18): the error-level false positives a new user meets on the
//! first day, the phrase families, time/vague's promises and the moments named in other words.
//! Each case is a small document written for this file; `fires` and `silent` run the built-in
//! pack with its default levels.

use servicelint::engine::Engine;
use servicelint::parse::{ParseOptions, parse};
use servicelint::ruleset::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().unwrap_or_else(|e| panic!("{e:?}")))
}

/// The findings of one rule on a document: the text each points at.
fn found(rule: &str, text: &str) -> Vec<String> {
    let engine = Engine::with_defaults(rules());
    let doc = parse(text.to_string(), &ParseOptions::default());
    engine
        .lint(&doc)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.span.text(text).to_string())
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

// ---- 1a. A refund or return request is not a complaint -------------------------------------

#[test]
fn routine_refund_and_return_requests_are_not_complaints() {
    for text in [
        "客服：您好，请问有什么可以帮您？\n顾客：我想申请退款。\n客服：好的，我来为您办理。\n",
        "客服：您好，请问有什么可以帮您？\n顾客：我想退货。\n客服：好的，请提供订单号。\n",
        "Agent: Hello, how can I help?\nCustomer: I'd like a refund, please.\nAgent: Of course, I can arrange that.\n",
        "Agent: Hello, how can I help?\nCustomer: How do I return an item I no longer need?\nAgent: You can start a return from your orders page.\n",
        "Agent: Hello, how can I help?\nCustomer: Is the missing chapter in the new edition?\nAgent: Yes, it is.\n",
        "客服：您好，请问有什么可以帮您？\n顾客：退款多久到账？\n客服：一般三个工作日内到账。\n",
    ] {
        silent("apology/missing", text);
        silent("apology/order", text);
    }
}

#[test]
fn dissatisfaction_is_a_complaint_without_a_listed_trigger() {
    for text in [
        // A fault: the parcel went to the wrong address.
        "客服：您好，请问有什么可以帮您？\n顾客：你们把我的包裹寄到别的地址去了！\n客服：好的，我帮您重新寄。\n",
        // Anger.
        "客服：您好，请问有什么可以帮您？\n顾客：气死我了，这都第三次了！\n客服：请提供订单号。\n",
        "Agent: Hello, how can I help?\nCustomer: I'm furious. You shipped it to the wrong address.\nAgent: OK, I'll reship it.\n",
        // A repeated contact.
        "Agent: Hello, how can I help?\nCustomer: I've called three times already about this.\nAgent: What is the order number?\n",
        // A demand for compensation.
        "客服：您好，请问有什么可以帮您？\n顾客：耽误了我一天，你们必须赔偿！\n客服：请您提供订单号。\n",
        // A refund demanded because of a fault is still a complaint.
        "客服：您好，请问有什么可以帮您？\n顾客：收到的杯子是碎的，我要退款！\n客服：好的，给您退。\n",
    ] {
        fires("apology/missing", text);
    }
}

#[test]
fn complaint_words_in_agent_turns_or_negated_do_not_make_a_complaint() {
    for text in [
        // The agent, not the customer, mentions a delay.
        "客服：您好，您的包裹预计明天送达，不会延误。\n顾客：好的，谢谢。\n客服：不客气。\n",
        // The customer says the opposite of a fault.
        "Agent: Hello, how can I help?\nCustomer: Nothing is broken, I just want to change the colour.\nAgent: Sure.\n",
        "客服：您好，请问有什么可以帮您？\n顾客：没有坏，我只是想换个颜色。\n客服：好的。\n",
    ] {
        silent("apology/missing", text);
    }
}

#[test]
fn complaint_rules_say_what_a_complaint_is() {
    let rule = rules()
        .rules
        .iter()
        .find(|r| r.id == "apology/missing")
        .expect("apology/missing exists");
    assert!(rule.summary.en.contains("dissatisf"), "{}", rule.summary.en);
    assert!(rule.summary.zh.contains("不满"), "{}", rule.summary.zh);
    assert!(
        rule.rationale.en.contains("not a complaint"),
        "{}",
        rule.rationale.en
    );
}

// ---- 1b. Counter-example sections exempt every rule ----------------------------------------

#[test]
fn counter_example_sections_do_not_drive_structural_rules() {
    let text = "# 接待话术\n\n## 错误示范\n\n客服：喂，什么事？\n顾客：我的快递还没到。\n客服：不知道，你自己查。\n\n## 正确示范\n\n客服：您好，欢迎致电，请问有什么可以帮您？\n顾客：我的快递还没到。\n客服：非常抱歉，我马上为您查询，请问还有其他可以帮您的吗？感谢您的来电，再见。\n";
    for rule in [
        "greeting/missing",
        "greeting/no-offer",
        "closing/missing",
        "apology/missing",
        "phrasing/negative",
        "phrasing/blame",
    ] {
        silent(rule, text);
    }
}

#[test]
fn a_script_that_is_all_counter_example_is_not_judged() {
    let text = "## Bad example\n\nAgent: Yeah?\nCustomer: My order is late and I'm furious.\nAgent: Not my problem.\n";
    for rule in [
        "greeting/missing",
        "greeting/no-offer",
        "closing/missing",
        "apology/missing",
        "apology/order",
    ] {
        silent(rule, text);
    }
}

#[test]
fn a_teaching_comparison_has_no_opening_to_judge_but_its_model_lines_are_judged() {
    // The model dialogue next to a counter-example is a fragment: no greeting is asked of it.
    let text = "## 反面示范\n\n客服：我也没办法。\n\n## 推荐说法\n\n客服：非常抱歉让您久等了，我马上帮您查。\n顾客：好的。\n";
    silent("greeting/missing", text);
    silent("closing/missing", text);
    // Its own words are still judged.
    let text = "## 反面示范\n\n客服：我也没办法。\n\n## 推荐说法\n\n客服：这个我也没办法。\n";
    assert_eq!(found("phrasing/negative", text), ["我也没办法"]);
    // A complaint in the model dialogue still needs its apology.
    let text =
        "## 反面示范\n\n客服：不知道。\n\n## 推荐说法\n\n顾客：东西坏了！\n客服：好的，给您换。\n";
    fires("apology/missing", text);
}

#[test]
fn counter_example_time_promises_are_not_judged() {
    let text =
        "## 错误示范\n\n客服：我们会尽快处理。\n\n## 正确示范\n\n客服：我们会在2小时内处理。\n";
    silent("time/vague", text);
    fires("time/vague", "## 正确示范\n\n客服：我们会尽快处理。\n");
}

// ---- 1c. Wider counter-example headings and sentence cues ----------------------------------

#[test]
fn wider_counter_example_headings_are_recognised() {
    for heading in [
        "## 反面示范",
        "## 错误案例",
        "## 不规范话术",
        "## ❌ 错误",
        "## 错误示范",
        "## Don't",
        "## Bad example",
        "## Avoid",
    ] {
        let text = format!(
            "{heading}\n\n客服：我也没办法，这是公司规定。\nAgent: You have to wait. There's nothing I can do.\n"
        );
        silent("phrasing/negative", &text);
        silent("greeting/missing", &text);
    }
}

#[test]
fn headings_that_merely_contain_the_words_stay_judged() {
    // "Don't" inside a longer heading that is no counter-example list.
    let text = "## Why customers don't wait\n\n客服：我也没办法。\n";
    fires("phrasing/negative", text);
    let text = "## 常见错误处理流程\n\n客服：我也没办法。\n";
    fires("phrasing/negative", text);
}

#[test]
fn sentence_cues_make_the_quote_a_counter_example() {
    for text in [
        "严禁说“我也没办法”。\n",
        "禁止对顾客说“我也没办法”。\n",
        "不准说“我也没办法”。\n",
        "不可以说“我也没办法”。\n",
        "绝对不能对客户说“我也没办法”。\n",
    ] {
        silent("phrasing/negative", text);
    }
    fires("phrasing/negative", "请对顾客说“我也没办法”。\n");
    // A prohibition of something else, then the words to say: the quote is spoken.
    fires("phrasing/negative", "不要让顾客久等，要说“我也没办法”。\n");
    fires("phrasing/negative", "不要忘记说“我也没办法”。\n");
}

#[test]
fn a_document_titled_as_a_bad_example_is_the_exercise() {
    // The whole document is the dialogue to correct: it is linted.
    let text =
        "# 退款来电：反面示范\n\n客服：喂，什么事？\n顾客：退款还没到账！\n客服：我也没办法。\n";
    fires("greeting/missing", text);
    fires("phrasing/negative", text);
    // A taboo list stays a list, titled or not.
    silent("phrasing/negative", "# 服务禁语\n\n- 我也没办法\n");
}

// ---- 2. Phrase families --------------------------------------------------------------------

#[test]
fn softened_and_polite_negatives_fire() {
    for (rule, line) in [
        ("phrasing/negative", "客服：这个我也不太清楚，您问快递吧。"),
        ("phrasing/negative", "客服：我们真的无法处理。"),
        ("phrasing/negative", "客服：真的没办法。"),
        (
            "phrasing/negative",
            "Agent: You'll have to wait until Monday.",
        ),
        (
            "phrasing/negative",
            "Agent: You would need to call your bank.",
        ),
        ("phrasing/negative", "Agent: You'd have to reinstall it."),
        (
            "phrasing/negative",
            "Agent: Unfortunately we are unable to close accounts over chat.",
        ),
        (
            "phrasing/negative",
            "Agent: According to our policy, refunds come after the return.",
        ),
        ("phrasing/blame", "客服：是您自己没有保存。"),
        ("phrasing/blame", "客服：您没有看清楚收货地址吧。"),
        ("phrasing/blame", "客服：这是你操作不当造成的。"),
        ("phrasing/blame", "客服：您填错了。"),
        (
            "apology/non-apology",
            "Agent: I apologize, but that is the rule.",
        ),
        (
            "apology/non-apology",
            "Agent: My apologies, but we close at five.",
        ),
    ] {
        fires(rule, &format!("{line}\n"));
    }
}

#[test]
fn family_traps_stay_silent() {
    for (rule, line) in [
        ("phrasing/negative", "客服：有不太清楚的地方随时问我。"),
        (
            "phrasing/negative",
            "客服：如果我们无法处理，会马上为您转接专员。",
        ),
        ("phrasing/negative", "客服：我们无法处理的问题会转交主管。"),
        (
            "phrasing/negative",
            "Agent: All you'll have to do is click the link.",
        ),
        (
            "phrasing/negative",
            "Agent: You won't have to do anything else.",
        ),
        ("phrasing/negative", "Customer: I am unable to log in."),
        ("phrasing/negative", "顾客：我也不太清楚。"),
        (
            "phrasing/blame",
            "客服：如果您没有看清楚，我再为您说明一遍。",
        ),
        ("phrasing/blame", "顾客：是我自己没看清楚。"),
        (
            "apology/non-apology",
            "Agent: I apologize for the delay. Here is your new tracking number.",
        ),
    ] {
        silent(rule, &format!("{line}\n"));
    }
}

/// A complaint answered with "I apologize, but…" is one fault, reported once: by
/// apology/non-apology (which says what is wrong with it), not by apology/missing too. A complaint
/// answered with no apology at all is apology/missing's.
#[test]
fn a_sorry_but_is_a_non_apology_reported_once() {
    let text = "Agent: Hello, how can I help?\nCustomer: My parcel arrived damaged.\nAgent: I apologize, but we cannot replace it.\n";
    fires("apology/non-apology", text);
    silent("apology/missing", text);
    fires(
        "apology/missing",
        "Agent: Hello, how can I help?\nCustomer: My parcel arrived damaged.\nAgent: We cannot replace it.\n",
    );
}

// ---- 3. time/vague: promise verbs, quotation beats condition, clause breaks ----------------

#[test]
fn more_promise_verbs_make_a_vague_word_a_commitment() {
    for line in [
        "客服：安装师傅会尽快跟您联系的。",
        "客服：我会尽快帮您反映给相关部门。",
        "客服：我们会尽快为您解答。",
        "客服：稍后转交专员处理。",
        "Agent: We'll be in touch shortly.",
        "Agent: You'll hear from our team very soon.",
        "Agent: You will receive a confirmation shortly.",
    ] {
        fires("time/vague", &format!("{line}\n"));
    }
    // An SOP's steps in English: the actions staff owe are promises too.
    for step in [
        "2. Escalate to a supervisor as soon as possible.",
        "3. Return voicemails promptly.",
        "4. Acknowledge every email as soon as possible.",
        "5. Investigate the fault and answer the customer in a timely manner.",
        "6. Handle the call promptly, then log it.",
    ] {
        fires(
            "time/vague",
            &format!("---\nkind: sop\n---\n# Escalations\n\n1. Log the complaint.\n{step}\n"),
        );
    }
    // Their traps: a time that is concrete, and an "as soon as" of an event.
    for step in [
        "2. Escalate to a supervisor within 30 minutes.",
        "2. Answer the phone as soon as it rings.",
    ] {
        silent(
            "time/vague",
            &format!("---\nkind: sop\n---\n# Calls\n\n1. Greet the caller.\n{step}\n"),
        );
    }
}

#[test]
fn quotation_beats_condition() {
    fires(
        "time/vague",
        "---\nkind: sop\n---\n# 来电处理\n\n1. 如遇当场无法处理的情况，请告诉顾客：“我们会尽快联系您。”\n",
    );
    fires(
        "time/vague",
        "---\nkind: sop\n---\n# Refund calls\n\n1. When a refund cannot be approved on the call, tell the caller: \"We will email you as soon as we can.\"\n",
    );
    // A negated condition without a promise stays silent.
    silent(
        "time/vague",
        "---\nkind: sop\n---\n# 故障处理\n\n1. 如无法尽快定位问题，需上报主管。\n2. 如遇无法尽快解决的问题，记录后在2小时内回复顾客。\n",
    );
}

#[test]
fn a_not_right_now_clause_does_not_silence_a_later_promise() {
    fires(
        "time/vague",
        "Agent: I'm unable to solve it right now, but I will get back to you as soon as possible.\n",
    );
    fires("time/vague", "客服：现在无法查到，但我会尽快回复您。\n");
}

#[test]
fn time_vague_traps_stay_silent() {
    for line in [
        "客服：请您稍后，我帮您联系一下快递。",
        "客服：不能让您久等，我马上为您查询。",
        "顾客：请尽快跟我联系。",
        "Agent: Thanks, see you soon!",
        "Agent: As soon as the parcel arrives, the tracking page updates.",
    ] {
        silent("time/vague", &format!("{line}\n"));
    }
    silent(
        "time/vague",
        "---\nkind: sop\n---\n# 员工守则\n\n1. 遇到问题及时联系主管。\n",
    );
}

// ---- 4. Moments named in other words -----------------------------------------------------

#[test]
fn moments_named_in_other_words_need_a_time_standard() {
    for (heading, items) in [
        ("## 前台接待", "1. 主动问候客人。\n2. 核对预订信息。\n"),
        (
            "## Guest Complaints",
            "1. Listen to the guest.\n2. Apologise sincerely.\n",
        ),
        (
            "## Check-in",
            "1. Ask for the booking reference.\n2. Hand over the key card.\n",
        ),
        (
            "## Follow-up",
            "1. Call the customer after the repair.\n2. Log the answer.\n",
        ),
        (
            "## Phone Etiquette",
            "1. Answer with the company name.\n2. Smile while you talk.\n",
        ),
        ("## 宾客投诉", "1. 倾听客人。\n2. 记录问题。\n"),
    ] {
        let text = format!("---\nkind: sop\n---\n# Handbook\n\n{heading}\n\n{items}");
        fires("time/missing", &text);
    }
}

#[test]
fn moment_words_elsewhere_or_with_a_standard_stay_silent() {
    for text in [
        // A time standard is set.
        "---\nkind: sop\n---\n## Check-in\n\n1. Greet the guest within 30 seconds.\n2. Hand over the key card.\n",
        // The word is not in a heading.
        "---\nkind: sop\n---\n## Rooms\n\n1. Explain the check-in time.\n2. Show the lift.\n",
        // A script is no SOP.
        "Agent: Hello, welcome to the front desk.\nCustomer: Hi.\nAgent: Thank you, goodbye.\n",
    ] {
        silent("time/missing", text);
    }
}

#[test]
fn guest_complaint_sections_need_an_apology_step() {
    fires(
        "apology/missing",
        "---\nkind: sop\n---\n# Front office SOP\n\n## Guest Complaints\n\n1. Listen to the guest.\n2. Log the complaint.\n",
    );
    silent(
        "apology/missing",
        "---\nkind: sop\n---\n# Front office SOP\n\n## Guest Complaints\n\n1. Listen to the guest.\n2. Apologise sincerely.\n",
    );
}

#[test]
fn phone_etiquette_sections_need_a_greeting_and_accept_the_named_answer() {
    fires(
        "greeting/missing",
        "---\nkind: sop\n---\n# Phone Etiquette\n\n- Answer within three rings.\n- Take a message if needed.\n",
    );
    silent(
        "greeting/missing",
        "---\nkind: sop\n---\n# Phone Etiquette\n\n- Answer within three rings.\n- Say your name and the company name first.\n",
    );
    fires(
        "greeting/missing",
        "---\nkind: sop\n---\n# 前台接待\n\n1. 核对客人的预订信息。\n2. 办理入住。\n",
    );
}

#[test]
fn an_essay_heading_about_complaints_is_no_procedure() {
    let text = "---\nkind: sop\n---\n# Guide\n\n## Why Customer Complaints Are Valuable\n\n- Loyal customers spend more.\n- Winning a new customer costs more.\n";
    silent("time/missing", text);
    silent("apology/missing", text);
}

// ---- 5. The four new rules ------------------------------------------------------------------

#[test]
fn the_four_new_rules_are_in_the_pack() {
    for id in [
        "closing/no-confirmation",
        "time/open-commitment",
        "apology/no-empathy",
        "apology/no-restate",
    ] {
        assert!(rules().rules.iter().any(|r| r.id == id), "{id}");
    }
}

#[test]
fn closing_without_confirmation() {
    fires(
        "closing/no-confirmation",
        "客服：您好，请问有什么可以帮您？\n顾客：改地址。\n客服：已改好，感谢来电，再见。\n",
    );
    silent(
        "closing/no-confirmation",
        "客服：您好，请问有什么可以帮您？\n顾客：改地址。\n客服：已改好，请问还有其他问题吗？感谢来电，再见。\n",
    );
    // The customer's thanks is no closing of the agent's.
    silent(
        "closing/no-confirmation",
        "客服：您好，请问有什么可以帮您？\n顾客：谢谢，再见。\n客服：好的，我马上为您查询。\n",
    );
}

#[test]
fn open_commitments() {
    fires(
        "time/open-commitment",
        "客服：这个要看财务的安排，回头我联系您。\n",
    );
    fires(
        "time/open-commitment",
        "Agent: Sure, I'll ask billing and follow up with you.\n",
    );
    for text in [
        "客服：今天下午5点前给您回电。\n",
        "客服：我们会尽快给您回复。\n",
        "客服：请问什么时候联系您比较方便？\n",
        "顾客：那你们查完回复我。\n",
        "Agent: I'll get back to you within two hours.\n",
        "## 错误示范\n\n客服：回头我联系您。\n",
    ] {
        silent("time/open-commitment", text);
    }
}

#[test]
fn empathy_and_restating_in_complaints() {
    let bare = "客服：您好，请问有什么可以帮您？\n顾客：你们把我的包裹寄错地址了，气死我了！\n客服：非常抱歉，我马上为您重新寄一份，明天送到。\n";
    fires("apology/no-empathy", bare);
    fires("apology/no-restate", bare);
    let full = "客服：您好，请问有什么可以帮您？\n顾客：你们把我的包裹寄错地址了，气死我了！\n客服：非常抱歉，理解您的心情。您是说包裹送到了别的地址，对吗？\n顾客：对。\n客服：我马上为您重新寄一份，明天送到。\n";
    silent("apology/no-empathy", full);
    silent("apology/no-restate", full);
    // A routine request is no complaint.
    let request =
        "客服：您好，请问有什么可以帮您？\n顾客：我想申请退款。\n客服：好的，我来为您办理。\n";
    silent("apology/no-empathy", request);
    silent("apology/no-restate", request);
}

// ---- A dataset's sample dialogue in a fence is an excerpt, not a call ------------------------

#[test]
fn a_fenced_sample_of_logged_chats_is_read_for_wording_only() {
    let readme = "# 对话数据集\n\n每行一轮，列之间用制表符分隔。\n\n```\nrole, text, label\n\nUSER\t我的快递到现在还没收到，太慢了\tDELAY\nSYSTEM\t这个我不知道\t\nUSER\t你们怎么回事\tOTHER\nSYSTEM\t那您再等等吧\t\n```\n\n数据仅供研究使用。\n";
    // No opening or closing of its own: an excerpt starts and ends mid-call.
    for rule in ["greeting/missing", "greeting/no-offer", "closing/missing"] {
        silent(rule, readme);
    }
    // Its complaint is logged data, not one this document answers.
    for rule in [
        "apology/missing",
        "apology/no-empathy",
        "apology/no-restate",
    ] {
        silent(rule, readme);
    }
    // Its wording is still read.
    assert_eq!(found("phrasing/negative", readme), ["不知道"]);
    // The same rows as a script of their own (no fence) are judged as a call.
    let script = "USER\t我的快递到现在还没收到，太慢了\nSYSTEM\t这个我不知道\n";
    fires("greeting/missing", script);
    fires("apology/missing", script);
}

// ---- Complaint words of annoyance and of a spill, with their traps ---------------------------

#[test]
fn annoyance_and_spills_are_complaints_but_oops_and_politeness_are_not() {
    for text in [
        "客服：您好，请问有什么可以帮您？\n顾客：送来的汤全洒了，太糟糕了。\n客服：好的，我给您退款。\n",
        "Agent: Hi, how can I help?\nCustomer: The app logs me out every hour, it's really annoying.\nAgent: Please reinstall it.\n",
    ] {
        fires("apology/missing", text);
    }
    for text in [
        "客服：您好，请问有什么可以帮您？\n顾客：糟糕，我忘了订单号，能用手机号查吗？\n客服：可以的，请提供手机号。\n",
        "Agent: Hi, how can I help?\nCustomer: Sorry to be annoying, but can I change the delivery date?\nAgent: Of course, which date suits you?\n",
    ] {
        silent("apology/missing", text);
    }
}

#[test]
fn answering_the_phone_with_wei_nawei_is_a_taboo() {
    fires(
        "phrasing/forbidden",
        "客服：喂，哪位？\n顾客：我想查一下订单。\n",
    );
    silent(
        "phrasing/forbidden",
        "客服：您好，请问是哪位？\n顾客：我姓王。\n",
    );
}
