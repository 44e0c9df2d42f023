#!/usr/bin/env bash
# A breaking-news spike on one small machine (issue 8): Khabar side by side with nginx
# serving the very same bytes from a file, everything on loopback, one command.
#
#   bash bench/spike.sh            # the whole run, about 12–15 minutes on two cores
#   bash bench/spike.sh --quick    # a short check of every step (a few minutes, noisy)
#
# It installs what is missing (nginx, wrk, curl, sqlite3, jq; npm's `lighthouse` into
# bench/.tools, never into the project's package.json), builds the release binary, imports
# the whole corpus (../shared/corpus/articles-*.jsonl, timed) and starts three servers:
# Khabar with its page cache (A), Khabar with `page_cache_mb: 0` (every request rendered
# from the database, C) and nginx serving, under one path per page, the exact bytes and
# headers Khabar returned for that page (B). wrk loads them in turn, A B C A B C…, each
# server pinned to the same cores, and the script prints medians and ratios for:
#   - article page at 64 and 256 connections; home, tag page, RSS feed, /api/search;
#   - comment posting under load (accepted/s; every acknowledged comment is then counted in
#     the database after the server was killed with SIGKILL);
#   - one article published a second (`khabar import jsonl`) while readers load the home
#     page: time from each acknowledgement until every reader has seen it;
#   - 10,000 open /live/ticker streams while the article page is loaded;
#   - resident memory against nginx's and the corpus's bytes;
#   - Lighthouse (mobile, default throttling, median of three) on the article and home.
#
# Environment: ROUNDS (default 3; quick 1), SECONDS_PER_RUN (5; quick 2), SSE_CLIENTS
# (10000; quick 1000), PUBLISH_COUNT (15; quick 4), LIGHTHOUSE_RUNS (3; quick 1; 0 skips),
# SERVER_CPUS / CLIENT_CPUS (taskset lists; default: on two cores both get 0-1, on more the
# servers get 0-1 and the clients the rest), KHABAR_CORPUS (../shared/corpus), BUILD_DIR
# (build-bench), OUT (/tmp/khabar-spike-bench), REUSE_DB (a database imported before: the
# import is then skipped and its figure meaningless; for working on the script). The report is printed and kept in
# $OUT/report.md; scratch files live in a temporary folder deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

quick=0
case "${1:-}" in
  "") ;;
  --quick | quick) quick=1 ;;
  *)
    echo "usage: bash bench/spike.sh [--quick]" >&2
    exit 2
    ;;
esac
if [ "$quick" = 1 ]; then
  rounds="${ROUNDS:-1}" secs="${SECONDS_PER_RUN:-2}" sse_clients="${SSE_CLIENTS:-1000}"
  publish_count="${PUBLISH_COUNT:-4}" lh_runs="${LIGHTHOUSE_RUNS:-1}"
else
  rounds="${ROUNDS:-3}" secs="${SECONDS_PER_RUN:-5}" sse_clients="${SSE_CLIENTS:-10000}"
  publish_count="${PUBLISH_COUNT:-15}" lh_runs="${LIGHTHOUSE_RUNS:-3}"
fi
corpus_dir="${KHABAR_CORPUS:-../shared/corpus}"
build="${BUILD_DIR:-build-bench}"
out="${OUT:-/tmp/khabar-spike-bench}"
tools="$root/bench/.tools"
corpus=("$corpus_dir"/articles-*.jsonl)
[ -f "${corpus[0]}" ] || { echo "bench/spike.sh: no articles-*.jsonl in $corpus_dir" >&2; exit 1; }

step() { echo "== $* ($(date +%T))" >&2; }

