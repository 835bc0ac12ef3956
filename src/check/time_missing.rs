//! `time-missing`: an SOP section covers a customer moment (reception, phone, complaints, follow-up)
//! but states no time standard for it — and the document states none anywhere else either.

use super::spec::{self, MomentSpec, Problems, Registrar};
use super::time_common::Moment;
use super::{Applies, Cover, Ctx, Draft, Judged, Kind};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{self, BlockKind};
use serde::Deserialize;

/// `[check.time-missing]`: an SOP section covers a moment but sets no time standard in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeMissingSpec {
    /// Document kinds the clause applies to (default `sop`).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// The moments; a section whose heading names one must state a time standard.
    pub moments: Vec<MomentSpec>,
    /// How many steps or items the section must hold to count as a procedure (default 2).
    #[serde(default = "two")]
    pub min_items: usize,
}

fn two() -> usize {
    2
}

/// One compiled `time-missing` clause.
#[derive(Debug)]
pub struct TimeMissing {
    /// Kinds (default SOPs).
    pub applies: Applies,
    /// The moments, in the order of `UseRole::Moment` indices.
    pub moments: Vec<Moment>,
    /// Items a section needs to count as a procedure.
    pub min_items: usize,
}

impl Kind for TimeMissing {
    type Spec = TimeMissingSpec;
    const NAME: &'static str = "time-missing";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "moment"];

    fn compile(c: &TimeMissingSpec, problems: &mut Problems) -> Self {
        TimeMissing {
            applies: Applies {
                kinds: Some(c.kinds.clone().unwrap_or_else(|| vec![model::Kind::Sop])),
                section: false,
            },
            moments: spec::moments(problems, &c.moments),
            min_items: c.min_items,
        }
    }

    fn register(c: &TimeMissingSpec, phrases: &mut Registrar<'_>) {
        phrases.moments(&c.moments);
    }

    /// Report procedure sections about a moment that hold no time standard.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        let doc = ctx.doc;
        for (block, m, has_standard) in self.sections(clause, ctx, hits) {
            if has_standard {
                continue;
            }
            out.push(Draft {
                span: doc.blocks[block].span,
                found: doc.blocks[block].content.text(&doc.text).to_string(),
                params: vec![("moment", self.moments[m].name(ctx.ui).to_string())],
                ..Draft::default()
            });
        }
    }

    /// Each moment a procedure section covers has a time standard or not; the others are not
    /// applicable.
    fn cover(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Cover>) {
        let mut judged = vec![Judged::NotApplicable; self.moments.len()];
        for (_, m, has_standard) in self.sections(clause, ctx, hits) {
            let here = if has_standard {
                Judged::Present
            } else {
                Judged::Absent
            };
            judged[m] = judged[m].max(here);
        }
        for (moment, judged) in self.moments.iter().zip(judged) {
            out.push(Cover {
                part: Some((moment.id.clone(), moment.zh.clone(), moment.en.clone())),
                judged,
            });
        }
    }
}

impl TimeMissing {
    /// The procedure sections about a moment: heading block, moment, and whether the section (or
    /// the document's own time-standards section) states a time standard.
    fn sections(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
    ) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        if !self.applies.kind_ok(ctx.doc) {
            return out;
        }
        let doc = ctx.doc;
        // A document with a time-standards section of its own covers its moments there.
        let any_standard = ctx.times().iter().any(|t| !doc.blocks[t.block].counter);
        let mut done: Vec<(usize, usize)> = Vec::new();
        for (h, u) in hits {
            let UseRole::Moment(m) = u.role else { continue };
            if u.clause != clause {
                continue;
            }
            let block = ctx.seg(h).block as usize;
            if !matches!(doc.blocks[block].kind, BlockKind::Heading { .. })
                || doc.blocks[block].counter
            {
                continue;
            }
            let section = doc.blocks[block].section;
            let m = m as usize;
            if done
                .iter()
                .any(|&(s, dm)| dm == m && doc.section_within(section, s))
            {
                continue;
            }
            let span = doc.sections[section].span;
            let items = doc
                .blocks
                .iter()
                .filter(|b| {
                    span.contains(b.span)
                        && matches!(b.kind, BlockKind::Step { .. } | BlockKind::Bullet)
                })
                .count();
            if items < self.min_items {
                continue;
            }
            let has_standard =
                any_standard || ctx.times().iter().any(|t| span.contains(t.expr.span));
            done.push((section, m));
            out.push((block, m, has_standard));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::TimeMissing;
    use crate::check::testing::{found, problems, run};

    const SPEC: &str = r#"
        kinds = ["sop", "script"]
        [[moments]]
        id = "phone-answer"
        name = { zh = "接听电话", en = "answering the phone" }
        zh = ["接听"]
        en = ["answering"]
    "#;

    #[test]
    fn flags_a_procedure_without_a_standard() {
        let drafts = run::<TimeMissing>(SPEC, "# 接听流程\n\n1. 报工号\n2. 问候\n");
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].found, "接听流程");
        assert_eq!(
            drafts[0].params,
            [("moment", "answering the phone".to_string())]
        );
    }

    #[test]
    fn passes_a_standard_a_short_section_and_other_moments() {
        for text in [
            "# 接听流程\n\n1. 铃响三声内接听\n2. 问候\n",
            "# 接听流程\n\n1. 报工号\n",
            "# 投诉流程\n\n1. 记录\n2. 答复\n",
        ] {
            assert_eq!(
                found::<TimeMissing>(SPEC, text),
                Vec::<String>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn moments_are_checked() {
        assert_eq!(
            problems::<TimeMissing>("moments = []"),
            ["a time check needs at least one moment"]
        );
    }
}
