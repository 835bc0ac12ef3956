//! `servicelint check`: the check pipeline (walk, lint in parallel, cross-document checks, baseline, report) and its exit code.

use super::args::{CheckArgs, exit};
use super::{Setup, setup, unknown_rule};
use crate::config::{self, Origin, UiLang};
use crate::engine::Engine;
use crate::error::Error;
use crate::finding::{FileReport, Level};
use crate::input::walk::{self, Input};
use crate::model::Lang;
use crate::report::{self, Format, Style};
use crate::ruleset::{self};
use crate::run as lint;
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

pub(crate) fn check(
    args: CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Error> {
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
        Input::Missing(path, reason) => FileReport::unreadable(path, reason.clone()),
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
    let mut facts = crate::engine::cross::FactStore::default();
    let mut index = crate::engine::cross::ConsistencyIndex::default();
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
