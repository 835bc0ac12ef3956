//! Walking like ripgrep and ruff: ignore files, hidden files, `--no-ignore`, `--force-exclude`,
//! glob patterns the shell left alone, "no files matched", a closed stdout, `--output-file`,
//! `--stdin-filename` without `-`.

use assert_cmd::Command;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use tempfile::TempDir;

const LINE: &str = "客服：不知道。\n";

fn project(files: &[&str]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for rel in files {
        write(dir.path(), rel, LINE);
    }
    dir
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// (exit code, files reported in concise output, stderr).
fn check(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = Command::cargo_bin("servicelint")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", "--format=concise", "--select=phrasing", "-q"])
        .args(args)
        .output()
        .expect("run");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let mut files: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.split(':').next())
        .map(str::to_string)
        .collect();
    files.dedup();
    (
        out.status.code().expect("code"),
        files,
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

#[test]
fn gitignore_ignore_files_and_hidden_folders_are_skipped_unless_no_ignore() {
    let dir = project(&[
        "sops/a.md",
        "sops/build/out.md",
        "sops/local.md",
        ".hidden/h.md",
        "notes/n.md",
    ]);
    // No git repository needed, as in a copied folder or a CI workspace.
    write(dir.path(), ".gitignore", "build/\n");
    write(dir.path(), "sops/.ignore", "local.md\n");
    let (code, files, _) = check(dir.path(), &["."]);
    assert_eq!(code, 0);
    assert_eq!(files, ["notes/n.md", "sops/a.md"]);
    let (_, files, _) = check(dir.path(), &["--no-ignore", "."]);
    assert_eq!(
        files,
        [
            "notes/n.md",
            "sops/a.md",
            "sops/build/out.md",
            "sops/local.md"
        ]
    );
    // An ignored file named explicitly is still linted.
    let (_, files, _) = check(dir.path(), &["sops/local.md"]);
    assert_eq!(files, ["sops/local.md"]);
}

#[test]
fn exclude_applies_to_explicit_paths_only_with_force_exclude() {
    let dir = project(&["sops/a.md", "drafts/d.md"]);
    write(
        dir.path(),
        "servicelint.toml",
        "exclude = [\"drafts/**\"]\n",
    );
    let (_, files, _) = check(dir.path(), &["."]);
    assert_eq!(files, ["sops/a.md"]);
    let (_, files, _) = check(dir.path(), &["sops/a.md", "drafts/d.md"]);
    assert_eq!(files, ["sops/a.md", "drafts/d.md"]);
    let (code, files, _) = check(
        dir.path(),
        &["--force-exclude", "sops/a.md", "./drafts/d.md"],
    );
    assert_eq!(code, 0);
    assert_eq!(files, ["sops/a.md"]);
    // A folder's own exclude matches whichever folder is walked.
    let (_, files, _) = check(dir.path(), &["drafts"]);
    assert!(files.is_empty(), "{files:?}");
}

#[test]
fn glob_patterns_the_shell_did_not_expand_are_expanded() {
    let dir = project(&["sops/a.md", "sops/b.txt", "sops/deep/c.md", "other/x.md"]);
    let (code, files, _) = check(dir.path(), &["sops/*.md"]);
    assert_eq!(code, 0);
    assert_eq!(files, ["sops/a.md"]);
    let (_, files, _) = check(dir.path(), &["sops/**/*.md"]);
    assert_eq!(files, ["sops/a.md", "sops/deep/c.md"]);
    let (code, _, err) = check(dir.path(), &["sops/*.docx"]);
    assert_eq!(code, 2);
    assert!(err.contains("no file matches this pattern"), "{err}");
}

#[test]
fn no_files_matched_is_a_warning_and_exit_2_unless_allow_empty() {
    let dir = project(&[]);
    write(dir.path(), "docs/a.pdf", "not linted");
    std::fs::create_dir_all(dir.path().join("empty")).expect("mkdir");
    for folder in ["empty", "docs"] {
        let (code, _, err) = check(dir.path(), &[folder]);
        assert_eq!(code, 2, "{folder}");
        assert!(err.contains("warning: no files matched"), "{err}");
        let (code, _, err) = check(dir.path(), &["--allow-empty", folder]);
        assert_eq!(code, 0, "{folder}");
        assert!(err.contains("warning: no files matched"), "{err}");
    }
}

#[test]
fn stdin_filename_without_dash_is_an_error() {
    let dir = project(&["a.md"]);
    let (code, files, err) = check(dir.path(), &["--stdin-filename", "x.md"]);
    assert_eq!(code, 2);
    assert!(files.is_empty());
    assert!(err.contains("--stdin-filename"), "{err}");
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let dir = project(&["a.md"]);
    let (code, files, _) = check(dir.path(), &["--output-file", "report.txt", "a.md"]);
    assert_eq!(code, 0);
    assert!(files.is_empty());
    let report = std::fs::read_to_string(dir.path().join("report.txt")).expect("report");
    assert!(
        report.starts_with("a.md:1:4: warning[phrasing/negative]"),
        "{report}"
    );
    let (code, _, err) = check(dir.path(), &["-o", "no/such/dir/r.txt", "a.md"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/dir/r.txt"), "{err}");
}

#[test]
fn a_closed_stdout_ends_quietly_with_the_code_the_run_would_have_had() {
    let dir = project(&[]);
    // Enough output to fill the pipe after the reader has gone, and an error finding (exit 1).
    write(dir.path(), "big.md", &LINE.repeat(20_000));
    let bin = assert_cmd::cargo::cargo_bin("servicelint");
    let mut child = std::process::Command::new(bin)
        .current_dir(dir.path())
        .args(["check", "--format=concise", "big.md"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(!stderr.contains("cannot read"), "{stderr}");
}
