//! The rules an audit checks a report by, as one value a caller can pass in: a province whose
//! set differs (another table required, an identity its tables print otherwise, its own fund
//! labels) audits with its own lists, not with a code path of its own.

use super::completeness::{self, Required};
use super::import::ReportKind;
use super::performance::{FUND_LABELS, FundLabels};
use super::rules::{self, ByClassRule, CrossRule};

/// The rules of one table set: the identities across its tables, those 类 by 类, the tables it
/// must publish, and the labels of its performance tables' fund blocks. The identities within a
/// table (roll-ups, columns) are the classification's and hold in every set.
///
/// ```
/// use kemu::report::{audit_with, import, RuleSet, EMBEDDED_REPORT};
/// let report = import(EMBEDDED_REPORT);
/// // The default for a 决算 is its national set; the same audit as `audit_report`.
/// let rules = RuleSet::for_kind(report.kind);
/// assert_eq!(rules.cross.len(), kemu::report::rules::FINAL_ACCOUNTS.len());
/// let set = kemu::CatalogSet::embedded();
/// assert_eq!(audit_with(&report, set, &rules), kemu::report::audit_report(&report, set));
/// // Without the identities across tables: fewer checked, none of 01=02's errors.
/// let within = audit_with(&report, set, &rules.with_cross(&[]).with_by_class(&[]));
/// assert!(within.identities_checked < kemu::report::audit(EMBEDDED_REPORT).identities_checked);
/// assert!(within.findings.iter().all(|f| f.rule != "01=02"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleSet<'r> {
    /// The identities between tables, figure by figure.
    pub cross: &'r [CrossRule],
    /// The identities between tables, 类 by 类.
    pub by_class: &'r [ByClassRule],
    /// The tables the set must publish (empty: not asked).
    pub required: &'r [Required],
    /// The labels of the performance tables' fund blocks.
    pub funds: FundLabels,
}

impl RuleSet<'static> {
    /// The national 部门预算 set: [`rules::BUDGET`], [`rules::BUDGET_BY_CLASS`],
    /// [`completeness::BUDGET_SET`].
    ///
    /// ```
    /// assert_eq!(kemu::report::RuleSet::BUDGET.required.len(), kemu::report::completeness::BUDGET_SET.len());
    /// ```
    pub const BUDGET: RuleSet<'static> = RuleSet {
        cross: rules::BUDGET,
        by_class: rules::BUDGET_BY_CLASS,
        required: completeness::BUDGET_SET,
        funds: FUND_LABELS,
    };

    /// The national 部门决算 set: [`rules::FINAL_ACCOUNTS`], [`rules::FINAL_ACCOUNTS_BY_CLASS`],
    /// [`completeness::FINAL_ACCOUNTS_SET`].
    ///
    /// ```
    /// assert!(kemu::report::RuleSet::FINAL_ACCOUNTS.cross.iter().any(|r| r.id == "01=02"));
    /// ```
    pub const FINAL_ACCOUNTS: RuleSet<'static> = RuleSet {
        cross: rules::FINAL_ACCOUNTS,
        by_class: rules::FINAL_ACCOUNTS_BY_CLASS,
        required: completeness::FINAL_ACCOUNTS_SET,
        funds: FUND_LABELS,
    };

    /// The set the audit uses for a report of `kind`: a report whose kind is not said is read
    /// with the 决算's identities (most of them hold in a budget too) and asked for no table.
    ///
    /// ```
    /// use kemu::report::{ReportKind, RuleSet};
    /// assert_eq!(RuleSet::for_kind(Some(ReportKind::Budget)), RuleSet::BUDGET);
    /// assert!(RuleSet::for_kind(None).required.is_empty());
    /// ```
    pub fn for_kind(kind: Option<ReportKind>) -> RuleSet<'static> {
        let (cross, by_class) = rules::of_kind(kind);
        let required = kind.map_or(&[][..], completeness::required_tables);
        RuleSet { cross, by_class, required, funds: FUND_LABELS }
    }
}

impl<'r> RuleSet<'r> {
    /// The same set with other identities between tables.
    ///
    /// ```
    /// let mine = kemu::report::RuleSet::BUDGET.with_cross(&[]);
    /// assert!(mine.cross.is_empty() && !mine.by_class.is_empty());
    /// ```
    pub const fn with_cross<'s>(self, cross: &'s [CrossRule]) -> RuleSet<'s>
    where
        'r: 's,
    {
        RuleSet { cross, by_class: self.by_class, required: self.required, funds: self.funds }
    }

    /// The same set with other identities 类 by 类.
    ///
    /// ```
    /// assert!(kemu::report::RuleSet::BUDGET.with_by_class(&[]).by_class.is_empty());
    /// ```
    pub const fn with_by_class<'s>(self, by_class: &'s [ByClassRule]) -> RuleSet<'s>
    where
        'r: 's,
    {
        RuleSet { cross: self.cross, by_class, required: self.required, funds: self.funds }
    }

    /// The same set with other required tables.
    ///
    /// ```
    /// use kemu::report::{completeness::FINAL_ACCOUNTS_SET, RuleSet};
    /// // A province that publishes its 决算 without the 国有资本经营 table (the last).
    /// let mine = RuleSet::FINAL_ACCOUNTS.with_required(&FINAL_ACCOUNTS_SET[..FINAL_ACCOUNTS_SET.len() - 1]);
    /// assert_eq!(mine.required.len(), FINAL_ACCOUNTS_SET.len() - 1);
    /// ```
    pub const fn with_required<'s>(self, required: &'s [Required]) -> RuleSet<'s>
    where
        'r: 's,
    {
        RuleSet { cross: self.cross, by_class: self.by_class, required, funds: self.funds }
    }

    /// The same set with other fund labels.
    ///
    /// ```
    /// use kemu::report::{performance::FundLabels, RuleSet};
    /// let funds = FundLabels { totals: &["项目资金"], parts: &["本级资金", "上级资金"], closing: &["上级资金"], by_nature: &[] };
    /// assert_eq!(RuleSet::BUDGET.with_funds(funds).funds, funds);
    /// ```
    pub const fn with_funds(self, funds: FundLabels) -> RuleSet<'r> {
        RuleSet { funds, ..self }
    }
}
