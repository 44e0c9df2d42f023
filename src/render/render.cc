#include "src/render/render.h"

#include <filesystem>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "src/base/embedded.h"
#include "src/base/files.h"
#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/content/locale.h"
#include "src/render/feed.h"
#include "src/render/seo.h"

namespace khabar::render {
namespace {

namespace mus = kainjow::mustache;
using content::ArticleSummary;

constexpr const char* kTemplateNames[] = {"layout",
                                          "home",
                                          "article",
                                          "archive",
                                          "search",
                                          "error",
                                          "card",
                                          "pagination",
                                          "comment",
                                          "search_form",
                                          "admin_login",
                                          "admin_home",
                                          "admin_comments",
                                          "admin_articles",
                                          "admin_editor",
                                          "admin_tags",
                                          "admin_categories",
                                          "admin_taxonomy_item",
                                          "admin_revisions",
                                          "admin_revision",
                                          "admin_users",
                                          "admin_users_item"};

// kainjow's `set` and `push_back` copy their argument deeply (a list of cards, a whole
// article with its paragraphs), and rendering a page built that way spent most of its time
// copying. These move the value in instead: a placeholder is set, then replaced. `get`
// and `list_value` hand out const views of the data's own, non-const storage, so writing
// through them is sound.
void Put(mus::data* d, const std::string& key, mus::data&& value) {
  d->set(key, mus::data(false));
  *const_cast<mus::data*>(d->get(key)) = std::move(value);
}
void Append(mus::data* list, mus::data&& value) {
  list->push_back(mus::data(false));
  const_cast<mus::basic_list<std::string>&>(list->list_value()).back() = std::move(value);
}

// Mustache's escaping for {{var}}: the same five characters as kainjow's html_escape, but
// copying the runs between them at once rather than one character at a time.
std::string FastHtmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&':
        rep = "&amp;";
        break;
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '"':
        rep = "&quot;";
        break;
      case '\'':
        rep = "&apos;";
        break;
      default:
        continue;
    }
    out.append(s, run, i - run);
    out.append(rep);
    run = i + 1;
  }
  out.append(s, run, std::string::npos);
  return out;
}

// A stream for mustache::render that appends to a string (no ostringstream).
struct StringSink {
  std::string* out;
  StringSink& operator<<(const std::string& s) {
    out->append(s);
    return *this;
  }
};

// Looks partials up in their own table, so a data key such as "pagination" never hides
// the partial of the same name.
class PartialContext : public mus::context<std::string> {
 public:
  PartialContext(const mus::data* data, const mus::data* partials)
      : mus::context<std::string>(data), partials_(partials) {}
  const mus::data* get_partial(const std::string& name) const override {
    return partials_->get(name);
  }

 private:
  const mus::data* partials_;
};

}  // namespace

StatusOr<std::unique_ptr<Templates>> Templates::Load(const TemplatesOptions& options) {
  auto t = std::make_unique<Templates>();
  namespace fs = std::filesystem;
  if (!options.theme_dir.empty() && !fs::is_directory(options.theme_dir)) {
    return NotFoundError("theme folder " + options.theme_dir + " does not exist");
  }
  for (const char* name : kTemplateNames) {
    std::string file = std::string(name) + ".mustache";
    std::string text;
    fs::path override_path = fs::path(options.theme_dir) / file;
    if (!options.theme_dir.empty() && fs::is_regular_file(override_path)) {
      ASSIGN_OR_RETURN(text, ReadFile(override_path.string()));
    } else {
      auto embedded = embedded::Find("web/templates/" + file);
      if (!embedded) return InternalError("default template missing from binary: " + file);
      text = std::string(*embedded);
    }
    mus::mustache check(text);
    if (!check.is_valid()) {
      return InvalidArgumentError("template " + file + ": " + check.error_message());
    }
    t->sources_.emplace(name, std::move(text));
  }
  return t;
}

struct Renderer::Impl {
  SiteInfo site;
  std::map<std::string, std::unique_ptr<mus::mustache>, std::less<>> compiled;
  // The size of each template's last output, reserved for the next one: a page is written
  // into one allocation instead of a dozen growing copies.
  std::unordered_map<const mus::mustache*, size_t> last_size;
  mus::data partials;

  // nullptr for a name missing from kTemplateNames (a bug, reported in the page).
  mus::mustache* Get(std::string_view name) {
    auto it = compiled.find(name);
    return it == compiled.end() ? nullptr : it->second.get();
  }

  // The date of `t` as readers see it: relative to the page's `now` for fresh news when the
  // site's style says so (see content::FormatArabicDateAt).
  std::string DateText(int64_t t) const {
    return content::FormatArabicDateAt(t, now, site.date_style);
  }
  mutable int64_t now = 0;  // of the page being rendered (Common() sets it)
  std::string Digits(int n) const {
    std::string s = std::to_string(n);
    return site.date_style.digits == content::Digits::kArabicIndic ? ToArabicIndicDigits(s) : s;
  }

  mus::data Card(const ArticleSummary& a) const {
    mus::data d;
    Put(&d, "id", std::to_string(a.id));
    Put(&d, "title", a.title);
    Put(&d, "url", content::Permalink(a.published_at, a.slug, site.date_style.zone));
    Put(&d, "excerpt", a.excerpt);
    Put(&d, "date_iso", FormatIso8601(a.published_at));
    Put(&d, "date_text", DateText(a.published_at));
    Put(&d, "category_name", a.category.name);
    Put(&d, "category_url", a.category.slug.empty() ? "" : content::CategoryUrl(a.category.slug));
    Put(&d, "author_name", a.author.name);
    Put(&d, "author_url", a.author.slug.empty() ? "" : content::AuthorUrl(a.author.slug));
    Put(&d, "breaking", mus::data(a.breaking));
    Put(&d, "comment_count", Digits(a.comment_count));
    return d;
  }

  mus::data Cards(const std::vector<ArticleSummary>& list) const {
    mus::data l(mus::data::type::list);
    for (const auto& a : list) Append(&l, Card(a));
    return l;
  }

  // A list of {text} items, e.g. notices or errors.
  static mus::data TextList(const std::vector<std::string>& texts) {
    mus::data l(mus::data::type::list);
    for (const auto& t : texts) {
      mus::data item;
      Put(&item, "text", t);
      Append(&l, std::move(item));
    }
    return l;
  }

  mus::data Paragraphs(std::string_view body) const {
    mus::data l(mus::data::type::list);
    for (auto p : content::SplitParagraphs(body)) {
      mus::data d;
      Put(&d, "text", std::string(p));
      Append(&l, std::move(d));
    }
    return l;
  }

  static std::string CanonicalUrl(const Pagination& p) {
    return p.page <= 1 ? p.base : p.base + "page/" + std::to_string(p.page) + "/";
  }

