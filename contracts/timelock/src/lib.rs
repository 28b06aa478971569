//! GovernanceTimelock: the `governance` of the Backstop vault and loss absorber.
//!
//! OpenZeppelin `TimelockController` semantics (one map `id -> timestamp`, the state derived from
//! it; roles; batches; predecessors; salts; OpenZeppelin's operation ids), plus:
//! - a grace period (Compound): an operation not executed within [`GRACE_PERIOD`] after it became
//!   ready is Expired and can never run;
//! - an emergency path: `scheduleEmergency` uses the shorter `emergencyDelay` (at least one hour),
//!   only for `(target, selector)` pairs on an allow-list that only the timelock itself can change
//!   (so through the normal delay). The timelock itself can never be on that list;
//! - a guardian that can cancel any pending operation (veto) and do nothing else;
//! - `acceptGovernance(target)`: a proposer completes, at once, a governance handover that the
//!   target's current governance started (it moves no funds and changes no parameter).
//!
//! Decisions (where SPEC.md is silent):
//! - **Self-administration and the SDK's reentrancy guard.** Roles, delays and the emergency
//!   allow-list change only through the timelock itself. In Solidity, `execute` makes an external
//!   call to `address(this)`. A Stylus contract built without the deprecated `reentrant` feature
//!   reverts every reentrant call at its entrypoint, so such a self-call would always fail on a
//!   real chain. Turning the feature on is not an option: Cargo unifies features, so it could
//!   silently switch the guard off in the vault and absorber too. Instead, `execute` dispatches a
//!   call whose target is the timelock itself internally: it decodes the calldata of
//!   `grantRole`, `revokeRole`, `updateDelay`, `updateEmergencyDelay` or `setEmergencyAction` and
//!   runs the same internal function the (self-only) public entry point runs; any other selector
//!   reverts with `TimelockUnsupportedSelfCall`. Safety: this path is reachable only from
//!   `execute`/`executeBatch` of a Ready operation, i.e. after the full delay, exactly as
//!   `msg.sender == address(this)` is in OpenZeppelin; value sent along a self-call stays in the
//!   timelock, which is where a self-transfer would leave it.
//! - **Reentrancy.** The operation is marked Done *before* any call (checks-effects-interactions)
//!   and `execute` re-checks after the calls that it is still Done. The SDK flushes the storage
//!   cache before every external call, and its guard refuses any reentry into the timelock.
//! - **States.** `getOperationState` numbers Unset 0, Waiting 1, Ready 2, Done 3 as OpenZeppelin
//!   and adds Expired 4. Cancel accepts Waiting, Ready and Expired operations (cancelling an
//!   Expired one clears it so that the same call can be scheduled again with the same salt).
//! - **Roles.** Only the four roles of [`roles`] exist; granting another id reverts. There is no
//!   admin role: the timelock itself is the only one that grants or revokes. `renounceRole` takes
//!   OpenZeppelin v5's confirmation argument.
//! - **Bounds.** Every delay is at most [`MAX_DELAY`] (365 days), so `now + delay` cannot overflow
//!   and a mistyped delay cannot lock governance out for decades.
//! - **Delay order.** `MIN_EMERGENCY_DELAY <= emergencyDelay <= minDelay` holds at all times: the
//!   emergency path is the shorter one (SPEC), and one longer than the normal path would make no
//!   sense. The constructor, `updateDelay` and `updateEmergencyDelay` (directly or through
//!   `execute`) refuse any value that would break it with
//!   `TimelockEmergencyDelayAboveMinDelay(emergencyDelay, minDelay)`, the pair it would produce;
//!   neither setter ever moves the other delay. So `minDelay` is never below one hour, and
//!   lowering both delays takes `updateEmergencyDelay` first, then `updateDelay` (in that order
//!   within one batch, or as two operations); raising both, the reverse.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The SDK generates an undocumented `print_from_args` in the export build; the WASM build still
// checks every item for docs.
#![cfg_attr(feature = "export-abi", allow(missing_docs))]
extern crate alloc;

