#include "src/store/sql/imports.h"

#include "src/content/slug.h"
#include "src/store/postgres/db.h"
#include "src/store/sqlite/db.h"

namespace khabar::store::sql {
namespace {

// The fixed SQL of each table; names and slugs are always bound.
struct TableSql {
  const char* find;
  const char* slug_taken;
  const char* insert;
};

const TableSql& Sql(NameTable table) {
  static constexpr TableSql kCategories = {"SELECT 1 FROM categories WHERE name = ?1",
                                           "SELECT 1 FROM categories WHERE slug = ?1",
                                           "INSERT INTO categories (name, slug) VALUES (?1, ?2)"};
  static constexpr TableSql kTags = {"SELECT 1 FROM tags WHERE name = ?1",
                                     "SELECT 1 FROM tags WHERE slug = ?1",
                                     "INSERT INTO tags (name, slug) VALUES (?1, ?2)"};
  static constexpr TableSql kAuthors = {"SELECT 1 FROM authors WHERE name = ?1",
                                        "SELECT 1 FROM authors WHERE slug = ?1",
                                        "INSERT INTO authors (name, slug) VALUES (?1, ?2)"};
  switch (table) {
    case NameTable::kCategories:
      return kCategories;
    case NameTable::kTags:
      return kTags;
    case NameTable::kAuthors:
      break;
  }
  return kAuthors;
}

template <class Connection>
StatusOr<bool> Exists(Connection& w, const char* sql, std::string_view value) {
  ASSIGN_OR_RETURN(auto s, w.Prepare(sql));
  s.Bind(1, value);
  bool found = s.Step();
  RETURN_IF_ERROR(s.status());
  return found;
}

}  // namespace

template <class Db>
Status Imports<Db>::EnsureName(Connection& w, NameTable table, const ImportedName& n) {
  const TableSql& sql = Sql(table);
  if (n.name.empty()) return OkStatus();
  ASSIGN_OR_RETURN(bool known, Exists(w, sql.find, n.name));
  if (known) return OkStatus();
  std::string slug;
  if (!n.slug.empty()) {
    ASSIGN_OR_RETURN(bool taken, Exists(w, sql.slug_taken, n.slug));
    if (!taken) slug = n.slug;
  }
  if (slug.empty()) {
    std::string base = content::MakeSlug(n.name, 80);
    if (base.empty()) base.push_back('t');
    for (int i = 1; slug.empty(); ++i) {
      if (i >= 10000) {
        std::string message = "no free slug for ";
        message.append(base);
        return InternalError(message);
      }
      std::string candidate = content::SlugCandidate(base, i);
      ASSIGN_OR_RETURN(bool taken, Exists(w, sql.slug_taken, candidate));
      if (!taken) slug = std::move(candidate);
    }
  }
  ASSIGN_OR_RETURN(Stmt s, w.Prepare(sql.insert));
  s.Bind(1, n.name).Bind(2, slug);
  return s.Run();
}

template <class Db>
StatusOr<std::optional<int64_t>> Imports<Db>::FindComment(Connection& w,
                                                          std::string_view external_id) {
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("SELECT id FROM comments WHERE external_id = ?1"));
  s.Bind(1, external_id);
  if (s.Step()) return std::optional<int64_t>(s.Int(0));
  RETURN_IF_ERROR(s.status());
  return std::optional<int64_t>();
}

template <class Db>
StatusOr<int64_t> Imports<Db>::AddComment(Connection& w, const content::CommentInput& in,
                                          int64_t article_id, int64_t parent_id) {
  ASSIGN_OR_RETURN(
      Stmt s,
      w.Prepare("INSERT INTO comments (article_id, parent_id, author_name, author_email, "
                "author_url, body, status, created_at, ip, external_id) VALUES (?1, ?2, ?3, ?4, "
                "?5, ?6, ?7, ?8, ?9, ?10)"));
  s.Bind(1, article_id);
  if (parent_id != 0) {
    s.Bind(2, parent_id);
  } else {
    s.BindNull(2);
  }
  s.Bind(3, in.author_name).Bind(4, in.email).Bind(5, in.author_url).Bind(6, in.body);
  s.Bind(7, static_cast<int>(in.status)).Bind(8, in.created_at).Bind(9, in.ip);
  if (in.external_id.empty()) {
    s.BindNull(10);
  } else {
    s.Bind(10, in.external_id);
  }
  RETURN_IF_ERROR(s.Run());
  return w.LastInsertId();
}

template <class Db>
Status Imports<Db>::SetImageUrl(Connection& w, int64_t article_id, std::string_view url) {
  if (url.empty()) {
    ASSIGN_OR_RETURN(Stmt d, w.Prepare("DELETE FROM article_image_refs WHERE article_id = ?1"));
    d.Bind(1, article_id);
    return d.Run();
  }
  ASSIGN_OR_RETURN(Stmt s, w.Prepare("INSERT INTO article_image_refs (article_id, url) VALUES "
                                     "(?1, ?2) ON CONFLICT (article_id) DO UPDATE SET url = "
                                     "excluded.url WHERE article_image_refs.url != excluded.url"));
  s.Bind(1, article_id).Bind(2, url);
  return s.Run();
}

template <class Db>
StatusOr<std::string> Imports<Db>::ImageUrl(Connection& r, int64_t article_id) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT url FROM article_image_refs WHERE article_id = ?1"));
  s.Bind(1, article_id);
  if (s.Step()) return s.Text(0);
  RETURN_IF_ERROR(s.status());
  return std::string();
}

template struct Imports<sqlite::Backend>;
template struct Imports<postgres::Backend>;

}  // namespace khabar::store::sql
