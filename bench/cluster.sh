#!/usr/bin/env bash
# Khabar as a cluster on one machine (issue 6): PostgreSQL, Khabar nodes, Varnish in front
# with deploy/varnish/khabar.vcl, everything on loopback, one command.
#
#   bash bench/cluster.sh            # the whole run, about 5 minutes on two cores
#   bash bench/cluster.sh --quick    # a short check of every step (noisy)
#
# It installs what is missing (varnish, varnish-modules, postgresql-15, wrk, curl, jq, bc),
# builds the release binary (or takes KHABAR_BINARY), starts a PostgreSQL 15 server of its
# own in a temporary folder, imports a slice of the corpus (ARTICLES, default 2,000, from
# ../shared/corpus/articles-*.jsonl), and starts two Khabar nodes with their page cache
# (n1, n2, each purging both Varnish instances), two more with the page cache off (u1, u2)
# and two varnishd: V1 in front of n1 alone, V2 in front of n1 and n2. wrk then measures,
# each run median of ROUNDS:
#   - hot: the article page through V1 and V2 (Varnish answers from memory);
#   - miss: through V1 and V2, every request a different article address (its own query
#     string), so Varnish passes each to a node, which renders it from the database: the
#     nodes' capacity behind the cache, and its growth from one node to two;
#   - direct: u1 and u2 alone with the page cache off (every request rendered), with the
#     CPU time PostgreSQL spent against the node's (the database's share of the work) and
#     its CPU time per request.
# Environment: ROUNDS (3; quick 1), SECONDS_PER_RUN (5; quick 2), CONNECTIONS (64),
# ARTICLES (2000; quick 500), KHABAR_CORPUS (../shared/corpus), KHABAR_BINARY (skip the
# build), BUILD_DIR (build-bench), OUT (/tmp/khabar-cluster-bench). The report is printed
# and kept in $OUT/report.md; scratch files live in a temporary folder deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
case "${1:-}" in
  "") ;;
  --quick | quick) quick=1 ;;
  *)
    echo "usage: bash bench/cluster.sh [--quick]" >&2
    exit 2
    ;;
esac
if [ "$quick" = 1 ]; then
  rounds="${ROUNDS:-1}" secs="${SECONDS_PER_RUN:-2}" articles="${ARTICLES:-500}"
else
  rounds="${ROUNDS:-3}" secs="${SECONDS_PER_RUN:-5}" articles="${ARTICLES:-2000}"
fi
conns="${CONNECTIONS:-64}"
corpus_dir="${KHABAR_CORPUS:-../shared/corpus}"
build="${BUILD_DIR:-build-bench}"
out="${OUT:-/tmp/khabar-cluster-bench}"
corpus=("$corpus_dir"/articles-*.jsonl)
[ -f "${corpus[0]}" ] || { echo "bench/cluster.sh: no articles-*.jsonl in $corpus_dir" >&2; exit 1; }
pgbin=/usr/lib/postgresql/15/bin

step() { echo "== $* ($(date +%T))" >&2; }

# ---- Tools -----------------------------------------------------------------------------
step "tools"
need=()
[ -x /usr/sbin/varnishd ] || need+=(varnish)
ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || need+=(varnish-modules)
[ -x "$pgbin/initdb" ] || need+=(postgresql-15)
for t in wrk curl jq bc; do command -v "$t" >/dev/null || need+=("$t"); done
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p "$out"
work="$(mktemp -d /tmp/khabar-cluster-work.XXXXXX)"
chmod 755 "$work"  # PostgreSQL runs as nobody when this runs as root
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for v in v1 v2; do [ -f "$work/$v.pid" ] && kill "$(cat "$work/$v.pid")" 2>/dev/null || true; done
  [ -f "$work/pg/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${KHABAR_BINARY:-}" ]; then
  khabar="$KHABAR_BINARY"