# ---- Tools -----------------------------------------------------------------------------
step "tools"
need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
for t in wrk curl sqlite3 jq bc; do command -v "$t" >/dev/null || need+=("$t"); done
command -v taskset >/dev/null || need+=(util-linux)
command -v node >/dev/null || need+=(nodejs npm)
if [ "$lh_runs" -gt 0 ] && ! [ -x /usr/bin/chromium ]; then need+=(chromium); fi
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
lighthouse="$tools/node_modules/.bin/lighthouse"
if [ "$lh_runs" -gt 0 ] && ! [ -x "$lighthouse" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund lighthouse@12 >&2
fi

step "release build ($build)"
scripts/install-deps.sh build
mkdir -p "$out"
work="$(mktemp -d /tmp/khabar-spike-work.XXXXXX)"
chmod 755 "$work"  # nginx's workers read www/ as another user
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DKHABAR_BUILD_TESTS=OFF >"$work/build.log" 2>&1 &&
  cmake --build "$build" -j "$(nproc)" >>"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
khabar="$root/$build/khabar"

# ---- Pinning ---------------------------------------------------------------------------
cores=$(nproc)
if [ "$cores" -ge 4 ]; then
  server_cpus="${SERVER_CPUS:-0-1}" client_cpus="${CLIENT_CPUS:-2-$((cores - 1))}"
else
  server_cpus="${SERVER_CPUS:-0-$((cores - 1))}" client_cpus="${CLIENT_CPUS:-0-$((cores - 1))}"
fi
server_threads=$(taskset -c "$server_cpus" nproc)
client_threads=$(taskset -c "$client_cpus" nproc)
on_server() { taskset -c "$server_cpus" "$@"; }
on_client() { taskset -c "$client_cpus" "$@"; }

# ---- Import ----------------------------------------------------------------------------
db="$work/khabar.db"
inputs=("${corpus[@]}")
if [ "$quick" = 1 ]; then  # a fifth of the corpus: enough pages, a short import
  head -n 2500 "${corpus[0]}" >"$work/quick.jsonl"
  head -n 2500 "${corpus[1]:-${corpus[0]}}" >>"$work/quick.jsonl"
  inputs=("$work/quick.jsonl")
fi
step "import ${inputs[*]}"
corpus_bytes=$(cat "${inputs[@]}" | wc -c)
start=$(date +%s.%N)
if [ -n "${REUSE_DB:-}" ]; then  # development: a database imported before (not timed)
  cp "$REUSE_DB" "$db"
else
  for f in "${inputs[@]}"; do
    on_server "$khabar" import jsonl "$f" --db "$db" >"$work/import.log" 2>&1 || {
      cat "$work/import.log" >&2
      exit 1
    }
  done
fi
end=$(date +%s.%N)
articles=$(sqlite3 "$db" "SELECT COUNT(*) FROM articles")
import_secs=$(echo "$end - $start" | bc -l)
import_rate=$(echo "$articles / $import_secs" | bc)
db_bytes=$(du -cb "$db"* | tail -1 | cut -f1)

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
  echo "bench/spike.sh: no free port" >&2
  exit 1
}
wait_up() {  # PORT
  for _ in $(seq 200); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.05
  done
  echo "bench/spike.sh: server on port $1 did not start" >&2
  exit 1
}
# Every load-test comment comes from 127.0.0.1, seconds after its form was shown: the
# per-address limit and the form-age rule would hold them as spam (still stored and answered
# the same way). A site behind a proxy that hides addresses sets the same.
cat >"$work/cached.json" <<JSON
{"live_max_clients": $((sse_clients + 1000)), "comment_min_seconds": 0,
 "comment_max_per_minute": 0}
JSON
jq '. + {"page_cache_mb": 0}' "$work/cached.json" >"$work/uncached.json"
kport=$(free_port)
uport=$(free_port)
nport=$(free_port)
start_khabar() {  # PORT CONFIG -> sets khabar_pid
  (
    ulimit -n "$(ulimit -Hn)"
    exec taskset -c "$server_cpus" "$khabar" serve --db "$db" --listen "127.0.0.1:$1" \
      --threads "$server_threads" --config "$2"
  ) >/dev/null 2>>"$work/khabar.err" &
  khabar_pid=$!
  pids+=("$khabar_pid")
  wait_up "$1"
}
step "starting Khabar (cached :$kport, uncached :$uport)"
start_khabar "$kport" "$work/cached.json"
cached_pid=$khabar_pid
start_khabar "$uport" "$work/uncached.json"
uncached_pid=$khabar_pid

