//! Stylus programs over JSON-RPC: deploy WAT fixtures of `devnode-stylus`, activate them through
//! ArbWasm, and check results, logs, storage, revert data and cross-contract calls both ways.

use alloy::{
    network::TransactionBuilder,
    primitives::{address, keccak256, Address, Bytes, TxKind, B256, U256},
    providers::Provider,
    rpc::types::{TransactionReceipt, TransactionRequest},
    sol,
    sol_types::{SolCall, SolEvent},
};
use stylus_devnode::NodeHandle;

use crate::common::{mined, node, wallet_provider};

sol! {
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function stylusVersion() external view returns (uint16 version);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        error ProgramNotActivated();
    }

    interface StylusDeployer {
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) external payable returns (address);
        event ContractDeployed(address deployedContract);
    }
}

pub(crate) const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

pub(crate) const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");

/// Value sent with an activation: far above the data fee; the excess is refunded.
const ACTIVATION_VALUE: u64 = 10_000_000_000_000_000; // 0.01 ETH

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../stylus/tests/fixtures/{name}.wat",
        env!("CARGO_MANIFEST_DIR")
    );
    wat::parse_file(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// Initcode as cargo-stylus builds it: the 43-byte prelude that returns the code after it.
pub(crate) fn initcode(code: &[u8]) -> Bytes {
    let mut out = vec![0x7f];
    out.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    out.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    assert_eq!(out.len(), 43);
    out.extend_from_slice(code);
    Bytes::from(out)
}

async fn send(provider: &impl Provider, tx: TransactionRequest) -> TransactionReceipt {
    mined(&provider, tx).await
}

/// Deploys `wasm` without activating it; returns the program's address.
async fn deploy(node: &NodeHandle, wasm: &[u8]) -> Address {
    let provider = wallet_provider(node, 1);
    let code = devnode_stylus::compress_wasm(wasm);
    let tx = TransactionRequest::default()
        .with_kind(TxKind::Create)
        .with_input(initcode(&code));
    let receipt = send(&provider, tx).await;
    assert!(receipt.status(), "deployment succeeds");
    receipt
        .contract_address
        .expect("a creation receipt names the contract")
}

async fn activate(node: &NodeHandle, program: Address) -> TransactionReceipt {
    let provider = wallet_provider(node, 1);
    let call = ArbWasm::activateProgramCall { program };
    let tx = TransactionRequest::default()
        .with_to(ARB_WASM)
        .with_input(call.abi_encode())
        .with_value(U256::from(ACTIVATION_VALUE));
    send(&provider, tx).await
}

pub(crate) async fn deploy_and_activate(node: &NodeHandle, fixture_name: &str) -> Address {
    let program = deploy(node, &fixture(fixture_name)).await;
    let receipt = activate(node, program).await;
    assert!(receipt.status(), "activation of {fixture_name} succeeds");
    program
}

fn revert_data(
    err: &alloy::transports::RpcError<alloy::transports::TransportErrorKind>,
) -> (i64, Option<String>) {
    let payload = err
        .as_error_resp()
        .unwrap_or_else(|| panic!("a JSON-RPC error, got {err}"));
    (
        payload.code,
        payload
            .data
            .as_ref()
            .map(|d| d.get().trim_matches('"').to_string()),
    )
}

#[tokio::test]
async fn activation_emits_program_activated_and_refunds_the_excess() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let program = deploy(&node, &fixture("echo")).await;
    let code = provider.get_code_at(program).await.unwrap();
    assert_eq!(&code[..4], &[0xEF, 0xF0, 0x00, 0x00]);
    let sender = node.accounts()[1].address;
    let before = provider.get_balance(sender).await.unwrap();

    let receipt = activate(&node, program).await;
    assert!(receipt.status());
    let log = receipt
        .inner
        .logs()
        .iter()
        .find(|l| l.address() == ARB_WASM)
        .expect("a log from ArbWasm");
    let event = ArbWasm::ProgramActivated::decode_log_data(log.data()).unwrap();
    assert_eq!(event.codehash, keccak256(&code));
    assert_eq!(event.program, program);
    assert_eq!(event.version, 2);
    assert!(event.dataFee > U256::ZERO);
    let gas_cost = U256::from(u128::from(receipt.gas_used) * receipt.effective_gas_price);
    let after = provider.get_balance(sender).await.unwrap();
    assert_eq!(
        before - after,
        event.dataFee + gas_cost,
        "only the data fee and gas are kept"
    );

    let version = provider
        .call(
            TransactionRequest::default().with_to(ARB_WASM).with_input(
                ArbWasm::codehashVersionCall {
                    codehash: keccak256(&code),
                }
                .abi_encode(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&version), U256::from(2));
}

#[tokio::test]
async fn activated_program_echoes_and_reverts_with_data() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let echo = deploy_and_activate(&node, "echo").await;
    let payload = Bytes::from_static(b"hello stylus");
    let out = provider
        .call(
            TransactionRequest::default()
                .with_to(echo)
                .with_input(payload.clone()),
        )
        .await
        .unwrap();
    assert_eq!(out, payload);

    let reverter = deploy_and_activate(&node, "revert").await;
    let err = provider
        .call(
            TransactionRequest::default()
                .with_to(reverter)
                .with_input(Bytes::from_static(&[0xab, 0xcd])),
        )
        .await
        .unwrap_err();
    assert_eq!(revert_data(&err), (3, Some("0xabcd".to_string())));
    let receipt = send(
        &provider,
        TransactionRequest::default()
            .with_to(reverter)
            .with_input(Bytes::from_static(&[1]))
            .with_gas_limit(200_000),
    )
    .await;
    assert!(
        !receipt.status(),
        "a reverting program gives a failed receipt"
    );
}

