use alloy_primitives::{Bytes, FixedBytes, B256, U256};
use alloy_sol_types::SolCall;
use governance_timelock::*;

use crate::calls::*;
use crate::support::*;

#[test]
fn schedule_records_the_ready_time_and_emits_call_scheduled_and_call_salt() {
    let mut env = deploy();
    let data = setThingCall {
        value: U256::from(7),
    }
    .abi_encode();
    let id = env.schedule_call(TARGET, &data, salt(9));
    assert_eq!(env.tl.get_timestamp(id), U256::from(T0 + MIN_DELAY));
    assert_eq!(env.state(id), OperationState::Waiting as u8);
    assert!(env.tl.is_operation(id) && env.tl.is_operation_pending(id));
    assert!(!env.tl.is_operation_ready(id));
    let scheduled = env.events::<CallScheduled>();
    assert_eq!(scheduled.len(), 1);
    let e = &scheduled[0];
    assert_eq!((e.id, e.index, e.target), (id, U256::ZERO, TARGET));
    assert_eq!((e.data.to_vec(), e.delay), (data, U256::from(MIN_DELAY)));
    let salts = env.events::<CallSalt>();
    assert_eq!((salts[0].id, salts[0].salt), (id, salt(9)));
}

#[test]
fn schedule_with_a_zero_salt_emits_no_call_salt() {
    let mut env = deploy();
    env.schedule_call(TARGET, &pauseCall {}.abi_encode(), B256::ZERO);
    assert!(env.events::<CallSalt>().is_empty());
}

#[test]
fn hash_views_equal_the_library_hashes() {
    let data = Bytes::from(pauseCall {}.abi_encode());
    assert_eq!(
        GovernanceTimelock::hash_operation(TARGET, U256::from(1), data.clone(), salt(1), salt(2)),
        hash_operation(TARGET, U256::from(1), &data, salt(1), salt(2))
    );
    assert_eq!(
        GovernanceTimelock::hash_operation_batch(
            vec![TARGET],
            vec![U256::ZERO],
            vec![data.clone()],
            B256::ZERO,
            salt(2)
        ),
        hash_operation_batch(&[TARGET], &[U256::ZERO], &[data], B256::ZERO, salt(2))
    );
}

#[test]
fn schedule_rejects_a_delay_below_the_minimum() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let short = U256::from(MIN_DELAY - 1);
    let err = env.tl.schedule(
        TARGET,
        U256::ZERO,
        Bytes::new(),
        B256::ZERO,
        B256::ZERO,
        short,
    );
    assert_eq!(
        err,
        Err(TimelockError::InsufficientDelay(
            TimelockInsufficientDelay {
                delay: short,
                minDelay: U256::from(MIN_DELAY),
            }
        ))
    );
}

#[test]
fn schedule_rejects_a_delay_above_the_maximum() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let long = U256::MAX;
    let err = env.tl.schedule(
        TARGET,
        U256::ZERO,
        Bytes::new(),
        B256::ZERO,
        B256::ZERO,
        long,
    );
    assert_eq!(
        err,
        Err(TimelockError::DelayTooLong(TimelockDelayTooLong {
            delay: long,
            maxDelay: U256::from(MAX_DELAY),
        }))
    );
}

#[test]
fn schedule_rejects_an_operation_that_is_already_scheduled() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1, 2, 3, 4], B256::ZERO);
    env.vm.set_sender(PROPOSER);
    let err = env.tl.schedule(
        TARGET,
        U256::ZERO,
        Bytes::from(vec![1, 2, 3, 4]),
        B256::ZERO,
        B256::ZERO,
        U256::from(MIN_DELAY),
    );
    assert_eq!(err, Err(unexpected(id, &[OperationState::Unset])));
}

#[test]
fn schedule_batch_emits_one_call_scheduled_per_call() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let targets = vec![TARGET, OTHER_TARGET];
    let values = vec![U256::ZERO, U256::from(5)];
    let payloads = vec![Bytes::from(vec![1]), Bytes::from(vec![2])];
    env.tl
        .schedule_batch(
            targets.clone(),
            values.clone(),
            payloads.clone(),
            B256::ZERO,
            salt(1),
            U256::from(MIN_DELAY),
        )
        .unwrap();
    let id = hash_operation_batch(&targets, &values, &payloads, B256::ZERO, salt(1));
    assert_eq!(env.state(id), OperationState::Waiting as u8);
    let scheduled = env.events::<CallScheduled>();
    assert_eq!(scheduled.len(), 2);
    assert_eq!(
        (scheduled[1].id, scheduled[1].index, scheduled[1].target),
        (id, U256::from(1), OTHER_TARGET)
    );
    assert_eq!(scheduled[1].value, U256::from(5));
}

#[test]
fn schedule_batch_rejects_arrays_of_different_lengths() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let err = env.tl.schedule_batch(
        vec![TARGET, OTHER_TARGET],
        vec![U256::ZERO],
        vec![Bytes::new(), Bytes::new(), Bytes::new()],
        B256::ZERO,
        B256::ZERO,
        U256::from(MIN_DELAY),
    );
    assert_eq!(
        err,
        Err(TimelockError::InvalidOperationLength(
            TimelockInvalidOperationLength {
                targets: U256::from(2),
                payloads: U256::from(3),
                values: U256::from(1),
            }
        ))
    );
}

