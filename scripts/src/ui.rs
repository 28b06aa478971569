//! `backstop ui`: a small static server for the underwriter dashboard (`ui/`).
//!
//! It serves, on loopback only, GET requests for:
//!
//! - `/` (`ui/index.html`), `/style.css`, `/dist/<file>` (the page and its bundle, built by
//!   `bash ui/install.sh`);
//! - `/abi/<Name>.json` (the exported ABIs the page decodes with: no copy in the page);
//! - `/config.json`: the RPC URL, the chain id, whether it is a dev chain, and the deployments
//!   manifest.
//!
//! Anything else is 404; a path with `..`, a dot-file, a percent escape or a backslash is refused
//! with 400 before the file system is looked at, and a file that resolves (through a symlink)
//! outside its directory is 404. The page talks to the node itself (the devnode answers CORS
//! preflights); the page's Content-Security-Policy lets it connect to this server and the node
//! only.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    task::JoinHandle,
};

use crate::{Error, Manifest, Result};

/// The port `backstop ui` listens on unless told otherwise.
pub const DEFAULT_UI_PORT: u16 = 8550;

/// Chains on which the page accepts a pasted private key (the Nitro devnode's and anvil's).
pub const DEV_CHAIN_IDS: [u64; 2] = [412_346, 31_337];

/// The largest request head read (a browser's GET is far below).
const MAX_HEAD: usize = 16 * 1024;

/// A client that sends no complete request head in this time is dropped.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What the dashboard server serves.
#[derive(Clone, Debug)]
pub struct UiConfig {
    /// The directory holding `ui/` and `abi/` (the repository's root).
    pub root: PathBuf,
    /// The JSON-RPC endpoint the page connects to (as the browser reaches it).
    pub rpc_url: String,
    /// The deployment the page shows.
    pub manifest: Manifest,
}

impl UiConfig {
    /// The body of `/config.json`.
    pub fn config_json(&self) -> serde_json::Value {
        serde_json::json!({
            "rpcUrl": self.rpc_url,
            "chainId": self.manifest.chain_id,
            "devChain": DEV_CHAIN_IDS.contains(&self.manifest.chain_id),
            "devChainIds": DEV_CHAIN_IDS,
            "manifest": self.manifest,
        })
    }
}

/// A running dashboard server; dropping it stops it.
#[derive(Debug)]
pub struct UiServer {
    addr: SocketAddr,
    task: Option<JoinHandle<()>>,
}

impl UiServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's URL, e.g. `http://127.0.0.1:8550/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Serves until the process ends.
    pub async fn run_forever(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for UiServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Checks that the page is built, binds `addr` and serves the dashboard on a tokio task.
pub async fn serve_ui(config: UiConfig, addr: SocketAddr) -> Result<UiServer> {
    let bundle = config.root.join("ui/dist/app.js");
    if !bundle.is_file() || !config.root.join("ui/index.html").is_file() {
        return Err(Error::Invalid(format!(
            "the dashboard is not built ({} is missing): run `bash ui/install.sh`",
            bundle.display()
        )));
    }
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| Error::Invalid(format!("cannot listen on {addr}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Invalid(format!("listening on {addr}: {e}")))?;
    let site = Arc::new(Site::new(config)?);
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let site = Arc::clone(&site);
            tokio::spawn(async move {
                // One connection's failure (client gone, timeout) concerns only that connection.
                let _ = site.answer(stream).await;
            });
        }
    });
    Ok(UiServer {
        addr,
        task: Some(task),
    })
}

/// The files and the config, resolved once.
struct Site {
    ui: PathBuf,
    abi: PathBuf,
    config: Vec<u8>,
    csp: String,
}

/// One response.
struct Reply {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: &'static str, text: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{text}\n").into_bytes(),
        }
    }
}

