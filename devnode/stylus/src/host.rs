//! The EVM side of a Stylus frame: what a program's hostios need from the chain.
//!
//! `devnode-evm` implements [`Host`] on revm's journal, one value per Stylus frame (it knows the
//! frame's own address, caller and value). This crate prices every hostio as Nitro does and calls
//! the host only for state access; the host never charges gas itself, it only reports the EVM
//! figures that depend on state (cold/warm access, SSTORE cost and refunds, what a nested frame
//! spent).

use alloy_primitives::{Address, B256, U256};

/// Block, transaction and message data a program can read, fixed for the whole frame.
///
/// Nitro passes the same values in its `EvmData`; the host fills them in before each call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvmContext {
    /// `block_basefee`, in wei.
    pub block_basefee: U256,
    /// `block_coinbase`.
    pub block_coinbase: Address,
    /// `block_gas_limit`, in gas.
    pub block_gas_limit: u64,
    /// `block_number`: on Nitro this is the L1 block number estimate, not the L2 number.
    pub block_number: u64,
    /// `block_timestamp`, in seconds since the Unix epoch.
    pub block_timestamp: u64,
    /// `chainid`.
    pub chain_id: u64,
    /// `contract_address`: the address whose storage and balance the frame acts on
    /// (for a delegate call, the caller's address).
    pub contract_address: Address,
    /// `msg_sender`.
    pub msg_sender: Address,
    /// `msg_value`, in wei.
    pub msg_value: U256,
    /// `tx_gas_price`, in wei per gas.
    pub tx_gas_price: U256,
    /// `tx_origin`.
    pub tx_origin: Address,
    /// `msg_reentrant`: true when this address already had a frame open in this transaction
    /// (delegate-call frames are not counted).
    pub reentrant: bool,
}

/// Which kind of nested call a program makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CallKind {
    /// `call_contract`: a CALL, possibly with value.
    Call,
    /// `delegate_call_contract`: a DELEGATECALL (the callee runs on this frame's storage,
    /// with this frame's sender and value).
    DelegateCall,
    /// `static_call_contract`: a STATICCALL.
    StaticCall,
}

/// Which kind of contract creation a program makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CreateKind {
    /// `create1`: CREATE, address from sender and nonce.
    Create,
    /// `create2`: CREATE2 with this salt.
    Create2 {
        /// The CREATE2 salt.
        salt: B256,
    },
}

/// How a nested frame ended, as the EVM tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FrameStatus {
    /// The frame returned normally.
    Success,
    /// The frame reverted (REVERT or a Stylus revert); its output is the revert data.
    Revert,
    /// Any other failure: out of gas, invalid opcode, insufficient balance for the value, call
    /// depth exceeded, a Stylus trap. The output is empty.
    Halt,
}

/// Result of a nested call run by the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallResult {
    /// How the callee ended.
    pub status: FrameStatus,
    /// The callee's return data (revert data on revert, empty on halt).
    pub output: Vec<u8>,
    /// Gas the callee did not use, out of the `gas` it was given (stipend included).
    pub gas_left: u64,
}

/// Result of a nested contract creation run by the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateResult {
    /// The new contract's address, `None` when the creation failed or reverted.
    pub address: Option<Address>,
    /// How the init code ended.
    pub status: FrameStatus,
    /// The init code's revert data when it reverted; otherwise ignored (Nitro keeps return data
    /// only in the revert case).
    pub output: Vec<u8>,
    /// Gas the creation did not use, out of the `gas` it was given.
    pub gas_left: u64,
}

/// Stylus memory pages open and ever open in the current transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PageCounts {
    /// Pages held by frames currently open in this transaction.
    pub open: u16,
    /// The most pages ever open at once in this transaction.
    pub ever: u16,
}

