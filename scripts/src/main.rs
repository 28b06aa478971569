//! `backstop`: deploy and operate the Backstop contracts on any RPC endpoint, or play the demo
//! on an embedded devnode. Errors are one line (with the decoded revert) and a non-zero exit.

use std::path::PathBuf;

use alloy::{
    primitives::{Address, Bytes, B256, U256},
    signers::local::PrivateKeySigner,
};
use backstop_scripts::{
    describe_calldata, describe_lifetime, encode_call, format_amount, format_duration,
    lifetime_rules, loss_id, parse_amount, parse_private_key, programs, programs_report, relative,
    run_demo, AssetChoice, Backstop, Client, Codes, DeployConfig, Error, Manifest, MarketRoute,
    Proposal, Renewal,
};
use clap::{Args, Parser, Subcommand};
use eyre::{bail, eyre, Result, WrapErr};

/// The chain id of nitro-devnode and of the embedded devnode.
const DEV_CHAIN_ID: u64 = 412_346;
/// The default endpoint (nitro-devnode's and `stylus-devnode`'s port).
const DEFAULT_RPC: &str = "http://127.0.0.1:8547";

#[derive(Parser)]
#[command(
    name = "backstop",
    version,
    about = "Deploy and operate the Backstop contracts (Arbitrum Stylus)"
)]
struct Cli {
    /// JSON-RPC endpoint. Without it, `demo` starts an embedded devnode and other commands use
    /// http://127.0.0.1:8547.
    #[arg(long, global = true, env = "BACKSTOP_RPC_URL")]
    rpc_url: Option<String>,
    /// Private key (hex) that signs. Never printed. On a dev chain (412346) the Nitro dev key is
    /// the default.
    #[arg(
        long,
        global = true,
        env = "BACKSTOP_PRIVATE_KEY",
        hide_env_values = true
    )]
    private_key: Option<String>,
    /// Deployments manifest (default: deployments/<chain id>.json).
    #[arg(long, global = true)]
    manifest: Option<PathBuf>,
    /// Print `status`, `position`, `operations` and `keepalive` as JSON (amounts in base units,
    /// as decimal strings; times in unix seconds); errors as `{"error": ...}` on stderr.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build (or take) the WASM, deploy, activate and wire the system, write the manifest.
    Deploy(DeployArgs),
    /// Summary of the vault, the absorber and the timelock.
    Status,
    /// Underwriter: deposit assets (human units, e.g. 1000.5) into the vault.
    Deposit {
        /// Amount of the asset.
        amount: String,
    },
    /// Underwriter: start the exit cooldown on your whole share balance.
    Cooldown,
    /// Underwriter: redeem shares in your window (all redeemable shares by default).
    Redeem {
        /// Shares (human units); omit for everything redeemable now.
        shares: Option<String>,
    },
    /// Underwriter: shares, value, cooldown window of an account (yours by default).
    Position {
        /// Account.
        account: Option<Address>,
    },
    /// Market: report a loss to the absorber.
    AbsorbLoss {
        /// Loss id: 32-byte hex, or any text (hashed), e.g. `loan-42`.
        #[arg(long)]
        loss_id: String,
        /// Amount of the asset.
        amount: String,
        #[command(flatten)]
        route: RouteArgs,
    },
    /// Market: pay a premium into the vault (vests over the vesting period).
    PayPremium {
        /// Amount of the asset.
        amount: String,
        #[command(flatten)]
        route: RouteArgs,
    },
    /// Market: return recovered funds to the vault (credited to holders at once).
    ReturnFunds {
        /// Amount of the asset.
        amount: String,
        #[command(flatten)]
        route: RouteArgs,
    },
    /// Anyone: pay a market's deficit on the absorber.
    SettleDeficit {
        /// The market.
        #[arg(long)]
        market: Address,
        /// Amount of the asset.
        amount: String,
    },
    /// Governance: schedule a call through the timelock (normal delay).
    Schedule {
        #[command(flatten)]
        call: CallArgs,
        /// Operation that must be executed first.
        #[arg(long, default_value_t = B256::ZERO)]
        predecessor: B256,
        /// Delay in seconds (default: the timelock's minimum delay).
        #[arg(long)]
        delay: Option<u64>,
    },
    /// Governance: schedule an allow-listed call with the emergency delay.
    ScheduleEmergency {
        #[command(flatten)]
        call: CallArgs,
    },
    /// Governance: execute a ready operation (its calls are read from the timelock's events).
    Execute {
        /// Operation id.
        id: B256,
    },
    /// Governance: cancel a pending operation (canceller or guardian).
    Cancel {
        /// Operation id.
        id: B256,
    },
    /// Governance: list the timelock's operations and their states.
    Operations,
    /// Operator: keep every program of the system alive. Nitro expires a Stylus program a year
    /// after its activation; this renews each one that is at least `keepaliveDays` old
    /// (ArbWasm.codehashKeepalive) and activates again any that expired, paying the data fees.
    Keepalive {
        /// Only show what would be renewed and the fees.
        #[arg(long)]
        dry_run: bool,
    },
    /// Deploy everything and play the story (embedded devnode unless --rpc-url is given).
    Demo,
    /// Serve the underwriter dashboard (ui/) for the manifest's deployment on 127.0.0.1; the
    /// page connects to --rpc-url and signs with a key pasted into it (dev chains only).
    Ui {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = backstop_scripts::DEFAULT_UI_PORT)]
        port: u16,
        /// Directory holding ui/ and abi/ (default: the current directory if it has
        /// ui/index.html, else the checkout this binary was built from).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Args)]
