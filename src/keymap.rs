//! A small direct-mapped map from code keys to positions, for the hot look-ups (catalog entry,
//! roll-up leaf). Keys are the tree-order keys of [`crate::codes`] (功能分类 7 digits, 经济分类
//! 5): a key's high bits (`key >> 7`) index a table of blocks, its low seven bits a slot in its
//! block. Two dependent loads and a shift, no division, no hashing, no search, one path for
//! both classifications.

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
            let stored = u16::try_from(value).ok().filter(|&v| v < absent).expect("KeyMap values are below `absent`");
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

#[cfg(test)]
mod tests {
    use super::KeyMap;

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
}
