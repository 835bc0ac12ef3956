//! `servicelint check`: one pipeline (walk, lint in parallel a chunk at a time, cross-document
//! checks, baseline, report) and its exit code; streaming is a property of the run, not a second copy.

use super::args::{CheckArgs, exit};
use super::unknown_rule;
use crate::config::{self, Origin, Settings, UiLang};
use crate::engine::Engine;
use crate::error::Error;
use crate::finding::{FileReport, Level, Summary};
use crate::input::walk::{self, Input};
use crate::model::Lang;
use crate::report::{Format, Style};
use crate::ruleset::{self, RuleSet, doc};
use crate::run as lint;
use crate::server::workspace::{Profile, Workspace};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs with more files than this stream their output, when the format can.
const STREAM_AFTER: usize = 1000;

/// Files linted together before their output is written, when streaming.
const CHUNK: usize = 512;

pub(crate) fn check(
    args: CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
    if args.stdin_filename.is_some() && !args.paths.iter().any(|p| p == "-") {
        return Err(Error::Usage(
            "--stdin-filename names standard input: pass `-` among the paths to read it".into(),
        ));
    }
    let Some(path) = args.output_file.clone() else {
        return check_to(args, out, err, std::io::stdout().is_terminal());
    };
    let file = std::fs::File::create(&path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut file = std::io::BufWriter::new(file);
    let code = check_to(args, &mut file, err, false)?;
    file.flush().map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(code)
}

/// [`check`] writing its report to `out`, a terminal when `tty`.
fn check_to(
    args: CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    tty: bool,
) -> Result<u8, Error> {
    // The run's own config (the current folder's, or `--config`): what folders are walked with,
    // and what files without a config of their own are linted with.
    let mut workspace = workspace(&args);
    let root = workspace.load(workspace.config_for(Some(&config::absolute(Path::new(".")))))?;
    check_names(&args, &root.rules)?;
    let (rules, settings) = (&root.rules, &root.settings);
    let baseline = args
        .baseline
        .as_deref()
        .map(crate::baseline::Baseline::load)
        .transpose()?;
    let filter = walk::Filter::new(&settings.include.0, &settings.exclude.0);
    let options = walk::Options {
        no_ignore: args.no_ignore,
        force_exclude: args.force_exclude,
    };
    let inputs = walk::collect_with(
        &args.paths,
        args.stdin_filename.as_deref(),
        &filter,
        options,
    );
    // Each file's config: the nearest above it (ruff-style), one engine per config.
    let (inputs, of, profiles) = profiles_of(&args, &mut workspace, root.clone(), inputs)?;
    let engines: Vec<Engine<'_>> = profiles
        .iter()
        .map(|p| {
            let mut engine = p.engine();
            engine.levels = select_ignore(&args, &p.rules, engine.levels);
            engine
        })
        .collect();
    let engine = &engines[0];
    let stdout_tty = tty;
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Pretty
    } else {
        Format::Concise
    });
    let needs = format.needs();
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => super::color_auto(stdout_tty),
    };
    let style = Style {
        color,
        quiet: args.quiet,
        deny_warnings: args.deny_warnings,
        zh: root.settings.ui_lang.0 == UiLang::Zh,
        width: Some(super::output_width(stdout_tty)),
    };
    // A file's text is dropped once it is linted unless the format or a baseline (fingerprints)
    // reads it: that keeps memory flat in the number of files.
    let keep_text = needs.text || args.baseline.is_some() || args.write_baseline.is_some();
    // A large run streams when nothing needs every report at the end.
    let stream = needs.streams && !keep_text && !args.statistics && inputs.len() > STREAM_AFTER;
    let io = |e: std::io::Error| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    };

    let chunk_size = if stream { CHUNK } else { inputs.len().max(1) };
    let mut kept: Vec<FileReport> = Vec::new();
    let mut tally = Tally::default();
    let mut crosses: Vec<Cross> = profiles.iter().map(|_| Cross::default()).collect();
    // Streamed chunks are written quietly; the summary comes once, after the last file.
    let chunk_style = Style {
        quiet: true,
        ..style
    };
    for (c, chunk) in inputs.chunks(chunk_size).enumerate() {
        let first = c * chunk_size;
        let chunk_of = &of[first..first + chunk.len()];
        let reports = lint_chunk(chunk, chunk_of, &profiles, &engines, keep_text);
        if !stream {
            // A whole run is one chunk.
            kept = reports;
            continue;
        }
        format.write(&reports, &[], chunk_style, out).map_err(io)?;
        tally.add(&reports, true);
        tally.failed |= read_errors(&reports, err);
        for (i, r) in reports.iter().enumerate() {
            crosses[chunk_of[i]].keep(first + i, r);
        }
    }

    if stream {
        for (cross, engine) in crosses.into_iter().zip(&engines) {
            let shown_of = |i: u32| shown(&inputs[i as usize]);
            cross.each_inconsistent(engine, shown_of, |one| {
                format.write(one, &[], chunk_style, out).map_err(io)?;
                tally.add(one, false);
                Ok(())
            })?;
        }
        format.write_end(&tally.summary, style, out).map_err(io)?;
    } else {
        Cross::check_all(&engines, &of, &mut kept);
        apply_baseline(&args, baseline.as_ref(), &mut kept, err)?;
        let infos = if needs.rules {
            let lang = if settings.ui_lang.0 == UiLang::Zh {
                Lang::Zh
            } else {
                Lang::En
            };
            doc::rule_infos(rules, &engine.levels, lang)
        } else {
            Vec::new()
        };
        format.write(&kept, &infos, style, out).map_err(io)?;
        if args.statistics {
            write_statistics(&kept, err);
        }
        tally.add(&kept, true);
        tally.failed |= read_errors(&kept, err);
    }
    if tally.failed {
        note_unreadable_off(rules, &engine.levels, err);
    }
    // The process ends right after `check`: freeing every finding, fact and path one by one would
    // cost some 1.5 % of a run's instructions for memory the exit hands back at once.
    std::mem::forget(kept);
    if inputs.is_empty() {
        let _ = writeln!(
            err,
            "warning: no files matched {} (include: {:?}; --allow-empty accepts this)",
            args.paths.join(" "),
            settings.include.0
        );
        if !args.allow_empty {
            return Ok(exit::FAILURE);
        }
    }
    Ok(exit_code(tally.failed, tally.worst, &args))
}

