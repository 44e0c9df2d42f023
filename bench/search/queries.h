// File: bench/search/queries.h
//
// The benchmark's query set: known-item queries, each made of 2 or 3 rare words of one
// article (its "target") and written under one VariantKind (see variants.h), so that a
// good engine ranks the target first. Rare means a document frequency between `min_df`
// and `max_df` over normalized words (search::NormalizeWord), at least `min_letters`
// Arabic letters, and not a stop word. The set is a pure function of the corpus and the
// seed, and is written as TSV so that other engines run exactly the same queries:
//
//   query_id <TAB> kind <TAB> target_external_id <TAB> query_text      (header line first)
//
//   std::vector<BenchQuery> qs = GenerateQueries(corpus, {});
//   RETURN_IF_ERROR(WriteQueriesTsv("/tmp/queries.tsv", qs));
#ifndef KHABAR_BENCH_SEARCH_QUERIES_H_
#define KHABAR_BENCH_SEARCH_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/search/corpus.h"
#include "bench/search/variants.h"
#include "src/base/status.h"

namespace khabar::bench {

struct BenchQuery {
  std::string id;  // "q0001"…
  VariantKind kind = VariantKind::kExact;
  std::string target;  // the target article's external id
  std::string text;    // the words as the reader types them, space-separated
  // The words as the article writes them (empty when read back from a TSV).
  std::vector<std::string> original_words;
};

struct QueryOptions {
  uint32_t seed = 20261129;
  int per_kind = 60;  // queries of each kind
  int min_df = 2;
  int max_df = 30;
  int min_letters = 4;
};

// Deterministic for a given corpus and options. Queries are grouped by kind, in the order of
// kAllVariantKinds. A kind other than kExact keeps a query only when it changed at least one
// of its words; a kind gives up after 100 tries per query, so it may come out short.
std::vector<BenchQuery> GenerateQueries(const Corpus& corpus, const QueryOptions& options);

Status WriteQueriesTsv(const std::string& path, const std::vector<BenchQuery>& queries);
// kNotFound if the file cannot be read, kInvalidArgument on a malformed line.
StatusOr<std::vector<BenchQuery>> ReadQueriesTsv(const std::string& path);

}  // namespace khabar::bench

#endif  // KHABAR_BENCH_SEARCH_QUERIES_H_
