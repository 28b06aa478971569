//! The hand-written router (`src/router.rs`) against the exported interface and alloy's codec.

use alloy_primitives::{Address, U256};
use alloy_sol_types::{sol, SolCall, SolError};
use loss_absorber::*;

use crate::support::*;
use backstop_common::testing::exported_signatures;

sol! {
    function governance() returns (address);
    function marketInfo(address market) returns (bool, uint256, uint256, uint256);
    function setCoverWindow(uint256 max, uint64 window);
    function coverWindow() returns (uint64);
    function windowUsage() returns (uint256, uint256, uint64, uint64);
    function absorbLoss(bytes32 lossId, uint256 amount) returns (uint256, uint256);
    function coverageAvailable(address market) returns (uint256);
    function lossResult(address market, bytes32 lossId) returns (bool, uint256, uint256, uint256);
    function settleDeficit(address market, uint256 amount);
}

fn call(env: &mut Env, calldata: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    env.ab.route(calldata)
}

#[test]
fn serves_exactly_the_exported_interface() {
    let mut served: Vec<String> = SIGNATURES.iter().map(|s| s.to_string()).collect();
    served.sort();
    let exported = exported_signatures(include_str!("../../../../abi/LossAbsorber.sol"));
    assert_eq!(exported.len(), 24, "the absorber exports 24 functions");
    assert_eq!(served, exported);
}

#[test]
fn every_selector_reaches_its_entry_point() {
    // Zero arguments of the right arity: each call either succeeds or reverts with a typed
    // error; only an unknown selector or malformed calldata reverts with empty data.
    for signature in SIGNATURES {
        let mut env = deploy();
        env.vm.set_sender(OUTSIDER);
        let arity = signature.matches(',').count() + usize::from(!signature.ends_with("()"));
        let mut calldata = backstop_common::abi::selector(signature).to_vec();
        calldata.resize(4 + 32 * arity, 0);
        if let Err(data) = call(&mut env, &calldata) {
            assert!(!data.is_empty(), "{signature} reverted with empty data");
        }
    }
}

#[test]
fn results_match_the_typed_methods() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 1_500).unwrap();
    env.vm.set_sender(OUTSIDER);

    let out = call(&mut env, &governanceCall {}.abi_encode()).unwrap();
    assert_eq!(governanceCall::abi_decode_returns(&out).unwrap(), GOV);
    let out = call(&mut env, &coverWindowCall {}.abi_encode()).unwrap();
    assert_eq!(coverWindowCall::abi_decode_returns(&out).unwrap(), WINDOW);

    let out = call(&mut env, &marketInfoCall { market: MARKET }.abi_encode()).unwrap();
    let info = marketInfoCall::abi_decode_returns(&out).unwrap();
    let expected = env.ab.market_info(MARKET);
    assert_eq!((info._0, info._1, info._2, info._3), expected);
    assert_eq!(expected.3, u(500), "a deficit was booked");

    let out = call(&mut env, &windowUsageCall {}.abi_encode()).unwrap();
    let usage = windowUsageCall::abi_decode_returns(&out).unwrap();
    let expected = env.ab.window_usage();
    assert_eq!((usage._0, usage._1, usage._2, usage._3), expected);
    assert!(expected.3 > expected.2);

    let query = lossResultCall {
        market: MARKET,
        lossId: loss_id(1),
    };
    let out = call(&mut env, &query.abi_encode()).unwrap();
    let result = lossResultCall::abi_decode_returns(&out).unwrap();
    let expected = env.ab.loss_result(MARKET, loss_id(1));
    assert_eq!((result._0, result._1, result._2, result._3), expected);
    assert!(expected.0);

    let out = call(
        &mut env,
        &coverageAvailableCall { market: MARKET_B }.abi_encode(),
    )
    .unwrap();
    assert_eq!(
        coverageAvailableCall::abi_decode_returns(&out).unwrap(),
        env.ab.coverage_available(MARKET_B).unwrap()
    );
}

#[test]
fn state_changes_and_typed_errors_pass_through() {
    let mut env = deploy();
    env.vm.set_sender(MARKET);
    let absorb = absorbLossCall {
        lossId: loss_id(7),
        amount: u(600),
    };
    let out = call(&mut env, &absorb.abi_encode()).unwrap();
    let split = absorbLossCall::abi_decode_returns(&out).unwrap();
    assert_eq!((split._0, split._1), (u(600), U256::ZERO));
    assert_eq!(env.vm.token_balance(MARKET), u(600));

    // The revert data is the typed error, byte for byte what the typed method returns.
    env.vm.set_sender(OUTSIDER);
    let err = call(&mut env, &absorb.abi_encode()).unwrap_err();
    assert_eq!(err, Vec::<u8>::from(not_enabled(OUTSIDER)));
    let set = setCoverWindowCall {
        max: u(5),
        window: WINDOW,
    };
    let err = call(&mut env, &set.abi_encode()).unwrap_err();
    assert_eq!(err, Vec::<u8>::from(not_governance(OUTSIDER)));

    env.vm.set_sender(GOV);
    assert_eq!(call(&mut env, &set.abi_encode()), Ok(Vec::new()));
    assert_eq!(env.ab.max_cover_per_window(), u(5));

    let settle = settleDeficitCall {
        market: MARKET,
        amount: u(1),
    };
    let err = call(&mut env, &settle.abi_encode()).unwrap_err();
    assert_eq!(err[..4], SettleExceedsDeficit::SELECTOR);
}

