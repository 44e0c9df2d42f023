// File: src/content/text.h
//
// Article text as readers see it: paragraphs, excerpts, permalinks and Arabic dates.
//
//   for (auto p : SplitParagraphs(article.body)) ...
//   std::string url = Permalink(article.published_at, article.slug, zone);  // "/2026/11/%D8%.../"
//   std::string when = FormatArabicDate(t, DateStyle{});              // "٢٩ نوفمبر ٢٠٢٦"
#ifndef KHABAR_CONTENT_TEXT_H_
#define KHABAR_CONTENT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/content/time_zone.h"

namespace khabar::content {

// Paragraphs separated by blank lines; a single newline stays inside its paragraph (HTML
// shows it as a space). Empty paragraphs are dropped; each is trimmed.
std::vector<std::string_view> SplitParagraphs(std::string_view body);

// The body's opening words, at most `max_chars` code points, cut at a word boundary, with
// "…" when cut.
std::string MakeExcerpt(std::string_view body, size_t max_chars = 200);

// WordPress's /%year%/%monthnum%/%postname%/, the slug percent-encoded. The year and month
// are those of the site's time zone, as WordPress takes them from the local post_date.
std::string Permalink(int64_t published_at, std::string_view slug, const TimeZone& zone);

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
  bool hijri = false;     // the Hijri (Umm al-Qura) date beside the Gregorian one
  bool relative = false;  // "منذ ٥ دقائق" for what is less than a day old
  TimeZone zone;          // the site's: dates are those of its wall clock (UTC by default)
};

// "٢٩ نوفمبر ٢٠٢٦" (the date in style.zone); with style.hijri: "٢٩ نوفمبر ٢٠٢٦ م — ٩ جمادى الآخرة
// ١٤٤٨ هـ".
std::string FormatArabicDate(int64_t unix_seconds, const DateStyle& style);

// The Hijri date of the Umm al-Qura calendar (ICU's islamic-umalqura) at that UTC instant:
// "١ رمضان ١٤٤٦ هـ".
std::string FormatHijriDate(int64_t unix_seconds, Digits digits);

// How long ago `t` was, at `now`, for fresh news: "منذ لحظات", "منذ دقيقة", "منذ دقيقتين",
// "منذ ٥ دقائق", "منذ ١٥ دقيقة", "منذ ساعة", "منذ ساعتين", "منذ ٣ ساعات", "منذ ١١ ساعة".
// "" when `t` is a day old or more, or in the future (show the date instead).
std::string FormatRelativeTime(int64_t t, int64_t now, Digits digits);

// FormatRelativeTime when style.relative and it has something to say, else FormatArabicDate.
std::string FormatArabicDateAt(int64_t t, int64_t now, const DateStyle& style);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_TEXT_H_
