#include "src/content/slug.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "src/base/strings.h"

namespace khabar::content {
namespace {

struct SlugCase {
  const char* title;
  const char* want;
};

void ExpectSlugs(const std::vector<SlugCase>& cases) {
  for (const auto& c : cases) EXPECT_EQ(MakeSlug(c.title), c.want) << "title: " << c.title;
}

TEST(SlugTest, KeepsArabicLettersAndDropsTashkeel) {
  ExpectSlugs({
      {"سوريا", "سوريا"},
      {"اقتتال داخلي حوثي في صعدة", "اقتتال-داخلي-حوثي-في-صعدة"},
      {"اللُّغَةُ العَرَبِيَّةُ", "اللغة-العربية"},              // fatha, damma, kasra, shadda
      {"كِتَابٌ جَدِيدٌ", "كتاب-جديد"},                      // tanween
      {"إيران وأمريكا وآسيا", "إيران-وأمريكا-وآسيا"},  // hamza forms are letters, kept
      {"هٰذا", "هذا"},                                  // superscript alef
  });
}

TEST(SlugTest, DropsTatweelInsideWords) {
  ExpectSlugs({
      {"عـــاجل", "عاجل"},
      {"الأخبـــار العاجلـة", "الأخبار-العاجلة"},
  });
}

TEST(SlugTest, DropsZeroWidthJoinersWithoutSplittingTheWord) {
  EXPECT_EQ(MakeSlug("می\u200Cخواهم"), "میخواهم");
  EXPECT_EQ(MakeSlug("عر\u200Dبي"), "عربي");
}

TEST(SlugTest, LowersLatinAndKeepsDigits) {
  ExpectSlugs({
      {"iPhone 15 Pro", "iphone-15-pro"},
      {"FIFA World Cup 2022 في قطر", "fifa-world-cup-2022-في-قطر"},
      {"قمة ٢٠٢٦ في الرياض", "قمة-٢٠٢٦-في-الرياض"},  // Arabic-Indic digits
      {"COVID-19", "covid-19"},
  });
}

TEST(SlugTest, CollapsesArabicAndLatinPunctuationToOneDash) {
  ExpectSlugs({
      {"تعزيز الدفاع الجوي السوري… اتفاق", "تعزيز-الدفاع-الجوي-السوري-اتفاق"},
      {"سوريا، إيران", "سوريا-إيران"},                // Arabic comma
      {"ماذا بعد؟ تحليل", "ماذا-بعد-تحليل"},          // Arabic question mark
      {"قال «لا» للاتفاق", "قال-لا-للاتفاق"},         // guillemets
      {"“نحن نحاول” قال", "نحن-نحاول-قال"},           // curly quotes
      {"الجزء الأول؛ الثاني", "الجزء-الأول-الثاني"},  // Arabic semicolon
      {"خبر  -- عاجل !!! الآن", "خبر-عاجل-الآن"},
      {"خبر\t\nعاجل\xC2\xA0الآن", "خبر-عاجل-الآن"},  // tabs, newlines, NBSP
      {"50% من الأصوات", "50-من-الأصوات"},
      {"( اتفاق عسكري سوري إيراني )", "اتفاق-عسكري-سوري-إيراني"},
  });
}

TEST(SlugTest, NeverStartsOrEndsWithADash) {
  for (const char* title : {"«عاجل»", "… خبر …", "-خبر-", "؟؟ لماذا ؟؟", " خبر "}) {
    std::string s = MakeSlug(title);
    ASSERT_FALSE(s.empty()) << title;
    EXPECT_NE(s.front(), '-') << title;
    EXPECT_NE(s.back(), '-') << title;
    EXPECT_EQ(s.find("--"), std::string::npos) << title;
  }
}

TEST(SlugTest, EmptyWhenTheTitleHasNoLetterOrDigit) {
  for (const char* title : {"", "   ", "…", "، ؟ « » “ ”", "!!!", "ـــ", "\u064E\u064F"}) {
    EXPECT_EQ(MakeSlug(title), "") << "title: " << title;
  }
}

TEST(SlugTest, CutsLongSlugsAtAWordBoundary) {
  const std::string title =
      "تعزيز الدفاع الجوي السوري… اتفاق عسكري سوري إيراني لتعزيز التحالف الإستراتيجي بين "
      "البلدين في مواجهة العقوبات الأمريكية والضربات الجوية الإسرائيلية المتكررة";
  const std::string full = MakeSlug(title, 10000);
  ASSERT_GT(full.size(), 120u);
  for (size_t max : {30u, 45u, 60u, 120u}) {
    std::string s = MakeSlug(title, max);
    SCOPED_TRACE(max);
    EXPECT_LE(s.size(), max);
    EXPECT_GE(s.size(), max / 2);
    EXPECT_TRUE(IsValidUtf8(s));
    ASSERT_EQ(full.compare(0, s.size(), s), 0) << s;  // a prefix of the whole slug
    EXPECT_EQ(full[s.size()], '-') << s;              // ending at a whole word
    EXPECT_NE(s.back(), '-');
  }
  EXPECT_EQ(MakeSlug(title), MakeSlug(title, 120));  // 120 bytes by default
}

TEST(SlugTest, CutsOneLongWordAtACharacterBoundary) {
  // One 40-letter Arabic "word" (80 bytes): there is no dash to cut at.
  std::string word;
  for (int i = 0; i < 10; ++i) word += "سلام";

  for (size_t max : {1u, 2u, 3u, 11u, 12u, 39u}) {
    std::string s = MakeSlug(word, max);
    EXPECT_LE(s.size(), max);
    EXPECT_GE(s.size() + 1, max);
    EXPECT_TRUE(IsValidUtf8(s)) << max;
  }
  EXPECT_EQ(MakeSlug(word, word.size()), word);
}

TEST(SlugTest, ShortSlugIsNotCut) {
  EXPECT_EQ(MakeSlug("خبر عاجل", 15), "خبر-عاجل");  // exactly 15 bytes
}

TEST(SlugTest, LowersAccentedLatinCapitals) {
  EXPECT_EQ(MakeSlug("CAFÉ"), MakeSlug("Café"));
  EXPECT_EQ(MakeSlug("ÉCOLE"), "école");
}

TEST(SlugTest, KeepsLettersOfOtherScripts) {
  EXPECT_NE(MakeSlug("بوتين Путин"), "بوتين");
  EXPECT_NE(MakeSlug("Ελλάδα"), "");
}

TEST(SlugCandidateTest, NumbersFromTwo) {
  EXPECT_EQ(SlugCandidate("سوريا", 1), "سوريا");
  EXPECT_EQ(SlugCandidate("سوريا", 2), "سوريا-2");
  EXPECT_EQ(SlugCandidate("سوريا", 3), "سوريا-3");
  EXPECT_EQ(SlugCandidate("خبر-عاجل", 10), "خبر-عاجل-10");
  EXPECT_EQ(SlugCandidate("سوريا", 0), "سوريا");
}

TEST(SlugCandidateTest, CandidatesAreDistinct) {
  std::vector<std::string> seen;
  for (int n = 1; n <= 20; ++n) {
    std::string c = SlugCandidate("خبر", n);
    for (const auto& s : seen) EXPECT_NE(c, s);
    seen.push_back(c);
  }
}

}  // namespace
}  // namespace khabar::content
