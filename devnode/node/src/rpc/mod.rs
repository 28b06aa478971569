//! JSON-RPC method handling, split by namespace: `eth_*` ([`eth`]), `net_*`/`web3_*` ([`net`])
//! the anvil/hardhat development methods ([`dev`]) and `debug_traceTransaction` with Nitro's
//! `stylusTracer` ([`debug`]).

mod convert;
mod debug;
mod dev;
pub(crate) mod errors;
mod eth;
pub(crate) mod jsonrpc;
mod net;

use std::sync::{Mutex, MutexGuard};

use alloy_primitives::Address;

use crate::{accounts::DevAccount, chain::Chain};
use jsonrpc::{Params, RpcError, RpcResult, METHOD_NOT_FOUND};

/// The node's request handler: the chain behind one lock, and the dev accounts' keys.
pub(crate) struct Api {
    chain: Mutex<Chain>,
    accounts: Vec<DevAccount>,
    log_requests: bool,
}

impl Api {
    /// Wraps a chain.
    pub fn new(chain: Chain, accounts: Vec<DevAccount>, log_requests: bool) -> Self {
        Self {
            chain: Mutex::new(chain),
            accounts,
            log_requests,
        }
    }

    /// Prints a line about a submitted transaction, as anvil does, when request logging is on.
    pub(crate) fn log_transaction(&self, chain: &Chain, hash: &alloy_primitives::B256) {
        if !self.log_requests {
            return;
        }
        match chain.transaction(hash) {
            Some((block, index)) => {
                let tx = &block.txs[index];
                println!("    Transaction: {hash}");
                if let Some(created) = tx.outcome.created_address {
                    println!("    Contract created: {created}");
                }
                let status = if tx.outcome.is_success() {
                    "success"
                } else {
                    "failed"
                };
                println!(
                    "    Gas used: {}  Block: {}  Status: {status}",
                    tx.outcome.gas_used,
                    block.number()
                );
            }
            None => println!("    Transaction: {hash} (pending)"),
        }
    }

    /// Locks the chain. A poisoned lock is taken over: every chain mutation either completes or
    /// leaves the previous value in place, so the data stays consistent.
    pub fn chain(&self) -> MutexGuard<'_, Chain> {
        self.chain
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The dev account with address `address`, if any.
    fn account(&self, address: &Address) -> Option<&DevAccount> {
        self.accounts.iter().find(|a| a.address == *address)
    }

    /// Routes one call to its namespace.
    pub fn dispatch(&self, method: &str, params: Params) -> RpcResult {
        if self.log_requests {
            println!("{method}");
        }
        let handled = match method.split_once('_').map(|(ns, _)| ns) {
            Some("eth") => eth::handle(self, method, &params),
            Some("net" | "web3") => net::handle(self, method, &params),
            Some("evm" | "anvil" | "hardhat") => dev::handle(self, method, &params),
            Some("debug") => debug::handle(self, method, &params),
            _ => None,
        };
        handled.unwrap_or_else(|| {
            Err(RpcError::new(
                METHOD_NOT_FOUND,
                format!("the method {method} does not exist/is not available"),
            ))
        })
    }
}
