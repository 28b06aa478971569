/**
 * The Solidity interface of a Stylus (Rust) contract in this repository: call it like any
 * contract. Generated from the contract's code by `cargo run -p backstop-abi`; do not edit.
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

interface ILossAbsorber {
    function governance() external view returns (address);

    function pendingGovernance() external view returns (address);

    function transferGovernance(address next) external;

    function acceptGovernance() external;

    function addMarket(address market, uint256 coverage_cap) external;

    function setMarketCap(address market, uint256 coverage_cap) external;

    function removeMarket(address market) external;

    function marketInfo(address market) external view returns (bool, uint256, uint256, uint256);

    function setCoverWindow(uint256 max_cover_per_window, uint64 cover_window) external;

    function setMintCap(uint256 mint_cap_per_period, uint64 mint_period) external;

    function maxCoverPerWindow() external view returns (uint256);

    function coverWindow() external view returns (uint64);

    function mintCapPerPeriod() external view returns (uint256);

    function mintPeriod() external view returns (uint64);

    function windowUsage() external view returns (uint256, uint256, uint64, uint64);

    function mintUsage() external view returns (uint256, uint256, uint64, uint64);

    function absorbLoss(bytes32 loss_id, uint256 amount) external returns (uint256, uint256);

    function coverageAvailable(address market) external view returns (uint256);

    function lossResult(address market, bytes32 loss_id) external view returns (bool, uint256, uint256, uint256);

    function totalDeficit() external view returns (uint256);

    function settleDeficit(address market, uint256 amount) external;

    function emergencyMint(address market, uint256 amount) external;

    function vault() external view returns (address);

    function asset() external view returns (address);

    error NotGovernance(address);

    error NotPendingGovernance(address);

    error ZeroAddress();

    error ZeroAmount();

    error MarketNotEnabled(address);

    error MarketAlreadyEnabled(address);

    error SettleExceedsDeficit(address, uint256, uint256);

    error SelfSettlement(address);

    error MintExceedsDeficit(address, uint256, uint256);

    error MintCapExceeded(uint256, uint256);

    error AssetMintFailed(address, uint8);

    error AssetTransferFailed(address, uint8);

    error VaultCallFailed(address, bytes);

    error VaultCoverMismatch(uint256, uint256);

    error DeficitOverflow(address, uint256);

    error InvalidCoverWindow(uint64, uint64, uint64);

    error InvalidMintPeriod(uint64, uint64, uint64);

    event GovernanceTransferStarted(address indexed previous, address indexed next);
    event GovernanceTransferred(address indexed previous, address indexed next);
    event MarketAdded(address indexed market, uint256 coverageCap);
    event MarketCapSet(address indexed market, uint256 oldCap, uint256 newCap);
    event MarketRemoved(address indexed market, uint256 deficit);
    event LossAbsorbed(address indexed market, bytes32 indexed lossId, uint256 amount, uint256 covered, uint256 uncovered);
    event LossReplayed(address indexed market, bytes32 indexed lossId, uint256 covered, uint256 uncovered);
    event DeficitSettled(address indexed market, address indexed payer, uint256 amount, uint256 deficitLeft);
    event EmergencyMint(address indexed market, uint256 amount, uint256 deficitLeft);
    event CoverWindowSet(uint256 oldMaxCoverPerWindow, uint256 newMaxCoverPerWindow, uint64 oldCoverWindow, uint64 newCoverWindow);
    event MintCapSet(uint256 oldMintCapPerPeriod, uint256 newMintCapPerPeriod, uint64 oldMintPeriod, uint64 newMintPeriod);
}
