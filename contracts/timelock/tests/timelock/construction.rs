use alloy_primitives::{Address, FixedBytes, U256};
use governance_timelock::*;
use stylus_sdk::prelude::*;
use stylus_sdk::testing::TestVM;

use crate::support::*;

fn construct(
    emergency_delay: u64,
    min_delay: U256,
    targets: Vec<Address>,
    selectors: Vec<FixedBytes<4>>,
) -> Result<GovernanceTimelock, TimelockError> {
    let vm = TestVM::default();
    vm.set_block_timestamp(T0);
    let mut tl = GovernanceTimelock::from(&vm);
    tl.constructor(
        min_delay,
        U256::from(emergency_delay),
        vec![PROPOSER],
        vec![EXECUTOR],
        GUARDIAN,
        targets,
        selectors,
    )?;
    Ok(tl)
}

#[test]
fn constructor_grants_proposers_the_canceller_role_and_sets_every_role() {
    let env = deploy();
    assert!(env.tl.has_role(PROPOSER_ROLE, PROPOSER));
    assert!(env.tl.has_role(CANCELLER_ROLE, PROPOSER));
    assert!(env.tl.has_role(EXECUTOR_ROLE, EXECUTOR));
    assert!(env.tl.has_role(GUARDIAN_ROLE, GUARDIAN));
    assert!(!env.tl.has_role(PROPOSER_ROLE, EXECUTOR));
    assert!(!env.tl.has_role(CANCELLER_ROLE, GUARDIAN));
    let granted = env.events::<RoleGranted>();
    assert_eq!(granted.len(), 4);
    assert!(granted.iter().all(|e| e.sender == DEPLOYER));
}

#[test]
fn constructor_sets_delays_and_the_emergency_allow_list() {
    let env = deploy();
    assert_eq!(env.tl.min_delay(), U256::from(MIN_DELAY));
    assert_eq!(env.tl.emergency_delay(), U256::from(EMERGENCY_DELAY));
    assert!(env.tl.is_emergency_action(TARGET, FixedBytes(PAUSE)));
    assert!(!env.tl.is_emergency_action(OTHER_TARGET, FixedBytes(PAUSE)));
    let set = env.events::<EmergencyActionSet>();
    assert_eq!(set.len(), 1);
    assert_eq!(
        (set[0].target, set[0].selector, set[0].allowed),
        (TARGET, FixedBytes(PAUSE), true)
    );
    let changes = env.events::<MinDelayChange>();
    assert_eq!(changes[0].newDuration, U256::from(MIN_DELAY));
    let emergency = env.events::<EmergencyDelayChange>();
    assert_eq!(
        (emergency[0].oldDuration, emergency[0].newDuration),
        (U256::ZERO, U256::from(EMERGENCY_DELAY))
    );
}

#[test]
fn constructor_with_a_zero_guardian_grants_no_guardian_role() {
    let vm = TestVM::default();
    let mut tl = GovernanceTimelock::from(&vm);
    tl.constructor(
        U256::from(MIN_DELAY),
        U256::from(EMERGENCY_DELAY),
        vec![PROPOSER],
        vec![EXECUTOR],
        Address::ZERO,
        vec![],
        vec![],
    )
    .unwrap();
    assert!(!tl.has_role(GUARDIAN_ROLE, Address::ZERO));
}

#[test]
fn constructor_rejects_an_emergency_delay_below_one_hour() {
    let err = construct(3_599, U256::ZERO, vec![], vec![]).err();
    assert_eq!(
        err,
        Some(TimelockError::EmergencyDelayTooShort(
            TimelockEmergencyDelayTooShort {
                delay: U256::from(3_599),
                minimum: U256::from(3_600),
            }
        ))
    );
}

#[test]
fn constructor_rejects_a_min_delay_above_the_maximum() {
    let too_long = U256::from(MAX_DELAY + 1);
    let err = construct(3_600, too_long, vec![], vec![]).err();
    assert_eq!(
        err,
        Some(TimelockError::DelayTooLong(TimelockDelayTooLong {
            delay: too_long,
            maxDelay: U256::from(MAX_DELAY),
        }))
    );
}

#[test]
fn constructor_rejects_emergency_lists_of_different_lengths() {
    let err = construct(
        3_600,
        U256::ZERO,
        vec![TARGET, OTHER_TARGET],
        vec![FixedBytes(PAUSE)],
    )
    .err();
    assert_eq!(
        err,
        Some(TimelockError::InvalidEmergencyList(
            TimelockInvalidEmergencyList {
                targets: U256::from(2),
                selectors: U256::from(1),
            }
        ))
    );
}

#[test]
fn constructor_rejects_the_timelock_itself_or_zero_as_an_emergency_target() {
    let this = TestVM::default().contract_address();
    for target in [this, Address::ZERO] {
        let err = construct(
            3_600,
            U256::from(MIN_DELAY),
            vec![target],
            vec![FixedBytes(PAUSE)],
        )
        .err();
        assert_eq!(
            err,
            Some(TimelockError::InvalidEmergencyAction(
                TimelockInvalidEmergencyAction {
                    target,
                    selector: FixedBytes(PAUSE),
                }
            ))
        );
    }
}

#[test]
fn constants_and_role_views_match_the_library() {
    assert_eq!(
        GovernanceTimelock::grace_period(),
        U256::from(14 * 86_400u64)
    );
    assert_eq!(GovernanceTimelock::proposer_role(), PROPOSER_ROLE);
    assert_eq!(GovernanceTimelock::executor_role(), EXECUTOR_ROLE);
    assert_eq!(GovernanceTimelock::canceller_role(), CANCELLER_ROLE);
    assert_eq!(GovernanceTimelock::guardian_role(), GUARDIAN_ROLE);
}