#[tokio::test]
async fn program_that_is_not_activated_fails_without_data() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let program = deploy(&node, &fixture("echo")).await;
    let err = provider
        .call(
            TransactionRequest::default()
                .with_to(program)
                .with_input(Bytes::from_static(b"x")),
        )
        .await
        .unwrap_err();
    let payload = err.as_error_resp().expect("a JSON-RPC error");
    assert!(
        payload.data.is_none() || payload.code != 3,
        "no revert data: {payload:?}"
    );
}

#[tokio::test]
async fn program_logs_appear_in_the_receipt_and_get_logs() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let program = deploy_and_activate(&node, "log").await;
    let topic = B256::repeat_byte(0x11);
    let mut input = vec![1u8];
    input.extend_from_slice(topic.as_slice());
    input.extend_from_slice(b"data!");
    let receipt = send(
        &provider,
        TransactionRequest::default()
            .with_to(program)
            .with_input(input),
    )
    .await;
    assert!(receipt.status());
    let logs = receipt.inner.logs();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].address(), program);
    assert_eq!(logs[0].topics(), &[topic]);
    assert_eq!(logs[0].data().data.as_ref(), b"data!");
    let found = provider
        .get_logs(
            &alloy::rpc::types::Filter::new()
                .address(program)
                .from_block(0),
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn program_storage_is_flushed_and_visible_over_rpc() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let program = deploy_and_activate(&node, "storage").await;
    let key = B256::with_last_byte(5);
    let value = B256::with_last_byte(0x99);
    let mut write = vec![1u8];
    write.extend_from_slice(key.as_slice());
    write.extend_from_slice(value.as_slice());
    let receipt = send(
        &provider,
        TransactionRequest::default()
            .with_to(program)
            .with_input(write),
    )
    .await;
    assert!(receipt.status());
    assert_eq!(
        provider
            .get_storage_at(program, U256::from(5))
            .await
            .unwrap(),
        U256::from(0x99)
    );
    let mut read = vec![0u8];
    read.extend_from_slice(key.as_slice());
    read.extend_from_slice(B256::ZERO.as_slice());
    let out = provider
        .call(
            TransactionRequest::default()
                .with_to(program)
                .with_input(read),
        )
        .await
        .unwrap();
    assert_eq!(out.as_ref(), value.as_slice());
}

