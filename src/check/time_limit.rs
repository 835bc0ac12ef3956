//! `time-limit`: a time standard looser than the limit for its moment (defaults: greeting 10 s,
//! phone answer 3 rings; `[time.limits]` in the config overrides).

use super::spec::{self, MomentSpec, Problems, Registrar};
use super::time_common::{Moment, in_counter, is_lower_bound, moment_hits, moment_of};
use super::{Applies, Ctx, Draft, Kind};
use crate::matcher::{Hit, PatternUse};
use crate::time::{TimeUnit, to_seconds};
use serde::Deserialize;
use toml::Spanned;

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

/// One compiled `time-limit` clause.
#[derive(Debug)]
pub struct TimeLimit {
    /// Kinds and sections.
    pub applies: Applies,
    /// The moments, in the order of `UseRole::Moment` indices.
    pub moments: Vec<Moment>,
    /// The rule's default limits by moment id: (value, unit, as written).
    pub limits: Vec<(String, f64, TimeUnit, String)>,
}

impl Kind for TimeLimit {
    type Spec = TimeLimitSpec;
    const NAME: &'static str = "time-limit";
    const PLACEHOLDERS: &'static [&'static str] = &["found", "moment", "limit"];

    fn compile(c: &TimeLimitSpec, problems: &mut Problems) -> Self {
        let moments = spec::moments(problems, &c.moments);
        let mut limits = Vec::new();
        for (id, text) in &c.limits {
            if !moments.iter().any(|m| &m.id == id) {
                problems.push(text.span(), format!("limit for unknown moment `{id}`"));
            }
            match crate::time::parse_duration(text.get_ref()) {
                Ok((value, unit)) => limits.push((id.clone(), value, unit, text.get_ref().clone())),
                Err(e) => problems.push(text.span(), e),
            }
        }
        TimeLimit {
            applies: Applies::default(),
            moments,
            limits,
        }
    }

    fn register(c: &TimeLimitSpec, phrases: &mut Registrar<'_>) {
        phrases.moments(&c.moments);
    }

    /// Report standards looser than their moment's limit.
    fn run(&self, clause: u16, ctx: &Ctx<'_>, hits: &[(Hit, PatternUse)], out: &mut Vec<Draft>) {
        if !self.applies.kind_ok(ctx.doc) {
            return;
        }
        let ring = ctx.time.ring_seconds;
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
            let moment = &self.moments[m];
            let configured = ctx.time.limits.iter().find(|(id, ..)| id == &moment.id);
            let default = self.limits.iter().find(|(id, ..)| id == &moment.id);
            let Some((_, limit, unit, written)) = configured.or(default) else {
                continue;
            };
            // Compare like with like; rings and seconds meet through ring-seconds.
            let (mine, theirs) = if e.unit == *unit {
                (value, *limit)
            } else {
                (
                    to_seconds(value, e.unit, ring),
                    to_seconds(*limit, *unit, ring),
                )
            };
            if mine > theirs + 1e-9 {
                out.push(Draft {
                    span: e.span,
                    found: e.span.text(&ctx.doc.text).to_string(),
                    params: vec![
                        ("moment", moment.name(ctx.ui).to_string()),
                        ("limit", limit_text(*limit, *unit, written, ctx.ui)),
                    ],
                    ..Draft::default()
                });
            }
        }
    }
}

/// The limit as a message shows it: in a Chinese message with a Chinese unit (`3声`, `10秒`,
/// `2分钟`), however the config wrote it; in English as written.
fn limit_text(value: f64, unit: TimeUnit, written: &str, ui: crate::model::Lang) -> String {
    if ui != crate::model::Lang::Zh {
        return written.to_string();
    }
    let whole = |n: f64| {
        if n.fract() == 0.0 {
            format!("{n:.0}")
        } else {
            format!("{n}")
        }
    };
    match unit {
        TimeUnit::Rings => format!("{}声", whole(value)),
        TimeUnit::Seconds if value >= 3600.0 && value % 3600.0 == 0.0 => {
            format!("{}小时", whole(value / 3600.0))
        }
        TimeUnit::Seconds if value >= 60.0 && value % 60.0 == 0.0 => {
            format!("{}分钟", whole(value / 60.0))
        }
        TimeUnit::Seconds => format!("{}秒", whole(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::TimeLimit;
    use crate::check::testing::{problems, run};

    const SPEC: &str = r#"
        limits = { greeting = "10s" }
        [[moments]]
        id = "greeting"
        name = { zh = "问候", en = "greeting" }
        zh = ["问候"]
        en = ["greet"]
    "#;

    #[test]
    fn chinese_messages_show_chinese_units() {
        use crate::model::Lang;
        use crate::time::TimeUnit;
        assert_eq!(
            super::limit_text(3.0, TimeUnit::Rings, "3 rings", Lang::Zh),
            "3声"
        );
        assert_eq!(
            super::limit_text(10.0, TimeUnit::Seconds, "10s", Lang::Zh),
            "10秒"
        );
        assert_eq!(
            super::limit_text(120.0, TimeUnit::Seconds, "2min", Lang::Zh),
            "2分钟"
        );
        assert_eq!(
            super::limit_text(90.0, TimeUnit::Seconds, "1.5 min", Lang::Zh),
            "90秒"
        );
        assert_eq!(
            super::limit_text(7200.0, TimeUnit::Seconds, "2h", Lang::Zh),
            "2小时"
        );
        assert_eq!(
            super::limit_text(3.0, TimeUnit::Rings, "3 rings", Lang::En),
            "3 rings"
        );
    }

    #[test]
    fn flags_a_standard_looser_than_its_limit() {
        let drafts = run::<TimeLimit>(SPEC, "1. 30秒内问候顾客\n");
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].found, "30秒内");
        assert_eq!(
            drafts[0].params,
            [
                ("moment", "greeting".to_string()),
                ("limit", "10s".to_string())
            ]
        );
    }

    #[test]
    fn passes_a_standard_within_the_limit_and_other_moments() {
        assert!(run::<TimeLimit>(SPEC, "1. 5秒内问候顾客\n").is_empty());
        assert!(run::<TimeLimit>(SPEC, "1. 30秒内回复邮件\n").is_empty());
    }

    #[test]
    fn limits_are_checked() {
        let spec = SPEC
            .replace("\"10s\"", "\"ten\"")
            .replace("greeting = ", "nope = ");
        let found = problems::<TimeLimit>(&spec);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0], "limit for unknown moment `nope`");
    }
}
