#!/usr/bin/env bash
# The test command: formatting, clippy (ssr and hydrate/wasm32), unit and
# integration tests on SQLite and PostgreSQL, then the Playwright suite in
# Debian's Chromium against a freshly built site. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --browser
source scripts/env.sh
# One clean build: incremental caches would only take disk space.
export CARGO_INCREMENTAL=0

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (ssr)"
cargo clippy -p server -p app --all-targets --features app/ssr -- -D warnings

step "clippy (hydrate, wasm32)"
cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings

step "PostgreSQL on 127.0.0.1:5432"
export HOCSO_TEST_POSTGRES_URL="${HOCSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is not running; starting it"
  pg_ctlcluster --skip-systemctl-redirect 15 main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
# Databases left by earlier runs of the integration tests.
psql "$HOCSO_TEST_POSTGRES_URL" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'hocso_test_%'" |
  while read -r db; do psql "$HOCSO_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done

step "unit and integration tests (SQLite and PostgreSQL)"
# Two tests at a time. (They once ran one at a time: each server listed its routes
# as it started, which flips a process-wide leptos switch that hangs any render
# starting meanwhile; routes are now listed once per process, see
# server/tests/api/one_process.rs.) Not more: some tests make 1000 requests at once,
# and every PostgreSQL test server has a pool of its own (max_connections is 100).
cargo test --workspace --features app/ssr -- --test-threads 2

step "browser tests (Playwright, Debian's chromium)"
e2e_dir="$CARGO_TARGET_DIR/e2e"
rm -rf "$e2e_dir" && mkdir -p "$e2e_dir"
export DATABASE_URL="sqlite://$e2e_dir/hocso.db"
export CHROME_PATH=/usr/bin/chromium
# The browser tests register more people than one address may in two
# minutes; the editors' spec gives each of its people an address of their
# own (X-Forwarded-For), trusted from 127.0.0.1 for this run only.
export HOCSO_TRUSTED_PROXIES=127.0.0.1/32
# cargo-leptos 0.3.10 exits 0 when its own build fails, so check that
# Playwright actually ran and passed.
rm -f end2end/test-results/.last-run.json
cargo leptos end-to-end
grep -q '"status": "passed"' end2end/test-results/.last-run.json ||
  { echo "the browser tests did not run or did not pass"; exit 1; }

step "all checks passed"
