//! The chain: world state, mined blocks, the block being built, time control, snapshots and
//! impersonation. Execution itself is `devnode-evm`'s [`Executor`].

mod dev;
mod filters;
mod persist;
mod store;
mod trace;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use alloy_eips::{BlockId, BlockNumberOrTag};
use alloy_primitives::{Address, B256, U256};
use devnode_evm::{
    BlockInfo, CallRequest, ChainConfig, Executor, Outcome, State, StateOverride, BLOCK_GAS_LIMIT,
    MIN_BASE_FEE,
};
use serde::{Deserialize, Serialize};

pub(crate) use filters::{FilterChanges, FilterKind};
pub(crate) use persist::{load_file, DumpFile};
pub(crate) use store::{StoredBlock, StoredTx};

use crate::{
    rpc::jsonrpc::RpcError,
    tx::{self, SenderTx},
};

/// How many past states the node keeps for calls at historical blocks.
const STATE_HISTORY: usize = 128;

/// A block being built (with `--block-time`, transactions accumulate until the next tick).
#[derive(Clone, Debug)]
struct OpenBlock {
    info: BlockInfo,
    state: State,
    txs: Vec<StoredTx>,
}

/// Everything a snapshot restores.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ChainData {
    /// State after the latest block.
    pub state: State,
    /// Mined blocks; index = number.
    pub blocks: Vec<StoredBlock>,
    /// Seconds added to the wall clock by `evm_increaseTime`.
    pub time_offset: i64,
    /// Timestamp forced for the next block.
    pub next_timestamp: Option<u64>,
    #[serde(skip)]
    open: Option<OpenBlock>,
    #[serde(skip)]
    tx_index: HashMap<B256, (u64, usize)>,
    #[serde(skip)]
    block_index: HashMap<B256, u64>,
}

impl ChainData {
    fn rebuild_indexes(&mut self) {
        self.tx_index.clear();
        self.block_index.clear();
        for block in &self.blocks {
            self.block_index.insert(block.hash, block.number());
            for (i, tx) in block.txs.iter().enumerate() {
                self.tx_index.insert(tx.hash(), (block.number(), i));
            }
        }
    }
}

