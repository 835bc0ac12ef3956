//! The other subcommands: `rules`, `explain`, `init`, `config`, `check-rules`.

use super::args::*;
use super::{setup, unknown_rule};
use crate::config::{self, Origin, UiLang};
use crate::engine::check_examples;
use crate::error::Error;
use crate::finding::Level;
use crate::model::Lang;
use crate::ruleset::{self, RuleSet, doc};
use std::io::Write;

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

pub(crate) fn rules(args: RulesArgs, out: &mut dyn Write) -> Result<u8, Error> {
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

pub(crate) fn explain(args: ExplainArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let setup = setup(&args.common)?;
    // A pseudo-topic: how the two scores and the service type are worked out.
    if args.id == "scores" && setup.rules.get("scores").is_none() {
        let lang = text_lang(setup.settings.ui_lang.0);
        let text = crate::score::explanation(lang, setup.settings.quality_threshold.0);
        out.write_all(text.as_bytes()).map_err(|e| Error::Io {
            path: "<stdout>".into(),
            reason: e.to_string(),
        })?;
        return Ok(exit::OK);
    }
    let lang = text_lang(setup.settings.ui_lang.0);
    let text = match setup.rules.get(&args.id) {
        Some(rule) => doc::explanation(rule, lang),
        // A family (`explain greeting`): its rules, one a line, and how to read each.
        None if setup.rules.knows(&args.id) => {
            let levels = setup.settings.levels_for(&setup.rules);
            let mut text = format!("{}: {} rules\n\n", args.id, {
                setup
                    .rules
                    .rules
                    .iter()
                    .filter(|r| r.family() == args.id)
                    .count()
            });
            for (i, rule) in setup.rules.rules.iter().enumerate() {
                if rule.family() == args.id {
                    text.push_str(&format!(
                        "{:<28} {:<8} {}\n",
                        rule.id,
                        levels[i].as_str(),
                        rule.summary.get(lang)
                    ));
                }
            }
            text.push_str(&format!(
                "\n`servicelint explain {}/…` explains one of them.\n",
                args.id
            ));
            text
        }
        None => return Err(unknown_rule(&setup.rules, &args.id, "explain")),
    };
    out.write_all(text.as_bytes()).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    Ok(exit::OK)
}

/// The starter config up to the `include` line, which is written from [`config::default_include`].
const STARTER_HEAD: &str =
    "# servicelint configuration. Every key is optional; these are the defaults unless noted.
# Docs: docs/config.md

# Files linted when a folder is walked.
";

/// The starter config after the `include` line.
const STARTER_TAIL: &str = r#"# Files and folders skipped.
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

pub(crate) fn init(args: InitArgs, out: &mut dyn Write) -> Result<u8, Error> {
    if args.path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; not overwriting it",
            args.path.display()
        )));
    }
    std::fs::write(&args.path, starter_config()).map_err(|e| Error::Io {
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
pub fn starter_config() -> String {
    format!(
        "{STARTER_HEAD}include = {:?}\n{STARTER_TAIL}",
        config::default_include()
    )
}

/// A TOML string literal.
fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML array of strings.
fn toml_strs(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", items.join(", "))
}

/// `servicelint config`: the resolved settings as a valid servicelint.toml, each value with a
/// comment saying where it came from (`default`, the file, a flag).
pub(crate) fn show_config(args: CommonArgs, out: &mut dyn Write) -> Result<u8, Error> {
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
    text.push_str("# The resolved settings: valid as a servicelint.toml.\n");
    text.push_str(&format!("# config file: {file}\n"));
    text.push_str(&format!(
        "include = {}    # {}\n",
        toml_strs(&s.include.0),
        s.include.1
    ));
    text.push_str(&format!(
        "exclude = {}    # {}\n",
        toml_strs(&s.exclude.0),
        s.exclude.1
    ));
    text.push_str(&format!(
        "lang = \"{}\"    # {}\n",
        s.lang.0.map_or("auto", |l| l.as_str()),
        s.lang.1
    ));
    let ui = s.ui_lang.0.as_str();
    text.push_str(&format!("ui-lang = \"{ui}\"    # {}\n", s.ui_lang.1));
    text.push_str(&format!(
        "max-file-size = {}    # {}\n",
        s.max_file_size.0, s.max_file_size.1
    ));
    let dirs: Vec<String> = s
        .rule_dirs
        .iter()
        .map(|(d, _)| d.display().to_string())
        .collect();
    let origins: Vec<String> = s.rule_dirs.iter().map(|(_, o)| o.to_string()).collect();
    text.push_str(&format!(
        "rule-dirs = {}    # {}\n",
        toml_strs(&dirs),
        if origins.is_empty() {
            "default".to_string()
        } else {
            origins.join(", ")
        }
    ));
    text.push_str("\n[speakers]\n");
    text.push_str(&format!(
        "agent = {}    # {}\n",
        toml_strs(&s.agent_labels.0),
        s.agent_labels.1
    ));
    text.push_str(&format!(
        "customer = {}    # {}\n",
        toml_strs(&s.customer_labels.0),
        s.customer_labels.1
    ));
    text.push_str("\n[time]\n");
    text.push_str(&format!(
        "ring-seconds = {:?}    # {}\n",
        s.ring_seconds.0, s.ring_seconds.1
    ));
    text.push_str("\n[time.limits]\n");
    // The rules' default limits, then the file's, which replace them moment by moment.
    let mut limits: Vec<(String, String, String)> = Vec::new();
    for rule in &setup.rules.rules {
        if let crate::check::Check::TimeLimit(clauses) = &rule.check {
            for c in clauses {
                for (moment, _, _, written) in &c.limits {
                    if !limits.iter().any(|(m, _, _)| m == moment) {
                        limits.push((
                            moment.clone(),
                            written.clone(),
                            format!("default ({})", rule.id),
                        ));
                    }
                }
            }
        }
    }
    for (moment, limit, origin) in &s.time_limits {
        limits.retain(|(m, _, _)| m != moment);
        limits.push((moment.clone(), limit.clone(), origin.to_string()));
    }
    limits.sort();
    for (moment, limit, origin) in &limits {
        text.push_str(&format!("{moment} = {}    # {origin}\n", toml_str(limit)));
    }
    for (glob, kind) in &s.kinds {
        text.push_str(&format!(
            "\n[[kinds]]\nglob = {}\nkind = \"{}\"\n",
            toml_str(glob),
            kind.as_str()
        ));
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
            toml_str(&rule.id),
            format!("\"{}\"", levels[i].as_str())
        ));
    }
    // A team's phrases, each with the rule's own list it joins (shown only when written).
    for v in &s.vocabulary {
        let origin = v
            .origin
            .as_ref()
            .map_or("default".to_string(), |p| p.display().to_string());
        let kind = setup.rules.get(&v.rule).map_or("", |r| r.check.kind_name());
        text.push_str(&format!(
            "\n[vocabulary.{}]    # {kind}\n",
            toml_str(&v.rule)
        ));
        if !v.extend.is_empty() {
            text.push_str(&format!(
                "extend = {}    # {origin}: found with the rule's own phrases\n",
                toml_strs(&v.extend)
            ));
        }
        if !v.allow.is_empty() {
            text.push_str(&format!(
                "allow = {}    # {origin}: added to the rule's allow list\n",
                toml_strs(&v.allow)
            ));
        }
    }
    out.write_all(text.as_bytes()).map_err(|e| Error::Io {
        path: "<stdout>".into(),
        reason: e.to_string(),
    })?;
    Ok(exit::OK)
}

pub(crate) fn check_rules(args: CheckRulesArgs, out: &mut dyn Write) -> Result<u8, Error> {
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

/// `servicelint server`: the language server, loading each config with the same setup as `check`.
pub(crate) fn server(args: CommonArgs) -> Result<u8, Error> {
    let flags = crate::server::Flags {
        config: args.config.clone(),
        isolated: args.isolated,
    };
    crate::server::run(flags, super::loader(args, |_, _| Ok(())))
}
