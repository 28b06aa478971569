//! Tracing a mined transaction again, as Nitro's `debug_traceTransaction` does: in its block,
//! on the state the block started from, after the block's earlier transactions.

use alloy_eips::BlockId;
use alloy_primitives::B256;
use devnode_evm::TxTrace;

use super::Chain;
use crate::rpc::{errors::from_evm, jsonrpc::RpcError};

impl Chain {
    /// Executes the mined transaction `hash` again with every Stylus hostio traced.
    ///
    /// The state a block started from is the state kept for its parent (the node keeps the last
    /// 128); a transaction in an older block gets an error. The re-execution must reproduce the
    /// stored outcome (status, gas, output, logs), or the trace is refused: it would not be the
    /// trace of the transaction that was mined (a dev state edit made while the block was open,
    /// with `--block-time`, can cause that).
    pub fn trace_transaction(&self, hash: &B256) -> Result<TxTrace, RpcError> {
        let (block, index) = self
            .transaction(hash)
            .ok_or_else(|| RpcError::server(format!("transaction {hash} not found")))?;
        let number = block.number();
        let parent = number
            .checked_sub(1)
            .ok_or_else(|| RpcError::internal("the genesis block holds no transactions"))?;
        let (start, _) = self.state_at(BlockId::number(parent))?;
        let info = self.block_info_of(number);
        let mut state = start.clone();
        for earlier in &block.txs[..index] {
            self.executor
                .transact(&mut state, &info, &earlier.request())
                .map_err(from_evm)?;
        }
        let mined = &block.txs[index];
        let (outcome, trace) = self
            .executor
            .trace(&state, &info, &mined.request())
            .map_err(from_evm)?;
        if outcome != mined.outcome {
            return Err(RpcError::internal(format!(
                "executing transaction {hash} again gave another result ({} gas, mined with {}): \
                 its block's starting state was edited while the block was open",
                outcome.gas_used, mined.outcome.gas_used
            )));
        }
        Ok(trace)
    }
}
