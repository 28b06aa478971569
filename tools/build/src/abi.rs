//! ABI export: the SDK's `export-abi` interface, completed with the contract's events, and the
//! JSON ABI derived from it.
//!
//! The SDK prints functions and errors but neither events nor the constructor's parameter names,
//! so events are taken from the contract's `src/events.rs` (its one events module, the source of
//! truth) and the constructor from the SDK's `constructor` export.

use std::path::{Path, PathBuf};
use std::process::Command;

use alloy_json_abi::{AbiItem, JsonAbi};

use crate::build::{cargo, run};
use crate::{Contract, Error, Result};

/// The two generated ABI files of one contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbiFiles {
    /// `abi/<Name>.sol`: the Solidity interface.
    pub sol: String,
    /// `abi/<Name>.json`: the JSON ABI.
    pub json: String,
}

/// Builds the `export-abi` main of every contract in `contracts` in one cargo run and returns
/// each one's executable, in order.
///
/// `export-abi` changes what the SDK's macros generate (its proc-macro feature reaches every
/// crate that uses them), so this is a build of its own. It selects the whole workspace and only
/// the mains with `--bin`: cargo then resolves the dependencies' features as for the workspace's
/// own build and reuses those artefacts, recompiling only the SDK, its macros and the contracts
/// (10 crates, counted on a warm target). With `-p`, features are resolved for the contracts
/// alone, so shared dependencies may differ from the workspace's build and be compiled again.
pub fn build_exporters(root: &Path, contracts: &[Contract]) -> Result<Vec<PathBuf>> {
    let mut cmd = cargo(root);
    cmd.args(["build", "--quiet", "--workspace", "--message-format=json"]);
    let features: Vec<String> = contracts
        .iter()
        .map(|c| format!("{}/export-abi", c.package))
        .collect();
    for contract in contracts {
        cmd.args(["--bin", contract.package]);
    }
    cmd.args(["--features", &features.join(",")]);
    let messages = run(cmd)?;
    contracts
        .iter()
        .map(|contract| {
            executable(&messages, contract.package).ok_or_else(|| Error::Cargo {
                command: format!("cargo build -p {} --features export-abi", contract.package),
                stderr: "cargo reported no executable for the export-abi main".into(),
            })
        })
        .collect()
}

/// The executable of `package`'s binary in cargo's JSON messages.
fn executable(messages: &str, package: &str) -> Option<PathBuf> {
    messages.lines().find_map(|line| {
        let message: serde_json::Value = serde_json::from_str(line).ok()?;
        let target = message.get("target")?;
        let is_bin = target.get("kind")?.as_array()?.iter().any(|k| k == "bin");
        (is_bin && target.get("name")? == package)
            .then(|| message.get("executable")?.as_str().map(PathBuf::from))
            .flatten()
    })
}

/// Exports the ABI of `contract` by running its `export-abi` main, `exporter`.
pub fn export_abi(root: &Path, contract: &Contract, exporter: &Path) -> Result<AbiFiles> {
    let export = |args: &[&str]| {
        let mut cmd = Command::new(exporter);
        cmd.current_dir(root).args(args);
        run(cmd)
    };
    let interface = export(&[])?;
    let constructor = export(&["constructor"])?;
    let events_path = root.join(contract.dir).join("src").join("events.rs");
    let events_src = std::fs::read_to_string(&events_path).map_err(Error::io(&events_path))?;
    let events = sol_items(&events_src, "event");

    let sol = interface_with_events(&interface, &events);
    let mut items: Vec<String> = sol_items(&sol, "function");
    items.extend(sol_items(&sol, "error"));
    items.extend(events);
    let constructor = constructor.trim().trim_end_matches(';').to_string();
    if !constructor.is_empty() {
        items.push(constructor);
    }

    // An error raised by several functions may be listed more than once: keep one of each.
    let mut seen = std::collections::HashSet::new();
    items.retain(|item| seen.insert(item.clone()));
    let abi = JsonAbi::parse(items.iter().map(String::as_str)).map_err(|e| Error::Abi {
        contract: contract.name.into(),
        item: items
            .iter()
            .find(|i| AbiItem::parse(i).is_err())
            .cloned()
            .unwrap_or_default(),
        reason: e.to_string(),
    })?;
    let json = serde_json::to_string_pretty(&abi).expect("a JsonAbi always serialises") + "\n";
    Ok(AbiFiles { sol, json })
}

