//! `--dump-state` / `--load-state`: the whole chain (state, blocks, receipts, clock) as JSON.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ChainData;
use crate::{Error, Result};

/// Format version of the state file; bumped when the layout changes.
const FORMAT_VERSION: u32 = 1;

/// The content of a state file.
#[derive(Serialize, Deserialize)]
pub(crate) struct DumpFile {
    /// Layout version.
    pub version: u32,
    /// Chain id the state belongs to.
    pub chain_id: u64,
    /// The chain.
    pub data: ChainData,
}

impl DumpFile {
    /// Wraps chain data for writing.
    pub fn new(chain_id: u64, data: ChainData) -> Self {
        Self {
            version: FORMAT_VERSION,
            chain_id,
            data,
        }
    }

    /// Writes the file atomically (temporary file, then rename), so a crash mid-write never
    /// leaves a truncated state file behind.
    pub fn write(&self, path: &Path) -> Result<()> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let json = serde_json::to_vec(self)
            .map_err(|e| Error::StateFile(format!("cannot serialise the chain: {e}")))?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

/// Reads a state file; a missing, unreadable or corrupt file is an error, never a fresh chain.
pub(crate) fn load_file(path: &Path, chain_id: u64) -> Result<DumpFile> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let dump: DumpFile = serde_json::from_slice(&bytes).map_err(|e| {
        Error::StateFile(format!("{} is not a valid state file: {e}", path.display()))
    })?;
    if dump.version != FORMAT_VERSION {
        return Err(Error::StateFile(format!(
            "{} has format version {}, this node reads version {FORMAT_VERSION}",
            path.display(),
            dump.version
        )));
    }
    if dump.chain_id != chain_id {
        return Err(Error::StateFile(format!(
            "{} holds chain {}, the node is configured for chain {chain_id}",
            path.display(),
            dump.chain_id
        )));
    }
    Ok(dump)
}
