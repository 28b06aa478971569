//! Calls and estimates: failing executions and extreme fields.

use alloy::{
    primitives::{B256, U256},
    sol_types::SolCall,
};

use super::{Call, Generator, ANY, TX_REJECTED};
use crate::{
    hostile::{
        activateProgramCall, codehashVersionCall, rng::Rng, world::store_calldata, SPIN_INITCODE,
    },
    stylus::ARB_WASM,
};

impl Generator<'_> {
    /// Calls and estimates that fail in execution: a trapping program, a contract that runs out
    /// of gas, a value its sender cannot pay.
    pub(super) fn failing_execution(&mut self) -> Call {
        let w = self.world;
        let method = *self.rng.pick(&["eth_call", "eth_estimateGas"]);
        let from = "\"0x0000000000000000000000000000000000000abc\"";
        match self.rng.below(4) {
            0 => Call::new(
                method,
                format!(
                    "[{{\"from\": {from}, \"to\": \"{}\", \"gas\": \"0x493e0\"}}]",
                    w.trap
                ),
                3,
            )
            .with(&["execution reverted"]),
            1 => {
                let gas = self.rng.range(30_000, 1_000_000);
                let c = Call::new(
                    method,
                    format!(
                        "[{{\"from\": {from}, \"to\": \"{}\", \"gas\": \"{gas:#x}\", \"data\": \"0x{}\"}}]",
                        w.evm,
                        self.rng.hex(64)
                    ),
                    TX_REJECTED,
                );
                // geth words the estimate's failure "gas required exceeds allowance"; the
                // devnode reports the execution failure itself.
                c.with(&["out of gas", "gas required exceeds"])
            }
            2 => {
                let data = store_calldata(1, w.key, B256::from(U256::from(self.rng.next())));
                Call::new(
                    method,
                    format!(
                        "[{{\"from\": {from}, \"to\": \"{}\", \"gas\": \"{:#x}\", \"data\": \"{data}\"}}]",
                        w.store,
                        self.rng.range(23_000, 26_000)
                    ),
                    TX_REJECTED,
                )
                // Out of ink is out of gas.
                .with(&["out of gas"])
            }
            _ => Call::new(
                method,
                format!(
                    "[{{\"from\": {from}, \"to\": \"{}\", \"value\": \"0x{}\"}}]",
                    w.evm,
                    self.rng.hex(20)
                ),
                TX_REJECTED,
            )
            .with(&["insufficient funds"]),
        }
    }

    /// `eth_call`/`eth_estimateGas` with extreme or odd fields, blocks and state overrides: it
    /// may succeed or fail, but never with an internal error, and it commits nothing.
    pub(super) fn extreme_call(&mut self) -> Call {
        let w = self.world;
        let method = *self.rng.pick(&["eth_call", "eth_call", "eth_estimateGas"]);
        let rich = w.node.accounts()[0].address.to_string();
        let random = format!("0x{}", self.rng.hex(40));
        let coded = w.coded.address().to_string();
        let (evm, store, trap) = (w.evm.to_string(), w.store.to_string(), w.trap.to_string());
        let precompile = format!("{:#042x}", self.rng.range(1, 0x11));
        let arb_precompile = format!("{:#042x}", self.rng.range(0x64, 0x74));
        let mut fields: Vec<String> = Vec::new();
        let mut field = |rng: &mut Rng, name: &str, options: &[&str]| {
            let value = *rng.pick(options);
            if !value.is_empty() {
                fields.push(format!("\"{name}\": {value}"));
            }
        };
        let q = |s: &str| format!("\"{s}\"");
        let (rich, random, coded) = (q(&rich), q(&random), q(&coded));
        let (evm, store, trap) = (q(&evm), q(&store), q(&trap));
        let (precompile, arb_precompile) = (q(&precompile), q(&arb_precompile));
        let arb_wasm = q(&ARB_WASM.to_string());
        field(
            &mut self.rng,
            "from",
            &["", &rich, &random, &coded, &evm, &arb_wasm],
        );
        field(
            &mut self.rng,
            "to",
            &[
                "",
                &evm,
                &store,
                &trap,
                &arb_wasm,
                &precompile,
                &arb_precompile,
                &random,
            ],
        );
        field(
            &mut self.rng,
            "gas",
            &[
                "",
                "\"0x0\"",
                "\"0x1\"",
                "\"0x5208\"",
                "\"0x1e84800\"",
                "\"0x1e84801\"",
                "\"0xffffffffffffffff\"",
            ],
        );
        let fee = [
            "",
            "\"0x0\"",
            "\"0x1\"",
            "\"0x5f5e100\"",
            "\"0xffffffffffffffffffffffffffffffff\"",
        ];
        if self.rng.chance(50) {
            field(&mut self.rng, "gasPrice", &fee);
        } else {
            field(&mut self.rng, "maxFeePerGas", &fee);
            field(&mut self.rng, "maxPriorityFeePerGas", &fee);
        }
        let max = format!("\"0x{}\"", "f".repeat(64));
        let half = format!("\"0x8{}\"", "0".repeat(63));
        field(
            &mut self.rng,
            "value",
            &["", "\"0x0\"", "\"0x1\"", &max, &half],
        );
        field(
            &mut self.rng,
            "nonce",
            &["", "\"0x0\"", "\"0xffffffffffffffff\""],
        );
        let selectors = [
            activateProgramCall::SELECTOR,
            codehashVersionCall::SELECTOR,
            [0xa9, 0x05, 0x9c, 0xbb],
            [0, 0, 0, 0],
        ];
        let data = match self.rng.below(6) {
            0 => String::new(),
            1 => "0x".to_string(),
            2 => format!("0x{}", self.rng.hex_bytes(1, 200)),
            3 => {
                let selector = *self.rng.pick(&selectors);
                let words = self.rng.range(0, 3) as usize;
                format!(
                    "0x{}{}",
                    alloy::primitives::hex::encode(selector),
                    self.rng.hex(words * 64)
                )
            }
            4 => format!("0x{}", "00".repeat(self.rng.range(1, 100_000) as usize)),
            _ => format!("0x{SPIN_INITCODE}"),
        };
        if !data.is_empty() {
            let key = *self.rng.pick(&["data", "input"]);
            fields.push(format!("\"{key}\": \"{data}\""));
        }
        if self.rng.chance(10) {
            let key = self.rng.hex(64);
            fields.push(format!(
                "\"accessList\": [{{\"address\": {random}, \"storageKeys\": [\"0x{key}\"]}}]"
            ));
        }
        let block = *self.rng.pick(&[
            "",
            "\"latest\"",
            "\"pending\"",
            "\"earliest\"",
            "\"safe\"",
            "\"finalized\"",
            "\"0x0\"",
            "\"0x1\"",
        ]);
        let target = *self.rng.pick(&[&evm, &store, &random, &rich]);
        let code = match self.rng.below(3) {
            0 => format!("0xeff000{}", self.rng.hex(40)),
            1 => format!("0x{}", self.rng.hex_bytes(1, 64)),
            _ => "0x".to_string(),
        };
        let overrides = match self.rng.below(8) {
            0 => format!("{{{target}: {{\"balance\": {max}}}}}"),
            1 if method == "eth_call" => format!("{{{target}: {{\"code\": \"{code}\"}}}}"),
            2 => format!("{{{target}: {{\"nonce\": \"0xffffffffffffffff\"}}}}"),
            3 => format!(
                "{{{target}: {{\"stateDiff\": {{\"0x{}\": \"0x{}\"}}}}}}",
                self.rng.hex(64),
                self.rng.hex(64)
            ),
            4 => "{}".to_string(),
            _ => String::new(),
        };
        let mut params = vec![format!("{{{}}}", fields.join(", "))];
        if !block.is_empty() || !overrides.is_empty() {
            params.push(
                if block.is_empty() {
                    "\"latest\""
                } else {
                    block
                }
                .to_string(),
            );
        }
        if !overrides.is_empty() {
            params.push(overrides);
        }
        Call::new(method, format!("[{}]", params.join(", ")), ANY)
    }
}
