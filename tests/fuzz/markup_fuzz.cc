// Fuzzes Markdown rendering and the HTML sanitizer (src/markup/markup.h). Beyond not
// crashing, what the sanitizer writes is parsed again as a browser would (gumbo, in a
// body) and must hold only the elements and attributes the allowlist names, and no link
// or image address with a script-running scheme. The first byte picks the input format.
#include <gumbo.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/strings.h"
#include "src/markup/markup.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace khabar;

const std::set<std::string, std::less<>> kTags = {
    "html", "head", "body", "p",      "br",         "h2",    "h3",         "h4", "strong",
    "em",   "b",    "i",    "u",      "s",          "del",   "blockquote", "ul", "ol",
    "li",   "a",    "img",  "table",  "thead",      "tbody", "tfoot",      "tr", "th",
    "td",   "code", "pre",  "figure", "figcaption", "hr",    "sup",        "sub"};
// (loading="lazy" is added by the sanitizer to every image.)
const std::set<std::string, std::less<>> kAttributes = {
    "href",    "title",   "rel",   "src",   "alt", "width",  "height",
    "colspan", "rowspan", "align", "start", "dir", "loading"};

// The address as a browser reads its scheme: white space and control characters out,
// lower case.
std::string SchemeView(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (static_cast<unsigned char>(c) > 0x20) out.push_back(c);
  }
  return AsciiLower(out);
}

void CheckSafe(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_BODY;
  options.max_errors = 0;
  GumboOutput* out = gumbo_parse_with_options(&options, html.data(), html.size());
  std::vector<const GumboNode*> stack = {out->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboElement& e = n->v.element;
    std::string_view tag = gumbo_normalized_tagname(e.tag);
    if (e.tag == GUMBO_TAG_UNKNOWN || !kTags.contains(tag)) {
      std::fprintf(stderr, "element <%.*s> in the sanitizer's output\n",
                   static_cast<int>(tag.size()), tag.data());
      FUZZ_CHECK(false, "the sanitizer let an element through that it does not allow");
    }
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
      std::string_view name = a->name;
      if (!kAttributes.contains(name)) {
        std::fprintf(stderr, "attribute %s on <%.*s> in the sanitizer's output\n", a->name,
                     static_cast<int>(tag.size()), tag.data());
        FUZZ_CHECK(false, "the sanitizer let an attribute through that it does not allow");
      }
      if (name == "href" || name == "src") {
        std::string v = SchemeView(a->value);
        FUZZ_CHECK(
            !v.starts_with("javascript:") && !v.starts_with("vbscript:") && !v.starts_with("data:"),
            "a script-running address in the sanitizer's output");
      }
    }
    for (unsigned i = 0; i < e.children.length; ++i) {
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view source = fuzz::AsText(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0: {
      std::string html = markup::MarkdownToHtml(source);
      CheckSafe(html);
      break;
    }
    case 1: {
      std::string html = markup::SanitizeHtml(source);
      CheckSafe(html);
      std::string text = markup::HtmlToText(html);
      FUZZ_CHECK(text.find('<') == std::string::npos || html.find("&lt;") != std::string::npos,
                 "a tag survived into the plain text");
      break;
    }
    default: {
      auto body = markup::RenderBody(content::BodyFormat::kHtml, source);
      CheckSafe(body.html);
      auto text = markup::RenderBody(content::BodyFormat::kText, source);
      FUZZ_CHECK(IsValidUtf8(text.text), "a text body that is not UTF-8");
      break;
    }
  }
  return 0;
}
