#include "src/store/sql/taxonomy.h"

#include "src/content/slug.h"
#include "src/store/postgres/db.h"
#include "src/store/sql/backend.h"
#include "src/store/sqlite/db.h"

namespace khabar::store::sql {
namespace {

// Columns of a TaxonomyItem, in ReadItem's order.
#define KHABAR_CATEGORY_ITEM                                                        \
  "SELECT c.id, c.name, c.slug, "                                                   \
  "(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id), "                  \
  "(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id AND a.status = 3), " \
  "c.position FROM categories c "
#define KHABAR_TAG_ITEM                                                          \
  "SELECT t.id, t.name, t.slug, "                                                \
  "(SELECT COUNT(*) FROM article_tags x WHERE x.tag_id = t.id), "                \
  "(SELECT COUNT(*) FROM article_tags x JOIN articles a ON a.id = x.article_id " \
  "WHERE x.tag_id = t.id AND a.status = 3), 0 FROM tags t "

// Tags whose name or slug holds ?1, all when it is empty.
// clang-format off
#define KHABAR_TAG_COUNT(D)                                                 \
  "SELECT COUNT(*) FROM tags WHERE ?1 = '' "                                \
  "OR " KHABAR_##D##_HOLDS("name", "?1") " OR " KHABAR_##D##_HOLDS("slug", "?1")
#define KHABAR_TAG_PAGE(D)                                                  \
  "SELECT * FROM (" KHABAR_TAG_ITEM "WHERE ?1 = '' "                        \
  "OR " KHABAR_##D##_HOLDS("t.name", "?1") " "                              \
  "OR " KHABAR_##D##_HOLDS("t.slug", "?1") ") x "                           \
  "ORDER BY 4 DESC, name LIMIT ?2 OFFSET ?3"
// clang-format on

// The SQL of one kind (statements are cached by their literal's address).
struct KindSql {
  const char* kind;  // in taxonomy_redirects
  const char* get;
  const char* get_by_name;
  const char* name_owner;
  const char* slug_owner;
  const char* insert;
  const char* update;
  const char* remove;
  const char* fallback_slug;  // when the name has no letter or digit
};

constexpr KindSql kCategorySql = {"category",
                                  KHABAR_CATEGORY_ITEM "WHERE c.id = ?1",
                                  KHABAR_CATEGORY_ITEM "WHERE c.name = ?1",
                                  "SELECT id FROM categories WHERE name = ?1",
                                  "SELECT id FROM categories WHERE slug = ?1",
                                  "INSERT INTO categories (name, slug) VALUES (?1, ?2)",
                                  "UPDATE categories SET name = ?2, slug = ?3 WHERE id = ?1",
                                  "DELETE FROM categories WHERE id = ?1",
                                  "category"};
constexpr KindSql kTagSql = {"tag",
                             KHABAR_TAG_ITEM "WHERE t.id = ?1",
                             KHABAR_TAG_ITEM "WHERE t.name = ?1",
                             "SELECT id FROM tags WHERE name = ?1",
                             "SELECT id FROM tags WHERE slug = ?1",
                             "INSERT INTO tags (name, slug) VALUES (?1, ?2)",
                             "UPDATE tags SET name = ?2, slug = ?3 WHERE id = ?1",
                             "DELETE FROM tags WHERE id = ?1",
                             "tag"};

const KindSql& SqlOf(TaxonomyKind kind) {
  return kind == TaxonomyKind::kCategory ? kCategorySql : kTagSql;
}

template <class Stmt>
TaxonomyItem ReadItem(const Stmt& s) {
  TaxonomyItem t;
  t.id = s.Int(0);
  t.name = s.Text(1);
  t.slug = s.Text(2);
  t.articles = s.Int(3);
  t.published = s.Int(4);
  t.position = s.Int(5);
  return t;
}

// The id of the row that `sql` (name_owner or slug_owner) finds for `value`; 0 if none.
template <class Connection>
StatusOr<int64_t> Owner(Connection& c, const char* sql, std::string_view value) {
  ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
  s.Bind(1, value);
  if (s.Step()) return s.Int(0);
  RETURN_IF_ERROR(s.status());
  return int64_t{0};
}

// The slug an item named `name` gets for `typed` (as the editor typed it, "" to make it
// from the name), free for item `self` (0: a new one). A typed slug that another item has
// is refused; one made from the name gets "-2", "-3"… until it is free.
template <class Connection>
StatusOr<std::string> ChooseSlug(Connection& w, const KindSql& sql, int64_t self,
                                 std::string_view name, std::string_view typed) {
  if (!typed.empty()) {
    std::string slug = content::MakeSlug(typed, 80);
    if (slug.empty()) return InvalidArgumentError("a slug needs a letter or a digit");
    ASSIGN_OR_RETURN(int64_t owner, Owner(w, sql.slug_owner, slug));
    if (owner != 0 && owner != self) return AlreadyExistsError(std::string(kSlugTaken));
    return slug;
  }
  std::string base = content::MakeSlug(name, 80);
  if (base.empty()) base = sql.fallback_slug;
  for (int n = 1; n < 10000; ++n) {
    std::string candidate = content::SlugCandidate(base, n);
    ASSIGN_OR_RETURN(int64_t owner, Owner(w, sql.slug_owner, candidate));
    if (owner == 0 || owner == self) return candidate;
  }
  return InternalError("no free slug for " + base);
}

template <class Connection>
Status CheckNameFree(Connection& w, const KindSql& sql, int64_t self, std::string_view name) {
  if (name.empty()) return InvalidArgumentError("empty name");
  ASSIGN_OR_RETURN(int64_t owner, Owner(w, sql.name_owner, name));
  if (owner != 0 && owner != self) return AlreadyExistsError(std::string(kNameTaken));
  return OkStatus();
}

// `old_slug` of this kind answers with item `target` from now on, and so does every old
// slug that answered with `from` (a merged item's history follows it).
template <class Connection>
Status Redirect(Connection& w, const KindSql& sql, std::string_view old_slug, int64_t from,
                int64_t target) {
  if (from != target) {
    ASSIGN_OR_RETURN(auto s, w.Prepare("UPDATE taxonomy_redirects SET target_id = ?3 "
                                       "WHERE kind = ?1 AND target_id = ?2"));
    s.Bind(1, sql.kind).Bind(2, from).Bind(3, target);
    RETURN_IF_ERROR(s.Run());
  }
  ASSIGN_OR_RETURN(auto s, w.Prepare("INSERT INTO taxonomy_redirects (kind, old_slug, target_id) "
                                     "VALUES (?1, ?2, ?3) ON CONFLICT (kind, old_slug) "
                                     "DO UPDATE SET target_id = excluded.target_id"));
  s.Bind(1, sql.kind).Bind(2, old_slug).Bind(3, target);
  return s.Run();
}

template <class Connection>
Status RemoveRow(Connection& w, const KindSql& sql, int64_t id) {
  ASSIGN_OR_RETURN(auto s, w.Prepare(sql.remove));
  s.Bind(1, id);
  RETURN_IF_ERROR(s.Run());
  if (w.Changes() == 0) return NotFoundError("no such " + std::string(sql.kind));
  return OkStatus();
}

// Moves every article of category `from` to `into` (the related_queue trigger on
// category_id queues the published ones).
template <class Connection>
Status MoveCategoryArticles(Connection& w, int64_t from, int64_t into) {
  ASSIGN_OR_RETURN(auto s,
                   w.Prepare("UPDATE articles SET category_id = ?2 WHERE category_id = ?1"));
  s.Bind(1, from).Bind(2, into);
  return s.Run();
}

}  // namespace

template <class Db>
StatusOr<content::Page<TaxonomyItem>> Taxonomy<Db>::List(Connection& r, TaxonomyKind kind,
                                                         const TaxonomyFilter& f) {
  content::Page<TaxonomyItem> page;
  if (kind == TaxonomyKind::kCategory) {
    // The menu's order: placed ones by position, then the rest by size and name.
    ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT * FROM (" KHABAR_CATEGORY_ITEM
                                       ") x ORDER BY position = 0, position, 5 DESC, name"));
    while (s.Step()) page.items.push_back(ReadItem(s));
    RETURN_IF_ERROR(s.status());
    page.total = static_cast<int64_t>(page.items.size());
    return page;
  }
  {
    ASSIGN_OR_RETURN(Stmt s, r.Prepare(KHABAR_SPELL(Db, KHABAR_TAG_COUNT)));
    s.Bind(1, f.contains);
    if (s.Step()) page.total = s.Int(0);
    RETURN_IF_ERROR(s.status());
  }
  ASSIGN_OR_RETURN(Stmt s, r.Prepare(KHABAR_SPELL(Db, KHABAR_TAG_PAGE)));
  s.Bind(1, f.contains).Bind(2, f.limit).Bind(3, f.offset);
  while (s.Step()) page.items.push_back(ReadItem(s));
  RETURN_IF_ERROR(s.status());
  return page;
}

