//! Transactions: decoding signed raw transactions, recovering senders, building and signing the
//! node's own transactions (`eth_sendTransaction`), and converting them to `devnode-evm` requests.

use alloy_consensus::{
    transaction::SignerRecoverable, SignableTransaction, Signed, Transaction as _, TxEip1559,
    TxEip2930, TxEnvelope, TxLegacy,
};
use alloy_eips::eip2718::Decodable2718;
use alloy_primitives::{keccak256, Address, Bytes, Signature, TxKind, U256};
use alloy_rpc_types_eth::TransactionRequest;
use devnode_evm::{AccessListEntry, Fees, TxRequest};
use k256::ecdsa::SigningKey;

use crate::rpc::jsonrpc::RpcError;

/// A transaction with its (recovered or asserted) sender.
#[derive(Clone, Debug)]
pub struct SenderTx {
    /// The signed envelope (a placeholder signature for impersonated senders).
    pub envelope: TxEnvelope,
    /// Who sends it.
    pub from: Address,
    /// Sent by an impersonated account: no signature was checked and the sender may have code.
    pub impersonated: bool,
}

/// Decodes an EIP-2718 encoded transaction (legacy with or without EIP-155, EIP-2930 or
/// EIP-1559) and recovers its sender.
pub fn decode_raw(raw: &[u8], chain_id: u64) -> Result<SenderTx, RpcError> {
    let mut buf = raw;
    let envelope = TxEnvelope::decode_2718(&mut buf)
        .map_err(|e| RpcError::server(format!("failed to decode transaction: {e}")))?;
    if !buf.is_empty() {
        return Err(RpcError::server(
            "failed to decode transaction: trailing bytes",
        ));
    }
    match &envelope {
        TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
        TxEnvelope::Eip4844(_) => {
            return Err(RpcError::server(
                "transaction type not supported: blob transactions",
            ))
        }
        TxEnvelope::Eip7702(_) => {
            return Err(RpcError::server("transaction type not supported: EIP-7702"))
        }
    }
    if let Some(tx_chain) = envelope.chain_id() {
        if tx_chain != chain_id {
            return Err(RpcError::server(format!(
                "invalid chain id for signer: have {tx_chain} want {chain_id}"
            )));
        }
    }
    let from = envelope
        .recover_signer()
        .map_err(|_| RpcError::server("invalid sender: invalid transaction signature"))?;
    Ok(SenderTx {
        envelope,
        from,
        impersonated: false,
    })
}