/// The chain and everything the node keeps about it.
pub(crate) struct Chain {
    chain_id: u64,
    executor: Executor,
    data: ChainData,
    history: VecDeque<(u64, State)>,
    snapshots: BTreeMap<u64, ChainData>,
    next_snapshot: u64,
    impersonated: HashSet<Address>,
    auto_impersonate: bool,
    automine: bool,
    filters: filters::Filters,
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Chain {
    /// A fresh chain: genesis block 0 with `funded` accounts holding `balance` each.
    pub fn new(
        chain_id: u64,
        funded: &[Address],
        balance: U256,
        automine: bool,
        programs_cached: bool,
    ) -> Self {
        let mut state = State::new();
        for address in funded {
            state.set_balance(*address, balance);
        }
        let data = ChainData {
            state,
            blocks: Vec::new(),
            time_offset: 0,
            next_timestamp: None,
            open: None,
            tx_index: HashMap::new(),
            block_index: HashMap::new(),
        };
        let mut chain = Self::from_data(chain_id, data, automine, programs_cached);
        let info = chain.block_info(0, now_seconds());
        chain.push_block(StoredBlock::seal(B256::ZERO, &info, Vec::new()), None);
        chain
    }

    /// A chain restored from a dump.
    pub fn from_dump(
        dump: DumpFile,
        automine: bool,
        programs_cached: bool,
    ) -> Result<Self, crate::Error> {
        let chain_id = dump.chain_id;
        let mut data = dump.data;
        if data.blocks.is_empty() {
            return Err(crate::Error::StateFile(
                "the state file holds no blocks".into(),
            ));
        }
        for (i, block) in data.blocks.iter().enumerate() {
            if block.number() != i as u64 {
                return Err(crate::Error::StateFile(format!(
                    "block {} stored at position {i}",
                    block.number()
                )));
            }
        }
        data.rebuild_indexes();
        Ok(Self::from_data(chain_id, data, automine, programs_cached))
    }

    fn from_data(chain_id: u64, data: ChainData, automine: bool, programs_cached: bool) -> Self {
        let config = ChainConfig {
            chain_id,
            programs_cached,
            ..ChainConfig::default()
        };
        Self {
            chain_id,
            executor: Executor::new(config),
            data,
            history: VecDeque::new(),
            snapshots: BTreeMap::new(),
            next_snapshot: 1,
            impersonated: HashSet::new(),
            auto_impersonate: false,
            automine,
            filters: filters::Filters::default(),
        }
    }

    /// What a dump of the chain contains.
    pub fn dump(&self) -> DumpFile {
        DumpFile::new(self.chain_id, self.data.clone())
    }

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    fn block_info(&self, number: u64, timestamp: u64) -> BlockInfo {
        BlockInfo {
            number,
            timestamp,
            base_fee: MIN_BASE_FEE,
            gas_limit: BLOCK_GAS_LIMIT,
            coinbase: Address::ZERO,
            prevrandao: B256::from(U256::from(1)),
            // Nitro's `block.number` inside programs is an L1 estimate; the devnode has no L1 and
            // reports the L2 number.
            l1_block_number: number,
        }
    }

    // ---- blocks and lookups ----

    /// The latest mined block.
    pub fn latest(&self) -> &StoredBlock {
        // Invariant: the genesis block is pushed at construction and blocks are never emptied.
        self.data
            .blocks
            .last()
            .expect("the chain always has a genesis block")
    }

    /// Number of the latest mined block.
    pub fn latest_number(&self) -> u64 {
        self.latest().number()
    }

    /// The block `number`, if mined.
    pub fn block(&self, number: u64) -> Option<&StoredBlock> {
        usize::try_from(number)
            .ok()
            .and_then(|n| self.data.blocks.get(n))
    }

    /// The block with `hash`, if mined.
    pub fn block_by_hash(&self, hash: &B256) -> Option<&StoredBlock> {
        self.data.block_index.get(hash).and_then(|n| self.block(*n))
    }

    /// Resolves a block tag to a mined block number (`pending` = latest).
    pub fn resolve_number(&self, tag: BlockNumberOrTag) -> Option<u64> {
        match tag {
            BlockNumberOrTag::Number(n) => (n <= self.latest_number()).then_some(n),
            BlockNumberOrTag::Earliest => Some(0),
            _ => Some(self.latest_number()),
        }
    }

    /// Resolves a block id to a mined block number.
    pub fn resolve_id(&self, id: BlockId) -> Option<u64> {
        match id {
            BlockId::Number(tag) => self.resolve_number(tag),
            BlockId::Hash(hash) => self.data.block_index.get(&hash.block_hash).copied(),
        }
    }

    /// A mined transaction by hash: its block and index.
    pub fn transaction(&self, hash: &B256) -> Option<(&StoredBlock, usize)> {
        let (number, index) = self.data.tx_index.get(hash)?;
        self.block(*number).map(|b| (b, *index))
    }

    /// All mined blocks in `from..=to`.
    pub fn blocks_in(&self, from: u64, to: u64) -> impl Iterator<Item = &StoredBlock> {
        let to = to.min(self.latest_number());
        (from..=to).filter_map(move |n| self.block(n))
    }

    /// The state a read at `id` sees: `pending` includes the block being built.
    pub fn state_at(&self, id: BlockId) -> Result<(&State, BlockInfo), RpcError> {
        if matches!(id, BlockId::Number(BlockNumberOrTag::Pending)) {
            if let Some(open) = &self.data.open {
                return Ok((&open.state, open.info.clone()));
            }
        }
        let number = self
            .resolve_id(id)
            .ok_or_else(|| RpcError::server("header not found"))?;
        let info = self.block_info_of(number);
        if number == self.latest_number() {
            return Ok((&self.data.state, info));
        }
        self.history
            .iter()
            .find(|(n, _)| *n == number)
            .map(|(_, state)| (state, info))
            .ok_or_else(|| {
                RpcError::server(format!(
                    "state of block {number} is not available: the node keeps the last \
                     {STATE_HISTORY} blocks"
                ))
            })
    }

    fn block_info_of(&self, number: u64) -> BlockInfo {
        let timestamp = self.block(number).map_or(0, |b| b.header.timestamp);
        self.block_info(number, timestamp)
    }

    /// The environment the next transaction executes in.
    fn pending_info(&mut self) -> BlockInfo {
        if let Some(open) = &self.data.open {
            return open.info.clone();
        }
        let number = self.latest_number() + 1;
        let timestamp = self.next_timestamp();
        self.block_info(number, timestamp)
    }

    fn next_timestamp(&self) -> u64 {
        if let Some(forced) = self.data.next_timestamp {
            return forced;
        }
        let clock = (now_seconds() as i64)
            .saturating_add(self.data.time_offset)
            .max(0) as u64;
        clock.max(self.latest().header.timestamp)
    }

    // ---- mining ----

    fn push_block(&mut self, block: StoredBlock, state: Option<State>) {
        if let Some(state) = state {
            let previous = std::mem::replace(&mut self.data.state, state);
            self.history.push_back((self.latest_number(), previous));
            while self.history.len() > STATE_HISTORY {
                self.history.pop_front();
            }
        }
        let number = block.number();
        self.data.block_index.insert(block.hash, number);
        for (i, tx) in block.txs.iter().enumerate() {
            self.data.tx_index.insert(tx.hash(), (number, i));
        }
        if let Some(forced) = self.data.next_timestamp.take() {
            // Time continues from the forced timestamp.
            self.data.time_offset = forced as i64 - now_seconds() as i64;
        }
        self.data.state.record_block_hash(number, block.hash);
        self.data.blocks.push(block);
    }

    /// Seals the block being built (or an empty one) at `timestamp` (if given) and returns its
    /// number.
    pub fn mine(&mut self, timestamp: Option<u64>) -> Result<u64, RpcError> {
        if let Some(ts) = timestamp {
            self.set_next_timestamp(ts)?;
        }
        let open = match self.data.open.take() {
            Some(open) => open,
            None => {
                let info = self.pending_info();
                OpenBlock {
                    info,
                    state: self.data.state.clone(),
                    txs: Vec::new(),
                }
            }
        };
        let block = StoredBlock::seal(self.latest().hash, &open.info, open.txs);
        let number = block.number();
        self.push_block(block, Some(open.state));
        Ok(number)
    }

    /// Executes a transaction in the block being built; with auto-mining the block is sealed
    /// at once. Invalid transactions are rejected without a trace.
    pub fn submit(&mut self, tx: SenderTx) -> Result<B256, RpcError> {
        let hash = *tx.envelope.tx_hash();
        // A mined duplicate fails the nonce check below, as on geth; only a duplicate of a
        // transaction still waiting for its block is "already known".
        if self
            .data
            .open
            .as_ref()
            .is_some_and(|o| o.txs.iter().any(|t| t.hash() == hash))
        {
            return Err(RpcError::server("already known"));
        }
        let request = tx::to_evm_request(&tx);
        // The block is opened on a scratch copy so a rejected transaction leaves no open block.
        let mut open = match self.data.open.take() {
            Some(open) => open,
            None => {
                let info = self.pending_info();
                OpenBlock {
                    info,
                    state: self.data.state.clone(),
                    txs: Vec::new(),
                }
            }
        };
        let result = self
            .executor
            .transact(&mut open.state, &open.info, &request);
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(e) => {
                if !open.txs.is_empty() {
                    self.data.open = Some(open);
                }
                return Err(crate::rpc::errors::from_evm(e));
            }
        };
        let cumulative = open.txs.last().map_or(0, |t| t.cumulative_gas_used) + outcome.gas_used;
        // As on Nitro, every transaction pays the base fee per gas, whatever its fee fields:
        // devnode-evm drops the tip.
        let effective_gas_price = u128::from(open.info.base_fee);
        open.txs.push(StoredTx {
            envelope: tx.envelope,
            from: tx.from,
            outcome,
            cumulative_gas_used: cumulative,
            effective_gas_price,
            impersonated: tx.impersonated,
        });
        self.data.open = Some(open);
        if self.automine {
            self.mine(None)?;
        }
        Ok(hash)
    }

    /// Runs a call without committing anything.
    pub fn call(
        &self,
        request: &CallRequest,
        at: BlockId,
        overrides: &StateOverride,
    ) -> Result<Outcome, RpcError> {
        let (state, info) = self.state_at(at)?;
        self.executor
            .call(state, &info, request, Some(overrides))
            .map_err(crate::rpc::errors::from_evm)
    }

    /// Estimates the gas `request` needs.
    pub fn estimate_gas(
        &self,
        request: &CallRequest,
        at: BlockId,
        overrides: &StateOverride,
    ) -> Result<u64, RpcError> {
        let (state, info) = self.state_at(at)?;
        self.executor
            .estimate_gas(state, &info, request, Some(overrides))
            .map_err(crate::rpc::errors::from_evm)
    }

    /// The nonce the next transaction of `address` must carry (pending transactions counted).
    pub fn pending_nonce(&self, address: &Address) -> u64 {
        match &self.data.open {
            Some(open) => open.state.nonce(address),
            None => self.data.state.nonce(address),
        }
    }
}
