//! `sequence`: named steps (each a phrase set) that must all be present, or come in order.

use super::judged::Judged as Turns;
use super::spec::{PhraseSet, Phrases, Problems, Registrar, Text, check_set, require_phrases};
use super::{Applies, Cover, Ctx, Draft, Judged, Kind, Scope};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model::{self, Lang};
use crate::span::Span;
use serde::Deserialize;

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
    /// Whether the step may come before or after the step listed just before it (both orders are
    /// taught: apologise then acknowledge feelings, or LEARN's empathise then apologise).
    #[serde(default, rename = "with-previous")]
    pub with_previous: bool,
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
    pub scope: Scope,
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
    /// Apply only when one of these trigger phrases appears in `when-scope`.
    #[serde(default)]
    pub when: Option<PhraseSet>,
    /// Where to look for the trigger (default `document`).
    #[serde(default = "document")]
    pub when_scope: Scope,
    /// Longer phrases that hold a trigger but do not count ("nothing is broken", "没有坏").
    #[serde(default)]
    pub when_except: Option<PhraseSet>,
    /// `order` or `complete`.
    pub mode: SequenceMode,
    /// With `complete`: how many steps must be present before the others count as missing
    /// (so a passing mention is not taken for a procedure). Default 3.
    #[serde(default = "three")]
    pub min_present: usize,
    /// The steps, in their right order.
    pub steps: Vec<StepSpec>,
}

fn items() -> Scope {
    Scope::Items
}

fn document() -> Scope {
    Scope::Document
}

fn three() -> usize {
    3
}

/// One compiled `sequence` clause.
#[derive(Debug)]
pub struct Sequence {
    /// Where the steps are.
    pub scope: Scope,
    /// Kinds and sections.
    pub applies: Applies,
    /// Whether trigger phrases gate the clause.
    pub when: bool,
    /// Where triggers are looked for.
    pub when_scope: Scope,
    /// Order or completeness.
    pub mode: SequenceMode,
    /// With `complete`: steps that must be present before missing ones count.
    pub min_present: usize,
    /// Step names (zh, en), in order.
    pub names: Vec<(String, String)>,
    /// Each step's place in the order: a step `with-previous` shares its predecessor's.
    pub ranks: Vec<usize>,
}

impl Sequence {
    fn name(&self, step: usize, ui: Lang) -> String {
        let (zh, en) = &self.names[step];
        match ui {
            Lang::Zh => zh.clone(),
            Lang::En => en.clone(),
        }
    }

