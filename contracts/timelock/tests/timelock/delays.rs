//! The delay order `MIN_EMERGENCY_DELAY <= emergencyDelay <= minDelay <= MAX_DELAY`: enforced by
//! the constructor, by `updateDelay` and `updateEmergencyDelay` through `execute` (the internal
//! self-call path) and called directly by the timelock, and never left broken by any sequence.

use alloy_primitives::{Address, Bytes, FixedBytes, B256, U256};
use alloy_sol_types::SolCall;
use governance_timelock::*;
use proptest::prelude::*;
use stylus_sdk::testing::TestVM;

use crate::calls::*;
use crate::support::*;

fn construct(min_delay: u64, emergency_delay: u64) -> Result<GovernanceTimelock, TimelockError> {
    let vm = TestVM::default();
    vm.set_block_timestamp(T0);
    let mut tl = GovernanceTimelock::from(&vm);
    tl.constructor(
        U256::from(min_delay),
        U256::from(emergency_delay),
        vec![PROPOSER],
        vec![EXECUTOR],
        GUARDIAN,
        vec![TARGET],
        vec![FixedBytes(PAUSE)],
    )?;
    Ok(tl)
}

fn above_min(emergency_delay: u64, min_delay: u64) -> TimelockError {
    TimelockError::EmergencyDelayAboveMinDelay(TimelockEmergencyDelayAboveMinDelay {
        emergencyDelay: U256::from(emergency_delay),
        minDelay: U256::from(min_delay),
    })
}

fn update_delay(seconds: u64) -> Vec<u8> {
    updateDelayCall {
        newDelay: U256::from(seconds),
    }
    .abi_encode()
}

fn update_emergency_delay(seconds: u64) -> Vec<u8> {
    updateEmergencyDelayCall {
        newDelay: U256::from(seconds),
    }
    .abi_encode()
}

/// Schedules, waits for and executes one batch of calls of the timelock to itself.
fn govern_batch(env: &mut Env, calls: &[Vec<u8>], salt: B256) -> Result<(), Vec<u8>> {
    let targets = vec![env.this(); calls.len()];
    let values = vec![U256::ZERO; calls.len()];
    let payloads: Vec<Bytes> = calls.iter().cloned().map(Bytes::from).collect();
    env.vm.set_sender(PROPOSER);
    env.tl
        .schedule_batch(
            targets.clone(),
            values.clone(),
            payloads.clone(),
            B256::ZERO,
            salt,
            U256::from(MIN_DELAY),
        )
        .expect("proposer schedules with the minimum delay");
    env.advance(MIN_DELAY);
    env.vm.set_sender(EXECUTOR);
    env.tl
        .execute_batch(targets, values, payloads, B256::ZERO, salt)
}

#[test]
fn constructor_accepts_an_emergency_delay_equal_to_the_min_delay() {
    let tl = construct(3_600, 3_600).expect("equal delays are consistent");
    assert_eq!(tl.min_delay(), U256::from(3_600));
    assert_eq!(tl.emergency_delay(), U256::from(3_600));
}

#[test]
fn constructor_rejects_an_emergency_delay_above_the_min_delay() {
    assert_eq!(construct(3_600, 3_601).err(), Some(above_min(3_601, 3_600)));
    // A min delay below the one-hour emergency floor can never be consistent.
    assert_eq!(construct(0, 3_600).err(), Some(above_min(3_600, 0)));
}

#[test]
fn update_delay_through_execute_may_lower_the_min_delay_to_the_emergency_delay() {
    let mut env = deploy();
    env.govern(&update_delay(EMERGENCY_DELAY), B256::ZERO)
        .unwrap();
    assert_eq!(env.tl.min_delay(), U256::from(EMERGENCY_DELAY));
    let change = env.events::<MinDelayChange>().pop().unwrap();
    assert_eq!(
        (change.oldDuration, change.newDuration),
        (U256::from(MIN_DELAY), U256::from(EMERGENCY_DELAY))
    );
}

#[test]
fn update_delay_through_execute_refuses_a_min_delay_below_the_emergency_delay() {
    let mut env = deploy();
    assert_eq!(
        env.govern(&update_delay(EMERGENCY_DELAY - 1), B256::ZERO),
        Err(revert_data(above_min(EMERGENCY_DELAY, EMERGENCY_DELAY - 1)))
    );
    // Refused before any write: only the constructor's change was ever emitted.
    assert_eq!(env.tl.min_delay(), U256::from(MIN_DELAY));
    assert_eq!(env.events::<MinDelayChange>().len(), 1);
}

#[test]
fn update_emergency_delay_through_execute_may_raise_it_to_the_min_delay() {
    let mut env = deploy();
    env.govern(&update_emergency_delay(MIN_DELAY), B256::ZERO)
        .unwrap();
    assert_eq!(env.tl.emergency_delay(), U256::from(MIN_DELAY));
    let change = env.events::<EmergencyDelayChange>().pop().unwrap();
    assert_eq!(
        (change.oldDuration, change.newDuration),
        (U256::from(EMERGENCY_DELAY), U256::from(MIN_DELAY))
    );
}

