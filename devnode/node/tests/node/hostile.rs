//! The node under hostile input (issue 9): thousands of generated malformed JSON-RPC requests,
//! oversized bodies, invalid and replayed transactions, and failing executions. Every rejected
//! request gets a JSON-RPC error (or, for bodies the node will not read, a clean HTTP error), the
//! node keeps serving, and what it keeps (balances, nonces, code, storage, blocks, the state
//! dump) is unchanged, except by the transactions that are legitimately mined as failures.
//!
//! The requests come from a seeded xorshift generator. The seed is printed at the start of the
//! storm and in every failure message; `HOSTILE_SEED=<seed>` replays a run,
//! `HOSTILE_REQUESTS=<n>` changes the number of requests.

use std::{
    collections::BTreeMap,
    io::{BufRead, BufReader, Read, Write},
    net::{SocketAddr, TcpStream},
    path::PathBuf,
    str::FromStr,
    time::{Duration, Instant},
};

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEip2930, TxEip7702, TxEnvelope, TxLegacy},
    eips::eip2718::Encodable2718,
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, TxKind, B256, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
    signers::{local::PrivateKeySigner, SignerSync},
    sol,
    sol_types::SolCall,
};
use serde_json::{json, Value};
use stylus_devnode::{spawn, NodeConfig, NodeHandle};

use crate::{
    common::{mined, plain_provider, signer, wallet_provider},
    stylus::{fixture, initcode, ARB_WASM},
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
// A seeded generator.

/// xorshift64*: small, seeded, good enough to pick cases.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    fn bytes_in(&mut self, lo: u64, hi: u64) -> Vec<u8> {
        let n = self.range(lo, hi) as usize;
        self.bytes(n)
    }

    /// Hex digits of `lo..=hi` bytes.
    fn hex_bytes(&mut self, lo: u64, hi: u64) -> String {
        let n = self.range(lo, hi) as usize * 2;
        self.hex(n)
    }

    /// An odd number of hex digits, between `2 * lo - 1` and `2 * hi - 1`.
    fn hex_in(&mut self, lo: u64, hi: u64) -> String {
        let n = self.range(lo, hi) as usize * 2 - 1;
        self.hex(n)
    }

    fn hex(&mut self, digits: usize) -> String {
        (0..digits)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16) as usize]))
            .collect()
    }

    fn word(&mut self) -> String {
        let len = self.range(1, 12) as usize;
        (0..len)
            .map(|_| {
                char::from(
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_0123456789"[self.below(47) as usize],
                )
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// A keep-alive HTTP/1.1 client over a plain socket: every answer is read in full, and a dropped
// connection or a stalled answer is reported, never waited out.

struct Reply {
    status: u16,
    close: bool,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "the answer is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    /// Connections opened, to check that the node does not close keep-alive connections.
    opened: usize,
}

impl Conn {
    fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            stream: None,
            opened: 0,
        }
    }

    fn stream(&mut self) -> &mut BufReader<TcpStream> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.addr).expect("the node accepts connections");
            stream.set_read_timeout(Some(HANG)).unwrap();
            stream.set_write_timeout(Some(HANG)).unwrap();
            stream.set_nodelay(true).unwrap();
            self.stream = Some(BufReader::new(stream));
            self.opened += 1;
        }
        self.stream.as_mut().unwrap()
    }

    /// Sends raw bytes and reads one answer.
    fn exchange(&mut self, request: &[u8]) -> std::io::Result<Reply> {
        let stream = self.stream();
        stream.get_mut().write_all(request)?;
        let reply = read_reply(stream);
        match &reply {
            Ok(r) if !r.close => {}
            _ => self.stream = None,
        }
        reply
    }

    /// POSTs a JSON-RPC body.
    fn post(&mut self, body: &[u8]) -> std::io::Result<Reply> {
        let mut request = format!(
            "POST / HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        self.exchange(&request)
    }

    /// One call that must succeed; returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let reply = self
            .post(body.to_string().as_bytes())
            .unwrap_or_else(|e| panic!("{method}: {e}"));
        assert_eq!(reply.status, 200, "{method}");
        let answer = reply.json();
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }
}

fn read_reply(stream: &mut BufReader<TcpStream>) -> std::io::Result<Reply> {
    let mut line = String::new();
    if stream.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the node closed the connection without an answer",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP status line: {line:?}"));
    let mut length = 0usize;
    let mut close = false;
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((header, ""));
        let (name, value) = (name.to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        if name == "content-length" {
            length = value.parse().expect("a numeric content-length");
        } else if name == "connection" && value == "close" {
            close = true;
        } else if name == "transfer-encoding" {
            panic!("the node answers with a content-length, not {value}");
        }
    }
    let mut body = vec![0; length];
    stream.read_exact(&mut body)?;
    Ok(Reply {
        status,
        close,
        body,
    })
}

// ---------------------------------------------------------------------------------------------
// The chain the storm runs against.

struct World {
    node: NodeHandle,
    /// The EVM contract with storage (see [`SPIN_INITCODE`]).
    evm: Address,
    /// The Stylus `storage` fixture, activated, with [`World::key`] set.
    store: Address,
    /// The Stylus `trap` fixture, activated.
    trap: Address,
    /// A key set in `store`.
    key: B256,
    /// An account with code and a balance: its transactions break EIP-3607.
    coded: PrivateKeySigner,
    /// Every transaction mined so far, RLP-encoded: replays.
    mined_raw: Vec<Bytes>,
    /// Addresses whose balance, nonce, code are compared.
    watched: Vec<Address>,
}

fn store_calldata(op: u8, key: B256, value: B256) -> Bytes {
    let mut data = vec![op];
    data.extend_from_slice(key.as_slice());
    data.extend_from_slice(value.as_slice());
    Bytes::from(data)
}

async fn deploy_program(node: &NodeHandle, name: &str) -> Address {
    let provider = wallet_provider(node, 1);
    let code = devnode_stylus::compress_wasm(&fixture(name));
    let receipt = mined(
        &provider,
        TransactionRequest::default()
            .with_kind(TxKind::Create)
            .with_input(initcode(&code)),
    )
    .await;
    assert!(receipt.status(), "{name} deploys");
    let program = receipt.contract_address.expect("a created address");
    let activation = TransactionRequest::default()
        .with_to(ARB_WASM)
        .with_input(activateProgramCall { program }.abi_encode())
        .with_value(U256::from(10_000_000_000_000_000u64));
    assert!(
        mined(&provider, activation).await.status(),
        "{name} activates"
    );
    program
}

