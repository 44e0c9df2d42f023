#include "src/render/seo.h"

#include <cstdio>
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

// A JSON string as ScriptSafeJson(json(s)) writes it (nlohmann's dump: short escapes,
// \u00xx for other control characters, UTF-8 kept), for valid UTF-8 only.
void AppendScriptSafeString(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    const char* rep = nullptr;
    char buf[8];
    switch (c) {
      case '"':
        rep = "\\\"";
        break;
      case '\\':
        rep = "\\\\";
        break;
      case '\b':
        rep = "\\b";
        break;
      case '\f':
        rep = "\\f";
        break;
      case '\n':
        rep = "\\n";
        break;
      case '\r':
        rep = "\\r";
        break;
      case '\t':
        rep = "\\t";
        break;
      case '<':
        rep = "\\u003c";
        break;
      case '>':
        rep = "\\u003e";
        break;
      case '&':
        rep = "\\u0026";
        break;
      default:
        if (c >= 0x20) continue;
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        rep = buf;
    }
    out->append(s, run, i - run);
    out->append(rep);
    run = i + 1;
  }
  out->append(s, run, std::string_view::npos);
  out->push_back('"');
}

// `"key":"value"` (with a comma before it unless `first`).
void AppendMember(std::string* out, std::string_view key, std::string_view value,
                  bool first = false) {
  if (!first) out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("\":");
  AppendScriptSafeString(out, value);
}

void AppendPublisher(std::string* out, const SiteInfo& site) {
  out->append("{\"@type\":\"Organization\",\"logo\":{\"@type\":\"ImageObject\"");
  AppendMember(out, "url", AbsoluteUrl(site, site.logo_url));
  out->push_back('}');
  AppendMember(out, "name", site.name);
  AppendMember(out, "url", AbsoluteUrl(site, "/"));
  out->push_back('}');
}

// NewsArticleJsonLd through nlohmann::json: the reference, used when some text is not
// valid UTF-8 (its replacement characters are nlohmann's).
std::string NewsArticleJsonLdGeneric(const SiteInfo& site, const content::Article& article,
                                     const std::string& image, const std::string& url,
                                     const std::string& description) {
  json j = {{"@context", "https://schema.org"},
            {"@type", "NewsArticle"},
            {"headline", SanitizeUtf8(article.title)},
            {"datePublished", FormatIso8601(article.published_at)},
            {"dateModified", FormatIso8601(std::max(article.modified_at, article.published_at))},
            {"inLanguage", site.locale},
            {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", url}}},
            {"url", url},
            {"publisher", Publisher(site)}};
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
  std::string description =
      article.excerpt.empty() ? content::MakeExcerpt(article.body, 160) : article.excerpt;
  std::string author_url = article.author.slug.empty()
                               ? std::string()
                               : AbsoluteUrl(site, content::AuthorUrl(article.author.slug));
  for (std::string_view text :
       {std::string_view(article.title), std::string_view(description),
        std::string_view(article.author.name), std::string_view(article.category.name),
        std::string_view(url), std::string_view(image), std::string_view(author_url),
        std::string_view(site.name), std::string_view(site.locale), std::string_view(site.url),
        std::string_view(site.logo_url)}) {
    if (!IsValidUtf8(text)) return NewsArticleJsonLdGeneric(site, article, image, url, description);
  }
  // Written directly, members in nlohmann's (sorted) order: the same bytes as the
  // reference, at a fraction of its cost on every uncached article page.
  std::string out;
  out.reserve(1024 + article.title.size() + description.size());
  out.append("{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\"");
  if (!article.category.name.empty()) AppendMember(&out, "articleSection", article.category.name);
  out.append(",\"author\":[");
  if (!article.author.name.empty()) {
    out.append("{\"@type\":\"Person\"");
    AppendMember(&out, "name", article.author.name);
    if (!article.author.slug.empty()) AppendMember(&out, "url", author_url);
    out.push_back('}');
  } else {
    AppendPublisher(&out, site);
  }
  out.push_back(']');
  AppendMember(&out, "dateModified",
               FormatIso8601(std::max(article.modified_at, article.published_at)));
  AppendMember(&out, "datePublished", FormatIso8601(article.published_at));
  if (!description.empty()) AppendMember(&out, "description", description);
  AppendMember(&out, "headline", article.title);
  if (!image.empty()) {
    out.append(",\"image\":[");
    AppendScriptSafeString(&out, image);
    out.push_back(']');
  }
  AppendMember(&out, "inLanguage", site.locale);
  out.append(",\"mainEntityOfPage\":{");
  AppendMember(&out, "@id", url, true);
  AppendMember(&out, "@type", "WebPage");
  out.push_back('}');
  out.append(",\"publisher\":");
  AppendPublisher(&out, site);
  AppendMember(&out, "url", url);
  out.push_back('}');
  return out;
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