  static std::string PageUrl(const Pagination& p, int n) {
    return (n <= 1 ? p.base : p.base + "page/" + std::to_string(n) + "/") + p.query;
  }

  void SetPagination(mus::data* d, const Pagination& p) const {
    bool has = p.total_pages > 1;
    Put(d, "has_pagination", mus::data(has));
    if (!has) return;
    mus::data pg;
    Put(&pg, "has_prev", mus::data(p.page > 1));
    Put(&pg, "prev_url", PageUrl(p, p.page - 1));
    Put(&pg, "has_next", mus::data(p.page < p.total_pages));
    Put(&pg, "next_url", PageUrl(p, p.page + 1));
    Put(&pg, "current_text", Digits(p.page));
    Put(&pg, "total_text", Digits(p.total_pages));
    Put(d, "pagination", std::move(pg));
  }

  // The <link rel="alternate"> of the feeds at `base` ("/" or an archive's address).
  static void AddFeedLinks(mus::data* list, const std::string& base, const std::string& title) {
    for (auto [path, type, name] :
         {std::tuple{"feed/", "application/rss+xml", " (RSS)"},
          std::tuple{"feed/atom/", "application/atom+xml", " (Atom)"},
          std::tuple{"feed/json/", "application/feed+json", " (JSON Feed)"}}) {
      mus::data link;
      Put(&link, "type", type);
      Put(&link, "title", title + name);
      Put(&link, "href", base + path);
      Append(list, std::move(link));
    }
  }

  // The Open Graph and Twitter card tags: `image` (a file of the featured image) or none.
  void SetPreview(mus::data* d, std::string_view type, std::string_view title,
                  const std::string& url, const content::ImageFile* image,
                  std::string_view alt = "") const {
    mus::data og;
    Put(&og, "type", std::string(type));
    Put(&og, "title", std::string(title));
    Put(&og, "has_url", mus::data(!url.empty()));
    Put(&og, "url", url);
    Put(&og, "has_image", mus::data(image != nullptr));
    if (image != nullptr) {
      Put(&og, "image", AbsoluteUrl(site, "/media/" + image->file));
      Put(&og, "image_type", image->mime);
      Put(&og, "image_width", std::to_string(image->width));
      Put(&og, "image_height", std::to_string(image->height));
      Put(&og, "image_alt", std::string(alt));
    }
    Put(&og, "twitter_card", image != nullptr ? "summary_large_image" : "summary");
    Put(d, "og", std::move(og));
  }

  // What every template sees that depends only on the chrome (menu, ticker) and the site:
  // built once and kept while the chrome stays the same, as the bottom layer of the
  // template context under each page's own data (see Render). Keyed by the current menu
  // entry, the preview flag and the year; a search page's query makes it one-off.
  struct ChromeCopy {
    std::vector<content::Category> nav;
    std::vector<ArticleSummary> ticker;
  };
  ChromeCopy chrome_seen;
  std::map<std::string, mus::data, std::less<>> chrome_layers;
  mus::data one_off_layer;
  const mus::data* layer = nullptr;  // of the page being rendered (Common() sets it)

  static bool SameChrome(const ChromeCopy& seen, const Chrome& c) {
    if (seen.nav.size() != c.nav.size() || seen.ticker.size() != c.ticker.size()) return false;
    for (size_t i = 0; i < c.nav.size(); ++i) {
      const content::Category &a = seen.nav[i], &b = c.nav[i];
      if (a.id != b.id || a.name != b.name || a.slug != b.slug) return false;
    }
    for (size_t i = 0; i < c.ticker.size(); ++i) {
      const ArticleSummary &a = seen.ticker[i], &b = c.ticker[i];
      if (a.id != b.id || a.title != b.title || a.slug != b.slug ||
          a.published_at != b.published_at || a.breaking != b.breaking) {
        return false;
      }
    }
    return true;
  }

  const mus::data* ChromeLayer(const Chrome& chrome) {
    int year = ToCivil(chrome.now).year;
    if (!chrome.search_query.empty()) {
      one_off_layer = BuildChromeLayer(chrome, year);
      return &one_off_layer;
    }
    if (!SameChrome(chrome_seen, chrome)) {
      chrome_layers.clear();
      chrome_seen.nav = chrome.nav;
      chrome_seen.ticker = chrome.ticker;
    }
    std::string key = chrome.current_category_slug;
    key.append(chrome.preview ? "\x1fp\x1f" : "\x1f-\x1f").append(std::to_string(year));
    auto it = chrome_layers.find(key);
    if (it == chrome_layers.end()) {
      // Bounded by the menu's entries (twice, with previews) for as long as it stays.
      if (chrome_layers.size() > 256) chrome_layers.clear();
      it = chrome_layers.emplace(std::move(key), BuildChromeLayer(chrome, year)).first;
    }
    return &it->second;
  }

  mus::data BuildChromeLayer(const Chrome& chrome, int year) const {
    mus::data d;
    Put(&d, "lang", site.locale);
    Put(&d, "og_locale", content::OpenGraphLocale(site.locale));
    Put(&d, "dir", "rtl");
    mus::data s;
    Put(&s, "name", site.name);
    Put(&s, "tagline", site.tagline);
    Put(&s, "footer_text", site.footer_text);
    Put(&d, "site", std::move(s));
    mus::data assets;
    Put(&assets, "css", site.css_url);
    Put(&assets, "js", site.js_url);
    Put(&assets, "live_js", site.live_js_url);
    Put(&d, "has_live", mus::data(site.live && !chrome.preview));
    Put(&d, "assets", std::move(assets));
    mus::data nav(mus::data::type::list);
    for (const auto& c : chrome.nav) {
      mus::data item;
      Put(&item, "name", c.name);
      Put(&item, "url", content::CategoryUrl(c.slug));
      Put(&item, "current", mus::data(c.slug == chrome.current_category_slug));
      Append(&nav, std::move(item));
    }
    Put(&d, "nav", std::move(nav));
    mus::data ticker(mus::data::type::list);
    for (const auto& a : chrome.ticker) {
      mus::data item;
      Put(&item, "title", a.title);
      Put(&item, "url", content::Permalink(a.published_at, a.slug, site.date_style.zone));
      Put(&item, "breaking", mus::data(a.breaking));
      Put(&item, "date_iso", FormatIso8601(a.published_at));
      Append(&ticker, std::move(item));
    }
    Put(&d, "has_ticker", mus::data(!chrome.ticker.empty()));
    Put(&d, "ticker", std::move(ticker));
    Put(&d, "search_query", chrome.search_query);
    Put(&d, "now_year", std::to_string(year));
    mus::data feeds(mus::data::type::list);
    AddFeedLinks(&feeds, "/", site.name);
    Put(&d, "feeds", std::move(feeds));
    return d;
  }

