use alloy_primitives::{Address, U256};
use loss_absorber::*;

use crate::support::*;
use stylus_sdk::prelude::*;

#[test]
fn add_market_enables_it_with_its_cap_and_emits_market_added() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.add_market(OUTSIDER, u(77)).unwrap();
    assert_eq!(
        env.ab.market_info(OUTSIDER),
        (true, u(77), U256::ZERO, U256::ZERO)
    );
    let added = env.events::<MarketAdded>().pop().unwrap();
    assert_eq!((added.market, added.coverageCap), (OUTSIDER, u(77)));
}

#[test]
fn add_market_rejects_zero_and_an_already_enabled_market() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    assert_eq!(
        env.ab.add_market(Address::ZERO, u(1)),
        Err(AbsorberError::ZeroAddress(ZeroAddress {}))
    );
    assert_eq!(
        env.ab.add_market(MARKET, u(1)),
        Err(AbsorberError::MarketAlreadyEnabled(MarketAlreadyEnabled {
            market: MARKET
        }))
    );
}

#[test]
fn set_market_cap_changes_the_cap_and_emits_old_and_new() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.set_market_cap(MARKET, u(5)).unwrap();
    assert_eq!(env.ab.market_info(MARKET).1, u(5));
    let set = env.events::<MarketCapSet>().pop().unwrap();
    assert_eq!(
        (set.market, set.oldCap, set.newCap),
        (MARKET, u(MARKET_CAP), u(5))
    );
    assert_eq!(
        env.ab.set_market_cap(OUTSIDER, u(5)),
        Err(not_enabled(OUTSIDER))
    );
}

#[test]
fn a_cap_lowered_below_what_was_drawn_leaves_nothing_to_cover() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 400).unwrap();
    env.vm.set_sender(GOV);
    env.ab.set_market_cap(MARKET, u(100)).unwrap();
    assert_eq!(env.ab.coverage_available(MARKET), Ok(U256::ZERO));
    assert_eq!(env.absorb(MARKET, 2, 50), Ok((U256::ZERO, u(50))));
}

#[test]
fn remove_market_disables_it_but_keeps_its_deficit_settleable_and_mintable() {
    let mut env = deploy();
    env.vm.set_max_coverable(U256::ZERO);
    env.absorb(MARKET, 1, 300).unwrap();
    env.vm.set_sender(GOV);
    env.ab.remove_market(MARKET).unwrap();
    let removed = env.events::<MarketRemoved>().pop().unwrap();
    assert_eq!((removed.market, removed.deficit), (MARKET, u(300)));
    assert_eq!(
        env.ab.market_info(MARKET),
        (false, u(MARKET_CAP), U256::ZERO, u(300))
    );
    assert_eq!(env.absorb(MARKET, 2, 10), Err(not_enabled(MARKET)));
    assert_eq!(env.ab.coverage_available(MARKET), Ok(U256::ZERO));

    env.vm.set_sender(GOV);
    env.ab.emergency_mint(MARKET, u(100)).unwrap();
    env.vm.mint_tokens(PAYER, u(50));
    env.vm
        .approve_tokens(PAYER, env.vm.contract_address(), u(50));
    env.vm.set_sender(PAYER);
    env.ab.settle_deficit(MARKET, u(50)).unwrap();
    assert_eq!(env.deficit(MARKET), u(150));
    assert_eq!(env.ab.total_deficit(), u(150));
}

#[test]
fn remove_market_rejects_a_market_that_is_not_enabled() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    assert_eq!(env.ab.remove_market(OUTSIDER), Err(not_enabled(OUTSIDER)));
}

#[test]
fn re_adding_a_removed_market_sets_a_new_cap_and_keeps_what_it_drew() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 400).unwrap();
    env.vm.set_sender(GOV);
    env.ab.remove_market(MARKET).unwrap();
    env.ab.add_market(MARKET, u(500)).unwrap();
    assert_eq!(
        env.ab.market_info(MARKET),
        (true, u(500), u(400), U256::ZERO)
    );
    assert_eq!(env.ab.coverage_available(MARKET), Ok(u(100)));
}

#[test]
fn set_cover_window_and_set_mint_cap_change_the_limits_with_events() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.set_cover_window(u(5), 7_200).unwrap();
    env.ab.set_mint_cap(u(9), 3_600).unwrap();
    assert_eq!(
        (env.ab.max_cover_per_window(), env.ab.cover_window()),
        (u(5), 7_200)
    );
    assert_eq!(
        (env.ab.mint_cap_per_period(), env.ab.mint_period()),
        (u(9), 3_600)
    );
    let w = env.events::<CoverWindowSet>().pop().unwrap();
    assert_eq!(
        (
            w.oldMaxCoverPerWindow,
            w.newMaxCoverPerWindow,
            w.oldCoverWindow,
            w.newCoverWindow
        ),
        (u(MAX_COVER), u(5), WINDOW, 7_200)
    );
    let m = env.events::<MintCapSet>().pop().unwrap();
    assert_eq!(
        (
            m.oldMintCapPerPeriod,
            m.newMintCapPerPeriod,
            m.oldMintPeriod,
            m.newMintPeriod
        ),
        (u(MINT_CAP), u(9), MINT_PERIOD, 3_600)
    );
    assert_eq!(
        env.ab.set_cover_window(u(5), 60),
        Err(AbsorberError::InvalidCoverWindow(InvalidCoverWindow {
            coverWindow: 60,
            min: 3_600,
            max: 30 * 86_400
        }))
    );
    assert_eq!(
        env.ab.set_mint_cap(u(5), 60),
        Err(AbsorberError::InvalidMintPeriod(InvalidMintPeriod {
            mintPeriod: 60,
            min: 3_600,
            max: 365 * 86_400
        }))
    );
}
