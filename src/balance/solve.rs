//! Values for a set of freed cells: the equations that touch them solved by Gauss–Jordan
//! elimination, in integers where the figures fit (exact, no division until the last step) and in
//! `Decimal` where they do not, each value rounded half away from zero to the printed scale, and
//! every touching equation checked within its tolerance.

use super::{
    CellRef, Equation, MAX_INTEGER_SCALE, Outcome, POWERS_OF_TEN, Table, Tolerance, cell, holds_with,
    outcome_in_integers, outcome_of_sums,
};
use crate::amount::half_step;
use rust_decimal::Decimal;

/// Solves the equations that touch `free` for the free cells: exact elimination over the
/// independent equations, each value rounded to its cell's printed scale, then every touching
/// equation verified within `tolerance` (published figures only balance up to their rounding, so
/// two equations may pin a cell a cent apart). Free cells the equations leave undetermined keep
/// their declared value. `None` when no values satisfy them all.
pub(super) fn solve(
    tables: &[Table],
    equations: &[Equation],
    touching: &[usize],
    free: &[CellRef],
    tolerance: Tolerance,
    figures: Option<&Figures>,
) -> Option<Vec<Decimal>> {
    let in_order = |order: &[usize]| {
        if let Some(result) = figures.and_then(|f| f.solve_in_order(order, free)) {
            return result;
        }
        let order: Vec<&Equation> = order.iter().map(|&i| &equations[i]).collect();
        solve_in_order(tables, &order, free, tolerance)
    };
    // The equations with the fewest figures (the tightest tolerance) pin the values first; if the
    // rest then fail, each other equation is tried as the one that pins first.
    let mut ordered: Vec<usize> = touching.to_vec();
    ordered.sort_by_key(|&i| equations[i].parts.len());
    match in_order(&ordered) {
        Ok(x) => return Some(x),
        Err(Unsolvable::Contradiction) => return None,
        Err(Unsolvable::Tolerance) => {}
    }
    if let [one] = free {
        let touching: Vec<&Equation> = touching.iter().map(|&i| &equations[i]).collect();
        if let Some(x) = solve_one_within_tolerance(tables, &touching, *one, tolerance) {
            return Some(vec![x]);
        }
    }
    // Re-pinning is for the small systems of a few wrong cells; a large one is not worth it.
    if ordered.len() > 12 || free.len() > 3 {
        return None;
    }
    (1..ordered.len()).find_map(|first| {
        let mut rotated = ordered.clone();
        let e = rotated.remove(first);
        rotated.insert(0, e);
        in_order(&rotated).ok()
    })
}

/// One figure in integer units: its value and half a unit of its last digit.
#[derive(Debug, Clone, Copy)]
struct Units {
    value: i64,
    half: i64,
    scale: u32,
}

/// An equation's declared figures, summed once.
#[derive(Debug, Clone, Copy)]
struct EquationUnits {
    total: Option<Units>,
    /// Σ sign × part over the printed parts.
    parts: i64,
    /// How many parts are printed.
    printed_parts: u32,
    /// Σ half steps of the printed parts.
    parts_half: i64,
    /// The finest printed scale among its figures.
    finest: Option<u32>,
}

/// Where a cell occurs: (equation, whether as its total, the part's sign).
type Occurrence = (usize, bool, i8);

/// The figures of a search's equations as integers, worked out once: every candidate set the
/// search solves reads them, and a solve then costs a few operations per equation instead of a
/// `Decimal` conversion per figure. Units are a tenth of the finest printed digit, so that half
/// steps are whole. Only for `Tolerance::Rounded` and figures that fit.
pub(super) struct Figures {
    unit_scale: u32,
    equations: Vec<EquationUnits>,
    /// The cells that may be freed (sorted), their figures and where they occur.
    cells: Vec<CellRef>,
    figure: Vec<Option<Units>>,
    occurs: Vec<Vec<Occurrence>>,
}

