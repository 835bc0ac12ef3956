//! Output-format tests: SARIF 2.1.0 structure, GitHub workflow commands, JUnit XML, and that every
//! format reports the same findings as JSON.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use tempfile::TempDir;

const NO_GREETING: &str = "客服：请问订单号是多少？\n顾客：12345。\n";
const NO_GREETING_EN: &str = "Agent: What is the order number?\nCustomer: It is 4471.\n";
const GREETED: &str = "客服：您好，请问有什么可以帮您？\n顾客：查一下订单。\n客服：好的，已经为您查到，感谢您的来电，再见！\n";
const MINE: &str = "--select=greeting/missing,config,io";

struct Project {
    dir: TempDir,
}

impl Project {
    fn new() -> Self {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
        self
    }

    /// Run `servicelint check` with these arguments; returns (exit code, stdout).
    fn check(&self, args: &[&str]) -> (i32, String) {
        let out = Command::cargo_bin("servicelint")
            .expect("binary")
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .arg("check")
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code().expect("exit code"),
            String::from_utf8(out.stdout).expect("UTF-8 output"),
        )
    }

    /// A project with findings of several rules and levels in several files (one skipped by size).
    fn sample() -> Self {
        let p = Project::new();
        p.write("scripts/refund.md", NO_GREETING)
            .write(
                "scripts/en call.md",
                &format!(
                    "<!-- servicelint-disable-next-line greeting/missng -->\n\n{NO_GREETING_EN}"
                ),
            )
            .write(
                "sops/ok.md",
                &format!("<!-- servicelint-disable-next-line io -->\n{GREETED}"),
            )
            .write("sops/huge.txt", &"客服：您好。\n".repeat(200));
        p.write("servicelint.toml", "max-file-size = \"1KiB\"\n");
        p
    }
}

/// One finding as every format can show it: path, rule, line, column.
type Key = (String, String, u64, u64);

fn json_keys(json: &str) -> BTreeSet<Key> {
    let v: Value = serde_json::from_str(json).expect("JSON");
    let mut keys = BTreeSet::new();
    for file in v["files"].as_array().expect("files") {
        for d in file["diagnostics"].as_array().expect("diagnostics") {
            keys.insert((
                file["path"].as_str().expect("path").to_string(),
                d["rule"].as_str().expect("rule").to_string(),
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
            ));
        }
    }
    keys
}

/// Undo SARIF's percent-encoding of a relative URI.
fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex digit"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 path")
}

fn sarif(p: &Project, args: &[&str]) -> Value {
    let (_, out) = p.check(&[&["--format=sarif"], args].concat());
    serde_json::from_str(&out).expect("SARIF is JSON")
}

// ---------------------------------------------------------------- all formats agree

