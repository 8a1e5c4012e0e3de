# lib.sh — what the benchmark scripts share; sourced, not run.
#   measure URL NAME [LUA]   one wrk run → "req/s p50_ms p99_ms non2xx" (raw output in bench/out/NAME.txt)
#   start_nginx WORK PORT    nginx (2 workers) serving WORK/www on 127.0.0.1:PORT
#   rss_mib PID              peak RSS (VmHWM) of PID in MiB
#   pct A B                  100 * A / B, rounded
#   results_section NAME FILE  puts FILE between <!-- NAME --> and <!-- /NAME --> in bench/RESULTS.md
#   keep_section NAME OLD NEW  copies that section of OLD (if any) to the end of NEW
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
out=bench/out
mkdir -p "$out"

to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

measure() {
  local url=$1 name=$2 lua=${3:-}
  wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency ${lua:+-s "$lua"} "$url" >"$out/$name.txt"
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$out/$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$out/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$out/$name.txt")
  bad=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$out/$name.txt")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${bad:-0}"
}

start_nginx() {
  local work=$1 port=$2
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
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
CONF
  nginx -c "$work/nginx.conf" -p "$work"
}

rss_mib() { awk '/VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }

keep_section() {
  local name=$1 old=$2 new=$3
  [ -f "$old" ] || return 0
  if grep -q "<!-- $name -->" "$old"; then
    { echo; sed -n "/<!-- $name -->/,/<!-- \/$name -->/p" "$old"; } >>"$new"
  fi
}

results_section() {
  local name=$1 file=$2 res=bench/RESULTS.md
  touch "$res"
  if grep -q "<!-- $name -->" "$res"; then
    awk -v name="$name" -v file="$file" '
      $0 == "<!-- " name " -->" { print; while ((getline line < file) > 0) print line; skip = 1; next }
      $0 == "<!-- /" name " -->" { skip = 0 }
      !skip { print }' "$res" >"$res.tmp"
    mv "$res.tmp" "$res"
  else
    { echo; echo "<!-- $name -->"; cat "$file"; echo "<!-- /$name -->"; } >>"$res"
  fi
}
