//! Stylus frames inside revm.

use std::collections::HashMap;

use alloy_primitives::Address;

/// Stylus state that lives for one transaction.
#[derive(Debug, Default)]
pub(crate) struct TxStylusState {
    /// Open frames per program address (delegate calls not counted), for `msg_reentrant`.
    pub(crate) reentrancy: HashMap<Address, u32>,
    /// WASM memory pages currently open in this transaction.
    pub(crate) open_pages: u16,
    /// Most WASM memory pages ever open at once in this transaction.
    pub(crate) ever_pages: u16,
}
