//! Gas benchmark: our Stylus contracts against Solidity baselines, side by side on one embedded
//! devnode, from transaction receipts.
//!
//! `bash bench/gas.sh` installs the pinned solc-js and OpenZeppelin (bench/solidity), compiles the
//! Solidity side to bench/solidity/out, then runs this example
//! (`cargo run -p backstop-e2e --example gas_bench`), which
//! 1. builds our contracts to WASM (`backstop-build`) and measures their sizes;
//! 2. starts the devnode, deploys the shared asset (an OpenZeppelin ERC20 with 6 decimals),
//!    OpenZeppelin's ERC4626 and TimelockController, BaselineVault and BaselineAbsorber (our
//!    semantics in Solidity) by plain CREATE transactions, and our system through StylusDeployer
//!    (on the same asset), after asking ArbWasm for each program's activation data fee;
//! 3. runs the same operations on every side, by the same accounts, each measured transaction
//!    mined at the same offset from its scenario's start (forced block timestamps), and records
//!    the receipts' gasUsed;
//! 4. does 2 and 3 again on a second devnode started with `NodeConfig::programs_cached = false`
//!    (the same accounts, from one seed, so the same addresses and calldata), checks that the
//!    Solidity figures agree, and keeps the Stylus figures as the uncached ones;
//! 5. writes docs/BENCHMARKS.md (printed too) and docs/benchmarks.json.
//!
//! A benchmark, not a test: nothing here asserts a figure. The scenario checks only that each
//! loss lands in the case its row names. Any failure is one line on stderr and exit status 1.

use std::{collections::BTreeMap, path::Path, process::ExitCode, time::Instant};

use alloy::{
    contract::{CallBuilder, CallDecoder},
    primitives::{keccak256, Address, Bytes, B256, U256, U64},
    providers::Provider,
    sol_types::{SolCall, SolValue},
};
use backstop_e2e::{backstop_scripts as scripts, units, Env};
use eyre::{bail, ensure, eyre, Result, WrapErr};
use scripts::{
    activation_fee,
    bindings::{BackstopVault, GovernanceTimelock, LossAbsorber},
    deploy_system, loss_id, send, AssetChoice, Client, Codes, ARB_WASM, DAY,
};

#[path = "gas_bench/breakdown.rs"]
mod breakdown;
#[path = "gas_bench/floors.rs"]
mod floors;
#[path = "gas_bench/report.rs"]
mod report;
#[path = "gas_bench/solidity.rs"]
mod solidity;

use breakdown::OpBreakdown;
use report::{Group, Report, Row, SolidityContract, StylusContract};
use solidity::{ArbWasmInitGas, BenchTarget, BenchToken};

const USAGE: &str = "\
gas_bench: our Stylus contracts against Solidity baselines, gas from receipts on the embedded devnode.

usage: bash bench/gas.sh        (npm ci + compile the Solidity side, then this example)
       cargo run -p backstop-e2e --example gas_bench   (needs bench/solidity/out from a compile)

Writes docs/BENCHMARKS.md (also printed) and docs/benchmarks.json. No options.";

/// Gas limit of every measured transaction: generous and fixed, so that no estimate (which the
/// devnode runs at the latest block's time, not at the forced one) is involved.
const MEASURE_GAS_LIMIT: u64 = 3_000_000;
/// Lifetime coverage cap of the benchmark's market (the third loss stops at it).
const MARKET_CAP: u64 = 38_000;
/// Our deployment's cooldown period (`Env::config`, the SPEC default).
const COOLDOWN_PERIOD: u64 = 10 * DAY;
/// Offset of the first exit: in the unstake window of the cooldown started at offset 700.
const EXIT_AT: u64 = 700 + COOLDOWN_PERIOD + 100;
/// The timelocks' minimum delay.
const TIMELOCK_DELAY: u64 = 2 * DAY;

/// `n` whole shares (the shares have 6 + 3 decimals).
fn shares(n: u64) -> U256 {
    U256::from(n) * U256::from(1_000_000_000u64)
}

/// 21,000 plus the calldata gas (4 per zero byte, 16 per other byte).
fn intrinsic(calldata: &[u8]) -> u64 {
    21_000
        + calldata
            .iter()
            .map(|&b| if b == 0 { 4 } else { 16 })
            .sum::<u64>()
}

