//! proptest strategies for kemu's types, for downstream property tests (feature `proptest`).
//!
//! kemu tests itself with these same strategies. Everything is drawn from the embedded catalog of
//! the year asked for, so generated codes are valid codes of that year.
//!
//! ```
//! use kemu::strategy;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::deterministic();
//! runner
//!     .run(&strategy::func_code(2024, Some(kemu::Level::Item)), |code| {
//!         prop_assert!(kemu::Catalog::year(2024).unwrap().contains(code));
//!         prop_assert_eq!(code.to_string().len(), 7);
//!         Ok(())
//!     })
//!     .unwrap();
//! ```

use crate::amount::{Unit, round_half_away};
use crate::balance::{CellRef, Equation, Row, RowKey, Table, crossfoot_equations, hierarchy_equations};
use crate::catalog::Catalog;
use crate::codes::{Classification, Code, EconCode, EconKind, FuncCode, Level};
use crate::rollup::LineItem;
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn catalog(year: u16) -> Catalog<'static> {
    Catalog::year(year).unwrap_or_else(|e| panic!("kemu::strategy: {e}"))
}

/// Any 支出功能分类 code valid in `year`, at `level` (any level when `None`).
///
/// # Panics
/// If the embedded catalog does not cover `year` (a mistake in the test, not in the data).
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::func_code(2019, Some(kemu::Level::Class)), |code| {
///     assert_eq!(code.level(), kemu::Level::Class);
///     Ok(())
/// }).unwrap();
/// ```
pub fn func_code(year: u16, level: Option<Level>) -> impl Strategy<Value = FuncCode> {
    let codes: Vec<FuncCode> = catalog(year).func_codes().filter(|c| level.is_none_or(|l| c.level() == l)).collect();
    select(codes)
}

/// Any 经济分类 code of `kind` valid in `year`, at `level` (类 or 款; any when `None`).
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::econ_code(2020, kemu::EconKind::Government, Some(kemu::Level::Section)), |code| {
///     assert_eq!((code.kind(), code.to_string().len()), (kemu::EconKind::Government, 5));
///     Ok(())
/// }).unwrap();
/// ```
pub fn econ_code(year: u16, kind: EconKind, level: Option<Level>) -> impl Strategy<Value = EconCode> {
    let codes: Vec<EconCode> =
        catalog(year).econ_codes(kind).filter(|c| level.is_none_or(|l| c.level() == l)).collect();
    select(codes)
}

/// Any code of `classification` valid in `year`.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::code(2021, kemu::Classification::EconDepartment), |code| {
///     assert!(kemu::Catalog::year(2021).unwrap().contains(code));
///     assert_eq!(code.classification(), kemu::Classification::EconDepartment);
///     Ok(())
/// }).unwrap();
/// ```
pub fn code(year: u16, classification: Classification) -> impl Strategy<Value = Code> {
    let codes: Vec<Code> = catalog(year).classification(classification).map(|e| e.code()).collect();
    select(codes)
}

/// Strings that are not a valid 支出功能分类 code under [`FuncCode::parse`]: wrong lengths,
/// letters and look-alikes among digits, `00` parts, wrong first digits, blanks, overflow.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::malformed_code(), |s| {
///     assert!(kemu::FuncCode::parse(&s).is_err());
///     Ok(())
/// }).unwrap();
/// ```
pub fn malformed_code() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,2}",
        "2[0-9]{3}",
        "2[0-9]{5}",
        "2[0-9]{7,30}",
        "2[0-9]{2}00",
        "2[0-9]{4}00",
        "[013-9][0-9]{2}",
        "2[0-9]{1,3}[OolIS ._-][0-9]{1,3}",
        "[ \t\u{3000}]{1,3}2[0-9]{6}",
        "[^0-9]{1,5}",
    ]
    .prop_filter("must not parse", |s| FuncCode::parse(s).is_err())
}

/// Amounts in 元 with two decimals, mostly positive, some negative (corrections happen).
fn yuan() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        8 => (0i64..=100_000_000_000).prop_map(|cents| Decimal::new(cents, 2)),
        1 => (-10_000_000i64..0).prop_map(|cents| Decimal::new(cents, 2)),
        1 => Just(Decimal::new(0, 2)),
    ]
}

/// A ledger of `len` line items on 功能分类 leaves of `year`, amounts in 元 with two decimals.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::ledger(2020, 1..50), |items| {
///     let mut rollup = kemu::rollup::RollUp::new(kemu::Catalog::year(2020).unwrap(), kemu::Classification::Function, 1);
///     for (i, item) in items.iter().enumerate() {
///         rollup.add_item(i + 1, item).unwrap(); // every item sits on a leaf of the year
///     }
///     let sum: rust_decimal::Decimal = items.iter().map(|i| i.amounts[0]).sum();
///     assert_eq!(rollup.totals().grand_total()[0], sum);
///     Ok(())
/// }).unwrap();
/// ```
pub fn ledger(year: u16, len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<LineItem>> {
    let codes: Vec<Code> = catalog(year).leaves(Classification::Function).collect();
    prop::collection::vec((select(codes), yuan()).prop_map(|(code, amount)| LineItem { code, amounts: [amount] }), len)
}

/// One line of a dirty ledger as text, and what a roll-up must do with it.
///
/// ```
/// let line = kemu::strategy::DirtyLine { code: "20103O1".into(), amount: "1.00".into(), rejected: Some(kemu::strategy::Rejection::BadCode) };
/// assert!(line.rejected.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirtyLine {
    /// The code field as written.
    pub code: String,
    /// The amount field as written.
    pub amount: String,
    /// The kind of rejection it must get (`None`: it is counted).
    pub rejected: Option<Rejection>,
}

/// The kinds of bad line a dirty ledger mixes in, as [`RejectReason`](crate::rollup::RejectReason)
/// names them.
///
/// ```
/// assert_ne!(kemu::strategy::Rejection::BadCode, kemu::strategy::Rejection::BadAmount);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// A code that does not parse (`20103O1`, 4 digits).
    BadCode,
    /// A well-formed code that the year's catalog does not hold.
    UnknownCode,
    /// A 类 or 款 that has codes below it.
    NotALeaf,
    /// An amount that does not parse (`12,34`, `abc`).
    BadAmount,
}

