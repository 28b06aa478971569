//! Stylus frames inside revm: running a program on `devnode-stylus` with a [`Host`] backed by
//! revm's journal, and the per-transaction Stylus bookkeeping (reentrancy, memory pages).

use std::{collections::HashMap, sync::OnceLock};

use alloy_primitives::{Address, Bytes, Log, B256, U256};
use devnode_stylus::{
    CallKind, CallResult, CreateKind, CreateResult, EvmContext, FrameStatus, Host, PageCounts,
    Program, Runtime, Status, StylusParams,
};
use revm::{
    context::{ContextTr, JournalTr, LocalContextTr, Transaction},
    context_interface::{Block, Cfg},
    interpreter::{
        CallInputs, CallScheme, CallValue, CreateScheme, Gas, InstructionResult, InterpreterResult,
    },
};

use crate::{
    activation::ActivationRecord,
    addresses,
    evm::{fatal, Ctx, FrameError},
    nested::{self, NestedCall},
    precompiles::ArbPrecompiles,
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
        tx_gas_price: U256::from(ctx.tx.effective_gas_price(u128::from(basefee))),
        tx_origin: ctx.tx.caller(),
        reentrant,
    };
    let cached = ctx.chain.config.programs_cached;
    let is_static = inputs.is_static;
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
        },
    );
    if let Some(fatal) = host.fatal {
        return Err(fatal);
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

/// The EVM side of one Stylus frame.
struct FrameHost<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    precompiles: &'c mut ArbPrecompiles,
    /// The address whose storage, balance and logs the frame acts on.
    address: Address,
    /// `msg.sender` of the frame (kept for delegate calls made by the program).
    caller: Address,
    /// `msg.value` of the frame (kept for delegate calls made by the program).
    value: U256,
    /// Whether the frame runs in a static context.
    is_static: bool,
    /// EIP-3529 refund accumulated by the frame's SSTOREs and successful sub-frames.
    refund: i64,
    /// A database or invariant failure; aborts the transaction once the program returns.
    fatal: Option<String>,
}

impl FrameHost<'_, '_> {
    fn fail(&mut self, e: FrameError) {
        if self.fatal.is_none() {
            self.fatal = Some(fatal(e));
        }
    }
}

fn frame_status(result: InstructionResult) -> FrameStatus {
    if result.is_ok() {
        FrameStatus::Success
    } else if result.is_revert() {
        FrameStatus::Revert
    } else {
        FrameStatus::Halt
    }
}

impl Host for FrameHost<'_, '_> {
    fn sload(&mut self, key: B256) -> (B256, u64) {
        let slot = U256::from_be_bytes(key.0);
        match self.ctx.journal_mut().sload(self.address, slot) {
            Ok(load) => {
                let cost = if load.is_cold { 2100 } else { 100 };
                (B256::from(load.data.to_be_bytes()), cost)
            }
            Err(never) => match never {},
        }
    }

    fn sstore(&mut self, key: B256, value: B256) -> u64 {
        let slot = U256::from_be_bytes(key.0);
        let value = U256::from_be_bytes(value.0);
        let load = match self.ctx.journal_mut().sstore(self.address, slot, value) {
            Ok(load) => load,
            Err(never) => match never {},
        };
        let params = self.ctx.cfg.gas_params();
        let cost = params
            .sstore_static_gas()
            .saturating_add(params.sstore_dynamic_gas(true, &load.data, load.is_cold));
        self.refund = self
            .refund
            .saturating_add(params.sstore_refund(true, &load.data));
        cost
    }

    fn tload(&mut self, key: B256) -> B256 {
        let v = self
            .ctx
            .journal_mut()
            .tload(self.address, U256::from_be_bytes(key.0));
        B256::from(v.to_be_bytes())
    }

    fn tstore(&mut self, key: B256, value: B256) {
        self.ctx.journal_mut().tstore(
            self.address,
            U256::from_be_bytes(key.0),
            U256::from_be_bytes(value.0),
        );
    }

    fn access_account(&mut self, address: Address) -> bool {
        match self.ctx.journal_mut().load_account(address) {
            Ok(load) => load.is_cold,
            Err(never) => match never {},
        }
    }

    fn is_empty(&mut self, address: Address) -> bool {
        match self.ctx.journal_mut().load_account(address) {
            Ok(load) => load.data.is_empty() || load.data.is_loaded_as_not_existing(),
            Err(never) => match never {},
        }
    }

