// File: src/store/sql/wp_api.h  (private to the stores)
//
// The reads behind the WordPress-compatible API (PublicStore): published articles with
// WordPress's filters and orders, tags, categories, authors and approved comments. Fixed
// SQL only: every list of ids or slugs is bound as one JSON array and read as a table
// (SQLite's json_each, PostgreSQL's json_array_elements_text), so any filter combination
// runs the same prepared statement. A search matches with SQLite's FTS5 or PostgreSQL's
// search index (postgres/search_index.h); the rest is the same on both.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in wp_api.cc for sqlite::Backend and postgres::Backend.
//
//   ASSIGN_OR_RETURN(PostIds ids, wp_api::ListPostIds(*reader, analyzer, query));
#ifndef KHABAR_STORE_SQL_WP_API_H_
#define KHABAR_STORE_SQL_WP_API_H_

#include <cstdint>
#include <vector>

#include "src/search/analyzer.h"
#include "src/store/store.h"

namespace khabar::store::sql {

struct PostIds {
  std::vector<int64_t> ids;  // one page, in the order asked
  int64_t total = 0;
};

template <class Db>
struct WpApi {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using PostIds = sql::PostIds;

  // The store loads each article whole from these ids.
  static StatusOr<PostIds> ListPostIds(Connection& r, search::Analyzer& analyzer,
                                       const PostQuery& q);
  static StatusOr<content::Page<content::TaxonomyItem>> ListTerms(Connection& r,
                                                                  content::TaxonomyKind kind,
                                                                  const NameQuery& q);
  static StatusOr<content::Page<content::Author>> ListAuthors(Connection& r, const NameQuery& q);
  static StatusOr<content::Page<PublicComment>> ListComments(Connection& r,
                                                             const PublicCommentQuery& q);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_WP_API_H_