/// One measured transaction.
#[derive(Clone, Copy, Debug)]
struct Gas {
    used: u64,
    intrinsic: u64,
    /// Its hash, to trace it.
    tx: B256,
}

/// Forces the timestamps of measured transactions: `base + offset`.
struct Clock<'a> {
    client: &'a Client,
    base: u64,
}

impl<'a> Clock<'a> {
    /// A clock starting a minute after the latest block.
    async fn start(client: &'a Client) -> Result<Self> {
        Ok(Self {
            client,
            base: client.now().await? + 60,
        })
    }

    /// Sends `call` (from whoever it names) so that it is mined at `base + offset`; returns its
    /// gas. `what` names it in errors.
    async fn measure<P: Provider, D: CallDecoder>(
        &self,
        what: &str,
        offset: u64,
        call: CallBuilder<P, D>,
    ) -> Result<Gas> {
        let input = call.calldata().clone();
        self.client
            .provider
            .raw_request::<_, ()>(
                "evm_setNextBlockTimestamp".into(),
                (U64::from(self.base + offset),),
            )
            .await
            .wrap_err_with(|| format!("{what}: evm_setNextBlockTimestamp"))?;
        let receipt = call
            .gas(MEASURE_GAS_LIMIT)
            .send()
            .await
            .wrap_err_with(|| format!("{what}: sending"))?
            .get_receipt()
            .await
            .wrap_err_with(|| format!("{what}: receipt"))?;
        if !receipt.status() {
            bail!("{what} reverted (tx {})", receipt.transaction_hash);
        }
        Ok(Gas {
            used: receipt.gas_used,
            intrinsic: intrinsic(&input),
            tx: receipt.transaction_hash,
        })
    }
}

type Measured = BTreeMap<&'static str, Gas>;

/// Which vault a scenario drives.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    /// BackstopVault + LossAbsorber (Stylus).
    Ours,
    /// BaselineVault + BaselineAbsorber (Solidity, our semantics).
    Baseline,
    /// OpenZeppelin's ERC4626 (no cooldown, premium or absorber).
    Oz,
}