pub mod calldata;
mod errors;
mod events;
mod operation;
pub mod roles;
mod router;
mod self_call;
mod words;

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes, FixedBytes, B256, U256};
use backstop_common::abi::selector;
use backstop_common::store::{Slot, Store};
use stylus_sdk::call::call;
use stylus_sdk::prelude::*;
use stylus_sdk::stylus_core::calls::errors::Error as CallError;
use stylus_sdk::stylus_core::calls::Call;

pub use errors::*;
use events::emit;
pub use events::*;
use operation::selector_of;
pub use operation::{
    hash_operation, hash_operation_batch, OperationState, DONE_TIMESTAMP, GRACE_PERIOD, MAX_DELAY,
    MIN_EMERGENCY_DELAY,
};
pub use roles::{CANCELLER_ROLE, EXECUTOR_ROLE, GUARDIAN_ROLE, PROPOSER_ROLE};
pub use router::SIGNATURES;

/// Selector of `acceptGovernance()` on the vault and the absorber.
const ACCEPT_GOVERNANCE_SELECTOR: [u8; 4] = selector("acceptGovernance()");

/// Result of the timelock's typed entry points.
pub type Result<T, E = TimelockError> = core::result::Result<T, E>;

/// The GovernanceTimelock. Its state is reached by slot through [`Store`], in the layout of
/// this Solidity declaration (see `backstop_common::store`):
///
/// ```solidity
/// mapping(bytes32 id => uint256) timestamps; // ready at (0 Unset, 1 Done)
/// mapping(bytes32 role => mapping(address => bool)) roles;
/// uint256 minDelay; // seconds
/// uint256 emergencyDelay; // seconds
/// mapping(address target => mapping(bytes4 => bool)) emergencyActions;
/// ```
#[storage]
#[entrypoint]
pub struct GovernanceTimelock {}

/// Operation id -> timestamp at which it becomes ready (0 Unset, 1 Done).
const TIMESTAMPS: Slot = Slot::at(0);
/// Role id -> account -> holds the role.
const ROLES: Slot = Slot::at(1);
/// Minimum delay of a normal operation, in seconds.
const MIN_DELAY: Slot = Slot::at(2);
/// Delay of an allow-listed emergency operation, in seconds.
const EMERGENCY_DELAY: Slot = Slot::at(3);
/// Target -> selector -> may be scheduled with the emergency delay.
const EMERGENCY_ACTIONS: Slot = Slot::at(4);

/// The slot of `role` held by `account`.
fn role_slot(role: B256, account: Address) -> Slot {
    ROLES.entry(&role.0).of(account)
}

/// The slot of the allow-list entry of `(target, selector)`.
fn emergency_slot(target: Address, selector: FixedBytes<4>) -> Slot {
    EMERGENCY_ACTIONS.of(target).entry(&words::bytes4(selector))
}

