//! Contract storage by slot, without the SDK's storage types.
//!
//! Why: an SDK accessor (`StorageU256`, `StorageMap`, ...) carries its slot as a `U256`, turns it
//! into big-endian bytes at every access and clones its host, and a `#[storage]` struct builds
//! every accessor when the contract is entered. Here a slot is its 32 key bytes, a constant of the
//! contract's layout or a mapping entry hashed once, and every read and write is one host call
//! through one copy of each accessor.
//!
//! The layout is Solidity's: state variables take slots in declaration order, a value smaller
//! than a word is packed at a byte offset counted from the right of its slot, and the entry of
//! `key` in a mapping at slot `p` is at `keccak256(pad32(key) ‖ p)`; an `address` key is padded on
//! the left, a `bytesN` key on the right. So a Solidity contract declaring the same variables
//! reads the same storage (the contracts' tests check each layout against the SDK's types).
//!
//! Writes go to the host's storage cache (`storage_cache_bytes32`), which the SDK's entry point
//! flushes when a call succeeds and before every call out, as for the SDK's own types.

use alloy_primitives::{keccak256, Address, U256};
use stylus_sdk::stylus_core::{host::StorageAccess, HostAccess};

/// The key of one 32-byte storage word, big-endian as the EVM spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot(pub [u8; 32]);

/// A value smaller than a word: `offset` bytes from the right of `slot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packed {
    /// The slot holding the value.
    pub slot: Slot,
    /// Bytes between the value's last byte and the slot's last byte.
    pub offset: u8,
}

impl Slot {
    /// Slot `index` of a layout (below 256: our layouts are short).
    pub const fn at(index: u8) -> Self {
        let mut key = [0; 32];
        key[31] = index;
        Slot(key)
    }

    /// The value packed `offset` bytes from the right of this slot.
    pub const fn packed(self, offset: u8) -> Packed {
        Packed { slot: self, offset }
    }

    /// The entry of the mapping at this slot whose key, padded to 32 bytes, is `key`.
    #[inline(never)]
    pub fn entry(&self, key: &[u8; 32]) -> Slot {
        let mut buf = [0; 64];
        buf[..32].copy_from_slice(key);
        buf[32..].copy_from_slice(&self.0);
        Slot(keccak256(buf).0)
    }

    /// The entry of the mapping at this slot for an `address` key.
    pub fn of(&self, key: Address) -> Slot {
        self.entry(&address_word(key))
    }

    /// The slot `n` words after this one (a field of a struct stored from this slot).
    #[inline(never)]
    pub fn plus(&self, n: u64) -> Slot {
        let mut key = self.0;
        let mut carry = n as u128;
        for byte in key.iter_mut().rev() {
            if carry == 0 {
                break;
            }
            carry += *byte as u128;
            *byte = carry as u8;
            carry >>= 8;
        }
        Slot(key)
    }

    /// Where the elements of a dynamic array whose length is at this slot begin:
    /// `keccak256(self)`.
    pub fn array_start(&self) -> Slot {
        Slot(keccak256(self.0).0)
    }
}

/// The SDK's constructor guard slot (`stylus_sdk::abi::internal::CONSTRUCTOR_EXECUTED_SLOT`).
const CONSTRUCTED: Slot = Slot(stylus_sdk::abi::internal::CONSTRUCTOR_EXECUTED_SLOT.to_be_bytes());

/// An `address` as a 32-byte word (left-padded with zeros), as a mapping key or a stored value.
pub fn address_word(address: Address) -> [u8; 32] {
    let mut word = [0; 32];
    word[12..].copy_from_slice(address.as_slice());
    word
}

/// Range of the `len` bytes packed `offset` bytes from the right of a word.
fn range(offset: u8, len: usize) -> core::ops::Range<usize> {
    let end = 32 - offset as usize;
    end - len..end
}

/// Typed reads and writes of storage slots, for every contract (anything the SDK gives a host).
///
/// Each method is one copy in the module (`#[inline(never)]` where it is more than a host call):
/// the contracts' WASM is measured in bytes.
pub trait Store: HostAccess<Host: StorageAccess> {
    /// The word at `slot`.
    #[inline(never)]
    fn load(&self, slot: &Slot) -> [u8; 32] {
        #[cfg(target_arch = "wasm32")]
        {
            let mut word = [0; 32];
            // SAFETY: both pointers are to 32 readable / writable bytes.
            unsafe { stylus_sdk::hostio::storage_load_bytes32(slot.0.as_ptr(), word.as_mut_ptr()) };
            word
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.vm()
                .storage_load_bytes32(U256::from_be_bytes(slot.0))
                .0
        }
    }

