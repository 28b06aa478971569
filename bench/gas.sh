#!/usr/bin/env bash
# The gas benchmark: our Stylus contracts against Solidity baselines (OpenZeppelin ERC4626,
# TimelockController and bench/solidity/contracts/BaselineBackstop.sol) on one embedded devnode.
#
#   bash bench/gas.sh            # npm ci + compile the Solidity, then run the benchmark
#
# Installs the pinned solc-js and @openzeppelin/contracts (bench/solidity/package-lock.json),
# compiles to bench/solidity/out/ (gitignored), then runs
# `cargo run -p backstop-e2e --example gas_bench`, which builds our contracts to WASM, deploys
# both sides, measures gasUsed from receipts and writes docs/BENCHMARKS.md and
# docs/benchmarks.json. Arguments are passed on to the example (`--help` lists them).
# Not part of .ci/run: nothing here asserts a figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v npm >/dev/null || { echo "bench/gas.sh: npm not found (Node 20 and npm are needed for the Solidity side)" >&2; exit 1; }
(
  cd "$root/bench/solidity"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  node compile.js
) || { echo "bench/gas.sh: installing or compiling the Solidity baselines failed (see above)" >&2; exit 1; }
cd "$root"
# --workspace: the example is built with the same dependency features as `cargo test`, so it
# reuses the test build instead of compiling a second copy of the dependencies.
cargo build --quiet --workspace --example gas_bench
exec "${CARGO_TARGET_DIR:-$root/target}/debug/examples/gas_bench" "$@"
