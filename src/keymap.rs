//! A small direct-mapped map from code keys to positions, for the hot look-ups (catalog entry,
//! roll-up leaf). Keys are the tree-order keys of [`crate::codes`]: 功能分类 keys (7 digits) go
//! through a table indexed by their 款 prefix to a block of 100 项 slots; 经济分类 keys (5 digits)
//! are indexed directly. Two dependent loads with constant divisors, no hashing, no search.

/// Key → position (below the map's `absent` value).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct KeyMap {
    /// 款 prefix (key / 100 − 20,000) → its block of `items`; block 0 is all absent, for the 款
    /// that have none (so a look-up never branches on a missing block).
    sections: Vec<u16>,
    /// Blocks of 100 slots: the position, or `absent`.
    items: Vec<u16>,
    /// 经济分类 key − 30,000 → the position, or `absent` (部门 3xxxx and 政府 5xxxx).
    econ: Vec<u16>,
    /// What a key that was not given reads: `u16::MAX`, or the spare slot a roll-up sends such
    /// keys to (then its hot loop reads a slot without a test).
    absent: u16,
}

const FUNC_FIRST: u32 = 2_000_000;
const FUNC_END: u32 = 3_000_000;
const ECON_FIRST: u32 = 30_000;
const ECON_END: u32 = 60_000;

impl KeyMap {
    /// Maps each key to its value; a key given twice keeps its first value. Keys outside the
    /// code ranges are ignored (they are never asked for); keys not given read `absent`.
    ///
    /// # Panics
    /// If a value is `absent` or more (the callers hold far fewer rows than 65,535).
    pub(crate) fn new(entries: impl IntoIterator<Item = (u32, usize)>, absent: u16) -> Self {
        let mut map = KeyMap {
            sections: vec![0; ((FUNC_END - FUNC_FIRST) / 100) as usize],
            items: vec![absent; 100],
            econ: vec![absent; (ECON_END - ECON_FIRST) as usize],
            absent,
        };
        for (key, value) in entries {
            let stored = u16::try_from(value).ok().filter(|&v| v < absent).expect("KeyMap values are below `absent`");
            let slot = if (FUNC_FIRST..FUNC_END).contains(&key) {
                let section = &mut map.sections[((key - FUNC_FIRST) / 100) as usize];
                if *section == 0 {
                    *section = u16::try_from(map.items.len() / 100).expect("fewer than 65,535 sections");
                    map.items.resize(map.items.len() + 100, absent);
                }
                &mut map.items[usize::from(*section) * 100 + (key % 100) as usize]
            } else if (ECON_FIRST..ECON_END).contains(&key) {
                &mut map.econ[(key - ECON_FIRST) as usize]
            } else {
                continue;
            };
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

    /// The value of `key`, or `absent`: two loads for a 功能分类 key (its 款's block, then the
    /// slot), one for an economic key; keys of neither range read `absent`.
    #[inline(always)]
    pub(crate) fn slot(&self, key: u32) -> usize {
        let stored = if key >= FUNC_FIRST {
            let k = key - FUNC_FIRST;
            let section = self.sections.get((k / 100) as usize).copied().unwrap_or(0);
            self.items[usize::from(section) * 100 + (k % 100) as usize]
        } else {
            key.checked_sub(ECON_FIRST).and_then(|k| self.econ.get(k as usize)).copied().unwrap_or(self.absent)
        };
        usize::from(stored)
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
