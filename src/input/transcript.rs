//! Chat exports as columns (.csv, .tsv, a spreadsheet): one message a row, a column saying who
//! wrote it and a column holding what was written, optionally a column of conversation ids — read
//! as a dialogue, one speaker turn per row (`客服：…` / `顾客：…`), each mapped back to the text's
//! cell (`{"row": 14, "cell": "C14"}`).
//!
//! The columns are found by their header words ([`ROLE_HEADERS`], [`TEXT_HEADERS`],
//! [`SESSION_HEADERS`]) or, without a header, from the cells: the role column is one of two
//! values (or three, one of them `system`/`action`) repeated down the rows, the text column the one
//! with the longest cells. Which value is the agent's: a role name (`agent`, `SYSTEM` of JDDC,
//! `客服`, `waiter`; `customer`, `USER`, `顾客`), the header's own sense (`inbound` True is the
//! customer's, as in TWCS; `waiter_send` / `is_agent` 1 is the agent's) or, for bare flags (`0`/`1`,
//! `True`/`False`) under no such header, the content: the value whose messages address the
//! customer politely (您, 亲, 请, 为您, please, thank you for, sorry) clearly more often. Where no
//! rule decides, the sheet is not read as a dialogue.
//!
//! A file of several conversations (a session column with more than one id, or a reply-to column
//! threading messages, as TWCS's `in_response_to_tweet_id`) gets a heading per conversation and is
//! a library: the whole-call rules do not judge its first and last turns as one call.

use super::extract::{Extract, column_name};
use super::{Location, chat};

/// Header words of the column saying who wrote a message (lower case, whole header or its words).
pub const ROLE_HEADERS: &[&str] = &[
    "role",
    "speaker",
    "sender",
    "from",
    "author_role",
    "speaker_role",
    "inbound",
    "waiter_send",
    "is_agent",
    "is_staff",
    "is_customer",
    "角色",
    "说话人",
    "发言人",
    "发送方",
    "身份",
];
/// Header words of the column holding the message.
pub const TEXT_HEADERS: &[&str] = &[
    "text",
    "content",
    "message",
    "utterance",
    "body",
    "内容",
    "消息",
    "文本",
    "话语",
    "对话内容",
    "聊天内容",
];
/// Header words of a column of conversation ids.
pub const SESSION_HEADERS: &[&str] = &[
    "session",
    "session_id",
    "sessionid",
    "conversation",
    "conversation_id",
    "convo_id",
    "dialog_id",
    "dialogue_id",
    "chat_id",
    "thread_id",
    "ticket_id",
    "会话",
    "会话id",
    "对话id",
];
/// Header words of a column naming the message a message replies to (threads, as TWCS).
pub const REPLY_HEADERS: &[&str] = &[
    "in_response_to_tweet_id",
    "in_response_to",
    "in_reply_to",
    "reply_to",
    "parent_id",
];

/// Flags whose true value is the customer's (`inbound`: written to the company).
const CUSTOMER_FLAG_HEADERS: &[&str] = &["inbound", "is_customer"];
/// Flags whose true value is the agent's.
const AGENT_FLAG_HEADERS: &[&str] = &["waiter_send", "is_agent", "is_staff"];

/// Role values that are not a message of either side (a log line, an action).
const NOT_SAID: &[&str] = &["system", "action", "event", "note"];

/// Agent role names a transcript column uses beyond those of a chat export's `role`.
const MORE_AGENT_ROLES: &[&str] = &[
    "system",
    "waiter",
    "company",
    "seller",
    "服务员",
    "客服人员",
];
/// Customer role names a transcript column uses beyond those of a chat export's `role`.
const MORE_CUSTOMER_ROLES: &[&str] = &["usr", "consumer", "passenger", "patient"];

/// One cell: 0-based absolute row and column, its text (one line).
pub struct Cell<'a> {
    pub row: u32,
    pub col: u32,
    pub text: &'a str,
}

/// The columns of a transcript and who each role value is.
#[derive(Debug)]
pub struct Columns {
    /// Index of the header row in the rows given, if there is one.
    pub header: Option<usize>,
    role: u32,
    text: u32,
    session: Option<u32>,
    threaded: bool,
    /// Role values (trimmed, lower case) and whether each is the agent's.
    sides: Vec<(String, bool)>,
}

