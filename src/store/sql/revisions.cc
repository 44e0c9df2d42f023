#include "src/store/sql/revisions.h"

#include <string>

#include "src/base/strings.h"
#include "src/store/postgres/db.h"
#include "src/store/sqlite/db.h"

namespace khabar::store::sql {
namespace {

using content::Revision;
using content::RevisionChanges;

// The `changed` column: one bit per field.
constexpr int64_t kTitle = 1, kExcerpt = 2, kBody = 4, kCategory = 8, kTags = 16, kStatus = 32,
                  kBreaking = 64;

int64_t ChangedBits(const RevisionChanges& c) {
  int64_t bits = 0;
  if (c.title) bits |= kTitle;
  if (c.excerpt) bits |= kExcerpt;
  if (c.body) bits |= kBody;
  if (c.category) bits |= kCategory;
  if (c.tags) bits |= kTags;
  if (c.status) bits |= kStatus;
  if (c.breaking) bits |= kBreaking;
  return bits;
}

RevisionChanges FromBits(int64_t bits, int64_t inserted, int64_t deleted) {
  RevisionChanges c;
  c.title = bits & kTitle;
  c.excerpt = bits & kExcerpt;
  c.body = bits & kBody;
  c.category = bits & kCategory;
  c.tags = bits & kTags;
  c.status = bits & kStatus;
  c.breaking = bits & kBreaking;
  c.words_inserted = static_cast<int>(inserted);
  c.words_deleted = static_cast<int>(deleted);
  return c;
}

std::string JoinLines(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s.push_back('\n');
    s.append(v[i]);
  }
  return s;
}

std::vector<std::string> SplitLines(std::string_view s) {
  std::vector<std::string> v;
  if (s.empty()) return v;
  for (std::string_view part : Split(s, '\n')) v.emplace_back(part);
  return v;
}

// Columns of a revision, in the order Read expects, with the excerpt and body selected as
// the given SQL expressions (a listing selects '' instead of every text).
#define KHABAR_REVISION_COLUMNS(excerpt, body)                                        \
  "id, article_id, version, kind, COALESCE(restored_from, 0), COALESCE(user_id, 0), " \
  "user_name, created_at, title, " excerpt ", " body                                  \
  ", category, tags, status, "                                                        \
  "COALESCE(breaking_until, 0), changed, words_inserted, words_deleted, body_format "

template <class Stmt>
Revision Read(const Stmt& s) {
  Revision r;
  r.id = s.Int(0);
  r.article_id = s.Int(1);
  r.version = s.Int(2);
  r.kind = static_cast<content::RevisionKind>(s.Int(3));
  r.restored_from = s.Int(4);
  r.user_id = s.Int(5);
  r.user_name = s.Text(6);
  r.created_at = s.Int(7);
  r.title = s.Text(8);
  r.excerpt = s.Text(9);
  r.body = s.Text(10);
  r.category = s.Text(11);
  r.tags = SplitLines(s.Text(12));
  r.status = static_cast<content::ArticleStatus>(s.Int(13));
  r.breaking_until = s.Int(14);
  r.changes = FromBits(s.Int(15), s.Int(16), s.Int(17));
  r.body_format = content::ParseBodyFormat(s.Text(18)).value_or(content::BodyFormat::kText);
  return r;
}

}  // namespace

