//! Internal dispatch of `execute` calls whose target is the timelock itself.
//!
//! The SDK's entrypoint refuses reentrant calls, so a real self-call from `execute` would always
//! revert. `execute` therefore decodes the self-administration calls here and runs the same
//! internal functions their self-only entry points run (see the crate docs for the safety
//! argument).

use alloy_primitives::FixedBytes;
use alloy_sol_types::{sol, SolCall};
use stylus_sdk::prelude::*;

use crate::{
    GovernanceTimelock, Result, TimelockError, TimelockInvalidSelfCallData,
    TimelockUnsupportedSelfCall,
};

sol! {
    function grantRole(bytes32 role, address account);
    function revokeRole(bytes32 role, address account);
    function updateDelay(uint256 newDelay);
    function updateEmergencyDelay(uint256 newDelay);
    function setEmergencyAction(address target, bytes4 selector, bool allowed);
}

fn decode<C: SolCall>(data: &[u8]) -> Result<C> {
    C::abi_decode(data).map_err(|_| {
        TimelockError::InvalidSelfCallData(TimelockInvalidSelfCallData {
            selector: FixedBytes(C::SELECTOR),
        })
    })
}

impl GovernanceTimelock {
    /// Runs a self-administration call of a Ready operation; `data` is its full calldata.
    pub(crate) fn self_call(&mut self, data: &[u8]) -> Result<()> {
        let this = self.vm().contract_address();
        match crate::operation::selector_of(data) {
            grantRoleCall::SELECTOR => {
                let c: grantRoleCall = decode(data)?;
                self.grant(c.role, c.account, this)
            }
            revokeRoleCall::SELECTOR => {
                let c: revokeRoleCall = decode(data)?;
                self.revoke(c.role, c.account, this)
            }
            updateDelayCall::SELECTOR => {
                let c: updateDelayCall = decode(data)?;
                self.set_min_delay(c.newDelay)
            }
            updateEmergencyDelayCall::SELECTOR => {
                let c: updateEmergencyDelayCall = decode(data)?;
                self.set_emergency_delay(c.newDelay)
            }
            setEmergencyActionCall::SELECTOR => {
                let c: setEmergencyActionCall = decode(data)?;
                self.set_emergency_action_internal(c.target, c.selector, c.allowed)
            }
            other => Err(TimelockError::UnsupportedSelfCall(
                TimelockUnsupportedSelfCall {
                    selector: FixedBytes(other),
                },
            )),
        }
    }
}
