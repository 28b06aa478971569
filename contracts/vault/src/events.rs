//! Events of the BackstopVault.

use alloy_sol_types::sol;

sol! {
    /// ERC-20: `value` shares moved from `from` to `to` (`0` for mint and burn).
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// ERC-20: `owner` allowed `spender` to move `value` shares.
    event Approval(address indexed owner, address indexed spender, uint256 value);
    /// ERC-4626: `sender` paid `assets` and `owner` received `shares`.
    event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares);
    /// ERC-4626: `sender` burned `shares` of `owner` and `receiver` got `assets`.
    event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares);
    /// `account` snapshotted `shares`; they are redeemable in `[windowStart, windowEnd)`.
    event CooldownStarted(address indexed account, uint256 shares, uint64 windowStart, uint64 windowEnd);
    /// `payer` paid `amount` of premium; `unvested` (including it) vests linearly until `vestingEnd`.
    event PremiumNotified(address indexed payer, uint256 amount, uint256 unvested, uint64 vestingEnd);
    /// The loss module asked for `requested`; `covered` was paid to `recipient`; deposits are
    /// frozen until `frozenUntil`.
    event LossCovered(address indexed recipient, uint256 requested, uint256 covered, uint64 frozenUntil);
    /// `payer` returned `amount` of recovered funds to the holders.
    event FundsReturned(address indexed payer, uint256 amount);
    /// `account` paused deposits and mints.
    event Paused(address account);
    /// `account` unpaused deposits and mints.
    event Unpaused(address account);
    /// Governance swept `amount` of unaccounted `token` to `to`.
    event Swept(address indexed token, address indexed to, uint256 amount);
    /// Governance handover started.
    event GovernanceTransferStarted(address indexed previous, address indexed next);
    /// Governance handover completed.
    event GovernanceTransferred(address indexed previous, address indexed next);
    /// The loss module (the only caller of `cover`) changed.
    event LossModuleUpdated(address indexed previous, address indexed next);
    /// The guardian (who may pause) changed.
    event GuardianUpdated(address indexed previous, address indexed next);
    /// The cooldown period changed, in seconds.
    event CooldownPeriodUpdated(uint64 previous, uint64 next);
    /// The unstake window changed, in seconds.
    event UnstakeWindowUpdated(uint64 previous, uint64 next);
    /// The premium vesting period changed, in seconds.
    event PremiumVestingPeriodUpdated(uint64 previous, uint64 next);
    /// The post-loss deposit freeze changed, in seconds.
    event PostLossFreezeUpdated(uint64 previous, uint64 next);
    /// The maximum share of `totalAssets` one cover may take changed, in basis points.
    event MaxSlashBpsUpdated(uint256 previous, uint256 next);
    /// The deposit cap on `totalAssets` changed.
    event DepositCapUpdated(uint256 previous, uint256 next);
}
