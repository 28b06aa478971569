//! Code shared by the Backstop contracts.
//!
//! - [`math`]: checked `a * b / d` with an explicit rounding direction and a full 512-bit
//!   intermediate product, so rounding can always be chosen in the protocol's favour.
//! - [`abi`]: hand-written ABI decoding and encoding of one-word arguments and results, for
//!   contracts that serve their entry points from a `#[fallback]`.
//! - [`erc20`]: a safe ERC-20 caller (transfer, transferFrom, balanceOf, decimals, mint) that
//!   accepts tokens returning nothing or ABI `true` and fails on `false`, on short or garbled return
//!   data, and on a reverted call.
//! - [`short_string`]: names and symbols of up to 31 bytes packed in one storage word.
//! - [`store`]: storage by slot in Solidity's layout, without the SDK's storage types.
//! - [`governance`]: the two-step governance handover used by the vault and the absorber.
//! - `testing` (feature `testing`, native tests only): `TokenVM`, a `TestVM` with a simulated
//!   ERC-20 token that answers calls with real balances and per-call return data.
#![cfg_attr(not(any(test, feature = "testing")), no_std)]
extern crate alloc;

pub mod abi;
pub mod erc20;
pub mod governance;
pub mod math;
pub mod short_string;
pub mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use erc20::TokenCallError;
pub use math::{mul_div_down, mul_div_up, BPS_DENOMINATOR};
