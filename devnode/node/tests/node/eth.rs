//! `eth_*` over alloy: chain id, balances, transfers, transaction errors, plain EVM contracts,
//! calls with overrides, logs and filters.

use alloy::{
    consensus::TxType,
    eips::eip2718::Encodable2718,
    network::{EthereumWallet, NetworkTransactionBuilder, TransactionBuilder},
    primitives::{address, b256, bytes, Address, Bytes, TxKind, B256, U256},
    providers::Provider,
    rpc::types::{
        state::{AccountOverride, StateOverride},
        Filter, TransactionRequest,
    },
    transports::{RpcError, TransportErrorKind},
};
use stylus_devnode::DEV_BALANCE_WEI;

use crate::common::{mined, node, plain_provider, signer, wallet_provider};

/// Price per gas on the dev chain (0.1 gwei).
const BASE_FEE: u128 = 100_000_000;

/// Topic the test contract logs with.
const TOPIC: B256 = b256!("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

/// Runtime of a hand-assembled EVM contract: with empty calldata it logs `TOPIC` with the word
/// 42 as data and returns 42; with calldata it reverts with the calldata as revert data.
fn runtime() -> Bytes {
    let mut code = hex("3615600f57366000600037366000fd5b602a600052");
    code.push(0x7f);
    code.extend_from_slice(TOPIC.as_slice());
    code.extend_from_slice(&hex("60206000a160206000f3"));
    Bytes::from(code)
}

/// Initcode that deploys [`runtime`].
fn initcode() -> Bytes {
    let runtime = runtime();
    let mut code = vec![0x60, runtime.len() as u8];
    code.extend_from_slice(&hex("80600b6000396000f3"));
    code.extend_from_slice(&runtime);
    Bytes::from(code)
}

fn hex(s: &str) -> Vec<u8> {
    alloy::primitives::hex::decode(s).expect("valid hex in the test")
}

fn error_code(err: &RpcError<TransportErrorKind>) -> (i64, String, Option<String>) {
    let payload = err
        .as_error_resp()
        .unwrap_or_else(|| panic!("a JSON-RPC error, got {err}"));
    let data = payload
        .data
        .as_ref()
        .map(|d| d.get().trim_matches('"').to_string());
    (payload.code, payload.message.to_string(), data)
}

#[tokio::test]
async fn chain_id_and_funded_dev_accounts() {
    let node = node();
    let provider = plain_provider(&node);
    assert_eq!(provider.get_chain_id().await.unwrap(), 412_346);
    let accounts = provider.get_accounts().await.unwrap();
    assert_eq!(accounts.len(), 3);
    assert_eq!(
        accounts[0],
        address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E")
    );
    assert_eq!(
        accounts[1],
        address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
    );
    for account in accounts {
        assert_eq!(
            provider.get_balance(account).await.unwrap(),
            DEV_BALANCE_WEI
        );
    }
    assert_eq!(provider.get_block_number().await.unwrap(), 0);
    assert_eq!(provider.get_gas_price().await.unwrap(), BASE_FEE);
}

#[tokio::test]
async fn transfer_mines_a_block_with_a_complete_receipt() {
    let node = node();
    let provider = wallet_provider(&node, 0);
    let sender = node.accounts()[0].address;
    let recipient = Address::with_last_byte(0x42);
    let value = U256::from(10u64).pow(U256::from(18));
    let tx = TransactionRequest::default()
        .with_to(recipient)
        .with_value(value);
    let receipt = mined(&provider, tx).await;
    assert!(receipt.status());
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(receipt.block_number, Some(1));
    assert_eq!(receipt.from, sender);
    assert_eq!(receipt.to, Some(recipient));
    assert_eq!(receipt.contract_address, None);
    assert_eq!(provider.get_balance(recipient).await.unwrap(), value);
    // The sender paid exactly what the receipt says.
    let fee = U256::from(u128::from(receipt.gas_used) * receipt.effective_gas_price);
    assert_eq!(
        provider.get_balance(sender).await.unwrap(),
        DEV_BALANCE_WEI - value - fee
    );
    assert_eq!(provider.get_transaction_count(sender).await.unwrap(), 1);

    let block = provider
        .get_block_by_number(1.into())
        .await
        .unwrap()
        .expect("block 1 exists");
    assert_eq!(block.header.hash, receipt.block_hash.unwrap());
    assert_eq!(
        block.transactions.hashes().collect::<Vec<_>>(),
        vec![receipt.transaction_hash]
    );
    let by_hash = provider
        .get_block_by_hash(block.header.hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_hash.header.number, 1);
    let tx = provider
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tx.inner.signer(), sender);
    assert_eq!(tx.block_number, Some(1));
}

