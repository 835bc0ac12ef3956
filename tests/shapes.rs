//! Document shapes as teams write them (issues 15 and 18, the reading parts): each fixture under
//! tests/fixtures/shapes/ is linted, and the findings that show the shape was read (or, for a trap,
//! that it was not misread) are asserted by rule and line.

use assert_cmd::Command;
use serde_json::Value;

/// What one fixture must give: its kind, findings (rule, line) that must be there, and rules or
/// families that must not fire anywhere in it.
struct Case {
    file: &'static str,
    kind: &'static str,
    fire: &'static [(&'static str, u64)],
    silent: &'static [&'static str],
}

const CASES: &[Case] = &[
    // Speaker labels with qualifiers, stamps and brackets are turns (issue 15 item 4).
    Case {
        file: "zh-labels-qualified.md",
        kind: "script",
        fire: &[("phrasing/negative", 5)],
        silent: &["greeting/missing", "closing/missing", "io/unknown-speaker"],
    },
    Case {
        file: "en-labels-qualified.md",
        kind: "script",
        fire: &[("phrasing/negative", 5)],
        silent: &["greeting/missing", "closing/missing", "io/unknown-speaker"],
    },
    Case {
        file: "zh-role-columns.txt",
        kind: "script",
        fire: &[("phrasing/negative", 4)],
        silent: &["greeting/missing"],
    },
    // Field labels never become speakers: the staff notes under them are not spoken.
    Case {
        file: "zh-field-labels-trap.md",
        kind: "sop",
        fire: &[],
        silent: &["phrasing", "greeting", "closing", "io/unknown-speaker"],
    },
    Case {
        file: "en-field-labels-trap.md",
        kind: "sop",
        fire: &[],
        silent: &["phrasing", "greeting", "closing", "io/unknown-speaker"],
    },
    // A dialogue whose labels nobody configured is said once (io/unknown-speaker), not read silently as an SOP.
    Case {
        file: "zh-unknown-speaker.md",
        kind: "sop",
        fire: &[("io/unknown-speaker", 3)],
        silent: &[],
    },
    Case {
        file: "zh-field-repeat-trap.md",
        kind: "sop",
        fire: &[],
        silent: &["io/unknown-speaker", "phrasing"],
    },
    // A prose fence (no info string) is read as text; a fence of code or data stays excluded (item 3).
    Case {
        file: "zh-fenced-replies.md",
        kind: "sop",
        fire: &[("time/placeholder", 6), ("time/vague", 7)],
        silent: &[],
    },
    Case {
        file: "en-code-fences-trap.md",
        kind: "sop",
        fire: &[],
        silent: &[
            "phrasing",
            "time",
            "greeting",
            "closing",
            "apology",
            "io/unknown-speaker",
        ],
    },
    // A fence of a chat export's role columns is a dialogue of its text column (issue 15, JDDC);
    // a fence of other data columns stays excluded (the trap above). Its rows are an excerpt of
    // logged chats: their wording is judged, not the call's opening, closing or complaint steps
    // (a dataset README's sample starts and ends mid-call); an export file is judged as a call.
    Case {
        file: "en-export-fence.md",
        kind: "script",
        fire: &[("phrasing/negative", 9)],
        silent: &[
            "io/unknown-speaker",
            "time/vague",
            "greeting/missing",
            "closing/missing",
        ],
    },
    // Traditional Chinese is judged with the zh lists (issue 15 item 5): 沒辦法 is 没办法, the
    // greeting 很高興為您服務 and the closing 感謝您的來電 are read.
    Case {
        file: "zh-hant-script.md",
        kind: "script",
        fire: &[("phrasing/negative", 5)],
        silent: &["greeting", "closing"],
    },
    // A moment in a row's first cell gives the standard in another cell (issue 15): 问候顾客 |
    // 60秒内 is a greeting standard over the 10 s limit; a row whose first cell names no moment
    // (备注) gives none.
    Case {
        file: "zh-table-moments.md",
        kind: "sop",
        fire: &[("time/exceeds-limit", 5)],
        silent: &["time/inconsistent", "time/missing"],
    },
    // Decimal steps, bold run-in labels and several steps on one line are steps (item 4b / issue 18).
    Case {
        file: "zh-decimal-steps.md",
        kind: "sop",
        fire: &[("apology/incomplete", 1)],
        silent: &[],
    },
    Case {
        file: "zh-decimal-steps-good.md",
        kind: "sop",
        fire: &[],
        silent: &["apology"],
    },
    Case {
        file: "en-run-in-steps.md",
        kind: "sop",
        fire: &[("apology/incomplete", 1)],
        silent: &[],
    },
    Case {
        file: "zh-one-line-steps.md",
        kind: "sop",
        fire: &[("apology/incomplete", 1)],
        silent: &[],
    },
];

