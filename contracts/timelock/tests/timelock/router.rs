//! The hand-written router (`src/router.rs`) against the exported interface and alloy's codec:
//! the one-word entry points (the dynamic ones are in `fallback.rs`).

use alloy_primitives::{Address, FixedBytes, B256, U256};
use alloy_sol_types::{sol, SolCall};
use governance_timelock::*;

use crate::support::*;
use backstop_common::testing::exported_signatures;

sol! {
    function hasRole(bytes32 role, address account) returns (bool);
    function minDelay() returns (uint256);
    function isEmergencyAction(address target, bytes4 selector) returns (bool);
    function getTimestamp(bytes32 id) returns (uint256);
    function getOperationState(bytes32 id) returns (uint8);
    function isOperationPending(bytes32 id) returns (bool);
    function cancel(bytes32 id);
    function setEmergencyAction(address target, bytes4 selector, bool allowed);
    function grantRole(bytes32 role, address account);
}

#[test]
fn serves_exactly_the_exported_interface() {
    let mut served: Vec<String> = SIGNATURES.iter().map(|s| s.to_string()).collect();
    served.sort();
    let exported = exported_signatures(include_str!("../../../../abi/GovernanceTimelock.sol"));
    assert_eq!(exported.len(), 31, "the timelock exports 31 functions");
    assert_eq!(served, exported);
}

#[test]
fn the_constants_match_the_typed_methods() {
    let mut env = deploy();
    for (signature, word) in [
        ("PROPOSER_ROLE()", GovernanceTimelock::proposer_role()),
        ("EXECUTOR_ROLE()", GovernanceTimelock::executor_role()),
        ("CANCELLER_ROLE()", GovernanceTimelock::canceller_role()),
        ("GUARDIAN_ROLE()", GovernanceTimelock::guardian_role()),
        ("GRACE_PERIOD()", GovernanceTimelock::grace_period().into()),
    ] {
        let out = env
            .tl
            .route(&backstop_common::abi::selector(signature))
            .unwrap();
        assert_eq!(out, word.to_vec(), "{signature}");
    }
}

#[test]
fn every_selector_reaches_its_entry_point() {
    // Zero words of the right arity: each call either succeeds or reverts with a typed error;
    // only an unknown selector or malformed calldata reverts with empty data. (Zero words are
    // empty arrays and empty `bytes` for the dynamic entry points.)
    for signature in SIGNATURES {
        let mut env = deploy();
        env.vm.set_sender(OUTSIDER);
        let arity = signature.matches(',').count() + usize::from(!signature.ends_with("()"));
        let mut calldata = backstop_common::abi::selector(signature).to_vec();
        calldata.resize(4 + 32 * arity, 0);
        let dynamic = signature.contains("bytes,") || signature.contains("[]");
        if dynamic {
            continue; // zero offsets point at the head: covered by fallback.rs with real calls
        }
        if let Err(data) = env.tl.route(&calldata) {
            assert!(!data.is_empty(), "{signature} reverted with empty data");
        }
    }
}

#[test]
fn results_match_the_typed_methods() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &PAUSE, salt(1));
    env.vm.set_sender(OUTSIDER);

    let call = hasRoleCall {
        role: PROPOSER_ROLE,
        account: PROPOSER,
    };
    let out = env.tl.route(&call.abi_encode()).unwrap();
    assert!(hasRoleCall::abi_decode_returns(&out).unwrap());
    let out = env.tl.route(&minDelayCall {}.abi_encode()).unwrap();
    assert_eq!(
        minDelayCall::abi_decode_returns(&out).unwrap(),
        U256::from(MIN_DELAY)
    );
    let call = isEmergencyActionCall {
        target: TARGET,
        selector: FixedBytes(PAUSE),
    };
    let out = env.tl.route(&call.abi_encode()).unwrap();
    assert!(isEmergencyActionCall::abi_decode_returns(&out).unwrap());
    let out = env.tl.route(&getTimestampCall { id }.abi_encode()).unwrap();
    assert_eq!(
        getTimestampCall::abi_decode_returns(&out).unwrap(),
        env.tl.get_timestamp(id)
    );
    let out = env
        .tl
        .route(&getOperationStateCall { id }.abi_encode())
        .unwrap();
    assert_eq!(getOperationStateCall::abi_decode_returns(&out).unwrap(), 1);
    let out = env
        .tl
        .route(&isOperationPendingCall { id }.abi_encode())
        .unwrap();
    assert!(isOperationPendingCall::abi_decode_returns(&out).unwrap());
}

#[test]
fn state_changes_and_typed_errors_pass_through() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &PAUSE, salt(1));

    // The revert data is the typed error, byte for byte what the typed method returns.
    env.vm.set_sender(OUTSIDER);
    let err = env.tl.route(&cancelCall { id }.abi_encode()).unwrap_err();
    assert_eq!(err, revert_data(unauthorized(OUTSIDER, CANCELLER_ROLE)));
    let grant = grantRoleCall {
        role: PROPOSER_ROLE,
        account: OUTSIDER,
    };
    assert!(env.tl.route(&grant.abi_encode()).unwrap_err().len() > 4);

    env.vm.set_sender(GUARDIAN);
    assert_eq!(env.tl.route(&cancelCall { id }.abi_encode()), Ok(vec![]));
    assert_eq!(env.tl.get_operation_state(id), 0, "cancelled");
}

