//! The EVM-side logic Nitro runs in Go (`api.go`): call and create pricing, the 63/64 rule,
//! storage flushes and code lookups, on top of [`crate::Host`].

use alloy_primitives::{Address, U256};

use super::env::{
    buy_gas, buy_ink, failure, gas_left, io, read_address, read_b256, read_slice, read_u256,
    require_gas, tracing, write_slice, write_u32, Ctx, HostioResult,
};
use crate::exec::Escape;
use crate::host::{CallKind, CreateKind, FrameStatus};
use crate::prices::{self, hostio as ink};

/// EIP-150 stipend a value-bearing call adds.
pub(super) const CALL_STIPEND: u64 = 2300;
/// Gas of a call with value.
pub(super) const CALL_VALUE_TRANSFER_GAS: u64 = 9000;
/// Gas of a call with value to an empty account.
pub(super) const CALL_NEW_ACCOUNT_GAS: u64 = 25_000;
/// EIP-2929 warm access.
pub(super) const WARM_ACCESS_GAS: u64 = 100;
/// EIP-2929 cold account access.
pub(super) const COLD_ACCOUNT_GAS: u64 = 2600;
/// EIP-2929 cold slot load.
pub(super) const COLD_SLOAD_GAS: u64 = 2100;
/// EIP-2200 sentry: SSTORE needs more gas than this.
pub(super) const SSTORE_SENTRY_GAS: u64 = 2300;
/// EXTCODESIZE surcharge of loading code.
pub(super) const EXTCODE_GAS: u64 = 700;
/// TLOAD/TSTORE gas.
pub(super) const TRANSIENT_GAS: u64 = 100;
/// CREATE base gas.
pub(super) const CREATE_GAS: u64 = 32_000;
/// Keccak gas per word (CREATE2 hashes the init code).
pub(super) const KECCAK_WORD_GAS: u64 = 6;
/// Log gas per topic (and base).
pub(super) const LOG_TOPIC_GAS: u64 = 375;
/// Log gas per data byte.
pub(super) const LOG_DATA_GAS: u64 = 8;
/// Status a call hostio returns on any failure, revert included.
pub(super) const CALL_FAILED: u32 = 2;

/// EIP-2929 account touch (`WasmAccountTouchCost`).
pub(super) fn account_touch_cost(c: &mut Ctx<'_>, address: Address, with_code: bool) -> u64 {
    let extra = if with_code { EXTCODE_GAS } else { 0 };
    let cold = c.data_mut().host().access_account(address);
    extra
        + if cold {
            COLD_ACCOUNT_GAS
        } else {
            WARM_ACCESS_GAS
        }
}

/// `WasmCallCost`: warm access, cold surcharge, new-account and value-transfer gas, failing as
/// soon as the running total exceeds `budget`.
pub(super) fn call_base_cost(
    c: &mut Ctx<'_>,
    target: Address,
    value: U256,
    budget: u64,
) -> Option<u64> {
    let mut total = WARM_ACCESS_GAS;
    if total > budget {
        return None;
    }
    if c.data_mut().host().access_account(target) {
        total += COLD_ACCOUNT_GAS - WARM_ACCESS_GAS;
        if total > budget {
            return None;
        }
    }
    if !value.is_zero() {
        if c.data_mut().host().is_empty(target) {
            total += CALL_NEW_ACCOUNT_GAS;
            if total > budget {
                return None;
            }
        }
        total += CALL_VALUE_TRANSFER_GAS;
        if total > budget {
            return None;
        }
    }
    Some(total)
}

