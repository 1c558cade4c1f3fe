#!/usr/bin/env bash
# Lesson pages while a sign-in flood hits the server: throughput and p99 of the
# lesson page alone, then with 200 concurrent wrong-password sign-ins running.
#
#   bench/signin-flood.sh [duration=20s]
#
# Target: the flood costs lesson pages no more than 30% of their throughput.
# Run twice by default: as deployed (per-IP throttling answers most of a
# one-machine flood with 429), and with HOCSO_SIGNIN_PER_IP_BURST and
# HOCSO_SIGNINS_PER_IP_BURST raised so
# every attempt is hashed (a flood from many addresses, the worst case).
source "$(dirname "$0")/common.sh"
DURATION=${1:-20s}
export APP_PORT

build_release

measure() {
  local label=$1
  start_app
  wrk -t1 -c8 -d3s "$APP$LESSON" >/dev/null
  wrk -t1 -c32 -d"$DURATION" --latency "$APP$LESSON" >"$work/alone.txt"
  wrk -t1 -c200 -d"$DURATION" -s bench/signin-flood.lua --latency "$APP" >"$work/flood.txt" &
  local flood=$!
  sleep 1
  wrk -t1 -c32 -d"$DURATION" --latency "$APP$LESSON" >"$work/during.txt"
  wait "$flood"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  local alone during
  alone=$(rps "$work/alone.txt"); during=$(rps "$work/during.txt")
  echo "== $label =="
  printf 'lesson alone       : %8.0f req/s  p99 %8.2f ms\n' "$alone" "$(p99 "$work/alone.txt")"
  printf 'lesson under flood : %8.0f req/s  p99 %8.2f ms\n' "$during" "$(p99 "$work/during.txt")"
  printf 'flood              : %8.0f req/s  (%s of %s answered non-2xx: refused or throttled)\n' \
    "$(rps "$work/flood.txt")" "$(non2xx "$work/flood.txt")" "$(served "$work/flood.txt")"
  awk -v a="$alone" -v d="$during" 'BEGIN { printf "cost               : %.0f%% of lesson throughput (target <= 30%%)\n", (1 - d/a) * 100 }'
  rm -f "$work/bench.db"*
}

measure "as deployed (per-IP throttling on)"
HOCSO_SIGNIN_PER_IP_BURST=1000000 HOCSO_SIGNINS_PER_IP_BURST=1000000 measure "worst case: every attempt hashed"
