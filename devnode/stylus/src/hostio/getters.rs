//! Hostios that read the frame's context, do 256-bit math, hash, pay for memory, and the
//! debug `console`.

use alloy_primitives::{keccak256, U256};
use wasmtime::Linker;

use super::env::{
    buy_gas, buy_ink, gas_left, ink_now, ink_ready, io, price, read_fixed, read_slice, read_u256,
    tracing, write_slice, Ctx,
};
use super::run;
use crate::exec::Frame;
use crate::prices::{self, hostio as ink};
use crate::validate::{CONSOLE, VM_HOOKS};

/// Block, transaction and message getters.
pub(super) fn link_context(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(VM_HOOKS, "block_basefee", |c: Ctx<'_>, dest: u32| {
        run(c, "block_basefee", |c| {
            buy_ink(c, ink::BLOCK_BASEFEE)?;
            let value = c.data().context.block_basefee.to_be_bytes::<32>();
            write_slice(c, dest, &value)?;
            io(c, &[], &[&value]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_coinbase", |c: Ctx<'_>, dest: u32| {
        run(c, "block_coinbase", |c| {
            buy_ink(c, ink::BLOCK_COINBASE)?;
            let value = c.data().context.block_coinbase;
            write_slice(c, dest, value.as_slice())?;
            io(c, &[], &[value.as_slice()]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_gas_limit", |c: Ctx<'_>| {
        run(c, "block_gas_limit", |c| {
            buy_ink(c, ink::BLOCK_GAS_LIMIT)?;
            let value = c.data().context.block_gas_limit;
            io(c, &[], &[&value.to_be_bytes()]);
            Ok(value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_number", |c: Ctx<'_>| {
        run(c, "block_number", |c| {
            buy_ink(c, ink::BLOCK_NUMBER)?;
            let value = c.data().context.block_number;
            io(c, &[], &[&value.to_be_bytes()]);
            Ok(value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "block_timestamp", |c: Ctx<'_>| {
        run(c, "block_timestamp", |c| {
            buy_ink(c, ink::BLOCK_TIMESTAMP)?;
            let value = c.data().context.block_timestamp;
            io(c, &[], &[&value.to_be_bytes()]);
            Ok(value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "chainid", |c: Ctx<'_>| {
        run(c, "chainid", |c| {
            buy_ink(c, ink::CHAIN_ID)?;
            let value = c.data().context.chain_id;
            io(c, &[], &[&value.to_be_bytes()]);
            Ok(value)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "contract_address", |c: Ctx<'_>, dest: u32| {
        run(c, "contract_address", |c| {
            buy_ink(c, ink::ADDRESS)?;
            let value = c.data().context.contract_address;
            write_slice(c, dest, value.as_slice())?;
            io(c, &[], &[value.as_slice()]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "evm_gas_left", |c: Ctx<'_>| {
        run(c, "evm_gas_left", |c| {
            buy_ink(c, ink::EVM_GAS_LEFT)?;
            let gas = gas_left(c)?;
            io(c, &[], &[&gas.to_be_bytes()]);
            Ok(gas)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "evm_ink_left", |c: Ctx<'_>| {
        run(c, "evm_ink_left", |c| {
            buy_ink(c, ink::EVM_INK_LEFT)?;
            let ink = ink_ready(c)?;
            io(c, &[], &[&ink.to_be_bytes()]);
            Ok(ink)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "msg_reentrant", |c: Ctx<'_>| {
        run(c, "msg_reentrant", |c| {
            buy_ink(c, ink::MSG_REENTRANT)?;
            let reentrant = u32::from(c.data().context.reentrant);
            io(c, &[], &[&reentrant.to_be_bytes()]);
            Ok(reentrant)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "msg_sender", |c: Ctx<'_>, dest: u32| {
        run(c, "msg_sender", |c| {
            buy_ink(c, ink::MSG_SENDER)?;
            let value = c.data().context.msg_sender;
            write_slice(c, dest, value.as_slice())?;
            io(c, &[], &[value.as_slice()]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "msg_value", |c: Ctx<'_>, dest: u32| {
        run(c, "msg_value", |c| {
            buy_ink(c, ink::MSG_VALUE)?;
            let value = c.data().context.msg_value.to_be_bytes::<32>();
            write_slice(c, dest, &value)?;
            io(c, &[], &[&value]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "tx_gas_price", |c: Ctx<'_>, dest: u32| {
        run(c, "tx_gas_price", |c| {
            buy_ink(c, ink::TX_GAS_PRICE)?;
            let value = c.data().context.tx_gas_price.to_be_bytes::<32>();
            write_slice(c, dest, &value)?;
            io(c, &[], &[&value]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "tx_ink_price", |c: Ctx<'_>| {
        run(c, "tx_ink_price", |c| {
            buy_ink(c, ink::TX_INK_PRICE)?;
            let ink_price = price(c);
            io(c, &[], &[&ink_price.to_be_bytes()]);
            Ok(ink_price)
        })
    })?;
    linker.func_wrap(VM_HOOKS, "tx_origin", |c: Ctx<'_>, dest: u32| {
        run(c, "tx_origin", |c| {
            buy_ink(c, ink::TX_ORIGIN)?;
            let value = c.data().context.tx_origin;
            write_slice(c, dest, value.as_slice())?;
            io(c, &[], &[value.as_slice()]);
            Ok(())
        })
    })?;
    linker.func_wrap(VM_HOOKS, "pay_for_memory_grow", |c: Ctx<'_>, pages: u32| {
        run(c, "pay_for_memory_grow", |c| {
            // Nitro's import takes a u16: the upper bits of the i32 are ignored.
            let pages = pages as u16;
            io(c, &[&pages.to_be_bytes()], &[]);
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
pub(super) fn link_math(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(
        VM_HOOKS,
        "math_div",
        |c: Ctx<'_>, value: u32, divisor: u32| {
            run(c, "math_div", |c| {
                buy_ink(c, ink::MATH_DIV)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, divisor)?;
                let result = a.checked_div(b).unwrap_or_default().to_be_bytes::<32>();
                write_slice(c, value, &result)?;
                io(
                    c,
                    &[&a.to_be_bytes::<32>(), &b.to_be_bytes::<32>()],
                    &[&result],
                );
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_mod",
        |c: Ctx<'_>, value: u32, modulus: u32| {
            run(c, "math_mod", |c| {
                buy_ink(c, ink::MATH_MOD)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, modulus)?;
                let result = a.checked_rem(b).unwrap_or_default().to_be_bytes::<32>();
                write_slice(c, value, &result)?;
                io(
                    c,
                    &[&a.to_be_bytes::<32>(), &b.to_be_bytes::<32>()],
                    &[&result],
                );
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_pow",
        |c: Ctx<'_>, value: u32, exponent: u32| {
            run(c, "math_pow", |c| {
                buy_ink(c, ink::MATH_POW)?;
                let a = read_u256(c, value)?;
                let exp = read_fixed::<32>(c, exponent)?;
                buy_ink(c, prices::pow_price(&exp))?;
                let result = a.wrapping_pow(U256::from_be_bytes(exp)).to_be_bytes::<32>();
                write_slice(c, value, &result)?;
                io(c, &[&a.to_be_bytes::<32>(), &exp], &[&result]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_add_mod",
        |c: Ctx<'_>, value: u32, addend: u32, modulus: u32| {
            run(c, "math_add_mod", |c| {
                buy_ink(c, ink::MATH_ADD_MOD)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, addend)?;
                let m = read_u256(c, modulus)?;
                let result = a.add_mod(b, m).to_be_bytes::<32>();
                write_slice(c, value, &result)?;
                let parts = [a, b, m].map(|v| v.to_be_bytes::<32>());
                io(c, &[&parts[0], &parts[1], &parts[2]], &[&result]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "math_mul_mod",
        |c: Ctx<'_>, value: u32, multiplier: u32, modulus: u32| {
            run(c, "math_mul_mod", |c| {
                buy_ink(c, ink::MATH_MUL_MOD)?;
                let a = read_u256(c, value)?;
                let b = read_u256(c, multiplier)?;
                let m = read_u256(c, modulus)?;
                let result = a.mul_mod(b, m).to_be_bytes::<32>();
                write_slice(c, value, &result)?;
                let parts = [a, b, m].map(|v| v.to_be_bytes::<32>());
                io(c, &[&parts[0], &parts[1], &parts[2]], &[&result]);
                Ok(())
            })
        },
    )?;
    linker.func_wrap(
        VM_HOOKS,
        "native_keccak256",
        |c: Ctx<'_>, input: u32, len: u32, output: u32| {
            run(c, "native_keccak256", |c| {
                buy_ink(c, prices::keccak_price(len))?;
                let preimage = read_slice(c, input, len)?;
                let digest = keccak256(&preimage);
                write_slice(c, output, digest.as_slice())?;
                io(c, &[&preimage], &[digest.as_slice()]);
                Ok(())
            })
        },
    )?;
    Ok(())
}

/// Sends a `console` value to the host; traced as Nitro's `console_log` (it costs nothing).
fn log_value(mut c: Ctx<'_>, text: String) {
    if tracing(&c) {
        let ink = ink_now(&mut c);
        if let Some(tracer) = &mut c.data_mut().tracer {
            tracer.mark("console_log", text.as_bytes().to_vec(), Vec::new(), ink);
        }
    }
    c.data_mut().host().console_log(&text);
}

/// The debug chain's `console` module: messages go to [`crate::Host::console_log`].
pub(super) fn link_console(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
    linker.func_wrap(CONSOLE, "log_txt", |c: Ctx<'_>, ptr: u32, len: u32| {
        run(c, "console_log_text", |c| {
            let text = read_slice(c, ptr, len)?;
            io(c, &[&text], &[]);
            let text = String::from_utf8_lossy(&text).into_owned();
            c.data_mut().host().console_log(&text);
            Ok(())
        })
    })?;
    linker.func_wrap(CONSOLE, "log_i32", |c: Ctx<'_>, v: u32| {
        log_value(c, v.to_string())
    })?;
    linker.func_wrap(CONSOLE, "log_i64", |c: Ctx<'_>, v: u64| {
        log_value(c, v.to_string())
    })?;
    linker.func_wrap(CONSOLE, "log_f32", |c: Ctx<'_>, v: f32| {
        log_value(c, v.to_string())
    })?;
    linker.func_wrap(CONSOLE, "log_f64", |c: Ctx<'_>, v: f64| {
        log_value(c, v.to_string())
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
