//! The chain's world state: accounts, code, storage and recent block hashes.
//!
//! [`State`] is a plain value: `Clone` gives a snapshot, serde gives dump/load. Its maps are
//! persistent (structure-sharing) B-trees, so a clone costs O(1) and a change copies only the
//! path to what changed: the node keeps the state of every recent block, opens a block on a copy
//! and snapshots for `evm_snapshot` without copying the world. Stylus activations live in the
//! storage of the ArbWasm precompile account (see [`crate::activation`]), so they are journaled,
//! snapshotted and dumped with everything else.

use alloy_primitives::{Address, Bytes, B256, U256};
use imbl::OrdMap;
use revm::{bytecode::Bytecode, state::EvmState};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{activation::ActivationRecord, addresses};

/// How many recent block hashes `BLOCKHASH` can see.
const BLOCK_HASH_WINDOW: u64 = 256;

/// Deployed code as revm runs it: analysed (jump table) and hashed once, when it is deployed or
/// loaded, not on every access. Cheap to clone; serialises as its bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Code(Bytecode);

impl Code {
    /// Analyses `bytes` (empty bytes are no code).
    pub fn new(bytes: Bytes) -> Self {
        Self(Bytecode::new_legacy(bytes))
    }

    /// The code as deployed.
    pub fn bytes(&self) -> Bytes {
        self.0.original_bytes()
    }

    /// The code as deployed, borrowed.
    pub fn as_slice(&self) -> &[u8] {
        self.0.original_byte_slice()
    }

    /// keccak256 of the code, or the empty-code hash (computed once).
    pub fn hash(&self) -> B256 {
        self.0.hash_slow()
    }

    /// Whether there is no code.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// revm's analysed form.
    pub(crate) fn bytecode(&self) -> &Bytecode {
        &self.0
    }
}

impl From<Bytecode> for Code {
    fn from(bytecode: Bytecode) -> Self {
        Self(bytecode)
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.bytes().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Bytes::deserialize(deserializer).map(Self::new)
    }
}

/// One account of the world state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Balance, in wei.
    pub balance: U256,
    /// Transaction count (EOA) or creation count (contract).
    pub nonce: u64,
    /// Deployed code (EVM bytecode or a Stylus program with its `EF F0 00` prefix).
    #[serde(default, skip_serializing_if = "Code::is_empty")]
    pub code: Code,
    /// Non-zero storage slots.
    #[serde(default, skip_serializing_if = "OrdMap::is_empty")]
    pub storage: OrdMap<U256, U256>,
}

impl Account {
    /// keccak256 of the code, or the empty-code hash.
    pub fn code_hash(&self) -> B256 {
        self.code.hash()
    }

    /// EIP-161 emptiness: no code, zero nonce, zero balance.
    pub fn is_empty(&self) -> bool {
        self.code.is_empty() && self.nonce == 0 && self.balance.is_zero()
    }
}

/// The world state of the devnode chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    accounts: OrdMap<Address, Account>,
    #[serde(default)]
    block_hashes: OrdMap<u64, B256>,
}

impl Default for State {
    fn default() -> Self {
        Self::new()
    }
}

impl State {
    /// A genesis state: no funded accounts, the Arbitrum precompiles and StylusDeployer present
    /// with Nitro's `0xFE` placeholder code (so `eth_getCode` is non-empty and EIP-161 never
    /// deletes them).
    pub fn new() -> Self {
        let mut accounts = OrdMap::new();
        for address in addresses::SYSTEM_ACCOUNTS {
            accounts.insert(
                address,
                Account {
                    code: Code::new(Bytes::from_static(&[0xFE])),
                    ..Account::default()
                },
            );
        }
        Self {
            accounts,
            block_hashes: OrdMap::new(),
        }
    }

    /// The account at `address`, if it exists.
    pub fn account(&self, address: &Address) -> Option<&Account> {
        self.accounts.get(address)
    }

    /// All existing accounts, ordered by address.
    pub fn accounts(&self) -> impl Iterator<Item = (&Address, &Account)> {
        self.accounts.iter()
    }

    /// Balance of `address` (zero if it does not exist).
    pub fn balance(&self, address: &Address) -> U256 {
        self.accounts.get(address).map_or(U256::ZERO, |a| a.balance)
    }

    /// Nonce of `address` (zero if it does not exist).
    pub fn nonce(&self, address: &Address) -> u64 {
        self.accounts.get(address).map_or(0, |a| a.nonce)
    }

    /// Code of `address` (empty if none).
    pub fn code(&self, address: &Address) -> Bytes {
        self.accounts
            .get(address)
            .map(|a| a.code.bytes())
            .unwrap_or_default()
    }

    /// Storage slot `slot` of `address` (zero if unset).
    pub fn storage(&self, address: &Address, slot: U256) -> U256 {
        self.accounts
            .get(address)
            .and_then(|a| a.storage.get(&slot).copied())
            .unwrap_or_default()
    }

    /// Sets the balance of `address`, creating the account if needed.
    pub fn set_balance(&mut self, address: Address, balance: U256) {
        self.accounts.entry(address).or_default().balance = balance;
    }