// The constructor and every entry point are served by the hand-written router in the WASM build
// (see [`router`]); only `receive` stays with the SDK. The typed entry points with dynamic
// arguments, `execute`/`executeBatch` (`#[payable]`) and the constants named in capitals
// (`#[selector]`) are `abi_only`: the router calls the ordinary twins that follow, or returns the
// constant.
backstop_common::routed_public_impl! {
#[public]
impl GovernanceTimelock
constructor {
    /// Sets the delays (`MIN_EMERGENCY_DELAY <= emergencyDelay <= minDelay <= MAX_DELAY`), grants
    /// the roles (proposers also become cancellers; `address(0)` among the
    /// executors opens execution to anyone; a zero `guardian` means no guardian) and allow-lists
    /// `(emergencyTargets[i], emergencySelectors[i])` for the emergency path.
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        min_delay: U256,
        emergency_delay: U256,
        proposers: Vec<Address>,
        executors: Vec<Address>,
        guardian: Address,
        emergency_targets: Vec<Address>,
        emergency_selectors: Vec<FixedBytes<4>>,
    ) -> Result<()> {
        if emergency_targets.len() != emergency_selectors.len() {
            return Err(TimelockError::InvalidEmergencyList(
                TimelockInvalidEmergencyList {
                    targets: U256::from(emergency_targets.len()),
                    selectors: U256::from(emergency_selectors.len()),
                },
            ));
        }
        self.set_min_delay(min_delay)?;
        self.set_emergency_delay(emergency_delay)?;
        let sender = self.vm().msg_sender();
        for proposer in proposers {
            self.grant(PROPOSER_ROLE, proposer, sender)?;
            self.grant(CANCELLER_ROLE, proposer, sender)?;
        }
        for executor in executors {
            self.grant(EXECUTOR_ROLE, executor, sender)?;
        }
        if !guardian.is_zero() {
            self.grant(GUARDIAN_ROLE, guardian, sender)?;
        }
        for (target, selector) in emergency_targets.into_iter().zip(emergency_selectors) {
            self.set_emergency_action_internal(target, selector, true)?;
        }
        Ok(())
    }
}
common {
    /// Accepts ETH, which operations may forward as call value.
    #[receive]
    #[payable]
    pub fn receive(&mut self) -> Result<(), Vec<u8>> {
        Ok(())
    }

}
entry_points {
    // ----- Views -----

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.bool(&role_slot(role, account))
    }

    /// Minimum delay of a normal operation, in seconds.
    pub fn min_delay(&self) -> U256 {
        self.u256(&MIN_DELAY)
    }

    /// Delay of an allow-listed emergency operation, in seconds.
    pub fn emergency_delay(&self) -> U256 {
        self.u256(&EMERGENCY_DELAY)
    }

    /// Whether `(target, selector)` may be scheduled through the emergency path.
    pub fn is_emergency_action(&self, target: Address, selector: FixedBytes<4>) -> bool {
        self.bool(&emergency_slot(target, selector))
    }

    /// Timestamp at which operation `id` becomes ready (0 Unset, 1 Done).
    pub fn get_timestamp(&self, id: B256) -> U256 {
        self.u256(&TIMESTAMPS.entry(&id.0))
    }

    /// State of operation `id`: 0 Unset, 1 Waiting, 2 Ready, 3 Done, 4 Expired.
    pub fn get_operation_state(&self, id: B256) -> u8 {
        self.state(id) as u8
    }

    /// Whether operation `id` was ever scheduled (and not cancelled).
    pub fn is_operation(&self, id: B256) -> bool {
        self.state(id) != OperationState::Unset
    }

    /// Whether operation `id` is Waiting or Ready.
    pub fn is_operation_pending(&self, id: B256) -> bool {
        matches!(
            self.state(id),
            OperationState::Waiting | OperationState::Ready
        )
    }

    /// Whether operation `id` is Ready.
    pub fn is_operation_ready(&self, id: B256) -> bool {
        self.state(id) == OperationState::Ready
    }

    /// Whether operation `id` is Done.
    pub fn is_operation_done(&self, id: B256) -> bool {
        self.state(id) == OperationState::Done
    }

    /// Whether operation `id` is Expired (past its grace period, never executable).
    pub fn is_operation_expired(&self, id: B256) -> bool {
        self.state(id) == OperationState::Expired
    }

    // ----- Scheduling (proposer) -----

    /// Cancels a Waiting, Ready or Expired operation. Callable by a canceller or the guardian.
    pub fn cancel(&mut self, id: B256) -> Result<()> {
        let sender = self.vm().msg_sender();
        if !self.has_role(CANCELLER_ROLE, sender) && !self.has_role(GUARDIAN_ROLE, sender) {
            return Err(unauthorized(sender, CANCELLER_ROLE));
        }
        let cancellable = [
            OperationState::Waiting,
            OperationState::Ready,
            OperationState::Expired,
        ];
        let slot = TIMESTAMPS.entry(&id.0);
        if !cancellable.contains(&self.state_at(&slot)) {
            return Err(unexpected_state(id, OperationState::bits(&cancellable)));
        }
        self.set_u256(&slot, U256::ZERO);
        emit(self.vm(), Cancelled { id });
        Ok(())
    }

    // ----- Execution (executor, or anyone when address(0) is an executor) -----

    /// Completes a governance handover to this timelock that `target`'s current governance
    /// started: calls `target.acceptGovernance()` at once (proposer only). Bubbles the target's
    /// revert data.
    pub fn accept_governance(&mut self, target: Address) -> Result<(), Vec<u8>> {
        let proposer = self.only_role(PROPOSER_ROLE)?;
        self.call_target(target, U256::ZERO, &ACCEPT_GOVERNANCE_SELECTOR)?;
        emit(self.vm(), GovernanceAccepted { target, proposer });
        Ok(())
    }

    // ----- Self-administration (only the timelock itself, i.e. through `execute`) -----

    /// Sets the minimum delay (at least `emergencyDelay`, at most `MAX_DELAY`). Timelock only.
    pub fn update_delay(&mut self, new_delay: U256) -> Result<()> {
        self.only_self()?;
        self.set_min_delay(new_delay)
    }

    /// Sets the emergency delay (at least `MIN_EMERGENCY_DELAY`, at most `minDelay`). Timelock only.
    pub fn update_emergency_delay(&mut self, new_delay: U256) -> Result<()> {
        self.only_self()?;
        self.set_emergency_delay(new_delay)
    }

    /// Adds `(target, selector)` to the emergency allow-list or removes it. Timelock only.
    pub fn set_emergency_action(
        &mut self,
        target: Address,
        selector: FixedBytes<4>,
        allowed: bool,
    ) -> Result<()> {
        self.only_self()?;
        self.set_emergency_action_internal(target, selector, allowed)
    }

    /// Grants `role` to `account`. Timelock only.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<()> {
        let this = self.only_self()?;
        self.grant(role, account, this)
    }

    /// Revokes `role` from `account`. Timelock only.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<()> {
        let this = self.only_self()?;
        self.revoke(role, account, this)
    }

    /// Gives up `role`; `caller_confirmation` must be the caller (OpenZeppelin v5).
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<()> {
        let sender = self.vm().msg_sender();
        if caller_confirmation != sender {
            return Err(TimelockError::BadConfirmation(
                AccessControlBadConfirmation {},
            ));
        }
        self.revoke(role, sender, sender)
    }

}
abi_only {
    // ----- Role ids and constants (named in capitals: `#[selector]`) -----

    /// `keccak256("PROPOSER_ROLE")`.
    #[selector(name = "PROPOSER_ROLE")]
    pub fn proposer_role() -> B256 {
        PROPOSER_ROLE
    }

    /// `keccak256("EXECUTOR_ROLE")`.
    #[selector(name = "EXECUTOR_ROLE")]
    pub fn executor_role() -> B256 {
        EXECUTOR_ROLE
    }

    /// `keccak256("CANCELLER_ROLE")`.
    #[selector(name = "CANCELLER_ROLE")]
    pub fn canceller_role() -> B256 {
        CANCELLER_ROLE
    }

    /// `keccak256("GUARDIAN_ROLE")`.
    #[selector(name = "GUARDIAN_ROLE")]
    pub fn guardian_role() -> B256 {
        GUARDIAN_ROLE
    }

    /// Seconds an operation stays executable once ready (14 days).
    #[selector(name = "GRACE_PERIOD")]
    pub fn grace_period() -> U256 {
        U256::from(GRACE_PERIOD)
    }

    /// Schedules a single call, ready after `delay >= minDelay` seconds (proposer).
    pub fn schedule(&mut self, target: Address, value: U256, data: Bytes, predecessor: B256, salt: B256, delay: U256) -> Result<()> {
        self.schedule_op(target, value, &data, predecessor, salt, delay)
    }

    /// Schedules a batch of calls executed atomically (proposer).
    pub fn schedule_batch(&mut self, targets: Vec<Address>, values: Vec<U256>, payloads: Vec<Bytes>, predecessor: B256, salt: B256, delay: U256) -> Result<()> {
        self.schedule_batch_op(&targets, &values, &payloads, predecessor, salt, delay)
    }

    /// Schedules an allow-listed call with the emergency delay (proposer).
    pub fn schedule_emergency(&mut self, target: Address, value: U256, data: Bytes, salt: B256) -> Result<()> {
        self.schedule_emergency_op(target, value, &data, salt)
    }

    /// Executes a Ready single-call operation (executor).
    #[payable]
    pub fn execute(&mut self, target: Address, value: U256, payload: Bytes, predecessor: B256, salt: B256) -> Result<(), Vec<u8>> {
        self.execute_op(target, value, &payload, predecessor, salt)
    }

    /// Executes a Ready batch operation (executor).
    #[payable]
    pub fn execute_batch(&mut self, targets: Vec<Address>, values: Vec<U256>, payloads: Vec<Bytes>, predecessor: B256, salt: B256) -> Result<(), Vec<u8>> {
        self.execute_batch_op(&targets, &values, &payloads, predecessor, salt)
    }

    /// Id of a single-call operation (OpenZeppelin's `hashOperation`).
    pub fn hash_operation(target: Address, value: U256, data: Bytes, predecessor: B256, salt: B256) -> B256 {
        hash_operation(target, value, &data, predecessor, salt)
    }

    /// Id of a batch operation (OpenZeppelin's `hashOperationBatch`).
    pub fn hash_operation_batch(targets: Vec<Address>, values: Vec<U256>, payloads: Vec<Bytes>, predecessor: B256, salt: B256) -> B256 {
        hash_operation_batch(&targets, &values, &payloads, predecessor, salt)
    }
}
wasm {
    /// Serves every entry point but the constructor, `receive` and the constants through
    /// [`router`] (see there and [`calldata`] for why).
    #[fallback]
    #[payable]
    pub fn fallback(&mut self, input: &[u8]) -> stylus_sdk::ArbResult {
        self.route(input)
    }
}
}

