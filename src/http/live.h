// File: src/http/live.h
//
// Live breaking news over Server-Sent Events. Three small parts:
//  - `LiveHub` holds the open event streams of one server (weakly: each connection belongs
//    to its event loop, never to a thread of its own) and sends them all the same bytes.
//    It caps the number of clients and drops a subscriber that falls too far behind.
//  - `TickerEvent` serializes the ticker as one event, the same bytes for every client.
//  - `LiveTicker` is the one producer: about once a second it asks the database whether
//    anything changed (PRAGMA data_version sees the writes of every process: the newsroom,
//    `khabar import`, another node), rereads the ticker when so (and every few seconds, as
//    breaking news also ends with time), publishes it when it differs, and sends a comment
//    as a heartbeat when the streams were quiet for 15 seconds.
//
//   LiveHub hub({.max_clients = 5000, .max_queue_bytes = 64 * 1024});
//   LiveTicker producer(store, &hub, clock, {.ticker_size = 10});   // runs until destroyed
//   // In the handler: auto slot = hub.Reserve(); if (!slot) → 503; else stream →
//   //   [&hub, slot](std::shared_ptr<EventSink> sink) { hub.Subscribe(std::move(sink)); }
#ifndef KHABAR_HTTP_LIVE_H_
#define KHABAR_HTTP_LIVE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "src/base/time.h"
#include "src/content/time_zone.h"
#include "src/content/types.h"
#include "src/http/message.h"
#include "src/store/store.h"

namespace khabar::http {

struct LiveHubOptions {
  size_t max_clients = 5000;           // open streams at once; beyond it Reserve() fails
  size_t max_queue_bytes = 64 * 1024;  // a subscriber with more unwritten bytes is dropped
};

// Thread-safe. Must outlive every Slot it hands out.
class LiveHub {
 public:
  // One client's place, taken by Reserve() and given back when destroyed.
  class Slot {
   public:
    explicit Slot(LiveHub* hub) : hub_(hub) {}
    ~Slot() { hub_->clients_.fetch_sub(1); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    LiveHub* hub_;
  };

  explicit LiveHub(LiveHubOptions options) : options_(options) {}
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  // A place for one more client, or null when `max_clients` places are taken.
  std::shared_ptr<Slot> Reserve();
  // Makes Subscribe call `refresh` (the producer's Tick) first, so that a reader who loaded
  // a page after a write is never sent a state older than that page's.
  void RefreshBeforeSubscribe(std::function<void()> refresh);
  // Adds `sink` (held weakly) and sends it the current event, if there is one yet.
  void Subscribe(std::shared_ptr<EventSink> sink);
  // Makes `event` the current state and sends it to every subscriber.
  void Publish(std::string event);
  // Sends `bytes` to every subscriber, the current state unchanged (e.g. a heartbeat).
  void Broadcast(std::string bytes);
  // The current event, "" before the first Publish().
  std::string current() const;
  // Places taken (streams open or being opened).
  size_t clients() const { return clients_.load(); }
  // Subscribers still open, after forgetting closed ones.
  size_t subscribers();
  // Subscribers closed because they fell more than `max_queue_bytes` behind.
  size_t dropped() const { return dropped_.load(); }

 private:
  void SendAllLocked(const std::shared_ptr<const std::string>& bytes);

  const LiveHubOptions options_;
  std::atomic<size_t> clients_{0};
  std::atomic<size_t> dropped_{0};
  mutable std::mutex mu_;
  std::vector<std::weak_ptr<EventSink>> subscribers_;  // guarded by mu_
  std::shared_ptr<const std::string> current_;         // guarded by mu_
  std::function<void()> refresh_;                      // guarded by mu_
};

// What the ticker shows of one article.
struct TickerItem {
  std::string title;
  std::string url;  // the article's path, e.g. "/2026/03/…/"
  bool breaking = false;
};

// The ticker's items from its articles, in the order given (breaking ones first).
std::vector<TickerItem> TickerItems(const std::vector<content::ArticleSummary>& ticker,
                                    const content::TimeZone& zone);

// One Server-Sent Event "ticker":
//   id: <16 hex digits>\nevent: ticker\ndata: {"items":[{"title":…,"url":…,"breaking":…}]}\n\n
// The data is one line of JSON (UTF-8 kept, quotes, backslashes and control characters
// escaped; invalid UTF-8 replaced). The id is a digest of the data, so every node gives the
// same state the same id.
std::string TickerEvent(const std::vector<TickerItem>& items);

// The fields of a stream's first bytes: how long the browser waits before reconnecting.
std::string RetryField(int milliseconds);

// A comment line: browsers ignore it; proxies see traffic and keep the connection.
inline constexpr const char* kHeartbeat = ": \n\n";

struct LiveTickerOptions {
  int ticker_size = 10;
  int64_t recheck_seconds = 5;     // reread the ticker this often even without writes
  int64_t heartbeat_seconds = 15;  // a comment after this long without an event
  content::TimeZone zone;          // the site's, for the permalinks' months
};

// The producer, on a thread of its own from construction to destruction.
class LiveTicker {
 public:
  LiveTicker(store::Store* store, LiveHub* hub, const Clock* clock, LiveTickerOptions options);
  ~LiveTicker();  // stops and joins the thread
  LiveTicker(const LiveTicker&) = delete;
  LiveTicker& operator=(const LiveTicker&) = delete;

  // One round (what the thread does every second); public for start-up and tests.
  void Tick();

 private:
  store::Store* store_;
  LiveHub* hub_;
  const Clock* clock_;
  LiveTickerOptions options_;
  std::mutex mu_;  // one Tick at a time
  std::optional<uint64_t> version_;
  int64_t checked_at_ = 0;
  int64_t sent_at_ = 0;
  std::jthread thread_;  // last: started after the members it uses
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_LIVE_H_
