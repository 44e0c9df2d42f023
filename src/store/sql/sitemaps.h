// File: src/store/sql/sitemaps.h  (private to the stores)
//
// The sitemaps' reads (see store::SitemapStore) on one pooled reader connection.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in sitemaps.cc for sqlite::Backend and postgres::Backend.
#ifndef KHABAR_STORE_SQL_SITEMAPS_H_
#define KHABAR_STORE_SQL_SITEMAPS_H_

#include <vector>

#include "src/store/store.h"

namespace khabar::store::sql {

template <class Db>
struct Sitemaps {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using Transaction = typename Db::Transaction;

  static StatusOr<int64_t> Count(Connection& r, SitemapKind kind);
  static StatusOr<std::vector<SitemapEntry>> List(Connection& r, SitemapKind kind, int offset,
                                                  int limit);
  static StatusOr<int64_t> LastModified(Connection& r, SitemapKind kind);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_SITEMAPS_H_
