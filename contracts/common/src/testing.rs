//! A test host that simulates one ERC-20 token (feature `testing`, native tests only).
//!
//! `stylus-test`'s `TestVM` answers every call from a table of mocks, and the return data it
//! hands back is that of the most recently *registered* mock, not of the call just made. A
//! contract that makes several token calls with different results (e.g. `balanceOf` then
//! `transfer`) cannot be tested faithfully that way. [`TokenVM`] wraps a `TestVM` and answers
//! calls to one token address itself, keeping real balances and allowances, so tests can check
//! the balance-side invariants (e.g. "the vault holds at least `totalAssets`"). Calls to other
//! addresses go to the wrapped `TestVM` (and its mocks) unchanged.
//!
//! The simulated token implements `transfer`, `transferFrom` (spender = the contract under test),
//! `approve`, `balanceOf`, `decimals`, `totalSupply` and `mint(address,uint256)` (open to anyone;
//! tests that need a minter check use [`TokenVM::set_behaviour`]). A failing call reverts with
//! empty data.
//!
//! Tests can add more simulated contracts with [`TokenVM::simulate`]: calls to their address are
//! answered by a [`Simulated`] implementation, with the same per-call return data.

use alloc::{rc::Rc, vec::Vec};
use core::{cell::RefCell, ops::Deref};
use std::collections::HashMap;

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{prelude::*, testing::TestVM};

use crate::erc20::{
    BALANCE_OF_SELECTOR, DECIMALS_SELECTOR, MINT_SELECTOR, TRANSFER_FROM_SELECTOR,
    TRANSFER_SELECTOR,
};

/// `approve(address,uint256)`
const APPROVE_SELECTOR: [u8; 4] = [0x09, 0x5e, 0xa7, 0xb3];
/// `totalSupply()`
const TOTAL_SUPPLY_SELECTOR: [u8; 4] = [0x18, 0x16, 0x0d, 0xdd];

/// How the simulated token answers state-changing calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenBehaviour {
    /// Standard: moves the amount and returns ABI `true`.
    ReturnsTrue,
    /// USDT-style: moves the amount and returns nothing.
    ReturnsNothing,
    /// Moves nothing and returns ABI `false`.
    ReturnsFalse,
    /// Returns one garbage byte after moving the amount.
    ReturnsGarbage,
    /// Every state-changing call reverts.
    Reverts,
}

/// A contract simulated by a test (see [`TokenVM::simulate`]).
pub trait Simulated {
    /// Answers a call with `calldata` (`mutating` is false for a static call): `Ok` returns the
    /// data, `Err` reverts with it. `vm` gives access to the simulated token, e.g. to pay out.
    fn call(&self, vm: &TokenVM, calldata: &[u8], mutating: bool) -> Result<Vec<u8>, Vec<u8>>;
}

struct TokenState {
    balances: HashMap<Address, U256>,
    allowances: HashMap<(Address, Address), U256>,
    total_supply: U256,
    decimals: u8,
    behaviour: TokenBehaviour,
    /// Return data of the last call answered by the token, `None` if the last call went to the
    /// wrapped `TestVM`.
    last_return: Option<Vec<u8>>,
    /// Number of state-changing calls the token received.
    mutating_calls: u64,
    /// Other simulated contracts, by address.
    simulated: Vec<(Address, Rc<dyn Simulated>)>,
}

/// A `TestVM` plus one simulated ERC-20 token. Derefs to the `TestVM` for `set_sender`,
/// `set_block_timestamp`, `get_emitted_logs` and the rest.
#[derive(Clone)]
pub struct TokenVM {
    vm: TestVM,
    token: Address,
    state: Rc<RefCell<TokenState>>,
}

impl Deref for TokenVM {
    type Target = TestVM;
    fn deref(&self) -> &TestVM {
        &self.vm
    }
}

fn word(v: U256) -> Vec<u8> {
    v.to_be_bytes::<32>().to_vec()
}

fn arg_address(args: &[u8], i: usize) -> Option<Address> {
    let w = args.get(32 * i..32 * i + 32)?;
    if w[..12].iter().any(|&b| b != 0) {
        return None;
    }
    Some(Address::from_slice(&w[12..]))
}

fn arg_u256(args: &[u8], i: usize) -> Option<U256> {
    args.get(32 * i..32 * i + 32).map(U256::from_be_slice)
}

impl TokenVM {
    /// A fresh `TestVM` with a token of `decimals` decimals at `token`.
    pub fn new(token: Address, decimals: u8) -> Self {
        Self {
            vm: TestVM::default(),
            token,
            state: Rc::new(RefCell::new(TokenState {
                balances: HashMap::new(),
                allowances: HashMap::new(),
                total_supply: U256::ZERO,
                decimals,
                behaviour: TokenBehaviour::ReturnsTrue,
                last_return: None,
                mutating_calls: 0,
                simulated: Vec::new(),
            })),
        }
    }

