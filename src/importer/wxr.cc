#include "src/importer/wxr.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "src/base/strings.h"
#include "src/content/slug.h"
#include "src/importer/uploads.h"
#include "src/markup/markup.h"

namespace khabar::importer {
namespace {

// ---- Reading the XML --------------------------------------------------------------

// The prefixes the file binds to WordPress's namespaces (pugixml does not resolve them;
// WordPress always writes these, but another exporter may choose others).
struct Prefixes {
  std::string wp = "wp:", content = "content:", excerpt = "excerpt:", dc = "dc:";
};

Prefixes ReadPrefixes(const pugi::xml_node& rss) {
  Prefixes p;
  for (const pugi::xml_attribute& a : rss.attributes()) {
    std::string_view name = a.name();
    if (!name.starts_with("xmlns:")) continue;
    std::string prefix = std::string(name.substr(6)) + ":";
    std::string_view uri = a.value();
    if (uri.starts_with("http://wordpress.org/export/") && uri.ends_with("/excerpt/")) {
      p.excerpt = prefix;
    } else if (uri.starts_with("http://wordpress.org/export/")) {
      p.wp = prefix;
    } else if (uri == "http://purl.org/rss/1.0/modules/content/") {
      p.content = prefix;
    } else if (uri == "http://purl.org/dc/elements/1.1/") {
      p.dc = prefix;
    }
  }
  return p;
}

// All the text of an element: WordPress splits content holding "]]>" over several CDATA
// sections, so every text and CDATA child counts. Invalid UTF-8 is replaced.
std::string Text(const pugi::xml_node& node) {
  std::string out;
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out.append(c.value());
  }
  return SanitizeUtf8(out);
}

std::string Child(const pugi::xml_node& node, const std::string& name) {
  return Text(node.child(name.c_str()));
}

std::string Trimmed(std::string s) { return std::string(TrimUnicode(s)); }

// A percent-encoded slug as UTF-8; "" when it does not decode to valid UTF-8.
std::string DecodeSlug(std::string_view encoded) {
  auto decoded = PercentDecode(TrimAscii(encoded), false);
  if (!decoded || !IsValidUtf8(*decoded)) return "";
  return *decoded;
}

WxrComment ReadComment(const pugi::xml_node& c, const Prefixes& p) {
  WxrComment out;
  out.id = Trimmed(Child(c, p.wp + "comment_id"));
  out.parent = Trimmed(Child(c, p.wp + "comment_parent"));
  out.author = Trimmed(Child(c, p.wp + "comment_author"));
  out.email = Trimmed(Child(c, p.wp + "comment_author_email"));
  out.url = Trimmed(Child(c, p.wp + "comment_author_url"));
  out.ip = Trimmed(Child(c, p.wp + "comment_author_IP"));
  out.date = Trimmed(Child(c, p.wp + "comment_date"));
  out.date_gmt = Trimmed(Child(c, p.wp + "comment_date_gmt"));
  out.content = Child(c, p.wp + "comment_content");
  out.approved = Trimmed(Child(c, p.wp + "comment_approved"));
  out.type = Trimmed(Child(c, p.wp + "comment_type"));
  return out;
}

WxrItem ReadItem(const pugi::xml_node& item, const Prefixes& p, std::string_view xml) {
  WxrItem out;
  out.title = Trimmed(Child(item, "title"));
  out.link = Trimmed(Child(item, "link"));
  out.creator = Trimmed(Child(item, p.dc + "creator"));
  out.content = Child(item, p.content + "encoded");
  out.excerpt = Child(item, p.excerpt + "encoded");
  out.post_id = Trimmed(Child(item, p.wp + "post_id"));
  out.post_date = Trimmed(Child(item, p.wp + "post_date"));
  out.post_date_gmt = Trimmed(Child(item, p.wp + "post_date_gmt"));
  out.post_name = Trimmed(Child(item, p.wp + "post_name"));
  out.status = Trimmed(Child(item, p.wp + "status"));
  out.post_type = Trimmed(Child(item, p.wp + "post_type"));
  out.password = Child(item, p.wp + "post_password");
  out.attachment_url = Trimmed(Child(item, p.wp + "attachment_url"));
  for (const pugi::xml_node& t : item.children("category")) {
    WxrTerm term;
    term.domain = t.attribute("domain").value();
    term.slug = DecodeSlug(t.attribute("nicename").value());
    term.name = Trimmed(Text(t));
    out.terms.push_back(std::move(term));
  }
  // children(name) keeps the pointer: the names must outlive the loops.
  const std::string postmeta = p.wp + "postmeta", comment = p.wp + "comment";
  for (const pugi::xml_node& m : item.children(postmeta.c_str())) {
    out.meta.emplace_back(Trimmed(Child(m, p.wp + "meta_key")), Child(m, p.wp + "meta_value"));
  }
  for (const pugi::xml_node& c : item.children(comment.c_str())) {
    out.comments.push_back(ReadComment(c, p));
  }
  ptrdiff_t offset = item.offset_debug();
  if (offset >= 0) out.line = LineColumn(xml, static_cast<size_t>(offset)).first;
  return out;
}

// ---- WordPress's automatic paragraphs -----------------------------------------------

bool IsBlockTag(std::string_view name) {
  static const std::set<std::string, std::less<>> kBlocks = {
      "address", "article", "aside",  "blockquote", "caption",  "col",        "colgroup", "dd",
      "details", "div",     "dl",     "dt",         "fieldset", "figcaption", "figure",   "footer",
      "form",    "h1",      "h2",     "h3",         "h4",       "h5",         "h6",       "header",
      "hgroup",  "hr",      "legend", "li",         "main",     "map",        "math",     "menu",
      "nav",     "ol",      "p",      "pre",        "section",  "summary",    "table",    "tbody",
      "td",      "tfoot",   "th",     "thead",      "tr",       "ul",         "iframe",   "object",
      "embed",   "video",   "audio",  "script",     "style",    "noscript"};
  return kBlocks.contains(AsciiLower(name));
}

// Elements whose text keeps its line breaks as they are.
bool IsVerbatimTag(std::string_view name) {
  std::string n = AsciiLower(name);
  return n == "pre" || n == "script" || n == "style" || n == "textarea";
}

// The tag starting at s[i] == '<': its name, whether it closes, and the index after '>'.
struct TagAt {
  std::string name;
  bool closing = false;
  size_t end = 0;  // 0: not a tag
};
TagAt ReadTag(std::string_view s, size_t i) {
  TagAt t;
  size_t j = i + 1;
  if (j < s.size() && s[j] == '/') {
    t.closing = true;
    ++j;
  }
  size_t start = j;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) != 0)) ++j;
  if (j == start) return t;
  if (j < s.size() && s[j] != '>' && s[j] != '/' && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') {
    return t;
  }
  size_t close = s.find('>', j);
  if (close == std::string_view::npos) return t;
  t.name = std::string(s.substr(start, j - start));
  t.end = close + 1;
  return t;
}

