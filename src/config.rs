//! `servicelint.toml`: discovery, strict parsing with spans, and layering (defaults < file < flags).

use crate::error::{Error, FileError};
use crate::finding::Level;
use crate::model::{Kind, Lang};
use crate::ruleset::RuleSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The config file names looked for, in order, in each folder from the current one up.
pub const FILE_NAMES: &[&str] = &["servicelint.toml", ".servicelint.toml"];

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Globs of files to lint when walking folders (default `**/*.md`, `**/*.markdown`, `**/*.txt`).
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files and folders to skip.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// `auto`, `zh` or `en`: the language of documents without front matter `lang`.
    pub lang: Option<Spanned<String>>,
    /// `auto`, `zh` or `en`: the language of messages.
    pub ui_lang: Option<Spanned<String>>,
    /// Files larger than this are skipped (`"10MiB"`, `"500KB"`, or a number of bytes).
    pub max_file_size: Option<Spanned<toml::Value>>,
    /// Folders of extra rule files, relative to the config file.
    pub rule_dirs: Option<Vec<Spanned<String>>>,
    /// Level per rule id or family.
    pub rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Speaker labels.
    pub speakers: Option<Speakers>,
    /// Time-standard settings.
    pub time: Option<TimeConfig>,
    /// Document kinds by glob.
    pub kinds: Option<Vec<KindGlob>>,
    /// Service-type thresholds.
    pub scores: Option<ScoresConfig>,
    /// Phrases added to, or allowed in, built-in rules: `[vocabulary."phrasing/forbidden"]`.
    pub vocabulary: Option<BTreeMap<Spanned<String>, VocabularyEntry>>,
}

/// `[vocabulary."<rule id>"]`: a team's own phrases for one rule, in the rule's phrase-family
/// syntax (`{你|您}不知道`), Chinese and English in one list.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VocabularyEntry {
    /// Phrases the rule also looks for (a forbidden phrase, a vague word, a promise, a required phrase).
    pub extend: Option<Vec<Spanned<String>>>,
    /// Phrases the rule lets pass: a hit inside one of them is no finding.
    pub allow: Option<Vec<Spanned<String>>>,
}

/// One rule's vocabulary after resolving (the rule set registers it).
pub use crate::ruleset::Vocabulary;

/// `[scores]`: the thresholds of the four service types ([`crate::score`]).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScoresConfig {
    /// The score (0–100) each side must reach: both for 优质型 quality, neither for 冷淡型 cold.
    pub quality: Option<Spanned<i64>>,
}

/// `[speakers]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Speakers {
    /// Labels of agent turns (replaces the defaults).
    pub agent: Option<Vec<Spanned<String>>>,
    /// Labels of customer turns (replaces the defaults).
    pub customer: Option<Vec<Spanned<String>>>,
    /// Labels added to the default agent labels.
    pub extend_agent: Option<Vec<Spanned<String>>>,
    /// Labels added to the default customer labels.
    pub extend_customer: Option<Vec<Spanned<String>>>,
    /// Regular expressions a whole agent label may match (`"坐席\\d+号"`).
    pub agent_pattern: Option<Vec<Spanned<String>>>,
    /// Regular expressions a whole customer label may match.
    pub customer_pattern: Option<Vec<Spanned<String>>>,
}

/// `[time]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeConfig {
    /// Limit per moment: `greeting = "10s"`, `phone-answer = "3 rings"`.
    #[serde(default)]
    pub limits: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Seconds one ring counts for when rings and seconds are compared (default 6).
    pub ring_seconds: Option<Spanned<f64>>,
}

/// `[[kinds]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindGlob {
    /// Files the kind applies to.
    pub glob: Spanned<String>,
    /// `script` or `sop`.
    pub kind: Kind,
}

/// Where a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The built-in default.
    Default,
    /// The config file.
    File(PathBuf),
    /// A command-line flag.
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => write!(f, "default"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Flag(flag) => write!(f, "{flag}"),
        }
    }
}

