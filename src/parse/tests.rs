//! Grammar and builder tests: every construct of SPEC §2.1.

use super::*;
use crate::model::{BlockKind, InlineKind, Kind, Lang, Role};

fn doc(text: &str) -> Document {
    parse(text.to_string(), &ParseOptions::default())
}

fn kinds(d: &Document) -> Vec<BlockKind> {
    d.blocks.iter().map(|b| b.kind).collect()
}

#[test]
fn reads_front_matter_keys() {
    let d = doc(
        "---\nkind: sop\nlang: en\ntitle: 接待\ndisable: [phrasing/negative, time]\n---\n客服：你好\n顾客：你好\n",
    );
    assert_eq!(d.kind, Kind::Sop);
    assert_eq!(d.lang, Lang::En);
    assert_eq!(d.front.title.map(|t| d.slice(t)), Some("接待"));
    let ids: Vec<&str> = d.front.disable.iter().map(|s| d.slice(*s)).collect();
    assert_eq!(ids, vec!["phrasing/negative", "time"]);
}

#[test]
fn front_matter_is_yaml_with_aliases_lists_and_comments() {
    let d = doc(
        "---\nkind: SOP  # a procedure\nlang: zh-TW\ndisable:\n  - phrasing/negative\n  - \"time\"\nlayout: page\n---\n客服：你好\n顾客：你好\n",
    );
    assert_eq!(d.kind, Kind::Sop);
    assert_eq!(d.lang, Lang::Zh);
    assert_eq!(d.front.hant, Some(true));
    let ids: Vec<&str> = d.front.disable.iter().map(|s| d.slice(*s)).collect();
    assert_eq!(ids, vec!["phrasing/negative", "time"]);
    assert!(d.front.problems.is_empty(), "{:?}", d.front.problems);
    let d = doc("---\nkind: script\ndisable: phrasing/negative, time\n---\n客服：你好\n");
    let ids: Vec<&str> = d.front.disable.iter().map(|s| d.slice(*s)).collect();
    assert_eq!(ids, vec!["phrasing/negative", "time"]);
    assert_eq!(d.kind, Kind::Script);
}

#[test]
fn front_matter_problems_have_spans() {
    use crate::model::FrontProblem;
    let d = doc("---\nkind: scirpt\nlnag: en\nscript: Hant\ntags: [a]\nsubtitle: x\n---\n正文\n");
    let found: Vec<(&str, &FrontProblem)> = d
        .front
        .problems
        .iter()
        .map(|(s, p)| (d.slice(*s), p))
        .collect();
    assert_eq!(
        found,
        [
            (
                "scirpt",
                &FrontProblem::BadValue {
                    key: "kind",
                    takes: "script, sop, macros",
                    suggestion: Some("script")
                }
            ),
            ("lnag", &FrontProblem::UnknownKey(Some("lang"))),
        ]
    );
    assert_eq!(d.front.hant, Some(true));
    // Not YAML: one problem at the place the parser stopped, the text still read.
    let d = doc("---\ntitle: \"open\n---\n客服：你好\n");
    assert!(
        matches!(d.front.problems.as_slice(), [(_, FrontProblem::Syntax(_))]),
        "{:?}",
        d.front.problems
    );
    assert_eq!(d.turns.len(), 1);
}

#[test]
fn unclosed_front_matter_is_text() {
    let d = doc("---\nkind: sop\n");
    assert!(d.front.span.is_none());
}

#[test]
fn atx_setext_and_chinese_outline_headings() {
    let d = doc("# 标题\n\n一、时间标准\n第二章 投诉\nIntro\n=====\n#hashtag\n");
    let headings: Vec<(u8, &str)> = d
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Heading { level } => Some((level, d.slice(b.content))),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        vec![(1, "标题"), (2, "时间标准"), (1, "投诉"), (1, "Intro")]
    );
    assert_eq!(d.sections.len(), 5);
    assert_eq!(d.sections[2].parent, Some(1));
}

#[test]
fn every_step_numbering_style_with_ordinals() {
    let text = "1. a\n2) b\n3、c\n(4) d\n（5）e\n⑥ f\nStep 7: g\n第8步 h\n第九步：i\n１０. j\n";
    let d = doc(text);
    let ordinals: Vec<u32> = d
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Step { ordinal } => Some(ordinal),
            _ => None,
        })
        .collect();
    assert_eq!(ordinals, (1..=10).collect::<Vec<_>>());
    assert_eq!(d.slice(d.blocks[8].content), "i");
}

#[test]
fn decimal_number_is_not_a_step() {
    let d = doc("1.5小时内回复\n");
    assert_eq!(kinds(&d), vec![BlockKind::Text]);
}

#[test]
fn bullets_of_every_marker() {
    let d = doc("- a\n* b\n+ c\n• d\n· e\n● f\n▪ g\n-no\n");
    let n = kinds(&d)
        .iter()
        .filter(|k| **k == BlockKind::Bullet)
        .count();
    assert_eq!(n, 7);
}

#[test]
fn speaker_turns_with_fullwidth_colon_and_bold_labels() {
    let d = doc("**客服**：您好\n**Customer:** hi\n坐席: 请讲\nAgent (Sam): hello\n- 顾客：在吗\n");
    let roles: Vec<(Role, &str)> = d.turns.iter().map(|t| (t.role, d.slice(t.body))).collect();
    assert_eq!(
        roles,
        vec![
            (Role::Agent, "您好"),
            (Role::Customer, "hi"),
            (Role::Agent, "请讲"),
            (Role::Agent, "hello"),
            (Role::Customer, "在吗"),
        ]
    );
    assert_eq!(d.kind, Kind::Script);
}

