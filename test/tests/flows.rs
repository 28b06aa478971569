//! The SPEC flows end to end on the compiled WASM: deposit/redeem with cooldown, premium vesting,
//! pro-rata losses, the post-loss freeze, recovery, deficits, the emergency mint, and a normal
//! governance change through the timelock. Tests that move the clock skip on nodes without
//! `evm_increaseTime` (they say so).

use alloy::{primitives::U256, sol_types::SolCall};
use backstop_e2e::{backstop_scripts as scripts, expect_revert, units, Env};
use scripts::{
    bindings::{BackstopVault, LossAbsorber},
    loss_id, MarketRoute, OperationState, Proposal, DAY,
};

#[tokio::test(flavor = "multi_thread")]
async fn a_first_deposit_mints_a_thousand_shares_per_unit_and_needs_a_cooldown_to_exit(
) -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    let shares = s.fund_and_deposit(a.alice, units(1_000)).await?;
    // Virtual shares 10^3 and virtual assets 1 on an empty vault: 1,000 shares per base unit.
    assert_eq!(shares, units(1_000) * U256::from(1_000));
    assert_eq!(s.total_assets().await?, units(1_000));
    // No cooldown, nothing redeemable, and a redeem says why.
    let v = s.b.vault();
    assert!(v.maxRedeem(a.alice).call().await?.is_zero());
    assert!(v.maxWithdraw(a.alice).call().await?.is_zero());
    expect_revert(
        scripts::send(v.redeem(shares, a.alice, a.alice).from(a.alice)).await,
        "ERC4626ExceededMaxRedeem",
    );
    // The CLI path explains it in words rather than reverting.
    let err = s.b.redeem(a.alice, None).await.unwrap_err();
    assert!(err.to_string().contains("start a cooldown"), "{err}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_loss_takes_the_same_fraction_from_every_holder_in_cooldown_or_not() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    s.fund_and_deposit(a.alice, units(60_000)).await?;
    s.fund_and_deposit(a.bob, units(30_000)).await?;
    s.b.cooldown(a.bob).await?;
    let (alice0, bob0) = (s.value_of(a.alice).await?, s.value_of(a.bob).await?);
    let (covered, uncovered) = s.loss("default-1", units(9_000)).await?;
    assert_eq!((covered, uncovered), (units(9_000), U256::ZERO));
    assert_eq!(s.total_assets().await?, units(81_000));
    let (alice1, bob1) = (s.value_of(a.alice).await?, s.value_of(a.bob).await?);
    // 10% each, within a unit of rounding (in the vault's favour).
    let expect = |v: U256| v * U256::from(9) / U256::from(10);
    for (before, after) in [(alice0, alice1), (bob0, bob1)] {
        let want = expect(before);
        assert!(
            after <= want && want - after <= U256::from(1),
            "{before} -> {after}"
        );
    }
    // The market received the cover.
    assert_eq!(s.b.asset().balanceOf(s.market).call().await?, units(9_000));
    // Recovered funds go to the current holders at once.
    s.mint(a.dao, units(3_000)).await?;
    s.b.return_funds(a.dao, MarketRoute::Direct, units(3_000))
        .await?;
    assert_eq!(s.total_assets().await?, units(84_000));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn cover_stops_at_max_slash_and_the_rest_becomes_a_deficit_anyone_can_settle(
) -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    s.fund_and_deposit(a.alice, units(100_000)).await?;
    let max = s.b.vault().maxCoverable().call().await?;
    assert_eq!(max, units(30_000), "30% of total assets by default");
    let (covered, uncovered) = s.loss("big", units(45_000)).await?;
    assert_eq!(covered, units(30_000));
    assert_eq!(uncovered, units(15_000));
    let info = s.b.market_info(s.market).await?;
    assert_eq!(info.drawn, units(30_000));
    assert_eq!(info.deficit, units(15_000));
    assert_eq!(s.b.absorber().totalDeficit().call().await?, units(15_000));
    // Anyone settles part of the deficit; over-settling is refused with the figures.
    s.mint(a.carol, units(20_000)).await?;
    s.b.settle_deficit(a.carol, s.market, units(5_000)).await?;
    assert_eq!(s.b.market_info(s.market).await?.deficit, units(10_000));
    expect_revert(
        s.b.settle_deficit(a.carol, s.market, units(10_001)).await,
        "SettleExceedsDeficit",
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn deposits_are_frozen_after_a_loss_and_reopen_after_the_freeze() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    s.fund_and_deposit(a.alice, units(10_000)).await?;
    s.loss("l", units(1_000)).await?;
    assert!(s.b.vault().maxDeposit(a.carol).call().await?.is_zero());
    assert!(s.b.vault().maxMint(a.carol).call().await?.is_zero());
    s.mint(a.carol, units(1_000)).await?;
    expect_revert(
        s.b.deposit(a.carol, units(1_000)).await,
        "ERC4626ExceededMaxDeposit",
    );
    if !env.require_time_travel(
        "deposits_are_frozen_after_a_loss_and_reopen_after_the_freeze (reopening)",
    ) {
        return Ok(());
    }
    env.client.increase_time(DAY + 1).await?;
    assert!(s.b.deposit(a.carol, units(1_000)).await?.0 > U256::ZERO);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_premium_vests_linearly_and_a_cooldown_opens_a_redeem_window() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel("a_premium_vests_linearly_and_a_cooldown_opens_a_redeem_window") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let a = &s.actors;
    s.fund_and_deposit(a.alice, units(70_000)).await?;
    s.mint(s.market, units(7_000)).await?;
    s.b.pay_premium(a.dao, s.via_market(), units(7_000)).await?;
    let v = s.b.vault();
    // Not share value yet, not slashable.
    assert_eq!(s.total_assets().await?, units(70_000));
    assert_eq!(v.unvestedPremium().call().await?, units(7_000));
    env.client.increase_time(7 * DAY / 2).await?;
    let half = s.total_assets().await?;
    assert!(
        half >= units(73_490) && half <= units(73_510),
        "half vested: {half}"
    );
    env.client.increase_time(4 * DAY).await?;
    assert_eq!(s.total_assets().await?, units(77_000));
    assert!(v.unvestedPremium().call().await?.is_zero());

    // Cooldown: nothing before the window, everything in it, nothing after.
    s.b.cooldown(a.alice).await?;
    let p = s.b.position(a.alice).await?;
    assert_eq!(p.cooldown_shares, p.shares);
    assert_eq!(p.window_start - p.cooldown_start, 10 * DAY);
    assert_eq!(p.window_end - p.window_start, 2 * DAY);
    env.client.increase_time(10 * DAY - 60).await?;
    assert!(v.maxRedeem(a.alice).call().await?.is_zero());
    env.client.increase_time(120).await?;
    let max = v.maxRedeem(a.alice).call().await?;
    assert_eq!(max, p.shares);
    let half_shares = max / U256::from(2);
    let (_, got, _) = s.b.redeem(a.alice, Some(half_shares)).await?;
    assert!(got >= units(38_499), "half of 77,000 less rounding: {got}");
    env.client.increase_time(2 * DAY).await?;
    assert!(
        v.maxRedeem(a.alice).call().await?.is_zero(),
        "window closed"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn governance_changes_a_parameter_only_through_the_timelock_delay() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    let vault = *s.b.vault().address();
    // Directly, even the former governance is refused.
    expect_revert(
        scripts::send(s.b.vault().setDepositCap(units(1)).from(a.dao)).await,
        "NotGovernance",
    );
    let data = BackstopVault::setDepositCapCall {
        next: units(5_000_000),
    }
    .abi_encode();
    let id = s.schedule(vault, data, 1).await?;
    assert_eq!(
        s.b.operation(id).await?.map(|o| o.state),
        Some(OperationState::Waiting)
    );
    if !env.require_time_travel(
        "governance_changes_a_parameter_only_through_the_timelock_delay (execution)",
    ) {
        return Ok(());
    }
    env.client.increase_time(2 * DAY).await?;
    s.b.execute(a.dao, id).await?;
    assert_eq!(s.b.vault().depositCap().call().await?, units(5_000_000));
    assert_eq!(
        s.b.operation(id).await?.map(|o| o.state),
        Some(OperationState::Done)
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_emergency_mint_through_the_timelock_pays_the_deficit_within_its_bounds(
) -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel(
        "an_emergency_mint_through_the_timelock_pays_the_deficit_within_its_bounds",
    ) {
        return Ok(());
    }
    let s = env.deploy().await?;
    let a = &s.actors;
    s.fund_and_deposit(a.alice, units(100_000)).await?;
    s.loss("big", units(50_000)).await?;
    let deficit = s.b.market_info(s.market).await?.deficit;
    assert_eq!(deficit, units(20_000));
    let absorber = *s.b.absorber().address();
    let mint = |amount| Proposal {
        target: absorber,
        value: U256::ZERO,
        data: LossAbsorber::emergencyMintCall {
            market: s.market,
            amount,
        }
        .abi_encode()
        .into(),
    };
    // More than the deficit: scheduled (the allow-list allows the selector) but the absorber
    // refuses at execution, and the timelock bubbles its error.
    let (too_much, _) =
        s.b.schedule_emergency(a.dao, &mint(deficit + U256::from(1)), loss_id("a"))
            .await?;
    let (exact, _) =
        s.b.schedule_emergency(a.dao, &mint(deficit), loss_id("b"))
            .await?;
    env.client.increase_time(3_600).await?;
    expect_revert(s.b.execute(a.dao, too_much).await, "MintExceedsDeficit");
    let before = s.b.asset().balanceOf(s.market).call().await?;
    s.b.execute(a.dao, exact).await?;
    assert_eq!(
        s.b.asset().balanceOf(s.market).call().await? - before,
        deficit
    );
    assert!(s.b.absorber().totalDeficit().call().await?.is_zero());
    assert_eq!(s.b.mint_usage().await?.used, deficit);
    Ok(())
}
