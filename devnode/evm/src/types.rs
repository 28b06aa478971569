//! Plain value types of the executor's interface: chain and block parameters, transaction and
//! call requests, state overrides, and outcomes.

use std::collections::BTreeMap;

use alloy_primitives::{Address, Bytes, Log, B256, U256};
use serde::{Deserialize, Serialize};

/// Chain id of `nitro --dev`.
pub const DEV_CHAIN_ID: u64 = 412_346;
/// Per-transaction gas limit of Arbitrum chains.
pub const TX_GAS_LIMIT: u64 = 32_000_000;
/// Minimum base fee of the dev chain, in wei (0.1 gwei).
pub const MIN_BASE_FEE: u64 = 100_000_000;
/// Block gas limit Nitro reports in block headers (2^50).
pub const BLOCK_GAS_LIMIT: u64 = 1 << 50;
/// ArbOS version the devnode imitates.
pub const ARBOS_VERSION: u64 = 51;

/// Chain-wide parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainConfig {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Maximum gas of one transaction.
    pub tx_gas_limit: u64,
    /// Whether Stylus programs run with the `console` debug imports available.
    pub debug_mode: bool,
    /// Whether every activated program counts as cached (pays the cached entry gas only), as
    /// programs on `--dev` chains are in practice.
    pub programs_cached: bool,
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: DEV_CHAIN_ID,
            tx_gas_limit: TX_GAS_LIMIT,
            debug_mode: true,
            programs_cached: true,
        }
    }
}

/// Header values of the block a transaction or call executes in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockInfo {
    /// Block number (the L2 number, as `NUMBER` sees it).
    pub number: u64,
    /// Block timestamp, in seconds.
    pub timestamp: u64,
    /// Base fee, in wei.
    pub base_fee: u64,
    /// Block gas limit.
    pub gas_limit: u64,
    /// Fee recipient.
    pub coinbase: Address,
    /// `PREVRANDAO` value.
    pub prevrandao: B256,
    /// What `ArbSys`/Stylus `block_number` report as the L1 block number.
    pub l1_block_number: u64,
}

impl Default for BlockInfo {
    fn default() -> Self {
        Self {
            number: 0,
            timestamp: 0,
            base_fee: MIN_BASE_FEE,
            gas_limit: BLOCK_GAS_LIMIT,
            coinbase: Address::ZERO,
            prevrandao: B256::ZERO,
            l1_block_number: 0,
        }
    }
}

/// One EIP-2930 access-list entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessListEntry {
    /// Accessed account.
    pub address: Address,
    /// Accessed storage keys.
    pub storage_keys: Vec<B256>,
}

/// The fee fields of a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fees {
    /// Legacy or EIP-2930: one gas price.
    Legacy {
        /// Gas price, in wei.
        gas_price: u128,
    },
    /// EIP-1559 fee cap and tip.
    Eip1559 {
        /// `maxFeePerGas`, in wei.
        max_fee_per_gas: u128,
        /// `maxPriorityFeePerGas`, in wei.
        max_priority_fee_per_gas: u128,
    },
}

/// A transaction whose sender is already known (recovered from its signature, or an
/// impersonated / dev account).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxRequest {
    /// Sender.
    pub from: Address,
    /// Recipient; `None` creates a contract.
    pub to: Option<Address>,
    /// Value sent, in wei.
    pub value: U256,
    /// Calldata or initcode.
    pub input: Bytes,
    /// Sender nonce the transaction carries.
    pub nonce: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Fee fields.
    pub fees: Fees,
    /// Chain id the transaction was signed for (`None`: legacy without EIP-155).
    pub chain_id: Option<u64>,
    /// EIP-2930 access list (empty for legacy transactions).
    pub access_list: Vec<AccessListEntry>,
    /// EIP-2718 type: 0 legacy, 1 EIP-2930, 2 EIP-1559.
    pub tx_type: u8,
    /// The sender is impersonated (`anvil_impersonateAccount`): it may have code (EIP-3607 is
    /// skipped). The signature was not checked by anyone.
    pub impersonated: bool,
}

/// An `eth_call` / `eth_estimateGas` request; missing fields take geth's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRequest {
    /// Caller (zero address when absent).
    pub from: Option<Address>,
    /// Callee; `None` simulates a contract creation.
    pub to: Option<Address>,
    /// Gas limit (the transaction gas limit when absent).
    pub gas: Option<u64>,
    /// Gas price; zero when absent, in which case no fee is charged.
    pub gas_price: Option<u128>,
    /// Value, in wei.
    pub value: Option<U256>,
    /// Calldata or initcode.
    pub input: Bytes,
    /// Nonce; when absent the nonce check is skipped.
    pub nonce: Option<u64>,
    /// EIP-2930 access list.
    pub access_list: Vec<AccessListEntry>,
}

/// `eth_call` override of one account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountOverride {
    /// Replacement balance.
    pub balance: Option<U256>,
    /// Replacement nonce.
    pub nonce: Option<u64>,
    /// Replacement code.
    pub code: Option<Bytes>,
    /// Replaces the whole storage: unlisted slots read as zero.
    pub state: Option<BTreeMap<B256, B256>>,
    /// Replaces only the listed slots.
    pub state_diff: Option<BTreeMap<B256, B256>>,
}

/// `eth_call` state overrides, by account.
pub type StateOverride = BTreeMap<Address, AccountOverride>;

/// How an execution ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExecStatus {
    /// Success (`status: 1`).
    Success,
    /// Reverted with data in `output`; unused gas was returned.
    Revert,
    /// Exceptional halt (out of gas, invalid opcode, failed Stylus frame...); all gas spent.
    Halt(String),
}

/// Result of executing a transaction or a call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// How it ended.
    pub status: ExecStatus,
    /// Gas used, after refunds (what a receipt reports).
    pub gas_used: u64,
    /// Return data, or revert data when reverted.
    pub output: Bytes,
    /// Logs emitted (empty unless successful).
    pub logs: Vec<Log>,
    /// Address of the contract created by a creation transaction that succeeded.
    pub created_address: Option<Address>,
}

impl Outcome {
    /// `true` when the execution succeeded.
    pub fn is_success(&self) -> bool {
        self.status == ExecStatus::Success
    }
}
