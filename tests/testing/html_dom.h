/*
 * A small read-only HTML DOM for integration tests, built on gumbo (the
 * HTML5 parsing algorithm, so it sees pages the way a browser does), with a
 * CSS selector subset for finding elements. UTF-8 text such as Arabic passes
 * through untouched.
 *
 * Usage:
 *   HtmlDocument doc = HtmlDocument::Parse(response.body);
 *   ASSERT_EQ(doc.Root().Attr("dir"), "rtl");
 *   std::optional<HtmlNode> title = doc.Select("article > h1.headline");
 *   ASSERT_TRUE(title.has_value());
 *   EXPECT_EQ(title->Text(), "عنوان الخبر");
 *   for (const HtmlNode& link : doc.SelectAll("nav a[href^=\"/section/\"]")) {
 *     EXPECT_FALSE(link.Text().empty());
 *   }
 *
 * Supported selector subset:
 *   - a selector list: `A, B, C` (an element matching any of them, once);
 *   - complex selectors: compound selectors joined by the descendant
 *     combinator (whitespace, `A B`) or the child combinator (`A > B`);
 *   - compound selectors: an optional type selector (`div`, case-insensitive)
 *     or `*`, followed by any number of
 *       `#id`              the id attribute equals id,
 *       `.class`           the class attribute contains the word class,
 *       `[attr]`           the attribute is present,
 *       `[attr=value]`     the attribute equals value,
 *       `[attr^=prefix]`   the attribute starts with prefix,
 *       `[attr$=suffix]`   the attribute ends with suffix,
 *       `[attr*=sub]`      the attribute contains sub,
 *       `[attr~=word]`     the attribute's whitespace-separated words
 *                          include word;
 *     values are identifiers or quoted strings ("..." or '...', with
 *     backslash escaping the next character), e.g. [title="خبر عاجل"].
 *   Identifiers are made of ASCII letters, digits, '-', '_' and any non-ASCII
 *   UTF-8 bytes; a backslash escapes the next character. Attribute names and
 *   tag names are matched case-insensitively, ids, classes and values
 *   case-sensitively.
 *   Not supported (std::invalid_argument): pseudo-classes, pseudo-elements,
 *   namespaces, `+` and `~` combinators.
 *
 * Matching follows querySelectorAll(): HtmlNode::SelectAll returns only
 * descendants of the node, but the combinators may match ancestors outside
 * it. Results are in document order without duplicates.
 */
#ifndef KHABAR_TESTS_TESTING_HTML_DOM_H_
#define KHABAR_TESTS_TESTING_HTML_DOM_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct GumboInternalNode;

namespace khabar::testing {

namespace internal {
struct ParsedHtml;
}  // namespace internal

// A handle to one element of a parsed document. Cheap to copy; every handle
// keeps the whole parsed document alive, so a node may outlive the
// HtmlDocument it came from.
class HtmlNode {
 public:
  // The lower-case tag name, e.g. "div" or "khabar-card" for custom elements.
  std::string Tag() const;

  // The value of attribute `name` (matched case-insensitively), with
  // character references decoded; "" if the attribute is absent.
  std::string Attr(std::string_view name) const;

  // Whether the attribute `name` (case-insensitive) is present, even empty.
  bool HasAttr(std::string_view name) const;

  // Whether `cls` is one of the whitespace-separated words of the class
  // attribute (case-sensitive).
  bool HasClass(std::string_view cls) const;

  // The text content of the subtree (like DOM textContent, including the
  // text of <script> and <style>), where the boundaries of block-level
  // elements (p, div, li, h1, td, ...) and <br> count as whitespace, and
  // every run of ASCII whitespace is collapsed to one space; the result is
  // trimmed. Non-ASCII characters (including U+00A0) are left untouched.
  std::string Text() const;

  // An HTML serialization of the node's children: elements with their
  // attributes in source order (values double-quoted, `&` and `"` escaped),
  // text with `&`, `<`, `>` escaped (raw inside script/style), comments.
  // Good enough for substring checks such as "<strong>عاجل</strong>"; not a
  // byte-exact copy of the source.
  std::string InnerHtmlApprox() const;

  // All descendant elements matching `selector` (see the file comment), in
  // document order. Throws std::invalid_argument for an invalid or
  // unsupported selector.
  std::vector<HtmlNode> SelectAll(std::string_view selector) const;

  // The first of SelectAll(selector), or std::nullopt. Throws like
  // SelectAll.
  std::optional<HtmlNode> Select(std::string_view selector) const;

  // The element children, in order (text and comments are skipped).
  std::vector<HtmlNode> Children() const;

  // The parent element, or std::nullopt for the root <html> element.
  std::optional<HtmlNode> Parent() const;

  // Whether both handles refer to the same element of the same document.
  friend bool operator==(const HtmlNode& a, const HtmlNode& b) { return a.node_ == b.node_; }

 private:
  friend class HtmlDocument;
  HtmlNode(std::shared_ptr<const internal::ParsedHtml> doc, const GumboInternalNode* node)
      : doc_(std::move(doc)), node_(node) {}

  std::shared_ptr<const internal::ParsedHtml> doc_;
  const GumboInternalNode* node_;
};

// A parsed HTML document. Cheap to copy (shares the parse tree).
class HtmlDocument {
 public:
  // Parses `html` (UTF-8) with the HTML5 algorithm. Never fails: malformed
  // markup is repaired the way browsers repair it, and missing <html>,
  // <head> and <body> elements are implied.
  static HtmlDocument Parse(std::string html);

  // The <html> element.
  HtmlNode Root() const;

  // All elements of the document (including <html>) matching `selector`, in
  // document order. Throws std::invalid_argument for an invalid selector.
  std::vector<HtmlNode> SelectAll(std::string_view selector) const;

  // The first of SelectAll(selector), or std::nullopt.
  std::optional<HtmlNode> Select(std::string_view selector) const;

  // Root().Text(): the text of the whole document.
  std::string Text() const;

 private:
  explicit HtmlDocument(std::shared_ptr<const internal::ParsedHtml> doc) : doc_(std::move(doc)) {}

  std::shared_ptr<const internal::ParsedHtml> doc_;
};

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_HTML_DOM_H_
