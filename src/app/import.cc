#include <cstdio>
#include <filesystem>
#include <fstream>

#include "src/app/commands.h"
#include "src/base/files.h"
#include "src/importer/jsonl.h"
#include "src/importer/wxr.h"
#include "src/store/store.h"

namespace khabar::app {

namespace {

// Related blocks are computed now, so that the site serves them from its first request.
void ComputeRelated(store::Store& store, const Clock& clock) {
  int64_t waiting = -1;
  while (true) {
    auto left = store.RefreshRelated(500, clock.NowSeconds());
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
}

}  // namespace

int ImportJsonl(const std::string& file, const std::string& db, bool compute_related) {
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
  if (compute_related) ComputeRelated(**store, clock);
  std::printf("imported %lld, updated %lld, unchanged %lld, skipped %lld (comments added %lld)\n",
              static_cast<long long>(stats->imported), static_cast<long long>(stats->updated),
              static_cast<long long>(stats->unchanged), static_cast<long long>(stats->skipped),
              static_cast<long long>(stats->comments));
  return stats->skipped > 0 ? 3 : 0;
}

int ImportWxr(const std::string& file, const std::string& db, const std::string& uploads,
              const std::string& media_dir) {
  std::error_code ec;
  if (!uploads.empty() && !std::filesystem::is_directory(uploads, ec)) {
    std::fprintf(stderr, "khabar: --uploads %s is not a folder; nothing was written\n",
                 uploads.c_str());
    return 2;
  }
  auto text = ReadFile(file);
  if (!text.ok()) {
    std::fprintf(stderr, "khabar: cannot read %s\n", file.c_str());
    return 1;
  }
  std::fprintf(stderr, "… reading %s (%zu bytes)\n", file.c_str(), text->size());
  // The whole file is read and checked before the database is opened for writing.
  auto doc = importer::ParseWxr(*text);
  if (!doc.ok()) {
    std::fprintf(stderr, "%s: %s\nkhabar: not imported: nothing was written\n", file.c_str(),
                 doc.status().message().c_str());
    return 1;
  }
  auto store = OpenCommandStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "khabar: %s\n", store.status().message().c_str());
    return 1;
  }
  SystemClock clock;
  importer::WxrOptions options;
  options.on_note = [&](const std::string& note) {
    std::fprintf(stderr, "%s: %s\n", file.c_str(), note.c_str());
  };
  options.on_progress = [](size_t written, size_t total) {
    if (written % 100 == 0 || written == total)
      std::fprintf(stderr, "… %zu of %zu posts written\n", written, total);
  };
  options.uploads_dir = uploads;
  options.media.dir = MediaDirFor(db, media_dir);
  auto stats = importer::ImportWxr(*text, **store, clock, options);
  if (!stats.ok()) {
    std::fprintf(stderr, "khabar: not imported: %s; nothing was written\n",
                 stats.status().message().c_str());
    return 1;
  }
  ComputeRelated(**store, clock);
  auto n = [](int64_t v) { return static_cast<long long>(v); };
  std::printf(
      "imported %lld, updated %lld, unchanged %lld, skipped %lld (pages %lld, attachments %lld, "
      "other items %lld); comments added %lld, unchanged %lld; featured images kept as "
      "addresses %lld\n",
      n(stats->imported), n(stats->updated), n(stats->unchanged), n(stats->skipped),
      n(stats->pages), n(stats->attachments), n(stats->other_items), n(stats->comments_added),
      n(stats->comments_unchanged), n(stats->image_urls));
  if (!uploads.empty()) {
    std::printf(
        "featured images stored %lld, unchanged %lld, left out %lld; images in posts served "
        "from the site %lld (%lld files) (in %s)\n",
        n(stats->images_stored), n(stats->images_unchanged), n(stats->images_missing),
        n(stats->inline_images), n(stats->upload_files), options.media.dir.c_str());
  }
  return stats->skipped > 0 ? 3 : 0;
}

}  // namespace khabar::app
