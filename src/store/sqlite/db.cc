#include "src/store/sqlite/db.h"

#include "src/store/sqlite/fts5_arabic.h"
#include "src/store/sqlite/title_words.h"

namespace khabar::store::sqlite {

Stmt::~Stmt() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = OkStatus();
}

Stmt& Stmt::Bind(int i, int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK && status_.ok()) status_ = conn_->Error(rc, "bind");
  return *this;
}

Stmt& Stmt::Bind(int i, double v) {
  int rc = sqlite3_bind_double(stmt_, i, v);
  if (rc != SQLITE_OK && status_.ok()) status_ = conn_->Error(rc, "bind");
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && status_.ok()) status_ = conn_->Error(rc, "bind");
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK && status_.ok()) status_ = conn_->Error(rc, "bind");
  return *this;
}

bool Stmt::Step() {
  if (!status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = conn_->Error(rc, "step");
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status_;
}

std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                       int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return UnavailableError("cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  Status s = conn->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;");
  if (!s.ok()) return UnavailableError("cannot use database " + path + ": " + s.message());
  RETURN_IF_ERROR(RegisterArabicTokenizer(db));
  RETURN_IF_ERROR(RegisterTitleWords(db));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

StatusOr<std::optional<int64_t>> Connection::Recall(const std::string& key) {
  ASSIGN_OR_RETURN(Stmt s, Prepare("PRAGMA data_version"));
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return InternalError("PRAGMA data_version gave no row");
  }
  int64_t version = s.Int(0);
  if (version != memo_version_) {
    memo_.clear();
    memo_version_ = version;
    return std::optional<int64_t>();
  }
  auto it = memo_.find(key);
  if (it == memo_.end()) return std::optional<int64_t>();
  return std::optional<int64_t>(it->second);
}

void Connection::Remember(std::string key, int64_t value) {
  if (memo_.size() >= 4096) memo_.clear();  // a bound; archives are far fewer in practice
  memo_[std::move(key)] = value;
}

StatusOr<Stmt> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "prepare");
  cache_.emplace(sql, stmt);
  return Stmt(this, stmt);
}

Status Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return FromResultCode(rc, msg);
  }
  return OkStatus();
}

Status Connection::Error(int rc, std::string_view what) const {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  return FromResultCode(rc, msg);
}

Status FromResultCode(int rc, const std::string& msg) {
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError("database is busy: " + msg);
    case SQLITE_FULL:
      return ResourceExhaustedError("database or disk is full: " + msg);
    case SQLITE_CONSTRAINT:
      return AlreadyExistsError(msg);
    case SQLITE_IOERR:  // a failed write or sync (a full disk can also end here)
    case SQLITE_CANTOPEN:
      return UnavailableError(msg);
    default:
      return InternalError(msg);
  }
}

ReadTransaction::ReadTransaction(Connection* conn) : conn_(conn) {
  auto begin = conn_->Prepare("BEGIN");
  begun_ = begin.ok() && (begin->Step(), begin->status().ok());
}

ReadTransaction::~ReadTransaction() {
  if (!begun_) return;
  auto end = conn_->Prepare("COMMIT");
  if (end.ok()) {
    end->Step();
    if (end->status().ok()) return;
  }
  (void)conn_->Exec("ROLLBACK");
}

Transaction::Transaction(Connection* conn) : conn_(conn) {
  status_ = conn_->Exec("BEGIN IMMEDIATE");
}

Transaction::Transaction(Connection* conn, const Status& before) : conn_(conn) {
  status_ = before.ok() ? conn_->Exec("BEGIN IMMEDIATE") : before;
}

Transaction::~Transaction() {
  if (status_.ok() && !done_) (void)conn_->Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!status_.ok()) return status_;
  Status s = conn_->Exec("COMMIT");
  if (s.ok()) {
    done_ = true;
  }
  return s;
}

}  // namespace khabar::store::sqlite
