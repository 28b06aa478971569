//! How a Stylus activation is recorded in the state.
//!
//! Nitro keeps programs in ArbOS storage; the devnode keeps them in two storage slots of the
//! ArbWasm account per codehash, so activations are journaled (a reverted activation leaves no
//! trace) and travel with snapshots and state dumps.

use alloy_primitives::{keccak256, B256, U256};
use serde::{Deserialize, Serialize};

/// One activated program, keyed by the codehash of its deployed (prefixed) code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationRecord {
    /// Stylus version the program was activated at.
    pub version: u16,
    /// Gas charged on each call to initialise the program when it is not cached.
    pub init_cost: u16,
    /// Gas charged on each call to initialise the program when it is cached.
    pub cached_init_cost: u16,
    /// Memory footprint in 64 KiB pages (the initial memory size of the module).
    pub footprint: u16,
    /// Nitro's estimate of the compiled program's size, in bytes.
    pub asm_estimate: u32,
    /// Block timestamp of the activation, in seconds.
    pub activated_at: u64,
    /// keccak256 of the instrumented module (Nitro's module hash).
    pub module_hash: B256,
}

impl ActivationRecord {
    /// Storage slot (in the ArbWasm account) holding the packed record of `codehash`.
    pub(crate) fn info_slot(codehash: &B256) -> U256 {
        U256::from_be_bytes(keccak256([codehash.as_slice(), b"stylus.program"].concat()).0)
    }

    /// Storage slot (in the ArbWasm account) holding the module hash of `codehash`.
    pub(crate) fn module_hash_slot(codehash: &B256) -> U256 {
        U256::from_be_bytes(keccak256([codehash.as_slice(), b"stylus.module"].concat()).0)
    }

    /// Packs every field but the module hash into one non-zero word.
    pub(crate) fn info_word(&self) -> U256 {
        let mut word = [0u8; 32];
        word[0] = 1; // presence marker: a record never packs to zero
        word[1..3].copy_from_slice(&self.version.to_be_bytes());
        word[3..5].copy_from_slice(&self.init_cost.to_be_bytes());
        word[5..7].copy_from_slice(&self.cached_init_cost.to_be_bytes());
        word[7..9].copy_from_slice(&self.footprint.to_be_bytes());
        word[9..13].copy_from_slice(&self.asm_estimate.to_be_bytes());
        word[13..21].copy_from_slice(&self.activated_at.to_be_bytes());
        U256::from_be_bytes(word)
    }

    /// Decodes a record from its two storage words; `None` when never activated.
    pub(crate) fn from_words(info: U256, module_hash: U256) -> Option<Self> {
        if info.is_zero() {
            return None;
        }
        let w: [u8; 32] = info.to_be_bytes();
        let u16_at = |i: usize| u16::from_be_bytes([w[i], w[i + 1]]);
        let mut u32b = [0u8; 4];
        u32b.copy_from_slice(&w[9..13]);
        let mut u64b = [0u8; 8];
        u64b.copy_from_slice(&w[13..21]);
        Some(Self {
            version: u16_at(1),
            init_cost: u16_at(3),
            cached_init_cost: u16_at(5),
            footprint: u16_at(7),
            asm_estimate: u32::from_be_bytes(u32b),
            activated_at: u64::from_be_bytes(u64b),
            module_hash: B256::from(module_hash.to_be_bytes()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_round_trips_through_storage_words() {
        let record = ActivationRecord {
            version: 2,
            init_cost: 1234,
            cached_init_cost: 56,
            footprint: 3,
            asm_estimate: 70_000,
            activated_at: 1_700_000_000,
            module_hash: B256::repeat_byte(0xab),
        };
        let module = U256::from_be_bytes(record.module_hash.0);
        assert_eq!(
            ActivationRecord::from_words(record.info_word(), module),
            Some(record)
        );
    }

    #[test]
    fn zero_word_means_not_activated() {
        assert_eq!(ActivationRecord::from_words(U256::ZERO, U256::ZERO), None);
    }
}
