#include "src/http/site.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "src/base/embedded.h"
#include "src/base/files.h"
#include "src/base/strings.h"
#include "src/content/comments.h"
#include "src/content/text.h"
#include "src/http/form.h"
#include "src/http/front_purge.h"
#include "src/http/live.h"
#include "src/http/media_files.h"
#include "src/http/page_cache.h"
#include "src/http/page_keys.h"
#include "src/http/router.h"
#include "src/http/sitemaps.h"
#include "src/http/tokens.h"
#include "src/http/wordpress_urls.h"
#include "src/http/wp_api.h"
#include "src/search/query.h"

namespace khabar::http {
namespace {

using content::ArticleSummary;
using render::Pagination;

constexpr const char* kSecurityHeaders[][2] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "SAMEORIGIN"},
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
     "frame-ancestors 'self'"},
};

std::string ContentTypeFor(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// A page number from a route segment: 2.. only ("page/1/" is the base URL itself).
std::optional<int> PageNumber(const std::string& s) {
  auto n = ParseInt(s);
  if (!n || *n < 2 || *n > 100000) return std::nullopt;
  return static_cast<int>(*n);
}

int TotalPages(int64_t total, int per_page) {
  return std::max<int>(1, static_cast<int>((total + per_page - 1) / per_page));
}

// The process's resident memory (/proc/self/statm), 0 when unknown.
size_t ResidentBytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long long size = 0, resident = 0;
  int n = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  return n == 2 ? static_cast<size_t>(resident) * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// The value of header `name` (lower case) in `r`, or "".
std::string_view HeaderIn(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (AsciiLower(k) == name) return v;
  }
  return "";
}
bool HasHeader(const Response& r, std::string_view name) { return !HeaderIn(r, name).empty(); }

// The answer to `req` from a cached page: the variant the client accepts, its ETag, and
// 304 when the client's copy is current. The body is shared, not copied.
Response FromCache(const Request& req, const CachedPage& page, const char* how) {
  Coding coding =
      ChooseCoding(req.Header("accept-encoding"), page.brotli != nullptr, page.gzip != nullptr);
  Response r;
  r.status = page.status;
  r.content_type = page.content_type;
  r.headers.reserve(page.headers.size() + 5);
  r.headers = page.headers;
  r.shared_body = page.Body(coding);
  if (r.shared_body != page.identity) r.With("Content-Encoding", CodingName(coding));
  if (page.gzip || page.brotli) r.With("Vary", "Accept-Encoding");
  r.With("ETag", page.Etag(coding));
  r.With("Last-Modified", FormatHttpDate(page.last_modified));
  r.With("X-Cache", how);
  ApplyConditionalGet(req, &r);
  return r;
}

// The menu and the ticker, on every page. At namespace scope rather than inside
// Site::Impl: clang cannot default-construct a nested class with member initializers
// before the enclosing class is complete (std::optional::emplace() in Impl's methods).
struct ChromeData {
  std::vector<content::Category> nav;
  std::vector<ArticleSummary> ticker;
  int64_t valid_until = 0;  // 0: until a write
  std::string digest;       // of what it shows, to tell whether a write changed it
};

}  // namespace

struct Site::Impl {
  // What every page shows around its content (menu, ticker), kept until a write changes it
  // (see SyncChanges) or its first breaking flag runs out (`valid_until`).
  std::mutex chrome_mu;
  std::optional<ChromeData> chrome;  // guarded by chrome_mu
  // A cached page is kept at most this long (the comment form's token lives 7 days), or
  // kRelativeSeconds when dates show as "5 minutes ago".
  static constexpr int64_t kMaxPageSeconds = 86400;
  static constexpr int64_t kRelativeSeconds = 30;
  PageCache pages;
  // The change journal: the last row applied to the cache (guarded by sync_mu).
  std::mutex sync_mu;
  int64_t last_change = 0;

  SiteDeps deps;
  SiteOptions options;
  // Templates in use; each worker rebuilds its renderer when `templates_generation` moves.
  std::mutex templates_mu;
  std::shared_ptr<const render::Templates> templates;  // guarded by templates_mu
  std::atomic<uint64_t> templates_generation{0};
  // What each worker keeps for the request it is serving; used only by that worker.
  struct Worker {
    uint64_t generation = 0;
    std::unique_ptr<render::Renderer> renderer;
    PageKeys keys;  // what the page being rendered shows
  };
  std::vector<Worker> workers;
  FormTokens tokens;
  Admin admin;
  Router router;
  FeedService feeds;
  WpApi wp_api;
  FrontPurge front;      // the shared caches in front of the nodes (options.purge_urls)
  std::jthread watcher;  // reads the change journal when another process wrote (Watch)
  std::optional<ReplicaReads> replica;  // with a read replica: who reads the primary

  // The newsroom's links use the site's time zone, as every other part does.
  static SiteOptions OneZone(SiteOptions o) {
    o.admin.zone = o.info.date_style.zone;
    return o;
  }

  Impl(SiteDeps d, SiteOptions o)
      : pages({.max_bytes = o.page_cache_bytes}),
        deps(d),
        options(OneZone(std::move(o))),
        tokens(options.form_key_hex),
        admin({.store = deps.store,
               .clock = deps.clock,
               .tokens = &tokens,
               .renderer = [this](const Request& r) -> render::Renderer& { return R(r); },
               .site_chrome = [this](const Request& r,
                                     const std::string& category) { return Chrome(r, category); },
               .options = options.admin}),
        feeds(deps.store, options.info, options.admin.media.dir, options.feeds),
        wp_api(deps.store, deps.clock,
               {.site_url = options.info.url,
                .site_name = options.info.name,
                .description = options.info.tagline,
                .search_recency_boost = options.search_recency_boost,
                .zone = options.info.date_style.zone}),
        front(options.purge_urls) {
    templates = deps.templates;
    // Pages link the site's stylesheet and scripts by content-hashed names, which never
    // change meaning and so may be kept for a year.
    for (std::string* url :
         {&options.info.css_url, &options.info.js_url, &options.info.live_js_url}) {
      if (!url->starts_with("/static/")) continue;
      std::string name = url->substr(8);
      if (auto bytes = StaticBytes(name); bytes.ok()) *url = "/static/" + HashedName(name, *bytes);
    }
    for (int i = 0; i < std::max(1, options.workers); ++i) {
      workers.push_back({0, std::make_unique<render::Renderer>(*templates, options.info), {}});
    }
    Routes();
    if (deps.replicated != nullptr) {
      replica.emplace(deps.replicated, options.replica, options.admin.secure_cookies);
    }
    // Without a store (`khabar routes` lists the routes only) there is nothing to watch.
    if (deps.store == nullptr) return;
    if (auto last = S().LastChange(); last.ok()) last_change = *last;
    if (options.change_poll_ms > 0) {
      watcher = std::jthread([this](std::stop_token stop) { Watch(stop); });
    }
  }
  // Stops the watcher before the members it uses go.
  ~Impl() {
    if (watcher.joinable()) {
      watcher.request_stop();
      watcher.join();
    }
  }

