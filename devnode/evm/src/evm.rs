//! The EVM as the devnode runs it: revm's mainnet handler over a frame loop that knows the
//! Stylus prefix, plus a nested frame loop that Stylus programs and native system contracts use
//! to make calls and creations on the same journal.
//!
//! Why two loops: revm drives frames iteratively, but a Stylus program makes its calls from
//! inside a host function, synchronously. Such a call runs a complete nested frame loop
//! ([`run_nested_frame`]) on the same context and journal; the journal checkpoint of every
//! nested frame is taken and settled by revm's own `EthFrame` code, exactly as for EVM calls.

use std::convert::Infallible;

use revm::{
    context::{
        BlockEnv, CfgEnv, Context, ContextError, Evm, FrameStack, Journal, LocalContext, TxEnv,
    },
    context_interface::local::OutFrame,
    handler::{
        evm::{ContextDbError, FrameInitResult},
        instructions::{EthInstructions, InstructionProvider},
        EthFrame, EvmTr, FrameData, FrameInitOrResult, FrameResult, ItemOrResult,
    },
    interpreter::{
        interpreter::EthInterpreter, interpreter_action::FrameInit, FrameInput, InstructionResult,
        InterpreterAction,
    },
};

use crate::{
    db::ChainDb,
    precompiles::ArbPrecompiles,
    stylus::{self, TxStylusState},
    trace::{self, TxTracer},
    types::ChainConfig,
};

/// The database revm sees.
pub(crate) type Db<'a> = revm::database_interface::WrapDatabaseRef<ChainDb<'a>>;

/// Per-transaction data that revm's context carries for the Arbitrum parts.
#[derive(Debug, Default)]
pub(crate) struct ArbChain {
    /// Chain parameters.
    pub(crate) config: ChainConfig,
    /// L1 block number reported to programs and ArbSys.
    pub(crate) l1_block_number: u64,
    /// Stylus per-transaction state (reentrancy counters, open memory pages).
    pub(crate) stylus: TxStylusState,
    /// What Stylus `tx_gas_price` reports: the price as signed (EIP-1559: base fee plus tip,
    /// capped by the fee cap), which Nitro keeps in the EVM context although it charges only the
    /// base fee (`GASPRICE` reports the base fee, as on Nitro).
    pub(crate) tx_gas_price: u128,
    /// The hostio tracer, when the transaction is traced.
    pub(crate) trace: Option<TxTracer>,
}

/// The devnode's revm context.
pub(crate) type Ctx<'a> =
    Context<BlockEnv, TxEnv, CfgEnv, Db<'a>, Journal<Db<'a>>, ArbChain, LocalContext>;

/// Errors the frame loops can raise (database errors cannot happen: the database is in memory).
pub(crate) type FrameError = ContextError<Infallible>;

/// The message of a frame-loop error.
pub(crate) fn fatal(e: FrameError) -> String {
    match e {
        ContextError::Db(never) => match never {},
        ContextError::Custom(message) => message,
    }
}

type Inner<'a> =
    Evm<Ctx<'a>, (), EthInstructions<EthInterpreter, Ctx<'a>>, ArbPrecompiles, EthFrame>;

/// revm's `Evm` with the Stylus-aware creation rule in its frame loop.
pub(crate) struct ArbEvm<'a>(pub(crate) Inner<'a>);

impl<'a> ArbEvm<'a> {
    /// An EVM over `ctx` with the devnode's precompiles.
    pub(crate) fn new(ctx: Ctx<'a>) -> Self {
        let spec = ctx.cfg.spec;
        Self(Evm::new(
            ctx,
            EthInstructions::new_mainnet_with_spec(spec),
            ArbPrecompiles::new(spec),
        ))
    }
}

/// `true` when `code` carries the Stylus prefix `EF F0 00`.
pub(crate) fn is_stylus_code(code: &[u8]) -> bool {
    code.starts_with(&crate::STYLUS_PREFIX)
}

/// EIP-3541 as Nitro applies it: new code may not start with `0xEF` unless it is a Stylus
/// program. revm's own check is disabled in the config; this one turns a forbidden deployment
/// into the same halt revm would have produced, before revm settles the creation.
fn enforce_eip3541(frame: &EthFrame, action: &mut InterpreterAction) {
    if let (FrameData::Create(_), InterpreterAction::Return(result)) = (&frame.data, action) {
        if result.result.is_ok()
            && result.output.first() == Some(&0xEF)
            && !is_stylus_code(&result.output)
        {
            result.result = InstructionResult::CreateContractStartingWithEF;
        }
    }
}

