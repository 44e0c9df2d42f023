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

}  // namespace

int Serve(const ServeConfig& config) {
  RaiseOpenFileLimit();
  // A file-size limit (RLIMIT_FSIZE) makes a write fail with an error the store reports
  // (503 to the writer) instead of killing the whole site.
  std::signal(SIGXFSZ, SIG_IGN);
  http::ServerOptions server_options = config.server;
  Status s = ParseListen(config.listen, &server_options.host, &server_options.port);
  if (!s.ok()) {
    std::fprintf(stderr, "khabar: %s\n", s.message().c_str());
    return 2;
  }
  store::StoreOptions so;
  so.path = config.db;
  auto store = store::OpenStore(so);
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
  site_options.admin.media.dir =
      !config.media_dir.empty() ? config.media_dir
      : config.db.starts_with("postgres")
          ? std::string("data/media")
          : (std::filesystem::path(config.db).parent_path() / "media").string();
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
  http::Site site({store->get(), std::move(*templates), &clock, live ? &live_hub : nullptr},
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
