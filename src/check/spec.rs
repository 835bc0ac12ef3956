//! The rule-file vocabulary every check kind shares: texts, phrase lists, regular expressions, moments, clauses, and their validation and registration.

use super::Kind;
use super::time_common::Moment;
use crate::matcher::{MatcherBuilder, PatternUse, UseRole};
use crate::model::Lang;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use std::marker::PhantomData;
use std::ops::Range;
use toml::Spanned;

/// A bilingual text: Chinese and English.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: Spanned<String>,
    /// English.
    pub en: Spanned<String>,
}

/// A check's clauses: a table is one clause, an array of tables several; the rule fires when any clause does.
pub struct Clauses<K: Kind>(pub Vec<K::Spec>);

impl<K: Kind> std::fmt::Debug for Clauses<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Clauses").field(&self.0).finish()
    }
}

impl<'de, K: Kind> Deserialize<'de> for Clauses<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if K::ONE_TABLE {
            return K::Spec::deserialize(deserializer).map(|spec| Clauses(vec![spec]));
        }
        struct ClauseVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ClauseVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of check parameters or an array of such tables")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|clause| vec![clause])
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut clauses = Vec::new();
                while let Some(clause) = seq.next_element()? {
                    clauses.push(clause);
                }
                Ok(clauses)
            }
        }
        deserializer
            .deserialize_any(ClauseVisitor::<K::Spec>(PhantomData))
            .map(Clauses)
    }
}

/// A phrase, or a phrase with its better wording.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum PhraseEntry {
    /// Just the phrase.
    Plain(String),
    /// The phrase and a suggested replacement.
    WithSuggestion {
        /// The phrase.
        phrase: String,
        /// What to say instead.
        suggestion: String,
    },
}

impl PhraseEntry {
    /// The phrase text.
    pub fn phrase(&self) -> &str {
        match self {
            PhraseEntry::Plain(p) => p,
            PhraseEntry::WithSuggestion { phrase, .. } => phrase,
        }
    }

    /// The suggested replacement, if any.
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            PhraseEntry::Plain(_) => None,
            PhraseEntry::WithSuggestion { suggestion, .. } => Some(suggestion),
        }
    }
}

/// A phrase list as written (absent, or present with its span).
pub type Phrases = Option<Spanned<Vec<PhraseEntry>>>;

/// The entries of a phrase list (none when absent).
pub fn entries(list: &Phrases) -> &[PhraseEntry] {
    list.as_ref().map_or(&[], |l| l.get_ref().as_slice())
}

/// Per-language phrase lists.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseSet {
    /// Chinese phrases.
    #[serde(default)]
    pub zh: Phrases,
    /// English phrases.
    #[serde(default)]
    pub en: Phrases,
}

/// A list of regular expressions as written, each with its span (for load errors).
pub type Patterns = Option<Spanned<Vec<Spanned<String>>>>;

/// Per-language regular expressions (`regex.zh = [...]`, `regex.en = [...]`), matched as written
/// against the original text with the `regex` crate (linear time, no look-around).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegexSet {
    /// Patterns for Chinese documents.
    #[serde(default)]
    pub zh: Patterns,
    /// Patterns for English documents.
    #[serde(default)]
    pub en: Patterns,
}

/// A customer moment and the words that name it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MomentSpec {
    /// The moment's id, as `[time.limits]` names it (greeting, phone-answer, first-response, …).
    pub id: String,
    /// Its name in findings.
    pub name: Text,
    /// Chinese words that name the moment in the same sentence as a time standard.
    #[serde(default)]
    pub zh: Phrases,
    /// English words that name the moment.
    #[serde(default)]
    pub en: Phrases,
}

/// The problems found while a rule's check is validated: byte ranges into the rule file and
/// messages, in the order found (the rule set turns them into load errors).
#[derive(Debug, Default)]
pub struct Problems {
    /// The span of the rule's `check` table, for problems of the check as a whole.
    pub check: Range<usize>,
    /// Each problem: where, and what is wrong.
    pub list: Vec<(Range<usize>, String)>,
}

impl Problems {
    /// No problems yet, for a check table at `check`.
    pub fn new(check: Range<usize>) -> Self {
        Problems {
            check,
            list: Vec::new(),
        }
    }

    /// Add a problem.
    pub fn push(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.list.push((span, message.into()));
    }
}

/// A phrase list that is written must hold phrases, and the two languages together at least one
/// (unless the clause has regular expressions instead).
pub fn require_phrases(
    problems: &mut Problems,
    zh: &Phrases,
    en: &Phrases,
    has_regex: bool,
    what: &str,
) {
    for list in [zh, en].into_iter().flatten() {
        if list.get_ref().is_empty() {
            problems.push(list.span(), format!("empty phrase list in {what}"));
        }
        if list.get_ref().iter().any(|e| e.phrase().trim().is_empty()) {
            problems.push(list.span(), format!("an empty phrase in {what}"));
        }
        for entry in list.get_ref() {
            if let Err(reason) = crate::matcher::family::expand(entry.phrase()) {
                problems.push(list.span(), reason);
            }
        }
    }
    if zh.is_none() && en.is_none() && !has_regex {
        let also = if what == "forbid" || what == "require" {
            " (or `regex.zh` / `regex.en`)"
        } else {
            ""
        };
        problems.push(
            0..0,
            format!("{what} has no phrases: give `zh = [...]` and/or `en = [...]`{also}"),
        );
    }
}