/// Nitro's `doCall`: returns (return data, gas cost, status).
pub(super) fn do_call(
    c: &mut Ctx<'_>,
    kind: CallKind,
    target: Address,
    input: &[u8],
    gas_left: u64,
    gas_req: u64,
    value: U256,
) -> (Vec<u8>, u64, u32) {
    if c.data().is_static && !value.is_zero() {
        return (Vec::new(), 0, CALL_FAILED);
    }
    let Some(base) = call_base_cost(c, target, value, gas_left) else {
        return (Vec::new(), gas_left, CALL_FAILED);
    };
    // In u128: with a tiny ink price `gas_left` can be close to u64::MAX.
    let start_gas = (u128::from(gas_left.saturating_sub(base)) * 63 / 64) as u64;
    let mut gas = start_gas.min(gas_req);
    if !value.is_zero() {
        gas = gas.saturating_add(CALL_STIPEND);
    }
    let result = c.data_mut().host().call(kind, target, input, value, gas);
    keep_nested_trace(c);
    let cost = base.saturating_add(gas.saturating_sub(result.gas_left));
    let status = match result.status {
        FrameStatus::Success => 0,
        FrameStatus::Revert | FrameStatus::Halt => CALL_FAILED,
    };
    (result.output, cost, status)
}

/// Nitro's `create`: returns (address, revert data, gas cost) or the failure message.
pub(super) fn do_create(
    c: &mut Ctx<'_>,
    kind: CreateKind,
    code: &[u8],
    endowment: U256,
    start_gas: u64,
) -> Result<(Address, Vec<u8>, u64), String> {
    if c.data().is_static {
        return Err("write protection".into());
    }
    let mut base = CREATE_GAS;
    if let CreateKind::Create2 { .. } = kind {
        let words = (code.len() as u64).div_ceil(32);
        base = base.saturating_add(KECCAK_WORD_GAS.saturating_mul(words));
    }
    if start_gas < base {
        return Err("out of gas".into());
    }
    let mut gas = start_gas - base;
    let one_64th = gas / 64;
    gas -= one_64th;
    let result = c.data_mut().host().create(kind, code, endowment, gas);
    keep_nested_trace(c);
    let address = match result.status {
        FrameStatus::Success => result.address.unwrap_or(Address::ZERO),
        _ => Address::ZERO,
    };
    let output = match result.status {
        FrameStatus::Revert => result.output,
        _ => Vec::new(),
    };
    let cost = start_gas.saturating_sub(result.gas_left.saturating_add(one_64th));
    Ok((address, output, cost))
}

/// When the call is traced, keeps the host's record of the frame it just ran for the current
/// hostio's record.
fn keep_nested_trace(c: &mut Ctx<'_>) {
    if !tracing(c) {
        return;
    }
    if let Some(marker) = c.data_mut().host().take_trace() {
        if let Some(tracer) = &mut c.data_mut().tracer {
            tracer.nested(marker);
        }
    }
}

/// Looks up code for `account_code`/`account_code_size`, reusing the last address's code as
/// Nitro's requestor does. Returns (code, gas cost).
pub(super) fn load_code(c: &mut Ctx<'_>, address: Address, gas: u64) -> (Vec<u8>, u64) {
    if let Some((last, code)) = &c.data().last_code {
        if *last == address {
            return (code.clone(), 0);
        }
    }
    let cost = account_touch_cost(c, address, true);
    if gas < cost {
        return (Vec::new(), cost);
    }
    let code = c.data_mut().host().code(address);
    if !code.is_empty() {
        c.data_mut().last_code = Some((address, code.clone()));
    }
    (code, cost)
}
/// Guest pointers and values of a `*call_contract` hostio.
pub(super) struct CallArgs {
    /// Which call.
    pub kind: CallKind,
    /// Pointer to the 20-byte target address.
    pub contract: u32,
    /// Pointer to the calldata.
    pub data: u32,
    /// Calldata length.
    pub data_len: u32,
    /// Pointer to the 32-byte value (`call_contract` only).
    pub value: Option<u32>,
    /// Gas the program asks to pass on.
    pub gas: u64,
    /// Where to write the return-data length.
    pub ret_len: u32,
}

