#include "src/render/seo.h"

#include <nlohmann/json.hpp>

#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/content/text.h"
#include "src/render/feed.h"

namespace khabar::render {
namespace {

using nlohmann::json;

// JSON safe inside <script>…</script>: the characters that could end the element or start
// markup exist only inside JSON strings, where their \u escapes mean the same.
std::string ScriptSafeJson(const json& j) {
  std::string raw = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 16);
  for (char c : raw) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

json Publisher(const SiteInfo& site) {
  return {{"@type", "Organization"},
          {"name", site.name},
          {"url", AbsoluteUrl(site, "/")},
          {"logo", {{"@type", "ImageObject"}, {"url", AbsoluteUrl(site, site.logo_url)}}}};
}

}  // namespace

const content::ImageFile* PreviewImage(const content::Media& media) {
  const content::ImageFile* best = nullptr;
  const content::ImageFile* any = nullptr;
  for (const content::ImageFile& f : media.files) {
    if (any == nullptr || f.width > any->width) any = &f;
    if (f.mime == "image/webp") continue;
    if (f.width == 1600) return &f;
    if (best == nullptr || f.width > best->width) best = &f;
  }
  return best != nullptr ? best : any;
}

std::string AbsoluteUrl(const SiteInfo& site, std::string_view path) {
  if (path.starts_with("http://") || path.starts_with("https://")) return std::string(path);
  std::string url = SiteBaseUrl(site);
  if (!path.starts_with("/")) url.append("/");
  url.append(path);
  return url;
}

std::string NewsArticleJsonLd(const SiteInfo& site, const content::Article& article,
                              const std::string& image) {
  std::string url = AbsoluteUrl(
      site, content::Permalink(article.published_at, article.slug, site.date_style.zone));
  json j = {{"@context", "https://schema.org"},
            {"@type", "NewsArticle"},
            {"headline", SanitizeUtf8(article.title)},
            {"datePublished", FormatIso8601(article.published_at)},
            {"dateModified", FormatIso8601(std::max(article.modified_at, article.published_at))},
            {"inLanguage", site.locale},
            {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", url}}},
            {"url", url},
            {"publisher", Publisher(site)}};
  std::string description =
      article.excerpt.empty() ? content::MakeExcerpt(article.body, 160) : article.excerpt;
  if (!description.empty()) j["description"] = SanitizeUtf8(description);
  if (!image.empty()) j["image"] = json::array({image});
  if (!article.author.name.empty()) {
    json author = {{"@type", "Person"}, {"name", SanitizeUtf8(article.author.name)}};
    if (!article.author.slug.empty())
      author["url"] = AbsoluteUrl(site, content::AuthorUrl(article.author.slug));
    j["author"] = json::array({author});
  } else {
    j["author"] = json::array({Publisher(site)});
  }
  if (!article.category.name.empty()) j["articleSection"] = SanitizeUtf8(article.category.name);
  return ScriptSafeJson(j);
}

std::string BreadcrumbJsonLd(const SiteInfo& site,
                             const std::vector<std::pair<std::string, std::string>>& trail) {
  json items = json::array();
  int position = 1;
  for (const auto& [name, path] : trail) {
    items.push_back({{"@type", "ListItem"},
                     {"position", position++},
                     {"name", SanitizeUtf8(name)},
                     {"item", AbsoluteUrl(site, path)}});
  }
  return ScriptSafeJson({{"@context", "https://schema.org"},
                         {"@type", "BreadcrumbList"},
                         {"itemListElement", items}});
}

}  // namespace khabar::render