/// The entry points with dynamic arguments as Rust methods (the WASM build reaches them through
/// the fallback; native callers and tests call them directly).
#[cfg(not(feature = "export-abi"))]
impl GovernanceTimelock {
    /// Schedules a single call, ready after `delay >= minDelay` seconds (proposer).
    pub fn schedule(
        &mut self,
        target: Address,
        value: U256,
        data: Bytes,
        predecessor: B256,
        salt: B256,
        delay: U256,
    ) -> Result<()> {
        self.schedule_op(target, value, &data, predecessor, salt, delay)
    }

    /// Schedules a batch of calls executed atomically (proposer).
    pub fn schedule_batch(
        &mut self,
        targets: Vec<Address>,
        values: Vec<U256>,
        payloads: Vec<Bytes>,
        predecessor: B256,
        salt: B256,
        delay: U256,
    ) -> Result<()> {
        self.schedule_batch_op(&targets, &values, &payloads, predecessor, salt, delay)
    }

    /// Schedules an allow-listed call with the emergency delay (proposer).
    pub fn schedule_emergency(
        &mut self,
        target: Address,
        value: U256,
        data: Bytes,
        salt: B256,
    ) -> Result<()> {
        self.schedule_emergency_op(target, value, &data, salt)
    }

    /// Executes a Ready single-call operation (executor).
    pub fn execute(
        &mut self,
        target: Address,
        value: U256,
        payload: Bytes,
        predecessor: B256,
        salt: B256,
    ) -> Result<(), Vec<u8>> {
        self.execute_op(target, value, &payload, predecessor, salt)
    }

