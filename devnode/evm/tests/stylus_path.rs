//! Stylus programs from real WASM: deployment, activation through ArbWasm, calls both ways
//! between EVM and Stylus, revert data, reentrancy, StylusDeployer, and failures.

use std::path::PathBuf;

use alloy_primitives::{address, keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent};
use devnode_evm::{
    AccountOverride, BlockInfo, CallRequest, ChainConfig, ExecStatus, Executor, Fees, HostioRecord,
    Outcome, State, StateOverride, TxRequest, TxTrace, ARB_WASM, DEV_CHAIN_ID, MIN_BASE_FEE,
    STYLUS_DEPLOYER,
};

sol! {
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
    function programVersion(address program) external view returns (uint16 version);
    function programMemoryFootprint(address program) external view returns (uint16 footprint);
    function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
    function stylusVersion() external view returns (uint16 version);
    function codehashKeepalive(bytes32 codehash) external payable;
    event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);
    error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
    function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
    event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    event ContractDeployed(address deployedContract);
    error ProgramNotWasm();
    error ProgramNotActivated();
    error ProgramUpToDate();
    error ProgramInsufficientValue(uint256 have, uint256 want);
    error ContractInitializationError(address newContract, bytes data);
}

const ALICE: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
const ETH: u128 = 1_000_000_000_000_000_000;

/// EVM forwarder: calls `calldata[0..32]` (an address word) with `calldata[32..]` and the
/// received value; returns the callee's return data, or reverts with its revert data.
const FORWARDER: &[u8] = &[
    0x60, 0x20, 0x36, 0x03, 0x60, 0x20, 0x60, 0x00, 0x37, 0x60, 0x00, 0x60, 0x00, 0x60, 0x20, 0x36,
    0x03, 0x60, 0x00, 0x34, 0x60, 0x00, 0x35, 0x5a, 0xf1, 0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, 0x60,
    0x26, 0x57, 0x3d, 0x60, 0x00, 0xfd, 0x5b, 0x3d, 0x60, 0x00, 0xf3,
];

/// EVM delegator: DELEGATECALLs `calldata[0..32]` (an address word) with `calldata[32..]`;
/// returns the return data, or reverts with the revert data.
const DELEGATOR: &[u8] = &[
    0x60, 0x20, 0x36, 0x03, 0x60, 0x20, 0x60, 0x00, 0x37, 0x60, 0x00, 0x60, 0x00, 0x60, 0x20, 0x36,
    0x03, 0x60, 0x00, 0x60, 0x00, 0x35, 0x5a, 0xf4, 0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, 0x60, 0x25,
    0x57, 0x3d, 0x60, 0x00, 0xfd, 0x5b, 0x3d, 0x60, 0x00, 0xf3,
];

/// EVM contract that calls the address word in its calldata with the one byte `0x04` (the
/// probe's "am I reentered?" op) and returns what it got.
const CALL_BACK: &[u8] = &[
    0x60, 0x04, 0x60, 0x00, 0x53, 0x60, 0x00, 0x60, 0x00, 0x60, 0x01, 0x60, 0x00, 0x60, 0x00, 0x60,
    0x00, 0x35, 0x5a, 0xf1, 0x50, 0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, 0x3d, 0x60, 0x00, 0xf3,
];

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.wat"));
    wat::parse_file(&path).unwrap_or_else(|e| panic!("fixture {name} must assemble: {e}"))
}

/// Deployed Stylus code for a fixture: `EF F0 00 00` + brotli.
fn stylus_code(name: &str) -> Vec<u8> {
    devnode_stylus::compress_wasm(&fixture(name))
}

/// cargo-stylus's 43-byte deployment prelude followed by the code.
fn stylus_initcode(code: &[u8]) -> Bytes {
    let mut init = vec![0x7f];
    init.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    init.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    assert_eq!(init.len(), 43);
    init.extend_from_slice(code);
    init.into()
}

/// Initcode deploying EVM `runtime` verbatim.
fn evm_initcode(runtime: &[u8]) -> Bytes {
    let n = u8::try_from(runtime.len()).expect("fixture runtime fits PUSH1");
    let mut code = vec![
        0x60, n, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3,
    ];
    code.extend_from_slice(runtime);
    code.into()
}

/// A fixture of devnode-stylus's test suite (read-only).
fn stylus_fixture_code(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../stylus/tests/fixtures")
        .join(format!("{name}.wat"));
    let wasm = wat::parse_file(&path).unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    devnode_stylus::compress_wasm(&wasm)
}

fn word(a: Address) -> Vec<u8> {
    a.into_word().0.to_vec()
}

struct Chain {
    exec: Executor,
    state: State,
    block: BlockInfo,
}

impl Chain {
    fn new() -> Self {
        let mut state = State::new();
        state.set_balance(ALICE, U256::from(1000 * ETH));
        Self {
            exec: Executor::new(ChainConfig::default()),
            state,
            block: BlockInfo {
                number: 10,
                timestamp: 1_750_000_000,
                l1_block_number: 10,
                ..BlockInfo::default()
            },
        }
    }

    fn send_value(&mut self, to: Option<Address>, input: Bytes, value: U256) -> Outcome {
        let tx = self.tx(to, input, value);
        self.block.number += 1;
        self.exec
            .transact(&mut self.state, &self.block, &tx)
            .expect("transaction is valid")
    }

