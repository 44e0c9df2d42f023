#include "tests/testing/html_dom.h"

#include <gumbo.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::testing {

namespace internal {

// Owns the source text (gumbo's tree points into it) and the parse tree.
struct ParsedHtml {
  ParsedHtml() = default;
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;
  ~ParsedHtml() {
    if (output != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output);
  }

  std::string html;
  GumboOutput* output = nullptr;
};

}  // namespace internal

namespace {

// ---------------------------------------------------------------------------
// Small string helpers.

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// HTML's ASCII whitespace.
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Splits on HTML whitespace, dropping empty words.
std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsHtmlSpace(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !IsHtmlSpace(s[i])) ++i;
    if (i > start) words.push_back(s.substr(start, i - start));
  }
  return words;
}

std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (IsHtmlSpace(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Gumbo tree helpers.

bool IsElement(const GumboNode* node) {
  return node != nullptr && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

const GumboVector* ChildVector(const GumboNode* node) {
  if (IsElement(node)) return &node->v.element.children;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

const GumboNode* ChildAt(const GumboVector* children, unsigned int i) {
  return static_cast<const GumboNode*>(children->data[i]);
}

const GumboNode* ElementParent(const GumboNode* node) {
  const GumboNode* parent = node->parent;
  return IsElement(parent) ? parent : nullptr;
}

std::string TagName(const GumboNode* node) {
  const GumboElement& element = node->v.element;
  if (element.tag != GUMBO_TAG_UNKNOWN) {
    return AsciiLower(gumbo_normalized_tagname(element.tag));
  }
  GumboStringPiece piece = element.original_tag;
  if (piece.data == nullptr || piece.length < 2) return "";
  gumbo_tag_from_original_text(&piece);
  return AsciiLower(std::string_view(piece.data, piece.length));
}

const GumboAttribute* FindAttribute(const GumboNode* node, std::string_view name) {
  const GumboVector& attributes = node->v.element.attributes;
  for (unsigned int i = 0; i < attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
    if (EqualsIgnoreAsciiCase(attribute->name, name)) return attribute;
  }
  return nullptr;
}

// Elements whose boundaries separate words in Text().
bool IsBlockLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

// Appends the raw (uncollapsed) text of `node`'s subtree to `out`.
void AppendText(const GumboNode* root, std::string* out) {
  // Explicit stack: deeply nested markup must not overflow the call stack.
  // A null entry stands for "the end of a block-level element".
  std::vector<const GumboNode*> stack = {root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node == nullptr) {
      out->push_back(' ');
      continue;
    }
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        out->append(node->v.text.text);
        break;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
      case GUMBO_NODE_DOCUMENT: {
        if (IsElement(node) && IsBlockLevel(node->v.element.tag)) {
          out->push_back(' ');
          stack.push_back(nullptr);
        }
        const GumboVector* children = ChildVector(node);
        for (unsigned int i = children->length; i > 0; --i) {
          stack.push_back(ChildAt(children, i - 1));
        }
        break;
      }
      default:  // Comments.
        break;
    }
  }
}

// ---------------------------------------------------------------------------
// Serialization for InnerHtmlApprox().

bool IsVoidElement(std::string_view tag) {
  static constexpr std::string_view kVoid[] = {"area", "base",  "br",     "col",    "embed",
                                               "hr",   "img",   "input",  "keygen", "link",
                                               "meta", "param", "source", "track",  "wbr"};
  for (std::string_view v : kVoid) {
    if (tag == v) return true;
  }
  return false;
}

bool IsRawTextElement(std::string_view tag) {
  return tag == "script" || tag == "style" || tag == "xmp" || tag == "iframe" || tag == "noembed" ||
         tag == "noframes" || tag == "plaintext" || tag == "noscript";
}

void AppendEscaped(std::string_view s, bool attribute, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append(attribute ? "<" : "&lt;");
        break;
      case '>':
        out->append(attribute ? ">" : "&gt;");
        break;
      case '"':
        out->append(attribute ? "&quot;" : "\"");
        break;
      default:
        out->push_back(c);
    }
  }
}

void Serialize(const GumboNode* node, bool raw_text, std::string* out);

void SerializeChildren(const GumboNode* node, bool raw_text, std::string* out) {
  const GumboVector* children = ChildVector(node);
  if (children == nullptr) return;
  for (unsigned int i = 0; i < children->length; ++i) {
    Serialize(ChildAt(children, i), raw_text, out);
  }
}

