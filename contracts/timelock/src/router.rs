//! The timelock's entry points, decoded and encoded by hand in the WASM build.
//!
//! Why: the SDK's router instantiates alloy's generic decoder and encoder once per entry point;
//! for the seven entry points with dynamic arguments that alone was about 28 KB of WASM (see
//! [`crate::calldata`], which decodes them), and every other entry point takes and returns
//! one-word values, which the shared word readers of [`backstop_common::abi`] serve in one
//! `match`. The constructor's arrays are read by the same readers. Only `receive` stays with the
//! SDK's router, which hands every non-empty calldata to the `#[fallback]` that calls
//! [`GovernanceTimelock::route`]. The ABI export build keeps the typed `#[public]` methods, so the
//! interface in `abi/` is generated from the same methods; the tests check that the router serves
//! exactly that interface and compare its results with the typed methods' on alloy-encoded calls.
//!
//! Behaviour matches the SDK's router: only `execute` and `executeBatch` accept call value, the
//! constructor runs once (in the SDK's guard slot), and calldata that is too short, a badly
//! padded argument or an unknown selector reverts with empty data.

use alloc::vec::Vec;

use backstop_common::abi::{as_address, as_bytes4, encode_words, selector, Word, CONSTRUCTOR};
use backstop_common::store::Store;
use stylus_sdk::prelude::*;
use stylus_sdk::ArbResult;

use crate::calldata::{self, Args};
use crate::roles::{CANCELLER_ROLE, EXECUTOR_ROLE, GUARDIAN_ROLE, PROPOSER_ROLE};
use crate::{hash_operation, hash_operation_batch, GovernanceTimelock, Result, GRACE_PERIOD};

macro_rules! entry_points {
    ($($name:ident = $signature:literal;)*) => {
        $(const $name: [u8; 4] = selector($signature);)*

        /// The Solidity signature of every entry point [`GovernanceTimelock::route`] serves.
        pub const SIGNATURES: &[&str] = &[
            $($signature,)*
            "schedule(address,uint256,bytes,bytes32,bytes32,uint256)",
            "scheduleBatch(address[],uint256[],bytes[],bytes32,bytes32,uint256)",
            "scheduleEmergency(address,uint256,bytes,bytes32)",
            "execute(address,uint256,bytes,bytes32,bytes32)",
            "executeBatch(address[],uint256[],bytes[],bytes32,bytes32)",
            "hashOperation(address,uint256,bytes,bytes32,bytes32)",
            "hashOperationBatch(address[],uint256[],bytes[],bytes32,bytes32)",
        ];
    };
}

entry_points! {
    HAS_ROLE = "hasRole(bytes32,address)";
    MIN_DELAY = "minDelay()";
    EMERGENCY_DELAY = "emergencyDelay()";
    IS_EMERGENCY_ACTION = "isEmergencyAction(address,bytes4)";
    GET_TIMESTAMP = "getTimestamp(bytes32)";
    GET_OPERATION_STATE = "getOperationState(bytes32)";
    IS_OPERATION = "isOperation(bytes32)";
    IS_OPERATION_PENDING = "isOperationPending(bytes32)";
    IS_OPERATION_READY = "isOperationReady(bytes32)";
    IS_OPERATION_DONE = "isOperationDone(bytes32)";
    IS_OPERATION_EXPIRED = "isOperationExpired(bytes32)";
    CANCEL = "cancel(bytes32)";
    ACCEPT_GOVERNANCE = "acceptGovernance(address)";
    UPDATE_DELAY = "updateDelay(uint256)";
    UPDATE_EMERGENCY_DELAY = "updateEmergencyDelay(uint256)";
    SET_EMERGENCY_ACTION = "setEmergencyAction(address,bytes4,bool)";
    GRANT_ROLE = "grantRole(bytes32,address)";
    REVOKE_ROLE = "revokeRole(bytes32,address)";
    RENOUNCE_ROLE = "renounceRole(bytes32,address)";
    GET_PROPOSER_ROLE = "PROPOSER_ROLE()";
    GET_EXECUTOR_ROLE = "EXECUTOR_ROLE()";
    GET_CANCELLER_ROLE = "CANCELLER_ROLE()";
    GET_GUARDIAN_ROLE = "GUARDIAN_ROLE()";
    GET_GRACE_PERIOD = "GRACE_PERIOD()";
}

/// A one-word result.
fn ok<W: Word>(value: W) -> ArbResult {
    Ok(encode_words(&[value.word()]))
}

/// No result, or the typed error.
fn done(result: Result<()>) -> ArbResult {
    result.map(|()| Vec::new()).map_err(Vec::from)
}

/// No result, or the revert data as it is (a target's bubbled revert).
fn done_raw(result: Result<(), Vec<u8>>) -> ArbResult {
    result.map(|()| Vec::new())
}

impl GovernanceTimelock {
    /// Runs the call in `input` (selector and arguments) as the WASM build's `#[fallback]` does;
    /// see the module docs.
    pub fn route(&mut self, input: &[u8]) -> ArbResult {
        let (selector, args) = calldata::split(input).ok_or_else(Vec::new)?;
        // Like the SDK's router: only `execute` and `executeBatch` accept value.
        if !calldata::is_payable(selector) && !self.vm().msg_value().is_zero() {
            return Err(Vec::new());
        }
        self.dispatch(selector, args)
            .unwrap_or_else(|| Err(Vec::new()))
    }

