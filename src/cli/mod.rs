//! The command line: clap types ([`args`]), dispatch, and one module per kind of command.

pub mod args;
mod check;
mod commands;

use crate::config::{self, Loaded, Origin, Settings, UiLang};
use crate::error::Error;
use crate::ruleset::{self, RuleSet};
pub use args::*;
pub use commands::starter_config;
use std::io::{IsTerminal, Write};

/// Run the command line; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check::check(args, out, err),
        Command::Rules(args) => commands::rules(args, out),
        Command::Explain(args) => commands::explain(args, out),
        Command::Init(args) => commands::init(args, out),
        Command::Config(args) => commands::show_config(args, out),
        Command::CheckRules(args) => commands::check_rules(args, out),
        Command::Server(args) => commands::server(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            render_error(&e, err);
            exit::FAILURE
        }
    }
}

/// Render an operational error with miette.
pub fn render_error(e: &dyn miette::Diagnostic, err: &mut dyn Write) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut text = String::new();
    if handler.render_report(&mut text, e).is_err() {
        text = e.to_string();
    }
    let _ = writeln!(err, "{text}");
}

/// Config and rules loaded for a command.
pub(crate) struct Setup {
    loaded: Loaded,
    rules: RuleSet,
    settings: Settings,
}

pub(crate) fn setup(common: &CommonArgs) -> Result<Setup, Error> {
    let loaded = if common.isolated {
        Loaded::default()
    } else if let Some(path) = &common.config {
        config::load(path)?
    } else {
        let cwd = std::env::current_dir().map_err(|e| Error::Io {
            path: ".".into(),
            reason: e.to_string(),
        })?;
        match config::discover(&cwd) {
            Some(path) => config::load(&path)?,
            None => Loaded::default(),
        }
    };
    // Rule folders first (from the file, then flags), then the strict resolve that knows every rule id.
    let pre = Settings::resolve(&loaded, None)?;
    let mut sources = ruleset::builtin_sources();
    for (dir, _) in &pre.rule_dirs {
        sources.extend(ruleset::read_dir(dir)?);
    }
    for dir in &common.rule_dirs {
        sources.extend(ruleset::read_dir(dir)?);
    }
    let rules = RuleSet::load(sources)?;
    let mut settings = Settings::resolve(&loaded, Some(&rules))?;
    for dir in &common.rule_dirs {
        settings
            .rule_dirs
            .push((dir.clone(), Origin::Flag("--rules")));
    }
    if let Some(ui) = &common.ui_lang {
        settings.ui_lang = (parse_ui(ui)?, Origin::Flag("--ui-lang"));
    }
    Ok(Setup {
        loaded,
        rules,
        settings,
    })
}

fn parse_ui(text: &str) -> Result<UiLang, Error> {
    UiLang::parse(text)
        .ok_or_else(|| Error::Usage(format!("--ui-lang must be auto, zh or en, not `{text}`")))
}

pub(crate) fn unknown_rule(rules: &RuleSet, name: &str, flag: &str) -> Error {
    let hint = rules
        .suggest(name)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Error::Usage(format!("{flag}: unknown rule or family `{name}`{hint}"))
}
