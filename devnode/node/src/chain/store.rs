//! Mined blocks and transactions as the node keeps them, and their JSON-RPC views.

use alloy_consensus::{
    proofs::{calculate_receipt_root, calculate_transaction_root},
    Eip658Value, Header, Receipt, ReceiptEnvelope, ReceiptWithBloom, Transaction as _, TxEnvelope,
    TxType,
};
use alloy_eips::eip2718::Encodable2718;
use alloy_primitives::{Address, Bloom, Bytes, B256, B64, U256};
use alloy_rpc_types_eth::{
    Block as RpcBlock, BlockTransactions, Header as RpcHeader, Log as RpcLog,
    Transaction as RpcTransaction, TransactionReceipt,
};
use devnode_evm::{BlockInfo, Outcome};
use serde::{Deserialize, Serialize};

/// ArbOS version reported in the block header's mix hash, as Nitro encodes it.
const ARBOS_FORMAT_VERSION: u64 = devnode_evm::ARBOS_VERSION;

/// A mined transaction with its execution result.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct StoredTx {
    /// The transaction as signed (placeholder signature when impersonated).
    pub envelope: TxEnvelope,
    /// Its sender.
    pub from: Address,
    /// What execution produced.
    pub outcome: Outcome,
    /// Gas used by this and the earlier transactions of the block.
    pub cumulative_gas_used: u64,
    /// Price per gas actually paid, in wei.
    pub effective_gas_price: u128,
    /// Sent by an impersonated account (kept to execute the transaction again for a trace;
    /// absent from state files written before it existed).
    #[serde(default)]
    pub impersonated: bool,
}

impl StoredTx {
    /// The transaction hash.
    pub fn hash(&self) -> B256 {
        *self.envelope.tx_hash()
    }

    /// The transaction as the executor takes it.
    pub fn request(&self) -> devnode_evm::TxRequest {
        crate::tx::to_evm_request(&crate::tx::SenderTx {
            envelope: self.envelope.clone(),
            from: self.from,
            impersonated: self.impersonated,
        })
    }

    fn consensus_receipt(&self) -> ReceiptEnvelope {
        let receipt = Receipt {
            status: Eip658Value::Eip658(self.outcome.is_success()),
            cumulative_gas_used: self.cumulative_gas_used,
            logs: self.outcome.logs.clone(),
        };
        let with_bloom = ReceiptWithBloom::from(receipt);
        match self.envelope.tx_type() {
            TxType::Legacy => ReceiptEnvelope::Legacy(with_bloom),
            TxType::Eip2930 => ReceiptEnvelope::Eip2930(with_bloom),
            TxType::Eip4844 => ReceiptEnvelope::Eip4844(with_bloom),
            TxType::Eip7702 => ReceiptEnvelope::Eip7702(with_bloom),
            TxType::Eip1559 => ReceiptEnvelope::Eip1559(with_bloom),
        }
    }

    /// The logs bloom of this transaction's receipt.
    pub fn bloom(&self) -> Bloom {
        self.consensus_receipt().logs_bloom().to_owned()
    }
}

/// A mined block.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct StoredBlock {
    /// The sealed header.
    pub header: Header,
    /// keccak256 of the RLP header.
    pub hash: B256,
    /// Its transactions in order.
    pub txs: Vec<StoredTx>,
}

impl StoredBlock {
    /// Seals a block from its execution environment and transactions.
    pub fn seal(parent_hash: B256, info: &BlockInfo, txs: Vec<StoredTx>) -> Self {
        let envelopes: Vec<TxEnvelope> = txs.iter().map(|t| t.envelope.clone()).collect();
        let receipts: Vec<ReceiptEnvelope> = txs.iter().map(StoredTx::consensus_receipt).collect();
        let mut logs_bloom = Bloom::ZERO;
        for receipt in &receipts {
            logs_bloom |= *receipt.logs_bloom();
        }
        let mut mix = [0u8; 32];
        mix[8..16].copy_from_slice(&info.l1_block_number.to_be_bytes());
        mix[16..24].copy_from_slice(&ARBOS_FORMAT_VERSION.to_be_bytes());
        let header = Header {
            parent_hash,
            ommers_hash: alloy_consensus::EMPTY_OMMER_ROOT_HASH,
            beneficiary: info.coinbase,
            // The devnode keeps no state trie; the root is reported as zero (see crate docs).
            state_root: B256::ZERO,
            transactions_root: calculate_transaction_root(&envelopes),
            receipts_root: calculate_receipt_root(&receipts),
            logs_bloom,
            // Nitro reports difficulty 1 on every block.
            difficulty: U256::from(1),
            number: info.number,
            gas_limit: info.gas_limit,
            gas_used: txs.last().map_or(0, |t| t.cumulative_gas_used),
            timestamp: info.timestamp,
            extra_data: Bytes::new(),
            mix_hash: B256::from(mix),
            nonce: B64::from(info.l1_block_number),
            base_fee_per_gas: Some(info.base_fee),
            withdrawals_root: None,
            blob_gas_used: None,
            excess_blob_gas: None,
            parent_beacon_block_root: None,
            requests_hash: None,
            block_access_list_hash: None,
            slot_number: None,
        };
        let hash = header.hash_slow();
        Self { header, hash, txs }
    }

