//! Hand-written ABI decoding of the timelock's entry points that take dynamic arguments
//! (`bytes`, `address[]`, `uint256[]`, `bytes[]`).
//!
//! Why: the SDK's router decodes every entry point with alloy's generic decoder, instantiated per
//! argument tuple; for these seven entry points that alone was about 28 KB of WASM, which pushed
//! the timelock over Arbitrum's 24 KB code limit. In the WASM build these selectors therefore
//! reach the contract's `#[fallback]`, which decodes them here and calls the same functions the
//! typed entry points call (the ABI export build keeps the typed entry points, so the interface
//! is unchanged: same selectors, same encoding). The decoder is strict like alloy's validating
//! decoder: addresses must be zero-padded, offsets and lengths must lie inside the calldata;
//! anything else is refused (the call reverts with empty data, as the SDK does on a decoding
//! failure). Tests check it against alloy's encoder.

use alloc::vec::Vec;
use core::ops::Deref;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolCall};
use backstop_common::abi;

sol! {
    function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay);
    function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay);
    function scheduleEmergency(address target, uint256 value, bytes data, bytes32 salt);
    function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt);
    function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt);
    function hashOperation(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt);
    function hashOperationBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt);
}

/// The three arrays of a batch operation; the payloads are borrowed from the calldata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch<'a> {
    /// Targets of the calls.
    pub targets: Vec<Address>,
    /// Values of the calls.
    pub values: Vec<U256>,
    /// Calldata of the calls.
    pub payloads: Vec<&'a [u8]>,
}

