//! The columnar roll-up: codes and amounts as two slices (keys and integer cents, as a data
//! pipeline holds them), summed in one pass and exactly like [`RollUp`].
//!
//! The hot loop only adds a line's cents into its leaf's 64-bit slot, found in one load in the
//! year's dense leaf table (`DenseMap`, shared by every roll-up of the year). What could make
//! that inexact is checked once per block of lines, not per line: a block
//! holding an amount too large for the 64-bit slots is taken back (the slots wrap, so taking it
//! back is exact) and goes through [`RollUp::add`] line by line, as does every block once the
//! roll-up nears its magnitude bound. Lines that
//! are not leaves of the classification land in a spare slot and are rejected, with their
//! reasons and line numbers, in a cold pass over their block. `Decimal` appears only at the
//! edges (a fallback line, a rejection, the totals).

use super::{FIXED_SCALE, MAGNITUDE_LIMIT, MergeError, POW10, RejectReason, RollUp};
use crate::catalog::Catalog;
use crate::codes::{Classification, Code};
use crate::keymap::DenseView;
use rust_decimal::Decimal;

/// Lines summed between checks: with every |amount| below [`SMALL`], a block's sums stay far
/// inside `i64`.
const BLOCK: usize = 1 << 14;
/// Amounts (in cents) at or past this take a block to the exact path: 2^46 cents is 7 × 10¹¹ 元.
const SMALL: u64 = 1 << 46;
/// How far the 64-bit slots may grow (in cents) before they are moved into the `i128` sums.
const SLOT_HEADROOM: u64 = 1 << 62;
/// One cent in the roll-up's fixed-point units (10⁻⁴).
const CENT: i128 = POW10[(FIXED_SCALE - 2) as usize];

/// Why [`rollup_columns`] could not roll the columns up.
///
/// ```
/// use kemu::{Catalog, Classification};
/// let err = kemu::rollup::rollup_columns(Catalog::year(2020)?, Classification::Function, &[2010301], &[], 1).unwrap_err();
/// assert_eq!(err.to_string(), "1 codes but 0 amounts: the columns must be as long as each other");
/// # Ok::<(), kemu::CatalogError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnsError {
    /// The two columns differ in length.
    #[error("{codes} codes but {amounts} amounts: the columns must be as long as each other")]
    LengthMismatch {
        /// Rows in the code column.
        codes: usize,
        /// Rows in the amount column.
        amounts: usize,
    },
    /// The threads' sums together pass the largest sum kept exactly.
    #[error(transparent)]
    Merge(#[from] MergeError),
}

/// Rolls one measure up from columns: `keys[i]` is line `i`'s code as [`Code::key`] (a 项
/// `2010301`, a 款 without 项 `2019900`, an economic 款 `30101`) and `cents[i]` its amount in
/// cents. The result is a [`RollUp`] equal to the one [`rollup_parallel`](super::rollup_parallel)
/// builds from the same lines on the same number of threads: the same totals, the same lines
/// rejected with the same reasons (line numbers are positions in the columns), the same bound.
///
/// ```
/// use kemu::{Catalog, Classification, Code};
/// let key = |s: &str| Code::parse(s).unwrap().key();
/// let keys = [key("2010301"), key("2010302"), key("20103"), key("2010301")];
/// let cents = [90_247, 2_891, 500, 3];
/// let rollup = kemu::rollup::rollup_columns(Catalog::year(2020)?, Classification::Function, &keys, &cents, 2)?;
/// assert_eq!(rollup.totals().grand_total()[0].to_string(), "931.41");
/// assert_eq!((rollup.counted(), rollup.rejected()[0].line), (3, 2), "a 款 with 项 is no leaf");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rollup_columns<'a>(
    catalog: Catalog<'a>,
    classification: Classification,
    keys: &[u32],
    cents: &[i64],
    threads: usize,
) -> Result<RollUp<'a>, ColumnsError> {
    if keys.len() != cents.len() {
        return Err(ColumnsError::LengthMismatch { codes: keys.len(), amounts: cents.len() });
    }
    let empty = RollUp::new(catalog, classification, 1);
    super::in_chunks(empty, keys.len(), threads, |local, lines| {
        roll_chunk(local, lines.start, &keys[lines.clone()], &cents[lines]);
    })
    .map_err(ColumnsError::Merge)
}