  // Data every template sees: the page's title, description, canonical address and link
  // previews here, over the chrome's layer (site, navigation, ticker, assets, feeds).
  // `body_class` names the kind of page for the stylesheet (home, single, archive, search,
  // error404). A key set in the page's data hides the chrome layer's (an archive's feeds).
  mus::data Common(const Chrome& chrome, std::string_view body_class, std::string_view title,
                   std::string_view description, std::string_view canonical) {
    now = chrome.now;
    layer = ChromeLayer(chrome);
    mus::data d;
    mus::data page;
    Put(&page, "title", std::string(title));
    Put(&page, "description", std::string(description));
    std::string canonical_url = canonical.empty() ? "" : AbsoluteUrl(site, canonical);
    if (!canonical.empty()) Put(&page, "canonical", canonical_url);
    Put(&page, "body_class", std::string(body_class));
    Put(&page, "noindex", mus::data(chrome.preview));
    Put(&d, "page", std::move(page));
    // Link previews (Open Graph, Twitter cards); an article sets its own (see SetPreview).
    SetPreview(&d, "website", title, canonical_url, nullptr);
    Put(&d, "has_json_ld", mus::data(false));
    Put(&d, "preview", mus::data(chrome.preview));
    return d;
  }

  std::string Render(std::string_view name, const mus::data& data) {
    mus::mustache* found = Get(name);
    if (found == nullptr) return "<!-- no template " + HtmlEscape(name) + " -->";
    mus::mustache& t = *found;
    static const mus::data kEmpty;
    PartialContext ctx(layer != nullptr ? layer : &kEmpty, &partials);
    ctx.push(&data);
    std::string out;
    size_t& size = last_size[found];
    out.reserve(std::min<size_t>(size + size / 8, 256 * 1024));
    StringSink sink{&out};
    t.render(ctx, sink);
    if (!t.is_valid()) return "<!-- template error: " + HtmlEscape(t.error_message()) + " -->";
    size = out.size();
    return out;
  }

  // Renders `name` with `d` and wraps it in the layout.
  std::string Page(std::string_view name, mus::data d) {
    Put(&d, "content", Render(name, d));
    return Render("layout", d);
  }
};

