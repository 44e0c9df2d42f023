// File: src/http/feeds.h
//
// The feeds' handler side: which articles a feed at /feed/, /category/<slug>/feed/ or
// /tag/<slug>/feed/ (and their atom/ and json/ forms) carries, read through the store and
// rendered by render::RenderFeed; plus conditional GET for any response that carries an
// ETag or a Last-Modified.
//
// A feed's ETag is a digest of its bytes. Its Last-Modified is the time this server first
// served those bytes (never earlier than the newest change it lists), so it moves with any
// change, also an article leaving the feed, which the articles' own dates would not show.
//
//   FeedService feeds(store, site_info, media_dir, {.items = 20, .full_text = false});
//   StatusOr<Response> r = feeds.Serve(req, FeedScope::kTag, "slug", FeedFormat::kAtom, now);
//   ApplyConditionalGet(req, &*r);   // 304 when the client's copy is current
#ifndef KHABAR_HTTP_FEEDS_H_
#define KHABAR_HTTP_FEEDS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "src/base/status.h"
#include "src/http/message.h"
#include "src/http/page_keys.h"
#include "src/render/feed.h"
#include "src/render/render.h"
#include "src/store/store.h"

namespace khabar::http {

struct FeedOptions {
  int items = 20;          // newest published articles in each feed
  bool full_text = false;  // the whole article; false: its excerpt only
};

enum class FeedScope { kAll, kCategory, kTag };

// Thread-safe.
class FeedService {
 public:
  FeedService(store::Store* store, render::SiteInfo site, std::string media_dir,
              FeedOptions options);

  // The feed of `scope` (`slug` names the category or tag, decoded) in `format`, with its
  // ETag, Last-Modified and Cache-Control: no-cache (readers revalidate, cheaply). kNotFound
  // for an unknown category or tag; store errors as they come. `keys`, when given, receives
  // what the feed shows (for the page cache).
  StatusOr<Response> Serve(const Request& req, FeedScope scope, const std::string& slug,
                           render::FeedFormat format, int64_t now, PageKeys* keys = nullptr);

 private:
  // Last-Modified of the bytes now served at `key`.
  int64_t LastModified(const std::string& key, const std::string& etag, int64_t now,
                       int64_t newest);

  store::Store* store_;
  render::SiteInfo site_;
  std::string media_dir_;
  FeedOptions options_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, int64_t>> seen_;  // key -> (etag, since)
};

// Turns a 200 response carrying an ETag or Last-Modified into an empty 304 when the request's
// If-None-Match names that ETag (or "*"), or, without If-None-Match, when its
// If-Modified-Since is not older than Last-Modified. Anything else is left as it is.
void ApplyConditionalGet(const Request& req, Response* res);

// "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 7231 IMF-fixdate) to Unix seconds.
std::optional<int64_t> ParseHttpDate(std::string_view s);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_FEEDS_H_
