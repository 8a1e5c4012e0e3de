#!/usr/bin/env bash
# fresh-machine.sh — the README's two commands on a bare Debian 12.
#
#   scripts/fresh-machine.sh [--test] [--no-run] [--keep] [--root DIR]
#
# Makes a clean Debian 12 (bookworm) root with debootstrap (minbase, plus
# `make` and `curl`: the first command needs make, and curl checks the
# server), copies a clean clone of this repository (its committed HEAD) into
# it, and there, as root with nothing else installed:
#   1. runs `make run` in the background, waits until
#      http://127.0.0.1:PORT/healthz answers (curl inside the root), stops it;
#   2. with --test, runs `make test` and requires "N passed, 0 failed".
# Debian 12's own nodejs is 18, older than the front-end needs, so this also
# proves that scripts/deps.sh brings a newer one (into .tools/node).
#
# Not part of `make test`: it downloads hundreds of MiB of packages and
# takes some 12 minutes with --test on a 2-core machine near its mirror
# (more elsewhere). Needs root, debootstrap (installed when missing),
# and the Debian mirror this machine's apt uses (taken from
# /etc/apt/sources.list and /etc/apt/sources.list.d/). The root shares the
# machine's network (apt and npm reach their registries as the machine does);
# the servers it starts listen on 127.0.0.1 only, on a random port.
#
# The machine's own local CA certificates (/usr/local/share/ca-certificates),
# its CA-bundle environment variables and /etc/resolv.conf are carried into
# the root, as they are part of the machine rather than of the project; a
# policy-rc.d keeps package scripts from starting daemons (no init runs in a
# chroot). /proc, /sys, /dev, /dev/pts and a /dev/shm are mounted for the run
# and unmounted at the end, also on failure or interrupt.
#
#   --root DIR  where to make the root (default: a new /tmp/jw-fresh.XXXXXX)
#   --keep      leave the root in place afterwards (it is removed otherwise)
#   --test      also run `make test`
#   --no-run    skip `make run` (with --test: `make test` is the first command)
#   JW_FRESH_BASE=DIR  keep a pristine debootstrap result in DIR and copy it
#               (saves the debootstrap step on later runs)
# Output: progress here; each command's full output in ROOT.logs/ (the
# path is printed at the end). Exit status 0 when every step passed.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd -P)

KEEP=0
TEST=0
RUN=1
ROOT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=1 ;;
    --test) TEST=1 ;;
    --no-run) RUN=0 ;;
    --root) ROOT=$2; shift ;;
    *) echo "usage: $0 [--test] [--no-run] [--keep] [--root DIR]" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[fresh %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount)"

# The first Debian (not security) mirror URL in this machine's apt sources.
debian_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1=="deb" { u = ($2 ~ /^\[/) ? $3 : $2; print u }' "$f"
  done
}
MIRROR=$(debian_mirror | grep -E '/debian/?$' | head -n 1 || true)
[ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources.list(.d)"
say "mirror: $MIRROR"

if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
fi

if [ -z "$ROOT" ]; then ROOT=$(mktemp -d /tmp/jw-fresh.XXXXXX); fi
mkdir -p "$ROOT"
ROOT=$(cd "$ROOT" && pwd -P)
[ "$ROOT" != / ] || die "refusing / as the root"
LOGS="$ROOT.logs"
mkdir -p "$LOGS"
MOUNTED=()
RUN_PGID=""

# Ends what this script started inside the root: the `make run` process
# group, then any process whose root directory is ROOT (by its pid).
stop_inside() {
  if [ -n "$RUN_PGID" ]; then
    kill -TERM -- "-$RUN_PGID" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$RUN_PGID" 2>/dev/null || true
    RUN_PGID=""
  fi
  local p r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null || true)
    if [ "$r" = "$ROOT" ]; then kill -KILL "${p#/proc/}" 2>/dev/null || true; fi
  done
}

unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null ||
      say "could not unmount ${MOUNTED[$i]}"
  done
  MOUNTED=()
}

