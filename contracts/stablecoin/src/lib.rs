//! TestStablecoin: a mintable ERC-20 for tests and demos (never for production funds).
//!
//! It stands for the protocol's own stablecoin, the BackstopVault's asset: the LossAbsorber holds
//! its minter role for emergency mints. The `admin` (a constructor argument, since deployments go
//! through StylusDeployer) grants and revokes minters; minters call `mint(to, amount)`.
//!
//! ERC-20 behaviour follows OpenZeppelin: transfers to or from `address(0)` are refused, an
//! allowance of `type(uint256).max` is never decreased, `transferFrom` emits no `Approval`.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The SDK generates an undocumented `print_from_args` in the export build; the WASM build still
// checks every item for docs.
#![cfg_attr(feature = "export-abi", allow(missing_docs))]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
#[macro_use]
extern crate alloc;

pub mod errors;
pub mod events;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use backstop_common::short_string;
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageB256, StorageBool, StorageMap, StorageU256, StorageU8},
};

pub use errors::Error;
use errors::*;

/// Storage of the test stablecoin.
#[storage]
#[entrypoint]
pub struct TestStablecoin {
    /// Packed with `backstop_common::short_string` (at most 31 bytes).
    name: StorageB256,
    /// Packed with `backstop_common::short_string` (at most 31 bytes).
    symbol: StorageB256,
    decimals: StorageU8,
    total_supply: StorageU256,
    balances: StorageMap<Address, StorageU256>,
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    admin: StorageAddress,
    minters: StorageMap<Address, StorageBool>,
}

#[public]
impl TestStablecoin {
    /// Sets the token metadata (name and symbol of at most 31 bytes) and the admin (who may
    /// grant the minter role).
    #[constructor]
    pub fn constructor(
        &mut self,
        name: String,
        symbol: String,
        decimals: u8,
        admin: Address,
    ) -> Result<(), Error> {
        if admin.is_zero() {
            return Err(Error::InvalidAdmin(InvalidAdmin { admin }));
        }
        let packed_name = short_string::pack(&name).ok_or(Error::StringTooLong(StringTooLong {
            length: U256::from(name.len()),
        }))?;
        let packed_symbol =
            short_string::pack(&symbol).ok_or(Error::StringTooLong(StringTooLong {
                length: U256::from(symbol.len()),
            }))?;
        self.name.set(packed_name);
        self.symbol.set(packed_symbol);
        self.decimals
            .set(alloy_primitives::Uint::<8, 1>::from(decimals));
        self.admin.set(admin);
        Ok(())
    }

    /// Token name.
    pub fn name(&self) -> String {
        short_string::unpack(self.name.get())
    }

    /// Token symbol.
    pub fn symbol(&self) -> String {
        short_string::unpack(self.symbol.get())
    }

    /// Decimals of the token amounts.
    pub fn decimals(&self) -> u8 {
        self.decimals.get().to::<u8>()
    }

    /// Total amount in existence.
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// Balance of `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// What `spender` may still move of `owner`'s tokens.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Moves `value` from the caller to `to`.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self._transfer(from, to, value)?;
        Ok(true)
    }

    /// Lets `spender` move up to `value` of the caller's tokens.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        self.allowances.setter(owner).insert(spender, value);
        self.vm().log(events::Approval {
            owner,
            spender,
            value,
        });
        Ok(true)
    }

    /// Moves `value` from `from` to `to`, spending the caller's allowance.
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        let spender = self.vm().msg_sender();
        self._spend_allowance(from, spender, value)?;
        self._transfer(from, to, value)?;
        Ok(true)
    }

    /// Creates `amount` for `to`; minters only.
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if !self.minters.get(caller) {
            return Err(Error::NotMinter(NotMinter { caller }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        let supply = self.total_supply.get();
        let new_supply = supply
            .checked_add(amount)
            .ok_or(Error::SupplyOverflow(SupplyOverflow { supply, amount }))?;
        self.total_supply.set(new_supply);
        // No overflow: a balance never exceeds the total supply.
        let balance = self.balances.get(to);
        self.balances.insert(to, balance + amount);
        self.vm().log(events::Transfer {
            from: Address::ZERO,
            to,
            value: amount,
        });
        Ok(())
    }

    /// Grants the minter role to `account`; admin only.
    pub fn grant_minter(&mut self, account: Address) -> Result<(), Error> {
        self._only_admin()?;
        self.minters.insert(account, true);
        self.vm().log(events::MinterGranted { account });
        Ok(())
    }

    /// Revokes the minter role from `account`; admin only.
    pub fn revoke_minter(&mut self, account: Address) -> Result<(), Error> {
        self._only_admin()?;
        self.minters.insert(account, false);
        self.vm().log(events::MinterRevoked { account });
        Ok(())
    }

    /// Whether `account` holds the minter role.
    pub fn is_minter(&self, account: Address) -> bool {
        self.minters.get(account)
    }

    /// The admin, who grants and revokes minters.
    pub fn admin(&self) -> Address {
        self.admin.get()
    }
}

impl TestStablecoin {
    fn _only_admin(&self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        if caller != self.admin.get() {
            return Err(Error::NotAdmin(NotAdmin { caller }));
        }
        Ok(())
    }

    fn _transfer(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        let balance = self.balances.get(from);
        if balance < value {
            return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: from,
                balance,
                needed: value,
            }));
        }
        self.balances.insert(from, balance - value);
        // No overflow: the sum of all balances is the total supply, a U256.
        let to_balance = self.balances.get(to);
        self.balances.insert(to, to_balance + value);
        self.vm().log(events::Transfer { from, to, value });
        Ok(())
    }

    fn _spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        let allowance = self.allowances.getter(owner).get(spender);
        if allowance == U256::MAX {
            return Ok(());
        }
        if allowance < value {
            return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                spender,
                allowance,
                needed: value,
            }));
        }
        self.allowances
            .setter(owner)
            .insert(spender, allowance - value);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