  Worker& W(const Request& req) {
    size_t i = static_cast<size_t>(req.worker);
    return workers[i < workers.size() ? i : 0];
  }

  PageKeys& Keys(const Request& req) { return W(req).keys; }

  // ---- Invalidation --------------------------------------------------------------

  // Reads the change journal after the last row applied and drops the pages showing what
  // changed. Called after each write this process answers (before the answer leaves) and
  // by the watcher when another process or node wrote. The ticker and menu are read again
  // when a write may have changed them; their pages go only when they did.
  void SyncChanges() {
    std::lock_guard lock(sync_mu);
    constexpr int kBatch = 10000;
    constexpr size_t kMaxKeys = 2000;
    std::vector<std::string> keys;
    std::unordered_set<std::string> seen;
    bool gap = false;
    for (;;) {
      auto batch = S().ChangesSince(last_change, kBatch);
      if (!batch.ok()) {
        // Unknown what changed: nothing cached can be trusted.
        std::fprintf(stderr, "khabar: change journal: %s\n", batch.status().ToString().c_str());
        DropEverything();
        return;
      }
      if (batch->empty()) break;
      if (batch->front().seq > last_change + 1) gap = true;  // pruned before we read them
      for (auto& c : *batch) {
        if (seen.insert(c.key).second) keys.push_back(std::move(c.key));
      }
      last_change = batch->back().seq;
      if (static_cast<int>(batch->size()) < kBatch) break;
    }
    // A bulk write (an import) changes most pages: dropping all is cheaper than sorting.
    if (keys.size() > kMaxKeys) gap = true;
    if (gap) {
      DropEverything();
      front.PurgeEverything();  // after this node's pages, so that a refetch gets fresh ones
      return;
    }
    if (keys.empty()) return;
    auto has = [&](std::string_view k) {
      return std::find(keys.begin(), keys.end(), k) != keys.end();
    };
    if (has("ticker") || has("nav")) {
      std::lock_guard chrome_lock(chrome_mu);
      std::string before = chrome ? chrome->digest : "";
      chrome = LoadChrome(Now());
      if (chrome && !before.empty() && chrome->digest == before) {
        std::erase(keys, "ticker");
        std::erase(keys, "nav");
      }
    }
    bool article = std::any_of(keys.begin(), keys.end(), [](const std::string& k) {
      return k == "list" || k.starts_with("article:");
    });
    if (article) keys.push_back("articles");
    pages.Invalidate(keys);
    // Every node purges what it learns: idempotent, and done even when the writer died.
    front.Purge(keys);
  }

  void DropEverything() {
    {
      std::lock_guard chrome_lock(chrome_mu);
      chrome.reset();
    }
    pages.Clear();
  }

  // Waits until the store says another process or node may have written (on PostgreSQL
  // a notification at its commit, at once; on SQLite a look every `change_poll_ms`), then
  // reads the journal. Every ten minutes: prune the journal and log the memory held.
  void Watch(std::stop_token stop) {
    int64_t housekeeping = std::time(nullptr);
    bool told = true;  // whether the store's last wait worked
    while (!stop.stop_requested()) {
      int64_t after = 0;
      {
        std::lock_guard lock(sync_mu);
        after = last_change;
      }
      auto more =
          S().WaitForChanges(after, std::chrono::milliseconds(options.change_poll_ms), stop);
      if (stop.stop_requested()) break;
      if (!more.ok()) {
        // Writes may have gone unannounced: read the journal at every retry meanwhile.
        if (told) {
          std::fprintf(stderr, "khabar: %s; reading the change journal every %d ms meanwhile\n",
                       more.status().ToString().c_str(), options.change_poll_ms);
        }
        told = false;
        SyncChanges();
      } else {
        if (!told) std::fprintf(stderr, "khabar: watching for changes again\n");
        told = true;
        if (*more) SyncChanges();
      }
      int64_t now = std::time(nullptr);
      if (now - housekeeping >= 600) {
        housekeeping = now;
        if (Status s = S().PruneChanges(now - 3600); !s.ok()) {
          std::fprintf(stderr, "khabar: pruning the change journal: %s\n", s.ToString().c_str());
        }
        std::fprintf(stderr, "khabar: %s\n", MemoryLine().c_str());
      }
    }
  }

  // "resident 52.1 MiB; page cache: 120 pages, 9.8 MiB, 5123 hits, 130 misses, …"
  std::string MemoryLine() const {
    PageCacheStats st = pages.stats();
    char line[320];
    std::snprintf(
        line, sizeof line,
        "resident %.1f MiB; page cache: %zu pages, %.1f MiB, %llu hits, %llu misses, "
        "%llu coalesced, %llu invalidated",
        static_cast<double>(ResidentBytes()) / (1 << 20), st.pages,
        static_cast<double>(st.bytes) / (1 << 20), static_cast<unsigned long long>(st.hits),
        static_cast<unsigned long long>(st.misses), static_cast<unsigned long long>(st.coalesced),
        static_cast<unsigned long long>(st.invalidated));
    return line;
  }

  render::Renderer& R(const Request& req) {
    Worker& slot = W(req);
    if (slot.generation != templates_generation.load(std::memory_order_acquire)) {
      std::shared_ptr<const render::Templates> current;
      uint64_t generation;
      {
        std::lock_guard lock(templates_mu);
        current = templates;
        generation = templates_generation.load();
      }
      slot.renderer = std::make_unique<render::Renderer>(*current, options.info);
      slot.generation = generation;
    }
    return *slot.renderer;
  }

  store::Store& S() { return *deps.store; }
  int64_t Now() const { return deps.clock->NowSeconds(); }
  const content::TimeZone& Zone() const { return options.info.date_style.zone; }

  // The menu and ticker as the database has them at `now`; nullopt on a store error.
  std::optional<ChromeData> LoadChrome(int64_t now) {
    auto cats = S().ListCategories();
    auto ticker = S().Ticker(options.ticker_size, now);
    if (!cats.ok() || !ticker.ok()) return std::nullopt;
    ChromeData d;
    d.nav = std::move(*cats);
    d.ticker = std::move(*ticker);
    std::string digest;
    for (const auto& c : d.nav) {
      digest.append(std::to_string(c.id)).append("\x1f").append(c.name).append("\x1f");
      digest.append(c.slug).append("\x1e");
    }
    digest.append("\x1d");
    for (const auto& a : d.ticker) {
      digest.append(std::to_string(a.id)).append("\x1f").append(a.title).append("\x1f");
      digest.append(a.slug).append("\x1f").append(std::to_string(a.published_at));
      digest
          .append(a.breaking ? "\x1f"
                               "b"
                             : "")
          .append("\x1e");
      if (a.breaking && (d.valid_until == 0 || a.breaking_until < d.valid_until)) {
        d.valid_until = a.breaking_until;
      }
    }
    d.digest = std::move(digest);
    return d;
  }