namespace {

// Replaces each {{> name}} with the partial's text, so a partial is parsed once here rather
// than on every use while rendering. A partial that includes itself (the comment thread)
// stays a partial: its recursion ends with the data.
std::string InlinePartials(const std::string& text,
                           const std::map<std::string, std::string, std::less<>>& sources,
                           int depth) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{>", pos);
    if (open == std::string::npos) break;
    size_t close = text.find("}}", open);
    if (close == std::string::npos) break;
    std::string name(TrimAscii(std::string_view(text).substr(open + 3, close - open - 3)));
    auto it = sources.find(name);
    bool self_recursive =
        it != sources.end() && it->second.find("{{> " + name + "}}") != std::string::npos;
    out.append(text, pos, open - pos);
    if (it == sources.end() || self_recursive || depth > 8) {
      out.append(text, open, close + 2 - open);
    } else {
      out += InlinePartials(it->second, sources, depth + 1);
    }
    pos = close + 2;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace

Renderer::Renderer(const Templates& templates, SiteInfo site) : impl_(std::make_unique<Impl>()) {
  impl_->site = std::move(site);
  for (const auto& [name, text] : templates.sources()) {
    std::string expanded = InlinePartials(text, templates.sources(), 0);
    auto compiled = std::make_unique<mus::mustache>(expanded);
    compiled->set_custom_escape(FastHtmlEscape);
    impl_->compiled.emplace(name, std::move(compiled));
    impl_->partials.set(name, mus::data(expanded));
  }
}

Renderer::~Renderer() = default;

std::string Renderer::Home(const Chrome& chrome, const std::vector<ArticleSummary>& latest,
                           const std::vector<CategoryBlock>& blocks, const Pagination& pagination) {
  std::string title = impl_->site.name;
  if (pagination.page > 1) title += " — صفحة " + impl_->Digits(pagination.page);
  mus::data d =
      impl_->Common(chrome, "home", title, impl_->site.tagline, Impl::CanonicalUrl(pagination));
  std::vector<ArticleSummary> rest = latest;
  if (pagination.page == 1 && !rest.empty()) {
    Put(&d, "lead", impl_->Card(rest.front()));
    rest.erase(rest.begin());
  }
  Put(&d, "latest", impl_->Cards(rest));
  mus::data bl(mus::data::type::list);
  for (const auto& b : blocks) {
    if (b.articles.empty()) continue;
    mus::data item;
    Put(&item, "name", b.category.name);
    Put(&item, "url", content::CategoryUrl(b.category.slug));
    Put(&item, "articles", impl_->Cards(b.articles));
    Append(&bl, std::move(item));
  }
  Put(&d, "category_blocks", std::move(bl));
  Put(&d, "is_first_page", mus::data(pagination.page == 1));
  impl_->SetPagination(&d, pagination);
  return impl_->Page("home", std::move(d));
}

namespace {

mus::data CommentData(const content::CommentNode& node,
                      const std::function<std::string(int64_t)>& date_text, int depth) {
  const content::Comment& c = node.comment;
  mus::data d;
  Put(&d, "id", std::to_string(c.id));
  Put(&d, "anchor", "comment-" + std::to_string(c.id));
  Put(&d, "author_name", c.author_name);
  Put(&d, "has_author_url", mus::data(!c.author_url.empty()));
  if (!c.author_url.empty()) Put(&d, "author_url", c.author_url);
  Put(&d, "date_iso", FormatIso8601(c.created_at));
  Put(&d, "date_text", date_text(c.created_at));
  mus::data paras(mus::data::type::list);
  for (auto p : content::SplitParagraphs(c.body)) {
    mus::data pd;
    Put(&pd, "text", std::string(p));
    Append(&paras, std::move(pd));
  }
  Put(&d, "paragraphs", std::move(paras));
  // Replies nest up to five levels; deeper answers attach to the deepest shown level.
  Put(&d, "can_reply", mus::data(depth < 5));
  Put(&d, "reply_url", "?replytocom=" + std::to_string(c.id) + "#respond");
  mus::data replies(mus::data::type::list);
  for (const auto& r : node.replies) Append(&replies, CommentData(r, date_text, depth + 1));
  Put(&d, "has_replies", mus::data(!node.replies.empty()));
  Put(&d, "replies", std::move(replies));
  return d;
}

// A featured image as <picture>: every WebP width in one <source>, the JPEG/PNG widths in
// the <img> srcset (the widest as its src), and the widest's size as width/height so the
// page does not move when the image arrives.
mus::data FeaturedImageData(const content::Media& m) {
  std::string webp, fallback, src;
  int width = m.width, height = m.height;
  for (const content::ImageFile& f : m.files) {
    std::string& list = f.mime == "image/webp" ? webp : fallback;
    if (!list.empty()) list += ", ";
    list += "/media/" + f.file + " " + std::to_string(f.width) + "w";
    if (f.mime != "image/webp") {
      src = "/media/" + f.file;
      width = f.width;
      height = f.height;
    }
  }
  mus::data d;
  Put(&d, "webp_srcset", webp);
  Put(&d, "has_webp", mus::data(!webp.empty()));
  Put(&d, "srcset", fallback);
  Put(&d, "src", src);
  Put(&d, "width", std::to_string(width));
  Put(&d, "height", std::to_string(height));
  Put(&d, "alt", m.alt);
  return d;
}

}  // namespace

std::string Renderer::ArticlePage(const Chrome& chrome, const content::Article& article,
                                  const std::vector<ArticleSummary>& related,
                                  const std::vector<content::CommentNode>& comments,
                                  const CommentForm& form) {
  Impl& im = *impl_;
  std::string url = content::Permalink(article.published_at, article.slug, im.site.date_style.zone);
  std::string description =
      article.excerpt.empty() ? content::MakeExcerpt(article.body, 160) : article.excerpt;
  mus::data d = im.Common(chrome, "single", article.title + " — " + im.site.name, description,
                          chrome.preview ? "" : url);
  mus::data a;
  Put(&a, "id", std::to_string(article.id));
  Put(&a, "title", article.title);
  Put(&a, "url", url);
  // The short link (/n/<id>) to share; the canonical address stays the permalink.
  bool has_short = article.id > 0 && !chrome.preview;
  Put(&a, "has_short_url", mus::data(has_short));
  Put(&d, "has_shortlink", mus::data(has_short));
  const content::ImageFile* preview =
      article.featured_image ? PreviewImage(*article.featured_image) : nullptr;
  im.SetPreview(&d, "article", article.title, chrome.preview ? "" : AbsoluteUrl(im.site, url),
                preview, article.featured_image ? article.featured_image->alt : "");
  if (!chrome.preview) {
    Put(&d, "has_json_ld", mus::data(true));
    Put(&d, "json_ld",
        NewsArticleJsonLd(im.site, article,
                          preview ? AbsoluteUrl(im.site, "/media/" + preview->file) : ""));
    Put(&d, "has_article_times", mus::data(true));
    Put(&d, "published_iso", FormatIso8601(article.published_at));
    Put(&d, "modified_iso", FormatIso8601(std::max(article.modified_at, article.published_at)));
  }
  if (has_short) {
    Put(&a, "short_url", ShortLink(im.site, article.id));
    Put(&d, "shortlink", ShortLink(im.site, article.id));
  }
  Put(&a, "date_iso", FormatIso8601(article.published_at));
  Put(&a, "date_text", im.DateText(article.published_at));
  Put(&a, "modified_iso", FormatIso8601(article.modified_at));
  Put(&a, "category_name", article.category.name);
  Put(&a, "category_url",
      article.category.slug.empty() ? "" : content::CategoryUrl(article.category.slug));
  Put(&a, "author_name", article.author.name);
  Put(&a, "author_url", article.author.slug.empty() ? "" : content::AuthorUrl(article.author.slug));
  // A Markdown or HTML body was sanitized when it was saved (src/markup): written raw.
  bool has_html = article.body_format != content::BodyFormat::kText;
  Put(&a, "has_body_html", mus::data(has_html));
  if (has_html) {
    Put(&a, "body_html", article.body_html);
  } else {
    Put(&a, "paragraphs", im.Paragraphs(article.body));
  }
  mus::data tags(mus::data::type::list);
  for (const auto& t : article.tags) {
    mus::data td;
    Put(&td, "name", t.name);
    Put(&td, "url", content::TagUrl(t.slug));
    Append(&tags, std::move(td));
  }
  Put(&a, "has_tags", mus::data(!article.tags.empty()));
  Put(&a, "tags", std::move(tags));
  mus::data corrections(mus::data::type::list);
  for (const auto& c : article.corrections) {
    mus::data cd;
    Put(&cd, "text", c.text);
    Put(&cd, "date_text", im.DateText(c.created_at));
    Put(&cd, "date_iso", FormatIso8601(c.created_at));
    Append(&corrections, std::move(cd));
  }
  Put(&a, "has_corrections", mus::data(!article.corrections.empty()));
  Put(&a, "corrections", std::move(corrections));
  Put(&a, "has_image", mus::data(article.featured_image.has_value()));
  if (article.featured_image) Put(&a, "image", FeaturedImageData(*article.featured_image));
  Put(&a, "has_source", mus::data(!article.source_name.empty()));
  Put(&a, "source_name", article.source_name);
  if (!article.source_url.empty()) Put(&a, "source_url", article.source_url);
  Put(&a, "has_related", mus::data(!related.empty()));
  Put(&a, "related", im.Cards(related));
  Put(&a, "comment_count", im.Digits(article.comment_count));
  Put(&a, "comment_count_text", content::CommentCountText(article.comment_count));
  Put(&a, "has_comments", mus::data(!comments.empty()));
  auto date_text = [&im](int64_t t) { return im.DateText(t); };
  mus::data list(mus::data::type::list);
  for (const auto& n : comments) Append(&list, CommentData(n, date_text, 1));
  Put(&a, "comments", std::move(list));
  Put(&d, "article", std::move(a));

  mus::data f;
  Put(&f, "action", "/wp-comments-post.php");
  Put(&f, "post_id", std::to_string(form.post_id));
  Put(&f, "parent_id", std::to_string(form.parent_id));
  Put(&f, "token", form.token);
  Put(&f, "author", form.author);
  Put(&f, "email", form.email);
  Put(&f, "url", form.url);
  Put(&f, "comment", form.comment);
  Put(&f, "notice_pending", mus::data(form.notice_pending));
  Put(&f, "has_errors", mus::data(!form.errors.empty()));
  mus::data errors(mus::data::type::list);
  for (const auto& e : form.errors) {
    mus::data ed;
    Put(&ed, "message", e.message);
    static constexpr const char* kFieldNames[] = {"author", "email", "url", "comment", "other"};
    Put(&ed, "field", kFieldNames[static_cast<int>(e.field)]);
    Append(&errors, std::move(ed));
    switch (e.field) {
      case content::CommentField::kAuthor:
        Put(&f, "error_author", mus::data(true));
        break;
      case content::CommentField::kEmail:
        Put(&f, "error_email", mus::data(true));
        break;
      case content::CommentField::kUrl:
        Put(&f, "error_url", mus::data(true));
        break;
      case content::CommentField::kBody:
        Put(&f, "error_comment", mus::data(true));
        break;
      case content::CommentField::kOther:
        break;
    }
  }
  Put(&f, "errors", std::move(errors));
  if (!form.replying_to_name.empty()) {
    Put(&f, "replying_to_name", form.replying_to_name);
    Put(&f, "cancel_reply_url", url + "#respond");
  }
  Put(&d, "form", std::move(f));
  return im.Page("article", std::move(d));
}

std::string Renderer::Archive(const Chrome& chrome, ArchiveKind kind, std::string_view name,
                              const std::vector<ArticleSummary>& articles,
                              const Pagination& pagination) {
  Impl& im = *impl_;
  const char* label = kind == ArchiveKind::kTag        ? "الوسم"
                      : kind == ArchiveKind::kCategory ? "القسم"
                                                       : "الكاتب";
  std::string title = std::string(label) + ": " + std::string(name);
  if (pagination.page > 1) title += " — صفحة " + im.Digits(pagination.page);
  title += " — " + im.site.name;
  mus::data d = im.Common(chrome, "archive", title, std::string(label) + ": " + std::string(name),
                          Impl::CanonicalUrl(pagination));
  Put(&d, "kind",
      kind == ArchiveKind::kTag        ? "tag"
      : kind == ArchiveKind::kCategory ? "category"
                                       : "author");
  Put(&d, "kind_label", label);
  Put(&d, "heading", std::string(name));
  Put(&d, "has_articles", mus::data(!articles.empty()));
  Put(&d, "articles", im.Cards(articles));
  Put(&d, "empty_message", "لا توجد مقالات منشورة هنا بعد.");
  if (kind != ArchiveKind::kAuthor) {
    // The archive's own feeds first (feed readers take the first), then the whole site's.
    mus::data feeds(mus::data::type::list);
    Impl::AddFeedLinks(&feeds, pagination.base,
                       im.site.name + " — " + std::string(label) + ": " + std::string(name));
    Impl::AddFeedLinks(&feeds, "/", im.site.name);
    Put(&d, "feeds", std::move(feeds));
  }
  Put(&d, "has_json_ld", mus::data(true));
  Put(&d, "json_ld",
      BreadcrumbJsonLd(
          im.site,
          {{"الرئيسية", "/"}, {std::string(label) + ": " + std::string(name), pagination.base}}));
  im.SetPagination(&d, pagination);
  return im.Page("archive", std::move(d));
}

std::string Renderer::Search(const Chrome& chrome, const SearchPage& page) {
  Impl& im = *impl_;
  const std::string& query = page.query;
  std::string title =
      query.empty() ? "البحث — " + im.site.name : "نتائج البحث عن: " + query + " — " + im.site.name;
  mus::data d = im.Common(chrome, "search", title, "البحث في أخبار " + im.site.name, "");
  Put(&d, "query", query);
  Put(&d, "has_query", mus::data(!query.empty()));
  Put(&d, "has_results", mus::data(!page.hits.empty()));
  mus::data results(mus::data::type::list);
  for (const auto& hit : page.hits) {
    mus::data card = im.Card(hit.article);
    Put(&card, "title_html",
        content::MarkedToHtml(hit.title_marked.empty() ? hit.article.title : hit.title_marked));
    Put(&card, "snippet_html", content::MarkedToHtml(hit.snippet_marked));
    Append(&results, std::move(card));
  }
  Put(&d, "results", std::move(results));
  std::string total;
  if (page.total == 1) {
    total = "نتيجة واحدة";
  } else if (page.total == 2) {
    total = "نتيجتان";
  } else {
    int64_t mod = page.total % 100;
    total = im.Digits(static_cast<int>(page.total)) + (mod >= 3 && mod <= 10 ? " نتائج" : " نتيجة");
  }
  Put(&d, "total_text", total);
  Put(&d, "total", std::to_string(page.total));
  Put(&d, "relaxed", mus::data(page.relaxed));
  Put(&d, "has_suggestion", mus::data(!page.suggestion.empty()));
  if (!page.suggestion.empty()) {
    Put(&d, "suggestion", page.suggestion);
    Put(&d, "suggestion_url", page.suggestion_url);
  }
  Put(&d, "notices", Impl::TextList(page.notices));
  mus::data cats(mus::data::type::list);
  for (const auto& c : page.categories) {
    mus::data item;
    Put(&item, "name", c.name);
    Put(&item, "slug", c.slug);
    Put(&item, "selected", mus::data(c.slug == page.category_slug));
    Append(&cats, std::move(item));
  }
  Put(&d, "filter_categories", std::move(cats));
  Put(&d, "has_tag_filter", mus::data(!page.tag_slug.empty()));
  Put(&d, "filter_tag_slug", page.tag_slug);
  Put(&d, "filter_tag_name", page.tag_name);
  Put(&d, "filter_from", page.from);
  Put(&d, "filter_to", page.to);
  Put(&d, "sort_date", mus::data(page.newest_first));
  bool filtered = !page.category_slug.empty() || !page.tag_slug.empty() || !page.from.empty() ||
                  !page.to.empty() || page.newest_first;
  Put(&d, "filters_open", mus::data(filtered));
  im.SetPagination(&d, page.pagination);
  return im.Page("search", std::move(d));
}

std::string Renderer::Error(const Chrome& chrome, int status, std::string_view heading,
                            std::string_view message) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "error404", std::string(heading) + " — " + im.site.name,
                          std::string(message), "");
  Put(&d, "status", std::to_string(status));
  Put(&d, "heading", std::string(heading));
  Put(&d, "message", std::string(message));
  return im.Page("error", std::move(d));
}

