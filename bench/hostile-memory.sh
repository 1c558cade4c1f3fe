#!/usr/bin/env bash
# Memory under what an outside attacker sends (issue 20): the release
# `hocso`, in its own process on SQLite, takes 5,000 requests with distinct
# large session cookies (30 KB, one in ten 380 KB) and 500 anonymous 5 MB
# POSTs to the image and roster uploads, 64 at a time. Prints the server's
# resident memory when idle and its peak during the load (VmHWM, reset
# before the load through /proc/PID/clear_refs), and fails when the peak is
# more than 100 MB above idle.
#
#   bench/hostile-memory.sh [cookies=5000] [posts=500] [concurrency=64]
#
# BENCH_SKIP_BUILD=1 reuses the release build.
source "$(dirname "$0")/common.sh"
[[ "${BENCH_SKIP_BUILD:-}" == 1 ]] || build_release
start_app
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$APP_PID/status"; }
# warm: the pages the load asks for are rendered and cached once
curl -fs -o /dev/null "$APP$LESSON"; curl -fs -o /dev/null "$APP/khoa-hoc"
sleep 2
idle=$(kib VmRSS)
echo 5 >"/proc/$APP_PID/clear_refs"
started=$(date +%s.%N)
python3 bench/hostile_load.py 127.0.0.1 "$APP_PORT" "${1:-5000}" "${2:-500}" "${3:-64}"
ended=$(date +%s.%N)
peak=$(kib VmHWM)
after=$(kib VmRSS)
grown=$(((peak - idle) / 1024))
printf 'idle %d MB, peak during the load %d MB (+%d MB), after %d MB; load took %.1f s\n' \
  $((idle / 1024)) $((peak / 1024)) "$grown" $((after / 1024)) "$(echo "$ended - $started" | bc)"
curl -fs "$APP/healthz" >/dev/null || { echo "the server stopped answering"; exit 1; }
if ((grown > 100)); then
  echo "FAIL: peak memory grew by more than 100 MB"
  exit 1
fi
echo "ok: peak within 100 MB of idle"
