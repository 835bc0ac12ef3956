//! Whole documents under tests/fixtures → concise output, compared with tests/snapshots/<name>.concise.
//! Set SNAPSHOTS=overwrite to rewrite the snapshots on purpose (then read the diff).

use assert_cmd::Command;
use std::path::Path;

fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/fixtures exists")
        .map(|e| e.expect("entry"))
        // Folders (tests/fixtures/shapes/) have tests of their own.
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn concise(name: &str) -> String {
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--isolated", "--format", "concise", "-q"])
        .arg(format!("tests/fixtures/{name}"))
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{name}: exit {:?}",
        out.status
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn fixtures_match_snapshots() {
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut mismatches = Vec::new();
    for name in fixture_names() {
        let actual = concise(&name);
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/snapshots/{name}.concise"));
        if overwrite {
            std::fs::write(&path, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "--- {name} expected\n{expected}+++ {name} actual\n{actual}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The bundled examples the README runs: their whole output is pinned too.
#[test]
fn examples_match_snapshot() {
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--isolated", "--format", "concise", "examples/"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the bad examples hold error-level findings"
    );
    let actual = String::from_utf8(out.stdout).expect("utf-8");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/examples.concise");
    if std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite") {
        std::fs::write(&path, &actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(expected, actual);
}

/// Lines that must fire in the fixtures, by rule, as `file:line`.
#[test]
fn must_fire_lines_fire() {
    let expect = [
        ("zh-script-traps.md", "15", "phrasing/negative"),
        ("en-script-traps.md", "11", "phrasing/negative"),
        ("crlf-bom.txt", "1", "phrasing/forbidden"),
        ("crlf-bom.txt", "1", "greeting/missing"),
        ("crlf-bom.txt", "2", "apology/missing"),
        ("gbk-script.md", "1", "io/encoding"),
        ("fullwidth-slide.txt", "3", "phrasing/negative"),
        ("fullwidth-slide.txt", "4", "phrasing/negative"),
        ("complaint-sop-order.md", "7", "apology/order"),
        ("complaint-sop-order.md", "12", "apology/incomplete"),
    ];
    for (file, line, rule) in expect {
        let out = concise(file);
        let needle = format!("tests/fixtures/{file}:{line}:");
        assert!(
            out.lines()
                .any(|l| l.starts_with(&needle) && l.contains(&format!("[{rule}]"))),
            "{file}:{line} should fire {rule}:\n{out}"
        );
    }
}

/// Trap lines: nothing fires on them (customer turns, allowed longer phrases, counter-examples,
/// instructions to staff, quoted mentions).
#[test]
fn trap_lines_stay_silent() {
    let traps: &[(&str, &[u32])] = &[
        // customer turns with 不知道/没办法/不行/不可能; 不用担心, 不能让您久等, 不知道您…; apology before fix
        ("zh-script-traps.md", &[7, 8, 9, 10, 11, 12, 13, 14, 16]),
        // customer "I don't know"/"you have to"/"Whatever"; "No problem at all", "I can't wait",
        // "You must be", "You should have received", "Whatever works"
        ("en-script-traps.md", &[5, 6, 7, 8, 9, 10, 12]),
        // 服务禁语 list, 错误说法 column, 不要说/禁止说, Avoid saying list, Instead of column and sentence, Never say
        (
            "counter-examples.md",
            &[10, 11, 12, 13, 19, 20, 22, 23, 24, 30, 31, 35, 36, 38, 42],
        ),
        // instructions to staff: 不要打断, 不得说“不知道”, 如遇无法立即解决, 你必须 (unquoted), Do not / You must / can't
        (
            "sop-instructions.md",
            &[7, 8, 9, 10, 11, 12, 14, 15, 16, 17],
        ),
    ];
    let mut total = 0;
    for (file, lines) in traps {
        let out = concise(file);
        for line in *lines {
            total += 1;
            let needle = format!("tests/fixtures/{file}:{line}:");
            assert!(
                !out.lines().any(|l| l.starts_with(&needle)),
                "trap {file}:{line} fired:\n{out}"
            );
        }
    }
    assert!(total >= 30, "only {total} traps");
}