/// `call_contract`, `delegate_call_contract`, `static_call_contract`.
pub(super) fn call_hostio(c: &mut Ctx<'_>, args: CallArgs) -> HostioResult<u32> {
    let CallArgs {
        kind,
        contract,
        data,
        data_len,
        value,
        gas,
        ret_len,
    } = args;
    buy_ink(c, ink::CALL_CONTRACT)?;
    buy_ink(c, prices::read_price(data_len))?;
    buy_ink(c, prices::read_price(data_len))?;
    let gas_left = gas_left(c)?;
    let gas_req = gas.min(gas_left);
    let target = read_address(c, contract)?;
    let input = read_slice(c, data, data_len)?;
    let has_value = value.is_some();
    let value = match value {
        Some(ptr) => read_u256(c, ptr)?,
        None => U256::ZERO,
    };
    let (output, cost, status) = do_call(c, kind, target, &input, gas_left, gas_req, value);
    buy_gas(c, cost)?;
    let len = output.len() as u32;
    c.data_mut().return_data = output;
    write_u32(c, ret_len, len)?;
    if tracing(c) {
        // Nitro traces the value of `call_contract` only.
        let value = value.to_be_bytes::<32>();
        let value: &[u8] = if has_value { &value } else { &[] };
        let args: [&[u8]; 4] = [target.as_slice(), &gas.to_be_bytes(), value, &input];
        io(c, &args, &[&len.to_be_bytes(), &[status as u8]]);
    }
    Ok(status)
}

/// Guest pointers of a `create1`/`create2` hostio.
pub(super) struct CreateArgs {
    /// Pointer to the init code.
    pub code: u32,
    /// Init code length.
    pub code_len: u32,
    /// Pointer to the 32-byte endowment.
    pub endowment: u32,
    /// Pointer to the 32-byte salt (`create2` only).
    pub salt: Option<u32>,
    /// Where to write the new address.
    pub contract: u32,
    /// Where to write the revert-data length.
    pub revert_len: u32,
}

/// `create1` and `create2`.
pub(super) fn create_hostio(c: &mut Ctx<'_>, args: CreateArgs) -> HostioResult<()> {
    let CreateArgs {
        code,
        code_len,
        endowment,
        salt,
        contract,
        revert_len,
    } = args;
    let base_ink = if salt.is_some() {
        ink::CREATE2
    } else {
        ink::CREATE1
    };
    buy_ink(c, base_ink)?;
    buy_ink(c, prices::read_price(code_len))?;
    buy_ink(c, prices::read_price(code_len))?;
    let code = read_slice(c, code, code_len)?;
    let endowment = read_u256(c, endowment)?;
    let kind = match salt {
        Some(ptr) => CreateKind::Create2 {
            salt: read_b256(c, ptr)?,
        },
        None => CreateKind::Create,
    };
    let gas = gas_left(c)?;
    let (address, output, cost) = do_create(c, kind, &code, endowment, gas).map_err(failure)?;
    buy_gas(c, cost)?;
    let len = output.len() as u32;
    c.data_mut().return_data = output;
    write_u32(c, revert_len, len)?;
    write_slice(c, contract, address.as_slice())?;
    if tracing(c) {
        let salt: &[u8] = match &kind {
            CreateKind::Create2 { salt } => salt.as_slice(),
            CreateKind::Create => &[],
        };
        let endowment = endowment.to_be_bytes::<32>();
        let args: [&[u8]; 3] = [&endowment, salt, &code];
        io(c, &args, &[address.as_slice(), &len.to_be_bytes()]);
    }
    Ok(())
}

/// `storage_flush_cache`: the dirty slots become SSTOREs priced by the host, as
/// `setTrieSlots` does.
pub(super) fn flush(c: &mut Ctx<'_>, clear: bool) -> HostioResult<()> {
    buy_ink(c, ink::STORAGE_FLUSH)?;
    require_gas(c, SSTORE_SENTRY_GAS)?;
    let budget = gas_left(c)?.saturating_add(1);
    let dirty = c.data_mut().cache.take_dirty(clear);
    if dirty.is_empty() {
        return Ok(());
    }
    if c.data().is_static {
        return Err(failure(
            "storage flush in a static context (write protection)",
        ));
    }
    let mut left = budget;
    let mut out_of_gas = false;
    for (key, value) in dirty {
        let cost = c.data_mut().host().sstore(key, value);
        if cost > left {
            left = 0;
            out_of_gas = true;
            break;
        }
        left -= cost;
    }
    buy_gas(c, budget - left)?;
    if out_of_gas || left == 0 {
        return Err(Escape::OutOfInk);
    }
    Ok(())
}