/// The exit code of a run: 2 when a file could not be read, else 1 when a finding reaches the
/// threshold (error, or warning with `--deny-warnings`) unless `--exit-zero`, else 0.
fn exit_code(failed: bool, worst: Level, args: &CheckArgs) -> u8 {
    let threshold = if args.deny_warnings {
        Level::Warning
    } else {
        Level::Error
    };
    if failed {
        exit::FAILURE
    } else if !args.exit_zero && worst >= threshold {
        exit::FINDINGS
    } else {
        exit::OK
    }
}

/// What the exit code and the streamed summary are drawn from.
struct Tally {
    summary: Summary,
    worst: Level,
    failed: bool,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            summary: Summary::default(),
            worst: Level::Off,
            failed: false,
        }
    }
}

impl Tally {
    /// Count `reports`' findings, and with `files` the files too (cross-document findings belong to
    /// files already counted).
    fn add(&mut self, reports: &[FileReport], files: bool) {
        let s = Summary::of(reports);
        if files {
            self.summary.files += s.files;
            self.summary.skipped += s.skipped;
        }
        self.summary.errors += s.errors;
        self.summary.warnings += s.warnings;
        self.summary.infos += s.infos;
        let worst = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| f.level))
            .max()
            .unwrap_or(Level::Off);
        self.worst = self.worst.max(worst);
    }
}

/// The run's cross-document checks (time/inconsistent): the one place the CLI calls them. A whole
/// run checks every report at once; a streamed run keeps each chunk's facts, compactly, and judges
/// them after the last file.
#[derive(Default)]
struct Cross {
    facts: crate::engine::cross::FactStore,
    index: crate::engine::cross::ConsistencyIndex,
}

