//! StylusDeployer, natively: deploy, activate and initialise a Stylus program in one call, with
//! the observable behaviour (nested frames, value flows, errors, event) of the Solidity contract
//! Arbitrum chains deploy at the same address.

use alloy_primitives::{keccak256, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolValue};
use revm::{
    context::{ContextTr, JournalTr},
    interpreter::{CallInputs, CallScheme, CallValue, CreateScheme, InterpreterResult},
    primitives::Log,
};

use super::{
    abi::{ArbWasm, StylusDeployer},
    ArbPrecompiles, Meter,
};
use crate::{
    addresses,
    evm::{fatal, Ctx},
    nested::{self, NestedCall, NestedResult},
    stylus::{load_activation, params},
};

/// Gas the Solidity contract spends on its own code per deployment (ABI decoding, memory,
/// branches), approximated; nested frames and opcodes with state costs are charged exactly.
const OWN_EXECUTION_GAS: u64 = 6_000;
/// CREATE / CREATE2 base cost.
const CREATE_GAS: u64 = 32_000;
/// EIP-3860 cost per initcode word.
const INITCODE_WORD_GAS: u64 = 2;
/// CREATE2 hashing cost per initcode word.
const KECCAK_WORD_GAS: u64 = 6;
/// Warm account access (CALL to a warm address).
const WARM_ACCESS_GAS: u64 = 100;
/// Extra cost of a CALL that moves value.
const CALL_VALUE_GAS: u64 = 9_000;
/// Gas given for free to the callee of a value-bearing CALL.
const CALL_STIPEND: u64 = 2_300;

/// Solidity's `Panic(0x11)`: arithmetic underflow.
fn panic_underflow() -> Bytes {
    let mut out = vec![0x4e, 0x48, 0x7b, 0x71];
    out.extend_from_slice(&U256::from(0x11).to_be_bytes::<32>());
    out.into()
}

/// All but one 64th of what is left (EIP-150).
fn forwardable(meter: &Meter) -> u64 {
    let left = meter.left();
    left - left / 64
}

/// Runs one call to StylusDeployer.
pub(crate) fn run(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    inputs: &CallInputs,
) -> Result<InterpreterResult, String> {
    let input = inputs.input.bytes(ctx);
    let mut meter = Meter::new(inputs.gas_limit, input.len());
    if meter.charge(OWN_EXECUTION_GAS).is_err() {
        return Ok(meter.out_of_gas());
    }
    let selector = input.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok());
    match selector {
        Some(StylusDeployer::deployCall::SELECTOR) => {
            let Ok(call) = StylusDeployer::deployCall::abi_decode(&input) else {
                return Ok(meter.revert(Bytes::new()));
            };
            if inputs.is_static {
                return Ok(meter.revert(Bytes::new()));
            }
            deploy(ctx, precompiles, inputs, meter, call)
        }
        Some(StylusDeployer::initSaltCall::SELECTOR) => {
            let Ok(call) = StylusDeployer::initSaltCall::abi_decode(&input) else {
                return Ok(meter.revert(Bytes::new()));
            };
            let salt = init_salt(call.salt, &call.initData);
            Ok(meter.success(StylusDeployer::initSaltCall::abi_encode_returns(&salt).into()))
        }
        Some(StylusDeployer::requiresActivationCall::SELECTOR) => {
            let Ok(call) = StylusDeployer::requiresActivationCall::abi_decode(&input) else {
                return Ok(meter.revert(Bytes::new()));
            };
            let needed = requires_activation(ctx, call.addr)?;
            Ok(meter.success(
                StylusDeployer::requiresActivationCall::abi_encode_returns(&needed).into(),
            ))
        }
        _ => Ok(meter.revert(Bytes::new())),
    }
}

/// `keccak256(abi.encodePacked(salt, initData))`.
fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    keccak256([salt.as_slice(), init_data].concat())
}

/// Whether the code at `addr` is not active at the current Stylus version.
fn requires_activation(ctx: &mut Ctx<'_>, addr: alloy_primitives::Address) -> Result<bool, String> {
    let Ok(load) = ctx.journal_mut().load_account_with_code(addr);
    let codehash = load.data.info.code_hash;
    let record = load_activation(ctx, &codehash).map_err(fatal)?;
    Ok(record.is_none_or(|r| r.version != params().version))
}

/// Gas a nested frame used, charged to the deployer; the frame's unused gas comes back.
fn settle(meter: &mut Meter, given: u64, result: &NestedResult) -> bool {
    meter.charge(given.saturating_sub(result.gas_left)).is_ok()
}

