//! 32-byte ABI words, built by small non-generic functions that are never inlined: the
//! hand-written encoders of errors, events and operation ids share one copy of each.

use alloy_primitives::{Address, FixedBytes, U256};

/// A `uint256` word.
#[inline(never)]
pub fn uint(v: U256) -> [u8; 32] {
    v.to_be_bytes::<32>()
}

/// A `uint256` word from a length or offset.
#[inline(never)]
pub fn usize_word(n: usize) -> [u8; 32] {
    uint(U256::from(n))
}

/// An `address` word (left-padded with zeros).
#[inline(never)]
pub fn addr(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_slice());
    w
}

/// A `bytes4` word (right-padded with zeros).
#[inline(never)]
pub fn bytes4(s: FixedBytes<4>) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[..4].copy_from_slice(s.as_slice());
    w
}

/// A `bool` word.
pub fn boolean(b: bool) -> [u8; 32] {
    usize_word(usize::from(b))
}
