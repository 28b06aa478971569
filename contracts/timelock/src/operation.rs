//! Operation ids and states. All timelock state lives in one map `id -> timestamp`; these pure
//! functions derive everything else from it, so the state machine is testable without a chain.

use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use alloy_sol_types::{sol_data, SolType, SolValue};

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

/// Id of a single-call operation: `keccak256(abi.encode(target, value, data, predecessor, salt))`,
/// identical to OpenZeppelin's `hashOperation`.
pub fn hash_operation(
    target: Address,
    value: U256,
    data: &Bytes,
    predecessor: B256,
    salt: B256,
) -> B256 {
    keccak256((target, value, data, predecessor, salt).abi_encode_params())
}

/// Id of a batch operation:
/// `keccak256(abi.encode(targets, values, payloads, predecessor, salt))`, identical to
/// OpenZeppelin's `hashOperationBatch`.
pub fn hash_operation_batch(
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
        targets,
        values,
        payloads,
        predecessor,
        salt,
    )))
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
    use alloc::vec::Vec;
    use alloy_primitives::{address, b256, bytes};

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
        let batch = hash_operation_batch(
            &vec![target],
            &vec![U256::ZERO],
            &vec![data],
            B256::ZERO,
            B256::ZERO,
        );
        assert_ne!(single, batch);
    }

    #[test]
    fn selector_of_pads_short_calldata_with_zeros() {
        assert_eq!(selector_of(&[0xab, 0xcd]), [0xab, 0xcd, 0, 0]);
        assert_eq!(selector_of(&[1, 2, 3, 4, 5]), [1, 2, 3, 4]);
    }
}