/// Converts a transaction to the executor's request type.
pub fn to_evm_request(tx: &SenderTx) -> TxRequest {
    let envelope = &tx.envelope;
    let fees = match envelope {
        TxEnvelope::Eip1559(signed) => Fees::Eip1559 {
            max_fee_per_gas: signed.tx().max_fee_per_gas,
            max_priority_fee_per_gas: signed.tx().max_priority_fee_per_gas,
        },
        _ => Fees::Legacy {
            gas_price: envelope.gas_price().unwrap_or_default(),
        },
    };
    let access_list = envelope
        .access_list()
        .map(|list| {
            list.iter()
                .map(|item| AccessListEntry {
                    address: item.address,
                    storage_keys: item.storage_keys.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    TxRequest {
        from: tx.from,
        to: envelope.to(),
        value: envelope.value(),
        input: envelope.input().clone(),
        nonce: envelope.nonce(),
        gas_limit: envelope.gas_limit(),
        fees,
        chain_id: envelope.chain_id(),
        access_list,
        tx_type: envelope.tx_type() as u8,
        impersonated: tx.impersonated,
    }
}

/// Fills what `eth_sendTransaction` leaves out and builds the unsigned transaction: legacy when
/// `gasPrice` is given, EIP-2930 with an access list and `gasPrice`, EIP-1559 otherwise.
pub struct Defaults {
    /// Chain id to sign for.
    pub chain_id: u64,
    /// Nonce to use when none is given (the pending nonce).
    pub nonce: u64,
    /// Gas limit to use when none is given (an estimate).
    pub gas: u64,
    /// Base fee of the next block, in wei.
    pub base_fee: u128,
}

/// An unsigned transaction built from a request.
pub enum Unsigned {
    /// Legacy (EIP-155).
    Legacy(TxLegacy),
    /// EIP-2930.
    Eip2930(TxEip2930),
    /// EIP-1559.
    Eip1559(TxEip1559),
}

/// Builds the unsigned transaction for `eth_sendTransaction`.
pub fn build_unsigned(
    request: &TransactionRequest,
    defaults: &Defaults,
) -> Result<Unsigned, RpcError> {
    if request.blob_versioned_hashes.is_some() || request.sidecar.is_some() {
        return Err(RpcError::invalid_params(
            "blob transactions are not supported",
        ));
    }
    if request.authorization_list.is_some() {
        return Err(RpcError::invalid_params(
            "EIP-7702 transactions are not supported",
        ));
    }
    if let Some(chain_id) = request.chain_id {
        if chain_id != defaults.chain_id {
            return Err(RpcError::server(format!(
                "invalid chain id: have {chain_id} want {}",
                defaults.chain_id
            )));
        }
    }
    let to = request.to.unwrap_or(TxKind::Create);
    let input: Bytes = request.input.input().cloned().unwrap_or_default();
    let nonce = request.nonce.unwrap_or(defaults.nonce);
    let gas_limit = request.gas.unwrap_or(defaults.gas);
    let value = request.value.unwrap_or(U256::ZERO);
    let chain_id = defaults.chain_id;
    if let Some(gas_price) = request.gas_price {
        if request.max_fee_per_gas.is_some() || request.max_priority_fee_per_gas.is_some() {
            return Err(RpcError::invalid_params(
                "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified",
            ));
        }
        return Ok(match &request.access_list {
            Some(access_list) => Unsigned::Eip2930(TxEip2930 {
                chain_id,
                nonce,
                gas_price,
                gas_limit,
                to,
                value,
                access_list: access_list.clone(),
                input,
            }),
            None => Unsigned::Legacy(TxLegacy {
                chain_id: Some(chain_id),
                nonce,
                gas_price,
                gas_limit,
                to,
                value,
                input,
            }),
        });
    }
    let max_priority_fee_per_gas = request.max_priority_fee_per_gas.unwrap_or(0);
    let max_fee_per_gas = request.max_fee_per_gas.unwrap_or_else(|| {
        defaults
            .base_fee
            .saturating_mul(2)
            .saturating_add(max_priority_fee_per_gas)
    });
    Ok(Unsigned::Eip1559(TxEip1559 {
        chain_id,
        nonce,
        gas_limit,
        max_fee_per_gas,
        max_priority_fee_per_gas,
        to,
        value,
        access_list: request.access_list.clone().unwrap_or_default(),
        input,
    }))
}

/// Signs `tx` with `key`.
pub fn sign(tx: Unsigned, key: &SigningKey, from: Address) -> Result<SenderTx, RpcError> {
    fn signed<T: SignableTransaction<Signature>>(
        tx: T,
        key: &SigningKey,
    ) -> Result<Signed<T>, RpcError> {
        let hash = tx.signature_hash();
        let (sig, recid) = key
            .sign_prehash_recoverable(hash.as_slice())
            .map_err(|e| RpcError::internal(format!("signing failed: {e}")))?;
        let signature = Signature::from_signature_and_parity(sig, recid.is_y_odd());
        Ok(tx.into_signed(signature))
    }
    let envelope = match tx {
        Unsigned::Legacy(tx) => TxEnvelope::Legacy(signed(tx, key)?),
        Unsigned::Eip2930(tx) => TxEnvelope::Eip2930(signed(tx, key)?),
        Unsigned::Eip1559(tx) => TxEnvelope::Eip1559(signed(tx, key)?),
    };
    Ok(SenderTx {
        envelope,
        from,
        impersonated: false,
    })
}

/// Wraps a transaction of an impersonated sender: it carries a placeholder signature (r = s =
/// 1), and its hash is keccak256 of the signing hash followed by the sender, so two
/// impersonated senders sending the same transaction get distinct hashes.
pub fn impersonated(tx: Unsigned, from: Address) -> SenderTx {
    fn wrap<T: SignableTransaction<Signature>>(tx: T, from: Address) -> Signed<T> {
        let signature = Signature::new(U256::from(1), U256::from(1), false);
        let mut preimage = tx.signature_hash().to_vec();
        preimage.extend_from_slice(from.as_slice());
        Signed::new_unchecked(tx, signature, keccak256(&preimage))
    }
    let envelope = match tx {
        Unsigned::Legacy(tx) => TxEnvelope::Legacy(wrap(tx, from)),
        Unsigned::Eip2930(tx) => TxEnvelope::Eip2930(wrap(tx, from)),
        Unsigned::Eip1559(tx) => TxEnvelope::Eip1559(wrap(tx, from)),
    };
    SenderTx {
        envelope,
        from,
        impersonated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{DevAccount, NITRO_DEV_KEY};
    use alloy_eips::eip2718::Encodable2718;

    fn dev() -> DevAccount {
        DevAccount::from_key(NITRO_DEV_KEY).unwrap()
    }

    fn request() -> TransactionRequest {
        TransactionRequest {
            to: Some(TxKind::Call(Address::with_last_byte(9))),
            value: Some(U256::from(5)),
            ..Default::default()
        }
    }

    fn defaults() -> Defaults {
        Defaults {
            chain_id: 412_346,
            nonce: 3,
            gas: 21_000,
            base_fee: 100_000_000,
        }
    }

    #[test]
    fn signed_eip1559_round_trips_and_recovers_sender() {
        let account = dev();
        let unsigned = build_unsigned(&request(), &defaults()).unwrap();
        let tx = sign(unsigned, &account.signing_key(), account.address).unwrap();
        let raw = tx.envelope.encoded_2718();
        let decoded = decode_raw(&raw, 412_346).unwrap();
        assert_eq!(decoded.from, account.address);
        assert_eq!(decoded.envelope.tx_hash(), tx.envelope.tx_hash());
        let evm = to_evm_request(&decoded);
        assert_eq!(evm.nonce, 3);
        assert_eq!(evm.tx_type, 2);
        assert_eq!(
            evm.fees,
            Fees::Eip1559 {
                max_fee_per_gas: 200_000_000,
                max_priority_fee_per_gas: 0
            }
        );
    }

    #[test]
    fn wrong_chain_id_is_rejected() {
        let account = dev();
        let unsigned = build_unsigned(&request(), &defaults()).unwrap();
        let raw = sign(unsigned, &account.signing_key(), account.address)
            .unwrap()
            .envelope
            .encoded_2718();
        let err = decode_raw(&raw, 1).unwrap_err();
        assert!(err.message.contains("invalid chain id"), "{err}");
    }

    #[test]
    fn legacy_without_eip155_is_accepted() {
        let account = dev();
        let tx = TxLegacy {
            chain_id: None,
            nonce: 0,
            gas_price: 1_000_000_000,
            gas_limit: 21_000,
            to: TxKind::Call(Address::ZERO),
            value: U256::ZERO,
            input: Bytes::new(),
        };
        let raw = sign(
            Unsigned::Legacy(tx),
            &account.signing_key(),
            account.address,
        )
        .unwrap()
        .envelope
        .encoded_2718();
        let decoded = decode_raw(&raw, 412_346).unwrap();
        assert_eq!(decoded.from, account.address);
        assert_eq!(to_evm_request(&decoded).chain_id, None);
    }

    #[test]
    fn garbage_and_trailing_bytes_are_rejected() {
        assert!(decode_raw(&[0x02, 0x01, 0x02], 412_346).is_err());
        let account = dev();
        let unsigned = build_unsigned(&request(), &defaults()).unwrap();
        let mut raw = sign(unsigned, &account.signing_key(), account.address)
            .unwrap()
            .envelope
            .encoded_2718();
        raw.push(0);
        assert!(decode_raw(&raw, 412_346).is_err());
    }

    #[test]
    fn impersonated_hash_depends_on_sender() {
        let a = impersonated(
            build_unsigned(&request(), &defaults()).unwrap(),
            Address::with_last_byte(1),
        );
        let b = impersonated(
            build_unsigned(&request(), &defaults()).unwrap(),
            Address::with_last_byte(2),
        );
        assert_ne!(a.envelope.tx_hash(), b.envelope.tx_hash());
    }

    #[test]
    fn gas_price_selects_legacy() {
        let mut req = request();
        req.gas_price = Some(2);
        assert!(matches!(
            build_unsigned(&req, &defaults()).unwrap(),
            Unsigned::Legacy(_)
        ));
    }
}
