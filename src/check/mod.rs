//! Check kinds: the Rust behind the rule files. One file per kind, one line per kind in [`kinds!`].

pub mod engine;
pub mod forbid;
pub mod judged;
pub mod require;
pub mod scope;
pub mod sequence;
pub mod spec;
pub mod time_common;
pub mod time_consistency;
pub mod time_limit;
pub mod time_missing;
pub mod time_open;
pub mod time_placeholder;
pub mod time_vague;

use crate::matcher::{Hit, MatcherBuilder, PatternUse};
use crate::span::Span;
pub use scope::{Applies, Ctx, Scope, Segment, TimeSettings, segments};
use spec::{Clauses, Problems, Registrar};
pub use time_consistency::TimeFact;

/// A check kind: its rule-file spec, how a spec is validated and compiled into a clause, the
/// phrases it registers, and what it finds in a document. The type itself is the compiled clause.
pub trait Kind: Sized + std::fmt::Debug {
    /// One clause as a rule file writes it: `[check.<name>]`, or one table of `[[check.<name>]]`.
    type Spec: for<'de> serde::Deserialize<'de> + std::fmt::Debug;
    /// The kind's name as written in rule files (the kebab-case of its `kinds!` variant).
    const NAME: &'static str;
    /// The placeholders a message of this kind may use.
    const PLACEHOLDERS: &'static [&'static str];
    /// Whether the findings are phrase findings that may overlap another rule's (the engine keeps
    /// the longest of nested ones).
    const PHRASE_CHECK: bool = false;
    /// Whether a rule of this kind must carry bad and good examples.
    const NEEDS_EXAMPLES: bool = true;
    /// Whether the kind is written as one table only, never as an array of clauses.
    const ONE_TABLE: bool = false;
    /// What a team's `[vocabulary."<rule id>"]` adds to a rule of this kind (`None`: the kind has
    /// no one phrase list to extend).
    const VOCABULARY: Option<VocabularyRoles> = None;

    /// Validate one clause and compile it; every problem goes to `problems`.
    fn compile(spec: &Self::Spec, problems: &mut Problems) -> Self;

    /// Register the clause's phrases (and patterns) with the rule set's matcher.
    fn register(spec: &Self::Spec, phrases: &mut Registrar<'_>);

    /// Add the clause's drafts for a document, given the rule's phrase hits; `clause` is its
    /// index, matching `PatternUse::clause`.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>);

    /// Add the facts that cross-document checks compare (none for most kinds).
    fn facts(
        &self,
        _rule: u32,
        _clause: u16,
        _ctx: &Ctx<'_>,
        _hits: &[(Hit, PatternUse)],
        _out: &mut Vec<TimeFact>,
    ) {
    }

    /// Add how the clause judges the standards it stands for, for the coverage matrix (none for
    /// most kinds): whether it applies to the document and, for named steps or moments, which
    /// are there.
    fn cover(
        &self,
        _clause: u16,
        _ctx: &Ctx<'_>,
        _hits: &[(Hit, PatternUse)],
        _out: &mut Vec<Cover>,
    ) {
    }
}

/// The roles a kind gives a team's `[vocabulary]` phrases: `extend` joins the kind's own phrase
/// list, `allow` its allow list (`None`: the kind has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VocabularyRoles {
    /// The role of added phrases.
    pub extend: crate::matcher::UseRole,
    /// The role of allowed phrases, if the kind has an allow list.
    pub allow: Option<crate::matcher::UseRole>,
}

/// How a clause judges a standard it stands for (the coverage matrix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Judged {
    /// The document has no place the standard is about.
    NotApplicable,
    /// The standard applies; whether it is met is what the rule's findings say.
    Applies,
    /// A named part of the standard is there.
    Present,
    /// A named part of the standard is not there.
    Absent,
}

/// One standard (or a named part of one: a step, a moment) as a clause judged it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cover {
    /// The part: its id and its names (zh, en); `None` for the rule's standard as a whole.
    pub part: Option<(String, String, String)>,
    /// The judgement.
    pub judged: Judged,
}

