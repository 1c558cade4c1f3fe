#!/usr/bin/env bash
# Lesson page throughput: Học Số (release build, SQLite) against nginx serving a
# saved copy of the same HTML, the physical limit of this machine. Then checks
# that the lesson's view count grew by exactly the number of requests served.
#
#   bench/lesson.sh [duration=20s] [connections=64] [threads=2]
#
# Targets: requests/s >= 0.8 x nginx, p99 <= 2 x nginx, counts exact.
source "$(dirname "$0")/common.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
THREADS=${3:-2}
NGINX_PORT=3101
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || apt-get install -y -qq nginx-light >/dev/null
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

build_release
start_app

mkdir -p "$work/html"
curl -fs "$APP$LESSON" >"$work/html/lesson.html"
cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/html;
    location / { try_files /lesson.html =404; }
  }
}
NGINX
"$NGINX" -c "$work/nginx.conf"
sleep 0.5

echo "warming up"
wrk -t1 -c8 -d3s "$APP$LESSON" >/dev/null
wrk -t1 -c8 -d3s "http://127.0.0.1:$NGINX_PORT$LESSON" >/dev/null

echo "== nginx (saved copy) =="
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$NGINX_PORT$LESSON" | tee "$work/nginx.txt"
echo "== hocso =="
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$APP$LESSON" | tee "$work/app.txt"
REQUESTS=${REQUESTS:-20000}
echo "== exact count: $REQUESTS requests with ab =="
before=$(views_of "$LESSON")
ab -q -n "$REQUESTS" -c "$CONNECTIONS" "$APP$LESSON" >"$work/ab.txt"
sleep 1
after=$(views_of "$LESSON")
complete=$(awk '/Complete requests/ {print $3}' "$work/ab.txt")
failed=$(awk '/Non-2xx responses/ {print $3}' "$work/ab.txt"); failed=${failed:-0}
ok=$((complete - failed))
counted=$((after - before - 1))
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")

echo
echo "== summary ($DURATION, $CONNECTIONS connections, $THREADS wrk threads) =="
printf 'nginx : %10.0f req/s  p99 %8.2f ms\n' "$(rps "$work/nginx.txt")" "$(p99 "$work/nginx.txt")"
printf 'hocso : %10.0f req/s  p99 %8.2f ms  (peak RSS %d MB)\n' "$(rps "$work/app.txt")" "$(p99 "$work/app.txt")" $((rss_kb / 1024))
awk -v a="$(rps "$work/app.txt")" -v n="$(rps "$work/nginx.txt")" -v ap="$(p99 "$work/app.txt")" -v np="$(p99 "$work/nginx.txt")" \
  'BEGIN { printf "ratio : %.2fx nginx throughput (target >= 0.80), p99 %.2fx nginx (target <= 2.00)\n", a/n, ap/np }'
echo "views : $ok successful requests, count grew by $counted"
if [[ "$ok" -eq "$counted" ]]; then echo "views : exact"; else echo "views : MISMATCH"; exit 1; fi
