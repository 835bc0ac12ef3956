//! `servicelint check`: one pipeline (walk, lint in parallel a chunk at a time, cross-document
//! checks, baseline, report) and its exit code; streaming is a property of the run, not a second copy.

use super::args::{CheckArgs, exit};
use super::{Setup, setup, unknown_rule};
use crate::config::{self, Origin, Settings, UiLang};
use crate::engine::Engine;
use crate::error::Error;
use crate::finding::{FileReport, Level, Summary};
use crate::input::walk::{self, Input};
use crate::model::Lang;
use crate::report::{Format, Style};
use crate::ruleset::{self, RuleSet, doc};
use crate::run as lint;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

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
    let Setup {
        rules,
        mut settings,
        ..
    } = setup(&args.common)?;
    let levels = levels(&args, &rules, &mut settings)?;
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
    let mut cross = Cross::default();
    // Streamed chunks are written quietly; the summary comes once, after the last file.
    let chunk_style = Style {
        quiet: true,
        ..style
    };
    for (c, chunk) in inputs.chunks(chunk_size).enumerate() {
        let reports = lint_chunk(chunk, &settings, &engine, keep_text);
        if !stream {
            // A whole run is one chunk.
            kept = reports;
            continue;
        }
        format.write(&reports, &[], chunk_style, out).map_err(io)?;
        tally.add(&reports, true);
        tally.failed |= read_errors(&reports, err);
        cross.keep(c * CHUNK, &reports);
    }

    if stream {
        let shown_of = |i: u32| shown(&inputs[i as usize]);
        cross.each_inconsistent(&engine, shown_of, |one| {
            format.write(one, &[], chunk_style, out).map_err(io)?;
            tally.add(one, false);
            Ok(())
        })?;
        format.write_end(&tally.summary, style, out).map_err(io)?;
    } else {
        Cross::check_all(&engine, &mut kept);
        apply_baseline(&args, baseline.as_ref(), &mut kept, err)?;
        let infos = if needs.rules {
            let lang = if settings.ui_lang.0 == UiLang::Zh {
                Lang::Zh
            } else {
                Lang::En
            };
            doc::rule_infos(&rules, &engine.levels, lang)
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
        note_unreadable_off(&rules, &engine.levels, err);
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
    /// Add the cross-document findings to every report of a whole run.
    fn check_all(engine: &Engine<'_>, reports: &mut [FileReport]) {
        engine.cross_check(reports);
    }

    /// Keep the facts of a streamed chunk whose first input is `first`.
    fn keep(&mut self, first: usize, reports: &[FileReport]) {
        for (i, r) in reports.iter().enumerate() {
            if !r.facts.is_empty() {
                self.index.add(r);
                self.facts.add((first + i) as u32, r);
            }
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

/// Apply `--lang`, `--level`, `--select` and `--ignore` to the settings; the level of every rule.
fn levels(args: &CheckArgs, rules: &RuleSet, settings: &mut Settings) -> Result<Vec<Level>, Error> {
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
            return Err(unknown_rule(rules, id, "--level"));
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
            return Err(unknown_rule(rules, name, flag));
        }
    }
    let mut levels = settings.levels_for(rules);
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
    Ok(levels)
}

/// Lint one chunk of inputs. One file (an editor, a pre-commit hook on one change) is linted on
/// this thread: starting rayon's pool would cost more than the file.
fn lint_chunk(
    chunk: &[Input],
    settings: &Settings,
    engine: &Engine<'_>,
    keep_text: bool,
) -> Vec<FileReport> {
    let lint_one = |input: &Input| lint_input(input, settings, engine, keep_text);
    if chunk.len() <= 1 {
        return chunk.iter().map(lint_one).collect();
    }
    chunk.par_iter().map(lint_one).collect()
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