/// A ledger of valid lines mixed with each kind of bad line, each with what a roll-up must do
/// with it: for testing the error paths of code that reads ledgers.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// use kemu::strategy::{dirty_ledger, Rejection};
/// use kemu::rollup::{RejectReason, RollUp};
/// let mut runner = TestRunner::deterministic();
/// runner.run(&dirty_ledger(2020, 1..40), |lines| {
///     let mut rollup = RollUp::new(kemu::Catalog::year(2020).unwrap(), kemu::Classification::Function, 1);
///     for (n, line) in lines.iter().enumerate() {
///         let _ = rollup.add_text(n + 1, &line.code, &[line.amount.as_str()]);
///     }
///     let expected: Vec<usize> = (0..lines.len()).filter(|&n| lines[n].rejected.is_some()).map(|n| n + 1).collect();
///     let got: Vec<usize> = rollup.rejected().iter().map(|r| r.line).collect();
///     assert_eq!(got, expected, "exactly the bad lines, by line");
///     for r in rollup.rejected() {
///         let kind = match r.reason {
///             RejectReason::BadCode(_) => Rejection::BadCode,
///             RejectReason::UnknownCode { .. } => Rejection::UnknownCode,
///             RejectReason::NotALeaf { .. } => Rejection::NotALeaf,
///             RejectReason::BadAmount(_) => Rejection::BadAmount,
///             _ => unreachable!("no other kind is planted"),
///         };
///         assert_eq!(Some(kind), lines[r.line - 1].rejected);
///     }
///     assert_eq!(rollup.counted(), lines.iter().filter(|l| l.rejected.is_none()).count());
///     Ok(())
/// }).unwrap();
/// ```
pub fn dirty_ledger(year: u16, len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<DirtyLine>> {
    let catalog = catalog(year);
    let leaves: Vec<Code> = catalog.leaves(Classification::Function).collect();
    let parents: Vec<Code> =
        catalog.classification(Classification::Function).map(|e| e.code()).filter(|c| !leaves.contains(c)).collect();
    let line = |code: String, amount: String, rejected| DirtyLine { code, amount, rejected };
    let good = (select(leaves), yuan()).prop_map(move |(c, a)| line(c.to_string(), a.to_string(), None));
    // A 项 code the catalog does not hold: 201 03 98 is unused in every year.
    let unknown = yuan().prop_map(move |a| line("2010398".into(), a.to_string(), Some(Rejection::UnknownCode)));
    let not_leaf =
        (select(parents), yuan()).prop_map(move |(c, a)| line(c.to_string(), a.to_string(), Some(Rejection::NotALeaf)));
    // Malformed even to a lenient reader (a roll-up reads `201 03 01` and full-width digits).
    let malformed = malformed_code().prop_filter("lenient reading rejects it", |c| Code::parse_lenient(c).is_err());
    let bad_code = (malformed, yuan()).prop_map(move |(c, a)| line(c, a.to_string(), Some(Rejection::BadCode)));
    let amounts = prop_oneof![
        Just("abc".to_string()),
        Just("12,34".to_string()),
        Just("1.2.3".to_string()),
        Just("--5".to_string())
    ];
    let codes: Vec<Code> = catalog.leaves(Classification::Function).collect();
    let bad_amount =
        (select(codes), amounts).prop_map(move |(c, a)| line(c.to_string(), a, Some(Rejection::BadAmount)));
    prop::collection::vec(prop_oneof![6 => good, 1 => unknown, 1 => not_leaf, 1 => bad_code, 1 => bad_amount], len)
}

/// A declared table whose every level is the exact sum of its parts in 元, published in 万元
/// with each figure rounded on its own, so every rounding tail is a real one.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::balanced_table(2020), |t| {
///     let findings = kemu::balance::evaluate(&[t.table.clone()], &t.equations(), kemu::balance::Tolerance::Rounded);
///     assert!(findings.iter().all(|f| f.severity == kemu::Severity::Info), "rounding tails at most");
///     Ok(())
/// }).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BalancedTable {
    /// The table as published (万元, two decimals; an exact zero is printed blank).
    pub table: Table,
    /// The exact figures in 元, cell by cell (`table.rows[r].cells[c]` ↔ `exact[r][c]`).
    pub exact: Vec<Vec<Decimal>>,
    /// The year whose catalog the codes come from.
    pub year: u16,
}

impl BalancedTable {
    /// The identities the table satisfies: roll-ups in every column, and 合计 = 基本支出 + 项目支出
    /// in every row.
    ///
    /// ```
    /// use proptest::test_runner::TestRunner;
    /// let mut runner = TestRunner::deterministic();
    /// runner.run(&kemu::strategy::balanced_table(2020), |t| {
    ///     let equations = t.equations();
    ///     assert!(equations.iter().any(|e| &*e.rule == "rollup"), "合计 = Σ 类 at least");
    ///     assert!(equations.iter().all(|e| e.total.row < t.table.rows.len()));
    ///     Ok(())
    /// }).unwrap();
    /// ```
    pub fn equations(&self) -> Vec<Equation> {
        self.equations_in(std::slice::from_ref(&self.table), 0)
    }

    /// The same identities, for the table at index `at` of `tables`.
    ///
    /// ```
    /// use proptest::test_runner::TestRunner;
    /// let mut runner = TestRunner::deterministic();
    /// runner.run(&kemu::strategy::balanced_table(2020), |t| {
    ///     let tables = [kemu::balance::Table::default(), t.table.clone()];
    ///     assert!(t.equations_in(&tables, 1).iter().all(|e| e.total.table == 1));
    ///     Ok(())
    /// }).unwrap();
    /// ```
    pub fn equations_in(&self, tables: &[Table], at: usize) -> Vec<Equation> {
        let mut eqs = hierarchy_equations(tables, at, &[0, 1, 2]);
        eqs.extend(crossfoot_equations(tables, at, 0, &[1, 2]));
        eqs
    }
}

fn publish(yuan: Decimal) -> Option<Decimal> {
    (!yuan.is_zero()).then(|| Unit::Yuan.convert(yuan, Unit::WanYuan, 2))
}

/// A random hierarchy of 1–4 类 of `year`, each with 1–3 款 and each 款 with 1–3 项 (a 款 without
/// 项 is its own leaf), with 基本支出 and 项目支出 per leaf in 元; a 合计 row first, then the rows
/// in tree order; columns 合计 | 基本支出 | 项目支出.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::balanced_table(2024), |t| {
///     assert_eq!(t.table.columns, ["合计", "基本支出", "项目支出"]);
///     assert_eq!(t.table.rows[0].key, kemu::balance::RowKey::Total);
///     Ok(())
/// }).unwrap();
/// ```
pub fn balanced_table(year: u16) -> impl Strategy<Value = BalancedTable> {
    balanced(year, yuan().boxed())
}

