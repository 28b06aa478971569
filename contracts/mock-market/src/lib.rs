//! MockMarket (test-only): stands for a lending market that integrates the Backstop.
//!
//! Its owner (a test or the demo) makes it report a loss to the LossAbsorber
//! (`absorbLoss`), pay a premium into the vault (`approve` + `notifyPremium`) and return
//! recovered funds (`approve` + `returnFunds`). Deficits are settled on the absorber directly by
//! anyone, so the market has no settle function. Calls are encoded by hand (selector + 32-byte
//! words) to keep the WASM small. Not meant for production: it holds no accounting of its own.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The SDK generates an undocumented `print_from_args` in the export build; the WASM build still
// checks every item for docs.
#![cfg_attr(feature = "export-abi", allow(missing_docs))]
extern crate alloc;

mod errors;
mod events;

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes, B256, U256};
use backstop_common::erc20::check_bool_return;
use stylus_sdk::call::call;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::StorageAddress;
use stylus_sdk::stylus_core::calls::Call;

pub use errors::*;
pub use events::*;

const fn selector(signature: &[u8]) -> [u8; 4] {
    let hash = keccak_const::Keccak256::new().update(signature).finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// `absorbLoss(bytes32,uint256)`
pub const ABSORB_LOSS_SELECTOR: [u8; 4] = selector(b"absorbLoss(bytes32,uint256)");
/// `notifyPremium(uint256)`
pub const NOTIFY_PREMIUM_SELECTOR: [u8; 4] = selector(b"notifyPremium(uint256)");
/// `returnFunds(uint256)`
pub const RETURN_FUNDS_SELECTOR: [u8; 4] = selector(b"returnFunds(uint256)");
/// `approve(address,uint256)`
pub const APPROVE_SELECTOR: [u8; 4] = selector(b"approve(address,uint256)");

/// Result of the market's entry points.
pub type Result<T, E = MarketError> = core::result::Result<T, E>;

/// Storage of the MockMarket.
#[storage]
#[entrypoint]
pub struct MockMarket {
    absorber: StorageAddress,
    vault: StorageAddress,
    asset: StorageAddress,
    owner: StorageAddress,
}

#[public]
impl MockMarket {
    /// Wires the market to the absorber, the vault and the asset; `owner` drives it.
    #[constructor]
    pub fn constructor(
        &mut self,
        absorber: Address,
        vault: Address,
        asset: Address,
        owner: Address,
    ) -> Result<()> {
        if [absorber, vault, asset, owner].iter().any(|a| a.is_zero()) {
            return Err(MarketError::ZeroAddress(ZeroAddress {}));
        }
        self.absorber.set(absorber);
        self.vault.set(vault);
        self.asset.set(asset);
        self.owner.set(owner);
        Ok(())
    }

    /// Reports a loss to the absorber; returns its `(covered, uncovered)`. Owner only.
    pub fn report_loss(&mut self, loss_id: B256, amount: U256) -> Result<(U256, U256)> {
        self.only_owner()?;
        let absorber = self.absorber.get();
        let mut data = Vec::with_capacity(68);
        data.extend_from_slice(&ABSORB_LOSS_SELECTOR);
        data.extend_from_slice(loss_id.as_slice());
        data.extend_from_slice(&amount.to_be_bytes::<32>());
        let ret = self.call_backstop(absorber, &data)?;
        let (covered, uncovered) = match (ret.get(..32), ret.get(32..64)) {
            (Some(c), Some(u)) => (U256::from_be_slice(c), U256::from_be_slice(u)),
            _ => return Err(backstop_failed(absorber, Vec::new())),
        };
        self.vm().log(LossReported {
            lossId: loss_id,
            amount,
            covered,
            uncovered,
        });
        Ok((covered, uncovered))
    }

    /// Pays `amount` of premium into the vault (`approve` + `notifyPremium`). Owner only.
    pub fn pay_premium(&mut self, amount: U256) -> Result<()> {
        self.only_owner()?;
        self.approve_and_call_vault(NOTIFY_PREMIUM_SELECTOR, amount)?;
        self.vm().log(PremiumPaid { amount });
        Ok(())
    }

    /// Returns `amount` of recovered funds to the vault (`approve` + `returnFunds`). Owner only.
    pub fn return_funds(&mut self, amount: U256) -> Result<()> {
        self.only_owner()?;
        self.approve_and_call_vault(RETURN_FUNDS_SELECTOR, amount)?;
        self.vm().log(FundsReturned { amount });
        Ok(())
    }

    /// The LossAbsorber the market reports losses to.
    pub fn absorber(&self) -> Address {
        self.absorber.get()
    }

    /// The BackstopVault the market pays premiums and returns funds to.
    pub fn vault(&self) -> Address {
        self.vault.get()
    }

    /// The asset.
    pub fn asset(&self) -> Address {
        self.asset.get()
    }

    /// The account that drives the market.
    pub fn owner(&self) -> Address {
        self.owner.get()
    }
}

/// Internal helpers.
impl MockMarket {
    fn only_owner(&self) -> Result<()> {
        let caller = self.vm().msg_sender();
        if caller == self.owner.get() {
            Ok(())
        } else {
            Err(MarketError::NotOwner(NotOwner { caller }))
        }
    }

    /// Calls `target` and returns its return data, or `BackstopCallFailed` with its revert data.
    fn call_backstop(&mut self, target: Address, data: &[u8]) -> Result<Vec<u8>> {
        let context = Call::new_mutating(self);
        call(self.vm(), context, target, data).map_err(|e| match e {
            stylus_sdk::stylus_core::calls::errors::Error::Revert(reason) => {
                backstop_failed(target, reason)
            }
            _ => backstop_failed(target, Vec::new()),
        })
    }

    /// `asset.approve(vault, amount)` (checked like a transfer), then `vault.<selector>(amount)`.
    fn approve_and_call_vault(&mut self, vault_selector: [u8; 4], amount: U256) -> Result<()> {
        let (asset, vault) = (self.asset.get(), self.vault.get());
        let amount_word = amount.to_be_bytes::<32>();
        let mut approve = Vec::with_capacity(68);
        approve.extend_from_slice(&APPROVE_SELECTOR);
        approve.extend_from_slice(&[0u8; 12]);
        approve.extend_from_slice(vault.as_slice());
        approve.extend_from_slice(&amount_word);
        let approve_failed =
            |reason: u8| MarketError::ApproveFailed(ApproveFailed { asset, reason });
        if self.vm().code_size(asset) == 0 {
            return Err(approve_failed(1));
        }
        let context = Call::new_mutating(self);
        let ret = call(self.vm(), context, asset, &approve).map_err(|_| approve_failed(2))?;
        check_bool_return(&ret).map_err(|e| approve_failed(e.code()))?;
        let mut data = Vec::with_capacity(36);
        data.extend_from_slice(&vault_selector);
        data.extend_from_slice(&amount_word);
        self.call_backstop(vault, &data)?;
        Ok(())
    }
}

fn backstop_failed(target: Address, reason: Vec<u8>) -> MarketError {
    MarketError::BackstopCallFailed(BackstopCallFailed {
        target,
        reason: Bytes::from(reason),
    })
}
