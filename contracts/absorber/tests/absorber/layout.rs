//! The absorber's storage is in the layout its `store` module declares: the SDK's storage types,
//! which follow Solidity's rules, read what the absorber wrote where the declaration says.

use alloy_primitives::{Address, B256};
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{
    StorageAddress, StorageBool, StorageMap, StorageU256, StorageU64, StorageVec,
};

use crate::support::*;

#[storage]
struct Market {
    enabled: StorageBool,
    cap: StorageU256,
    drawn: StorageU256,
    deficit: StorageU256,
}

#[storage]
struct LossRecord {
    amount: StorageU256,
    covered: StorageU256,
}

#[storage]
struct CoverEntry {
    at: StorageU64,
    total: StorageU256,
}

/// The declaration in the absorber's `store` module, with the SDK's types.
#[storage]
struct Declared {
    governance: StorageAddress,
    pending_governance: StorageAddress,
    vault: StorageAddress,
    asset: StorageAddress,
    markets: StorageMap<Address, Market>,
    losses: StorageMap<Address, StorageMap<B256, LossRecord>>,
    total_deficit: StorageU256,
    max_cover_per_window: StorageU256,
    cover_window: StorageU64,
    cover_log: StorageVec<CoverEntry>,
    mint_cap_per_period: StorageU256,
    mint_period: StorageU64,
    mint_period_start: StorageU64,
    minted_in_period: StorageU256,
}

fn u64_of(value: &StorageU64) -> u64 {
    value.get().to::<u64>()
}

#[test]
fn every_variable_is_where_the_declaration_puts_it() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 300).unwrap();
    env.advance(60);
    env.vm.set_max_coverable(u(100));
    env.absorb(MARKET, 2, 500).unwrap();
    env.vm.set_sender(GOV);
    env.ab.emergency_mint(MARKET, u(40)).unwrap();
    env.ab.remove_market(MARKET_B).unwrap();
    env.ab.transfer_governance(NEW_GOV).unwrap();
    let d = Declared::from(&*env.vm);

    assert_eq!(d.governance.get(), GOV);
    assert_eq!(d.pending_governance.get(), NEW_GOV);
    assert_eq!(d.vault.get(), VAULT);
    assert_eq!(d.asset.get(), ASSET);
    let m = d.markets.getter(MARKET);
    assert!(m.enabled.get());
    assert!(!d.markets.getter(MARKET_B).enabled.get());
    assert_eq!(
        (m.cap.get(), m.drawn.get(), m.deficit.get()),
        (u(MARKET_CAP), u(400), u(360))
    );
    let losses = d.losses.getter(MARKET);
    let second = losses.getter(loss_id(2));
    assert_eq!(
        (second.amount.get(), second.covered.get()),
        (u(500), u(100))
    );
    assert_eq!(d.total_deficit.get(), u(360));
    assert_eq!(d.max_cover_per_window.get(), u(MAX_COVER));
    assert_eq!(u64_of(&d.cover_window), WINDOW);
    assert_eq!(d.cover_log.len(), 2);
    let last = d.cover_log.getter(1).unwrap();
    assert_eq!((u64_of(&last.at), last.total.get()), (T0 + 60, u(400)));
    assert_eq!(d.mint_cap_per_period.get(), u(MINT_CAP));
    assert_eq!(u64_of(&d.mint_period), MINT_PERIOD);
    assert_eq!(u64_of(&d.mint_period_start), T0 + 60);
    assert_eq!(d.minted_in_period.get(), u(40));
}
