//! Direct-mapped maps from code keys to positions, for the hot look-ups. Keys are the tree-order
//! keys of [`crate::codes`] (功能分类 7 digits, 经济分类 5).
//!
//! - [`KeyMap`] (catalog entry, every code of both classifications): a key's high bits
//!   (`key >> 7`) index a table of blocks, its low seven bits a slot in its block. Two dependent
//!   loads and a shift, no division, no hashing, no search, about 130 KB a year.
//! - [`DenseMap`] (roll-up leaf, the leaves of one classification): one slot per key between the
//!   first and the last, so a look-up is one subtraction and one load. Up to 600 KB for the 功能分类
//!   leaves, of which a roll-up touches only the cache lines of the leaves it meets; built once a
//!   year and classification (see `Catalog::leaf_index`).

/// Key → position (below the map's `absent` value).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct KeyMap {
    /// `key >> 7` → its block of `slots`; block 0 is all absent, for the keys that have none
    /// (so a look-up never branches on a missing block).
    blocks: Vec<u16>,
    /// Blocks of 128 slots: the position, or `absent`.
    slots: Vec<u16>,
    /// What a key that was not given reads: `u16::MAX`, or the spare slot a roll-up sends such
    /// keys to (then its hot loop reads a slot without a test).
    absent: u16,
}

/// Keys at or past this (no code's) read `absent`.
const KEY_END: u32 = 3_000_000;
/// A block's slots: the low bits of a key.
const BLOCK_BITS: u32 = 7;
const BLOCK: usize = 1 << BLOCK_BITS;

/// A value as a map stores it.
///
/// # Panics
/// If it is `absent` or more (the callers hold far fewer rows than 65,535).
fn stored(value: usize, absent: u16) -> u16 {
    u16::try_from(value).ok().filter(|&v| v < absent).expect("map values are below `absent`")
}

impl KeyMap {
    /// Maps each key to its value; a key given twice keeps its first value. Keys past the code
    /// ranges are ignored (they are never asked for); keys not given read `absent`.
    ///
    /// # Panics
    /// If a value is `absent` or more (the callers hold far fewer rows than 65,535).
    pub(crate) fn new(entries: impl IntoIterator<Item = (u32, usize)>, absent: u16) -> Self {
        let mut map =
            KeyMap { blocks: vec![0; (KEY_END >> BLOCK_BITS) as usize + 1], slots: vec![absent; BLOCK], absent };
        for (key, value) in entries.into_iter().filter(|&(key, _)| key < KEY_END) {
            let stored = stored(value, absent);
            let block = &mut map.blocks[(key >> BLOCK_BITS) as usize];
            if *block == 0 {
                *block = u16::try_from(map.slots.len() / BLOCK).expect("fewer than 65,535 blocks");
                map.slots.resize(map.slots.len() + BLOCK, absent);
            }
            let slot = &mut map.slots[usize::from(*block) * BLOCK + (key as usize & (BLOCK - 1))];
            if *slot == absent {
                *slot = stored;
            }
        }
        map
    }

    /// The value of `key`, if it was given.
    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<usize> {
        let stored = self.slot(key);
        (stored != usize::from(self.absent)).then_some(stored)
    }

    /// The value of `key`, or `absent`: its block, then its slot; keys past the code ranges read
    /// block 0, all absent.
    #[inline(always)]
    pub(crate) fn slot(&self, key: u32) -> usize {
        let block = self.blocks.get((key >> BLOCK_BITS) as usize).copied().unwrap_or(0);
        usize::from(self.slots[usize::from(block) * BLOCK + (key as usize & (BLOCK - 1))])
    }
}

/// Key → position for keys in one range: a slot per key from the first to the last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DenseMap {
    /// The first key; slot `i` holds key `first + i`.
    first: u32,
    /// The position, or `absent`.
    slots: Vec<u16>,
    /// What a key that was not given reads (a roll-up's spare slot, past its last leaf).
    absent: u16,
}

impl DenseMap {
    /// Maps each key to its value; a key given twice keeps its first value; keys not given read
    /// `absent`.
    ///
    /// # Panics
    /// If a value is `absent` or more (the callers hold far fewer rows than 65,535).
    pub(crate) fn new(entries: &[(u32, usize)], absent: u16) -> Self {
        let first = entries.iter().map(|&(key, _)| key).min().unwrap_or(0);
        let last = entries.iter().map(|&(key, _)| key).max().unwrap_or(0);
        let mut slots = if entries.is_empty() { Vec::new() } else { vec![absent; (last - first) as usize + 1] };
        for &(key, value) in entries {
            let stored = stored(value, absent);
            let slot = &mut slots[(key - first) as usize];
            if *slot == absent {
                *slot = stored;
            }
        }
        DenseMap { first, slots, absent }
    }

    /// The map to read, borrowed: copied into its user, so that a look-up is one load with no
    /// pointer to follow first.
    pub(crate) fn view(&self) -> DenseView<'_> {
        DenseView { first: self.first, slots: &self.slots, absent: self.absent }
    }
}

/// A borrowed [`DenseMap`], for the hot loops.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DenseView<'a> {
    first: u32,
    slots: &'a [u16],
    absent: u16,
}

impl DenseView<'_> {
    /// The value of `key`, if it was given.
    #[inline]
    pub(crate) fn get(self, key: u32) -> Option<usize> {
        let stored = self.slot(key);
        (stored != usize::from(self.absent)).then_some(stored)
    }

    /// The value of `key`, or `absent`: a key below the first wraps past the last, as one past
    /// the last does, and reads `absent`.
    #[inline(always)]
    pub(crate) fn slot(self, key: u32) -> usize {
        usize::from(self.slots.get(key.wrapping_sub(self.first) as usize).copied().unwrap_or(self.absent))
    }
}

#[cfg(test)]
mod tests {
    use super::{DenseMap, KeyMap};

    #[test]
    fn maps_both_kinds_and_nothing_else() {
        let map = KeyMap::new(
            [(2_010_301, 0), (2_010_300, 1), (2_010_000, 2), (30_101, 3), (50_100, 4), (2_010_301, 9)],
            u16::MAX,
        );
        assert_eq!(map.get(2_010_301), Some(0), "first value kept");
        assert_eq!(map.get(2_010_300), Some(1));
        assert_eq!(map.get(2_010_000), Some(2));
        assert_eq!(map.get(30_101), Some(3));
        assert_eq!(map.get(50_100), Some(4));
        for absent in [2_010_302, 2_020_000, 30_100, 0, 29_999, 60_000, 3_000_000, u32::MAX] {
            assert_eq!(map.get(absent), None, "{absent}");
        }
    }

    #[test]
    fn dense_maps_its_range_and_nothing_else() {
        let owned = DenseMap::new(&[(2_010_301, 0), (2_010_302, 1), (2_290_102, 2), (2_010_301, 9)], 10);
        let map = owned.view();
        assert_eq!(map.get(2_010_301), Some(0), "first value kept");
        assert_eq!(map.get(2_010_302), Some(1));
        assert_eq!(map.get(2_290_102), Some(2));
        for absent in [2_010_300, 2_010_303, 2_290_101, 2_290_103, 0, 30_101, u32::MAX] {
            assert_eq!(map.get(absent), None, "{absent}");
            assert_eq!(map.slot(absent), 10, "{absent} reads the spare");
        }
        assert_eq!(DenseMap::new(&[], 0).view().get(2_010_301), None, "an empty map holds nothing");
    }
}
