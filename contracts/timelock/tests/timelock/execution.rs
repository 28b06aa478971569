use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::SolCall;
use governance_timelock::*;

use crate::calls::*;
use crate::support::*;

#[test]
fn execute_before_the_ready_time_reverts_with_unexpected_state() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY - 1);
    let err = env.execute_call(TARGET, &[1], B256::ZERO);
    assert_eq!(
        err,
        Err(revert_data(unexpected(id, &[OperationState::Ready])))
    );
    assert_eq!(env.state(id), OperationState::Waiting as u8);
}

#[test]
fn execute_when_ready_marks_done_and_emits_call_executed() {
    let mut env = deploy();
    let data = setThingCall {
        value: U256::from(1),
    }
    .abi_encode();
    let id = env.schedule_call(TARGET, &data, salt(1));
    env.advance(MIN_DELAY);
    env.vm
        .mock_call(TARGET, data.clone(), U256::ZERO, Ok(vec![]));
    env.execute_call(TARGET, &data, salt(1)).unwrap();
    assert_eq!(env.state(id), OperationState::Done as u8);
    assert!(env.tl.is_operation_done(id));
    assert_eq!(env.tl.get_timestamp(id), DONE_TIMESTAMP);
    let executed = env.events::<CallExecuted>();
    assert_eq!(executed.len(), 1);
    assert_eq!(
        (
            executed[0].id,
            executed[0].target,
            executed[0].data.to_vec()
        ),
        (id, TARGET, data)
    );
}

#[test]
fn execute_calls_the_target_with_the_scheduled_data_and_value() {
    // The mock only answers the exact (target, data, value) triple; its distinctive revert data
    // coming back proves the call was made with exactly these arguments.
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let data = Bytes::from(
        setThingCall {
            value: U256::from(3),
        }
        .abi_encode(),
    );
    let value = U256::from(1_000);
    env.tl
        .schedule(
            TARGET,
            value,
            data.clone(),
            B256::ZERO,
            B256::ZERO,
            U256::from(MIN_DELAY),
        )
        .unwrap();
    env.advance(MIN_DELAY);
    let marker = b"callee saw the right call".to_vec();
    env.vm
        .mock_call(TARGET, data.to_vec(), value, Err(marker.clone()));
    env.vm.set_sender(EXECUTOR);
    let result = env.tl.execute(TARGET, value, data, B256::ZERO, B256::ZERO);
    assert_eq!(result, Err(marker));
}

#[test]
fn execute_reports_failed_call_when_the_callee_reverts_without_data() {
    let mut env = deploy();
    env.schedule_call(TARGET, &[9], B256::ZERO);
    env.advance(MIN_DELAY);
    env.vm.mock_call(TARGET, vec![9], U256::ZERO, Err(vec![]));
    let result = env.execute_call(TARGET, &[9], B256::ZERO);
    assert_eq!(
        result,
        Err(revert_data(TimelockError::FailedCall(FailedCall {})))
    );
}

#[test]
fn execute_after_the_grace_period_reverts_because_the_operation_expired() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY + GRACE_PERIOD - 1);
    assert!(env.tl.is_operation_ready(id));
    env.advance(1);
    assert_eq!(env.state(id), OperationState::Expired as u8);
    let err = env.execute_call(TARGET, &[1], B256::ZERO);
    assert_eq!(
        err,
        Err(revert_data(unexpected(id, &[OperationState::Ready])))
    );
}

#[test]
fn execute_twice_reverts_the_second_time() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY);
    env.execute_call(TARGET, &[1], B256::ZERO).unwrap();
    let err = env.execute_call(TARGET, &[1], B256::ZERO);
    assert_eq!(
        err,
        Err(revert_data(unexpected(id, &[OperationState::Ready])))
    );
}

#[test]
fn execute_waits_for_the_predecessor_to_be_done() {
    let mut env = deploy();
    let first = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.vm.set_sender(PROPOSER);
    env.tl
        .schedule(
            OTHER_TARGET,
            U256::ZERO,
            Bytes::from(vec![2]),
            first,
            B256::ZERO,
            U256::from(MIN_DELAY),
        )
        .unwrap();
    env.advance(MIN_DELAY);
    env.vm.set_sender(EXECUTOR);
    let err = env.tl.execute(
        OTHER_TARGET,
        U256::ZERO,
        Bytes::from(vec![2]),
        first,
        B256::ZERO,
    );
    assert_eq!(
        err,
        Err(revert_data(TimelockError::UnexecutedPredecessor(
            TimelockUnexecutedPredecessor {
                predecessorId: first
            }
        )))
    );
    env.execute_call(TARGET, &[1], B256::ZERO).unwrap();
    env.vm.set_sender(EXECUTOR);
    env.tl
        .execute(
            OTHER_TARGET,
            U256::ZERO,
            Bytes::from(vec![2]),
            first,
            B256::ZERO,
        )
        .unwrap();
}

