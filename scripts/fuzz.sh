#!/usr/bin/env bash
# Fuzzes what editors and officials paste (quiz formats, front matter and
# content files, markdown, the roster CSV, phone numbers, e-mail addresses
# and names) with cargo-fuzz and libFuzzer, each target for a set time:
#
#   scripts/fuzz.sh [seconds-per-target] [target…]     (default 60 s, all)
#
# Not part of the test command. Installs cargo-fuzz if missing. cargo fuzz
# needs nightly compiler flags (sanitizers, coverage instrumentation); on a
# stable toolchain RUSTC_BOOTSTRAP=1 allows them. The first run builds the
# whole app crate instrumented into fuzz/target (many minutes). Seeds are
# in fuzz/corpus/<target>/ (committed, only read); what a run finds is
# kept in fuzz/runs/<target>/ (not committed; the next run starts from
# it); a crash is saved in fuzz/artifacts/<target>/ with its input.
# FUZZ_SANITIZER=address turns AddressSanitizer on (default none: the
# parsers are safe Rust, and without it the build and the runs are faster).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
unset CARGO_TARGET_DIR # the fuzz package builds into fuzz/target

seconds="${1:-60}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh [seconds-per-target] [target…]" >&2
    exit 2
fi

export RUSTC_BOOTSTRAP=1
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz (a few minutes)…"
    cargo install cargo-fuzz --locked
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cd fuzz && cargo fuzz list)
fi

sanitizer="${FUZZ_SANITIZER:-none}"
cd fuzz
cargo fuzz build --sanitizer "$sanitizer"
status=0
for target in "${targets[@]}"; do
    printf '\n==> %s for %s s\n' "$target" "$seconds"
    mkdir -p "runs/$target" "corpus/$target"
    # -max_len: paste-sized inputs; -timeout: one input taking over 10 s
    # is a hang (a super-linear blowup), reported like a crash.
    if ! cargo fuzz run --sanitizer "$sanitizer" "$target" "runs/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -print_final_stats=1 2>&1 | tail -15; then
        status=1
    fi
done
exit "$status"
