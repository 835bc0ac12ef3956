//! Collections of model lines: the places where a document lists what staff say, written without
//! speaker labels or quotation marks.
//!
//! A 话术 collection, a 标准用语 list, a macro library, a "Sample phrases" section: each bullet,
//! step and paragraph there is a spoken line ([`Block::spoken`]), so phrasing and time rules judge
//! it as they judge an agent's turn. So are the lines of a prose fence (a copy-paste box), the
//! list or paragraph after a lead-in such as "可以这样说：" or "Say:", a blockquoted reply that opens
//! with a greeting (`> Hi {name}, …`), and a list item written as the agent's own words to the
//! customer ("- I'm afraid I can't give you that information."). A document whose front matter
//! says `kind: macros` (or `phrases`, `templates`, `话术`) is a collection as a whole.
//!
//! Instructions to staff stay unread by phrasing rules wherever they are: a heading such as
//! 话术要求 or "Script guidelines" makes no collection, and a line inside one that tells staff
//! what to do (语气要亲切, 不要说不知道, "Avoid jargon", "When the customer …") or labels a field
//! (场景：, Note:) is no spoken line. Counter-examples (服务禁语, "Avoid saying:") are never spoken.

use crate::model::{Block, BlockKind, Document};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Heading words that name a collection of model lines (Chinese: anywhere in the heading).
const ZH_HEADING_CUES: &[&str] = &[
    "话术",
    "标准用语",
    "服务用语",
    "常用语",
    "礼貌用语",
    "规范用语",
    "文明用语",
    "应答",
    "参考回复",
    "标准回复",
    "快捷回复",
    "回复模板",
    "回复库",
    "宏回复",
    "邮件模板",
    "短信模板",
    "推荐说法",
    "参考说法",
];

/// Heading words (whole words, in order) that name a collection of model lines.
const EN_HEADING_CUES: &[&str] = &[
    "script",
    "scripts",
    "phrases",
    "sample phrases",
    "key phrases",
    "phrasebook",
    "macro",
    "macros",
    "template",
    "templates",
    "canned responses",
    "canned response",
    "canned replies",
    "saved replies",
    "sample replies",
    "sample responses",
    "suggested replies",
    "what to say",
    "things to say",
];

/// Heading words that make a heading one of rules about wording, not a collection of it: 话术要求,
/// 话术技巧, "Script guidelines", "Tips for phrases". Also time standards (应答时间).
const ZH_INSTRUCTION_HEADING: &[&str] = &[
    "要求", "原则", "技巧", "注意", "须知", "规则", "规范", "要点", "说明", "培训", "考核", "评分",
    "禁忌", "时间", "时效", "时限", "速度", "率", "流程", "步骤", "禁", "忌", "避免", "不要",
    "不能",
];

/// English heading words of the same kind.
const EN_INSTRUCTION_HEADING: &[&str] = &[
    "guidelines",
    "guideline",
    "tips",
    "rules",
    "principles",
    "how",
    "requirements",
    "checklist",
    "training",
    "policy",
    "dos",
    "don'ts",
    "writing",
    "time",
    "times",
    "never",
    "don't",
    "not",
    "avoid",
    "banned",
    "forbidden",
    "must",
    "should",
    "required",
];

/// Lead-ins (a line ending with a colon, or a label before the words) that introduce model lines.
const ZH_LEAD_INS: &[&str] = &[
    "话术",
    "参考话术",
    "标准话术",
    "推荐话术",
    "示范话术",
    "正确话术",
    "正确示范",
    "标准用语",
    "参考用语",
    "可以这样说",
    "可以说",
    "建议说",
    "应这样说",
    "参考回复",
    "标准回复",
    "回复",
    "应答",
];

/// English lead-ins.
const EN_LEAD_INS: &[&str] = &[
    "say",
    "you can say",
    "try saying",
    "instead say",
    "instead, say",
    "sample phrases",
    "phrases",
    "script",
    "suggested reply",
    "sample reply",
    "reply",
    "template",
    "macro",
];