void Serialize(const GumboNode* node, bool raw_text, std::string* out) {
  switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
      if (raw_text) {
        out->append(node->v.text.text);
      } else {
        AppendEscaped(node->v.text.text, /*attribute=*/false, out);
      }
      break;
    case GUMBO_NODE_CDATA:
      out->append("<![CDATA[").append(node->v.text.text).append("]]>");
      break;
    case GUMBO_NODE_COMMENT:
      out->append("<!--").append(node->v.text.text).append("-->");
      break;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const std::string tag = TagName(node);
      out->push_back('<');
      out->append(tag);
      const GumboVector& attributes = node->v.element.attributes;
      for (unsigned int i = 0; i < attributes.length; ++i) {
        const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
        out->push_back(' ');
        out->append(attribute->name);
        out->append("=\"");
        AppendEscaped(attribute->value, /*attribute=*/true, out);
        out->push_back('"');
      }
      out->push_back('>');
      if (IsVoidElement(tag)) break;
      SerializeChildren(node, IsRawTextElement(tag), out);
      out->append("</").append(tag).push_back('>');
      break;
    }
    case GUMBO_NODE_DOCUMENT:
      SerializeChildren(node, /*raw_text=*/false, out);
      break;
  }
}

// ---------------------------------------------------------------------------
// Selectors.

struct AttributeTest {
  enum class Op { kExists, kEquals, kPrefix, kSuffix, kContains, kWord };
  std::string name;  // Lower-case.
  Op op = Op::kExists;
  std::string value;
};

struct CompoundSelector {
  std::string tag;  // Lower-case; empty matches any element.
  std::vector<std::string> ids;
  std::vector<std::string> classes;
  std::vector<AttributeTest> attributes;
};

enum class Combinator { kDescendant, kChild };

struct ComplexSelector {
  std::vector<CompoundSelector> compounds;
  // combinators[i] joins compounds[i] (left) and compounds[i + 1] (right).
  std::vector<Combinator> combinators;
};

using SelectorList = std::vector<ComplexSelector>;

class SelectorParser {
 public:
  explicit SelectorParser(std::string_view text) : text_(text) {}

  SelectorList Parse() {
    SelectorList list;
    while (true) {
      SkipSpace();
      list.push_back(ParseComplex());
      SkipSpace();
      if (AtEnd()) break;
      if (Peek() != ',') Fail("unexpected character");
      ++pos_;
    }
    return list;
  }

 private:
  [[noreturn]] void Fail(std::string_view what) const {
    throw std::invalid_argument("invalid or unsupported CSS selector \"" + std::string(text_) +
                                "\": " + std::string(what) + " at offset " + std::to_string(pos_));
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  bool SkipSpace() {
    const std::size_t start = pos_;
    while (!AtEnd() && IsHtmlSpace(Peek())) ++pos_;
    return pos_ > start;
  }

  static bool IsIdentChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '\\' || u >= 0x80;
  }

  // An identifier, with backslash escapes resolved; fails if empty.
  std::string ParseIdent(std::string_view what) {
    std::string out;
    while (!AtEnd() && IsIdentChar(Peek())) {
      if (Peek() == '\\') {
        ++pos_;
        if (AtEnd()) Fail("dangling backslash");
      }
      out.push_back(Peek());
      ++pos_;
    }
    if (out.empty()) Fail("expected " + std::string(what));
    return out;
  }

  std::string ParseQuoted() {
    const char quote = Peek();
    ++pos_;
    std::string out;
    while (true) {
      if (AtEnd()) Fail("unterminated string");
      char c = Peek();
      ++pos_;
      if (c == quote) break;
      if (c == '\\') {
        if (AtEnd()) Fail("unterminated string");
        c = Peek();
        ++pos_;
      }
      out.push_back(c);
    }
    return out;
  }

  AttributeTest ParseAttributeTest() {
    ++pos_;  // '['
    SkipSpace();
    AttributeTest test;
    test.name = AsciiLower(ParseIdent("attribute name"));
    SkipSpace();
    if (AtEnd()) Fail("unterminated attribute selector");
    if (Peek() == ']') {
      ++pos_;
      return test;
    }
    const char c = Peek();
    if (c == '=') {
      test.op = AttributeTest::Op::kEquals;
      ++pos_;
    } else {
      switch (c) {
        case '^':
          test.op = AttributeTest::Op::kPrefix;
          break;
        case '$':
          test.op = AttributeTest::Op::kSuffix;
          break;
        case '*':
          test.op = AttributeTest::Op::kContains;
          break;
        case '~':
          test.op = AttributeTest::Op::kWord;
          break;
        default:
          Fail("unsupported attribute operator");
      }
      ++pos_;
      if (AtEnd() || Peek() != '=') Fail("expected '='");
      ++pos_;
    }
    SkipSpace();
    if (AtEnd()) Fail("expected attribute value");
    if (Peek() == '"' || Peek() == '\'') {
      test.value = ParseQuoted();
    } else {
      test.value = ParseIdent("attribute value (quote it)");
    }
    SkipSpace();
    if (AtEnd() || Peek() != ']') Fail("expected ']'");
    ++pos_;
    return test;
  }

