//! Conversions from JSON-RPC request types to `devnode-evm` request types.

use alloy_primitives::TxKind;
use alloy_rpc_types_eth::{state::StateOverride as RpcStateOverride, TransactionRequest};
use devnode_evm::{AccessListEntry, AccountOverride, CallRequest, StateOverride};

use super::jsonrpc::RpcError;

/// `eth_call` / `eth_estimateGas` request to the executor's call request.
pub(crate) fn call_request(request: &TransactionRequest) -> Result<CallRequest, RpcError> {
    if request.gas_price.is_some() && request.max_fee_per_gas.is_some() {
        return Err(RpcError::invalid_params(
            "both gasPrice and maxFeePerGas specified",
        ));
    }
    if request.input.input.is_some()
        && request.input.data.is_some()
        && request.input.input != request.input.data
    {
        return Err(RpcError::invalid_params(
            "both \"data\" and \"input\" are set and not equal",
        ));
    }
    Ok(CallRequest {
        from: request.from,
        to: match request.to {
            Some(TxKind::Call(to)) => Some(to),
            Some(TxKind::Create) | None => None,
        },
        gas: request.gas,
        gas_price: request.gas_price.or(request.max_fee_per_gas),
        value: request.value,
        input: request.input.input().cloned().unwrap_or_default(),
        nonce: request.nonce,
        access_list: request
            .access_list
            .as_ref()
            .map(|list| {
                list.iter()
                    .map(|item| AccessListEntry {
                        address: item.address,
                        storage_keys: item.storage_keys.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// `eth_call` state overrides to the executor's overrides.
pub(crate) fn state_override(
    overrides: Option<RpcStateOverride>,
) -> Result<StateOverride, RpcError> {
    let mut out = StateOverride::new();
    for (address, account) in overrides.unwrap_or_default() {
        if account.state.is_some() && account.state_diff.is_some() {
            return Err(RpcError::invalid_params(format!(
                "account {address} has both 'state' and 'stateDiff'"
            )));
        }
        if account.move_precompile_to.is_some() {
            return Err(RpcError::invalid_params(
                "movePrecompileToAddress is not supported",
            ));
        }
        out.insert(
            address,
            AccountOverride {
                balance: account.balance,
                nonce: account.nonce,
                code: account.code,
                state: account.state.map(|s| s.into_iter().collect()),
                state_diff: account.state_diff.map(|s| s.into_iter().collect()),
            },
        );
    }
    Ok(out)
}
