#include "src/store/store.h"

#include "src/store/postgres/postgres_store.h"
#include "src/store/sqlite/sqlite_store.h"

namespace khabar::store {

StatusOr<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  if (options.path.starts_with("postgresql://") || options.path.starts_with("postgres://")) {
    return postgres::OpenPostgresStore(options);
  }
  return sqlite::OpenSqliteStore(options);
}

}  // namespace khabar::store
