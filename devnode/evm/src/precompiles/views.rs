//! ArbSys (0x64), ArbGasInfo (0x6c) and ArbWasmCache (0x72): the views clients read.

use alloy_primitives::{Bytes, I256, U256};
use alloy_sol_types::SolCall;
use revm::{
    context::{ContextTr, JournalTr},
    context_interface::Block,
    interpreter::{CallInputs, InterpreterResult},
    Database,
};

use super::{
    abi::{error_string, ArbGasInfo, ArbSys, ArbWasmCache},
    Meter, STORAGE_READ_GAS, STORAGE_WRITE_GAS,
};
use crate::{
    evm::{fatal, Ctx},
    stylus::load_activation,
    types::{ARBOS_VERSION, MIN_BASE_FEE},
};

/// Nitro's `arbOSVersion()` adds 55 to the ArbOS version (the Classic releases came first).
const ARBOS_VERSION_OFFSET: u64 = 55;
/// Nitro's L2 speed limit, in gas per second.
const SPEED_LIMIT: u64 = 7_000_000;

/// Decodes the selector and common gas of a view call; `Err` is the finished frame.
fn prologue(
    ctx: &mut Ctx<'_>,
    inputs: &CallInputs,
) -> Result<(Bytes, [u8; 4], Meter), InterpreterResult> {
    let input = inputs.input.bytes(ctx);
    let mut meter = Meter::new(inputs.gas_limit, input.len());
    let Some(selector) = input.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else {
        return Err(meter.revert(Bytes::new()));
    };
    if !inputs.value.get().is_zero() {
        return Err(meter.revert(error_string("method is not payable")));
    }
    if meter.charge(STORAGE_READ_GAS).is_err() {
        return Err(meter.out_of_gas());
    }
    Ok((input, selector, meter))
}

fn finish(meter: Meter, out: Option<Bytes>) -> InterpreterResult {
    match out {
        Some(out) => meter.success(out),
        None => meter.revert(Bytes::new()),
    }
}

/// ArbSys.
pub(crate) fn arb_sys(ctx: &mut Ctx<'_>, inputs: &CallInputs) -> Result<InterpreterResult, String> {
    let (input, selector, meter) = match prologue(ctx, inputs) {
        Ok(p) => p,
        Err(done) => return Ok(done),
    };
    let number: U256 = ctx.block.number();
    let out: Option<Bytes> = match selector {
        ArbSys::arbBlockNumberCall::SELECTOR => {
            Some(ArbSys::arbBlockNumberCall::abi_encode_returns(&number).into())
        }
        ArbSys::arbChainIDCall::SELECTOR => Some(
            ArbSys::arbChainIDCall::abi_encode_returns(&U256::from(ctx.chain.config.chain_id))
                .into(),
        ),
        ArbSys::arbOSVersionCall::SELECTOR => Some(
            ArbSys::arbOSVersionCall::abi_encode_returns(&U256::from(
                ARBOS_VERSION_OFFSET + ARBOS_VERSION,
            ))
            .into(),
        ),
        ArbSys::getStorageGasAvailableCall::SELECTOR => {
            Some(ArbSys::getStorageGasAvailableCall::abi_encode_returns(&U256::ZERO).into())
        }
        // Nitro: true when called by the transaction's sender or by a contract it called.
        ArbSys::isTopLevelCallCall::SELECTOR => Some(
            ArbSys::isTopLevelCallCall::abi_encode_returns(&(ctx.journal().depth() <= 2)).into(),
        ),
        ArbSys::wasMyCallersAddressAliasedCall::SELECTOR => {
            Some(ArbSys::wasMyCallersAddressAliasedCall::abi_encode_returns(&false).into())
        }
        ArbSys::arbBlockHashCall::SELECTOR => match ArbSys::arbBlockHashCall::abi_decode(&input) {
            Ok(c) => {
                let requested = c.arbBlockNum;
                let in_window =
                    requested < number && number.saturating_sub(requested) <= U256::from(256);
                if in_window {
                    let n: u64 = requested.saturating_to();
                    let Ok(hash) = ctx.journal_mut().db_mut().block_hash(n);
                    Some(ArbSys::arbBlockHashCall::abi_encode_returns(&hash).into())
                } else {
                    return Ok(meter.revert(error_string("invalid block number for ArbBlockHAsh")));
                }
            }
            Err(_) => None,
        },
        _ => None,
    };
    Ok(finish(meter, out))
}