impl Figures {
    pub(super) fn new(
        tables: &[Table],
        equations: &[Equation],
        cells: &[CellRef],
        tolerance: Tolerance,
    ) -> Option<Figures> {
        if tolerance != Tolerance::Rounded {
            return None;
        }
        let finest =
            equations.iter().flat_map(Equation::cells).filter_map(|c| cell(tables, c)).map(|d| d.scale()).max();
        let unit_scale = finest.unwrap_or(0) + 1;
        if unit_scale > MAX_INTEGER_SCALE + 1 {
            return None;
        }
        let units = |c: CellRef| -> Option<Option<Units>> {
            let Some(d) = cell(tables, c) else { return Some(None) };
            // Digits below the unit (a cell outside the equations): not in integers.
            let shift = unit_scale.checked_sub(d.scale() + 1)? as usize;
            let value = i64::try_from(d.mantissa()).ok()?.checked_mul(POWERS_OF_TEN[shift + 1])?;
            Some(Some(Units { value, half: 5 * POWERS_OF_TEN[shift], scale: d.scale() }))
        };
        let mut summaries = Vec::with_capacity(equations.len());
        let mut occurs: Vec<Vec<Occurrence>> = vec![Vec::new(); cells.len()];
        for (i, eq) in equations.iter().enumerate() {
            let total = units(eq.total)?;
            let mut summary =
                EquationUnits { total, parts: 0, printed_parts: 0, parts_half: 0, finest: total.map(|u| u.scale) };
            for &(sign, c) in &eq.parts {
                if let Some(u) = units(c)? {
                    summary.parts = summary.parts.checked_add(i64::from(sign).checked_mul(u.value)?)?;
                    summary.printed_parts += 1;
                    summary.parts_half = summary.parts_half.checked_add(u.half)?;
                    summary.finest = summary.finest.max(Some(u.scale));
                }
            }
            summaries.push(summary);
            for (is_total, sign, c) in
                std::iter::once((true, 1, eq.total)).chain(eq.parts.iter().map(|&(s, c)| (false, s, c)))
            {
                if let Ok(at) = cells.binary_search(&c) {
                    occurs[at].push((i, is_total, sign));
                }
            }
        }
        let figure = cells.iter().map(|&c| units(c)).collect::<Option<_>>()?;
        Some(Figures { unit_scale, equations: summaries, cells: cells.to_vec(), figure, occurs })
    }

