//! The underwriter dashboard (`ui/`, served by `backstop ui`):
//!
//! - in headless Chromium against the embedded devnode: the system is deployed and given a
//!   history (a deposit, a loss larger than the vault may cover, a premium), the page is served
//!   in-process by the scripts' server, and `ui/test/dashboard.test.mjs` (node:test driving
//!   Chromium with playwright-core) checks the figures the page shows against the ones passed
//!   from here, mints test dollars with the page's dev-chain faucet, deposits through the page,
//!   is refused a redeem before the cooldown (the decoded error on the page), starts the
//!   cooldown, moves the clock to the window and redeems, and checks the chart; the chain is
//!   checked here afterwards. The screenshot is kept in `target/ui-artifacts/dashboard.png`.
//! - the page following the chain (`ui/test/live.test.mjs`): changes made here through alloy
//!   while the page is open (deposits by another account and by the page's holder, a loss, a
//!   cooldown) show on it without a reload within seconds; with the node cut off it says "node
//!   unreachable" and catches up when the node is back;
//! - on a devnode with another chain id (42161): the page shows the figures but disables and
//!   refuses the key (`ui/test/read_only.test.mjs`);
//! - the server alone: what it serves and the paths it refuses.
//!
//! The packages and the bundle come from `bash ui/install.sh` (run by `.ci/run`); without them
//! (or without /usr/bin/chromium) the Chromium test fails with one line saying so.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use alloy::primitives::{keccak256, Address, U256};
use backstop_e2e::{backstop_scripts as scripts, codes, run_with_timeout, tempdir, units, Env};
use eyre::{ensure, eyre, Result, WrapErr};
use scripts::{
    deploy_system, derive_signers, serve_ui, DeployConfig, Manifest, MarketRoute, UiConfig, DAY,
};
use stylus_devnode::NITRO_DEV_KEY;

/// The one line a missing install produces.
const NOT_INSTALLED: &str =
    "the dashboard's packages, bundle or Chromium are missing: run `bash ui/install.sh`";

/// The browser script is killed after this and the test fails.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(240);

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test/ has a parent")
        .to_path_buf()
}

/// Fails with [`NOT_INSTALLED`] unless the packages, a bundle newer than its source, and
/// Chromium are there.
fn require_installed() -> Result<()> {
    let ui = repo().join("ui");
    for need in [
        ui.join("node_modules/playwright-core/package.json"),
        ui.join("node_modules/viem/package.json"),
        ui.join("dist/app.js"),
        PathBuf::from("/usr/bin/chromium"),
    ] {
        ensure!(need.exists(), "{NOT_INSTALLED} (no {})", need.display());
    }
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified());
    ensure!(
        modified(&ui.join("dist/app.js"))? >= modified(&ui.join("src/app.js"))?,
        "{NOT_INSTALLED} (ui/dist/app.js is older than ui/src/app.js)"
    );
    Ok(())
}