/// EVM code that forwards its calldata to `target` with CALL and returns the return data.
pub(crate) fn evm_forwarder(target: Address) -> Bytes {
    let mut code = vec![0x36, 0x60, 0x00, 0x60, 0x00, 0x37]; // CALLDATACOPY(0, 0, size)
    code.extend_from_slice(&[0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00, 0x60, 0x00, 0x73]);
    code.extend_from_slice(target.as_slice());
    code.extend_from_slice(&[0x5a, 0xf1, 0x50]); // GAS CALL POP
    code.extend_from_slice(&[0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e]); // RETURNDATACOPY(0, 0, size)
    code.extend_from_slice(&[0x3d, 0x60, 0x00, 0xf3]); // RETURN(0, size)
    Bytes::from(code)
}

#[tokio::test]
async fn calls_cross_between_evm_and_stylus_both_ways() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let echo = deploy_and_activate(&node, "echo").await;
    let caller = deploy_and_activate(&node, "calls").await;

    // EVM -> Stylus.
    let forwarder = Address::with_last_byte(0xF0);
    let _: bool = provider
        .raw_request("anvil_setCode".into(), (forwarder, evm_forwarder(echo)))
        .await
        .unwrap();
    let out = provider
        .call(
            TransactionRequest::default()
                .with_to(forwarder)
                .with_input(Bytes::from_static(b"both ways")),
        )
        .await
        .unwrap();
    assert_eq!(out.as_ref(), b"both ways");

    // Stylus -> EVM -> Stylus: the calls program calls the forwarder, which calls echo.
    let mut input = vec![0u8];
    input.extend_from_slice(forwarder.as_slice());
    input.extend_from_slice(&[0u8; 32]);
    input.extend_from_slice(b"round trip");
    let out = provider
        .call(
            TransactionRequest::default()
                .with_to(caller)
                .with_input(input),
        )
        .await
        .unwrap();
    assert_eq!(out[0], 0, "call status 0 = success");
    assert_eq!(u32::from_le_bytes([out[1], out[2], out[3], out[4]]), 10);
    assert_eq!(&out[5..], b"round trip");
}

#[tokio::test]
async fn cargo_stylus_check_flow_reads_the_data_fee_through_overrides() {
    use alloy::rpc::types::state::{AccountOverride, StateOverride};
    let node = node();
    let provider = crate::common::plain_provider(&node);
    // What `cargo stylus check` does: simulate activation of code that is not deployed, by
    // overriding the code of a made-up address and the caller's balance.
    let code = Bytes::from(devnode_stylus::compress_wasm(&fixture("echo")));
    let program = Address::with_last_byte(0xC5);
    let caller = Address::with_last_byte(0xCA);
    let mut overrides = StateOverride::default();
    overrides.insert(
        program,
        AccountOverride {
            code: Some(code.clone()),
            ..Default::default()
        },
    );
    overrides.insert(
        caller,
        AccountOverride {
            balance: Some(U256::MAX),
            ..Default::default()
        },
    );
    let version = provider
        .call(
            TransactionRequest::default().with_to(ARB_WASM).with_input(
                ArbWasm::codehashVersionCall {
                    codehash: keccak256(&code),
                }
                .abi_encode(),
            ),
        )
        .await;
    // Not activated yet: codehashVersion reverts (ProgramNotActivated) or reports version 0.
    if let Ok(out) = &version {
        assert_eq!(U256::from_be_slice(out), U256::ZERO);
    }
    let out = provider
        .call(
            TransactionRequest::default()
                .with_from(caller)
                .with_to(ARB_WASM)
                .with_value(U256::from(10u64).pow(U256::from(18)))
                .with_input(ArbWasm::activateProgramCall { program }.abi_encode()),
        )
        .overrides(overrides)
        .await
        .unwrap();
    let decoded = ArbWasm::activateProgramCall::abi_decode_returns(&out).unwrap();
    assert_eq!(decoded.version, 2);
    assert!(decoded.dataFee > U256::ZERO);
    // Nothing was committed.
    assert!(provider.get_code_at(program).await.unwrap().is_empty());
}