    /// Writes `word` at `slot` (into the host's storage cache; see the module docs).
    #[inline(never)]
    fn store(&mut self, slot: &Slot, word: &[u8; 32]) {
        #[cfg(target_arch = "wasm32")]
        // SAFETY: both pointers are to 32 readable bytes; storage is only reached through `Store`
        // and the SDK's entry point, which flushes the cache.
        unsafe {
            stylus_sdk::hostio::storage_cache_bytes32(slot.0.as_ptr(), word.as_ptr())
        };
        #[cfg(not(target_arch = "wasm32"))]
        // SAFETY: as above; the native host keeps storage in a map.
        unsafe {
            self.vm()
                .storage_cache_bytes32(U256::from_be_bytes(slot.0), (*word).into())
        };
    }

    /// The `uint256` at `slot`.
    #[inline(never)]
    fn u256(&self, slot: &Slot) -> U256 {
        U256::from_be_bytes(self.load(slot))
    }

    /// Writes the `uint256` `value` at `slot`.
    #[inline(never)]
    fn set_u256(&mut self, slot: &Slot, value: U256) {
        self.store(slot, &value.to_be_bytes())
    }

    /// The `address` alone in `slot`.
    #[inline(never)]
    fn address(&self, slot: &Slot) -> Address {
        Address::from_slice(&self.load(slot)[12..])
    }

    /// Writes the `address` `value` alone in `slot` (the other 12 bytes become zero).
    #[inline(never)]
    fn set_address(&mut self, slot: &Slot, value: Address) {
        self.store(slot, &address_word(value))
    }

    /// The `bool` alone in `slot` (any other non-zero word reads as `true`).
    fn bool(&self, slot: &Slot) -> bool {
        !self.u256(slot).is_zero()
    }

    /// Writes the `bool` `value` alone in `slot`.
    fn set_bool(&mut self, slot: &Slot, value: bool) {
        self.set_u256(slot, U256::from(value))
    }

    /// The `uint64` at `field`.
    #[inline(never)]
    fn u64(&self, field: &Packed) -> u64 {
        let word = self.load(&field.slot);
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&word[range(field.offset, 8)]);
        u64::from_be_bytes(bytes)
    }

    /// Writes the `uint64` `value` at `field`, keeping the rest of its slot.
    #[inline(never)]
    fn set_u64(&mut self, field: &Packed, value: u64) {
        self.set_bytes(field, &value.to_be_bytes())
    }

    /// The `bool` at `field`.
    #[inline(never)]
    fn flag(&self, field: &Packed) -> bool {
        self.load(&field.slot)[31 - field.offset as usize] != 0
    }

    /// Writes the `bool` `value` at `field`, keeping the rest of its slot.
    fn set_flag(&mut self, field: &Packed, value: bool) {
        self.set_bytes(field, &[value as u8])
    }

    /// Marks the contract constructed, in the slot the SDK's constructor guard uses; `false` if it
    /// already was. Routers call it before the constructor, as the SDK's router calls its guard.
    /// The SDK keeps that flag in the slot's first (leftmost) byte.
    fn mark_constructed(&mut self) -> bool {
        let mut word = self.load(&CONSTRUCTED);
        if word[0] != 0 {
            return false;
        }
        word[0] = 1;
        self.store(&CONSTRUCTED, &word);
        true
    }

    /// Writes `bytes` at `field`, keeping the rest of its slot.
    #[inline(never)]
    fn set_bytes(&mut self, field: &Packed, bytes: &[u8]) {
        let mut word = self.load(&field.slot);
        word[range(field.offset, bytes.len())].copy_from_slice(bytes);
        self.store(&field.slot, &word)
    }
}

