#include "src/http/page_cache.h"

namespace khabar::http {

void PageCache::DropAllLocked() {
  lru_.clear();
  index_.clear();
  bytes_ = 0;
}

std::optional<Response> PageCache::Get(const std::string& key, uint64_t version, int64_t now) {
  if (options_.max_bytes == 0) return std::nullopt;
  std::lock_guard lock(mu_);
  if (version != version_) {
    DropAllLocked();
    version_ = version;
    return std::nullopt;
  }
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  if (now - it->second->stored_at >= options_.max_age_seconds) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->response;
}

void PageCache::Put(const std::string& key, uint64_t version, int64_t now,
                    const Response& response) {
  size_t size = key.size() + response.body.size() + 256;
  if (options_.max_bytes == 0 || size > options_.max_bytes / 8) return;
  std::lock_guard lock(mu_);
  // Get() moved the cache to the newest version seen; a page rendered under another one
  // may already be out of date, so it is not kept.
  if (version != version_) return;
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front({key, response, now, size});
  index_.emplace(key, lru_.begin());
  bytes_ += size;
  while (bytes_ > options_.max_bytes && !lru_.empty()) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  DropAllLocked();
  version_ = ~uint64_t{0};  // no render started before now can match this
}

size_t PageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace khabar::http