/// Front-matter `kind` values that make the whole document a collection (besides script/sop).
pub(crate) const COLLECTION_KINDS: &[&str] =
    &["macros", "phrases", "templates", "collection", "话术"];

/// How a line of instructions to staff opens (Chinese).
const ZH_INSTRUCTION_OPENERS: &[&str] = &[
    "不能",
    "不得",
    "不准",
    "不许",
    "不可",
    "禁止",
    "严禁",
    "切勿",
    "切忌",
    "避免",
    "应当",
    "应该",
    "应在",
    "应向",
    "应主动",
    "应及时",
    "必须",
    "务必",
    "注意语",
    "保持微笑",
    "保持语",
    "语气",
    "语速",
    "语调",
    "态度",
    "使用",
    "用语",
    "多用",
    "少用",
    "主动",
    "当顾客",
    "当客户",
    "如遇",
    "若顾客",
    "若客户",
    "如果顾客",
    "如果客户",
    "面带",
    "微笑",
    "站立",
    "起身",
    "记录",
    "询问顾客",
    "告知顾客",
    "向顾客",
    "向客户",
    "对顾客",
    "对客户",
    "给顾客",
    "给客户",
    "请勿",
    "以下",
    "要耐心",
    "要主动",
    "要注意",
];

/// Prohibitions that open an instruction to staff (不要说…), but not a word of comfort to the
/// customer (不要着急, 不要担心).
const ZH_PROHIBITION: &str = "不要";

/// What follows 不要 in a word of comfort.
const ZH_COMFORT: &[&str] = &["着急", "急", "担心", "客气", "紧张", "介意"];

/// How a line of instructions to staff opens (English, lower case, whole words).
const EN_INSTRUCTION_OPENERS: &[&str] = &[
    "don't",
    "dont",
    "do not",
    "never",
    "avoid",
    "always",
    "use",
    "keep",
    "make sure",
    "remember",
    "ask",
    "answer",
    "listen",
    "be",
    "stay",
    "speak",
    "smile",
    "try",
    "when",
    "if the",
    "if a",
    "if you",
    "once",
    "before",
    "after",
    "tell",
    "offer",
    "explain",
    "note",
    "tip",
    "log",
    "record",
    "escalate",
    "check the",
    "greet",
    "introduce",
    "end",
    "close",
    "mention",
    "state",
    "give",
    "show",
    "write",
    "follow",
    "wear",
    "say your",
    "repeat",
    "confirm the customer",
    "put",
    "transfer",
    "address",
    "acknowledge",
    "apologise",
    "apologize",
    "empathise",
    "empathize",
    "thank the",
    "let the",
    "allow",
    "treat",
    "respond",
    "reply",
    "send",
];

/// English openers that are always an instruction to staff, whoever the sentence speaks of.
const EN_PROHIBITIONS: &[&str] = &["don't", "dont", "do not", "never", "avoid"];

/// Words that show a line speaks of the customer in the third person: an instruction to staff.
const ZH_THIRD_PERSON: &[&str] = &[
    "顾客",
    "客户",
    "客人",
    "来电者",
    "用户",
    "买家",
    "消费者",
    "业主",
    "住户",
    "患者",
    "家属",
    "乘客",
    "旅客",
    "游客",
    "会员",
    "学员",
];

/// A prohibition of saying anywhere in a line makes it an instruction (…，不要说没办法).
const ZH_SAYING_PROHIBITIONS: &[&str] = &[
    "不要说",
    "不能说",
    "别说",
    "禁止说",
    "不可以说",
    "不准说",
    "切勿说",
    "避免说",
    "不要讲",
    "不能讲",
];

/// English ones (whole words).
const EN_SAYING_PROHIBITIONS: &[&str] = &[
    "never say",
    "don't say",
    "do not say",
    "avoid saying",
    "never tell",
];

