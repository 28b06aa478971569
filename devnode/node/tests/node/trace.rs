//! `debug_traceTransaction` with Nitro's `stylusTracer`: the records over JSON-RPC, how they
//! add up to the receipt's `gasUsed`, calls nesting across EVM and Stylus, and the errors.

use alloy::{
    network::TransactionBuilder,
    primitives::{Address, Bytes, B256},
    providers::Provider,
    rpc::types::{TransactionReceipt, TransactionRequest},
    sol,
    sol_types::SolCall,
};
use serde_json::{json, Value};
use stylus_devnode::NodeHandle;

use crate::{
    common::{mined, node, wallet_provider},
    stylus::{deploy_and_activate, evm_forwarder, ARB_WASM},
};

sol! {
    interface ArbWasmPrices {
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function inkPrice() external view returns (uint32 price);
    }
}

/// Storage op 1 of the `storage` fixture: cache `key = value`, then flush.
fn storage_write(key: B256, value: B256) -> Bytes {
    [&[1u8][..], key.as_slice(), value.as_slice()]
        .concat()
        .into()
}

async fn send(node: &NodeHandle, to: Address, input: Bytes) -> TransactionReceipt {
    let provider = wallet_provider(node, 1);
    let tx = TransactionRequest::default()
        .with_to(to)
        .with_input(input)
        .with_gas_limit(1_000_000);
    let receipt = mined(&provider, tx).await;
    assert!(receipt.status(), "the transaction succeeds");
    receipt
}

async fn trace(node: &NodeHandle, hash: B256) -> Vec<Value> {
    let provider = wallet_provider(node, 1);
    let trace: Value = provider
        .raw_request(
            "debug_traceTransaction".into(),
            (hash, json!({ "tracer": "stylusTracer" })),
        )
        .await
        .expect("the trace succeeds");
    trace.as_array().expect("the trace is an array").clone()
}

fn name(record: &Value) -> &str {
    record["name"].as_str().expect("every record has a name")
}

fn names(records: &[Value]) -> Vec<&str> {
    records.iter().map(name).collect()
}

fn ink(record: &Value, field: &str) -> u64 {
    record[field].as_u64().expect("ink is a number")
}

fn hex(record: &Value, field: &str) -> String {
    record[field].as_str().expect("hex bytes").to_string()
}

/// 21,000 plus 4 gas per zero byte and 16 per other byte of calldata.
fn intrinsic(calldata: &[u8]) -> u64 {
    21_000
        + calldata
            .iter()
            .map(|&b| if b == 0 { 4 } else { 16 })
            .sum::<u64>()
}

#[tokio::test]
async fn a_storage_write_lists_its_storage_hostios_with_ink_falling() {
    let node = node();
    let program = deploy_and_activate(&node, "storage").await;
    let (key, value) = (B256::with_last_byte(5), B256::with_last_byte(0x99));
    let receipt = send(&node, program, storage_write(key, value)).await;
    let records = trace(&node, receipt.transaction_hash).await;
    assert_eq!(
        names(&records),
        [
            "user_entrypoint",
            "read_args",
            "storage_cache_bytes32",
            "storage_flush_cache",
            "user_returned"
        ]
    );
    let cache = &records[2];
    assert_eq!(
        hex(cache, "args"),
        format!("0x{}{}", alloy::hex::encode(key), alloy::hex::encode(value))
    );
    assert_eq!(hex(cache, "outs"), "0x");
    assert_eq!(hex(&records[3], "args"), "0x00");
    assert_eq!(hex(&records[4], "outs"), "0x00000000");
    // Ink never rises: within a hostio, and from one hostio to the next.
    for record in &records {
        assert!(ink(record, "startInk") >= ink(record, "endInk"), "{record}");
    }
    for pair in records.windows(2) {
        assert!(
            ink(&pair[0], "endInk") >= ink(&pair[1], "startInk"),
            "{pair:?}"
        );
    }
    // The flush carries the SSTORE's EVM gas: 22,100 for a cold zero slot made non-zero.
    let flush = ink(&records[3], "startInk") - ink(&records[3], "endInk");
    assert!(flush > 22_100 * 10_000, "flush cost {flush} ink");
    assert!(flush < 22_200 * 10_000, "flush cost {flush} ink");
}