#[test]
fn unknown_labels_are_not_speakers() {
    let d = doc("Note: be kind\n时间标准：10秒\nRepresentatives: all\n");
    assert!(d.turns.is_empty());
    assert_eq!(d.kind, Kind::Sop);
}

#[test]
fn turn_continues_until_blank_line_or_next_turn() {
    let d = doc("客服：您好，\n  请问有什么可以帮您？\n顾客：我要退货\n\n旁白\n");
    assert_eq!(d.slice(d.turns[0].body), "您好，\n  请问有什么可以帮您？");
    assert_eq!(d.slice(d.turns[1].body), "我要退货");
}

#[test]
fn crlf_lines_keep_spans_without_line_endings() {
    let d = doc("客服：您好\r\n顾客：你好\r\n");
    assert_eq!(d.slice(d.turns[0].body), "您好");
    assert_eq!(d.slice(d.turns[1].body), "你好");
}

#[test]
fn tables_have_cells_and_counter_columns() {
    let d = doc("| 错误说法 | 规范用语 |\n|---|---|\n| “不知道” | “我帮您查一下” |\n");
    assert_eq!(d.tables.len(), 1);
    assert_eq!(d.tables[0].rows.len(), 2);
    assert_eq!(d.tables[0].counter_columns, vec![true, false]);
    let counters: Vec<(&str, bool)> = d
        .quotes
        .iter()
        .map(|q| (d.slice(q.inner), q.counter))
        .collect();
    assert_eq!(counters, vec![("不知道", true), ("我帮您查一下", false)]);
}

#[test]
fn fences_and_comments_are_blocks_of_their_own() {
    let d = doc("```sh\n客服：不知道\n```\n<!-- servicelint-disable -->\ntext\n");
    assert_eq!(
        kinds(&d),
        vec![BlockKind::Fence, BlockKind::Comment, BlockKind::Text]
    );
    assert!(d.turns.is_empty());
    assert_eq!(d.slice(d.comments[0].inner), "servicelint-disable");
}

#[test]
fn unclosed_fence_runs_to_the_end() {
    let d = doc("```\n客服：不知道\n");
    assert_eq!(kinds(&d), vec![BlockKind::Fence]);
}

#[test]
fn inline_stage_directions_placeholders_and_code() {
    let d =
        doc("客服：您好【停顿】（微笑）{name}，`code` [pause] [NAME] 请看 https://x.cn/a xx号\n");
    let found: Vec<(InlineKind, &str)> = d
        .inlines
        .iter()
        .map(|i| (i.kind, d.slice(i.span)))
        .collect();
    assert!(found.contains(&(InlineKind::Stage, "【停顿】")));
    assert!(found.contains(&(InlineKind::Stage, "（微笑）")));
    assert!(found.contains(&(InlineKind::Placeholder, "{name}")));
    assert!(found.contains(&(InlineKind::Code, "`code`")));
    assert!(found.contains(&(InlineKind::Stage, "[pause]")));
    assert!(found.contains(&(InlineKind::Placeholder, "[NAME]")));
    assert!(found.contains(&(InlineKind::Url, "https://x.cn/a")));
    assert!(found.contains(&(InlineKind::Placeholder, "xx")));
}

#[test]
fn counter_example_sections_lists_and_sentences() {
    let d = doc(
        "## 服务禁语\n- “不知道”\n## 规范\n- 不要说“没办法”，要说“我来想办法”\nAvoid saying:\n- \"calm down\"\n\nSay \"hello\"\n",
    );
    let counters: Vec<(&str, bool)> = d
        .quotes
        .iter()
        .map(|q| (d.slice(q.inner), q.counter || d.blocks[q.block].counter))
        .collect();
    assert_eq!(
        counters,
        vec![
            ("不知道", true),
            ("没办法", true),
            ("我来想办法", false),
            ("calm down", true),
            ("hello", false)
        ]
    );
}

#[test]
fn language_by_share_of_cjk() {
    assert_eq!(doc("您好，请问有什么可以帮您？").lang, Lang::Zh);
    assert_eq!(doc("Hello, how can I help you today?").lang, Lang::En);
    let mixed = doc(
        "客服：您好，请问有什么可以帮您？\nAgent: Hello, how can I help you today with your order?\n",
    );
    assert!(mixed.langs.contains(&Lang::Zh) && mixed.langs.contains(&Lang::En));
}

#[test]
fn any_bytes_parse_without_panic() {
    for text in [
        "",
        "\n",
        "\r",
        "---",
        "```",
        "|",
        "<!--",
        "**客服",
        "第",
        "①",
        "\u{3000}",
        "客服：",
        "- ",
        "# ",
    ] {
        let d = doc(text);
        for b in &d.blocks {
            assert!(b.span.end <= d.text.len());
        }
    }
}

#[test]
fn a_wrong_label_marks_the_paragraph_under_it() {
    let d = doc("**Wrong:**\n\"I don't know\" → hang up\n\n**Right:**\n\"Let me find out\"\n");
    let counters: Vec<(&str, bool)> = d
        .quotes
        .iter()
        .map(|q| (d.slice(q.inner), q.counter || d.blocks[q.block].counter))
        .collect();
    assert_eq!(
        counters,
        vec![("I don't know", true), ("Let me find out", false)]
    );
}

