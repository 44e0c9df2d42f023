// `khabar check` on PostgreSQL (postgres_store.h): what the site's own data promises.
#include <string>

#include "src/store/postgres/db.h"
#include "src/store/postgres/postgres_store.h"

namespace khabar::store::postgres {
namespace {

StatusOr<int64_t> Count(Connection& c, std::string_view sql) {
  ASSIGN_OR_RETURN(Stmt s, c.Prepare(sql));
  int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  RETURN_IF_ERROR(s.status());
  return n;
}

}  // namespace

StatusOr<DatabaseCheck> CheckDatabase(const std::string& url) {
  ASSIGN_OR_RETURN(auto conn, Connection::Open(url));
  Connection& c = *conn;
  // One snapshot for every count, so that a site writing meanwhile does not look damaged.
  RETURN_IF_ERROR(c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  auto has_version = Count(c, "SELECT count(*) FROM pg_tables WHERE tablename = 'schema_version'");
  if (!has_version.ok()) return FailedPreconditionError(has_version.status().message());
  if (*has_version == 0) {
    return FailedPreconditionError("the database is not a Khabar database (no schema_version)");
  }
  auto fail = [](const Status& s) { return FailedPreconditionError(s.message()); };
  DatabaseCheck check;
  auto version = Count(c, "SELECT COALESCE(max(version), 0) FROM schema_version");
  if (!version.ok()) return fail(version.status());
  check.schema_version = static_cast<int>(*version);
  check.known_version = KnownSchemaVersion();
  if (check.schema_version == 0) {
    return FailedPreconditionError("the database is not a Khabar database (schema version 0)");
  }
  if (check.schema_version > check.known_version) {
    return FailedPreconditionError(
        "the database has schema version " + std::to_string(check.schema_version) +
        ", newer than this khabar (" + std::to_string(check.known_version) + ")");
  }
  struct Figure {
    int64_t* into;
    const char* sql;
  };
  int64_t missing = 0, extra = 0, empty = 0;
  for (const Figure& f : {
           Figure{&check.articles, "SELECT count(*) FROM articles"},
           Figure{&check.published, "SELECT count(*) FROM articles WHERE status = 3"},
           Figure{&check.comments, "SELECT count(*) FROM comments"},
           Figure{&check.indexed, "SELECT count(*) FROM article_search"},
           Figure{&missing,
                  "SELECT count(*) FROM articles a WHERE a.status = 3 AND NOT EXISTS "
                  "(SELECT 1 FROM article_search s WHERE s.article_id = a.id)"},
           Figure{&extra,
                  "SELECT count(*) FROM article_search s WHERE NOT EXISTS (SELECT 1 FROM "
                  "articles a WHERE a.id = s.article_id AND a.status = 3)"},
           // A published article always has words (its title at least).
           Figure{&empty,
                  "SELECT count(*) FROM article_search WHERE length(terms) = 0 AND "
                  "title_len + body_len > 0"},
       }) {
    auto n = Count(c, f.sql);
    if (!n.ok()) return fail(n.status());
    *f.into = *n;
  }
  RETURN_IF_ERROR(c.Exec("COMMIT"));
  if (missing != 0 || extra != 0) {
    return FailedPreconditionError("the search index disagrees with the articles (" +
                                   std::to_string(missing) + " published not indexed, " +
                                   std::to_string(extra) + " indexed not published)");
  }
  if (empty != 0) {
    return FailedPreconditionError("the search index has " + std::to_string(empty) +
                                   " entries without their terms");
  }
  return check;
}

}  // namespace khabar::store::postgres
