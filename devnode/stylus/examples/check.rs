//! Checks WASM files as ArbWasm's activation would, like `cargo stylus check` without a node.
//!
//! `cargo run -p devnode-stylus --example check -- path/to/program.wasm ...`

use std::process::ExitCode;
use std::time::Instant;

use devnode_stylus::{compress_wasm, Runtime, StylusParams, ACTIVATION_FIXED_GAS};

/// Largest deployed code, in bytes (EIP-170 as Arbitrum applies it).
const MAX_CODE_SIZE: usize = 24_576;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: check <program.wasm>...");
        return ExitCode::FAILURE;
    }
    let runtime = match Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let params = StylusParams::default();
    let mut failed = false;
    for path in paths {
        let wasm = match std::fs::read(&path) {
            Ok(wasm) => wasm,
            Err(err) => {
                eprintln!("{path}: cannot read: {err}");
                failed = true;
                continue;
            }
        };
        let code = compress_wasm(&wasm);
        let start = Instant::now();
        match runtime.activate(&code, &params, false, u64::MAX) {
            Ok((activation, _)) => {
                let info = activation.info;
                println!(
                    "{path}: ok: wasm {} B, code {} B{}, footprint {} pages, init gas {}, cached gas {}, activation gas {}, compiled in {:?}",
                    wasm.len(),
                    code.len(),
                    if code.len() > MAX_CODE_SIZE { " (OVER the 24,576 B limit)" } else { "" },
                    info.footprint,
                    params.init_gas(info.init_cost),
                    params.cached_gas(info.cached_init_cost),
                    ACTIVATION_FIXED_GAS + activation.gas_used,
                    start.elapsed()
                );
                failed |= code.len() > MAX_CODE_SIZE;
            }
            Err(err) => {
                println!("{path}: REJECTED: {err}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