/// The one list of check kinds: generates [`Check`] (compiled clauses per kind), [`CheckSpec`]
/// (the `[check.<kind>]` table of a rule file) and their dispatch.
macro_rules! kinds {
    ($($(#[doc = $doc:literal])* $variant:ident => $kind:ty,)*) => {
        /// A compiled check: one variant per kind, each with its clauses.
        #[derive(Debug)]
        pub enum Check {
            $($(#[doc = $doc])* $variant(Vec<$kind>),)*
        }

        /// The check kinds as rule files write them: one `[check.<kind>]` table (or
        /// `[[check.<kind>]]` array of clauses) per rule.
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub enum CheckSpec {
            $($(#[doc = $doc])* $variant(Clauses<$kind>),)*
        }

        impl Check {
            /// The kind's name as written in rule files.
            pub fn kind_name(&self) -> &'static str {
                match self {
                    $(Check::$variant(_) => <$kind as Kind>::NAME,)*
                }
            }

            /// The placeholders a message of this kind may use.
            pub fn placeholders(&self) -> &'static [&'static str] {
                match self {
                    $(Check::$variant(_) => <$kind as Kind>::PLACEHOLDERS,)*
                }
            }

            /// Whether the check's findings are phrase findings that may overlap another rule's.
            pub fn is_phrase_check(&self) -> bool {
                match self {
                    $(Check::$variant(_) => <$kind as Kind>::PHRASE_CHECK,)*
                }
            }

            /// Whether a rule with this check must carry bad and good examples.
            pub fn needs_examples(&self) -> bool {
                match self {
                    $(Check::$variant(_) => <$kind as Kind>::NEEDS_EXAMPLES,)*
                }
            }

            /// What `[vocabulary]` may add to a rule with this check.
            pub fn vocabulary(&self) -> Option<VocabularyRoles> {
                match self {
                    $(Check::$variant(_) => <$kind as Kind>::VOCABULARY,)*
                }
            }

            /// Run the check on a document, given this rule's phrase hits.
            pub fn run(&self, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)]) -> Vec<Draft> {
                let mut out = Vec::new();
                match self {
                    $(Check::$variant(clauses) => {
                        for (i, clause) in clauses.iter().enumerate() {
                            clause.run(i as u16, ctx, hits, &mut out);
                        }
                    })*
                }
                out
            }

            /// How the check judges its standards on a document (the coverage matrix).
            pub fn cover(&self, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)]) -> Vec<Cover> {
                let mut out = Vec::new();
                match self {
                    $(Check::$variant(clauses) => {
                        for (i, clause) in clauses.iter().enumerate() {
                            clause.cover(i as u16, ctx, hits, &mut out);
                        }
                    })*
                }
                out
            }

            /// The cross-document facts of a document, for checks that compare documents.
            pub fn facts(
                &self,
                rule: u32,
                ctx: &Ctx<'_>,
                hits: &[(Hit, PatternUse)],
            ) -> Vec<TimeFact> {
                let mut out = Vec::new();
                match self {
                    $(Check::$variant(clauses) => {
                        for (i, clause) in clauses.iter().enumerate() {
                            clause.facts(rule, i as u16, ctx, hits, &mut out);
                        }
                    })*
                }
                out
            }
        }

        impl CheckSpec {
            /// Validate and compile every clause; problems go to `problems`.
            pub fn compile(&self, problems: &mut Problems) -> Check {
                match self {
                    $(CheckSpec::$variant(clauses) => Check::$variant(
                        clauses.0.iter().map(|c| <$kind as Kind>::compile(c, problems)).collect(),
                    ),)*
                }
            }

            /// Register every clause's phrases for rule `rule`.
            pub fn register(&self, rule: u32, builder: &mut MatcherBuilder) {
                match self {
                    $(CheckSpec::$variant(clauses) => {
                        for (i, c) in clauses.0.iter().enumerate() {
                            <$kind as Kind>::register(c, &mut Registrar::new(builder, rule, i as u16));
                        }
                    })*
                }
            }
        }

        impl CheckSpec {
            /// Register a team's `[vocabulary]` phrases with every clause of rule `rule`, in the
            /// roles its kind gives them (a kind without a vocabulary takes none).
            pub fn register_vocabulary(
                &self,
                rule: u32,
                builder: &mut MatcherBuilder,
                extend: &[String],
                allow: &[String],
            ) {
                match self {
                    $(CheckSpec::$variant(clauses) => {
                        let Some(roles) = <$kind as Kind>::VOCABULARY else { return };
                        for i in 0..clauses.0.len() {
                            let mut r = Registrar::new(builder, rule, i as u16);
                            r.words(roles.extend, extend);
                            if let Some(role) = roles.allow {
                                r.words(role, allow);
                            }
                        }
                    })*
                }
            }
        }

        /// The names of the kinds whose rules take a `[vocabulary]`, in list order.
        pub fn vocabulary_kinds() -> Vec<&'static str> {
            let mut out = Vec::new();
            $(if <$kind as Kind>::VOCABULARY.is_some() {
                out.push(<$kind as Kind>::NAME);
            })*
            out
        }

        #[cfg(test)]
        /// Each kind's variant name and its `Kind::NAME`, in list order.
        const VARIANTS: &[(&str, &str)] = &[$((stringify!($variant), <$kind as Kind>::NAME),)*];
    };
}

