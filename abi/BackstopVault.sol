/**
 * The Solidity interface of a Stylus (Rust) contract in this repository: call it like any
 * contract. Generated from the contract's code by `cargo run -p backstop-abi`; do not edit.
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

interface IBackstopVault {
    function name() external view returns (string memory);

    function symbol() external view returns (string memory);

    function decimals() external view returns (uint8);

    function totalSupply() external view returns (uint256);

    function balanceOf(address account) external view returns (uint256);

    function allowance(address owner, address spender) external view returns (uint256);

    function transfer(address to, uint256 value) external returns (bool);

    function transferFrom(address from, address to, uint256 value) external returns (bool);

    function approve(address spender, uint256 value) external returns (bool);

    function asset() external view returns (address);

    function totalAssets() external view returns (uint256);

    function convertToShares(uint256 assets) external view returns (uint256);

    function convertToAssets(uint256 shares) external view returns (uint256);

    function maxDeposit(address _receiver) external view returns (uint256);

    function maxMint(address _receiver) external view returns (uint256);

    function maxWithdraw(address owner) external view returns (uint256);

    function maxRedeem(address owner) external view returns (uint256);

    function previewDeposit(uint256 assets) external view returns (uint256);

    function previewMint(uint256 shares) external view returns (uint256);

    function previewWithdraw(uint256 assets) external view returns (uint256);

    function previewRedeem(uint256 shares) external view returns (uint256);

    function deposit(uint256 assets, address receiver) external returns (uint256);

    function mint(uint256 shares, address receiver) external returns (uint256);

    function withdraw(uint256 assets, address receiver, address owner) external returns (uint256);

    function redeem(uint256 shares, address receiver, address owner) external returns (uint256);

    function cooldown() external;

    function cooldownInfo(address owner) external view returns (uint256, uint64, uint64, uint64);

    function notifyPremium(uint256 amount) external;

    function cover(uint256 amount, address recipient) external returns (uint256);

    function maxCoverable() external view returns (uint256);

    function returnFunds(uint256 amount) external;

    function unvestedPremium() external view returns (uint256);

    function vestingEnd() external view returns (uint64);

    function frozenUntil() external view returns (uint64);

    function pause() external;

    function unpause() external;

    function paused() external view returns (bool);

    function sweep(address token, address to) external returns (uint256);

    function governance() external view returns (address);

    function pendingGovernance() external view returns (address);

    function transferGovernance(address next) external;

    function acceptGovernance() external;

    function lossModule() external view returns (address);

    function guardian() external view returns (address);

    function minAssets() external view returns (uint256);

    function depositCap() external view returns (uint256);

    function cooldownPeriod() external view returns (uint64);

    function unstakeWindow() external view returns (uint64);

    function premiumVestingPeriod() external view returns (uint64);

    function postLossFreeze() external view returns (uint64);

    function maxSlashBps() external view returns (uint256);

    function setLossModule(address next) external;

    function setGuardian(address next) external;

    function setCooldownPeriod(uint64 next) external;

    function setUnstakeWindow(uint64 next) external;

    function setPremiumVestingPeriod(uint64 next) external;

    function setPostLossFreeze(uint64 next) external;

    function setMaxSlashBps(uint256 next) external;

    function setDepositCap(uint256 next) external;

    error ERC20InsufficientBalance(address, uint256, uint256);

    error ERC20InsufficientAllowance(address, uint256, uint256);

    error ERC20InvalidSender(address);

    error ERC20InvalidReceiver(address);

    error ERC20InvalidSpender(address);

    error ERC4626ExceededMaxDeposit(address, uint256, uint256);

    error ERC4626ExceededMaxMint(address, uint256, uint256);

    error ERC4626ExceededMaxWithdraw(address, uint256, uint256);

    error ERC4626ExceededMaxRedeem(address, uint256, uint256);

    error NotGovernance(address);

    error NotPendingGovernance(address);

    error NotLossModule(address);

    error NotGuardianOrGovernance(address);

    error ParameterOutOfBounds(bytes32, uint256, uint256, uint256);

    error ZeroAddress(bytes32);

    error ZeroAmount();

    error NothingToCooldown(address);

    error TokenCallFailed(address, uint8);

    error AssetDecimalsTooLarge(uint8);

    error MathOverflow();

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares);
    event CooldownStarted(address indexed account, uint256 shares, uint64 windowStart, uint64 windowEnd);
    event PremiumNotified(address indexed payer, uint256 amount, uint256 unvested, uint64 vestingEnd);
    event LossCovered(address indexed recipient, uint256 requested, uint256 covered, uint64 frozenUntil);
    event FundsReturned(address indexed payer, uint256 amount);
    event Paused(address account);
    event Unpaused(address account);
    event Swept(address indexed token, address indexed to, uint256 amount);
    event GovernanceTransferStarted(address indexed previous, address indexed next);
    event GovernanceTransferred(address indexed previous, address indexed next);
    event LossModuleUpdated(address indexed previous, address indexed next);
    event GuardianUpdated(address indexed previous, address indexed next);
    event CooldownPeriodUpdated(uint64 previous, uint64 next);
    event UnstakeWindowUpdated(uint64 previous, uint64 next);
    event PremiumVestingPeriodUpdated(uint64 previous, uint64 next);
    event PostLossFreezeUpdated(uint64 previous, uint64 next);
    event MaxSlashBpsUpdated(uint256 previous, uint256 next);
    event DepositCapUpdated(uint256 previous, uint256 next);
}