/// A node with non-trivial state: funded accounts that have sent transactions, an EVM contract
/// with storage, two activated Stylus programs (one with storage), an account with code, a
/// failed transaction and empty blocks.
async fn world() -> World {
    let node = spawn(NodeConfig {
        extra_accounts: 3,
        ..NodeConfig::test()
    })
    .expect("the node starts");
    let mut hashes = Vec::new();
    let deployer = wallet_provider(&node, 1);
    let receipt = mined(
        &deployer,
        TransactionRequest::default()
            .with_kind(TxKind::Create)
            .with_input(Bytes::from_str(SPIN_INITCODE).unwrap()),
    )
    .await;
    assert!(receipt.status());
    let evm = receipt.contract_address.unwrap();
    hashes.push(receipt.transaction_hash);
    let store = deploy_program(&node, "storage").await;
    let trap = deploy_program(&node, "trap").await;
    let key = keccak256(b"hostile key");
    let receipt = mined(
        &deployer,
        TransactionRequest::default()
            .with_to(store)
            .with_input(store_calldata(1, key, keccak256(b"hostile value"))),
    )
    .await;
    assert!(receipt.status(), "the program stores");
    hashes.push(receipt.transaction_hash);
    let payer = wallet_provider(&node, 0);
    for (i, to) in [node.accounts()[2].address, Address::with_last_byte(0x99)]
        .into_iter()
        .enumerate()
    {
        let receipt = mined(
            &payer,
            TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(1_000_000_000_000_000u64 + i as u64)),
        )
        .await;
        hashes.push(receipt.transaction_hash);
    }
    // A transaction mined as a failure.
    let receipt = mined(
        &wallet_provider(&node, 3),
        TransactionRequest::default()
            .with_to(evm)
            .with_gas_limit(60_000),
    )
    .await;
    assert!(!receipt.status(), "the EVM contract runs out of gas");
    hashes.push(receipt.transaction_hash);
    let coded = PrivateKeySigner::from_bytes(&keccak256(b"hostile coded account")).unwrap();
    let plain = plain_provider(&node);
    let _: Value = plain
        .raw_request(
            "anvil_setCode".into(),
            (coded.address(), Bytes::from_static(&[0x60, 0x00])),
        )
        .await
        .unwrap();
    let _: Value = plain
        .raw_request(
            "anvil_setBalance".into(),
            (coded.address(), U256::from(10u64.pow(18))),
        )
        .await
        .unwrap();
    for _ in 0..2 {
        let _: Value = plain.raw_request("evm_mine".into(), ()).await.unwrap();
    }
    let mut conn = Conn::new(node.addr());
    let mined_raw = hashes
        .iter()
        .map(|h| {
            let raw = conn.call("eth_getRawTransactionByHash", json!([h]));
            Bytes::from_str(raw.as_str().unwrap()).unwrap()
        })
        .collect();
    let mut watched: Vec<Address> = node.accounts().iter().map(|a| a.address).collect();
    watched.extend([
        evm,
        store,
        trap,
        coded.address(),
        Address::with_last_byte(0x99),
        Address::ZERO,
        ARB_WASM,
        Address::with_last_byte(0x77),
    ]);
    World {
        node,
        evm,
        store,
        trap,
        key,
        coded,
        mined_raw,
        watched,
    }
}

// ---------------------------------------------------------------------------------------------
// Snapshots: through RPC, field by field, and through the state dump.

/// Every field the node reports about `world`, by a label naming it.
fn rpc_snapshot(conn: &mut Conn, world: &World) -> BTreeMap<String, Value> {
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

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "stylus-devnode-hostile-{}-{name}.json",
        std::process::id()
    ))
}

fn dump(node: &NodeHandle, name: &str) -> Value {
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

fn assert_same(what: &str, expected: &Value, actual: &Value, context: &str) {
    let mut diffs = Vec::new();
    differences("", expected, actual, &mut diffs);
    assert!(
        diffs.is_empty(),
        "{context}: {what} differs (expected vs actual):\n  {}",
        diffs.join("\n  ")
    );
}

/// The dump's account entry for `address` (keys are hex addresses, case aside).
fn dump_account<'a>(dump: &'a mut Value, address: &Address) -> &'a mut Value {
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

fn hex_u64(value: &Value) -> u64 {
    u64::from_str_radix(
        value
            .as_str()
            .expect("a hex quantity")
            .trim_start_matches("0x"),
        16,
    )
    .expect("a hex quantity")
}

fn hex_u256(value: &Value) -> U256 {
    U256::from_str(value.as_str().expect("a hex quantity")).expect("a hex quantity")
}

// ---------------------------------------------------------------------------------------------
// Transactions.

#[derive(Clone)]
struct TxSpec {
    /// 0 legacy, 1 EIP-2930, 2 EIP-1559, 4 EIP-7702.
    kind: u8,
    chain_id: Option<u64>,
    nonce: u64,
    gas_limit: u64,
    fee: u128,
    tip: u128,
    to: TxKind,
    value: U256,
    input: Bytes,
}

impl TxSpec {
    fn transfer(nonce: u64) -> Self {
        Self {
            kind: 2,
            chain_id: Some(CHAIN_ID),
            nonce,
            gas_limit: 21_000,
            fee: 2 * BASE_FEE,
            tip: 0,
            to: TxKind::Call(Address::with_last_byte(0x77)),
            value: U256::from(1),
            input: Bytes::new(),
        }
    }

    /// Signs and encodes; returns the raw transaction and its hash.
    fn sign(&self, key: &PrivateKeySigner) -> (Vec<u8>, B256) {
        fn signed<T: SignableTransaction<alloy::primitives::Signature>>(
            tx: T,
            key: &PrivateKeySigner,
        ) -> alloy::consensus::Signed<T> {
            let signature = key.sign_hash_sync(&tx.signature_hash()).unwrap();
            tx.into_signed(signature)
        }
        let envelope: TxEnvelope = match self.kind {
            0 => signed(
                TxLegacy {
                    chain_id: self.chain_id,
                    nonce: self.nonce,
                    gas_price: self.fee,
                    gas_limit: self.gas_limit,
                    to: self.to,
                    value: self.value,
                    input: self.input.clone(),
                },
                key,
            )
            .into(),
            1 => signed(
                TxEip2930 {
                    chain_id: self.chain_id.unwrap_or_default(),
                    nonce: self.nonce,
                    gas_price: self.fee,
                    gas_limit: self.gas_limit,
                    to: self.to,
                    value: self.value,
                    access_list: Default::default(),
                    input: self.input.clone(),
                },
                key,
            )
            .into(),
            4 => signed(
                TxEip7702 {
                    chain_id: self.chain_id.unwrap_or_default(),
                    nonce: self.nonce,
                    gas_limit: self.gas_limit,
                    max_fee_per_gas: self.fee,
                    max_priority_fee_per_gas: self.tip,
                    to: self.to.to().copied().unwrap_or_default(),
                    value: self.value,
                    access_list: Default::default(),
                    authorization_list: Vec::new(),
                    input: self.input.clone(),
                },
                key,
            )
            .into(),
            _ => signed(
                TxEip1559 {
                    chain_id: self.chain_id.unwrap_or_default(),
                    nonce: self.nonce,
                    gas_limit: self.gas_limit,
                    max_fee_per_gas: self.fee,
                    max_priority_fee_per_gas: self.tip,
                    to: self.to,
                    value: self.value,
                    access_list: Default::default(),
                    input: self.input.clone(),
                },
                key,
            )
            .into(),
        };
        (envelope.encoded_2718(), *envelope.tx_hash())
    }
}

