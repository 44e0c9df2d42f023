#include "src/store/sql/sitemaps.h"

#include "src/store/postgres/db.h"
#include "src/store/sqlite/db.h"

namespace khabar::store::sql {

template <class Db>
StatusOr<int64_t> Sitemaps<Db>::Count(Connection& r, SitemapKind kind) {
  const char* sql = nullptr;
  switch (kind) {
    case SitemapKind::kArticles:
      sql = "SELECT COUNT(*) FROM articles WHERE status = 3";
      break;
    case SitemapKind::kCategories:
      sql =
          "SELECT COUNT(DISTINCT category_id) FROM articles "
          "WHERE status = 3 AND category_id IS NOT NULL";
      break;
    case SitemapKind::kTags:
      sql =
          "SELECT COUNT(DISTINCT x.tag_id) FROM article_tags x "
          "JOIN articles a ON a.id = x.article_id WHERE a.status = 3";
      break;
  }
  ASSIGN_OR_RETURN(Stmt s, r.Prepare(sql));
  int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  RETURN_IF_ERROR(s.status());
  return n;
}

template <class Db>
StatusOr<std::vector<SitemapEntry>> Sitemaps<Db>::List(Connection& r, SitemapKind kind, int offset,
                                                       int limit) {
  const char* sql = nullptr;
  switch (kind) {
    case SitemapKind::kArticles:
      sql =
          "SELECT slug, published_at, modified_at FROM articles WHERE status = 3 "
          "ORDER BY published_at, id LIMIT ?1 OFFSET ?2";
      break;
    case SitemapKind::kCategories:
      sql =
          "SELECT c.slug, MAX(a.published_at), MAX(a.modified_at) FROM categories c "
          "JOIN articles a ON a.category_id = c.id AND a.status = 3 "
          "GROUP BY c.id ORDER BY c.id LIMIT ?1 OFFSET ?2";
      break;
    case SitemapKind::kTags:
      sql =
          "SELECT t.slug, MAX(a.published_at), MAX(a.modified_at) FROM tags t "
          "JOIN article_tags x ON x.tag_id = t.id "
          "JOIN articles a ON a.id = x.article_id AND a.status = 3 "
          "GROUP BY t.id ORDER BY t.id LIMIT ?1 OFFSET ?2";
      break;
  }
  ASSIGN_OR_RETURN(Stmt s, r.Prepare(sql));
  s.Bind(1, limit).Bind(2, offset);
  std::vector<SitemapEntry> out;
  while (s.Step()) {
    SitemapEntry e;
    e.slug = s.Text(0);
    e.published_at = s.Int(1);
    e.modified_at = s.Int(2);
    out.push_back(std::move(e));
  }
  RETURN_IF_ERROR(s.status());
  return out;
}

template <class Db>
StatusOr<int64_t> Sitemaps<Db>::LastModified(Connection& r, SitemapKind kind) {
  const char* sql = nullptr;
  switch (kind) {
    case SitemapKind::kArticles:
      sql = "SELECT COALESCE(MAX(modified_at), 0) FROM articles WHERE status = 3";
      break;
    case SitemapKind::kCategories:
      sql =
          "SELECT COALESCE(MAX(modified_at), 0) FROM articles "
          "WHERE status = 3 AND category_id IS NOT NULL";
      break;
    case SitemapKind::kTags:
      sql =
          "SELECT COALESCE(MAX(a.modified_at), 0) FROM article_tags x "
          "JOIN articles a ON a.id = x.article_id WHERE a.status = 3";
      break;
  }
  ASSIGN_OR_RETURN(Stmt s, r.Prepare(sql));
  int64_t t = 0;
  if (s.Step()) t = s.Int(0);
  RETURN_IF_ERROR(s.status());
  return t;
}

template struct Sitemaps<sqlite::Backend>;
template struct Sitemaps<postgres::Backend>;

}  // namespace khabar::store::sql
