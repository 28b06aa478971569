//! Property tests of invariants 7 and 8 over random sequences of losses, settlements, mints and
//! time: `covered + uncovered == amount`; `covered <= min(capLeft, windowLeft, maxCoverable)` and
//! equal to what `coverageAvailable` announced; a repeated `lossId` is a no-op; no interval of one
//! window's length sees more than the limit covered (the window rolls); mints never exceed the
//! deficit or the per-period cap; the total deficit is the sum of the markets' deficits.

use std::collections::HashMap;

use alloy_primitives::{Address, U256};
use proptest::prelude::*;

use crate::support::*;
use stylus_sdk::prelude::*;

#[derive(Debug, Clone)]
enum Action {
    Loss { market: bool, id: u8, amount: u64 },
    SetVaultMax(u64),
    Advance(u64),
    Settle { market: bool, amount: u64 },
    Mint { market: bool, amount: u64 },
    SetCap { market: bool, cap: u64 },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (any::<bool>(), 0..6u8, 1..2_000u64).prop_map(|(market, id, amount)| Action::Loss { market, id, amount }),
        1 => (0..3_000u64).prop_map(Action::SetVaultMax),
        1 => (0..3 * 86_400u64).prop_map(Action::Advance),
        1 => (any::<bool>(), 0..1_500u64).prop_map(|(market, amount)| Action::Settle { market, amount }),
        1 => (any::<bool>(), 0..800u64).prop_map(|(market, amount)| Action::Mint { market, amount }),
        1 => (any::<bool>(), 0..20_000u64).prop_map(|(market, cap)| Action::SetCap { market, cap }),
    ]
}

fn pick(market: bool) -> Address {
    if market {
        MARKET
    } else {
        MARKET_B
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_keep_the_cover_and_mint_bounds(actions in prop::collection::vec(action(), 1..50)) {
        let mut env = deploy();
        env.vm.set_max_coverable(u(1_500));
        let mut first_results: HashMap<(Address, u8), (U256, U256)> = HashMap::new();
        let mut uncovered_total: HashMap<Address, U256> = HashMap::new();
        let mut minted_total: HashMap<Address, U256> = HashMap::new();
        // (period start, minted in it), tracked independently of the contract.
        let mut mint_periods: Vec<(u64, U256)> = Vec::new();
        // (time, amount) of every cover paid, tracked independently of the contract.
        let mut covers: Vec<(u64, U256)> = Vec::new();
        for action in actions {
            match action {
                Action::Loss { market, id, amount } => {
                    let m = pick(market);
                    let available = env.ab.coverage_available(m).unwrap();
                    let (_, cap, drawn, _) = env.ab.market_info(m);
                    let (used, limit, _, _) = env.ab.window_usage();
                    let vault_max = env.vm.max_coverable();
                    let covers_before = env.vm.covers().len();
                    let (covered, uncovered) = env.absorb(m, id, amount).unwrap();
                    if let Some(first) = first_results.get(&(m, id)) {
                        prop_assert_eq!((covered, uncovered), *first);
                        prop_assert_eq!(env.vm.covers().len(), covers_before);
                        continue;
                    }
                    first_results.insert((m, id), (covered, uncovered));
                    prop_assert_eq!(covered + uncovered, u(amount));
                    prop_assert!(covered <= cap.saturating_sub(drawn));
                    prop_assert!(covered <= limit.saturating_sub(used));
                    prop_assert!(covered <= vault_max);
                    prop_assert_eq!(covered, available.min(u(amount)));
                    *uncovered_total.entry(m).or_default() += uncovered;
                    let (used_after, limit_after, _, _) = env.ab.window_usage();
                    prop_assert!(used_after <= limit_after);
                    // Rolling: the covers of the last WINDOW seconds, counted independently of
                    // the contract, never exceed the limit, and are what windowUsage reports.
                    let now = env.vm.block_timestamp();
                    if !covered.is_zero() {
                        covers.push((now, covered));
                    }
                    let in_window: U256 = covers
                        .iter()
                        .filter(|&&(at, _)| at + WINDOW > now)
                        .map(|&(_, c)| c)
                        .sum();
                    prop_assert!(in_window <= u(MAX_COVER));
                    prop_assert_eq!(in_window, used_after);
                }
                Action::SetVaultMax(v) => env.vm.set_max_coverable(u(v)),
                Action::Advance(dt) => env.advance(dt),
                Action::Settle { market, amount } => {
                    let m = pick(market);
                    env.vm.mint_tokens(PAYER, u(amount));
                    env.vm.approve_tokens(PAYER, env.vm.contract_address(), u(amount));
                    let before = env.deficit(m);
                    env.vm.set_sender(PAYER);
                    let result = env.ab.settle_deficit(m, u(amount));
                    prop_assert_eq!(result.is_ok(), amount > 0 && u(amount) <= before);
                    if result.is_ok() {
                        prop_assert_eq!(env.deficit(m), before - u(amount));
                    }
                }
                Action::Mint { market, amount } => {
                    let m = pick(market);
                    let before = env.deficit(m);
                    let (minted, cap, start, _) = env.ab.mint_usage();
                    env.vm.set_sender(GOV);
                    let result = env.ab.emergency_mint(m, u(amount));
                    let allowed = amount > 0 && u(amount) <= before && u(amount) <= cap - minted;
                    prop_assert_eq!(result.is_ok(), allowed);
                    if allowed {
                        *minted_total.entry(m).or_default() += u(amount);
                        match mint_periods.last_mut() {
                            Some((s, total)) if *s == start => *total += u(amount),
                            _ => mint_periods.push((start, u(amount))),
                        }
                    }
                }
                Action::SetCap { market, cap } => {
                    env.vm.set_sender(GOV);
                    env.ab.set_market_cap(pick(market), u(cap)).unwrap();
                }
            }
            prop_assert_eq!(env.ab.total_deficit(), env.deficit(MARKET) + env.deficit(MARKET_B));
        }
        // Invariant 8: minted per market <= the deficit it recorded; per period <= the cap.
        for m in [MARKET, MARKET_B] {
            let minted = minted_total.get(&m).copied().unwrap_or_default();
            prop_assert!(minted <= uncovered_total.get(&m).copied().unwrap_or_default());
        }
        for (i, (start, total)) in mint_periods.iter().enumerate() {
            prop_assert!(*total <= u(MINT_CAP));
            if i > 0 {
                prop_assert!(*start >= mint_periods[i - 1].0 + MINT_PERIOD);
            }
        }
    }
}
