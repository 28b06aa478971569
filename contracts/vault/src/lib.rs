//! BackstopVault: underwriters deposit the asset, hold ERC-4626 shares, earn premiums, and take
//! lending-market losses pro rata through `cover`.
//!
//! Decisions where SPEC.md is silent (see `../../shared/SPEC.md`, "BackstopVault"):
//! - `totalAssets` is internal accounting (vested assets only); donations change nothing and
//!   can be swept by governance. Conversions use `10^3` virtual shares and 1 virtual asset.
//! - Premium vests linearly over `premiumVestingPeriod` (0 = at once). The unvested part is
//!   rounded up, so nothing is ever counted before it has vested. Changing the period applies to
//!   the next premium, not to the schedule under way.
//! - Cooldown: `cooldown()` snapshots the caller's whole balance and (re)starts the timer; calling
//!   it again restarts the timer with a new snapshot. The window is `[start + cooldownPeriod,
//!   start + cooldownPeriod + unstakeWindow)` with the *current* parameters; once it has passed a
//!   new `cooldown()` is needed. A transfer out caps the snapshot at the remaining balance;
//!   received shares are not added. Redeem and withdraw spend the snapshot.
//! - Shares stay freely transferable (as in Aave's Safety Module): they carry their losses with
//!   them, so a transfer cannot dodge a loss. A spender approved by the owner may `withdraw` /
//!   `redeem` the owner's shares, but only within the *owner's* window and snapshot, spending an
//!   allowance in shares; the spender's own cooldown plays no part.
//! - `pause()` blocks deposits and mints only. After a cover that paid something, deposits and
//!   mints are refused for `postLossFreeze` seconds.
//! - Every `max*` view is 0 while the action is refused and never reverts; if `depositCap` is so
//!   large that `maxMint` does not fit in 256 bits it saturates at `type(uint256).max`.
//! - Fee-on-transfer and ERC-777 assets are out of scope: a transfer of `x` must move exactly `x`.
//! - Reentrancy: the SDK's guard is on; assets are pulled in before shares are minted and shares
//!   are burned before assets are paid out.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The SDK generates an undocumented `print_from_args` in the export build; the WASM build still
// checks every item for docs.
#![cfg_attr(feature = "export-abi", allow(missing_docs))]
// An error is an ABI value returned once per failing call (`ParameterOutOfBounds` is 4 words);
// boxing it would add allocation code to every failing path of the WASM for nothing.
#![allow(clippy::result_large_err)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
#[macro_use]
extern crate alloc;

pub mod accounting;
pub mod errors;
pub mod events;
mod internal;
// The ABI export build routes through the SDK's typed methods instead; the router stays compiled
// there too, so the native tests exercise it whatever the features.
#[cfg_attr(feature = "export-abi", allow(dead_code))]
mod router;
mod store;

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use backstop_common::{short_string, store::Store};
use stylus_sdk::prelude::*;

use accounting::Rounding;
pub use errors::Error;
use errors::*;
use internal::{to_assets, to_shares};
use store::*;

/// Longest allowed cooldown, in seconds (90 days).
pub const MAX_COOLDOWN_PERIOD: u64 = 90 * 86_400;
/// Shortest allowed unstake window, in seconds (1 hour).
pub const MIN_UNSTAKE_WINDOW: u64 = 3_600;
/// Longest allowed unstake window, in seconds (30 days).
pub const MAX_UNSTAKE_WINDOW: u64 = 30 * 86_400;
/// Longest allowed premium vesting period, in seconds (365 days).
pub const MAX_PREMIUM_VESTING_PERIOD: u64 = 365 * 86_400;
/// Longest allowed post-loss deposit freeze, in seconds (30 days).
pub const MAX_POST_LOSS_FREEZE: u64 = 30 * 86_400;
/// Largest allowed `maxSlashBps` (always below 10_000 = 100 %).
pub const MAX_SLASH_BPS_LIMIT: u64 = 9_999;
/// Default premium vesting period, in seconds (7 days).
pub const DEFAULT_PREMIUM_VESTING_PERIOD: u64 = 7 * 86_400;
/// Default post-loss deposit freeze, in seconds (1 day).
pub const DEFAULT_POST_LOSS_FREEZE: u64 = 86_400;
/// Default max slash, in basis points (30 %).
pub const DEFAULT_MAX_SLASH_BPS: u64 = 3_000;

/// The BackstopVault. Its state is reached by slot through
/// [`backstop_common::store::Store`], in the layout the `store` module declares.
#[storage]
#[entrypoint]
pub struct BackstopVault {}

