#!/usr/bin/env bash
# The managers' dashboard over a demo city (issue 12), release build, as a
# browser asks for it (Accept-Encoding: br, gzip, a session cookie), on
# SQLite and (when PostgreSQL answers on 127.0.0.1:5432) on PostgreSQL:
#
#   1. `hocso demo-data`: 1 city, 30 departments, 56 wards × 3 sub-units,
#      50,000 officials, 20 city-wide assignments (1,000,000 people ×
#      assignment) with progress; its time
#   2. /theo-doi for the city (an admin), p50/p95 and req/s
#   3. /theo-doi?don-vi=<a ward> (its manager): the drill-down to named people
#   4. nginx serving a saved copy of the city page (gzip_static), the
#      reference for the same bytes at its best
#   5. the CSV export of the whole city: time, size, rows, and the server's
#      peak memory before and after (streamed: it must not grow with the size)
#   6. steps 2 and 3 again on a server without render threads
#      (HOCSO_RENDER_THREADS=0): what they cost
#
#   bench/dashboard.sh [duration=10s] [connections=16] [officials=50000]
#   (BENCH_SKIP_BUILD=1: use the release binary already built)
#
# Target: <= 200 ms per dashboard page at p95 on each backend.
source "$(dirname "$0")/common.sh"
DURATION=${1:-10s}
CONNECTIONS=${2:-16}
OFFICIALS=${3:-50000}
NGINX_PORT=3102
AE="Accept-Encoding: br, gzip"
ADMIN_PASSWORD="quản trị thử dashboard"
DEMO_PASSWORD="hocso-demo-2026"
HOCSO="$CARGO_TARGET_DIR/release/hocso"

# BENCH_SKIP_BUILD=1 measures the release binary already in target/release
[[ ${BENCH_SKIP_BUILD:-0} == 1 ]] || build_release

sign_in() { # identifier password -> cookie
  local jar="$work/jar.$RANDOM"
  curl -fs -o /dev/null -c "$jar" -H "Origin: $APP" -H "Accept: application/json" \
    --data-urlencode "identifier=$1" --data-urlencode "password=$2" "$APP/api/auth/sign_in"
  awk '$6 == "hocso_sid" {print "hocso_sid=" $7}' "$jar"
}

start_nginx() {
  mkdir -p "$work/html"
  cp "$1" "$work/html/city.html"
  start_nginx_with 'location / { try_files /city.html =404; }'
}

run() { # label url [header...]
  local label=$1 url=$2; shift 2
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  wrk -t1 -c2 -d2s "${args[@]}" "$url" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/p95.lua "${args[@]}" "$url" >"$work/$label.txt"
}

report() { # name label
  local f=$work/$2.txt
  awk -v name="$1" '/Requests\/sec/ {rps=$2} /^p95_ms/ {p95=$2} /^p50_ms/ {p50=$2} /^non2xx/ {bad=$2}
    END { printf "%-44s %8.0f req/s  p50 %7.2f ms  p95 %7.2f ms  non-2xx %d%s\n", name, rps, p50, p95, bad, (p95 > 200 ? "  OVER TARGET" : "") }' "$f"
}

measure() { # backend-label database-url
  local backend=$1 url=$2
  echo
  echo "== $backend =="
  local t0=$SECONDS
  DATABASE_URL=$url "$HOCSO" demo-data --officials "$OFFICIALS" | tee "$work/demo.txt"
  echo "demo-data: $((SECONDS - t0)) s (wall, including migrations and the content import)"
  local again; again=$(DATABASE_URL=$url "$HOCSO" demo-data --officials "$OFFICIALS")
  echo "second run: $again"
  printf '%s\n' "$ADMIN_PASSWORD" | DATABASE_URL=$url "$HOCSO" create-admin bench-admin@hocso.vn >/dev/null
  # reminders run an hour after start: not during the measurement
  HOCSO_REMINDER_SECS=3600 BENCH_DATABASE_URL=$url start_app
  local admin manager manager_phone ward
  admin=$(sign_in bench-admin@hocso.vn "$ADMIN_PASSWORD")
  manager_phone=$(awk -F': ' '/manager of Phường số 1:/ {split($2, f, " "); print f[1]}' "$work/demo.txt")
  manager=$(sign_in "$manager_phone" "$DEMO_PASSWORD")
  [[ -n $admin && -n $manager ]] || { echo "could not sign in"; cat "$work/app.log"; exit 1; }
  ward=$(curl -fs -H "Cookie: $manager" "$APP/theo-doi" | grep -o 'name="don-vi" value="[0-9]*"' | head -1 | tr -dc 0-9)
  [[ -n $ward ]] || { echo "the manager's ward was not found"; exit 1; }
  curl -fs -H "Cookie: $admin" "$APP/theo-doi" >"$work/city.html"
  echo "city page: $(wc -c <"$work/city.html") bytes, $(curl -fs -H "Cookie: $admin" -H "$AE" "$APP/theo-doi" | wc -c) compressed"
  [[ -f $work/nginx.pid ]] || start_nginx "$work/city.html"

  run city "$APP/theo-doi" "$AE" "Cookie: $admin"
  run ward "$APP/theo-doi?don-vi=$ward" "$AE" "Cookie: $manager"
  run ward-overdue "$APP/theo-doi?don-vi=$ward&trang-thai=qua-han&sap-xep=han" "$AE" "Cookie: $manager"
  run nginx "http://127.0.0.1:$NGINX_PORT/" "$AE"
  report "city dashboard (admin)" city
  report "ward drill-down with people (manager)" ward
  report "ward, overdue people by deadline" ward-overdue
  report "nginx, the saved city page (reference)" nginx

  local before after start bytes rows
  before=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
  start=$(date +%s.%N)
  local sent
  sent=$(curl -fs --compressed -H "$AE" -H "Cookie: $admin" -o "$work/city.csv" -w '%{size_download}' "$APP/theo-doi/xuat.csv")
  local secs; secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  after=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
  bytes=$(wc -c <"$work/city.csv"); rows=$(($(wc -l <"$work/city.csv") - 1))
  echo "CSV export of the city: $rows rows, $((bytes / 1024 / 1024)) MB ($((sent / 1024 / 1024)) MB sent compressed) in ${secs} s; server peak memory $((before / 1024)) MB before, $((after / 1024)) MB after"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

  # What the render threads cost: the same pages from a server rendering on
  # the runtime's workers (HOCSO_RENDER_THREADS=0; the sessions carry over)
  HOCSO_RENDER_THREADS=0 HOCSO_REMINDER_SECS=3600 BENCH_DATABASE_URL=$url start_app
  run city-plain "$APP/theo-doi" "$AE" "Cookie: $admin"
  run ward-plain "$APP/theo-doi?don-vi=$ward" "$AE" "Cookie: $manager"
  report "city dashboard, no render threads" city-plain
  report "ward drill-down, no render threads" ward-plain
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
}

measure "SQLite" "sqlite://$work/bench.db"
if [[ ${BENCH_POSTGRES:-1} == 1 ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  db="hocso_dash_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
  measure "PostgreSQL" "postgres://postgres@127.0.0.1:5432/$db"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db" postgres
fi
