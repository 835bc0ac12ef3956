//! Run-level checks that compare documents (time/inconsistent): the facts of every file are
//! indexed once, then each file's facts are judged against the index.

use super::{Engine, render, sort};
use crate::check::Draft;
use crate::finding::{FileReport, Finding, Level, Related};
use crate::model::Lang;

impl Engine<'_> {
    /// Compare the facts of every file (time standards per moment) and add a finding, with the other
    /// places as related locations, to each standard that disagrees with another.
    pub fn cross_check(&self, reports: &mut [FileReport]) {
        let index = ConsistencyIndex::build(reports);
        for report in reports.iter_mut() {
            let found = self.inconsistencies(&index, report);
            if !found.is_empty() {
                report.findings.extend(found);
                sort(&mut report.findings);
            }
        }
    }

    /// The inconsistency findings of one file, given the index of every file's facts.
    pub fn inconsistencies(&self, index: &ConsistencyIndex, report: &FileReport) -> Vec<Finding> {
        let mut out = Vec::new();
        for mine in &report.facts {
            let rule_index = mine.rule as usize;
            let level = self.levels[rule_index];
            if level == Level::Off || mine.suppressed {
                continue;
            }
            let Some(values) = index.values.get(&(mine.rule, mine.moment.clone())) else {
                continue;
            };
            // Only the first three places are shown: no need to gather every other value's places.
            let mut others = values
                .iter()
                .filter(|(v, _)| (v - mine.seconds).abs() > 1e-6)
                .flat_map(|(_, examples)| examples.iter())
                .take(3)
                .peekable();
            let Some(&first) = others.peek() else {
                continue;
            };
            let ui = self.ui.for_doc(report.lang.unwrap_or(Lang::En));
            let related = others
                .map(|e| Related {
                    path: e.path.clone(),
                    line: e.position.line,
                    column: e.position.column,
                    message: other_standard(ui, &e.text),
                })
                .collect();
            let mut finding = render(
                &self.rules.rules[rule_index],
                level,
                ui,
                Draft {
                    span: mine.span,
                    found: mine.text.clone(),
                    params: vec![
                        ("moment", mine.moment_name.clone()),
                        ("other", first.text.clone()),
                    ],
                    ..Draft::default()
                },
            );
            finding.related = related;
            (finding.start, finding.end) = (mine.start, mine.end);
            out.push(finding);
        }
        out
    }
}

/// One place that states a value, kept as an example for related locations.
#[derive(Clone, Debug)]
pub struct Example {
    path: String,
    position: crate::span::Position,
    text: String,
}

/// Per (rule, moment): each distinct value with up to three example places. Small whatever the
/// number of files, so cross-document checks need not keep every fact's neighbours.
#[derive(Debug, Default)]
pub struct ConsistencyIndex {
    values: std::collections::HashMap<(u32, String), Vec<ValueExamples>>,
}

/// A value (seconds) and a few places that state it.
type ValueExamples = (f64, Vec<Example>);

impl ConsistencyIndex {
    /// Index the facts of every file.
    pub fn build(reports: &[FileReport]) -> Self {
        let mut index = ConsistencyIndex::default();
        for report in reports {
            index.add(report);
        }
        index
    }

    /// Add one file's facts.
    pub fn add(&mut self, report: &FileReport) {
        for fact in &report.facts {
            let values = self
                .values
                .entry((fact.rule, fact.moment.clone()))
                .or_default();
            let example = || Example {
                path: report.path.clone(),
                position: fact.start,
                text: fact.text.clone(),
            };
            match values
                .iter_mut()
                .find(|(v, _)| (v - fact.seconds).abs() <= 1e-6)
            {
                Some((_, examples)) if examples.len() < 3 => examples.push(example()),
                Some(_) => {}
                None => values.push((fact.seconds, vec![example()])),
            }
        }
    }
}

/// A related location's message: the other standard's text, quoted.
fn other_standard(ui: Lang, text: &str) -> String {
    let (open, close) = match ui {
        Lang::Zh => ("另一处标准：“", "”"),
        Lang::En => ("the other standard: \"", "\""),
    };
    let mut message = String::with_capacity(open.len() + text.len() + close.len());
    message.push_str(open);
    message.push_str(text);
    message.push_str(close);
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_standard_as_format() {
        for text in ["", "24小时", "a \"b\""] {
            assert_eq!(
                other_standard(Lang::Zh, text),
                format!("另一处标准：“{}”", text)
            );
            assert_eq!(
                other_standard(Lang::En, text),
                format!("the other standard: \"{}\"", text)
            );
        }
    }
}
