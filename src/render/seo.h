// File: src/render/seo.h
//
// What search engines and link previews read in a page's <head>: schema.org JSON-LD
// (NewsArticle for an article, BreadcrumbList for an archive) and the choice of the image
// that Open Graph, Twitter cards and the JSON-LD show. The JSON-LD is data, not script (a
// browser never runs an application/ld+json block, so the CSP's script-src does not
// concern it), and it is written so that nothing in it can end its <script> element:
// '<', '>' and '&' are written as \u003c, \u003e and \u0026.
//
//   std::string ld = NewsArticleJsonLd(site, article, image_url);  // for {{{json_ld}}}
#ifndef KHABAR_RENDER_SEO_H_
#define KHABAR_RENDER_SEO_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/content/types.h"
#include "src/render/render.h"

namespace khabar::render {

// The featured image's file for previews: the 1600-pixel JPEG or PNG, else the widest
// JPEG or PNG, else the widest file; null when there is none.
const content::ImageFile* PreviewImage(const content::Media& media);

// An address on this site made absolute with SiteInfo::url ("/x/" -> "https://site/x/").
std::string AbsoluteUrl(const SiteInfo& site, std::string_view path);

// schema.org NewsArticle of a published article; `image` is absolute ("" for none).
std::string NewsArticleJsonLd(const SiteInfo& site, const content::Article& article,
                              const std::string& image);

// schema.org BreadcrumbList: (name, path) from the home page down to the page itself.
std::string BreadcrumbJsonLd(const SiteInfo& site,
                             const std::vector<std::pair<std::string, std::string>>& trail);

}  // namespace khabar::render

#endif  // KHABAR_RENDER_SEO_H_