#[tokio::test]
async fn stylus_deployer_deploys_activates_and_initialises_in_one_transaction() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let code = devnode_stylus::compress_wasm(&fixture("storage"));
    // The "constructor" call: storage op 1 writes slot 7 = 0x2a and flushes.
    let mut init = vec![1u8];
    init.extend_from_slice(B256::with_last_byte(7).as_slice());
    init.extend_from_slice(B256::with_last_byte(0x2a).as_slice());
    let call = StylusDeployer::deployCall {
        bytecode: initcode(&code),
        initData: Bytes::from(init),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    };
    let tx = TransactionRequest::default()
        .with_to(STYLUS_DEPLOYER)
        .with_input(call.abi_encode())
        .with_value(U256::from(ACTIVATION_VALUE));
    let receipt = send(&provider, tx).await;
    assert!(receipt.status(), "deploy succeeds");
    let deployed = receipt
        .inner
        .logs()
        .iter()
        .filter(|l| l.address() == STYLUS_DEPLOYER)
        .find_map(|l| StylusDeployer::ContractDeployed::decode_log_data(l.data()).ok())
        .expect("ContractDeployed is emitted")
        .deployedContract;
    assert_eq!(
        provider.get_code_at(deployed).await.unwrap().as_ref(),
        code.as_slice()
    );
    assert_eq!(
        provider
            .get_storage_at(deployed, U256::from(7))
            .await
            .unwrap(),
        U256::from(0x2a)
    );
    let mut read = vec![0u8];
    read.extend_from_slice(B256::with_last_byte(7).as_slice());
    read.extend_from_slice(B256::ZERO.as_slice());
    let out = provider
        .call(
            TransactionRequest::default()
                .with_to(deployed)
                .with_input(read),
        )
        .await
        .unwrap();
    assert_eq!(
        U256::from_be_slice(&out),
        U256::from(0x2a),
        "the program is activated"
    );
}

#[tokio::test]
async fn echo_transaction_gas_matches_the_hand_computed_figure() {
    let node = node();
    let wasm = fixture("echo");
    let info = devnode_stylus::activate(
        &wasm,
        &devnode_stylus::StylusParams::default(),
        false,
        u64::MAX,
    )
    .expect("echo activates")
    .info;
    let gas_used = echo_gas_used(&node).await;
    // Intrinsic: 21000 + 4 non-zero calldata bytes * 16.
    let intrinsic = 21_000 + 4 * 16;
    // Entry: programs are in the init cache on a dev chain, as on `nitro --dev`, so only the
    // cached entry is paid: 352 + cached_init_cost (the 1-page footprint is inside the 2 free
    // pages).
    let entry = 352 + u64::from(info.cached_init_cost);
    // Execution: 3 basic blocks (6251 + 6326 + 2452 ink) and read_args (8400 + 5040) and
    // write_result (8400 + 2 * 16381) = 69,631 ink, which costs 7 whole gas.
    let execution = 7;
    assert_eq!(gas_used, intrinsic + entry + execution);
}

/// Deploys and activates the echo fixture on `node` and returns the `gasUsed` of one call of it
/// with 4 bytes of calldata.
async fn echo_gas_used(node: &NodeHandle) -> u64 {
    let provider = wallet_provider(node, 1);
    let program = deploy_and_activate(node, "echo").await;
    let tx = TransactionRequest::default()
        .with_to(program)
        .with_input(Bytes::from_static(b"abcd"))
        .with_gas_limit(1_000_000);
    let receipt = send(&provider, tx).await;
    assert!(receipt.status());
    receipt.gas_used
}