/// English ones (whole words).
const EN_THIRD_PERSON: &[&str] = &[
    "the customer",
    "the customer's",
    "the caller",
    "the caller's",
    "the guest",
    "the guest's",
    "the client",
    "customers",
    "callers",
    "guests",
    "they",
    "them",
];

/// Field labels that describe a model line rather than say it (场景：顾客说…, Note: …).
const FIELD_LABELS: &[&str] = &[
    "场景",
    "情景",
    "情境",
    "适用场景",
    "使用场景",
    "说明",
    "注意",
    "备注",
    "提示",
    "要点",
    "目的",
    "技巧",
    "要求",
    "标准",
    "问题",
    "顾客问",
    "客户问",
    "note",
    "tip",
    "when",
    "scenario",
    "situation",
    "use when",
    "context",
    "purpose",
    "trigger",
    "tags",
    "tag",
    "category",
    "why",
    "goal",
    "subject",
];

/// Mark the spoken blocks of a document (after the counter-example marks).
pub(super) fn mark(doc: &mut Document) {
    let whole = doc.front.collection;
    // Each section: a collection by its own heading, by its parent's, or by the front matter.
    let mut collection = vec![false; doc.sections.len()];
    // A section that holds speaker turns is a dialogue: its other lines are narration.
    let mut dialogue = vec![false; doc.sections.len()];
    for block in &doc.blocks {
        if let (BlockKind::Turn { .. }, Some(d)) = (block.kind, dialogue.get_mut(block.section)) {
            *d = true;
        }
    }
    for i in 0..doc.sections.len() {
        let section = &doc.sections[i];
        let title = section.title.text(&doc.text);
        let inherited = match section.parent {
            Some(p) if p < i => collection[p],
            _ => whole,
        };
        collection[i] = !section.counter
            && if section.heading.is_none() {
                whole
            } else if is_instruction_heading(title) {
                false
            } else {
                inherited || is_collection_heading(title)
            };
    }
    let mut lead_in: Option<usize> = None;
    let mut label_next = false;
    // Whether the prose fence being read opens with a greeting (a reply to copy), and where the
    // last line of a prose fence ended.
    let mut greeting_fence = false;
    let mut last_fence_line: Option<usize> = None;
    for b in 0..doc.blocks.len() {
        if doc.blocks[b].spoken {
            let start = doc.blocks[b].span.start;
            let opens = last_fence_line.is_none_or(|end| {
                doc.text
                    .get(end..start)
                    .is_none_or(|gap| gap.contains("```") || gap.contains("~~~"))
            });
            if opens {
                let first = doc.blocks[b].content.text(&doc.text);
                greeting_fence = opens_with_greeting(first, &Words::new(first));
            }
            last_fence_line = Some(doc.blocks[b].span.end);
        }
        let fence_line = doc.blocks[b].spoken;
        let block = &doc.blocks[b];
        let content = block.content.text(&doc.text);
        let trimmed = content.trim_end_matches(['*', ' ', '_']);
        let ends_colon = trimmed.ends_with(':') || trimmed.ends_with('：');
        // A lead-in governs the items nested under it (or following it, when it is a plain line)
        // and, when it is a short label, the paragraph right under it.
        let governed = match lead_in {
            Some(l) => {
                let lead = &doc.blocks[l];
                let lead_is_item = matches!(lead.kind, BlockKind::Bullet | BlockKind::Step { .. });
                let is_item = matches!(block.kind, BlockKind::Bullet | BlockKind::Step { .. });
                let adjacent = doc
                    .text
                    .get(doc.blocks[b - 1].span.end..block.span.start)
                    .is_some_and(|gap| gap.matches('\n').count() <= 1);
                let nested = block.indent > lead.indent;
                let label_para = label_next && adjacent && block.kind == BlockKind::Text;
                label_para || (is_item && (nested || !lead_is_item))
            }
            None => false,
        };
        if !governed {
            lead_in = None;
            label_next = false;
        }
        if ends_colon && !block.counter && is_lead_in(trimmed) {
            lead_in = Some(b);
            label_next = trimmed.chars().count() <= 24
                && !matches!(block.kind, BlockKind::Bullet | BlockKind::Step { .. });
            doc.blocks[b].spoken = false;
            continue;
        }
        let block = &doc.blocks[b];
        // The words of the line, made once for every test below that asks for them.
        let words = Words::new(content);
        let in_collection = collection.get(block.section).copied().unwrap_or(false)
            && !dialogue.get(block.section).copied().unwrap_or(false);
        // A prose fence is a reply to copy in a collection, or when it opens with a greeting.
        let candidate = (fence_line && greeting_fence)
            || in_collection
            || governed
            || labelled_model_line(content)
            || greeting_quote(content, &words)
            || own_words_item(block, content, &words);
        let spoken =
            candidate && !block.counter && is_model_line(block, content, ends_colon, &words);
        doc.blocks[b].spoken = spoken;
    }
}

