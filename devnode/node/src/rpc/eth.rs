//! `eth_*` methods.

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, Bytes, B256, U256, U64};
use alloy_rpc_types_eth::{
    state::StateOverride as RpcStateOverride, FeeHistory, Filter, FilterBlockOption, Index,
    Log as RpcLog, TransactionRequest,
};
use devnode_evm::{BLOCK_GAS_LIMIT, MIN_BASE_FEE};
use serde_json::Value;

use super::{
    convert, errors,
    jsonrpc::{to_value, Params, RpcError, RpcResult},
    Api,
};
use crate::{
    chain::{Chain, FilterChanges, FilterKind},
    tx,
};

/// Most blocks one `eth_getLogs` may scan.
const MAX_LOG_RANGE: u64 = 100_000;
/// Most blocks one `eth_feeHistory` may cover.
const MAX_FEE_HISTORY: u64 = 1024;

/// Handles an `eth_*` method; `None` if the method is not one of them.
pub(super) fn handle(api: &Api, method: &str, p: &Params) -> Option<RpcResult> {
    let result = match method {
        "eth_chainId" => to_value(U64::from(api.chain().chain_id())),
        "eth_blockNumber" => to_value(U64::from(api.chain().latest_number())),
        "eth_gasPrice" => to_value(U256::from(MIN_BASE_FEE)),
        // Arbitrum ignores tips.
        "eth_maxPriorityFeePerGas" => to_value(U256::ZERO),
        "eth_blobBaseFee" => Err(RpcError::server("blob transactions are not supported")),
        "eth_feeHistory" => fee_history(api, p),
        "eth_accounts" => to_value(api.accounts.iter().map(|a| a.address).collect::<Vec<_>>()),
        "eth_coinbase" => to_value(Address::ZERO),
        "eth_syncing" | "eth_mining" => to_value(false),
        "eth_hashrate" => to_value(U64::ZERO),
        "eth_getBalance" => read_state(api, p, |state, address, _| {
            to_value(state.balance(&address))
        }),
        "eth_getCode" => read_state(api, p, |state, address, _| to_value(state.code(&address))),
        "eth_getTransactionCount" => transaction_count(api, p),
        "eth_getStorageAt" => storage_at(api, p),
        "eth_call" => call(api, p),
        "eth_estimateGas" => estimate_gas(api, p),
        "eth_sendRawTransaction" => send_raw_transaction(api, p),
        "eth_sendTransaction" => send_transaction(api, p),
        "eth_getTransactionByHash" => with_tx(api, p, |b, i| to_value(b.rpc_transaction(i))),
        "eth_getTransactionReceipt" => with_tx(api, p, |b, i| to_value(b.rpc_receipt(i))),
        "eth_getRawTransactionByHash" => with_tx(api, p, |b, i| {
            to_value(Bytes::from(
                alloy_eips::eip2718::Encodable2718::encoded_2718(&b.txs[i].envelope),
            ))
        }),
        "eth_getBlockByNumber" => block_by_number(api, p),
        "eth_getBlockByHash" => block_by_hash(api, p),
        "eth_getBlockReceipts" => block_receipts(api, p),
        "eth_getBlockTransactionCountByNumber" => {
            with_block_id(api, p, |b| to_value(U64::from(b.txs.len())))
        }
        "eth_getBlockTransactionCountByHash" => {
            with_block_id(api, p, |b| to_value(U64::from(b.txs.len())))
        }
        "eth_getTransactionByBlockNumberAndIndex" | "eth_getTransactionByBlockHashAndIndex" => {
            tx_by_block_and_index(api, p)
        }
        "eth_getUncleCountByBlockNumber" | "eth_getUncleCountByBlockHash" => to_value(U64::ZERO),
        "eth_getUncleByBlockNumberAndIndex" | "eth_getUncleByBlockHashAndIndex" => Ok(Value::Null),
        "eth_getLogs" => p
            .required::<Filter>(0)
            .and_then(|f| to_value(logs(&api.chain(), &f)?)),
        "eth_newFilter" => p.required::<Filter>(0).and_then(|f| {
            let mut chain = api.chain();
            let head = chain.latest_number();
            to_value(chain.filters().install(FilterKind::Logs(Box::new(f)), head))
        }),
        "eth_newBlockFilter" => install(api, FilterKind::Blocks),
        "eth_newPendingTransactionFilter" => install(api, FilterKind::PendingTransactions),
        "eth_uninstallFilter" => p
            .required::<U256>(0)
            .and_then(|id| to_value(api.chain().filters().uninstall(id))),
        "eth_getFilterChanges" => filter_changes(api, p),
        "eth_getFilterLogs" => filter_logs(api, p),
        _ => return None,
    };
    Some(result)
}

