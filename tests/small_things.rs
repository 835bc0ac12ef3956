//! Smaller things users noticed (issue 17, item 7), each a test: `explain FAMILY`,
//! `servicelint config` as valid TOML with the default time limits, colour by
//! CLICOLOR_FORCE / FORCE_COLOR / NO_COLOR. (`--stdin-filename` without `-` is in tests/walk.rs.)

use assert_cmd::Command;
use tempfile::TempDir;

fn servicelint(dir: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("servicelint").expect("binary");
    cmd.current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR");
    cmd
}

#[test]
fn explain_a_family_lists_its_rules() {
    let dir = tempfile::tempdir().expect("dir");
    let out = servicelint(&dir)
        .args(["explain", "greeting", "--ui-lang", "en"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(text.starts_with("greeting: "), "{text}");
    assert!(text.contains("greeting/missing"), "{text}");
    assert!(text.contains("greeting/no-offer"), "{text}");
    assert!(!text.contains("apology/"), "{text}");
    // A misspelt family is still an error with a suggestion.
    let out = servicelint(&dir)
        .args(["explain", "greetin"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn config_prints_valid_toml_with_the_default_time_limits_that_reads_back() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("servicelint.toml"),
        "exclude = [\"drafts/**\"]\n[time.limits]\ngreeting = \"5s\"\n[[kinds]]\nglob = \"scripts/**\"\nkind = \"script\"\n",
    )
    .expect("write");
    let out = servicelint(&dir).arg("config").output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let limits = table["time"]["limits"].as_table().expect("limits");
    assert_eq!(limits["greeting"].as_str(), Some("5s"));
    assert_eq!(
        limits["phone-answer"].as_str(),
        Some("3 rings"),
        "the default"
    );
    assert!(
        text.contains("phone-answer = \"3 rings\"    # default"),
        "{text}"
    );
    assert_eq!(table["exclude"][0].as_str(), Some("drafts/**"));
    assert_eq!(table["rules"]["greeting/missing"].as_str(), Some("error"));
    // Used as a config file, it is accepted as it is.
    std::fs::write(dir.path().join("servicelint.toml"), &text).expect("write");
    let again = servicelint(&dir).arg("config").output().expect("run");
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn colour_follows_clicolor_force_force_color_and_no_color() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("a.md"),
        "客服：请问订单号是多少？\n顾客：12345。\n",
    )
    .expect("write");
    let escapes = |envs: &[(&str, &str)]| {
        let mut cmd = servicelint(&dir);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd
            .args(["check", "--format=pretty", "a.md"])
            .output()
            .expect("run");
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
    };
    // Piped: no colour unless forced.
    assert!(!escapes(&[]));
    assert!(escapes(&[("CLICOLOR_FORCE", "1")]));
    assert!(escapes(&[("FORCE_COLOR", "1")]));
    assert!(!escapes(&[("FORCE_COLOR", "0")]));
    assert!(!escapes(&[("TERM", "dumb")]));
}

#[test]
fn a_misspelt_directive_is_a_config_unknown_directive_finding() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("a.md"),
        "<!-- servicelint-disabel-next-line phrasing/negative -->\n客服：您好，我不知道。\n<!-- servicelint-disable-line phrasing -->\n<!-- servicelint-disable-next-line phrasing/negative -->\n客服：我不知道。\n<!-- servicelint-disable greeting -->\n<!-- servicelint-enable greeting -->\n",
    )
    .expect("write");
    let out = servicelint(&dir)
        .args(["check", "--format=json", "--ui-lang=en", "a.md"])
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<(u64, String)> = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "config/unknown-directive")
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    // The two misspelt ones; the three well-formed directives are not findings.
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 1);
    assert!(
        found[0]
            .1
            .contains("did you mean `servicelint-disable-next-line`"),
        "{found:?}"
    );
    assert_eq!(found[1].0, 3);
}

#[test]
fn io_unreadable_is_a_rule_that_is_listed_and_explained() {
    let dir = tempfile::tempdir().expect("dir");
    let out = servicelint(&dir).arg("rules").output().expect("run");
    let rules = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        rules.lines().any(|l| l.starts_with("io/unreadable ")),
        "{rules}"
    );
    let out = servicelint(&dir)
        .args(["explain", "io/unreadable", "--ui-lang", "en"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# io/unreadable"));
    // An unreadable path is reported under the rule, not scored, and fails the run.
    let out = servicelint(&dir)
        .args(["check", "--format=json", "missing.md"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["summary"]["errors"], 0, "not scored as a finding: {v}");
}
