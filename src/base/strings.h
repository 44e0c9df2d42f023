// File: src/base/strings.h
//
// Byte- and UTF-8-level string helpers shared by every layer: validation, percent
// encoding for URLs and forms, HTML escaping for text that is not rendered by a template,
// trimming and splitting.
//
//   std::string path = PercentEncodePathSegment("سوريا");  // "%D8%B3%D9%88..."
#ifndef KHABAR_BASE_STRINGS_H_
#define KHABAR_BASE_STRINGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace khabar {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Decodes one code point at `*pos` and advances it; returns U+FFFD for an invalid sequence
// (advancing one byte).
char32_t DecodeUtf8(std::string_view s, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points (invalid bytes count one each).
size_t Utf8Length(std::string_view s);

// The first `max_chars` code points of `s`, never cutting a character in two.
std::string_view Utf8Prefix(std::string_view s, size_t max_chars);

// Replaces invalid UTF-8 sequences with U+FFFD.
std::string SanitizeUtf8(std::string_view s);

// Percent-encodes every byte outside RFC 3986's unreserved set (so Arabic becomes %XX).
std::string PercentEncodePathSegment(std::string_view s);

// Decodes %XX escapes; with `plus_is_space` also '+' (form encoding). Returns nullopt on a
// malformed escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);

// Escapes a string for inclusion inside a JSON string literal (without the quotes).
std::string JsonEscape(std::string_view s);

std::string_view TrimAscii(std::string_view s);

// Trims ASCII and Unicode white space (NBSP, the Zs range, line/paragraph separators).
std::string_view TrimUnicode(std::string_view s);

std::vector<std::string_view> Split(std::string_view s, char sep);

// Parses a decimal integer that fills the whole string; nullopt otherwise.
std::optional<int64_t> ParseInt(std::string_view s);

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);
std::string AsciiLower(std::string_view s);

// Arabic-Indic digits (٠١٢…) for the decimal digits of `s`; other characters kept.
std::string ToArabicIndicDigits(std::string_view s);

// A set of strings that std::string_view keys find without copying them.
struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringSet = std::unordered_set<std::string, StringViewHash, std::equal_to<>>;

}  // namespace khabar

#endif  // KHABAR_BASE_STRINGS_H_