#[test]
fn every_format_reports_the_same_findings_as_json() {
    let p = Project::sample();
    let paths = ["scripts", "sops"];
    let (json_code, json) = p.check(&[&["--format=json", MINE], &paths[..]].concat());
    let expected = json_keys(&json);
    // The sample has findings of several rules and levels, and one skipped file.
    let rules: BTreeSet<&str> = expected.iter().map(|k| k.1.as_str()).collect();
    assert!(
        rules.contains("greeting/missing")
            && rules.contains("config/unknown-rule")
            && rules.contains("config/unused-suppression")
            && rules.contains("io/skipped"),
        "{expected:?}"
    );

    // concise
    let (code, out) = p.check(&[&["--format=concise", MINE], &paths[..]].concat());
    assert_eq!(code, json_code);
    let concise: BTreeSet<Key> = out
        .lines()
        .filter(|l| !l.starts_with("Checked "))
        .map(|l| {
            let (loc, rest) = l.split_once(": ").expect("path:line:col: ");
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().expect("col").parse().expect("col");
            let line = parts.next().expect("line").parse().expect("line");
            let path = parts.next().expect("path").to_string();
            let rule = rest[rest.find('[').expect("[") + 1..rest.find(']').expect("]")].to_string();
            (path, rule, line, col)
        })
        .collect();
    assert_eq!(concise, expected);

    // sarif
    let log = sarif(&p, &[&[MINE], &paths[..]].concat());
    let from_sarif: BTreeSet<Key> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                percent_decode(loc["artifactLocation"]["uri"].as_str().expect("uri")),
                r["ruleId"].as_str().expect("ruleId").to_string(),
                loc["region"]["startLine"].as_u64().expect("startLine"),
                loc["region"]["startColumn"].as_u64().expect("startColumn"),
            )
        })
        .collect();
    assert_eq!(from_sarif, expected);

    // github
    let (code, out) = p.check(&[&["--format=github", MINE], &paths[..]].concat());
    assert_eq!(code, json_code);
    let from_github: BTreeSet<Key> = out
        .lines()
        .map(|l| {
            let props = l.split_once(' ').expect("command").1;
            let props = props.split_once("::").expect("::").0;
            let get = |name: &str| {
                props
                    .split(',')
                    .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                    .expect(name)
                    .to_string()
            };
            (
                get("file")
                    .replace("%2C", ",")
                    .replace("%3A", ":")
                    .replace("%25", "%"),
                get("title"),
                get("line").parse().expect("line"),
                get("col").parse().expect("col"),
            )
        })
        .collect();
    assert_eq!(from_github, expected);

    // junit: a case per finding (failures for errors, system-out for the rest), plus the skipped
    // file's io/skipped finding as <skipped/>
    let (code, out) = p.check(&[&["--format=junit", MINE], &paths[..]].concat());
    assert_eq!(code, json_code);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let mut from_junit = BTreeSet::new();
    let mut skipped = Vec::new();
    for case in doc.descendants().filter(|n| n.has_tag_name("testcase")) {
        let path = case.attribute("classname").expect("classname");
        for shown in case
            .children()
            .filter(|n| n.has_tag_name("failure") || n.has_tag_name("system-out"))
        {
            let body = shown.text().expect("failure body");
            let first = body.lines().next().expect("first line");
            let rest = first
                .strip_prefix(&format!("{path}:"))
                .expect("path prefix");
            let mut parts = rest.splitn(3, ':');
            let line = parts.next().expect("line").parse().expect("line");
            let col = parts.next().expect("col").parse().expect("col");
            let rule =
                first[first.find('[').expect("[") + 1..first.find(']').expect("]")].to_string();
            assert!(
                case.attribute("name")
                    .expect("name")
                    .starts_with(&format!("{rule} at ")),
                "{first}"
            );
            from_junit.insert((path.to_string(), rule, line, col));
        }
        if case.children().any(|n| n.has_tag_name("skipped")) {
            skipped.push(path.to_string());
        }
    }
    // gitlab: path, rule and line of every finding (Code Quality has no column)
    let (code, out) = p.check(&[&["--format=gitlab", MINE], &paths[..]].concat());
    assert_eq!(code, json_code);
    let issues: Value = serde_json::from_str(&out).expect("Code Quality JSON");
    let from_gitlab: BTreeSet<(String, String, u64)> = issues
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (
                i["location"]["path"].as_str().expect("path").to_string(),
                i["check_name"].as_str().expect("check_name").to_string(),
                i["location"]["lines"]["begin"].as_u64().expect("begin"),
            )
        })
        .collect();
    let lines: BTreeSet<(String, String, u64)> = expected
        .iter()
        .map(|(p, r, l, _)| (p.clone(), r.clone(), *l))
        .collect();
    assert_eq!(from_gitlab, lines);

    let mut expected_junit = expected.clone();
    expected_junit.retain(|k| k.1 != "io/skipped");
    assert_eq!(from_junit, expected_junit);
    assert_eq!(skipped, vec!["sops/huge.txt"]);
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_has_the_required_structure_of_sarif_2_1_0() {
    let p = Project::sample();
    let log = sarif(&p, &[MINE, "scripts", "sops"]);
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .expect("$schema")
            .contains("sarif-2.1.0")
    );
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "servicelint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .expect("informationUri")
            .starts_with("http")
    );
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = driver["rules"].as_array().expect("rules");
    for rule in rules {
        assert!(rule["id"].is_string());
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .expect("short")
                .is_empty()
        );
        assert!(rule["fullDescription"]["text"].is_string());
        assert!(rule["help"]["text"].is_string());
        let level = rule["defaultConfiguration"]["level"]
            .as_str()
            .expect("level");
        assert!(
            ["none", "note", "warning", "error"].contains(&level),
            "{level}"
        );
    }
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for result in results {
        // Required: message with text; ruleId and ruleIndex agree with the rule table.
        assert!(
            !result["message"]["text"]
                .as_str()
                .expect("message.text")
                .is_empty()
        );
        let id = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id);
        let level = result["level"].as_str().expect("level");
        assert!(
            ["none", "note", "warning", "error"].contains(&level),
            "{level}"
        );
        let loc = &result["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.contains('\\') && !uri.contains(' ') && !uri.starts_with("./"),
            "{uri}"
        );
        let region = &loc["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().expect(key) >= 1, "{key}");
        }
        let fp = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .expect("fingerprint");
        assert_eq!(fp.len(), 16);
        assert_eq!(result["partialFingerprints"]["servicelint/v2"], fp);
    }
    // Levels map: error → error, warning → warning, info → note.
    let level_of = |rule: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .map(|r| r["level"].as_str().expect("level").to_string())
    };
    assert_eq!(level_of("greeting/missing").as_deref(), Some("error"));
    assert_eq!(level_of("config/unknown-rule").as_deref(), Some("warning"));
    assert_eq!(
        level_of("config/unused-suppression").as_deref(),
        Some("note")
    );
    assert!(
        run["invocations"][0]["executionSuccessful"]
            .as_bool()
            .expect("bool")
    );
}

