//! The command line: clap definitions and orchestration only.

use crate::config::{self, Loaded, Origin, Settings};
use crate::engine::{Engine, UiLang, check_examples};
use crate::error::Error;
use crate::finding::Level;
use crate::lint::{self, FileReport};
use crate::model::Lang;
use crate::report::{self, Format, Style};
use crate::ruleset::{self, RuleSet};
use crate::walk::{self, Input};
use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// servicelint: a linter for customer-service scripts and SOPs (Chinese and English).
#[derive(Debug, Parser)]
#[command(name = "servicelint", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
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
    /// The rule id, e.g. apology/order.
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

/// Run the command line; returns the exit code.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Command::Check(args) => check(args, out, err),
        Command::Rules(args) => rules(args, out),
        Command::Explain(args) => explain(args, out),
        Command::Init(args) => init(args, out),
        Command::Config(args) => show_config(args, out),
        Command::CheckRules(args) => check_rules(args, out),
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
struct Setup {
    loaded: Loaded,
    rules: RuleSet,
    settings: Settings,
}

fn setup(common: &CommonArgs) -> Result<Setup, Error> {
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
    match text {
        "auto" => Ok(UiLang::Auto),
        "zh" => Ok(UiLang::Zh),
        "en" => Ok(UiLang::En),
        _ => Err(Error::Usage(format!(
            "--ui-lang must be auto, zh or en, not `{text}`"
        ))),
    }
}

fn unknown_rule(rules: &RuleSet, name: &str, flag: &str) -> Error {
    let hint = rules
        .suggest(name)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Error::Usage(format!("{flag}: unknown rule or family `{name}`{hint}"))
}

fn check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Error> {
    let Setup {
        rules,
        mut settings,
        ..
    } = setup(&args.common)?;
    if let Some(lang) = &args.lang {
        let value = config::parse_lang(lang)
            .ok_or_else(|| Error::Usage(format!("--lang must be auto, zh or en, not `{lang}`")))?;
        settings.lang = (value, Origin::Flag("--lang"));
    }
    for spec in &args.level {
        let Some((id, level)) = spec.split_once('=') else {
            return Err(Error::Usage(format!(
                "--level expects ID=LEVEL, got `{spec}`"
            )));
        };
        let level = Level::parse(level).ok_or_else(|| {
            Error::Usage(format!(
                "--level: unknown level `{level}` (error, warning, info, off)"
            ))
        })?;
        if !rules.knows(id) {
            return Err(unknown_rule(&rules, id, "--level"));
        }
        settings
            .levels
            .push((id.to_string(), level, Origin::Flag("--level")));
    }
    for name in args.select.iter().chain(&args.ignore) {
        if !rules.knows(name) {
            let flag = if args.select.contains(name) {
                "--select"
            } else {
                "--ignore"
            };
            return Err(unknown_rule(&rules, name, flag));
        }
    }
    let mut levels = settings.levels_for(&rules);
    let named = |rule: &ruleset::Rule, names: &[String]| {
        names.iter().any(|n| n == &rule.id || n == rule.family())
    };
    for (i, rule) in rules.rules.iter().enumerate() {
        if !args.select.is_empty() {
            if named(rule, &args.select) {
                if levels[i] == Level::Off {
                    levels[i] = if rule.level == Level::Off {
                        Level::Warning
                    } else {
                        rule.level
                    };
                }
            } else {
                levels[i] = Level::Off;
            }
        }
        if named(rule, &args.ignore) {
            levels[i] = Level::Off;
        }
    }
    let engine = Engine {
        rules: &rules,
        levels,
        ui: settings.ui_lang.0,
        time: settings.time_settings(),
    };
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::baseline::Baseline::load)
        .transpose()?;
    let filter = walk::Filter::new(&settings.include.0, &settings.exclude.0);
    let inputs = walk::collect(&args.paths, args.stdin_filename.as_deref(), &filter);
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Pretty
    } else {
        Format::Concise
    });
    // Only the pretty snippets and fingerprints (SARIF, baselines) need a file's text after it is
    // linted; dropping it keeps memory flat in the number of files.
    let keep_text = matches!(format, Format::Pretty | Format::Sarif)
        || args.baseline.is_some()
        || args.write_baseline.is_some();
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = Style {
        color,
        quiet: args.quiet,
    };
    // Line formats stream large runs chunk by chunk, so memory stays flat in the number of files.
    let stream = matches!(format, Format::Concise | Format::Github)
        && !keep_text
        && !args.statistics
        && inputs.len() > STREAM_AFTER;
    if stream {
        return check_streaming(&args, &inputs, &settings, &engine, format, style, out, err);
    }
    // One file (an editor, a pre-commit hook on one change) is linted on this thread: starting
    // rayon's pool would cost more than the file.
    let lint_one = |input: &Input| lint_input(input, &settings, &engine, keep_text);
    let mut reports: Vec<FileReport> = if inputs.len() <= 1 {
        inputs.iter().map(lint_one).collect()
    } else {
        lint_parallel(inputs.len() >= MANY_FILES, &engine, || {
            inputs.par_iter().map(lint_one).collect()
        })
    };
    engine.cross_check(&mut reports);
    apply_baseline(&args, baseline.as_ref(), &mut reports, err)?;
    let rule_lang = if settings.ui_lang.0 == UiLang::Zh {
        Lang::Zh
    } else {
        Lang::En
    };
    let infos = report::rule_infos(&rules, &engine.levels, rule_lang);
    report::write(format, &reports, &infos, style, out).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    if args.statistics {
        write_statistics(&reports, err);
    }
    let mut failed = false;
    for r in &reports {
        if let Some(reason) = &r.error {
            failed = true;
            let _ = writeln!(err, "error: cannot read {}: {reason}", r.path);
        }
    }
    let code = if failed {
        exit::FAILURE
    } else if args.exit_zero {
        exit::OK
    } else {
        let worst = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.level))
            .max()
            .unwrap_or(Level::Off);
        let threshold = if args.deny_warnings {
            Level::Warning
        } else {
            Level::Error
        };
        if worst >= threshold {
            exit::FINDINGS
        } else {
            exit::OK
        }
    };
    // The process ends right after `check`: freeing every finding, fact and path one by one would
    // cost some 1.5 % of a run's instructions for memory the exit hands back at once.
    std::mem::forget(reports);
    Ok(code)
}

