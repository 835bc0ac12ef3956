//! The command line's clap types: subcommands, flags and exit codes (SPEC §2, §7).

use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// servicelint: a linter for customer-service scripts and SOPs (Chinese and English).
#[derive(Debug, Parser)]
#[command(name = "servicelint", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
// Parsed once per process: the size of the `check` variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files and folders (`-` reads standard input).
    Check(CheckArgs),
    /// List every rule: id, default level, one line.
    Rules(RulesArgs),
    /// Explain a rule: what it checks, why, a failing and a passing example.
    Explain(ExplainArgs),
    /// Write a commented starter servicelint.toml.
    Init(InitArgs),
    /// Show the resolved settings and where each came from.
    Config(CommonArgs),
    /// Validate a rule pack and run its examples.
    CheckRules(CheckRulesArgs),
    /// Run a language server over standard input and output (for editors).
    Server(CommonArgs),
}

/// Options shared by commands that read config.
#[derive(Debug, Args, Clone, Default)]
pub struct CommonArgs {
    /// Use this config file instead of discovering one.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub isolated: bool,
    /// Extra rule folder (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Language of messages: auto (the document's), zh or en.
    #[arg(long, value_name = "LANG")]
    pub ui_lang: Option<String>,
}

/// `check` options.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to lint; `-` for standard input.
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<String>,
    /// Output format (default: pretty on a terminal, concise when piped).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The name to report standard input under.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Run only these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub select: Vec<String>,
    /// Do not run these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "ID")]
    pub ignore: Vec<String>,
    /// Set a rule's level: ID=LEVEL (repeatable).
    #[arg(long, value_name = "ID=LEVEL")]
    pub level: Vec<String>,
    /// Document language when the front matter names none: auto, zh or en.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Exit 0 even with findings (still 2 when the run fails).
    #[arg(long)]
    pub exit_zero: bool,
    /// Leave out summaries.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print how many findings each rule produced.
    #[arg(long)]
    pub statistics: bool,
    /// Record every current finding in FILE (JSON, written atomically); later runs with
    /// `--baseline FILE` report only new findings.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Hide findings recorded in this baseline file (by rule, path and fingerprint, not line).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Colour: auto, always or never.
    #[arg(long, default_value = "auto", value_name = "WHEN")]
    pub color: String,
    /// Walk into everything: do not read .gitignore, .ignore and .git/info/exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Apply `exclude` to files named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
    /// Exit 0, not 2, when no file matched.
    #[arg(long)]
    pub allow_empty: bool,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    #[command(flatten)]
    /// Config options.
    pub common: CommonArgs,
}

/// `rules` options.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the active phrase list, one per line (for benchmarks against `rg -f`).
    #[arg(long)]
    pub phrases: bool,
    #[command(flatten)]
    /// Config options.
    pub common: CommonArgs,
}

/// `explain` options.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. apology/order; or `scores` for how the scores and service types are worked out.
    pub id: String,
    #[command(flatten)]
    /// Config options.
    pub common: CommonArgs,
}

/// `init` options.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write (default ./servicelint.toml).
    #[arg(default_value = "servicelint.toml")]
    pub path: PathBuf,
}

/// `check-rules` options.
#[derive(Debug, Args)]
pub struct CheckRulesArgs {
    /// The rule folder to validate.
    pub dir: PathBuf,
}

/// Exit codes (SPEC §7).
pub mod exit {
    /// No finding at error level.
    pub const OK: u8 = 0;
    /// At least one error-level finding (or warning with --deny-warnings).
    pub const FINDINGS: u8 = 1;
    /// The run itself failed.
    pub const FAILURE: u8 = 2;
}
