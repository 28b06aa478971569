//! Typed errors of the GovernanceTimelock. Every revert carries the values that explain it.

use alloy_sol_types::sol;
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
#[derive(SolidityError, Debug, Clone, PartialEq, Eq)]
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
    /// See [`TimelockInvalidEmergencyList`].
    InvalidEmergencyList(TimelockInvalidEmergencyList),
    /// See [`TimelockUnsupportedSelfCall`].
    UnsupportedSelfCall(TimelockUnsupportedSelfCall),
    /// See [`TimelockInvalidSelfCallData`].
    InvalidSelfCallData(TimelockInvalidSelfCallData),
    /// See [`FailedCall`].
    FailedCall(FailedCall),
}
