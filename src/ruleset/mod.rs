//! Rule packs: load rule files (built-in, embedded at build time, and user folders), validate them,
//! and compile their phrases into one matcher.

pub mod doc;
pub mod schema;

use crate::check::Check;
use crate::check::spec::Problems;
use crate::error::{FileError, RuleErrors};
use crate::finding::Level;
use crate::matcher::{Matcher, MatcherBuilder};
use crate::model::Lang;
use schema::{RuleFile, Text};
use std::collections::HashMap;
use std::path::Path;

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
    /// Which side of quality service it counts for, if any.
    pub dimension: Option<crate::finding::Dimension>,
    /// The short name of its standard in the coverage matrix (`standard.zh`/`.en`; default: the id).
    pub standard: Option<Bilingual>,
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

/// One rule's vocabulary: what a team's `[vocabulary."<id>"]` adds to it and allows in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vocabulary {
    /// The rule id.
    pub rule: String,
    /// Phrases added to the rule's list.
    pub extend: Vec<String>,
    /// Phrases allowed in the rule.
    pub allow: Vec<String>,
    /// Where it came from.
    pub origin: Option<std::path::PathBuf>,
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
        RuleSet::load_with(sources, &[])
    }

    /// [`RuleSet::load`], with a team's `[vocabulary]` phrases registered alongside each named
    /// rule's own, in the same one automaton (ids and kinds are checked by
    /// [`crate::config::Settings::resolve`], which reports a vocabulary no rule takes).
    pub fn load_with(
        sources: Vec<RuleSource>,
        vocabulary: &[Vocabulary],
    ) -> Result<RuleSet, RuleErrors> {
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
            file.check.get_ref().register(r as u32, &mut builder);
            for v in vocabulary.iter().filter(|v| v.rule == rules[r].id) {
                file.check.get_ref().register_vocabulary(
                    r as u32,
                    &mut builder,
                    &v.extend,
                    &v.allow,
                );
            }
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
    let mut problems = Problems::new(file.check.span());
    let check = file.check.get_ref().compile(&mut problems);
    errors.extend(problems.list.into_iter().map(|(span, msg)| err(span, msg)));
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
    for text in [&file.summary, &file.message, &file.help, &file.rationale]
        .into_iter()
        .chain(&file.standard)
    {
        for t in [&text.zh, &text.en] {
            if t.get_ref().trim().is_empty() {
                errors.push(err(t.span(), "text must not be empty".into()));
            }
        }
    }
    if check.needs_examples() && (file.examples.bad.is_empty() || file.examples.good.is_empty()) {
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
        dimension: file.dimension,
        standard: file.standard.as_ref().map(Bilingual::from),
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

#[cfg(test)]
mod vocabulary_tests {
    use super::*;
    use crate::engine::Engine;
    use crate::parse::{ParseOptions, parse};

    /// The findings of `rule` on `text` with the built-in rules and `vocabulary`.
    fn found(vocabulary: &[Vocabulary], rule: &str, text: &str) -> Vec<String> {
        let rules = RuleSet::load_with(builtin_sources(), vocabulary).expect("loads");
        let doc = parse(text.to_string(), &ParseOptions::default());
        Engine::with_defaults(&rules)
            .lint(&doc)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.span.text(text).to_string())
            .collect()
    }

    fn vocabulary(rule: &str, extend: &[&str], allow: &[&str]) -> Vec<Vocabulary> {
        vec![Vocabulary {
            rule: rule.into(),
            extend: extend.iter().map(|s| s.to_string()).collect(),
            allow: allow.iter().map(|s| s.to_string()).collect(),
            origin: None,
        }]
    }

    #[test]
    fn extended_phrases_fire_only_with_the_extension() {
        let text = "客服：那您自己琢磨吧。\n\nAgent: Just sort it out yourself.\n";
        assert!(found(&[], "phrasing/forbidden", text).is_empty());
        let v = vocabulary(
            "phrasing/forbidden",
            &["{你|您}自己琢磨吧", "sort it out yourself"],
            &[],
        );
        assert_eq!(
            found(&v, "phrasing/forbidden", text),
            ["您自己琢磨吧", "sort it out yourself"]
        );
        // The rule's own exemptions hold for them too: customers and counter-examples.
        for quiet in ["顾客：你自己琢磨吧。\n", "## 服务禁语\n\n- 您自己琢磨吧\n"]
        {
            assert!(found(&v, "phrasing/forbidden", quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn allowed_phrases_stop_firing_and_longer_hits_stay() {
        let text = "客服：这个颜色没办法。\n";
        assert_eq!(found(&[], "phrasing/negative", text), ["没办法"]);
        let v = vocabulary("phrasing/negative", &[], &["没办法"]);
        assert!(found(&v, "phrasing/negative", text).is_empty());
        // An allowed phrase silences the hits inside it, not a longer phrase around it.
        assert_eq!(
            found(&v, "phrasing/negative", "客服：我也没办法。\n"),
            ["我也没办法"]
        );
        let en = "Agent: Honestly, I have no idea.\n";
        assert_eq!(found(&[], "phrasing/negative", en).len(), 1);
        let v = vocabulary("phrasing/negative", &[], &["{I have|we have} no idea"]);
        assert!(found(&v, "phrasing/negative", en).is_empty());
    }

    #[test]
    fn time_rules_take_a_vocabulary_too() {
        let text = "客服：核实之后我们会给您捎个话。\n";
        assert!(found(&[], "time/open-commitment", text).is_empty());
        let v = vocabulary("time/open-commitment", &["给您捎个话"], &[]);
        assert_eq!(found(&v, "time/open-commitment", text), ["给您捎个话"]);
    }
}
