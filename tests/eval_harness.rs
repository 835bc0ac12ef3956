//! The evaluation harness (tests/eval/eval.py) checked on a tiny labelled sample, so it cannot break silently.
//!
//! The matching is checked against a saved report with every case in it (exact line, maybe,
//! line 0, duplicates, engine findings, unlabelled files); the live run only checks that the harness
//! drives this binary and reads its JSON. No assertion on the tool's figures: they are measurements.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the harness with `args` from the package root; panics with its stderr when python3 is missing.
fn harness(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new("python3")
        .arg(root.join("tests/eval/eval.py"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("python3 runs tests/eval/eval.py (the harness needs Python 3.11+)")
}

/// The JSON result of a successful run.
fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "harness failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the harness prints JSON with --format json")
}

/// One count of a row (`overall` or `rules.ID`).
fn count(row: &Value, key: &str) -> u64 {
    row[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

#[test]
fn matching_counts_every_case_of_the_sample() {
    let out = harness(&[
        "--set",
        "tests/eval/sample",
        "--findings",
        "tests/eval/sample/findings.json",
        "--format",
        "json",
    ]);
    let v = json_of(&out);
    let overall = &v["overall"];
    assert_eq!(count(overall, "labelled"), 4);
    assert_eq!(count(overall, "found"), 3);
    assert_eq!(count(overall, "missed"), 1);
    assert_eq!(count(overall, "false"), 2);
    assert_eq!(count(overall, "maybe_hit"), 3);
    assert_eq!(overall["recall"].as_f64(), Some(0.75));
    assert_eq!(overall["precision"].as_f64(), Some(0.6));

    // Two findings of one rule on one line are one point; a line-0 expect label takes one finding.
    assert_eq!(count(&v["rules"]["phrasing/negative"], "found"), 1);
    assert_eq!(count(&v["rules"]["apology/missing"], "found"), 1);
    assert_eq!(count(&v["rules"]["apology/missing"], "false"), 1);
    // A line-0 maybe label absorbs every finding of its rule in the file.
    assert_eq!(count(&v["rules"]["time/vague"], "maybe_hit"), 2);
    assert_eq!(count(&v["rules"]["time/vague"], "false"), 0);
    // Engine findings are not scored; findings in files without labels are listed apart.
    assert!(v["rules"].get("io/encoding").is_none());
    assert_eq!(v["unlabelled"].as_array().map(Vec::len), Some(1));
    let misses = v["misses"].as_array().expect("misses");
    assert_eq!(misses.len(), 1);
    assert_eq!(misses[0]["rule"], "closing/missing");
    assert_eq!(misses[0]["line"], 9);
}

#[test]
fn live_run_reads_this_binary() {
    let bin = env!("CARGO_BIN_EXE_servicelint");
    let out = harness(&[
        "--set",
        "tests/eval/sample",
        "--bin",
        bin,
        "--format",
        "json",
    ]);
    let v = json_of(&out);
    assert_eq!(v["documents"], 2);
    // The labels, not the tool, fix how many points there are to find.
    assert_eq!(count(&v["overall"], "labelled"), 4);
    let o = &v["overall"];
    assert_eq!(count(o, "found") + count(o, "missed"), count(o, "labelled"));
    assert!(
        v["overall_known"].is_object(),
        "subtotal for the binary's rules"
    );
}

#[test]
fn the_labelled_set_and_corpus_labels_load() {
    // Every document of the set has a well-formed sidecar: score them against an empty report.
    let empty = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(empty.path(), r#"{"version":1,"files":[]}"#).expect("write");
    let p = empty.path().to_str().expect("utf-8 temp path");
    let v = json_of(&harness(&["--findings", p, "--format", "json"]));
    assert!(
        v["documents"].as_u64().is_some_and(|n| n >= 60),
        "{}",
        v["documents"]
    );
    assert_eq!(count(&v["overall"], "found"), 0);
    assert!(count(&v["overall"], "labelled") > 0);
    // The corpus labels name only files that exist (when the shared corpus is beside the repo).
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if corpus.is_dir() {
        let c = corpus.to_str().expect("utf-8 path");
        let v = json_of(&harness(&[
            "--corpus",
            c,
            "--findings",
            p,
            "--format",
            "json",
        ]));
        assert!(v["documents"].as_u64().is_some_and(|n| n > 0));
    }
}

#[test]
fn a_malformed_label_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("x.md"), "客服：您好。\n").expect("write doc");
    std::fs::write(
        dir.path().join("x.md.labels.toml"),
        "expect = [ { line = -1, rule = \"time/vague\" } ]\n",
    )
    .expect("write labels");
    let empty = dir.path().join("report.json");
    std::fs::write(&empty, r#"{"version":1,"files":[]}"#).expect("write");
    let out = harness(&[
        "--set",
        dir.path().to_str().expect("utf-8"),
        "--findings",
        empty.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`line` must be an integer >= 0"));
    // A document without a sidecar cannot be scored either.
    std::fs::remove_file(dir.path().join("x.md.labels.toml")).expect("rm");
    let out = harness(&[
        "--set",
        dir.path().to_str().expect("utf-8"),
        "--findings",
        empty.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2));
}
