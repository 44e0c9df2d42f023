// File: src/render/feed.h
//
// The site's syndication feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of a list of
// published articles, with every address absolute (from SiteInfo::url). The output depends
// only on its input (no clock), so the same articles give the same bytes and the same ETag.
// Each article is identified by its short link (<site>/n/<id>), which no change of title or
// slug ever alters. Readers' comments never appear in a feed.
//
//   FeedView view;
//   view.title = "خبر";
//   view.home_path = "/";
//   view.self_path = "/feed/";
//   view.entries.push_back({article, image});
//   std::string xml = RenderFeed(site, view, FeedFormat::kRss);
#ifndef KHABAR_RENDER_FEED_H_
#define KHABAR_RENDER_FEED_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/content/types.h"
#include "src/render/render.h"

namespace khabar::render {

enum class FeedFormat { kRss, kAtom, kJson };

// "application/rss+xml; charset=utf-8", "application/atom+xml; …", "application/feed+json; …".
const char* FeedContentType(FeedFormat format);

// The featured image as a feed carries it: one file (the widest JPEG or PNG).
struct FeedImage {
  std::string path;  // "/media/<file>"
  std::string mime;
  int64_t bytes = 0;  // 0 when unknown
  int width = 0;
  int height = 0;
  std::string alt;
};

struct FeedEntry {
  content::Article article;
  std::optional<FeedImage> image;
};

struct FeedView {
  std::string title;               // e.g. "خبر — سياسة"
  std::string description;         // one line about the feed
  std::string home_path;           // the page the feed follows: "/" or "/category/…/"
  std::string self_path;           // the feed's own path: "/feed/atom/"
  bool full_text = false;          // the whole body; otherwise the excerpt only
  std::vector<FeedEntry> entries;  // newest first
};

// The site's absolute base ("https://example.com", no trailing slash): SiteInfo::url, or
// http://127.0.0.1:8080 when it is empty.
std::string SiteBaseUrl(const SiteInfo& site);

// An article's short link, absolute: "<base>/n/<id>". Also the article's id in every feed.
std::string ShortLink(const SiteInfo& site, int64_t article_id);

std::string RenderFeed(const SiteInfo& site, const FeedView& view, FeedFormat format);

// Text as XML character data or attribute value: escaped, invalid UTF-8 replaced, the
// control characters XML 1.0 forbids dropped.
std::string XmlEscape(std::string_view raw);

}  // namespace khabar::render

#endif  // KHABAR_RENDER_FEED_H_