constexpr char kKeptNewline = '\x01';  // a line break inside <pre>, restored at the end

// Puts each block-level tag on its own (blank-line separated) chunk and protects the line
// breaks of verbatim elements.
std::string SeparateBlocks(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '<') {
      out.push_back(s[i++]);
      continue;
    }
    TagAt tag = ReadTag(s, i);
    if (tag.end == 0 || !IsBlockTag(tag.name)) {
      out.push_back(s[i++]);
      continue;
    }
    if (!tag.closing && IsVerbatimTag(tag.name)) {
      std::string closer = "</" + AsciiLower(tag.name);
      std::string lower = AsciiLower(s.substr(tag.end));
      size_t close = lower.find(closer);
      size_t stop = close == std::string::npos ? s.size() : s.find('>', tag.end + close);
      stop = stop == std::string::npos ? s.size() : stop + 1;
      out.append("\n\n");
      for (size_t k = i; k < stop; ++k) out.push_back(s[k] == '\n' ? kKeptNewline : s[k]);
      out.append("\n\n");
      i = stop;
      continue;
    }
    if (!tag.closing) out.append("\n\n");
    out.append(s.substr(i, tag.end - i));
    if (tag.closing) out.append("\n\n");
    i = tag.end;
  }
  return out;
}

// A chunk of text as a paragraph: single line breaks (outside tags) become <br />.
std::string Paragraph(std::string_view chunk) {
  std::string out = "<p>";
  bool in_tag = false;
  for (char c : chunk) {
    if (c == '<') in_tag = true;
    if (c == '>') in_tag = false;
    if (c == '\n' && !in_tag) {
      out.append("<br />\n");
    } else {
      out.push_back(c);
    }
  }
  out.append("</p>");
  return out;
}

