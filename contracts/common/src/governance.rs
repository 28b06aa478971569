//! Two-step governance handover, shared by the vault and the absorber.
//!
//! The current governance names a successor with [`TwoStepGovernance::begin_transfer`]; the
//! successor completes the handover with [`TwoStepGovernance::accept`]. Until then the old
//! governance stays in charge and may name someone else (or `address(0)` to withdraw the offer).
//! Contracts place its two slots in their layout, map [`GovernanceError`] to their own Solidity
//! errors and emit their own `GovernanceTransferStarted` / `GovernanceTransferred` events.

use alloy_primitives::Address;

use crate::store::{Slot, Store};

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

/// A two-step governance in two consecutive slots of a contract's layout: the current governance,
/// then the pending one (`address governance; address pendingGovernance;` in Solidity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoStepGovernance {
    current: Slot,
    pending: Slot,
}

impl TwoStepGovernance {
    /// The governance stored from slot `index` (and `index + 1`).
    pub const fn at(index: u8) -> Self {
        TwoStepGovernance {
            current: Slot::at(index),
            pending: Slot::at(index + 1),
        }
    }

    /// Sets the first governance (constructor only). Refuses `address(0)`.
    pub fn init(&self, store: &mut impl Store, governance: Address) -> Result<(), GovernanceError> {
        if governance.is_zero() {
            return Err(GovernanceError::ZeroAddress);
        }
        store.set_address(&self.current, governance);
        Ok(())
    }

    /// The current governance.
    pub fn governance(&self, store: &impl Store) -> Address {
        store.address(&self.current)
    }

    /// The pending governance (`address(0)` if none).
    pub fn pending(&self, store: &impl Store) -> Address {
        store.address(&self.pending)
    }

    /// Fails unless `caller` is the governance.
    pub fn only_governance(
        &self,
        store: &impl Store,
        caller: Address,
    ) -> Result<(), GovernanceError> {
        if caller == self.governance(store) {
            Ok(())
        } else {
            Err(GovernanceError::NotGovernance { caller })
        }
    }

    /// Names `next` as pending governance; returns the current governance (for the event).
    /// `next == address(0)` withdraws a pending offer.
    pub fn begin_transfer(
        &self,
        store: &mut impl Store,
        caller: Address,
        next: Address,
    ) -> Result<Address, GovernanceError> {
        self.only_governance(store, caller)?;
        store.set_address(&self.pending, next);
        Ok(caller)
    }

    /// Completes the handover; returns the previous governance (for the event).
    pub fn accept(
        &self,
        store: &mut impl Store,
        caller: Address,
    ) -> Result<Address, GovernanceError> {
        let pending = self.pending(store);
        if pending.is_zero() || caller != pending {
            return Err(GovernanceError::NotPendingGovernance { caller });
        }
        let previous = self.governance(store);
        store.set_address(&self.current, pending);
        store.set_address(&self.pending, Address::ZERO);
        Ok(previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;
    use stylus_sdk::prelude::*;
    use stylus_sdk::storage::StorageAddress;
    use stylus_sdk::testing::TestVM;

    /// A contract whose first two variables are the governance.
    #[storage]
    struct Declared {
        governance: StorageAddress,
        pending: StorageAddress,
    }

    const G: TwoStepGovernance = TwoStepGovernance::at(0);

    const GOV: Address = address!("0000000000000000000000000000000000000001");
    const NEXT: Address = address!("0000000000000000000000000000000000000002");
    const EVE: Address = address!("0000000000000000000000000000000000000003");

    #[test]
    fn handover_takes_a_transfer_and_an_accept() {
        let vm = TestVM::default();
        let mut c = Declared::from(&vm);
        let c = &mut c;
        G.init(c, GOV).unwrap();
        assert_eq!(G.begin_transfer(c, GOV, NEXT), Ok(GOV));
        assert_eq!(G.governance(c), GOV);
        assert_eq!(G.pending(c), NEXT);
        assert_eq!((c.governance.get(), c.pending.get()), (GOV, NEXT));
        assert_eq!(G.accept(c, NEXT), Ok(GOV));
        assert_eq!(G.governance(c), NEXT);
        assert_eq!(G.pending(c), Address::ZERO);
        assert_eq!(G.only_governance(c, NEXT), Ok(()));
        assert_eq!(
            G.only_governance(c, GOV),
            Err(GovernanceError::NotGovernance { caller: GOV })
        );
    }

    #[test]
    fn only_governance_can_start_and_only_pending_can_accept() {
        let vm = TestVM::default();
        let mut c = Declared::from(&vm);
        let c = &mut c;
        G.init(c, GOV).unwrap();
        assert_eq!(
            G.begin_transfer(c, EVE, EVE),
            Err(GovernanceError::NotGovernance { caller: EVE })
        );
        G.begin_transfer(c, GOV, NEXT).unwrap();
        assert_eq!(
            G.accept(c, EVE),
            Err(GovernanceError::NotPendingGovernance { caller: EVE })
        );
        assert_eq!(
            G.accept(c, GOV),
            Err(GovernanceError::NotPendingGovernance { caller: GOV })
        );
    }

    #[test]
    fn a_withdrawn_offer_cannot_be_accepted_by_zero() {
        let vm = TestVM::default();
        let mut c = Declared::from(&vm);
        let c = &mut c;
        G.init(c, GOV).unwrap();
        G.begin_transfer(c, GOV, Address::ZERO).unwrap();
        assert_eq!(
            G.accept(c, Address::ZERO),
            Err(GovernanceError::NotPendingGovernance {
                caller: Address::ZERO
            })
        );
        assert_eq!(G.governance(c), GOV);
    }

    #[test]
    fn init_refuses_the_zero_address() {
        let vm = TestVM::default();
        let mut c = Declared::from(&vm);
        let c = &mut c;
        assert_eq!(G.init(c, Address::ZERO), Err(GovernanceError::ZeroAddress));
    }
}