/// Whether a heading names a collection of model lines.
fn is_collection_heading(title: &str) -> bool {
    any_in(&ZH_HEADING_SET, title) || Words::new(title).has(&EN_HEADING_SET)
}

/// Whether a heading names rules about wording (话术要求, "Script guidelines"): no collection.
fn is_instruction_heading(title: &str) -> bool {
    let cleaned = if title.contains("规范") {
        std::borrow::Cow::Owned(title.replace("规范用语", "").replace("规范话术", ""))
    } else {
        std::borrow::Cow::Borrowed(title)
    };
    any_in(&ZH_INSTRUCTION_HEADING_SET, &cleaned)
        || Words::new(title).has(&EN_INSTRUCTION_HEADING_SET)
}

/// Whether a line ending with a colon introduces model lines ("可以这样说：", "Say:", "参考话术：").
fn is_lead_in(text: &str) -> bool {
    let label = text
        .trim_end_matches([':', '：'])
        .trim()
        .trim_matches(['*', '_', '【', '】', '[', ']'])
        .trim();
    let lower = label.to_lowercase().replace('’', "'");
    ZH_LEAD_INS
        .iter()
        .any(|c| label.ends_with(c) && label.chars().count() <= 12)
        || EN_LEAD_INS.iter().any(|c| {
            lower == *c
                || lower
                    .strip_suffix(c)
                    .is_some_and(|before| before.ends_with(' ') && lower.len() <= 32)
        })
}

/// Whether a line opens with a lead-in label and the model line after it (`话术：您好，…`,
/// `**Say:** Thanks for holding`).
fn labelled_model_line(content: &str) -> bool {
    let Some(at) = content.find([':', '：']) else {
        return false;
    };
    let (label, rest) = content.split_at(at);
    let rest = rest
        .trim_start_matches([':', '：'])
        .trim_start_matches(['*', '_'])
        .trim();
    label.chars().count() <= 14 && !rest.is_empty() && is_lead_in(&format!("{label}:"))
}

/// Whether a line is a blockquoted reply opening with a greeting (`> Hi {name}, …`, `> 亲，…`).
fn greeting_quote(content: &str, words: &Words<'_>) -> bool {
    let Some(rest) = content.strip_prefix('>') else {
        return false;
    };
    // `>` and spaces are no word characters: the rest has the line's words.
    opens_with_greeting(rest.trim_start_matches(['>', ' ']), words)
}

/// Whether a reply opens with a greeting (亲，您好，Hi {name}, Dear …).
fn opens_with_greeting(text: &str, words: &Words<'_>) -> bool {
    let text = text.trim_start();
    ["亲", "您好", "你好", "尊敬的"]
        .iter()
        .any(|g| text.starts_with(g))
        || (first_letter_in(text, b"dght")
            && words.starts(&["hi", "hello", "hey", "dear", "good morning", "thanks for"]))
}

