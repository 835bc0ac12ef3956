//! `time-consistency`: the same moment given different standards, within a document or across the
//! documents of one run. Each document yields small facts; they are judged once every file is read.

mod index;
mod store;

pub use index::{ConsistencyIndex, Disagreement, Other};
pub use store::FactStore;

use super::spec::{self, MomentSpec, Problems, Registrar};
use super::time_common::{Moment, in_counter, is_lower_bound, moment_hits, moment_of};
use super::{Ctx, Draft, Kind};
use crate::matcher::{Hit, PatternUse};
use crate::span::Span;
use crate::time::to_seconds;
use serde::Deserialize;

/// `[check.time-consistency]`: different standards for the same moment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeConsistencySpec {
    /// The moments compared.
    pub moments: Vec<MomentSpec>,
}

/// One compiled `time-consistency` clause.
#[derive(Debug)]
pub struct TimeConsistency {
    /// The moments compared, in the order of `UseRole::Moment` indices.
    pub moments: Vec<Moment>,
}

/// One time standard for a moment: what cross-document comparison keeps of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeFact {
    /// The rule that compares (index in the rule set).
    pub rule: u32,
    /// The moment's id.
    pub moment: String,
    /// The moment's name in the document's message language.
    pub moment_name: String,
    /// The loosest value, in seconds (rings converted with ring-seconds).
    pub seconds: f64,
    /// The expression as written.
    pub text: String,
    /// Where.
    pub span: Span,
    /// Whether a suppression directive covers this place for the rule.
    pub suppressed: bool,
    /// Where the span starts and ends (filled in with the file's line index).
    pub start: crate::span::Position,
    /// Where the span ends.
    pub end: crate::span::Position,
}

impl Kind for TimeConsistency {
    type Spec = TimeConsistencySpec;
    const NAME: &'static str = "time-consistency";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "moment", "other"];

    fn compile(c: &TimeConsistencySpec, problems: &mut Problems) -> Self {
        TimeConsistency {
            moments: spec::moments(problems, &c.moments),
        }
    }

    fn register(c: &TimeConsistencySpec, phrases: &mut Registrar<'_>) {
        phrases.moments(&c.moments);
    }

    /// Nothing on its own: findings come from comparing every document's facts
    /// ([`ConsistencyIndex::judge`], driven by `engine::cross`).
    fn run(&self, _: u16, _: &Ctx<'_>, _: &[(Hit, PatternUse)], _: &mut Vec<Draft>) {}

    /// The facts of one document: each time standard that names a moment.
    fn facts(
        &self,
        rule: u32,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        out: &mut Vec<TimeFact>,
    ) {
        let moments = moment_hits(clause, hits);
        for std in ctx.times() {
            let e = &std.expr;
            let Some(value) = e.value() else { continue };
            if in_counter(ctx.doc, e.span.start) || is_lower_bound(ctx.doc, e) {
                continue;
            }
            let Some(m) = moment_of(ctx, &moments, std) else {
                continue;
            };
            out.push(TimeFact {
                rule,
                moment: self.moments[m].id.clone(),
                moment_name: self.moments[m].name(ctx.ui).to_string(),
                seconds: to_seconds(value, e.unit, ctx.time.ring_seconds),
                text: e.span.text(&ctx.doc.text).to_string(),
                span: e.span,
                suppressed: false,
                start: Default::default(),
                end: Default::default(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ConsistencyIndex, TimeConsistency, TimeFact};
    use crate::check::testing::{facts, run};
    use crate::model::Lang;
    use crate::span::LineIndex;

    const SPEC: &str = r#"
        [[moments]]
        id = "reply"
        name = { zh = "回复", en = "reply" }
        zh = ["回复"]
        en = ["reply"]
    "#;

    /// The facts of a document with positions, as a run keeps them.
    fn placed(text: &str) -> Vec<TimeFact> {
        let index = LineIndex::new(text);
        let mut facts = facts::<TimeConsistency>(SPEC, text);
        for f in &mut facts {
            (f.start, f.end) = index.range(text, f.span);
        }
        facts
    }

    #[test]
    fn keeps_each_standard_that_names_a_moment() {
        let found =
            facts::<TimeConsistency>(SPEC, "1. 24小时内回复\n2. 至少3天后回访\n3. 10分钟内处理\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].moment.as_str(), found[0].seconds),
            ("reply", 86400.0)
        );
        assert_eq!(found[0].text, "24小时内");
        assert!(run::<TimeConsistency>(SPEC, "1. 24小时内回复\n").is_empty());
    }

    #[test]
    fn flags_a_standard_another_file_states_differently() {
        let a = placed("1. 24小时内回复\n");
        let b = placed("1. 48小时内回复\n");
        let mut index = ConsistencyIndex::default();
        index.add("a.md", &a);
        index.add("b.md", &b);
        let judged = index.judge(&a[0], Lang::En).expect("disagrees");
        assert_eq!(judged.draft.found, "24小时内");
        assert_eq!(
            judged.draft.params,
            [
                ("moment", "reply".to_string()),
                ("other", "48小时内".to_string())
            ]
        );
        assert_eq!(judged.others.len(), 1);
        assert_eq!(judged.others[0].path, "b.md");
        assert_eq!(judged.others[0].message, "the other standard: \"48小时内\"");
    }

    #[test]
    fn passes_files_that_agree() {
        let a = placed("1. 24小时内回复\n");
        let b = placed("1. 一天内回复\n");
        let mut index = ConsistencyIndex::default();
        index.add("a.md", &a);
        index.add("b.md", &b);
        assert!(index.judge(&a[0], Lang::En).is_none());
        assert!(index.judge(&b[0], Lang::Zh).is_none());
    }
}
