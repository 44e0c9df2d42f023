// File: src/http/page_cache.h
//
// Rendered pages kept in memory, so a page read many times is rendered once. An entry is
// served only while the database is unchanged (the store's data version) and for at most
// `max_age_seconds` (the ticker's breaking items expire with time, not with a write); any
// committed write empties the cache, so no reader sees a page older than an acknowledged
// write. Memory is bounded: least recently used pages go first, and a page larger than an
// eighth of the budget is not kept.
//
//   PageCache cache({.max_bytes = 64 << 20, .max_age_seconds = 30});
//   if (auto hit = cache.Get(target, version, now)) return *hit;
//   Response r = Render();
//   cache.Put(target, version, now, r);
#ifndef KHABAR_HTTP_PAGE_CACHE_H_
#define KHABAR_HTTP_PAGE_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "src/http/message.h"
#include "src/http/versioned_cache.h"

namespace khabar::http {

struct PageCacheOptions {
  size_t max_bytes = 64 << 20;  // 0 disables the cache
  int64_t max_age_seconds = 30;
};

// Thread-safe. Get, Put and Clear behave as VersionedCache's.
class PageCache {
 public:
  explicit PageCache(PageCacheOptions options)
      : max_bytes_(options.max_bytes),
        pages_({.max_cost = options.max_bytes, .max_age_seconds = options.max_age_seconds}) {}

  std::optional<Response> Get(const std::string& key, uint64_t version, int64_t now) {
    return pages_.Get(key, version, now);
  }
  void Put(const std::string& key, uint64_t version, int64_t now, const Response& response) {
    size_t bytes = key.size() + response.body.size() + 256;
    if (bytes > max_bytes_ / 8) return;
    pages_.Put(key, version, now, response, bytes);
  }
  void Clear() { pages_.Clear(); }
  size_t bytes() const { return pages_.cost(); }

 private:
  size_t max_bytes_;
  VersionedCache<Response> pages_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_PAGE_CACHE_H_