/// Run `lint` on rayon's pool; with `build_dfa`, one worker builds the phrase DFA (some 15 ms)
/// meanwhile, and files scanned before it is ready use the NFA, which finds the same matches.
fn lint_parallel(
    build_dfa: bool,
    engine: &Engine,
    lint: impl FnOnce() -> Vec<FileReport> + Send,
) -> Vec<FileReport> {
    let matcher = &engine.rules.matcher;
    rayon::join(
        || {
            if build_dfa {
                matcher.prepare_for_many();
            }
        },
        lint,
    )
    .1
}

/// Runs with at least this many files build the phrase DFA (15 ms) for a faster scan.
const MANY_FILES: usize = 32;

/// Runs with more files than this stream their output (concise and github formats).
const STREAM_AFTER: usize = 1000;

/// Files linted together before their output is written, when streaming.
const CHUNK: usize = 512;

/// An input's path as reports show it.
fn shown(input: &Input) -> String {
    match input {
        Input::File(path) => path.display().to_string(),
        Input::Stdin(name) => name.clone(),
        Input::Missing(path, _) => path.clone(),
    }
}

fn lint_input(
    input: &Input,
    settings: &config::Settings,
    engine: &Engine<'_>,
    keep_text: bool,
) -> FileReport {
    let mut report = match input {
        Input::File(path) => lint::lint_path(path, &shown(input), settings, engine),
        Input::Stdin(name) => lint::lint_stdin(name, settings, engine),
        Input::Missing(path, reason) => lint::unreadable(path, reason.clone()),
    };
    if !keep_text {
        report.text = String::new();
    }
    report
}

