#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL cluster for tests.
#
#   scripts/pg.sh start DIR   initdb DIR/data (if needed), start a server that
#                             listens only on a Unix socket in DIR, and print
#                             its libpq conninfo as the last line of stdout:
#                               host=DIR port=PORT user=postgres
#   scripts/pg.sh stop DIR    stop that server and remove DIR
#   scripts/pg.sh status DIR  exit 0 (and print the conninfo) when it runs
#
# The cluster is created with the zh_CN.UTF-8 locale (PG_LOCALE overrides),
# generated with locale-gen when missing and run as root, as a bureau's own
# install would be: collation is then not byte order, so tests catch code
# that depends on it. Without the locale it falls back to C.UTF-8, loudly.
#
# Tuned for speed, not durability (fsync, synchronous_commit and
# full_page_writes off): never point it at data you want to keep. As root the
# cluster runs as the `postgres` user, which gets DIR. Both commands are
# idempotent. Progress goes to stderr, the conninfo alone to stdout.
set -euo pipefail

PORT=5432
MARKER=.jingwu-throwaway-pg # stop only removes directories that start made

die() { echo "pg.sh: $*" >&2; exit 1; }
say() { echo "pg.sh: $*" >&2; }

usage() { die "usage: $0 start|stop|status DIR"; }

# The newest installed server's bin directory, 15 preferred.
find_bin() {
  if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
    echo /usr/lib/postgresql/15/bin
    return
  fi
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ ! -x "$d/pg_ctl" ]; then
    die "no PostgreSQL server found under /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  fi
  echo "$d"
}

# Runs a command as the cluster's owner: postgres when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# 0 when locale $1 (e.g. zh_CN.UTF-8) is installed; locale -a spells it
# zh_CN.utf8.
have_locale() {
  local want
  want=$(echo "$1" | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')
  locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$want"
}

# Prints the locale to create the cluster with: $1, generated first when it
# is missing and we are root (Debian's `locales` package: /etc/locale.gen +
# locale-gen). Falls back to C.UTF-8 (then C) with a loud warning.
pick_locale() {
  local want=$1
  if ! have_locale "$want" && [ "$(id -u)" -eq 0 ] && command -v locale-gen >/dev/null 2>&1; then
    say "generating locale $want (locale-gen)"
    local charset=${want#*.}
    if [ -f /etc/locale.gen ] && grep -qE "^# *$want( |$)" /etc/locale.gen; then
      sed -i -E "s/^# *($want( |$))/\1/" /etc/locale.gen
    elif ! grep -qE "^$want( |$)" /etc/locale.gen 2>/dev/null; then
      echo "$want ${charset^^}" >>/etc/locale.gen
    fi
    locale-gen >&2 || true
  fi
  if have_locale "$want"; then
    echo "$want"
    return
  fi
  say "WARNING: ************************************************************"
  say "WARNING: locale $want is not installed and could not be generated"
  say "WARNING: (install Debian's 'locales' and run as root); the cluster uses"
  say "WARNING: C.UTF-8, whose byte-order collation can HIDE collation bugs."
  say "WARNING: ************************************************************"
  if have_locale C.UTF-8; then echo C.UTF-8; else echo C; fi
}

conninfo() { echo "host=$DIR port=$PORT user=postgres"; }

running() {
  [ -f "$DIR/data/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1
}

do_start() {
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root but there is no 'postgres' user to own the cluster"
  fi
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd -P)
  # A Unix socket path is limited to 107 bytes.
  local sock="$DIR/.s.PGSQL.$PORT"
  [ ${#sock} -le 100 ] || die "socket path $sock is too long; use a shorter DIR"
  if [ -e "$DIR/data" ] && [ ! -f "$DIR/$MARKER" ]; then
    die "$DIR/data exists but was not made by pg.sh; refusing to touch it"
  fi
  touch "$DIR/$MARKER"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$DIR"
    # Reachable by a server that dropped root; data/ itself stays 0700.
    chmod 0755 "$DIR"
    as_owner test -w "$DIR" ||
      die "user postgres cannot write $DIR (is a parent directory closed to it?)"
  fi

  if running; then
    say "already running in $DIR"
    conninfo
    return
  fi

  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    rm -rf "$DIR/data"
    say "initdb $DIR/data"
    # A Chinese locale, as a bureau's own install would have: collation is
    # then NOT byte order, and the suite proves that jingwu does not depend
    # on it (unit paths, searches). PG_LOCALE overrides (e.g. en_US.UTF-8).
    local loc
    loc=$(pick_locale "${PG_LOCALE:-zh_CN.UTF-8}")
    say "cluster locale: $loc"
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 \
      --locale="$loc" --lc-messages=C --no-sync \
      >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    cat >>"$DIR/data/postgresql.conf" <<EOF

# --- pg.sh: throwaway test cluster ---
listen_addresses = ''
unix_socket_directories = '$DIR'
port = $PORT
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF
  fi

  say "starting server in $DIR"
  if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null; then
    tail -n 30 "$DIR/server.log" >&2 2>/dev/null || true
    die "server did not start (log: $DIR/server.log)"
  fi

  local db
  for db in template1 postgres; do
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres -d "$db" \
      -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' >/dev/null ||
      die "cannot create extension pg_trgm in $db (apt-get install postgresql-contrib)"
  done
  conninfo
}

do_stop() {
  if [ ! -e "$DIR" ]; then
    return
  fi
  DIR=$(cd "$DIR" && pwd -P)
  [ -f "$DIR/$MARKER" ] || die "$DIR was not made by pg.sh start; not removing it"
  if running; then
    say "stopping server in $DIR"
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -w -t 60 -m fast stop >/dev/null ||
      as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null ||
      die "cannot stop the server in $DIR"
  fi
  rm -rf "$DIR"
}

do_status() {
  [ -d "$DIR" ] || exit 1
  DIR=$(cd "$DIR" && pwd -P)
  running || exit 1
  conninfo
}

[ $# -eq 2 ] || usage
CMD=$1
DIR=$2
[ -n "$DIR" ] || usage
BIN=$(find_bin)

case "$CMD" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) usage ;;
esac