// The entry points are served by the hand-written router in the WASM build (see [`router`]).
backstop_common::routed_public_impl! {
#[public]
impl BackstopVault
constructor {
    /// Sets the whole initial configuration. `governance` and `guardian` are explicit because the
    /// deployer contract is `msg.sender` here. Reads `asset.decimals()`; shares have 3 more.
    /// `name` and `symbol` are at most 31 bytes each.
    /// Defaults: premium vesting 7 days, post-loss freeze 1 day, max slash 3_000 bps.
    #[allow(clippy::too_many_arguments)]
    pub fn constructor(
        &mut self,
        asset: Address,
        name: String,
        symbol: String,
        governance: Address,
        guardian: Address,
        min_assets: U256,
        deposit_cap: U256,
        cooldown_period: u64,
        unstake_window: u64,
    ) -> Result<(), Error> {
        self._init(
            asset,
            &name,
            &symbol,
            governance,
            guardian,
            min_assets,
            deposit_cap,
            cooldown_period,
            unstake_window,
        )
    }

}
entry_points {
    // ----- ERC-20 (shares) -----

    /// Share token name.
    pub fn name(&self) -> String {
        short_string::unpack(self.load(&NAME).into())
    }

    /// Share token symbol.
    pub fn symbol(&self) -> String {
        short_string::unpack(self.load(&SYMBOL).into())
    }

    /// Share decimals: the asset's decimals + 3.
    pub fn decimals(&self) -> u8 {
        self.load(&DECIMALS)[31]
    }

    /// Total shares.
    pub fn total_supply(&self) -> U256 {
        self.u256(&TOTAL_SUPPLY)
    }

    /// Shares of `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.u256(&BALANCES.of(account))
    }

    /// Shares `spender` may still move (or redeem) for `owner`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.u256(&ALLOWANCES.entry(&self._allowance_key(owner, spender).0))
    }

    /// Moves `value` shares to `to`; caps the caller's cooldown snapshot at what remains.
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        let from = self.vm().msg_sender();
        self._transfer(from, to, value)?;
        Ok(true)
    }

    /// Moves `value` shares from `from` to `to`, spending the caller's allowance.
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

    /// Lets `spender` move (and redeem, within the caller's window) `value` of the caller's shares.
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        let owner = self.vm().msg_sender();
        self._approve(owner, spender, value)?;
        Ok(true)
    }

    // ----- ERC-4626 -----

    /// The underlying asset.
    pub fn asset(&self) -> Address {
        self.address(&ASSET)
    }

    /// Accounted assets: deposits + vested premium + returned funds - payouts. Never the balance.
    pub fn total_assets(&self) -> U256 {
        self._total_assets()
    }

    /// Shares worth `assets`, rounded down.
    pub fn convert_to_shares(&self, assets: U256) -> Result<U256, Error> {
        to_shares(&self._book(), assets, Rounding::Down)
    }

    /// Assets worth `shares`, rounded down.
    pub fn convert_to_assets(&self, shares: U256) -> Result<U256, Error> {
        to_assets(&self._book(), shares, Rounding::Down)
    }

    /// Most `deposit` accepts now: 0 while paused or frozen, else what the cap leaves.
    pub fn max_deposit(&self, _receiver: Address) -> U256 {
        self._max_deposit()
    }

    /// Most `mint` accepts now: the shares `maxDeposit` buys.
    pub fn max_mint(&self, _receiver: Address) -> U256 {
        self._max_mint()
    }

    /// Most `owner` can withdraw now: the value of the redeemable snapshot, 0 outside the window.
    pub fn max_withdraw(&self, owner: Address) -> U256 {
        self._max_withdraw(owner)
    }

    /// Most `owner` can redeem now: the snapshot (capped at the balance) in the window, else 0.
    pub fn max_redeem(&self, owner: Address) -> U256 {
        self._max_redeem(owner)
    }

    /// Shares `deposit(assets)` mints (rounded down).
    pub fn preview_deposit(&self, assets: U256) -> Result<U256, Error> {
        to_shares(&self._book(), assets, Rounding::Down)
    }

    /// Assets `mint(shares)` costs (rounded up).
    pub fn preview_mint(&self, shares: U256) -> Result<U256, Error> {
        to_assets(&self._book(), shares, Rounding::Up)
    }

    /// Shares `withdraw(assets)` burns (rounded up).
    pub fn preview_withdraw(&self, assets: U256) -> Result<U256, Error> {
        to_shares(&self._book(), assets, Rounding::Up)
    }

    /// Assets `redeem(shares)` pays (rounded down).
    pub fn preview_redeem(&self, shares: U256) -> Result<U256, Error> {
        to_assets(&self._book(), shares, Rounding::Down)
    }

    /// Pays `assets` in and mints the shares to `receiver`.
    pub fn deposit(&mut self, assets: U256, receiver: Address) -> Result<U256, Error> {
        let book = self._accrued_book();
        let max = self._max_deposit_at(book.total_assets);
        if assets > max {
            return Err(Error::ExceededMaxDeposit(ERC4626ExceededMaxDeposit {
                receiver,
                assets,
                max,
            }));
        }
        let shares = to_shares(&book, assets, Rounding::Down)?;
        self._deposit(receiver, assets, shares, &book)?;
        Ok(shares)
    }

    /// Mints exactly `shares` to `receiver` for the assets they cost.
    pub fn mint(&mut self, shares: U256, receiver: Address) -> Result<U256, Error> {
        let book = self._accrued_book();
        let max = self._max_mint_at(&book);
        if shares > max {
            return Err(Error::ExceededMaxMint(ERC4626ExceededMaxMint {
                receiver,
                shares,
                max,
            }));
        }
        let assets = to_assets(&book, shares, Rounding::Up)?;
        self._deposit(receiver, assets, shares, &book)?;
        Ok(assets)
    }

    /// Pays exactly `assets` of `owner`'s to `receiver`, within `owner`'s cooldown window.
    pub fn withdraw(
        &mut self,
        assets: U256,
        receiver: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        let book = self._accrued_book();
        let max = book.max_withdraw(self._max_redeem(owner));
        if assets > max {
            return Err(Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
                owner,
                assets,
                max,
            }));
        }
        let shares = to_shares(&book, assets, Rounding::Up)?;
        self._withdraw(receiver, owner, assets, shares, &book)?;
        Ok(shares)
    }

    /// Burns exactly `shares` of `owner`'s and pays their value to `receiver`, within the window.
    pub fn redeem(
        &mut self,
        shares: U256,
        receiver: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        let book = self._accrued_book();
        let max = self._max_redeem(owner);
        if shares > max {
            return Err(Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
                owner,
                shares,
                max,
            }));
        }
        let assets = to_assets(&book, shares, Rounding::Down)?;
        self._withdraw(receiver, owner, assets, shares, &book)?;
        Ok(assets)
    }

    // ----- Cooldown -----

    /// Snapshots the caller's whole share balance and (re)starts the cooldown timer. A second
    /// call restarts the timer with a new snapshot; an expired window needs a new call.
    pub fn cooldown(&mut self) -> Result<(), Error> {
        let account = self.vm().msg_sender();
        self._start_cooldown(account)
    }

    /// `owner`'s snapshot: `(shares, cooldownStart, windowStart, windowEnd)`; all 0 if none.
    pub fn cooldown_info(&self, owner: Address) -> (U256, u64, u64, u64) {
        self._cooldown_info(owner)
    }

    // ----- Premiums, losses, recovery -----

    /// Pays `amount` of premium in (anyone may); it vests linearly over `premiumVestingPeriod`,
    /// restarting the period with the unvested rest added.
    pub fn notify_premium(&mut self, amount: U256) -> Result<(), Error> {
        self._notify_premium(amount)
    }

    /// Loss module only: pays `min(amount, maxCoverable())` to `recipient`, lowering
    /// `totalAssets` without burning shares, and freezes deposits for `postLossFreeze`.
    pub fn cover(&mut self, amount: U256, recipient: Address) -> Result<U256, Error> {
        self._cover(amount, recipient)
    }

    /// What `cover` can pay now: `min(totalAssets * maxSlashBps / 10_000, totalAssets - minAssets)`.
    pub fn max_coverable(&self) -> U256 {
        self._max_coverable()
    }

    /// Pays recovered funds in (anyone may); they go to the current holders at once.
    pub fn return_funds(&mut self, amount: U256) -> Result<(), Error> {
        self._return_funds(amount)
    }

    /// Premium paid in but not vested yet (neither share value nor slashable).
    pub fn unvested_premium(&self) -> U256 {
        self._vesting().unvested(self._now())
    }

    /// When the current premium schedule ends (0 if none ever started).
    pub fn vesting_end(&self) -> u64 {
        self.u64(&VEST_END)
    }

    /// Deposits and mints are refused until this time (after a cover), in seconds.
    pub fn frozen_until(&self) -> u64 {
        self.u64(&FROZEN_UNTIL)
    }

    // ----- Pause -----

    /// Guardian or governance: refuses deposits and mints (never withdrawals, cover or returns).
    pub fn pause(&mut self) -> Result<(), Error> {
        self._set_paused(true)
    }

    /// Guardian or governance: accepts deposits and mints again.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self._set_paused(false)
    }

    /// Whether deposits and mints are paused.
    pub fn paused(&self) -> bool {
        self.flag(&PAUSED)
    }

    // ----- Governance -----

    /// Governance only: sends the part of `token` the vault does not account for to `to`
    /// (for the asset: balance - totalAssets - unvested premium). Returns the amount.
    pub fn sweep(&mut self, token: Address, to: Address) -> Result<U256, Error> {
        self._sweep(token, to)
    }

    /// The governance (the timelock once wired).
    pub fn governance(&self) -> Address {
        GOV.governance(self)
    }

    /// The governance named by `transferGovernance`, until it accepts.
    pub fn pending_governance(&self) -> Address {
        GOV.pending(self)
    }

    /// Governance only: names `next` as pending governance (`address(0)` withdraws the offer).
    pub fn transfer_governance(&mut self, next: Address) -> Result<(), Error> {
        self._transfer_governance(next)
    }

    /// Pending governance only: completes the handover.
    pub fn accept_governance(&mut self) -> Result<(), Error> {
        self._accept_governance()
    }

    /// The only account allowed to call `cover`.
    pub fn loss_module(&self) -> Address {
        self.address(&LOSS_MODULE)
    }

    /// The account that may pause and unpause besides governance.
    pub fn guardian(&self) -> Address {
        self.address(&GUARDIAN)
    }

    /// The asset amount `cover` never takes.
    pub fn min_assets(&self) -> U256 {
        self.u256(&MIN_ASSETS)
    }

    /// Cap on `totalAssets` for deposits (0 = no deposits).
    pub fn deposit_cap(&self) -> U256 {
        self.u256(&DEPOSIT_CAP)
    }

    /// Cooldown before the unstake window opens, in seconds.
    pub fn cooldown_period(&self) -> u64 {
        self.u64(&COOLDOWN_PERIOD)
    }

    /// Length of the unstake window, in seconds.
    pub fn unstake_window(&self) -> u64 {
        self.u64(&UNSTAKE_WINDOW)
    }

    /// Premium vesting period, in seconds.
    pub fn premium_vesting_period(&self) -> u64 {
        self.u64(&PREMIUM_VESTING_PERIOD)
    }

    /// Deposit freeze after a cover, in seconds.
    pub fn post_loss_freeze(&self) -> u64 {
        self.u64(&POST_LOSS_FREEZE)
    }

    /// Largest share of `totalAssets` one cover may take, in basis points.
    pub fn max_slash_bps(&self) -> U256 {
        self.u256(&MAX_SLASH_BPS)
    }

    /// Governance only: sets the loss module (`address(0)` disables `cover`).
    pub fn set_loss_module(&mut self, next: Address) -> Result<(), Error> {
        self._set_loss_module(next)
    }

    /// Governance only: sets the guardian (`address(0)` removes it).
    pub fn set_guardian(&mut self, next: Address) -> Result<(), Error> {
        self._set_guardian(next)
    }

    /// Governance only: sets the cooldown period, at most 90 days. Applies to running cooldowns.
    pub fn set_cooldown_period(&mut self, next: u64) -> Result<(), Error> {
        self._set_cooldown_period(next)
    }

    /// Governance only: sets the unstake window, 1 hour to 30 days. Applies to running cooldowns.
    pub fn set_unstake_window(&mut self, next: u64) -> Result<(), Error> {
        self._set_unstake_window(next)
    }

    /// Governance only: sets the premium vesting period, at most 365 days (0 = vest at once).
    pub fn set_premium_vesting_period(&mut self, next: u64) -> Result<(), Error> {
        self._set_premium_vesting_period(next)
    }

    /// Governance only: sets the post-loss deposit freeze, at most 30 days.
    pub fn set_post_loss_freeze(&mut self, next: u64) -> Result<(), Error> {
        self._set_post_loss_freeze(next)
    }

    /// Governance only: sets the max slash, at most 9_999 basis points.
    pub fn set_max_slash_bps(&mut self, next: U256) -> Result<(), Error> {
        self._set_max_slash_bps(next)
    }

    /// Governance only: sets the deposit cap on `totalAssets` (0 = no deposits).
    pub fn set_deposit_cap(&mut self, next: U256) -> Result<(), Error> {
        self._set_deposit_cap(next)
    }
}
wasm {
    /// Serves every entry point of the vault (decoded by hand, see [`router`]); an unknown
    /// selector reverts with empty data, as without a fallback. Not payable.
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> stylus_sdk::ArbResult {
        self.route(input)
    }
}
}

#[cfg(test)]
mod tests;