fn block_id(p: &Params, index: usize) -> RpcResult<BlockId> {
    Ok(p.optional::<BlockId>(index)?
        .unwrap_or(BlockId::Number(BlockNumberOrTag::Latest)))
}

fn read_state(
    api: &Api,
    p: &Params,
    read: impl FnOnce(&devnode_evm::State, Address, &Params) -> RpcResult,
) -> RpcResult {
    let address = p.required::<Address>(0)?;
    let at = block_id(p, 1)?;
    let chain = api.chain();
    let (state, _) = chain.state_at(at)?;
    read(state, address, p)
}

fn transaction_count(api: &Api, p: &Params) -> RpcResult {
    let address = p.required::<Address>(0)?;
    let at = block_id(p, 1)?;
    let chain = api.chain();
    if matches!(at, BlockId::Number(BlockNumberOrTag::Pending)) {
        return to_value(U64::from(chain.pending_nonce(&address)));
    }
    let (state, _) = chain.state_at(at)?;
    to_value(U64::from(state.nonce(&address)))
}

fn storage_at(api: &Api, p: &Params) -> RpcResult {
    let address = p.required::<Address>(0)?;
    let slot = p.required::<U256>(1)?;
    let at = block_id(p, 2)?;
    let chain = api.chain();
    let (state, _) = chain.state_at(at)?;
    to_value(B256::from(state.storage(&address, slot)))
}

fn call(api: &Api, p: &Params) -> RpcResult {
    let request = convert::call_request(&p.required::<TransactionRequest>(0)?)?;
    let at = block_id(p, 1)?;
    let overrides = convert::state_override(p.optional::<RpcStateOverride>(2)?)?;
    if p.optional::<Value>(3)?.is_some() {
        return Err(RpcError::invalid_params(
            "block overrides are not supported",
        ));
    }
    let outcome = api.chain().call(&request, at, &overrides)?;
    match errors::from_outcome(&outcome) {
        Some(error) => Err(error),
        None => to_value(outcome.output),
    }
}

fn estimate_gas(api: &Api, p: &Params) -> RpcResult {
    let request = convert::call_request(&p.required::<TransactionRequest>(0)?)?;
    let at = block_id(p, 1)?;
    let overrides = convert::state_override(p.optional::<RpcStateOverride>(2)?)?;
    to_value(U64::from(
        api.chain().estimate_gas(&request, at, &overrides)?,
    ))
}

fn send_raw_transaction(api: &Api, p: &Params) -> RpcResult {
    let raw = p.required::<Bytes>(0)?;
    let mut chain = api.chain();
    let tx = tx::decode_raw(&raw, chain.chain_id())?;
    let hash = chain.submit(tx)?;
    api.log_transaction(&chain, &hash);
    to_value(hash)
}