/// Adds one block of lines into `sums` (the last slot spare, for keys that are no leaf), or with
/// `undo` takes them back exactly (the sums wrap, so adding and taking back restore every slot bit
/// for bit). Returns the block's Σ|cents| (wrapping) and the OR of its |cents|, an upper bound of
/// the largest. The leaves are looked up in the year's dense leaf table.
///
/// The block is read as [`STREAMS`] parts side by side, a batch of each in turn: the processor
/// follows each part's columns as a stream of its own and keeps more of their reads in flight
/// than it does for one (measured on 10 M lines: 8–10 % faster on 1 and on 2 threads; reading the
/// columns alone so is 1.6× faster than a plain loop, see the memory floors in `benches/rollup.rs`).
#[inline(never)]
fn sum_block<const UNDO: bool>(
    index: DenseView<'_>,
    keys: &[u32],
    cents: &[i64],
    sums: &mut [(i64, u64)],
) -> (u64, u64) {
    let mut folded = (0u64, 0u64);
    let part = keys.len() / STREAMS / BATCH * BATCH;
    for at in (0..part).step_by(BATCH) {
        for stream in 0..STREAMS {
            let lines = stream * part + at..stream * part + at + BATCH;
            folded = sum_batch::<UNDO>(index, &keys[lines.clone()], &cents[lines], sums, folded);
        }
    }
    let (keys, cents) = (&keys[STREAMS * part..], &cents[STREAMS * part..]);
    let mut batches = keys.chunks_exact(BATCH).zip(cents.chunks_exact(BATCH));
    for (keys, cents) in &mut batches {
        folded = sum_batch::<UNDO>(index, keys, cents, sums, folded);
    }
    let (keys, cents) = (&keys[keys.len() - keys.len() % BATCH..], &cents[cents.len() - cents.len() % BATCH..]);
    add_lines::<UNDO>(keys.iter().map(|&key| index.slot(key)), cents, sums);
    fold_magnitude(cents, folded)
}

/// The parts of a block read side by side in [`sum_block`].
const STREAMS: usize = 4;

/// Adds (or with `UNDO` takes back) one batch of [`BATCH`] lines, and folds their magnitudes
/// into `folded`. First every key of the batch is looked up, then the amounts are added, then
/// their magnitudes folded: each step's loads are independent of one another, so the processor
/// keeps more of them in flight than a loop that does all three a line at a time.
#[inline(always)]
fn sum_batch<const UNDO: bool>(
    index: DenseView<'_>,
    keys: &[u32],
    cents: &[i64],
    sums: &mut [(i64, u64)],
    folded: (u64, u64),
) -> (u64, u64) {
    let mut slots = [0u16; BATCH];
    for (slot, &key) in slots.iter_mut().zip(keys) {
        // The map's values are u16 (see `DenseView`).
        *slot = index.slot(key) as u16;
    }
    // A batch of one leaf (a ledger in code order) is added as one sum: line by line, each
    // line would wait for the store of the one before it. (The first and the last slots are
    // compared first: in lines in no order they differ at once.)
    if slots[0] == slots[BATCH - 1] && slots.iter().fold(0, |differ, &s| differ | (s ^ slots[0])) == 0 {
        // (Summed here, not shared with `fold_magnitude`'s plain sum: taking that sum before
        // the adds measured 30 % slower on every layout.)
        let sum = cents.iter().fold(0i64, |sum, &c| sum.wrapping_add(c));
        add_to::<UNDO>(&mut sums[usize::from(slots[0])], sum, BATCH as u64);
    } else {
        add_lines::<UNDO>(slots.iter().map(|&s| usize::from(s)), cents, sums);
    }
    fold_magnitude(cents, folded)
}

/// Lines looked up together in [`sum_block`].
const BATCH: usize = 32;

/// Adds (or with `UNDO` takes back) each amount and one line into its slot.
#[inline(always)]
fn add_lines<const UNDO: bool>(slots: impl Iterator<Item = usize>, cents: &[i64], sums: &mut [(i64, u64)]) {
    for (slot, &amount) in slots.zip(cents) {
        // A key that is no leaf reads the spare slot, the last (see `RollUp::new`).
        add_to::<UNDO>(&mut sums[slot], amount, 1);
    }
}

/// Adds (or with `UNDO` takes back) `sum` and `lines` into one slot, wrapping.
#[inline(always)]
fn add_to<const UNDO: bool>(slot: &mut (i64, u64), sum: i64, lines: u64) {
    *slot = if UNDO {
        (slot.0.wrapping_sub(sum), slot.1.wrapping_sub(lines))
    } else {
        (slot.0.wrapping_add(sum), slot.1.wrapping_add(lines))
    };
}

/// Σ|cents| (wrapping) and the OR of |cents|, carried on from the `(magnitude, or)` folded so far. Amounts are
/// rarely negative: a plain sum and OR (which the compiler vectorizes) are the magnitudes when no
/// amount has its sign bit set, and only a batch with one takes the absolute values.
#[inline(always)]
fn fold_magnitude(cents: &[i64], (magnitude, or): (u64, u64)) -> (u64, u64) {
    let (sum, any) = cents.iter().fold((0u64, 0u64), |(s, o), &a| (s.wrapping_add(a as u64), o | a as u64));
    if any >> 63 == 0 {
        return (magnitude.wrapping_add(sum), or | any);
    }
    cents.iter().fold((magnitude, or), |(m, o), &a| (m.wrapping_add(a.unsigned_abs()), o | a.unsigned_abs()))
}