    /// Answers every call to `at` with `contract` from now on.
    pub fn simulate(&self, at: Address, contract: Rc<dyn Simulated>) {
        self.state.borrow_mut().simulated.push((at, contract));
    }

    /// The simulated contract at `at`, if any.
    fn simulated(&self, at: Address) -> Option<Rc<dyn Simulated>> {
        let s = self.state.borrow();
        s.simulated
            .iter()
            .find(|(a, _)| *a == at)
            .map(|(_, c)| Rc::clone(c))
    }

    /// Whether `at` is the token or another simulated contract.
    fn is_simulated(&self, at: Address) -> bool {
        at == self.token || self.simulated(at).is_some()
    }

    /// The simulated token's address.
    pub fn token(&self) -> Address {
        self.token
    }

    /// Token balance of `account`.
    pub fn token_balance(&self, account: Address) -> U256 {
        self.state
            .borrow()
            .balances
            .get(&account)
            .copied()
            .unwrap_or_default()
    }

    /// Total supply of the token.
    pub fn token_supply(&self) -> U256 {
        self.state.borrow().total_supply
    }

    /// Creates `amount` tokens for `to` (test setup, not a contract call).
    pub fn mint_tokens(&self, to: Address, amount: U256) {
        let mut s = self.state.borrow_mut();
        *s.balances.entry(to).or_default() += amount;
        s.total_supply += amount;
    }

    /// Sets the allowance of `spender` over `owner`'s tokens (test setup).
    pub fn approve_tokens(&self, owner: Address, spender: Address, amount: U256) {
        self.state
            .borrow_mut()
            .allowances
            .insert((owner, spender), amount);
    }

    /// Allowance of `spender` over `owner`'s tokens.
    pub fn token_allowance(&self, owner: Address, spender: Address) -> U256 {
        self.state
            .borrow()
            .allowances
            .get(&(owner, spender))
            .copied()
            .unwrap_or_default()
    }

    /// Makes later state-changing calls behave as `behaviour`.
    pub fn set_behaviour(&self, behaviour: TokenBehaviour) {
        self.state.borrow_mut().behaviour = behaviour;
    }

    /// Number of state-changing calls the token has received.
    pub fn mutating_calls(&self) -> u64 {
        self.state.borrow().mutating_calls
    }

    fn move_tokens(s: &mut TokenState, from: Address, to: Address, amount: U256) -> bool {
        let from_balance = s.balances.get(&from).copied().unwrap_or_default();
        if from_balance < amount {
            return false;
        }
        s.balances.insert(from, from_balance - amount);
        *s.balances.entry(to).or_default() += amount;
        true
    }

    /// Executes a state-changing token call from `caller`; `None` means revert.
    fn token_mutating(&self, caller: Address, data: &[u8]) -> Option<Vec<u8>> {
        let mut s = self.state.borrow_mut();
        s.mutating_calls += 1;
        let behaviour = s.behaviour;
        if behaviour == TokenBehaviour::Reverts {
            return None;
        }
        if behaviour == TokenBehaviour::ReturnsFalse {
            return Some(word(U256::ZERO));
        }
        let selector: [u8; 4] = data.get(..4)?.try_into().ok()?;
        let args = &data[4..];
        let ok = match selector {
            TRANSFER_SELECTOR => {
                let (to, amount) = (arg_address(args, 0)?, arg_u256(args, 1)?);
                Self::move_tokens(&mut s, caller, to, amount)
            }
            TRANSFER_FROM_SELECTOR => {
                let (from, to) = (arg_address(args, 0)?, arg_address(args, 1)?);
                let amount = arg_u256(args, 2)?;
                let allowance = s
                    .allowances
                    .get(&(from, caller))
                    .copied()
                    .unwrap_or_default();
                if allowance < amount {
                    return None;
                }
                if !Self::move_tokens(&mut s, from, to, amount) {
                    return None;
                }
                s.allowances.insert((from, caller), allowance - amount);
                true
            }
            APPROVE_SELECTOR => {
                let (spender, amount) = (arg_address(args, 0)?, arg_u256(args, 1)?);
                s.allowances.insert((caller, spender), amount);
                true
            }
            MINT_SELECTOR => {
                let (to, amount) = (arg_address(args, 0)?, arg_u256(args, 1)?);
                s.total_supply = s.total_supply.checked_add(amount)?;
                *s.balances.entry(to).or_default() += amount;
                true
            }
            _ => return None,
        };
        if !ok {
            return None;
        }
        Some(match behaviour {
            TokenBehaviour::ReturnsNothing => Vec::new(),
            TokenBehaviour::ReturnsGarbage => alloc::vec![0x42],
            _ => word(U256::from(1u8)),
        })
    }

