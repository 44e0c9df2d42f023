// `khabar migrate --from DB --to DB`: a whole site copied between SQLite and PostgreSQL
// (either way), every table counted on both sides at the end (store::CopySite).
#include <cstdio>
#include <string>

#include "src/app/commands.h"
#include "src/store/store.h"

namespace khabar::app {

int Migrate(const std::string& from, const std::string& to) {
  int64_t rows = 0;
  auto copied = store::CopySite(from, to, [&](const store::CopiedTable& t) {
    std::printf("%-20s %lld rows\n", t.table.c_str(), static_cast<long long>(t.rows));
    rows += t.rows;
  });
  if (!copied.ok()) {
    std::fprintf(stderr, "khabar migrate: %s\n", copied.status().message().c_str());
    return copied.status().code() == StatusCode::kFailedPrecondition ? 3 : 1;
  }
  std::printf("copied %zu tables, %lld rows; the counts match on both sides\n", copied->size(),
              static_cast<long long>(rows));
  return 0;
}

}  // namespace khabar::app