fn header_is(cell: &str, words: &[&str]) -> bool {
    let h = cell.trim().to_lowercase();
    words.iter().any(|w| h == *w)
}

/// The column of the first row whose header is one of `words`: exactly, else as one of its words
/// (`Message text`, `speaker role`) in a header that is no id (`message_id` is not the text).
fn find_col(first: &[Cell<'_>], words: &[&str]) -> Option<u32> {
    first
        .iter()
        .find(|c| header_is(c.text, words))
        .or_else(|| {
            first.iter().find(|c| {
                let h = c.text.trim().to_lowercase();
                !h.ends_with("id")
                    && h.split([' ', '_', '-', '/'])
                        .any(|part| words.contains(&part))
            })
        })
        .map(|c| c.col)
}

fn flag(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "1" | "true" | "yes" | "y" | "是" => Some(true),
        "0" | "false" | "no" | "n" | "否" => Some(false),
        _ => None,
    }
}

/// Who a role name is, or `None`.
fn named_side(value: &str) -> Option<bool> {
    let v = value.trim().to_lowercase();
    if MORE_AGENT_ROLES.contains(&v.as_str()) {
        Some(true)
    } else if MORE_CUSTOMER_ROLES.contains(&v.as_str()) {
        Some(false)
    } else {
        chat::side(&v)
    }
}

/// How much a message reads as the agent's (addressing the customer politely, offering help)
/// rather than the customer's: +1, 0 or -1.
fn agent_voice(text: &str) -> i32 {
    const AGENT: &[&str] = &[
        "您",
        "亲",
        "请问",
        "为你",
        "帮你",
        "感谢",
        "抱歉",
        "please",
        "thank you for",
        "thanks for",
        "sorry",
        "let me",
        "happy to help",
        "we'll",
        "we will",
        "we're",
    ];
    const CUSTOMER: &[&str] = &[
        "我的",
        "你们",
        "怎么还",
        "my ",
        "i'm",
        "i am",
        "i have",
        "you guys",
    ];
    let t = text.to_lowercase();
    let a = AGENT.iter().any(|w| t.contains(w));
    let c = CUSTOMER.iter().any(|w| t.contains(w));
    i32::from(a) - i32::from(c)
}

