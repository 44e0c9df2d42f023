#include "src/http/page_cache.h"

#include <algorithm>

#include "src/base/files.h"
#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/http/feeds.h"

namespace khabar::http {
namespace {

constexpr size_t kRecentInvalidations = 512;  // how far back Put can check a render's start

std::string_view Unquote(std::string_view etag) {
  if (etag.starts_with("W/")) etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

}  // namespace

const std::shared_ptr<const std::string>& CachedPage::Body(Coding c) const {
  if (c == Coding::kBrotli && brotli) return brotli;
  if (c == Coding::kGzip && gzip) return gzip;
  return identity;
}

std::string CachedPage::Etag(Coding c) const {
  std::string s = "\"";
  s.append(etag);
  if (c == Coding::kGzip && gzip) s.append("-gz");
  if (c == Coding::kBrotli && brotli) s.append("-br");
  s.append("\"");
  return s;
}

PagePtr MakePage(Response response, std::vector<std::string> keys, int64_t expires_at, int64_t now,
                 size_t min_compress_bytes) {
  auto page = std::make_shared<CachedPage>();
  page->status = response.status;
  page->content_type = std::move(response.content_type);
  page->last_modified = now;
  for (auto& [name, value] : response.headers) {
    std::string lower = AsciiLower(name);
    if (lower == "etag") {
      page->etag = std::string(Unquote(value));
    } else if (lower == "last-modified") {
      if (auto t = ParseHttpDate(value)) page->last_modified = *t;
    } else {
      page->headers.emplace_back(std::move(name), std::move(value));
    }
  }
  std::string body = response.shared_body ? *response.shared_body : std::move(response.body);
  if (page->etag.empty()) page->etag = Fnv1a64().Add(body).Hex();
  if (Compressible(page->content_type) && body.size() >= min_compress_bytes) {
    // A variant is kept only when it is smaller than what it replaces.
    if (std::string gz = Gzip(body); !gz.empty() && gz.size() < body.size()) {
      page->gzip = std::make_shared<const std::string>(std::move(gz));
    }
    if (std::string br = Brotli(body); !br.empty() && br.size() < body.size()) {
      page->brotli = std::make_shared<const std::string>(std::move(br));
    }
  }
  page->identity = std::make_shared<const std::string>(std::move(body));
  page->keys = std::move(keys);
  page->expires_at = expires_at;
  page->bytes = 512 + page->identity->size() + (page->gzip ? page->gzip->size() : 0) +
                (page->brotli ? page->brotli->size() : 0);
  for (const auto& k : page->keys) page->bytes += k.size() + 64;
  for (const auto& [n, v] : page->headers) page->bytes += n.size() + v.size() + 32;
  return page;
}

PagePtr PageCache::Get(const std::string& target, int64_t now) {
  if (max_bytes_ == 0) return nullptr;
  std::lock_guard lock(mu_);
  auto it = index_.find(target);
  if (it == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  const PagePtr& page = it->second->page;
  if (page->expires_at != 0 && now >= page->expires_at) {
    EraseLocked(it);
    ++stats_.misses;
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++stats_.hits;
  return page;
}

bool PageCache::TouchedSinceLocked(uint64_t started, const CachedPage& page) const {
  uint64_t now = epoch_.load(std::memory_order_relaxed);
  if (started == now) return false;
  // Not all invalidations since `started` are remembered: assume the worst.
  if (recent_.empty() || recent_.front().epoch > started + 1) return true;
  bool any = std::find(page.keys.begin(), page.keys.end(), "*") != page.keys.end();
  for (const Invalidation& inv : recent_) {
    if (inv.epoch <= started) continue;
    if (inv.keys.empty() || (any && !inv.keys.empty())) return true;
    for (const auto& k : page.keys) {
      if (std::find(inv.keys.begin(), inv.keys.end(), k) != inv.keys.end()) return true;
    }
  }
  return false;
}

bool PageCache::Put(const std::string& target, uint64_t started, PagePtr page) {
  if (max_bytes_ == 0 || !page || page->bytes > max_bytes_ / 8) return false;
  std::lock_guard lock(mu_);
  if (TouchedSinceLocked(started, *page)) {
    ++stats_.refused;
    return false;
  }
  if (auto it = index_.find(target); it != index_.end()) EraseLocked(it);
  lru_.push_front({target, page});
  index_.emplace(target, lru_.begin());
  for (const auto& k : page->keys) by_key_[k].insert(target);
  bytes_ += page->bytes;
  ++stats_.stored;
  while (bytes_ > max_bytes_ && !lru_.empty()) EraseLocked(index_.find(lru_.back().target));
  return true;
}

void PageCache::EraseLocked(std::unordered_map<std::string, Lru::iterator>::iterator it) {
  const PagePtr& page = it->second->page;
  for (const auto& k : page->keys) {
    auto set = by_key_.find(k);
    if (set == by_key_.end()) continue;
    set->second.erase(it->first);
    if (set->second.empty()) by_key_.erase(set);
  }
  bytes_ -= page->bytes;
  lru_.erase(it->second);
  index_.erase(it);
}

void PageCache::RecordLocked(std::vector<std::string> keys) {
  uint64_t e = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
  recent_.push_back({e, std::move(keys)});
  while (recent_.size() > kRecentInvalidations) recent_.pop_front();
}

void PageCache::Invalidate(const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  std::lock_guard lock(mu_);
  std::vector<std::string> targets;
  auto collect = [&](const std::string& key) {
    auto set = by_key_.find(key);
    if (set != by_key_.end()) targets.insert(targets.end(), set->second.begin(), set->second.end());
  };
  for (const auto& k : keys) collect(k);
  collect("*");
  for (const auto& t : targets) {
    if (auto it = index_.find(t); it != index_.end()) {
      EraseLocked(it);
      ++stats_.invalidated;
    }
  }
  RecordLocked(keys);
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  stats_.invalidated += index_.size();
  lru_.clear();
  index_.clear();
  by_key_.clear();
  bytes_ = 0;
  RecordLocked({});
}

PageCache::Lease PageCache::Join(const std::string& target) {
  std::lock_guard lock(mu_);
  Lease lease;
  lease.target = target;
  uint64_t now = epoch_.load(std::memory_order_relaxed);
  auto it = flights_.find(target);
  // A render begun before a write may show what was before it: not joined.
  if (it != flights_.end() && it->second->epoch == now) {
    lease.leader = false;
    lease.flight = it->second;
    ++stats_.coalesced;
    return lease;
  }
  lease.flight = std::make_shared<Flight>();
  lease.flight->epoch = now;
  flights_[target] = lease.flight;
  return lease;
}

PagePtr PageCache::Wait(const Lease& lease, std::chrono::milliseconds timeout) {
  if (lease.leader || !lease.flight) return nullptr;
  std::unique_lock lock(lease.flight->mu);
  if (!lease.flight->done_cv.wait_for(lock, timeout, [&] { return lease.flight->done; })) {
    return nullptr;
  }
  return lease.flight->page;
}

void PageCache::Finish(const Lease& lease, PagePtr page) {
  if (!lease.leader || !lease.flight) return;
  {
    std::lock_guard lock(mu_);
    auto it = flights_.find(lease.target);
    if (it != flights_.end() && it->second == lease.flight) flights_.erase(it);
  }
  {
    std::lock_guard lock(lease.flight->mu);
    lease.flight->done = true;
    lease.flight->page = std::move(page);
  }
  lease.flight->done_cv.notify_all();
}

PageCacheStats PageCache::stats() const {
  std::lock_guard lock(mu_);
  PageCacheStats s = stats_;
  s.pages = index_.size();
  s.bytes = bytes_;
  return s;
}

}  // namespace khabar::http
