#include "src/search/words.h"

#include <unicode/uchar.h>

#include <array>

#include "src/base/strings.h"

namespace khabar::search {
namespace {

// The Word_Break classes handled here (UAX #29's names).
enum Class : uint8_t {
  kUnsupported = 0,  // anything else: the text goes to ICU
  kOther,            // spaces, most punctuation, symbols
  kNewline,          // CR, LF, and the other line breaks
  kLetter,           // ALetter
  kNumber,           // Numeric
  kMidLetter,        // MidLetter (:)
  kMidNumLet,        // MidNumLet (. ’)
  kMidNum,           // MidNum (, ; ،)
  kSingleQuote,      // Single_Quote (')
  kExtend,           // Extend, Format and ZWJ: marks, tashkeel, joiners
};

// Characters below U+0800 (Latin, Arabic and their neighbours) and General Punctuation.
constexpr char32_t kLowEnd = 0x800;
constexpr char32_t kPunctBegin = 0x2000, kPunctEnd = 0x2070;

Class ClassOf(char32_t c) {
  // ZWJ before a pictograph (WB3c) and the pictographs themselves are left to ICU.
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return kUnsupported;
  // ICU's own rules differ from UAX #29 here: a colon does not join letters ("a:b" is two
  // words), and @ joins handles and addresses ("@POTUS", "user@example.org").
  if (c == U':' || c == 0xFE55 || c == 0xFF1A) return kOther;
  if (c == U'@') return kUnsupported;
  // The Arabic decimal and thousands separators start segments ICU marks in its own way.
  if (c == 0x066B || c == 0x066C) return kUnsupported;
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_OTHER:
    case U_WB_WSEGSPACE:
    case U_WB_DOUBLE_QUOTE:  // only special next to Hebrew letters, which go to ICU
      return kOther;
    case U_WB_CR:
    case U_WB_LF:
    case U_WB_NEWLINE:
      return kNewline;
    case U_WB_ALETTER:
      return kLetter;
    case U_WB_NUMERIC:
      return kNumber;
    case U_WB_MIDLETTER:
      return kMidLetter;
    case U_WB_MIDNUMLET:
      return kMidNumLet;
    case U_WB_MIDNUM:
      return kMidNum;
    case U_WB_SINGLE_QUOTE:
      return kSingleQuote;
    case U_WB_EXTENDNUMLET:  // ICU gives a word ending in _ a status of its own
      return kUnsupported;
    case U_WB_EXTEND:
    case U_WB_FORMAT:
    case U_WB_ZWJ:
      return kExtend;
    default:
      return kUnsupported;
  }
}

struct Table {
  std::array<uint8_t, kLowEnd> low;
  std::array<uint8_t, kPunctEnd - kPunctBegin> punct;
};

const Table& Classes() {
  static const Table table = [] {
    Table t{};
    for (char32_t c = 0; c < kLowEnd; ++c) t.low[c] = ClassOf(c);
    for (char32_t c = kPunctBegin; c < kPunctEnd; ++c) t.punct[c - kPunctBegin] = ClassOf(c);
    return t;
  }();
  return table;
}

// Letters and digits: they start words and join each other (WB5, WB8-WB10).
bool IsWordClass(uint8_t c) { return c == kLetter || c == kNumber; }

// Whether `mid` between `before` and `after` keeps them in one word (WB6, WB7, WB11, WB12).
bool JoinsAcross(uint8_t before, uint8_t mid, uint8_t after) {
  if (before == kLetter && after == kLetter) {
    return mid == kMidLetter || mid == kMidNumLet || mid == kSingleQuote;
  }
  if (before == kNumber && after == kNumber) {
    return mid == kMidNum || mid == kMidNumLet || mid == kSingleQuote;
  }
  return false;
}

}  // namespace

size_t WordBreaker::Split(std::string_view text, const std::function<bool(size_t, size_t)>& word) {
  const Table& table = Classes();
  const size_t n = text.size();
  // The class of the character at `pos`, and where the next one starts.
  auto classify = [&](size_t pos, size_t* next) -> uint8_t {
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      *next = pos + 1;
      return table.low[byte];
    }
    size_t i = pos;
    char32_t c = DecodeUtf8(text, &i);
    *next = i;
    if (c == 0xFFFD && text.substr(pos, 3) != "\xEF\xBF\xBD") return kUnsupported;  // bad UTF-8
    if (c < kLowEnd) return table.low[c];
    if (c >= kPunctBegin && c < kPunctEnd) return table.punct[c - kPunctBegin];
    return kUnsupported;
  };
  // Past the marks that extend the character before `pos` (WB4); stops at anything else.
  auto skip_extend = [&](size_t pos) {
    size_t next = pos;
    while (pos < n && classify(pos, &next) == kExtend) pos = next;
    return pos;
  };
  size_t resume = 0;  // the end of the last word given: ICU may take over from there
  size_t i = 0;
  while (i < n) {
    size_t next = 0;
    uint8_t c = classify(i, &next);
    if (c == kUnsupported) return resume;
    if (!IsWordClass(c)) {
      // A non-word character with the marks that extend it (not after a line break).
      i = c == kNewline ? next : skip_extend(next);
      continue;
    }
    size_t begin = i;
    uint8_t last = c;
    i = skip_extend(next);
    while (i < n) {
      uint8_t more = classify(i, &next);
      if (more == kUnsupported) return resume;
      if (IsWordClass(more)) {
        last = more;
        i = skip_extend(next);
        continue;
      }
      size_t after = skip_extend(next);
      if (after >= n) break;
      size_t after_next = 0;
      uint8_t then = classify(after, &after_next);
      if (then == kUnsupported) return resume;
      if (!JoinsAcross(last, more, then)) break;
      last = then;
      i = skip_extend(after_next);
    }
    if (!word(begin, i)) return n;
    resume = i;
  }
  return n;
}

}  // namespace khabar::search