fn send_transaction(api: &Api, p: &Params) -> RpcResult {
    let request = p.required::<TransactionRequest>(0)?;
    let from = request
        .from
        .ok_or_else(|| RpcError::invalid_params("eth_sendTransaction needs a \"from\" address"))?;
    let account = api.account(&from);
    let mut chain = api.chain();
    if account.is_none() && !chain.is_impersonated(&from) {
        return Err(RpcError::server(format!(
            "no signer for {from}: not a dev account and not impersonated"
        )));
    }
    let pending = BlockId::Number(BlockNumberOrTag::Pending);
    let gas = match request.gas {
        Some(gas) => gas,
        None => {
            let estimate_request = convert::call_request(&request)?;
            chain.estimate_gas(&estimate_request, pending, &Default::default())?
        }
    };
    let defaults = tx::Defaults {
        chain_id: chain.chain_id(),
        nonce: chain.pending_nonce(&from),
        gas,
        base_fee: u128::from(MIN_BASE_FEE),
    };
    let unsigned = tx::build_unsigned(&request, &defaults)?;
    let signed = match account {
        Some(account) => tx::sign(unsigned, &account.signing_key(), from)?,
        None => tx::impersonated(unsigned, from),
    };
    let hash = chain.submit(signed)?;
    api.log_transaction(&chain, &hash);
    to_value(hash)
}

fn with_tx(
    api: &Api,
    p: &Params,
    view: impl FnOnce(&crate::chain::StoredBlock, usize) -> RpcResult,
) -> RpcResult {
    let hash = p.required::<B256>(0)?;
    let chain = api.chain();
    match chain.transaction(&hash) {
        Some((block, index)) => view(block, index),
        None => Ok(Value::Null),
    }
}

fn block_by_number(api: &Api, p: &Params) -> RpcResult {
    let tag = p.required::<BlockNumberOrTag>(0)?;
    let full = p.optional::<bool>(1)?.unwrap_or(false);
    let chain = api.chain();
    match chain.resolve_number(tag).and_then(|n| chain.block(n)) {
        Some(block) => to_value(block.to_rpc(full)),
        None => Ok(Value::Null),
    }
}

fn block_by_hash(api: &Api, p: &Params) -> RpcResult {
    let hash = p.required::<B256>(0)?;
    let full = p.optional::<bool>(1)?.unwrap_or(false);
    let chain = api.chain();
    match chain.block_by_hash(&hash) {
        Some(block) => to_value(block.to_rpc(full)),
        None => Ok(Value::Null),
    }
}

fn with_block_id(
    api: &Api,
    p: &Params,
    view: impl FnOnce(&crate::chain::StoredBlock) -> RpcResult,
) -> RpcResult {
    let id = p.required::<BlockId>(0)?;
    let chain = api.chain();
    match chain.resolve_id(id).and_then(|n| chain.block(n)) {
        Some(block) => view(block),
        None => Ok(Value::Null),
    }
}

fn block_receipts(api: &Api, p: &Params) -> RpcResult {
    with_block_id(api, p, |block| {
        to_value(
            (0..block.txs.len())
                .map(|i| block.rpc_receipt(i))
                .collect::<Vec<_>>(),
        )
    })
}

fn tx_by_block_and_index(api: &Api, p: &Params) -> RpcResult {
    let index = p.required::<Index>(1)?;
    with_block_id(api, p, |block| {
        let i: usize = index.into();
        if i < block.txs.len() {
            to_value(block.rpc_transaction(i))
        } else {
            Ok(Value::Null)
        }
    })
}

fn fee_history(api: &Api, p: &Params) -> RpcResult {
    let count = p.required::<U64>(0)?.to::<u64>().min(MAX_FEE_HISTORY);
    let newest = p.required::<BlockNumberOrTag>(1)?;
    let percentiles = p.optional::<Vec<f64>>(2)?;
    let chain = api.chain();
    let newest = chain
        .resolve_number(newest)
        .ok_or_else(|| RpcError::server("header not found"))?;
    if count == 0 {
        return to_value(FeeHistory::default());
    }
    let oldest = newest.saturating_sub(count - 1);
    let mut base_fees = Vec::new();
    let mut ratios = Vec::new();
    let mut rewards = Vec::new();
    for block in chain.blocks_in(oldest, newest) {
        base_fees.push(u128::from(
            block.header.base_fee_per_gas.unwrap_or(MIN_BASE_FEE),
        ));
        ratios.push(block.header.gas_used as f64 / BLOCK_GAS_LIMIT as f64);
        if let Some(percentiles) = &percentiles {
            // Arbitrum pays no tips: every percentile of every block is zero.
            rewards.push(vec![0u128; percentiles.len()]);
        }
    }
    // The base fee of the block after `newest`.
    base_fees.push(u128::from(MIN_BASE_FEE));
    to_value(FeeHistory {
        base_fee_per_gas: base_fees,
        gas_used_ratio: ratios,
        base_fee_per_blob_gas: Vec::new(),
        blob_gas_used_ratio: Vec::new(),
        oldest_block: oldest,
        reward: percentiles.map(|_| rewards),
    })
}

