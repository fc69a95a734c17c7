//! Rolling line items up 项 → 款 → 类 → 合计, losing nothing.
//!
//! Each line is summed at its leaf first (a fixed-point `i128` when the amount has at most four
//! decimals, which is exact; `Decimal` otherwise), then the small tree of touched codes is rolled
//! up once. Every line is either counted or kept as [`Rejected`] with its reason, so that
//! Σ input = grand total + Σ rejected. Partial roll-ups [`merge`](RollUp::merge) (associatively
//! and commutatively), which is how [`rollup_parallel`] sums chunks on several threads.

mod columnar;

pub use columnar::{ColumnsError, rollup_columns};

use crate::amount::{AmountError, parse_amount};
use crate::catalog::Catalog;
use crate::codes::{Classification, Code, Level, ParseCodeError};
use crate::keymap::DenseView;
use rust_decimal::Decimal;

/// Amounts with at most this many decimals are summed as exact integers.
const FIXED_SCALE: u32 = 4;
/// The largest Σ|amount| a roll-up accepts, in units of 10⁻⁴: `Decimal`'s largest mantissa, so
/// no leaf, subtotal or grand total can overflow `i128` or `Decimal` (no panic, no wrap).
const MAGNITUDE_LIMIT: i128 = (1 << 96) - 1;
const POW10: [i128; 5] = [1, 10, 100, 1_000, 10_000];

