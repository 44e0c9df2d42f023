// The operator's copies and checks (backup.h), on the backend the address names.
#include "src/store/backup.h"

#include "src/store/postgres/postgres_store.h"
#include "src/store/sqlite/backup.h"

namespace khabar::store {
namespace {

bool IsPostgres(const std::string& db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

Status UsePostgresTools(const std::string& what) {
  return FailedPreconditionError(
      what +
      " works on an SQLite file; a PostgreSQL database is backed up and restored with "
      "PostgreSQL's own tools (pg_dump and pg_restore, or pg_basebackup with WAL archiving): "
      "see README › Deployment at scale");
}

}  // namespace

Status BackupDatabase(const std::string& db, const std::string& to, const BackupOptions& options) {
  if (IsPostgres(db) || IsPostgres(to)) return UsePostgresTools("khabar backup");
  return sqlite::BackupDatabase(db, to, options);
}

StatusOr<DatabaseCheck> CheckDatabase(const std::string& path) {
  if (IsPostgres(path)) return postgres::CheckDatabase(path);
  return sqlite::CheckDatabase(path);
}

Status RestoreDatabase(const std::string& from, const std::string& db) {
  if (IsPostgres(from) || IsPostgres(db)) return UsePostgresTools("khabar restore");
  return sqlite::RestoreDatabase(from, db);
}

}  // namespace khabar::store