#[test]
fn sarif_lists_every_rule_with_its_texts_and_configured_level() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let (_, listed) = {
        let out = Command::cargo_bin("servicelint")
            .expect("binary")
            .current_dir(p.dir.path())
            .arg("rules")
            .output()
            .expect("run");
        (0, String::from_utf8(out.stdout).expect("UTF-8"))
    };
    let ids: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let log = sarif(&p, &["--level", "greeting/missing=off", "a.md"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let sarif_ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(sarif_ids, ids);
    let greeting = rules
        .iter()
        .find(|r| r["id"] == "greeting/missing")
        .expect("rule");
    assert_eq!(greeting["defaultConfiguration"]["enabled"], false);
    assert_eq!(greeting["defaultConfiguration"]["level"], "error");
    // English unless ui-lang is zh, whatever the documents' language.
    let short = greeting["shortDescription"]["text"]
        .as_str()
        .expect("short");
    assert!(short.contains("greeting"), "{short}");
    let help = greeting["help"]["text"].as_str().expect("help");
    assert!(help.contains("Open with a greeting"), "{help}");
    let log = sarif(&p, &["--ui-lang", "zh", "a.md"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let greeting = rules
        .iter()
        .find(|r| r["id"] == "greeting/missing")
        .expect("rule");
    assert!(
        greeting["shortDescription"]["text"]
            .as_str()
            .expect("short")
            .contains("问候")
    );
    assert_eq!(greeting["defaultConfiguration"]["enabled"], true);
}

#[test]
fn sarif_regions_match_json_positions() {
    let p = Project::new();
    p.write("a.md", &format!("# 标题\n\n{NO_GREETING}"));
    let (_, json) = p.check(&["--format=json", MINE, "a.md"]);
    let v: Value = serde_json::from_str(&json).expect("json");
    let d = &v["files"][0]["diagnostics"][0];
    let log = sarif(&p, &[MINE, "a.md"]);
    let r = &log["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], d["rule"]);
    assert_eq!(r["message"]["text"], d["message"]);
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], d["line"]);
    assert_eq!(region["startColumn"], d["column"]);
    assert_eq!(region["endLine"], d["end_line"]);
    assert_eq!(region["endColumn"], d["end_column"]);
    assert_eq!(region["startLine"], 3);
    // Columns count characters: the CJK turn of 12 characters ends at column 13.
    assert_eq!(region["endColumn"], 13);
}

#[test]
fn sarif_uris_use_forward_slashes_and_percent_encoding() {
    let p = Project::new();
    p.write("scripts/客服 话术.md", NO_GREETING);
    let log = sarif(&p, &[MINE, "./scripts"]);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .expect("uri");
    assert_eq!(uri, "scripts/%E5%AE%A2%E6%9C%8D%20%E8%AF%9D%E6%9C%AF.md");
    assert_eq!(percent_decode(uri), "scripts/客服 话术.md");
}

#[test]
fn sarif_columns_are_utf16_and_repeated_lines_get_distinct_fingerprints() {
    let p = Project::new();
    // 😀 is one code point and two UTF-16 code units.
    p.write(
        "a.md",
        "客服：您好😀，我不知道。\n客服：我不知道。\n客服：我不知道。\n",
    );
    p.write("b.md", "客服：您好，我不知道。\n客服：我不知道。\n");
    let select = "--select=phrasing";
    let (_, json) = p.check(&["--format=json", select, "a.md"]);
    let json: Value = serde_json::from_str(&json).expect("json");
    let first = &json["files"][0]["diagnostics"][0];
    assert_eq!(first["rule"], "phrasing/negative", "{json}");
    let log = sarif(&p, &[select, "a.md", "b.md"]);
    let results = log["runs"][0]["results"].as_array().expect("results");
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        region["startColumn"].as_u64(),
        first["column"].as_u64().map(|c| c + 1),
        "one more code unit for the emoji"
    );
    let prints: BTreeSet<&str> = results
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .expect("hash")
        })
        .collect();
    assert_eq!(prints.len(), results.len(), "distinct per finding");
}

