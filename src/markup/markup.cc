#include "src/markup/markup.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <vector>

#include "src/base/strings.h"

namespace khabar::markup {
namespace {

// ---------------------------------------------------------------------------
// The parse tree, walked without recursion: an HTML body can nest thousands deep.

class Parsed {
 public:
  explicit Parsed(std::string_view html) {
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_BODY;
    options.max_errors = 0;  // the errors are not read
    output_ = gumbo_parse_with_options(&options, html.data(), html.size());
  }
  ~Parsed() {
    if (output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
  }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;
  const GumboNode* root() const { return output_ != nullptr ? output_->root : nullptr; }

 private:
  GumboOutput* output_ = nullptr;
};

const GumboVector* Children(const GumboNode* n) {
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
    return &n->v.element.children;
  }
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  return nullptr;
}

// Calls enter(node) for every node below `root` in document order; when it returns true
// the node's children follow, then leave(node).
template <typename Enter, typename Leave>
void Walk(const GumboNode* root, Enter enter, Leave leave) {
  if (root == nullptr) return;
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack = {{root, 0}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* kids = Children(top.node);
    if (kids == nullptr || top.next >= kids->length) {
      const GumboNode* done = top.node;
      stack.pop_back();
      if (!stack.empty()) leave(done);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(kids->data[top.next++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

std::string_view TagName(const GumboElement& e) { return gumbo_normalized_tagname(e.tag); }

// The HTML5 parser spends time in proportion to how deep the open elements nest on every
// tag, so thousands of nested elements (a few hundred kilobytes of "> > > …" in Markdown)
// would take minutes. No article nests this deep; such input is shown as plain text.
constexpr size_t kMaxDepth = 256;

// A quick estimate of the deepest nesting in `html`, without parsing it: start tags open,
// end tags close the nearest open element of their name, and elements that HTML closes by
// itself (p, li, td…) or that never hold anything (br, img…) do not count.
size_t NestingEstimate(std::string_view html) {
  static constexpr std::string_view kFlat[] = {
      "area",   "base",  "br",  "col", "embed", "hr", "img", "input", "link", "meta", "param",
      "source", "track", "wbr", "p",   "li",    "dt", "dd",  "tr",    "td",   "th",   "option"};
  std::vector<std::string> open;
  size_t deepest = 0;
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    bool end = i + 1 < html.size() && html[i + 1] == '/';
    size_t b = i + (end ? 2 : 1), e = b;
    while (e < html.size() && (std::isalnum(static_cast<unsigned char>(html[e])) != 0)) ++e;
    if (e == b) continue;
    std::string name = AsciiLower(html.substr(b, e - b));
    if (std::find(std::begin(kFlat), std::end(kFlat), name) != std::end(kFlat)) continue;
    if (end) {
      for (size_t k = 0; k < open.size() && k < 8; ++k) {
        if (open[open.size() - 1 - k] == name) {
          open.resize(open.size() - 1 - k);
          break;
        }
      }
    } else {
      open.push_back(std::move(name));
      deepest = std::max(deepest, open.size());
    }
  }
  return deepest;
}

// `html` with every tag left out, for input too deeply nested to parse.
std::string WithoutTags(std::string_view html) {
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    if (!in_tag) text.push_back(c);
    if (c == '>') in_tag = false;
  }
  return text;
}

// ---------------------------------------------------------------------------
// What the sanitizer does with each element.

enum class Treatment {
  kKeep,    ///< Written out with its allowed attributes.
  kUnwrap,  ///< Left out; its content kept.
  kDrop,    ///< Left out with all it contains.
};

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

// Elements whose content is code, a nested document, a form control or foreign markup:
// nothing of them is worth keeping as text.
bool DroppedWhole(std::string_view name) {
  return OneOf(name,
               {"script",   "style",    "iframe",  "object",    "embed",    "applet",   "frame",
                "frameset", "noframes", "noembed", "noscript",  "template", "textarea", "select",
                "option",   "optgroup", "button",  "input",     "title",    "head",     "meta",
                "link",     "base",     "xmp",     "plaintext", "svg",      "math",     "canvas",
                "audio",    "video",    "source",  "track",     "param",    "map",      "area",
                "dialog",   "datalist", "keygen",  "menuitem",  "output",   "progress", "meter"});
}

bool Kept(std::string_view name) {
  return OneOf(name, {"p",  "br",   "h2",    "h3",     "h4",         "strong", "em",  "b",
                      "i",  "u",    "s",     "del",    "blockquote", "ul",     "ol",  "li",
                      "a",  "img",  "table", "thead",  "tbody",      "tfoot",  "tr",  "th",
                      "td", "code", "pre",   "figure", "figcaption", "hr",     "sup", "sub"});
}

bool IsVoid(std::string_view name) { return OneOf(name, {"br", "hr", "img"}); }

// The treatment of `e`, and in `*out` the name it is written under.
Treatment Classify(const GumboNode* n, std::string_view* out) {
  if (n->type == GUMBO_NODE_TEMPLATE) return Treatment::kDrop;
  const GumboElement& e = n->v.element;
  if (e.tag_namespace != GUMBO_NAMESPACE_HTML) return Treatment::kDrop;
  std::string_view name = TagName(e);
  if (name.empty()) return Treatment::kUnwrap;  // an element HTML does not know
  if (DroppedWhole(name)) return Treatment::kDrop;
  // The page's h1 is the article's title: headings start at h2 and stop at h4.
  if (name == "h1") name = "h2";
  if (name == "h5" || name == "h6") name = "h4";
  if (!Kept(name)) return Treatment::kUnwrap;
  *out = name;
  return Treatment::kKeep;
}

// ---------------------------------------------------------------------------
// Addresses.

enum class UrlUse { kLink, kImage };

// The address as a browser would follow it, if it is one we allow; `*external` tells
// whether it leaves the site. Browsers skip leading and trailing control characters and
// spaces and remove tabs and newlines anywhere, so "java\tscript:" is "javascript:"; the
// parser has already decoded entities ("&#106;avascript:").
std::optional<std::string> SafeUrl(std::string_view raw, UrlUse use, bool* external) {
  size_t b = 0, e = raw.size();
  while (b < e && static_cast<unsigned char>(raw[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(raw[e - 1]) <= 0x20) --e;
  std::string url;
  url.reserve(e - b);
  for (size_t i = b; i < e; ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (c < 0x20 || c == 0x7F) return std::nullopt;
    url.push_back(static_cast<char>(c));
  }
  if (url.empty()) return std::nullopt;
  *external = false;
  size_t stop = url.find_first_of(":/?#\\");
  if (stop != std::string::npos && url[stop] == ':') {
    std::string scheme = AsciiLower(std::string_view(url).substr(0, stop));
    bool web = scheme == "http" || scheme == "https";
    if (!web && !(use == UrlUse::kLink && scheme == "mailto")) return std::nullopt;
    *external = web;
  } else if (url.size() >= 2 && (url[0] == '/' || url[0] == '\\') &&
             (url[1] == '/' || url[1] == '\\')) {
    *external = true;  // "//host/path": another site, over the page's own scheme
  }
  return url;
}

bool AllDigits(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void AppendAttribute(std::string* out, std::string_view name, std::string_view value) {
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  out->append(HtmlEscape(value));
  out->push_back('"');
}

// Writes `<name …>` with the attributes allowed on it; false when the element must go
// (an image without an allowed source).
bool AppendStartTag(std::string* out, std::string_view name, const GumboElement& e) {
  std::string attrs;
  bool has_src = false;
  bool external = false;
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    std::string_view attr = a->name;
    std::string_view value = a->value;
    if (attr == "dir") {
      std::string d = AsciiLower(TrimAscii(value));
      if (d == "rtl" || d == "ltr" || d == "auto") AppendAttribute(&attrs, "dir", d);
    } else if (name == "a" && attr == "href") {
      if (auto url = SafeUrl(value, UrlUse::kLink, &external)) {
        AppendAttribute(&attrs, "href", *url);
      }
    } else if ((name == "a" || name == "img") && attr == "title") {
      AppendAttribute(&attrs, "title", value);
    } else if (name == "img" && attr == "src") {
      // Only the site's own images: the pages' CSP loads nothing from another host, and an
      // image from elsewhere would tell that host who reads the article.
      bool elsewhere = false;
      if (auto url = SafeUrl(value, UrlUse::kImage, &elsewhere); url && !elsewhere) {
        AppendAttribute(&attrs, "src", *url);
        has_src = true;
      }
    } else if (name == "img" && attr == "alt") {
      AppendAttribute(&attrs, "alt", value);
    } else if (name == "img" && (attr == "width" || attr == "height")) {
      if (AllDigits(TrimAscii(value), 5)) AppendAttribute(&attrs, attr, TrimAscii(value));
    } else if ((name == "td" || name == "th") && (attr == "colspan" || attr == "rowspan")) {
      if (AllDigits(TrimAscii(value), 3)) AppendAttribute(&attrs, attr, TrimAscii(value));
    } else if ((name == "td" || name == "th") && attr == "align") {
      std::string v = AsciiLower(TrimAscii(value));
      if (v == "left" || v == "center" || v == "right") AppendAttribute(&attrs, "align", v);
    } else if (name == "ol" && attr == "start") {
      if (AllDigits(TrimAscii(value), 9)) AppendAttribute(&attrs, "start", TrimAscii(value));
    }
  }
  if (name == "img" && !has_src) return false;
  if (name == "a" && external) AppendAttribute(&attrs, "rel", "nofollow noopener");
  if (name == "img") AppendAttribute(&attrs, "loading", "lazy");
  out->push_back('<');
  out->append(name);
  out->append(attrs);
  out->push_back('>');
  return true;
}

// ---------------------------------------------------------------------------
// Plain text.

bool IsBlock(std::string_view name) {
  return OneOf(name,
               {"p",       "div",     "h1",         "h2",      "h3",     "h4",         "h5",
                "h6",      "li",      "blockquote", "pre",     "tr",     "table",      "ul",
                "ol",      "dl",      "dt",         "dd",      "figure", "figcaption", "hr",
                "section", "article", "header",     "footer",  "aside",  "address",    "main",
                "nav",     "details", "summary",    "caption", "center", "body",       "html"});
}

// Collects text into paragraphs, collapsing white space.
class TextBuilder {
 public:
  void Text(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
      size_t at = i;
      char32_t cp = DecodeUtf8(s, &i);
      if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0) {
        space_ = !current_.empty() && current_.back() != '\n';
        continue;
      }
      if (space_) current_.push_back(' ');
      space_ = false;
      current_.append(s.substr(at, i - at));
    }
  }
  void LineBreak() {
    if (!current_.empty() && current_.back() != '\n') current_.push_back('\n');
    space_ = false;
  }
  void CellBreak() { space_ = !current_.empty() && current_.back() != '\n'; }
  void ParagraphBreak() {
    std::string_view p = TrimAscii(current_);
    if (!p.empty()) {
      if (!out_.empty()) out_.append("\n\n");
      out_.append(p);
    }
    current_.clear();
    space_ = false;
  }
  std::string Finish() {
    ParagraphBreak();
    return std::move(out_);
  }

 private:
  std::string out_;
  std::string current_;
  bool space_ = false;
};

// ---------------------------------------------------------------------------
// Markdown.

char* RenderMarkdown(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  // Raw HTML is let through cmark on purpose: SanitizeHtml is the one place that decides.
  // GitHub's "tagfilter" extension is left out because it is weaker than the sanitizer and
  // worse for readers: it turns <script>…</script> into text they would see (and search
  // would index), where the sanitizer drops the element with its content.
  const int options = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return html;
}

}  // namespace

std::string SanitizeHtml(std::string_view html) {
  if (NestingEstimate(html) > kMaxDepth) return "<p>" + HtmlEscape(WithoutTags(html)) + "</p>";
  std::string out;
  out.reserve(html.size());
  Parsed parsed(html);
  Walk(
      parsed.root(),
      [&out](const GumboNode* n) {
        switch (n->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_WHITESPACE:
          case GUMBO_NODE_CDATA:
            out.append(HtmlEscape(n->v.text.text));
            return false;
          case GUMBO_NODE_ELEMENT:
          case GUMBO_NODE_TEMPLATE: {
            std::string_view name;
            switch (Classify(n, &name)) {
              case Treatment::kDrop:
                return false;
              case Treatment::kUnwrap:
                return true;
              case Treatment::kKeep:
                return AppendStartTag(&out, name, n->v.element) && !IsVoid(name);
            }
            return false;
          }
          default:  // comments, the document
            return false;
        }
      },
      [&out](const GumboNode* n) {
        std::string_view name;
        if (Classify(n, &name) == Treatment::kKeep) {
          out.append("</");
          out.append(name);
          out.push_back('>');
        }
      });
  return out;
}

std::string HtmlToText(std::string_view html) {
  TextBuilder text;
  if (NestingEstimate(html) > kMaxDepth) {
    text.Text(WithoutTags(html));
    return text.Finish();
  }
  Parsed parsed(html);
  Walk(
      parsed.root(),
      [&text](const GumboNode* n) {
        switch (n->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_WHITESPACE:
          case GUMBO_NODE_CDATA:
            text.Text(n->v.text.text);
            return false;
          case GUMBO_NODE_ELEMENT: {
            const GumboElement& e = n->v.element;
            std::string_view name = TagName(e);
            if (e.tag_namespace != GUMBO_NAMESPACE_HTML || DroppedWhole(name)) return false;
            if (name == "br") text.LineBreak();
            if (name == "td" || name == "th") text.CellBreak();
            if (IsBlock(name)) text.ParagraphBreak();
            return true;
          }
          default:
            return false;
        }
      },
      [&text](const GumboNode* n) {
        std::string_view name = TagName(n->v.element);
        if (IsBlock(name)) text.ParagraphBreak();
        if (name == "td" || name == "th") text.CellBreak();
      });
  return text.Finish();
}

std::string MarkdownToHtml(std::string_view markdown) {
  char* html = RenderMarkdown(markdown);
  if (html == nullptr) return "";
  std::string safe = SanitizeHtml(html);
  free(html);  // cmark's default allocator is malloc
  return safe;
}

RenderedBody RenderBody(content::BodyFormat format, std::string_view source) {
  RenderedBody body;
  switch (format) {
    case content::BodyFormat::kMarkdown:
      body.html = MarkdownToHtml(source);
      break;
    case content::BodyFormat::kHtml:
      body.html = SanitizeHtml(SanitizeUtf8(source));
      break;
    case content::BodyFormat::kText:
      body.text = SanitizeUtf8(source);
      return body;
  }
  body.text = HtmlToText(body.html);
  return body;
}

}  // namespace khabar::markup
