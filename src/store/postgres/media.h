// File: src/store/postgres/media.h  (private to the PostgreSQL store)
//
// The media library's rows on one connection. SqliteStore calls the readers with a pooled
// reader and the writers with its writer, under its write lock.
#ifndef KHABAR_STORE_POSTGRES_MEDIA_H_
#define KHABAR_STORE_POSTGRES_MEDIA_H_

#include <optional>

#include "src/content/types.h"
#include "src/store/postgres/db.h"

namespace khabar::store::postgres::media {

StatusOr<int64_t> SetFeaturedImage(Connection& w, int64_t article_id, const content::Media& m,
                                   int64_t now);
Status ClearFeaturedImage(Connection& w, int64_t article_id, int64_t now);
StatusOr<content::Media> GetMedia(Connection& r, int64_t id);
// The featured image of an article, if it has one.
StatusOr<std::optional<content::Media>> FeaturedImage(Connection& r, int64_t article_id);

}  // namespace khabar::store::postgres::media

#endif  // KHABAR_STORE_POSTGRES_MEDIA_H_
