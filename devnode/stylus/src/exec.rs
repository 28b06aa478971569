//! Executing one call of a program: entry costs, a fresh instance, `user_entrypoint`, and
//! telling success, revert, failure and out-of-ink apart as Nitro does.

use alloy_primitives::Address;
use wasmtime::{Global, Memory, Store, Trap, Val};

use crate::cache::StorageCache;
use crate::host::{EvmContext, Host};
use crate::meter::{INK_LEFT, INK_STATUS, STACK_LEFT};
use crate::params::StylusParams;
use crate::prices::{gas_to_ink, ink_to_gas};
use crate::runtime::Program;
use crate::trace::{EntryCost, ProgramTrace, Tracer, ENTRYPOINT_MARKER, RETURNED_MARKER};
use crate::validate::{ENTRYPOINT, MEMORY_EXPORT};

/// How a program call ended (Nitro's `UserOutcome`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// `user_entrypoint` returned 0 (or `exit_early(0)`): the output is the result.
    Success,
    /// `user_entrypoint` returned non-zero (or `exit_early(n != 0)`): the output is the revert
    /// data and unused gas goes back to the caller.
    Revert,
    /// A trap, a bad pointer or a failed hostio: Nitro reports a revert with no data and
    /// returns the unused gas.
    Failure,
    /// Out of ink (or the entry cost was unaffordable): out of gas, all gas consumed.
    OutOfInk,
    /// The stack-depth budget (or the native stack) was exhausted: Nitro's `ErrDepth`, all gas
    /// consumed.
    OutOfStack,
}

/// What one call of a program produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// How the call ended.
    pub status: Status,
    /// Result or revert data (empty for the other statuses).
    pub output: Vec<u8>,
    /// Gas left for the caller.
    pub gas_left: u64,
    /// For [`Status::Failure`], what failed (trap or hostio error), for logs and error messages.
    pub error: Option<String>,
    /// The hostio trace, when [`CallInput::trace`] asked for it and the program started.
    pub trace: Option<ProgramTrace>,
}

/// The inputs of one program call.
#[derive(Clone, Debug)]
pub struct CallInput<'a> {
    /// The calldata `read_args` hands over.
    pub calldata: &'a [u8],
    /// Gas available to the frame, before entry costs.
    pub gas: u64,
    /// Block, transaction and message values.
    pub context: EvmContext,
    /// Whether the frame is static (STATICCALL or inside one): storage flushes, transient
    /// stores, logs, creates and value-bearing calls fail.
    pub is_static: bool,
    /// Whether the program counts as cached (ArbWasmCache): pays the cached entry gas only.
    pub cached: bool,
    /// Chain parameters (ink price, memory model, entry gas).
    pub params: StylusParams,
    /// Whether to record every hostio (see [`crate::trace`]); off costs nothing.
    pub trace: bool,
}

/// Why a hostio stopped the program.
#[derive(Debug, Clone)]
pub(crate) enum Escape {
    /// `exit_early(status)`.
    Exit(u32),
    /// Not enough ink for a hostio.
    OutOfInk,
    /// A hostio failed (bad pointer, write in a static context, bad topics, ...).
    Failure(String),
}