    /// What [`Chain::send`] would do, traced and not committed.
    fn trace(&self, to: Address, input: impl Into<Bytes>) -> (Outcome, TxTrace) {
        let tx = self.tx(Some(to), input.into(), U256::ZERO);
        let block = BlockInfo {
            number: self.block.number + 1,
            ..self.block.clone()
        };
        self.exec
            .trace(&self.state, &block, &tx)
            .expect("transaction is valid")
    }

    fn tx(&self, to: Option<Address>, input: Bytes, value: U256) -> TxRequest {
        TxRequest {
            from: ALICE,
            to,
            value,
            input,
            nonce: self.state.nonce(&ALICE),
            gas_limit: 30_000_000,
            fees: Fees::Eip1559 {
                max_fee_per_gas: u128::from(MIN_BASE_FEE),
                max_priority_fee_per_gas: 0,
            },
            chain_id: Some(DEV_CHAIN_ID),
            access_list: Vec::new(),
            tx_type: 2,
            impersonated: false,
        }
    }

    fn send(&mut self, to: Address, input: impl Into<Bytes>) -> Outcome {
        self.send_value(Some(to), input.into(), U256::ZERO)
    }

    fn call(&self, to: Address, input: impl Into<Bytes>) -> Outcome {
        self.exec
            .call(
                &self.state,
                &self.block,
                &CallRequest {
                    from: Some(ALICE),
                    to: Some(to),
                    input: input.into(),
                    ..CallRequest::default()
                },
                None,
            )
            .expect("call is valid")
    }

    fn deploy_evm(&mut self, runtime: &[u8]) -> Address {
        let out = self.send_value(None, evm_initcode(runtime), U256::ZERO);
        assert!(out.is_success(), "{out:?}");
        out.created_address.expect("created")
    }

    fn deploy_stylus(&mut self, name: &str) -> Address {
        let out = self.send_value(None, stylus_initcode(&stylus_code(name)), U256::ZERO);
        assert!(out.is_success(), "{out:?}");
        out.created_address.expect("created")
    }

    /// The data fee, read as cargo-stylus check does: an eth_call of activateProgram with
    /// plenty of value.
    fn data_fee(&self, program: Address) -> U256 {
        let out = self
            .exec
            .call(
                &self.state,
                &self.block,
                &CallRequest {
                    from: Some(ALICE),
                    to: Some(ARB_WASM),
                    value: Some(U256::from(ETH)),
                    input: activateProgramCall { program }.abi_encode().into(),
                    ..CallRequest::default()
                },
                None,
            )
            .expect("valid");
        assert!(out.is_success(), "{out:?}");
        activateProgramCall::abi_decode_returns(&out.output)
            .expect("activateProgram returns (version, fee)")
            .dataFee
    }

    fn activate(&mut self, program: Address) -> Outcome {
        let fee = self.data_fee(program);
        let out = self.send_value(
            Some(ARB_WASM),
            activateProgramCall { program }.abi_encode().into(),
            fee,
        );
        assert!(out.is_success(), "{out:?}");
        out
    }
}

fn op(code: u8, args: &[&[u8]]) -> Bytes {
    let mut data = vec![code];
    for a in args {
        data.extend_from_slice(a);
    }
    data.into()
}

#[test]
fn raw_create_then_activate_then_call_stores_and_loads() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    let code = chain.state.code(&program);
    assert!(code.starts_with(&[0xEF, 0xF0, 0x00, 0x00]));

    let before = chain.state.balance(&ALICE);
    let fee = chain.data_fee(program);
    // The fee is Nitro's: at least min price (82,928,201 wei/byte) * 512,000 bytes.
    assert!(fee > U256::from(42_000_000_000_000u64), "fee {fee}");
    // Pay one extra ether: the excess comes back.
    let out = chain.send_value(
        Some(ARB_WASM),
        activateProgramCall { program }.abi_encode().into(),
        fee + U256::from(ETH),
    );
    assert!(out.is_success(), "{out:?}");
    let ret = activateProgramCall::abi_decode_returns(&out.output).expect("returns");
    assert_eq!(ret.version, 2);
    assert_eq!(ret.dataFee, fee);
    let gas_cost = U256::from(out.gas_used) * U256::from(MIN_BASE_FEE);
    assert_eq!(chain.state.balance(&ALICE), before - fee - gas_cost);
    assert!(out.gas_used > 1_659_168, "activation gas {}", out.gas_used);

    // ProgramActivated(codehash, moduleHash, program, dataFee, version)
    let log: &Log = out.logs.first().expect("ProgramActivated");
    assert_eq!(log.address, ARB_WASM);
    let event = ProgramActivated::decode_log_data(&log.data).expect("decodes");
    assert_eq!(event.codehash, keccak256(&code));
    assert_eq!(event.program, program);
    assert_eq!(event.dataFee, fee);
    assert_eq!(event.version, 2);
    let record = chain
        .state
        .activation(&keccak256(&code))
        .expect("activation recorded in the state");
    assert_eq!(record.module_hash, event.moduleHash);
    assert_eq!(record.footprint, 1);

    let key = B256::with_last_byte(1);
    let value = B256::with_last_byte(0x2a);
    let stored = chain.send(program, op(0, &[key.as_slice(), value.as_slice()]));
    assert!(stored.is_success(), "{stored:?}");
    assert_eq!(
        chain.state.storage(&program, U256::from(1)),
        U256::from(0x2a)
    );
    let loaded = chain.call(program, op(1, &[key.as_slice()]));
    assert!(loaded.is_success(), "{loaded:?}");
    assert_eq!(loaded.output.as_ref(), value.as_slice());

    // Views.
    let v = chain.call(ARB_WASM, programVersionCall { program }.abi_encode());
    assert_eq!(
        programVersionCall::abi_decode_returns(&v.output).expect("u16"),
        2
    );
    let f = chain.call(
        ARB_WASM,
        programMemoryFootprintCall { program }.abi_encode(),
    );
    assert_eq!(
        programMemoryFootprintCall::abi_decode_returns(&f.output).expect("u16"),
        1
    );
    let g = chain.call(ARB_WASM, programInitGasCall { program }.abi_encode());
    let g = programInitGasCall::abi_decode_returns(&g.output).expect("(u64,u64)");
    assert!(
        g.gasWhenCached >= 352 && g.gas > g.gasWhenCached,
        "init gas {} cached {}",
        g.gas,
        g.gasWhenCached
    );
}