/// A loaded config file with its text, for errors with spans.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The parsed file.
    pub file: ConfigFile,
    /// Its path, if one was found.
    pub path: Option<PathBuf>,
    /// Its text.
    pub text: String,
}

impl Loaded {
    /// An error pointing into the config file.
    pub fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> FileError {
        let name = self
            .path
            .as_ref()
            .map_or("servicelint.toml".to_string(), |p| p.display().to_string());
        FileError::new(&name, &self.text, span, message)
    }

    /// The folder relative paths in the file are resolved from.
    pub fn base(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Find the nearest config file from `start` upwards.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        dir = d.parent();
    }
    None
}

/// `path` made absolute from the current folder, with `.` and `..` taken out by their names (not
/// by following links): the folder a config is looked for from, and the key it is cached under.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Read and parse a config file strictly.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    parse(text, Some(path.to_path_buf()))
}

/// Parse config text strictly.
pub fn parse(text: String, path: Option<PathBuf>) -> Result<Loaded, Error> {
    match toml::from_str::<ConfigFile>(&text) {
        Ok(file) => Ok(Loaded { file, path, text }),
        Err(e) => {
            let loaded = Loaded {
                file: ConfigFile::default(),
                path,
                text,
            };
            let span = e.span().unwrap_or(0..0);
            Err(loaded.error(span, e.message().trim().to_string()).into())
        }
    }
}

/// Parse a size: a number of bytes, or "10MiB", "500 KB", "2M".
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let number: f64 = t[..split].parse().ok()?;
    let unit = t[split..].trim().to_ascii_lowercase();
    let factor: f64 = match unit.as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * factor) as u64)
}

/// Parse `auto|zh|en` as a document language override (`None`: detect).
pub fn parse_lang(text: &str) -> Option<Option<Lang>> {
    UiLang::parse(text).map(UiLang::fixed)
}

/// A language choice: `auto` or a fixed language (messages, and the document language override).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UiLang {
    /// The document's own language.
    #[default]
    Auto,
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl UiLang {
    /// Every choice with its name as written in config and flags.
    const NAMES: [(UiLang, &'static str); 3] = [
        (UiLang::Auto, "auto"),
        (UiLang::Zh, "zh"),
        (UiLang::En, "en"),
    ];

    /// Parse `auto|zh|en` (the one place these names are read).
    pub fn parse(text: &str) -> Option<UiLang> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == text)
            .map(|&(u, _)| u)
    }

    /// The name as written in config and flags.
    pub fn as_str(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(u, _)| *u == self)
            .map_or("auto", |&(_, n)| n)
    }

    /// The fixed language chosen, or `None` for `auto`.
    pub fn fixed(self) -> Option<Lang> {
        match self {
            UiLang::Auto => None,
            UiLang::Zh => Some(Lang::Zh),
            UiLang::En => Some(Lang::En),
        }
    }

    /// The language for a document.
    pub fn for_doc(self, doc_lang: Lang) -> Lang {
        match self {
            UiLang::Auto => doc_lang,
            UiLang::Zh => Lang::Zh,
            UiLang::En => Lang::En,
        }
    }
}

/// Settings after layering defaults, the config file and flags.
#[derive(Debug)]
pub struct Settings {
    /// Include globs and where they came from.
    pub include: (Vec<String>, Origin),
    /// Exclude globs.
    pub exclude: (Vec<String>, Origin),
    /// Document language override.
    pub lang: (Option<Lang>, Origin),
    /// Message language.
    pub ui_lang: (UiLang, Origin),
    /// Largest file to lint, in bytes.
    pub max_file_size: (u64, Origin),
    /// Extra rule folders.
    pub rule_dirs: Vec<(PathBuf, Origin)>,
    /// Level overrides by id or family, in the order applied.
    pub levels: Vec<(String, Level, Origin)>,
    /// Agent labels.
    pub agent_labels: (Vec<String>, Origin),
    /// Customer labels.
    pub customer_labels: (Vec<String>, Origin),
    /// Label patterns: agent, then customer.
    pub label_patterns: (Vec<regex::Regex>, Vec<regex::Regex>),
    /// Time limits by moment.
    pub time_limits: Vec<(String, String, Origin)>,
    /// Seconds per ring.
    pub ring_seconds: (f64, Origin),
    /// Kinds by glob.
    pub kinds: Vec<(String, Kind)>,
    /// The config file used.
    pub config_path: Option<PathBuf>,
    /// The score each side must reach for 优质型 (`[scores] quality`).
    pub quality_threshold: (u32, Origin),
    /// Phrases added to and allowed in rules (`[vocabulary]`), by rule id.
    pub vocabulary: Vec<Vocabulary>,
}

