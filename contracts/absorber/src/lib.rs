//! LossAbsorber: the lending markets' entry to the Backstop.
//!
//! On a borrower default an enabled market calls `absorbLoss(lossId, amount)`. The absorber asks
//! the vault to `cover` `min(amount, capLeft, windowLeft, vault.maxCoverable())`, paid straight
//! to the market, and records the rest as the market's deficit. The deficit can be paid down by
//! anyone (`settleDeficit`) or, as the last step of the waterfall, by governance minting the
//! asset to the market (`emergencyMint`), bounded on chain by the deficit and a per-period cap.
//!
//! Decisions (where SPEC.md is silent):
//! - **Idempotent `lossId`.** A repeated `(market, lossId)` changes nothing and returns the first
//!   `(covered, uncovered)`, whatever `amount` the retry carries. It emits `LossReplayed` (not
//!   `LossAbsorbed`), so indexers never count a retry twice. A zero `amount` is refused
//!   (`ZeroAmount`), so a recorded loss always has `amount > 0`, which is what marks it recorded.
//! - **Cover limit.** `maxCoverPerWindow` per `coverWindow` across all markets, rolling and exact:
//!   a cover paid at `at` counts while `now < at + coverWindow`, so no interval of `coverWindow`
//!   seconds sees more than the limit covered (see [`limits`]). Every cover is logged (one entry
//!   per `absorbLoss` that paid something); a binary search over the log finds the covers still in
//!   the window, so the cost grows with the log only as log2(n) storage reads. A longer window set
//!   by governance takes the older covers it now spans into account; a lower limit applies at once.
//!   `windowUsage()` shows the window as of now.
//! - **Vault failures.** `absorbLoss` never reverts because the vault is empty or capped: it asks
//!   `maxCoverable()` first and records the shortfall as deficit (it does not ask when the
//!   market's cap or the cover window is used up: nothing could be covered whatever the vault
//!   says, and the loss is all deficit). If the vault *call* itself fails
//!   (e.g. the absorber is not its loss module) `absorbLoss` reverts with `VaultCallFailed`
//!   carrying the vault's revert data, so the market can retry with the same `lossId` once the
//!   configuration is fixed, instead of having the loss booked as deficit for good.
//! - **Checks-effects-interactions.** All books (drawn, window, deficit, the loss record) are
//!   written for the amount requested before the vault is called; the vault must then report
//!   covering exactly that amount (`VaultCoverMismatch` otherwise, which reverts everything).
//!   Likewise `settleDeficit` and `emergencyMint` lower the deficit before moving tokens. The
//!   SDK's reentrancy guard stays on.
//! - **Markets.** Removing a market only disables it: its cap, drawn amount and deficit stay, the
//!   deficit can still be settled or minted, and re-adding it sets a new cap and keeps `drawn`
//!   (the cap is a lifetime total). A lowered cap below `drawn` leaves 0 cap left.
//! - **Settlement.** A market cannot settle its own deficit (`SelfSettlement`): paying itself
//!   would move nothing.
//! - **Tokens.** The asset is the protocol's stablecoin; transfers and mints go through
//!   `backstop-common`'s safe ERC-20 helper. Fee-on-transfer and ERC-777 assets are out of scope.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The SDK generates an undocumented `print_from_args` in the export build; the WASM build still
// checks every item for docs.
#![cfg_attr(feature = "export-abi", allow(missing_docs))]
extern crate alloc;

mod errors;
mod events;
pub mod limits;
mod router;
mod store;
pub mod vault;

use alloy_primitives::{Address, B256, U256};
use backstop_common::erc20;
use backstop_common::store::Store;
use stylus_sdk::prelude::*;

pub use errors::*;
use events::emit;
pub use events::*;
use limits::{
    first_in_window, split_loss, window_used, PeriodUsage, MAX_COVER_WINDOW, MAX_MINT_PERIOD,
    MIN_PERIOD,
};
pub use router::SIGNATURES;
use store::*;

/// Result of the absorber's entry points.
pub type Result<T, E = AbsorberError> = core::result::Result<T, E>;