#[test]
fn calling_a_program_before_activation_fails_and_spends_the_frame_gas() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    let out = chain.send(program, op(1, &[B256::ZERO.as_slice()]));
    match &out.status {
        ExecStatus::Halt(reason) => assert!(reason.contains("ProgramNotActivated"), "{reason}"),
        other => panic!("expected a halt, got {other:?}"),
    }
    assert_eq!(out.gas_used, 30_000_000);

    // codehashVersion reverts with ProgramNotActivated() (what cargo-stylus check reads).
    let codehash = keccak256(chain.state.code(&program));
    let v = chain.call(ARB_WASM, codehashVersionCall { codehash }.abi_encode());
    assert_eq!(v.status, ExecStatus::Revert);
    assert_eq!(
        v.output.as_ref(),
        ProgramNotActivated {}.abi_encode().as_slice()
    );
}

#[test]
fn activation_rules_up_to_date_insufficient_value_and_not_wasm() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    let fee = chain.data_fee(program);
    let short = chain.send_value(
        Some(ARB_WASM),
        activateProgramCall { program }.abi_encode().into(),
        fee - U256::from(1),
    );
    assert_eq!(short.status, ExecStatus::Revert);
    assert_eq!(
        short.output.as_ref(),
        ProgramInsufficientValue {
            have: fee - U256::from(1),
            want: fee
        }
        .abi_encode()
        .as_slice()
    );
    // Nothing was recorded by the reverted activation.
    assert!(chain
        .state
        .activation(&keccak256(chain.state.code(&program)))
        .is_none());

    chain.activate(program);
    let again = chain.send(ARB_WASM, activateProgramCall { program }.abi_encode());
    assert_eq!(again.status, ExecStatus::Revert);
    assert_eq!(
        again.output.as_ref(),
        ProgramUpToDate {}.abi_encode().as_slice()
    );

    // A second contract with the same code is already active (keyed by codehash).
    let twin = chain.deploy_stylus("probe");
    let twin_again = chain.send(ARB_WASM, activateProgramCall { program: twin }.abi_encode());
    assert_eq!(
        twin_again.output.as_ref(),
        ProgramUpToDate {}.abi_encode().as_slice()
    );
    assert!(chain.call(twin, op(4, &[])).is_success());

    // EVM code is not WASM.
    let evm = chain.deploy_evm(FORWARDER);
    let not_wasm = chain.send(ARB_WASM, activateProgramCall { program: evm }.abi_encode());
    assert_eq!(
        not_wasm.output.as_ref(),
        ProgramNotWasm {}.abi_encode().as_slice()
    );

    // Stylus prefix with a broken brotli stream.
    let broken = chain.send_value(
        None,
        stylus_initcode(&[0xEF, 0xF0, 0x00, 0x00, 0x01, 0x02, 0x03]),
        U256::ZERO,
    );
    let broken = broken
        .created_address
        .expect("deploys: only activation checks");
    let out = chain.send(
        ARB_WASM,
        activateProgramCall { program: broken }.abi_encode(),
    );
    assert_eq!(
        out.output.as_ref(),
        ProgramNotWasm {}.abi_encode().as_slice()
    );
}

#[test]
fn invalid_wasm_fails_activation_with_all_gas_and_a_reason() {
    let mut chain = Chain::new();
    // A valid module without the user_entrypoint export.
    let wasm = wat::parse_str("(module (memory (export \"memory\") 1 1))").expect("wat");
    let code = devnode_stylus::compress_wasm(&wasm);
    let program = chain
        .send_value(None, stylus_initcode(&code), U256::ZERO)
        .created_address
        .expect("created");
    let out = chain.send_value(
        Some(ARB_WASM),
        activateProgramCall { program }.abi_encode().into(),
        U256::from(ETH),
    );
    match &out.status {
        ExecStatus::Halt(reason) => assert!(reason.contains("activation failed"), "{reason}"),
        other => panic!("expected a halt, got {other:?}"),
    }
    assert_eq!(out.gas_used, 30_000_000);
}

