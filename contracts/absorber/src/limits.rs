//! Pure arithmetic of the absorber's limits, testable without a chain.
//!
//! - The cover limit (`maxCoverPerWindow` per `coverWindow`, across all markets) is rolling and
//!   exact: a cover paid at time `at` counts against the limit while `now < at + coverWindow`, so
//!   no interval of `coverWindow` seconds ever sees more than the limit covered. The contract logs
//!   every cover as `(at, runningTotal)`; [`first_in_window`] finds the oldest cover still counted
//!   (a binary search, so `absorbLoss` costs O(log n) storage reads however many covers were paid)
//!   and [`window_used`] the amount covered since.
//! - The mint cap (`mintCapPerPeriod` per `mintPeriod`) is a [`PeriodUsage`]: an amount used since
//!   the period started. A period starts at the first mint after the previous one ended (not at
//!   fixed epochs), so within one period at most the cap is minted.

use alloy_primitives::U256;

/// Smallest cover window or mint period, in seconds (1 hour).
pub const MIN_PERIOD: u64 = 3_600;
/// Largest cover window, in seconds (30 days).
pub const MAX_COVER_WINDOW: u64 = 30 * 86_400;
/// Largest mint period, in seconds (365 days).
pub const MAX_MINT_PERIOD: u64 = 365 * 86_400;

/// Usage of a per-period limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodUsage {
    /// When the period started, in seconds.
    pub start: u64,
    /// Amount used since `start`.
    pub used: U256,
}

impl PeriodUsage {
    /// The usage that applies at `now`: the stored one while its period runs, else a fresh
    /// period starting at `now`.
    pub fn at(stored_start: u64, stored_used: U256, period: u64, now: u64) -> Self {
        if now >= stored_start.saturating_add(period) {
            Self {
                start: now,
                used: U256::ZERO,
            }
        } else {
            Self {
                start: stored_start,
                used: stored_used,
            }
        }
    }

    /// What is left of `limit` (0 when a lowered limit is already exceeded).
    pub fn left(&self, limit: U256) -> U256 {
        limit.saturating_sub(self.used)
    }

    /// End of the period, in seconds.
    pub fn end(&self, period: u64) -> u64 {
        self.start.saturating_add(period)
    }
}

/// Index of the oldest logged cover still in the window at `now`: the smallest `i < len` with
/// `at(i) + window > now`, or `len` if none is. Cover times must be non-decreasing (block times
/// are), so the covers in the window are exactly those from the returned index on.
pub fn first_in_window(len: usize, at: impl Fn(usize) -> u64, window: u64, now: u64) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        if at(mid).saturating_add(window) > now {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    low
}

/// Amount covered by the logged covers from index `first` on, given the running totals of the
/// last cover and of the one before `first` (`None` when `first` is 0). Running totals wrap at
/// 2^256, so the difference is exact as long as less than 2^256 is covered within one window,
/// which no real asset can reach.
pub fn window_used(last_total: U256, total_before_first: Option<U256>) -> U256 {
    last_total.wrapping_sub(total_before_first.unwrap_or(U256::ZERO))
}

