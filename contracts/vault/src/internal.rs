//! The vault's logic behind the thin entry points in `lib.rs`.

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::SolEvent;
use backstop_common::store::{Packed, Store};
use backstop_common::{erc20, short_string};
use stylus_sdk::prelude::*;

use crate::{
    accounting::{max_coverable, Book, Cooldown, Rounding, Vesting, DECIMALS_OFFSET},
    errors::*,
    events,
    store::*,
    BackstopVault, DEFAULT_MAX_SLASH_BPS, DEFAULT_POST_LOSS_FREEZE, DEFAULT_PREMIUM_VESTING_PERIOD,
    MAX_COOLDOWN_PERIOD, MAX_POST_LOSS_FREEZE, MAX_PREMIUM_VESTING_PERIOD, MAX_SLASH_BPS_LIMIT,
    MAX_UNSTAKE_WINDOW, MIN_UNSTAKE_WINDOW,
};

fn out_of_bounds(parameter: &str, value: U256, min: u64, max: u64) -> Error {
    Error::ParameterOutOfBounds(ParameterOutOfBounds {
        parameter: param(parameter),
        value,
        min: U256::from(min),
        max: U256::from(max),
    })
}

/// [`ParameterOutOfBounds`] for a string longer than a short string can hold.
fn too_long(parameter: &str, s: &str) -> Error {
    out_of_bounds(
        parameter,
        U256::from(s.len()),
        0,
        short_string::MAX_SHORT_STRING_LEN as u64,
    )
}

fn check_u256(parameter: &str, value: U256, min: u64, max: u64) -> Result<U256, Error> {
    if value < U256::from(min) || value > U256::from(max) {
        return Err(out_of_bounds(parameter, value, min, max));
    }
    Ok(value)
}

/// A `u64` parameter that governance sets. Its setter is [`BackstopVault::_set_u64_parameter`]
/// driven by this description, and `_init` checks the initial value with the same bounds.
struct U64Parameter {
    /// The name `ParameterOutOfBounds` reports, packed by `param` at compile time.
    name: FixedBytes<32>,
    /// Smallest allowed value.
    min: u64,
    /// Largest allowed value.
    max: u64,
    /// Where the parameter is stored.
    field: Packed,
    /// Signature of the `(uint64 previous, uint64 next)` event that reports a change.
    event: B256,
}

impl U64Parameter {
    /// `Ok(value)` if `min <= value <= max`, else [`ParameterOutOfBounds`] named `name`. Not
    /// inlined: measured 70 B smaller deployed.
    #[inline(never)]
    fn check(&self, value: u64) -> Result<u64, Error> {
        if value < self.min || value > self.max {
            return Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
                parameter: self.name,
                value: U256::from(value),
                min: U256::from(self.min),
                max: U256::from(self.max),
            }));
        }
        Ok(value)
    }
}

const COOLDOWN_PERIOD_PARAMETER: U64Parameter = U64Parameter {
    name: param("cooldownPeriod"),
    min: 0,
    max: MAX_COOLDOWN_PERIOD,
    field: COOLDOWN_PERIOD,
    event: events::CooldownPeriodUpdated::SIGNATURE_HASH,
};

const UNSTAKE_WINDOW_PARAMETER: U64Parameter = U64Parameter {
    name: param("unstakeWindow"),
    min: MIN_UNSTAKE_WINDOW,
    max: MAX_UNSTAKE_WINDOW,
    field: UNSTAKE_WINDOW,
    event: events::UnstakeWindowUpdated::SIGNATURE_HASH,
};

const PREMIUM_VESTING_PERIOD_PARAMETER: U64Parameter = U64Parameter {
    name: param("premiumVestingPeriod"),
    min: 0,
    max: MAX_PREMIUM_VESTING_PERIOD,
    field: PREMIUM_VESTING_PERIOD,
    event: events::PremiumVestingPeriodUpdated::SIGNATURE_HASH,
};

const POST_LOSS_FREEZE_PARAMETER: U64Parameter = U64Parameter {
    name: param("postLossFreeze"),
    min: 0,
    max: MAX_POST_LOSS_FREEZE,
    field: POST_LOSS_FREEZE,
    event: events::PostLossFreezeUpdated::SIGNATURE_HASH,
};

