//! `--dump-state` / `--load-state`.

use std::path::PathBuf;

use alloy::{
    network::TransactionBuilder,
    primitives::{Address, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
};
use stylus_devnode::{spawn, Error, NodeConfig};

use crate::common::{mined, plain_provider, wallet_provider};

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("stylus-devnode-test-{}-{name}", std::process::id()))
}

#[tokio::test]
async fn dumped_state_survives_a_restart() {
    let path = temp_path("roundtrip.json");
    let node = spawn(NodeConfig {
        dump_state: Some(path.clone()),
        ..NodeConfig::test()
    })
    .unwrap();
    let provider = wallet_provider(&node, 0);
    let recipient = Address::with_last_byte(0x66);
    let tx = TransactionRequest::default()
        .with_to(recipient)
        .with_value(U256::from(12345));
    let receipt = mined(&provider, tx).await;
    node.shutdown().expect("the state file is written");

    let node = spawn(NodeConfig {
        load_state: Some(path.clone()),
        ..NodeConfig::test()
    })
    .unwrap();
    let provider = plain_provider(&node);
    assert_eq!(
        provider.get_balance(recipient).await.unwrap(),
        U256::from(12345)
    );
    assert_eq!(provider.get_block_number().await.unwrap(), 1);
    let restored = provider
        .get_transaction_receipt(receipt.transaction_hash)
        .await
        .unwrap();
    assert_eq!(
        restored.expect("the receipt survives").block_hash,
        receipt.block_hash
    );
    // The chain goes on from the loaded head.
    let provider = wallet_provider(&node, 0);
    let tx = TransactionRequest::default()
        .with_to(recipient)
        .with_value(U256::from(1));
    let receipt = mined(&provider, tx).await;
    assert_eq!(receipt.block_number, Some(2));
    drop(node);
    std::fs::remove_file(&path).ok();
}

#[test]
fn corrupt_state_file_is_an_error_not_a_fresh_chain() {
    let path = temp_path("corrupt.json");
    std::fs::write(
        &path,
        b"{\"version\": 1, \"chain_id\": 412346, \"state\": [",
    )
    .unwrap();
    let err = spawn(NodeConfig {
        load_state: Some(path.clone()),
        ..NodeConfig::test()
    })
    .err()
    .expect("a corrupt file is refused");
    assert!(matches!(err, Error::StateFile(_)), "{err}");
    std::fs::remove_file(&path).ok();
}

#[test]
fn missing_state_file_is_an_error() {
    let err = spawn(NodeConfig {
        load_state: Some(temp_path("does-not-exist.json")),
        ..NodeConfig::test()
    })
    .err()
    .expect("a missing file is refused");
    assert!(matches!(err, Error::Io { .. }), "{err}");
}
