//! `engine`: rules whose findings the engine emits itself (unreadable inputs, encodings, suppression directives); the kind finds nothing on its own.

use super::spec::{Problems, Registrar};
use super::{Ctx, Draft, Kind};
use crate::matcher::{Hit, PatternUse};
use serde::Deserialize;

/// `[check.engine]`: no parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineSpec {}

/// The compiled `engine` check: nothing to hold.
#[derive(Debug)]
pub struct EngineCheck;

impl Kind for EngineCheck {
    type Spec = EngineSpec;
    const NAME: &'static str = "engine";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "detail"];
    // Its findings depend on what other rules find (an unused directive), so its examples are
    // optional and run with the other rules on.
    const NEEDS_EXAMPLES: bool = false;
    const ONE_TABLE: bool = true;

    fn compile(_: &EngineSpec, _: &mut Problems) -> Self {
        EngineCheck
    }

    fn register(_: &EngineSpec, _: &mut Registrar<'_>) {}

    /// Nothing: the engine emits these findings where it meets the problem.
    fn run(&self, _: u16, _: &Ctx<'_>, _: &[(Hit, PatternUse)], _: &mut Vec<Draft>) {}
}

#[cfg(test)]
mod tests {
    use super::EngineCheck;
    use crate::check::testing::run;

    #[test]
    fn finds_nothing_on_its_own() {
        for text in [
            "",
            "客服：我不知道。\n",
            "<!-- servicelint-disable nope/x -->\n",
        ] {
            assert!(run::<EngineCheck>("", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn takes_no_parameters() {
        let err = toml::from_str::<super::EngineSpec>("scope = \"spoken\"").expect_err("refused");
        assert!(err.message().starts_with("unknown field `scope`"), "{err}");
    }
}
