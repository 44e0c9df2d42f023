#include "tests/testing/test_db.h"

#include <cstdlib>
#include <stdexcept>

#include "tests/testing/pg_server.h"

namespace khabar::testing {

bool TestingPostgres() {
  const char* v = std::getenv("KHABAR_TEST_DB");
  return v != nullptr && std::string_view(v) == "postgres";
}

std::string TestDb(const TempDir& dir, std::string_view file) {
  if (!TestingPostgres()) return dir.File(file);
  std::string error;
  PgServer* pg = SharedPgServer(&error);
  if (pg == nullptr) throw std::runtime_error(error.insert(0, "PostgreSQL for the tests: "));
  std::string url = pg->CreateDatabase(&error);
  if (url.empty()) throw std::runtime_error(error);
  return url;
}

}  // namespace khabar::testing
