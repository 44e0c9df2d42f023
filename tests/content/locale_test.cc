// The `locale` setting: which tags are Arabic locales, and the date defaults each gives.
#include "src/content/locale.h"

#include <gtest/gtest.h>

namespace khabar::content {
namespace {

TEST(LocaleTest, ArabicTagsAreWrittenAsBcp47) {
  EXPECT_EQ(*ParseArabicLocale("ar"), "ar");
  EXPECT_EQ(*ParseArabicLocale("AR"), "ar");
  EXPECT_EQ(*ParseArabicLocale("ar-LB"), "ar-LB");
  EXPECT_EQ(*ParseArabicLocale("ar_lb"), "ar-LB");
  EXPECT_EQ(*ParseArabicLocale("ar-001"), "ar-001");
  for (const char* bad :
       {"", "a", "en", "en-US", "ar-", "ar-L", "ar-LBN", "arLB", "ar-L1", "fr-LB"}) {
    auto r = ParseArabicLocale(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("locale"), std::string::npos);
    }
  }
}

TEST(LocaleTest, DateDefaultsFollowTheRegion) {
  // Egypt and the Gulf: يناير…, Arabic-Indic digits, no Hijri date.
  for (const char* tag : {"ar", "ar-EG", "ar-AE", "ar-KW", "ar-001"}) {
    DateStyle s = DateStyleForLocale(tag);
    EXPECT_EQ(s.months, MonthNames::kEgyptian) << tag;
    EXPECT_EQ(s.digits, Digits::kArabicIndic) << tag;
    EXPECT_FALSE(s.hijri) << tag;
  }
  // The Levant and Iraq: كانون الثاني…
  for (const char* tag : {"ar-LB", "ar-SY", "ar-JO", "ar-PS", "ar-IQ"}) {
    EXPECT_EQ(DateStyleForLocale(tag).months, MonthNames::kLevantine) << tag;
    EXPECT_FALSE(DateStyleForLocale(tag).hijri) << tag;
  }
  // Saudi Arabia: the Hijri date beside the Gregorian one.
  EXPECT_TRUE(DateStyleForLocale("ar-SA").hijri);
  EXPECT_EQ(DateStyleForLocale("ar-SA").months, MonthNames::kEgyptian);
  // The Maghreb writes Latin digits.
  for (const char* tag : {"ar-MA", "ar-DZ", "ar-TN"}) {
    EXPECT_EQ(DateStyleForLocale(tag).digits, Digits::kLatin) << tag;
  }
}

TEST(LocaleTest, OpenGraphForm) {
  EXPECT_EQ(OpenGraphLocale("ar"), "ar_AR");
  EXPECT_EQ(OpenGraphLocale("ar-001"), "ar_AR");
  EXPECT_EQ(OpenGraphLocale("ar-LB"), "ar_LB");
  EXPECT_EQ(OpenGraphLocale("ar-SA"), "ar_SA");
}

}  // namespace
}  // namespace khabar::content
