#!/usr/bin/env bash
# Benchmarks jingwu against nginx serving a small static file, in the same
# run on the same machine: wrk -t2 -c64, loopback only. Writes RESULTS.md.
#   bench/run.sh            (from the repo root, after `make build`)
#   DURATION=20 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --bench
[ -x build/jingwu ] || make build

source bench/lib.sh
JW_PORT=${JW_PORT:-18181}
NGINX_PORT=${NGINX_PORT:-18182}
work=$(mktemp -d /tmp/jwbench.XXXXXX)
cleanup() {
  [ -n "${jw_pid:-}" ] && kill "$jw_pid" 2>/dev/null && wait "$jw_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export JINGWU_SECRET_FILE="$work/secret.key" JINGWU_DB="sqlite:$work/jw.db"
build/jingwu seed --demo >/dev/null
build/jingwu serve --listen "127.0.0.1:$JW_PORT" --web web/dist --threads 2 2>"$work/jingwu.log" &
jw_pid=$!

start_nginx "$work" "$NGINX_PORT"

for i in $(seq 50); do curl -sf "http://127.0.0.1:$JW_PORT/healthz" >/dev/null && break; sleep 0.1; done

read -r n_rps n_p50 n_p99 _ < <(measure "http://127.0.0.1:$NGINX_PORT/healthz.json" nginx)
read -r h_rps h_p50 h_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/healthz" healthz)
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王"))' 2>/dev/null || echo '%E7%8E%8B')
read -r o_rps o_p50 o_p99 _ < <(measure "http://127.0.0.1:$JW_PORT/api/v1/officers?q=$q&limit=20" officers)
rss=$(rss_mib "$jw_pid")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo "# jingwu benchmark results"
  echo
  echo "Made by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): wrk -t2 -c$CONNS -d${DURATION}s over loopback,"
  echo "server and load generator on the same machine."
  echo
  echo "- machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- jingwu $(git rev-parse --short HEAD 2>/dev/null || echo '?'), 2 threads, SQLite (demo data: 807 officers), access log on"
  echo "- $(nginx -v 2>&1), 2 workers; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); libmicrohttpd $(pkg-config --modversion libmicrohttpd); SQLite $(pkg-config --modversion sqlite3)"
  echo
  echo "| what | req/s | p50 ms | p99 ms | of nginx |"
  echo "|---|---:|---:|---:|---:|"
  echo "| nginx, static 15-byte file | $n_rps | $n_p50 | $n_p99 | 100 % |"
  echo "| jingwu \`GET /healthz\` (DB ping) | $h_rps | $h_p50 | $h_p99 | $(pct "$h_rps" "$n_rps") % |"
  echo "| jingwu \`GET /api/v1/officers?q=王\` | $o_rps | $o_p50 | $o_p99 | $(pct "$o_rps" "$n_rps") % |"
  echo
  echo "jingwu peak RSS over the run: $rss MiB."
  echo
  echo "Aims (issue 2): /healthz at >= 60 % of nginx, the officer search at >= 35 %."
} >"$work/RESULTS.md"
# Other scripts' sections (bench/traffic.sh) survive this one.
keep_section traffic bench/RESULTS.md "$work/RESULTS.md"
cp "$work/RESULTS.md" bench/RESULTS.md
cat bench/RESULTS.md
