//! Robustness (SPEC §8): no bytes crash the pipeline, and every bad input gets a clear diagnostic and the SPEC §7 exit code.

use proptest::prelude::*;
use serde_json::Value;
use servicelint::config::{Loaded, Settings};
use servicelint::engine::Engine;
use servicelint::finding::FileReport;
use servicelint::ruleset::RuleSet;
use servicelint::run::lint_bytes;
use servicelint::span::LineIndex;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

// ------------------------------------------------------------------ the library pipeline

fn setup() -> &'static (RuleSet, Settings) {
    static SETUP: OnceLock<(RuleSet, Settings)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let rules = RuleSet::builtin().expect("the built-in pack loads");
        let settings =
            Settings::resolve(&Loaded::default(), Some(&rules)).expect("default settings resolve");
        (rules, settings)
    })
}

/// Lint bytes with default settings and every built-in rule at its default level, and check the
/// invariants every reporter relies on.
fn lint(bytes: &[u8]) -> FileReport {
    lint_as("robust.md", bytes)
}

/// [`lint`] of a file named `path` (its reader chosen by the extension).
fn lint_as(path: &str, bytes: &[u8]) -> FileReport {
    let (rules, settings) = setup();
    let engine = Engine::with_defaults(rules);
    let report = lint_bytes(path, bytes, settings, &engine);
    assert!(
        report.error.is_none(),
        "bytes in memory are never unreadable"
    );
    let text = &report.text;
    let index = LineIndex::new(text);
    let lines = index.len();
    let spans = report
        .findings
        .iter()
        .flat_map(|f| std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)));
    for span in spans {
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "span {span:?} outside a text of {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "span {span:?} splits a character"
        );
        let (start, end) = index.range(text, span);
        assert!(
            start <= end && end.line <= lines,
            "{start:?}..{end:?} of {lines} lines"
        );
    }
    report
}

