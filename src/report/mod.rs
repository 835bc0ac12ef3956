//! Reporters: one file per output format, all drawing the same findings; they write, never print.
//!
//! A new format is one file here (a type implementing [`Reporter`], which declares its [`Needs`])
//! and one line in the `formats!` list below, which makes the module, the [`Format`] variant and
//! the dispatch.

pub use crate::finding::Summary;

use crate::finding::FileReport;
use crate::ruleset::doc::RuleInfo;
use std::io::Write;

/// What a format needs from the run; the check pipeline reads only this, never the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    /// Files can be written a chunk at a time: chunks written one after another (quiet) and then
    /// [`Reporter::write_end`] give what one write of every file gives, so large runs stream.
    pub streams: bool,
    /// Reads a file's text after it is linted (snippets, fingerprints); otherwise the run drops it.
    pub text: bool,
    /// Reads the run's rule table; otherwise the run passes an empty one.
    pub rules: bool,
}

/// An output format.
pub trait Reporter {
    /// What the format needs from the run.
    const NEEDS: Needs;

    /// Write `reports`; `rules` is the run's rule table ([`crate::ruleset::doc::rule_infos`]).
    fn write(
        reports: &[FileReport],
        rules: &[RuleInfo],
        style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()>;

    /// After the last chunk of a streamed run: what a whole write puts after the findings (a
    /// summary line), for the run's `summary`. Only formats that stream need it.
    fn write_end(_summary: &Summary, _style: Style, _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }
}

/// The list of formats: `Variant => module::Reporter`, each with the doc line `--help` shows.
macro_rules! formats {
    ($($(#[doc = $doc:literal])* $variant:ident => $module:ident :: $reporter:ident,)*) => {
        $(pub mod $module;)*

        /// Output formats.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
        pub enum Format {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Format {
            /// What the format needs from the run.
            pub const fn needs(self) -> Needs {
                match self {
                    $(Format::$variant => <$module::$reporter as Reporter>::NEEDS,)*
                }
            }

            /// Render `reports` in this format ([`Reporter::write`]), through a buffer (standard
            /// output would otherwise be written line by line).
            pub fn write(
                self,
                reports: &[FileReport],
                rules: &[RuleInfo],
                style: Style,
                out: &mut dyn Write,
            ) -> std::io::Result<()> {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
                match self {
                    $(Format::$variant => <$module::$reporter as Reporter>::write(reports, rules, style, &mut out)?,)*
                }
                out.flush()
            }

            /// Close a streamed run ([`Reporter::write_end`]).
            pub fn write_end(
                self,
                summary: &Summary,
                style: Style,
                out: &mut dyn Write,
            ) -> std::io::Result<()> {
                match self {
                    $(Format::$variant => <$module::$reporter as Reporter>::write_end(summary, style, out),)*
                }
            }
        }
    };
}

formats! {
    /// miette graphical report (default on a terminal).
    Pretty => pretty::Pretty,
    /// `path:line:col: level[rule] message` (default when piped).
    Concise => concise::Concise,
    /// JSON, version 1.
    Json => json::Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif => sarif::Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations.
    Github => github::Github,
    /// JUnit XML: one test suite per file, one test case per finding (a failure when it fails the run).
    Junit => junit::Junit,
    /// GitLab Code Quality JSON, for the merge request widget.
    Gitlab => gitlab::Gitlab,
    /// One self-contained HTML page for trainers: service types, coverage, highlighted findings.
    Html => html::Html,
}

/// Options every reporter may use.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Leave out the summary.
    pub quiet: bool,
    /// Warnings fail the run too (`--deny-warnings`): formats that mark failures (JUnit) mark them.
    pub deny_warnings: bool,
    /// The human-readable formats' own words (summary line, labels, units) in Chinese: under
    /// `--ui-lang zh` only (English otherwise, whatever the documents' language).
    pub zh: bool,
    /// The width the pretty output wraps to (None: 100): [`crate::cli::output_width`].
    pub width: Option<usize>,
}

/// What a CI format says of a file it could not read (the `io/unreadable` issue or annotation).
pub fn unreadable_message(path: &str, error: &str) -> String {
    format!("cannot read {path}: {error}")
}

/// A path for CI tools: forward slashes, no leading `./`.
pub fn ci_path(path: &str) -> String {
    crate::finding::normalise_path(path)
}

/// A run to compare writers on, for the reporters' tests.
#[cfg(test)]
pub(crate) mod samples {
    use crate::finding::FileReport;
    use crate::ruleset::doc::RuleInfo;

    /// The examples, linted in process, and a generated file heavy in findings (characters outside
    /// the BMP, CRLF, a long line, related places in other files, an unreadable file).
    pub(crate) fn run() -> (Vec<FileReport>, Vec<RuleInfo>) {
        use crate::engine::Engine;
        use crate::ruleset::RuleSet;
        let rules = RuleSet::builtin().expect("built-in rules");
        let engine = Engine::with_defaults(&rules);
        let settings =
            crate::config::Settings::resolve(&crate::config::Loaded::default(), Some(&rules))
                .expect("settings");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut paths = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("examples").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        let mut reports: Vec<FileReport> = paths
            .iter()
            .map(|p| {
                let shown = p.strip_prefix(&root).unwrap_or(p).display().to_string();
                crate::run::lint_path(p, &shown, &settings, &engine)
            })
            .collect();
        let mut heavy = String::from("# 服务规范 😀\r\n\r\n");
        for i in 0..300 {
            heavy.push_str(&format!(
                "{}. 客服：𠀀您好，这个我不知道，我们会尽快回复 [见附表]。电话铃响{}声内接听。\r\n",
                i + 1,
                2 + i % 4
            ));
        }
        heavy.push_str(&"我们会尽快回复您，不知道的问题请稍等。".repeat(200));
        heavy.push('\n');
        reports.push(crate::run::lint_bytes(
            "gen/heavy 1.md",
            heavy.as_bytes(),
            &settings,
            &engine,
        ));
        reports.push(crate::run::lint_bytes(
            "gen/other.md",
            "# 门店规范\n\n1. 电话铃响5声内接听。\n2. 投诉24小时内回复。\n".as_bytes(),
            &settings,
            &engine,
        ));
        reports.push(FileReport::unreadable("gone.md", "No such file".into()));
        engine.cross_check(&mut reports);
        let infos = crate::ruleset::doc::rule_infos(&rules, &engine.levels, crate::model::Lang::En);
        (reports, infos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Level};
    use crate::span::{Position, Span};
    use clap::ValueEnum;

    fn sample() -> Vec<FileReport> {
        let text = "客服：我不知道。\n顾客：好吧。\n".to_string();
        let start = text.find("不知道").unwrap_or(0);
        let finding = |rule: &str, level| Finding {
            rule: rule.to_string(),
            level,
            span: Span::new(start, start + "不知道".len()),
            message: "消极用语".into(),
            help: Some("说能做什么".into()),
            suggestion: Some("我帮您确认一下".into()),
            labels: Vec::new(),
            related: Vec::new(),
            start: Position { line: 1, column: 5 },
            end: Position { line: 1, column: 8 },
            location: None,
        };
        let mut a = FileReport::unreadable("a.md", String::new());
        a.error = None;
        a.text = text.clone();
        a.findings = vec![
            finding("phrasing/negative", Level::Warning),
            finding("greeting/missing", Level::Error),
        ];
        let mut b = FileReport::unreadable("b/c.md", String::new());
        b.error = None;
        b.text = text;
        b.findings = vec![finding("time/vague", Level::Info)];
        let missing = FileReport::unreadable("gone.md", "No such file".into());
        vec![a, b, missing]
    }

    fn render(format: Format, reports: &[FileReport], style: Style) -> Vec<u8> {
        let mut out = Vec::new();
        format.write(reports, &[], style, &mut out).expect("vec");
        out
    }

    /// What `streams` promises: a chunk at a time (quiet), then the end, is one whole write.
    #[test]
    fn formats_that_stream_write_chunks_as_one_whole() {
        let reports = sample();
        for &format in Format::value_variants() {
            if !format.needs().streams {
                continue;
            }
            for quiet in [false, true] {
                let style = Style {
                    color: false,
                    quiet,
                    ..Style::default()
                };
                let whole = render(format, &reports, style);
                let mut chunked = Vec::new();
                for chunk in reports.chunks(1) {
                    chunked.extend(render(
                        format,
                        chunk,
                        Style {
                            quiet: true,
                            ..style
                        },
                    ));
                }
                format
                    .write_end(&Summary::of(&reports), style, &mut chunked)
                    .expect("vec");
                assert_eq!(
                    String::from_utf8_lossy(&whole),
                    String::from_utf8_lossy(&chunked),
                    "{format:?}"
                );
            }
        }
    }

    /// What `text: false` promises: the output does not change when the text is dropped.
    #[test]
    fn formats_that_do_not_need_the_text_ignore_it() {
        let reports = sample();
        let mut dropped = sample();
        for r in &mut dropped {
            r.text = String::new();
        }
        for &format in Format::value_variants() {
            if format.needs().text {
                continue;
            }
            let style = Style::default();
            assert_eq!(
                render(format, &reports, style),
                render(format, &dropped, style),
                "{format:?}"
            );
        }
    }
}