/// Default include globs: `**/*.<ext>` for every extension an input reader claims
/// ([`crate::input::READERS`]), so a new input format is walked without another edit here.
pub fn default_include() -> Vec<String> {
    crate::input::READERS
        .iter()
        .flat_map(|(exts, _)| exts.iter())
        .filter(|ext| !crate::input::NOT_WALKED.contains(ext))
        .map(|ext| format!("**/*.{ext}"))
        .collect()
}

impl Settings {
    /// Resolve a loaded file (strictly: bad values are errors pointing into it).
    pub fn resolve(loaded: &Loaded, rules: Option<&RuleSet>) -> Result<Settings, Error> {
        let origin = || loaded.path.clone().map_or(Origin::Default, Origin::File);
        let f = &loaded.file;
        let strings =
            |v: &Vec<Spanned<String>>| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
        let mut settings = Settings {
            include: (default_include(), Origin::Default),
            exclude: (Vec::new(), Origin::Default),
            lang: (None, Origin::Default),
            ui_lang: (UiLang::Auto, Origin::Default),
            max_file_size: (10 * 1024 * 1024, Origin::Default),
            rule_dirs: Vec::new(),
            levels: Vec::new(),
            agent_labels: (
                crate::parse::DEFAULT_AGENT_LABELS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                Origin::Default,
            ),
            customer_labels: (
                crate::parse::DEFAULT_CUSTOMER_LABELS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                Origin::Default,
            ),
            label_patterns: (Vec::new(), Vec::new()),
            time_limits: Vec::new(),
            ring_seconds: (6.0, Origin::Default),
            kinds: Vec::new(),
            config_path: loaded.path.clone(),
            quality_threshold: (crate::score::DEFAULT_QUALITY, Origin::Default),
            vocabulary: Vec::new(),
        };
        for list in [&f.include, &f.exclude].into_iter().flatten() {
            for glob in list {
                if let Err(e) = globset::Glob::new(glob.get_ref()) {
                    return Err(loaded
                        .error(glob.span(), format!("invalid glob: {e}"))
                        .into());
                }
            }
        }
        if let Some(v) = &f.include {
            settings.include = (strings(v), origin());
        }
        if let Some(v) = &f.exclude {
            settings.exclude = (strings(v), origin());
        }
        if let Some(lang) = &f.lang {
            let Some(value) = parse_lang(lang.get_ref()) else {
                return Err(loaded
                    .error(lang.span(), "lang must be \"auto\", \"zh\" or \"en\"")
                    .into());
            };
            settings.lang = (value, origin());
        }
        if let Some(ui) = &f.ui_lang {
            let Some(value) = UiLang::parse(ui.get_ref()) else {
                return Err(loaded
                    .error(ui.span(), "ui-lang must be \"auto\", \"zh\" or \"en\"")
                    .into());
            };
            settings.ui_lang = (value, origin());
        }
        if let Some(size) = &f.max_file_size {
            let value = match size.get_ref() {
                toml::Value::Integer(n) if *n > 0 => Some(*n as u64),
                toml::Value::String(s) => parse_size(s),
                _ => None,
            };
            let Some(value) = value else {
                return Err(loaded
                    .error(
                        size.span(),
                        "max-file-size must be a size such as \"10MiB\" or a number of bytes",
                    )
                    .into());
            };
            settings.max_file_size = (value, origin());
        }
        if let Some(dirs) = &f.rule_dirs {
            for dir in dirs {
                let path = loaded.base().join(dir.get_ref());
                if !path.is_dir() {
                    return Err(loaded
                        .error(
                            dir.span(),
                            format!("rule folder {} does not exist", path.display()),
                        )
                        .into());
                }
                settings.rule_dirs.push((path, origin()));
            }
        }
        if let Some(map) = &f.rules {
            for (id, level) in map {
                let Some(lvl) = Level::parse(level.get_ref()) else {
                    return Err(loaded
                        .error(level.span(), format!("unknown level `{}`", level.get_ref()))
                        .help("levels are error, warning, info and off")
                        .into());
                };
                if let Some(rules) = rules
                    && !rules.knows(id.get_ref())
                {
                    let mut err =
                        loaded.error(id.span(), format!("unknown rule `{}`", id.get_ref()));
                    if let Some(s) = rules.suggest(id.get_ref()) {
                        err = err.help(format!("did you mean `{s}`?"));
                    }
                    return Err(err.into());
                }
                settings.levels.push((id.get_ref().clone(), lvl, origin()));
            }
        }
        if let Some(s) = &f.speakers {
            // An empty label would make every short label a speaker ("A:", "Q:", "1:").
            for label in [&s.agent, &s.customer, &s.extend_agent, &s.extend_customer]
                .into_iter()
                .flatten()
                .flatten()
            {
                if label.get_ref().trim().is_empty() {
                    return Err(loaded
                        .error(label.span(), "a speaker label must not be empty")
                        .help("remove it, or write the label as it appears before the colon: \"客服\", \"Agent\"")
                        .into());
                }
            }
            let plain = |labels: &Vec<Spanned<String>>| -> Vec<String> {
                labels.iter().map(|l| l.get_ref().clone()).collect()
            };
            if let Some(agent) = &s.agent {
                settings.agent_labels = (plain(agent), origin());
            }
            if let Some(customer) = &s.customer {
                settings.customer_labels = (plain(customer), origin());
            }
            if let Some(extra) = &s.extend_agent {
                settings.agent_labels.0.extend(plain(extra));
                settings.agent_labels.1 = origin();
            }
            if let Some(extra) = &s.extend_customer {
                settings.customer_labels.0.extend(plain(extra));
                settings.customer_labels.1 = origin();
            }
            for (patterns, into) in [
                (&s.agent_pattern, &mut settings.label_patterns.0),
                (&s.customer_pattern, &mut settings.label_patterns.1),
            ] {
                for p in patterns.iter().flatten() {
                    match regex::Regex::new(p.get_ref()) {
                        Ok(re) if !re.is_match("") => into.push(re),
                        Ok(_) => {
                            return Err(loaded
                                .error(p.span(), "a label pattern must not match an empty label")
                                .help("write what the label holds, e.g. \"坐席\\\\d+号\"")
                                .into());
                        }
                        Err(e) => {
                            return Err(loaded
                                .error(p.span(), format!("invalid label pattern: {e}"))
                                .into());
                        }
                    }
                }
            }
        }
        if let Some(time) = &f.time {
            for (moment, limit) in &time.limits {
                if let Some(rules) = rules {
                    let known = rules.limit_moments();
                    if !known.contains(moment.get_ref()) {
                        return Err(loaded
                            .error(
                                moment.span(),
                                format!("unknown moment `{}`", moment.get_ref()),
                            )
                            .help(format!("moments with limits: {}", known.join(", ")))
                            .into());
                    }
                }
                if let Err(e) = crate::time::parse_duration(limit.get_ref()) {
                    return Err(loaded
                        .error(limit.span(), format!("invalid time limit: {e}"))
                        .into());
                }
                settings.time_limits.push((
                    moment.get_ref().clone(),
                    limit.get_ref().clone(),
                    origin(),
                ));
            }
            if let Some(rs) = &time.ring_seconds {
                if !(*rs.get_ref() > 0.0 && rs.get_ref().is_finite()) {
                    return Err(loaded
                        .error(rs.span(), "ring-seconds must be a positive number")
                        .into());
                }
                settings.ring_seconds = (*rs.get_ref(), origin());
            }
        }
        if let Some(kinds) = &f.kinds {
            for k in kinds {
                if let Err(e) = globset::Glob::new(k.glob.get_ref()) {
                    return Err(loaded
                        .error(k.glob.span(), format!("invalid glob: {e}"))
                        .into());
                }
                settings.kinds.push((k.glob.get_ref().clone(), k.kind));
            }
        }
        if let Some(quality) = f.scores.as_ref().and_then(|s| s.quality.as_ref()) {
            match u32::try_from(*quality.get_ref()) {
                Ok(q) if q <= 100 => settings.quality_threshold = (q, origin()),
                _ => {
                    return Err(loaded
                        .error(
                            quality.span(),
                            "scores.quality must be a whole number from 0 to 100",
                        )
                        .help("the score both sides must reach for the quality type; default 80")
                        .into());
                }
            }
        }
        settings.vocabulary = resolve_vocabulary(loaded, rules)?;
        Ok(settings)
    }

