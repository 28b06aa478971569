//! Operation ids and states. All timelock state lives in one map `id -> timestamp`; these pure
//! functions derive everything else from it, so the state machine is testable without a chain.

use alloc::vec::Vec;

use alloy_primitives::{keccak256, Address, B256, U256};

use crate::words::{addr, uint, usize_word};

/// Seconds in a day.
const DAY: u64 = 86_400;

/// Time an operation stays executable after it becomes ready, in seconds (14 days). After that it
/// is Expired and can never run (Compound's grace period).
pub const GRACE_PERIOD: u64 = 14 * DAY;

/// Smallest emergency delay, in seconds (1 hour).
pub const MIN_EMERGENCY_DELAY: u64 = 3_600;

/// Largest delay any operation or setting may use, in seconds (365 days). It bounds
/// `now + delay`, and guards against locking governance out with a mistyped delay.
pub const MAX_DELAY: u64 = 365 * DAY;

/// Timestamp value that marks an executed operation. Block timestamps on Arbitrum are far above
/// 1, so `now + delay` can never collide with this sentinel or with 0 (Unset).
pub const DONE_TIMESTAMP: U256 = U256::from_limbs([1, 0, 0, 0]);

/// The state of an operation, derived from its timestamp and the current time.
///
/// The numbering of Unset, Waiting, Ready and Done follows OpenZeppelin's `OperationState`;
/// Expired, which OpenZeppelin lacks, is 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum OperationState {
    /// Never scheduled, or cancelled.
    Unset = 0,
    /// Scheduled, its time has not come.
    Waiting = 1,
    /// Executable now.
    Ready = 2,
    /// Executed.
    Done = 3,
    /// Ready for longer than `GRACE_PERIOD` without being executed: can never run.
    Expired = 4,
}

impl OperationState {
    /// The state of an operation whose stored timestamp is `timestamp`, at time `now`.
    pub fn at(timestamp: U256, now: u64) -> Self {
        if timestamp.is_zero() {
            Self::Unset
        } else if timestamp == DONE_TIMESTAMP {
            Self::Done
        } else {
            let now = U256::from(now);
            if now < timestamp {
                Self::Waiting
            } else if now < timestamp.saturating_add(U256::from(GRACE_PERIOD)) {
                Self::Ready
            } else {
                Self::Expired
            }
        }
    }

    /// OpenZeppelin's state bitmap: bit `1 << state` set, as `bytes32`.
    pub fn bit(self) -> B256 {
        B256::from(U256::from(1u8) << (self as u8))
    }

    /// Bitmap of several states, for `TimelockUnexpectedOperationState`.
    pub fn bits(states: &[Self]) -> B256 {
        let mut bits = U256::ZERO;
        for state in states {
            bits |= U256::from(1u8) << (*state as u8);
        }
        B256::from(bits)
    }
}

/// Appends `data` as an ABI `bytes` tail: its length word, then the bytes right-padded to a
/// multiple of 32.
fn push_bytes(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(&usize_word(data.len()));
    out.extend_from_slice(data);
    out.resize(out.len() + (32 - data.len() % 32) % 32, 0);
}

fn push_word(out: &mut Vec<u8>, word: [u8; 32]) {
    out.extend_from_slice(&word);
}

/// Id of a single-call operation: `keccak256(abi.encode(target, value, data, predecessor, salt))`,
/// identical to OpenZeppelin's `hashOperation`. Encoded by hand (it is on every schedule and
/// execute path) to keep the WASM small; tests check it against alloy's encoder.
pub fn hash_operation(
    target: Address,
    value: U256,
    data: &[u8],
    predecessor: B256,
    salt: B256,
) -> B256 {
    let mut enc = Vec::with_capacity(7 * 32 + data.len());
    push_word(&mut enc, addr(target));
    push_word(&mut enc, uint(value));
    push_word(&mut enc, usize_word(5 * 32)); // offset of `data`: after the five head words
    push_word(&mut enc, predecessor.0);
    push_word(&mut enc, salt.0);
    push_bytes(&mut enc, data);
    keccak256(&enc)
}