/// Logs matching `filter` among the mined blocks.
fn logs(chain: &Chain, filter: &Filter) -> RpcResult<Vec<RpcLog>> {
    let blocks: Vec<&crate::chain::StoredBlock> = match &filter.block_option {
        FilterBlockOption::AtBlockHash(hash) => match chain.block_by_hash(hash) {
            Some(block) => vec![block],
            None => return Err(RpcError::server("unknown block")),
        },
        FilterBlockOption::Range {
            from_block,
            to_block,
        } => {
            let resolve = |tag: Option<BlockNumberOrTag>| {
                let tag = tag.unwrap_or(BlockNumberOrTag::Latest);
                match tag {
                    // A range past the head is empty, not an error.
                    BlockNumberOrTag::Number(n) => n,
                    other => chain.resolve_number(other).unwrap_or(0),
                }
            };
            let from = resolve(*from_block);
            let to = resolve(*to_block).min(chain.latest_number());
            if from > to {
                return Ok(Vec::new());
            }
            if to - from > MAX_LOG_RANGE {
                return Err(RpcError::server(format!(
                    "query exceeds the maximum range of {MAX_LOG_RANGE} blocks"
                )));
            }
            chain.blocks_in(from, to).collect()
        }
    };
    Ok(blocks
        .into_iter()
        .filter(|block| filter.matches_bloom(block.header.logs_bloom))
        .flat_map(|block| block.all_rpc_logs())
        .filter(|log| filter.matches(&log.inner))
        .collect())
}

fn install(api: &Api, kind: FilterKind) -> RpcResult {
    let mut chain = api.chain();
    let head = chain.latest_number();
    to_value(chain.filters().install(kind, head))
}

fn filter_changes(api: &Api, p: &Params) -> RpcResult {
    let id = p.required::<U256>(0)?;
    let mut chain = api.chain();
    let head = chain.latest_number();
    let kind = chain
        .filters()
        .kind(id)
        .ok_or_else(|| RpcError::server("filter not found"))?;
    let seen = chain
        .filters()
        .advance(id, head)
        .ok_or_else(|| RpcError::server("filter not found"))?;
    let changes = match kind {
        FilterKind::Blocks => {
            FilterChanges::Hashes(chain.blocks_in(seen + 1, head).map(|b| b.hash).collect())
        }
        FilterKind::PendingTransactions => FilterChanges::Hashes(Vec::new()),
        FilterKind::Logs(filter) => {
            let window = (*filter).clone().from_block(seen + 1).to_block(head);
            let logs = if seen >= head {
                Vec::new()
            } else {
                logs(&chain, &window)?
            };
            FilterChanges::Logs(logs)
        }
    };
    match changes {
        FilterChanges::Hashes(hashes) => to_value(hashes),
        FilterChanges::Logs(logs) => to_value(logs),
    }
}

fn filter_logs(api: &Api, p: &Params) -> RpcResult {
    let id = p.required::<U256>(0)?;
    let mut chain = api.chain();
    match chain.filters().kind(id) {
        Some(FilterKind::Logs(filter)) => to_value(logs(&chain, &filter)?),
        Some(_) => Err(RpcError::server("filter is not a log filter")),
        None => Err(RpcError::server("filter not found")),
    }
}
