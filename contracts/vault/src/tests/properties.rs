//! Property tests of the SPEC invariants one vault can check on its own.

use super::*;
use proptest::prelude::*;

const PEOPLE: [Address; 3] = [ALICE, BOB, CAROL];

/// An action in a random scenario.
#[derive(Debug, Clone)]
enum Op {
    Deposit(usize, u64),
    Mint(usize, u64),
    Transfer(usize, usize, u64),
    Cooldown(usize),
    RedeemMax(usize),
    WithdrawHalf(usize),
    Cover(u64),
    Premium(u64),
    Return(u64),
    Donate(u64),
    Warp(u64),
    Pause(bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 1..1_000_000 * UNIT).prop_map(|(p, a)| Op::Deposit(p, a)),
        (0..3usize, 1..1_000_000_000 * UNIT).prop_map(|(p, s)| Op::Mint(p, s)),
        (0..3usize, 0..3usize, 0..10_000u64).prop_map(|(a, b, bps)| Op::Transfer(a, b, bps)),
        (0..3usize).prop_map(Op::Cooldown),
        (0..3usize).prop_map(Op::RedeemMax),
        (0..3usize).prop_map(Op::WithdrawHalf),
        (0..1_000_000 * UNIT).prop_map(Op::Cover),
        (1..100_000 * UNIT).prop_map(Op::Premium),
        (1..100_000 * UNIT).prop_map(Op::Return),
        (1..100_000 * UNIT).prop_map(Op::Donate),
        (0..4 * DAY).prop_map(Op::Warp),
        any::<bool>().prop_map(Op::Pause),
    ]
}

/// Applies `op`; refusals are fine (the invariants must hold either way), panics are not.
fn apply(env: &mut Env, op: &Op) {
    let this = env.this();
    match *op {
        Op::Deposit(p, a) => {
            let a = u(a).min(env.vault.max_deposit(PEOPLE[p]));
            env.fund(PEOPLE[p], a);
            let preview = env.vault.preview_deposit(a).unwrap();
            let shares = env.as_(PEOPLE[p]).vault.deposit(a, PEOPLE[p]).unwrap();
            assert_eq!(shares, preview, "previewDeposit is exact");
        }
        Op::Mint(p, s) => {
            let s = u(s).min(env.vault.max_mint(PEOPLE[p]));
            let cost = env.vault.preview_mint(s).unwrap();
            env.fund(PEOPLE[p], cost);
            let paid = env.as_(PEOPLE[p]).vault.mint(s, PEOPLE[p]).unwrap();
            assert_eq!(paid, cost, "previewMint is exact");
        }
        Op::Transfer(a, b, bps) => {
            let bal = env.vault.balance_of(PEOPLE[a]);
            let amount = bal * U256::from(bps) / u(10_000);
            env.as_(PEOPLE[a])
                .vault
                .transfer(PEOPLE[b], amount)
                .unwrap();
        }
        Op::Cooldown(p) => {
            let has = !env.vault.balance_of(PEOPLE[p]).is_zero();
            assert_eq!(env.as_(PEOPLE[p]).vault.cooldown().is_ok(), has);
        }
        Op::RedeemMax(p) => {
            let max = env.vault.max_redeem(PEOPLE[p]);
            let preview = env.vault.preview_redeem(max).unwrap();
            let paid = env
                .as_(PEOPLE[p])
                .vault
                .redeem(max, PEOPLE[p], PEOPLE[p])
                .unwrap();
            assert_eq!(paid, preview, "previewRedeem is exact");
        }
        Op::WithdrawHalf(p) => {
            let assets = env.vault.max_withdraw(PEOPLE[p]) / u(2);
            let preview = env.vault.preview_withdraw(assets).unwrap();
            let burned = env
                .as_(PEOPLE[p])
                .vault
                .withdraw(assets, PEOPLE[p], PEOPLE[p])
                .unwrap();
            assert_eq!(burned, preview, "previewWithdraw is exact");
        }
        Op::Cover(a) => {
            let max = env.vault.max_coverable();
            assert_eq!(env.cover(u(a)), u(a).min(max));
        }
        Op::Premium(a) => {
            env.fund(EVE, u(a));
            env.as_(EVE).vault.notify_premium(u(a)).unwrap();
        }
        Op::Return(a) => {
            env.fund(EVE, u(a));
            env.as_(EVE).vault.return_funds(u(a)).unwrap();
        }
        Op::Donate(a) => {
            let before = env.vault.total_assets();
            env.vm.mint_tokens(this, u(a));
            assert_eq!(env.vault.total_assets(), before, "donations never count");
        }
        Op::Warp(s) => env.warp(s),
        Op::Pause(p) => {
            env.as_(GUARDIAN);
            if p {
                env.vault.pause().unwrap();
            } else {
                env.vault.unpause().unwrap();
            }
        }
    }
}

/// Invariants 1, 2 and 5 (views never revert, and refusals read as 0).
fn check_invariants(env: &Env) {
    env.assert_solvent();
    let sum = PEOPLE
        .iter()
        .chain([&env.this()])
        .map(|p| env.vault.balance_of(*p))
        .fold(U256::ZERO, |a, b| a + b);
    assert_eq!(sum, env.vault.total_supply(), "balances sum to the supply");
    for p in PEOPLE {
        let (snapshot, ..) = env.vault.cooldown_info(p);
        assert!(
            snapshot <= env.vault.balance_of(p),
            "snapshot above balance"
        );
        assert!(env.vault.max_redeem(p) <= snapshot);
        let _ = env.vault.max_withdraw(p);
    }
    if env.vault.paused() || env.now() < env.vault.frozen_until() {
        assert_eq!(env.vault.max_deposit(ALICE), U256::ZERO);
        assert_eq!(env.vault.max_mint(ALICE), U256::ZERO);
    }
}