/// Whether a list item outside any collection is written as the agent's own words to the
/// customer: it opens in the first person and speaks to "you" ("- I'm afraid I can't give you
/// that information.", "- 我们会尽快给您回复。"), and gives no order (should, must, 应, 须).
fn own_words_item(block: &Block, content: &str, words: &Words<'_>) -> bool {
    if !matches!(block.kind, BlockKind::Bullet | BlockKind::Step { .. }) {
        return false;
    }
    let zh = ["我", "亲，", "您好"]
        .iter()
        .any(|o| content.starts_with(o))
        && content.contains('您')
        && !["应", "须", "要求", "务必", "必须"]
            .iter()
            .any(|w| content.contains(w));
    // The phrases below open with i, l, s, t or w: a line whose first word starts otherwise is
    // not one (a filter only; the words decide).
    let en = first_letter_in(content, b"ilstw")
        && words.starts(&[
            "i'm",
            "i am",
            "i'll",
            "i will",
            "i can",
            "i can't",
            "i cannot",
            "let me",
            "we'll",
            "we will",
            "we're",
            "we can",
            "we can't",
            "we cannot",
            "thank you for",
            "thanks for",
            "sorry",
            "i'm sorry",
            "i apologise",
            "i apologize",
        ])
        && words.has(&YOU)
        && !words.has(&ORDERS);
    zh || en
}

/// Whether a block in a collection is a model line: a text line, bullet or step that is no
/// lead-in, field label or instruction to staff.
fn is_model_line(block: &Block, content: &str, ends_colon: bool, words: &Words<'_>) -> bool {
    if !matches!(
        block.kind,
        BlockKind::Text | BlockKind::Bullet | BlockKind::Step { .. }
    ) {
        return false;
    }
    // What is trimmed is no word character: `text` has the line's `words`.
    let text = content
        .trim_start_matches(['>', ' ', '*', '_'])
        .trim_start();
    // A short line ending with a colon introduces what follows ("以下话术适用于：", "For refunds:");
    // a sentence ending with one still says something ("我们会尽快审核并为您提供以下方案：").
    if text.is_empty()
        || (ends_colon
            && (text.chars().count() <= 16
                || ["以下", "如下"].iter().any(|w| text.contains(w))
                || words.has(&WHAT_FOLLOWS)))
    {
        return false;
    }
    if let Some(at) = text.find([':', '：']) {
        let label = text[..at].trim().trim_matches(['*', '_']).to_lowercase();
        if FIELD_LABELS.contains(&label.as_str()) {
            return false;
        }
    }
    // Every Chinese cue holds a Chinese character: an ASCII line needs none of these tests.
    let zh_instruction = !text.is_ascii()
        && (zh_opener(text)
        || any_in(&ZH_SAYING_PROHIBITIONS_SET, text)
        // 向业主说明… tells staff what to do; 向您致歉 is said to the customer.
        || text
            .strip_prefix('向')
            .is_some_and(|rest| !rest.starts_with(['您', '你']))
        || text
            .strip_prefix(ZH_PROHIBITION)
            .is_some_and(|rest| !ZH_COMFORT.iter().any(|c| rest.starts_with(c)))
        || (any_in(&ZH_THIRD_PERSON_SET, text)
            && !text.contains('您')
            && !text.contains('你')));
    let to_you = words.has(&YOU);
    let en_instruction = words.starts(EN_PROHIBITIONS)
        || words.has(&EN_SAYING_PROHIBITIONS_SET)
        || (words.starts(EN_INSTRUCTION_OPENERS) && !to_you)
        || (words.has(&EN_THIRD_PERSON_SET) && !to_you);
    !(zh_instruction || en_instruction)
}

