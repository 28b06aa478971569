//! The `vm_hooks` (and debug `console`) imports: each priced and behaving as Nitro's
//! `UserHost` and Go `EvmApi` closures do, with state access through [`Host`].

use alloy_primitives::{keccak256, Address, B256, U256};
use wasmtime::{Caller, Linker, Val};

use crate::exec::{Escape, Frame};
use crate::host::{CallKind, CreateKind, FrameStatus};
use crate::prices::{self, gas_to_ink, hostio as ink, ink_to_gas, EVM_API_INK};
use crate::validate::{CONSOLE, VM_HOOKS};

/// EIP-150 stipend a value-bearing call adds.
const CALL_STIPEND: u64 = 2300;
/// Gas of a call with value.
const CALL_VALUE_TRANSFER_GAS: u64 = 9000;
/// Gas of a call with value to an empty account.
const CALL_NEW_ACCOUNT_GAS: u64 = 25_000;
/// EIP-2929 warm access.
const WARM_ACCESS_GAS: u64 = 100;
/// EIP-2929 cold account access.
const COLD_ACCOUNT_GAS: u64 = 2600;
/// EIP-2929 cold slot load.
const COLD_SLOAD_GAS: u64 = 2100;
/// EIP-2200 sentry: SSTORE needs more gas than this.
const SSTORE_SENTRY_GAS: u64 = 2300;
/// EXTCODESIZE surcharge of loading code.
const EXTCODE_GAS: u64 = 700;
/// TLOAD/TSTORE gas.
const TRANSIENT_GAS: u64 = 100;
/// CREATE base gas.
const CREATE_GAS: u64 = 32_000;
/// Keccak gas per word (CREATE2 hashes the init code).
const KECCAK_WORD_GAS: u64 = 6;
/// Log gas per topic (and base).
const LOG_TOPIC_GAS: u64 = 375;
/// Log gas per data byte.
const LOG_DATA_GAS: u64 = 8;
/// Status a call hostio returns on any failure, revert included.
const CALL_FAILED: u32 = 2;

type Ctx<'a> = Caller<'a, Frame>;
type HostioResult<T> = Result<T, Escape>;

fn failure(msg: impl Into<String>) -> Escape {
    Escape::Failure(msg.into())
}

