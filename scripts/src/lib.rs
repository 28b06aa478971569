//! Deploy and operate the Backstop contracts with alloy: the library behind the `backstop` CLI,
//! the demo and the end-to-end tests.

pub mod bindings;
mod client;
mod demo;
mod deploy;
mod error;
mod governance;
mod manifest;
mod programs;
mod revert;
mod status;
mod system;
mod ui;
mod units;

pub use client::{derive_signers, parse_private_key, send, Client};
pub use demo::{run_demo, DemoOutcome, ACTOR_FUNDING_WEI};
pub use deploy::{
    activation_fee, deploy_program, deploy_system, AssetChoice, Codes, DeployConfig, Progress,
    ARB_WASM, DAY, STYLUS_CONSTRUCTOR_SELECTOR, STYLUS_DEPLOYER,
};
pub use error::{Error, Result};
pub use governance::{encode_call, Operation, OperationCall, OperationState, Proposal};
pub use manifest::{DeployedContract, Manifest, MarketEntry, WiringStep};
pub use programs::{
    describe as describe_lifetime, explain_failure, keepalive, lifetime, lifetime_rules, programs,
    programs_report, Lifetime, LifetimeRules, Program, Renewal,
};
pub use revert::decode_revert;
pub use status::{
    describe_calldata, relative, AbsorberStatus, MarketStatus, Status, TimelockStatus, VaultStatus,
};
pub use system::{
    loss_id, Backstop, LossOutcome, LossRecord, MarketInfo, MarketRoute, Position, Usage,
    WindowUsage,
};
pub use ui::{serve_ui, UiConfig, UiServer, DEFAULT_UI_PORT, DEV_CHAIN_IDS};
pub use units::{format_amount, format_duration, format_duration_approx, parse_amount};