#[test]
fn code_inside_parentheses_is_still_code() {
    let d = doc("| a | b (`within 3 rings` vs `5声内`) |\n");
    let code: Vec<&str> = d
        .inlines
        .iter()
        .filter(|i| i.kind == InlineKind::Code)
        .map(|i| d.slice(i.span))
        .collect();
    assert_eq!(code, vec!["`within 3 rings`", "`5声内`"]);
}

// ------------------------------------------------- the fast path against the grammar alone

mod fast_path {
    use super::super::{ParseOptions, parse, parse_with_grammar};
    use proptest::prelude::*;

    /// Line pieces chosen to hit every shape and every edge of the shapes' first characters, `turn_head` and `label`.
    const PIECES: &[&str] = &[
        "客服",
        "顾客",
        "Agent",
        "Customer (Ann)",
        "Rep 2",
        "agent",
        "CUSTOMER",
        "rEP 3",
        "é",
        "**",
        "*",
        ":",
        "：",
        " ",
        "\t",
        "\u{3000}",
        "您好",
        "请稍等",
        "不知道",
        "hello",
        "1.",
        "2)",
        "3、",
        "（4）",
        "(5)",
        "⑥",
        "Step 7:",
        "step",
        "第8步",
        "第二章",
        "一、",
        "十",
        "两",
        "〇",
        "- ",
        "* ",
        "+ ",
        "•",
        "·",
        "#",
        "## ",
        "|",
        " | ",
        "---",
        "===",
        "```",
        "~~~",
        "<!--",
        "-->",
        "servicelint-disable",
        "１０．",
        "0",
        "s",
        "S",
        "(",
        ")",
        "（",
        "）",
        "'",
        "_",
        "-",
        "的",
        "㐀",
        "é",
        "\u{FEFF}",
        "x",
        "24",
        "AAAAAAAAAAAA",
        "###",
        "######",
        "#######",
        "# x #",
        " ##",
        "\\|",
        "\\",
        "|---|",
        ":--:",
        "||",
        "=",
        "--",
        "`",
        "~",
        "<",
        "、",
        "．",
        "步",
        "章",
        "节",
        "部分",
        "篇",
        "第",
        "三",
        "①",
        "⑳",
        "●",
        "▪",
        "◆",
        "■",
        "１",
        "９９９",
        "1234",
        "ſ",
        "\u{FB06}",
        // Speaker heads as people write them: stamps, brackets, role columns, qualifiers.
        "[10:32]",
        "[10:32] ",
        "[1a]",
        "[",
        "]",
        "【",
        "】",
        "【客服】",
        "[Agent]",
        "[客服](x)",
        "2024-05-01 ",
        "2024-05-01 10:32:11 ",
        "2024/5/1",
        "10:32 ",
        "10:3",
        "#12 ",
        "#1234567 ",
        "USER\t",
        "SYSTEM\t",
        "SYSTEM",
        "customer,",
        "客户,",
        ",",
        "在线客服",
        "客服小李",
        "客服-小王",
        "客服（工号1023）",
        "Support",
        "Support Agent",
        "Customer (Mrs. Smith)",
        "e.g.",
        "客户提问",
        "小贴士",
        "```text",
        "```python",
        "~~~md",
        "您好，请稍等。",
        "We will call you back.",
        "x = 1;",
        "1.1 ",
        "2.3.1、",
        "1.5",
        "**L – Listen**",
        "**E - ",
        "Ø",
        "➢",
        "√",
        " 2. ",
        "；3、",
    ];

    /// Openings of structured lines: every marker form of the grammar, and near misses of each.
    const MARKERS: &[&str] = &[
        "#",
        "##",
        "###",
        "####",
        "#####",
        "######",
        "#######",
        "#\t",
        "#\u{3000}",
        "|",
        "| a | b |",
        "| a \\| b |",
        "|---|:--:|",
        "| - | -- |",
        "|||",
        "| a |  ",
        "1.",
        "12)",
        "１２３．",
        "1234.",
        "3、",
        "1.5",
        "(1)",
        "(12）",
        "（３）",
        "（1234）",
        "()",
        "(a)",
        "①",
        "⑳",
        "Step 1:",
        "step1.",
        "STEP 22)",
        "Step 3",
        "Step 3\t",
        "Step 3\u{3000}",
        "Step 3：",
        "Steps 3:",
        "Step  3:",
        "Step x",
        "Step",
        "Ste",
        "S",
        "sTeP 9.5",
        "第1步",
        "第１２步：",
        "第123步、",
        "第1234步",
        "第一步",
        "第十二步．",
        "第两步:",
        "第一二三四步",
        "第步",
        "第三章",
        "第3章",
        "第二部分",
        "第五节",
        "第一篇",
        "第1部",
        "第一",
        "第",
        "一、",
        "十二．",
        "九十九、",
        "一二三四、",
        "〇",
        "三",
        "两、",
        "零．",
        "-",
        "--",
        "---",
        "- -",
        "-\t",
        "- ",
        "-x",
        "=",
        "===",
        "== =",
        "*",
        "* ",
        "**",
        "+",
        "+ ",
        "•",
        "·",
        "●",
        "▪",
        "◆",
        "■",
        "```",
        "``",
        "~~~",
        "~~",
        "<!--",
        "<!-- a -->",
        "<",
        "<!-",
    ];

