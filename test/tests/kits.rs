//! The integrator kits (`kits/`) against the compiled WASM on the devnode:
//!
//! - the Solidity example market (`kits/solidity`), compiled with the pinned solc-js, deployed
//!   here, registered through the timelock, reporting defaults to the absorber;
//! - the TypeScript (viem) and Python (web3.py) clients, run as subprocesses against this node
//!   with a deployments manifest written here: deposit, cooldown, redeem, status.
//!
//! The kits' packages come from `bash kits/install.sh` (run by `.ci/run`); without them every
//! test here fails with one line saying so.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use alloy::{
    contract::{ContractInstance, Interface},
    dyn_abi::{DynSolValue, EventExt},
    json_abi::JsonAbi,
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::{DynProvider, Provider},
    rpc::types::{Log, TransactionReceipt, TransactionRequest},
    sol_types::{SolCall, SolError, SolEvent, SolValue},
};
use backstop_e2e::{backstop_scripts as scripts, run_with_timeout, tempdir, units, Env, System};
use eyre::{ensure, eyre, Result, WrapErr};
use scripts::{bindings::LossAbsorber, derive_signers, DAY};

/// The one line a missing install produces.
const NOT_INSTALLED: &str =
    "the integrator kits' packages are not installed: run `bash kits/install.sh`";

/// A kit subprocess that runs longer than this is killed and the test fails.
const KIT_TIMEOUT: Duration = Duration::from_secs(180);

fn kits() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test/ has a parent")
        .join("kits")
}

/// Fails with [`NOT_INSTALLED`] unless `path` (relative to `kits/`) exists.
fn require_installed(path: &str) -> Result<PathBuf> {
    let full = kits().join(path);
    ensure!(full.exists(), "{NOT_INSTALLED} (no kits/{path})");
    Ok(full)
}

/// Runs `program args` in `dir` with `envs`, killed after [`KIT_TIMEOUT`].
fn run(
    program: &Path,
    args: &[&str],
    dir: &Path,
    envs: &[(&str, String)],
) -> Result<(bool, String, f64)> {
    run_with_timeout(program, args, dir, envs, KIT_TIMEOUT)
}

/// `node` from PATH.
fn node() -> PathBuf {
    PathBuf::from("node")
}

// ---------------------------------------------------------------------------------------------
// Clients: TypeScript and Python, as subprocesses against this node.
// ---------------------------------------------------------------------------------------------

