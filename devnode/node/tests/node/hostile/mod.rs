//! The node under hostile input (issue 9): thousands of generated malformed JSON-RPC requests,
//! oversized bodies, invalid and replayed transactions, and failing executions. Every rejected
//! request gets a JSON-RPC error (or, for bodies the node will not read, a clean HTTP error), the
//! node keeps serving, and what it keeps (balances, nonces, code, storage, blocks, the state
//! dump) is unchanged, except by the transactions that are legitimately mined as failures.
//!
//! The requests come from a seeded xorshift generator. The seed is printed at the start of the
//! storm and in every failure message; `HOSTILE_SEED=<seed>` replays a run,
//! `HOSTILE_REQUESTS=<n>` changes the number of requests.

mod generator;
mod http;
mod mined;
mod rng;
mod snapshot;
mod tx;
mod world;

use std::{
    collections::BTreeMap,
    io::Write,
    net::{SocketAddr, TcpStream},
    str::FromStr,
    time::{Duration, Instant},
};

use alloy::{
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol,
    sol_types::SolCall,
};
use serde_json::{json, Value};
use stylus_devnode::{spawn, NodeConfig};

use self::{
    generator::{check, shorten, Expect, Generator, TX_REJECTED},
    http::{read_reply, Conn},
    mined::{send_failing, Mined},
    rng::Rng,
    snapshot::{assert_same, dump, dump_account, hex_u256, hex_u64, rpc_snapshot, temp_path},
    world::{store_calldata, world},
};
use crate::{
    common::{mined, plain_provider, signer, wallet_provider},
    stylus::ARB_WASM,
};

sol! {
    function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
    function codehashVersion(bytes32 codehash) external view returns (uint16 version);
}

/// Base fee of the dev chain (0.1 gwei).
const BASE_FEE: u128 = 100_000_000;
/// Chain id of the dev chain.
const CHAIN_ID: u64 = 412_346;
/// The node's request body limit (`server::MAX_BODY_BYTES`).
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Most requests in a batch, as on geth (`jsonrpc::MAX_BATCH_REQUESTS`).
const MAX_BATCH: usize = 1000;
/// Most bytes of answers to a batch, as on geth (`jsonrpc::MAX_BATCH_RESPONSE_BYTES`).
const MAX_BATCH_RESPONSE: usize = 25_000_000;
/// Hostile requests sent by default.
const DEFAULT_REQUESTS: usize = 10_500;
/// No single answer may take longer than this; a longer wait is a hang.
const HANG: Duration = Duration::from_secs(60);

/// EVM contract: the constructor stores 42 at slot 0 and 7 at slot 1; every call stores its
/// first calldata word at slot 1 and then loops until it runs out of gas, so the store is always
/// undone.
const SPIN_INITCODE: &str = "602a6000556007600155600a8060156000396000f36000356001555b600656";

// ---------------------------------------------------------------------------------------------
// The tests.