    /// Indentation before a structured line: `sp3` and past it, tabs, U+3000.
    const INDENTS: &[&str] = &[
        "", "", " ", "  ", "   ", "    ", "\t", "\u{3000}", " \t", "\t ",
    ];

    const ENDINGS: &[&str] = &["\n", "\r\n", "\r"];

    fn line() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..7).prop_map(|p| p.concat())
    }

    /// A line that opens like a structured block, or a plain line.
    fn any_line() -> impl Strategy<Value = String> {
        prop_oneof![
            line(),
            (
                prop::sample::select(INDENTS),
                prop::sample::select(MARKERS),
                prop::sample::select(&["", " ", "  ", "\t", "\u{3000}"][..]),
                line(),
            )
                .prop_map(|(indent, marker, ws, rest)| format!("{indent}{marker}{ws}{rest}")),
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        (
            prop::collection::vec((any_line(), prop::sample::select(ENDINGS)), 0..24),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(lines, front, last_eol)| {
                let mut text = String::new();
                if front {
                    text.push_str("---\nkind: script\n---\n");
                }
                let n = lines.len();
                for (i, (line, end)) in lines.into_iter().enumerate() {
                    text.push_str(&line);
                    if i + 1 < n || last_eol {
                        text.push_str(end);
                    }
                }
                text
            })
    }

    fn same(text: &str) {
        same_with(text, &ParseOptions::default());
    }

    fn same_with(text: &str, options: &ParseOptions) {
        let fast = parse(text.to_string(), options);
        let reference = parse_with_grammar(text.to_string(), options);
        assert_eq!(
            format!("{fast:#?}"),
            format!("{reference:#?}"),
            "the fast path and the grammar disagree on {text:?}"
        );
    }

    #[test]
    fn hand_picked_lines_match_the_grammar() {
        for text in [
            "",
            "\n",
            "1.--- 2. :--:",
            "2. :--:",
            "1. a 2. b: c",
            "客服：您好\n顾客：我要退货\n",
            "**客服**：您好\n**Agent:** hi\n**Agent** : hi\n**x**\n",
            "1. 客服：您好\n- 顾客：好\n第一步：问候\n一般来说\n",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: x\nAgent                          : x\n",
            // Labels at the 24-character limit of a speaker label and past it, in lines, items and bold heads.
            "AAAAAAAAAAAAAAAAAAAAAAAA: x\nAAAAAAAAAAAAAAAAAAAAAAAAA: x\n- A B C D E F G H I J K L M N O P Q R S T U V W X : x\n",
            "客服：a\n一二三四五六七八九十一二三四五六七八九十一二三四五：b\n**AAAAAAAAAAAAAAAAAAAAAAAAA:** c\n1. **AAAAAAAAAAAAAAAAAAAAAAAAA**: d\n",
            "客服：a\n- 一二三四五六七八九十一二三四五六七八九十一二三四\u{3000}：b\n顾客：c\nAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
            "```\n客服：不知道\n```\n客服：好\n<!-- a\nb -->\n客服：c",
            "a\r客服：b\r\r- c\r\n",
            "---\nkind: sop\n---\n# 标题\n正文\n=====\n| a | b |\n|---|---|\n| c | d |\n客服：e",
            "  \t\n\u{3000}客服：缩进\n    - 缩进的项\n",
            "# a #\n## b ##  \n###### c\n####### d\n    # e\n\t# f\n#\n#\u{3000}g\n# h \\#\n",
            "| a \\| b | c\n|:--|--:|\n|  | x |\n|\n| a |  \n客服：x\n| b |\n",
            "(1) a\n（２）b\n(12）c\n(1234) d\n① e\n⑳f\nStep 1: g\nstep2. h\nSTEP 3 i\nSteps 4: j\n",
            "第1步 a\n第一步：b\n第十二步．c\n第1234步 d\n第三章 e\n第2部分 f\n第五节g\n第一 h\n一、i\n十二．j\n一二三四、k\n",
            "客服：a\n- b\n1. 顾客：c\n• 客服：d\n标题\n===\n正文\n---\n- \n== =\n客服：e\n====\n",
            "| a |\n- b\n| c |\n# d\n| e |\n一、f\n| g |\n===\n| h |\n",
            "```\n# a\n```\n# b\n~~~\n| c |\n<!-- d -->\n第1步 e\n<!-- f\n",
            "[10:32] 客服：a\n[10:33] 顾客: b\n2024-05-01 10:32:11 客服小王：c\n2024-05-01 客户：d\n10:32 Agent: e\n",
            "#12 客服：a\n#1234567 客服：b\n[1a] 客服：c\n【10:32】客服：d\n[10:32]\n[10:32]客服\n",
            "【客服】您好\n[Agent]: hi\n[客服](http://a)\n[Customer] ok\n【注意】x\n【】y\n[] z\n",
            "USER\thi\tINFORM\nSYSTEM\t你好\nUSER\t：x\n客服\t\ty\ncustomer,hi\nagent, hi\n客户,您好\nAgent,\n",
            "在线客服：a\n客服小李：b\n客服-小王：c\n客服（工号1023）：d\nSupport Agent: e\n**客户提问**：f\n客服小贴士：g\n",
            "- [10:32] 客服：a\n1. USER\tb\n- 【客服】c\n",
            "1.1 倾听\n1.2 复述\n2.3.1、道歉\n1.5小时\n1.5 小时\n192.168.1.1 x\n1.1234 y\n",
            "**L – Listen** to them\n**E - Empathise**\n**Agent:** hi\n**LEARN – x**\n**L –**\n",
            "1. 倾听 2. 复述 3. 道歉\n1、问候；2、致歉\n(1) a (2) b\n1. 版本 2.0 说明\n- a 2. b\n",
            "Ø 问候\n➢问候\n√ 好\n",
            // Prose fences: their lines are blocks; a fence or comment marker inside opens nothing.
            "```\n亲，您好。\n- 客服：请稍等。\n| a | b |\n```\n| c |\n",
            "```text\nWe will call you back.\n~~~\n<!-- a -->\n# Title.\n===\n```\n客服：好\n",
            "~~~\n您好，请稍等。\n```\n~~~\n```python\nx = 1;\n```\n```\n您好。\n",
            "```\r您好，请稍等。\r```\r\n```\n\t您好。\n```\n",
            // Fences of role columns: their rows are turns of their text column.
            "```\nRole \\t Text\n\nUSER\thi\tINFORM\t1,2\nSYSTEM\t你好\t\t\n```\n~~~tsv\n客服\t您好\n顾客\t在吗\n~~~\n",
            "```\nUSER\thi\nx\tSYSTEM\n```\n```\nUSER\thi\n```\nSYSTEM\ta\tb\n",
        ] {
            same(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn random_documents_match_the_grammar(text in document()) {
            same(&text);
        }

        #[test]
        fn arbitrary_text_matches_the_grammar(text in "\\PC{0,300}") {
            same(&text);
        }

        /// Configured labels other than the defaults: the filter on a label's first character
        /// (`LabelStarts`) lets through every line that may name a speaker.
        #[test]
        fn other_labels_match_the_grammar(text in document(), pick in 0usize..6) {
            same_with(&text, &other_options(pick));
        }
    }

    /// Label sets for [`other_labels_match_the_grammar`]: an empty label (a prefix of every
    /// label), labels that open with white space, punctuation, lower case, or a character of the
    /// pieces that no default label opens with, and none at all.
    fn other_options(pick: usize) -> ParseOptions {
        let labels = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (agent, customer) = match pick {
            0 => (labels(&[""]), labels(&["顾客"])),
            1 => (labels(&["agent", " 客服"]), labels(&["(x)", "*"])),
            2 => (
                labels(&["的", "您好"]),
                labels(&["é", "s", "ſ", "\u{3000}客服"]),
            ),
            3 => (labels(&[]), labels(&[])),
            5 => {
                return ParseOptions {
                    agent_patterns: vec![regex::Regex::new(r"坐席\d+号").unwrap()],
                    customer_patterns: vec![regex::Regex::new(r"[A-Z]+").unwrap()],
                    ..ParseOptions::default()
                };
            }
            _ => (
                labels(&["REP", "hello"]),
                labels(&["请", "十", "AAAAAAAAAAAA"]),
            ),
        };
        ParseOptions {
            agent_labels: agent,
            customer_labels: customer,
            ..ParseOptions::default()
        }
    }

    #[test]
    fn hand_picked_lines_match_the_grammar_with_other_labels() {
        for pick in 0..6 {
            for text in [
                "客服：a\n顾客：b\nab: c\n**  ab**: d\n- x: e\n**:** f\n** :**g\n",
                "agent: a\nAGENT (x): b\nRep: c\n的：d\n您好：e\né: f\nS: g\nſ: h\n",
                "**\u{3000}客服**：a\n1. **客服**: b\n- 请：c\n十: d\nhello 2: e\n",
                "坐席12号：a\nAB: b\n[10:32] 坐席3号：c\nUSER\td\nSYSTEM\te\n",
            ] {
                same_with(text, &other_options(pick));
            }
        }
    }
}

// ------------------------------------------------- the inline scanner against the grammar

mod inline_scanner {
    use super::super::inline::{next_token, token_at, token_at_with_grammar};
    use proptest::prelude::*;

    /// Pieces that open, fill and close every inline token, and break each bound.
    const PIECES: &[&str] = &[
        "<!--",
        "-->",
        "--",
        "<!-",
        "<",
        ">",
        "`",
        "``",
        "```",
        "http://",
        "https://",
        "www.",
        "http:/",
        "ww",
        "h",
        "w",
        "[",
        "]",
        "](",
        ")",
        "(",
        "（",
        "）",
        "“",
        "”",
        "「",
        "」",
        "『",
        "』",
        "\"",
        "【",
        "】",
        "{",
        "}",
        "{{",
        "}}",
        "x",
        "X",
        "xx",
        "XXX",
        "_",
        "__",
        "某",
        "某某",
        " ",
        "\t",
        "\n",
        "\r",
        "，",
        "。",
        "a",
        "Z",
        "9",
        "-",
        "您好",
        "é",
        "0123456789012345678901234567890123456789",
        "abcdefghij",
        "请您稍等一下好吗谢谢",
        // Characters that share the first bytes of an opener.
        "、",
        "。",
        "：",
        "…",
        "—",
        "’",
        "来",
        "ht",
        "hx",
        "wx",
        "x_",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
    }

    fn same(text: &str) {
        for (i, _) in text.char_indices() {
            let rest = &text[i..];
            assert_eq!(
                token_at(rest),
                token_at_with_grammar(rest),
                "the scanner and the grammar disagree on {rest:?}"
            );
        }
        // The byte table and the look at the bytes after an opener skip only where no token
        // starts, from wherever the scan resumes.
        for (from, _) in text.char_indices() {
            let first = text[from..]
                .char_indices()
                .find_map(|(i, _)| token_at(&text[from + i..]).map(|found| (from + i, found)));
            assert_eq!(
                next_token(text, from),
                first,
                "the scan skips a token in {text:?} from {from}"
            );
        }
    }

    #[test]
    fn hand_picked_tokens_match_the_grammar() {
        for text in [
            "<!-- a --> <!--> <!-- <b> <a b_c-d> <> <é>",
            "``a``b`` `c` `` ` `\n` `\r`",
            "https://x.cn/a http:// www.a，b http://a)b",
            "[a](b) [a](b c) [a] [a[b] [] [\n] [a](b\n)",
            "“a” 「b」 『c』 \"d\" \"e\nf\" “",
            "(a) （b） (a(b)) () （） 【c】 【】",
            "{{a}} {{}} {{a}b}} {a_b} {a b} {} {é} xx xxxx xxxxx XXx xxa ___ _ 某某 某",
        ] {
            same(text);
        }
        let long = |open: &str, close: &str, n: usize| format!("{open}{}{close}", "字".repeat(n));
        for n in [39, 40, 41, 59, 60, 61] {
            same(&long("[", "]", n));
            same(&long("(", ")", n));
            same(&long("【", "】", n));
            same(&long("（", "）", n));
            same(&long("{{", "}}", n));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn random_text_matches_the_grammar(text in text()) {
            same(&text);
        }

        #[test]
        fn arbitrary_text_matches_the_grammar(text in "\\PC{0,120}") {
            same(&text);
        }
    }
}

// ------------------------------------------------- the label run against the label characters

mod label_run {
    use super::super::speaker::{is_label_char, label_len};
    use proptest::prelude::*;

    /// The length of the run of label characters, a character at a time (a full stop counts right
    /// after an ASCII letter, as the grammar's `ASCII_ALPHA ~ "."`).
    fn reference(s: &str) -> usize {
        let mut prev = None;
        for (i, c) in s.char_indices() {
            let abbreviation = c == '.' && prev.is_some_and(|p: char| p.is_ascii_alphabetic());
            if !is_label_char(c) && !abbreviation {
                return i;
            }
            prev = Some(c);
        }
        s.len()
    }

    #[test]
    fn edges_of_every_range() {
        for s in [
            "",
            "a",
            "客服",
            "客服：",
            "Agent (Sam):",
            "\u{4DFF}",
            "\u{4E00}",
            "\u{9FFF}",
            "\u{A000}",
            "\u{33FF}",
            "\u{3400}",
            "\u{4DBF}",
            "\u{4DC0}",
            "（）",
            "\u{FF07}",
            "\u{FF0A}",
            "\u{3000}",
            "\u{3001}",
            "é",
            "😀",
            "a😀",
            "x\u{2FFF}",
            "\u{FFFF}",
        ] {
            assert_eq!(label_len(s), reference(s), "{s:?}");
        }
    }

    /// Every character of two and three bytes, alone and after a label character.
    #[test]
    fn every_two_and_three_byte_character() {
        for c in ('\u{80}'..='\u{FFFF}').filter(|c| c.len_utf8() > 1) {
            for s in [c.to_string(), format!("客{c}"), format!("{c}a")] {
                assert_eq!(label_len(&s), reference(&s), "{s:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn the_run_is_that_of_the_label_characters(s in "\\PC{0,40}") {
            prop_assert_eq!(label_len(&s), reference(&s));
        }

        #[test]
        fn the_run_is_that_of_the_label_characters_near_cjk(
            s in "[\u{2FF0}-\u{3010}\u{33F0}-\u{3410}\u{4DB0}-\u{4E10}\u{9FF0}-\u{A010}\u{FF00}-\u{FF10}a-z :]{0,40}"
        ) {
            prop_assert_eq!(label_len(&s), reference(&s));
        }
    }
}

// ------------------------------------------------- indentation read by bytes against the characters

mod indentation {
    use super::super::shape::indent;
    use proptest::prelude::*;

    /// The length of the leading `ws` and the width of the indentation, a character at a time.
    fn reference(s: &str) -> (usize, usize) {
        let len = s.len() - s.trim_start_matches([' ', '\t', '\u{3000}']).len();
        let width = s
            .chars()
            .map_while(|c| match c {
                ' ' => Some(1),
                '\t' => Some(4),
                '\u{3000}' => Some(2),
                _ => None,
            })
            .sum();
        (len, width)
    }

    const PIECES: &[&str] = &[
        " ", "\t", "\u{3000}", "\u{3001}", "\u{2000}", "\u{3100}", "\u{E000}", "a", "客", "\n",
        "\r", "\u{A0}",
    ];

    #[test]
    fn hand_picked_indentation() {
        for s in [
            "",
            " ",
            "\t\u{3000} x",
            "\u{3001}",
            "\u{3000}\u{3001}",
            "  \n  ",
        ] {
            assert_eq!(indent(s), reference(s), "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn indentation_is_that_of_the_characters(
            p in prop::collection::vec(prop::sample::select(PIECES), 0..12)
        ) {
            let s = p.concat();
            prop_assert_eq!(indent(&s), reference(&s));
        }

        #[test]
        fn indentation_of_any_text(s in "\\PC{0,20}") {
            prop_assert_eq!(indent(&s), reference(&s));
        }
    }
}
/// Speaker labels as teams write them: a role word with a qualifier, stamps, brackets, columns.
#[test]
fn speaker_labels_as_people_write_them() {
    let cases: &[(&str, Option<Role>)] = &[
        ("在线客服：您好", Some(Role::Agent)),
        ("售后客服：您好", Some(Role::Agent)),
        ("客服人员：您好", Some(Role::Agent)),
        ("客服小李：您好", Some(Role::Agent)),
        ("客服-小王：您好", Some(Role::Agent)),
        ("客服（工号1023）：您好", Some(Role::Agent)),
        ("【客服】您好", Some(Role::Agent)),
        ("【客服】：您好", Some(Role::Agent)),
        ("Agent (Sam): hi", Some(Role::Agent)),
        ("Agent (J. Lee): hi", Some(Role::Agent)),
        ("Customer (Mrs. Smith): hi", Some(Role::Customer)),
        ("Support: hi", Some(Role::Agent)),
        ("Support Agent: hi", Some(Role::Agent)),
        ("Customer Service Rep: hi", Some(Role::Agent)),
        ("CS: hi", Some(Role::Agent)),
        ("[10:32] 客服：您好", Some(Role::Agent)),
        ("2024-05-01 10:32:11 客服小王：您好", Some(Role::Agent)),
        ("#12 Agent: hi", Some(Role::Agent)),
        ("SYSTEM\t您好", Some(Role::Agent)),
        ("买家：在吗", Some(Role::Customer)),
        ("乘客：在吗", Some(Role::Customer)),
        ("患者：在吗", Some(Role::Customer)),
        ("来电人：在吗", Some(Role::Customer)),
        ("**客户提问**：在吗", Some(Role::Customer)),
        ("客户甲：在吗", Some(Role::Customer)),
        ("客户张女士：在吗", Some(Role::Customer)),
        ("顾客王先生：在吗", Some(Role::Customer)),
        ("来电人陈小姐：在吗", Some(Role::Customer)),
        ("客户欧阳先生：在吗", Some(Role::Customer)),
        ("User: hi", Some(Role::Customer)),
        ("Buyer: hi", Some(Role::Customer)),
        ("Passenger: hi", Some(Role::Customer)),
        ("Patient: hi", Some(Role::Customer)),
        ("USER\thi\tINFORM", Some(Role::Customer)),
        ("customer,hi", Some(Role::Customer)),
        // Field labels and near misses stay text.
        ("Note: hi", None),
        ("注意：您好", None),
        ("时间标准：10秒", None),
        ("客服热线：400-000", None),
        ("客服电话：400-000", None),
        ("客服小贴士：多微笑", None),
        ("客服小结：好", None),
        ("客户须知：好", None),
        ("客户先生：好", None),
        ("客户服务中心女士：好", None),
        ("客户问题：好", None),
        ("客服回复时间：好", None),
        ("客服-投诉处理流程：好", None),
        ("乘客须知：好", None),
        ("User ID: 12", None),
        ("Customer Service: hours", None),
        ("Support Team: hours", None),
        ("Agent Responsibilities: x", None),
        ("SYSTEM: hi", None),
        ("[NAME]: hi", None),
        ("【注意】多微笑", None),
        ("[客服](https://example.com)", None),
        ("客户,您好", None),
        ("Customer, agent and manager", None),
        ("10:30 开门营业：好", None),
        ("新员工：入职培训", None),
    ];
    for &(line, role) in cases {
        let d = doc(&format!("{line}\n"));
        assert_eq!(d.turns.first().map(|t| t.role), role, "{line:?}");
    }
}

#[test]
fn label_patterns_from_config_name_speakers() {
    let options = ParseOptions {
        agent_patterns: vec![regex::Regex::new(r"坐席\d+号").unwrap()],
        customer_patterns: vec![regex::Regex::new(r"会员[A-Z]").unwrap()],
        ..ParseOptions::default()
    };
    let d = parse(
        "坐席12号：您好\n会员A：在吗\n坐席号：x\n".to_string(),
        &options,
    );
    let roles: Vec<Role> = d.turns.iter().map(|t| t.role).collect();
    assert_eq!(roles, [Role::Agent, Role::Customer]);
}

#[test]
fn unknown_speakers_are_dialogue_labels_only() {
    let d = doc("店长：欢迎\n阿姨：锅坏了\n店长：我看看\n阿姨：好\n");
    let labels: Vec<&str> = d.unknown_speakers.iter().map(|s| d.slice(*s)).collect();
    assert_eq!(labels, ["店长", "阿姨"]);
    // A known speaker talking with an unknown one.
    let d = doc("客服：您好\n小明：我要投诉\n客服：请讲\n小明：快递丢了\n");
    let labels: Vec<&str> = d.unknown_speakers.iter().map(|s| d.slice(*s)).collect();
    assert_eq!(labels, ["小明"]);
    for text in [
        // Field names, a bullet list of fields, bold fields, labels with digits, a known dialogue.
        "问题：a\n原因：b\n问题：c\n原因：d\n",
        "- Target: a\n- Measured: b\n- Target: c\n- Measured: d\n",
        "**目的**：a\n**做法**：b\n**目的**：c\n**做法**：d\n",
        "Step 1: a\nStep 2: b\nStep 1: c\nStep 2: d\n",
        "客服：您好\n顾客：你好\n客服：请讲\n顾客：好\n",
        "店长：欢迎\n阿姨：锅坏了\n",
    ] {
        assert!(doc(text).unknown_speakers.is_empty(), "{text:?}");
    }
}

#[test]
fn prose_fences_are_read_as_text_and_code_fences_stay_code() {
    for text in [
        "```\n亲，非常抱歉让您久等了，我们会尽快处理。\n```\n",
        "```text\nHi {name},\nThanks for writing. We will be in touch shortly.\n```\n",
        "~~~markdown\n- 您好，请问有什么可以帮您？\n- 感谢您的耐心等待。\n~~~\n",
        "```\nOur return policy:\n• Return window: [Days] days from delivery\nNeed a return? Let me help!\n```\n",
    ] {
        let d = doc(text);
        assert!(
            !kinds(&d).contains(&BlockKind::Fence) && !d.blocks.is_empty(),
            "{text:?}: {:?}",
            kinds(&d)
        );
    }
    for text in [
        // A language, code syntax, a shell command, data columns, no sentence, unclosed.
        "```python\nprint(\"您好，请稍等。\")\n```\n",
        "```\nconst greeting = \"您好\";\n```\n",
        "```\n$ servicelint check docs/\n```\n",
        "```\nservicelint check --format json docs/script.md\n```\n",
        "```\nUSER\t我的快递没到\tINFORM\n```\n",
        "```\nUSER\t我的快递没到\tINFORM\nSYSTEM\t您好\n",
        "```\nid\tname\tprice\nUSER\t我的快递没到\nSYSTEM\t您好\n```\n",
        "```python\nUSER\t我的快递没到\nSYSTEM\t您好\n```\n",
        "```\na\nb\nc\nUSER\t我的快递没到\nSYSTEM\t您好\n```\n",
        "```\n<div class=\"reply\">您好</div>\n```\n",
        "```\nfn main() {\n}\n```\n",
        "```\n亲，您好。\n",
        "```json\n{\"reply\": \"您好，请稍等。\"}\n```\n",
    ] {
        assert_eq!(kinds(&doc(text)), vec![BlockKind::Fence], "{text:?}");
    }
}

#[test]
fn a_fence_of_role_columns_is_a_dialogue_of_its_text_column() {
    // A chat export's rows (role, text, action, ratings) pasted into a fence, under a header line.
    let d = doc(
        "```\nRole \\t Text \\t Action\n\nUSER\t我的快递没到\t物流查询\t2,2,3\nSYSTEM\t不知道\t\t\n```\n",
    );
    assert!(!kinds(&d).contains(&BlockKind::Fence), "{:?}", kinds(&d));
    let turns: Vec<(Role, &str)> = d.turns.iter().map(|t| (t.role, d.slice(t.body))).collect();
    assert_eq!(
        turns,
        [(Role::Customer, "我的快递没到"), (Role::Agent, "不知道")]
    );
    assert_eq!(d.kind, Kind::Script);
    // Outside a fence too, the columns after the text are not said.
    let d = doc("USER\tI want a refund\tREQUEST\t1,1\nSYSTEM\tSure, one moment.\tOFFER\n");
    let turns: Vec<&str> = d.turns.iter().map(|t| d.slice(t.body)).collect();
    assert_eq!(turns, ["I want a refund", "Sure, one moment."]);
}

#[test]
fn decimal_run_in_and_one_line_steps() {
    let d = doc("1. 接待\n1.1 倾听顾客\n1.2 复述问题\n2.3.1、道歉\n");
    let steps: Vec<(u32, usize)> = d
        .blocks
        .iter()
        .filter_map(|b| match b.kind {
            BlockKind::Step { ordinal } => Some((ordinal, b.indent)),
            _ => None,
        })
        .collect();
    assert_eq!(steps, [(1, 0), (1, 2), (2, 2), (1, 4)]);
    let d = doc("**L – Listen** to the guest\n**E – Empathise** with them\n");
    assert_eq!(kinds(&d), [BlockKind::Step { ordinal: 0 }; 2]);
    assert!(d.slice(d.blocks[0].content).starts_with("Listen"));
    let d = doc("1. 倾听顾客 2. 复述问题 3. 道歉\n");
    let contents: Vec<&str> = d.blocks.iter().map(|b| d.slice(b.content)).collect();
    assert_eq!(contents, ["倾听顾客", "复述问题", "道歉"]);
    assert_eq!(
        kinds(&d),
        [
            BlockKind::Step { ordinal: 1 },
            BlockKind::Step { ordinal: 2 },
            BlockKind::Step { ordinal: 3 }
        ]
    );
    let d = doc("1、问候；2、致歉\n");
    assert_eq!(d.blocks.len(), 2);
    // Not steps: a decimal number, a version inside a step, a run-in with no closing bold.
    for (text, blocks) in [
        ("1.5小时内回复\n", vec![BlockKind::Text]),
        ("1. 升级到 2.0 版本\n", vec![BlockKind::Step { ordinal: 1 }]),
        ("1. 先做 3. 再做\n", vec![BlockKind::Step { ordinal: 1 }]),
        ("**L – Listen\n", vec![BlockKind::Text]),
        ("**CS:** 您好\n", vec![BlockKind::Turn { turn: 0 }]),
    ] {
        assert_eq!(kinds(&doc(text)), blocks, "{text:?}");
    }
    for glyph in ["Ø", "➢", "√", "◆", "■", "●", "▪"] {
        assert_eq!(
            kinds(&doc(&format!("{glyph} 问候顾客\n"))),
            [BlockKind::Bullet],
            "{glyph}"
        );
    }
}
