// File: src/content/text.h
//
// Article text as readers see it: paragraphs, excerpts, permalinks and Arabic dates.
//
//   for (auto p : SplitParagraphs(article.body)) ...
//   std::string url = Permalink(article.published_at, article.slug);  // "/2026/11/%D8%.../"
//   std::string when = FormatArabicDate(t, DateStyle{});              // "٢٩ نوفمبر ٢٠٢٦"
#ifndef KHABAR_CONTENT_TEXT_H_
#define KHABAR_CONTENT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::content {

// Paragraphs separated by blank lines; a single newline stays inside its paragraph (HTML
// shows it as a space). Empty paragraphs are dropped; each is trimmed.
std::vector<std::string_view> SplitParagraphs(std::string_view body);

// The body's opening words, at most `max_chars` code points, cut at a word boundary, with
// "…" when cut.
std::string MakeExcerpt(std::string_view body, size_t max_chars = 200);

// WordPress's /%year%/%monthnum%/%postname%/ in UTC, the slug percent-encoded.
std::string Permalink(int64_t published_at, std::string_view slug);

// Search-marked text (see SearchHit) as HTML: escaped, matched words in <mark>; and as
// plain text without the marks.
std::string MarkedToHtml(std::string_view marked);
std::string StripMarks(std::string_view marked);

std::string TagUrl(std::string_view slug);
std::string CategoryUrl(std::string_view slug);
std::string AuthorUrl(std::string_view slug);

enum class MonthNames {
  kEgyptian,   ///< يناير، فبراير… (Egypt, the Gulf, the Maghreb's press)
  kLevantine,  ///< كانون الثاني، شباط… (Syria, Lebanon, Jordan, Iraq, Palestine)
};
enum class Digits { kArabicIndic, kLatin };

struct DateStyle {
  MonthNames months = MonthNames::kEgyptian;
  Digits digits = Digits::kArabicIndic;
};

// "٢٩ نوفمبر ٢٠٢٦" (UTC date).
std::string FormatArabicDate(int64_t unix_seconds, const DateStyle& style);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_TEXT_H_
