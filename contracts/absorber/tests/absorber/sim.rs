//! `VaultVM`: common's `TokenVM` (a TestVM plus a simulated ERC-20 asset) plus a simulated
//! BackstopVault that answers `asset()`, `maxCoverable()` and `cover(uint256,address)` with
//! per-call return data and records every `cover` it receives.
//!
//! TestVM alone hands back the return data of the most recently registered mock, whatever call
//! was made, so a contract that calls `maxCoverable()` and then `cover()` cannot be tested
//! faithfully with mocks.

use std::{cell::RefCell, ops::Deref, rc::Rc};

use alloy_primitives::{Address, B256, U256};
use backstop_common::testing::TokenVM;
use loss_absorber::vault::{ASSET_SELECTOR, COVER_SELECTOR, MAX_COVERABLE_SELECTOR};
use stylus_sdk::prelude::*;

/// How the simulated vault answers `cover`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VaultBehaviour {
    /// Pays `min(amount, maxCoverable)` to the recipient and lowers `maxCoverable` by it.
    Honest,
    /// Reverts every call with this data.
    Reverts(Vec<u8>),
    /// Reports covering one unit less than asked.
    PaysLess,
}

#[derive(Debug)]
struct VaultState {
    max_coverable: U256,
    asset: Address,
    behaviour: VaultBehaviour,
    covers: Vec<(U256, Address)>,
    last_return: Option<Vec<u8>>,
}

/// A TestVM with a simulated asset token and a simulated vault.
#[derive(Clone)]
pub struct VaultVM {
    inner: TokenVM,
    vault: Address,
    state: Rc<RefCell<VaultState>>,
}

impl Deref for VaultVM {
    type Target = TokenVM;
    fn deref(&self) -> &TokenVM {
        &self.inner
    }
}

fn word(v: U256) -> Vec<u8> {
    v.to_be_bytes::<32>().to_vec()
}

impl VaultVM {
    pub fn new(vault: Address, asset: Address) -> Self {
        Self {
            inner: TokenVM::new(asset, 18),
            vault,
            state: Rc::new(RefCell::new(VaultState {
                max_coverable: U256::ZERO,
                asset,
                behaviour: VaultBehaviour::Honest,
                covers: Vec::new(),
                last_return: None,
            })),
        }
    }

    pub fn set_max_coverable(&self, amount: U256) {
        self.state.borrow_mut().max_coverable = amount;
    }

    pub fn max_coverable(&self) -> U256 {
        self.state.borrow().max_coverable
    }

    pub fn set_vault_asset(&self, asset: Address) {
        self.state.borrow_mut().asset = asset;
    }

    pub fn set_vault_behaviour(&self, behaviour: VaultBehaviour) {
        self.state.borrow_mut().behaviour = behaviour;
    }

    /// Every `cover(amount, recipient)` the vault received, in order.
    pub fn covers(&self) -> Vec<(U256, Address)> {
        self.state.borrow().covers.clone()
    }

