//! Property test of the operation state machine against an independent model: random sequences
//! of schedule / advance time / execute / cancel never execute an operation early, late, twice,
//! after cancel or before its predecessor, and every call succeeds exactly when the model says so.

use alloy_primitives::{Address, Bytes, B256, U256};
use governance_timelock::*;
use proptest::prelude::*;

use crate::support::*;

/// The three operations of the model: (target, payload, index of the predecessor).
const OPS: [(Address, u8, Option<usize>); 3] = [
    (TARGET, 0, None),
    (TARGET, 1, Some(0)),
    (OTHER_TARGET, 2, None),
];

#[derive(Debug, Clone)]
enum Action {
    Schedule { op: usize, extra_delay: u64 },
    Advance(u64),
    Execute(usize),
    Cancel { op: usize, by_guardian: bool },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..3usize, 0..3 * 86_400u64)
            .prop_map(|(op, extra_delay)| Action::Schedule { op, extra_delay }),
        (0..20 * 86_400u64).prop_map(Action::Advance),
        (0..3usize).prop_map(Action::Execute),
        (0..3usize, any::<bool>()).prop_map(|(op, by_guardian)| Action::Cancel { op, by_guardian }),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Model {
    Unset,
    Scheduled(u64),
    Done,
}

fn model_state(m: Model, now: u64) -> OperationState {
    match m {
        Model::Unset => OperationState::Unset,
        Model::Done => OperationState::Done,
        Model::Scheduled(at) if now < at => OperationState::Waiting,
        Model::Scheduled(at) if now < at + 14 * 86_400 => OperationState::Ready,
        Model::Scheduled(_) => OperationState::Expired,
    }
}

fn ids() -> [B256; 3] {
    let mut ids = [B256::ZERO; 3];
    for (i, (target, byte, pred)) in OPS.iter().enumerate() {
        let predecessor = pred.map(|p| ids[p]).unwrap_or(B256::ZERO);
        ids[i] = hash_operation(
            *target,
            U256::ZERO,
            &Bytes::from(vec![*byte]),
            predecessor,
            B256::ZERO,
        );
    }
    ids
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_operation_sequences_follow_the_state_machine(actions in prop::collection::vec(action(), 1..40)) {
        let mut env = deploy();
        let ids = ids();
        let mut model = [Model::Unset; 3];
        let mut executions = [0u32; 3];
        for action in actions {
            let now = env.now();
            match action {
                Action::Schedule { op, extra_delay } => {
                    let (target, byte, pred) = OPS[op];
                    let predecessor = pred.map(|p| ids[p]).unwrap_or(B256::ZERO);
                    env.vm.set_sender(PROPOSER);
                    let delay = MIN_DELAY + extra_delay;
                    let result = env.tl.schedule(target, U256::ZERO, Bytes::from(vec![byte]), predecessor, B256::ZERO, U256::from(delay));
                    let allowed = model[op] == Model::Unset;
                    prop_assert_eq!(result.is_ok(), allowed);
                    if allowed {
                        model[op] = Model::Scheduled(now + delay);
                    }
                }
                Action::Advance(seconds) => env.advance(seconds),
                Action::Execute(op) => {
                    let (target, byte, pred) = OPS[op];
                    let predecessor = pred.map(|p| ids[p]).unwrap_or(B256::ZERO);
                    env.vm.set_sender(EXECUTOR);
                    let result = env.tl.execute(target, U256::ZERO, Bytes::from(vec![byte]), predecessor, B256::ZERO);
                    let ready = model_state(model[op], now) == OperationState::Ready;
                    let pred_done = pred.is_none_or(|p| model[p] == Model::Done);
                    prop_assert_eq!(result.is_ok(), ready && pred_done, "execute of op {} at {}", op, now);
                    if result.is_ok() {
                        // Never early, never late.
                        if let Model::Scheduled(at) = model[op] {
                            prop_assert!(now >= at && now < at + GRACE_PERIOD);
                        }
                        model[op] = Model::Done;
                        executions[op] += 1;
                    }
                }
                Action::Cancel { op, by_guardian } => {
                    env.vm.set_sender(if by_guardian { GUARDIAN } else { PROPOSER });
                    let result = env.tl.cancel(ids[op]);
                    let cancellable = matches!(
                        model_state(model[op], now),
                        OperationState::Waiting | OperationState::Ready | OperationState::Expired
                    );
                    prop_assert_eq!(result.is_ok(), cancellable);
                    if cancellable {
                        model[op] = Model::Unset;
                    }
                }
            }
            let now = env.now();
            for op in 0..3 {
                prop_assert_eq!(env.state(ids[op]), model_state(model[op], now) as u8);
            }
        }
        // Never twice: an executed operation is Done forever, and events agree with the model.
        prop_assert!(executions.iter().all(|&n| n <= 1));
        let executed = env.events::<CallExecuted>();
        for op in 0..3 {
            let count = executed.iter().filter(|e| e.id == ids[op]).count() as u32;
            prop_assert_eq!(count, executions[op]);
        }
    }
}
