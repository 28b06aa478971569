//! Events of the LossAbsorber. Every state-changing entry point emits one, with its values.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use stylus_sdk::host::VM;
use stylus_sdk::prelude::*;

sol! {
    /// `next` was named pending governance by `previous`.
    event GovernanceTransferStarted(address indexed previous, address indexed next);
    /// `next` accepted the governance from `previous`.
    event GovernanceTransferred(address indexed previous, address indexed next);
    /// `market` was enabled with a lifetime coverage cap.
    event MarketAdded(address indexed market, uint256 coverageCap);
    /// The coverage cap of `market` changed.
    event MarketCapSet(address indexed market, uint256 oldCap, uint256 newCap);
    /// `market` was disabled; its outstanding `deficit` stays on the books.
    event MarketRemoved(address indexed market, uint256 deficit);
    /// A loss was absorbed: `covered` paid by the vault to the market, `uncovered` became deficit.
    event LossAbsorbed(address indexed market, bytes32 indexed lossId, uint256 amount, uint256 covered, uint256 uncovered);
    /// A repeated `lossId`: nothing changed; the first result was returned again.
    event LossReplayed(address indexed market, bytes32 indexed lossId, uint256 covered, uint256 uncovered);
    /// `payer` paid `amount` of the asset to `market`, lowering its deficit to `deficitLeft`.
    event DeficitSettled(address indexed market, address indexed payer, uint256 amount, uint256 deficitLeft);
    /// `amount` of the asset was minted to `market`, lowering its deficit to `deficitLeft`.
    event EmergencyMint(address indexed market, uint256 amount, uint256 deficitLeft);
    /// The rolling cover limit changed.
    event CoverWindowSet(uint256 oldMaxCoverPerWindow, uint256 newMaxCoverPerWindow, uint64 oldCoverWindow, uint64 newCoverWindow);
    /// The emergency-mint cap changed.
    event MintCapSet(uint256 oldMintCapPerPeriod, uint256 newMintCapPerPeriod, uint64 oldMintPeriod, uint64 newMintPeriod);
}

/// A log being built: topics first, then data words. Events are encoded by hand because alloy's
/// generic event encoder, instantiated for every event type, cost kilobytes of WASM; the tests
/// decode every emitted event with alloy.
struct LogBuf {
    buf: Vec<u8>,
    topics: usize,
}

impl LogBuf {
    #[inline(never)]
    fn new(signature: B256) -> Self {
        let mut buf = Vec::with_capacity(192);
        buf.extend_from_slice(signature.as_slice());
        Self { buf, topics: 1 }
    }

    /// Adds a topic; all topics come before the first data word.
    #[inline(never)]
    fn topic(mut self, w: [u8; 32]) -> Self {
        self.buf.extend_from_slice(&w);
        self.topics += 1;
        self
    }

    #[inline(never)]
    fn word(mut self, w: [u8; 32]) -> Self {
        self.buf.extend_from_slice(&w);
        self
    }

    #[inline(never)]
    fn emit(self, vm: &VM) {
        vm.emit_log(&self.buf, self.topics);
    }
}

#[inline(never)]
fn uint(v: U256) -> [u8; 32] {
    v.to_be_bytes::<32>()
}

fn small(v: u64) -> [u8; 32] {
    uint(U256::from(v))
}

#[inline(never)]
fn addr(a: Address) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[12..].copy_from_slice(a.as_slice());
    w
}

fn ev<E: SolEvent>() -> LogBuf {
    LogBuf::new(E::SIGNATURE_HASH)
}

/// An event this contract emits, with its hand-written encoding.
pub(crate) trait Emit {
    /// Encodes and emits the event.
    fn emit_to(self, vm: &VM);
}

/// Emits `event`.
pub(crate) fn emit<E: Emit>(vm: &VM, event: E) {
    event.emit_to(vm)
}

fn two_addresses<E: SolEvent>(vm: &VM, a: Address, b: Address) {
    ev::<E>().topic(addr(a)).topic(addr(b)).emit(vm)
}

impl Emit for GovernanceTransferStarted {
    fn emit_to(self, vm: &VM) {
        two_addresses::<Self>(vm, self.previous, self.next)
    }
}

impl Emit for GovernanceTransferred {
    fn emit_to(self, vm: &VM) {
        two_addresses::<Self>(vm, self.previous, self.next)
    }
}

impl Emit for MarketAdded {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .word(uint(self.coverageCap))
            .emit(vm)
    }
}

impl Emit for MarketCapSet {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .word(uint(self.oldCap))
            .word(uint(self.newCap))
            .emit(vm)
    }
}

impl Emit for MarketRemoved {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .word(uint(self.deficit))
            .emit(vm)
    }
}

impl Emit for LossAbsorbed {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .topic(self.lossId.0)
            .word(uint(self.amount))
            .word(uint(self.covered))
            .word(uint(self.uncovered))
            .emit(vm)
    }
}

impl Emit for LossReplayed {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .topic(self.lossId.0)
            .word(uint(self.covered))
            .word(uint(self.uncovered))
            .emit(vm)
    }
}

impl Emit for DeficitSettled {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .topic(addr(self.payer))
            .word(uint(self.amount))
            .word(uint(self.deficitLeft))
            .emit(vm)
    }
}

impl Emit for EmergencyMint {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.market))
            .word(uint(self.amount))
            .word(uint(self.deficitLeft))
            .emit(vm)
    }
}

fn limit_set<E: SolEvent>(vm: &VM, old: U256, new: U256, old_period: u64, new_period: u64) {
    ev::<E>()
        .word(uint(old))
        .word(uint(new))
        .word(small(old_period))
        .word(small(new_period))
        .emit(vm)
}

impl Emit for CoverWindowSet {
    fn emit_to(self, vm: &VM) {
        limit_set::<Self>(
            vm,
            self.oldMaxCoverPerWindow,
            self.newMaxCoverPerWindow,
            self.oldCoverWindow,
            self.newCoverWindow,
        )
    }
}

impl Emit for MintCapSet {
    fn emit_to(self, vm: &VM) {
        limit_set::<Self>(
            vm,
            self.oldMintCapPerPeriod,
            self.newMintCapPerPeriod,
            self.oldMintPeriod,
            self.newMintPeriod,
        )
    }
}
