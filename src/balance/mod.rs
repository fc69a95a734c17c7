//! Checks on declared figures: a published table declares every level's figure itself, and kemu
//! proves each total against its parts, exactly or within what rounding explains, then finds the
//! fewest cells whose change makes everything hold.
//!
//! The vocabulary is table-neutral: [`Table`]s of [`Row`]s hold declared cells (blank stays blank),
//! [`Equation`]s say `total = Σ ± parts` over [`CellRef`]s, [`evaluate`] turns them into
//! [`Finding`]s and [`localize`] into [`Correction`]s. Which equations a 公开表 set implies is the
//! report layer's business.

mod localize;
mod solve;

pub use localize::{Basis, Correction, Localization, SearchLimits, Typo, localize, smallest_fixes};

use crate::amount::half_step;
use crate::codes::Code;
use rust_decimal::Decimal;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is.
///
/// ```
/// use kemu::Severity;
/// assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
/// assert_eq!(Severity::Warning.to_string(), "warning");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Severity {
    /// Worth knowing, not wrong (a rounding tail, an older name).
    Info,
    /// Probably wrong, or wrong unless explained.
    Warning,
    /// Wrong.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// What a row of a declared table is keyed by.
///
/// ```
/// use kemu::balance::{Row, RowKey};
/// let row = Row::total("合计", vec![None]);
/// assert_eq!(row.key, RowKey::Total);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKey {
    /// A classification code.
    Code(Code),
    /// The 合计 row: the sum of the top-level coded rows.
    Total,
    /// Any other labelled row (本年收入合计, 一、一般公共服务支出 …).
    Label,
}

/// One declared row: its key, its label as printed and one cell per column (`None` = blank).
///
/// ```
/// use kemu::balance::Row;
/// use rust_decimal::Decimal;
/// let row = Row::code(kemu::FuncCode::parse("2010301")?, "行政运行", vec![Some(Decimal::new(90247, 2)), None]);
/// assert_eq!(row.name(), "2010301");
/// assert_eq!(row.cells[1], None, "a blank stays blank");
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What the row is keyed by.
    pub key: RowKey,
    /// The printed label or name.
    pub label: String,
    /// One cell per column; `None` is a blank, never a zero.
    pub cells: Vec<Option<Decimal>>,
    /// The 1-based line of the source text, when known.
    pub line: Option<usize>,
}

impl Row {
    /// A coded row.
    ///
    /// ```
    /// let row = kemu::balance::Row::code(kemu::EconCode::parse("30101").unwrap(), "基本工资", vec![None]);
    /// assert_eq!(row.key, kemu::balance::RowKey::Code("30101".parse().unwrap()));
    /// ```
    pub fn code(code: impl Into<Code>, label: &str, cells: Vec<Option<Decimal>>) -> Row {
        Row { key: RowKey::Code(code.into()), label: label.to_string(), cells, line: None }
    }

    /// A 合计 row.
    ///
    /// ```
    /// assert_eq!(kemu::balance::Row::total("合计", vec![]).key, kemu::balance::RowKey::Total);
    /// ```
    pub fn total(label: &str, cells: Vec<Option<Decimal>>) -> Row {
        Row { key: RowKey::Total, label: label.to_string(), cells, line: None }
    }

    /// A labelled row.
    ///
    /// ```
    /// assert_eq!(kemu::balance::Row::label("本年收入合计", vec![]).key, kemu::balance::RowKey::Label);
    /// ```
    pub fn label(label: &str, cells: Vec<Option<Decimal>>) -> Row {
        Row { key: RowKey::Label, label: label.to_string(), cells, line: None }
    }

    /// How the row is named in findings: its code, or its label.
    ///
    /// ```
    /// use kemu::balance::Row;
    /// assert_eq!(Row::label("一、一般公共服务支出", vec![]).name(), "一、一般公共服务支出");
    /// ```
    pub fn name(&self) -> String {
        match self.key {
            RowKey::Code(c) => c.to_string(),
            _ => self.label.clone(),
        }
    }
}

/// A declared table: an id (the 公开表 number where there is one), a title, column names, rows.
///
/// ```
/// use kemu::balance::{Row, Table};
/// let table = Table {
///     id: "02".into(),
///     columns: vec!["本年收入合计".into(), "财政拨款收入".into()],
///     rows: vec![Row::label("本年收入合计", vec![None, None]), Row::code(kemu::FuncCode::parse("201")?, "一般公共服务支出", vec![None, None])],
///     ..Table::default()
/// };
/// assert_eq!(table.column_named("财政拨款"), Some(1));
/// assert_eq!(table.row_of(kemu::FuncCode::parse("201")?), Some(1));
/// assert_eq!(table.row_labelled("本年收入 合计"), Some(0));
/// # Ok::<(), kemu::ParseCodeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Short id used in findings (`02`).
    pub id: String,
    /// The printed title.
    pub title: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows in printed order.
    pub rows: Vec<Row>,
}

