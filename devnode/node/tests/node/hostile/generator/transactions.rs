//! Transactions the node must reject.

use alloy::{
    primitives::{Bytes, TxKind, B256, U256},
    signers::local::PrivateKeySigner,
};

use super::{Call, Generator, STABLE, TX_REJECTED};
use crate::hostile::{tx::TxSpec, BASE_FEE, CHAIN_ID};

impl Generator<'_> {
    /// A transaction that would pass every check (the caller breaks one).
    fn valid_spec(&mut self, who: usize) -> TxSpec {
        let mut spec = TxSpec::transfer(self.nonces[who]);
        spec.kind = *self.rng.pick(&[0, 1, 2]);
        if self.rng.chance(20) {
            spec.input = Bytes::from(self.rng.bytes_in(1, 64));
            spec.gas_limit = 100_000;
        }
        spec.value = U256::from(self.rng.below(1_000_000));
        spec
    }

    fn raw_call(raw: &[u8]) -> String {
        format!("[\"{}\"]", alloy::primitives::hex::encode_prefixed(raw))
    }

    pub(super) fn bad_transaction(&mut self) -> Call {
        let who = *self.rng.pick(&STABLE);
        let key = self.keys[who].clone();
        let mut spec = self.valid_spec(who);
        let reject = |raw: &[u8], any_of: &[&'static str]| {
            Call::new("eth_sendRawTransaction", Self::raw_call(raw), TX_REJECTED).with(any_of)
        };
        match self.rng.below(17) {
            0 => {
                // Garbage, with or without a plausible type byte.
                let mut raw = self.rng.bytes_in(0, 300);
                if self.rng.chance(50) && !raw.is_empty() {
                    raw[0] = *self
                        .rng
                        .pick(&[0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0xc0, 0xf8]);
                }
                reject(&raw, &["decode", "transaction"])
            }
            1 => {
                let (raw, _) = spec.sign(&key);
                let cut = self.rng.below(raw.len() as u64) as usize;
                reject(&raw[..cut], &["decode"])
            }
            2 => {
                let (mut raw, _) = spec.sign(&key);
                raw.extend(self.rng.bytes_in(1, 8));
                reject(&raw, &["decode"])
            }
            3 | 4 => {
                // Bad signature: bytes flipped in the signature, or anywhere.
                let (mut raw, _) = spec.sign(&key);
                let flips = self.rng.range(1, 3);
                for _ in 0..flips {
                    let len = raw.len() as u64;
                    let at = if self.rng.chance(60) {
                        (len - 1 - self.rng.below(64)) as usize
                    } else {
                        self.rng.below(len) as usize
                    };
                    raw[at] ^= self.rng.range(1, 255) as u8;
                }
                reject(&raw, &[])
            }
            5 => {
                spec.chain_id =
                    Some(
                        *self
                            .rng
                            .pick(&[1, 0, CHAIN_ID - 1, CHAIN_ID + 1, u64::MAX / 2]),
                    );
                if spec.chain_id == Some(0) && spec.kind == 0 {
                    spec.kind = 2;
                }
                reject(&spec.sign(&key).0, &["invalid chain id"])
            }
            6 => {
                let raw = self.rng.pick(&self.mined_raw).clone();
                reject(&raw, &["nonce too low"])
            }
            7 => {
                let who = 1; // it has sent several transactions
                spec.nonce = self.rng.below(self.nonces[who]);
                reject(&spec.sign(&self.keys[who].clone()).0, &["nonce too low"])
            }
            8 => {
                spec.nonce = if self.rng.chance(90) {
                    self.nonces[who] + self.rng.range(1, 1000)
                } else {
                    u64::MAX - self.rng.below(2)
                };
                reject(&spec.sign(&key).0, &["nonce too high", "nonce overflow"])
            }
            9 => {
                spec.value = self.balances[who] + U256::from(self.rng.range(0, 1 << 40));
                reject(&spec.sign(&key).0, &["insufficient funds"])
            }
            10 => {
                // A key nobody funded.
                let poor = loop {
                    if let Ok(k) =
                        PrivateKeySigner::from_bytes(&B256::from_slice(&self.rng.bytes(32)))
                    {
                        break k;
                    }
                };
                spec.nonce = 0;
                reject(&spec.sign(&poor).0, &["insufficient funds"])
            }
            11 => {
                if self.rng.chance(50) {
                    spec.gas_limit = self.rng.below(21_000);
                    spec.input = Bytes::new();
                } else {
                    spec.input = Bytes::from(vec![0xff; 1000]);
                    spec.gas_limit = self.rng.range(21_000, 36_999);
                }
                if self.rng.chance(20) {
                    spec.to = TxKind::Create;
                    spec.input = Bytes::new();
                    spec.gas_limit = self.rng.range(21_000, 52_999);
                }
                reject(&spec.sign(&key).0, &["intrinsic gas too low"])
            }
            12 => {
                spec.gas_limit = self.rng.range(32_000_001, 100_000_000);
                reject(&spec.sign(&key).0, &["exceeds block gas limit"])
            }
            13 => {
                spec.fee = u128::from(self.rng.below(BASE_FEE as u64));
                spec.tip = 0;
                reject(
                    &spec.sign(&key).0,
                    &["max fee per gas less than block base fee"],
                )
            }
            14 => {
                spec.kind = 2;
                spec.tip = spec.fee + 1 + u128::from(self.rng.below(1 << 30));
                reject(
                    &spec.sign(&key).0,
                    &["max priority fee per gas higher than max fee per gas"],
                )
            }
            15 => {
                match self.rng.below(3) {
                    0 => {
                        spec.to = TxKind::Create;
                        spec.input = Bytes::from(vec![0; 49_153 + self.rng.below(1000) as usize]);
                        spec.gas_limit = 30_000_000;
                        reject(&spec.sign(&key).0, &["max initcode size exceeded"])
                    }
                    1 => {
                        spec.kind = 4;
                        reject(&spec.sign(&key).0, &["not supported", "decode"])
                    }
                    _ => {
                        // EIP-3607: the sender has code.
                        spec.nonce = 0;
                        reject(
                            &spec.sign(&self.world.coded.clone()).0,
                            &["sender not an eoa"],
                        )
                    }
                }
            }
            _ => {
                // Node-signed transactions the node must refuse.
                let from = self.world.node.accounts()[who].address;
                let to = self.good_address();
                match self.rng.below(4) {
                    0 => {
                        let stranger = self.good_address();
                        Call::new("eth_sendTransaction", format!("[{{\"from\": {stranger}, \"to\": {to}, \"gas\": \"0x5208\"}}]"), TX_REJECTED)
                            .with(&["no signer"])
                    }
                    1 => Call::new(
                        "eth_sendTransaction",
                        format!("[{{\"from\": \"{from}\", \"to\": {to}, \"gas\": \"0x5208\", \"nonce\": \"{:#x}\"}}]", self.nonces[who] + self.rng.range(1, 100)),
                        TX_REJECTED,
                    )
                    .with(&["nonce too high"]),
                    2 => Call::new(
                        "eth_sendTransaction",
                        format!("[{{\"from\": \"{from}\", \"to\": {to}, \"gas\": \"0x5208\", \"chainId\": \"0x1\"}}]"),
                        TX_REJECTED,
                    )
                    .with(&["invalid chain id"]),
                    _ => Call::new(
                        "eth_sendTransaction",
                        format!("[{{\"from\": \"{from}\", \"to\": {to}, \"gas\": \"0x5208\", \"value\": \"{:#x}\"}}]", self.balances[who] + U256::from(1)),
                        TX_REJECTED,
                    )
                    .with(&["insufficient funds"]),
                }
            }
        }
    }
}
