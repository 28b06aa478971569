//! Hostios that read the frame's context, do 256-bit math, hash, pay for memory, and the
//! debug `console`.

use alloy_primitives::{keccak256, U256};
use wasmtime::Linker;

use super::env::{
    buy_gas, buy_ink, gas_left, ink_ready, price, read_fixed, read_slice, read_u256, write_slice,
    Ctx,
};
use super::run;
use crate::exec::Frame;
use crate::prices::{self, hostio as ink};
use crate::validate::{CONSOLE, VM_HOOKS};

/// Block, transaction and message getters.
pub(super) fn link_context(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
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
pub(super) fn link_math(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
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
pub(super) fn link_console(linker: &mut Linker<Frame>) -> wasmtime::Result<()> {
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
