#!/usr/bin/env bash
# The traffic benchmark (issue 4): loads N generated violations (default 10
# million), then in one run on this machine measures with wrk -t2 -c64:
#   - nginx serving a 15-byte static file (the ceiling),
#   - jingwu answering GET /api/v1/violations for random existing plates,
#   - a Node.js peer (fastify + better-sqlite3, bench/peer/) answering the same
#     query on the same SQLite file,
#   - jingwu booking inspections on one hot slot and on 1,000 slots.
# Writes the "Traffic" section of bench/RESULTS.md.
#   bench/traffic.sh              (from anywhere; builds what is missing)
#   VIOLATIONS=1000000 DURATION=5 bench/traffic.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --bench
[ -x build/jingwu ] || make build
source bench/lib.sh
# The peer's own packages (not the root workspace's); npm ci again only when
# its lock file changed (better-sqlite3 may compile for minutes).
if [ ! -f bench/peer/node_modules/.package-lock.json ] || [ bench/peer/package-lock.json -nt bench/peer/node_modules/.package-lock.json ]; then
  (cd bench/peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

VIOLATIONS=${VIOLATIONS:-10000000}
JW_PORT=${JW_PORT:-18191} NGINX_PORT=${NGINX_PORT:-18192} PEER_PORT=${PEER_PORT:-18193}
work=$(mktemp -d /tmp/jwtraffic.XXXXXX)
cleanup() {
  for p in ${jw_pid:-} ${peer_pid:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export JINGWU_SECRET_FILE="$work/secret.key" JINGWU_DB="sqlite:$work/jw.db" JINGWU_PWHASH=min
t0=$(date +%s)
build/jingwu seed --demo --violations "$VIOLATIONS" | tail -1
load_secs=$(( $(date +%s) - t0 ))
rows=$(sqlite3 "$work/jw.db" "SELECT COUNT(*) FROM violations")
db_mib=$(du -m "$work/jw.db" | cut -f1)
nveh_all=$(( (VIOLATIONS / 10 + 99) / 100 * 100 ))
echo "traffic: $rows violations over $nveh_all generated vehicles, loaded in ${load_secs}s, ${db_mib} MiB"

build/jingwu serve --listen "127.0.0.1:$JW_PORT" --threads 2 2>"$work/jingwu.log" &
jw_pid=$!
WORKERS=2 node bench/peer/server.js "$work/jw.db" "$PEER_PORT" &
peer_pid=$!
start_nginx "$work" "$NGINX_PORT"
for i in $(seq 100); do
  curl -sf "http://127.0.0.1:$JW_PORT/healthz" >/dev/null && curl -s "http://127.0.0.1:$PEER_PORT/" >/dev/null && break
  sleep 0.2
done
sample='?plate_type=02&plate=%E6%B5%99A00007&engine6='$(printf '%06d' $(( (7 * 7919 + 104729) % 1000000 )))
curl -sf "http://127.0.0.1:$JW_PORT/api/v1/violations$sample" | head -c 200; echo
curl -sf "http://127.0.0.1:$PEER_PORT/api/v1/violations$sample" | head -c 200; echo

# Warm the page cache for both servers alike, then measure.
export NVEH=$nveh_all
DURATION=5 measure "http://127.0.0.1:$JW_PORT" warm-jw bench/traffic.lua >/dev/null
DURATION=5 measure "http://127.0.0.1:$PEER_PORT" warm-peer bench/traffic.lua >/dev/null
read -r n_rps n_p50 n_p99 _ < <(measure "http://127.0.0.1:$NGINX_PORT/healthz.json" traffic-nginx)
read -r j_rps j_p50 j_p99 j_bad < <(measure "http://127.0.0.1:$JW_PORT" traffic-jingwu bench/traffic.lua)
read -r p_rps p_p50 p_p99 p_bad < <(measure "http://127.0.0.1:$PEER_PORT" traffic-peer bench/traffic.lua)
jw_rss=$(rss_mib "$jw_pid")
peer_rss=0
for p in $peer_pid $(pgrep -P "$peer_pid" || true); do
  peer_rss=$(awk -v a="$peer_rss" -v b="$(rss_mib "$p")" 'BEGIN { printf "%.1f", a + b }')
done

# Bookings: 300,000 generated vehicles bound to the demo citizen and due in
# 60 days (bookable, but not yet in the 30-day reminder), slots the day after
# tomorrow (outside the day-before reminder): one hot slot of unlimited
# capacity, and 1,000 slots.
citizen=$(sqlite3 "$work/jw.db" "SELECT id FROM users WHERE login = '13800138000'")
station=$(sqlite3 "$work/jw.db" "SELECT id FROM units WHERE kind = 'inspection_station' ORDER BY id LIMIT 1")
due=$(date -d '+60 days' +%F)
tomorrow=$(TZ=Asia/Shanghai date -d '+2 days' +%F)
base=$(( $(TZ=Asia/Shanghai date -d "$tomorrow 06:00" +%s) ))
sqlite3 "$work/jw.db" <<SQL
UPDATE vehicles SET inspection_due = '$due' WHERE plate_type = '02' AND plate >= '浙A' AND plate < '浙D';
INSERT INTO vehicle_bindings (user_id, vehicle_id, created_at)
  SELECT $citizen, id, 0 FROM vehicles WHERE plate_type = '02' AND plate >= '浙A' AND plate < '浙D' ON CONFLICT DO NOTHING;
INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked)
  VALUES ($station, '$tomorrow', $base, $((base + 1800)), 1000000000, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO inspection_slots (station_id, day, starts_at, ends_at, capacity, booked)
  SELECT $station, '$tomorrow', $base + i, $base + i + 1800, 1000, 0 FROM n;
SQL
hot=$(sqlite3 "$work/jw.db" "SELECT id FROM inspection_slots WHERE starts_at = $base AND station_id = $station")
curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"login":"13800138000","password":"Demo@2026"}' "http://127.0.0.1:$JW_PORT/api/v1/auth/login" >"$work/login.json"
export JW_CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")
export JW_COOKIE="jw_session=$(awk '$6 == "jw_session" {print $7}' "$work/cookies")"
export STRIDE=60000
book() { # first_k slot0 nslots name
  FIRST_K=$1 SLOT0=$2 SLOTS=$3 measure "http://127.0.0.1:$JW_PORT/api/v1/inspection/appointments" "$4" bench/book.lua
  grep STATUS "$out/$4.txt" >&2
}
read -r b1_rps b1_p50 b1_p99 _ < <(book 0 "$hot" 1 traffic-book-hot)
read -r b2_rps b2_p50 b2_p99 _ < <(book 120000 "$((hot + 1))" 1000 traffic-book-many)
b1_status=$(grep STATUS "$out/traffic-book-hot.txt" | cut -d' ' -f2-)
b2_status=$(grep STATUS "$out/traffic-book-many.txt" | cut -d' ' -f2-)
stored=$(sqlite3 "$work/jw.db" "SELECT booked FROM inspection_slots WHERE id = $hot")
jw_rss_end=$(rss_mib "$jw_pid")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
section=$work/section.md
{
  echo "## Traffic (issue 4)"
  echo
  echo "Made by \`bench/traffic.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), jingwu $(git rev-parse --short HEAD 2>/dev/null || echo '?'):"
  echo "$(nproc) cores ($cpu); wrk -t2 -c$CONNS -d${DURATION}s over loopback, every server and wrk on the same machine."
  echo
  echo "- data: $rows violations over $nveh_all generated vehicles (10 each), loaded by \`jingwu seed --violations $VIOLATIONS\`"
  echo "  in ${load_secs} s (one transaction, one prepared 100-row INSERT); SQLite file ${db_mib} MiB"
  echo "- query: \`GET /api/v1/violations?plate_type=02&plate=…&engine6=…\` for a random existing plate with its right"
  echo "  engine six (bench/traffic.lua): the per-address failure check, the vehicle look-up, a constant-time compare and"
  echo "  the newest 20 violations with their act text, as JSON"
  echo "- jingwu: 2 threads, access log on; Node peer: bench/peer (fastify + better-sqlite3 12, 2 cluster workers,"
  echo "  read-only on the same file, same query and JSON); nginx 2 workers"
  echo
  echo "| server | req/s | p50 ms | p99 ms | of nginx | peak RSS MiB | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  echo "| nginx, static 15-byte file | $n_rps | $n_p50 | $n_p99 | 100 % | | |"
  echo "| jingwu violation query | $j_rps | $j_p50 | $j_p99 | $(pct "$j_rps" "$n_rps") % | $jw_rss | $j_bad |"
  echo "| Node peer violation query | $p_rps | $p_p50 | $p_p99 | $(pct "$p_rps" "$n_rps") % | $peer_rss (3 processes) | $p_bad |"
  echo
  echo "jingwu / Node peer: $(awk -v a="$j_rps" -v b="$p_rps" 'BEGIN { printf "%.2f", a / b }') ×."
  echo "Aims: ≥ 50 % of nginx, ≥ 2 × the Node peer, p99 ≤ 10 ms, RSS ≤ 64 MiB."
  echo
  echo "Inspection bookings (\`POST /api/v1/inspection/appointments\`, one signed-in citizen, a different bound vehicle"
  echo "each request; each booking is one transaction: conditional \`UPDATE … booked < capacity\` + INSERT):"
  echo
  echo "| load | req/s | p50 ms | p99 ms | answers |"
  echo "|---|---:|---:|---:|---|"
  echo "| one hot slot | $b1_rps | $b1_p50 | $b1_p99 | $b1_status |"
  echo "| 1,000 slots, random | $b2_rps | $b2_p50 | $b2_p99 | $b2_status |"
  echo
  echo "The hot slot's stored count afterwards: $stored (the 201 answers counted by wrk, plus the bookings still in flight"
  echo "when wrk stopped: at most $CONNS). jingwu peak RSS after the bookings: $jw_rss_end MiB."
} >"$section"
bench_section traffic "$section"
cat "$section"
