//! Every built-in rule tests itself: its bad examples fire it, its good ones do not; every file in rules/ is embedded.

use servicelint::check::Check;
use servicelint::engine::check_examples;
use servicelint::ruleset::{RuleSet, builtin_sources};
use std::path::Path;

fn files_under(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("rules/ is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"))
                .expect("under rules");
            out.push(rel.with_extension("").to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_rule_file_is_embedded() {
    let mut on_disk = Vec::new();
    files_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        &mut on_disk,
    );
    on_disk.sort();
    let mut embedded: Vec<String> = builtin_sources().into_iter().map(|s| s.id).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded);
}

#[test]
fn builtin_pack_loads() {
    let rules = RuleSet::builtin().unwrap_or_else(|e| panic!("{e:?}"));
    assert!(rules.rules.len() >= 15, "{} rules", rules.rules.len());
}

#[test]
fn every_rule_has_texts_and_examples() {
    let rules = RuleSet::builtin().expect("built-in pack loads");
    for rule in &rules.rules {
        for text in [&rule.summary, &rule.message, &rule.help, &rule.rationale] {
            assert!(
                !text.zh.is_empty() && !text.en.is_empty(),
                "{} lacks a zh or en text",
                rule.id
            );
        }
        if !matches!(rule.check, Check::Engine(_)) {
            assert!(
                rule.bad.len() >= 2,
                "{} needs at least two bad examples",
                rule.id
            );
            assert!(
                rule.good.len() >= 2,
                "{} needs at least two good examples",
                rule.id
            );
        }
    }
}

#[test]
fn every_rule_passes_its_own_examples() {
    let rules = RuleSet::builtin().expect("built-in pack loads");
    let mut failures = Vec::new();
    for i in 0..rules.rules.len() {
        failures.extend(check_examples(&rules, i));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn phrase_lists_are_large_enough_and_negative_ones_have_suggestions() {
    let text = |id: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("rules")
                .join(format!("{id}.toml")),
        )
        .expect("rule file")
    };
    let negative: toml::Value = toml::from_str(&text("phrasing/negative")).expect("toml");
    let forbid = &negative["check"]["forbid"];
    for lang in ["zh", "en"] {
        let list = forbid[lang].as_array().expect("list");
        for entry in list {
            assert!(
                entry.get("suggestion").is_some(),
                "negative phrase without suggestion: {entry}"
            );
        }
    }
    let mut counts = [0usize; 2];
    for id in ["phrasing/negative", "phrasing/forbidden", "phrasing/blame"] {
        let value: toml::Value = toml::from_str(&text(id)).expect("toml");
        for (i, lang) in ["zh", "en"].iter().enumerate() {
            counts[i] += value["check"]["forbid"][lang]
                .as_array()
                .map_or(0, |a| a.len());
        }
    }
    assert!(
        counts[0] >= 40 && counts[1] >= 40,
        "zh {} en {}",
        counts[0],
        counts[1]
    );
}