#[tokio::test]
async fn gas_used_is_intrinsic_plus_entry_plus_the_programs_ink() {
    let node = node();
    let program = deploy_and_activate(&node, "storage").await;
    let input = storage_write(B256::with_last_byte(1), B256::with_last_byte(2));
    let receipt = send(&node, program, input.clone()).await;
    let records = trace(&node, receipt.transaction_hash).await;

    let provider = wallet_provider(&node, 1);
    let read = |data: Vec<u8>| {
        let provider = provider.clone();
        async move {
            provider
                .call(
                    TransactionRequest::default()
                        .with_to(ARB_WASM)
                        .with_input(data),
                )
                .await
                .expect("ArbWasm answers")
        }
    };
    let out = read(ArbWasmPrices::programInitGasCall { program }.abi_encode()).await;
    let entry = ArbWasmPrices::programInitGasCall::abi_decode_returns(&out)
        .expect("programInitGas returns two words")
        .gasWhenCached;
    let out = read(ArbWasmPrices::inkPriceCall {}.abi_encode()).await;
    let ink_price = ArbWasmPrices::inkPriceCall::abi_decode_returns(&out).expect("one word");

    // The program starts with the gas left after intrinsic and entry gas, as ink.
    let first = &records[0];
    let last = records.last().expect("records");
    assert_eq!(
        ink(first, "startInk"),
        (1_000_000 - intrinsic(&input) - entry) * u64::from(ink_price)
    );
    // What it used, hostios and WASM together, rounded up to whole gas: no refund here (a zero
    // slot made non-zero) and the calldata floor is far below.
    let ink_used = ink(first, "startInk") - ink(last, "endInk");
    let program_gas = ink_used.div_ceil(u64::from(ink_price));
    assert_eq!(receipt.gas_used, intrinsic(&input) + entry + program_gas);
    // Most of the ink went to hostios, the rest to the WASM around them.
    let hostio_ink: u64 = records
        .iter()
        .map(|r| ink(r, "startInk") - ink(r, "endInk"))
        .sum();
    assert!(hostio_ink < ink_used && hostio_ink > ink_used / 2);
}

#[tokio::test]
async fn calls_hold_their_callees_steps_across_evm_and_stylus() {
    let node = node();
    let echo = deploy_and_activate(&node, "echo").await;
    let caller = deploy_and_activate(&node, "calls").await;
    let forwarder = Address::with_last_byte(0xF0);
    let provider = wallet_provider(&node, 1);
    let _: bool = provider
        .raw_request("anvil_setCode".into(), (forwarder, evm_forwarder(echo)))
        .await
        .expect("anvil_setCode");
    // The calls program calls the forwarder (EVM), which calls echo (Stylus).
    let mut input = vec![0u8];
    input.extend_from_slice(forwarder.as_slice());
    input.extend_from_slice(&[0u8; 32]);
    input.extend_from_slice(b"round trip");
    let receipt = send(&node, caller, input.into()).await;
    let records = trace(&node, receipt.transaction_hash).await;
    let call = records
        .iter()
        .find(|r| name(r) == "call_contract")
        .expect("a call_contract record");
    assert_eq!(
        call["address"].as_str(),
        Some(format!("{forwarder:#x}").as_str())
    );
    // Outs: return-data length (10, big-endian u32) and status 0.
    assert_eq!(hex(call, "outs"), "0x0000000a00");
    let steps = call["steps"].as_array().expect("the call's steps");
    assert_eq!(names(steps), ["evm_call_contract"]);
    assert_eq!(
        steps[0]["address"].as_str(),
        Some(format!("{echo:#x}").as_str())
    );
    let echoed = steps[0]["steps"].as_array().expect("echo's steps");
    assert_eq!(
        names(echoed),
        [
            "user_entrypoint",
            "read_args",
            "write_result",
            "user_returned"
        ]
    );
    assert_eq!(
        hex(&echoed[1], "outs"),
        format!("0x{}", alloy::hex::encode(b"round trip"))
    );
}

#[tokio::test]
async fn unknown_tracers_and_transactions_are_json_rpc_errors() {
    let node = node();
    let program = deploy_and_activate(&node, "storage").await;
    let receipt = send(&node, program, storage_write(B256::ZERO, B256::ZERO)).await;
    let provider = wallet_provider(&node, 1);
    let error = |params: Value| {
        let provider = provider.clone();
        async move {
            let err = provider
                .raw_request::<_, Value>("debug_traceTransaction".into(), params)
                .await
                .expect_err("the node refuses");
            let payload = err.as_error_resp().expect("a JSON-RPC error").clone();
            (payload.code, payload.message.to_string())
        }
    };
    let hash = receipt.transaction_hash;
    let (code, message) = error(json!([hash, { "tracer": "callTracer" }])).await;
    assert_eq!(code, -32602);
    assert!(message.contains("callTracer"), "{message}");
    let (code, _) = error(json!([hash])).await;
    assert_eq!(code, -32602, "the default struct logger is not implemented");
    let (code, _) = error(json!([hash, { "tracer": 7 }])).await;
    assert_eq!(code, -32602);
    let (code, message) =
        error(json!([B256::repeat_byte(0xab), { "tracer": "stylusTracer" }])).await;
    assert_eq!(code, -32000);
    assert!(message.contains("not found"), "{message}");
    let (code, _) = error(json!(["0x1234", { "tracer": "stylusTracer" }])).await;
    assert_eq!(code, -32602);
    // The node still answers.
    assert_eq!(trace(&node, hash).await.len(), 5);
}
