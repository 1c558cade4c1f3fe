#!/usr/bin/env bash
# Lesson page throughput: Học Số (release build, SQLite) against nginx serving a
# saved copy of the same HTML, the physical limit of this machine. Then checks
# that the lesson's view count grew by exactly the number of requests served.
#
#   bench/lesson.sh [duration=20s] [connections=64] [threads=2]
#
# Targets: requests/s >= 0.8 x nginx, p99 <= 2 x nginx, counts exact.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
THREADS=${3:-2}
APP_PORT=3100
NGINX_PORT=3101
LESSON=/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp

./scripts/setup.sh
source scripts/env.sh
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || command -v "/usr/sbin/$tool" >/dev/null || {
    echo "installing $tool"; apt-get install -y -qq "$tool" >/dev/null || apt-get install -y -qq nginx-light >/dev/null; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
trap 'kill $APP_PID 2>/dev/null || true; [[ -f $work/nginx.pid ]] && kill $(cat $work/nginx.pid) 2>/dev/null || true; rm -rf "$work"' EXIT

echo "building release (cargo leptos build --release)"
cargo leptos build --release >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }

DATABASE_URL="sqlite://$work/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$APP_PORT" LEPTOS_SITE_ROOT=target/site \
  RUST_LOG=warn "$CARGO_TARGET_DIR/release/hocso" serve >"$work/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.5; done

mkdir -p "$work/html"
curl -fs "http://127.0.0.1:$APP_PORT$LESSON" >"$work/html/lesson.html"
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

run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1"; }
field() { awk "$1" "$2"; }

echo "warming up"
wrk -t1 -c8 -d3s "http://127.0.0.1:$APP_PORT$LESSON" >/dev/null
wrk -t1 -c8 -d3s "http://127.0.0.1:$NGINX_PORT$LESSON" >/dev/null

before=$(curl -fs "http://127.0.0.1:$APP_PORT$LESSON" | grep -o 'data-views="[0-9]*"' | head -1 | tr -dc 0-9)

echo "== nginx (saved copy) =="; run_wrk "http://127.0.0.1:$NGINX_PORT$LESSON" | tee "$work/nginx.txt"
echo "== hocso =="; run_wrk "http://127.0.0.1:$APP_PORT$LESSON" | tee "$work/app.txt"

sleep 1
after=$(curl -fs "http://127.0.0.1:$APP_PORT$LESSON" | grep -o 'data-views="[0-9]*"' | head -1 | tr -dc 0-9)
served=$(awk '/requests in/ {print $1}' "$work/app.txt")
errors=$(awk '/Non-2xx/ {print $NF}' "$work/app.txt"); errors=${errors:-0}
ok=$((served - errors))
counted=$((after - before - 1))

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '/ 99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$1"; }
app_rps=$(rps "$work/app.txt"); nginx_rps=$(rps "$work/nginx.txt")
app_p99=$(p99 "$work/app.txt"); nginx_p99=$(p99 "$work/nginx.txt")
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$APP_PID/status)

echo
echo "== summary ($DURATION, $CONNECTIONS connections, $THREADS wrk threads) =="
printf 'nginx : %10.0f req/s  p99 %8.2f ms\n' "$nginx_rps" "$nginx_p99"
printf 'hocso : %10.0f req/s  p99 %8.2f ms  (peak RSS %d MB)\n' "$app_rps" "$app_p99" $((rss_kb / 1024))
awk -v a="$app_rps" -v n="$nginx_rps" -v ap="$app_p99" -v np="$nginx_p99" \
  'BEGIN { printf "ratio : %.2fx nginx throughput (target >= 0.80), p99 %.2fx nginx (target <= 2.00)\n", a/n, ap/np }'
echo "views : $ok successful requests, count grew by $counted"
if [[ "$ok" -eq "$counted" ]]; then echo "views : exact"; else echo "views : MISMATCH"; exit 1; fi