kinds! {
    /// Phrases that must not appear in a scope.
    Forbid => forbid::Forbid,
    /// A phrase that must appear in a scope, optionally only when a trigger is present.
    Require => require::Require,
    /// Named steps that must all appear, or appear in order.
    Sequence => sequence::Sequence,
    /// A time standard whose number is a placeholder.
    TimePlaceholder => time_placeholder::TimePlaceholder,
    /// A step or a commitment that sets time without a number.
    TimeVague => time_vague::TimeVague,
    /// A customer moment an SOP covers without a time standard.
    TimeMissing => time_missing::TimeMissing,
    /// A promise of a later action with no time at all.
    TimeOpen => time_open::TimeOpen,
    /// A time standard looser than the configured limit for its moment.
    TimeLimit => time_limit::TimeLimit,
    /// The same moment given different standards, in one document or across documents.
    TimeConsistency => time_consistency::TimeConsistency,
    /// Emitted by the engine itself (I/O, encodings, directives); no parameters.
    Engine => engine::EngineCheck,
}

impl Check {
    /// Whether the check finds faults (phrases, vague or loose times, steps out of order) rather
    /// than the absence of a standard: its findings are deducted from a score, not counted as a
    /// missing standard.
    pub fn is_fault(&self) -> bool {
        match self {
            Check::Require(_) | Check::TimeMissing(_) | Check::Engine(_) => false,
            Check::Sequence(clauses) => clauses
                .iter()
                .any(|c| c.mode == sequence::SequenceMode::Order),
            Check::Forbid(_)
            | Check::TimePlaceholder(_)
            | Check::TimeVague(_)
            | Check::TimeOpen(_)
            | Check::TimeLimit(_)
            | Check::TimeConsistency(_) => true,
        }
    }
}

/// A finding before its message is written: what the check found and its parameters.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    /// Where.
    pub span: Span,
    /// The text found (fills `{found}`).
    pub found: String,
    /// Other message parameters.
    pub params: Vec<(&'static str, String)>,
    /// Replacement text.
    pub suggestion: Option<String>,
    /// Secondary labelled spans.
    pub labels: Vec<(Span, String)>,
}

