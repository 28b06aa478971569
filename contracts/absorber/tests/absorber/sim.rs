//! `VaultVM`: common's `TokenVM` (a TestVM plus a simulated ERC-20 asset) plus a simulated
//! BackstopVault that answers `asset()`, `maxCoverable()` and `cover(uint256,address)` with
//! per-call return data and records every `cover` it receives.
//!
//! TestVM alone hands back the return data of the most recently registered mock, whatever call
//! was made, so a contract that calls `maxCoverable()` and then `cover()` cannot be tested
//! faithfully with mocks.

use std::{cell::RefCell, ops::Deref, rc::Rc};

use alloy_primitives::{Address, U256};
use backstop_common::testing::{Simulated, TokenVM};
use loss_absorber::vault::{ASSET_SELECTOR, COVER_SELECTOR, MAX_COVERABLE_SELECTOR};

/// How the simulated vault answers `cover`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultBehaviour {
    /// Pays `min(amount, maxCoverable)` to the recipient and lowers `maxCoverable` by it.
    Honest,
    /// Reverts every call with this data.
    Reverts(Vec<u8>),
    /// Reports covering one unit less than asked.
    PaysLess,
}

#[derive(Debug)]
struct VaultState {
    max_coverable: U256,
    asset: Address,
    behaviour: VaultBehaviour,
    covers: Vec<(U256, Address)>,
}

/// The simulated vault (registered with [`TokenVM::simulate`]).
struct SimVault(Rc<RefCell<VaultState>>);

/// A TestVM with a simulated asset token and a simulated vault. Derefs to the `TokenVM`, which
/// is the host contracts under test run on.
#[derive(Clone)]
pub struct VaultVM {
    inner: TokenVM,
    state: Rc<RefCell<VaultState>>,
}

impl Deref for VaultVM {
    type Target = TokenVM;
    fn deref(&self) -> &TokenVM {
        &self.inner
    }
}

fn word(v: U256) -> Vec<u8> {
    v.to_be_bytes::<32>().to_vec()
}

impl VaultVM {
    pub fn new(vault: Address, asset: Address) -> Self {
        let inner = TokenVM::new(asset, 18);
        let state = Rc::new(RefCell::new(VaultState {
            max_coverable: U256::ZERO,
            asset,
            behaviour: VaultBehaviour::Honest,
            covers: Vec::new(),
        }));
        inner.simulate(vault, Rc::new(SimVault(Rc::clone(&state))));
        Self { inner, state }
    }

    pub fn set_max_coverable(&self, amount: U256) {
        self.state.borrow_mut().max_coverable = amount;
    }

    pub fn max_coverable(&self) -> U256 {
        self.state.borrow().max_coverable
    }

    pub fn set_vault_asset(&self, asset: Address) {
        self.state.borrow_mut().asset = asset;
    }

    pub fn set_vault_behaviour(&self, behaviour: VaultBehaviour) {
        self.state.borrow_mut().behaviour = behaviour;
    }

    /// Every `cover(amount, recipient)` the vault received, in order.
    pub fn covers(&self) -> Vec<(U256, Address)> {
        self.state.borrow().covers.clone()
    }
}

impl Simulated for SimVault {
    fn call(&self, vm: &TokenVM, data: &[u8], mutating: bool) -> Result<Vec<u8>, Vec<u8>> {
        let mut s = self.0.borrow_mut();
        if let VaultBehaviour::Reverts(reason) = &s.behaviour {
            return Err(reason.clone());
        }
        let selector: [u8; 4] = data
            .get(..4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(Vec::new)?;
        match selector {
            MAX_COVERABLE_SELECTOR => Ok(word(s.max_coverable)),
            ASSET_SELECTOR => {
                let mut w = vec![0u8; 12];
                w.extend_from_slice(s.asset.as_slice());
                Ok(w)
            }
            COVER_SELECTOR if mutating && data.len() == 68 => {
                let amount = U256::from_be_slice(&data[4..36]);
                let recipient = Address::from_slice(&data[48..68]);
                s.covers.push((amount, recipient));
                let covered = amount.min(s.max_coverable);
                s.max_coverable -= covered;
                let reported = if s.behaviour == VaultBehaviour::PaysLess {
                    covered.saturating_sub(U256::from(1))
                } else {
                    covered
                };
                drop(s);
                vm.mint_tokens(recipient, covered);
                Ok(word(reported))
            }
            _ => Err(Vec::new()),
        }
    }
}