/// [`balanced_table`] with amounts from `amounts` (in 元).
fn balanced(year: u16, amounts: BoxedStrategy<Decimal>) -> impl Strategy<Value = BalancedTable> {
    let cat = catalog(year);
    let classes: Vec<FuncCode> = cat.func_codes().filter(|c| c.level() == Level::Class).collect();
    let tree: ClassTree = classes
        .into_iter()
        .map(|class| {
            let sections = cat
                .children(class)
                .filter_map(|e| match e.code() {
                    Code::Func(s) => Some((
                        s,
                        cat.children(s)
                            .filter_map(|i| match i.code() {
                                Code::Func(i) => Some(i),
                                Code::Econ(_) => None,
                            })
                            .collect(),
                    )),
                    Code::Econ(_) => None,
                })
                .collect::<Vec<(FuncCode, Vec<FuncCode>)>>();
            (class, sections)
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    prop::sample::subsequence(tree, 1..=4)
        .prop_flat_map(|classes| {
            let picks: Vec<_> = classes
                .into_iter()
                .map(|(class, sections)| {
                    let n = sections.len().min(3);
                    prop::sample::subsequence(sections, 1..=n).prop_flat_map(move |sections| {
                        let inner: Vec<_> = sections
                            .into_iter()
                            .map(|(s, items)| {
                                let n = items.len().min(3);
                                let items = if items.is_empty() {
                                    Just(Vec::new()).boxed()
                                } else {
                                    prop::sample::subsequence(items, 1..=n).boxed()
                                };
                                (Just(s), items)
                            })
                            .collect();
                        (Just(class), inner)
                    })
                })
                .collect();
            picks
        })
        .prop_flat_map(move |tree| {
            let leaves: Vec<FuncCode> = tree
                .iter()
                .flat_map(|(_, sections)| {
                    sections.iter().flat_map(|(s, items)| if items.is_empty() { vec![*s] } else { items.clone() })
                })
                .collect();
            let n = leaves.len();
            (Just(leaves), prop::collection::vec((amounts.clone(), amounts.clone()), n))
        })
        .prop_map(move |(leaves, amounts)| build_balanced(year, &leaves, &amounts))
}

fn build_balanced(year: u16, leaves: &[FuncCode], amounts: &[(Decimal, Decimal)]) -> BalancedTable {
    let cat = catalog(year);
    let mut sums: BTreeMap<FuncCode, [Decimal; 2]> = BTreeMap::new();
    let mut grand = [Decimal::ZERO; 2];
    for (leaf, (basic, project)) in leaves.iter().zip(amounts) {
        for c in std::iter::once(*leaf).chain(leaf.ancestors()) {
            let slot = sums.entry(c).or_insert([Decimal::ZERO; 2]);
            slot[0] += basic;
            slot[1] += project;
        }
        grand[0] += basic;
        grand[1] += project;
    }
    let exact_row = |[b, p]: [Decimal; 2]| vec![b + p, b, p];
    let mut rows = vec![Row::total("合计", exact_row(grand).into_iter().map(publish).collect())];
    let mut exact = vec![exact_row(grand)];
    for (code, pair) in &sums {
        rows.push(Row::code(*code, cat.name(*code).unwrap_or(""), exact_row(*pair).into_iter().map(publish).collect()));
        exact.push(exact_row(*pair));
    }
    let table = Table {
        id: "05".into(),
        title: "一般公共预算财政拨款支出决算表".into(),
        columns: vec!["合计".into(), "基本支出".into(), "项目支出".into()],
        rows,
    };
    BalancedTable { table, exact, year }
}

/// What kind of error a [`Perturbed`] table has had planted.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::perturbed(2020), |p| {
///     if p.plant != kemu::strategy::Plant::ShiftedRow {
///         assert_eq!(p.planted.len(), 1, "one cell, except for a shifted row");
///     }
///     Ok(())
/// }).unwrap();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plant {
    /// One figure changed by 1–100 万元.
    ChangedCell,
    /// One digit of a figure (units or above) typed wrong.
    WrongDigit,
    /// Two adjacent digits of a figure (units or above) swapped.
    SwappedDigits,
    /// A subtotal left blank while its parts are not zero.
    BlankSubtotal,
    /// A row's figures shifted one column to the right (the last one lost).
    ShiftedRow,
}

/// A balanced table with one planted error, and the cells it touched.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::perturbed(2020), |p| {
///     let tables = [p.table.clone()];
///     let findings = kemu::balance::evaluate(&tables, &p.original.equations(), kemu::balance::Tolerance::Rounded);
///     assert!(findings.iter().any(|f| f.severity == kemu::Severity::Error), "every plant is found");
///     Ok(())
/// }).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Perturbed {
    /// The table before the error.
    pub original: BalancedTable,
    /// The table with the error.
    pub table: Table,
    /// What was planted.
    pub plant: Plant,
    /// The cells whose printed value changed (one, except for a shifted row).
    pub planted: Vec<CellRef>,
}

fn digits_of(d: Decimal) -> String {
    d.abs().mantissa().to_string()
}

fn from_digits(digits: &str, like: Decimal) -> Option<Decimal> {
    let mantissa: i64 = digits.parse().ok()?;
    let d = Decimal::new(if like.is_sign_negative() { -mantissa } else { mantissa }, like.scale());
    Some(d)
}