base="http://127.0.0.1:$kport"
# The article: the newest of the corpus (not one a earlier run of this script published).
IFS=$'\t' read -r a_slug a_time a_title < <(sqlite3 -separator $'\t' "$db" \
  "SELECT slug, published_at, title FROM articles WHERE status = 3 AND IFNULL(external_id, '') NOT LIKE 'spike%'
   ORDER BY published_at DESC, id DESC LIMIT 1")
article="/$(date -u -d "@$a_time" +%Y/%m)/$(jq -rn --arg s "$a_slug" '$s|@uri')/"
article_html=$(curl -sf "$base$article" || true)
# A tag's archive; the ANT corpus has no tags, so then the article's category archive (the
# same template and the same kind of query).
tag=$( (grep -o 'href="/tag/[^"]*/"' <<<"$article_html" || true) | sed -n 1p | cut -d'"' -f2)
tag_label=tag
if [ -z "$tag" ]; then
  tag=$( (grep -o 'href="/category/[^"]*/"' <<<"$article_html" || true) | sed -n 1p | cut -d'"' -f2)
  tag_label=category
fi
[ -n "$article" ] && [ -n "$tag" ] || { echo "bench/spike.sh: no article or archive link found" >&2; exit 1; }
# The query: the commonest word of the article's title, as a reader would type it.
query=$(tr ' ' '\n' <<<"$a_title" | awk 'length($0) > 7' | head -1)
[ -n "$query" ] || query="الاقتصاد"
qenc=$(jq -rn --arg q "$query" '$q|@uri')
names=(article home tag feed api_search)
declare -A path=(
  [article]="$article" [home]="/" [tag]="$tag" [feed]="/feed/" [api_search]="/api/search?q=$qenc"
)

# What a browser sends that changes the answer: the encodings it accepts.
accept_encoding="br, gzip"
# nginx: each page's bytes in a file, sent with the headers Khabar sent for it (its own
# Date, Content-Length, ETag and Last-Modified aside).
mkdir -p "$work/www"
{
  echo "worker_processes $server_threads;"
  echo "pid $work/nginx.pid;"
  echo "error_log $work/nginx.err;"
  echo "events { worker_connections 16384; }"
  echo "http {"
  echo "  access_log /dev/null;"
  echo "  sendfile on; tcp_nopush on; tcp_nodelay on;"
  echo "  keepalive_requests 1000000; keepalive_timeout 60s;"
  echo "  server_tokens off;"
  echo "  server {"
  echo "    listen 127.0.0.1:$nport reuseport backlog=4096;"
  echo "    root $work/www;"
  for n in "${names[@]}"; do
    curl -sf -D "$work/$n.headers" -o "$work/www/$n" -H "Accept-Encoding: $accept_encoding" \
      "$base${path[$n]}"
    echo "    location = /$n {"
    echo "      types { }"
    tr -d '\r' <"$work/$n.headers" | tail -n +2 | while IFS= read -r line; do
      [ -n "$line" ] || continue
      name="${line%%:*}"
      value="${line#*: }"
      case "${name,,}" in
        date | content-length | connection | keep-alive | transfer-encoding | etag | last-modified | server) ;;
        content-type) echo "      default_type \"${value//\"/\\\"}\";" ;;
        *) echo "      add_header $name \"${value//\"/\\\"}\" always;" ;;
      esac
    done
    echo "    }"
  done
  echo "  }"
  echo "}"
} >"$work/nginx.conf"
step "starting nginx (:$nport)"
(
  ulimit -n "$(ulimit -Hn)"
  exec taskset -c "$server_cpus" "$nginx_bin" -c "$work/nginx.conf" -p "$work"
)
for _ in $(seq 100); do [ -f "$work/nginx.pid" ] && break; sleep 0.05; done
for n in "${names[@]}"; do
  curl -sf -o "$work/check" -H "Accept-Encoding: $accept_encoding" "http://127.0.0.1:$nport/$n"
  cmp -s "$work/check" "$work/www/$n" || { echo "bench/spike.sh: nginx sends other bytes for $n" >&2; exit 1; }
