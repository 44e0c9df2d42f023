#include <cstdio>
#include <fstream>

#include "src/app/commands.h"
#include "src/importer/jsonl.h"
#include "src/store/store.h"

namespace khabar::app {

int ImportJsonl(const std::string& file, const std::string& db) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "khabar: cannot read %s\n", file.c_str());
    return 1;
  }
  auto store = OpenCommandStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "khabar: %s\n", store.status().message().c_str());
    return 1;
  }
  SystemClock clock;
  importer::ImportOptions options;
  options.on_error = [&](int64_t line, const std::string& why) {
    std::fprintf(stderr, "%s:%lld: skipped: %s\n", file.c_str(), static_cast<long long>(line),
                 why.c_str());
  };
  options.on_progress = [](int64_t lines) {
    std::fprintf(stderr, "… %lld lines read\n", static_cast<long long>(lines));
  };
  auto stats = importer::ImportJsonl(in, **store, clock, options);
  if (!stats.ok()) {
    std::fprintf(stderr, "khabar: import stopped: %s\n", stats.status().message().c_str());
    return 1;
  }
  // Related blocks are computed now, so that the site serves them from its first request.
  int64_t waiting = -1;
  while (true) {
    auto left = (*store)->RefreshRelated(500, clock.NowSeconds());
    if (!left.ok()) {
      std::fprintf(stderr, "khabar: related articles not computed (the server will): %s\n",
                   left.status().message().c_str());
      break;
    }
    if (*left == 0) break;
    if (waiting < 0 || waiting - *left >= 2000) {
      std::fprintf(stderr, "… related articles: %d left\n", *left);
      waiting = *left;
    }
  }
  std::printf("imported %lld, updated %lld, unchanged %lld, skipped %lld (comments added %lld)\n",
              static_cast<long long>(stats->imported), static_cast<long long>(stats->updated),
              static_cast<long long>(stats->unchanged), static_cast<long long>(stats->skipped),
              static_cast<long long>(stats->comments));
  return stats->skipped > 0 ? 3 : 0;
}

}  // namespace khabar::app