    /// Executes a Ready batch operation (executor).
    pub fn execute_batch(
        &mut self,
        targets: Vec<Address>,
        values: Vec<U256>,
        payloads: Vec<Bytes>,
        predecessor: B256,
        salt: B256,
    ) -> Result<(), Vec<u8>> {
        self.execute_batch_op(&targets, &values, &payloads, predecessor, salt)
    }

    /// Id of a single-call operation (OpenZeppelin's `hashOperation`).
    pub fn hash_operation(
        target: Address,
        value: U256,
        data: Bytes,
        predecessor: B256,
        salt: B256,
    ) -> B256 {
        hash_operation(target, value, &data, predecessor, salt)
    }

    /// Id of a batch operation (OpenZeppelin's `hashOperationBatch`).
    pub fn hash_operation_batch(
        targets: Vec<Address>,
        values: Vec<U256>,
        payloads: Vec<Bytes>,
        predecessor: B256,
        salt: B256,
    ) -> B256 {
        hash_operation_batch(&targets, &values, &payloads, predecessor, salt)
    }
}

/// The operations behind the dynamic entry points.
impl GovernanceTimelock {
    /// Schedules a single call, ready after `delay >= minDelay` seconds.
    pub(crate) fn schedule_op(
        &mut self,
        target: Address,
        value: U256,
        data: &[u8],
        predecessor: B256,
        salt: B256,
        delay: U256,
    ) -> Result<()> {
        self.only_role(PROPOSER_ROLE)?;
        let id = hash_operation(target, value, data, predecessor, salt);
        self.schedule_id(id, delay, self.u256(&MIN_DELAY))?;
        call_scheduled(self.vm(), id, 0, target, value, data, predecessor, delay);
        self.log_salt(id, salt);
        Ok(())
    }

