//! The storage floor of each benchmarked operation: the SLOAD/SSTORE gas that the state it must
//! read and change costs at the least, whatever the implementation (EIP-2929 cold/warm access,
//! EIP-2200/3529 SSTORE pricing, as Prague and Stylus both charge them).
//!
//! Every slot the operation must read or change is counted once, at its cheapest:
//! - read only, cold: 2,100;
//! - changed from non-zero to non-zero, cold (read included): 2,100 + 2,900 = 5,000;
//! - changed from zero to non-zero, cold (read included): 2,100 + 20,000 = 22,100;
//! - changed from non-zero to zero, cold: 5,000, with 4,800 refunded at the end of the
//!   transaction (refunds are capped at a fifth of the gas used; listed, not subtracted).
//!
//! "Must" follows the semantics of our contracts (SPEC.md and the decisions in their doc
//! comments) and their storage layout (which values share a slot). Left out: constants fixed at
//! construction (the asset, the vault address: an `immutable` in Solidity costs no storage
//! access; Stylus has no immutables, so ours pay a cold SLOAD for each), repeated accesses to a
//! slot already warm (100 each), writes that leave a value unchanged, and everything that is not
//! storage (the 21,000 intrinsic gas, calldata, cold account access on calls, logs, hashing).
//! The asset is the same OpenZeppelin ERC20 for every vault, so its slots are counted too.

/// How an operation touches one slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read, not changed: cold SLOAD.
    Read,
    /// Changed from non-zero to non-zero.
    Update,
    /// Changed from zero to non-zero.
    Create,
    /// Changed from non-zero to zero (refund 4,800).
    Clear,
}

impl Access {
    /// Gas charged for the access (before refunds).
    pub fn gas(self) -> u64 {
        match self {
            Access::Read => 2_100,
            Access::Update | Access::Clear => 5_000,
            Access::Create => 22_100,
        }
    }

    /// Refund at the end of the transaction.
    pub fn refund(self) -> u64 {
        match self {
            Access::Clear => 4_800,
            _ => 0,
        }
    }

    /// Short label for the derivation tables.
    pub fn label(self) -> &'static str {
        match self {
            Access::Read => "read 2,100",
            Access::Update => "nz→nz 5,000",
            Access::Create => "0→nz 22,100",
            Access::Clear => "nz→0 5,000 (−4,800 refund)",
        }
    }
}

/// One slot an operation must touch.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    /// Which slot, as `contract.variable[key]`.
    pub what: &'static str,
    /// How.
    pub access: Access,
}

const fn read(what: &'static str) -> Slot {
    Slot {
        what,
        access: Access::Read,
    }
}
const fn update(what: &'static str) -> Slot {
    Slot {
        what,
        access: Access::Update,
    }
}
const fn create(what: &'static str) -> Slot {
    Slot {
        what,
        access: Access::Create,
    }
}
const fn clear(what: &'static str) -> Slot {
    Slot {
        what,
        access: Access::Clear,
    }
}

/// Sum of the charges of `slots` (refunds not subtracted).
pub fn total(slots: &[Slot]) -> u64 {
    slots.iter().map(|s| s.access.gas()).sum()
}

/// Sum of the refunds of `slots`.
pub fn refunds(slots: &[Slot]) -> u64 {
    slots.iter().map(|s| s.access.refund()).sum()
}

// ----- Building blocks -----
// `vault.*` is BackstopVault's storage (BaselineVault has the same); `token.*` the shared
// OpenZeppelin ERC20 asset. Packed slots name every value they hold.

/// The shared "deposits open?" checks of deposit and mint: pause flag and freeze share a slot.
const DEPOSIT_CHECKS: [Slot; 3] = [
    read("vault.frozenUntil|paused"),
    read("vault.depositCap"),
    read("vault.vestAmount (accrual)"),
];

// ----- BackstopVault / BaselineVault -----

/// First deposit into an empty vault (alice, for herself).
pub const DEPOSIT_FIRST: &[Slot] = &[
    DEPOSIT_CHECKS[0],
    DEPOSIT_CHECKS[1],
    DEPOSIT_CHECKS[2],
    create("vault.totalAssets"),
    create("vault.totalSupply"),
    create("vault.balances[alice]"),
    read("token.allowances[alice][vault] (max: not spent)"),
    update("token.balances[alice]"),
    create("token.balances[vault]"),
];

/// Deposit by a user without shares (bob) into a vault with assets.
pub const DEPOSIT_OTHER: &[Slot] = &[
    DEPOSIT_CHECKS[0],
    DEPOSIT_CHECKS[1],
    DEPOSIT_CHECKS[2],
    update("vault.totalAssets"),
    update("vault.totalSupply"),
    create("vault.balances[bob]"),
    read("token.allowances[bob][vault] (max: not spent)"),
    update("token.balances[bob]"),
    update("token.balances[vault]"),
];