// Removes <!-- … --> comments (the block editor's markers) and unwraps the shortcodes a
// news site's posts hold ([caption]…; [embed]URL becomes a link to URL); drops galleries,
// which need WordPress's media library.
std::string StripMarkers(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s.substr(i, 4) == "<!--") {
      size_t end = s.find("-->", i + 4);
      i = end == std::string_view::npos ? s.size() : end + 3;
      continue;
    }
    if (s[i] == '[') {
      size_t close = s.find(']', i);
      if (close != std::string_view::npos) {
        std::string_view inside = s.substr(i + 1, close - i - 1);
        if (!inside.empty() && inside[0] == '/') inside.remove_prefix(1);
        std::string_view name = inside.substr(0, inside.find_first_of(" \t\n"));
        // [embed]URL[/embed]: WordPress showed the video or post there; Khabar links to it.
        if (name == "embed" && s[i + 1] != '/') {
          size_t end = s.find("[/embed]", close);
          std::string_view url =
              end == std::string_view::npos ? "" : TrimAscii(s.substr(close + 1, end - close - 1));
          if ((url.starts_with("https://") || url.starts_with("http://")) &&
              url.find_first_of("\"<> \t\n") == std::string_view::npos) {
            out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
            i = end + 8;
            continue;
          }
        }
        if (name == "caption" || name == "wp_caption" || name == "embed" || name == "gallery") {
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

}  // namespace

std::pair<int64_t, int64_t> LineColumn(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  int64_t line = 1 + std::count(before.begin(), before.end(), '\n');
  size_t start = before.rfind('\n');
  start = start == std::string_view::npos ? 0 : start + 1;
  return {line, static_cast<int64_t>(Utf8Length(before.substr(start))) + 1};
}

std::string WordPressHtml(std::string_view content) {
  std::string s;
  s.reserve(content.size());
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '\r') {
      if (i + 1 < content.size() && content[i + 1] == '\n') continue;
      s.push_back('\n');
    } else {
      s.push_back(content[i]);
    }
  }
  s = SeparateBlocks(StripMarkers(s));
  std::string out;
  // Chunks are separated by lines holding only white space.
  size_t pos = 0;
  std::string chunk;
  auto flush = [&]() {
    std::string_view c = TrimAscii(chunk);
    if (!c.empty()) {
      if (!out.empty()) out.append("\n\n");
      if (c[0] == '<') {
        TagAt tag = ReadTag(c, 0);
        if (tag.end != 0 && IsBlockTag(tag.name)) {
          out.append(c);
          chunk.clear();
          return;
        }
      }
      out.append(Paragraph(c));
    }
    chunk.clear();
  };
  while (pos <= s.size()) {
    size_t nl = s.find('\n', pos);
    std::string_view line =
        std::string_view(s).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    if (TrimAscii(line).empty()) {
      flush();
    } else {
      if (!chunk.empty()) chunk.push_back('\n');
      chunk.append(line);
    }
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  flush();
  std::replace(out.begin(), out.end(), kKeptNewline, '\n');
  return out;
}

std::optional<int64_t> ParseWxrDate(std::string_view s) {
  s = TrimAscii(s);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  char tail = 0;
  std::string text(s);
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &tail) !=
      6) {
    return std::nullopt;
  }
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || h < 0 ||
      mi < 0 || se < 0) {
    return std::nullopt;
  }
  int64_t t = FromCivil(y, mo, d, h, mi, se);
  CivilTime back = ToCivil(t);
  if (back.day != d || back.month != mo) return std::nullopt;  // 31 February
  return t;
}

