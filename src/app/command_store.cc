#include <filesystem>

#include "src/app/commands.h"

namespace khabar::app {

StatusOr<std::unique_ptr<store::Store>> OpenCommandStore(const std::string& db) {
  store::StoreOptions so;
  so.path = db;
  so.read_connections = 1;
  return store::OpenStore(so);
}

std::string MediaDirFor(const std::string& db, const std::string& media_dir) {
  if (!media_dir.empty()) return media_dir;
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) return "data/media";
  return (std::filesystem::path(db).parent_path() / "media").string();
}

}  // namespace khabar::app