/// Deposit (or mint) by a holder: every slot already non-zero.
pub const DEPOSIT_AGAIN: &[Slot] = &[
    DEPOSIT_CHECKS[0],
    DEPOSIT_CHECKS[1],
    DEPOSIT_CHECKS[2],
    update("vault.totalAssets"),
    update("vault.totalSupply"),
    update("vault.balances[holder]"),
    read("token.allowances[holder][vault] (max: not spent)"),
    update("token.balances[holder]"),
    update("token.balances[vault]"),
];

/// Share transfer to an account without shares; the sender's cooldown snapshot is checked.
pub const TRANSFER: &[Slot] = &[
    update("vault.balances[alice]"),
    create("vault.balances[carol]"),
    read("vault.cooldownShares[alice] (capped at what she keeps)"),
];

/// Approval of a spender without allowance.
pub const APPROVE: &[Slot] = &[create("vault.allowances[alice][carol]")];

/// Cooldown: snapshot of the balance, start time, window for the event.
pub const COOLDOWN: &[Slot] = &[
    read("vault.balances[bob]"),
    create("vault.cooldownShares[bob]"),
    create("vault.cooldownStart[bob]"),
    read("vault.cooldownPeriod|unstakeWindow|premiumVestingPeriod|postLossFreeze"),
];

/// Redeem or withdraw by the owner in the unstake window (no premium vesting).
pub const EXIT: &[Slot] = &[
    read("vault.vestAmount (accrual)"),
    read("vault.cooldownStart[bob]"),
    read("vault.cooldownPeriod|unstakeWindow|…"),
    update("vault.cooldownShares[bob]"),
    update("vault.balances[bob]"),
    update("vault.totalSupply"),
    update("vault.totalAssets"),
    update("token.balances[vault]"),
    update("token.balances[bob]"),
];

/// The first premium: starts the vesting schedule.
pub const NOTIFY_PREMIUM: &[Slot] = &[
    create("vault.vestAmount"),
    create("vault.vestStart|vestEnd"),
    read("vault.…|premiumVestingPeriod|…"),
    read("token.allowances[market][vault] (max: not spent)"),
    update("token.balances[market]"),
    update("token.balances[vault]"),
];

// ----- OpenZeppelin ERC4626 (plain: no cap, pause, vesting or cooldown) -----

/// First deposit: `totalAssets()` is `asset.balanceOf(vault)`, a slot the transfer writes anyway.
pub const OZ_DEPOSIT_FIRST: &[Slot] = &[
    create("vault.totalSupply"),
    create("vault.balances[alice]"),
    read("token.allowances[alice][vault] (max: not spent)"),
    update("token.balances[alice]"),
    create("token.balances[vault]"),
];

/// Deposit by a user without shares.
pub const OZ_DEPOSIT_OTHER: &[Slot] = &[
    update("vault.totalSupply"),
    create("vault.balances[bob]"),
    read("token.allowances[bob][vault] (max: not spent)"),
    update("token.balances[bob]"),
    update("token.balances[vault]"),
];

/// Deposit or mint by a holder.
pub const OZ_DEPOSIT_AGAIN: &[Slot] = &[
    update("vault.totalSupply"),
    update("vault.balances[holder]"),
    read("token.allowances[holder][vault] (max: not spent)"),
    update("token.balances[holder]"),
    update("token.balances[vault]"),
];

/// Share transfer to an account without shares.
pub const OZ_TRANSFER: &[Slot] = &[
    update("vault.balances[alice]"),
    create("vault.balances[carol]"),
];

/// Redeem or withdraw by the owner.
pub const OZ_EXIT: &[Slot] = &[
    update("vault.balances[bob]"),
    update("vault.totalSupply"),
    update("token.balances[vault]"),
    update("token.balances[bob]"),
];

// ----- LossAbsorber + the vault's cover (BaselineAbsorber + BaselineVault the same) -----

/// What `vault.cover` touches while a premium vests: accrual, the payout, the freeze.
const COVER_VESTING: [Slot; 10] = [
    read("vault.lossModule"),
    update("vault.vestAmount (accrual)"),
    update("vault.vestStart|vestEnd (accrual)"),
    update("vault.totalAssets"),
    read("vault.maxSlashBps"),
    read("vault.minAssets"),
    read("vault.…|postLossFreeze"),
    update("vault.frozenUntil|paused"),
    update("token.balances[vault]"),
    update("token.balances[market]"),
];

/// The first cover of all: the cover log is empty (no window to read) and nothing was frozen.
pub const ABSORB_FIRST: &[Slot] = &[
    read("absorber.markets[m].enabled"),
    create("absorber.losses[m][id].amount"),
    create("absorber.losses[m][id].covered"),
    read("absorber.markets[m].cap"),
    create("absorber.markets[m].drawn"),
    read("absorber.maxCoverPerWindow"),
    create("absorber.coverLog.length"),
    create("absorber.coverLog[0].at"),
    create("absorber.coverLog[0].total"),
    read("vault.lossModule"),
    update("vault.vestAmount (accrual)"),
    update("vault.vestStart|vestEnd (accrual)"),
    update("vault.totalAssets"),
    read("vault.maxSlashBps"),
    read("vault.minAssets"),
    read("vault.…|postLossFreeze"),
    create("vault.frozenUntil|paused"),
    update("token.balances[vault]"),
    update("token.balances[market]"),
];