/// The vault and absorber operations on one side, each at a fixed offset from the start.
async fn backstop_scenario(
    env: &Env,
    side: Side,
    vault: Address,
    absorber: Option<Address>,
) -> Result<Measured> {
    let (p, a) = (&env.client.provider, &env.actors);
    let clock = Clock::start(&env.client).await?;
    let v = BackstopVault::new(vault, p);
    let mut out = Measured::new();
    let tag = |op: &str| format!("{side:?} {op}");

    let call = v.deposit(units(50_000), a.alice).from(a.alice);
    out.insert(
        "deposit_first",
        clock.measure(&tag("deposit_first"), 100, call).await?,
    );
    let call = v.deposit(units(50_000), a.bob).from(a.bob);
    out.insert(
        "deposit_other",
        clock.measure(&tag("deposit_other"), 200, call).await?,
    );
    let call = v.deposit(units(10_000), a.alice).from(a.alice);
    out.insert(
        "deposit_again",
        clock.measure(&tag("deposit_again"), 300, call).await?,
    );
    let call = v.mint(shares(1_000), a.bob).from(a.bob);
    out.insert("mint", clock.measure(&tag("mint"), 400, call).await?);
    let call = v.transfer(a.carol, shares(1_000)).from(a.alice);
    out.insert(
        "transfer",
        clock.measure(&tag("transfer"), 500, call).await?,
    );
    let call = v.approve(a.carol, shares(1_000)).from(a.alice);
    out.insert("approve", clock.measure(&tag("approve"), 600, call).await?);
    if side != Side::Oz {
        let call = v.cooldown().from(a.bob);
        out.insert(
            "cooldown",
            clock.measure(&tag("cooldown"), 700, call).await?,
        );
    }
    let call = v.redeem(shares(2_000), a.bob, a.bob).from(a.bob);
    out.insert(
        "redeem",
        clock.measure(&tag("redeem"), EXIT_AT, call).await?,
    );
    let call = v.withdraw(units(1_000), a.bob, a.bob).from(a.bob);
    out.insert(
        "withdraw",
        clock.measure(&tag("withdraw"), EXIT_AT + 100, call).await?,
    );
    let Some(absorber) = absorber else {
        return Ok(out);
    };
    let market = a.rogue_market;
    let call = v.notifyPremium(units(1_000)).from(market);
    out.insert(
        "notify_premium",
        clock
            .measure(&tag("notifyPremium"), EXIT_AT + 200, call)
            .await?,
    );

    // Losses, each checked to land in the case its row names (drawn and deficit before/after).
    let ab = LossAbsorber::new(absorber, p);
    let books = || async {
        let info = ab.marketInfo(market).call().await?;
        Ok::<_, eyre::Report>((info._2, info._3))
    };
    let losses: [(&'static str, &str, u64); 5] = [
        ("absorb_first", "g1", 5_000),
        ("absorb_replay", "g1", 5_000),
        ("absorb_second", "g2", 5_000),
        ("absorb_partial", "g3", 500_000),
        ("absorb_deficit", "g4", 1_000),
    ];
    let mut offset = EXIT_AT + 300;
    for (key, id, amount) in losses {
        let (drawn, deficit) = books().await?;
        let call = ab.absorbLoss(loss_id(id), units(amount)).from(market);
        out.insert(key, clock.measure(&tag(key), offset, call).await?);
        let (drawn2, deficit2) = books().await?;
        let (covered, uncovered) = (
            drawn2.saturating_sub(drawn),
            deficit2.saturating_sub(deficit),
        );
        let expected = match key {
            "absorb_replay" => covered.is_zero() && uncovered.is_zero(),
            "absorb_partial" => !covered.is_zero() && !uncovered.is_zero(),
            "absorb_deficit" => covered.is_zero() && uncovered == units(amount),
            _ => covered == units(amount) && uncovered.is_zero(),
        };
        ensure!(
            expected,
            "{side:?} {key}: the scenario drifted (covered {covered}, uncovered {uncovered})"
        );
        offset += 100;
    }
    let call = ab.settleDeficit(market, units(100)).from(a.carol);
    out.insert(
        "settle",
        clock.measure(&tag("settleDeficit"), offset, call).await?,
    );
    Ok(out)
}

/// The timelock operations on one side: `target.set(1)` alone, the batch `set(2)`, `set(3)`, a
/// third operation cancelled, and (ours) an emergency `vault.pause`.
async fn timelock_scenario(
    env: &Env,
    name: &str,
    timelock: Address,
    target: Address,
    emergency_vault: Option<Address>,
) -> Result<Measured> {
    let (p, dao) = (&env.client.provider, env.actors.dao);
    let clock = Clock::start(&env.client).await?;
    let t = GovernanceTimelock::new(timelock, p);
    let set = |v: u64| -> Bytes {
        BenchTarget::setCall { v: U256::from(v) }
            .abi_encode()
            .into()
    };
    let salt = |s: u64| B256::from(U256::from(s));
    let delay = U256::from(TIMELOCK_DELAY);
    let tag = |op: &str| format!("{name} {op}");
    let mut out = Measured::new();

    let call = t.schedule(target, U256::ZERO, set(1), B256::ZERO, salt(1), delay);
    out.insert(
        "schedule",
        clock.measure(&tag("schedule"), 100, call.from(dao)).await?,
    );
    let batch = (
        vec![target, target],
        vec![U256::ZERO; 2],
        vec![set(2), set(3)],
    );
    let call = t.scheduleBatch(
        batch.0.clone(),
        batch.1.clone(),
        batch.2.clone(),
        B256::ZERO,
        salt(2),
        delay,
    );
    out.insert(
        "schedule_batch",
        clock
            .measure(&tag("scheduleBatch"), 200, call.from(dao))
            .await?,
    );
    let call = t.schedule(target, U256::ZERO, set(4), B256::ZERO, salt(3), delay);
    clock
        .measure(&tag("schedule (to cancel)"), 300, call.from(dao))
        .await?;
    let id = t
        .hashOperation(target, U256::ZERO, set(4), B256::ZERO, salt(3))
        .call()
        .await?;
    out.insert(
        "cancel",
        clock
            .measure(&tag("cancel"), 400, t.cancel(id).from(dao))
            .await?,
    );
    if let Some(vault) = emergency_vault {
        let pause: Bytes = BackstopVault::pauseCall {}.abi_encode().into();
        let call = t.scheduleEmergency(vault, U256::ZERO, pause, salt(4));
        out.insert(
            "schedule_emergency",
            clock
                .measure(&tag("scheduleEmergency"), 500, call.from(dao))
                .await?,
        );
    }
    let call = t.execute(target, U256::ZERO, set(1), B256::ZERO, salt(1));
    out.insert(
        "execute",
        clock
            .measure(&tag("execute"), TIMELOCK_DELAY + 600, call.from(dao))
            .await?,
    );
    let call = t.executeBatch(batch.0, batch.1, batch.2, B256::ZERO, salt(2));
    out.insert(
        "execute_batch",
        clock
            .measure(&tag("executeBatch"), TIMELOCK_DELAY + 700, call.from(dao))
            .await?,
    );
    let value = BenchTarget::new(target, p).value().call().await?;
    ensure!(
        value == U256::from(3u8),
        "{name}: the target holds {value}, not 3, after the batch"
    );
    Ok(out)
}

/// The operations of our vault broken down hostio by hostio (a later deposit, and a redeem).
const BREAKDOWNS: &[&str] = &["deposit_again", "redeem"];

/// Traces our side's [`BREAKDOWNS`] transactions and breaks their gas down.
async fn break_down(
    env: &Env,
    ours: &Measured,
    token: Address,
) -> Result<Vec<(&'static str, breakdown::Breakdown)>> {
    let p = &env.client.provider;
    let ink_price = ArbWasmInitGas::new(ARB_WASM, p)
        .inkPrice()
        .call()
        .await
        .wrap_err("ArbWasm.inkPrice")?;
    let names = [(token, "BenchToken")];
    let mut out = Vec::new();
    for &key in BREAKDOWNS {
        let gas = ours
            .get(key)
            .ok_or_else(|| eyre!("no measurement of {key} to break down"))?;
        let measured = breakdown::Measured {
            tx: gas.tx,
            gas_used: gas.used,
            intrinsic: gas.intrinsic,
            gas_limit: MEASURE_GAS_LIMIT,
            ink_price: u64::from(ink_price),
            names: &names,
        };
        let b = breakdown::measure(p, measured)
            .await
            .wrap_err_with(|| format!("breaking down {key}"))?;
        out.push((key, b));
    }
    Ok(out)
}

/// One row of the report: which table, name, floors.
struct OpSpec {
    key: &'static str,
    group: Group,
    name: &'static str,
    floor: &'static [floors::Slot],
    oz_floor: Option<&'static [floors::Slot]>,
}

const OPS: &[OpSpec] = &[
    OpSpec {
        key: "deposit_first",
        group: Group::Vault,
        name: "deposit (first, empty vault)",
        floor: floors::DEPOSIT_FIRST,
        oz_floor: Some(floors::OZ_DEPOSIT_FIRST),
    },
    OpSpec {
        key: "deposit_other",
        group: Group::Vault,
        name: "deposit (another user)",
        floor: floors::DEPOSIT_OTHER,
        oz_floor: Some(floors::OZ_DEPOSIT_OTHER),
    },
    OpSpec {
        key: "deposit_again",
        group: Group::Vault,
        name: "deposit (same holder again)",
        floor: floors::DEPOSIT_AGAIN,
        oz_floor: Some(floors::OZ_DEPOSIT_AGAIN),
    },
    OpSpec {
        key: "mint",
        group: Group::Vault,
        name: "mint (existing holder)",
        floor: floors::DEPOSIT_AGAIN,
        oz_floor: Some(floors::OZ_DEPOSIT_AGAIN),
    },
    OpSpec {
        key: "transfer",
        group: Group::Vault,
        name: "transfer (shares, to a new holder)",
        floor: floors::TRANSFER,
        oz_floor: Some(floors::OZ_TRANSFER),
    },
    OpSpec {
        key: "approve",
        group: Group::Vault,
        name: "approve",
        floor: floors::APPROVE,
        oz_floor: None,
    },
    OpSpec {
        key: "cooldown",
        group: Group::Vault,
        name: "cooldown",
        floor: floors::COOLDOWN,
        oz_floor: None,
    },
    OpSpec {
        key: "redeem",
        group: Group::Vault,
        name: "redeem (in the unstake window)",
        floor: floors::EXIT,
        oz_floor: Some(floors::OZ_EXIT),
    },
    OpSpec {
        key: "withdraw",
        group: Group::Vault,
        name: "withdraw (in the unstake window)",
        floor: floors::EXIT,
        oz_floor: Some(floors::OZ_EXIT),
    },
    OpSpec {
        key: "notify_premium",
        group: Group::Vault,
        name: "notifyPremium (first premium)",
        floor: floors::NOTIFY_PREMIUM,
        oz_floor: None,
    },
    OpSpec {
        key: "absorb_first",
        group: Group::Absorber,
        name: "absorbLoss (covered in full, first cover)",
        floor: floors::ABSORB_FIRST,
        oz_floor: None,
    },
    OpSpec {
        key: "absorb_replay",
        group: Group::Absorber,
        name: "absorbLoss (repeated lossId)",
        floor: floors::ABSORB_REPLAY,
        oz_floor: None,
    },
    OpSpec {
        key: "absorb_second",
        group: Group::Absorber,
        name: "absorbLoss (covered in full, 2nd cover in the window)",
        floor: floors::ABSORB_SECOND,
        oz_floor: None,
    },
    OpSpec {
        key: "absorb_partial",
        group: Group::Absorber,
        name: "absorbLoss (cover + deficit)",
        floor: floors::ABSORB_PARTIAL,
        oz_floor: None,
    },
    OpSpec {
        key: "absorb_deficit",
        group: Group::Absorber,
        name: "absorbLoss (all deficit)",
        floor: floors::ABSORB_DEFICIT,
        oz_floor: None,
    },
    OpSpec {
        key: "settle",
        group: Group::Absorber,
        name: "settleDeficit",
        floor: floors::SETTLE,
        oz_floor: None,
    },
    OpSpec {
        key: "schedule",
        group: Group::Timelock,
        name: "schedule",
        floor: floors::SCHEDULE,
        oz_floor: None,
    },
    OpSpec {
        key: "schedule_batch",
        group: Group::Timelock,
        name: "scheduleBatch (2 calls)",
        floor: floors::SCHEDULE,
        oz_floor: None,
    },
    OpSpec {
        key: "cancel",
        group: Group::Timelock,
        name: "cancel",
        floor: floors::CANCEL,
        oz_floor: None,
    },
    OpSpec {
        key: "execute",
        group: Group::Timelock,
        name: "execute",
        floor: floors::EXECUTE,
        oz_floor: None,
    },
    OpSpec {
        key: "execute_batch",
        group: Group::Timelock,
        name: "executeBatch (2 calls)",
        floor: floors::EXECUTE_BATCH,
        oz_floor: None,
    },
    OpSpec {
        key: "schedule_emergency",
        group: Group::Timelock,
        name: "scheduleEmergency",
        floor: floors::SCHEDULE_EMERGENCY,
        oz_floor: None,
    },
];

/// The short commit of the work tree, marked when what decides the figures (our contracts, the
/// devnode, the Solidity contracts) differs from it.
fn commit(root: &Path) -> Option<String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = git(&["rev-parse", "--short", "HEAD"])?;
    let dirty = git(&[
        "status",
        "--porcelain",
        "--",
        "contracts",
        "devnode",
        "bench/solidity/contracts",
    ])
    .is_some_and(|s| !s.is_empty());
    Some(if dirty {
        format!("{head} + local changes")
    } else {
        head
    })
}

