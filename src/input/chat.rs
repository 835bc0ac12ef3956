//! Chat exports (.jsonl, .json): messages `{role|speaker|from|sender|author, text|content|message|body}`
//! read as a dialogue, one speaker turn per message (`客服：…` / `顾客：…`, or `Agent:` /
//! `Customer:` for English chats), each mapped back to `{"message": N}` (1-based, in file order).
//!
//! A `.json` file is an array of messages or an object holding one under `messages`,
//! `conversation`, `dialogue`, `dialog`, `turns` or `chat`. Roles: agent, assistant, 客服, support,
//! staff, … are the agent's; user, customer, 顾客, 客户, … the customer's; `system` messages (a
//! prompt, not a line said) are not read; any other role is kept as its label.

use super::extract::{Extract, one_line};
use super::{Location, SkipReason, Source};
use serde_json::Value;

const ROLE_KEYS: &[&str] = &[
    "role", "speaker", "from", "sender", "author", "name", "type",
];
const TEXT_KEYS: &[&str] = &["text", "content", "message", "body", "utterance", "value"];
const LIST_KEYS: &[&str] = &[
    "messages",
    "conversation",
    "dialogue",
    "dialog",
    "turns",
    "chat",
];

/// Agent role names (compared lower case).
pub const AGENT_ROLES: &[&str] = &[
    "agent",
    "assistant",
    "support",
    "staff",
    "rep",
    "representative",
    "operator",
    "csr",
    "advisor",
    "service",
    "bot",
    "客服",
    "坐席",
    "人工客服",
    "在线客服",
    "商家",
    "卖家",
];
/// Customer role names.
pub const CUSTOMER_ROLES: &[&str] = &[
    "user",
    "customer",
    "client",
    "caller",
    "guest",
    "visitor",
    "buyer",
    "human",
    "顾客",
    "客户",
    "用户",
    "买家",
    "客人",
    "来电者",
];

/// Read a .json chat export.
pub fn read_json(bytes: &[u8]) -> Result<Source, SkipReason> {
    let decoded = super::text::decode(bytes)?;
    let value: Value = serde_json::from_str(&decoded.text).map_err(|e| {
        SkipReason::Unreadable(format!("not a chat export: the .json cannot be read ({e})"))
    })?;
    let list = match &value {
        Value::Array(items) => Some(items),
        Value::Object(map) => LIST_KEYS
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_array)),
        _ => None,
    };
    let Some(list) = list else {
        return Err(SkipReason::Unreadable(
            "not a chat export: the .json is not a list of messages".to_string(),
        ));
    };
    dialogue(list.iter().map(Some))
}

/// Read a .jsonl chat export (one message object a line; lines that are not one are passed over).
pub fn read_jsonl(bytes: &[u8]) -> Result<Source, SkipReason> {
    let decoded = super::text::decode(bytes)?;
    let values: Vec<Option<Value>> = decoded
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).ok())
        .collect();
    dialogue(values.iter().map(Option::as_ref))
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        // Content as parts: [{"type": "text", "text": "…"}, …].
        Value::Array(parts) => Some(
            parts
                .iter()
                .filter_map(|p| match p {
                    Value::String(s) => Some(s.clone()),
                    Value::Object(m) => m.get("text").and_then(Value::as_str).map(str::to_string),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    }
}

fn role_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => ["role", "name", "type"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str))
            .map(str::to_string),
        _ => None,
    }
}

/// Who a role is: `Some(true)` agent, `Some(false)` customer, `None` another.
fn side(role: &str) -> Option<bool> {
    let r = role.trim().to_lowercase();
    if AGENT_ROLES.contains(&r.as_str()) {
        Some(true)
    } else if CUSTOMER_ROLES.contains(&r.as_str()) {
        Some(false)
    } else {
        None
    }
}

fn dialogue<'a>(messages: impl Iterator<Item = Option<&'a Value>>) -> Result<Source, SkipReason> {
    let mut parsed: Vec<(u32, String, String)> = Vec::new();
    for (i, message) in messages.enumerate() {
        let Some(Value::Object(m)) = message else {
            continue;
        };
        let role = ROLE_KEYS
            .iter()
            .find_map(|k| m.get(*k).and_then(role_of))
            .unwrap_or_default();
        let Some(text) = TEXT_KEYS.iter().find_map(|k| m.get(*k).and_then(text_of)) else {
            continue;
        };
        let text = one_line(&text);
        if text.is_empty() || role.trim().eq_ignore_ascii_case("system") {
            continue;
        }
        parsed.push((i as u32 + 1, role, text));
    }
    if !parsed.iter().any(|(_, role, _)| side(role).is_some()) {
        return Err(SkipReason::Unreadable(
            "not a chat export: no message has an agent or customer role".to_string(),
        ));
    }
    let zh = parsed
        .iter()
        .any(|(_, _, t)| t.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    let mut out = Extract::new();
    for (n, role, text) in &parsed {
        out.at(Location {
            message: Some(*n),
            ..Location::default()
        });
        let label = match (side(role), zh) {
            (Some(true), true) => "客服：".to_string(),
            (Some(false), true) => "顾客：".to_string(),
            (Some(true), false) => "Agent: ".to_string(),
            (Some(false), false) => "Customer: ".to_string(),
            (None, _) => format!("{}: ", one_line(role)),
        };
        out.push(&label);
        out.push(text);
        out.newline();
    }
    Ok(out.finish("UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_messages_become_turns() {
        let jsonl = r#"{"role": "assistant", "content": "您好，请问有什么可以帮您？"}
{"role": "user", "content": "我的快递丢了"}
not json
{"speaker": "客服", "text": "不知道，你自己查吧。"}
"#;
        let s = read_jsonl(jsonl.as_bytes()).expect("reads");
        assert_eq!(
            s.text,
            "客服：您好，请问有什么可以帮您？\n顾客：我的快递丢了\n客服：不知道，你自己查吧。\n"
        );
        let at = s.text.find("不知道").expect("text");
        assert_eq!(s.location_at(at).and_then(|l| l.message), Some(4));
    }

    #[test]
    fn json_arrays_and_wrapped_lists() {
        let json = r#"{"messages": [{"from": "customer", "message": "Where is my order?"},
            {"from": "agent", "message": "I don't know."}, {"role": "system", "content": "be nice"}]}"#;
        let s = read_json(json.as_bytes()).expect("reads");
        assert_eq!(
            s.text,
            "Customer: Where is my order?\nAgent: I don't know.\n"
        );
        assert!(matches!(
            read_json(br#"{"name": "pkg", "version": "1.0.0"}"#),
            Err(SkipReason::Unreadable(_))
        ));
        assert!(matches!(
            read_json(b"[1, 2, 3]"),
            Err(SkipReason::Unreadable(_))
        ));
    }
}
