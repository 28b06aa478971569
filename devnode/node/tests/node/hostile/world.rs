//! The chain the storm runs against.

use std::str::FromStr;

use alloy::{
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, TxKind, B256, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol_types::SolCall,
};
use serde_json::{json, Value};
use stylus_devnode::{spawn, NodeConfig, NodeHandle};

use super::{activateProgramCall, http::Conn, SPIN_INITCODE};
use crate::{
    common::{mined, plain_provider, wallet_provider},
    stylus::{fixture, initcode, ARB_WASM},
};

pub(super) struct World {
    pub(super) node: NodeHandle,
    /// The EVM contract with storage (see [`SPIN_INITCODE`]).
    pub(super) evm: Address,
    /// The Stylus `storage` fixture, activated, with [`World::key`] set.
    pub(super) store: Address,
    /// The Stylus `trap` fixture, activated.
    pub(super) trap: Address,
    /// A key set in `store`.
    pub(super) key: B256,
    /// An account with code and a balance: its transactions break EIP-3607.
    pub(super) coded: PrivateKeySigner,
    /// Every transaction mined so far, RLP-encoded: replays.
    pub(super) mined_raw: Vec<Bytes>,
    /// Addresses whose balance, nonce, code are compared.
    pub(super) watched: Vec<Address>,
}

pub(super) fn store_calldata(op: u8, key: B256, value: B256) -> Bytes {
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
pub(super) async fn world() -> World {
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