#[test]
fn update_emergency_delay_through_execute_refuses_a_delay_above_the_min_delay() {
    let mut env = deploy();
    assert_eq!(
        env.govern(&update_emergency_delay(MIN_DELAY + 1), B256::ZERO),
        Err(revert_data(above_min(MIN_DELAY + 1, MIN_DELAY)))
    );
    assert_eq!(env.tl.emergency_delay(), U256::from(EMERGENCY_DELAY));
    assert_eq!(env.events::<EmergencyDelayChange>().len(), 1);
}

#[test]
fn the_direct_self_only_entry_points_enforce_the_order_too() {
    let mut env = deploy();
    let this = env.this();
    env.vm.set_sender(this);
    assert_eq!(
        env.tl.update_delay(U256::from(EMERGENCY_DELAY - 1)),
        Err(above_min(EMERGENCY_DELAY, EMERGENCY_DELAY - 1))
    );
    assert_eq!(
        env.tl.update_emergency_delay(U256::from(MIN_DELAY + 1)),
        Err(above_min(MIN_DELAY + 1, MIN_DELAY))
    );
    assert_eq!(env.tl.min_delay(), U256::from(MIN_DELAY));
    assert_eq!(env.tl.emergency_delay(), U256::from(EMERGENCY_DELAY));
}

#[test]
fn a_batch_lowers_both_delays_when_the_emergency_delay_goes_first() {
    let mut env = deploy();
    // Raise the emergency delay to make room, then lower both below it in one operation.
    env.govern(&update_emergency_delay(86_400), salt(1))
        .unwrap();
    govern_batch(
        &mut env,
        &[update_emergency_delay(7_200), update_delay(7_200)],
        salt(2),
    )
    .unwrap();
    assert_eq!(env.tl.emergency_delay(), U256::from(7_200));
    assert_eq!(env.tl.min_delay(), U256::from(7_200));
}

#[test]
fn a_batch_that_lowers_the_min_delay_first_reverts_with_the_typed_error() {
    let mut env = deploy();
    env.govern(&update_emergency_delay(86_400), salt(1))
        .unwrap();
    assert_eq!(
        govern_batch(
            &mut env,
            &[update_delay(7_200), update_emergency_delay(7_200)],
            salt(2),
        ),
        Err(revert_data(above_min(86_400, 7_200)))
    );
}

/// Candidate delays: the bounds and their neighbours, the fixture's delays, and anything between.
fn delay() -> impl Strategy<Value = u64> {
    prop_oneof![
        prop::sample::select(vec![
            0,
            MIN_EMERGENCY_DELAY - 1,
            MIN_EMERGENCY_DELAY,
            MIN_EMERGENCY_DELAY + 1,
            MIN_DELAY,
            MAX_DELAY,
            MAX_DELAY + 1,
        ]),
        0..4 * 86_400u64,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_delay_updates_breaks_the_order(
        updates in prop::collection::vec((any::<bool>(), delay()), 1..30)
    ) {
        let mut env = deploy();
        let this: Address = env.this();
        env.vm.set_sender(this);
        let (mut min, mut emergency) = (MIN_DELAY, EMERGENCY_DELAY);
        for (emergency_path, value) in updates {
            let too_long = TimelockError::DelayTooLong(TimelockDelayTooLong {
                delay: U256::from(value),
                maxDelay: U256::from(MAX_DELAY),
            });
            if emergency_path {
                let expected = if value < MIN_EMERGENCY_DELAY {
                    Err(TimelockError::EmergencyDelayTooShort(TimelockEmergencyDelayTooShort {
                        delay: U256::from(value),
                        minimum: U256::from(MIN_EMERGENCY_DELAY),
                    }))
                } else if value > MAX_DELAY {
                    Err(too_long)
                } else if value > min {
                    Err(above_min(value, min))
                } else {
                    emergency = value;
                    Ok(())
                };
                prop_assert_eq!(env.tl.update_emergency_delay(U256::from(value)), expected);
            } else {
                let expected = if value > MAX_DELAY {
                    Err(too_long)
                } else if emergency > value {
                    Err(above_min(emergency, value))
                } else {
                    min = value;
                    Ok(())
                };
                prop_assert_eq!(env.tl.update_delay(U256::from(value)), expected);
            }
            prop_assert_eq!(env.tl.min_delay(), U256::from(min));
            prop_assert_eq!(env.tl.emergency_delay(), U256::from(emergency));
            prop_assert!(MIN_EMERGENCY_DELAY <= emergency && emergency <= min && min <= MAX_DELAY);
        }
    }
}