    /// [`solve_in_order`] over `order` (indices into the search's equations) with `free` cells;
    /// `None` when the integers do not suffice (the caller then solves in `Decimal`).
    fn solve_in_order(&self, order: &[usize], free: &[CellRef]) -> Option<Result<Vec<Decimal>, Unsolvable>> {
        let at: Vec<usize> = free.iter().map(|c| self.cells.binary_search(c).ok()).collect::<Option<_>>()?;
        let (rows, n) = (order.len(), free.len());
        let width = n + 1;
        // Σ sign·part − total = 0 with the free cells on the left.
        let mut m = vec![0i64; rows * width];
        for (r, &e) in order.iter().enumerate() {
            let eq = &self.equations[e];
            m[r * width + n] = eq.total.map_or(0, |u| u.value).checked_sub(eq.parts)?;
        }
        let row_of = |e: usize| order.iter().position(|&x| x == e);
        for (j, &k) in at.iter().enumerate() {
            let declared = self.figure[k].map_or(0, |u| u.value);
            for &(e, is_total, sign) in &self.occurs[k] {
                let Some(r) = row_of(e) else { continue };
                let coefficient = if is_total { -1 } else { i64::from(sign) };
                m[r * width + j] += coefficient;
                m[r * width + n] = m[r * width + n].checked_add(coefficient.checked_mul(declared)?)?;
            }
        }
        let printed = order.iter().filter_map(|&e| self.equations[e].finest).max();
        let scales: Vec<u32> = at.iter().map(|&k| self.figure[k].map(|u| u.scale).max(printed).unwrap_or(2)).collect();
        if scales.iter().any(|&s| s >= self.unit_scale) {
            return None;
        }
        let declared: Vec<i64> = at.iter().map(|&k| self.figure[k].map_or(0, |u| u.value)).collect();
        let reduced = reduce(&mut m, rows, n, &declared, self.unit_scale, &scales)?;
        // A row left without a pivot beyond every bound ten times over: no pinning can help.
        if !reduced.leftover.is_empty() {
            let bound: i64 = order
                .iter()
                .map(|&e| self.equations[e].total.map_or(0, |u| u.half) + self.equations[e].parts_half)
                .sum();
            let slack = i128::from(bound) * 10;
            if reduced
                .leftover
                .iter()
                .any(|&(residual, multiplier)| i128::from(residual).abs() > slack * i128::from(multiplier).abs())
            {
                return Some(Err(Unsolvable::Contradiction));
            }
        }
        // The values: determined cells at their scale, the rest as declared (a blank one as 0).
        let mut values: Vec<Units> = at
            .iter()
            .map(|&k| {
                self.figure[k].unwrap_or(Units {
                    value: 0,
                    half: 5 * POWERS_OF_TEN[(self.unit_scale - 1) as usize],
                    scale: 0,
                })
            })
            .collect();
        for &(col, value, scale) in &reduced.solved {
            let step = POWERS_OF_TEN[(self.unit_scale - scale) as usize];
            values[col] = Units { value: value.checked_mul(step)?, half: step / 2, scale };
        }
        // Every equation checked with the new values, as `measure_with` does.
        let mut sums: Vec<EquationUnits> = order.iter().map(|&e| self.equations[e]).collect();
        for (j, &k) in at.iter().enumerate() {
            let (old, new) = (self.figure[k], values[j]);
            for &(e, is_total, sign) in &self.occurs[k] {
                let Some(r) = row_of(e) else { continue };
                let sum = &mut sums[r];
                if is_total {
                    sum.total = Some(new);
                    continue;
                }
                let sign = i64::from(sign);
                if let Some(old) = old {
                    sum.parts = sum.parts.checked_sub(sign.checked_mul(old.value)?)?;
                    sum.printed_parts -= 1;
                    sum.parts_half -= old.half;
                }
                sum.parts = sum.parts.checked_add(sign.checked_mul(new.value)?)?;
                sum.printed_parts += 1;
                sum.parts_half += new.half;
            }
        }
        let holds = sums.iter().all(|s| {
            let total = s.total.map(|t| (t.value, t.half));
            outcome_of_sums(total, s.parts, s.printed_parts > 0, s.parts_half)
                .is_none_or(|o| o == Outcome::RoundingTail)
        });
        let decimals =
            values.iter().map(|u| Decimal::new(u.value / POWERS_OF_TEN[(self.unit_scale - u.scale) as usize], u.scale));
        Some(if holds { Ok(decimals.collect()) } else { Err(Unsolvable::Tolerance) })
    }
}

/// The finest scale printed among the equations' figures.
fn finest_printed_scale(tables: &[Table], equations: &[&Equation]) -> Option<u32> {
    equations.iter().flat_map(|e| e.cells()).filter_map(|c| cell(tables, c)).map(|d| d.scale()).max()
}

/// The scale of a corrected figure: the finest printed among its equations' figures (a "20" beside
/// "28.91" is 20.00 with its zeros dropped), never coarser than its own.
fn corrected_scale(own: Option<Decimal>, printed: Option<u32>) -> u32 {
    own.map(|d| d.scale()).max(printed).unwrap_or(2)
}