    /// Schedules a batch of calls executed atomically, ready after `delay >= minDelay` seconds.
    pub(crate) fn schedule_batch_op<P: AsRef<[u8]>>(
        &mut self,
        targets: &[Address],
        values: &[U256],
        payloads: &[P],
        predecessor: B256,
        salt: B256,
        delay: U256,
    ) -> Result<()> {
        self.only_role(PROPOSER_ROLE)?;
        check_batch_lengths(targets, values, payloads)?;
        let id = hash_operation_batch(targets, values, payloads, predecessor, salt);
        self.schedule_id(id, delay, self.u256(&MIN_DELAY))?;
        for (i, ((target, value), data)) in targets.iter().zip(values).zip(payloads).enumerate() {
            let data = data.as_ref();
            call_scheduled(self.vm(), id, i, *target, *value, data, predecessor, delay);
        }
        self.log_salt(id, salt);
        Ok(())
    }

    /// Schedules an allow-listed `(target, selector of data)` call with the emergency delay and no
    /// predecessor. It is executed with `execute(target, value, data, 0, salt)`.
    pub(crate) fn schedule_emergency_op(
        &mut self,
        target: Address,
        value: U256,
        data: &[u8],
        salt: B256,
    ) -> Result<()> {
        self.only_role(PROPOSER_ROLE)?;
        let selector = FixedBytes(selector_of(data));
        if data.len() < 4 || !self.is_emergency_action(target, selector) {
            return Err(TimelockError::NotEmergencyAction(
                TimelockNotEmergencyAction { target, selector },
            ));
        }
        let delay = self.u256(&EMERGENCY_DELAY);
        let id = hash_operation(target, value, data, B256::ZERO, salt);
        // The emergency delay is the only minimum here: the allow-list is what authorises it.
        self.schedule_id(id, delay, delay)?;
        call_scheduled(self.vm(), id, 0, target, value, data, B256::ZERO, delay);
        self.log_salt(id, salt);
        emit(
            self.vm(),
            EmergencyScheduled {
                id,
                target,
                selector,
                delay,
            },
        );
        Ok(())
    }

    /// Executes a Ready single-call operation whose predecessor is Done. Forwards `value` from
    /// the timelock's balance and bubbles the callee's revert data verbatim.
    pub(crate) fn execute_op(
        &mut self,
        target: Address,
        value: U256,
        payload: &[u8],
        predecessor: B256,
        salt: B256,
    ) -> Result<(), Vec<u8>> {
        self.only_executor()?;
        let id = hash_operation(target, value, payload, predecessor, salt);
        self.before_call(id, predecessor)?;
        self.call_target(target, value, payload)?;
        call_executed(self.vm(), id, 0, target, value, payload);
        Ok(())
    }

    /// Executes a Ready batch operation atomically (see `execute`).
    pub(crate) fn execute_batch_op<P: AsRef<[u8]>>(
        &mut self,
        targets: &[Address],
        values: &[U256],
        payloads: &[P],
        predecessor: B256,
        salt: B256,
    ) -> Result<(), Vec<u8>> {
        self.only_executor()?;
        check_batch_lengths(targets, values, payloads)?;
        let id = hash_operation_batch(targets, values, payloads, predecessor, salt);
        self.before_call(id, predecessor)?;
        for (i, ((&target, &value), data)) in targets.iter().zip(values).zip(payloads).enumerate() {
            let data = data.as_ref();
            self.call_target(target, value, data)?;
            call_executed(self.vm(), id, i, target, value, data);
        }
        Ok(())
    }
}

/// Internal helpers.
impl GovernanceTimelock {
    fn state(&self, id: B256) -> OperationState {
        self.state_at(&TIMESTAMPS.entry(&id.0))
    }

    /// The state of the operation whose timestamp is at `slot`.
    fn state_at(&self, slot: &Slot) -> OperationState {
        OperationState::at(self.u256(slot), self.vm().block_timestamp())
    }

