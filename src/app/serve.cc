#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "src/app/commands.h"
#include "src/http/access_log.h"
#include "src/http/live.h"
#include "src/http/server.h"
#include "src/http/site.h"
#include "src/http/tokens.h"
#include "src/render/render.h"
#include "src/store/replica.h"
#include "src/store/store.h"

namespace khabar::app {

namespace {

// Each open connection holds a file descriptor: raise the soft limit to the hard one.
void RaiseOpenFileLimit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

// Work off the request path, every `kPeriod`: publishes scheduled articles whose time has
// come (with nobody present, also after a restart), then computes the related blocks of
// whatever an import, the newsroom or another node published or changed.
class BackgroundWorker {
 public:
  BackgroundWorker(store::Store* store, const Clock* clock)
      : thread_([this, store, clock](std::stop_token stop) { Loop(stop, store, clock); }) {}

 private:
  static constexpr auto kPeriod = std::chrono::seconds(1);
  void Loop(std::stop_token stop, store::Store* store, const Clock* clock) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      auto published = store->PublishDue(clock->NowSeconds());
      if (!published.ok()) {
        std::fprintf(stderr, "khabar: scheduled articles not published yet: %s\n",
                     published.status().message().c_str());
      } else if (*published > 0) {
        std::fprintf(stderr, "khabar: published %d scheduled article(s)\n", *published);
      }
      auto left = store->RefreshRelated(100, clock->NowSeconds());
      if (!left.ok()) {
        std::fprintf(stderr, "khabar: related articles not refreshed: %s\n",
                     left.status().message().c_str());
      }
      if (left.ok() && *left > 0) continue;  // more waiting: go on at once
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, kPeriod, [] { return false; });
    }
  }
  std::jthread thread_;
};

// The site's store: the database of --db or, with a read replica, one that reads there and
// writes to --db (src/store/replica.h), which *replicated is then set to.
StatusOr<std::unique_ptr<store::Store>> OpenSiteStore(const ServeConfig& config,
                                                      store::ReplicatedStore** replicated) {
  store::StoreOptions so;
  so.path = config.db;
  if (config.db_replica.empty()) return store::OpenStore(so);
  ASSIGN_OR_RETURN(auto r, store::OpenReplicatedStore(so, config.db_replica));
  // The replica should have what the primary has, the schema just migrated included.
  if (!r->AwaitReplica(std::chrono::seconds(10))) {
    std::fprintf(stderr, "khabar: the replica is still behind the primary after 10 s\n");
  }
  *replicated = r.get();
  return std::unique_ptr<store::Store>(std::move(r));
}

}  // namespace

