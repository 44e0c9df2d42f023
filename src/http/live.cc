#include "src/http/live.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "src/base/files.h"
#include "src/content/text.h"

namespace khabar::http {

std::shared_ptr<LiveHub::Slot> LiveHub::Reserve() {
  size_t n = clients_.load();
  do {
    if (n >= options_.max_clients) return nullptr;
  } while (!clients_.compare_exchange_weak(n, n + 1));
  return std::make_shared<Slot>(this);
}

void LiveHub::RefreshBeforeSubscribe(std::function<void()> refresh) {
  std::lock_guard lock(mu_);
  refresh_ = std::move(refresh);
}

void LiveHub::Subscribe(std::shared_ptr<EventSink> sink) {
  std::function<void()> refresh;
  {
    std::lock_guard lock(mu_);
    refresh = refresh_;
  }
  if (refresh) refresh();  // outside the lock: it may Publish
  std::lock_guard lock(mu_);
  // Under the lock, so no broadcast can come between the current state and the sink.
  if (current_) sink->Send(current_);
  subscribers_.push_back(sink);
}

void LiveHub::Publish(std::string event) {
  auto bytes = std::make_shared<const std::string>(std::move(event));
  std::lock_guard lock(mu_);
  current_ = bytes;
  SendAllLocked(bytes);
}

void LiveHub::Broadcast(std::string bytes) {
  auto shared = std::make_shared<const std::string>(std::move(bytes));
  std::lock_guard lock(mu_);
  SendAllLocked(shared);
}

std::string LiveHub::current() const {
  std::lock_guard lock(mu_);
  return current_ ? *current_ : std::string();
}

size_t LiveHub::subscribers() {
  std::lock_guard lock(mu_);
  std::erase_if(subscribers_, [](const std::weak_ptr<EventSink>& w) {
    auto s = w.lock();
    return !s || s->closed();
  });
  return subscribers_.size();
}

void LiveHub::SendAllLocked(const std::shared_ptr<const std::string>& bytes) {
  size_t kept = 0;
  for (size_t i = 0; i < subscribers_.size(); ++i) {
    std::shared_ptr<EventSink> s = subscribers_[i].lock();
    if (!s || s->closed()) continue;
    // A client that does not read would make us keep every event for it: let it go (its
    // browser reconnects and gets the current state).
    if (s->queued_bytes() + bytes->size() > options_.max_queue_bytes) {
      s->Close();
      dropped_.fetch_add(1);
      continue;
    }
    s->Send(bytes);
    if (kept != i) subscribers_[kept] = std::move(subscribers_[i]);
    ++kept;
  }
  subscribers_.resize(kept);
}

std::vector<TickerItem> TickerItems(const std::vector<content::ArticleSummary>& ticker,
                                    const content::TimeZone& zone) {
  std::vector<TickerItem> items;
  items.reserve(ticker.size());
  for (const auto& a : ticker) {
    TickerItem item;
    item.title = a.title;
    item.url = content::Permalink(a.published_at, a.slug, zone);
    item.breaking = a.breaking;
    items.push_back(std::move(item));
  }
  return items;
}

std::string TickerEvent(const std::vector<TickerItem>& items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : items) {
    list.push_back({{"title", item.title}, {"url", item.url}, {"breaking", item.breaking}});
  }
  nlohmann::json doc = {{"items", std::move(list)}};
  // One line: dump() without indent escapes every control character, so no CR or LF can
  // end the data field early.
  std::string data = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.append("id: ").append(Fnv1a64().Add(data).Hex());
  out.append("\nevent: ticker\ndata: ").append(data).append("\n\n");
  return out;
}

std::string RetryField(int milliseconds) {
  std::string out("retry: ");
  out.append(std::to_string(milliseconds)).append("\n\n");
  return out;
}

LiveTicker::LiveTicker(store::Store* store, LiveHub* hub, const Clock* clock,
                       LiveTickerOptions options)
    : store_(store), hub_(hub), clock_(clock), options_(options) {
  thread_ = std::jthread([this](std::stop_token stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      Tick();
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
    }
  });
}

LiveTicker::~LiveTicker() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void LiveTicker::Tick() {
  std::lock_guard lock(mu_);
  int64_t now = clock_->NowSeconds();
  auto version = store_->DataVersion();
  bool changed = !version.ok() || !version_ || *version != *version_;
  if (changed || now - checked_at_ >= options_.recheck_seconds) {
    auto ticker = store_->Ticker(options_.ticker_size, now);
    if (!ticker.ok()) {
      std::fprintf(stderr, "khabar: live ticker not read: %s\n", ticker.status().message().c_str());
    } else {
      checked_at_ = now;
      if (version.ok()) version_ = *version;
      std::string event = TickerEvent(TickerItems(*ticker, options_.zone));
      if (event != hub_->current()) {
        hub_->Publish(std::move(event));
        sent_at_ = now;
      }
    }
  }
  if (now - sent_at_ >= options_.heartbeat_seconds) {
    hub_->Broadcast(kHeartbeat);
    sent_at_ = now;
  }
}

}  // namespace khabar::http