// ---------------------------------------------------------------------------------------------
// The generator of hostile requests.

/// What the node must answer.
#[derive(Clone, Debug)]
enum Expect {
    /// One error object: this id, this code, a message containing one of these (any if empty).
    Error {
        id: Value,
        code: i64,
        any_of: Vec<&'static str>,
    },
    /// A batch: the answers in order (notifications have none).
    Batch(Vec<Expect>),
    /// Notifications only: an empty 200 answer.
    Nothing,
    /// A result, or an error that is not an internal one (a revert, a refusal, bad params).
    Answer { id: Value },
}

/// One call of a request: method, parameters as raw JSON text, and the error it must get.
struct Call {
    method: String,
    params: Option<String>,
    code: i64,
    any_of: Vec<&'static str>,
}

impl Call {
    fn new(method: &str, params: impl Into<String>, code: i64) -> Self {
        Self {
            method: method.to_string(),
            params: Some(params.into()),
            code,
            any_of: Vec::new(),
        }
    }

    fn with(mut self, any_of: &[&'static str]) -> Self {
        self.any_of = any_of.to_vec();
        self
    }
}

const TX_REJECTED: i64 = -32000;
/// The code of a [`Call`] that may succeed or fail ([`Expect::Answer`]).
const ANY: i64 = 0;

/// The accounts whose nonce and balance do not move during the storm.
const STABLE: [usize; 3] = [0, 1, 3];

struct Generator<'a> {
    rng: Rng,
    world: &'a World,
    keys: Vec<PrivateKeySigner>,
    nonces: Vec<u64>,
    balances: Vec<U256>,
    next_id: i64,
    mined_raw: Vec<Bytes>,
}