else
  step "release build ($build)"
  scripts/install-deps.sh build
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DKHABAR_BUILD_TESTS=OFF "${launcher[@]}" \
    >"$work/build.log" 2>&1 && cmake --build "$build" -j "$(nproc)" >>"$work/build.log" 2>&1 || {
    cat "$work/build.log" >&2
    exit 1
  }
  khabar="$root/$build/khabar"
fi

# ---- PostgreSQL ------------------------------------------------------------------------
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
step "PostgreSQL 15 in $work/pg"
mkdir -p "$work/pg" "$work/pgsock"
[ "$(id -u)" = 0 ] && chown nobody: "$work/pg" "$work/pgsock"
as_pg "$pgbin/initdb" -D "$work/pg" -U khabar --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || {
  cat "$work/initdb.log" >&2
  exit 1
}
as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pgsock/log" -w \
  -o "-c listen_addresses='' -k $work/pgsock -c max_connections=200 -c shared_buffers=256MB" \
  start >/dev/null
psql -q -h "$work/pgsock" -U khabar -d postgres -c "CREATE DATABASE khabar" >/dev/null
db="postgresql://khabar@/khabar?host=$work/pgsock"
sql() { psql -Atq -h "$work/pgsock" -U khabar -d khabar -c "$1"; }

# ---- Import ----------------------------------------------------------------------------
step "import $articles articles of ${corpus[0]}"
head -n "$articles" "${corpus[0]}" >"$work/slice.jsonl"
start=$(date +%s.%N)
"$khabar" import jsonl "$work/slice.jsonl" --db "$db" >"$work/import.log" 2>&1 || {
  cat "$work/import.log" >&2
  exit 1
}
import_secs=$(echo "$(date +%s.%N) - $start" | bc -l)
stored=$(sql "SELECT COUNT(*) FROM articles WHERE status = 3")