#[test]
fn sarif_fingerprints_survive_moved_lines_and_tell_findings_apart() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let fp = |p: &Project| {
        sarif(p, &[MINE, "a.md"])["runs"][0]["results"][0]["partialFingerprints"]
            ["primaryLocationLineHash"]
            .as_str()
            .expect("fingerprint")
            .to_string()
    };
    let before = fp(&p);
    p.write("a.md", &format!("# 标题\n\n说明。\n\n{NO_GREETING}"));
    assert_eq!(fp(&p), before);
    p.write("a.md", "客服：订单号发我一下。\n顾客：12345。\n");
    assert_ne!(fp(&p), before);
}

#[test]
fn sarif_fingerprint_is_the_baseline_fingerprint() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let log = sarif(&p, &[MINE, "--write-baseline", "base.json", "a.md"]);
    assert!(
        log["runs"][0]["results"]
            .as_array()
            .expect("results")
            .is_empty()
    );
    let base: Value = serde_json::from_str(
        &std::fs::read_to_string(p.dir.path().join("base.json")).expect("baseline"),
    )
    .expect("json");
    let log = sarif(&p, &[MINE, "a.md"]);
    assert_eq!(
        log["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"],
        base["entries"][0]["fingerprint"]
    );
    assert_eq!(base["version"], 2);
}

#[test]
fn sarif_reports_unreadable_paths_as_failed_execution() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let (code, out) = p.check(&["--format=sarif", MINE, "a.md", "missing.md"]);
    assert_eq!(code, 2);
    let log: Value = serde_json::from_str(&out).expect("SARIF");
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["message"]["text"]
            .as_str()
            .expect("text")
            .contains("missing.md")
    );
    assert_eq!(
        log["runs"][0]["results"].as_array().expect("results").len(),
        1
    );
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_commands_carry_level_position_and_title() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let (code, out) = p.check(&["--format=github", MINE, "--ui-lang=en", "a.md"]);
    assert_eq!(code, 1);
    let line = out.lines().next().expect("a command");
    assert!(
        line.starts_with(
            "::error file=a.md,line=1,col=1,endLine=1,endColumn=13,title=greeting/missing::The opening has no greeting%0Ahelp: "
        ),
        "{line}"
    );
    assert_eq!(out.lines().count(), 1, "no summary lines: {out}");
    let (_, out) = p.check(&[
        "--format=github",
        MINE,
        "--level=greeting/missing=warning",
        "a.md",
    ]);
    assert!(out.starts_with("::warning file=a.md,"), "{out}");
    let (_, out) = p.check(&[
        "--format=github",
        MINE,
        "--level=greeting/missing=info",
        "a.md",
    ]);
    assert!(out.starts_with("::notice file=a.md,"), "{out}");
}

