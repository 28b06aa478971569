//! The plain EVM path: deploy and call hand-assembled bytecode, EIP-3541, overrides, estimates
//! and invalid transactions.

use alloy_primitives::{address, Address, Bytes, B256, U256};
use devnode_evm::{
    AccountOverride, BlockInfo, CallRequest, ChainConfig, Error, ExecStatus, Executor, Fees, State,
    StateOverride, TxRequest, DEV_CHAIN_ID, MIN_BASE_FEE,
};

const ALICE: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
const ETH: u128 = 1_000_000_000_000_000_000;

/// SSTORE(0, calldata[0..32]); return SLOAD(0).
const STORE_AND_RETURN: &[u8] = &[
    0x60, 0x00, 0x35, 0x60, 0x00, 0x55, 0x60, 0x00, 0x54, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00,
    0xf3,
];
/// revert(abi.encode(42)).
const REVERT_42: &[u8] = &[0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xfd];

/// Initcode that deploys `runtime` verbatim (12-byte CODECOPY/RETURN prelude).
fn initcode(runtime: &[u8]) -> Bytes {
    let n = u8::try_from(runtime.len()).expect("fixture runtime fits PUSH1");
    let mut code = vec![
        0x60, n, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3,
    ];
    code.extend_from_slice(runtime);
    code.into()
}

fn setup() -> (Executor, State, BlockInfo) {
    let mut state = State::new();
    state.set_balance(ALICE, U256::from(1000 * ETH));
    let block = BlockInfo {
        number: 1,
        timestamp: 1_700_000_000,
        ..BlockInfo::default()
    };
    (Executor::new(ChainConfig::default()), state, block)
}

fn tx(state: &State, to: Option<Address>, input: Bytes) -> TxRequest {
    TxRequest {
        from: ALICE,
        to,
        value: U256::ZERO,
        input,
        nonce: state.nonce(&ALICE),
        gas_limit: 1_000_000,
        fees: Fees::Eip1559 {
            max_fee_per_gas: u128::from(MIN_BASE_FEE) * 2,
            max_priority_fee_per_gas: 0,
        },
        chain_id: Some(DEV_CHAIN_ID),
        access_list: Vec::new(),
        tx_type: 2,
        impersonated: false,
    }
}

fn send(
    exec: &Executor,
    state: &mut State,
    block: &BlockInfo,
    to: Option<Address>,
    input: Bytes,
) -> Result<devnode_evm::Outcome, Error> {
    let t = tx(state, to, input);
    exec.transact(state, block, &t)
}

fn deploy(exec: &Executor, state: &mut State, block: &BlockInfo, runtime: &[u8]) -> Address {
    let t = tx(state, None, initcode(runtime));
    let out = exec
        .transact(state, block, &t)
        .expect("deployment is valid");
    assert_eq!(out.status, ExecStatus::Success);
    out.created_address.expect("creation returns an address")
}

#[test]
fn deploys_and_calls_evm_contract_and_commits_storage() {
    let (exec, mut state, block) = setup();
    let c = deploy(&exec, &mut state, &block, STORE_AND_RETURN);
    assert_eq!(state.code(&c).as_ref(), STORE_AND_RETURN);
    assert_eq!(state.nonce(&ALICE), 1);

    let arg = B256::with_last_byte(7);
    let out =
        send(&exec, &mut state, &block, Some(c), arg.0.to_vec().into()).expect("call is valid");
    assert!(out.is_success());
    assert_eq!(out.output.as_ref(), arg.as_slice());
    assert_eq!(state.storage(&c, U256::ZERO), U256::from(7));
    // 21000 + calldata (31 zero bytes * 4 + 1 * 16) + cold SSTORE 22100 + ops.
    assert!(out.gas_used > 21_000 + 140 + 22_100, "gas {}", out.gas_used);
    // The fee was paid at the base fee (tip 0).
    let spent = U256::from(1000 * ETH) - state.balance(&ALICE);
    assert!(spent > U256::ZERO);
}

#[test]
fn revert_returns_data_and_keeps_fee_and_nonce() {
    let (exec, mut state, block) = setup();
    let c = deploy(&exec, &mut state, &block, REVERT_42);
    let out = send(&exec, &mut state, &block, Some(c), Bytes::new()).expect("valid");
    assert_eq!(out.status, ExecStatus::Revert);
    assert_eq!(out.output.as_ref(), B256::with_last_byte(42).as_slice());
    assert_eq!(state.nonce(&ALICE), 2);
}

