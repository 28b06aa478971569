//! The vault's storage layout: each variable's slot, reached through
//! [`backstop_common::store::Store`]. It is Solidity's layout of this declaration (the tests check
//! it against the SDK's storage types):
//!
//! ```solidity
//! bytes32 name; bytes32 symbol; // packed short strings (`backstop_common::short_string`)
//! uint8 decimals;
//! uint256 totalSupply;
//! mapping(address => uint256) balances;
//! mapping(bytes32 => uint256) allowances; // keyed by keccak256(owner ++ spender)
//! address asset;
//! uint256 totalAssets; // vested premium included as of the last accrual
//! uint256 vestAmount; uint64 vestStart; uint64 vestEnd; // premium unvested at vestStart
//! uint256 minAssets; uint256 depositCap;
//! uint64 frozenUntil; bool paused;
//! mapping(address => uint256) cooldownShares; mapping(address => uint64) cooldownStart;
//! uint64 cooldownPeriod; uint64 unstakeWindow; uint64 premiumVestingPeriod; uint64 postLossFreeze;
//! uint256 maxSlashBps;
//! address governance; address pendingGovernance;
//! address guardian; address lossModule;
//! ```

use backstop_common::governance::TwoStepGovernance;
use backstop_common::store::{Packed, Slot};

pub(crate) const NAME: Slot = Slot::at(0);
pub(crate) const SYMBOL: Slot = Slot::at(1);
pub(crate) const DECIMALS: Slot = Slot::at(2);
pub(crate) const TOTAL_SUPPLY: Slot = Slot::at(3);
pub(crate) const BALANCES: Slot = Slot::at(4);
pub(crate) const ALLOWANCES: Slot = Slot::at(5);
pub(crate) const ASSET: Slot = Slot::at(6);
pub(crate) const TOTAL_ASSETS: Slot = Slot::at(7);
pub(crate) const VEST_AMOUNT: Slot = Slot::at(8);
pub(crate) const VEST_START: Packed = Slot::at(9).packed(0);
pub(crate) const VEST_END: Packed = Slot::at(9).packed(8);
pub(crate) const MIN_ASSETS: Slot = Slot::at(10);
pub(crate) const DEPOSIT_CAP: Slot = Slot::at(11);
pub(crate) const FROZEN_UNTIL: Packed = Slot::at(12).packed(0);
pub(crate) const PAUSED: Packed = Slot::at(12).packed(8);
pub(crate) const COOLDOWN_SHARES: Slot = Slot::at(13);
pub(crate) const COOLDOWN_START: Slot = Slot::at(14);
pub(crate) const COOLDOWN_PERIOD: Packed = Slot::at(15).packed(0);
pub(crate) const UNSTAKE_WINDOW: Packed = Slot::at(15).packed(8);
pub(crate) const PREMIUM_VESTING_PERIOD: Packed = Slot::at(15).packed(16);
pub(crate) const POST_LOSS_FREEZE: Packed = Slot::at(15).packed(24);
pub(crate) const MAX_SLASH_BPS: Slot = Slot::at(16);
pub(crate) const GOV: TwoStepGovernance = TwoStepGovernance::at(17);
pub(crate) const GUARDIAN: Slot = Slot::at(19);
pub(crate) const LOSS_MODULE: Slot = Slot::at(20);
