#include "src/content/slug.h"

#include <unicode/uchar.h>

#include "src/base/strings.h"

namespace khabar::content {
namespace {

bool IsArabicMark(char32_t c) {
  // Tashkeel, Quranic annotation marks, superscript alef, tatweel.
  return (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640;
}

// Letters and digits of every script (ICU's classes), so Latin, Cyrillic or Greek names in
// an Arabic headline survive; symbols and punctuation become separators.
bool IsWordChar(char32_t c) { return u_isalnum(static_cast<UChar32>(c)); }

}  // namespace

std::string MakeSlug(std::string_view title, size_t max_bytes) {
  std::string out;
  bool pending_dash = false;
  size_t i = 0;
  while (i < title.size()) {
    char32_t c = DecodeUtf8(title, &i);
    c = static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
    if (IsArabicMark(c) || c == 0x200C || c == 0x200D) continue;
    if (IsWordChar(c)) {
      if (pending_dash && !out.empty()) out.push_back('-');
      pending_dash = false;
      AppendUtf8(c, &out);
    } else {
      pending_dash = true;
    }
  }
  if (out.size() <= max_bytes) return out;
  // Cut at the last dash that fits; else at a code point boundary.
  size_t cut = out.rfind('-', max_bytes);
  if (cut == std::string::npos || cut < max_bytes / 2) {
    cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  }
  out.resize(cut);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string SlugCandidate(std::string_view base, int n) {
  if (n <= 1) return std::string(base);
  return std::string(base) + "-" + std::to_string(n);
}

}  // namespace khabar::content
