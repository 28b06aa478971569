//! Where the gas of one Stylus call goes: the transaction traced with Nitro's `stylusTracer`
//! (`debug_traceTransaction`), its hostios grouped, and the parts added up to the receipt.
//!
//! From the trace alone: the program starts with `startInk` of its `user_entrypoint` record,
//! which is the gas left after intrinsic and entry gas, as ink; so the entry gas is
//! `gas limit - intrinsic - startInk / inkPrice`. Each hostio costs `startInk - endInk` (its own
//! ink and the EVM gas it bought: SLOAD/SSTORE, the callee's gas for a call); the ink the
//! program used that no hostio accounts for is WASM execution. The receipt's `gasUsed` is then
//! `intrinsic + entry + ceil(ink used / inkPrice) - refund`; the refund (EIP-3529, storage
//! cleared) is not in the trace and is what is left over.

use std::{collections::BTreeMap, fmt::Write as _};

use alloy::{
    primitives::{Address, B256},
    providers::Provider,
};
use eyre::{ensure, eyre, Result, WrapErr};
use serde_json::{json, Value};

use crate::report::commas;

/// One top-level hostio of the trace.
struct Hostio {
    name: String,
    args: Vec<u8>,
    start_ink: u64,
    end_ink: u64,
}

impl Hostio {
    fn parse(record: &Value) -> Result<Self> {
        let field = |key: &str| {
            record
                .get(key)
                .ok_or_else(|| eyre!("a trace record without {key}: {record}"))
        };
        let ink = |key: &str| {
            field(key)?
                .as_u64()
                .ok_or_else(|| eyre!("{key} is not a number: {record}"))
        };
        let args = field("args")?
            .as_str()
            .ok_or_else(|| eyre!("args is not a string: {record}"))?;
        Ok(Self {
            name: field("name")?
                .as_str()
                .ok_or_else(|| eyre!("name is not a string: {record}"))?
                .to_string(),
            args: alloy::hex::decode(args).wrap_err("args is not hex")?,
            start_ink: ink("startInk")?,
            end_ink: ink("endInk")?,
        })
    }

    fn ink(&self) -> u64 {
        self.start_ink.saturating_sub(self.end_ink)
    }
}

/// Which row of the breakdown a hostio counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `storage_load_bytes32`, `storage_cache_bytes32`, `storage_flush_cache`.
    Storage,
    /// `call_contract` and the other calls: the callee's execution included.
    Call,
    /// Everything else: arguments, result, logs, hashing, context, memory.
    Other,
}

impl Kind {
    fn of(name: &str) -> Self {
        if name.starts_with("storage_") {
            Kind::Storage
        } else if name.ends_with("call_contract") {
            Kind::Call
        } else {
            Kind::Other
        }
    }
}

/// Count and ink of a group of hostios.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many.
    pub count: u64,
    /// Their ink.
    pub ink: u64,
}

impl Tally {
    fn add(&mut self, ink: u64) {
        self.count += 1;
        self.ink += ink;
    }
}

/// The breakdown of one traced transaction into a Stylus program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// The receipt's `gasUsed`.
    pub gas_used: u64,
    /// 21,000 + calldata gas.
    pub intrinsic: u64,
    /// Gas paid to enter the program (from the trace's first `startInk`).
    pub entry: u64,
    /// Ink per gas.
    pub ink_price: u64,
    /// Ink the program used (`user_entrypoint.startInk - user_returned.endInk`).
    pub ink_used: u64,
    /// Hostios per row.
    pub kinds: BTreeMap<Kind, Tally>,
    /// Hostios per name.
    pub names: BTreeMap<String, Tally>,
    /// Contracts called, as `name.function` where known.
    pub calls: Vec<String>,
    /// EIP-3529 refund: what is left of the parts above `gasUsed`.
    pub refund: u64,
}

impl Breakdown {
    /// Ink of WASM execution: what the program used outside its hostios.
    pub fn wasm_ink(&self) -> u64 {
        self.ink_used - self.kinds.values().map(|t| t.ink).sum::<u64>()
    }

    /// The program's ink as whole gas, rounded up as the frame is charged.
    pub fn program_gas(&self) -> u64 {
        self.ink_used.div_ceil(self.ink_price)
    }

    /// The hostios of one row.
    pub fn tally(&self, kind: Kind) -> Tally {
        self.kinds.get(&kind).copied().unwrap_or_default()
    }

    /// Ink as tenths of gas, rounded.
    fn tenths(&self, ink: u64) -> u64 {
        (ink * 10 + self.ink_price / 2) / self.ink_price
    }

    /// Ink as gas to a tenth, with thousands separators.
    fn gas(&self, ink: u64) -> String {
        let tenths = self.tenths(ink);
        format!("{}.{}", commas(tenths / 10), tenths % 10)
    }

