//! Starting and stopping a node: [`NodeConfig`], [`spawn`] and [`NodeHandle`].

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener},
    path::{Path, PathBuf},
    sync::Arc,
    thread::JoinHandle,
    time::Duration,
};

use alloy_primitives::U256;
use tokio::sync::watch;

use crate::{
    accounts::{dev_accounts, DevAccount, DEV_BALANCE_WEI},
    chain::{load_file, Chain},
    rpc::Api,
    server, Error, Result,
};

/// Default JSON-RPC port, as `nitro --dev` uses.
pub const DEFAULT_PORT: u16 = 8547;
/// Number of anvil accounts funded besides the Nitro dev key, by default.
pub const DEFAULT_EXTRA_ACCOUNTS: usize = 10;

/// How to start a node.
#[derive(Clone, Debug)]
pub struct NodeConfig {
    /// Interface to listen on.
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free port.
    pub port: u16,
    /// Chain id.
    pub chain_id: u64,
    /// Funded accounts derived from the anvil mnemonic, besides the Nitro dev key.
    pub extra_accounts: usize,
    /// Genesis balance of every dev account, in wei.
    pub balance: U256,
    /// Mine on this interval instead of once per transaction.
    pub block_time: Option<Duration>,
    /// Start from this state file (a missing or corrupt file is an error).
    pub load_state: Option<PathBuf>,
    /// Write the chain to this file when the node stops.
    pub dump_state: Option<PathBuf>,
    /// Print every JSON-RPC method called and every mined transaction on stdout.
    pub log_requests: bool,
    /// Whether every activated program counts as cached and pays only the cached entry gas, as on
    /// `nitro --dev` chains in practice (the default); `false` makes every call pay the full
    /// init gas, as an uncached program on Arbitrum does.
    pub programs_cached: bool,
}

impl Default for NodeConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            chain_id: devnode_evm::DEV_CHAIN_ID,
            extra_accounts: DEFAULT_EXTRA_ACCOUNTS,
            balance: DEV_BALANCE_WEI,
            block_time: None,
            load_state: None,
            dump_state: None,
            log_requests: false,
            programs_cached: true,
        }
    }
}

impl NodeConfig {
    /// The default configuration on a free port: what tests want.
    pub fn test() -> Self {
        Self {
            port: 0,
            ..Self::default()
        }
    }
}

/// A running node. Dropping it stops the node (and writes `dump_state`, if configured).
pub struct NodeHandle {
    addr: SocketAddr,
    chain_id: u64,
    accounts: Vec<DevAccount>,
    api: Arc<Api>,
    dump_path: Option<PathBuf>,
    shutdown: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

/// Starts a node: binds its port, builds or loads the chain, and serves JSON-RPC on a
/// background thread until the handle is dropped.
pub fn spawn(config: NodeConfig) -> Result<NodeHandle> {
    let accounts = dev_accounts(config.extra_accounts)?;
    let automine = config.block_time.is_none();
    let chain = match &config.load_state {
        Some(path) => Chain::from_dump(
            load_file(path, config.chain_id)?,
            automine,
            config.programs_cached,
        )?,
        None => {
            let funded: Vec<_> = accounts.iter().map(|a| a.address).collect();
            Chain::new(
                config.chain_id,
                &funded,
                config.balance,
                automine,
                config.programs_cached,
            )
        }
    };
    if config.block_time.is_some_and(|t| t.is_zero()) {
        return Err(Error::Config("--block-time must be positive".into()));
    }
    let wanted = SocketAddr::new(config.host, config.port);
    let listener = TcpListener::bind(wanted).map_err(|source| Error::Bind {
        addr: wanted.to_string(),
        source,
    })?;
    let addr = listener.local_addr().map_err(|source| Error::Bind {
        addr: wanted.to_string(),
        source,
    })?;
    let api = Arc::new(Api::new(chain, accounts.clone(), config.log_requests));
    let (shutdown, shutdown_rx) = watch::channel(false);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let server_api = Arc::clone(&api);
    let block_time = config.block_time;
    // One thread serves every request and executes in place on its large stack: no hand-off
    // between threads on the way from the socket to the EVM and back.
    let thread = devnode_evm::spawn_execution_thread("stylus-devnode", move || {
        runtime.block_on(async move {
            if let Some(interval) = block_time {
                tokio::spawn(mine_on_interval(
                    Arc::clone(&server_api),
                    interval,
                    shutdown_rx.clone(),
                ));
            }
            if let Err(e) = server::serve(listener, server_api, shutdown_rx).await {
                eprintln!("stylus-devnode: server stopped: {e}");
            }
        });
    })
    .map_err(Error::Runtime)?;
    Ok(NodeHandle {
        addr,
        chain_id: config.chain_id,
        accounts,
        api,
        dump_path: config.dump_state,
        shutdown,
        thread: Some(thread),
    })
}

async fn mine_on_interval(api: Arc<Api>, interval: Duration, mut shutdown: watch::Receiver<bool>) {
    let mut ticker = tokio::time::interval(interval);
    // The first tick completes at once; the first block comes one interval after start.
    ticker.tick().await;
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        if let Err(e) = api.chain().mine(None) {
            eprintln!("stylus-devnode: mining failed: {e}");
        }
    }
}

impl NodeHandle {
    /// The address the node listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:8547`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The funded dev accounts: the Nitro dev key first, then anvil's.
    pub fn accounts(&self) -> &[DevAccount] {
        &self.accounts
    }

    /// Writes the chain to `path` now (atomically).
    pub fn dump_state(&self, path: &Path) -> Result<()> {
        let dump = self.api.chain().dump();
        dump.write(path)
    }

    /// Stops the node and writes the configured state file; unlike dropping the handle, a
    /// failure to write the state is returned.
    pub fn shutdown(mut self) -> Result<()> {
        self.stop();
        match self.dump_path.take() {
            Some(path) => self.dump_state(&path),
            None => Ok(()),
        }
    }

    fn stop(&mut self) {
        // The receiver lives in the server thread; an error means it already stopped.
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            // A panic in the server thread has been reported on stderr already.
            let _ = thread.join();
        }
    }
}

impl Drop for NodeHandle {
    fn drop(&mut self) {
        self.stop();
        if let Some(path) = self.dump_path.take() {
            if let Err(e) = self.dump_state(&path) {
                eprintln!("stylus-devnode: could not write the state file: {e}");
            }
        }
    }
}