/// One free cell: each equation allows an open interval of values (its declared figures are
/// rounded); a printed value inside all of them, nearest the middle of their intersection.
fn solve_one_within_tolerance(
    tables: &[Table],
    equations: &[&Equation],
    free: CellRef,
    tolerance: Tolerance,
) -> Option<Decimal> {
    let printed_scale = finest_printed_scale(tables, equations);
    let scale = corrected_scale(cell(tables, free), printed_scale);
    let step = Decimal::new(1, scale);
    let (mut low, mut high) = (Decimal::MIN, Decimal::MAX);
    for eq in equations {
        // residual(x) = a·x + k, where residual = total − Σ sign·part.
        let mut a = Decimal::ZERO;
        let mut k = Decimal::ZERO;
        let mut figures: Vec<Option<Decimal>> = Vec::new();
        for (coefficient, c) in std::iter::once((1i8, eq.total)).chain(eq.parts.iter().map(|(s, c)| (-s, *c))) {
            if c == free {
                a += Decimal::from(coefficient);
                figures.push(Some(step));
            } else {
                k += Decimal::from(coefficient) * cell(tables, c).unwrap_or_default();
                figures.push(cell(tables, c));
            }
        }
        if a.is_zero() {
            continue;
        }
        let bound = tolerance.bound(figures[0], &figures[1..]);
        let (p, q) = ((-k - bound) / a, (-k + bound) / a);
        low = low.max(p.min(q));
        high = high.min(p.max(q));
    }
    if low > high {
        return None;
    }
    let middle = crate::amount::round_half_away((low + high) / Decimal::TWO, scale);
    [middle, middle - step, middle + step].into_iter().find(|x| {
        let value = |c: CellRef| if c == free { Some(*x) } else { cell(tables, c) };
        equations.iter().all(|eq| holds_with(eq, value, tolerance))
    })
}

/// Why [`solve_in_order`] found no values.
enum Unsolvable {
    /// The fixed figures contradict each other beyond any rounding: no pinning can help.
    Contradiction,
    /// The values this pinning gives break another equation's tolerance (another may not).
    Tolerance,
}

fn solve_in_order(
    tables: &[Table],
    equations: &[&Equation],
    free: &[CellRef],
    tolerance: Tolerance,
) -> Result<Vec<Decimal>, Unsolvable> {
    let printed_scale = finest_printed_scale(tables, equations);
    let scales: Vec<u32> = free.iter().map(|&c| corrected_scale(cell(tables, c), printed_scale)).collect();
    let elimination = match eliminate_in_integers(tables, equations, free, printed_scale.unwrap_or(0), &scales) {
        Some(e) => e,
        None => eliminate_in_decimals(tables, equations, free, &scales)?,
    };
    // Rows left without a pivot are contradictions among the fixed figures; one far beyond what
    // rounding explains (every bound, ten times over) cannot be met by any choice of pinning.
    if !elimination.leftover.is_zero() {
        let slack = total_bound(tables, equations, tolerance) * Decimal::TEN;
        if elimination.leftover > slack {
            return Err(Unsolvable::Contradiction);
        }
    }
    // Free cells the equations leave undetermined keep their declared value.
    let mut x: Vec<Decimal> = free.iter().map(|&c| cell(tables, c).unwrap_or_default()).collect();
    for (col, value) in elimination.solved {
        x[col] = value;
    }
    let value = |c: CellRef| match free.iter().position(|&f| f == c) {
        Some(j) => Some(x[j]),
        None => cell(tables, c),
    };
    let holds = match holds_in_integers(equations, value, tolerance) {
        Some(holds) => holds,
        None => equations.iter().all(|eq| holds_with(eq, value, tolerance)),
    };
    if holds { Ok(x) } else { Err(Unsolvable::Tolerance) }
}

/// [`holds_with`] for every equation, in integers ([`outcome_in_integers`]): the check every
/// candidate set's values go through. `None` when some equation's figures do not fit.
fn holds_in_integers(
    equations: &[&Equation],
    value: impl Fn(CellRef) -> Option<Decimal>,
    tolerance: Tolerance,
) -> Option<bool> {
    for eq in equations {
        if outcome_in_integers(eq, &value, tolerance)?.is_some_and(|o| o != Outcome::RoundingTail) {
            return Some(false);
        }
    }
    Some(true)
}

/// The sum of the equations' tolerance bounds. Rounded: half a unit of each figure's last digit,
/// counted by scale rather than added one by one (this runs for every candidate set).
fn total_bound(tables: &[Table], equations: &[&Equation], tolerance: Tolerance) -> Decimal {
    match tolerance {
        Tolerance::Rounded => {
            let mut figures_at_scale = [0i64; 29];
            for d in equations.iter().flat_map(|e| e.cells()).filter_map(|c| cell(tables, c)) {
                figures_at_scale[d.scale() as usize] += 1;
            }
            (0..29u32)
                .filter(|&s| figures_at_scale[s as usize] > 0)
                .map(|s| half_step(Decimal::new(0, s)) * Decimal::from(figures_at_scale[s as usize]))
                .sum()
        }
        other => other.bound(None, &[]) * Decimal::from(equations.len()),
    }
}

