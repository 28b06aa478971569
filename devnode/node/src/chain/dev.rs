//! Development controls of the chain: time travel, direct state edits, snapshots,
//! impersonation and the mining mode.

use alloy_primitives::Address;
use devnode_evm::State;

use super::{filters, Chain};
use crate::rpc::jsonrpc::RpcError;

/// Latest timestamp the clock may be set to, in seconds (about the year 36812): far enough for
/// any test, small enough that clock arithmetic never overflows.
const MAX_TIMESTAMP: u64 = 1 << 40;

impl Chain {
    /// Adds `seconds` to the clock; returns the total offset.
    pub fn increase_time(&mut self, seconds: u64) -> i64 {
        let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
        self.data.time_offset = self
            .data
            .time_offset
            .saturating_add(seconds)
            .min(MAX_TIMESTAMP as i64);
        self.data.time_offset
    }

    /// Forces the timestamp of the next block (not earlier than the latest block's).
    pub fn set_next_timestamp(&mut self, timestamp: u64) -> Result<(), RpcError> {
        let latest = self.latest().header.timestamp;
        if timestamp > MAX_TIMESTAMP {
            return Err(RpcError::invalid_params(format!(
                "timestamp {timestamp} is beyond the supported maximum {MAX_TIMESTAMP}"
            )));
        }
        if timestamp < latest {
            return Err(RpcError::server(format!(
                "timestamp {timestamp} is lower than the latest block's {latest}"
            )));
        }
        if self.data.open.as_ref().is_some_and(|o| !o.txs.is_empty()) {
            return Err(RpcError::server(
                "a block is being built; mine it before forcing the next timestamp",
            ));
        }
        self.data.open = None;
        self.data.next_timestamp = Some(timestamp);
        Ok(())
    }

    // ---- dev state changes ----

    /// Applies `change` to the latest state and to the block being built.
    pub fn modify_state(&mut self, change: impl Fn(&mut State)) {
        change(&mut self.data.state);
        if let Some(open) = &mut self.data.open {
            change(&mut open.state);
        }
    }

    /// Takes a snapshot; returns its id.
    pub fn snapshot(&mut self) -> u64 {
        let id = self.next_snapshot;
        self.next_snapshot += 1;
        self.snapshots.insert(id, self.data.clone());
        id
    }

    /// Restores snapshot `id` and drops it and every later one; `false` if unknown.
    pub fn revert(&mut self, id: u64) -> bool {
        let Some(data) = self.snapshots.remove(&id) else {
            return false;
        };
        self.snapshots.split_off(&id);
        self.data = data;
        self.data.rebuild_indexes();
        let head = self.latest_number();
        self.history.retain(|(n, _)| *n < head);
        self.filters.rewind(head);
        true
    }

    /// Starts or stops impersonating `address`.
    pub fn set_impersonated(&mut self, address: Address, on: bool) {
        if on {
            self.impersonated.insert(address);
        } else {
            self.impersonated.remove(&address);
        }
    }

    /// Impersonate every sender of `eth_sendTransaction`.
    pub fn set_auto_impersonate(&mut self, on: bool) {
        self.auto_impersonate = on;
    }

    /// Whether `address` may send unsigned transactions.
    pub fn is_impersonated(&self, address: &Address) -> bool {
        self.auto_impersonate || self.impersonated.contains(address)
    }

    /// Turns auto-mining on or off.
    pub fn set_automine(&mut self, on: bool) {
        self.automine = on;
    }

    /// Whether every transaction is mined at once.
    pub fn automine(&self) -> bool {
        self.automine
    }

    /// The filter registry.
    pub fn filters(&mut self) -> &mut filters::Filters {
        &mut self.filters
    }
}