/// Lint in chunks and write each chunk's findings at once; keep only the small facts that
/// cross-document checks compare, and write their findings (time/inconsistent) after the last file.
#[allow(clippy::too_many_arguments)]
fn check_streaming(
    args: &CheckArgs,
    inputs: &[Input],
    settings: &config::Settings,
    engine: &Engine<'_>,
    format: Format,
    style: Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    };
    let quiet = Style {
        quiet: true,
        ..style
    };
    let mut summary = report::Summary::default();
    let mut worst = Level::Off;
    let mut failed = false;
    // Only the facts of files that state time standards are kept, compactly, until the end.
    let mut facts = crate::facts::FactStore::default();
    let mut index = crate::engine::ConsistencyIndex::default();
    let tally = |reports: &[FileReport], summary: &mut report::Summary, files: bool| {
        let s = report::Summary::of(reports);
        if files {
            summary.files += s.files;
            summary.skipped += s.skipped;
        }
        summary.errors += s.errors;
        summary.warnings += s.warnings;
        summary.infos += s.infos;
        reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.level))
            .max()
            .unwrap_or(Level::Off)
    };
    for (c, chunk) in inputs.chunks(CHUNK).enumerate() {
        let reports: Vec<FileReport> = lint_parallel(c == 0, engine, || {
            chunk
                .par_iter()
                .map(|input| lint_input(input, settings, engine, false))
                .collect()
        });
        report::write(format, &reports, &[], quiet, out).map_err(io)?;
        worst = worst.max(tally(&reports, &mut summary, true));
        for (i, r) in reports.into_iter().enumerate() {
            if let Some(reason) = &r.error {
                failed = true;
                let _ = writeln!(err, "error: cannot read {}: {reason}", r.path);
            }
            if !r.facts.is_empty() {
                index.add(&r);
                facts.add((c * CHUNK + i) as u32, &r);
            }
        }
    }
    // Write each file's inconsistencies as they are found, so they are never all held at once.
    for mut r in facts.reports(|i| shown(&inputs[i as usize])) {
        r.findings = engine.inconsistencies(&index, &r);
        if r.findings.is_empty() {
            continue;
        }
        let one = std::slice::from_ref(&r);
        report::write(format, one, &[], quiet, out).map_err(io)?;
        worst = worst.max(tally(one, &mut summary, false));
    }
    if !style.quiet && format == Format::Concise {
        writeln!(out, "{}", report::concise::summary_line(&summary)).map_err(io)?;
    }
    if failed {
        return Ok(exit::FAILURE);
    }
    if args.exit_zero {
        return Ok(exit::OK);
    }
    let threshold = if args.deny_warnings {
        Level::Warning
    } else {
        Level::Error
    };
    Ok(if worst >= threshold {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// `--write-baseline` records every finding and then hides them all; `--baseline` hides the recorded ones.
#[allow(clippy::result_large_err)] // like the rest of this file: `Error` holds a `FileError`
fn apply_baseline(
    args: &CheckArgs,
    baseline: Option<&crate::baseline::Baseline>,
    reports: &mut [FileReport],
    err: &mut dyn Write,
) -> Result<(), Error> {
    if let Some(path) = &args.write_baseline {
        let written = crate::baseline::Baseline::from_reports(reports);
        written.save(path)?;
        written.apply(reports);
        if !args.quiet {
            let _ = writeln!(
                err,
                "wrote baseline {} with {} finding(s)",
                path.display(),
                written.len()
            );
        }
    } else if let Some(baseline) = baseline {
        let hidden = baseline.apply(reports);
        if hidden > 0 && !args.quiet {
            let _ = writeln!(err, "{hidden} finding(s) hidden by the baseline");
        }
    }
    Ok(())
}

fn write_statistics(reports: &[FileReport], err: &mut dyn Write) {
    let mut counts: std::collections::BTreeMap<(&str, Level), usize> = Default::default();
    for f in reports.iter().flat_map(|r| &r.findings) {
        *counts.entry((f.rule.as_str(), f.level)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((rule, level), n) in rows {
        let _ = writeln!(err, "{n:>5}  {rule:<28} {}", level.as_str());
    }
}

/// The language of `explain`/`rules` text: --ui-lang, else the environment's locale.
fn text_lang(ui: UiLang) -> Lang {
    match ui {
        UiLang::Zh => Lang::Zh,
        UiLang::En => Lang::En,
        UiLang::Auto => {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
                .unwrap_or_default();
            if locale.starts_with("zh") {
                Lang::Zh
            } else {
                Lang::En
            }
        }
    }
}

fn rules(args: RulesArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let setup = setup(&args.common)?;
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    };
    if args.phrases {
        let levels = setup.settings.levels_for(&setup.rules);
        let mut phrases: Vec<&str> = Vec::new();
        for (p, text) in setup.rules.matcher.patterns().iter().enumerate() {
            let active = setup
                .rules
                .matcher
                .uses(p as u32)
                .iter()
                .any(|u| levels[u.rule as usize] != Level::Off);
            if active {
                phrases.push(text);
            }
        }
        for p in phrases {
            writeln!(out, "{p}").map_err(io)?;
        }
        return Ok(exit::OK);
    }
    let lang = text_lang(setup.settings.ui_lang.0);
    let levels = setup.settings.levels_for(&setup.rules);
    for (i, rule) in setup.rules.rules.iter().enumerate() {
        let level = if !rule.enabled && levels[i] == Level::Off {
            format!("{} (off)", rule.level.as_str())
        } else {
            levels[i].as_str().to_string()
        };
        writeln!(
            out,
            "{:<28} {:<12} {}",
            rule.id,
            level,
            rule.summary.get(lang)
        )
        .map_err(io)?;
    }
    Ok(exit::OK)
}

fn explain(args: ExplainArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let setup = setup(&args.common)?;
    let Some(rule) = setup.rules.get(&args.id) else {
        return Err(unknown_rule(&setup.rules, &args.id, "explain"));
    };
    let lang = text_lang(setup.settings.ui_lang.0);
    let text = explanation(rule, lang);
    out.write_all(text.as_bytes()).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    Ok(exit::OK)
}

/// The long explanation of a rule, in fixed sections.
pub fn explanation(rule: &ruleset::Rule, lang: Lang) -> String {
    let (what, why, bad, good, configure, level_word) = match lang {
        Lang::Zh => (
            "检查内容",
            "为什么",
            "会触发的例子",
            "不会触发的例子",
            "配置与关闭",
            "默认级别",
        ),
        Lang::En => (
            "What it checks",
            "Why",
            "Example that fires",
            "Example that passes",
            "Configure or disable",
            "Default level",
        ),
    };
    let level = if rule.enabled {
        rule.level.as_str().to_string()
    } else {
        match lang {
            Lang::Zh => format!("{}（默认关闭）", rule.level.as_str()),
            Lang::En => format!("{} (off unless enabled)", rule.level.as_str()),
        }
    };
    let mut s = String::new();
    s.push_str(&format!(
        "# {}\n\n{}\n\n{level_word}: {level}\n\n",
        rule.id,
        rule.summary.get(lang)
    ));
    s.push_str(&format!("## {what}\n\n{}\n\n", rule.help.get(lang)));
    s.push_str(&format!("## {why}\n\n{}\n\n", rule.rationale.get(lang)));
    if let Some(b) = rule.bad.first() {
        s.push_str(&format!("## {bad}\n\n```\n{}\n```\n\n", b.trim_end()));
    }
    if let Some(g) = rule.good.first() {
        s.push_str(&format!("## {good}\n\n```\n{}\n```\n\n", g.trim_end()));
    }
    let id = &rule.id;
    let family = rule.family();
    match lang {
        Lang::Zh => s.push_str(&format!(
            "## {configure}\n\n在 servicelint.toml 中：\n\n```toml\n[rules]\n\"{id}\" = \"error\"   # 或 warning、info、off\n\"{family}\" = \"warning\"  # 整个规则族\n```\n\n命令行：`--select {id}`、`--ignore {id}`、`--level {id}=off`。\n单处关闭：`<!-- servicelint-disable-next-line {id} -->`；整个文件：`<!-- servicelint-disable-file {id} -->` 或前置元数据 `disable: [{id}]`。\n"
        )),
        Lang::En => s.push_str(&format!(
            "## {configure}\n\nIn servicelint.toml:\n\n```toml\n[rules]\n\"{id}\" = \"error\"   # or warning, info, off\n\"{family}\" = \"warning\"  # the whole family\n```\n\nOn the command line: `--select {id}`, `--ignore {id}`, `--level {id}=off`.\nFor one place: `<!-- servicelint-disable-next-line {id} -->`; for a file: `<!-- servicelint-disable-file {id} -->` or front matter `disable: [{id}]`.\n"
        )),
    }
    s
}

const STARTER: &str = r#"# servicelint configuration. Every key is optional; these are the defaults unless noted.
# Docs: docs/config.md

# Files linted when a folder is walked.
include = ["**/*.md", "**/*.markdown", "**/*.txt"]
# Files and folders skipped.
exclude = []
# Language of documents without front matter `lang`: auto | zh | en
lang = "auto"
# Language of messages: auto (the document's) | zh | en
ui-lang = "auto"
# Larger files are skipped with io/skipped.
max-file-size = "10MiB"
# Folders of your own rule files (see docs/rules.md).
# rule-dirs = ["style/rules"]

[rules]
# Level per rule id or family: error | warning | info | off
# "phrasing/negative" = "error"
# "greeting/no-self-id" = "info"   # off by default; this turns it on
# "time" = "warning"

[speakers]
# Labels that start a turn (these replace the defaults; use extend-agent / extend-customer to add).
# extend-agent = ["Barista"]
# extend-customer = ["Member"]

# [time.limits]
# greeting = "10s"
# phone-answer = "3 rings"
# first-response = "2min"

# [[kinds]]
# glob = "scripts/**"
# kind = "script"
"#;

fn init(args: InitArgs, out: &mut dyn Write) -> Result<u8, Error> {
    if args.path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; not overwriting it",
            args.path.display()
        )));
    }
    std::fs::write(&args.path, STARTER).map_err(|e| Error::Io {
        path: args.path.display().to_string(),
        reason: e.to_string(),
    })?;
    writeln!(out, "wrote {}", args.path.display()).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    Ok(exit::OK)
}