/// What elimination leaves: the free cells it determines (column, value rounded half away from
/// zero to the cell's scale) and the largest residual of the equations left without a pivot.
struct Elimination {
    solved: Vec<(usize, Decimal)>,
    leftover: Decimal,
}

/// Gauss–Jordan elimination in integers: every figure as a multiple of 10^-`scale`, each row
/// combined without division. Most of an audit's time went to this in `Decimal`; `None` (a
/// finer scale, or a product past i64) leaves it to [`eliminate_in_decimals`].
fn eliminate_in_integers(
    tables: &[Table],
    equations: &[&Equation],
    free: &[CellRef],
    scale: u32,
    scales: &[u32],
) -> Option<Elimination> {
    if scale > MAX_INTEGER_SCALE {
        return None;
    }
    let as_integer =
        |d: Decimal| i64::try_from(d.mantissa()).ok()?.checked_mul(10i64.checked_pow(scale.checked_sub(d.scale())?)?);
    let (n, rows) = (free.len(), equations.len());
    let width = n + 1;
    let mut m = vec![0i64; rows * width];
    for (row, eq) in m.chunks_exact_mut(width).zip(equations) {
        for (sign, c) in std::iter::once((-1i8, eq.total)).chain(eq.parts.iter().copied()) {
            // Σ sign·part − total = 0, moved so that free cells are on the left.
            match free.iter().position(|&f| f == c) {
                Some(j) => row[j] += i64::from(sign),
                None => {
                    let v = as_integer(cell(tables, c).unwrap_or_default())?;
                    row[n] = row[n].checked_sub(i64::from(sign).checked_mul(v)?)?;
                }
            }
        }
    }
    let declared: Vec<i64> =
        free.iter().map(|&c| as_integer(cell(tables, c).unwrap_or_default())).collect::<Option<_>>()?;
    let reduced = reduce(&mut m, rows, n, &declared, scale, scales)?;
    let mut leftover = Decimal::ZERO;
    for (residual, multiplier) in reduced.leftover {
        let residual = Decimal::try_from_i128_with_scale(i128::from(residual), scale).ok()?;
        leftover = leftover.max((residual / Decimal::from(multiplier)).abs());
    }
    let solved = reduced
        .solved
        .into_iter()
        .map(|(col, value, target)| Some((col, Decimal::try_from_i128_with_scale(i128::from(value), target).ok()?)))
        .collect::<Option<_>>()?;
    Some(Elimination { solved, leftover })
}

/// An integer system after Gauss–Jordan elimination.
struct Reduced {
    /// (free column, value, its scale): each determined cell rounded half away from zero.
    solved: Vec<(usize, i64, u32)>,
    /// (residual, multiplier) of each row left without a pivot: the row is `multiplier` times
    /// an original equation minus multiples of the others, so its residual is `residual /
    /// multiplier` (in the system's units).
    leftover: Vec<(i64, i64)>,
}

