#include "src/search/query.h"

#include "src/base/strings.h"

namespace khabar::search {
namespace {

// Control characters count as spaces: a query never carries them to a backend. Every
// character TrimUnicode trims is one too, so that no part begins with what was a space.
bool IsSpace(char32_t c) {
  return c < 0x20 || c == ' ' || c == 0x7F || c == 0x85 || c == 0x00A0 || c == 0x1680 ||
         c == 0x200F || c == 0x200E || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Opening quote → its closing quote; 0 when `c` opens no phrase.
char32_t ClosingQuote(char32_t c) {
  switch (c) {
    case '"':
      return '"';
    case 0x00AB:  // «
      return 0x00BB;
    case 0x201C:  // “
      return 0x201D;
    case 0x201D:  // ” (some keyboards type it on both sides)
      return 0x201D;
    default:
      return 0;
  }
}

bool IsMinus(char32_t c) { return c == '-' || c == 0x2212; }

}  // namespace

Query ParseQuery(std::string_view raw) {
  Query q;
  std::string clean = SanitizeUtf8(raw);
  std::u32string text;
  for (size_t i = 0; i < clean.size();) {
    if (text.size() == kMaxQueryChars) {
      q.truncated = true;
      break;
    }
    text.push_back(DecodeUtf8(clean, &i));
  }
  auto add = [&](QueryPart::Kind kind, bool excluded, size_t from, size_t to) {
    std::string s;
    for (size_t k = from; k < to; ++k) AppendUtf8(IsSpace(text[k]) ? U' ' : text[k], &s);
    std::string_view t = TrimUnicode(s);
    if (t.empty()) return;
    if (q.parts.size() == kMaxQueryParts) {
      q.truncated = true;
      return;
    }
    q.parts.push_back({kind, excluded, std::string(t)});
  };
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size()) break;
    bool excluded = false;
    if (IsMinus(text[i]) && i + 1 < text.size() && !IsSpace(text[i + 1])) {
      excluded = true;
      ++i;
    }
    if (char32_t close = ClosingQuote(text[i])) {
      size_t end = i + 1;
      while (end < text.size() && text[end] != close) ++end;
      if (end < text.size()) {
        add(QueryPart::Kind::kPhrase, excluded, i + 1, end);
        i = end + 1;
        continue;
      }
      ++i;  // an unpaired quote is ignored, and what follows read afresh ("-word": excluded)
      continue;
    }
    size_t end = i;
    while (end < text.size() && !IsSpace(text[end]) && !ClosingQuote(text[end])) ++end;
    if (end == i) continue;
    add(QueryPart::Kind::kWord, excluded, i, end);
    i = end;
  }
  // The canonical form puts a space between parts that were typed together ("a"-b), so it
  // can be longer than what was typed; it must stay within the limit to parse back the same.
  while (!q.parts.empty() && Utf8Length(FormatQuery(q)) > kMaxQueryChars) {
    q.parts.pop_back();
    q.truncated = true;
  }
  return q;
}

std::string FormatQuery(const Query& q) {
  std::string out;
  for (const auto& p : q.parts) {
    if (!out.empty()) out.push_back(' ');
    if (p.excluded) out.push_back('-');
    if (p.kind == QueryPart::Kind::kPhrase) {
      // A phrase typed in «…» or “…” may hold a '"': it is written back in quotes that it
      // does not hold, so that the canonical form (the next page's link) parses the same.
      std::string_view open = "\"", close = "\"";
      if (p.text.find('"') != std::string::npos) {
        bool guillemets = p.text.find("\u00BB") == std::string::npos;
        open = guillemets ? "\u00AB" : "\u201C";
        close = guillemets ? "\u00BB" : "\u201D";
      }
      out.append(open).append(p.text).append(close);
    } else {
      out.append(p.text);
    }
  }
  return out;
}

}  // namespace khabar::search
