//! A market that retries or misbehaves: a repeated `lossId` pays once; a compromised market is
//! bounded by its coverage cap, the rolling window across markets and the vault's max slash; an
//! address that is not an enabled market cannot draw at all.

use alloy::primitives::U256;
use backstop_e2e::{backstop_scripts as scripts, expect_revert, units, Env};
use scripts::{loss_id, MarketRoute, DAY};

#[tokio::test(flavor = "multi_thread")]
async fn a_repeated_loss_id_changes_nothing_and_returns_the_first_result() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    s.fund_and_deposit(s.actors.alice, units(100_000)).await?;
    let first = s.loss("loan-7", units(5_000)).await?;
    let assets = s.total_assets().await?;
    let market_balance = s.b.asset().balanceOf(s.market).call().await?;
    let again = s.loss("loan-7", units(5_000)).await?;
    let bigger = s.loss("loan-7", units(50_000)).await?;
    assert_eq!(first, again);
    assert_eq!(first, bigger, "the amount of a replay is ignored");
    assert_eq!(s.total_assets().await?, assets);
    assert_eq!(
        s.b.asset().balanceOf(s.market).call().await?,
        market_balance
    );
    let record = s.b.loss_record(s.market, loss_id("loan-7")).await?;
    assert!(record.recorded);
    assert_eq!(
        (record.amount, record.covered),
        (units(5_000), units(5_000))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_compromised_market_is_bounded_by_its_cap_and_the_window() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let rogue = s.actors.rogue_market; // cap 50,000; window 60,000 per day across markets
    s.fund_and_deposit(s.actors.alice, units(1_000_000)).await?;
    let absorb = |id: &'static str, amount| {
        let b = &s.b;
        async move {
            b.absorb_loss(rogue, MarketRoute::Direct, loss_id(id), amount)
                .await
        }
    };
    // One huge claim: capped by the market's coverage cap (50,000 < window 60,000 < slash 300,000).
    let r = absorb("x1", units(10_000_000)).await?;
    assert_eq!(r.covered, units(50_000));
    assert_eq!(r.covered + r.uncovered, units(10_000_000));
    // Fresh ids cannot draw more: the cap is spent.
    let r = absorb("x2", units(1_000)).await?;
    assert_eq!(r.covered, U256::ZERO);
    assert_eq!(
        s.b.absorber().coverageAvailable(rogue).call().await?,
        U256::ZERO
    );
    // The honest market now meets the window: only 10,000 left today across markets.
    let (covered, _) = s.loss("honest", units(25_000)).await?;
    assert_eq!(covered, units(10_000));
    let w = s.b.window_usage().await?;
    assert_eq!((w.used, w.limit), (units(60_000), units(60_000)));
    assert_eq!(s.total_assets().await?, units(1_000_000) - units(60_000));
    if env.require_time_travel(
        "a_compromised_market_is_bounded_by_its_cap_and_the_window (next window)",
    ) {
        env.client.increase_time(DAY + 1).await?;
        let (covered, _) = s.loss("honest-2", units(25_000)).await?;
        assert_eq!(covered, units(25_000), "a new window opens");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_that_is_not_an_enabled_market_cannot_draw() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    s.fund_and_deposit(s.actors.alice, units(10_000)).await?;
    let mallory = s.actors.mallory;
    expect_revert(
        s.b.absorb_loss(mallory, MarketRoute::Direct, loss_id("steal"), units(1_000))
            .await,
        "MarketNotEnabled",
    );
    // Nor can anyone but the loss module call the vault's cover directly.
    expect_revert(
        scripts::send(s.b.vault().cover(units(1_000), mallory).from(mallory)).await,
        "NotLossModule",
    );
    // Nor can anyone but the owner drive the MockMarket.
    expect_revert(
        s.b.absorb_loss(
            mallory,
            MarketRoute::Mock(s.market),
            loss_id("steal"),
            units(1_000),
        )
        .await,
        "NotOwner",
    );
    assert_eq!(s.total_assets().await?, units(10_000));
    Ok(())
}