StatusOr<WxrDocument> ParseWxr(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    auto [line, column] = LineColumn(
        xml, static_cast<size_t>(std::max<ptrdiff_t>(0, static_cast<ptrdiff_t>(parsed.offset))));
    std::string message = "line " + std::to_string(line) + ", column " + std::to_string(column);
    message.append(": ").append(parsed.description());
    return InvalidArgumentError(message);
  }
  pugi::xml_node rss = doc.child("rss");
  pugi::xml_node channel = rss.child("channel");
  if (!channel) return InvalidArgumentError("not a WordPress export: no <rss><channel>");
  Prefixes p = ReadPrefixes(rss);
  WxrDocument out;
  out.version = Trimmed(Child(channel, p.wp + "wxr_version"));
  if (out.version.empty()) {
    return InvalidArgumentError("not a WordPress export: no <" + p.wp + "wxr_version>");
  }
  out.base_url = Trimmed(Child(channel, p.wp + "base_site_url"));
  const std::string author_tag = p.wp + "author";
  for (const pugi::xml_node& a : channel.children(author_tag.c_str())) {
    WxrAuthor author;
    author.login = Trimmed(Child(a, p.wp + "author_login"));
    author.display_name = Trimmed(Child(a, p.wp + "author_display_name"));
    out.authors.push_back(std::move(author));
  }
  for (const pugi::xml_node& item : channel.children("item")) {
    out.items.push_back(ReadItem(item, p, xml));
  }
  return out;
}

// ---- Converting --------------------------------------------------------------------

namespace {

std::string ArticleId(std::string_view post_id) { return "wp:" + std::string(post_id); }
std::string CommentId(std::string_view comment_id) {
  return "wp:comment:" + std::string(comment_id);
}

// Text for a title or excerpt that WordPress keeps as HTML (entities, the odd tag).
std::string PlainText(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return std::string(TrimUnicode(html));
  std::string text = markup::HtmlToText(html);
  std::string out;
  for (std::string_view para : Split(text, '\n')) {
    para = TrimUnicode(para);
    if (para.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(para);
  }
  return out;
}

// A usable slug from WordPress's post_name; "" when Khabar must make one.
std::string PostSlug(std::string_view post_name) {
  std::string slug = DecodeSlug(post_name);
  // A trashed post's name carries "__trashed" so that its address is free; restored from
  // Khabar's trash it is the article it was.
  if (slug.ends_with("__trashed")) slug.resize(slug.size() - 9);
  if (TrimUnicode(slug).size() != slug.size()) return "";
  for (unsigned char c : slug) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '?' || c == '#' || c == '\\') return "";
  }
  if (slug == "." || slug == "..") return "";
  return slug;
}

struct StateFor {
  bool ok = false;
  content::ArticleStatus status = content::ArticleStatus::kDraft;
};
StateFor ArticleState(std::string_view wp_status) {
  using content::ArticleStatus;
  StateFor s;
  s.ok = true;
  if (wp_status == "publish") {
    s.status = ArticleStatus::kPublished;
  } else if (wp_status == "future") {
    s.status = ArticleStatus::kScheduled;
  } else if (wp_status == "draft" || wp_status == "private") {
    s.status = ArticleStatus::kDraft;
  } else if (wp_status == "pending") {
    s.status = ArticleStatus::kPending;
  } else if (wp_status == "trash") {
    s.status = ArticleStatus::kTrashed;
  } else {
    s.ok = false;  // auto-draft, inherit, or unknown
  }
  return s;
}