#[test]
fn revert_data_propagates_from_stylus_and_through_evm() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let forwarder = chain.deploy_evm(FORWARDER);

    let direct = chain.send(program, op(2, &[b"custom error"]));
    assert_eq!(direct.status, ExecStatus::Revert);
    assert_eq!(direct.output.as_ref(), b"custom error");
    assert!(direct.gas_used < 1_000_000, "a revert returns unused gas");

    let mut via = word(program);
    via.extend_from_slice(&op(2, &[b"custom error"]));
    let forwarded = chain.send(forwarder, via);
    assert_eq!(forwarded.status, ExecStatus::Revert);
    assert_eq!(forwarded.output.as_ref(), b"custom error");

    // A trap is a revert without data that returns the unused gas (Nitro's failure).
    let trap = chain.send(program, op(5, &[]));
    assert_eq!(trap.status, ExecStatus::Revert);
    assert!(trap.output.is_empty());
    assert!(trap.gas_used < 1_000_000, "gas {}", trap.gas_used);
}

#[test]
fn evm_calls_stylus_and_stylus_calls_evm_with_logs_and_value() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let forwarder = chain.deploy_evm(FORWARDER);

    // EVM -> Stylus: store through the forwarder, then load.
    let key = B256::with_last_byte(7);
    let value = B256::with_last_byte(9);
    let mut store = word(program);
    store.extend_from_slice(&op(0, &[key.as_slice(), value.as_slice()]));
    assert!(chain.send(forwarder, store).is_success());
    assert_eq!(chain.state.storage(&program, U256::from(7)), U256::from(9));
    let mut load = word(program);
    load.extend_from_slice(&op(1, &[key.as_slice()]));
    let loaded = chain.call(forwarder, load);
    assert_eq!(loaded.output.as_ref(), value.as_slice());

    // EVM -> Stylus with value: msg_sender is the forwarder, msg_value the forwarded value.
    let mut who = word(program);
    who.extend_from_slice(&op(8, &[]));
    let out = chain.send_value(Some(forwarder), who.into(), U256::from(1234));
    assert!(out.is_success(), "{out:?}");
    assert_eq!(&out.output[..20], forwarder.as_slice());
    assert_eq!(U256::from_be_slice(&out.output[20..52]), U256::from(1234));
    assert_eq!(chain.state.balance(&program), U256::from(1234));

    // Stylus -> EVM: the probe calls the forwarder, which calls the probe's load op.
    let mut inner = word(program);
    inner.extend_from_slice(&op(1, &[key.as_slice()]));
    let out = chain.send(program, op(6, &[forwarder.as_slice(), &[0u8; 32], &inner]));
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output[0], 0, "call status ok");
    assert_eq!(&out.output[1..], value.as_slice());

    // Stylus -> EVM failing: the forwarder bubbles the probe's revert; status 2 is reported.
    let mut failing = word(program);
    failing.extend_from_slice(&op(2, &[b"no"]));
    let out = chain.send(
        program,
        op(6, &[forwarder.as_slice(), &[0u8; 32], &failing]),
    );
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output[0], 2);
    assert_eq!(&out.output[1..], b"no");

    // Logs from Stylus.
    let topic = B256::repeat_byte(0x11);
    let out = chain.send(program, op(3, &[topic.as_slice(), b"data"]));
    assert!(out.is_success());
    assert_eq!(out.logs.len(), 1);
    assert_eq!(out.logs[0].address, program);
    assert_eq!(out.logs[0].topics(), &[topic]);
    assert_eq!(out.logs[0].data.data.as_ref(), b"data");
}

#[test]
fn static_call_from_stylus_cannot_write() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let key = B256::with_last_byte(3);
    // The probe statically calls itself with the store op: the flush fails in the static
    // context, so the inner frame fails and the outer reports status 2.
    let out = chain.send(
        program,
        op(
            7,
            &[
                program.as_slice(),
                &op(0, &[key.as_slice(), B256::with_last_byte(1).as_slice()]),
            ],
        ),
    );
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output[0], 2);
    assert_eq!(chain.state.storage(&program, U256::from(3)), U256::ZERO);
    // A static load works.
    let out = chain.send(
        program,
        op(7, &[program.as_slice(), &op(1, &[key.as_slice()])]),
    );
    assert_eq!(out.output[0], 0);
}

#[test]
fn reentrancy_is_seen_only_when_the_program_is_reentered() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let call_back = chain.deploy_evm(CALL_BACK);

    let direct = chain.call(program, op(4, &[]));
    assert_eq!(direct.output.as_ref(), &[0, 0, 0, 0]);

    // program -> call_back (EVM) -> program: the inner frame is reentrant.
    let out = chain.send(
        program,
        op(6, &[call_back.as_slice(), &[0u8; 32], &word(program)]),
    );
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output[0], 0);
    assert_eq!(&out.output[1..], &[1, 0, 0, 0]);

    // EVM -> program (not reentrant): call_back called directly by the EOA.
    let out = chain.send(call_back, word(program));
    assert_eq!(out.output.as_ref(), &[0, 0, 0, 0]);
}

