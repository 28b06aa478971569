//! The reference node: Foundry's anvil from npm (`bench/anvil`, pinned by its lockfile), run as
//! a child process on a free port and killed when dropped.

use std::{
    net::TcpListener,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use alloy::providers::{Provider, ProviderBuilder};
use eyre::{bail, eyre, Result, WrapErr};

/// A running anvil.
pub struct Anvil {
    child: Child,
    /// Its HTTP endpoint.
    pub url: String,
}

impl Drop for Anvil {
    fn drop(&mut self) {
        // Already gone is fine: there is nothing left to stop.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where `bench/devnode.sh` installs anvil.
pub fn binary() -> Result<PathBuf> {
    let path = backstop_build::workspace_root()
        .join("bench/anvil/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    if !path.is_file() {
        bail!(
            "anvil is not installed at {} (run `bash bench/devnode.sh`, which runs `npm ci` in bench/anvil, or pass --no-anvil)",
            path.display()
        );
    }
    Ok(path)
}

impl Anvil {
    /// Starts anvil and waits for its first answer; returns it with the time that took.
    pub async fn start() -> Result<(Self, Duration)> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let start = Instant::now();
        let child = Command::new(binary()?)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .wrap_err("starting anvil")?;
        let anvil = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let provider = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(anvil.url.parse()?);
        while start.elapsed() < Duration::from_secs(20) {
            if provider.get_block_number().await.is_ok() {
                return Ok((anvil, start.elapsed()));
            }
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
        Err(eyre!("anvil did not answer within 20 s on {}", anvil.url))
    }
}
