//! Typed errors of the GovernanceTimelock. Every revert carries the values that explain it.

use alloc::vec::Vec;

use alloy_primitives::B256;
use alloy_sol_types::{sol, SolError};

use crate::words::{addr, bytes4, uint};
#[cfg(feature = "export-abi")]
use stylus_sdk::prelude::*;

sol! {
    /// A batch whose `targets`, `payloads` and `values` have different lengths.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockInvalidOperationLength(uint256 targets, uint256 payloads, uint256 values);
    /// `delay` is below the minimum the operation needs.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockInsufficientDelay(uint256 delay, uint256 minDelay);
    /// `delay` is above `MAX_DELAY` (a guard against locking governance out by mistake).
    #[derive(Debug, PartialEq, Eq)]
    error TimelockDelayTooLong(uint256 delay, uint256 maxDelay);
    /// The operation is not in one of `expectedStates` (bit `1 << state` per allowed state).
    #[derive(Debug, PartialEq, Eq)]
    error TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates);
    /// The operation's predecessor has not been executed.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockUnexecutedPredecessor(bytes32 predecessorId);
    /// The function may only be called by the timelock itself (through `execute`).
    #[derive(Debug, PartialEq, Eq)]
    error TimelockUnauthorizedCaller(address caller);
    /// `account` lacks `neededRole`.
    #[derive(Debug, PartialEq, Eq)]
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
    /// `renounceRole` was called with a confirmation address other than the caller.
    #[derive(Debug, PartialEq, Eq)]
    error AccessControlBadConfirmation();
    /// `role` is none of PROPOSER_ROLE, EXECUTOR_ROLE, CANCELLER_ROLE, GUARDIAN_ROLE.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockUnknownRole(bytes32 role);
    /// `(target, selector)` is not on the emergency allow-list.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockNotEmergencyAction(address target, bytes4 selector);
    /// `(target, selector)` cannot be allow-listed (zero target or the timelock itself).
    #[derive(Debug, PartialEq, Eq)]
    error TimelockInvalidEmergencyAction(address target, bytes4 selector);
    /// The emergency delay is below `MIN_EMERGENCY_DELAY`.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockEmergencyDelayTooShort(uint256 delay, uint256 minimum);
    /// The change would leave the emergency delay above the minimum delay (the emergency path
    /// must never be the slower one): the pair of delays it would produce.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockEmergencyDelayAboveMinDelay(uint256 emergencyDelay, uint256 minDelay);
    /// The constructor's emergency targets and selectors differ in length.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockInvalidEmergencyList(uint256 targets, uint256 selectors);
    /// `execute` called the timelock itself with a selector it does not administer.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockUnsupportedSelfCall(bytes4 selector);
    /// `execute` called the timelock itself with calldata that does not decode.
    #[derive(Debug, PartialEq, Eq)]
    error TimelockInvalidSelfCallData(bytes4 selector);
    /// A call failed without revert data (e.g. a reentrant call, out of gas, or not enough balance).
    #[derive(Debug, PartialEq, Eq)]
    error FailedCall();
}

/// Every error the timelock reverts with.
///
/// Its revert data is encoded by hand ([`From<TimelockError> for Vec<u8>`]): alloy's generic
/// encoder instantiated for seventeen error types cost kilobytes of WASM. The ABI export build
/// derives `SolidityError` instead (which lists the errors in the interface); a test checks that
/// both encodings agree for every variant.
#[cfg_attr(feature = "export-abi", derive(SolidityError))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelockError {
    /// See [`TimelockInvalidOperationLength`].
    InvalidOperationLength(TimelockInvalidOperationLength),
    /// See [`TimelockInsufficientDelay`].
    InsufficientDelay(TimelockInsufficientDelay),
    /// See [`TimelockDelayTooLong`].
    DelayTooLong(TimelockDelayTooLong),
    /// See [`TimelockUnexpectedOperationState`].
    UnexpectedOperationState(TimelockUnexpectedOperationState),
    /// See [`TimelockUnexecutedPredecessor`].
    UnexecutedPredecessor(TimelockUnexecutedPredecessor),
    /// See [`TimelockUnauthorizedCaller`].
    UnauthorizedCaller(TimelockUnauthorizedCaller),
    /// See [`AccessControlUnauthorizedAccount`].
    UnauthorizedAccount(AccessControlUnauthorizedAccount),
    /// See [`AccessControlBadConfirmation`].
    BadConfirmation(AccessControlBadConfirmation),
    /// See [`TimelockUnknownRole`].
    UnknownRole(TimelockUnknownRole),
    /// See [`TimelockNotEmergencyAction`].
    NotEmergencyAction(TimelockNotEmergencyAction),
    /// See [`TimelockInvalidEmergencyAction`].
    InvalidEmergencyAction(TimelockInvalidEmergencyAction),
    /// See [`TimelockEmergencyDelayTooShort`].
    EmergencyDelayTooShort(TimelockEmergencyDelayTooShort),
    /// See [`TimelockEmergencyDelayAboveMinDelay`].
    EmergencyDelayAboveMinDelay(TimelockEmergencyDelayAboveMinDelay),
    /// See [`TimelockInvalidEmergencyList`].
    InvalidEmergencyList(TimelockInvalidEmergencyList),
    /// See [`TimelockUnsupportedSelfCall`].
    UnsupportedSelfCall(TimelockUnsupportedSelfCall),
    /// See [`TimelockInvalidSelfCallData`].
    InvalidSelfCallData(TimelockInvalidSelfCallData),
    /// See [`FailedCall`].
    FailedCall(FailedCall),
}