#[tokio::test]
async fn tips_are_not_charged_as_on_nitro() {
    let node = node();
    let provider = wallet_provider(&node, 0);
    let sender = node.accounts()[0].address;
    let recipient = Address::with_last_byte(0x42);
    // An EIP-1559 tip, and a legacy gas price five times the base fee: both are dropped.
    let with_tip = TransactionRequest::default()
        .with_to(recipient)
        .with_max_fee_per_gas(3 * BASE_FEE)
        .with_max_priority_fee_per_gas(BASE_FEE);
    let legacy = TransactionRequest::default()
        .with_to(recipient)
        .with_gas_price(5 * BASE_FEE);
    for (tx, tx_type) in [(with_tip, TxType::Eip1559), (legacy, TxType::Legacy)] {
        let before = provider.get_balance(sender).await.unwrap();
        let receipt = mined(&provider, tx).await;
        assert!(receipt.status());
        assert_eq!(receipt.transaction_type(), tx_type);
        assert_eq!(receipt.gas_used, 21_000);
        let block = provider
            .get_block_by_number(receipt.block_number.unwrap().into())
            .await
            .unwrap()
            .expect("the receipt's block exists");
        let base_fee = u128::from(block.header.base_fee_per_gas.unwrap());
        assert_eq!(base_fee, BASE_FEE);
        assert_eq!(receipt.effective_gas_price, base_fee, "{tx_type}");
        let fee = U256::from(u128::from(receipt.gas_used) * base_fee);
        assert_eq!(
            provider.get_balance(sender).await.unwrap(),
            before - fee,
            "{tx_type}"
        );
        // No tip went to the coinbase.
        assert_eq!(
            provider
                .get_balance(block.header.beneficiary)
                .await
                .unwrap(),
            U256::ZERO
        );
    }
}

#[tokio::test]
async fn fee_cap_below_the_base_fee_is_rejected() {
    let node = node();
    let too_low = transfer(0, 412_346).with_max_fee_per_gas(BASE_FEE - 1);
    let legacy_too_low = TransactionRequest::default()
        .with_to(Address::with_last_byte(1))
        .with_nonce(0)
        .with_chain_id(412_346)
        .with_gas_limit(21_000)
        .with_gas_price(BASE_FEE - 1);
    for tx in [too_low, legacy_too_low] {
        let err = send_raw(&node, 1, tx).await.unwrap_err();
        let (code, message, _) = error_code(&err);
        assert_eq!(code, -32000);
        assert!(
            message.contains("max fee per gas less than block base fee"),
            "{message}"
        );
    }
    assert_eq!(plain_provider(&node).get_block_number().await.unwrap(), 0);
}

async fn send_raw(
    node: &stylus_devnode::NodeHandle,
    key_index: usize,
    tx: TransactionRequest,
) -> Result<B256, RpcError<TransportErrorKind>> {
    let wallet = EthereumWallet::from(signer(node, key_index));
    let envelope = tx
        .build(&wallet)
        .await
        .expect("the test transaction is complete");
    let provider = plain_provider(node);
    provider
        .send_raw_transaction(&envelope.encoded_2718())
        .await
        .map(|p| *p.tx_hash())
}

fn transfer(nonce: u64, chain_id: u64) -> TransactionRequest {
    TransactionRequest::default()
        .with_to(Address::with_last_byte(1))
        .with_value(U256::from(1))
        .with_nonce(nonce)
        .with_chain_id(chain_id)
        .with_gas_limit(21_000)
        .with_max_fee_per_gas(2 * BASE_FEE)
        .with_max_priority_fee_per_gas(0)
}

