//! Published 部门预算/部门决算 disclosures: [`import()`] text into tables, [`rules`] say which
//! identities a table set must satisfy, [`audit()`] checks everything and reports every finding.
//! This is the only layer that knows what 公开01表 is.

pub mod audit;
pub mod completeness;
pub mod harvest;
pub mod import;
mod issue;
mod names;
pub mod narrative;
pub mod performance;
pub mod read;
mod render;
mod rule_set;
pub mod rules;

pub use audit::{Audit, CorrectionRecord, ReportInfo, TableInfo, audit, audit_report, audit_with};
pub use import::{
    Document, ImportError, ImportedTable, LineCounts, Paired, Prose, Report, ReportKind, TableKind, documents, import,
    import_bytes,
};
pub use issue::{Doubt, ImportIssue, ImportIssueKind};
pub use render::{Lang, WIDTH};
pub use rule_set::RuleSet;

/// The canonical report embedded in the crate: the 2020 部门决算 of 湖南省人民政府驻深圳办事处
/// (`data/reports/hn-szb-2020-js.txt`), which contains real errors.
///
/// ```
/// assert!(kemu::report::EMBEDDED_REPORT.contains("公开 01 表"));
/// assert_eq!(kemu::report::import(kemu::report::EMBEDDED_REPORT).tables.len(), 9);
/// ```
pub const EMBEDDED_REPORT: &str = include_str!("../../data/reports/hn-szb-2020-js.txt");
