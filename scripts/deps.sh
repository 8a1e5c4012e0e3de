#!/usr/bin/env bash
# Installs, idempotently, every Debian package jingwu needs to build, run and
# test. Called by `make run` and `make test`; safe to run again.
#   scripts/deps.sh          build + run + test packages
#   scripts/deps.sh --run    only what `make run` needs
set -euo pipefail

run_pkgs=(build-essential pkg-config libmicrohttpd-dev libjansson-dev
          libsqlite3-dev sqlite3 libpq-dev libsodium-dev nodejs)
test_pkgs=(libcmocka-dev locales postgresql postgresql-contrib chromium clang
           clang-format libclang-rt-14-dev curl)
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