int Serve(const ServeConfig& config) {
  RaiseOpenFileLimit();
  // A file-size limit (RLIMIT_FSIZE) makes a write fail with an error the store reports
  // (503 to the writer) instead of killing the whole site.
  std::signal(SIGXFSZ, SIG_IGN);
  // SIGTERM, SIGINT and SIGHUP go to the server's workers only: block them here, before any
  // thread starts, so that the background threads (the page cache's journal watcher, the
  // live ticker, scheduled publishing) inherit the block and never take one. Server::Run
  // unblocks them for its workers, and ignores them once it has stopped.
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGINT);
  sigaddset(&termination, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &termination, nullptr);
  http::ServerOptions server_options = config.server;
  Status s = ParseListen(config.listen, &server_options.host, &server_options.port);
  if (!s.ok()) {
    std::fprintf(stderr, "khabar: %s\n", s.message().c_str());
    return 2;
  }
  store::ReplicatedStore* replicated = nullptr;
  auto store = OpenSiteStore(config, &replicated);
  if (!store.ok()) {
    std::fprintf(stderr, "khabar: %s\n", store.status().message().c_str());
    return 1;
  }
  auto templates = render::Templates::Load({.theme_dir = config.site.theme_dir});
  if (!templates.ok()) {
    std::fprintf(stderr, "khabar: %s\n", templates.status().message().c_str());
    return 1;
  }
  // The form-token key is made once per site and kept in the database.
  auto key = (*store)->GetOrCreateSetting("form_token_key", http::FormTokens::NewKeyHex());
  if (!key.ok()) {
    std::fprintf(stderr, "khabar: %s\n", key.status().message().c_str());
    return 1;
  }
  if (!http::FormTokens::IsValidKeyHex(*key)) {
    std::fprintf(stderr, "khabar: the stored form_token_key setting is malformed\n");
    return 1;
  }
  http::SiteOptions site_options = config.site;
  site_options.form_key_hex = *key;
  // Feeds and short links are absolute: without `site_url`, the address it listens on.
  if (site_options.info.url.empty())
    site_options.info.url = DefaultSiteUrl(server_options.host, server_options.port);
  // Featured images live next to the database unless the settings say otherwise; image
  // uploads are the only requests allowed a body as large as an image.
  // (On PostgreSQL there is no file to be next to: data/media, or shared storage that every
  // node mounts, named by media_dir.)
  site_options.admin.media.dir = MediaDirFor(config.db, config.media_dir);
  server_options.large_body = [](std::string_view method, std::string_view path) {
    return method == "POST" && http::IsImageUploadPath(path);
  };
  server_options.max_large_body_bytes = site_options.admin.media.max_bytes + 256 * 1024;
  site_options.workers = server_options.threads > 0
                             ? server_options.threads
                             : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  server_options.threads = site_options.workers;
  SystemClock clock;
  // Live ticker streams: declared before the server, so they are gone before it is.
  bool live = config.live.max_clients > 0;
  site_options.info.live = live;
  http::LiveHub live_hub(config.live);
  http::Site site(
      {store->get(), std::move(*templates), &clock, live ? &live_hub : nullptr, replicated},
      site_options);
  // SIGHUP: a publisher edited the theme; read it again without a restart.
  server_options.on_sighup = [&site] {
    Status reloaded = site.ReloadTemplates();
    if (reloaded.ok()) {
      std::fprintf(stderr, "khabar: templates reloaded\n");
    } else {
      std::fprintf(stderr, "khabar: templates not reloaded, the old ones stay: %s\n",
                   reloaded.message().c_str());
    }
  };
  http::AccessLog log(stdout);
  http::Server server(
      server_options, [&site](const http::Request& r) { return site.Handle(r); }, &log);
  s = server.Listen();
  if (!s.ok()) {
    std::fprintf(stderr, "khabar: %s\n", s.message().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "khabar: serving %s (images in %s) on http://%s:%u/ with %d threads, a page "
               "cache of %zu MiB\n",
               config.db.c_str(), site_options.admin.media.dir.c_str(), server_options.host.c_str(),
               server.port(), site_options.workers, site_options.page_cache_bytes >> 20);
  if (replicated != nullptr) {
    std::fprintf(stderr, "khabar: reads from the replica %s, writes to the primary\n",
                 config.db_replica.c_str());
  }
  for (const auto& url : site_options.purge_urls)
    std::fprintf(stderr, "khabar: purging the front cache %s by key after each write\n",
                 url.c_str());
  {
    BackgroundWorker background(store->get(), &clock);
    std::optional<http::LiveTicker> live_ticker;
    if (live) {
      http::LiveTickerOptions lo;
      lo.ticker_size = site_options.ticker_size;
      lo.zone = site_options.info.date_style.zone;
      live_ticker.emplace(store->get(), &live_hub, &clock, lo);
      live_hub.RefreshBeforeSubscribe([&live_ticker] { live_ticker->Tick(); });
    }
    server.Run();
    live_hub.RefreshBeforeSubscribe(nullptr);  // the producer goes first
  }  // the workers stop and join here, before the store closes
  std::fprintf(stderr, "khabar: stopped\n");
  return 0;
}

}  // namespace khabar::app
