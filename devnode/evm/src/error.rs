//! The crate's error type.

use alloy_primitives::{Bytes, U256};

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a transaction could not be included, or why a call or estimate failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The transaction nonce is below the sender's nonce.
    #[error("nonce too low: next nonce {state}, tx nonce {tx}")]
    NonceTooLow {
        /// Nonce in the transaction.
        tx: u64,
        /// Sender's current nonce.
        state: u64,
    },
    /// The transaction nonce is above the sender's nonce.
    #[error("nonce too high: next nonce {state}, tx nonce {tx}")]
    NonceTooHigh {
        /// Nonce in the transaction.
        tx: u64,
        /// Sender's current nonce.
        state: u64,
    },
    /// The sender cannot pay `gas_limit * fee + value`.
    #[error("insufficient funds for gas * price + value: have {have} want {want}")]
    InsufficientFunds {
        /// Sender balance.
        have: U256,
        /// Amount needed.
        want: U256,
    },
    /// The gas limit does not cover the intrinsic gas.
    #[error("intrinsic gas too low: gas {gas_limit}, minimum needed {intrinsic}")]
    IntrinsicGasTooLow {
        /// Transaction gas limit.
        gas_limit: u64,
        /// Intrinsic gas (or EIP-7623 floor).
        intrinsic: u64,
    },
    /// The gas limit exceeds the per-transaction cap or the block gas limit.
    #[error("exceeds block gas limit: tx gas limit {gas_limit} above cap {cap}")]
    GasLimitTooHigh {
        /// Transaction gas limit.
        gas_limit: u64,
        /// Cap.
        cap: u64,
    },
    /// The fee cap is below the block base fee.
    #[error("max fee per gas less than block base fee")]
    FeeCapTooLow,
    /// `maxPriorityFeePerGas` exceeds `maxFeePerGas`.
    #[error("max priority fee per gas higher than max fee per gas")]
    TipAboveFeeCap,
    /// The initcode exceeds the EIP-3860 limit.
    #[error("max initcode size exceeded")]
    InitcodeTooLarge,
    /// The transaction was signed for another chain.
    #[error("invalid chain id")]
    InvalidChainId,
    /// The sender has code deployed (EIP-3607) and is not impersonated.
    #[error("sender not an eoa")]
    SenderNotEoa,
    /// Any other transaction validity rule.
    #[error("invalid transaction: {0}")]
    InvalidTransaction(String),
    /// The call reverted (from `estimate_gas`): revert data attached.
    #[error("execution reverted")]
    Reverted {
        /// Revert data.
        output: Bytes,
    },
    /// The call halted even with the maximum gas (from `estimate_gas`).
    #[error("execution failed: {reason}")]
    Halted {
        /// Why it halted.
        reason: String,
    },
    /// The request itself is unusable (e.g. a state override that cannot be applied).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// An invariant of the executor broke; a bug, reported rather than panicking.
    #[error("internal error: {0}")]
    Internal(String),
}
