//! Stylus frames inside revm: running a program on `devnode-stylus` with a [`Host`] backed by
//! revm's journal, and the per-transaction Stylus bookkeeping (reentrancy, memory pages).

use std::{collections::HashMap, sync::OnceLock};

use alloy_primitives::{Address, Bytes, B256, U256};
use devnode_stylus::{EvmContext, PageCounts, Program, Runtime, Status, StylusParams};
use revm::{
    context::{ContextTr, JournalTr, LocalContextTr, Transaction},
    context_interface::{Block, Cfg},
    interpreter::{CallInputs, CallScheme, Gas, InstructionResult, InterpreterResult},
};

mod host;

use host::FrameHost;

use crate::{
    activation::ActivationRecord,
    addresses,
    evm::{fatal, Ctx, FrameError},
    precompiles::ArbPrecompiles,
    trace::ProgramFrame,
};

/// Stylus state that lives for one transaction.
#[derive(Debug, Default)]
pub(crate) struct TxStylusState {
    /// Open frames per address (delegate and callcode frames not counted), for `msg_reentrant`.
    reentrancy: HashMap<Address, u32>,
    /// WASM memory pages currently open, and the most ever open at once, in this transaction.
    pages: PageCounts,
}

/// `true` when a frame of this scheme counts as entering its target address.
fn counts_for_reentrancy(scheme: CallScheme) -> bool {
    !matches!(scheme, CallScheme::DelegateCall | CallScheme::CallCode)
}

/// Notes that a call frame opened at `inputs.target_address`.
pub(crate) fn enter_frame(ctx: &mut Ctx<'_>, inputs: &CallInputs) {
    if counts_for_reentrancy(inputs.scheme) {
        *ctx.chain
            .stylus
            .reentrancy
            .entry(inputs.target_address)
            .or_default() += 1;
    }
}

/// Notes that a call frame opened by [`enter_frame`] ended.
pub(crate) fn leave_frame(ctx: &mut Ctx<'_>, inputs: &CallInputs) {
    if counts_for_reentrancy(inputs.scheme) {
        if let Some(count) = ctx.chain.stylus.reentrancy.get_mut(&inputs.target_address) {
            *count = count.saturating_sub(1);
        }
    }
}

/// The process-wide Stylus runtime: one wasmtime engine and its compiled-program cache.
pub(crate) fn runtime() -> Result<&'static Runtime, String> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| Runtime::new().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The Stylus parameters of the devnode chain (Nitro's defaults for ArbOS 51).
pub(crate) fn params() -> StylusParams {
    StylusParams::default()
}

/// Reads the activation of `codehash` through the journal, so activations made earlier in the
/// same transaction are seen and reverted ones are not.
pub(crate) fn load_activation(
    ctx: &mut Ctx<'_>,
    codehash: &B256,
) -> Result<Option<ActivationRecord>, FrameError> {
    let journal = ctx.journal_mut();
    journal.load_account(addresses::ARB_WASM)?;
    let info = journal
        .sload(addresses::ARB_WASM, ActivationRecord::info_slot(codehash))?
        .data;
    let module = journal
        .sload(
            addresses::ARB_WASM,
            ActivationRecord::module_hash_slot(codehash),
        )?
        .data;
    Ok(ActivationRecord::from_words(info, module))
}

/// Writes the activation of `codehash` through the journal.
pub(crate) fn store_activation(
    ctx: &mut Ctx<'_>,
    codehash: &B256,
    record: &ActivationRecord,
) -> Result<(), FrameError> {
    let journal = ctx.journal_mut();
    journal.load_account(addresses::ARB_WASM)?;
    journal.sstore(
        addresses::ARB_WASM,
        ActivationRecord::info_slot(codehash),
        record.info_word(),
    )?;
    journal.sstore(
        addresses::ARB_WASM,
        ActivationRecord::module_hash_slot(codehash),
        U256::from_be_bytes(record.module_hash.0),
    )?;
    Ok(())
}

/// How a Stylus frame is told apart from a failed one when it cannot start.
fn halt(result: InstructionResult, gas_limit: u64) -> InterpreterResult {
    let mut gas = Gas::new(gas_limit);
    gas.spend_all();
    InterpreterResult::new(result, Bytes::new(), gas)
}

