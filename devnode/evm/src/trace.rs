//! Tracing a transaction's Stylus hostios, as Nitro's `stylusTracer` does
//! (`execution/gethexec/stylus_tracer.go`).
//!
//! Nitro's tracer keeps a list of records for the frame being executed and a stack of the lists
//! of the frames around it. Every call or creation below the transaction's own call opens a
//! marker record named after the opcode (`evm_call_contract`, `evm_delegate_call_contract`,
//! `evm_static_call_contract`, `evm_create1`, `evm_create2`; a CALLCODE gets an empty name, as
//! there) with the callee's address; what the callee does becomes the marker's steps. When a
//! program made the call, its `*call_contract` hostio record takes the marker's place, address
//! and steps. Here the program's records come from `devnode-stylus` ([`ProgramTrace`]) when its
//! frame ends, and the markers of its own calls are handed to it through
//! [`devnode_stylus::Host::take_trace`], so the result has Nitro's shape.

use alloy_primitives::Address;
use devnode_stylus::{EntryCost, HostioRecord, ProgramTrace};
use revm::{
    context::result::ResultGas,
    context::{ContextTr, JournalTr},
    interpreter::{CallScheme, CreateInputs, CreateScheme, FrameInput},
};

use crate::evm::{Ctx, FrameError};

/// What tracing one transaction found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxTrace {
    /// Nitro's `stylusTracer` result: the records of the transaction's own call (its hostios
    /// when it is a program) with every nested frame as a marker or call record holding its
    /// steps.
    pub hostios: Vec<HostioRecord>,
    /// Every Stylus frame, in the order the frames ended.
    pub programs: Vec<ProgramFrame>,
    /// Gas spent before the refund, intrinsic gas included.
    pub gas_spent: u64,
    /// EIP-3529 refund granted at the end (at most a fifth of `gas_spent`).
    pub gas_refunded: u64,
    /// EIP-7623 calldata floor: the receipt's `gasUsed` is
    /// `max(gas_spent - gas_refunded, floor_gas)`.
    pub floor_gas: u64,
}

/// One Stylus frame of a traced transaction: what its records alone do not tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramFrame {
    /// Call depth: 0 for the transaction's own call.
    pub depth: usize,
    /// The address whose storage the frame acts on.
    pub address: Address,
    /// The address whose code ran (differs for delegate calls).
    pub code_address: Address,
    /// Gas the frame was given.
    pub gas_limit: u64,
    /// Gas the frame used: entry, ink, and the EVM minimum for its return data.
    pub gas_used: u64,
    /// Gas paid to enter the program.
    pub entry: EntryCost,
    /// Ink per gas.
    pub ink_price: u32,
    /// Ink the program started with.
    pub start_ink: u64,
    /// Ink left when it stopped.
    pub end_ink: u64,
    /// Ink spent in the frame's own hostios (a call's includes what its callee used).
    pub hostio_ink: u64,
}

impl ProgramFrame {
    /// The summary of a frame that ran with `gas_limit` and left `gas_left`.
    pub(crate) fn new(
        depth: usize,
        address: Address,
        code_address: Address,
        gas_limit: u64,
        gas_left: u64,
        trace: &ProgramTrace,
    ) -> Self {
        Self {
            depth,
            address,
            code_address,
            gas_limit,
            gas_used: gas_limit.saturating_sub(gas_left),
            entry: trace.entry,
            ink_price: trace.ink_price,
            start_ink: trace.start_ink,
            end_ink: trace.end_ink,
            hostio_ink: trace.hostio_ink(),
        }
    }
}

/// The tracer's state during one transaction (Nitro's `open` and `stack`).
#[derive(Debug, Default)]
pub(crate) struct TxTracer {
    open: Vec<HostioRecord>,
    stack: Vec<Vec<HostioRecord>>,
    programs: Vec<ProgramFrame>,
}

impl TxTracer {
    /// A frame below the transaction's call opens: its marker, whose steps collect what it does.
    pub(crate) fn enter(&mut self, name: &'static str, address: Address) {
        self.open.push(HostioRecord {
            address: Some(address),
            steps: Some(Vec::new()),
            ..HostioRecord::new(name, Vec::new(), Vec::new(), 0, 0)
        });
        let outer = std::mem::take(&mut self.open);
        self.stack.push(outer);
    }

    /// The frame opened by the last [`TxTracer::enter`] ends.
    pub(crate) fn exit(&mut self) {
        let Some(outer) = self.stack.pop() else {
            return;
        };
        let steps = std::mem::replace(&mut self.open, outer);
        if let Some(marker) = self.open.last_mut() {
            marker.steps = Some(steps);
        }
    }

