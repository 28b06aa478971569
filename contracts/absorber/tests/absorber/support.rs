//! Test fixture: an absorber deployed on a `VaultVM`, named accounts and log helpers.
//!
//! TestVM does not roll storage back when an entry point returns an error (a real chain does), so
//! tests never rely on state after a failed call except where the failure happens before any write.

use alloy_primitives::{address, Address, B256, U256};
use alloy_sol_types::SolEvent;
use loss_absorber::*;

use crate::sim::VaultVM;
use stylus_sdk::prelude::*;

pub const VAULT: Address = address!("00000000000000000000000000000000000000a1");
pub const ASSET: Address = address!("00000000000000000000000000000000000000a2");
pub const GOV: Address = address!("0000000000000000000000000000000000000001");
pub const MARKET: Address = address!("0000000000000000000000000000000000000002");
pub const MARKET_B: Address = address!("0000000000000000000000000000000000000003");
pub const OUTSIDER: Address = address!("0000000000000000000000000000000000000004");
pub const PAYER: Address = address!("0000000000000000000000000000000000000005");
pub const NEW_GOV: Address = address!("0000000000000000000000000000000000000006");

/// Cover limit per window used by the fixture.
pub const MAX_COVER: u64 = 1_000;
/// Cover window, in seconds (1 day).
pub const WINDOW: u64 = 86_400;
/// Emergency-mint cap per period.
pub const MINT_CAP: u64 = 500;
/// Mint period, in seconds (7 days).
pub const MINT_PERIOD: u64 = 7 * 86_400;
/// Lifetime cap of `MARKET` and `MARKET_B`.
pub const MARKET_CAP: u64 = 10_000;
/// Start time of every test.
pub const T0: u64 = 1_700_000_000;

pub struct Env {
    pub vm: VaultVM,
    pub ab: LossAbsorber,
}

pub fn u(v: u64) -> U256 {
    U256::from(v)
}

pub fn loss_id(n: u8) -> B256 {
    B256::with_last_byte(n)
}

/// An absorber with `MARKET` and `MARKET_B` enabled and a vault able to cover 1,000,000.
pub fn deploy() -> Env {
    let vm = VaultVM::new(VAULT, ASSET);
    vm.set_block_timestamp(T0);
    vm.set_max_coverable(u(1_000_000));
    let mut ab = LossAbsorber::from(&*vm);
    ab.constructor(VAULT, GOV, u(MAX_COVER), WINDOW, u(MINT_CAP), MINT_PERIOD)
        .expect("fixture constructor arguments are valid");
    vm.set_sender(GOV);
    ab.add_market(MARKET, u(MARKET_CAP)).unwrap();
    ab.add_market(MARKET_B, u(MARKET_CAP)).unwrap();
    Env { vm, ab }
}

impl Env {
    pub fn advance(&self, seconds: u64) {
        self.vm
            .set_block_timestamp(self.vm.block_timestamp() + seconds);
    }

    pub fn absorb(&mut self, market: Address, id: u8, amount: u64) -> Result<(U256, U256)> {
        self.vm.set_sender(market);
        self.ab.absorb_loss(loss_id(id), u(amount))
    }

    /// Deficit of `market`.
    pub fn deficit(&self, market: Address) -> U256 {
        self.ab.market_info(market).3
    }

    /// All emitted events of type `E`, in order.
    pub fn events<E: SolEvent>(&self) -> Vec<E> {
        self.vm
            .get_emitted_logs()
            .into_iter()
            .filter(|(topics, _)| topics.first() == Some(&E::SIGNATURE_HASH))
            .map(|(topics, data)| E::decode_raw_log(topics, &data).expect("event decodes"))
            .collect()
    }
}

pub fn not_governance(caller: Address) -> AbsorberError {
    AbsorberError::NotGovernance(NotGovernance { caller })
}

pub fn not_enabled(market: Address) -> AbsorberError {
    AbsorberError::MarketNotEnabled(MarketNotEnabled { market })
}
