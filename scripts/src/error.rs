//! The library's one error type.

use alloy::primitives::{Address, B256};

use crate::revert::decode_revert;

/// Everything the deploy and operation functions can fail with. Reverts carry the decoded
/// Solidity error (name and values).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A call or transaction reverted; the text is the decoded Solidity error.
    #[error("reverted: {0}")]
    Reverted(String),
    /// A mined transaction has status 0.
    #[error("transaction {0} was mined but failed")]
    TxFailed(B256),
    /// The node could not be reached or answered with an error that is not a revert.
    #[error("rpc: {0}")]
    Rpc(String),
    /// A named step of a longer procedure failed.
    // The cause is shown in this message, not exposed as `source()`, so that a report of the
    // error chain (eyre's `{:#}`) does not print it twice.
    #[error("step \"{step}\" failed: {cause}")]
    Step {
        /// Which step.
        step: String,
        /// Why.
        cause: Box<Error>,
    },
    /// An amount the user typed does not parse.
    #[error("invalid amount {input:?}: {reason}")]
    InvalidAmount {
        /// What was typed.
        input: String,
        /// Why it was refused.
        reason: String,
    },
    /// The deployments manifest is missing, unreadable or inconsistent.
    #[error("manifest {path}: {reason}")]
    Manifest {
        /// The manifest's path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A program was deployed but is not active at the node's Stylus version.
    #[error("activation of {contract}: {reason}")]
    Activation {
        /// Which contract.
        contract: String,
        /// What the node said.
        reason: String,
    },
    /// A contract's program cannot run: expired, never activated or activated at an old
    /// Stylus version.
    #[error(
        "{contract} at {address} cannot be called: {why}; `backstop keepalive` activates it again"
    )]
    NotCallable {
        /// The contract's name.
        contract: String,
        /// Its address.
        address: Address,
        /// Its lifetime in words.
        why: String,
    },
    /// Building the contracts failed.
    #[error("build: {0}")]
    Build(#[from] backstop_build::Error),
    /// A user input or configuration is not acceptable.
    #[error("{0}")]
    Invalid(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps `self` as the failure of `step`.
    pub fn in_step(self, step: impl Into<String>) -> Self {
        Error::Step {
            step: step.into(),
            cause: Box::new(self),
        }
    }

    /// The decoded revert, if this error (or the step it failed in) is one.
    pub fn revert_reason(&self) -> Option<&str> {
        match self {
            Error::Reverted(reason) => Some(reason),
            Error::Step { cause, .. } => cause.revert_reason(),
            _ => None,
        }
    }
}

impl From<alloy::contract::Error> for Error {
    fn from(e: alloy::contract::Error) -> Self {
        match e.as_revert_data() {
            Some(data) => Error::Reverted(decode_revert(&data)),
            None => Error::Rpc(e.to_string()),
        }
    }
}

impl From<alloy::transports::TransportError> for Error {
    fn from(e: alloy::transports::TransportError) -> Self {
        match e.as_error_resp().and_then(|r| r.as_revert_data()) {
            Some(data) => Error::Reverted(decode_revert(&data)),
            None => Error::Rpc(e.to_string()),
        }
    }
}

impl From<alloy::providers::PendingTransactionError> for Error {
    fn from(e: alloy::providers::PendingTransactionError) -> Self {
        Error::Rpc(e.to_string())
    }
}

impl From<alloy::sol_types::Error> for Error {
    fn from(e: alloy::sol_types::Error) -> Self {
        Error::Rpc(format!("undecodable return data: {e}"))
    }
}