/// A phrase set that is written must hold phrases.
pub fn check_set(problems: &mut Problems, set: Option<&PhraseSet>) {
    if let Some(set) = set {
        require_phrases(problems, &set.zh, &set.en, false, "phrase set");
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
pub fn check_regexes(problems: &mut Problems, set: Option<&RegexSet>) -> bool {
    let Some(set) = set else {
        return false;
    };
    if set.zh.is_none() && set.en.is_none() {
        problems.push(
            0..0,
            "`regex` has no patterns: give `regex.zh = [...]` and/or `regex.en = [...]`",
        );
    }
    for list in [&set.zh, &set.en].into_iter().flatten() {
        if list.get_ref().is_empty() {
            problems.push(list.span(), "empty regex list");
        }
        for pattern in list.get_ref() {
            if let Err(reason) = compile_regex(pattern.get_ref()) {
                problems.push(pattern.span(), reason);
            }
        }
    }
    true
}

/// Validate and compile moment definitions.
pub fn moments(problems: &mut Problems, specs: &[MomentSpec]) -> Vec<Moment> {
    let mut out: Vec<Moment> = Vec::new();
    for m in specs {
        require_phrases(problems, &m.zh, &m.en, false, &format!("moment `{}`", m.id));
        if out.iter().any(|o| o.id == m.id) {
            problems.push(
                m.name.en.span(),
                format!("moment `{}` is defined twice", m.id),
            );
        }
        out.push(Moment {
            id: m.id.clone(),
            zh: m.name.zh.get_ref().clone(),
            en: m.name.en.get_ref().clone(),
        });
    }
    if specs.is_empty() {
        problems.push(0..0, "a time check needs at least one moment");
    }
    out
}

/// Adds one clause's phrases and patterns to the rule set's matcher, each tagged with the rule,
/// the clause and what it is for.
pub struct Registrar<'b> {
    builder: &'b mut MatcherBuilder,
    rule: u32,
    clause: u16,
}

impl<'b> Registrar<'b> {
    /// Register for clause `clause` of rule `rule`.
    pub fn new(builder: &'b mut MatcherBuilder, rule: u32, clause: u16) -> Self {
        Registrar {
            builder,
            rule,
            clause,
        }
    }

    fn usage(&self, role: UseRole, lang: Lang) -> PatternUse {
        PatternUse {
            rule: self.rule,
            clause: self.clause,
            role,
            lang,
            suggestion: None,
        }
    }

    /// The phrases of a Chinese and an English list, in that order.
    pub fn lists(&mut self, role: UseRole, zh: &Phrases, en: &Phrases) {
        for (lang, list) in [(Lang::Zh, entries(zh)), (Lang::En, entries(en))] {
            for entry in list {
                // A family (`{你|您}不知道`) is each of its phrases; bad syntax was reported at load.
                let forms = crate::matcher::family::expand(entry.phrase()).unwrap_or_default();
                for form in forms {
                    let usage = self.usage(role, lang);
                    self.builder.add(&form, usage, entry.suggestion());
                }
            }
        }
    }

    /// A team's own phrases (`[vocabulary]`), each a family, its language by its script.
    pub fn words(&mut self, role: UseRole, phrases: &[String]) {
        for phrase in phrases {
            let lang = if phrase.chars().any(crate::lang::is_cjk) {
                Lang::Zh
            } else {
                Lang::En
            };
            // Checked when the config was read: bad syntax never reaches here.
            for form in crate::matcher::family::expand(phrase).unwrap_or_default() {
                let usage = self.usage(role, lang);
                self.builder.add(&form, usage, None);
            }
        }
    }

    /// The phrases of a phrase set, if written.
    pub fn set(&mut self, role: UseRole, set: Option<&PhraseSet>) {
        if let Some(set) = set {
            self.lists(role, &set.zh, &set.en);
        }
    }

    /// The regular expressions of a `regex` table, if written, as phrases.
    pub fn regexes(&mut self, set: Option<&RegexSet>) {
        let Some(set) = set else {
            return;
        };
        for (lang, list) in [(Lang::Zh, &set.zh), (Lang::En, &set.en)] {
            for pattern in list.iter().flat_map(|l| l.get_ref()) {
                // Checked at load: only patterns that compiled reach the builder.
                if let Ok(re) = compile_regex(pattern.get_ref()) {
                    let usage = self.usage(UseRole::Phrase, lang);
                    self.builder.add_regex(re, usage);
                }
            }
        }
    }

    /// The words of each moment, tagged with the moment's index.
    pub fn moments(&mut self, moments: &[MomentSpec]) {
        for (m, moment) in moments.iter().enumerate() {
            self.lists(UseRole::Moment(m as u16), &moment.zh, &moment.en);
        }
    }
}