/// The 64-bit leaf sums of one thread (sum and lines side by side), the last slot spare for
/// lines that are no leaf.
struct Slots {
    sums: Vec<(i64, u64)>,
    /// Σ|cents| added since the last move into the `i128` sums (bounds every slot).
    grown: u64,
}

impl Slots {
    /// Moves the 64-bit sums into the roll-up's exact sums.
    fn flush(&mut self, rollup: &mut RollUp<'_>) {
        for (leaf, (sum, lines)) in self.sums.iter_mut().enumerate() {
            if *lines > 0 && leaf < rollup.leaves.len() {
                rollup.acc.fixed[leaf] += i128::from(*sum) * CENT;
                rollup.acc.touched[leaf] = true;
                rollup.counted += usize::try_from(*lines).unwrap_or(usize::MAX);
            }
            (*sum, *lines) = (0, 0);
        }
        self.grown = 0;
    }
}

/// Sums one thread's lines (`first` is the line number of the first) into `rollup`.
fn roll_chunk(rollup: &mut RollUp<'_>, first: usize, keys: &[u32], cents: &[i64]) {
    let spare = rollup.leaves.len();
    let mut slots = Slots { sums: vec![(0, 0); spare + 1], grown: 0 };
    let index = rollup.positions;
    for (b, (keys, cents)) in keys.chunks(BLOCK).zip(cents.chunks(BLOCK)).enumerate() {
        let start = first + b * BLOCK;
        // The most a block on the fast path can add: BLOCK amounts below SMALL.
        let most = SMALL * BLOCK as u64;
        if rollup.magnitude + i128::from(most) * CENT > MAGNITUDE_LIMIT {
            // Near the bound, line by line, so that the line that passes it is the one rejected.
            slots.flush(rollup);
            exact_block(rollup, start, keys, cents);
            continue;
        }
        if slots.grown > SLOT_HEADROOM - most {
            slots.flush(rollup);
        }
        let (mut magnitude, largest) = sum_block::<false>(index, keys, cents, &mut slots.sums);
        if largest >= SMALL {
            // An amount too large for the 64-bit slots: take the block back, exactly.
            sum_block::<true>(index, keys, cents, &mut slots.sums);
            slots.flush(rollup);
            exact_block(rollup, start, keys, cents);
            continue;
        }
        if slots.sums[spare].1 > 0 {
            magnitude -= reject_block(rollup, start, keys, cents);
            slots.sums[spare] = (0, 0);
        }
        slots.grown += magnitude;
        rollup.magnitude += i128::from(magnitude) * CENT;
    }
    slots.flush(rollup);
}

/// The cold pass over a block with lines that are no leaf: each rejected with its reason, in
/// order. Returns their Σ|cents|, which the block's magnitude must not count.
#[cold]
fn reject_block(rollup: &mut RollUp<'_>, start: usize, keys: &[u32], cents: &[i64]) -> u64 {
    let mut taken = 0;
    for (i, (&key, &amount)) in keys.iter().zip(cents).enumerate() {
        if rollup.positions.get(key).is_none() {
            taken += amount.unsigned_abs();
            reject(rollup, start + i, key, amount);
        }
    }
    taken
}

/// A block with an amount too large for the fast path: line by line through [`RollUp::add`].
#[cold]
fn exact_block(rollup: &mut RollUp<'_>, start: usize, keys: &[u32], cents: &[i64]) {
    for (i, (&key, &amount)) in keys.iter().zip(cents).enumerate() {
        match Code::from_key(key) {
            // Counted, or rejected with its reason: the roll-up keeps either.
            Some(code) => {
                let _ = rollup.add(start + i, code, &[Decimal::new(amount, 2)]);
            }
            None => reject(rollup, start + i, key, amount),
        }
    }
}

/// Rejects one line that is no leaf: [`RollUp::add`] names the reason for a code; a key that is
/// no code at all is a malformed code.
fn reject(rollup: &mut RollUp<'_>, line: usize, key: u32, amount: i64) {
    let amount = Decimal::new(amount, 2);
    match Code::from_key(key) {
        Some(code) => {
            let _ = rollup.add(line, code, &[amount]);
        }
        None => {
            let reason = match Code::parse(&key.to_string()) {
                Err(e) => RejectReason::from(e),
                Ok(code) => RejectReason::UnknownCode { code, year: rollup.catalog.fiscal_year().get() },
            };
            rollup.reject(line, key.to_string(), vec![Some(amount)], reason);
        }
    }
}
