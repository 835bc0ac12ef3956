//! The time rules end to end: placeholders, vague commitments, limits from config, and inconsistent
//! standards within a document and across files and languages.

use assert_cmd::Command;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("servicelint")
        .expect("binary")
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let (_, out) = check(dir, &all);
    serde_json::from_str(&out).expect("json")
}

#[test]
fn inconsistent_rings_across_two_files_point_at_each_other() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "sops/front-desk.md",
        "---\nkind: sop\n---\n# 前台\n- 电话铃响3声内接听\n",
    );
    write(
        dir.path(),
        "sops/night.md",
        "---\nkind: sop\n---\n# 夜班\n- 电话铃响5声内接听\n",
    );
    let v = json(dir.path(), &["--isolated", "sops"]);
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    for (file, other) in [(0, "sops/night.md"), (1, "sops/front-desk.md")] {
        let diags = files[file]["diagnostics"].as_array().expect("diagnostics");
        let d = diags
            .iter()
            .find(|d| d["rule"] == "time/inconsistent")
            .unwrap_or_else(|| panic!("no time/inconsistent in {}", files[file]["path"]));
        assert_eq!(d["related"][0]["path"], other);
        assert_eq!(d["related"][0]["line"], 5);
    }
}

#[test]
fn chinese_and_english_standards_are_compared() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "zh.md",
        "---\nkind: sop\n---\n# 电话\n- 铃响3声内接听\n",
    );
    write(
        dir.path(),
        "en.md",
        "---\nkind: sop\n---\n# Phone\n- Answer the phone within three rings.\n- Greet callers warmly.\n",
    );
    write(
        dir.path(),
        "en2.md",
        "---\nkind: sop\n---\n# Phone\n- Answer the phone within 4 rings.\n",
    );
    let (_, out) = check(
        dir.path(),
        &["--isolated", "--format", "concise", "-q", "."],
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("zh.md:5:") && l.contains("time/inconsistent")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("en2.md:5:") && l.contains("time/inconsistent")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("en2.md:5:") && l.contains("time/exceeds-limit")),
        "{out}"
    );
}

#[test]
fn equal_standards_written_differently_agree() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "a.md",
        "---\nkind: sop\n---\n# 前台\n- 顾客进门10秒内问候\n",
    );
    write(
        dir.path(),
        "b.md",
        "---\nkind: sop\n---\n# Desk\n- Greet every guest within ten seconds.\n",
    );
    let (code, out) = check(
        dir.path(),
        &["--isolated", "--format", "concise", "-q", "."],
    );
    assert!(!out.contains("time/"), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn config_limits_override_the_defaults() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "sop.md",
        "---\nkind: sop\n---\n# 接待\n- 顾客进店30秒内问候\n",
    );
    let (_, out) = check(dir.path(), &["--format", "concise", "-q", "sop.md"]);
    assert!(
        out.contains("time/exceeds-limit"),
        "default limit 10s: {out}"
    );
    write(
        dir.path(),
        "servicelint.toml",
        "[time.limits]\ngreeting = \"30s\"\n",
    );
    let (_, out) = check(dir.path(), &["--format", "concise", "-q", "sop.md"]);
    assert!(
        !out.contains("time/exceeds-limit"),
        "limit raised to 30s: {out}"
    );
}

#[test]
fn rings_and_seconds_meet_through_ring_seconds() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "sop.md",
        "---\nkind: sop\n---\n# Phone\n- Answer the phone within 15 seconds.\n",
    );
    let (_, out) = check(dir.path(), &["--format", "concise", "-q", "sop.md"]);
    assert!(
        !out.contains("time/exceeds-limit"),
        "15 s is within 3 rings × 6 s = 18 s: {out}"
    );
    write(dir.path(), "servicelint.toml", "[time]\nring-seconds = 4\n");
    let (_, out2) = check(dir.path(), &["--format", "concise", "-q", "sop.md"]);
    assert!(
        out2.contains("time/exceeds-limit"),
        "3 rings × 4 s = 12 s < 15 s: {out2}"
    );
}

/// Run `check sop.md` under a config and return the standard error of a run that must fail with exit 2.
fn config_error(config: &str) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "sop.md", "text\n");
    write(dir.path(), "servicelint.toml", config);
    let out = Command::cargo_bin("servicelint")
        .expect("binary")
        .current_dir(dir.path())
        .args(["check", "sop.md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn unknown_moment_in_config_is_an_error_with_exit_2() {
    let err = config_error("[time.limits]\ngreting = \"10s\"\n");
    assert!(err.contains("unknown moment `greting`"), "{err}");
}

#[test]
fn bad_duration_in_config_points_into_the_file() {
    let err = config_error("[time.limits]\ngreeting = \"soon\"\n");
    assert!(err.contains("invalid time limit"), "{err}");
    assert!(err.contains("servicelint.toml"), "{err}");
}

#[test]
fn vague_commitments_fire_and_in_call_actions_do_not() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "script.md",
        "客服：您好，请问有什么可以帮您？\n顾客：我的退款还没到。\n客服：非常抱歉，我马上为您查询。\n客服：查到了，我们会尽快给您回复。\n客服：如遇无法立即解决的问题，我会在2小时内回电。感谢您的来电！\n",
    );
    let (_, out) = check(dir.path(), &["--format", "concise", "-q", "script.md"]);
    let vague: Vec<&str> = out.lines().filter(|l| l.contains("time/vague")).collect();
    assert_eq!(vague.len(), 1, "{out}");
    assert!(vague[0].starts_with("script.md:4:"), "{out}");
}

