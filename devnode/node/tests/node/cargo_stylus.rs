//! The JSON-RPC sequences of cargo-stylus 0.10.10, replayed as the tool sends them: a provider
//! built as cargo-stylus builds it (alloy's recommended fillers plus a wallet), the same calls in
//! the same order, and the same decoding of replies and errors. The sequences were recorded from
//! runs of the real tool against this node (`check`, `deploy --no-verify` with and without a
//! constructor, `activate`); see the README's cargo-stylus section.

use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::{Provider, ProviderBuilder},
    rpc::types::{
        state::{AccountOverride, StateOverride},
        TransactionRequest,
    },
    sol,
    sol_types::{SolCall, SolEvent},
    transports::RpcError,
};
use stylus_devnode::NodeHandle;

use crate::{
    common::{node, signer},
    stylus::{fixture, initcode, ARB_WASM, STYLUS_DEPLOYER},
};

sol! {
    #[sol(rpc)]
    #[derive(Debug)]
    interface ArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramExpired(uint64 ageInSeconds);
        error ProgramUpToDate();
        error ProgramInsufficientValue(uint256 have, uint256 want);
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
    }

    #[sol(rpc)]
    interface StylusDeployer {
        event ContractDeployed(address deployedContract);
        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract, bytes data);
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt) external payable returns (address);
    }

    function stylus_constructor();
}

/// cargo-stylus's default `--data-fee-bump-percent`.
const DATA_FEE_BUMP_PERCENT: u64 = 20;

/// The read-only provider of `cargo stylus check` (`ProviderBuilder::new().connect(endpoint)`).
fn read_provider(node: &NodeHandle) -> impl Provider + Clone {
    ProviderBuilder::new().connect_http(node.endpoint().parse().expect("the endpoint is a URL"))
}

/// The provider of `cargo stylus deploy`/`activate`: recommended fillers and a wallet with the
/// Nitro dev key.
fn wallet_provider(node: &NodeHandle) -> impl Provider + Clone {
    ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer(node, 0)))
        .connect_http(node.endpoint().parse().expect("the endpoint is a URL"))
}

/// A program with a constructor (`stylus_constructor()` + one word, stored at slot 0), as
/// deployed code: Stylus prefix + brotli.
fn constructed_code() -> Vec<u8> {
    let path = format!(
        "{}/../evm/tests/fixtures/constructed.wat",
        env!("CARGO_MANIFEST_DIR")
    );
    let wasm = wat::parse_file(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"));
    devnode_stylus::compress_wasm(&wasm)
}

/// The ArbWasm error in a JSON-RPC error, decoded as cargo-stylus's `decode_contract_error` does.
fn arbwasm_error(err: &alloy::contract::Error) -> ArbWasm::ArbWasmErrors {
    let alloy::contract::Error::TransportError(transport) = err else {
        panic!("a transport error, got {err}");
    };
    let payload = transport
        .as_error_resp()
        .unwrap_or_else(|| panic!("a JSON-RPC error payload, got {transport}"));
    assert_eq!(payload.code, 3, "reverts are code 3: {payload:?}");
    payload
        .as_decoded_interface_error::<ArbWasm::ArbWasmErrors>()
        .unwrap_or_else(|| panic!("an ArbWasm error in `data`: {payload:?}"))
}

/// `Contract::exists`: `codehashVersion` succeeds for an active program; a program that is not
/// active must revert with one of the three errors cargo-stylus reads as "not active" (any other
/// reply is `UnexpectedArbWasmError`).
async fn exists(provider: &impl Provider, codehash: B256) -> bool {
    match ArbWasm::new(ARB_WASM, provider)
        .codehashVersion(codehash)
        .call()
        .await
    {
        Ok(_) => true,
        Err(err) => match arbwasm_error(&err) {
            ArbWasm::ArbWasmErrors::ProgramNotActivated(_)
            | ArbWasm::ArbWasmErrors::ProgramNeedsUpgrade(_)
            | ArbWasm::ArbWasmErrors::ProgramExpired(_) => false,
            other => panic!("cargo-stylus fails on {other:?}"),
        },
    }
}

/// `activation::data_fee`: an `eth_call` of `activateProgram` from a made-up sender with a
/// `U256::MAX` balance override, the code overridden at `program`, and 1 ETH of value; returns
/// the fee with cargo-stylus's 20% bump.
async fn data_fee(
    provider: &impl Provider,
    code: &[u8],
    program: Address,
) -> Result<U256, alloy::contract::Error> {
    let sender = Address::repeat_byte(0x5e);
    let mut overrides = StateOverride::default();
    overrides.insert(sender, AccountOverride::default().with_balance(U256::MAX));
    overrides.insert(program, AccountOverride::default().with_code(code.to_vec()));
    let result = ArbWasm::new(ARB_WASM, provider)
        .activateProgram(program)
        .state(overrides)
        .from(sender)
        .value(U256::from(10u64).pow(U256::from(18)))
        .call()
        .await?;
    assert_eq!(result.version, 2, "Stylus version 2");
    assert!(result.dataFee > U256::ZERO);
    Ok(result.dataFee * U256::from(100 + DATA_FEE_BUMP_PERCENT) / U256::from(100))
}

/// `DeploymentRequest::exec`: `eth_estimateGas`, `eth_gasPrice`, then the transaction with that
/// gas, the gas price as fee cap and no tip; fails on a failed receipt.
async fn exec(
    provider: &impl Provider,
    tx: TransactionRequest,
) -> alloy::rpc::types::TransactionReceipt {
    let gas = provider.estimate_gas(tx.clone()).await.expect("estimate");
    let gas_price = provider.get_gas_price().await.expect("gas price");
    let tx = tx
        .with_gas_limit(gas)
        .with_max_fee_per_gas(gas_price)
        .with_max_priority_fee_per_gas(0);
    let receipt = provider
        .send_transaction(tx)
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status(), "deploy tx reverted: {receipt:?}");
    assert!(
        receipt.gas_used <= gas,
        "the estimate covers the transaction"
    );
    assert_eq!(receipt.effective_gas_price, gas_price);
    receipt
}