/// Why a line was not counted.
///
/// ```
/// use kemu::{Catalog, Classification};
/// use kemu::rollup::{RejectReason, RollUp};
/// let mut rollup = RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
/// assert!(matches!(rollup.add_text(1, "20103", &["5"]), Err(RejectReason::NotALeaf { .. })));
/// assert!(matches!(rollup.add_text(2, "2010301", &["5", "6"]), Err(RejectReason::WrongArity { expected: 1, got: 2 })));
/// assert!(matches!(rollup.add_text(3, "2010301", &["五"]), Err(RejectReason::BadAmount(_))));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case", tag = "kind"))]
#[non_exhaustive]
pub enum RejectReason {
    /// The code string is malformed.
    #[error(transparent)]
    BadCode(#[from] ParseCodeError),
    /// The code is not in the catalog for the year.
    #[error("code {code} is not in the {year} catalog")]
    UnknownCode {
        /// The code.
        code: Code,
        /// The fiscal year.
        year: u16,
    },
    /// The code belongs to another classification than the roll-up's.
    #[error("code {code} is not a {expected} code")]
    WrongClassification {
        /// The code.
        code: Code,
        /// The roll-up's classification.
        expected: Classification,
    },
    /// The code has codes below it: line items belong at the lowest level.
    #[error("code {code} is a {level} with codes below it; line items go on the lowest level")]
    NotALeaf {
        /// The code.
        code: Code,
        /// Its level.
        level: Level,
    },
    /// An amount does not parse.
    #[error(transparent)]
    BadAmount(#[from] AmountError),
    /// The line has the wrong number of amounts.
    #[error("{got} amounts, expected {expected}")]
    WrongArity {
        /// Measures of the roll-up.
        expected: usize,
        /// Amounts on the line.
        got: usize,
    },
    /// Counting the line could carry a total past what `Decimal` holds at four decimals
    /// (about 7.9 × 10²⁴ 元, far beyond any budget): only hostile input gets here.
    #[error("the amounts would carry a total past {limit} (the largest sum kemu keeps exactly)")]
    TooLarge {
        /// The largest absolute sum a roll-up accepts.
        limit: Decimal,
    },
}

/// Two roll-ups that cannot be merged.
///
/// ```
/// use kemu::{Catalog, Classification};
/// use kemu::rollup::{MergeError, RollUp};
/// let mut a = RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
/// let b = RollUp::new(Catalog::year(2021)?, Classification::Function, 1);
/// assert_eq!(a.merge(b), Err(MergeError::Incompatible));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Different catalog years, classifications or measures.
    #[error("the roll-ups differ in catalog year, classification or measures")]
    Incompatible,
    /// Together they pass the largest sum kemu keeps exactly (see [`RejectReason::TooLarge`]).
    #[error("together the roll-ups pass the largest sum kemu keeps exactly")]
    TooLarge,
}

/// A line that was not counted, with everything needed to account for it.
///
/// ```
/// use kemu::{Catalog, Classification};
/// use kemu::rollup::RollUp;
/// let mut rollup = RollUp::new(Catalog::year(2020)?, Classification::Function, 2);
/// let _ = rollup.add_text(7, "9999999", &["1.50", ""]);
/// let r = &rollup.rejected()[0];
/// assert_eq!((r.line, r.code.as_str()), (7, "9999999"));
/// assert_eq!(r.amounts, [Some("1.50".parse().unwrap()), None], "a blank stays blank");
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Rejected {
    /// The caller's line number.
    pub line: usize,
    /// The code as given.
    pub code: String,
    /// The amounts that did parse (blank or unreadable ones are absent).
    pub amounts: Vec<Option<Decimal>>,
    /// Why.
    pub reason: RejectReason,
}

/// One line item with `M` measures (e.g. 基本支出 and 项目支出).
///
/// ```
/// use kemu::{Catalog, Classification};
/// use kemu::rollup::{LineItem, RollUp};
/// use rust_decimal::Decimal;
/// let mut rollup = RollUp::new(Catalog::year(2020)?, Classification::Function, 2);
/// let item = LineItem { code: "2010301".parse().unwrap(), amounts: [Decimal::new(900, 2), Decimal::new(247, 2)] };
/// rollup.add_item(1, &item).unwrap();
/// assert_eq!(rollup.totals().grand_total(), [Decimal::new(9, 0), Decimal::new(247, 2)]);
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineItem<const M: usize = 1> {
    /// The code it is filed under.
    pub code: Code,
    /// One amount per measure.
    pub amounts: [Decimal; M],
}

/// The leaf sums, one slot per leaf and measure, as parallel arrays: the `i128` sums that the hot
/// path touches stay small enough for the first-level cache.
#[derive(Debug, Clone, PartialEq)]
struct Accumulators {
    fixed: Vec<i128>,
    extra: Vec<Decimal>,
    touched: Vec<bool>,
}

impl Accumulators {
    fn new(slots: usize) -> Self {
        Accumulators { fixed: vec![0; slots], extra: vec![Decimal::ZERO; slots], touched: vec![false; slots] }
    }

    /// Adds `amount` to slot `i`; returns |amount| in units of 10⁻⁴ (rounded up) for the bound.
    #[inline]
    fn add(&mut self, i: usize, amount: Decimal) -> i128 {
        let scale = amount.scale();
        if scale <= FIXED_SCALE {
            let units = amount.mantissa() * POW10[(FIXED_SCALE - scale) as usize];
            self.fixed[i] += units;
            units.abs()
        } else {
            self.extra[i] += amount;
            // Rounded up; below 2^96 / 10^(scale − 4) + 1, so no overflow.
            amount.mantissa().abs() / 10i128.pow(scale - FIXED_SCALE) + 1
        }
    }

    /// Undoes [`Accumulators::add`] for a rejected line.
    fn take_back(&mut self, i: usize, amount: Decimal) {
        let scale = amount.scale();
        if scale <= FIXED_SCALE {
            self.fixed[i] -= amount.mantissa() * POW10[(FIXED_SCALE - scale) as usize];
        } else {
            self.extra[i] -= amount;
        }
    }

    fn merge(&mut self, other: &Accumulators) {
        for (a, b) in self.fixed.iter_mut().zip(&other.fixed) {
            *a += b;
        }
        for (a, b) in self.extra.iter_mut().zip(&other.extra) {
            *a += b;
        }
        for (a, b) in self.touched.iter_mut().zip(&other.touched) {
            *a |= b;
        }
    }