  // Navigation and ticker for every page. A failure degrades the chrome, not the page.
  render::Chrome Chrome(const Request& req, std::string current_category = "",
                        std::string query = "") {
    render::Chrome c;
    c.now = Now();
    std::optional<ChromeData> data;
    if (store::PrimaryReads::Active()) {
      data = LoadChrome(c.now);  // from the primary: for this request only, not shared
    } else {
      std::lock_guard lock(chrome_mu);
      if (!chrome || (chrome->valid_until != 0 && c.now >= chrome->valid_until)) {
        chrome = LoadChrome(c.now);
      }
      data = chrome;
    }
    PageKeys& keys = Keys(req);
    keys.Add("nav");
    keys.Add("ticker");
    if (!data) {
      keys.ExpiresAt(c.now + 1, c.now);  // degraded: not kept
      data.emplace();
    }
    keys.ExpiresAt(data->valid_until, c.now);
    c.nav = std::move(data->nav);
    c.ticker = std::move(data->ticker);
    c.current_category_slug = std::move(current_category);
    c.search_query = std::move(query);
    return c;
  }

  Response ErrorPage(const Request& req, int status) {
    std::string heading, message;
    switch (status) {
      case 404:
        heading = "الصفحة غير موجودة";
        message = "لم نعثر على الصفحة التي تبحث عنها. ربما نُقلت أو حُذفت، جرّب البحث.";
        break;
      case 400:
        heading = "طلب غير صالح";
        message = "تعذّر فهم العنوان أو البيانات المرسلة.";
        break;
      case 405:
        heading = "طريقة غير مسموحة";
        message = "لا يمكن تنفيذ هذا الطلب على هذه الصفحة.";
        break;
      case 503:
        heading = "الخدمة مشغولة";
        message = "الموقع مشغول الآن، يرجى المحاولة بعد لحظات.";
        break;
      default:
        heading = "حدث خطأ";
        message = "حدث خطأ غير متوقع، يرجى المحاولة لاحقاً.";
    }
    Response r = Response::Html(status, R(req).Error(Chrome(req), status, heading, message));
    if (status == 503) r.With("Retry-After", "5");
    if (status == 405) r.With("Allow", "GET, HEAD, POST");
    return r;
  }

  Response FromStatus(const Request& req, const Status& s) {
    switch (s.code()) {
      case StatusCode::kNotFound:
        return ErrorPage(req, 404);
      case StatusCode::kInvalidArgument:
        return ErrorPage(req, 400);
      case StatusCode::kUnavailable:
      case StatusCode::kResourceExhausted:
        return ErrorPage(req, 503);
      default:
        std::fprintf(stderr, "khabar: %s %s: %s\n", req.method.c_str(),
                     SanitizeUtf8(req.path.substr(0, 200)).c_str(), s.ToString().c_str());
        return ErrorPage(req, 500);
    }
  }

  // ---- Pages ---------------------------------------------------------------------

  Response Home(const Request& req, int page) {
    Form q = ParseQueryLenient(req.query);
    if (q.Has("s")) return Search(req, 1);                  // WordPress's /?s=
    if (page == 1 && q.Has("p") && ParseInt(q.Get("p"))) {  // WordPress's /?p=<post id>
      if (auto moved = WordPressIdRedirect(S(), Zone(), q.Get("p"))) return std::move(*moved);
      return ErrorPage(req, 404);
    }
    store::ListQuery lq;
    lq.limit = options.per_page;
    lq.now = Now();
    lq.offset = (page - 1) * options.per_page;
    auto latest = S().ListPublished(lq);
    if (!latest.ok()) return FromStatus(req, latest.status());
    int pages = TotalPages(latest->total, options.per_page);
    if (page > pages) return ErrorPage(req, 404);
    PageKeys& keys = Keys(req);
    keys.Add("list");
    keys.Shows(latest->items, lq.now);
    render::Chrome chrome = Chrome(req);
    std::vector<render::CategoryBlock> blocks;
    if (page == 1) {
      for (const auto& c : chrome.nav) {
        if (static_cast<int>(blocks.size()) >= options.home_categories) break;
        store::ListQuery cq;
        cq.kind = store::ArchiveKind::kCategory;
        cq.filter_id = c.id;
        cq.limit = options.home_block_size;
        cq.count_total = false;
        cq.now = Now();
        auto list = S().ListPublished(cq);
        if (!list.ok()) return FromStatus(req, list.status());
        keys.Add(KeyOf("category", c.id));
        keys.Shows(list->items, cq.now);
        blocks.push_back({c, std::move(list->items)});
      }
    }
    keys.exact = true;
    Pagination p{page, pages, "/", ""};
    return Response::Html(200, R(req).Home(chrome, latest->items, blocks, p));
  }

  Response ArticlePage(const Request& req, const Params& p) {
    auto year = ParseInt(p[0]), month = ParseInt(p[1]);
    if (!year || !month) return ErrorPage(req, 404);
    auto article = S().GetPublishedBySlug(p[2]);
    if (article.status().IsNotFound()) {
      // A slug the newsroom changed after publishing: its old address still leads there.
      auto moved = S().GetPublishedByFormerSlug(p[2]);
      if (moved.ok())
        return Response::Redirect(301,
                                  content::Permalink(moved->published_at, moved->slug, Zone()));
    }
    if (!article.ok()) return FromStatus(req, article.status());
    std::string url = content::Permalink(article->published_at, article->slug, Zone());
    CivilTime c = ToCivil(Zone().Local(article->published_at));
    if (c.year != *year || c.month != *month) return Response::Redirect(301, url);
    Form q = ParseQueryLenient(req.query);
    render::CommentForm form;
    form.notice_pending = q.Get("comment_status") == "pending";
    if (auto reply = ParseInt(q.Get("replytocom")); reply && *reply > 0) {
      auto parent = S().GetComment(*reply);
      if (parent.ok() && parent->article_id == article->id &&
          parent->status == content::CommentStatus::kApproved) {
        form.parent_id = parent->id;
        form.replying_to_name = parent->author_name;
      }
    }
    return RenderArticle(req, *article, std::move(form), 200);
  }

  Response RenderArticle(const Request& req, const content::Article& article,
                         render::CommentForm form, int status) {
    bool from_category = false;
    auto related = S().Related(article, options.related_count, Now(), &from_category);
    if (!related.ok()) return FromStatus(req, related.status());
    // Without approved comments (counted when the article was read) there is no thread.
    std::vector<content::Comment> approved;
    if (article.comment_count > 0) {
      auto comments = S().ApprovedComments(article.id);
      if (!comments.ok()) return FromStatus(req, comments.status());
      approved = std::move(*comments);
    }
    PageKeys& keys = Keys(req);
    keys.Add(ArticleKey(article.id));
    keys.Add(KeyOf("comments", article.id));
    keys.Add(KeyOf("related", article.id));
    // A block not computed yet is filled with the newest of the category.
    if (from_category) keys.Add(KeyOf("category", article.category.id));
    keys.Shows(*related, Now());
    keys.ExpiresAt(article.breaking_until, Now());
    keys.exact = true;
    form.post_id = article.id;
    form.token = tokens.Issue(CommentPurpose(article.id), Now());
    auto threads = content::BuildThreads(std::move(approved));
    return Response::Html(status, R(req).ArticlePage(Chrome(req, article.category.slug), article,
                                                     *related, threads, form));
  }