/// Why a row could not be added to a [`Table`] being built.
///
/// ```
/// let err = kemu::balance::Table::new("05", &["合计"]).row("201", "一般公共服务支出", &[("小计", "1.00")]).unwrap_err();
/// assert_eq!(err.to_string(), "row 201: the table has no column 小计 (its columns: 合计)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A figure under a column the table does not have.
    #[error("row {row}: the table has no column {column} (its columns: {columns})")]
    UnknownColumn {
        /// The row's key as given.
        row: String,
        /// The column named.
        column: String,
        /// The table's columns.
        columns: String,
    },
    /// A figure that is not an amount.
    #[error("row {row}, column {column}: {source}")]
    BadFigure {
        /// The row's key as given.
        row: String,
        /// The column.
        column: String,
        /// What is wrong with the figure.
        source: crate::amount::AmountError,
    },
}

impl Table {
    /// An empty table with its id and column names, to fill with [`Table::row`].
    ///
    /// ```
    /// let t = kemu::balance::Table::new("05", &["合计", "基本支出", "项目支出"]);
    /// assert_eq!((t.id.as_str(), t.columns.len(), t.rows.len()), ("05", 3, 0));
    /// ```
    pub fn new(id: &str, columns: &[&str]) -> Table {
        Table { id: id.to_string(), columns: columns.iter().map(|c| c.to_string()).collect(), ..Table::default() }
    }

    /// The table with one more row: `key` is a code (`201`, parsed as printed) or else a label
    /// (`合计` makes the total row), and the figures are given by column name (a column not
    /// named is blank, never 0).
    ///
    /// ```
    /// use kemu::balance::Table;
    /// let table = Table::new("05", &["合计", "基本支出", "项目支出"])
    ///     .row("合计", "", &[("合计", "10.00"), ("基本支出", "6.00"), ("项目支出", "4.00")])?
    ///     .row("201", "一般公共服务支出", &[("合计", "10.00"), ("基本支出", "6.00"), ("项目支出", "4.00")])?
    ///     .row("20103", "政府办公厅（室）及相关机构事务", &[("合计", "10.00"), ("基本支出", "6.00"), ("项目支出", "4.00")])?
    ///     .row("2010301", "行政运行", &[("合计", "9.00"), ("基本支出", "6.00"), ("项目支出", "3.00")])?;
    /// let findings = table.check();
    /// // 20103 is 10.00 but its one 项 is 9.00, in 合计 and in 项目支出.
    /// assert_eq!(findings.iter().filter(|f| f.row == "20103").count(), 2);
    /// # Ok::<(), kemu::balance::BuildError>(())
    /// ```
    pub fn row(mut self, key: &str, name: &str, figures: &[(&str, &str)]) -> Result<Table, BuildError> {
        let mut cells = vec![None; self.columns.len()];
        for &(column, figure) in figures {
            let Some(at) = self.columns.iter().position(|c| c == column) else {
                let columns = self.columns.join(", ");
                return Err(BuildError::UnknownColumn { row: key.to_string(), column: column.to_string(), columns });
            };
            let bad = |source| BuildError::BadFigure { row: key.to_string(), column: column.to_string(), source };
            cells[at] = crate::amount::parse_amount(figure).map_err(bad)?;
        }
        let row = match Code::parse(key) {
            Ok(code) => Row::code(code, name, cells),
            Err(_) if matches!(key, "合计" | "总计") => Row::total(key, cells),
            Err(_) => Row::label(key, cells),
        };
        self.rows.push(row);
        Ok(self)
    }

    /// The figure of a row (by its code or label) in a column (by name).
    ///
    /// ```
    /// let t = kemu::balance::Table::new("05", &["合计"]).row("201", "", &[("合计", "3.50")])?;
    /// assert_eq!(t.figure("201", "合计").map(|d| d.to_string()), Some("3.50".to_string()));
    /// assert_eq!(t.figure("202", "合计"), None);
    /// # Ok::<(), kemu::balance::BuildError>(())
    /// ```
    pub fn figure(&self, row: &str, column: &str) -> Option<Decimal> {
        let r = match Code::parse(row) {
            Ok(code) => self.row_of(code),
            Err(_) => self.row_labelled(row),
        }?;
        let c = self.columns.iter().position(|name| name == column)?;
        self.rows[r].cells.get(c).copied().flatten()
    }

    /// The table's own identities checked: its codes rolled up (类 = Σ 款, 款 = Σ 项, 合计 = Σ 类)
    /// in every column, within the rounding of the printed figures.
    ///
    /// ```
    /// let t = kemu::balance::Table::new("05", &["合计"]).row("201", "", &[("合计", "3.00")])?.row("20101", "", &[("合计", "3.00")])?;
    /// assert!(t.check().is_empty());
    /// # Ok::<(), kemu::balance::BuildError>(())
    /// ```
    pub fn check(&self) -> Vec<Finding> {
        let tables = std::slice::from_ref(self);
        let columns: Vec<usize> = (0..self.columns.len()).collect();
        evaluate(tables, &hierarchy_equations(tables, 0, &columns), Tolerance::Rounded)
    }

