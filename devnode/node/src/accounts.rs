//! Funded development accounts: the Nitro dev key plus keys derived like anvil's.
//!
//! Anvil derives its accounts from the mnemonic
//! `test test test test test test test test test test test junk` along the path
//! `m/44'/60'/0'/0/i`. The derivation (BIP-39 seed, BIP-32 private derivation) is done here with
//! `pbkdf2`, `hmac`, `sha2` and `k256` so that any number of accounts can be offered and the
//! first ones match anvil's well-known keys (checked in the tests below).

use alloy_primitives::{Address, B256, U256};
use hmac::{Hmac, Mac};
use k256::{
    ecdsa::SigningKey,
    elliptic_curve::{sec1::ToEncodedPoint, PrimeField},
    Scalar, SecretKey,
};
use sha2::Sha512;

use crate::error::{Error, Result};

/// The key Nitro's `--dev` mode funds: address `0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E`.
pub const NITRO_DEV_KEY: B256 = B256::new([
    0xb6, 0xb1, 0x5c, 0x8c, 0xb4, 0x91, 0x55, 0x73, 0x69, 0xf3, 0xc7, 0xd2, 0xc2, 0x87, 0xb0, 0x53,
    0xeb, 0x22, 0x9d, 0xaa, 0x9c, 0x22, 0x13, 0x88, 0x87, 0x75, 0x21, 0x91, 0xc9, 0x52, 0x06, 0x59,
]);

/// The mnemonic anvil and hardhat derive their dev accounts from.
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// Balance of every dev account at genesis, in wei (1000 ETH, as Nitro funds its dev key).
pub const DEV_BALANCE_WEI: U256 = U256::from_limbs([0x35c9_adc5_dea0_0000, 0x36, 0, 0]);

/// BIP-32 hardened-index offset.
const HARDENED: u32 = 0x8000_0000;

/// One funded development account with its private key.
#[derive(Clone, Debug)]
pub struct DevAccount {
    /// The account's address.
    pub address: Address,
    /// The account's secp256k1 private key.
    pub key: B256,
}

impl DevAccount {
    /// Builds an account from a private key, rejecting a key that is not a valid scalar.
    pub fn from_key(key: B256) -> Result<Self> {
        let signing = signing_key(&key)?;
        Ok(Self {
            address: Address::from_private_key(&signing),
            key,
        })
    }

    /// The key as a `k256` signing key.
    pub fn signing_key(&self) -> SigningKey {
        // Invariant: `key` was validated by `from_key`, the only constructor.
        signing_key(&self.key).expect("dev account keys are validated at construction")
    }
}

fn signing_key(key: &B256) -> Result<SigningKey> {
    SigningKey::from_slice(key.as_slice())
        .map_err(|_| Error::Config("invalid secp256k1 private key".into()))
}

/// The node's dev accounts: the Nitro dev key first, then `extra` accounts derived from
/// [`DEV_MNEMONIC`] at `m/44'/60'/0'/0/0..extra` (anvil's accounts, in anvil's order).
pub fn dev_accounts(extra: usize) -> Result<Vec<DevAccount>> {
    let mut accounts = Vec::with_capacity(extra + 1);
    accounts.push(DevAccount::from_key(NITRO_DEV_KEY)?);
    if extra == 0 {
        return Ok(accounts);
    }
    let seed = bip39_seed(DEV_MNEMONIC, "");
    let base = derive_path(&seed, &[44 | HARDENED, 60 | HARDENED, HARDENED, 0])?;
    for index in 0..extra {
        let index = u32::try_from(index)
            .ok()
            .filter(|i| *i < HARDENED)
            .ok_or_else(|| Error::Config("too many dev accounts".into()))?;
        let child = derive_child(&base, index)?;
        accounts.push(DevAccount::from_key(B256::from(child.key))?);
    }
    Ok(accounts)
}

/// A BIP-32 extended private key.
struct ExtendedKey {
    key: [u8; 32],
    chain_code: [u8; 32],
}

/// BIP-39 seed: PBKDF2-HMAC-SHA512 of the (ASCII, hence already NFKD) mnemonic, 2048 rounds.
fn bip39_seed(mnemonic: &str, passphrase: &str) -> [u8; 64] {
    let mut seed = [0u8; 64];
    let salt = format!("mnemonic{passphrase}");
    pbkdf2::pbkdf2_hmac::<Sha512>(mnemonic.as_bytes(), salt.as_bytes(), 2048, &mut seed);
    seed
}

fn hmac_sha512(key: &[u8], parts: &[&[u8]]) -> [u8; 64] {
    // Invariant: HMAC accepts keys of any length.
    let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn split(bytes: [u8; 64]) -> ([u8; 32], [u8; 32]) {
    let mut left = [0u8; 32];
    let mut right = [0u8; 32];
    left.copy_from_slice(&bytes[..32]);
    right.copy_from_slice(&bytes[32..]);
    (left, right)
}

fn derive_path(seed: &[u8], path: &[u32]) -> Result<ExtendedKey> {
    let (key, chain_code) = split(hmac_sha512(b"Bitcoin seed", &[seed]));
    let mut node = ExtendedKey { key, chain_code };
    for index in path {
        node = derive_child(&node, *index)?;
    }
    Ok(node)
}

/// BIP-32 `CKDpriv`.
fn derive_child(parent: &ExtendedKey, index: u32) -> Result<ExtendedKey> {
    let invalid = || Error::Config("key derivation produced an invalid key".into());
    let index_bytes = index.to_be_bytes();
    let digest = if index >= HARDENED {
        hmac_sha512(&parent.chain_code, &[&[0u8], &parent.key, &index_bytes])
    } else {
        let secret = SecretKey::from_slice(&parent.key).map_err(|_| invalid())?;
        let point = secret.public_key().to_encoded_point(true);
        hmac_sha512(&parent.chain_code, &[point.as_bytes(), &index_bytes])
    };
    let (tweak, chain_code) = split(digest);
    let tweak = Option::<Scalar>::from(Scalar::from_repr(tweak.into())).ok_or_else(invalid)?;
    let parent_scalar =
        Option::<Scalar>::from(Scalar::from_repr(parent.key.into())).ok_or_else(invalid)?;
    let child = tweak + parent_scalar;
    if bool::from(child.is_zero()) {
        return Err(invalid());
    }
    Ok(ExtendedKey {
        key: child.to_repr().into(),
        chain_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, b256};

    #[test]
    fn nitro_dev_key_controls_the_documented_address() {
        let account = DevAccount::from_key(NITRO_DEV_KEY).unwrap();
        assert_eq!(
            account.address,
            address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E")
        );
    }

    #[test]
    fn derived_accounts_match_anvils_well_known_keys() {
        let accounts = dev_accounts(3).unwrap();
        assert_eq!(accounts.len(), 4);
        assert_eq!(
            accounts[1].key,
            b256!("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        );
        assert_eq!(
            accounts[1].address,
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        assert_eq!(
            accounts[2].key,
            b256!("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")
        );
        assert_eq!(
            accounts[2].address,
            address!("70997970C51812dc3A010C7d01b50e0d17dc79C8")
        );
        assert_eq!(
            accounts[3].address,
            address!("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
        );
    }

    #[test]
    fn dev_balance_is_one_thousand_ether() {
        assert_eq!(
            DEV_BALANCE_WEI,
            U256::from(1000u64) * U256::from(10u64).pow(U256::from(18))
        );
    }

    #[test]
    fn zero_key_is_rejected() {
        assert!(DevAccount::from_key(B256::ZERO).is_err());
    }
}
