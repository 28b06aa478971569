//! The vault's arithmetic as plain value types, testable without a VM.
//!
//! - [`Book`]: ERC-4626 conversions with virtual shares and assets
//!   (`shares = assets * (supply + 10^3) / (totalAssets + 1)`), rounding named at every call.
//! - [`Vesting`]: linear premium vesting.
//! - [`max_coverable`]: what a cover may take (max slash and the `MIN_ASSETS` floor).
//! - [`Cooldown`]: the exit cooldown snapshot and its unstake window.
//!
//! Every function returns `None` instead of overflowing; callers turn that into a typed error,
//! or into 0 / saturation in views that must never revert.

use alloy_primitives::U256;
use backstop_common::{mul_div_down, mul_div_up, BPS_DENOMINATOR};

/// Extra decimals of the shares over the asset; `10^DECIMALS_OFFSET` virtual shares.
pub const DECIMALS_OFFSET: u8 = 3;
/// Virtual shares added to the supply in conversions: `10^DECIMALS_OFFSET`.
pub const VIRTUAL_SHARES: u64 = 1_000;
/// Virtual assets added to `totalAssets` in conversions.
pub const VIRTUAL_ASSETS: u64 = 1;

/// Rounding direction of a conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero: used for what the vault pays or mints.
    Down,
    /// Away from zero: used for what the vault charges or burns.
    Up,
}

fn mul_div(a: U256, b: U256, d: U256, rounding: Rounding) -> Option<U256> {
    match rounding {
        Rounding::Down => mul_div_down(a, b, d),
        Rounding::Up => mul_div_up(a, b, d),
    }
}

/// Accounted assets (vested, excluding unvested premium) and share supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Book {
    /// The vault's accounted assets (`totalAssets()`).
    pub total_assets: U256,
    /// The share supply (`totalSupply()`).
    pub total_supply: U256,
}

impl Book {
    fn virtual_supply(&self) -> Option<U256> {
        self.total_supply.checked_add(U256::from(VIRTUAL_SHARES))
    }

    fn virtual_assets(&self) -> Option<U256> {
        self.total_assets.checked_add(U256::from(VIRTUAL_ASSETS))
    }

    /// Shares worth `assets`.
    pub fn to_shares(&self, assets: U256, rounding: Rounding) -> Option<U256> {
        mul_div(
            assets,
            self.virtual_supply()?,
            self.virtual_assets()?,
            rounding,
        )
    }

    /// Assets worth `shares`.
    pub fn to_assets(&self, shares: U256, rounding: Rounding) -> Option<U256> {
        mul_div(
            shares,
            self.virtual_assets()?,
            self.virtual_supply()?,
            rounding,
        )
    }

    /// `maxWithdraw` of an owner who may redeem `redeemable` shares: their value, rounded down
    /// (0 if it does not fit, as a view must not revert).
    pub fn max_withdraw(&self, redeemable: U256) -> U256 {
        self.to_assets(redeemable, Rounding::Down)
            .unwrap_or(U256::ZERO)
    }
}

/// What a cover may take now: `min(totalAssets * maxSlashBps / 10_000, totalAssets - minAssets)`,
/// 0 at or below the floor. Rounded down (the vault keeps the remainder).
pub fn max_coverable(total_assets: U256, max_slash_bps: U256, min_assets: U256) -> U256 {
    if total_assets <= min_assets {
        return U256::ZERO;
    }
    let above_floor = total_assets - min_assets;
    // max_slash_bps < 10_000, so the product over 10_000 never exceeds total_assets.
    let by_slash = mul_div_down(total_assets, max_slash_bps, U256::from(BPS_DENOMINATOR))
        .unwrap_or(above_floor);
    by_slash.min(above_floor)
}

/// Premium that vests linearly from `start` to `end`: `amount` was unvested at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Vesting {
    /// Unvested amount at `start`.
    pub amount: U256,
    /// Start of the current linear schedule, in seconds.
    pub start: u64,
    /// End of the schedule, in seconds; nothing is unvested from then on.
    pub end: u64,
}

impl Vesting {
    /// The part still unvested at `now`, rounded up (the vault never counts as vested, or lets
    /// anyone withdraw, premium that has not vested yet).
    pub fn unvested(&self, now: u64) -> U256 {
        if self.amount.is_zero() || now >= self.end {
            return U256::ZERO;
        }
        if now <= self.start {
            return self.amount;
        }
        // end > now > start, so the divisor is positive and the ratio below 1.
        mul_div_up(
            self.amount,
            U256::from(self.end - now),
            U256::from(self.end - self.start),
        )
        .unwrap_or(self.amount)
    }

    /// The part vested at `now`.
    pub fn vested(&self, now: u64) -> U256 {
        self.amount - self.unvested(now)
    }

