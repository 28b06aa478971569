//! Deploying and wiring the system: every program goes through StylusDeployer (create, activate,
//! constructor in one transaction), is checked active with ArbWasm, and is then wired as the
//! lead's deployment sequence says.

use std::collections::BTreeMap;

use alloy::{
    primitives::{address, keccak256, Address, Bytes, FixedBytes, B256, U256},
    providers::Provider,
    rpc::types::{state::AccountOverride, state::StateOverride, TransactionReceipt},
    sol_types::{SolCall, SolConstructor},
};

use crate::{
    bindings::{
        ArbWasm, BackstopVault, GovernanceTimelock, LossAbsorber, MockMarket, StylusDeployer,
        TestStablecoin,
    },
    client::{send, Client},
    manifest::{DeployedContract, Manifest, MarketEntry, WiringStep},
    Error, Result,
};

/// StylusDeployer, at the same address on Arbitrum chains, nitro-devnode and our devnode.
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// The ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// Selector of the SDK's `stylus_constructor()`, which `#[constructor]` is exported as.
pub const STYLUS_CONSTRUCTOR_SELECTOR: [u8; 4] = [0x55, 0x85, 0x25, 0x8d];
/// Sent with a deployment when the data fee cannot be estimated; the excess is refunded.
pub const FALLBACK_ACTIVATION_VALUE: U256 = U256::from_limbs([10_000_000_000_000_000, 0, 0, 0]);

/// The deployable code of each contract, by Solidity name.
#[derive(Clone, Debug, Default)]
pub struct Codes(BTreeMap<String, Vec<u8>>);

impl Codes {
    /// Builds every contract crate with `backstop-build` (release, wasm32, Nitro checks).
    pub fn build() -> Result<Self> {
        let root = backstop_build::workspace_root();
        let artifacts = backstop_build::build_contracts(&root, backstop_build::CONTRACTS)?;
        Ok(Self(
            artifacts
                .into_iter()
                .map(|a| (a.contract.name.to_string(), a.code))
                .collect(),
        ))
    }

    /// Takes the modules a previous build left in `target/wasm32-unknown-unknown/release/opt`
    /// (after wasm-opt), checks them against Nitro's rules and compresses them, without building.
    pub fn from_target_dir() -> Result<Self> {
        let dir = backstop_build::modules_dir(&backstop_build::workspace_root());
        let mut out = BTreeMap::new();
        for contract in backstop_build::CONTRACTS {
            let path = dir.join(contract.wasm_file_name());
            let wasm = std::fs::read(&path).map_err(|e| {
                Error::Invalid(format!(
                    "{}: {e} (build first, or drop --no-build)",
                    path.display()
                ))
            })?;
            backstop_build::check_module(&wasm).map_err(|reason| {
                Error::Invalid(format!(
                    "{}: Nitro would refuse it: {reason}",
                    contract.name
                ))
            })?;
            out.insert(
                contract.name.to_string(),
                backstop_build::stylus_code(&wasm),
            );
        }
        Ok(Self(out))
    }

    /// The code of `name`, or an error if it was not built.
    pub fn get(&self, name: &str) -> Result<&[u8]> {
        self.0
            .get(name)
            .map(Vec::as_slice)
            .ok_or_else(|| Error::Invalid(format!("no code for {name}")))
    }

    /// Compressed sizes, for reporting.
    pub fn sizes(&self) -> impl Iterator<Item = (&str, usize)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.len()))
    }
}

/// Which asset the vault holds.
#[derive(Clone, Debug)]
pub enum AssetChoice {
    /// An existing token (the protocol's mintable stablecoin); its admin must grant the absorber
    /// the minter role if the deployer cannot.
    Existing(Address),
    /// Deploy the test stablecoin with the deployer as admin.
    TestStablecoin {
        /// ERC-20 name.
        name: String,
        /// ERC-20 symbol.
        symbol: String,
        /// Decimals.
        decimals: u8,
    },
}