    /// Adds another slot's sums (`fixed` in units, `extra` the finer part) into slot `i`.
    #[inline]
    fn add_sum(&mut self, i: usize, fixed: i128, extra: Decimal) {
        self.fixed[i] += fixed;
        if !extra.is_zero() {
            self.extra[i] += extra;
        }
    }

    fn value(&self, i: usize) -> Decimal {
        if self.extra[i].is_zero() {
            // Most slots: the units with their trailing zeros taken off are the normal form.
            let (mut units, mut scale) = (self.fixed[i], FIXED_SCALE);
            while scale > 0 && units % 10 == 0 {
                (units, scale) = (units / 10, scale - 1);
            }
            return Decimal::from_i128_with_scale(units, scale);
        }
        (Decimal::from_i128_with_scale(self.fixed[i], FIXED_SCALE) + self.extra[i]).normalize()
    }
}

/// An accumulating roll-up of one classification in one year's catalog.
///
/// ```
/// use kemu::{Catalog, Classification};
/// use kemu::rollup::RollUp;
/// let catalog = Catalog::year(2020)?;
/// let mut rollup = RollUp::new(catalog, Classification::Function, 1);
/// rollup.add_text(1, "2010301", &["902.47"]);
/// rollup.add_text(2, "2010302", &["28.91"]);
/// rollup.add_text(3, "2010499", &["20"]);
/// rollup.add_text(4, "20103", &["5"]); // not a leaf: rejected, not lost
/// let totals = rollup.totals();
/// assert_eq!(totals.grand_total()[0].to_string(), "951.38");
/// let lines: Vec<String> = totals.iter().map(|r| format!("{} {} {}", r.code, r.name.unwrap(), r.amounts[0])).collect();
/// assert_eq!(lines[0], "201 一般公共服务支出 951.38");
/// assert_eq!(lines[1], "20103 政府办公厅（室）及相关机构事务 931.38");
/// assert_eq!(rollup.rejected().len(), 1);
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RollUp<'a> {
    catalog: Catalog<'a>,
    classification: Classification,
    measures: usize,
    /// The classification's leaves in tree order, kept by the catalog set.
    leaves: &'a [u32],
    /// Key → leaf position (past the last leaf for a key that is no leaf).
    positions: DenseView<'a>,
    acc: Accumulators,
    rejected: Vec<Rejected>,
    counted: usize,
    magnitude: i128,
}

