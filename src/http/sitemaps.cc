#include "src/http/sitemaps.h"

#include <string>
#include <vector>

#include "src/base/strings.h"
#include "src/content/text.h"
#include "src/render/sitemap.h"

namespace khabar::http {
namespace {

using store::SitemapKind;

struct KindName {
  SitemapKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {{SitemapKind::kArticles, "articles"},
                               {SitemapKind::kCategories, "categories"},
                               {SitemapKind::kTags, "tags"}};

Response Xml(std::string body) {
  Response r;
  r.content_type = render::kSitemapContentType;
  r.body = std::move(body);
  return r;
}

std::string PathOf(SitemapKind kind, const store::SitemapEntry& e, const content::TimeZone& zone) {
  switch (kind) {
    case SitemapKind::kCategories:
      return content::CategoryUrl(e.slug);
    case SitemapKind::kTags:
      return content::TagUrl(e.slug);
    case SitemapKind::kArticles:
      break;
  }
  return content::Permalink(e.published_at, e.slug, zone);
}

}  // namespace

StatusOr<Response> ServeSitemapIndex(store::Store& store, const render::SiteInfo& site,
                                     int per_file) {
  std::vector<render::SitemapUrl> files;
  for (const KindName& k : kKinds) {
    ASSIGN_OR_RETURN(int64_t count, store.CountSitemap(k.kind));
    if (count == 0) continue;
    ASSIGN_OR_RETURN(int64_t newest, store.SitemapLastModified(k.kind));
    int64_t pages = (count + per_file - 1) / per_file;
    for (int64_t n = 1; n <= pages; ++n) {
      render::SitemapUrl u;
      u.path = "/sitemaps/";
      u.path.append(k.name).append("-").append(std::to_string(n)).append(".xml");
      // Every file but the last holds older entries; the newest change stands for all.
      u.lastmod = newest;
      files.push_back(std::move(u));
    }
  }
  return Xml(render::RenderSitemapIndex(site, files));
}

StatusOr<Response> ServeSitemap(store::Store& store, const render::SiteInfo& site,
                                std::string_view name, int per_file) {
  for (const KindName& k : kKinds) {
    if (!name.starts_with(k.name) || !name.ends_with(".xml")) continue;
    std::string_view number = name.substr(k.name.size());
    if (!number.starts_with("-")) continue;
    number = number.substr(1, number.size() - 1 - 4);
    auto page = ParseInt(number);
    if (!page || *page < 1 || *page > 1000000 || std::to_string(*page) != number) break;
    int64_t offset = (*page - 1) * per_file;
    ASSIGN_OR_RETURN(auto entries, store.ListSitemap(k.kind, static_cast<int>(offset), per_file));
    if (entries.empty()) return NotFoundError("no such sitemap page");
    std::vector<render::SitemapUrl> urls;
    urls.reserve(entries.size());
    for (const store::SitemapEntry& e : entries) {
      render::SitemapUrl u;
      u.path = PathOf(k.kind, e, site.date_style.zone);
      u.lastmod = e.modified_at;
      urls.push_back(std::move(u));
    }
    return Xml(render::RenderUrlSet(site, urls));
  }
  return NotFoundError("no such sitemap");
}

StatusOr<Response> ServeNewsSitemap(store::Store& store, const render::SiteInfo& site,
                                    int64_t now) {
  store::ListQuery q;
  q.limit = kNewsMaxUrls;
  q.count_total = false;
  ASSIGN_OR_RETURN(auto list, store.ListPublished(q));
  std::vector<render::NewsUrl> urls;
  for (const content::ArticleSummary& a : list.items) {
    // Newest first: the first older than the window ends the list. One dated in the
    // future (a clock set wrong) is left out too: Google refuses it.
    if (a.published_at < now - kNewsWindowSeconds) break;
    if (a.published_at > now) continue;
    render::NewsUrl u;
    u.path = content::Permalink(a.published_at, a.slug, site.date_style.zone);
    u.title = a.title;
    u.published_at = a.published_at;
    urls.push_back(std::move(u));
  }
  return Xml(render::RenderNewsSitemap(site, urls));
}

Response ServeRobotsTxt(const render::SiteInfo& site) {
  return Response::Text(200, render::RenderRobotsTxt(site));
}

}  // namespace khabar::http
