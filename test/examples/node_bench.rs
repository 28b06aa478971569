//! Devnode benchmark: our embedded Stylus devnode and anvil (the reference) side by side on the
//! same machine in one run, with revm and devnode-evm executing the same EVM transactions in
//! process as the floor of our stack.
//!
//! `bash bench/devnode.sh` installs the pinned anvil (bench/anvil) and compiles the Solidity side
//! (bench/solidity: the ERC-20 and OpenZeppelin ERC-4626 both nodes run as EVM bytecode), then
//! runs `cargo run -p backstop-e2e --example node_bench`.
//!
//! For each node, transactions are signed before the clock starts (nonce, gas and fees fixed),
//! so the figures are the node's work: decoding, signature recovery, execution, mining and
//! answering. "sequential" sends one raw transaction and waits for its receipt before the next;
//! "pipelined" sends them all, then fetches every receipt. Every receipt must report success.
//! `eth_call`s are sequential. The timed requests go through a minimal keep-alive HTTP/1.1
//! client (as `wrk` does), so the figures are the nodes' and not a client library's. The vault rows run our Stylus BackstopVault on the devnode and
//! OpenZeppelin's ERC4626 (Solidity) on anvil, which cannot run Stylus. Cold start is the time
//! from starting a node to its first answer: in process for ours (what the demo and tests do),
//! a child process for anvil.
//!
//! Writes docs/NODE_BENCHMARKS.md (printed too). A benchmark, not a test: nothing asserts a
//! figure. Any failure is one line on stderr and exit status 1.

use std::{fmt::Write as _, process::ExitCode, time::Duration, time::Instant};

use alloy::{
    primitives::{address, Address, Bytes, U256},
    providers::{Provider, ProviderBuilder},
    sol,
    sol_types::SolCall,
};
use backstop_e2e::{codes, units, Env};
use eyre::{bail, eyre, Result, WrapErr};
use stylus_devnode::{spawn, NodeConfig};

#[path = "node_bench/anvil.rs"]
mod anvil;
#[path = "node_bench/floor.rs"]
mod floor;
#[path = "node_bench/load.rs"]
mod load;
#[path = "node_bench/wire.rs"]
mod wire;

use load::{Call, Target};

sol! {
    interface Erc20 {
        function mint(address to, uint256 amount) external;
        function transfer(address to, uint256 amount) external returns (bool);
        function approve(address spender, uint256 amount) external returns (bool);
        function balanceOf(address who) external view returns (uint256);
    }
    interface Vault {
        function deposit(uint256 assets, address receiver) external returns (uint256);
        function redeem(uint256 shares, address receiver, address owner) external returns (uint256);
        function previewDeposit(uint256 assets) external view returns (uint256);
        function balanceOf(address who) external view returns (uint256);
        function cooldown() external;
    }
}

/// anvil's first dev key, funded on both nodes (the devnode funds anvil's accounts too).
const BENCH_KEY: &str = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
/// Recipient of the transfers.
const SINK: Address = address!("000000000000000000000000000000000000dEaD");

struct Options {
    txs: usize,
    calls: usize,
    anvil: bool,
}

fn options() -> Result<Options> {
    let mut options = Options {
        txs: 500,
        calls: 2000,
        anvil: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut count = |name: &str| -> Result<usize> {
            args.next()
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| eyre!("{name} needs a positive count"))
        };
        match arg.as_str() {
            "--txs" => options.txs = count("--txs")?,
            "--calls" => options.calls = count("--calls")?,
            "--no-anvil" => options.anvil = false,
            "--help" | "-h" => {
                println!("node_bench [--txs N (500)] [--calls N (2000)] [--no-anvil]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other} (try --help)"),
        }
    }
    Ok(options)
}

/// One row of the report: a figure per column, `None` where it does not apply.
struct Row {
    what: String,
    cells: [Option<f64>; 4],
}

/// The compiled EVM bytecode of a contract in bench/solidity/out.
fn evm_initcode(name: &str) -> Result<Bytes> {
    let path = backstop_build::workspace_root().join(format!("bench/solidity/out/{name}.bin"));
    let hex = std::fs::read_to_string(&path).wrap_err_with(|| {
        format!(
            "{} is missing (run `bash bench/devnode.sh`, which compiles bench/solidity)",
            path.display()
        )
    })?;
    alloy::hex::decode(hex.trim())
        .map(Bytes::from)
        .wrap_err_with(|| format!("{} is not hex", path.display()))
}

