#!/usr/bin/env bash
# Graded and stored quiz submissions by many signed-in learners, against a
# release build, on SQLite and (when it answers on 127.0.0.1:5432) PostgreSQL:
#
#   bench/quiz.sh [duration=15s] [learners=64]
#
# Each learner (one wrk thread, one connection, its own session) loops: take
# the quiz (a signed attempt token is given out; nothing is written), submit every answer right
# (graded on the server, stored with its frozen paper in one transaction),
# follow nothing. Reports submissions per second, and checks afterwards that
# every acknowledged submission (303 to its stored attempt) is in the
# database: stored >= acknowledged, and stored - acknowledged <= learners (a
# submission wrk sent but stopped waiting for). Then the lesson page, served
# from the page cache, anonymous and signed in (with the learner's own
# "Tôi đã học xong" box), with Accept-Encoding: br, gzip.
#
# Targets (issue 9): >= 2,000 submissions/s on SQLite; report PostgreSQL;
# signed-in lesson >= 10,000 req/s.
source "$(dirname "$0")/common.sh"
DURATION=${1:-15s}
LEARNERS=${2:-64}
QUIZ=kiem-tra-binh-dan-hoc-ai
LESSON=/khoa-hoc/binh-dan-hoc-ai/ai-la-gi
AE="Accept-Encoding: br, gzip"
PASSWORD="mỗi ngày một bài kiểm tra"
export APP_PORT QUIZ
# Learners register from many addresses, as they would: the proxy header is
# trusted from 127.0.0.1 for this run only.
export HOCSO_TRUSTED_PROXIES=127.0.0.1/32

build_release

# One session cookie per learner, registered from its own address.
register_learners() {
  : >"$work/cookies.txt"
  for i in $(seq 1 "$LEARNERS"); do
    curl -fs -o /dev/null -c "$work/jar$i" -H "Origin: $APP" -H "Accept: application/json" \
      -H "X-Forwarded-For: 10.9.$((i / 250)).$((i % 250 + 1))" \
      --data-urlencode "full_name=Học Viên $i" --data-urlencode "identifier=hocvien$i.$RANDOM@example.vn" \
      --data-urlencode "password=$PASSWORD" --data-urlencode "password_confirm=$PASSWORD" \
      "$APP/api/auth/register"
    awk '$6 == "hocso_sid" {print "hocso_sid=" $7}' "$work/jar$i" >>"$work/cookies.txt"
  done
  [[ $(wc -l <"$work/cookies.txt") -eq $LEARNERS ]] || { echo "registration failed"; tail "$work/app.log"; exit 1; }
}

# The form answering every question right, from the quiz file and the ids the
# quiz page gives its options.
right_answers() {
  curl -fs -H "Cookie: $(head -1 "$work/cookies.txt")" -H "Origin: $APP" -H "Accept: application/json" \
    --data "quiz=$QUIZ" "$APP/api/quiz" >"$work/sheet.json"
  python3 - "$work/sheet.json" "content/quizzes/$QUIZ.toml" <<'PY'
import json, sys, tomllib, urllib.parse, unicodedata
sheet = json.load(open(sys.argv[1]))
quiz = tomllib.load(open(sys.argv[2], "rb"))
nfc = lambda s: unicodedata.normalize("NFC", s.strip())
pairs = []
for asked, source in zip(sheet["questions"], quiz["questions"]):
    assert nfc(asked["text"]) == nfc(source["text"]), (asked["text"], source["text"])
    kind = source["type"]
    if kind == "true_false":
        pairs.append((asked["uid"], "true" if source["answer"] else "false"))
    elif kind == "short":
        pairs.append((asked["uid"], source["answers"][0]))
    else:
        answer = source["answer"] if isinstance(source["answer"], list) else [source["answer"]]
        for n in answer:
            text = nfc(source["options"][n - 1])
            pairs.append((asked["uid"], next(o["id"] for o in asked["options"] if nfc(o["text"]) == text)))
print(urllib.parse.urlencode(pairs))
PY
}

