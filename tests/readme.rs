//! The README's console examples are run, so the README stays true: every `$ servicelint …` line in a
//! ```console block is executed from the repository root, and every output line shown under it (other
//! than "…") must appear in the real output.

use assert_cmd::Command;

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