/// Lines of the kinds the block and inline grammars know, plus their broken variants.
mod fragment {
    pub const INDENTS: &[&str] = &[
        "",
        "",
        "",
        " ",
        "  ",
        "   ",
        "    ",
        "\t",
        "\u{3000}\u{3000}",
        "            ",
    ];
    pub const LABELS: &[&str] = &[
        "客服",
        "顾客",
        "**客服**",
        "坐席 2",
        "客服A",
        "前台",
        "Agent",
        "Customer",
        "**Agent**",
        "Agent (Sam)",
        "Rep",
        "Caller",
        "CSR",
        "老板",
        "Note",
        "Ａｇｅｎｔ",
        "客服客服客服客服客服客服客服客服客服",
    ];
    pub const COLONS: &[&str] = &["：", ":", " : ", "：**", ":**", "", "::"];
    pub const STEPS: &[&str] = &[
        "1. ",
        "2) ",
        "3、",
        "（4）",
        "(5) ",
        "⑥",
        "⑳",
        "Step 7: ",
        "step 8.",
        "STEP 9 ",
        "第十步：",
        "第11步",
        "第二步、",
        "１．",
        "１２．",
        "999. ",
        "1000. ",
        "0. ",
        "1.2 ",
        "第九十九步",
    ];
    pub const BULLETS: &[&str] = &[
        "- ", "* ", "+ ", "• ", "· ", "● ", "▪", "◆", "■", "-", "*", "- - - ",
    ];
    pub const HEADINGS: &[&str] = &[
        "# ",
        "## ",
        "###### ",
        "####### ",
        "#",
        "一、",
        "十二、",
        "第一部分 ",
        "第二章",
        "第3节",
        "第十篇",
        "三．",
    ];
    pub const BODIES: &[&str] = &[
        "您好，请问有什么可以帮您？",
        "您好，欢迎致电客服中心，工号1234为您服务",
        "不知道",
        "我不知道，你找别人吧",
        "这不归我管",
        "没办法，这是规定",
        "非常抱歉给您带来不便",
        "请稍等",
        "感谢您的来电，再见",
        "I don't know",
        "I don’t know",
        "Calm down!",
        "That's not my job",
        "Thank you for calling, how can I help?",
        "Sorry for the wait",
        "please hold",
        "Goodbye, have a nice day",
        "“不知道”",
        "「没办法」",
        "『忌语』",
        "\"I can't\"",
        "忌语：“不知道”“没办法”",
        "Never say: \"calm down\", \"whatever\"",
        "【停顿】",
        "【客户姓名】",
        "[pause]",
        "[NAME]",
        "（停顿）",
        "(smiles)",
        "{{name}}",
        "{order_id}",
        "<NAME>",
        "XXX",
        "某某",
        "____",
        "`code`",
        "``a`b``",
        "https://example.com/a?b=c",
        "www.example.com",
        "[链接](https://x.y)",
        "[text](",
        "“未闭合",
        "「未闭合",
        "\"unclosed",
        "【unclosed",
        "{{unclosed",
        "<!-- inline -->",
        "<!-- servicelint-disable-line -->",
        "<!--",
        "-->",
        "喂！",
        "ＯＫ",
        "𠀀𠀁",
        "\u{200B}",
        "\u{FEFF}",
        "\u{FFFD}",
        "ﾃｽﾄ",
        "e\u{301}",
        "\\",
        "|",
        "**",
    ];
    pub const TIMES: &[&str] = &[
        "10秒内",
        "铃响3声内接听",
        "三声内",
        "within 3 rings",
        "within 30 seconds",
        "2小时内",
        "24 hours",
        "半小时",
        "1.5 分钟",
        "一分半",
        "0秒",
        "99999999999999999999秒",
        "-5 minutes",
        "3-5个工作日",
        "三到五天",
        "15s",
        "2h",
        "十秒",
        "三十秒以内",
        "一万零一秒",
        "1天",
        "within an hour",
        "24/7",
        "10:30",
        "1e309 seconds",
        "0.0000001秒",
        "5 rings or fewer",
        "不超过3声",
        "3声以内",
    ];
    pub const DIRECTIVES: &[&str] = &[
        "<!-- servicelint-disable -->",
        "<!-- servicelint-enable -->",
        "<!-- servicelint-disable-next-line -->",
        "<!-- servicelint-disable-next-line phrasing/negative -->",
        "<!-- servicelint-disable-file -->",
        "<!-- servicelint-disable phrasing -->",
        "<!-- servicelint-enable phrasing/negative, greeting -->",
        "<!-- servicelint-disable nonexistent/rule -->",
        "<!-- servicelint-disable-next-line",
        "<!-- servicelint-disable-file greeting/missing",
        "<!--",
        "-->",
        "<!---->",
        "<!-- a",
        "b -->",
    ];
    pub const TABLE: &[&str] = &[
        "| 错误说法 | 规范用语 |",
        "| --- | --- |",
        "|:--|--:|",
        "| 不知道 | 我帮您确认 |",
        "| 10秒内 | within 3 rings |",
        "| a \\| b | c",
        "|",
        "||||",
        "| x",
        "|客服：不知道|",
    ];
    pub const FENCES: &[&str] = &["```", "```text", "~~~", "    ```", "````", "~~~~~"];
    pub const FRONT: &[&str] = &[
        "---",
        "kind: script",
        "kind: sop",
        "kind: nonsense",
        "lang: zh",
        "lang: en",
        "disable: [phrasing/negative]",
        "disable: phrasing, greeting",
        "disable: [",
        "title: \"x\"",
        ":",
    ];
    pub const MISC: &[&str] = &[
        "", "", " ", "\u{3000}", "\t", "===", "---", "***", "___", "- - -", "：", ":",
    ];
    pub const ENDINGS: &[&str] = &["\n", "\r\n", "\r"];
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(list)
}

/// Inline text: phrases, time expressions, arbitrary characters.
fn body() -> impl Strategy<Value = String> {
    use fragment::*;
    let piece = prop_oneof![
        4 => pick(BODIES).prop_map(str::to_string),
        2 => pick(TIMES).prop_map(str::to_string),
        1 => "\\PC{0,12}",
        1 => "[一-龥]{0,8}",
    ];
    prop::collection::vec(piece, 0..4).prop_map(|v| v.concat())
}

