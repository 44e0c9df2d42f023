// File: src/markup/markup.h
//
// Article bodies written as Markdown or HTML, made safe to show and reduced to plain text.
// Markdown is CommonMark with GitHub's extensions (tables, strikethrough, autolinks),
// rendered by cmark-gfm; instead of GitHub's tag filter, which shows <script> as text,
// dangerous elements are dropped whole by the sanitizer. Any HTML (the Markdown's own output, raw
// HTML typed into it, or HTML imported from elsewhere) goes through one allowlist sanitizer built
// on an HTML5 parser (gumbo), so what a browser would parse is what is checked.
//
//   markup::RenderedBody b = markup::RenderBody(content::BodyFormat::kMarkdown, source);
//   // b.html: safe to write into a page unescaped; b.text: plain paragraphs for search.
//
// All functions are pure and thread-safe; none fails: input that cannot be understood is
// dropped, never passed through.
#ifndef KHABAR_MARKUP_MARKUP_H_
#define KHABAR_MARKUP_MARKUP_H_

#include <string>
#include <string_view>

#include "src/content/types.h"

namespace khabar::markup {

// Markdown to sanitized HTML (see SanitizeHtml). Raw HTML in the Markdown is allowed
// through the parser and then sanitized like any other HTML.
std::string MarkdownToHtml(std::string_view markdown);

// HTML in, safe HTML out. Kept: p br h2 h3 h4 strong em b i u s del blockquote ul ol li a
// img table thead tbody tfoot tr th td code pre figure figcaption hr sup sub. h1 becomes h2
// and h5/h6 become h4 (the page's h1 is the title). Other elements are unwrapped (their
// text kept), except script, style, iframe, object, embed, form controls, svg, math and
// the like, which are dropped with all they contain. Attributes kept: a[href, title],
// img[src, alt, title, width, height], th/td[colspan, rowspan, align], ol[start], and
// dir on any kept element; every other attribute (on*, style, class, id…) is dropped.
// Links keep only http, https, mailto and relative addresses (entities, white space and
// control characters in the scheme are seen through); external links get
// rel="nofollow noopener". Images keep only http, https and relative sources, and an
// image without one is dropped.
std::string SanitizeHtml(std::string_view html);

// The text of HTML as plain paragraphs separated by blank lines (a <br> is one newline),
// white space collapsed, script and style contents dropped. For the search index,
// snippets and excerpts.
std::string HtmlToText(std::string_view html);

struct RenderedBody {
  std::string html;  // sanitized; "" for kText
  std::string text;  // plain paragraphs
};

// A body as written in `format`, made ready to store: kText is kept as its own text (with
// invalid UTF-8 replaced); kMarkdown and kHtml are rendered and sanitized, and their text
// taken from the safe HTML.
RenderedBody RenderBody(content::BodyFormat format, std::string_view source);

}  // namespace khabar::markup

#endif  // KHABAR_MARKUP_MARKUP_H_
