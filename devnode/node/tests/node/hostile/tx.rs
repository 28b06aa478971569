//! Transactions.

use alloy::{
    consensus::{SignableTransaction, TxEip1559, TxEip2930, TxEip7702, TxEnvelope, TxLegacy},
    eips::eip2718::Encodable2718,
    primitives::{Address, Bytes, TxKind, B256, U256},
    signers::{local::PrivateKeySigner, SignerSync},
};

use super::{BASE_FEE, CHAIN_ID};

#[derive(Clone)]
pub(super) struct TxSpec {
    /// 0 legacy, 1 EIP-2930, 2 EIP-1559, 4 EIP-7702.
    pub(super) kind: u8,
    pub(super) chain_id: Option<u64>,
    pub(super) nonce: u64,
    pub(super) gas_limit: u64,
    pub(super) fee: u128,
    pub(super) tip: u128,
    pub(super) to: TxKind,
    pub(super) value: U256,
    pub(super) input: Bytes,
}

impl TxSpec {
    pub(super) fn transfer(nonce: u64) -> Self {
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
    pub(super) fn sign(&self, key: &PrivateKeySigner) -> (Vec<u8>, B256) {
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