/// Everything the constructors and the wiring need. Amounts are in the asset's base units,
/// periods in seconds.
#[derive(Clone, Debug)]
pub struct DeployConfig {
    /// The vault's asset.
    pub asset: AssetChoice,
    /// The share token's name.
    pub vault_name: String,
    /// The share token's symbol.
    pub vault_symbol: String,
    /// Guardian of the vault (pause) and of the timelock (veto).
    pub guardian: Address,
    /// The vault's floor that `cover` never pays out.
    pub min_assets: U256,
    /// Cap on the vault's total assets.
    pub deposit_cap: U256,
    /// Exit cooldown, in seconds.
    pub cooldown_period: u64,
    /// Redemption window after the cooldown, in seconds.
    pub unstake_window: u64,
    /// Most the absorber covers per window, across markets.
    pub max_cover_per_window: U256,
    /// The absorber's rolling window, in seconds.
    pub cover_window: u64,
    /// Most the absorber mints per mint period.
    pub mint_cap_per_period: U256,
    /// The mint period, in seconds.
    pub mint_period: u64,
    /// The timelock's minimum delay, in seconds.
    pub min_delay: u64,
    /// The timelock's emergency delay, in seconds (at least one hour).
    pub emergency_delay: u64,
    /// Proposers (and cancellers). Must include the deployer, who completes the handovers.
    pub proposers: Vec<Address>,
    /// Executors (`address(0)` opens execution to anyone).
    pub executors: Vec<Address>,
    /// Markets to register, with their coverage caps.
    pub markets: Vec<(Address, U256)>,
    /// Deploy a MockMarket owned by the deployer and register it with this cap.
    pub mock_market_cap: Option<U256>,
}

impl DeployConfig {
    /// The demo's configuration: a 6-decimal test dollar, SPEC defaults for the periods, a
    /// 2-day timelock with a 1-hour emergency path, a mock market with a 100,000 cap.
    pub fn demo(deployer: Address, guardian: Address) -> Self {
        let unit = U256::from(1_000_000u64);
        Self {
            asset: AssetChoice::TestStablecoin {
                name: "Test USD".into(),
                symbol: "tUSD".into(),
                decimals: 6,
            },
            vault_name: "Backstop tUSD".into(),
            vault_symbol: "bstUSD".into(),
            guardian,
            min_assets: unit,
            deposit_cap: unit * U256::from(10_000_000u64),
            cooldown_period: 10 * DAY,
            unstake_window: 2 * DAY,
            max_cover_per_window: unit * U256::from(500_000u64),
            cover_window: DAY,
            mint_cap_per_period: unit * U256::from(1_000_000u64),
            mint_period: 7 * DAY,
            min_delay: 2 * DAY,
            emergency_delay: 3_600,
            proposers: vec![deployer],
            executors: vec![deployer],
            markets: vec![],
            mock_market_cap: Some(unit * U256::from(100_000u64)),
        }
    }
}

/// One second-resolution day.
pub const DAY: u64 = 86_400;

/// What a deployment step reports as it completes.
#[derive(Clone, Debug)]
pub struct Progress {
    /// 1-based step number.
    pub index: usize,
    /// Number of steps.
    pub total: usize,
    /// What the step did.
    pub what: String,
    /// Its transaction.
    pub tx_hash: B256,
    /// The contract it created, if any.
    pub address: Option<Address>,
}

