//! Typed errors of the MockMarket.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// `caller` is not the owner.
    #[derive(Debug, PartialEq, Eq)]
    error NotOwner(address caller);
    /// A zero address was given to the constructor.
    #[derive(Debug, PartialEq, Eq)]
    error ZeroAddress();
    /// The asset refused `approve`. `reason`: 1 no code, 2 reverted, 3 returned false, 4 bad data.
    #[derive(Debug, PartialEq, Eq)]
    error ApproveFailed(address asset, uint8 reason);
    /// A call to the absorber or the vault reverted (`reason` is its revert data) or returned
    /// malformed data (`reason` empty).
    #[derive(Debug, PartialEq, Eq)]
    error BackstopCallFailed(address target, bytes reason);
}

/// Every error the mock market reverts with.
#[derive(SolidityError, Debug, Clone, PartialEq, Eq)]
pub enum MarketError {
    /// See [`NotOwner`].
    NotOwner(NotOwner),
    /// See [`ZeroAddress`].
    ZeroAddress(ZeroAddress),
    /// See [`ApproveFailed`].
    ApproveFailed(ApproveFailed),
    /// See [`BackstopCallFailed`].
    BackstopCallFailed(BackstopCallFailed),
}