    /// Ink as gas to a tenth, as a JSON number.
    pub fn gas_number(&self, ink: u64) -> String {
        let tenths = self.tenths(ink);
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// `debug_traceTransaction(hash, {"tracer": "stylusTracer"})`.
async fn trace(provider: &impl Provider, hash: B256) -> Result<Vec<Value>> {
    let trace: Value = provider
        .raw_request(
            "debug_traceTransaction".into(),
            (hash, json!({ "tracer": "stylusTracer" })),
        )
        .await
        .wrap_err_with(|| format!("debug_traceTransaction {hash}"))?;
    match trace {
        Value::Array(records) => Ok(records),
        other => Err(eyre!("the stylusTracer returned {other}, not an array")),
    }
}

/// The one transaction to break down.
pub struct Measured<'a> {
    /// Its hash.
    pub tx: B256,
    /// The receipt's `gasUsed`.
    pub gas_used: u64,
    /// 21,000 + calldata gas.
    pub intrinsic: u64,
    /// The transaction's gas limit.
    pub gas_limit: u64,
    /// ArbWasm's ink price.
    pub ink_price: u64,
    /// Names of the contracts it may call, and of their functions by selector.
    pub names: &'a [(Address, &'static str)],
}

/// Functions the vault calls on its asset.
fn function(selector: &[u8]) -> Option<&'static str> {
    match selector {
        [0x23, 0xb8, 0x72, 0xdd] => Some("transferFrom"),
        [0xa9, 0x05, 0x9c, 0xbb] => Some("transfer"),
        [0x70, 0xa0, 0x82, 0x31] => Some("balanceOf"),
        _ => None,
    }
}

