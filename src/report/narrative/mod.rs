//! The narrative: what the prose of a report (情况说明, 绩效自评) states in figures, checked
//! against its own arithmetic, against itself and against the tables — a layer beside the
//! table audit with the same findings.
//!
//! 1. `prose`: the report's prose lines → paragraphs → sentences (lines broken mid-word run on).
//! 2. `token` and `claim`: each sentence → tokens → claims (an amount of a subject, a share, a
//!    change, an execution rate, an enumeration), read only where the words say the relation.
//! 3. `check`: each claim within the rounding of its printed figures; the same subject stated
//!    twice; a subject the tables hold against that table figure.

mod check;
mod claim;
mod outline;
mod prose;
mod sections;
mod subject;
mod token;

pub use check::check;
pub(crate) use check::check_with;

/// The place of narrative findings in an audit (their `table`).
pub(crate) const NARRATIVE: &str = "说明";

use super::import::Report;
use crate::amount::Unit;
use rust_decimal::Decimal;

/// Which figure of a subject an amount is.
///
/// ```
/// let claims = kemu::report::narrative::claims(&kemu::report::import("2020年度公务接待费支出预算为18万元，支出决算为8.34万元。"));
/// let measures: Vec<_> = claims.iter().filter_map(|c| match &c.kind {
///     kemu::report::narrative::ClaimKind::Amount(s) => Some(s.subject.measure),
///     _ => None,
/// }).collect();
/// use kemu::report::narrative::Measure;
/// assert_eq!(measures, [Measure::Budget, Measure::Actual]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Measure {
    /// The outturn (决算数, 实际支出).
    Actual,
    /// The budget (预算数, 年初预算).
    Budget,
    /// The budget as adjusted during the year (全年预算, 调整预算数).
    AdjustedBudget,
    /// Last year's figure (上年).
    LastYear,
    /// Not said: the report's own kind of figure.
    Unstated,
}

/// What an amount is of.
///
/// ```
/// let s = kemu::report::narrative::Subject { entity: "基本支出".into(), measure: kemu::report::narrative::Measure::Unstated, year: Some(2020) };
/// assert_eq!(s.entity, "基本支出");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Subject {
    /// The subject as the prose names it (本年支出合计, 公务接待费支出), speaker and year taken off.
    pub entity: String,
    /// Which figure of it.
    pub measure: Measure,
    /// The fiscal year the sentence (or the prose before it) states.
    pub year: Option<u16>,
}

/// An amount the prose states.
///
/// ```
/// let claims = kemu::report::narrative::claims(&kemu::report::import("本年收入合计1013.91万元。"));
/// let kemu::report::narrative::ClaimKind::Amount(s) = &claims[0].kind else { panic!() };
/// assert_eq!((s.value.to_string(), s.unit, s.line), ("1013.91".to_string(), kemu::Unit::WanYuan, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Stated {
    /// What it is of.
    pub subject: Subject,
    /// The figure as printed.
    pub value: Decimal,
    /// Its unit.
    pub unit: Unit,
    /// The line of its sentence.
    pub line: usize,
}

/// What a change is measured against.
///
/// ```
/// assert_ne!(kemu::report::narrative::Base::LastYear, kemu::report::narrative::Base::Budget);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Base {
    /// 与上年相比, 比上年.
    LastYear,
    /// 比年初预算.
    Budget,
}

/// What a statement of the prose says.
///
/// ```
/// use kemu::report::narrative::{claims, ClaimKind};
/// let found = claims(&kemu::report::import("本年支出合计1055.78万元，其中：基本支出994.77万元，占94.22%；项目支出61.01万元，占5.78%。"));
/// assert!(found.iter().any(|c| matches!(&c.kind, ClaimKind::Share { percent, .. } if percent.to_string() == "94.22")));
/// assert!(found.iter().any(|c| matches!(&c.kind, ClaimKind::Parts { parts, .. } if parts.len() == 2)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
#[non_exhaustive]
pub enum ClaimKind {
    /// An amount of a subject.
    Amount(Stated),
    /// `part` is `percent` % of `whole`.
    Share {
        /// The part.
        part: Stated,
        /// The whole.
        whole: Stated,
        /// The share as printed.
        percent: Decimal,
    },
    /// `of` changed by `delta` (signed) against `base`, by `percent` % where stated.
    Change {
        /// The amount that changed.
        of: Stated,
        /// Against what.
        base: Base,
        /// The change, signed (减少 negative).
        delta: Decimal,
        /// The unit of `delta`.
        unit: Unit,
        /// The rate of change as printed (unsigned).
        percent: Option<Decimal>,
        /// Last year's figure where the sentence states it (比上年17.93万元增加…).
        before: Option<Stated>,
    },
    /// `actual` is `percent` % of `budget` (完成年初预算的127.04%).
    Execution {
        /// The budget.
        budget: Stated,
        /// The outturn.
        actual: Stated,
        /// The rate as printed.
        percent: Decimal,
    },
    /// `决算数大于/小于年初预算数`.
    Direction {
        /// The budget.
        budget: Stated,
        /// The outturn.
        actual: Stated,
        /// Whether the prose says the outturn is the larger.
        larger: bool,
    },
    /// An enumeration: `whole`, 其中 the signed `parts`.
    Parts {
        /// The whole.
        whole: Stated,
        /// Its parts as stated, each with its sign (扣减 −1).
        parts: Vec<(i8, Stated)>,
    },
    /// A figure whose relation the words do not say: not checked.
    Unread {
        /// The figure.
        value: Decimal,
        /// Its unit (`None`: a percentage).
        unit: Option<Unit>,
        /// Why it is not read.
        reason: Unread,
    },
}

/// Why a figure of the prose is not read.
///
/// ```
/// let claims = kemu::report::narrative::claims(&kemu::report::import("完成情况良好，占12.5%。"));
/// assert!(matches!(claims[0].kind, kemu::report::narrative::ClaimKind::Unread { reason: kemu::report::narrative::Unread::UnstatedWhole, .. }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Unread {
    /// An amount whose words name no subject.
    NoSubject,
    /// A change whose words do not say against what (上年, 预算).
    UnstatedBase,
    /// A percentage whose words do not say of what.
    UnstatedWhole,
}

/// A statement of the prose with a figure: its sentence, its line and what it says.
///
/// ```
/// let claims = kemu::report::narrative::claims(&kemu::report::import(kemu::report::EMBEDDED_REPORT));
/// assert!(claims.iter().any(|c| c.line == 317 && c.sentence.starts_with("本年收入合计1013.91万元")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Claim {
    /// The line its sentence starts on.
    pub line: usize,
    /// The sentence, trimmed.
    pub sentence: String,
    /// The heading it is under (its numbering off; empty before the first, or under a heading
    /// that is itself a statement).
    pub heading: String,
    /// What it says.
    pub kind: ClaimKind,
}

/// The claims of a report's prose, in order.
///
/// ```
/// let report = kemu::report::import("2020年度收、支总计2069.69万元。与上年相比，减少387.94万元，减少15.79%。");
/// let claims = kemu::report::narrative::claims(&report);
/// assert!(matches!(claims[1].kind, kemu::report::narrative::ClaimKind::Change { percent: Some(_), .. }));
/// ```
pub fn claims(report: &Report) -> Vec<Claim> {
    let paragraphs = prose::paragraphs(&report.prose);
    claim::claims(&prose::sentences(&paragraphs), report.year)
}