#[test]
fn stylus_deployer_deploys_activates_and_runs_the_constructor() {
    let mut chain = Chain::new();
    let code = stylus_code("constructed");
    let initcode = stylus_initcode(&code);
    let arg = B256::with_last_byte(0x77);
    let mut init_data = vec![0x55, 0x85, 0x25, 0x8d];
    init_data.extend_from_slice(arg.as_slice());

    // The fee, as a client would find it: a simulated activation of the code at a spare
    // address (cargo-stylus check's state override).
    let spare = Address::with_last_byte(0xcc);
    let mut overrides = StateOverride::new();
    overrides.insert(
        spare,
        AccountOverride {
            code: Some(code.clone().into()),
            ..AccountOverride::default()
        },
    );
    let sim = chain
        .exec
        .call(
            &chain.state,
            &chain.block,
            &CallRequest {
                from: Some(ALICE),
                to: Some(ARB_WASM),
                value: Some(U256::from(ETH)),
                input: activateProgramCall { program: spare }.abi_encode().into(),
                ..CallRequest::default()
            },
            Some(&overrides),
        )
        .expect("valid");
    assert!(sim.is_success(), "{sim:?}");
    let fee = activateProgramCall::abi_decode_returns(&sim.output)
        .expect("returns")
        .dataFee;

    let before = chain.state.balance(&ALICE);
    let extra = U256::from(5);
    let out = chain.send_value(
        Some(STYLUS_DEPLOYER),
        deployCall {
            bytecode: initcode.clone(),
            initData: init_data.clone().into(),
            initValue: U256::ZERO,
            salt: B256::ZERO,
        }
        .abi_encode()
        .into(),
        fee + extra,
    );
    assert!(out.is_success(), "{out:?}");
    let deployed = deployCall::abi_decode_returns(&out.output).expect("address");
    // CREATE from the deployer's first nonce.
    assert_eq!(deployed, STYLUS_DEPLOYER.create(0));
    assert_eq!(chain.state.storage(&deployed, U256::ZERO), U256::from(0x77));
    let gas_cost = U256::from(out.gas_used) * U256::from(MIN_BASE_FEE);
    assert_eq!(chain.state.balance(&ALICE), before - fee - gas_cost);
    assert_eq!(chain.state.balance(&STYLUS_DEPLOYER), U256::ZERO);

    // ProgramActivated from ArbWasm, then ContractDeployed from the deployer.
    assert_eq!(out.logs.len(), 2);
    assert_eq!(out.logs[0].address, ARB_WASM);
    assert_eq!(out.logs[1].address, STYLUS_DEPLOYER);
    let event = ContractDeployed::decode_log_data(&out.logs[1].data).expect("decodes");
    assert_eq!(event.deployedContract, deployed);
    assert_eq!(
        chain.call(deployed, vec![0u8]).output.as_ref(),
        arg.as_slice()
    );

    // Same code with CREATE2: already active, so no fee; the constructor guard still runs,
    // and a failing constructor surfaces as ContractInitializationError.
    let out = chain.send(
        STYLUS_DEPLOYER,
        deployCall {
            bytecode: initcode,
            initData: init_data.into(),
            initValue: U256::ZERO,
            salt: B256::with_last_byte(1),
        }
        .abi_encode(),
    );
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.logs.len(), 1, "no activation the second time");
}

#[test]
fn stylus_deployer_reports_constructor_failures() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("constructed");
    chain.activate(program);
    // The probe reverts on op 2: use it as a constructor that fails.
    let probe_init = stylus_initcode(&stylus_code("probe"));
    let probe = chain.deploy_stylus("probe");
    chain.activate(probe);
    let out = chain.send(
        STYLUS_DEPLOYER,
        deployCall {
            bytecode: probe_init,
            initData: op(2, &[b"ctor"]),
            initValue: U256::ZERO,
            salt: B256::ZERO,
        }
        .abi_encode(),
    );
    assert_eq!(out.status, ExecStatus::Revert);
    let err = ContractInitializationError::abi_decode(&out.output).expect("typed error");
    assert_eq!(err.data.as_ref(), b"ctor");
}

#[test]
fn activation_survives_a_state_dump_and_reload() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let key = B256::with_last_byte(1);
    chain.send(
        program,
        op(0, &[key.as_slice(), B256::with_last_byte(5).as_slice()]),
    );

    let json = serde_json::to_string(&chain.state).expect("serializes");
    let reloaded: State = serde_json::from_str(&json).expect("deserializes");
    let exec = Executor::new(ChainConfig::default());
    let out = exec
        .call(
            &reloaded,
            &chain.block,
            &CallRequest {
                to: Some(program),
                input: op(1, &[key.as_slice()]),
                ..CallRequest::default()
            },
            None,
        )
        .expect("valid");
    assert_eq!(out.output.as_ref(), B256::with_last_byte(5).as_slice());
}

#[test]
fn estimate_gas_covers_stylus_calls() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let req = CallRequest {
        from: Some(ALICE),
        to: Some(program),
        input: op(
            0,
            &[
                B256::with_last_byte(1).as_slice(),
                B256::with_last_byte(2).as_slice(),
            ],
        ),
        ..CallRequest::default()
    };
    let est = chain
        .exec
        .estimate_gas(&chain.state, &chain.block, &req, None)
        .expect("estimates");
    let at = |gas: u64| {
        chain
            .exec
            .call(
                &chain.state,
                &chain.block,
                &CallRequest {
                    gas: Some(gas),
                    ..req.clone()
                },
                None,
            )
            .expect("valid")
            .is_success()
    };
    assert!(at(est), "succeeds with the estimate {est}");
    assert!(!at(est - 1), "fails just below the estimate {est}");
    // A fresh slot write: 21000 + calldata + 22,100 for the SSTORE + Stylus entry and ink.
    assert!(est > 43_100, "{est}");
}