    /// Whether a frame opened by [`TxTracer::enter`] is still open.
    pub(crate) fn in_nested_frame(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Removes the last record of the current frame: the marker of the frame a program's
    /// hostio just ran.
    pub(crate) fn take_last(&mut self) -> Option<HostioRecord> {
        self.open.pop()
    }

    /// A program's frame ended: its records join the current frame's.
    pub(crate) fn program(&mut self, frame: ProgramFrame, records: Vec<HostioRecord>) {
        self.open.extend(records);
        self.programs.push(frame);
    }

    /// The trace, once the transaction ran.
    pub(crate) fn finish(self, gas: &ResultGas) -> TxTrace {
        TxTrace {
            hostios: self.open,
            programs: self.programs,
            gas_spent: gas.total_gas_spent(),
            gas_refunded: gas.inner_refunded(),
            floor_gas: gas.floor_gas(),
        }
    }
}

/// The marker name Nitro's tracer gives a frame that `input` opens.
fn marker_name(input: &FrameInput) -> &'static str {
    match input {
        FrameInput::Call(call) => match call.scheme {
            CallScheme::Call => "evm_call_contract",
            CallScheme::DelegateCall => "evm_delegate_call_contract",
            CallScheme::StaticCall => "evm_static_call_contract",
            // Nitro's tracer names only the opcodes above and the creations.
            CallScheme::CallCode => "",
        },
        FrameInput::Create(create) => match create.scheme() {
            CreateScheme::Create2 { .. } => "evm_create2",
            CreateScheme::Create | CreateScheme::Custom { .. } => "evm_create1",
        },
        FrameInput::Empty => "",
    }
}

/// The address of a contract `inputs` will create (computed without touching revm's cache of
/// it: the caller's nonce is read before the frame bumps it).
fn created_address(ctx: &mut Ctx<'_>, inputs: &CreateInputs) -> Result<Address, FrameError> {
    Ok(match inputs.scheme() {
        CreateScheme::Create => {
            let nonce = ctx
                .journal_mut()
                .load_account(inputs.caller())?
                .data
                .info
                .nonce;
            inputs.caller().create(nonce)
        }
        CreateScheme::Create2 { salt } => inputs
            .caller()
            .create2(salt.to_be_bytes(), inputs.init_code_hash()),
        CreateScheme::Custom { address } => address,
    })
}

/// Opens the marker of a frame below the transaction's call, when the transaction is traced.
pub(crate) fn enter(ctx: &mut Ctx<'_>, input: &FrameInput) -> Result<(), FrameError> {
    if ctx.chain.trace.is_none() {
        return Ok(());
    }
    let address = match input {
        FrameInput::Call(call) => call.bytecode_address,
        FrameInput::Create(create) => created_address(ctx, create)?,
        FrameInput::Empty => Address::ZERO,
    };
    if let Some(tracer) = &mut ctx.chain.trace {
        tracer.enter(marker_name(input), address);
    }
    Ok(())
}

/// Closes the marker opened by [`enter`], when the transaction is traced.
pub(crate) fn exit(ctx: &mut Ctx<'_>) {
    if let Some(tracer) = &mut ctx.chain.trace {
        tracer.exit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(records: &[HostioRecord]) -> Vec<&'static str> {
        records.iter().map(|r| r.name).collect()
    }

    #[test]
    fn frames_nest_as_markers_with_steps() {
        let mut tracer = TxTracer::default();
        let inner = HostioRecord::new("msg_sender", vec![], vec![7], 10, 5);
        tracer.enter("evm_call_contract", Address::repeat_byte(1));
        assert!(tracer.in_nested_frame());
        tracer.enter("evm_static_call_contract", Address::repeat_byte(2));
        let frame = ProgramFrame::new(
            2,
            Address::repeat_byte(2),
            Address::repeat_byte(2),
            100,
            40,
            &ProgramTrace {
                entry: EntryCost::default(),
                ink_price: 1,
                start_ink: 90,
                end_ink: 40,
                records: vec![inner.clone()],
            },
        );
        tracer.program(frame, vec![inner.clone()]);
        tracer.exit();
        tracer.exit();
        assert!(!tracer.in_nested_frame());
        let trace = tracer.finish(&ResultGas::default().with_total_gas_spent(1000));
        assert_eq!(names(&trace.hostios), ["evm_call_contract"]);
        let outer = &trace.hostios[0];
        assert_eq!(outer.address, Some(Address::repeat_byte(1)));
        let steps = outer.steps.as_deref().unwrap_or_default();
        assert_eq!(names(steps), ["evm_static_call_contract"]);
        assert_eq!(steps[0].steps.as_deref(), Some(&[inner][..]));
        assert_eq!(trace.programs.len(), 1);
        assert_eq!(trace.programs[0].gas_used, 60);
        assert_eq!(trace.programs[0].hostio_ink, 5);
    }

    #[test]
    fn a_taken_marker_leaves_the_frame() {
        let mut tracer = TxTracer::default();
        tracer.enter("evm_call_contract", Address::repeat_byte(1));
        tracer.exit();
        let marker = tracer.take_last().map(|r| r.name);
        assert_eq!(marker, Some("evm_call_contract"));
        assert!(tracer.finish(&ResultGas::default()).hostios.is_empty());
    }
}
