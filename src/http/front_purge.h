// File: src/http/front_purge.h
//
// Purges pages from the shared caches in front of the site (Varnish with the xkey module,
// deploy/varnish/khabar.vcl) by the keys of what changed (src/http/page_keys.h), as each
// node's page cache drops them. One request per cache:
//
//   PURGE / HTTP/1.1
//   xkey-purge: article:17 list *
//
// The VCL drops every object whose Surrogate-Key holds one of those keys. "all" is the key
// the VCL gives every page Khabar sends (kAllPagesKey): purging it empties the cache of
// Khabar's pages. The caches are asked in parallel; Purge returns when all have answered
// or `timeout` has passed, and logs (to stderr) each cache that did not answer 2xx.
//
//   FrontPurge front({"http://127.0.0.1:6081/"});
//   front.Purge({"article:17", "list"});  // also "*": pages whose keys are not known
//   front.PurgeEverything();
#ifndef KHABAR_HTTP_FRONT_PURGE_H_
#define KHABAR_HTTP_FRONT_PURGE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"

namespace khabar::http {

// The key every Khabar page carries in the front cache (the VCL adds it).
inline constexpr std::string_view kAllPagesKey = "all";

// A front cache's address, from "http://HOST:PORT/PATH" (PORT defaults to 80, PATH to /).
// Give an address or a name in /etc/hosts: it is resolved at each purge.
struct PurgeTarget {
  std::string url;  // as given, for the log (it holds no secret: user info is refused)
  std::string host;
  uint16_t port = 80;
  std::string path;
};
// kInvalidArgument for anything but plain http:// with a host (no user info, no query).
StatusOr<PurgeTarget> ParsePurgeUrl(std::string_view url);

class FrontPurge {
 public:
  // `urls` were checked with ParsePurgeUrl; a bad one is logged and skipped.
  explicit FrontPurge(const std::vector<std::string>& urls,
                      std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));

  bool enabled() const { return !targets_.empty(); }

  // Purges the pages showing any of `keys`, and those whose keys are not known ("*").
  // A key "*" (a change of anything) or keys that would not fit one header (over ~6 KB)
  // purge every page instead.
  void Purge(const std::vector<std::string>& keys) const;
  void PurgeEverything() const;

  // Sends one PURGE with `keys` (space-separated) to every cache; how many answered 2xx and
  // how many did not (those are logged).
  struct Outcome {
    int ok = 0;
    int failed = 0;
  };
  Outcome Send(const std::string& keys) const;

 private:
  std::vector<PurgeTarget> targets_;
  std::chrono::milliseconds timeout_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_FRONT_PURGE_H_