#[test]
fn malformed_calldata_reverts_with_empty_data() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    let empty: Result<Vec<u8>, Vec<u8>> = Err(Vec::new());

    // Shorter than a selector; unknown selector.
    assert_eq!(call(&mut env, &[]), empty);
    assert_eq!(call(&mut env, &[0x5a, 0xa6, 0xe6]), empty);
    assert_eq!(call(&mut env, &[0xde, 0xad, 0xbe, 0xef]), empty);

    // A missing or partial argument word.
    let full = marketInfoCall { market: MARKET }.abi_encode();
    assert_eq!(call(&mut env, &full[..4]), empty);
    assert_eq!(call(&mut env, &full[..35]), empty);

    // An address with dirty upper bytes.
    let mut dirty = full.clone();
    dirty[4] = 1;
    assert_eq!(call(&mut env, &dirty), empty);

    // A uint64 that does not fit: refused before any state changes.
    let mut big = setCoverWindowCall {
        max: u(5),
        window: WINDOW,
    }
    .abi_encode();
    big[4 + 32 + 23] = 1;
    assert_eq!(call(&mut env, &big), empty);
    assert_eq!(env.ab.max_cover_per_window(), u(MAX_COVER));

    // Extra trailing calldata is ignored, as in Solidity.
    let mut long = full;
    long.extend_from_slice(&[0xff; 40]);
    let out = call(&mut env, &long).unwrap();
    let info = marketInfoCall::abi_decode_returns(&out).unwrap();
    assert!(info._0);
}

/// Constructor calldata as the SDK's deployer sends it: the constructor selector, then the
/// arguments, ABI-encoded by alloy.
fn constructor_calldata(governance: Address) -> Vec<u8> {
    use alloy_sol_types::SolValue;
    let mut data = backstop_common::abi::CONSTRUCTOR.to_vec();
    let args = (
        VAULT,
        governance,
        u(MAX_COVER),
        WINDOW,
        u(MINT_CAP),
        MINT_PERIOD,
    );
    data.extend(args.abi_encode_params());
    data
}

/// An absorber whose constructor has not run, on a fresh VM.
fn undeployed() -> (crate::sim::VaultVM, LossAbsorber) {
    let vm = crate::sim::VaultVM::new(VAULT, ASSET);
    vm.set_block_timestamp(T0);
    let ab = LossAbsorber::from(&*vm);
    (vm, ab)
}

#[test]
fn the_constructor_is_served_once() {
    let (_vm, mut ab) = undeployed();
    assert_eq!(ab.route(&constructor_calldata(GOV)), Ok(Vec::new()));
    assert_eq!(ab.governance(), GOV);
    assert_eq!(ab.vault(), VAULT);
    assert_eq!(ab.asset(), ASSET);
    assert_eq!(ab.cover_window(), WINDOW);
    assert_eq!(ab.max_cover_per_window(), u(MAX_COVER));

    // The SDK's constructor guard: a second run reverts with empty data and changes nothing.
    assert_eq!(ab.route(&constructor_calldata(NEW_GOV)), Err(Vec::new()));
    assert_eq!(ab.governance(), GOV);
}

#[test]
fn malformed_constructor_calldata_reverts_and_errors_are_typed() {
    let good = constructor_calldata(GOV);
    let (_vm, mut ab) = undeployed();
    assert_eq!(ab.route(&good[..good.len() - 1]), Err(Vec::new()));
    let mut dirty = good;
    dirty[4 + 32 * 3 + 7] = 1; // the uint64 cover window does not fit
    let (_vm, mut ab) = undeployed();
    assert_eq!(ab.route(&dirty), Err(Vec::new()));

    // A zero governance: the typed constructor's own error, not empty data.
    let (_vm, mut ab) = undeployed();
    let data = ab.route(&constructor_calldata(Address::ZERO)).unwrap_err();
    let (_vm, mut typed) = undeployed();
    let expected = typed
        .constructor(
            VAULT,
            Address::ZERO,
            u(MAX_COVER),
            WINDOW,
            u(MINT_CAP),
            MINT_PERIOD,
        )
        .unwrap_err();
    assert!(!data.is_empty());
    assert_eq!(data, Vec::<u8>::from(expected));
}