    /// Answers a view call to the token; `None` means revert.
    fn token_view(&self, data: &[u8]) -> Option<Vec<u8>> {
        let s = self.state.borrow();
        let selector: [u8; 4] = data.get(..4)?.try_into().ok()?;
        let args = &data[4..];
        match selector {
            BALANCE_OF_SELECTOR => {
                let account = arg_address(args, 0)?;
                Some(word(s.balances.get(&account).copied().unwrap_or_default()))
            }
            DECIMALS_SELECTOR => Some(word(U256::from(s.decimals))),
            TOTAL_SUPPLY_SELECTOR => Some(word(s.total_supply)),
            _ => None,
        }
    }

    /// Answers a call to a simulated contract (the token or another); `None` if `to` is not one.
    /// A failing token call reverts with empty data.
    fn answer(&self, to: Address, data: &[u8], mutating: bool) -> Option<Result<Vec<u8>, Vec<u8>>> {
        if to == self.token {
            let result = if mutating {
                self.token_mutating(self.vm.contract_address(), data)
            } else {
                self.token_view(data)
            };
            return Some(result.ok_or_else(Vec::new));
        }
        let contract = self.simulated(to)?;
        Some(contract.call(self, data, mutating))
    }

    fn finish(&self, result: Result<Vec<u8>, Vec<u8>>, outs_len: &mut usize) -> u8 {
        let (status, data) = match result {
            Ok(data) => (0, data),
            Err(data) => (1, data),
        };
        *outs_len = data.len();
        self.state.borrow_mut().last_return = Some(data);
        status
    }
}

impl Host for TokenVM {}

impl CryptographyAccess for TokenVM {
    fn native_keccak256(&self, input: &[u8]) -> B256 {
        self.vm.native_keccak256(input)
    }
}

impl CalldataAccess for TokenVM {
    fn read_args(&self, len: usize) -> Vec<u8> {
        self.vm.read_args(len)
    }
    fn read_return_data(&self, offset: usize, size: Option<usize>) -> Vec<u8> {
        match &self.state.borrow().last_return {
            Some(data) => {
                let start = offset.min(data.len());
                let end = size.map_or(data.len(), |s| (start + s).min(data.len()));
                data[start..end].to_vec()
            }
            None => self.vm.read_return_data(offset, size),
        }
    }
    fn return_data_size(&self) -> usize {
        match &self.state.borrow().last_return {
            Some(data) => data.len(),
            None => self.vm.return_data_size(),
        }
    }
    fn write_result(&self, data: &[u8]) {
        self.vm.write_result(data)
    }
}

unsafe impl UnsafeDeploymentAccess for TokenVM {
    unsafe fn create1(
        &self,
        code: *const u8,
        code_len: usize,
        endowment: *const u8,
        contract: *mut u8,
        revert_data_len: *mut usize,
    ) {
        // SAFETY: forwarded unchanged; the caller upholds the pointer contracts.
        unsafe {
            self.vm
                .create1(code, code_len, endowment, contract, revert_data_len)
        }
    }
    unsafe fn create2(
        &self,
        code: *const u8,
        code_len: usize,
        endowment: *const u8,
        salt: *const u8,
        contract: *mut u8,
        revert_data_len: *mut usize,
    ) {
        // SAFETY: forwarded unchanged; the caller upholds the pointer contracts.
        unsafe {
            self.vm
                .create2(code, code_len, endowment, salt, contract, revert_data_len)
        }
    }
}

impl StorageAccess for TokenVM {
    fn storage_load_bytes32(&self, key: U256) -> B256 {
        self.vm.storage_load_bytes32(key)
    }
    unsafe fn storage_cache_bytes32(&self, key: U256, value: B256) {
        // SAFETY: forwarded unchanged.
        unsafe { self.vm.storage_cache_bytes32(key, value) }
    }
    fn flush_cache(&self, clear: bool) {
        self.vm.flush_cache(clear)
    }
}