/// Runs the Stylus program at `inputs.bytecode_address` (whose code is `code`, hashing to
/// `codehash`) as one call frame. revm has already taken the frame's journal checkpoint and
/// moved the value; it settles the checkpoint from the returned result.
pub(crate) fn run_program(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    inputs: &CallInputs,
    codehash: B256,
    code: &[u8],
) -> Result<InterpreterResult, String> {
    let gas_limit = inputs.gas_limit;
    let params = params();
    let record = load_activation(ctx, &codehash).map_err(fatal)?;
    let age = ctx
        .block
        .timestamp()
        .saturating_to::<u64>()
        .saturating_sub(record.map_or(0, |r| r.activated_at));
    let expired = age > u64::from(params.expiry_days) * 24 * 60 * 60;
    let record = match record {
        Some(_) if expired => {
            note_failure(ctx, format!("ProgramExpired({age})"));
            return Ok(halt(InstructionResult::PrecompileError, gas_limit));
        }
        Some(r) if r.version == params.version => r,
        // Nitro fails the frame, consuming its gas: `ProgramNotActivated()` or
        // `ProgramNeedsUpgrade(..)` in the error message.
        Some(r) => {
            note_failure(
                ctx,
                format!("ProgramNeedsUpgrade({}, {})", r.version, params.version),
            );
            return Ok(halt(InstructionResult::PrecompileError, gas_limit));
        }
        None => {
            note_failure(ctx, "ProgramNotActivated()".into());
            return Ok(halt(InstructionResult::PrecompileError, gas_limit));
        }
    };
    let program = match load_program(&record, code, ctx.chain.config.debug_mode) {
        Ok(p) => p,
        Err(e) => {
            return Err(format!(
                "activated program {codehash} cannot be loaded: {e}"
            ))
        }
    };

    let calldata = inputs.input.bytes(ctx).to_vec();
    let reentrant = inputs.scheme != CallScheme::DelegateCall
        && inputs.scheme != CallScheme::CallCode
        && ctx
            .chain
            .stylus
            .reentrancy
            .get(&inputs.target_address)
            .is_some_and(|c| *c > 1);
    let basefee = ctx.block.basefee();
    let context = EvmContext {
        block_basefee: U256::from(basefee),
        block_coinbase: ctx.block.beneficiary(),
        block_gas_limit: ctx.block.gas_limit(),
        block_number: ctx.chain.l1_block_number,
        block_timestamp: ctx.block.timestamp().saturating_to(),
        chain_id: ctx.cfg.chain_id(),
        contract_address: inputs.target_address,
        msg_sender: inputs.caller,
        msg_value: inputs.value.get(),
        tx_gas_price: U256::from(ctx.chain.tx_gas_price),
        tx_origin: ctx.tx.caller(),
        reentrant,
    };
    let cached = ctx.chain.config.programs_cached;
    let is_static = inputs.is_static;
    let traced = ctx.chain.trace.is_some();
    let mut host = FrameHost {
        ctx,
        precompiles,
        address: inputs.target_address,
        caller: inputs.caller,
        value: inputs.value.get(),
        is_static,
        refund: 0,
        fatal: None,
    };
    let outcome = devnode_stylus::execute(
        &program,
        &mut host,
        devnode_stylus::CallInput {
            calldata: &calldata,
            gas: gas_limit,
            context,
            is_static,
            cached,
            params,
            trace: traced,
        },
    );
    if let Some(fatal) = host.fatal {
        return Err(fatal);
    }
    if let Some(trace) = outcome.trace {
        let frame = ProgramFrame::new(
            host.ctx.journal().depth().saturating_sub(1),
            inputs.target_address,
            inputs.bytecode_address,
            gas_limit,
            outcome.gas_left,
            &trace,
        );
        if let Some(tracer) = &mut host.ctx.chain.trace {
            tracer.program(frame, trace.records);
        }
    }
    let refund = host.refund;

    let mut gas = Gas::new(gas_limit);
    let spent = gas_limit.saturating_sub(outcome.gas_left);
    if !gas.record_regular_cost(spent) {
        return Err(format!(
            "program reported {} gas left of {gas_limit}",
            outcome.gas_left
        ));
    }
    let result = match outcome.status {
        Status::Success => {
            gas.record_refund(refund);
            InterpreterResult::new(InstructionResult::Return, outcome.output.into(), gas)
        }
        Status::Revert => {
            InterpreterResult::new(InstructionResult::Revert, outcome.output.into(), gas)
        }
        // Nitro: a trap or failed hostio reverts with no data and returns the unused gas.
        Status::Failure => {
            if let Some(error) = outcome.error {
                note_failure(host.ctx, error);
            }
            InterpreterResult::new(InstructionResult::Revert, Bytes::new(), gas)
        }
        Status::OutOfInk => halt(InstructionResult::OutOfGas, gas_limit),
        Status::OutOfStack => halt(InstructionResult::CallTooDeep, gas_limit),
    };
    Ok(result)
}

/// Records why a top-level Stylus frame failed, so the transaction's halt reason says it.
pub(crate) fn note_failure(ctx: &mut Ctx<'_>, message: String) {
    if ctx.journal().depth() == 1 {
        ctx.local_mut().set_precompile_error_context(message);
    }
}

/// The compiled program of an activation: from the runtime's cache, or compiled again from the
/// code (after a state reload the cache is empty).
fn load_program(record: &ActivationRecord, code: &[u8], debug: bool) -> Result<Program, String> {
    let runtime = runtime()?;
    if let Some(program) = runtime.program(&record.module_hash) {
        return Ok(program);
    }
    runtime
        .load(code, &params(), debug)
        .map_err(|e| e.to_string())
}
