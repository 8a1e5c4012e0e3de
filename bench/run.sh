#!/usr/bin/env bash
# Benchmarks jingwu against nginx serving a small static file, in the same
# run on the same machine: wrk -t2 -c64, loopback only. Writes RESULTS.md.
#   bench/run.sh            (from the repo root, after `make build`)
#   DURATION=20 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --bench
[ -x build/jingwu ] || make build

DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
JW_PORT=${JW_PORT:-18181}
NGINX_PORT=${NGINX_PORT:-18182}
work=$(mktemp -d /tmp/jwbench.XXXXXX)
out=bench/out
mkdir -p "$out"
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

mkdir -p "$work/www"
printf '{"status":"ok"}' >"$work/www/healthz.json"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"

for i in $(seq 50); do curl -sf "http://127.0.0.1:$JW_PORT/healthz" >/dev/null && break; sleep 0.1; done

# One wrk run: prints "req/s p50 p99" (latencies in ms).
measure() {
  local url=$1 name=$2
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "$url" >"$out/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
rss_mib() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$jw_pid/status"; }

read -r n_rps n_p50 n_p99 < <(measure "http://127.0.0.1:$NGINX_PORT/healthz.json" nginx)
read -r h_rps h_p50 h_p99 < <(measure "http://127.0.0.1:$JW_PORT/healthz" healthz)
q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("王"))' 2>/dev/null || echo '%E7%8E%8B')
read -r o_rps o_p50 o_p99 < <(measure "http://127.0.0.1:$JW_PORT/api/v1/officers?q=$q&limit=20" officers)
rss=$(rss_mib)

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
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
} >bench/RESULTS.md
cat bench/RESULTS.md
