use alloy_primitives::{FixedBytes, B256, U256};
use alloy_sol_types::SolCall;
use governance_timelock::*;

use crate::calls::*;
use crate::support::*;

#[test]
fn update_delay_through_execute_changes_the_min_delay_and_emits_min_delay_change() {
    let mut env = deploy();
    let data = updateDelayCall {
        newDelay: U256::from(3 * 86_400),
    }
    .abi_encode();
    env.govern(&data, B256::ZERO).unwrap();
    assert_eq!(env.tl.min_delay(), U256::from(3 * 86_400));
    let change = env.events::<MinDelayChange>().pop().unwrap();
    assert_eq!(
        (change.oldDuration, change.newDuration),
        (U256::from(MIN_DELAY), U256::from(3 * 86_400))
    );
}

#[test]
fn update_emergency_delay_through_execute_enforces_the_one_hour_minimum() {
    let mut env = deploy();
    let ok = updateEmergencyDelayCall {
        newDelay: U256::from(7_200),
    }
    .abi_encode();
    env.govern(&ok, salt(1)).unwrap();
    assert_eq!(env.tl.emergency_delay(), U256::from(7_200));
    let too_short = updateEmergencyDelayCall {
        newDelay: U256::from(60),
    }
    .abi_encode();
    assert_eq!(
        env.govern(&too_short, salt(2)),
        Err(revert_data(TimelockError::EmergencyDelayTooShort(
            TimelockEmergencyDelayTooShort {
                delay: U256::from(60),
                minimum: U256::from(3_600),
            }
        )))
    );
}

#[test]
fn grant_and_revoke_role_through_execute_change_roles_and_emit_events_from_the_timelock() {
    let mut env = deploy();
    let grant = grantRoleCall {
        role: PROPOSER_ROLE,
        account: OUTSIDER,
    }
    .abi_encode();
    env.govern(&grant, salt(1)).unwrap();
    assert!(env.tl.has_role(PROPOSER_ROLE, OUTSIDER));
    let granted = env.events::<RoleGranted>().pop().unwrap();
    assert_eq!(
        (granted.role, granted.account, granted.sender),
        (PROPOSER_ROLE, OUTSIDER, env.this())
    );

    let revoke = revokeRoleCall {
        role: PROPOSER_ROLE,
        account: OUTSIDER,
    }
    .abi_encode();
    env.govern(&revoke, salt(2)).unwrap();
    assert!(!env.tl.has_role(PROPOSER_ROLE, OUTSIDER));
    let revoked = env.events::<RoleRevoked>().pop().unwrap();
    assert_eq!((revoked.account, revoked.sender), (OUTSIDER, env.this()));
}

#[test]
fn set_emergency_action_through_execute_extends_the_allow_list() {
    let mut env = deploy();
    let selector = FixedBytes(setThingCall::SELECTOR);
    let data = setEmergencyActionCall {
        target: OTHER_TARGET,
        selector,
        allowed: true,
    }
    .abi_encode();
    env.govern(&data, B256::ZERO).unwrap();
    assert!(env.tl.is_emergency_action(OTHER_TARGET, selector));
    let set = env.events::<EmergencyActionSet>().pop().unwrap();
    assert_eq!(
        (set.target, set.selector, set.allowed),
        (OTHER_TARGET, selector, true)
    );
}

#[test]
fn set_emergency_action_through_execute_removes_from_the_allow_list() {
    let mut env = deploy();
    let selector = FixedBytes(PAUSE);
    assert!(env.tl.is_emergency_action(TARGET, selector));
    let data = setEmergencyActionCall {
        target: TARGET,
        selector,
        allowed: false,
    }
    .abi_encode();
    env.govern(&data, B256::ZERO).unwrap();
    assert!(!env.tl.is_emergency_action(TARGET, selector));
    let set = env.events::<EmergencyActionSet>().pop().unwrap();
    assert_eq!(
        (set.target, set.selector, set.allowed),
        (TARGET, selector, false)
    );
}