std::optional<content::CommentStatus> CommentState(std::string_view approved) {
  using content::CommentStatus;
  if (approved == "1" || approved == "approve") return CommentStatus::kApproved;
  if (approved == "0" || approved == "hold" || approved.empty()) return CommentStatus::kPending;
  if (approved == "spam") return CommentStatus::kSpam;
  if (approved == "trash" || approved == "post-trashed") return CommentStatus::kTrash;
  return std::nullopt;
}

// The comments of one post, each after the one it answers. A reply to a comment not in
// the file (WordPress leaves spam out of exports) stands at the top level.
void PlanComments(const WxrItem& item, const std::string& article_id, int64_t article_date,
                  WxrPlan* plan) {
  std::map<std::string, const WxrComment*> by_id;
  std::vector<const WxrComment*> kept;
  for (const auto& c : item.comments) {
    if (c.type == "pingback" || c.type == "trackback") {
      ++plan->pingbacks;
      continue;
    }
    if (c.id.empty() || by_id.contains(c.id)) {
      plan->notes.push_back("post " + item.post_id +
                            ": a comment without an id or with the id of "
                            "another was left out");
      continue;
    }
    by_id[c.id] = &c;
    kept.push_back(&c);
  }
  std::set<std::string> placed;
  auto parent_of = [&](const WxrComment& c) -> std::string {
    if (c.parent.empty() || c.parent == "0" || c.parent == c.id) return "";
    if (!by_id.contains(c.parent)) return "";
    return c.parent;
  };
  for (const WxrComment* c : kept) {
    if (!c->parent.empty() && c->parent != "0" && parent_of(*c).empty()) {
      plan->notes.push_back("post " + item.post_id + ": comment " + c->id + " answers comment " +
                            c->parent + ", which is not in the file: it stands alone");
    }
  }
  // Emit in rounds: those whose parent is placed (or who have none); a cycle ends at the top.
  std::vector<const WxrComment*> order;
  while (order.size() < kept.size()) {
    size_t before = order.size();
    for (const WxrComment* c : kept) {
      if (placed.contains(c->id)) continue;
      std::string parent = parent_of(*c);
      if (parent.empty() || placed.contains(parent)) {
        order.push_back(c);
        placed.insert(c->id);
      }
    }
    if (order.size() == before) {
      for (const WxrComment* c : kept) {
        if (placed.contains(c->id)) continue;
        order.push_back(c);
        placed.insert(c->id);
        plan->notes.push_back("post " + item.post_id +
                              ": comments answering each other in a "
                              "circle: comment " +
                              c->id + " stands alone");
        break;
      }
    }
  }
  for (const WxrComment* c : order) {
    auto state = CommentState(c->approved);
    if (!state) {
      plan->notes.push_back("post " + item.post_id + ": comment " + c->id + " has the unknown " +
                            "state \"" + c->approved + "\": kept pending");
      state = content::CommentStatus::kPending;
    }
    store::ImportedComment ic;
    ic.article_external_id = article_id;
    std::string parent = parent_of(*c);
    // A parent placed after its child (a circle) cannot be answered.
    if (!parent.empty()) {
      auto it = std::find(order.begin(), order.end(), by_id[parent]);
      auto self = std::find(order.begin(), order.end(), c);
      if (it > self) parent.clear();
    }
    ic.parent_external_id = parent.empty() ? "" : CommentId(parent);
    content::CommentInput& in = ic.input;
    in.external_id = CommentId(c->id);
    in.author_name = c->author.empty() ? "مجهول" : c->author;
    in.email = c->email;
    in.author_url =
        c->url.starts_with("http://") || c->url.starts_with("https://") ? c->url : std::string();
    in.ip = c->ip;
    // WordPress shows a comment through its automatic paragraphs; Khabar keeps the text.
    in.body = std::string(TrimUnicode(markup::HtmlToText(WordPressHtml(c->content))));
    if (in.body.empty()) in.body = "…";
    in.created_at =
        ParseWxrDate(c->date_gmt).value_or(ParseWxrDate(c->date).value_or(article_date));
    in.status = *state;
    plan->batch.comments.push_back(std::move(ic));
  }
}

