//! Load against one JSON-RPC node: transactions signed before the clock starts, then sent one at
//! a time (each waits for its receipt) or pipelined (all sent, then every receipt fetched), and
//! sequential `eth_call`s. Setup goes through alloy; the timed loops through [`Wire`]. Every
//! receipt must report success, or the figure would measure failures.

use std::time::Instant;

use alloy::{
    network::{
        eip2718::Encodable2718, EthereumWallet, NetworkTransactionBuilder, TransactionBuilder,
    },
    primitives::{Address, Bytes, TxKind, B256, U256},
    providers::{Provider, ProviderBuilder, RootProvider},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
};
use eyre::{bail, eyre, Result, WrapErr};

use crate::wire::{result_string, Wire};

/// Fee cap every benchmark transaction signs: 1 gwei, above both nodes' base fees.
const MAX_FEE_PER_GAS: u128 = 1_000_000_000;

/// A node under load, and the one account that signs every benchmark transaction.
pub struct Target {
    /// Name in the report.
    pub name: &'static str,
    /// A provider without fillers: nothing but the requests the benchmark makes.
    pub provider: RootProvider,
    url: String,
    chain_id: u64,
    signer: PrivateKeySigner,
    wallet: EthereumWallet,
    nonce: u64,
}

/// One transaction to sign many times: target, calldata, gas limit.
#[derive(Clone, Debug)]
pub struct Call {
    /// Recipient, or `None` for a creation.
    pub to: Option<Address>,
    /// Calldata (or initcode).
    pub input: Bytes,
    /// Value in wei.
    pub value: U256,
}

impl Call {
    /// A call of `to` with `input`.
    pub fn to(to: Address, input: impl Into<Bytes>) -> Self {
        Self {
            to: Some(to),
            input: input.into(),
            value: U256::ZERO,
        }
    }

    fn request(&self, from: Address) -> TransactionRequest {
        let request = TransactionRequest::default()
            .with_from(from)
            .with_input(self.input.clone())
            .with_value(self.value);
        match self.to {
            Some(to) => request.with_to(to),
            None => request.with_kind(TxKind::Create),
        }
    }
}

impl Target {
    /// Connects to `url` with `signer` (funded there).
    pub async fn connect(name: &'static str, url: &str, signer: PrivateKeySigner) -> Result<Self> {
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(
                url.parse()
                    .wrap_err_with(|| format!("bad node url {url}"))?,
            );
        let chain_id = provider.get_chain_id().await?;
        let nonce = provider.get_transaction_count(signer.address()).await?;
        Ok(Self {
            name,
            provider,
            url: url.to_string(),
            chain_id,
            wallet: EthereumWallet::from(signer.clone()),
            signer,
            nonce,
        })
    }

    /// The signing account.
    pub fn address(&self) -> Address {
        self.signer.address()
    }

    /// `count` signed copies of `call` with consecutive nonces and 150% of its estimated gas.
    pub async fn sign(&mut self, call: &Call, count: usize) -> Result<Vec<Bytes>> {
        let request = call.request(self.address());
        let gas = self
            .provider
            .estimate_gas(request.clone())
            .await
            .wrap_err_with(|| format!("{}: estimating {call:?}", self.name))?;
        let mut signed = Vec::with_capacity(count);
        for _ in 0..count {
            let tx = request
                .clone()
                .with_nonce(self.nonce)
                .with_chain_id(self.chain_id)
                .with_gas_limit(gas * 3 / 2)
                .with_max_fee_per_gas(MAX_FEE_PER_GAS)
                .with_max_priority_fee_per_gas(0)
                .build(&self.wallet)
                .await?;
            signed.push(tx.encoded_2718().into());
            self.nonce += 1;
        }
        Ok(signed)
    }

    /// Signs and sends `call` once and waits for its successful receipt (setup steps).
    pub async fn send(&mut self, call: &Call) -> Result<TransactionReceipt> {
        let raw = self.sign(call, 1).await?;
        let hash = self.send_raw(&raw[0]).await?;
        self.receipt(hash).await
    }