unsafe impl UnsafeCallAccess for TokenVM {
    unsafe fn call_contract(
        &self,
        to: *const u8,
        data: *const u8,
        data_len: usize,
        value: *const u8,
        gas: u64,
        outs_len: &mut usize,
    ) -> u8 {
        // SAFETY: the SDK passes a 20-byte address and `data_len` readable bytes.
        let (to_addr, data_slice) = unsafe {
            (
                Address::from_slice(core::slice::from_raw_parts(to, 20)),
                core::slice::from_raw_parts(data, data_len),
            )
        };
        if let Some(result) = self.answer(to_addr, data_slice, true) {
            return self.finish(result, outs_len);
        }
        self.state.borrow_mut().last_return = None;
        // SAFETY: forwarded unchanged.
        unsafe {
            self.vm
                .call_contract(to, data, data_len, value, gas, outs_len)
        }
    }
    unsafe fn static_call_contract(
        &self,
        to: *const u8,
        data: *const u8,
        data_len: usize,
        gas: u64,
        outs_len: &mut usize,
    ) -> u8 {
        // SAFETY: the SDK passes a 20-byte address and `data_len` readable bytes.
        let (to_addr, data_slice) = unsafe {
            (
                Address::from_slice(core::slice::from_raw_parts(to, 20)),
                core::slice::from_raw_parts(data, data_len),
            )
        };
        if let Some(result) = self.answer(to_addr, data_slice, false) {
            return self.finish(result, outs_len);
        }
        self.state.borrow_mut().last_return = None;
        // SAFETY: forwarded unchanged.
        unsafe {
            self.vm
                .static_call_contract(to, data, data_len, gas, outs_len)
        }
    }
    unsafe fn delegate_call_contract(
        &self,
        to: *const u8,
        data: *const u8,
        data_len: usize,
        gas: u64,
        outs_len: &mut usize,
    ) -> u8 {
        self.state.borrow_mut().last_return = None;
        // SAFETY: forwarded unchanged.
        unsafe {
            self.vm
                .delegate_call_contract(to, data, data_len, gas, outs_len)
        }
    }
}

impl BlockAccess for TokenVM {
    fn block_basefee(&self) -> U256 {
        self.vm.block_basefee()
    }
    fn block_coinbase(&self) -> Address {
        self.vm.block_coinbase()
    }
    fn block_number(&self) -> u64 {
        self.vm.block_number()
    }
    fn block_timestamp(&self) -> u64 {
        self.vm.block_timestamp()
    }
    fn block_gas_limit(&self) -> u64 {
        self.vm.block_gas_limit()
    }
}

impl ChainAccess for TokenVM {
    fn chain_id(&self) -> u64 {
        self.vm.chain_id()
    }
}

impl AccountAccess for TokenVM {
    fn balance(&self, account: Address) -> U256 {
        self.vm.balance(account)
    }
    fn contract_address(&self) -> Address {
        self.vm.contract_address()
    }
    fn code(&self, account: Address) -> Vec<u8> {
        if self.is_simulated(account) {
            return alloc::vec![0xfe];
        }
        self.vm.code(account)
    }
    fn code_size(&self, account: Address) -> usize {
        if self.is_simulated(account) {
            return 1;
        }
        self.vm.code_size(account)
    }
    fn code_hash(&self, account: Address) -> B256 {
        self.vm.code_hash(account)
    }
}

impl MemoryAccess for TokenVM {
    fn pay_for_memory_grow(&self, pages: u16) {
        self.vm.pay_for_memory_grow(pages)
    }
}

impl MessageAccess for TokenVM {
    fn msg_sender(&self) -> Address {
        self.vm.msg_sender()
    }
    fn msg_reentrant(&self) -> bool {
        self.vm.msg_reentrant()
    }
    fn msg_value(&self) -> U256 {
        self.vm.msg_value()
    }
    fn tx_origin(&self) -> Address {
        self.vm.tx_origin()
    }
}

impl MeteringAccess for TokenVM {
    fn evm_gas_left(&self) -> u64 {
        self.vm.evm_gas_left()
    }
    fn evm_ink_left(&self) -> u64 {
        self.vm.evm_ink_left()
    }
    fn tx_gas_price(&self) -> U256 {
        self.vm.tx_gas_price()
    }
    fn tx_ink_price(&self) -> u32 {
        self.vm.tx_ink_price()
    }
}

impl RawLogAccess for TokenVM {
    fn emit_log(&self, input: &[u8], num_topics: usize) {
        self.vm.emit_log(input, num_topics)
    }
    fn raw_log(&self, topics: &[B256], data: &[u8]) -> Result<(), &'static str> {
        self.vm.raw_log(topics, data)
    }
}

/// The canonical signatures (`name(type,...)`), sorted, of the functions in an exported
/// Solidity interface (`abi/*.sol`): what a contract's hand-written router must serve.
pub fn exported_signatures(interface: &str) -> Vec<String> {
    let mut signatures: Vec<String> = interface
        .lines()
        .filter_map(|line| line.trim().strip_prefix("function "))
        .map(|decl| {
            let (name, rest) = decl.split_once('(').expect("function has parameters");
            let params = rest.split_once(')').expect("parameters close").0;
            let types: Vec<&str> = params
                .split(',')
                .filter_map(|p| p.split_whitespace().next())
                .collect();
            format!("{name}({})", types.join(","))
        })
        .collect();
    signatures.sort();
    signatures
}
