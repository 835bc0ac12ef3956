//! Fuzz the whole per-file pipeline: decode, parse, engine with every built-in rule, suppression.
#![no_main]

use libfuzzer_sys::fuzz_target;
use servicelint::config::{Loaded, Settings};
use servicelint::engine::Engine;
use servicelint::ruleset::RuleSet;
use std::sync::OnceLock;

fn setup() -> &'static (RuleSet, Settings) {
    static SETUP: OnceLock<(RuleSet, Settings)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let rules = RuleSet::builtin().expect("the built-in pack loads");
        let settings =
            Settings::resolve(&Loaded::default(), Some(&rules)).expect("default settings resolve");
        (rules, settings)
    })
}

fuzz_target!(|data: &[u8]| {
    let (rules, settings) = setup();
    let engine = Engine::with_defaults(rules);
    let report = servicelint::run::lint_bytes("fuzz.md", data, settings, &engine);
    // Every span a finding carries must lie on character boundaries of the decoded text.
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= report.text.len());
        assert!(report.text.is_char_boundary(f.span.start));
        assert!(report.text.is_char_boundary(f.span.end));
    }
});