impl<T: HostAccess<Host: StorageAccess>> Store for T {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256, FixedBytes, B256};
    use stylus_sdk::prelude::*;
    use stylus_sdk::storage::{
        StorageAddress, StorageBool, StorageMap, StorageU256, StorageU64, StorageVec,
    };
    use stylus_sdk::testing::TestVM;

    /// A layout declared with the SDK's types, which follow Solidity's rules.
    #[storage]
    struct Reference {
        total: StorageU256,
        start: StorageU64,
        end: StorageU64,
        paused: StorageBool,
        owner: StorageAddress,
        by_account: StorageMap<Address, StorageU256>,
        by_id: StorageMap<B256, StorageMap<Address, StorageBool>>,
        by_selector: StorageMap<FixedBytes<4>, StorageU64>,
        log: StorageVec<StorageU256>,
    }

    const TOTAL: Slot = Slot::at(0);
    const START: Packed = Slot::at(1).packed(0);
    const END: Packed = Slot::at(1).packed(8);
    const PAUSED: Packed = Slot::at(1).packed(16);
    const OWNER: Slot = Slot::at(2);
    const BY_ACCOUNT: Slot = Slot::at(3);
    const BY_ID: Slot = Slot::at(4);
    const BY_SELECTOR: Slot = Slot::at(5);
    const LOG: Slot = Slot::at(6);

    const ALICE: Address = address!("00000000000000000000000000000000000a11ce");
    const ID: B256 = b256!("0101010101010101010101010101010101010101010101010101010101010101");

    fn selector_word(selector: [u8; 4]) -> [u8; 32] {
        let mut word = [0; 32];
        word[..4].copy_from_slice(&selector);
        word
    }

    #[test]
    fn writes_land_where_the_sdk_reads_them() {
        let vm = TestVM::default();
        let mut ours = Reference::from(&vm);
        ours.set_u256(&TOTAL, U256::from(7));
        ours.set_u64(&START, 11);
        ours.set_u64(&END, u64::MAX - 1);
        ours.set_flag(&PAUSED, true);
        ours.set_address(&OWNER, ALICE);
        ours.set_u256(&BY_ACCOUNT.of(ALICE), U256::MAX);
        ours.set_flag(&BY_ID.entry(&ID.0).of(ALICE).packed(0), true);
        ours.set_u64(
            &BY_SELECTOR.entry(&selector_word([1, 2, 3, 4])).packed(0),
            5,
        );
        ours.set_u256(&LOG, U256::from(2));
        ours.set_u256(&LOG.array_start().plus(1), U256::from(9));

        let sdk = Reference::from(&vm);
        assert_eq!(sdk.total.get(), U256::from(7));
        assert_eq!(sdk.start.get().to::<u64>(), 11);
        assert_eq!(sdk.end.get().to::<u64>(), u64::MAX - 1);
        assert!(sdk.paused.get());
        assert_eq!(sdk.owner.get(), ALICE);
        assert_eq!(sdk.by_account.get(ALICE), U256::MAX);
        assert!(sdk.by_id.getter(ID).get(ALICE));
        assert!(!sdk.by_id.getter(ID).get(Address::ZERO));
        assert_eq!(sdk.by_selector.get(FixedBytes([1, 2, 3, 4])).to::<u64>(), 5);
        assert_eq!(sdk.log.len(), 2);
        assert_eq!(sdk.log.get(1), Some(U256::from(9)));
    }

    #[test]
    fn reads_find_what_the_sdk_wrote() {
        let vm = TestVM::default();
        let mut sdk = Reference::from(&vm);
        sdk.total.set(U256::from(3));
        sdk.start.set(alloy_primitives::U64::from(4));
        sdk.end.set(alloy_primitives::U64::from(5));
        sdk.paused.set(true);
        sdk.owner.set(ALICE);
        sdk.by_account.insert(ALICE, U256::from(6));
        sdk.by_id.setter(ID).setter(ALICE).set(true);
        sdk.log.push(U256::from(8));
        sdk.log.push(U256::from(10));

        let ours = Reference::from(&vm);
        assert_eq!(ours.u256(&TOTAL), U256::from(3));
        assert_eq!(ours.u64(&START), 4);
        assert_eq!(ours.u64(&END), 5);
        assert!(ours.flag(&PAUSED));
        assert_eq!(ours.address(&OWNER), ALICE);
        assert_eq!(ours.u256(&BY_ACCOUNT.of(ALICE)), U256::from(6));
        assert!(ours.flag(&BY_ID.entry(&ID.0).of(ALICE).packed(0)));
        assert_eq!(ours.u256(&LOG), U256::from(2));
        assert_eq!(ours.u256(&LOG.array_start().plus(1)), U256::from(10));
    }

    #[test]
    fn packed_writes_keep_their_neighbours() {
        let vm = TestVM::default();
        let mut ours = Reference::from(&vm);
        ours.set_u64(&START, u64::MAX);
        ours.set_u64(&END, u64::MAX);
        ours.set_flag(&PAUSED, true);
        ours.set_u64(&END, 1);
        ours.set_flag(&PAUSED, false);
        assert_eq!(ours.u64(&START), u64::MAX);
        assert_eq!(ours.u64(&END), 1);
        assert!(!ours.flag(&PAUSED));
    }

    #[test]
    fn mark_constructed_is_the_sdks_constructor_guard() {
        use stylus_sdk::stylus_core::host::ConstructorGuard;

        let vm = TestVM::default();
        let mut ours = Reference::from(&vm);
        assert!(ours.mark_constructed());
        assert!(!ours.mark_constructed());
        assert_eq!(Reference::from(&vm).check_constructor_slot(), Err(vec![]));

        let vm = TestVM::default();
        assert_eq!(Reference::from(&vm).check_constructor_slot(), Ok(()));
        assert!(!Reference::from(&vm).mark_constructed());
    }

    #[test]
    fn plus_carries_across_bytes() {
        let mut key = [0xff; 32];
        key[0] = 0;
        let next = Slot(key).plus(1);
        let mut expected = [0; 32];
        expected[0] = 1;
        assert_eq!(next, Slot(expected));
        assert_eq!(Slot::at(250).plus(10), {
            let mut k = [0; 32];
            k[30] = 1;
            k[31] = 4;
            Slot(k)
        });
        assert_eq!(Slot::at(3).plus(0), Slot::at(3));
    }
}