# ---- Servers ---------------------------------------------------------------------------
free_port() {
  local candidate
  for _ in $(seq 100); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "bench/cluster.sh: no free port" >&2
  exit 1
}
wait_up() {  # PORT
  for _ in $(seq 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.1
  done
  echo "bench/cluster.sh: nothing answers on port $1" >&2
  exit 1
}
v1port=$(free_port)
v2port=$(free_port)
# Behind Varnish every reader comes from its address: the per-address limits are off.
cat >"$work/cached.json" <<JSON
{"comment_min_seconds": 0, "comment_max_per_minute": 0, "max_connections_per_address": 0,
 "purge_urls": ["http://127.0.0.1:$v1port/", "http://127.0.0.1:$v2port/"]}
JSON
jq '. + {"page_cache_mb": 0, "purge_urls": []}' "$work/cached.json" >"$work/uncached.json"
declare -A port pid
start_khabar() {  # NAME CONFIG
  port[$1]=$(free_port)
  "$khabar" serve --db "$db" --listen "127.0.0.1:${port[$1]}" --config "$2" \
    >/dev/null 2>>"$work/$1.err" &
  pid[$1]=$!
  pids+=("${pid[$1]}")
  wait_up "${port[$1]}"
}
step "Khabar nodes n1 n2 (page cache), u1 u2 (page cache off)"
start_khabar n1 "$work/cached.json"
start_khabar n2 "$work/cached.json"
start_khabar u1 "$work/uncached.json"
start_khabar u2 "$work/uncached.json"

start_varnish() {  # NAME PORT NODES…
  local name=$1 vport=$2
  shift 2
  mkdir -p "$work/$name"
  cp deploy/varnish/khabar.vcl "$work/$name/khabar.vcl"
  {
    local i=0 n
    for n in "$@"; do
      i=$((i + 1))
      echo "backend node$i { .host = \"127.0.0.1\"; .port = \"${port[$n]}\"; .probe = healthz; }"
    done
    echo 'acl purgers { "127.0.0.1"; }'
    echo "sub khabar_nodes {"
    for i in $(seq "$#"); do echo "  nodes.add_backend(node$i);"; done
    echo "}"
  } >"$work/$name/nodes.vcl"
  /usr/sbin/varnishd -j none -n "$work/$name/run" -a "127.0.0.1:$vport" -T 127.0.0.1:0 \
    -f "$work/$name/khabar.vcl" -p "vcl_path=$work/$name" -s malloc,512m -P "$work/$name.pid" \
    >"$work/$name.log" 2>&1 || {
    cat "$work/$name.log" >&2
    exit 1
  }
  wait_up "$vport"
}
step "varnishd V1 (n1) :$v1port, V2 (n1 n2) :$v2port"
start_varnish v1 "$v1port" n1
start_varnish v2 "$v2port" n1 n2

# The pages: the newest article, and the addresses of 500 articles for the misses.
sql "SELECT id FROM articles WHERE status = 3 ORDER BY published_at DESC, id DESC LIMIT 500" >"$work/ids"
while read -r id; do
  curl -s -o /dev/null -w '%{redirect_url}\n' "http://127.0.0.1:${port[n1]}/n/$id"
done <"$work/ids" | sed -E 's#^https?://[^/]+##' | grep '^/' >"$work/paths"
article=$(head -1 "$work/paths")
[ -n "$article" ] || { echo "bench/cluster.sh: no article address" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$v2port$article?miss=check")" = 200 ] || {
  echo "bench/cluster.sh: $article?miss=check is not 200" >&2
  exit 1
}

# ---- Load ------------------------------------------------------------------------------
accept_encoding="br, gzip"
threads=$(nproc)
[ "$threads" -le "$conns" ] || threads=$conns
# wrk → "rps p99_ms non2xx+errors requests"; with $miss set, each request a new address.
wrk_run() {  # URL
  local url=$1
  local script=() script_args=()
  if [ -n "${miss:-}" ]; then script=(-s bench/cluster/miss.lua) script_args=(-- "$work/paths" "$run"); fi
  (
    ulimit -n "$(ulimit -Hn)"
    wrk -t"$threads" -c"$conns" -d"${secs}s" --latency -H "Accept-Encoding: $accept_encoding" \
      "${script[@]}" "$url" "${script_args[@]}"
  ) >"$work/wrk.out" 2>&1 || true
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { n = $1 }
    /Non-2xx or 3xx/ { bad = $5 }
    /Socket errors/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
    END { printf "%d %.2f %d %d\n", rps, p99, bad + err, n }' "$work/wrk.out"
}
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) print 0; else print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
# CPU ticks (user + system) of PostgreSQL's processes, or of one pid.
ticks_of() { awk '{s += $14 + $15} END {print s + 0}' "$@" 2>/dev/null || echo 0; }
pg_ticks() {
  local pm
  pm=$(head -1 "$work/pg/postmaster.pid")
  ticks_of /proc/"$pm"/stat $(pgrep -P "$pm" | sed 's#.*#/proc/&/stat#')
}

declare -A result
run=0
measure() {  # KEY URL   (ROUNDS runs; the median)
  local key=$1 url=$2 r rps p99 bad n pg0 pg1 k0 k1
  local rs="" ps="" shares="" per_req=""
  result[$key.bad]=0
  for r in $(seq "$rounds"); do
    run=$((run + 1))
    pg0=$(pg_ticks)
    k0=$(ticks_of "/proc/${measured_pid:-1}/stat")
    read -r rps p99 bad n < <(wrk_run "$url")
    pg1=$(pg_ticks)
    k1=$(ticks_of "/proc/${measured_pid:-1}/stat")
    rs+="$rps"$'\n'
    ps+="$p99"$'\n'
    result[$key.bad]=$((${result[$key.bad]} + bad))
    if [ -n "${measured_pid:-}" ]; then
      shares+="$(awk -v p=$((pg1 - pg0)) -v k=$((k1 - k0)) 'BEGIN { if (p + k > 0) printf "%.0f", 100 * p / (p + k); else print 0 }')"$'\n'
      per_req+="$(awk -v p=$((pg1 - pg0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.3f", 1000 * p / hz / n; else print 0 }')"$'\n'
    fi
  done
  result[$key.rps]=$(printf "%s" "$rs" | median)
  result[$key.p99]=$(printf "%s" "$ps" | median)
  result[$key.share]=$(printf "%s" "$shares" | median)
  result[$key.pg_ms]=$(printf "%s" "$per_req" | median)
  echo "   $key: ${result[$key.rps]}/s p99 ${result[$key.p99]} ms (errors ${result[$key.bad]})${measured_pid:+; PostgreSQL ${result[$key.share]}% of the CPU time, ${result[$key.pg_ms]} ms per request}" >&2
}

