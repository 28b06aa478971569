//! Hostio tracing, as Nitro's `capture_hostio` records it for geth's `stylusTracer`.
//!
//! Tracing is asked for per call ([`crate::CallInput::trace`]). When it is off, the frame holds
//! `None` and every hostio pays one branch; nothing is allocated. When it is on, every hostio
//! that completes (and `exit_early`) adds a [`HostioRecord`] with Nitro's name, its inputs and
//! outputs encoded as Nitro encodes them (`arbitrator/wasm-libraries/user-host-trait`), and the
//! ink left before it was charged and after it finished. A hostio that fails or runs out of ink
//! leaves no record, as in Nitro.

use alloy_primitives::Address;

/// One traced hostio, in the shape of Nitro's `HostioTraceInfo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostioRecord {
    /// Nitro's name of the hostio (`storage_load_bytes32`, ...), or a frame marker:
    /// `user_entrypoint`, `user_returned`, `evm_call_contract`, `evm_create1`, ...
    pub name: &'static str,
    /// The hostio's inputs, concatenated as Nitro traces them.
    pub args: Vec<u8>,
    /// The hostio's outputs, concatenated as Nitro traces them.
    pub outs: Vec<u8>,
    /// Ink left before the hostio charged anything.
    pub start_ink: u64,
    /// Ink left when the hostio finished (its own ink and the EVM gas it bought paid).
    pub end_ink: u64,
    /// For calls (and the host's frame markers), the address of the called code.
    pub address: Option<Address>,
    /// For calls (and the host's frame markers), what the callee did.
    pub steps: Option<Vec<HostioRecord>>,
}

impl HostioRecord {
    /// A record without address or steps.
    pub fn new(name: &'static str, args: Vec<u8>, outs: Vec<u8>, start: u64, end: u64) -> Self {
        Self {
            name,
            args,
            outs,
            start_ink: start,
            end_ink: end,
            address: None,
            steps: None,
        }
    }

    /// Ink the hostio cost: `start_ink - end_ink`.
    pub fn ink(&self) -> u64 {
        self.start_ink.saturating_sub(self.end_ink)
    }

    /// `true` for the frame markers `user_entrypoint` and `user_returned`, which cost nothing.
    pub fn is_marker(&self) -> bool {
        matches!(self.name, ENTRYPOINT_MARKER | RETURNED_MARKER)
    }
}

/// Name of the record that opens a program's trace (args: calldata length, big-endian u32).
pub const ENTRYPOINT_MARKER: &str = "user_entrypoint";
/// Name of the record that closes it when `user_entrypoint` returns (outs: status, u32).
pub const RETURNED_MARKER: &str = "user_returned";

/// Gas a call paid to enter the program, before any of its code ran.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EntryCost {
    /// Memory footprint: the program's initial pages at the transaction's page prices.
    pub memory: u64,
    /// Cached init gas (every Stylus version 2 call pays it).
    pub cached: u64,
    /// Full init gas (only when the program is not cached).
    pub init: u64,
}

impl EntryCost {
    /// Everything the entry cost.
    pub fn total(&self) -> u64 {
        self.memory
            .saturating_add(self.cached)
            .saturating_add(self.init)
    }
}

/// The trace of one program call, returned in [`crate::Outcome::trace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramTrace {
    /// What entering the program cost.
    pub entry: EntryCost,
    /// Ink per gas of the call.
    pub ink_price: u32,
    /// Ink the program started with (the gas left after the entry cost, as ink).
    pub start_ink: u64,
    /// Ink left when the program stopped (0 when it ran out).
    pub end_ink: u64,
    /// Every hostio in order, between the `user_entrypoint` record and, when the entrypoint
    /// returned, the `user_returned` record. Calls carry their callee's steps.
    pub records: Vec<HostioRecord>,
}

impl ProgramTrace {
    /// Ink the program used: WASM execution and hostios together.
    pub fn ink_used(&self) -> u64 {
        self.start_ink.saturating_sub(self.end_ink)
    }

    /// Ink spent inside this frame's own hostios (nested frames' work included in their calls).
    pub fn hostio_ink(&self) -> u64 {
        self.records.iter().map(HostioRecord::ink).sum()
    }
}

