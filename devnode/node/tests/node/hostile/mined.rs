//! Transactions that are mined, and fail.

use alloy::primitives::{Bytes, TxKind, B256, U256};
use serde_json::{json, Value};

use super::{
    generator::Generator,
    http::Conn,
    snapshot::{hex_u256, hex_u64},
    tx::TxSpec,
    world::store_calldata,
};

pub(super) struct Mined {
    pub(super) hash: B256,
    pub(super) block_hash: Value,
    pub(super) fee: U256,
}

/// Sends a transaction of account 2 that is valid but fails in execution: out of gas in the
/// EVM contract, a trap in a Stylus program, out of ink in a Stylus store. Checks its receipt
/// and the storage it touched.
pub(super) fn send_failing(
    conn: &mut Conn,
    gen: &mut Generator,
    head: u64,
    context: &str,
) -> Mined {
    let w = gen.world;
    let key = gen.keys[2].clone();
    let mut spec = TxSpec::transfer(gen.nonces[2]);
    spec.kind = *gen.rng.pick(&[0, 1, 2]);
    spec.value = U256::ZERO;
    let which = gen.rng.below(3);
    match which {
        0 => {
            spec.to = TxKind::Call(w.evm);
            spec.input = Bytes::from(gen.rng.bytes(32));
            spec.gas_limit = gen.rng.range(30_000, 200_000);
        }
        1 => {
            spec.to = TxKind::Call(w.trap);
            spec.gas_limit = 300_000;
        }
        _ => {
            spec.to = TxKind::Call(w.store);
            spec.input = store_calldata(1, w.key, B256::from(U256::from(gen.rng.next())));
            spec.gas_limit = gen.rng.range(23_000, 26_000);
        }
    }
    let (raw, hash) = spec.sign(&key);
    let body = json!({"jsonrpc": "2.0", "id": "mined", "method": "eth_sendRawTransaction",
                      "params": [alloy::primitives::hex::encode_prefixed(&raw)]});
    let reply = conn
        .post(body.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("{context}: {e}"));
    let answer = reply.json();
    assert_eq!(
        answer["result"],
        json!(hash),
        "{context}: a valid transaction that fails in execution is accepted: {answer}"
    );
    let receipt = conn.call("eth_getTransactionReceipt", json!([hash]));
    assert_eq!(
        receipt["status"],
        json!("0x0"),
        "{context}: mined as a failure: {receipt}"
    );
    assert_eq!(hex_u64(&receipt["blockNumber"]), head + 1, "{context}");
    let gas_used = hex_u64(&receipt["gasUsed"]);
    match which {
        0 => assert_eq!(
            gas_used, spec.gas_limit,
            "{context}: out of gas spends it all"
        ),
        _ => assert!(gas_used <= spec.gas_limit, "{context}"),
    }
    let fee = U256::from(gas_used) * hex_u256(&receipt["effectiveGasPrice"]);
    gen.nonces[2] += 1;
    gen.balances[2] -= fee;
    gen.mined_raw.push(Bytes::from(raw));
    Mined {
        hash,
        block_hash: receipt["blockHash"].clone(),
        fee,
    }
}
