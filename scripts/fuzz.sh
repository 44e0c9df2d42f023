#!/usr/bin/env bash
# Builds Khabar's libFuzzer targets (tests/fuzz/) with clang, ASan and UBSan in build-fuzz/,
# then runs each for a bounded time from its committed seed corpus.
#   scripts/fuzz.sh                 every target, 20 seconds each (what `make test` runs)
#   scripts/fuzz.sh 600             every target, 10 minutes each
#   scripts/fuzz.sh 3600 markup     one target for an hour
# New inputs that reach new code go to build-fuzz/corpus/<target>/ (kept between runs, never
# committed). A crash, a sanitizer report or an input slower than 10 s stops the target; the
# input is saved as build-fuzz/artifacts/<target>-crash-… (or timeout-…) and the script
# fails. Reproduce with: build-fuzz/fuzz/<target>_fuzz <that file>. Add it to
# tests/fuzz/corpus/<target>/ once fixed, as a regression seed.
# Prints one line per target with its executions, speed and coverage (libFuzzer's cov:).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
all=(http_request url_form analyzer search_query markup jsonl wxr)
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=("${all[@]}")
dir="${KHABAR_FUZZ_DIR:-build-fuzz}"
jobs="${JOBS:-$(nproc)}"

if [ ! -f "$dir/CMakeCache.txt" ]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  CXX=clang++ cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DKHABAR_FUZZ=ON -DKHABAR_BUILD_TESTS=OFF \
    "${launcher[@]}" >/dev/null
fi
cmake --build "$dir" -j "$jobs" --target fuzzers

mkdir -p "$dir/artifacts"
failed=()
printf '%-14s %12s %10s %8s %8s %8s\n' target executions exec/s cov ft corpus
for t in "${targets[@]}"; do
  corpus="$dir/corpus/$t"
  mkdir -p "$corpus"
  log="$dir/fuzz-$t.log"
  max_len=8192
  case "$t" in http_request | wxr) max_len=32768 ;; esac
  # The committed seeds are read, never written; what the run finds goes to $corpus.
  if ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$dir/fuzz/${t}_fuzz" "$corpus" "tests/fuzz/corpus/$t" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2560 -max_len="$max_len" -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/$t-" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$t")
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  last=$(grep -E '^#[0-9]+' "$log" | grep ' cov: ' | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  units=$(grep -o 'corp: [0-9]*' <<<"$last" | grep -o '[0-9]*' || true)
  printf '%-14s %12s %10s %8s %8s %8s %s\n' "$t" "${execs:--}" "${speed:--}" "${cov:--}" \
    "${ft:--}" "${units:--}" "$status"
done
if [ "${#failed[@]}" -gt 0 ]; then
  for t in "${failed[@]}"; do
    echo "--- $t: the end of $dir/fuzz-$t.log"
    tail -40 "$dir/fuzz-$t.log"
  done
  echo "fuzz: failed: ${failed[*]} (inputs in $dir/artifacts/)"
  exit 1
fi