std::string Renderer::AdminLogin(const Chrome& chrome, const AdminLoginView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin", "الدخول إلى غرفة الأخبار — " + im.site.name, "", "");
  Put(&d, "token", view.token);
  Put(&d, "name", view.name);
  Put(&d, "has_message", mus::data(!view.message.empty()));
  Put(&d, "message", view.message);
  return im.Page("admin_login", std::move(d));
}

std::string Renderer::AdminHome(const Chrome& chrome, const AdminHomeView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin", "غرفة الأخبار — " + im.site.name, "", "");
  d.set("display_name", view.display_name);
  d.set("role_label", view.role_label);
  d.set("logout_token", view.logout_token);
  d.set("can_moderate", mus::data(view.can_moderate));
  d.set("pending_text", im.Digits(view.pending_comments));
  d.set("can_manage_taxonomy", mus::data(view.can_manage_taxonomy));
  d.set("can_manage_users", mus::data(view.can_manage_users));
  return im.Page("admin_home", std::move(d));
}

std::string Renderer::AdminComments(const Chrome& chrome, const AdminCommentsView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin", "التعليقات — " + im.site.name, "", "");
  struct Tab {
    const char* key;
    const char* label;
    size_t index;
  };
  mus::data tabs(mus::data::type::list);
  for (Tab t : {Tab{"pending", "بانتظار المراجعة", 0}, Tab{"approved", "منشورة", 1},
                Tab{"spam", "مزعجة", 2}, Tab{"trash", "المهملات", 3}}) {
    mus::data tab;
    tab.set("key", t.key);
    tab.set("label", t.label);
    tab.set("count", im.Digits(static_cast<int>(view.counts[t.index])));
    tab.set("current", mus::data(view.status == t.key));
    tabs.push_back(tab);
  }
  d.set("tabs", tabs);
  d.set("status", view.status);
  d.set("in_trash", mus::data(view.status == "trash"));
  d.set("token", view.token);
  d.set("has_comments", mus::data(!view.comments.empty()));
  mus::data list(mus::data::type::list);
  for (const auto& c : view.comments) {
    mus::data item;
    item.set("id", std::to_string(c.comment.id));
    item.set("author", c.comment.author_name);
    item.set("article_title", c.article_title);
    item.set("snippet", content::MakeExcerpt(c.comment.body, 240));
    item.set("date_text", im.DateText(c.comment.created_at));
    item.set("date_iso", FormatIso8601(c.comment.created_at));
    list.push_back(item);
  }
  d.set("comments", list);
  d.set("has_done", mus::data(view.done >= 0));
  d.set("done_text", im.Digits(view.done));
  d.set("has_next", mus::data(view.has_next));
  d.set("has_prev", mus::data(view.page > 1));
  d.set("next_url",
        "/admin/comments?status=" + view.status + "&page=" + std::to_string(view.page + 1));
  d.set("prev_url",
        "/admin/comments?status=" + view.status + "&page=" + std::to_string(view.page - 1));
  return im.Page("admin_comments", std::move(d));
}

