//! `junit`: JUnit XML for test dashboards (GitLab, Jenkins), built with `quick-junit` and valid
//! against the Jenkins xunit-plugin `junit-10.xsd` (kept in `tests/schemas/`).
//!
//! One `<testsuite>` per file (its `file` attribute is the path); one `<testcase>` per finding,
//! named by its rule and place, with a `<failure>` only when its level fails the run (error, or
//! warning under `--deny-warnings`): other findings are passing test cases whose `<system-out>`
//! says what was found. A file without findings has one passing case, `no findings`; an
//! unreadable file one `io/unreadable` case with an `<error>`; a skipped file one `io/skipped` case
//! marked `<skipped>`.

use super::{Needs, Reporter, Style, ci_path};
use crate::finding::{FileReport, Finding, Level};
use crate::ruleset::doc::RuleInfo;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::Write;

/// The JUnit reporter: one document whose head counts every file.
pub struct Junit;

impl Reporter for Junit {
    const NEEDS: Needs = Needs {
        streams: false,
        text: false,
        rules: false,
    };

    fn write(
        reports: &[FileReport],
        _rules: &[RuleInfo],
        style: Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(reports, fail_level(style), out)
    }
}

/// The lowest level that fails the run under `style`.
pub fn fail_level(style: Style) -> Level {
    if style.deny_warnings {
        Level::Warning
    } else {
        Level::Error
    }
}

/// Text XML 1.0 can hold: quick-junit drops C0 controls; U+FFFE and U+FFFF become U+FFFD.
fn clean(text: &str) -> String {
    text.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}")
}

/// The lines a finding is shown with: `path:line:col: level[rule] message`, then its suggestion
/// and help.
fn body(path: &str, f: &Finding) -> String {
    let mut body = format!(
        "{path}:{}:{}: {}[{}] {}",
        f.start.line,
        f.start.column,
        f.level.as_str(),
        f.rule,
        f.message
    );
    if let Some(s) = &f.suggestion {
        body.push_str(&format!("\nsuggestion: {s}"));
    }
    if let Some(h) = &f.help {
        body.push_str(&format!("\nhelp: {h}"));
    }
    body
}

/// The test case of one finding.
fn case(path: &str, f: &Finding, fails_at: Level) -> TestCase {
    let name = format!("{} at {}:{}", f.rule, f.start.line, f.start.column);
    let text = clean(&body(path, f));
    let mut case = if f.level >= fails_at {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(clean(&format!(
                "{}:{}: {} [{}]",
                f.start.line, f.start.column, f.message, f.rule
            )))
            .set_type(f.level.as_str())
            .set_description(text);
        TestCase::new(clean(&name), status)
    } else {
        let mut case = TestCase::new(clean(&name), TestCaseStatus::success());
        case.set_system_out(text);
        case
    };
    case.set_classname(clean(path));
    case
}

/// The test suite of one file.
fn suite(report: &FileReport, fails_at: Level) -> TestSuite {
    let path = ci_path(&report.path);
    let mut suite = TestSuite::new(clean(&path));
    suite.extra.insert("file".into(), clean(&path).into());
    if let Some(error) = &report.error {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(clean(&format!("cannot read: {error}")))
            .set_type("io/unreadable");
        let mut case = TestCase::new("io/unreadable", status);
        case.set_classname(clean(&path));
        suite.add_test_case(case);
    } else if report.skipped {
        let reason = report
            .findings
            .first()
            .map_or_else(|| "skipped".to_string(), |f| f.message.clone());
        let mut status = TestCaseStatus::skipped();
        status.set_message(clean(&reason)).set_type("io/skipped");
        let mut case = TestCase::new("io/skipped", status);
        case.set_classname(clean(&path));
        suite.add_test_case(case);
    } else if report.findings.is_empty() {
        let mut case = TestCase::new("no findings", TestCaseStatus::success());
        case.set_classname(clean(&path));
        suite.add_test_case(case);
    } else {
        suite.add_test_cases(report.findings.iter().map(|f| case(&path, f, fails_at)));
    }
    suite
}

/// Write one `<testsuites>` holding one `<testsuite>` per file; findings at `fails_at` or above
/// are failures.
pub fn write(reports: &[FileReport], fails_at: Level, out: &mut dyn Write) -> std::io::Result<()> {
    let mut report = Report::new("servicelint");
    report.add_test_suites(reports.iter().map(|r| suite(r, fails_at)));
    let xml = report.to_string().map_err(std::io::Error::other)?;
    let mut xml = without_root_skipped(&xml);
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    out.write_all(xml.as_bytes())
}

/// junit-10.xsd allows no `skipped` on `<testsuites>` (only on `<testsuite>`), and quick-junit
/// always writes one: drop it from the root start tag, the only place it can be.
fn without_root_skipped(xml: &str) -> String {
    let Some(start) = xml.find("<testsuites") else {
        return xml.to_string();
    };
    let end = xml[start..].find('>').map_or(xml.len(), |e| start + e);
    let tag = &xml[start..end];
    let Some(at) = tag.find(" skipped=\"") else {
        return xml.to_string();
    };
    let value_end = tag[at + " skipped=\"".len()..]
        .find('"')
        .map_or(tag.len(), |e| at + " skipped=\"".len() + e + 1);
    let mut fixed = String::with_capacity(xml.len());
    fixed.push_str(&xml[..start + at]);
    fixed.push_str(&xml[start + value_end..]);
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_loses_only_its_skipped_attribute() {
        let xml = "<?xml?>\n<testsuites name=\"s\" tests=\"1\" skipped=\"0\" failures=\"0\">\n<testsuite skipped=\"0\"/>";
        assert_eq!(
            without_root_skipped(xml),
            "<?xml?>\n<testsuites name=\"s\" tests=\"1\" failures=\"0\">\n<testsuite skipped=\"0\"/>"
        );
    }

    #[test]
    fn text_xml_cannot_hold_is_replaced() {
        assert_eq!(clean("a\u{FFFE}b"), "a\u{FFFD}b");
    }
}