/// Eliminates `m` (`rows` × (`n` coefficients + right-hand side), figures in units of
/// 10^-`unit_scale`) without division, then back-substitutes: undetermined columns keep
/// `declared`, determined ones are rounded to `scales`. `None` on a product past i64.
fn reduce(m: &mut [i64], rows: usize, n: usize, declared: &[i64], unit_scale: u32, scales: &[u32]) -> Option<Reduced> {
    let width = n + 1;
    // Each row is the original times `multiplier` minus multiples of the others.
    let mut multiplier = vec![1i64; rows];
    let mut pivots: Vec<usize> = Vec::new();
    let mut r = 0;
    for col in 0..n {
        let Some(p) = (r..rows).find(|&i| m[i * width + col] != 0) else { continue };
        if p != r {
            for j in 0..width {
                m.swap(r * width + j, p * width + j);
            }
            multiplier.swap(r, p);
        }
        let pivot = m[r * width + col];
        for i in (0..rows).filter(|&i| i != r) {
            let factor = m[i * width + col];
            if factor == 0 {
                continue;
            }
            for j in 0..width {
                // Pivots and factors are ±1 almost always: no multiplication then.
                let (v, p) = (m[i * width + j], m[r * width + j]);
                let v = if pivot == 1 { v } else { v.checked_mul(pivot)? };
                let p = match factor {
                    1 => p,
                    -1 => p.checked_neg()?,
                    f => f.checked_mul(p)?,
                };
                m[i * width + j] = v.checked_sub(p)?;
            }
            multiplier[i] = multiplier[i].checked_mul(pivot)?;
        }
        pivots.push(col);
        r += 1;
    }
    let leftover = (r..rows).map(|i| (m[i * width + n], multiplier[i])).collect();
    let mut solved = Vec::with_capacity(pivots.len());
    for (i, &col) in pivots.iter().enumerate() {
        let row = &m[i * width..(i + 1) * width];
        let mut numerator = row[n];
        for j in (0..n).filter(|j| !pivots.contains(j)) {
            numerator = numerator.checked_sub(row[j].checked_mul(declared[j])?)?;
        }
        // numerator / row[col] units of 10^-unit_scale, rounded half away from zero to scales[col].
        let target = scales[col];
        let (numerator, denominator) = if target >= unit_scale {
            (numerator.checked_mul(10i64.checked_pow(target - unit_scale)?)?, row[col])
        } else {
            (numerator, row[col].checked_mul(10i64.checked_pow(unit_scale - target)?)?)
        };
        solved.push((col, divide_half_away(numerator, denominator)?, target));
    }
    Some(Reduced { solved, leftover })
}

/// `n / d` rounded half away from zero (四舍五入).
fn divide_half_away(n: i64, d: i64) -> Option<i64> {
    let (q, r) = (n.checked_div(d)?, n.checked_rem(d)?);
    let away = r.checked_abs()?.checked_mul(2)? >= d.checked_abs()?;
    Some(if r != 0 && away { q + n.signum() * d.signum() } else { q })
}

/// [`eliminate_in_integers`] in `Decimal`, for figures it cannot hold.
fn eliminate_in_decimals(
    tables: &[Table],
    equations: &[&Equation],
    free: &[CellRef],
    scales: &[u32],
) -> Result<Elimination, Unsolvable> {
    let n = free.len();
    let width = n + 1;
    let pos = |c: CellRef| free.iter().position(|&f| f == c);
    let mut m = vec![Decimal::ZERO; equations.len() * width];
    for (row, eq) in m.chunks_exact_mut(width).zip(equations) {
        for (sign, c) in std::iter::once((-1i8, eq.total)).chain(eq.parts.iter().copied()) {
            let coefficient = Decimal::from(sign);
            match pos(c) {
                Some(j) => row[j] += coefficient,
                None => row[n] -= coefficient * cell(tables, c).unwrap_or_default(),
            }
        }
    }
    let rows = equations.len();
    let mut pivots = Vec::new();
    let mut r = 0;
    for col in 0..n {
        let Some(p) = (r..rows).find(|&i| !m[i * width + col].is_zero()) else { continue };
        if p != r {
            for j in 0..width {
                m.swap(r * width + j, p * width + j);
            }
        }
        let pivot = m[r * width + col];
        for v in &mut m[r * width..(r + 1) * width] {
            *v = v.checked_div(pivot).ok_or(Unsolvable::Contradiction)?;
        }
        for i in (0..rows).filter(|&i| i != r) {
            let factor = m[i * width + col];
            if factor.is_zero() {
                continue;
            }
            for j in 0..width {
                let product = factor.checked_mul(m[r * width + j]).ok_or(Unsolvable::Contradiction)?;
                m[i * width + j] = m[i * width + j].checked_sub(product).ok_or(Unsolvable::Contradiction)?;
            }
        }
        pivots.push(col);
        r += 1;
    }
    let leftover = m[r * width..].chunks_exact(width).map(|row| row[n].abs()).max().unwrap_or_default();
    let declared: Vec<Decimal> = free.iter().map(|&c| cell(tables, c).unwrap_or_default()).collect();
    let solved = pivots
        .iter()
        .enumerate()
        .map(|(i, &col)| {
            let row = &m[i * width..(i + 1) * width];
            let mut v = row[n];
            for j in (0..n).filter(|j| *j != col && !pivots.contains(j)) {
                v -= row[j] * declared[j];
            }
            (col, crate::amount::round_half_away(v, scales[col]))
        })
        .collect();
    Ok(Elimination { solved, leftover })
}

