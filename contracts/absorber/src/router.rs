//! The absorber's entry points, decoded and encoded by hand in the WASM build.
//!
//! Why: the SDK's router instantiates alloy's generic decoder and encoder once per entry point.
//! Every argument and result of the absorber is a one-word value or a tuple of them, so one
//! `match` on the selector with the shared word readers of [`backstop_common::abi`] serves them
//! all, the constructor included, in less code (see `docs/BENCHMARKS.md` for the sizes). The ABI
//! export build keeps the typed `#[public]` methods, so the interface in `abi/` is generated from
//! the same methods; the tests check that this router serves exactly the signatures of that
//! interface and compare its results with the typed methods' on alloy-encoded calls.
//!
//! Behaviour matches the SDK's router: call value is refused (the fallback is not payable), the
//! constructor runs once (in the SDK's guard slot), and calldata that is too short, a badly
//! padded `address` or `uint64`, or an unknown selector reverts with empty data.

use alloc::vec::Vec;

use alloy_primitives::U256;
use backstop_common::abi::{encode_words, selector, split, Args, Word, CONSTRUCTOR};
use backstop_common::store::Store;
use stylus_sdk::ArbResult;

use crate::{AbsorberError, LossAbsorber};

macro_rules! entry_points {
    ($($name:ident = $signature:literal;)*) => {
        $(const $name: [u8; 4] = selector($signature);)*

        /// The Solidity signature of every entry point [`LossAbsorber::route`] serves.
        pub const SIGNATURES: &[&str] = &[$($signature),*];
    };
}

entry_points! {
    GOVERNANCE = "governance()";
    PENDING_GOVERNANCE = "pendingGovernance()";
    TRANSFER_GOVERNANCE = "transferGovernance(address)";
    ACCEPT_GOVERNANCE = "acceptGovernance()";
    ADD_MARKET = "addMarket(address,uint256)";
    SET_MARKET_CAP = "setMarketCap(address,uint256)";
    REMOVE_MARKET = "removeMarket(address)";
    MARKET_INFO = "marketInfo(address)";
    SET_COVER_WINDOW = "setCoverWindow(uint256,uint64)";
    SET_MINT_CAP = "setMintCap(uint256,uint64)";
    MAX_COVER_PER_WINDOW = "maxCoverPerWindow()";
    COVER_WINDOW = "coverWindow()";
    MINT_CAP_PER_PERIOD = "mintCapPerPeriod()";
    MINT_PERIOD = "mintPeriod()";
    WINDOW_USAGE = "windowUsage()";
    MINT_USAGE = "mintUsage()";
    ABSORB_LOSS = "absorbLoss(bytes32,uint256)";
    COVERAGE_AVAILABLE = "coverageAvailable(address)";
    LOSS_RESULT = "lossResult(address,bytes32)";
    TOTAL_DEFICIT = "totalDeficit()";
    SETTLE_DEFICIT = "settleDeficit(address,uint256)";
    EMERGENCY_MINT = "emergencyMint(address,uint256)";
    VAULT = "vault()";
    ASSET = "asset()";
}

/// A one-word result.
fn ok<W: Word>(value: W) -> ArbResult {
    Ok(encode_words(&[value.word()]))
}

/// A result of several words.
fn words(words: &[U256]) -> ArbResult {
    Ok(encode_words(words))
}

/// No result, or the typed error.
fn done(result: Result<(), AbsorberError>) -> ArbResult {
    result.map(|()| Vec::new()).map_err(Vec::from)
}

/// `(bool, uint256, uint256, uint256)`.
fn record((flag, a, b, c): (bool, U256, U256, U256)) -> ArbResult {
    words(&[flag.word(), a, b, c])
}

/// `(uint256, uint256, uint64, uint64)`.
fn usage((used, limit, start, end): (U256, U256, u64, u64)) -> ArbResult {
    words(&[used, limit, start.word(), end.word()])
}

impl LossAbsorber {
    /// Runs the call in `input` (selector and arguments) as the WASM build's `#[fallback]` does;
    /// see the module docs.
    pub fn route(&mut self, input: &[u8]) -> ArbResult {
        let (selector, args) = split(input).ok_or_else(Vec::new)?;
        self.dispatch(selector, args)
            .unwrap_or_else(|| Err(Vec::new()))
    }

    /// `None` for an unknown selector or malformed arguments.
    fn dispatch(&mut self, selector: [u8; 4], a: Args) -> Option<ArbResult> {
        Some(match selector {
            CONSTRUCTOR => {
                if !self.mark_constructed() {
                    return Some(Err(Vec::new()));
                }
                done(self.constructor(
                    a.address(0)?,
                    a.address(1)?,
                    a.uint(2)?,
                    a.u64(3)?,
                    a.uint(4)?,
                    a.u64(5)?,
                ))
            }
            GOVERNANCE => ok(self.governance()),
            PENDING_GOVERNANCE => ok(self.pending_governance()),
            TRANSFER_GOVERNANCE => done(self.transfer_governance(a.address(0)?)),
            ACCEPT_GOVERNANCE => done(self.accept_governance()),
            ADD_MARKET => done(self.add_market(a.address(0)?, a.uint(1)?)),
            SET_MARKET_CAP => done(self.set_market_cap(a.address(0)?, a.uint(1)?)),
            REMOVE_MARKET => done(self.remove_market(a.address(0)?)),
            MARKET_INFO => record(self.market_info(a.address(0)?)),
            SET_COVER_WINDOW => done(self.set_cover_window(a.uint(0)?, a.u64(1)?)),
            SET_MINT_CAP => done(self.set_mint_cap(a.uint(0)?, a.u64(1)?)),
            MAX_COVER_PER_WINDOW => ok(self.max_cover_per_window()),
            COVER_WINDOW => ok(self.cover_window()),
            MINT_CAP_PER_PERIOD => ok(self.mint_cap_per_period()),
            MINT_PERIOD => ok(self.mint_period()),
            WINDOW_USAGE => usage(self.window_usage()),
            MINT_USAGE => usage(self.mint_usage()),
            ABSORB_LOSS => match self.absorb_loss(a.b256(0)?, a.uint(1)?) {
                Ok((covered, uncovered)) => words(&[covered, uncovered]),
                Err(e) => Err(e.into()),
            },
            COVERAGE_AVAILABLE => match self.coverage_available(a.address(0)?) {
                Ok(available) => ok(available),
                Err(e) => Err(e.into()),
            },
            LOSS_RESULT => record(self.loss_result(a.address(0)?, a.b256(1)?)),
            TOTAL_DEFICIT => ok(self.total_deficit()),
            SETTLE_DEFICIT => done(self.settle_deficit(a.address(0)?, a.uint(1)?)),
            EMERGENCY_MINT => done(self.emergency_mint(a.address(0)?, a.uint(1)?)),
            VAULT => ok(self.vault()),
            ASSET => ok(self.asset()),
            _ => return None,
        })
    }
}
