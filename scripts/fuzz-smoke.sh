#!/usr/bin/env bash
# fuzz-smoke.sh — a short run of every libFuzzer target (tests/fuzz/fuzz_*.c)
# over its committed corpus, for `make test`; `make fuzz` is the long run.
# Ends with one line:  N passed, N failed
#
#   scripts/fuzz-smoke.sh            (FUZZ_SMOKE_SECONDS per target, default 10)
#
# Builds the targets through `make fuzz` (clang, ASan + UBSan + libFuzzer)
# with a one-second run each, then runs each target for FUZZ_SMOKE_SECONDS
# over a scratch copy of its corpus. A target passes when libFuzzer exits 0
# (no crash, leak, timeout or sanitizer report). Needs clang; without it the
# smoke run is reported as one failure under CI=true, else skipped.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2

SECONDS_EACH=${FUZZ_SMOKE_SECONDS:-10}
PASSED=0
FAILED=0

if ! command -v clang >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "fuzz-smoke: clang is missing"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "fuzz-smoke: SKIP (clang is missing)"
  echo "0 passed, 0 failed"
  exit 0
fi

LOG=$(mktemp /tmp/jw-fuzz-smoke.XXXXXX)
trap 'rm -rf "$LOG" "$LOG.d"' EXIT
if ! make -s fuzz FUZZ_SECONDS=1 >"$LOG" 2>&1; then
  tail -n 40 "$LOG"
  echo "fuzz-smoke: building (or the first second of) the targets failed"
  echo "0 passed, 1 failed"
  exit 1
fi

mkdir -p "$LOG.d"
for src in tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  bin=build-fuzz/$name
  corpus=tests/fuzz/corpus/$name
  scratch="$LOG.d/$name"
  mkdir -p "$scratch"
  printf '%-22s ' "$name"
  if "$bin" -max_total_time="$SECONDS_EACH" -print_final_stats=1 "$scratch" ${corpus:+$([ -d "$corpus" ] && echo "$corpus")} \
      >"$LOG.d/$name.log" 2>&1; then
    echo "ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$LOG.d/$name.log" | grep -o '[0-9]*$') runs)"
    PASSED=$((PASSED + 1))
  else
    echo "FAILED"
    tail -n 30 "$LOG.d/$name.log"
    FAILED=$((FAILED + 1))
  fi
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