impl<'a> RollUp<'a> {
    /// An empty roll-up of `classification` codes with `measures` amounts per line.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::EconDepartment, 3);
    /// assert_eq!((rollup.measures(), rollup.counted()), (3, 0));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn new(catalog: Catalog<'a>, classification: Classification, measures: usize) -> Self {
        // Key → leaf position, one load (a binary search over the leaves was the roll-up's hot
        // spot); a key that is no leaf reads the slot past the last leaf, the columnar path's spare.
        let index = catalog.leaf_index(classification);
        let (leaves, positions) = (&index.keys[..], index.positions.view());
        let acc = Accumulators::new(leaves.len() * measures);
        RollUp {
            catalog,
            classification,
            measures,
            leaves,
            positions,
            acc,
            rejected: Vec::new(),
            counted: 0,
            magnitude: 0,
        }
    }

    /// How many amounts each line carries.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// assert_eq!(kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 2).measures(), 2);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn measures(&self) -> usize {
        self.measures
    }

    #[inline]
    fn leaf_index(&self, code: Code) -> Result<usize, RejectReason> {
        match self.positions.get(code.key()) {
            Some(leaf) => Ok(leaf),
            None => self.why_not_a_leaf(code),
        }
    }

    #[cold]
    fn why_not_a_leaf(&self, code: Code) -> Result<usize, RejectReason> {
        if code.classification() != self.classification {
            return Err(RejectReason::WrongClassification { code, expected: self.classification });
        }
        match self.leaves.binary_search(&code.key()) {
            Ok(i) => Ok(i),
            Err(_) if self.catalog.contains(code) => Err(RejectReason::NotALeaf { code, level: code.level() }),
            Err(_) => Err(RejectReason::UnknownCode { code, year: self.catalog.fiscal_year().get() }),
        }
    }

    /// Adds one line; on rejection the line is kept (see [`RollUp::rejected`]) and the reason
    /// returned.
    ///
    /// ```
    /// use kemu::{Catalog, Classification, Code};
    /// use rust_decimal::Decimal;
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// let code: Code = "2010301".parse().unwrap();
    /// rollup.add(1, code, &[Decimal::new(1234, 2)]).unwrap();
    /// assert_eq!(rollup.totals().get(code).unwrap().amounts[0].to_string(), "12.34");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn add(&mut self, line: usize, code: Code, amounts: &[Decimal]) -> Result<(), RejectReason> {
        let found = if amounts.len() == self.measures {
            self.leaf_index(code)
        } else {
            Err(RejectReason::WrongArity { expected: self.measures, got: amounts.len() })
        };
        let found = found.and_then(|leaf| {
            // Apply, then check the bound (one pass over the amounts on the hot path); a line
            // past it is taken back exactly. Nothing can overflow before the check: each amount
            // adds less than 2^110 units to sums below 2^96.
            let first = leaf * self.measures;
            let added: i128 = amounts.iter().enumerate().map(|(j, &amount)| self.acc.add(first + j, amount)).sum();
            if self.magnitude + added <= MAGNITUDE_LIMIT {
                self.magnitude += added;
                self.acc.touched[first..first + amounts.len()].fill(true);
                return Ok(());
            }
            for (j, &amount) in amounts.iter().enumerate() {
                self.acc.take_back(first + j, amount);
            }
            Err(RejectReason::TooLarge { limit: Decimal::from_i128_with_scale(MAGNITUDE_LIMIT, FIXED_SCALE) })
        });
        match found {
            Ok(()) => {
                self.counted += 1;
                Ok(())
            }
            Err(reason) => {
                self.reject(line, code.to_string(), amounts.iter().copied().map(Some).collect(), reason.clone());
                Err(reason)
            }
        }
    }

    /// Adds a typed line item (the fast path for generated or already-parsed data).
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// use kemu::rollup::{LineItem, RollUp};
    /// let mut rollup = RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// let item = LineItem { code: "201".parse().unwrap(), amounts: [rust_decimal::Decimal::ONE] };
    /// assert!(rollup.add_item(1, &item).is_err(), "201 is a 类: line items go to its 项");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    #[inline]
    pub fn add_item<const M: usize>(&mut self, line: usize, item: &LineItem<M>) -> Result<(), RejectReason> {
        self.add(line, item.code, &item.amounts)
    }

    /// Adds a line from text: the code is read leniently, each amount as printed (a blank amount
    /// is absent, never zero, and such a line is rejected for want of it).
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// rollup.add_text(1, "2010301", &["1,234.50"]).unwrap();
    /// assert!(rollup.add_text(2, "201-03", &["1"]).is_err());
    /// assert_eq!((rollup.counted(), rollup.rejected().len()), (1, 1));
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn add_text(&mut self, line: usize, code: &str, amounts: &[&str]) -> Result<(), RejectReason> {
        let parsed: Vec<Result<Option<Decimal>, AmountError>> = amounts.iter().map(|a| parse_amount(a)).collect();
        let kept: Vec<Option<Decimal>> = parsed.iter().map(|r| r.clone().ok().flatten()).collect();
        let code = match Code::parse_lenient(code) {
            Ok(c) => c,
            Err(e) => return Err(self.reject(line, code.to_string(), kept, e.into())),
        };
        if let Some(Err(e)) = parsed.iter().find(|r| r.is_err()) {
            return Err(self.reject(line, code.to_string(), kept, e.clone().into()));
        }
        if let Some(blank) = amounts.iter().position(|a| parse_amount(a).ok().flatten().is_none()) {
            let e =
                AmountError { input: amounts[blank].to_string(), problem: "a line item needs an amount, not a blank" };
            return Err(self.reject(line, code.to_string(), kept, e.into()));
        }
        let values: Vec<Decimal> = kept.into_iter().flatten().collect();
        self.add(line, code, &values)
    }

    fn reject(
        &mut self,
        line: usize,
        code: String,
        amounts: Vec<Option<Decimal>>,
        reason: RejectReason,
    ) -> RejectReason {
        self.rejected.push(Rejected { line, code, amounts, reason: reason.clone() });
        reason
    }

    /// The lines that were not counted, in the order they came.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// let _ = rollup.add_text(1, "x", &["1"]);
    /// assert_eq!(rollup.rejected()[0].line, 1);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn rejected(&self) -> &[Rejected] {
        &self.rejected
    }

    /// How many lines were counted.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// rollup.add_text(1, "2010301", &["1"]).unwrap();
    /// assert_eq!(rollup.counted(), 1);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn counted(&self) -> usize {
        self.counted
    }

    /// Σ of the rejected lines' readable amounts, per measure.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// let _ = rollup.add_text(1, "20103", &["5.00"]);
    /// let _ = rollup.add_text(2, "201", &["2.50"]);
    /// // Counted plus rejected is everything that came in.
    /// assert_eq!(rollup.rejected_total()[0].to_string(), "7.50");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn rejected_total(&self) -> Vec<Decimal> {
        let mut sum = vec![Decimal::ZERO; self.measures];
        for r in &self.rejected {
            for (s, a) in sum.iter_mut().zip(&r.amounts) {
                *s += a.unwrap_or_default();
            }
        }
        sum
    }

    /// Adds another partial roll-up of the same catalog year, classification and measures.
    /// Merging is associative and commutative: chunks can be summed anywhere and combined.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// use kemu::rollup::RollUp;
    /// let catalog = Catalog::year(2020)?;
    /// let (mut a, mut b) = (RollUp::new(catalog, Classification::Function, 1), RollUp::new(catalog, Classification::Function, 1));
    /// a.add_text(1, "2010301", &["1.25"]).unwrap();
    /// b.add_text(2, "2010302", &["2"]).unwrap();
    /// a.merge(b).unwrap();
    /// assert_eq!(a.totals().grand_total()[0].to_string(), "3.25");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn merge(&mut self, other: RollUp<'_>) -> Result<(), MergeError> {
        if self.catalog.fiscal_year() != other.catalog.fiscal_year()
            || self.classification != other.classification
            || self.measures != other.measures
            || self.leaves != other.leaves
        {
            return Err(MergeError::Incompatible);
        }
        let magnitude = self.magnitude.checked_add(other.magnitude).filter(|m| *m <= MAGNITUDE_LIMIT);
        self.magnitude = magnitude.ok_or(MergeError::TooLarge)?;
        self.acc.merge(&other.acc);
        self.rejected.extend(other.rejected);
        self.counted += other.counted;
        Ok(())
    }

    /// The totals of every touched code and its ancestors, and the grand total.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// rollup.add_text(1, "2010301", &["1"]).unwrap();
    /// let codes: Vec<String> = rollup.totals().iter().map(|r| r.code.to_string()).collect();
    /// assert_eq!(codes, ["201", "20103", "2010301"]);
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn totals(&self) -> Totals<'a> {
        let m = self.measures;
        let mut rows: Vec<TotalRow<'a>> = Vec::new();
        // Each row's sums (m a row) in the accumulators' own units, turned into `Decimal` at the end.
        let mut sums = Accumulators::new(0);
        // The leaves are in tree order, so a code's leaves follow one another: one pass keeps the
        // rows of the current leaf's ancestors open and adds the leaf into each (no map, no sort).
        let mut open: Vec<(Code, usize)> = Vec::with_capacity(3);
        let mut ancestors: Vec<Code> = Vec::with_capacity(3);
        let mut grand = Accumulators::new(m);
        for (leaf, &key) in self.leaves.iter().enumerate() {
            let slots = leaf * m..(leaf + 1) * m;
            if !self.acc.touched[slots.clone()].iter().any(|&t| t) {
                continue;
            }
            let code = Code::from_key(key).expect("leaves are catalog codes");
            ancestors.clear();
            ancestors.extend(std::iter::successors(code.parent(), |c| c.parent()));
            ancestors.reverse();
            let kept = open.iter().zip(&ancestors).take_while(|((open, _), ancestor)| open == *ancestor).count();
            open.truncate(kept);
            for &ancestor in &ancestors[kept..] {
                open.push((ancestor, rows.len()));
                self.push_row(&mut rows, &mut sums, ancestor);
            }
            let row = rows.len();
            self.push_row(&mut rows, &mut sums, code);
            for (measure, slot) in slots.enumerate() {
                let (fixed, extra) = (self.acc.fixed[slot], self.acc.extra[slot]);
                for row in open.iter().map(|&(_, row)| row).chain([row]) {
                    sums.add_sum(row * m + measure, fixed, extra);
                }
                grand.add_sum(measure, fixed, extra);
            }
        }
        for (i, row) in rows.iter_mut().enumerate() {
            row.amounts = (i * m..(i + 1) * m).map(|slot| sums.value(slot)).collect();
        }
        Totals { rows, grand: (0..m).map(|slot| grand.value(slot)).collect() }
    }

    /// Opens the row of `code` in [`RollUp::totals`], its sums at zero.
    fn push_row(&self, rows: &mut Vec<TotalRow<'a>>, sums: &mut Accumulators, code: Code) {
        rows.push(TotalRow { code, level: code.level(), name: self.catalog.name(code), amounts: Vec::new() });
        sums.fixed.resize(sums.fixed.len() + self.measures, 0);
        sums.extra.resize(sums.extra.len() + self.measures, Decimal::ZERO);
    }
}