// "+02:00", "-03:30".
std::string UtcOffsetText(int64_t seconds) {
  char buf[16];
  int64_t a = seconds < 0 ? -seconds : seconds;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", seconds < 0 ? '-' : '+', static_cast<int>(a / 3600),
                static_cast<int>(a / 60 % 60));
  return buf;
}

// The site's offsets from UTC as the export shows them: for each post with both dates, its
// local post_date and post_date - post_date_gmt, ordered by the local date.
class SiteOffsets {
 public:
  explicit SiteOffsets(const WxrDocument& doc) {
    for (const auto& item : doc.items) {
      auto local = ParseWxrDate(item.post_date), utc = ParseWxrDate(item.post_date_gmt);
      if (!local || !utc) continue;
      int64_t offset = *local - *utc;
      if (offset < -14 * 3600 || offset > 14 * 3600 || offset % 900 != 0) continue;
      by_local_.emplace_back(*local, offset);
      if (std::find(distinct_.begin(), distinct_.end(), offset) == distinct_.end())
        distinct_.push_back(offset);
    }
    std::sort(by_local_.begin(), by_local_.end());
    std::sort(distinct_.begin(), distinct_.end());
  }
  // The offset of the post dated nearest to `local` (0 when no post has both dates): a
  // WordPress draft or pending post keeps only its local date.
  int64_t Near(int64_t local) const {
    if (by_local_.empty()) return 0;
    auto it = std::lower_bound(by_local_.begin(), by_local_.end(),
                               std::pair<int64_t, int64_t>(local, INT64_MIN));
    if (it == by_local_.end()) return by_local_.back().second;
    if (it == by_local_.begin()) return it->second;
    auto before = std::prev(it);
    return local - before->first <= it->first - local ? before->second : it->second;
  }
  const std::vector<int64_t>& distinct() const { return distinct_; }

 private:
  std::vector<std::pair<int64_t, int64_t>> by_local_;
  std::vector<int64_t> distinct_;
};

}  // namespace

