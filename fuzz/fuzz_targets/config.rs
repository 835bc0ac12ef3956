//! Fuzz config parsing: `servicelint::config::parse`, then resolving the settings strictly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use servicelint::config::{Settings, parse};
use servicelint::ruleset::RuleSet;
use std::sync::OnceLock;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("the built-in pack loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(loaded) = parse(text, None)
        && let Ok(settings) = Settings::resolve(&loaded, Some(rules()))
    {
        let _ = settings.levels_for(rules());
        let _ = settings.parse_options("zh/sop.md");
    }
});
