//! The two scores of a document, its service type and its coverage matrix (seed 000: quality
//! service has a procedural and a personal characteristic; crossed they give four types).
//!
//! The formula, written out for users in [`explanation`] (`servicelint explain scores`) and
//! docs/report.md:
//!
//! - Each rule file with a `dimension` stands for standards on that side. `require`,
//!   `sequence` (complete: one standard per step) and `time-missing` (one per moment) rules judge
//!   whether a standard is **covered**, **missing** or **not applicable**; the other kinds find
//!   **faults** (phrases, vague or loose times, steps out of order).
//! - A side earns `100 × covered ÷ applicable` of its non-fault standards (50 when none applies:
//!   nothing shown either way), less 10 per error, 5 per warning and 2 per info finding of its
//!   fault rules, kept within 0–100.
//! - The type: 优质型 quality when both sides reach the threshold (`[scores] quality`, default
//!   80), 程序型 procedural or 友好型 friendly when only that side does, 冷淡型 cold when neither.
//!   A document none of whose standards applies, with no finding on either side (a README), has
//!   no type; nor has a skipped or unreadable file.

use crate::check::Judged;
use crate::finding::{Dimension, FileReport, Level};
use crate::model::Lang;
use serde::Serialize;

/// The default of `[scores] quality`.
pub const DEFAULT_QUALITY: u32 = 80;

/// What a side earns when none of its standards applies.
pub const NEUTRAL: u32 = 50;

/// Points a fault finding takes off its side, by level.
pub fn deduction(level: Level) -> u32 {
    match level {
        Level::Error => 10,
        Level::Warning => 5,
        Level::Info => 2,
        Level::Off => 0,
    }
}

/// The four service types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceType {
    /// 冷淡型: neither side ("we don't care about you").
    Cold,
    /// 程序型: standard but impersonal ("you are a number").
    Procedural,
    /// 友好型: personal but not standard ("we're trying, but don't know how").
    Friendly,
    /// 优质型: both ("we care and we serve you").
    Quality,
}

impl ServiceType {
    /// Every type, in the order summaries list them.
    pub const ALL: [ServiceType; 4] = [
        ServiceType::Quality,
        ServiceType::Procedural,
        ServiceType::Friendly,
        ServiceType::Cold,
    ];

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Cold => "cold",
            ServiceType::Procedural => "procedural",
            ServiceType::Friendly => "friendly",
            ServiceType::Quality => "quality",
        }
    }

    /// The name trainers use, in a language.
    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ServiceType::Cold, Lang::Zh) => "冷淡型",
            (ServiceType::Procedural, Lang::Zh) => "程序型",
            (ServiceType::Friendly, Lang::Zh) => "友好型",
            (ServiceType::Quality, Lang::Zh) => "优质型",
            (ServiceType::Cold, Lang::En) => "cold",
            (ServiceType::Procedural, Lang::En) => "procedural",
            (ServiceType::Friendly, Lang::En) => "friendly",
            (ServiceType::Quality, Lang::En) => "quality",
        }
    }

    /// The type of two scores against a threshold.
    pub fn of(scores: Scores, threshold: u32) -> ServiceType {
        match (scores.procedural >= threshold, scores.personal >= threshold) {
            (true, true) => ServiceType::Quality,
            (true, false) => ServiceType::Procedural,
            (false, true) => ServiceType::Friendly,
            (false, false) => ServiceType::Cold,
        }
    }
}

/// The two scores, 0–100.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Scores {
    /// 程序特性.
    pub procedural: u32,
    /// 个人特性.
    pub personal: u32,
}

/// Whether a document covers a standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The document meets it.
    Covered,
    /// The document has a place for it but does not meet it.
    Missing,
    /// The document has no place it is about.
    NotApplicable,
}

impl Status {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Missing => "missing",
            Status::NotApplicable => "not-applicable",
        }
    }
}

