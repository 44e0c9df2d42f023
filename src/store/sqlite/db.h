// File: src/store/sqlite/db.h  (private to the SQLite store)
//
// A thin, safe layer over sqlite3: a connection with a cache of prepared statements,
// statements that bind by position and reset themselves, and a pool of reader connections.
// The only header of Khabar that includes sqlite3.h.
#ifndef KHABAR_STORE_SQLITE_DB_H_
#define KHABAR_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/base/status.h"
#include "src/store/sql/backend.h"
#include "src/store/sql/reader_pool.h"

namespace khabar::store::sqlite {

class Connection;

// A prepared statement borrowed from a connection's cache; reset and unbound on
// destruction. Bind indexes start at 1, column indexes at 0.
class Stmt {
 public:
  Stmt(Connection* conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  Stmt(Stmt&& o) noexcept : conn_(o.conn_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, int v) { return Bind(i, static_cast<int64_t>(v)); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& BindNull(int i);

  // Rewinds for another run with new bindings.
  void Reset();

  // Advances: true with a row, false when done; errors become a Status through `status()`.
  bool Step();
  // Runs to completion (for writes).
  Status Run();
  const Status& status() const { return status_; }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  Status status_;
};

// One sqlite3 handle. Not thread-safe: one user at a time (the pool or the writer lock
// guarantees it).
class Connection {
 public:
  // Opens `path` with WAL, foreign keys, FULL sync and the busy timeout.
  static StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, int busy_timeout_ms);
  ~Connection();

  // A cached prepared statement for `sql` (a string literal: the cache keys on its address
  // and text). Fails with kInternal on a syntax error, a bug.
  StatusOr<Stmt> Prepare(std::string_view sql);
  // Runs one or more statements without results (migrations, BEGIN/COMMIT).
  Status Exec(const std::string& sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }

  // Maps an sqlite result code (with the connection's message) to a Status.
  Status Error(int rc, std::string_view what) const;

  // Values this connection computed from the database (counts behind the page numbers),
  // kept while no other connection commits: each lookup reads PRAGMA data_version and
  // forgets everything when it moved. Look up first, then compute and Remember: a value
  // computed after a commit that the lookup did not see is forgotten at the next lookup.
  StatusOr<std::optional<int64_t>> Recall(const std::string& key);
  void Remember(std::string key, int64_t value);

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string_view, sqlite3_stmt*> cache_;
  int64_t memo_version_ = -1;
  std::unordered_map<std::string, int64_t> memo_;
};

// Maps an sqlite result code to a Status: busy or locked and I/O errors are kUnavailable
// (transient: retry later), a full disk or database kResourceExhausted, a constraint
// kAlreadyExists, anything else kInternal.
Status FromResultCode(int rc, const std::string& msg);

// Reader connections handed out one at a time (sql/reader_pool.h).
using ReaderPool = sql::ReaderPool<Connection>;

// RAII transaction on a connection: BEGIN IMMEDIATE on construction (check `status()`),
// ROLLBACK on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection* conn);
  // A transaction that does not begin when `before` is an error (e.g. the write gate's).
  Transaction(Connection* conn, const Status& before);
  ~Transaction();
  const Status& status() const { return status_; }
  Status Commit();

 private:
  Connection* conn_;
  Status status_;
  bool done_ = false;
};

// RAII read transaction on a reader connection: the statements run while it lives read one
// snapshot and share one transaction, instead of beginning and ending one each (a search
// that looks up thousands of rows spent a tenth of its time doing that). Declare it before
// the statements, so that they are reset before it ends. Failing to begin is harmless:
// each statement then runs in its own transaction, as without it.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection* conn);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection* conn_;
  bool begun_ = false;
};

// This backend as the SQL written once for both stores sees it (sql/backend.h).
struct Backend {
  using Connection = sqlite::Connection;
  using Stmt = sqlite::Stmt;
  using Transaction = sqlite::Transaction;
  static constexpr sql::Dialect kDialect = sql::Dialect::kSqlite;
  static StatusOr<int64_t> LastInsertId(Connection& c) { return c.LastInsertId(); }
};

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_DB_H_
