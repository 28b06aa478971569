//! Calls to the BackstopVault, encoded by hand (selector + 32-byte words) to keep the WASM small.

use alloc::vec::Vec;

use alloy_primitives::{Address, Bytes, U256};
use backstop_common::abi::{as_address, selector};
use stylus_sdk::call::{call, static_call};
use stylus_sdk::prelude::*;
use stylus_sdk::stylus_core::calls::{errors::Error as CallError, Call};

use crate::{AbsorberError, VaultCallFailed};

/// `maxCoverable()`
pub const MAX_COVERABLE_SELECTOR: [u8; 4] = selector("maxCoverable()");
/// `cover(uint256,address)`
pub const COVER_SELECTOR: [u8; 4] = selector("cover(uint256,address)");
/// `asset()`
pub const ASSET_SELECTOR: [u8; 4] = selector("asset()");

fn failed(vault: Address, reason: Vec<u8>) -> AbsorberError {
    AbsorberError::VaultCallFailed(VaultCallFailed {
        vault,
        reason: Bytes::from(reason),
    })
}

fn first_word(vault: Address, ret: &[u8]) -> Result<U256, AbsorberError> {
    ret.get(..32)
        .map(U256::from_be_slice)
        .ok_or_else(|| failed(vault, Vec::new()))
}

fn map_call_error(vault: Address, err: CallError) -> AbsorberError {
    match err {
        CallError::Revert(reason) => failed(vault, reason),
        CallError::AbiDecodingFailed(_) => failed(vault, Vec::new()),
    }
}

fn static_word<H: Host + ?Sized>(
    host: &H,
    vault: Address,
    data: &[u8],
) -> Result<U256, AbsorberError> {
    let ret = static_call(host, Call::new(), vault, data).map_err(|e| map_call_error(vault, e))?;
    first_word(vault, &ret)
}

/// `vault.maxCoverable()`: what the vault can pay for a loss right now.
pub fn max_coverable<H: Host + ?Sized>(host: &H, vault: Address) -> Result<U256, AbsorberError> {
    static_word(host, vault, &MAX_COVERABLE_SELECTOR)
}

/// `vault.asset()`, checked to be a well-formed address word.
pub fn asset<H: Host + ?Sized>(host: &H, vault: Address) -> Result<Address, AbsorberError> {
    let word = static_word(host, vault, &ASSET_SELECTOR)?.to_be_bytes::<32>();
    as_address(&word).ok_or_else(|| failed(vault, Vec::new()))
}

/// Calldata of `cover(amount, recipient)`.
pub fn cover_calldata(amount: U256, recipient: Address) -> Vec<u8> {
    let mut data = Vec::with_capacity(68);
    data.extend_from_slice(&COVER_SELECTOR);
    data.extend_from_slice(&amount.to_be_bytes::<32>());
    data.extend_from_slice(&[0u8; 12]);
    data.extend_from_slice(recipient.as_slice());
    data
}

/// `vault.cover(amount, recipient)`; returns what the vault says it covered.
pub fn cover<S: TopLevelStorage + HostAccess>(
    storage: &mut S,
    vault: Address,
    amount: U256,
    recipient: Address,
) -> Result<U256, AbsorberError> {
    let context = Call::new_mutating(storage);
    // `call` flushes and clears the storage cache first: the absorber's books are written before
    // the vault pays.
    let ret = call(
        storage.vm(),
        context,
        vault,
        &cover_calldata(amount, recipient),
    )
    .map_err(|e| map_call_error(vault, e))?;
    first_word(vault, &ret)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::keccak256;

    #[test]
    fn selectors_are_the_keccak_of_their_signatures() {
        assert_eq!(MAX_COVERABLE_SELECTOR, keccak256("maxCoverable()")[..4]);
        assert_eq!(COVER_SELECTOR, keccak256("cover(uint256,address)")[..4]);
        assert_eq!(ASSET_SELECTOR, keccak256("asset()")[..4]);
    }

    #[test]
    fn cover_calldata_is_selector_amount_and_left_padded_recipient() {
        let recipient = Address::repeat_byte(0xab);
        let data = cover_calldata(U256::from(7u8), recipient);
        assert_eq!(data.len(), 68);
        assert_eq!(data[..4], COVER_SELECTOR);
        assert_eq!(data[35], 7);
        assert_eq!(&data[48..68], recipient.as_slice());
        assert!(data[36..48].iter().all(|&b| b == 0));
    }
}
