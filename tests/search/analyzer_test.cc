// The Arabic analyzer, form by form: each spelling a reader may type must meet the
// spelling of the article, and what the analyzer must not merge stays apart.
#include "src/search/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace khabar::search {
namespace {

std::vector<std::string> Terms(std::string_view text, Stemmer stemmer = Stemmer::kLight) {
  Analyzer a(stemmer);
  return a.Terms(text);
}

// The first term of each text must be the same.
void ExpectSameTerm(std::initializer_list<std::string_view> spellings) {
  std::string first;
  for (std::string_view s : spellings) {
    auto t = Terms(s);
    ASSERT_FALSE(t.empty()) << s;
    if (first.empty()) {
      first = t[0];
    } else {
      EXPECT_EQ(t[0], first) << "«" << s << "» does not meet «" << *spellings.begin() << "»";
    }
  }
}

TEST(NormalizeWordTest, FoldsHamzaForms) {
  EXPECT_EQ(NormalizeWord("إيران"), "ايران");
  EXPECT_EQ(NormalizeWord("أحمد"), "احمد");
  EXPECT_EQ(NormalizeWord("آثار"), "اثار");
  EXPECT_EQ(NormalizeWord("ٱلله"), "الله");
  // ؤ and ئ: both spellings of the same word meet.
  EXPECT_EQ(NormalizeWord("مسؤول"), NormalizeWord("مسئول"));
  EXPECT_EQ(NormalizeWord("شيء"), NormalizeWord("شئ"));
}

TEST(NormalizeWordTest, FoldsYehAndTehMarbuta) {
  EXPECT_EQ(NormalizeWord("مستشفى"), "مستشفي");
  EXPECT_EQ(NormalizeWord("مدرسة"), "مدرسه");
  EXPECT_EQ(NormalizeWord("ی"), "ي");        // Persian yeh
  EXPECT_EQ(NormalizeWord("کتاب"), "كتاب");  // Persian kaf
  EXPECT_EQ(NormalizeWord("ۀ"), "ه");
}

TEST(NormalizeWordTest, StripsTashkeelTatweelAndQuranicMarks) {
  EXPECT_EQ(NormalizeWord("مُسَلَّحَةٌ"), "مسلحه");
  EXPECT_EQ(NormalizeWord("تـــطويـر"), "تطوير");
  EXPECT_EQ(NormalizeWord("رَحْمٰن"), "رحمن");  // superscript alef
  EXPECT_EQ(NormalizeWord("ذٰلِكَ ۖ"), "ذلك");
}

TEST(NormalizeWordTest, AppliesNfkcToPresentationForms) {
  EXPECT_EQ(NormalizeWord("ﻻ"), "لا");  // lam-alef ligature
  EXPECT_EQ(NormalizeWord("ﷲ"), "الله");
  EXPECT_EQ(NormalizeWord("ﺳﻼﻡ"), "سلام");  // isolated/initial/final forms
}

TEST(NormalizeWordTest, DigitsAndLatin) {
  EXPECT_EQ(NormalizeWord("٢٠٢٤"), "2024");
  EXPECT_EQ(NormalizeWord("۲۰۲۴"), "2024");  // Persian digits
  EXPECT_EQ(NormalizeWord("COVID"), "covid");
  EXPECT_EQ(NormalizeWord("2,500"), "2500");
  EXPECT_EQ(NormalizeWord("!!!"), "");
}

TEST(LightStemTest, RemovesTheArticleAndAttachedParticles) {
  ExpectSameTerm({"دفاع", "الدفاع", "والدفاع", "بالدفاع", "للدفاع", "فالدفاع", "كالدفاع"});
  ExpectSameTerm({"وزير", "الوزير", "للوزير", "بوزير", "ووزير", "فوزير"});
  ExpectSameTerm({"اتفاق", "الاتفاق", "والاتفاق", "وبالاتفاق"});
}

TEST(LightStemTest, RemovesPluralAndPronounSuffixes) {
  ExpectSameTerm({"مفاوضات", "المفاوضات", "مفاوضاتهم", "ومفاوضاتها"});
  ExpectSameTerm({"معلم", "معلمون", "معلمين", "المعلمون", "معلمهم", "معلمكم", "معلمنا"});
  ExpectSameTerm({"اتفاقية", "الاتفاقيه", "اتفاقيات", "والاتفاقيات"});
}

TEST(LightStemTest, TehMarbutaBeforeAPronounMeetsTheWord) {
  // حكومة + هم is written حكومتهم.
  auto t = Terms("حكومتهم");
  ASSERT_EQ(t.size(), 2u);  // the term and its alternative at the same position
  EXPECT_EQ(t[0], Terms("الحكومة")[0]);
  // Not for the plural ات: مفاوضاتهم has no ة.
  EXPECT_EQ(Terms("مفاوضاتهم").size(), 1u);
}

TEST(LightStemTest, AlefMaqsuraWrittenAlefBeforeASuffixMeetsTheWord) {
  // "مستواها" is مستوى + ها: its alternative stem is the word's own.
  std::string alt;
  EXPECT_EQ(LightStem(NormalizeWord("مستوى")), "مستو");
  LightStem(NormalizeWord("مستواها"), &alt);
  EXPECT_EQ(alt, "مستو");
  // A plural in يا keeps its alef, and a word ending in اه keeps its own stem first.
  LightStem(NormalizeWord("قضاياهم"), &alt);
  EXPECT_EQ(alt, "");
  EXPECT_EQ(LightStem(NormalizeWord("اتجاه")), LightStem(NormalizeWord("الاتجاه")));
}

TEST(SuffixVariantsTest, TheSameWordUnderAnotherSuffix) {
  auto v = [](std::string_view w) { return SuffixVariants(NormalizeWord(w)); };
  auto has = [](const std::vector<std::string>& all, std::string_view one) {
    return std::find(all.begin(), all.end(), one) != all.end();
  };
  EXPECT_TRUE(has(v("اتجاهاتها"), "اتجاهات")) << "اتجاهات";
  EXPECT_TRUE(has(v("المعتمدون"), "المعتمدين")) << "المعتمدين";
  EXPECT_TRUE(has(v("المعتمدين"), "المعتمدون")) << "المعتمدون";
  EXPECT_TRUE(has(v("الطرفان"), "الطرفين")) << "الطرفين";
  EXPECT_TRUE(has(v("المرتزقات"), "المرتزقه")) << "المرتزقه";
  EXPECT_TRUE(has(v("حكومتهم"), "حكومه")) << "حكومه";
  EXPECT_TRUE(has(v("مستواها"), "مستوي")) << "مستوي";
  EXPECT_TRUE(has(v("بتأييدهم"), "بتاييد")) << "بتاييد";
  // Short words and words without a suffix give nothing; never more than four.
  EXPECT_TRUE(v("بها").empty());
  EXPECT_TRUE(v("كتب").empty());
  EXPECT_TRUE(v("2024").empty());
  EXPECT_LE(v("المعلمونهم").size(), 4u);
}

TEST(LightStemTest, CountryNamesInEveryCommonSpelling) {
  ExpectSameTerm({"سوريا", "سورية", "سوريه", "السورية", "السوري"});
  ExpectSameTerm({"ليبيا", "ليبية", "الليبيين"});
  ExpectSameTerm({"ايران", "إيران", "لإيران", "بإيران"});
}

TEST(LightStemTest, KeepsShortWordsWhole) {
  // Stripping would leave fewer than three letters.
  EXPECT_EQ(LightStem("بلد"), "بلد");
  EXPECT_EQ(LightStem("وله"), "وله");
  EXPECT_EQ(LightStem("سنه"), "سنه");
  EXPECT_EQ(LightStem(NormalizeWord("السنة")), "سنه");
}

TEST(LightStemTest, DoesNotMergeDifferentWords) {
  EXPECT_NE(Terms("كتاب")[0], Terms("مكتبة")[0]);
  EXPECT_NE(Terms("سلام")[0], Terms("اسلام")[0]);
  EXPECT_NE(Terms("مصر")[0], Terms("نصر")[0]);
}

TEST(AnalyzerTest, OffsetsPointAtTheOriginalText) {
  Analyzer a;
  std::string text = "قال المُتحدّث: «الاتفاقية» وُقّعت.";
  std::vector<std::string> words;
  a.Analyze(text, [&](const Token& t) {
    if (!t.colocated) words.push_back(text.substr(t.begin, t.end - t.begin));
    return true;
  });
  EXPECT_EQ(words, (std::vector<std::string>{"قال", "المُتحدّث", "الاتفاقية", "وُقّعت"}));
}

TEST(AnalyzerTest, GivesThePreciseAndExactFormsForRanking) {
  Analyzer a;
  std::vector<std::string> precise, exact;
  a.Analyze("والمفاوضات مفاوضات مفاوض", [&](const Token& t) {
    precise.emplace_back(t.precise);
    exact.emplace_back(t.exact);
    return true;
  });
  // والمفاوضات: stem مفاوض, without particles مفاوضات, whole word والمفاوضات.
  EXPECT_EQ(precise, (std::vector<std::string>{"مفاوضات", "مفاوضات", ""}));
  EXPECT_EQ(exact, (std::vector<std::string>{"والمفاوضات", "", ""}));
}

TEST(AnalyzerTest, WordStartCountsTheWordsAnalyzeReports) {
  Analyzer a;
  // Tatweel alone and punctuation are not words; marks belong to their letter.
  std::string text = "قالَ ـــ المراسلُ، «اليوم» 2024 ok ثم";
  std::vector<size_t> begins;
  a.Analyze(text, [&](const Token& t) {
    if (!t.colocated) begins.push_back(t.begin);
    return true;
  });
  ASSERT_EQ(begins.size(), 6u);
  for (size_t i = 0; i < begins.size(); ++i) EXPECT_EQ(a.WordStart(text, i), begins[i]) << i;
  EXPECT_EQ(a.WordStart(text, 6), text.size());
}

TEST(AnalyzerTest, KeepsNumbersAndLatinWords) {
  EXPECT_EQ(Terms("كوفيد-19 في ٢٠٢٠ و Covid"),
            (std::vector<std::string>{Terms("كوفيد")[0], "19", "في", "2020", "و", "covid"}));
}

TEST(AnalyzerTest, MarksStopWordsButKeepsThem) {
  Analyzer a;
  std::vector<bool> stop;
  a.Analyze("وزير في الحكومة وفي", [&](const Token& t) {
    stop.push_back(t.stop_word);
    return true;
  });
  EXPECT_EQ(stop, (std::vector<bool>{false, true, false, true}));
}

TEST(AnalyzerTest, SurvivesHostileText) {
  Analyzer a;
  std::string garbage = "\xff\xfe\xc3" + std::string(10000, 'x') + "\xd8";
  auto t = a.Terms(garbage);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_LE(t[0].size(), 64u);  // long words are cut
  EXPECT_TRUE(a.Terms("").empty());
  EXPECT_TRUE(a.Terms("  ،؛؟!… ").empty());
  EXPECT_TRUE(a.Terms(std::string("\0\0", 2)).empty());
}

TEST(AnalyzerTest, StopsWhenAsked) {
  Analyzer a;
  int seen = 0;
  a.Analyze("واحد اثنان ثلاثة", [&](const Token&) { return ++seen < 2; });
  EXPECT_EQ(seen, 2);
}

TEST(AnalyzerTest, SnowballIsAvailableForComparison) {
  auto t = Terms("الاتفاقية", Stemmer::kSnowball);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t, Terms("اتفاقية", Stemmer::kSnowball));
  EXPECT_EQ(Terms("المُفاوضات", Stemmer::kNone), (std::vector<std::string>{"المفاوضات"}));
}

}  // namespace
}  // namespace khabar::search