template <class Db>
StatusOr<TaxonomyItem> Taxonomy<Db>::Get(Connection& r, TaxonomyKind kind, int64_t id) {
  const KindSql& sql = SqlOf(kind);
  ASSIGN_OR_RETURN(Stmt s, r.Prepare(sql.get));
  s.Bind(1, id);
  if (s.Step()) return ReadItem(s);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no such " + std::string(sql.kind));
}

template <class Db>
StatusOr<TaxonomyItem> Taxonomy<Db>::GetByName(Connection& r, TaxonomyKind kind,
                                               std::string_view name) {
  const KindSql& sql = SqlOf(kind);
  ASSIGN_OR_RETURN(Stmt s, r.Prepare(sql.get_by_name));
  s.Bind(1, name);
  if (s.Step()) return ReadItem(s);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no such " + std::string(sql.kind));
}

template <class Db>
StatusOr<int64_t> Taxonomy<Db>::Create(Connection& w, TaxonomyKind kind, std::string_view name,
                                       std::string_view slug) {
  const KindSql& sql = SqlOf(kind);
  int64_t id = 0;
  Status s = InTransaction<Db>(w, [&]() -> Status {
    RETURN_IF_ERROR(CheckNameFree(w, sql, 0, name));
    ASSIGN_OR_RETURN(std::string chosen, ChooseSlug(w, sql, 0, name, slug));
    ASSIGN_OR_RETURN(Stmt ins, w.Prepare(sql.insert));
    ins.Bind(1, name).Bind(2, chosen);
    RETURN_IF_ERROR(ins.Run());
    ASSIGN_OR_RETURN(id, Db::LastInsertId(w));
    return OkStatus();
  });
  RETURN_IF_ERROR(s);
  return id;
}