/// The covers in the rolling window at some time.
struct CoverWindow {
    /// Covered within the window.
    used: U256,
    /// Time of the oldest cover in the window, if any.
    oldest: Option<u64>,
    /// Running total through the last logged cover.
    last_total: U256,
}

/// The LossAbsorber. Its state is reached by slot through [`Store`], in the layout the `store`
/// module declares.
#[storage]
#[entrypoint]
pub struct LossAbsorber {}

// The entry points are served by the hand-written router in the WASM build (see [`router`]).
backstop_common::routed_public_impl! {
#[public]
impl LossAbsorber
constructor {
    /// Sets the vault (reading its `asset()`), the governance and both limits.
    pub fn constructor(
        &mut self,
        vault: Address,
        governance: Address,
        max_cover_per_window: U256,
        cover_window: u64,
        mint_cap_per_period: U256,
        mint_period: u64,
    ) -> Result<()> {
        if vault.is_zero() {
            return Err(AbsorberError::ZeroAddress(ZeroAddress {}));
        }
        GOVERNANCE.init(self, governance)?;
        let asset = vault::asset(self.vm(), vault)?;
        if asset.is_zero() {
            return Err(AbsorberError::ZeroAddress(ZeroAddress {}));
        }
        self.set_address(&VAULT, vault);
        self.set_address(&ASSET, asset);
        self.set_cover_window_internal(max_cover_per_window, cover_window)?;
        self.set_mint_cap_internal(mint_cap_per_period, mint_period)?;
        emit(
            self.vm(),
            GovernanceTransferred {
                previous: Address::ZERO,
                next: governance,
            },
        );
        Ok(())
    }
}
entry_points {
    // ----- Governance handover -----

    /// The current governance.
    pub fn governance(&self) -> Address {
        GOVERNANCE.governance(self)
    }

    /// The pending governance (`address(0)` if none).
    pub fn pending_governance(&self) -> Address {
        GOVERNANCE.pending(self)
    }

    /// Names `next` as pending governance (`address(0)` withdraws the offer). Governance only.
    pub fn transfer_governance(&mut self, next: Address) -> Result<()> {
        let caller = self.vm().msg_sender();
        let previous = GOVERNANCE.begin_transfer(self, caller, next)?;
        emit(self.vm(), GovernanceTransferStarted { previous, next });
        Ok(())
    }

    /// Completes the handover. Pending governance only.
    pub fn accept_governance(&mut self) -> Result<()> {
        let caller = self.vm().msg_sender();
        let previous = GOVERNANCE.accept(self, caller)?;
        emit(
            self.vm(),
            GovernanceTransferred {
                previous,
                next: caller,
            },
        );
        Ok(())
    }

    // ----- Markets (governance) -----

    /// Enables `market` with a lifetime coverage cap.
    pub fn add_market(&mut self, market: Address, coverage_cap: U256) -> Result<()> {
        self.only_governance()?;
        if market.is_zero() {
            return Err(AbsorberError::ZeroAddress(ZeroAddress {}));
        }
        let m = store::market(market);
        if self.bool(&m.enabled()) {
            return Err(AbsorberError::MarketAlreadyEnabled(MarketAlreadyEnabled {
                market,
            }));
        }
        self.set_bool(&m.enabled(), true);
        self.set_u256(&m.cap(), coverage_cap);
        emit(
            self.vm(),
            MarketAdded {
                market,
                coverageCap: coverage_cap,
            },
        );
        Ok(())
    }

    /// Changes the lifetime coverage cap of an enabled market.
    pub fn set_market_cap(&mut self, market: Address, coverage_cap: U256) -> Result<()> {
        self.only_governance()?;
        self.require_enabled(market)?;
        let cap = store::market(market).cap();
        let old = self.u256(&cap);
        self.set_u256(&cap, coverage_cap);
        emit(
            self.vm(),
            MarketCapSet {
                market,
                oldCap: old,
                newCap: coverage_cap,
            },
        );
        Ok(())
    }

    /// Disables `market`; its deficit stays on the books.
    pub fn remove_market(&mut self, market: Address) -> Result<()> {
        self.only_governance()?;
        self.require_enabled(market)?;
        let m = store::market(market);
        self.set_bool(&m.enabled(), false);
        let deficit = self.u256(&m.deficit());
        emit(self.vm(), MarketRemoved { market, deficit });
        Ok(())
    }

    /// `(enabled, coverageCap, drawn, deficit)` of `market`.
    pub fn market_info(&self, market: Address) -> (bool, U256, U256, U256) {
        let m = store::market(market);
        (
            self.bool(&m.enabled()),
            self.u256(&m.cap()),
            self.u256(&m.drawn()),
            self.u256(&m.deficit()),
        )
    }

    // ----- Limits (governance) -----

    /// Sets the rolling cover limit. `coverWindow` in `[1 hour, 30 days]`.
    pub fn set_cover_window(
        &mut self,
        max_cover_per_window: U256,
        cover_window: u64,
    ) -> Result<()> {
        self.only_governance()?;
        self.set_cover_window_internal(max_cover_per_window, cover_window)
    }

    /// Sets the emergency-mint cap. `mintPeriod` in `[1 hour, 365 days]`.
    pub fn set_mint_cap(&mut self, mint_cap_per_period: U256, mint_period: u64) -> Result<()> {
        self.only_governance()?;
        self.set_mint_cap_internal(mint_cap_per_period, mint_period)
    }

    /// Largest total the vault covers per cover window.
    pub fn max_cover_per_window(&self) -> U256 {
        self.u256(&MAX_COVER_PER_WINDOW)
    }

    /// Length of the cover window, in seconds.
    pub fn cover_window(&self) -> u64 {
        self.u64(&COVER_WINDOW)
    }

    /// Largest total emergency mint per mint period.
    pub fn mint_cap_per_period(&self) -> U256 {
        self.u256(&MINT_CAP_PER_PERIOD)
    }

    /// Length of the mint period, in seconds.
    pub fn mint_period(&self) -> u64 {
        self.u64(&MINT_PERIOD)
    }

    /// `(used, limit, windowStart, nextRelease)` of the rolling cover window now: `used` was
    /// covered after `windowStart = now - coverWindow`; at `nextRelease` the oldest of those
    /// covers leaves the window (0 when `used` is 0).
    pub fn window_usage(&self) -> (U256, U256, u64, u64) {
        let window = self.u64(&COVER_WINDOW);
        let w = self.cover_window_now();
        (
            w.used,
            self.u256(&MAX_COVER_PER_WINDOW),
            self.vm().block_timestamp().saturating_sub(window),
            w.oldest.map_or(0, |at| at.saturating_add(window)),
        )
    }

    /// `(minted, limit, periodStart, periodEnd)` of the mint period a mint would fall in now.
    pub fn mint_usage(&self) -> (U256, U256, u64, u64) {
        let usage = self.mint_usage_now();
        let period = self.u64(&MINT_PERIOD);
        (
            usage.used,
            self.u256(&MINT_CAP_PER_PERIOD),
            usage.start,
            usage.end(period),
        )
    }

    // ----- Losses -----

    /// Absorbs a loss of the calling (enabled) market; returns `(covered, uncovered)`.
    pub fn absorb_loss(&mut self, loss_id: B256, amount: U256) -> Result<(U256, U256)> {
        let market = self.vm().msg_sender();
        self.require_enabled(market)?;
        let (first_amount, covered) = self.loss(market, loss_id);
        if !first_amount.is_zero() {
            let uncovered = first_amount - covered;
            emit(
                self.vm(),
                LossReplayed {
                    market,
                    lossId: loss_id,
                    covered,
                    uncovered,
                },
            );
            return Ok((covered, uncovered));
        }
        let (covered, uncovered) = self.absorb_new_loss(market, loss_id, amount)?;
        emit(
            self.vm(),
            LossAbsorbed {
                market,
                lossId: loss_id,
                amount,
                covered,
                uncovered,
            },
        );
        Ok((covered, uncovered))
    }

    /// What `absorbLoss` from `market` would have the vault cover now, for any amount above it:
    /// `min(capLeft, windowLeft, vault.maxCoverable())`, 0 for a market that is not enabled.
    pub fn coverage_available(&self, market: Address) -> Result<U256> {
        if !self.bool(&store::market(market).enabled()) {
            return Ok(U256::ZERO);
        }
        let vault_max = vault::max_coverable(self.vm(), self.address(&VAULT))?;
        let (covered, _) = split_loss(
            U256::MAX,
            self.cap_left(market),
            self.window_left(),
            vault_max,
        );
        Ok(covered)
    }

    /// `(recorded, amount, covered, uncovered)` of `(market, lossId)`.
    pub fn loss_result(&self, market: Address, loss_id: B256) -> (bool, U256, U256, U256) {
        let (amount, covered) = self.loss(market, loss_id);
        (!amount.is_zero(), amount, covered, amount - covered)
    }

    /// Sum of all markets' deficits.
    pub fn total_deficit(&self) -> U256 {
        self.u256(&TOTAL_DEFICIT)
    }

    // ----- Deficit -----

    /// Pays `amount` of the asset from the caller to `market`, lowering its deficit. Anyone; the
    /// caller must have approved the absorber.
    pub fn settle_deficit(&mut self, market: Address, amount: U256) -> Result<()> {
        let payer = self.vm().msg_sender();
        if payer == market {
            return Err(AbsorberError::SelfSettlement(SelfSettlement { market }));
        }
        let deficit = self.u256(&store::market(market).deficit());
        if amount.is_zero() {
            return Err(AbsorberError::ZeroAmount(ZeroAmount {}));
        }
        if amount > deficit {
            return Err(AbsorberError::SettleExceedsDeficit(SettleExceedsDeficit {
                market,
                amount,
                deficit,
            }));
        }
        // Books before the token moves.
        let left = self.reduce_deficit(market, deficit, amount);
        let asset = self.address(&ASSET);
        erc20::safe_transfer_from(self, asset, payer, market, amount).map_err(|e| {
            AbsorberError::AssetTransferFailed(AssetTransferFailed {
                asset,
                reason: e.code(),
            })
        })?;
        emit(
            self.vm(),
            DeficitSettled {
                market,
                payer,
                amount,
                deficitLeft: left,
            },
        );
        Ok(())
    }

    /// Mints `amount` of the asset to `market`, at most its deficit and what is left of this
    /// period's mint cap. Governance only.
    pub fn emergency_mint(&mut self, market: Address, amount: U256) -> Result<()> {
        self.only_governance()?;
        if amount.is_zero() {
            return Err(AbsorberError::ZeroAmount(ZeroAmount {}));
        }
        let deficit = self.u256(&store::market(market).deficit());
        if amount > deficit {
            return Err(AbsorberError::MintExceedsDeficit(MintExceedsDeficit {
                market,
                amount,
                deficit,
            }));
        }
        let usage = self.mint_usage_now();
        let available = usage.left(self.u256(&MINT_CAP_PER_PERIOD));
        if amount > available {
            return Err(AbsorberError::MintCapExceeded(MintCapExceeded {
                amount,
                available,
            }));
        }
        // Books before the mint. Cannot overflow: used + amount <= mintCapPerPeriod.
        self.set_u64(&MINT_PERIOD_START, usage.start);
        self.set_u256(&MINTED_IN_PERIOD, usage.used + amount);
        let left = self.reduce_deficit(market, deficit, amount);
        let asset = self.address(&ASSET);
        erc20::safe_mint(self, asset, market, amount).map_err(|e| {
            AbsorberError::AssetMintFailed(AssetMintFailed {
                asset,
                reason: e.code(),
            })
        })?;
        emit(
            self.vm(),
            EmergencyMint {
                market,
                amount,
                deficitLeft: left,
            },
        );
        Ok(())
    }

    // ----- Wiring -----

    /// The BackstopVault that covers losses.
    pub fn vault(&self) -> Address {
        self.address(&VAULT)
    }

    /// The asset (the vault's asset; the absorber must be one of its minters).
    pub fn asset(&self) -> Address {
        self.address(&ASSET)
    }
}
wasm {
    /// Serves every entry point through [`router`] (see there for why).
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> stylus_sdk::ArbResult {
        self.route(input)
    }
}
}

