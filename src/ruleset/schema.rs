//! The rule-file format (SPEC §3.1) as strict serde types: what a rule author may write.

use crate::finding::Level;
use crate::model::Kind;
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use std::marker::PhantomData;
use toml::Spanned;

/// One rule file, `rules/<family>/<name>.toml`; the id is the path.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// One line: what the rule checks.
    pub summary: Text,
    /// Default level: error, warning, info or off.
    pub level: Level,
    /// Whether the rule runs unless enabled in config (default true); `false` keeps its level for when a user turns it on.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The finding's one-line message; may use `{found}` and the check's own parameters.
    pub message: Text,
    /// The better practice, shown under the finding.
    pub help: Text,
    /// The service standard behind the rule (what `explain` prints).
    pub rationale: Text,
    /// The one check kind and its parameters: `[check.<kind>]`.
    pub check: Spanned<CheckSpec>,
    /// Documents that must fire the rule (`bad`) and must not (`good`).
    #[serde(default)]
    pub examples: Examples,
}

fn yes() -> bool {
    true
}

/// A bilingual text: Chinese and English.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Chinese.
    pub zh: Spanned<String>,
    /// English.
    pub en: Spanned<String>,
}

/// Example documents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each must produce at least one finding of this rule.
    #[serde(default)]
    pub bad: Vec<Spanned<String>>,
    /// Each must produce no finding of this rule.
    #[serde(default)]
    pub good: Vec<Spanned<String>>,
}

/// The check kinds. One `[check.<kind>]` table (or `[[check.<kind>]]` array of clauses) per rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum CheckSpec {
    /// Phrases that must not appear in a scope.
    Forbid(Clauses<ForbidSpec>),
    /// A phrase that must appear in a scope, optionally only when a trigger is present.
    Require(Clauses<RequireSpec>),
    /// Named steps that must all appear, or appear in order.
    Sequence(Clauses<SequenceSpec>),
    /// A time standard whose number is a placeholder.
    TimePlaceholder(Clauses<TimePlaceholderSpec>),
    /// A step or a commitment that sets time without a number.
    TimeVague(Clauses<TimeVagueSpec>),
    /// A customer moment an SOP covers without a time standard.
    TimeMissing(Clauses<TimeMissingSpec>),
    /// A time standard looser than the configured limit for its moment.
    TimeLimit(Clauses<TimeLimitSpec>),
    /// The same moment given different standards, in one document or across documents.
    TimeConsistency(Clauses<TimeConsistencySpec>),
    /// Emitted by the engine itself (I/O, encodings, directives); no parameters.
    Engine(EngineSpec),
}

/// A check's clauses: a table is one clause, an array of tables several; the rule fires when any clause does.
#[derive(Debug)]
pub struct Clauses<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Clauses<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ClauseVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ClauseVisitor<T> {
            type Value = Clauses<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table of check parameters or an array of such tables")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|clause| Clauses(vec![clause]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut clauses = Vec::new();
                while let Some(clause) = seq.next_element()? {
                    clauses.push(clause);
                }
                Ok(Clauses(clauses))
            }
        }
        deserializer.deserialize_any(ClauseVisitor(PhantomData))
    }
}

/// Where in a document a check looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeName {
    /// Every lintable word of the document.
    Document,
    /// Agent turns.
    AgentTurns,
    /// Customer turns.
    CustomerTurns,
    /// The first agent turn.
    FirstAgentTurn,
    /// The last agent turn.
    LastAgentTurn,
    /// What staff say: agent turns and quoted speech outside customer turns, never counter-examples.
    Spoken,
    /// Ordered steps.
    Steps,
    /// Steps and bullet items.
    Items,
    /// Headings.
    Headings,
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

/// `[check.forbid]`: phrases that must not appear.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ForbidSpec {
    /// Where to look (default `spoken`).
    #[serde(default = "spoken")]
    pub scope: ScopeName,
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Chinese phrases (strings, or `{ phrase = "…", suggestion = "…" }`).
    #[serde(default)]
    pub zh: Phrases,
    /// English phrases, matched as whole words, case-insensitively.
    #[serde(default)]
    pub en: Phrases,
    /// Regular expressions that must not match, alongside or instead of the phrases.
    #[serde(default)]
    pub regex: Option<RegexSet>,
    /// Longer phrases that hold a forbidden one but are fine ("不能让您久等", "no problem at all").
    #[serde(default)]
    pub allow: Option<PhraseSet>,
}

