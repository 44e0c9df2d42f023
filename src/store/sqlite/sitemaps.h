// File: src/store/sqlite/sitemaps.h  (private to the SQLite store)
//
// The sitemaps' reads (see store::SitemapStore) on one pooled reader connection.
#ifndef KHABAR_STORE_SQLITE_SITEMAPS_H_
#define KHABAR_STORE_SQLITE_SITEMAPS_H_

#include <vector>

#include "src/store/sqlite/db.h"
#include "src/store/store.h"

namespace khabar::store::sqlite::sitemaps {

StatusOr<int64_t> Count(Connection& r, SitemapKind kind);
StatusOr<std::vector<SitemapEntry>> List(Connection& r, SitemapKind kind, int offset, int limit);
StatusOr<int64_t> LastModified(Connection& r, SitemapKind kind);

}  // namespace khabar::store::sqlite::sitemaps

#endif  // KHABAR_STORE_SQLITE_SITEMAPS_H_