fn encode<E: SolError>(words: &[[u8; 32]]) -> Vec<u8> {
    encode_words(E::SELECTOR, words)
}

/// Not generic and never inlined: one copy for every error.
#[inline(never)]
fn encode_words(selector: [u8; 4], words: &[[u8; 32]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 32 * words.len());
    out.extend_from_slice(&selector);
    for w in words {
        out.extend_from_slice(w);
    }
    out
}

fn word(b: B256) -> [u8; 32] {
    b.0
}

#[cfg(not(feature = "export-abi"))]
impl From<TimelockError> for Vec<u8> {
    fn from(err: TimelockError) -> Vec<u8> {
        err.encode()
    }
}

impl TimelockError {
    /// The ABI revert data: selector, then the error's (all static) fields.
    pub fn encode(&self) -> Vec<u8> {
        use TimelockError as E;
        match self {
            E::InvalidOperationLength(e) => encode::<TimelockInvalidOperationLength>(&[
                uint(e.targets),
                uint(e.payloads),
                uint(e.values),
            ]),
            E::InsufficientDelay(e) => {
                encode::<TimelockInsufficientDelay>(&[uint(e.delay), uint(e.minDelay)])
            }
            E::DelayTooLong(e) => {
                encode::<TimelockDelayTooLong>(&[uint(e.delay), uint(e.maxDelay)])
            }
            E::UnexpectedOperationState(e) => encode::<TimelockUnexpectedOperationState>(&[
                word(e.operationId),
                word(e.expectedStates),
            ]),
            E::UnexecutedPredecessor(e) => {
                encode::<TimelockUnexecutedPredecessor>(&[word(e.predecessorId)])
            }
            E::UnauthorizedCaller(e) => encode::<TimelockUnauthorizedCaller>(&[addr(e.caller)]),
            E::UnauthorizedAccount(e) => {
                encode::<AccessControlUnauthorizedAccount>(&[addr(e.account), word(e.neededRole)])
            }
            E::BadConfirmation(_) => encode::<AccessControlBadConfirmation>(&[]),
            E::UnknownRole(e) => encode::<TimelockUnknownRole>(&[word(e.role)]),
            E::NotEmergencyAction(e) => {
                encode::<TimelockNotEmergencyAction>(&[addr(e.target), bytes4(e.selector)])
            }
            E::InvalidEmergencyAction(e) => {
                encode::<TimelockInvalidEmergencyAction>(&[addr(e.target), bytes4(e.selector)])
            }
            E::EmergencyDelayTooShort(e) => {
                encode::<TimelockEmergencyDelayTooShort>(&[uint(e.delay), uint(e.minimum)])
            }
            E::EmergencyDelayAboveMinDelay(e) => encode::<TimelockEmergencyDelayAboveMinDelay>(&[
                uint(e.emergencyDelay),
                uint(e.minDelay),
            ]),
            E::InvalidEmergencyList(e) => {
                encode::<TimelockInvalidEmergencyList>(&[uint(e.targets), uint(e.selectors)])
            }
            E::UnsupportedSelfCall(e) => {
                encode::<TimelockUnsupportedSelfCall>(&[bytes4(e.selector)])
            }
            E::InvalidSelfCallData(e) => {
                encode::<TimelockInvalidSelfCallData>(&[bytes4(e.selector)])
            }
            E::FailedCall(_) => encode::<FailedCall>(&[]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, FixedBytes, U256};

    #[test]
    fn hand_encoding_matches_alloys_encoding_for_every_variant() {
        let a = Address::repeat_byte(0xab);
        let b = B256::repeat_byte(0xcd);
        let n = U256::from(0x1234_5678u64);
        let s = FixedBytes([1, 2, 3, 4]);
        let cases: Vec<(TimelockError, Vec<u8>)> = vec![
            (
                E::InvalidOperationLength(TimelockInvalidOperationLength {
                    targets: n,
                    payloads: U256::MAX,
                    values: U256::ZERO,
                }),
                TimelockInvalidOperationLength {
                    targets: n,
                    payloads: U256::MAX,
                    values: U256::ZERO,
                }
                .abi_encode(),
            ),
            (
                E::InsufficientDelay(TimelockInsufficientDelay {
                    delay: n,
                    minDelay: U256::MAX,
                }),
                TimelockInsufficientDelay {
                    delay: n,
                    minDelay: U256::MAX,
                }
                .abi_encode(),
            ),
            (
                E::DelayTooLong(TimelockDelayTooLong {
                    delay: n,
                    maxDelay: n,
                }),
                TimelockDelayTooLong {
                    delay: n,
                    maxDelay: n,
                }
                .abi_encode(),
            ),
            (
                E::UnexpectedOperationState(TimelockUnexpectedOperationState {
                    operationId: b,
                    expectedStates: b,
                }),
                TimelockUnexpectedOperationState {
                    operationId: b,
                    expectedStates: b,
                }
                .abi_encode(),
            ),
            (
                E::UnexecutedPredecessor(TimelockUnexecutedPredecessor { predecessorId: b }),
                TimelockUnexecutedPredecessor { predecessorId: b }.abi_encode(),
            ),
            (
                E::UnauthorizedCaller(TimelockUnauthorizedCaller { caller: a }),
                TimelockUnauthorizedCaller { caller: a }.abi_encode(),
            ),
            (
                E::UnauthorizedAccount(AccessControlUnauthorizedAccount {
                    account: a,
                    neededRole: b,
                }),
                AccessControlUnauthorizedAccount {
                    account: a,
                    neededRole: b,
                }
                .abi_encode(),
            ),
            (
                E::BadConfirmation(AccessControlBadConfirmation {}),
                AccessControlBadConfirmation {}.abi_encode(),
            ),
            (
                E::UnknownRole(TimelockUnknownRole { role: b }),
                TimelockUnknownRole { role: b }.abi_encode(),
            ),
            (
                E::NotEmergencyAction(TimelockNotEmergencyAction {
                    target: a,
                    selector: s,
                }),
                TimelockNotEmergencyAction {
                    target: a,
                    selector: s,
                }
                .abi_encode(),
            ),
            (
                E::InvalidEmergencyAction(TimelockInvalidEmergencyAction {
                    target: a,
                    selector: s,
                }),
                TimelockInvalidEmergencyAction {
                    target: a,
                    selector: s,
                }
                .abi_encode(),
            ),
            (
                E::EmergencyDelayTooShort(TimelockEmergencyDelayTooShort {
                    delay: n,
                    minimum: n,
                }),
                TimelockEmergencyDelayTooShort {
                    delay: n,
                    minimum: n,
                }
                .abi_encode(),
            ),
            (
                E::EmergencyDelayAboveMinDelay(TimelockEmergencyDelayAboveMinDelay {
                    emergencyDelay: U256::MAX,
                    minDelay: n,
                }),
                TimelockEmergencyDelayAboveMinDelay {
                    emergencyDelay: U256::MAX,
                    minDelay: n,
                }
                .abi_encode(),
            ),
            (
                E::InvalidEmergencyList(TimelockInvalidEmergencyList {
                    targets: n,
                    selectors: U256::MAX,
                }),
                TimelockInvalidEmergencyList {
                    targets: n,
                    selectors: U256::MAX,
                }
                .abi_encode(),
            ),
            (
                E::UnsupportedSelfCall(TimelockUnsupportedSelfCall { selector: s }),
                TimelockUnsupportedSelfCall { selector: s }.abi_encode(),
            ),
            (
                E::InvalidSelfCallData(TimelockInvalidSelfCallData { selector: s }),
                TimelockInvalidSelfCallData { selector: s }.abi_encode(),
            ),
            (E::FailedCall(FailedCall {}), FailedCall {}.abi_encode()),
        ];
        assert_eq!(cases.len(), 17, "one case per variant");
        for (err, expected) in cases {
            let label = format!("{err:?}");
            assert_eq!(err.encode(), expected, "{label}");
            // The revert data the SDK returns goes through this conversion.
            assert_eq!(Vec::<u8>::from(err), expected, "{label} as revert data");
        }
    }

    use TimelockError as E;
}
