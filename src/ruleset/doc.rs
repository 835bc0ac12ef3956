//! Rule documentation drawn from the rule files: `explain` pages, the help SARIF shows, the rule tables of README.md and docs/rules.md.

use super::{Rule, RuleSet};
use crate::finding::Level;
use crate::model::Lang;

/// What a reporter knows about a rule (SARIF's rule table), in the language of the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Rule id.
    pub id: String,
    /// One line.
    pub summary: String,
    /// The better practice.
    pub help: String,
    /// The standard behind the rule.
    pub rationale: String,
    /// Level in this run (the rule's own level when it is off).
    pub level: Level,
    /// Whether the rule runs in this run.
    pub enabled: bool,
}

/// The rule table of a run: every rule of `rules` with its effective level from `levels` (same order),
/// its texts in `lang`.
pub fn rule_infos(rules: &RuleSet, levels: &[Level], lang: Lang) -> Vec<RuleInfo> {
    rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let level = levels.get(i).copied().unwrap_or(Level::Off);
            RuleInfo {
                id: rule.id.clone(),
                summary: rule.summary.get(lang).to_string(),
                help: rule.help.get(lang).to_string(),
                rationale: rule.rationale.get(lang).to_string(),
                level: if level == Level::Off {
                    rule.level
                } else {
                    level
                },
                enabled: level != Level::Off,
            }
        })
        .collect()
}

/// A rule's help as plain text: what it checks (the better practice), then why.
pub fn help_text(rule: &RuleInfo) -> String {
    let mut text = rule.help.clone();
    if !rule.rationale.is_empty() {
        text.push_str("\n\n");
        text.push_str(&rule.rationale);
    }
    text
}

/// [`help_text`] as Markdown, pointing to the full `explain` page for the examples.
pub fn help_markdown(rule: &RuleInfo) -> String {
    format!(
        "{}\n\nRun `servicelint explain {}` for examples.",
        help_text(rule),
        rule.id
    )
}

/// The `explain` page of a rule, in fixed sections (Markdown).
pub fn explanation(rule: &Rule, lang: Lang) -> String {
    let (what, why, bad, good, configure, level_word) = match lang {
        Lang::Zh => (
            "检查内容",
            "为什么",
            "会触发的例子",
            "不会触发的例子",
            "配置与关闭",
            "默认级别",
        ),
        Lang::En => (
            "What it checks",
            "Why",
            "Example that fires",
            "Example that passes",
            "Configure or disable",
            "Default level",
        ),
    };
    let level = if rule.enabled {
        rule.level.as_str().to_string()
    } else {
        match lang {
            Lang::Zh => format!("{}（默认关闭）", rule.level.as_str()),
            Lang::En => format!("{} (off unless enabled)", rule.level.as_str()),
        }
    };
    let mut s = String::new();
    s.push_str(&format!(
        "# {}\n\n{}\n\n{level_word}: {level}\n\n",
        rule.id,
        rule.summary.get(lang)
    ));
    s.push_str(&format!("## {what}\n\n{}\n\n", rule.help.get(lang)));
    s.push_str(&format!("## {why}\n\n{}\n\n", rule.rationale.get(lang)));
    if let Some(b) = rule.bad.first() {
        s.push_str(&format!("## {bad}\n\n```\n{}\n```\n\n", b.trim_end()));
    }
    if let Some(g) = rule.good.first() {
        s.push_str(&format!("## {good}\n\n```\n{}\n```\n\n", g.trim_end()));
    }
    let id = &rule.id;
    let family = rule.family();
    match lang {
        Lang::Zh => s.push_str(&format!(
            "## {configure}\n\n在 servicelint.toml 中：\n\n```toml\n[rules]\n\"{id}\" = \"error\"   # 或 warning、info、off\n\"{family}\" = \"warning\"  # 整个规则族\n```\n\n命令行：`--select {id}`、`--ignore {id}`、`--level {id}=off`。\n单处关闭：`<!-- servicelint-disable-next-line {id} -->`；整个文件：`<!-- servicelint-disable-file {id} -->` 或前置元数据 `disable: [{id}]`。\n"
        )),
        Lang::En => s.push_str(&format!(
            "## {configure}\n\nIn servicelint.toml:\n\n```toml\n[rules]\n\"{id}\" = \"error\"   # or warning, info, off\n\"{family}\" = \"warning\"  # the whole family\n```\n\nOn the command line: `--select {id}`, `--ignore {id}`, `--level {id}=off`.\nFor one place: `<!-- servicelint-disable-next-line {id} -->`; for a file: `<!-- servicelint-disable-file {id} -->` or front matter `disable: [{id}]`.\n"
        )),
    }
    s
}

