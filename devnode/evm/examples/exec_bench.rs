//! Throughput of the executor on a small Stylus program (a benchmark, not a test):
//! `cargo run --release -p devnode-evm --example exec_bench`.

use std::{path::PathBuf, time::Instant};

use alloy_primitives::{address, Address, Bytes, U256};
use alloy_sol_types::{sol, SolCall};
use devnode_evm::{
    BlockInfo, CallRequest, ChainConfig, Executor, Fees, State, TxRequest, ARB_WASM, DEV_CHAIN_ID,
    MIN_BASE_FEE,
};

sol! {
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
}

const ALICE: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");

fn tx(state: &State, to: Option<Address>, input: Bytes, value: U256) -> TxRequest {
    TxRequest {
        from: ALICE,
        to,
        value,
        input,
        nonce: state.nonce(&ALICE),
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/probe.wat");
    let code = devnode_stylus::compress_wasm(&wat::parse_file(path)?);
    let mut init = vec![0x7f];
    init.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    init.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    init.extend_from_slice(&code);

    let exec = Executor::new(ChainConfig::default());
    let mut state = State::new();
    state.set_balance(ALICE, U256::from(10u128.pow(21)));
    let block = BlockInfo {
        timestamp: 1_750_000_000,
        ..BlockInfo::default()
    };

    let t = tx(&state, None, init.into(), U256::ZERO);
    let program = exec
        .transact(&mut state, &block, &t)?
        .created_address
        .ok_or("no address")?;
    let activate = activateProgramCall { program }.abi_encode();
    let started = Instant::now();
    let t = tx(
        &state,
        Some(ARB_WASM),
        activate.into(),
        U256::from(10u128.pow(18)),
    );
    let out = exec.transact(&mut state, &block, &t)?;
    println!("activation: {:?}, gas {}", started.elapsed(), out.gas_used);

    let n = 2000;
    let req = CallRequest {
        from: Some(ALICE),
        to: Some(program),
        input: vec![4u8].into(),
        ..CallRequest::default()
    };
    let started = Instant::now();
    for _ in 0..n {
        assert!(exec.call(&state, &block, &req, None)?.is_success());
    }
    let elapsed = started.elapsed();
    println!(
        "eth_call of a Stylus program: {:.0} calls/s ({:?} each)",
        f64::from(n) / elapsed.as_secs_f64(),
        elapsed / n
    );

    let started = Instant::now();
    for _ in 0..n {
        let t = tx(&state, Some(program), vec![4u8].into(), U256::ZERO);
        assert!(exec.transact(&mut state, &block, &t)?.is_success());
    }
    let elapsed = started.elapsed();
    println!(
        "transactions calling a Stylus program: {:.0} tx/s ({:?} each)",
        f64::from(n) / elapsed.as_secs_f64(),
        elapsed / n
    );
    let started = Instant::now();
    for i in 0..n {
        let mut input = vec![0u8; 65];
        input[32] = 1;
        input[33..65].copy_from_slice(&U256::from(i).to_be_bytes::<32>());
        let t = tx(&state, Some(program), input.into(), U256::ZERO);
        assert!(exec.transact(&mut state, &block, &t)?.is_success());
    }
    let elapsed = started.elapsed();
    println!(
        "transactions writing a fresh slot from Stylus: {:.0} tx/s ({:?} each)",
        f64::from(n) / elapsed.as_secs_f64(),
        elapsed / n
    );
    Ok(())
}
