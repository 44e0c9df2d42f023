#include "src/content/text.h"

#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/content/types.h"

namespace khabar::content {

std::vector<std::string_view> SplitParagraphs(std::string_view body) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= body.size()) {
    size_t p = body.find("\n\n", start);
    // Accept \r\n\r\n too: find a blank line in either convention.
    size_t q = body.find("\r\n\r\n", start);
    size_t end = std::min(p, q);
    std::string_view para =
        body.substr(start, end == std::string_view::npos ? body.npos : end - start);
    para = TrimUnicode(para);
    if (!para.empty()) out.push_back(para);
    if (end == std::string_view::npos) break;
    start = end + (end == q ? 4 : 2);
  }
  return out;
}

std::string MakeExcerpt(std::string_view body, size_t max_chars) {
  std::string flat;
  flat.reserve(std::min(body.size(), max_chars * 4));
  bool space = false;
  for (char c : body) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !flat.empty()) flat.push_back(' ');
    space = false;
    flat.push_back(c);
    if (flat.size() > max_chars * 4 + 8) break;
  }
  if (Utf8Length(flat) <= max_chars) return flat;
  std::string_view prefix = Utf8Prefix(flat, max_chars);
  size_t cut = prefix.rfind(' ');
  if (cut != std::string_view::npos && cut > prefix.size() / 2) prefix = prefix.substr(0, cut);
  std::string out(prefix);
  // Drop trailing spaces and punctuation (Latin or Arabic) before the ellipsis.
  for (bool trimmed = true; trimmed && !out.empty();) {
    trimmed = false;
    for (std::string_view p : {" ", ",", ";", ":", "-", "،", "؛", "ـ"}) {
      if (out.ends_with(p)) {
        out.resize(out.size() - p.size());
        trimmed = true;
      }
    }
  }
  out += "…";
  return out;
}

std::string Permalink(int64_t published_at, std::string_view slug) {
  CivilTime c = ToCivil(published_at);
  char buf[16];
  std::snprintf(buf, sizeof buf, "/%04d/%02d/", c.year, c.month);
  return buf + PercentEncodePathSegment(slug) + "/";
}

std::string TagUrl(std::string_view slug) { return "/tag/" + PercentEncodePathSegment(slug) + "/"; }
std::string CategoryUrl(std::string_view slug) {
  return "/category/" + PercentEncodePathSegment(slug) + "/";
}
std::string AuthorUrl(std::string_view slug) {
  return "/author/" + PercentEncodePathSegment(slug) + "/";
}

std::string FormatArabicDate(int64_t t, const DateStyle& style) {
  static constexpr const char* kEgyptian[] = {"يناير",  "فبراير", "مارس",   "أبريل",
                                              "مايو",   "يونيو",  "يوليو",  "أغسطس",
                                              "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
  static constexpr const char* kLevantine[] = {
      "كانون الثاني", "شباط", "آذار",  "نيسان",       "أيار",         "حزيران",
      "تموز",         "آب",   "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"};
  CivilTime c = ToCivil(t);
  const char* month =
      (style.months == MonthNames::kLevantine ? kLevantine : kEgyptian)[c.month - 1];
  std::string s = std::to_string(c.day) + " " + month + " " + std::to_string(c.year);
  return style.digits == Digits::kArabicIndic ? ToArabicIndicDigits(s) : s;
}

std::string MarkedToHtml(std::string_view marked) {
  std::string out;
  out.reserve(marked.size() + 32);
  bool open = false;
  size_t from = 0;
  for (size_t i = 0; i <= marked.size(); ++i) {
    if (i < marked.size() && marked[i] != kMarkOpen && marked[i] != kMarkClose) continue;
    out += HtmlEscape(marked.substr(from, i - from));
    from = i + 1;
    if (i == marked.size()) break;
    if (marked[i] == kMarkOpen && !open) {
      out += "<mark>";
      open = true;
    } else if (marked[i] == kMarkClose && open) {
      out += "</mark>";
      open = false;
    }
  }
  if (open) out += "</mark>";
  return out;
}

std::string StripMarks(std::string_view marked) {
  std::string out;
  out.reserve(marked.size());
  for (char c : marked) {
    if (c != kMarkOpen && c != kMarkClose) out.push_back(c);
  }
  return out;
}

}  // namespace khabar::content