#[test]
fn echo_costs_intrinsic_plus_cached_entry_plus_its_ink_by_hand() {
    let mut chain = Chain::new();
    // devnode-stylus's echo fixture: read_args, write_result, return 0.
    let echo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../stylus/tests/fixtures/echo.wat");
    let wasm = wat::parse_file(&echo).expect("echo fixture assembles");
    let out = chain.send_value(
        None,
        stylus_initcode(&devnode_stylus::compress_wasm(&wasm)),
        U256::ZERO,
    );
    let program = out.created_address.expect("created");
    chain.activate(program);
    let record = chain
        .state
        .activation(&keccak256(chain.state.code(&program)))
        .expect("active");

    let out = chain.send(program, b"abcd".to_vec());
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output.as_ref(), b"abcd");
    // Intrinsic: 21000 + 4 non-zero calldata bytes * 16.
    // Entry (cached program, 1 page inside the 2 free pages): 11 * 32 + cached_init_cost.
    // Ink: blocks 6251 + 6326 + 2452, read_args 8400 + 5040, write_result 8400 + 2 * 16381
    //   = 69,631 ink, i.e. 7 whole gas consumed.
    let expected = 21_000 + 4 * 16 + 352 + u64::from(record.cached_init_cost) + 7;
    assert_eq!(out.gas_used, expected);
}

#[test]
fn keepalive_is_refused_too_soon_then_extends_and_expiry_stops_calls() {
    const DAY: u64 = 86_400;
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let codehash = keccak256(chain.state.code(&program));
    let keepalive = codehashKeepaliveCall { codehash }.abi_encode();

    let early = chain.send(ARB_WASM, keepalive.clone());
    assert_eq!(early.status, ExecStatus::Revert);
    assert_eq!(
        early.output.as_ref(),
        ProgramKeepaliveTooSoon { ageInSeconds: 0 }
            .abi_encode()
            .as_slice()
    );

    chain.block.timestamp += 31 * DAY;
    let out = chain.send_value(Some(ARB_WASM), keepalive.into(), U256::from(ETH));
    assert!(out.is_success(), "{out:?}");
    let event = ProgramLifetimeExtended::decode_log_data(&out.logs[0].data).expect("event");
    assert_eq!(event.codehash, codehash);
    assert!(event.dataFee > U256::ZERO);
    let record = chain.state.activation(&codehash).expect("active");
    assert_eq!(record.activated_at, chain.block.timestamp);

    // A year and a day later the program has expired: calls fail like an inactive program.
    chain.block.timestamp += 366 * DAY;
    let out = chain.send(program, op(4, &[]));
    match &out.status {
        ExecStatus::Halt(reason) => assert!(reason.contains("ProgramExpired"), "{reason}"),
        other => panic!("expected a halt, got {other:?}"),
    }
}

#[test]
fn deep_stylus_recursion_ends_cleanly_by_the_63_64_rule() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    // op 6 calling itself with op 6 ... 600 levels deep, innermost op 4.
    let mut payload = op(4, &[]).to_vec();
    for _ in 0..600 {
        payload = op(6, &[program.as_slice(), &[0u8; 32], &payload]).to_vec();
    }
    let out = chain.send(program, payload);
    // The outermost frame succeeds; somewhere down the chain a frame ran out of gas.
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output[0], 0);
}

#[test]
fn self_recursion_as_deep_as_gas_allows_does_not_overflow_the_native_stack() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("recurse_call");
    chain.activate(program);
    let out = chain.send(program, Vec::new());
    assert!(out.is_success(), "{out:?}");
    // Every level but the deepest succeeded; the deepest ran out of gas (status 2 one up).
    // Nitro's page ramp ends the chain: each nested program keeps its page open, and after
    // about 115 levels entering the next one costs more than the 63/64 share it gets.
    assert_eq!(out.output.as_ref(), &[0]);
    assert!(out.gas_used > 1_000_000, "gas {}", out.gas_used);
}

#[test]
fn deep_recursion_runs_in_place_on_an_execution_thread() {
    // The node executes on the thread `spawn_execution_thread` gives it, without a thread per
    // execution: the same recursion must fit that thread's stack, and a panic-free result come
    // back the same.
    let worker = devnode_evm::spawn_execution_thread("test-execution", || {
        let mut chain = Chain::new();
        let program = chain.deploy_stylus("recurse_call");
        chain.activate(program);
        chain.send(program, Vec::new())
    })
    .expect("the execution thread starts");
    let out = worker.join().expect("no panic on the execution thread");
    assert!(out.is_success(), "{out:?}");
    assert_eq!(out.output.as_ref(), &[0]);
    assert!(out.gas_used > 1_000_000, "gas {}", out.gas_used);
}

