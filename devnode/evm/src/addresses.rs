//! Addresses of the Arbitrum system contracts the devnode implements.

use alloy_primitives::{address, Address};

/// ArbSys precompile (`arbBlockNumber`, `arbChainID`, `arbOSVersion`).
pub const ARB_SYS: Address = address!("0000000000000000000000000000000000000064");
/// ArbGasInfo precompile (L1 pricing views; the L1 price is 0 on the devnode).
pub const ARB_GAS_INFO: Address = address!("000000000000000000000000000000000000006c");
/// ArbWasm precompile (Stylus activation and its views).
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// ArbWasmCache precompile (cache manager views).
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// StylusDeployer, as deployed on Arbitrum chains and nitro-devnode.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

/// Accounts present at genesis with placeholder code.
pub const SYSTEM_ACCOUNTS: [Address; 5] = [
    ARB_SYS,
    ARB_GAS_INFO,
    ARB_WASM,
    ARB_WASM_CACHE,
    STYLUS_DEPLOYER,
];