#[test]
fn schedule_batch_rejects_one_array_of_a_different_length() {
    // Each of the two comparisons on its own: values short, then payloads short.
    for (values, payloads) in [(1, 2), (2, 1)] {
        let mut env = deploy();
        env.vm.set_sender(PROPOSER);
        let err = env.tl.schedule_batch(
            vec![TARGET, OTHER_TARGET],
            vec![U256::ZERO; values],
            vec![Bytes::new(); payloads],
            B256::ZERO,
            B256::ZERO,
            U256::from(MIN_DELAY),
        );
        assert_eq!(
            err,
            Err(TimelockError::InvalidOperationLength(
                TimelockInvalidOperationLength {
                    targets: U256::from(2),
                    payloads: U256::from(payloads),
                    values: U256::from(values),
                }
            ))
        );
    }
}

#[test]
fn schedule_emergency_uses_the_emergency_delay_for_an_allow_listed_call() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let data = Bytes::from(pauseCall {}.abi_encode());
    env.tl
        .schedule_emergency(TARGET, U256::ZERO, data.clone(), salt(3))
        .unwrap();
    let id = hash_operation(TARGET, U256::ZERO, &data, B256::ZERO, salt(3));
    assert_eq!(env.tl.get_timestamp(id), U256::from(T0 + EMERGENCY_DELAY));
    let emergency = env.events::<EmergencyScheduled>();
    assert_eq!(emergency.len(), 1);
    assert_eq!((emergency[0].id, emergency[0].target), (id, TARGET));
    assert_eq!(
        (emergency[0].selector, emergency[0].delay),
        (FixedBytes(PAUSE), U256::from(EMERGENCY_DELAY))
    );
    assert_eq!(
        env.events::<CallScheduled>()[0].delay,
        U256::from(EMERGENCY_DELAY)
    );

    env.advance(EMERGENCY_DELAY);
    env.execute_call(TARGET, &data, salt(3)).unwrap();
    assert_eq!(env.state(id), OperationState::Done as u8);
}

#[test]
fn schedule_emergency_accepts_an_allow_listed_selector_with_arguments() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let mut data = PAUSE.to_vec();
    data.extend_from_slice(&[7; 32]);
    let data = Bytes::from(data);
    env.tl
        .schedule_emergency(TARGET, U256::ZERO, data.clone(), salt(4))
        .unwrap();
    let id = hash_operation(TARGET, U256::ZERO, &data, B256::ZERO, salt(4));
    assert_eq!(env.tl.get_timestamp(id), U256::from(T0 + EMERGENCY_DELAY));
}

#[test]
fn schedule_emergency_rejects_a_pair_that_is_not_allow_listed() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let data = Bytes::from(pauseCall {}.abi_encode());
    let err = env
        .tl
        .schedule_emergency(OTHER_TARGET, U256::ZERO, data, B256::ZERO);
    assert_eq!(
        err,
        Err(TimelockError::NotEmergencyAction(
            TimelockNotEmergencyAction {
                target: OTHER_TARGET,
                selector: FixedBytes(PAUSE),
            }
        ))
    );
}

#[test]
fn schedule_emergency_rejects_calldata_shorter_than_a_selector() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let err = env.tl.schedule_emergency(
        TARGET,
        U256::ZERO,
        Bytes::from(PAUSE[..3].to_vec()),
        B256::ZERO,
    );
    assert_eq!(
        err,
        Err(TimelockError::NotEmergencyAction(
            TimelockNotEmergencyAction {
                target: TARGET,
                selector: FixedBytes([PAUSE[0], PAUSE[1], PAUSE[2], 0]),
            }
        ))
    );
}

#[test]
fn cancel_by_a_canceller_clears_the_operation_and_emits_cancelled() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.vm.set_sender(PROPOSER);
    env.tl.cancel(id).unwrap();
    assert_eq!(env.state(id), OperationState::Unset as u8);
    assert_eq!(env.events::<Cancelled>()[0].id, id);
}

#[test]
fn the_guardian_can_veto_a_ready_operation() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY);
    env.vm.set_sender(GUARDIAN);
    env.tl.cancel(id).unwrap();
    assert_eq!(env.state(id), OperationState::Unset as u8);
    let err = env.execute_call(TARGET, &[1], B256::ZERO);
    assert_eq!(
        err,
        Err(revert_data(unexpected(id, &[OperationState::Ready])))
    );
}

#[test]
fn cancel_rejects_an_unset_or_done_operation() {
    let mut env = deploy();
    let cancellable = [
        OperationState::Waiting,
        OperationState::Ready,
        OperationState::Expired,
    ];
    env.vm.set_sender(PROPOSER);
    assert_eq!(
        env.tl.cancel(salt(77)),
        Err(unexpected(salt(77), &cancellable))
    );
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY);
    env.execute_call(TARGET, &[1], B256::ZERO).unwrap();
    env.vm.set_sender(PROPOSER);
    assert_eq!(env.tl.cancel(id), Err(unexpected(id, &cancellable)));
}

#[test]
fn cancelling_an_expired_operation_lets_the_same_call_be_scheduled_again() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY + GRACE_PERIOD);
    assert!(env.tl.is_operation_expired(id));
    env.vm.set_sender(GUARDIAN);
    env.tl.cancel(id).unwrap();
    assert_eq!(env.schedule_call(TARGET, &[1], B256::ZERO), id);
    assert_eq!(env.state(id), OperationState::Waiting as u8);
}
