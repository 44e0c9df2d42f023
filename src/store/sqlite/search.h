// File: src/store/sqlite/search.h  (private to the SQLite store)
//
// Reader search and related articles (the shared code of sql/search.h) over the FTS5 index
// that the "khabar" tokenizer builds (migration 002). The store calls these with a pooled
// reader connection and an analyzer of its own; they never write.
//
//   ASSIGN_OR_RETURN(SearchResults r, RunSearch(*reader, analyzer, query));
//   ASSIGN_OR_RETURN(std::vector<int64_t> ids, ComputeRelated(*reader, analyzer, df, a, now, 8));
#ifndef KHABAR_STORE_SQLITE_SEARCH_H_
#define KHABAR_STORE_SQLITE_SEARCH_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/base/status.h"
#include "src/content/types.h"
#include "src/search/analyzer.h"
#include "src/store/sql/search.h"
#include "src/store/sqlite/db.h"
#include "src/store/store.h"

namespace khabar::store::sqlite {

// FTS5's index as sql/search.h asks for it (see there for what each member does).
struct FtsIndex {
  using Db = Backend;
  struct Match {
    int64_t id;
    double score;  // bm25: the lower, the better
    int64_t hit;
  };
  static StatusOr<std::vector<Match>> Matches(Connection& c, search::Analyzer& analyzer,
                                              const std::string& match);
  static StatusOr<sql::Ranked> RankFiltered(Connection& c, search::Analyzer& analyzer,
                                            const std::string& match, const SearchQuery& q);
  static StatusOr<int64_t> TermDocuments(Connection& c, const std::string& term);
  static StatusOr<std::string> SurfaceOf(Connection& c, search::Analyzer& analyzer,
                                         const std::string& term);
  static constexpr const char* kAllTerms = "SELECT term, doc FROM article_vocab";
  static constexpr const char* kTermsBetween =
      "SELECT term, doc FROM article_vocab WHERE term >= ?1 AND term < ?2";
  static constexpr const char* kTagNeighbours =
      "SELECT a.id, COUNT(*), a.category_id = ?2, a.published_at "
      "FROM article_tags t1 CROSS JOIN article_tags t2 ON t2.tag_id = t1.tag_id "
      "CROSS JOIN articles a ON a.id = t2.article_id "
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
using TermCounts = sql::TermCounts<FtsIndex>;

// The ids of the articles most related to `article`, best first (sql/search.h).
StatusOr<std::vector<int64_t>> ComputeRelated(Connection& c, search::Analyzer& analyzer,
                                              TermCounts& counts, const content::Article& article,
                                              int64_t now, int limit);

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_SEARCH_H_
