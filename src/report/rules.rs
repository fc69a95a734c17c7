//! The identities of a table set, as data: each [`CrossRule`] names a figure of one table and the
//! figures of others it must equal. [`equations`] walks the list (and the per-table roll-ups and
//! cross-footings) over an imported report and yields balance [`Equation`]s.

use super::import::{Report, ReportKind, TableKind};
use crate::balance::{CellRef, Equation, RowKey, Severity, Table, crossfoot_equations, hierarchy_equations};
use crate::catalog::{Catalog, normal_chars, normalize_name, normalized};
use crate::codes::{Code, Level};
use std::borrow::Cow;

/// Which row of a table a rule reads.
///
/// ```
/// use kemu::report::rules::{RowSel, FINAL_ACCOUNTS};
/// // Every rule of the 决算 list reads its declared figure from a named line or a total.
/// assert!(FINAL_ACCOUNTS.iter().all(|r| matches!(r.left.row, RowSel::Label(_) | RowSel::Required(_) | RowSel::Total)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowSel {
    /// The first row whose label (numbering such as 一、 removed) is one of these; a table
    /// without one reads it as blank (an optional line: 政府性基金, 结转下年 …).
    Label(&'static [&'static str]),
    /// As `Label`, but a table without such a row skips the rule: the line is part of the
    /// identity only in the layouts that print it (本年收入合计 is not in every 预算总表).
    Required(&'static [&'static str]),
    /// The 合计 row, or if the table has none, the sum of its 类 rows.
    Total,
    /// The sum of the 类 rows, coded or named (一、一般公共服务支出 …); a table without any
    /// skips the rule.
    Classes,
    /// Every labelled line printed strictly between the first two lines (other than 其中 memo
    /// lines): what a layout adds between 本年收入合计 and 收入总计 (上级补助收入, 上年结转 …) in
    /// the order it prints them. None printed counts as blank.
    Between(&'static [&'static str], &'static [&'static str]),
}

/// Which column of a table a rule reads: the first whose name contains one of these (the first
/// amount column of the table when empty or not found … only for `First`).
///
/// ```
/// use kemu::report::rules::{ColSel, FINAL_ACCOUNTS};
/// let first = FINAL_ACCOUNTS.iter().find(|r| r.description == "01 本年收入合计 = 02 合计").unwrap();
/// assert_eq!(first.left.column, ColSel::Named(&["收入"]));
/// assert_eq!(first.right[0].1.column, ColSel::First);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColSel {
    /// The first column whose name contains one of the texts.
    Named(&'static [&'static str]),
    /// The first column.
    First,
}

/// One figure of one table.
///
/// ```
/// use kemu::report::{rules::FINAL_ACCOUNTS, TableKind};
/// let rule = FINAL_ACCOUNTS.iter().find(|r| r.id == "04=08").unwrap();
/// assert_eq!((rule.left.table, rule.right[0].1.table), (TableKind::FiscalSummary, TableKind::GovernmentFund));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    /// The table.
    pub table: TableKind,
    /// The row.
    pub row: RowSel,
    /// The column.
    pub column: ColSel,
}

const fn fig(table: TableKind, row: RowSel, column: ColSel) -> Figure {
    Figure { table, row, column }
}

/// An identity across tables: `left = Σ sign × right`.
///
/// ```
/// use kemu::report::rules::FINAL_ACCOUNTS;
/// let carry = FINAL_ACCOUNTS.iter().find(|r| r.id == "01:结转").unwrap();
/// // 年末 = 年初 + 收入 + 弥补 − 支出 − 结余分配: signed parts.
/// let signs: Vec<i8> = carry.right.iter().map(|(s, _)| *s).collect();
/// assert_eq!(signs, [1, 1, 1, -1, -1]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossRule {
    /// Rule id in findings (`01=02`).
    pub id: &'static str,
    /// What it says.
    pub description: &'static str,
    /// The declared figure.
    pub left: Figure,
    /// The figures it must equal the signed sum of.
    pub right: &'static [(i8, Figure)],
    /// Severity of a mismatch.
    pub severity: Severity,
}

/// An identity by 类 between two tables: every class present in either must agree.
///
/// ```
/// use kemu::report::{rules::FINAL_ACCOUNTS_BY_CLASS, TableKind};
/// assert!(FINAL_ACCOUNTS_BY_CLASS.iter().any(|r| r.left.0 == TableKind::FiscalSummary && r.right.0 == TableKind::GeneralExpenditure));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByClassRule {
    /// Rule id.
    pub id: &'static str,
    /// What it says.
    pub description: &'static str,
    /// One side.
    pub left: (TableKind, ColSel),
    /// The other side.
    pub right: (TableKind, ColSel),
}

use ColSel::{First, Named};
use RowSel::{Between, Classes, Label, Required, Total};
use TableKind::*;

const INCOME: ColSel = Named(&["收入"]);
const SPENDING: ColSel = Named(&["支出"]);
const INCOME_TOTAL: &[&str] = &["本年收入合计"];
const SPENDING_TOTAL: &[&str] = &["本年支出合计"];
const INCOME_YEAR_TOTAL: &[&str] = &["本年收入合计", "本年收入小计", "当年收入小计"];
const INCOME_GRAND_TOTAL: &[&str] = &["收入总计", "收入合计"];
const SPENDING_YEAR_TOTAL: &[&str] = &["本年支出合计", "本年支出小计", "当年支出小计"];
const SPENDING_GRAND_TOTAL: &[&str] = &["支出总计", "支出合计"];

