//! A local Arbitrum node for Stylus development, like `nitro --dev`, with no Docker.
//!
//! The chain (blocks, receipts, time, snapshots, impersonation) and its JSON-RPC server live here;
//! execution is `devnode-evm` (revm plus Stylus programs on `devnode-stylus`).
//!
//! ```no_run
//! let node = stylus_devnode::spawn(stylus_devnode::NodeConfig::test())?;
//! println!("JSON-RPC at {}", node.endpoint());
//! # Ok::<(), stylus_devnode::Error>(())
//! ```
//!
//! Where the node differs from Nitro's `--dev` mode (the execution differences are listed in
//! `devnode-evm`'s docs):
//! - block headers carry a zero state root (no state trie is kept) and no L1 send root;
//! - the state of only the last 128 blocks can be read at a historical block number;
//! - transactions are mined one block each (or per `--block-time`), with no sequencer delay;
//! - the anvil/hardhat development methods exist (Nitro has none of them);
//! - blob (EIP-4844) and EIP-7702 transactions are refused;
//! - `debug_traceTransaction` knows only Nitro's `stylusTracer`, and only for transactions in
//!   the last 128 blocks (it runs them again on the state their block started from).
//!
//! Fees are Nitro's: only the base fee is charged. Tips are dropped (EIP-1559
//! `maxPriorityFeePerGas`, and the part of a legacy `gasPrice` above the base fee), the coinbase
//! receives nothing, and every receipt's `effectiveGasPrice` is the block's base fee, so a sender
//! pays exactly `gasUsed * baseFee`. A fee cap or gas price below the base fee is still refused
//! (JSON-RPC error -32000, "max fee per gas less than block base fee").

mod accounts;
mod chain;
mod error;
mod node;
mod rpc;
mod server;
mod tx;

pub use accounts::{dev_accounts, DevAccount, DEV_BALANCE_WEI, DEV_MNEMONIC, NITRO_DEV_KEY};
pub use error::{Error, Result};
pub use node::{spawn, NodeConfig, NodeHandle, DEFAULT_EXTRA_ACCOUNTS, DEFAULT_PORT};