    /// Reverts unless the caller holds `role`; returns the caller.
    fn only_role(&self, role: B256) -> Result<Address> {
        let sender = self.vm().msg_sender();
        if self.has_role(role, sender) {
            Ok(sender)
        } else {
            Err(unauthorized(sender, role))
        }
    }

    /// Reverts unless the caller is an executor or execution is open (`address(0)` executor).
    fn only_executor(&self) -> Result<()> {
        if self.has_role(EXECUTOR_ROLE, Address::ZERO) {
            return Ok(());
        }
        self.only_role(EXECUTOR_ROLE).map(|_| ())
    }

    /// Reverts unless the caller is the timelock itself; returns its address.
    fn only_self(&self) -> Result<Address> {
        let this = self.vm().contract_address();
        let sender = self.vm().msg_sender();
        if sender == this {
            Ok(this)
        } else {
            Err(TimelockError::UnauthorizedCaller(
                TimelockUnauthorizedCaller { caller: sender },
            ))
        }
    }

    /// Records `id` as ready at `now + delay` after checking it is Unset and `delay` is within
    /// `[minimum, MAX_DELAY]`.
    fn schedule_id(&mut self, id: B256, delay: U256, minimum: U256) -> Result<()> {
        let slot = TIMESTAMPS.entry(&id.0);
        if self.state_at(&slot) != OperationState::Unset {
            return Err(unexpected_state(id, OperationState::Unset.bit()));
        }
        if delay < minimum {
            return Err(TimelockError::InsufficientDelay(
                TimelockInsufficientDelay {
                    delay,
                    minDelay: minimum,
                },
            ));
        }
        check_max_delay(delay)?;
        // Cannot overflow: delay <= MAX_DELAY and the timestamp is a u64.
        let ready_at = U256::from(self.vm().block_timestamp()) + delay;
        self.set_u256(&slot, ready_at);
        Ok(())
    }

    fn log_salt(&self, id: B256, salt: B256) {
        if !salt.is_zero() {
            emit(self.vm(), CallSalt { id, salt });
        }
    }

    /// Checks `id` is Ready and its predecessor Done, then marks `id` Done before any call is made.
    /// Done is final (scheduling needs Unset, cancelling a pending state), so a call that re-enters
    /// cannot undo the mark, and nothing is re-checked after the calls (OpenZeppelin marks Done
    /// after them and re-checks; mutation testing showed such a check here could never fail).
    fn before_call(&mut self, id: B256, predecessor: B256) -> Result<()> {
        let slot = TIMESTAMPS.entry(&id.0);
        if self.state_at(&slot) != OperationState::Ready {
            return Err(unexpected_state(id, OperationState::Ready.bit()));
        }
        if !predecessor.is_zero() && self.state(predecessor) != OperationState::Done {
            return Err(TimelockError::UnexecutedPredecessor(
                TimelockUnexecutedPredecessor {
                    predecessorId: predecessor,
                },
            ));
        }
        self.set_u256(&slot, DONE_TIMESTAMP);
        Ok(())
    }

    /// Calls `target` with `data` and `value`; a call to the timelock itself is dispatched
    /// internally (see the crate docs). Bubbles revert data verbatim, or `FailedCall()` when the
    /// callee reverted without data.
    fn call_target(&mut self, target: Address, value: U256, data: &[u8]) -> Result<(), Vec<u8>> {
        if target == self.vm().contract_address() {
            return self.self_call(data).map_err(Into::into);
        }
        let context = Call::new_payable(self, value);
        match call(self.vm(), context, target, data) {
            Ok(_) => Ok(()),
            Err(CallError::Revert(reason)) if !reason.is_empty() => Err(reason),
            Err(_) => Err(TimelockError::FailedCall(FailedCall {}).into()),
        }
    }

    /// Sets the minimum delay; it may not fall below the emergency delay (0 during construction,
    /// where the emergency delay is set, and checked, after it).
    fn set_min_delay(&mut self, new_delay: U256) -> Result<()> {
        check_max_delay(new_delay)?;
        check_delay_order(self.u256(&EMERGENCY_DELAY), new_delay)?;
        let old = self.u256(&MIN_DELAY);
        self.set_u256(&MIN_DELAY, new_delay);
        emit(
            self.vm(),
            MinDelayChange {
                oldDuration: old,
                newDuration: new_delay,
            },
        );
        Ok(())
    }

