//! Building the contract crates for `wasm32-unknown-unknown`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::optimize::optimize;
use crate::{check_module, stylus_code, Contract, Error, ModuleFacts, Result};

/// A built, checked contract module.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// Which contract this is.
    pub contract: Contract,
    /// Where the module is (cargo's output after wasm-opt, see [`crate::optimize`]).
    pub path: PathBuf,
    /// The module as built.
    pub wasm: Vec<u8>,
    /// The code deployed on chain: prefix + brotli stream.
    pub code: Vec<u8>,
    /// What the Nitro checks found.
    pub facts: ModuleFacts,
}

/// The workspace root, found from this crate's location.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tools/build sits two levels below the workspace root")
        .to_path_buf()
}

/// Where cargo writes the contracts' modules.
fn cargo_out_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("wasm32-unknown-unknown")
        .join("release")
}

/// Where [`build_contracts`] leaves the modules it returns: cargo's after wasm-opt, in `opt/`
/// beside cargo's output.
pub fn modules_dir(root: &Path) -> PathBuf {
    cargo_out_dir(root).join("opt")
}

/// A `cargo` command (the one running us, if any) in the workspace root.
pub(crate) fn cargo(root: &Path) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root);
    cmd
}

/// Runs `cmd` and returns its stdout, or the failure with its stderr.
pub(crate) fn run(mut cmd: Command) -> Result<String> {
    let line = format!("{cmd:?}");
    let out = cmd.output().map_err(|e| Error::Command {
        command: line.clone(),
        stderr: e.to_string(),
    })?;
    if !out.status.success() {
        return Err(Error::Command {
            command: line,
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Installs the `wasm32-unknown-unknown` target and the standard library's sources (`rust-src`,
/// which [`WASM_BUILD_STD`] compiles) for the pinned toolchain when rustup manages it and they are
/// missing, so a fresh machine needs no manual step.
fn ensure_wasm_target(root: &Path) -> Result<()> {
    for (kind, name) in [
        ("target", "wasm32-unknown-unknown"),
        ("component", "rust-src"),
    ] {
        let mut list = Command::new("rustup");
        list.current_dir(root).args([kind, "list", "--installed"]);
        let Ok(installed) = run(list) else {
            return Ok(()); // no rustup: the toolchain is managed some other way; cargo will say what is missing
        };
        // Components are listed with their host triple (`rust-src` has none).
        if !installed.lines().any(|l| {
            let l = l.trim();
            l == name
                || l.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('-'))
        }) {
            let mut add = Command::new("rustup");
            add.current_dir(root).args([kind, "add", name]);
            run(add)?;
        }
    }
    Ok(())
}

/// Cargo arguments of every contract build, on top of the release profile and the wasm32 flags
/// of `.cargo/config.toml`: the standard library is compiled from source with the contracts
/// (`-Zbuild-std`, from the toolchain's `rust-src`) and with `panic = immediate-abort`, so a
/// panic (an overflow check, an `unwrap`, a failed allocation) is a bare `unreachable` trap
/// instead of a call into std's panic machinery, which formats a message nobody can read on
/// Stylus before trapping the same way. That drops `core::fmt`, the panic messages and their
/// locations from every module (measured: vault 23,623 -> 21,012 B deployed, absorber 21,651 ->
/// 17,359 B, timelock 23,949 -> 20,613 B). A failed call still reverts exactly as before:
/// both end in the same trap.
///
/// Both are unstable options of Rust 1.95: [`build_contracts`] enables them for this cargo run
/// only with `RUSTC_BOOTSTRAP=1`; nothing else in the workspace is built with them.
const WASM_BUILD_STD: &[&str] = &[
    "-Zbuild-std=std,panic_abort",
    "--config",
    "target.wasm32-unknown-unknown.rustflags = [\"-Zunstable-options\", \"-Cpanic=immediate-abort\"]",
];

/// Builds `contracts` in one cargo invocation (release profile, wasm32), optimises each module
/// with the pinned wasm-opt and checks it against Nitro's activation rules.
pub fn build_contracts(root: &Path, contracts: &[Contract]) -> Result<Vec<Artifact>> {
    ensure_wasm_target(root)?;
    let mut cmd = cargo(root);
    cmd.args(["build", "--release", "--target", "wasm32-unknown-unknown"])
        .args(WASM_BUILD_STD)
        .env("RUSTC_BOOTSTRAP", "1");
    for c in contracts {
        cmd.args(["-p", c.package]);
    }
    run(cmd)?;

    let out_dir = cargo_out_dir(root);
    let modules = modules_dir(root);
    contracts
        .iter()
        .map(|&contract| {
            let path = optimize(root, &out_dir.join(contract.wasm_file_name()), &modules)?;
            let wasm = std::fs::read(&path).map_err(Error::io(&path))?;
            let facts = check_module(&wasm).map_err(|reason| Error::Refused {
                contract: contract.name.into(),
                reason,
            })?;
            let code = stylus_code(&wasm);
            Ok(Artifact {
                contract,
                path,
                wasm,
                code,
                facts,
            })
        })
        .collect()
}