template <class Db>
Status Taxonomy<Db>::Rename(Connection& w, TaxonomyKind kind, int64_t id, std::string_view name,
                            std::string_view slug) {
  const KindSql& sql = SqlOf(kind);
  return InTransaction<Db>(w, [&]() -> Status {
    ASSIGN_OR_RETURN(TaxonomyItem before, Get(w, kind, id));
    RETURN_IF_ERROR(CheckNameFree(w, sql, id, name));
    ASSIGN_OR_RETURN(std::string chosen, ChooseSlug(w, sql, id, name, slug));
    ASSIGN_OR_RETURN(Stmt up, w.Prepare(sql.update));
    up.Bind(1, id).Bind(2, name).Bind(3, chosen);
    RETURN_IF_ERROR(up.Run());
    if (chosen != before.slug) RETURN_IF_ERROR(Redirect(w, sql, before.slug, id, id));
    return OkStatus();
  });
}

template <class Db>
Status Taxonomy<Db>::Merge(Connection& w, TaxonomyKind kind, int64_t from, int64_t into) {
  if (from == into) return InvalidArgumentError("cannot merge an item into itself");
  const KindSql& sql = SqlOf(kind);
  return InTransaction<Db>(w, [&]() -> Status {
    ASSIGN_OR_RETURN(TaxonomyItem gone, Get(w, kind, from));
    RETURN_IF_ERROR(Get(w, kind, into).status());
    if (kind == TaxonomyKind::kCategory) {
      RETURN_IF_ERROR(MoveCategoryArticles(w, from, into));
    } else {
      // Insert then delete (not UPDATE), so the article_tags triggers queue every affected
      // article for its related block; an article with both tags keeps one.
      ASSIGN_OR_RETURN(Stmt add, w.Prepare("INSERT INTO article_tags (article_id, tag_id) "
                                           "SELECT article_id, ?2 FROM article_tags "
                                           "WHERE tag_id = ?1 ON CONFLICT DO NOTHING"));
      add.Bind(1, from).Bind(2, into);
      RETURN_IF_ERROR(add.Run());
      ASSIGN_OR_RETURN(Stmt drop, w.Prepare("DELETE FROM article_tags WHERE tag_id = ?1"));
      drop.Bind(1, from);
      RETURN_IF_ERROR(drop.Run());
    }
    RETURN_IF_ERROR(Redirect(w, sql, gone.slug, from, into));
    return RemoveRow(w, sql, from);
  });
}