/// Id of a batch operation:
/// `keccak256(abi.encode(targets, values, payloads, predecessor, salt))`, identical to
/// OpenZeppelin's `hashOperationBatch`. Encoded by hand; tests check it against alloy's encoder.
pub fn hash_operation_batch<P: AsRef<[u8]>>(
    targets: &[Address],
    values: &[U256],
    payloads: &[P],
    predecessor: B256,
    salt: B256,
) -> B256 {
    // Head (5 words), two arrays of one-word elements, then the `bytes[]`: its length, one
    // offset and one length word per element, and the padded bytes.
    let payload_bytes: usize = payloads
        .iter()
        .map(|p| p.as_ref().len().div_ceil(32) * 32)
        .sum();
    let words = 8 + targets.len() + values.len() + 2 * payloads.len();
    let mut enc = Vec::with_capacity(32 * words + payload_bytes);
    // Head: three offsets, then the two static words.
    let targets_at = 5 * 32;
    let values_at = targets_at + 32 * (1 + targets.len());
    let payloads_at = values_at + 32 * (1 + values.len());
    push_word(&mut enc, usize_word(targets_at));
    push_word(&mut enc, usize_word(values_at));
    push_word(&mut enc, usize_word(payloads_at));
    push_word(&mut enc, predecessor.0);
    push_word(&mut enc, salt.0);
    push_word(&mut enc, usize_word(targets.len()));
    for t in targets {
        push_word(&mut enc, addr(*t));
    }
    push_word(&mut enc, usize_word(values.len()));
    for v in values {
        push_word(&mut enc, uint(*v));
    }
    // `bytes[]`: length, one offset per element (from the start of the offsets), then elements.
    push_word(&mut enc, usize_word(payloads.len()));
    let mut offset = 32 * payloads.len();
    for p in payloads {
        push_word(&mut enc, usize_word(offset));
        offset += 32 + p.as_ref().len().div_ceil(32) * 32;
    }
    for p in payloads {
        push_bytes(&mut enc, p.as_ref());
    }
    keccak256(&enc)
}

