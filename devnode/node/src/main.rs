//! `stylus-devnode`: a local Arbitrum node for Stylus development.

use std::{net::IpAddr, path::PathBuf, time::Duration};

use clap::Parser;
use eyre::WrapErr;
use stylus_devnode::{spawn, NodeConfig, NodeHandle, DEFAULT_EXTRA_ACCOUNTS, DEFAULT_PORT};

/// A local Arbitrum (`nitro --dev` like) node that runs Stylus programs, with no Docker.
#[derive(Parser, Debug)]
#[command(name = "stylus-devnode", version)]
struct Cli {
    /// Port of the HTTP JSON-RPC server (0 picks a free port).
    #[arg(long, short, default_value_t = DEFAULT_PORT, env = "STYLUS_DEVNODE_PORT")]
    port: u16,
    /// Interface to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Funded accounts to derive from the anvil mnemonic, besides the Nitro dev key.
    #[arg(long, short, default_value_t = DEFAULT_EXTRA_ACCOUNTS)]
    accounts: usize,
    /// Mine a block every this many seconds instead of one per transaction.
    #[arg(long, short)]
    block_time: Option<u64>,
    /// Write the chain to this file on exit.
    #[arg(long, value_name = "PATH")]
    dump_state: Option<PathBuf>,
    /// Start from this state file (an error if missing or corrupt).
    #[arg(long, value_name = "PATH")]
    load_state: Option<PathBuf>,
    /// Load from this file if it exists and write back to it on exit.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["dump_state", "load_state"])]
    state: Option<PathBuf>,
    /// Write the endpoint, chain id and accounts (with keys) as JSON to this file.
    #[arg(long, value_name = "PATH")]
    config_out: Option<PathBuf>,
    /// Do not print the JSON-RPC methods called and the transactions mined.
    #[arg(long, short)]
    silent: bool,
    /// Run programs as not cached: every call pays the full init gas, as an uncached program on
    /// Arbitrum does (by default every activated program counts as cached, as on `nitro --dev`).
    #[arg(long)]
    uncached_programs: bool,
}

fn main() -> eyre::Result<()> {
    let cli = Cli::parse();
    let (load_state, dump_state) = match cli.state {
        Some(path) => (path.exists().then(|| path.clone()), Some(path)),
        None => (cli.load_state, cli.dump_state),
    };
    let config = NodeConfig {
        host: cli.host,
        port: cli.port,
        extra_accounts: cli.accounts,
        block_time: cli.block_time.map(Duration::from_secs),
        load_state,
        dump_state,
        log_requests: !cli.silent,
        programs_cached: !cli.uncached_programs,
        ..NodeConfig::default()
    };
    let signals = Signals::listen()?;
    let node = spawn(config).wrap_err("stylus-devnode could not start")?;
    // The config file exists before the banner's last line ("Listening on ..."), which is what
    // a script waits for.
    if let Some(path) = &cli.config_out {
        write_config(&node, path)?;
    }
    print_banner(&node);
    signals.wait()?;
    println!("\nShutting down.");
    node.shutdown()
        .wrap_err("stylus-devnode could not save its state")?;
    Ok(())
}

fn print_banner(node: &NodeHandle) {
    println!("stylus-devnode {}", env!("CARGO_PKG_VERSION"));
    println!("\nAvailable Accounts\n==================");
    for (i, account) in node.accounts().iter().enumerate() {
        println!("({i}) {} (1000 ETH)", account.address);
    }
    println!("\nPrivate Keys\n==================");
    for (i, account) in node.accounts().iter().enumerate() {
        println!("({i}) {}", account.key);
    }
    println!("\nAccount (0) is the Nitro dev key; (1).. derive from the mnemonic:");
    println!("{}", stylus_devnode::DEV_MNEMONIC);
    println!("\nChain ID\n==================\n{}", node.chain_id());
    println!("\nListening on {}", node.endpoint());
}

fn write_config(node: &NodeHandle, path: &PathBuf) -> eyre::Result<()> {
    let accounts: Vec<_> = node
        .accounts()
        .iter()
        .map(|a| serde_json::json!({"address": a.address, "privateKey": a.key}))
        .collect();
    let config = serde_json::json!({
        "endpoint": node.endpoint(),
        "chainId": node.chain_id(),
        "accounts": accounts,
    });
    std::fs::write(path, serde_json::to_vec_pretty(&config)?)
        .wrap_err_with(|| format!("cannot write {}", path.display()))
}

/// SIGINT and SIGTERM, listened for from the moment [`Signals::listen`] returns: before the
/// banner, so a script that signals the node as soon as it reads "Listening on" is heard (a
/// signal that arrived before the handlers were installed used to kill the node without its
/// state dump).
struct Signals {
    runtime: tokio::runtime::Runtime,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn listen() -> eyre::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let _entered = runtime.enter();
            let interrupt = signal(SignalKind::interrupt())?;
            let terminate = signal(SignalKind::terminate())?;
            drop(_entered);
            Ok(Self {
                runtime,
                interrupt,
                terminate,
            })
        }
        #[cfg(not(unix))]
        Ok(Self { runtime })
    }

    /// Blocks until SIGINT or SIGTERM (Ctrl-C elsewhere).
    fn wait(self) -> eyre::Result<()> {
        #[cfg(unix)]
        {
            let Self {
                runtime,
                mut interrupt,
                mut terminate,
            } = self;
            runtime.block_on(async {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            });
            Ok(())
        }
        #[cfg(not(unix))]
        {
            self.runtime.block_on(tokio::signal::ctrl_c())?;
            Ok(())
        }
    }
}
