//! The precompile provider: Ethereum precompiles, the Arbitrum system contracts, StylusDeployer,
//! and dispatch of calls into Stylus programs.
//!
//! revm asks the provider about every call frame, after taking the frame's journal checkpoint
//! and moving its value. Code that starts with `EF F0 00` runs here as a Stylus frame; other code
//! is left to revm's interpreter.

mod abi;
mod arbwasm;
mod deployer;
mod pricer;
mod views;

use std::sync::OnceLock;

use alloy_primitives::{Address, Bytes};
use revm::{
    context::Cfg,
    context_interface::ContextTr,
    handler::{EthPrecompiles, PrecompileProvider},
    interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult},
    precompile::{secp256r1, PrecompileSpecId, Precompiles},
    primitives::{hardfork::SpecId, AddressSet},
};

use crate::{
    addresses,
    evm::{is_stylus_code, Ctx},
    stylus,
};

/// Gas of copying one word of arguments or results (geth's `CopyGas`).
const COPY_GAS: u64 = 3;
/// Gas of one ArbOS storage read (`SloadGasEIP2200`).
const STORAGE_READ_GAS: u64 = 800;
/// Gas of one ArbOS storage write of a non-zero value (`SstoreSetGasEIP2200`).
const STORAGE_WRITE_GAS: u64 = 20_000;

/// Precompiles of the devnode chain.
#[derive(Debug, Clone)]
pub(crate) struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
}

impl ArbPrecompiles {
    /// Precompiles for `spec`, plus RIP-7212's P256VERIFY at 0x100 (ArbOS 30+).
    pub(crate) fn new(spec: SpecId) -> Self {
        let eth = EthPrecompiles {
            precompiles: with_p256(spec),
            spec,
        };
        let warm = Self::warm_set(&eth);
        Self { eth, warm }
    }

    fn warm_set(eth: &EthPrecompiles) -> AddressSet {
        let mut warm = eth.warm_addresses().clone();
        // Nitro registers its precompiles with the EVM, so they are warm like Ethereum's.
        // StylusDeployer is an ordinary contract on Nitro, so it is not.
        for a in [
            addresses::ARB_SYS,
            addresses::ARB_GAS_INFO,
            addresses::ARB_WASM,
            addresses::ARB_WASM_CACHE,
        ] {
            warm.insert(a);
        }
        warm
    }
}

impl<'a> PrecompileProvider<Ctx<'a>> for ArbPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(&mut self, spec: <<Ctx<'a> as ContextTr>::Cfg as Cfg>::Spec) -> bool {
        if spec == self.eth.spec {
            return false;
        }
        *self = Self::new(spec);
        true
    }

    fn run(
        &mut self,
        context: &mut Ctx<'a>,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        let address = inputs.bytecode_address;
        if self.eth.contains(&address) {
            return self.eth.run(context, inputs);
        }
        match address {
            addresses::ARB_SYS => return views::arb_sys(context, inputs).map(Some),
            addresses::ARB_GAS_INFO => return views::arb_gas_info(context, inputs).map(Some),
            addresses::ARB_WASM_CACHE => return views::arb_wasm_cache(context, inputs).map(Some),
            addresses::ARB_WASM => return arbwasm::run(context, inputs).map(Some),
            addresses::STYLUS_DEPLOYER => return deployer::run(context, self, inputs).map(Some),
            _ => {}
        }
        let (codehash, bytecode) = &inputs.known_bytecode;
        let code = bytecode.original_byte_slice();
        if code.is_empty() {
            // revm ends an empty-code frame at once, without a frame to count.
            return Ok(None);
        }
        stylus::enter_frame(context, inputs);
        if !is_stylus_code(code) {
            // An EVM frame: the frame loop calls `leave_frame` when it returns.
            return Ok(None);
        }
        let code = code.to_vec();
        let result = stylus::run_program(context, self, inputs, *codehash, &code);
        stylus::leave_frame(context, inputs);
        result.map(Some)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}

/// Ethereum's precompiles for `spec` with RIP-7212 P256VERIFY added, built once per process.
fn with_p256(spec: SpecId) -> &'static Precompiles {
    static PRAGUE_P256: OnceLock<Precompiles> = OnceLock::new();
    let base = Precompiles::new(PrecompileSpecId::from_spec_id(spec));
    if spec != SpecId::PRAGUE {
        return base;
    }
    PRAGUE_P256.get_or_init(|| {
        let mut set = base.clone();
        set.extend([secp256r1::P256VERIFY]);
        set
    })
}

/// Gas accounting of a native system-contract call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Meter {
    limit: u64,
    used: u64,
}

/// The call ran out of gas.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutOfGas;

impl Meter {
    /// A meter for a frame given `limit` gas, already charged for copying `input_len` bytes of
    /// arguments.
    pub(crate) fn new(limit: u64, input_len: usize) -> Self {
        let mut meter = Self { limit, used: 0 };
        meter.used = copy_gas(input_len);
        meter
    }

    /// Charges `gas`.
    pub(crate) fn charge(&mut self, gas: u64) -> Result<(), OutOfGas> {
        self.used = self.used.saturating_add(gas);
        if self.used > self.limit {
            Err(OutOfGas)
        } else {
            Ok(())
        }
    }

    /// Gas left.
    pub(crate) fn left(&self) -> u64 {
        self.limit.saturating_sub(self.used)
    }

    /// Ends the frame successfully with `output` (its copy cost charged).
    pub(crate) fn success(mut self, output: Bytes) -> InterpreterResult {
        if self.charge(copy_gas(output.len())).is_err() {
            return self.out_of_gas();
        }
        self.finish(InstructionResult::Return, output)
    }

    /// Ends the frame with a revert carrying `output`; unused gas goes back.
    pub(crate) fn revert(self, output: Bytes) -> InterpreterResult {
        if self.used > self.limit {
            return self.out_of_gas();
        }
        self.finish(InstructionResult::Revert, output)
    }

    /// Ends the frame out of gas.
    pub(crate) fn out_of_gas(self) -> InterpreterResult {
        let mut gas = Gas::new(self.limit);
        gas.spend_all();
        InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), gas)
    }

    /// Ends the frame with an error that consumes all its gas (Nitro's non-Solidity errors).
    pub(crate) fn fail(self) -> InterpreterResult {
        let mut gas = Gas::new(self.limit);
        gas.spend_all();
        InterpreterResult::new(InstructionResult::PrecompileError, Bytes::new(), gas)
    }

    fn finish(self, result: InstructionResult, output: Bytes) -> InterpreterResult {
        let mut gas = Gas::new(self.limit);
        // `used <= limit` holds here: both callers checked it.
        let _ = gas.record_regular_cost(self.used);
        InterpreterResult::new(result, output, gas)
    }
}

/// Gas of copying `len` bytes.
fn copy_gas(len: usize) -> u64 {
    COPY_GAS.saturating_mul((len as u64).div_ceil(32))
}