/// One line of a document, without its ending.
fn line() -> impl Strategy<Value = String> {
    use fragment::*;
    prop_oneof![
        4 => (pick(INDENTS), pick(LABELS), pick(COLONS), body())
            .prop_map(|(i, l, c, b)| format!("{i}{l}{c}{b}")),
        3 => (pick(INDENTS), pick(STEPS), prop::option::of((pick(LABELS), pick(COLONS))), body())
            .prop_map(|(i, s, t, b)| {
                let turn = t.map(|(l, c)| format!("{l}{c}")).unwrap_or_default();
                format!("{i}{s}{turn}{b}")
            }),
        2 => (pick(INDENTS), pick(BULLETS), body()).prop_map(|(i, m, b)| format!("{i}{m}{b}")),
        2 => (pick(HEADINGS), body()).prop_map(|(h, b)| format!("{h}{b}")),
        2 => pick(TABLE).prop_map(str::to_string),
        1 => pick(FENCES).prop_map(str::to_string),
        2 => pick(DIRECTIVES).prop_map(str::to_string),
        1 => pick(FRONT).prop_map(str::to_string),
        1 => pick(MISC).prop_map(str::to_string),
        3 => body(),
        1 => "\\PC{0,40}",
    ]
}

/// How the text is turned into bytes.
#[derive(Clone, Copy, Debug)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gbk,
}

fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            text.encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_le_bytes()));
            out
        }
        Encoding::Utf16Be => {
            let mut out = vec![0xFE, 0xFF];
            text.encode_utf16()
                .for_each(|u| out.extend_from_slice(&u.to_be_bytes()));
            out
        }
        Encoding::Gbk => encoding_rs::GBK.encode(text).0.into_owned(),
    }
}

/// A whole document: lines of fragments, with one line ending, or a random ending per line.
fn document() -> impl Strategy<Value = (String, Encoding)> {
    let encoding = prop_oneof![
        6 => Just(Encoding::Utf8),
        1 => Just(Encoding::Utf8Bom),
        1 => Just(Encoding::Utf16Le),
        1 => Just(Encoding::Utf16Be),
        1 => Just(Encoding::Gbk),
    ];
    let ending = prop_oneof![pick(fragment::ENDINGS).prop_map(Some), Just(None)];
    let lines = prop::collection::vec((line(), pick(fragment::ENDINGS)), 0..48);
    (lines, ending, any::<bool>(), encoding).prop_map(|(lines, ending, last_eol, encoding)| {
        let mut text = String::new();
        let n = lines.len();
        for (i, (line, own)) in lines.into_iter().enumerate() {
            text.push_str(&line);
            if i + 1 < n || last_eol {
                text.push_str(ending.unwrap_or(own));
            }
        }
        (text, encoding)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        lint(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,600}") {
        let report = lint(text.as_bytes());
        if !text.starts_with('\u{FEFF}') {
            prop_assert_eq!(&report.text, &text);
        }
    }

    #[test]
    fn grammar_fragments_never_panic((text, encoding) in document()) {
        let bytes = encode(&text, encoding);
        let report = lint(&bytes);
        // Plain UTF-8 is linted as written: spans index the very text the user wrote.
        if matches!(encoding, Encoding::Utf8) && !text.contains('\0') && !text.starts_with('\u{FEFF}') {
            prop_assert_eq!(&report.text, &text);
        }
        // The same bytes always give the same findings.
        let again = lint(&bytes);
        prop_assert_eq!(format!("{:?}", report.findings), format!("{:?}", again.findings));
    }
}

// ------------------------------------------------------------------ regression inputs

/// Inputs found by fuzzing or by the matrix below; each once crashed or hung something.
#[test]
fn regression_inputs_lint_cleanly() {
    let cases: &[&[u8]] = &[
        b"",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE\x00",
        b"\r",
        b"\r\r\n\n\r",
        b"---",
        b"---\n",
        b"---\r---\r",
        b"<!--",
        b"```",
        b"|",
        b"# ",
        "第".as_bytes(),
        "客服：".as_bytes(),
        "1.\r客服：不知道\r".as_bytes(),
    ];
    for case in cases {
        lint(case);
    }
}

// ------------------------------------------------------------------ the bad-input matrix, through the binary

/// A scratch folder for one case.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write file");
}

