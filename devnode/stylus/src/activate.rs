//! Activation: validation as Nitro does it, Nitro's cost predictions, and instrumentation.

use alloy_primitives::{keccak256, B256};

use crate::{code, meter, params::StylusParams, validate};

/// Gas ArbWasm burns before activation starts, on top of [`Activation::gas_used`].
pub const ACTIVATION_FIXED_GAS: u64 = 1_659_168;

/// Facts about an activated program, as Nitro stores them with the activation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ActivationInfo {
    /// Hash identifying the compiled module (see the crate docs: not Nitro's WAVM hash).
    pub module_hash: B256,
    /// Nitro's `init_cost`, turned into gas by [`StylusParams::init_gas`].
    pub init_cost: u16,
    /// Nitro's `cached_init_cost`, turned into gas by [`StylusParams::cached_gas`].
    pub cached_init_cost: u16,
    /// Initial memory, in 64 KiB pages (`programMemoryFootprint`).
    pub footprint: u16,
    /// Nitro's estimate of the native code size, in bytes.
    pub asm_estimate: u32,
    /// Stylus version the program was activated at.
    pub version: u16,
}

/// A validated, instrumented program ready to be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activation {
    /// What the chain records about the program.
    pub info: ActivationInfo,
    /// Gas the compile step cost (Nitro's `pay!` figures), excluding
    /// [`ACTIVATION_FIXED_GAS`].
    pub gas_used: u64,
    /// The user's WASM, decompressed.
    pub wasm: Vec<u8>,
    /// The WASM after the ink-metering pass: what gets compiled.
    pub instrumented: Vec<u8>,
}