/// Runs `node args` in `dir` with `envs`, killed after [`SCRIPT_TIMEOUT`].
fn run_node(args: &[&str], dir: &Path, envs: &[(&str, String)]) -> Result<(bool, String, f64)> {
    run_with_timeout(Path::new("node"), args, dir, envs, SCRIPT_TIMEOUT)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_underwriter_deposits_cools_down_and_redeems_in_the_dashboard() -> Result<()> {
    let started = Instant::now();
    require_installed()?;
    let env = Env::start().await?;
    if !env.require_time_travel("the dashboard test (it moves the clock to the unstake window)") {
        return Ok(());
    }
    let s = env.deploy().await?;
    let (a, b) = (&s.actors, &s.b);
    let vault = b.vault();
    let mut chart_prices = Vec::new();

    // A history for the chart: alice deposits 10,000 (price 1); a loss of 4,000 is reported
    // through the MockMarket, the vault covers 3,000 (its 30 % cap) and 1,000 becomes a deficit
    // (price 0.7); after the post-loss freeze a premium of 500 is paid, then vests (0.75).
    s.fund_and_deposit(a.alice, units(10_000)).await?;
    chart_prices.push(b.share_price().await?);
    assert_eq!(
        s.loss("ui-loss-1", units(4_000)).await?,
        (units(3_000), units(1_000))
    );
    chart_prices.push(b.share_price().await?);
    env.client.increase_time(DAY + 60).await?;
    s.mint(a.dao, units(500)).await?;
    b.pay_premium(a.dao, MarketRoute::Direct, units(500))
        .await?;
    env.client.increase_time(8 * DAY).await?;
    ensure!(
        vault.unvestedPremium().call().await?.is_zero(),
        "premium vested"
    );
    let price = b.share_price().await?;
    assert_eq!(s.total_assets().await?, units(7_500));
    assert_eq!(price, U256::from(750_000u64), "0.75 tUSD per share");

    // The underwriter: a fresh key with gas and the test stablecoin's minter role (the page's
    // faucet mints it 1,000 tUSD), no shares.
    let seed = keccak256(format!("ui-underwriter-{}", env.url));
    let key = derive_signers(seed, 1).remove(0);
    let me = key.address();
    env.client
        .fund(me, U256::from(10u64).pow(U256::from(17)))
        .await?;
    let deposit = units(1_000);
    scripts::send(b.asset().grantMinter(me).from(a.dao)).await?;

    // What the page must show.
    let markets = markets_left(b).await?;
    let expect = serde_json::json!({
        "account": me.to_checksum(None),
        "totalAssets": s.total_assets().await?.to_string(),
        "sharePrice": price.to_string(),
        "totalDeficit": b.absorber().totalDeficit().call().await?.to_string(),
        "maxCoverable": vault.maxCoverable().call().await?.to_string(),
        "markets": markets,
        "wallet": deposit.to_string(),
        "deposit": "1000",
        "depositShares": vault.previewDeposit(deposit).call().await?.to_string(),
        "cooldownPeriod": vault.cooldownPeriod().call().await?.to_string(),
        "unstakeWindow": vault.unstakeWindow().call().await?.to_string(),
        // Alice's deposit, the loss, the premium, the page's deposit and its redeem (the latest
        // block).
        "minChartPoints": 5,
        // The share price after alice's deposit and after the loss (the chart's last point is
        // checked against the figure on the page).
        "chartPrices": chart_prices.iter().map(U256::to_string).collect::<Vec<_>>(),
        "texts": {
            "total-assets": "7,500 tUSD",
            "share-price": "0.75 tUSD per share",
            "total-deficit": "1,000 tUSD",
            "max-coverable": "2,250 tUSD",
            "exit-terms": "cooldown 10d, then a 2d window",
        },
    });
    assert_eq!(
        expect["maxCoverable"],
        units(2_250).to_string(),
        "30 % of 7,500"
    );

    let server = serve_ui(
        UiConfig {
            root: repo(),
            rpc_url: env.url.clone(),
            manifest: b.manifest.clone(),
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await?;
    let screenshot = repo().join("target/ui-artifacts/dashboard.png");
    let _ = std::fs::remove_file(&screenshot);
    let envs = vec![
        ("UI_URL", server.url()),
        ("RPC_URL", env.url.clone()),
        (
            "UNDERWRITER_KEY",
            format!("0x{}", alloy::hex::encode(key.to_bytes())),
        ),
        ("EXPECT", expect.to_string()),
        ("SCREENSHOT", screenshot.display().to_string()),
    ];
    let dir = repo().join("ui");
    let (ok, output, secs) = tokio::task::spawn_blocking(move || {
        run_node(&["--test", "test/dashboard.test.mjs"], &dir, &envs)
    })
    .await??;
    println!("{output}");
    println!("browser script: {secs:.1} s");
    ensure!(ok, "the dashboard script failed (output above):\n{output}");

    // What the page did is on chain: everything redeemed, 1,000 tUSD back (less rounding).
    assert!(vault.balanceOf(me).call().await?.is_zero());
    let back = b.asset().balanceOf(me).call().await?;
    assert!(
        back <= deposit && deposit - back <= U256::from(1),
        "got back {back}"
    );
    let left = s.total_assets().await? - units(7_500);
    assert!(
        left <= U256::from(1),
        "the vault keeps at most the rounding: {left}"
    );
    let png = std::fs::read(&screenshot)
        .wrap_err_with(|| format!("the screenshot {}", screenshot.display()))?;
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "a PNG");
    println!(
        "screenshot: {} ({} KB); dashboard test {:.1} s",
        screenshot.display(),
        png.len() / 1024,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_chain_that_is_not_a_dev_chain_the_dashboard_takes_no_key() -> Result<()> {
    require_installed()?;
    // A devnode with Arbitrum One's chain id, the system deployed on it by the Nitro dev key.
    let chain_id = 42_161;
    let node = stylus_devnode::spawn(stylus_devnode::NodeConfig {
        chain_id,
        ..stylus_devnode::NodeConfig::test()
    })
    .map_err(|e| eyre!("starting the devnode: {e}"))?;
    let dev_key = alloy::signers::local::PrivateKeySigner::from_bytes(&NITRO_DEV_KEY)?;
    let deployer = dev_key.address();
    let client = scripts::Client::connect(&node.endpoint(), vec![dev_key]).await?;
    assert_eq!(client.chain_id, chain_id);
    let manifest = deploy_system(
        &client,
        codes(),
        &DeployConfig::demo(deployer, deployer),
        &mut |_| {},
    )
    .await?;
    let server = serve_ui(
        UiConfig {
            root: repo(),
            rpc_url: node.endpoint(),
            manifest,
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await?;
    let envs = vec![
        ("UI_URL", server.url()),
        (
            "UNDERWRITER_KEY",
            format!("0x{}", alloy::hex::encode(NITRO_DEV_KEY)),
        ),
        ("CHAIN_ID", chain_id.to_string()),
    ];
    let dir = repo().join("ui");
    let (ok, output, secs) = tokio::task::spawn_blocking(move || {
        run_node(&["--test", "test/read_only.test.mjs"], &dir, &envs)
    })
    .await??;
    println!("{output}");
    println!("browser script: {secs:.1} s");
    ensure!(
        ok,
        "the read-only dashboard script failed (output above):\n{output}"
    );
    Ok(())
}

/// How long this test waits for the browser script to reach a step.
const TURN_TIMEOUT: Duration = Duration::from_secs(120);

/// Waits until the browser script writes `<step>.ready` in `sync` (the page is ready for the
/// change); fails if the script ended or [`TURN_TIMEOUT`] passed.
async fn wait_for_turn(
    sync: &Path,
    step: &str,
    script: &tokio::task::JoinHandle<Result<(bool, String, f64)>>,
) -> Result<()> {
    let ready = sync.join(format!("{step}.ready"));
    let deadline = Instant::now() + TURN_TIMEOUT;
    while !ready.exists() {
        ensure!(
            !script.is_finished(),
            "the browser script ended before step {step}"
        );
        ensure!(
            Instant::now() < deadline,
            "the browser script did not reach step {step} in {TURN_TIMEOUT:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Tells the browser script what the page must show after `step` (`<step>.json`, written whole).
fn answer(sync: &Path, step: &str, expect: &serde_json::Value) -> Result<()> {
    let tmp = sync.join(format!("{step}.json.tmp"));
    std::fs::write(&tmp, expect.to_string())?;
    std::fs::rename(&tmp, sync.join(format!("{step}.json")))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_follows_the_chain_without_a_reload() -> Result<()> {
    let started = Instant::now();
    require_installed()?;
    let env = Env::start().await?;
    let s = env.deploy().await?;
    let (a, b) = (&s.actors, &s.b);
    let vault = b.vault();
    let market = s.market;

    // Alice holds 10,000; the holder (the page's key) has gas and nothing else yet, and signs its
    // own deposit and cooldown here, outside the page.
    s.fund_and_deposit(a.alice, units(10_000)).await?;
    let seed = keccak256(format!("ui-holder-{}", env.url));
    let key = derive_signers(seed, 1).remove(0);
    let holder = key.address();
    env.client
        .fund(holder, U256::from(10u64).pow(U256::from(17)))
        .await?;
    let as_holder = scripts::Backstop::open(
        scripts::Client::connect(&env.url, vec![key.clone()]).await?,
        b.manifest.clone(),
    )
    .await?;

    let server = serve_ui(
        UiConfig {
            root: repo(),
            rpc_url: env.url.clone(),
            manifest: b.manifest.clone(),
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await?;
    let sync = tempdir("ui-live")?;
    let envs = vec![
        ("UI_URL", server.url()),
        ("RPC_URL", env.url.clone()),
        (
            "HOLDER_KEY",
            format!("0x{}", alloy::hex::encode(key.to_bytes())),
        ),
        ("SYNC_DIR", sync.display().to_string()),
        ("START_BLOCK", b.manifest.start_block.to_string()),
    ];
    let dir = repo().join("ui");
    let script = tokio::task::spawn_blocking(move || {
        run_node(&["--test", "test/live.test.mjs"], &dir, &envs)
    });

    // What the page shows for the market and the chart after a change: the market's coverage
    // left, the latest block (the chart's last point) and the events that must be listed.
    let client = &env.client;
    let chart = |events: Vec<String>| async move {
        let left = b.absorber().coverageAvailable(market).call().await?;
        Ok::<_, eyre::Report>(serde_json::json!({
            "market": { "market": market.to_checksum(None), "left": left.to_string() },
            "block": client.block_number().await?.to_string(),
            "events": events,
        }))
    };
    let one_share = U256::from(10u64).pow(U256::from(b.share_decimals));
    let steps = async {
        // 1. Bob deposits 3,000; the holder is given 1,000 and deposits it with its own key.
        wait_for_turn(&sync, "deposit", &script).await?;
        s.mint(a.bob, units(3_000)).await?;
        let (_, bob) = b.deposit(a.bob, units(3_000)).await?;
        s.mint(holder, units(1_000)).await?;
        let (shares, mine) = as_holder.deposit(holder, units(1_000)).await?;
        let mut expect = chart(vec![
            format!("{} Deposit", block_of(&bob)?),
            format!("{} Deposit", block_of(&mine)?),
        ])
        .await?;
        assert_eq!(s.total_assets().await?, units(14_000));
        expect["figures"] = serde_json::json!({
            "total-assets": units(14_000).to_string(),
            "total-supply": vault.totalSupply().call().await?.to_string(),
            "max-coverable": vault.maxCoverable().call().await?.to_string(),
            "shares": shares.to_string(),
            "value": vault.convertToAssets(shares).call().await?.to_string(),
        });
        answer(&sync, "deposit", &expect)?;

        // 2. A loss of 5,000 through the market: the vault covers 4,200 (30 % of 14,000) and
        // 800 is deficit; the price falls to 0.7.
        wait_for_turn(&sync, "loss", &script).await?;
        assert_eq!(
            s.loss("ui-live-loss", units(5_000)).await?,
            (units(4_200), units(800))
        );
        let block = env.client.block_number().await?;
        let mut expect = chart(vec![
            format!("{block} LossAbsorbed"),
            format!("{block} LossCovered"),
        ])
        .await?;
        let price = vault.convertToAssets(one_share).call().await?;
        assert_eq!(price, U256::from(700_000u64), "0.7 tUSD per share");
        expect["figures"] = serde_json::json!({
            "share-price": price.to_string(),
            "total-assets": units(9_800).to_string(),
            "total-deficit": units(800).to_string(),
            "max-coverable": vault.maxCoverable().call().await?.to_string(),
            "value": vault.convertToAssets(shares).call().await?.to_string(),
        });
        answer(&sync, "loss", &expect)?;

        // 3. While the page cannot reach the node: the holder starts its cooldown, and a loss of
        // 1,000 is covered in full.
        wait_for_turn(&sync, "outage", &script).await?;
        as_holder.cooldown(holder).await?;
        assert_eq!(
            s.loss("ui-live-loss-2", units(1_000)).await?,
            (units(1_000), U256::ZERO)
        );
        let block = env.client.block_number().await?;
        let mut expect = chart(vec![
            format!("{block} LossAbsorbed"),
            format!("{block} LossCovered"),
        ])
        .await?;
        let position = b.position(holder).await?;
        expect["figures"] = serde_json::json!({
            "share-price": vault.convertToAssets(one_share).call().await?.to_string(),
            "total-assets": units(8_800).to_string(),
            "cooldown-state": "waiting",
            "window-start": position.window_start.to_string(),
            "window-end": position.window_end.to_string(),
        });
        answer(&sync, "outage", &expect)?;
        Ok::<_, eyre::Report>(())
    }
    .await;
    if steps.is_err() {
        // The script stops at its next turn instead of waiting for an answer.
        std::fs::write(sync.join("abort"), "")?;
    }
    let (ok, output, secs) = script.await??;
    println!("{output}");
    println!("browser script: {secs:.1} s");
    std::fs::remove_dir_all(&sync)?;
    steps?;
    ensure!(
        ok,
        "the live dashboard script failed (output above):\n{output}"
    );
    println!(
        "live dashboard test {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The block a receipt's transaction is in.
fn block_of(receipt: &alloy::rpc::types::TransactionReceipt) -> Result<u64> {
    receipt
        .block_number
        .ok_or_else(|| eyre!("a receipt without a block number"))
}

/// Each market of the manifest with the coverage it has left (`coverageAvailable`).
async fn markets_left(b: &scripts::Backstop) -> Result<Vec<serde_json::Value>> {
    let mut out = Vec::new();
    for m in &b.manifest.markets {
        let left = b.absorber().coverageAvailable(m.address).call().await?;
        out.push(serde_json::json!({
            "address": m.address.to_checksum(None),
            "left": left.to_string(),
        }));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The server alone.
// ---------------------------------------------------------------------------------------------

/// One raw HTTP request; returns (status code, head, body).
fn http(addr: SocketAddr, request: &str) -> Result<(u16, String, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(request.as_bytes())?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| eyre!("no head in {:?}", String::from_utf8_lossy(&answer)))?;
    let head = String::from_utf8_lossy(&answer[..split]).to_string();
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| eyre!("no status in {head:?}"))?;
    Ok((code, head, answer[split + 4..].to_vec()))
}

fn get(addr: SocketAddr, path: &str) -> Result<(u16, String, Vec<u8>)> {
    http(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_server_serves_the_page_abis_and_config_and_refuses_other_paths() -> Result<()>
{
    // A root of its own: ui/ with a page and a bundle, abi/, a secret beside them and a symlink
    // from abi/ to it.
    let root = std::env::temp_dir().join(format!("backstop-ui-server-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("ui/dist"))?;
    std::fs::create_dir_all(root.join("abi"))?;
    std::fs::write(root.join("ui/index.html"), "<!doctype html><p>page</p>")?;
    std::fs::write(root.join("ui/style.css"), "p {}")?;
    std::fs::write(root.join("ui/package.json"), "{}")?;
    std::fs::write(root.join("ui/.env"), "hidden")?;
    std::fs::write(root.join("ui/dist/app.js"), "export {}")?;
    std::fs::write(root.join("abi/BackstopVault.json"), "[]")?;
    std::fs::write(root.join("secret.txt"), "SECRET")?;
    std::os::unix::fs::symlink(root.join("secret.txt"), root.join("abi/Leak.json"))?;
    let manifest: Manifest = serde_json::from_value(serde_json::json!({
        "chainId": 412346,
        "deployer": Address::repeat_byte(9),
        "startBlock": 1,
        "block": 7,
        "contracts": {},
        "asset": Address::repeat_byte(4),
        "markets": [],
        "wiring": [],
    }))?;
    let config = |root: PathBuf| UiConfig {
        root,
        rpc_url: "http://127.0.0.1:8547".into(),
        manifest: manifest.clone(),
    };
    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));

    // Without the bundle it refuses to start, saying what to run.
    let bare = root.join("bare");
    std::fs::create_dir_all(bare.join("ui"))?;
    let err = serve_ui(config(bare), any_port).await.unwrap_err();
    assert!(
        err.to_string().contains("run `bash ui/install.sh`"),
        "{err}"
    );

    let server = serve_ui(config(root.clone()), any_port).await?;
    let addr = server.addr();
    let result = tokio::task::spawn_blocking(move || -> Result<()> {
        let (code, head, body) = get(addr, "/")?;
        assert_eq!(code, 200, "{head}");
        assert!(head.contains("Content-Type: text/html"), "{head}");
        assert!(
            head.contains("connect-src 'self' http://127.0.0.1:8547;"),
            "the page may connect to the node only: {head}"
        );
        assert_eq!(body, b"<!doctype html><p>page</p>");
        let (code, head, _) = get(addr, "/dist/app.js?v=1")?;
        assert_eq!(code, 200);
        assert!(head.contains("Content-Type: text/javascript"), "{head}");
        assert_eq!(get(addr, "/style.css")?.0, 200);
        assert_eq!(get(addr, "/abi/BackstopVault.json")?.2, b"[]");

        let (code, _, body) = get(addr, "/config.json")?;
        assert_eq!(code, 200);
        let config: serde_json::Value = serde_json::from_slice(&body)?;
        assert_eq!(config["rpcUrl"], "http://127.0.0.1:8547");
        assert_eq!(config["chainId"], 412346);
        assert_eq!(config["devChain"], true);
        assert_eq!(config["manifest"]["startBlock"], 1);

        for refused in [
            "/../secret.txt",
            "/abi/../secret.txt",
            "/dist/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/abi/..%2fsecret.txt",
            "/dist/..\\..\\secret.txt",
            "/.env",
            "//secret.txt",
            "/abi//BackstopVault.json",
        ] {
            let (code, _, body) = get(addr, refused)?;
            assert_eq!(code, 400, "{refused}");
            assert!(!String::from_utf8_lossy(&body).contains("SECRET"));
        }
        for missing in [
            "/secret.txt",
            "/package.json",
            "/ui/index.html",
            "/abi/Leak.json",
            "/abi/Missing.json",
            "/dist",
            "/dist/nothing.js",
        ] {
            let (code, _, body) = get(addr, missing)?;
            assert_eq!(code, 404, "{missing}");
            assert!(!String::from_utf8_lossy(&body).contains("SECRET"));
        }
        let post = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
        assert_eq!(http(addr, post)?.0, 405);
        assert_eq!(http(addr, "hello\r\n\r\n")?.0, 400);
        let (code, head, body) = http(addr, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")?;
        assert_eq!(code, 200);
        assert!(head.contains("Content-Length: 26"), "{head}");
        assert!(body.is_empty());
        Ok(())
    })
    .await?;
    drop(server);
    std::fs::remove_dir_all(&root)?;
    result
}