/// One rolled-up code.
///
/// ```
/// use kemu::{Catalog, Classification, Level};
/// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
/// rollup.add_text(1, "2010301", &["1"]).unwrap();
/// let totals = rollup.totals();
/// let row = totals.get("20103".parse::<kemu::Code>().unwrap()).unwrap();
/// assert_eq!((row.level, row.name), (Level::Section, Some("政府办公厅（室）及相关机构事务")));
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TotalRow<'a> {
    /// The code.
    pub code: Code,
    /// Its level.
    pub level: Level,
    /// Its name in the catalog year.
    pub name: Option<&'a str>,
    /// Its total per measure.
    pub amounts: Vec<Decimal>,
}

/// The result of a roll-up: every touched code with its ancestors, in tree order, and 合计.
///
/// ```
/// use kemu::{Catalog, Classification};
/// let rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 2);
/// let totals = rollup.totals();
/// assert_eq!(totals.iter().count(), 0);
/// assert_eq!(totals.grand_total(), [rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO]);
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Totals<'a> {
    rows: Vec<TotalRow<'a>>,
    grand: Vec<Decimal>,
}

impl std::fmt::Display for TotalRow<'_> {
    /// The code, its name and its amounts to the cent.
    ///
    /// ```
    /// let mut r = kemu::rollup::RollUp::new(kemu::Catalog::year(2020)?, kemu::Classification::Function, 1);
    /// r.add_text(1, "2010301", &["100.5"])?;
    /// let totals = r.totals();
    /// assert_eq!(totals.get(kemu::Code::parse("201")?).unwrap().to_string(), "201 一般公共服务支出 100.50");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name.unwrap_or("?"))?;
        for a in &self.amounts {
            write!(f, " {a:.2}")?;
        }
        Ok(())
    }
}

