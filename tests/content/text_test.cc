#include "src/content/text.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "src/base/strings.h"
#include "src/base/time.h"

namespace khabar::content {
namespace {

using Paragraphs = std::vector<std::string_view>;

TEST(ParagraphsTest, SplitsOnBlankLines) {
  EXPECT_EQ(SplitParagraphs("وقعت إيران وسوريا اتفاقية.\n\nوبحسب المصادر.\n\nويؤكد الاتفاق."),
            (Paragraphs{"وقعت إيران وسوريا اتفاقية.", "وبحسب المصادر.", "ويؤكد الاتفاق."}));
}

TEST(ParagraphsTest, SeveralBlankLinesMakeOneBreak) {
  EXPECT_EQ(SplitParagraphs("أولاً\n\n\n\nثانياً\n\n\nثالثاً"),
            (Paragraphs{"أولاً", "ثانياً", "ثالثاً"}));
}

TEST(ParagraphsTest, AcceptsWindowsLineEndings) {
  EXPECT_EQ(SplitParagraphs("أولاً\r\n\r\nثانياً\r\n\r\nثالثاً\r\n"),
            (Paragraphs{"أولاً", "ثانياً", "ثالثاً"}));
  // Both conventions in one body.
  EXPECT_EQ(SplitParagraphs("أولاً\n\nثانياً\r\n\r\nثالثاً"), (Paragraphs{"أولاً", "ثانياً", "ثالثاً"}));
}

TEST(ParagraphsTest, TrimsEachParagraphAndDropsEmptyOnes) {
  EXPECT_EQ(SplitParagraphs("\n\n  أولاً \t\n\n\xC2\xA0ثانياً\xC2\xA0\n\n   \n\n"),
            (Paragraphs{"أولاً", "ثانياً"}));
  EXPECT_TRUE(SplitParagraphs("").empty());
  EXPECT_TRUE(SplitParagraphs("\n\n\n\n").empty());
  EXPECT_TRUE(SplitParagraphs(" \xC2\xA0 ").empty());
}

TEST(ParagraphsTest, SingleNewlineStaysInsideTheParagraph) {
  auto paras = SplitParagraphs("السطر الأول\nالسطر الثاني\n\nفقرة أخرى");
  ASSERT_EQ(paras.size(), 2u);
  EXPECT_TRUE(paras[0].starts_with("السطر الأول"));
  EXPECT_TRUE(paras[0].ends_with("السطر الثاني"));
  EXPECT_EQ(paras[1], "فقرة أخرى");
}

TEST(ParagraphsTest, KeepsQuotationsIntact) {
  // From the seed article: reported speech in curly quotes, with a colon and comma inside.
  const std::string quote =
      "وقال أيوب: “لو كان بإمكان الحكومة الأمريكية أن تجلب إيران وسوريا والمقاومة على ركبتيها، "
      "لما ترددت للحظة”.";
  const std::string quote2 =
      "وقال عن العقوبات الأمريكية ضد سوريا “قانون قيصر يمنع السوريين من توفير الغذاء والدواء "
      "لأطفالهم”، “نحن نحاول التعامل مع عواقب هذا القانون”.";
  const std::string body = "مقدمة.\n\n" + quote + "\n\n" + quote2 + "\n\n“نحن (إيران) سنعزز” “.";
  auto paras = SplitParagraphs(body);
  ASSERT_EQ(paras.size(), 4u);
  EXPECT_EQ(paras[1], quote);
  EXPECT_EQ(paras[2], quote2);
  EXPECT_EQ(paras[3], "“نحن (إيران) سنعزز” “.");
}

TEST(ExcerptTest, ShortBodyIsNotCut) {
  EXPECT_EQ(MakeExcerpt("خبر قصير.", 200), "خبر قصير.");
  // 150 Arabic letters are 300 bytes: the limit is in characters.
  std::string body;
  for (int i = 0; i < 30; ++i) body += "سوريا";
  EXPECT_EQ(MakeExcerpt(body, 150), body);
  EXPECT_EQ(MakeExcerpt(body, 149).find(body), std::string::npos);
}

TEST(ExcerptTest, FlattensParagraphsIntoOneLine) {
  EXPECT_EQ(MakeExcerpt("الفقرة الأولى.\n\nالفقرة   الثانية.\r\n\r\n\tالثالثة", 200),
            "الفقرة الأولى. الفقرة الثانية. الثالثة");
}

TEST(ExcerptTest, CutsAtAWordAndAddsAnEllipsis) {
  const std::string body =
      "وقعت إيران وسوريا اتفاقية جديدة للتعاون العسكري تهدف إلى تقريب الحليفين وتعزيز العلاقات "
      "الأمنية والعسكرية في جميع مجالات جيوشها المسلحة.";
  for (size_t max : {20u, 33u, 50u, 80u}) {
    SCOPED_TRACE(max);
    std::string e = MakeExcerpt(body, max);
    ASSERT_TRUE(e.ends_with("…")) << e;
    std::string text = e.substr(0, e.size() - std::string("…").size());
    EXPECT_LE(Utf8Length(text), max);
    EXPECT_GE(Utf8Length(text), max / 2);
    ASSERT_EQ(body.compare(0, text.size(), text), 0) << e;
    EXPECT_EQ(body[text.size()], ' ') << e;  // the next character begins a new word
    EXPECT_FALSE(text.ends_with(" "));
  }
}

TEST(ExcerptTest, ExactlyAtTheLimitIsNotCut) {
  const std::string body = "عاجل خبر";  // 8 characters
  EXPECT_EQ(MakeExcerpt(body, 8), body);
  EXPECT_EQ(MakeExcerpt(body, 7), "عاجل…");
}

TEST(ExcerptTest, VeryLongWordIsCutInsideAtACharacter) {
  std::string word;
  for (int i = 0; i < 50; ++i) word += "ب";
  std::string e = MakeExcerpt(word, 10);
  EXPECT_TRUE(IsValidUtf8(e));
  EXPECT_EQ(e, std::string(word, 0, 20) + "…");
}

TEST(ExcerptTest, DropsATrailingCommaBeforeTheEllipsis) {
  const std::string body = "Damascus, Tehran, Moscow";
  EXPECT_EQ(MakeExcerpt(body, 12), "Damascus…");
}

TEST(ExcerptTest, DropsATrailingArabicCommaBeforeTheEllipsis) {
  const std::string lead = "وقع وزير الدفاع السوري،";
  const std::string body = lead + " علي عبد الله أيوب، اتفاقية جديدة";
  std::string e = MakeExcerpt(body, Utf8Length(lead) + 3);
  EXPECT_EQ(e, "وقع وزير الدفاع السوري…");
}

DateStyle Style(MonthNames months, Digits digits) {
  DateStyle s;
  s.months = months;
  s.digits = digits;
  return s;
}

TEST(PermalinkTest, YearMonthAndEncodedSlug) {
  EXPECT_EQ(Permalink(1531771754, "سوريا", TimeZone()), "/2018/07/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/");
  EXPECT_EQ(Permalink(1482192000, "iphone-15", TimeZone()), "/2016/12/iphone-15/");
  EXPECT_EQ(Permalink(FromCivil(2017, 1, 1, 0, 0, 0), "خبر-عاجل", TimeZone()),
            "/2017/01/%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84/");
}

TEST(PermalinkTest, UsesTheUtcMonth) {
  // 23:30 on 31 July at -01:00 (the Azores) is already 1 August in UTC.
  auto t = ParseIso8601("2018-07-31T23:30:00-01:00");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(Permalink(*t, "x", TimeZone()).starts_with("/2018/08/"));
  EXPECT_TRUE(
      Permalink(FromCivil(2018, 7, 31, 23, 59, 59), "x", TimeZone()).starts_with("/2018/07/"));
}

TEST(PermalinkTest, UsesTheMonthOfTheSiteTimeZoneAsWordPressDoes) {
  auto beirut = TimeZone::Named("Asia/Beirut");
  ASSERT_TRUE(beirut.ok()) << beirut.status().message();
  // 22:30 UTC on 28 February 2025 is 00:30 on 1 March in Beirut (UTC+2 in winter).
  int64_t winter = FromCivil(2025, 2, 28, 22, 30, 0);
  EXPECT_EQ(Permalink(winter, "x", *beirut), "/2025/03/x/");
  EXPECT_EQ(Permalink(winter, "x", TimeZone()), "/2025/02/x/");
  // 22:15 UTC on 31 July is 01:15 on 1 August in summer time (UTC+3), but 21:15 UTC is not
  // midnight yet at UTC+2: the offset follows the date.
  EXPECT_EQ(Permalink(FromCivil(2025, 7, 31, 22, 15, 0), "x", *beirut), "/2025/08/x/");
  EXPECT_EQ(Permalink(FromCivil(2025, 2, 27, 21, 15, 0), "x", *beirut), "/2025/02/x/");
  EXPECT_EQ(beirut->OffsetAt(winter), 7200);
  EXPECT_EQ(beirut->OffsetAt(FromCivil(2025, 7, 31, 22, 15, 0)), 10800);
}

// A journalist in Beirut schedules for 18:00 their time: 16:00 UTC in winter, 15:00 in
// summer; and the wall clock read back is what they typed.
TEST(TimeZoneTest, AWallClockTimeThereIsTheRightInstant) {
  auto beirut = TimeZone::Named("Asia/Beirut");
  ASSERT_TRUE(beirut.ok());
  int64_t winter = FromCivil(2030, 1, 15, 18, 0, 0), summer = FromCivil(2030, 7, 15, 18, 0, 0);
  EXPECT_EQ(beirut->FromLocal(winter), FromCivil(2030, 1, 15, 16, 0, 0));
  EXPECT_EQ(beirut->FromLocal(summer), FromCivil(2030, 7, 15, 15, 0, 0));
  EXPECT_EQ(beirut->Local(beirut->FromLocal(winter)), winter);
  EXPECT_EQ(beirut->Local(beirut->FromLocal(summer)), summer);
  EXPECT_EQ(TimeZone().FromLocal(winter), winter);
  // Cairo crosses midnight backwards: 01:30 local on 1 March is 23:30 UTC the day before.
  auto cairo = TimeZone::Named("Africa/Cairo");
  ASSERT_TRUE(cairo.ok());
  EXPECT_EQ(cairo->FromLocal(FromCivil(2030, 3, 1, 1, 30, 0)), FromCivil(2030, 2, 28, 23, 30, 0));
}

TEST(TimeZoneTest, KnowsIanaNamesAndRefusesOthers) {
  EXPECT_TRUE(TimeZone().is_utc());
  EXPECT_EQ(TimeZone().name(), "UTC");
  for (const char* name : {"UTC", "Etc/UTC"}) {
    auto z = TimeZone::Named(name);
    ASSERT_TRUE(z.ok()) << name;
    EXPECT_TRUE(z->is_utc()) << name;
  }
  auto cairo = TimeZone::Named("Africa/Cairo");
  ASSERT_TRUE(cairo.ok());
  EXPECT_EQ(cairo->name(), "Africa/Cairo");
  EXPECT_EQ(cairo->OffsetAt(FromCivil(2025, 1, 15, 12, 0, 0)), 7200);
  for (const char* bad : {"", "Asia/Nowhere", "GMT+3", "+03:00", "beirut"}) {
    auto z = TimeZone::Named(bad);
    EXPECT_FALSE(z.ok()) << bad;
    if (!z.ok()) {
      EXPECT_NE(z.status().message().find("time zone"), std::string::npos);
    }
  }
}

TEST(ArabicDateTest, DatesAreThoseOfTheSiteTimeZone) {
  DateStyle style;
  style.zone = *TimeZone::Named("Asia/Beirut");
  int64_t t = FromCivil(2025, 2, 28, 22, 30, 0);  // 00:30 on 1 March in Beirut
  EXPECT_EQ(FormatArabicDate(t, style), "١ مارس ٢٠٢٥");
  EXPECT_EQ(FormatArabicDate(t, DateStyle{}), "٢٨ فبراير ٢٠٢٥");
  style.hijri = true;  // 1 March 2025 was 1 Ramadan 1446 (Umm al-Qura)
  EXPECT_EQ(FormatArabicDate(t, style), "١ مارس ٢٠٢٥ م — ١ رمضان ١٤٤٦ هـ");
}

TEST(PermalinkTest, EndsWithASlashAndEncodesReservedCharacters) {
  std::string url = Permalink(0, "a/b?c#d", TimeZone());
  EXPECT_EQ(url, "/1970/01/a%2Fb%3Fc%23d/");
  EXPECT_TRUE(url.ends_with("/"));
}

TEST(PermalinkTest, ArchiveUrls) {
  EXPECT_EQ(TagUrl("خبر"), "/tag/%D8%AE%D8%A8%D8%B1/");
  EXPECT_EQ(CategoryUrl("middle-east"), "/category/middle-east/");
  EXPECT_EQ(AuthorUrl("خبر"), "/author/%D8%AE%D8%A8%D8%B1/");
}

TEST(ArabicDateTest, FourStyles) {
  const int64_t t = 1795946400;  // 2026-11-29T10:00:00Z
  EXPECT_EQ(FormatArabicDate(t, {}), "٢٩ نوفمبر ٢٠٢٦");
  EXPECT_EQ(FormatArabicDate(t, Style(MonthNames::kEgyptian, Digits::kArabicIndic)),
            "٢٩ نوفمبر ٢٠٢٦");
  EXPECT_EQ(FormatArabicDate(t, Style(MonthNames::kEgyptian, Digits::kLatin)), "29 نوفمبر 2026");
  EXPECT_EQ(FormatArabicDate(t, Style(MonthNames::kLevantine, Digits::kArabicIndic)),
            "٢٩ تشرين الثاني ٢٠٢٦");
  EXPECT_EQ(FormatArabicDate(t, Style(MonthNames::kLevantine, Digits::kLatin)),
            "29 تشرين الثاني 2026");
}

TEST(ArabicDateTest, EveryMonthName) {
  const char* egyptian[] = {"يناير", "فبراير", "مارس",   "أبريل",  "مايو",   "يونيو",
                            "يوليو", "أغسطس",  "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};
  const char* levantine[] = {"كانون الثاني", "شباط",        "آذار",         "نيسان",
                             "أيار",         "حزيران",      "تموز",         "آب",
                             "أيلول",        "تشرين الأول", "تشرين الثاني", "كانون الأول"};
  for (int m = 1; m <= 12; ++m) {
    int64_t t = FromCivil(2018, m, 15, 12, 0, 0);
    EXPECT_EQ(FormatArabicDate(t, Style(MonthNames::kEgyptian, Digits::kLatin)),
              std::string("15 ") + egyptian[m - 1] + " 2018");
    EXPECT_EQ(FormatArabicDate(t, Style(MonthNames::kLevantine, Digits::kLatin)),
              std::string("15 ") + levantine[m - 1] + " 2018");
  }
}

TEST(ArabicDateTest, DayIsNotPaddedAndDateIsUtc) {
  EXPECT_EQ(FormatArabicDate(FromCivil(2017, 1, 1, 0, 0, 0), {}), "١ يناير ٢٠١٧");
  EXPECT_EQ(FormatArabicDate(FromCivil(2016, 12, 31, 23, 59, 59), {}), "٣١ ديسمبر ٢٠١٦");
  EXPECT_EQ(FormatArabicDate(951782400, Style(MonthNames::kLevantine, Digits::kArabicIndic)),
            "٢٩ شباط ٢٠٠٠");
}

// ---- Hijri dates and relative times (fixed instants) ----

TEST(HijriDateTest, FollowsTheUmmAlQuraCalendar) {
  // 1 Ramadan 1446 fell on 1 March 2025 and 1 Muharram 1447 on 26 June 2025 (Umm al-Qura).
  EXPECT_EQ(FormatHijriDate(FromCivil(2025, 3, 1, 12, 0, 0), Digits::kLatin), "1 رمضان 1446 هـ");
  EXPECT_EQ(FormatHijriDate(FromCivil(2025, 6, 26, 12, 0, 0), Digits::kLatin), "1 محرم 1447 هـ");
  // Dhu al-Hijjah 1446 began on 28 May 2025 (the day of Arafah, the 9th, was 5 June) and
  // had 29 days.
  EXPECT_EQ(FormatHijriDate(FromCivil(2025, 6, 5, 12, 0, 0), Digits::kLatin), "9 ذو الحجة 1446 هـ");
  EXPECT_EQ(FormatHijriDate(FromCivil(2025, 6, 25, 12, 0, 0), Digits::kLatin),
            "29 ذو الحجة 1446 هـ");
  EXPECT_EQ(FormatHijriDate(FromCivil(2025, 3, 1, 12, 0, 0), Digits::kArabicIndic),
            "١ رمضان ١٤٤٦ هـ");
}

TEST(HijriDateTest, ShownBesideTheGregorianDateOnlyWhenAsked) {
  DateStyle style;
  int64_t t = FromCivil(2025, 3, 1, 12, 0, 0);
  EXPECT_EQ(FormatArabicDate(t, style), "١ مارس ٢٠٢٥");
  style.hijri = true;
  EXPECT_EQ(FormatArabicDate(t, style), "١ مارس ٢٠٢٥ م — ١ رمضان ١٤٤٦ هـ");
  style.months = MonthNames::kLevantine;
  style.digits = Digits::kLatin;
  EXPECT_EQ(FormatArabicDate(t, style), "1 آذار 2025 م — 1 رمضان 1446 هـ");
}

TEST(RelativeTimeTest, CountsMinutesAndHoursInArabic) {
  int64_t now = FromCivil(2026, 11, 29, 12, 0, 0);
  auto ago = [&](int64_t seconds) {
    return FormatRelativeTime(now - seconds, now, Digits::kArabicIndic);
  };
  EXPECT_EQ(ago(0), "منذ لحظات");
  EXPECT_EQ(ago(59), "منذ لحظات");
  EXPECT_EQ(ago(60), "منذ دقيقة");
  EXPECT_EQ(ago(2 * 60 + 30), "منذ دقيقتين");
  EXPECT_EQ(ago(5 * 60), "منذ ٥ دقائق");
  EXPECT_EQ(ago(10 * 60), "منذ ١٠ دقائق");
  EXPECT_EQ(ago(11 * 60), "منذ ١١ دقيقة");
  EXPECT_EQ(ago(59 * 60 + 59), "منذ ٥٩ دقيقة");
  EXPECT_EQ(ago(3600), "منذ ساعة");
  EXPECT_EQ(ago(2 * 3600 + 1799), "منذ ساعتين");
  EXPECT_EQ(ago(3 * 3600), "منذ ٣ ساعات");
  EXPECT_EQ(ago(11 * 3600), "منذ ١١ ساعة");
  EXPECT_EQ(ago(24 * 3600 - 1), "منذ ٢٣ ساعة");
  // A day old or more, or in the future: the date is shown instead.
  EXPECT_EQ(ago(24 * 3600), "");
  EXPECT_EQ(ago(-60), "");
  EXPECT_EQ(FormatRelativeTime(now - 300, now, Digits::kLatin), "منذ 5 دقائق");
}

TEST(RelativeTimeTest, UsedForFreshNewsOnlyWhenTheStyleSaysSo) {
  int64_t now = FromCivil(2026, 11, 29, 12, 0, 0);
  DateStyle style;
  EXPECT_EQ(FormatArabicDateAt(now - 300, now, style), "٢٩ نوفمبر ٢٠٢٦");
  style.relative = true;
  EXPECT_EQ(FormatArabicDateAt(now - 300, now, style), "منذ ٥ دقائق");
  EXPECT_EQ(FormatArabicDateAt(now - 3 * 24 * 3600, now, style), "٢٦ نوفمبر ٢٠٢٦");
}

}  // namespace
}  // namespace khabar::content