/// A [`balanced_table`] of `year` with one planted error of any [`Plant`] kind. Each plant is
/// big enough that rounding cannot explain it (at least 0.50 万元).
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::perturbed(2023), |p| {
///     assert_ne!(p.table, p.original.table);
///     Ok(())
/// }).unwrap();
/// ```
pub fn perturbed(year: u16) -> impl Strategy<Value = Perturbed> {
    (balanced_table(year), any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0usize..5, 100i64..10_000)
        .prop_filter_map("no figure suits the plant", |(original, pick, digit, kind, delta)| {
            let mut table = original.table.clone();
            let cells: Vec<(usize, usize)> = (0..table.rows.len())
                .flat_map(|r| (0..3).map(move |c| (r, c)))
                .filter(|&(r, c)| table.rows[r].cells[c].is_some_and(|d| d.abs() >= Decimal::ONE))
                .collect();
            if cells.is_empty() {
                return None;
            }
            let (r, c) = cells[pick.index(cells.len())];
            let value = table.rows[r].cells[c]?;
            let plant =
                [Plant::ChangedCell, Plant::WrongDigit, Plant::SwappedDigits, Plant::BlankSubtotal, Plant::ShiftedRow]
                    [kind];
            let mut planted = vec![CellRef::new(0, r, c)];
            match plant {
                Plant::ChangedCell => table.rows[r].cells[c] = Some(value + Decimal::new(delta, 2)),
                Plant::WrongDigit | Plant::SwappedDigits => {
                    let s = digits_of(value);
                    // Units and above: the last two digits are the decimals.
                    let positions = s.len().saturating_sub(2);
                    if positions < 1 + usize::from(plant == Plant::SwappedDigits) {
                        return None;
                    }
                    let mut bytes = s.into_bytes();
                    if plant == Plant::WrongDigit {
                        let i = digit.index(positions);
                        bytes[i] = b'0' + (bytes[i] - b'0' + 1 + (delta % 8) as u8) % 10;
                        if i == 0 && bytes[0] == b'0' {
                            bytes[0] = b'9';
                        }
                    } else {
                        let i = digit.index(positions - 1);
                        if bytes[i] == bytes[i + 1] || i == 0 && bytes[1] == b'0' {
                            return None;
                        }
                        bytes.swap(i, i + 1);
                    }
                    let changed = from_digits(std::str::from_utf8(&bytes).ok()?, value)?;
                    if (changed - value).abs() < Decimal::new(50, 2) {
                        return None;
                    }
                    table.rows[r].cells[c] = Some(changed);
                }
                Plant::BlankSubtotal => {
                    // A subtotal: the 合计 row, a row with coded rows below it, or the 合计 column.
                    let has_children = match table.rows[r].key {
                        RowKey::Code(code) => {
                            table.rows.iter().any(|x| matches!(x.key, RowKey::Code(k) if k.parent() == Some(code)))
                        }
                        _ => true,
                    };
                    if !(has_children || c == 0) || value.abs() < Decimal::new(50, 2) {
                        return None;
                    }
                    table.rows[r].cells[c] = None;
                }
                Plant::ShiftedRow => {
                    let before = table.rows[r].cells.clone();
                    let mut shifted = vec![None];
                    shifted.extend_from_slice(&before[..before.len() - 1]);
                    planted =
                        (0..before.len()).filter(|&i| before[i] != shifted[i]).map(|i| CellRef::new(0, r, i)).collect();
                    let big = (0..before.len()).any(|i| {
                        (before[i].unwrap_or_default() - shifted[i].unwrap_or_default()).abs() >= Decimal::new(50, 2)
                    });
                    if !big {
                        return None;
                    }
                    table.rows[r].cells = shifted;
                }
            }
            Some(Perturbed { original, table, plant, planted })
        })
}

/// A whole synthetic 部门决算 (公开01–09表), consistent across its tables: all spending is
/// 一般公共预算财政拨款, income equals spending, the 三公 figures are the matching 06 items.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::synthetic_report(2020), |r| {
///     let audit = kemu::report::audit(&r.render());
///     assert_eq!(audit.count(kemu::Severity::Error), 0, "{audit}");
///     Ok(())
/// }).unwrap();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticReport {
    /// The fiscal year.
    pub year: u16,
    /// The department's name.
    pub department: String,
    /// Spending by 功能分类 (from [`balanced_table`]: 合计 | 基本支出 | 项目支出).
    pub spending: BalancedTable,
    /// 基本支出 by 经济分类 款, in 元 (sums to the 基本支出 total).
    pub basic_by_econ: Vec<(EconCode, Decimal)>,
    /// 年初结转和结余 in 元 (the 年末 figure is the same: income equals spending).
    pub carried: Decimal,
}

impl SyntheticReport {
    /// Renders the report as text in the layout of extracted disclosures (the importer's input):
    /// title lines, then each 公开表 with its 部门/公开 NN 表/单位 lines, header rows, rows as
    /// tab-separated cells and a 注 line.
    ///
    /// ```
    /// use proptest::test_runner::TestRunner;
    /// let mut runner = TestRunner::deterministic();
    /// runner.run(&kemu::strategy::synthetic_report(2021), |r| {
    ///     let report = kemu::report::import(&r.render());
    ///     assert_eq!((report.year, report.tables.len()), (Some(2021), 9));
    ///     Ok(())
    /// }).unwrap();
    /// ```
    pub fn render(&self) -> String {
        render_final_accounts(self)
    }

    /// Renders the same department's figures as a 部门预算 (the set every province publishes, in
    /// the layout of Shanghai's district budgets: codes split into 类 | 款 | 项 columns, each
    /// table's 合计 row last; 本年收入合计 and 本年支出合计 lines as other provinces print them), in
    /// 万元 with every cell rounded on its own.
    ///
    /// ```
    /// use proptest::test_runner::TestRunner;
    /// let mut runner = TestRunner::deterministic();
    /// runner.run(&kemu::strategy::synthetic_report(2025), |r| {
    ///     let report = kemu::report::import(&r.render_budget());
    ///     assert_eq!((report.kind, report.tables.len()), (Some(kemu::report::ReportKind::Budget), 9));
    ///     Ok(())
    /// }).unwrap();
    /// ```
    pub fn render_budget(&self) -> String {
        render_budget(self)
    }
}