    /// The first place each present step shows in a region, or `None` when triggers gate the
    /// clause and the region has none.
    fn present(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
    ) -> Option<Vec<(usize, Span)>> {
        let judged = Turns::new(ctx);
        if self.when {
            let exceptions = super::require::when_exceptions(clause, hits);
            let triggered = hits.iter().any(|(h, u)| {
                let seg = ctx.seg(h);
                u.clause == clause
                    && u.role == UseRole::When
                    && judged.in_scope(ctx, seg, self.when_scope)
                    && ctx.in_sections(seg, sections)
                    && !exceptions.iter().any(|e| e.contains(h.span))
            });
            if !triggered {
                return None;
            }
        }
        // The first place each step shows.
        let mut first: Vec<Option<Span>> = vec![None; self.names.len()];
        for (h, u) in hits {
            let UseRole::Step(step) = u.role else {
                continue;
            };
            let seg = ctx.seg(h);
            if u.clause != clause
                || !judged.in_scope(ctx, seg, self.scope)
                || !ctx.in_sections(seg, sections)
            {
                continue;
            }
            let slot = &mut first[step as usize];
            if slot.is_none_or(|s| h.span.start < s.start) {
                *slot = Some(h.span);
            }
        }
        Some(
            first
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| (i, s)))
                .collect(),
        )
    }

    fn run_region(
        &self,
        clause: u16,
        ctx: &Ctx<'_>,
        hits: &[(Hit, PatternUse)],
        sections: Option<&[usize]>,
        out: &mut Vec<Draft>,
    ) {
        let Some(present) = self.present(clause, ctx, hits, sections) else {
            return;
        };
        match self.mode {
            SequenceMode::Order => self.order(ctx, present, out),
            SequenceMode::Complete => self.complete(ctx, &present, sections, out),
        }
    }

    fn order(&self, ctx: &Ctx<'_>, mut present: Vec<(usize, Span)>, out: &mut Vec<Draft>) {
        present.sort_by_key(|(_, s)| s.start);
        for pair in present.windows(2) {
            let (early, early_span) = pair[0];
            let (late, late_span) = pair[1];
            if self.ranks[early] > self.ranks[late] {
                let step = self.name(early, ctx.ui);
                let before = self.name(late, ctx.ui);
                let (here, there) = match ctx.ui {
                    Lang::Zh => (format!("“{step}”在这里"), format!("“{before}”应在它之前")),
                    Lang::En => (
                        format!("\"{step}\" comes here"),
                        format!("\"{before}\" should come before it"),
                    ),
                };
                out.push(Draft {
                    span: early_span,
                    found: early_span.text(&ctx.doc.text).to_string(),
                    params: vec![("step", step), ("before", before)],
                    suggestion: None,
                    labels: vec![(early_span, here), (late_span, there)],
                });
            }
        }
    }

    fn complete(
        &self,
        ctx: &Ctx<'_>,
        present: &[(usize, Span)],
        sections: Option<&[usize]>,
        out: &mut Vec<Draft>,
    ) {
        if present.len() < self.min_present.max(1) || present.len() == self.names.len() {
            return;
        }
        let missing: Vec<String> = (0..self.names.len())
            .filter(|i| !present.iter().any(|(p, _)| p == i))
            .map(|i| self.name(i, ctx.ui))
            .collect();
        let joined = match ctx.ui {
            Lang::Zh => missing.join("、"),
            Lang::En => missing.join(", "),
        };
        let span = sections
            .and_then(|s| s.first())
            .and_then(|&s| ctx.doc.sections[s].heading)
            .map(|b| ctx.doc.blocks[b].span)
            .or_else(|| Turns::new(ctx).anchor(ctx, self.scope, sections))
            .unwrap_or_default();
        out.push(Draft {
            span,
            found: String::new(),
            params: vec![("missing", joined)],
            suggestion: None,
            labels: present
                .iter()
                .map(|(i, s)| (*s, self.name(*i, ctx.ui)))
                .collect(),
        });
    }
}

impl Kind for Sequence {
    type Spec = SequenceSpec;
    const NAME: &'static str = "sequence";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "missing", "step", "before"];

    fn compile(c: &SequenceSpec, problems: &mut Problems) -> Self {
        if c.steps.len() < 2 {
            problems.push(
                problems.check.clone(),
                "a sequence needs at least two steps",
            );
        }
        for step in &c.steps {
            require_phrases(problems, &step.zh, &step.en, false, "sequence step");
        }
        check_set(problems, c.when.as_ref());
        check_set(problems, c.when_except.as_ref());
        check_set(problems, c.section.as_ref());
        Sequence {
            scope: c.scope,
            applies: Applies::of(&c.kinds, &c.section),
            when: c.when.is_some(),
            when_scope: c.when_scope,
            mode: c.mode,
            min_present: c.min_present,
            names: c
                .steps
                .iter()
                .map(|s| (s.name.zh.get_ref().clone(), s.name.en.get_ref().clone()))
                .collect(),
            ranks: c
                .steps
                .iter()
                .scan(0usize, |rank, step| {
                    if !step.with_previous {
                        *rank += 1;
                    }
                    Some(*rank)
                })
                .collect(),
        }
    }

    fn register(c: &SequenceSpec, phrases: &mut Registrar<'_>) {
        for (s, step) in c.steps.iter().enumerate() {
            phrases.lists(UseRole::Step(s as u16), &step.zh, &step.en);
        }
        phrases.set(UseRole::When, c.when.as_ref());
        phrases.set(UseRole::WhenExcept, c.when_except.as_ref());
        phrases.set(UseRole::Section, c.section.as_ref());
    }

