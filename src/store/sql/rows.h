// File: src/store/sql/rows.h  (private to the stores)
//
// Reading an ArticleSummary from a row: the columns to select and the function that reads
// them, shared by every query of either store that lists articles.
#ifndef KHABAR_STORE_SQL_ROWS_H_
#define KHABAR_STORE_SQL_ROWS_H_

#include <cstdint>

#include "src/content/types.h"

namespace khabar::store::sql {

// Columns of an ArticleSummary, in the order ReadSummary expects.
#define KHABAR_SUMMARY_COLUMNS                                                     \
  "a.id, a.title, a.slug, a.excerpt, a.published_at, a.breaking_until, "           \
  "COALESCE(c.id, 0), COALESCE(c.name, ''), COALESCE(c.slug, ''), "                \
  "COALESCE(u.id, 0), COALESCE(u.name, ''), COALESCE(u.slug, ''), "                \
  "(SELECT COUNT(*) FROM comments m WHERE m.article_id = a.id AND m.status = 1), " \
  "COALESCE(a.external_id, '') "
#define KHABAR_SUMMARY_FROM                                          \
  " FROM articles a LEFT JOIN categories c ON c.id = a.category_id " \
  "LEFT JOIN authors u ON u.id = a.author_id "

// `now` decides whether a breaking flag is still on; 0 reports no article as breaking.
// `Stmt` is either backend's statement, on a row.
template <class Stmt>
content::ArticleSummary ReadSummary(const Stmt& s, int64_t now) {
  content::ArticleSummary a;
  a.id = s.Int(0);
  a.title = s.Text(1);
  a.slug = s.Text(2);
  a.excerpt = s.Text(3);
  a.published_at = s.Int(4);
  a.breaking_until = s.IsNull(5) ? 0 : s.Int(5);
  a.breaking = now > 0 && a.breaking_until > now;
  a.category = {s.Int(6), s.Text(7), s.Text(8)};
  a.author = {s.Int(9), s.Text(10), s.Text(11)};
  a.comment_count = static_cast<int>(s.Int(12));
  a.external_id = s.Text(13);
  return a;
}

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_ROWS_H_