std::string Renderer::AdminTaxonomy(const Chrome& chrome, const AdminTaxonomyView& view) {
  Impl& im = *impl_;
  bool tags = view.kind == content::TaxonomyKind::kTag;
  mus::data d =
      im.Common(chrome, "admin", (tags ? "الوسوم — " : "الأقسام — ") + im.site.name, "", "");
  mus::data items(mus::data::type::list);
  for (size_t i = 0; i < view.items.size(); ++i) {
    const content::TaxonomyItem& t = view.items[i];
    mus::data item;
    item.set("id", std::to_string(t.id));
    item.set("name", t.name);
    item.set("slug", t.slug);
    item.set("url", tags ? content::TagUrl(t.slug) : content::CategoryUrl(t.slug));
    item.set("articles_text", im.Digits(static_cast<int>(t.articles)));
    item.set("published_text", im.Digits(static_cast<int>(t.published)));
    item.set("position_text", im.Digits(static_cast<int>(i + 1)));
    item.set("can_up", mus::data(i > 0));
    item.set("can_down", mus::data(i + 1 < view.items.size()));
    items.push_back(item);
  }
  d.set("items", items);
  d.set("has_items", mus::data(!view.items.empty()));
  d.set("token", view.token);
  d.set("search", view.search);
  d.set("has_search", mus::data(!view.search.empty()));
  d.set("total_text", im.Digits(static_cast<int>(view.total)));
  d.set("new_name", view.new_name);
  d.set("new_slug", view.new_slug);
  d.set("errors", Impl::TextList(view.errors));
  d.set("has_errors", mus::data(!view.errors.empty()));
  d.set("notice", view.notice);
  d.set("has_notice", mus::data(!view.notice.empty()));
  std::string query = view.search.empty() ? "" : "q=" + PercentEncodePathSegment(view.search) + "&";
  d.set("has_next", mus::data(view.has_next));
  d.set("has_prev", mus::data(view.page > 1));
  d.set("next_url", "/admin/tags?" + query + "page=" + std::to_string(view.page + 1));
  d.set("prev_url", "/admin/tags?" + query + "page=" + std::to_string(view.page - 1));
  return im.Page(tags ? "admin_tags" : "admin_categories", std::move(d));
}

std::string Renderer::AdminTaxonomyItem(const Chrome& chrome, const AdminTaxonomyItemView& view) {
  Impl& im = *impl_;
  bool tags = view.kind == content::TaxonomyKind::kTag;
  const content::TaxonomyItem& t = view.item;
  mus::data d = im.Common(chrome, "admin",
                          (tags ? "الوسم " : "القسم ") + t.name + " — " + im.site.name, "", "");
  d.set("is_tag", mus::data(tags));
  d.set("base", tags ? "/admin/tags" : "/admin/categories");
  d.set("id", std::to_string(t.id));
  d.set("stored_name", t.name);
  d.set("url", tags ? content::TagUrl(t.slug) : content::CategoryUrl(t.slug));
  d.set("articles_text", im.Digits(static_cast<int>(t.articles)));
  d.set("published_text", im.Digits(static_cast<int>(t.published)));
  d.set("token", view.token);
  d.set("name", view.name);
  d.set("slug", view.slug);
  d.set("merge_into", view.merge_into);
  mus::data others(mus::data::type::list);
  for (const auto& o : view.others) {
    mus::data item;
    item.set("id", std::to_string(o.id));
    item.set("name", o.name);
    item.set("selected", mus::data(o.id == view.target_id));
    others.push_back(item);
  }
  d.set("others", others);
  d.set("has_others", mus::data(!view.others.empty()));
  d.set("errors", Impl::TextList(view.errors));
  d.set("has_errors", mus::data(!view.errors.empty()));
  return im.Page("admin_taxonomy_item", std::move(d));
}

namespace {

std::string StatusLabel(content::ArticleStatus s) {
  switch (s) {
    case content::ArticleStatus::kDraft:
      return "مسودة";
    case content::ArticleStatus::kPending:
      return "بانتظار المراجعة";
    case content::ArticleStatus::kScheduled:
      return "مجدول";
    case content::ArticleStatus::kPublished:
      return "منشور";
    case content::ArticleStatus::kTrashed:
      return "في المهملات";
  }
  return "";
}

}  // namespace

std::string ArticleStatusLabel(content::ArticleStatus s) { return StatusLabel(s); }

