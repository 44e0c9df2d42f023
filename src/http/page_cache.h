// File: src/http/page_cache.h
//
// Rendered pages kept in memory, each with the keys of what it shows (see page_keys.h:
// "article:17", "home"...). A write drops exactly the pages whose keys it touched
// (Invalidate); nothing else expires but a page's own `expires_at` (a breaking flag that
// runs out, say). Memory is bounded: least recently used pages go first, and a page larger
// than an eighth of the budget is not kept.
//
// A page rendered while an invalidation of one of its keys happened may show what was
// before the write: Put() refuses it (the render's start is an `epoch()`). Concurrent
// misses of one address wait for one render (Join/Finish). Bodies are shared, immutable
// strings, with their gzip and brotli variants made once when stored.
//
//   uint64_t started = cache.epoch();
//   if (auto page = cache.Get(target, now)) return Serve(*page);
//   auto lease = cache.Join(target);
//   if (!lease.leader) if (auto page = cache.Wait(lease, 2s)) return Serve(*page);
//   PagePtr page = MakePage(Render(), keys, expires_at, now);
//   cache.Put(target, started, page);
//   cache.Finish(lease, page);
#ifndef KHABAR_HTTP_PAGE_CACHE_H_
#define KHABAR_HTTP_PAGE_CACHE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "src/http/compress.h"
#include "src/http/message.h"

namespace khabar::http {

// One stored page: what the handler answered, its variants, and what it shows.
struct CachedPage {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // ETag/Last-Modified not included
  std::shared_ptr<const std::string> identity;
  std::shared_ptr<const std::string> gzip;    // null: not worth it (or not compressible)
  std::shared_ptr<const std::string> brotli;  // null: same
  std::string etag;                           // of the identity body, without quotes
  int64_t last_modified = 0;                  // Unix seconds
  int64_t expires_at = 0;                     // 0: only a write ends it
  std::vector<std::string> keys;              // what it shows; "*": any write
  size_t bytes = 0;                           // memory it holds, roughly

  // The body in coding `c` (identity when that variant is missing).
  const std::shared_ptr<const std::string>& Body(Coding c) const;
  // The strong ETag of the variant, quoted: "…", "…-gz", "…-br".
  std::string Etag(Coding c) const;
};
using PagePtr = std::shared_ptr<const CachedPage>;
struct Flight;

// A page from a handler's 200 answer: the body is moved into a shared string and, when
// compressible and larger than `min_compress_bytes`, compressed once per coding. An ETag
// and Last-Modified the handler set (a feed's) are kept; otherwise the ETag is a digest of
// the body and Last-Modified is `now`.
PagePtr MakePage(Response response, std::vector<std::string> keys, int64_t expires_at, int64_t now,
                 size_t min_compress_bytes = 512);

struct PageCacheOptions {
  size_t max_bytes = 64 << 20;  // 0 disables the cache (coalescing still works)
};

struct PageCacheStats {
  uint64_t hits = 0, misses = 0, coalesced = 0, stored = 0, refused = 0, invalidated = 0;
  size_t pages = 0, bytes = 0;
};

// Thread-safe.
class PageCache {
 public:
  explicit PageCache(PageCacheOptions options) : max_bytes_(options.max_bytes) {}

  // The page under `target` unless it expired at `now` (then it is dropped).
  PagePtr Get(const std::string& target, int64_t now);

  // A counter moved by every Invalidate/Clear: read it before rendering, give it to Put.
  uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }

  // Stores `page` rendered from `started` on; refused (false) when an invalidation since
  // then touched one of its keys (it may show what was before the write), when it is too
  // large, or when the cache is off.
  bool Put(const std::string& target, uint64_t started, PagePtr page);

  // Drops the pages showing any of `keys`, and those marked "*" when `keys` is not empty.
  void Invalidate(const std::vector<std::string>& keys);
  // Drops every page (templates changed, the journal had a gap).
  void Clear();

  // Request coalescing. The first caller for a target is the leader and renders; later
  // callers (while no invalidation happened since the leader began) follow and Wait.
  struct Lease {
    bool leader = true;
    std::shared_ptr<Flight> flight;
    std::string target;
  };
  Lease Join(const std::string& target);
  // The leader's page, or null when it failed, gave none or took longer than `timeout`.
  PagePtr Wait(const Lease& lease, std::chrono::milliseconds timeout);
  // Ends the leader's render with `page` (null: nothing to share). No-op for followers.
  void Finish(const Lease& lease, PagePtr page);

  PageCacheStats stats() const;
  bool enabled() const { return max_bytes_ > 0; }

 private:
  struct Entry {
    std::string target;
    PagePtr page;
  };
  using Lru = std::list<Entry>;
  struct Invalidation {
    uint64_t epoch;
    std::vector<std::string> keys;  // empty: everything
  };

  void EraseLocked(std::unordered_map<std::string, Lru::iterator>::iterator it);
  bool TouchedSinceLocked(uint64_t started, const CachedPage& page) const;
  void RecordLocked(std::vector<std::string> keys);

  const size_t max_bytes_;
  std::atomic<uint64_t> epoch_{0};
  mutable std::mutex mu_;
  Lru lru_;                                                                  // front: most recent
  std::unordered_map<std::string, Lru::iterator> index_;                     // target → entry
  std::unordered_map<std::string, std::unordered_set<std::string>> by_key_;  // key → targets
  std::deque<Invalidation> recent_;  // the last invalidations, for Put's check
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  size_t bytes_ = 0;
  PageCacheStats stats_;
};

// One render in progress (see PageCache::Join).
struct Flight {
  uint64_t epoch = 0;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  PagePtr page;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_PAGE_CACHE_H_
