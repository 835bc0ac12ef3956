//! The README stays true: its console examples are run (every `$ servicelint …` line in a ```console
//! block is executed from the repository root, and every output line shown under it, other than "…",
//! must appear in the real output), and the rule tables of README.md and docs/rules.md are the ones
//! generated from the rule files (`SERVICELINT_BLESS=1 cargo test` rewrites them).

use assert_cmd::Command;
use servicelint::ruleset::{RuleSet, doc};
use std::path::Path;

fn console_blocks(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut current: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        if line.starts_with("```console") {
            in_block = true;
            continue;
        }
        if in_block && line.starts_with("```") {
            in_block = false;
            out.extend(current.take());
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some((cmd.to_string(), Vec::new()));
        } else if let Some((_, lines)) = current.as_mut()
            && line.trim() != "…"
        {
            lines.push(line.to_string());
        }
    }
    out
}

#[test]
fn readme_console_examples_are_true() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let blocks = console_blocks(&readme);
    assert!(blocks.len() >= 2, "expected console examples in the README");
    for (cmd, expected) in blocks {
        let mut words = cmd.split_whitespace();
        assert_eq!(words.next(), Some("servicelint"), "{cmd}");
        let out = Command::cargo_bin("servicelint")
            .expect("binary")
            .current_dir(root)
            .args(words)
            .arg("--isolated")
            .output()
            .expect("runs");
        let actual = String::from_utf8_lossy(&out.stdout);
        for line in expected {
            assert!(
                actual.lines().any(|l| l == line),
                "README line not in the output of `{cmd}`:\n{line}\n--- actual:\n{actual}"
            );
        }
    }
}

#[test]
fn rule_tables_are_generated_from_the_rule_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = RuleSet::builtin().expect("the built-in pack loads");
    let bless = std::env::var_os("SERVICELINT_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (file, table) in [
        ("README.md", doc::family_table(&rules)),
        ("docs/rules.md", doc::rule_table(&rules)),
    ] {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).expect("readable");
        let generated = doc::splice(&text, "rules", &table).unwrap_or_else(|| {
            panic!("{file}: no <!-- rules:begin --> … <!-- rules:end --> region")
        });
        if generated == text {
            continue;
        }
        if bless {
            std::fs::write(&path, generated).expect("writable");
        } else {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "rule tables differ from rules/ in {stale:?}: run `SERVICELINT_BLESS=1 cargo test` and read the diff"
    );
}