/// Whether `text` opens with one of [`ZH_INSTRUCTION_OPENERS`] (looked up by its first character).
fn zh_opener(text: &str) -> bool {
    static FIRST: LazyLock<std::collections::HashSet<char>> = LazyLock::new(|| {
        ZH_INSTRUCTION_OPENERS
            .iter()
            .filter_map(|o| o.chars().next())
            .collect()
    });
    text.chars().next().is_some_and(|c| FIRST.contains(&c))
        && ZH_INSTRUCTION_OPENERS.iter().any(|o| text.starts_with(o))
}

/// Whether the first letter or digit of `text`, lowered, starts with one of `letters`: the first
/// word of [`words`] can only open a phrase starting with one of them.
fn first_letter_in(text: &str, letters: &[u8]) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric() || *c == '\'')
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(|c| c.is_ascii() && letters.contains(&(c as u8)))
}

/// The words of a phrase or a lowered text: runs of letters, digits and apostrophes.
fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
}

/// The lower-case words of `text` (’ read as '), each between single spaces (" so you say "), or
/// `None` when it can hold no word of the English phrase lists: no ASCII letter, and no letter
/// whose lower case is one (K, İ).
fn words(text: &str) -> Option<String> {
    if !text
        .chars()
        .any(|c| c.is_ascii_alphabetic() || c == '\u{212A}' || c == '\u{130}')
    {
        return None;
    }
    let lower = text.to_lowercase().replace('’', "'");
    let mut out = String::with_capacity(lower.len() + 2);
    out.push(' ');
    for w in split_words(&lower) {
        out.push_str(w);
        out.push(' ');
    }
    Some(out)
}

/// A line and its words ([`words`]), made when a test first asks for them and then kept.
struct Words<'a> {
    text: &'a str,
    words: std::cell::OnceCell<Option<String>>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Self {
        Words {
            text,
            words: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> Option<&str> {
        self.words.get_or_init(|| words(self.text)).as_deref()
    }

    /// Whether the words hold one of the phrases of a [`word_set`] (whole words, in order).
    fn has(&self, set: &Set) -> bool {
        self.get().is_some_and(|w| any_in(set, w))
    }

    /// Whether the words open with one of the phrases.
    fn starts(&self, phrases: &[&str]) -> bool {
        let Some(words) = self.get() else {
            return false;
        };
        let first = &words[1..];
        phrases.iter().any(|p| {
            !p.is_empty() && first.starts_with(p) && first.as_bytes().get(p.len()) == Some(&b' ')
        })
    }
}

/// Whether the words of `text` hold one of the phrases (whole words, in order): the tests' way.
#[cfg(test)]
fn has_words(text: &str, phrases: &[&str]) -> bool {
    Words::new(text).has(&word_set(phrases))
}

/// An automaton for whole-word phrases: each phrase is lower-case words between single spaces
/// (a test checks every list), so a whole-word occurrence in order is the phrase between two
/// spaces of [`words`] — a pattern " phrase ".
fn word_set(phrases: &[&str]) -> Set {
    let patterns: Vec<String> = phrases
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| format!(" {p} "))
        .collect();
    // The lists are small and fixed: building them does not fail (a test builds every one).
    AhoCorasick::new(patterns).ok()
}

/// An automaton for substrings: any of the list anywhere in a text (`str::contains` of each).
fn substring_set(list: &[&str]) -> Set {
    AhoCorasick::new(list).ok()
}

/// A list's automaton ([`word_set`], [`substring_set`]).
type Set = Option<AhoCorasick>;

/// Whether `text` holds one of a [`substring_set`]'s strings.
fn any_in(set: &Set, text: &str) -> bool {
    set.as_ref().is_some_and(|a| a.is_match(text))
}

static ZH_HEADING_SET: LazyLock<Set> = LazyLock::new(|| substring_set(ZH_HEADING_CUES));
static ZH_INSTRUCTION_HEADING_SET: LazyLock<Set> =
    LazyLock::new(|| substring_set(ZH_INSTRUCTION_HEADING));