/// What one run printed.
struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

impl Run {
    fn file(&self, suffix: &str) -> &Value {
        self.json["files"]
            .as_array()
            .expect("files array")
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
            .unwrap_or_else(|| panic!("no report for {suffix} in {:#}", self.json))
    }

    fn rules_of(&self, suffix: &str) -> Vec<String> {
        self.file(suffix)["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    fn message_of(&self, suffix: &str, rule: &str) -> String {
        self.file(suffix)["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .find(|d| d["rule"] == rule)
            .and_then(|d| d["message"].as_str())
            .unwrap_or_else(|| panic!("no {rule} on {suffix}: {:#}", self.file(suffix)))
            .to_string()
    }
}

/// `servicelint check --format json` in `dir` (its own config, if it has one; else none at all).
fn check(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_servicelint"));
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        // A guard against a hang, not a timing assertion.
        .timeout(Duration::from_secs(600))
        .args(["check", "--format", "json", "--ui-lang", "en"]);
    if !dir.join("servicelint.toml").exists() {
        cmd.arg("--isolated");
    }
    let output = cmd.args(args).output().expect("run servicelint");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 1 || code == 2,
        "crashed with {:?}\nstderr: {stderr}",
        output.status
    );
    assert!(!stderr.contains("panicked"), "panic on stderr: {stderr}");
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\nstderr: {stderr}"));
    Run { code, json, stderr }
}

const GOOD: &str =
    "客服：您好，欢迎致电，请问有什么可以帮您？\n顾客：我想查询订单。\n客服：好的，请稍等。\n";

/// A file that is skipped gets `io/skipped` with its reason; a skip is a warning, not a failed run.
fn assert_skipped(run: &Run, name: &str, reason: &str) {
    assert!(
        run.rules_of(name).contains(&"io/skipped".to_string()),
        "{name} not skipped: {:#}",
        run.file(name)
    );
    let message = run.message_of(name, "io/skipped");
    assert!(message.contains(reason), "{name}: {message}");
    assert_ne!(
        run.code, 2,
        "a skipped file is not a failed run: {}",
        run.stderr
    );
    // The file next to it is still linted.
    assert_eq!(run.file("good.md")["encoding"], "UTF-8");
}

#[test]
fn binary_file_is_skipped_with_a_diagnostic() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(
        dir.path(),
        "logo.md",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa",
    );
    let run = check(dir.path(), &["."]);
    assert_skipped(&run, "logo.md", "binary");
}

#[test]
fn nul_in_the_middle_is_binary() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "nul.md", "客服：您好\0顾客：你好\n".as_bytes());
    let run = check(dir.path(), &["."]);
    assert_skipped(&run, "nul.md", "binary");
}

#[test]
fn invalid_utf8_is_decoded_with_replacement_and_noted() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    let mut bytes = "客服：您好，请问有什么可以帮您？\n顾客："
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xC3\x28 \xE4\xBD\n");
    bytes.extend_from_slice("客服：好的，请稍等。\n".as_bytes());
    write(dir.path(), "broken.md", &bytes);
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let file = run.file("broken.md");
    assert_eq!(file["encoding"], "UTF-8");
    assert!(file.get("error").is_none());
    assert!(
        run.message_of("broken.md", "io/encoding")
            .contains("U+FFFD"),
        "{file:#}"
    );
}

#[test]
fn lone_utf16_bom_is_an_empty_document() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "le.md", b"\xFF\xFE");
    write(dir.path(), "be.md", b"\xFE\xFF");
    write(dir.path(), "odd.md", b"\xFF\xFE\x41");
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.file("le.md")["encoding"], "UTF-16LE");
    assert_eq!(run.file("be.md")["encoding"], "UTF-16BE");
    assert_eq!(run.file("odd.md")["encoding"], "UTF-16LE");
    assert!(run.file("le.md").get("error").is_none());
}

