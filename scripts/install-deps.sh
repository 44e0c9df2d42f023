#!/usr/bin/env bash
# Installs the Debian packages Khabar needs to build and test, only those missing.
# Usage: scripts/install-deps.sh [build|test]   (test adds what the test suite needs)
set -euo pipefail
kind="${1:-build}"
pkgs=(build-essential cmake pkg-config ca-certificates
      libboost-dev libsqlite3-dev libicu-dev libkainjow-mustache-dev nlohmann-json3-dev
      libcli11-dev libfmt-dev libsodium-dev libgumbo-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libvips-dev
      libpugixml-dev libpqxx-dev zlib1g-dev libbrotli-dev libjemalloc-dev
      libgtest-dev libstemmer-dev sqlite3)
if [ "$kind" = test ]; then
  pkgs+=(chromium nodejs npm clang-format python3-feedparser libxml2-utils postgresql-15
         clang libclang-rt-14-dev  # libFuzzer and the sanitizers' runtime (scripts/fuzz.sh)
         varnish varnish-modules)  # the cluster test's front cache, with xkey
fi
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from another source (e.g. NodeSource); accept working commands.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