#[test]
fn stylus_creates_children_with_create1_and_create2() {
    let mut chain = Chain::new();
    let out = chain.send_value(
        None,
        stylus_initcode(&stylus_fixture_code("create")),
        U256::ZERO,
    );
    let factory = out.created_address.expect("created");
    chain.activate(factory);

    let evm_init = evm_initcode(FORWARDER);
    // create1: the factory's nonce starts at 1 (EIP-161).
    let out = chain.send(factory, op(0, &[&[0u8; 32], &[0u8; 32], &evm_init]));
    assert!(out.is_success(), "{out:?}");
    let child = Address::from_slice(&out.output[..20]);
    assert_eq!(child, factory.create(1));
    assert_eq!(chain.state.code(&child).as_ref(), FORWARDER);

    // create2 of a Stylus program: address from salt and initcode hash; code deployed as is.
    let salt = B256::with_last_byte(9);
    let stylus_init = stylus_initcode(&stylus_code("probe"));
    let out = chain.send(factory, op(1, &[salt.as_slice(), &[0u8; 32], &stylus_init]));
    assert!(out.is_success(), "{out:?}");
    let child = Address::from_slice(&out.output[..20]);
    assert_eq!(child, factory.create2(salt, keccak256(&stylus_init)));
    assert_eq!(
        chain.state.code(&child).as_ref(),
        stylus_code("probe").as_slice()
    );

    // Init code that reverts with 32 bytes: zero address, revert data length reported.
    let init_reverts: &[u8] = &[0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xfd];
    let out = chain.send(factory, op(0, &[&[0u8; 32], &[0u8; 32], init_reverts]));
    assert!(out.is_success(), "{out:?}");
    assert_eq!(&out.output[..20], Address::ZERO.as_slice());
    assert_eq!(
        u32::from_le_bytes(out.output[20..24].try_into().expect("4 bytes")),
        32
    );
}

#[test]
fn context_hostios_report_block_transaction_and_message() {
    let mut chain = Chain::new();
    chain.block.l1_block_number = 4242;
    chain.block.coinbase = Address::with_last_byte(0xcb);
    let out = chain.send_value(
        None,
        stylus_initcode(&stylus_fixture_code("context")),
        U256::ZERO,
    );
    let program = out.created_address.expect("created");
    chain.activate(program);
    let out = chain.send_value(Some(program), Bytes::new(), U256::from(77));
    assert!(out.is_success(), "{out:?}");
    let o = &out.output;
    let u64_at = |i: usize| u64::from_le_bytes(o[i..i + 8].try_into().expect("8 bytes"));
    assert_eq!(&o[0..20], ALICE.as_slice(), "msg_sender");
    assert_eq!(&o[20..40], program.as_slice(), "contract_address");
    assert_eq!(&o[40..60], ALICE.as_slice(), "tx_origin");
    assert_eq!(
        &o[60..80],
        chain.block.coinbase.as_slice(),
        "block_coinbase"
    );
    assert_eq!(
        U256::from_be_slice(&o[80..112]),
        U256::from(77),
        "msg_value"
    );
    assert_eq!(
        U256::from_be_slice(&o[112..144]),
        U256::from(MIN_BASE_FEE),
        "basefee"
    );
    assert_eq!(
        U256::from_be_slice(&o[144..176]),
        U256::from(MIN_BASE_FEE),
        "gas price"
    );
    assert_eq!(u64_at(176), DEV_CHAIN_ID);
    assert_eq!(u64_at(184), 4242, "block_number is the L1 block number");
    assert_eq!(u64_at(192), chain.block.timestamp);
    assert_eq!(u64_at(200), chain.block.gas_limit);
    assert_eq!(
        u32::from_le_bytes(o[212..216].try_into().expect("4 bytes")),
        10_000
    );
}

#[test]
fn cargo_stylus_check_flow_reads_the_fee_with_spoofed_sender_and_code() {
    let chain = Chain::new();
    let code = stylus_code("probe");
    // cargo-stylus 0.10 `check`: codehashVersion reverts with ProgramNotActivated, then an
    // eth_call of activateProgram from a random sender spoofed to U256::MAX balance, with the
    // code spoofed at a random address and 1 ETH of value.
    let codehash = keccak256(&code);
    let v = chain.call(ARB_WASM, codehashVersionCall { codehash }.abi_encode());
    assert_eq!(
        v.output.as_ref(),
        ProgramNotActivated {}.abi_encode().as_slice()
    );

    let sender = Address::repeat_byte(0x5e);
    let target = Address::repeat_byte(0x7a);
    let mut overrides = StateOverride::new();
    overrides.insert(
        sender,
        AccountOverride {
            balance: Some(U256::MAX),
            ..AccountOverride::default()
        },
    );
    overrides.insert(
        target,
        AccountOverride {
            code: Some(code.into()),
            ..AccountOverride::default()
        },
    );
    let out = chain
        .exec
        .call(
            &chain.state,
            &chain.block,
            &CallRequest {
                from: Some(sender),
                to: Some(ARB_WASM),
                value: Some(U256::from(ETH)),
                input: activateProgramCall { program: target }.abi_encode().into(),
                ..CallRequest::default()
            },
            Some(&overrides),
        )
        .expect("valid");
    assert!(out.is_success(), "{out:?}");
    let ret = activateProgramCall::abi_decode_returns(&out.output).expect("returns");
    assert_eq!(ret.version, 2);
    assert!(ret.dataFee > U256::ZERO && ret.dataFee < U256::from(ETH));
    // Nothing was committed.
    assert!(chain.state.activation(&codehash).is_none());
}

