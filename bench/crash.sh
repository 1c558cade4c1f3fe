#!/usr/bin/env bash
# Crash safety, measured, on SQLite and on PostgreSQL. For each backend: start
# the server, register accounts (each gets a session), put lesson views on it
# (wrk) while more people register, SIGKILL it mid-load, restart it, and check
#   - the database opens cleanly (SQLite: PRAGMA integrity_check; both: the
#     server starts and migrates),
#   - every account whose registration was answered before the kill is there
#     and its session works (its cookie on /api/auth/me answers that person),
#   - lost views (200 responses the client saw minus views stored) are at most
#     those of the last flush interval plus those of the flush being written
#     then: at most two flushes' worth (the average flush of the round is its
#     stored views over the number of flushes, view_flush_marks.seq).
# Several kills per backend, on the same database, land at different points of
# the flush cycle.
#
#   bench/crash.sh [rounds=3] [accounts=20] [load seconds before each kill=4]
#   HOCSO_BIN=target/debug/hocso bench/crash.sh   # use this binary (default: release build)
#   BACKENDS=sqlite bench/crash.sh                # one backend (default: "sqlite postgres")
#   CRASH_LOG=/tmp/crash.log RUST_LOG=warn,app::ssr::views=debug bench/crash.sh   # keep the server's log
#
# PostgreSQL: HOCSO_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
# names a database to connect to for creating and dropping a scratch database.
source "$(dirname "$0")/common.sh"
ROUNDS=${1:-3}
ACCOUNTS=${2:-20}
LOAD_SECS=${3:-4}
BACKENDS=${BACKENDS:-sqlite postgres}
PG_ADMIN_URL=${HOCSO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# ssr::views::FLUSH_INTERVAL in app/src/ssr/views.rs
FLUSH_MS=250
PASSWORD="cây tre làng tôi xanh"
COURSE=binh-dan-hoc-vu-so
LESSON_SLUG=mat-khau-manh-va-ma-otp

if [[ -n ${HOCSO_BIN:-} ]]; then
  BIN=$HOCSO_BIN
else
  build_release
  BIN=$CARGO_TARGET_DIR/release/hocso
fi
[[ -x $BIN ]] || { echo "no hocso binary at $BIN"; exit 1; }
LOG=${CRASH_LOG:-$work/app.log}
: >"$LOG"

pg_db=""
drop_pg() { [[ -n $pg_db ]] && psql -qX "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; }
trap 'drop_pg; cleanup' EXIT

now() { date +%s.%N; }

# Starts the server on $DB_URL; registrations are told apart by X-Forwarded-For
# (this machine is the trusted proxy), as a city's users would be by address.
start_server() {
  DATABASE_URL=$DB_URL LEPTOS_SITE_ADDR="127.0.0.1:$APP_PORT" LEPTOS_SITE_ROOT=target/site \
    HOCSO_TRUSTED_PROXIES=127.0.0.1/32 RUST_LOG=${RUST_LOG:-warn} "$BIN" serve >>"$LOG" 2>&1 &
  APP_PID=$!
  pids+=("$APP_PID")
  for _ in $(seq 1 240); do curl -fs "$APP/healthz" >/dev/null && return 0; sleep 0.25; done
  echo "server did not start"; tail -30 "$LOG"; return 1
}

sql() {
  case $BACKEND in
    sqlite) sqlite3 "$DB_FILE" "$1" ;;
    postgres) psql -qtAX "$DB_URL" -c "$1" ;;
  esac
}

stored_views() {
  sql "SELECT l.views FROM lessons l JOIN courses c ON c.id = l.course_id
       WHERE c.slug = '$COURSE' AND l.slug = '$LESSON_SLUG'"
}

# Registers account $1; on a 200 answer appends "$1 <session id>" to $work/accounts.
register() {
  local i=$1 jar="$work/jar.$1" status
  status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" --max-time 30 -X POST "$APP/api/auth/register" \
    -H "Origin: $APP" -H 'Accept: application/json' -H "X-Forwarded-For: 10.$((i / 250 % 250)).$((i % 250)).7" \
    --data-urlencode "full_name=Người Thử Nghiệm" --data-urlencode "identifier=crash$i@example.vn" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "password_confirm=$PASSWORD" || true)
  if [[ $status == 200 ]]; then
    echo "$i $(awk '$6 == "hocso_sid" {print $7}' "$jar")" >>"$work/accounts"
  fi
}

# Who the session $1 belongs to, as /api/auth/me answers.
whoami() {
  curl -s --max-time 30 -X POST "$APP/api/auth/me" -H "Origin: $APP" -H 'Accept: application/json' \
    -b "hocso_sid=$1" | jq -r '.identifier // empty' 2>/dev/null || true
}

# Every account registered so far: how many answer with their session.
check_accounts() {
  local ok=0 total=0 i sid
  while read -r i sid; do
    total=$((total + 1))
    if [[ $(whoami "$sid") == "crash$i@example.vn" ]]; then ok=$((ok + 1)); else echo "  account crash$i lost or signed out" >&2; fi
  done <"$work/accounts"
  echo "$ok/$total"
}