impl<'a> Totals<'a> {
    /// The rows in tree order (类, its 款, their 项, …).
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// rollup.add_text(1, "2080505", &["3"]).unwrap();
    /// rollup.add_text(2, "2010301", &["1"]).unwrap();
    /// let first = rollup.totals().iter().next().unwrap().code.to_string();
    /// assert_eq!(first, "201", "tree order, not input order");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &TotalRow<'a>> {
        self.rows.iter()
    }

    /// The row of one code.
    ///
    /// ```
    /// use kemu::{Catalog, Classification, Code};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// rollup.add_text(1, "2010301", &["1"]).unwrap();
    /// assert!(rollup.totals().get("201".parse::<Code>().unwrap()).is_some());
    /// assert!(rollup.totals().get("202".parse::<Code>().unwrap()).is_none(), "untouched");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn get(&self, code: impl Into<Code>) -> Option<&TotalRow<'a>> {
        let code = code.into();
        self.rows.binary_search_by(|r| r.code.cmp(&code)).ok().map(|i| &self.rows[i])
    }

    /// 合计 per measure.
    ///
    /// ```
    /// use kemu::{Catalog, Classification};
    /// let mut rollup = kemu::rollup::RollUp::new(Catalog::year(2020)?, Classification::Function, 1);
    /// rollup.add_text(1, "2010301", &["1.10"]).unwrap();
    /// rollup.add_text(2, "2080505", &["2"]).unwrap();
    /// assert_eq!(rollup.totals().grand_total()[0].to_string(), "3.1");
    /// # Ok::<(), kemu::CatalogError>(())
    /// ```
    pub fn grand_total(&self) -> &[Decimal] {
        &self.grand
    }
}