    /// The same schedule re-based at `now` (what is vested moves out of it). The unvested curve
    /// is unchanged: `amount * (end - t) / (end - start)` for every `t >= now`, up to rounding.
    pub fn rebased(&self, now: u64) -> Vesting {
        let amount = self.unvested(now);
        if amount.is_zero() {
            return Vesting::default();
        }
        Vesting {
            amount,
            start: now,
            end: self.end,
        }
    }

    /// A new schedule at `now` for `added` premium plus what is still unvested, over `period`
    /// seconds. `None` on overflow.
    pub fn restarted(&self, now: u64, added: U256, period: u64) -> Option<Vesting> {
        let amount = self.unvested(now).checked_add(added)?;
        Some(Vesting {
            amount,
            start: now,
            end: now.checked_add(period)?,
        })
    }
}

/// An exit cooldown: `shares` snapshotted at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cooldown {
    /// Shares that may leave during the window (0: no cooldown).
    pub shares: U256,
    /// When `cooldown()` was called, in seconds.
    pub start: u64,
}

impl Cooldown {
    /// `(windowStart, windowEnd)`: the shares are redeemable for `now` in
    /// `windowStart <= now < windowEnd`. Saturates instead of overflowing.
    pub fn window(&self, cooldown_period: u64, unstake_window: u64) -> (u64, u64) {
        let window_start = self.start.saturating_add(cooldown_period);
        (window_start, window_start.saturating_add(unstake_window))
    }

    /// Whether the window is open at `now` (and there is a snapshot).
    pub fn is_open(&self, now: u64, cooldown_period: u64, unstake_window: u64) -> bool {
        let (start, end) = self.window(cooldown_period, unstake_window);
        !self.shares.is_zero() && start <= now && now < end
    }

    /// Shares the owner may redeem at `now`: the snapshot (never above `balance`) while the
    /// window is open, else 0.
    pub fn redeemable(
        &self,
        balance: U256,
        now: u64,
        cooldown_period: u64,
        unstake_window: u64,
    ) -> U256 {
        if self.is_open(now, cooldown_period, unstake_window) {
            self.shares.min(balance)
        } else {
            U256::ZERO
        }
    }

    /// The snapshot after `spent` shares left through redeem/withdraw and the balance became
    /// `balance_after`: lowered by `spent` and never above the balance.
    pub fn after_exit(&self, spent: U256, balance_after: U256) -> Cooldown {
        Cooldown {
            shares: self.shares.saturating_sub(spent).min(balance_after),
            start: self.start,
        }
    }