  CompoundSelector ParseCompound() {
    CompoundSelector compound;
    bool any = false;
    if (!AtEnd() && Peek() == '*') {
      ++pos_;
      any = true;
    } else if (!AtEnd() && IsIdentChar(Peek())) {
      compound.tag = AsciiLower(ParseIdent("tag name"));
      any = true;
    }
    while (!AtEnd()) {
      const char c = Peek();
      if (c == '#') {
        ++pos_;
        compound.ids.push_back(ParseIdent("id"));
      } else if (c == '.') {
        ++pos_;
        compound.classes.push_back(ParseIdent("class name"));
      } else if (c == '[') {
        compound.attributes.push_back(ParseAttributeTest());
      } else {
        break;
      }
      any = true;
    }
    if (!any) Fail(AtEnd() ? "expected a selector" : "unexpected character");
    return compound;
  }

  ComplexSelector ParseComplex() {
    ComplexSelector complex;
    complex.compounds.push_back(ParseCompound());
    while (true) {
      const bool had_space = SkipSpace();
      if (AtEnd() || Peek() == ',') break;
      if (Peek() == '>') {
        ++pos_;
        SkipSpace();
        complex.combinators.push_back(Combinator::kChild);
      } else if (had_space) {
        complex.combinators.push_back(Combinator::kDescendant);
      } else {
        Fail("unexpected character");
      }
      complex.compounds.push_back(ParseCompound());
    }
    return complex;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

bool MatchesAttribute(const GumboNode* node, const AttributeTest& test) {
  const GumboAttribute* attribute = FindAttribute(node, test.name);
  if (attribute == nullptr) return false;
  const std::string_view value = attribute->value;
  const std::string_view wanted = test.value;
  switch (test.op) {
    case AttributeTest::Op::kExists:
      return true;
    case AttributeTest::Op::kEquals:
      return value == wanted;
    case AttributeTest::Op::kPrefix:
      return !wanted.empty() && value.starts_with(wanted);
    case AttributeTest::Op::kSuffix:
      return !wanted.empty() && value.ends_with(wanted);
    case AttributeTest::Op::kContains:
      return !wanted.empty() && value.find(wanted) != std::string_view::npos;
    case AttributeTest::Op::kWord:
      for (std::string_view word : SplitWords(value)) {
        if (word == wanted) return true;
      }
      return false;
  }
  return false;
}

bool HasClassWord(const GumboNode* node, std::string_view cls) {
  const GumboAttribute* attribute = FindAttribute(node, "class");
  if (attribute == nullptr) return false;
  for (std::string_view word : SplitWords(attribute->value)) {
    if (word == cls) return true;
  }
  return false;
}

bool MatchesCompound(const GumboNode* node, const CompoundSelector& compound) {
  if (!compound.tag.empty() && TagName(node) != compound.tag) return false;
  for (const std::string& id : compound.ids) {
    const GumboAttribute* attribute = FindAttribute(node, "id");
    if (attribute == nullptr || id != attribute->value) return false;
  }
  for (const std::string& cls : compound.classes) {
    if (!HasClassWord(node, cls)) return false;
  }
  for (const AttributeTest& test : compound.attributes) {
    if (!MatchesAttribute(node, test)) return false;
  }
  return true;
}

// Whether `node` matches compounds[0..index] of `complex`, with
// compounds[index] matched against `node` itself.
bool MatchesComplex(const GumboNode* node, const ComplexSelector& complex, std::size_t index) {
  if (!MatchesCompound(node, complex.compounds[index])) return false;
  if (index == 0) return true;
  const GumboNode* parent = ElementParent(node);
  if (complex.combinators[index - 1] == Combinator::kChild) {
    return parent != nullptr && MatchesComplex(parent, complex, index - 1);
  }
  for (const GumboNode* a = parent; a != nullptr; a = ElementParent(a)) {
    if (MatchesComplex(a, complex, index - 1)) return true;
  }
  return false;
}

bool MatchesList(const GumboNode* node, const SelectorList& list) {
  for (const ComplexSelector& complex : list) {
    if (MatchesComplex(node, complex, complex.compounds.size() - 1)) {
      return true;
    }
  }
  return false;
}

// The descendants of `scope` matching `selector`, in document order; at most
// one if `first_only`.
std::vector<const GumboNode*> SelectNodes(const GumboNode* scope, std::string_view selector,
                                          bool first_only) {
  const SelectorList list = SelectorParser(selector).Parse();
  std::vector<const GumboNode*> found;
  std::vector<const GumboNode*> stack;
  auto push_children = [&stack](const GumboNode* node) {
    const GumboVector* children = ChildVector(node);
    if (children == nullptr) return;
    for (unsigned int i = children->length; i > 0; --i) {
      const GumboNode* child = ChildAt(children, i - 1);
      if (IsElement(child)) stack.push_back(child);
    }
  };
  push_children(scope);
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (MatchesList(node, list)) {
      found.push_back(node);
      if (first_only) break;
    }
    push_children(node);
  }
  return found;
}

}  // namespace

