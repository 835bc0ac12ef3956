//! The two scores, the service type and the coverage matrix (issue 14) on the team's own
//! fixtures under tests/fixtures/types: one document of each of the four types in zh and en,
//! and one that is about no service at all.

use assert_cmd::Command;
use serde_json::Value;

/// `servicelint check --format json` on paths under the repository, with extra arguments.
fn json(args: &[&str]) -> Value {
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--isolated", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn file<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["files"]
        .as_array()
        .and_then(|files| files.iter().find(|f| f["path"] == path))
        .unwrap_or_else(|| panic!("{path} is in the report"))
}

#[test]
fn each_fixture_has_its_expected_type() {
    let report = json(&["tests/fixtures/types"]);
    for lang in ["zh", "en"] {
        for expected in ["quality", "procedural", "friendly", "cold"] {
            let path = format!("tests/fixtures/types/{lang}-{expected}.md");
            let f = file(&report, &path);
            assert_eq!(f["service_type"], expected, "{path}: {}", f["scores"]);
            let scores = &f["scores"];
            for side in ["procedural", "personal"] {
                let s = scores[side].as_u64().expect("a score");
                assert!(s <= 100, "{path}: {side} {s}");
            }
            let high = |side: &str| scores[side].as_u64().is_some_and(|s| s >= 80);
            let (procedural, personal) = match expected {
                "quality" => (true, true),
                "procedural" => (true, false),
                "friendly" => (false, true),
                _ => (false, false),
            };
            assert_eq!(high("procedural"), procedural, "{path}: {scores}");
            assert_eq!(high("personal"), personal, "{path}: {scores}");
            // The existing score stays.
            assert!(f["score"].is_u64(), "{path}");
        }
    }
}

#[test]
fn a_document_about_no_service_has_no_type() {
    let report = json(&["tests/fixtures/types/neither.md"]);
    let f = file(&report, "tests/fixtures/types/neither.md");
    assert!(f["service_type"].is_null(), "{f}");
    assert!(f["scores"].is_null(), "{f}");
    assert!(
        f["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .all(|c| c["status"] == "not-applicable"),
        "{f}"
    );
}

#[test]
fn coverage_names_the_standards_and_their_status() {
    let report = json(&["tests/fixtures/types"]);
    let statuses = |path: &str| -> Vec<(String, String)> {
        file(&report, path)["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .map(|c| {
                assert!(matches!(
                    c["dimension"].as_str(),
                    Some("procedural" | "personal")
                ));
                (
                    c["id"].as_str().unwrap_or("").to_string(),
                    c["status"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let cold = statuses("tests/fixtures/types/zh-cold.md");
    for (id, status) in [
        ("greeting/missing", "missing"),
        ("greeting/no-offer", "missing"),
        ("greeting/no-self-id", "missing"),
        ("closing/missing", "missing"),
        ("phrasing/negative", "missing"),
        // No complaint in it: no apology owed.
        ("apology/missing", "not-applicable"),
        // A script has no complaint procedure and no time-standards sections.
        ("apology/incomplete#listen", "not-applicable"),
        ("time/missing#reception", "not-applicable"),
    ] {
        assert!(
            cold.contains(&(id.to_string(), status.to_string())),
            "{id} {status} in {cold:?}"
        );
    }
    let quality = statuses("tests/fixtures/types/en-quality.md");
    for id in [
        "greeting/missing",
        "greeting/no-offer",
        "greeting/no-self-id",
        "closing/missing",
        "phrasing/negative",
    ] {
        assert!(
            quality.contains(&(id.to_string(), "covered".to_string())),
            "{id} in {quality:?}"
        );
    }
}

#[test]
fn an_sop_is_judged_on_its_steps_and_moments() {
    let report = json(&[
        "examples/en/complaint-sop.md",
        "examples/zh/reception-sop.md",
    ]);
    let coverage = |path: &str| file(&report, path)["coverage"].clone();
    let complaint = coverage("examples/en/complaint-sop.md");
    let steps: Vec<&Value> = complaint
        .as_array()
        .expect("coverage")
        .iter()
        .filter(|c| {
            c["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("apology/incomplete#"))
        })
        .collect();
    assert_eq!(steps.len(), 6, "the six complaint steps: {complaint}");
    assert!(
        steps.iter().all(|c| c["status"] == "covered"),
        "{complaint}"
    );
    let reception = coverage("examples/zh/reception-sop.md");
    let reception_moment = reception
        .as_array()
        .expect("coverage")
        .iter()
        .find(|c| c["id"] == "time/missing#reception")
        .expect("the reception moment");
    assert_eq!(reception_moment["status"], "covered");
    assert_eq!(reception_moment["name"], "接待");
}

#[test]
fn the_threshold_is_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/types/zh-quality.md"),
    )
    .expect("fixture");
    std::fs::write(dir.path().join("a.md"), doc).expect("write");
    let run = |config: &str| {
        std::fs::write(dir.path().join("servicelint.toml"), config).expect("write");
        Command::cargo_bin("servicelint")
            .expect("binary builds")
            .current_dir(dir.path())
            .args(["check", "--format", "json", "a.md"])
            .output()
            .expect("runs")
    };
    // The quality fixture reaches the strictest threshold.
    let out = run("[scores]\nquality = 100\n");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["files"][0]["service_type"], "quality");
    let out = run("[scores]\nquality = 0\n");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["files"][0]["service_type"], "quality");
    for bad in [
        "[scores]\nquality = 101\n",
        "[scores]\nquality = -1\n",
        "[scores]\nqualty = 80\n",
        "[scores]\nquality = \"80\"\n",
    ] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("servicelint.toml"), "{bad}: {err}");
    }
}

