#include "bench/search/fts_index.h"

#include <sqlite3.h>

#include <chrono>

#include "src/store/sqlite/fts5_arabic.h"

namespace khabar::bench {
namespace {

Status SqliteError(sqlite3* db, const std::string& what) {
  return InternalError(what + ": " + sqlite3_errmsg(db));
}

// Names come from the benchmark's own code, never from input, but are checked anyway since
// they are spliced into SQL.
bool IsPlainName(const std::string& s) {
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !s.empty();
}

}  // namespace

StatusOr<std::unique_ptr<FtsDatabase>> FtsDatabase::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    Status s = UnavailableError("cannot open " + path + ": " + sqlite3_errmsg(db));
    sqlite3_close(db);
    return s;
  }
  std::unique_ptr<FtsDatabase> out(new FtsDatabase(db));
  RETURN_IF_ERROR(store::sqlite::RegisterArabicTokenizer(db));
  RETURN_IF_ERROR(
      out->Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"));
  return out;
}

FtsDatabase::~FtsDatabase() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Status FtsDatabase::Exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    Status s = InternalError(sql + ": " + (error ? error : "error"));
    sqlite3_free(error);
    return s;
  }
  return OkStatus();
}

StatusOr<sqlite3_stmt*> FtsDatabase::Statement(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return SqliteError(db_, "prepare " + sql);
  }
  statements_.emplace(sql, stmt);
  return stmt;
}

Status FtsDatabase::CreateTable(const std::string& name, const std::string& tokenize) {
  if (!IsPlainName(name) || tokenize.find('\'') != std::string::npos) {
    return InvalidArgumentError("bad table name or tokenizer");
  }
  return Exec("CREATE VIRTUAL TABLE " + name + " USING fts5(title, body, content='', tokenize='" +
              tokenize + "')");
}

StatusOr<double> FtsDatabase::Insert(const std::string& name,
                                     const std::vector<content::ArticleInput>& articles,
                                     int64_t first_rowid) {
  if (!IsPlainName(name)) return InvalidArgumentError("bad table name");
  auto start = std::chrono::steady_clock::now();
  RETURN_IF_ERROR(Exec("BEGIN"));
  ASSIGN_OR_RETURN(sqlite3_stmt * insert,
                   Statement("INSERT INTO " + name + "(rowid, title, body) VALUES (?1, ?2, ?3)"));
  int64_t rowid = first_rowid;
  for (const content::ArticleInput& a : articles) {
    sqlite3_bind_int64(insert, 1, rowid++);
    sqlite3_bind_text(insert, 2, a.title.data(), static_cast<int>(a.title.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, a.body.data(), static_cast<int>(a.body.size()), SQLITE_STATIC);
    int rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) {
      Status s = SqliteError(db_, "insert into " + name);
      (void)Exec("ROLLBACK");
      return s;
    }
  }
  RETURN_IF_ERROR(Exec("COMMIT"));
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

StatusOr<IndexSize> FtsDatabase::Size(const std::string& name) {
  if (!IsPlainName(name)) return InvalidArgumentError("bad table name");
  IndexSize size;
  ASSIGN_OR_RETURN(sqlite3_stmt * data,
                   Statement("SELECT coalesce(sum(length(block)), 0) FROM " + name + "_data"));
  if (sqlite3_step(data) == SQLITE_ROW) size.data_bytes = sqlite3_column_int64(data, 0);
  sqlite3_reset(data);
  ASSIGN_OR_RETURN(
      sqlite3_stmt * idx,
      Statement("SELECT coalesce(sum(length(term)) + 16 * count(*), 0) FROM " + name + "_idx"));
  if (sqlite3_step(idx) == SQLITE_ROW) size.idx_bytes = sqlite3_column_int64(idx, 0);
  sqlite3_reset(idx);
  return size;
}

StatusOr<std::vector<int64_t>> FtsDatabase::Search(const std::string& name,
                                                   const std::string& match, int limit) {
  std::vector<int64_t> rowids;
  if (match.empty()) return rowids;
  if (!IsPlainName(name)) return InvalidArgumentError("bad table name");
  ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                   Statement("SELECT rowid FROM " + name + " WHERE " + name +
                             " MATCH ?1 ORDER BY bm25(" + name + ", 5.0, 1.0) LIMIT ?2"));
  sqlite3_bind_text(stmt, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(stmt, 2, limit);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rowids.push_back(sqlite3_column_int64(stmt, 0));
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return SqliteError(db_, "search " + name);
  return rowids;
}

}  // namespace khabar::bench
