// File: bench/search/http_latency.h
//
// Latency of Khabar's search API over loopback HTTP: each query is sent in turn as
// GET /api/search?q=<percent-encoded>&limit=10 on one keep-alive connection (reconnecting
// if the server closes it), as one reader's requests would be.
//
//   StatusOr<HttpLatency> r = MeasureHttpSearch({.host = "127.0.0.1", .port = 8080}, queries);
//   if (r.ok() && r->available) Print(Summarize(r->ms));
#ifndef KHABAR_BENCH_SEARCH_HTTP_LATENCY_H_
#define KHABAR_BENCH_SEARCH_HTTP_LATENCY_H_

#include <string>
#include <vector>

#include "bench/search/queries.h"
#include "src/base/status.h"

namespace khabar::bench {

struct HttpLatencyOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  int passes = 3;         // timed passes over the queries, after one warm-up pass
  int wait_seconds = 30;  // how long to wait for GET /healthz to answer 200 first
  // Like TimeEach's budget (timing.h): the warm-up stops after a quarter of it, the timed
  // requests once it is spent.
  double budget_seconds = 120;
};

struct HttpLatency {
  // False when the server has no search API (404 for the first query); `problem` says so.
  bool available = false;
  std::string problem;
  std::vector<double> ms;     // one per timed request
  int non_200 = 0;            // timed requests answered with another status
  int cache_hits = 0;         // timed requests answered from the server's page cache
  size_t response_bytes = 0;  // of every timed request
};

// kUnavailable when the server does not answer /healthz within `wait_seconds` or the
// connection keeps failing.
StatusOr<HttpLatency> MeasureHttpSearch(const HttpLatencyOptions& options,
                                        const std::vector<BenchQuery>& queries);

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_HTTP_LATENCY_H_
