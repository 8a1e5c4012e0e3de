#!/usr/bin/env bash
# Benchmarks resident search (实有人口) at scale: seeds the demo and then
# RESIDENTS generated residents (default 1,000,000) over the demo grids on
# SQLite, then times each search as an officer (2 grids), a station chief
# (7 grids) and a unit admin (9 grids): the median of RUNS requests with curl
# over loopback, one at a time (a search's cost is its own, not queueing).
# Updates the "residents" section of RESULTS.md.
#   bench/residents.sh                    (from the repo root, after `make build`)
#   RESIDENTS=100000 RUNS=3 bench/residents.sh
source "$(dirname "$0")/lib.sh"
bench_prepare
RESIDENTS=${RESIDENTS:-1000000}
RUNS=${RUNS:-5}

export JINGWU_SECRET_FILE="$work/secret.key" JINGWU_DB="sqlite:$work/jw.db" JINGWU_UPLOAD_DIR="$work/uploads"
build/jingwu seed --demo >/dev/null
load_start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/seed.rss" build/jingwu seed --residents "$RESIDENTS" >/dev/null
load_secs=$(awk -v a="$load_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
seed_rss=$(awk '{printf "%.0f", $1 / 1024}' "$work/seed.rss")
db_mib=$(du -m "$work/jw.db" | cut -f1)
total=$(sqlite3 "$work/jw.db" 'SELECT COUNT(*) FROM residents')

build/jingwu serve --listen "127.0.0.1:$JW_PORT" --threads 2 2>"$work/jingwu.log" &
jw_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$JW_PORT/healthz" >/dev/null && break; sleep 0.1; done

sign_in() { # LOGIN → cookie jar $work/LOGIN.jar
  curl -sf -c "$work/$1.jar" -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"Demo@2026\"}" "http://127.0.0.1:$JW_PORT/api/v1/auth/login" >/dev/null
}

# The median wall time in ms of RUNS searches with QUERY as LOGIN; "!" when one failed.
median_ms() {
  local login=$1 query=$2 times=() t code
  for _ in $(seq "$RUNS"); do
    read -r code t < <(curl -s -o /dev/null -b "$work/$login.jar" -w '%{http_code} %{time_total}\n' \
      "http://127.0.0.1:$JW_PORT/api/v1/residents?$query")
    [ "$code" = 200 ] || { echo '!'; return; }
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", 1000 * a[int((NR + 1) / 2)] }'
}

logins=(officer station_chief unit_admin)
for l in "${logins[@]}"; do sign_in "$l"; done
queries=(
  "first page, no filter|"
  "\`q=王\` (common name substring)|q=$(urlencode 王)"
  "\`q=13812\` (phone substring)|q=13812"
  "\`q=学院路123号\` (address substring)|q=$(urlencode 学院路123号)"
  "\`kind=migrant&permit=expiring\`|kind=migrant&permit=expiring"
  "\`q=zzzz\` (no match: every row of the scope is read)|q=zzzz"
)

{
  echo "## Resident search at $(printf "%'d" "$total") residents (issue 10)"
  echo
  echo "Made by \`bench/residents.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): \`jingwu seed --demo\`, then"
  echo "\`jingwu seed --residents $RESIDENTS\` on SQLite; each figure is the median of $RUNS searches with curl over"
  echo "loopback, one at a time, 20 rows a page (the officer works 2 grids, the station chief sees 7, the unit admin 9)."
  echo
  bench_machine
  echo "- loading: **$RESIDENTS residents in $load_secs s** (every ID number sealed as the API does: secretbox,"
  echo "  blind index, mask), $seed_rss MiB peak RSS; the database is $db_mib MiB"
  echo
  echo "| query | officer | station_chief | unit_admin |"
  echo "|---|---:|---:|---:|"
  for q in "${queries[@]}"; do
    label=${q%%|*} query=${q#*|}
    row="| $label"
    for l in "${logins[@]}"; do row+=" | $(median_ms "$l" "$query") ms"; done
    echo "$row |"
  done
  echo
  echo "jingwu peak RSS over the searches: $(rss_mib) MiB. The scope is a unary-plus term (\`+r.grid_id IN (…)\`),"
  echo "so SQLite walks the primary key newest first and stops at the page's end; an ID number (18 characters, valid"
  echo "check digit) is one blind-index look-up (UNIQUE index). A substring that matches nothing still reads the"
  echo "whole scope: a trigram index would be the next step."
} >"$work/section.md"
bench_section residents "$work/section.md"
cat "$work/section.md"
