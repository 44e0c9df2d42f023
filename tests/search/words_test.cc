// The analyzer cuts words without ICU's iterator for most news text: these tests check that
// it finds exactly the words ICU's iterator finds, on tricky cases, on random text over the
// characters that matter, and on the corpus.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "src/base/strings.h"
#include "src/search/analyzer.h"

namespace khabar::search {
namespace {

struct Word {
  size_t begin, end;
  std::string term;
  bool operator==(const Word&) const = default;
};

std::vector<Word> Words(Analyzer& a, std::string_view text) {
  std::vector<Word> out;
  a.Analyze(text, [&](const Token& t) {
    if (!t.colocated) out.push_back({t.begin, t.end, std::string(t.term)});
    return true;
  });
  return out;
}

std::string Show(const std::vector<Word>& words, std::string_view text) {
  std::string s;
  for (const Word& w : words) s += "[" + std::string(text.substr(w.begin, w.end - w.begin)) + "]";
  return s;
}

void ExpectSameAsIcu(std::string_view text) {
  static Analyzer fast;
  static Analyzer icu(Stemmer::kLight, /*icu_words_only=*/true);
  auto a = Words(fast, text), b = Words(icu, text);
  EXPECT_EQ(a, b) << "text: " << text << "\nfast: " << Show(a, text) << "\nicu:  " << Show(b, text);
}

TEST(WordBreakerTest, CutsLikeIcuOnTrickyText) {
  for (const char* text : {
           "قال الرئيس: «إن الاتفاق تمّ» في 3.5 ساعات، و1,000 جندي.",
           "U.S. don't e.g. a:b 3،5 ٣٫٥ ٢٬٠٠٠ كوفيد-19 ب5 5ب",
           "وَالمُسْلِمُونَ ـــ مسلّحة بالــــتأكيد\u200cزائد \u200dمع\u200f علامة",
           "snake_case _x_ __ ___ a_1 1_a",
           "نهاية سطر\r\nبداية\n\u064Eحركة وحدها ،،، ... '' ’s it’s",
           "  \t ",
           "",
           "a",
           "٣",
           "\u0651",
           "http://example.com/a?b=c&d=e user@example.org",
           "«التحالف العربي» — (تقرير) [٢٠١٨] {x} #وسم @حساب 50% ٪٥٠ ؟!",
       }) {
    ExpectSameAsIcu(text);
  }
}

TEST(WordBreakerTest, CutsLikeIcuOnRandomText) {
  const std::vector<std::string> alphabet = {
      "ا", "ل", "م", "ب", "و", "ة", "ى", "ئ", "ؤ", "أ", "ٱ", "ـ", "\u064E", "\u0651", "\u0670",
      "\u06D6", "٣", "۵", "٫", "٬", "،", "؛", "؟", "a", "Z", "7", "0", ".", ",", ";", ":", "'", "_",
      "-", " ", "  ", "\n", "\r\n", "\t", "\u200c", "\u200d", "\u200f", "\u00a0", "«", "»",
      "\u2019", "\u2018", "\u2026", "\u2013", "\"", "(", ")", "/", "%", "ک", "ی", "ۀ", "é",
      // Characters left to ICU, so that it takes over in mid-text.
      "@", "_", "ש", "\U0001F44D", "٫"};
  std::mt19937 rng(20261129);
  for (int round = 0; round < 30000; ++round) {
    std::string text;
    int n = 1 + static_cast<int>(rng() % 32);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    ExpectSameAsIcu(text);
    if (HasFailure()) return;  // one counterexample is enough to read
  }
}

TEST(WordBreakerTest, CutsLikeIcuOnTheCorpus) {
  std::ifstream in(std::string(KHABAR_DEFAULT_SOURCE_DIR) + "/../shared/corpus/articles-00.jsonl");
  if (!in) GTEST_SKIP() << "no corpus next to the source";
  std::string line;
  for (int i = 0; i < 2000 && std::getline(in, line); ++i) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    for (const char* field : {"title", "body"}) {
      if (j.contains(field) && j[field].is_string()) ExpectSameAsIcu(j[field].get<std::string>());
    }
    if (HasFailure()) return;
  }
}

TEST(WordBreakerTest, OtherScriptsAndBrokenTextGoToIcu) {
  // Hebrew, Kana, emoji and invalid bytes still give words (ICU's iterator takes over from
  // the last word before them).
  ExpectSameAsIcu("שלום עולם カタカナ 👍🏽 نص");
  ExpectSameAsIcu(std::string("نص \xff\xfe مكسور"));
  ExpectSameAsIcu("قال المتحدث عبر حسابه @MoFA_ar إن الوفد وصل 👍 اليوم");
  ExpectSameAsIcu("كلمة_موصولة وبعدها نص");
}

}  // namespace
}  // namespace khabar::search