#[test]
fn execution_is_open_to_anyone_when_address_zero_is_an_executor() {
    let mut env = deploy_with_executors(vec![Address::ZERO]);
    let id = env.schedule_call(TARGET, &[1], B256::ZERO);
    env.advance(MIN_DELAY);
    env.vm.set_sender(OUTSIDER);
    env.tl
        .execute(
            TARGET,
            U256::ZERO,
            Bytes::from(vec![1]),
            B256::ZERO,
            B256::ZERO,
        )
        .unwrap();
    assert!(env.tl.is_operation_done(id));
}

#[test]
fn execute_batch_runs_every_call_and_emits_one_event_per_index() {
    let mut env = deploy();
    let targets = vec![TARGET, OTHER_TARGET];
    let values = vec![U256::ZERO, U256::ZERO];
    let payloads = vec![Bytes::from(vec![1]), Bytes::from(vec![2])];
    env.vm.set_sender(PROPOSER);
    env.tl
        .schedule_batch(
            targets.clone(),
            values.clone(),
            payloads.clone(),
            B256::ZERO,
            B256::ZERO,
            U256::from(MIN_DELAY),
        )
        .unwrap();
    let id = hash_operation_batch(&targets, &values, &payloads, B256::ZERO, B256::ZERO);
    env.advance(MIN_DELAY);
    env.vm.set_sender(EXECUTOR);
    env.tl
        .execute_batch(
            targets.clone(),
            values.clone(),
            payloads.clone(),
            B256::ZERO,
            B256::ZERO,
        )
        .unwrap();
    assert!(env.tl.is_operation_done(id));
    let executed = env.events::<CallExecuted>();
    assert_eq!(executed.len(), 2);
    assert_eq!(
        (executed[1].index, executed[1].target),
        (U256::from(1), OTHER_TARGET)
    );
}

#[test]
fn execute_batch_bubbles_the_revert_of_a_failing_call() {
    let mut env = deploy();
    let targets = vec![TARGET, OTHER_TARGET];
    let values = vec![U256::ZERO, U256::ZERO];
    let payloads = vec![Bytes::from(vec![1]), Bytes::from(vec![2])];
    env.vm.set_sender(PROPOSER);
    env.tl
        .schedule_batch(
            targets.clone(),
            values.clone(),
            payloads.clone(),
            B256::ZERO,
            B256::ZERO,
            U256::from(MIN_DELAY),
        )
        .unwrap();
    env.advance(MIN_DELAY);
    env.vm.mock_call(
        OTHER_TARGET,
        vec![2],
        U256::ZERO,
        Err(b"second call failed".to_vec()),
    );
    env.vm.set_sender(EXECUTOR);
    let err = env
        .tl
        .execute_batch(targets, values, payloads, B256::ZERO, B256::ZERO);
    assert_eq!(err, Err(b"second call failed".to_vec()));
}

#[test]
fn execute_batch_rejects_arrays_of_different_lengths() {
    let mut env = deploy();
    env.vm.set_sender(EXECUTOR);
    let err = env
        .tl
        .execute_batch(vec![TARGET], vec![], vec![], B256::ZERO, B256::ZERO);
    assert_eq!(
        err,
        Err(revert_data(TimelockError::InvalidOperationLength(
            TimelockInvalidOperationLength {
                targets: U256::from(1),
                payloads: U256::ZERO,
                values: U256::ZERO,
            }
        )))
    );
}

#[test]
fn accept_governance_calls_the_target_at_once_and_emits_governance_accepted() {
    let mut env = deploy();
    let data = acceptGovernanceCall {}.abi_encode();
    env.vm
        .mock_call(TARGET, data.clone(), U256::ZERO, Ok(vec![]));
    env.vm.set_sender(PROPOSER);
    env.tl.accept_governance(TARGET).unwrap();
    let accepted = env.events::<GovernanceAccepted>();
    assert_eq!(
        (accepted[0].target, accepted[0].proposer),
        (TARGET, PROPOSER)
    );
}

#[test]
fn accept_governance_sends_exactly_the_accept_governance_selector_and_bubbles_its_revert() {
    let mut env = deploy();
    let data = acceptGovernanceCall {}.abi_encode();
    env.vm.mock_call(
        TARGET,
        data,
        U256::ZERO,
        Err(b"NotPendingGovernance".to_vec()),
    );
    env.vm.set_sender(PROPOSER);
    assert_eq!(
        env.tl.accept_governance(TARGET),
        Err(b"NotPendingGovernance".to_vec())
    );
}
