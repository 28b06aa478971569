//! A connection to a node with one or more local signers, and the transaction helpers every
//! command uses.

use alloy::{
    contract::{CallBuilder, CallDecoder},
    eips::BlockNumberOrTag,
    network::EthereumWallet,
    primitives::{keccak256, Address, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
};

use crate::{Error, Result};

/// A provider that signs with the keys it was given (the first is the default sender).
#[derive(Clone, Debug)]
pub struct Client {
    /// The provider, with a wallet holding every signer.
    pub provider: DynProvider,
    /// The default sender (the first key).
    pub sender: Address,
    /// The node's chain id.
    pub chain_id: u64,
}

/// Parses a hex private key (with or without `0x`), never echoing it in an error.
pub fn parse_private_key(text: &str) -> Result<PrivateKeySigner> {
    text.trim()
        .parse::<PrivateKeySigner>()
        .map_err(|_| Error::Invalid("the private key is not 32 bytes of hex".into()))
}

/// Derives `count` fresh keys from `seed` (keccak256 chain): accounts for demo actors and test
/// users that a funder then pays for gas, on any node.
pub fn derive_signers(seed: B256, count: usize) -> Vec<PrivateKeySigner> {
    let mut out = Vec::with_capacity(count);
    let mut state = seed;
    while out.len() < count {
        state = keccak256(state);
        // A hash is a valid secp256k1 scalar except with negligible probability; skip it if not.
        if let Ok(signer) = PrivateKeySigner::from_bytes(&state) {
            out.push(signer);
        }
    }
    out
}

impl Client {
    /// Connects to `url` with `signers` (at least one; the first is the default sender).
    pub async fn connect(url: &str, signers: Vec<PrivateKeySigner>) -> Result<Self> {
        let mut signers = signers.into_iter();
        let first = signers
            .next()
            .ok_or_else(|| Error::Invalid("a private key is required".into()))?;
        let sender = first.address();
        let mut wallet = EthereumWallet::new(first);
        for signer in signers {
            wallet.register_signer(signer);
        }
        let url = url
            .parse()
            .map_err(|e| Error::Invalid(format!("bad RPC URL {url:?}: {e}")))?;
        // Nonces are asked from the node for every transaction (not cached), so that a
        // transaction refused at gas estimation (a revert) never leaves a nonce gap behind.
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .with_gas_estimation()
            .with_simple_nonce_management()
            .fetch_chain_id()
            .wallet(wallet)
            .connect_http(url)
            .erased();
        let chain_id = provider.get_chain_id().await?;
        Ok(Self {
            provider,
            sender,
            chain_id,
        })
    }

    /// A client on the same connection that signs with additional keys too (the default sender
    /// is unchanged).
    pub async fn with_signers(
        url: &str,
        default: PrivateKeySigner,
        others: &[PrivateKeySigner],
    ) -> Result<Self> {
        let mut all = vec![default];
        all.extend(others.iter().cloned());
        Self::connect(url, all).await
    }

    /// Timestamp of the latest block.
    pub async fn now(&self) -> Result<u64> {
        let block = self
            .provider
            .get_block_by_number(BlockNumberOrTag::Latest)
            .await?
            .ok_or_else(|| Error::Rpc("the node has no latest block".into()))?;
        Ok(block.header.timestamp)
    }

    /// Latest block number.
    pub async fn block_number(&self) -> Result<u64> {
        Ok(self.provider.get_block_number().await?)
    }

    /// Whether the node has the anvil/hardhat time-travel methods (nitro-devnode and real
    /// chains do not).
    pub async fn supports_time_travel(&self) -> bool {
        self.provider
            .raw_request::<_, serde_json::Value>("evm_increaseTime".into(), (0u64,))
            .await
            .is_ok()
    }

    /// Moves the chain's clock forward by `seconds` and mines a block.
    pub async fn increase_time(&self, seconds: u64) -> Result<()> {
        self.provider
            .raw_request::<_, serde_json::Value>("evm_increaseTime".into(), (seconds,))
            .await
            .map_err(|e| {
                Error::Rpc(format!(
                    "evm_increaseTime: {e} (the node has no time travel)"
                ))
            })?;
        self.mine().await
    }

    /// Mines one empty block.
    pub async fn mine(&self) -> Result<()> {
        self.provider
            .raw_request::<_, serde_json::Value>("evm_mine".into(), ())
            .await
            .map_err(|e| Error::Rpc(format!("evm_mine: {e}")))?;
        Ok(())
    }

    /// Sends `value` wei to `to` from the default sender.
    pub async fn fund(&self, to: Address, value: U256) -> Result<TransactionReceipt> {
        let tx = alloy::rpc::types::TransactionRequest::default()
            .from(self.sender)
            .to(to)
            .value(value);
        let receipt = self
            .provider
            .send_transaction(tx)
            .await?
            .get_receipt()
            .await?;
        if !receipt.status() {
            return Err(Error::TxFailed(receipt.transaction_hash));
        }
        Ok(receipt)
    }
}

/// Gas limit sent, as a percentage of `eth_estimateGas`. The estimate is exact for the block it
/// ran on, but the transaction lands in a later block, where time-dependent paths (premium that
/// vested in the meantime, a cover window that moved) can cost a little more; without headroom
/// such a transaction runs out of gas. Unused gas is not charged. (Forge scripts use 130 % too.)
pub const GAS_LIMIT_PERCENT: u64 = 130;

/// Sends a contract call as a transaction, with [`GAS_LIMIT_PERCENT`] of its gas estimate as the
/// limit, and waits for its receipt. A revert during gas estimation comes back as
/// [`Error::Reverted`] with the decoded Solidity error; a mined failure as [`Error::TxFailed`].
pub async fn send<P, D>(call: CallBuilder<P, D>) -> Result<TransactionReceipt>
where
    P: Provider,
    D: CallDecoder,
{
    let estimate = call.estimate_gas().await?;
    let call = call.gas(estimate.saturating_mul(GAS_LIMIT_PERCENT) / 100);
    let pending = call.send().await?;
    let receipt = pending.get_receipt().await?;
    if !receipt.status() {
        return Err(Error::TxFailed(receipt.transaction_hash));
    }
    Ok(receipt)
}
