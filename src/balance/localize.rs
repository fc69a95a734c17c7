//! The fewest declared cells whose change makes every identity hold: an exact search over sets
//! of candidate cells, smallest first, each solved by [`super::solve`]; a greedy fallback past
//! the search's bounds.

use super::solve::{Figures, solve};
use super::{CellRef, Equation, Table, Tolerance, cell, names_a_change, violated};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// A correction that a typing slip explains.
///
/// ```
/// use kemu::balance::{hierarchy_equations, localize, Row, SearchLimits, Table, Tolerance, Typo};
/// use rust_decimal::Decimal;
/// let f = |s: &str| kemu::FuncCode::parse(s).unwrap();
/// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
/// let tables = [Table {
///     columns: vec!["x".into()],
///     rows: vec![
///         Row::code(f("20103"), "", vec![d("12.43")]),
///         Row::code(f("2010301"), "", vec![d("6.17")]),
///         Row::code(f("2010302"), "", vec![d("6.17")]),
///     ],
///     ..Table::default()
/// }];
/// let fix = localize(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Rounded, SearchLimits::default());
/// // Three one-cell fixes work; only 12.43 → 12.34 is a typing slip: the likeliest, listed
/// // first, but not a certain correction.
/// assert_eq!((fix.alternatives, fix.basis, fix.corrections.len()), (2, None, 0));
/// assert_eq!(fix.candidates[0][0].typo, Some(Typo::SwappedDigits));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Typo {
    /// One digit differs.
    WrongDigit,
    /// Two adjacent digits are swapped.
    SwappedDigits,
}

/// A proposed change of one declared cell.
///
/// ```
/// use kemu::balance::{hierarchy_equations, localize, Row, SearchLimits, Table, Tolerance};
/// use rust_decimal::Decimal;
/// let f = |s: &str| kemu::FuncCode::parse(s).unwrap();
/// let tables = [Table {
///     columns: vec!["x".into()],
///     rows: vec![Row::code(f("20103"), "", vec![None]), Row::code(f("2010301"), "", vec![Some(Decimal::new(500, 2))])],
///     ..Table::default()
/// }];
/// let fix = localize(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Rounded, SearchLimits::default());
/// let c = &fix.corrections[0];
/// assert_eq!((c.cell.row, c.from, c.to.to_string()), (0, None, "5.00".to_string()));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// The cell.
    pub cell: CellRef,
    /// Its declared value (`None`: blank).
    pub from: Option<Decimal>,
    /// The value that makes every identity hold.
    pub to: Decimal,
    /// Whether a single typing slip explains the change.
    pub typo: Option<Typo>,
}

/// Why one fix is proposed as the correction among the smallest that work.
///
/// ```
/// use kemu::balance::Basis;
/// assert_eq!(Basis::Typo.to_string(), "typo");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Basis {
    /// No other fix of its size makes the identities hold.
    UniqueSolution,
    /// It alone explains more of the changes by typing slips (a wrong or swapped digit). Used
    /// to order possible fixes (the likeliest first), never on its own to propose one.
    Typo,
    /// It alone only fills blank totals whose parts are printed, where every other fix changes
    /// printed figures.
    FillsBlank,
    /// It alone corrects a negative figure printed in a table of figures that are otherwise
    /// never negative.
    ImpossibleFigure,
    /// It alone also makes the identities with other tables hold.
    CrossTableAgreement,
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Basis::UniqueSolution => "unique solution",
            Basis::Typo => "typo",
            Basis::FillsBlank => "fills a blank",
            Basis::ImpossibleFigure => "impossible figure",
            Basis::CrossTableAgreement => "cross-table agreement",
        })
    }
}

