// File: src/store/sql/media.h  (private to the stores)
//
// The media library's rows on one connection. The store calls the readers with a pooled reader and
// the writers with its writer, under its write lock.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in media.cc for sqlite::Backend and postgres::Backend.
#ifndef KHABAR_STORE_SQL_MEDIA_H_
#define KHABAR_STORE_SQL_MEDIA_H_

#include <optional>

#include "src/base/status.h"
#include "src/content/types.h"

namespace khabar::store::sql {

template <class Db>
struct Media {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using Transaction = typename Db::Transaction;

  static StatusOr<int64_t> SetFeaturedImage(Connection& w, int64_t article_id,
                                            const content::Media& m, int64_t now);
  static Status ClearFeaturedImage(Connection& w, int64_t article_id, int64_t now);
  static StatusOr<content::Media> GetMedia(Connection& r, int64_t id);
  // The featured image of an article, if it has one.
  static StatusOr<std::optional<content::Media>> FeaturedImage(Connection& r, int64_t article_id);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_MEDIA_H_
