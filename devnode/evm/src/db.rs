//! revm's view of a [`State`], optionally under `eth_call` state overrides.

use std::convert::Infallible;

use alloy_primitives::{Address, B256, U256};
use revm::{bytecode::Bytecode, state::AccountInfo, DatabaseRef};

use crate::{
    state::{Code, State},
    types::{AccountOverride, StateOverride},
};

/// A read-only database over a [`State`], with optional overrides on top.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChainDb<'a> {
    state: &'a State,
    overrides: Option<&'a StateOverride>,
}

impl<'a> ChainDb<'a> {
    /// The state as it is.
    pub(crate) fn new(state: &'a State) -> Self {
        Self {
            state,
            overrides: None,
        }
    }

    /// The state with `overrides` applied on reads.
    pub(crate) fn with_overrides(state: &'a State, overrides: &'a StateOverride) -> Self {
        Self {
            state,
            overrides: Some(overrides),
        }
    }

    fn override_of(&self, address: &Address) -> Option<&'a AccountOverride> {
        self.overrides.and_then(|o| o.get(address))
    }
}

impl DatabaseRef for ChainDb<'_> {
    type Error = Infallible;

    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, Self::Error> {
        let base = self.state.account(&address);
        let ov = self.override_of(&address);
        if base.is_none() && ov.is_none() {
            return Ok(None);
        }
        let mut balance = base.map_or(U256::ZERO, |a| a.balance);
        let mut nonce = base.map_or(0, |a| a.nonce);
        let mut code = base.map(|a| a.code.clone()).unwrap_or_default();
        if let Some(ov) = ov {
            if let Some(b) = ov.balance {
                balance = b;
            }
            if let Some(n) = ov.nonce {
                nonce = n;
            }
            if let Some(c) = &ov.code {
                // A Stylus program (`EF F0 00`) is neither EOF nor an EIP-7702 delegation: revm
                // keeps it as raw legacy bytes.
                code = Code::new(c.clone());
            }
        }
        Ok(Some(AccountInfo {
            balance,
            nonce,
            code_hash: code.hash(),
            code: Some(code.bytecode().clone()),
            ..AccountInfo::default()
        }))
    }

    fn code_by_hash_ref(&self, code_hash: B256) -> Result<Bytecode, Self::Error> {
        if let Some(overrides) = self.overrides {
            for ov in overrides.values() {
                if let Some(code) = &ov.code {
                    let code = Code::new(code.clone());
                    if !code.is_empty() && code.hash() == code_hash {
                        return Ok(code.bytecode().clone());
                    }
                }
            }
        }
        Ok(self.state.code_by_hash(code_hash).bytecode().clone())
    }

    fn storage_ref(&self, address: Address, index: U256) -> Result<U256, Self::Error> {
        if let Some(ov) = self.override_of(&address) {
            let key = B256::from(index.to_be_bytes());
            if let Some(full) = &ov.state {
                return Ok(full
                    .get(&key)
                    .map_or(U256::ZERO, |v| U256::from_be_bytes(v.0)));
            }
            if let Some(v) = ov.state_diff.as_ref().and_then(|d| d.get(&key)) {
                return Ok(U256::from_be_bytes(v.0));
            }
        }
        Ok(self.state.storage(&address, index))
    }

    fn block_hash_ref(&self, number: u64) -> Result<B256, Self::Error> {
        Ok(self.state.block_hash(number).unwrap_or_default())
    }
}
