// khabar backup | restore | check: copies of the database an operator can trust.
#include "src/store/backup.h"

#include <cstdio>
#include <filesystem>

#include "src/app/commands.h"

namespace khabar::app {

int Backup(const std::string& db, const std::string& to, bool force) {
  store::BackupOptions options;
  options.overwrite = force;
  Status s = store::BackupDatabase(db, to, options);
  if (!s.ok()) {
    std::fprintf(stderr, "khabar: backup failed, nothing written: %s\n", s.message().c_str());
    return 1;
  }
  auto check = store::CheckDatabase(to);
  if (!check.ok()) {
    std::fprintf(stderr, "khabar: the backup %s does not pass its check: %s\n", to.c_str(),
                 check.status().message().c_str());
    return 1;
  }
  std::printf("backed up %s to %s: %lld articles (%lld published), %lld comments\n", db.c_str(),
              to.c_str(), static_cast<long long>(check->articles),
              static_cast<long long>(check->published), static_cast<long long>(check->comments));
  return 0;
}

int Check(const std::string& db) {
  auto check = store::CheckDatabase(db);
  if (!check.ok()) {
    std::fprintf(stderr, "khabar: %s\n", check.status().message().c_str());
    return 1;
  }
  std::printf(
      "ok: %s, schema %d of %d, %lld articles (%lld published, %lld in the search index), "
      "%lld comments\n",
      db.c_str(), check->schema_version, check->known_version,
      static_cast<long long>(check->articles), static_cast<long long>(check->published),
      static_cast<long long>(check->indexed), static_cast<long long>(check->comments));
  return 0;
}

int Restore(const std::string& from, const std::string& db) {
  std::error_code ec;
  bool replacing = std::filesystem::exists(db, ec);
  Status s = store::RestoreDatabase(from, db);
  if (!s.ok()) {
    std::fprintf(stderr, "khabar: restore refused, %s unchanged: %s\n", db.c_str(),
                 s.message().c_str());
    return 1;
  }
  std::printf("restored %s from %s\n", db.c_str(), from.c_str());
  if (replacing) std::printf("the database it replaced is kept as %s.pre-restore\n", db.c_str());
  return 0;
}

}  // namespace khabar::app
