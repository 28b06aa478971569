//! The `vm_hooks` (and debug `console`) imports: each priced and behaving as Nitro's
//! `UserHost` and Go `EvmApi` closures do, with state access through [`crate::Host`].

mod env;
mod evm;
mod getters;

use getters::{link_console, link_context, link_math};

use alloy_primitives::B256;
use wasmtime::Linker;

use crate::exec::{Escape, Frame};
use crate::host::CallKind;
use crate::prices::{self, hostio as ink, ink_to_gas, EVM_API_INK};
use crate::validate::VM_HOOKS;
use env::{
    buy_gas, buy_ink, failure, gas_left, ink_now, io, price, read_address, read_b256, read_slice,
    require_gas, slice_with_runoff, tracing, write_slice, Ctx, HostioResult,
};
use evm::{
    account_touch_cost, call_hostio, create_hostio, flush, load_code, CallArgs, CreateArgs,
    COLD_ACCOUNT_GAS, COLD_SLOAD_GAS, LOG_DATA_GAS, LOG_TOPIC_GAS, SSTORE_SENTRY_GAS,
    TRANSIENT_GAS,
};

/// Runs the body of the hostio `name` (Nitro's name), turning an escape into a trap the
/// executor recognises. When the call is traced, a body that completes (or exits early) leaves
/// a record with the ink before and after it.
pub(super) fn run<R>(
    mut caller: Ctx<'_>,
    name: &'static str,
    body: impl FnOnce(&mut Ctx<'_>) -> HostioResult<R>,
) -> wasmtime::Result<R> {
    let start_ink = tracing(&caller).then(|| ink_now(&mut caller));
    let result = body(&mut caller);
    if let Some(start_ink) = start_ink {
        close_record(&mut caller, name, start_ink, &result);
    }
    match result {
        Ok(value) => Ok(value),
        Err(escape) => {
            caller.data_mut().escape = Some(escape);
            Err(wasmtime::Error::msg("stylus hostio escape"))
        }
    }
}

/// Ends the trace record of the hostio `name`: kept when it completed or exited early, dropped
/// when it failed (as Nitro, which traces only at the end of a hostio).
fn close_record<R>(c: &mut Ctx<'_>, name: &'static str, start_ink: u64, result: &HostioResult<R>) {
    let end_ink = ink_now(c);
    let Some(tracer) = &mut c.data_mut().tracer else {
        return;
    };
    match result {
        Ok(_) | Err(Escape::Exit(_)) => tracer.record(name, start_ink, end_ink),
        Err(_) => tracer.abandon(),
    }
}

/// Defines every `vm_hooks` import (and the debug `console` ones) on `linker`.
pub(crate) fn link(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(VM_HOOKS, "read_args", |c: Ctx<'_>, ptr: u32| {
        run(c, "read_args", |c| {
            buy_ink(c, ink::READ_ARGS)?;
            let args = std::mem::take(&mut c.data_mut().args);
            let result = buy_ink(c, prices::write_price(args.len() as u32))
                .and_then(|()| write_slice(c, ptr, &args));
            io(c, &[], &[&args]);
            c.data_mut().args = args;
            result
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "write_result",
        |c: Ctx<'_>, ptr: u32, len: u32| {
            run(c, "write_result", |c| {
                buy_ink(c, ink::WRITE_RESULT)?;
                buy_ink(c, prices::read_price(len))?;
                buy_ink(c, prices::read_price(len))?;
                let outs = read_slice(c, ptr, len)?;
                io(c, &[&outs], &[]);
                c.data_mut().outs = outs;
                Ok(())
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "exit_early", |c: Ctx<'_>, status: u32| {
        run(c, "exit_early", |c| {
            io(c, &[&status.to_be_bytes()], &[]);
            Err::<(), _>(Escape::Exit(status))
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "storage_load_bytes32",
        |c: Ctx<'_>, key: u32, dest: u32| {
            run(c, "storage_load_bytes32", |c| {
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
                write_slice(c, dest, value.as_slice())?;
                io(c, &[key.as_slice()], &[value.as_slice()]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "storage_cache_bytes32",
        |c: Ctx<'_>, key: u32, value: u32| {
            run(c, "storage_cache_bytes32", |c| {
                buy_ink(c, ink::STORAGE_CACHE)?;
                require_gas(c, SSTORE_SENTRY_GAS + crate::cache::REQUIRED_ACCESS_GAS)?;
                let key = read_b256(c, key)?;
                let value = read_b256(c, value)?;
                io(c, &[key.as_slice(), value.as_slice()], &[]);
                let cost = c.data_mut().cache.write_gas();
                c.data_mut().cache.write(key, value);
                buy_gas(c, cost)
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "storage_flush_cache", |c: Ctx<'_>, clear: u32| {
        run(c, "storage_flush_cache", |c| {
            io(c, &[&[u8::from(clear != 0)]], &[]);
            flush(c, clear != 0)
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "transient_load_bytes32",
        |c: Ctx<'_>, key: u32, dest: u32| {
            run(c, "transient_load_bytes32", |c| {
                buy_ink(c, ink::TRANSIENT_LOAD)?;
                buy_gas(c, TRANSIENT_GAS)?;
                let key = read_b256(c, key)?;
                let value = c.data_mut().host().tload(key);
                write_slice(c, dest, value.as_slice())?;
                io(c, &[key.as_slice()], &[value.as_slice()]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "transient_store_bytes32",
        |c: Ctx<'_>, key: u32, value: u32| {
            run(c, "transient_store_bytes32", |c| {
                buy_ink(c, ink::TRANSIENT_STORE)?;
                buy_gas(c, TRANSIENT_GAS)?;
                let key = read_b256(c, key)?;
                let value = read_b256(c, value)?;
                if c.data().is_static {
                    return Err(failure("transient store in a static context"));
                }
                io(c, &[key.as_slice(), value.as_slice()], &[]);
                c.data_mut().host().tstore(key, value);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "call_contract",
        |c: Ctx<'_>, contract: u32, data: u32, len: u32, value: u32, gas: u64, ret: u32| {
            run(c, "call_contract", |c| {
                call_hostio(
                    c,
                    CallArgs {
                        kind: CallKind::Call,
                        contract,
                        data,
                        data_len: len,
                        value: Some(value),
                        gas,
                        ret_len: ret,
                    },
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "delegate_call_contract",
        |c: Ctx<'_>, contract: u32, data: u32, len: u32, gas: u64, ret: u32| {
            run(c, "delegate_call_contract", |c| {
                call_hostio(
                    c,
                    CallArgs {
                        kind: CallKind::DelegateCall,
                        contract,
                        data,
                        data_len: len,
                        value: None,
                        gas,
                        ret_len: ret,
                    },
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "static_call_contract",
        |c: Ctx<'_>, contract: u32, data: u32, len: u32, gas: u64, ret: u32| {
            run(c, "static_call_contract", |c| {
                call_hostio(
                    c,
                    CallArgs {
                        kind: CallKind::StaticCall,
                        contract,
                        data,
                        data_len: len,
                        value: None,
                        gas,
                        ret_len: ret,
                    },
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "create1",
        |c: Ctx<'_>, code: u32, len: u32, endowment: u32, contract: u32, revert_len: u32| {
            run(c, "create1", |c| {
                create_hostio(
                    c,
                    CreateArgs {
                        code,
                        code_len: len,
                        endowment,
                        salt: None,
                        contract,
                        revert_len,
                    },
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
            run(c, "create2", |c| {
                let salt = Some(salt);
                create_hostio(
                    c,
                    CreateArgs {
                        code,
                        code_len: len,
                        endowment,
                        salt,
                        contract,
                        revert_len,
                    },
                )
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "read_return_data",
        |c: Ctx<'_>, dest: u32, offset: u32, size: u32| {
            run(c, "read_return_data", |c| {
                buy_ink(c, ink::READ_RETURN_DATA)?;
                io(c, &[&offset.to_be_bytes(), &size.to_be_bytes()], &[]);
                let total = c.data().return_data.len() as u32;
                let max = total.saturating_sub(offset);
                buy_ink(c, prices::write_price(size.min(max)))?;
                if max == 0 {
                    return Ok(0);
                }
                let data = std::mem::take(&mut c.data_mut().return_data);
                let out = slice_with_runoff(&data, offset, offset.saturating_add(size));
                let len = out.len() as u32;
                io(c, &[], &[out]);
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
        run(c, "return_data_size", |c| {
            buy_ink(c, ink::RETURN_DATA_SIZE)?;
            let len = c.data().return_data.len() as u32;
            io(c, &[], &[&len.to_be_bytes()]);
            Ok(len)
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "emit_log",
        |c: Ctx<'_>, data: u32, len: u32, topics: u32| {
            run(c, "emit_log", |c| {
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
                io(c, &[&topics.to_be_bytes(), &bytes], &[]);
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
            run(c, "account_balance", |c| {
                buy_ink(c, ink::ACCOUNT_BALANCE)?;
                require_gas(c, COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let cost = account_touch_cost(c, address, false);
                let balance = c.data_mut().host().balance(address);
                buy_gas(c, cost)?;
                let balance = balance.to_be_bytes::<32>();
                write_slice(c, dest, &balance)?;
                io(c, &[address.as_slice()], &[&balance]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "account_code",
        |c: Ctx<'_>, address: u32, offset: u32, size: u32, dest: u32| {
            run(c, "account_code", |c| {
                buy_ink(c, ink::ACCOUNT_CODE)?;
                require_gas(c, COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let gas = gas_left(c)?;
                let (code, cost) = load_code(c, address, gas);
                buy_gas(c, cost)?;
                buy_ink(c, prices::write_price(code.len() as u32))?;
                let out = slice_with_runoff(&code, offset, offset.saturating_add(size));
                write_slice(c, dest, out)?;
                let window = [offset.to_be_bytes(), size.to_be_bytes()];
                io(c, &[address.as_slice(), &window[0], &window[1]], &[out]);
                Ok(out.len() as u32)
            })
        },
    )?;
    linker.func_wrap(VM_HOOKS, "account_code_size", |c: Ctx<'_>, address: u32| {
        run(c, "account_code_size", |c| {
            buy_ink(c, ink::ACCOUNT_CODE_SIZE)?;
            require_gas(c, COLD_ACCOUNT_GAS)?;
            let address = read_address(c, address)?;
            let gas = gas_left(c)?;
            let (code, cost) = load_code(c, address, gas);
            buy_gas(c, cost)?;
            let len = code.len() as u32;
            io(c, &[address.as_slice()], &[&len.to_be_bytes()]);
            Ok(len)
        })
    })?;
    linker.func_wrap(
        VM_HOOKS,
        "account_codehash",
        |c: Ctx<'_>, address: u32, dest: u32| {
            run(c, "account_codehash", |c| {
                buy_ink(c, ink::ACCOUNT_CODE_HASH)?;
                require_gas(c, COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let cost = account_touch_cost(c, address, false);
                let hash = c.data_mut().host().codehash(address);
                buy_gas(c, cost)?;
                write_slice(c, dest, hash.as_slice())?;
                io(c, &[address.as_slice()], &[hash.as_slice()]);
                Ok(())
            })
        },
    )?;
    link_context(linker)?;
    link_math(linker)?;
    link_console(linker)?;
    Ok(())
}
