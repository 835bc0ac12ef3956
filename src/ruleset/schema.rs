//! The rule-file format (SPEC §3.1) as strict serde types: the frame around a rule's check (each kind's parameters are in its own file in `check/`).

use crate::check::CheckSpec;
pub use crate::check::spec::Text;
use crate::finding::Level;
use serde::Deserialize;
use toml::Spanned;

/// One rule file, `rules/<family>/<name>.toml`; the id is the path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// One line: what the rule checks.
    pub summary: Text,
    /// Default level: error, warning, info or off.
    pub level: Level,
    /// Which side of quality service the rule's standard counts for: `procedural` or `personal`
    /// (none: not counted in the scores, e.g. I/O and config rules).
    #[serde(default)]
    pub dimension: Option<crate::finding::Dimension>,
    /// The short name of the standard the rule stands for, as the coverage matrix heads its column
    /// (`standard.zh = "问候"`, `standard.en = "greeting"`); none: the rule id.
    #[serde(default)]
    pub standard: Option<Text>,
    /// Whether the rule runs unless enabled in config (default true); `false` keeps its level for when a user turns it on.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The finding's one-line message; may use `{found}` and the check's own parameters.
    pub message: Text,
    /// The better practice, shown under the finding.
    pub help: Text,
    /// The service standard behind the rule (what `explain` prints).
    pub rationale: Text,
    /// The one check kind and its parameters: `[check.<kind>]`.
    pub check: Spanned<CheckSpec>,
    /// Documents that must fire the rule (`bad`) and must not (`good`).
    #[serde(default)]
    pub examples: Examples,
}

fn yes() -> bool {
    true
}

/// Example documents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each must produce at least one finding of this rule.
    #[serde(default)]
    pub bad: Vec<Spanned<String>>,
    /// Each must produce no finding of this rule.
    #[serde(default)]
    pub good: Vec<Spanned<String>>,
}
