//! Attacks on the timelock: executing early, after the grace period, out of order (predecessor),
//! after a cancel, twice; an emergency call that is not on the allow-list; roles that only the
//! timelock itself can change; a guardian that can veto but not schedule.

use alloy::{
    primitives::{Bytes, FixedBytes, B256, U256},
    sol_types::SolCall,
};
use backstop_e2e::{backstop_scripts as scripts, expect_revert, units, Env};
use scripts::{
    bindings::{BackstopVault, GovernanceTimelock, LossAbsorber},
    send, OperationState, Proposal, DAY,
};

fn cap_call(cap: u64) -> Vec<u8> {
    BackstopVault::setDepositCapCall { next: units(cap) }.abi_encode()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_cannot_run_early_after_cancel_or_twice() -> eyre::Result<()> {
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    let vault = *s.b.vault().address();
    let id = s.schedule(vault, cap_call(1_000), 1).await?;
    expect_revert(
        s.b.execute(a.dao, id).await,
        "TimelockUnexpectedOperationState",
    );
    // A delay below the minimum is refused with both figures.
    let p = Proposal {
        target: vault,
        value: U256::ZERO,
        data: cap_call(2_000).into(),
    };
    let err = expect_revert(
        s.b.schedule(a.dao, &p, B256::ZERO, B256::ZERO, Some(60))
            .await,
        "TimelockInsufficientDelay",
    );
    assert!(err.contains("60") && err.contains("172800"), "{err}");
    // Cancelled (by the guardian's veto): gone for good.
    s.b.cancel(a.guardian, id).await?;
    assert_eq!(
        s.b.operation(id).await?.map(|o| o.state),
        Some(OperationState::Unset)
    );
    expect_revert(
        s.b.execute(a.dao, id).await,
        "TimelockUnexpectedOperationState",
    );
    if !env.require_time_travel(
        "an_operation_cannot_run_early_after_cancel_or_twice (after the delay)",
    ) {
        return Ok(());
    }
    env.client.increase_time(3 * DAY).await?;
    expect_revert(
        s.b.execute(a.dao, id).await,
        "TimelockUnexpectedOperationState",
    );
    // A fresh one runs once, then never again.
    let id2 = s.schedule(vault, cap_call(3_000), 2).await?;
    env.client.increase_time(2 * DAY).await?;
    s.b.execute(a.dao, id2).await?;
    expect_revert(
        s.b.execute(a.dao, id2).await,
        "TimelockUnexpectedOperationState",
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_expires_after_the_grace_period() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel("an_operation_expires_after_the_grace_period") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let id = s
        .schedule(*s.b.vault().address(), cap_call(1_000), 1)
        .await?;
    env.client.increase_time(2 * DAY + 14 * DAY + 1).await?;
    assert_eq!(
        s.b.operation(id).await?.map(|o| o.state),
        Some(OperationState::Expired)
    );
    expect_revert(
        s.b.execute(s.actors.dao, id).await,
        "TimelockUnexpectedOperationState",
    );
    assert_eq!(s.b.vault().depositCap().call().await?, units(10_000_000));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_operation_waits_for_its_predecessor() -> eyre::Result<()> {
    let env = Env::start().await?;
    if !env.require_time_travel("an_operation_waits_for_its_predecessor") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let dao = s.actors.dao;
    let vault = *s.b.vault().address();
    let first = s.schedule(vault, cap_call(1_000), 1).await?;
    let p = Proposal {
        target: vault,
        value: U256::ZERO,
        data: cap_call(2_000).into(),
    };
    let (second, _) = s.b.schedule(dao, &p, first, B256::ZERO, None).await?;
    env.client.increase_time(2 * DAY).await?;
    expect_revert(
        s.b.execute(dao, second).await,
        "TimelockUnexecutedPredecessor",
    );
    s.b.execute(dao, first).await?;
    s.b.execute(dao, second).await?;
    assert_eq!(s.b.vault().depositCap().call().await?, units(2_000));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn only_allow_listed_calls_take_the_emergency_path_and_roles_are_guarded() -> eyre::Result<()>
{
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let a = &s.actors;
    let (vault, absorber) = (*s.b.vault().address(), *s.b.absorber().address());
    let emergency = |target, data: Vec<u8>| Proposal {
        target,
        value: U256::ZERO,
        data: Bytes::from(data),
    };
    // Not on the allow-list: sweeping the vault, raising the mint cap, a timelock self-call.
    for (target, data) in [
        (
            vault,
            BackstopVault::sweepCall {
                token: s.b.manifest.asset,
                to: a.mallory,
            }
            .abi_encode(),
        ),
        (
            absorber,
            LossAbsorber::setMintCapCall {
                mint_cap_per_period: units(1_000_000_000),
                mint_period: 3_600,
            }
            .abi_encode(),
        ),
        (
            *s.b.timelock().address(),
            GovernanceTimelock::updateDelayCall {
                new_delay: U256::ZERO,
            }
            .abi_encode(),
        ),
    ] {
        expect_revert(
            s.b.schedule_emergency(a.dao, &emergency(target, data), B256::ZERO)
                .await,
            "TimelockNotEmergencyAction",
        );
    }
    // The allow-listed pause is accepted, with the short delay.
    let (id, _) =
        s.b.schedule_emergency(
            a.dao,
            &emergency(vault, BackstopVault::pauseCall {}.abi_encode()),
            B256::ZERO,
        )
        .await?;
    let op = s.b.operation(id).await?.expect("scheduled");
    assert!(op.emergency);
    assert_eq!(op.delay, U256::from(3_600));
    // Nobody without the role schedules; the guardian cannot schedule either.
    for who in [a.mallory, a.guardian] {
        expect_revert(
            s.b.schedule_emergency(
                who,
                &emergency(vault, BackstopVault::pauseCall {}.abi_encode()),
                B256::from(U256::from(9)),
            )
            .await,
            "AccessControlUnauthorizedAccount",
        );
    }
    // Roles and delays change only through the timelock itself.
    let t = s.b.timelock();
    let proposer = t.PROPOSER_ROLE().call().await?;
    expect_revert(
        send(t.grantRole(proposer, a.mallory).from(a.dao)).await,
        "TimelockUnauthorizedCaller",
    );
    expect_revert(
        send(t.updateDelay(U256::ZERO).from(a.dao)).await,
        "TimelockUnauthorizedCaller",
    );
    expect_revert(
        send(
            t.setEmergencyAction(vault, FixedBytes(BackstopVault::sweepCall::SELECTOR), true)
                .from(a.dao),
        )
        .await,
        "TimelockUnauthorizedCaller",
    );
    // Mallory cannot execute (executors are restricted) nor cancel.
    expect_revert(
        s.b.cancel(a.mallory, id).await,
        "AccessControlUnauthorizedAccount",
    );
    if env.require_time_travel(
        "only_allow_listed_calls_take_the_emergency_path_and_roles_are_guarded (execution)",
    ) {
        env.client.increase_time(3_600).await?;
        expect_revert(
            s.b.execute(a.mallory, id).await,
            "AccessControlUnauthorizedAccount",
        );
        s.b.execute(a.dao, id).await?;
        assert!(s.b.vault().paused().call().await?);
    }
    Ok(())
}