stored_attempts() {
  if [[ -n ${BENCH_DATABASE_URL:-} ]]; then
    psql -At "${BENCH_DATABASE_URL}" -c "SELECT COUNT(*) FROM quiz_attempts WHERE submitted_at IS NOT NULL"
  else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM quiz_attempts WHERE submitted_at IS NOT NULL').fetchone()[0])" "$work/bench.db"
  fi
}

measure() { # backend-label
  local backend=$1
  start_app
  register_learners
  local answers; answers=$(right_answers)
  [[ -n $answers ]] || { echo "could not read the quiz"; exit 1; }
  ANSWERS=$answers COOKIES=$work/cookies.txt wrk -t"$LEARNERS" -c"$LEARNERS" -d3s -s bench/quiz.lua "$APP" >/dev/null
  local warm; warm=$(stored_attempts)
  ANSWERS=$answers COOKIES=$work/cookies.txt wrk -t"$LEARNERS" -c"$LEARNERS" -d"$DURATION" --latency \
    -s bench/quiz.lua "$APP" >"$work/quiz.txt"
  sleep 0.5
  local acked refused stored seconds
  acked=$(awk '/^ACKED/ {print $2}' "$work/quiz.txt")
  refused=$(awk '/^REFUSED/ {print $2}' "$work/quiz.txt")
  stored=$(( $(stored_attempts) - warm ))
  seconds=${DURATION%s}

  # the lesson, anonymous (page cache) and signed in (cache + the learner's box)
  local cookie; cookie=$(head -1 "$work/cookies.txt")
  curl -fs -o /dev/null -H "Cookie: $cookie" -H "Origin: $APP" -X POST "$APP$LESSON/hoan-thanh"
  curl -fs "$APP$LESSON" >/dev/null; sleep 1.2
  curl -fs -H "Cookie: $cookie" "$APP$LESSON" | grep -q 'data-step="done"' || { echo "the signed-in lesson does not show it done"; exit 1; }
  wrk -t1 -c8 -d2s -H "$AE" "$APP$LESSON" >/dev/null
  wrk -t2 -c64 -d"$DURATION" --latency -H "$AE" "$APP$LESSON" >"$work/anonymous.txt"
  wrk -t2 -c64 -d"$DURATION" --latency -H "$AE" -H "Cookie: $cookie" "$APP$LESSON" >"$work/signed-in.txt"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true

  echo
  echo "== $backend ($DURATION, $LEARNERS learners, one connection each) =="
  awk -v a="$acked" -v s="$seconds" -v p="$(p99 "$work/quiz.txt")" \
    'BEGIN { printf "quiz submissions: %d acknowledged, %.0f submissions/s (each also fetched its quiz: 2 requests); p99 of a request %.2f ms\n", a, a/s, p }'
  echo "refused: $refused; stored in the database: $stored"
  if (( stored >= acked && stored - acked <= LEARNERS )); then
    echo "durability: every acknowledged submission is stored ($((stored - acked)) sent but not awaited when wrk stopped)"
  else
    echo "durability: MISMATCH"; exit 1
  fi
  printf '%-36s %9.0f req/s p99 %7.2f ms\n' "lesson, anonymous, br+gzip" "$(rps "$work/anonymous.txt")" "$(p99 "$work/anonymous.txt")"
  printf '%-36s %9.0f req/s p99 %7.2f ms\n' "lesson, signed in, br+gzip" "$(rps "$work/signed-in.txt")" "$(p99 "$work/signed-in.txt")"
}

measure "SQLite"
rm -f "$work/bench.db"*
if [[ ${BENCH_POSTGRES:-1} == 1 ]] && pg_isready -q -h 127.0.0.1 -p 5432; then
  db="hocso_bench_$$"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" postgres
  BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" measure "PostgreSQL"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $db" postgres
fi