/// Internal helpers.
impl LossAbsorber {
    fn only_governance(&self) -> Result<()> {
        GOVERNANCE
            .only_governance(self, self.vm().msg_sender())
            .map_err(Into::into)
    }

    fn require_enabled(&self, market: Address) -> Result<()> {
        if self.bool(&store::market(market).enabled()) {
            Ok(())
        } else {
            Err(AbsorberError::MarketNotEnabled(MarketNotEnabled { market }))
        }
    }

    /// `(amount, covered)` of a recorded loss, `(0, 0)` if none.
    fn loss(&self, market: Address, loss_id: B256) -> (U256, U256) {
        let record = store::loss(market, loss_id);
        (self.u256(&record), self.u256(&record.plus(1)))
    }

    /// `(at, total)` of logged cover `i` (`i < len`).
    fn cover_entry(&self, i: usize) -> (u64, U256) {
        let entry = store::cover_entry(i as u64);
        (self.u64(&entry.packed(0)), self.u256(&entry.plus(1)))
    }

    /// The covers in the rolling window as of now.
    fn cover_window_now(&self) -> CoverWindow {
        let len = self.u64(&COVER_LOG.packed(0)) as usize;
        let Some(last) = len.checked_sub(1) else {
            return CoverWindow {
                used: U256::ZERO,
                oldest: None,
                last_total: U256::ZERO,
            };
        };
        let window = self.u64(&COVER_WINDOW);
        let now = self.vm().block_timestamp();
        let first = first_in_window(len, |i| self.cover_entry(i).0, window, now);
        let last_total = self.cover_entry(last).1;
        if first == len {
            return CoverWindow {
                used: U256::ZERO,
                oldest: None,
                last_total,
            };
        }
        let before = first.checked_sub(1).map(|i| self.cover_entry(i).1);
        CoverWindow {
            used: window_used(last_total, before),
            oldest: Some(self.cover_entry(first).0),
            last_total,
        }
    }

