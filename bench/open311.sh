#!/usr/bin/env bash
# Benchmarks the Open311 public list over 100,000 citizen reports (REPORTS=N
# to change) against nginx in the same run: the default list (the newest
# 1,000 of the last 90 days, as the specification caps it), a filtered list,
# the same list in XML, and one request. Updates the "open311" section of
# RESULTS.md.
#   bench/open311.sh        (from the repo root, after `make build`)
source "$(dirname "$0")/lib.sh"
bench_prepare
REPORTS=${REPORTS:-100000}

export JINGWU_SECRET_FILE="$work/secret.key" JINGWU_DB="sqlite:$work/jw.db" JINGWU_UPLOAD_DIR="$work/uploads"
seed_start=$(date +%s)
build/jingwu seed --demo --reports "$REPORTS" >/dev/null
seed_secs=$(($(date +%s) - seed_start))
build/jingwu serve --listen "127.0.0.1:$JW_PORT" --web web/dist --threads 2 2>"$work/jingwu.log" &
jw_pid=$!
start_nginx "$work" "$NGINX_PORT"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$JW_PORT/healthz" >/dev/null && break; sleep 0.1; done

base="http://127.0.0.1:$JW_PORT/open311/v2"
list_bytes=$(curl -s "$base/requests.json" | wc -c)
list_items=$(curl -s "$base/requests.json" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
filtered_items=$(curl -s "$base/requests.json?service_code=gambling&status=open" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
one=$(curl -s "$base/requests.json?service_code=noise" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["service_request_id"])')

read -r n_rps n_p50 n_p99 _ < <(measure "$(bench_nginx_url)" nginx)
# A list answer is ~0.5 MB of work: with 64 connections on two threads most of the latency is queueing and
# wrk's 2 s timeout cuts requests off; the lists run with LIST_CONNS (default 8) connections.
LIST_CONNS=${LIST_CONNS:-8}
read -r l_rps l_p50 l_p99 l_bad < <(CONNS=$LIST_CONNS measure "$base/requests.json" open311-list)
read -r f_rps f_p50 f_p99 f_bad < <(CONNS=$LIST_CONNS measure "$base/requests.json?service_code=gambling&status=open" open311-filtered)
read -r x_rps x_p50 x_p99 x_bad < <(CONNS=$LIST_CONNS measure "$base/requests.xml" open311-list-xml)
read -r o_rps o_p50 o_p99 o_bad < <(measure "$base/requests/$one.json" open311-one)
rss=$(rss_mib)

{
  echo "## Open311 request list (issue 10)"
  echo
  echo "Made by \`bench/open311.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): wrk -t2 -d${DURATION}s, -c$CONNS for nginx and one request,"
  echo "-c$LIST_CONNS for the three lists (a list is ~0.5 MB of work; more connections only queue), nginx in the same run;"
  echo "$REPORTS reports over the demo's community stations and the last 90 days (\`jingwu seed --reports $REPORTS\`: ${seed_secs} s with the demo)."
  echo "The machine is shared with other helpers' builds and tests while this runs: the figures are lower bounds."
  echo
  bench_machine
  echo
  table_head "$n_rps" "$n_p50" "$n_p99"
  echo "| jingwu \`GET /open311/v2/requests.json\` (newest $list_items, ${list_bytes} bytes) | $l_rps | $l_p50 | $l_p99 | $(pct "$l_rps" "$n_rps") % |"
  echo "| jingwu \`GET …/requests.json?service_code=gambling&status=open\` ($filtered_items) | $f_rps | $f_p50 | $f_p99 | $(pct "$f_rps" "$n_rps") % |"
  echo "| jingwu \`GET /open311/v2/requests.xml\` (newest $list_items, xmlTextWriter) | $x_rps | $x_p50 | $x_p99 | $(pct "$x_rps" "$n_rps") % |"
  echo "| jingwu \`GET /open311/v2/requests/{id}.json\` | $o_rps | $o_p50 | $o_p99 | $(pct "$o_rps" "$n_rps") % |"
  echo
  echo "Non-2xx answers: ${l_bad}, ${f_bad}, ${x_bad}, ${o_bad}. jingwu peak RSS over the run: $rss MiB."
  echo "A list answer is at most 1,000 requests (the specification's cap), read newest first through the"
  echo "(requested_at, id) index, so its cost is the 1,000 rows and their JSON/XML, not the 100,000 stored."
  echo "A filter on one service of seven walks about seven times as many index entries to find its 1,000."
} >"$work/open311.md"
bench_section open311 "$work/open311.md"
sed -n '/<!-- open311 -->/,/<!-- \/open311 -->/p' bench/RESULTS.md