/// Rolls `items` up on `threads` threads (std scoped threads: no extra dependency), each summing
/// a chunk into its own [`RollUp`], then merges them. Line numbers are positions in `items`.
/// Fails only when the chunks together pass the largest sum kept exactly.
///
/// ```
/// use kemu::{Catalog, Classification, Code};
/// use kemu::rollup::{rollup_parallel, LineItem};
/// use rust_decimal::Decimal;
/// let catalog = Catalog::year(2020)?;
/// let code: Code = "2010301".parse().unwrap();
/// let items = vec![LineItem { code, amounts: [Decimal::new(1, 2)] }; 1000];
/// let rollup = rollup_parallel(catalog, Classification::Function, &items, 2)?;
/// assert_eq!(rollup.totals().grand_total()[0].to_string(), "10");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rollup_parallel<'a, const M: usize>(
    catalog: Catalog<'a>,
    classification: Classification,
    items: &[LineItem<M>],
    threads: usize,
) -> Result<RollUp<'a>, MergeError> {
    in_chunks(RollUp::new(catalog, classification, M), items.len(), threads, |local, lines| {
        for i in lines {
            // A rejection is recorded in `local`; nothing else to do here.
            let _ = local.add_item(i, &items[i]);
        }
    })
}

/// Splits the lines `0..len` into one chunk per thread (std scoped threads), lets `work` sum each
/// chunk into its own copy of `empty`, then merges the copies in chunk order.
fn in_chunks<'a>(
    empty: RollUp<'a>,
    len: usize,
    threads: usize,
    work: impl Fn(&mut RollUp<'a>, std::ops::Range<usize>) + Sync,
) -> Result<RollUp<'a>, MergeError> {
    let chunk = len.div_ceil(threads.max(1)).max(1);
    let parts: Vec<RollUp<'a>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..len)
            .step_by(chunk)
            .map(|start| {
                let (mut local, work) = (empty.clone(), &work);
                s.spawn(move || {
                    work(&mut local, start..(start + chunk).min(len));
                    local
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("a roll-up thread panicked")).collect()
    });
    let mut total = empty;
    for part in parts {
        total.merge(part)?;
    }
    Ok(total)
}