/// The starter config `init` writes.
pub fn starter_config() -> &'static str {
    STARTER
}

fn show_config(args: CommonArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let setup = setup(&args)?;
    let s = &setup.settings;
    let mut text = String::new();
    let file = setup
        .loaded
        .path
        .as_ref()
        .map_or("(none: defaults only)".to_string(), |p| {
            p.display().to_string()
        });
    text.push_str(&format!("config file: {file}\n"));
    text.push_str(&format!(
        "include = {:?}    # {}\n",
        s.include.0, s.include.1
    ));
    text.push_str(&format!(
        "exclude = {:?}    # {}\n",
        s.exclude.0, s.exclude.1
    ));
    text.push_str(&format!(
        "lang = \"{}\"    # {}\n",
        s.lang.0.map_or("auto", |l| l.as_str()),
        s.lang.1
    ));
    let ui = match s.ui_lang.0 {
        UiLang::Auto => "auto",
        UiLang::Zh => "zh",
        UiLang::En => "en",
    };
    text.push_str(&format!("ui-lang = \"{ui}\"    # {}\n", s.ui_lang.1));
    text.push_str(&format!(
        "max-file-size = {}    # {}\n",
        s.max_file_size.0, s.max_file_size.1
    ));
    for (dir, origin) in &s.rule_dirs {
        text.push_str(&format!(
            "rule-dir = {:?}    # {origin}\n",
            dir.display().to_string()
        ));
    }
    text.push_str(&format!(
        "speakers.agent = {:?}    # {}\n",
        s.agent_labels.0, s.agent_labels.1
    ));
    text.push_str(&format!(
        "speakers.customer = {:?}    # {}\n",
        s.customer_labels.0, s.customer_labels.1
    ));
    text.push_str(&format!(
        "time.ring-seconds = {}    # {}\n",
        s.ring_seconds.0, s.ring_seconds.1
    ));
    for (moment, limit, origin) in &s.time_limits {
        text.push_str(&format!("time.limits.{moment} = {limit:?}    # {origin}\n"));
    }
    for (glob, kind) in &s.kinds {
        text.push_str(&format!("kinds: {glob:?} -> {}\n", kind.as_str()));
    }
    text.push_str("\n[rules]\n");
    let levels = s.levels_for(&setup.rules);
    for (i, rule) in setup.rules.rules.iter().enumerate() {
        let origin = s
            .levels
            .iter()
            .rev()
            .find(|(name, _, _)| name == &rule.id || name == rule.family())
            .map_or(Origin::Default, |(_, _, o)| o.clone());
        text.push_str(&format!(
            "{:<28} = {:<8} # {origin}\n",
            format!("\"{}\"", rule.id),
            format!("\"{}\"", levels[i].as_str())
        ));
    }
    out.write_all(text.as_bytes()).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    Ok(exit::OK)
}

