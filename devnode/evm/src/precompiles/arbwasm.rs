//! ArbWasm (0x71): program activation and the Stylus views clients read.

use alloy_primitives::{Address, Bytes, B256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use devnode_stylus::{ActivationError, RuntimeError, ACTIVATION_FIXED_GAS};
use revm::{
    context::{ContextTr, JournalTr},
    context_interface::Block,
    interpreter::{CallInputs, InterpreterResult},
    primitives::{Log, KECCAK_EMPTY},
};

use super::{
    abi::{error_string, ArbWasm},
    pricer, Meter, STORAGE_READ_GAS, STORAGE_WRITE_GAS,
};
use crate::{
    activation::ActivationRecord,
    addresses,
    evm::{fatal, is_stylus_code, Ctx},
    stylus::{self, load_activation, note_failure, params, store_activation},
};

/// Units of `min_init_gas`, in gas (Nitro's `MinInitGasUnits`).
const MIN_INIT_GAS_UNITS: u64 = 128;
/// Units of `min_cached_init_gas`, in gas (Nitro's `MinCachedGasUnits`).
const MIN_CACHED_GAS_UNITS: u64 = 32;
/// Scale of the cost scalars, in percent (Nitro's `CostScalarPercent`).
const COST_SCALAR_PERCENT: u64 = 2;
/// Seconds in a day.
const DAY: u64 = 24 * 60 * 60;

/// Runs one call to ArbWasm.
pub(crate) fn run(ctx: &mut Ctx<'_>, inputs: &CallInputs) -> Result<InterpreterResult, String> {
    let input = inputs.input.bytes(ctx);
    let mut meter = Meter::new(inputs.gas_limit, input.len());
    let value = inputs.value.get();
    let Some(selector) = input.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else {
        return Ok(meter.revert(Bytes::new()));
    };
    if selector == ArbWasm::activateProgramCall::SELECTOR {
        let Ok(call) = ArbWasm::activateProgramCall::abi_decode(&input) else {
            return Ok(meter.revert(Bytes::new()));
        };
        return activate(ctx, inputs, meter, call.program);
    }
    if selector == ArbWasm::codehashKeepaliveCall::SELECTOR {
        let Ok(call) = ArbWasm::codehashKeepaliveCall::abi_decode(&input) else {
            return Ok(meter.revert(Bytes::new()));
        };
        return keepalive(ctx, inputs, meter, call.codehash);
    }
    if !value.is_zero() {
        return Ok(meter.revert(error_string("method is not payable")));
    }
    // Every view reads the Stylus parameters and, for program views, the program.
    if meter.charge(2 * STORAGE_READ_GAS).is_err() {
        return Ok(meter.out_of_gas());
    }
    let p = params();
    let now = ctx.block.timestamp().saturating_to::<u64>();
    let encoded: Result<Bytes, Bytes> = match selector {
        ArbWasm::stylusVersionCall::SELECTOR => {
            Ok(ArbWasm::stylusVersionCall::abi_encode_returns(&p.version).into())
        }
        ArbWasm::inkPriceCall::SELECTOR => {
            Ok(ArbWasm::inkPriceCall::abi_encode_returns(&p.ink_price).into())
        }
        ArbWasm::maxStackDepthCall::SELECTOR => {
            Ok(ArbWasm::maxStackDepthCall::abi_encode_returns(&p.max_stack_depth).into())
        }
        ArbWasm::freePagesCall::SELECTOR => {
            Ok(ArbWasm::freePagesCall::abi_encode_returns(&p.free_pages).into())
        }
        ArbWasm::pageGasCall::SELECTOR => {
            Ok(ArbWasm::pageGasCall::abi_encode_returns(&p.page_gas).into())
        }
        ArbWasm::pageRampCall::SELECTOR => {
            Ok(ArbWasm::pageRampCall::abi_encode_returns(&p.page_ramp).into())
        }
        ArbWasm::pageLimitCall::SELECTOR => {
            Ok(ArbWasm::pageLimitCall::abi_encode_returns(&p.page_limit).into())
        }
        ArbWasm::minInitGasCall::SELECTOR => Ok(ArbWasm::minInitGasCall::abi_encode_returns(
            &ArbWasm::minInitGasReturn {
                gas: u64::from(p.min_init_gas) * MIN_INIT_GAS_UNITS,
                cached: u64::from(p.min_cached_init_gas) * MIN_CACHED_GAS_UNITS,
            },
        )
        .into()),
        ArbWasm::initCostScalarCall::SELECTOR => {
            Ok(ArbWasm::initCostScalarCall::abi_encode_returns(
                &(u64::from(p.init_cost_scalar) * COST_SCALAR_PERCENT),
            )
            .into())
        }
        ArbWasm::expiryDaysCall::SELECTOR => {
            Ok(ArbWasm::expiryDaysCall::abi_encode_returns(&p.expiry_days).into())
        }
        ArbWasm::keepaliveDaysCall::SELECTOR => {
            Ok(ArbWasm::keepaliveDaysCall::abi_encode_returns(&p.keepalive_days).into())
        }
        ArbWasm::blockCacheSizeCall::SELECTOR => {
            Ok(ArbWasm::blockCacheSizeCall::abi_encode_returns(&p.block_cache_size).into())
        }
        ArbWasm::codehashVersionCall::SELECTOR => {
            match ArbWasm::codehashVersionCall::abi_decode(&input) {
                Ok(c) => active(ctx, &c.codehash, now)
                    .map(|r| ArbWasm::codehashVersionCall::abi_encode_returns(&r.version).into()),
                Err(_) => Err(Bytes::new()),
            }
        }
        ArbWasm::codehashAsmSizeCall::SELECTOR => {
            match ArbWasm::codehashAsmSizeCall::abi_decode(&input) {
                Ok(c) => active(ctx, &c.codehash, now).map(|r| {
                    // Nitro stores the estimate in KiB and reports it back in bytes.
                    let size = r.asm_estimate.div_ceil(1024).saturating_mul(1024);
                    ArbWasm::codehashAsmSizeCall::abi_encode_returns(&size).into()
                }),
                Err(_) => Err(Bytes::new()),
            }
        }
        ArbWasm::programVersionCall::SELECTOR => {
            match ArbWasm::programVersionCall::abi_decode(&input) {
                Ok(c) => program_record(ctx, c.program, now)
                    .map(|r| ArbWasm::programVersionCall::abi_encode_returns(&r.version).into()),
                Err(_) => Err(Bytes::new()),
            }
        }
        ArbWasm::programInitGasCall::SELECTOR => {
            match ArbWasm::programInitGasCall::abi_decode(&input) {
                Ok(c) => program_record(ctx, c.program, now).map(|r| {
                    let cached = p.cached_gas(r.cached_init_cost);
                    let mut gas = p.init_gas(r.init_cost);
                    if p.version > 1 {
                        gas = gas.saturating_add(cached);
                    }
                    ArbWasm::programInitGasCall::abi_encode_returns(
                        &ArbWasm::programInitGasReturn {
                            gas,
                            gasWhenCached: cached,
                        },
                    )
                    .into()
                }),
                Err(_) => Err(Bytes::new()),
            }
        }
        ArbWasm::programMemoryFootprintCall::SELECTOR => {
            match ArbWasm::programMemoryFootprintCall::abi_decode(&input) {
                Ok(c) => program_record(ctx, c.program, now).map(|r| {
                    ArbWasm::programMemoryFootprintCall::abi_encode_returns(&r.footprint).into()
                }),
                Err(_) => Err(Bytes::new()),
            }
        }
        ArbWasm::programTimeLeftCall::SELECTOR => {
            match ArbWasm::programTimeLeftCall::abi_decode(&input) {
                Ok(c) => program_record(ctx, c.program, now).map(|r| {
                    let expiry = u64::from(p.expiry_days) * DAY;
                    let left = expiry.saturating_sub(now.saturating_sub(r.activated_at));
                    ArbWasm::programTimeLeftCall::abi_encode_returns(&left).into()
                }),
                Err(_) => Err(Bytes::new()),
            }
        }
        _ => Err(Bytes::new()),
    };
    Ok(match encoded {
        Ok(out) => meter.success(out),
        Err(revert) => meter.revert(revert),
    })
}

/// The active program with `codehash`, or the Nitro error that says why there is none.
fn active(ctx: &mut Ctx<'_>, codehash: &B256, now: u64) -> Result<ActivationRecord, Bytes> {
    let p = params();
    let record = load_activation(ctx, codehash)
        .map_err(|e| error_string(&fatal(e)))?
        .ok_or_else(|| Bytes::from(ArbWasm::ProgramNotActivated {}.abi_encode()))?;
    if record.version != p.version {
        return Err(ArbWasm::ProgramNeedsUpgrade {
            version: record.version,
            stylusVersion: p.version,
        }
        .abi_encode()
        .into());
    }
    let age = now.saturating_sub(record.activated_at);
    if age > u64::from(p.expiry_days) * DAY {
        return Err(ArbWasm::ProgramExpired { ageInSeconds: age }
            .abi_encode()
            .into());
    }
    Ok(record)
}

/// The active program deployed at `program`.
fn program_record(
    ctx: &mut Ctx<'_>,
    program: Address,
    now: u64,
) -> Result<ActivationRecord, Bytes> {
    let codehash = codehash_of(ctx, program).map_err(|e| error_string(&e))?;
    active(ctx, &codehash, now)
}

fn codehash_of(ctx: &mut Ctx<'_>, address: Address) -> Result<B256, String> {
    let Ok(load) = ctx.journal_mut().load_account_with_code(address);
    Ok(load.data.info.code_hash)
}

/// `activateProgram(address)`: validates, instruments and compiles the program, charges the
/// data fee from `msg.value`, refunds the excess and records the activation.
fn activate(
    ctx: &mut Ctx<'_>,
    inputs: &CallInputs,
    mut meter: Meter,
    program: Address,
) -> Result<InterpreterResult, String> {
    if inputs.is_static {
        return Ok(meter.revert(error_string(
            "activateProgram is not allowed in a static context",
        )));
    }
    if meter.charge(ACTIVATION_FIXED_GAS).is_err() {
        return Ok(meter.out_of_gas());
    }
    let p = params();
    let now = ctx.block.timestamp().saturating_to::<u64>();
    let value = inputs.value.get();

    let (code, codehash) = {
        let Ok(load) = ctx.journal_mut().load_account_with_code(program);
        let code = load
            .data
            .info
            .code
            .as_ref()
            .map(|c| c.original_bytes())
            .unwrap_or_default();
        (code, load.data.info.code_hash)
    };
    if code.is_empty() || codehash == KECCAK_EMPTY || !is_stylus_code(&code) {
        return Ok(meter.revert(ArbWasm::ProgramNotWasm {}.abi_encode().into()));
    }
    if let Some(existing) = load_activation(ctx, &codehash).map_err(fatal)? {
        let expired = now.saturating_sub(existing.activated_at) > u64::from(p.expiry_days) * DAY;
        if existing.version == p.version && !expired {
            return Ok(meter.revert(ArbWasm::ProgramUpToDate {}.abi_encode().into()));
        }
    }

    let runtime = stylus::runtime()?;
    let debug = ctx.chain.config.debug_mode;
    let (activation, _program) = match runtime.activate(&code, &p, debug, meter.left()) {
        Ok(done) => done,
        Err(RuntimeError::Activation(ActivationError::OutOfGas)) => return Ok(meter.out_of_gas()),
        Err(RuntimeError::Activation(ActivationError::Code(_))) => {
            return Ok(meter.revert(ArbWasm::ProgramNotWasm {}.abi_encode().into()))
        }
        // Nitro takes all gas on a validation failure; the message is the halt reason.
        Err(e) => {
            note_failure(ctx, format!("activation failed: {e}"));
            return Ok(meter.fail());
        }
    };
    if meter.charge(activation.gas_used).is_err() {
        return Ok(meter.out_of_gas());
    }
    let info = activation.info;

    // ArbOS storage: the program, its module hash and the two data-pricer words.
    if meter
        .charge(4 * STORAGE_WRITE_GAS + 3 * STORAGE_READ_GAS)
        .is_err()
    {
        return Ok(meter.out_of_gas());
    }
    let data_fee = pricer::update_model(ctx, info.asm_estimate, now).map_err(fatal)?;
    if value < data_fee {
        return Ok(meter.revert(
            ArbWasm::ProgramInsufficientValue {
                have: value,
                want: data_fee,
            }
            .abi_encode()
            .into(),
        ));
    }
    let record = ActivationRecord {
        version: info.version,
        init_cost: info.init_cost,
        cached_init_cost: info.cached_init_cost,
        footprint: info.footprint,
        asm_estimate: info.asm_estimate,
        activated_at: now,
        module_hash: info.module_hash,
    };
    store_activation(ctx, &codehash, &record).map_err(fatal)?;

    // The excess goes back as a plain balance transfer, not a call (no code runs).
    let excess = value - data_fee;
    if !excess.is_zero() {
        let Ok(transfer) = ctx
            .journal_mut()
            .transfer(addresses::ARB_WASM, inputs.caller, excess);
        if let Some(err) = transfer {
            return Err(format!("refund of the activation excess failed: {err:?}"));
        }
    }

    let event = ArbWasm::ProgramActivated {
        codehash,
        moduleHash: info.module_hash,
        program,
        dataFee: data_fee,
        version: info.version,
    };
    let data = event.encode_log_data();
    let log_gas = 375 + 375 * data.topics().len() as u64 + 8 * data.data.len() as u64;
    if meter.charge(log_gas).is_err() {
        return Ok(meter.out_of_gas());
    }
    ctx.journal_mut().log(Log {
        address: addresses::ARB_WASM,
        data,
    });
    let out = ArbWasm::activateProgramCall::abi_encode_returns(&ArbWasm::activateProgramReturn {
        version: info.version,
        dataFee: data_fee,
    });
    Ok(meter.success(out.into()))
}

/// `codehashKeepalive(bytes32)`: restarts the expiry clock of an active program that is at
/// least `keepaliveDays` old, for a data fee on its asm size.
fn keepalive(
    ctx: &mut Ctx<'_>,
    inputs: &CallInputs,
    mut meter: Meter,
    codehash: B256,
) -> Result<InterpreterResult, String> {
    if inputs.is_static {
        return Ok(meter.revert(error_string(
            "codehashKeepalive is not allowed in a static context",
        )));
    }
    if meter
        .charge(2 * STORAGE_READ_GAS + 3 * STORAGE_WRITE_GAS)
        .is_err()
    {
        return Ok(meter.out_of_gas());
    }
    let p = params();
    let now = ctx.block.timestamp().saturating_to::<u64>();
    let mut record = match active(ctx, &codehash, now) {
        Ok(r) => r,
        Err(revert) => return Ok(meter.revert(revert)),
    };
    let age = now.saturating_sub(record.activated_at);
    if age < u64::from(p.keepalive_days) * DAY {
        return Ok(meter.revert(
            ArbWasm::ProgramKeepaliveTooSoon { ageInSeconds: age }
                .abi_encode()
                .into(),
        ));
    }
    let asm_size = record.asm_estimate.div_ceil(1024).saturating_mul(1024);
    let data_fee = pricer::update_model(ctx, asm_size, now).map_err(fatal)?;
    let value = inputs.value.get();
    if value < data_fee {
        return Ok(meter.revert(
            ArbWasm::ProgramInsufficientValue {
                have: value,
                want: data_fee,
            }
            .abi_encode()
            .into(),
        ));
    }
    record.activated_at = now;
    store_activation(ctx, &codehash, &record).map_err(fatal)?;
    let excess = value - data_fee;
    if !excess.is_zero() {
        let Ok(transfer) = ctx
            .journal_mut()
            .transfer(addresses::ARB_WASM, inputs.caller, excess);
        if let Some(err) = transfer {
            return Err(format!("refund of the keepalive excess failed: {err:?}"));
        }
    }
    let data = ArbWasm::ProgramLifetimeExtended {
        codehash,
        dataFee: data_fee,
    }
    .encode_log_data();
    let log_gas = 375 + 375 * data.topics().len() as u64 + 8 * data.data.len() as u64;
    if meter.charge(log_gas).is_err() {
        return Ok(meter.out_of_gas());
    }
    ctx.journal_mut().log(Log {
        address: addresses::ARB_WASM,
        data,
    });
    Ok(meter.success(Bytes::new()))
}
