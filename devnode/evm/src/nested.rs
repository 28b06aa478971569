//! Calls and creations made from native code (Stylus hostios, StylusDeployer) as complete
//! nested frames on the transaction's journal.

use alloy_primitives::{Address, Bytes, U256};
use revm::{
    context::{ContextTr, JournalTr, LocalContextTr},
    handler::FrameResult,
    interpreter::{
        interpreter_action::FrameInit, CallInput, CallInputs, CallScheme, CallValue, CreateInputs,
        FrameInput, InstructionResult, SharedMemory,
    },
};

use crate::{
    evm::{run_nested_frame, Ctx, FrameError},
    precompiles::ArbPrecompiles,
    trace,
};

/// What a nested frame returned.
#[derive(Debug, Clone)]
pub(crate) struct NestedResult {
    /// How it ended.
    pub(crate) result: InstructionResult,
    /// Return or revert data (empty after a halt).
    pub(crate) output: Bytes,
    /// Gas not used, out of what it was given.
    pub(crate) gas_left: u64,
    /// EIP-3529 refund it accumulated (only meaningful on success).
    pub(crate) refund: i64,
    /// The created address, for a successful creation.
    pub(crate) address: Option<Address>,
}

/// A nested call, described from the caller's side.
#[derive(Debug, Clone)]
pub(crate) struct NestedCall {
    /// `msg.sender` of the callee.
    pub(crate) caller: Address,
    /// Address whose storage the callee acts on.
    pub(crate) target: Address,
    /// Address whose code runs (differs from `target` for delegate calls).
    pub(crate) code_address: Address,
    /// Value transferred, or the apparent value of a delegate call.
    pub(crate) value: CallValue,
    /// Call scheme.
    pub(crate) scheme: CallScheme,
    /// Static context.
    pub(crate) is_static: bool,
    /// Calldata.
    pub(crate) input: Bytes,
    /// Gas the callee gets.
    pub(crate) gas: u64,
}

fn run(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    frame_input: FrameInput,
) -> Result<FrameResult, FrameError> {
    let depth = ctx.journal().depth();
    // Traced as a frame the EVM opened, as Nitro sees it; a program's hostio takes the marker.
    trace::enter(ctx, &frame_input)?;
    // Nested EVM frames must share revm's memory buffer (call inputs may point into it), above
    // everything the enclosing frames hold; the buffer is truncated back afterwards.
    let mut base = SharedMemory::new_with_buffer(ctx.local().shared_memory_buffer().clone());
    let memory = base.new_child_context();
    let result = run_nested_frame(
        ctx,
        precompiles,
        FrameInit {
            depth,
            memory,
            frame_input,
        },
    );
    base.free_child_context();
    trace::exit(ctx);
    result
}

/// Runs `call` as a nested frame.
pub(crate) fn call(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    call: NestedCall,
) -> Result<NestedResult, FrameError> {
    let account = ctx
        .journal_mut()
        .load_account_with_code(call.code_address)?;
    let known_bytecode = (
        account.data.info.code_hash,
        account.data.info.code.clone().unwrap_or_default(),
    );
    let inputs = CallInputs {
        input: CallInput::Bytes(call.input),
        return_memory_offset: 0..0,
        gas_limit: call.gas,
        reservoir: 0,
        bytecode_address: call.code_address,
        known_bytecode,
        target_address: call.target,
        caller: call.caller,
        value: call.value,
        scheme: call.scheme,
        is_static: call.is_static,
        charged_new_account_state_gas: false,
    };
    match run(ctx, precompiles, FrameInput::Call(Box::new(inputs)))? {
        FrameResult::Call(outcome) => Ok(NestedResult {
            result: outcome.result.result,
            output: outcome.result.output,
            gas_left: outcome.result.gas.remaining(),
            refund: outcome.result.gas.refunded(),
            address: None,
        }),
        FrameResult::Create(_) => Err(FrameError::Custom(
            "a call frame returned a creation result".into(),
        )),
    }
}

/// Runs a creation by `caller` as a nested frame.
pub(crate) fn create(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    caller: Address,
    scheme: revm::interpreter::CreateScheme,
    value: U256,
    init_code: Bytes,
    gas: u64,
) -> Result<NestedResult, FrameError> {
    let inputs = CreateInputs::new(caller, scheme, value, init_code, gas, 0);
    match run(ctx, precompiles, FrameInput::Create(Box::new(inputs)))? {
        FrameResult::Create(outcome) => Ok(NestedResult {
            result: outcome.result.result,
            output: outcome.result.output,
            gas_left: outcome.result.gas.remaining(),
            refund: outcome.result.gas.refunded(),
            address: outcome.address,
        }),
        FrameResult::Call(_) => Err(FrameError::Custom(
            "a creation frame returned a call result".into(),
        )),
    }
}