impl BackstopVault {
    // ----- Events -----

    /// Emits event `signature` with `indexed` topics and static `data` words. Hand-encoded (every
    /// event here has only static fields) to keep one copy of the log code in the WASM; the
    /// `sol!` declarations in `events.rs` are the ABI, and the tests decode every log with them.
    #[inline(never)]
    fn _emit(&self, signature: B256, indexed: &[B256], data: &[U256]) {
        let mut bytes = Vec::with_capacity(32 * (1 + indexed.len() + data.len()));
        bytes.extend_from_slice(signature.as_slice());
        for topic in indexed {
            bytes.extend_from_slice(topic.as_slice());
        }
        for word in data {
            bytes.extend_from_slice(&word.to_be_bytes::<32>());
        }
        self.vm().emit_log(&bytes, 1 + indexed.len());
    }

    fn _emit_transfer(&self, from: Address, to: Address, value: U256) {
        self._emit(
            events::Transfer::SIGNATURE_HASH,
            &[from.into_word(), to.into_word()],
            &[value],
        );
    }

    fn _emit_swept(&self, token: Address, to: Address, amount: U256) {
        self._emit(
            events::Swept::SIGNATURE_HASH,
            &[token.into_word(), to.into_word()],
            &[amount],
        );
    }

    // ----- Setup -----

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn _init(
        &mut self,
        asset: Address,
        name: &str,
        symbol: &str,
        governance: Address,
        guardian: Address,
        min_assets: U256,
        deposit_cap: U256,
        cooldown_period: u64,
        unstake_window: u64,
    ) -> Result<(), Error> {
        if asset.is_zero() {
            return Err(Error::zero_address("asset"));
        }
        GOV.init(self, governance)?;
        if min_assets.is_zero() {
            return Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
                parameter: param("minAssets"),
                value: min_assets,
                min: U256::from(1u8),
                max: U256::MAX,
            }));
        }
        COOLDOWN_PERIOD_PARAMETER.check(cooldown_period)?;
        UNSTAKE_WINDOW_PARAMETER.check(unstake_window)?;
        let asset_decimals =
            erc20::decimals(self.vm(), asset).map_err(|e| Error::token(asset, e))?;
        let decimals =
            asset_decimals
                .checked_add(DECIMALS_OFFSET)
                .ok_or(Error::AssetDecimalsTooLarge(AssetDecimalsTooLarge {
                    decimals: asset_decimals,
                }))?;
        self.set_address(&ASSET, asset);
        let packed_name = short_string::pack(name).ok_or_else(|| too_long("name", name))?;
        let packed_symbol = short_string::pack(symbol).ok_or_else(|| too_long("symbol", symbol))?;
        self.store(&NAME, &packed_name.0);
        self.store(&SYMBOL, &packed_symbol.0);
        self.set_u256(&DECIMALS, U256::from(decimals));
        self.set_address(&GUARDIAN, guardian);
        self.set_u256(&MIN_ASSETS, min_assets);
        self.set_u256(&DEPOSIT_CAP, deposit_cap);
        self.set_u64(&COOLDOWN_PERIOD, cooldown_period);
        self.set_u64(&UNSTAKE_WINDOW, unstake_window);
        self.set_u64(&PREMIUM_VESTING_PERIOD, DEFAULT_PREMIUM_VESTING_PERIOD);
        self.set_u64(&POST_LOSS_FREEZE, DEFAULT_POST_LOSS_FREEZE);
        self.set_u256(&MAX_SLASH_BPS, U256::from(DEFAULT_MAX_SLASH_BPS));
        Ok(())
    }

    // ----- Reading state -----

    #[inline(never)]
    pub(crate) fn _now(&self) -> u64 {
        self.vm().block_timestamp()
    }

    #[inline(never)]
    pub(crate) fn _vesting(&self) -> Vesting {
        Vesting {
            amount: self.u256(&VEST_AMOUNT),
            start: self.u64(&VEST_START),
            end: self.u64(&VEST_END),
        }
    }

    fn _set_vesting(&mut self, v: Vesting) {
        self.set_u256(&VEST_AMOUNT, v.amount);
        self.set_u64(&VEST_START, v.start);
        self.set_u64(&VEST_END, v.end);
    }

    /// Accounted assets now: the stored total plus premium vested since the last accrual.
    #[inline(never)]
    pub(crate) fn _total_assets(&self) -> U256 {
        // Saturating: the sum is bounded by the asset's total supply in practice; a view must
        // not revert.
        self.u256(&TOTAL_ASSETS)
            .saturating_add(self._vesting().vested(self._now()))
    }

    /// Moves vested premium into the stored total and returns that total: the state-changing
    /// paths work on it (and on [`Self::_accrued_book`]) instead of reading the same slots again,
    /// since after the accrual `totalAssets()` is the stored value (each repeated read of a
    /// warm slot costs 100 gas and a hostio).
    #[inline(never)]
    pub(crate) fn _accrue(&mut self) -> U256 {
        match self._accrue_premium() {
            Some(total) => total,
            None => self.u256(&TOTAL_ASSETS),
        }
    }

    /// Moves vested premium into the stored total; the new total, or `None` when nothing vested
    /// (the stored total is current and, for a path that does not need it, left unread: a cold
    /// read is 2,100 gas).
    #[inline(never)]
    fn _accrue_premium(&mut self) -> Option<U256> {
        let amount = self.u256(&VEST_AMOUNT);
        if amount.is_zero() {
            return None;
        }
        let now = self._now();
        let vesting = Vesting {
            amount,
            start: self.u64(&VEST_START),
            end: self.u64(&VEST_END),
        };
        let vested = vesting.vested(now);
        if vested.is_zero() {
            return None;
        }
        let total = self.u256(&TOTAL_ASSETS).saturating_add(vested);
        self.set_u256(&TOTAL_ASSETS, total);
        self._set_vesting(vesting.rebased(now));
        Some(total)
    }

    /// [`Self::_accrue`], and the book it leaves.
    #[inline(never)]
    pub(crate) fn _accrued_book(&mut self) -> Book {
        Book {
            total_assets: self._accrue(),
            total_supply: self.u256(&TOTAL_SUPPLY),
        }
    }

    #[inline(never)]
    pub(crate) fn _book(&self) -> Book {
        Book {
            total_assets: self._total_assets(),
            total_supply: self.u256(&TOTAL_SUPPLY),
        }
    }

    fn _deposits_open(&self) -> bool {
        !self.flag(&PAUSED) && self._now() >= self.u64(&FROZEN_UNTIL)
    }

    pub(crate) fn _max_deposit(&self) -> U256 {
        self._max_deposit_at(self._total_assets())
    }

    /// `maxDeposit` when the accounted assets are `total_assets`.
    #[inline(never)]
    pub(crate) fn _max_deposit_at(&self, total_assets: U256) -> U256 {
        if !self._deposits_open() {
            return U256::ZERO;
        }
        self.u256(&DEPOSIT_CAP).saturating_sub(total_assets)
    }

    pub(crate) fn _max_mint(&self) -> U256 {
        self._max_mint_at(&self._book())
    }

    /// `maxMint` at `book`.
    #[inline(never)]
    pub(crate) fn _max_mint_at(&self, book: &Book) -> U256 {
        let max_assets = self._max_deposit_at(book.total_assets);
        if max_assets.is_zero() {
            return U256::ZERO;
        }
        // Shares rounded down: previewMint of the result never exceeds maxDeposit.
        book.to_shares(max_assets, Rounding::Down)
            .unwrap_or(U256::MAX)
    }

    #[inline(never)]
    pub(crate) fn _cooldown(&self, owner: Address) -> Cooldown {
        Cooldown {
            shares: self.u256(&COOLDOWN_SHARES.of(owner)),
            start: self.u64(&COOLDOWN_START.of(owner).packed(0)),
        }
    }

    fn _set_cooldown_shares(&mut self, owner: Address, shares: U256) {
        self.set_u256(&COOLDOWN_SHARES.of(owner), shares);
    }

    #[inline(never)]
    pub(crate) fn _max_redeem(&self, owner: Address) -> U256 {
        self._cooldown(owner).redeemable(
            self.u256(&BALANCES.of(owner)),
            self._now(),
            self.u64(&COOLDOWN_PERIOD),
            self.u64(&UNSTAKE_WINDOW),
        )
    }

    #[inline(never)]
    pub(crate) fn _max_withdraw(&self, owner: Address) -> U256 {
        let shares = self._max_redeem(owner);
        if shares.is_zero() {
            return U256::ZERO; // without reading the book
        }
        self._book().max_withdraw(shares)
    }

    pub(crate) fn _max_coverable(&self) -> U256 {
        self._max_coverable_at(self._total_assets())
    }

    /// `maxCoverable` when the accounted assets are `total_assets`.
    #[inline(never)]
    pub(crate) fn _max_coverable_at(&self, total_assets: U256) -> U256 {
        max_coverable(
            total_assets,
            self.u256(&MAX_SLASH_BPS),
            self.u256(&MIN_ASSETS),
        )
    }

    pub(crate) fn _cooldown_info(&self, owner: Address) -> (U256, u64, u64, u64) {
        let c = self._cooldown(owner);
        if c.shares.is_zero() {
            return (U256::ZERO, 0, 0, 0);
        }
        let (start, end) = c.window(self.u64(&COOLDOWN_PERIOD), self.u64(&UNSTAKE_WINDOW));
        (c.shares, c.start, start, end)
    }

    // ----- Share token -----

    /// Key of `owner`'s allowance for `spender`: `keccak256(owner ++ spender)`.
    #[inline(never)]
    pub(crate) fn _allowance_key(&self, owner: Address, spender: Address) -> B256 {
        let mut buf = [0u8; 40];
        buf[..20].copy_from_slice(owner.as_slice());
        buf[20..].copy_from_slice(spender.as_slice());
        self.vm().native_keccak256(&buf)
    }

    pub(crate) fn _approve(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        let key = self._allowance_key(owner, spender);
        self.set_u256(&ALLOWANCES.entry(&key.0), value);
        self._emit(
            events::Approval::SIGNATURE_HASH,
            &[owner.into_word(), spender.into_word()],
            &[value],
        );
        Ok(())
    }

    #[inline(never)]
    pub(crate) fn _spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        let slot = ALLOWANCES.entry(&self._allowance_key(owner, spender).0);
        let allowance = self.u256(&slot);
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
        self.set_u256(&slot, allowance - value);
        Ok(())
    }

    /// Moves shares; the sender's cooldown snapshot is capped at what it keeps.
    #[inline(never)]
    pub(crate) fn _transfer(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        let from_balance = self._debit(from, value)?;
        // No overflow: balances sum to the total supply, a U256.
        let to_slot = BALANCES.of(to);
        let to_balance = self.u256(&to_slot);
        self.set_u256(&to_slot, to_balance + value);
        if from != to {
            let c = self._cooldown(from).after_transfer_out(from_balance);
            self._set_cooldown_shares(from, c.shares);
        }
        self._emit_transfer(from, to, value);
        Ok(())
    }

    /// Lowers `from`'s balance by `value`; returns the new balance.
    #[inline(never)]
    fn _debit(&mut self, from: Address, value: U256) -> Result<U256, Error> {
        let slot = BALANCES.of(from);
        let balance = self.u256(&slot);
        if balance < value {
            return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                sender: from,
                balance,
                needed: value,
            }));
        }
        let left = balance - value;
        self.set_u256(&slot, left);
        Ok(left)
    }

    /// Mints `shares` to `to`; `supply` is the total supply before.
    #[inline(never)]
    fn _mint_shares(&mut self, to: Address, shares: U256, supply: U256) -> Result<(), Error> {
        let supply = supply.checked_add(shares).ok_or_else(Error::overflow)?;
        self.set_u256(&TOTAL_SUPPLY, supply);
        // No overflow: a balance never exceeds the total supply.
        let slot = BALANCES.of(to);
        let balance = self.u256(&slot);
        self.set_u256(&slot, balance + shares);
        self._emit_transfer(Address::ZERO, to, shares);
        Ok(())
    }

    // ----- Asset movements -----

    #[inline(never)]
    fn _pull(&mut self, from: Address, amount: U256) -> Result<(), Error> {
        let asset = self.address(&ASSET);
        let this = self.vm().contract_address();
        erc20::safe_transfer_from(self, asset, from, this, amount)
            .map_err(|e| Error::token(asset, e))
    }

    #[inline(never)]
    fn _push(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        let asset = self.address(&ASSET);
        erc20::safe_transfer(self, asset, to, amount).map_err(|e| Error::token(asset, e))
    }

    /// Stores the accounted assets, `None` being an overflow (or underflow) on the way there.
    #[inline(never)]
    fn _set_total_assets(&mut self, total: Option<U256>) -> Result<(), Error> {
        self.set_u256(&TOTAL_ASSETS, total.ok_or_else(Error::overflow)?);
        Ok(())
    }

    // ----- ERC-4626 flows (callers accrued, giving `book`, and checked the max) -----

    #[inline(never)]
    pub(crate) fn _deposit(
        &mut self,
        receiver: Address,
        assets: U256,
        shares: U256,
        book: &Book,
    ) -> Result<(), Error> {
        if receiver.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver { receiver }));
        }
        let sender = self.vm().msg_sender();
        // Assets in before shares out: the shares exist only once their assets are here.
        self._pull(sender, assets)?;
        self._set_total_assets(book.total_assets.checked_add(assets))?;
        self._mint_shares(receiver, shares, book.total_supply)?;
        self._emit(
            events::Deposit::SIGNATURE_HASH,
            &[sender.into_word(), receiver.into_word()],
            &[assets, shares],
        );
        Ok(())
    }

    #[inline(never)]
    pub(crate) fn _withdraw(
        &mut self,
        receiver: Address,
        owner: Address,
        assets: U256,
        shares: U256,
        book: &Book,
    ) -> Result<(), Error> {
        if receiver.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver { receiver }));
        }
        let sender = self.vm().msg_sender();
        if sender != owner {
            self._spend_allowance(owner, sender, shares)?;
        }
        // Burn and account before paying out: the assets leave only once their shares are gone.
        let left = self._debit(owner, shares)?;
        // No underflow: shares <= balance <= supply.
        self.set_u256(&TOTAL_SUPPLY, book.total_supply - shares);
        let c = self._cooldown(owner).after_exit(shares, left);
        self._set_cooldown_shares(owner, c.shares);
        self._set_total_assets(book.total_assets.checked_sub(assets))?;
        self._emit_transfer(owner, Address::ZERO, shares);
        self._push(receiver, assets)?;
        self._emit(
            events::Withdraw::SIGNATURE_HASH,
            &[sender.into_word(), receiver.into_word(), owner.into_word()],
            &[assets, shares],
        );
        Ok(())
    }

    // ----- Cooldown -----

    pub(crate) fn _start_cooldown(&mut self, account: Address) -> Result<(), Error> {
        let shares = self.u256(&BALANCES.of(account));
        if shares.is_zero() {
            return Err(Error::NothingToCooldown(NothingToCooldown { account }));
        }
        let now = self._now();
        self.set_u256(&COOLDOWN_SHARES.of(account), shares);
        self.set_u256(&COOLDOWN_START.of(account), U256::from(now));
        let (window_start, window_end) = Cooldown { shares, start: now }
            .window(self.u64(&COOLDOWN_PERIOD), self.u64(&UNSTAKE_WINDOW));
        self._emit(
            events::CooldownStarted::SIGNATURE_HASH,
            &[account.into_word()],
            &[shares, U256::from(window_start), U256::from(window_end)],
        );
        Ok(())
    }

    // ----- Premiums, cover, recovery -----

    pub(crate) fn _notify_premium(&mut self, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Err(Error::ZeroAmount(ZeroAmount {}));
        }
        let accrued = self._accrue_premium();
        let payer = self.vm().msg_sender();
        self._pull(payer, amount)?;
        let now = self._now();
        let period = self.u64(&PREMIUM_VESTING_PERIOD);
        let vesting = self
            ._vesting()
            .restarted(now, amount, period)
            .ok_or_else(Error::overflow)?;
        if period == 0 {
            // Vest at once: `restarted` holds the (already vested) rest plus the new amount.
            let total = accrued.unwrap_or_else(|| self.u256(&TOTAL_ASSETS));
            self._set_total_assets(total.checked_add(vesting.amount))?;
            self._set_vesting(Vesting::default());
        } else {
            self._set_vesting(vesting);
        }
        let unvested = if period == 0 {
            U256::ZERO
        } else {
            vesting.amount
        };
        self._emit(
            events::PremiumNotified::SIGNATURE_HASH,
            &[payer.into_word()],
            &[amount, unvested, U256::from(vesting.end)],
        );
        Ok(())
    }

    pub(crate) fn _cover(&mut self, amount: U256, recipient: Address) -> Result<U256, Error> {
        let caller = self.vm().msg_sender();
        if caller != self.address(&LOSS_MODULE) || caller.is_zero() {
            return Err(Error::NotLossModule(NotLossModule { caller }));
        }
        if recipient.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: recipient,
            }));
        }
        let total = self._accrue();
        let covered = amount.min(self._max_coverable_at(total));
        let mut frozen_until = self.u64(&FROZEN_UNTIL);
        if !covered.is_zero() {
            // Lower totalAssets without burning shares: every holder loses the same fraction.
            self._set_total_assets(total.checked_sub(covered))?;
            frozen_until = self._now().saturating_add(self.u64(&POST_LOSS_FREEZE));
            self.set_u64(&FROZEN_UNTIL, frozen_until);
            self._push(recipient, covered)?;
        }
        self._emit(
            events::LossCovered::SIGNATURE_HASH,
            &[recipient.into_word()],
            &[amount, covered, U256::from(frozen_until)],
        );
        Ok(covered)
    }

    pub(crate) fn _return_funds(&mut self, amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Err(Error::ZeroAmount(ZeroAmount {}));
        }
        let total = self._accrue();
        let payer = self.vm().msg_sender();
        self._pull(payer, amount)?;
        self._set_total_assets(total.checked_add(amount))?;
        self._emit(
            events::FundsReturned::SIGNATURE_HASH,
            &[payer.into_word()],
            &[amount],
        );
        Ok(())
    }

    // ----- Roles and parameters -----

    #[inline(never)]
    fn _only_governance(&self) -> Result<(), Error> {
        Ok(GOV.only_governance(self, self.vm().msg_sender())?)
    }

    pub(crate) fn _set_paused(&mut self, paused: bool) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let allowed = caller == self.address(&GUARDIAN) || caller == GOV.governance(self);
        if !allowed || caller.is_zero() {
            return Err(Error::NotGuardianOrGovernance(NotGuardianOrGovernance {
                caller,
            }));
        }
        self.set_flag(&PAUSED, paused);
        let signature = if paused {
            events::Paused::SIGNATURE_HASH
        } else {
            events::Unpaused::SIGNATURE_HASH
        };
        self._emit(signature, &[], &[U256::from_be_bytes(caller.into_word().0)]);
        Ok(())
    }

    pub(crate) fn _sweep(&mut self, token: Address, to: Address) -> Result<U256, Error> {
        self._only_governance()?;
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        let this = self.vm().contract_address();
        if token == this {
            // Shares sent to the vault itself: hand them on like any stray token.
            let amount = self.u256(&BALANCES.of(this));
            self._transfer(this, to, amount)?;
            self._emit_swept(token, to, amount);
            return Ok(amount);
        }
        let total = self._accrue();
        let balance =
            erc20::balance_of(self.vm(), token, this).map_err(|e| Error::token(token, e))?;
        let amount = if token == self.address(&ASSET) {
            let accounted = total.saturating_add(self.u256(&VEST_AMOUNT));
            balance.saturating_sub(accounted)
        } else {
            balance
        };
        if !amount.is_zero() {
            let result = erc20::safe_transfer(self, token, to, amount);
            result.map_err(|e| Error::token(token, e))?;
        }
        self._emit_swept(token, to, amount);
        Ok(amount)
    }

    pub(crate) fn _transfer_governance(&mut self, next: Address) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let previous = GOV.begin_transfer(self, caller, next)?;
        self._emit(
            events::GovernanceTransferStarted::SIGNATURE_HASH,
            &[previous.into_word(), next.into_word()],
            &[],
        );
        Ok(())
    }

    pub(crate) fn _accept_governance(&mut self) -> Result<(), Error> {
        let caller = self.vm().msg_sender();
        let previous = GOV.accept(self, caller)?;
        self._emit(
            events::GovernanceTransferred::SIGNATURE_HASH,
            &[previous.into_word(), caller.into_word()],
            &[],
        );
        Ok(())
    }

    pub(crate) fn _set_loss_module(&mut self, next: Address) -> Result<(), Error> {
        self._only_governance()?;
        let previous = self.address(&LOSS_MODULE);
        self.set_address(&LOSS_MODULE, next);
        self._emit(
            events::LossModuleUpdated::SIGNATURE_HASH,
            &[previous.into_word(), next.into_word()],
            &[],
        );
        Ok(())
    }

    pub(crate) fn _set_guardian(&mut self, next: Address) -> Result<(), Error> {
        self._only_governance()?;
        let previous = self.address(&GUARDIAN);
        self.set_address(&GUARDIAN, next);
        self._emit(
            events::GuardianUpdated::SIGNATURE_HASH,
            &[previous.into_word(), next.into_word()],
            &[],
        );
        Ok(())
    }

    /// Every `u64` parameter setter: governance only, `min <= next <= max` (else
    /// `ParameterOutOfBounds(name, next, min, max)`), store `next`, emit `event(previous, next)`,
    /// all as `parameter` describes. One copy in the WASM for the four setters.
    #[inline(never)]
    fn _set_u64_parameter(&mut self, parameter: &U64Parameter, next: u64) -> Result<(), Error> {
        self._only_governance()?;
        parameter.check(next)?;
        let previous = self.u64(&parameter.field);
        self.set_u64(&parameter.field, next);
        let words = [U256::from(previous), U256::from(next)];
        self._emit(parameter.event, &[], &words);
        Ok(())
    }

    pub(crate) fn _set_cooldown_period(&mut self, next: u64) -> Result<(), Error> {
        self._set_u64_parameter(&COOLDOWN_PERIOD_PARAMETER, next)
    }

    pub(crate) fn _set_unstake_window(&mut self, next: u64) -> Result<(), Error> {
        self._set_u64_parameter(&UNSTAKE_WINDOW_PARAMETER, next)
    }

    pub(crate) fn _set_premium_vesting_period(&mut self, next: u64) -> Result<(), Error> {
        self._set_u64_parameter(&PREMIUM_VESTING_PERIOD_PARAMETER, next)
    }

    pub(crate) fn _set_post_loss_freeze(&mut self, next: u64) -> Result<(), Error> {
        self._set_u64_parameter(&POST_LOSS_FREEZE_PARAMETER, next)
    }

    pub(crate) fn _set_max_slash_bps(&mut self, next: U256) -> Result<(), Error> {
        self._only_governance()?;
        check_u256("maxSlashBps", next, 0, MAX_SLASH_BPS_LIMIT)?;
        let previous = self.u256(&MAX_SLASH_BPS);
        self.set_u256(&MAX_SLASH_BPS, next);
        self._emit(
            events::MaxSlashBpsUpdated::SIGNATURE_HASH,
            &[],
            &[previous, next],
        );
        Ok(())
    }

    pub(crate) fn _set_deposit_cap(&mut self, next: U256) -> Result<(), Error> {
        self._only_governance()?;
        let previous = self.u256(&DEPOSIT_CAP);
        self.set_u256(&DEPOSIT_CAP, next);
        self._emit(
            events::DepositCapUpdated::SIGNATURE_HASH,
            &[],
            &[previous, next],
        );
        Ok(())
    }
}

/// Shares worth `assets` on `book`, or `MathOverflow`.
#[inline(never)]
pub(crate) fn to_shares(book: &Book, assets: U256, rounding: Rounding) -> Result<U256, Error> {
    book.to_shares(assets, rounding).ok_or_else(Error::overflow)
}

/// Assets worth `shares` on `book`, or `MathOverflow`.
#[inline(never)]
pub(crate) fn to_assets(book: &Book, shares: U256, rounding: Rounding) -> Result<U256, Error> {
    book.to_assets(shares, rounding).ok_or_else(Error::overflow)
}