#[test]
fn empty_file_is_linted_without_error() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "empty.md", b"");
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let file = run.file("empty.md");
    assert!(file.get("error").is_none());
    assert_eq!(file["encoding"], "UTF-8");
}

#[test]
fn file_over_max_file_size_is_skipped() {
    let dir = scratch();
    write(dir.path(), "servicelint.toml", b"max-file-size = 1000\n");
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "huge.md", GOOD.repeat(20).as_bytes());
    let run = check(dir.path(), &["."]);
    assert_skipped(&run, "huge.md", "max-file-size");
    // Given by name, it is skipped the same way.
    let run = check(dir.path(), &["huge.md", "good.md"]);
    assert_skipped(&run, "huge.md", "max-file-size");
}

/// A stream that never ends is read only up to the limit, then skipped as too large (it once filled memory).
#[cfg(target_os = "linux")]
#[test]
fn endless_device_is_skipped_not_read_forever() {
    let dir = scratch();
    write(dir.path(), "servicelint.toml", b"max-file-size = 1000\n");
    write(dir.path(), "good.md", GOOD.as_bytes());
    let run = check(dir.path(), &["/dev/zero", "good.md"]);
    assert_skipped(&run, "/dev/zero", "max-file-size");
}

#[test]
fn standard_input_over_max_file_size_is_skipped() {
    let dir = scratch();
    write(dir.path(), "servicelint.toml", b"max-file-size = 1000\n");
    write(dir.path(), "good.md", GOOD.as_bytes());
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_servicelint"));
    let output = cmd
        .current_dir(dir.path())
        .timeout(Duration::from_secs(600))
        .args([
            "check",
            "--format",
            "json",
            "--ui-lang",
            "en",
            "-",
            "good.md",
        ])
        .write_stdin(GOOD.repeat(50))
        .output()
        .expect("run servicelint");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        json,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_skipped(&run, "<stdin>", "max-file-size");
}

#[test]
fn deep_nesting_is_linted() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    let mut text = String::from("# 流程\n");
    for depth in 0..3000 {
        let marker = match depth % 4 {
            0 => "- ",
            1 => "1. ",
            2 => "（2）",
            _ => "> ",
        };
        text.push_str(&" ".repeat(depth));
        text.push_str(marker);
        text.push_str("客服：不知道\n");
    }
    write(dir.path(), "deep.md", text.as_bytes());
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(run.file("deep.md").get("error").is_none());
}

#[test]
fn a_200k_character_line_is_linted() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    let line = format!("客服：{}不知道\n", "您好，请稍等。".repeat(200_000 / 7));
    write(dir.path(), "long.md", line.as_bytes());
    let latin = format!(
        "Agent: {}I don't know\n",
        "hold on please ".repeat(200_000 / 15)
    );
    write(dir.path(), "long-en.md", latin.as_bytes());
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert!(run.file("long.md").get("error").is_none());
    assert!(run.file("long-en.md").get("error").is_none());
}

#[test]
fn cr_only_line_endings_split_lines() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "cr.md", GOOD.replace('\n', "\r").as_bytes());
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    // Three speaker turns are found only if lone CRs end lines.
    assert_eq!(run.file("cr.md")["kind"], "script");
    assert_eq!(run.file("cr.md")["kind"], run.file("good.md")["kind"]);
    for d in run.file("cr.md")["diagnostics"].as_array().expect("array") {
        assert!(
            d["line"].as_u64().is_some_and(|l| (1..=3).contains(&l)),
            "{d:#}"
        );
    }
}

