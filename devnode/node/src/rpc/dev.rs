//! Development methods of anvil and hardhat: snapshots, time travel, mining, state edits and
//! impersonation. (`nitro --dev` has none of these; tests that must also run there avoid them.)

use alloy_primitives::{Address, Bytes, B256, U256, U64};
use serde::Deserialize;
use serde_json::Value;

use super::{
    jsonrpc::{to_value, Params, RpcError, RpcResult},
    Api,
};

/// Most blocks one `anvil_mine` may mine.
const MAX_MINE: u64 = 100_000;

/// `evm_mine`'s optional parameter: a timestamp, or `{timestamp, blocks}` as anvil accepts.
#[derive(Deserialize)]
#[serde(untagged)]
enum MineParam {
    Timestamp(U64),
    Options {
        timestamp: Option<U64>,
        blocks: Option<U64>,
    },
}

/// Handles a development method; `None` if the method is not one of them.
pub(super) fn handle(api: &Api, method: &str, p: &Params) -> Option<RpcResult> {
    let method = method
        .strip_prefix("hardhat_")
        .or_else(|| method.strip_prefix("anvil_"))
        .map(|rest| format!("anvil_{rest}"))
        .unwrap_or_else(|| method.to_string());
    let result = match method.as_str() {
        "evm_snapshot" | "anvil_snapshot" => to_value(U256::from(api.chain().snapshot())),
        "evm_revert" | "anvil_revert" => p.required::<U256>(0).and_then(|id| {
            let id = u64::try_from(id).unwrap_or(u64::MAX);
            to_value(api.chain().revert(id))
        }),
        "evm_mine" => evm_mine(api, p),
        "anvil_mine" => anvil_mine(api, p),
        "evm_increaseTime" | "anvil_increaseTime" => p
            .required::<U64>(0)
            .and_then(|secs| to_value(api.chain().increase_time(secs.to::<u64>()))),
        "evm_setNextBlockTimestamp" | "anvil_setNextBlockTimestamp" => {
            p.required::<U64>(0).and_then(|ts| {
                api.chain().set_next_timestamp(ts.to::<u64>())?;
                Ok(Value::Null)
            })
        }
        "evm_setAutomine" | "anvil_setAutomine" => p.required::<bool>(0).and_then(|on| {
            let mut chain = api.chain();
            if on {
                // Pending transactions are mined before switching back.
                chain.mine(None)?;
            }
            chain.set_automine(on);
            Ok(Value::Null)
        }),
        "anvil_getAutomine" => to_value(api.chain().automine()),
        "anvil_setBalance" => set(api, p, |state, address, value: U256| {
            state.set_balance(address, value)
        }),
        "anvil_setNonce" => set(api, p, |state, address, value: U64| {
            state.set_nonce(address, value.to::<u64>())
        }),
        "anvil_setCode" => set(api, p, |state, address, code: Bytes| {
            state.set_code(address, code)
        }),
        "anvil_setStorageAt" => set_storage(api, p),
        "anvil_impersonateAccount" => impersonate(api, p, true),
        "anvil_stopImpersonatingAccount" => impersonate(api, p, false),
        "anvil_autoImpersonateAccount" => p.required::<bool>(0).map(|on| {
            api.chain().set_auto_impersonate(on);
            Value::Null
        }),
        _ => return None,
    };
    Some(result)
}

fn evm_mine(api: &Api, p: &Params) -> RpcResult {
    let (timestamp, blocks) = match p.optional::<MineParam>(0)? {
        None => (None, 1),
        Some(MineParam::Timestamp(ts)) => (Some(ts.to::<u64>()), 1),
        Some(MineParam::Options { timestamp, blocks }) => (
            timestamp.map(|t| t.to::<u64>()),
            blocks.map_or(1, |b| b.to::<u64>()),
        ),
    };
    mine_blocks(api, blocks, timestamp, 0)?;
    to_value("0x0")
}

fn anvil_mine(api: &Api, p: &Params) -> RpcResult {
    let blocks = p.optional::<U64>(0)?.map_or(1, |b| b.to::<u64>());
    let interval = p.optional::<U64>(1)?.map_or(0, |i| i.to::<u64>());
    mine_blocks(api, blocks, None, interval)?;
    Ok(Value::Null)
}

fn mine_blocks(
    api: &Api,
    blocks: u64,
    first_timestamp: Option<u64>,
    interval: u64,
) -> RpcResult<()> {
    if blocks > MAX_MINE {
        return Err(RpcError::invalid_params(format!(
            "at most {MAX_MINE} blocks per call"
        )));
    }
    let mut chain = api.chain();
    for i in 0..blocks {
        let timestamp = match (i, first_timestamp) {
            (0, ts) => ts,
            _ if interval > 0 => Some(chain.latest().header.timestamp.saturating_add(interval)),
            _ => None,
        };
        chain.mine(timestamp)?;
    }
    Ok(())
}

fn set<T: serde::de::DeserializeOwned + Clone>(
    api: &Api,
    p: &Params,
    apply: impl Fn(&mut devnode_evm::State, Address, T),
) -> RpcResult {
    let address = p.required::<Address>(0)?;
    let value = p.required::<T>(1)?;
    // Applied to the latest state and to the block being built, if any.
    api.chain()
        .modify_state(|state| apply(state, address, value.clone()));
    to_value(true)
}

fn set_storage(api: &Api, p: &Params) -> RpcResult {
    let address = p.required::<Address>(0)?;
    let slot = p.required::<U256>(1)?;
    let value = p.required::<B256>(2)?;
    api.chain()
        .modify_state(|state| state.set_storage(address, slot, U256::from_be_bytes(value.0)));
    to_value(true)
}

fn impersonate(api: &Api, p: &Params, on: bool) -> RpcResult {
    let address = p.required::<Address>(0)?;
    api.chain().set_impersonated(address, on);
    Ok(Value::Null)
}