/// `get_address_from_receipt`: the first `ContractDeployed` log, whose data is the address word.
fn deployed_address(receipt: &alloy::rpc::types::TransactionReceipt) -> Address {
    let log = receipt
        .inner
        .logs()
        .iter()
        .find(|l| l.topics().first() == Some(&StylusDeployer::ContractDeployed::SIGNATURE_HASH))
        .expect("a ContractDeployed log");
    assert_eq!(log.data().data.len(), 32, "one unindexed address word");
    Address::from_slice(&log.data().data[12..32])
}

/// `parse_tx_calldata`: `deploy(prelude + code, stylus_constructor() ++ args, value, salt)`.
fn deployer_calldata(code: &[u8], word: u8, salt: B256) -> Bytes {
    let mut init = stylus_constructorCall::SELECTOR.to_vec();
    init.extend_from_slice(B256::with_last_byte(word).as_slice());
    StylusDeployer::deployCall {
        bytecode: initcode(code),
        initData: init.into(),
        initValue: U256::ZERO,
        salt,
    }
    .abi_encode()
    .into()
}

#[tokio::test]
async fn check_then_deploy_with_a_constructor_through_stylus_deployer() {
    let node = node();
    let reader = read_provider(&node);
    let provider = wallet_provider(&node);
    let from = node.accounts()[0].address;
    let code = constructed_code();
    let codehash = keccak256(&code);

    // `cargo stylus check`: not active yet, so the data fee is read with overrides.
    assert!(!exists(&reader, codehash).await);
    let fee = data_fee(&reader, &code, Address::repeat_byte(0xc5))
        .await
        .expect("the data fee");
    assert!(
        reader
            .get_code_at(Address::repeat_byte(0xc5))
            .await
            .unwrap()
            .is_empty(),
        "the override is not committed"
    );

    // `cargo stylus deploy --no-verify --constructor-args 42`: the same check, a balance check,
    // then StylusDeployer.deploy with the bumped fee as value.
    assert!(!exists(&provider, codehash).await);
    let fee_again = data_fee(&provider, &code, Address::repeat_byte(0xc6))
        .await
        .expect("the data fee");
    assert_eq!(fee_again, fee);
    let before = provider.get_balance(from).await.unwrap();
    assert!(before >= fee);
    let tx = TransactionRequest::default()
        .with_to(STYLUS_DEPLOYER)
        .with_from(from)
        .with_value(fee)
        .with_input(deployer_calldata(&code, 42, B256::ZERO));
    let receipt = exec(&provider, tx).await;
    let program = deployed_address(&receipt);
    assert_eq!(
        provider.get_code_at(program).await.unwrap().as_ref(),
        code.as_slice()
    );
    assert_eq!(
        provider.get_storage_at(program, U256::ZERO).await.unwrap(),
        U256::from(42),
        "the constructor ran"
    );
    let activated = receipt
        .inner
        .logs()
        .iter()
        .find_map(|l| ArbWasm::ProgramActivated::decode_log_data(l.data()).ok())
        .expect("ProgramActivated in the same receipt");
    assert_eq!(activated.program, program);
    assert!(activated.dataFee < fee, "the bump is above the fee");
    let after = provider.get_balance(from).await.unwrap();
    let gas_cost = U256::from(u128::from(receipt.gas_used) * receipt.effective_gas_price);
    assert_eq!(
        before - after,
        activated.dataFee + gas_cost,
        "the bump is refunded"
    );

    // Again: the code is active now, so cargo-stylus sends no value and the deployer does not
    // activate.
    assert!(exists(&provider, codehash).await);
    let tx = TransactionRequest::default()
        .with_to(STYLUS_DEPLOYER)
        .with_from(from)
        .with_value(U256::ZERO)
        .with_input(deployer_calldata(&code, 7, B256::ZERO));
    let receipt = exec(&provider, tx).await;
    let second = deployed_address(&receipt);
    assert_ne!(second, program);
    assert!(receipt.inner.logs().iter().all(|l| l.address() != ARB_WASM));
    assert_eq!(
        provider.get_storage_at(second, U256::ZERO).await.unwrap(),
        U256::from(7)
    );

    // `--deployer-salt`: CREATE2; the same salt and init data twice collide, and the estimate
    // fails with StylusDeployer's ContractDeploymentError as revert data.
    let salt = B256::with_last_byte(7);
    let tx = TransactionRequest::default()
        .with_to(STYLUS_DEPLOYER)
        .with_from(from)
        .with_input(deployer_calldata(&code, 9, salt));
    exec(&provider, tx.clone()).await;
    let err = provider.estimate_gas(tx).await.unwrap_err();
    let payload = err.as_error_resp().expect("a JSON-RPC error");
    assert_eq!(payload.code, 3);
    assert!(
        payload
            .as_decoded_error::<StylusDeployer::ContractDeploymentError>()
            .is_some(),
        "{payload:?}"
    );
}

