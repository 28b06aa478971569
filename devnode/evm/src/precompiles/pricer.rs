//! Nitro's data pricer for activation fees: a demand pool that refills over time, with an
//! exponential price once demand builds up. State lives in the ArbWasm account's storage.

use alloy_primitives::{keccak256, U256};
use revm::context::{ContextTr, JournalTr};

use crate::{addresses, evm::Ctx, evm::FrameError};

/// Bytes of demand the pool forgives per second (1 TiB per year, per hour, per second).
const BYTES_PER_SECOND: u64 = 125_515_026 / (60 * 60);
/// Price of one byte with no demand, in wei ("5 MB = $1").
const MIN_PRICE: u64 = 82_928_201;
/// Demand, in bytes, at which the price grows by a factor e.
const INERTIA: u64 = 21_360_419;
/// Last-update time the pricer starts from (the day Arbitrum began).
const INITIAL_LAST_UPDATE: u64 = 1_421_388_000;
/// One, in basis points.
const ONE_IN_BIPS: u64 = 10_000;

fn slot(name: &str) -> U256 {
    U256::from_be_bytes(keccak256(format!("stylus.datapricer.{name}")).0)
}

/// `e^(bips / 10000)` in basis points, by a Taylor series of `accuracy` terms in Horner form
/// (Nitro's `ApproxExpBasisPoints`, for the non-negative exponents used here).
fn approx_exp_bips(bips: u64, accuracy: u64) -> u64 {
    let mut res = ONE_IN_BIPS.saturating_add(bips / accuracy);
    let mut i = accuracy - 1;
    while i > 0 {
        res = ONE_IN_BIPS.saturating_add(res.saturating_mul(bips) / (i * ONE_IN_BIPS));
        i -= 1;
    }
    res
}

/// Adds `bytes` of demand at `time` and returns the fee for them, in wei (Nitro's
/// `UpdateModel`).
pub(crate) fn update_model(ctx: &mut Ctx<'_>, bytes: u32, time: u64) -> Result<U256, FrameError> {
    let journal = ctx.journal_mut();
    journal.load_account(addresses::ARB_WASM)?;
    let demand_slot = slot("demand");
    let time_slot = slot("lastUpdateTime");
    let demand: u32 = journal
        .sload(addresses::ARB_WASM, demand_slot)?
        .data
        .saturating_to();
    let stored_time: u64 = journal
        .sload(addresses::ARB_WASM, time_slot)?
        .data
        .saturating_to();
    let last_update = if stored_time == 0 {
        INITIAL_LAST_UPDATE
    } else {
        stored_time
    };

    let delta = u32::try_from(time.saturating_sub(last_update)).unwrap_or(u32::MAX);
    let credit =
        u32::try_from(BYTES_PER_SECOND.saturating_mul(u64::from(delta))).unwrap_or(u32::MAX);
    let demand = demand.saturating_sub(credit).saturating_add(bytes);
    journal.sstore(addresses::ARB_WASM, demand_slot, U256::from(demand))?;
    journal.sstore(addresses::ARB_WASM, time_slot, U256::from(time))?;

    let exponent = ONE_IN_BIPS.saturating_mul(u64::from(demand)) / INERTIA;
    let multiplier = approx_exp_bips(exponent, 12);
    let cost_per_byte = MIN_PRICE.saturating_mul(multiplier) / ONE_IN_BIPS;
    Ok(U256::from(cost_per_byte.saturating_mul(u64::from(bytes))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_of_zero_is_one_and_of_one_is_e() {
        assert_eq!(approx_exp_bips(0, 12), 10_000);
        // e = 2.71828...
        assert_eq!(approx_exp_bips(10_000, 12), 27_182);
    }

    #[test]
    fn a_small_program_costs_about_min_price_per_byte() {
        // 512,000 bytes (the smallest asm estimate): exponent 239 bips, multiplier 10241.
        let bytes = 512_000u64;
        let exponent = ONE_IN_BIPS * bytes / INERTIA;
        assert_eq!(exponent, 239);
        let fee = MIN_PRICE * approx_exp_bips(exponent, 12) / ONE_IN_BIPS * bytes;
        assert!(
            fee > 42_000_000_000_000 && fee < 44_000_000_000_000,
            "{fee}"
        );
    }
}
