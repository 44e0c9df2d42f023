// File: src/http/site.h
//
// The reader site: home, articles, archives, search, comment posting, static assets, the
// live ticker's event stream (/live/ticker), the 404 page and /healthz, wired into one
// route table. Handlers read and write through the store's interfaces and render through
// `render::Renderer`; they never touch SQL or build HTML by hand.
//
//   Site site(deps, options);
//   Server server(server_options, [&](const Request& r) { return site.Handle(r); }, &log);
#ifndef KHABAR_HTTP_SITE_H_
#define KHABAR_HTTP_SITE_H_

#include <memory>
#include <string>
#include <vector>

#include "src/base/time.h"
#include "src/content/comments.h"
#include "src/http/admin.h"
#include "src/http/feeds.h"
#include "src/http/message.h"
#include "src/http/replica_reads.h"
#include "src/render/render.h"
#include "src/store/store.h"

namespace khabar::http {

struct SiteOptions {
  render::SiteInfo info;
  int per_page = 12;                   // articles per list page
  int ticker_size = 10;                // headlines in the ticker
  int related_count = 4;               // articles in the related block (at most 8)
  double search_recency_boost = 0.5;   // 0: search ranks by relevance only
  int home_categories = 6;             // category blocks on the home page
  int home_block_size = 4;             // articles per category block
  int workers = 1;                     // server threads (one renderer each)
  std::string theme_dir;               // overrides for web/static files too
  std::string form_key_hex;            // key of the comment-form tokens (shared by all nodes)
  size_t page_cache_bytes = 64 << 20;  // rendered pages kept in memory; 0: none
  int change_poll_ms = 150;            // how often to look for other processes' writes; 0: never
  int page_s_maxage = 10;              // Cache-Control s-maxage of pages, for a CDN in front
  AdminOptions admin;                  // sessions of the newsroom
  content::SpamRules spam;             // defences of the comment form
  FeedOptions feeds;                   // /feed/ and the archives' feeds
  int sitemap_per_file = 1000;         // addresses in each file of /sitemap.xml's index
  ReplicaReadOptions replica;          // with SiteDeps::replicated (src/http/replica_reads.h)
  // The front caches purged by key after each write (src/http/front_purge.h).
  std::vector<std::string> purge_urls;
};

class LiveHub;

struct SiteDeps {
  store::Store* store;                                 // not owned; outlives the Site
  std::shared_ptr<const render::Templates> templates;  // the templates to start with
  const Clock* clock;                                  // not owned
  LiveHub* live;  // not owned; the streams of /live/ticker; null: no live updates (404)
  // Not owned; when reads go to a replica, the same object as `store`; else null.
  store::ReplicatedStore* replicated = nullptr;
};

class Site {
 public:
  Site(SiteDeps deps, SiteOptions options);
  ~Site();
  // Thread-safe when each concurrent call carries a distinct `req.worker` < options.workers.
  Response Handle(const Request& req);

  // Reads the templates again (the embedded defaults and the theme folder's overrides) and
  // renders with them from the next request on; cached pages are dropped. On a syntax error
  // nothing changes and the error names the file. Thread-safe.
  Status ReloadTemplates();

  // Every route of the site and the newsroom, "METHOD /pattern" a line (see Router::List),
  // for `khabar routes` and the authorisation test. Reads no data: a Site made with a null
  // store may be asked, as long as it handles no request.
  std::vector<std::string> Routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_SITE_H_
