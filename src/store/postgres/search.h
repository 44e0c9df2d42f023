// File: src/store/postgres/search.h  (private to the PostgreSQL store)
//
// Reader search and related articles (the shared code of sql/search.h) over the index of
// search_index.h, read through MatchFts (FTS5's bm25, so the same order as on SQLite). The
// store calls these with a pooled reader connection and an analyzer of its own; they never
// write.
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
#include "src/store/postgres/search_index.h"
#include "src/store/sql/search.h"
#include "src/store/store.h"

namespace khabar::store::postgres {

// The search index (search_index.h) as sql/search.h asks for it (see there for what each
// member does).
struct SearchIndex {
  using Db = Backend;
  static StatusOr<std::vector<Match>> Matches(Connection& c, search::Analyzer& analyzer,
                                              const std::string& match) {
    return MatchFts(c, analyzer, match);
  }
  static StatusOr<sql::Ranked> RankFiltered(Connection& c, search::Analyzer& analyzer,
                                            const std::string& match, const SearchQuery& q);
  static StatusOr<int64_t> TermDocuments(Connection& c, const std::string& term);
  static StatusOr<std::string> SurfaceOf(Connection& c, search::Analyzer& analyzer,
                                         const std::string& term);
  static constexpr const char* kAllTerms = "SELECT term, docs FROM search_vocab WHERE docs > 0";
  static constexpr const char* kTermsBetween =
      "SELECT term, docs FROM search_vocab WHERE term >= ?1 COLLATE \"C\" "
      "AND term < ?2 COLLATE \"C\" AND docs > 0 ORDER BY term COLLATE \"C\"";
  static constexpr const char* kTagNeighbours =
      "SELECT a.id, COUNT(*), a.category_id = ?2, a.published_at "
      "FROM article_tags t1 JOIN article_tags t2 ON t2.tag_id = t1.tag_id "
      "JOIN articles a ON a.id = t2.article_id "
      "WHERE t1.article_id = ?1 AND a.id != ?1 AND a.status = 3 "
      "GROUP BY a.id ORDER BY COUNT(*) DESC, a.published_at DESC LIMIT 40";
  static Status AddSharing(Connection& c, search::Analyzer& analyzer,
                           const std::vector<sql::RelatedTerm>& terms, int64_t self,
                           std::unordered_map<int64_t, double>& shared);
  static StatusOr<std::unordered_map<int64_t, sql::ArticleFacts>> Facts(
      Connection& c, const std::vector<int64_t>& ids, int64_t category);
};

StatusOr<SearchResults> RunSearch(Connection& c, search::Analyzer& analyzer,
                                  const SearchQuery& query);

// How many published articles hold each index term (sql/search.h).
using TermCounts = sql::TermCounts<SearchIndex>;

// The ids of the articles most related to `article`, best first (sql/search.h).
StatusOr<std::vector<int64_t>> ComputeRelated(Connection& c, search::Analyzer& analyzer,
                                              TermCounts& counts, const content::Article& article,
                                              int64_t now, int limit);

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_SEARCH_H_