  static std::string CommentPurpose(int64_t article_id) {
    return "comment:" + std::to_string(article_id);
  }

  // A tag or category renamed or merged away: its old address, with what followed the slug
  // (`rest`: "page/N/", "feed/"), answers 301 with the new one. Asked only when no tag or
  // category has the slug, so the archives' usual path is unchanged. A deleted one is 404.
  std::optional<Response> MovedTaxonomy(const Request& req, render::Renderer::ArchiveKind kind,
                                        const std::string& slug, std::string_view rest) {
    if (kind == render::Renderer::ArchiveKind::kAuthor) return std::nullopt;
    bool tag = kind == render::Renderer::ArchiveKind::kTag;
    auto to = S().RedirectedSlug(
        tag ? content::TaxonomyKind::kTag : content::TaxonomyKind::kCategory, slug);
    if (!to.ok()) return std::nullopt;
    std::string url = tag ? content::TagUrl(*to) : content::CategoryUrl(*to);
    url.append(rest);
    if (!req.query.empty()) url.append("?").append(req.query);
    return Response::Redirect(301, url);
  }

  template <typename Lookup>
  Response Archive(const Request& req, render::Renderer::ArchiveKind kind, const std::string& slug,
                   int page, Lookup lookup, std::string (*url_of)(std::string_view)) {
    auto found = lookup(slug);
    if (!found.ok()) {
      std::string rest = page > 1 ? "page/" + std::to_string(page) + "/" : "";
      if (auto moved = MovedTaxonomy(req, kind, slug, rest)) return std::move(*moved);
      return FromStatus(req, found.status());
    }
    store::ListQuery lq;
    lq.kind = kind == render::Renderer::ArchiveKind::kTag        ? store::ArchiveKind::kTag
              : kind == render::Renderer::ArchiveKind::kCategory ? store::ArchiveKind::kCategory
                                                                 : store::ArchiveKind::kAuthor;
    lq.filter_id = found->id;
    lq.limit = options.per_page;
    lq.now = Now();
    lq.offset = (page - 1) * options.per_page;
    auto list = S().ListPublished(lq);
    if (!list.ok()) return FromStatus(req, list.status());
    int pages = TotalPages(list->total, options.per_page);
    if (page > pages) return ErrorPage(req, 404);
    PageKeys& keys = Keys(req);
    keys.Add(KeyOf(lq.kind == store::ArchiveKind::kTag        ? "tag"
                   : lq.kind == store::ArchiveKind::kCategory ? "category"
                                                              : "author",
                   found->id));
    keys.Shows(list->items, lq.now);
    keys.exact = true;
    std::string base = url_of(found->slug);
    Pagination pg{page, pages, base, ""};
    std::string current = kind == render::Renderer::ArchiveKind::kCategory ? found->slug : "";
    return Response::Html(200,
                          R(req).Archive(Chrome(req, current), kind, found->name, list->items, pg));
  }

  // The search request in a query string (shared by the page and /api/search): the words,
  // and the filters category=<slug>, tag=<slug>, from=/to=YYYY-MM-DD (inclusive), sort=date.
  // A filter that cannot be used is dropped with a notice, never an error.
  struct SearchArgs {
    store::SearchQuery query;
    std::string category_slug, tag_slug, tag_name, from, to;
    std::vector<std::string> notices;
    std::string link_query;  // the same request as "?q=…&…", for pagination links
  };

  SearchArgs ParseSearchArgs(const Form& params, const std::string& words) {
    SearchArgs a;
    std::string q(TrimUnicode(SanitizeUtf8(words)));
    a.query.text = q;
    a.query.now = Now();
    a.query.recency_boost = options.search_recency_boost;
    a.link_query = "?q=" + PercentEncodePathSegment(q);
    auto add_link = [&](std::string_view name, const std::string& value) {
      a.link_query.append("&").append(name).append("=").append(PercentEncodePathSegment(value));
    };
    if (std::string slug = SanitizeUtf8(params.Get("category")); !slug.empty()) {
      if (auto c = S().GetCategoryBySlug(slug); c.ok()) {
        a.query.category_id = c->id;
        a.category_slug = c->slug;
        add_link("category", slug);
      } else {
        a.notices.push_back("القسم المطلوب غير موجود، فبحثنا في كل الأقسام.");
      }
    }
    if (std::string slug = SanitizeUtf8(params.Get("tag")); !slug.empty()) {
      if (auto t = S().GetTagBySlug(slug); t.ok()) {
        a.query.tag_id = t->id;
        a.tag_slug = t->slug;
        a.tag_name = t->name;
        add_link("tag", slug);
      } else {
        a.notices.push_back("الوسم المطلوب غير موجود، فبحثنا في كل الوسوم.");
      }
    }
    auto day = [&](const char* name, std::string* shown, int64_t* bound, int64_t add_days) {
      std::string v(TrimAscii(params.Get(name)));
      if (v.empty()) return;
      auto t = v.size() == 10 ? ParseIso8601(v + "T00:00:00Z")
                              : StatusOr<int64_t>(InvalidArgumentError(""));
      if (!t.ok()) {
        a.notices.push_back("التاريخ «" + SanitizeUtf8(v.substr(0, 40)) +
                            "» غير صالح (اكتبه هكذا: 2024-05-31)، فتجاهلناه.");
        return;
      }
      *shown = v;
      *bound = *t + add_days * 86400;
      add_link(name, v);
    };
    day("from", &a.from, &a.query.from, 0);
    day("to", &a.to, &a.query.to, 1);  // "to" includes that whole day
    if (params.Get("sort") == "date") {
      a.query.newest_first = true;
      add_link("sort", "date");
    }
    return a;
  }

