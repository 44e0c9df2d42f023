#include "src/render/feed.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/content/text.h"

namespace khabar::render {
namespace {

constexpr std::string_view kDefaultBase = "http://127.0.0.1:8080";

// `raw` with invalid UTF-8 replaced and the control characters XML 1.0 forbids dropped.
std::string XmlChars(std::string_view raw) {
  std::string kept = SanitizeUtf8(raw);
  std::erase_if(kept, [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  return kept;
}

// Text as XML character data or an attribute value (HTML's escapes are XML's too).
std::string Xml(std::string_view raw) { return HtmlEscape(XmlChars(raw)); }

// HTML inside a CDATA section; "]]>" in it is split across two sections.
std::string Cdata(std::string_view html) {
  std::string out = "<![CDATA[";
  std::string kept = XmlChars(html);
  size_t pos = 0;
  while (true) {
    size_t end = kept.find("]]>", pos);
    if (end == std::string::npos) break;
    out.append(kept, pos, end + 2 - pos).append("]]><![CDATA[");
    pos = end + 2;
  }
  out.append(kept, pos, std::string::npos).append("]]>");
  return out;
}

// Site-relative addresses (href="/…", src="/…") in sanitized HTML made absolute, since a
// feed is read away from the site. Protocol-relative ones ("//…") are left alone.
std::string AbsoluteUrls(std::string_view html, const std::string& base) {
  std::string out;
  out.reserve(html.size() + 256);
  size_t pos = 0;
  while (pos < html.size()) {
    size_t href = html.find(" href=\"/", pos);
    size_t src = html.find(" src=\"/", pos);
    size_t at = std::min(href, src);
    if (at == std::string_view::npos) break;
    size_t slash = html.find('"', at) + 1;
    out.append(html.substr(pos, slash - pos));
    if (slash + 1 >= html.size() || html[slash + 1] != '/') out.append(base);
    pos = slash;
  }
  out.append(html.substr(pos));
  return out;
}

int64_t Updated(const content::Article& a) { return std::max(a.published_at, a.modified_at); }

int64_t NewestChange(const FeedView& view) {
  int64_t t = 0;
  for (const auto& e : view.entries) t = std::max(t, Updated(e.article));
  return t;
}

// The article as HTML for a feed: the featured image, then the whole body.
std::string FullHtml(const FeedEntry& e, const std::string& base) {
  std::string html;
  if (e.image) {
    html.append("<figure><img src=\"").append(HtmlEscape(base + e.image->path));
    html.append("\" alt=\"").append(HtmlEscape(e.image->alt)).append("\"");
    if (e.image->width > 0 && e.image->height > 0) {
      html.append(" width=\"").append(std::to_string(e.image->width));
      html.append("\" height=\"").append(std::to_string(e.image->height)).append("\"");
    }
    html.append("></figure>\n");
  }
  const content::Article& a = e.article;
  if (a.body_format == content::BodyFormat::kText) {
    for (auto p : content::SplitParagraphs(a.body)) {
      html.append("<p>").append(HtmlEscape(p)).append("</p>\n");
    }
  } else {
    html.append(AbsoluteUrls(a.body_html, base));
  }
  return html;
}

std::string Excerpt(const content::Article& a) {
  return a.excerpt.empty() ? content::MakeExcerpt(a.body, 300) : a.excerpt;
}

struct Urls {
  std::string base;
  const content::TimeZone& zone;
  std::string Permalink(const content::Article& a) const {
    return base + content::Permalink(a.published_at, a.slug, zone);
  }
  std::string Category(const content::Category& c) const {
    return base + content::CategoryUrl(c.slug);
  }
  std::string Tag(const content::Tag& t) const { return base + content::TagUrl(t.slug); }
  std::string Author(const content::Author& a) const {
    return a.slug.empty() ? base + "/" : base + content::AuthorUrl(a.slug);
  }
};

std::string Rss(const SiteInfo& site, const FeedView& view) {
  Urls u{SiteBaseUrl(site), site.date_style.zone};
  std::string x;
  x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  x.append(
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n");
  x.append("<title>").append(Xml(view.title)).append("</title>\n");
  x.append("<link>").append(Xml(u.base + view.home_path)).append("</link>\n");
  x.append("<description>").append(Xml(view.description)).append("</description>\n");
  x.append("<language>").append(Xml(site.locale)).append("</language>\n");
  if (int64_t t = NewestChange(view); t > 0)
    x.append("<lastBuildDate>").append(FormatHttpDate(t)).append("</lastBuildDate>\n");
  x.append("<atom:link href=\"").append(Xml(u.base + view.self_path));
  x.append("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
  x.append("<generator>Khabar</generator>\n");
  for (const FeedEntry& e : view.entries) {
    const content::Article& a = e.article;
    x.append("<item>\n");
    x.append("<title>").append(Xml(a.title)).append("</title>\n");
    x.append("<link>").append(Xml(u.Permalink(a))).append("</link>\n");
    x.append("<guid isPermaLink=\"true\">").append(Xml(ShortLink(site, a.id))).append("</guid>\n");
    x.append("<pubDate>").append(FormatHttpDate(a.published_at)).append("</pubDate>\n");
    x.append("<atom:updated>").append(FormatIso8601(Updated(a))).append("</atom:updated>\n");
    x.append("<dc:creator>").append(Xml(a.author.name)).append("</dc:creator>\n");
    if (!a.category.slug.empty()) {
      x.append("<category domain=\"").append(Xml(u.base + "/category/")).append("\">");
      x.append(Xml(a.category.name)).append("</category>\n");
    }
    for (const content::Tag& t : a.tags) {
      x.append("<category domain=\"").append(Xml(u.base + "/tag/")).append("\">");
      x.append(Xml(t.name)).append("</category>\n");
    }
    // The description is HTML to feed readers: the plain excerpt is escaped for HTML first.
    x.append("<description>").append(Xml(HtmlEscape(Excerpt(a)))).append("</description>\n");
    if (view.full_text) {
      x.append("<content:encoded>").append(Cdata(FullHtml(e, u.base)));
      x.append("</content:encoded>\n");
    }
    if (e.image) {
      std::string url = Xml(u.base + e.image->path);
      x.append("<enclosure url=\"").append(url).append("\" length=\"");
      x.append(std::to_string(e.image->bytes)).append("\" type=\"");
      x.append(Xml(e.image->mime)).append("\"/>\n");
      x.append("<media:content url=\"").append(url).append("\" type=\"");
      x.append(Xml(e.image->mime)).append("\" medium=\"image\"");
      if (e.image->width > 0) {
        x.append(" width=\"").append(std::to_string(e.image->width));
        x.append("\" height=\"").append(std::to_string(e.image->height)).append("\"");
      }
      x.append("/>\n");
    }
    x.append("</item>\n");
  }
  x.append("</channel>\n</rss>\n");
  return x;
}

std::string Atom(const SiteInfo& site, const FeedView& view) {
  Urls u{SiteBaseUrl(site), site.date_style.zone};
  std::string x;
  x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  x.append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
      .append(Xml(site.locale))
      .append("\">\n");
  x.append("<title type=\"text\">").append(Xml(view.title)).append("</title>\n");
  x.append("<subtitle type=\"text\">").append(Xml(view.description)).append("</subtitle>\n");
  x.append("<id>").append(Xml(u.base + view.self_path)).append("</id>\n");
  x.append("<link rel=\"alternate\" type=\"text/html\" href=\"");
  x.append(Xml(u.base + view.home_path)).append("\"/>\n");
  x.append("<link rel=\"self\" type=\"application/atom+xml\" href=\"");
  x.append(Xml(u.base + view.self_path)).append("\"/>\n");
  x.append("<updated>").append(FormatIso8601(NewestChange(view))).append("</updated>\n");
  x.append("<generator>Khabar</generator>\n");
  for (const FeedEntry& e : view.entries) {
    const content::Article& a = e.article;
    x.append("<entry>\n");
    x.append("<title type=\"text\">").append(Xml(a.title)).append("</title>\n");
    x.append("<link rel=\"alternate\" type=\"text/html\" href=\"");
    x.append(Xml(u.Permalink(a))).append("\"/>\n");
    x.append("<id>").append(Xml(ShortLink(site, a.id))).append("</id>\n");
    x.append("<published>").append(FormatIso8601(a.published_at)).append("</published>\n");
    x.append("<updated>").append(FormatIso8601(Updated(a))).append("</updated>\n");
    x.append("<author><name>").append(Xml(a.author.name)).append("</name><uri>");
    x.append(Xml(u.Author(a.author))).append("</uri></author>\n");
    if (!a.category.slug.empty()) {
      x.append("<category term=\"").append(Xml(a.category.name)).append("\" scheme=\"");
      x.append(Xml(u.base + "/category/")).append("\" label=\"");
      x.append(Xml(a.category.name)).append("\"/>\n");
    }
    for (const content::Tag& t : a.tags) {
      x.append("<category term=\"").append(Xml(t.name)).append("\" scheme=\"");
      x.append(Xml(u.base + "/tag/")).append("\" label=\"").append(Xml(t.name)).append("\"/>\n");
    }
    x.append("<summary type=\"text\">").append(Xml(Excerpt(a))).append("</summary>\n");
    if (view.full_text) {
      x.append("<content type=\"html\">").append(Xml(FullHtml(e, u.base))).append("</content>\n");
    }
    if (e.image) {
      x.append("<link rel=\"enclosure\" type=\"").append(Xml(e.image->mime)).append("\"");
      if (e.image->bytes > 0) x.append(" length=\"").append(std::to_string(e.image->bytes) + "\"");
      x.append(" href=\"").append(Xml(u.base + e.image->path)).append("\"/>\n");
    }
    x.append("</entry>\n");
  }
  x.append("</feed>\n");
  return x;
}

std::string Json(const SiteInfo& site, const FeedView& view) {
  Urls u{SiteBaseUrl(site), site.date_style.zone};
  nlohmann::json items = nlohmann::json::array();
  for (const FeedEntry& e : view.entries) {
    const content::Article& a = e.article;
    nlohmann::json item;
    item["id"] = ShortLink(site, a.id);
    item["url"] = u.Permalink(a);
    item["title"] = a.title;
    std::string excerpt = Excerpt(a);
    item["summary"] = excerpt;
    item["content_html"] =
        view.full_text ? FullHtml(e, u.base) : "<p>" + HtmlEscape(excerpt) + "</p>";
    item["date_published"] = FormatIso8601(a.published_at);
    item["date_modified"] = FormatIso8601(Updated(a));
    item["authors"] =
        nlohmann::json::array({{{"name", a.author.name}, {"url", u.Author(a.author)}}});
    nlohmann::json tags = nlohmann::json::array();
    if (!a.category.slug.empty()) tags.push_back(a.category.name);
    for (const content::Tag& t : a.tags) tags.push_back(t.name);
    item["tags"] = std::move(tags);
    item["language"] = site.locale;
    if (e.image) {
      item["image"] = u.base + e.image->path;
      nlohmann::json attachment = {{"url", u.base + e.image->path}, {"mime_type", e.image->mime}};
      if (e.image->bytes > 0) attachment["size_in_bytes"] = e.image->bytes;
      item["attachments"] = nlohmann::json::array({std::move(attachment)});
    }
    items.push_back(std::move(item));
  }
  nlohmann::json feed = {{"version", "https://jsonfeed.org/version/1.1"},
                         {"title", view.title},
                         {"description", view.description},
                         {"home_page_url", u.base + view.home_path},
                         {"feed_url", u.base + view.self_path},
                         {"language", site.locale},
                         {"items", std::move(items)}};
  return feed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

const char* FeedContentType(FeedFormat format) {
  switch (format) {
    case FeedFormat::kAtom:
      return "application/atom+xml; charset=utf-8";
    case FeedFormat::kJson:
      return "application/feed+json; charset=utf-8";
    case FeedFormat::kRss:
      break;
  }
  return "application/rss+xml; charset=utf-8";
}

std::string XmlEscape(std::string_view raw) { return Xml(raw); }

std::string SiteBaseUrl(const SiteInfo& site) {
  return site.url.empty() ? std::string(kDefaultBase) : site.url;
}

std::string ShortLink(const SiteInfo& site, int64_t article_id) {
  std::string s = SiteBaseUrl(site);
  s.append("/n/").append(std::to_string(article_id));
  return s;
}

std::string RenderFeed(const SiteInfo& site, const FeedView& view, FeedFormat format) {
  switch (format) {
    case FeedFormat::kAtom:
      return Atom(site, view);
    case FeedFormat::kJson:
      return Json(site, view);
    case FeedFormat::kRss:
      break;
  }
  return Rss(site, view);
}

}  // namespace khabar::render