/// The result of [`localize`]: a correction only where one fix is the answer, otherwise every
/// fix that explains the findings equally well, none marked as the correction.
///
/// ```
/// use kemu::balance::{localize, Localization, SearchLimits, Table, Tolerance};
/// // Nothing to check: nothing to change, and the search says it looked everywhere.
/// let fix = localize(&[Table::default()], &[], Tolerance::Rounded, SearchLimits::default());
/// assert_eq!(fix, Localization { exhaustive: true, ..Localization::default() });
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Localization {
    /// The correction, in cell order, when one fix is the answer (see `basis`).
    pub corrections: Vec<Correction>,
    /// Why `corrections` is the answer; `None` when there is none.
    pub basis: Option<Basis>,
    /// Whether the search was exhaustive up to the size found (false: bounded fallback).
    pub exhaustive: bool,
    /// How many other fixes of the same size also work, besides the correction or the first
    /// candidate: more than zero means the figures alone cannot tell them apart.
    pub alternatives: usize,
    /// When no fix is the answer: every fix of the smallest size that works (or the bounded
    /// fallback's guess), none of them a correction.
    pub candidates: Vec<Vec<Correction>>,
}

impl Localization {
    /// Picks the correction among equally small fixes by evidence, in this order: the only one;
    /// the one that only fills blank totals (`blank_totals`); the one that corrects the lone
    /// negative figures (`impossible`). Otherwise none; the one with the most typing slips is
    /// then listed first.
    fn from_fixes(
        mut fixes: Vec<Vec<Correction>>,
        exhaustive: bool,
        blank_totals: &BTreeSet<CellRef>,
        impossible: &BTreeSet<CellRef>,
    ) -> Localization {
        let alternatives = fixes.len().saturating_sub(1);
        let unique_max = |score: &dyn Fn(&[Correction]) -> usize| {
            let scores: Vec<usize> = fixes.iter().map(|f| score(f)).collect();
            let best = *scores.iter().max()?;
            (best > 0 && scores.iter().filter(|&&s| s == best).count() == 1)
                .then(|| scores.iter().position(|&s| s == best))?
        };
        let fills_blanks =
            |f: &[Correction]| usize::from(f.iter().all(|c| c.from.is_none() && blank_totals.contains(&c.cell)));
        let corrects_impossible = |f: &[Correction]| {
            usize::from(!impossible.is_empty() && impossible.iter().all(|i| f.iter().any(|c| c.cell == *i)))
        };
        let typos = |f: &[Correction]| f.iter().filter(|c| c.typo.is_some()).count();
        let chosen = match fixes.len() {
            0 => None,
            1 => Some((0, Basis::UniqueSolution)),
            _ => unique_max(&fills_blanks)
                .map(|i| (i, Basis::FillsBlank))
                .or_else(|| unique_max(&corrects_impossible).map(|i| (i, Basis::ImpossibleFigure))),
        };
        // A typing slip makes a fix likelier, not certain (a random error elsewhere can look like
        // one): the fix with the most slips is listed first, and none is proposed on that alone.
        if chosen.is_none()
            && let Some(i) = unique_max(&typos)
        {
            fixes.swap(0, i);
        }
        match chosen.filter(|_| exhaustive) {
            Some((i, basis)) => Localization {
                corrections: fixes.swap_remove(i),
                basis: Some(basis),
                exhaustive,
                alternatives,
                candidates: vec![],
            },
            None => Localization { corrections: vec![], basis: None, exhaustive, alternatives, candidates: fixes },
        }
    }
}

/// Bounds on the exact search of [`localize`].
///
/// ```
/// use kemu::balance::SearchLimits;
/// let quick = SearchLimits { max_cells: 2, ..SearchLimits::default() };
/// assert_eq!((quick.max_cells, quick.max_solves), (2, 200));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchLimits {
    /// The most cells one fix may change.
    pub max_cells: usize,
    /// The most candidate sets to enumerate before falling back.
    pub max_sets: usize,
    /// The most sets to solve before falling back (solving is the expensive part).
    pub max_solves: usize,
}

impl Default for SearchLimits {
    /// Generous for real tables (a few wrong cells among dozens), and bounded for hostile ones:
    /// a table full of contradictions costs at most about a millisecond.
    fn default() -> Self {
        SearchLimits { max_cells: 6, max_sets: 5_000, max_solves: 200 }
    }
}

