//! The deployment pipeline on its own, independent of the vault: a program goes through
//! StylusDeployer (activation fee estimated by a state-overridden `eth_call`, constructor run),
//! is active at the chain's Stylus version, and a timelock built this way schedules, refuses
//! early and executes, with reverts decoded by the generated error enums.

use alloy::{
    primitives::{keccak256, B256, U256},
    sol_types::{SolCall, SolConstructor},
};
use backstop_e2e::{backstop_scripts as scripts, codes, expect_revert, Env};
use scripts::{
    activation_fee,
    bindings::{ArbWasm, GovernanceTimelock, TestStablecoin},
    deploy_program, send, ARB_WASM, DAY,
};

#[tokio::test(flavor = "multi_thread")]
async fn a_program_deployed_through_stylus_deployer_is_active_and_initialised() -> eyre::Result<()>
{
    let env = Env::start().await?;
    let c = &env.client;
    let dao = env.actors.dao;
    let code = codes().get("GovernanceTimelock")?;
    // On a fresh chain the data fee is estimated; on a shared node (BACKSTOP_RPC_URL) another test
    // may have activated the same code already, and there is nothing to pay.
    let arb_wasm = ArbWasm::new(ARB_WASM, &c.provider);
    let already_active = arb_wasm
        .codehashVersion(keccak256(code))
        .call()
        .await
        .is_ok();
    let fee = activation_fee(c, code).await;
    if already_active {
        assert_eq!(fee, None, "no data fee for active code");
    } else {
        assert!(
            fee.is_some_and(|f| f > U256::ZERO),
            "data fee estimated: {fee:?}"
        );
    }

    let args = GovernanceTimelock::constructorCall {
        min_delay: U256::from(2 * DAY),
        emergency_delay: U256::from(3_600),
        proposers: vec![dao],
        executors: vec![dao],
        guardian: env.actors.guardian,
        emergency_targets: vec![],
        emergency_selectors: vec![],
    }
    .abi_encode();
    let timelock = deploy_program(c, "GovernanceTimelock", code, &args).await?;
    assert_eq!(timelock.code_hash, keccak256(code));
    assert_eq!(
        arb_wasm.codehashVersion(timelock.code_hash).call().await?,
        arb_wasm.stylusVersion().call().await?
    );
    let t = GovernanceTimelock::new(timelock.address, &c.provider);
    assert_eq!(
        t.minDelay().call().await?,
        U256::from(2 * DAY),
        "constructor ran"
    );

    // A token whose admin is the timelock: granting a minter needs a timelock operation.
    let token_args = TestStablecoin::constructorCall {
        name: "T".into(),
        symbol: "T".into(),
        decimals: 6,
        admin: timelock.address,
    }
    .abi_encode();
    let token = deploy_program(
        c,
        "TestStablecoin",
        codes().get("TestStablecoin")?,
        &token_args,
    )
    .await?;
    let tok = TestStablecoin::new(token.address, &c.provider);
    expect_revert(send(tok.grantMinter(dao).from(dao)).await, "NotAdmin");

    let data = TestStablecoin::grantMinterCall { account: dao }.abi_encode();
    expect_revert(
        send(
            t.schedule(
                token.address,
                U256::ZERO,
                data.clone().into(),
                B256::ZERO,
                B256::ZERO,
                U256::from(60),
            )
            .from(dao),
        )
        .await,
        "TimelockInsufficientDelay",
    );
    send(
        t.schedule(
            token.address,
            U256::ZERO,
            data.clone().into(),
            B256::ZERO,
            B256::ZERO,
            U256::from(2 * DAY),
        )
        .from(dao),
    )
    .await?;
    expect_revert(
        send(
            t.execute(
                token.address,
                U256::ZERO,
                data.clone().into(),
                B256::ZERO,
                B256::ZERO,
            )
            .from(dao),
        )
        .await,
        "TimelockUnexpectedOperationState",
    );
    if !env.require_time_travel(
        "a_program_deployed_through_stylus_deployer_is_active_and_initialised (execution)",
    ) {
        return Ok(());
    }
    c.increase_time(2 * DAY).await?;
    send(
        t.execute(
            token.address,
            U256::ZERO,
            data.into(),
            B256::ZERO,
            B256::ZERO,
        )
        .from(dao),
    )
    .await?;
    assert!(tok.isMinter(dao).call().await?);
    Ok(())
}