done

# ---- Load ------------------------------------------------------------------------------
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
nginx_rss_kib() {
  local total=0 p
  local master
  master=$(cat "$work/nginx.pid")
  for p in "$master" $(pgrep -P "$master"); do total=$((total + $(rss_kib "$p"))); done
  echo "$total"
}
# wrk → "rps p99_ms non2xx errors timeouts": errors are connect, read and write errors;
# timeouts are answers slower than wrk's 2 s (the server still answers them, too late).
wrk_run() {  # CONNECTIONS URL [wrk args…]
  local conns=$1 url=$2
  shift 2
  local threads=$client_threads
  [ "$threads" -le "$conns" ] || threads=$conns
  (
    ulimit -n "$(ulimit -Hn)"
    on_client wrk -t"$threads" -c"$conns" -d"${secs}s" --latency \
      -H "Accept-Encoding: $accept_encoding" "$@" "$url"
  ) >"$work/wrk.out" 2>&1 || true
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx or 3xx/ { bad = $5 }
    /Socket errors/ { gsub(/,/, ""); err = $4 + $6 + $8; tmo = $10 }
    END { printf "%d %.2f %d %d %d\n", rps, p99, bad, err, tmo }' "$work/wrk.out"
}
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) print 0; else print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }

declare -A result
measure() {  # KEY CONNECTIONS PAGE: A (cached) B (nginx) C (uncached), ROUNDS times
  local key=$1 conns=$2 page=$3 r s rps p99 bad err tmo
  declare -A rs ps
  for s in cached nginx uncached; do rs[$s]="" ps[$s]=""; done
  # Warm every server (and the cache) once before the measured rounds.
  for s in cached nginx uncached; do curl -s -o /dev/null "$(url_of "$s" "$page")"; done
  for r in $(seq "$rounds"); do
    for s in cached nginx uncached; do
      read -r rps p99 bad err tmo < <(wrk_run "$conns" "$(url_of "$s" "$page")")
      rs[$s]+="$rps"$'\n'
      ps[$s]+="$p99"$'\n'
      result[$key.$s.bad]=$((${result[$key.$s.bad]:-0} + bad + err + tmo))
      result[$key.$s.tmo]=$((${result[$key.$s.tmo]:-0} + tmo))
    done
  done
  for s in cached nginx uncached; do
    result[$key.$s.rps]=$(printf "%s" "${rs[$s]}" | median)
    result[$key.$s.p99]=$(printf "%s" "${ps[$s]}" | median)
  done
  echo "   $key: cached ${result[$key.cached.rps]}/s p99 ${result[$key.cached.p99]} ms; nginx ${result[$key.nginx.rps]}/s p99 ${result[$key.nginx.p99]} ms; uncached ${result[$key.uncached.rps]}/s p99 ${result[$key.uncached.p99]} ms" >&2
}
url_of() {  # SERVER PAGE
  case "$1" in
    cached) echo "http://127.0.0.1:$kport${path[$2]}" ;;
    uncached) echo "http://127.0.0.1:$uport${path[$2]}" ;;
    nginx) echo "http://127.0.0.1:$nport/$2" ;;
  esac
}

step "pages: ${rounds} rounds × ${secs}s, A B C in turn"
measure article64 64 article
measure article256 256 article
for n in home tag feed api_search; do measure "$n" 64 "$n"; done
cached_rss=$(rss_kib "$cached_pid")
cached_hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$cached_pid/status")
uncached_rss=$(rss_kib "$uncached_pid")
nginx_rss=$(nginx_rss_kib)
kill "$uncached_pid" 2>/dev/null || true

# ---- Publishing while readers load the home page ----------------------------------------
step "publishing one article a second ($publish_count) while readers load the home page"
on_client wrk -t"$client_threads" -c64 -d"$((publish_count + 5))s" "$base/" >"$work/pub-wrk.out" 2>&1 &
pub_wrk=$!
pids+=("$pub_wrk")
on_client node bench/spike/publish_watch.mjs "$base/" "$khabar" "$db" "$work" "$publish_count" 16 \
  >"$work/publish.json"