/// What one devnode measured: every scenario on every side, and the deployments.
struct Run {
    ours: Measured,
    baseline: Measured,
    oz: Measured,
    our_tl: Measured,
    oz_tl: Measured,
    stylus: Vec<StylusContract>,
    solidity: Vec<SolidityContract>,
    breakdowns: Vec<(&'static str, breakdown::Breakdown)>,
}

fn env_label(cached: bool) -> &'static str {
    if cached {
        "programs cached"
    } else {
        "programs uncached"
    }
}

/// Deploys both sides on `env`'s node, funds the accounts and runs every scenario.
async fn bench_on(
    env: &Env,
    cached: bool,
    artifacts: &solidity::Artifacts,
    codes: &Codes,
    built: &[backstop_build::Artifact],
) -> Result<Run> {
    eprintln!("gas_bench: deploying both sides ({}) …", env_label(cached));
    ensure!(
        env.time_travel,
        "the node at {} cannot force block timestamps; run against the embedded devnode (unset BACKSTOP_RPC_URL)",
        env.url
    );
    let (client, a) = (&env.client, env.actors.clone());
    let p = &client.provider;
    let market = a.rogue_market;

    // The Solidity side.
    let mut sol_contracts = Vec::new();
    let deploy_sol = |name: &'static str, role: &'static str, args: Vec<u8>| {
        let (client, artifacts) = (client, &artifacts);
        async move {
            let d = solidity::deploy(client, artifacts, name, args).await?;
            Ok::<_, eyre::Report>((
                d.address,
                SolidityContract {
                    name,
                    role,
                    runtime: d.runtime_size,
                    deploy_gas: d.receipt.gas_used,
                },
            ))
        }
    };
    let (token, c) = deploy_sol(
        "BenchToken",
        "the shared asset (OZ ERC20, 6 decimals)",
        vec![],
    )
    .await?;
    sol_contracts.push(c);
    let (oz_vault, c) = deploy_sol("OZVault", "OpenZeppelin ERC4626", token.abi_encode()).await?;
    sol_contracts.push(c);
    let args = (
        token,
        a.dao,
        a.guardian,
        units(1),
        units(10_000_000),
        COOLDOWN_PERIOD,
        2 * DAY,
    );
    let (base_vault, c) = deploy_sol(
        "BaselineVault",
        "BackstopVault in Solidity",
        args.abi_encode_params(),
    )
    .await?;
    sol_contracts.push(c);
    let args = (
        base_vault,
        a.dao,
        units(60_000),
        DAY,
        units(80_000),
        7 * DAY,
    );
    let (base_absorber, c) = deploy_sol(
        "BaselineAbsorber",
        "LossAbsorber in Solidity",
        args.abi_encode_params(),
    )
    .await?;
    sol_contracts.push(c);
    let args = (
        U256::from(TIMELOCK_DELAY),
        vec![a.dao],
        vec![a.dao],
        Address::ZERO,
    );
    let (oz_timelock, c) = deploy_sol(
        "TimelockController",
        "OpenZeppelin TimelockController",
        args.abi_encode_params(),
    )
    .await?;
    sol_contracts.push(c);
    let (oz_target, c) = deploy_sol("BenchTarget", "the timelocks' call target", vec![]).await?;
    sol_contracts.push(c);
    let (our_target, _) = deploy_sol("BenchTarget", "", vec![]).await?;
    send(BackstopVault::new(base_vault, p).setLossModule(base_absorber))
        .await
        .wrap_err("BaselineVault.setLossModule")?;
    send(LossAbsorber::new(base_absorber, p).addMarket(market, units(MARKET_CAP)))
        .await
        .wrap_err("BaselineAbsorber.addMarket")?;

    // Our side, on the same asset: data fees first (an activated code hash has none to quote).
    let protocol = ["BackstopVault", "LossAbsorber", "GovernanceTimelock"];
    let mut fees = BTreeMap::new();
    for name in protocol {
        fees.insert(name, activation_fee(client, codes.get(name)?).await);
    }
    let mut config = env.config();
    config.asset = AssetChoice::Existing(token);
    config.markets = vec![(market, units(MARKET_CAP))];
    config.mock_market_cap = None;
    let manifest = deploy_system(client, codes, &config, &mut |_| {})
        .await
        .wrap_err("deploying our contracts")?;
    let our_vault = manifest.address("BackstopVault")?;
    let our_absorber = manifest.address("LossAbsorber")?;
    let our_timelock = manifest.address("GovernanceTimelock")?;
    let mut stylus_contracts = Vec::new();
    for name in protocol {
        let deployed = manifest
            .contracts
            .get(name)
            .ok_or_else(|| eyre!("the manifest has no {name}"))?;
        let receipt = p
            .get_transaction_receipt(deployed.tx_hash)
            .await?
            .ok_or_else(|| eyre!("no receipt for the {name} deployment"))?;
        let init = ArbWasmInitGas::new(ARB_WASM, p)
            .programInitGas(deployed.address)
            .call()
            .await
            .ok()
            .map(|r| (r.gas, r.gasWhenCached));
        let artifact = built
            .iter()
            .find(|b| b.contract.name == name)
            .ok_or_else(|| eyre!("{name} was not built"))?;
        stylus_contracts.push(StylusContract {
            name: artifact.contract.name,
            wasm: artifact.wasm.len(),
            deployed: artifact.code.len(),
            data_fee: fees.get(name).copied().flatten(),
            deploy_gas: receipt.gas_used,
            init_gas: init,
        });
    }

    // Accounts: asset for everyone, unlimited approvals (so no allowance is ever spent).
    let tok = BenchToken::new(token, p);
    for (who, amount) in [
        (a.alice, 1_000_000),
        (a.bob, 1_000_000),
        (a.carol, 10_000),
        (market, 100_000),
    ] {
        send(tok.mint(who, units(amount)))
            .await
            .wrap_err("minting the asset")?;
    }
    let approvals = [
        (a.alice, vec![our_vault, base_vault, oz_vault]),
        (a.bob, vec![our_vault, base_vault, oz_vault]),
        (market, vec![our_vault, base_vault]),
        (a.carol, vec![our_absorber, base_absorber]),
    ];
    for (who, spenders) in approvals {
        for spender in spenders {
            send(tok.approve(spender, U256::MAX).from(who))
                .await
                .wrap_err("approving the asset")?;
        }
    }

    eprintln!("gas_bench: measuring ({}) …", env_label(cached));
    let ours = backstop_scenario(env, Side::Ours, our_vault, Some(our_absorber)).await?;
    let baseline = backstop_scenario(env, Side::Baseline, base_vault, Some(base_absorber)).await?;
    let oz = backstop_scenario(env, Side::Oz, oz_vault, None).await?;
    let our_tl = timelock_scenario(
        env,
        "GovernanceTimelock",
        our_timelock,
        our_target,
        Some(our_vault),
    )
    .await?;
    let oz_tl = timelock_scenario(env, "TimelockController", oz_timelock, oz_target, None).await?;
    let breakdowns = break_down(env, &ours, token).await?;
    Ok(Run {
        ours,
        baseline,
        oz,
        our_tl,
        oz_tl,
        stylus: stylus_contracts,
        solidity: sol_contracts,
        breakdowns,
    })
}

