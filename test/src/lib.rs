//! The shared harness of the end-to-end suite: builds the contracts' WASM once per test binary,
//! starts a Stylus devnode in-process (or uses an external node), funds fresh actors, deploys the
//! whole system with the scripts' deploy function, and offers the helpers scenarios need.
//!
//! External node: set `BACKSTOP_RPC_URL` and `BACKSTOP_PRIVATE_KEY` (a funded key), e.g. for
//! nitro-devnode `http://127.0.0.1:8547` and its dev key. Tests that move the clock or
//! impersonate call [`Env::require_time_travel`] first and are skipped there, with the reason
//! printed; every other test runs the same way on both.

use std::sync::OnceLock;

use alloy::{
    primitives::{keccak256, Address, B256, U256},
    signers::local::PrivateKeySigner,
};
use backstop_scripts::{
    deploy_system, derive_signers, parse_private_key, send, AssetChoice, Backstop, Client, Codes,
    DeployConfig, MarketRoute, DAY,
};
use eyre::{eyre, Result, WrapErr};
use stylus_devnode::{NodeConfig, NodeHandle, NITRO_DEV_KEY};

pub use backstop_scripts;

pub mod fuzz;

/// Gas money for the DAO actor (it deploys), in wei: 1 ETH.
const DAO_FUNDING: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);
/// Gas money for every other actor, in wei: 0.1 ETH.
const ACTOR_FUNDING: U256 = U256::from_limbs([100_000_000_000_000_000, 0, 0, 0]);

/// The test asset's decimals.
pub const DECIMALS: u8 = 6;

/// `n` whole units of the 6-decimal test asset.
pub fn units(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000u64)
}

/// The contracts' code, built once per test binary.
pub fn codes() -> &'static Codes {
    static CODES: OnceLock<Codes> = OnceLock::new();
    CODES.get_or_init(|| {
        // Invariant: the suite cannot run without the contracts; a build failure is the test's
        // failure, with cargo's message.
        Codes::build().expect("building the contracts to WASM (see the cargo error above)")
    })
}

/// The accounts that act in the scenarios (fresh keys, funded by the node's funded key).
#[derive(Clone, Debug)]
pub struct Actors {
    /// Deployer, proposer, executor; owner of the MockMarket.
    pub dao: Address,
    /// Guardian of the vault and the timelock.
    pub guardian: Address,
    /// Underwriters.
    pub alice: Address,
    /// Underwriter.
    pub bob: Address,
    /// Underwriter.
    pub carol: Address,
    /// An attacker with no role.
    pub mallory: Address,
    /// An EOA registered as a market, standing for a compromised market.
    pub rogue_market: Address,
}

/// A node and a client holding every actor's key.
pub struct Env {
    /// The client; its default sender is the DAO.
    pub client: Client,
    /// The actors.
    pub actors: Actors,
    /// The endpoint.
    pub url: String,
    /// Whether the node has `evm_increaseTime` (the embedded devnode does; nitro-devnode not).
    pub time_travel: bool,
    /// The DAO actor's key (tests that run their own flows, like the demo, sign with it).
    pub dao_key: PrivateKeySigner,
    /// The in-process node, when no external one is configured.
    _node: Option<NodeHandle>,
}

/// Serialises funding transactions from the one external key within a test binary (tests run
/// in parallel threads and would race for its nonce).
fn funder_lock() -> &'static tokio::sync::Mutex<()> {
    static LOCK: OnceLock<tokio::sync::Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| tokio::sync::Mutex::new(()))
}

impl Env {
    /// Starts a devnode in-process (or connects to `BACKSTOP_RPC_URL` with
    /// `BACKSTOP_PRIVATE_KEY`) and funds fresh actors.
    pub async fn start() -> Result<Self> {
        Self::start_with(DAO_FUNDING, ACTOR_FUNDING).await
    }

    /// [`Env::start`] with 20 ETH per actor, for long fuzz campaigns (thousands of transactions
    /// per actor).
    pub async fn start_funded() -> Result<Self> {
        let rich = DAO_FUNDING * U256::from(20);
        Self::start_with(rich, rich).await
    }

    /// An in-process devnode started with `config` (`BACKSTOP_RPC_URL` is ignored), the actors
    /// derived from `seed`: nodes started with the same seed and driven through the same
    /// transactions have the same actors and contract addresses (the gas benchmark runs its
    /// operations once with cached and once with uncached programs this way).
    pub async fn start_embedded(config: NodeConfig, seed: B256) -> Result<Self> {
        Self::start_on(Some(config), Some(seed), DAO_FUNDING, ACTOR_FUNDING).await
    }

    async fn start_with(dao_funding: U256, actor_funding: U256) -> Result<Self> {
        Self::start_on(None, None, dao_funding, actor_funding).await
    }