fn seed() -> u64 {
    std::env::var("HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
}

/// Sends a body with a declared length and as many bytes as given; returns the status, or the
/// error that ended the exchange.
fn oversized(addr: SocketAddr, head: &str, body: &[u8]) -> Result<u16, String> {
    let mut conn = Conn::new(addr);
    let stream = conn.stream();
    stream
        .get_mut()
        .write_all(head.as_bytes())
        .map_err(|e| e.to_string())?;
    // The node may answer (and close) before the body is all sent: a failed write is fine as
    // long as the answer can be read.
    let _ = stream.get_mut().write_all(body);
    read_reply(stream)
        .map(|r| r.status)
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn hostile_requests_get_errors_and_leave_the_state_alone() {
    let started = Instant::now();
    let world = world().await;
    let setup = started.elapsed();
    let seed = seed();
    let requests: usize = std::env::var("HOSTILE_REQUESTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_REQUESTS);
    println!("hostile: seed {seed} (replay with HOSTILE_SEED={seed}), {requests} requests");
    let addr = world.node.addr();
    let mut conn = Conn::new(addr);

    let before = rpc_snapshot(&mut conn, &world);
    let dump_before = dump(&world.node, "before");
    let head_before = hex_u64(&before["blockNumber"]);

    // A connection stuck in the middle of its headers and one in the middle of its body stay
    // open through the storm; neither may hold the others up.
    let mut stuck_head = TcpStream::connect(addr).unwrap();
    stuck_head
        .write_all(b"POST / HTTP/1.1\r\nHost: no")
        .unwrap();
    let mut stuck_body = TcpStream::connect(addr).unwrap();
    stuck_body
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"id\":")
        .unwrap();

    let keys: Vec<PrivateKeySigner> = (0..4).map(|i| signer(&world.node, i)).collect();
    let mut nonces = Vec::new();
    let mut balances = Vec::new();
    for key in &keys {
        nonces.push(hex_u64(&before[&format!("nonce of {}", key.address())]));
        balances.push(hex_u256(&before[&format!("balance of {}", key.address())]));
    }
    let mut gen = Generator {
        rng: Rng::new(seed),
        world: &world,
        keys,
        nonces,
        balances,
        next_id: 0,
        mined_raw: world.mined_raw.clone(),
    };

    // Per kind: bodies sent, time spent generating them, time spent sending and checking.
    let mut counts: BTreeMap<&'static str, (usize, Duration, Duration)> = BTreeMap::new();
    let mut batch_items = 0usize;
    let mut failed_mined: Vec<Mined> = Vec::new();
    let mut wrong: Vec<String> = Vec::new();
    let storm = Instant::now();
    for i in 0..requests {
        // Now and then: a transaction that is valid but fails in execution (it is mined), and
        // a read that must still give the expected answer.
        if i % 500 == 250 {
            let head = head_before + failed_mined.len() as u64;
            let context = format!("seed {seed}, request {i}, mined failure");
            failed_mined.push(send_failing(&mut conn, &mut gen, head, &context));
        }
        if i % 1000 == 999 {
            let head = conn.call("eth_blockNumber", json!([]));
            assert_eq!(
                hex_u64(&head),
                head_before + failed_mined.len() as u64,
                "seed {seed}, request {i}"
            );
        }
        let generated = Instant::now();
        let (kind, body, expect) = gen.case();
        let generating = generated.elapsed();
        let answered = Instant::now();
        if let Expect::Batch(items) = &expect {
            batch_items += items.len();
        }
        let context = || format!("seed {seed}, request {i} ({kind}): {}", shorten(&body));
        let reply = conn
            .post(&body)
            .unwrap_or_else(|e| panic!("{}: no answer: {e}", context()));
        assert_eq!(reply.status, 200, "{}", context());
        assert!(!reply.close, "{}: the connection is kept", context());
        // A wrong answer is recorded and the storm goes on, so one run lists every kind of
        // wrong answer (up to 20); the test fails at the end of the storm.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match &expect {
            Expect::Nothing => assert!(
                reply.body.is_empty(),
                "{}: notifications get no answer: {}",
                context(),
                shorten(&reply.body)
            ),
            _ => check(&expect, &reply.json(), &context),
        }));
        let entry = counts.entry(kind).or_default();
        entry.0 += 1;
        entry.1 += generating;
        entry.2 += answered.elapsed();
        if let Err(panic) = checked {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            wrong.push(message);
            if wrong.len() >= 20 {
                break;
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "seed {seed}: {} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    let storm_time = storm.elapsed();
    assert_eq!(
        conn.opened, 1,
        "seed {seed}: one keep-alive connection served the storm"
    );

    // HTTP-level abuse, each on its own connection.
    let mut http_cases = 0;
    let head = |len: &str| {
        format!("POST / HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\n{len}\r\n")
    };
    // Declared far beyond the limit, body never sent: refused at once, without waiting for it.
    for declared in [MAX_BODY as u64 + 1, 1 << 40, u64::MAX] {
        let status = oversized(
            addr,
            &head(&format!("Content-Length: {declared}\r\n")),
            b"{}",
        );
        // hyper itself refuses a length it cannot represent (431, as it reports a header it
        // cannot take); the node refuses the others.
        let refused = if declared == u64::MAX { 431 } else { 413 };
        assert_eq!(status, Ok(refused), "declared length {declared}");
        http_cases += 1;
    }
    // Actually sent: one byte over the limit, with a length and chunked.
    let big = {
        let mut body = b"[".to_vec();
        body.resize(MAX_BODY + 1, b' ');
        body
    };
    let status = oversized(
        addr,
        &head(&format!("Content-Length: {}\r\n", big.len())),
        &big,
    );
    assert_eq!(status, Ok(413), "a body one byte over the limit");
    http_cases += 1;
    let mut chunked = Vec::new();
    for chunk in big.chunks(1 << 20) {
        chunked.extend(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend(chunk);
        chunked.extend(b"\r\n");
    }
    chunked.extend(b"0\r\n\r\n");
    let status = oversized(addr, &head("Transfer-Encoding: chunked\r\n"), &chunked);
    assert_eq!(status, Ok(413), "a chunked body over the limit");
    http_cases += 1;
    // Exactly at the limit: read and answered.
    let mut at_limit = br#"{"jsonrpc":"2.0","id":"big","method":"eth_blockNumber"}"#.to_vec();
    at_limit.resize(MAX_BODY, b' ');
    let reply = Conn::new(addr).post(&at_limit).expect("an answer");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["id"], json!("big"));
    http_cases += 1;
    // Not POST, not HTTP.
    for (request, status) in [
        (&b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"[..], 405),
        (
            b"PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
            405,
        ),
        (b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        (b"HELLO\r\n\r\n", 400),
        (b"POST / HTTP/1.1\r\nContent-Length: zz\r\n\r\n", 400),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            400,
        ),
        (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 400),
    ] {
        let reply = Conn::new(addr).exchange(request);
        assert_eq!(
            reply.as_ref().map(|r| r.status).map_err(|e| e.to_string()),
            Ok(status),
            "{}",
            shorten(request)
        );
        http_cases += 1;
    }
    // Batches whose answers would exceed the size limit: the calls past it are not run and get
    // -32003 "response too large" (each answer here is 1 MiB of returned memory, hex-encoded).
    let returns_a_mebibyte = "0x621000006000f3"; // PUSH3 0x100000 PUSH1 0 RETURN
    let calls: Vec<Value> = (0..20)
        .map(|i| {
            json!({"jsonrpc": "2.0", "id": i, "method": "eth_call", "params": [
                {"to": "0x00000000000000000000000000000000000000e1", "gas": "0x1c9c380"},
                "latest",
                {"0x00000000000000000000000000000000000000e1": {"code": returns_a_mebibyte}}
            ]})
        })
        .collect();
    let reply = conn.post(json!(calls).to_string().as_bytes()).unwrap();
    let answers = reply.json();
    let answers = answers.as_array().expect("a batch answer");
    assert_eq!(answers.len(), 20);
    let each = serde_json::to_vec(&answers[0]).unwrap().len();
    assert!(each > 2 << 20, "the first call ran: {each} bytes");
    let answered = MAX_BATCH_RESPONSE / each + 1;
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(answer["id"], json!(i));
        if i < answered {
            let result = answer["result"].as_str().unwrap_or_default();
            assert_eq!(result.len(), 2 + (2 << 20), "answer {i}");
        } else {
            assert_eq!(answer["error"]["code"], json!(-32003), "answer {i}");
        }
    }
    http_cases += 1;
    // A body full of cheap calls, far more than a batch may hold: refused at once.
    let many = format!(
        "[{}]",
        vec![r#"{"jsonrpc":"2.0","id":"x","method":"eth_getBlockByNumber","params":["latest",true]}"#; 30_000].join(",")
    );
    let answer = conn.post(many.as_bytes()).unwrap().json();
    assert_eq!(answer[0]["error"]["code"], json!(-32600), "{answer}");
    assert_eq!(answer.as_array().map(Vec::len), Some(1));
    http_cases += 1;

    // Pipelined: three requests in one write, answered in order on the same connection.
    let mut pipelined = Conn::new(addr);
    let mut bytes = Vec::new();
    let bodies = [
        r#"{"jsonrpc":"2.0","id":1,"method":"eth_nope"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"eth_sendRawTransaction","params":["0x02"]}"#,
        r#"{"jsonrpc":"2.0","id":3,"method":"#,
    ];
    for body in bodies {
        bytes.extend(
            format!(
                "POST / HTTP/1.1\r\nHost: node\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        );
    }
    let stream = pipelined.stream();
    stream.get_mut().write_all(&bytes).unwrap();
    for (id, code) in [(1, -32601), (2, TX_REJECTED), (0, -32700)] {
        let answer = read_reply(stream).expect("a pipelined answer").json();
        let id = if id == 0 { Value::Null } else { json!(id) };
        assert_eq!(
            (&answer["id"], &answer["error"]["code"]),
            (&id, &json!(code))
        );
        http_cases += 1;
    }
    drop((stuck_head, stuck_body));

    // The node still serves, on the storm's connection, and nothing changed but what the
    // failed transactions paid for.
    let after = rpc_snapshot(&mut conn, &world);
    let mut expected = before.clone();
    let payer = world.node.accounts()[2].address;
    let fees: U256 = failed_mined.iter().map(|m| m.fee).sum();
    let k = failed_mined.len() as u64;
    let balance = hex_u256(&before[&format!("balance of {payer}")]) - fees;
    let nonce = hex_u64(&before[&format!("nonce of {payer}")]) + k;
    expected.insert(format!("balance of {payer}"), json!(balance));
    expected.insert(format!("nonce of {payer}"), json!(format!("{nonce:#x}")));
    expected.insert(
        format!("pending nonce of {payer}"),
        json!(format!("{nonce:#x}")),
    );
    expected.insert(
        "blockNumber".into(),
        json!(format!("{:#x}", head_before + k)),
    );
    for (i, m) in failed_mined.iter().enumerate() {
        let number = head_before + 1 + i as u64;
        let block = &after[&format!("block {number}")];
        assert_eq!(block["hash"], m.block_hash, "seed {seed}");
        let txs = block["transactions"].as_array().unwrap();
        assert_eq!(
            txs.len(),
            1,
            "seed {seed}: block {number} holds only the failed tx"
        );
        assert_eq!(txs[0]["hash"], json!(m.hash), "seed {seed}");
        expected.insert(format!("block {number}"), block.clone());
        let receipt_key = format!("receipt {}", json!(m.hash));
        expected.insert(receipt_key.clone(), after[&receipt_key].clone());
    }
    if k > 0 {
        expected.insert("latest block".into(), after["latest block"].clone());
    }
    assert_same(
        "the node's state through RPC",
        &serde_json::to_value(&expected).unwrap(),
        &serde_json::to_value(&after).unwrap(),
        &format!("seed {seed}"),
    );

    // The same through the state dump: only the payer and the new blocks differ.
    let dump_after = dump(&world.node, "after");
    let mut expected = dump_before.clone();
    {
        let account = dump_account(&mut expected, &payer);
        account["balance"] = json!(balance);
        account["nonce"] = json!(nonce);
    }
    let before_blocks = dump_before["data"]["blocks"].as_array().unwrap().len();
    let after_blocks = dump_after["data"]["blocks"].as_array().unwrap();
    assert_eq!(
        after_blocks.len() as u64,
        before_blocks as u64 + k,
        "seed {seed}"
    );
    for block in &after_blocks[before_blocks..] {
        assert_eq!(block["txs"].as_array().unwrap().len(), 1, "seed {seed}");
        expected["data"]["blocks"]
            .as_array_mut()
            .unwrap()
            .push(block.clone());
    }
    expected["data"]["state"]["block_hashes"] = dump_after["data"]["state"]["block_hashes"].clone();
    let hashes = dump_after["data"]["state"]["block_hashes"]
        .as_object()
        .unwrap();
    for (i, block) in after_blocks.iter().enumerate() {
        if let Some(hash) = hashes.get(&i.to_string()) {
            assert_eq!(
                hash, &block["hash"],
                "seed {seed}: recorded hash of block {i}"
            );
        }
    }
    assert_same(
        "the state dump",
        &expected,
        &dump_after,
        &format!("seed {seed}"),
    );

    // A valid transaction still goes through.
    let provider = wallet_provider(&world.node, 3);
    let receipt = mined(
        &provider,
        TransactionRequest::default()
            .with_to(Address::with_last_byte(0x77))
            .with_value(U256::from(5)),
    )
    .await;
    assert!(receipt.status());
    assert_eq!(receipt.block_number, Some(head_before + k + 1));

    println!(
        "hostile: setup {setup:?}; {requests} hostile bodies ({batch_items} answers inside \
         batches) in {storm_time:?}, {k} failed transactions mined, {http_cases} HTTP-level \
         cases; by kind: {counts:?}; total {:?}",
        started.elapsed()
    );
}

/// Dump, load into a fresh node, and compare everything the two nodes report, and their dumps.
#[tokio::test]
async fn dump_then_load_loses_nothing() {
    let world = world().await;
    let node = &world.node;
    let plain = plain_provider(node);
    // More kinds of state: a time offset, a forced next timestamp, direct edits, a log.
    let _: Value = plain
        .raw_request("evm_increaseTime".into(), (U256::from(3600),))
        .await
        .unwrap();
    let stranger = Address::with_last_byte(0x55);
    let _: Value = plain
        .raw_request("anvil_setNonce".into(), (stranger, U256::from(9)))
        .await
        .unwrap();
    let _: Value = plain
        .raw_request(
            "anvil_setStorageAt".into(),
            (stranger, U256::from(3), B256::with_last_byte(4)),
        )
        .await
        .unwrap();
    let latest = plain
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    let forced = latest.header.timestamp + 100_000;
    let _: Value = plain
        .raw_request("evm_setNextBlockTimestamp".into(), (U256::from(forced),))
        .await
        .unwrap();

    let path = temp_path("roundtrip");
    node.dump_state(&path).unwrap();
    let original: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let loaded = spawn(NodeConfig {
        extra_accounts: 3,
        load_state: Some(path.clone()),
        ..NodeConfig::test()
    })
    .expect("the dump loads");
    std::fs::remove_file(&path).ok();

    // The loaded node dumps what it loaded.
    let reloaded = dump(&loaded, "reloaded");
    assert_same(
        "the dump of the loaded node",
        &original,
        &reloaded,
        "round trip",
    );

    // Every account of the dump, every storage slot, code, balance and nonce, read from both
    // nodes and from the dump.
    let mut a = Conn::new(node.addr());
    let mut b = Conn::new(loaded.addr());
    let accounts = original["data"]["state"]["accounts"].as_object().unwrap();
    assert!(accounts.len() >= 12, "the dump holds the accounts");
    let mut slots = 0;
    for (address, account) in accounts {
        let mut same = |method: &str, params: Value| {
            let (x, y) = (
                a.call(method, params.clone()),
                b.call(method, params.clone()),
            );
            assert_eq!(x, y, "{method} {params}");
            x
        };
        let balance = same("eth_getBalance", json!([address, "latest"]));
        assert_eq!(
            hex_u256(&balance),
            hex_u256(&account["balance"]),
            "{address}"
        );
        let nonce = same("eth_getTransactionCount", json!([address, "latest"]));
        assert_eq!(json!(hex_u64(&nonce)), account["nonce"], "{address}");
        let code = same("eth_getCode", json!([address, "latest"]));
        assert_eq!(
            code,
            account.get("code").cloned().unwrap_or(json!("0x")),
            "{address}"
        );
        if let Some(storage) = account.get("storage") {
            let storage: Vec<(Value, Value)> = match storage {
                Value::Object(map) => map.iter().map(|(k, v)| (json!(k), v.clone())).collect(),
                Value::Array(pairs) => pairs.iter().map(|p| (p[0].clone(), p[1].clone())).collect(),
                other => panic!("storage of {address}: {other}"),
            };
            for (slot, value) in storage {
                let read = same("eth_getStorageAt", json!([address, slot, "latest"]));
                assert_eq!(hex_u256(&read), hex_u256(&value), "{address} {slot}");
                slots += 1;
            }
        }
    }
    assert!(
        slots >= 6,
        "storage of the EVM contract, the program and ArbWasm: {slots}"
    );

    // Every block and receipt, the logs, and the Stylus activations.
    let head = hex_u64(&a.call("eth_blockNumber", json!([])));
    assert_eq!(
        json!(head),
        json!(hex_u64(&b.call("eth_blockNumber", json!([]))))
    );
    for number in 0..=head {
        let params = json!([format!("{number:#x}"), true]);
        let block = a.call("eth_getBlockByNumber", params.clone());
        assert_eq!(
            block,
            b.call("eth_getBlockByNumber", params),
            "block {number}"
        );
        assert_eq!(
            b.call("eth_getBlockByHash", json!([block["hash"], false]))["number"],
            block["number"]
        );
        for tx in block["transactions"].as_array().unwrap() {
            for method in [
                "eth_getTransactionReceipt",
                "eth_getTransactionByHash",
                "eth_getRawTransactionByHash",
            ] {
                let params = json!([tx["hash"]]);
                assert_eq!(
                    a.call(method, params.clone()),
                    b.call(method, params),
                    "{method}"
                );
            }
        }
    }
    let logs = json!([{"fromBlock": "0x0", "toBlock": "latest"}]);
    let logs_a = a.call("eth_getLogs", logs.clone());
    assert!(!logs_a.as_array().unwrap().is_empty(), "activations logged");
    assert_eq!(logs_a, b.call("eth_getLogs", logs));
    for program in [world.store, world.trap] {
        let code = a.call("eth_getCode", json!([program, "latest"]));
        let codehash = keccak256(Bytes::from_str(code.as_str().unwrap()).unwrap());
        let call = json!([{"to": ARB_WASM, "data": Bytes::from(codehashVersionCall { codehash }.abi_encode())}, "latest"]);
        let version = a.call("eth_call", call.clone());
        assert_eq!(version, b.call("eth_call", call), "activation of {program}");
        assert_eq!(hex_u256(&version), U256::from(2), "activated");
    }
    // The loaded program runs without activating again, and reads its storage.
    let read =
        json!([{"to": world.store, "data": store_calldata(0, world.key, B256::ZERO)}, "latest"]);
    let value = b.call("eth_call", read.clone());
    assert_eq!(value, a.call("eth_call", read));
    assert_eq!(value, json!(keccak256(b"hostile value")));

    // Both chains go on identically: the forced timestamp and the clock offset survived.
    for conn in [&mut a, &mut b] {
        conn.call("evm_mine", json!([]));
    }
    let next = json!(["latest", false]);
    let (x, y) = (
        a.call("eth_getBlockByNumber", next.clone()),
        b.call("eth_getBlockByNumber", next),
    );
    assert_eq!(hex_u64(&x["timestamp"]), forced);
    assert_eq!(x, y, "the next block is the same on both nodes");
}
