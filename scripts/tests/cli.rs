//! The `backstop` binary as an operator runs it, against an embedded devnode: deploy, the
//! `--json` documents of status/position/operations/keepalive, a decoded revert, and bad input
//! answered with one line and exit code 1.

use std::{path::Path, process::Command};

use serde_json::Value;

/// Runs `backstop` with `args` against `url` and `manifest`; returns (exit code, stdout, stderr).
fn backstop(url: &str, manifest: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_backstop"))
        .args(["--rpc-url", url, "--manifest"])
        .arg(manifest)
        .args(args)
        .output()
        .expect("the backstop binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a command that must succeed and print JSON.
fn json(url: &str, manifest: &Path, args: &[&str]) -> Value {
    let (code, out, err) = backstop(url, manifest, args);
    assert_eq!(code, 0, "backstop {args:?} failed: {err}");
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("backstop {args:?}: not JSON ({e}): {out}"))
}

#[test]
fn an_operator_drives_the_system_from_the_cli_with_json_output() {
    let node = stylus_devnode::spawn(stylus_devnode::NodeConfig::test()).expect("devnode starts");
    let url = node.endpoint();
    let dir = std::env::temp_dir().join(format!("backstop-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let manifest = dir.join("deployments.json");

    let (code, out, err) = backstop(&url, &manifest, &["deploy"]);
    assert_eq!(code, 0, "deploy failed: {err}");
    assert!(out.contains("manifest written"), "{out}");

    let status = json(&url, &manifest, &["--json", "status"]);
    assert_eq!(status["chainId"], 412_346);
    assert_eq!(status["assetDecimals"], 6);
    assert_eq!(status["vault"]["totalAssets"], "0");
    assert_eq!(status["vault"]["paused"], false);
    let programs = status["programs"].as_array().expect("programs");
    assert_eq!(programs.len(), 5);
    assert!(
        programs.iter().all(|p| p["lifetime"]["state"] == "Active"),
        "{programs:?}"
    );
    assert_eq!(status["lifetimeRules"]["expiry"], 365 * 86_400);
    assert_eq!(status["absorber"]["markets"][0]["mock"], true);
    assert!(status["timelock"]["roles"]["proposer"]
        .as_array()
        .is_some_and(|r| r.len() == 1));

    let position = json(&url, &manifest, &["--json", "position"]);
    assert_eq!(position["cooldown"], "none");
    assert_eq!(position["position"]["shares"], "0");

    // A governance call scheduled from the CLI, listed with its state as a name.
    let (code, out, err) = backstop(
        &url,
        &manifest,
        &[
            "schedule",
            "--target",
            "vault",
            "--sig",
            "setDepositCap(uint256)",
            "5000000000",
        ],
    );
    assert_eq!(code, 0, "schedule failed: {err}");
    assert!(out.contains("Waiting"), "{out}");
    let ops = json(&url, &manifest, &["--json", "operations"]);
    let op = &ops["operations"][0];
    assert_eq!(op["operation"]["state"], "Waiting");
    assert_eq!(op["calls"][0]["targetName"], "BackstopVault");
    assert_eq!(op["calls"][0]["decoded"], "setDepositCap(next: 5000000000)");
    // Executing it early is refused, with the timelock's expected states named.
    let id = op["operation"]["id"].as_str().expect("id");
    let (code, _, err) = backstop(&url, &manifest, &["execute", id]);
    assert_eq!(code, 1);
    assert!(
        err.contains("TimelockUnexpectedOperationState") && err.contains("expected: Ready"),
        "{err}"
    );

    // Keepalive right after deployment: every program is too young; nothing is paid.
    let renewals = json(&url, &manifest, &["--json", "keepalive", "--dry-run"]);
    let renewals = renewals.as_array().expect("a list");
    assert_eq!(renewals.len(), 5);
    assert!(
        renewals.iter().all(|r| r["renewal"]["action"] == "TooSoon"),
        "{renewals:?}"
    );

    // Errors under --json are one JSON object on stderr; bad input exits 1 without a trace.
    let (code, out, err) = backstop(&url, &manifest, &["--json", "redeem", "5"]);
    assert_eq!((code, out.as_str()), (1, ""));
    let last = err.lines().last().unwrap_or_default();
    let e: Value = serde_json::from_str(last).unwrap_or_else(|_| panic!("{err}"));
    assert!(
        e["error"]
            .as_str()
            .is_some_and(|t| t.contains("ERC4626ExceededMaxRedeem")),
        "{e}"
    );
    let (code, _, err) = backstop(&url, &manifest, &["deposit", "1.2.3"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("invalid amount") && !err.contains("panicked"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