/// The distinct values of a column over `rows` (trimmed, lower case), with their counts.
fn values(rows: &[Vec<Cell<'_>>], col: u32) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for cell in rows.iter().flatten().filter(|c| c.col == col) {
        let v = cell.text.trim().to_lowercase();
        match out.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => out.push((v, 1)),
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn cell<'r, 'a>(row: &'r [Cell<'a>], col: u32) -> Option<&'r Cell<'a>> {
    row.iter().find(|c| c.col == col)
}

/// The sides of a role column's values, or `None` when they cannot all be told: by name, by the
/// header's sense of a flag, or by the voice of the messages of each flag value.
fn sides(
    rows: &[Vec<Cell<'_>>],
    role: u32,
    text: u32,
    header: Option<&str>,
) -> Option<Vec<(String, bool)>> {
    let vals = values(rows, role);
    let said: Vec<&(String, usize)> = vals
        .iter()
        .filter(|(v, _)| !NOT_SAID.contains(&v.as_str()) || named_side(v) == Some(true))
        .collect();
    if said.len() != 2 || vals.len() > 3 {
        return None;
    }
    if let (Some(a), Some(b)) = (named_side(&said[0].0), named_side(&said[1].0))
        && a != b
    {
        return Some(vec![(said[0].0.clone(), a), (said[1].0.clone(), b)]);
    }
    let (Some(f0), Some(f1)) = (flag(&said[0].0), flag(&said[1].0)) else {
        return None;
    };
    if f0 == f1 {
        return None;
    }
    let true_is_agent = match header {
        Some(h) if header_is(h, CUSTOMER_FLAG_HEADERS) => Some(false),
        Some(h) if header_is(h, AGENT_FLAG_HEADERS) => Some(true),
        _ => None,
    };
    let true_is_agent = match true_is_agent {
        Some(t) => t,
        None => {
            // The voice of each value's messages: the agent's is clearly the politer.
            let (mut score, mut count) = ([0i32; 2], [0i32; 2]);
            for row in rows {
                let (Some(r), Some(t)) = (cell(row, role), cell(row, text)) else {
                    continue;
                };
                let Some(f) = flag(r.text) else { continue };
                score[usize::from(f)] += agent_voice(t.text);
                count[usize::from(f)] += 1;
            }
            if count[0] < 2 || count[1] < 2 {
                return None;
            }
            // Shares in hundredths: the agent's value leads by at least 0.3.
            let share = |i: usize| score[i] * 100 / count[i];
            if share(1) - share(0) >= 30 {
                true
            } else if share(0) - share(1) >= 30 {
                false
            } else {
                return None;
            }
        }
    };
    Some(vec![
        (said[0].0.clone(), f0 == true_is_agent),
        (said[1].0.clone(), f1 == true_is_agent),
    ])
}

/// The transcript columns of a sheet, if it is one: by header words in its first row, else from
/// its cells. At least three messages of each side are needed without a header.
pub fn columns(rows: &[Vec<Cell<'_>>]) -> Option<Columns> {
    let first = rows.first()?;
    let find = |words: &[&str]| find_col(first, words);
    if let (Some(role), Some(text)) = (find(ROLE_HEADERS), find(TEXT_HEADERS))
        && role != text
    {
        let header = cell(first, role).map(|c| c.text);
        let body = &rows[1..];
        let sides = sides(body, role, text, header)?;
        let reply = find(REPLY_HEADERS);
        return Some(Columns {
            header: Some(0),
            role,
            text,
            session: find(SESSION_HEADERS).filter(|&s| s != role && s != text),
            threaded: reply.is_some(),
            sides,
        });
    }
    // No header: the text column has the longest cells on average; the role column is the
    // nearest column before it whose values are few and tell the sides.
    if rows.len() < 4 {
        return None;
    }
    let width = rows.iter().flatten().map(|c| c.col + 1).max()?;
    if width < 2 {
        return None;
    }
    let mut length = vec![(0usize, 0usize); width as usize];
    for c in rows.iter().flatten() {
        let l = &mut length[c.col as usize];
        l.0 += c.text.chars().count();
        l.1 += 1;
    }
    let text = (0..width).max_by_key(|&c| {
        let (sum, n) = length[c as usize];
        sum / n.max(1)
    })?;
    let role = (0..text).rev().find_map(|c| {
        let s = sides(rows, c, text, None)?;
        let agents = rows
            .iter()
            .filter_map(|r| cell(r, c))
            .filter(|cell| {
                s.iter()
                    .any(|(v, a)| *a && *v == cell.text.trim().to_lowercase())
            })
            .count();
        let customers = rows.iter().filter_map(|r| cell(r, c)).count() - agents;
        (agents >= 3 && customers >= 3).then_some((c, s))
    });
    let (role, sides) = role?;
    // A session column: a column before the role whose values run in blocks.
    let session = (0..role).find(|&c| {
        let runs = rows
            .windows(2)
            .filter(|w| cell(&w[0], c).map(|x| x.text) != cell(&w[1], c).map(|x| x.text))
            .count();
        rows.iter().all(|r| cell(r, c).is_some()) && runs * 2 < rows.len()
    });
    Some(Columns {
        header: None,
        role,
        text,
        session,
        threaded: false,
        sides,
    })
}

impl Columns {
    /// Whether the rows hold several conversations (then a library, see the module doc).
    pub fn several(&self, rows: &[Vec<Cell<'_>>]) -> bool {
        if self.threaded {
            return true;
        }
        let Some(s) = self.session else { return false };
        let body = &rows[self.header.map_or(0, |h| h + 1)..];
        let mut ids = body.iter().filter_map(|r| cell(r, s)).map(|c| c.text);
        let first = ids.next();
        ids.any(|id| Some(id) != first)
    }

    /// Write the rows as turns, each at its text cell (`location` makes the place of a cell).
    pub fn write(
        &self,
        out: &mut Extract,
        rows: &[Vec<Cell<'_>>],
        location: &dyn Fn(&Cell<'_>) -> Location,
    ) {
        let body = &rows[self.header.map_or(0, |h| h + 1)..];
        let zh = body.iter().flatten().any(|c| {
            c.col == self.text
                && c.text
                    .chars()
                    .any(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch))
        });
        let (agent, customer, conversation) = if zh {
            ("客服：", "顾客：", "会话")
        } else {
            ("Agent: ", "Customer: ", "Conversation")
        };
        let several = self.several(rows);
        let mut session: Option<&str> = None;
        for row in body {
            let (Some(role), Some(text)) = (cell(row, self.role), cell(row, self.text)) else {
                continue;
            };
            let value = role.text.trim().to_lowercase();
            let Some(&(_, is_agent)) = self.sides.iter().find(|(v, _)| *v == value) else {
                continue;
            };
            if several
                && let Some(s) = self.session.and_then(|s| cell(row, s))
                && session != Some(s.text)
            {
                session = Some(s.text);
                out.blank_line();
                out.at(location(s));
                out.push("## ");
                out.push(conversation);
                out.push(" ");
                out.push(s.text);
                out.blank_line();
            }
            out.at(location(text));
            out.push(if is_agent { agent } else { customer });
            out.push(text.text);
            out.newline();
        }
    }
}

/// The column letter and row of a cell, as a spreadsheet names it (`C14`).
pub fn reference(cell: &Cell<'_>) -> String {
    format!("{}{}", column_name(cell.col), cell.row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: &[&[&'static str]]) -> Vec<Vec<Cell<'static>>> {
        table
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.iter()
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .map(|(j, t)| Cell {
                        row: i as u32,
                        col: j as u32,
                        text: t,
                    })
                    .collect()
            })
            .collect()
    }

    fn text(table: &[&[&'static str]]) -> Option<String> {
        let rows = rows(table);
        let columns = columns(&rows)?;
        let mut out = Extract::new();
        columns.write(&mut out, &rows, &|c| Location {
            cell: Some(reference(c)),
            ..Location::default()
        });
        Some(out.finish("UTF-8").text)
    }

    #[test]
    fn a_header_names_the_role_and_text_columns() {
        let t = text(&[
            &["id", "speaker", "message"],
            &["1", "customer", "Where is my parcel?"],
            &["2", "agent", "Sorry, I can't check that."],
        ]);
        assert_eq!(
            t.as_deref(),
            Some("Customer: Where is my parcel?\nAgent: Sorry, I can't check that.\n")
        );
    }

    #[test]
    fn inbound_true_is_the_customer_and_threads_are_conversations() {
        let t = text(&[
            &[
                "tweet_id",
                "author_id",
                "inbound",
                "text",
                "in_response_to_tweet_id",
            ],
            &["1", "u1", "True", "@shop my order never came", ""],
            &[
                "2",
                "shop",
                "False",
                "@u1 We're sorry to hear that, please DM us.",
                "1",
            ],
        ])
        .expect("a transcript");
        assert_eq!(
            t,
            "Customer: @shop my order never came\nAgent: @u1 We're sorry to hear that, please DM us.\n"
        );
    }

    #[test]
    fn bare_flags_are_told_apart_by_voice_or_not_at_all() {
        // A JDDC-like export with no header: session, user, waiter_send, text.
        let table: &[&[&'static str]] = &[
            &["s1", "u9", "0", "我的快递怎么还没到"],
            &["s1", "u9", "1", "亲，请问您的订单号是多少呢"],
            &["s1", "u9", "0", "12345，你们太慢了"],
            &["s1", "u9", "1", "抱歉让您久等了，我帮您查一下"],
            &["s2", "u8", "0", "我的发票在哪里开"],
            &["s2", "u8", "1", "亲，您在订单详情页申请就可以"],
        ];
        let t = text(table).expect("a transcript");
        assert!(
            t.starts_with("## 会话 s1\n\n顾客：我的快递怎么还没到\n客服：亲，请问"),
            "{t}"
        );
        assert!(t.contains("## 会话 s2"), "{t}");
        // Flags whose messages sound alike: no guess.
        let table: &[&[&'static str]] = &[
            &["0", "好的"],
            &["1", "嗯嗯"],
            &["0", "可以"],
            &["1", "行吧"],
            &["0", "是的"],
            &["1", "好"],
        ];
        assert_eq!(text(table), None);
        // A 话术 sheet is not a transcript: no role column.
        let table: &[&[&'static str]] =
            &[&["场景", "顾客问题", "标准话术"], &["退款", "钱呢", "您好"]];
        assert_eq!(text(table), None);
    }
}