#[test]
fn a_low_threshold_makes_a_friendly_document_quality() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/types/en-friendly.md"),
    )
    .expect("fixture");
    std::fs::write(dir.path().join("a.md"), doc).expect("write");
    std::fs::write(
        dir.path().join("servicelint.toml"),
        "[scores]\nquality = 0\n",
    )
    .expect("write");
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(dir.path())
        .args(["check", "--format", "json", "a.md"])
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["files"][0]["service_type"], "quality");
}

#[test]
fn explain_scores_prints_the_formula() {
    for (lang, needle) in [
        ("en", "100 × covered ÷ applicable"),
        ("zh", "100 × 已覆盖 ÷ 适用"),
    ] {
        let out = Command::cargo_bin("servicelint")
            .expect("binary builds")
            .args(["explain", "scores", "--isolated", "--ui-lang", lang])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(needle), "{lang}: {text}");
    }
}

#[test]
fn pretty_shows_the_type_per_file_and_in_the_summary() {
    let out = Command::cargo_bin("servicelint")
        .expect("binary builds")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--isolated",
            "--format",
            "pretty",
            "--color",
            "never",
        ])
        .arg("tests/fixtures/types")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("tests/fixtures/types/zh-procedural.md: 程序型 · 程序 100 / 个人 0"),
        "{text}"
    );
    assert!(
        text.contains(
            "tests/fixtures/types/en-friendly.md: friendly · procedural 0 / personal 100"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Service types: 优质型 quality 2, 程序型 procedural 2, 友好型 friendly 2, 冷淡型 cold 2"
        ),
        "{text}"
    );
}

/// Every coverage column is headed by a short name, never a raw rule id: the names are rule data
/// (`standard.zh`/`standard.en` next to `dimension`), so a new rule needs no code to be named.
#[test]
fn every_coverage_column_has_a_short_name_from_its_rule_file() {
    let rules = servicelint::ruleset::RuleSet::builtin().expect("built-in rules load");
    for rule in rules.rules.iter().filter(|r| r.dimension.is_some()) {
        let name = rule.standard.as_ref().unwrap_or_else(|| {
            panic!(
                "{}: a rule with a dimension names its standard (standard.zh/.en)",
                rule.id
            )
        });
        assert!(
            !name.zh.contains('/') && !name.en.contains('/'),
            "{}",
            rule.id
        );
    }
    for ui in ["zh", "en"] {
        let report = json(&["--ui-lang", ui, "tests/fixtures/types", "examples"]);
        for f in report["files"].as_array().expect("files") {
            for c in f["coverage"].as_array().into_iter().flatten() {
                let name = c["name"].as_str().expect("a name");
                let id = c["id"].as_str().expect("an id");
                assert!(
                    !name.contains('/') && name != id,
                    "{}: column {id} is named {name:?}",
                    f["path"]
                );
            }
        }
    }
}