    /// The block number.
    pub fn number(&self) -> u64 {
        self.header.number
    }

    /// The JSON-RPC view of the block, with full transactions or only their hashes.
    pub fn to_rpc(&self, full: bool) -> RpcBlock {
        let transactions = if full {
            BlockTransactions::Full(
                (0..self.txs.len())
                    .map(|index| self.rpc_transaction(index))
                    .collect(),
            )
        } else {
            BlockTransactions::Hashes(self.txs.iter().map(StoredTx::hash).collect())
        };
        let size = alloy_rlp::encode(&self.header).len()
            + self
                .txs
                .iter()
                .map(|t| t.envelope.encode_2718_len())
                .sum::<usize>();
        RpcBlock {
            header: RpcHeader {
                hash: self.hash,
                inner: self.header.clone(),
                total_difficulty: Some(U256::from(self.header.number + 1)),
                size: Some(U256::from(size)),
            },
            uncles: Vec::new(),
            transactions,
            withdrawals: None,
        }
    }

    /// The JSON-RPC view of transaction `index` of this block.
    ///
    /// The caller guarantees `index < self.txs.len()`.
    pub fn rpc_transaction(&self, index: usize) -> RpcTransaction {
        let tx = &self.txs[index];
        RpcTransaction {
            inner: alloy_consensus::transaction::Recovered::new_unchecked(
                tx.envelope.clone(),
                tx.from,
            ),
            block_hash: Some(self.hash),
            block_number: Some(self.header.number),
            transaction_index: Some(index as u64),
            effective_gas_price: Some(tx.effective_gas_price),
            block_timestamp: Some(self.header.timestamp),
        }
    }

    /// Index of the first log of transaction `index` within the block.
    fn first_log_index(&self, index: usize) -> u64 {
        self.txs[..index]
            .iter()
            .map(|t| t.outcome.logs.len() as u64)
            .sum()
    }

    /// The JSON-RPC logs of transaction `index`.
    pub fn rpc_logs(&self, index: usize) -> Vec<RpcLog> {
        let tx = &self.txs[index];
        let first = self.first_log_index(index);
        tx.outcome
            .logs
            .iter()
            .enumerate()
            .map(|(i, log)| RpcLog {
                inner: log.clone(),
                block_hash: Some(self.hash),
                block_number: Some(self.header.number),
                block_timestamp: Some(self.header.timestamp),
                transaction_hash: Some(tx.hash()),
                transaction_index: Some(index as u64),
                log_index: Some(first + i as u64),
                removed: false,
            })
            .collect()
    }

    /// All JSON-RPC logs of the block, in order.
    pub fn all_rpc_logs(&self) -> Vec<RpcLog> {
        (0..self.txs.len())
            .flat_map(|index| self.rpc_logs(index))
            .collect()
    }

    /// The JSON-RPC receipt of transaction `index`.
    pub fn rpc_receipt(&self, index: usize) -> TransactionReceipt {
        let tx = &self.txs[index];
        let gas_used = if index == 0 {
            tx.cumulative_gas_used
        } else {
            tx.cumulative_gas_used - self.txs[index - 1].cumulative_gas_used
        };
        let receipt = Receipt {
            status: Eip658Value::Eip658(tx.outcome.is_success()),
            cumulative_gas_used: tx.cumulative_gas_used,
            logs: self.rpc_logs(index),
        };
        let with_bloom = ReceiptWithBloom {
            receipt,
            logs_bloom: tx.bloom(),
        };
        let inner = match tx.envelope.tx_type() {
            TxType::Legacy => ReceiptEnvelope::Legacy(with_bloom),
            TxType::Eip2930 => ReceiptEnvelope::Eip2930(with_bloom),
            TxType::Eip4844 => ReceiptEnvelope::Eip4844(with_bloom),
            TxType::Eip7702 => ReceiptEnvelope::Eip7702(with_bloom),
            TxType::Eip1559 => ReceiptEnvelope::Eip1559(with_bloom),
        };
        TransactionReceipt {
            inner,
            transaction_hash: tx.hash(),
            transaction_index: Some(index as u64),
            block_hash: Some(self.hash),
            block_number: Some(self.header.number),
            gas_used,
            effective_gas_price: tx.effective_gas_price,
            blob_gas_used: None,
            blob_gas_price: None,
            from: tx.from,
            to: tx.envelope.to(),
            contract_address: tx.outcome.created_address,
        }
    }
}
