use alloy_primitives::U256;
use backstop_common::testing::TokenBehaviour;
use loss_absorber::*;

use crate::support::*;
use stylus_sdk::prelude::*;

/// An env where `MARKET` has a deficit of 1,000 (the vault is empty).
fn with_deficit() -> Env {
    let mut env = deploy();
    env.vm.set_max_coverable(U256::ZERO);
    env.absorb(MARKET, 1, 1_000).unwrap();
    env
}

fn fund_payer(env: &Env, amount: u64) {
    env.vm.mint_tokens(PAYER, u(amount));
    env.vm
        .approve_tokens(PAYER, env.vm.contract_address(), u(amount));
}

#[test]
fn settle_deficit_moves_the_payers_tokens_to_the_market_and_lowers_the_deficit() {
    let mut env = with_deficit();
    fund_payer(&env, 400);
    env.vm.set_sender(PAYER);
    env.ab.settle_deficit(MARKET, u(400)).unwrap();
    assert_eq!(env.vm.token_balance(MARKET), u(400));
    assert_eq!(env.vm.token_balance(PAYER), U256::ZERO);
    assert_eq!(env.deficit(MARKET), u(600));
    assert_eq!(env.ab.total_deficit(), u(600));
    let e = env.events::<DeficitSettled>().pop().unwrap();
    assert_eq!(
        (e.market, e.payer, e.amount, e.deficitLeft),
        (MARKET, PAYER, u(400), u(600))
    );
}

#[test]
fn settle_deficit_above_the_deficit_is_refused() {
    let mut env = with_deficit();
    fund_payer(&env, 2_000);
    env.vm.set_sender(PAYER);
    assert_eq!(
        env.ab.settle_deficit(MARKET, u(1_001)),
        Err(AbsorberError::SettleExceedsDeficit(SettleExceedsDeficit {
            market: MARKET,
            amount: u(1_001),
            deficit: u(1_000)
        }))
    );
    assert_eq!(
        env.ab.settle_deficit(MARKET, U256::ZERO),
        Err(AbsorberError::ZeroAmount(ZeroAmount {}))
    );
}

#[test]
fn a_market_cannot_settle_its_own_deficit() {
    let mut env = with_deficit();
    env.vm.set_sender(MARKET);
    assert_eq!(
        env.ab.settle_deficit(MARKET, u(1)),
        Err(AbsorberError::SelfSettlement(SelfSettlement {
            market: MARKET
        }))
    );
}

#[test]
fn settle_deficit_without_allowance_reports_the_failed_transfer() {
    let mut env = with_deficit();
    env.vm.mint_tokens(PAYER, u(10));
    env.vm.set_sender(PAYER);
    assert_eq!(
        env.ab.settle_deficit(MARKET, u(10)),
        Err(AbsorberError::AssetTransferFailed(AssetTransferFailed {
            asset: ASSET,
            reason: 2
        }))
    );
}

#[test]
fn emergency_mint_mints_to_the_market_and_lowers_the_deficit() {
    let mut env = with_deficit();
    env.vm.set_sender(GOV);
    env.ab.emergency_mint(MARKET, u(300)).unwrap();
    assert_eq!(env.vm.token_balance(MARKET), u(300));
    assert_eq!(env.deficit(MARKET), u(700));
    assert_eq!(env.ab.total_deficit(), u(700));
    assert_eq!(
        env.ab.mint_usage(),
        (u(300), u(MINT_CAP), T0, T0 + MINT_PERIOD)
    );
    let e = env.events::<EmergencyMint>().pop().unwrap();
    assert_eq!(
        (e.market, e.amount, e.deficitLeft),
        (MARKET, u(300), u(700))
    );
}

#[test]
fn emergency_mint_can_never_exceed_the_deficit() {
    let mut env = deploy();
    env.vm.set_max_coverable(U256::ZERO);
    env.absorb(MARKET, 1, 100).unwrap();
    env.vm.set_sender(GOV);
    assert_eq!(
        env.ab.emergency_mint(MARKET, u(101)),
        Err(AbsorberError::MintExceedsDeficit(MintExceedsDeficit {
            market: MARKET,
            amount: u(101),
            deficit: u(100)
        }))
    );
    assert_eq!(
        env.ab.emergency_mint(MARKET_B, u(1)),
        Err(AbsorberError::MintExceedsDeficit(MintExceedsDeficit {
            market: MARKET_B,
            amount: u(1),
            deficit: U256::ZERO
        }))
    );
    assert_eq!(
        env.ab.emergency_mint(MARKET, U256::ZERO),
        Err(AbsorberError::ZeroAmount(ZeroAmount {}))
    );
}

#[test]
fn emergency_mint_is_capped_per_period_and_the_cap_frees_up_in_the_next_period() {
    let mut env = with_deficit();
    env.vm.set_sender(GOV);
    env.ab.emergency_mint(MARKET, u(400)).unwrap();
    assert_eq!(
        env.ab.emergency_mint(MARKET, u(101)),
        Err(AbsorberError::MintCapExceeded(MintCapExceeded {
            amount: u(101),
            available: u(100)
        }))
    );
    env.ab.emergency_mint(MARKET, u(100)).unwrap();
    env.advance(MINT_PERIOD);
    env.ab.emergency_mint(MARKET, u(500)).unwrap();
    assert_eq!(env.deficit(MARKET), U256::ZERO);
    assert_eq!(env.vm.token_balance(MARKET), u(1_000));
}

#[test]
fn emergency_mint_reports_an_asset_that_refuses_to_mint() {
    let mut env = with_deficit();
    env.vm.set_sender(GOV);
    env.vm.set_behaviour(TokenBehaviour::Reverts);
    assert_eq!(
        env.ab.emergency_mint(MARKET, u(10)),
        Err(AbsorberError::AssetMintFailed(AssetMintFailed {
            asset: ASSET,
            reason: 2
        }))
    );
    env.vm.set_behaviour(TokenBehaviour::ReturnsFalse);
    assert_eq!(
        env.ab.emergency_mint(MARKET, u(10)),
        Err(AbsorberError::AssetMintFailed(AssetMintFailed {
            asset: ASSET,
            reason: 3
        }))
    );
}