  Response Search(const Request& req, int page) {
    Form params = ParseQueryLenient(req.query);
    std::string typed = params.Has("q") ? params.Get("q") : params.Get("s");
    SearchArgs args = ParseSearchArgs(params, typed);
    render::SearchPage view;
    view.query = args.query.text;
    view.category_slug = args.category_slug;
    view.tag_slug = args.tag_slug;
    view.tag_name = args.tag_name;
    view.from = args.from;
    view.to = args.to;
    view.newest_first = args.query.newest_first;
    view.notices = std::move(args.notices);
    if (auto cats = S().ListCategories(); cats.ok()) view.categories = std::move(*cats);
    args.query.offset = (page - 1) * options.per_page;
    args.query.limit = options.per_page;
    auto r = S().Search(args.query);
    if (!r.ok()) return FromStatus(req, r.status());
    switch (r->problem) {
      case search::QueryProblem::kEmpty:
        view.notices.push_back("اكتب كلمة أو أكثر للبحث في الأخبار.");
        break;
      case search::QueryProblem::kNoWords:
        view.notices.push_back(
            "لم نجد في بحثك كلمة يمكن البحث عنها. اكتب كلمة بالحروف أو الأرقام.");
        break;
      case search::QueryProblem::kOnlyExclusions:
        view.notices.push_back("بحثك يستبعد كلمات فقط. أضف كلمة تبحث عنها.");
        break;
      case search::QueryProblem::kNone:
        if (r->total == 0) view.notices.push_back("لم نعثر على نتائج تطابق بحثك. جرّب كلمات أخرى.");
        break;
    }
    if (search::ParseQuery(typed).truncated) {
      view.notices.push_back("بحثك أطول مما نبحث عنه، فبحثنا عن أوله فقط.");
    }
    int pages = TotalPages(r->total, options.per_page);
    if (page > pages && page > 1) return ErrorPage(req, 404);
    view.total = r->total;
    view.hits = std::move(r->hits);
    view.relaxed = r->relaxed;
    if (!r->suggestion.empty()) {
      view.suggestion = r->suggestion;
      view.suggestion_url = "/search?q=" + PercentEncodePathSegment(r->suggestion);
    }
    view.pagination = Pagination{page, pages, "/search/", args.link_query};
    PageKeys& keys = Keys(req);
    keys.Add("articles");  // any published article may now match
    keys.Add("nav");       // the category filter lists them
    if (args.query.tag_id != 0) keys.Add(KeyOf("tag", args.query.tag_id));
    for (const auto& hit : view.hits) keys.ExpiresAt(hit.article.breaking_until, Now());
    keys.exact = true;
    Response res = Response::Html(200, R(req).Search(Chrome(req, "", view.query), view));
    res.With("X-Robots-Tag", "noindex");
    return res;
  }

