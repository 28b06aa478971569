#!/usr/bin/env bash
# The devnode benchmark: our embedded Stylus devnode against anvil, side by side in one run, with
# revm and devnode-evm in process as the floor of our stack.
#
#   bash bench/devnode.sh             # npm ci (anvil, solc), compile the EVM side, run the benchmark
#   bash bench/devnode.sh --release   # the same with the node and client built optimised
#
# Installs the pinned anvil (bench/anvil/package-lock.json) and the Solidity toolchain
# (bench/solidity), compiles the ERC-20 and ERC-4626 both nodes run, then runs
# `cargo run -p backstop-e2e --example node_bench` (dev profile: what the demo and tests use),
# which prints the figures and writes docs/NODE_BENCHMARKS.md. Other arguments go to the example
# (`--txs N`, `--calls N`, `--no-anvil`). Not part of .ci/run: nothing here asserts a figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v npm >/dev/null || { echo "bench/devnode.sh: npm not found (Node 20 and npm install anvil and solc)" >&2; exit 1; }
profile=()
args=()
for arg in "$@"; do
  case "$arg" in
    --release) profile=(--release) ;;
    *) args+=("$arg") ;;
  esac
done
(
  cd "$root/bench/anvil" && npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cd "$root/bench/solidity" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && node compile.js >/dev/null
) || { echo "bench/devnode.sh: installing anvil or compiling the EVM contracts failed (see above)" >&2; exit 1; }
cd "$root"
# --workspace: the example is built with the same dependency features as `cargo test`, so it
# reuses the test build instead of compiling a second copy of the dependencies.
cargo build --quiet --workspace --example node_bench "${profile[@]}"
dir=debug
[ "${#profile[@]}" -gt 0 ] && dir=release
exec "${CARGO_TARGET_DIR:-$root/target}/$dir/examples/node_bench" "${args[@]+"${args[@]}"}"
