//! The contracts' ABIs: the Solidity interface the Stylus SDK exports for each contract,
//! completed with its events, and the JSON ABI derived from it; `abi/` holds both, checked in.
//!
//! The SDK only exports an interface from a contract compiled with its `export-abi` feature,
//! which changes the code its macros generate. `build.rs` has the contracts as build
//! dependencies with that feature (cargo resolves their features apart from the contracts' own
//! tests) and writes their interfaces to `OUT_DIR`; this crate includes them. The SDK prints
//! functions and errors but neither events nor the constructor's parameter names, so events are
//! taken from the contract's `src/events.rs` (its one events module, the source of truth) and
//! the constructor from the SDK's constructor export.
//!
//! ```text
//! cargo run -p backstop-abi              # regenerate abi/*.sol and abi/*.json
//! cargo run -p backstop-abi -- --check   # fail if abi/ differs from the code
//! ```

use std::path::{Path, PathBuf};

use alloy_json_abi::{AbiItem, JsonAbi};
use backstop_build::Contract;

/// What exporting or checking the ABIs can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The exported interface could not be turned into JSON.
    #[error("{contract}: cannot parse exported ABI item `{item}`: {reason}")]
    Abi {
        /// The contract whose ABI failed.
        contract: String,
        /// The Solidity item that failed to parse.
        item: String,
        /// Why it failed.
        reason: String,
    },
    /// A contract of [`backstop_build::CONTRACTS`] has no export in `build.rs`.
    #[error("{0}: no ABI export; add it to tools/abi/build.rs and EXPORTS")]
    NotExported(String),
    /// A checked-in ABI file differs from the code's.
    #[error("{0} is out of date: run `cargo run -p backstop-abi` and commit the result")]
    Drift(PathBuf),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The two generated ABI files of one contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbiFiles {
    /// `abi/<Name>.sol`: the Solidity interface.
    pub sol: String,
    /// `abi/<Name>.json`: the JSON ABI.
    pub json: String,
}

/// One contract's export, as `build.rs` wrote it.
#[derive(Debug, Clone, Copy)]
pub struct Export {
    /// The contract's name, as in [`backstop_build::CONTRACTS`].
    pub name: &'static str,
    /// The SDK's Solidity interface (functions and errors).
    pub interface: &'static str,
    /// The SDK's constructor signature, empty without a constructor.
    pub constructor: &'static str,
}

macro_rules! export {
    ($name:literal) => {
        Export {
            name: $name,
            interface: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".interface")),
            constructor: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".constructor")),
        }
    };
}

/// Every contract's export (see `build.rs`).
pub const EXPORTS: &[Export] = &[
    export!("BackstopVault"),
    export!("LossAbsorber"),
    export!("GovernanceTimelock"),
    export!("TestStablecoin"),
    export!("MockMarket"),
];

/// The head of every `abi/<Name>.sol`.
const SOL_HEADER: &str = "\
/**
 * The Solidity interface of a Stylus (Rust) contract in this repository: call it like any
 * contract. Generated from the contract's code by `cargo run -p backstop-abi`; do not edit.
 */

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

";

/// The ABI files of `contract`, from its export and its `src/events.rs` under `root`.
pub fn abi_files(root: &Path, contract: &Contract) -> Result<AbiFiles> {
    let export = EXPORTS
        .iter()
        .find(|e| e.name == contract.name)
        .ok_or_else(|| Error::NotExported(contract.name.into()))?;
    let events_path = root.join(contract.dir).join("src").join("events.rs");
    let events_src = std::fs::read_to_string(&events_path).map_err(io(&events_path))?;
    let events = sol_items(&events_src, "event");

    let sol = format!(
        "{SOL_HEADER}{}",
        interface_with_events(export.interface, &events)
    );
    let mut items: Vec<String> = sol_items(&sol, "function");
    items.extend(sol_items(&sol, "error"));
    items.extend(events);
    let constructor = export.constructor.trim().trim_end_matches(';').to_string();
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
/// with [`Error::Drift`] on the first file that differs from the code's. Returns the paths.
pub fn sync_abi_dir(root: &Path, check: bool) -> Result<Vec<PathBuf>> {
    let dir = root.join("abi");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let mut paths = Vec::new();
    for contract in backstop_build::CONTRACTS {
        let files = abi_files(root, contract)?;
        for (ext, text) in [("sol", &files.sol), ("json", &files.json)] {
            let path = dir.join(format!("{}.{ext}", contract.name));
            if check {
                let current = std::fs::read_to_string(&path).unwrap_or_default();
                if &current != text {
                    return Err(Error::Drift(path));
                }
            } else {
                std::fs::write(&path, text).map_err(io(&path))?;
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

    #[test]
    fn every_contract_has_an_export_with_an_interface() {
        for contract in backstop_build::CONTRACTS {
            let export = EXPORTS.iter().find(|e| e.name == contract.name);
            let export = export.unwrap_or_else(|| panic!("{} is not exported", contract.name));
            assert!(
                export
                    .interface
                    .contains(&format!("interface I{} {{", contract.name)),
                "{}",
                export.interface
            );
        }
        assert_eq!(EXPORTS.len(), backstop_build::CONTRACTS.len());
    }
}