#[test]
fn mixed_encodings_in_one_tree() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(
        dir.path(),
        "zh/gbk.md",
        &encode(&GOOD.repeat(3), Encoding::Gbk),
    );
    write(dir.path(), "zh/le.md", &encode(GOOD, Encoding::Utf16Le));
    write(dir.path(), "zh/be.md", &encode(GOOD, Encoding::Utf16Be));
    write(dir.path(), "zh/bom.md", &encode(GOOD, Encoding::Utf8Bom));
    write(
        dir.path(),
        "zh/crlf.md",
        GOOD.replace('\n', "\r\n").as_bytes(),
    );
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.file("gbk.md")["encoding"], "GB18030");
    assert!(run.rules_of("gbk.md").contains(&"io/encoding".to_string()));
    assert_eq!(run.file("le.md")["encoding"], "UTF-16LE");
    assert_eq!(run.file("be.md")["encoding"], "UTF-16BE");
    assert_eq!(run.file("bom.md")["encoding"], "UTF-8");
    for name in ["gbk.md", "le.md", "be.md", "bom.md", "crlf.md"] {
        assert_eq!(run.file(name)["kind"], "script", "{name}");
    }
}

#[cfg(unix)]
#[test]
fn symlink_loop_does_not_hang_the_walk() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    std::fs::create_dir(dir.path().join("a")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("a/up")).expect("symlink");
    std::os::unix::fs::symlink("self.md", dir.path().join("a/self.md")).expect("symlink");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.file("good.md")["encoding"], "UTF-8");
    // Named on the command line, a looping link cannot be read: reported, exit 2, the rest still linted.
    let run = check(dir.path(), &["a/self.md", "good.md"]);
    assert_eq!(run.code, 2);
    assert!(run.file("self.md")["error"].is_string());
    assert!(run.stderr.contains("a/self.md"), "{}", run.stderr);
    assert_eq!(run.file("good.md")["encoding"], "UTF-8");
}

#[test]
fn directory_named_like_a_file_is_walked() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "x.md/inner.md", GOOD.as_bytes());
    let run = check(dir.path(), &["."]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.file("x.md/inner.md")["encoding"], "UTF-8");
    let files = run.json["files"].as_array().expect("files");
    assert!(
        !files
            .iter()
            .any(|f| f["path"].as_str().is_some_and(|p| p.ends_with("x.md"))),
        "the folder itself is not a file: {files:#?}"
    );
    let run = check(dir.path(), &["x.md"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.file("inner.md")["encoding"], "UTF-8");
}

#[test]
fn missing_path_exits_2_and_the_rest_is_still_linted() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    let run = check(dir.path(), &["missing.md", "good.md"]);
    assert_eq!(run.code, 2);
    assert!(run.file("missing.md")["error"].is_string());
    assert!(run.stderr.contains("missing.md"), "{}", run.stderr);
    assert_eq!(run.file("good.md")["encoding"], "UTF-8");
}

#[test]
fn a_file_that_vanishes_after_the_walk_is_reported_unreadable() {
    let dir = scratch();
    write(dir.path(), "gone.md", GOOD.as_bytes());
    write(dir.path(), "good.md", GOOD.as_bytes());
    let filter = servicelint::input::walk::Filter::new(&["**/*.md".to_string()], &[]);
    let root = dir.path().display().to_string();
    let inputs = servicelint::input::walk::collect(&[root], None, &filter);
    std::fs::remove_file(dir.path().join("gone.md")).expect("remove");
    let (rules, settings) = setup();
    let engine = Engine::with_defaults(rules);
    let mut errors = 0;
    for input in &inputs {
        if let servicelint::input::walk::Input::File(path) = input {
            let report =
                servicelint::run::lint_path(path, &path.display().to_string(), settings, &engine);
            errors += usize::from(report.error.is_some());
            assert_eq!(report.error.is_some(), path.ends_with("gone.md"));
        }
    }
    assert_eq!(errors, 1);
}

// ------------------------------------------------------------------ office files (issue 15)

