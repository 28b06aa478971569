//! The vault's storage is in the layout `store` declares: the SDK's storage types, which follow
//! Solidity's rules, read what the vault wrote where the declaration says.

use alloy_primitives::{Address, B256, U256, U64};
use backstop_common::short_string;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{
    StorageAddress, StorageB256, StorageBool, StorageMap, StorageU256, StorageU64, StorageU8,
};

use super::*;

/// `store`'s declaration, with the SDK's types.
#[storage]
struct Declared {
    name: StorageB256,
    symbol: StorageB256,
    decimals: StorageU8,
    total_supply: StorageU256,
    balances: StorageMap<Address, StorageU256>,
    allowances: StorageMap<B256, StorageU256>,
    asset: StorageAddress,
    total_assets: StorageU256,
    vest_amount: StorageU256,
    vest_start: StorageU64,
    vest_end: StorageU64,
    min_assets: StorageU256,
    deposit_cap: StorageU256,
    frozen_until: StorageU64,
    paused: StorageBool,
    cooldown_shares: StorageMap<Address, StorageU256>,
    cooldown_start: StorageMap<Address, StorageU64>,
    cooldown_period: StorageU64,
    unstake_window: StorageU64,
    premium_vesting_period: StorageU64,
    post_loss_freeze: StorageU64,
    max_slash_bps: StorageU256,
    governance: StorageAddress,
    pending_governance: StorageAddress,
    guardian: StorageAddress,
    loss_module: StorageAddress,
}

fn u64_of(value: &StorageU64) -> u64 {
    value.get().to::<u64>()
}

#[test]
fn every_variable_is_where_the_declaration_puts_it() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(100 * UNIT));
    env.as_(ALICE).vault.approve(BOB, u(7)).unwrap();
    env.cool_down(ALICE);
    env.fund(LOSS, u(10 * UNIT));
    env.as_(LOSS).vault.notify_premium(u(10 * UNIT)).unwrap();
    env.warp(DAY);
    env.cover(u(UNIT));
    env.as_(GOV).vault.pause().unwrap();
    env.as_(GOV).vault.transfer_governance(CAROL).unwrap();
    let d = Declared::from(&env.vm);
    let v = &env.vault;

    assert_eq!(short_string::unpack(d.name.get()), v.name());
    assert_eq!(short_string::unpack(d.symbol.get()), v.symbol());
    assert_eq!(d.decimals.get().to::<u8>(), v.decimals());
    assert_eq!(d.total_supply.get(), v.total_supply());
    assert_eq!(d.balances.get(ALICE), shares);
    let key = v._allowance_key(ALICE, BOB);
    assert_eq!(d.allowances.get(key), u(7));
    assert_eq!(d.asset.get(), ASSET);
    // The cover accrued the premium now: the stored books are the current ones.
    assert_eq!(d.total_assets.get(), v.total_assets());
    assert_eq!(d.vest_amount.get(), v.unvested_premium());
    assert!(d.vest_amount.get() > U256::ZERO);
    assert_eq!(u64_of(&d.vest_start), env.now());
    assert_eq!(u64_of(&d.vest_end), v.vesting_end());
    assert_eq!(d.min_assets.get(), v.min_assets());
    assert_eq!(d.deposit_cap.get(), v.deposit_cap());
    assert_eq!(u64_of(&d.frozen_until), v.frozen_until());
    assert!(v.frozen_until() > START && d.paused.get());
    assert_eq!(d.cooldown_shares.get(ALICE), shares);
    assert_eq!(d.cooldown_start.get(ALICE), U64::from(START));
    assert_eq!(u64_of(&d.cooldown_period), COOLDOWN);
    assert_eq!(u64_of(&d.unstake_window), WINDOW);
    assert_eq!(
        u64_of(&d.premium_vesting_period),
        v.premium_vesting_period()
    );
    assert_eq!(u64_of(&d.post_loss_freeze), v.post_loss_freeze());
    assert_eq!(d.max_slash_bps.get(), v.max_slash_bps());
    assert_eq!(d.governance.get(), GOV);
    assert_eq!(d.pending_governance.get(), CAROL);
    assert_eq!(d.guardian.get(), GUARDIAN);
    assert_eq!(d.loss_module.get(), LOSS);
}
