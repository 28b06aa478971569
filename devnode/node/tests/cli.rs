//! The `stylus-devnode` binary: banner, `--config-out`, state dump on SIGINT, and a clear
//! non-zero exit for a corrupt state file.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// The node process, killed if the test fails before it exits: a leftover node would keep the
/// test runner's output pipe open (and `.ci/run`'s `tee` waiting) forever.
struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("stylus-devnode-cli-{}-{name}", std::process::id()))
}

fn chain_id_over_http(endpoint: &str) -> String {
    let addr = endpoint.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("the node accepts connections");
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#;
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn binary_prints_banner_writes_config_and_dumps_state_on_sigint() {
    let config = temp_path("config.json");
    let state = temp_path("state.json");
    let mut node = Node(
        Command::new(env!("CARGO_BIN_EXE_stylus-devnode"))
            .args(["--port", "0", "--accounts", "2", "--config-out"])
            .arg(&config)
            .arg("--dump-state")
            .arg(&state)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let child = &mut node.0;
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let endpoint = loop {
        assert!(
            Instant::now() < deadline,
            "no endpoint in the banner: {banner:?}"
        );
        let line = lines
            .next()
            .expect("the banner ends with the endpoint")
            .unwrap();
        if let Some(endpoint) = line.strip_prefix("Listening on ") {
            break endpoint.to_string();
        }
        banner.push(line);
    };
    let text = banner.join("\n");
    assert!(
        text.contains("0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E"),
        "{text}"
    );
    assert!(text.contains("0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659"));
    assert!(text.contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assert!(text.contains("412346"));

    assert!(chain_id_over_http(&endpoint).contains("\"0x64aba\""));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&config).expect("--config-out is written")).unwrap();
    assert_eq!(written["endpoint"], serde_json::json!(endpoint));
    assert_eq!(written["chainId"], serde_json::json!(412_346));
    assert_eq!(written["accounts"].as_array().unwrap().len(), 3);

    // SIGINT to our own child, by its pid.
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "a clean exit after SIGINT: {exit}");
    let dumped: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state).expect("the state is dumped on exit"))
            .unwrap();
    assert_eq!(dumped["chain_id"], serde_json::json!(412_346));
    std::fs::remove_file(&config).ok();
    std::fs::remove_file(&state).ok();
}

#[test]
fn corrupt_state_file_exits_non_zero_with_a_clear_message() {
    let state = temp_path("corrupt.json");
    std::fs::write(&state, b"not json at all").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_stylus-devnode"))
        .args(["--port", "0", "--load-state"])
        .arg(&state)
        .output()
        .expect("the binary runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not a valid state file"), "{stderr}");
    std::fs::remove_file(&state).ok();
}