fn scenario(ops: &[Op]) -> Env {
    let mut env = Env::with_cap(u(10_000_000) * u(UNIT));
    for op in ops {
        apply(&mut env, op);
        check_invariants(&env);
    }
    env
}

/// Ends the post-loss freeze, the pause and any premium vesting: the round trips compare like
/// with like, without yield earned while waiting for the cooldown (which is legitimate profit).
fn settle(env: &mut Env) {
    env.warp(DAY);
    let (now, end) = (env.now(), env.vault.vesting_end());
    if end > now {
        env.warp(end - now);
    }
    env.as_(GUARDIAN).vault.unpause().unwrap();
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(64)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn invariants_hold_through_random_scenarios(ops in prop::collection::vec(op(), 1..30)) {
        scenario(&ops);
    }

    #[test]
    fn acting_on_every_max_succeeds(ops in prop::collection::vec(op(), 0..15), p in 0..3usize) {
        let who = PEOPLE[p];
        // Deposit the max.
        let mut env = scenario(&ops);
        let max = env.vault.max_deposit(who);
        env.fund(who, max);
        env.as_(who).vault.deposit(max, who).unwrap();
        // Mint the max.
        let mut env = scenario(&ops);
        let max = env.vault.max_mint(who);
        env.fund(who, env.vault.preview_mint(max).unwrap());
        env.as_(who).vault.mint(max, who).unwrap();
        // Redeem the max.
        let mut env = scenario(&ops);
        let max = env.vault.max_redeem(who);
        env.as_(who).vault.redeem(max, who, who).unwrap();
        check_invariants(&env);
        // Withdraw the max.
        let mut env = scenario(&ops);
        let max = env.vault.max_withdraw(who);
        env.as_(who).vault.withdraw(max, who, who).unwrap();
        check_invariants(&env);
    }

    #[test]
    fn a_round_trip_never_profits_before_or_after_losses(
        ops in prop::collection::vec(op(), 0..15),
        amount in 1..1_000_000 * UNIT,
        shares in 1..1_000_000_000 * UNIT,
    ) {
        // redeem(deposit(a)) <= a
        let mut env = scenario(&ops);
        settle(&mut env);
        let a = u(amount).min(env.vault.max_deposit(DEPLOYER));
        env.fund(DEPLOYER, a);
        let got = env.as_(DEPLOYER).vault.deposit(a, DEPLOYER).unwrap();
        if !got.is_zero() {
            env.cool_down(DEPLOYER);
            let back = env.as_(DEPLOYER).vault.redeem(got, DEPLOYER, DEPLOYER).unwrap();
            prop_assert!(back <= a, "redeem(deposit({})) = {}", a, back);
        }

        // Minting s shares costs at least what withdrawing them pays out.
        let mut env = scenario(&ops);
        settle(&mut env);
        let s = u(shares).min(env.vault.max_mint(DEPLOYER));
        let cost = env.vault.preview_mint(s).unwrap();
        env.fund(DEPLOYER, cost);
        let paid = env.as_(DEPLOYER).vault.mint(s, DEPLOYER).unwrap();
        if !s.is_zero() {
            env.cool_down(DEPLOYER);
            let out = env.vault.max_withdraw(DEPLOYER);
            prop_assert!(out <= paid, "mint({}) cost {} but withdraw pays {}", s, paid, out);
            let burned = env.as_(DEPLOYER).vault.withdraw(out, DEPLOYER, DEPLOYER).unwrap();
            prop_assert!(burned <= s);
        }
    }

    #[test]
    fn a_cover_takes_the_same_fraction_from_every_holder(
        deposits in prop::collection::vec(1..1_000_000 * UNIT, 3),
        cooling in prop::collection::vec(any::<bool>(), 3),
        loss in 0..1_000_000 * UNIT,
    ) {
        let mut env = Env::new();
        for (i, d) in deposits.iter().enumerate() {
            env.deposit(PEOPLE[i], u(*d));
            if cooling[i] {
                env.as_(PEOPLE[i]).vault.cooldown().unwrap();
            }
        }
        let before: Vec<U256> = PEOPLE
            .iter()
            .map(|p| env.vault.convert_to_assets(env.vault.balance_of(*p)).unwrap())
            .collect();
        let t0 = env.vault.total_assets() + u(1);
        let covered = env.cover(u(loss));
        let t1 = env.vault.total_assets() + u(1);
        prop_assert_eq!(t0 - t1, covered);
        for (i, p) in PEOPLE.iter().enumerate() {
            let after = env.vault.convert_to_assets(env.vault.balance_of(*p)).unwrap();
            // after / before == t1 / t0 for every holder, within 1 unit of `after`.
            let (lhs, rhs) = (after * t0, before[i] * t1);
            prop_assert!(lhs.max(rhs) - lhs.min(rhs) < t0, "holder {} off by a unit or more", i);
        }
    }
}

#[test]
fn an_inflation_attack_on_an_empty_vault_does_not_pay() {
    // The attacker deposits 1 unit, "donates" a fortune, and hopes the victim's deposit rounds
    // to nothing. Donations do not count (internal accounting) and virtual shares dilute it.
    let mut env = Env::new();
    env.deposit(EVE, u(1));
    env.vm.mint_tokens(env.this(), u(1_000_000 * UNIT));
    let victim = env.deposit(ALICE, u(1_000 * UNIT));
    assert!(victim > U256::ZERO);
    let value = env.vault.convert_to_assets(victim).unwrap();
    assert!(value + u(1) >= u(1_000 * UNIT));
}