#[tokio::test]
async fn nonce_too_low_and_too_high_are_rejected() {
    let node = node();
    send_raw(&node, 1, transfer(0, 412_346))
        .await
        .expect("nonce 0 is accepted");
    let err = send_raw(&node, 1, transfer(0, 412_346)).await.unwrap_err();
    let (code, message, _) = error_code(&err);
    assert_eq!(code, -32000);
    assert!(message.contains("nonce too low"), "{message}");
    let err = send_raw(&node, 1, transfer(5, 412_346)).await.unwrap_err();
    assert!(error_code(&err).1.contains("nonce too high"));
    // Rejected transactions leave no block behind.
    assert_eq!(plain_provider(&node).get_block_number().await.unwrap(), 1);
}

#[tokio::test]
async fn insufficient_funds_and_wrong_chain_id_are_rejected() {
    let node = node();
    let poor = alloy::signers::local::PrivateKeySigner::from_bytes(&b256!(
        "0000000000000000000000000000000000000000000000000000000000000bad"
    ))
    .unwrap();
    let envelope = transfer(0, 412_346)
        .build(&EthereumWallet::from(poor))
        .await
        .unwrap();
    let err = plain_provider(&node)
        .send_raw_transaction(&envelope.encoded_2718())
        .await
        .unwrap_err();
    assert!(error_code(&err).1.contains("insufficient funds"), "{err}");

    let err = send_raw(&node, 1, transfer(0, 1)).await.unwrap_err();
    assert!(error_code(&err).1.contains("invalid chain id"), "{err}");
}

#[tokio::test]
async fn evm_contract_deploys_returns_logs_and_reverts_with_data() {
    let node = node();
    let provider = wallet_provider(&node, 1);
    let deploy = TransactionRequest::default()
        .with_kind(TxKind::Create)
        .with_input(initcode());
    let receipt = mined(&provider, deploy).await;
    assert!(receipt.status());
    let contract = receipt
        .contract_address
        .expect("a creation receipt names the contract");
    assert_eq!(provider.get_code_at(contract).await.unwrap(), runtime());

    let call = TransactionRequest::default().with_to(contract);
    let out = provider.call(call.clone()).await.unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));

    let receipt = mined(&provider, call).await;
    assert!(receipt.status());
    let logs = receipt.inner.logs();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].address(), contract);
    assert_eq!(logs[0].topics(), &[TOPIC]);
    assert_eq!(logs[0].log_index, Some(0));

    let filter = Filter::new()
        .address(contract)
        .event_signature(TOPIC)
        .from_block(0);
    let found = provider.get_logs(&filter).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].transaction_hash, Some(receipt.transaction_hash));
    let none = provider
        .get_logs(&Filter::new().address(Address::ZERO).from_block(0))
        .await
        .unwrap();
    assert!(none.is_empty());

    let reverting = TransactionRequest::default()
        .with_to(contract)
        .with_input(bytes!("deadbeef"));
    let err = provider.call(reverting.clone()).await.unwrap_err();
    let (code, _, data) = error_code(&err);
    assert_eq!(code, 3);
    assert_eq!(data.as_deref(), Some("0xdeadbeef"));
    let err = provider.estimate_gas(reverting).await.unwrap_err();
    assert_eq!(error_code(&err).0, 3);
}

#[tokio::test]
async fn eth_call_applies_state_overrides_without_committing() {
    let node = node();
    let provider = plain_provider(&node);
    let target = Address::with_last_byte(0x77);
    let mut overrides = StateOverride::default();
    overrides.insert(
        target,
        AccountOverride {
            code: Some(runtime()),
            balance: Some(U256::from(5)),
            ..Default::default()
        },
    );
    let out = provider
        .call(TransactionRequest::default().with_to(target))
        .overrides(overrides)
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));
    assert!(provider.get_code_at(target).await.unwrap().is_empty());
    assert_eq!(provider.get_balance(target).await.unwrap(), U256::ZERO);
}

