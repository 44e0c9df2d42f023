#include "src/content/text.h"

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <memory>

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

std::string Permalink(int64_t published_at, std::string_view slug, const TimeZone& zone) {
  CivilTime c = ToCivil(zone.Local(published_at));
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
  int64_t local = style.zone.Local(t);
  CivilTime c = ToCivil(local);
  const char* month =
      (style.months == MonthNames::kLevantine ? kLevantine : kEgyptian)[c.month - 1];
  std::string s = std::to_string(c.day) + " " + month + " " + std::to_string(c.year);
  if (style.digits == Digits::kArabicIndic) s = ToArabicIndicDigits(s);
  if (!style.hijri) return s;
  // The Hijri calendar runs in UTC: the local wall-clock time gives the local Hijri day.
  std::string hijri = FormatHijriDate(local, style.digits);
  if (hijri.empty()) return s;
  s.append(" م — ").append(hijri);
  return s;
}

std::string FormatHijriDate(int64_t t, Digits digits) {
  static constexpr const char* kMonths[] = {
      "محرم", "صفر",   "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
      "رجب",  "شعبان", "رمضان",      "شوال",       "ذو القعدة",    "ذو الحجة"};
  // One calendar per thread: making one loads ICU's data, using it does not.
  thread_local std::unique_ptr<icu::Calendar> calendar = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> c(icu::Calendar::createInstance(
        *icu::TimeZone::getGMT(), icu::Locale("ar@calendar=islamic-umalqura"), status));
    if (U_FAILURE(status)) c.reset();
    return c;
  }();
  if (!calendar) return "";
  UErrorCode status = U_ZERO_ERROR;
  calendar->setTime(static_cast<UDate>(t) * 1000.0, status);
  int year = calendar->get(UCAL_EXTENDED_YEAR, status);
  int month = calendar->get(UCAL_MONTH, status);
  int day = calendar->get(UCAL_DATE, status);
  if (U_FAILURE(status) || month < 0 || month > 11) return "";
  std::string s = std::to_string(day) + " " + kMonths[month] + " " + std::to_string(year) + " هـ";
  return digits == Digits::kArabicIndic ? ToArabicIndicDigits(s) : s;
}

std::string FormatRelativeTime(int64_t t, int64_t now, Digits digits) {
  int64_t ago = now - t;
  if (ago < 0 || ago >= 24 * 3600) return "";
  if (ago < 60) return "منذ لحظات";
  // Arabic counts: one and two have their own words; 3 to 10 take the plural; 11 and more
  // the singular.
  auto count = [digits](int64_t n, const char* one, const char* two, const char* plural,
                        const char* singular) {
    if (n == 1) return std::string("منذ ") + one;
    if (n == 2) return std::string("منذ ") + two;
    std::string number = std::to_string(n);
    if (digits == Digits::kArabicIndic) number = ToArabicIndicDigits(number);
    std::string s = "منذ ";
    s.append(number).append(" ").append(n <= 10 ? plural : singular);
    return s;
  };
  if (ago < 3600) return count(ago / 60, "دقيقة", "دقيقتين", "دقائق", "دقيقة");
  return count(ago / 3600, "ساعة", "ساعتين", "ساعات", "ساعة");
}

std::string FormatArabicDateAt(int64_t t, int64_t now, const DateStyle& style) {
  if (style.relative && now > 0) {
    std::string relative = FormatRelativeTime(t, now, style.digits);
    if (!relative.empty()) return relative;
  }
  return FormatArabicDate(t, style);
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