    /// Effective level per rule: rule defaults, then `[rules]` and flags in order (a family, then an id).
    pub fn levels_for(&self, rules: &RuleSet) -> Vec<Level> {
        rules
            .rules
            .iter()
            .map(|rule| {
                let mut level = rule.default_level();
                // The file's settings, then the flags' (flags win: `--level time=off` beats the file's
                // `"time/placeholder" = "error"`); within each, families first and ids after, so
                // `time = "off"` with `"time/placeholder" = "error"` keeps the id's.
                for flags in [false, true] {
                    for pass in [true, false] {
                        for (name, l, origin) in &self.levels {
                            let is_family = !name.contains('/');
                            if matches!(origin, Origin::Flag(_)) == flags
                                && is_family == pass
                                && (name == &rule.id || (is_family && name == rule.family()))
                            {
                                level = *l;
                            }
                        }
                    }
                }
                level
            })
            .collect()
    }

    /// Time limits and ring length as the time checks use them.
    pub fn time_settings(&self) -> crate::check::TimeSettings {
        crate::check::TimeSettings {
            limits: self
                .time_limits
                .iter()
                .filter_map(|(moment, text, _)| {
                    crate::time::parse_duration(text)
                        .ok()
                        .map(|(value, unit)| (moment.clone(), value, unit, text.clone()))
                })
                .collect(),
            ring_seconds: self.ring_seconds.0,
        }
    }