/// The 4-byte selector at the start of `data`, zero-padded when `data` is shorter.
pub fn selector_of(data: &[u8]) -> [u8; 4] {
    let mut selector = [0u8; 4];
    let n = data.len().min(4);
    selector[..n].copy_from_slice(&data[..n]);
    selector
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256, bytes, Bytes};
    use alloy_sol_types::{sol_data, SolType, SolValue};
    use proptest::prelude::*;

    #[test]
    fn state_is_unset_for_zero_and_done_for_the_sentinel() {
        assert_eq!(OperationState::at(U256::ZERO, 1_000), OperationState::Unset);
        assert_eq!(
            OperationState::at(DONE_TIMESTAMP, 1_000),
            OperationState::Done
        );
    }

    #[test]
    fn state_moves_from_waiting_to_ready_to_expired_at_the_exact_boundaries() {
        let ts = U256::from(10_000u64);
        assert_eq!(OperationState::at(ts, 9_999), OperationState::Waiting);
        assert_eq!(OperationState::at(ts, 10_000), OperationState::Ready);
        assert_eq!(
            OperationState::at(ts, 10_000 + GRACE_PERIOD - 1),
            OperationState::Ready
        );
        assert_eq!(
            OperationState::at(ts, 10_000 + GRACE_PERIOD),
            OperationState::Expired
        );
    }

    #[test]
    fn state_bits_follow_openzeppelin_encoding() {
        assert_eq!(OperationState::Unset.bit(), B256::with_last_byte(1));
        assert_eq!(OperationState::Ready.bit(), B256::with_last_byte(4));
        assert_eq!(
            OperationState::bits(&[OperationState::Waiting, OperationState::Ready]),
            B256::with_last_byte(6)
        );
    }

    #[test]
    fn hash_operation_matches_abi_encode_of_the_five_fields() {
        // Reference: the encoding written out by hand (head/tail layout of abi.encode).
        let target = address!("00000000000000000000000000000000000000aa");
        let value = U256::from(5u8);
        let data = bytes!("12345678");
        let predecessor = b256!("00000000000000000000000000000000000000000000000000000000000000bb");
        let salt = b256!("00000000000000000000000000000000000000000000000000000000000000cc");
        let mut enc = Vec::new();
        enc.extend_from_slice(&B256::left_padding_from(target.as_slice()).0);
        enc.extend_from_slice(&B256::from(value).0);
        enc.extend_from_slice(&B256::from(U256::from(5 * 32u64)).0); // offset of `data`
        enc.extend_from_slice(&predecessor.0);
        enc.extend_from_slice(&salt.0);
        enc.extend_from_slice(&B256::from(U256::from(4u8)).0); // length of `data`
        enc.extend_from_slice(&B256::right_padding_from(&data).0);
        assert_eq!(
            hash_operation(target, value, &data, predecessor, salt),
            keccak256(&enc)
        );
    }

    #[test]
    fn batch_hash_differs_from_single_hash_of_the_same_call() {
        let target = address!("00000000000000000000000000000000000000aa");
        let data = bytes!("12345678");
        let single = hash_operation(target, U256::ZERO, &data, B256::ZERO, B256::ZERO);
        let batch = hash_operation_batch(&[target], &[U256::ZERO], &[data], B256::ZERO, B256::ZERO);
        assert_ne!(single, batch);
    }

    #[test]
    fn selector_of_pads_short_calldata_with_zeros() {
        assert_eq!(selector_of(&[0xab, 0xcd]), [0xab, 0xcd, 0, 0]);
        assert_eq!(selector_of(&[1, 2, 3, 4, 5]), [1, 2, 3, 4]);
    }

    fn reference_batch_hash(
        targets: &[Address],
        values: &[U256],
        payloads: &[Bytes],
        predecessor: B256,
        salt: B256,
    ) -> B256 {
        type Batch = (
            sol_data::Array<sol_data::Address>,
            sol_data::Array<sol_data::Uint<256>>,
            sol_data::Array<sol_data::Bytes>,
            sol_data::FixedBytes<32>,
            sol_data::FixedBytes<32>,
        );
        keccak256(Batch::abi_encode_params(&(
            targets.to_vec(),
            values.to_vec(),
            payloads.to_vec(),
            predecessor,
            salt,
        )))
    }

    proptest! {
        #[test]
        fn hand_encoded_single_hash_matches_alloys_encoder(
            target in any::<[u8; 20]>(), value in any::<[u64; 4]>(),
            data in prop::collection::vec(any::<u8>(), 0..100),
            predecessor in any::<[u8; 32]>(), salt in any::<[u8; 32]>()
        ) {
            let (target, value, data) = (Address::from(target), U256::from_limbs(value), Bytes::from(data));
            let (predecessor, salt) = (B256::from(predecessor), B256::from(salt));
            let reference = keccak256((target, value, data.clone(), predecessor, salt).abi_encode_params());
            prop_assert_eq!(hash_operation(target, value, &data, predecessor, salt), reference);
        }

        #[test]
        fn hand_encoded_batch_hash_matches_alloys_encoder(
            calls in prop::collection::vec(
                (any::<[u8; 20]>(), any::<u64>(), prop::collection::vec(any::<u8>(), 0..70)), 0..5),
            extra_value in prop::option::of(any::<u64>()),
            predecessor in any::<[u8; 32]>(), salt in any::<[u8; 32]>()
        ) {
            let targets: Vec<Address> = calls.iter().map(|c| Address::from(c.0)).collect();
            let mut values: Vec<U256> = calls.iter().map(|c| U256::from(c.1)).collect();
            // Lengths may differ: the hash is defined for any arrays.
            values.extend(extra_value.map(U256::from));
            let payloads: Vec<Bytes> = calls.iter().map(|c| Bytes::from(c.2.clone())).collect();
            let (predecessor, salt) = (B256::from(predecessor), B256::from(salt));
            prop_assert_eq!(
                hash_operation_batch(&targets, &values, &payloads, predecessor, salt),
                reference_batch_hash(&targets, &values, &payloads, predecessor, salt)
            );
        }
    }
}
