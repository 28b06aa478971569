#!/usr/bin/env bash
# Installs the integrator kits' pinned packages; the kit tests (cargo test --workspace --test kits)
# need them. Idempotent and quick when nothing changed:
#   kits/solidity  npm ci (solc-js, package-lock.json)
#   kits/ts        npm ci (viem, tsx, typescript and @types/node for tsc; package-lock.json)
#   kits/python    .venv from requirements.txt (web3.py, exact versions, --require-hashes)
# Each part is skipped when its stamp is newer than its lock file.
set -euo pipefail
cd "$(dirname "$0")"

fresh() { # fresh STAMP INPUT: true when STAMP exists and is newer than INPUT
  [[ -e "$1" && "$1" -nt "$2" ]]
}

for dir in solidity ts; do
  stamp="$dir/node_modules/.package-lock.json"
  if fresh "$stamp" "$dir/package-lock.json"; then
    echo "kits/$dir: npm packages up to date"
  else
    echo "kits/$dir: npm ci"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
done

venv=python/.venv
stamp="$venv/.installed"
if fresh "$stamp" python/requirements.txt; then
  echo "kits/python: venv up to date"
else
  echo "kits/python: venv + pip install --require-hashes"
  python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
    echo "kits/python: requirements.txt pins wheels for CPython 3.11, python3 is $(python3 --version)" >&2
    exit 1
  }
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
    --require-hashes --only-binary=:all: -r python/requirements.txt
  touch "$stamp"
fi