fn transfer(token: Address) -> Call {
    Call::to(
        token,
        Erc20::transferCall {
            to: SINK,
            amount: U256::from(1),
        }
        .abi_encode(),
    )
}

/// Sequential and pipelined rates of `count` copies of `call`.
async fn rates(target: &mut Target, call: &Call, count: usize) -> Result<(f64, f64)> {
    let sequential = target.sign(call, count).await?;
    let pipelined = target.sign(call, count).await?;
    Ok((
        target.sequential(&sequential)?,
        target.pipelined(&pipelined)?,
    ))
}

/// What one node measured, in report order.
#[derive(Default)]
struct NodeFigures {
    eth: (f64, f64),
    erc20: (f64, f64),
    deposit: (f64, f64),
    redeem: (f64, f64),
    erc20_call: f64,
    vault_call: f64,
    ping: f64,
}

/// The EVM workloads both nodes run: ETH and ERC-20 transfers and an ERC-20 `eth_call`.
async fn evm_workloads(t: &mut Target, o: &Options, figures: &mut NodeFigures) -> Result<Address> {
    let eth = Call {
        value: U256::from(1),
        ..Call::to(SINK, Vec::new())
    };
    figures.ping = t.pings(o.calls)?;
    figures.eth = rates(t, &eth, o.txs).await?;
    let deployed = t
        .send(&Call {
            to: None,
            ..Call::to(Address::ZERO, evm_initcode("BenchToken")?)
        })
        .await?;
    let token = deployed
        .contract_address
        .ok_or_else(|| eyre!("{}: the ERC-20 creation made no contract", t.name))?;
    let me = t.address();
    t.send(&Call::to(
        token,
        Erc20::mintCall {
            to: me,
            amount: units(1_000_000_000),
        }
        .abi_encode(),
    ))
    .await?;
    figures.erc20 = rates(t, &transfer(token), o.txs).await?;
    let balance = Call::to(token, Erc20::balanceOfCall { who: me }.abi_encode());
    figures.erc20_call = t.calls(&balance, o.calls)?;
    Ok(token)
}

/// Deposits into `vault` (its asset approved already) and `eth_call`s its `previewDeposit`.
async fn vault_workloads(
    t: &mut Target,
    o: &Options,
    vault: Address,
    figures: &mut NodeFigures,
) -> Result<()> {
    let me = t.address();
    let deposit = Call::to(
        vault,
        Vault::depositCall {
            assets: units(1),
            receiver: me,
        }
        .abi_encode(),
    );
    figures.deposit = rates(t, &deposit, o.txs).await?;
    let preview = Call::to(
        vault,
        Vault::previewDepositCall { assets: units(1) }.abi_encode(),
    );
    figures.vault_call = t.calls(&preview, o.calls)?;
    Ok(())
}

/// Redeems the shares the deposits made, in small parts (the vault must let the account redeem).
async fn redeems(
    t: &mut Target,
    o: &Options,
    vault: Address,
    figures: &mut NodeFigures,
) -> Result<()> {
    let me = t.address();
    let shares = Vault::balanceOfCall::abi_decode_returns(
        &t.provider
            .call(
                alloy::rpc::types::TransactionRequest::default()
                    .to(vault)
                    .input(Vault::balanceOfCall { who: me }.abi_encode().into()),
            )
            .await?,
    )?;
    let each = shares / U256::from(2 * o.txs + 1);
    let redeem = Call::to(
        vault,
        Vault::redeemCall {
            shares: each,
            receiver: me,
            owner: me,
        }
        .abi_encode(),
    );
    figures.redeem = rates(t, &redeem, o.txs).await?;
    Ok(())
}

fn approve(asset: Address, spender: Address) -> Call {
    Call::to(
        asset,
        Erc20::approveCall {
            spender,
            amount: U256::MAX,
        }
        .abi_encode(),
    )
}

/// Our devnode in process, with the whole Backstop system deployed through the scripts.
async fn ours(o: &Options) -> Result<NodeFigures> {
    let env = Env::start().await?;
    let system = env.deploy().await?;
    let mut t = Target::connect("devnode", &env.url, BENCH_KEY.parse()?).await?;
    let mut figures = NodeFigures::default();
    evm_workloads(&mut t, o, &mut figures).await?;

    let vault = *system.b.vault().address();
    let asset = *system.b.asset().address();
    system.mint(t.address(), units(1_000_000)).await?;
    t.send(&approve(asset, vault)).await?;
    vault_workloads(&mut t, o, vault, &mut figures).await?;
    // Redeeming needs a cooldown served: start it, move the clock to the window.
    t.send(&Call::to(vault, Vault::cooldownCall {}.abi_encode()))
        .await?;
    let config = env.config();
    env.client.increase_time(config.cooldown_period + 1).await?;
    redeems(&mut t, o, vault, &mut figures).await?;
    Ok(figures)
}

