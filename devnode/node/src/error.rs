//! The crate's error type.

use std::path::PathBuf;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why the node could not start, load or save its state.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A configuration value is unusable.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Binding the listening socket failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A state file is corrupt, from another chain, or could not be produced.
    #[error("state file: {0}")]
    StateFile(String),
    /// The node's runtime could not be started.
    #[error("cannot start the node runtime: {0}")]
    Runtime(std::io::Error),
}
