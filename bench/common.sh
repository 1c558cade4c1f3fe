# Shared by the bench scripts: tools, a release build, a server on a fresh
# SQLite database, wrk helpers. Source it; it cleans up on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
source scripts/env.sh

# wrk measures throughput and latency; ab (apache2-utils) sends an exact number
# of requests, which the view-count check needs (wrk stops mid-flight).
for pair in wrk:wrk curl:curl ab:apache2-utils; do
  tool=${pair%%:*} package=${pair#*:}
  command -v "$tool" >/dev/null || { echo "installing $package"; apt-get install -y -qq "$package" >/dev/null; }
done

APP_PORT=${APP_PORT:-3100}
APP="http://127.0.0.1:$APP_PORT"
LESSON=/khoa-hoc/binh-dan-hoc-vu-so/mat-khau-manh-va-ma-otp
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as www-data
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

build_release() {
  echo "building release (cargo leptos build --release)"
  cargo leptos build --release --precompress >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
}

# The database: SQLite in the scratch folder unless BENCH_DATABASE_URL says otherwise.
start_app() {
  DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/bench.db}" LEPTOS_SITE_ADDR="127.0.0.1:$APP_PORT" LEPTOS_SITE_ROOT=target/site \
    RUST_LOG=warn "$CARGO_TARGET_DIR/release/hocso" serve >"$work/app.log" 2>&1 &
  APP_PID=$!
  pids+=("$APP_PID")
  for _ in $(seq 1 120); do curl -fs "$APP/healthz" >/dev/null && return; sleep 0.5; done
  echo "server did not start"; cat "$work/app.log"; exit 1
}

views_of() { curl -fs "$APP$1" | grep -o 'data-views="[0-9]*"' | head -1 | tr -dc 0-9; }
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
# p99 in milliseconds from wrk --latency output
p99() { awk '/ 99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$1"; }
served() { awk '/requests in/ {print $1}' "$1"; }
non2xx() { local n; n=$(awk '/Non-2xx/ {print $NF}' "$1"); echo "${n:-0}"; }

# nginx at its best, the reference for the same bytes: sendfile, keep-alive,
# gzip_static. Serves the .html files of $work/html (each also gzipped beside
# it) on $NGINX_PORT with the given `location` lines.
start_nginx_with() { # location-line...
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || apt-get install -y -qq nginx-light >/dev/null
  local nginx locations
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  locations=$(printf '    %s\n' "$@")
  gzip -9 -k -f "$work"/html/*.html
  chmod -R a+rX "$work/html"
  cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  gzip_static on;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/html;
$locations
  }
}
NGINX
  "$nginx" -c "$work/nginx.conf"
  sleep 0.5
}
