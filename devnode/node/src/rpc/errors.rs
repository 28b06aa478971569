//! Mapping of `devnode-evm` errors and outcomes to JSON-RPC errors, worded as geth words them
//! (clients match on these messages).

use devnode_evm::{Error as EvmError, ExecStatus, Outcome};

use super::jsonrpc::RpcError;

/// The JSON-RPC error for an executor error.
pub(crate) fn from_evm(error: EvmError) -> RpcError {
    match error {
        EvmError::Reverted { output } => {
            RpcError::reverted(&output, alloy_sol_types::decode_revert_reason(&output))
        }
        EvmError::InvalidRequest(message) => RpcError::invalid_params(message),
        EvmError::Internal(message) => RpcError::internal(message),
        other => RpcError::server(other.to_string()),
    }
}

/// The JSON-RPC error for a call that did not succeed (`None` when it succeeded).
pub(crate) fn from_outcome(outcome: &Outcome) -> Option<RpcError> {
    match &outcome.status {
        ExecStatus::Success => None,
        ExecStatus::Revert => Some(RpcError::reverted(
            &outcome.output,
            alloy_sol_types::decode_revert_reason(&outcome.output),
        )),
        ExecStatus::Halt(reason) => Some(RpcError::server(format!("execution failed: {reason}"))),
    }
}
