//! Typed errors of the LossAbsorber. Every revert carries the values that explain it.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// `caller` is not the governance.
    #[derive(Debug, PartialEq, Eq)]
    error NotGovernance(address caller);
    /// `caller` is not the pending governance.
    #[derive(Debug, PartialEq, Eq)]
    error NotPendingGovernance(address caller);
    /// A zero address was given where an account or contract is required.
    #[derive(Debug, PartialEq, Eq)]
    error ZeroAddress();
    /// A zero amount was given where a positive one is required.
    #[derive(Debug, PartialEq, Eq)]
    error ZeroAmount();
    /// `market` is not an enabled market.
    #[derive(Debug, PartialEq, Eq)]
    error MarketNotEnabled(address market);
    /// `market` is already enabled.
    #[derive(Debug, PartialEq, Eq)]
    error MarketAlreadyEnabled(address market);
    /// `settleDeficit` for more than the market's outstanding deficit.
    #[derive(Debug, PartialEq, Eq)]
    error SettleExceedsDeficit(address market, uint256 amount, uint256 deficit);
    /// A market cannot settle its own deficit: nothing would be paid in.
    #[derive(Debug, PartialEq, Eq)]
    error SelfSettlement(address market);
    /// `emergencyMint` for more than the market's outstanding deficit.
    #[derive(Debug, PartialEq, Eq)]
    error MintExceedsDeficit(address market, uint256 amount, uint256 deficit);
    /// `emergencyMint` above what is left of `mintCapPerPeriod` in the current period.
    #[derive(Debug, PartialEq, Eq)]
    error MintCapExceeded(uint256 amount, uint256 available);
    /// The asset refused to mint. `reason`: 1 no code, 2 reverted, 3 returned false, 4 bad return data.
    #[derive(Debug, PartialEq, Eq)]
    error AssetMintFailed(address asset, uint8 reason);
    /// The asset refused a `transferFrom` (same `reason` codes as `AssetMintFailed`).
    #[derive(Debug, PartialEq, Eq)]
    error AssetTransferFailed(address asset, uint8 reason);
    /// A call to the vault reverted (`reason` is its revert data) or returned malformed data
    /// (`reason` empty).
    #[derive(Debug, PartialEq, Eq)]
    error VaultCallFailed(address vault, bytes reason);
    /// The vault covered a different amount than requested (it must pay exactly what it allows).
    #[derive(Debug, PartialEq, Eq)]
    error VaultCoverMismatch(uint256 requested, uint256 covered);
    /// A deficit would exceed `2^256 - 1`.
    #[derive(Debug, PartialEq, Eq)]
    error DeficitOverflow(address market, uint256 amount);
    /// `coverWindow` outside `[min, max]` seconds.
    #[derive(Debug, PartialEq, Eq)]
    error InvalidCoverWindow(uint64 coverWindow, uint64 min, uint64 max);
    /// `mintPeriod` outside `[min, max]` seconds.
    #[derive(Debug, PartialEq, Eq)]
    error InvalidMintPeriod(uint64 mintPeriod, uint64 min, uint64 max);
}

/// Every error the absorber reverts with.
#[derive(SolidityError, Debug, Clone, PartialEq, Eq)]
pub enum AbsorberError {
    /// See [`NotGovernance`].
    NotGovernance(NotGovernance),
    /// See [`NotPendingGovernance`].
    NotPendingGovernance(NotPendingGovernance),
    /// See [`ZeroAddress`].
    ZeroAddress(ZeroAddress),
    /// See [`ZeroAmount`].
    ZeroAmount(ZeroAmount),
    /// See [`MarketNotEnabled`].
    MarketNotEnabled(MarketNotEnabled),
    /// See [`MarketAlreadyEnabled`].
    MarketAlreadyEnabled(MarketAlreadyEnabled),
    /// See [`SettleExceedsDeficit`].
    SettleExceedsDeficit(SettleExceedsDeficit),
    /// See [`SelfSettlement`].
    SelfSettlement(SelfSettlement),
    /// See [`MintExceedsDeficit`].
    MintExceedsDeficit(MintExceedsDeficit),
    /// See [`MintCapExceeded`].
    MintCapExceeded(MintCapExceeded),
    /// See [`AssetMintFailed`].
    AssetMintFailed(AssetMintFailed),
    /// See [`AssetTransferFailed`].
    AssetTransferFailed(AssetTransferFailed),
    /// See [`VaultCallFailed`].
    VaultCallFailed(VaultCallFailed),
    /// See [`VaultCoverMismatch`].
    VaultCoverMismatch(VaultCoverMismatch),
    /// See [`DeficitOverflow`].
    DeficitOverflow(DeficitOverflow),
    /// See [`InvalidCoverWindow`].
    InvalidCoverWindow(InvalidCoverWindow),
    /// See [`InvalidMintPeriod`].
    InvalidMintPeriod(InvalidMintPeriod),
}

impl From<backstop_common::governance::GovernanceError> for AbsorberError {
    fn from(err: backstop_common::governance::GovernanceError) -> Self {
        use backstop_common::governance::GovernanceError as G;
        match err {
            G::NotGovernance { caller } => Self::NotGovernance(NotGovernance { caller }),
            G::NotPendingGovernance { caller } => {
                Self::NotPendingGovernance(NotPendingGovernance { caller })
            }
            G::ZeroAddress => Self::ZeroAddress(ZeroAddress {}),
        }
    }
}
