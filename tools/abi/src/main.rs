//! `backstop-abi`: regenerates `abi/` from the contracts' code, or checks it.
//!
//! ```text
//! cargo run -p backstop-abi              # regenerate abi/*.sol and abi/*.json
//! cargo run -p backstop-abi -- --check   # fail if abi/ differs from the code
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => false,
        ["--check"] => true,
        _ => {
            eprintln!("usage: backstop-abi [--check]");
            return ExitCode::from(2);
        }
    };
    match backstop_abi::sync_abi_dir(&backstop_build::workspace_root(), check) {
        Ok(paths) if check => {
            println!("abi/ matches the contracts' code ({} files)", paths.len());
            ExitCode::SUCCESS
        }
        Ok(paths) => {
            paths.iter().for_each(|p| println!("wrote {}", p.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