wait "$pub_wrk" 2>/dev/null || true
pub_rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$work/pub-wrk.out")
pub_max=$(jq -r '[.lags_ms[] | select(. != null)] | max // "–"' "$work/publish.json")
pub_median=$(jq -r '[.lags_ms[] | select(. != null)] | sort | if length > 0 then .[(length - 1) / 2 | floor] else "–" end' "$work/publish.json")
pub_unseen=$(jq '[.lags_ms[] | select(. == null)] | length' "$work/publish.json")
pub_stale=$(jq '.stale' "$work/publish.json")
pub_requests=$(jq '.requests' "$work/publish.json")
echo "   lags (ms): $(jq -c '.lags_ms' "$work/publish.json"); stale $pub_stale of $pub_requests" >&2

# ---- Open live-update streams ----------------------------------------------------------
step "$sse_clients open /live/ticker streams while the article page is loaded"
sse_before=$(rss_kib "$cached_pid")
(
  ulimit -n "$(ulimit -Hn)"
  exec taskset -c "$client_cpus" node bench/spike/sse_clients.mjs 127.0.0.1 "$kport" /live/ticker "$sse_clients"
) >"$work/sse.out" 2>&1 &
sse_pid=$!
pids+=("$sse_pid")
for _ in $(seq 600); do grep -q '^open' "$work/sse.out" && break; sleep 0.1; done
sleep 1
sse_open=$(grep '^open' "$work/sse.out" | tail -1 | awk '{print $2}')
sse_after=$(rss_kib "$cached_pid")
read -r sse_rps sse_p99 sse_bad _ _ < <(wrk_run 64 "$base$article")
sse_still=$(grep '^open' "$work/sse.out" | tail -1 | awk '{print $2}')
sse_during=$(rss_kib "$cached_pid")
kill "$sse_pid" 2>/dev/null || true
wait "$sse_pid" 2>/dev/null || true
sse_per_conn=$(awk -v a="$sse_after" -v b="$sse_before" -v n="${sse_open:-0}" \
  'BEGIN { if (n > 0) printf "%.1f", (a - b) / n; else print "–" }')
echo "   open ${sse_open:-0} (still ${sse_still:-0} after the load), ${sse_rps}/s p99 ${sse_p99} ms, ${sse_per_conn} KiB per stream" >&2

# ---- Lighthouse ------------------------------------------------------------------------
declare -A lh
if [ "$lh_runs" -gt 0 ]; then
  for n in article home; do
    step "Lighthouse $n × $lh_runs"
    for i in $(seq "$lh_runs"); do
      CHROME_PATH=/usr/bin/chromium on_client "$lighthouse" "$base${path[$n]}" --quiet \
        --chrome-flags="--headless --no-sandbox" --output=json \
        --output-path="$work/lh-$n-$i.json" >/dev/null 2>"$work/lh.err" || {
        tail -5 "$work/lh.err" >&2
        continue
      }
    done
    for k in performance accessibility best-practices seo; do
      lh[$n.$k]=$(for f in "$work"/lh-"$n"-*.json; do jq ".categories[\"$k\"].score * 100 | round" "$f"; done | median)
    done
    lh[$n.bytes]=$(for f in "$work"/lh-"$n"-*.json; do jq '.audits["total-byte-weight"].numericValue' "$f"; done | median)
    lh[$n.lcp]=$(for f in "$work"/lh-"$n"-*.json; do jq '.audits["largest-contentful-paint"].numericValue' "$f"; done | median)
    for f in "$work"/lh-"$n"-*.json; do cp "$f" "$out/"; done
    echo "   $n: ${lh[$n.performance]}/${lh[$n.accessibility]}/${lh[$n.best-practices]}/${lh[$n.seo]}, $(awk -v b="${lh[$n.bytes]}" 'BEGIN {printf "%.1f", b / 1024}') KiB, LCP ${lh[$n.lcp]} ms" >&2
  done
fi

