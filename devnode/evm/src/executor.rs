//! [`Executor`]: transactions, calls and gas estimation against a [`State`].

use std::convert::Infallible;

use alloy_primitives::{Bytes, TxKind, U256};
use revm::{
    context::{
        result::{EVMError, ExecutionResult, HaltReason, InvalidTransaction, Output},
        transaction::{AccessList, AccessListItem},
        BlockEnv, CfgEnv, ContextTr, JournalTr, Transaction, TxEnv,
    },
    database_interface::WrapDatabaseRef,
    handler::{Handler, MainnetHandler},
    primitives::hardfork::SpecId,
    DatabaseRef,
};

use crate::{
    db::ChainDb,
    error::{Error, Result},
    evm::{ArbChain, ArbEvm, Ctx},
    state::State,
    stylus::TxStylusState,
    trace::{TxTrace, TxTracer},
    types::{
        AccessListEntry, BlockInfo, CallRequest, ChainConfig, ExecStatus, Fees, Outcome,
        StateOverride, TxRequest,
    },
};

/// Hard fork the devnode executes (ArbOS 40+ runs Prague semantics).
const SPEC: SpecId = SpecId::PRAGUE;
/// Maximum deployed code size (EIP-170), as on Arbitrum.
const MAX_CODE_SIZE: usize = 24_576;
/// Maximum initcode size (EIP-3860), as on Arbitrum.
const MAX_INITCODE_SIZE: usize = 49_152;
/// Stack an execution runs on. Only touched pages are committed. Nitro's memory-page ramp
/// ends Stylus recursion near 115 nested programs within 32M gas (every frame keeps its pages
/// open); such a chain overflows a 2 MiB thread stack in unoptimised builds, so this leaves a
/// wide margin.
pub const EXECUTION_STACK_BYTES: usize = 64 * 1024 * 1024;

thread_local! {
    /// Whether this thread was started by [`spawn_execution_thread`].
    static LARGE_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts a thread with a stack of [`EXECUTION_STACK_BYTES`] on which every execution runs in
/// place, without a thread of its own (the node serves its requests from one).
pub fn spawn_execution_thread<F, T>(name: &str, f: F) -> std::io::Result<std::thread::JoinHandle<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    std::thread::Builder::new()
        .name(name.into())
        .stack_size(EXECUTION_STACK_BYTES)
        .spawn(move || {
            LARGE_STACK.set(true);
            f()
        })
}
/// What one execution produced: its outcome, its state changes, and its trace when asked for.
type Executed = (Outcome, revm::state::EvmState, Option<TxTrace>);

/// Gas of a plain transfer: the lower bound of every estimate.
const MIN_TX_GAS: u64 = 21_000;

/// Executes transactions and calls; cheap to clone and shareable across threads.
#[derive(Debug, Clone)]
pub struct Executor {
    config: ChainConfig,
}

/// What kind of execution a context is built for.
#[derive(Debug, Clone, Copy)]
struct Mode {
    /// `eth_call`-style: no EOA check (EIP-3607), fees only when a price is given.
    simulate: bool,
    /// Skip the nonce check.
    skip_nonce: bool,
    /// Skip the fee charge and base-fee check.
    free: bool,
    /// Skip EIP-3607 (impersonated senders).
    allow_sender_code: bool,
    /// Record every Stylus hostio.
    trace: bool,
}

impl Executor {
    /// An executor for a chain with `config`.
    pub fn new(config: ChainConfig) -> Self {
        Self { config }
    }