WxrPlan PlanWxrImport(const WxrDocument& doc) {
  WxrPlan plan;
  std::map<std::string, std::string> display_names;  // login → display name
  for (const auto& a : doc.authors) {
    display_names[a.login] = a.display_name.empty() ? a.login : a.display_name;
  }
  // Attachments by id, for featured images.
  std::map<std::string, WxrImage> attachments;
  for (const auto& item : doc.items) {
    if (item.post_type != "attachment") continue;
    WxrImage& image = attachments[item.post_id];
    image.url = item.attachment_url;
    for (const auto& [key, value] : item.meta) {
      if (key == "_wp_attached_file") image.file = std::string(TrimAscii(value));
      if (key == "_wp_attachment_image_alt") image.alt = std::string(TrimUnicode(value));
    }
  }
  SiteOffsets offsets(doc);
  if (!offsets.distinct().empty() &&
      (offsets.distinct().size() > 1 || offsets.distinct().front() != 0)) {
    std::string list;
    for (int64_t o : offsets.distinct()) {
      if (!list.empty()) list.append(" and ");
      list.append("UTC").append(UtcOffsetText(o));
    }
    plan.notes.push_back("the site's local time was " + list +
                         ": WordPress took each address's /YYYY/MM/ from it. Set \"timezone\" "
                         "to the WordPress site's zone (its Settings → General, e.g. "
                         "\"Asia/Beirut\") so that the old addresses stay the permalinks");
  }
  std::set<std::string> names_seen[3];  // categories, tags, authors
  std::set<std::string> slugs_seen, ids_seen;
  for (const auto& item : doc.items) {
    std::string where = "post " + (item.post_id.empty() ? "?" : item.post_id) + " (line " +
                        std::to_string(item.line) + ")";
    if (item.post_type == "page") {
      ++plan.pages;
      // Khabar has no pages: name each, with its old address, for the newsroom to redo.
      std::string path = item.link;
      if (size_t scheme = path.find("://"); scheme != std::string::npos) {
        size_t slash = path.find('/', scheme + 3);
        path = slash == std::string::npos ? "/" : path.substr(slash);
      }
      std::string page_where = where;
      page_where.replace(0, 4, "page");
      plan.notes.push_back(page_where + ": «" + PlainText(item.title) + "» (" + path + ", " +
                           item.status + ") is not imported: Khabar has no pages");
      continue;
    }
    if (item.post_type == "attachment") {
      ++plan.attachments;
      continue;
    }
    if (item.post_type != "post") {
      ++plan.other_items;
      continue;
    }
    StateFor state = ArticleState(item.status);
    if (!state.ok) {
      ++plan.other_items;  // auto-drafts and the like were never articles
      continue;
    }
    auto skip = [&](const std::string& why) {
      ++plan.skipped_posts;
      plan.notes.push_back(where + ": skipped: " + why);
    };
    if (!ParseInt(item.post_id) || *ParseInt(item.post_id) <= 0) {
      skip("no valid <wp:post_id>");
      continue;
    }
    if (!ids_seen.insert(item.post_id).second) {
      skip("another post has the same id");
      continue;
    }
    store::ImportedArticle ia;
    content::ArticleInput& a = ia.input;
    a.external_id = ArticleId(item.post_id);
    a.title = PlainText(item.title);
    if (a.title.empty()) {
      skip("no title");
      continue;
    }
    a.status = state.status;
    if (!item.password.empty() && a.status != content::ArticleStatus::kTrashed) {
      a.status = content::ArticleStatus::kDraft;
      plan.notes.push_back(where + ": protected by a password in WordPress: imported as a draft");
    }
    if (item.status == "private") {
      plan.notes.push_back(where + ": private in WordPress: imported as a draft");
    }
    // WordPress leaves post_date_gmt at 0000-00-00 on drafts and pending posts: their local
    // date less the offset of the post dated nearest (the zone's summer time included).
    a.published_at = 0;
    if (auto utc = ParseWxrDate(item.post_date_gmt)) {
      a.published_at = *utc;
    } else if (auto local = ParseWxrDate(item.post_date)) {
      a.published_at = *local - offsets.Near(*local);
    }
    if (a.published_at == 0 && (a.status == content::ArticleStatus::kPublished ||
                                a.status == content::ArticleStatus::kScheduled)) {
      plan.notes.push_back(where + ": no date: dated when imported");
      if (a.status == content::ArticleStatus::kScheduled) a.status = content::ArticleStatus::kDraft;
    }
    a.slug = PostSlug(item.post_name);
    if (!a.slug.empty() && !slugs_seen.insert(a.slug).second) {
      plan.notes.push_back(where + ": its slug is another post's: a new one is made");
      a.slug.clear();
    }
    a.body_format = content::BodyFormat::kHtml;
    a.body_source = WordPressHtml(item.content);
    markup::RenderedBody body = markup::RenderBody(content::BodyFormat::kHtml, a.body_source);
    a.body_html = std::move(body.html);
    a.body = std::move(body.text);
    a.excerpt = PlainText(item.excerpt);
    auto author = display_names.find(item.creator);
    a.author = author != display_names.end() ? author->second : item.creator;
    if (!a.author.empty() && names_seen[2].insert(a.author).second) {
      plan.batch.authors.push_back({a.author, content::MakeSlug(item.creator, 80)});
    }
    // Khabar files an article under one category: the first WordPress lists. The others
    // become tags of the same name, so the article still carries every label it had.
    std::vector<const WxrTerm*> more_categories;
    auto add_tag = [&](const WxrTerm& t) {
      if (std::find(a.tags.begin(), a.tags.end(), t.name) != a.tags.end()) return;
      a.tags.push_back(t.name);
      if (names_seen[1].insert(t.name).second) plan.batch.tags.push_back({t.name, t.slug});
    };
    for (const auto& t : item.terms) {
      if (t.name.empty()) continue;
      if (t.domain == "category") {
        if (a.category.empty()) {
          a.category = t.name;
          if (names_seen[0].insert(t.name).second)
            plan.batch.categories.push_back({t.name, t.slug});
        } else if (t.name != a.category) {
          more_categories.push_back(&t);
        }
      } else if (t.domain == "post_tag") {
        add_tag(t);
      }
    }
    if (!more_categories.empty()) {
      std::string names;
      for (const WxrTerm* t : more_categories) {
        add_tag(*t);
        names.append(names.empty() ? "«" : "، «").append(t->name).append("»");
      }
      plan.notes.push_back(where + ": " + std::to_string(more_categories.size() + 1) +
                           " categories: filed under the first, «" + a.category +
                           "»; the others are tags: " + names);
    }
    for (const auto& [key, value] : item.meta) {
      if (key != "_thumbnail_id") continue;
      auto it = attachments.find(std::string(TrimAscii(value)));
      if (it != attachments.end() && !it->second.url.empty()) {
        ia.image_url = it->second.url;
        ++plan.image_urls;
        WxrImage image = it->second;
        image.external_id = ia.input.external_id;
        image.post = where;
        plan.images.push_back(std::move(image));
      } else {
        plan.notes.push_back(where + ": its featured image (attachment " +
                             std::string(TrimAscii(value)) + ") is not in the file");
      }
    }
    int64_t article_date = a.published_at;
    plan.batch.articles.push_back(std::move(ia));
    PlanComments(item, ArticleId(item.post_id), article_date, &plan);
  }
  return plan;
}