/// Each bad office file in tests/fixtures/office/bad (made by make_fixtures.py) is skipped with
/// its reason, and a good file beside it is still linted.
#[test]
fn bad_office_files_are_skipped_with_their_reason() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office/bad");
    for (name, reason) in [
        ("not-a-zip.docx", "not a .docx file"),
        ("truncated.docx", "damaged .docx"),
        ("encrypted.docx", "password-protected"),
        ("bomb.docx", "zip bomb"),
        ("laughs.docx", "DTD"),
        ("empty.xlsx", "holds no text"),
        ("rows-50000.xlsx", "more than 20000 rows"),
    ] {
        let bytes = std::fs::read(bad.join(name)).expect("fixture");
        write(dir.path(), name, &bytes);
        let started = std::time::Instant::now();
        let run = check(dir.path(), &["."]);
        assert_skipped(&run, name, reason);
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{name} took too long"
        );
        std::fs::remove_file(dir.path().join(name)).expect("remove");
    }
}

/// A zip of more entries than the limit is refused before any is read.
#[test]
fn a_zip_of_too_many_entries_is_skipped() {
    use std::io::Write as _;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_001 {
        zip.start_file(format!("e{i}"), options).expect("entry");
        zip.write_all(b"x").expect("write");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    write(dir.path(), "many.docx", &bytes);
    let run = check(dir.path(), &["."]);
    assert_skipped(&run, "many.docx", "more than the limit of 10000");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// The office readers never panic on damaged packages: a real .docx, .pptx, .xlsx or .csv
    /// with bytes changed or cut.
    #[test]
    fn damaged_office_files_never_panic(
        name in prop::sample::select(vec![
            "refund.docx", "training.pptx", "faq.xlsx", "faq.csv",
            "export.tsv", "tweets.csv", "convos.json", "chat.jsonl",
        ]),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/office").join(name);
        let mut bytes = std::fs::read(path).expect("fixture");
        for (at, byte) in damage {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if cut.index(4) == 0 {
            bytes.truncate(cut.index(bytes.len()));
        }
        lint_as(&format!("robust-{name}"), &bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Chat exports as columns never panic, as a .tsv, a .csv or a fence of role columns: rows of
    /// role values, flags, ids and arbitrary text (tabs, quotes, commas and a huge cell included).
    #[test]
    fn chat_export_columns_never_panic(
        rows in prop::collection::vec(
            (
                prop::sample::select(vec!["SYSTEM", "USER", "0", "1", "True", "False", "客服", "顾客", "action", ""]),
                "\\PC{0,40}",
                prop::sample::select(vec!["", "s1", "s2", "INFORM"]),
            ),
            0..24,
        ),
        huge in any::<bool>(),
    ) {
        let mut tsv = String::new();
        for (role, text, extra) in &rows {
            tsv.push_str(&format!("{extra}\t{role}\t{text}\n"));
        }
        if huge {
            tsv.push_str(&format!("s1\t1\t{}\n", "您好".repeat(50_000)));
        }
        lint_as("export.tsv", tsv.as_bytes());
        lint_as("export.csv", tsv.replace('\t', ",").as_bytes());
        let fence: String = rows
            .iter()
            .map(|(role, text, extra)| format!("{role}\t{text}\t{extra}\n"))
            .collect();
        lint_as("notes.md", format!("```\nRole \\t Text\n{fence}```\n").as_bytes());
    }
}

/// UTF-16 without a BOM and Big5 are read as what they are, not as binary or GB18030.
#[test]
fn utf16_without_bom_and_big5_are_decoded() {
    let dir = scratch();
    write(dir.path(), "good.md", GOOD.as_bytes());
    let le: Vec<u8> = GOOD.encode_utf16().flat_map(u16::to_le_bytes).collect();
    write(dir.path(), "utf16.txt", &le);
    let traditional = "客服：您好，請問有什麼可以幫您？\n顧客：我的訂單還沒到。\n客服：對不起，這個我們沒辦法處理。\n";
    let (big5, _, _) = encoding_rs::BIG5.encode(traditional);
    write(dir.path(), "big5.txt", &big5);
    let run = check(dir.path(), &["."]);
    assert_eq!(run.file("utf16.txt")["encoding"], "UTF-16LE");
    assert_eq!(run.file("big5.txt")["encoding"], "Big5");
    assert_eq!(run.file("good.md")["encoding"], "UTF-8");
}
