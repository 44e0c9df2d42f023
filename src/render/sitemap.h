// File: src/render/sitemap.h
//
// What search engines read: the sitemap index and its sitemaps (sitemaps.org 0.9), the
// Google News sitemap (news 0.9) and robots.txt, every address absolute (SiteInfo::url)
// and XML-escaped. The output depends only on the input.
//
//   std::string xml = RenderUrlSet(site, {{"/2024/05/slug/", modified_at}});
#ifndef KHABAR_RENDER_SITEMAP_H_
#define KHABAR_RENDER_SITEMAP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "src/render/render.h"

namespace khabar::render {

inline constexpr const char* kSitemapContentType = "application/xml; charset=utf-8";

struct SitemapUrl {
  std::string path;     // the site's path, already percent-encoded: "/tag/%D8%A7/"
  int64_t lastmod = 0;  // Unix seconds; 0: no <lastmod>
};

struct NewsUrl {
  std::string path;
  std::string title;
  int64_t published_at = 0;
};

// <sitemapindex> over `sitemaps`.
std::string RenderSitemapIndex(const SiteInfo& site, const std::vector<SitemapUrl>& sitemaps);
// <urlset> of `urls`.
std::string RenderUrlSet(const SiteInfo& site, const std::vector<SitemapUrl>& urls);
// <urlset> with news:news for each article: publication (site name, language "ar"),
// publication date, title.
std::string RenderNewsSitemap(const SiteInfo& site, const std::vector<NewsUrl>& urls);
// Everything allowed but /admin/; the two sitemaps named.
std::string RenderRobotsTxt(const SiteInfo& site);

}  // namespace khabar::render

#endif  // KHABAR_RENDER_SITEMAP_H_