cleanup() {
  local rc=$?
  stop_inside
  unmount_all
  if [ "$KEEP" -eq 0 ] && [ -d "$ROOT" ]; then
    # Nothing may still be mounted below ROOT before it is removed.
    if grep -q " $ROOT/" /proc/mounts; then
      say "mounts remain below $ROOT; leaving it in place"
    else
      rm -rf --one-file-system "$ROOT"
    fi
  fi
  say "logs: $LOGS/"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. a clean Debian 12 root ----

bootstrap() { # DIR
  say "debootstrap bookworm (minbase + make, curl) into $1 (log: $LOGS/debootstrap.log)"
  debootstrap --variant=minbase --include=make,curl bookworm "$1" "$MIRROR" \
    >"$LOGS/debootstrap.log" 2>&1 || { tail -n 20 "$LOGS/debootstrap.log"; die "debootstrap"; }
}
if [ -n "${JW_FRESH_BASE:-}" ]; then
  if [ ! -f "$JW_FRESH_BASE/.jw-fresh-base-complete" ]; then
    rm -rf --one-file-system "$JW_FRESH_BASE"
    mkdir -p "$JW_FRESH_BASE"
    bootstrap "$JW_FRESH_BASE"
    touch "$JW_FRESH_BASE/.jw-fresh-base-complete"
  fi
  say "copying the pristine root from $JW_FRESH_BASE"
  cp -a "$JW_FRESH_BASE/." "$ROOT/"
  rm -f "$ROOT/.jw-fresh-base-complete"
else
  bootstrap "$ROOT"
fi

# The machine's name resolution and its own CA certificates (not the
# project's business: a real machine here has them too).
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
if [ -d /usr/local/share/ca-certificates ]; then
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
fi

# No init runs in a chroot: package scripts must not start daemons (the
# PostgreSQL package would start a cluster on the machine's port 5432). The
# tests start the servers they need themselves.
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"

# ---- 2. a clean clone of the repository ----

say "cloning $(git -C "$REPO" rev-parse --short HEAD) into $ROOT/src/jingwu"
mkdir -p "$ROOT/src"
git clone -q --no-hardlinks "$REPO" "$ROOT/src/jingwu"
git -C "$ROOT/src/jingwu" checkout -q "$(git -C "$REPO" rev-parse HEAD)"

# ---- 3. mounts ----

mnt() { # TYPE-OR-bind SRC DEST
  mkdir -p "$3"
  if [ "$1" = bind ]; then mount --bind "$2" "$3"; else mount -t "$1" "$2" "$3"; fi
  MOUNTED+=("$3")
}
mnt proc proc "$ROOT/proc"
mnt sysfs sysfs "$ROOT/sys"
mnt bind /dev "$ROOT/dev"
mnt bind /dev/pts "$ROOT/dev/pts"
mnt tmpfs tmpfs "$ROOT/dev/shm"

# inside_argv [VAR=VALUE …]: sets ARGV to a command that runs $CMD inside
# the root, in the clone, with a bare environment (plus the machine's
# CA-bundle variables).
inside_argv() {
  local envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
              LANG=C.UTF-8 TERM=dumb)
  local v
  for v in SSL_CERT_FILE SSL_CERT_DIR NODE_EXTRA_CA_CERTS CURL_CA_BUNDLE; do
    if [ -n "${!v:-}" ]; then envs+=("$v=${!v}"); fi
  done
  ARGV=(chroot "$ROOT" /usr/bin/env -i "${envs[@]}" "$@" /bin/bash -c "cd /src/jingwu && $CMD")
}

say "inside: $(chroot "$ROOT" /bin/sh -c '. /etc/os-release; echo "$PRETTY_NAME"'); node: $(chroot "$ROOT" /bin/sh -c 'command -v node || echo none')"

node_report() {
  say "Node.js: Debian's $(chroot "$ROOT" /bin/sh -c '/usr/bin/node --version 2>/dev/null || echo none')," \
    ".tools/node: $(chroot "$ROOT" /bin/sh -c '/src/jingwu/.tools/node/bin/node --version 2>/dev/null || echo none')"
}

# ---- 4. make run ----

if [ "$RUN" -eq 1 ]; then
  PORT=""
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PORT=$p; break; fi
  done
  [ -n "$PORT" ] || die "no free port"

  RUN_LOG="$LOGS/make-run.log"
  say "make run (JINGWU_LISTEN=127.0.0.1:$PORT), log: $RUN_LOG"
  CMD="exec make run"
  START=$(date +%s)
  inside_argv "JINGWU_LISTEN=127.0.0.1:$PORT"
  setsid "${ARGV[@]}" >"$RUN_LOG" 2>&1 </dev/null &
  RUN_PID=$!
  RUN_PGID=$RUN_PID

  RUN_OK=0
  DEADLINE=$((START + ${JW_FRESH_RUN_TIMEOUT:-3600}))
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    if ! kill -0 "$RUN_PID" 2>/dev/null; then break; fi
    if chroot "$ROOT" /usr/bin/curl -fsS -m 5 "http://127.0.0.1:$PORT/healthz" >"$LOGS/healthz.json" 2>/dev/null; then
      RUN_OK=1
      break
    fi
    sleep 10
  done
  if [ "$RUN_OK" -eq 1 ]; then
    say "make run: /healthz answered after $(($(date +%s) - START)) s: $(head -c 200 "$LOGS/healthz.json")"
    node_report
  else
    tail -n 40 "$RUN_LOG"
  fi
  stop_inside
  [ "$RUN_OK" -eq 1 ] || die "make run: /healthz never answered (see $RUN_LOG)"
  say "make run: stopped"
fi

# ---- 5. make test ----

if [ "$TEST" -eq 1 ]; then
  TEST_LOG="$LOGS/make-test.log"
  say "make test, log: $TEST_LOG"
  START=$(date +%s)
  CMD="make test"
  set +e
  inside_argv
  "${ARGV[@]}" >"$TEST_LOG" 2>&1 </dev/null
  rc=$?
  set -e
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$TEST_LOG" | tail -n 1)
  node_report
  say "make test: exit $rc after $(($(date +%s) - START)) s: ${last:-no closing line}"
  [ "$rc" -eq 0 ] && [[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed ]] || die "make test (see $TEST_LOG)"
fi

say "PASS"