step "hot article through Varnish: ${rounds} × ${secs}s, $conns connections"
for v in v1 v2; do
  vp=$v1port
  [ "$v" = v2 ] && vp=$v2port
  curl -s -o /dev/null -H "Accept-Encoding: $accept_encoding" "http://127.0.0.1:$vp$article"
  measure "hot.$v" "http://127.0.0.1:$vp$article"
done
step "every request a miss through Varnish (rendered by a node)"
miss=1
measure miss.v1 "http://127.0.0.1:$v1port/"
measure miss.v2 "http://127.0.0.1:$v2port/"
miss=""
step "each node directly, page cache off"
for u in u1 u2; do
  measured_pid=${pid[$u]}
  measure "direct.$u" "http://127.0.0.1:${port[$u]}$article"
done
measured_pid=""
step "a node directly, page cache on (for reference)"
measure direct.n1 "http://127.0.0.1:${port[n1]}$article"
hits=$(varnishstat -n "$work/v2/run" -1 -f MAIN.cache_hit -f MAIN.cache_miss 2>/dev/null | awk '{printf "%s %s; ", $1, $2}')

# ---- Report ----------------------------------------------------------------------------
fmt() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }'; }
row() {  # LABEL KEY
  echo "| $1 | $(fmt "${result[$2.rps]}") | ${result[$2.p99]} ms | ${result[$2.bad]} |"
}
{
  echo "# Khabar cluster benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); khabar $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- everything on this machine and on loopback: PostgreSQL 15, the Khabar nodes (one thread per core each), varnishd $(/usr/sbin/varnishd -V 2>&1 | grep -o 'varnish-[0-9.]*' | head -1) with deploy/varnish/khabar.vcl, wrk"
  echo "- wrk: $conns connections, ${secs}s per run, median of $rounds; Accept-Encoding: $accept_encoding"
  echo "- data: $(fmt "$stored") articles of the ANT corpus (imported in $(printf %.1f "$import_secs") s); article \`$article\`"
  echo
  echo "| what | req/s | p99 | errors |"
  echo "| --- | ---: | ---: | ---: |"
  row "hot article through Varnish, 1 node behind it" hot.v1
  row "hot article through Varnish, 2 nodes behind it" hot.v2
  row "every request a miss through Varnish, 1 node" miss.v1
  row "every request a miss through Varnish, 2 nodes" miss.v2
  row "node u1 directly, page cache off" direct.u1
  row "node u2 directly, page cache off" direct.u2
  row "node n1 directly, page cache on" direct.n1
  echo
  echo "Growth from one node to two: misses (rendered by the nodes) ×$(ratio "${result[miss.v2.rps]}" "${result[miss.v1.rps]}"); hot pages (answered by Varnish) ×$(ratio "${result[hot.v2.rps]}" "${result[hot.v1.rps]}")."
  echo
  echo "Database's share with the page cache off: PostgreSQL spent ${result[direct.u1.share]}% (u1) and ${result[direct.u2.share]}% (u2) of the CPU time that the node and the database spent together, ${result[direct.u1.pg_ms]} and ${result[direct.u2.pg_ms]} ms of its CPU per request."
  echo
  echo "Varnish V2 counters: ${hits:-unknown}"
} >"$out/report.md"
cat "$out/report.md"
echo "bench/cluster.sh: report in $out/report.md" >&2