/// Why a program cannot be activated. Each variant's message follows Nitro's wording where
/// Nitro has one; ArbWasm reverts with it in the error string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActivationError {
    /// The code is not Stylus code, or its brotli stream is bad or too large
    /// (ArbWasm: `ProgramNotWasm()`).
    #[error(transparent)]
    Code(#[from] code::CodeError),
    /// wasmparser rejected the module with Nitro's feature set (SIMD, threads, reference types,
    /// the padded `call_indirect` encoding, ...).
    #[error("failed to validate user: {0}")]
    Validation(String),
    /// The module is malformed in a way the structural pass found.
    #[error("failed to parse wasm: {0}")]
    Invalid(String),
    /// An import is not a known hostio with the exact type, or a required import is missing.
    #[error("bad import: {0}")]
    Import(String),
    /// A required export is missing or wrong, or an export name is reserved or too long.
    #[error("bad export: {0}")]
    Export(String),
    /// The module has a start function.
    #[error("wasm start functions not allowed")]
    StartFunction,
    /// The memory is missing, not exported as `memory`, or exceeds the page limit.
    #[error("bad memory: {0}")]
    Memory(String),
    /// A count exceeds one of Nitro's anti-DoS limits.
    #[error("{0}")]
    Limit(String),
    /// A function uses an operator the instrumentation cannot rewrite.
    #[error("instrumentation failed: {0}")]
    Instrumentation(String),
    /// A predicted cost does not fit Nitro's field (`init cost too high`, ...).
    #[error("{0}")]
    CostOverflow(&'static str),
    /// The compile step needs more gas than was given.
    #[error("out of gas")]
    OutOfGas,
}

/// Validates and instruments `code_or_wasm` (Stylus code, or raw WASM) as ArbWasm's
/// `activateProgram` does, charging the compile step against `gas`.
///
/// `debug` allows the `console` imports of a debug chain.
pub fn activate(
    code_or_wasm: &[u8],
    params: &StylusParams,
    debug: bool,
    gas: u64,
) -> Result<Activation, ActivationError> {
    let wasm = code::wasm_from_code_or_wasm(code_or_wasm, params.max_wasm_size as usize)?;
    let facts = validate::validate(&wasm, params.page_limit, debug)?;
    let instrumented = meter::instrument(&wasm)?;
    let gas_used = compile_gas(&wasm, &facts, instrumented.ops, gas)?;

    let wasm_len = wasm.len() as u64;
    // Nitro counts the globals after its passes added ink, status, scratch and stack globals.
    let globals = facts.globals + 4;
    let data_len = facts.data_len + facts.elem_len;
    let footprint = facts.footprint;
    let funcs = facts.funcs;
    let type_len = facts.type_len;

    let mut asm_estimate: u64 = 512_000;
    asm_estimate = asm_estimate.saturating_add(funcs.saturating_mul(996_829) / 1000);
    asm_estimate = asm_estimate.saturating_add(type_len.saturating_mul(11_416) / 1000);
    asm_estimate = asm_estimate.saturating_add(wasm_len.saturating_mul(62_628) / 10_000);

    let mut cached_init: u64 = 0;
    cached_init = cached_init.saturating_add(funcs.saturating_mul(13_420) / 100_000);
    cached_init = cached_init.saturating_add(type_len.saturating_mul(89) / 100_000);
    cached_init = cached_init.saturating_add(wasm_len.saturating_mul(122) / 100_000);
    cached_init = cached_init.saturating_add(globals.saturating_mul(1628) / 1000);
    cached_init = cached_init.saturating_add(data_len.saturating_mul(75_244) / 100_000);
    cached_init = cached_init.saturating_add(u64::from(footprint) * 5);

    // Version 1 folded the cached cost into the init cost; version 2 charges both separately.
    let mut init: u64 = if params.version == 1 { cached_init } else { 0 };
    init = init.saturating_add(funcs.saturating_mul(8252) / 1000);
    init = init.saturating_add(type_len.saturating_mul(1059) / 1000);
    init = init.saturating_add(wasm_len.saturating_mul(1286) / 10_000);

    let info = ActivationInfo {
        module_hash: module_hash(params.version, &wasm),
        init_cost: u16::try_from(init)
            .map_err(|_| ActivationError::CostOverflow("init cost too high"))?,
        cached_init_cost: u16::try_from(cached_init)
            .map_err(|_| ActivationError::CostOverflow("cached cost too high"))?,
        footprint,
        asm_estimate: u32::try_from(asm_estimate)
            .map_err(|_| ActivationError::CostOverflow("asm estimate too large"))?,
        version: params.version,
    };
    Ok(Activation {
        info,
        gas_used,
        wasm,
        instrumented: instrumented.wasm,
    })
}

/// The devnode's module hash: `keccak256("devnode-stylus" ‖ version ‖ wasm)`.
pub(crate) fn module_hash(version: u16, wasm: &[u8]) -> B256 {
    let mut preimage = Vec::with_capacity(wasm.len() + 16);
    preimage.extend_from_slice(b"devnode-stylus");
    preimage.extend_from_slice(&version.to_be_bytes());
    preimage.extend_from_slice(wasm);
    keccak256(&preimage)
}

/// Nitro's compile charge: microsecond estimates per module feature, each turned into gas.
fn compile_gas(
    wasm: &[u8],
    facts: &validate::ModuleFacts,
    instrumented_ops: u64,
    budget: u64,
) -> Result<u64, ActivationError> {
    // Nitro: fudge 2 * speed 7,000,000 / sync rate 500,000 = 28 gas per microsecond.
    let us_to_gas = |us: u64| us.saturating_mul(2 * 7_000_000) / (1_000_000 / 2);
    let charges = [
        (wasm.len() as u64).saturating_mul(31_733) / 100_000,
        facts.funcs.saturating_mul(17_263) / 100_000,
        facts.data_len.saturating_mul(17_376) / 100_000,
        facts.elem_len.saturating_mul(17_376) / 100_000,
        u64::from(facts.footprint).saturating_mul(2217),
        // Nitro counts the operators after instrumentation.
        instrumented_ops.saturating_mul(535) / 1_000,
    ];
    let mut left = budget;
    for us in charges {
        let amount = us_to_gas(us);
        if left < amount {
            return Err(ActivationError::OutOfGas);
        }
        left -= amount;
    }
    Ok(budget - left)
}