#[tokio::test]
async fn uncached_programs_pay_the_full_init_gas_on_every_call() {
    let params = devnode_stylus::StylusParams::default();
    let info = devnode_stylus::activate(&fixture("echo"), &params, false, u64::MAX)
        .expect("echo activates")
        .info;
    let mut gas = Vec::new();
    for programs_cached in [true, false] {
        let node = stylus_devnode::spawn(stylus_devnode::NodeConfig {
            extra_accounts: 2,
            programs_cached,
            ..stylus_devnode::NodeConfig::test()
        })
        .expect("the node starts");
        gas.push(echo_gas_used(&node).await);
    }
    // Version 2 pays the cached entry either way; uncached adds the init gas.
    assert_eq!(gas[1] - gas[0], params.init_gas(info.init_cost));
    assert!(params.init_gas(info.init_cost) > 0);
}

#[tokio::test]
async fn traps_floats_and_endless_loops_give_failed_receipts_and_the_node_keeps_serving() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    for name in ["trap", "float", "spin"] {
        let program = deploy_and_activate(&node, name).await;
        let tx = TransactionRequest::default()
            .with_to(program)
            .with_gas_limit(300_000);
        let receipt = send(&provider, tx).await;
        assert!(!receipt.status(), "{name} fails");
        let err = provider
            .call(
                TransactionRequest::default()
                    .with_to(program)
                    .with_gas_limit(300_000),
            )
            .await
            .unwrap_err();
        let (code, data) = revert_data(&err);
        if name == "trap" {
            // A trap reverts with no data and keeps the unused gas, as on Nitro.
            assert_eq!((code, data.as_deref()), (3, Some("0x")), "{name}");
            assert!(receipt.gas_used < 300_000);
        } else {
            // Out of ink is out of gas: an error without revert data, the whole limit spent.
            assert_ne!(code, 3, "{name}: not a revert");
            assert_eq!(receipt.gas_used, 300_000, "{name} spends all its gas");
        }
    }
    assert!(provider.get_block_number().await.unwrap() > 0);
}

#[tokio::test]
async fn invalid_wasm_fails_activation_with_a_clear_error() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    // Valid brotli-compressed code whose content is not WASM.
    let program = deploy(&node, b"definitely not wasm").await;
    let call = ArbWasm::activateProgramCall { program };
    let request = TransactionRequest::default()
        .with_to(ARB_WASM)
        .with_input(call.abi_encode())
        .with_value(U256::from(ACTIVATION_VALUE));
    let err = provider.call(request.clone()).await.unwrap_err();
    let payload = err.as_error_resp().expect("a JSON-RPC error");
    assert!(
        payload.message.contains("magic header"),
        "the validation error is reported: {payload:?}"
    );
    let receipt = send(&provider, request.with_gas_limit(5_000_000)).await;
    assert!(
        !receipt.status(),
        "a failed activation gives a failed receipt"
    );
}

#[tokio::test]
async fn cargo_stylus_deploy_flow_estimates_then_pays_exactly_the_gas_price() {
    let node = node();
    let provider = wallet_provider(&node, 2);
    let sender = node.accounts()[2].address;
    let code = devnode_stylus::compress_wasm(&fixture("echo"));
    // As `cargo stylus deploy` does: estimate, then fee cap = eth_gasPrice and no tip.
    let request = TransactionRequest::default()
        .with_from(sender)
        .with_deploy_code(initcode(&code));
    let gas = provider.estimate_gas(request.clone()).await.unwrap();
    let gas_price = provider.get_gas_price().await.unwrap();
    let tx = request
        .with_gas_limit(gas)
        .with_max_fee_per_gas(gas_price)
        .with_max_priority_fee_per_gas(0);
    let receipt = send(&provider, tx).await;
    assert!(receipt.status());
    assert!(
        receipt.gas_used <= gas,
        "the estimate covers the deployment"
    );
    assert_eq!(receipt.effective_gas_price, gas_price);
    let program = receipt
        .contract_address
        .expect("contractAddress in the receipt");
    assert_eq!(
        provider.get_code_at(program).await.unwrap().as_ref(),
        code.as_slice()
    );
    let activation = activate(&node, program).await;
    assert!(activation.status());
}
