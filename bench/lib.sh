# lib.sh — what the benchmark scripts share; sourced by bench/run.sh, bench/residents.sh,
# bench/services.sh and bench/traffic.sh, never run.
#   bench_prepare            installs the bench packages, builds what is missing, makes $work
#                            (removed on exit, with the servers started below)
#   bench_start              seeds a fresh SQLite database in $work; jingwu on $JW_PORT, nginx on $NGINX_PORT
#   start_nginx WORK PORT    nginx (2 workers) serving WORK/www/healthz.json on 127.0.0.1:PORT
#   bench_nginx_url          the static file's URL (the ceiling)
#   measure URL NAME [LUA]   one wrk run → "req/s p50_ms p99_ms non2xx" (raw output in bench/out/NAME.txt)
#   rss_mib [PID]            peak RSS (VmHWM) of PID (default jingwu's) in MiB
#   pct A B                  100 * A / B, rounded
#   urlencode S              percent-encodes S
#   bench_machine            the machine and versions, as Markdown list lines
#   table_head R P50 P99     a results table's head with nginx's row
#   bench_section NAME FILE  puts FILE between <!-- NAME --> and <!-- /NAME --> in bench/RESULTS.md
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
JW_PORT=${JW_PORT:-18181}
NGINX_PORT=${NGINX_PORT:-18182}
out=bench/out

bench_prepare() {
  set -euo pipefail
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  bash scripts/deps.sh --bench
  [ -x build/jingwu ] || make build
  mkdir -p "$out"
  work=$(mktemp -d /tmp/jwbench.XXXXXX)
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for p in ${jw_pid:-} ${peer_pid:-}; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}

start_nginx() {
  local dir=$1 port=$2
  mkdir -p "$dir/www"
  printf '{"status":"ok"}' >"$dir/www/healthz.json"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
  }
}
CONF
  nginx -c "$dir/nginx.conf" -p "$dir"
}

bench_start() {
  export JINGWU_SECRET_FILE="$work/secret.key" JINGWU_DB="sqlite:$work/jw.db" JINGWU_UPLOAD_DIR="$work/uploads"
  build/jingwu seed --demo >/dev/null
  build/jingwu serve --listen "127.0.0.1:$JW_PORT" --web web/dist --threads 2 2>"$work/jingwu.log" &
  jw_pid=$!
  start_nginx "$work" "$NGINX_PORT"
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$JW_PORT/healthz" >/dev/null && break; sleep 0.1; done
}

bench_nginx_url() { echo "http://127.0.0.1:$NGINX_PORT/healthz.json"; }

to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

measure() {
  local url=$1 name=$2 lua=${3:-}
  mkdir -p "$out"
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency ${lua:+-s "$lua"} "$url" >"$out/$name.txt"
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$out/$name.txt")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${bad:-0}"
}

rss_mib() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/${1:-$jw_pid}/status"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

bench_machine() {
  local cpu
  cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
  echo "- machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- jingwu $(git rev-parse --short HEAD 2>/dev/null || echo '?'), 2 threads, SQLite (demo data), access log on"
  echo "- $(nginx -v 2>&1), 2 workers; $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); libmicrohttpd $(pkg-config --modversion libmicrohttpd); SQLite $(pkg-config --modversion sqlite3)"
}

table_head() {
  echo "| what | req/s | p50 ms | p99 ms | of nginx |"
  echo "|---|---:|---:|---:|---:|"
  echo "| nginx, static 15-byte file | $1 | $2 | $3 | 100 % |"
}

bench_section() {
  local name=$1 file=$2 results=bench/RESULTS.md
  [ -f "$results" ] || printf '# jingwu benchmark results\n' >"$results"
  python3 - "$results" "$name" "$file" <<'PY'
import re, sys
path, name, part = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip('\n')
text = open(path).read()
block = f'<!-- {name} -->\n{part}\n<!-- /{name} -->'
pat = re.compile(rf'<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->', re.S)
text = pat.sub(lambda m: block, text) if pat.search(text) else text.rstrip('\n') + '\n\n' + block + '\n'
open(path, 'w').write(text)
PY
}