std::string Renderer::AdminArticles(const Chrome& chrome, const AdminArticlesView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin", "المقالات — " + im.site.name, "", "");
  mus::data rows(mus::data::type::list);
  for (const auto& r : view.rows) {
    mus::data row;
    row.set("id", std::to_string(r.id));
    row.set("title", r.title);
    row.set("status", StatusLabel(r.status));
    row.set("author", r.author);
    row.set("category", r.category);
    row.set("date_text", im.DateText(r.modified_at));
    row.set("may_open", mus::data(view.edits_any || r.author == view.viewer));
    rows.push_back(row);
  }
  d.set("rows", rows);
  d.set("has_rows", mus::data(!view.rows.empty()));
  // The tabs keep the search and filters; each shows how many articles it holds under them.
  const std::string base = "/admin/articles?" + view.filter_query;
  struct Tab {
    const char* key;
    const char* label;
    int status;  // -1: every state
  };
  int64_t all = 0;
  for (int64_t n : view.per_status) all += n;
  mus::data tabs(mus::data::type::list);
  for (Tab t : {Tab{"", "الكل", -1}, Tab{"draft", "مسودات", 0},
                Tab{"pending", "بانتظار المراجعة", 1}, Tab{"scheduled", "مجدولة", 2},
                Tab{"published", "منشورة", 3}, Tab{"trashed", "المهملات", 4}}) {
    mus::data tab;
    tab.set("label", t.label);
    int64_t n = t.status < 0 ? all : view.per_status[static_cast<size_t>(t.status)];
    tab.set("count", im.Digits(static_cast<int>(n)));
    tab.set("current", mus::data(view.status == t.key));
    tab.set("url", base + "status=" + t.key);
    tabs.push_back(tab);
  }
  d.set("tabs", tabs);
  d.set("status", view.status);
  d.set("search", view.search);
  d.set("total_text", im.Digits(static_cast<int>(view.total)));
  mus::data authors(mus::data::type::list);
  for (const auto& a : view.authors) {
    mus::data item;
    item.set("id", std::to_string(a.id));
    item.set("name", a.name);
    item.set("selected", mus::data(a.id == view.author_id));
    authors.push_back(item);
  }
  d.set("authors", authors);
  mus::data categories(mus::data::type::list);
  for (const auto& c : view.categories) {
    mus::data item;
    item.set("id", std::to_string(c.id));
    item.set("name", c.name);
    item.set("selected", mus::data(c.id == view.category_id));
    categories.push_back(item);
  }
  d.set("categories", categories);
  d.set("page_text", im.Digits(view.page));
  d.set("pages_text", im.Digits(view.total_pages));
  d.set("has_pages", mus::data(view.total_pages > 1));
  d.set("has_prev", mus::data(view.page > 1));
  d.set("has_next", mus::data(view.page < view.total_pages));
  std::string page_base = base + "status=" + view.status + "&page=";
  d.set("prev_url", page_base + std::to_string(view.page - 1));
  d.set("next_url", page_base + std::to_string(view.page + 1));
  d.set("notice", view.notice);
  d.set("has_notice", mus::data(!view.notice.empty()));
  return im.Page("admin_articles", std::move(d));
}

namespace {

mus::data RoleChoices(const std::vector<RoleChoice>& roles, std::string_view selected) {
  mus::data list(mus::data::type::list);
  for (const auto& r : roles) {
    mus::data item;
    item.set("name", r.name);
    item.set("label", r.label);
    item.set("selected", mus::data(r.name == selected));
    list.push_back(item);
  }
  return list;
}

}  // namespace

std::string Renderer::AdminUsers(const Chrome& chrome, const AdminUsersView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin", "المستخدمون — " + im.site.name, "", "");
  mus::data users(mus::data::type::list);
  for (const auto& row : view.users) {
    mus::data item;
    item.set("id", std::to_string(row.user.id));
    item.set("name", row.user.name);
    item.set("display_name", row.user.display_name);
    item.set("role_label", row.role_label);
    item.set("disabled", mus::data(row.user.disabled));
    item.set("created_text", im.DateText(row.user.created_at));
    item.set("created_iso", FormatIso8601(row.user.created_at));
    users.push_back(item);
  }
  d.set("users", users);
  d.set("roles", RoleChoices(view.roles, view.role));
  d.set("token", view.token);
  d.set("name", view.name);
  d.set("display_name", view.display_name);
  d.set("errors", Impl::TextList(view.errors));
  d.set("has_errors", mus::data(!view.errors.empty()));
  d.set("notice", view.notice);
  d.set("has_notice", mus::data(!view.notice.empty()));
  return im.Page("admin_users", std::move(d));
}

std::string Renderer::AdminUser(const Chrome& chrome, const AdminUserView& view) {
  Impl& im = *impl_;
  const content::User& u = view.row.user;
  mus::data d = im.Common(chrome, "admin", "المستخدم " + u.name + " — " + im.site.name, "", "");
  d.set("id", std::to_string(u.id));
  d.set("name", u.name);
  d.set("stored_display_name", u.display_name);
  d.set("role_label", view.row.role_label);
  d.set("disabled", mus::data(u.disabled));
  d.set("created_text", im.DateText(u.created_at));
  d.set("created_iso", FormatIso8601(u.created_at));
  d.set("is_self", mus::data(view.is_self));
  d.set("roles", RoleChoices(view.roles, view.role));
  d.set("display_name", view.display_name);
  d.set("token", view.token);
  d.set("errors", Impl::TextList(view.errors));
  d.set("has_errors", mus::data(!view.errors.empty()));
  d.set("notice", view.notice);
  d.set("has_notice", mus::data(!view.notice.empty()));
  return im.Page("admin_users_item", std::move(d));
}

std::string Renderer::AdminEditor(const Chrome& chrome, const AdminEditorView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin",
                          (view.id == 0 ? "مقال جديد — " : "تحرير مقال — ") + im.site.name, "", "");
  d.set("id", std::to_string(view.id));
  d.set("is_new", mus::data(view.id == 0));
  d.set("token", view.token);
  d.set("title", view.title);
  d.set("excerpt", view.excerpt);
  d.set("slug", view.slug);
  d.set("body", view.body);
  d.set("category", view.category);
  d.set("tags", view.tags);
  d.set("breaking_hours", std::to_string(view.breaking_hours));
  d.set("status_label", view.status_label);
  d.set("has_status", mus::data(!view.status_label.empty()));
  d.set("url", view.url);
  d.set("has_url", mus::data(!view.url.empty()));
  d.set("can_publish", mus::data(view.can_publish));
  d.set("published", mus::data(view.published));
  d.set("publish_at", view.publish_at);
  d.set("publish_zone", view.publish_zone);
  d.set("has_publish_zone", mus::data(!view.publish_zone.empty()));
  d.set("version", std::to_string(view.version));
  d.set("conflict_url", view.conflict_url);
  d.set("has_conflict", mus::data(!view.conflict_url.empty()));
  d.set("can_correct", mus::data(view.can_correct));
  d.set("correction_token", view.correction_token);
  d.set("trashed", mus::data(view.trashed));
  d.set("can_trash", mus::data(view.can_trash));
  d.set("can_restore", mus::data(view.can_restore));
  d.set("can_delete", mus::data(!view.delete_token.empty()));
  d.set("delete_token", view.delete_token);
  d.set("can_set_image", mus::data(!view.image_token.empty()));
  d.set("image_token", view.image_token);
  d.set("has_image", mus::data(!view.image_url.empty()));
  d.set("image_url", view.image_url);
  d.set("image_alt", view.image_alt);
  d.set("has_image_error", mus::data(!view.image_error.empty()));
  d.set("image_error", view.image_error);
  d.set("errors", Impl::TextList(view.errors));
  d.set("has_errors", mus::data(!view.errors.empty()));
  d.set("notice", view.notice);
  d.set("has_notice", mus::data(!view.notice.empty()));
  mus::data cats(mus::data::type::list);
  for (const auto& c : view.categories) {
    mus::data item;
    item.set("name", c.name);
    cats.push_back(item);
  }
  d.set("categories", cats);
  d.set("tag_names", Impl::TextList(view.tag_names));
  return im.Page("admin_editor", std::move(d));
}

