// Online backup, check and restore of an SQLite database (src/store/backup.h).
#include "src/store/sqlite/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "src/store/sqlite/fts5_arabic.h"
#include "src/store/sqlite/sqlite_store.h"
#include "src/store/sqlite/title_words.h"

namespace khabar::store::sqlite {
namespace {

namespace fs = std::filesystem;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Status Failed(sqlite3* db, int rc, const std::string& what) {
  std::string msg = what;
  msg.append(": ").append(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(msg);
    case SQLITE_FULL:
      return ResourceExhaustedError(msg);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return FailedPreconditionError(msg);
    default:
      return UnavailableError(msg);
  }
}

StatusOr<Db> Open(const std::string& path, int flags, int busy_ms) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return Failed(raw, rc, "cannot open " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_ms);
  return db;
}

// Every row's first column of `sql`, as text.
StatusOr<std::vector<std::string>> Rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return Failed(db, rc, sql);
  std::vector<std::string> rows;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(stmt, 0);
    rows.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return Failed(db, rc, sql);
  return rows;
}

StatusOr<int64_t> Count(sqlite3* db, const std::string& sql) {
  ASSIGN_OR_RETURN(auto rows, Rows(db, sql));
  if (rows.size() != 1) return InternalError(sql + ": no row");
  return static_cast<int64_t>(std::stoll(rows[0]));
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) return Failed(db, rc, sql);
  return OkStatus();
}

Status IntegrityCheck(sqlite3* db, const std::string& path) {
  auto rows = Rows(db, "PRAGMA integrity_check");
  std::string msg = path + " fails PRAGMA integrity_check:";
  if (!rows.ok()) return FailedPreconditionError(msg + " " + rows.status().message());
  if (rows->size() == 1 && (*rows)[0] == "ok") return OkStatus();
  for (size_t i = 0; i < rows->size() && i < 5; ++i) msg.append(" ").append((*rows)[i]);
  return FailedPreconditionError(msg);
}

// fsync a file or a folder (after a rename, so that the new name is on disk too).
Status Sync(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return UnavailableError("cannot open " + path + " to sync it");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return UnavailableError("cannot sync " + path + " to disk");
  return OkStatus();
}

std::string FolderOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

void RemoveQuietly(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
  fs::remove(path + "-journal", ec);
}

// Copies the database `src` (open) into the new file `to` with the online backup API, in
// one step (one read transaction: a snapshot of the last commit), and leaves it a single
// file in rollback-journal mode, checked and synced.
Status CopyInto(sqlite3* src, const std::string& to) {
  ASSIGN_OR_RETURN(Db dst, Open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 5000));
  sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src, "main");
  if (!b) return Failed(dst.get(), sqlite3_errcode(dst.get()), "cannot start the backup");
  int rc = sqlite3_backup_step(b, -1);
  int finish = sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Failed(dst.get(), rc, "backup");
  if (finish != SQLITE_OK) return Failed(dst.get(), finish, "backup");
  ASSIGN_OR_RETURN(auto mode, Rows(dst.get(), "PRAGMA journal_mode=DELETE"));
  if (mode.empty() || mode[0] != "delete") {
    return UnavailableError("cannot make " + to + " a single file (journal mode stays " +
                            (mode.empty() ? std::string("?") : mode[0]) + ")");
  }
  RETURN_IF_ERROR(IntegrityCheck(dst.get(), to));
  dst.reset();
  return Sync(to);
}

}  // namespace

Status BackupDatabase(const std::string& db, const std::string& to, const BackupOptions& options) {
  std::error_code ec;
  if (!fs::exists(db, ec)) return NotFoundError("no database at " + db);
  if (fs::exists(to, ec) && !options.overwrite) {
    return AlreadyExistsError(to + " already exists; choose a new name or pass --force");
  }
  if (fs::exists(to, ec) && fs::equivalent(db, to, ec)) {
    return InvalidArgumentError("the backup cannot replace the database itself");
  }
  ASSIGN_OR_RETURN(Db src, Open(db, SQLITE_OPEN_READWRITE, 5000));
  std::string partial = to + ".partial";
  RemoveQuietly(partial);
  Status s = CopyInto(src.get(), partial);
  if (s.ok()) {
    fs::rename(partial, to, ec);
    if (ec) s = UnavailableError("cannot rename " + partial + " to " + to + ": " + ec.message());
  }
  if (!s.ok()) {
    RemoveQuietly(partial);
    return s;
  }
  return Sync(FolderOf(to));
}