#[test]
fn eip3541_rejects_ef_code_but_accepts_the_stylus_prefix() {
    let (exec, mut state, block) = setup();
    let out = send(
        &exec,
        &mut state,
        &block,
        None,
        initcode(&[0xEF, 0x00, 0x01]),
    )
    .expect("valid");
    assert!(matches!(out.status, ExecStatus::Halt(_)), "{out:?}");
    assert_eq!(out.created_address, None);

    let stylus = [0xEF, 0xF0, 0x00, 0x00, 0x01];
    let out = send(&exec, &mut state, &block, None, initcode(&stylus)).expect("valid");
    assert!(out.is_success(), "{out:?}");
    let addr = out.created_address.expect("created");
    assert_eq!(state.code(&addr).as_ref(), stylus);
}

#[test]
fn call_never_commits_and_honours_state_overrides() {
    let (exec, mut state, block) = setup();
    let c = deploy(&exec, &mut state, &block, STORE_AND_RETURN);
    let before = state.clone();
    let req = CallRequest {
        from: Some(ALICE),
        to: Some(c),
        input: B256::with_last_byte(9).0.to_vec().into(),
        ..CallRequest::default()
    };
    let out = exec.call(&state, &block, &req, None).expect("call ok");
    assert_eq!(out.output.as_ref(), B256::with_last_byte(9).as_slice());
    assert_eq!(state, before);

    // Code override: the same address now reverts with 42.
    let other = Address::with_last_byte(0x99);
    let mut overrides = StateOverride::new();
    overrides.insert(
        other,
        AccountOverride {
            code: Some(Bytes::from_static(REVERT_42)),
            ..AccountOverride::default()
        },
    );
    let out = exec
        .call(
            &state,
            &block,
            &CallRequest {
                to: Some(other),
                ..req.clone()
            },
            Some(&overrides),
        )
        .expect("call ok");
    assert_eq!(out.status, ExecStatus::Revert);

    // A gas limit above the transaction cap is capped, as geth does for eth_call.
    let huge = CallRequest {
        gas: Some(1 << 50),
        ..req.clone()
    };
    assert!(exec
        .call(&state, &block, &huge, None)
        .expect("capped")
        .is_success());

    // A caller without funds, given a balance override, can send value.
    let poor = Address::with_last_byte(0x55);
    let value_req = CallRequest {
        from: Some(poor),
        to: Some(c),
        value: Some(U256::from(5)),
        ..CallRequest::default()
    };
    assert!(exec.call(&state, &block, &value_req, None).is_err());
    let mut overrides = StateOverride::new();
    overrides.insert(
        poor,
        AccountOverride {
            balance: Some(U256::from(10)),
            ..AccountOverride::default()
        },
    );
    assert!(exec
        .call(&state, &block, &value_req, Some(&overrides))
        .expect("funded by override")
        .is_success());
}

#[test]
fn storage_overrides_replace_or_patch_slots() {
    // Runtime: return SLOAD(0) ++ SLOAD(1).
    let runtime = [
        0x60, 0x00, 0x54, 0x60, 0x00, 0x52, 0x60, 0x01, 0x54, 0x60, 0x20, 0x52, 0x60, 0x40, 0x60,
        0x00, 0xf3,
    ];
    let (exec, mut state, block) = setup();
    let c = deploy(&exec, &mut state, &block, &runtime);
    state.set_storage(c, U256::ZERO, U256::from(1));
    state.set_storage(c, U256::from(1), U256::from(2));
    let req = CallRequest {
        to: Some(c),
        ..CallRequest::default()
    };
    let words = |out: &devnode_evm::Outcome| {
        (
            U256::from_be_slice(&out.output[..32]),
            U256::from_be_slice(&out.output[32..]),
        )
    };
    let mut diff = StateOverride::new();
    diff.insert(
        c,
        AccountOverride {
            state_diff: Some([(B256::ZERO, B256::with_last_byte(5))].into()),
            ..AccountOverride::default()
        },
    );
    let out = exec.call(&state, &block, &req, Some(&diff)).expect("ok");
    assert_eq!(words(&out), (U256::from(5), U256::from(2)));

    let mut full = StateOverride::new();
    full.insert(
        c,
        AccountOverride {
            state: Some([(B256::ZERO, B256::with_last_byte(5))].into()),
            ..AccountOverride::default()
        },
    );
    let out = exec.call(&state, &block, &req, Some(&full)).expect("ok");
    assert_eq!(words(&out), (U256::from(5), U256::ZERO));
}