    /// Parse options for a file path: speakers, language, kind by glob (matched against the path
    /// as shown, and as written from the config file's folder).
    pub fn parse_options(&self, path: &str) -> crate::parse::ParseOptions {
        let from_config = (!self.kinds.is_empty())
            .then(|| self.config_path.as_deref().and_then(Path::parent))
            .flatten()
            .and_then(|base| {
                absolute(Path::new(path))
                    .strip_prefix(absolute(base))
                    .ok()
                    .map(Path::to_path_buf)
            });
        let kind = self.kinds.iter().find_map(|(glob, kind)| {
            globset::Glob::new(glob)
                .ok()
                .map(|g| g.compile_matcher())
                .filter(|m| {
                    m.is_match(path)
                        || m.is_match(path.trim_start_matches("./"))
                        || from_config.as_deref().is_some_and(|rel| m.is_match(rel))
                })
                .map(|_| *kind)
        });
        crate::parse::ParseOptions {
            agent_labels: self.agent_labels.0.clone(),
            customer_labels: self.customer_labels.0.clone(),
            agent_patterns: self.label_patterns.0.clone(),
            customer_patterns: self.label_patterns.1.clone(),
            kind,
            lang: self.lang.0,
        }
    }
}

/// `[vocabulary]`, strictly: every phrase non-empty and a well-formed family; with the rules
/// known, every id a rule whose kind has a phrase list (and an allow list, for `allow`).
fn resolve_vocabulary(loaded: &Loaded, rules: Option<&RuleSet>) -> Result<Vec<Vocabulary>, Error> {
    let Some(map) = &loaded.file.vocabulary else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (id, entry) in map {
        let lists = [("extend", &entry.extend), ("allow", &entry.allow)];
        for (_, list) in lists {
            for phrase in list.iter().flatten() {
                if phrase.get_ref().trim().is_empty() {
                    return Err(loaded
                        .error(phrase.span(), "a vocabulary phrase must not be empty")
                        .help("remove it, or write the phrase as the rule should see it")
                        .into());
                }
                if let Err(reason) = crate::matcher::family::expand(phrase.get_ref()) {
                    return Err(loaded.error(phrase.span(), reason).into());
                }
            }
        }
        if let Some(rules) = rules {
            let Some(rule) = rules.get(id.get_ref()) else {
                let mut err = loaded.error(id.span(), format!("unknown rule `{}`", id.get_ref()));
                // A rule id, not a family: a vocabulary belongs to one rule.
                let closest = rules
                    .rules
                    .iter()
                    .map(|r| (crate::ruleset::edit_distance(&r.id, id.get_ref()), &r.id))
                    .filter(|(d, n)| *d <= (n.len() / 3).max(2))
                    .min();
                let family: Vec<&str> = rules
                    .rules
                    .iter()
                    .filter(|r| r.family() == id.get_ref())
                    .map(|r| r.id.as_str())
                    .collect();
                if !family.is_empty() {
                    err = loaded
                        .error(
                            id.span(),
                            format!("`{}` is a family, not a rule", id.get_ref()),
                        )
                        .help(format!(
                            "a vocabulary belongs to one rule: {}",
                            family.join(", ")
                        ));
                } else if let Some((_, s)) = closest {
                    err = err.help(format!("did you mean `{s}`?"));
                }
                return Err(err.into());
            };
            let Some(vocabulary) = rule.check.vocabulary() else {
                let supported = crate::check::vocabulary_kinds().join(", ");
                return Err(loaded
                    .error(
                        id.span(),
                        format!(
                            "`{}` is a {} rule, which has no phrase list to extend or allow",
                            rule.id,
                            rule.check.kind_name()
                        ),
                    )
                    .help(format!("[vocabulary] works for {supported} rules"))
                    .into());
            };
            if vocabulary.allow.is_none()
                && let Some(first) = entry.allow.iter().flatten().next()
            {
                return Err(loaded
                    .error(
                        first.span(),
                        format!(
                            "`{}` is a {} rule, which has no allow list",
                            rule.id,
                            rule.check.kind_name()
                        ),
                    )
                    .help("use `extend` to add phrases it accepts")
                    .into());
            }
        }
        let plain = |list: &Option<Vec<Spanned<String>>>| -> Vec<String> {
            list.iter().flatten().map(|p| p.get_ref().clone()).collect()
        };
        out.push(Vocabulary {
            rule: id.get_ref().clone(),
            extend: plain(&entry.extend),
            allow: plain(&entry.allow),
            origin: loaded.path.clone(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_config_shows_the_default_include() {
        let line = format!("include = {:?}", default_include());
        assert_eq!(
            line,
            r#"include = ["**/*.md", "**/*.markdown", "**/*.txt", "**/*.docx", "**/*.pptx", "**/*.xlsx", "**/*.xls", "**/*.ods", "**/*.csv", "**/*.tsv", "**/*.jsonl"]"#
        );
        assert!(crate::cli::starter_config().contains(&line), "{line}");
    }

    #[test]
    fn language_choices_read_and_print_the_same_names() {
        for name in ["auto", "zh", "en"] {
            let choice = UiLang::parse(name).expect("a known name");
            assert_eq!(choice.as_str(), name);
        }
        assert_eq!(UiLang::parse("fr"), None);
        assert_eq!(parse_lang("auto"), Some(None));
        assert_eq!(parse_lang("zh"), Some(Some(Lang::Zh)));
        assert_eq!(parse_lang("EN"), None);
    }

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("10MiB"), Some(10 * 1024 * 1024));
        assert_eq!(parse_size("500 KB"), Some(500_000));
        assert_eq!(parse_size("123"), Some(123));
        assert_eq!(parse_size("ten"), None);
    }

    /// The message and help of the error resolving `text` with the built-in rules gives.
    fn vocabulary_error(text: &str) -> String {
        let loaded = parse(text.into(), None).expect("parses");
        let rules = RuleSet::builtin().expect("built-in rules");
        let err = Settings::resolve(&loaded, Some(&rules)).expect_err("refused");
        let help = miette::Diagnostic::help(&err).map(|h| h.to_string());
        format!("{err} | {}", help.unwrap_or_default())
    }

    #[test]
    fn vocabulary_is_read_per_rule() {
        let text = r#"
[vocabulary."phrasing/forbidden"]
extend = ["{你|您}自己琢磨吧", "sort it out yourself"]
[vocabulary."phrasing/negative"]
allow = ["没办法"]
[vocabulary."greeting/missing"]
extend = ["欢迎光临小店"]
"#;
        let loaded = parse(text.into(), None).expect("parses");
        let rules = RuleSet::builtin().expect("built-in rules");
        let settings = Settings::resolve(&loaded, Some(&rules)).expect("valid");
        let got: Vec<(&str, usize, usize)> = settings
            .vocabulary
            .iter()
            .map(|v| (v.rule.as_str(), v.extend.len(), v.allow.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("greeting/missing", 1, 0),
                ("phrasing/forbidden", 2, 0),
                ("phrasing/negative", 0, 1)
            ]
        );
        // Before the rules are known (the first resolve, for rule folders), phrases are read too.
        let pre = Settings::resolve(&loaded, None).expect("valid");
        assert_eq!(pre.vocabulary, settings.vocabulary);
    }

    #[test]
    fn vocabulary_refuses_what_no_rule_can_take() {
        for (text, expected) in [
            (
                "[vocabulary.\"phrasing/forbiden\"]\nextend = [\"x\"]\n",
                "unknown rule `phrasing/forbiden` | did you mean `phrasing/forbidden`?",
            ),
            (
                "[vocabulary.phrasing]\nextend = [\"x\"]\n",
                "`phrasing` is a family, not a rule | a vocabulary belongs to one rule: phrasing/blame, phrasing/forbidden, phrasing/negative",
            ),
            (
                "[vocabulary.\"time/exceeds-limit\"]\nextend = [\"x\"]\n",
                "`time/exceeds-limit` is a time-limit rule, which has no phrase list to extend or allow | [vocabulary] works for forbid, require, time-vague, time-open rules",
            ),
            (
                "[vocabulary.\"greeting/missing\"]\nallow = [\"x\"]\n",
                "`greeting/missing` is a require rule, which has no allow list | use `extend` to add phrases it accepts",
            ),
            (
                "[vocabulary.\"phrasing/negative\"]\nallow = [\" \"]\n",
                "a vocabulary phrase must not be empty | remove it, or write the phrase as the rule should see it",
            ),
            (
                "[vocabulary.\"phrasing/negative\"]\nextend = [\"{a|b\"]\n",
                "unclosed or nested `{` in phrase `{a|b`: groups are `{a|b}`, one level | ",
            ),
        ] {
            assert_eq!(vocabulary_error(text), expected, "{text}");
        }
        let err = parse(
            "[vocabulary.\"phrasing/negative\"]\nextnd = []\n".into(),
            None,
        )
        .expect_err("unknown key");
        assert!(format!("{err:?}").contains("extnd"), "{err:?}");
    }

    #[test]
    fn unknown_key_is_an_error_with_a_span() {
        let err = parse("inclde = []\n".into(), None).expect_err("unknown key");
        let text = format!("{err:?}");
        assert!(text.contains("inclde"), "{text}");
    }
}
