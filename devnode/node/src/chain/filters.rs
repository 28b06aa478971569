//! Polling filters: `eth_newFilter`, `eth_newBlockFilter`, `eth_newPendingTransactionFilter`,
//! `eth_getFilterChanges`.

use std::collections::HashMap;

use alloy_primitives::{B256, U256};
use alloy_rpc_types_eth::{Filter, Log as RpcLog};

/// What a filter watches.
#[derive(Clone, Debug)]
pub(crate) enum FilterKind {
    /// New block hashes.
    Blocks,
    /// New pending transactions (always empty: transactions are mined as they arrive).
    PendingTransactions,
    /// Logs matching a filter.
    Logs(Box<Filter>),
}

#[derive(Clone, Debug)]
struct Installed {
    kind: FilterKind,
    /// The last block whose changes were reported.
    last_seen: u64,
}

/// What `eth_getFilterChanges` returns.
pub(crate) enum FilterChanges {
    /// Block or transaction hashes.
    Hashes(Vec<B256>),
    /// Logs.
    Logs(Vec<RpcLog>),
}

/// The installed filters.
#[derive(Default, Debug)]
pub(crate) struct Filters {
    next_id: u64,
    installed: HashMap<U256, Installed>,
}

impl Filters {
    /// Installs a filter that reports changes after block `head`; returns its id.
    pub fn install(&mut self, kind: FilterKind, head: u64) -> U256 {
        self.next_id += 1;
        let id = U256::from(self.next_id);
        self.installed.insert(
            id,
            Installed {
                kind,
                last_seen: head,
            },
        );
        id
    }

    /// Removes a filter; `false` if unknown.
    pub fn uninstall(&mut self, id: U256) -> bool {
        self.installed.remove(&id).is_some()
    }

    /// The kind of filter `id`.
    pub fn kind(&self, id: U256) -> Option<FilterKind> {
        self.installed.get(&id).map(|f| f.kind.clone())
    }

    /// Marks filter `id` as having seen everything up to `head`; returns the block it had
    /// seen before, or `None` if the filter is unknown.
    pub fn advance(&mut self, id: U256, head: u64) -> Option<u64> {
        let filter = self.installed.get_mut(&id)?;
        let before = filter.last_seen;
        filter.last_seen = head;
        Some(before)
    }

    /// After a revert to `head`, filters must not skip the blocks that will be mined again.
    pub fn rewind(&mut self, head: u64) {
        for filter in self.installed.values_mut() {
            filter.last_seen = filter.last_seen.min(head);
        }
    }
}