    /// Sets the nonce of `address`, creating the account if needed.
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        self.accounts.entry(address).or_default().nonce = nonce;
    }

    /// Replaces the code of `address` (anvil_setCode), creating the account if needed.
    pub fn set_code(&mut self, address: Address, code: Bytes) {
        self.accounts.entry(address).or_default().code = Code::new(code);
    }

    /// Sets one storage slot of `address` (zero deletes it).
    pub fn set_storage(&mut self, address: Address, slot: U256, value: U256) {
        let account = self.accounts.entry(address).or_default();
        if value.is_zero() {
            account.storage.remove(&slot);
        } else {
            account.storage.insert(slot, value);
        }
    }

    /// Records the hash of block `number` so `BLOCKHASH` can return it; only the last 256 are
    /// kept.
    pub fn record_block_hash(&mut self, number: u64, hash: B256) {
        self.block_hashes.insert(number, hash);
        let cutoff = number.saturating_sub(BLOCK_HASH_WINDOW);
        while let Some(oldest) = self.block_hashes.get_min().map(|(n, _)| *n) {
            if oldest >= cutoff {
                break;
            }
            self.block_hashes.remove(&oldest);
        }
    }

    /// The recorded hash of block `number`, if it is among the last 256.
    pub fn block_hash(&self, number: u64) -> Option<B256> {
        self.block_hashes.get(&number).copied()
    }

    /// The Stylus activation recorded for `codehash`, if any.
    pub fn activation(&self, codehash: &B256) -> Option<ActivationRecord> {
        let word = |slot| self.storage(&addresses::ARB_WASM, slot);
        ActivationRecord::from_words(
            word(ActivationRecord::info_slot(codehash)),
            word(ActivationRecord::module_hash_slot(codehash)),
        )
    }

    /// Code of any account whose code hashes to `hash` (used when revm asks by hash only).
    pub(crate) fn code_by_hash(&self, hash: B256) -> Code {
        if hash == revm::primitives::KECCAK_EMPTY {
            return Code::default();
        }
        self.accounts
            .values()
            .find(|a| !a.code.is_empty() && a.code_hash() == hash)
            .map(|a| a.code.clone())
            .unwrap_or_default()
    }

    /// Applies the changes a finished transaction left in revm's journal.
    pub(crate) fn commit(&mut self, changes: EvmState) {
        for (address, account) in changes {
            if !account.is_touched() {
                continue;
            }
            if account.is_selfdestructed() {
                self.accounts.remove(&address);
                continue;
            }
            let entry = self.accounts.entry(address).or_default();
            if account.is_created() {
                // A (re)created account starts with empty storage.
                entry.storage.clear();
            }
            entry.balance = account.info.balance;
            entry.nonce = account.info.nonce;
            if account.info.code_hash != entry.code_hash() {
                entry.code = account
                    .info
                    .code
                    .clone()
                    .map(Code::from)
                    .unwrap_or_default();
            }
            for (slot, value) in account.changed_storage_slots() {
                if value.present_value.is_zero() {
                    entry.storage.remove(slot);
                } else {
                    entry.storage.insert(*slot, value.present_value);
                }
            }
            // EIP-161: touched empty accounts are removed.
            if entry.is_empty() && entry.storage.is_empty() {
                self.accounts.remove(&address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_hash_window_keeps_only_recent_hashes() {
        let mut state = State::new();
        for n in 0..300u64 {
            state.record_block_hash(n, B256::with_last_byte((n % 250) as u8));
        }
        assert_eq!(state.block_hash(10), None);
        assert_eq!(state.block_hash(299), Some(B256::with_last_byte(49)));
        assert_eq!(state.block_hash(43), Some(B256::with_last_byte(43)));
    }

    #[test]
    fn state_round_trips_through_json() {
        let mut state = State::new();
        let a = Address::with_last_byte(7);
        state.set_balance(a, U256::from(5));
        state.set_storage(a, U256::from(1), U256::from(9));
        state.set_code(a, Bytes::from_static(&[0x60, 0x00]));
        let json = serde_json::to_string(&state).expect("state serializes");
        let back: State = serde_json::from_str(&json).expect("state deserializes");
        assert_eq!(back, state);
    }

    #[test]
    fn a_clone_is_a_snapshot_changes_do_not_reach_the_other() {
        let mut state = State::new();
        let a = Address::with_last_byte(3);
        state.set_storage(a, U256::from(1), U256::from(1));
        state.set_code(a, Bytes::from_static(&[0x60, 0x01]));
        let snapshot = state.clone();
        state.set_storage(a, U256::from(1), U256::from(2));
        state.set_storage(a, U256::from(2), U256::from(3));
        state.set_balance(a, U256::from(4));
        assert_eq!(snapshot.storage(&a, U256::from(1)), U256::from(1));
        assert_eq!(snapshot.storage(&a, U256::from(2)), U256::ZERO);
        assert_eq!(snapshot.balance(&a), U256::ZERO);
        assert_eq!(state.storage(&a, U256::from(1)), U256::from(2));
        // Code is analysed once and its hash kept with it.
        let account = snapshot.account(&a).expect("exists");
        assert_eq!(
            account.code_hash(),
            alloy_primitives::keccak256([0x60, 0x01])
        );
        assert_eq!(snapshot.code(&a).as_ref(), &[0x60, 0x01]);
    }

    #[test]
    fn zero_storage_write_deletes_the_slot() {
        let mut state = State::new();
        let a = Address::with_last_byte(1);
        state.set_storage(a, U256::from(1), U256::from(2));
        state.set_storage(a, U256::from(1), U256::ZERO);
        assert!(state.account(&a).expect("created").storage.is_empty());
    }
}