    fn mint_usage_now(&self) -> PeriodUsage {
        PeriodUsage::at(
            self.u64(&MINT_PERIOD_START),
            self.u256(&MINTED_IN_PERIOD),
            self.u64(&MINT_PERIOD),
            self.vm().block_timestamp(),
        )
    }

    fn window_left(&self) -> U256 {
        self.u256(&MAX_COVER_PER_WINDOW)
            .saturating_sub(self.cover_window_now().used)
    }

    fn cap_left(&self, market: Address) -> U256 {
        let m = store::market(market);
        self.u256(&m.cap()).saturating_sub(self.u256(&m.drawn()))
    }

    /// What the vault covers of a new loss of `amount` (> 0) from `market`,
    /// `min(amount, capLeft, windowLeft, vault.maxCoverable())`, and the cover log's running
    /// total. The window is read only if the market has cap left, and the vault is asked only if
    /// the window has room too: otherwise nothing could be covered whatever the vault says.
    fn coverable(&self, market: Address, vault: Address, amount: U256) -> Result<(U256, U256)> {
        let cap_left = self.cap_left(market);
        if cap_left.is_zero() {
            return Ok((U256::ZERO, U256::ZERO));
        }
        let window = self.cover_window_now();
        let window_left = self.u256(&MAX_COVER_PER_WINDOW).saturating_sub(window.used);
        let most = amount.min(cap_left).min(window_left);
        if most.is_zero() {
            return Ok((U256::ZERO, window.last_total));
        }
        let vault_max = vault::max_coverable(self.vm(), vault)?;
        Ok((most.min(vault_max), window.last_total))
    }

