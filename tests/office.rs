//! Office files, spreadsheets and chat exports (issue 15): the fixtures in tests/fixtures/office/
//! (written by make_fixtures.py there) give the findings expected, at their `location`.

use serde_json::Value;
use servicelint::input::reader_for;
use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("tests/fixtures/office/{name}")
}

/// The extracted text of a fixture, as its reader makes it.
fn extracted(name: &str) -> servicelint::input::Source {
    let path = fixture(name);
    let bytes = std::fs::read(&path).expect("fixture");
    reader_for(&path)(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `servicelint check --format json` on a fixture: its diagnostics.
fn diagnostics(name: &str) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_servicelint"))
        .args(["check", "--format", "json", "--isolated"])
        .arg(Path::new(&fixture(name)))
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{name}: {e}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    json["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The (rule, location) pairs of a fixture's findings.
fn findings(name: &str) -> Vec<(String, Value)> {
    diagnostics(name)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or("").to_string(),
                d["location"].clone(),
            )
        })
        .collect()
}

fn has(found: &[(String, Value)], rule: &str, location: Value) -> bool {
    found.iter().any(|(r, l)| r == rule && *l == location)
}

fn concise(name: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_servicelint"))
        .args(["check", "--format", "concise", "--isolated"])
        .arg(Path::new(&fixture(name)))
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ------------------------------------------------------------------ .docx

#[test]
fn docx_is_read_as_markdown_shaped_text() {
    let source = extracted("refund.docx");
    let text = &source.text;
    for line in [
        "# 退款进度查询话术\n",
        "# 一、接听\n",
        "**客服：**您好，我是客服小林，请问有什么可以帮您？\n",
        "1. 核对订单号和来电号码。\n",
        "3. 告知顾客预计到账时间。\n",
        "- 语气平和\n",
        "| 问题 | 回复 |\n| --- | --- |\n| 多久到账？ | 一般 3 个工作日内到账。 |\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    let at = text.find("我不知道").expect("the paragraph");
    assert_eq!(
        source.location_at(at).and_then(|l| l.paragraph),
        Some(6),
        "{text}"
    );
    let at = text.find("我帮您登记加急").expect("the cell");
    assert_eq!(source.location_at(at).and_then(|l| l.paragraph), Some(19));
}

#[test]
fn docx_findings_carry_their_paragraph() {
    let found = findings("refund.docx");
    let p = |n: u32| serde_json::json!({ "paragraph": n });
    assert!(has(&found, "phrasing/negative", p(6)), "{found:?}");
    // The greeting (¶4) and the closing (¶20) are read: neither is reported missing.
    assert!(!found.iter().any(|(r, _)| r.starts_with("greeting/missing")));
    assert!(!found.iter().any(|(r, _)| r == "closing/missing"));
    assert!(
        concise("refund.docx").contains("refund.docx:¶6: warning[phrasing/negative]"),
        "{}",
        concise("refund.docx")
    );
}

fn output(name: &str, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_servicelint"))
        .args(["check", "--format", format, "--isolated"])
        .env("NO_COLOR", "1")
        .arg(Path::new(&fixture(name)))
        .output()
        .expect("runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_format_shows_the_location() {
    let path = fixture("refund.docx");
    let github = output("refund.docx", "github");
    assert!(github.contains(&format!("::{path}:¶6: ")), "{github}");
    let pretty = output("refund.docx", "pretty");
    assert!(pretty.contains(&format!("{path}:¶6")), "{pretty}");
    let sarif: Value = serde_json::from_str(&output("refund.docx", "sarif")).expect("sarif");
    let names: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["name"].as_str())
        .collect();
    assert!(names.contains(&"¶6"), "{sarif:#}");
}

// ------------------------------------------------------------------ spreadsheets

#[test]
fn xlsx_rows_are_small_dialogues_under_their_scenario() {
    let source = extracted("faq.xlsx");
    let text = &source.text;
    for part in [
        "# 售后话术\n",
        "## 退款查询\n\n顾客：我的退款怎么还没到？\n客服：您好，非常抱歉让您久等了，我马上为您查询。\n",
        "## 物流催促\n",
        "# Macros\n",
        "## Late order\n\nCustomer: Where is my order?\nAgent: I'm sorry for the wait",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
    // Columns that are not the scenario's, the customer's or the agent's are not read.
    assert!(!text.contains("反例"), "{text}");
    assert!(
        !text.contains("空白"),
        "an empty sheet has no heading: {text}"
    );
}

#[test]
fn xlsx_findings_carry_their_sheet_and_cell() {
    let found = findings("faq.xlsx");
    let cell = |sheet: &str, cell: &str| serde_json::json!({ "sheet": sheet, "cell": cell });
    assert!(
        has(&found, "phrasing/negative", cell("售后话术", "D4")),
        "{found:?}"
    );
    assert!(
        has(&found, "phrasing/negative", cell("Macros", "C3")),
        "{found:?}"
    );
    // A sheet of replies is not a call: no greeting or closing is asked of it.
    assert!(
        !found
            .iter()
            .any(|(r, _)| r.starts_with("greeting/") || r == "closing/missing"),
        "{found:?}"
    );
    assert!(concise("faq.xlsx").contains("faq.xlsx:售后话术!D4: warning[phrasing/negative]"));
}

#[test]
fn csv_findings_carry_their_row_and_cell() {
    let found = findings("faq.csv");
    assert!(
        has(
            &found,
            "phrasing/negative",
            serde_json::json!({ "row": 2, "cell": "C2" })
        ),
        "{found:?}"
    );
    assert!(concise("faq.csv").contains("faq.csv:C2: warning[phrasing/negative]"));
}

// ------------------------------------------------------------------ .pptx

#[test]
fn pptx_slides_are_sections_in_reading_order_with_notes() {
    let source = extracted("training.pptx");
    let text = &source.text;
    for part in [
        "# 客服接待培训\n\n第一课：电话接听\n",
        "# 接听话术\n\n客服：您好，我是客服小周，请问有什么可以帮您？\n\n顾客：我的订单一直没发货。\n",
        "客服：感谢您的来电，祝您生活愉快，再见！\n\n## 备注\n\n提醒学员：",
        "# 常见问题\n\n| 问题 | 回复 |\n| --- | --- |\n| 多久发货？ | 一般 48 小时内发货。 |\n",
    ] {
        assert!(text.contains(part), "{part:?} in\n{text}");
    }
}

#[test]
fn pptx_findings_carry_slide_shape_and_paragraph() {
    let found = findings("training.pptx");
    assert!(
        has(
            &found,
            "phrasing/negative",
            serde_json::json!({ "slide": 2, "shape": 2, "paragraph": 3 })
        ),
        "{found:?}"
    );
    // The notes tell trainees not to say it: a lesson, not a fault.
    assert_eq!(
        found
            .iter()
            .filter(|(r, _)| r == "phrasing/negative")
            .count(),
        1,
        "{found:?}"
    );
    assert!(concise("training.pptx").contains("training.pptx:slide2/shape2/¶3: warning"));
}

// ------------------------------------------------------------------ chat exports

#[test]
fn chat_export_messages_are_turns_with_their_number() {
    let source = extracted("chat.jsonl");
    assert!(
        source.text.starts_with(
            "客服：您好，我是在线客服小美，请问有什么可以帮您？\n顾客：我买的耳机坏了"
        ),
        "{}",
        source.text
    );
    let found = findings("chat.jsonl");
    let m = |n: u32| serde_json::json!({ "message": n });
    assert!(has(&found, "phrasing/negative", m(5)), "{found:?}");
    // The greeting (message 1) and the closing (message 7) are read.
    assert!(
        !found
            .iter()
            .any(|(r, _)| r == "greeting/missing" || r == "closing/missing"),
        "{found:?}"
    );
    assert!(concise("chat.jsonl").contains("chat.jsonl:message5: warning[phrasing/negative]"));
}

// ------------------------------------------------------------------ chat exports as columns

#[test]
fn a_tsv_export_with_bare_flags_is_a_dialogue_told_by_voice() {
    // session, user, flag, text with no header: the flag whose messages address the customer
    // politely (您, 亲, 请) is the agent's.
    let source = extracted("export.tsv");
    assert!(
        source
            .text
            .starts_with("顾客：我的洗衣机昨天送到就坏了\n客服：您好，请问有什么可以帮您？\n"),
        "{}",
        source.text
    );
    let found = findings("export.tsv");
    let cell = |row: u32| serde_json::json!({ "row": row, "cell": format!("D{row}") });
    assert!(has(&found, "phrasing/negative", cell(4)), "{found:?}");
    // The greeting is there; one conversation, judged as a call.
    assert!(
        !found.iter().any(|(r, _)| r == "greeting/missing"),
        "{found:?}"
    );
    assert!(has(&found, "closing/missing", cell(6)), "{found:?}");
}

#[test]
fn a_csv_of_tweets_reads_inbound_false_as_the_company() {
    let source = extracted("tweets.csv");
    assert!(
        source.text.starts_with(
            "Customer: @ShopCo my parcel is a week late, nobody answers the phone\nAgent: @c42 Sorry for the wait."
        ),
        "{}",
        source.text
    );
    // Threads of replies are many conversations: no whole-call rule judges the file as one call.
    assert!(source.library);
    let found = findings("tweets.csv");
    assert!(
        has(
            &found,
            "time/vague",
            serde_json::json!({ "row": 3, "cell": "D3" })
        ),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(r, _)| r.starts_with("greeting/") || r.starts_with("closing/")),
        "{found:?}"
    );
}

#[test]
fn a_json_of_conversations_of_speaker_text_pairs_is_read() {
    let source = extracted("convos.json");
    assert!(
        source
            .text
            .starts_with("## Conversation 101\n\nAgent: Hi, thanks for contacting us."),
        "{}",
        source.text
    );
    assert!(!source.text.contains("Order status pulled up"));
    let found = findings("convos.json");
    assert!(
        has(
            &found,
            "phrasing/forbidden",
            serde_json::json!({ "message": 4 })
        ),
        "{found:?}"
    );
}