    /// `None` for an unknown selector or malformed arguments.
    fn dispatch(&mut self, selector: [u8; 4], a: Args) -> Option<ArbResult> {
        use alloy_sol_types::SolCall;
        use calldata::{
            executeBatchCall, executeCall, hashOperationBatchCall, hashOperationCall,
            scheduleBatchCall, scheduleCall, scheduleEmergencyCall,
        };
        Some(match selector {
            CONSTRUCTOR => {
                if !self.mark_constructed() {
                    return Some(Err(Vec::new()));
                }
                done(self.constructor(
                    a.uint(0)?,
                    a.uint(1)?,
                    a.list(2, as_address)?,
                    a.list(3, as_address)?,
                    a.address(4)?,
                    a.list(5, as_address)?,
                    a.list(6, as_bytes4)?,
                ))
            }
            GET_PROPOSER_ROLE => ok(PROPOSER_ROLE),
            GET_EXECUTOR_ROLE => ok(EXECUTOR_ROLE),
            GET_CANCELLER_ROLE => ok(CANCELLER_ROLE),
            GET_GUARDIAN_ROLE => ok(GUARDIAN_ROLE),
            GET_GRACE_PERIOD => ok(GRACE_PERIOD),
            HAS_ROLE => ok(self.has_role(a.b256(0)?, a.address(1)?)),
            MIN_DELAY => ok(self.min_delay()),
            EMERGENCY_DELAY => ok(self.emergency_delay()),
            IS_EMERGENCY_ACTION => ok(self.is_emergency_action(a.address(0)?, a.bytes4(1)?)),
            GET_TIMESTAMP => ok(self.get_timestamp(a.b256(0)?)),
            GET_OPERATION_STATE => ok(self.get_operation_state(a.b256(0)?)),
            IS_OPERATION => ok(self.is_operation(a.b256(0)?)),
            IS_OPERATION_PENDING => ok(self.is_operation_pending(a.b256(0)?)),
            IS_OPERATION_READY => ok(self.is_operation_ready(a.b256(0)?)),
            IS_OPERATION_DONE => ok(self.is_operation_done(a.b256(0)?)),
            IS_OPERATION_EXPIRED => ok(self.is_operation_expired(a.b256(0)?)),
            CANCEL => done(self.cancel(a.b256(0)?)),
            ACCEPT_GOVERNANCE => done_raw(self.accept_governance(a.address(0)?)),
            UPDATE_DELAY => done(self.update_delay(a.uint(0)?)),
            UPDATE_EMERGENCY_DELAY => done(self.update_emergency_delay(a.uint(0)?)),
            SET_EMERGENCY_ACTION => {
                done(self.set_emergency_action(a.address(0)?, a.bytes4(1)?, a.bool(2)?))
            }
            GRANT_ROLE => done(self.grant_role(a.b256(0)?, a.address(1)?)),
            REVOKE_ROLE => done(self.revoke_role(a.b256(0)?, a.address(1)?)),
            RENOUNCE_ROLE => done(self.renounce_role(a.b256(0)?, a.address(1)?)),
            scheduleCall::SELECTOR => done(self.schedule_op(
                a.address(0)?,
                a.uint(1)?,
                a.bytes(2)?,
                a.b256(3)?,
                a.b256(4)?,
                a.uint(5)?,
            )),
            scheduleBatchCall::SELECTOR => {
                let b = a.batch()?;
                done(self.schedule_batch_op(
                    &b.targets,
                    &b.values,
                    &b.payloads,
                    a.b256(3)?,
                    a.b256(4)?,
                    a.uint(5)?,
                ))
            }
            scheduleEmergencyCall::SELECTOR => {
                done(self.schedule_emergency_op(a.address(0)?, a.uint(1)?, a.bytes(2)?, a.b256(3)?))
            }
            executeCall::SELECTOR => done_raw(self.execute_op(
                a.address(0)?,
                a.uint(1)?,
                a.bytes(2)?,
                a.b256(3)?,
                a.b256(4)?,
            )),
            executeBatchCall::SELECTOR => {
                let b = a.batch()?;
                done_raw(self.execute_batch_op(
                    &b.targets,
                    &b.values,
                    &b.payloads,
                    a.b256(3)?,
                    a.b256(4)?,
                ))
            }
            hashOperationCall::SELECTOR => Ok(hash_operation(
                a.address(0)?,
                a.uint(1)?,
                a.bytes(2)?,
                a.b256(3)?,
                a.b256(4)?,
            )
            .to_vec()),
            hashOperationBatchCall::SELECTOR => {
                let b = a.batch()?;
                let id = hash_operation_batch(
                    &b.targets,
                    &b.values,
                    &b.payloads,
                    a.b256(3)?,
                    a.b256(4)?,
                );
                Ok(id.to_vec())
            }
            _ => return None,
        })
    }
}