/// A [`SyntheticReport`] for `year`.
///
/// ```
/// use proptest::test_runner::TestRunner;
/// let mut runner = TestRunner::deterministic();
/// runner.run(&kemu::strategy::synthetic_report(2024), |r| {
///     assert_eq!(r.year, 2024);
///     assert_eq!(r.spending.year, 2024);
///     Ok(())
/// }).unwrap();
/// ```
pub fn synthetic_report(year: u16) -> impl Strategy<Value = SyntheticReport> {
    let personnel: Vec<EconCode> = catalog(year)
        .econ_codes(EconKind::Department)
        .filter(|c| c.level() == Level::Section && matches!(c.digits() / 100, 301 | 303))
        .collect();
    let public: Vec<EconCode> = catalog(year)
        .econ_codes(EconKind::Department)
        .filter(|c| c.level() == Level::Section && c.digits() / 100 == 302)
        .collect();
    let non_negative = (0i64..=100_000_000_000).prop_map(|cents| Decimal::new(cents, 2)).boxed();
    (
        balanced(year, non_negative),
        prop::sample::subsequence(personnel, 1..=6),
        prop::sample::subsequence(public, 1..=8),
        prop::collection::vec(1u32..100, 14),
        (0i64..=500_000_000).prop_map(|c| Decimal::new(c, 2)),
        "[甲乙丙丁]{1,2}",
    )
        .prop_filter_map(
            "needs positive 基本支出",
            move |(spending, personnel, public, weights, carried, dept)| {
                let basic = spending.exact[0][1];
                if basic <= Decimal::ZERO {
                    return None;
                }
                // Split 基本支出 over the chosen items in proportion to the weights, exactly in cents.
                let items: Vec<EconCode> = personnel.into_iter().chain(public).collect();
                let total_weight: u32 = weights.iter().take(items.len()).sum();
                let cents = (basic * Decimal::from(100)).trunc();
                let mut left = cents;
                let mut basic_by_econ = Vec::new();
                for (i, (code, w)) in items.iter().zip(&weights).enumerate() {
                    let part = if i + 1 == items.len() {
                        left
                    } else {
                        (cents * Decimal::from(*w) / Decimal::from(total_weight)).trunc()
                    };
                    left -= part;
                    basic_by_econ.push((*code, part / Decimal::from(100)));
                }
                Some(SyntheticReport { year, department: format!("测试{dept}局"), spending, basic_by_econ, carried })
            },
        )
}

fn wan(yuan: Decimal) -> String {
    if yuan.is_zero() { String::new() } else { round_half_away(yuan / Decimal::from(10_000), 2).to_string() }
}

/// 一, 二, … 十 for 0…9 (the printed numbering of 01表 lines).
fn numeral(i: usize) -> &'static str {
    ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"].get(i % 10).copied().unwrap_or("")
}

/// 类 → its 款 → their 项, as the generator picks from.
type ClassTree = Vec<(FuncCode, Vec<(FuncCode, Vec<FuncCode>)>)>;

/// Text being rendered, a line at a time.
#[derive(Default)]
struct Lines(String);

impl Lines {
    fn line(&mut self, s: &str) {
        self.0.push_str(s);
        self.0.push('\n');
    }
}

/// A 公开表's head: its title, 部门, number and unit lines.
fn header(out: &mut dyn FnMut(&str), title: &str, number: u8) {
    out("");
    out(title);
    out("");
    out("部门：");
    out(&format!("公开 {number:02} 表"));
    out("单位：万元");
    out("");
}

/// What every 决算 table reads: the report, its exact figures in 元, its 类 rows.
struct Accounts<'r> {
    r: &'r SyntheticReport,
    cat: Catalog<'static>,
    exact: &'r [Vec<Decimal>],
    classes: Vec<(usize, &'r Row)>,
    total: Decimal,
    basic: Decimal,
    project: Decimal,
}

impl Accounts<'_> {
    /// The coded rows of the spending table as printed: code, name, then `columns` of the row.
    fn coded(&self, columns: &dyn Fn(usize) -> Vec<String>) -> Vec<String> {
        let rows = self.r.spending.table.rows.iter().enumerate();
        rows.filter_map(|(i, row)| match row.key {
            RowKey::Code(code) => Some(format!("{code}\t{}\t{}", row.label, columns(i).join("\t"))),
            _ => None,
        })
        .collect()
    }

    /// `一、一般公共服务支出`: a 类 as the 总表 print it.
    fn class_label(&self, i: usize, code: Code) -> String {
        format!("{}、{}", numeral(i), self.cat.name(code).unwrap_or(""))
    }
}

fn render_final_accounts(r: &SyntheticReport) -> String {
    let exact = &r.spending.exact;
    let classes: Vec<(usize, &Row)> = r
        .spending
        .table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| matches!(row.key, RowKey::Code(c) if c.level() == Level::Class))
        .collect();
    let cx = Accounts {
        r,
        cat: catalog(r.year),
        exact,
        classes,
        total: exact[0][0],
        basic: exact[0][1],
        project: exact[0][2],
    };
    let mut out = Lines::default();
    for l in [format!("{}年度", r.year), r.department.clone(), "部门决算".to_string(), String::new()] {
        out.line(&l);
    }
    for section in
        [summary_01, income_02, expenditure_03, fiscal_04, general_05, basic_06, three_public_07, funds_08_09]
    {
        section(&cx, &mut out);
    }
    out.0
}