    /// Records a new loss and has the vault cover its share; returns `(covered, uncovered)`.
    fn absorb_new_loss(
        &mut self,
        market: Address,
        loss_id: B256,
        amount: U256,
    ) -> Result<(U256, U256)> {
        if amount.is_zero() {
            return Err(AbsorberError::ZeroAmount(ZeroAmount {}));
        }
        let vault = self.address(&VAULT);
        let (covered, last_total) = self.coverable(market, vault, amount)?;
        let uncovered = amount - covered;

        let overflow = || AbsorberError::DeficitOverflow(DeficitOverflow { market, amount });
        let total = self
            .u256(&TOTAL_DEFICIT)
            .checked_add(uncovered)
            .ok_or_else(overflow)?;
        let m = store::market(market);
        // Cannot overflow: covered <= cap - drawn.
        let drawn = self.u256(&m.drawn()) + covered;
        let deficit = self
            .u256(&m.deficit())
            .checked_add(uncovered)
            .ok_or_else(overflow)?;
        // Books first (checks-effects-interactions).
        self.set_u256(&m.drawn(), drawn);
        self.set_u256(&m.deficit(), deficit);
        self.set_u256(&TOTAL_DEFICIT, total);
        if !covered.is_zero() {
            let now = self.vm().block_timestamp();
            let len = self.u64(&COVER_LOG.packed(0));
            let entry = store::cover_entry(len);
            self.set_u256(&COVER_LOG, U256::from(len + 1));
            self.set_u256(&entry, U256::from(now));
            self.set_u256(&entry.plus(1), last_total.wrapping_add(covered));
        }
        let record = store::loss(market, loss_id);
        self.set_u256(&record, amount);
        self.set_u256(&record.plus(1), covered);

        if !covered.is_zero() {
            let paid = vault::cover(self, vault, covered, market)?;
            if paid != covered {
                return Err(AbsorberError::VaultCoverMismatch(VaultCoverMismatch {
                    requested: covered,
                    covered: paid,
                }));
            }
        }
        Ok((covered, uncovered))
    }

