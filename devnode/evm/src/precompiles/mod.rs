//! The precompile provider: Ethereum precompiles, Arbitrum system contracts, and dispatch of
//! calls into Stylus programs.

use revm::{
    context::Cfg,
    context_interface::ContextTr,
    handler::{EthPrecompiles, PrecompileProvider},
    interpreter::{CallInputs, InterpreterResult},
    primitives::{hardfork::SpecId, Address, AddressSet},
};

use crate::{addresses, evm::Ctx};

/// Precompiles of the devnode chain.
#[derive(Debug, Clone)]
pub(crate) struct ArbPrecompiles {
    eth: EthPrecompiles,
    warm: AddressSet,
}

impl ArbPrecompiles {
    /// Precompiles for `spec`.
    pub(crate) fn new(spec: SpecId) -> Self {
        let eth = EthPrecompiles::new(spec);
        let warm = Self::warm_set(&eth);
        Self { eth, warm }
    }

    fn warm_set(eth: &EthPrecompiles) -> AddressSet {
        let mut warm = eth.warm_addresses().clone();
        // Nitro registers its precompiles with the EVM, so they are warm like Ethereum's.
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
        let changed =
            <EthPrecompiles as PrecompileProvider<Ctx<'a>>>::set_spec(&mut self.eth, spec);
        if changed {
            self.warm = Self::warm_set(&self.eth);
        }
        changed
    }

    fn run(
        &mut self,
        context: &mut Ctx<'a>,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        if self.eth.contains(&inputs.bytecode_address) {
            return self.eth.run(context, inputs);
        }
        Ok(None)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}
