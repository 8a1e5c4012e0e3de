#!/usr/bin/env bash
# Benchmarks jingwu against nginx serving a small static file, in the same
# run on the same machine: wrk -t2 -c64, loopback only. Updates the "core"
# section of RESULTS.md (other sections are kept).
#   bench/run.sh            (from the repo root, after `make build`)
#   DURATION=20 bench/run.sh
source "$(dirname "$0")/lib.sh"
bench_prepare
bench_start

read -r n_rps n_p50 n_p99 _ < <(measure "$(bench_nginx_url)" nginx)
read -r h_rps h_p50 h_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/healthz" healthz)
read -r o_rps o_p50 o_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/api/v1/officers?q=$(urlencode 王)&limit=20" officers)
rss=$(rss_mib)

{
  echo "Made by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): wrk -t2 -c$CONNS -d${DURATION}s over loopback,"
  echo "server and load generator on the same machine."
  echo
  bench_machine
  echo
  table_head "$n_rps" "$n_p50" "$n_p99"
  echo "| jingwu \`GET /healthz\` (DB ping) | $h_rps | $h_p50 | $h_p99 | $(pct "$h_rps" "$n_rps") % |"
  echo "| jingwu \`GET /api/v1/officers?q=王\` | $o_rps | $o_p50 | $o_p99 | $(pct "$o_rps" "$n_rps") % |"
  echo
  echo "jingwu peak RSS over the run: $rss MiB."
  echo
  echo "Aims (issue 2): /healthz at >= 60 % of nginx, the officer search at >= 35 %."
} >"$work/core.md"
bench_section core "$work/core.md"
cat bench/RESULTS.md
