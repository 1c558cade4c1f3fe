#!/usr/bin/env bash
# Lighthouse 12 (mobile preset: slow 4G, 4x CPU slowdown) in Debian's
# Chromium against a release build: performance, accessibility, best
# practices and SEO of the home, course, lesson, article, quiz and sign-in
# pages, with LCP and the bytes transferred.
#
#   bench/lighthouse.sh
#
# Targets (issue 8): performance >= 98, accessibility, best practices and SEO
# 100; LCP <= 1.5 s; a lesson's first load <= 100 KB.
source "$(dirname "$0")/common.sh"
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null
if [[ ! -x bench/node_modules/.bin/lighthouse ]]; then
  (cd bench && npm install --no-audit --no-fund --no-save lighthouse@12 >/dev/null)
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

build_release
start_app
curl -fs "$APP$LESSON" >/dev/null

printf '%-58s %5s %5s %5s %5s %8s %9s\n' page perf a11y bp seo "LCP ms" "KB"
for path in / /khoa-hoc/binh-dan-hoc-vu-so "$LESSON" /bai-viet/ai-la-gi-giai-thich-cho-nguoi-lon-tuoi \
  /kiem-tra/kiem-tra-binh-dan-hoc-vu-so /dang-nhap; do
  bench/node_modules/.bin/lighthouse "$APP$path" --quiet --output=json --output-path="$work/lh.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
    >/dev/null 2>&1 || { echo "lighthouse failed on $path"; continue; }
  jq -r --arg p "$path" '[ $p,
      (.categories.performance.score * 100 | round), (.categories.accessibility.score * 100 | round),
      (.categories["best-practices"].score * 100 | round), (.categories.seo.score * 100 | round),
      (.audits["largest-contentful-paint"].numericValue | round),
      (.audits["total-byte-weight"].numericValue / 1024 | . * 10 | round / 10) ] | @tsv' "$work/lh.json" |
    awk -F'\t' '{ printf "%-58s %5s %5s %5s %5s %8s %9s\n", $1, $2, $3, $4, $5, $6, $7 }'
done