#[test]
fn estimate_gas_finds_the_smallest_sufficient_limit() {
    let (exec, mut state, block) = setup();
    let transfer = CallRequest {
        from: Some(ALICE),
        to: Some(Address::with_last_byte(0x42)),
        value: Some(U256::from(1)),
        ..CallRequest::default()
    };
    assert_eq!(
        exec.estimate_gas(&state, &block, &transfer, None)
            .expect("ok"),
        21_000
    );

    let c = deploy(&exec, &mut state, &block, STORE_AND_RETURN);
    let req = CallRequest {
        from: Some(ALICE),
        to: Some(c),
        input: B256::with_last_byte(3).0.to_vec().into(),
        ..CallRequest::default()
    };
    let est = exec.estimate_gas(&state, &block, &req, None).expect("ok");
    let at = |gas| {
        exec.call(
            &state,
            &block,
            &CallRequest {
                gas: Some(gas),
                ..req.clone()
            },
            None,
        )
        .expect("valid")
        .is_success()
    };
    assert!(at(est));
    assert!(!at(est - 1));

    let r = deploy(&exec, &mut state, &block, REVERT_42);
    let err = exec
        .estimate_gas(
            &state,
            &block,
            &CallRequest {
                to: Some(r),
                ..req.clone()
            },
            None,
        )
        .expect_err("reverts");
    assert_eq!(
        err,
        Error::Reverted {
            output: B256::with_last_byte(42).0.to_vec().into()
        }
    );
}

#[test]
fn invalid_transactions_are_typed_errors_and_leave_state_untouched() {
    let (exec, mut state, block) = setup();
    let before = state.clone();
    let to = Some(Address::with_last_byte(1));
    let base = tx(&state, to, Bytes::new());

    let high = TxRequest {
        nonce: 5,
        ..base.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &high),
        Err(Error::NonceTooHigh { tx: 5, state: 0 })
    );
    exec.transact(&mut state, &block, &base)
        .expect("first tx ok");
    let after_one = state.clone();
    assert_eq!(
        exec.transact(&mut state, &block, &base),
        Err(Error::NonceTooLow { tx: 0, state: 1 })
    );
    assert_eq!(state, after_one);
    assert_ne!(before, after_one);

    let next = tx(&state, to, Bytes::new());
    let rich = TxRequest {
        value: U256::from(2000 * ETH),
        ..next.clone()
    };
    assert!(matches!(
        exec.transact(&mut state, &block, &rich),
        Err(Error::InsufficientFunds { .. })
    ));
    let starved = TxRequest {
        gas_limit: 20_000,
        ..next.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &starved),
        Err(Error::IntrinsicGasTooLow {
            gas_limit: 20_000,
            intrinsic: 21_000
        })
    );
    let huge = TxRequest {
        gas_limit: 32_000_001,
        ..next.clone()
    };
    assert!(matches!(
        exec.transact(&mut state, &block, &huge),
        Err(Error::GasLimitTooHigh {
            cap: 32_000_000,
            ..
        })
    ));
    let wrong_chain = TxRequest {
        chain_id: Some(1),
        ..next.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &wrong_chain),
        Err(Error::InvalidChainId)
    );
    let cheap = TxRequest {
        fees: Fees::Legacy { gas_price: 1 },
        tx_type: 0,
        ..next.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &cheap),
        Err(Error::FeeCapTooLow)
    );
    assert_eq!(state, after_one);
}

/// return(GASPRICE).
const RETURN_GASPRICE: &[u8] = &[0x3a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3];

