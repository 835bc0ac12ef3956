//! Rule packs: load rule files (built-in, embedded at build time, and user folders), validate them,
//! and compile their phrases into one matcher.

pub mod doc;
pub mod schema;

use crate::check::{self, Applies, Check};
use crate::error::{FileError, RuleErrors};
use crate::finding::Level;
use crate::matcher::{Matcher, MatcherBuilder, PatternUse, UseRole};
use crate::model::Lang;
use schema::{CheckSpec, PhraseEntry, PhraseSet, Phrases, RegexSet, RuleFile, Text, entries};
use std::collections::HashMap;
use std::path::Path;
use toml::Spanned;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

/// A text in both languages.
#[derive(Clone, Debug, Default)]
pub struct Bilingual {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Bilingual {
    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    fn from(text: &Text) -> Self {
        Bilingual {
            zh: text.zh.get_ref().trim().to_string(),
            en: text.en.get_ref().trim().to_string(),
        }
    }
}

/// One loaded rule.
#[derive(Debug)]
pub struct Rule {
    /// `family/name`.
    pub id: String,
    /// One line.
    pub summary: Bilingual,
    /// The finding's message template.
    pub message: Bilingual,
    /// The better practice.
    pub help: Bilingual,
    /// The standard behind the rule.
    pub rationale: Bilingual,
    /// Default level.
    pub level: Level,
    /// Whether it runs by default.
    pub enabled: bool,
    /// The compiled check.
    pub check: Check,
    /// Documents that must fire the rule.
    pub bad: Vec<String>,
    /// Documents that must not.
    pub good: Vec<String>,
    /// Where the rule came from (`rules/apology/order.toml`, or a user path).
    pub path: String,
    /// Whether it is part of the built-in pack.
    pub builtin: bool,
}

impl Rule {
    /// The family: the part of the id before the slash.
    pub fn family(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }

