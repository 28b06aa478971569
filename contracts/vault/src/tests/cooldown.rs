//! Exit cooldown: snapshot, window, transfers, spenders.

use super::*;

#[test]
fn cooldown_snapshots_the_balance_and_emits_the_window() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    env.as_(ALICE).vault.cooldown().unwrap();
    let now = env.now();
    assert_eq!(
        env.vault.cooldown_info(ALICE),
        (shares, now, now + COOLDOWN, now + COOLDOWN + WINDOW)
    );
    let ev: events::CooldownStarted = env.last_event();
    assert_eq!(
        (ev.account, ev.shares, ev.windowStart, ev.windowEnd),
        (ALICE, shares, now + COOLDOWN, now + COOLDOWN + WINDOW)
    );
}

#[test]
fn cooldown_without_shares_reverts_with_nothing_to_cooldown() {
    let mut env = Env::new();
    assert_eq!(
        env.as_(ALICE).vault.cooldown(),
        Err(Error::NothingToCooldown(NothingToCooldown {
            account: ALICE
        }))
    );
}

#[test]
fn redeem_before_the_window_reverts_with_max_zero() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
    assert_eq!(
        env.as_(ALICE).vault.redeem(shares, ALICE, ALICE),
        Err(Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
            owner: ALICE,
            shares,
            max: U256::ZERO
        }))
    );
    env.as_(ALICE).vault.cooldown().unwrap();
    env.warp(COOLDOWN - 1);
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
    assert_eq!(env.vault.max_withdraw(ALICE), U256::ZERO);
    assert_eq!(
        env.as_(ALICE).vault.withdraw(u(1), ALICE, ALICE),
        Err(Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
            owner: ALICE,
            assets: u(1),
            max: U256::ZERO
        }))
    );
}

#[test]
fn redeem_in_the_window_pays_and_emits_withdraw() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    env.cool_down(ALICE);
    assert_eq!(env.vault.max_redeem(ALICE), shares);
    let assets = env.as_(ALICE).vault.redeem(shares, BOB, ALICE).unwrap();
    assert!(assets <= u(UNIT) && assets + u(1) >= u(UNIT));
    assert_eq!(env.vm.token_balance(BOB), assets);
    assert_eq!(env.vault.balance_of(ALICE), U256::ZERO);
    assert_eq!(env.vault.cooldown_info(ALICE).0, U256::ZERO);
    let ev: events::Withdraw = env.last_event();
    assert_eq!(
        (ev.sender, ev.receiver, ev.owner, ev.assets, ev.shares),
        (ALICE, BOB, ALICE, assets, shares)
    );
    env.assert_solvent();
}

#[test]
fn withdraw_in_the_window_burns_rounded_up_shares_and_spends_the_snapshot() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(10 * UNIT));
    env.cool_down(ALICE);
    let burned = env
        .as_(ALICE)
        .vault
        .withdraw(u(4 * UNIT), ALICE, ALICE)
        .unwrap();
    assert!(burned >= env.vault.convert_to_shares(u(4 * UNIT)).unwrap());
    assert_eq!(env.vault.cooldown_info(ALICE).0, shares - burned);
    assert_eq!(env.vm.token_balance(ALICE), u(4 * UNIT));
}

#[test]
fn the_window_closes_and_a_new_cooldown_is_needed() {
    let mut env = Env::new();
    env.deposit(ALICE, u(UNIT));
    env.cool_down(ALICE);
    env.warp(WINDOW);
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
    assert_eq!(env.vault.max_withdraw(ALICE), U256::ZERO);
    env.cool_down(ALICE);
    assert!(env.vault.max_redeem(ALICE) > U256::ZERO);
}

#[test]
fn a_new_cooldown_restarts_the_timer() {
    let mut env = Env::new();
    env.deposit(ALICE, u(UNIT));
    env.as_(ALICE).vault.cooldown().unwrap();
    env.warp(COOLDOWN - 10);
    env.as_(ALICE).vault.cooldown().unwrap();
    env.warp(10);
    assert_eq!(env.vault.max_redeem(ALICE), U256::ZERO);
    env.warp(COOLDOWN - 10);
    assert!(env.vault.max_redeem(ALICE) > U256::ZERO);
}

