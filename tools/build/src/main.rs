//! `backstop-build`: builds every contract to Nitro-ready WASM and prints its size, or exports
//! the ABIs.
//!
//! ```text
//! cargo run -p backstop-build              # build, check and measure every contract
//! cargo run -p backstop-build -- abi       # regenerate abi/*.sol and abi/*.json
//! cargo run -p backstop-build -- abi --check   # fail if abi/ differs from a fresh export
//! ```

use std::process::ExitCode;

use backstop_build::{
    build_contracts, sync_abi_dir, workspace_root, Error, CONTRACTS, MAX_CODE_SIZE, MAX_WASM_SIZE,
};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        [] | ["build"] => build(),
        ["abi"] => abi(false),
        ["abi", "--check"] => abi(true),
        _ => {
            eprintln!("usage: backstop-build [build | abi [--check]]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn build() -> Result<(), Error> {
    let root = workspace_root();
    let artifacts = build_contracts(&root, CONTRACTS)?;
    println!(
        "{:<20} {:>10} {:>12} {:>8} {:>6}",
        "contract", "wasm (B)", "deployed (B)", "of limit", "pages"
    );
    let mut too_big = Vec::new();
    for a in &artifacts {
        let share = a.code.len() as f64 * 100.0 / MAX_CODE_SIZE as f64;
        println!(
            "{:<20} {:>10} {:>12} {:>7.1}% {:>6}",
            a.contract.name,
            a.wasm.len(),
            a.code.len(),
            share,
            a.facts.memory_pages
        );
        if a.code.len() > MAX_CODE_SIZE || a.wasm.len() > MAX_WASM_SIZE {
            too_big.push(a.contract.name);
        }
    }
    println!("deployed = 4-byte Stylus prefix + brotli(q11, w22); limit {MAX_CODE_SIZE} B; modules in target/wasm32-unknown-unknown/release/");
    if !too_big.is_empty() {
        return Err(Error::Refused {
            contract: too_big.join(", "),
            reason: "over Arbitrum's code-size limit".into(),
        });
    }
    Ok(())
}

fn abi(check: bool) -> Result<(), Error> {
    let paths = sync_abi_dir(&workspace_root(), check)?;
    if check {
        println!(
            "abi/ matches a fresh export of every contract ({} files)",
            paths.len()
        );
    } else {
        paths.iter().for_each(|p| println!("wrote {}", p.display()));
    }
    Ok(())
}