impl Generator<'_> {
    fn id(&mut self) -> Value {
        self.next_id += 1;
        let n = self.next_id;
        match self.rng.below(7) {
            0 => json!(format!("id-{n}-\u{e9}\u{1F980}\"\\")),
            1 => json!(-n),
            2 => json!(n as f64 + 0.5),
            3 => json!(format!("{n}")),
            4 => Value::Null,
            _ => json!(n),
        }
    }

    /// A call that is well-formed JSON-RPC but must fail, with the error it must get. Nothing
    /// it generates may change the chain.
    fn call(&mut self) -> Call {
        match self.rng.below(100) {
            0..=9 => self.unknown_method(),
            10..=39 => self.bad_params(),
            40..=79 => self.bad_transaction(),
            80..=89 => self.failing_execution(),
            90..=94 => self.extreme_call(),
            _ => self.rejected_dev_call(),
        }
    }

    fn unknown_method(&mut self) -> Call {
        let fixed = [
            "",
            "eth_getbalance",
            "ETH_CHAINID",
            "eth_chainId ",
            "eth_chainId\u{0}",
            "eth_",
            "eth",
            "_",
            "rpc_modules",
            "debug_traceTransaction",
            "admin_peers",
            "personal_sign",
            "eth_sign",
            "eth_signTransaction",
            "eth_getProof",
            "eth_subscribe",
            "engine_newPayloadV3",
            "hardhat_reset",
            "anvil_dumpState",
            "evm_",
            "net_",
            "web3_",
            "\u{1F980}_crab",
        ];
        let method = match self.rng.below(3) {
            0 => self.rng.pick(&fixed).to_string(),
            1 => {
                let ns = *self
                    .rng
                    .pick(&["eth", "net", "web3", "evm", "anvil", "hardhat", "x"]);
                format!("{ns}_zz{}", self.rng.word())
            }
            _ => "x".repeat(self.rng.range(1, 5000) as usize),
        };
        let params = self.rng.pick(&["[]", "[1,2,3]", "{}", "null"]).to_string();
        Call::new(&method, params, -32601).with(&["does not exist"])
    }

    fn bad_address(&mut self) -> String {
        match self.rng.below(9) {
            0 => format!("\"0x{}\"", self.rng.hex(39)),
            1 => format!("\"0x{}\"", self.rng.hex(42)),
            2 => format!("\"0xzz{}\"", self.rng.hex(38)),
            3 => "true".into(),
            4 => "{}".into(),
            5 => "[]".into(),
            6 => "null".into(),
            7 => format!("{}", self.rng.next()),
            _ => format!("\"{}\"", self.rng.word()),
        }
    }

    fn bad_block(&mut self) -> String {
        match self.rng.below(6) {
            0 => "\"latest1\"".into(),
            1 => "\"0xzz\"".into(),
            2 => "true".into(),
            3 => format!("\"0x{}\"", "f".repeat(self.rng.range(17, 63) as usize)),
            4 => "{\"blockHash\":\"0x12\"}".into(),
            _ => "[\"latest\"]".into(),
        }
    }

    fn deep(&mut self, depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    fn good_address(&mut self) -> String {
        format!("\"0x{}\"", self.rng.hex(40))
    }

    fn bad_params(&mut self) -> Call {
        let invalid = |method: &str, params: String| Call::new(method, params, -32602);
        let addr = self.good_address();
        match self.rng.below(24) {
            0 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_getCode", "eth_getTransactionCount"]);
                let a = self.bad_address();
                invalid(m, format!("[{a}, \"latest\"]"))
            }
            1 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_getCode", "eth_getTransactionCount"]);
                let b = self.bad_block();
                invalid(m, format!("[{addr}, {b}]"))
            }
            // Too few parameters.
            2 => {
                let (m, p) = *self.rng.pick(&[
                    ("eth_getBalance", "[]"),
                    ("eth_getStorageAt", "[\"0x0000000000000000000000000000000000000001\"]"),
                    ("eth_call", "[]"),
                    ("eth_estimateGas", "[]"),
                    ("eth_sendRawTransaction", "[]"),
                    ("eth_getBlockByNumber", "[]"),
                    ("eth_getBlockByHash", "null"),
                    ("eth_getTransactionReceipt", "[]"),
                    ("eth_feeHistory", "[\"0x1\"]"),
                    ("eth_getLogs", "[]"),
                    ("web3_sha3", "[]"),
                    ("evm_revert", "[]"),
                    ("anvil_setBalance", "[\"0x0000000000000000000000000000000000000001\"]"),
                    ("anvil_setStorageAt", "[\"0x0000000000000000000000000000000000000001\", \"0x0\"]"),
                    ("evm_setAutomine", "[]"),
                ]);
                invalid(m, p.to_string())
            }
            // Too many parameters where the node checks the count.
            3 => {
                let m = *self.rng.pick(&["net_version", "net_listening", "net_peerCount", "web3_clientVersion"]);
                invalid(m, "[1]".into()).with(&["too many arguments"])
            }
            4 => {
                let slot = format!("\"0x{}\"", "1".repeat(self.rng.range(65, 100) as usize));
                invalid("eth_getStorageAt", format!("[{addr}, {slot}, \"latest\"]"))
            }
            5 => {
                let b = self.bad_block();
                invalid("eth_getBlockByNumber", format!("[{b}, false]"))
            }
            6 => invalid("eth_getBlockByNumber", "[\"latest\", \"yes\"]".into()),
            7 => {
                let m = *self.rng.pick(&["eth_getBlockByHash", "eth_getTransactionByHash", "eth_getTransactionReceipt", "eth_getRawTransactionByHash"]);
                let h = format!("\"0x{}\"", self.rng.hex_in(1, 63));
                invalid(m, format!("[{h}, false]"))
            }
            8 => {
                let m = *self.rng.pick(&["eth_call", "eth_estimateGas", "eth_sendTransaction"]);
                let p = *self.rng.pick(&["\"0x12\"", "5", "true", "[]", "\"\""]);
                invalid(m, format!("[{p}]"))
            }
            9 => {
                let m = *self.rng.pick(&["eth_call", "eth_estimateGas", "eth_sendTransaction"]);
                let field = match self.rng.below(7) {
                    0 => "\"to\": \"0x123\"".to_string(),
                    1 => "\"gas\": \"zz\"".to_string(),
                    2 => "\"value\": \"-1\"".to_string(),
                    3 => "\"data\": \"0xz\"".to_string(),
                    4 => format!("\"gas\": \"0x{}\"", "f".repeat(17)),
                    5 => format!("\"value\": \"0x{}\"", "f".repeat(65)),
                    _ => "\"from\": 5".to_string(),
                };
                invalid(m, format!("[{{\"from\": \"0x0000000000000000000000000000000000000001\", {field}}}]"))
            }
            10 => {
                let m = *self.rng.pick(&["eth_call", "eth_estimateGas"]);
                invalid(m, format!("[{{\"to\": {addr}, \"input\": \"0x00\", \"data\": \"0x01\"}}]"))
                    .with(&["not equal"])
            }
            11 => invalid(
                "eth_call",
                format!("[{{\"to\": {addr}}}, \"latest\", {{}}, {{\"number\": \"0x1\"}}]"),
            )
            .with(&["block overrides"]),
            12 => invalid(
                "eth_call",
                format!("[{{\"to\": {addr}}}, \"latest\", {{{addr}: {{\"state\": {{}}, \"stateDiff\": {{}}}}}}]"),
            ),
            13 => {
                let p = *self.rng.pick(&["\"0xzz\"", "\"0x123\"", "123", "{}", "true", "[\"0x00\"]"]);
                invalid("eth_sendRawTransaction", format!("[{p}]"))
            }
            14 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_call", "eth_sendRawTransaction", "eth_getBlockByNumber", "eth_getLogs"]);
                let d = self.rng.range(2, 100) as usize;
                let deep = self.deep(d);
                invalid(m, format!("[{deep}]"))
            }
            15 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_sendRawTransaction", "eth_call", "evm_mine", "anvil_mine"]);
                let p = *self.rng.pick(&["5", "\"0x1\"", "true", "-1"]);
                invalid(m, p.to_string()).with(&["params must be an array"])
            }
            16 => {
                let f = *self.rng.pick(&["{\"fromBlock\": \"zz\"}", "{\"address\": \"0x12\"}", "{\"topics\": [\"0x12\"]}", "{\"toBlock\": true}"]);
                invalid("eth_getLogs", format!("[{f}]"))
            }
            17 => {
                let p = *self.rng.pick(&["[\"zz\", \"latest\"]", "[\"0x1\", \"zz\"]", "[\"0x1\", \"latest\", \"zz\"]"]);
                invalid("eth_feeHistory", p.to_string())
            }
            18 => invalid("eth_getBalance", format!("[{addr}, 1e300]")),
            19 => {
                let p = *self.rng.pick(&["[\"zz\"]", "[true]", "[\"0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"]"]);
                let m = *self.rng.pick(&["eth_getFilterChanges", "eth_getFilterLogs", "eth_uninstallFilter"]);
                invalid(m, p.to_string())
            }
            20 => invalid("web3_sha3", "[\"0xzz\"]".into()),
            21 => invalid(
                "eth_sendTransaction",
                "[{\"to\": \"0x0000000000000000000000000000000000000001\"}]".into(),
            )
            .with(&["needs a \"from\""]),
            22 => {
                // Both fee kinds.
                let from = self.world.node.accounts()[3].address;
                invalid(
                    "eth_sendTransaction",
                    format!("[{{\"from\": \"{from}\", \"to\": {addr}, \"gas\": \"0x5208\", \"gasPrice\": \"0x5f5e100\", \"maxFeePerGas\": \"0x5f5e100\"}}]"),
                )
                .with(&["both gasPrice"])
            }
            _ => {
                let m = *self.rng.pick(&["eth_getBlockTransactionCountByNumber", "eth_getTransactionByBlockNumberAndIndex", "eth_getBlockReceipts"]);
                let b = self.bad_block();
                invalid(m, format!("[{b}, \"0x0\"]"))
            }
        }
    }

    /// A development method the node refuses: it would change the chain if it were accepted.
    fn rejected_dev_call(&mut self) -> Call {
        let addr = self.good_address();
        let bad = self.bad_address();
        let (m, p, code): (&str, String, i64) = match self.rng.below(12) {
            0 => ("evm_revert", "[\"zz\"]".into(), -32602),
            1 => ("evm_increaseTime", "[\"zz\"]".into(), -32602),
            2 => ("evm_setNextBlockTimestamp", "[\"zz\"]".into(), -32602),
            3 => ("evm_setNextBlockTimestamp", "[\"0x1\"]".into(), TX_REJECTED),
            4 => (
                "evm_setNextBlockTimestamp",
                format!("[\"{:#x}\"]", (1u64 << 41) + self.rng.below(1 << 20)),
                -32602,
            ),
            5 => ("anvil_setBalance", format!("[{bad}, \"0x1\"]"), -32602),
            6 => ("anvil_setBalance", format!("[{addr}, \"zz\"]"), -32602),
            7 => ("anvil_setCode", format!("[{addr}, \"0xz\"]"), -32602),
            8 => (
                "anvil_setStorageAt",
                format!("[{addr}, \"0x0\", \"0x12\"]"),
                -32602,
            ),
            9 => (
                "anvil_mine",
                format!("[\"{:#x}\"]", 100_001 + self.rng.below(1 << 30)),
                -32602,
            ),
            10 => ("evm_mine", "[\"zz\"]".into(), -32602),
            _ => (
                *self.rng.pick(&[
                    "evm_setAutomine",
                    "anvil_impersonateAccount",
                    "anvil_setNonce",
                ]),
                "[\"yes\"]".into(),
                -32602,
            ),
        };
        let m = if m.starts_with("anvil_") && self.rng.chance(30) {
            m.replacen("anvil_", "hardhat_", 1)
        } else {
            m.to_string()
        };
        Call::new(&m, p, code)
    }

    /// A transaction that would pass every check (the caller breaks one).
    fn valid_spec(&mut self, who: usize) -> TxSpec {
        let mut spec = TxSpec::transfer(self.nonces[who]);
        spec.kind = *self.rng.pick(&[0, 1, 2]);
        if self.rng.chance(20) {
            spec.input = Bytes::from(self.rng.bytes_in(1, 64));
            spec.gas_limit = 100_000;
        }
        spec.value = U256::from(self.rng.below(1_000_000));
        spec
    }

    fn raw_call(raw: &[u8]) -> String {
        format!("[\"{}\"]", alloy::primitives::hex::encode_prefixed(raw))
    }

    fn bad_transaction(&mut self) -> Call {
        let who = *self.rng.pick(&STABLE);
        let key = self.keys[who].clone();
        let mut spec = self.valid_spec(who);
        let reject = |raw: &[u8], any_of: &[&'static str]| {
            Call::new("eth_sendRawTransaction", Self::raw_call(raw), TX_REJECTED).with(any_of)
        };
        match self.rng.below(17) {
            0 => {
                // Garbage, with or without a plausible type byte.
                let mut raw = self.rng.bytes_in(0, 300);
                if self.rng.chance(50) && !raw.is_empty() {
                    raw[0] = *self
                        .rng
                        .pick(&[0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0xc0, 0xf8]);
                }
                reject(&raw, &["decode", "transaction"])
            }
            1 => {
                let (raw, _) = spec.sign(&key);
                let cut = self.rng.below(raw.len() as u64) as usize;
                reject(&raw[..cut], &["decode"])
            }
            2 => {
                let (mut raw, _) = spec.sign(&key);
                raw.extend(self.rng.bytes_in(1, 8));
                reject(&raw, &["decode"])
            }
            3 | 4 => {
                // Bad signature: bytes flipped in the signature, or anywhere.
                let (mut raw, _) = spec.sign(&key);
                let flips = self.rng.range(1, 3);
                for _ in 0..flips {
                    let len = raw.len() as u64;
                    let at = if self.rng.chance(60) {
                        (len - 1 - self.rng.below(64)) as usize
                    } else {
                        self.rng.below(len) as usize
                    };
                    raw[at] ^= self.rng.range(1, 255) as u8;
                }
                reject(&raw, &[])
            }
            5 => {
                spec.chain_id =
                    Some(
                        *self
                            .rng
                            .pick(&[1, 0, CHAIN_ID - 1, CHAIN_ID + 1, u64::MAX / 2]),
                    );
                if spec.chain_id == Some(0) && spec.kind == 0 {
                    spec.kind = 2;
                }
                reject(&spec.sign(&key).0, &["invalid chain id"])
            }
            6 => {
                let raw = self.rng.pick(&self.mined_raw).clone();
                reject(&raw, &["nonce too low"])
            }
            7 => {
                let who = 1; // it has sent several transactions
                spec.nonce = self.rng.below(self.nonces[who]);
                reject(&spec.sign(&self.keys[who].clone()).0, &["nonce too low"])
            }
            8 => {
                spec.nonce = if self.rng.chance(90) {
                    self.nonces[who] + self.rng.range(1, 1000)
                } else {
                    u64::MAX - self.rng.below(2)
                };
                reject(&spec.sign(&key).0, &["nonce too high", "nonce overflow"])
            }
            9 => {
                spec.value = self.balances[who] + U256::from(self.rng.range(0, 1 << 40));
                reject(&spec.sign(&key).0, &["insufficient funds"])
            }
            10 => {
                // A key nobody funded.
                let poor = loop {
                    if let Ok(k) =
                        PrivateKeySigner::from_bytes(&B256::from_slice(&self.rng.bytes(32)))
                    {
                        break k;
                    }
                };
                spec.nonce = 0;
                reject(&spec.sign(&poor).0, &["insufficient funds"])
            }
            11 => {
                if self.rng.chance(50) {
                    spec.gas_limit = self.rng.below(21_000);
                    spec.input = Bytes::new();
                } else {
                    spec.input = Bytes::from(vec![0xff; 1000]);
                    spec.gas_limit = self.rng.range(21_000, 36_999);
                }
                if self.rng.chance(20) {
                    spec.to = TxKind::Create;
                    spec.input = Bytes::new();
                    spec.gas_limit = self.rng.range(21_000, 52_999);
                }
                reject(&spec.sign(&key).0, &["intrinsic gas too low"])
            }
            12 => {
                spec.gas_limit = self.rng.range(32_000_001, 100_000_000);
                reject(&spec.sign(&key).0, &["exceeds block gas limit"])
            }
            13 => {
                spec.fee = u128::from(self.rng.below(BASE_FEE as u64));
                spec.tip = 0;
                reject(
                    &spec.sign(&key).0,
                    &["max fee per gas less than block base fee"],
                )
            }
            14 => {
                spec.kind = 2;
                spec.tip = spec.fee + 1 + u128::from(self.rng.below(1 << 30));
                reject(
                    &spec.sign(&key).0,
                    &["max priority fee per gas higher than max fee per gas"],
                )
            }
            15 => {
                match self.rng.below(3) {
                    0 => {
                        spec.to = TxKind::Create;
                        spec.input = Bytes::from(vec![0; 49_153 + self.rng.below(1000) as usize]);
                        spec.gas_limit = 30_000_000;
                        reject(&spec.sign(&key).0, &["max initcode size exceeded"])
                    }
                    1 => {
                        spec.kind = 4;
                        reject(&spec.sign(&key).0, &["not supported", "decode"])
                    }
                    _ => {
                        // EIP-3607: the sender has code.
                        spec.nonce = 0;
                        reject(
                            &spec.sign(&self.world.coded.clone()).0,
                            &["sender not an eoa"],
                        )
                    }
                }
            }
            _ => {
                // Node-signed transactions the node must refuse.
                let from = self.world.node.accounts()[who].address;
                let to = self.good_address();
                match self.rng.below(4) {
                    0 => {
                        let stranger = self.good_address();
                        Call::new("eth_sendTransaction", format!("[{{\"from\": {stranger}, \"to\": {to}, \"gas\": \"0x5208\"}}]"), TX_REJECTED)
                            .with(&["no signer"])
                    }
                    1 => Call::new(
                        "eth_sendTransaction",
                        format!("[{{\"from\": \"{from}\", \"to\": {to}, \"gas\": \"0x5208\", \"nonce\": \"{:#x}\"}}]", self.nonces[who] + self.rng.range(1, 100)),
                        TX_REJECTED,
                    )
                    .with(&["nonce too high"]),
                    2 => Call::new(
                        "eth_sendTransaction",
                        format!("[{{\"from\": \"{from}\", \"to\": {to}, \"gas\": \"0x5208\", \"chainId\": \"0x1\"}}]"),
                        TX_REJECTED,
                    )
                    .with(&["invalid chain id"]),
                    _ => Call::new(
                        "eth_sendTransaction",
                        format!("[{{\"from\": \"{from}\", \"to\": {to}, \"gas\": \"0x5208\", \"value\": \"{:#x}\"}}]", self.balances[who] + U256::from(1)),
                        TX_REJECTED,
                    )
                    .with(&["insufficient funds"]),
                }
            }
        }
    }

    /// Calls and estimates that fail in execution: a trapping program, a contract that runs out
    /// of gas, a value its sender cannot pay.
    fn failing_execution(&mut self) -> Call {
        let w = self.world;
        let method = *self.rng.pick(&["eth_call", "eth_estimateGas"]);
        let from = "\"0x0000000000000000000000000000000000000abc\"";
        match self.rng.below(4) {
            0 => Call::new(
                method,
                format!(
                    "[{{\"from\": {from}, \"to\": \"{}\", \"gas\": \"0x493e0\"}}]",
                    w.trap
                ),
                3,
            )
            .with(&["execution reverted"]),
            1 => {
                let gas = self.rng.range(30_000, 1_000_000);
                let c = Call::new(
                    method,
                    format!(
                        "[{{\"from\": {from}, \"to\": \"{}\", \"gas\": \"{gas:#x}\", \"data\": \"0x{}\"}}]",
                        w.evm,
                        self.rng.hex(64)
                    ),
                    TX_REJECTED,
                );
                // geth words the estimate's failure "gas required exceeds allowance"; the
                // devnode reports the execution failure itself.
                c.with(&["out of gas", "gas required exceeds"])
            }
            2 => {
                let data = store_calldata(1, w.key, B256::from(U256::from(self.rng.next())));
                Call::new(
                    method,
                    format!(
                        "[{{\"from\": {from}, \"to\": \"{}\", \"gas\": \"{:#x}\", \"data\": \"{data}\"}}]",
                        w.store,
                        self.rng.range(23_000, 26_000)
                    ),
                    TX_REJECTED,
                )
                // Out of ink is out of gas.
                .with(&["out of gas"])
            }
            _ => Call::new(
                method,
                format!(
                    "[{{\"from\": {from}, \"to\": \"{}\", \"value\": \"0x{}\"}}]",
                    w.evm,
                    self.rng.hex(20)
                ),
                TX_REJECTED,
            )
            .with(&["insufficient funds"]),
        }
    }

    /// `eth_call`/`eth_estimateGas` with extreme or odd fields, blocks and state overrides: it
    /// may succeed or fail, but never with an internal error, and it commits nothing.
    fn extreme_call(&mut self) -> Call {
        let w = self.world;
        let method = *self.rng.pick(&["eth_call", "eth_call", "eth_estimateGas"]);
        let rich = w.node.accounts()[0].address.to_string();
        let random = format!("0x{}", self.rng.hex(40));
        let coded = w.coded.address().to_string();
        let (evm, store, trap) = (w.evm.to_string(), w.store.to_string(), w.trap.to_string());
        let precompile = format!("{:#042x}", self.rng.range(1, 0x11));
        let arb_precompile = format!("{:#042x}", self.rng.range(0x64, 0x74));
        let mut fields: Vec<String> = Vec::new();
        let mut field = |rng: &mut Rng, name: &str, options: &[&str]| {
            let value = *rng.pick(options);
            if !value.is_empty() {
                fields.push(format!("\"{name}\": {value}"));
            }
        };
        let q = |s: &str| format!("\"{s}\"");
        let (rich, random, coded) = (q(&rich), q(&random), q(&coded));
        let (evm, store, trap) = (q(&evm), q(&store), q(&trap));
        let (precompile, arb_precompile) = (q(&precompile), q(&arb_precompile));
        let arb_wasm = q(&ARB_WASM.to_string());
        field(
            &mut self.rng,
            "from",
            &["", &rich, &random, &coded, &evm, &arb_wasm],
        );
        field(
            &mut self.rng,
            "to",
            &[
                "",
                &evm,
                &store,
                &trap,
                &arb_wasm,
                &precompile,
                &arb_precompile,
                &random,
            ],
        );
        field(
            &mut self.rng,
            "gas",
            &[
                "",
                "\"0x0\"",
                "\"0x1\"",
                "\"0x5208\"",
                "\"0x1e84800\"",
                "\"0x1e84801\"",
                "\"0xffffffffffffffff\"",
            ],
        );
        let fee = [
            "",
            "\"0x0\"",
            "\"0x1\"",
            "\"0x5f5e100\"",
            "\"0xffffffffffffffffffffffffffffffff\"",
        ];
        if self.rng.chance(50) {
            field(&mut self.rng, "gasPrice", &fee);
        } else {
            field(&mut self.rng, "maxFeePerGas", &fee);
            field(&mut self.rng, "maxPriorityFeePerGas", &fee);
        }
        let max = format!("\"0x{}\"", "f".repeat(64));
        let half = format!("\"0x8{}\"", "0".repeat(63));
        field(
            &mut self.rng,
            "value",
            &["", "\"0x0\"", "\"0x1\"", &max, &half],
        );
        field(
            &mut self.rng,
            "nonce",
            &["", "\"0x0\"", "\"0xffffffffffffffff\""],
        );
        let selectors = [
            activateProgramCall::SELECTOR,
            codehashVersionCall::SELECTOR,
            [0xa9, 0x05, 0x9c, 0xbb],
            [0, 0, 0, 0],
        ];
        let data = match self.rng.below(6) {
            0 => String::new(),
            1 => "0x".to_string(),
            2 => format!("0x{}", self.rng.hex_bytes(1, 200)),
            3 => {
                let selector = *self.rng.pick(&selectors);
                let words = self.rng.range(0, 3) as usize;
                format!(
                    "0x{}{}",
                    alloy::primitives::hex::encode(selector),
                    self.rng.hex(words * 64)
                )
            }
            4 => format!("0x{}", "00".repeat(self.rng.range(1, 100_000) as usize)),
            _ => format!("0x{SPIN_INITCODE}"),
        };
        if !data.is_empty() {
            let key = *self.rng.pick(&["data", "input"]);
            fields.push(format!("\"{key}\": \"{data}\""));
        }
        if self.rng.chance(10) {
            let key = self.rng.hex(64);
            fields.push(format!(
                "\"accessList\": [{{\"address\": {random}, \"storageKeys\": [\"0x{key}\"]}}]"
            ));
        }
        let block = *self.rng.pick(&[
            "",
            "\"latest\"",
            "\"pending\"",
            "\"earliest\"",
            "\"safe\"",
            "\"finalized\"",
            "\"0x0\"",
            "\"0x1\"",
        ]);
        let target = *self.rng.pick(&[&evm, &store, &random, &rich]);
        let code = match self.rng.below(3) {
            0 => format!("0xeff000{}", self.rng.hex(40)),
            1 => format!("0x{}", self.rng.hex_bytes(1, 64)),
            _ => "0x".to_string(),
        };
        let overrides = match self.rng.below(8) {
            0 => format!("{{{target}: {{\"balance\": {max}}}}}"),
            1 if method == "eth_call" => format!("{{{target}: {{\"code\": \"{code}\"}}}}"),
            2 => format!("{{{target}: {{\"nonce\": \"0xffffffffffffffff\"}}}}"),
            3 => format!(
                "{{{target}: {{\"stateDiff\": {{\"0x{}\": \"0x{}\"}}}}}}",
                self.rng.hex(64),
                self.rng.hex(64)
            ),
            4 => "{}".to_string(),
            _ => String::new(),
        };
        let mut params = vec![format!("{{{}}}", fields.join(", "))];
        if !block.is_empty() || !overrides.is_empty() {
            params.push(
                if block.is_empty() {
                    "\"latest\""
                } else {
                    block
                }
                .to_string(),
            );
        }
        if !overrides.is_empty() {
            params.push(overrides);
        }
        Call::new(method, format!("[{}]", params.join(", ")), ANY)
    }

    /// Renders a call as a request object; returns the text and the answer it must get (`None`
    /// for a notification).
    fn request(&mut self, call: &Call, notification: bool) -> (String, Option<Expect>) {
        let method = serde_json::to_string(&call.method).unwrap();
        let mut members = Vec::new();
        let id = self.id();
        if !notification {
            members.push(format!("\"id\": {id}"));
        }
        if self.rng.chance(90) {
            members.push("\"jsonrpc\": \"2.0\"".into());
        }
        members.push(format!("\"method\": {method}"));
        if let Some(params) = &call.params {
            members.push(format!("\"params\": {params}"));
        }
        // Member order does not matter.
        let rotate = self.rng.below(members.len() as u64) as usize;
        members.rotate_left(rotate);
        let text = format!(
            "{{{}}}",
            members.join(if self.rng.chance(50) { "," } else { " ,\n\t" })
        );
        let expect = (!notification).then(|| match call.code {
            ANY => Expect::Answer { id },
            code => Expect::Error {
                id,
                code,
                any_of: call.any_of.clone(),
            },
        });
        (text, expect)
    }

    /// Valid JSON that is not a valid request object; the id it must echo (a string or number
    /// id is echoed when the object has one, anything else gets a null id).
    fn invalid_request(&mut self) -> (String, Value) {
        let id = self.id();
        let echoed = |text: String| (text, id.clone());
        match self.rng.below(13) {
            0 => (format!("{}", self.rng.next()), Value::Null),
            1 => (format!("\"{}\"", self.rng.word()), Value::Null),
            2 => ("true".into(), Value::Null),
            3 => ("null".into(), Value::Null),
            4 => ("{}".into(), Value::Null),
            5 => echoed(format!("{{\"jsonrpc\":\"2.0\",\"id\":{id}}}")),
            6 => echoed(format!("{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":5}}")),
            7 => echoed(format!(
                "{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":null}}"
            )),
            8 => echoed(format!(
                "{{\"jsonrpc\":\"1.0\",\"id\":{id},\"method\":\"eth_chainId\"}}"
            )),
            9 => echoed(format!(
                "{{\"jsonrpc\":2.0,\"id\":{id},\"method\":\"eth_chainId\"}}"
            )),
            10 => (
                format!("{{\"jsonrpc\":\"2.0\",\"id\":{{\"n\":{id}}},\"method\":\"eth_chainId\"}}"),
                Value::Null,
            ),
            11 => (
                format!("{{\"jsonrpc\":\"2.0\",\"id\":[{id}],\"method\":\"eth_chainId\"}}"),
                Value::Null,
            ),
            _ => (
                "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"eth_chainId\"}".into(),
                Value::Null,
            ),
        }
    }

    /// Bytes that are not JSON at all.
    fn not_json(&mut self) -> Vec<u8> {
        loop {
            let body: Vec<u8> = match self.rng.below(12) {
                0 => {
                    let call = self.call();
                    let (text, _) = self.request(&call, false);
                    let cut = self.rng.below(text.len() as u64) as usize;
                    text.as_bytes()[..cut].to_vec()
                }
                1 => self.rng.bytes_in(1, 2000),
                2 => {
                    let call = self.unknown_method();
                    let (text, _) = self.request(&call, false);
                    let mut bytes = text.into_bytes();
                    for _ in 0..self.rng.range(1, 4) {
                        let at = self.rng.below(bytes.len() as u64) as usize;
                        bytes[at] = self.rng.next() as u8;
                    }
                    bytes
                }
                3 => {
                    let depth = self.rng.range(129, 100_000) as usize;
                    let open = *self.rng.pick(&["[", "{\"a\":"]);
                    open.repeat(depth).into_bytes()
                }
                4 => format!(
                    "{{\"jsonrpc\":\"2.0\",\"id\":1e{},\"method\":\"eth_chainId\"}}",
                    self.rng.range(400, 100_000)
                )
                .into_bytes(),
                5 => b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_\xff\xfe\"}".to_vec(),
                6 => br#"{"jsonrpc":"2.0","id":1,"method":"eth_\ud800"}"#.to_vec(),
                7 => b"\xef\xbb\xbf{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}".to_vec(),
                8 => self
                    .rng
                    .pick(&[
                        &b"{'jsonrpc':'2.0','id':1,'method':'eth_chainId'}"[..],
                        b"{\"id\":NaN,\"method\":\"eth_chainId\"}",
                        b"{\"id\":1,\"method\":\"eth_chainId\",}",
                        b"[{\"id\":1,\"method\":\"eth_chainId\"},]",
                        b"// comment\n{\"id\":1,\"method\":\"eth_chainId\"}",
                        b"{\"id\":1,\"method\":\"eth_chainId\"}{\"id\":2,\"method\":\"eth_chainId\"}",
                        b"{\"id\":1,\"method\":\"eth_chainId\"} x",
                        b"",
                        b" ",
                        b"\x00",
                        b"{\"id\":01,\"method\":\"eth_chainId\"}",
                        b"{\"id\":-,\"method\":\"eth_chainId\"}",
                        b"{\"id\":Infinity,\"method\":\"eth_chainId\"}",
                    ])
                    .to_vec(),
                9 => {
                    // A truncated batch.
                    let (text, _) = self.batch();
                    let cut = self.rng.below(text.len() as u64) as usize;
                    text.as_bytes()[..cut].to_vec()
                }
                10 => format!("{{\"method\":\"eth_chainId\",\"id\":\"{}", "a".repeat(self.rng.range(1, 100_000) as usize)).into_bytes(),
                _ => format!("{{\"method\":\"eth_call\",\"id\":3,\"params\":[{{\"data\":\"0x{}", "ab".repeat(self.rng.range(1, 10_000) as usize)).into_bytes(),
            };
            if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
                return body;
            }
        }
    }

    /// A batch: a mix of failing calls, invalid request objects and notifications.
    fn batch(&mut self) -> (String, Expect) {
        let len = match self.rng.below(50) {
            0 => self.rng.range(20, 300),
            _ => self.rng.range(1, 12),
        };
        let mut items = Vec::new();
        let mut expect = Vec::new();
        for _ in 0..len {
            match self.rng.below(10) {
                0 | 1 => {
                    let (text, id) = self.invalid_request();
                    items.push(text);
                    expect.push(Expect::Error {
                        id,
                        code: -32600,
                        any_of: Vec::new(),
                    });
                }
                2 => {
                    let call = self.call();
                    items.push(self.request(&call, true).0);
                }
                3 => {
                    let inner = self.rng.range(0, 3) as usize;
                    items.push(format!(
                        "{}{}",
                        "[".repeat(inner + 1),
                        "]".repeat(inner + 1)
                    ));
                    expect.push(Expect::Error {
                        id: Value::Null,
                        code: -32600,
                        any_of: Vec::new(),
                    });
                }
                _ => {
                    let call = self.call();
                    let (text, e) = self.request(&call, false);
                    items.push(text);
                    expect.extend(e);
                }
            }
        }
        let text = format!("[{}]", items.join(","));
        let expect = if expect.is_empty() {
            Expect::Nothing
        } else {
            Expect::Batch(expect)
        };
        (text, expect)
    }

    /// One hostile body and the answer it must get.
    /// More requests than a batch may hold: one error, in an array, with the first call's id,
    /// and none of them run.
    fn batch_too_large(&mut self) -> (String, Expect) {
        let len = MAX_BATCH + self.rng.range(1, 500) as usize;
        let mut items = Vec::with_capacity(len);
        let mut first = None;
        for _ in 0..len {
            let call = if self.rng.chance(50) {
                self.unknown_method()
            } else {
                self.rejected_dev_call()
            };
            let (text, expect) = self.request(&call, false);
            if let (None, Some(Expect::Error { id, .. })) = (&first, expect) {
                first = Some(id);
            }
            items.push(text);
        }
        let expect = Expect::Batch(vec![Expect::Error {
            id: first.unwrap(),
            code: -32600,
            any_of: vec!["batch too large"],
        }]);
        (format!("[{}]", items.join(",")), expect)
    }

    fn case(&mut self) -> (&'static str, Vec<u8>, Expect) {
        match self.rng.below(200) {
            199 => {
                let (text, expect) = self.batch_too_large();
                ("batch too large", text.into_bytes(), expect)
            }
            n => self.common_case(n / 2),
        }
    }

    fn common_case(&mut self, n: u64) -> (&'static str, Vec<u8>, Expect) {
        match n {
            0..=14 => {
                let body = self.not_json();
                (
                    "not JSON",
                    body,
                    Expect::Error {
                        id: Value::Null,
                        code: -32700,
                        any_of: vec!["parse error"],
                    },
                )
            }
            15..=22 => {
                let (text, id) = self.invalid_request();
                (
                    "invalid request",
                    text.into_bytes(),
                    Expect::Error {
                        id,
                        code: -32600,
                        any_of: Vec::new(),
                    },
                )
            }
            23..=24 => (
                "empty batch",
                self.rng.pick(&["[]", " [ ] ", "[\n]"]).as_bytes().to_vec(),
                Expect::Error {
                    id: Value::Null,
                    code: -32600,
                    any_of: vec!["empty batch"],
                },
            ),
            25..=34 => {
                let (text, expect) = self.batch();
                ("batch", text.into_bytes(), expect)
            }
            35..=37 => {
                let call = self.call();
                let (text, _) = self.request(&call, true);
                ("notification", text.into_bytes(), Expect::Nothing)
            }
            _ => {
                let call = self.call();
                let kind = match call.code {
                    ANY => "extreme call",
                    -32601 => "unknown method",
                    -32602 => "invalid params",
                    3 => "failing call",
                    _ if call.method == "eth_sendRawTransaction"
                        || call.method == "eth_sendTransaction" =>
                    {
                        "rejected transaction"
                    }
                    _ => "failing call",
                };
                let (text, expect) = self.request(&call, false);
                (kind, text.into_bytes(), expect.unwrap())
            }
        }
    }
}