/// Deploys, activates and wires the whole system from `client.sender`, reporting each step to
/// `progress`; a failed step is returned as [`Error::Step`] naming it.
pub async fn deploy_system(
    client: &Client,
    codes: &Codes,
    config: &DeployConfig,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Manifest> {
    let deployer = client.sender;
    if !config.proposers.contains(&deployer) {
        return Err(Error::Invalid(
            "the deployer must be a proposer: it completes the governance handovers through the \
             timelock (it can renounce the role afterwards)"
                .into(),
        ));
    }
    // The timelock's own rule, checked before anything is deployed.
    if config.emergency_delay < 3_600 || config.emergency_delay > config.min_delay {
        return Err(Error::Invalid(format!(
            "the emergency delay ({} s) must be at least 3600 s and at most the min delay ({} s)",
            config.emergency_delay, config.min_delay
        )));
    }
    let deploy_token = matches!(config.asset, AssetChoice::TestStablecoin { .. });
    let total = 3 // vault, absorber, timelock
        + usize::from(deploy_token)
        + usize::from(config.mock_market_cap.is_some())
        + 1 // setLossModule
        + config.markets.len()
        + usize::from(config.mock_market_cap.is_some())
        + 1 // grantMinter
        + 4; // two transfers, two accepts
    let mut run = Runner {
        client,
        progress,
        index: 0,
        total,
        wiring: Vec::new(),
    };
    let start_block = client.block_number().await?;
    let mut contracts = BTreeMap::new();

    let asset = match &config.asset {
        AssetChoice::Existing(asset) => *asset,
        AssetChoice::TestStablecoin {
            name,
            symbol,
            decimals,
        } => {
            let args = TestStablecoin::constructorCall {
                name: name.clone(),
                symbol: symbol.clone(),
                decimals: *decimals,
                admin: deployer,
            }
            .abi_encode();
            let c = run.program("TestStablecoin", codes, args).await?;
            contracts.insert("TestStablecoin".to_string(), c.clone());
            c.address
        }
    };

    let vault_args = BackstopVault::constructorCall {
        asset,
        name: config.vault_name.clone(),
        symbol: config.vault_symbol.clone(),
        governance: deployer,
        guardian: config.guardian,
        min_assets: config.min_assets,
        deposit_cap: config.deposit_cap,
        cooldown_period: config.cooldown_period,
        unstake_window: config.unstake_window,
    }
    .abi_encode();
    let vault = run.program("BackstopVault", codes, vault_args).await?;
    contracts.insert("BackstopVault".to_string(), vault.clone());

    let absorber_args = LossAbsorber::constructorCall {
        vault: vault.address,
        governance: deployer,
        max_cover_per_window: config.max_cover_per_window,
        cover_window: config.cover_window,
        mint_cap_per_period: config.mint_cap_per_period,
        mint_period: config.mint_period,
    }
    .abi_encode();
    let absorber = run.program("LossAbsorber", codes, absorber_args).await?;
    contracts.insert("LossAbsorber".to_string(), absorber.clone());

    let mut markets: Vec<(Address, U256, bool)> = config
        .markets
        .iter()
        .map(|(m, cap)| (*m, *cap, false))
        .collect();
    if let Some(cap) = config.mock_market_cap {
        let args = MockMarket::constructorCall {
            absorber: absorber.address,
            vault: vault.address,
            asset,
            owner: deployer,
        }
        .abi_encode();
        let mock = run.program("MockMarket", codes, args).await?;
        contracts.insert("MockMarket".to_string(), mock.clone());
        markets.push((mock.address, cap, true));
    }

    let p = &client.provider;
    let vault_c = BackstopVault::new(vault.address, p);
    let absorber_c = LossAbsorber::new(absorber.address, p);
    let token_c = TestStablecoin::new(asset, p);

    run.tx(
        "vault.setLossModule(absorber)",
        vault_c.setLossModule(absorber.address),
    )
    .await?;
    for (market, cap, _) in &markets {
        run.tx(
            &format!("absorber.addMarket({market}, {cap})"),
            absorber_c.addMarket(*market, *cap),
        )
        .await?;
    }
    // The absorber needs the minter role for the emergency mint; only the asset's admin can grant it.
    let admin = token_c.admin().call().await.ok();
    if admin == Some(deployer) {
        run.tx(
            "asset.grantMinter(absorber)",
            token_c.grantMinter(absorber.address),
        )
        .await?;
    } else {
        run.skip("asset.grantMinter(absorber): the deployer is not the asset's admin; the admin must grant it");
    }

    let emergency_mint = FixedBytes(LossAbsorber::emergencyMintCall::SELECTOR);
    let pause = FixedBytes(BackstopVault::pauseCall::SELECTOR);
    let timelock_args = GovernanceTimelock::constructorCall {
        min_delay: U256::from(config.min_delay),
        emergency_delay: U256::from(config.emergency_delay),
        proposers: config.proposers.clone(),
        executors: config.executors.clone(),
        guardian: config.guardian,
        emergency_targets: vec![absorber.address, vault.address],
        emergency_selectors: vec![emergency_mint, pause],
    }
    .abi_encode();
    let timelock = run
        .program("GovernanceTimelock", codes, timelock_args)
        .await?;
    contracts.insert("GovernanceTimelock".to_string(), timelock.clone());
    let timelock_c = GovernanceTimelock::new(timelock.address, p);

    run.tx(
        "vault.transferGovernance(timelock)",
        vault_c.transferGovernance(timelock.address),
    )
    .await?;
    run.tx(
        "absorber.transferGovernance(timelock)",
        absorber_c.transferGovernance(timelock.address),
    )
    .await?;
    run.tx(
        "timelock.acceptGovernance(vault)",
        timelock_c.acceptGovernance(vault.address),
    )
    .await?;
    let last = run
        .tx(
            "timelock.acceptGovernance(absorber)",
            timelock_c.acceptGovernance(absorber.address),
        )
        .await?;

    // The wiring is checked from chain state, not assumed from the receipts.
    let check = |what: &str, ok: bool| {
        if ok {
            Ok(())
        } else {
            Err(Error::Invalid(format!("wiring check failed: {what}")))
        }
    };
    check(
        "vault.governance() == timelock",
        vault_c.governance().call().await? == timelock.address,
    )?;
    check(
        "absorber.governance() == timelock",
        absorber_c.governance().call().await? == timelock.address,
    )?;
    check(
        "vault.lossModule() == absorber",
        vault_c.lossModule().call().await? == absorber.address,
    )?;

    Ok(Manifest {
        chain_id: client.chain_id,
        deployer,
        start_block,
        block: last.block_number.unwrap_or_default(),
        contracts,
        asset,
        markets: markets
            .iter()
            .map(|(address, _, mock)| MarketEntry {
                address: *address,
                mock: *mock,
            })
            .collect(),
        wiring: run.wiring,
    })
}

/// Runs numbered steps and reports them.
struct Runner<'a> {
    client: &'a Client,
    progress: &'a mut dyn FnMut(&Progress),
    index: usize,
    total: usize,
    wiring: Vec<WiringStep>,
}

