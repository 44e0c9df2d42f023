#include "src/store/sql/wp_api.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "src/search/query.h"
#include "src/store/postgres/db.h"
#include "src/store/postgres/search_index.h"
#include "src/store/sql/backend.h"
#include "src/store/sqlite/db.h"
#include "src/store/sqlite/fts5_query.h"

namespace khabar::store::sql {
namespace {

using content::Page;

constexpr int kMaxOffset = 1000000;

std::string IdsJson(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.append(std::to_string(ids[i]));
  }
  out.push_back(']');
  return out;
}

std::string TextsJson(const std::vector<std::string>& texts) {
  nlohmann::json j = texts;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "%text%" for LIKE with '\' as the escape character; "" stays "" (no filter).
std::string LikePattern(const std::string& text) {
  if (text.empty()) return "";
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

int Limit(int limit) { return std::clamp(limit, 0, 100); }
int Offset(int offset) { return std::clamp(offset, 0, kMaxOffset); }
int64_t Direction(bool ascending) { return ascending ? 1 : -1; }

// ---- Posts ------------------------------------------------------------------------

// Statements are written once as macros of the dialect D (see sql/backend.h).
// clang-format off

// ?1 categories, ?2 tags, ?3 authors, ?4 slugs, ?5 include, ?6 exclude (JSON arrays; "[]"
// means no filter), ?7 < published_at < ?8.
#define KHABAR_WP_POST_WHERE(D)                                                       \
  "a.status = 3 "                                                                     \
  "AND (?1 = '[]' OR a.category_id IN (" KHABAR_##D##_JSON_IDS("?1") ")) "            \
  "AND (?2 = '[]' OR EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id " \
  "AND t.tag_id IN (" KHABAR_##D##_JSON_IDS("?2") "))) "                              \
  "AND (?3 = '[]' OR a.author_id IN (" KHABAR_##D##_JSON_IDS("?3") ")) "              \
  "AND (?4 = '[]' OR a.slug IN (" KHABAR_##D##_JSON_TEXTS("?4") ")) "                 \
  "AND (?5 = '[]' OR a.id IN (" KHABAR_##D##_JSON_IDS("?5") ")) "                     \
  "AND (?6 = '[]' OR a.id NOT IN (" KHABAR_##D##_JSON_IDS("?6") ")) "                 \
  "AND a.published_at > ?7 AND a.published_at < ?8 "
// ?9 the order (OrderCode), ?10 1 ascending or -1 descending, ?11 limit, ?12 offset.
#define KHABAR_WP_POST_ORDER                                                           \
  "CASE CAST(?9 AS INTEGER) WHEN 0 THEN a.published_at WHEN 1 THEN a.modified_at "      \
  "WHEN 2 THEN a.id END * ?10, "                                                       \
  "CASE WHEN ?9 = 3 AND ?10 > 0 THEN a.title END ASC, "                                \
  "CASE WHEN ?9 = 3 AND ?10 < 0 THEN a.title END DESC, "                               \
  "CASE WHEN ?9 = 4 AND ?10 > 0 THEN a.slug END ASC, "                                 \
  "CASE WHEN ?9 = 4 AND ?10 < 0 THEN a.slug END DESC, "                                \
  "a.published_at * ?10, a.id * ?10 LIMIT ?11 OFFSET ?12"
// The search's matches as a table f(rowid, score), the score as FTS5's bm25 gives it: on
// SQLite FTS5's own (?13 its expression); on PostgreSQL the search index's answer
// (postgres/search_index.h), bound as two arrays (?13 the ids, ?14 their scores).
#define KHABAR_SQLITE_WP_MATCH                                                  \
  " FROM (SELECT rowid, bm25(article_fts, 3.0, 1.0) AS score FROM article_fts " \
  "WHERE article_fts MATCH ?13) f CROSS JOIN articles a ON a.id = f.rowid WHERE "
#define KHABAR_POSTGRES_WP_MATCH                                   \
  " FROM unnest(?13::bigint[], ?14::float8[]) AS f(rowid, score) " \
  "JOIN articles a ON a.id = f.rowid WHERE "
// PostgreSQL wants a type for every parameter below the last: the count names the order's,
// ?9 to ?12, which it does not use.
#define KHABAR_SQLITE_WP_UNUSED_ORDER ""
#define KHABAR_POSTGRES_WP_UNUSED_ORDER                        \
  "AND ?9::text IS NULL AND ?10::text IS NULL "               \
  "AND ?11::text IS NULL AND ?12::text IS NULL"

#define KHABAR_WP_COUNT_POSTS(D) "SELECT COUNT(*) FROM articles a WHERE " KHABAR_WP_POST_WHERE(D)
#define KHABAR_WP_LIST_POSTS(D)                                          \
  "SELECT a.id FROM articles a WHERE " KHABAR_WP_POST_WHERE(D) "ORDER BY " \
  KHABAR_WP_POST_ORDER
#define KHABAR_WP_COUNT_MATCHES(D)                                         \
  "SELECT COUNT(*)" KHABAR_##D##_WP_MATCH KHABAR_WP_POST_WHERE(D)          \
  KHABAR_##D##_WP_UNUSED_ORDER
#define KHABAR_WP_LIST_MATCHES(D)                                          \
  "SELECT a.id" KHABAR_##D##_WP_MATCH KHABAR_WP_POST_WHERE(D)              \
  "ORDER BY CASE WHEN ?9 = 5 THEN f.score END, " KHABAR_WP_POST_ORDER
// clang-format on

int OrderCode(PostOrder order) {
  switch (order) {
    case PostOrder::kDate:
      return 0;
    case PostOrder::kModified:
      return 1;
    case PostOrder::kId:
      return 2;
    case PostOrder::kTitle:
      return 3;
    case PostOrder::kSlug:
      return 4;
    case PostOrder::kRelevance:
      return 5;
  }
  return 0;
}

template <class Stmt>
void BindPostFilter(Stmt& s, const PostQuery& q) {
  s.Bind(1, IdsJson(q.category_ids))
      .Bind(2, IdsJson(q.tag_ids))
      .Bind(3, IdsJson(q.author_ids))
      .Bind(4, TextsJson(q.slugs))
      .Bind(5, IdsJson(q.include_ids))
      .Bind(6, IdsJson(q.exclude_ids))
      .Bind(7, q.after.value_or(std::numeric_limits<int64_t>::min()))
      .Bind(8, q.before.value_or(std::numeric_limits<int64_t>::max()));
}

template <class Stmt>
void BindPostOrder(Stmt& s, const PostQuery& q, bool searching) {
  PostOrder order = q.order_by;
  if (order == PostOrder::kRelevance && !searching) order = PostOrder::kDate;
  s.Bind(9, OrderCode(order))
      .Bind(10, Direction(q.ascending))
      .Bind(11, Limit(q.limit))
      .Bind(12, Offset(q.offset));
}

template <class Stmt>
StatusOr<int64_t> CountOf(Stmt& s) {
  int64_t n = s.Step() ? s.Int(0) : 0;
  RETURN_IF_ERROR(s.status());
  return n;
}

// ---- Tags, categories, authors ----------------------------------------------------------

#define KHABAR_WP_CATEGORIES                                                                     \
  "(SELECT c.id, c.name, c.slug, "                                                               \
  "(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id) AS articles, "                   \
  "(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id AND a.status = 3) AS published, " \
  "c.position FROM categories c) x "
#define KHABAR_WP_TAGS                                                           \
  "(SELECT t.id, t.name, t.slug, "                                               \
  "(SELECT COUNT(*) FROM article_tags x WHERE x.tag_id = t.id) AS articles, "    \
  "(SELECT COUNT(*) FROM article_tags x JOIN articles a ON a.id = x.article_id " \
  "WHERE x.tag_id = t.id AND a.status = 3) AS published, 0 AS position FROM tags t) x "
#define KHABAR_WP_AUTHORS                                                                     \
  "(SELECT u.id, u.name, u.slug, "                                                            \
  "(SELECT COUNT(*) FROM articles a WHERE a.author_id = u.id AND a.status = 3) AS published " \
  "FROM authors u) x "
// clang-format off
// ?1 LIKE pattern or "", ?2 slugs, ?3 include, ?4 exclude, ?6 hide empty (?5: the post,
// in each kind's own clause).
#define KHABAR_WP_NAME_WHERE(D)                                                      \
  "WHERE (?1 = '' OR name " KHABAR_##D##_ILIKE " ?1 ESCAPE '\\' "                   \
  "OR slug " KHABAR_##D##_ILIKE " ?1 ESCAPE '\\') "                                 \
  "AND (?2 = '[]' OR slug IN (" KHABAR_##D##_JSON_TEXTS("?2") ")) "                 \
  "AND (?3 = '[]' OR id IN (" KHABAR_##D##_JSON_IDS("?3") ")) "                     \
  "AND (?4 = '[]' OR id NOT IN (" KHABAR_##D##_JSON_IDS("?4") ")) "                 \
  "AND (?6 = 0 OR published > 0) "
#define KHABAR_WP_CATEGORY_POST \
  "AND (?5 = 0 OR id IN (SELECT category_id FROM articles WHERE id = ?5 AND status = 3)) "
#define KHABAR_WP_TAG_POST                                                     \
  "AND (?5 = 0 OR id IN (SELECT x.tag_id FROM article_tags x JOIN articles a " \
  "ON a.id = x.article_id WHERE x.article_id = ?5 AND a.status = 3)) "
// Authors are listed only with a published article; ?5 is unused (but typed).
#define KHABAR_WP_AUTHOR_POST "AND published > 0 AND CAST(?5 AS BIGINT) = CAST(?5 AS BIGINT) "
// ?7 the order (NameOrder), ?8 1 ascending or -1 descending, ?9 limit, ?10 offset.
#define KHABAR_WP_NAME_ORDER                                                         \
  "ORDER BY CASE CAST(?7 AS INTEGER) WHEN 1 THEN id WHEN 3 THEN published END * ?8, " \
  "CASE WHEN ?7 = 0 AND ?8 > 0 THEN name END ASC, "                                  \
  "CASE WHEN ?7 = 0 AND ?8 < 0 THEN name END DESC, "                                 \
  "CASE WHEN ?7 = 2 AND ?8 > 0 THEN slug END ASC, "                                  \
  "CASE WHEN ?7 = 2 AND ?8 < 0 THEN slug END DESC, "                                 \
  "id * ?8 LIMIT ?9 OFFSET ?10"
#define KHABAR_WP_TERM_COLUMNS "SELECT id, name, slug, articles, published, position FROM "

#define KHABAR_WP_COUNT_TAGS(D) \
  "SELECT COUNT(*) FROM " KHABAR_WP_TAGS KHABAR_WP_NAME_WHERE(D) KHABAR_WP_TAG_POST
#define KHABAR_WP_COUNT_CATEGORIES(D) \
  "SELECT COUNT(*) FROM " KHABAR_WP_CATEGORIES KHABAR_WP_NAME_WHERE(D) KHABAR_WP_CATEGORY_POST
#define KHABAR_WP_COUNT_AUTHORS(D) \
  "SELECT COUNT(*) FROM " KHABAR_WP_AUTHORS KHABAR_WP_NAME_WHERE(D) KHABAR_WP_AUTHOR_POST
#define KHABAR_WP_LIST_TAGS(D)                                                      \
  KHABAR_WP_TERM_COLUMNS KHABAR_WP_TAGS KHABAR_WP_NAME_WHERE(D) KHABAR_WP_TAG_POST \
  KHABAR_WP_NAME_ORDER
#define KHABAR_WP_LIST_CATEGORIES(D)                                                          \
  KHABAR_WP_TERM_COLUMNS KHABAR_WP_CATEGORIES KHABAR_WP_NAME_WHERE(D) KHABAR_WP_CATEGORY_POST \
  KHABAR_WP_NAME_ORDER
#define KHABAR_WP_LIST_AUTHORS(D)                                                         \
  "SELECT id, name, slug FROM " KHABAR_WP_AUTHORS KHABAR_WP_NAME_WHERE(D)                \
  KHABAR_WP_AUTHOR_POST KHABAR_WP_NAME_ORDER

// ?1 the posts, ?2 the parents (JSON arrays, "[]" means no filter).
#define KHABAR_WP_COMMENT_WHERE(D)                                                     \
  " FROM comments m JOIN articles a ON a.id = m.article_id "                           \
  "WHERE m.status = 1 AND a.status = 3 "                                               \
  "AND (?1 = '[]' OR m.article_id IN (" KHABAR_##D##_JSON_IDS("?1") ")) "              \
  "AND (?2 = '[]' OR COALESCE(m.parent_id, 0) IN (" KHABAR_##D##_JSON_IDS("?2") ")) "
#define KHABAR_WP_COUNT_COMMENTS(D) "SELECT COUNT(*)" KHABAR_WP_COMMENT_WHERE(D)
// ?3 1 by id, 0 by date; ?4 1 ascending or -1 descending, ?5 limit, ?6 offset. The e-mail
// column is never selected.
#define KHABAR_WP_LIST_COMMENTS(D)                                                          \
  "SELECT m.id, m.article_id, COALESCE(m.parent_id, 0), m.author_name, m.author_url, "    \
  "m.body, m.created_at, a.slug, a.published_at" KHABAR_WP_COMMENT_WHERE(D)               \
  "ORDER BY CASE WHEN ?3 THEN m.id ELSE m.created_at END * ?4, m.id * ?4 "                \
  "LIMIT ?5 OFFSET ?6"
// clang-format on

template <class Stmt>
void BindNameFilter(Stmt& s, const NameQuery& q) {
  s.Bind(1, LikePattern(q.search))
      .Bind(2, TextsJson(q.slugs))
      .Bind(3, IdsJson(q.include_ids))
      .Bind(4, IdsJson(q.exclude_ids))
      .Bind(5, q.post_id)
      .Bind(6, q.hide_empty ? 1 : 0);
}

template <class Stmt>
void BindNameOrder(Stmt& s, const NameQuery& q) {
  s.Bind(7, static_cast<int>(q.order_by))
      .Bind(8, Direction(q.ascending))
      .Bind(9, Limit(q.limit))
      .Bind(10, Offset(q.offset));
}

}  // namespace

template <class Db>
StatusOr<PostIds> WpApi<Db>::ListPostIds(Connection& r, search::Analyzer& analyzer,
                                         const PostQuery& q) {
  PostIds out;
  if (q.search.empty()) {
    ASSIGN_OR_RETURN(Stmt count, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_COUNT_POSTS)));
    BindPostFilter(count, q);
    ASSIGN_OR_RETURN(out.total, CountOf(count));
    ASSIGN_OR_RETURN(Stmt list, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_LIST_POSTS)));
    BindPostFilter(list, q);
    BindPostOrder(list, q, false);
    while (list.Step()) out.ids.push_back(list.Int(0));
    RETURN_IF_ERROR(list.status());
    return out;
  }
  sqlite::FtsQuery fts = sqlite::BuildFtsQuery(search::ParseQuery(q.search), analyzer);
  if (fts.problem != search::QueryProblem::kNone || fts.all.empty()) return out;
  // What KHABAR_##D##_WP_MATCH reads: the FTS5 expression, or PostgreSQL's matches.
  std::string match = fts.all, scores;
  if constexpr (Db::kDialect == Dialect::kPostgres) {
    ASSIGN_OR_RETURN(std::vector<postgres::Match> matches,
                     postgres::MatchFts(r, analyzer, fts.all));
    std::vector<int64_t> ids;
    std::vector<double> bm25;
    for (const postgres::Match& m : matches) {
      ids.push_back(m.id);
      bm25.push_back(m.score);
    }
    match = postgres::IntArray(ids);
    scores = postgres::DoubleArray(bm25);
  }
  auto bind_match = [&](Stmt& s) {
    s.Bind(13, match);
    if constexpr (Db::kDialect == Dialect::kPostgres) s.Bind(14, scores);
  };
  ASSIGN_OR_RETURN(Stmt count, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_COUNT_MATCHES)));
  BindPostFilter(count, q);
  bind_match(count);
  ASSIGN_OR_RETURN(out.total, CountOf(count));
  ASSIGN_OR_RETURN(Stmt list, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_LIST_MATCHES)));
  BindPostFilter(list, q);
  BindPostOrder(list, q, true);
  bind_match(list);
  while (list.Step()) out.ids.push_back(list.Int(0));
  RETURN_IF_ERROR(list.status());
  return out;
}

