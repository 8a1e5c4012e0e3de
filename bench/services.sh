#!/usr/bin/env bash
# Benchmarks the service hall against nginx in the same run: the catalogue
# search (a three-character query through the trigram index) and one item's
# guide. Updates the "services" section of RESULTS.md.
#   bench/services.sh        (from the repo root, after `make build`)
source "$(dirname "$0")/lib.sh"
bench_prepare
bench_start

read -r n_rps n_p50 n_p99 _ < <(measure "$(bench_nginx_url)" nginx)
read -r s_rps s_p50 s_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/api/v1/services?q=$(urlencode 居住证)" services-search)
read -r t_rps t_p50 t_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/api/v1/services?q=$(urlencode 居住)" services-search-short)
read -r i_rps i_p50 i_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/api/v1/services/1" services-item)
rss=$(rss_mib)

{
  echo "## Service hall"
  echo
  echo "Made by \`bench/services.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): wrk -t2 -c$CONNS -d${DURATION}s, nginx in the same run."
  echo
  bench_machine
  echo
  table_head "$n_rps" "$n_p50" "$n_p99"
  echo "| jingwu \`GET /api/v1/services?q=居住证\` (FTS5 trigram) | $s_rps | $s_p50 | $s_p99 | $(pct "$s_rps" "$n_rps") % |"
  echo "| jingwu \`GET /api/v1/services?q=居住\` (short: LIKE scan) | $t_rps | $t_p50 | $t_p99 | $(pct "$t_rps" "$n_rps") % |"
  echo "| jingwu \`GET /api/v1/services/1\` (the item guide, ~5 KB) | $i_rps | $i_p50 | $i_p99 | $(pct "$i_rps" "$n_rps") % |"
  echo
  echo "jingwu peak RSS over the run: $rss MiB. Aim (issue 3): >= 25 % of nginx. Queries of one or two"
  echo "characters cannot use a trigram index and scan the catalogue with LIKE, ranked; they are the slow case."
} >"$work/services.md"
bench_section services "$work/services.md"
sed -n '/<!-- services -->/,/<!-- \/services -->/p' bench/RESULTS.md
