//! Out-of-line storage accessors.
//!
//! The SDK's `get`/`set` inline a few hundred bytes of slot and byte-order code at every use;
//! routing every access through one non-inlined function per type keeps a single copy in the
//! WASM (measured: the vault shrinks by several KB compressed).

use alloy_primitives::{Address, B256, U256, U64};
use stylus_sdk::storage::{StorageAddress, StorageMap, StorageU256, StorageU64};

#[inline(never)]
pub(crate) fn get_u256(slot: &StorageU256) -> U256 {
    slot.get()
}

#[inline(never)]
pub(crate) fn set_u256(slot: &mut StorageU256, value: U256) {
    slot.set(value)
}

#[inline(never)]
pub(crate) fn get_u64(slot: &StorageU64) -> u64 {
    slot.get().to::<u64>()
}

#[inline(never)]
pub(crate) fn set_u64(slot: &mut StorageU64, value: u64) {
    slot.set(U64::from(value))
}

#[inline(never)]
pub(crate) fn get_addr(slot: &StorageAddress) -> Address {
    slot.get()
}

#[inline(never)]
pub(crate) fn map_get(map: &StorageMap<Address, StorageU256>, key: Address) -> U256 {
    map.get(key)
}

#[inline(never)]
pub(crate) fn map_set(map: &mut StorageMap<Address, StorageU256>, key: Address, value: U256) {
    map.insert(key, value)
}

#[inline(never)]
pub(crate) fn set_addr(slot: &mut StorageAddress, value: Address) {
    slot.set(value)
}

#[inline(never)]
pub(crate) fn map_get_b(map: &StorageMap<B256, StorageU256>, key: B256) -> U256 {
    map.get(key)
}

#[inline(never)]
pub(crate) fn map_set_b(map: &mut StorageMap<B256, StorageU256>, key: B256, value: U256) {
    map.insert(key, value)
}
