// File: src/http/versioned_cache.h
//
// A bounded, thread-safe cache whose entries are valid only for one version of the
// database (the store's data version) and for at most a maximum age. Looking up with a new
// version empties it; storing a value computed under another version is refused (the
// database changed while it was computed). Least recently used entries go first when the
// total cost passes the budget. Pages, the menu and ticker, and related blocks use it.
//
//   VersionedCache<Menu> menus({.max_cost = 1, .max_age_seconds = 30});
//   if (auto m = menus.Get("menu", version, now)) return *m;
//   menus.Put("menu", version, now, LoadMenu(), /*cost=*/1);
#ifndef KHABAR_HTTP_VERSIONED_CACHE_H_
#define KHABAR_HTTP_VERSIONED_CACHE_H_

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace khabar::http {

struct VersionedCacheOptions {
  size_t max_cost = 0;          // budget in the caller's unit (bytes, entries); 0 disables
  int64_t max_age_seconds = 0;  // an entry this old is not served
};

template <typename V>
class VersionedCache {
 public:
  explicit VersionedCache(VersionedCacheOptions options) : options_(options) {}

  // The value under `key` if it is younger than the maximum age and `version` is the
  // cache's version. A different `version` empties the cache and becomes its version.
  std::optional<V> Get(const std::string& key, uint64_t version, int64_t now) {
    if (options_.max_cost == 0) return std::nullopt;
    std::lock_guard lock(mu_);
    if (version != version_) {
      DropAllLocked();
      version_ = version;
      return std::nullopt;
    }
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    if (now - it->second->stored_at >= options_.max_age_seconds) {
      EraseLocked(it);
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->value;
  }

  // Stores `value` computed at `version`; ignored unless that is the cache's version, or
  // when `cost` alone is over the budget.
  void Put(const std::string& key, uint64_t version, int64_t now, V value, size_t cost) {
    if (options_.max_cost == 0 || cost > options_.max_cost) return;
    std::lock_guard lock(mu_);
    if (version != version_) return;
    if (auto it = index_.find(key); it != index_.end()) EraseLocked(it);
    lru_.push_front({key, std::move(value), now, cost});
    index_.emplace(key, lru_.begin());
    cost_ += cost;
    while (cost_ > options_.max_cost && !lru_.empty()) EraseLocked(index_.find(lru_.back().key));
  }

  // Drops everything and refuses values already being computed until the next Get() starts
  // a version again (e.g. after the templates changed).
  void Clear() {
    std::lock_guard lock(mu_);
    DropAllLocked();
    version_ = ~uint64_t{0};  // no computation started before now can match this
  }

  size_t cost() const {
    std::lock_guard lock(mu_);
    return cost_;
  }

 private:
  struct Entry {
    std::string key;
    V value;
    int64_t stored_at;
    size_t cost;
  };
  using Index = std::unordered_map<std::string, typename std::list<Entry>::iterator>;

  void EraseLocked(typename Index::iterator it) {
    cost_ -= it->second->cost;
    lru_.erase(it->second);
    index_.erase(it);
  }
  void DropAllLocked() {
    lru_.clear();
    index_.clear();
    cost_ = 0;
  }

  const VersionedCacheOptions options_;
  mutable std::mutex mu_;
  uint64_t version_ = 0;  // guarded by mu_
  std::list<Entry> lru_;  // guarded by mu_; front: most recent
  Index index_;           // guarded by mu_
  size_t cost_ = 0;       // guarded by mu_
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_VERSIONED_CACHE_H_
