//! CI formats against the published schemas kept in tests/schemas/: JUnit against the Jenkins
//! xunit-plugin `junit-10.xsd` with `xmllint --schema`, SARIF against the OASIS
//! `sarif-schema-2.1.0.json` with Python's `jsonschema`. `.ci/run` installs both tools; where one
//! is missing the test says so on stderr and passes without validating.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name)
}

/// A project with every shape a report can take: errors, warnings, infos, a skipped file, an
/// unreadable path, markup and control characters, an emoji before a finding, repeated lines,
/// a cross-file inconsistency.
fn project() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    };
    write("servicelint.toml", "max-file-size = \"1KiB\"\n");
    write(
        "scripts/a&<b>.md",
        "<!-- servicelint-disable-next-line greting/missing -->\n客服：请问订单号是多少？\x01\n顾客：😀 12345。\n客服：😀不知道。\n客服：不知道。\n客服：不知道。\n",
    );
    write(
        "scripts/en.md",
        "Agent: What is the order number?\nCustomer: It is 4471.\nAgent: I don't know.\n",
    );
    write("sops/phone.md", "# 接听标准\n\n电话铃响三声内接听。\n");
    write("sops/phone2.md", "# 接听标准\n\n电话铃响五声内接听。\n");
    write("sops/huge.txt", &"客服：您好。\n".repeat(200));
    dir
}

fn run(dir: &Path, format: &str) -> String {
    let out = Command::cargo_bin("servicelint")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["check", format, "scripts", "sops", "missing.md"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "the missing path fails the run");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn have(program: &str, args: &[&str]) -> bool {
    std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn junit_is_valid_against_the_jenkins_junit_10_xsd() {
    let dir = project();
    let xml = run(dir.path(), "--format=junit");
    roxmltree::Document::parse(&xml).expect("well-formed XML");
    if !have("xmllint", &["--version"]) {
        // Not a silent pass: say what was not checked.
        eprintln!(
            "SKIPPED: xmllint not found; JUnit not validated against junit-10.xsd (apt-get install libxml2-utils)"
        );
        return;
    }
    let file = dir.path().join("report.xml");
    std::fs::write(&file, &xml).expect("write");
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema("junit-10.xsd"))
        .arg(&file)
        .output()
        .expect("xmllint");
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Validates a JSON file against a JSON schema with Python's `jsonschema`; exit 3 when the module
/// is missing.
const VALIDATE: &str = r#"
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:20]:
    print("/".join(map(str, e.path)), e.message[:300])
sys.exit(1 if errors else 0)
"#;

#[test]
fn sarif_is_valid_against_the_oasis_sarif_2_1_0_schema() {
    let dir = project();
    let sarif = run(dir.path(), "--format=sarif");
    let log: serde_json::Value = serde_json::from_str(&sarif).expect("JSON");
    // The project has related locations (time/inconsistent) and UTF-16 columns to check.
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    let file = dir.path().join("report.sarif");
    std::fs::write(&file, &sarif).expect("write");
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(VALIDATE)
        .arg(schema("sarif-schema-2.1.0.json"))
        .arg(&file)
        .output();
    let out = match out {
        Ok(out) if out.status.code() != Some(3) => out,
        _ => {
            eprintln!(
                "SKIPPED: python3 with jsonschema not found; SARIF not validated against sarif-schema-2.1.0.json (pip install jsonschema)"
            );
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
