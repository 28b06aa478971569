//! Snapshots: through RPC, field by field, and through the state dump.

use std::{collections::BTreeMap, path::PathBuf, str::FromStr};

use alloy::primitives::{Address, U256};
use serde_json::{json, Value};
use stylus_devnode::NodeHandle;

use super::{http::Conn, world::World};

/// Every field the node reports about `world`, by a label naming it.
pub(super) fn rpc_snapshot(conn: &mut Conn, world: &World) -> BTreeMap<String, Value> {
    let mut snap = BTreeMap::new();
    let head = conn.call("eth_blockNumber", json!([]));
    let head_number = u64::from_str_radix(head.as_str().unwrap().trim_start_matches("0x"), 16)
        .expect("a hex block number");
    snap.insert("blockNumber".into(), head);
    for address in &world.watched {
        for (label, method, tag) in [
            ("balance", "eth_getBalance", "latest"),
            ("nonce", "eth_getTransactionCount", "latest"),
            ("pending nonce", "eth_getTransactionCount", "pending"),
            ("code", "eth_getCode", "latest"),
        ] {
            snap.insert(
                format!("{label} of {address}"),
                conn.call(method, json!([address, tag])),
            );
        }
    }
    let slots = [
        (world.evm, U256::ZERO),
        (world.evm, U256::from(1)),
        (world.evm, U256::from(2)),
        (world.store, U256::from_be_bytes(world.key.0)),
        (world.store, U256::from(1)),
    ];
    for (address, slot) in slots {
        snap.insert(
            format!("storage {slot:#x} of {address}"),
            conn.call("eth_getStorageAt", json!([address, slot, "latest"])),
        );
    }
    for number in 0..=head_number {
        let block = conn.call(
            "eth_getBlockByNumber",
            json!([format!("{number:#x}"), true]),
        );
        for tx in block["transactions"].as_array().unwrap() {
            let hash = tx["hash"].clone();
            snap.insert(
                format!("receipt {hash}"),
                conn.call("eth_getTransactionReceipt", json!([hash])),
            );
        }
        snap.insert(format!("block {number}"), block);
    }
    snap.insert(
        "latest block".into(),
        conn.call("eth_getBlockByNumber", json!(["latest", false])),
    );
    snap
}

pub(super) fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "stylus-devnode-hostile-{}-{name}.json",
        std::process::id()
    ))
}

pub(super) fn dump(node: &NodeHandle, name: &str) -> Value {
    let path = temp_path(name);
    node.dump_state(&path).expect("the state is dumped");
    let value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    std::fs::remove_file(&path).ok();
    value
}

/// Paths where `a` and `b` differ (at most 20).
fn differences(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    if out.len() >= 20 {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (u, v) = (
                    x.get(key).unwrap_or(&Value::Null),
                    y.get(key).unwrap_or(&Value::Null),
                );
                if !x.contains_key(key) || !y.contains_key(key) {
                    out.push(format!("{path}.{key}: {u} vs {v}"));
                } else {
                    differences(&format!("{path}.{key}"), u, v, out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                differences(&format!("{path}[{i}]"), u, v, out);
            }
        }
        _ if a != b => {
            let show = |v: &Value| {
                let s = v.to_string();
                if s.len() > 200 {
                    format!("{}… ({} chars)", &s[..200], s.len())
                } else {
                    s
                }
            };
            out.push(format!("{path}: {} vs {}", show(a), show(b)));
        }
        _ => {}
    }
}

pub(super) fn assert_same(what: &str, expected: &Value, actual: &Value, context: &str) {
    let mut diffs = Vec::new();
    differences("", expected, actual, &mut diffs);
    assert!(
        diffs.is_empty(),
        "{context}: {what} differs (expected vs actual):\n  {}",
        diffs.join("\n  ")
    );
}

/// The dump's account entry for `address` (keys are hex addresses, case aside).
pub(super) fn dump_account<'a>(dump: &'a mut Value, address: &Address) -> &'a mut Value {
    let accounts = dump["data"]["state"]["accounts"]
        .as_object_mut()
        .expect("the dump lists accounts by address");
    let key = accounts
        .keys()
        .find(|k| Address::from_str(k).ok() == Some(*address))
        .cloned()
        .unwrap_or_else(|| panic!("{address} is in the dump"));
    accounts.get_mut(&key).unwrap()
}

pub(super) fn hex_u64(value: &Value) -> u64 {
    u64::from_str_radix(
        value
            .as_str()
            .expect("a hex quantity")
            .trim_start_matches("0x"),
        16,
    )
    .expect("a hex quantity")
}

pub(super) fn hex_u256(value: &Value) -> U256 {
    U256::from_str(value.as_str().expect("a hex quantity")).expect("a hex quantity")
}
