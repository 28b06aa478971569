//! The vault's entry points, decoded and encoded by hand in the WASM build.
//!
//! Why: the SDK's router costs about 480 bytes of WASM per entry point (alloy's generic decoder
//! and encoder, instantiated per signature); for the vault's 59 entry points that kept the
//! contract above Arbitrum's 24,576-byte code limit. Every argument and result of the vault is a
//! one-word value (or a `string`), so one `match` on the selector with the shared readers of
//! [`backstop_common::abi`] serves them all, the constructor included (with the SDK's generic
//! decoder for its two strings the vault was 2,669 bytes larger deployed). The ABI export build
//! keeps the typed `#[public]` methods, so the interface in `abi/` is generated from the same
//! methods; the tests check that this router serves exactly the signatures of that interface,
//! and compare its results with the typed methods' on alloy-encoded calls.
//!
//! Behaviour matches the SDK's router: call value is refused (the fallback is not payable), the
//! constructor runs once (in the SDK's guard slot), and calldata that is too short, a badly
//! padded `address` or `uint64`, a `string` outside the calldata or not UTF-8, or an unknown
//! selector reverts with empty data.

use alloc::vec::Vec;

use backstop_common::abi::{encode_string, encode_words, selector, split, Args, Word, CONSTRUCTOR};
use backstop_common::store::Store;
use stylus_sdk::ArbResult;

use crate::{BackstopVault, Error};

macro_rules! entry_points {
    ($($name:ident = $signature:literal;)*) => {
        $(const $name: [u8; 4] = selector($signature);)*

        /// The Solidity signature of every entry point [`BackstopVault::route`] serves.
        #[cfg(test)]
        pub(crate) const SIGNATURES: &[&str] = &[$($signature),*];
    };
}

entry_points! {
    NAME = "name()";
    SYMBOL = "symbol()";
    DECIMALS = "decimals()";
    TOTAL_SUPPLY = "totalSupply()";
    BALANCE_OF = "balanceOf(address)";
    ALLOWANCE = "allowance(address,address)";
    TRANSFER = "transfer(address,uint256)";
    TRANSFER_FROM = "transferFrom(address,address,uint256)";
    APPROVE = "approve(address,uint256)";
    ASSET = "asset()";
    TOTAL_ASSETS = "totalAssets()";
    CONVERT_TO_SHARES = "convertToShares(uint256)";
    CONVERT_TO_ASSETS = "convertToAssets(uint256)";
    MAX_DEPOSIT = "maxDeposit(address)";
    MAX_MINT = "maxMint(address)";
    MAX_WITHDRAW = "maxWithdraw(address)";
    MAX_REDEEM = "maxRedeem(address)";
    PREVIEW_DEPOSIT = "previewDeposit(uint256)";
    PREVIEW_MINT = "previewMint(uint256)";
    PREVIEW_WITHDRAW = "previewWithdraw(uint256)";
    PREVIEW_REDEEM = "previewRedeem(uint256)";
    DEPOSIT = "deposit(uint256,address)";
    MINT = "mint(uint256,address)";
    WITHDRAW = "withdraw(uint256,address,address)";
    REDEEM = "redeem(uint256,address,address)";
    COOLDOWN = "cooldown()";
    COOLDOWN_INFO = "cooldownInfo(address)";
    NOTIFY_PREMIUM = "notifyPremium(uint256)";
    COVER = "cover(uint256,address)";
    MAX_COVERABLE = "maxCoverable()";
    RETURN_FUNDS = "returnFunds(uint256)";
    UNVESTED_PREMIUM = "unvestedPremium()";
    VESTING_END = "vestingEnd()";
    FROZEN_UNTIL = "frozenUntil()";
    PAUSE = "pause()";
    UNPAUSE = "unpause()";
    PAUSED = "paused()";
    SWEEP = "sweep(address,address)";
    GOVERNANCE = "governance()";
    PENDING_GOVERNANCE = "pendingGovernance()";
    TRANSFER_GOVERNANCE = "transferGovernance(address)";
    ACCEPT_GOVERNANCE = "acceptGovernance()";
    LOSS_MODULE = "lossModule()";
    GUARDIAN = "guardian()";
    MIN_ASSETS = "minAssets()";
    DEPOSIT_CAP = "depositCap()";
    COOLDOWN_PERIOD = "cooldownPeriod()";
    UNSTAKE_WINDOW = "unstakeWindow()";
    PREMIUM_VESTING_PERIOD = "premiumVestingPeriod()";
    POST_LOSS_FREEZE = "postLossFreeze()";
    MAX_SLASH_BPS = "maxSlashBps()";
    SET_LOSS_MODULE = "setLossModule(address)";
    SET_GUARDIAN = "setGuardian(address)";
    SET_COOLDOWN_PERIOD = "setCooldownPeriod(uint64)";
    SET_UNSTAKE_WINDOW = "setUnstakeWindow(uint64)";
    SET_PREMIUM_VESTING_PERIOD = "setPremiumVestingPeriod(uint64)";
    SET_POST_LOSS_FREEZE = "setPostLossFreeze(uint64)";
    SET_MAX_SLASH_BPS = "setMaxSlashBps(uint256)";
    SET_DEPOSIT_CAP = "setDepositCap(uint256)";
}

