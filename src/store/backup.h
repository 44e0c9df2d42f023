// File: src/store/backup.h
//
// Copies of the database an operator can trust: an online backup taken while the site
// serves and writes, a check of any copy, and a restore that replaces the database only
// with a copy that passed the check.
//
//   RETURN_IF_ERROR(store::BackupDatabase("data/khabar.db", "/backups/khabar-1.db", {}));
//   ASSIGN_OR_RETURN(store::DatabaseCheck c, store::CheckDatabase("/backups/khabar-1.db"));
//   RETURN_IF_ERROR(store::RestoreDatabase("/backups/khabar-1.db", "data/khabar.db"));
#ifndef KHABAR_STORE_BACKUP_H_
#define KHABAR_STORE_BACKUP_H_

#include <cstdint>
#include <string>

#include "src/base/status.h"

namespace khabar::store {

struct BackupOptions {
  bool overwrite = false;  // replace an existing target (otherwise kAlreadyExists)
};

// Copies `db` to `to` with SQLite's online backup, in one read transaction: a consistent
// snapshot of the last commit, while other connections and processes go on reading and
// writing (WAL). The copy is one self-contained file (rollback journal, no -wal), written
// beside `to` under a temporary name, synced and checked, then renamed into place, so `to`
// never holds half a copy. kNotFound: no database at `db`; kAlreadyExists: `to` exists.
Status BackupDatabase(const std::string& db, const std::string& to, const BackupOptions& options);

// What CheckDatabase found in a sound database.
struct DatabaseCheck {
  int schema_version = 0;  // migrations applied (user_version)
  int known_version = 0;   // the newest this binary knows
  int64_t articles = 0;    // all articles, any state
  int64_t published = 0;   // published articles (what the search index must hold)
  int64_t indexed = 0;     // articles the search index holds
  int64_t comments = 0;
};

// Opens `path` read-only and checks it: PRAGMA integrity_check, a schema version this
// binary knows (not newer), the search index's own integrity, and that the index holds
// exactly the published articles. kNotFound: no such file; kFailedPrecondition with the
// reason for anything that failed.
StatusOr<DatabaseCheck> CheckDatabase(const std::string& path);

// Replaces the database `db` with the copy `from`, after CheckDatabase(from) passed. Refuses
// (kUnavailable) while any other connection has `db` open, such as a running `khabar serve`:
// stop the server first. The copy is written beside `db` under a temporary name, synced,
// and renamed over it (atomic); the old -wal and -shm go with the old file. The replaced
// database is kept as `db`.pre-restore. On any error `db` is left as it was.
Status RestoreDatabase(const std::string& from, const std::string& db);

}  // namespace khabar::store

#endif  // KHABAR_STORE_BACKUP_H_
