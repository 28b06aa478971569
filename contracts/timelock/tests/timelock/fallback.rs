//! The WASM build reaches the entry points with dynamic arguments through the fallback, which
//! decodes them by hand: these tests drive it with calldata encoded by alloy.

use alloy_primitives::{Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall};
use governance_timelock::*;

use crate::support::*;

sol! {
    function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay);
    function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay);
    function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt);
    function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt);
    function hashOperation(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt);
    function hashOperationBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt);
    function scheduleEmergency(address target, uint256 value, bytes data, bytes32 salt);
}

#[test]
fn schedule_and_execute_through_the_fallback_behave_like_the_typed_entry_points() {
    let mut env = deploy();
    let data = Bytes::from(vec![1, 2, 3]);
    let call = scheduleCall {
        target: TARGET,
        value: U256::ZERO,
        data: data.clone(),
        predecessor: B256::ZERO,
        salt: salt(1),
        delay: U256::from(MIN_DELAY),
    };
    env.vm.set_sender(PROPOSER);
    assert_eq!(env.tl.route(&call.abi_encode()), Ok(vec![]));
    let id = hash_operation(TARGET, U256::ZERO, &data, B256::ZERO, salt(1));
    assert_eq!(env.state(id), OperationState::Waiting as u8);

    env.advance(MIN_DELAY);
    env.vm.set_sender(EXECUTOR);
    let exec = executeCall {
        target: TARGET,
        value: U256::ZERO,
        payload: data,
        predecessor: B256::ZERO,
        salt: salt(1),
    };
    assert_eq!(env.tl.route(&exec.abi_encode()), Ok(vec![]));
    assert_eq!(env.state(id), OperationState::Done as u8);
}

#[test]
fn the_fallback_returns_typed_errors_as_revert_data() {
    let mut env = deploy();
    let call = scheduleCall {
        target: TARGET,
        value: U256::ZERO,
        data: Bytes::new(),
        predecessor: B256::ZERO,
        salt: B256::ZERO,
        delay: U256::from(MIN_DELAY),
    };
    env.vm.set_sender(OUTSIDER);
    assert_eq!(
        env.tl.route(&call.abi_encode()),
        Err(revert_data(unauthorized(OUTSIDER, PROPOSER_ROLE)))
    );
}

#[test]
fn batch_calls_through_the_fallback_schedule_and_execute_the_same_operation() {
    let mut env = deploy();
    let targets = vec![TARGET, OTHER_TARGET];
    let values = vec![U256::ZERO, U256::ZERO];
    let payloads = vec![Bytes::from(vec![9]), Bytes::from(vec![8; 40])];
    let call = scheduleBatchCall {
        targets: targets.clone(),
        values: values.clone(),
        payloads: payloads.clone(),
        predecessor: B256::ZERO,
        salt: B256::ZERO,
        delay: U256::from(MIN_DELAY),
    };
    env.vm.set_sender(PROPOSER);
    env.tl.route(&call.abi_encode()).unwrap();
    let id = hash_operation_batch(&targets, &values, &payloads, B256::ZERO, B256::ZERO);
    assert_eq!(env.state(id), OperationState::Waiting as u8);
    let hash = hashOperationBatchCall {
        targets: targets.clone(),
        values: values.clone(),
        payloads: payloads.clone(),
        predecessor: B256::ZERO,
        salt: B256::ZERO,
    };
    assert_eq!(env.tl.route(&hash.abi_encode()), Ok(id.to_vec()));
    env.advance(MIN_DELAY);
    env.vm.set_sender(EXECUTOR);
    let exec = executeBatchCall {
        targets,
        values,
        payloads,
        predecessor: B256::ZERO,
        salt: B256::ZERO,
    };
    env.tl.route(&exec.abi_encode()).unwrap();
    assert!(env.tl.is_operation_done(id));
}

#[test]
fn hash_operation_through_the_fallback_returns_the_id_word() {
    let mut env = deploy();
    let data = Bytes::from(vec![5; 33]);
    let call = hashOperationCall {
        target: TARGET,
        value: U256::from(3),
        data: data.clone(),
        predecessor: salt(1),
        salt: salt(2),
    };
    let id = hash_operation(TARGET, U256::from(3), &data, salt(1), salt(2));
    assert_eq!(env.tl.route(&call.abi_encode()), Ok(id.to_vec()));
}

#[test]
fn the_fallback_refuses_value_for_non_payable_entry_points_and_unknown_or_malformed_calls() {
    let mut env = deploy();
    env.vm.set_sender(PROPOSER);
    let call = scheduleEmergencyCall {
        target: TARGET,
        value: U256::ZERO,
        data: Bytes::from(PAUSE.to_vec()),
        salt: B256::ZERO,
    };
    env.vm.set_value(U256::from(1));
    assert_eq!(env.tl.route(&call.abi_encode()), Err(vec![]));
    env.vm.set_value(U256::ZERO);
    assert_eq!(env.tl.route(&[0xde, 0xad, 0xbe, 0xef]), Err(vec![]));
    let mut truncated = call.abi_encode();
    truncated.truncate(100);
    assert_eq!(env.tl.route(&truncated), Err(vec![]));
    assert_eq!(env.tl.route(&call.abi_encode()), Ok(vec![]));
}

#[test]
fn only_execute_and_execute_batch_accept_call_value() {
    let mut env = deploy();
    env.vm.set_value(U256::from(1));
    // Non-payable entry points refuse value before anything else, with empty revert data.
    env.vm.set_sender(PROPOSER);
    let schedule = scheduleCall {
        target: TARGET,
        value: U256::ZERO,
        data: Bytes::new(),
        predecessor: B256::ZERO,
        salt: B256::ZERO,
        delay: U256::from(MIN_DELAY),
    };
    assert_eq!(env.tl.route(&schedule.abi_encode()), Err(vec![]));
    // The payable ones get past that check: this operation was never scheduled, so each fails
    // with its typed state error, not the empty refusal.
    env.vm.set_sender(EXECUTOR);
    let execute = executeCall {
        target: TARGET,
        value: U256::from(1),
        payload: Bytes::new(),
        predecessor: B256::ZERO,
        salt: B256::ZERO,
    };
    let id = hash_operation(TARGET, U256::from(1), &Bytes::new(), B256::ZERO, B256::ZERO);
    assert_eq!(
        env.tl.route(&execute.abi_encode()),
        Err(revert_data(unexpected(id, &[OperationState::Ready])))
    );
    let batch = executeBatchCall {
        targets: vec![TARGET],
        values: vec![U256::from(1)],
        payloads: vec![Bytes::new()],
        predecessor: B256::ZERO,
        salt: B256::ZERO,
    };
    assert!(matches!(env.tl.route(&batch.abi_encode()), Err(data) if !data.is_empty()));
}