impl Runner<'_> {
    async fn program(
        &mut self,
        name: &str,
        codes: &Codes,
        args: Vec<u8>,
    ) -> Result<DeployedContract> {
        self.index += 1;
        let step = format!("deploy {name}");
        let code = codes.get(name).map_err(|e| e.in_step(&step))?;
        let deployed = deploy_program(self.client, name, code, &args)
            .await
            .map_err(|e| e.in_step(&step))?;
        (self.progress)(&Progress {
            index: self.index,
            total: self.total,
            what: step,
            tx_hash: deployed.tx_hash,
            address: Some(deployed.address),
        });
        Ok(deployed)
    }

    async fn tx<P: Provider, D: alloy::contract::CallDecoder>(
        &mut self,
        what: &str,
        call: alloy::contract::CallBuilder<P, D>,
    ) -> Result<TransactionReceipt> {
        self.index += 1;
        let receipt = send(call).await.map_err(|e| e.in_step(what))?;
        self.wiring.push(WiringStep {
            step: what.to_string(),
            tx_hash: receipt.transaction_hash,
        });
        (self.progress)(&Progress {
            index: self.index,
            total: self.total,
            what: what.to_string(),
            tx_hash: receipt.transaction_hash,
            address: None,
        });
        Ok(receipt)
    }

    fn skip(&mut self, what: &str) {
        self.index += 1;
        (self.progress)(&Progress {
            index: self.index,
            total: self.total,
            what: format!("skipped {what}"),
            tx_hash: B256::ZERO,
            address: None,
        });
    }
}

