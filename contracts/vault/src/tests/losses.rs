//! Cover, post-loss freeze, premiums, recovery, pause and sweep.

use super::*;

const OTHER_TOKEN: Address = address!("00000000000000000000000000000000000070c2");

#[test]
fn cover_pays_the_request_lowers_total_assets_and_burns_no_shares() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    let supply = env.vault.total_supply();
    let covered = env.cover(u(10 * UNIT));
    assert_eq!(covered, u(10 * UNIT));
    assert_eq!(env.vault.total_assets(), u(90 * UNIT));
    assert_eq!(env.vault.total_supply(), supply);
    assert_eq!(env.vm.token_balance(LOSS), u(10 * UNIT));
    let ev: events::LossCovered = env.last_event();
    assert_eq!(
        (ev.recipient, ev.requested, ev.covered, ev.frozenUntil),
        (LOSS, u(10 * UNIT), u(10 * UNIT), env.now() + DAY)
    );
    env.assert_solvent();
}

#[test]
fn cover_is_capped_by_max_slash() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    assert_eq!(env.vault.max_coverable(), u(30 * UNIT));
    assert_eq!(env.cover(u(50 * UNIT)), u(30 * UNIT));
    assert_eq!(env.vault.total_assets(), u(70 * UNIT));
}

#[test]
fn cover_never_takes_the_floor() {
    let mut env = Env::new();
    env.deposit(ALICE, u(UNIT + 10));
    assert_eq!(env.vault.max_coverable(), u(10));
    assert_eq!(env.cover(u(UNIT)), u(10));
    assert_eq!(env.vault.total_assets(), u(UNIT));
    assert_eq!(env.vault.max_coverable(), U256::ZERO);
    // Nothing paid: no freeze extension, event still emitted.
    let frozen = env.vault.frozen_until();
    env.warp(DAY);
    assert_eq!(env.cover(u(UNIT)), U256::ZERO);
    assert_eq!(env.vault.frozen_until(), frozen);
    let ev: events::LossCovered = env.last_event();
    assert_eq!(ev.covered, U256::ZERO);
}

#[test]
fn cover_to_the_zero_address_reverts_with_invalid_receiver() {
    let mut env = Env::new();
    env.deposit(ALICE, u(UNIT * 2));
    assert_eq!(
        env.as_(LOSS).vault.cover(u(1), Address::ZERO),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn deposits_and_mints_are_frozen_after_a_cover() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.cover(u(UNIT));
    assert_eq!(env.vault.max_deposit(BOB), U256::ZERO);
    assert_eq!(env.vault.max_mint(BOB), U256::ZERO);
    env.fund(BOB, u(UNIT));
    assert_eq!(
        env.as_(BOB).vault.deposit(u(UNIT), BOB),
        Err(Error::ExceededMaxDeposit(ERC4626ExceededMaxDeposit {
            receiver: BOB,
            assets: u(UNIT),
            max: U256::ZERO
        }))
    );
    assert!(matches!(
        env.vault.mint(u(1), BOB),
        Err(Error::ExceededMaxMint(_))
    ));
    env.warp(DAY);
    env.as_(BOB).vault.deposit(u(UNIT), BOB).unwrap();
}

#[test]
fn a_loss_is_shared_pro_rata_by_all_holders() {
    let mut env = Env::new();
    env.deposit(ALICE, u(300 * UNIT));
    env.deposit(BOB, u(100 * UNIT));
    env.cover(u(40 * UNIT)); // 10 %
    let value = |who: Address| {
        env.vault
            .convert_to_assets(env.vault.balance_of(who))
            .unwrap()
    };
    let (a, b) = (value(ALICE), value(BOB));
    assert!(a <= u(270 * UNIT) && a + u(1) >= u(270 * UNIT));
    assert!(b <= u(90 * UNIT) && b + u(1) >= u(90 * UNIT));
}

#[test]
fn premium_vests_linearly_and_is_not_slashable() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.fund(CAROL, u(70 * UNIT));
    env.as_(CAROL).vault.notify_premium(u(70 * UNIT)).unwrap();
    let ev: events::PremiumNotified = env.last_event();
    assert_eq!(
        (ev.payer, ev.amount, ev.unvested, ev.vestingEnd),
        (CAROL, u(70 * UNIT), u(70 * UNIT), env.now() + 7 * DAY)
    );
    assert_eq!(env.vault.total_assets(), u(100 * UNIT));
    assert_eq!(env.vault.unvested_premium(), u(70 * UNIT));
    assert_eq!(env.vault.vesting_end(), env.now() + 7 * DAY);
    env.warp(DAY);
    assert_eq!(env.vault.total_assets(), u(110 * UNIT));
    assert_eq!(env.vault.unvested_premium(), u(60 * UNIT));
    // A cover sees only vested assets.
    assert_eq!(env.vault.max_coverable(), u(33 * UNIT));
    env.cover(u(1_000 * UNIT));
    assert_eq!(env.vault.total_assets(), u(77 * UNIT));
    assert_eq!(env.vault.unvested_premium(), u(60 * UNIT));
    env.warp(6 * DAY);
    assert_eq!(env.vault.total_assets(), u(137 * UNIT));
    assert_eq!(env.vault.unvested_premium(), U256::ZERO);
    env.assert_solvent();
}