/// A decoded call to one of the dynamic entry points (`bytes` borrowed from the calldata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DynamicCall<'a> {
    /// `schedule(target, value, data, predecessor, salt, delay)`
    Schedule(Address, U256, &'a [u8], B256, B256, U256),
    /// `scheduleBatch(targets, values, payloads, predecessor, salt, delay)`
    ScheduleBatch(Batch<'a>, B256, B256, U256),
    /// `scheduleEmergency(target, value, data, salt)`
    ScheduleEmergency(Address, U256, &'a [u8], B256),
    /// `execute(target, value, payload, predecessor, salt)`
    Execute(Address, U256, &'a [u8], B256, B256),
    /// `executeBatch(targets, values, payloads, predecessor, salt)`
    ExecuteBatch(Batch<'a>, B256, B256),
    /// `hashOperation(target, value, data, predecessor, salt)`
    HashOperation(Address, U256, &'a [u8], B256, B256),
    /// `hashOperationBatch(targets, values, payloads, predecessor, salt)`
    HashOperationBatch(Batch<'a>, B256, B256),
}

/// The arguments of a call (calldata without its selector). The one-word arguments are read by
/// [`abi::Args`] (reached through `Deref`: `uint`, `b256`, `address`, `bytes`, `list`, ...);
/// this wrapper adds the three arrays of a batch.
#[derive(Clone, Copy)]
pub(crate) struct Args<'a>(abi::Args<'a>);

impl<'a> Deref for Args<'a> {
    type Target = abi::Args<'a>;

    fn deref(&self) -> &abi::Args<'a> {
        &self.0
    }
}

impl<'a> Args<'a> {
    #[inline(never)]
    pub(crate) fn batch(&self) -> Option<Batch<'a>> {
        let targets = self.list(0, abi::as_address)?;
        let values = self.list(1, abi::as_uint)?;
        // `bytes[]`: one offset per element, relative to the first offset word.
        let (p_at, p_len) = self.array(2)?;
        let payloads = (0..p_len)
            .map(|k| {
                let rel = self.size_at(p_at + 32 * k)?;
                self.bytes_at(p_at.checked_add(rel)?)
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Batch {
            targets,
            values,
            payloads,
        })
    }
}

/// Splits calldata into its selector and its arguments; `None` if shorter than a selector.
pub(crate) fn split(calldata: &[u8]) -> Option<([u8; 4], Args<'_>)> {
    abi::split(calldata).map(|(selector, args)| (selector, Args(args)))
}

/// Whether the entry point with `selector` accepts call value (`execute` and `executeBatch`).
pub(crate) fn is_payable(selector: [u8; 4]) -> bool {
    selector == executeCall::SELECTOR || selector == executeBatchCall::SELECTOR
}

/// Decodes full calldata (selector included) of one of the dynamic entry points; `None` for
/// another selector or malformed arguments. (The fallback reads the same [`Args`] directly,
/// without building this value; this form is for tests and off-chain callers.)
pub fn decode(calldata: &[u8]) -> Option<DynamicCall<'_>> {
    let (selector, a) = split(calldata)?;
    Some(match selector {
        scheduleCall::SELECTOR => DynamicCall::Schedule(
            a.address(0)?,
            a.uint(1)?,
            a.bytes(2)?,
            a.b256(3)?,
            a.b256(4)?,
            a.uint(5)?,
        ),
        scheduleBatchCall::SELECTOR => {
            DynamicCall::ScheduleBatch(a.batch()?, a.b256(3)?, a.b256(4)?, a.uint(5)?)
        }
        scheduleEmergencyCall::SELECTOR => {
            DynamicCall::ScheduleEmergency(a.address(0)?, a.uint(1)?, a.bytes(2)?, a.b256(3)?)
        }
        executeCall::SELECTOR => DynamicCall::Execute(
            a.address(0)?,
            a.uint(1)?,
            a.bytes(2)?,
            a.b256(3)?,
            a.b256(4)?,
        ),
        executeBatchCall::SELECTOR => DynamicCall::ExecuteBatch(a.batch()?, a.b256(3)?, a.b256(4)?),
        hashOperationCall::SELECTOR => DynamicCall::HashOperation(
            a.address(0)?,
            a.uint(1)?,
            a.bytes(2)?,
            a.b256(3)?,
            a.b256(4)?,
        ),
        hashOperationBatchCall::SELECTOR => {
            DynamicCall::HashOperationBatch(a.batch()?, a.b256(3)?, a.b256(4)?)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::Bytes;
    use proptest::prelude::*;

    /// A batch's arrays as alloy's encoder takes them.
    type Arrays = (Vec<Address>, Vec<U256>, Vec<Bytes>);

    fn batch_strategy() -> impl Strategy<Value = Arrays> {
        (
            prop::collection::vec(any::<[u8; 20]>(), 0..4),
            prop::collection::vec(any::<[u64; 4]>(), 0..4),
            prop::collection::vec(prop::collection::vec(any::<u8>(), 0..70), 0..4),
        )
            .prop_map(|(t, v, p)| {
                (
                    t.into_iter().map(Address::from).collect(),
                    v.into_iter().map(U256::from_limbs).collect(),
                    p.into_iter().map(Bytes::from).collect(),
                )
            })
    }

    /// The [`Batch`] that decoding `arrays` must give.
    fn expected((targets, values, payloads): &Arrays) -> Batch<'_> {
        Batch {
            targets: targets.clone(),
            values: values.clone(),
            payloads: payloads.iter().map(|p| &p[..]).collect(),
        }
    }

    proptest! {
        #[test]
        fn single_call_entry_points_decode_what_alloy_encodes(
            target in any::<[u8; 20]>(), value in any::<[u64; 4]>(),
            data in prop::collection::vec(any::<u8>(), 0..100),
            pred in any::<[u8; 32]>(), salt in any::<[u8; 32]>(), delay in any::<[u64; 4]>()
        ) {
            let (target, value, data) = (Address::from(target), U256::from_limbs(value), Bytes::from(data));
            let (pred, salt, delay) = (B256::from(pred), B256::from(salt), U256::from_limbs(delay));
            let enc = scheduleCall { target, value, data: data.clone(), predecessor: pred, salt, delay }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::Schedule(target, value, &data[..], pred, salt, delay)));
            let enc = executeCall { target, value, payload: data.clone(), predecessor: pred, salt }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::Execute(target, value, &data[..], pred, salt)));
            let enc = hashOperationCall { target, value, data: data.clone(), predecessor: pred, salt }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::HashOperation(target, value, &data[..], pred, salt)));
            let enc = scheduleEmergencyCall { target, value, data: data.clone(), salt }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::ScheduleEmergency(target, value, &data[..], salt)));
        }

        #[test]
        fn batch_entry_points_decode_what_alloy_encodes(
            batch in batch_strategy(), pred in any::<[u8; 32]>(), salt in any::<[u8; 32]>(), delay in any::<u64>()
        ) {
            let (pred, salt, delay) = (B256::from(pred), B256::from(salt), U256::from(delay));
            let (targets, values, payloads) = batch.clone();
            let enc = scheduleBatchCall { targets: targets.clone(), values: values.clone(), payloads: payloads.clone(), predecessor: pred, salt, delay }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::ScheduleBatch(expected(&batch), pred, salt, delay)));
            let enc = executeBatchCall { targets: targets.clone(), values: values.clone(), payloads: payloads.clone(), predecessor: pred, salt }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::ExecuteBatch(expected(&batch), pred, salt)));
            let enc = hashOperationBatchCall { targets, values, payloads, predecessor: pred, salt }.abi_encode();
            prop_assert_eq!(decode(&enc), Some(DynamicCall::HashOperationBatch(expected(&batch), pred, salt)));
        }

        #[test]
        fn truncated_calldata_never_panics_and_never_decodes_to_something_else(
            batch in batch_strategy(), cut in 1usize..400
        ) {
            // Like Solidity's decoder, the trailing zero padding of a `bytes` may be missing;
            // anything that still decodes must decode to the original call.
            let (targets, values, payloads) = batch.clone();
            let enc = executeBatchCall { targets, values, payloads, predecessor: B256::ZERO, salt: B256::ZERO }.abi_encode();
            let cut = cut.min(enc.len() - 4);
            if let Some(decoded) = decode(&enc[..enc.len() - cut]) {
                prop_assert_eq!(decoded, DynamicCall::ExecuteBatch(expected(&batch), B256::ZERO, B256::ZERO));
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), sel in 0usize..7) {
            let selectors = [scheduleCall::SELECTOR, scheduleBatchCall::SELECTOR, scheduleEmergencyCall::SELECTOR,
                executeCall::SELECTOR, executeBatchCall::SELECTOR, hashOperationCall::SELECTOR, hashOperationBatchCall::SELECTOR];
            let mut data = selectors[sel].to_vec();
            data.extend(bytes);
            let _ = decode(&data);
        }
    }

    #[test]
    fn a_dirty_address_word_is_refused() {
        let mut enc = executeCall {
            target: Address::ZERO,
            value: U256::ZERO,
            payload: Bytes::new(),
            predecessor: B256::ZERO,
            salt: B256::ZERO,
        }
        .abi_encode();
        enc[4] = 1;
        assert_eq!(decode(&enc), None);
    }

    #[test]
    fn an_offset_beyond_the_calldata_is_refused() {
        let mut enc = executeCall {
            target: Address::ZERO,
            value: U256::ZERO,
            payload: Bytes::new(),
            predecessor: B256::ZERO,
            salt: B256::ZERO,
        }
        .abi_encode();
        enc[4 + 64 + 31] = 0xff;
        assert_eq!(decode(&enc), None);
    }

    #[test]
    fn other_selectors_are_not_dynamic_calls() {
        assert_eq!(decode(&[0, 0, 0, 0]), None);
        assert_eq!(decode(&[1, 2]), None);
    }
}
