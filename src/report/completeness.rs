//! Whether a disclosure publishes its whole table set. The 财政部 rules for 部门预决算公开 name
//! the tables each set must hold; each set is a list here, as data, and a caller may pass its own.

use crate::balance::{Finding, Severity, Table};
use crate::report::import::{Report, ReportKind, TableKind};
use crate::report::issue::ImportIssueKind;

/// One table a disclosure must publish: any of `kinds` serves (a province may print the 基本支出
/// table for 一般公共预算 only, or for every 财政拨款).
///
/// ```
/// use kemu::report::completeness::{BUDGET_SET, Required};
/// use kemu::report::TableKind;
/// assert!(BUDGET_SET.iter().any(|r: &Required| r.kinds.contains(&TableKind::ThreePublic)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Required {
    /// The table's common name (收支总表).
    pub name: &'static str,
    /// The kinds of table that serve.
    pub kinds: &'static [TableKind],
}

const fn required(name: &'static str, kinds: &'static [TableKind]) -> Required {
    Required { name, kinds }
}

use TableKind::*;

/// The 部门决算 set (公开01–09表).
///
/// ```
/// use kemu::report::completeness::FINAL_ACCOUNTS_SET;
/// assert_eq!(FINAL_ACCOUNTS_SET[2].name, "支出决算表");
/// ```
pub const FINAL_ACCOUNTS_SET: &[Required] = &[
    required("收入支出决算总表", &[Summary]),
    required("收入决算表", &[Income]),
    required("支出决算表", &[Expenditure]),
    required("财政拨款收入支出决算总表", &[FiscalSummary]),
    required("一般公共预算财政拨款支出决算表", &[GeneralExpenditure]),
    required("一般公共预算财政拨款基本支出决算表", &[GeneralBasic, FiscalBasic, Basic]),
    required("“三公”经费支出决算表", &[ThreePublic]),
    required("政府性基金预算财政拨款收入支出决算表", &[GovernmentFund]),
    required("国有资本经营预算财政拨款支出决算表", &[StateCapital]),
];

/// The 部门预算 set every province publishes (some add 项目, 政府采购, 国有资本经营 tables).
///
/// ```
/// use kemu::report::completeness::BUDGET_SET;
/// assert_eq!((BUDGET_SET.len(), BUDGET_SET[0].name), (8, "收支总表"));
/// ```
pub const BUDGET_SET: &[Required] = &[
    required("收支总表", &[Summary]),
    required("收入总表", &[Income]),
    required("支出总表", &[Expenditure]),
    required("财政拨款收支总表", &[FiscalSummary]),
    required("一般公共预算支出表", &[GeneralExpenditure, FiscalExpenditure]),
    required("一般公共预算基本支出表", &[GeneralBasic, FiscalBasic, Basic]),
    required("“三公”经费支出表", &[ThreePublic]),
    required("政府性基金预算支出表", &[GovernmentFund]),
];

/// The set a report of this kind must publish.
///
/// ```
/// use kemu::report::{completeness, ReportKind};
/// assert_eq!(completeness::required_tables(ReportKind::FinalAccounts).len(), 9);
/// ```
pub fn required_tables(kind: ReportKind) -> &'static [Required] {
    match kind {
        ReportKind::Budget => BUDGET_SET,
        ReportKind::FinalAccounts => FINAL_ACCOUNTS_SET,
    }
}

/// The tables of `required` that `report` does not publish, and its 三公 tables that do not split
/// 公务用车 into 购置 and 运行. Where the report holds rows or titled tables kemu did not read, a
/// missing table may be among them: it is then an info that says so, not a warning. A report
/// with no table at all is said elsewhere (`no_tables`).
///
/// ```
/// use kemu::report::{completeness, import, ReportKind, EMBEDDED_REPORT};
/// let mut report = import(EMBEDDED_REPORT);
/// let tables: Vec<_> = report.tables.iter().map(|t| t.table.clone()).collect();
/// assert!(completeness::check(&report, &tables, completeness::FINAL_ACCOUNTS_SET).is_empty());
/// report.tables.retain(|t| t.kind != kemu::report::TableKind::Expenditure);
/// let tables: Vec<_> = report.tables.iter().map(|t| t.table.clone()).collect();
/// let found = completeness::check(&report, &tables, completeness::FINAL_ACCOUNTS_SET);
/// assert_eq!((found[0].rule.as_str(), found[0].row.as_str()), ("set:missing_table", "支出决算表"));
/// ```
pub fn check(report: &Report, tables: &[Table], required: &[Required]) -> Vec<Finding> {
    let mut out = Vec::new();
    if report.tables.is_empty() {
        return out;
    }
    let unread = report
        .issues
        .iter()
        .any(|i| matches!(i.kind, ImportIssueKind::RowsOutsideTables { .. } | ImportIssueKind::OtherTable { .. }));
    for r in required {
        if report.tables.iter().any(|t| r.kinds.contains(&t.kind)) {
            continue;
        }
        let (severity, message) = if unread {
            (
                Severity::Info,
                format!(
                    "未找到{}；本文件有未识别的表格或行，可能在其中 | {} not found; the file holds rows or tables kemu did not read, which may hold it",
                    r.name, r.name
                ),
            )
        } else {
            (Severity::Warning, format!("公开表缺少{} | the disclosure lacks its {}", r.name, r.name))
        };
        out.push(Finding::note(severity, "set:missing_table", "", r.name.to_string(), message));
    }
    for (imported, table) in report.tables.iter().zip(tables) {
        if imported.kind != ThreePublic || table.columns.is_empty() {
            continue;
        }
        let names = || table.columns.iter().map(String::as_str).chain(table.rows.iter().map(|r| r.label.as_str()));
        let splits = names().any(|n| n.contains("购置")) && names().any(|n| n.contains("运行"));
        if !splits {
            let message = format!(
                "表{} 未分列公务用车购置费和运行费 | table {} does not split 公务用车 into 购置 and 运行",
                table.id, table.id
            );
            out.push(
                Finding::note(Severity::Warning, "set:vehicle_split", &table.id, String::new(), message)
                    .at(imported.line),
            );
        }
    }
    out
}
