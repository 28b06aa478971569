//! The per-frame storage cache (Nitro's `StorageCache`): reads go through it, writes stay in it
//! until the program flushes.

use std::collections::BTreeMap;

use alloy_primitives::B256;

/// Gas every cache access must have available (Nitro's `REQUIRED_ACCESS_GAS`).
pub(crate) const REQUIRED_ACCESS_GAS: u64 = 10;

/// One cached slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Word {
    /// The slot's current value in this frame.
    value: B256,
    /// The value the EVM holds, when known.
    known: Option<B256>,
}

/// The storage cache of one frame.
#[derive(Debug, Default)]
pub(crate) struct StorageCache {
    slots: BTreeMap<B256, Word>,
    reads: usize,
    writes: usize,
}

impl StorageCache {
    /// Surcharge of the next read: reads 1-32 of a frame are free, 33-128 cost 2 gas, later 10.
    pub(crate) fn read_gas(&mut self) -> u64 {
        self.reads += 1;
        match self.reads {
            0..=32 => 0,
            33..=128 => 2,
            _ => 10,
        }
    }

    /// Surcharge of the next write: writes 1-8 are free, 9-64 cost 7 gas, later 10.
    pub(crate) fn write_gas(&mut self) -> u64 {
        self.writes += 1;
        match self.writes {
            0..=8 => 0,
            9..=64 => 7,
            _ => 10,
        }
    }

    /// The cached value of `key`, if any.
    pub(crate) fn get(&self, key: &B256) -> Option<B256> {
        self.slots.get(key).map(|word| word.value)
    }

    /// Records `value` as read from the EVM.
    pub(crate) fn insert_known(&mut self, key: B256, value: B256) {
        self.slots.insert(
            key,
            Word {
                value,
                known: Some(value),
            },
        );
    }

    /// Writes `value` to the cache only.
    pub(crate) fn write(&mut self, key: B256, value: B256) {
        self.slots
            .entry(key)
            .and_modify(|word| word.value = value)
            .or_insert(Word { value, known: None });
    }

    /// Takes the dirty slots (value differs from what the EVM is known to hold), marks them
    /// clean, and empties the cache when `clear` is set.
    pub(crate) fn take_dirty(&mut self, clear: bool) -> Vec<(B256, B256)> {
        let mut dirty = Vec::new();
        for (key, word) in &mut self.slots {
            if Some(word.value) != word.known {
                dirty.push((*key, word.value));
                word.known = Some(word.value);
            }
        }
        if clear {
            self.slots.clear();
        }
        dirty
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surcharges_step_up_with_use() {
        let mut cache = StorageCache::default();
        let reads: Vec<u64> = (0..130).map(|_| cache.read_gas()).collect();
        assert_eq!(reads[31], 0);
        assert_eq!(reads[32], 2);
        assert_eq!(reads[127], 2);
        assert_eq!(reads[128], 10);
        let writes: Vec<u64> = (0..65).map(|_| cache.write_gas()).collect();
        assert_eq!(writes[7], 0);
        assert_eq!(writes[8], 7);
        assert_eq!(writes[63], 7);
        assert_eq!(writes[64], 10);
    }

    #[test]
    fn only_changed_slots_are_flushed_once() {
        let mut cache = StorageCache::default();
        let (a, b) = (B256::with_last_byte(1), B256::with_last_byte(2));
        cache.insert_known(a, B256::with_last_byte(5));
        cache.write(a, B256::with_last_byte(5));
        cache.write(b, B256::with_last_byte(6));
        assert_eq!(cache.take_dirty(false), vec![(b, B256::with_last_byte(6))]);
        assert!(cache.take_dirty(false).is_empty());
        assert_eq!(cache.get(&b), Some(B256::with_last_byte(6)));
        cache.take_dirty(true);
        assert_eq!(cache.get(&b), None);
    }
}
