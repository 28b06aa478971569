//! End-to-end tests of the node over real HTTP JSON-RPC, with alloy as the client.

mod cargo_stylus;
mod common;
mod dev;
mod eth;
mod hostile;
mod raw;
mod state_file;
mod stylus;
mod trace;
