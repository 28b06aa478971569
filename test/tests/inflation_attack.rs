//! First-depositor inflation by donation: the attacker deposits dust, then transfers a large
//! amount straight to the vault hoping to inflate the share price so that the victim's deposit
//! rounds to nothing. Internal accounting ignores donations, so the victim keeps their value and
//! governance can sweep the donation.

use alloy::{primitives::U256, sol_types::SolCall};
use backstop_e2e::{backstop_scripts as scripts, units, Env};
use scripts::{bindings::BackstopVault, send, DAY};

#[tokio::test(flavor = "multi_thread")]
async fn a_donation_does_not_move_the_share_price_and_the_victim_keeps_its_deposit(
) -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let (attacker, victim) = (s.actors.mallory, s.actors.alice);
    let v = s.b.vault();

    // 1 base unit in, then 100,000 units donated by plain transfer.
    s.mint(attacker, units(100_000) + U256::from(1)).await?;
    let dust_shares = s.b.deposit(attacker, U256::from(1)).await?.0;
    assert_eq!(dust_shares, U256::from(1_000));
    let price_before = s.b.share_price().await?;
    send(
        s.b.asset()
            .transfer(*v.address(), units(100_000))
            .from(attacker),
    )
    .await?;
    assert_eq!(
        s.total_assets().await?,
        U256::from(1),
        "donations are not accounted"
    );
    assert_eq!(s.b.share_price().await?, price_before, "price unchanged");

    // The victim deposits 50,000 and gets shares worth 50,000 (less at most one unit).
    let shares = s.fund_and_deposit(victim, units(50_000)).await?;
    assert!(shares > U256::ZERO);
    let value = v.convertToAssets(shares).call().await?;
    assert!(
        value + U256::from(1) >= units(50_000),
        "victim value {value}"
    );
    // The attacker's dust is still worth dust: the donation is lost to them.
    assert!(v.convertToAssets(dust_shares).call().await? <= U256::from(2));

    // Governance (the timelock) sweeps exactly the unaccounted donation, never accounted assets.
    if !env.require_time_travel(
        "a_donation_does_not_move_the_share_price_and_the_victim_keeps_its_deposit (sweep)",
    ) {
        return Ok(());
    }
    let treasury = s.actors.carol;
    let data = BackstopVault::sweepCall {
        token: s.b.manifest.asset,
        to: treasury,
    }
    .abi_encode();
    let id = s.schedule(*v.address(), data, 7).await?;
    env.client.increase_time(2 * DAY).await?;
    s.b.execute(s.actors.dao, id).await?;
    assert_eq!(
        s.b.asset().balanceOf(treasury).call().await?,
        units(100_000)
    );
    assert_eq!(
        s.b.asset().balanceOf(*v.address()).call().await?,
        s.total_assets().await?,
        "only accounted assets remain"
    );
    Ok(())
}
