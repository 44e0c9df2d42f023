// File: src/store/postgres/revisions.h  (private to the PostgreSQL store)
//
// Revisions of articles on one connection: the article's current content read as a
// revision, and revisions written and read. SqliteStore calls the writers with its writer,
// inside the transaction that changes the article.
#ifndef KHABAR_STORE_POSTGRES_REVISIONS_H_
#define KHABAR_STORE_POSTGRES_REVISIONS_H_

#include <cstdint>
#include <vector>

#include "src/content/types.h"
#include "src/store/postgres/db.h"

namespace khabar::store::postgres::revisions {

// The article's content now, as a revision made at its modified time (no id, no author).
StatusOr<content::Revision> CurrentState(Connection& c, int64_t article_id);
// The version of the article's newest revision; -1 when it has none.
StatusOr<int64_t> LatestVersion(Connection& c, int64_t article_id);
// Stores `r` (its id is ignored) and returns the new id.
StatusOr<int64_t> Insert(Connection& w, const content::Revision& r);
StatusOr<std::vector<content::Revision>> List(Connection& c, int64_t article_id);
StatusOr<content::Revision> Get(Connection& c, int64_t id);

}  // namespace khabar::store::postgres::revisions

#endif  // KHABAR_STORE_POSTGRES_REVISIONS_H_
