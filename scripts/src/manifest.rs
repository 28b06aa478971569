//! The deployments manifest: what `deploy` wrote and every other command reads.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use alloy::primitives::{Address, B256};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// One deployed contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeployedContract {
    /// Where it lives.
    pub address: Address,
    /// keccak256 of the deployed (prefixed, compressed) code: the activation key.
    pub code_hash: B256,
    /// The StylusDeployer transaction that created, activated and initialised it.
    pub tx_hash: B256,
}

/// One wiring transaction after the deployments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WiringStep {
    /// What it did, e.g. `vault.setLossModule(absorber)`.
    pub step: String,
    /// Its transaction.
    pub tx_hash: B256,
}

/// A market registered on the absorber at deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketEntry {
    /// The market's address (an EOA or a contract).
    pub address: Address,
    /// Whether it is the test-only MockMarket deployed with the system.
    pub mock: bool,
}

/// Addresses, code hashes and transactions of one deployment of the system.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    /// The chain it is on.
    pub chain_id: u64,
    /// The account that deployed and wired it.
    pub deployer: Address,
    /// The block of the first deployment transaction (log scans start here).
    pub start_block: u64,
    /// The block of the last wiring transaction.
    pub block: u64,
    /// Contracts by their Solidity name (`BackstopVault`, `LossAbsorber`, `GovernanceTimelock`,
    /// `TestStablecoin`, `MockMarket`).
    pub contracts: BTreeMap<String, DeployedContract>,
    /// The asset (the stablecoin the absorber may mint).
    pub asset: Address,
    /// Markets registered at deployment.
    pub markets: Vec<MarketEntry>,
    /// Wiring transactions, in order.
    pub wiring: Vec<WiringStep>,
}

impl Manifest {
    /// The name of the contract at `address`, else the address.
    pub fn name_of(&self, address: Address) -> String {
        self.contracts
            .iter()
            .find(|(_, c)| c.address == address)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| address.to_string())
    }

    /// The address of `name`, or an error naming the missing contract.
    pub fn address(&self, name: &str) -> Result<Address> {
        self.contracts
            .get(name)
            .map(|c| c.address)
            .ok_or_else(|| Error::Manifest {
                path: "(in memory)".into(),
                reason: format!("no {name} in the manifest"),
            })
    }

    /// The vault's address.
    pub fn vault(&self) -> Result<Address> {
        self.address("BackstopVault")
    }

    /// The absorber's address.
    pub fn absorber(&self) -> Result<Address> {
        self.address("LossAbsorber")
    }

    /// The timelock's address.
    pub fn timelock(&self) -> Result<Address> {
        self.address("GovernanceTimelock")
    }

    /// The first MockMarket deployed with the system, if any.
    pub fn mock_market(&self) -> Option<Address> {
        self.markets.iter().find(|m| m.mock).map(|m| m.address)
    }

    /// The default path: `deployments/<chain id>.json`.
    pub fn default_path(chain_id: u64) -> PathBuf {
        PathBuf::from("deployments").join(format!("{chain_id}.json"))
    }

    /// Reads a manifest.
    pub fn load(path: &Path) -> Result<Self> {
        let err = |reason: String| Error::Manifest {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            err(format!(
                "{e} (run `backstop deploy` first, or pass --manifest)"
            ))
        })?;
        serde_json::from_str(&text).map_err(|e| err(e.to_string()))
    }

    /// Writes the manifest (creating its directory), atomically through a temporary file.
    pub fn save(&self, path: &Path) -> Result<()> {
        let err = |reason: String| Error::Manifest {
            path: path.display().to_string(),
            reason,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| err(e.to_string()))?;
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, text + "\n").map_err(|e| err(e.to_string()))?;
        std::fs::rename(&tmp, path).map_err(|e| err(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_on_disk() {
        let mut contracts = BTreeMap::new();
        contracts.insert(
            "BackstopVault".to_string(),
            DeployedContract {
                address: Address::repeat_byte(1),
                code_hash: B256::repeat_byte(2),
                tx_hash: B256::repeat_byte(3),
            },
        );
        let manifest = Manifest {
            chain_id: 412346,
            deployer: Address::repeat_byte(9),
            start_block: 1,
            block: 7,
            contracts,
            asset: Address::repeat_byte(4),
            markets: vec![MarketEntry {
                address: Address::repeat_byte(5),
                mock: true,
            }],
            wiring: vec![],
        };
        let dir = std::env::temp_dir().join(format!("backstop-manifest-{}", std::process::id()));
        let path = dir.join("412346.json");
        manifest.save(&path).unwrap();
        let loaded = Manifest::load(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(loaded, manifest);
        assert_eq!(loaded.vault().unwrap(), Address::repeat_byte(1));
        assert!(loaded.absorber().is_err());
        assert_eq!(loaded.mock_market(), Some(Address::repeat_byte(5)));
    }
}