#[test]
fn evm_delegatecall_runs_a_program_on_the_callers_storage_and_message() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let delegator = chain.deploy_evm(DELEGATOR);

    let key = B256::with_last_byte(4);
    let mut store = word(program);
    store.extend_from_slice(&op(
        0,
        &[key.as_slice(), B256::with_last_byte(8).as_slice()],
    ));
    assert!(chain.send(delegator, store).is_success());
    assert_eq!(
        chain.state.storage(&delegator, U256::from(4)),
        U256::from(8)
    );
    assert_eq!(chain.state.storage(&program, U256::from(4)), U256::ZERO);

    // msg_sender and msg_value are the delegator's own.
    let mut who = word(program);
    who.extend_from_slice(&op(8, &[]));
    let out = chain.send_value(Some(delegator), who.into(), U256::from(55));
    assert!(out.is_success(), "{out:?}");
    assert_eq!(&out.output[..20], ALICE.as_slice());
    assert_eq!(U256::from_be_slice(&out.output[20..52]), U256::from(55));

    // A delegate frame does not count as entering the delegator: not reentrant.
    let mut reentrant = word(program);
    reentrant.extend_from_slice(&op(4, &[]));
    let out = chain.send(delegator, reentrant);
    assert_eq!(out.output.as_ref(), &[0, 0, 0, 0]);
}

#[test]
fn stylus_version_view() {
    let chain = Chain::new();
    let out = chain.call(ARB_WASM, stylusVersionCall {}.abi_encode());
    assert_eq!(
        stylusVersionCall::abi_decode_returns(&out.output).expect("u16"),
        2
    );
}

fn names(records: &[HostioRecord]) -> Vec<&'static str> {
    records.iter().map(|r| r.name).collect()
}

/// 21,000 plus 4 gas per zero byte and 16 per other byte of calldata.
fn intrinsic(calldata: &[u8]) -> u64 {
    21_000
        + calldata
            .iter()
            .map(|&b| if b == 0 { 4 } else { 16 })
            .sum::<u64>()
}

#[test]
fn a_traced_stylus_evm_stylus_call_nests_as_nitro_reports_it() {
    let mut chain = Chain::new();
    let program = chain.deploy_stylus("probe");
    chain.activate(program);
    let forwarder = chain.deploy_evm(FORWARDER);
    let key = B256::with_last_byte(7);
    let value = B256::with_last_byte(9);
    assert!(chain
        .send(program, op(0, &[key.as_slice(), value.as_slice()]))
        .is_success());

    // The probe calls the forwarder (EVM), which calls the probe's load op.
    let mut inner = word(program);
    inner.extend_from_slice(&op(1, &[key.as_slice()]));
    let input = op(6, &[forwarder.as_slice(), &[0u8; 32], &inner]);
    let nonce = chain.state.nonce(&ALICE);
    let (outcome, trace) = chain.trace(program, input.clone());
    assert!(outcome.is_success(), "{outcome:?}");
    assert_eq!(chain.state.nonce(&ALICE), nonce, "a trace commits nothing");

    let top = &trace.hostios;
    assert_eq!(
        names(top),
        [
            "user_entrypoint",
            "read_args",
            "call_contract",
            "read_return_data",
            "write_result",
            "user_returned"
        ]
    );
    let call = &top[2];
    assert_eq!(call.address, Some(forwarder));
    let evm_frame = call
        .steps
        .as_deref()
        .expect("the call holds its callee's steps");
    assert_eq!(names(evm_frame), ["evm_call_contract"]);
    assert_eq!(evm_frame[0].address, Some(program));
    let reentered = evm_frame[0].steps.as_deref().expect("steps");
    assert_eq!(
        names(reentered),
        [
            "user_entrypoint",
            "read_args",
            "storage_load_bytes32",
            "write_result",
            "user_returned"
        ]
    );
    assert_eq!(reentered[2].args, key.as_slice());
    assert_eq!(reentered[2].outs, value.as_slice());
    // The call's ink includes everything the forwarder and the inner probe used.
    let inner_ink = reentered[0].start_ink - reentered[4].end_ink;
    assert!(call.ink() > inner_ink);

    // One frame per program, innermost first, with its depth and address.
    let frames: Vec<_> = trace
        .programs
        .iter()
        .map(|f| (f.depth, f.address))
        .collect();
    assert_eq!(frames, [(2, program), (0, program)]);
    // The receipt's gas is the intrinsic gas plus the top frame's; the top frame's is its
    // entry plus its ink (the return-data minimum is far below it), and nothing is refunded.
    let frame = &trace.programs[1];
    assert_eq!(frame.gas_limit, 30_000_000 - intrinsic(&input));
    let ink_gas = (frame.start_ink - frame.end_ink).div_ceil(u64::from(frame.ink_price));
    assert_eq!(frame.gas_used, frame.entry.total() + ink_gas);
    assert_eq!(trace.gas_refunded, 0);
    assert_eq!(trace.gas_spent, intrinsic(&input) + frame.gas_used);
    assert_eq!(outcome.gas_used, trace.gas_spent);
    assert_eq!(chain.send(program, input).gas_used, outcome.gas_used);
}