/// ArbGasInfo: the devnode has no L1 pricing, so every L1 figure is zero.
pub(crate) fn arb_gas_info(
    ctx: &mut Ctx<'_>,
    inputs: &CallInputs,
) -> Result<InterpreterResult, String> {
    let (_, selector, meter) = match prologue(ctx, inputs) {
        Ok(p) => p,
        Err(done) => return Ok(done),
    };
    let basefee = U256::from(ctx.block.basefee());
    let tx_gas_limit = U256::from(ctx.chain.config.tx_gas_limit);
    let z = U256::ZERO;
    let out: Option<Bytes> = match selector {
        ArbGasInfo::getPricesInWeiCall::SELECTOR => Some(
            ArbGasInfo::getPricesInWeiCall::abi_encode_returns(&ArbGasInfo::getPricesInWeiReturn {
                _0: z,
                _1: z,
                _2: basefee * U256::from(STORAGE_WRITE_GAS),
                _3: basefee,
                _4: z,
                _5: basefee,
            })
            .into(),
        ),
        ArbGasInfo::getPricesInArbGasCall::SELECTOR => Some(
            ArbGasInfo::getPricesInArbGasCall::abi_encode_returns(
                &ArbGasInfo::getPricesInArbGasReturn {
                    _0: z,
                    _1: z,
                    _2: U256::from(STORAGE_WRITE_GAS),
                },
            )
            .into(),
        ),
        ArbGasInfo::getGasAccountingParamsCall::SELECTOR => Some(
            ArbGasInfo::getGasAccountingParamsCall::abi_encode_returns(
                &ArbGasInfo::getGasAccountingParamsReturn {
                    _0: U256::from(SPEED_LIMIT),
                    _1: tx_gas_limit,
                    _2: tx_gas_limit,
                },
            )
            .into(),
        ),
        ArbGasInfo::getMinimumGasPriceCall::SELECTOR => Some(
            ArbGasInfo::getMinimumGasPriceCall::abi_encode_returns(&U256::from(MIN_BASE_FEE))
                .into(),
        ),
        ArbGasInfo::getL1BaseFeeEstimateCall::SELECTOR => {
            Some(ArbGasInfo::getL1BaseFeeEstimateCall::abi_encode_returns(&z).into())
        }
        ArbGasInfo::getL1GasPriceEstimateCall::SELECTOR => {
            Some(ArbGasInfo::getL1GasPriceEstimateCall::abi_encode_returns(&z).into())
        }
        ArbGasInfo::getCurrentTxL1GasFeesCall::SELECTOR => {
            Some(ArbGasInfo::getCurrentTxL1GasFeesCall::abi_encode_returns(&z).into())
        }
        ArbGasInfo::getL1FeesAvailableCall::SELECTOR => {
            Some(ArbGasInfo::getL1FeesAvailableCall::abi_encode_returns(&z).into())
        }
        ArbGasInfo::getL1BaseFeeEstimateInertiaCall::SELECTOR => {
            Some(ArbGasInfo::getL1BaseFeeEstimateInertiaCall::abi_encode_returns(&10u64).into())
        }
        ArbGasInfo::getGasBacklogCall::SELECTOR => {
            Some(ArbGasInfo::getGasBacklogCall::abi_encode_returns(&0u64).into())
        }
        ArbGasInfo::getL1PricingSurplusCall::SELECTOR => {
            Some(ArbGasInfo::getL1PricingSurplusCall::abi_encode_returns(&I256::ZERO).into())
        }
        ArbGasInfo::getPerBatchGasChargeCall::SELECTOR => {
            Some(ArbGasInfo::getPerBatchGasChargeCall::abi_encode_returns(&0i64).into())
        }
        ArbGasInfo::getAmortizedCostCapBipsCall::SELECTOR => {
            Some(ArbGasInfo::getAmortizedCostCapBipsCall::abi_encode_returns(&0u64).into())
        }
        _ => None,
    };
    Ok(finish(meter, out))
}

/// ArbWasmCache: no cache managers; whether a program counts as cached follows
/// [`crate::ChainConfig::programs_cached`].
pub(crate) fn arb_wasm_cache(
    ctx: &mut Ctx<'_>,
    inputs: &CallInputs,
) -> Result<InterpreterResult, String> {
    let (input, selector, meter) = match prologue(ctx, inputs) {
        Ok(p) => p,
        Err(done) => return Ok(done),
    };
    let out: Option<Bytes> = match selector {
        ArbWasmCache::isCacheManagerCall::SELECTOR => {
            Some(ArbWasmCache::isCacheManagerCall::abi_encode_returns(&false).into())
        }
        ArbWasmCache::allCacheManagersCall::SELECTOR => {
            Some(ArbWasmCache::allCacheManagersCall::abi_encode_returns(&Vec::new()).into())
        }
        ArbWasmCache::codehashIsCachedCall::SELECTOR => {
            match ArbWasmCache::codehashIsCachedCall::abi_decode(&input) {
                Ok(c) => {
                    let active = load_activation(ctx, &c.codehash).map_err(fatal)?.is_some();
                    let cached = active && ctx.chain.config.programs_cached;
                    Some(ArbWasmCache::codehashIsCachedCall::abi_encode_returns(&cached).into())
                }
                Err(_) => None,
            }
        }
        ArbWasmCache::cacheProgramCall::SELECTOR | ArbWasmCache::evictCodehashCall::SELECTOR => {
            return Ok(meter.revert(error_string("caller is not a cache manager")));
        }
        _ => None,
    };
    Ok(finish(meter, out))
}
