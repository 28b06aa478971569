//! Exit before a loss: an underwriter who sees a default coming cannot leave ahead of it. A
//! cooldown must run first, shares in cooldown still take the loss, and moving shares to a fresh
//! account does not carry a cooldown along.

use alloy::primitives::U256;
use backstop_e2e::{backstop_scripts as scripts, expect_revert, units, Env};
use scripts::{send, DAY};

#[tokio::test(flavor = "multi_thread")]
async fn an_underwriter_cannot_redeem_ahead_of_an_announced_default() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let (bob, alt) = (s.actors.bob, s.actors.mallory);
    let v = s.b.vault();
    let shares = s.fund_and_deposit(bob, units(10_000)).await?;
    // Start the cooldown and try to leave at once: refused.
    s.b.cooldown(bob).await?;
    expect_revert(
        send(v.redeem(shares, bob, bob).from(bob)).await,
        "ERC4626ExceededMaxRedeem",
    );
    expect_revert(
        send(v.withdraw(units(1), bob, bob).from(bob)).await,
        "ERC4626ExceededMaxWithdraw",
    );
    // Moving the shares to a fresh account: the new account has no cooldown.
    send(v.transfer(alt, shares).from(bob)).await?;
    assert!(v.maxRedeem(alt).call().await?.is_zero());
    assert!(
        s.b.position(bob).await?.cooldown_shares.is_zero(),
        "snapshot follows the balance down"
    );
    expect_revert(
        send(v.redeem(shares, alt, alt).from(alt)).await,
        "ERC4626ExceededMaxRedeem",
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn shares_in_cooldown_take_a_loss_that_comes_before_their_window() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel("shares_in_cooldown_take_a_loss_that_comes_before_their_window") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let (alice, bob) = (s.actors.alice, s.actors.bob);
    s.fund_and_deposit(alice, units(20_000)).await?;
    s.fund_and_deposit(bob, units(20_000)).await?;
    s.b.cooldown(bob).await?;
    env.client.increase_time(5 * DAY).await?;
    s.loss("announced", units(4_000)).await?; // 10% of the vault
    env.client.increase_time(5 * DAY).await?;
    let (_, got, _) = s.b.redeem(bob, None).await?;
    assert!(got <= units(18_000), "Bob bore his 10%: {got}");
    assert!(got + U256::from(2) >= units(18_000), "and no more: {got}");
    // Alice, who stayed, holds the same fraction.
    let alice_value = s.value_of(alice).await?;
    assert!(alice_value <= units(18_000) && alice_value + U256::from(2) >= units(18_000));
    Ok(())
}
