#include "src/app/commands.h"

namespace khabar::app {

StatusOr<std::unique_ptr<store::Store>> OpenCommandStore(const std::string& db) {
  store::StoreOptions so;
  so.path = db;
  so.read_connections = 1;
  return store::OpenStore(so);
}

}  // namespace khabar::app