/// The EVM side of one Stylus frame.
///
/// Every method corresponds to part of a Nitro `EvmApi` request. Methods that touch state return
/// the EVM gas that Nitro's Go side would charge for it, where that depends on state; all other
/// pricing (ink, 63/64 rule, stipends, log gas, memory pages, cache surcharges) is done by this
/// crate. Static-context checks are done by this crate before the host is asked to write.
pub trait Host {
    /// SLOAD of `key` in this frame's contract storage. Returns the value and the EIP-2929
    /// cost (2100 cold, 100 warm) and marks the slot warm (geth's `WasmStateLoadCost`).
    fn sload(&mut self, key: B256) -> (B256, u64);

    /// SSTORE of `value` at `key`, as geth's `WasmStateStoreCost` then `SetState`: returns the
    /// EIP-2929 + EIP-2200 cost (cold surcharge included, no 2300 sentry check: this crate does
    /// it), records the EIP-3529 refund and marks the slot warm. Called only at a cache flush,
    /// never in a static context. The frame fails if the returned cost exceeds its gas left.
    fn sstore(&mut self, key: B256, value: B256) -> u64;

    /// TLOAD of `key` in this frame's contract transient storage.
    fn tload(&mut self, key: B256) -> B256;

    /// TSTORE of `value` at `key` (never called in a static context).
    fn tstore(&mut self, key: B256, value: B256);

    /// EIP-2929 access of `address`: marks it warm and returns `true` when it was cold.
    fn access_account(&mut self, address: Address) -> bool;

    /// Whether `address` is empty as EIP-161 defines it (no code, zero nonce, zero balance):
    /// a call with value to an empty account costs 25,000 more.
    fn is_empty(&mut self, address: Address) -> bool;

    /// Balance of `address`, in wei.
    fn balance(&mut self, address: Address) -> U256;

    /// Code of `address` (empty for an account without code).
    fn code(&mut self, address: Address) -> Vec<u8>;

    /// Codehash of `address` (zero for a non-existent account, as EXTCODEHASH).
    fn codehash(&mut self, address: Address) -> B256;

    /// Runs a nested call frame with exactly `gas` (the 63/64 rule and the value stipend are
    /// already applied). The host transfers `value` (for [`CallKind::Call`]), runs EVM or Stylus
    /// code on the same journal behind a checkpoint, and keeps the callee's state changes only on
    /// success. For [`CallKind::DelegateCall`] the callee keeps this frame's sender and value.
    fn call(
        &mut self,
        kind: CallKind,
        target: Address,
        input: &[u8],
        value: U256,
        gas: u64,
    ) -> CallResult;

    /// Runs a nested contract creation with exactly `gas` (base cost and 63/64 rule already
    /// applied): nonce bump, address derivation, EIP-3860 initcode limit, collision check, value
    /// transfer, init code, code deposit, as `evm.Create`/`evm.Create2` do.
    fn create(&mut self, kind: CreateKind, code: &[u8], endowment: U256, gas: u64) -> CreateResult;

    /// Appends a log from this frame's contract (never called in a static context).
    fn emit_log(&mut self, topics: &[B256], data: &[u8]);

    /// Stylus memory pages open and ever open in this transaction (geth's `GetStylusPages`).
    fn pages(&mut self) -> PageCounts;

    /// Opens `pages` more Stylus memory pages in this transaction and returns the counts as they
    /// were before (geth's `AddStylusPages`): `open += pages`, `ever = max(ever, open)`.
    fn add_pages(&mut self, pages: u16) -> PageCounts;

    /// Sets the open page count back to `open` when a frame ends (geth's `SetStylusPagesOpen`);
    /// `ever` is kept.
    fn set_open_pages(&mut self, open: u16);

    /// A `console` hostio message (debug mode only). Ignored by default.
    fn console_log(&mut self, _text: &str) {}

    /// When the program is traced: the host's record of the frame that the last [`Host::call`]
    /// or [`Host::create`] ran, in the shape of Nitro's `stylusTracer` (`evm_call_contract`,
    /// `evm_create1`, ... with the callee's address and steps). The call's own record takes its
    /// address and steps over; a creation's record follows it. A host that does not trace keeps
    /// none.
    fn take_trace(&mut self) -> Option<crate::HostioRecord> {
        None
    }
}
