//! `time-placeholder`: a time standard whose number was never filled in (`在xx秒内`, `___ minutes`, `N rings`).

use super::spec::{PhraseSet, Problems, Registrar, check_set};
use super::time_common::in_counter;
use super::{Applies, Ctx, Draft, Kind};
use crate::matcher::{Hit, PatternUse, UseRole};
use crate::model;
use serde::Deserialize;

/// `[check.time-placeholder]`: a time standard whose number is a placeholder (`在xx秒内`, `___ minutes`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimePlaceholderSpec {
    /// Document kinds the clause applies to (default both).
    #[serde(default)]
    pub kinds: Option<Vec<model::Kind>>,
    /// Only inside sections whose heading holds one of these phrases.
    #[serde(default)]
    pub section: Option<PhraseSet>,
}

/// One compiled `time-placeholder` clause.
#[derive(Debug)]
pub struct TimePlaceholder {
    /// Kinds and sections.
    pub applies: Applies,
}

/// Text that talks about a template ("the time-standard template (greet within xx seconds …)",
/// "placeholder standards: …") names its placeholders rather than leaving them unfilled.
fn describes_template(ctx: &Ctx<'_>, offset: usize) -> bool {
    let Some(b) = ctx.doc.block_at(offset) else {
        return false;
    };
    let start = ctx.doc.blocks[b].content.start.min(offset);
    let before = ctx.doc.text.get(start..offset).unwrap_or("").to_lowercase();
    ["template", "placeholder", "模板", "占位"]
        .iter()
        .any(|w| before.contains(w))
}

impl Kind for TimePlaceholder {
    type Spec = TimePlaceholderSpec;
    const NAME: &'static str = "time-placeholder";
    const PLACEHOLDERS: &'static [&'static str] = &["found"];

    fn compile(c: &TimePlaceholderSpec, problems: &mut Problems) -> Self {
        check_set(problems, c.section.as_ref());
        TimePlaceholder {
            applies: Applies::of(&c.kinds, &c.section),
        }
    }

    fn register(c: &TimePlaceholderSpec, phrases: &mut Registrar<'_>) {
        phrases.set(UseRole::Section, c.section.as_ref());
    }

    /// Report every placeholder time standard.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let sections = self.applies.sections(clause, ctx, hits);
        for std in ctx.times() {
            let e = &std.expr;
            if !e.placeholder
                || in_counter(ctx.doc, e.span.start)
                || describes_template(ctx, e.span.start)
            {
                continue;
            }
            if let Some(s) = &sections {
                let own = ctx.doc.blocks[std.block].section;
                if !s.iter().any(|&t| ctx.doc.section_within(own, t)) {
                    continue;
                }
            }
            out.push(Draft {
                span: e.span,
                found: e.span.text(&ctx.doc.text).to_string(),
                ..Draft::default()
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TimePlaceholder;
    use crate::check::testing::found;

    #[test]
    fn flags_a_placeholder_standard() {
        assert_eq!(
            found::<TimePlaceholder>("", "1. 在xx秒内接起电话\n"),
            ["在xx秒内"]
        );
        let found = found::<TimePlaceholder>("", "1. Answer within ___ minutes\n");
        assert!(
            found.len() == 1 && found[0].contains("___ minutes"),
            "{found:?}"
        );
    }

    #[test]
    fn passes_numbers_templates_and_other_sections() {
        assert!(found::<TimePlaceholder>("", "1. 在10秒内接起电话\n").is_empty());
        assert!(found::<TimePlaceholder>("", "时间标准模板：在xx秒内接起\n").is_empty());
        let section = "section.zh = [\"接待\"]";
        assert!(found::<TimePlaceholder>(section, "# 投诉\n\n1. 在xx秒内接起电话\n").is_empty());
        assert_eq!(
            found::<TimePlaceholder>(section, "# 接待\n\n1. 在xx秒内接起电话\n").len(),
            1
        );
    }
}
