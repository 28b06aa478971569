//! Unknown methods, invalid parameters and development calls the node refuses.

use super::{Call, Generator, TX_REJECTED};

impl Generator<'_> {
    pub(super) fn unknown_method(&mut self) -> Call {
        let fixed = [
            "",
            "eth_getbalance",
            "ETH_CHAINID",
            "eth_chainId ",
            "eth_chainId\u{0}",
            "eth_",
            "eth",
            "_",
            "rpc_modules",
            "debug_traceBlockByNumber",
            "admin_peers",
            "personal_sign",
            "eth_sign",
            "eth_signTransaction",
            "eth_getProof",
            "eth_subscribe",
            "engine_newPayloadV3",
            "hardhat_reset",
            "anvil_dumpState",
            "evm_",
            "net_",
            "web3_",
            "\u{1F980}_crab",
        ];
        let method = match self.rng.below(3) {
            0 => self.rng.pick(&fixed).to_string(),
            1 => {
                let ns = *self
                    .rng
                    .pick(&["eth", "net", "web3", "evm", "anvil", "hardhat", "x"]);
                format!("{ns}_zz{}", self.rng.word())
            }
            _ => "x".repeat(self.rng.range(1, 5000) as usize),
        };
        let params = self.rng.pick(&["[]", "[1,2,3]", "{}", "null"]).to_string();
        Call::new(&method, params, -32601).with(&["does not exist"])
    }

    fn bad_address(&mut self) -> String {
        match self.rng.below(9) {
            0 => format!("\"0x{}\"", self.rng.hex(39)),
            1 => format!("\"0x{}\"", self.rng.hex(42)),
            2 => format!("\"0xzz{}\"", self.rng.hex(38)),
            3 => "true".into(),
            4 => "{}".into(),
            5 => "[]".into(),
            6 => "null".into(),
            7 => format!("{}", self.rng.next()),
            _ => format!("\"{}\"", self.rng.word()),
        }
    }

    fn bad_block(&mut self) -> String {
        match self.rng.below(6) {
            0 => "\"latest1\"".into(),
            1 => "\"0xzz\"".into(),
            2 => "true".into(),
            3 => format!("\"0x{}\"", "f".repeat(self.rng.range(17, 63) as usize)),
            4 => "{\"blockHash\":\"0x12\"}".into(),
            _ => "[\"latest\"]".into(),
        }
    }

    fn deep(&mut self, depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    pub(super) fn good_address(&mut self) -> String {
        format!("\"0x{}\"", self.rng.hex(40))
    }

    pub(super) fn bad_params(&mut self) -> Call {
        let invalid = |method: &str, params: String| Call::new(method, params, -32602);
        let addr = self.good_address();
        match self.rng.below(24) {
            0 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_getCode", "eth_getTransactionCount"]);
                let a = self.bad_address();
                invalid(m, format!("[{a}, \"latest\"]"))
            }
            1 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_getCode", "eth_getTransactionCount"]);
                let b = self.bad_block();
                invalid(m, format!("[{addr}, {b}]"))
            }
            // Too few parameters.
            2 => {
                let (m, p) = *self.rng.pick(&[
                    ("eth_getBalance", "[]"),
                    ("eth_getStorageAt", "[\"0x0000000000000000000000000000000000000001\"]"),
                    ("eth_call", "[]"),
                    ("eth_estimateGas", "[]"),
                    ("eth_sendRawTransaction", "[]"),
                    ("eth_getBlockByNumber", "[]"),
                    ("eth_getBlockByHash", "null"),
                    ("eth_getTransactionReceipt", "[]"),
                    ("eth_feeHistory", "[\"0x1\"]"),
                    ("eth_getLogs", "[]"),
                    ("web3_sha3", "[]"),
                    ("evm_revert", "[]"),
                    ("anvil_setBalance", "[\"0x0000000000000000000000000000000000000001\"]"),
                    ("anvil_setStorageAt", "[\"0x0000000000000000000000000000000000000001\", \"0x0\"]"),
                    ("evm_setAutomine", "[]"),
                ]);
                invalid(m, p.to_string())
            }
            // Too many parameters where the node checks the count.
            3 => {
                let m = *self.rng.pick(&["net_version", "net_listening", "net_peerCount", "web3_clientVersion"]);
                invalid(m, "[1]".into()).with(&["too many arguments"])
            }
            4 => {
                let slot = format!("\"0x{}\"", "1".repeat(self.rng.range(65, 100) as usize));
                invalid("eth_getStorageAt", format!("[{addr}, {slot}, \"latest\"]"))
            }
            5 => {
                let b = self.bad_block();
                invalid("eth_getBlockByNumber", format!("[{b}, false]"))
            }
            6 => invalid("eth_getBlockByNumber", "[\"latest\", \"yes\"]".into()),
            7 => {
                let m = *self.rng.pick(&["eth_getBlockByHash", "eth_getTransactionByHash", "eth_getTransactionReceipt", "eth_getRawTransactionByHash"]);
                let h = format!("\"0x{}\"", self.rng.hex_in(1, 63));
                invalid(m, format!("[{h}, false]"))
            }
            8 => {
                let m = *self.rng.pick(&["eth_call", "eth_estimateGas", "eth_sendTransaction"]);
                let p = *self.rng.pick(&["\"0x12\"", "5", "true", "[]", "\"\""]);
                invalid(m, format!("[{p}]"))
            }
            9 => {
                let m = *self.rng.pick(&["eth_call", "eth_estimateGas", "eth_sendTransaction"]);
                let field = match self.rng.below(7) {
                    0 => "\"to\": \"0x123\"".to_string(),
                    1 => "\"gas\": \"zz\"".to_string(),
                    2 => "\"value\": \"-1\"".to_string(),
                    3 => "\"data\": \"0xz\"".to_string(),
                    4 => format!("\"gas\": \"0x{}\"", "f".repeat(17)),
                    5 => format!("\"value\": \"0x{}\"", "f".repeat(65)),
                    _ => "\"from\": 5".to_string(),
                };
                invalid(m, format!("[{{\"from\": \"0x0000000000000000000000000000000000000001\", {field}}}]"))
            }
            10 => {
                let m = *self.rng.pick(&["eth_call", "eth_estimateGas"]);
                invalid(m, format!("[{{\"to\": {addr}, \"input\": \"0x00\", \"data\": \"0x01\"}}]"))
                    .with(&["not equal"])
            }
            11 => invalid(
                "eth_call",
                format!("[{{\"to\": {addr}}}, \"latest\", {{}}, {{\"number\": \"0x1\"}}]"),
            )
            .with(&["block overrides"]),
            12 => invalid(
                "eth_call",
                format!("[{{\"to\": {addr}}}, \"latest\", {{{addr}: {{\"state\": {{}}, \"stateDiff\": {{}}}}}}]"),
            ),
            13 => {
                let p = *self.rng.pick(&["\"0xzz\"", "\"0x123\"", "123", "{}", "true", "[\"0x00\"]"]);
                invalid("eth_sendRawTransaction", format!("[{p}]"))
            }
            14 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_call", "eth_sendRawTransaction", "eth_getBlockByNumber", "eth_getLogs"]);
                let d = self.rng.range(2, 100) as usize;
                let deep = self.deep(d);
                invalid(m, format!("[{deep}]"))
            }
            15 => {
                let m = *self.rng.pick(&["eth_getBalance", "eth_sendRawTransaction", "eth_call", "evm_mine", "anvil_mine"]);
                let p = *self.rng.pick(&["5", "\"0x1\"", "true", "-1"]);
                invalid(m, p.to_string()).with(&["params must be an array"])
            }
            16 => {
                let f = *self.rng.pick(&["{\"fromBlock\": \"zz\"}", "{\"address\": \"0x12\"}", "{\"topics\": [\"0x12\"]}", "{\"toBlock\": true}"]);
                invalid("eth_getLogs", format!("[{f}]"))
            }
            17 => {
                let p = *self.rng.pick(&["[\"zz\", \"latest\"]", "[\"0x1\", \"zz\"]", "[\"0x1\", \"latest\", \"zz\"]"]);
                invalid("eth_feeHistory", p.to_string())
            }
            18 => invalid("eth_getBalance", format!("[{addr}, 1e300]")),
            19 => {
                let p = *self.rng.pick(&["[\"zz\"]", "[true]", "[\"0x1ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"]"]);
                let m = *self.rng.pick(&["eth_getFilterChanges", "eth_getFilterLogs", "eth_uninstallFilter"]);
                invalid(m, p.to_string())
            }
            20 => invalid("web3_sha3", "[\"0xzz\"]".into()),
            21 => invalid(
                "eth_sendTransaction",
                "[{\"to\": \"0x0000000000000000000000000000000000000001\"}]".into(),
            )
            .with(&["needs a \"from\""]),
            22 => {
                // Both fee kinds.
                let from = self.world.node.accounts()[3].address;
                invalid(
                    "eth_sendTransaction",
                    format!("[{{\"from\": \"{from}\", \"to\": {addr}, \"gas\": \"0x5208\", \"gasPrice\": \"0x5f5e100\", \"maxFeePerGas\": \"0x5f5e100\"}}]"),
                )
                .with(&["both gasPrice"])
            }
            _ => {
                let m = *self.rng.pick(&["eth_getBlockTransactionCountByNumber", "eth_getTransactionByBlockNumberAndIndex", "eth_getBlockReceipts"]);
                let b = self.bad_block();
                invalid(m, format!("[{b}, \"0x0\"]"))
            }
        }
    }

    /// A development method the node refuses: it would change the chain if it were accepted.
    pub(super) fn rejected_dev_call(&mut self) -> Call {
        let addr = self.good_address();
        let bad = self.bad_address();
        let (m, p, code): (&str, String, i64) = match self.rng.below(12) {
            0 => ("evm_revert", "[\"zz\"]".into(), -32602),
            1 => ("evm_increaseTime", "[\"zz\"]".into(), -32602),
            2 => ("evm_setNextBlockTimestamp", "[\"zz\"]".into(), -32602),
            3 => ("evm_setNextBlockTimestamp", "[\"0x1\"]".into(), TX_REJECTED),
            4 => (
                "evm_setNextBlockTimestamp",
                format!("[\"{:#x}\"]", (1u64 << 41) + self.rng.below(1 << 20)),
                -32602,
            ),
            5 => ("anvil_setBalance", format!("[{bad}, \"0x1\"]"), -32602),
            6 => ("anvil_setBalance", format!("[{addr}, \"zz\"]"), -32602),
            7 => ("anvil_setCode", format!("[{addr}, \"0xz\"]"), -32602),
            8 => (
                "anvil_setStorageAt",
                format!("[{addr}, \"0x0\", \"0x12\"]"),
                -32602,
            ),
            9 => (
                "anvil_mine",
                format!("[\"{:#x}\"]", 100_001 + self.rng.below(1 << 30)),
                -32602,
            ),
            10 => ("evm_mine", "[\"zz\"]".into(), -32602),
            _ => (
                *self.rng.pick(&[
                    "evm_setAutomine",
                    "anvil_impersonateAccount",
                    "anvil_setNonce",
                ]),
                "[\"yes\"]".into(),
                -32602,
            ),
        };
        let m = if m.starts_with("anvil_") && self.rng.chance(30) {
            m.replacen("anvil_", "hardhat_", 1)
        } else {
            m.to_string()
        };
        Call::new(&m, p, code)
    }
}
