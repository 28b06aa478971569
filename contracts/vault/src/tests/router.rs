//! The hand-written router (`router.rs`) against the exported interface and alloy's ABI codec.

use alloy_primitives::U256;
use alloy_sol_types::{sol, SolCall, SolError};

use super::*;
use crate::router::SIGNATURES;
use backstop_common::testing::exported_signatures;

sol! {
    function name() returns (string);
    function symbol() returns (string);
    function decimals() returns (uint8);
    function balanceOf(address account) returns (uint256);
    function allowance(address owner, address spender) returns (uint256);
    function transfer(address to, uint256 value) returns (bool);
    function paused() returns (bool);
    function governance() returns (address);
    function cooldownInfo(address owner) returns (uint256, uint64, uint64, uint64);
    function cooldownPeriod() returns (uint64);
    function setCooldownPeriod(uint64 next);
    function redeem(uint256 shares, address receiver, address owner) returns (uint256);
}

fn call(env: &mut Env, calldata: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    env.vault.route(calldata)
}

#[test]
fn serves_exactly_the_exported_interface() {
    let mut served: Vec<String> = SIGNATURES.iter().map(|s| s.to_string()).collect();
    served.sort();
    let exported = exported_signatures(include_str!("../../../../abi/BackstopVault.sol"));
    assert_eq!(exported.len(), 59, "the vault exports 59 functions");
    assert_eq!(served, exported);
}

