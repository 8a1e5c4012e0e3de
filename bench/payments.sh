#!/usr/bin/env bash
# The payments benchmark (issue 9), in one run on this machine with
# wrk -t2 -c64: nginx serving a 15-byte file (the ceiling), order creation
# (POST /api/v1/payments, a new handled violation each request), and the
# notify path (POST /api/v1/payments/notify/sandbox: first-time
# notifications that each settle an order, then duplicates). Writes the
# "payments" section of bench/RESULTS.md.
#   bench/payments.sh              (from the repo root, after make build)
#   FINES=200000 DURATION=5 bench/payments.sh
source "$(dirname "$0")/lib.sh"
bench_prepare
bench_start
FINES=${FINES:-200000}
NOTES_N=${NOTES_N:-4000}

db="$work/jw.db"
vehicle=$(sqlite3 "$db" "SELECT id FROM vehicles WHERE plate = '浙J12345' AND plate_type = '02'")
first=$(( $(sqlite3 "$db" "SELECT COALESCE(MAX(id), 0) FROM violations") + 1 ))
now=$(date +%s)
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $FINES - 1)
INSERT INTO violations (id, number, vehicle_id, occurred_at, place, act_code, fine_cents, points, status, decision_no, handled_at)
  SELECT $first + i, 'B' || ($first + i), $vehicle, $now - 86400 * 3, '台州市椒江区基准路', '1625', 20000, 0, 'handled',
         'DB' || ($first + i), $now - 86400 * 2 FROM n;
SQL
curl -s -c "$work/cookies" -H 'Content-Type: application/json' \
  -d '{"login":"13800138000","password":"Demo@2026"}' "http://127.0.0.1:$JW_PORT/api/v1/auth/login" >"$work/login.json"
export JW_CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")
export JW_COOKIE="jw_session=$(awk '$6 == "jw_session" {print $7}' "$work/cookies")"
base="http://127.0.0.1:$JW_PORT"

read -r n_rps n_p50 n_p99 _ < <(measure "$(bench_nginx_url)" pay-nginx)

# Order creation: the last NOTES_N fines are kept for the notify run.
export FIRST=$first STRIDE=$(( (FINES - NOTES_N) / 2 ))
read -r c_rps c_p50 c_p99 _ < <(measure "$base/api/v1/payments" pay-create bench/pay_create.lua)
c_status=$(grep STATUS "$out/pay-create.txt" | cut -d' ' -f2-)
orders=$(sqlite3 "$db" "SELECT COUNT(*) FROM payment_orders")

# The notify path: orders for the kept fines and the sandbox's signed
# notification of each (what the cashier would send), then wrk sends them.
notes="$work/notes.jsonl"
: >"$notes"
for i in $(seq 0 $(( NOTES_N - 1 ))); do
  ref=$(( first + FINES - NOTES_N + i ))
  id=$(curl -s -b "$work/cookies" -H "X-CSRF-Token: $JW_CSRF" -H 'Content-Type: application/json' \
    -d "{\"purpose\":\"violation\",\"ref\":\"$ref\",\"channel\":\"sandbox\"}" "$base/api/v1/payments" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -s -b "$work/cookies" "$base/api/v1/payments/$id/sandbox/notification?result=success" >>"$notes"
  echo >>"$notes"
done
export NOTES=$notes
read -r a_rps a_p50 a_p99 _ < <(measure "$base/api/v1/payments/notify/sandbox" pay-notify bench/pay_notify.lua)
a_status=$(grep STATUS "$out/pay-notify.txt" | cut -d' ' -f2-)
paid=$(sqlite3 "$db" "SELECT COUNT(*) FROM payment_orders WHERE status = 'succeeded'")
applied=$(sqlite3 "$db" "SELECT COUNT(*) FROM payment_notifications WHERE outcome = 'applied'")
dups=$(sqlite3 "$db" "SELECT COUNT(*) FROM payment_notifications WHERE outcome = 'duplicate'")
check=$(build/jingwu payments check 2>&1 | tail -1)
rss=$(rss_mib)

{
  echo "## Payments (issue 9)"
  echo
  echo "Made by \`bench/payments.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): wrk -t2 -c$CONNS -d${DURATION}s over loopback,"
  echo "server and load generator on the same machine; $FINES handled fines of the demo car."
  echo
  bench_machine
  echo
  table_head "$n_rps" "$n_p50" "$n_p99"
  echo "| jingwu \`POST /api/v1/payments\` (a new order each request) | $c_rps | $c_p50 | $c_p99 | $(pct "$c_rps" "$n_rps") % |"
  echo "| jingwu \`POST /api/v1/payments/notify/sandbox\` ($NOTES_N orders settled, then duplicates) | $a_rps | $a_p50 | $a_p99 | $(pct "$a_rps" "$n_rps") % |"
  echo
  echo "Answers: creation $c_status ($orders orders stored); notify $a_status."
  echo "After the run: $paid orders paid, $applied notifications applied, $dups duplicates recorded;"
  echo "\`jingwu payments check\`: $check. jingwu peak RSS: $rss MiB."
  echo
  echo "Each creation is one write transaction (SQLite: BEGIN IMMEDIATE, so writers queue); each notification is one"
  echo "transaction that records it and, the first time, moves the order, the violation and two ledger rows."
} >"$work/payments.md"
bench_section payments "$work/payments.md"
cat "$work/payments.md"
