/// One contract crate of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contract {
    /// The Solidity-facing name, used for ABI file names.
    pub name: &'static str,
    /// The Cargo package.
    pub package: &'static str,
    /// The crate directory, relative to the workspace root.
    pub dir: &'static str,
    /// Whether the contract exists only for tests and the demo.
    pub test_only: bool,
}

impl Contract {
    /// The file name cargo gives the `cdylib` artefact.
    pub fn wasm_file_name(&self) -> String {
        format!("{}.wasm", self.package.replace('-', "_"))
    }
}

/// Every contract crate, the protocol's three first.
pub const CONTRACTS: &[Contract] = &[
    Contract {
        name: "BackstopVault",
        package: "backstop-vault",
        dir: "contracts/vault",
        test_only: false,
    },
    Contract {
        name: "LossAbsorber",
        package: "loss-absorber",
        dir: "contracts/absorber",
        test_only: false,
    },
    Contract {
        name: "GovernanceTimelock",
        package: "governance-timelock",
        dir: "contracts/timelock",
        test_only: false,
    },
    Contract {
        name: "TestStablecoin",
        package: "test-stablecoin",
        dir: "contracts/stablecoin",
        test_only: true,
    },
    Contract {
        name: "MockMarket",
        package: "mock-market",
        dir: "contracts/mock-market",
        test_only: true,
    },
];