/// A repeated lossId: the record decides, nothing changes.
pub const ABSORB_REPLAY: &[Slot] = &[
    read("absorber.markets[m].enabled"),
    read("absorber.losses[m][id].amount"),
    read("absorber.losses[m][id].covered"),
];

/// The second cover, within the window of the first (one logged cover to read).
pub const ABSORB_SECOND: &[Slot] = &[
    read("absorber.markets[m].enabled"),
    create("absorber.losses[m][id].amount"),
    create("absorber.losses[m][id].covered"),
    read("absorber.markets[m].cap"),
    update("absorber.markets[m].drawn"),
    read("absorber.maxCoverPerWindow"),
    read("absorber.coverWindow"),
    read("absorber.coverLog[0].at"),
    read("absorber.coverLog[0].total"),
    update("absorber.coverLog.length"),
    create("absorber.coverLog[1].at"),
    create("absorber.coverLog[1].total"),
    COVER_VESTING[0],
    COVER_VESTING[1],
    COVER_VESTING[2],
    COVER_VESTING[3],
    COVER_VESTING[4],
    COVER_VESTING[5],
    COVER_VESTING[6],
    COVER_VESTING[7],
    COVER_VESTING[8],
    COVER_VESTING[9],
];

/// Cover up to the market's cap, the rest recorded as the first deficit (two logged covers, both
/// in the window: the oldest one's time and the newest one's running total decide).
pub const ABSORB_PARTIAL: &[Slot] = &[
    read("absorber.markets[m].enabled"),
    create("absorber.losses[m][id].amount"),
    create("absorber.losses[m][id].covered"),
    read("absorber.markets[m].cap"),
    update("absorber.markets[m].drawn"),
    create("absorber.markets[m].deficit"),
    create("absorber.totalDeficit"),
    read("absorber.maxCoverPerWindow"),
    read("absorber.coverWindow"),
    read("absorber.coverLog[0].at"),
    read("absorber.coverLog[1].total"),
    update("absorber.coverLog.length"),
    create("absorber.coverLog[2].at"),
    create("absorber.coverLog[2].total"),
    COVER_VESTING[0],
    COVER_VESTING[1],
    COVER_VESTING[2],
    COVER_VESTING[3],
    COVER_VESTING[4],
    COVER_VESTING[5],
    COVER_VESTING[6],
    COVER_VESTING[7],
    COVER_VESTING[8],
    COVER_VESTING[9],
];

/// The market's cap is used up: nothing to ask the window or the vault, all deficit.
pub const ABSORB_DEFICIT: &[Slot] = &[
    read("absorber.markets[m].enabled"),
    create("absorber.losses[m][id].amount"),
    read("absorber.markets[m].cap"),
    read("absorber.markets[m].drawn"),
    update("absorber.markets[m].deficit"),
    update("absorber.totalDeficit"),
];

/// A third party pays part of a market's deficit.
pub const SETTLE: &[Slot] = &[
    update("absorber.markets[m].deficit"),
    update("absorber.totalDeficit"),
    read("token.allowances[carol][absorber] (max: not spent)"),
    update("token.balances[carol]"),
    update("token.balances[market]"),
];

// ----- GovernanceTimelock / TimelockController -----

/// Scheduling one call or a batch: the proposer's role, the minimum delay, the new timestamp.
pub const SCHEDULE: &[Slot] = &[
    read("timelock.roles[PROPOSER][dao]"),
    read("timelock.minDelay"),
    create("timelock.timestamps[id]"),
];

/// The emergency path: the allow-list entry and the emergency delay instead of the minimum delay.
pub const SCHEDULE_EMERGENCY: &[Slot] = &[
    read("timelock.roles[PROPOSER][dao]"),
    read("timelock.emergencyActions[vault][pause]"),
    read("timelock.emergencyDelay"),
    create("timelock.timestamps[id]"),
];

/// Cancel: the canceller's role, the timestamp cleared.
pub const CANCEL: &[Slot] = &[
    read("timelock.roles[CANCELLER][dao]"),
    clear("timelock.timestamps[id]"),
];

/// Execute `target.set(1)`: the executor's role (one of the open role or the sender's), the
/// timestamp marked done, the target's first write.
pub const EXECUTE: &[Slot] = &[
    read("timelock.roles[EXECUTOR][dao]"),
    update("timelock.timestamps[id] (→ done)"),
    create("target.value"),
];

/// Execute the batch `target.set(2)`, `target.set(3)`: the second write to the same slot is warm
/// (100, not counted).
pub const EXECUTE_BATCH: &[Slot] = &[
    read("timelock.roles[EXECUTOR][dao]"),
    update("timelock.timestamps[id] (→ done)"),
    update("target.value"),
];
