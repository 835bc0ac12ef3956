//! Reporters: one file per output format, all drawing the same findings; they write, never print.

pub mod concise;
pub mod github;
pub mod json;
pub mod junit;
pub mod pretty;
pub mod sarif;

pub use crate::finding::Summary;

use crate::finding::FileReport;
use crate::finding::Level;
use crate::model::Lang;
use crate::ruleset::RuleSet;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette graphical report (default on a terminal).
    Pretty,
    /// `path:line:col: level[rule] message` (default when piped).
    Concise,
    /// JSON, version 1.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations.
    Github,
    /// JUnit XML: one test case per file, a failure per finding.
    Junit,
}

/// What a reporter knows about a rule (SARIF's rule table), in the language of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// One line.
    pub summary: String,
    /// The better practice.
    pub help: String,
    /// The standard behind the rule.
    pub rationale: String,
    /// Level in this run (the rule's own level when it is off).
    pub level: Level,
    /// Whether the rule runs in this run.
    pub enabled: bool,
}

/// The rule table of a run: every rule of `rules` with its effective level from `levels` (same order),
/// its texts in `lang`.
pub fn rule_infos(rules: &RuleSet, levels: &[Level], lang: Lang) -> Vec<RuleInfo> {
    rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let level = levels.get(i).copied().unwrap_or(Level::Off);
            RuleInfo {
                id: rule.id.clone(),
                summary: rule.summary.get(lang).to_string(),
                help: rule.help.get(lang).to_string(),
                rationale: rule.rationale.get(lang).to_string(),
                level: if level == Level::Off {
                    rule.level
                } else {
                    level
                },
                enabled: level != Level::Off,
            }
        })
        .collect()
}

/// Options every reporter may use.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Leave out the summary.
    pub quiet: bool,
}

/// Render all reports in a format; `rules` is the run's rule table (see [`rule_infos`]).
pub fn write(
    format: Format,
    reports: &[FileReport],
    rules: &[RuleInfo],
    style: Style,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Pretty => pretty::write(reports, style, out),
        Format::Concise => concise::write(reports, style, out),
        Format::Json => json::write(reports, out),
        Format::Sarif => sarif::write(reports, rules, out),
        Format::Github => github::write(reports, out),
        Format::Junit => junit::write(reports, out),
    }
}

/// A path for CI tools: forward slashes, no leading `./`.
pub fn ci_path(path: &str) -> String {
    crate::baseline::normalise_path(path)
}