/// `contract.function` of a `*call_contract` record: its args are the address (20 bytes), the
/// gas asked for (8), the value (32, `call_contract` only) and the calldata.
fn callee(h: &Hostio, names: &[(Address, &'static str)]) -> String {
    let Some(address) = h.args.get(..20).map(Address::from_slice) else {
        return "?".into();
    };
    let data = if h.name == "call_contract" { 60 } else { 28 };
    let contract = names
        .iter()
        .find(|(a, _)| *a == address)
        .map_or_else(|| address.to_string(), |(_, n)| n.to_string());
    match h.args.get(data..data + 4).and_then(function) {
        Some(f) => format!("{contract}.{f}"),
        None => contract,
    }
}

/// Traces `m.tx` and breaks its gas down.
pub async fn measure(provider: &impl Provider, m: Measured<'_>) -> Result<Breakdown> {
    let records = trace(provider, m.tx).await?;
    let hostios = records
        .iter()
        .map(Hostio::parse)
        .collect::<Result<Vec<_>>>()?;
    let (Some(first), Some(last)) = (hostios.first(), hostios.last()) else {
        return Err(eyre!("tx {}: the stylusTracer found no hostio", m.tx));
    };
    ensure!(
        first.name == "user_entrypoint" && last.name == "user_returned",
        "tx {}: the trace is not one program call returning normally ({} … {})",
        m.tx,
        first.name,
        last.name
    );
    ensure!(
        first.start_ink % m.ink_price == 0,
        "tx {}: the program's starting ink {} is not whole gas",
        m.tx,
        first.start_ink
    );
    let frame_gas = m.gas_limit - m.intrinsic;
    let entry = frame_gas
        .checked_sub(first.start_ink / m.ink_price)
        .ok_or_else(|| eyre!("tx {}: the program started with more than its gas", m.tx))?;
    let mut kinds = BTreeMap::new();
    let mut names = BTreeMap::new();
    let mut calls = Vec::new();
    for h in &hostios[1..hostios.len() - 1] {
        let kind = Kind::of(&h.name);
        kinds
            .entry(kind)
            .or_insert_with(Tally::default)
            .add(h.ink());
        names
            .entry(h.name.clone())
            .or_insert_with(Tally::default)
            .add(h.ink());
        if kind == Kind::Call {
            calls.push(callee(h, m.names));
        }
    }
    let ink_used = first.start_ink - last.end_ink;
    let mut b = Breakdown {
        gas_used: m.gas_used,
        intrinsic: m.intrinsic,
        entry,
        ink_price: m.ink_price,
        ink_used,
        kinds,
        names,
        calls,
        refund: 0,
    };
    let parts = b.intrinsic + b.entry + b.program_gas();
    b.refund = parts.checked_sub(m.gas_used).ok_or_else(|| {
        eyre!(
            "tx {}: gasUsed {} is more than intrinsic + entry + program gas = {parts}",
            m.tx,
            m.gas_used
        )
    })?;
    Ok(b)
}

/// One operation broken down on both devnodes.
pub struct OpBreakdown {
    /// The operation's name in the report.
    pub name: &'static str,
    /// Programs cached.
    pub cached: Breakdown,
    /// Programs uncached (only the entry differs).
    pub uncached: Breakdown,
}

impl OpBreakdown {
    /// Pairs the two runs of one operation, checking that only the entry gas differs.
    pub fn new(name: &'static str, cached: Breakdown, uncached: Breakdown) -> Result<Self> {
        let same = Breakdown {
            entry: cached.entry,
            gas_used: cached.gas_used,
            ..uncached.clone()
        };
        ensure!(
            same == cached,
            "{name}: the uncached run differs from the cached one beyond the entry gas"
        );
        Ok(Self {
            name,
            cached,
            uncached,
        })
    }
}

/// The markdown section.
pub fn markdown(m: &mut String, ops: &[OpBreakdown]) {
    let Some(first) = ops.first() else {
        return;
    };
    let _ = writeln!(m, "## Where the gas of one call goes\n");
    let _ = writeln!(
        m,
        "Each transaction below is traced with `debug_traceTransaction(hash, {{\"tracer\": \
         \"stylusTracer\"}})`, which the devnode answers as Nitro does: every hostio the program \
         called, with the ink left before and after it (the devnode runs the transaction again \
         on the state its block started from and checks that the result is the receipt's). A \
         hostio's gas is its ink ÷ {} (the ink price); it includes the EVM gas the hostio \
         bought: the SLOAD and SSTORE costs of the storage hostios, and for a call everything \
         the callee spent. The entry gas is what the program did not start with: gas limit − \
         intrinsic − the first record's `startInk` ÷ ink price; it equals ArbWasm's \
         `programInitGas` (cached or not; the memory footprint is within the free pages). WASM \
         execution is the ink the program used (first `startInk` − last `endInk`) that no \
         hostio accounts for. The program's ink is charged rounded up to whole gas, so the \
         parts add up to the receipt: `gasUsed` = intrinsic + entry + ⌈ink used ÷ {}⌉ − \
         refund.\n",
        commas(first.cached.ink_price),
        commas(first.cached.ink_price),
    );
    let _ = write!(m, "| part |");
    for op in ops {
        let _ = write!(m, " `{}` |", op.name);
    }
    let _ = writeln!(m);
    let _ = writeln!(m, "|---|{}", "---:|".repeat(ops.len()));
    let row = |m: &mut String, label: &str, cell: &dyn Fn(&OpBreakdown) -> String| {
        let _ = write!(m, "| {label} |");
        for op in ops {
            let _ = write!(m, " {} |", cell(op));
        }
        let _ = writeln!(m);
    };
    row(m, "intrinsic (21,000 + calldata)", &|op| {
        commas(op.cached.intrinsic)
    });
    row(m, "program entry, cached (uncached)", &|op| {
        format!(
            "{} ({})",
            commas(op.cached.entry),
            commas(op.uncached.entry)
        )
    });
    for (kind, label) in [
        (Kind::Storage, "storage hostios"),
        (
            Kind::Call,
            "calls to other contracts, their execution included",
        ),
        (Kind::Other, "other hostios"),
    ] {
        row(m, label, &|op| {
            let t = op.cached.tally(kind);
            format!("{} × → {}", t.count, op.cached.gas(t.ink))
        });
    }
    row(m, "WASM execution (ink outside hostios)", &|op| {
        op.cached.gas(op.cached.wasm_ink())
    });
    row(m, "program ink, rounded up to whole gas", &|op| {
        commas(op.cached.program_gas())
    });
    row(m, "refund (EIP-3529)", &|op| {
        if op.cached.refund == 0 {
            "0".into()
        } else {
            format!("−{}", commas(op.cached.refund))
        }
    });
    row(
        m,
        "**total = receipt `gasUsed`**, cached (uncached)",
        &|op| {
            format!(
                "**{}** ({})",
                commas(op.cached.gas_used),
                commas(op.uncached.gas_used)
            )
        },
    );
    let _ = writeln!(m);
    for op in ops {
        let calls = if op.cached.calls.is_empty() {
            "no call".to_string()
        } else {
            op.cached.calls.join(", ")
        };
        let _ = writeln!(m, "`{}` calls: {calls}. Hostio by hostio:\n", op.name);
        let _ = writeln!(m, "| hostio | count | gas |");
        let _ = writeln!(m, "|---|---:|---:|");
        for (name, t) in &op.cached.names {
            let _ = writeln!(m, "| `{name}` | {} | {} |", t.count, op.cached.gas(t.ink));
        }
        let _ = writeln!(m);
    }
}
