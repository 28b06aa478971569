//! The Stylus side of the embedded devnode: everything WASM.
//!
//! - [`code`](compress_wasm): the deployed-code format (`EF F0 00`, dictionary byte, brotli).
//! - [`activate`]: Nitro's activation checks (wasmparser with Nitro's feature set, imports,
//!   exports, limits), the costs Nitro predicts for a module (init gas, cached gas, footprint,
//!   asm estimate, activation gas) and the instrumentation (ink, dynamic ink, stack depth,
//!   heap bound).
//! - [`Runtime`] / [`Program`]: one `wasmtime::Engine`, compiled programs cached by module hash.
//! - [`execute`]: one call of `user_entrypoint` in a fresh instance, every `vm_hooks` import
//!   priced as Nitro prices it, the EVM side reached through the [`Host`] trait.
//!
//! # Where the gas model differs from Nitro
//!
//! Figures follow Nitro's code (ArbOS 51, Stylus version 2) for opcode ink and the 2450-ink
//! block header, the block boundaries, `memory.fill`/`memory.copy` per-byte ink, hostio ink,
//! `read_price`/`write_price`/keccak/pow prices, the `require_gas` sentries, the storage-cache
//! surcharges, the 63/64 rule and stipend of nested calls, CREATE/CREATE2 base costs, EVM log gas,
//! EIP-2929 account touches (and the last-address code cache of `account_code`), memory pages
//! (free pages, page gas, Nitro's ramp table), entry gas (init and cached), the minimum EVM cost
//! of return data, the stack-depth checker, and the activation compile charge. Known differences:
//!
//! 1. **Native stack.** Nitro's depth checker is reproduced (frame sizes against
//!    `maxStackDepth`, frame-size and contention limits at activation). On top of it, wasmtime
//!    bounds each frame's native stack to [`MAX_WASM_STACK`] bytes; hitting that is reported as
//!    [`Status::OutOfStack`], where Nitro would retry with a larger native stack.
//! 2. **Activation gas.** The compile charge counts operators after the same four passes as
//!    Nitro, but Nitro's start-mover and debug passes are not run, so unusual modules (debug
//!    chains) may count slightly differently. The fixed 1,659,168 gas
//!    ([`ACTIVATION_FIXED_GAS`]) and all other terms are Nitro's.
//! 3. **Module hash.** Nitro's module hash is the hash of its WAVM (prover) module, which this
//!    crate does not build. Here it is `keccak256("devnode-stylus" ‖ version ‖ wasm)`: stable
//!    and unique per program, but not the value Nitro reports in `ProgramActivated`.
//! 4. **Brotli dictionaries.** Only dictionary byte 0 (none, what cargo-stylus writes) is
//!    accepted; Nitro also knows dictionary 1 (its built-in Stylus dictionary).
//! 5. **Storage-cache flush order.** Nitro flushes dirty slots in hash-map order; this crate in
//!    key order. Only the slot at which an underfunded flush stops can differ; the frame runs out
//!    of gas either way.
//! 6. **Program cache.** Whether a call pays the cached or the full init gas is the host's
//!    [`CallInput::cached`] flag (ArbWasmCache); Nitro's per-block recent-programs cache only
//!    exists from ArbOS 60 and is not modelled here.
//! 7. **Tracing.** Nitro's `capture_hostio` records are reproduced when [`CallInput::trace`]
//!    asks for them ([`trace`]): names, args and outs as Nitro encodes them, ink before and after
//!    each hostio, `user_entrypoint`/`user_returned` markers. One difference: Nitro's native
//!    runner gives `user_returned` the ink the program started with; here it carries the ink
//!    left when the entrypoint returned, so a trace alone tells what the program used.
//!    `console` hostios on a debug chain go to [`Host::console_log`] and cost nothing, as in
//!    Nitro.
//!
//! # Outcomes
//!
//! As in Nitro: a non-zero entrypoint status is a revert with the written output; a trap, bad
//! pointer or failed hostio is a [`Status::Failure`] (Nitro reports a revert with no data and
//! returns the unused gas); running out of ink, or being unable to pay the entry cost, is
//! [`Status::OutOfInk`] with all gas consumed.
//!
//! # Nesting
//!
//! [`Host::call`] and [`Host::create`] run nested frames synchronously, so a Stylus frame that
//! calls into another Stylus frame runs a second wasmtime store on the same native stack. Hosts
//! that allow deep nesting should execute on a thread with a large stack (each Stylus level may
//! use up to [`MAX_WASM_STACK`] bytes plus the host's own frames).

mod activate;
mod cache;
mod code;
mod depth;
mod exec;
mod host;
mod hostio;
mod meter;
mod params;
mod prices;
mod runtime;
pub mod trace;
mod validate;

pub use activate::{activate, Activation, ActivationError, ActivationInfo, ACTIVATION_FIXED_GAS};
pub use code::{
    compress_wasm, decompress_code, is_stylus_code, wasm_from_code_or_wasm, CodeError,
    DICTIONARY_NONE, STYLUS_PREFIX,
};
pub use exec::{execute, CallInput, Outcome, Status};
pub use host::{
    CallKind, CallResult, CreateKind, CreateResult, EvmContext, FrameStatus, Host, PageCounts,
};
pub use params::{MemoryModel, StylusParams, DEFAULT_INK_PRICE, STYLUS_VERSION};
pub use prices::{gas_to_ink, ink_to_gas};
pub use runtime::{Program, Runtime, RuntimeError, MAX_WASM_STACK};
pub use trace::{EntryCost, HostioRecord, ProgramTrace};
