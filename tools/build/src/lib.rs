//! Builds the Backstop Stylus contracts into modules that Nitro accepts as they are (cargo, then
//! binaryen's wasm-opt: see [`optimize`]), measures them against Arbitrum's code-size limit. (Their ABIs are exported by `tools/abi`.)
//!
//! The wasm32 link flags in `.cargo/config.toml` (32 KiB stack, compressed relocations, no debug
//! info) are what make a plain `cargo build` output acceptable to Nitro; [`check_module`] verifies
//! every artefact against Nitro's activation rules so that a toolchain change cannot silently
//! produce a module that would be refused on chain.

mod build;
mod check;
mod code;
mod contracts;
mod error;
mod optimize;

pub use build::{build_contracts, modules_dir, workspace_root, Artifact};
pub use check::{check_module, ModuleFacts};
pub use code::{
    compress_wasm, deploy_initcode, stylus_code, MAX_CODE_SIZE, MAX_WASM_SIZE, STYLUS_PREFIX,
};
pub use contracts::{Contract, CONTRACTS};
pub use error::{Error, Result};
