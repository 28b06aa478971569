//! anvil/hardhat development methods: snapshots, time travel, mining, state edits,
//! impersonation, interval mining.

use std::time::Duration;

use alloy::{
    network::TransactionBuilder,
    primitives::{Address, Bytes, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
};
use stylus_devnode::{spawn, NodeConfig};

use crate::common::{mined, node, plain_provider, wallet_provider};

async fn latest_timestamp(provider: &impl Provider) -> u64 {
    provider
        .get_block_by_number(alloy::eips::BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .expect("the latest block exists")
        .header
        .timestamp
}

#[tokio::test]
async fn revert_restores_balances_blocks_and_receipts() {
    let node = node();
    let provider = wallet_provider(&node, 0);
    let recipient = Address::with_last_byte(0x55);
    let snapshot: U256 = provider
        .raw_request("evm_snapshot".into(), ())
        .await
        .unwrap();
    let tx = TransactionRequest::default()
        .with_to(recipient)
        .with_value(U256::from(1000));
    let receipt = mined(&provider, tx).await;
    assert_eq!(
        provider.get_balance(recipient).await.unwrap(),
        U256::from(1000)
    );

    let reverted: bool = provider
        .raw_request("evm_revert".into(), (snapshot,))
        .await
        .unwrap();
    assert!(reverted);
    assert_eq!(provider.get_balance(recipient).await.unwrap(), U256::ZERO);
    assert_eq!(provider.get_block_number().await.unwrap(), 0);
    assert!(provider
        .get_transaction_receipt(receipt.transaction_hash)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        provider
            .get_transaction_count(node.accounts()[0].address)
            .await
            .unwrap(),
        0
    );
    // A snapshot is used up by reverting to it.
    let again: bool = provider
        .raw_request("evm_revert".into(), (snapshot,))
        .await
        .unwrap();
    assert!(!again);
}

#[tokio::test]
async fn increase_time_and_next_timestamp_move_block_time() {
    let node = node();
    let provider = plain_provider(&node);
    let start = latest_timestamp(&provider).await;
    let _: serde_json::Value = provider
        .raw_request("evm_increaseTime".into(), (3600u64,))
        .await
        .unwrap();
    let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    let after = latest_timestamp(&provider).await;
    assert!(after >= start + 3600, "{after} < {start} + 3600");
    assert_eq!(provider.get_block_number().await.unwrap(), 1);

    let target = after + 86_400;
    let _: serde_json::Value = provider
        .raw_request("evm_setNextBlockTimestamp".into(), (target,))
        .await
        .unwrap();
    let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    assert_eq!(latest_timestamp(&provider).await, target);
    // Time then continues from the forced timestamp.
    let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    assert!(latest_timestamp(&provider).await >= target);

    let err = provider
        .raw_request::<_, serde_json::Value>("evm_setNextBlockTimestamp".into(), (start,))
        .await;
    assert!(err.is_err(), "going back in time is refused");
    let err = provider
        .raw_request::<_, serde_json::Value>("evm_setNextBlockTimestamp".into(), (u64::MAX,))
        .await;
    assert!(err.is_err(), "an absurd timestamp is refused");
    let _: serde_json::Value = provider
        .raw_request("evm_increaseTime".into(), (u64::MAX,))
        .await
        .unwrap();
    let _: serde_json::Value = provider.raw_request("evm_mine".into(), ()).await.unwrap();
    assert!(
        latest_timestamp(&provider).await <= 1 << 41,
        "the clock saturates"
    );
}

#[tokio::test]
async fn anvil_mine_mines_blocks_at_an_interval() {
    let node = node();
    let provider = plain_provider(&node);
    let start = latest_timestamp(&provider).await;
    let _: serde_json::Value = provider
        .raw_request("anvil_mine".into(), (5u64, 100u64))
        .await
        .unwrap();
    assert_eq!(provider.get_block_number().await.unwrap(), 5);
    assert!(latest_timestamp(&provider).await >= start + 400);
}

#[tokio::test]
async fn impersonated_account_sends_without_a_key() {
    let node = node();
    let provider = plain_provider(&node);
    let market = Address::with_last_byte(0xAB);
    let _: bool = provider
        .raw_request(
            "anvil_setBalance".into(),
            (market, U256::from(10u64).pow(U256::from(18))),
        )
        .await
        .unwrap();
    let tx = TransactionRequest::default()
        .with_from(market)
        .with_to(Address::with_last_byte(1))
        .with_value(U256::from(5));
    assert!(
        provider.send_transaction(tx.clone()).await.is_err(),
        "not impersonated yet"
    );

    let _: serde_json::Value = provider
        .raw_request("anvil_impersonateAccount".into(), (market,))
        .await
        .unwrap();
    // A fresh provider: the first one's nonce cache counted the refused transaction.
    let provider = plain_provider(&node);
    let receipt = mined(&provider, tx.clone()).await;
    assert!(receipt.status());
    assert_eq!(receipt.from, market);
    assert_eq!(
        provider
            .get_balance(Address::with_last_byte(1))
            .await
            .unwrap(),
        U256::from(5)
    );

    let _: serde_json::Value = provider
        .raw_request("anvil_stopImpersonatingAccount".into(), (market,))
        .await
        .unwrap();
    let provider = plain_provider(&node);
    assert!(
        provider.send_transaction(tx).await.is_err(),
        "impersonation stopped"
    );
}

#[tokio::test]
async fn set_code_storage_and_nonce_change_the_latest_state() {
    let node = node();
    let provider = plain_provider(&node);
    let target = Address::with_last_byte(0x10);
    let code = Bytes::from_static(&[0x60, 0x00, 0x60, 0x00, 0xf3]);
    let _: bool = provider
        .raw_request("anvil_setCode".into(), (target, code.clone()))
        .await
        .unwrap();
    assert_eq!(provider.get_code_at(target).await.unwrap(), code);
    let slot = U256::from(3);
    let value = alloy::primitives::B256::with_last_byte(9);
    let _: bool = provider
        .raw_request("anvil_setStorageAt".into(), (target, slot, value))
        .await
        .unwrap();
    assert_eq!(
        provider.get_storage_at(target, slot).await.unwrap(),
        U256::from(9)
    );
    let _: bool = provider
        .raw_request("hardhat_setNonce".into(), (target, "0x7"))
        .await
        .unwrap();
    assert_eq!(provider.get_transaction_count(target).await.unwrap(), 7);
}

#[tokio::test]
async fn block_time_mode_mines_on_an_interval() {
    let node = spawn(NodeConfig {
        // Long enough that the transaction below is sent and checked before the first block.
        block_time: Some(Duration::from_secs(2)),
        extra_accounts: 1,
        ..NodeConfig::test()
    })
    .unwrap();
    let provider = wallet_provider(&node, 1);
    let tx = TransactionRequest::default()
        .with_to(Address::with_last_byte(1))
        .with_value(U256::from(1));
    let pending = provider.send_transaction(tx).await.unwrap();
    let hash = *pending.tx_hash();
    assert!(
        provider
            .get_transaction_receipt(hash)
            .await
            .unwrap()
            .is_none(),
        "not mined yet"
    );
    assert_eq!(
        provider
            .get_transaction_count(node.accounts()[1].address)
            .pending()
            .await
            .unwrap(),
        1
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let receipt = loop {
        if let Some(receipt) = provider.get_transaction_receipt(hash).await.unwrap() {
            break receipt;
        }
        assert!(std::time::Instant::now() < deadline, "mined within 20 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        receipt.block_number,
        Some(1),
        "the first interval block holds it"
    );
    // Empty blocks are mined on the interval too.
    while provider.get_block_number().await.unwrap() < 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "a second block within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(receipt.status());
}