/// 01 收入支出决算总表.
fn summary_01(cx: &Accounts<'_>, out: &mut Lines) {
    let (r, exact, classes, total) = (cx.r, cx.exact, &cx.classes, cx.total);
    let mut line = |s: &str| out.line(s);
    header(&mut line, "收入支出决算总表", 1);
    line("收入\t\t\t\t支出\t\t\t");
    line("项 目\t行次\t决 算 数\t\t项 目\t行次\t决 算 数\t");
    line("栏 次\t\t1\t\t栏 次\t\t2\t");
    let income_lines = [
        "一般公共预算财政拨款收入",
        "政府性基金预算财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ];
    let rows = income_lines.len().max(classes.len());
    for i in 0..rows {
        let left = income_lines
            .get(i)
            .map(|l| (format!("{}、{l}", numeral(i)), if i == 0 { wan(total) } else { String::new() }));
        let right = classes.get(i).map(|(ri, row)| {
            let RowKey::Code(code) = row.key else { unreachable!() };
            (cx.class_label(i, code), wan(exact[*ri][0]))
        });
        let (ll, lv) = left.unwrap_or_default();
        let (rl, rv) = right.unwrap_or_default();
        line(&format!("{ll}\t{}\t{lv}\t\t{rl}\t{}\t{rv}\t", i + 1, rows + i + 4));
    }
    let n = rows + 1;
    line(&format!("本年收入合计\t{n}\t{}\t\t本年支出合计\t{}\t{}\t", wan(total), n + rows + 3, wan(total)));
    line(&format!("用事业基金弥补收支差额\t{}\t\t\t结余分配\t{}\t\t", n + 1, n + rows + 4));
    line(&format!(
        "年初结转和结余\t{}\t{}\t\t年末结转和结余\t{}\t{}\t",
        n + 2,
        wan(r.carried),
        n + rows + 5,
        wan(r.carried)
    ));
    line(&format!(
        "总计\t{}\t{}\t\t总计\t{}\t{}\t",
        n + 3,
        wan(total + r.carried),
        n + rows + 6,
        wan(total + r.carried)
    ));
    line("");
    line("注：本表反映部门本年度的总收支和年末结转结余情况。");
}

/// 02 收入决算表.
fn income_02(cx: &Accounts<'_>, out: &mut Lines) {
    let (exact, total) = (cx.exact, cx.total);
    let mut line = |s: &str| out.line(s);
    header(&mut line, "收入决算表", 2);
    line(
        "功能分类 科目编码\t项 目\t\t本年收入合 计\t财政拨款 收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入",
    );
    line("\t科目名称\t栏次\t\t\t\t\t\t\t");
    line(&format!("\t合计\t\t{}\t{}\t\t\t\t\t", wan(total), wan(total)));
    for l in cx.coded(&|i| {
        vec![
            String::new(),
            wan(exact[i][0]),
            wan(exact[i][0]),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]
    }) {
        line(&l);
    }
    line("");
    line("注：本表反映部门本年度取得的各项收入情况。");
}

/// 03 支出决算表.
fn expenditure_03(cx: &Accounts<'_>, out: &mut Lines) {
    let (exact, total, basic, project) = (cx.exact, cx.total, cx.basic, cx.project);
    let mut line = |s: &str| out.line(s);
    header(&mut line, "支出决算表", 3);
    line("功能分类 科目编码\t项 目\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出");
    line("\t科目名称\t栏次\t\t\t\t\t\t");
    line("\t\t\t1\t2\t3\t4\t5\t6");
    line(&format!("\t合计\t\t{}\t{}\t{}\t\t\t", wan(total), wan(basic), wan(project)));
    for l in cx.coded(&|i| {
        vec![
            String::new(),
            wan(exact[i][0]),
            wan(exact[i][1]),
            wan(exact[i][2]),
            String::new(),
            String::new(),
            String::new(),
        ]
    }) {
        line(&l);
    }
    line("");
    line("注：本表反映部门本年度各项支出情况。");
}

/// 04 财政拨款收入支出决算总表.
fn fiscal_04(cx: &Accounts<'_>, out: &mut Lines) {
    let (r, exact, classes, total) = (cx.r, cx.exact, &cx.classes, cx.total);
    let mut line = |s: &str| out.line(s);
    header(&mut line, "财政拨款收入支出决算总表", 4);
    line("收入\t\t\t支出\t\t\t\t\t");
    line(
        "项 目\t行 次\t金 额\t项 目\t行 次\t合 计\t一般公共 预算财政 拨款\t政府性基 金预算财 政拨款\t国有资本经 营预算财政 拨款",
    );
    line("栏 次\t\t1\t栏 次\t\t2\t3\t4\t5");
    let fiscal_income = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"];
    let rows4 = fiscal_income.len().max(classes.len());
    for i in 0..rows4 {
        let (ll, lv) = fiscal_income
            .get(i)
            .map(|l| (format!("{}、{l}", numeral(i)), if i == 0 { wan(total) } else { String::new() }))
            .unwrap_or_default();
        let (rl, rv) = classes
            .get(i)
            .map(|(ri, row)| {
                let RowKey::Code(code) = row.key else { unreachable!() };
                (cx.class_label(i, code), wan(exact[*ri][0]))
            })
            .unwrap_or_default();
        line(&format!("{ll}\t{}\t{lv}\t{rl}\t{}\t{rv}\t{rv}\t\t", i + 1, rows4 + i + 6));
    }
    line(&format!(
        "本年收入合计\t{}\t{}\t本年支出合计\t{}\t{}\t{}\t\t",
        rows4 + 1,
        wan(total),
        2 * rows4 + 6,
        wan(total),
        wan(total)
    ));
    line(&format!(
        "年初财政拨款结转和结余\t{}\t{}\t年末财政拨款结转和结余\t{}\t{}\t{}\t\t",
        rows4 + 2,
        wan(r.carried),
        2 * rows4 + 7,
        wan(r.carried),
        wan(r.carried)
    ));
    line(&format!("一般公共预算财政拨款\t{}\t{}\t\t{}\t\t\t\t", rows4 + 3, wan(r.carried), 2 * rows4 + 8));
    line(&format!(
        "总计\t{}\t{}\t总计\t{}\t{}\t{}\t\t",
        rows4 + 4,
        wan(total + r.carried),
        2 * rows4 + 9,
        wan(total + r.carried),
        wan(total + r.carried)
    ));
    line("");
    line("注：本表反映部门本年度财政拨款的总收支和年末结转结余情况。");
}

/// 05 一般公共预算财政拨款支出决算表.
fn general_05(cx: &Accounts<'_>, out: &mut Lines) {
    let (exact, total, basic, project) = (cx.exact, cx.total, cx.basic, cx.project);
    let mut line = |s: &str| out.line(s);
    header(&mut line, "一般公共预算财政拨款支出决算表", 5);
    line("功能分类 科目编码\t项 目 科目名称\t本年支出\t\t");
    line("\t\t小计\t基本支出\t项目支出");
    line("\t栏次\t1\t2\t3");
    line(&format!("\t合计\t{}\t{}\t{}", wan(total), wan(basic), wan(project)));
    for l in cx.coded(&|i| vec![wan(exact[i][0]), wan(exact[i][1]), wan(exact[i][2])]) {
        line(&l);
    }
    line("");
    line("注：本表反映部门本年度一般公共预算财政拨款支出情况。");
}

/// 06 基本支出 by 经济分类: 人员经费 (301, 303) on the left, 公用经费 (302) on the right..
fn basic_06(cx: &Accounts<'_>, out: &mut Lines) {
    let (r, cat) = (cx.r, &cx.cat);
    let mut line = |s: &str| out.line(s);
    header(&mut line, "一般公共预算财政拨款基本支出决算表", 6);
    line("经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数");
    let side = |personnel: bool| -> Vec<(String, String, String)> {
        let mut by_class: BTreeMap<EconCode, Decimal> = BTreeMap::new();
        for (code, v) in &r.basic_by_econ {
            if matches!(code.digits() / 100, 301 | 303) == personnel {
                *by_class.entry(code.parent().unwrap_or(*code)).or_default() += v;
                *by_class.entry(*code).or_default() += v;
            }
        }
        by_class.into_iter().map(|(c, v)| (c.to_string(), cat.name(c).unwrap_or("").to_string(), wan(v))).collect()
    };
    let (left, right) = (side(true), side(false));
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).cloned().unwrap_or_default();
        let rt = right.get(i).cloned().unwrap_or_default();
        line(&format!("{}\t{}\t{}\t{}\t{}\t{}", l.0, l.1, l.2, rt.0, rt.1, rt.2));
    }
    let sum_side = |personnel: bool| -> Decimal {
        r.basic_by_econ
            .iter()
            .filter(|(c, _)| matches!(c.digits() / 100, 301 | 303) == personnel)
            .map(|(_, v)| *v)
            .sum()
    };
    line(&format!("\t人员经费合计\t{}\t\t公用经费合计\t{}", wan(sum_side(true)), wan(sum_side(false))));
    line("");
    line("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。");
}