template <class Db>
StatusOr<Page<content::TaxonomyItem>> WpApi<Db>::ListTerms(Connection& r,
                                                           content::TaxonomyKind kind,
                                                           const NameQuery& q) {
  bool tags = kind == content::TaxonomyKind::kTag;
  ASSIGN_OR_RETURN(Stmt count, r.Prepare(tags ? KHABAR_SPELL(Db, KHABAR_WP_COUNT_TAGS)
                                              : KHABAR_SPELL(Db, KHABAR_WP_COUNT_CATEGORIES)));
  BindNameFilter(count, q);
  Page<content::TaxonomyItem> page;
  ASSIGN_OR_RETURN(page.total, CountOf(count));
  ASSIGN_OR_RETURN(Stmt list, r.Prepare(tags ? KHABAR_SPELL(Db, KHABAR_WP_LIST_TAGS)
                                             : KHABAR_SPELL(Db, KHABAR_WP_LIST_CATEGORIES)));
  BindNameFilter(list, q);
  BindNameOrder(list, q);
  while (list.Step()) {
    content::TaxonomyItem t;
    t.id = list.Int(0);
    t.name = list.Text(1);
    t.slug = list.Text(2);
    t.articles = list.Int(3);
    t.published = list.Int(4);
    t.position = list.Int(5);
    page.items.push_back(std::move(t));
  }
  RETURN_IF_ERROR(list.status());
  return page;
}