/// Per-call state behind the wasmtime store.
pub(crate) struct Frame {
    /// The EVM side. Erased lifetime: see [`execute`] for why this stays valid.
    host: *mut (dyn Host + 'static),
    pub(crate) context: EvmContext,
    pub(crate) params: StylusParams,
    pub(crate) is_static: bool,
    pub(crate) args: Vec<u8>,
    pub(crate) outs: Vec<u8>,
    pub(crate) return_data: Vec<u8>,
    pub(crate) cache: StorageCache,
    pub(crate) last_code: Option<(Address, Vec<u8>)>,
    pub(crate) ink: Option<Global>,
    pub(crate) status: Option<Global>,
    pub(crate) memory: Option<Memory>,
    pub(crate) escape: Option<Escape>,
    /// The records of a traced call; `None` when tracing is off.
    pub(crate) tracer: Option<Tracer>,
}

// SAFETY: a `Frame` only lives inside the `Store` that `execute` creates and drops on the same
// thread before returning; it is never sent anywhere. wasmtime's `Linker<Frame>` asks for `Send`
// only so that linkers can be shared, which does not move any `Frame`.
unsafe impl Send for Frame {}

impl Frame {
    /// The EVM side of this frame.
    pub(crate) fn host(&mut self) -> &mut dyn Host {
        // SAFETY: `host` points to the `&mut dyn Host` that `execute` borrowed for the whole
        // lifetime of the store owning this frame; the store is dropped before `execute`
        // returns, and no other reference to the host is used meanwhile.
        unsafe { &mut *self.host }
    }
}

/// Gas an EVM frame would pay to expand memory to `len` bytes of return data
/// (Nitro's `evmMemoryCost`): `3 * words + words² / 512`.
fn evm_memory_cost(len: u64) -> u64 {
    let words = len.div_ceil(32);
    words
        .saturating_mul(3)
        .saturating_add(words.saturating_mul(words) / 512)
}

/// Runs one call of `program` against `host`, as Nitro's `CallProgram` does: pays the memory
/// footprint and entry gas, opens the footprint's pages for the transaction, runs
/// `user_entrypoint` in a fresh instance with the remaining gas as ink, and closes the pages
/// again.
pub fn execute(program: &Program, host: &mut dyn Host, input: CallInput<'_>) -> Outcome {
    let starting_gas = input.gas;
    let info = program.info();

    let entry = entry_cost(program, host, &input);
    let cost = entry.total();
    if cost > starting_gas {
        return out_of_gas();
    }
    let gas = starting_gas - cost;
    let before = host.add_pages(info.footprint);

    let mut outcome = run(program, host, input, gas);
    host.set_open_pages(before.open);
    if let Some(trace) = &mut outcome.trace {
        trace.entry = entry;
    }

    // Return data must cost at least what it would in the EVM.
    if outcome.output.is_empty() {
        return outcome;
    }
    let evm_cost = evm_memory_cost(outcome.output.len() as u64);
    if starting_gas < evm_cost {
        return Outcome {
            trace: outcome.trace,
            ..out_of_gas()
        };
    }
    Outcome {
        gas_left: outcome.gas_left.min(starting_gas - evm_cost),
        ..outcome
    }
}

/// What entering `program` costs (Nitro's `CallProgram`): the memory footprint, then the cached
/// and/or the full init gas (version 2 always pays the cached gas).
fn entry_cost(program: &Program, host: &mut dyn Host, input: &CallInput<'_>) -> EntryCost {
    let params = input.params;
    let info = program.info();
    let pages = host.pages();
    let memory = params
        .memory_model()
        .gas_cost(info.footprint, pages.open, pages.ever);
    let cached = if input.cached || info.version > 1 {
        params.cached_gas(info.cached_init_cost)
    } else {
        0
    };
    let init = if input.cached {
        0
    } else {
        params.init_gas(info.init_cost)
    };
    EntryCost {
        memory,
        cached,
        init,
    }
}

fn out_of_gas() -> Outcome {
    Outcome {
        status: Status::OutOfInk,
        output: Vec::new(),
        gas_left: 0,
        error: None,
        trace: None,
    }
}

fn failure(message: String, gas_left: u64) -> Outcome {
    Outcome {
        status: Status::Failure,
        output: Vec::new(),
        gas_left,
        error: Some(message),
        trace: None,
    }
}

fn run(program: &Program, host: &mut dyn Host, input: CallInput<'_>, gas: u64) -> Outcome {
    let ink_price = input.params.ink_price;
    // SAFETY (lifetime erasure): the pointer is only dereferenced through `Frame::host`, while
    // the store below is alive; the store is dropped at the end of this function, before the
    // borrow of `host` ends.
    let host: *mut (dyn Host + '_) = host;
    let host: *mut (dyn Host + 'static) = unsafe { std::mem::transmute(host) };
    let frame = Frame {
        host,
        context: input.context,
        params: input.params,
        is_static: input.is_static,
        args: input.calldata.to_vec(),
        outs: Vec::new(),
        return_data: Vec::new(),
        cache: StorageCache::default(),
        last_code: None,
        ink: None,
        status: None,
        memory: None,
        escape: None,
        tracer: input.trace.then(Tracer::default),
    };
    let pre = program.instance_pre();
    let mut store = Store::new(pre.module().engine(), frame);

    let instance = match pre.instantiate(&mut store) {
        Ok(instance) => instance,
        Err(err) => return failure(format!("instantiation failed: {err}"), gas),
    };
    let (Some(ink), Some(status), Some(stack), Some(memory)) = (
        instance.get_global(&mut store, INK_LEFT),
        instance.get_global(&mut store, INK_STATUS),
        instance.get_global(&mut store, STACK_LEFT),
        instance.get_memory(&mut store, MEMORY_EXPORT),
    ) else {
        return failure("instrumented module lacks its exports".into(), gas);
    };
    let ink_budget = gas_to_ink(gas, ink_price);
    // The globals were created by the instrumentation with these exact types.
    // Nitro's stack budget is a u32 held in an i32 global.
    let depth = input.params.max_stack_depth as i32;
    if ink.set(&mut store, Val::I64(ink_budget as i64)).is_err()
        || status.set(&mut store, Val::I32(0)).is_err()
        || stack.set(&mut store, Val::I32(depth)).is_err()
    {
        return failure("instrumented globals have unexpected types".into(), gas);
    }
    {
        let frame = store.data_mut();
        frame.ink = Some(ink);
        frame.status = Some(status);
        frame.memory = Some(memory);
    }
    let entry = match instance.get_typed_func::<u32, u32>(&mut store, ENTRYPOINT) {
        Ok(entry) => entry,
        Err(err) => return failure(format!("bad entrypoint: {err}"), gas),
    };
    let args_len = input.calldata.len() as u32;
    if let Some(tracer) = &mut store.data_mut().tracer {
        let args = args_len.to_be_bytes().to_vec();
        tracer.mark(ENTRYPOINT_MARKER, args, Vec::new(), ink_budget);
    }
    let result = entry.call(&mut store, args_len);

    let exhausted = matches!(status.get(&mut store), Val::I32(s) if s != 0);
    let out_of_stack = matches!(stack.get(&mut store), Val::I32(0));
    let ink_left = match ink.get(&mut store) {
        Val::I64(ink) => ink as u64,
        _ => 0,
    };
    let gas_left = ink_to_gas(ink_left, ink_price);
    let frame = store.data_mut();
    let outs = std::mem::take(&mut frame.outs);
    let escape = frame.escape.take();
    let trace = frame.tracer.take().map(|mut tracer| {
        if let Ok(code) = &result {
            let status = code.to_be_bytes().to_vec();
            tracer.mark(RETURNED_MARKER, Vec::new(), status, ink_left);
        }
        ProgramTrace {
            entry: EntryCost::default(),
            ink_price,
            start_ink: ink_budget,
            end_ink: ink_left,
            records: tracer.into_records(),
        }
    });

    let returned = |code: u32| Outcome {
        status: if code == 0 {
            Status::Success
        } else {
            Status::Revert
        },
        output: outs.clone(),
        gas_left,
        error: None,
        trace: None,
    };
    let stack_overflow = Outcome {
        status: Status::OutOfStack,
        output: Vec::new(),
        gas_left: 0,
        error: None,
        trace: None,
    };
    // Nitro's order on a trap: native stack overflow, depth checker, ink, then hostio escapes.
    let outcome = match (result, escape) {
        (Ok(code), None) => returned(code),
        (Err(err), _) if matches!(err.downcast_ref::<Trap>(), Some(Trap::StackOverflow)) => {
            stack_overflow
        }
        (Err(_), _) if out_of_stack => stack_overflow,
        (Err(_), _) if exhausted => out_of_gas(),
        (_, Some(Escape::Exit(code))) => returned(code),
        (_, Some(Escape::OutOfInk)) => out_of_gas(),
        (_, Some(Escape::Failure(msg))) => failure(msg, gas_left),
        (Err(err), None) => match err.downcast_ref::<Trap>() {
            Some(trap) => failure(trap.to_string(), gas_left),
            None => failure(err.to_string(), gas_left),
        },
    };
    Outcome { trace, ..outcome }
}
