// File: src/store/sqlite/backup.h  (private to the store)
//
// Backup, check and restore of an SQLite database: what src/store/backup.h promises, for a
// file path. src/store/backup.cc chooses between this and PostgreSQL's check.
#ifndef KHABAR_STORE_SQLITE_BACKUP_H_
#define KHABAR_STORE_SQLITE_BACKUP_H_

#include <string>

#include "src/store/backup.h"

namespace khabar::store::sqlite {

Status BackupDatabase(const std::string& db, const std::string& to, const BackupOptions& options);
StatusOr<DatabaseCheck> CheckDatabase(const std::string& path);
Status RestoreDatabase(const std::string& from, const std::string& db);

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_BACKUP_H_