/// Deploys one Stylus program through StylusDeployer with `constructor_args` (ABI-encoded, no
/// selector), paying the activation data fee, and checks that it is active.
pub async fn deploy_program(
    client: &Client,
    name: &str,
    code: &[u8],
    constructor_args: &[u8],
) -> Result<DeployedContract> {
    // Refuse before spending gas: Nitro rejects code over the limit, and the revert it gives back
    // through StylusDeployer does not say why.
    if code.len() > backstop_build::MAX_CODE_SIZE {
        return Err(Error::Invalid(format!(
            "{name}: {} bytes of code, over Arbitrum's {}-byte limit",
            code.len(),
            backstop_build::MAX_CODE_SIZE
        )));
    }
    let p = &client.provider;
    let initcode = backstop_build::deploy_initcode(code);
    let mut init_data = STYLUS_CONSTRUCTOR_SELECTOR.to_vec();
    init_data.extend_from_slice(constructor_args);
    let fee = activation_fee(client, code).await;
    // Pay a margin over the estimate (the fee follows the data price); the excess is refunded.
    let value = fee.map_or(FALLBACK_ACTIVATION_VALUE, |f| f + f / U256::from(4));
    let deployer = StylusDeployer::new(STYLUS_DEPLOYER, p);
    // `deploy` is also the name of the instance's own deploy helper: build the call explicitly.
    let call = deployer
        .call_builder(&StylusDeployer::deployCall {
            initcode: Bytes::from(initcode),
            initData: Bytes::from(init_data),
            initValue: U256::ZERO,
            salt: B256::ZERO,
        })
        .value(value);
    let receipt = send(call).await?;
    let address = receipt
        .inner
        .logs()
        .iter()
        .find_map(|log| {
            (log.address() == STYLUS_DEPLOYER)
                .then(|| log.log_decode::<StylusDeployer::ContractDeployed>().ok())
                .flatten()
                .map(|l| l.inner.data.deployedContract)
        })
        .ok_or_else(|| Error::Invalid("StylusDeployer emitted no ContractDeployed".into()))?;
    let code_hash = keccak256(code);
    let arb_wasm = ArbWasm::new(ARB_WASM, p);
    let version = arb_wasm
        .codehashVersion(code_hash)
        .call()
        .await
        .map_err(|e| Error::Activation {
            contract: name.to_string(),
            reason: Error::from(e).to_string(),
        })?;
    let current = arb_wasm.stylusVersion().call().await?;
    if version != current {
        return Err(Error::Activation {
            contract: name.to_string(),
            reason: format!("active at Stylus version {version}, the chain is at {current}"),
        });
    }
    Ok(DeployedContract {
        address,
        code_hash,
        tx_hash: receipt.transaction_hash,
    })
}

/// The activation data fee of `code`, from an `eth_call` of `ArbWasm.activateProgram` with the
/// code placed at a scratch address by a state override (what cargo-stylus does). `None` when
/// the node cannot answer (no state overrides).
pub async fn activation_fee(client: &Client, code: &[u8]) -> Option<U256> {
    let scratch = Address::from_word(keccak256(
        [b"backstop-activation".as_slice(), code].concat(),
    ));
    let mut overrides = StateOverride::default();
    overrides.insert(
        scratch,
        AccountOverride {
            code: Some(Bytes::copy_from_slice(code)),
            ..Default::default()
        },
    );
    overrides.insert(
        client.sender,
        AccountOverride {
            balance: Some(U256::MAX >> 8),
            ..Default::default()
        },
    );
    let arb_wasm = ArbWasm::new(ARB_WASM, &client.provider);
    let call = arb_wasm
        .activateProgram(scratch)
        .from(client.sender)
        .value(FALLBACK_ACTIVATION_VALUE);
    call.call()
        .overrides(overrides)
        .await
        .ok()
        .map(|r| r.dataFee)
}