/// anvil, with OpenZeppelin's ERC4626 as the vault.
async fn reference(o: &Options) -> Result<NodeFigures> {
    let (node, _) = anvil::Anvil::start().await?;
    let mut t = Target::connect("anvil", &node.url, BENCH_KEY.parse()?).await?;
    let mut figures = NodeFigures::default();
    let token = evm_workloads(&mut t, o, &mut figures).await?;
    let mut initcode = evm_initcode("OZVault")?.to_vec();
    initcode.extend_from_slice(&alloy::sol_types::SolValue::abi_encode(&token));
    let created = t
        .send(&Call {
            to: None,
            ..Call::to(Address::ZERO, initcode)
        })
        .await?;
    let vault = created
        .contract_address
        .ok_or_else(|| eyre!("anvil: the vault creation made no contract"))?;
    t.send(&approve(token, vault)).await?;
    vault_workloads(&mut t, o, vault, &mut figures).await?;
    redeems(&mut t, o, vault, &mut figures).await?;
    Ok(figures)
}

/// Best of `runs`: our node spawned in process until its first answer.
async fn our_cold_start(runs: usize) -> Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let node = spawn(NodeConfig::test())?;
        ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(node.endpoint().parse()?)
            .get_block_number()
            .await?;
        best = best.min(start.elapsed());
    }
    Ok(best)
}

async fn anvil_cold_start(runs: usize) -> Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        best = best.min(anvil::Anvil::start().await?.1);
    }
    Ok(best)
}

/// The EVM floor: ETH and ERC-20 transfers on revm and on devnode-evm, as (revm, devnode-evm).
fn floors() -> Result<[(Option<f64>, Option<f64>); 2]> {
    let eth = floor::Workload {
        create: None,
        prepare: |_| Vec::new(),
        measured: |_| vec![(Some(SINK), Bytes::new()); FLOOR_TXS],
    };
    let erc20 = floor::Workload {
        create: Some(evm_initcode("BenchToken")?),
        prepare: |token| {
            let mint = Erc20::mintCall {
                to: floor::SENDER,
                amount: units(1_000_000_000),
            };
            vec![(Some(token), mint.abi_encode().into())]
        },
        measured: |token| vec![(Some(token), transfer(token).input); FLOOR_TXS],
    };
    let both = |w: &floor::Workload| -> Result<(Option<f64>, Option<f64>)> {
        Ok((Some(floor::revm(w)?), Some(floor::devnode_evm(w)?)))
    };
    Ok([both(&eth)?, both(&erc20)?])
}

const FLOOR_TXS: usize = 5_000;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("node_bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<()> {
    let o = options()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(bench(o))
}

