//! Run-level checks that compare documents (time/inconsistent): the facts of every file are
//! indexed once, then each file's facts are judged against the index. The facts, their store and
//! the judgement belong to the kind (`check::time_consistency`); this is the driver over reports.

use super::{Engine, render, sort};
use crate::check::time_consistency as consistency;
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
        let ui = self.ui.for_doc(report.lang.unwrap_or(Lang::En));
        for mine in &report.facts {
            let rule_index = mine.rule as usize;
            let level = self.levels[rule_index];
            if level == Level::Off || mine.suppressed {
                continue;
            }
            let Some(judged) = index.0.judge(mine, ui) else {
                continue;
            };
            let mut finding = render(&self.rules.rules[rule_index], level, ui, judged.draft);
            finding.related = judged
                .others
                .into_iter()
                .map(|o| Related {
                    path: o.path,
                    line: o.position.line,
                    column: o.position.column,
                    message: o.message,
                })
                .collect();
            (finding.start, finding.end) = (mine.start, mine.end);
            out.push(finding);
        }
        out
    }
}

/// The values every file states per rule and moment (see [`consistency::ConsistencyIndex`]).
#[derive(Debug, Default)]
pub struct ConsistencyIndex(consistency::ConsistencyIndex);

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
        self.0.add(&report.path, &report.facts);
    }
}

/// The facts a streamed run keeps until its last file, compactly (see [`consistency::FactStore`]).
#[derive(Default)]
pub struct FactStore(consistency::FactStore);

impl FactStore {
    /// Keep the facts of a report that can still give it a finding; `file` is the caller's index
    /// of the input, and files are added in increasing order.
    pub fn add(&mut self, file: u32, report: &FileReport) {
        self.0.add(file, report.lang, &report.facts);
    }

    /// Number of facts kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no fact is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each file with kept facts, in order, as a report holding only its path (from `path_of`
    /// the file's index), language and facts.
    pub fn reports<'s>(
        &'s self,
        path_of: impl Fn(u32) -> String + 's,
    ) -> impl Iterator<Item = FileReport> + 's {
        self.0.files().map(move |(file, lang, facts)| {
            let mut report = FileReport::unreadable(&path_of(file), String::new());
            report.error = None;
            report.lang = lang;
            report.facts = facts;
            report
        })
    }
}
