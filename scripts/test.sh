#!/usr/bin/env bash
# test.sh — runs jingwu's whole test suite and ends with one line:
#   N passed, N failed
#
#   scripts/test.sh [all|unit|fuzz|api|browser]     (default: all)
#
# Called by `make test` after the build (build/jingwu, build/tests/test_*,
# web/dist and node_modules exist). Stages, in order:
#   unit     every $JW_UNIT_DIR/test_* (cmocka; default build/tests, `make
#            asan` passes build-asan/tests), with JW_TEST_PG set when the
#            throwaway PostgreSQL is up
#   api      redocly lint of api/openapi.yaml (one test), then
#            node --test tests/api/ on SQLite and again on PostgreSQL
#   fuzz     bash scripts/fuzz-smoke.sh, when that script exists: a short
#            run of each libFuzzer target over its committed corpus; exit 0
#            counts one passed test per target (tests/fuzz/fuzz_*.c), any
#            other exit status one failure
#   lint     make lint (clang-format), with `all` only
#   browser  node --test tests/browser/
# One throwaway PostgreSQL (scripts/pg.sh) serves the run and is removed on
# exit. If it cannot start, that is one failure under CI=true, else a SKIP.
# Every stage's own output goes to the terminal; exit status is 0 only when
# nothing failed and at least one test ran.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2

STAGE=${1:-all}
case "$STAGE" in
  all | unit | fuzz | api | browser) ;;
  *) echo "usage: $0 [all|unit|fuzz|api|browser]" >&2; exit 2 ;;
esac

# The Node.js that scripts/deps.sh brought when the system's is too old.
if [ -x .tools/node/bin/node ]; then PATH="$PWD/.tools/node/bin:$PATH"; fi

UNIT_DIR=${JW_UNIT_DIR:-build/tests}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-600}  # seconds per unit-test binary
NODE_TIMEOUT=${NODE_TIMEOUT:-1800} # seconds per node --test run
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-1200} # seconds for scripts/fuzz-smoke.sh

PASSED=0
FAILED=0
SUMMARY=()
WORK=$(mktemp -d /tmp/jw-test.XXXXXX)
PG_DIR=""
PG_CONNINFO=""

