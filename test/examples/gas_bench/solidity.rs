//! The Solidity side: artifacts written by `bench/solidity/compile.js`, deployed by plain CREATE
//! transactions, and the bindings the benchmark needs beyond the scripts' ones (the vaults,
//! absorbers and timelocks share our contracts' ABIs for every function measured).

use std::path::{Path, PathBuf};

use alloy::{
    network::TransactionBuilder,
    primitives::{Address, Bytes},
    providers::Provider,
    rpc::types::{TransactionReceipt, TransactionRequest},
    sol,
};
use backstop_e2e::backstop_scripts::Client;
use eyre::{bail, eyre, Result, WrapErr};

sol! {
    /// bench/solidity/contracts/BenchToken.sol: the asset of every vault.
    #[sol(rpc)]
    interface BenchToken {
        function mint(address to, uint256 amount) external;
        function approve(address spender, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }

    /// bench/solidity/contracts/BenchTarget.sol: what the timelocks execute.
    #[sol(rpc)]
    interface BenchTarget {
        function set(uint256 v) external;
        function value() external view returns (uint256);
    }

    /// The part of ArbWasm (0x71) that reports a program's entry gas and the ink price.
    #[sol(rpc)]
    interface ArbWasmInitGas {
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        function inkPrice() external view returns (uint32 price);
    }
}

/// The compiled Solidity contracts.
pub struct Artifacts {
    dir: PathBuf,
    /// `solc` version, from build-info.json.
    pub solc: String,
    /// `@openzeppelin/contracts` version, from build-info.json.
    pub openzeppelin: String,
}

/// Pulls the string value of `"key": "value"` out of a small JSON file we wrote ourselves.
fn json_string(text: &str, key: &str) -> Option<String> {
    let at = text.find(&format!("\"{key}\""))?;
    let rest = &text[at + key.len() + 2..];
    let open = rest.find('"')?;
    let rest = &rest[open + 1..];
    let close = rest.find('"')?;
    Some(rest[..close].to_string())
}

impl Artifacts {
    /// Opens `dir` (bench/solidity/out), refusing with a hint when the compile step has not run.
    pub fn open(dir: &Path) -> Result<Self> {
        let info_path = dir.join("build-info.json");
        let info = std::fs::read_to_string(&info_path).map_err(|e| {
            eyre!(
                "{}: {e}; compile the Solidity baselines first: bash bench/gas.sh (npm ci + node compile.js)",
                info_path.display()
            )
        })?;
        Ok(Self {
            dir: dir.to_path_buf(),
            solc: json_string(&info, "solc").unwrap_or_else(|| "?".into()),
            openzeppelin: json_string(&info, "openzeppelinContracts").unwrap_or_else(|| "?".into()),
        })
    }

    /// The creation bytecode of `name`.
    pub fn bytecode(&self, name: &str) -> Result<Vec<u8>> {
        let path = self.dir.join(format!("{name}.bin"));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| eyre!("{}: {e}; recompile: bash bench/gas.sh", path.display()))?;
        alloy::hex::decode(text.trim())
            .map_err(|e| eyre!("{}: not hex bytecode: {e}", path.display()))
    }
}

/// A Solidity contract deployed by the benchmark.
pub struct Deployed {
    /// Its address.
    pub address: Address,
    /// The creation transaction's receipt.
    pub receipt: TransactionReceipt,
    /// Size of the runtime code on chain, in bytes.
    pub runtime_size: usize,
}

/// Deploys `name` from the artifacts with ABI-encoded constructor `args`, by a plain CREATE
/// transaction from the client's default sender.
pub async fn deploy(
    client: &Client,
    artifacts: &Artifacts,
    name: &str,
    args: Vec<u8>,
) -> Result<Deployed> {
    let mut code = artifacts.bytecode(name)?;
    code.extend_from_slice(&args);
    let tx = TransactionRequest::default()
        .from(client.sender)
        .with_deploy_code(Bytes::from(code));
    let receipt = client
        .provider
        .send_transaction(tx)
        .await
        .wrap_err_with(|| format!("deploying {name}"))?
        .get_receipt()
        .await
        .wrap_err_with(|| format!("receipt of the {name} deployment"))?;
    if !receipt.status() {
        bail!("deploying {name}: the creation transaction reverted");
    }
    let address = receipt
        .contract_address
        .ok_or_else(|| eyre!("deploying {name}: the receipt names no contract"))?;
    let runtime_size = client.provider.get_code_at(address).await?.len();
    Ok(Deployed {
        address,
        receipt,
        runtime_size,
    })
}