/// The cross-table identities of a 部门决算 (公开01–09表).
///
/// ```
/// let ids: std::collections::BTreeSet<&str> = kemu::report::rules::FINAL_ACCOUNTS.iter().map(|r| r.id).collect();
/// for id in ["01=02", "01=03", "01=04", "04=05", "04=08", "04=09", "05=06", "01:总计", "01:结转"] {
///     assert!(ids.contains(id), "{id}");
/// }
/// ```
pub const FINAL_ACCOUNTS: &[CrossRule] = &[
    SPENDING_BY_CLASS,
    FISCAL_SPENDING_BY_CLASS,
    CrossRule {
        id: "01:收入",
        description: "01 本年收入合计 = Σ 各项收入",
        left: fig(Summary, Required(INCOME_TOTAL), INCOME),
        right: &[
            (1, fig(Summary, Required(&["一般公共预算财政拨款收入"]), INCOME)),
            (1, fig(Summary, Label(&["政府性基金预算财政拨款收入"]), INCOME)),
            (1, fig(Summary, Label(&["国有资本经营预算财政拨款收入"]), INCOME)),
            (1, fig(Summary, Label(&["上级补助收入"]), INCOME)),
            (1, fig(Summary, Label(&["事业收入"]), INCOME)),
            (1, fig(Summary, Label(&["经营收入"]), INCOME)),
            (1, fig(Summary, Label(&["附属单位上缴收入"]), INCOME)),
            (1, fig(Summary, Label(&["其他收入"]), INCOME)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04:收入",
        description: "04 本年收入合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算财政拨款",
        left: fig(FiscalSummary, Required(INCOME_TOTAL), INCOME),
        right: &[
            (1, fig(FiscalSummary, Required(&["一般公共预算财政拨款"]), INCOME)),
            (1, fig(FiscalSummary, Label(&["政府性基金预算财政拨款"]), INCOME)),
            (1, fig(FiscalSummary, Label(&["国有资本经营预算财政拨款"]), INCOME)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 本年收入合计 = 02 合计",
        left: fig(Summary, Label(INCOME_TOTAL), INCOME),
        right: &[(1, fig(Income, Total, First))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 财政拨款收入 = 02 财政拨款收入",
        left: fig(Summary, Label(&["一般公共预算财政拨款收入"]), INCOME),
        right: &[
            (1, fig(Income, Total, Named(&["财政拨款"]))),
            (-1, fig(Summary, Label(&["政府性基金预算财政拨款收入"]), INCOME)),
            (-1, fig(Summary, Label(&["国有资本经营预算财政拨款收入"]), INCOME)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 上级补助收入 = 02 上级补助收入",
        left: fig(Summary, Label(&["上级补助收入"]), INCOME),
        right: &[(1, fig(Income, Total, Named(&["上级补助收入"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 事业收入 = 02 事业收入",
        left: fig(Summary, Label(&["事业收入"]), INCOME),
        right: &[(1, fig(Income, Total, Named(&["事业收入"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 经营收入 = 02 经营收入",
        left: fig(Summary, Label(&["经营收入"]), INCOME),
        right: &[(1, fig(Income, Total, Named(&["经营收入"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 附属单位上缴收入 = 02 附属单位上缴收入",
        left: fig(Summary, Label(&["附属单位上缴收入"]), INCOME),
        right: &[(1, fig(Income, Total, Named(&["附属单位上缴收入"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=02",
        description: "01 其他收入 = 02 其他收入",
        left: fig(Summary, Label(&["其他收入"]), INCOME),
        right: &[(1, fig(Income, Total, Named(&["其他收入"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=03",
        description: "01 本年支出合计 = 03 合计",
        left: fig(Summary, Label(SPENDING_TOTAL), SPENDING),
        right: &[(1, fig(Expenditure, Total, First))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=04",
        description: "01 一般公共预算财政拨款收入 = 04 一般公共预算财政拨款",
        left: fig(Summary, Label(&["一般公共预算财政拨款收入"]), INCOME),
        right: &[(1, fig(FiscalSummary, Label(&["一般公共预算财政拨款"]), INCOME))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=04",
        description: "01 政府性基金预算财政拨款收入 = 04 政府性基金预算财政拨款",
        left: fig(Summary, Label(&["政府性基金预算财政拨款收入"]), INCOME),
        right: &[(1, fig(FiscalSummary, Label(&["政府性基金预算财政拨款"]), INCOME))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01=04",
        description: "01 国有资本经营预算财政拨款收入 = 04 国有资本经营预算财政拨款",
        left: fig(Summary, Label(&["国有资本经营预算财政拨款收入"]), INCOME),
        right: &[(1, fig(FiscalSummary, Label(&["国有资本经营预算财政拨款"]), INCOME))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04=08",
        description: "04 政府性基金预算 本年支出合计 = 08 本年支出合计",
        left: fig(FiscalSummary, Label(SPENDING_TOTAL), Named(&["政府性基金"])),
        right: &[(1, fig(GovernmentFund, Total, Named(&["本年支出"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04=09",
        description: "04 国有资本经营预算 本年支出合计 = 09 本年支出合计",
        left: fig(FiscalSummary, Label(SPENDING_TOTAL), Named(&["国有资本经营"])),
        right: &[(1, fig(StateCapital, Total, Named(&["本年支出", "合计"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04=05",
        description: "04 一般公共预算 本年支出合计 = 05 合计",
        left: fig(FiscalSummary, Label(SPENDING_TOTAL), Named(&["一般公共预算"])),
        right: &[(1, fig(GeneralExpenditure, Total, First))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "05=06",
        description: "05 基本支出 = 06 人员经费合计 + 公用经费合计",
        left: fig(GeneralExpenditure, Total, Named(&["基本支出"])),
        right: &[
            (1, fig(GeneralBasic, Label(&["人员经费合计", "人员经费"]), First)),
            (1, fig(GeneralBasic, Label(&["公用经费合计", "公用经费"]), First)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:总计",
        description: "收入总计 = 本年收入合计 + 用事业基金弥补收支差额 + 年初结转和结余",
        left: fig(Summary, Label(&["总计"]), INCOME),
        right: &[
            (1, fig(Summary, Label(INCOME_TOTAL), INCOME)),
            (1, fig(Summary, Label(&["用事业基金弥补收支差额", "使用非财政拨款结余"]), INCOME)),
            (1, fig(Summary, Label(&["年初结转和结余"]), INCOME)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:总计",
        description: "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
        left: fig(Summary, Label(&["总计"]), SPENDING),
        right: &[
            (1, fig(Summary, Label(SPENDING_TOTAL), SPENDING)),
            (1, fig(Summary, Label(&["结余分配"]), SPENDING)),
            (1, fig(Summary, Label(&["年末结转和结余"]), SPENDING)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:总计",
        description: "收入总计 = 支出总计",
        left: fig(Summary, Label(&["总计"]), INCOME),
        right: &[(1, fig(Summary, Label(&["总计"]), SPENDING))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:结转",
        description: "年末结转和结余 = 年初结转和结余 + 本年收入合计 + 用事业基金弥补收支差额 − 本年支出合计 − 结余分配",
        left: fig(Summary, Label(&["年末结转和结余"]), SPENDING),
        right: &[
            (1, fig(Summary, Label(&["年初结转和结余"]), INCOME)),
            (1, fig(Summary, Label(INCOME_TOTAL), INCOME)),
            (1, fig(Summary, Label(&["用事业基金弥补收支差额", "使用非财政拨款结余"]), INCOME)),
            (-1, fig(Summary, Label(SPENDING_TOTAL), SPENDING)),
            (-1, fig(Summary, Label(&["结余分配"]), SPENDING)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04:总计",
        description: "04 收入总计 = 支出总计",
        left: fig(FiscalSummary, Label(&["总计"]), INCOME),
        right: &[(1, fig(FiscalSummary, Label(&["总计"]), Named(&["支出/合计", "合计"])))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04:结转",
        description: "04 年末财政拨款结转和结余 = 年初 + 本年收入合计 − 本年支出合计",
        left: fig(FiscalSummary, Label(&["年末财政拨款结转和结余"]), Named(&["支出/合计", "合计"])),
        right: &[
            (1, fig(FiscalSummary, Label(&["年初财政拨款结转和结余"]), INCOME)),
            (1, fig(FiscalSummary, Label(INCOME_TOTAL), INCOME)),
            (-1, fig(FiscalSummary, Label(SPENDING_TOTAL), Named(&["支出/合计", "合计"]))),
        ],
        severity: Severity::Error,
    },
];

/// 本年支出合计 = Σ 类 within table 01, for either set.
const SPENDING_BY_CLASS: CrossRule = CrossRule {
    id: "01:类",
    description: "01 本年支出合计 = Σ 支出（按类）",
    left: fig(Summary, Required(&["本年支出合计", "本年支出小计", "当年支出小计"]), SPENDING),
    right: &[(1, fig(Summary, Classes, SPENDING))],
    severity: Severity::Error,
};

/// 04 本年支出合计 = Σ 类 (the 合计 column), for either set.
const FISCAL_SPENDING_BY_CLASS: CrossRule = CrossRule {
    id: "04:类",
    description: "04 本年支出合计 = Σ 支出（按类）",
    left: fig(FiscalSummary, Required(SPENDING_TOTAL), Named(&["支出/合计", "合计"])),
    right: &[(1, fig(FiscalSummary, Classes, Named(&["支出/合计", "合计"])))],
    severity: Severity::Error,
};

/// The by-class identities of a 部门决算.
///
/// ```
/// let ids: Vec<&str> = kemu::report::rules::FINAL_ACCOUNTS_BY_CLASS.iter().map(|r| r.id).collect();
/// assert_eq!(ids, ["01=03", "04=05"]);
/// ```
pub const FINAL_ACCOUNTS_BY_CLASS: &[ByClassRule] = &[
    ByClassRule {
        id: "01=03",
        description: "01 支出（按类） = 03 本年支出合计（按类）",
        left: (Summary, SPENDING),
        right: (Expenditure, First),
    },
    ByClassRule {
        id: "04=05",
        description: "04 一般公共预算支出（按类） = 05 合计（按类）",
        left: (FiscalSummary, Named(&["一般公共预算"])),
        right: (GeneralExpenditure, First),
    },
];

/// The cross-table identities of a 部门预算 set. The national, Shanghai and Jiangsu layouts share
/// these; labels are listed for each layout's wording (Jiangsu's 收入合计 is the others' 收入总计),
/// and a table or a [`RowSel::Required`] line that a layout lacks skips the rule. Each was checked
/// against the real budgets in the tests, which it holds on.
///
/// ```
/// use kemu::report::rules::{RowSel, BUDGET};
/// // A rule that needs a line only some layouts print says so: it is skipped where the line is absent.
/// assert!(BUDGET.iter().any(|r| r.right.iter().any(|(_, f)| matches!(f.row, RowSel::Required(_)))));
/// ```
pub const BUDGET: &[CrossRule] = &[
    SPENDING_BY_CLASS,
    FISCAL_SPENDING_BY_CLASS,
    // Jiangsu's 收入预算总表 prints its sources as 小计 groups; the rules need its labels.
    CrossRule {
        id: "02:小计",
        description: "02 收入总计 = 各类资金小计之和",
        left: fig(Income, Required(&["收入总计"]), First),
        right: &[
            (1, fig(Income, Required(&["一般公共预算资金小计"]), First)),
            (1, fig(Income, Label(&["政府性基金小计"]), First)),
            (1, fig(Income, Label(&["财政专户管理资金小计"]), First)),
            (1, fig(Income, Label(&["其他资金小计"]), First)),
            (1, fig(Income, Label(&["上年结转和结余资金小计"]), First)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "02:小计",
        description: "02 一般公共预算资金小计 = 公共财政拨款（补助）资金 + 专项收入",
        left: fig(Income, Required(&["一般公共预算资金小计"]), First),
        right: &[
            (1, fig(Income, Required(&["公共财政拨款(补助)资金"]), First)),
            (1, fig(Income, Label(&["专项收入"]), First)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "02:小计",
        description: "02 财政专户管理资金小计 = 专户管理教育收费 + 其他非税收入",
        left: fig(Income, Required(&["财政专户管理资金小计"]), First),
        right: &[
            (1, fig(Income, Required(&["专户管理教育收费"]), First)),
            (1, fig(Income, Label(&["其他非税收入"]), First)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "02:小计",
        description: "02 其他资金小计 = 事业收入 + 经营收入 + 其他收入",
        left: fig(Income, Required(&["其他资金小计"]), First),
        right: &[
            (1, fig(Income, Required(&["事业收入"]), First)),
            (1, fig(Income, Label(&["经营收入"]), First)),
            (1, fig(Income, Label(&["其他收入"]), First)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:财政拨款",
        description: "01 财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
        left: fig(Summary, Label(&["财政拨款", "财政拨款收入"]), INCOME),
        right: &[
            (1, fig(Summary, Required(&["一般公共预算", "一般公共预算资金"]), INCOME)),
            (1, fig(Summary, Label(&["政府性基金预算", "政府性基金"]), INCOME)),
            (1, fig(Summary, Label(&["国有资本经营预算"]), INCOME)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:总计",
        description: "收入总计 = 支出总计",
        left: fig(Summary, Label(&["收入总计", "收入合计", "总计"]), INCOME),
        right: &[(1, fig(Summary, Label(&["支出总计", "支出合计", "总计"]), SPENDING))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "02=03",
        description: "02 收入合计 = 03 支出合计",
        left: fig(Income, Total, First),
        right: &[(1, fig(Expenditure, Total, First))],
        severity: Severity::Warning,
    },
    CrossRule {
        id: "01:总计",
        description: "收入总计 = 本年收入合计 + 其后各行（上年结转 …）",
        left: fig(Summary, Label(INCOME_GRAND_TOTAL), INCOME),
        right: &[
            (1, fig(Summary, Required(INCOME_YEAR_TOTAL), INCOME)),
            (1, fig(Summary, Between(INCOME_YEAR_TOTAL, INCOME_GRAND_TOTAL), INCOME)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "01:总计",
        description: "支出总计 = 本年支出合计 + 其后各行（结转下年 …）",
        left: fig(Summary, Label(SPENDING_GRAND_TOTAL), SPENDING),
        right: &[
            (1, fig(Summary, Required(SPENDING_YEAR_TOTAL), SPENDING)),
            (1, fig(Summary, Between(SPENDING_YEAR_TOTAL, SPENDING_GRAND_TOTAL), SPENDING)),
        ],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04:总计",
        description: "04 收入总计 = 支出总计",
        left: fig(FiscalSummary, Label(&["收入总计", "收入合计", "总计"]), INCOME),
        right: &[(
            1,
            fig(FiscalSummary, Label(&["支出总计", "支出合计", "总计"]), Named(&["支出/合计", "合计", "支出"])),
        )],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04=06",
        description: "04 财政拨款基本支出 = 06 合计（按经济分类）",
        left: fig(FiscalSummary, Required(&["基本支出"]), Named(&["支出"])),
        right: &[(1, fig(FiscalBasic, Total, First))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "04=05",
        description: "04 一般公共预算 本年支出 = 05 合计",
        left: fig(FiscalSummary, Label(&["本年支出合计", "支出总计"]), Named(&["一般公共预算"])),
        right: &[(1, fig(GeneralExpenditure, Total, First))],
        severity: Severity::Error,
    },
    CrossRule {
        id: "05=06",
        description: "05 基本支出合计 = 06 合计（按经济分类）",
        left: fig(GeneralExpenditure, Total, Named(&["基本支出"])),
        right: &[(1, fig(GeneralBasic, Total, First))],
        severity: Severity::Error,
    },
];

/// The by-class identities of a 部门预算.
///
/// ```
/// assert_eq!(kemu::report::rules::BUDGET_BY_CLASS.len(), 2);
/// ```
pub const BUDGET_BY_CLASS: &[ByClassRule] = &[
    ByClassRule {
        id: "04=05",
        description: "04 一般公共预算支出（按类） = 05 合计（按类）",
        left: (FiscalSummary, Named(&["一般公共预算"])),
        right: (GeneralExpenditure, First),
    },
    ByClassRule {
        id: "01=03",
        description: "01 支出（按类） = 03 合计（按类）",
        left: (Summary, SPENDING),
        right: (Expenditure, First),
    },
];

/// A label without its numbering: "一、一般公共服务支出" → "一般公共服务支出", "1.一般公共预算" →
/// "一般公共预算", "(一)…" → "…".
///
/// ```
/// use kemu::report::rules::strip_numbering;
/// assert_eq!(strip_numbering("一、一般公共服务支出"), "一般公共服务支出");
/// assert_eq!(strip_numbering("1. 一般公共预算"), "一般公共预算");
/// assert_eq!(strip_numbering("（二）项目支出"), "项目支出");
/// assert_eq!(strip_numbering("三公经费"), "三公经费", "a name that starts with a numeral keeps it");
/// ```
pub fn strip_numbering(label: &str) -> String {
    stripped(label).into_owned()
}

/// [`strip_numbering`], borrowing a label that normalizing leaves as printed (most do): the
/// rules and the narrative strip every label and subject, and keep few of them.
pub(crate) fn stripped(label: &str) -> Cow<'_, str> {
    match normalized(label) {
        Cow::Borrowed(plain) => Cow::Borrowed(&plain[crate::text::numbering_len(plain)..]),
        Cow::Owned(mut plain) => {
            // In place: the label keeps its buffer.
            plain.replace_range(..crate::text::numbering_len(&plain), "");
            Cow::Owned(plain)
        }
    }
}

/// The column a rule reads; `current` is [`current_period_columns`] of the table.
fn find_column(table: &Table, current: &[bool], sel: ColSel) -> Option<usize> {
    match sel {
        First => current.iter().position(|&c| c).or((!table.columns.is_empty()).then_some(0)),
        Named(names) => names.iter().find_map(|n| {
            // Imported column names carry no spaces.
            let matching = |c: &usize| table.columns[*c].contains(n);
            (0..table.columns.len()).filter(|c| current[*c]).find(matching).or_else(|| table.column_named(n))
        }),
    }
}

/// Which columns hold this period's figures: a table with column blocks by period (2025年预算数 |
/// 2026年预算数 | 增减) compares only its latest year's block with other tables; 上年, 去年 and
/// columns of changes (增减, 变动 …) are never this period.
fn current_period_columns(table: &Table) -> Vec<bool> {
    let year_of = |name: &str| {
        let b = name.as_bytes();
        (b.len() > 4 && b[..4].iter().all(u8::is_ascii_digit) && name[4..].starts_with('年'))
            .then(|| name[..4].parse::<u16>().ok())
            .flatten()
    };
    let latest = table.columns.iter().filter_map(|c| year_of(c)).max();
    table
        .columns
        .iter()
        .map(|c| {
            let other = crate::balance::names_a_change(c) || c.contains("上年") || c.contains("去年");
            !other && year_of(c).is_none_or(|y| Some(y) == latest)
        })
        .collect()
}

/// The labelled rows of a table with their labels as [`strip_numbering`] reads them: every rule
/// looks labels up, so each is stripped once.
fn plain_labels(table: &Table) -> Vec<(usize, Cow<'_, str>)> {
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.key == RowKey::Label)
        .map(|(i, r)| (i, stripped(&r.label)))
        .collect()
}

/// The row labelled with one of `wanted` among a table's `labels` ([`plain_labels`]);
/// side-by-side blocks repeat labels (总计 on both sides), so a row with a figure in `column` is
/// preferred.
fn find_label(
    table: &Table,
    labels: &[(usize, Cow<'_, str>)],
    wanted: &[&str],
    column: Option<usize>,
) -> Option<usize> {
    wanted.iter().find_map(|l| {
        let matching = || labels.iter().filter(|(_, plain)| plain == l).map(|&(i, _)| i);
        matching()
            .find(|&i| column.is_some_and(|c| table.rows[i].cells.get(c).copied().flatten().is_some()))
            .or_else(|| matching().next())
    })
}

/// Whether a line a rule looks for and does not find may be printed under a broken name: a row
/// of its table is labelled with the start or the end of it, three characters or more (a name
/// wrapped over two lines, `年初财政拨` over `款结转和结余`). Then it is not known to be blank.
fn line_printed_broken(cx: &Context<'_>, f: Figure) -> bool {
    let (Label(wanted), Some(t)) = (f.row, table_of(cx, f.table)) else { return false };
    cx.labels[t].iter().any(|(_, plain)| {
        plain.chars().nth(2).is_some()
            && wanted
                .iter()
                .any(|w| *w != plain.as_ref() && (w.starts_with(plain.as_ref()) || w.ends_with(plain.as_ref())))
    })
}

/// What the rules read: the report, its figures and each table's labels.
struct Context<'a> {
    report: &'a Report,
    tables: &'a [Table],
    labels: Vec<Vec<(usize, Cow<'a, str>)>>,
    /// Each table's [`current_period_columns`], found once.
    current: Vec<Vec<bool>>,
    /// Each table's [`class_rows_printed`], found when first asked (several rules and the
    /// narrative's look-ups ask; each label is looked up in the catalog).
    classes: Vec<std::cell::OnceCell<Vec<(Code, usize)>>>,
    catalog: &'a Catalog<'a>,
}

impl<'a> Context<'a> {
    fn new(report: &'a Report, tables: &'a [Table], catalog: &'a Catalog<'a>) -> Context<'a> {
        Context {
            report,
            tables,
            labels: tables.iter().map(plain_labels).collect(),
            current: tables.iter().map(current_period_columns).collect(),
            classes: tables.iter().map(|_| std::cell::OnceCell::new()).collect(),
            catalog,
        }
    }

    /// Table `t`'s rows by 类 ([`class_rows_printed`]).
    fn class_rows_printed(&self, t: usize) -> &[(Code, usize)] {
        self.classes[t].get_or_init(|| class_rows_printed(&self.tables[t], &self.labels[t], self.catalog))
    }

    /// Table `t`'s rows by 类, each 类 printed on one row only: the rows a 类 of another table is
    /// compared with.
    fn class_rows(&self, t: usize) -> Vec<(Code, usize)> {
        let rows = self.class_rows_printed(t);
        // A 类 printed on several rows (unit by unit) is no one row of the table's.
        rows.iter().copied().filter(|(c, _)| rows.iter().filter(|(o, _)| o == c).count() == 1).collect()
    }
}

/// The table of `kind` whose figures the rules read: the first with rows, else the first.
fn table_of(cx: &Context<'_>, kind: TableKind) -> Option<usize> {
    cx.report.table_index(kind, |t| !cx.tables[t].rows.is_empty())
}

/// The cells a figure stands for (several when a total row is missing and the class rows sum).
fn cells(cx: &Context<'_>, f: Figure) -> Option<Vec<CellRef>> {
    let t = table_of(cx, f.table)?;
    let table = &cx.tables[t];
    let column = find_column(table, &cx.current[t], f.column)?;
    let rows: Vec<usize> = match f.row {
        Label(labels) | Required(labels) => vec![find_label(table, &cx.labels[t], labels, Some(column))?],
        Total => match table.rows.iter().position(|r| r.key == RowKey::Total) {
            Some(r) => vec![r],
            None => coded_classes(table).map(|(_, r)| r).collect(),
        },
        Classes => {
            let classes = cx.class_rows_printed(t);
            let rows: Vec<usize> = classes.iter().map(|&(_, r)| r).collect();
            let &last = rows.last()?;
            // A figure among the 类 on a row that is no 类 kemu knows (a name wrapped over two
            // lines, a 类 of another year): the sum of the 类 read may miss it. A 款 or 项 under
            // a 类 printed is part of it, and a zero misses nothing. The 类 run from the table's
            // first row to its first total after them: the first or last 类 wrapped is no 类 either.
            let under_a_class = |key: RowKey| match key {
                RowKey::Code(c) => classes.iter().any(|&(k, _)| c.is_descendant_of(k)),
                _ => false,
            };
            let labels = &cx.labels[t];
            let is_total = |r: usize| {
                let at = labels.binary_search_by_key(&r, |&(row, _)| row);
                table.rows[r].key == RowKey::Total
                    || at.is_ok_and(|at| labels[at].1.contains("合计") || labels[at].1.contains("总计"))
            };
            let end = (last + 1..table.rows.len()).find(|&r| is_total(r)).unwrap_or(table.rows.len());
            // Above the 类, a line numbered as they are not (一、部门预算 over 1、一般公共服务支出)
            // is the group they are in.
            let first = rows[0];
            let group_above = |r: usize| {
                r < first && numbering_style(&table.rows[r].label) != numbering_style(&table.rows[first].label)
            };
            let stray = (0..end).any(|r| {
                let row = &table.rows[r];
                !rows.contains(&r)
                    && !group_above(r)
                    && !under_a_class(row.key)
                    && !is_total(r)
                    && !row.label.trim_start().starts_with("其中")
                    && row.cells.get(column).copied().flatten().is_some_and(|v| !v.is_zero())
            });
            if stray {
                return None;
            }
            rows
        }
        Between(from, to) => {
            let labels = &cx.labels[t];
            let start = find_label(table, labels, from, Some(column))?;
            let end = find_label(table, labels, to, Some(column))?;
            let memo = |plain: &str| plain.starts_with("其中");
            // The lines between, in the column read: a line of the other block has no figure here.
            return Some(
                labels
                    .iter()
                    .filter(|&&(r, ref plain)| start < r && r < end && !memo(plain))
                    .filter(|&&(r, _)| table.rows[r].cells.get(column).copied().flatten().is_some())
                    .map(|&(r, _)| CellRef::new(t, r, column))
                    .collect(),
            );
        }
    };
    Some(
        rows.into_iter()
            .map(|r| {
                // A labelled row whose only figure sits under another column: a label printed across
                // merged cells (Jiangsu's "支出合计|||…|18,330.37"). A row with several figures has
                // its own blank in the chosen column, which stays blank.
                let cells = &table.rows[r].cells;
                let filled: Vec<usize> = (0..cells.len()).filter(|&c| cells[c].is_some()).collect();
                let moved = match filled[..] {
                    [only] if cells[column].is_none() && matches!(f.row, Label(_) | Required(_)) => Some(only),
                    _ => None,
                };
                CellRef::new(t, r, moved.unwrap_or(column))
            })
            .collect(),
    )
}

/// How a label is numbered: 一、 (a CJK numeral), 1、 or 1. (a digit), (一) or (1) (bracketed), or
/// not at all; rows numbered alike are of one level.
fn numbering_style(label: &str) -> u8 {
    use crate::text::Numbering::{BracketedDigit, BracketedNumeral, Digit, Numeral};
    match crate::text::numbering(&normalized(label)) {
        None => 0,
        Some(Numeral) => 1,
        Some(Digit) => 2,
        Some(BracketedNumeral | BracketedDigit) => 3,
    }
}

/// The row of a code printed once in a table; `None` where it is not printed, or printed on
/// several rows (a table listed unit by unit, or beside several 政府 codes: no one row is the
/// code's).
fn only_row(table: &Table, code: Code) -> Option<usize> {
    let key = RowKey::Code(code);
    let mut rows = table.rows.iter().enumerate().filter(|(_, r)| r.key == key).map(|(i, _)| i);
    match (rows.next(), rows.next()) {
        (Some(row), None) => Some(row),
        _ => None,
    }
}

/// The rows of a table by 类: coded 类 rows, or labelled rows whose name is a 类 name.
fn class_rows_printed(table: &Table, labels: &[(usize, Cow<'_, str>)], catalog: &Catalog<'_>) -> Vec<(Code, usize)> {
    table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.key {
            RowKey::Code(c) if c.level() == Level::Class => Some((c, i)),
            RowKey::Label => {
                let at = labels.binary_search_by_key(&i, |&(row, _)| row).ok()?;
                let name = &labels[at].1;
                // Every 功能分类 类 name but 预备费 ends in 支出, which some tables leave off
                // (`8、社会保障和就业`): other labels (合计, 总计 …) need no look-up.
                let name = match r.label.trim_end() {
                    l if l.ends_with("支出") || l.ends_with("预备费") => Cow::Borrowed(&**name),
                    l if !l.contains("合计") && !l.contains("总计") && name.chars().count() <= 12 => {
                        Cow::Owned(format!("{name}支出"))
                    }
                    _ => return None,
                };
                let is_class =
                    |e: &crate::catalog::Entry<'_>| e.level() == Level::Class && matches!(e.code(), Code::Func(_));
                let found = catalog.entries_named(&name).find(is_class);
                // An older or newer name of a 类 (医疗卫生与计划生育支出 in a 2020 report).
                let found = found.or_else(|| catalog.set().entries_named_any_year(&name).find(is_class));
                found.map(|e| (e.code(), i))
            }
            _ => None,
        })
        .collect()
}

/// All equations of a report: roll-ups and cross-footing within each table, the 三公 identities,
/// and the cross-table rules of its set.
///
/// ```
/// let report = kemu::report::import(kemu::report::EMBEDDED_REPORT);
/// let tables: Vec<kemu::balance::Table> = report.tables.iter().map(|t| t.table.clone()).collect();
/// let equations = kemu::report::rules::equations(&report, &tables, &kemu::Catalog::year(2020)?);
/// assert!(equations.iter().any(|e| &*e.rule == "rollup") && equations.iter().any(|e| &*e.rule == "01=02"));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
pub fn equations(report: &Report, tables: &[Table], catalog: &Catalog<'_>) -> Vec<Equation> {
    let (cross, by_class) = of_kind(report.kind);
    equations_of(&Lookup::new(report, tables, catalog), cross, by_class)
}

/// The rules between tables of a report of `kind`: a report whose kind is not said is read with
/// the 决算's (most of them hold in a budget too).
pub(crate) fn of_kind(kind: Option<ReportKind>) -> (&'static [CrossRule], &'static [ByClassRule]) {
    match kind {
        Some(ReportKind::Budget) => (BUDGET, BUDGET_BY_CLASS),
        _ => (FINAL_ACCOUNTS, FINAL_ACCOUNTS_BY_CLASS),
    }
}

/// [`equations`] from what a [`Lookup`] has read already (the audit shares one with the narrative).
pub(crate) fn equations_of(lookup: &Lookup<'_>, cross: &[CrossRule], by_class: &[ByClassRule]) -> Vec<Equation> {
    let cx = &lookup.cx;
    let (report, tables) = (cx.report, cx.tables);
    let mut out = Vec::new();
    // The 三公 table's column groups serve its own identities and 07=06.
    let mut three_public: Option<Vec<ThreePublicColumns>> = None;
    for (t, imported) in report.tables.iter().enumerate() {
        let groups = match &lookup.three_public {
            // The look-up grouped the first 三公 table's columns already.
            Some((first, groups)) if *first == t => Some(groups.clone()),
            _ => (imported.kind == ThreePublic).then(|| three_public_groups(&tables[t])),
        };
        let by_pairs = imported.rollup_by_pairs.as_deref();
        out.extend(within_table(tables, &cx.labels[t], t, imported.kind, groups.as_deref(), by_pairs));
        if three_public.is_none() {
            three_public = groups;
        }
    }
    out.extend(cross.iter().filter_map(|rule| cross_equation(cx, rule)));
    for rule in by_class {
        out.extend(by_class_equations(cx, rule));
    }
    out.extend(expenditure_equals_general(cx));
    if let Some(groups) = three_public.as_ref().and_then(|g| g.last().copied()) {
        out.extend(three_public_against_basic(cx, groups));
    }
    // Figures are compared as printed: an identity across tables in different units is dropped
    // (the importer reports such tables).
    let unit_of = |t: usize| report.tables[t].unit.or(report.unit);
    out.retain(|e| e.parts.iter().all(|(_, c)| unit_of(c.table) == unit_of(e.total.table)));
    out
}

/// The equation of one cross-table rule, where the report prints what it reads.
fn cross_equation(cx: &Context<'_>, rule: &CrossRule) -> Option<Equation> {
    let left = cells(cx, rule.left)?;
    let [left] = left.as_slice() else { return None };
    let mut parts = Vec::new();
    let mut complete = true;
    // The figures read from a 合计 row.
    let mut totals: Vec<CellRef> = if matches!(rule.left.row, Total) { vec![*left] } else { Vec::new() };
    for (sign, f) in rule.right {
        match cells(cx, *f) {
            Some(cs) => {
                if matches!(f.row, Total) {
                    totals.extend(&cs);
                }
                parts.extend(cs.into_iter().map(|c| (*sign, c)))
            }
            // A missing optional line (政府性基金…) counts as blank; a missing table skips the rule,
            // and so does a line that may be printed under a broken name.
            None => {
                complete &= cx.report.table(f.table).is_some()
                    && matches!(f.row, Label(_) | Between(..))
                    && !line_printed_broken(cx, *f)
            }
        }
    }
    // But a table with figures and none of the lines looked for prints them under other
    // names: nothing is read.
    let has_figures = |kind: TableKind| {
        let t = table_of(cx, kind);
        t.is_some_and(|t| cx.tables[t].rows.iter().any(|r| r.cells.iter().any(Option::is_some)))
    };
    if parts.is_empty() && rule.right.iter().any(|(_, f)| has_figures(f.table)) {
        return None;
    }
    // A 合计 row may be printed as the sum of its rounded 类 (software that converts each cell
    // from 元 to 万元 on its own): the identity carries their rounding (parts of sign 0), so
    // that two totals one rounding apart are a tail, not an error.
    let carried = totals.into_iter().filter(|c| cx.tables[c.table].rows[c.row].key == RowKey::Total);
    parts.extend(
        carried.flat_map(|c| {
            coded_classes(&cx.tables[c.table]).map(move |(_, r)| (0, CellRef::new(c.table, r, c.column)))
        }),
    );
    // No parts at all (a table printed without figures) still checks: a declared figure
    // against nothing is a finding, a blank against nothing is not.
    complete.then(|| Equation {
        rule: rule.id.into(),
        description: rule.description.into(),
        total: *left,
        parts,
        severity: rule.severity,
    })
}

/// A table's coded 类 rows: code and row.
fn coded_classes(table: &Table) -> impl Iterator<Item = (Code, usize)> + '_ {
    table.rows.iter().enumerate().filter_map(|(r, row)| match row.key {
        RowKey::Code(c) if c.level() == Level::Class => Some((c, r)),
        _ => None,
    })
}

/// The equations of one by-class rule: each 类 printed in both tables.
fn by_class_equations(cx: &Context<'_>, rule: &ByClassRule) -> Vec<Equation> {
    let tables = cx.tables;
    let (Some(lt), Some(rt)) = (table_of(cx, rule.left.0), table_of(cx, rule.right.0)) else {
        return Vec::new();
    };
    let (Some(lc), Some(rc)) = (
        find_column(&tables[lt], &cx.current[lt], rule.left.1),
        find_column(&tables[rt], &cx.current[rt], rule.right.1),
    ) else {
        return Vec::new();
    };
    let right: Vec<(Code, usize)> = cx.class_rows(rt);
    cx.class_rows(lt)
        .into_iter()
        .filter_map(|(code, row)| {
            let (_, r) = right.iter().find(|(c, _)| *c == code)?;
            let mut eq =
                Equation::sum(rule.id, rule.description, CellRef::new(lt, row, lc), [CellRef::new(rt, *r, rc)]);
            // Each table may print its 类 as the sum of its rounded 项 (the software converts every
            // cell from 元 to 万元 on its own): the two 类 then differ by up to the rounding of the
            // 项 below them, which the identity carries (parts of sign 0).
            for (t, c) in [(lt, lc), (rt, rc)] {
                eq.parts.extend(leaves_under(&tables[t], code).map(|leaf| (0, CellRef::new(t, leaf, c))));
            }
            Some(eq)
        })
        .collect()
}

/// The rows of a table's deepest codes under `class` (its 项, or a 款 printed without 项).
fn leaves_under(table: &Table, class: Code) -> impl Iterator<Item = usize> + '_ {
    let under = move |c: Code| c.parent() == Some(class) || c.parent().and_then(Code::parent) == Some(class);
    let codes: Vec<Code> =
        table.rows.iter().filter_map(|r| if let RowKey::Code(c) = r.key { Some(c) } else { None }).collect();
    table.rows.iter().enumerate().filter_map(move |(i, r)| {
        let RowKey::Code(c) = r.key else { return None };
        let has_child = codes.iter().any(|&o| o != c && o.parent() == Some(c));
        (c != class && under(c) && !has_child).then_some(i)
    })
}

/// 03 = 05 row by row in a 决算 whose spending is all 一般公共预算财政拨款.
fn expenditure_equals_general(cx: &Context<'_>) -> Vec<Equation> {
    let (report, tables) = (cx.report, cx.tables);
    let mut out = Vec::new();
    if let (Some(e), Some(g)) = (table_of(cx, Expenditure), table_of(cx, GeneralExpenditure))
        && report.kind != Some(ReportKind::Budget)
        && all_spending_is_general_budget(cx)
    {
        for (ci, name) in
            [(First, First), (Named(&["基本支出"]), Named(&["基本支出"])), (Named(&["项目支出"]), Named(&["项目支出"]))]
        {
            let (Some(a), Some(b)) =
                (find_column(&tables[e], &cx.current[e], ci), find_column(&tables[g], &cx.current[g], name))
            else {
                continue;
            };
            for (r, row) in tables[e].rows.iter().enumerate() {
                let RowKey::Code(code) = row.key else { continue };
                if only_row(&tables[e], code).is_none() {
                    continue;
                }
                if let Some(r5) = only_row(&tables[g], code) {
                    out.push(Equation::sum(
                        "03=05",
                        "03 与 05 逐行相等（支出全部为一般公共预算财政拨款）",
                        CellRef::new(e, r, a),
                        [CellRef::new(g, r5, b)],
                    ));
                }
            }
        }
    }
    out
}

/// 07 决算 against the 06 items (07 also counts carried-over funds: a warning).
fn three_public_against_basic(cx: &Context<'_>, groups: ThreePublicColumns) -> Vec<Equation> {
    let (report, tables) = (cx.report, cx.tables);
    let mut out = Vec::new();
    if report.kind == Some(ReportKind::FinalAccounts)
        && let (Some(s), Some(b)) = (table_of(cx, ThreePublic), table_of(cx, GeneralBasic))
    {
        let row = 0;
        for (column, code) in [(groups.abroad, "30212"), (groups.vehicle_running, "30231"), (groups.reception, "30217")]
        {
            let Some(column) = column else { continue };
            let Ok(code) = Code::parse(code) else { continue };
            // Every row of the code: one, or one beside each 政府 code it is printed with.
            let key = RowKey::Code(code);
            let rows: Vec<usize> = (0..tables[b].rows.len()).filter(|&r| tables[b].rows[r].key == key).collect();
            if rows.is_empty() || tables[s].rows.is_empty() {
                continue;
            }
            let first = find_column(&tables[b], &cx.current[b], First).unwrap_or(0);
            let filled = |r: usize| tables[b].rows[r].cells.iter().position(Option::is_some).unwrap_or(first);
            out.push(Equation {
                rule: "07=06".into(),
                description: format!("07 决算 = 06 {code}").into(),
                total: CellRef::new(s, row, column),
                parts: rows.into_iter().map(|r| (1, CellRef::new(b, r, filled(r)))).collect(),
                severity: Severity::Warning,
            });
        }
    }
    out
}

fn all_spending_is_general_budget(cx: &Context<'_>) -> bool {
    let tables = cx.tables;
    let total = cells(cx, fig(Summary, Label(SPENDING_TOTAL), SPENDING));
    let general = cells(cx, fig(FiscalSummary, Label(SPENDING_TOTAL), Named(&["一般公共预算"])));
    let value = |c: Option<Vec<CellRef>>| -> Option<rust_decimal::Decimal> {
        let c = c?;
        let [c] = c.as_slice() else { return None };
        tables[c.table].rows[c.row].cells[c.column]
    };
    matches!((value(total), value(general)), (Some(a), Some(b)) if a == b)
}

/// What a column of the 三公 table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ThreePublicRole {
    Total,
    Abroad,
    VehicleTotal,
    VehiclePurchase,
    VehicleRunning,
    Reception,
}

impl ThreePublicRole {
    /// The role of a normalized column name ("公务用车购置及运行费/公务用车运行费" is running costs,
    /// "公务用车购置及运行费/小计" their subtotal).
    fn of(n: &str) -> Option<ThreePublicRole> {
        let leaf = n.rsplit('/').next().unwrap_or(n);
        // A vehicle column names its 车: a 机关运行经费 column beside the 三公 is no 运行费.
        let vehicle = n.contains('车');
        Some(if n.contains("出国") {
            ThreePublicRole::Abroad
        } else if n.contains("接待") {
            ThreePublicRole::Reception
        } else if vehicle && leaf.contains("购置费") {
            ThreePublicRole::VehiclePurchase
        } else if vehicle && leaf.contains("运行") && !leaf.contains("购置及运行") {
            ThreePublicRole::VehicleRunning
        } else if vehicle && (leaf.contains("小计") || leaf.contains("购置及运行")) {
            ThreePublicRole::VehicleTotal
        } else if n.contains("合计") {
            ThreePublicRole::Total
        } else {
            return None;
        })
    }
}

/// The columns of one 预算 or 决算 group of the 三公 table.
#[derive(Debug, Clone, Copy, Default)]
struct ThreePublicColumns {
    total: Option<usize>,
    abroad: Option<usize>,
    vehicle_total: Option<usize>,
    vehicle_purchase: Option<usize>,
    vehicle_running: Option<usize>,
    reception: Option<usize>,
}

impl ThreePublicColumns {
    fn slot(&mut self, role: ThreePublicRole) -> &mut Option<usize> {
        match role {
            ThreePublicRole::Total => &mut self.total,
            ThreePublicRole::Abroad => &mut self.abroad,
            ThreePublicRole::VehicleTotal => &mut self.vehicle_total,
            ThreePublicRole::VehiclePurchase => &mut self.vehicle_purchase,
            ThreePublicRole::VehicleRunning => &mut self.vehicle_running,
            ThreePublicRole::Reception => &mut self.reception,
        }
    }
}

/// The 三公 item a column group names (出国, 公务用车, 接待), whose 小计 is that item's.
fn three_public_item(group: &str) -> Option<ThreePublicRole> {
    if group.contains("出国") {
        Some(ThreePublicRole::Abroad)
    } else if group.contains("公务用车") {
        Some(ThreePublicRole::VehicleTotal)
    } else if group.contains("接待") {
        Some(ThreePublicRole::Reception)
    } else {
        None
    }
}

/// Groups the 三公 columns: by 预算数/决算数 where the header says so, else by repetition
/// (the national layout prints 预算 columns 1–6, then 决算 7–12): a column joins the first group
/// of its tag whose slot for its role is still free.
fn three_public_groups(table: &Table) -> Vec<ThreePublicColumns> {
    let mut groups: Vec<(&str, ThreePublicColumns)> = Vec::new();
    // Jiangsu adds 会议费 and 培训费: its 合计 is not the 三公 total, its “三公”经费/小计 is
    // (also under a label over every column: 2019年预算数/合计).
    let has_subtotal = table.columns.iter().any(|c| c.contains("三公") && c.contains("小计"));
    let grouped_totals = table.columns.iter().any(|c| {
        let c = normalized(c);
        let parts: Vec<&str> = c.split('/').collect();
        parts.len() > 1
            && matches!(parts[parts.len() - 1], "小计" | "合计")
            && three_public_item(parts[parts.len() - 2]).is_none()
    });
    for (i, name) in table.columns.iter().enumerate() {
        let n = normalized(name);
        // A 小计 is the subtotal of the item above it: `…/公务用车购置及运行维护费/小计` is the
        // vehicles', `…/因公出国（境）费/小计` the trips', and a 小计 under the “三公” group itself
        // (or under nothing) the 三公 total. The parts below an item's 小计 are not read.
        let segments: Vec<&str> = n.split('/').collect();
        let (leaf, parent) = (segments[segments.len() - 1], segments.len().checked_sub(2).map(|i| segments[i]));
        let role = if leaf == "小计" || leaf == "合计" && parent.is_some_and(|p| p.contains("三公")) {
            Some(parent.and_then(three_public_item).unwrap_or(ThreePublicRole::Total))
        } else if has_subtotal && leaf.starts_with("合计") || parent.is_some_and(|p| p.contains("出国")) {
            None
        } else {
            ThreePublicRole::of(n.split_once("三公\u{201d}经费/").map_or(&*n, |(_, rest)| rest))
        };
        // A grand total over period groups that have their own 小计 (当年预算 | 上年结转) belongs
        // to no group.
        let role = role.filter(|r| !(*r == ThreePublicRole::Total && segments.len() == 1 && grouped_totals));
        let Some(role) = role else { continue };
        let tag = ["决算", "预算"].into_iter().find(|t| n.contains(t)).unwrap_or("");
        let free = groups.iter_mut().position(|(t, g)| (tag.is_empty() || *t == tag) && g.slot(role).is_none());
        let at = free.unwrap_or_else(|| {
            groups.push((tag, ThreePublicColumns::default()));
            groups.len() - 1
        });
        *groups[at].1.slot(role) = Some(i);
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Whether a column (its last name part) is a 其中 memo line.
fn is_memo(column: &str) -> bool {
    let leaf = column.rsplit('/').next().unwrap_or(column);
    normal_chars(leaf).take(2).eq("其中".chars())
}

/// Cross-footing: within each column group, a first column named 合计, 小计 or 总计 is the sum
/// of the rest, and of each group nested after them by its own total.
fn crossfoot_groups(tables: &[Table], t: usize) -> Vec<Equation> {
    let table = &tables[t];
    let columns = &table.columns;
    let mut out = Vec::new();
    let group_of = |name: &str| name.rsplit_once('/').map(|(g, _)| g.to_string()).unwrap_or_default();
    // Whether column `c` lies in `group` or in a group nested in it.
    let within = |c: usize, group: &str| {
        let g = group_of(&columns[c]);
        g.strip_prefix(group).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    let is_total = |column: &str| {
        let leaf = normalize_name(column.rsplit('/').next().unwrap_or(""));
        leaf.ends_with("合计") || leaf == "小计" || leaf == "总计"
    };
    let mut start = 0;
    while start < columns.len() {
        let group = group_of(&columns[start]);
        let end = (start..columns.len()).find(|&c| group_of(&columns[c]) != group).unwrap_or(columns.len());
        // A 其中 column is a memo of part of the total, not one of its summands.
        let mut parts: Vec<usize> = (start + 1..end).filter(|&c| !is_memo(&columns[c])).collect();
        // Groups nested in this one after its own columns (`…/公务用车购置及运行费/小计`) are
        // summands too, each by its own total; one without a total leaves the sum unknown.
        // The group's own columns may resume after a nested one (`小计 | 公共预算拨款/小计 |
        // 公共预算拨款/其中 | 政府性基金拨款`).
        let total = is_total(&columns[start]);
        let mut known = true;
        let mut at = end;
        if total && !group.is_empty() {
            while at < columns.len() && within(at, &group) {
                let sub = group_of(&columns[at]);
                if sub == group {
                    if !is_memo(&columns[at]) {
                        parts.push(at);
                    }
                    at += 1;
                    continue;
                }
                known &= is_total(&columns[at]);
                parts.push(at);
                at = (at..columns.len()).find(|&c| !within(c, &sub)).unwrap_or(columns.len());
            }
        }
        if known && parts.len() > 1 && total {
            out.extend(crossfoot_equations(tables, t, start, &parts));
        }
        start = end;
    }
    out
}

/// Changes between two periods: a column group of 增减 (变化, 变动, 差额) beside exactly two groups
/// of periods, the later told from the earlier by their years (2023年执行数 | 2024年预算数) or
/// their words (上年 | 当年): the earlier period's column is the later's of its name less the
/// change, on every row that prints a figure (a blank is nothing changed, or no figure
/// in that period), as cross-footing reads them — but for a blank change beside one period only.
///
/// A row that sums others may print the sum of their rounded changes, off its own periods' by
/// their roundings (r26-020-08: 35.40 beside 179.18 − 143.76 over six units), so its identity
/// carries the rounding of the rows it may sum: its code's leaves, every coded leaf for 合计,
/// and every other labelled row for a labelled row beside others (units listed with their
/// department above them do not say which sums which).
fn change_equations(tables: &[Table], t: usize) -> Vec<Equation> {
    fn top(c: &str) -> &str {
        c.split_once('/').map_or(c, |(g, _)| g)
    }
    let table = &tables[t];
    let mut groups: Vec<&str> = Vec::new();
    for g in table.columns.iter().filter(|c| c.contains('/')).map(|c| top(c)) {
        if !groups.contains(&g) {
            groups.push(g);
        }
    }
    let (changes, periods): (Vec<&str>, Vec<&str>) =
        groups.into_iter().partition(|g| crate::balance::names_a_change(g));
    let ([change], [a, b]) = (changes.as_slice(), periods.as_slice()) else { return Vec::new() };
    let Some((earlier, later)) = period_order(a, b) else { return Vec::new() };
    let column = |group: &str, rest: &str| {
        table.columns.iter().position(|c| c.strip_prefix(group).and_then(|r| r.strip_prefix('/')) == Some(rest))
    };
    let carried = rows_summed(table);
    // Written as earlier = later − change: a difference, whose blank figures (no change, a new
    // item, one ended) are never a blank total to fill in (see `localize`'s evidence).
    let description: std::sync::Arc<str> = format!("{earlier} = {later} − {change}").into();
    let mut out = Vec::new();
    for (c, name) in table.columns.iter().enumerate() {
        let Some(rest) = name.strip_prefix(change).and_then(|r| r.strip_prefix('/')) else { continue };
        let (Some(l), Some(e)) = (column(later, rest), column(earlier, rest)) else { continue };
        // A blank change beside one period printed and the other blank (a new item, or one
        // ended) may mean "no comparison", not "no change": such a row says nothing.
        let cell = |r: usize, col: usize| table.rows[r].cells[col];
        let says = |r: usize| cell(r, c).is_some() || cell(r, l).is_some() == cell(r, e).is_some();
        for r in (0..table.rows.len()).filter(|&r| table.rows[r].cells.iter().any(Option::is_some) && says(r)) {
            let mut parts = vec![(1, CellRef::new(t, r, l)), (-1, CellRef::new(t, r, c))];
            for &below in &carried[r] {
                parts.extend([l, e, c].map(|col| (0, CellRef::new(t, below, col))));
            }
            out.push(Equation {
                rule: "change".into(),
                description: description.clone(),
                total: CellRef::new(t, r, e),
                parts,
                severity: Severity::Error,
            });
        }
    }
    out
}

/// For each row, the rows whose rounding its figures may carry (see [`change_equations`]).
fn rows_summed(table: &Table) -> Vec<Vec<usize>> {
    let codes: Vec<(usize, Code)> = table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(r, row)| if let RowKey::Code(c) = row.key { Some((r, c)) } else { None })
        .collect();
    // The coded rows with no code of the table below them, found once (not once a row asks).
    let leaves: Vec<(usize, Code)> =
        codes.iter().copied().filter(|&(_, c)| !codes.iter().any(|&(_, o)| o != c && o.is_descendant_of(c))).collect();
    let labels: Vec<usize> = (0..table.rows.len())
        .filter(|&r| table.rows[r].key == RowKey::Label && table.rows[r].cells.iter().any(Option::is_some))
        .collect();
    (0..table.rows.len())
        .map(|r| match table.rows[r].key {
            RowKey::Code(c) => leaves.iter().filter(|&&(_, o)| o.is_descendant_of(c)).map(|&(i, _)| i).collect(),
            RowKey::Total if !codes.is_empty() => leaves.iter().map(|&(i, _)| i).collect(),
            RowKey::Total => labels.clone(),
            RowKey::Label if labels.len() > 1 => labels.iter().copied().filter(|&o| o != r).collect(),
            RowKey::Label => Vec::new(),
        })
        .collect()
}

/// Which of two period groups is the earlier: by the years they print, else by 上年 against
/// 本年 or 当年; `None` when they do not say.
fn period_order<'g>(a: &'g str, b: &'g str) -> Option<(&'g str, &'g str)> {
    let year = |g: &str| {
        let at = g.find('年')?;
        let digits = g[..at].rsplit(|c: char| !c.is_ascii_digit()).next()?;
        (digits.len() == 4).then(|| digits.parse::<u16>().ok()).flatten()
    };
    let word = |g: &str| match () {
        () if ["上年", "去年", "上期"].iter().any(|w| g.contains(w)) => Some(0),
        () if ["本年", "当年", "本期"].iter().any(|w| g.contains(w)) => Some(1),
        () => None,
    };
    let (x, y) = match (year(a), year(b)) {
        (Some(x), Some(y)) if x != y => (x, y),
        _ => (word(a)?, word(b)?),
    };
    match x.cmp(&y) {
        std::cmp::Ordering::Less => Some((a, b)),
        std::cmp::Ordering::Greater => Some((b, a)),
        std::cmp::Ordering::Equal => None,
    }
}

/// The identities within table `t`; `three_public` are its column groups when it is the 三公 table.
fn within_table(
    tables: &[Table],
    labels: &[(usize, Cow<'_, str>)],
    t: usize,
    kind: TableKind,
    three_public: Option<&[ThreePublicColumns]>,
    by_pairs: Option<&[(Option<usize>, usize)]>,
) -> Vec<Equation> {
    let table = &tables[t];
    let all: Vec<usize> = (0..table.columns.len()).collect();
    let mut out = match by_pairs {
        Some(children) => crate::balance::rollup_equations(tables, t, &all, children.to_vec()),
        None => hierarchy_equations(tables, t, &all),
    };
    out.extend(change_equations(tables, t));
    if let Some(groups) = three_public {
        for g in groups {
            for r in 0..table.rows.len() {
                let cell = |c: Option<usize>| c.map(|c| CellRef::new(t, r, c));
                // Against the leaf columns, so that a blank 小计 is reported once, by its own identity.
                let leaves = [cell(g.abroad), cell(g.vehicle_purchase), cell(g.vehicle_running), cell(g.reception)];
                if let Some(total) = cell(g.total)
                    && leaves.iter().all(Option::is_some)
                {
                    out.push(Equation::sum(
                        "07:三公",
                        "合计 = 因公出国（境）费 + 公务用车购置费 + 公务用车运行费 + 公务接待费",
                        total,
                        leaves.into_iter().flatten(),
                    ));
                }
                if let (Some(total), Some(a), Some(b)) =
                    (cell(g.vehicle_total), cell(g.vehicle_purchase), cell(g.vehicle_running))
                {
                    out.push(Equation::sum("07:公务用车", "公务用车购置及运行费 = 购置费 + 运行费", total, [a, b]));
                }
            }
        }
        return out;
    }
    out.extend(crossfoot_groups(tables, t));
    // 06: 人员经费合计 = 301 + 303; 公用经费合计 = the other classes.
    if matches!(kind, GeneralBasic | FiscalBasic) {
        let classes: Vec<(Code, usize)> = coded_classes(table).collect();
        let personnel = |c: &Code| matches!(c.digits(), 301 | 303);
        // The class of every code the table prints: a class whose 款 are printed but not itself
        // (or printed in a way not read, `301工资福利支出`) leaves its side's sum unchecked.
        let class_of = |mut c: Code| {
            while c.level() != Level::Class {
                let Some(parent) = c.parent() else { break };
                c = parent;
            }
            c
        };
        let printed: Vec<Code> = table
            .rows
            .iter()
            .filter_map(|r| if let RowKey::Code(c) = r.key { Some(class_of(c)) } else { None })
            .collect();
        for (label, is_personnel) in [("人员经费合计", true), ("公用经费合计", false)] {
            let side = |c: &&Code| personnel(c) == is_personnel;
            if !printed.iter().filter(side).all(|c| classes.iter().any(|(k, _)| k == c))
                || !classes.iter().any(|(c, _)| personnel(c) == is_personnel)
            {
                continue;
            }
            let Some(row) = find_label(table, labels, &[label], None) else { continue };
            let Some(column) = table.rows[row].cells.iter().position(Option::is_some) else { continue };
            // Each class's figure sits in the column of its block.
            let parts: Vec<CellRef> = classes
                .iter()
                .filter(|(c, _)| personnel(c) == is_personnel)
                .filter_map(|&(_, r)| {
                    table.rows[r].cells.iter().position(Option::is_some).map(|col| CellRef::new(t, r, col))
                })
                .collect();
            out.push(Equation::sum("06:经费", format!("{label} = Σ 类"), CellRef::new(t, row, column), parts));
        }
    }
    out
}

/// One item of the 三公 table, for the narrative's look-ups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThreePublicItem {
    Total,
    Abroad,
    Vehicle,
    VehiclePurchase,
    VehicleRunning,
    Reception,
}

/// Table figures by what they are, for the narrative: a [`Figure`] of the report's tables, a
/// row by its code, a 三公 item.
pub(crate) struct Lookup<'a> {
    cx: Context<'a>,
    three_public: Option<(usize, Vec<ThreePublicColumns>)>,
}

impl<'a> Lookup<'a> {
    pub(crate) fn new(report: &'a Report, tables: &'a [Table], catalog: &'a Catalog<'a>) -> Lookup<'a> {
        let cx = Context::new(report, tables, catalog);
        let three_public = table_of(&cx, ThreePublic).map(|t| (t, three_public_groups(&tables[t])));
        Lookup { cx, three_public }
    }

    /// The one cell a figure stands for (none when it stands for several or for none).
    pub(crate) fn figure(&self, f: Figure) -> Option<CellRef> {
        match cells(&self.cx, f)?.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The cell of a code's row in the first column of a table of `kind`.
    pub(crate) fn code_row(&self, kind: TableKind, code: Code) -> Option<CellRef> {
        let t = table_of(&self.cx, kind)?;
        let row = only_row(&self.cx.tables[t], code)?;
        let column = find_column(&self.cx.tables[t], &self.cx.current[t], First)?;
        Some(CellRef::new(t, row, column))
    }

    /// A 三公 item's cell: of the 预算 group (the first) or the 决算 group (the last, in a
    /// 决算 whose table prints both).
    pub(crate) fn three_public(&self, item: ThreePublicItem, budget: bool) -> Option<CellRef> {
        let (t, groups) = self.three_public.as_ref()?;
        let table = &self.cx.tables[*t];
        let group = if self.cx.report.kind == Some(ReportKind::Budget) {
            // A budget's figures are this year's: the one group of current-period columns.
            let current = |g: &&ThreePublicColumns| {
                let columns = [g.total, g.abroad, g.vehicle_total, g.vehicle_purchase, g.vehicle_running, g.reception];
                columns.into_iter().flatten().all(|c| self.cx.current[*t][c] && !table.columns[c].contains("结转"))
            };
            let mut current_groups = groups.iter().filter(current);
            match (budget, current_groups.next(), current_groups.next()) {
                (true, Some(only), None) => only,
                _ => return None,
            }
        } else {
            // A 决算 prints its 预算 group, then its 决算 group.
            match (budget, groups.as_slice()) {
                (true, [first, _]) => first,
                (false, [_, last]) => last,
                _ => return None,
            }
        };
        let column = match item {
            ThreePublicItem::Total => group.total,
            ThreePublicItem::Abroad => group.abroad,
            ThreePublicItem::Vehicle => group.vehicle_total,
            ThreePublicItem::VehiclePurchase => group.vehicle_purchase,
            ThreePublicItem::VehicleRunning => group.vehicle_running,
            ThreePublicItem::Reception => group.reception,
        }?;
        // The department's figures are its one row of figures; a table of several rows (by
        // unit) does not say which is meant.
        let rows = &table.rows;
        let mut filled = (0..rows.len()).filter(|&r| rows[r].cells.iter().any(Option::is_some));
        match (filled.next(), filled.next()) {
            (Some(row), None) => Some(CellRef::new(*t, row, column)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_three_public_column_is_read_by_what_it_names() {
        for (name, role) in [
            ("公务用车购置及运行费/公务用车运行费", Some(ThreePublicRole::VehicleRunning)),
            ("公务用车购置及运行费/公务用车购置费", Some(ThreePublicRole::VehiclePurchase)),
            ("公务用车购置及运行费/小计", Some(ThreePublicRole::VehicleTotal)),
            ("公务接待费", Some(ThreePublicRole::Reception)),
            ("因公出国(境)费", Some(ThreePublicRole::Abroad)),
            ("合计", Some(ThreePublicRole::Total)),
            // Printed beside the 三公 (Shanghai): neither a vehicle's 运行费 nor its purchase.
            ("机关运行经费预算数", None),
            ("设备购置费", None),
        ] {
            assert_eq!(ThreePublicRole::of(name), role, "{name}");
        }
    }
}