# ---- Comments under load (last: it ends with SIGKILL) ------------------------------------
step "comment posting under load (64 connections)"
page=$(curl -sf "$base$article")
post_id=$(grep -o 'name="comment_post_ID" value="[0-9]*"' <<<"$page" | grep -o '[0-9]*"$' | tr -d '"')
token=$(grep -o 'name="token" value="[^"]*"' <<<"$page" | head -1 | cut -d'"' -f4)
token=$(jq -rn --arg t "$token" '$t|@uri')
run=$(date +%s)
before=$(sqlite3 "$db" "SELECT COUNT(*) FROM comments")
comment_secs=$((secs * 2))
(
  ulimit -n "$(ulimit -Hn)"
  on_client wrk -t"$client_threads" -c64 -d"${comment_secs}s" --latency -s bench/spike/comment.lua \
    "$base/wp-comments-post.php" -- "$post_id" "$token" "$run"
) >"$work/comments.out" 2>&1 || true
acks=$(awk '/^ACKS/ {print $2}' "$work/comments.out")
others=$(awk '/^ACKS/ {print $4}' "$work/comments.out")
comment_p99=$(awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000 }
  /^ +99%/ { printf "%.2f", ms($2) }' "$work/comments.out")
# The durability check: the server dies without warning, then the database is read.
kill -9 "$cached_pid"
wait "$cached_pid" 2>/dev/null || true
stored=$(sqlite3 "$db" "SELECT COUNT(*) FROM comments WHERE body LIKE 'spike-$run-%'")
stored_spam=$(sqlite3 "$db" "SELECT COUNT(*) FROM comments WHERE body LIKE 'spike-$run-%' AND status = 2")
comment_rate=$(awk -v a="${acks:-0}" -v s="$comment_secs" 'BEGIN {printf "%d", a / s}')
echo "   acknowledged ${acks:-0} (others ${others:-0}) in ${comment_secs}s: ${comment_rate}/s; stored after SIGKILL: $stored (of which spam: $stored_spam; before the run: $before)" >&2