static ZH_SAYING_PROHIBITIONS_SET: LazyLock<Set> =
    LazyLock::new(|| substring_set(ZH_SAYING_PROHIBITIONS));
static ZH_THIRD_PERSON_SET: LazyLock<Set> = LazyLock::new(|| substring_set(ZH_THIRD_PERSON));
static EN_HEADING_SET: LazyLock<Set> = LazyLock::new(|| word_set(EN_HEADING_CUES));
static EN_INSTRUCTION_HEADING_SET: LazyLock<Set> =
    LazyLock::new(|| word_set(EN_INSTRUCTION_HEADING));
static EN_SAYING_PROHIBITIONS_SET: LazyLock<Set> =
    LazyLock::new(|| word_set(EN_SAYING_PROHIBITIONS));
static EN_THIRD_PERSON_SET: LazyLock<Set> = LazyLock::new(|| word_set(EN_THIRD_PERSON));
static YOU: LazyLock<Set> = LazyLock::new(|| word_set(&["you", "your"]));
static ORDERS: LazyLock<Set> = LazyLock::new(|| word_set(&["should", "must"]));
static WHAT_FOLLOWS: LazyLock<Set> = LazyLock::new(|| word_set(&["following", "below"]));

#[cfg(test)]
mod tests {
    use crate::model::{BlockKind, Document};

    #[test]
    fn word_lists_are_lower_case_words_with_a_letter() {
        for list in [
            super::EN_HEADING_CUES,
            super::EN_INSTRUCTION_HEADING,
            super::EN_PROHIBITIONS,
            super::EN_SAYING_PROHIBITIONS,
            super::EN_INSTRUCTION_OPENERS,
            super::EN_THIRD_PERSON,
        ] {
            for p in list {
                assert_eq!(p.to_lowercase().replace('’', "'"), *p, "{p}");
                assert_eq!(
                    super::split_words(p).collect::<Vec<_>>().join(" "),
                    *p,
                    "{p}"
                );
                assert!(p.bytes().any(|b| b.is_ascii_alphabetic()), "{p}");
            }
        }
        for set in [
            &super::ZH_HEADING_SET,
            &super::ZH_INSTRUCTION_HEADING_SET,
            &super::ZH_SAYING_PROHIBITIONS_SET,
            &super::ZH_THIRD_PERSON_SET,
            &super::EN_HEADING_SET,
            &super::EN_INSTRUCTION_HEADING_SET,
            &super::EN_SAYING_PROHIBITIONS_SET,
            &super::EN_THIRD_PERSON_SET,
            &super::YOU,
            &super::ORDERS,
            &super::WHAT_FOLLOWS,
        ] {
            assert!(std::sync::LazyLock::force(set).is_some());
        }
        assert!(super::has_words("Please SEE the steps BELOW:", &["below"]));
        assert!(super::has_words("you, your", &["your"]));
        assert!(!super::has_words("yourself", &["your"]));
        assert!(super::Words::new("Don’t say no").starts(&["don't"]));
        assert!(!super::Words::new("您好 don't").starts(&["don't"]));
        assert!(!super::Words::new("dear").starts(&["dear sir"]));
        assert!(!super::has_words("客服话术", &["script"]));
    }
    use crate::parse::{ParseOptions, parse};

