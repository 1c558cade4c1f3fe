#!/usr/bin/env bash
# Installs what building and testing Học Số needs, skipping what is already there:
# the wasm32 target, cargo-leptos, the wasm-bindgen CLI matching Cargo.lock,
# npm tools (wasm-opt from binaryen, Playwright, axe-core) and, with --browser,
# Debian's chromium. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$CARGO_LEPTOS_VERSION"* ]]; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 11 minutes on 2 cores)"
  # 0.3.11 needs a newer rustc than this toolchain.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]]; then
  log "installing wasm-bindgen-cli $wasm_bindgen_version (must equal the crate in Cargo.lock)"
  # Not --locked: its own lock file pins a crate the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

if [[ ! -x end2end/node_modules/.bin/wasm-opt || ! -d end2end/node_modules/@playwright/test ]]; then
  log "installing npm tools (binaryen's wasm-opt, Playwright, axe-core)"
  (cd end2end && npm ci --no-audit --no-fund)
fi

if $want_browser && [[ ! -x /usr/bin/chromium ]]; then
  log "installing Debian's chromium"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi
log "tools ready"
