use std::path::PathBuf;

/// Everything that can go wrong while building or checking a contract.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A command (cargo, rustup, npm, wasm-opt) could not be started or reported a failure.
    #[error("`{command}` failed{}", if .stderr.is_empty() { String::new() } else { format!(":\n{}", .stderr) })]
    Command {
        /// The command line that failed.
        command: String,
        /// What it printed on stderr.
        stderr: String,
    },
    /// The pinned wasm-opt could not be installed.
    #[error("wasm-opt: {reason}")]
    WasmOpt {
        /// What went wrong.
        reason: String,
    },
    /// A module breaks one of Nitro's activation rules.
    #[error("{contract}: Nitro would refuse this module: {reason}")]
    Refused {
        /// The contract the module belongs to.
        contract: String,
        /// Which rule it breaks.
        reason: String,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error on `path` (for `map_err`).
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}