results=()
for BACKEND in $BACKENDS; do
  echo "== $BACKEND =="
  : >"$work/accounts"
  case $BACKEND in
    sqlite)
      DB_FILE="$work/crash.db"
      DB_URL="sqlite://$DB_FILE"
      ;;
    postgres)
      pg_db="hocso_crash_$$"
      psql -qX "$PG_ADMIN_URL" -c "CREATE DATABASE $pg_db" >/dev/null
      DB_URL="${PG_ADMIN_URL%/*}/$pg_db"
      ;;
    *) echo "unknown backend $BACKEND"; exit 1 ;;
  esac
  start_server
  echo "registering $ACCOUNTS accounts"
  for i in $(seq 1 "$ACCOUNTS"); do register "$i"; done
  next=$((ACCOUNTS + 1))

  for round in $(seq 1 "$ROUNDS"); do
    before=$(stored_views)
    rm -f "$work/stop"
    # More people register during the load, up to the kill.
    (
      i=$next
      until [[ -f $work/stop ]]; do register "$i"; i=$((i + 1)); done
      echo "$i" >"$work/next"
    ) &
    registering=$!
    wrk -t2 -c32 -d120s "$APP/khoa-hoc/$COURSE/$LESSON_SLUG" >"$work/wrk.txt" 2>&1 &
    load=$!
    started=$(now)
    sleep "$LOAD_SECS"
    # Somewhere in the flush cycle: a random extra 0–249 ms.
    sleep "0.$(printf '%03d' $((RANDOM % FLUSH_MS)))"
    kill -KILL "$APP_PID"
    killed=$(now)
    wait "$APP_PID" 2>/dev/null || true
    touch "$work/stop"
    sleep 0.2
    kill -INT "$load"
    wait "$load" || true
    wait "$registering"
    next=$(cat "$work/next")

    seen=$(( $(served "$work/wrk.txt") - $(non2xx "$work/wrk.txt") ))
    integrity=n/a
    [[ $BACKEND == sqlite ]] && integrity=$(sqlite3 "$DB_FILE" 'PRAGMA integrity_check' | tr '\n' ' ' | sed 's/ $//')
    after=$(stored_views)
    # The killed server's mark: how many flushes it made.
    flushes=$(sql "SELECT seq FROM view_flush_marks ORDER BY updated_at DESC, seq DESC LIMIT 1")
    stored=$((after - before))
    lost=$((seen - stored))
    rate=$(awk -v n="$seen" -v a="$started" -v b="$killed" 'BEGIN { printf "%.0f", n / (b - a) }')
    lost_ms=$(awk -v l="$lost" -v r="$rate" 'BEGIN { printf "%.0f", (r > 0 ? l / r * 1000 : 0) }')
    batch=$(awk -v s="$stored" -v f="${flushes:-0}" 'BEGIN { printf "%.0f", (f > 0 ? s / f : s) }')
    lost_flushes=$(awk -v l="$lost" -v b="$batch" 'BEGIN { printf "%.2f", (b > 0 ? l / b : 0) }')

    start_server || { integrity="$integrity; server did not restart"; }
    accounts=$(check_accounts)
    restarted=$(stored_views)
    verdict=PASS
    [[ $BACKEND == sqlite && $integrity != ok ]] && verdict=FAIL
    [[ ${accounts%/*} != "${accounts#*/}" ]] && verdict=FAIL
    [[ $restarted != "$after" ]] && verdict=FAIL
    # Lost: the views pending since the last flush began, plus that flush's
    # batch if its commit had not finished.
    awk -v l="$lost_flushes" 'BEGIN { exit !(l > 2) }' && verdict=FAIL
    results+=("$(printf '%-9s %5s %9s %9s %8s %8s %6s %8s %7s %6s %6s  %-4s' \
      "$BACKEND" "$round" "$accounts" "$integrity" "$seen" "$stored" "$lost" "$rate" "$lost_ms" "$batch" "$lost_flushes" "$verdict")")
    echo "${results[-1]}"
  done
  kill -TERM "$APP_PID"
  wait "$APP_PID" 2>/dev/null || true
  drop_pg
  pg_db=""
done

echo
echo "== crash safety: SIGKILL after ${LOAD_SECS}s of load (+0–${FLUSH_MS} ms), flush interval ${FLUSH_MS} ms, binary $BIN =="
printf '%-9s %5s %9s %9s %8s %8s %6s %8s %7s %6s %6s  %-4s\n' \
  backend round accounts integrity "200s" stored lost "views/s" "lost ms" flush "lost/f" ""
printf '%s\n' "${results[@]}"
echo "accounts: registered and answered before the kill / still there with a working session after the restart"
echo "lost: 200 responses the client saw minus views stored (negative: views counted whose responses the kill cut off)"
echo "lost ms: the same in milliseconds of traffic at the round's average rate"
echo "flush: average views per flush in the round; lost/f: lost views in flushes' worth (bound: 2, the"
echo "       interval being collected and the flush being written)"
if printf '%s\n' "${results[@]}" | grep -q FAIL; then exit 1; fi
