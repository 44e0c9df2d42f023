// File: src/store/postgres/wp_api.h  (private to the PostgreSQL store)
//
// The reads behind the WordPress-compatible API (PublicStore): published articles with
// WordPress's filters and orders, tags, categories, authors and approved comments. Fixed
// SQL only: every list of ids or slugs is bound as one JSON array and read with json_each,
// so any filter combination runs the same prepared statement.
//
//   ASSIGN_OR_RETURN(PostIds ids, wp_api::ListPostIds(*reader, analyzer, query));
#ifndef KHABAR_STORE_POSTGRES_WP_API_H_
#define KHABAR_STORE_POSTGRES_WP_API_H_

#include <cstdint>
#include <vector>

#include "src/search/analyzer.h"
#include "src/store/postgres/db.h"
#include "src/store/store.h"

namespace khabar::store::postgres::wp_api {

struct PostIds {
  std::vector<int64_t> ids;  // one page, in the order asked
  int64_t total = 0;
};

// The store loads each article whole from these ids.
StatusOr<PostIds> ListPostIds(Connection& r, search::Analyzer& analyzer, const PostQuery& q);
StatusOr<content::Page<content::TaxonomyItem>> ListTerms(Connection& r, content::TaxonomyKind kind,
                                                         const NameQuery& q);
StatusOr<content::Page<content::Author>> ListAuthors(Connection& r, const NameQuery& q);
StatusOr<content::Page<PublicComment>> ListComments(Connection& r, const PublicCommentQuery& q);

}  // namespace khabar::store::postgres::wp_api

#endif  // KHABAR_STORE_POSTGRES_WP_API_H_
