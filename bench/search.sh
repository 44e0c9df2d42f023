#!/usr/bin/env bash
# Khabar's search benchmark: quality (known-item queries written as readers write Arabic)
# and speed (indexing, index size, library and HTTP query latency, scale) on the whole ANT
# corpus, against plain SQLite FTS5 tokenizers and, when it builds, Lucene++'s Arabic
# analyzer (bench/lucene). See bench/search/main.cc for what is measured and how.
#
#   bash bench/search.sh          # everything, including the corpus indexed SCALE (20) times
#   bash bench/search.sh quick    # everything but the scale test
#
# Environment: SCALE=N (default 20), PASSES=N timed passes over the queries (default 5),
# LUCENE=0 skips Lucene++, KHABAR_CORPUS=DIR (default ../shared/corpus), BUILD_DIR (default
# build), OUT=DIR for the report and the query set (default /tmp/khabar-search-bench).
# The report is printed and written to $OUT/report.md; scratch databases live in a
# temporary folder under /tmp that is deleted at the end. Library timings run pinned to
# core 0; for HTTP the server is pinned to core 1 and the client to core 0.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-full}"
case "$mode" in
  full) scale="${SCALE:-20}" ;;
  quick) scale=0 ;;
  *)
    echo "usage: bash bench/search.sh [full|quick]" >&2
    exit 2
    ;;
esac
passes="${PASSES:-5}"
corpus_dir="${KHABAR_CORPUS:-../shared/corpus}"
build="${BUILD_DIR:-build}"
out="${OUT:-/tmp/khabar-search-bench}"
corpus=("$corpus_dir"/articles-*.jsonl)
[ -f "${corpus[0]}" ] || { echo "bench/search.sh: no articles-*.jsonl in $corpus_dir" >&2; exit 1; }

mkdir -p "$out"
work="$(mktemp -d /tmp/khabar-search-bench-work.XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "== $* ($(date +%T))" >&2; }

step "dependencies and release build ($build)"
scripts/install-deps.sh build
make --no-print-directory build BUILD_DIR="$build" >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
khabar="$build/khabar"
bench="$build/bench/search/khabar_search_bench"

pin_client=()
pin_server=()
if command -v taskset >/dev/null; then
  pin_client=(taskset -c 0)
  if [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 1); fi
fi

{
  echo "# Machine"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores online"
  echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "- kernel: $(uname -sr); SQLite $(sqlite3 --version | cut -d' ' -f1)"
  echo "- khabar: $(git rev-parse --short HEAD 2>/dev/null || echo unknown) (plus uncommitted changes, if any)"
  echo "- mode: $mode (scale ${scale}×, $passes passes)"
  echo
} >"$work/machine.md"

step "query set → $out/queries.tsv"
"${pin_client[@]}" "$bench" queries --corpus "${corpus[@]}" --out "$out/queries.tsv"

lucene_args=()
if [ "${LUCENE:-1}" != 0 ] && [ -f bench/lucene/build.sh ]; then
  step "Lucene++ (bench/lucene)"
  if bash bench/lucene/build.sh "$work/lucene_arabic" &&
    "${pin_client[@]}" "$work/lucene_arabic" "${corpus[@]}" --queries "$out/queries.tsv" \
      --out "$out/lucene-results.tsv" 2>"$out/lucene.log"; then
    lucene_args=(--lucene-results "$out/lucene-results.tsv")
  else
    echo "bench/search.sh: Lucene++ failed (see $out/lucene.log); continuing without it" >&2
  fi
fi

step "library benchmark (quality, indexing, latency, scale ${scale}×)"
"${pin_client[@]}" "$bench" run --corpus "${corpus[@]}" --work "$work/lib" \
  --queries "$out/queries.tsv" --misses "$out/misses.tsv" --scale "$scale" --passes "$passes" \
  "${lucene_args[@]}" >"$work/library.md"

step "HTTP: khabar import jsonl, khabar serve, GET /api/search"
start=$(date +%s.%N)
for f in "${corpus[@]}"; do
  "${pin_client[@]}" "$khabar" import jsonl "$f" --db "$work/http.db" 2>/dev/null >&2
done
end=$(date +%s.%N)
articles=$(sqlite3 "$work/http.db" "SELECT COUNT(*) FROM articles")
# A free port: one nobody answers on.
port=""
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || { echo "bench/search.sh: no free port found" >&2; exit 1; }
# The page cache off: every request runs the search (a cached answer measures the cache);
# no recency boost: a known-item query wants its article, however old.
echo '{"page_cache_mb": 0, "search_recency_boost": 0}' >"$work/khabar.json"
"${pin_server[@]}" "$khabar" serve --db "$work/http.db" --listen "127.0.0.1:$port" --threads 1 \
  --config "$work/khabar.json" >/dev/null 2>"$work/serve.err" &
server_pid=$!
{
  echo "## HTTP import"
  echo
  awk -v n="$articles" -v s="$start" -v e="$end" 'BEGIN {
    printf "`khabar import jsonl` (one run per file, whole corpus): %d articles in %.1f s, %d articles/s.\n\n",
      n, e - s, n / (e - s) }'
} >"$work/http.md"
"${pin_client[@]}" "$bench" http --queries "$out/queries.tsv" --http "127.0.0.1:$port" \
  --passes "$passes" >>"$work/http.md" || {
  cat "$work/serve.err" >&2
  exit 1
}
kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
server_pid=""

cat "$work/machine.md" "$work/library.md" "$work/http.md" >"$out/report.md"
cat "$out/report.md"
echo "bench/search.sh: report in $out/report.md, queries in $out/queries.tsv, khabar's misses in $out/misses.tsv" >&2
