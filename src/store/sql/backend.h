// File: src/store/sql/backend.h  (private to the stores)
//
// The seam between the SQL written once for both stores (src/store/sql/) and the two
// backends. Each backend's db.h describes itself with a `Backend` struct:
//
//   struct Backend {
//     using Connection = ...;  using Stmt = ...;  using Transaction = ...;
//     static constexpr sql::Dialect kDialect = ...;
//     static StatusOr<int64_t> LastInsertId(Connection&);  // the row an INSERT just made
//   };
//
// and the shared code is a class template over it (sql::Accounts<Backend>…), instantiated
// for both in its .cc. Statements are written with SQLite's numbered parameters (?1, ?2…);
// the PostgreSQL connection rewrites them to $1, $2… when it prepares a statement
// (postgres/placeholders.h). Most statements are SQL both dialects accept (COALESCE,
// ON CONFLICT, CAST…); where the dialects really differ, Spell and KHABAR_SPELL (below) pick
// each one's text.
#ifndef KHABAR_STORE_SQL_BACKEND_H_
#define KHABAR_STORE_SQL_BACKEND_H_

#include "src/base/status.h"

namespace khabar::store::sql {

enum class Dialect { kSqlite, kPostgres };

// `sqlite` on SQLite, `postgres` on PostgreSQL: both are string literals, so a statement
// keeps a fixed address and text (the statement caches key on them).
template <class Db>
constexpr const char* Spell(const char* sqlite, const char* postgres) {
  return Db::kDialect == Dialect::kPostgres ? postgres : sqlite;
}

// Runs `body` (returning a Status) in one write transaction on `w`: committed when it
// succeeds, rolled back when it fails.
template <class Db, typename Body>
Status InTransaction(typename Db::Connection& w, Body body) {
  typename Db::Transaction tx(&w);
  RETURN_IF_ERROR(tx.status());
  RETURN_IF_ERROR(body());
  return tx.Commit();
}

// A statement whose text differs between the dialects in a few places is written once, as a
// macro STMT(D) that spells those places with the fragments KHABAR_##D##_… below (D is
// SQLITE or POSTGRES); KHABAR_SPELL(Db, STMT) is the backend's instance, a literal.
#define KHABAR_SPELL(Db, STMT) ::khabar::store::sql::Spell<Db>(STMT(SQLITE), STMT(POSTGRES))

// Whether text `hay` holds text `needle` (both SQL expressions).
#define KHABAR_SQLITE_HOLDS(hay, needle) "instr(" hay ", " needle ") > 0"
#define KHABAR_POSTGRES_HOLDS(hay, needle) "strpos(" hay ", " needle ") > 0"
// LIKE without regard to case (SQLite's LIKE already ignores ASCII case).
#define KHABAR_SQLITE_ILIKE "LIKE"
#define KHABAR_POSTGRES_ILIKE "ILIKE"
// The items of the JSON array in parameter `p` as a one-column table, `value`: integers
// (JSON_IDS) or texts (JSON_TEXTS).
#define KHABAR_SQLITE_JSON_IDS(p) "SELECT value FROM json_each(" p ")"
#define KHABAR_POSTGRES_JSON_IDS(p) \
  "SELECT value::bigint FROM json_array_elements_text(" p "::json)"
#define KHABAR_SQLITE_JSON_TEXTS(p) "SELECT value FROM json_each(" p ")"
#define KHABAR_POSTGRES_JSON_TEXTS(p) "SELECT value FROM json_array_elements_text(" p "::json)"

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_BACKEND_H_
