// File: bench/search/quality.h
//
// Known-item quality: where each engine ranks each query's target article in its top 10,
// summarized as Success@10 (the share of queries whose target is in the top 10) and MRR@10
// (the mean of 1/rank, 0 when absent), overall and per variant kind.
//
//   EngineRun khabar{"khabar", {}};
//   for (const BenchQuery& q : queries) khabar.top.push_back(TopTenExternalIds(q));
//   std::string md = QualityTables(queries, {khabar, unicode61});
#ifndef KHABAR_BENCH_SEARCH_QUALITY_H_
#define KHABAR_BENCH_SEARCH_QUALITY_H_

#include <string>
#include <vector>

#include "bench/search/queries.h"
#include "src/base/status.h"

namespace khabar::bench {

struct EngineRun {
  std::string name;
  // top[i]: the external ids an engine returned for queries[i], best first (at most 10).
  std::vector<std::vector<std::string>> top;
};

// 1-based rank of `target` in `top`, 0 when absent.
int RankOf(const std::vector<std::string>& top, const std::string& target);

// Reads "query_id <TAB> rank <TAB> external_id" lines (bench/lucene's output) into a run
// aligned with `queries`; queries with no line found nothing. kNotFound if the file cannot
// be read, kInvalidArgument on a malformed line.
StatusOr<EngineRun> ReadRankedResults(const std::string& path, const std::string& name,
                                      const std::vector<BenchQuery>& queries);

// Two Markdown tables (Success@10, then MRR@10): one row per kind and one for all, one column
// per engine.
std::string QualityTables(const std::vector<BenchQuery>& queries,
                          const std::vector<EngineRun>& runs);

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_QUALITY_H_