#[test]
fn seed_template_placeholders_are_all_reported() {
    let seeds =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/001_e912bf7c18003f5c.txt");
    if !seeds.exists() {
        return; // the shared seeds are not beside this checkout
    }
    let (_, out) = check(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "--isolated",
            "--format",
            "concise",
            "-q",
            seeds.to_str().expect("utf-8 path"),
        ],
    );
    let placeholders = out
        .lines()
        .filter(|l| l.contains("time/placeholder"))
        .count();
    // The template appears twice in the seed, each time with five unfilled standards.
    assert_eq!(placeholders, 10, "{out}");
}

#[test]
fn large_runs_stream_and_still_compare_across_files() {
    // More files than the streaming threshold: output is written chunk by chunk, and the
    // cross-document findings come after the last file.
    let dir = tempfile::tempdir().expect("tmp");
    for i in 0..1005 {
        write(
            dir.path(),
            &format!("sops/{i:04}.md"),
            "---\nkind: sop\n---\n# 电话\n- 铃响3声内接听\n",
        );
    }
    write(
        dir.path(),
        "sops/odd.md",
        "---\nkind: sop\n---\n# 电话\n- 铃响5声内接听\n",
    );
    let (code, out) = check(dir.path(), &["--isolated", "--format", "concise", "sops"]);
    assert_eq!(code, 0, "warnings only");
    let inconsistent: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("time/inconsistent"))
        .collect();
    assert_eq!(
        inconsistent.len(),
        1006,
        "every file disagrees with another"
    );
    assert!(
        inconsistent.iter().any(|l| l.starts_with("sops/odd.md:5:")),
        "{}",
        &out[..300.min(out.len())]
    );
    let last = out.lines().last().expect("summary");
    assert!(
        last.starts_with("Checked 1006 files: 0 errors, 1007 warnings"),
        "{last}"
    );
}

#[test]
fn standards_deep_inside_long_lines_are_still_tied_to_their_moment() {
    // Regression inputs for what used to be quadratic (moment lookup, sentence scan, inline tokens):
    // they must give the same answers as short ones.
    let dir = tempfile::tempdir().expect("tmp");
    let filler = "[a](".repeat(3000) + &"\"x ".repeat(3000);
    let text = format!(
        "---\nkind: sop\n---\n# Phone\n- {filler} please answer the phone within 5 rings.\n"
    );
    write(dir.path(), "long.md", &text);
    let many = "1. 铃响3声内接听\n".repeat(3000);
    write(
        dir.path(),
        "many.md",
        &format!("---\nkind: sop\n---\n# 电话\n{many}"),
    );
    let (_, out) = check(
        dir.path(),
        &[
            "--isolated",
            "--format",
            "concise",
            "-q",
            "long.md",
            "many.md",
        ],
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("long.md:5:") && l.contains("time/exceeds-limit")),
        "{}",
        &out[..out.len().min(400)]
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("many.md:") && l.contains("time/inconsistent"))
            .count(),
        3000
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_in_a_folder_is_linted_like_the_file() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "real/script.md",
        "客服：这个我不知道。\n顾客：好吧。\n",
    );
    std::fs::create_dir_all(dir.path().join("scripts")).expect("mkdir");
    std::os::unix::fs::symlink(
        dir.path().join("real/script.md"),
        dir.path().join("scripts/link.md"),
    )
    .expect("symlink");
    let (_, out) = check(
        dir.path(),
        &["--isolated", "--format", "concise", "-q", "scripts"],
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("scripts/link.md:1:") && l.contains("phrasing/negative")),
        "{out}"
    );
}

#[test]
fn a_moment_word_does_not_reach_past_another_clause_s_standard() {
    let dir = tempfile::tempdir().expect("tmp");
    // Two moments' standards in one step: the 24 hours are not the phone's.
    write(
        dir.path(),
        "two.md",
        "# 门店服务规范\n\n1. 电话铃响3声内接听，留言24小时内回复。\n2. Pick up the phone within 3 rings; answer voicemails within 24 hours.\n",
    );
    let (code, out) = check(dir.path(), &["--isolated", "--format", "concise"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("time/"), "{out}");
    // One standard after the moment and a comma still belongs to it.
    write(
        dir.path(),
        "two.md",
        "# 门店服务规范\n\n1. 电话铃响后，5声内接听。\n",
    );
    let (_, out) = check(dir.path(), &["--isolated", "--format", "concise"]);
    assert!(out.contains("time/exceeds-limit"), "{out}");
}