/// Hostios whose record takes over the host's marker of the frame they ran.
fn nests(name: &str) -> bool {
    matches!(
        name,
        "call_contract" | "delegate_call_contract" | "static_call_contract"
    )
}

/// The records of a frame being traced, and what the current hostio noted so far.
#[derive(Debug, Default)]
pub(crate) struct Tracer {
    records: Vec<HostioRecord>,
    args: Vec<u8>,
    outs: Vec<u8>,
    /// The host's marker of the frame the current hostio ran (see [`crate::Host::take_trace`]).
    nested: Option<HostioRecord>,
}

impl Tracer {
    /// Appends the parts of the current hostio's inputs and outputs.
    pub(crate) fn note(&mut self, args: &[&[u8]], outs: &[&[u8]]) {
        for part in args {
            self.args.extend_from_slice(part);
        }
        for part in outs {
            self.outs.extend_from_slice(part);
        }
    }

    /// Keeps the host's marker of a nested frame the current hostio ran.
    pub(crate) fn nested(&mut self, marker: HostioRecord) {
        self.nested = Some(marker);
    }

    /// Closes the current hostio with a record: a call takes over the nested frame's address and
    /// steps; any other hostio leaves the marker as a record of its own before it, as Nitro's
    /// tracer does for creations.
    pub(crate) fn record(&mut self, name: &'static str, start_ink: u64, end_ink: u64) {
        let args = std::mem::take(&mut self.args);
        let outs = std::mem::take(&mut self.outs);
        let mut record = HostioRecord::new(name, args, outs, start_ink, end_ink);
        match self.nested.take() {
            Some(marker) if nests(name) => {
                record.address = marker.address;
                record.steps = marker.steps;
            }
            Some(marker) => self.records.push(marker),
            None => {}
        }
        self.records.push(record);
    }

    /// Drops what a failed hostio noted; a nested frame it ran stays as the host's marker.
    pub(crate) fn abandon(&mut self) {
        self.args.clear();
        self.outs.clear();
        if let Some(marker) = self.nested.take() {
            self.records.push(marker);
        }
    }

    /// A record that costs nothing (frame markers, debug console output).
    pub(crate) fn mark(&mut self, name: &'static str, args: Vec<u8>, outs: Vec<u8>, ink: u64) {
        self.records
            .push(HostioRecord::new(name, args, outs, ink, ink));
    }

    /// The records, in order.
    pub(crate) fn into_records(self) -> Vec<HostioRecord> {
        self.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(name: &'static str) -> HostioRecord {
        HostioRecord {
            address: Some(Address::repeat_byte(7)),
            steps: Some(vec![HostioRecord::new(
                "read_args",
                vec![],
                vec![1],
                50,
                40,
            )]),
            ..HostioRecord::new(name, vec![], vec![], 0, 0)
        }
    }

    #[test]
    fn a_call_takes_over_the_marker_of_its_frame() {
        let mut tracer = Tracer::default();
        tracer.note(&[&[1, 2], &[3]], &[&[9]]);
        tracer.nested(marker("evm_call_contract"));
        tracer.record("call_contract", 100, 60);
        let records = tracer.into_records();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].name, "call_contract");
        assert_eq!(records[0].args, vec![1, 2, 3]);
        assert_eq!(records[0].outs, vec![9]);
        assert_eq!(records[0].ink(), 40);
        assert_eq!(records[0].address, Some(Address::repeat_byte(7)));
        assert_eq!(records[0].steps.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn a_creation_keeps_the_marker_before_its_record() {
        let mut tracer = Tracer::default();
        tracer.nested(marker("evm_create1"));
        tracer.record("create1", 100, 60);
        let names: Vec<_> = tracer.into_records().iter().map(|r| r.name).collect();
        assert_eq!(names, ["evm_create1", "create1"]);
    }

    #[test]
    fn a_failed_hostio_leaves_only_the_marker() {
        let mut tracer = Tracer::default();
        tracer.note(&[&[1]], &[]);
        tracer.nested(marker("evm_call_contract"));
        tracer.abandon();
        tracer.record("msg_sender", 10, 5);
        let records = tracer.into_records();
        let names: Vec<_> = records.iter().map(|r| r.name).collect();
        assert_eq!(names, ["evm_call_contract", "msg_sender"]);
        assert!(
            records[1].args.is_empty(),
            "the failed hostio's args are gone"
        );
    }
}
