//! The floor of our stack: the same EVM transactions executed in process, without JSON-RPC,
//! signatures or blocks. `revm` is revm 43 on its own in-memory database; `devnode-evm` is the
//! devnode's executor (revm plus the Stylus frame loop) on the devnode's state, on a thread
//! with the execution stack, as the node runs it.

use std::time::Instant;

use alloy::primitives::{Address, Bytes, TxKind, U256};
use devnode_evm::{BlockInfo, ChainConfig, Executor, Fees, State, TxRequest};
use eyre::{bail, eyre, Result};
use revm::{
    context::{result::ExecutionResult, Context, TxEnv},
    database::{CacheDB, EmptyDB},
    state::AccountInfo,
    ExecuteCommitEvm, MainBuilder, MainContext,
};

/// One transaction of a floor run: to (`None` creates), calldata.
pub type Step = (Option<Address>, Bytes);

/// What a floor run executes: an optional creation, untimed preparation, then the timed steps;
/// both get the created address (zero without a creation).
#[derive(Clone)]
pub struct Workload {
    /// Initcode deployed first.
    pub create: Option<Bytes>,
    /// Untimed steps.
    pub prepare: fn(Address) -> Vec<Step>,
    /// Timed steps.
    pub measured: fn(Address) -> Vec<Step>,
}

/// The account every floor transaction comes from.
pub const SENDER: Address = Address::new([0x5e; 20]);
const GAS: u64 = 1_000_000;

/// Runs `w` with `run` executing one step and returning the address it created; returns the
/// timed steps per second.
fn drive(w: &Workload, mut run: impl FnMut(&Step) -> Result<Option<Address>>) -> Result<f64> {
    let created = match &w.create {
        Some(code) => {
            run(&(None, code.clone()))?.ok_or_else(|| eyre!("the creation made no contract"))?
        }
        None => Address::ZERO,
    };
    for step in (w.prepare)(created) {
        run(&step)?;
    }
    let steps = (w.measured)(created);
    let start = Instant::now();
    for step in &steps {
        run(step)?;
    }
    Ok(steps.len() as f64 / start.elapsed().as_secs_f64())
}

/// Runs `w` on revm alone; returns the timed transactions per second.
pub fn revm(w: &Workload) -> Result<f64> {
    let mut db = CacheDB::<EmptyDB>::default();
    db.insert_account_info(
        SENDER,
        AccountInfo {
            balance: U256::from(10u64).pow(U256::from(24)),
            ..AccountInfo::default()
        },
    );
    let mut evm = Context::mainnet().with_db(db).build_mainnet();
    let mut nonce = 0;
    let run = |(to, input): &Step| -> Result<Option<Address>> {
        let tx = TxEnv {
            caller: SENDER,
            kind: to.map_or(TxKind::Create, TxKind::Call),
            data: input.clone(),
            gas_limit: GAS,
            nonce,
            ..TxEnv::default()
        };
        nonce += 1;
        match evm.transact_commit(tx) {
            Ok(ExecutionResult::Success { output, .. }) => Ok(output.address().copied()),
            Ok(other) => bail!("revm: transaction failed: {other:?}"),
            Err(e) => bail!("revm: transaction refused: {e:?}"),
        }
    };
    drive(w, run)
}

/// The same on the devnode's executor and state.
pub fn devnode_evm(w: &Workload) -> Result<f64> {
    let w = w.clone();
    let worker = devnode_evm::spawn_execution_thread("floor", move || -> Result<f64> {
        let config = ChainConfig::default();
        let chain_id = config.chain_id;
        let executor = Executor::new(config);
        let mut state = State::new();
        state.set_balance(SENDER, U256::from(10u64).pow(U256::from(24)));
        let block = BlockInfo {
            number: 1,
            timestamp: 1_700_000_000,
            base_fee: devnode_evm::MIN_BASE_FEE,
            gas_limit: devnode_evm::BLOCK_GAS_LIMIT,
            coinbase: Address::ZERO,
            prevrandao: Default::default(),
            l1_block_number: 1,
        };
        let mut nonce = 0;
        let run = |(to, input): &Step| -> Result<Option<Address>> {
            let tx = TxRequest {
                from: SENDER,
                to: *to,
                value: U256::ZERO,
                input: input.clone(),
                nonce,
                gas_limit: GAS,
                fees: Fees::Eip1559 {
                    max_fee_per_gas: 10_000_000_000,
                    max_priority_fee_per_gas: 0,
                },
                chain_id: Some(chain_id),
                access_list: Vec::new(),
                tx_type: 2,
                impersonated: false,
            };
            nonce += 1;
            let outcome = executor
                .transact(&mut state, &block, &tx)
                .map_err(|e| eyre!("devnode-evm: transaction refused: {e}"))?;
            if !outcome.is_success() {
                bail!("devnode-evm: transaction failed: {:?}", outcome.status);
            }
            Ok(outcome.created_address)
        };
        drive(&w, run)
    })?;
    worker
        .join()
        .map_err(|_| eyre!("devnode-evm floor panicked"))?
}