#[test]
fn a_new_premium_restarts_the_period_with_the_unvested_rest() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.fund(CAROL, u(100 * UNIT));
    env.as_(CAROL).vault.notify_premium(u(70 * UNIT)).unwrap();
    env.warp(DAY);
    env.as_(CAROL).vault.notify_premium(u(10 * UNIT)).unwrap();
    assert_eq!(env.vault.total_assets(), u(110 * UNIT));
    assert_eq!(env.vault.unvested_premium(), u(70 * UNIT));
    assert_eq!(env.vault.vesting_end(), env.now() + 7 * DAY);
    env.warp(7 * DAY);
    assert_eq!(env.vault.total_assets(), u(180 * UNIT));
}

#[test]
fn a_zero_vesting_period_credits_premium_at_once() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.as_(GOV).vault.set_premium_vesting_period(0).unwrap();
    env.fund(CAROL, u(5 * UNIT));
    env.as_(CAROL).vault.notify_premium(u(5 * UNIT)).unwrap();
    assert_eq!(env.vault.total_assets(), u(105 * UNIT));
    assert_eq!(env.vault.unvested_premium(), U256::ZERO);
}

#[test]
fn zero_premium_and_zero_return_revert_with_zero_amount() {
    let mut env = Env::new();
    assert_eq!(
        env.as_(CAROL).vault.notify_premium(U256::ZERO),
        Err(Error::ZeroAmount(ZeroAmount {}))
    );
    assert_eq!(
        env.vault.return_funds(U256::ZERO),
        Err(Error::ZeroAmount(ZeroAmount {}))
    );
}

#[test]
fn returned_funds_go_to_current_holders_at_once() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.cover(u(20 * UNIT));
    env.fund(LOSS, u(15 * UNIT));
    env.as_(LOSS).vault.return_funds(u(15 * UNIT)).unwrap();
    assert_eq!(env.vault.total_assets(), u(95 * UNIT));
    let ev: events::FundsReturned = env.last_event();
    assert_eq!((ev.payer, ev.amount), (LOSS, u(15 * UNIT)));
    env.assert_solvent();
}

#[test]
fn pause_blocks_deposits_and_mints_only() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.as_(ALICE).vault.cooldown().unwrap();
    env.as_(GUARDIAN).vault.pause().unwrap();
    let ev: events::Paused = env.last_event();
    assert_eq!(ev.account, GUARDIAN);
    assert!(env.vault.paused());
    assert_eq!(env.vault.max_deposit(BOB), U256::ZERO);
    assert_eq!(env.vault.max_mint(BOB), U256::ZERO);
    env.fund(BOB, u(UNIT));
    assert!(matches!(
        env.as_(BOB).vault.deposit(u(UNIT), BOB),
        Err(Error::ExceededMaxDeposit(_))
    ));
    // Cover, returns, premiums and exits still work while paused.
    env.cover(u(UNIT));
    env.as_(BOB).vault.return_funds(u(UNIT)).unwrap();
    env.warp(COOLDOWN);
    let max = env.vault.max_redeem(ALICE);
    env.as_(ALICE).vault.redeem(max, ALICE, ALICE).unwrap();
    env.as_(GOV).vault.unpause().unwrap();
    let ev: events::Unpaused = env.last_event();
    assert_eq!(ev.account, GOV);
    assert!(!env.vault.paused());
}

#[test]
fn sweep_takes_only_unaccounted_asset() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.fund(CAROL, u(10 * UNIT));
    env.as_(CAROL).vault.notify_premium(u(10 * UNIT)).unwrap();
    env.warp(DAY);
    env.vm.mint_tokens(env.this(), u(3 * UNIT)); // donation
    let swept = env.as_(GOV).vault.sweep(ASSET, BOB).unwrap();
    assert_eq!(swept, u(3 * UNIT));
    assert_eq!(env.vm.token_balance(BOB), u(3 * UNIT));
    let ev: events::Swept = env.last_event();
    assert_eq!((ev.token, ev.to, ev.amount), (ASSET, BOB, u(3 * UNIT)));
    env.assert_solvent();
    assert_eq!(env.as_(GOV).vault.sweep(ASSET, BOB), Ok(U256::ZERO));
}

#[test]
fn sweep_of_another_token_without_code_reverts_with_token_call_failed() {
    let mut env = Env::new();
    assert_eq!(
        env.as_(GOV).vault.sweep(OTHER_TOKEN, BOB),
        Err(Error::TokenCallFailed(TokenCallFailed {
            token: OTHER_TOKEN,
            reason: 1
        }))
    );
    assert_eq!(
        env.vault.sweep(ASSET, Address::ZERO),
        Err(Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        }))
    );
}

#[test]
fn sweep_of_the_vaults_own_shares_hands_them_on() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    let this = env.this();
    env.as_(ALICE).vault.transfer(this, shares / u(2)).unwrap();
    assert_eq!(env.as_(GOV).vault.sweep(this, BOB), Ok(shares / u(2)));
    assert_eq!(env.vault.balance_of(BOB), shares / u(2));
}
