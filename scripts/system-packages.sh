#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (browser, fonts, database, Redis).
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
# Noto core has the Arabic, Gurmukhi and Nastaliq (Urdu) faces; Chinese needs the CJK one.
[ -d /usr/share/fonts/truetype/noto ] || needed+=(fonts-noto-core)
[ -d /usr/share/fonts/opentype/noto ] || needed+=(fonts-noto-cjk)
command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || needed+=(postgresql postgresql-contrib)
command -v java >/dev/null 2>&1 || needed+=(default-jre-headless)
# tests/ops/test_two_servers.py: rate limits shared by two app servers through Redis.
command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
command -v node >/dev/null 2>&1 || needed+=(nodejs npm)
# `make bench` / `make soak` (BENCH=1) need only the load generator, not the test tools.
if [ "${BENCH:-0}" = "1" ]; then
  needed=()
  command -v wrk >/dev/null 2>&1 || needed+=(wrk)
fi
if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${needed[*]}" >&2
  echo "Install them with: sudo apt-get install ${needed[*]}" >&2
  exit 1
fi
echo "Installing ${needed[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