    /// The index of the first row keyed by `code`.
    ///
    /// ```
    /// use kemu::balance::{Row, Table};
    /// let code = kemu::FuncCode::parse("201").unwrap();
    /// let table = Table { rows: vec![Row::total("合计", vec![]), Row::code(code, "", vec![])], ..Table::default() };
    /// assert_eq!(table.row_of(code), Some(1));
    /// ```
    pub fn row_of(&self, code: impl Into<Code>) -> Option<usize> {
        let key = RowKey::Code(code.into());
        self.rows.iter().position(|r| r.key == key)
    }

    /// The index of the first row whose label, without spaces, is `label`.
    ///
    /// ```
    /// use kemu::balance::{Row, Table};
    /// let table = Table { rows: vec![Row::label("年初结转 和结余", vec![])], ..Table::default() };
    /// assert_eq!(table.row_labelled("年初结转和结余"), Some(0), "line-wrap spaces do not count");
    /// ```
    pub fn row_labelled(&self, label: &str) -> Option<usize> {
        let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let wanted = strip(label);
        self.rows.iter().position(|r| strip(&r.label) == wanted)
    }

    /// The index of the first column whose name, without spaces, contains `name`.
    ///
    /// ```
    /// use kemu::balance::Table;
    /// let table = Table { columns: vec!["支出/合计".into(), "支出/一般公共 预算".into()], ..Table::default() };
    /// assert_eq!(table.column_named("一般公共预算"), Some(1));
    /// assert_eq!(table.column_named("基金"), None);
    /// ```
    pub fn column_named(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| crate::text::contains_ignoring_space(c, name))
    }
}

/// One cell of one table in a set of tables.
///
/// ```
/// use kemu::balance::CellRef;
/// let cell = CellRef::new(0, 3, 1);
/// assert_eq!((cell.table, cell.row, cell.column), (0, 3, 1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// Index of the table in the slice given to [`evaluate`].
    pub table: usize,
    /// Row index in the table.
    pub row: usize,
    /// Column index in the row.
    pub column: usize,
}

impl CellRef {
    /// A cell reference.
    ///
    /// ```
    /// const TOTAL: kemu::balance::CellRef = kemu::balance::CellRef::new(0, 0, 0);
    /// assert_eq!(TOTAL.row, 0);
    /// ```
    pub const fn new(table: usize, row: usize, column: usize) -> CellRef {
        CellRef { table, row, column }
    }
}

/// An identity `total = Σ sign × part` that the declared figures must satisfy.
///
/// ```
/// use kemu::balance::{CellRef, Equation, Severity};
/// let eq = Equation::sum("01=02", "01 本年收入合计 = 02 合计", CellRef::new(0, 5, 0), [CellRef::new(1, 0, 0)]);
/// assert_eq!((eq.parts.len(), eq.severity), (1, Severity::Error));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Equation {
    /// A short rule id (`rollup`, `crossfoot`, `01=02` …).
    pub rule: Arc<str>,
    /// What the identity says, for people (`款 = Σ 项`); shared by the columns of one row.
    pub description: Arc<str>,
    /// The declared total.
    pub total: CellRef,
    /// The parts with their signs (+1 or −1). A part of sign 0 is summed into nothing but its
    /// rounding is carried: a 类 compared across two tables carries the rounding of the 项
    /// that one of them may have summed after rounding each.
    pub parts: Vec<(i8, CellRef)>,
    /// The severity of a mismatch (rounding tails are always info).
    pub severity: Severity,
}

impl Equation {
    /// `total = Σ parts`, all with sign +1, error on mismatch.
    ///
    /// ```
    /// use kemu::balance::{CellRef, Equation};
    /// let eq = Equation::sum("rollup", "款 = Σ 项", CellRef::new(0, 1, 0), (2..5).map(|r| CellRef::new(0, r, 0)));
    /// assert!(eq.parts.iter().all(|(sign, _)| *sign == 1));
    /// assert_eq!(eq.parts.len(), 3);
    /// ```
    pub fn sum(
        rule: impl Into<Arc<str>>,
        description: impl Into<Arc<str>>,
        total: CellRef,
        parts: impl IntoIterator<Item = CellRef>,
    ) -> Equation {
        Equation {
            rule: rule.into(),
            description: description.into(),
            total,
            parts: parts.into_iter().map(|p| (1, p)).collect(),
            severity: Severity::Error,
        }
    }