#[test]
fn every_selector_reaches_its_entry_point() {
    // Zero arguments of the right arity: each call either succeeds or reverts with a typed
    // error; only an unknown selector or malformed calldata reverts with empty data.
    for signature in SIGNATURES {
        let mut env = Env::new();
        env.as_(EVE);
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
    let mut env = Env::new();
    env.deposit(ALICE, u(5 * UNIT));
    env.as_(ALICE);
    env.vault.cooldown().unwrap();
    env.as_(EVE);

    let out = call(&mut env, &nameCall {}.abi_encode()).unwrap();
    assert_eq!(
        nameCall::abi_decode_returns(&out).unwrap(),
        env.vault.name()
    );
    let out = call(&mut env, &symbolCall {}.abi_encode()).unwrap();
    assert_eq!(symbolCall::abi_decode_returns(&out).unwrap(), "bsUSD");
    let out = call(&mut env, &decimalsCall {}.abi_encode()).unwrap();
    assert_eq!(decimalsCall::abi_decode_returns(&out).unwrap(), 9);
    let out = call(&mut env, &balanceOfCall { account: ALICE }.abi_encode()).unwrap();
    assert_eq!(
        balanceOfCall::abi_decode_returns(&out).unwrap(),
        env.vault.balance_of(ALICE)
    );
    let out = call(&mut env, &pausedCall {}.abi_encode()).unwrap();
    assert!(!pausedCall::abi_decode_returns(&out).unwrap());
    let out = call(&mut env, &governanceCall {}.abi_encode()).unwrap();
    assert_eq!(governanceCall::abi_decode_returns(&out).unwrap(), GOV);
    let out = call(&mut env, &cooldownPeriodCall {}.abi_encode()).unwrap();
    assert_eq!(
        cooldownPeriodCall::abi_decode_returns(&out).unwrap(),
        COOLDOWN
    );

    let out = call(&mut env, &cooldownInfoCall { owner: ALICE }.abi_encode()).unwrap();
    let info = cooldownInfoCall::abi_decode_returns(&out).unwrap();
    let expected = env.vault.cooldown_info(ALICE);
    assert_eq!((info._0, info._1, info._2, info._3), expected);
    assert!(expected.0 > U256::ZERO && expected.3 > expected.2);
}

#[test]
fn state_changes_and_typed_errors_pass_through() {
    let mut env = Env::new();
    let shares = env.deposit(ALICE, u(5 * UNIT));
    env.as_(ALICE);
    let out = call(
        &mut env,
        &transferCall {
            to: BOB,
            value: u(7),
        }
        .abi_encode(),
    )
    .unwrap();
    assert!(transferCall::abi_decode_returns(&out).unwrap());
    assert_eq!(env.vault.balance_of(BOB), u(7));

    // The revert data is the typed error, byte for byte what the typed method returns.
    let err = call(
        &mut env,
        &transferCall {
            to: BOB,
            value: shares,
        }
        .abi_encode(),
    )
    .unwrap_err();
    let expected = Error::InsufficientBalance(ERC20InsufficientBalance {
        sender: ALICE,
        balance: shares - u(7),
        needed: shares,
    });
    assert_eq!(err, Vec::<u8>::from(expected));

    env.as_(GOV);
    call(
        &mut env,
        &setCooldownPeriodCall { next: 3 * DAY }.abi_encode(),
    )
    .unwrap();
    assert_eq!(env.vault.cooldown_period(), 3 * DAY);
    env.as_(EVE);
    let err = call(&mut env, &setCooldownPeriodCall { next: DAY }.abi_encode()).unwrap_err();
    assert_eq!(
        err,
        Vec::<u8>::from(Error::NotGovernance(NotGovernance { caller: EVE }))
    );

    // Outside the window `redeem` refuses with the ERC-4626 error.
    env.as_(ALICE);
    let redeem = redeemCall {
        shares: u(1),
        receiver: ALICE,
        owner: ALICE,
    };
    let err = call(&mut env, &redeem.abi_encode()).unwrap_err();
    assert_eq!(err[..4], ERC4626ExceededMaxRedeem::SELECTOR);
}

#[test]
fn malformed_calldata_reverts_with_empty_data() {
    let mut env = Env::new();
    env.as_(GOV);
    let before = env.vault.cooldown_period();
    let empty: Result<Vec<u8>, Vec<u8>> = Err(Vec::new());

    // Shorter than a selector; unknown selector.
    assert_eq!(call(&mut env, &[]), empty);
    assert_eq!(call(&mut env, &[0x70, 0xa0, 0x82]), empty);
    assert_eq!(call(&mut env, &[0xde, 0xad, 0xbe, 0xef]), empty);

    // A missing or partial argument word.
    let full = balanceOfCall { account: ALICE }.abi_encode();
    assert_eq!(call(&mut env, &full[..4]), empty);
    assert_eq!(call(&mut env, &full[..35]), empty);
    let two = allowanceCall {
        owner: ALICE,
        spender: BOB,
    }
    .abi_encode();
    assert_eq!(call(&mut env, &two[..36]), empty);

    // An address with dirty upper bytes.
    let mut dirty = full.clone();
    dirty[4] = 1;
    assert_eq!(call(&mut env, &dirty), empty);

    // A uint64 that does not fit: refused before any state changes.
    let mut big = setCooldownPeriodCall { next: DAY }.abi_encode();
    big[4 + 23] = 1;
    assert_eq!(call(&mut env, &big), empty);
    assert_eq!(env.vault.cooldown_period(), before);

    // Extra trailing calldata is ignored, as in Solidity.
    let mut long = full;
    long.extend_from_slice(&[0xff; 40]);
    let out = call(&mut env, &long).unwrap();
    assert_eq!(balanceOfCall::abi_decode_returns(&out).unwrap(), U256::ZERO);
}

/// Constructor calldata as the SDK's deployer sends it: the constructor selector, then the
/// arguments, ABI-encoded by alloy.
fn constructor_calldata(name: &str, symbol: &str) -> Vec<u8> {
    use alloy_sol_types::SolValue;
    let mut data = backstop_common::abi::CONSTRUCTOR.to_vec();
    let args = (
        ASSET,
        name.to_string(),
        symbol.to_string(),
        GOV,
        GUARDIAN,
        u(UNIT),
        u(5 * UNIT),
        COOLDOWN,
        WINDOW,
    );
    data.extend(args.abi_encode_params());
    data
}

/// A vault whose constructor has not run, on a fresh VM.
fn undeployed() -> (TokenVM, BackstopVault) {
    let vm = TokenVM::new(ASSET, 6);
    let vault = BackstopVault::from(&vm);
    vm.set_sender(DEPLOYER);
    (vm, vault)
}

#[test]
fn the_constructor_is_served_once() {
    let (_vm, mut vault) = undeployed();
    let calldata = constructor_calldata("Backstop bUSD", "bsUSD");
    assert_eq!(vault.route(&calldata), Ok(Vec::new()));
    assert_eq!(vault.name(), "Backstop bUSD");
    assert_eq!(vault.symbol(), "bsUSD");
    assert_eq!(vault.decimals(), 9);
    assert_eq!(vault.asset(), ASSET);
    assert_eq!(vault.governance(), GOV);
    assert_eq!(vault.guardian(), GUARDIAN);
    assert_eq!(vault.min_assets(), u(UNIT));
    assert_eq!(vault.deposit_cap(), u(5 * UNIT));
    assert_eq!(vault.cooldown_period(), COOLDOWN);
    assert_eq!(vault.unstake_window(), WINDOW);

    // The SDK's constructor guard: a second run reverts with empty data and changes nothing.
    let again = constructor_calldata("Other", "O");
    assert_eq!(vault.route(&again), Err(Vec::new()));
    assert_eq!(vault.name(), "Backstop bUSD");
}

#[test]
fn malformed_constructor_calldata_reverts_with_empty_data() {
    let good = constructor_calldata("Backstop bUSD", "bsUSD");
    // The symbol's data cut off.
    let (_vm, mut vault) = undeployed();
    assert_eq!(vault.route(&good[..good.len() - 32]), Err(Vec::new()));
    // A name that is not UTF-8 (its first data byte is at 4 + 9 * 32 + 32).
    let mut latin1 = good.clone();
    latin1[4 + 9 * 32 + 32] = 0xe9;
    let (_vm, mut vault) = undeployed();
    assert_eq!(vault.route(&latin1), Err(Vec::new()));
    // A dirty address word.
    let mut dirty = good;
    dirty[4] = 1;
    let (_vm, mut vault) = undeployed();
    assert_eq!(vault.route(&dirty), Err(Vec::new()));
}

#[test]
fn constructor_errors_are_typed() {
    let (_vm, mut vault) = undeployed();
    let long = "x".repeat(32);
    let data = vault
        .route(&constructor_calldata(&long, "bsUSD"))
        .unwrap_err();
    let (_vm, mut typed) = undeployed();
    let expected = typed
        .constructor(
            ASSET,
            long,
            "bsUSD".into(),
            GOV,
            GUARDIAN,
            u(UNIT),
            u(5 * UNIT),
            COOLDOWN,
            WINDOW,
        )
        .unwrap_err();
    assert!(matches!(expected, Error::ParameterOutOfBounds(_)));
    assert_eq!(data, Vec::<u8>::from(expected));
}