    /// The default level as run: `off` when not enabled by default.
    pub fn default_level(&self) -> Level {
        if self.enabled { self.level } else { Level::Off }
    }
}

/// A rule file's text before it is parsed.
#[derive(Clone, Debug)]
pub struct RuleSource {
    /// `family/name`.
    pub id: String,
    /// Path to show in errors.
    pub path: String,
    /// File contents.
    pub text: String,
    /// Whether it is built in.
    pub builtin: bool,
}

/// The built-in rule files.
pub fn builtin_sources() -> Vec<RuleSource> {
    builtin::BUILTIN
        .iter()
        .map(|(id, path, text)| RuleSource {
            id: id.to_string(),
            path: path.to_string(),
            text: text.to_string(),
            builtin: true,
        })
        .collect()
}

/// Read every `*.toml` under a rule folder; the id is the path relative to it, without `.toml`.
pub fn read_dir(dir: &Path) -> Result<Vec<RuleSource>, crate::error::Error> {
    if !dir.is_dir() {
        return Err(crate::error::Error::Io {
            path: dir.display().to_string(),
            reason: "not a folder of rule files".into(),
        });
    }
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = entry.map_err(|e| crate::error::Error::Io {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let id = rel.with_extension("").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|e| crate::error::Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        sources.push(RuleSource {
            id,
            path: path.display().to_string(),
            text,
            builtin: false,
        });
    }
    Ok(sources)
}

/// A loaded, compiled rule pack.
pub struct RuleSet {
    /// The rules, built-in first, each pack sorted by id.
    pub rules: Vec<Rule>,
    /// Every phrase of every rule.
    pub matcher: Matcher,
    index: HashMap<String, usize>,
}

impl std::fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuleSet")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl RuleSet {
    /// Load the built-in pack alone.
    pub fn builtin() -> Result<RuleSet, RuleErrors> {
        RuleSet::load(builtin_sources())
    }

    /// Parse, validate and compile rule sources; every problem is collected and reported at once.
    pub fn load(sources: Vec<RuleSource>) -> Result<RuleSet, RuleErrors> {
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        let mut specs = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for source in &sources {
            if let Some(first) = seen.get(&source.id) {
                errors.push(
                    FileError::new(
                        &source.path,
                        &source.text,
                        0..0,
                        format!("duplicate rule id `{}`", source.id),
                    )
                    .help(format!(
                        "`{first}` already defines it; rename one of the files"
                    )),
                );
                continue;
            }
            seen.insert(source.id.clone(), source.path.clone());
            if let Some(problem) = id_problem(&source.id) {
                errors.push(FileError::new(&source.path, &source.text, 0..0, problem).help(
                    "rule files live at <family>/<name>.toml, with lowercase letters, digits and dashes",
                ));
                continue;
            }
            match toml::from_str::<RuleFile>(&source.text) {
                Ok(file) => match compile(source, &file) {
                    Ok(rule) => {
                        rules.push(rule);
                        specs.push(file);
                    }
                    Err(mut e) => errors.append(&mut e),
                },
                Err(e) => {
                    let span = e.span().unwrap_or(0..0);
                    errors.push(FileError::new(
                        &source.path,
                        &source.text,
                        span,
                        e.message().to_string(),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(RuleErrors {
                count: errors.len(),
                errors,
            });
        }
        let mut builder = MatcherBuilder::default();
        for (r, file) in specs.iter().enumerate() {
            add_phrases(&mut builder, r as u32, &file.check);
        }
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Ok(RuleSet {
            rules,
            matcher: builder.build(),
            index,
        })
    }

    /// A rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.index.get(id).map(|&i| &self.rules[i])
    }

    /// The index of a rule by id.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Whether a name is a rule id or a family of rule ids.
    pub fn knows(&self, name: &str) -> bool {
        self.index.contains_key(name) || self.rules.iter().any(|r| r.family() == name)
    }

    /// The known id or family closest to a misspelt name, for "did you mean".
    pub fn suggest(&self, name: &str) -> Option<String> {
        let mut names: Vec<&str> = self.rules.iter().map(|r| r.id.as_str()).collect();
        names.extend(self.rules.iter().map(|r| r.family()));
        names
            .into_iter()
            .map(|n| (edit_distance(n, name), n))
            .filter(|(d, n)| *d <= (n.len() / 3).max(2))
            .min()
            .map(|(_, n)| n.to_string())
    }
}

fn id_problem(id: &str) -> Option<String> {
    let parts: Vec<&str> = id.split('/').collect();
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if parts.len() != 2 || !parts.iter().all(|p| ok_part(p)) {
        Some(format!("`{id}` is not a rule id of the form family/name"))
    } else {
        None
    }
}

fn compile(source: &RuleSource, file: &RuleFile) -> Result<Rule, Vec<FileError>> {
    let mut errors = Vec::new();
    let err = |span: std::ops::Range<usize>, msg: String| {
        FileError::new(&source.path, &source.text, span, msg)
    };
    let check = match file.check.get_ref() {
        CheckSpec::Forbid(clauses) => Check::Forbid(
            clauses
                .0
                .iter()
                .map(|c| {
                    let regex = check_regexes(&mut errors, &err, c.regex.as_ref());
                    require_phrases(&mut errors, &err, &c.zh, &c.en, regex, "forbid");
                    check_set(&mut errors, &err, c.allow.as_ref());
                    check_set(&mut errors, &err, c.section.as_ref());
                    check::forbid::Forbid {
                        scope: c.scope,
                        applies: Applies {
                            kinds: c.kinds.clone(),
                            section: c.section.is_some(),
                        },
                    }
                })
                .collect(),
        ),
        CheckSpec::Require(clauses) => Check::Require(
            clauses
                .0
                .iter()
                .map(|c| {
                    let regex = check_regexes(&mut errors, &err, c.regex.as_ref());
                    require_phrases(&mut errors, &err, &c.zh, &c.en, regex, "require");
                    check_set(&mut errors, &err, c.when.as_ref());
                    check_set(&mut errors, &err, c.except.as_ref());
                    check_set(&mut errors, &err, c.section.as_ref());
                    check::require::Require {
                        scope: c.scope,
                        applies: Applies {
                            kinds: c.kinds.clone(),
                            section: c.section.is_some(),
                        },
                        when: c.when.is_some(),
                        when_scope: c.when_scope,
                    }
                })
                .collect(),
        ),
        CheckSpec::Sequence(clauses) => Check::Sequence(
            clauses
                .0
                .iter()
                .map(|c| {
                    if c.steps.len() < 2 {
                        errors.push(err(
                            file.check.span(),
                            "a sequence needs at least two steps".into(),
                        ));
                    }
                    for step in &c.steps {
                        require_phrases(
                            &mut errors,
                            &err,
                            &step.zh,
                            &step.en,
                            false,
                            "sequence step",
                        );
                    }
                    check_set(&mut errors, &err, c.when.as_ref());
                    check_set(&mut errors, &err, c.section.as_ref());
                    check::sequence::Sequence {
                        scope: c.scope,
                        applies: Applies {
                            kinds: c.kinds.clone(),
                            section: c.section.is_some(),
                        },
                        when: c.when.is_some(),
                        when_scope: c.when_scope,
                        mode: c.mode,
                        min_present: c.min_present,
                        names: c
                            .steps
                            .iter()
                            .map(|s| (s.name.zh.get_ref().clone(), s.name.en.get_ref().clone()))
                            .collect(),
                    }
                })
                .collect(),
        ),
        CheckSpec::TimePlaceholder(clauses) => Check::TimePlaceholder(
            clauses
                .0
                .iter()
                .map(|c| {
                    check_set(&mut errors, &err, c.section.as_ref());
                    check::time_placeholder::TimePlaceholder {
                        applies: Applies {
                            kinds: c.kinds.clone(),
                            section: c.section.is_some(),
                        },
                    }
                })
                .collect(),
        ),
        CheckSpec::TimeVague(clauses) => Check::TimeVague(
            clauses
                .0
                .iter()
                .map(|c| {
                    for set in [
                        Some(&c.vague),
                        Some(&c.commitments),
                        c.allow.as_ref(),
                        c.negations.as_ref(),
                        c.section.as_ref(),
                    ] {
                        check_set(&mut errors, &err, set);
                    }
                    check::time_vague::TimeVague {
                        applies: Applies {
                            kinds: c.kinds.clone(),
                            section: c.section.is_some(),
                        },
                    }
                })
                .collect(),
        ),
        CheckSpec::TimeMissing(clauses) => Check::TimeMissing(
            clauses
                .0
                .iter()
                .map(|c| check::time_missing::TimeMissing {
                    applies: Applies {
                        kinds: Some(
                            c.kinds
                                .clone()
                                .unwrap_or_else(|| vec![crate::model::Kind::Sop]),
                        ),
                        section: false,
                    },
                    moments: moments(&mut errors, &err, &c.moments),
                    min_items: c.min_items,
                })
                .collect(),
        ),
        CheckSpec::TimeLimit(clauses) => Check::TimeLimit(
            clauses
                .0
                .iter()
                .map(|c| {
                    let moments = moments(&mut errors, &err, &c.moments);
                    let mut limits = Vec::new();
                    for (id, text) in &c.limits {
                        if !moments.iter().any(|m| &m.id == id) {
                            errors
                                .push(err(text.span(), format!("limit for unknown moment `{id}`")));
                        }
                        match crate::time::parse_duration(text.get_ref()) {
                            Ok((value, unit)) => {
                                limits.push((id.clone(), value, unit, text.get_ref().clone()))
                            }
                            Err(e) => errors.push(err(text.span(), e)),
                        }
                    }
                    check::time_limit::TimeLimit {
                        applies: Applies::default(),
                        moments,
                        limits,
                    }
                })
                .collect(),
        ),
        CheckSpec::TimeConsistency(clauses) => Check::TimeConsistency(
            clauses
                .0
                .iter()
                .map(|c| check::time_consistency::TimeConsistency {
                    moments: moments(&mut errors, &err, &c.moments),
                })
                .collect(),
        ),
        CheckSpec::Engine(_) => Check::Engine,
    };
    for text in [&file.message.zh, &file.message.en] {
        for name in placeholders(text.get_ref()) {
            if !check.placeholders().contains(&name.as_str()) {
                errors.push(
                    err(
                        text.span(),
                        format!("unknown placeholder `{{{name}}}` in message"),
                    )
                    .help(format!(
                        "a `{}` check fills: {}",
                        check.kind_name(),
                        check
                            .placeholders()
                            .iter()
                            .map(|p| format!("{{{p}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
    }
    for text in [&file.summary, &file.message, &file.help, &file.rationale] {
        for t in [&text.zh, &text.en] {
            if t.get_ref().trim().is_empty() {
                errors.push(err(t.span(), "text must not be empty".into()));
            }
        }
    }
    if !matches!(check, Check::Engine)
        && (file.examples.bad.is_empty() || file.examples.good.is_empty())
    {
        errors.push(
            err(
                file.check.span(),
                "a rule needs at least one bad and one good example".into(),
            )
            .help("add [examples] with bad = [\"…\"] and good = [\"…\"]"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Rule {
        id: source.id.clone(),
        summary: Bilingual::from(&file.summary),
        message: Bilingual::from(&file.message),
        help: Bilingual::from(&file.help),
        rationale: Bilingual::from(&file.rationale),
        level: file.level,
        enabled: file.enabled,
        check,
        bad: file
            .examples
            .bad
            .iter()
            .map(|s| s.get_ref().clone())
            .collect(),
        good: file
            .examples
            .good
            .iter()
            .map(|s| s.get_ref().clone())
            .collect(),
        path: source.path.clone(),
        builtin: source.builtin,
    })
}

type ErrFn<'a> = dyn Fn(std::ops::Range<usize>, String) -> FileError + 'a;

/// A phrase list that is written must hold phrases, and the two languages together at least one
/// (unless the clause has regular expressions instead).
fn require_phrases(
    errors: &mut Vec<FileError>,
    err: &ErrFn<'_>,
    zh: &Phrases,
    en: &Phrases,
    has_regex: bool,
    what: &str,
) {
    for list in [zh, en].into_iter().flatten() {
        if list.get_ref().is_empty() {
            errors.push(err(list.span(), format!("empty phrase list in {what}")));
        }
        if list.get_ref().iter().any(|e| e.phrase().trim().is_empty()) {
            errors.push(err(list.span(), format!("an empty phrase in {what}")));
        }
    }
    if zh.is_none() && en.is_none() && !has_regex {
        let also = if what == "forbid" || what == "require" {
            " (or `regex.zh` / `regex.en`)"
        } else {
            ""
        };
        errors.push(err(
            0..0,
            format!("{what} has no phrases: give `zh = [...]` and/or `en = [...]`{also}"),
        ));
    }
}

fn check_set(errors: &mut Vec<FileError>, err: &ErrFn<'_>, set: Option<&PhraseSet>) {
    if let Some(set) = set {
        require_phrases(errors, err, &set.zh, &set.en, false, "phrase set");
    }
}

/// How large a compiled regular expression may grow (the `regex` crate's `size_limit`): a pattern
/// such as `\w{1000}{1000}` is refused at load instead of taking memory and time on every file.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compile a rule file's regular expression; the error says why it is refused.
///
/// The `regex` crate matches in time linear in the text, whatever the pattern (it has no
/// look-around and no back-references), so a pattern that loads cannot make a run slow.
pub fn compile_regex(pattern: &str) -> Result<regex::Regex, String> {
    let re = regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => format!(
                "regex too large: compiled, it would exceed the {} KiB limit",
                limit / 1024
            ),
            regex::Error::Syntax(text) => {
                let reason = text
                    .lines()
                    .rev()
                    .find_map(|l| l.strip_prefix("error: "))
                    .unwrap_or(text.trim());
                format!("bad regex: {reason}")
            }
            other => format!("bad regex: {other}"),
        })?;
    if re.is_match("") {
        return Err("regex matches empty text, so it would match everywhere".into());
    }
    Ok(re)
}

/// Check a clause's `regex` table: each list holds patterns and each pattern compiles. Whether
/// the clause has any pattern at all.
fn check_regexes(errors: &mut Vec<FileError>, err: &ErrFn<'_>, set: Option<&RegexSet>) -> bool {
    let Some(set) = set else {
        return false;
    };
    if set.zh.is_none() && set.en.is_none() {
        errors.push(err(
            0..0,
            "`regex` has no patterns: give `regex.zh = [...]` and/or `regex.en = [...]`".into(),
        ));
    }
    for list in [&set.zh, &set.en].into_iter().flatten() {
        if list.get_ref().is_empty() {
            errors.push(err(list.span(), "empty regex list".into()));
        }
        for pattern in list.get_ref() {
            if let Err(reason) = compile_regex(pattern.get_ref()) {
                errors.push(err(pattern.span(), reason));
            }
        }
    }
    true
}

fn add_regexes(builder: &mut MatcherBuilder, rule: u32, clause: u16, set: Option<&RegexSet>) {
    let Some(set) = set else {
        return;
    };
    for (lang, list) in [(Lang::Zh, &set.zh), (Lang::En, &set.en)] {
        for pattern in list.iter().flat_map(|l| l.get_ref()) {
            // Checked at load: only patterns that compiled reach the builder.
            if let Ok(re) = compile_regex(pattern.get_ref()) {
                builder.add_regex(
                    re,
                    PatternUse {
                        rule,
                        clause,
                        role: UseRole::Phrase,
                        lang,
                        suggestion: None,
                    },
                );
            }
        }
    }
}

/// `{name}` tokens of a message.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            out.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

fn add_list(
    builder: &mut MatcherBuilder,
    rule: u32,
    clause: u16,
    role: UseRole,
    zh: &[PhraseEntry],
    en: &[PhraseEntry],
) {
    for (lang, list) in [(Lang::Zh, zh), (Lang::En, en)] {
        for entry in list {
            builder.add(
                entry.phrase(),
                PatternUse {
                    rule,
                    clause,
                    role,
                    lang,
                    suggestion: None,
                },
                entry.suggestion(),
            );
        }
    }
}

fn add_set(
    builder: &mut MatcherBuilder,
    rule: u32,
    clause: u16,
    role: UseRole,
    set: Option<&PhraseSet>,
) {
    if let Some(set) = set {
        add_list(
            builder,
            rule,
            clause,
            role,
            entries(&set.zh),
            entries(&set.en),
        );
    }
}

fn add_phrases(builder: &mut MatcherBuilder, rule: u32, check: &Spanned<CheckSpec>) {
    match check.get_ref() {
        CheckSpec::Forbid(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                let i = i as u16;
                add_list(
                    builder,
                    rule,
                    i,
                    UseRole::Phrase,
                    entries(&c.zh),
                    entries(&c.en),
                );
                add_regexes(builder, rule, i, c.regex.as_ref());
                add_set(builder, rule, i, UseRole::Allow, c.allow.as_ref());
                add_set(builder, rule, i, UseRole::Section, c.section.as_ref());
            }
        }
        CheckSpec::Require(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                let i = i as u16;
                add_list(
                    builder,
                    rule,
                    i,
                    UseRole::Phrase,
                    entries(&c.zh),
                    entries(&c.en),
                );
                add_regexes(builder, rule, i, c.regex.as_ref());
                add_set(builder, rule, i, UseRole::When, c.when.as_ref());
                add_set(builder, rule, i, UseRole::Section, c.section.as_ref());
                add_set(builder, rule, i, UseRole::Allow, c.except.as_ref());
            }
        }
        CheckSpec::Sequence(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                let i = i as u16;
                for (s, step) in c.steps.iter().enumerate() {
                    add_list(
                        builder,
                        rule,
                        i,
                        UseRole::Step(s as u16),
                        entries(&step.zh),
                        entries(&step.en),
                    );
                }
                add_set(builder, rule, i, UseRole::When, c.when.as_ref());
                add_set(builder, rule, i, UseRole::Section, c.section.as_ref());
            }
        }
        CheckSpec::TimePlaceholder(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                add_set(
                    builder,
                    rule,
                    i as u16,
                    UseRole::Section,
                    c.section.as_ref(),
                );
            }
        }
        CheckSpec::TimeVague(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                let i = i as u16;
                add_set(builder, rule, i, UseRole::Phrase, Some(&c.vague));
                add_set(builder, rule, i, UseRole::When, Some(&c.commitments));
                add_set(builder, rule, i, UseRole::Allow, c.allow.as_ref());
                add_set(builder, rule, i, UseRole::Negation, c.negations.as_ref());
                add_set(builder, rule, i, UseRole::Section, c.section.as_ref());
            }
        }
        CheckSpec::TimeMissing(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                add_moments(builder, rule, i as u16, &c.moments);
            }
        }
        CheckSpec::TimeLimit(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                add_moments(builder, rule, i as u16, &c.moments);
            }
        }
        CheckSpec::TimeConsistency(clauses) => {
            for (i, c) in clauses.0.iter().enumerate() {
                add_moments(builder, rule, i as u16, &c.moments);
            }
        }
        CheckSpec::Engine(_) => {}
    }
}

fn add_moments(
    builder: &mut MatcherBuilder,
    rule: u32,
    clause: u16,
    moments: &[schema::MomentSpec],
) {
    for (m, moment) in moments.iter().enumerate() {
        add_list(
            builder,
            rule,
            clause,
            UseRole::Moment(m as u16),
            entries(&moment.zh),
            entries(&moment.en),
        );
    }
}

/// Validate and compile moment definitions.
fn moments(
    errors: &mut Vec<FileError>,
    err: &ErrFn<'_>,
    specs: &[schema::MomentSpec],
) -> Vec<check::time_common::Moment> {
    let mut out: Vec<check::time_common::Moment> = Vec::new();
    for m in specs {
        require_phrases(
            errors,
            err,
            &m.zh,
            &m.en,
            false,
            &format!("moment `{}`", m.id),
        );
        if out.iter().any(|o| o.id == m.id) {
            errors.push(err(
                m.name.en.span(),
                format!("moment `{}` is defined twice", m.id),
            ));
        }
        out.push(check::time_common::Moment {
            id: m.id.clone(),
            zh: m.name.zh.get_ref().clone(),
            en: m.name.en.get_ref().clone(),
        });
    }
    if specs.is_empty() {
        errors.push(err(0..0, "a time check needs at least one moment".into()));
    }
    out
}

impl RuleSet {
    /// Every moment id that some `time-limit` rule knows (for validating `[time.limits]`).
    pub fn limit_moments(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for rule in &self.rules {
            if let Check::TimeLimit(clauses) = &rule.check {
                for c in clauses {
                    ids.extend(c.moments.iter().map(|m| m.id.clone()));
                }
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }
}

/// Levenshtein distance, for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
