//! A test double for the EVM side and helpers to load WAT fixtures.

#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use alloy_primitives::{Address, B256, U256};
use devnode_stylus::{
    execute, CallInput, CallKind, CallResult, CreateKind, CreateResult, EvmContext, FrameStatus,
    Host, Outcome, PageCounts, Program, Runtime, StylusParams,
};

/// Reads `tests/fixtures/<name>.wat` and assembles it.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.wat"));
    wat::parse_file(&path).unwrap_or_else(|e| panic!("fixture {name} must assemble: {e}"))
}

/// Activates and compiles a fixture with default parameters.
pub fn program(runtime: &Runtime, name: &str) -> Program {
    let wasm = fixture(name);
    let (_, program) = runtime
        .activate(&wasm, &StylusParams::default(), false, u64::MAX)
        .unwrap_or_else(|e| panic!("fixture {name} must activate: {e}"));
    program
}

/// Replies a mocked nested call or create gives.
pub type CallHandler = Box<dyn FnMut(CallKind, Address, &[u8], U256, u64) -> CallResult>;

/// An in-memory EVM side: EIP-2929 warm sets, simplified EIP-2200 SSTORE pricing, and records
/// of everything the program asked for.
#[derive(Default)]
pub struct MockHost {
    pub storage: HashMap<B256, B256>,
    pub original: HashMap<B256, B256>,
    pub warm_slots: HashSet<B256>,
    pub warm_accounts: HashSet<Address>,
    pub transient: HashMap<B256, B256>,
    pub balances: HashMap<Address, U256>,
    pub codes: HashMap<Address, Vec<u8>>,
    pub logs: Vec<(Vec<B256>, Vec<u8>)>,
    pub calls: Vec<(CallKind, Address, Vec<u8>, U256, u64)>,
    pub creates: Vec<(CreateKind, Vec<u8>, U256, u64)>,
    pub sstores: Vec<(B256, B256)>,
    pub pages: PageCounts,
    pub console: Vec<String>,
    pub call_handler: Option<CallHandler>,
    pub create_reply: Option<CreateResult>,
}

impl Host for MockHost {
    fn sload(&mut self, key: B256) -> (B256, u64) {
        let cost = if self.warm_slots.insert(key) {
            2100
        } else {
            100
        };
        (self.storage.get(&key).copied().unwrap_or_default(), cost)
    }

    fn sstore(&mut self, key: B256, value: B256) -> u64 {
        let cold = if self.warm_slots.insert(key) { 2100 } else { 0 };
        let current = self.storage.get(&key).copied().unwrap_or_default();
        let original = *self.original.entry(key).or_insert(current);
        let cost = if current == value || original != current {
            100
        } else if original.is_zero() {
            20_000
        } else {
            2900
        };
        self.sstores.push((key, value));
        self.storage.insert(key, value);
        cold + cost
    }

    fn tload(&mut self, key: B256) -> B256 {
        self.transient.get(&key).copied().unwrap_or_default()
    }

    fn tstore(&mut self, key: B256, value: B256) {
        self.transient.insert(key, value);
    }

    fn access_account(&mut self, address: Address) -> bool {
        self.warm_accounts.insert(address)
    }

    fn is_empty(&mut self, address: Address) -> bool {
        !self.codes.contains_key(&address)
            && self.balances.get(&address).is_none_or(|b| b.is_zero())
    }

    fn balance(&mut self, address: Address) -> U256 {
        self.balances.get(&address).copied().unwrap_or_default()
    }

    fn code(&mut self, address: Address) -> Vec<u8> {
        self.codes.get(&address).cloned().unwrap_or_default()
    }

    fn codehash(&mut self, address: Address) -> B256 {
        self.codes
            .get(&address)
            .map(alloy_primitives::keccak256)
            .unwrap_or_default()
    }

    fn call(
        &mut self,
        kind: CallKind,
        target: Address,
        input: &[u8],
        value: U256,
        gas: u64,
    ) -> CallResult {
        self.calls.push((kind, target, input.to_vec(), value, gas));
        match self.call_handler.as_mut() {
            Some(handler) => handler(kind, target, input, value, gas),
            None => CallResult {
                status: FrameStatus::Success,
                output: Vec::new(),
                gas_left: gas,
            },
        }
    }

    fn create(&mut self, kind: CreateKind, code: &[u8], endowment: U256, gas: u64) -> CreateResult {
        self.creates.push((kind, code.to_vec(), endowment, gas));
        self.create_reply.clone().unwrap_or(CreateResult {
            address: None,
            status: FrameStatus::Halt,
            output: Vec::new(),
            gas_left: 0,
        })
    }

    fn emit_log(&mut self, topics: &[B256], data: &[u8]) {
        self.logs.push((topics.to_vec(), data.to_vec()));
    }

    fn pages(&mut self) -> PageCounts {
        self.pages
    }

    fn add_pages(&mut self, pages: u16) -> PageCounts {
        let before = self.pages;
        self.pages.open = before.open.saturating_add(pages);
        self.pages.ever = before.ever.max(self.pages.open);
        before
    }

    fn set_open_pages(&mut self, open: u16) {
        self.pages.open = open;
    }

    fn console_log(&mut self, text: &str) {
        self.console.push(text.to_owned());
    }
}

/// A context with recognisable values.
pub fn context() -> EvmContext {
    EvmContext {
        block_basefee: U256::from(100_000_000u64),
        block_coinbase: Address::repeat_byte(0xc0),
        block_gas_limit: 32_000_000,
        block_number: 1234,
        block_timestamp: 1_700_000_000,
        chain_id: 412_346,
        contract_address: Address::repeat_byte(0xaa),
        msg_sender: Address::repeat_byte(0x55),
        msg_value: U256::from(7u64),
        tx_gas_price: U256::from(100_000_000u64),
        tx_origin: Address::repeat_byte(0x0e),
        reentrant: false,
    }
}

/// Calls `program` with `calldata` and `gas`, non-static, not cached.
pub fn call(program: &Program, host: &mut MockHost, calldata: &[u8], gas: u64) -> Outcome {
    call_with(program, host, calldata, gas, false)
}

/// Calls `program` like [`call`], with every hostio traced.
pub fn call_traced(program: &Program, host: &mut MockHost, calldata: &[u8], gas: u64) -> Outcome {
    execute(
        program,
        host,
        CallInput {
            calldata,
            gas,
            context: context(),
            is_static: false,
            cached: false,
            params: StylusParams::default(),
            trace: true,
        },
    )
}

/// Calls `program`, choosing the static flag.
pub fn call_with(
    program: &Program,
    host: &mut MockHost,
    calldata: &[u8],
    gas: u64,
    is_static: bool,
) -> Outcome {
    execute(
        program,
        host,
        CallInput {
            calldata,
            gas,
            context: context(),
            is_static,
            cached: false,
            params: StylusParams::default(),
            trace: false,
        },
    )
}
