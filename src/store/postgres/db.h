// File: src/store/postgres/db.h  (private to the PostgreSQL store)
//
// A thin, safe layer over libpqxx with the same shape as the SQLite store's (db.h there):
// a connection with a cache of prepared statements, statements that bind by position
// ($1, $2…) and read row by row, a pool of reader connections and an RAII transaction.
// The only header of Khabar that includes pqxx.
//
// Parameters are sent as text with no declared type, so PostgreSQL infers each one's type
// from where the statement uses it; where it cannot (`$1 = $1`, `SELECT $1`), the SQL casts.
#ifndef KHABAR_STORE_POSTGRES_DB_H_
#define KHABAR_STORE_POSTGRES_DB_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/base/status.h"
#include "src/store/sql/backend.h"
#include "src/store/sql/reader_pool.h"

namespace khabar::store::postgres {

class Connection;

// A prepared statement of a connection, with its bindings; it runs at the first Step() or
// Run() and keeps the whole result, read row by row. Bind indexes start at 1 ($1), column
// indexes at 0.
class Stmt {
 public:
  Stmt(Connection* conn, const std::string* name) : conn_(conn), name_(name) {}

  Stmt& Bind(int i, int64_t v) { return Set(i, std::to_string(v)); }
  Stmt& Bind(int i, int v) { return Set(i, std::to_string(v)); }
  Stmt& Bind(int i, bool v) { return Set(i, v ? "true" : "false"); }
  Stmt& Bind(int i, double v);
  Stmt& Bind(int i, std::string_view v) { return Set(i, std::string(v)); }
  Stmt& Bind(int i, const std::string& v) { return Set(i, v); }
  Stmt& Bind(int i, const char* v) { return Set(i, std::string(v)); }
  Stmt& BindNull(int i);

  // Forgets the result and the bindings, for another run.
  void Reset();

  // Advances: true with a row, false when done; errors become a Status through `status()`.
  bool Step();
  // Runs to completion (for writes).
  Status Run();
  const Status& status() const { return status_; }
  // Rows the statement changed (after Run).
  int64_t Changes() const { return changes_; }

  int64_t Int(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;
  double Double(int col) const;

 private:
  Stmt& Set(int i, std::string v);
  void Execute();
  Connection* conn_;
  const std::string* name_;
  std::vector<std::optional<std::string>> params_;
  pqxx::result result_;
  bool executed_ = false;
  int row_ = -1;
  int64_t changes_ = 0;
  Status status_;
};

// One server connection. Not thread-safe: one user at a time (the pool or the writer lock
// guarantees it).
class Connection {
 public:
  // Connects to `url` (a libpq URL or key=value string); kUnavailable when it cannot.
  static StatusOr<std::unique_ptr<Connection>> Open(const std::string& url);

  // A prepared statement for `sql` (a string literal: the cache keys on its text), written
  // with $1, $2… or with SQLite's ?1, ?2… (rewritten to $N once, when first prepared).
  // Preparing is lazy: a syntax error shows at the first Step() or Run().
  StatusOr<Stmt> Prepare(std::string_view sql);
  // Runs one or more statements without parameters (migrations, BEGIN/COMMIT).
  Status Exec(const std::string& sql);
  // Rows changed by the last statement run through a Stmt of this connection.
  int64_t Changes() const { return changes_; }
  // The last value a sequence gave on this connection (the id of the row just inserted).
  StatusOr<int64_t> LastInsertId();

  // Maps an exception of pqxx to a Status.
  static Status Error(const std::exception& e, std::string_view what);

  // Work every Transaction on this connection does last before COMMIT (the search index).
  void SetBeforeCommit(std::function<Status(Connection&)> fn) { before_commit_ = std::move(fn); }

 private:
  friend class Stmt;
  friend class Transaction;
  explicit Connection(std::unique_ptr<pqxx::connection> c) : conn_(std::move(c)) {}
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, std::unique_ptr<std::string>> names_;  // sql -> name
  int64_t changes_ = 0;
  std::function<Status(Connection&)> before_commit_;
};

// Reader connections handed out one at a time (sql/reader_pool.h).
using ReaderPool = sql::ReaderPool<Connection>;

// RAII write transaction: BEGIN, then the site-wide write lock (a transaction-level
// advisory lock), so that writers of every process take turns as SQLite's BEGIN IMMEDIATE
// makes them; ROLLBACK on destruction unless Commit() succeeded. Commit() first runs the
// connection's before-commit work.
class Transaction {
 public:
  explicit Transaction(Connection* conn);
  ~Transaction();
  const Status& status() const { return status_; }
  Status Commit();

 private:
  Connection* conn_;
  Status status_;
  bool done_ = false;
};

// This backend as the SQL written once for both stores sees it (sql/backend.h).
struct Backend {
  using Connection = postgres::Connection;
  using Stmt = postgres::Stmt;
  using Transaction = postgres::Transaction;
  static constexpr sql::Dialect kDialect = sql::Dialect::kPostgres;
  static StatusOr<int64_t> LastInsertId(Connection& c) { return c.LastInsertId(); }
};

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_DB_H_