    async fn start_on(
        embedded: Option<NodeConfig>,
        seed: Option<B256>,
        dao_funding: U256,
        actor_funding: U256,
    ) -> Result<Self> {
        let external = std::env::var("BACKSTOP_RPC_URL")
            .ok()
            .filter(|u| !u.is_empty() && embedded.is_none());
        let (url, funder, node) = match external {
            Some(url) => {
                let key = std::env::var("BACKSTOP_PRIVATE_KEY").map_err(|_| {
                    eyre!("BACKSTOP_RPC_URL is set: BACKSTOP_PRIVATE_KEY must give a funded key")
                })?;
                (url, parse_private_key(&key)?, None)
            }
            None => {
                let node = stylus_devnode::spawn(embedded.unwrap_or_else(NodeConfig::test))
                    .map_err(|e| eyre!("starting the devnode: {e}"))?;
                let key = PrivateKeySigner::from_bytes(&NITRO_DEV_KEY)?;
                (node.endpoint(), key, Some(node))
            }
        };
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
        let seed = seed.unwrap_or_else(|| {
            keccak256(
                [
                    funder.address().as_slice(),
                    &std::process::id().to_be_bytes(),
                    &now.as_nanos().to_be_bytes(),
                    format!("{:?}", std::thread::current().id()).as_bytes(),
                ]
                .concat(),
            )
        });
        let keys = derive_signers(seed, 7);
        let funding = Client::connect(&url, vec![funder]).await?;
        {
            let _guard = funder_lock().lock().await;
            for (i, key) in keys.iter().enumerate() {
                let value = if i == 0 { dao_funding } else { actor_funding };
                funding
                    .fund(key.address(), value)
                    .await
                    .wrap_err("funding a test actor")?;
            }
        }
        let addr = |i: usize| keys[i].address();
        let actors = Actors {
            dao: addr(0),
            guardian: addr(1),
            alice: addr(2),
            bob: addr(3),
            carol: addr(4),
            mallory: addr(5),
            rogue_market: addr(6),
        };
        let mut keys = keys.into_iter();
        let dao_key = keys.next().ok_or_else(|| eyre!("derived no keys"))?;
        let rest: Vec<_> = keys.collect();
        let client = Client::with_signers(&url, dao_key.clone(), &rest).await?;
        let time_travel = client.supports_time_travel().await;
        Ok(Self {
            client,
            actors,
            url,
            time_travel,
            dao_key,
            _node: node,
        })
    }

    /// Returns false, after printing why, when the node cannot move its clock: the calling test
    /// should return early (skipped) then.
    pub fn require_time_travel(&self, test: &str) -> bool {
        if !self.time_travel {
            println!(
                "SKIPPED {test}: the node at {} has no evm_increaseTime (nitro-devnode and real \
                 chains do not); this test needs time travel",
                self.url
            );
        }
        self.time_travel
    }

    /// The suite's deployment: SPEC default periods, a 2-day timelock with a 1-hour emergency
    /// path, a MockMarket (cap 100,000) and the rogue EOA market (cap 50,000), cover window
    /// 60,000 per day, mint cap 80,000 per week.
    pub fn config(&self) -> DeployConfig {
        let a = &self.actors;
        DeployConfig {
            asset: AssetChoice::TestStablecoin {
                name: "Test USD".into(),
                symbol: "tUSD".into(),
                decimals: DECIMALS,
            },
            vault_name: "Backstop tUSD".into(),
            vault_symbol: "bstUSD".into(),
            guardian: a.guardian,
            min_assets: units(1),
            deposit_cap: units(10_000_000),
            cooldown_period: 10 * DAY,
            unstake_window: 2 * DAY,
            max_cover_per_window: units(60_000),
            cover_window: DAY,
            mint_cap_per_period: units(80_000),
            mint_period: 7 * DAY,
            min_delay: 2 * DAY,
            emergency_delay: 3_600,
            proposers: vec![a.dao],
            executors: vec![a.dao],
            markets: vec![(a.rogue_market, units(50_000))],
            mock_market_cap: Some(units(100_000)),
        }
    }

    /// Deploys with [`Env::config`].
    pub async fn deploy(&self) -> Result<System> {
        self.deploy_with(self.config()).await
    }

    /// Deploys with `config`, grants the DAO the test stablecoin's minter role (it is the
    /// token's admin) so scenarios can hand out test dollars.
    pub async fn deploy_with(&self, config: DeployConfig) -> Result<System> {
        let mut steps = Vec::new();
        let manifest = deploy_system(&self.client, codes(), &config, &mut |p| {
            steps.push((p.index, p.total))
        })
        .await
        .wrap_err("deploying the system")?;
        // The progress reads "[i/n]" for i = 1..=n, each step once.
        let numbered = steps
            .iter()
            .enumerate()
            .all(|(i, &(index, total))| index == i + 1 && total == steps.len());
        eyre::ensure!(numbered, "deploy progress is misnumbered: {steps:?}");
        let b = Backstop::open(self.client.clone(), manifest).await?;
        send(b.asset().grantMinter(self.actors.dao)).await?;
        let market = b
            .manifest
            .mock_market()
            .ok_or_else(|| eyre!("the suite's deployment has a MockMarket"))?;
        Ok(System {
            b,
            actors: self.actors.clone(),
            market,
        })
    }
}

