// File: src/store/postgres/search.h  (private to the PostgreSQL store)
//
// Reader search and related articles over the index of search_index.h, the same code as
// the SQLite store's search.cc with the index read through MatchFts (the same bm25, so the
// same order). The store calls these with a pooled reader connection and an
// analyzer of its own; they never write.
//
//   ASSIGN_OR_RETURN(SearchResults r, RunSearch(*reader, analyzer, query));
//   ASSIGN_OR_RETURN(std::vector<int64_t> ids, ComputeRelated(*reader, analyzer, df, a, now, 8));
#ifndef KHABAR_STORE_POSTGRES_SEARCH_H_
#define KHABAR_STORE_POSTGRES_SEARCH_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/base/status.h"
#include "src/content/types.h"
#include "src/search/analyzer.h"
#include "src/store/postgres/db.h"
#include "src/store/store.h"

namespace khabar::store::postgres {

StatusOr<SearchResults> RunSearch(Connection& c, search::Analyzer& analyzer,
                                  const SearchQuery& query);

// How many published articles hold each index term, remembered across calls (terms are
// looked up in the index vocabulary once). Counts drift slowly as articles arrive, which
// does not matter for choosing an article's distinctive words; Reset() starts afresh.
class TermCounts {
 public:
  StatusOr<int64_t> Get(Connection& c, const std::string& term);
  // The number of published articles when the counts were started; -1 before.
  int64_t documents() const { return documents_; }
  void Reset(int64_t documents) {
    counts_.clear();
    documents_ = documents;
  }
  size_t size() const { return counts_.size(); }

 private:
  std::unordered_map<std::string, int64_t> counts_;
  int64_t documents_ = -1;
};

// The ids of the articles most related to `article`, best first: similar by the
// distinctive terms of its title and body, sharing its tags, recent ones preferred.
// `counts` must have been Reset with the number of published articles.
StatusOr<std::vector<int64_t>> ComputeRelated(Connection& c, search::Analyzer& analyzer,
                                              TermCounts& counts, const content::Article& article,
                                              int64_t now, int limit);

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_SEARCH_H_