    /// Every cell the equation reads: its total, then its parts.
    ///
    /// ```
    /// use kemu::balance::{CellRef, Equation};
    /// let eq = Equation::sum("t", "a = b + c", CellRef::new(0, 0, 0), [CellRef::new(0, 1, 0), CellRef::new(0, 2, 0)]);
    /// assert_eq!(eq.cells().count(), 3);
    /// ```
    pub fn cells(&self) -> impl Iterator<Item = CellRef> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().map(|(_, c)| *c))
    }
}

/// How far a declared total may be from the sum of its parts before it is an error.
///
/// ```
/// use kemu::balance::Tolerance;
/// use rust_decimal::Decimal;
/// let cent = Decimal::new(1, 2);
/// assert!(Tolerance::Absolute(cent).admits(cent, Tolerance::Absolute(cent).bound(None, &[])));
/// assert!(!Tolerance::Exact.admits(cent, Decimal::ZERO));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tolerance {
    /// Only exact equality balances.
    Exact,
    /// Any difference up to this amount is a rounding tail.
    Absolute(Decimal),
    /// Inferred from the figures as printed (the default for published tables): each figure was
    /// rounded on its own to its last printed digit, so the total may differ from the sum of its
    /// non-blank parts by half a unit of the total's last digit plus half a unit of each part's.
    #[default]
    Rounded,
}

impl Tolerance {
    /// Whether a difference is within the bound. `Rounded` is strict: reaching the bound would
    /// need every figure's rounding error at its extreme, and the half that rounds away from zero
    /// is never below it, so a total one cent off its single part is an error, not a tail.
    ///
    /// ```
    /// use kemu::balance::Tolerance;
    /// use rust_decimal::Decimal;
    /// let (cent, half_cent) = (Decimal::new(1, 2), Decimal::new(5, 3));
    /// assert!(!Tolerance::Rounded.admits(cent, cent), "strict: reaching the bound is an error");
    /// assert!(Tolerance::Rounded.admits(half_cent, cent));
    /// assert!(Tolerance::Absolute(cent).admits(cent, cent));
    /// ```
    pub fn admits(self, difference: Decimal, bound: Decimal) -> bool {
        match self {
            Tolerance::Rounded => difference < bound,
            _ => difference <= bound,
        }
    }

    /// The bound for one identity, given its declared total and parts.
    ///
    /// ```
    /// use kemu::balance::Tolerance;
    /// use rust_decimal::Decimal;
    /// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
    /// // Three parts and a total, all to 0.01: (3 + 1) × 0.01 / 2.
    /// let bound = Tolerance::Rounded.bound(d("3.00"), &[d("1.00"), d("1.00"), None, d("1.00")]);
    /// assert_eq!(bound.to_string(), "0.020");
    /// // A whole-yuan total next to parts with cents.
    /// assert_eq!(Tolerance::Rounded.bound(d("129681094"), &[d("1.25")]).to_string(), "0.505");
    /// ```
    pub fn bound(self, total: Option<Decimal>, parts: &[Option<Decimal>]) -> Decimal {
        match self {
            Tolerance::Exact => Decimal::ZERO,
            Tolerance::Absolute(d) => d,
            Tolerance::Rounded => total.into_iter().chain(parts.iter().flatten().copied()).map(half_step).sum(),
        }
    }
}

/// What an identity's check found.
///
/// ```
/// use kemu::balance::{check, hierarchy_equations, Outcome, Row, Table, Tolerance};
/// use rust_decimal::Decimal;
/// let f = |s: &str| kemu::FuncCode::parse(s).unwrap();
/// let tables = [Table {
///     columns: vec!["决算数".into()],
///     rows: vec![Row::code(f("20103"), "", vec![None]), Row::code(f("2010301"), "", vec![Some(Decimal::new(5, 0))])],
///     ..Table::default()
/// }];
/// let finding = check(&tables, &hierarchy_equations(&tables, 0, &[0])[0], Tolerance::Rounded).unwrap();
/// assert_eq!(finding.outcome, Outcome::BlankTotal);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Outcome {
    /// The difference is within what rounding explains (info).
    RoundingTail,
    /// The difference is larger than rounding explains.
    Mismatch,
    /// The total is blank but its parts are not zero.
    BlankTotal,
    /// The total is declared (not zero) but every part is blank.
    BlankParts,
    /// The figures' sum lies beyond exact decimal arithmetic (28 significant digits): not
    /// checked, and said so.
    OutOfRange,
    /// Not a balance finding (codes, names, import).
    Other,
}

