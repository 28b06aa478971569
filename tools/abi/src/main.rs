//! `backstop-abi`: regenerates `abi/` from the contracts, or checks it.
//!
//! ```text
//! cargo run -p backstop-abi              # regenerate abi/*.sol and abi/*.json
//! cargo run -p backstop-abi -- --check   # fail if abi/ differs from a fresh export
//! ```

use std::process::ExitCode;

use backstop_build::workspace_root;

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
    match backstop_abi::sync_abi_dir(&workspace_root(), check) {
        Ok(paths) if check => {
            println!(
                "abi/ matches a fresh export of every contract ({} files)",
                paths.len()
            );
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