    /// Report steps out of order, or missing steps.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        for region in self.applies.regions(clause, ctx, hits) {
            self.run_region(clause, ctx, hits, region.as_deref(), out);
        }
    }

    /// With `complete`: each step is present or absent where the steps make a procedure (as
    /// many present as `min-present`), and not applicable elsewhere. Order is a fault, no standard.
    fn cover(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Cover>) {
        if self.mode != SequenceMode::Complete {
            return;
        }
        let mut judged = vec![Judged::NotApplicable; self.names.len()];
        if self.applies.kind_ok(ctx.doc) {
            for region in self.applies.regions(clause, ctx, hits) {
                let Some(present) = self.present(clause, ctx, hits, region.as_deref()) else {
                    continue;
                };
                if present.len() < self.min_present.max(1) {
                    continue;
                }
                for (i, j) in judged.iter_mut().enumerate() {
                    let here = if present.iter().any(|(p, _)| *p == i) {
                        Judged::Present
                    } else {
                        Judged::Absent
                    };
                    *j = (*j).max(here);
                }
            }
        }
        for ((zh, en), judged) in self.names.iter().zip(judged) {
            out.push(Cover {
                part: Some((en.clone(), zh.clone(), en.clone())),
                judged,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Sequence;
    use crate::check::testing::{problems, run};

    const STEPS: &str = r#"
        [[steps]]
        name = { zh = "核实身份", en = "verify" }
        en = ["verify"]
        [[steps]]
        name = { zh = "查询", en = "look up" }
        en = ["look up"]
        [[steps]]
        name = { zh = "答复", en = "answer" }
        en = ["answer"]
    "#;

    fn spec(mode: &str) -> String {
        format!("mode = \"{mode}\"\nmin-present = 2\n{STEPS}")
    }

    #[test]
    fn flags_steps_out_of_order() {
        let drafts = run::<Sequence>(
            &spec("order"),
            "1. Look up the order\n2. Verify the caller\n",
        );
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].found, "Look up");
        assert_eq!(
            drafts[0].params,
            [
                ("step", "look up".to_string()),
                ("before", "verify".to_string())
            ]
        );
    }

    #[test]
    fn flags_a_missing_step_once_enough_are_present() {
        let drafts = run::<Sequence>(
            &spec("complete"),
            "1. Verify the caller\n2. Look up the order\n",
        );
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].params, [("missing", "answer".to_string())]);
    }

    #[test]
    fn a_step_with_previous_may_come_either_side_of_it() {
        let spec = "mode = \"order\"\n[[steps]]\nname = { zh = \"一\", en = \"verify\" }\nen = [\"verify\"]\n[[steps]]\nname = { zh = \"二\", en = \"apologise\" }\nen = [\"apologise\"]\n[[steps]]\nname = { zh = \"三\", en = \"empathise\" }\nen = [\"empathise\"]\nwith-previous = true\n[[steps]]\nname = { zh = \"四\", en = \"resolve\" }\nen = [\"resolve\"]\n";
        for ordered in [
            "1. verify\n2. apologise\n3. empathise\n4. resolve\n",
            "1. verify\n2. empathise\n3. apologise\n4. resolve\n",
        ] {
            assert!(run::<Sequence>(spec, ordered).is_empty(), "{ordered}");
        }
        // Sharing a place with its predecessor, it still comes after the steps before that one.
        assert_eq!(run::<Sequence>(spec, "1. empathise\n2. verify\n").len(), 1);
    }

    #[test]
    fn passes_steps_in_order_and_passing_mentions() {
        let ordered = "1. Verify the caller\n2. Look up the order\n3. Answer\n";
        assert!(run::<Sequence>(&spec("order"), ordered).is_empty());
        assert!(run::<Sequence>(&spec("complete"), ordered).is_empty());
        assert!(run::<Sequence>(&spec("complete"), "1. Verify the caller\n").is_empty());
    }

    #[test]
    fn a_sequence_needs_two_steps() {
        let one =
            "mode = \"order\"\n[[steps]]\nname = { zh = \"一\", en = \"one\" }\nen = [\"one\"]\n";
        assert_eq!(
            problems::<Sequence>(one),
            ["a sequence needs at least two steps"]
        );
    }
}