/// One finding: where, what was declared, what was expected, by how much and with which tolerance.
///
/// ```
/// use kemu::balance::{evaluate, hierarchy_equations, Row, Table, Tolerance};
/// use rust_decimal::Decimal;
/// let f = |s: &str| kemu::FuncCode::parse(s).unwrap();
/// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
/// let tables = [Table {
///     id: "05".into(),
///     columns: vec!["合计".into()],
///     rows: vec![Row::code(f("20103"), "", vec![d("10.00")]), Row::code(f("2010301"), "", vec![d("9.00")])],
///     ..Table::default()
/// }];
/// let findings = evaluate(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Rounded);
/// let f0 = &findings[0];
/// assert_eq!((f0.table.as_str(), f0.row.as_str(), f0.column.as_str()), ("05", "20103", "合计"));
/// assert_eq!(f0.difference.unwrap().to_string(), "1.00");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Finding {
    /// How serious.
    pub severity: Severity,
    /// The rule id.
    pub rule: String,
    /// What kind of outcome.
    pub outcome: Outcome,
    /// The table id.
    pub table: String,
    /// The row: its code or label.
    pub row: String,
    /// The column name.
    pub column: String,
    /// The declared figure (`None`: blank, or not a figure finding).
    pub declared: Option<Decimal>,
    /// The figure the identity implies.
    pub expected: Option<Decimal>,
    /// declared − expected, at full precision.
    pub difference: Option<Decimal>,
    /// The tolerance applied.
    pub tolerance: Option<Decimal>,
    /// A message in Chinese and English.
    pub message: String,
    /// The 1-based line of the input the finding is about, where one line is (an import issue,
    /// a sentence of the narrative, the printed row of an identity's total).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub line: Option<usize>,
    /// The page of the input (`=== 第N页 ===`) the finding's line, or its table, is on.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "Option::is_none"))]
    pub page: Option<usize>,
}

impl Finding {
    /// A finding with no figures (outcome `Other`): what the report layer says of names, imports
    /// and the prose, and the base of the figure findings below.
    pub(crate) fn note(severity: Severity, rule: &str, table: &str, row: String, message: String) -> Finding {
        Finding {
            severity,
            rule: rule.to_string(),
            outcome: Outcome::Other,
            table: table.to_string(),
            row,
            column: String::new(),
            declared: None,
            expected: None,
            difference: None,
            tolerance: None,
            message,
            line: None,
            page: None,
        }
    }

