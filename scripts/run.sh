#!/usr/bin/env bash
# The run command: sets up what is missing, builds the release site and serves
# it on http://127.0.0.1:3000 with SQLite (data/hocso.db) seeded from content/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
export DATABASE_URL="${DATABASE_URL:-sqlite://data/hocso.db}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
# --precompress writes .br and .gz beside the hashed files, served as they are.
exec cargo leptos serve --release --precompress