struct RouteArgs {
    /// Act through this MockMarket (you must own it). Default: the manifest's MockMarket for
    /// absorb-loss; a direct payment from your account for pay-premium and return-funds.
    #[arg(long)]
    via_market: Option<Address>,
    /// Call the absorber/vault directly from your account (your account is the market).
    #[arg(long, conflicts_with = "via_market")]
    direct: bool,
}

#[derive(Args)]
struct CallArgs {
    /// Target: `vault`, `absorber`, `timelock`, `asset` or an address.
    #[arg(long)]
    target: String,
    /// Function signature, e.g. `setDepositCap(uint256)`; arguments follow (integers in base units).
    #[arg(long, conflicts_with = "data")]
    sig: Option<String>,
    /// Raw calldata (hex) instead of --sig.
    #[arg(long)]
    data: Option<Bytes>,
    /// Arguments for --sig.
    args: Vec<String>,
    /// Value to forward, in wei.
    #[arg(long, default_value_t = U256::ZERO)]
    value: U256,
    /// Salt (32-byte hex or text, hashed), to schedule the same call twice.
    #[arg(
        long,
        default_value = "0x0000000000000000000000000000000000000000000000000000000000000000"
    )]
    salt: String,
}

#[derive(Args)]
struct DeployArgs {
    /// Use this asset instead of deploying the test stablecoin.
    #[arg(long)]
    asset: Option<Address>,
    /// Guardian of the vault and the timelock (default: the deployer).
    #[arg(long)]
    guardian: Option<Address>,
    /// Extra proposers (the deployer always is one).
    #[arg(long = "proposer")]
    proposers: Vec<Address>,
    /// Executors (default: the deployer); 0x0000000000000000000000000000000000000000 opens execution.
    #[arg(long = "executor")]
    executors: Vec<Address>,
    /// Markets to register, as ADDRESS:CAP (cap in human units).
    #[arg(long = "market")]
    markets: Vec<String>,
    /// Do not deploy and register a MockMarket.
    #[arg(long)]
    no_mock_market: bool,
    /// Take the WASM already built in target/ instead of building.
    #[arg(long)]
    no_build: bool,
    /// Timelock minimum delay, seconds.
    #[arg(long, default_value_t = 2 * 86_400)]
    min_delay: u64,
    /// Timelock emergency delay, seconds (>= 3600 and <= the min delay).
    #[arg(long, default_value_t = 3_600)]
    emergency_delay: u64,
    /// Vault cooldown, seconds.
    #[arg(long, default_value_t = 10 * 86_400)]
    cooldown: u64,
    /// Vault unstake window, seconds.
    #[arg(long, default_value_t = 2 * 86_400)]
    unstake_window: u64,
    /// Vault deposit cap (human units).
    #[arg(long, default_value = "10000000")]
    deposit_cap: String,
    /// Vault floor that cover never pays (human units).
    #[arg(long, default_value = "1")]
    min_assets: String,
    /// Absorber cover limit per window (human units).
    #[arg(long, default_value = "500000")]
    max_cover_per_window: String,
    /// Absorber window, seconds.
    #[arg(long, default_value_t = 86_400)]
    cover_window: u64,
    /// Emergency mint cap per period (human units).
    #[arg(long, default_value = "1000000")]
    mint_cap: String,
    /// Mint period, seconds.
    #[arg(long, default_value_t = 7 * 86_400)]
    mint_period: u64,
    /// MockMarket coverage cap (human units).
    #[arg(long, default_value = "100000")]
    mock_market_cap: String,
    /// Decimals of the test stablecoin when one is deployed.
    #[arg(long, default_value_t = 6)]
    decimals: u8,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let json = cli.json;
    if let Err(e) = run(cli).await {
        // One line: the chain of causes joined, never a backtrace.
        let text = format!("{e:#}").replace('\n', " ");
        if json {
            eprintln!("{}", serde_json::json!({ "error": text }));
        } else {
            eprintln!("error: {text}");
        }
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<()> {
    if let Command::Demo = cli.command {
        return demo(&cli).await;
    }
    let url = cli
        .rpc_url
        .clone()
        .unwrap_or_else(|| DEFAULT_RPC.to_string());
    if let Command::Ui { port, dir } = &cli.command {
        return ui(&cli, &url, *port, dir.clone()).await;
    }
    let signer = signer_for(&cli, &url).await?;
    let client = Client::connect(&url, vec![signer])
        .await
        .wrap_err_with(|| format!("connecting to {url}"))?;
    let manifest_path = cli
        .manifest
        .clone()
        .unwrap_or_else(|| Manifest::default_path(client.chain_id));
    if let Command::Deploy(args) = &cli.command {
        return deploy(client, args, &manifest_path).await;
    }
    let manifest = Manifest::load(&manifest_path)?;
    if let Command::Keepalive { dry_run } = cli.command {
        return keepalive(&client, &manifest, dry_run, cli.json).await;
    }
    let b = match Backstop::open(client.clone(), manifest.clone()).await {
        Ok(b) => b,
        Err(e @ Error::NotCallable { .. }) => {
            // The system cannot be read; what can be shown is where each program stands.
            let rules = lifetime_rules(&client).await?;
            let programs = programs(&client, &manifest, rules).await?;
            if cli.json {
                let doc = serde_json::json!({ "lifetimeRules": rules, "programs": programs });
                println!("{}", serde_json::to_string_pretty(&doc)?);
            } else {
                print!("{}", programs_report(&programs, rules));
            }
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    match execute(&b, cli.command, cli.json).await {
        Ok(()) => Ok(()),
        Err(e) => Err(diagnose(&b, e).await),
    }
}

/// A failed command whose cause is an expired (or otherwise inactive) program says so.
async fn diagnose(b: &Backstop, e: eyre::Report) -> eyre::Report {
    let Ok(rules) = lifetime_rules(&b.client).await else {
        return e;
    };
    let Ok(all) = programs(&b.client, &b.manifest, rules).await else {
        return e;
    };
    match all.into_iter().find(|p| !p.lifetime.is_callable()) {
        Some(p) => e.wrap_err(Error::NotCallable {
            contract: p.name,
            address: p.address,
            why: describe_lifetime(p.lifetime, rules),
        }),
        None => e,
    }
}

/// `backstop keepalive`: renew (or reactivate) every program of the manifest.
async fn keepalive(client: &Client, manifest: &Manifest, dry_run: bool, json: bool) -> Result<()> {
    let me = client.sender;
    let outcome = backstop_scripts::keepalive(client, manifest, me, dry_run).await?;
    if json {
        let list: Vec<_> = outcome
            .iter()
            .map(|(p, r)| serde_json::json!({ "program": p, "renewal": r }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    let eth = |wei: U256| format_amount(wei, 18);
    let mut paid = U256::ZERO;
    for (p, renewal) in outcome {
        let what = match renewal {
            Renewal::TooSoon { wait } => format!(
                "active; too recent to renew, renewable in {}",
                backstop_scripts::format_duration_approx(wait)
            ),
            Renewal::Renewed { fee, tx } => {
                paid += fee;
                match tx {
                    Some(tx) => format!("renewed for {} ETH (tx {tx})", eth(fee)),
                    None => format!("would be renewed for {} ETH", eth(fee)),
                }
            }
            Renewal::Reactivated { fee, tx } => {
                paid += fee;
                match tx {
                    Some(tx) => format!("activated again for {} ETH (tx {tx})", eth(fee)),
                    None => format!("would be activated again for {} ETH", eth(fee)),
                }
            }
        };
        println!("  {:<19} {} {what}", p.name, p.address);
    }
    println!(
        "{} {} ETH in data fees",
        if dry_run { "would pay" } else { "paid" },
        eth(paid)
    );
    Ok(())
}

/// Runs one command on an opened system.
async fn execute(b: &Backstop, command: Command, json: bool) -> Result<()> {
    let me = b.client.sender;
    match command {
        Command::Deploy(_) | Command::Demo | Command::Keepalive { .. } | Command::Ui { .. } => {
            unreachable!("handled before the system is opened")
        }
        Command::Status => {
            let status = b.status().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&status)?);
            } else {
                print!("{}", b.render_status(&status));
            }
        }
        Command::Deposit { amount } => {
            let assets = b.parse_assets(&amount)?;
            let (shares, r) = b.deposit(me, assets).await?;
            println!(
                "deposited {} for {} (tx {})",
                b.fmt_assets(assets),
                b.fmt_shares(shares),
                r.transaction_hash
            );
        }
        Command::Cooldown => {
            let r = b.cooldown(me).await?;
            let p = b.position(me).await?;
            let now = b.client.now().await?;
            println!(
                "cooldown started on {} (tx {}); redeemable from {} until {}",
                b.fmt_shares(p.cooldown_shares),
                r.transaction_hash,
                relative(p.window_start, now),
                relative(p.window_end, now)
            );
        }
        Command::Redeem { shares } => {
            let shares = shares
                .map(|s| parse_amount(&s, b.share_decimals))
                .transpose()?;
            let (shares, assets, r) = b.redeem(me, shares).await?;
            println!(
                "redeemed {} for {} (tx {})",
                b.fmt_shares(shares),
                b.fmt_assets(assets),
                r.transaction_hash
            );
        }
        Command::Position { account } => {
            let p = b.position(account.unwrap_or(me)).await?;
            let now = b.client.now().await?;
            if json {
                let doc = serde_json::json!({
                    "time": now,
                    "cooldown": cooldown_state(&p, now),
                    "assetDecimals": b.asset_decimals,
                    "shareDecimals": b.share_decimals,
                    "position": p,
                });
                println!("{}", serde_json::to_string_pretty(&doc)?);
                return Ok(());
            }
            println!("account      {}", p.owner);
            println!(
                "shares       {} worth {}",
                b.fmt_shares(p.shares),
                b.fmt_assets(p.value)
            );
            println!("wallet       {}", b.fmt_assets(p.wallet_assets));
            let state = match cooldown_state(&p, now) {
                "none" => None,
                "waiting" => Some(format!(
                    "waiting, window opens {}",
                    relative(p.window_start, now)
                )),
                "open" => Some(format!("OPEN, closes {}", relative(p.window_end, now))),
                _ => Some(format!(
                    "expired {} (start a new cooldown)",
                    relative(p.window_end, now)
                )),
            };
            match state {
                None => {
                    println!("cooldown     none (run `backstop cooldown` to start the exit clock)")
                }
                Some(state) => println!(
                    "cooldown     {} snapshotted; {state}",
                    b.fmt_shares(p.cooldown_shares)
                ),
            }
            println!(
                "redeemable   {} ({} now)",
                b.fmt_shares(p.redeemable_shares),
                b.fmt_assets(p.withdrawable)
            );
        }
        Command::AbsorbLoss {
            loss_id: id,
            amount,
            route,
        } => {
            let amount = b.parse_assets(&amount)?;
            let route = match (route.direct, route.via_market, b.manifest.mock_market()) {
                (true, _, _) => MarketRoute::Direct,
                (false, Some(m), _) | (false, None, Some(m)) => MarketRoute::Mock(m),
                (false, None, None) => MarketRoute::Direct,
            };
            let out = b.absorb_loss(me, route, loss_id(&id), amount).await?;
            println!(
                "loss {id}: covered {}, uncovered (deficit) {} (tx {})",
                b.fmt_assets(out.covered),
                b.fmt_assets(out.uncovered),
                out.tx_hash
            );
        }
        Command::PayPremium { amount, route } => {
            let amount = b.parse_assets(&amount)?;
            let r = b.pay_premium(me, pay_route(&route), amount).await?;
            println!(
                "premium of {} paid; it vests over {} (tx {})",
                b.fmt_assets(amount),
                format_duration(b.vault().premiumVestingPeriod().call().await?),
                r.transaction_hash
            );
        }
        Command::ReturnFunds { amount, route } => {
            let amount = b.parse_assets(&amount)?;
            let r = b.return_funds(me, pay_route(&route), amount).await?;
            println!(
                "returned {} to the vault (tx {})",
                b.fmt_assets(amount),
                r.transaction_hash
            );
        }
        Command::SettleDeficit { market, amount } => {
            let amount = b.parse_assets(&amount)?;
            let r = b.settle_deficit(me, market, amount).await?;
            let left = b.market_info(market).await?.deficit;
            println!(
                "settled {}; deficit left {} (tx {})",
                b.fmt_assets(amount),
                b.fmt_assets(left),
                r.transaction_hash
            );
        }
        Command::Schedule {
            call,
            predecessor,
            delay,
        } => {
            let (proposal, salt) = proposal(b, &call)?;
            let (id, r) = b.schedule(me, &proposal, predecessor, salt, delay).await?;
            print_scheduled(b, id, r.transaction_hash).await?;
        }
        Command::ScheduleEmergency { call } => {
            let (proposal, salt) = proposal(b, &call)?;
            let (id, r) = b.schedule_emergency(me, &proposal, salt).await?;
            print_scheduled(b, id, r.transaction_hash).await?;
        }
        Command::Execute { id } => {
            let r = b.execute(me, id).await?;
            println!("executed {id} (tx {})", r.transaction_hash);
        }
        Command::Cancel { id } => {
            let r = b.cancel(me, id).await?;
            println!("cancelled {id} (tx {})", r.transaction_hash);
        }
        Command::Operations => {
            let now = b.client.now().await?;
            let ops = b.operations().await?;
            if json {
                let list: Vec<_> = ops
                    .iter()
                    .map(|op| {
                        let calls: Vec<_> = op
                            .calls
                            .iter()
                            .map(|c| {
                                serde_json::json!({
                                    "call": c,
                                    "targetName": b.name_of(c.target),
                                    "decoded": describe_calldata(&c.data),
                                })
                            })
                            .collect();
                        serde_json::json!({ "operation": op, "calls": calls })
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({ "time": now, "operations": list })
                    )?
                );
                return Ok(());
            }
            if ops.is_empty() {
                println!("no operations scheduled");
            }
            for op in ops {
                println!("{}", b.describe_operation(&op, now));
            }
        }
    }
    Ok(())
}

/// Where an underwriter's cooldown stands: `none`, `waiting`, `open` or `expired`.
fn cooldown_state(p: &backstop_scripts::Position, now: u64) -> &'static str {
    if p.cooldown_start == 0 {
        "none"
    } else if now < p.window_start {
        "waiting"
    } else if now < p.window_end {
        "open"
    } else {
        "expired"
    }
}

fn pay_route(route: &RouteArgs) -> MarketRoute {
    route
        .via_market
        .map_or(MarketRoute::Direct, MarketRoute::Mock)
}

async fn print_scheduled(b: &Backstop, id: B256, tx: B256) -> Result<()> {
    let now = b.client.now().await?;
    let op = b
        .operation(id)
        .await?
        .ok_or_else(|| eyre!("operation {id} not found after scheduling"))?;
    println!("scheduled (tx {tx}):\n{}", b.describe_operation(&op, now));
    Ok(())
}

fn proposal(b: &Backstop, call: &CallArgs) -> Result<(Proposal, B256)> {
    let m = &b.manifest;
    let target = match call.target.as_str() {
        "vault" => m.vault()?,
        "absorber" => m.absorber()?,
        "timelock" => m.timelock()?,
        "asset" => m.asset,
        other => other.parse().map_err(|_| {
            eyre!("--target {other:?} is not vault, absorber, timelock, asset or an address")
        })?,
    };
    let data = match (&call.sig, &call.data) {
        (Some(sig), None) => encode_call(sig, &call.args)?,
        (None, Some(data)) if call.args.is_empty() => data.clone(),
        _ => bail!("give either --sig with its arguments or --data"),
    };
    Ok((
        Proposal {
            target,
            value: call.value,
            data,
        },
        loss_id(&call.salt),
    ))
}

/// The signer: the given key, or the Nitro dev key on a dev chain.
async fn signer_for(cli: &Cli, url: &str) -> Result<PrivateKeySigner> {
    if let Some(key) = &cli.private_key {
        return Ok(parse_private_key(key)?);
    }
    let probe = Client::connect(url, vec![dev_key()])
        .await
        .wrap_err_with(|| format!("connecting to {url}"))?;
    if probe.chain_id != DEV_CHAIN_ID {
        bail!(
            "chain {} is not a dev chain: pass --private-key or set BACKSTOP_PRIVATE_KEY",
            probe.chain_id
        );
    }
    eprintln!("note: no key given; using the Nitro dev key on dev chain {DEV_CHAIN_ID}");
    Ok(dev_key())
}

fn dev_key() -> PrivateKeySigner {
    // Invariant: NITRO_DEV_KEY is a valid secp256k1 key (the node's own tests check it).
    PrivateKeySigner::from_bytes(&stylus_devnode::NITRO_DEV_KEY)
        .expect("the Nitro dev key is a valid key")
}

fn codes(no_build: bool) -> Result<Codes> {
    if no_build {
        return Ok(Codes::from_target_dir()?);
    }
    eprintln!("building the contracts (cargo build --release --target wasm32-unknown-unknown)...");
    Ok(Codes::build()?)
}

async fn deploy(client: Client, args: &DeployArgs, path: &std::path::Path) -> Result<()> {
    let codes = codes(args.no_build)?;
    for (name, size) in codes.sizes() {
        println!("  {name:<20} {size:>6} bytes of code");
    }
    let me = client.sender;
    let (asset, decimals) = match args.asset {
        Some(a) => (
            AssetChoice::Existing(a),
            backstop_scripts::bindings::TestStablecoin::new(a, &client.provider)
                .decimals()
                .call()
                .await?,
        ),
        None => (
            AssetChoice::TestStablecoin {
                name: "Test USD".into(),
                symbol: "tUSD".into(),
                decimals: args.decimals,
            },
            args.decimals,
        ),
    };
    let amount = |s: &str| parse_amount(s, decimals);
    let mut proposers = vec![me];
    proposers.extend(args.proposers.iter().copied().filter(|p| *p != me));
    let markets = args
        .markets
        .iter()
        .map(|m| {
            let (addr, cap) = m
                .split_once(':')
                .ok_or_else(|| eyre!("--market {m:?}: expected ADDRESS:CAP"))?;
            Ok((
                addr.parse::<Address>()
                    .map_err(|e| eyre!("--market {m:?}: {e}"))?,
                amount(cap)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let config = DeployConfig {
        asset,
        vault_name: "Backstop Vault Share".into(),
        vault_symbol: "bsv".into(),
        guardian: args.guardian.unwrap_or(me),
        min_assets: amount(&args.min_assets)?,
        deposit_cap: amount(&args.deposit_cap)?,
        cooldown_period: args.cooldown,
        unstake_window: args.unstake_window,
        max_cover_per_window: amount(&args.max_cover_per_window)?,
        cover_window: args.cover_window,
        mint_cap_per_period: amount(&args.mint_cap)?,
        mint_period: args.mint_period,
        min_delay: args.min_delay,
        emergency_delay: args.emergency_delay,
        proposers,
        executors: if args.executors.is_empty() {
            vec![me]
        } else {
            args.executors.clone()
        },
        markets,
        mock_market_cap: if args.no_mock_market {
            None
        } else {
            Some(amount(&args.mock_market_cap)?)
        },
    };
    println!("deploying from {me} on chain {}", client.chain_id);
    let manifest =
        backstop_scripts::deploy_system(&client, &codes, &config, &mut |p| match p.address {
            Some(a) => println!(
                "[{:>2}/{}] {} -> {a} (tx {})",
                p.index, p.total, p.what, p.tx_hash
            ),
            None => println!("[{:>2}/{}] {} (tx {})", p.index, p.total, p.what, p.tx_hash),
        })
        .await?;
    manifest.save(path)?;
    println!("manifest written to {}", path.display());
    Ok(())
}

/// `backstop ui`: serves the dashboard until interrupted.
async fn ui(cli: &Cli, url: &str, port: u16, dir: Option<PathBuf>) -> Result<()> {
    // The server signs nothing: the key only lets the client ask the node for its chain id.
    let client = Client::connect(url, vec![dev_key()])
        .await
        .wrap_err_with(|| format!("connecting to {url}"))?;
    let path = cli
        .manifest
        .clone()
        .unwrap_or_else(|| Manifest::default_path(client.chain_id));
    let manifest = Manifest::load(&path)?;
    if manifest.chain_id != client.chain_id {
        bail!(
            "manifest {} is for chain {}, the node at {url} is chain {}",
            path.display(),
            manifest.chain_id,
            client.chain_id
        );
    }
    let root = dir.unwrap_or_else(|| {
        if std::path::Path::new("ui/index.html").is_file() {
            PathBuf::from(".")
        } else {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        }
    });
    let config = backstop_scripts::UiConfig {
        root,
        rpc_url: url.to_string(),
        manifest,
    };
    let server =
        backstop_scripts::serve_ui(config, std::net::SocketAddr::from(([127, 0, 0, 1], port)))
            .await?;
    println!(
        "underwriter dashboard at {} (node {url}, chain {}, manifest {}); Ctrl-C stops it",
        server.url(),
        client.chain_id,
        path.display()
    );
    if !backstop_scripts::DEV_CHAIN_IDS.contains(&client.chain_id) {
        println!(
            "note: chain {} is not a dev chain: the page shows the figures but refuses keys",
            client.chain_id
        );
    }
    server.run_forever().await;
    Ok(())
}

async fn demo(cli: &Cli) -> Result<()> {
    let codes = codes(false)?;
    for (name, size) in codes.sizes() {
        println!("  {name:<20} {size:>6} bytes of code (limit 24,576)");
    }
    let mut say = |line: &str| println!("{line}");
    let outcome = match &cli.rpc_url {
        Some(url) => {
            let signer = signer_for(cli, url).await?;
            run_demo(url, signer, &codes, &mut say).await?
        }
        None => {
            let node = stylus_devnode::spawn(stylus_devnode::NodeConfig::test())
                .map_err(|e| eyre!("starting the embedded devnode: {e}"))?;
            println!(
                "embedded Stylus devnode at {} (chain {})",
                node.endpoint(),
                node.chain_id()
            );
            let outcome = run_demo(&node.endpoint(), dev_key(), &codes, &mut say).await?;
            drop(node);
            outcome
        }
    };
    if let Some(path) = &cli.manifest {
        outcome.manifest.save(path)?;
        println!("manifest written to {}", path.display());
    }
    Ok(())
}
