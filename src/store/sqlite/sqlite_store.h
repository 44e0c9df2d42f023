// File: src/store/sqlite/sqlite_store.h  (private)
#ifndef KHABAR_STORE_SQLITE_SQLITE_STORE_H_
#define KHABAR_STORE_SQLITE_SQLITE_STORE_H_

#include <memory>

#include "src/store/store.h"

namespace khabar::store::sqlite {

// Opens and migrates an SQLite database: one writer connection behind a mutex, a pool of
// readers (WAL lets them read while the writer writes).
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);

// The schema version (number of migrations) this binary brings a database to.
int KnownSchemaVersion();

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_SQLITE_STORE_H_
