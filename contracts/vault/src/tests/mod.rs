//! Native tests of the BackstopVault, on a `TokenVM` (TestVM + a simulated ERC-20 asset).

mod access;
mod cooldown;
mod erc4626;
mod errors;
mod layout;
mod losses;
mod properties;
mod router;

use alloy_primitives::{address, Address, U256};
use alloy_sol_types::SolEvent;
use backstop_common::testing::TokenVM;
use stylus_sdk::prelude::*;

use crate::{errors::*, events, BackstopVault};

pub(crate) const ASSET: Address = address!("00000000000000000000000000000000000a55e7");
pub(crate) const DEPLOYER: Address = address!("cecba2f1dc234f70dd89f2041029807f8d03a990");
pub(crate) const GOV: Address = address!("0000000000000000000000000000000000000600");
pub(crate) const GUARDIAN: Address = address!("0000000000000000000000000000000000000650");
pub(crate) const LOSS: Address = address!("0000000000000000000000000000000000000105");
pub(crate) const ALICE: Address = address!("000000000000000000000000000000000000a11c");
pub(crate) const BOB: Address = address!("0000000000000000000000000000000000000b0b");
pub(crate) const CAROL: Address = address!("000000000000000000000000000000000000ca20");
pub(crate) const EVE: Address = address!("000000000000000000000000000000000000e7e0");

pub(crate) const DAY: u64 = 86_400;
pub(crate) const COOLDOWN: u64 = 10 * DAY;
pub(crate) const WINDOW: u64 = 2 * DAY;
pub(crate) const START: u64 = 1_700_000_000;
/// One unit of a 6-decimals asset.
pub(crate) const UNIT: u64 = 1_000_000;

pub(crate) fn u(x: u64) -> U256 {
    U256::from(x)
}

/// A deployed vault on a fresh VM: 6-decimals asset, floor 1 unit, cap 1e12 units, loss module
/// set by governance.
pub(crate) struct Env {
    pub vm: TokenVM,
    pub vault: BackstopVault,
}

impl Env {
    pub fn new() -> Self {
        Self::with_cap(u(1_000_000_000_000) * u(UNIT))
    }

    pub fn with_cap(cap: U256) -> Self {
        let vm = TokenVM::new(ASSET, 6);
        vm.set_block_timestamp(START);
        let mut vault = BackstopVault::from(&vm);
        vm.set_sender(DEPLOYER);
        vault
            .constructor(
                ASSET,
                "Backstop bUSD".into(),
                "bsUSD".into(),
                GOV,
                GUARDIAN,
                u(UNIT),
                cap,
                COOLDOWN,
                WINDOW,
            )
            .expect("valid constructor arguments");
        vm.set_sender(GOV);
        vault
            .set_loss_module(LOSS)
            .expect("governance sets the loss module");
        Env { vm, vault }
    }

    pub fn this(&self) -> Address {
        self.vm.contract_address()
    }

    pub fn as_(&mut self, who: Address) -> &mut Self {
        self.vm.set_sender(who);
        self
    }

    pub fn warp(&self, seconds: u64) {
        self.vm
            .set_block_timestamp(self.vm.block_timestamp() + seconds);
    }

    pub fn now(&self) -> u64 {
        self.vm.block_timestamp()
    }

    /// Gives `who` `amount` of the asset and approves the vault for all of it.
    pub fn fund(&self, who: Address, amount: U256) {
        self.vm.mint_tokens(who, amount);
        self.vm.approve_tokens(who, self.this(), U256::MAX);
    }

    /// `who` deposits `amount` (funded first); returns the shares.
    pub fn deposit(&mut self, who: Address, amount: U256) -> U256 {
        self.fund(who, amount);
        self.vm.set_sender(who);
        self.vault.deposit(amount, who).expect("deposit within max")
    }

    /// `who` starts a cooldown and time moves to the opening of the window.
    pub fn cool_down(&mut self, who: Address) {
        self.vm.set_sender(who);
        self.vault.cooldown().expect("holder can cool down");
        self.warp(COOLDOWN);
    }

    /// The loss module covers `amount` to itself.
    pub fn cover(&mut self, amount: U256) -> U256 {
        self.vm.set_sender(LOSS);
        self.vault.cover(amount, LOSS).expect("loss module covers")
    }

    /// The last log, decoded as `E`.
    pub fn last_event<E: SolEvent>(&self) -> E {
        let logs = self.vm.get_emitted_logs();
        let (topics, data) = logs.last().expect("a log was emitted");
        assert_eq!(topics[0], E::SIGNATURE_HASH, "last log is {}", E::SIGNATURE);
        E::decode_raw_log(topics.iter().copied(), data).expect("log decodes with its ABI")
    }

    /// The most recent log of type `E`, decoded.
    pub fn find_event<E: SolEvent>(&self) -> E {
        let logs = self.vm.get_emitted_logs();
        let (topics, data) = logs
            .iter()
            .rev()
            .find(|(t, _)| t.first() == Some(&E::SIGNATURE_HASH))
            .unwrap_or_else(|| panic!("no {} log", E::SIGNATURE));
        E::decode_raw_log(topics.iter().copied(), data).expect("log decodes with its ABI")
    }

    /// The vault holds at least `totalAssets` + unvested premium (invariant 1).
    pub fn assert_solvent(&self) {
        let balance = self.vm.token_balance(self.this());
        assert!(
            balance >= self.vault.total_assets() + self.vault.unvested_premium(),
            "balance {balance} below accounted assets"
        );
    }
}
