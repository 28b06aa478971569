//! `backstop demo`'s story, run as a test: the figures it prints are checked here. Needs time
//! travel (days of cooldown, vesting and delays); skipped on nodes without it.

use alloy::primitives::U256;
use backstop_e2e::{backstop_scripts as scripts, codes, units, Env};
use scripts::{run_demo, OperationState};

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_story_runs_and_its_figures_hold() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel("the_demo_story_runs_and_its_figures_hold") {
        return Ok(());
    }
    // The demo funds its own actors from this key (the harness's DAO actor has 1 ETH).
    let dao_key = env.dao_key.clone();
    let mut lines = Vec::new();
    let out = run_demo(&env.url, dao_key, codes(), &mut |l| {
        lines.push(l.to_string())
    })
    .await?;
    let text = lines.join("\n");
    assert!(text.contains("== 10."), "{text}");

    // A whole share is worth one unit before any event (virtual shares 10^3 per base unit).
    assert!(
        out.price_after_premium > units(1),
        "premium raised the price"
    );
    assert!(
        out.price_after_first_loss < out.price_after_premium,
        "the loss lowered it"
    );
    assert_eq!(out.losses[0], (units(10_000), U256::ZERO));
    assert_eq!(out.losses[1].0 + out.losses[1].1, units(120_000));
    assert!(
        out.losses[1].1 > U256::ZERO,
        "the larger default left a deficit"
    );
    assert_eq!(out.deficit_before_mint, out.losses[1].1);
    assert!(out.deficit_after_mint.is_zero());
    assert_eq!(
        out.emergency_states,
        (OperationState::Waiting, OperationState::Done)
    );
    // Pro rata: Alice and Bob (in cooldown) lost the same fraction, within a unit.
    let frac = |(b, a): (U256, U256)| (b - a) * U256::from(1_000_000) / b;
    let (fa, fb) = (
        frac(out.alice_value_around_loss),
        frac(out.bob_value_around_loss),
    );
    assert!(fa.abs_diff(fb) <= U256::from(1), "{fa} vs {fb}");
    assert!(out.bob_redeemed > U256::ZERO && out.bob_redeemed < out.deposits[1]);
    Ok(())
}