# ---- Report ----------------------------------------------------------------------------
kib() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
# The "other answers" cell of a row: non-2xx/3xx answers and socket errors of A / B / C,
# and how many of them were wrk's timeouts.
others() {  # KEY
  local cell="${result[$1.cached.bad]:-0} / ${result[$1.nginx.bad]:-0} / ${result[$1.uncached.bad]:-0}"
  local t=$((${result[$1.cached.tmo]:-0} + ${result[$1.nginx.tmo]:-0} + ${result[$1.uncached.tmo]:-0}))
  [ "$t" -gt 0 ] && cell+=" ($t timeouts)"
  echo "$cell"
}
fmt() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) } print s r }'; }
{
  echo "# Khabar spike benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); khabar $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $cores cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr); load average before the run ended: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- servers pinned to CPUs $server_cpus ($server_threads threads / workers each), clients (wrk, node, Lighthouse) to CPUs $client_cpus"
  echo "- wrk: ${secs}s per run, median of $rounds rounds, A (Khabar, page cache) B (nginx, same bytes from a file) C (Khabar, page cache off) in turn; Accept-Encoding: $accept_encoding"
  echo "- data: $articles articles of the ANT corpus ($(kib "$corpus_bytes") KiB of JSON Lines)$([ "$quick" = 1 ] && echo '; --quick: a fifth of it')"
  echo
  echo "| page (bytes sent) | conns | Khabar cached req/s | p99 | nginx req/s | p99 | ratio req/s | ratio p99 | Khabar uncached req/s | p99 | other answers A / B / C |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for key in article64 article256 "${names[@]:1}"; do
    n=$key conns=64 label=$key
    case "$key" in article64) n=article label=article ;; article256) n=article label=article conns=256 ;; tag) label="$tag_label page" ;; esac
    enc=$(tr -d '\r' <"$work/$n.headers" | awk -F': ' 'tolower($1) == "content-encoding" {print ", " $2}')
    echo "| $label ($(fmt "$(stat -c %s "$work/www/$n")") B$enc) | $conns | $(fmt "${result[$key.cached.rps]}") | ${result[$key.cached.p99]} ms | $(fmt "${result[$key.nginx.rps]}") | ${result[$key.nginx.p99]} ms | $(ratio "${result[$key.cached.rps]}" "${result[$key.nginx.rps]}") | $(ratio "${result[$key.cached.p99]}" "${result[$key.nginx.p99]}") | $(fmt "${result[$key.uncached.rps]}") | ${result[$key.uncached.p99]} ms | $(others "$key") |"
  done
  bad=0
  for k in "${!result[@]}"; do case "$k" in *.bad) bad=$((bad + ${result[$k]})) ;; esac; done
  echo
  tmo=0
  for k in "${!result[@]}"; do case "$k" in *.tmo) tmo=$((tmo + ${result[$k]})) ;; esac; done
  echo "Answers other than 2xx/3xx and socket errors over all page runs: $bad ($tmo of them answers"
  echo "slower than wrk's 2 s timeout). Per row, the last column: Khabar cached (A), nginx (B),"
  echo "Khabar uncached (C), summed over the rounds."
  echo
  echo "| other measure | figure |"
  echo "| --- | --- |"
  echo "| comment posting, 64 connections, ${comment_secs}s | $(fmt "$comment_rate") acknowledged/s (p99 ${comment_p99} ms; $(fmt "${others:-0}") other answers); after SIGKILL $(fmt "$stored") of $(fmt "${acks:-0}") acknowledged comments in the database$([ "${stored_spam:-0}" -gt 0 ] && echo " ($stored_spam held as spam)") |"
  echo "| one article published a second ($publish_count), 16 polling readers + wrk -c64 on the home page ($(fmt "${pub_rps:-0}") req/s) | acknowledgement → every reader sees it: median $pub_median ms, max $pub_max ms (of those seen); never seen (off the home page before a reader's page showed it): $pub_unseen; home pages requested after an acknowledgement without that article: $pub_stale (pages × articles), $(fmt "$pub_requests") reader pages in all |"
  echo "| $(fmt "$sse_clients") /live/ticker streams open while the article page is loaded (64 conns) | $(fmt "${sse_open:-0}") opened, $(fmt "${sse_still:-0}") still open after the load; $(fmt "$sse_rps") req/s (p99 $sse_p99 ms; $(ratio "$sse_rps" "${result[article64.cached.rps]}") of the same without streams); $sse_per_conn KiB resident per stream ($(kib "$sse_before") → $(kib "$sse_after") MiB) |"
  echo "| resident memory after the page runs | Khabar cached $(kib "$cached_rss") MiB (peak $(kib "$cached_hwm") MiB; $(kib "$sse_during") MiB with the streams), Khabar uncached $(kib "$uncached_rss") MiB, nginx $(kib "$nginx_rss") MiB (all processes); corpus $(kib "$(kib "$corpus_bytes")") MiB, database $(kib "$(kib "$db_bytes")") MiB |"
  if [ -n "${REUSE_DB:-}" ]; then
    echo "| import | not measured (REUSE_DB) |"
  else
    echo "| import (\`khabar import jsonl\`, whole files) | $(fmt "$articles") articles in $(printf %.1f "$import_secs") s: $(fmt "$import_rate") articles/s |"
  fi
  if [ "$lh_runs" -gt 0 ]; then
    for n in article home; do
      echo "| Lighthouse $n (mobile, median of $lh_runs) | performance ${lh[$n.performance]}, accessibility ${lh[$n.accessibility]}, best practices ${lh[$n.best-practices]}, SEO ${lh[$n.seo]}; transfer $(awk -v b="${lh[$n.bytes]}" 'BEGIN {printf "%.1f", b / 1024}') KiB; LCP $(awk -v b="${lh[$n.lcp]}" 'BEGIN {printf "%.2f", b / 1000}') s |"
    done
  fi
  echo
  echo "Pages: article \`$article\`, $tag_label \`$tag\`, search \`/api/search?q=$query\`."
} >"$out/report.md"
cat "$out/report.md"
echo "bench/spike.sh: report in $out/report.md" >&2