fn lint(file: &str) -> Value {
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--isolated", "--format", "json", "--exit-zero"])
        .arg(format!("tests/fixtures/shapes/{file}"))
        .output()
        .expect("runs");
    assert!(out.status.success(), "{file}: exit {:?}", out.status);
    serde_json::from_slice(&out.stdout).expect("json output")
}

#[test]
fn every_fixture_is_a_case() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/shapes");
    for entry in std::fs::read_dir(dir).expect("fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            CASES.iter().any(|c| c.file == name),
            "{name} has no case in tests/shapes.rs"
        );
    }
}

#[test]
fn shapes_are_read() {
    let mut problems = Vec::new();
    for case in CASES {
        let report = lint(case.file);
        let file = &report["files"][0];
        if file["kind"] != case.kind {
            problems.push(format!(
                "{}: kind {} not {}",
                case.file, file["kind"], case.kind
            ));
        }
        let found: Vec<(String, u64)> = file["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap_or("").to_string(),
                    d["line"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        for &(rule, line) in case.fire {
            if !found.iter().any(|(r, l)| r == rule && *l == line) {
                problems.push(format!(
                    "{}: {rule} does not fire on line {line}",
                    case.file
                ));
            }
        }
        for silent in case.silent {
            for (rule, line) in &found {
                if rule == silent || rule.starts_with(&format!("{silent}/")) {
                    problems.push(format!("{}:{line}: {rule} must not fire", case.file));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn traditional_chinese_findings_quote_the_document_s_own_characters() {
    let out = Command::cargo_bin("servicelint")
        .expect("binary")
        .args(["check", "--isolated", "--format", "concise"])
        .arg("tests/fixtures/shapes/zh-hant-script.md")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("zh-hant-script.md:5:4: warning[phrasing/negative] 负面说法：“沒辦法”"),
        "{text}"
    );
}

/// The concise report of one document written into a fresh folder.
fn concise_of(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), text).expect("write");
    let out = Command::cargo_bin("servicelint")
        .expect("binary")
        .current_dir(dir.path())
        .args(["check", "--isolated", "--format", "concise", name])
        .output()
        .expect("run");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A slide's lead-ins in a row (`积极的信息：…` / `消极的信息：…`) look like turns of two unknown
/// speakers, but a Chinese speaker's name is short: no io/unknown-speaker.
#[test]
fn long_chinese_lead_ins_are_no_unknown_speakers() {
    let slide = concise_of(
        "slide.txt",
        "积极的信息：顾客的表扬\n消极的信息：顾客的抱怨\n积极的信息：回头客\n消极的信息：退货\n积极的信息：好评\n消极的信息：差评\n",
    );
    assert!(!slide.contains("io/unknown-speaker"), "{slide}");
    // Short names still are: 王芳 and 李雷 alternating.
    let names = concise_of(
        "names.txt",
        "王芳：你好\n李雷：你好\n王芳：在吗\n李雷：在\n王芳：好的\n李雷：嗯\n",
    );
    assert!(names.contains("io/unknown-speaker"), "{names}");
}