    /// Lowers `market`'s deficit (currently `deficit`, at least `amount`) and the total; returns
    /// the deficit left.
    fn reduce_deficit(&mut self, market: Address, deficit: U256, amount: U256) -> U256 {
        let left = deficit - amount;
        self.set_u256(&store::market(market).deficit(), left);
        // The total is the sum of all deficits, so it is at least this market's `amount`.
        let total = self.u256(&TOTAL_DEFICIT) - amount;
        self.set_u256(&TOTAL_DEFICIT, total);
        left
    }

    fn set_cover_window_internal(&mut self, max_cover: U256, window: u64) -> Result<()> {
        if !(MIN_PERIOD..=MAX_COVER_WINDOW).contains(&window) {
            return Err(AbsorberError::InvalidCoverWindow(InvalidCoverWindow {
                coverWindow: window,
                min: MIN_PERIOD,
                max: MAX_COVER_WINDOW,
            }));
        }
        let old_max = self.u256(&MAX_COVER_PER_WINDOW);
        let old_window = self.u64(&COVER_WINDOW);
        self.set_u256(&MAX_COVER_PER_WINDOW, max_cover);
        self.set_u64(&COVER_WINDOW, window);
        emit(
            self.vm(),
            CoverWindowSet {
                oldMaxCoverPerWindow: old_max,
                newMaxCoverPerWindow: max_cover,
                oldCoverWindow: old_window,
                newCoverWindow: window,
            },
        );
        Ok(())
    }

    fn set_mint_cap_internal(&mut self, cap: U256, period: u64) -> Result<()> {
        if !(MIN_PERIOD..=MAX_MINT_PERIOD).contains(&period) {
            return Err(AbsorberError::InvalidMintPeriod(InvalidMintPeriod {
                mintPeriod: period,
                min: MIN_PERIOD,
                max: MAX_MINT_PERIOD,
            }));
        }
        let old_cap = self.u256(&MINT_CAP_PER_PERIOD);
        let old_period = self.u64(&MINT_PERIOD);
        self.set_u256(&MINT_CAP_PER_PERIOD, cap);
        self.set_u64(&MINT_PERIOD, period);
        emit(
            self.vm(),
            MintCapSet {
                oldMintCapPerPeriod: old_cap,
                newMintCapPerPeriod: cap,
                oldMintPeriod: old_period,
                newMintPeriod: period,
            },
        );
        Ok(())
    }
}
