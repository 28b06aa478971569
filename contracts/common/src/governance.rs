//! Two-step governance handover, shared by the vault and the absorber.
//!
//! The current governance names a successor with [`TwoStepGovernance::begin_transfer`]; the
//! successor completes the handover with [`TwoStepGovernance::accept`]. Until then the old
//! governance stays in charge and may name someone else (or `address(0)` to withdraw the offer).
//! Contracts embed this storage struct, map [`GovernanceError`] to their own Solidity errors and
//! emit their own `GovernanceTransferStarted` / `GovernanceTransferred` events.

use alloc::vec::Vec;

use alloy_primitives::Address;
use stylus_sdk::{prelude::*, storage::StorageAddress};

/// Why a governance action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GovernanceError {
    /// `caller` is not the governance.
    NotGovernance {
        /// The refused caller.
        caller: Address,
    },
    /// `caller` is not the pending governance.
    NotPendingGovernance {
        /// The refused caller.
        caller: Address,
    },
    /// A zero address was given where an account is required.
    ZeroAddress,
}

/// Storage of a two-step governance: the current and the pending governance.
#[storage]
pub struct TwoStepGovernance {
    governance: StorageAddress,
    pending: StorageAddress,
}

impl TwoStepGovernance {
    /// Sets the first governance (constructor only). Refuses `address(0)`.
    pub fn init(&mut self, governance: Address) -> Result<(), GovernanceError> {
        if governance.is_zero() {
            return Err(GovernanceError::ZeroAddress);
        }
        self.governance.set(governance);
        Ok(())
    }

    /// The current governance.
    pub fn governance(&self) -> Address {
        self.governance.get()
    }

    /// The pending governance (`address(0)` if none).
    pub fn pending(&self) -> Address {
        self.pending.get()
    }

    /// Fails unless `caller` is the governance.
    pub fn only_governance(&self, caller: Address) -> Result<(), GovernanceError> {
        if caller == self.governance.get() {
            Ok(())
        } else {
            Err(GovernanceError::NotGovernance { caller })
        }
    }

    /// Names `next` as pending governance; returns the current governance (for the event).
    /// `next == address(0)` withdraws a pending offer.
    pub fn begin_transfer(
        &mut self,
        caller: Address,
        next: Address,
    ) -> Result<Address, GovernanceError> {
        self.only_governance(caller)?;
        self.pending.set(next);
        Ok(self.governance.get())
    }

    /// Completes the handover; returns the previous governance (for the event).
    pub fn accept(&mut self, caller: Address) -> Result<Address, GovernanceError> {
        let pending = self.pending.get();
        if pending.is_zero() || caller != pending {
            return Err(GovernanceError::NotPendingGovernance { caller });
        }
        let previous = self.governance.get();
        self.governance.set(pending);
        self.pending.set(Address::ZERO);
        Ok(previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;
    use stylus_sdk::testing::TestVM;

    const GOV: Address = address!("0000000000000000000000000000000000000001");
    const NEXT: Address = address!("0000000000000000000000000000000000000002");
    const EVE: Address = address!("0000000000000000000000000000000000000003");

    #[test]
    fn handover_takes_a_transfer_and_an_accept() {
        let vm = TestVM::default();
        let mut g = TwoStepGovernance::from(&vm);
        g.init(GOV).unwrap();
        assert_eq!(g.begin_transfer(GOV, NEXT), Ok(GOV));
        assert_eq!(g.governance(), GOV);
        assert_eq!(g.pending(), NEXT);
        assert_eq!(g.accept(NEXT), Ok(GOV));
        assert_eq!(g.governance(), NEXT);
        assert_eq!(g.pending(), Address::ZERO);
        assert_eq!(g.only_governance(NEXT), Ok(()));
        assert_eq!(
            g.only_governance(GOV),
            Err(GovernanceError::NotGovernance { caller: GOV })
        );
    }

    #[test]
    fn only_governance_can_start_and_only_pending_can_accept() {
        let vm = TestVM::default();
        let mut g = TwoStepGovernance::from(&vm);
        g.init(GOV).unwrap();
        assert_eq!(
            g.begin_transfer(EVE, EVE),
            Err(GovernanceError::NotGovernance { caller: EVE })
        );
        g.begin_transfer(GOV, NEXT).unwrap();
        assert_eq!(
            g.accept(EVE),
            Err(GovernanceError::NotPendingGovernance { caller: EVE })
        );
        assert_eq!(
            g.accept(GOV),
            Err(GovernanceError::NotPendingGovernance { caller: GOV })
        );
    }

    #[test]
    fn a_withdrawn_offer_cannot_be_accepted_by_zero() {
        let vm = TestVM::default();
        let mut g = TwoStepGovernance::from(&vm);
        g.init(GOV).unwrap();
        g.begin_transfer(GOV, Address::ZERO).unwrap();
        assert_eq!(
            g.accept(Address::ZERO),
            Err(GovernanceError::NotPendingGovernance {
                caller: Address::ZERO
            })
        );
        assert_eq!(g.governance(), GOV);
    }

    #[test]
    fn init_refuses_the_zero_address() {
        let vm = TestVM::default();
        let mut g = TwoStepGovernance::from(&vm);
        assert_eq!(g.init(Address::ZERO), Err(GovernanceError::ZeroAddress));
    }
}