template <class Db>
StatusOr<Page<content::Author>> WpApi<Db>::ListAuthors(Connection& r, const NameQuery& q) {
  NameQuery authors = q;
  authors.hide_empty = false;  // they all have a published article
  if (authors.order_by == NameOrder::kCount) authors.order_by = NameOrder::kName;
  ASSIGN_OR_RETURN(Stmt count, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_COUNT_AUTHORS)));
  BindNameFilter(count, authors);
  Page<content::Author> page;
  ASSIGN_OR_RETURN(page.total, CountOf(count));
  ASSIGN_OR_RETURN(Stmt list, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_LIST_AUTHORS)));
  BindNameFilter(list, authors);
  BindNameOrder(list, authors);
  while (list.Step()) page.items.push_back({list.Int(0), list.Text(1), list.Text(2)});
  RETURN_IF_ERROR(list.status());
  return page;
}

template <class Db>
StatusOr<Page<PublicComment>> WpApi<Db>::ListComments(Connection& r, const PublicCommentQuery& q) {
  ASSIGN_OR_RETURN(Stmt count, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_COUNT_COMMENTS)));
  count.Bind(1, IdsJson(q.post_ids)).Bind(2, IdsJson(q.parent_ids));
  Page<PublicComment> page;
  ASSIGN_OR_RETURN(page.total, CountOf(count));
  ASSIGN_OR_RETURN(Stmt list, r.Prepare(KHABAR_SPELL(Db, KHABAR_WP_LIST_COMMENTS)));
  list.Bind(1, IdsJson(q.post_ids)).Bind(2, IdsJson(q.parent_ids));
  list.Bind(3, q.by_id ? 1 : 0)
      .Bind(4, Direction(q.ascending))
      .Bind(5, Limit(q.limit))
      .Bind(6, Offset(q.offset));
  while (list.Step()) {
    PublicComment c;
    c.comment.id = list.Int(0);
    c.comment.article_id = list.Int(1);
    c.comment.parent_id = list.Int(2);
    c.comment.author_name = list.Text(3);
    c.comment.author_url = list.Text(4);
    c.comment.body = list.Text(5);
    c.comment.status = content::CommentStatus::kApproved;
    c.comment.created_at = list.Int(6);
    c.article_slug = list.Text(7);
    c.article_published_at = list.Int(8);
    page.items.push_back(std::move(c));
  }
  RETURN_IF_ERROR(list.status());
  return page;
}

template struct WpApi<sqlite::Backend>;
template struct WpApi<postgres::Backend>;

}  // namespace khabar::store::sql