#[tokio::test]
async fn deploy_without_constructor_then_activate_as_a_separate_transaction() {
    let node = node();
    let provider = wallet_provider(&node);
    let from = node.accounts()[0].address;
    let code = devnode_stylus::compress_wasm(&fixture("echo"));

    // `cargo stylus deploy --no-verify --wasm-file` (or `--no-activate`): a plain CREATE.
    data_fee(&provider, &code, Address::repeat_byte(0xc7))
        .await
        .expect("the data fee");
    let tx = TransactionRequest::default()
        .with_from(from)
        .with_deploy_code(initcode(&code));
    let receipt = exec(&provider, tx).await;
    let program = receipt.contract_address.expect("contractAddress");

    // `cargo stylus activate --address`: the fee is read with the deployed code as override at the
    // program's own address, then activateProgram is sent with the fillers' gas and fees.
    let deployed = provider.get_code_at(program).await.unwrap();
    let fee = data_fee(&provider, &deployed, program)
        .await
        .expect("the data fee");
    let arbwasm = ArbWasm::new(ARB_WASM, &provider);
    let gas = arbwasm
        .activateProgram(program)
        .from(from)
        .value(fee)
        .estimate_gas()
        .await
        .expect("`activate --estimate-gas`");
    assert!(gas > 1_000_000, "activation costs at least its fixed gas");
    let receipt = arbwasm
        .activateProgram(program)
        .from(from)
        .value(fee)
        .send()
        .await
        .expect("sent")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status());
    let echo = provider
        .call(
            TransactionRequest::default()
                .with_to(program)
                .with_input(Bytes::from_static(b"hi")),
        )
        .await
        .expect("the program runs");
    assert_eq!(echo.as_ref(), b"hi");

    // Activating again: the fee call reverts with ProgramUpToDate (code 3), which cargo-stylus
    // reports as is.
    let err = data_fee(&provider, &deployed, program).await.unwrap_err();
    assert!(matches!(
        arbwasm_error(&err),
        ArbWasm::ArbWasmErrors::ProgramUpToDate(_)
    ));
}

#[tokio::test]
async fn a_module_without_entrypoint_fails_the_check_naming_pay_for_memory_grow() {
    // What a contract without `#[entrypoint]` compiles to: a growable memory and no imports.
    // cargo-stylus turns an error that mentions `pay_for_memory_grow` into "missing an
    // entrypoint"; Nitro's HeapBound check names that import.
    let wasm = wat::parse_str(
        r#"(module
             (memory (export "memory") 2)
             (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#,
    )
    .unwrap();
    let node = node();
    let reader = read_provider(&node);
    let code = devnode_stylus::compress_wasm(&wasm);
    assert!(!exists(&reader, keccak256(&code)).await);
    let err = data_fee(&reader, &code, Address::repeat_byte(0xc8))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("pay_for_memory_grow"), "{message}");
    let alloy::contract::Error::TransportError(RpcError::ErrorResp(payload)) = &err else {
        panic!("a JSON-RPC error, got {err}");
    };
    assert_ne!(payload.code, 3, "an activation failure is not a revert");
}
