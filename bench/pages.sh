#!/usr/bin/env bash
# Pages as real clients fetch them, Học Số (release build) side by side with
# nginx serving saved copies of the same bytes at its best (sendfile,
# keepalive_requests high, gzip_static with a .gz made by gzip -9), in one run:
#
#   1. anonymous lesson (page cache), no Accept-Encoding
#   2. anonymous lesson (page cache), Accept-Encoding: br, gzip (every browser)
#   3. signed-in lesson (full render), Accept-Encoding: br, gzip, session cookie
#   4. home page, anonymous, Accept-Encoding: br, gzip
#
# then checks that the lesson's view count grew by exactly the number of
# requests served (ab with a fixed number of requests; wrk's timed runs end
# with requests in flight). Runs on SQLite and, with BENCH_POSTGRES=1 (the
# default when PostgreSQL answers on 127.0.0.1:5432), on PostgreSQL too.
#
#   bench/pages.sh [duration=15s] [connections=64] [threads=2]
#
# Targets (issue 8): cached lesson >= 0.8x nginx with and without compression
# and p99 <= 2x nginx's; signed-in lesson >= 10,000 req/s with p99 <= 20 ms;
# home >= 10,000 req/s; counts exact; peak memory <= 150 MB.
source "$(dirname "$0")/common.sh"
DURATION=${1:-15s}
CONNECTIONS=${2:-64}
THREADS=${3:-2}
NGINX_PORT=3101
AE="Accept-Encoding: br, gzip"
PASSWORD="cây tre làng tôi xanh"
build_release

start_nginx() {
  mkdir -p "$work/html"
  curl -fs "$APP$LESSON" >"$work/html/lesson.html"
  curl -fs "$APP/" >"$work/html/home.html"
  start_nginx_with 'location = / { try_files /home.html =404; }' 'location / { try_files /lesson.html =404; }'
}

# A signed-in session: register an account and keep its session cookie.
session_cookie() {
  curl -fs -o /dev/null -c "$work/cookies" -H "Origin: $APP" -H "Accept: application/json" \
    --data-urlencode "full_name=Người Đọc Thử" --data-urlencode "identifier=bench$RANDOM@example.vn" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "password_confirm=$PASSWORD" \
    "$APP/api/auth/register"
  awk '$6 == "hocso_sid" {print "hocso_sid=" $7}' "$work/cookies"
}

run() { # label url [header...]
  local label=$1 url=$2; shift 2
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  wrk -t1 -c8 -d2s "${args[@]}" "$url" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$url" >"$work/$label.txt"
}

line() { # name hocso-file [nginx-file]
  local app=$work/$2.txt nginx=${3:+$work/$3.txt}
  if [[ -n $nginx ]]; then
    awk -v name="$1" -v a="$(rps "$app")" -v ap="$(p99 "$app")" -v n="$(rps "$nginx")" -v np="$(p99 "$nginx")" \
      'BEGIN { printf "%-40s %9.0f req/s p99 %7.2f ms | nginx %9.0f req/s p99 %7.2f ms | %.2fx, p99 %.2fx\n", name, a, ap, n, np, a/n, ap/np }'
  else
    awk -v name="$1" -v a="$(rps "$app")" -v ap="$(p99 "$app")" \
      'BEGIN { printf "%-40s %9.0f req/s p99 %7.2f ms\n", name, a, ap }'
  fi
}

measure() { # backend-label
  local backend=$1
  start_app
  curl -fs "$APP$LESSON" >/dev/null; sleep 1.2 # the page cache builds its entry
  [[ -f $work/nginx.pid ]] || start_nginx
  local cookie; cookie=$(session_cookie)
  [[ -n $cookie ]] || { echo "could not sign in"; cat "$work/app.log"; exit 1; }
  local bytes_plain bytes_gzip
  bytes_plain=$(curl -fs "$APP$LESSON" | wc -c)
  bytes_gzip=$(curl -fs -H "$AE" "$APP$LESSON" | wc -c)

  run nginx-plain "http://127.0.0.1:$NGINX_PORT$LESSON"
  run app-plain "$APP$LESSON"
  run nginx-gzip "http://127.0.0.1:$NGINX_PORT$LESSON" "$AE"
  run app-gzip "$APP$LESSON" "$AE"
  run app-signed-in "$APP$LESSON" "$AE" "Cookie: $cookie"
  run nginx-home "http://127.0.0.1:$NGINX_PORT/" "$AE"
  run app-home "$APP/" "$AE"

  local requests=${REQUESTS:-20000} before after complete failed
  before=$(views_of "$LESSON")
  ab -q -n "$requests" -c "$CONNECTIONS" -H "$AE" "$APP$LESSON" >"$work/ab.txt"
  sleep 1
  after=$(views_of "$LESSON")
  complete=$(awk '/Complete requests/ {print $3}' "$work/ab.txt")
  failed=$(awk '/Non-2xx responses/ {print $3}' "$work/ab.txt"); failed=${failed:-0}
  local ok=$((complete - failed)) counted=$((after - before - 1))
  local rss_kb; rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$APP_PID/status")
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

  echo
  echo "== $backend ($DURATION, $CONNECTIONS connections, $THREADS wrk threads) =="
  echo "lesson page: $bytes_plain bytes, $bytes_gzip bytes as gzip"
  line "anonymous lesson, no Accept-Encoding" app-plain nginx-plain
  line "anonymous lesson, br+gzip" app-gzip nginx-gzip
  line "signed-in lesson, br+gzip" app-signed-in
  line "home, br+gzip" app-home nginx-home
  echo "peak memory: $((rss_kb / 1024)) MB"
  echo "views: $ok successful requests, count grew by $counted"
  [[ "$ok" -eq "$counted" ]] && echo "views: exact" || { echo "views: MISMATCH"; exit 1; }
}

measure "SQLite"
rm -f "$work/bench.db"*
if [[ ${BENCH_POSTGRES:-1} == 1 ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  db="hocso_bench_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
  BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" measure "PostgreSQL"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db" postgres
fi
