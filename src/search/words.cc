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

const std::vector<WordBreaker::Span>* WordBreaker::Split(std::string_view text) {
  const Table& table = Classes();
  classes_.clear();
  offsets_.clear();
  spans_.clear();
  for (size_t i = 0; i < text.size();) {
    offsets_.push_back(static_cast<uint32_t>(i));
    auto byte = static_cast<unsigned char>(text[i]);
    uint8_t cls;
    if (byte < 0x80) {
      cls = table.low[byte];
      ++i;
    } else {
      size_t at = i;
      char32_t c = DecodeUtf8(text, &i);
      if (c == 0xFFFD && !(text.size() - at >= 3 && text.substr(at, 3) == "\xEF\xBF\xBD")) {
        return nullptr;  // invalid UTF-8: ICU decides what it is
      }
      if (c < kLowEnd) {
        cls = table.low[c];
      } else if (c >= kPunctBegin && c < kPunctEnd) {
        cls = table.punct[c - kPunctBegin];
      } else {
        cls = kUnsupported;
      }
    }
    if (cls == kUnsupported) return nullptr;
    classes_.push_back(cls);
  }
  offsets_.push_back(static_cast<uint32_t>(text.size()));
  const size_t n = classes_.size();
  // The next character at or after `k` that is not an extending mark (WB4), or n.
  auto skip_extend = [&](size_t k) {
    while (k < n && classes_[k] == kExtend) ++k;
    return k;
  };
  size_t k = 0;
  while (k < n) {
    uint8_t c = classes_[k];
    if (!IsWordClass(c)) {
      // A non-word character with the marks that extend it (WB4; not after a line break).
      k = c == kNewline ? k + 1 : skip_extend(k + 1);
      continue;
    }
    size_t begin = k;
    uint8_t last = c;
    k = skip_extend(k + 1);
    while (k < n) {
      uint8_t next = classes_[k];
      if (IsWordClass(next)) {
        last = next;
        k = skip_extend(k + 1);
        continue;
      }
      size_t after = skip_extend(k + 1);
      if (after < n && JoinsAcross(last, next, classes_[after])) {
        last = classes_[after];
        k = skip_extend(after + 1);
        continue;
      }
      break;
    }
    spans_.push_back({offsets_[begin], offsets_[k]});
  }
  return &spans_;
}

}  // namespace khabar::search