#[test]
fn the_timelock_cannot_allow_list_itself_for_the_emergency_path() {
    let mut env = deploy();
    let this = env.this();
    let selector = FixedBytes(grantRoleCall::SELECTOR);
    let data = setEmergencyActionCall {
        target: this,
        selector,
        allowed: true,
    }
    .abi_encode();
    assert_eq!(
        env.govern(&data, B256::ZERO),
        Err(revert_data(TimelockError::InvalidEmergencyAction(
            TimelockInvalidEmergencyAction {
                target: this,
                selector,
            }
        )))
    );
}

#[test]
fn an_unsupported_self_call_reverts_with_its_selector() {
    let mut env = deploy();
    let data = renounceRoleCall {
        role: PROPOSER_ROLE,
        callerConfirmation: env.this(),
    }
    .abi_encode();
    assert_eq!(
        env.govern(&data, B256::ZERO),
        Err(revert_data(TimelockError::UnsupportedSelfCall(
            TimelockUnsupportedSelfCall {
                selector: FixedBytes(renounceRoleCall::SELECTOR),
            }
        )))
    );
}

#[test]
fn a_self_call_with_truncated_arguments_reverts_with_invalid_self_call_data() {
    let mut env = deploy();
    let mut data = updateDelayCall {
        newDelay: U256::from(5),
    }
    .abi_encode();
    data.truncate(20);
    assert_eq!(
        env.govern(&data, B256::ZERO),
        Err(revert_data(TimelockError::InvalidSelfCallData(
            TimelockInvalidSelfCallData {
                selector: FixedBytes(updateDelayCall::SELECTOR),
            }
        )))
    );
}

#[test]
fn granting_an_unknown_role_reverts() {
    let mut env = deploy();
    let role = B256::repeat_byte(0x42);
    let data = grantRoleCall {
        role,
        account: OUTSIDER,
    }
    .abi_encode();
    assert_eq!(
        env.govern(&data, B256::ZERO),
        Err(revert_data(TimelockError::UnknownRole(
            TimelockUnknownRole { role }
        )))
    );
}

#[test]
fn self_only_entry_points_work_when_the_caller_is_the_timelock() {
    let mut env = deploy();
    let this = env.this();
    env.vm.set_sender(this);
    env.tl.update_delay(U256::from(4_000)).unwrap();
    env.tl.update_emergency_delay(U256::from(4_000)).unwrap();
    env.tl.grant_role(GUARDIAN_ROLE, OUTSIDER).unwrap();
    env.tl.revoke_role(GUARDIAN_ROLE, GUARDIAN).unwrap();
    env.tl
        .set_emergency_action(TARGET, FixedBytes(PAUSE), false)
        .unwrap();
    assert_eq!(env.tl.min_delay(), U256::from(4_000));
    assert_eq!(env.tl.emergency_delay(), U256::from(4_000));
    assert!(env.tl.has_role(GUARDIAN_ROLE, OUTSIDER));
    assert!(!env.tl.has_role(GUARDIAN_ROLE, GUARDIAN));
    assert!(!env.tl.is_emergency_action(TARGET, FixedBytes(PAUSE)));
}

#[test]
fn renounce_role_drops_the_callers_role() {
    let mut env = deploy();
    env.vm.set_sender(GUARDIAN);
    env.tl.renounce_role(GUARDIAN_ROLE, GUARDIAN).unwrap();
    assert!(!env.tl.has_role(GUARDIAN_ROLE, GUARDIAN));
    let revoked = env.events::<RoleRevoked>().pop().unwrap();
    assert_eq!((revoked.account, revoked.sender), (GUARDIAN, GUARDIAN));
}

#[test]
fn renounce_role_rejects_a_confirmation_other_than_the_caller() {
    let mut env = deploy();
    env.vm.set_sender(OUTSIDER);
    assert_eq!(
        env.tl.renounce_role(GUARDIAN_ROLE, GUARDIAN),
        Err(TimelockError::BadConfirmation(
            AccessControlBadConfirmation {}
        ))
    );
    assert!(env.tl.has_role(GUARDIAN_ROLE, GUARDIAN));
}