/// A one-word result.
fn ok<W: Word>(value: W) -> ArbResult {
    Ok(encode_words(&[value.word()]))
}

/// A one-word result or the typed error.
fn res<W: Word>(result: Result<W, Error>) -> ArbResult {
    result.map(|v| encode_words(&[v.word()])).map_err(Vec::from)
}

/// No result, or the typed error.
fn done(result: Result<(), Error>) -> ArbResult {
    result.map(|()| Vec::new()).map_err(Vec::from)
}

impl BackstopVault {
    /// Runs the call in `input` (selector and arguments); see the module docs.
    pub(crate) fn route(&mut self, input: &[u8]) -> ArbResult {
        let (selector, args) = split(input).ok_or_else(Vec::new)?;
        self.dispatch(selector, args)
            .unwrap_or_else(|| Err(Vec::new()))
    }

    /// `None` for an unknown selector or malformed arguments.
    fn dispatch(&mut self, selector: [u8; 4], a: Args) -> Option<ArbResult> {
        Some(match selector {
            CONSTRUCTOR => {
                if !self.mark_constructed() {
                    return Some(Err(Vec::new()));
                }
                // The typed constructor's body, without copying the strings into `String`s.
                done(self._init(
                    a.address(0)?,
                    a.string(1)?,
                    a.string(2)?,
                    a.address(3)?,
                    a.address(4)?,
                    a.uint(5)?,
                    a.uint(6)?,
                    a.u64(7)?,
                    a.u64(8)?,
                ))
            }
            NAME => Ok(encode_string(self.name().as_bytes())),
            SYMBOL => Ok(encode_string(self.symbol().as_bytes())),
            DECIMALS => ok(self.decimals()),
            TOTAL_SUPPLY => ok(self.total_supply()),
            BALANCE_OF => ok(self.balance_of(a.address(0)?)),
            ALLOWANCE => ok(self.allowance(a.address(0)?, a.address(1)?)),
            TRANSFER => res(self.transfer(a.address(0)?, a.uint(1)?)),
            TRANSFER_FROM => res(self.transfer_from(a.address(0)?, a.address(1)?, a.uint(2)?)),
            APPROVE => res(self.approve(a.address(0)?, a.uint(1)?)),
            ASSET => ok(self.asset()),
            TOTAL_ASSETS => ok(self.total_assets()),
            CONVERT_TO_SHARES => res(self.convert_to_shares(a.uint(0)?)),
            CONVERT_TO_ASSETS => res(self.convert_to_assets(a.uint(0)?)),
            MAX_DEPOSIT => ok(self.max_deposit(a.address(0)?)),
            MAX_MINT => ok(self.max_mint(a.address(0)?)),
            MAX_WITHDRAW => ok(self.max_withdraw(a.address(0)?)),
            MAX_REDEEM => ok(self.max_redeem(a.address(0)?)),
            PREVIEW_DEPOSIT => res(self.preview_deposit(a.uint(0)?)),
            PREVIEW_MINT => res(self.preview_mint(a.uint(0)?)),
            PREVIEW_WITHDRAW => res(self.preview_withdraw(a.uint(0)?)),
            PREVIEW_REDEEM => res(self.preview_redeem(a.uint(0)?)),
            DEPOSIT => res(self.deposit(a.uint(0)?, a.address(1)?)),
            MINT => res(self.mint(a.uint(0)?, a.address(1)?)),
            WITHDRAW => res(self.withdraw(a.uint(0)?, a.address(1)?, a.address(2)?)),
            REDEEM => res(self.redeem(a.uint(0)?, a.address(1)?, a.address(2)?)),
            COOLDOWN => done(self.cooldown()),
            COOLDOWN_INFO => {
                let (shares, start, window_start, window_end) = self.cooldown_info(a.address(0)?);
                Ok(encode_words(&[
                    shares,
                    start.word(),
                    window_start.word(),
                    window_end.word(),
                ]))
            }
            NOTIFY_PREMIUM => done(self.notify_premium(a.uint(0)?)),
            COVER => res(self.cover(a.uint(0)?, a.address(1)?)),
            MAX_COVERABLE => ok(self.max_coverable()),
            RETURN_FUNDS => done(self.return_funds(a.uint(0)?)),
            UNVESTED_PREMIUM => ok(self.unvested_premium()),
            VESTING_END => ok(self.vesting_end()),
            FROZEN_UNTIL => ok(self.frozen_until()),
            PAUSE => done(self.pause()),
            UNPAUSE => done(self.unpause()),
            PAUSED => ok(self.paused()),
            SWEEP => res(self.sweep(a.address(0)?, a.address(1)?)),
            GOVERNANCE => ok(self.governance()),
            PENDING_GOVERNANCE => ok(self.pending_governance()),
            TRANSFER_GOVERNANCE => done(self.transfer_governance(a.address(0)?)),
            ACCEPT_GOVERNANCE => done(self.accept_governance()),
            LOSS_MODULE => ok(self.loss_module()),
            GUARDIAN => ok(self.guardian()),
            MIN_ASSETS => ok(self.min_assets()),
            DEPOSIT_CAP => ok(self.deposit_cap()),
            COOLDOWN_PERIOD => ok(self.cooldown_period()),
            UNSTAKE_WINDOW => ok(self.unstake_window()),
            PREMIUM_VESTING_PERIOD => ok(self.premium_vesting_period()),
            POST_LOSS_FREEZE => ok(self.post_loss_freeze()),
            MAX_SLASH_BPS => ok(self.max_slash_bps()),
            SET_LOSS_MODULE => done(self.set_loss_module(a.address(0)?)),
            SET_GUARDIAN => done(self.set_guardian(a.address(0)?)),
            SET_COOLDOWN_PERIOD => done(self.set_cooldown_period(a.u64(0)?)),
            SET_UNSTAKE_WINDOW => done(self.set_unstake_window(a.u64(0)?)),
            SET_PREMIUM_VESTING_PERIOD => done(self.set_premium_vesting_period(a.u64(0)?)),
            SET_POST_LOSS_FREEZE => done(self.set_post_loss_freeze(a.u64(0)?)),
            SET_MAX_SLASH_BPS => done(self.set_max_slash_bps(a.uint(0)?)),
            SET_DEPOSIT_CAP => done(self.set_deposit_cap(a.uint(0)?)),
            _ => return None,
        })
    }
}
