// File: src/http/sitemaps.h
//
// The handler side of what search engines read (rendered by src/render/sitemap.h):
//   /sitemap.xml                     the index over the sitemaps below
//   /sitemaps/articles-<n>.xml       published articles, `per_file` a file, lastmod = modified
//   /sitemaps/categories-<n>.xml     categories and tags holding a published article,
//   /sitemaps/tags-<n>.xml           lastmod = the newest change among their articles
//   /news-sitemap.xml                Google News: the articles of the last 48 hours
//   /robots.txt
// All are plain GETs cached like any page (fresh after every write: the page cache
// compares the database's data version).
//
//   StatusOr<Response> r = ServeSitemap(store, site, "articles-2.xml", 1000);
#ifndef KHABAR_HTTP_SITEMAPS_H_
#define KHABAR_HTTP_SITEMAPS_H_

#include <cstdint>
#include <string_view>

#include "src/base/status.h"
#include "src/http/message.h"
#include "src/render/render.h"
#include "src/store/store.h"

namespace khabar::http {

inline constexpr int kSitemapPerFile = 1000;
inline constexpr int64_t kNewsWindowSeconds = 48 * 3600;
inline constexpr int kNewsMaxUrls = 1000;  // Google News reads no more

StatusOr<Response> ServeSitemapIndex(store::Store& store, const render::SiteInfo& site,
                                     int per_file);
// `name` is the last segment ("tags-3.xml"); kNotFound for an unknown name or page.
StatusOr<Response> ServeSitemap(store::Store& store, const render::SiteInfo& site,
                                std::string_view name, int per_file);
StatusOr<Response> ServeNewsSitemap(store::Store& store, const render::SiteInfo& site, int64_t now);
Response ServeRobotsTxt(const render::SiteInfo& site);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_SITEMAPS_H_