template <class Db>
StatusOr<Revision> Revisions<Db>::CurrentState(Connection& c, int64_t article_id) {
  Revision r;
  {
    ASSIGN_OR_RETURN(Stmt s,
                     c.Prepare("SELECT a.title, a.excerpt, CASE a.body_format WHEN 'text' THEN "
                               "a.body ELSE a.body_source END, COALESCE(c.name, ''), a.status, "
                               "COALESCE(a.breaking_until, 0), a.version, a.modified_at, "
                               "a.body_format "
                               "FROM articles a LEFT JOIN categories c ON c.id = a.category_id "
                               "WHERE a.id = ?1"));
    s.Bind(1, article_id);
    if (!s.Step()) {
      RETURN_IF_ERROR(s.status());
      return NotFoundError("no article with id " + std::to_string(article_id));
    }
    r.article_id = article_id;
    r.title = s.Text(0);
    r.excerpt = s.Text(1);
    r.body = s.Text(2);
    r.category = s.Text(3);
    r.status = static_cast<content::ArticleStatus>(s.Int(4));
    r.breaking_until = s.Int(5);
    r.version = s.Int(6);
    r.created_at = s.Int(7);
    r.body_format = content::ParseBodyFormat(s.Text(8)).value_or(content::BodyFormat::kText);
  }
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT t.name FROM article_tags x JOIN tags t "
                                     "ON t.id = x.tag_id WHERE x.article_id = ?1 ORDER BY t.name"));
  s.Bind(1, article_id);
  while (s.Step()) r.tags.push_back(s.Text(0));
  RETURN_IF_ERROR(s.status());
  return r;
}

template <class Db>
StatusOr<int64_t> Revisions<Db>::LatestVersion(Connection& c, int64_t article_id) {
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT version FROM revisions WHERE article_id = ?1 "
                                     "ORDER BY id DESC LIMIT 1"));
  s.Bind(1, article_id);
  if (s.Step()) return s.Int(0);
  RETURN_IF_ERROR(s.status());
  return -1;
}

template <class Db>
StatusOr<int64_t> Revisions<Db>::Insert(Connection& w, const Revision& r) {
  ASSIGN_OR_RETURN(
      Stmt s,
      w.Prepare(
          "INSERT INTO revisions (article_id, version, kind, restored_from, user_id, "
          "user_name, created_at, title, excerpt, body, category, tags, status, "
          "breaking_until, changed, words_inserted, words_deleted, body_format) VALUES (?1, ?2, "
          "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"));
  s.Bind(1, r.article_id).Bind(2, r.version).Bind(3, static_cast<int>(r.kind));
  if (r.restored_from != 0) {
    s.Bind(4, r.restored_from);
  } else {
    s.BindNull(4);
  }
  if (r.user_id != 0) {
    s.Bind(5, r.user_id);
  } else {
    s.BindNull(5);
  }
  s.Bind(6, r.user_name).Bind(7, r.created_at).Bind(8, r.title).Bind(9, r.excerpt);
  s.Bind(10, r.body).Bind(11, r.category).Bind(12, JoinLines(r.tags));
  s.Bind(13, static_cast<int>(r.status));
  if (r.breaking_until != 0) {
    s.Bind(14, r.breaking_until);
  } else {
    s.BindNull(14);
  }
  s.Bind(15, ChangedBits(r.changes)).Bind(16, r.changes.words_inserted);
  s.Bind(17, r.changes.words_deleted).Bind(18, content::BodyFormatName(r.body_format));
  RETURN_IF_ERROR(s.Run());
  return Db::LastInsertId(w);
}

template <class Db>
StatusOr<std::vector<Revision>> Revisions<Db>::List(Connection& c, int64_t article_id) {
  ASSIGN_OR_RETURN(Stmt s,
                   c.Prepare("SELECT " KHABAR_REVISION_COLUMNS(
                       "''", "''") "FROM revisions WHERE article_id = ?1 ORDER BY id DESC"));
  s.Bind(1, article_id);
  std::vector<Revision> out;
  while (s.Step()) out.push_back(Read(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

template <class Db>
StatusOr<Revision> Revisions<Db>::Get(Connection& c, int64_t id) {
  ASSIGN_OR_RETURN(Stmt s, c.Prepare("SELECT " KHABAR_REVISION_COLUMNS(
                               "excerpt", "body") "FROM revisions WHERE id = ?1"));
  s.Bind(1, id);
  if (s.Step()) return Read(s);
  RETURN_IF_ERROR(s.status());
  return NotFoundError("no revision with id " + std::to_string(id));
}

template struct Revisions<sqlite::Backend>;
template struct Revisions<postgres::Backend>;

}  // namespace khabar::store::sql
