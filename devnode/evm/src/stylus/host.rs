//! The EVM side of one Stylus frame: [`Host`] backed by revm's journal.

use alloy_primitives::{Address, Bytes, Log, B256, U256};
use devnode_stylus::{
    CallKind, CallResult, CreateKind, CreateResult, FrameStatus, Host, HostioRecord, PageCounts,
};
use revm::{
    context::{ContextTr, JournalTr},
    context_interface::Cfg,
    interpreter::{CallScheme, CallValue, CreateScheme, InstructionResult},
};

use crate::{
    evm::{fatal, Ctx, FrameError},
    nested::{self, NestedCall},
    precompiles::ArbPrecompiles,
};

/// The EVM side of one Stylus frame.
pub(super) struct FrameHost<'c, 'a> {
    pub(super) ctx: &'c mut Ctx<'a>,
    pub(super) precompiles: &'c mut ArbPrecompiles,
    /// The address whose storage, balance and logs the frame acts on.
    pub(super) address: Address,
    /// `msg.sender` of the frame (kept for delegate calls made by the program).
    pub(super) caller: Address,
    /// `msg.value` of the frame (kept for delegate calls made by the program).
    pub(super) value: U256,
    /// Whether the frame runs in a static context.
    pub(super) is_static: bool,
    /// EIP-3529 refund accumulated by the frame's SSTOREs and successful sub-frames.
    pub(super) refund: i64,
    /// A database or invariant failure; aborts the transaction once the program returns.
    pub(super) fatal: Option<String>,
}

impl FrameHost<'_, '_> {
    fn fail(&mut self, e: FrameError) {
        if self.fatal.is_none() {
            self.fatal = Some(fatal(e));
        }
    }
}

fn frame_status(result: InstructionResult) -> FrameStatus {
    if result.is_ok() {
        FrameStatus::Success
    } else if result.is_revert() {
        FrameStatus::Revert
    } else {
        FrameStatus::Halt
    }
}

impl Host for FrameHost<'_, '_> {
    fn sload(&mut self, key: B256) -> (B256, u64) {
        let slot = U256::from_be_bytes(key.0);
        match self.ctx.journal_mut().sload(self.address, slot) {
            Ok(load) => {
                let cost = if load.is_cold { 2100 } else { 100 };
                (B256::from(load.data.to_be_bytes()), cost)
            }
            Err(never) => match never {},
        }
    }

    fn sstore(&mut self, key: B256, value: B256) -> u64 {
        let slot = U256::from_be_bytes(key.0);
        let value = U256::from_be_bytes(value.0);
        let load = match self.ctx.journal_mut().sstore(self.address, slot, value) {
            Ok(load) => load,
            Err(never) => match never {},
        };
        let params = self.ctx.cfg.gas_params();
        let cost = params
            .sstore_static_gas()
            .saturating_add(params.sstore_dynamic_gas(true, &load.data, load.is_cold));
        self.refund = self
            .refund
            .saturating_add(params.sstore_refund(true, &load.data));
        cost
    }

    fn tload(&mut self, key: B256) -> B256 {
        let v = self
            .ctx
            .journal_mut()
            .tload(self.address, U256::from_be_bytes(key.0));
        B256::from(v.to_be_bytes())
    }

    fn tstore(&mut self, key: B256, value: B256) {
        self.ctx.journal_mut().tstore(
            self.address,
            U256::from_be_bytes(key.0),
            U256::from_be_bytes(value.0),
        );
    }

    fn access_account(&mut self, address: Address) -> bool {
        match self.ctx.journal_mut().load_account(address) {
            Ok(load) => load.is_cold,
            Err(never) => match never {},
        }
    }

    fn is_empty(&mut self, address: Address) -> bool {
        match self.ctx.journal_mut().load_account(address) {
            Ok(load) => load.data.is_empty() || load.data.is_loaded_as_not_existing(),
            Err(never) => match never {},
        }
    }

    fn balance(&mut self, address: Address) -> U256 {
        match self.ctx.journal_mut().load_account(address) {
            Ok(load) => load.data.info.balance,
            Err(never) => match never {},
        }
    }

