//! A small direct-mapped map from code keys to positions, for the hot look-ups (catalog entry,
//! roll-up leaf). Keys are the tree-order keys of [`crate::codes`]: 功能分类 keys (7 digits) go
//! through a table indexed by their 款 prefix to a block of 100 项 slots; 经济分类 keys (5 digits)
//! are indexed directly. Two dependent loads with constant divisors, no hashing, no search.

/// Key → position (< 65,535).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct KeyMap {
    /// 款 prefix (key / 100 − 20,000) → block number + 1.
    sections: Vec<u16>,
    /// Blocks of 100 slots: position + 1.
    items: Vec<u16>,
    /// 经济分类 key − 30,000 → position + 1 (部门 3xxxx and 政府 5xxxx).
    econ: Vec<u16>,
}

const FUNC_FIRST: u32 = 2_000_000;
const FUNC_END: u32 = 3_000_000;
const ECON_FIRST: u32 = 30_000;
const ECON_END: u32 = 60_000;

impl KeyMap {
    /// Maps each key to its value; a key given twice keeps its first value. Keys outside the
    /// code ranges are ignored (they are never asked for).
    ///
    /// # Panics
    /// If a value is 65,535 or more (the callers hold far fewer rows).
    pub(crate) fn new(entries: impl IntoIterator<Item = (u32, usize)>) -> Self {
        let mut map = KeyMap {
            sections: vec![0; ((FUNC_END - FUNC_FIRST) / 100) as usize],
            items: Vec::new(),
            econ: vec![0; (ECON_END - ECON_FIRST) as usize],
        };
        for (key, value) in entries {
            let stored = u16::try_from(value + 1).expect("KeyMap values are below 65,535");
            let slot = if (FUNC_FIRST..FUNC_END).contains(&key) {
                let section = &mut map.sections[((key - FUNC_FIRST) / 100) as usize];
                if *section == 0 {
                    map.items.resize(map.items.len() + 100, 0);
                    *section = u16::try_from(map.items.len() / 100).expect("fewer than 65,535 sections");
                }
                &mut map.items[(usize::from(*section) - 1) * 100 + (key % 100) as usize]
            } else if (ECON_FIRST..ECON_END).contains(&key) {
                &mut map.econ[(key - ECON_FIRST) as usize]
            } else {
                continue;
            };
            if *slot == 0 {
                *slot = stored;
            }
        }
        map
    }

    /// The value of `key`, if it was given.
    #[inline]
    pub(crate) fn get(&self, key: u32) -> Option<usize> {
        let stored = if key >= FUNC_FIRST {
            let section = *self.sections.get(((key - FUNC_FIRST) / 100) as usize)?;
            self.items[usize::from(section).checked_sub(1)? * 100 + (key % 100) as usize]
        } else {
            *self.econ.get(key.checked_sub(ECON_FIRST)? as usize)?
        };
        usize::from(stored).checked_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::KeyMap;

    #[test]
    fn maps_both_kinds_and_nothing_else() {
        let map =
            KeyMap::new([(2_010_301, 0), (2_010_300, 1), (2_010_000, 2), (30_101, 3), (50_100, 4), (2_010_301, 9)]);
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
