#!/usr/bin/env bash
# Builds bench/lucene/lucene_arabic.cc (Lucene++ 3.0.8 + contrib ArabicAnalyzer) into $1
# (default /tmp/lucene_arabic). Installs liblucene++-dev (which pulls in the core and
# contrib shared libraries) and nlohmann-json3-dev via apt when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-/tmp/lucene_arabic}"
cxx="${CXX:-g++}"

die() {
  echo "bench/lucene/build.sh: $*" >&2
  exit 1
}

need_pkgs=()
[[ -f /usr/include/lucene++/ArabicAnalyzer.h ]] || need_pkgs+=(liblucene++-dev)
[[ -f /usr/include/nlohmann/json.hpp ]] || need_pkgs+=(nlohmann-json3-dev)
[[ -f /usr/include/boost/shared_ptr.hpp ]] || need_pkgs+=(libboost-dev)
if ((${#need_pkgs[@]})); then
  command -v apt-get >/dev/null || die "missing ${need_pkgs[*]} and no apt-get to install them"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "bench/lucene/build.sh: installing ${need_pkgs[*]}" >&2
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
      "${need_pkgs[@]}"; } >&2 || die "apt-get install ${need_pkgs[*]} failed"
fi
[[ -f /usr/include/lucene++/ArabicAnalyzer.h ]] || die "Lucene++ ArabicAnalyzer.h not found"
command -v "$cxx" >/dev/null || die "compiler $cxx not found"

# Lucene++ headers compile cleanly as C++20; its core and contrib libraries link their own boost
# dependencies, and the headers only need header-only boost parts.
"$cxx" -std=c++20 -O2 -DNDEBUG -Wall -Wextra -I/usr/include/lucene++ "$here/lucene_arabic.cc" \
  -o "$out" -llucene++-contrib -llucene++ -lpthread ||
  die "compile/link of lucene_arabic failed (see errors above)"
echo "bench/lucene/build.sh: built $out" >&2
