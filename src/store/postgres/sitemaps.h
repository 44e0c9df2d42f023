// File: src/store/postgres/sitemaps.h  (private to the PostgreSQL store)
//
// The sitemaps' reads (see store::SitemapStore) on one pooled reader connection.
#ifndef KHABAR_STORE_POSTGRES_SITEMAPS_H_
#define KHABAR_STORE_POSTGRES_SITEMAPS_H_

#include <vector>

#include "src/store/postgres/db.h"
#include "src/store/store.h"

namespace khabar::store::postgres::sitemaps {

StatusOr<int64_t> Count(Connection& r, SitemapKind kind);
StatusOr<std::vector<SitemapEntry>> List(Connection& r, SitemapKind kind, int offset, int limit);
StatusOr<int64_t> LastModified(Connection& r, SitemapKind kind);

}  // namespace khabar::store::postgres::sitemaps

#endif  // KHABAR_STORE_POSTGRES_SITEMAPS_H_
