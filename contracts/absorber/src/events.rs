//! Events of the LossAbsorber. Every state-changing entry point emits one, with its values.

use alloy_sol_types::sol;

sol! {
    /// `next` was named pending governance by `previous`.
    event GovernanceTransferStarted(address indexed previous, address indexed next);
    /// `next` accepted the governance from `previous`.
    event GovernanceTransferred(address indexed previous, address indexed next);
    /// `market` was enabled with a lifetime coverage cap.
    event MarketAdded(address indexed market, uint256 coverageCap);
    /// The coverage cap of `market` changed.
    event MarketCapSet(address indexed market, uint256 oldCap, uint256 newCap);
    /// `market` was disabled; its outstanding `deficit` stays on the books.
    event MarketRemoved(address indexed market, uint256 deficit);
    /// A loss was absorbed: `covered` paid by the vault to the market, `uncovered` became deficit.
    event LossAbsorbed(address indexed market, bytes32 indexed lossId, uint256 amount, uint256 covered, uint256 uncovered);
    /// A repeated `lossId`: nothing changed; the first result was returned again.
    event LossReplayed(address indexed market, bytes32 indexed lossId, uint256 covered, uint256 uncovered);
    /// `payer` paid `amount` of the asset to `market`, lowering its deficit to `deficitLeft`.
    event DeficitSettled(address indexed market, address indexed payer, uint256 amount, uint256 deficitLeft);
    /// `amount` of the asset was minted to `market`, lowering its deficit to `deficitLeft`.
    event EmergencyMint(address indexed market, uint256 amount, uint256 deficitLeft);
    /// The rolling cover limit changed.
    event CoverWindowSet(uint256 oldMaxCoverPerWindow, uint256 newMaxCoverPerWindow, uint64 oldCoverWindow, uint64 newCoverWindow);
    /// The emergency-mint cap changed.
    event MintCapSet(uint256 oldMintCapPerPeriod, uint256 newMintCapPerPeriod, uint64 oldMintPeriod, uint64 newMintPeriod);
}
