#include "src/store/store.h"

#include "src/store/sqlite/sqlite_store.h"

namespace khabar::store {

StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  if (options.path.starts_with("postgresql://") || options.path.starts_with("postgres://")) {
    return FailedPreconditionError(
        "PostgreSQL is not supported by this build yet; use an SQLite file path");
  }
  return sqlite::OpenSqliteStore(options);
}

}  // namespace khabar::store
