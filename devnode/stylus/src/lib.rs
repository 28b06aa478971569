//! The Stylus side of the embedded devnode: everything WASM.
//!
//! - [`code`](compress_wasm): the deployed-code format (`EF F0 00`, dictionary byte, brotli).
//! - [`activate`]: Nitro's activation checks (wasmparser with Nitro's feature set, imports,
//!   exports, limits), the costs Nitro predicts for a module (init gas, cached gas, footprint,
//!   asm estimate, activation gas) and the ink-metering instrumentation pass.
//! - [`Runtime`] / [`Program`]: one `wasmtime::Engine`, compiled programs cached by module hash.
//! - [`execute`]: one call of `user_entrypoint` in a fresh instance, every `vm_hooks` import
//!   priced as Nitro prices it, the EVM side reached through the [`Host`] trait.
//!
//! # Where the gas model differs from Nitro
//!
//! Figures follow Nitro's tables (ArbOS 51, Stylus version 2) for opcode ink, the per-block
//! header, hostio ink, EVM costs reported by the host, storage-cache surcharges, memory pages,
//! entry costs and activation gas. Known differences:
//!
//! 1. **Stack depth.** Nitro instruments every function with a stack-size charge against
//!    `maxStackDepth` and ends an over-deep program with `OutOfStack`. This crate does not add
//!    that pass: deep recursion is bounded by wasmtime's native stack limit instead
//!    ([`MAX_WASM_STACK`] bytes). Both end the frame as a failure with all its gas consumed, but
//!    the depth at which that happens differs.
//! 2. **Module hash.** Nitro's module hash is the hash of its WAVM (prover) module, which this
//!    crate does not build. Here it is `keccak256("devnode-stylus" ‖ version ‖ wasm)`: stable
//!    and unique per program, but not the value Nitro reports in `ProgramActivated`.
//! 3. **Brotli dictionaries.** Only dictionary byte 0 (none, what cargo-stylus writes) is
//!    accepted; Nitro also knows dictionary 1 (its built-in Stylus dictionary).
//! 4. **Storage-cache flush order.** Nitro flushes dirty slots in hash-map order; this crate in
//!    key order. Only the point at which a flush runs out of gas can differ, and the frame fails
//!    either way.
//! 5. **Tracing.** Nitro's `capture_hostio` tracing and debug-chain `console` tee functions are
//!    provided but nothing is traced.
//! 6. **Traps inside hostios** (bad pointers) fail the frame with all gas consumed, as on Nitro;
//!    wasmtime's own traps (out-of-bounds memory, unreachable, division by zero, stack
//!    overflow) are reported as [`Status::Failure`] with the remaining ink spent, as Nitro does.
//!
//! Everything else (which operators end a basic block, saturating arithmetic on ink, the
//! `require_gas` sentries before storage and account hostios, the 63/64 rule and stipend of
//! nested calls, CREATE/CREATE2 base costs, `read_price`/`write_price`, keccak and pow prices,
//! `account_code` caching of the last address) follows Nitro's code.

mod activate;
mod cache;
mod code;
mod exec;
mod host;
mod hostio;
mod meter;
mod params;
mod prices;
mod runtime;
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
