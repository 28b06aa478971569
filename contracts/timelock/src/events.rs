//! Events of the GovernanceTimelock (OpenZeppelin TimelockController names where they exist).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{sol, SolEvent};
use stylus_sdk::host::VM;
use stylus_sdk::prelude::*;

use crate::words::{addr, boolean, bytes4, uint, usize_word};

sol! {
    /// Call `index` of operation `id` was scheduled to become ready after `delay` seconds.
    event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay);
    /// Call `index` of operation `id` was executed.
    event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data);
    /// Operation `id` was scheduled with a non-zero `salt`.
    event CallSalt(bytes32 indexed id, bytes32 salt);
    /// Operation `id` was cancelled (by a canceller or the guardian's veto).
    event Cancelled(bytes32 indexed id);
    /// The minimum delay changed.
    event MinDelayChange(uint256 oldDuration, uint256 newDuration);
    /// The emergency delay changed.
    event EmergencyDelayChange(uint256 oldDuration, uint256 newDuration);
    /// Operation `id` was scheduled through the emergency path with the emergency delay.
    event EmergencyScheduled(bytes32 indexed id, address indexed target, bytes4 selector, uint256 delay);
    /// `(target, selector)` was added to (`allowed`) or removed from the emergency allow-list.
    event EmergencyActionSet(address indexed target, bytes4 indexed selector, bool allowed);
    /// `account` was granted `role` by `sender`.
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    /// `account` lost `role`; `sender` is the timelock or the renouncing account.
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    /// `proposer` made the timelock accept the governance of `target`.
    event GovernanceAccepted(address indexed target, address indexed proposer);
}

/// A log being built: topics first, then data. Events are encoded by hand because alloy's
/// generic event encoder, instantiated for every event type, cost kilobytes of WASM; the tests
/// decode every emitted event with alloy.
struct LogBuf {
    buf: Vec<u8>,
    topics: usize,
}

impl LogBuf {
    #[inline(never)]
    fn new(signature: B256) -> Self {
        let mut buf = Vec::with_capacity(256);
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

    /// The tail of the one `bytes` field: its length, then the bytes right-padded to 32.
    #[inline(never)]
    fn bytes_tail(mut self, data: &[u8]) -> Self {
        self.buf.extend_from_slice(&usize_word(data.len()));
        self.buf.extend_from_slice(data);
        self.buf
            .resize(self.buf.len() + (32 - data.len() % 32) % 32, 0);
        self
    }

    #[inline(never)]
    fn emit(self, vm: &VM) {
        vm.emit_log(&self.buf, self.topics);
    }
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

fn ev<E: SolEvent>() -> LogBuf {
    LogBuf::new(E::SIGNATURE_HASH)
}

/// The start shared by `CallScheduled` and `CallExecuted`: topics `id` and `index`, then the
/// `target` and `value` words.
fn call_log(signature: B256, id: B256, index: usize, target: Address, value: U256) -> LogBuf {
    LogBuf::new(signature)
        .topic(id.0)
        .topic(usize_word(index))
        .word(addr(target))
        .word(uint(value))
}

/// Emits `CallScheduled` for call `index` of operation `id`; `data` is borrowed (the event's
/// struct would need it as an owned `Bytes`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn call_scheduled(
    vm: &VM,
    id: B256,
    index: usize,
    target: Address,
    value: U256,
    data: &[u8],
    predecessor: B256,
    delay: U256,
) {
    // Data: (target, value, data, predecessor, delay); `data` is the tail after 5 head words.
    call_log(CallScheduled::SIGNATURE_HASH, id, index, target, value)
        .word(usize_word(5 * 32))
        .word(predecessor.0)
        .word(uint(delay))
        .bytes_tail(data)
        .emit(vm)
}

/// Emits `CallExecuted` for call `index` of operation `id`; `data` is borrowed.
pub(crate) fn call_executed(
    vm: &VM,
    id: B256,
    index: usize,
    target: Address,
    value: U256,
    data: &[u8],
) {
    // Data: (target, value, data); `data` is the tail after 3 head words.
    call_log(CallExecuted::SIGNATURE_HASH, id, index, target, value)
        .word(usize_word(3 * 32))
        .bytes_tail(data)
        .emit(vm)
}

impl Emit for CallSalt {
    fn emit_to(self, vm: &VM) {
        ev::<Self>().topic(self.id.0).word(self.salt.0).emit(vm)
    }
}

impl Emit for Cancelled {
    fn emit_to(self, vm: &VM) {
        ev::<Self>().topic(self.id.0).emit(vm)
    }
}

fn durations<E: SolEvent>(vm: &VM, old: U256, new: U256) {
    ev::<E>().word(uint(old)).word(uint(new)).emit(vm)
}

impl Emit for MinDelayChange {
    fn emit_to(self, vm: &VM) {
        durations::<Self>(vm, self.oldDuration, self.newDuration)
    }
}

impl Emit for EmergencyDelayChange {
    fn emit_to(self, vm: &VM) {
        durations::<Self>(vm, self.oldDuration, self.newDuration)
    }
}

impl Emit for EmergencyScheduled {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(self.id.0)
            .topic(addr(self.target))
            .word(bytes4(self.selector))
            .word(uint(self.delay))
            .emit(vm)
    }
}

impl Emit for EmergencyActionSet {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.target))
            .topic(bytes4(self.selector))
            .word(boolean(self.allowed))
            .emit(vm)
    }
}

fn role_change<E: SolEvent>(vm: &VM, role: B256, account: Address, sender: Address) {
    ev::<E>()
        .topic(role.0)
        .topic(addr(account))
        .topic(addr(sender))
        .emit(vm)
}

impl Emit for RoleGranted {
    fn emit_to(self, vm: &VM) {
        role_change::<Self>(vm, self.role, self.account, self.sender)
    }
}

impl Emit for RoleRevoked {
    fn emit_to(self, vm: &VM) {
        role_change::<Self>(vm, self.role, self.account, self.sender)
    }
}

impl Emit for GovernanceAccepted {
    fn emit_to(self, vm: &VM) {
        ev::<Self>()
            .topic(addr(self.target))
            .topic(addr(self.proposer))
            .emit(vm)
    }
}