#[test]
fn a_transfer_out_lowers_the_snapshot_to_the_remaining_balance() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    env.as_(ALICE).vault.cooldown().unwrap();
    env.as_(ALICE).vault.transfer(BOB, shares / u(4)).unwrap();
    let left = shares - shares / u(4);
    assert_eq!(env.vault.cooldown_info(ALICE).0, left);
    env.warp(COOLDOWN);
    assert_eq!(env.vault.max_redeem(ALICE), left);
}

#[test]
fn received_shares_are_not_added_to_the_snapshot() {
    let mut env = Env::new();
    let a = env.deposit(ALICE, u(UNIT));
    let b = env.deposit(BOB, u(UNIT));
    env.as_(ALICE).vault.cooldown().unwrap();
    env.as_(BOB).vault.transfer(ALICE, b).unwrap();
    env.warp(COOLDOWN);
    assert_eq!(env.vault.max_redeem(ALICE), a);
    assert_eq!(env.vault.balance_of(ALICE), a + b);
    assert_eq!(
        env.as_(ALICE).vault.redeem(a + u(1), ALICE, ALICE),
        Err(Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
            owner: ALICE,
            shares: a + u(1),
            max: a
        }))
    );
}

#[test]
fn an_approved_spender_redeems_within_the_owners_window_and_spends_allowance() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(UNIT));
    env.as_(ALICE).vault.approve(BOB, shares / u(2)).unwrap();
    // Outside the owner's window the spender gets nothing, whatever its own state.
    assert!(matches!(
        env.as_(BOB).vault.redeem(u(1), BOB, ALICE),
        Err(Error::ExceededMaxRedeem(_))
    ));
    env.cool_down(ALICE);
    assert_eq!(
        env.as_(BOB).vault.redeem(shares, BOB, ALICE),
        Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: shares / u(2),
            needed: shares
        }))
    );
    let paid = env
        .as_(BOB)
        .vault
        .redeem(shares / u(2), BOB, ALICE)
        .unwrap();
    assert_eq!(env.vm.token_balance(BOB), paid);
    assert_eq!(env.vault.allowance(ALICE, BOB), U256::ZERO);
    assert_eq!(env.vault.cooldown_info(ALICE).0, shares - shares / u(2));
}

#[test]
fn shares_in_cooldown_still_take_losses_and_earn_premiums() {
    let mut env = Env::new();
    env.deposit(ALICE, u(100 * UNIT));
    env.deposit(BOB, u(100 * UNIT));
    env.as_(ALICE).vault.cooldown().unwrap();
    env.cover(u(20 * UNIT));
    env.fund(CAROL, u(10 * UNIT));
    env.as_(CAROL).vault.notify_premium(u(10 * UNIT)).unwrap();
    env.warp(COOLDOWN);
    let alice = env.vault.max_withdraw(ALICE);
    let bob_value = env
        .vault
        .convert_to_assets(env.vault.balance_of(BOB))
        .unwrap();
    assert_eq!(alice, bob_value);
    // 100 - 10 (half the loss) + 5 (half the vested premium), within rounding.
    assert!(alice <= u(95 * UNIT) && alice + u(2) >= u(95 * UNIT));
}

#[test]
fn redeeming_the_max_always_succeeds() {
    let mut env = Env::new();
    env.deposit(ALICE, u(7 * UNIT + 3));
    env.cover(u(UNIT + 1));
    env.cool_down(ALICE);
    let max = env.vault.max_redeem(ALICE);
    env.as_(ALICE).vault.redeem(max, ALICE, ALICE).unwrap();
    assert_eq!(env.vault.balance_of(ALICE), U256::ZERO);
    env.assert_solvent();
}
