//! Ink metering and guest-memory access shared by every hostio.

use alloy_primitives::{Address, B256, U256};
use wasmtime::{Caller, Val};

use crate::exec::{Escape, Frame};
use crate::prices::{gas_to_ink, ink_to_gas};

/// The caller handle hostios receive.
pub(super) type Ctx<'a> = Caller<'a, Frame>;
/// A hostio step: either a value or the reason the program stops.
pub(super) type HostioResult<T> = Result<T, Escape>;

/// A hostio failure: the program ends as a failure (revert without data).
pub(super) fn failure(msg: impl Into<String>) -> Escape {
    Escape::Failure(msg.into())
}

// ---- ink ------------------------------------------------------------------------------------

pub(super) fn meter(c: &mut Ctx<'_>) -> HostioResult<(wasmtime::Global, wasmtime::Global)> {
    let frame = c.data();
    match (frame.ink, frame.status) {
        (Some(ink), Some(status)) => Ok((ink, status)),
        _ => Err(failure("ink meter not initialised")),
    }
}

pub(super) fn out_of_ink(c: &mut Ctx<'_>) -> Escape {
    if let Ok((ink, status)) = meter(c) {
        // Both globals have these types by construction of the instrumentation.
        let _ = ink.set(&mut *c, Val::I64(0));
        let _ = status.set(&mut *c, Val::I32(1));
    }
    Escape::OutOfInk
}

pub(super) fn ink_ready(c: &mut Ctx<'_>) -> HostioResult<u64> {
    let (ink, status) = meter(c)?;
    if !matches!(status.get(&mut *c), Val::I32(0)) {
        return Err(Escape::OutOfInk);
    }
    match ink.get(&mut *c) {
        Val::I64(left) => Ok(left as u64),
        _ => Err(failure("ink global has the wrong type")),
    }
}

pub(super) fn set_ink(c: &mut Ctx<'_>, left: u64) -> HostioResult<()> {
    let (ink, _) = meter(c)?;
    ink.set(&mut *c, Val::I64(left as i64))
        .map_err(|e| failure(e.to_string()))
}

pub(super) fn buy_ink(c: &mut Ctx<'_>, amount: u64) -> HostioResult<()> {
    let left = ink_ready(c)?;
    if left < amount {
        return Err(out_of_ink(c));
    }
    set_ink(c, left - amount)
}

pub(super) fn require_ink(c: &mut Ctx<'_>, amount: u64) -> HostioResult<()> {
    if ink_ready(c)? < amount {
        return Err(out_of_ink(c));
    }
    Ok(())
}

/// Ink left, without the out-of-ink check (for trace records).
pub(super) fn ink_now(c: &mut Ctx<'_>) -> u64 {
    match c.data().ink.map(|ink| ink.get(&mut *c)) {
        Some(Val::I64(left)) => left as u64,
        _ => 0,
    }
}

// ---- trace ----------------------------------------------------------------------------------

/// `true` when the call is traced.
pub(super) fn tracing(c: &Ctx<'_>) -> bool {
    c.data().tracer.is_some()
}

/// Notes the current hostio's inputs and outputs for its trace record (nothing when not
/// tracing).
pub(super) fn io(c: &mut Ctx<'_>, args: &[&[u8]], outs: &[&[u8]]) {
    if let Some(tracer) = &mut c.data_mut().tracer {
        tracer.note(args, outs);
    }
}

pub(super) fn price(c: &Ctx<'_>) -> u32 {
    c.data().params.ink_price
}

pub(super) fn gas_left(c: &mut Ctx<'_>) -> HostioResult<u64> {
    let p = price(c);
    Ok(ink_to_gas(ink_ready(c)?, p))
}

pub(super) fn buy_gas(c: &mut Ctx<'_>, gas: u64) -> HostioResult<()> {
    let p = price(c);
    buy_ink(c, gas_to_ink(gas, p))
}

pub(super) fn require_gas(c: &mut Ctx<'_>, gas: u64) -> HostioResult<()> {
    let p = price(c);
    require_ink(c, gas_to_ink(gas, p))
}

// ---- memory ---------------------------------------------------------------------------------

pub(super) fn memory(c: &Ctx<'_>) -> HostioResult<wasmtime::Memory> {
    c.data()
        .memory
        .ok_or_else(|| failure("memory not initialised"))
}

pub(super) fn read_slice(c: &mut Ctx<'_>, ptr: u32, len: u32) -> HostioResult<Vec<u8>> {
    let mem = memory(c)?;
    let data = mem.data(&*c);
    let start = ptr as usize;
    let end = start
        .checked_add(len as usize)
        .ok_or_else(|| failure("memory access out of bounds"))?;
    data.get(start..end)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| failure("memory access out of bounds"))
}

pub(super) fn read_fixed<const N: usize>(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<[u8; N]> {
    let bytes = read_slice(c, ptr, N as u32)?;
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes);
    Ok(out)
}

pub(super) fn read_b256(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<B256> {
    read_fixed::<32>(c, ptr).map(B256::from)
}

pub(super) fn read_u256(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<U256> {
    read_fixed::<32>(c, ptr).map(U256::from_be_bytes)
}

pub(super) fn read_address(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<Address> {
    read_fixed::<20>(c, ptr).map(Address::from)
}

pub(super) fn write_slice(c: &mut Ctx<'_>, ptr: u32, src: &[u8]) -> HostioResult<()> {
    let mem = memory(c)?;
    mem.write(&mut *c, ptr as usize, src)
        .map_err(|_| failure("memory access out of bounds"))
}

pub(super) fn write_u32(c: &mut Ctx<'_>, ptr: u32, value: u32) -> HostioResult<()> {
    write_slice(c, ptr, &value.to_le_bytes())
}

/// Nitro's `slice_with_runoff`: `data[start..end]` clipped to the data.
pub(super) fn slice_with_runoff(data: &[u8], start: u32, end: u32) -> &[u8] {
    let start = (start as usize).min(data.len());
    let end = (end as usize).clamp(start, data.len());
    &data[start..end]
}