    /// The chain parameters.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    /// Executes `tx` in `block` and commits its effects to `state`.
    ///
    /// An invalid transaction (nonce, funds, gas limits, chain id...) returns an error and leaves
    /// `state` untouched; a transaction that runs but reverts or halts is an [`Outcome`] whose
    /// status says so, and its fee and nonce are still committed.
    pub fn transact(
        &self,
        state: &mut State,
        block: &BlockInfo,
        tx: &TxRequest,
    ) -> Result<Outcome> {
        if let Some(id) = tx.chain_id {
            if id != self.config.chain_id {
                return Err(Error::InvalidChainId);
            }
        }
        if tx.gas_limit > block.gas_limit {
            return Err(Error::GasLimitTooHigh {
                gas_limit: tx.gas_limit,
                cap: block.gas_limit,
            });
        }
        let mode = Mode {
            simulate: false,
            skip_nonce: false,
            free: false,
            allow_sender_code: tx.impersonated,
            trace: false,
        };
        let env = self.tx_env_from_tx(tx);
        let (outcome, changes, _) = self.execute(ChainDb::new(state), block, env, mode)?;
        state.commit(changes);
        Ok(outcome)
    }

    /// Executes `tx` in `block` on top of `state` as [`Executor::transact`] would, without
    /// committing anything, and traces every Stylus hostio (Nitro's `stylusTracer`). To trace a
    /// mined transaction, pass the state its block started from with the block's earlier
    /// transactions applied.
    pub fn trace(
        &self,
        state: &State,
        block: &BlockInfo,
        tx: &TxRequest,
    ) -> Result<(Outcome, TxTrace)> {
        let mode = Mode {
            simulate: false,
            skip_nonce: false,
            free: false,
            allow_sender_code: tx.impersonated,
            trace: true,
        };
        let env = self.tx_env_from_tx(tx);
        let (outcome, _, trace) = self.execute(ChainDb::new(state), block, env, mode)?;
        let trace = trace.ok_or_else(|| Error::Internal("the tracer was not installed".into()))?;
        Ok((outcome, trace))
    }

    /// Executes `req` against `state` (with `overrides` applied) without committing anything.
    /// A gas limit above the per-transaction limit is capped to it, as geth caps `eth_call`.
    pub fn call(
        &self,
        state: &State,
        block: &BlockInfo,
        req: &CallRequest,
        overrides: Option<&StateOverride>,
    ) -> Result<Outcome> {
        let db = match overrides {
            Some(o) => ChainDb::with_overrides(state, o),
            None => ChainDb::new(state),
        };
        // Like geth's RPC gas cap: a larger request is capped, not refused.
        let cap = self.config.tx_gas_limit;
        let gas = req.gas.unwrap_or(cap).min(cap);
        self.simulate(db, block, req, gas).map(|(o, _)| o)
    }