/// A rule's default level as the tables show it: `info`, or `info, off unless enabled`.
fn default_level(rule: &Rule, off: &str) -> String {
    if rule.enabled {
        rule.level.as_str().to_string()
    } else {
        format!("{}, {off}", rule.level.as_str())
    }
}

/// README.md's table: one row per family (in rule order), each rule with its default level.
pub fn family_table(rules: &RuleSet) -> String {
    let mut rows: Vec<(&str, Vec<String>)> = Vec::new();
    for rule in &rules.rules {
        let cell = format!("`{}` ({})", rule.id, default_level(rule, "off by default"));
        match rows.last_mut() {
            Some((family, cells)) if *family == rule.family() => cells.push(cell),
            _ => rows.push((rule.family(), vec![cell])),
        }
    }
    let mut s = String::from("| family | rules |\n|---|---|\n");
    for (family, cells) in rows {
        s.push_str(&format!("| {family} | {} |\n", cells.join(", ")));
    }
    s
}

/// docs/rules.md's table: one row per rule with its default level and its English summary.
pub fn rule_table(rules: &RuleSet) -> String {
    let mut s = String::from("| id | default | what it checks |\n|---|---|---|\n");
    for rule in &rules.rules {
        s.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id,
            default_level(rule, "off unless enabled"),
            rule.summary.en.replace('|', "\\|")
        ));
    }
    s
}

/// `document` with the lines between `<!-- {name}:begin … -->` and `<!-- {name}:end -->` replaced by
/// `body` (the marker lines stay); `None` when the markers are missing.
pub fn splice(document: &str, name: &str, body: &str) -> Option<String> {
    let begin = format!("<!-- {name}:begin");
    let end = format!("<!-- {name}:end -->");
    let start = document.find(&begin)?;
    let body_start = start + document[start..].find('\n')? + 1;
    let body_end = body_start + document[body_start..].find(&end)?;
    Some(format!(
        "{}{body}{}",
        &document[..body_start],
        &document[body_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> RuleSet {
        RuleSet::builtin().expect("the built-in pack loads")
    }

    #[test]
    fn splice_replaces_only_the_marked_lines() {
        let doc = "a\n<!-- t:begin (generated) -->\nold\n<!-- t:end -->\nb\n";
        assert_eq!(
            splice(doc, "t", "new\n").as_deref(),
            Some("a\n<!-- t:begin (generated) -->\nnew\n<!-- t:end -->\nb\n")
        );
        assert_eq!(splice(doc, "u", "x"), None);
    }

    #[test]
    fn tables_have_a_row_per_family_and_per_rule() {
        let rules = builtin();
        let families: std::collections::BTreeSet<&str> =
            rules.rules.iter().map(Rule::family).collect();
        assert_eq!(family_table(&rules).lines().count(), 2 + families.len());
        assert_eq!(rule_table(&rules).lines().count(), 2 + rules.rules.len());
        assert!(
            rule_table(&rules).contains("| `greeting/no-self-id` | info, off unless enabled |")
        );
    }

    #[test]
    fn explanation_has_every_section() {
        let rules = builtin();
        let rule = rules.get("apology/order").expect("a built-in rule");
        let page = explanation(rule, Lang::En);
        for heading in [
            "# apology/order",
            "## What it checks",
            "## Why",
            "## Example that fires",
            "## Example that passes",
            "## Configure or disable",
        ] {
            assert!(page.contains(heading), "{heading}");
        }
    }
}