/// One cell row of the coverage matrix for a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// `rule` or `rule#part`.
    pub id: String,
    /// The rule behind it.
    pub rule: String,
    /// Its name in the document's message language.
    pub name: String,
    /// The side it counts for.
    pub dimension: Dimension,
    /// Whether it is judged by faults (not counted in the ratio; its findings are deducted).
    pub fault: bool,
    /// Covered, missing or not applicable.
    pub status: Status,
}

/// A document's scores, type and coverage.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Both scores.
    pub scores: Scores,
    /// The type.
    pub service_type: ServiceType,
}

/// The coverage matrix of a document (empty for a skipped or unreadable file).
pub fn coverage(report: &FileReport) -> Vec<Coverage> {
    if report.skipped || report.error.is_some() {
        return Vec::new();
    }
    let service = is_service_document(report);
    let lang = report.standards.ui.unwrap_or(Lang::En);
    report
        .standards
        .list
        .iter()
        .map(|s| {
            let has_finding = || report.findings.iter().any(|f| f.rule == s.rule);
            let status = match s.judged {
                Judged::NotApplicable => Status::NotApplicable,
                Judged::Present => Status::Covered,
                Judged::Absent => Status::Missing,
                Judged::Applies if !service => Status::NotApplicable,
                Judged::Applies if has_finding() => Status::Missing,
                Judged::Applies => Status::Covered,
            };
            Coverage {
                id: s.id.clone(),
                rule: s.rule.clone(),
                name: match lang {
                    Lang::Zh => s.zh.clone(),
                    Lang::En => s.en.clone(),
                },
                dimension: s.dimension,
                fault: s.fault,
                status,
            }
        })
        .collect()
}

/// Whether a document is about serving customers: some standard that is not a fault check
/// applies to it, or some rule with a dimension found something in it.
fn is_service_document(report: &FileReport) -> bool {
    let standards = &report.standards;
    standards
        .list
        .iter()
        .any(|s| !s.fault && s.judged != Judged::NotApplicable)
        || report
            .findings
            .iter()
            .any(|f| standards.rules.iter().any(|(id, _, _)| *id == f.rule))
}

/// The scores and type of a document; `None` for a skipped or unreadable file and for one that
/// is not about serving customers.
pub fn assess(report: &FileReport) -> Option<Assessment> {
    if report.skipped || report.error.is_some() || !is_service_document(report) {
        return None;
    }
    let coverage = coverage(report);
    let side = |d: Dimension| -> u32 {
        let counted: Vec<&Coverage> = coverage
            .iter()
            .filter(|c| c.dimension == d && !c.fault && c.status != Status::NotApplicable)
            .collect();
        let covered = counted
            .iter()
            .filter(|c| c.status == Status::Covered)
            .count();
        let earned = if counted.is_empty() {
            NEUTRAL
        } else {
            // Rounded to the nearest whole point.
            ((200 * covered + counted.len()) / (2 * counted.len())) as u32
        };
        let lost: u32 = report
            .findings
            .iter()
            .filter(|f| {
                report
                    .standards
                    .rules
                    .iter()
                    .any(|(id, dim, fault)| *id == f.rule && *dim == d && *fault)
            })
            .map(|f| deduction(f.level))
            .sum();
        earned.saturating_sub(lost).min(100)
    };
    let scores = Scores {
        procedural: side(Dimension::Procedural),
        personal: side(Dimension::Personal),
    };
    Some(Assessment {
        scores,
        service_type: ServiceType::of(scores, report.standards.threshold),
    })
}

/// The one-line form of an assessment: `程序型 · 程序 85 / 个人 40`, `procedural · procedural 85 / personal 40`.
pub fn type_line(a: &Assessment, lang: Lang) -> String {
    let (p, q) = match lang {
        Lang::Zh => ("程序", "个人"),
        Lang::En => ("procedural", "personal"),
    };
    format!(
        "{} · {p} {} / {q} {}",
        a.service_type.name(lang),
        a.scores.procedural,
        a.scores.personal
    )
}

