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
    if let Some(source) = conversations(&value) {
        return source;
    }
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

/// Keys of a conversation's own id, shown in its heading.
const ID_KEYS: &[&str] = &[
    "convo_id",
    "conversation_id",
    "dialogue_id",
    "dialog_id",
    "id",
];

/// Keys under which a conversation object holds its messages, beyond [`LIST_KEYS`] (ABCD's
/// `original` and `delexed` lists of `[speaker, text]` pairs).
const MORE_LIST_KEYS: &[&str] = &["original", "utterances", "log", "delexed"];

/// The messages of a conversation object.
fn messages_of(value: &Value) -> Option<&Vec<Value>> {
    let Value::Object(map) = value else {
        return None;
    };
    if TEXT_KEYS.iter().any(|k| map.contains_key(*k)) {
        return None;
    }
    LIST_KEYS
        .iter()
        .chain(MORE_LIST_KEYS)
        .find_map(|k| map.get(*k).and_then(Value::as_array))
}

/// A .json array of conversations, each an object holding its messages (ABCD: `{"convo_id": 3592,
/// "original": [["agent", "Hi!"], ["customer", "…"], …]}`): one section per conversation, headed
/// by its id, its messages numbered through the file; several conversations are a library (the
/// whole-call rules do not judge them as one call). `None` when the value is not such an array.
fn conversations(value: &Value) -> Option<Result<Source, SkipReason>> {
    let items = value.as_array()?;
    let first = items.first()?;
    messages_of(first)?;
    let mut all: Vec<(Option<String>, Option<&Value>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(list) = messages_of(item) else {
            continue;
        };
        let id = ID_KEYS
            .iter()
            .find_map(|k| item.get(*k))
            .map(|v| match v {
                Value::String(s) => one_line(s),
                other => other.to_string(),
            })
            .unwrap_or_else(|| (i + 1).to_string());
        all.push((Some(id), None));
        all.extend(list.iter().map(|m| (None, Some(m))));
    }
    let several = all.iter().filter(|(id, _)| id.is_some()).count() > 1;
    Some(dialogue_in(all.into_iter(), several).map(|mut s| {
        s.library = several;
        s
    }))
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
pub(super) fn side(role: &str) -> Option<bool> {
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
    dialogue_in(messages.map(|m| (None, m)), false)
}

/// A message's role and text: an object with a role and a text key, or a `[speaker, text]` pair.
fn role_and_text(message: &Value) -> Option<(String, String)> {
    match message {
        Value::Object(m) => {
            let role = ROLE_KEYS
                .iter()
                .find_map(|k| m.get(*k).and_then(role_of))
                .unwrap_or_default();
            let text = TEXT_KEYS.iter().find_map(|k| m.get(*k).and_then(text_of))?;
            Some((role, text))
        }
        Value::Array(pair) => match pair.as_slice() {
            [Value::String(role), Value::String(text), ..] => Some((role.clone(), text.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// Role values of lines that no one says: a prompt, a logged action.
const NOT_SAID: &[&str] = &["system", "action"];

/// Messages as turns; an item with an id (and no message) opens a conversation's section when
/// `headed`. Messages are numbered through the file.
fn dialogue_in<'a>(
    items: impl Iterator<Item = (Option<String>, Option<&'a Value>)>,
    headed: bool,
) -> Result<Source, SkipReason> {
    // (message number, role, text), or a conversation's id with number 0.
    let mut parsed: Vec<(u32, String, String)> = Vec::new();
    let mut n = 0u32;
    for (id, message) in items {
        if let Some(id) = id {
            if headed {
                parsed.push((0, String::new(), id));
            }
            continue;
        }
        n += 1;
        let Some((role, text)) = message.and_then(role_and_text) else {
            continue;
        };
        let text = one_line(&text);
        let r = role.trim().to_ascii_lowercase();
        if text.is_empty() || NOT_SAID.contains(&r.as_str()) {
            continue;
        }
        parsed.push((n, role, text));
    }
    if !parsed
        .iter()
        .any(|(n, role, _)| *n > 0 && side(role).is_some())
    {
        return Err(SkipReason::Unreadable(
            "not a chat export: no message has an agent or customer role".to_string(),
        ));
    }
    let zh = parsed
        .iter()
        .any(|(_, _, t)| t.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)));
    let mut out = Extract::new();
    for (i, (n, role, text)) in parsed.iter().enumerate() {
        if *n == 0 {
            // A conversation's heading, at its first message.
            out.blank_line();
            out.at(Location {
                message: parsed[i..].iter().find(|(m, ..)| *m > 0).map(|(m, ..)| *m),
                ..Location::default()
            });
            out.push(if zh { "## 会话 " } else { "## Conversation " });
            out.push(text);
            out.blank_line();
            continue;
        }
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

    #[test]
    fn conversations_of_speaker_text_pairs_are_sections() {
        let json = r#"[{"convo_id": 7, "scenario": {"flow": "refund"}, "original": [
            ["agent", "Hello, how can I help?"], ["customer", "My shoes came in the wrong size."],
            ["action", "Account has been pulled up."], ["agent", "I don't know about that."]]},
            {"convo_id": 8, "original": [["customer", "Hi"], ["agent", "Hi there!"]]}]"#;
        let s = read_json(json.as_bytes()).expect("reads");
        assert_eq!(
            s.text,
            "## Conversation 7\n\nAgent: Hello, how can I help?\nCustomer: My shoes came in the wrong size.\nAgent: I don't know about that.\n\n## Conversation 8\n\nCustomer: Hi\nAgent: Hi there!\n"
        );
        assert!(s.library);
        let at = s.text.find("I don't know").expect("text");
        assert_eq!(s.location_at(at).and_then(|l| l.message), Some(4));
        let at = s.text.find("## Conversation 8").expect("heading");
        assert_eq!(s.location_at(at).and_then(|l| l.message), Some(5));
        // Guidelines keyed by flow are no conversations.
        assert!(matches!(
            read_json(br#"{"Refunds": {"description": "x", "subflows": {}}}"#),
            Err(SkipReason::Unreadable(_))
        ));
    }
}
