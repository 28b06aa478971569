//! `net_*` and `web3_*` methods.

use alloy_primitives::{keccak256, Bytes};

use super::{
    jsonrpc::{to_value, Params, RpcResult},
    Api,
};

/// The client version string `web3_clientVersion` reports.
pub(crate) const CLIENT_VERSION: &str = concat!("stylus-devnode/v", env!("CARGO_PKG_VERSION"));

/// Handles a `net_*`/`web3_*` method; `None` if the method is not one of them.
pub(super) fn handle(api: &Api, method: &str, params: &Params) -> Option<RpcResult> {
    let result = match method {
        "net_version" => params
            .at_most(0)
            .and_then(|_| to_value(api.chain().chain_id().to_string())),
        "net_listening" => params.at_most(0).and_then(|_| to_value(true)),
        "net_peerCount" => params.at_most(0).and_then(|_| to_value("0x0")),
        "web3_clientVersion" => params.at_most(0).and_then(|_| to_value(CLIENT_VERSION)),
        "web3_sha3" => params
            .required::<Bytes>(0)
            .and_then(|data| to_value(keccak256(&data))),
        _ => return None,
    };
    Some(result)
}
