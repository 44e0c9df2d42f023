// File: src/http/page_cache.h
//
// Rendered pages kept in memory, so a page read many times is rendered once. An entry is
// served only while the database is unchanged (the store's data version) and for at most
// `max_age_seconds` (the ticker's breaking items expire with time, not with a write); any
// committed write empties the cache, so no reader sees a page older than an acknowledged
// write. Memory is bounded: least recently used pages go first.
//
//   PageCache cache({.max_bytes = 64 << 20, .max_age_seconds = 30});
//   if (auto hit = cache.Get(target, version, now)) return *hit;
//   Response r = Render();
//   cache.Put(target, version, now, r);
#ifndef KHABAR_HTTP_PAGE_CACHE_H_
#define KHABAR_HTTP_PAGE_CACHE_H_

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "src/http/message.h"

namespace khabar::http {

struct PageCacheOptions {
  size_t max_bytes = 64 << 20;  // 0 disables the cache
  int64_t max_age_seconds = 30;
};

// Thread-safe.
class PageCache {
 public:
  explicit PageCache(PageCacheOptions options) : options_(options) {}

  // The page stored under `key`, if it is younger than the maximum age and `version` is the
  // cache's version. A new `version` empties the cache and becomes its version.
  std::optional<Response> Get(const std::string& key, uint64_t version, int64_t now);
  // Stores a page rendered at `version`; ignored unless that is the cache's version (the
  // database changed while it was rendered) or when the page is over 1/8 of the budget.
  void Put(const std::string& key, uint64_t version, int64_t now, const Response& response);
  // Drops every page, and refuses pages already being rendered (e.g. after the templates
  // changed) until the next Get() starts a version again.
  void Clear();
  size_t bytes() const;

 private:
  struct Entry {
    std::string key;
    Response response;
    int64_t stored_at;
    size_t bytes;
  };
  void DropAllLocked();

  PageCacheOptions options_;
  mutable std::mutex mu_;
  uint64_t version_ = 0;                                               // guarded by mu_
  std::list<Entry> lru_;                                               // front: most recent
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // guarded by mu_
  size_t bytes_ = 0;                                                   // guarded by mu_
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_PAGE_CACHE_H_