    /// The smallest gas limit with which `req` succeeds, found by binary search as geth does.
    ///
    /// A request that fails even with the maximum gas returns [`Error::Reverted`] (with its
    /// revert data) or [`Error::Halted`].
    pub fn estimate_gas(
        &self,
        state: &State,
        block: &BlockInfo,
        req: &CallRequest,
        overrides: Option<&StateOverride>,
    ) -> Result<u64> {
        let db = match overrides {
            Some(o) => ChainDb::with_overrides(state, o),
            None => ChainDb::new(state),
        };
        let mut hi = req
            .gas
            .unwrap_or(self.config.tx_gas_limit)
            .min(self.config.tx_gas_limit);
        if let Some(price) = req.gas_price.filter(|p| *p > 0) {
            // With a price, the sender's balance caps the gas it can buy (as geth does).
            let balance = db
                .basic_ref(req.from.unwrap_or_default())
                .map_err(|e| match e {})?
                .map_or(U256::ZERO, |a| a.balance);
            let available = balance.saturating_sub(req.value.unwrap_or_default());
            let affordable = available / U256::from(price);
            hi = hi.min(u64::try_from(affordable).unwrap_or(u64::MAX));
        }

        let (first, _) = self.simulate(db, block, req, hi)?;
        match &first.status {
            ExecStatus::Success => {}
            ExecStatus::Revert => {
                return Err(Error::Reverted {
                    output: first.output,
                })
            }
            ExecStatus::Halt(reason) => {
                return Err(Error::Halted {
                    reason: reason.clone(),
                })
            }
        }

        // Invariant of the search: `lo` fails (or is below any valid limit), `hi` succeeds.
        let mut lo = MIN_TX_GAS - 1;
        // Optimistic first probe: what was used, plus the 63/64 that nested calls hold back.
        let guess = first.gas_used.saturating_mul(64) / 63;
        if guess < hi {
            if self.succeeds(db, block, req, guess)? {
                hi = guess;
            } else {
                lo = guess;
            }
        }
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            if self.succeeds(db, block, req, mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    fn succeeds(
        &self,
        db: ChainDb<'_>,
        block: &BlockInfo,
        req: &CallRequest,
        gas: u64,
    ) -> Result<bool> {
        match self.simulate(db, block, req, gas) {
            Ok((outcome, _)) => Ok(outcome.is_success()),
            // Too little gas for the intrinsic cost is a failed probe, not an error.
            Err(Error::IntrinsicGasTooLow { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn simulate(
        &self,
        db: ChainDb<'_>,
        block: &BlockInfo,
        req: &CallRequest,
        gas: u64,
    ) -> Result<(Outcome, revm::state::EvmState)> {
        let from = req.from.unwrap_or_default();
        let sender = db.basic_ref(from).map_err(|e| match e {})?;
        let nonce = req.nonce.unwrap_or(sender.as_ref().map_or(0, |a| a.nonce));
        let price = req.gas_price.unwrap_or(0);
        let value = req.value.unwrap_or_default();
        let balance = sender.as_ref().map_or(U256::ZERO, |a| a.balance);
        if price == 0 && value > balance {
            // With no fee charged revm skips its balance check; geth still refuses the value.
            return Err(Error::InsufficientFunds {
                have: balance,
                want: value,
            });
        }
        let env = TxEnv {
            tx_type: if req.access_list.is_empty() { 0 } else { 1 },
            caller: from,
            gas_limit: gas,
            gas_price: price,
            kind: req.to.map_or(TxKind::Create, TxKind::Call),
            value,
            data: req.input.clone(),
            nonce,
            chain_id: Some(self.config.chain_id),
            access_list: to_access_list(&req.access_list),
            ..TxEnv::default()
        };
        let mode = Mode {
            simulate: true,
            skip_nonce: req.nonce.is_none(),
            free: price == 0,
            allow_sender_code: true,
            trace: false,
        };
        self.execute(db, block, env, mode)
            .map(|(outcome, changes, _)| (outcome, changes))
    }

    fn tx_env_from_tx(&self, tx: &TxRequest) -> TxEnv {
        let (gas_price, gas_priority_fee) = match tx.fees {
            Fees::Legacy { gas_price } => (gas_price, None),
            Fees::Eip1559 {
                max_fee_per_gas,
                max_priority_fee_per_gas,
            } => (max_fee_per_gas, Some(max_priority_fee_per_gas)),
        };
        TxEnv {
            tx_type: tx.tx_type,
            caller: tx.from,
            gas_limit: tx.gas_limit,
            gas_price,
            gas_priority_fee,
            kind: tx.to.map_or(TxKind::Create, TxKind::Call),
            value: tx.value,
            data: tx.input.clone(),
            nonce: tx.nonce,
            chain_id: tx.chain_id,
            access_list: to_access_list(&tx.access_list),
            ..TxEnv::default()
        }
    }

    fn context<'a>(&self, db: ChainDb<'a>, block: &BlockInfo, mode: Mode) -> Ctx<'a> {
        let mut cfg = CfgEnv::new_with_spec(SPEC);
        cfg.chain_id = self.config.chain_id;
        cfg.tx_gas_limit_cap = Some(self.config.tx_gas_limit);
        cfg.limit_contract_code_size = Some(MAX_CODE_SIZE);
        cfg.limit_contract_initcode_size = Some(MAX_INITCODE_SIZE);
        // EIP-3541 is enforced by the frame loop, which lets the Stylus prefix through.
        cfg.disable_eip3541 = true;
        cfg.disable_nonce_check = mode.skip_nonce;
        cfg.disable_eip3607 = mode.allow_sender_code || mode.simulate;
        cfg.disable_base_fee = mode.free;
        cfg.disable_fee_charge = mode.free;
        // A legacy transaction without EIP-155 carries no chain id; revm checks it when present.
        cfg.tx_chain_id_check = true;

        let block_env = BlockEnv {
            number: U256::from(block.number),
            beneficiary: block.coinbase,
            timestamp: U256::from(block.timestamp),
            gas_limit: block.gas_limit,
            basefee: block.base_fee,
            difficulty: U256::ZERO,
            prevrandao: Some(block.prevrandao),
            ..BlockEnv::default()
        };
        let mut ctx = Ctx::new(WrapDatabaseRef(db), SPEC);
        ctx.cfg = cfg;
        ctx.block = block_env;
        ctx.chain = ArbChain {
            config: self.config.clone(),
            l1_block_number: block.l1_block_number,
            stylus: TxStylusState::default(),
            tx_gas_price: 0,
            trace: mode.trace.then(TxTracer::default),
        };
        ctx
    }

    /// Runs one execution where the stack is large enough: Stylus frames nest through native
    /// host calls (program -> hostio -> EVM -> program ...), hundreds deep within the 63/64
    /// rule, which would overflow an ordinary thread's stack. On a thread started by
    /// [`spawn_execution_thread`] it runs in place; anywhere else on a thread of its own. A panic
    /// inside revm or the runtime becomes [`Error::Internal`] instead of taking the caller down.
    fn execute(
        &self,
        db: ChainDb<'_>,
        block: &BlockInfo,
        env: TxEnv,
        mode: Mode,
    ) -> Result<Executed> {
        let run = || self.execute_here(db, block, env, mode);
        if LARGE_STACK.get() {
            return std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
                .map_err(|_| Error::Internal("execution panicked".into()))?;
        }
        std::thread::scope(|scope| {
            let handle = std::thread::Builder::new()
                .name("devnode-evm".into())
                .stack_size(EXECUTION_STACK_BYTES)
                .spawn_scoped(scope, run)
                .map_err(|e| Error::Internal(format!("cannot start the execution thread: {e}")))?;
            handle
                .join()
                .map_err(|_| Error::Internal("execution panicked".into()))?
        })
    }

    fn execute_here(
        &self,
        db: ChainDb<'_>,
        block: &BlockInfo,
        mut env: TxEnv,
        mode: Mode,
    ) -> Result<Executed> {
        // Programs read the price as signed (Nitro's EVM context keeps it); revm charges the
        // base fee only.
        let signed_gas_price = env.effective_gas_price(u128::from(block.base_fee));
        if !mode.free {
            drop_tip(&mut env, block.base_fee, db)?;
        }
        let mut ctx = self.context(db, block, mode);
        ctx.chain.tx_gas_price = signed_gas_price;
        ctx.tx = env;
        let mut evm = ArbEvm::new(ctx);
        let result = MainnetHandler::<ArbEvm<'_>, EVMError<Infallible>, _>::default().run(&mut evm);
        let changes = evm.0.ctx.journal_mut().finalize();
        let tracer = evm.0.ctx.chain.trace.take();
        let result = result.map_err(map_evm_error)?;
        let trace = tracer.map(|t| t.finish(result.gas()));
        Ok((to_outcome(result), changes, trace))
    }
}

/// Nitro charges only the base fee per gas (geth's `DropTip`): a price above it is lowered to
/// the base fee before gas is bought, so the sender pays `gasUsed * baseFee` and the coinbase
/// gets no tip. What revm can no longer check once the tip is gone is checked here against the
/// fields as signed: the tip within the fee cap, and for a legacy price the balance for
/// `gasLimit * gasPrice + value` (an EIP-1559 fee cap stays, and revm checks the balance against
/// it). A fee cap or price below the base fee is left for revm to refuse.
fn drop_tip(env: &mut TxEnv, base_fee: u64, db: ChainDb<'_>) -> Result<()> {
    let base_fee = u128::from(base_fee);
    match env.gas_priority_fee {
        Some(tip) if tip > env.gas_price => Err(Error::TipAboveFeeCap),
        Some(_) => {
            env.gas_priority_fee = Some(0);
            Ok(())
        }
        None if env.gas_price > base_fee => {
            let have = db
                .basic_ref(env.caller)
                .map_err(|e| match e {})?
                .map_or(U256::ZERO, |a| a.balance);
            let want = U256::from(env.gas_limit)
                .saturating_mul(U256::from(env.gas_price))
                .saturating_add(env.value);
            if have < want {
                return Err(Error::InsufficientFunds { have, want });
            }
            env.gas_price = base_fee;
            Ok(())
        }
        None => Ok(()),
    }
}

fn to_access_list(entries: &[AccessListEntry]) -> AccessList {
    AccessList(
        entries
            .iter()
            .map(|e| AccessListItem {
                address: e.address,
                storage_keys: e.storage_keys.clone(),
            })
            .collect(),
    )
}

fn to_outcome(result: ExecutionResult) -> Outcome {
    let gas_used = result.tx_gas_used();
    match result {
        ExecutionResult::Success { logs, output, .. } => {
            let (output, created_address) = match output {
                Output::Call(bytes) => (bytes, None),
                Output::Create(bytes, address) => (bytes, address),
            };
            Outcome {
                status: ExecStatus::Success,
                gas_used,
                output,
                logs,
                created_address,
            }
        }
        ExecutionResult::Revert { output, .. } => Outcome {
            status: ExecStatus::Revert,
            gas_used,
            output,
            logs: Vec::new(),
            created_address: None,
        },
        ExecutionResult::Halt { reason, .. } => Outcome {
            status: ExecStatus::Halt(halt_message(&reason)),
            gas_used,
            output: Bytes::new(),
            logs: Vec::new(),
            created_address: None,
        },
    }
}

/// A readable halt reason: the message a failed Stylus frame or activation left, or revm's
/// reason.
fn halt_message(reason: &HaltReason) -> String {
    match reason {
        HaltReason::PrecompileErrorWithContext(message) => message.clone(),
        HaltReason::OutOfGas(_) => "out of gas".into(),
        other => format!("{other:?}"),
    }
}

fn map_evm_error(e: EVMError<Infallible>) -> Error {
    match e {
        EVMError::Transaction(t) => map_invalid_tx(t),
        EVMError::Header(h) => Error::Internal(format!("invalid block header: {h}")),
        EVMError::Database(never) => match never {},
        EVMError::Custom(s) => Error::Internal(s),
        other => Error::Internal(other.to_string()),
    }
}

fn map_invalid_tx(t: InvalidTransaction) -> Error {
    match t {
        InvalidTransaction::NonceTooLow { tx, state } => Error::NonceTooLow { tx, state },
        InvalidTransaction::NonceTooHigh { tx, state } => Error::NonceTooHigh { tx, state },
        InvalidTransaction::LackOfFundForMaxFee { fee, balance } => Error::InsufficientFunds {
            have: *balance,
            want: *fee,
        },
        InvalidTransaction::CallGasCostMoreThanGasLimit {
            initial_gas,
            gas_limit,
        } => Error::IntrinsicGasTooLow {
            gas_limit,
            intrinsic: initial_gas,
        },
        InvalidTransaction::GasFloorMoreThanGasLimit {
            gas_floor,
            gas_limit,
        } => Error::IntrinsicGasTooLow {
            gas_limit,
            intrinsic: gas_floor,
        },
        InvalidTransaction::TxGasLimitGreaterThanCap { gas_limit, cap } => {
            Error::GasLimitTooHigh { gas_limit, cap }
        }
        InvalidTransaction::GasPriceLessThanBasefee => Error::FeeCapTooLow,
        InvalidTransaction::PriorityFeeGreaterThanMaxFee => Error::TipAboveFeeCap,
        InvalidTransaction::CreateInitCodeSizeLimit => Error::InitcodeTooLarge,
        InvalidTransaction::InvalidChainId | InvalidTransaction::MissingChainId => {
            Error::InvalidChainId
        }
        InvalidTransaction::RejectCallerWithCode => Error::SenderNotEoa,
        other => Error::InvalidTransaction(other.to_string()),
    }
}