namespace {

std::string RevisionKindLabel(const content::Revision& r, bool first) {
  switch (r.kind) {
    case content::RevisionKind::kOutside:
      return "النسخة المستوردة";
    case content::RevisionKind::kRestore:
      return "استعادة";
    case content::RevisionKind::kSave:
      break;
  }
  return first ? "إنشاء" : "حفظ";
}

std::string RevisionAuthorLabel(const content::Revision& r) {
  return r.user_name.empty() ? std::string("الاستيراد") : r.user_name;
}

// Revision data every revision template shows.
void SetRevisionFields(const content::Revision& r, bool first, std::string number,
                       std::string date_text, mus::data* d) {
  d->set("id", std::to_string(r.id));
  d->set("number", std::move(number));
  d->set("url",
         "/admin/articles/" + std::to_string(r.article_id) + "/revisions/" + std::to_string(r.id));
  d->set("kind_label", RevisionKindLabel(r, first));
  d->set("who", RevisionAuthorLabel(r));
  d->set("date_text", std::move(date_text));
  d->set("date_iso", FormatIso8601(r.created_at));
  d->set("status", StatusLabel(r.status));
}

mus::data Segments(const std::vector<content::DiffSegment>& diff) {
  mus::data l(mus::data::type::list);
  for (const auto& seg : diff) {
    mus::data item;
    item.set("text", seg.text);
    item.set("same", mus::data(seg.op == content::DiffOp::kEqual));
    item.set("ins", mus::data(seg.op == content::DiffOp::kInsert));
    item.set("del", mus::data(seg.op == content::DiffOp::kDelete));
    item.set("elided", mus::data(seg.op == content::DiffOp::kElided));
    l.push_back(item);
  }
  return l;
}

bool HasChange(const std::vector<content::DiffSegment>& diff) {
  for (const auto& seg : diff) {
    if (seg.op == content::DiffOp::kInsert || seg.op == content::DiffOp::kDelete) return true;
  }
  return false;
}

}  // namespace

std::string Renderer::AdminRevisions(const Chrome& chrome, const AdminRevisionsView& view) {
  Impl& im = *impl_;
  mus::data d = im.Common(chrome, "admin", "سجل المراجعات — " + im.site.name, "", "");
  d.set("article_id", std::to_string(view.article_id));
  d.set("article_title", view.article_title);
  d.set("notice", view.notice);
  d.set("has_notice", mus::data(!view.notice.empty()));
  mus::data rows(mus::data::type::list);
  for (size_t i = 0; i < view.revisions.size(); ++i) {
    const content::Revision& r = view.revisions[i];
    const bool first = i + 1 == view.revisions.size();
    mus::data row;
    SetRevisionFields(r, first, im.Digits(static_cast<int>(r.id)), im.DateText(r.created_at), &row);
    // What changed, in a few words: the fields, then the words added and removed.
    std::vector<std::string> parts;
    const content::RevisionChanges& c = r.changes;
    if (r.kind == content::RevisionKind::kOutside) {
      parts.push_back("المقال كما كان قبل أول تعديل في غرفة الأخبار");
    } else if (first) {
      parts.push_back("أول نسخة");
    } else {
      if (r.kind == content::RevisionKind::kRestore) {
        parts.push_back("أعاد المراجعة رقم " + im.Digits(static_cast<int>(r.restored_from)));
      }
      if (c.title) parts.push_back("العنوان");
      if (c.excerpt) parts.push_back("الملخص");
      if (c.body) parts.push_back("النص");
      if (c.category) parts.push_back("القسم");
      if (c.tags) parts.push_back("الوسوم");
      if (c.status) parts.push_back("الحالة");
      if (c.breaking) parts.push_back("العاجل");
      if (c.words_inserted || c.words_deleted) {
        parts.push_back("+" + im.Digits(c.words_inserted) + " / −" + im.Digits(c.words_deleted) +
                        " كلمة");
      }
      if (parts.empty()) parts.push_back("لا تغيير في المحتوى");
    }
    std::string summary;
    for (size_t k = 0; k < parts.size(); ++k) {
      if (k) summary += "، ";
      summary += parts[k];
    }
    row.set("summary", summary);
    rows.push_back(row);
  }
  d.set("revisions", rows);
  d.set("has_revisions", mus::data(!view.revisions.empty()));
  return im.Page("admin_revisions", std::move(d));
}

std::string Renderer::AdminRevision(const Chrome& chrome, const AdminRevisionView& view) {
  Impl& im = *impl_;
  const content::Revision& r = view.revision;
  mus::data d =
      im.Common(chrome, "admin",
                "المراجعة رقم " + im.Digits(static_cast<int>(r.id)) + " — " + im.site.name, "", "");
  SetRevisionFields(r, !view.has_base, im.Digits(static_cast<int>(r.id)), im.DateText(r.created_at),
                    &d);
  d.set("article_id", std::to_string(view.article_id));
  d.set("article_title", view.article_title);
  d.set("has_base", mus::data(view.has_base));
  d.set("base_label", view.base_label);
  d.set("title_diff", Segments(view.title));
  d.set("excerpt_diff", Segments(view.excerpt));
  d.set("body_diff", Segments(view.body));
  d.set("title_changed", mus::data(HasChange(view.title)));
  d.set("excerpt_changed", mus::data(HasChange(view.excerpt)));
  d.set("body_changed", mus::data(HasChange(view.body)));
  d.set("other_changes", Impl::TextList(view.other_changes));
  d.set("has_other_changes", mus::data(!view.other_changes.empty()));
  d.set("previous_url", view.previous_url);
  d.set("has_previous_url", mus::data(!view.previous_url.empty()));
  d.set("current_url", view.current_url);
  d.set("has_current_url", mus::data(!view.current_url.empty()));
  d.set("can_restore", mus::data(view.can_restore));
  d.set("restore_token", view.restore_token);
  d.set("version", std::to_string(view.version));
  return im.Page("admin_revision", std::move(d));
}

}  // namespace khabar::render