fn typo(from: Decimal, to: Decimal) -> Option<Typo> {
    let scale = from.scale().max(to.scale());
    let digits = |mut d: Decimal| {
        d.rescale(scale);
        d.abs().mantissa().to_string().into_bytes()
    };
    let (a, b) = (digits(from), digits(to));
    if a.len() != b.len() || from.is_sign_negative() != to.is_sign_negative() {
        return None;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match diff.as_slice() {
        [_] => Some(Typo::WrongDigit),
        [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i] => Some(Typo::SwappedDigits),
        _ => None,
    }
}

/// Finds the smallest set of declared cells whose change makes every equation hold (the
/// Fellegi–Holt principle), and the values that do it. Among sets of the same size, one that
/// changes declared subtotals is preferred over one that changes leaves: a subtotal is typed after
/// its parts. Exact search over the cells of the violated equations, bounded by `limits`; past the
/// bounds a greedy fallback returns a fix that may not be the smallest (`exhaustive: false`).
///
/// ```
/// use kemu::balance::{hierarchy_equations, localize, Row, SearchLimits, Table, Tolerance, Typo};
/// use kemu::FuncCode;
/// use rust_decimal::Decimal;
/// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
/// let f = |s: &str| FuncCode::parse(s).unwrap();
/// let tables = [Table {
///     id: "02".into(),
///     columns: vec!["本年收入合计".into()],
///     rows: vec![
///         Row::code(f("201"), "一般公共服务支出", vec![d("1013.91")]),
///         Row::code(f("20103"), "政府办公厅（室）及相关机构事务", vec![d("951.38")]),
///         Row::code(f("2010301"), "行政运行", vec![d("902.47")]),
///         Row::code(f("2010302"), "一般行政管理事务", vec![d("28.91")]),
///         Row::code(f("20104"), "发展与改革事务", vec![d("20")]),
///         Row::code(f("2010499"), "其他发展与改革事务支出", vec![d("20")]),
///     ],
///     ..Table::default()
/// }];
/// let eqs = hierarchy_equations(&tables, 0, &[0]);
/// let fix = localize(&tables, &eqs, Tolerance::Rounded, SearchLimits::default());
/// // 20103 → 931.38, 2010301 → 922.47 and 2010302 → 48.91 are each one mistyped digit (with 201
/// // moved to match): the table alone cannot tell them apart, so none is the correction.
/// assert!(fix.corrections.is_empty() && fix.basis.is_none());
/// let shown = |set: &[kemu::balance::Correction]| -> Vec<String> {
///     set.iter().map(|c| format!("{}→{}", tables[0].rows[c.cell.row].name(), c.to)).collect()
/// };
/// assert!(fix.candidates.iter().any(|set| shown(set) == ["201→951.38", "20103→931.38"]));
/// assert!(fix.candidates.iter().flatten().filter(|c| c.typo == Some(Typo::WrongDigit)).count() >= 3);
/// ```
pub fn localize(tables: &[Table], equations: &[Equation], tolerance: Tolerance, limits: SearchLimits) -> Localization {
    match search(tables, equations, tolerance, limits, true) {
        Search::Balanced => Localization { exhaustive: true, ..Localization::default() },
        Search::Found(sets) => {
            let fixes = sets.iter().map(|(_, set, values)| corrections(tables, set, values)).collect();
            let (blank_totals, impossible) = evidence(tables, equations, tolerance);
            Localization::from_fixes(fixes, true, &blank_totals, &impossible)
        }
        Search::Exceeded { candidates, bad } => greedy(tables, equations, tolerance, &candidates, &bad),
    }
}

/// Every smallest set of cells whose change makes all equations hold (all of the minimal size,
/// whatever their weight), lightest first; `None` when the search exceeds `limits`. Empty when
/// everything already holds.
///
/// ```
/// use kemu::balance::{hierarchy_equations, smallest_fixes, Row, SearchLimits, Table, Tolerance};
/// use rust_decimal::Decimal;
/// let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
/// let f = |s: &str| kemu::FuncCode::parse(s).unwrap();
/// // A single-child chain: the 项 or the 款 can be the wrong one.
/// let tables = [Table {
///     columns: vec!["x".into()],
///     rows: vec![Row::code(f("20402"), "", vec![d("12.10")]), Row::code(f("2040220"), "", vec![d("21.10")])],
///     ..Table::default()
/// }];
/// let fixes = smallest_fixes(&tables, &hierarchy_equations(&tables, 0, &[0]), Tolerance::Rounded, SearchLimits::default()).unwrap();
/// assert_eq!(fixes.len(), 2);
/// ```
pub fn smallest_fixes(
    tables: &[Table],
    equations: &[Equation],
    tolerance: Tolerance,
    limits: SearchLimits,
) -> Option<Vec<Vec<CellRef>>> {
    match search(tables, equations, tolerance, limits, false) {
        Search::Balanced => Some(Vec::new()),
        Search::Found(sets) => Some(sets.into_iter().map(|(_, set, _)| set).collect()),
        Search::Exceeded { .. } => None,
    }
}

/// What the figures themselves say of where an error lies: totals printed blank over printed
/// parts, and negative figures in a table whose other figures are never negative (a column of
/// changes may hold decreases).
fn evidence(tables: &[Table], equations: &[Equation], tolerance: Tolerance) -> (BTreeSet<CellRef>, BTreeSet<CellRef>) {
    // A blank total over printed parts is an omission only where the total sums its parts: the
    // blank figure of a difference (a column of changes beside its periods) may be a new item's.
    let sums = |e: &Equation| e.parts.iter().all(|&(sign, _)| sign >= 0);
    let blank_totals = equations
        .iter()
        .filter(|e| sums(e) && cell(tables, e.total).is_none() && violated(tables, e, tolerance))
        .map(|e| e.total)
        .collect();
    let cells: BTreeSet<CellRef> = equations.iter().flat_map(|e| e.cells().collect::<Vec<_>>()).collect();
    // A column of changes (增减变化, 比上年增减, 差额) holds decreases: a negative there is a figure.
    let change = |c: &CellRef| {
        names_a_change(tables.get(c.table).and_then(|t| t.columns.get(c.column)).map_or("", String::as_str))
    };
    let negative = |c: &CellRef| cell(tables, *c).is_some_and(|v| v.is_sign_negative() && !v.is_zero()) && !change(c);
    let impossible: BTreeSet<CellRef> = cells.iter().filter(|c| negative(c)).copied().collect();
    // Lone: at most one negative per table among the cells of its identities.
    let lone = impossible.iter().all(|c| impossible.iter().filter(|d| d.table == c.table).count() == 1);
    (blank_totals, if lone { impossible } else { BTreeSet::new() })
}

enum Search {
    Balanced,
    /// Feasible sets of the smallest size: (weight, cells, values), lightest first.
    Found(Vec<(u32, Vec<CellRef>, Vec<Decimal>)>),
    Exceeded {
        candidates: Vec<CellRef>,
        bad: Vec<usize>,
    },
}

/// The exact search behind [`localize`] and [`smallest_fixes`]: sets of k = 1, 2, … candidate
/// cells (the cells of the violated equations) that touch every violated equation, solved for
/// values; every such set of the smallest feasible size is solved. `plausible` keeps only the
/// solutions a published table can hold (no negative figure in a table that prints none): what
/// [`localize`] proposes; [`smallest_fixes`] lists every solution.
fn search(
    tables: &[Table],
    equations: &[Equation],
    tolerance: Tolerance,
    limits: SearchLimits,
    plausible: bool,
) -> Search {
    let bad: Vec<usize> = (0..equations.len()).filter(|&i| violated(tables, &equations[i], tolerance)).collect();
    if bad.is_empty() {
        return Search::Balanced;
    }
    let candidates: Vec<CellRef> =
        bad.iter().flat_map(|&i| equations[i].cells()).collect::<BTreeSet<_>>().into_iter().collect();
    let subtotals: BTreeSet<CellRef> = equations.iter().map(|e| e.total).collect();
    let weight = |set: &[CellRef]| set.iter().map(|c| if subtotals.contains(c) { 10 } else { 11 }).sum::<u32>();

    // Which equations each candidate cell appears in: sets are tried by the hundred.
    let mut equations_of: Vec<Vec<usize>> = vec![Vec::new(); candidates.len()];
    for (i, e) in equations.iter().enumerate() {
        for c in e.cells() {
            if let Ok(at) = candidates.binary_search(&c) {
                equations_of[at].push(i);
            }
        }
    }
    let mut is_bad = vec![false; equations.len()];
    for &i in &bad {
        is_bad[i] = true;
    }
    // Which violated equations each candidate touches, as a bit mask (up to 128 of them): most
    // sets fail to touch them all, and the mask says so without allocating.
    let masks: Option<Vec<u128>> = (bad.len() <= 128).then(|| {
        equations_of
            .iter()
            .map(|eqs| eqs.iter().filter_map(|e| bad.iter().position(|b| b == e)).fold(0u128, |m, b| m | 1 << b))
            .collect()
    });
    let all_bad: u128 = if bad.len() >= 128 { u128::MAX } else { (1u128 << bad.len()) - 1 };
    // The equations a set of candidates touches.
    let touched_by = |combo: &[usize]| -> Vec<usize> {
        let mut touched: Vec<usize> = combo.iter().flat_map(|&c| equations_of[c].iter().copied()).collect();
        touched.sort_unstable();
        touched.dedup();
        touched
    };
    // Whether a set touches every violated equation (else it cannot be a fix).
    let hitting = |combo: &[usize]| -> bool {
        match &masks {
            Some(masks) => combo.iter().fold(0u128, |m, &c| m | masks[c]) == all_bad,
            None => touched_by(combo).iter().filter(|&&i| is_bad[i]).count() == bad.len(),
        }
    };
    let figures = Figures::new(tables, equations, &candidates, tolerance);
    // A table that prints no negative figure (spending, income) takes none.
    let signed_tables = prints_negatives(tables);
    let signed = |c: CellRef| signed_tables[c.table];
    let attempt = |combo: &[usize], set: &[CellRef]| -> Option<Vec<Decimal>> {
        // Only now: most hitting sets are never solved (a lighter one is a fix).
        let values = solve(tables, equations, &touched_by(combo), set, tolerance, figures.as_ref())?;
        // A cell the solution leaves as it was is not part of a smallest fix.
        let changed = set.iter().zip(&values).all(|(&c, v)| {
            let old = cell(tables, c);
            old != Some(*v) && !(old.is_none() && v.is_zero())
        });
        let possible =
            !plausible || set.iter().zip(&values).all(|(&c, v)| !v.is_sign_negative() || v.is_zero() || signed(c));
        (changed && possible).then_some(values)
    };

    let mut tried = 0usize;
    let mut solves = 0usize;
    for k in 1..=limits.max_cells.min(candidates.len()) {
        let Some(combos) = hitting_sets(k, candidates.len(), &mut tried, limits.max_sets, &hitting) else {
            return Search::Exceeded { candidates, bad };
        };
        let mut sets: Vec<(u32, Vec<CellRef>, Vec<usize>)> = combos
            .into_iter()
            .map(|combo| {
                let set: Vec<CellRef> = combo.iter().map(|&i| candidates[i]).collect();
                (weight(&set), set, combo)
            })
            .collect();
        // Lightest first (stable: ties keep cell order); solving is the expensive part.
        sets.sort_by_key(|(w, _, _)| *w);
        let mut found: Vec<(u32, Vec<CellRef>, Vec<Decimal>)> = Vec::new();
        for (w, set, combo) in sets {
            solves += 1;
            if solves > limits.max_solves {
                return Search::Exceeded { candidates, bad };
            }
            if let Some(values) = attempt(&combo, &set) {
                found.push((w, set, values));
            }
        }
        if !found.is_empty() {
            return Search::Found(found);
        }
    }
    Search::Exceeded { candidates, bad }
}

/// Whether each table prints a negative figure, found once: solutions are checked by the hundred.
fn prints_negatives(tables: &[Table]) -> Vec<bool> {
    tables.iter().map(|t| t.rows.iter().flat_map(|r| r.cells.iter().flatten()).any(|v| v.is_sign_negative())).collect()
}

/// Every set of `k` of `n` candidates (as indices, in lexicographic order) that `hitting` keeps,
/// counting each set tried in `tried`; `None` once more than `max_sets` have been tried.
fn hitting_sets(
    k: usize,
    n: usize,
    tried: &mut usize,
    max_sets: usize,
    hitting: &dyn Fn(&[usize]) -> bool,
) -> Option<Vec<Vec<usize>>> {
    let mut sets = Vec::new();
    let mut combo: Vec<usize> = (0..k).collect();
    loop {
        *tried += 1;
        if *tried > max_sets {
            return None;
        }
        if hitting(&combo) {
            sets.push(combo.clone());
        }
        // Next combination in lexicographic order.
        let Some(i) = (0..k).rev().find(|&i| combo[i] < n - k + i) else { return Some(sets) };
        combo[i] += 1;
        for j in i + 1..k {
            combo[j] = combo[j - 1] + 1;
        }
    }
}

fn corrections(tables: &[Table], set: &[CellRef], values: &[Decimal]) -> Vec<Correction> {
    set.iter()
        .zip(values)
        .map(|(&c, &to)| {
            let from = cell(tables, c);
            let mut to = to;
            if let Some(f) = from {
                to.rescale(f.scale().max(to.scale()));
            }
            Correction { cell: c, from, to, typo: from.and_then(|f| typo(f, to)) }
        })
        .collect()
}

/// The fallback: free the cells of the violated equations one by one, most-violated first, until
/// the system is solvable.
const GREEDY_MAX_CELLS: usize = 24;

fn greedy(
    tables: &[Table],
    equations: &[Equation],
    tolerance: Tolerance,
    candidates: &[CellRef],
    bad: &[usize],
) -> Localization {
    let mut ranked: Vec<(usize, CellRef)> = candidates
        .iter()
        .map(|&c| (bad.iter().filter(|&&i| equations[i].cells().any(|x| x == c)).count(), c))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut set = Vec::new();
    // Past a couple of dozen wrong cells a "fix" is a guess: the findings stand without one.
    for (_, c) in ranked.into_iter().take(GREEDY_MAX_CELLS) {
        set.push(c);
        let touching: Vec<usize> =
            (0..equations.len()).filter(|&i| equations[i].cells().any(|x| set.contains(&x))).collect();
        let untouched_ok =
            equations.iter().filter(|e| !e.cells().any(|x| set.contains(&x))).all(|e| !violated(tables, e, tolerance));
        if untouched_ok && let Some(values) = solve(tables, equations, &touching, &set, tolerance, None) {
            let mut fix = corrections(tables, &set, &values);
            fix.retain(|c| c.from != Some(c.to));
            // A bounded search proves nothing: its fix is a guess, never a correction.
            return Localization::from_fixes(vec![fix], false, &BTreeSet::new(), &BTreeSet::new());
        }
    }
    Localization::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(typo(d("951.38"), d("931.38")), Some(Typo::WrongDigit));
        assert_eq!(typo(d("12.34"), d("12.43")), Some(Typo::SwappedDigits));
        assert_eq!(typo(d("12.34"), d("21.43")), None);
        assert_eq!(typo(d("20"), d("20.01")), Some(Typo::WrongDigit));
        assert_eq!(typo(d("1013.91"), d("951.38")), None);
    }
}