#[cfg(test)]
mod tests {
    use super::super::{Row, RowKey, Severity, measure_with};
    use super::*;
    use std::collections::BTreeSet;

    /// A random system over one column of `values`: each equation a total and signed parts.
    fn system(values: &[i64], scale: u32, shape: &[(usize, Vec<(bool, usize)>)]) -> (Vec<Table>, Vec<Equation>) {
        let rows = values.iter().map(|&v| Row {
            key: RowKey::Label,
            label: String::new(),
            cells: vec![Some(Decimal::new(v, scale))],
            line: None,
        });
        let tables = vec![Table { columns: vec!["x".into()], rows: rows.collect(), ..Table::default() }];
        let at = |r: usize| CellRef::new(0, r % values.len(), 0);
        let equations = shape
            .iter()
            .map(|(total, parts)| Equation {
                rule: "t".into(),
                description: "t".into(),
                total: at(*total),
                parts: parts.iter().map(|&(plus, r)| (if plus { 1 } else { -1 }, at(r))).collect(),
                severity: Severity::Error,
            })
            .collect();
        (tables, equations)
    }

    proptest::proptest! {
        #[test]
        fn integer_and_decimal_elimination_agree(
            values in proptest::collection::vec(-100_000i64..100_000, 2..8),
            scale in 0u32..4,
            shape in proptest::collection::vec((0usize..8, proptest::collection::vec((proptest::bool::ANY, 0usize..8), 1..4)), 1..6),
            free in proptest::collection::btree_set(0usize..8, 1..4),
        ) {
            let (tables, equations) = system(&values, scale, &shape);
            let equations: Vec<&Equation> = equations.iter().collect();
            let free: Vec<CellRef> = free.iter().map(|&r| CellRef::new(0, r % values.len(), 0)).collect::<BTreeSet<_>>().into_iter().collect();
            let scales = vec![scale; free.len()];
            let in_integers = eliminate_in_integers(&tables, &equations, &free, scale, &scales).expect("small figures fit in integers");
            if let Ok(in_decimals) = eliminate_in_decimals(&tables, &equations, &free, &scales) {
                // Decimal quotients carry 28 digits: an exact tie (x.5) can come out a hair below
                // it and round the other way. The integers divide exactly; the two never differ
                // by more than one unit of the last place.
                let unit = Decimal::new(1, scale);
                proptest::prop_assert_eq!(in_integers.solved.len(), in_decimals.solved.len());
                for ((a, x), (b, y)) in in_integers.solved.iter().zip(&in_decimals.solved) {
                    proptest::prop_assert_eq!(a, b);
                    proptest::prop_assert!((x - y).abs() <= unit, "{} vs {}", x, y);
                }
                proptest::prop_assert!((in_integers.leftover - in_decimals.leftover).abs() < Decimal::new(1, 20));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn integer_and_decimal_checks_agree(
            figures in proptest::collection::vec(proptest::option::of((-2_000i64..2_000, 0u32..4)), 2..8),
            shape in proptest::collection::vec((0usize..8, proptest::collection::vec((proptest::bool::ANY, 0usize..8), 1..4)), 1..6),
        ) {
            let (mut tables, equations) = system(&vec![0; figures.len()], 0, &shape);
            for (row, figure) in tables[0].rows.iter_mut().zip(&figures) {
                row.cells[0] = figure.map(|(v, s)| Decimal::new(v, s));
            }
            let equations: Vec<&Equation> = equations.iter().collect();
            let value = |c: CellRef| cell(&tables, c);
            let in_integers = holds_in_integers(&equations, value, Tolerance::Rounded).expect("small figures fit");
            let in_decimals = equations.iter().all(|eq| holds_with(eq, value, Tolerance::Rounded));
            proptest::prop_assert_eq!(in_integers, in_decimals);
            for eq in &equations {
                let outcome = outcome_in_integers(eq, value, Tolerance::Rounded).expect("small figures fit");
                proptest::prop_assert_eq!(outcome, measure_with(eq, value, Tolerance::Rounded).outcome);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_precomputed_solve_agrees_with_the_general_one(
            figures in proptest::collection::vec(proptest::option::of((-2_000i64..2_000, 0u32..4)), 2..8),
            shape in proptest::collection::vec((0usize..8, proptest::collection::vec((proptest::bool::ANY, 0usize..8), 1..4)), 1..6),
            free in proptest::collection::btree_set(0usize..8, 1..4),
            rotate in 0usize..6,
        ) {
            let (mut tables, equations) = system(&vec![0; figures.len()], 0, &shape);
            for (row, figure) in tables[0].rows.iter_mut().zip(&figures) {
                row.cells[0] = figure.map(|(v, s)| Decimal::new(v, s));
            }
            // As the search: the cells that may be freed are those of the equations.
            let cells: Vec<CellRef> = equations.iter().flat_map(Equation::cells).collect::<BTreeSet<_>>().into_iter().collect();
            let free: Vec<CellRef> = free.iter().map(|&r| cells[r % cells.len()]).collect::<BTreeSet<_>>().into_iter().collect();
            let mut order: Vec<usize> = (0..equations.len()).collect();
            order.rotate_left(rotate % equations.len());
            let precomputed = Figures::new(&tables, &equations, &cells, Tolerance::Rounded).expect("small figures fit");
            let refs: Vec<&Equation> = order.iter().map(|&i| &equations[i]).collect();
            let general = solve_in_order(&tables, &refs, &free, Tolerance::Rounded);
            let show = |r: Result<Vec<Decimal>, Unsolvable>| match r {
                Ok(x) => format!("{:?}", x.iter().map(|d| (d.to_string(), d.scale())).collect::<Vec<_>>()),
                Err(Unsolvable::Contradiction) => "contradiction".to_string(),
                Err(Unsolvable::Tolerance) => "tolerance".to_string(),
            };
            if let Some(fast) = precomputed.solve_in_order(&order, &free) {
                proptest::prop_assert_eq!(show(fast), show(general));
            }
        }
    }

    #[test]
    fn elimination_rounds_half_away_from_zero() {
        // 2x = 0.25 → x = 0.125 → 0.13 at two places (banker's rounding would give 0.12).
        let (tables, equations) = system(&[25, 0], 2, &[(0, vec![(true, 1), (true, 1)])]);
        let equations: Vec<&Equation> = equations.iter().collect();
        let free = [CellRef::new(0, 1, 0)];
        let e = eliminate_in_integers(&tables, &equations, &free, 2, &[2]).unwrap();
        assert_eq!(e.solved, [(0, Decimal::new(13, 2))]);
        let e = eliminate_in_decimals(&tables, &equations, &free, &[2]).ok().unwrap();
        assert_eq!(e.solved, [(0, Decimal::new(13, 2))]);
        assert_eq!(divide_half_away(-25, 2), Some(-13));
        assert_eq!(divide_half_away(25, -2), Some(-13));
        assert_eq!(divide_half_away(24, 10), Some(2));
    }

    #[test]
    fn figures_finer_than_the_integer_scale_are_eliminated_in_decimals() {
        let (tables, equations) = system(&[1, 1], MAX_INTEGER_SCALE + 1, &[(0, vec![(true, 1)])]);
        let equations: Vec<&Equation> = equations.iter().collect();
        let free = [CellRef::new(0, 1, 0)];
        assert!(eliminate_in_integers(&tables, &equations, &free, MAX_INTEGER_SCALE + 1, &[2]).is_none());
    }

    #[test]
    fn figures_at_the_finest_scale_have_a_bound() {
        let (tables, equations) = system(&[1, 1], 28, &[(0, vec![(true, 1)])]);
        let equations: Vec<&Equation> = equations.iter().collect();
        assert_eq!(total_bound(&tables, &equations, Tolerance::Rounded), Decimal::new(2, 28));
    }
}