fn spoken() -> ScopeName {
    ScopeName::Spoken
}

fn document() -> ScopeName {
    ScopeName::Document
}

/// `[check.require]`: at least one phrase must appear in the scope.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequireSpec {
    /// Where the phrase must appear; if the document has no such place, the clause does not apply.
    pub scope: ScopeName,
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Chinese phrases, any of which satisfies the clause.
    #[serde(default)]
    pub zh: Phrases,
    /// English phrases.
    #[serde(default)]
    pub en: Phrases,
    /// Regular expressions, any match of which satisfies the clause (alongside or instead of phrases).
    #[serde(default)]
    pub regex: Option<RegexSet>,
    /// Apply only when one of these trigger phrases appears in `when-scope`.
    #[serde(default)]
    pub when: Option<PhraseSet>,
    /// Where to look for the trigger (default `document`).
    #[serde(default = "document")]
    pub when_scope: ScopeName,
    /// Longer phrases that hold a required phrase but do not count ("sorry you feel that way" is no apology).
    #[serde(default)]
    pub except: Option<PhraseSet>,
}

/// One named step of a sequence.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// The step's name, as findings print it.
    pub name: Text,
    /// Chinese phrases that show the step.
    #[serde(default)]
    pub zh: Phrases,
    /// English phrases that show the step.
    #[serde(default)]
    pub en: Phrases,
}

/// What a sequence check reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SequenceMode {
    /// Steps that appear out of order.
    Order,
    /// Steps that are missing.
    Complete,
}

/// `[check.sequence]`: named steps in order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SequenceSpec {
    /// Where the steps are (default `items`).
    #[serde(default = "items")]
    pub scope: ScopeName,
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Apply only when one of these trigger phrases appears in `when-scope`.
    #[serde(default)]
    pub when: Option<PhraseSet>,
    /// Where to look for the trigger (default `document`).
    #[serde(default = "document")]
    pub when_scope: ScopeName,
    /// `order` or `complete`.
    pub mode: SequenceMode,
    /// With `complete`: how many steps must be present before the others count as missing
    /// (so a passing mention is not taken for a procedure). Default 3.
    #[serde(default = "three")]
    pub min_present: usize,
    /// The steps, in their right order.
    pub steps: Vec<StepSpec>,
}

fn items() -> ScopeName {
    ScopeName::Items
}

fn three() -> usize {
    3
}

/// `[check.time-placeholder]`: a time standard whose number is a placeholder (`在xx秒内`, `___ minutes`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimePlaceholderSpec {
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
}

/// `[check.time-vague]`: vague time words in SOP steps, or in an agent's commitment to a later action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeVagueSpec {
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// The vague words (尽快, as soon as possible, …).
    pub vague: PhraseSet,
    /// Words of a commitment to a later action (回复, get back to you); in agent turns a vague word
    /// fires only in the same sentence as one of them.
    pub commitments: PhraseSet,
    /// Longer phrases that hold a vague word but set no deadline ("see you soon").
    #[serde(default)]
    pub allow: Option<PhraseSet>,
    /// Words of a negated condition before the vague word in the same sentence ("如遇无法"): no time is set.
    #[serde(default)]
    pub negations: Option<PhraseSet>,
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

/// `[check.time-missing]`: an SOP section covers a moment but sets no time standard in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeMissingSpec {
    /// Document kinds the clause applies to (default `sop`).
    #[serde(default)]
    pub kinds: Option<Vec<Kind>>,
    /// The moments; a section whose heading names one must state a time standard.
    pub moments: Vec<MomentSpec>,
    /// How many steps or items the section must hold to count as a procedure (default 2).
    #[serde(default = "two")]
    pub min_items: usize,
}

fn two() -> usize {
    2
}

/// `[check.time-limit]`: a time standard looser than the limit for its moment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeLimitSpec {
    /// The moments with limits.
    pub moments: Vec<MomentSpec>,
    /// Default limit per moment id ("10s", "3 rings"); `[time.limits]` in the config overrides and adds.
    #[serde(default)]
    pub limits: std::collections::BTreeMap<String, Spanned<String>>,
}

/// `[check.time-consistency]`: different standards for the same moment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeConsistencySpec {
    /// The moments compared.
    pub moments: Vec<MomentSpec>,
}

/// `[check.engine]`: no parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineSpec {}
