#include "src/render/sitemap.h"

#include "src/base/time.h"
#include "src/render/feed.h"

namespace khabar::render {
namespace {

constexpr const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
constexpr const char* kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr const char* kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

void AppendLoc(std::string* x, const std::string& base, const SitemapUrl& u) {
  x->append("<loc>").append(XmlEscape(base + u.path)).append("</loc>");
  if (u.lastmod > 0) x->append("<lastmod>").append(FormatIso8601(u.lastmod)).append("</lastmod>");
}

}  // namespace

std::string RenderSitemapIndex(const SiteInfo& site, const std::vector<SitemapUrl>& sitemaps) {
  std::string base = SiteBaseUrl(site);
  std::string x = kXmlHead;
  x.append("<sitemapindex xmlns=\"").append(kSitemapNs).append("\">\n");
  for (const SitemapUrl& u : sitemaps) {
    x.append("<sitemap>");
    AppendLoc(&x, base, u);
    x.append("</sitemap>\n");
  }
  x.append("</sitemapindex>\n");
  return x;
}

std::string RenderUrlSet(const SiteInfo& site, const std::vector<SitemapUrl>& urls) {
  std::string base = SiteBaseUrl(site);
  std::string x = kXmlHead;
  x.append("<urlset xmlns=\"").append(kSitemapNs).append("\">\n");
  for (const SitemapUrl& u : urls) {
    x.append("<url>");
    AppendLoc(&x, base, u);
    x.append("</url>\n");
  }
  x.append("</urlset>\n");
  return x;
}

std::string RenderNewsSitemap(const SiteInfo& site, const std::vector<NewsUrl>& urls) {
  std::string base = SiteBaseUrl(site);
  std::string x = kXmlHead;
  x.append("<urlset xmlns=\"").append(kSitemapNs).append("\" xmlns:news=\"");
  x.append(kNewsNs).append("\">\n");
  for (const NewsUrl& u : urls) {
    x.append("<url><loc>").append(XmlEscape(base + u.path)).append("</loc>\n<news:news>");
    x.append("<news:publication><news:name>").append(XmlEscape(site.name));
    x.append("</news:name><news:language>ar</news:language></news:publication>\n");
    x.append("<news:publication_date>").append(FormatIso8601(u.published_at));
    x.append("</news:publication_date>\n<news:title>").append(XmlEscape(u.title));
    x.append("</news:title></news:news></url>\n");
  }
  x.append("</urlset>\n");
  return x;
}

std::string RenderRobotsTxt(const SiteInfo& site) {
  std::string base = SiteBaseUrl(site);
  std::string t = "User-agent: *\nDisallow: /admin/\n\n";
  t.append("Sitemap: ").append(base).append("/sitemap.xml\n");
  t.append("Sitemap: ").append(base).append("/news-sitemap.xml\n");
  return t;
}

}  // namespace khabar::render