/// Run one kind's clause over documents, as the engine would run it as the only rule.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Ctx, Draft, Kind, TimeFact, TimeSettings, segments};
    use crate::matcher::{Hit, MatcherBuilder, PatternUse, Scratch};
    use crate::model::Lang;
    use crate::parse::{ParseOptions, parse};

    /// Compile a clause written as TOML (the body of `[check.<kind>]`), which must have no problems.
    pub fn clause<K: Kind>(spec: &str) -> (K, K::Spec) {
        let spec: K::Spec = toml::from_str(spec).unwrap_or_else(|e| panic!("{e}"));
        let mut problems = super::Problems::default();
        let compiled = K::compile(&spec, &mut problems);
        assert!(problems.list.is_empty(), "{:?}", problems.list);
        (compiled, spec)
    }

    /// The problems of a clause written as TOML.
    pub fn problems<K: Kind>(spec: &str) -> Vec<String> {
        let spec: K::Spec = toml::from_str(spec).unwrap_or_else(|e| panic!("{e}"));
        let mut problems = super::Problems::default();
        K::compile(&spec, &mut problems);
        problems.list.into_iter().map(|(_, m)| m).collect()
    }

    /// What the clause finds in a document (messages in English): each draft's text and params.
    pub fn run<K: Kind>(spec: &str, text: &str) -> Vec<Draft> {
        with(spec, text, |clause: &K, ctx, hits| {
            let mut out = Vec::new();
            clause.run(0, ctx, hits, &mut out);
            out
        })
    }

    /// The facts the clause keeps of a document.
    pub fn facts<K: Kind>(spec: &str, text: &str) -> Vec<TimeFact> {
        with(spec, text, |clause: &K, ctx, hits| {
            let mut out = Vec::new();
            clause.facts(0, 0, ctx, hits, &mut out);
            out
        })
    }

    /// The texts a clause's drafts found.
    pub fn found<K: Kind>(spec: &str, text: &str) -> Vec<String> {
        run::<K>(spec, text).into_iter().map(|d| d.found).collect()
    }

    fn with<K: Kind, T>(
        spec: &str,
        text: &str,
        f: impl FnOnce(&K, &Ctx<'_>, &[(Hit, PatternUse)]) -> T,
    ) -> T {
        let (clause, spec) = clause::<K>(spec);
        let mut builder = MatcherBuilder::default();
        K::register(&spec, &mut super::Registrar::new(&mut builder, 0, 0));
        let matcher = builder.build();
        let doc = parse(text.to_string(), &ParseOptions::default());
        let segs = segments(&doc);
        let mut found: Vec<Hit> = Vec::new();
        let mut scratch = Scratch::default();
        for (i, seg) in segs.iter().enumerate() {
            matcher.scan(&doc.text, seg.span, i as u32, &mut scratch, &mut found);
        }
        let hits: Vec<(Hit, PatternUse)> = found
            .iter()
            .flat_map(|h| matcher.uses(h.pattern).iter().map(move |u| (*h, *u)))
            .filter(|(_, u)| doc.langs.contains(&u.lang))
            .collect();
        let time = TimeSettings::default();
        let ctx = Ctx::new(&doc, &segs, &matcher, Lang::En, &time);
        f(&clause, &ctx, &hits)
    }
}

#[cfg(test)]
mod tests {
    use super::{CheckSpec, VARIANTS};

    #[test]
    fn each_kind_name_is_its_variant_in_kebab_case() {
        for (variant, name) in VARIANTS {
            let mut kebab = String::new();
            for (i, c) in variant.char_indices() {
                if c.is_ascii_uppercase() && i > 0 {
                    kebab.push('-');
                }
                kebab.push(c.to_ascii_lowercase());
            }
            assert_eq!(&kebab, name);
        }
    }

    #[test]
    fn rule_files_name_the_kinds_as_listed() {
        let err = toml::from_str::<CheckSpec>("[no-such-kind]\n").expect_err("unknown kind");
        let names: Vec<String> = VARIANTS.iter().map(|(_, n)| format!("`{n}`")).collect();
        assert!(
            err.message().contains(&names.join(", ")),
            "{}",
            err.message()
        );
    }
}
