// File: src/store/sql/revisions.h  (private to the stores)
//
// Revisions of articles on one connection: the article's current content read as a revision, and
// revisions written and read. The store calls the writers with its writer, inside the transaction
// that changes the article.
//
// Written once for both stores: a class template over a backend (sql/backend.h),
// instantiated in revisions.cc for sqlite::Backend and postgres::Backend.
#ifndef KHABAR_STORE_SQL_REVISIONS_H_
#define KHABAR_STORE_SQL_REVISIONS_H_

#include <cstdint>
#include <vector>

#include "src/base/status.h"
#include "src/content/types.h"

namespace khabar::store::sql {

template <class Db>
struct Revisions {
  using Connection = typename Db::Connection;
  using Stmt = typename Db::Stmt;
  using Transaction = typename Db::Transaction;

  // The article's content now, as a revision made at its modified time (no id, no author).
  static StatusOr<content::Revision> CurrentState(Connection& c, int64_t article_id);
  // The version of the article's newest revision; -1 when it has none.
  static StatusOr<int64_t> LatestVersion(Connection& c, int64_t article_id);
  // Stores `r` (its id is ignored) and returns the new id.
  static StatusOr<int64_t> Insert(Connection& w, const content::Revision& r);
  static StatusOr<std::vector<content::Revision>> List(Connection& c, int64_t article_id);
  static StatusOr<content::Revision> Get(Connection& c, int64_t id);
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_REVISIONS_H_