/// Deploys the system, writes its manifest, funds a fresh underwriter (gas and 1,000 tUSD) and
/// returns what a client needs: (env, system, manifest dir, environment variables).
async fn client_setup() -> Result<Option<(Env, System, PathBuf, Vec<(&'static str, String)>)>> {
    let env = Env::start().await?;
    if !env.require_time_travel("a kit client test") {
        return Ok(None);
    }
    let s = env.deploy().await?;
    let dir = tempdir("kit-manifest")?;
    let manifest = dir.join(format!("{}.json", env.client.chain_id));
    s.b.manifest.save(&manifest)?;
    let seed = keccak256(format!("kit-client-{}", manifest.display()));
    let key = derive_signers(seed, 1).remove(0);
    env.client
        .fund(key.address(), U256::from(10u64).pow(U256::from(17)))
        .await?;
    s.mint(key.address(), units(1_000)).await?;
    let envs = vec![
        ("BACKSTOP_RPC_URL", env.url.clone()),
        ("BACKSTOP_MANIFEST", manifest.display().to_string()),
        (
            "BACKSTOP_PRIVATE_KEY",
            format!("0x{}", alloy::hex::encode(key.to_bytes())),
        ),
    ];
    Ok(Some((env, s, dir, envs)))
}

/// Runs one kit's test command and fails with its output unless it passed; prints the time.
async fn run_client(
    name: &str,
    program: PathBuf,
    args: &'static [&'static str],
    dir: PathBuf,
) -> Result<()> {
    let Some((_env, s, manifest_dir, envs)) = client_setup().await? else {
        return Ok(());
    };
    let (ok, output, secs) =
        tokio::task::spawn_blocking(move || run(&program, args, &dir, &envs)).await??;
    std::fs::remove_dir_all(&manifest_dir)?;
    println!("{output}");
    println!("{name} kit test: {secs:.1} s");
    ensure!(ok, "the {name} kit test failed (output above):\n{output}");
    // What the client did is on chain: it redeemed everything it deposited.
    ensure!(
        s.b.vault().totalSupply().call().await?.is_zero(),
        "the {name} client left shares in the vault"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_typescript_client_deposits_cools_down_redeems_and_reads_status() -> Result<()> {
    let tsx = require_installed("ts/node_modules/.bin/tsx")?;
    run_client(
        "TypeScript",
        tsx,
        &["--test", "test/flow.test.ts"],
        kits().join("ts"),
    )
    .await
}

/// The TypeScript kit type-checks (`tsc --noEmit`, strict, `kits/ts/tsconfig.json`): tsx, which
/// runs it, only strips the types. Every `.ts` file under `src/` and `test/` must be among the
/// files tsc checked.
#[test]
fn the_typescript_kit_type_checks() -> Result<()> {
    let tsc = require_installed("ts/node_modules/.bin/tsc")?;
    let dir = kits().join("ts");
    let (ok, output, secs) = run(&tsc, &["--noEmit", "-p", ".", "--listFiles"], &dir, &[])?;
    // --listFiles prints one absolute path per checked file; anything else is a diagnostic.
    let (files, diagnostics): (Vec<&str>, Vec<&str>) =
        output.lines().partition(|l| l.starts_with('/'));
    ensure!(
        ok && diagnostics.iter().all(|l| l.trim().is_empty()),
        "tsc found type errors in kits/ts (exit {}):\n{}",
        if ok { "0" } else { "non-zero" },
        diagnostics.join("\n")
    );
    let checked: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect();
    let mut ours = Vec::new();
    for sub in ["src", "test"] {
        for entry in std::fs::read_dir(dir.join(sub))? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "ts") {
                ours.push(std::fs::canonicalize(path)?);
            }
        }
    }
    ensure!(ours.len() >= 3, "kits/ts has only {ours:?}");
    for path in &ours {
        ensure!(
            checked.contains(path),
            "tsc did not check {} (tsconfig.json's include)",
            path.display()
        );
    }
    println!(
        "tsc --noEmit: {} files of ours checked in {secs:.1} s",
        ours.len()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_python_client_deposits_cools_down_redeems_and_reads_status() -> Result<()> {
    let python = require_installed("python/.venv/bin/python")?;
    require_installed("python/.venv/.installed")?;
    run_client(
        "Python",
        python,
        &["-m", "unittest", "-v", "test_flow"],
        kits().join("python"),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Solidity: the example lending market.
// ---------------------------------------------------------------------------------------------

/// The compiled market: its ABI and creation code (kits/solidity/compile.js, run here so the
/// test always runs the current source).
struct Compiled {
    abi: JsonAbi,
    bytecode: Vec<u8>,
}

fn compile_market() -> Result<Compiled> {
    require_installed("solidity/node_modules/solc/package.json")?;
    let dir = kits().join("solidity");
    let (ok, output, secs) = run(&node(), &["compile.js"], &dir, &[])?;
    ensure!(ok, "kits/solidity/compile.js failed:\n{output}");
    print!("{output}");
    println!("compiled in {secs:.1} s");
    let out = dir.join("out");
    let abi = JsonAbi::from_json_str(&std::fs::read_to_string(
        out.join("ExampleLendingMarket.abi.json"),
    )?)?;
    let bytecode =
        alloy::hex::decode(std::fs::read_to_string(out.join("ExampleLendingMarket.bin"))?.trim())?;
    Ok(Compiled { abi, bytecode })
}

/// The market deployed by the DAO, driven through its compiled ABI.
struct Market {
    address: Address,
    abi: JsonAbi,
    instance: ContractInstance<DynProvider>,
    owner: Address,
}

impl Market {
    async fn deploy(s: &System, env: &Env, compiled: Compiled) -> Result<Self> {
        let mut code = compiled.bytecode;
        code.extend_from_slice(&(*s.b.absorber().address()).abi_encode());
        let tx = TransactionRequest::default()
            .from(s.actors.dao)
            .with_deploy_code(Bytes::from(code));
        let receipt = env
            .client
            .provider
            .send_transaction(tx)
            .await?
            .get_receipt()
            .await?;
        ensure!(receipt.status(), "deploying ExampleLendingMarket reverted");
        let address = receipt
            .contract_address
            .ok_or_else(|| eyre!("no contract address in the creation receipt"))?;
        let instance = ContractInstance::new(
            address,
            env.client.provider.clone(),
            Interface::new(compiled.abi.clone()),
        );
        Ok(Self {
            address,
            abi: compiled.abi,
            instance,
            owner: s.actors.dao,
        })
    }

    /// Calls a view (or simulates a transaction) and returns its outputs.
    async fn call(&self, name: &str, args: &[DynSolValue]) -> Result<Vec<DynSolValue>> {
        Ok(self
            .instance
            .function(name, args)?
            .from(self.owner)
            .call()
            .await?)
    }

    /// Sends a transaction from the owner.
    async fn send(&self, name: &str, args: &[DynSolValue]) -> scripts::Result<TransactionReceipt> {
        let call = self
            .instance
            .function(name, args)
            .map_err(|e| scripts::Error::Invalid(e.to_string()))?
            .from(self.owner);
        scripts::send(call).await
    }

    /// The market's own events in `receipt`, as (name, values: indexed then body).
    fn events(&self, receipt: &TransactionReceipt) -> Result<Vec<(String, Vec<DynSolValue>)>> {
        let mut out = Vec::new();
        for log in receipt
            .inner
            .logs()
            .iter()
            .filter(|l| l.address() == self.address)
        {
            let topic0 = log.topics().first().copied().unwrap_or_default();
            let event = self
                .abi
                .events()
                .find(|e| e.selector() == topic0)
                .ok_or_else(|| eyre!("unknown market event {topic0}"))?;
            let decoded = event.decode_log(log.data())?;
            let mut values = decoded.indexed;
            values.extend(decoded.body);
            out.push((event.name.clone(), values));
        }
        Ok(out)
    }

    /// `loans(id)`: (state, covered, badDebt).
    async fn loan(&self, id: u64) -> Result<(u8, U256, U256)> {
        let v = self.call("loans", &[uint(id)]).await?;
        let state = v[2].as_uint().ok_or_else(|| eyre!("state"))?.0.to::<u8>();
        Ok((state, as_u256(&v[3])?, as_u256(&v[4])?))
    }

    async fn view_u256(&self, name: &str) -> Result<U256> {
        as_u256(&self.call(name, &[]).await?[0])
    }
}

fn uint(n: u64) -> DynSolValue {
    DynSolValue::Uint(U256::from(n), 256)
}

fn as_u256(v: &DynSolValue) -> Result<U256> {
    v.as_uint()
        .map(|(u, _)| u)
        .ok_or_else(|| eyre!("not a uint: {v:?}"))
}

/// The absorber's `LossAbsorbed` events in `receipt`.
fn loss_absorbed(
    receipt: &TransactionReceipt,
    absorber: Address,
) -> Vec<LossAbsorber::LossAbsorbed> {
    receipt
        .inner
        .logs()
        .iter()
        .filter(|l: &&Log| l.address() == absorber)
        .filter_map(|l| LossAbsorber::LossAbsorbed::decode_log_data(l.data()).ok())
        .collect()
}

const PENDING: u8 = 2;
const RESOLVED: u8 = 3;

#[tokio::test(flavor = "multi_thread")]
async fn the_solidity_example_market_books_cover_and_bad_debt_and_surfaces_refusals() -> Result<()>
{
    let started = Instant::now();
    let compiled = compile_market()?;
    let env = Env::start().await?;
    if !env.require_time_travel("the Solidity example market (registration through the timelock)") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let a = &s.actors;
    let absorber = *s.b.absorber().address();
    let market = Market::deploy(&s, &env, compiled).await?;
    // The constructor read the asset from the absorber.
    let asset = market.call("asset", &[]).await?[0].as_address();
    ensure!(asset == Some(s.b.manifest.asset), "market asset {asset:?}");

    // Underwriters fund the vault: 100,000, so a single cover can take 30,000 (max slash 30 %).
    s.fund_and_deposit(a.alice, units(100_000)).await?;
    for (borrower, principal) in [(a.bob, 3_000), (a.carol, 4_000), (a.bob, 2_000)] {
        market
            .send(
                "openLoan",
                &[
                    DynSolValue::Address(borrower),
                    DynSolValue::Uint(units(principal), 256),
                ],
            )
            .await?;
    }

    // 1. Not registered yet: absorbLoss reverts with MarketNotEnabled(market); the market
    // catches it, keeps the loan Pending and surfaces the typed error.
    let preview = market.call("reportDefault", &[uint(1)]).await?;
    ensure!(
        preview[0].as_bool() == Some(false),
        "refused report returns false: {preview:?}"
    );
    let receipt = market.send("reportDefault", &[uint(1)]).await?;
    let events = market.events(&receipt)?;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["MarketNotRegistered", "BackstopCallFailed"]);
    let failed = &events[1].1;
    let selector = failed[2].as_fixed_bytes().map(|(b, n)| b[..n].to_vec());
    assert_eq!(
        selector.as_deref(),
        Some(&LossAbsorber::MarketNotEnabled::SELECTOR[..])
    );
    let reason = failed[3].as_bytes().ok_or_else(|| eyre!("reason"))?;
    let refused = LossAbsorber::MarketNotEnabled::abi_decode(reason)
        .wrap_err_with(|| format!("surfaced revert data: {}", scripts::decode_revert(reason)))?;
    assert_eq!(
        refused.0, market.address,
        "MarketNotEnabled names the market"
    );
    assert_eq!(market.loan(1).await?.0, PENDING);
    assert!(loss_absorbed(&receipt, absorber).is_empty());

    // 2. Governance registers the market with a 5,000 lifetime cap, through the timelock delay.
    let data = LossAbsorber::addMarketCall {
        market: market.address,
        coverage_cap: units(5_000),
    }
    .abi_encode();
    let id = s.schedule(absorber, data, 7).await?;
    env.client.increase_time(2 * DAY).await?;
    s.b.execute(a.dao, id).await?;

    // 3. The retry is covered in full: 3,000 paid to the market, booked as recovered.
    let receipt = market.send("retry", &[uint(1)]).await?;
    let lost = loss_absorbed(&receipt, absorber);
    assert_eq!(lost.len(), 1);
    assert_eq!(
        (
            lost[0].market,
            lost[0].lossId,
            lost[0].amount,
            lost[0].covered,
            lost[0].uncovered
        ),
        (
            market.address,
            B256::from(U256::from(1)),
            units(3_000),
            units(3_000),
            U256::ZERO
        )
    );
    let events = market.events(&receipt)?;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "LossRecovered");
    assert_eq!(as_u256(&events[0].1[2])?, units(3_000));
    assert_eq!(market.loan(1).await?, (RESOLVED, units(3_000), U256::ZERO));

    // Out of gas inside absorbLoss is not a refusal: at no gas limit does the report come back
    // `false` (booked as Pending); too little gas for the absorber reverts the whole call with
    // the market's BackstopCallAborted instead.
    let aborted_selector = market
        .abi
        .error("BackstopCallAborted")
        .map(|e| e[0].selector())
        .ok_or_else(|| eyre!("no BackstopCallAborted in the market's ABI"))?;
    let (mut aborted, mut gas) = (0, 30_000u64);
    loop {
        let result = market
            .instance
            .function("reportDefault", &[uint(2)])?
            .from(market.owner)
            .gas(gas)
            .call()
            .await;
        match result {
            Ok(out) => {
                assert_eq!(
                    out[0].as_bool(),
                    Some(true),
                    "booked as refused at gas {gas}"
                );
                break;
            }
            Err(e) => {
                if e.as_revert_data()
                    .is_some_and(|d| d.starts_with(aborted_selector.as_slice()))
                {
                    aborted += 1;
                }
            }
        }
        gas += 10_000;
        ensure!(gas < 5_000_000, "reportDefault never succeeded");
    }
    assert!(
        aborted > 0,
        "some gas limit reaches the absorber but not its end (up to {gas})"
    );
    println!("reportDefault: BackstopCallAborted at {aborted} gas limits below {gas}");

    // 4. The second default meets the cap: 2,000 covered (what the cap leaves), 2,000 bad debt.
    let receipt = market.send("reportDefault", &[uint(2)]).await?;
    let lost = loss_absorbed(&receipt, absorber);
    assert_eq!(
        (lost[0].covered, lost[0].uncovered),
        (units(2_000), units(2_000))
    );
    let names: Vec<String> = market
        .events(&receipt)?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["LossRecovered", "BadDebtRecorded"]);
    assert_eq!(
        market.loan(2).await?,
        (RESOLVED, units(2_000), units(2_000))
    );

    // 5. The cap is used up: the third default is all bad debt and the vault is not called.
    let receipt = market.send("reportDefault", &[uint(3)]).await?;
    let lost = loss_absorbed(&receipt, absorber);
    assert_eq!(
        (lost[0].covered, lost[0].uncovered),
        (U256::ZERO, units(2_000))
    );
    let names: Vec<String> = market
        .events(&receipt)?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["BadDebtRecorded"]);

    // The books agree with the absorber and the asset.
    assert_eq!(market.view_u256("totalRecovered").await?, units(5_000));
    assert_eq!(market.view_u256("totalBadDebt").await?, units(4_000));
    let info = s.b.market_info(market.address).await?;
    assert_eq!((info.drawn, info.deficit), (units(5_000), units(4_000)));
    assert_eq!(
        s.b.asset().balanceOf(market.address).call().await?,
        units(5_000)
    );
    assert_eq!(s.total_assets().await?, units(95_000));

    // 6. A resolved loan cannot be reported twice: the market's own typed error.
    let err = market.send("reportDefault", &[uint(1)]).await.unwrap_err();
    let bad_state = market.abi.error("BadLoanState").map(|e| e[0].selector());
    let text = err.to_string();
    let hex = alloy::hex::encode(bad_state.ok_or_else(|| eyre!("no BadLoanState"))?);
    assert!(
        text.contains(&hex),
        "expected BadLoanState (0x{hex}), got: {text}"
    );
    println!(
        "Solidity kit test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