    /// The snapshot after a transfer out left `balance_after`: capped at the balance.
    pub fn after_transfer_out(&self, balance_after: U256) -> Cooldown {
        Cooldown {
            shares: self.shares.min(balance_after),
            start: self.start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(x: u128) -> U256 {
        U256::from(x)
    }

    #[test]
    fn an_empty_vault_mints_a_thousand_shares_per_asset_unit() {
        let book = Book {
            total_assets: U256::ZERO,
            total_supply: U256::ZERO,
        };
        assert_eq!(book.to_shares(u(5), Rounding::Down), Some(u(5_000)));
        assert_eq!(book.to_assets(u(5_000), Rounding::Down), Some(u(5)));
    }

    #[test]
    fn conversions_round_in_the_requested_direction() {
        let book = Book {
            total_assets: u(3),
            total_supply: u(2_000),
        };
        // 1 * 3000 / 4 = 750 exactly; 1 share -> 4 / 3000 assets.
        assert_eq!(book.to_shares(u(1), Rounding::Down), Some(u(750)));
        assert_eq!(book.to_assets(u(1), Rounding::Down), Some(U256::ZERO));
        assert_eq!(book.to_assets(u(1), Rounding::Up), Some(u(1)));
    }

    #[test]
    fn conversions_report_overflow_as_none() {
        let book = Book {
            total_assets: U256::MAX,
            total_supply: u(1),
        };
        assert_eq!(book.to_shares(u(1), Rounding::Down), None);
        let book = Book {
            total_assets: u(1),
            total_supply: U256::MAX,
        };
        assert_eq!(book.to_assets(u(1), Rounding::Down), None);
    }

    #[test]
    fn max_coverable_is_the_smaller_of_slash_and_floor() {
        assert_eq!(max_coverable(u(1_000), u(3_000), u(1)), u(300));
        assert_eq!(max_coverable(u(1_000), u(9_999), u(100)), u(900));
        assert_eq!(max_coverable(u(100), u(3_000), u(100)), U256::ZERO);
        assert_eq!(max_coverable(u(50), u(3_000), u(100)), U256::ZERO);
        // A huge total still divides on 512 bits instead of overflowing.
        assert_eq!(max_coverable(U256::MAX, u(5_000), u(1)), U256::MAX / u(2));
    }

    #[test]
    fn vesting_is_linear_and_rounds_the_unvested_part_up() {
        let v = Vesting {
            amount: u(700),
            start: 100,
            end: 800,
        };
        assert_eq!(v.unvested(100), u(700));
        assert_eq!(v.unvested(450), u(350));
        assert_eq!(v.unvested(799), u(1));
        assert_eq!(v.unvested(800), U256::ZERO);
        let w = Vesting {
            amount: u(10),
            start: 0,
            end: 3,
        };
        assert_eq!(w.unvested(1), u(7)); // 6.67 rounded up
        assert_eq!(w.vested(1), u(3));
    }

    #[test]
    fn a_new_premium_restarts_the_period_with_the_unvested_rest() {
        let v = Vesting {
            amount: u(700),
            start: 100,
            end: 800,
        };
        let r = v.restarted(450, u(100), 1_000).unwrap();
        assert_eq!(
            r,
            Vesting {
                amount: u(450),
                start: 450,
                end: 1_450
            }
        );
    }

    #[test]
    fn a_cooldown_window_is_half_open() {
        let c = Cooldown {
            shares: u(10),
            start: 1_000,
        };
        assert!(!c.is_open(1_099, 100, 50));
        assert!(c.is_open(1_100, 100, 50));
        assert!(c.is_open(1_149, 100, 50));
        assert!(!c.is_open(1_150, 100, 50));
        assert_eq!(c.redeemable(u(4), 1_120, 100, 50), u(4));
        assert_eq!(Cooldown::default().redeemable(u(4), 0, 0, 50), U256::ZERO);
    }

    #[test]
    fn exits_and_transfers_lower_the_snapshot() {
        let c = Cooldown {
            shares: u(10),
            start: 5,
        };
        assert_eq!(c.after_exit(u(4), u(20)).shares, u(6));
        assert_eq!(c.after_exit(u(4), u(3)).shares, u(3));
        assert_eq!(c.after_transfer_out(u(7)).shares, u(7));
        assert_eq!(c.after_transfer_out(u(70)).shares, u(10));
    }

    fn book() -> impl Strategy<Value = Book> {
        (0u128..1u128 << 100, 0u128..1u128 << 110).prop_map(|(a, s)| Book {
            total_assets: u(a),
            total_supply: u(s),
        })
    }

    proptest! {
        #[test]
        fn shares_for_assets_never_buy_back_more_assets(b in book(), assets in 0u128..1u128 << 100) {
            let shares = b.to_shares(u(assets), Rounding::Down).unwrap();
            prop_assert!(b.to_assets(shares, Rounding::Down).unwrap() <= u(assets));
        }

        #[test]
        fn rounding_up_is_never_below_rounding_down(b in book(), x in 0u128..1u128 << 100) {
            let (d, up) = (b.to_shares(u(x), Rounding::Down).unwrap(), b.to_shares(u(x), Rounding::Up).unwrap());
            prop_assert!(up == d || up == d + u(1));
            let (d, up) = (b.to_assets(u(x), Rounding::Down).unwrap(), b.to_assets(u(x), Rounding::Up).unwrap());
            prop_assert!(up == d || up == d + u(1));
        }

        #[test]
        fn max_coverable_never_breaches_floor_or_slash(ta in 0u128.., bps in 0u64..10_000, floor in 0u128..1u128 << 64) {
            let c = max_coverable(u(ta), U256::from(bps), u(floor));
            prop_assert!(c <= u(ta) * U256::from(bps) / u(10_000));
            prop_assert!(c.is_zero() || u(ta) - c >= u(floor));
        }

        #[test]
        fn vested_never_decreases_and_ends_complete(amount in 0u128.., start in 0u64..1_000_000, len in 1u64..1_000_000, t1 in 0u64..3_000_000, t2 in 0u64..3_000_000) {
            let v = Vesting { amount: u(amount), start, end: start + len };
            let (a, b) = (t1.min(t2), t1.max(t2));
            prop_assert!(v.vested(a) <= v.vested(b));
            prop_assert_eq!(v.vested(start + len), u(amount));
        }

        #[test]
        fn rebasing_keeps_the_schedule(amount in 0u128..1u128 << 100, len in 1u64..100_000, at in 0u64..100_000, later in 0u64..100_000) {
            let v = Vesting { amount: u(amount), start: 0, end: len };
            let r = v.rebased(at);
            let t = at + later;
            let (a, b) = (v.unvested(t), r.unvested(t));
            // Each rounding is up by < 1 unit, so the two schedules differ by at most 1.
            prop_assert!(a.max(b) - a.min(b) <= u(1));
        }
    }
}
