# Sourced by the scripts: puts the project's npm tools (wasm-opt) first on PATH,
# so cargo-leptos finds them instead of downloading from GitHub.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
