// File: bench/search/timing.h
//
// Latency percentiles and the Markdown tables the benchmark prints.
//
//   std::vector<double> ms = TimeEach(queries.size(), /*passes=*/5, [&](size_t i) { Run(i); });
//   Percentiles p = Summarize(ms);             // p.p50, p.p90, p.p99 in milliseconds
//   std::string t = MarkdownTable({"engine", "p50"}, {{"khabar", Fixed(p.p50, 2)}});
#ifndef KHABAR_BENCH_SEARCH_TIMING_H_
#define KHABAR_BENCH_SEARCH_TIMING_H_

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace khabar::bench {

struct Percentiles {
  size_t count = 0;
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;  // milliseconds
};

// Nearest-rank percentiles of `ms`.
Percentiles Summarize(std::vector<double> ms);

// Calls fn(0) … fn(n - 1) once to warm caches, then `passes` more times, timing each call
// with a steady clock. Returns the timed calls' milliseconds. A slow path cannot stall the
// run: the warm-up stops after a quarter of `budget_seconds`, and the timing once the whole
// budget is spent (the count of timed calls then says how many were made).
std::vector<double> TimeEach(size_t n, int passes, const std::function<void(size_t)>& fn,
                             double budget_seconds = 120);

// A GitHub-flavoured Markdown table; the first column is left-aligned, the others right.
std::string MarkdownTable(const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows);

// `v` with `decimals` digits after the point; Thousands(1234567) == "1,234,567".
std::string Fixed(double v, int decimals);
std::string Thousands(long long v);

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_TIMING_H_