    fn code(&mut self, address: Address) -> Vec<u8> {
        match self.ctx.journal_mut().load_account_with_code(address) {
            Ok(load) => load
                .data
                .info
                .code
                .as_ref()
                .map(|c| c.original_byte_slice().to_vec())
                .unwrap_or_default(),
            Err(never) => match never {},
        }
    }

    fn codehash(&mut self, address: Address) -> B256 {
        match self.ctx.journal_mut().load_account_with_code(address) {
            Ok(load) if load.data.is_empty() => B256::ZERO,
            Ok(load) => load.data.info.code_hash,
            Err(never) => match never {},
        }
    }

    fn call(
        &mut self,
        kind: CallKind,
        target: Address,
        input: &[u8],
        value: U256,
        gas: u64,
    ) -> CallResult {
        let (caller, storage_address, value, scheme, is_static) = match kind {
            CallKind::Call => (
                self.address,
                target,
                CallValue::Transfer(value),
                CallScheme::Call,
                false,
            ),
            CallKind::StaticCall => (
                self.address,
                target,
                CallValue::Transfer(U256::ZERO),
                CallScheme::StaticCall,
                true,
            ),
            CallKind::DelegateCall => (
                self.caller,
                self.address,
                CallValue::Apparent(self.value),
                CallScheme::DelegateCall,
                false,
            ),
        };
        let call = NestedCall {
            caller,
            target: storage_address,
            code_address: target,
            value,
            scheme,
            // A frame inside a static context stays static (delegate calls inherit it).
            is_static: is_static || self.is_static,
            input: Bytes::copy_from_slice(input),
            gas,
        };
        match nested::call(self.ctx, self.precompiles, call) {
            Ok(r) => {
                let status = frame_status(r.result);
                if status == FrameStatus::Success {
                    self.refund = self.refund.saturating_add(r.refund);
                }
                CallResult {
                    status,
                    output: if status == FrameStatus::Halt {
                        Vec::new()
                    } else {
                        r.output.to_vec()
                    },
                    gas_left: r.gas_left,
                }
            }
            Err(e) => {
                self.fail(e);
                CallResult {
                    status: FrameStatus::Halt,
                    output: Vec::new(),
                    gas_left: 0,
                }
            }
        }
    }

    fn create(&mut self, kind: CreateKind, code: &[u8], endowment: U256, gas: u64) -> CreateResult {
        let scheme = match kind {
            CreateKind::Create => CreateScheme::Create,
            CreateKind::Create2 { salt } => CreateScheme::Create2 {
                salt: U256::from_be_bytes(salt.0),
            },
        };
        let created = nested::create(
            self.ctx,
            self.precompiles,
            self.address,
            scheme,
            endowment,
            Bytes::copy_from_slice(code),
            gas,
        );
        match created {
            Ok(r) => {
                let status = frame_status(r.result);
                if status == FrameStatus::Success {
                    self.refund = self.refund.saturating_add(r.refund);
                }
                CreateResult {
                    address: if status == FrameStatus::Success {
                        r.address
                    } else {
                        None
                    },
                    status,
                    output: if status == FrameStatus::Revert {
                        r.output.to_vec()
                    } else {
                        Vec::new()
                    },
                    gas_left: r.gas_left,
                }
            }
            Err(e) => {
                self.fail(e);
                CreateResult {
                    address: None,
                    status: FrameStatus::Halt,
                    output: Vec::new(),
                    gas_left: 0,
                }
            }
        }
    }

    fn emit_log(&mut self, topics: &[B256], data: &[u8]) {
        self.ctx.journal_mut().log(Log::new_unchecked(
            self.address,
            topics.to_vec(),
            Bytes::copy_from_slice(data),
        ));
    }

    fn pages(&mut self) -> PageCounts {
        self.ctx.chain.stylus.pages
    }

    fn add_pages(&mut self, pages: u16) -> PageCounts {
        let before = self.ctx.chain.stylus.pages;
        let open = before.open.saturating_add(pages);
        self.ctx.chain.stylus.pages = PageCounts {
            open,
            ever: before.ever.max(open),
        };
        before
    }

    fn set_open_pages(&mut self, open: u16) {
        self.ctx.chain.stylus.pages.open = open;
    }

    fn take_trace(&mut self) -> Option<HostioRecord> {
        self.ctx.chain.trace.as_mut()?.take_last()
    }
}
