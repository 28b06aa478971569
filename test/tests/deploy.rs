//! Deployment through StylusDeployer and the wiring of the lead's sequence, checked from chain
//! state. Runs on any node (no time travel).

use alloy::{
    primitives::{keccak256, FixedBytes},
    providers::Provider,
    sol_types::SolCall,
};
use backstop_e2e::{backstop_scripts as scripts, codes, Env};
use scripts::bindings::{ArbWasm, BackstopVault, LossAbsorber};

#[tokio::test(flavor = "multi_thread")]
async fn deploy_activates_every_program_and_hands_governance_to_the_timelock() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let b = &s.b;
    let m = &b.manifest;
    let (vault, absorber, timelock) = (m.vault()?, m.absorber()?, m.timelock()?);

    // Every program is active at the chain's Stylus version, keyed by the hash of its code.
    let arb_wasm = ArbWasm::new(scripts::ARB_WASM, &env.client.provider);
    let version = arb_wasm.stylusVersion().call().await?;
    for (name, deployed) in &m.contracts {
        let code = env.client.provider.get_code_at(deployed.address).await?;
        assert_eq!(keccak256(&code), deployed.code_hash, "{name}: code hash");
        assert_eq!(code.as_ref(), codes().get(name)?, "{name}: deployed code");
        assert_eq!(
            arb_wasm.codehashVersion(deployed.code_hash).call().await?,
            version,
            "{name}: active"
        );
    }

    // Governance completed its two-step handover to the timelock.
    assert_eq!(b.vault().governance().call().await?, timelock);
    assert_eq!(b.absorber().governance().call().await?, timelock);
    assert!(b.vault().pendingGovernance().call().await?.is_zero());
    assert!(b.absorber().pendingGovernance().call().await?.is_zero());
    // Wiring: loss module, minter, markets, the emergency allow-list, roles.
    assert_eq!(b.vault().lossModule().call().await?, absorber);
    assert_eq!(b.vault().guardian().call().await?, s.actors.guardian);
    assert!(b.asset().isMinter(absorber).call().await?);
    assert_eq!(b.absorber().vault().call().await?, vault);
    assert_eq!(b.absorber().asset().call().await?, m.asset);
    assert!(b.market_info(s.market).await?.enabled);
    assert!(b.market_info(s.actors.rogue_market).await?.enabled);
    let t = b.timelock();
    assert!(
        t.isEmergencyAction(
            absorber,
            FixedBytes(LossAbsorber::emergencyMintCall::SELECTOR)
        )
        .call()
        .await?
    );
    assert!(
        t.isEmergencyAction(vault, FixedBytes(BackstopVault::pauseCall::SELECTOR))
            .call()
            .await?
    );
    assert!(
        !t.isEmergencyAction(vault, FixedBytes(BackstopVault::sweepCall::SELECTOR))
            .call()
            .await?
    );
    let a = &s.actors;
    assert!(
        t.hasRole(t.PROPOSER_ROLE().call().await?, a.dao)
            .call()
            .await?
    );
    assert!(
        t.hasRole(t.CANCELLER_ROLE().call().await?, a.dao)
            .call()
            .await?
    );
    assert!(
        t.hasRole(t.EXECUTOR_ROLE().call().await?, a.dao)
            .call()
            .await?
    );
    assert!(
        t.hasRole(t.GUARDIAN_ROLE().call().await?, a.guardian)
            .call()
            .await?
    );
    assert!(
        !t.hasRole(t.PROPOSER_ROLE().call().await?, a.guardian)
            .call()
            .await?
    );

    // The share token has the asset's decimals + 3 and starts empty.
    assert_eq!(b.share_decimals, b.asset_decimals + 3);
    assert!(b.vault().totalSupply().call().await?.is_zero());

    // The status report renders from chain state and names the wiring.
    let report = b.status_report().await?;
    assert!(
        report.contains(&format!("BackstopVault {vault}")),
        "{report}"
    );
    assert!(report.contains("proposer"), "{report}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_configuration_is_refused_before_anything_is_deployed() -> eyre::Result<()> {
    let env = Env::start().await?;
    let mut config = env.config();
    // Below the one-hour emergency delay: the timelock would refuse it at step 8.
    config.min_delay = 1_800;
    let p = &env.client.provider;
    let nonce = p.get_transaction_count(env.actors.dao).await?;
    let err = env
        .deploy_with(config)
        .await
        .err()
        .expect("the configuration is refused");
    assert!(
        format!("{err:#}").contains(
            "emergency delay (3600 s) must be at least 3600 s and at most the min delay (1800 s)"
        ),
        "{err:#}"
    );
    assert_eq!(
        p.get_transaction_count(env.actors.dao).await?,
        nonce,
        "nothing was sent"
    );
    Ok(())
}