cleanup() {
  if [ -n "$PG_DIR" ]; then
    scripts/pg.sh stop "$PG_DIR" 2>/dev/null || echo "test.sh: could not stop PostgreSQL in $PG_DIR" >&2
    PG_DIR=""
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

banner() { printf '\n==== %s ====\n' "$*"; }

# record NAME PASSED FAILED [NOTE]: adds to the totals and the summary.
record() {
  PASSED=$((PASSED + $2))
  FAILED=$((FAILED + $3))
  SUMMARY+=("$(printf '%-22s %4d passed, %4d failed%s' "$1" "$2" "$3" "${4:+  ($4)}")")
}

# ---- PostgreSQL ----

start_pg() {
  local dir log
  dir=$(mktemp -d /tmp/jw-pg.XXXXXX)
  log="$WORK/pg-start.log"
  banner "PostgreSQL (scripts/pg.sh start $dir)"
  if PG_CONNINFO=$(scripts/pg.sh start "$dir" 2>"$log" | tail -n 1) && [ -n "$PG_CONNINFO" ]; then
    PG_DIR=$dir
    echo "PostgreSQL up: $PG_CONNINFO"
    return 0
  fi
  cat "$log" >&2
  scripts/pg.sh stop "$dir" 2>/dev/null || rm -rf "$dir"
  PG_CONNINFO=""
  if [ "${CI:-}" = true ]; then
    echo "FAIL: PostgreSQL could not start (see above); CI requires it"
    record "postgres start" 0 1 "could not start"
  else
    echo "SKIP: PostgreSQL could not start (see above); PostgreSQL runs skipped"
  fi
  return 1
}

# ---- unit tests (cmocka) ----

# Sums cmocka's "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)" lines.
cmocka_count() {
  local log=$1 what=$2
  grep -E "^\[  $what  \] [0-9]+ test" "$log" | sed -E 's/^[^]]*\] ([0-9]+).*/\1/' |
    awk '{ s += $1 } END { print s + 0 }'
}

run_unit() {
  local bins=() t name log rc p f
  shopt -s nullglob
  bins=("$UNIT_DIR"/test_*)
  shopt -u nullglob
  if [ ${#bins[@]} -eq 0 ]; then
    banner "unit"
    echo "FAIL: no unit-test binaries in $UNIT_DIR/ (did the build run?)"
    record "unit" 0 1 "no binaries"
    return
  fi
  for t in "${bins[@]}"; do
    if [ ! -f "$t" ] || [ ! -x "$t" ]; then continue; fi
    name=$(basename "$t")
    log="$WORK/$name.log"
    banner "unit: $name"
    (
      export CMOCKA_MESSAGE_OUTPUT=STDOUT
      if [ -n "$PG_CONNINFO" ]; then export JW_TEST_PG="$PG_CONNINFO"; else unset JW_TEST_PG; fi
      timeout -k 10 "$UNIT_TIMEOUT" "$t"
    ) 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    p=$(cmocka_count "$log" PASSED)
    f=$(cmocka_count "$log" FAILED)
    local note=""
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
      # Crashed, timed out or failed a group set-up: one failure.
      f=1
      if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then note="timed out"; else note="exit status $rc"; fi
    fi
    record "unit: $name" "$p" "$f" "$note"
  done
}

# ---- fuzz smoke ----

# scripts/fuzz-smoke.sh (skipped silently when absent): its exit status
# counts, one passed test per target when 0, one failure otherwise.
run_fuzz() {
  local n rc
  if [ ! -f scripts/fuzz-smoke.sh ]; then return; fi
  n=$(find tests/fuzz -maxdepth 1 -name 'fuzz_*.c' | wc -l)
  if [ "$n" -eq 0 ]; then n=1; fi
  banner "fuzz: scripts/fuzz-smoke.sh ($n targets)"
  timeout -k 10 "$FUZZ_TIMEOUT" bash scripts/fuzz-smoke.sh
  rc=$?
  if [ "$rc" -eq 0 ]; then
    record "fuzz smoke" "$n" 0
  elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    record "fuzz smoke" 0 1 "timed out"
  else
    record "fuzz smoke" 0 1 "exit status $rc"
  fi
}

# ---- style ----

# `make lint`: the C code is as clang-format formats it (one test).
run_lint() {
  banner "lint: clang-format"
  if make --no-print-directory lint; then
    record "lint: clang-format" 1 0
  else
    record "lint: clang-format" 0 1
  fi
}

# ---- node --test stages ----

# The files node --test would run in dir, one a line, sorted. They are named
# explicitly: Node.js 22 takes its arguments as files or globs, not dirs.
node_test_files() {
  [ -d "$1" ] || return 0
  find "$1" -type f \( -name '*.test.mjs' -o -name '*.test.js' \
    -o -name '*.test.cjs' -o -name 'test-*.mjs' -o -name 'test-*.js' -o -name '*_test.mjs' \
    -o -name '*-test.mjs' \) -not -path '*/node_modules/*' | LC_ALL=C sort
}

# 0 when dir holds files node --test would run.
has_node_tests() { [ -n "$(node_test_files "$1")" ]; }

# The file paths on stdin that ONLY matches, or that EXCLUDE does not
# (extended regular expressions; neither set: all of them).
pick_files() {
  if [ -n "${ONLY:-}" ]; then
    grep -E "$ONLY"
  elif [ -n "${EXCLUDE:-}" ]; then
    grep -vE "$EXCLUDE"
  else
    cat
  fi
}

# node_run LABEL DIR [ENV=VALUE …]: one node --test run, counted from TAP.
# ONLY=regex or EXCLUDE=regex before it picks among DIR's files.
node_run() {
  local label=$1 dir=$2 tap rc p f c files=()
  shift 2
  tap="$WORK/$(echo "$label" | tr -c 'a-zA-Z0-9\n' '_').tap"
  banner "$label"
  mapfile -t files < <(node_test_files "$dir" | pick_files)
  env "$@" timeout -k 10 "$NODE_TIMEOUT" node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}"
  rc=$?
  if [ ! -s "$tap" ] || ! grep -q '^# pass ' "$tap"; then
    record "$label" 0 1 "no TAP summary, exit status $rc"
    return
  fi
  p=$(awk '/^# pass /{ s += $3 } END { print s + 0 }' "$tap")
  f=$(awk '/^# fail /{ s += $3 } END { print s + 0 }' "$tap")
  c=$(awk '/^# cancelled /{ s += $3 } END { print s + 0 }' "$tap")
  f=$((f + c))
  local note=""
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    note="exit status $rc"
  fi
  record "$label" "$p" "$f" "$note"
}

run_api() {
  if [ -f api/openapi.yaml ]; then
    banner "api: redocly lint api/openapi.yaml"
    # redocly reads its config from the working directory only, so the
    # api/redocly.yaml beside the description is named explicitly.
    local cfg=()
    if [ -f api/redocly.yaml ]; then cfg=(--config api/redocly.yaml); fi
    if npx --no -- redocly lint "${cfg[@]}" api/openapi.yaml; then
      record "api: openapi lint" 1 0
    else
      record "api: openapi lint" 0 1
    fi
  fi
  if ! has_node_tests tests/api; then
    banner "api"
    echo "no tests in tests/api/"
    return
  fi
  node_run "api (sqlite)" tests/api/ -u JW_TEST_PG JW_TEST_DB=sqlite
  if [ -n "$PG_CONNINFO" ]; then
    node_run "api (postgres)" tests/api/ JW_TEST_DB=postgres JW_TEST_PG="$PG_CONNINFO"
  else
    echo "SKIP: api (postgres): no PostgreSQL"
  fi
}

run_browser() {
  if ! has_node_tests tests/browser; then
    banner "browser"
    echo "no tests in tests/browser/"
    return
  fi
  local pg=(-u JW_TEST_PG)
  [ -n "$PG_CONNINFO" ] && pg=(JW_TEST_PG="$PG_CONNINFO")
  # Lighthouse measures speed: it runs alone, after the other browser tests,
  # with no other test file loading the machine.
  local speed='/lighthouse\.test\.mjs$'
  EXCLUDE="$speed" node_run "browser" tests/browser/ "${pg[@]}"
  ONLY="$speed" node_run "browser (Lighthouse, alone)" tests/browser/ "${pg[@]}"
}

# ---- main ----

if [ "$STAGE" = all ] || [ "$STAGE" = unit ] || [ "$STAGE" = api ]; then
  start_pg || true
fi
if [ "$STAGE" = all ] || [ "$STAGE" = unit ]; then run_unit; fi
if [ "$STAGE" = all ] || [ "$STAGE" = fuzz ]; then run_fuzz; fi
if [ "$STAGE" = all ]; then run_lint; fi
if [ "$STAGE" = all ] || [ "$STAGE" = api ]; then run_api; fi
if [ "$STAGE" = all ] || [ "$STAGE" = browser ]; then run_browser; fi

# Stop PostgreSQL now so that its messages come before the closing line.
cleanup
trap - EXIT

banner "summary"
for line in "${SUMMARY[@]}"; do echo "$line"; done
if [ $((PASSED + FAILED)) -eq 0 ]; then
  echo "no tests ran"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
