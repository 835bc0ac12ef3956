//! Fuzz rule-file loading: one user rule source through `RuleSet::load`; a rule that loads runs its examples.
#![no_main]

use libfuzzer_sys::fuzz_target;
use servicelint::engine::check_examples;
use servicelint::ruleset::{RuleSet, RuleSource};

fuzz_target!(|data: &[u8]| {
    let source = RuleSource {
        id: "fuzz/rule".to_string(),
        path: "rules/fuzz/rule.toml".to_string(),
        text: String::from_utf8_lossy(data).into_owned(),
        builtin: false,
    };
    if let Ok(rules) = RuleSet::load(vec![source]) {
        for i in 0..rules.rules.len() {
            let _ = check_examples(&rules, i);
        }
    }
});
