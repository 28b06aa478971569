//! Benchmark (not a test): activation time of a ~20 KB program and simple calls per second.
//!
//! `cargo run --release -p devnode-stylus --example bench`

use std::time::{Duration, Instant};

use alloy_primitives::{Address, B256, U256};
use devnode_stylus::{
    compress_wasm, execute, CallInput, CallKind, CallResult, CreateKind, CreateResult, EvmContext,
    FrameStatus, Host, PageCounts, Runtime, Status, StylusParams,
};

/// A host with empty state: enough for programs that only use args, results and storage reads.
#[derive(Default)]
struct NullHost {
    pages: PageCounts,
}

impl Host for NullHost {
    fn sload(&mut self, _key: B256) -> (B256, u64) {
        (B256::ZERO, 2100)
    }
    fn sstore(&mut self, _key: B256, _value: B256) -> u64 {
        22_100
    }
    fn tload(&mut self, _key: B256) -> B256 {
        B256::ZERO
    }
    fn tstore(&mut self, _key: B256, _value: B256) {}
    fn access_account(&mut self, _address: Address) -> bool {
        true
    }
    fn is_empty(&mut self, _address: Address) -> bool {
        true
    }
    fn balance(&mut self, _address: Address) -> U256 {
        U256::ZERO
    }
    fn code(&mut self, _address: Address) -> Vec<u8> {
        Vec::new()
    }
    fn codehash(&mut self, _address: Address) -> B256 {
        B256::ZERO
    }
    fn call(&mut self, _: CallKind, _: Address, _: &[u8], _: U256, gas: u64) -> CallResult {
        CallResult {
            status: FrameStatus::Success,
            output: Vec::new(),
            gas_left: gas,
        }
    }
    fn create(&mut self, _: CreateKind, _: &[u8], _: U256, gas: u64) -> CreateResult {
        CreateResult {
            address: None,
            status: FrameStatus::Halt,
            output: Vec::new(),
            gas_left: gas,
        }
    }
    fn emit_log(&mut self, _topics: &[B256], _data: &[u8]) {}
    fn pages(&mut self) -> PageCounts {
        self.pages
    }
    fn add_pages(&mut self, pages: u16) -> PageCounts {
        let before = self.pages;
        self.pages.open = before.open.saturating_add(pages);
        self.pages.ever = before.ever.max(self.pages.open);
        before
    }
    fn set_open_pages(&mut self, open: u16) {
        self.pages.open = open;
    }
}

/// A program of `funcs` arithmetic helper functions plus an echo entrypoint that calls them.
fn large_program(funcs: usize) -> String {
    let mut wat = String::from(
        r#"(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (memory (export "memory") 1 1)
"#,
    );
    for i in 0..funcs {
        wat.push_str(&format!("  (func $f{i} (param i32) (result i32)\n"));
        for j in 0..12 {
            wat.push_str(&format!(
                "    (local.set 0 (i32.xor (i32.mul (i32.add (local.get 0) (i32.const {})) (i32.const {})) (i32.const {})))\n",
                i * 31 + j,
                j * 7 + 3,
                i ^ j
            ));
        }
        wat.push_str("    local.get 0)\n");
    }
    wat.push_str(
        r#"  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 0))
    (i32.store (i32.const 0) (call $f0 (i32.load (i32.const 0))))
    (call $write_result (i32.const 0) (local.get $len))
    i32.const 0))
"#,
    );
    wat
}

fn context() -> EvmContext {
    EvmContext {
        chain_id: 412_346,
        block_gas_limit: 32_000_000,
        ..EvmContext::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let params = StylusParams::default();

    let start = Instant::now();
    let runtime = Runtime::new()?;
    println!("engine + linker setup: {:?}", start.elapsed());

    let wasm = wat::parse_str(large_program(100))?;
    let code = compress_wasm(&wasm);
    println!(
        "large program: {} bytes of WASM, {} bytes compressed code",
        wasm.len(),
        code.len()
    );
    let start = Instant::now();
    let (activation, program) = runtime.activate(&code, &params, false, u64::MAX)?;
    println!(
        "activation (decompress, validate, instrument, compile): {:?}; activation gas {} + fixed; init cost {}, cached cost {}",
        start.elapsed(),
        activation.gas_used,
        activation.info.init_cost,
        activation.info.cached_init_cost
    );

    let calldata = 42u32.to_le_bytes();
    let mut host = NullHost::default();
    let deadline = Duration::from_secs(3);
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < deadline {
        let outcome = execute(
            &program,
            &mut host,
            CallInput {
                calldata: &calldata,
                gas: 1_000_000,
                context: context(),
                is_static: false,
                cached: false,
                params,
                trace: false,
            },
        );
        if outcome.status != Status::Success {
            return Err(format!("benchmark call failed: {outcome:?}").into());
        }
        calls += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "simple calls: {calls} in {secs:.2} s = {:.0} calls/s",
        calls as f64 / secs
    );
    Ok(())
}
