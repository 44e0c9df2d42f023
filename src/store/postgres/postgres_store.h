// File: src/store/postgres/postgres_store.h  (private)
#ifndef KHABAR_STORE_POSTGRES_POSTGRES_STORE_H_
#define KHABAR_STORE_POSTGRES_POSTGRES_STORE_H_

#include <memory>

#include "src/store/backup.h"
#include "src/store/store.h"

namespace khabar::store::postgres {

// Connects to the PostgreSQL database at `options.path` (a postgresql:// URL) and migrates
// it: one writer connection behind a mutex (its transactions also take a lock shared by
// every Khabar process), a pool of readers, and one that watches for changes.
StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options);

// The number of migrations this binary knows (the newest schema version).
int KnownSchemaVersion();

// `khabar check` on PostgreSQL (check.cc): connects without migrating, and checks that the
// schema version is one this binary knows and that the search index holds exactly the
// published articles, each with its terms. The server's own structures (pages, indexes)
// are PostgreSQL's to check (amcheck, data checksums).
StatusOr<DatabaseCheck> CheckDatabase(const std::string& url);

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_POSTGRES_STORE_H_
