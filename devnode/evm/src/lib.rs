//! Transaction and call execution for the embedded Stylus devnode.
//!
//! revm 43 executes the EVM; code starting with `EF F0 00` is a Stylus program and runs on
//! `devnode-stylus` instead, with nested calls both ways on the same journal. The Arbitrum
//! precompiles the tooling reads (ArbSys, ArbGasInfo, ArbWasm, ArbWasmCache) and StylusDeployer
//! are native.
//!
//! The interface is four functions on [`Executor`]: [`Executor::transact`] (commits into a
//! [`State`]), [`Executor::call`] (never commits; supports state overrides),
//! [`Executor::estimate_gas`] and [`Executor::trace`] (a transaction's Stylus hostios, as Nitro's
//! `stylusTracer` reports them, with the gas behind each program frame). The caller (the node) owns blocks: it passes a [`BlockInfo`] per
//! execution and records block hashes with [`State::record_block_hash`] so `BLOCKHASH` works.
//!
//! # How Stylus frames run inside revm
//!
//! revm asks its precompile provider about every call frame after taking the frame's journal
//! checkpoint and moving its value. The devnode's provider runs code with the Stylus prefix there
//! and returns the frame's result; revm then settles the checkpoint as for any frame. Calls and
//! creations a program makes run as complete nested frame loops on the same context, so EVM and
//! Stylus frames nest freely, revert together and share warm sets, transient storage, logs and
//! refunds. EIP-3541 is relaxed in revm's config and enforced by the frame loop, letting only the
//! Stylus prefix through. Each execution runs on a stack of 64 MiB, because nested programs
//! recurse through native host calls: in place on a thread from [`spawn_execution_thread`] (the
//! node's), else on a thread of its own.
//!
//! # Fees
//!
//! As on Nitro (geth's `DropTip`), a transaction (or a call given a gas price) pays only the
//! base fee per gas: the tip of an EIP-1559 transaction and the part of a legacy gas price above
//! the base fee are dropped before gas is bought, and the coinbase gets nothing. The checks still use the fields as signed: a
//! fee cap or gas price below the base fee is refused ([`Error::FeeCapTooLow`]), a tip above the
//! fee cap too ([`Error::TipAboveFeeCap`]), and the balance must cover `gasLimit * feeCap +
//! value`. `GASPRICE` reports the base fee, as Nitro's; Stylus `tx_gas_price` reports the price
//! as signed (base fee plus tip, capped by the fee cap), which is what Nitro's EVM context keeps.
//!
//! # Where this crate differs from Nitro
//!
//! WASM-side differences (module hash, stack-depth metering, brotli dictionaries, ...) are
//! listed in `devnode-stylus`. On this side:
//!
//! 1. **Precompile gas.** ArbWasm, ArbSys, ArbGasInfo and ArbWasmCache charge 3 gas per word of
//!    arguments and results, 800 per ArbOS storage read and 20,000 per write, and log gas for
//!    their events, following Nitro's burner; Nitro's exact per-method figures are not
//!    reproduced. Activation charges the fixed 1,659,168 gas plus `devnode-stylus`'s compile
//!    gas as Nitro does, plus those storage and event costs.
//! 2. **StylusDeployer** is native. Its nested frames, value flows, errors and event are those of
//!    the Solidity contract, and CREATE/CALL costs are charged per EIP-150/2929, but its own
//!    bytecode execution is a flat 6,000 gas.
//! 3. **Where activations live.** Nitro keeps programs in ArbOS state; here they are two storage
//!    slots of the ArbWasm account per codehash (see [`ActivationRecord`]), plus the data
//!    pricer's two words. Data fees stay in the ArbWasm account instead of going to the network
//!    fee account.
//! 4. **Caching.** With [`ChainConfig::programs_cached`] (the default) every active program
//!    pays the cached entry gas, as on `--dev` chains in practice; Nitro's per-block recent-WASM
//!    cache and cache-manager bids are not modelled. `ArbWasmCache` has no cache managers.
//! 5. **Failures of activation** (validation errors) halt with all gas spent, as Nitro; the
//!    error text is the halt reason of a top-level call only.
//! 6. **Halt reasons.** A call into an inactive, outdated or expired program halts; at the top
//!    level the reason says `ProgramNotActivated()`, `ProgramNeedsUpgrade(..)` or
//!    `ProgramExpired(..)`, as Nitro's error message does.
//! 7. **Chain.** Prague rules plus RIP-7212 P256VERIFY at 0x100; no L1 pricing (poster gas 0),
//!    no retryables, no ArbOwner/ArbRetryable/ArbAddressTable precompiles, no EIP-7702
//!    transactions through [`TxRequest`]. `arbOSVersion()` is 55 + [`ARBOS_VERSION`] as on
//!    Nitro. The L1 block number is whatever the node passes in [`BlockInfo::l1_block_number`].
//! 8. **`eth_call`** skips EIP-3607 and, without a gas price, charges no fee but still refuses
//!    value the sender cannot pay (as geth).

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
mod trace;
mod types;

pub use activation::ActivationRecord;
pub use addresses::{ARB_GAS_INFO, ARB_SYS, ARB_WASM, ARB_WASM_CACHE, STYLUS_DEPLOYER};
pub use devnode_stylus::{EntryCost, HostioRecord};
pub use error::{Error, Result};
pub use executor::{spawn_execution_thread, Executor, EXECUTION_STACK_BYTES};
pub use state::{Account, State};
pub use trace::{ProgramFrame, TxTrace};
pub use types::{
    AccessListEntry, AccountOverride, BlockInfo, CallRequest, ChainConfig, ExecStatus, Fees,
    Outcome, StateOverride, TxRequest, ARBOS_VERSION, BLOCK_GAS_LIMIT, DEV_CHAIN_ID, MIN_BASE_FEE,
    TX_GAS_LIMIT,
};

/// The first bytes of every deployed Stylus program.
pub const STYLUS_PREFIX: [u8; 3] = [0xEF, 0xF0, 0x00];