// ---------------------------------------------------------------------------
// HtmlNode.

std::string HtmlNode::Tag() const { return TagName(node_); }

std::string HtmlNode::Attr(std::string_view name) const {
  const GumboAttribute* attribute = FindAttribute(node_, name);
  return attribute == nullptr ? std::string() : std::string(attribute->value);
}

bool HtmlNode::HasAttr(std::string_view name) const {
  return FindAttribute(node_, name) != nullptr;
}

bool HtmlNode::HasClass(std::string_view cls) const { return HasClassWord(node_, cls); }

std::string HtmlNode::Text() const {
  std::string raw;
  AppendText(node_, &raw);
  return CollapseWhitespace(raw);
}

std::string HtmlNode::InnerHtmlApprox() const {
  std::string out;
  SerializeChildren(node_, IsRawTextElement(Tag()), &out);
  return out;
}

std::vector<HtmlNode> HtmlNode::SelectAll(std::string_view selector) const {
  std::vector<HtmlNode> nodes;
  for (const GumboNode* node : SelectNodes(node_, selector, false)) {
    nodes.push_back(HtmlNode(doc_, node));
  }
  return nodes;
}

std::optional<HtmlNode> HtmlNode::Select(std::string_view selector) const {
  std::vector<const GumboNode*> nodes = SelectNodes(node_, selector, true);
  if (nodes.empty()) return std::nullopt;
  return HtmlNode(doc_, nodes.front());
}

std::vector<HtmlNode> HtmlNode::Children() const {
  std::vector<HtmlNode> nodes;
  const GumboVector* children = ChildVector(node_);
  for (unsigned int i = 0; i < children->length; ++i) {
    const GumboNode* child = ChildAt(children, i);
    if (IsElement(child)) nodes.push_back(HtmlNode(doc_, child));
  }
  return nodes;
}

std::optional<HtmlNode> HtmlNode::Parent() const {
  const GumboNode* parent = ElementParent(node_);
  if (parent == nullptr) return std::nullopt;
  return HtmlNode(doc_, parent);
}

// ---------------------------------------------------------------------------
// HtmlDocument.

HtmlDocument HtmlDocument::Parse(std::string html) {
  auto parsed = std::make_shared<internal::ParsedHtml>();
  parsed->html = std::move(html);
  parsed->output =
      gumbo_parse_with_options(&kGumboDefaultOptions, parsed->html.data(), parsed->html.size());
  if (parsed->output == nullptr || !IsElement(parsed->output->root)) {
    throw std::runtime_error("gumbo failed to parse the document");
  }
  return HtmlDocument(std::move(parsed));
}

HtmlNode HtmlDocument::Root() const { return HtmlNode(doc_, doc_->output->root); }

std::vector<HtmlNode> HtmlDocument::SelectAll(std::string_view selector) const {
  std::vector<HtmlNode> nodes;
  for (const GumboNode* node : SelectNodes(doc_->output->document, selector, false)) {
    nodes.push_back(HtmlNode(doc_, node));
  }
  return nodes;
}

std::optional<HtmlNode> HtmlDocument::Select(std::string_view selector) const {
  std::vector<const GumboNode*> nodes = SelectNodes(doc_->output->document, selector, true);
  if (nodes.empty()) return std::nullopt;
  return HtmlNode(doc_, nodes.front());
}

std::string HtmlDocument::Text() const { return Root().Text(); }

}  // namespace khabar::testing
