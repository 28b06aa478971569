#!/usr/bin/env bash
# Installs and builds the underwriter dashboard; `backstop ui` serves the result and its test
# (cargo test --workspace --test ui) drives it in headless Chromium. Idempotent and quick when
# nothing changed:
#   ui/node_modules  npm ci (viem, esbuild, playwright-core; package-lock.json)
#   ui/dist/app.js   esbuild bundle of ui/src/app.js with viem (rebuilt when the source or the
#                    lock file is newer)
#   /usr/bin/chromium  Debian's chromium for the test (apt-get, as root), skipped when present
set -euo pipefail
cd "$(dirname "$0")"

fresh() { # fresh STAMP INPUT...: true when STAMP exists and is newer than every INPUT
  local stamp=$1
  shift
  [[ -e "$stamp" ]] || return 1
  for input in "$@"; do [[ "$stamp" -nt "$input" ]] || return 1; done
}

stamp=node_modules/.package-lock.json
if fresh "$stamp" package-lock.json; then
  echo "ui: npm packages up to date"
else
  echo "ui: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

if fresh dist/app.js src/app.js package-lock.json "$stamp"; then
  echo "ui: dist/app.js up to date"
else
  echo "ui: esbuild src/app.js -> dist/app.js"
  node_modules/.bin/esbuild src/app.js --bundle --format=esm --target=es2022 \
    --outfile=dist/app.js --log-level=warning
fi

if [[ -x /usr/bin/chromium ]]; then
  echo "ui: chromium present ($(/usr/bin/chromium --version 2>/dev/null | tail -n 1))"
elif [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "ui: apt-get install chromium (for the dashboard test)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >/tmp/backstop-ui-chromium.log 2>&1; then
    echo "ui: installing chromium failed (apt-get; log in /tmp/backstop-ui-chromium.log)" >&2
    exit 1
  fi
else
  echo "ui: /usr/bin/chromium is missing: run \`apt-get install -y chromium\` as root" >&2
  exit 1
fi