#[test]
fn malformed_calldata_and_value_revert_with_empty_data() {
    let mut env = deploy();
    env.vm.set_sender(OUTSIDER);
    let empty: Result<Vec<u8>, Vec<u8>> = Err(Vec::new());

    // Shorter than a selector; unknown selector; a missing word.
    assert_eq!(env.tl.route(&[]), empty);
    assert_eq!(env.tl.route(&[0xde, 0xad, 0xbe, 0xef]), empty);
    let full = getTimestampCall { id: B256::ZERO }.abi_encode();
    assert_eq!(env.tl.route(&full[..35]), empty);

    // A bool that is not 0 or 1, a bytes4 with dirty padding: refused before the entry point
    // (which would otherwise answer with a typed error, the caller not being the timelock).
    let set = setEmergencyActionCall {
        target: TARGET,
        selector: FixedBytes(PAUSE),
        allowed: true,
    }
    .abi_encode();
    assert!(!env.tl.route(&set).unwrap_err().is_empty());
    let mut two = set.clone();
    two[4 + 95] = 2;
    assert_eq!(env.tl.route(&two), empty);
    let mut dirty = set;
    dirty[4 + 32 + 4] = 1;
    assert_eq!(env.tl.route(&dirty), empty);
    let check = isEmergencyActionCall {
        target: TARGET,
        selector: FixedBytes(PAUSE),
    };
    let mut dirty = check.abi_encode();
    dirty[4 + 63] = 1;
    assert_eq!(env.tl.route(&dirty), empty);

    // Call value on a non-payable entry point.
    env.vm.set_value(U256::from(1));
    assert_eq!(env.tl.route(&minDelayCall {}.abi_encode()), empty);
}

/// Constructor calldata as the SDK's deployer sends it: the constructor selector, then the
/// arguments, ABI-encoded by alloy.
fn constructor_calldata(targets: Vec<Address>, selectors: Vec<FixedBytes<4>>) -> Vec<u8> {
    use alloy_sol_types::SolValue;
    let mut data = backstop_common::abi::CONSTRUCTOR.to_vec();
    let args = (
        U256::from(MIN_DELAY),
        U256::from(EMERGENCY_DELAY),
        vec![PROPOSER],
        vec![EXECUTOR, Address::ZERO],
        GUARDIAN,
        targets,
        selectors,
    );
    data.extend(args.abi_encode_params());
    data
}

/// A timelock whose constructor has not run, on a fresh VM.
fn undeployed() -> (stylus_sdk::testing::TestVM, GovernanceTimelock) {
    let vm = stylus_sdk::testing::TestVM::default();
    vm.set_block_timestamp(T0);
    vm.set_sender(DEPLOYER);
    let tl = GovernanceTimelock::from(&vm);
    (vm, tl)
}

#[test]
fn the_constructor_is_served_once() {
    let (_vm, mut tl) = undeployed();
    let calldata = constructor_calldata(vec![TARGET], vec![FixedBytes(PAUSE)]);
    assert_eq!(tl.route(&calldata), Ok(Vec::new()));
    assert_eq!(tl.min_delay(), U256::from(MIN_DELAY));
    assert_eq!(tl.emergency_delay(), U256::from(EMERGENCY_DELAY));
    assert!(tl.has_role(PROPOSER_ROLE, PROPOSER));
    assert!(tl.has_role(CANCELLER_ROLE, PROPOSER));
    assert!(tl.has_role(EXECUTOR_ROLE, EXECUTOR));
    assert!(tl.has_role(EXECUTOR_ROLE, Address::ZERO));
    assert!(tl.has_role(GUARDIAN_ROLE, GUARDIAN));
    assert!(tl.is_emergency_action(TARGET, FixedBytes(PAUSE)));

    // The SDK's constructor guard: a second run reverts with empty data and changes nothing.
    let again = constructor_calldata(vec![OTHER_TARGET], vec![FixedBytes(PAUSE)]);
    assert_eq!(tl.route(&again), Err(Vec::new()));
    assert!(!tl.is_emergency_action(OTHER_TARGET, FixedBytes(PAUSE)));
}

#[test]
fn malformed_constructor_calldata_reverts_and_errors_are_typed() {
    let good = constructor_calldata(vec![TARGET], vec![FixedBytes(PAUSE)]);
    // The last array cut short.
    let (_vm, mut tl) = undeployed();
    assert_eq!(tl.route(&good[..good.len() - 32]), Err(Vec::new()));
    // A selector word with dirty padding (the last word of the calldata).
    let mut dirty = good.clone();
    let last = dirty.len() - 1;
    dirty[last] = 1;
    let (_vm, mut tl) = undeployed();
    assert_eq!(tl.route(&dirty), Err(Vec::new()));
    // Call value: the constructor is not payable.
    let (vm, mut tl) = undeployed();
    vm.set_value(U256::from(1));
    assert_eq!(tl.route(&good), Err(Vec::new()));

    // Lists of different lengths: the typed constructor's own error, not empty data.
    let (_vm, mut tl) = undeployed();
    let data = tl
        .route(&constructor_calldata(
            vec![TARGET, OTHER_TARGET],
            vec![FixedBytes(PAUSE)],
        ))
        .unwrap_err();
    let (_vm, mut typed) = undeployed();
    let expected = typed
        .constructor(
            U256::from(MIN_DELAY),
            U256::from(EMERGENCY_DELAY),
            vec![PROPOSER],
            vec![EXECUTOR, Address::ZERO],
            GUARDIAN,
            vec![TARGET, OTHER_TARGET],
            vec![FixedBytes(PAUSE)],
        )
        .unwrap_err();
    assert!(!data.is_empty());
    assert_eq!(data, Vec::<u8>::from(expected));
}