/// Checks one answer against what it must be.
fn check(expect: &Expect, answer: &Value, context: &dyn Fn() -> String) {
    match expect {
        Expect::Error { id, code, any_of } => {
            let error = &answer["error"];
            assert!(
                error.is_object() && answer.get("result").is_none(),
                "{}: an error object, got {answer}",
                context()
            );
            assert_eq!(answer["jsonrpc"], json!("2.0"), "{}: {answer}", context());
            assert_eq!(
                &answer["id"],
                id,
                "{}: the id is echoed: {answer}",
                context()
            );
            assert_eq!(
                error["code"],
                json!(code),
                "{}: the error code: {answer}",
                context()
            );
            let message = error["message"]
                .as_str()
                .unwrap_or_else(|| panic!("{}: the error has a message: {answer}", context()));
            assert!(!message.is_empty(), "{}: a message", context());
            assert!(
                any_of.is_empty() || any_of.iter().any(|m| message.contains(m)),
                "{}: the message names the cause ({any_of:?}): {answer}",
                context()
            );
            if *code == 3 {
                assert_eq!(error["data"], json!("0x"), "{}: {answer}", context());
            }
        }
        Expect::Batch(items) => {
            let answers = answer.as_array().unwrap_or_else(|| {
                panic!("{}: a batch is answered by an array: {answer}", context())
            });
            assert_eq!(
                answers.len(),
                items.len(),
                "{}: one answer per request that is not a notification",
                context()
            );
            for (i, (item, answer)) in items.iter().zip(answers).enumerate() {
                check(item, answer, &|| format!("{}, batch item {i}", context()));
            }
        }
        Expect::Nothing => panic!("{}: Nothing is checked on the body", context()),
        Expect::Answer { id } => {
            assert_eq!(answer["jsonrpc"], json!("2.0"), "{}: {answer}", context());
            assert_eq!(
                &answer["id"],
                id,
                "{}: the id is echoed: {answer}",
                context()
            );
            let error = answer.get("error");
            assert!(
                error.is_some() != answer.get("result").is_some(),
                "{}: a result or an error: {answer}",
                context()
            );
            if let Some(error) = error {
                assert!(
                    [json!(3), json!(-32000), json!(-32602)].contains(&error["code"]),
                    "{}: a revert, a refusal or bad params, not {answer}",
                    context()
                );
            }
        }
    }
}

fn shorten(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() > 400 {
        format!("{}… ({} bytes)", &text[..400], body.len())
    } else {
        text.into_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// Transactions that are mined, and fail.

struct Mined {
    hash: B256,
    block_hash: Value,
    fee: U256,
}

/// Sends a transaction of account 2 that is valid but fails in execution: out of gas in the
/// EVM contract, a trap in a Stylus program, out of ink in a Stylus store. Checks its receipt
/// and the storage it touched.
fn send_failing(conn: &mut Conn, gen: &mut Generator, head: u64, context: &str) -> Mined {
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