async fn run() -> Result<()> {
    let root = backstop_build::workspace_root();
    let artifacts = solidity::Artifacts::open(&root.join("bench/solidity/out"))?;

    eprintln!("gas_bench: building our contracts to WASM (backstop-build) …");
    let built = backstop_build::build_contracts(&root, backstop_build::CONTRACTS)
        .map_err(|e| eyre!("building the contracts to WASM: {e}"))?;
    let codes = Codes::from_target_dir().map_err(|e| eyre!("reading the built contracts: {e}"))?;
    for b in &built {
        ensure!(
            codes.get(b.contract.name)? == b.code.as_slice(),
            "{} changed in target/ while the benchmark read it (a concurrent build?): run again",
            b.contract.name
        );
    }

    // The same accounts (one seed) and the same transactions on two nodes, programs cached on
    // the first and uncached on the second: only the entry cost of a Stylus call differs.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    let seed = keccak256(now.as_nanos().to_be_bytes());
    let started = Instant::now();
    let mut runs = Vec::new();
    for programs_cached in [true, false] {
        let config = stylus_devnode::NodeConfig {
            programs_cached,
            ..stylus_devnode::NodeConfig::test()
        };
        let env = Env::start_embedded(config, seed).await?;
        runs.push(bench_on(&env, programs_cached, &artifacts, &codes, &built).await?);
    }
    let uncached = runs.pop().ok_or_else(|| eyre!("no uncached run"))?;
    let Run {
        ours,
        baseline,
        oz,
        our_tl,
        oz_tl,
        stylus: stylus_contracts,
        solidity: sol_contracts,
        breakdowns,
    } = runs.pop().ok_or_else(|| eyre!("no cached run"))?;
    let seconds = started.elapsed().as_secs();
    // Caching touches only Stylus calls: the Solidity figures and the calldata of every
    // transaction must come out the same on both nodes.
    for (side, cached_side, uncached_side) in [
        (
            "BaselineVault/BaselineAbsorber",
            &baseline,
            &uncached.baseline,
        ),
        ("OZVault", &oz, &uncached.oz),
        ("TimelockController", &oz_tl, &uncached.oz_tl),
    ] {
        for (key, g) in cached_side {
            let u = uncached_side.get(key).map(|g| g.used);
            ensure!(
                u == Some(g.used),
                "{side} {key}: {} gas with programs cached, {u:?} uncached (the runs drifted)",
                g.used
            );
        }
    }
    for (cached_side, uncached_side) in [(&ours, &uncached.ours), (&our_tl, &uncached.our_tl)] {
        for (key, g) in cached_side {
            let u = uncached_side.get(key).map(|g| g.intrinsic);
            ensure!(
                u == Some(g.intrinsic),
                "{key}: intrinsic gas {} cached, {u:?} uncached (different calldata)",
                g.intrinsic
            );
        }
    }

    let used = |m: &Measured, key: &str| m.get(key).map(|g| g.used);
    let rows = OPS
        .iter()
        .map(|op| {
            let (stylus, solidity, contract, baseline_gas) = match op.group {
                Group::Vault => {
                    let b = used(&baseline, op.key);
                    match used(&oz, op.key) {
                        Some(o) => (used(&ours, op.key), Some(o), "OZVault", b),
                        None => (used(&ours, op.key), b, "BaselineVault", b),
                    }
                }
                Group::Absorber => (
                    used(&ours, op.key),
                    used(&baseline, op.key),
                    "BaselineAbsorber",
                    None,
                ),
                Group::Timelock => (
                    used(&our_tl, op.key),
                    used(&oz_tl, op.key),
                    "TimelockController",
                    None,
                ),
            };
            let stylus_uncached = match op.group {
                Group::Timelock => used(&uncached.our_tl, op.key),
                _ => used(&uncached.ours, op.key),
            };
            let gas = [&ours, &our_tl, &baseline, &oz_tl]
                .into_iter()
                .find_map(|m| m.get(op.key))
                .ok_or_else(|| eyre!("no measurement for {}", op.key))?;
            Ok(Row {
                group: op.group,
                name: op.name,
                stylus,
                stylus_uncached,
                solidity,
                solidity_contract: contract,
                baseline: baseline_gas,
                floor: op.floor,
                solidity_floor: if contract == "OZVault" {
                    op.oz_floor
                } else {
                    None
                },
                intrinsic: gas.intrinsic,
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let mut uncached_breakdowns = uncached.breakdowns.into_iter();
    let breakdowns = breakdowns
        .into_iter()
        .map(|(key, cached)| {
            let (_, uncached) = uncached_breakdowns
                .find(|(k, _)| *k == key)
                .ok_or_else(|| eyre!("no uncached breakdown of {key}"))?;
            let name = OPS
                .iter()
                .find(|op| op.key == key)
                .ok_or_else(|| eyre!("{key} is not an operation"))?
                .name;
            OpBreakdown::new(name, cached, uncached)
        })
        .collect::<Result<Vec<_>>>()?;
    // The entry gas the traces imply is the vault's programInitGas (what the report says).
    let vault_init = stylus_contracts
        .iter()
        .find(|c| c.name == "BackstopVault")
        .and_then(|c| c.init_gas);
    for b in &breakdowns {
        ensure!(
            vault_init == Some((b.uncached.entry, b.cached.entry)),
            "{}: entry gas {} cached, {} uncached from the traces, programInitGas says {vault_init:?}",
            b.name,
            b.cached.entry,
            b.uncached.entry
        );
    }
    let report = Report {
        breakdowns,
        rows,
        stylus: stylus_contracts,
        solidity: sol_contracts,
        solc: artifacts.solc.clone(),
        openzeppelin: artifacts.openzeppelin.clone(),
        commit: commit(&root),
        seconds,
    };
    let md = report.markdown();
    let docs = root.join("docs");
    std::fs::create_dir_all(&docs).wrap_err("creating docs/")?;
    std::fs::write(docs.join("BENCHMARKS.md"), &md).wrap_err("writing docs/BENCHMARKS.md")?;
    std::fs::write(docs.join("benchmarks.json"), report.json())
        .wrap_err("writing docs/benchmarks.json")?;
    println!("{md}");
    eprintln!("gas_bench: wrote docs/BENCHMARKS.md and docs/benchmarks.json");
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        None => {}
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("gas_bench: unknown argument {other:?} (see --help)");
            return ExitCode::from(2);
        }
    }
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("gas_bench: {}", chain.join(": ").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}