    /// The finding, placed at a line of the input.
    ///
    /// ```
    /// let mut f = kemu::report::audit(kemu::report::EMBEDDED_REPORT).findings.remove(0);
    /// assert_eq!(f.at(7).line, Some(7));
    /// ```
    pub fn at(mut self, line: usize) -> Finding {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {} 表{} {}", self.severity, self.rule, self.table, self.row)?;
        if !self.column.is_empty() {
            write!(f, " / {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

fn cell(tables: &[Table], c: CellRef) -> Option<Decimal> {
    tables.get(c.table)?.rows.get(c.row)?.cells.get(c.column).copied().flatten()
}

fn show(d: Option<Decimal>) -> String {
    d.map_or_else(|| "空白".to_string(), |d| d.to_string())
}

/// Checks one equation; `None` when it balances exactly.
///
/// ```
/// use kemu::balance::{check, CellRef, Equation, Row, Table, Tolerance};
/// use rust_decimal::Decimal;
/// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
/// let tables = [Table { columns: vec!["x".into()], rows: vec![Row::label("合计", vec![d("3.00")]), Row::label("a", vec![d("1.50")]), Row::label("b", vec![d("1.51")])], ..Table::default() }];
/// let eq = Equation::sum("t", "合计 = a + b", CellRef::new(0, 0, 0), [CellRef::new(0, 1, 0), CellRef::new(0, 2, 0)]);
/// // 3.00 against 3.01: within the three figures' rounding (0.015), a 尾数误差.
/// let tail = check(&tables, &eq, Tolerance::Rounded).unwrap();
/// assert_eq!(tail.severity, kemu::Severity::Info);
/// assert!(check(&tables, &eq, Tolerance::Exact).unwrap().severity == kemu::Severity::Error);
/// ```
pub fn check(tables: &[Table], eq: &Equation, tolerance: Tolerance) -> Option<Finding> {
    // Most identities balance exactly: settled in integers without building the figures.
    if outcome_in_integers(eq, |c| cell(tables, c), tolerance) == Some(None) {
        return None;
    }
    let Measured { declared, expected, bound, outcome } = measure(tables, eq, tolerance);
    let outcome = outcome?;
    let table = &tables[eq.total.table];
    if outcome == Outcome::OutOfRange {
        let message = format!(
            "金额之和超出精确十进制运算范围（28 位有效数字），{}未核对 | the figures' sum is beyond exact decimal arithmetic (28 digits): {} not checked",
            eq.description, eq.description
        );
        let row = table.rows[eq.total.row].name();
        let mut f = Finding::note(Severity::Warning, &eq.rule, &table.id, row, message);
        f.outcome = outcome;
        f.column = table.columns.get(eq.total.column).cloned().unwrap_or_default();
        f.declared = declared;
        return Some(f);
    }
    let severity = if outcome == Outcome::RoundingTail { Severity::Info } else { eq.severity };
    let difference = declared.unwrap_or_default() - expected;
    let row = &table.rows[eq.total.row];
    let column = table.columns.get(eq.total.column).cloned().unwrap_or_default();
    let (zh, en) = match outcome {
        Outcome::RoundingTail => ("尾数误差", "a rounding tail"),
        Outcome::BlankTotal => ("合计为空白而分项不为零", "the total is blank but its parts are not zero"),
        Outcome::BlankParts => ("分项全为空白而合计不为零", "every part is blank but the total is not zero"),
        _ => ("不平衡", "does not balance"),
    };
    let message = format!(
        "{zh}：申报 {}，按{}应为 {expected}，差额 {difference}，容差 {bound} | {en}: declared {}, expected {expected} ({}), difference {difference}, tolerance {bound}",
        show(declared),
        eq.description,
        declared.map_or_else(|| "blank".to_string(), |d| d.to_string()),
        eq.description
    );
    Some(Finding {
        severity,
        rule: eq.rule.to_string(),
        outcome,
        table: table.id.clone(),
        row: row.name(),
        column,
        declared,
        expected: Some(expected),
        difference: Some(difference),
        tolerance: Some(bound),
        message,
        // The printed line of the total: a code printed on several rows (beside different
        // 政府 codes) names one of them only with it.
        line: row.line,
        page: None,
    })
}

/// Checks every equation; returns the findings (nothing for identities that balance exactly).
///
/// ```
/// use kemu::balance::{evaluate, hierarchy_equations, Outcome, Row, Table, Tolerance};
/// use kemu::FuncCode;
/// use rust_decimal::Decimal;
/// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
/// let f = |s: &str| FuncCode::parse(s).unwrap();
/// let table = Table {
///     id: "02".into(),
///     columns: vec!["本年收入合计".into()],
///     rows: vec![
///         Row::code(f("20103"), "政府办公厅（室）及相关机构事务", vec![d("951.38")]),
///         Row::code(f("2010301"), "行政运行", vec![d("902.47")]),
///         Row::code(f("2010302"), "一般行政管理事务", vec![d("28.91")]),
///     ],
///     ..Table::default()
/// };
/// let tables = [table];
/// let findings = evaluate(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Rounded);
/// assert_eq!(findings.len(), 1);
/// assert_eq!(findings[0].outcome, Outcome::Mismatch);
/// assert_eq!(findings[0].difference.unwrap().to_string(), "20.00");
/// ```
pub fn evaluate(tables: &[Table], equations: &[Equation], tolerance: Tolerance) -> Vec<Finding> {
    equations.iter().filter_map(|eq| check(tables, eq, tolerance)).collect()
}

/// The roll-up identities of one table: each coded row with coded rows below it equals the sum
/// of its nearest coded descendants present (款 = Σ 项, 类 = Σ 款), and each 合计 row the sum of
/// the top-level coded rows, in each of `columns`.
///
/// ```
/// use kemu::balance::{hierarchy_equations, Row, Table};
/// let f = |s: &str| kemu::FuncCode::parse(s).unwrap();
/// let tables = [Table {
///     columns: vec!["x".into(), "y".into()],
///     rows: vec![
///         Row::total("合计", vec![None, None]),
///         Row::code(f("201"), "", vec![None, None]),
///         Row::code(f("2010301"), "", vec![None, None]), // its 款 20103 is not printed: it rolls into 201
///     ],
///     ..Table::default()
/// }];
/// let eqs = hierarchy_equations(&tables, 0, &[0, 1]);
/// // 合计 = 201 and 201 = 2010301, in each of the two columns.
/// assert_eq!(eqs.len(), 4);
/// assert_eq!(eqs[2].parts[0].1.row, 2);
/// ```
pub fn hierarchy_equations(tables: &[Table], table: usize, columns: &[usize]) -> Vec<Equation> {
    let t = &tables[table];
    // Each code's first row, sorted by code (a small table: sorted vectors, no hashing).
    let mut index: Vec<(Code, usize)> = t
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r.key {
            RowKey::Code(c) => Some((c, i)),
            _ => None,
        })
        .collect();
    index.sort_by_key(|&(c, _)| c);
    index.dedup_by_key(|&mut (c, _)| c);
    let row_of = |code: Code| index.binary_search_by_key(&code, |&(c, _)| c).ok().map(|k| index[k].1);
    // (parent row, child row) for each coded row, the parent its nearest ancestor in the table
    // (`None`: the 合计 row).
    let children: Vec<(Option<usize>, usize)> =
        index.iter().map(|&(code, i)| (code.ancestors().find_map(row_of), i)).collect();
    rollup_equations(tables, table, columns, children)
}

/// The roll-ups of a table whose rows' parents are known: `children` holds each coded row with
/// its parent row (`None`: the 合计 rows). Each 合计 row and each parent is the sum of its
/// children, in every one of `columns`.
pub(crate) fn rollup_equations(
    tables: &[Table],
    table: usize,
    columns: &[usize],
    mut children: Vec<(Option<usize>, usize)>,
) -> Vec<Equation> {
    let t = &tables[table];
    children.sort_unstable();
    let kids_of = |parent: Option<usize>| {
        let start = children.partition_point(|&(p, _)| p < parent);
        let end = children.partition_point(|&(p, _)| p <= parent);
        &children[start..end]
    };
    let mut parents: Vec<usize> = children.iter().filter_map(|&(p, _)| p).collect();
    parents.dedup();
    let mut out = Vec::new();
    let rule: Arc<str> = Arc::from("rollup");
    let totals = t.rows.iter().enumerate().filter(|(_, r)| r.key == RowKey::Total).map(|(i, _)| (i, None));
    for (row, key) in totals.chain(parents.iter().map(|&p| (p, Some(p)))) {
        let kids = kids_of(key);
        if kids.is_empty() {
            continue;
        }
        let description: Arc<str> = match t.rows[row].key {
            RowKey::Code(c) => format!("{} {} = Σ 下级科目", c.level(), c).into(),
            _ => "合计 = Σ 类".into(),
        };
        for &column in columns {
            out.push(Equation::sum(
                rule.clone(),
                description.clone(),
                CellRef::new(table, row, column),
                kids.iter().map(|&(_, k)| CellRef::new(table, k, column)),
            ));
        }
    }
    out
}

/// The cross-footing identity `total column = Σ part columns` in every row of a table whose
/// cells are not all blank.
///
/// ```
/// use kemu::balance::{crossfoot_equations, Row, Table};
/// use rust_decimal::Decimal;
/// let tables = [Table {
///     columns: vec!["合计".into(), "基本支出".into(), "项目支出".into()],
///     rows: vec![Row::label("a", vec![Some(Decimal::TEN), Some(Decimal::ONE), None]), Row::label("blank", vec![None, None, None])],
///     ..Table::default()
/// }];
/// let eqs = crossfoot_equations(&tables, 0, 0, &[1, 2]);
/// assert_eq!(eqs.len(), 1, "a row with no figure at all is skipped");
/// assert_eq!(&*eqs[0].description, "合计 = 基本支出 + 项目支出");
/// ```
pub fn crossfoot_equations(tables: &[Table], table: usize, total: usize, parts: &[usize]) -> Vec<Equation> {
    let t = &tables[table];
    let description: Arc<str> = format!(
        "{} = {}",
        t.columns.get(total).map_or("", String::as_str),
        parts.iter().filter_map(|&p| t.columns.get(p)).cloned().collect::<Vec<_>>().join(" + ")
    )
    .into();
    let rule: Arc<str> = Arc::from("crossfoot");
    (0..t.rows.len())
        .filter(|&r| t.rows[r].cells.iter().any(Option::is_some))
        .map(|r| {
            Equation::sum(
                rule.clone(),
                description.clone(),
                CellRef::new(table, r, total),
                parts.iter().map(|&p| CellRef::new(table, r, p)),
            )
        })
        .collect()
}

/// Whether a column's name says it holds changes (增减, 变化, 变动, 差额, 比上年, 增长, 减少): its
/// figures are differences, so a negative one is a decrease, and it is no period of its own.
pub(crate) fn names_a_change(name: &str) -> bool {
    // Each word starts with one of these: one pass over the name settles most (合计, 决算数).
    name.contains(['增', '变', '差', '比', '减'])
        && ["增减", "变化", "变动", "差额", "比上年", "增长", "减少"].iter().any(|w| name.contains(w))
}

fn violated(tables: &[Table], eq: &Equation, tolerance: Tolerance) -> bool {
    let value = |c| cell(tables, c);
    let outcome = outcome_in_integers(eq, value, tolerance).unwrap_or_else(|| measure(tables, eq, tolerance).outcome);
    outcome.is_some_and(|o| !matches!(o, Outcome::RoundingTail | Outcome::OutOfRange))
}

/// An equation's figures and outcome (`None`: it balances exactly), without allocating.
struct Measured {
    declared: Option<Decimal>,
    expected: Decimal,
    bound: Decimal,
    outcome: Option<Outcome>,
}

fn measure(tables: &[Table], eq: &Equation, tolerance: Tolerance) -> Measured {
    measure_with(eq, |c| cell(tables, c), tolerance)
}

/// [`measure`] with the cells read through `value` (declared figures, some replaced).
fn measure_with(eq: &Equation, value: impl Fn(CellRef) -> Option<Decimal>, tolerance: Tolerance) -> Measured {
    let declared = value(eq.total);
    let (mut expected, mut all_blank, mut half_steps) = (Decimal::ZERO, true, Decimal::ZERO);
    let out_of_range =
        Measured { declared, expected: Decimal::ZERO, bound: Decimal::ZERO, outcome: Some(Outcome::OutOfRange) };
    for (sign, c) in &eq.parts {
        if let Some(v) = value(*c) {
            all_blank = false;
            let (Some(sum), Some(steps)) =
                (expected.checked_add(Decimal::from(*sign) * v), half_steps.checked_add(half_step(v)))
            else {
                return out_of_range;
            };
            (expected, half_steps) = (sum, steps);
        }
    }
    if declared.is_some_and(|d| d.checked_sub(expected).is_none()) {
        return out_of_range;
    }
    // Tolerance::bound, summed in the loop above.
    let bound = match tolerance {
        Tolerance::Rounded => declared.map_or(Decimal::ZERO, half_step).checked_add(half_steps).unwrap_or(Decimal::MAX),
        other => other.bound(None, &[]),
    };
    let outcome = match declared {
        None if all_blank || expected.is_zero() => None,
        None => Some(Outcome::BlankTotal),
        Some(d) if all_blank && !d.is_zero() => Some(Outcome::BlankParts),
        Some(d) if d == expected => None,
        Some(d) if tolerance.admits((d - expected).abs(), bound) => Some(Outcome::RoundingTail),
        Some(_) => Some(Outcome::Mismatch),
    };
    Measured { declared, expected, bound, outcome }
}

/// Whether `eq` holds within `tolerance` when its cells read `value` (declared figures, with some
/// replaced by proposed ones).
fn holds_with(eq: &Equation, value: impl Fn(CellRef) -> Option<Decimal>, tolerance: Tolerance) -> bool {
    measure_with(eq, value, tolerance).outcome.is_none_or(|o| matches!(o, Outcome::RoundingTail | Outcome::OutOfRange))
}

/// Powers of ten up to the integer scale, one more for the half steps.
const POWERS_OF_TEN: [i64; MAX_INTEGER_SCALE as usize + 2] =
    [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000];

/// The outcome of [`measure_with`] computed in integers (units of a tenth of the equation's
/// finest last digit, so that half steps are whole): most equations of a report balance, and
/// they are checked many times. `None` when a figure does not fit in i64 or the tolerance is not
/// `Rounded`; the caller then measures in `Decimal`.
fn outcome_in_integers(
    eq: &Equation,
    value: impl Fn(CellRef) -> Option<Decimal>,
    tolerance: Tolerance,
) -> Option<Option<Outcome>> {
    if tolerance != Tolerance::Rounded {
        return None;
    }
    let finest = eq.cells().filter_map(&value).map(|d| d.scale()).max().unwrap_or(0);
    if finest > MAX_INTEGER_SCALE {
        return None;
    }
    let scale = finest + 1;
    let units = |d: Decimal| i64::try_from(d.mantissa()).ok()?.checked_mul(POWERS_OF_TEN[(scale - d.scale()) as usize]);
    let half_step = |d: Decimal| 5 * POWERS_OF_TEN[(finest - d.scale()) as usize];
    let (mut expected, mut all_blank, mut bound) = (0i64, true, 0i64);
    for (sign, c) in &eq.parts {
        if let Some(v) = value(*c) {
            all_blank = false;
            expected = expected.checked_add(i64::from(*sign).checked_mul(units(v)?)?)?;
            bound = bound.checked_add(half_step(v))?;
        }
    }
    let total = match value(eq.total) {
        Some(d) => Some((units(d)?, half_step(d))),
        None => None,
    };
    Some(outcome_of_sums(total, expected, !all_blank, bound))
}

/// [`measure_with`]'s rule on integer sums in one unit: the declared total and its half step, the
/// signed sum of the printed parts, whether any part is printed, and the parts' half steps.
fn outcome_of_sums(total: Option<(i64, i64)>, parts: i64, any_part: bool, parts_half: i64) -> Option<Outcome> {
    match total {
        None if !any_part || parts == 0 => None,
        None => Some(Outcome::BlankTotal),
        Some((total, _)) if !any_part && total != 0 => Some(Outcome::BlankParts),
        Some((total, half)) => {
            // Wide: two i64 sums never overflow here.
            let difference = (i128::from(total) - i128::from(parts)).abs();
            if difference == 0 {
                None
            } else if difference < i128::from(parts_half) + i128::from(half) {
                Some(Outcome::RoundingTail)
            } else {
                Some(Outcome::Mismatch)
            }
        }
    }
}

/// The finest scale at which figures are taken as integers (a cent is scale 2; a 元 report in
/// 万元 to six places is scale 6).
const MAX_INTEGER_SCALE: u32 = 9;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The one-pass prefilter of `names_a_change` says what the word list alone says.
        #[test]
        fn a_change_is_named_as_the_word_list_says(
            name in proptest::collection::vec(
                proptest::sample::select(vec!["增", "减", "变", "化", "动", "差", "额", "比", "上", "年", "长", "少", "合计", "预算数", "/"]),
                0..8,
            ).prop_map(|parts| parts.concat())
        ) {
            let listed = ["增减", "变化", "变动", "差额", "比上年", "增长", "减少"].iter().any(|w| name.contains(w));
            prop_assert_eq!(super::names_a_change(&name), listed);
        }
    }
}