fn deploy(
    ctx: &mut Ctx<'_>,
    precompiles: &mut ArbPrecompiles,
    inputs: &CallInputs,
    mut meter: Meter,
    call: StylusDeployer::deployCall,
) -> Result<InterpreterResult, String> {
    let me = inputs.target_address;
    let value = inputs.value.get();
    let StylusDeployer::deployCall {
        bytecode,
        initData: init_data,
        initValue: init_value,
        salt,
    } = call;

    // Deploy (CREATE, or CREATE2 with the salt bound to the init data).
    if bytecode.is_empty() {
        return Ok(meter.revert(StylusDeployer::EmptyBytecode {}.abi_encode().into()));
    }
    let words = (bytecode.len() as u64).div_ceil(32);
    let (scheme, create_cost) = if salt.is_zero() {
        (CreateScheme::Create, CREATE_GAS + INITCODE_WORD_GAS * words)
    } else {
        let salt = init_salt(salt, &init_data);
        (
            CreateScheme::Create2 {
                salt: U256::from_be_bytes(salt.0),
            },
            CREATE_GAS + (INITCODE_WORD_GAS + KECCAK_WORD_GAS) * words,
        )
    };
    if meter.charge(create_cost).is_err() {
        return Ok(meter.out_of_gas());
    }
    let gas = forwardable(&meter);
    let created = nested::create(
        ctx,
        precompiles,
        me,
        scheme,
        U256::ZERO,
        bytecode.clone(),
        gas,
    )
    .map_err(fatal)?;
    if !settle(&mut meter, gas, &created) {
        return Ok(meter.out_of_gas());
    }
    let new_contract = match created.address {
        Some(a) if created.result.is_ok() => a,
        // Bubble the init code's revert data up, as the Solidity contract does.
        _ if !created.output.is_empty() => return Ok(meter.revert(created.output)),
        _ => {
            return Ok(meter.revert(
                StylusDeployer::ContractDeploymentError { bytecode }
                    .abi_encode()
                    .into(),
            ))
        }
    };

    // Activate when the code is not active yet, paying the data fee from msg.value.
    let mut data_fee = U256::ZERO;
    if requires_activation(ctx, new_contract)? {
        let Some(activation_value) = value.checked_sub(init_value) else {
            return Ok(meter.revert(panic_underflow()));
        };
        let cost = WARM_ACCESS_GAS
            + if activation_value.is_zero() {
                0
            } else {
                CALL_VALUE_GAS
            };
        if meter.charge(cost).is_err() {
            return Ok(meter.out_of_gas());
        }
        let gas = forwardable(&meter);
        let stipend = if activation_value.is_zero() {
            0
        } else {
            CALL_STIPEND
        };
        let activation = nested::call(
            ctx,
            precompiles,
            NestedCall {
                caller: me,
                target: addresses::ARB_WASM,
                code_address: addresses::ARB_WASM,
                value: CallValue::Transfer(activation_value),
                scheme: CallScheme::Call,
                is_static: false,
                input: ArbWasm::activateProgramCall {
                    program: new_contract,
                }
                .abi_encode()
                .into(),
                gas: gas + stipend,
            },
        )
        .map_err(fatal)?;
        if !settle(&mut meter, gas, &activation) {
            return Ok(meter.out_of_gas());
        }
        if !activation.result.is_ok() {
            return Ok(meter.revert(activation.output));
        }
        match ArbWasm::activateProgramCall::abi_decode_returns(&activation.output) {
            Ok(ret) => data_fee = ret.dataFee,
            Err(_) => return Ok(meter.revert(Bytes::new())),
        }
    }

    // Initialise.
    if !init_data.is_empty() {
        let cost = WARM_ACCESS_GAS
            + if init_value.is_zero() {
                0
            } else {
                CALL_VALUE_GAS
            };
        if meter.charge(cost).is_err() {
            return Ok(meter.out_of_gas());
        }
        let gas = forwardable(&meter);
        let stipend = if init_value.is_zero() {
            0
        } else {
            CALL_STIPEND
        };
        let init = nested::call(
            ctx,
            precompiles,
            NestedCall {
                caller: me,
                target: new_contract,
                code_address: new_contract,
                value: CallValue::Transfer(init_value),
                scheme: CallScheme::Call,
                is_static: false,
                input: init_data,
                gas: gas + stipend,
            },
        )
        .map_err(fatal)?;
        if !settle(&mut meter, gas, &init) {
            return Ok(meter.out_of_gas());
        }
        if !init.result.is_ok() {
            return Ok(meter.revert(
                StylusDeployer::ContractInitializationError {
                    newContract: new_contract,
                    data: init.output,
                }
                .abi_encode()
                .into(),
            ));
        }
    } else if !init_value.is_zero() {
        return Ok(meter.revert(
            StylusDeployer::InitValueButNotInitData {}
                .abi_encode()
                .into(),
        ));
    }

    // Refund what neither the data fee nor the initialisation used.
    let Some(rest) = value
        .checked_sub(data_fee)
        .and_then(|v| v.checked_sub(init_value))
    else {
        return Ok(meter.revert(panic_underflow()));
    };
    if !rest.is_zero() {
        if meter.charge(WARM_ACCESS_GAS + CALL_VALUE_GAS).is_err() {
            return Ok(meter.out_of_gas());
        }
        let gas = forwardable(&meter);
        let refund = nested::call(
            ctx,
            precompiles,
            NestedCall {
                caller: me,
                target: inputs.caller,
                code_address: inputs.caller,
                value: CallValue::Transfer(rest),
                scheme: CallScheme::Call,
                is_static: false,
                input: Bytes::new(),
                gas: gas + CALL_STIPEND,
            },
        )
        .map_err(fatal)?;
        if !settle(&mut meter, gas, &refund) {
            return Ok(meter.out_of_gas());
        }
        if !refund.result.is_ok() {
            return Ok(meter.revert(
                StylusDeployer::RefundExcessValueError { excessValue: rest }
                    .abi_encode()
                    .into(),
            ));
        }
    }

    let event = StylusDeployer::ContractDeployed {
        deployedContract: new_contract,
    };
    let data = event.encode_log_data();
    if meter
        .charge(375 + 375 * data.topics().len() as u64 + 8 * data.data.len() as u64)
        .is_err()
    {
        return Ok(meter.out_of_gas());
    }
    ctx.journal_mut().log(Log { address: me, data });
    Ok(meter.success(new_contract.abi_encode().into()))
}