#[test]
fn github_escapes_properties_and_messages() {
    let p = Project::new();
    p.write("a,b:c%.md", NO_GREETING);
    let (_, out) = p.check(&["--format=github", MINE, "a,b:c%.md"]);
    let line = out.lines().next().expect("a command");
    assert!(line.contains("file=a%2Cb%3Ac%25.md,line=1,"), "{line}");
    // The help follows on an escaped new line; nothing raw breaks the command.
    assert!(line.contains("%0Ahelp: "), "{line}");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn github_reports_unreadable_files() {
    let p = Project::new();
    let (code, out) = p.check(&["--format=github", "missing.md"]);
    assert_eq!(code, 2);
    assert!(
        out.starts_with("::error file=missing.md,title=io/unreadable::cannot read missing.md"),
        "{out}"
    );
}

// ---------------------------------------------------------------- JUnit

#[test]
fn junit_has_one_suite_per_file_one_case_per_finding_and_fails_only_what_fails_the_run() {
    let p = Project::new();
    p.write(
        "a&b.md",
        &format!("<!-- servicelint-disable-next-line greting/missing -->\n{NO_GREETING}"),
    )
    .write("good.md", GREETED);
    p.write("servicelint.toml", "max-file-size = \"1KiB\"\n")
        .write("huge.md", &"客服：您好。\n".repeat(200));
    let (code, out) = p.check(&[
        "--format=junit",
        MINE,
        "a&b.md",
        "good.md",
        "huge.md",
        "missing.md",
    ]);
    assert_eq!(code, 2);
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    // junit-10.xsd has no skipped on the root.
    assert_eq!(root.attribute("skipped"), None);
    assert_eq!(root.attribute("tests"), Some("5"));
    assert_eq!(root.attribute("failures"), Some("1"));
    assert_eq!(root.attribute("errors"), Some("1"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").expect("name"))
        .collect();
    assert_eq!(names, vec!["a&b.md", "good.md", "huge.md", "missing.md"]);
    assert!(
        suites
            .iter()
            .all(|s| s.attribute("file") == s.attribute("name"))
    );
    let cases = |i: usize| -> Vec<roxmltree::Node<'_, '_>> {
        suites[i]
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect()
    };
    // a&b.md: an error (a failure) and a warning (a passing case that says what it found).
    let first = cases(0);
    assert_eq!(first.len(), 2);
    assert_eq!(suites[0].attribute("failures"), Some("1"));
    let greeting = first
        .iter()
        .find(|c| c.attribute("name") == Some("greeting/missing at 2:1"))
        .expect("greeting case");
    let failure = greeting
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert_eq!(failure.attribute("type"), Some("error"));
    let body = failure.text().expect("body");
    assert!(
        body.starts_with("a&b.md:2:1: error[greeting/missing] "),
        "{body}"
    );
    assert!(body.contains("\nhelp: "), "{body}");
    let unknown = first
        .iter()
        .find(|c| c.attribute("name") == Some("config/unknown-rule at 1:36"))
        .expect("unknown-rule case");
    assert!(!unknown.children().any(|n| n.has_tag_name("failure")));
    let said = unknown
        .children()
        .find(|n| n.has_tag_name("system-out"))
        .and_then(|n| n.text())
        .expect("system-out");
    assert!(said.starts_with("a&b.md:1:36: warning[config/unknown-rule] "));
    // good.md: one passing case.
    let good = cases(1);
    assert_eq!(good.len(), 1);
    assert_eq!(good[0].children().filter(|n| n.is_element()).count(), 0);
    assert!(cases(2)[0].children().any(|n| n.has_tag_name("skipped")));
    assert_eq!(suites[2].attribute("skipped"), Some("1"));
    let error = cases(3)[0]
        .children()
        .find(|n| n.has_tag_name("error"))
        .expect("error");
    assert!(
        error
            .attribute("message")
            .expect("message")
            .contains("cannot read")
    );
    // Escaped in the raw text.
    assert!(out.contains("name=\"a&amp;b.md\""));

    // Under --deny-warnings the warning fails too.
    let (_, out) = p.check(&["--format=junit", MINE, "--deny-warnings", "a&b.md"]);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    assert_eq!(doc.root_element().attribute("failures"), Some("2"));
}

/// A file with only an info finding passes, as its exit code says.
#[test]
fn junit_info_findings_do_not_fail() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let (code, out) = p.check(&[
        "--format=junit",
        MINE,
        "--level=greeting/missing=info",
        "a.md",
    ]);
    assert_eq!(code, 0);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    assert_eq!(doc.root_element().attribute("tests"), Some("1"));
}

// ---------------------------------------------------------------- pretty and JSON

#[test]
fn pretty_shows_the_rule_the_snippet_and_the_summary_without_colour_when_asked() {
    let p = Project::new();
    p.write("a.md", NO_GREETING);
    let (code, out) = p.check(&[
        "--format=pretty",
        "--color=never",
        MINE,
        "--ui-lang=en",
        "a.md",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("greeting/missing"), "{out}");
    assert!(out.contains("The opening has no greeting"), "{out}");
    assert!(out.contains("1 │ 客服：请问订单号是多少？"), "{out}");
    assert!(out.contains("a.md:1:1"), "{out}");
    assert!(out.contains("Checked 1 file: 1 error"), "{out}");
    assert!(!out.contains('\u{1b}'), "colour codes with --color=never");
    let (_, out) = p.check(&["--format=pretty", "--color=always", MINE, "a.md"]);
    assert!(out.contains('\u{1b}'), "no colour with --color=always");
}

#[test]
fn json_is_version_1_with_positions_and_summary() {
    let p = Project::new();
    p.write("b.md", NO_GREETING_EN).write("a.md", NO_GREETING);
    let (_, out) = p.check(&["--format=json", MINE, "b.md", "a.md"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["version"], 1);
    let d = &v["files"][0]["diagnostics"][0];
    for key in [
        "rule",
        "level",
        "message",
        "help",
        "suggestion",
        "line",
        "column",
        "end_line",
        "end_column",
        "offset",
        "length",
        "related",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["files"][0]["score"], 90);
}