    /// Sets the emergency delay: at least `MIN_EMERGENCY_DELAY`, at most the minimum delay.
    fn set_emergency_delay(&mut self, new_delay: U256) -> Result<()> {
        let minimum = U256::from(MIN_EMERGENCY_DELAY);
        if new_delay < minimum {
            return Err(TimelockError::EmergencyDelayTooShort(
                TimelockEmergencyDelayTooShort {
                    delay: new_delay,
                    minimum,
                },
            ));
        }
        check_max_delay(new_delay)?;
        check_delay_order(new_delay, self.u256(&MIN_DELAY))?;
        let old = self.u256(&EMERGENCY_DELAY);
        self.set_u256(&EMERGENCY_DELAY, new_delay);
        emit(
            self.vm(),
            EmergencyDelayChange {
                oldDuration: old,
                newDuration: new_delay,
            },
        );
        Ok(())
    }

    /// The timelock itself can never be an emergency target: that would let the short delay
    /// change roles or delays.
    fn set_emergency_action_internal(
        &mut self,
        target: Address,
        selector: FixedBytes<4>,
        allowed: bool,
    ) -> Result<()> {
        if target.is_zero() || target == self.vm().contract_address() {
            return Err(TimelockError::InvalidEmergencyAction(
                TimelockInvalidEmergencyAction { target, selector },
            ));
        }
        self.set_bool(&emergency_slot(target, selector), allowed);
        emit(
            self.vm(),
            EmergencyActionSet {
                target,
                selector,
                allowed,
            },
        );
        Ok(())
    }

    fn grant(&mut self, role: B256, account: Address, sender: Address) -> Result<()> {
        check_known_role(role)?;
        let slot = role_slot(role, account);
        if !self.bool(&slot) {
            self.set_bool(&slot, true);
            emit(
                self.vm(),
                RoleGranted {
                    role,
                    account,
                    sender,
                },
            );
        }
        Ok(())
    }

    fn revoke(&mut self, role: B256, account: Address, sender: Address) -> Result<()> {
        check_known_role(role)?;
        let slot = role_slot(role, account);
        if self.bool(&slot) {
            self.set_bool(&slot, false);
            emit(
                self.vm(),
                RoleRevoked {
                    role,
                    account,
                    sender,
                },
            );
        }
        Ok(())
    }
}

fn check_batch_lengths<P>(targets: &[Address], values: &[U256], payloads: &[P]) -> Result<()> {
    if targets.len() != values.len() || targets.len() != payloads.len() {
        return Err(TimelockError::InvalidOperationLength(
            TimelockInvalidOperationLength {
                targets: U256::from(targets.len()),
                payloads: U256::from(payloads.len()),
                values: U256::from(values.len()),
            },
        ));
    }
    Ok(())
}

fn check_max_delay(delay: U256) -> Result<()> {
    if delay > U256::from(MAX_DELAY) {
        return Err(TimelockError::DelayTooLong(TimelockDelayTooLong {
            delay,
            maxDelay: U256::from(MAX_DELAY),
        }));
    }
    Ok(())
}

/// Refuses an emergency delay above the minimum delay (the emergency path is the shorter one).
fn check_delay_order(emergency_delay: U256, min_delay: U256) -> Result<()> {
    if emergency_delay > min_delay {
        return Err(TimelockError::EmergencyDelayAboveMinDelay(
            TimelockEmergencyDelayAboveMinDelay {
                emergencyDelay: emergency_delay,
                minDelay: min_delay,
            },
        ));
    }
    Ok(())
}

fn check_known_role(role: B256) -> Result<()> {
    if roles::is_known(role) {
        Ok(())
    } else {
        Err(TimelockError::UnknownRole(TimelockUnknownRole { role }))
    }
}

fn unauthorized(account: Address, role: B256) -> TimelockError {
    TimelockError::UnauthorizedAccount(AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    })
}

fn unexpected_state(id: B256, expected: B256) -> TimelockError {
    TimelockError::UnexpectedOperationState(TimelockUnexpectedOperationState {
        operationId: id,
        expectedStates: expected,
    })
}