/// 07 三公: 决算 from the 06 items 30212 / 30231 / 30217; 预算 10 % higher..
fn three_public_07(cx: &Accounts<'_>, out: &mut Lines) {
    let r = cx.r;
    let mut line = |s: &str| out.line(s);
    let item = |code: u32| r.basic_by_econ.iter().filter(|(c, _)| c.digits() == code).map(|(_, v)| *v).sum::<Decimal>();
    let (abroad, running, reception) = (item(30212), item(30231), item(30217));
    let budget = |v: Decimal| (v * Decimal::new(11, 1)).round_dp(2);
    header(&mut line, "一般公共预算财政拨款“三公”经费支出决算表", 7);
    line(
        "合计\t因公出国 (境) 费\t公务用车购置及运行费\t\t\t公务 接待费\t合计\t因公出国 (境) 费\t公务用车购置及运行费\t\t\t公务 接待费",
    );
    line("\t\t小计\t公务用车 购置费\t公务用车 运行费\t\t\t\t小计\t公务用车 购置费\t公务用车 运行费\t");
    line("1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12");
    let group = |a: Decimal, run: Decimal, rec: Decimal| {
        format!("{}\t{}\t{}\t\t{}\t{}", wan(a + run + rec), wan(a), wan(run), wan(run), wan(rec))
    };
    line(&format!(
        "{}\t{}",
        group(budget(abroad), budget(running), budget(reception)),
        group(abroad, running, reception)
    ));
    line("");
    line("注：本表反映部门本年度“三公”经费支出预决算情况。");
}

/// 08 政府性基金 and 09 国有资本经营: printed without figures.
fn funds_08_09(_: &Accounts<'_>, out: &mut Lines) {
    let mut line = |s: &str| out.line(s);
    header(&mut line, "政府性基金预算财政拨款收入支出决算表", 8);
    line("项 目\t功能分类 科目编码\t科目名称\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余");
    line("\t\t\t\t\t小计\t基本支出\t项目支出\t");
    line("合计\t\t\t\t\t\t\t\t");
    line("");
    line("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。");

    header(&mut line, "国有资本经营预算财政拨款支出决算表", 9);
    line("项 目\t\t本年支出\t\t");
    line("功能分类科目编码\t科目名称\t合计\t基本支出\t项目支出");
    line("\t合计\t\t\t");
    line("");
    line("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。");
}

macro_rules! arbitrary_codes {
    ($($ty:ty => $strategy:expr),* $(,)?) => {$(
        impl Arbitrary for $ty {
            type Parameters = ();
            type Strategy = BoxedStrategy<$ty>;
            fn arbitrary_with((): ()) -> Self::Strategy {
                // Any year of the embedded catalog, any code valid in it.
                let years: Vec<u16> = crate::CatalogSet::embedded().years().collect();
                select(years).prop_flat_map(|year| ($strategy)(year)).boxed()
            }
        }
    )*};
}

arbitrary_codes! {
    FuncCode => |year| func_code(year, None),
    EconCode => |year| prop_oneof![econ_code(year, EconKind::Department, None), econ_code(year, EconKind::Government, None)],
    Code => |year| prop_oneof![
        code(year, Classification::Function),
        code(year, Classification::EconDepartment),
        code(year, Classification::EconGovernment)
    ],
}

/// A function code split into 类 | 款 | 项 cells (`201\t13\t01`, `201\t13\t`, `201\t\t`).
fn split_code(code: Code) -> String {
    let digits = code.to_string();
    let part = |r: std::ops::Range<usize>| digits.get(r).unwrap_or("").to_string();
    format!("{}\t{}\t{}", part(0..3), part(3..5), part(5..7))
}

/// The 预算 set rendered table by table: the report, its coded rows and its 类 rows, and the text.
struct Budget<'r> {
    r: &'r SyntheticReport,
    /// Coded rows of the spending table: row index, code, name.
    rows: Vec<(usize, Code, &'r str)>,
    out: String,
}

