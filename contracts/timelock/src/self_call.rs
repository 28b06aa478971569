//! Internal dispatch of `execute` calls whose target is the timelock itself.
//!
//! The SDK's entrypoint refuses reentrant calls, so a real self-call from `execute` would always
//! revert. `execute` therefore decodes the self-administration calls here and runs the same
//! internal functions their self-only entry points run (see the crate docs for the safety
//! argument). All their arguments are static words, decoded by hand with the ABI's validity
//! rules (addresses and `bytes4` zero-padded, `bool` 0 or 1) to keep the WASM small: the words,
//! `uint256`, `bytes32` and `address` are read by [`backstop_common::abi`], `bytes4` and `bool`
//! here.

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{sol, SolCall};
use backstop_common::abi;
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

/// A `bytes4` word (the low 28 bytes must be zero). Not inlined, like `boolean`: measured
/// smaller deployed code.
#[inline(never)]
fn bytes4(w: &[u8; 32]) -> Option<FixedBytes<4>> {
    w[4..]
        .iter()
        .all(|&b| b == 0)
        .then(|| FixedBytes([w[0], w[1], w[2], w[3]]))
}

/// A `bool` word (0 or 1).
#[inline(never)]
fn boolean(w: &[u8; 32]) -> Option<bool> {
    match U256::from_be_bytes(*w) {
        v if v.is_zero() => Some(false),
        v if v == U256::from(1u8) => Some(true),
        _ => None,
    }
}

/// A decoded self-administration call.
enum SelfCall {
    Grant(B256, Address),
    Revoke(B256, Address),
    UpdateDelay(U256),
    UpdateEmergencyDelay(U256),
    SetEmergencyAction(Address, FixedBytes<4>, bool),
}

/// Decodes `data`; `Ok(None)` for a supported selector with missing or invalid arguments.
fn decode(selector: [u8; 4], data: &[u8]) -> Result<Option<SelfCall>> {
    // `None` when `data` is shorter than a selector: then no argument can be read either.
    let args = abi::split(data).map(|(_, args)| args);
    Ok(match selector {
        grantRoleCall::SELECTOR => {
            args.and_then(|a| Some(SelfCall::Grant(a.b256(0)?, a.address(1)?)))
        }
        revokeRoleCall::SELECTOR => {
            args.and_then(|a| Some(SelfCall::Revoke(a.b256(0)?, a.address(1)?)))
        }
        updateDelayCall::SELECTOR => args.and_then(|a| a.uint(0)).map(SelfCall::UpdateDelay),
        updateEmergencyDelayCall::SELECTOR => args
            .and_then(|a| a.uint(0))
            .map(SelfCall::UpdateEmergencyDelay),
        setEmergencyActionCall::SELECTOR => args.and_then(|a| {
            Some(SelfCall::SetEmergencyAction(
                a.address(0)?,
                bytes4(&a.head(1)?)?,
                boolean(&a.head(2)?)?,
            ))
        }),
        other => {
            return Err(TimelockError::UnsupportedSelfCall(
                TimelockUnsupportedSelfCall {
                    selector: FixedBytes(other),
                },
            ))
        }
    })
}

impl GovernanceTimelock {
    /// Runs a self-administration call of a Ready operation; `data` is its full calldata.
    pub(crate) fn self_call(&mut self, data: &[u8]) -> Result<()> {
        let selector = crate::operation::selector_of(data);
        let call = decode(selector, data)?.ok_or(TimelockError::InvalidSelfCallData(
            TimelockInvalidSelfCallData {
                selector: FixedBytes(selector),
            },
        ))?;
        let this = self.vm().contract_address();
        match call {
            SelfCall::Grant(role, account) => self.grant(role, account, this),
            SelfCall::Revoke(role, account) => self.revoke(role, account, this),
            SelfCall::UpdateDelay(delay) => self.set_min_delay(delay),
            SelfCall::UpdateEmergencyDelay(delay) => self.set_emergency_delay(delay),
            SelfCall::SetEmergencyAction(target, selector, allowed) => {
                self.set_emergency_action_internal(target, selector, allowed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn decoded(data: &[u8]) -> Option<SelfCall> {
        decode(crate::operation::selector_of(data), data)
            .ok()
            .flatten()
    }

    #[test]
    fn decodes_what_alloy_encodes() {
        let account = Address::repeat_byte(7);
        let data = grantRoleCall {
            role: B256::repeat_byte(1),
            account,
        }
        .abi_encode();
        assert!(
            matches!(decoded(&data), Some(SelfCall::Grant(r, a)) if r == B256::repeat_byte(1) && a == account)
        );
        let data = setEmergencyActionCall {
            target: account,
            selector: FixedBytes([1, 2, 3, 4]),
            allowed: true,
        }
        .abi_encode();
        assert!(
            matches!(decoded(&data), Some(SelfCall::SetEmergencyAction(t, s, true)) if t == account && s == FixedBytes([1, 2, 3, 4]))
        );
        let data = updateDelayCall {
            newDelay: U256::from(9),
        }
        .abi_encode();
        assert!(matches!(decoded(&data), Some(SelfCall::UpdateDelay(d)) if d == U256::from(9)));
    }

    #[test]
    fn rejects_dirty_padding_and_non_boolean_flags() {
        let mut data = grantRoleCall {
            role: B256::ZERO,
            account: Address::ZERO,
        }
        .abi_encode();
        data[4 + 32] = 1; // a dirty high byte in the address word
        assert!(decoded(&data).is_none());
        let mut data: Vec<u8> = setEmergencyActionCall {
            target: Address::ZERO,
            selector: FixedBytes([1, 2, 3, 4]),
            allowed: false,
        }
        .abi_encode();
        data[4 + 64 + 31] = 2; // bool = 2
        assert!(decoded(&data).is_none());
        let mut data: Vec<u8> = setEmergencyActionCall {
            target: Address::ZERO,
            selector: FixedBytes([1, 2, 3, 4]),
            allowed: false,
        }
        .abi_encode();
        data[4 + 32 + 5] = 1; // bytes4 with trailing garbage
        assert!(decoded(&data).is_none());
    }
}
