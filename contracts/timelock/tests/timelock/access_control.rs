//! Every privileged entry point called by every wrong role reverts with the typed error.

use alloy_primitives::{Address, Bytes, FixedBytes, B256, U256};
use governance_timelock::*;

use crate::support::*;

const NOT_PROPOSERS: [Address; 4] = [EXECUTOR, GUARDIAN, OUTSIDER, DEPLOYER];
const NOT_EXECUTORS: [Address; 4] = [PROPOSER, GUARDIAN, OUTSIDER, DEPLOYER];
const NOT_CANCELLERS: [Address; 3] = [EXECUTOR, OUTSIDER, DEPLOYER];
const NOT_SELF: [Address; 5] = [PROPOSER, EXECUTOR, GUARDIAN, OUTSIDER, DEPLOYER];

#[test]
fn only_proposers_can_schedule_schedule_batch_schedule_emergency_or_accept_governance() {
    let mut env = deploy();
    for who in NOT_PROPOSERS {
        env.vm.set_sender(who);
        let expected = unauthorized(who, PROPOSER_ROLE);
        let pause = Bytes::from(PAUSE.to_vec());
        let delay = U256::from(MIN_DELAY);
        assert_eq!(
            env.tl.schedule(
                TARGET,
                U256::ZERO,
                pause.clone(),
                B256::ZERO,
                B256::ZERO,
                delay
            ),
            Err(expected.clone())
        );
        assert_eq!(
            env.tl.schedule_batch(
                vec![TARGET],
                vec![U256::ZERO],
                vec![pause.clone()],
                B256::ZERO,
                B256::ZERO,
                delay
            ),
            Err(expected.clone())
        );
        assert_eq!(
            env.tl
                .schedule_emergency(TARGET, U256::ZERO, pause, B256::ZERO),
            Err(expected.clone())
        );
        assert_eq!(env.tl.accept_governance(TARGET), Err(revert_data(expected)));
    }
}

#[test]
fn the_guardian_can_schedule_nothing_even_through_the_emergency_path() {
    let mut env = deploy();
    env.vm.set_sender(GUARDIAN);
    let pause = Bytes::from(PAUSE.to_vec());
    assert_eq!(
        env.tl
            .schedule_emergency(TARGET, U256::ZERO, pause, B256::ZERO),
        Err(unauthorized(GUARDIAN, PROPOSER_ROLE))
    );
}

#[test]
fn only_executors_can_execute_or_execute_batch() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY);
    for who in NOT_EXECUTORS {
        env.vm.set_sender(who);
        let expected = revert_data(unauthorized(who, EXECUTOR_ROLE));
        assert_eq!(
            env.tl.execute(
                TARGET,
                U256::ZERO,
                Bytes::from(vec![1]),
                B256::ZERO,
                B256::ZERO
            ),
            Err(expected.clone())
        );
        assert_eq!(
            env.tl.execute_batch(
                vec![TARGET],
                vec![U256::ZERO],
                vec![Bytes::from(vec![1])],
                B256::ZERO,
                B256::ZERO
            ),
            Err(expected)
        );
    }
    assert!(env.tl.is_operation_ready(id));
}

#[test]
fn only_cancellers_and_the_guardian_can_cancel() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    for who in NOT_CANCELLERS {
        env.vm.set_sender(who);
        assert_eq!(env.tl.cancel(id), Err(unauthorized(who, CANCELLER_ROLE)));
    }
    assert!(env.tl.is_operation_pending(id));
}

#[test]
fn only_the_timelock_itself_can_change_delays_roles_or_the_emergency_list() {
    let mut env = deploy();
    for who in NOT_SELF {
        env.vm.set_sender(who);
        let expected =
            TimelockError::UnauthorizedCaller(TimelockUnauthorizedCaller { caller: who });
        assert_eq!(env.tl.update_delay(U256::ZERO), Err(expected.clone()));
        assert_eq!(
            env.tl.update_emergency_delay(U256::from(3_600)),
            Err(expected.clone())
        );
        assert_eq!(
            env.tl
                .set_emergency_action(OTHER_TARGET, FixedBytes(PAUSE), true),
            Err(expected.clone())
        );
        assert_eq!(env.tl.grant_role(PROPOSER_ROLE, who), Err(expected.clone()));
        assert_eq!(env.tl.revoke_role(PROPOSER_ROLE, PROPOSER), Err(expected));
    }
    assert_eq!(env.tl.min_delay(), U256::from(MIN_DELAY));
    assert!(env.tl.has_role(PROPOSER_ROLE, PROPOSER));
    assert!(!env.tl.has_role(PROPOSER_ROLE, OUTSIDER));
}
