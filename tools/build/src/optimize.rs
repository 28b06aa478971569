//! binaryen's `wasm-opt -Oz` on every contract module, after cargo and before the Nitro checks.
//!
//! Why: on top of rustc's `opt-level = 3` it makes every module smaller *and* every call cheaper
//! (a smaller module costs less to enter). Measured by `bench/gas.sh` against the same build
//! without it: deployed vault 21,648 -> 21,290 B, absorber 16,672 -> 15,807 B, timelock
//! 20,575 -> 19,731 B; cached entry gas 1,647 -> 1,345 (vault), 1,058 -> 867 (absorber),
//! 1,979 -> 1,063 (timelock); every benchmarked operation 200-970 gas cheaper. Tried and
//! dropped: rustc's `opt-level = "z"` (vault 19,371 B, but `mint` and `withdraw` +8,000 gas,
//! `absorbLoss` +14,000) and `"z"` with the arithmetic crates at 3 (vault 19,798 B, every
//! operation 240-3,000 gas dearer than with this pass).
//!
//! wasm-opt comes from npm's `binaryen` package (binaryen compiled to WebAssembly, run by Node),
//! pinned with its lockfile in `tools/build/binaryen/` and installed there on first use, so the
//! same version optimises every module on every machine. Its output is cached next to cargo's,
//! keyed by the input module, the arguments and the version: a build that changed nothing does
//! not run it again.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::build::run;
use crate::{Error, Result};

/// The pinned binaryen release (`tools/build/binaryen/package.json`).
const BINARYEN_VERSION: &str = "132.0.0";

/// `-Oz`, with the WebAssembly features rustc's wasm32 output uses (wasm-opt refuses a module
/// that uses a feature it was not told about); [`crate::check_module`] then checks the result
/// against what Nitro accepts.
const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
    "--enable-nontrapping-float-to-int",
    "--strip-debug",
    "--strip-producers",
];

/// Optimises the module at `input` into `dir` (same file name) and returns the result's path.
pub(crate) fn optimize(root: &Path, input: &Path, dir: &Path) -> Result<PathBuf> {
    let wasm = std::fs::read(input).map_err(Error::io(input))?;
    let output = dir.join(input.file_name().unwrap_or_default());
    let key_path = output.with_extension("key");
    let key = cache_key(&wasm);
    if output.exists() && std::fs::read_to_string(&key_path).is_ok_and(|k| k == key) {
        return Ok(output);
    }

    let wasm_opt = ensure_installed(root)?;
    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    // Written under a temporary name and renamed, so a concurrent build never reads half a file.
    let partial = output.with_extension(format!("{}.partial", std::process::id()));
    let mut cmd = Command::new("node");
    cmd.current_dir(root)
        .arg(&wasm_opt)
        .arg(input)
        .args(WASM_OPT_ARGS)
        .arg("-o")
        .arg(&partial);
    run(cmd)?;
    std::fs::rename(&partial, &output).map_err(Error::io(&output))?;
    std::fs::write(&key_path, key).map_err(Error::io(&key_path))?;
    Ok(output)
}

/// What an optimised module depends on: the input module, the arguments and the version.
fn cache_key(wasm: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    wasm.hash(&mut hasher);
    WASM_OPT_ARGS.hash(&mut hasher);
    BINARYEN_VERSION.hash(&mut hasher);
    format!(
        "{:016x} {} bytes, binaryen {BINARYEN_VERSION}",
        hasher.finish(),
        wasm.len()
    )
}

/// The pinned wasm-opt script, installed with `npm ci` if it is missing or another version.
fn ensure_installed(root: &Path) -> Result<PathBuf> {
    let dir = root.join("tools/build/binaryen");
    let package = dir.join("node_modules/binaryen");
    let installed = std::fs::read_to_string(package.join("package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{BINARYEN_VERSION}\"")));
    if !installed {
        let mut npm = Command::new("npm");
        npm.current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
        run(npm).map_err(|e| Error::WasmOpt {
            reason: format!(
                "installing binaryen {BINARYEN_VERSION} from npm failed (Node.js 20 and npm \
                 are needed): {e}"
            ),
        })?;
    }
    Ok(package.join("bin/wasm-opt"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_key_follows_the_module() {
        let a = cache_key(b"\0asm\x01\0\0\0");
        assert_eq!(a, cache_key(b"\0asm\x01\0\0\0"));
        assert_ne!(a, cache_key(b"\0asm\x01\0\0\0\0"));
        assert!(a.ends_with(&format!("binaryen {BINARYEN_VERSION}")));
    }

    #[test]
    fn the_pinned_version_is_the_lockfiles() {
        let lock = include_str!("../binaryen/package-lock.json");
        let entry = lock
            .split("\"node_modules/binaryen\"")
            .nth(1)
            .expect("the lockfile pins binaryen");
        assert!(entry.contains(&format!("\"version\": \"{BINARYEN_VERSION}\"")));
    }
}