fn check_rules(args: CheckRulesArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let user = ruleset::read_dir(&args.dir)?;
    if user.is_empty() {
        return Err(Error::Usage(format!(
            "no rule files (*.toml) under {}",
            args.dir.display()
        )));
    }
    let user_ids: Vec<String> = user.iter().map(|s| s.id.clone()).collect();
    let mut sources = ruleset::builtin_sources();
    sources.extend(user);
    let rules = RuleSet::load(sources)?;
    let mut failures = 0;
    let mut text = String::new();
    for id in &user_ids {
        let Some(index) = rules.position(id) else {
            continue;
        };
        let problems = check_examples(&rules, index);
        let rule = &rules.rules[index];
        if problems.is_empty() {
            text.push_str(&format!(
                "ok    {id} ({} bad, {} good examples)\n",
                rule.bad.len(),
                rule.good.len()
            ));
        } else {
            failures += problems.len();
            text.push_str(&format!("FAIL  {id}\n"));
            for p in problems {
                text.push_str(&format!("      {}\n", p.replace('\n', "\n      ")));
            }
        }
    }
    text.push_str(&format!(
        "{} rule(s) checked, {failures} failing example(s)\n",
        user_ids.len()
    ));
    out.write_all(text.as_bytes()).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    Ok(if failures > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Whether a path exists (used by tests and callers that pre-check paths).
pub fn exists(path: &Path) -> bool {
    path.exists()
}