    fn balance(&mut self, address: Address) -> U256 {
        match self.ctx.journal_mut().load_account(address) {
            Ok(load) => load.data.info.balance,
            Err(never) => match never {},
        }
    }

    fn code(&mut self, address: Address) -> Vec<u8> {
        match self.ctx.journal_mut().load_account_with_code(address) {
            Ok(load) => load
                .data
                .info
                .code
                .as_ref()
                .map(|c| c.original_byte_slice().to_vec())
                .unwrap_or_default(),
            Err(never) => match never {},
        }
    }

    fn codehash(&mut self, address: Address) -> B256 {
        match self.ctx.journal_mut().load_account_with_code(address) {
            Ok(load) if load.data.is_empty() => B256::ZERO,
            Ok(load) => load.data.info.code_hash,
            Err(never) => match never {},
        }
    }

    fn call(
        &mut self,
        kind: CallKind,
        target: Address,
        input: &[u8],
        value: U256,
        gas: u64,
    ) -> CallResult {
        let (caller, storage_address, value, scheme, is_static) = match kind {
            CallKind::Call => (
                self.address,
                target,
                CallValue::Transfer(value),
                CallScheme::Call,
                false,
            ),
            CallKind::StaticCall => (
                self.address,
                target,
                CallValue::Transfer(U256::ZERO),
                CallScheme::StaticCall,
                true,
            ),
            CallKind::DelegateCall => (
                self.caller,
                self.address,
                CallValue::Apparent(self.value),
                CallScheme::DelegateCall,
                false,
            ),
        };
        let call = NestedCall {
            caller,
            target: storage_address,
            code_address: target,
            value,
            scheme,
            // A frame inside a static context stays static (delegate calls inherit it).
            is_static: is_static || self.is_static,
            input: Bytes::copy_from_slice(input),
            gas,
        };
        match nested::call(self.ctx, self.precompiles, call) {
            Ok(r) => {
                let status = frame_status(r.result);
                if status == FrameStatus::Success {
                    self.refund = self.refund.saturating_add(r.refund);
                }
                CallResult {
                    status,
                    output: if status == FrameStatus::Halt {
                        Vec::new()
                    } else {
                        r.output.to_vec()
                    },
                    gas_left: r.gas_left,
                }
            }
            Err(e) => {
                self.fail(e);
                CallResult {
                    status: FrameStatus::Halt,
                    output: Vec::new(),
                    gas_left: 0,
                }
            }
        }
    }

    fn create(&mut self, kind: CreateKind, code: &[u8], endowment: U256, gas: u64) -> CreateResult {
        let scheme = match kind {
            CreateKind::Create => CreateScheme::Create,
            CreateKind::Create2 { salt } => CreateScheme::Create2 {
                salt: U256::from_be_bytes(salt.0),
            },
        };
        let created = nested::create(
            self.ctx,
            self.precompiles,
            self.address,
            scheme,
            endowment,
            Bytes::copy_from_slice(code),
            gas,
        );
        match created {
            Ok(r) => {
                let status = frame_status(r.result);
                if status == FrameStatus::Success {
                    self.refund = self.refund.saturating_add(r.refund);
                }
                CreateResult {
                    address: if status == FrameStatus::Success {
                        r.address
                    } else {
                        None
                    },
                    status,
                    output: if status == FrameStatus::Revert {
                        r.output.to_vec()
                    } else {
                        Vec::new()
                    },
                    gas_left: r.gas_left,
                }
            }
            Err(e) => {
                self.fail(e);
                CreateResult {
                    address: None,
                    status: FrameStatus::Halt,
                    output: Vec::new(),
                    gas_left: 0,
                }
            }
        }
    }

    fn emit_log(&mut self, topics: &[B256], data: &[u8]) {
        self.ctx.journal_mut().log(Log::new_unchecked(
            self.address,
            topics.to_vec(),
            Bytes::copy_from_slice(data),
        ));
    }

    fn pages(&mut self) -> PageCounts {
        self.ctx.chain.stylus.pages
    }

    fn add_pages(&mut self, pages: u16) -> PageCounts {
        let before = self.ctx.chain.stylus.pages;
        let open = before.open.saturating_add(pages);
        self.ctx.chain.stylus.pages = PageCounts {
            open,
            ever: before.ever.max(open),
        };
        before
    }

    fn set_open_pages(&mut self, open: u16) {
        self.ctx.chain.stylus.pages.open = open;
    }
}
