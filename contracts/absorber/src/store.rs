//! The absorber's storage layout: each variable's slot, reached through
//! [`backstop_common::store::Store`]. It is Solidity's layout of this declaration (the tests check
//! it against the SDK's storage types):
//!
//! ```solidity
//! struct Market { bool enabled; uint256 cap; uint256 drawn; uint256 deficit; }
//! struct LossRecord { uint256 amount; uint256 covered; } // amount 0 = not recorded
//! struct CoverEntry { uint64 at; uint256 total; } // total: running, wrapping
//!
//! address governance; address pendingGovernance;
//! address vault; address asset;
//! mapping(address => Market) markets;
//! mapping(address => mapping(bytes32 => LossRecord)) losses;
//! uint256 totalDeficit;
//! uint256 maxCoverPerWindow; uint64 coverWindow;
//! CoverEntry[] coverLog; // every cover paid, oldest first
//! uint256 mintCapPerPeriod; uint64 mintPeriod; uint64 mintPeriodStart;
//! uint256 mintedInPeriod;
//! ```

use alloy_primitives::{Address, B256};
use backstop_common::governance::TwoStepGovernance;
use backstop_common::store::{Packed, Slot};

pub(crate) const GOVERNANCE: TwoStepGovernance = TwoStepGovernance::at(0);
pub(crate) const VAULT: Slot = Slot::at(2);
pub(crate) const ASSET: Slot = Slot::at(3);
const MARKETS: Slot = Slot::at(4);
const LOSSES: Slot = Slot::at(5);
pub(crate) const TOTAL_DEFICIT: Slot = Slot::at(6);
pub(crate) const MAX_COVER_PER_WINDOW: Slot = Slot::at(7);
pub(crate) const COVER_WINDOW: Packed = Slot::at(8).packed(0);
/// The cover log's length; its entries follow [`cover_entry`].
pub(crate) const COVER_LOG: Slot = Slot::at(9);
pub(crate) const MINT_CAP_PER_PERIOD: Slot = Slot::at(10);
pub(crate) const MINT_PERIOD: Packed = Slot::at(11).packed(0);
pub(crate) const MINT_PERIOD_START: Packed = Slot::at(11).packed(8);
pub(crate) const MINTED_IN_PERIOD: Slot = Slot::at(12);

/// The books of one market (`Market` above).
pub(crate) struct Market(Slot);

impl Market {
    /// Whether the market may call `absorbLoss`.
    pub(crate) fn enabled(&self) -> Slot {
        self.0
    }
    /// Total the market may ever have covered by the vault.
    pub(crate) fn cap(&self) -> Slot {
        self.0.plus(1)
    }
    /// Total covered by the vault so far.
    pub(crate) fn drawn(&self) -> Slot {
        self.0.plus(2)
    }
    /// Uncovered losses not yet settled or minted.
    pub(crate) fn deficit(&self) -> Slot {
        self.0.plus(3)
    }
}

/// The books of `market`.
pub(crate) fn market(market: Address) -> Market {
    Market(MARKETS.of(market))
}

/// The first result of `(market, loss_id)`: `amount`, then `covered` in the next slot.
pub(crate) fn loss(market: Address, loss_id: B256) -> Slot {
    LOSSES.of(market).entry(&loss_id.0)
}

/// Cover `i` of the log: `at` (alone in its slot), then `total` in the next slot.
pub(crate) fn cover_entry(i: u64) -> Slot {
    COVER_LOG.array_start().plus(2 * i)
}
