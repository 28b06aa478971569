//! `debug_traceTransaction` with Nitro's `stylusTracer`: the transaction's Stylus hostios as a
//! JSON array of `{name, args, outs, startInk, endInk}` records, calls and nested frames with
//! `address` and `steps` (see `devnode-evm`'s trace module). It is the only tracer the devnode
//! has; any other (geth's default struct logger included) is refused.

use alloy_primitives::{hex, B256};
use devnode_evm::HostioRecord;
use serde_json::{json, Map, Value};

use super::{
    jsonrpc::{Params, RpcError, RpcResult},
    Api,
};

/// The one tracer the devnode implements.
const STYLUS_TRACER: &str = "stylusTracer";

/// Handles a `debug_*` method; `None` if the method is not one of them.
pub(super) fn handle(api: &Api, method: &str, p: &Params) -> Option<RpcResult> {
    match method {
        "debug_traceTransaction" => Some(trace_transaction(api, p)),
        _ => None,
    }
}

fn trace_transaction(api: &Api, p: &Params) -> RpcResult {
    p.at_most(2)?;
    let hash = p.required::<B256>(0)?;
    let options = p.optional::<Map<String, Value>>(1)?.unwrap_or_default();
    match options.get("tracer") {
        Some(Value::String(name)) if name == STYLUS_TRACER => {}
        Some(Value::String(name)) => {
            return Err(RpcError::invalid_params(format!(
                "tracer {name:?} is not supported: the devnode implements only {STYLUS_TRACER}"
            )))
        }
        Some(_) => return Err(RpcError::invalid_params("tracer must be a string")),
        None => {
            return Err(RpcError::invalid_params(format!(
                "the default (struct log) tracer is not supported: pass {{\"tracer\": \"{STYLUS_TRACER}\"}}"
            )))
        }
    }
    let trace = api.chain().trace_transaction(&hash)?;
    Ok(records_json(&trace.hostios))
}

/// Nitro's `HostioTraceInfo` list as JSON.
fn records_json(records: &[HostioRecord]) -> Value {
    Value::Array(records.iter().map(record_json).collect())
}

fn record_json(record: &HostioRecord) -> Value {
    let mut out = json!({
        "name": record.name,
        "args": hex::encode_prefixed(&record.args),
        "outs": hex::encode_prefixed(&record.outs),
        "startInk": record.start_ink,
        "endInk": record.end_ink,
    });
    if let Some(address) = record.address {
        out["address"] = Value::String(format!("{address:#x}"));
    }
    if let Some(steps) = &record.steps {
        out["steps"] = records_json(steps);
    }
    out
}