async fn bench(o: Options) -> Result<()> {
    eprintln!("building the contracts and compiling the Solidity side ...");
    let codes = codes();
    evm_initcode("BenchToken")?;
    if o.anvil {
        anvil::binary()?;
    }

    eprintln!("cold starts ...");
    let ours_start = our_cold_start(5).await?;
    let anvil_start = match o.anvil {
        true => Some(anvil_cold_start(3).await?),
        false => None,
    };

    eprintln!("activations ...");
    let mut activations = Vec::new();
    for (name, _) in codes.sizes() {
        let code = codes.get(name)?;
        let wasm = devnode_stylus::wasm_from_code_or_wasm(code, usize::MAX)
            .map_err(|e| eyre!("{name}: {e}"))?;
        let runtime = devnode_stylus::Runtime::new().map_err(|e| eyre!("{e}"))?;
        let params = devnode_stylus::StylusParams::default();
        let start = Instant::now();
        runtime
            .activate(code, &params, false, u64::MAX)
            .map_err(|e| eyre!("activating {name}: {e}"))?;
        activations.push((name.to_string(), wasm.len(), start.elapsed()));
    }

    eprintln!(
        "devnode workloads ({} transactions, {} calls each) ...",
        o.txs, o.calls
    );
    let ours = ours(&o).await?;
    let anvil = match o.anvil {
        true => {
            eprintln!("anvil workloads ...");
            Some(reference(&o).await?)
        }
        false => None,
    };
    eprintln!("in-process floors ({FLOOR_TXS} transactions each) ...");
    let [eth_floor, erc20_floor] = floors()?;

    let pick = |f: fn(&NodeFigures) -> f64| -> [Option<f64>; 2] {
        [Some(f(&ours)), anvil.as_ref().map(f)]
    };
    let row = |what: &str, nodes: [Option<f64>; 2], floor: (Option<f64>, Option<f64>)| Row {
        what: what.into(),
        cells: [nodes[0], nodes[1], floor.1, floor.0],
    };
    let none = (None, None);
    let rows = vec![
        row(
            "ETH transfer, sequential (tx/s)",
            pick(|f| f.eth.0),
            eth_floor,
        ),
        row("ETH transfer, pipelined (tx/s)", pick(|f| f.eth.1), none),
        row(
            "ERC-20 transfer (EVM), sequential (tx/s)",
            pick(|f| f.erc20.0),
            erc20_floor,
        ),
        row(
            "ERC-20 transfer (EVM), pipelined (tx/s)",
            pick(|f| f.erc20.1),
            none,
        ),
        row(
            "vault deposit, sequential (tx/s)",
            pick(|f| f.deposit.0),
            none,
        ),
        row(
            "vault deposit, pipelined (tx/s)",
            pick(|f| f.deposit.1),
            none,
        ),
        row(
            "vault redeem, sequential (tx/s)",
            pick(|f| f.redeem.0),
            none,
        ),
        row("vault redeem, pipelined (tx/s)", pick(|f| f.redeem.1), none),
        row(
            "eth_call ERC-20 balanceOf (calls/s)",
            pick(|f| f.erc20_call),
            none,
        ),
        row(
            "eth_call vault previewDeposit (calls/s)",
            pick(|f| f.vault_call),
            none,
        ),
        row(
            "eth_chainId, the request floor (requests/s)",
            pick(|f| f.ping),
            none,
        ),
        Row {
            what: "cold start, to the first answer (ms)".into(),
            cells: [
                Some(ours_start.as_secs_f64() * 1e3),
                anvil_start.map(|d| d.as_secs_f64() * 1e3),
                None,
                None,
            ],
        },
    ];
    let report = report(&o, &rows, &activations);
    print!("{report}");
    let path = backstop_build::workspace_root().join("docs/NODE_BENCHMARKS.md");
    std::fs::write(&path, &report).wrap_err_with(|| format!("writing {}", path.display()))?;
    eprintln!("written to {}", path.display());
    Ok(())
}

fn report(o: &Options, rows: &[Row], activations: &[(String, usize, Duration)]) -> String {
    let profile = if cfg!(debug_assertions) {
        "dev"
    } else {
        "release"
    };
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, "# Devnode benchmark\n");
    let _ = writeln!(
        out,
        "Generated by `bash bench/devnode.sh` (`cargo run -p backstop-e2e --example node_bench`), \
         {profile} profile, {cores} cores, load average at the end {}; {} transactions per \
         figure, {} `eth_call`s, {FLOOR_TXS} transactions per floor figure. Higher is better except \
         for cold start.\n",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
        o.txs,
        o.calls
    );
    let _ = writeln!(
        out,
        "| workload | our devnode | anvil 1.7.1 | devnode-evm in process | revm in process |\n|---|--:|--:|--:|--:|"
    );
    for row in rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|c| c.map_or("n/a".into(), |v| format!("{v:.0}")))
            .collect();
        let _ = writeln!(out, "| {} | {} |", row.what, cells.join(" | "));
    }
    let _ = writeln!(
        out,
        "\nThe vault rows run our Stylus BackstopVault on the devnode and OpenZeppelin's ERC4626 \
         (Solidity, EVM) on anvil, which cannot run Stylus. The in-process floors execute the \
         same EVM transactions without JSON-RPC, signatures or blocks.\n"
    );
    let _ = writeln!(
        out,
        "Activation (validation, instrumentation and compilation, in a fresh runtime):\n\n| contract | WASM (B) | activation (ms) |\n|---|--:|--:|"
    );
    for (name, size, time) in activations {
        let _ = writeln!(out, "| {name} | {size} | {:.1} |", time.as_secs_f64() * 1e3);
    }
    out
}