StatusOr<WxrStats> ImportWxr(std::string_view xml, store::Store& store, const Clock& clock,
                             const WxrOptions& options) {
  ASSIGN_OR_RETURN(WxrDocument doc, ParseWxr(xml));
  WxrPlan plan = PlanWxrImport(doc);
  if (options.on_note) {
    for (const auto& n : plan.notes) options.on_note(n);
  }
  // With a copy of the uploads folder, the posts' own images are served by the site.
  std::set<std::string> copied;
  int64_t inline_images = 0;
  if (!options.uploads_dir.empty()) {
    for (store::ImportedArticle& a : plan.batch.articles) {
      ASSIGN_OR_RETURN(int n,
                       LocalizeUploads(&a.input.body_source, doc.base_url, options, &copied));
      if (n == 0) continue;
      inline_images += n;
      markup::RenderedBody body =
          markup::RenderBody(content::BodyFormat::kHtml, a.input.body_source);
      a.input.body_html = std::move(body.html);
      a.input.body = std::move(body.text);
    }
  }
  size_t total = plan.batch.articles.size();
  if (options.on_progress) {
    plan.batch.on_progress = [&](size_t written) { options.on_progress(written, total); };
  }
  ASSIGN_OR_RETURN(store::ImportSummary summary, store.Import(plan.batch, clock.NowSeconds()));
  WxrStats stats;
  for (store::UpsertOutcome o : summary.articles) {
    switch (o) {
      case store::UpsertOutcome::kInserted:
        ++stats.imported;
        break;
      case store::UpsertOutcome::kUpdated:
        ++stats.updated;
        break;
      case store::UpsertOutcome::kUnchanged:
        ++stats.unchanged;
        break;
    }
  }
  stats.skipped = plan.skipped_posts;
  stats.pages = plan.pages;
  stats.attachments = plan.attachments;
  stats.other_items = plan.other_items;
  stats.pingbacks = plan.pingbacks;
  stats.comments_added = summary.comments_added;
  stats.comments_unchanged = summary.comments_unchanged;
  stats.image_urls = plan.image_urls;
  stats.inline_images = inline_images;
  stats.upload_files = static_cast<int64_t>(copied.size());
  if (!options.uploads_dir.empty()) {
    RETURN_IF_ERROR(AttachFeaturedImages(plan.images, store, clock, options, &stats));
    stats.image_urls -= stats.images_stored + stats.images_unchanged;
  }
  return stats;
}

}  // namespace khabar::importer