template <class Db>
Status Taxonomy<Db>::DeleteTag(Connection& w, int64_t id) {
  return InTransaction<Db>(w, [&]() -> Status {
    ASSIGN_OR_RETURN(Stmt drop, w.Prepare("DELETE FROM article_tags WHERE tag_id = ?1"));
    drop.Bind(1, id);
    RETURN_IF_ERROR(drop.Run());
    return RemoveRow(w, kTagSql, id);
  });
}

template <class Db>
Status Taxonomy<Db>::DeleteCategory(Connection& w, int64_t id, int64_t move_to) {
  if (move_to == id) return InvalidArgumentError("cannot move articles into the deleted category");
  return InTransaction<Db>(w, [&]() -> Status {
    ASSIGN_OR_RETURN(TaxonomyItem gone, Get(w, TaxonomyKind::kCategory, id));
    int64_t target = move_to;
    if (target != 0) {
      RETURN_IF_ERROR(Get(w, TaxonomyKind::kCategory, target).status());
    } else if (gone.articles > 0) {
      ASSIGN_OR_RETURN(target, Owner(w, kCategorySql.name_owner, kUncategorized));
      if (target == id) {
        return InvalidArgumentError("choose another category for the articles");
      }
      if (target == 0) {
        ASSIGN_OR_RETURN(std::string slug, ChooseSlug(w, kCategorySql, 0, kUncategorized, ""));
        ASSIGN_OR_RETURN(Stmt ins, w.Prepare(kCategorySql.insert));
        ins.Bind(1, kUncategorized).Bind(2, slug);
        RETURN_IF_ERROR(ins.Run());
        ASSIGN_OR_RETURN(target, Db::LastInsertId(w));
      }
    }
    if (target != 0) RETURN_IF_ERROR(MoveCategoryArticles(w, id, target));
    return RemoveRow(w, kCategorySql, id);
  });
}

template <class Db>
Status Taxonomy<Db>::SetMenuOrder(Connection& w, const std::vector<int64_t>& ids) {
  return InTransaction<Db>(w, [&]() -> Status {
    ASSIGN_OR_RETURN(Stmt up, w.Prepare("UPDATE categories SET position = ?2 WHERE id = ?1"));
    int64_t position = 0;
    for (int64_t id : ids) {
      up.Reset();
      up.Bind(1, id).Bind(2, ++position);
      RETURN_IF_ERROR(up.Run());
      if (w.Changes() == 0) return NotFoundError("no category " + std::to_string(id));
    }
    return OkStatus();
  });
}

template <class Db>
StatusOr<std::string> Taxonomy<Db>::RedirectedSlug(Connection& r, TaxonomyKind kind,
                                                   std::string_view old_slug) {
  ASSIGN_OR_RETURN(
      Stmt s, r.Prepare(kind == TaxonomyKind::kCategory
                            ? "SELECT c.slug FROM taxonomy_redirects x JOIN categories c "
                              "ON c.id = x.target_id WHERE x.kind = 'category' AND x.old_slug = ?1"
                            : "SELECT t.slug FROM taxonomy_redirects x JOIN tags t "
                              "ON t.id = x.target_id WHERE x.kind = 'tag' AND x.old_slug = ?1"));
  s.Bind(1, old_slug);
  if (s.Step()) return s.Text(0);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no redirect");
}

template <class Db>
StatusOr<std::vector<std::string>> Taxonomy<Db>::SuggestTags(Connection& r, std::string_view prefix,
                                                             int limit) {
  ASSIGN_OR_RETURN(Stmt s, r.Prepare("SELECT t.name FROM tags t "
                                     "WHERE substr(t.name, 1, length(?1)) = ?1 "
                                     "ORDER BY (SELECT COUNT(*) FROM article_tags x "
                                     "WHERE x.tag_id = t.id) DESC, t.name LIMIT ?2"));
  s.Bind(1, prefix).Bind(2, limit);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  RETURN_IF_ERROR(s.status());
  return out;
}

template struct Taxonomy<sqlite::Backend>;
template struct Taxonomy<postgres::Backend>;

}  // namespace khabar::store::sql
