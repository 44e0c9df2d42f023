#!/usr/bin/env bash
# Reader-site throughput: Khabar rendering pages from SQLite, side by side with nginx
# serving the very same bytes from a file (the physical reference), on loopback.
#
#   bench/reader_vs_nginx.sh [ROUNDS] [SECONDS] [CONNECTIONS]
#   PAGE_CACHE=off bench/reader_vs_nginx.sh   # every request rendered from the database
#
# It installs nginx and wrk when missing, builds the release binary, imports the whole
# corpus (../shared/corpus/articles-*.jsonl) into a temporary database, and loads each
# server in turn (Khabar, nginx, Khabar, nginx…), reporting the median of the rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
SECS="${2:-8}"
CONNS="${3:-64}"
CORPUS="${KHABAR_CORPUS:-../shared/corpus}"

need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
command -v bc >/dev/null || need+=(bc)
command -v curl >/dev/null || need+=(curl)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
make --no-print-directory build >/dev/null

work=$(mktemp -d)
cleanup() {
  [ -n "${khabar_pid:-}" ] && kill "$khabar_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "importing the corpus…" >&2
start=$(date +%s.%N)
for f in "$CORPUS"/articles-*.jsonl; do
  build/khabar import jsonl "$f" --db "$work/khabar.db" 2>/dev/null | tail -1 >&2
done
end=$(date +%s.%N)
articles=$(sqlite3 "$work/khabar.db" "SELECT COUNT(*) FROM articles")
import_rate=$(echo "$articles / ($end - $start)" | bc)

KPORT=18480
NPORT=18481
config=()
if [ "${PAGE_CACHE:-on}" = off ]; then
  echo '{"page_cache_mb": 0}' >"$work/khabar.json"
  config=(--config "$work/khabar.json")
fi
build/khabar serve --db "$work/khabar.db" --listen 127.0.0.1:$KPORT "${config[@]}" \
  >"$work/access.log" 2>"$work/khabar.err" &
khabar_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$KPORT/healthz" >/dev/null && break; sleep 0.1; done

# The pages to load: an article, the home page, a category archive, a search.
article=$(curl -s "http://127.0.0.1:$KPORT/" | grep -o 'href="/20[0-9][0-9]/[0-9][0-9]/[^"]*"' | sed -n 1p | cut -d'"' -f2)
category=$(curl -s "http://127.0.0.1:$KPORT/" | grep -o 'href="/category/[^"]*"' | sed -n 1p | cut -d'"' -f2)
search="/search?q=%D8%A7%D9%84%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"

# nginx serves each page's exact bytes from a file under the same path.
mkdir -p "$work/www"
i=0
for path in "$article" / "$category" "$search"; do
  i=$((i + 1))
  curl -s "http://127.0.0.1:$KPORT$path" >"$work/www/page$i.html"
done
cat >"$work/nginx.conf" <<CONF
worker_processes $(nproc);
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 4096; }
http {
  access_log $work/nginx-access.log;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$NPORT reuseport;
    root $work/www;
    default_type text/html;
    location / { try_files /page\$arg_page.html =404; }
  }
}
CONF
"$NGINX" -c "$work/nginx.conf" -p "$work"
sleep 0.5

# wrk prints requests/s and the latency distribution; take req/s and p99 (in ms).
load() {  # URL -> "rps p99ms"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%d %.2f\n", rps, p99}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf "\n%-18s %12s %12s %10s %12s %12s %10s\n" "page" "khabar rps" "nginx rps" "ratio" "khabar p99" "nginx p99" "ratio"
i=0
for path in "$article" / "$category" "$search"; do
  i=$((i + 1))
  kr=(); nr=(); kp=(); np=()
  for _ in $(seq "$ROUNDS"); do
    read -r r p < <(load "http://127.0.0.1:$KPORT$path"); kr+=("$r"); kp+=("$p")
    read -r r p < <(load "http://127.0.0.1:$NPORT/?page=$i"); nr+=("$r"); np+=("$p")
  done
  K=$(printf "%s\n" "${kr[@]}" | median); N=$(printf "%s\n" "${nr[@]}" | median)
  KP=$(printf "%s\n" "${kp[@]}" | median); NP=$(printf "%s\n" "${np[@]}" | median)
  case "$path" in
    /) name="home" ;; /category/*) name="category" ;; /search*) name="search" ;; *) name="article" ;;
  esac
  printf "%-18s %12s %12s %10.2f %11sms %11sms %10.2f\n" "$name" "$K" "$N" \
    "$(echo "$K / $N" | bc -l)" "$KP" "$NP" "$(echo "$KP / $NP" | bc -l)"
done
rss=$(ps -o rss= -p "$khabar_pid")
echo
echo "articles: $articles; import: $import_rate articles/s; khabar resident memory after the runs: $((rss / 1024)) MiB"
echo "page cache: ${PAGE_CACHE:-on}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); wrk -t2 -c$CONNS -d${SECS}s, median of $ROUNDS rounds"
