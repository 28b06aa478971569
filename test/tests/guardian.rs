//! The guardian's powers: pause and unpause deposits, veto timelock operations; nothing that
//! moves funds. Pausing blocks deposits and mints only.

use alloy::primitives::U256;
use backstop_e2e::{backstop_scripts as scripts, expect_revert, units, Env};
use scripts::{send, DAY};

#[tokio::test(flavor = "multi_thread")]
async fn a_guardian_pauses_deposits_but_cannot_move_funds() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    let (g, v) = (a.guardian, s.b.vault());
    s.fund_and_deposit(a.alice, units(10_000)).await?;
    let vault_balance = s.b.asset().balanceOf(*v.address()).call().await?;

    send(v.pause().from(g)).await?;
    assert!(v.paused().call().await?);
    assert!(v.maxDeposit(a.bob).call().await?.is_zero());
    s.mint(a.bob, units(100)).await?;
    expect_revert(
        s.b.deposit(a.bob, units(100)).await,
        "ERC4626ExceededMaxDeposit",
    );
    // Nobody else pauses.
    expect_revert(
        send(v.unpause().from(a.mallory)).await,
        "NotGuardianOrGovernance",
    );

    // Funds: no sweep, no cover, no parameter, no emergency mint, no governance grab.
    expect_revert(
        send(v.sweep(s.b.manifest.asset, g).from(g)).await,
        "NotGovernance",
    );
    expect_revert(send(v.cover(units(1), g).from(g)).await, "NotLossModule");
    expect_revert(
        send(v.setMaxSlashBps(U256::from(9_999)).from(g)).await,
        "NotGovernance",
    );
    expect_revert(send(v.setLossModule(g).from(g)).await, "NotGovernance");
    expect_revert(send(v.transferGovernance(g).from(g)).await, "NotGovernance");
    expect_revert(
        send(s.b.absorber().emergencyMint(s.market, units(1)).from(g)).await,
        "NotGovernance",
    );
    expect_revert(
        send(s.b.absorber().addMarket(g, units(1)).from(g)).await,
        "NotGovernance",
    );
    assert_eq!(
        s.b.asset().balanceOf(*v.address()).call().await?,
        vault_balance
    );
    assert_eq!(s.total_assets().await?, units(10_000));

    // Pausing never blocks cover or exits.
    s.loss("while-paused", units(1_000)).await?;
    assert_eq!(s.total_assets().await?, units(9_000));
    if env
        .require_time_travel("a_guardian_pauses_deposits_but_cannot_move_funds (exit while paused)")
    {
        s.b.cooldown(a.alice).await?;
        env.client.increase_time(10 * DAY).await?;
        let (_, got, _) = s.b.redeem(a.alice, None).await?;
        assert!(got + U256::from(1) >= units(9_000), "{got}");
    }
    send(v.unpause().from(g)).await?;
    assert!(!v.paused().call().await?);
    Ok(())
}
