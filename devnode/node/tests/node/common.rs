//! Shared helpers: spawning a node and building providers.

use alloy::{
    network::EthereumWallet,
    providers::{Provider, ProviderBuilder},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
};
use stylus_devnode::{spawn, NodeConfig, NodeHandle};

/// A node on a free port with 2 anvil accounts besides the Nitro dev key.
pub fn node() -> NodeHandle {
    spawn(NodeConfig {
        extra_accounts: 2,
        ..NodeConfig::test()
    })
    .expect("the node starts")
}

/// The signer of dev account `index` of `node`.
pub fn signer(node: &NodeHandle, index: usize) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&node.accounts()[index].key).expect("dev keys are valid")
}

/// A provider that signs with dev account `index`. Nonces are fetched for every transaction
/// (not cached), so several providers may send for the same account.
pub fn wallet_provider(node: &NodeHandle, index: usize) -> impl Provider + Clone {
    let wallet = EthereumWallet::from(signer(node, index));
    ProviderBuilder::new()
        .disable_recommended_fillers()
        .with_gas_estimation()
        .with_simple_nonce_management()
        .fetch_chain_id()
        .wallet(wallet)
        .connect_http(node.endpoint().parse().expect("the endpoint is a URL"))
}

/// A provider without a wallet: `eth_sendTransaction` is signed (or impersonated) by the node.
pub fn plain_provider(node: &NodeHandle) -> impl Provider + Clone {
    ProviderBuilder::new().connect_http(node.endpoint().parse().expect("the endpoint is a URL"))
}

/// Sends `tx` and waits for its receipt (panics if the node refuses it).
pub async fn mined(provider: &impl Provider, tx: TransactionRequest) -> TransactionReceipt {
    provider
        .send_transaction(tx)
        .await
        .expect("the node accepts the transaction")
        .get_receipt()
        .await
        .expect("the transaction is mined")
}