    fn spoken(text: &str) -> Vec<(String, bool)> {
        let d: Document = parse(text.to_string(), &ParseOptions::default());
        d.blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Heading { .. }))
            .map(|b| (d.slice(b.content).to_string(), b.spoken))
            .collect()
    }

    fn spoken_lines(text: &str) -> Vec<String> {
        spoken(text)
            .into_iter()
            .filter(|(_, s)| *s)
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn a_collection_heading_makes_every_line_spoken() {
        let text = "# 售后话术\n\n## 标准用语\n\n- 您好，请问有什么可以帮您？\n- 这个我不知道。\n\n稍后给您回电。\n";
        assert_eq!(
            spoken_lines(text),
            [
                "您好，请问有什么可以帮您？",
                "这个我不知道。",
                "稍后给您回电。"
            ]
        );
        let text = "# Billing calls\n\n## Sample phrases\n\n1. You'll have to wait.\n2. I can fix that now.\n";
        assert_eq!(
            spoken_lines(text),
            ["You'll have to wait.", "I can fix that now."]
        );
    }

    #[test]
    fn instructions_to_staff_stay_unspoken() {
        // An SOP step outside any collection.
        assert!(spoken_lines("# 接待流程\n\n1. 不要说‘不知道’，先记下问题。\n").is_empty());
        // A heading of rules about wording.
        assert!(
            spoken_lines("# 话术手册\n\n## 话术要求\n\n- 语气要亲切\n- 不知道的问题先记录\n")
                .is_empty()
        );
        assert!(spoken_lines("## Script guidelines\n\n- Never say you don't know.\n").is_empty());
        // Instructions, field labels and lead-ins inside a collection.
        let text = "# 道歉话术\n\n- 对不起，让您久等了。\n- 向您致歉。\n";
        assert_eq!(spoken_lines(text), ["对不起，让您久等了。", "向您致歉。"]);
        let text = "# 常用话术\n\n- 语气要亲切，不要说不知道\n- 场景：顾客说不知道订单号\n- 向顾客说明原因\n以下话术适用于售后：\n- 好的，我马上帮您查。\n";
        assert_eq!(spoken_lines(text), ["好的，我马上帮您查。"]);
        let text = "## Macros\n\n- Use the customer's first name.\n- When the caller is upset, slow down.\n- Thanks for your patience.\n";
        assert_eq!(spoken_lines(text), ["Thanks for your patience."]);
    }

    #[test]
    fn a_taboo_list_inside_a_collection_is_a_counter_example() {
        let text = "# 客服话术\n\n## 开场\n\n- 您好，很高兴为您服务。\n\n## 服务禁语\n\n- 不知道\n- 没办法\n";
        assert_eq!(spoken_lines(text), ["您好，很高兴为您服务。"]);
    }

    #[test]
    fn lead_ins_blockquotes_fences_and_own_words() {
        let text = "1. 核实订单后，可以这样说：\n   - 我们会尽快给您回复。\n2. 记录问题。\n";
        assert_eq!(spoken_lines(text), ["我们会尽快给您回复。"]);
        let text = "Say:\nThanks for holding, we'll call you back shortly.\n\nThen log the call.\n";
        assert_eq!(
            spoken_lines(text),
            ["Thanks for holding, we'll call you back shortly."]
        );
        let text = "## Shipping\n\n> Hi {name}, we'll be in touch shortly.\n\n> Note: check the order first.\n";
        assert_eq!(
            spoken_lines(text),
            ["> Hi {name}, we'll be in touch shortly."]
        );
        let text = "## Refunds\n\n```\n亲，我们会尽快处理。\n```\n";
        assert_eq!(spoken_lines(text), ["亲，我们会尽快处理。"]);
        let text = "## Answering\n\n- Answer within 5 rings.\n- I'm afraid I can't give you that.\n- You must wear your badge.\n";
        assert_eq!(spoken_lines(text), ["I'm afraid I can't give you that."]);
    }

    #[test]
    fn front_matter_kind_macros_makes_the_whole_document_a_collection() {
        let text = "---\nkind: macros\n---\nHi {name}, we'll get back to you soon.\n\n## Refund\n\n- Your refund is on its way.\n";
        assert_eq!(
            spoken_lines(text),
            [
                "Hi {name}, we'll get back to you soon.",
                "Your refund is on its way."
            ]
        );
        let d = parse(text.to_string(), &ParseOptions::default());
        assert_eq!(d.kind, crate::model::Kind::Sop);
    }
}