impl<'a> EvmTr for ArbEvm<'a> {
    type Context = Ctx<'a>;
    type Instructions = EthInstructions<EthInterpreter, Ctx<'a>>;
    type Precompiles = ArbPrecompiles;
    type Frame = EthFrame;

    fn all(
        &self,
    ) -> (
        &Self::Context,
        &Self::Instructions,
        &Self::Precompiles,
        &FrameStack<Self::Frame>,
    ) {
        self.0.all()
    }

    fn all_mut(
        &mut self,
    ) -> (
        &mut Self::Context,
        &mut Self::Instructions,
        &mut Self::Precompiles,
        &mut FrameStack<Self::Frame>,
    ) {
        self.0.all_mut()
    }

    fn frame_init(
        &mut self,
        frame_input: FrameInit,
    ) -> Result<FrameInitResult<'_, Self::Frame>, ContextDbError<Self::Context>> {
        // Below the transaction's own call, every frame here was opened by EVM code.
        if frame_input.depth > 0 {
            trace::enter(&mut self.0.ctx, &frame_input.frame_input)?;
        }
        self.0.frame_init(frame_input)
    }

    fn frame_run(
        &mut self,
    ) -> Result<FrameInitOrResult<Self::Frame>, ContextDbError<Self::Context>> {
        let Evm {
            ctx,
            instruction,
            frame_stack,
            ..
        } = &mut self.0;
        let frame = frame_stack.get();
        let mut action = frame.interpreter.run_plain(
            instruction.instruction_table(),
            instruction.gas_table(),
            ctx,
        );
        enforce_eip3541(frame, &mut action);
        let next = frame.process_next_action::<_, FrameError>(ctx, action)?;
        if next.is_result() {
            frame.set_finished(true);
            if let FrameInput::Call(inputs) = &frame.input {
                stylus::leave_frame(ctx, inputs);
            }
        }
        Ok(next)
    }

    fn frame_return_result(
        &mut self,
        result: FrameResult,
    ) -> Result<Option<FrameResult>, ContextDbError<Self::Context>> {
        // Every result but the transaction's own call's ends a frame `frame_init` traced.
        if let Some(tracer) = &mut self.0.ctx.chain.trace {
            if tracer.in_nested_frame() {
                tracer.exit();
            }
        }
        self.0.frame_return_result(result)
    }
}

/// Runs one complete frame (a call or a creation, EVM or Stylus, with all its sub-frames) on
/// `ctx`'s journal and returns its result. Used by Stylus hostios and native system contracts.
pub(crate) fn run_nested_frame(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    init: FrameInit,
) -> Result<FrameResult, FrameError> {
    let instructions =
        EthInstructions::<EthInterpreter, Ctx<'_>>::new_mainnet_with_spec(ctx.cfg.spec);
    let mut stack: Vec<EthFrame> = Vec::new();

    let mut first = EthFrame::invalid();
    match EthFrame::init_with_context(OutFrame::new_init(&mut first), ctx, precompiles, init)? {
        ItemOrResult::Result(result) => return Ok(result),
        ItemOrResult::Item(_) => stack.push(first),
    }

    loop {
        let Some(top) = stack.last_mut() else {
            return Err(ContextError::Custom("nested frame stack emptied".into()));
        };
        let mut action = top.interpreter.run_plain(
            instructions.instruction_table(),
            instructions.gas_table(),
            ctx,
        );
        enforce_eip3541(top, &mut action);
        let result = match top.process_next_action::<_, FrameError>(ctx, action)? {
            ItemOrResult::Item(child_init) => {
                trace::enter(ctx, &child_init.frame_input)?;
                let mut child = EthFrame::invalid();
                match EthFrame::init_with_context(
                    OutFrame::new_init(&mut child),
                    ctx,
                    precompiles,
                    child_init,
                )? {
                    ItemOrResult::Item(_) => {
                        stack.push(child);
                        continue;
                    }
                    ItemOrResult::Result(result) => result,
                }
            }
            ItemOrResult::Result(result) => {
                if let FrameInput::Call(inputs) = &top.input {
                    stylus::leave_frame(ctx, inputs);
                }
                stack.pop();
                result
            }
        };
        match stack.last_mut() {
            None => return Ok(result),
            Some(parent) => {
                // A child's result: close the marker its init opened.
                trace::exit(ctx);
                parent.return_result::<_, FrameError>(ctx, result)?
            }
        }
    }
}
