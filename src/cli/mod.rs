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
    // A reader that stops early (`| head`) is not a failure: the rest of the output is dropped
    // and the run ends with the code it would have had.
    let out = &mut ClosedQuietly::new(out);
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

/// A writer that drops everything once its reader has gone (a broken pipe), without an error.
pub struct ClosedQuietly<'a> {
    inner: &'a mut dyn Write,
    closed: bool,
}

impl<'a> ClosedQuietly<'a> {
    /// Wrap `inner`.
    pub fn new(inner: &'a mut dyn Write) -> Self {
        ClosedQuietly {
            inner,
            closed: false,
        }
    }

    fn quiet(&mut self, result: std::io::Result<()>) -> std::io::Result<()> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl Write for ClosedQuietly<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write_all(buf);
        self.quiet(result).map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.quiet(result)
    }
}

/// Whether `--color auto` colours a stream (`tty`: it is a terminal), as the CLICOLOR and
/// FORCE_COLOR conventions say: `CLICOLOR_FORCE` or `FORCE_COLOR` (not `0`) turn it on anywhere;
/// else `NO_COLOR`, `CLICOLOR=0`, `TERM=dumb` or a stream that is not a terminal turn it off.
pub fn color_auto(tty: bool) -> bool {
    let force_color = std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty() && v != "0");
    if anstyle_query::clicolor_force() || force_color {
        return true;
    }
    if anstyle_query::no_color() || anstyle_query::clicolor() == Some(false) {
        return false;
    }
    tty && anstyle_query::term_supports_color()
}

/// The width human-readable output wraps to: `COLUMNS` when set (as clap and miette read it),
/// else the terminal's width when the stream is one (`tty`), else 100; never below 40.
pub fn output_width(tty: bool) -> usize {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let terminal = || {
        tty.then(terminal_size::terminal_size)
            .flatten()
            .map(|(w, _)| usize::from(w.0))
    };
    columns.or_else(terminal).unwrap_or(100).max(40)
}

/// Render an operational error with miette.
pub fn render_error(e: &dyn miette::Diagnostic, err: &mut dyn Write) {
    let color = color_auto(std::io::stderr().is_terminal());
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let width = output_width(std::io::stderr().is_terminal());
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(width);
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
    // `[vocabulary]` phrases go into the one matcher with the rules' own.
    let rules = RuleSet::load_with(sources, &pre.vocabulary)?;
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

/// How a [`crate::server::workspace::Workspace`] loads one config (None: the defaults): the
/// command's [`setup`] with that file and the command's other flags, then `then` (the `check`
/// flags that change settings). The language server and `check` load every config through it.
pub(crate) fn loader(
    common: CommonArgs,
    then: impl Fn(&RuleSet, &mut Settings) -> Result<(), Error> + Send + 'static,
) -> crate::server::Loader {
    Box::new(move |config| {
        let one = CommonArgs {
            config: config.map(std::path::Path::to_path_buf),
            isolated: config.is_none(),
            ..common.clone()
        };
        let Setup {
            rules,
            mut settings,
            ..
        } = setup(&one)?;
        then(&rules, &mut settings)?;
        Ok((rules, settings))
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
