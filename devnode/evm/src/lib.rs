//! Transaction and call execution for the embedded Stylus devnode.
//!
//! revm 43 executes the EVM; code starting with `EF F0 00` is a Stylus program and runs on
//! `devnode-stylus` instead, with nested calls both ways on the same journal. The Arbitrum
//! precompiles the tooling reads (ArbSys, ArbGasInfo, ArbWasm, ArbWasmCache) and StylusDeployer
//! are native.
//!
//! The interface is three functions on [`Executor`]: [`Executor::transact`] (commits into a
//! [`State`]), [`Executor::call`] (never commits; supports state overrides) and
//! [`Executor::estimate_gas`].

mod activation;
mod addresses;
mod db;
mod error;
mod evm;
mod executor;
mod nested;
mod precompiles;
mod state;
mod stylus;
mod types;

pub use activation::ActivationRecord;
pub use addresses::{ARB_GAS_INFO, ARB_SYS, ARB_WASM, ARB_WASM_CACHE, STYLUS_DEPLOYER};
pub use error::{Error, Result};
pub use executor::Executor;
pub use state::{Account, State};
pub use types::{
    AccessListEntry, AccountOverride, BlockInfo, CallRequest, ChainConfig, ExecStatus, Fees,
    Outcome, StateOverride, TxRequest, ARBOS_VERSION, BLOCK_GAS_LIMIT, DEV_CHAIN_ID, MIN_BASE_FEE,
    TX_GAS_LIMIT,
};

/// The first bytes of every deployed Stylus program.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