impl Budget<'_> {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn title(&mut self, title: &str) {
        let (year, department) = (self.r.year, &self.r.department);
        self.line(&format!("{year}年{title}"));
        self.line(&format!("编制部门：{department} 单位：万元"));
    }

    fn exact(&self, row: usize, column: usize) -> Decimal {
        self.r.spending.exact[row][column]
    }

    /// The 类 rows as a 收支总表 prints them on its spending side: `一、一般公共服务支出`, figure.
    fn class_lines(&self) -> Vec<(String, String)> {
        let classes = self.rows.iter().filter(|(_, c, _)| c.level() == Level::Class);
        classes
            .enumerate()
            .map(|(i, (ri, _, name))| (format!("{}、{name}", numeral(i)), wan(self.exact(*ri, 0))))
            .collect()
    }

    /// A 收支总表: income lines beside the 类 lines, `columns` copies of each 类 figure and `blank`
    /// empty columns after them (the funds the department has none of).
    fn summary(&mut self, title: &str, head: [&str; 2], income: &[(&str, bool)], (columns, blank): (usize, usize)) {
        let total = wan(self.exact(0, 0));
        self.title(title);
        self.line(head[0]);
        self.line(head[1]);
        let classes = self.class_lines();
        for i in 0..income.len().max(classes.len()) {
            let (il, iv) = income.get(i).map_or((String::new(), String::new()), |(l, filled)| {
                (l.to_string(), if *filled { total.clone() } else { String::new() })
            });
            let (sl, sv) = classes.get(i).cloned().unwrap_or_default();
            let figures = vec![sv; columns].join("\t") + &"\t".repeat(blank);
            self.line(&format!("{il}\t{iv}\t{sl}\t{figures}"));
        }
        let totals = vec![total.clone(); columns].join("\t") + &"\t".repeat(blank);
        self.line(&format!("本年收入合计\t{total}\t本年支出合计\t{totals}"));
        self.line(&format!("收入总计\t{total}\t支出总计\t{totals}"));
    }

    /// A table of the coded rows under split 类 | 款 | 项 columns, then its 合计.
    fn coded(&mut self, title: &str, group: &str, columns: &str, figures: &dyn Fn(&Self, usize) -> Vec<String>) {
        let n = columns.split('\t').count();
        self.title(title);
        self.line(&format!("项目\t\t\t\t{group}{}", "\t".repeat(n - 1)));
        self.line(&format!("功能分类科目编码\t\t\t功能分类科目名称\t{columns}"));
        self.line(&format!("类\t款\t项{}", "\t".repeat(n + 1)));
        for k in 0..self.rows.len() {
            let (i, code, name) = self.rows[k];
            let line = format!("{}\t{name}\t{}", split_code(code), figures(self, i).join("\t"));
            self.line(&line);
        }
        let total = format!("合计\t\t\t\t{}", figures(self, 0).join("\t"));
        self.line(&total);
    }

    /// An empty fund table with the note that says why.
    fn empty(&mut self, title: &str, what: &str) {
        self.title(title);
        self.line(&format!("项目\t\t\t\t{what}\t\t"));
        self.line("功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出");
        self.line("类\t款\t项\t\t\t\t");
        self.line("合计\t\t\t\t\t\t");
        self.line(&format!("注:本部门{}年无{}安排的预算，故本表为空表。", self.r.year, what.trim_end_matches("支出")));
    }

    /// 基本支出 by 经济分类 类 and 款: 人员经费 (301, 303) and 公用经费 (302). Returns 公用经费.
    fn economic(&mut self) -> Decimal {
        let personnel = |c: EconCode| matches!(c.digits() / if c.level() == Level::Class { 1 } else { 100 }, 301 | 303);
        let mut by_code: BTreeMap<EconCode, Decimal> = BTreeMap::new();
        for (code, v) in &self.r.basic_by_econ {
            *by_code.entry(code.parent().unwrap_or(*code)).or_default() += v;
            *by_code.entry(*code).or_default() += v;
        }
        self.title("部门一般公共预算基本支出部门预算经济分类预算表");
        self.line("项目\t\t\t一般公共预算基本支出\t\t");
        self.line("部门预算经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费");
        self.line("类\t款\t\t\t\t");
        let cat = catalog(self.r.year);
        for (code, v) in &by_code {
            let digits = code.to_string();
            let (class, section) = digits.split_at(3);
            let (people, public) = if personnel(*code) { (wan(*v), String::new()) } else { (String::new(), wan(*v)) };
            let name = cat.name(*code).unwrap_or("");
            self.line(&format!("{class}\t{section}\t{name}\t{}\t{people}\t{public}", wan(*v)));
        }
        let side = |people: bool| -> Decimal {
            self.r.basic_by_econ.iter().filter(|(c, _)| personnel(*c) == people).map(|(_, v)| *v).sum()
        };
        let (people, public) = (side(true), side(false));
        let basic = wan(self.exact(0, 1));
        self.line(&format!("合计\t\t\t{basic}\t{}\t{}", wan(people), wan(public)));
        public
    }

    /// The 三公 and 机关运行经费 table: 出国 30212, 车辆运行 30231, 接待 30217 of the 基本支出.
    fn three_public(&mut self, operating: Decimal) {
        let item = |code: u32| {
            self.r.basic_by_econ.iter().filter(|(c, _)| c.digits() == code).map(|(_, v)| *v).sum::<Decimal>()
        };
        let (abroad, running, reception) = (item(30212), item(30231), item(30217));
        self.title("部门“三公”经费和机关运行经费预算表");
        self.line("“三公”经费预算数\t\t\t\t\t\t机关运行经费预算数");
        self.line("合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t");
        self.line("\t\t\t小计\t购置费\t运行费\t");
        let total = wan(abroad + running + reception);
        let (abroad, reception, running) = (wan(abroad), wan(reception), wan(running));
        self.line(&format!("{total}\t{abroad}\t{reception}\t{running}\t\t{running}\t{}", wan(operating)));
    }
}

fn render_budget(r: &SyntheticReport) -> String {
    let rows = r
        .spending
        .table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| match row.key {
            RowKey::Code(c) => Some((i, c, row.label.as_str())),
            _ => None,
        })
        .collect();
    let mut b = Budget { r, rows, out: String::new() };
    b.line(&format!("{}年区级部门预算", r.year));
    b.line(&format!("预算主管部门：{}", r.department));
    let income = [
        ("一、财政拨款收入", true),
        ("1. 一般公共预算资金", true),
        ("2. 政府性基金", false),
        ("3. 国有资本经营预算", false),
        ("二、事业收入", false),
        ("三、事业单位经营收入", false),
        ("四、其他收入", false),
    ];
    b.summary("部门财务收支预算总表", ["本年收入\t\t本年支出\t", "项目\t预算数\t项目\t预算数"], &income, (1, 0));
    let blank = String::new;
    b.coded(
        "部门收入预算总表",
        "收入预算",
        "合计\t财政拨款收入\t事业收入\t事业单位经营收入\t其他收入",
        &|b, i| vec![wan(b.exact(i, 0)), wan(b.exact(i, 0)), blank(), blank(), blank()],
    );
    let spending = |b: &Budget<'_>, i: usize| vec![wan(b.exact(i, 0)), wan(b.exact(i, 1)), wan(b.exact(i, 2))];
    b.coded("部门支出预算总表", "支出预算", "合计\t基本支出\t项目支出", &spending);
    let fiscal = [("一、一般公共预算资金", true), ("二、政府性基金", false), ("三、国有资本经营预算", false)];
    let head = [
        "财政拨款收入\t\t财政拨款支出\t\t\t\t",
        "项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算",
    ];
    b.summary("部门财政拨款收支预算总表", head, &fiscal, (2, 2));
    b.coded("部门一般公共预算支出功能分类预算表", "一般公共预算支出", "合计\t基本支出\t项目支出", &spending);
    b.empty("部门政府性基金预算支出功能分类预算表", "政府性基金预算支出");
    b.empty("部门国有资本经营预算支出功能分类预算表", "国有资本经营预算支出");
    let operating = b.economic();
    b.three_public(operating);
    b.out
}