#[tokio::test]
async fn node_signs_eth_send_transaction_for_dev_accounts_only() {
    let node = node();
    let provider = plain_provider(&node);
    let from = node.accounts()[2].address;
    let tx = TransactionRequest::default()
        .with_from(from)
        .with_to(Address::with_last_byte(3))
        .with_value(U256::from(7));
    let receipt = mined(&provider, tx).await;
    assert!(receipt.status());
    let mined = provider
        .get_transaction_by_hash(receipt.transaction_hash)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mined.inner.signer(), from);

    let stranger = TransactionRequest::default()
        .with_from(Address::with_last_byte(0x99))
        .with_to(Address::with_last_byte(3))
        .with_gas_limit(21_000);
    assert!(provider.send_transaction(stranger).await.is_err());
}

#[tokio::test]
async fn block_filter_reports_new_blocks_once() {
    let node = node();
    let provider = wallet_provider(&node, 0);
    let id: U256 = provider
        .raw_request("eth_newBlockFilter".into(), ())
        .await
        .unwrap();
    let tx = TransactionRequest::default().with_to(Address::with_last_byte(1));
    let receipt = mined(&provider, tx).await;
    let changes: Vec<B256> = provider
        .raw_request("eth_getFilterChanges".into(), (id,))
        .await
        .unwrap();
    assert_eq!(changes, vec![receipt.block_hash.unwrap()]);
    let again: Vec<B256> = provider
        .raw_request("eth_getFilterChanges".into(), (id,))
        .await
        .unwrap();
    assert!(again.is_empty());
}

#[tokio::test]
async fn fee_history_reports_the_base_fee_and_zero_tips() {
    let node = node();
    let provider = plain_provider(&node);
    let history = provider
        .get_fee_history(1, 0.into(), &[50.0])
        .await
        .unwrap();
    assert_eq!(history.oldest_block, 0);
    assert_eq!(history.base_fee_per_gas, vec![BASE_FEE, BASE_FEE]);
    assert_eq!(history.reward, Some(vec![vec![0]]));
}

#[tokio::test]
async fn reads_at_an_earlier_block_see_that_blocks_state() {
    let node = node();
    let provider = wallet_provider(&node, 0);
    let recipient = Address::with_last_byte(0x61);
    for _ in 0..2 {
        let tx = TransactionRequest::default()
            .with_to(recipient)
            .with_value(U256::from(10));
        mined(&provider, tx).await;
    }
    let at = |n: u64| provider.get_balance(recipient).block_id(n.into());
    assert_eq!(at(0).await.unwrap(), U256::ZERO);
    assert_eq!(at(1).await.unwrap(), U256::from(10));
    assert_eq!(at(2).await.unwrap(), U256::from(20));
    assert!(at(3).await.is_err(), "a block that does not exist yet");
    let nonce = provider
        .get_transaction_count(node.accounts()[0].address)
        .block_id(1.into());
    assert_eq!(nonce.await.unwrap(), 1);
}

#[tokio::test]
async fn concurrent_senders_are_all_mined_one_block_each() {
    let node = node();
    let sends = (0..3).map(|index| {
        let provider = wallet_provider(&node, index);
        async move {
            let mut receipts = Vec::new();
            for _ in 0..5 {
                let tx = TransactionRequest::default()
                    .with_to(Address::with_last_byte(0x70))
                    .with_value(U256::from(1));
                let pending = provider.send_transaction(tx).await.unwrap();
                receipts.push(pending.get_receipt().await.unwrap());
            }
            receipts
        }
    });
    let all: Vec<_> = futures_join_all(sends)
        .await
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(all.len(), 15);
    assert!(all.iter().all(|r| r.status()));
    let provider = plain_provider(&node);
    assert_eq!(provider.get_block_number().await.unwrap(), 15);
    assert_eq!(
        provider
            .get_balance(Address::with_last_byte(0x70))
            .await
            .unwrap(),
        U256::from(15)
    );
}

/// Runs futures concurrently on the test runtime and collects their outputs in order.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("the sender task completes"));
    }
    out
}