/// Runs a hostio body, turning an escape into a trap the executor recognises.
fn run<R>(
    mut caller: Ctx<'_>,
    body: impl FnOnce(&mut Ctx<'_>) -> HostioResult<R>,
) -> wasmtime::Result<R> {
    match body(&mut caller) {
        Ok(value) => Ok(value),
        Err(escape) => {
            caller.data_mut().escape = Some(escape);
            Err(wasmtime::Error::msg("stylus hostio escape"))
        }
    }
}

// ---- ink ------------------------------------------------------------------------------------

fn meter(c: &mut Ctx<'_>) -> HostioResult<(wasmtime::Global, wasmtime::Global)> {
    let frame = c.data();
    match (frame.ink, frame.status) {
        (Some(ink), Some(status)) => Ok((ink, status)),
        _ => Err(failure("ink meter not initialised")),
    }
}

fn out_of_ink(c: &mut Ctx<'_>) -> Escape {
    if let Ok((ink, status)) = meter(c) {
        // Both globals have these types by construction of the instrumentation.
        let _ = ink.set(&mut *c, Val::I64(0));
        let _ = status.set(&mut *c, Val::I32(1));
    }
    Escape::OutOfInk
}

fn ink_ready(c: &mut Ctx<'_>) -> HostioResult<u64> {
    let (ink, status) = meter(c)?;
    if !matches!(status.get(&mut *c), Val::I32(0)) {
        return Err(Escape::OutOfInk);
    }
    match ink.get(&mut *c) {
        Val::I64(left) => Ok(left as u64),
        _ => Err(failure("ink global has the wrong type")),
    }
}

fn set_ink(c: &mut Ctx<'_>, left: u64) -> HostioResult<()> {
    let (ink, _) = meter(c)?;
    ink.set(&mut *c, Val::I64(left as i64))
        .map_err(|e| failure(e.to_string()))
}

fn buy_ink(c: &mut Ctx<'_>, amount: u64) -> HostioResult<()> {
    let left = ink_ready(c)?;
    if left < amount {
        return Err(out_of_ink(c));
    }
    set_ink(c, left - amount)
}

fn require_ink(c: &mut Ctx<'_>, amount: u64) -> HostioResult<()> {
    if ink_ready(c)? < amount {
        return Err(out_of_ink(c));
    }
    Ok(())
}

fn price(c: &Ctx<'_>) -> u32 {
    c.data().params.ink_price
}

fn gas_left(c: &mut Ctx<'_>) -> HostioResult<u64> {
    let p = price(c);
    Ok(ink_to_gas(ink_ready(c)?, p))
}

fn buy_gas(c: &mut Ctx<'_>, gas: u64) -> HostioResult<()> {
    let p = price(c);
    buy_ink(c, gas_to_ink(gas, p))
}

fn require_gas(c: &mut Ctx<'_>, gas: u64) -> HostioResult<()> {
    let p = price(c);
    require_ink(c, gas_to_ink(gas, p))
}

// ---- memory ---------------------------------------------------------------------------------

fn memory(c: &Ctx<'_>) -> HostioResult<wasmtime::Memory> {
    c.data()
        .memory
        .ok_or_else(|| failure("memory not initialised"))
}

fn read_slice(c: &mut Ctx<'_>, ptr: u32, len: u32) -> HostioResult<Vec<u8>> {
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

fn read_fixed<const N: usize>(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<[u8; N]> {
    let bytes = read_slice(c, ptr, N as u32)?;
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes);
    Ok(out)
}

fn read_b256(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<B256> {
    read_fixed::<32>(c, ptr).map(B256::from)
}

fn read_u256(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<U256> {
    read_fixed::<32>(c, ptr).map(U256::from_be_bytes)
}

fn read_address(c: &mut Ctx<'_>, ptr: u32) -> HostioResult<Address> {
    read_fixed::<20>(c, ptr).map(Address::from)
}

fn write_slice(c: &mut Ctx<'_>, ptr: u32, src: &[u8]) -> HostioResult<()> {
    let mem = memory(c)?;
    mem.write(&mut *c, ptr as usize, src)
        .map_err(|_| failure("memory access out of bounds"))
}

fn write_u32(c: &mut Ctx<'_>, ptr: u32, value: u32) -> HostioResult<()> {
    write_slice(c, ptr, &value.to_le_bytes())
}

/// Nitro's `slice_with_runoff`: `data[start..end]` clipped to the data.
fn slice_with_runoff(data: &[u8], start: u32, end: u32) -> &[u8] {
    let start = (start as usize).min(data.len());
    let end = (end as usize).clamp(start, data.len());
    &data[start..end]
}

// ---- EVM helpers (the Go side of Nitro) -----------------------------------------------------

/// EIP-2929 account touch (`WasmAccountTouchCost`).
fn account_touch_cost(c: &mut Ctx<'_>, address: Address, with_code: bool) -> u64 {
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
fn call_base_cost(c: &mut Ctx<'_>, target: Address, value: U256, budget: u64) -> Option<u64> {
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
fn do_call(
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
    let start_gas = gas_left.saturating_sub(base) * 63 / 64;
    let mut gas = start_gas.min(gas_req);
    if !value.is_zero() {
        gas = gas.saturating_add(CALL_STIPEND);
    }
    let result = c.data_mut().host().call(kind, target, input, value, gas);
    let cost = base.saturating_add(gas.saturating_sub(result.gas_left));
    let status = match result.status {
        FrameStatus::Success => 0,
        FrameStatus::Revert | FrameStatus::Halt => CALL_FAILED,
    };
    (result.output, cost, status)
}

/// Nitro's `create`: returns (address, revert data, gas cost) or the failure message.
fn do_create(
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

/// Looks up code for `account_code`/`account_code_size`, reusing the last address's code as
/// Nitro's requestor does. Returns (code, gas cost).
fn load_code(c: &mut Ctx<'_>, address: Address, gas: u64) -> (Vec<u8>, u64) {
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

// ---- the hostios ----------------------------------------------------------------------------

fn call_hostio(
    c: &mut Ctx<'_>,
    kind: CallKind,
    contract: u32,
    data: u32,
    data_len: u32,
    value: Option<u32>,
    gas: u64,
    ret_len: u32,
) -> HostioResult<u32> {
    buy_ink(c, ink::CALL_CONTRACT)?;
    buy_ink(c, prices::read_price(data_len))?;
    buy_ink(c, prices::read_price(data_len))?;
    let gas_left = gas_left(c)?;
    let gas_req = gas.min(gas_left);
    let target = read_address(c, contract)?;
    let input = read_slice(c, data, data_len)?;
    let value = match value {
        Some(ptr) => read_u256(c, ptr)?,
        None => U256::ZERO,
    };
    let (output, cost, status) = do_call(c, kind, target, &input, gas_left, gas_req, value);
    buy_gas(c, cost)?;
    let len = output.len() as u32;
    c.data_mut().return_data = output;
    write_u32(c, ret_len, len)?;
    Ok(status)
}

fn create_hostio(
    c: &mut Ctx<'_>,
    base_ink: u64,
    code: u32,
    code_len: u32,
    endowment: u32,
    salt: Option<u32>,
    contract: u32,
    revert_len: u32,
) -> HostioResult<()> {
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
    write_slice(c, contract, address.as_slice())
}

fn flush(c: &mut Ctx<'_>, clear: bool) -> HostioResult<()> {
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

/// Defines every `vm_hooks` import (and the debug `console` ones) on `linker`.
pub(crate) fn link(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(VM_HOOKS, "read_args", |c: Ctx<'_>, ptr: u32| {
        run(c, |c| {
            buy_ink(c, ink::READ_ARGS)?;
            let args = std::mem::take(&mut c.data_mut().args);
            let result = buy_ink(c, prices::write_price(args.len() as u32))
                .and_then(|()| write_slice(c, ptr, &args));
            c.data_mut().args = args;
            result
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "write_result",
        |c: Ctx<'_>, ptr: u32, len: u32| {
            run(c, |c| {
                buy_ink(c, ink::WRITE_RESULT)?;
                buy_ink(c, prices::read_price(len))?;
                buy_ink(c, prices::read_price(len))?;
                let outs = read_slice(c, ptr, len)?;
                c.data_mut().outs = outs;
                Ok(())
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "exit_early", |c: Ctx<'_>, status: u32| {
        run(c, |_| Err::<(), _>(Escape::Exit(status)))
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "storage_load_bytes32",
        |c: Ctx<'_>, key: u32, dest: u32| {
            run(c, |c| {
                buy_ink(c, ink::STORAGE_LOAD)?;
                let api_gas = ink_to_gas(EVM_API_INK, price(c));
                require_gas(
                    c,
                    COLD_SLOAD_GAS + crate::cache::REQUIRED_ACCESS_GAS + api_gas,
                )?;
                let key = read_b256(c, key)?;
                let mut cost = c.data_mut().cache.read_gas();
                let value = match c.data().cache.get(&key) {
                    Some(value) => value,
                    None => {
                        let (value, gas) = c.data_mut().host().sload(key);
                        cost = cost.saturating_add(gas).saturating_add(api_gas);
                        c.data_mut().cache.insert_known(key, value);
                        value
                    }
                };
                buy_gas(c, cost)?;
                write_slice(c, dest, value.as_slice())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "storage_cache_bytes32",
        |c: Ctx<'_>, key: u32, value: u32| {
            run(c, |c| {
                buy_ink(c, ink::STORAGE_CACHE)?;
                require_gas(c, SSTORE_SENTRY_GAS + crate::cache::REQUIRED_ACCESS_GAS)?;
                let key = read_b256(c, key)?;
                let value = read_b256(c, value)?;
                let cost = c.data_mut().cache.write_gas();
                c.data_mut().cache.write(key, value);
                buy_gas(c, cost)
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "storage_flush_cache", |c: Ctx<'_>, clear: u32| {
        run(c, |c| flush(c, clear != 0))
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "transient_load_bytes32",
        |c: Ctx<'_>, key: u32, dest: u32| {
            run(c, |c| {
                buy_ink(c, ink::TRANSIENT_LOAD)?;
                buy_gas(c, TRANSIENT_GAS)?;
                let key = read_b256(c, key)?;
                let value = c.data_mut().host().tload(key);
                write_slice(c, dest, value.as_slice())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "transient_store_bytes32",
        |c: Ctx<'_>, key: u32, value: u32| {
            run(c, |c| {
                buy_ink(c, ink::TRANSIENT_STORE)?;
                buy_gas(c, TRANSIENT_GAS)?;
                let key = read_b256(c, key)?;
                let value = read_b256(c, value)?;
                if c.data().is_static {
                    return Err(failure("transient store in a static context"));
                }
                c.data_mut().host().tstore(key, value);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "call_contract",
        |c: Ctx<'_>, contract: u32, data: u32, len: u32, value: u32, gas: u64, ret: u32| {
            run(c, |c| {
                call_hostio(
                    c,
                    CallKind::Call,
                    contract,
                    data,
                    len,
                    Some(value),
                    gas,
                    ret,
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "delegate_call_contract",
        |c: Ctx<'_>, contract: u32, data: u32, len: u32, gas: u64, ret: u32| {
            run(c, |c| {
                call_hostio(
                    c,
                    CallKind::DelegateCall,
                    contract,
                    data,
                    len,
                    None,
                    gas,
                    ret,
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "static_call_contract",
        |c: Ctx<'_>, contract: u32, data: u32, len: u32, gas: u64, ret: u32| {
            run(c, |c| {
                call_hostio(c, CallKind::StaticCall, contract, data, len, None, gas, ret)
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "create1",
        |c: Ctx<'_>, code: u32, len: u32, endowment: u32, contract: u32, revert_len: u32| {
            run(c, |c| {
                create_hostio(
                    c,
                    ink::CREATE1,
                    code,
                    len,
                    endowment,
                    None,
                    contract,
                    revert_len,
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "create2",
        |c: Ctx<'_>,
         code: u32,
         len: u32,
         endowment: u32,
         salt: u32,
         contract: u32,
         revert_len: u32| {
            run(c, |c| {
                create_hostio(
                    c,
                    ink::CREATE2,
                    code,
                    len,
                    endowment,
                    Some(salt),
                    contract,
                    revert_len,
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "read_return_data",
        |c: Ctx<'_>, dest: u32, offset: u32, size: u32| {
            run(c, |c| {
                buy_ink(c, ink::READ_RETURN_DATA)?;
                let total = c.data().return_data.len() as u32;
                let max = total.saturating_sub(offset);
                buy_ink(c, prices::write_price(size.min(max)))?;
                if max == 0 {
                    return Ok(0);
                }
                let data = std::mem::take(&mut c.data_mut().return_data);
                let out = slice_with_runoff(&data, offset, offset.saturating_add(size));
                let len = out.len() as u32;
                let written = if len > 0 {
                    write_slice(c, dest, out)
                } else {
                    Ok(())
                };
                c.data_mut().return_data = data;
                written.map(|()| len)
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "return_data_size", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::RETURN_DATA_SIZE)?;
            Ok(c.data().return_data.len() as u32)
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "emit_log",
        |c: Ctx<'_>, data: u32, len: u32, topics: u32| {
            run(c, |c| {
                buy_ink(c, ink::EMIT_LOG)?;
                if topics > 4 || len < topics * 32 {
                    return Err(failure("bad topic data"));
                }
                buy_ink(c, prices::read_price(len))?;
                let data_len = u64::from(len - topics * 32);
                let gas = (1 + u64::from(topics)) * LOG_TOPIC_GAS + data_len * LOG_DATA_GAS;
                buy_gas(c, gas)?;
                let bytes = read_slice(c, data, len)?;
                if c.data().is_static {
                    return Err(failure("write protection"));
                }
                let split = topics as usize * 32;
                let topic_list: Vec<B256> = bytes[..split]
                    .chunks_exact(32)
                    .map(B256::from_slice)
                    .collect();
                c.data_mut().host().emit_log(&topic_list, &bytes[split..]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "account_balance",
        |c: Ctx<'_>, address: u32, dest: u32| {
            run(c, |c| {
                buy_ink(c, ink::ACCOUNT_BALANCE)?;
                require_gas(c, COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let cost = account_touch_cost(c, address, false);
                let balance = c.data_mut().host().balance(address);
                buy_gas(c, cost)?;
                write_slice(c, dest, &balance.to_be_bytes::<32>())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "account_code",
        |c: Ctx<'_>, address: u32, offset: u32, size: u32, dest: u32| {
            run(c, |c| {
                buy_ink(c, ink::ACCOUNT_CODE)?;
                require_gas(c, COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let gas = gas_left(c)?;
                let (code, cost) = load_code(c, address, gas);
                buy_gas(c, cost)?;
                buy_ink(c, prices::write_price(code.len() as u32))?;
                let out = slice_with_runoff(&code, offset, offset.saturating_add(size));
                write_slice(c, dest, out)?;
                Ok(out.len() as u32)
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "account_code_size", |c: Ctx<'_>, address: u32| {
        run(c, |c| {
            buy_ink(c, ink::ACCOUNT_CODE_SIZE)?;
            require_gas(c, COLD_ACCOUNT_GAS)?;
            let address = read_address(c, address)?;
            let gas = gas_left(c)?;
            let (code, cost) = load_code(c, address, gas);
            buy_gas(c, cost)?;
            Ok(code.len() as u32)
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "account_codehash",
        |c: Ctx<'_>, address: u32, dest: u32| {
            run(c, |c| {
                buy_ink(c, ink::ACCOUNT_CODE_HASH)?;
                require_gas(c, COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let cost = account_touch_cost(c, address, false);
                let hash = c.data_mut().host().codehash(address);
                buy_gas(c, cost)?;
                write_slice(c, dest, hash.as_slice())
            })
        },
    )?;
    link_context(linker)?;
    link_math(linker)?;
    link_console(linker)?;
    Ok(())
}

/// Block, transaction and message getters.
fn link_context(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(VM_HOOKS, "block_basefee", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::BLOCK_BASEFEE)?;
            let value = c.data().context.block_basefee.to_be_bytes::<32>();
            write_slice(c, dest, &value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_coinbase", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::BLOCK_COINBASE)?;
            let value = c.data().context.block_coinbase;
            write_slice(c, dest, value.as_slice())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_gas_limit", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::BLOCK_GAS_LIMIT)?;
            Ok(c.data().context.block_gas_limit)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_number", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::BLOCK_NUMBER)?;
            Ok(c.data().context.block_number)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_timestamp", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::BLOCK_TIMESTAMP)?;
            Ok(c.data().context.block_timestamp)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "chainid", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::CHAIN_ID)?;
            Ok(c.data().context.chain_id)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "contract_address", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::ADDRESS)?;
            let value = c.data().context.contract_address;
            write_slice(c, dest, value.as_slice())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "evm_gas_left", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::EVM_GAS_LEFT)?;
            gas_left(c)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "evm_ink_left", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::EVM_INK_LEFT)?;
            ink_ready(c)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "msg_reentrant", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::MSG_REENTRANT)?;
            Ok(u32::from(c.data().context.reentrant))
        })
    })?;
    linker.func_wrap(VM_HOOKS, "msg_sender", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::MSG_SENDER)?;
            let value = c.data().context.msg_sender;
            write_slice(c, dest, value.as_slice())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "msg_value", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::MSG_VALUE)?;
            let value = c.data().context.msg_value.to_be_bytes::<32>();
            write_slice(c, dest, &value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "tx_gas_price", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::TX_GAS_PRICE)?;
            let value = c.data().context.tx_gas_price.to_be_bytes::<32>();
            write_slice(c, dest, &value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "tx_ink_price", |c: Ctx<'_>| {
        run(c, |c| {
            buy_ink(c, ink::TX_INK_PRICE)?;
            Ok(price(c))
        })
    })?;
    linker.func_wrap(VM_HOOKS, "tx_origin", |c: Ctx<'_>, dest: u32| {
        run(c, |c| {
            buy_ink(c, ink::TX_ORIGIN)?;
            let value = c.data().context.tx_origin;
            write_slice(c, dest, value.as_slice())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "pay_for_memory_grow", |c: Ctx<'_>, pages: u32| {
        run(c, |c| {
            // Nitro's import takes a u16: the upper bits of the i32 are ignored.
            let pages = pages as u16;
            if pages == 0 {
                return buy_ink(c, ink::PAY_FOR_MEMORY_GROW);
            }
            let model = c.data().params.memory_model();
            let before = c.data_mut().host().add_pages(pages);
            let gas = model.gas_cost(pages, before.open, before.ever);
            buy_gas(c, gas)
        })
    })?;
    Ok(())
}

/// 256-bit math and keccak.
fn link_math(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(
        VM_HOOKS,
        "math_div",
        |c: Ctx<'_>, value: u32, divisor: u32| {
            run(c, |c| {
                buy_ink(c, ink::MATH_DIV)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, divisor)?;
                let result = a.checked_div(b).unwrap_or_default();
                write_slice(c, value, &result.to_be_bytes::<32>())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_mod",
        |c: Ctx<'_>, value: u32, modulus: u32| {
            run(c, |c| {
                buy_ink(c, ink::MATH_MOD)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, modulus)?;
                let result = a.checked_rem(b).unwrap_or_default();
                write_slice(c, value, &result.to_be_bytes::<32>())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_pow",
        |c: Ctx<'_>, value: u32, exponent: u32| {
            run(c, |c| {
                buy_ink(c, ink::MATH_POW)?;
                let a = read_u256(c, value)?;
                let exp = read_fixed::<32>(c, exponent)?;
                buy_ink(c, prices::pow_price(&exp))?;
                let result = a.wrapping_pow(U256::from_be_bytes(exp));
                write_slice(c, value, &result.to_be_bytes::<32>())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_add_mod",
        |c: Ctx<'_>, value: u32, addend: u32, modulus: u32| {
            run(c, |c| {
                buy_ink(c, ink::MATH_ADD_MOD)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, addend)?;
                let m = read_u256(c, modulus)?;
                let result = a.add_mod(b, m);
                write_slice(c, value, &result.to_be_bytes::<32>())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_mul_mod",
        |c: Ctx<'_>, value: u32, multiplier: u32, modulus: u32| {
            run(c, |c| {
                buy_ink(c, ink::MATH_MUL_MOD)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, multiplier)?;
                let m = read_u256(c, modulus)?;
                let result = a.mul_mod(b, m);
                write_slice(c, value, &result.to_be_bytes::<32>())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "native_keccak256",
        |c: Ctx<'_>, input: u32, len: u32, output: u32| {
            run(c, |c| {
                buy_ink(c, prices::keccak_price(len))?;
                let preimage = read_slice(c, input, len)?;
                let digest = keccak256(&preimage);
                write_slice(c, output, digest.as_slice())
            })
        },
    )?;
    Ok(())
}

/// The debug chain's `console` module: messages go to [`crate::Host::console_log`].
fn link_console(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(CONSOLE, "log_txt", |c: Ctx<'_>, ptr: u32, len: u32| {
        run(c, |c| {
            let text = read_slice(c, ptr, len)?;
            let text = String::from_utf8_lossy(&text).into_owned();
            c.data_mut().host().console_log(&text);
            Ok(())
        })
    })?;
    linker.func_wrap(CONSOLE, "log_i32", |mut c: Ctx<'_>, v: u32| {
        c.data_mut().host().console_log(&v.to_string());
    })?;
    linker.func_wrap(CONSOLE, "log_i64", |mut c: Ctx<'_>, v: u64| {
        c.data_mut().host().console_log(&v.to_string());
    })?;
    linker.func_wrap(CONSOLE, "log_f32", |mut c: Ctx<'_>, v: f32| {
        c.data_mut().host().console_log(&v.to_string());
    })?;
    linker.func_wrap(CONSOLE, "log_f64", |mut c: Ctx<'_>, v: f64| {
        c.data_mut().host().console_log(&v.to_string());
    })?;
    linker.func_wrap(CONSOLE, "tee_i32", |mut c: Ctx<'_>, v: u32| {
        c.data_mut().host().console_log(&v.to_string());
        v
    })?;
    linker.func_wrap(CONSOLE, "tee_i64", |mut c: Ctx<'_>, v: u64| {
        c.data_mut().host().console_log(&v.to_string());
        v
    })?;
    linker.func_wrap(CONSOLE, "tee_f32", |mut c: Ctx<'_>, v: f32| {
        c.data_mut().host().console_log(&v.to_string());
        v
    })?;
    linker.func_wrap(CONSOLE, "tee_f64", |mut c: Ctx<'_>, v: f64| {
        c.data_mut().host().console_log(&v.to_string());
        v
    })?;
    Ok(())
}