    fn answer(&self, data: &[u8], mutating: bool) -> Result<Vec<u8>, Vec<u8>> {
        let mut s = self.state.borrow_mut();
        if let VaultBehaviour::Reverts(reason) = &s.behaviour {
            return Err(reason.clone());
        }
        let selector: [u8; 4] = data
            .get(..4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(Vec::new)?;
        match selector {
            MAX_COVERABLE_SELECTOR => Ok(word(s.max_coverable)),
            ASSET_SELECTOR => {
                let mut w = vec![0u8; 12];
                w.extend_from_slice(s.asset.as_slice());
                Ok(w)
            }
            COVER_SELECTOR if mutating && data.len() == 68 => {
                let amount = U256::from_be_slice(&data[4..36]);
                let recipient = Address::from_slice(&data[48..68]);
                s.covers.push((amount, recipient));
                let covered = amount.min(s.max_coverable);
                s.max_coverable -= covered;
                let reported = if s.behaviour == VaultBehaviour::PaysLess {
                    covered.saturating_sub(U256::from(1))
                } else {
                    covered
                };
                drop(s);
                self.inner.mint_tokens(recipient, covered);
                Ok(word(reported))
            }
            _ => Err(Vec::new()),
        }
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

impl Host for VaultVM {}

impl CryptographyAccess for VaultVM {
    fn native_keccak256(&self, input: &[u8]) -> B256 {
        self.inner.native_keccak256(input)
    }
}

impl CalldataAccess for VaultVM {
    fn read_args(&self, len: usize) -> Vec<u8> {
        self.inner.read_args(len)
    }
    fn read_return_data(&self, offset: usize, size: Option<usize>) -> Vec<u8> {
        match &self.state.borrow().last_return {
            Some(data) => {
                let start = offset.min(data.len());
                let end = size.map_or(data.len(), |s| (start + s).min(data.len()));
                data[start..end].to_vec()
            }
            None => self.inner.read_return_data(offset, size),
        }
    }
    fn return_data_size(&self) -> usize {
        match &self.state.borrow().last_return {
            Some(data) => data.len(),
            None => self.inner.return_data_size(),
        }
    }
    fn write_result(&self, data: &[u8]) {
        self.inner.write_result(data)
    }
}

unsafe impl UnsafeDeploymentAccess for VaultVM {
    unsafe fn create1(
        &self,
        code: *const u8,
        code_len: usize,
        endowment: *const u8,
        contract: *mut u8,
        revert_data_len: *mut usize,
    ) {
        // SAFETY: forwarded unchanged.
        unsafe {
            self.inner
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
        // SAFETY: forwarded unchanged.
        unsafe {
            self.inner
                .create2(code, code_len, endowment, salt, contract, revert_data_len)
        }
    }
}

impl StorageAccess for VaultVM {
    fn storage_load_bytes32(&self, key: U256) -> B256 {
        self.inner.storage_load_bytes32(key)
    }
    unsafe fn storage_cache_bytes32(&self, key: U256, value: B256) {
        // SAFETY: forwarded unchanged.
        unsafe { self.inner.storage_cache_bytes32(key, value) }
    }
    fn flush_cache(&self, clear: bool) {
        self.inner.flush_cache(clear)
    }
}

unsafe impl UnsafeCallAccess for VaultVM {
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
        let (to_addr, calldata) = unsafe {
            (
                Address::from_slice(std::slice::from_raw_parts(to, 20)),
                std::slice::from_raw_parts(data, data_len),
            )
        };
        if to_addr == self.vault {
            let result = self.answer(calldata, true);
            return self.finish(result, outs_len);
        }
        self.state.borrow_mut().last_return = None;
        // SAFETY: forwarded unchanged.
        unsafe {
            self.inner
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
        let (to_addr, calldata) = unsafe {
            (
                Address::from_slice(std::slice::from_raw_parts(to, 20)),
                std::slice::from_raw_parts(data, data_len),
            )
        };
        if to_addr == self.vault {
            let result = self.answer(calldata, false);
            return self.finish(result, outs_len);
        }
        self.state.borrow_mut().last_return = None;
        // SAFETY: forwarded unchanged.
        unsafe {
            self.inner
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
            self.inner
                .delegate_call_contract(to, data, data_len, gas, outs_len)
        }
    }
}

impl BlockAccess for VaultVM {
    fn block_basefee(&self) -> U256 {
        self.inner.block_basefee()
    }
    fn block_coinbase(&self) -> Address {
        self.inner.block_coinbase()
    }
    fn block_number(&self) -> u64 {
        self.inner.block_number()
    }
    fn block_timestamp(&self) -> u64 {
        self.inner.block_timestamp()
    }
    fn block_gas_limit(&self) -> u64 {
        self.inner.block_gas_limit()
    }
}

impl ChainAccess for VaultVM {
    fn chain_id(&self) -> u64 {
        self.inner.chain_id()
    }
}

impl AccountAccess for VaultVM {
    fn balance(&self, account: Address) -> U256 {
        self.inner.balance(account)
    }
    fn contract_address(&self) -> Address {
        self.inner.contract_address()
    }
    fn code(&self, account: Address) -> Vec<u8> {
        if account == self.vault {
            return vec![0xfe];
        }
        self.inner.code(account)
    }
    fn code_size(&self, account: Address) -> usize {
        if account == self.vault {
            return 1;
        }
        self.inner.code_size(account)
    }
    fn code_hash(&self, account: Address) -> B256 {
        self.inner.code_hash(account)
    }
}

impl MemoryAccess for VaultVM {
    fn pay_for_memory_grow(&self, pages: u16) {
        self.inner.pay_for_memory_grow(pages)
    }
}

impl MessageAccess for VaultVM {
    fn msg_sender(&self) -> Address {
        self.inner.msg_sender()
    }
    fn msg_reentrant(&self) -> bool {
        self.inner.msg_reentrant()
    }
    fn msg_value(&self) -> U256 {
        self.inner.msg_value()
    }
    fn tx_origin(&self) -> Address {
        self.inner.tx_origin()
    }
}

impl MeteringAccess for VaultVM {
    fn evm_gas_left(&self) -> u64 {
        self.inner.evm_gas_left()
    }
    fn evm_ink_left(&self) -> u64 {
        self.inner.evm_ink_left()
    }
    fn tx_gas_price(&self) -> U256 {
        self.inner.tx_gas_price()
    }
    fn tx_ink_price(&self) -> u32 {
        self.inner.tx_ink_price()
    }
}

impl RawLogAccess for VaultVM {
    fn emit_log(&self, input: &[u8], num_topics: usize) {
        self.inner.emit_log(input, num_topics)
    }
    fn raw_log(&self, topics: &[B256], data: &[u8]) -> Result<(), &'static str> {
        self.inner.raw_log(topics, data)
    }
}