#[test]
fn only_the_base_fee_is_charged_as_on_nitro() {
    let (exec, mut state, mut block) = setup();
    let coinbase = Address::with_last_byte(0xcb);
    block.coinbase = coinbase;
    let c = deploy(&exec, &mut state, &block, RETURN_GASPRICE);
    let base_fee = u128::from(MIN_BASE_FEE);
    let with_tip = Fees::Eip1559 {
        max_fee_per_gas: 3 * base_fee,
        max_priority_fee_per_gas: base_fee,
    };
    let legacy = Fees::Legacy {
        gas_price: 5 * base_fee,
    };
    for (fees, tx_type) in [(with_tip, 2), (legacy, 0)] {
        let before = state.balance(&ALICE);
        let t = TxRequest {
            fees,
            tx_type,
            ..tx(&state, Some(c), Bytes::new())
        };
        let out = exec.transact(&mut state, &block, &t).expect("valid");
        assert!(out.is_success());
        // The sender paid the base fee per gas, GASPRICE says so, and the coinbase got no tip.
        let fee = U256::from(u128::from(out.gas_used) * base_fee);
        assert_eq!(before - state.balance(&ALICE), fee, "{fees:?}");
        assert_eq!(
            out.output.as_ref(),
            U256::from(base_fee).to_be_bytes::<32>()
        );
        assert_eq!(state.balance(&coinbase), U256::ZERO);
    }

    // The checks still see the fields as signed.
    let bob = Address::with_last_byte(0xb0);
    let have = U256::from(4 * 21_000 * base_fee);
    state.set_balance(bob, have);
    let before = state.clone();
    let next = tx(&state, Some(c), Bytes::new());
    let tip_above_cap = TxRequest {
        fees: Fees::Eip1559 {
            max_fee_per_gas: 2 * base_fee,
            max_priority_fee_per_gas: 3 * base_fee,
        },
        ..next.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &tip_above_cap),
        Err(Error::TipAboveFeeCap)
    );
    let cap_below_base_fee = TxRequest {
        fees: Fees::Eip1559 {
            max_fee_per_gas: base_fee - 1,
            max_priority_fee_per_gas: 0,
        },
        ..next.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &cap_below_base_fee),
        Err(Error::FeeCapTooLow)
    );
    // A legacy sender must afford `gasLimit * gasPrice + value`, though it pays the base fee.
    let overpriced = TxRequest {
        from: bob,
        nonce: 0,
        gas_limit: 21_000,
        fees: legacy,
        tx_type: 0,
        ..next.clone()
    };
    assert_eq!(
        exec.transact(&mut state, &block, &overpriced),
        Err(Error::InsufficientFunds {
            have,
            want: U256::from(5 * 21_000 * base_fee)
        })
    );
    assert_eq!(state, before);
}

#[test]
fn legacy_transactions_with_and_without_eip155_are_accepted() {
    let (exec, mut state, block) = setup();
    let to = Some(Address::with_last_byte(1));
    let legacy = |state: &State, chain_id| TxRequest {
        fees: Fees::Legacy {
            gas_price: u128::from(MIN_BASE_FEE),
        },
        tx_type: 0,
        chain_id,
        ..tx(state, to, Bytes::new())
    };
    let t = legacy(&state, None);
    assert!(exec
        .transact(&mut state, &block, &t)
        .expect("valid")
        .is_success());
    let t = legacy(&state, Some(DEV_CHAIN_ID));
    assert!(exec
        .transact(&mut state, &block, &t)
        .expect("valid")
        .is_success());
    assert_eq!(state.nonce(&ALICE), 2);
}

#[test]
fn only_impersonated_senders_may_have_code() {
    let (exec, mut state, block) = setup();
    let contract = deploy(&exec, &mut state, &block, REVERT_42);
    state.set_balance(contract, U256::from(ETH));
    let from_contract = TxRequest {
        from: contract,
        nonce: state.nonce(&contract),
        ..tx(&state, Some(Address::with_last_byte(2)), Bytes::new())
    };
    assert_eq!(
        exec.transact(&mut state, &block, &from_contract),
        Err(Error::SenderNotEoa)
    );
    let impersonated = TxRequest {
        impersonated: true,
        ..from_contract
    };
    assert!(exec
        .transact(&mut state, &block, &impersonated)
        .expect("impersonated contract may send")
        .is_success());
}

/// RIP-7212 test vector (message hash, r, s, public key x, y) from the RIP's test suite.
const P256_VECTOR: &str = "4cee90eb86eaa050036147a12d49004b6b9c72bd725d39d4785011fe190f0b4da73bd4903f0ce3b639bbbf6e8e80d16931ff4bcf5993d58468e8fb19086e8cac36dbcd03009df8c59286b162af3bd7fcc0450c9aa81be5d10d312af6c66b1d604aebd3099c618202fcfe16ae7770b0c49ab5eadf74b754204a3bb6060e44eff37618b065f9832de4ca6ca971a7a1adc826d0f7c00181a5fb2ddf79ae00b4e10e";

#[test]
fn p256verify_precompile_is_at_0x100_as_on_arbitrum() {
    let (exec, state, block) = setup();
    let input: Bytes = alloy_primitives::hex::decode(P256_VECTOR)
        .expect("hex")
        .into();
    let p256 = address!("0000000000000000000000000000000000000100");
    let req = CallRequest {
        from: Some(ALICE),
        to: Some(p256),
        input: input.clone(),
        ..CallRequest::default()
    };
    let ok = exec.call(&state, &block, &req, None).expect("valid");
    assert!(ok.is_success());
    assert_eq!(ok.output.as_ref(), B256::with_last_byte(1).as_slice());

    let mut wrong = input.to_vec();
    wrong[0] ^= 1;
    let bad = exec
        .call(
            &state,
            &block,
            &CallRequest {
                input: wrong.into(),
                ..req
            },
            None,
        )
        .expect("valid");
    assert!(bad.is_success());
    assert!(bad.output.is_empty());
}