/// Splits a loss of `amount` into `(covered, uncovered)`: the vault covers at most what is left
/// of the market's cap, of the window, and what the vault can pay; the rest is deficit.
pub fn split_loss(
    amount: U256,
    cap_left: U256,
    window_left: U256,
    vault_max: U256,
) -> (U256, U256) {
    let covered = amount.min(cap_left).min(window_left).min(vault_max);
    (covered, amount - covered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn u(v: u64) -> U256 {
        U256::from(v)
    }

    #[test]
    fn a_period_runs_until_its_end_then_restarts_at_the_first_use() {
        let running = PeriodUsage::at(1_000, u(5), 100, 1_099);
        assert_eq!(
            running,
            PeriodUsage {
                start: 1_000,
                used: u(5)
            }
        );
        let fresh = PeriodUsage::at(1_000, u(5), 100, 1_100);
        assert_eq!(
            fresh,
            PeriodUsage {
                start: 1_100,
                used: U256::ZERO
            }
        );
        assert_eq!(fresh.end(100), 1_200);
    }

    #[test]
    fn left_is_zero_when_a_lowered_limit_is_exceeded() {
        let usage = PeriodUsage {
            start: 0,
            used: u(10),
        };
        assert_eq!(usage.left(u(4)), U256::ZERO);
        assert_eq!(usage.left(u(15)), u(5));
    }

    #[test]
    fn the_window_holds_the_covers_of_the_last_window_seconds() {
        let times = [100u64, 100, 150, 200, 260];
        let first = |now| first_in_window(times.len(), |i| times[i], 100, now);
        assert_eq!(first(150), 0, "a cover at 100 counts until 199");
        assert_eq!(first(199), 0);
        assert_eq!(first(200), 2, "both covers at 100 leave together");
        assert_eq!(first(359), 4);
        assert_eq!(first(360), 5, "none left");
        assert_eq!(first_in_window(0, |_| unreachable!(), 100, 5), 0);
        // A window longer than the chain's age holds everything.
        assert_eq!(first_in_window(times.len(), |i| times[i], u64::MAX, 400), 0);
    }

    #[test]
    fn window_used_is_the_difference_of_running_totals_even_across_a_wrap() {
        assert_eq!(window_used(u(70), None), u(70));
        assert_eq!(window_used(u(70), Some(u(30))), u(40));
        let before = U256::MAX - u(9);
        let last = before.wrapping_add(u(25));
        assert_eq!(window_used(last, Some(before)), u(25));
    }

    #[test]
    fn split_loss_is_bound_by_the_smallest_limit() {
        assert_eq!(split_loss(u(100), u(30), u(50), u(80)), (u(30), u(70)));
        assert_eq!(split_loss(u(100), u(300), u(50), u(80)), (u(50), u(50)));
        assert_eq!(split_loss(u(100), u(300), u(500), u(0)), (u(0), u(100)));
        assert_eq!(split_loss(u(10), u(300), u(500), u(80)), (u(10), u(0)));
    }

    fn any_u256() -> impl Strategy<Value = U256> {
        prop_oneof![
            any::<u64>().prop_map(U256::from),
            any::<[u64; 4]>().prop_map(U256::from_limbs),
            Just(U256::MAX),
            Just(U256::ZERO),
        ]
    }

    proptest! {
        #[test]
        fn split_loss_sums_to_the_amount_and_respects_every_bound(
            amount in any_u256(), cap in any_u256(), window in any_u256(), vault in any_u256()
        ) {
            let (covered, uncovered) = split_loss(amount, cap, window, vault);
            prop_assert_eq!(covered.checked_add(uncovered), Some(amount));
            prop_assert!(covered <= cap && covered <= window && covered <= vault && covered <= amount);
            // Covered is the largest amount that respects the bounds.
            prop_assert!(covered == amount || covered == cap || covered == window || covered == vault);
        }

        #[test]
        fn first_in_window_matches_a_linear_scan(
            gaps in prop::collection::vec(0u64..5_000, 0..40),
            window in 1u64..20_000,
            after in 0u64..30_000,
        ) {
            let mut times = Vec::new();
            let mut t = 1_700_000_000u64;
            for gap in gaps {
                t += gap;
                times.push(t);
            }
            let now = t + after;
            let expected = times.iter().position(|&at| at + window > now).unwrap_or(times.len());
            prop_assert_eq!(first_in_window(times.len(), |i| times[i], window, now), expected);
        }

        #[test]
        fn usage_never_exceeds_the_limit_within_a_period(
            limit in 0u64..1_000_000, period in MIN_PERIOD..MAX_COVER_WINDOW,
            steps in prop::collection::vec((0u64..200_000, 0u64..400_000), 1..30)
        ) {
            let (mut start, mut used) = (0u64, U256::ZERO);
            let mut now = 1_700_000_000u64;
            for (dt, want) in steps {
                now += dt;
                let usage = PeriodUsage::at(start, used, period, now);
                let take = U256::from(want).min(usage.left(U256::from(limit)));
                start = usage.start;
                used = usage.used + take;
                prop_assert!(used <= U256::from(limit));
                prop_assert!(now >= start && now < start + period);
            }
        }
    }
}