impl Site {
    fn new(config: UiConfig) -> Result<Self> {
        let canonical = |p: PathBuf| {
            p.canonicalize()
                .map_err(|e| Error::Invalid(format!("{}: {e}", p.display())))
        };
        // The page may connect to itself and to the node, nowhere else: a pasted key cannot
        // be sent elsewhere by anything loaded into it.
        let rpc_origin = origin(&config.rpc_url).ok_or_else(|| {
            Error::Invalid(format!(
                "RPC URL {:?} is not an http(s) URL the page can reach",
                config.rpc_url
            ))
        })?;
        Ok(Self {
            ui: canonical(config.root.join("ui"))?,
            abi: canonical(config.root.join("abi"))?,
            config: serde_json::to_vec_pretty(&config.config_json())
                .map_err(|e| Error::Invalid(e.to_string()))?,
            csp: format!(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 connect-src 'self' {rpc_origin}; base-uri 'none'; form-action 'none'; \
                 frame-ancestors 'none'"
            ),
        })
    }

    async fn answer(&self, mut stream: TcpStream) -> std::io::Result<()> {
        let head = tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
        let (reply, head_only) = match head {
            None => (Reply::text("400 Bad Request", "bad request"), false),
            Some((method, target)) => match method.as_str() {
                "GET" => (self.route(&target), false),
                "HEAD" => (self.route(&target), true),
                _ => (
                    Reply::text("405 Method Not Allowed", "GET or HEAD only"),
                    false,
                ),
            },
        };
        let mut out = format!(
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
             X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
             Content-Security-Policy: {}\r\nConnection: close\r\n\r\n",
            reply.status,
            reply.content_type,
            reply.body.len(),
            self.csp
        )
        .into_bytes();
        if !head_only {
            out.extend_from_slice(&reply.body);
        }
        stream.write_all(&out).await?;
        stream.shutdown().await
    }

    fn route(&self, target: &str) -> Reply {
        let path = target.split(['?', '#']).next().unwrap_or_default();
        let Some(segments) = safe_segments(path) else {
            return Reply::text("400 Bad Request", "refused path");
        };
        let file = match segments.as_slice() {
            [] | ["index.html"] => self.ui.join("index.html"),
            ["config.json"] => {
                return Reply {
                    status: "200 OK",
                    content_type: "application/json",
                    body: self.config.clone(),
                }
            }
            ["style.css"] => self.ui.join("style.css"),
            ["dist", rest @ ..] if !rest.is_empty() => {
                rest.iter().fold(self.ui.join("dist"), |dir, s| dir.join(s))
            }
            ["abi", name] if name.ends_with(".json") => self.abi.join(name),
            _ => return Reply::text("404 Not Found", "not found"),
        };
        let allowed = if segments.first() == Some(&"abi") {
            &self.abi
        } else {
            &self.ui
        };
        match read_inside(&file, allowed) {
            Some(body) => Reply {
                status: "200 OK",
                content_type: content_type(&file),
                body,
            },
            None => Reply::text("404 Not Found", "not found"),
        }
    }
}

/// Reads the request head; returns (method, target), or `None` if it is not an HTTP request.
async fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<(String, String)>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        if buf.len() > MAX_HEAD {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut parts = text.lines().next().unwrap_or_default().split(' ');
    Ok(match (parts.next(), parts.next(), parts.next()) {
        (Some(method), Some(target), Some(version))
            if version.starts_with("HTTP/1.") && target.starts_with('/') =>
        {
            Some((method.to_string(), target.to_string()))
        }
        _ => None,
    })
}

/// The path's segments if every one is a plain file name (letters, digits, `.`, `_`, `-`, not
/// starting with `.`); `None` for anything else (`..`, dot-files, escapes, backslashes, `//`).
fn safe_segments(path: &str) -> Option<Vec<&str>> {
    let rest = path.strip_prefix('/')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    rest.split('/')
        .map(|s| {
            let plain = !s.is_empty()
                && !s.starts_with('.')
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
            plain.then_some(s)
        })
        .collect()
}

/// The file's bytes if it is a regular file whose real path is inside `dir` (already canonical).
/// (The files are a few hundred KB at most, read from the page cache: a blocking read is fine.)
fn read_inside(file: &Path, dir: &Path) -> Option<Vec<u8>> {
    let real = file.canonicalize().ok()?;
    if !real.starts_with(dir) || !std::fs::metadata(&real).ok()?.is_file() {
        return None;
    }
    std::fs::read(&real).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") | Some("map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains(char::is_whitespace) && !host.contains(['\'', ';']))
        .then(|| format!("{scheme}://{host}"))
}