/// The page `servicelint explain scores` prints: the formula, in a language (Markdown).
pub fn explanation(lang: Lang, threshold: u32) -> String {
    match lang {
        Lang::Zh => format!(
            "# 服务类型与两项得分\n\n\
优质服务有两个特性（种子资料 000《优质服务的定义和需要的技巧》）：**程序特性**（方法与流程：及时、流程、时间标准、跟进）\
和**个人特性**（态度、行为与语言：问候、主动帮助、致谢、道歉、积极用语）。两者交叉得到四种服务类型。\n\n\
## 哪条规则算哪一边\n\n\
每个规则文件用一行 `dimension = \"procedural\"` 或 `dimension = \"personal\"` 声明它的标准属于哪一边；\
没有这一行的规则（io/、config/）不计分。`require`、`sequence`（complete：每个步骤一项）与 `time-missing`（每个时刻一项）\
判断一项标准是**已覆盖**、**缺失**还是**不适用**；其余检查（禁语、含糊或超限的时间、顺序颠倒）找的是**失误**。\n\n\
## 公式\n\n\
- 每一边得分 = 100 × 已覆盖 ÷ 适用的标准数（失误类除外；没有适用标准时为 {NEUTRAL}），\
再减去该边失误类规则的发现：每个错误 10 分、警告 5 分、提示 2 分，结果在 0–100 之间。\n\
- 规则的级别只决定报告什么；标准无论级别都参与判断（例如默认关闭的“自报身份”）。\n\
- 类型：两边都达到阈值（`[scores] quality`，当前 {threshold}）为**优质型**；只有程序一边达到为**程序型**；\
只有个人一边达到为**友好型**；都未达到为**冷淡型**。\n\
- 不涉及服务的文件（没有任何适用的标准、也没有任何计分规则的发现，例如 README）以及被跳过的文件没有类型（JSON 中为 null）。\n\n\
## 在哪里看\n\n\
JSON 的 `files[].scores`、`files[].service_type` 和 `files[].coverage`；终端输出每个文件一行类型；\
`--format html` 的象限图与覆盖矩阵。详见 docs/report.md。\n"
        ),
        Lang::En => format!(
            "# Service types and the two scores\n\n\
Quality service has two characteristics (seed 000): **procedural** (methods and procedures: timeliness, flow, time \
standards, follow-up) and **personal** (attitude, behaviour and language: greeting, offer of help, thanks, apology, \
positive phrasing). Crossed, they give four service types.\n\n\
## Which rule counts for which side\n\n\
Each rule file says which side its standard belongs to in one line, `dimension = \"procedural\"` or \
`dimension = \"personal\"`; rules without one (io/, config/) are not scored. `require`, `sequence` (complete: one \
standard per step) and `time-missing` (one per moment) judge whether a standard is **covered**, **missing** or \
**not applicable**; the other checks (forbidden phrases, vague or loose times, steps out of order) find **faults**.\n\n\
## The formula\n\n\
- Each side scores 100 × covered ÷ applicable of its standards (fault checks aside; {NEUTRAL} when none applies), \
less 10 per error, 5 per warning and 2 per info finding of its fault rules, kept within 0–100.\n\
- A rule's level decides what is reported; its standard is judged whatever the level (so the default-off \
self-identification still counts).\n\
- The type: **quality** when both sides reach the threshold (`[scores] quality`, now {threshold}), \
**procedural** when only the procedural side does, **friendly** when only the personal side does, **cold** when \
neither does.\n\
- A file not about serving customers (no standard applies and no scored rule finds anything, e.g. a README) and a \
skipped file have no type (null in JSON).\n\n\
## Where to see it\n\n\
JSON `files[].scores`, `files[].service_type` and `files[].coverage`; one type line per file in the terminal; the \
quadrant chart and coverage matrix of `--format html`. See docs/report.md.\n"
        ),
    }
}