/// A deployed system with its actors.
pub struct System {
    /// The scripts' handle (vault, absorber, timelock, asset, operations).
    pub b: Backstop,
    /// The actors.
    pub actors: Actors,
    /// The MockMarket (owned by the DAO).
    pub market: Address,
}

impl System {
    /// Mints `amount` test dollars to `to`.
    pub async fn mint(&self, to: Address, amount: U256) -> Result<()> {
        send(self.b.asset().mint(to, amount).from(self.actors.dao)).await?;
        Ok(())
    }

    /// Mints `amount` to `who` and deposits it; returns the shares.
    pub async fn fund_and_deposit(&self, who: Address, amount: U256) -> Result<U256> {
        self.mint(who, amount).await?;
        Ok(self.b.deposit(who, amount).await?.0)
    }

    /// The MockMarket route (the DAO owns the market).
    pub fn via_market(&self) -> MarketRoute {
        MarketRoute::Mock(self.market)
    }

    /// Reports a loss through the MockMarket; returns (covered, uncovered).
    pub async fn loss(&self, id: &str, amount: U256) -> Result<(U256, U256)> {
        let out = self
            .b
            .absorb_loss(
                self.actors.dao,
                self.via_market(),
                backstop_scripts::loss_id(id),
                amount,
            )
            .await?;
        Ok((out.covered, out.uncovered))
    }

    /// The vault's totalAssets.
    pub async fn total_assets(&self) -> Result<U256> {
        Ok(self.b.vault().totalAssets().call().await?)
    }

    /// What `who`'s shares are worth.
    pub async fn value_of(&self, who: Address) -> Result<U256> {
        Ok(self.b.position(who).await?.value)
    }

    /// Schedules `data` on `target` with the minimum delay and returns the id.
    pub async fn schedule(&self, target: Address, data: Vec<u8>, salt: u64) -> Result<B256> {
        let proposal = backstop_scripts::Proposal {
            target,
            value: U256::ZERO,
            data: data.into(),
        };
        let (id, _) = self
            .b
            .schedule(
                self.actors.dao,
                &proposal,
                B256::ZERO,
                B256::from(U256::from(salt)),
                None,
            )
            .await?;
        Ok(id)
    }
}

/// Asserts that `result` failed with a revert whose decoded text starts with `name` (the
/// Solidity error's name); returns the decoded text for further checks.
pub fn expect_revert<T: std::fmt::Debug>(
    result: std::result::Result<T, backstop_scripts::Error>,
    name: &str,
) -> String {
    match result {
        Ok(v) => panic!("expected a revert with {name}, but the call succeeded: {v:?}"),
        Err(e) => {
            let reason = e
                .revert_reason()
                .unwrap_or_else(|| panic!("expected a revert with {name}, got: {e}"))
                .to_string();
            assert!(
                reason.starts_with(name),
                "expected a revert with {name}, got: {reason}"
            );
            reason
        }
    }
}

/// A fresh temporary directory `backstop-<what>-<pid>-<nanos>`.
pub fn tempdir(what: &str) -> Result<std::path::PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("backstop-{what}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Runs `program args` in `dir` with `envs`, its output to files (no pipe to fill, none left
/// open for the test runner), killed after `timeout`. Returns (success, stdout + stderr,
/// seconds). The kits' and the dashboard's tests run their Node and Python scripts with it.
pub fn run_with_timeout(
    program: &std::path::Path,
    args: &[&str],
    dir: &std::path::Path,
    envs: &[(&str, String)],
    timeout: std::time::Duration,
) -> Result<(bool, String, f64)> {
    let started = std::time::Instant::now();
    let tmp = tempdir("run")?;
    let (out_path, err_path) = (tmp.join("stdout"), tmp.join("stderr"));
    let mut cmd = std::process::Command::new(program);
    cmd.args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&out_path)?)
        .stderr(std::fs::File::create(&err_path)?);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd
        .spawn()
        .wrap_err_with(|| format!("starting {}", program.display()))?;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            eyre::bail!(
                "{} {args:?} did not finish in {timeout:?}",
                program.display()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let output = format!(
        "{}{}",
        std::fs::read_to_string(&out_path)?,
        std::fs::read_to_string(&err_path)?
    );
    std::fs::remove_dir_all(&tmp)?;
    Ok((status.success(), output, started.elapsed().as_secs_f64()))
}
