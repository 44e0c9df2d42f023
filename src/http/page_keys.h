// File: src/http/page_keys.h
//
// The keys of what a page shows, recorded while it renders; the page cache drops a page
// when a write touches one of them (the store's change journal lists the keys each write
// touched, src/store/migrations/sqlite/010_changes.sql). The same keys go out in the
// Surrogate-Key header, so a CDN can purge by key.
//   article:<id>   a published article's own content (title, text, dates, tags, image)
//   comments:<id>  the approved comments under it
//   list           which articles the newest-first lists hold (home, /feed/)
//   category:<id>  tag:<id>  author:<id>   which articles that archive holds
//   related:<id>   an article's related block
//   ticker  nav    the ticker and the menu, on every page
//   articles       any published article (search results, added by the reader site)
//   *              anything (pages whose keys are not known: sitemaps, the JSON API)
//
//   PageKeys keys;
//   keys.Add(ArticleKey(17));
//   keys.Shows(summaries, now);    // article:<id> of each, and when their breaking flag ends
#ifndef KHABAR_HTTP_PAGE_KEYS_H_
#define KHABAR_HTTP_PAGE_KEYS_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/content/types.h"

namespace khabar::http {

inline std::string KeyOf(std::string_view kind, int64_t id) {
  std::string k(kind);
  k.append(":").append(std::to_string(id));
  return k;
}
inline std::string ArticleKey(int64_t id) { return KeyOf("article", id); }

// What one render showed, and until when it stays true without a write.
struct PageKeys {
  std::vector<std::string> keys;
  int64_t expires_at = 0;  // 0: until a write
  bool exact = false;      // false: the handler did not say; the page is keyed "*"

  void Add(std::string key) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  // The page changes by itself at `t` (a breaking flag ends, say); ignored when past.
  void ExpiresAt(int64_t t, int64_t now) {
    if (t > now && (expires_at == 0 || t < expires_at)) expires_at = t;
  }
  // The page shows these articles' summaries.
  void Shows(const std::vector<content::ArticleSummary>& items, int64_t now) {
    for (const auto& a : items) {
      Add(ArticleKey(a.id));
      ExpiresAt(a.breaking_until, now);
    }
  }
  void Reset() {
    keys.clear();
    expires_at = 0;
    exact = false;
  }
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_PAGE_KEYS_H_