  // GET /api/search?q=…&limit=N&offset=M (and the page's filters): JSON for other tools.
  Response ApiSearch(const Request& req) {
    Form params = ParseQueryLenient(req.query);
    auto bad = [](std::string message) {
      nlohmann::json j = {{"error", "bad_request"}, {"message", std::move(message)}};
      return Response::Json(400, j.dump()).With("Cache-Control", "no-store");
    };
    int limit = 10, offset = 0;
    if (params.Has("limit")) {
      auto n = ParseInt(params.Get("limit"));
      if (!n || *n < 1 || *n > 100) return bad("limit must be a whole number from 1 to 100");
      limit = static_cast<int>(*n);
    }
    if (params.Has("offset")) {
      auto n = ParseInt(params.Get("offset"));
      if (!n || *n < 0 || *n > 10000) return bad("offset must be a whole number from 0 to 10000");
      offset = static_cast<int>(*n);
    }
    SearchArgs args = ParseSearchArgs(params, params.Get("q"));
    args.query.limit = limit;
    args.query.offset = offset;
    auto r = S().Search(args.query);
    if (!r.ok()) {
      nlohmann::json j = {{"error", "unavailable"}, {"message", "search is unavailable, retry"}};
      if (r.status().code() != StatusCode::kUnavailable) return FromStatus(req, r.status());
      return Response::Json(503, j.dump()).With("Retry-After", "5");
    }
    nlohmann::json results = nlohmann::json::array();
    for (const auto& hit : r->hits) {
      const ArticleSummary& a = hit.article;
      results.push_back({{"external_id", a.external_id},
                         {"title", a.title},
                         {"url", content::Permalink(a.published_at, a.slug, Zone())},
                         {"published", FormatIso8601(a.published_at)},
                         {"category", a.category.name},
                         {"snippet", content::StripMarks(hit.snippet_marked)},
                         {"snippet_html", content::MarkedToHtml(hit.snippet_marked)}});
    }
    Keys(req).Add("articles");
    Keys(req).exact = true;
    nlohmann::json j = {{"total", r->total}, {"results", std::move(results)}};
    if (r->relaxed) j["relaxed"] = true;
    if (!r->suggestion.empty()) j["suggestion"] = r->suggestion;
    if (!args.notices.empty()) j["notices"] = args.notices;
    switch (r->problem) {
      case search::QueryProblem::kEmpty:
        j["message"] = "empty query";
        break;
      case search::QueryProblem::kNoWords:
        j["message"] = "the query has no searchable word";
        break;
      case search::QueryProblem::kOnlyExclusions:
        j["message"] = "the query only excludes words";
        break;
      case search::QueryProblem::kNone:
        break;
    }
    return Response::Json(200, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  // ---- Comments ------------------------------------------------------------------

  Response PostComment(const Request& req) {
    auto form = ParseForm(req.body);
    if (!form.ok()) return ErrorPage(req, 400);
    auto post_id = ParseInt(form->Get("comment_post_ID"));
    if (!post_id || *post_id <= 0) return ErrorPage(req, 400);
    auto article = S().GetArticle(*post_id);
    if (!article.ok()) return FromStatus(req, article.status());
    if (article->status != content::ArticleStatus::kPublished) return ErrorPage(req, 404);

    content::CommentInput in;
    in.article_id = article->id;
    in.author_name = std::string(TrimUnicode(form->Get("author")));
    in.email = std::string(TrimUnicode(form->Get("email")));
    in.author_url = std::string(TrimUnicode(form->Get("url")));
    in.body = std::string(TrimUnicode(form->Get("comment")));
    in.ip = req.remote_ip;
    in.created_at = Now();
    auto parent = ParseInt(form->Get("comment_parent"));
    in.parent_id = parent && *parent > 0 ? *parent : 0;

    render::CommentForm shown;
    shown.parent_id = in.parent_id;
    shown.author = in.author_name;
    shown.email = in.email;
    shown.url = in.author_url;
    shown.comment = in.body;
    // Cap what is echoed back so a huge post cannot make a huge page.
    if (shown.comment.size() > 20000) shown.comment = std::string(Utf8Prefix(shown.comment, 5000));

    TokenCheck check = tokens.Verify(form->Get("token"), CommentPurpose(article->id), Now());
    if (check != TokenCheck::kValid) {
      shown.errors.push_back({content::CommentField::kOther,
                              check == TokenCheck::kExpired
                                  ? "انتهت صلاحية النموذج. راجع تعليقك ثم أرسله مرة أخرى."
                                  : "تعذّر التحقق من النموذج. أعد إرسال التعليق من صفحة المقال."});
      return RenderArticle(req, *article, std::move(shown), 403);
    }
    shown.errors = content::ValidateComment(in);
    if (!shown.errors.empty()) return RenderArticle(req, *article, std::move(shown), 422);

    // Spam defences keep what they catch as spam (nothing is lost), and the reader is
    // answered as anyone: a filled honeypot, a form posted too fast, too many comments
    // from one address, too many links, a blocked word or address. A reader whose earlier
    // comment (same name and e-mail) was approved is trusted, as WordPress does.
    bool trusted = false;
    std::string spam_reason;
    if (!form->Get("website_hp").empty()) {
      spam_reason = "honeypot";
    } else {
      int64_t age = Now() - FormTokens::IssuedAt(form->Get("token"));
      // 0 turns the per-address limit off (e.g. behind a proxy that hides readers' addresses),
      // and with it this count, which grows with the comments of the last minute.
      StatusOr<int64_t> recent = int64_t{0};
      if (options.spam.max_per_minute > 0) recent = S().CountCommentsFrom(in.ip, Now() - 60);
      spam_reason = content::JudgeComment(in, options.spam, age, recent.ok() ? *recent : 0);
    }
    if (!spam_reason.empty()) {
      in.status = content::CommentStatus::kSpam;
    } else if (auto known = S().HasApprovedComment(in.author_name, in.email);
               known.ok() && *known) {
      in.status = content::CommentStatus::kApproved;
      trusted = true;
    }
    auto id = S().AddComment(in);
    if (!id.ok()) {
      if (id.status().IsInvalidArgument()) {
        shown.parent_id = 0;
        shown.errors.push_back({content::CommentField::kOther,
                                "التعليق الذي ترد عليه غير موجود. أُعيد النموذج كتعليق جديد."});
        return RenderArticle(req, *article, std::move(shown), 422);
      }
      if (id.status().code() == StatusCode::kUnavailable ||
          id.status().code() == StatusCode::kResourceExhausted) {
        shown.errors.push_back({content::CommentField::kOther,
                                "تعذّر حفظ التعليق الآن بسبب ضغط على الموقع. لم يُفقد نصّك: أعد "
                                "الإرسال بعد لحظات."});
        Response r = RenderArticle(req, *article, std::move(shown), 503);
        r.With("Retry-After", "5");
        return r;
      }
      return FromStatus(req, id.status());
    }
    if (!spam_reason.empty()) {
      std::fprintf(stderr, "khabar: comment %lld held as spam: %s\n", static_cast<long long>(*id),
                   spam_reason.c_str());
    }
    std::string url = content::Permalink(article->published_at, article->slug, Zone());
    if (trusted) return Response::Redirect(303, url + "#comment-" + std::to_string(*id));
    return Response::Redirect(303, url + "?comment_status=pending#respond");
  }

  // ---- Feeds and short links ------------------------------------------------------

  // A feed (see feeds.h). The old slug of a renamed or merged tag or category answers 301
  // with the new address of the same feed; an unknown one is 404.
  Response Feed(const Request& req, FeedScope scope, const std::string& slug,
                render::FeedFormat format, std::string_view suffix) {
    auto res = feeds.Serve(req, scope, slug, format, Now(), &Keys(req));
    if (res.status().IsNotFound() && scope != FeedScope::kAll) {
      auto kind = scope == FeedScope::kTag ? render::Renderer::ArchiveKind::kTag
                                           : render::Renderer::ArchiveKind::kCategory;
      if (auto moved = MovedTaxonomy(req, kind, slug, suffix)) return std::move(*moved);
    }
    if (!res.ok()) return FromStatus(req, res.status());
    return std::move(*res);
  }

  Response OrError(const Request& req, StatusOr<Response> res) {
    if (!res.ok()) return FromStatus(req, res.status());
    return std::move(*res);
  }

  // /n/<id>: the short link of a published article, a 301 to its permalink.
  Response ShortLink(const Request& req, const std::string& raw) {
    auto id = ParseInt(raw);
    if (!id || *id <= 0) return ErrorPage(req, 404);
    auto article = S().GetArticle(*id);
    if (!article.ok()) return FromStatus(req, article.status());
    if (article->status != content::ArticleStatus::kPublished) return ErrorPage(req, 404);
    return Response::Redirect(301,
                              content::Permalink(article->published_at, article->slug, Zone()));
  }

  // ---- Live ticker (Server-Sent Events) -------------------------------------------

  // The ticker's event stream: the current state at once, then every change (see live.h).
  // Each stream holds a place in the hub until it closes; when all are taken: 503.
  Response LiveTicker(const Request& req) {
    if (deps.live == nullptr) return ErrorPage(req, 404);
    std::shared_ptr<LiveHub::Slot> slot = deps.live->Reserve();
    if (!slot) {
      Response r = Response::Text(503, "البث المباشر مشغول الآن، يرجى المحاولة بعد قليل.");
      r.With("Retry-After", "60").With("Cache-Control", "no-store");
      return r;
    }
    Response r;
    r.content_type = "text/event-stream; charset=utf-8";
    r.With("Cache-Control", "no-cache").With("X-Accel-Buffering", "no");
    // Reconnections after a restart are spread over a few seconds rather than all at once.
    thread_local std::minstd_rand random(std::random_device{}());
    r.body = RetryField(2000 + static_cast<int>(random() % 4000));
    r.stream = [hub = deps.live, slot](std::shared_ptr<EventSink> sink) {
      hub->Subscribe(std::move(sink));
    };
    return r;
  }

  // ---- Static files and health -----------------------------------------------------

  // A file of web/static (or the theme's override of it); kNotFound when neither has it.
  StatusOr<std::string> StaticBytes(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos ||
        name.find("..") != std::string::npos || name.starts_with(".")) {
      return NotFoundError(name);
    }
    namespace fs = std::filesystem;
    fs::path override_path = fs::path(options.theme_dir) / "static" / name;
    if (!options.theme_dir.empty() && fs::is_regular_file(override_path)) {
      return ReadFile(override_path.string());
    }
    if (auto e = embedded::Find("web/static/" + name)) return std::string(*e);
    return NotFoundError(name);
  }

  // "site.css" → "site.<12 hex digits of its digest>.css".
  static std::string HashedName(const std::string& name, std::string_view bytes) {
    size_t dot = name.rfind('.');
    std::string hash = Fnv1a64().Add(bytes).Hex().substr(0, kAssetHashDigits);
    if (dot == std::string::npos) return name + "." + hash;
    std::string out = name.substr(0, dot);
    out.append(".").append(hash).append(name.substr(dot));
    return out;
  }
  static constexpr size_t kAssetHashDigits = 12;

  // /static/<name>: the file, or under its content-hashed name (see HashedName) for a year,
  // immutable. An old hash still answers, with the current bytes and a short lifetime.
  Response Static(const Request& req, const std::string& name) {
    std::string file = name;
    bool hashed = false;
    auto bytes = StaticBytes(name);
    if (bytes.status().IsNotFound()) {
      size_t last = name.rfind('.');
      size_t prev =
          last == std::string::npos || last == 0 ? std::string::npos : name.rfind('.', last - 1);
      if (prev != std::string::npos && last - prev - 1 == kAssetHashDigits) {
        file = name.substr(0, prev) + name.substr(last);
        bytes = StaticBytes(file);
        hashed = bytes.ok() && HashedName(file, *bytes) == name;
      }
    }
    if (!bytes.ok()) {
      if (bytes.status().IsNotFound()) return ErrorPage(req, 404);
      return FromStatus(req, bytes.status());
    }
    std::string etag = "\"" + Fnv1a64().Add(*bytes).Hex() + "\"";
    std::string cache = hashed ? "public, max-age=31536000, immutable" : "public, max-age=3600";
    if (req.Header("if-none-match") == etag) {
      Response r;
      r.status = 304;
      r.content_type = ContentTypeFor(file);
      r.With("ETag", etag).With("Cache-Control", cache);
      return r;
    }
    Response r;
    r.content_type = ContentTypeFor(file);
    r.body = std::move(*bytes);
    r.With("ETag", etag).With("Cache-Control", cache);
    return r;
  }

  Response Healthz(const Request&) {
    Status s = S().Ping();
    if (!s.ok()) return Response::Text(503, "database unavailable\n").With("Retry-After", "5");
    // The second line tells the operator the memory held (resident, page cache).
    return Response::Text(200, "ok\n" + MemoryLine() + "\n").With("Cache-Control", "no-store");
  }

  // Runs `page_fn` for ".../page/N/" with N >= 2; ".../page/1/" is the list's first page,
  // so it redirects (301) to the address without it, as WordPress does; anything else: 404.
  template <typename PageFn>
  Response Paged(const Request& req, const std::string& raw, PageFn page_fn) {
    if (auto n = PageNumber(raw)) return page_fn(*n);
    constexpr std::string_view kFirst = "page/1/";
    if (raw == "1" && req.path.ends_with(kFirst)) {
      std::string base = req.path.substr(0, req.path.size() - kFirst.size());
      return Response::Redirect(301, base + (req.query.empty() ? "" : "?" + req.query));
    }
    return ErrorPage(req, 404);
  }

  void Routes() {
    using Kind = render::Renderer::ArchiveKind;
    Router& r = router;
    r.Get("/healthz", [this](const Request& q, const Params&) { return Healthz(q); });
    r.Get("/static/{}", [this](const Request& q, const Params& p) { return Static(q, p[0]); });
    r.Get("/media/{}", [this](const Request& q, const Params& p) {
      if (auto file = ServeMediaFile(q, options.admin.media.dir, p[0])) return std::move(*file);
      return ErrorPage(q, 404);
    });
    // Images of imported WordPress posts, at their old addresses (year/month/file, or file).
    r.Get("/wp-content/uploads/{}/{}/{}", [this](const Request& q, const Params& p) {
      if (auto f = ServeUploadCopy(q, options.admin.media.dir, {p[0], p[1], p[2]})) {
        return std::move(*f);
      }
      return ErrorPage(q, 404);
    });
    r.Get("/wp-content/uploads/{}", [this](const Request& q, const Params& p) {
      if (auto f = ServeUploadCopy(q, options.admin.media.dir, {p[0]})) return std::move(*f);
      return ErrorPage(q, 404);
    });
    r.Get("/", [this](const Request& q, const Params&) { return Home(q, 1); });
    r.Get("/page/{}/", [this](const Request& q, const Params& p) {
      return Paged(q, p[0], [&](int n) { return Home(q, n); });
    });
    r.Get("/search", [this](const Request& q, const Params&) { return Search(q, 1); });
    r.Get("/search/", [this](const Request& q, const Params&) { return Search(q, 1); });
    r.Get("/search/page/{}/", [this](const Request& q, const Params& p) {
      return Paged(q, p[0], [&](int n) { return Search(q, n); });
    });
    r.Get("/api/search", [this](const Request& q, const Params&) { return ApiSearch(q); });
    // Feeds, before the article route, which would take /tag/<slug>/feed/ for
    // /YYYY/MM/<slug>/.
    for (auto [suffix, format] : {std::pair{"feed/", render::FeedFormat::kRss},
                                  std::pair{"feed/atom/", render::FeedFormat::kAtom},
                                  std::pair{"feed/json/", render::FeedFormat::kJson}}) {
      std::string rest = suffix;
      // Copies: clang before 16 cannot capture structured bindings.
      render::FeedFormat fmt = format;
      r.Get("/" + rest, [this, fmt, rest](const Request& q, const Params&) {
        return Feed(q, FeedScope::kAll, "", fmt, rest);
      });
      for (auto [prefix, feed_scope] :
           {std::pair{"/tag/", FeedScope::kTag}, std::pair{"/category/", FeedScope::kCategory}}) {
        FeedScope scope = feed_scope;
        r.Get(std::string(prefix) + "{}/" + rest,
              [this, scope, fmt, rest](const Request& q, const Params& p) {
                return Feed(q, scope, p[0], fmt, rest);
              });
      }
    }
    // What search engines read (src/http/sitemaps.h).
    r.Get("/robots.txt",
          [info = options.info](const Request&, const Params&) { return ServeRobotsTxt(info); });
    r.Get("/sitemap.xml", [this](const Request& q, const Params&) {
      return OrError(q, ServeSitemapIndex(S(), options.info, options.sitemap_per_file));
    });
    r.Get("/sitemaps/{}", [this](const Request& q, const Params& p) {
      return OrError(q, ServeSitemap(S(), options.info, p[0], options.sitemap_per_file));
    });
    r.Get("/news-sitemap.xml", [this](const Request& q, const Params&) {
      return OrError(q, ServeNewsSitemap(S(), options.info, Now()));
    });
    r.Get("/n/{}", [this](const Request& q, const Params& p) { return ShortLink(q, p[0]); });
    r.Get("/n/{}/", [this](const Request& q, const Params& p) { return ShortLink(q, p[0]); });
    r.Get("/{}/{}/{}/", [this](const Request& q, const Params& p) { return ArticlePage(q, p); });
    struct ArchiveRoute {
      const char* prefix;
      Kind kind;
    };
    for (ArchiveRoute a :
         {ArchiveRoute{"tag", Kind::kTag}, ArchiveRoute{"category", Kind::kCategory},
          ArchiveRoute{"author", Kind::kAuthor}}) {
      auto handler = [this, kind = a.kind](const Request& q, const std::string& slug, int page) {
        switch (kind) {
          case Kind::kTag:
            return Archive(
                q, kind, slug, page, [this](const std::string& s) { return S().GetTagBySlug(s); },
                &content::TagUrl);
          case Kind::kCategory:
            return Archive(
                q, kind, slug, page,
                [this](const std::string& s) { return S().GetCategoryBySlug(s); },
                &content::CategoryUrl);
          case Kind::kAuthor:
            break;
        }
        return Archive(
            q, kind, slug, page, [this](const std::string& s) { return S().GetAuthorBySlug(s); },
            &content::AuthorUrl);
      };
      r.Get(std::string("/") + a.prefix + "/{}/",
            [handler](const Request& q, const Params& p) { return handler(q, p[0], 1); });
      r.Get(std::string("/") + a.prefix + "/{}/page/{}/",
            [this, handler](const Request& q, const Params& p) {
              return Paged(q, p[1], [&](int n) { return handler(q, p[0], n); });
            });
    }
    r.Get("/live/ticker", [this](const Request& q, const Params&) { return LiveTicker(q); });
    admin.Routes(r);
    r.Post("/wp-comments-post.php",
           [this](const Request& q, const Params&) { return PostComment(q); });
    // A migrated WordPress site's other addresses (src/http/wordpress_urls.h); last, so that
    // no other route's address is taken.
    for (const char* archives : {"/archives/{}", "/archives/{}/"}) {
      r.Get(archives, [this](const Request& q, const Params& p) {
        if (auto moved = WordPressIdRedirect(S(), Zone(), p[0])) return std::move(*moved);
        return ErrorPage(q, 404);
      });
    }
    r.Get("/{}/{}/{}/{}/", [this](const Request& q, const Params& p) {
      if (auto moved = WordPressDayRedirect(S(), Zone(), p[0], p[1], p[2], p[3]))
        return std::move(*moved);
      return ErrorPage(q, 404);
    });
  }
};

Site::Site(SiteDeps deps, SiteOptions options)
    : impl_(std::make_unique<Impl>(deps, std::move(options))) {}

Site::~Site() = default;

Status Site::ReloadTemplates() {
  auto loaded = render::Templates::Load({.theme_dir = impl_->options.theme_dir});
  if (!loaded.ok()) return loaded.status();
  {
    std::lock_guard lock(impl_->templates_mu);
    impl_->templates = std::move(*loaded);
    impl_->templates_generation.fetch_add(1, std::memory_order_release);
  }
  impl_->pages.Clear();
  impl_->front.PurgeEverything();
  return OkStatus();
}

std::vector<std::string> Site::Routes() const { return impl_->router.List(); }

Response Site::Handle(const Request& req) {
  Impl& m = *impl_;
  PageKeys& keys = m.Keys(req);
  keys.Reset();
  // Pages are cached whole (see page_cache.h); assets, health, streams and the newsroom's
  // pages (which depend on who asks) are not. A hit asks nothing of the database.
  bool dynamic = !req.path.starts_with("/static/") && !req.path.starts_with("/media/") &&
                 !req.path.starts_with("/wp-content/") && !req.path.starts_with("/live/") &&
                 req.path != "/healthz";
  // With a read replica, whoever just wrote (and the newsroom) reads the primary, past the
  // shared cache, until the replica surely has their write (src/http/replica_reads.h). The
  // live ticker's stream, the same for everyone, follows the replica as the cache does.
  const bool primary_reads = dynamic && m.replica && m.replica->ReadsPrimary(req);
  bool cacheable = dynamic && m.pages.enabled() && req.method == "GET" &&
                   req.target.size() <= 2048 && !req.path.starts_with("/admin") && !primary_reads;
  PageCache::Lease lease;
  lease.leader = false;
  if (cacheable) {
    if (PagePtr hit = m.pages.Get(req.target, m.Now())) return FromCache(req, *hit, "hit");
    // One render per address at a time: the others wait for it (for a while).
    lease = m.pages.Join(req.target);
    if (!lease.leader) {
      if (PagePtr page = m.pages.Wait(lease, std::chrono::seconds(5))) {
        return FromCache(req, *page, "coalesced");
      }
    }
  }
  uint64_t started = m.pages.epoch();
  Response res;
  try {
    // Only the handler: the page cache's own reads (SyncChanges) follow the replica.
    store::PrimaryReads primary_scope(primary_reads);
    if (WpApi::Owns(req)) {
      res = m.wp_api.Handle(req);  // JSON answers, errors included
    } else if (req.method != "GET" && req.method != "POST") {
      res = m.ErrorPage(req, 405);
    } else {
      switch (m.router.Dispatch(req, &res)) {
        case RouteResult::kMatched:
          break;
        case RouteResult::kNoRoute:
          res = m.ErrorPage(req, 404);
          break;
        case RouteResult::kBadPath:
          res = m.ErrorPage(req, 400);
          break;
        case RouteResult::kWrongMethod:
          res = m.ErrorPage(req, 405);
          break;
      }
    }
  } catch (...) {
    m.pages.Finish(lease, nullptr);  // the waiters render for themselves
    throw;
  }
  // A write answered here is applied to the cache before the answer leaves, so whoever
  // reads after it sees it; with a replica, once the replica has it (or, past the wait's
  // bound, when it does: meanwhile the writer reads the primary).
  if (req.method != "GET") {
    if (m.replica) m.replica->AfterWrite(req, &res);
    m.SyncChanges();
  }
  if (primary_reads && !HasHeader(res, "cache-control")) {
    res.With("Cache-Control", "private, no-store");  // fresher than what others are shown
  }
  // Where the WordPress-compatible API is, as WordPress says it (clients discover it so).
  if (res.content_type.starts_with("text/html") && !req.path.starts_with("/admin")) {
    res.With("Link", "<" + m.options.info.url + "/wp-json/>; rel=\"https://api.w.org/\"");
  }
  for (const auto& h : kSecurityHeaders) res.With(h[0], h[1]);
  if (res.status >= 400 && !HasHeader(res, "cache-control")) res.With("Cache-Control", "no-store");
  if (cacheable && res.status == 200 && !res.stream && !HasHeader(res, "set-cookie") &&
      HeaderIn(res, "cache-control").find("no-store") == std::string_view::npos) {
    int64_t now = m.Now();
    int64_t expires_at =
        now + (m.options.info.date_style.relative ? Impl::kRelativeSeconds : Impl::kMaxPageSeconds);
    if (keys.expires_at != 0) expires_at = std::min(expires_at, keys.expires_at);
    if (!keys.exact) keys.keys = {"*"};
    std::string surrogate;
    for (const auto& k : keys.keys) {
      if (!surrogate.empty()) surrogate.append(" ");
      surrogate.append(k);
    }
    res.With("Surrogate-Key", std::move(surrogate));
    if (!HasHeader(res, "cache-control")) {
      // Browsers revalidate (a 304 is cheap); a CDN may keep it briefly, or until purged
      // by Surrogate-Key.
      int64_t shared = std::clamp<int64_t>(expires_at - now, 0, m.options.page_s_maxage);
      res.With("Cache-Control", "public, max-age=0, s-maxage=" + std::to_string(shared));
    }
    PagePtr page = MakePage(std::move(res), std::move(keys.keys), expires_at, now);
    m.pages.Put(req.target, started, page);
    m.pages.Finish(lease, page);
    return FromCache(req, *page, "miss");
  }
  m.pages.Finish(lease, nullptr);
  // Feeds carry an ETag and Last-Modified: a client's current copy gets 304 (cached or not).
  ApplyConditionalGet(req, &res);
  return res;
}

}  // namespace khabar::http