    async fn send_raw(&self, raw: &Bytes) -> Result<B256> {
        let pending = self.provider.send_raw_transaction(raw).await?;
        Ok(*pending.tx_hash())
    }

    async fn receipt(&self, hash: B256) -> Result<TransactionReceipt> {
        // Both nodes auto-mine; anvil may need a moment before the receipt exists.
        for _ in 0..1000 {
            if let Some(receipt) = self.provider.get_transaction_receipt(hash).await? {
                if !receipt.status() {
                    bail!("{}: transaction {hash} failed", self.name);
                }
                return Ok(receipt);
            }
            tokio::task::yield_now().await;
        }
        Err(eyre!("{}: no receipt for {hash}", self.name))
    }

    /// Transactions per second, each sent and its receipt awaited before the next.
    pub fn sequential(&self, txs: &[Bytes]) -> Result<f64> {
        let params = raw_params(txs);
        let mut wire = Wire::connect(&self.url)?;
        let start = Instant::now();
        for p in &params {
            let hash = sent_hash(&wire.request("eth_sendRawTransaction", p)?)?;
            self.await_receipt(&mut wire, &hash)?;
        }
        Ok(txs.len() as f64 / start.elapsed().as_secs_f64())
    }

    /// Transactions per second, all sent back to back, then every receipt fetched.
    pub fn pipelined(&self, txs: &[Bytes]) -> Result<f64> {
        let params = raw_params(txs);
        let mut wire = Wire::connect(&self.url)?;
        let start = Instant::now();
        let mut hashes = Vec::with_capacity(txs.len());
        for p in &params {
            hashes.push(sent_hash(&wire.request("eth_sendRawTransaction", p)?)?);
        }
        for hash in &hashes {
            self.await_receipt(&mut wire, hash)?;
        }
        Ok(txs.len() as f64 / start.elapsed().as_secs_f64())
    }

    fn await_receipt(&self, wire: &mut Wire, hash: &str) -> Result<()> {
        let params = format!(r#"["{hash}"]"#);
        for _ in 0..10_000 {
            let response = wire.request("eth_getTransactionReceipt", &params)?;
            if response.contains(r#""result":null"#) {
                std::thread::yield_now();
                continue;
            }
            if !response.contains(r#""status":"0x1""#) {
                bail!("{}: transaction {hash} failed: {response}", self.name);
            }
            return Ok(());
        }
        Err(eyre!("{}: no receipt for {hash}", self.name))
    }

    /// `eth_chainId` requests per second, one at a time: the cost of a request that does nothing.
    pub fn pings(&self, count: usize) -> Result<f64> {
        let mut wire = Wire::connect(&self.url)?;
        let start = Instant::now();
        for _ in 0..count {
            wire.request("eth_chainId", "[]")?;
        }
        Ok(count as f64 / start.elapsed().as_secs_f64())
    }

    /// `eth_call`s per second of `call`, one at a time.
    pub fn calls(&self, call: &Call, count: usize) -> Result<f64> {
        let to = call.to.ok_or_else(|| eyre!("eth_call needs a target"))?;
        let params = format!(
            r#"[{{"from":"{}","to":"{to}","data":"{}"}},"latest"]"#,
            self.address(),
            call.input
        );
        let mut wire = Wire::connect(&self.url)?;
        wire.request("eth_call", &params)?;
        let start = Instant::now();
        for _ in 0..count {
            wire.request("eth_call", &params)?;
        }
        Ok(count as f64 / start.elapsed().as_secs_f64())
    }
}

/// `eth_sendRawTransaction` params of each transaction.
fn raw_params(txs: &[Bytes]) -> Vec<String> {
    txs.iter().map(|raw| format!(r#"["{raw}"]"#)).collect()
}

fn sent_hash(response: &str) -> Result<String> {
    result_string(response)
        .map(str::to_string)
        .ok_or_else(|| eyre!("eth_sendRawTransaction answered {response}"))
}