StatusOr<DatabaseCheck> CheckDatabase(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return NotFoundError("no database file at " + path);
  // Read-write only for the search index's check, which SQLite runs as an INSERT; nothing
  // is changed, and no file is created.
  ASSIGN_OR_RETURN(Db db, Open(path, SQLITE_OPEN_READWRITE, 5000));
  RETURN_IF_ERROR(sqlite::RegisterArabicTokenizer(db.get()));
  RETURN_IF_ERROR(sqlite::RegisterTitleWords(db.get()));
  auto version = Count(db.get(), "PRAGMA user_version");
  if (!version.ok()) {
    return FailedPreconditionError(
        path + " is not a readable SQLite database: " + version.status().message());
  }
  RETURN_IF_ERROR(IntegrityCheck(db.get(), path));
  DatabaseCheck c;
  c.schema_version = static_cast<int>(*version);
  c.known_version = sqlite::KnownSchemaVersion();
  if (c.schema_version == 0) {
    return FailedPreconditionError(path + " is not a Khabar database (schema version 0)");
  }
  if (c.schema_version > c.known_version) {
    return FailedPreconditionError(path + " has schema version " +
                                   std::to_string(c.schema_version) + ", newer than this khabar (" +
                                   std::to_string(c.known_version) + ")");
  }
  auto fail = [&](const Status& s) { return FailedPreconditionError(path + ": " + s.message()); };
  auto articles = Count(db.get(), "SELECT count(*) FROM articles");
  if (!articles.ok()) return fail(articles.status());
  c.articles = *articles;
  auto published = Count(db.get(), "SELECT count(*) FROM articles WHERE status = 3");
  if (!published.ok()) return fail(published.status());
  c.published = *published;
  auto comments = Count(db.get(), "SELECT count(*) FROM comments");
  if (!comments.ok()) return fail(comments.status());
  c.comments = *comments;
  // The index's own structures agree with each other...
  if (Status s = Exec(db.get(), "INSERT INTO article_fts(article_fts) VALUES('integrity-check')");
      !s.ok()) {
    return FailedPreconditionError(path + ": the search index is damaged: " + s.message());
  }
  // ...and hold exactly the published articles (one size row per indexed article).
  auto indexed = Count(db.get(), "SELECT count(*) FROM article_fts_docsize");
  if (!indexed.ok()) return fail(indexed.status());
  c.indexed = *indexed;
  auto missing = Count(db.get(),
                       "SELECT count(*) FROM articles WHERE status = 3 AND "
                       "id NOT IN (SELECT id FROM article_fts_docsize)");
  if (!missing.ok()) return fail(missing.status());
  auto extra = Count(db.get(),
                     "SELECT count(*) FROM article_fts_docsize WHERE "
                     "id NOT IN (SELECT id FROM articles WHERE status = 3)");
  if (!extra.ok()) return fail(extra.status());
  if (*missing != 0 || *extra != 0) {
    return FailedPreconditionError(path + ": the search index disagrees with the articles (" +
                                   std::to_string(*missing) + " published not indexed, " +
                                   std::to_string(*extra) + " indexed not published)");
  }
  return c;
}

Status RestoreDatabase(const std::string& from, const std::string& db) {
  auto check = CheckDatabase(from);
  if (!check.ok()) {
    return Status(check.status().code(), "the copy was not restored: " + check.status().message());
  }
  std::error_code ec;
  if (fs::exists(db, ec) && fs::equivalent(from, db, ec)) {
    return InvalidArgumentError("the copy and the database are the same file");
  }
  // Keep every other connection out while the file is swapped: leaving WAL mode needs the
  // only connection, and the exclusive transaction then holds the file.
  Db live;
  bool existed = fs::exists(db, ec);
  if (existed) {
    ASSIGN_OR_RETURN(live, Open(db, SQLITE_OPEN_READWRITE, 0));
    auto mode = Rows(live.get(), "PRAGMA journal_mode=DELETE");
    Status held = mode.ok() ? Exec(live.get(), "BEGIN EXCLUSIVE") : mode.status();
    if (!held.ok() || mode->empty() || (*mode)[0] != "delete") {
      return UnavailableError(db +
                              " is in use by another process (is khabar serve running?): stop "
                              "it, restore, then start it again");
    }
  }
  auto undo = [&] {
    if (live) (void)Exec(live.get(), "ROLLBACK; PRAGMA journal_mode=WAL");
  };
  std::string partial = db + ".restore-partial";
  RemoveQuietly(partial);
  Status s;
  {
    auto src = Open(from, SQLITE_OPEN_READONLY, 5000);
    s = src.ok() ? CopyInto(src->get(), partial) : src.status();
  }
  if (s.ok() && (fs::exists(db + "-wal", ec) || fs::exists(db + "-shm", ec))) {
    s = UnavailableError(db + "-wal or -shm is still there: another process has the database open");
  }
  if (s.ok() && existed) {
    std::string kept = db + ".pre-restore";
    fs::remove(kept, ec);
    fs::create_hard_link(db, kept, ec);
    if (ec) s = UnavailableError("cannot keep the old database as " + kept + ": " + ec.message());
  }
  if (s.ok()) {
    fs::rename(partial, db, ec);
    if (ec) s = UnavailableError("cannot rename " + partial + " to " + db + ": " + ec.message());
  }
  if (!s.ok()) {
    RemoveQuietly(partial);
    undo();
    return s;
  }
  if (live) (void)Exec(live.get(), "ROLLBACK");
  live.reset();
  return Sync(FolderOf(db));
}

}  // namespace khabar::store::sqlite