/// Regenerates `abi/<Name>.sol` and `abi/<Name>.json` for every contract, or with `check`, fails
/// with [`Error::AbiDrift`] on the first file that differs from a fresh export. Returns the paths.
pub fn sync_abi_dir(root: &Path, check: bool) -> Result<Vec<std::path::PathBuf>> {
    let dir = root.join("abi");
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    let mut paths = Vec::new();
    let exporters = build_exporters(root, crate::CONTRACTS)?;
    for (contract, exporter) in crate::CONTRACTS.iter().zip(&exporters) {
        let files = export_abi(root, contract, exporter)?;
        for (ext, text) in [("sol", &files.sol), ("json", &files.json)] {
            let path = dir.join(format!("{}.{ext}", contract.name));
            if check {
                let current = std::fs::read_to_string(&path).unwrap_or_default();
                if &current != text {
                    return Err(Error::AbiDrift(path));
                }
            } else {
                std::fs::write(&path, text).map_err(Error::io(&path))?;
            }
            paths.push(path);
        }
    }
    Ok(paths)
}

/// The SDK's interface with `events` added before its closing brace.
fn interface_with_events(interface: &str, events: &[String]) -> String {
    let body = interface.trim_end();
    let (head, tail) = match body.rfind('}') {
        Some(at) => body.split_at(at),
        None => (body, ""),
    };
    let mut out = head.trim_end().to_string();
    out.push('\n');
    if !events.is_empty() {
        out.push('\n');
        for event in events {
            out.push_str(&format!("    {event};\n"));
        }
    }
    out.push_str(tail);
    out.push('\n');
    out
}

/// Every `keyword ...;` declaration in Solidity-like `src`, comments removed, whitespace
/// collapsed, without the trailing `;`.
fn sol_items(src: &str, keyword: &str) -> Vec<String> {
    let code: String = src
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ");
    let mut items = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find(keyword) {
        let before = rest[..at].chars().last();
        let after = rest[at + keyword.len()..].chars().next();
        let is_word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && after.is_some_and(char::is_whitespace);
        let Some(end) = rest[at..].find(';') else {
            break;
        };
        if is_word {
            let item = rest[at..at + end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            items.push(
                item.replace("( ", "(")
                    .replace(" )", ")")
                    .replace(" ,", ","),
            );
            rest = &rest[at + end + 1..];
        } else {
            rest = &rest[at + keyword.len()..];
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_read_from_a_sol_macro_block() {
        let src = r#"
            sol! {
                /// Shares were minted. // with a comment
                event Deposit(address indexed sender, address indexed owner,
                    uint256 assets, uint256 shares);
                event Paused(address account); // trailing
                error NotAnEvent(uint256 eventful);
            }
        "#;
        assert_eq!(
            sol_items(src, "event"),
            vec![
                "event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares)",
                "event Paused(address account)",
            ]
        );
    }

    #[test]
    fn events_go_inside_the_interface() {
        let sol = interface_with_events(
            "interface IX {\n    function f() external;\n}\n",
            &["event E(uint256 a)".into()],
        );
        assert_eq!(
            sol,
            "interface IX {\n    function f() external;\n\n    event E(uint256 a);\n}\n"
        );
        let abi = JsonAbi::parse(
            sol_items(&sol, "function")
                .iter()
                .chain(&sol_items(&sol, "event"))
                .map(String::as_str),
        )
        .expect("parses");
        assert_eq!(abi.len(), 2);
    }
}
