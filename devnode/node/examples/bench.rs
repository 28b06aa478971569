//! Benchmark of the devnode over JSON-RPC (not a test): node start time, simple Stylus calls
//! and transactions per second, and activation time of a real contract.
//!
//! `cargo run -p stylus-devnode --example bench [-- <path/to/program.wasm>]`
//! Without a path, the largest `target/wasm32-unknown-unknown/release/*.wasm` is activated if
//! one exists.

use std::{path::PathBuf, time::Instant};

use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{Address, Bytes, TxKind, U256},
    providers::{Provider, ProviderBuilder},
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol,
    sol_types::SolCall,
};
use eyre::{eyre, Result};
use stylus_devnode::{spawn, NodeConfig, NodeHandle};

sol! {
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    }
}

const ARB_WASM: Address = Address::new([
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x71,
]);
const CALLS: usize = 500;
/// Nitro's limit on deployed code, in bytes.
const MAX_CODE_SIZE: usize = 24_576;
const TXS: usize = 200;

const ECHO_WAT: &str = r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 0))
    (call $write_result (i32.const 0) (local.get $len))
    i32.const 0))"#;

fn provider(node: &NodeHandle) -> Result<impl Provider + Clone> {
    let signer = PrivateKeySigner::from_bytes(&node.accounts()[0].key)?;
    Ok(ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(node.endpoint().parse()?))
}

fn initcode(code: &[u8]) -> Bytes {
    let mut out = vec![0x7f];
    out.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    out.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    out.extend_from_slice(code);
    Bytes::from(out)
}

/// Deploys and activates `wasm`; returns the program address and the activation's wall time.
async fn deploy_and_activate(provider: &impl Provider, wasm: &[u8]) -> Result<(Address, f64)> {
    let code = devnode_stylus::compress_wasm(wasm);
    println!(
        "  program: {} bytes of WASM, {} bytes deployed",
        wasm.len(),
        code.len()
    );
    let deploy = TransactionRequest::default()
        .with_kind(TxKind::Create)
        .with_input(initcode(&code));
    let receipt = provider
        .send_transaction(deploy)
        .await?
        .get_receipt()
        .await?;
    let program = receipt
        .contract_address
        .ok_or_else(|| eyre!("deployment failed"))?;
    let activate = TransactionRequest::default()
        .with_to(ARB_WASM)
        .with_value(U256::from(10u64).pow(U256::from(17)))
        .with_input(ArbWasm::activateProgramCall { program }.abi_encode());
    let start = Instant::now();
    let receipt = provider
        .send_transaction(activate)
        .await?
        .get_receipt()
        .await?;
    let seconds = start.elapsed().as_secs_f64();
    if !receipt.status() {
        return Err(eyre!("activation failed"));
    }
    println!("  activation gas used: {}", receipt.gas_used);
    Ok((program, seconds))
}

/// The largest contract WASM in the release target dir whose deployed code fits Nitro's limit.
fn largest_contract_wasm() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/wasm32-unknown-unknown/release");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .filter_map(|p| {
            let wasm = std::fs::read(&p).ok()?;
            let fits =
                wasm.len() > 1024 && devnode_stylus::compress_wasm(&wasm).len() <= MAX_CODE_SIZE;
            fits.then_some((wasm.len(), p))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, p)| p)
}

/// A valid Stylus module of about `target` bytes: many small functions doing integer
/// arithmetic with varied constants (so it does not compress to nothing).
fn synthetic_wasm(target: usize) -> Result<Vec<u8>> {
    let mut wat = String::from(
        "(module\n (import \"vm_hooks\" \"read_args\" (func $read_args (param i32)))\n\
         (import \"vm_hooks\" \"write_result\" (func $write_result (param i32 i32)))\n\
         (memory (export \"memory\") 1 1)\n",
    );
    let mut seed: u32 = 0x9E37_79B9;
    let mut functions = 0;
    loop {
        let mut body = String::new();
        for _ in 0..12 {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            body.push_str(&format!(
                "  local.get 0 i32.const {} i32.add i32.const {} i32.xor local.set 0\n",
                seed >> 8,
                seed & 0xffff
            ));
        }
        wat.push_str(&format!(
            " (func $f{functions} (param i32) (result i32)\n{body}  local.get 0)\n"
        ));
        functions += 1;
        if functions % 16 == 0 && wat::parse_str(format!("{wat})"))?.len() >= target {
            break;
        }
    }
    wat.push_str(
        " (func (export \"user_entrypoint\") (param $len i32) (result i32)\n\
         (call $read_args (i32.const 0))\n\
         (call $write_result (i32.const 0) (local.get $len))\n  i32.const 0))",
    );
    Ok(wat::parse_str(&wat)?)
}

#[tokio::main]
async fn main() -> Result<()> {
    // Start time: spawn until the first answered request, best of 5.
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let node = spawn(NodeConfig::test())?;
        provider(&node)?.get_block_number().await?;
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "node start (spawn to first answer, best of 5): {:.1} ms",
        best * 1e3
    );

    let node = spawn(NodeConfig::test())?;
    let provider = provider(&node)?;
    println!("echo program:");
    let (echo, seconds) = deploy_and_activate(&provider, &wat::parse_str(ECHO_WAT)?).await?;
    println!("  activation round trip: {:.1} ms", seconds * 1e3);

    let call = TransactionRequest::default()
        .with_to(echo)
        .with_input(Bytes::from_static(b"ping"));
    let start = Instant::now();
    for _ in 0..CALLS {
        provider.call(call.clone()).await?;
    }
    let rate = CALLS as f64 / start.elapsed().as_secs_f64();
    println!("eth_call of the echo program: {rate:.0} calls/s ({CALLS} sequential calls)");

    let start = Instant::now();
    for _ in 0..TXS {
        let receipt = provider
            .send_transaction(call.clone())
            .await?
            .get_receipt()
            .await?;
        if !receipt.status() {
            return Err(eyre!("echo transaction failed"));
        }
    }
    let rate = TXS as f64 / start.elapsed().as_secs_f64();
    println!(
        "transactions to the echo program (send + receipt): {rate:.0} tx/s ({TXS} sequential)"
    );

    println!("synthetic program of about 20 KB:");
    let (_, seconds) = deploy_and_activate(&provider, &synthetic_wasm(20 * 1024)?).await?;
    println!("  activation round trip: {:.1} ms", seconds * 1e3);

    let wasm_path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(largest_contract_wasm);
    match wasm_path {
        Some(path) => {
            println!("{}:", path.display());
            let wasm = std::fs::read(&path)?;
            let (_, seconds) = deploy_and_activate(&provider, &wasm).await?;
            println!("  activation round trip: {:.1} ms", seconds * 1e3);
        }
        None => println!("no contract WASM that fits 24 KiB found in target/"),
    }
    Ok(())
}