impl Cross {
    /// Add the cross-document findings to every report of a whole run: files are compared with
    /// the files that share their config (`of[i]` is report `i`'s engine), never across configs.
    fn check_all(engines: &[Engine<'_>], of: &[usize], reports: &mut [FileReport]) {
        if engines.len() == 1 {
            engines[0].cross_check(reports);
            return;
        }
        for (k, engine) in engines.iter().enumerate() {
            let members: Vec<usize> = (0..reports.len()).filter(|&i| of[i] == k).collect();
            let mut group: Vec<FileReport> = members
                .iter()
                .map(|&i| {
                    std::mem::replace(&mut reports[i], FileReport::unreadable("", String::new()))
                })
                .collect();
            engine.cross_check(&mut group);
            for (i, r) in members.into_iter().zip(group) {
                reports[i] = r;
            }
        }
    }

    /// Keep the facts of input `i`, a streamed report.
    fn keep(&mut self, i: usize, r: &FileReport) {
        if !r.facts.is_empty() {
            self.index.add(r);
            self.facts.add(i as u32, r);
        }
    }

    /// Hand each file's inconsistency findings to `each` as they are found, so they are never all
    /// held at once; `shown` is the path of an input by its index.
    fn each_inconsistent(
        self,
        engine: &Engine<'_>,
        shown: impl Fn(u32) -> String,
        mut each: impl FnMut(&[FileReport]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for mut r in self.facts.reports(shown) {
            r.findings = engine.inconsistencies(&self.index, &r);
            if !r.findings.is_empty() {
                each(std::slice::from_ref(&r))?;
            }
        }
        Ok(())
    }
}

/// The workspace `check` resolves configs with (shared with the language server): `--config` and
/// `--isolated` as flags, and each config loaded with the run's `--rules`, `--ui-lang`, `--lang`
/// and `--level`.
fn workspace(args: &CheckArgs) -> Workspace {
    let flags = crate::server::Flags {
        config: args.common.config.clone(),
        isolated: args.common.isolated,
    };
    let (lang, level) = (args.lang.clone(), args.level.clone());
    Workspace::new(
        flags,
        super::loader(args.common.clone(), move |rules, settings| {
            apply_flags(lang.as_deref(), &level, rules, settings)
        }),
    )
}

/// Each input's profile: `profiles[of[i]]` lints `inputs[i]`; `profiles[0]` is `root`, the run's
/// own. A file walked into below a nested config is also left out when that config's `include`
/// or `exclude` (written from its folder) says so.
#[allow(clippy::type_complexity)]
fn profiles_of(
    args: &CheckArgs,
    workspace: &mut Workspace,
    root: Arc<Profile>,
    inputs: Vec<Input>,
) -> Result<(Vec<Input>, Vec<usize>, Vec<Arc<Profile>>), Error> {
    let mut profiles = vec![root];
    let mut by_dir: HashMap<PathBuf, usize> = HashMap::new();
    let mut filters: HashMap<usize, walk::Filter> = HashMap::new();
    let named: HashSet<&Path> = args.paths.iter().map(Path::new).collect();
    let mut kept = Vec::with_capacity(inputs.len());
    let mut of = Vec::with_capacity(inputs.len());
    for input in inputs {
        let file = match &input {
            Input::File(p) => Some(config::absolute(p)),
            Input::Stdin(name) if args.stdin_filename.is_some() => {
                Some(config::absolute(Path::new(name)))
            }
            _ => None,
        };
        let Some(dir) = file.as_deref().and_then(Path::parent) else {
            kept.push(input);
            of.push(0);
            continue;
        };
        let k = match by_dir.get(dir) {
            Some(&k) => k,
            None => {
                let profile = workspace.load(workspace.config_for(Some(dir)))?;
                let k = match profiles.iter().position(|p| Arc::ptr_eq(p, &profile)) {
                    Some(k) => k,
                    None => {
                        profiles.push(profile);
                        profiles.len() - 1
                    }
                };
                by_dir.insert(dir.to_path_buf(), k);
                k
            }
        };
        if k != 0
            && let Input::File(p) = &input
            && !named.contains(p.as_path())
            && let (Some(file), Some(base)) = (&file, profiles[k].base())
            && let Ok(rel) = file.strip_prefix(config::absolute(base))
        {
            let s = &profiles[k].settings;
            let filter = filters
                .entry(k)
                .or_insert_with(|| walk::Filter::new(&s.include.0, &s.exclude.0));
            if !filter.admits(rel) {
                continue;
            }
        }
        kept.push(input);
        of.push(k);
    }
    Ok((kept, of, profiles))
}

/// Apply `--lang` and `--level` to a config's settings.
fn apply_flags(
    lang: Option<&str>,
    level_flags: &[String],
    rules: &RuleSet,
    settings: &mut Settings,
) -> Result<(), Error> {
    if let Some(lang) = lang {
        let value = config::parse_lang(lang)
            .ok_or_else(|| Error::Usage(format!("--lang must be auto, zh or en, not `{lang}`")))?;
        settings.lang = (value, Origin::Flag("--lang"));
    }
    for spec in level_flags {
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
            return Err(unknown_rule(rules, id, "--level"));
        }
        settings
            .levels
            .push((id.to_string(), level, Origin::Flag("--level")));
    }
    Ok(())
}

/// `--select` and `--ignore` name known rules or families.
fn check_names(args: &CheckArgs, rules: &RuleSet) -> Result<(), Error> {
    for name in args.select.iter().chain(&args.ignore) {
        if !rules.knows(name) {
            let flag = if args.select.contains(name) {
                "--select"
            } else {
                "--ignore"
            };
            return Err(unknown_rule(rules, name, flag));
        }
    }
    Ok(())
}

/// Apply `--select` and `--ignore` to a config's levels.
fn select_ignore(args: &CheckArgs, rules: &RuleSet, mut levels: Vec<Level>) -> Vec<Level> {
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
    levels
}

/// Lint one chunk of inputs. One file (an editor, a pre-commit hook on one change) is linted on
/// this thread: starting rayon's pool would cost more than the file.
fn lint_chunk(
    chunk: &[Input],
    of: &[usize],
    profiles: &[Arc<Profile>],
    engines: &[Engine<'_>],
    keep_text: bool,
) -> Vec<FileReport> {
    let lint_one = |(input, &k): (&Input, &usize)| {
        lint_input(input, &profiles[k].settings, &engines[k], keep_text)
    };
    if chunk.len() <= 1 {
        return chunk.iter().zip(of).map(lint_one).collect();
    }
    chunk.par_iter().zip(of).map(lint_one).collect()
}

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
    settings: &Settings,
    engine: &Engine<'_>,
    keep_text: bool,
) -> FileReport {
    let mut report = match input {
        Input::File(path) => lint::lint_path(path, &shown(input), settings, engine),
        Input::Stdin(name) => lint::lint_stdin(name, settings, engine),
        Input::Missing(path, reason) => FileReport::unreadable(path, reason.clone()),
    };
    if !keep_text {
        report.text = String::new();
    }
    report
}

/// Say on `err` which files could not be read; whether any could not.
fn read_errors(reports: &[FileReport], err: &mut dyn Write) -> bool {
    let mut failed = false;
    for r in reports {
        if let Some(reason) = &r.error {
            failed = true;
            let _ = writeln!(err, "error: cannot read {}: {reason}", r.path);
        }
    }
    failed
}

/// An unreadable file fails the run whatever `io/unreadable`'s level: SPEC §7 (stable) counts it
/// among the failed runs, and CI must not pass a file it never read. When the rule was turned off
/// (`--ignore`, `[rules]`, `--level`), say so instead of ignoring the setting silently.
fn note_unreadable_off(rules: &RuleSet, levels: &[Level], err: &mut dyn Write) {
    let off = rules
        .rules
        .iter()
        .position(|r| r.id == "io/unreadable")
        .is_some_and(|i| levels.get(i) == Some(&Level::Off));
    if off {
        let _ = writeln!(
            err,
            "note: io/unreadable is off, but a file that cannot be read still fails the run (exit 2); \
             exclude it or fix the path"
        );
    }
}

/// `--write-baseline` records every finding and then hides them all; `--baseline` hides the recorded ones.
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
