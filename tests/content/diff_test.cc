#include "src/content/diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

namespace khabar::content {
namespace {

std::string Side(const std::vector<DiffSegment>& d, DiffOp keep) {
  std::string s;
  for (const auto& seg : d) {
    if (seg.op == DiffOp::kEqual || seg.op == keep) s += seg.text;
  }
  return s;
}

// The diff written compactly: [-deleted-] {+inserted+}.
std::string Show(const std::vector<DiffSegment>& d) {
  std::string s;
  for (const auto& seg : d) {
    if (seg.op == DiffOp::kDelete) s += "[-" + seg.text + "-]";
    if (seg.op == DiffOp::kInsert) s += "{+" + seg.text + "+}";
    if (seg.op == DiffOp::kEqual) s += seg.text;
    if (seg.op == DiffOp::kElided) s += "…";
  }
  return s;
}

TEST(DiffTokensTest, ArabicWordsKeepTheirMarksAndPunctuationStandsAlone) {
  std::string text = "قالَ الوزيرُ، في بيانٍ: «لا تـراجع»؟\n\nنعم";
  std::vector<std::string_view> t = SplitDiffTokens(text);
  std::vector<std::string_view> want = {"قالَ", " ",      "الوزيرُ", "،", " ",    "في",
                                        " ",   "بيانٍ",   ":",      " ", "«",    "لا",
                                        " ",   "تـراجع", "»",      "؟", "\n\n", "نعم"};
  EXPECT_EQ(t, want);
  std::string joined;
  for (auto s : t) joined += s;
  EXPECT_EQ(joined, text);
  // A word with a zero-width non-joiner and Latin words with digits are single tokens.
  EXPECT_EQ(SplitDiffTokens("می\u200cخواهم COVID19").size(), 3u);
}

TEST(DiffWordsTest, MarksTheChangedWordsOnly) {
  auto d = DiffWords("ذهب الولد إلى المدرسة صباحا.", "ذهب الطالب إلى المدرسة مساء اليوم.");
  EXPECT_EQ(Show(d), "ذهب [-الولد-]{+الطالب+} إلى المدرسة [-صباحا-]{+مساء اليوم+}.");
  DiffCounts n = CountChangedWords(d);
  EXPECT_EQ(n.inserted, 3);
  EXPECT_EQ(n.deleted, 2);
}

TEST(DiffWordsTest, AChangedDiacriticChangesTheWholeWord) {
  EXPECT_EQ(Show(DiffWords("عَلِمَ الخبر", "عُلِمَ الخبر")), "[-عَلِمَ-]{+عُلِمَ+} الخبر");
}

TEST(DiffWordsTest, NeighbouringChangesJoinAndIdenticalTextsHaveNone) {
  EXPECT_EQ(Show(DiffWords("أ ب ج د", "أ س ص د")), "أ [-ب ج-]{+س ص+} د");
  auto same = DiffWords("نص واحد", "نص واحد");
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].op, DiffOp::kEqual);
  EXPECT_EQ(Show(DiffWords("", "جديد")), "{+جديد+}");
  EXPECT_EQ(Show(DiffWords("قديم", "")), "[-قديم-]");
  EXPECT_TRUE(DiffWords("", "").empty());
}

// The length of a longest common subsequence of the two token lists, by dynamic programming.
size_t Lcs(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    }
  }
  return t[a.size()][b.size()];
}

TEST(DiffWordsTest, RandomTextsGiveBothSidesBackWithTheFewestChanges) {
  std::mt19937 rng(7);
  const char* words[] = {"في", "من", "على", "الخبر", "اليوم"};
  // With `spaces`, words are separated by spaces and blank lines; without, by punctuation
  // (then no whitespace is joined into changes, and the kept tokens are a longest common
  // subsequence exactly).
  auto random_text = [&](int n, bool spaces) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i) s += spaces ? ((rng() % 9 == 0) ? "\n\n" : " ") : ((rng() % 2) ? "،" : ".");
      s += words[rng() % 5];
    }
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    bool spaces = round % 2 == 0;
    std::string a = random_text(static_cast<int>(rng() % 30), spaces);
    std::string b = random_text(static_cast<int>(rng() % 30), spaces);
    auto d = DiffWords(a, b);
    ASSERT_EQ(Side(d, DiffOp::kDelete), a);
    ASSERT_EQ(Side(d, DiffOp::kInsert), b);
    for (size_t i = 1; i < d.size(); ++i) {
      ASSERT_NE(d[i].op, d[i - 1].op) << Show(d);
      ASSERT_FALSE(d[i].op == DiffOp::kDelete && d[i - 1].op == DiffOp::kInsert) << Show(d);
    }
    if (!spaces) {
      size_t kept = 0;
      for (const auto& seg : d) {
        if (seg.op == DiffOp::kEqual) kept += SplitDiffTokens(seg.text).size();
      }
      EXPECT_EQ(kept, Lcs(SplitDiffTokens(a), SplitDiffTokens(b))) << a << " | " << b;
    }
  }
}

std::string LongBody(int words, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += (i % 60 == 0) ? "\n\n" : " ";
    s += "كلمة" + std::to_string(rng() % 5000);
  }
  return s;
}

TEST(DiffWordsTest, FiftyThousandWordBodiesAreDiffedQuicklyEvenWhenAllDiffers) {
  std::string a = LongBody(50000, 1);
  std::string edited = a;
  edited.insert(edited.size() / 2, " خبر عاجل جديد ");
  edited.replace(100, 10, "تعديل");
  auto start = std::chrono::steady_clock::now();
  auto d = DiffWords(a, edited);
  EXPECT_EQ(Side(d, DiffOp::kDelete), a);
  EXPECT_EQ(Side(d, DiffOp::kInsert), edited);
  EXPECT_GE(CountChangedWords(d).inserted, 4);
  EXPECT_LE(CountChangedWords(d).inserted, 6);

  // Two unrelated bodies: no path is searched forever; the answer is still exact text.
  std::string b = LongBody(50000, 2);
  auto d2 = DiffWords(a, b);
  EXPECT_EQ(Side(d2, DiffOp::kDelete), a);
  EXPECT_EQ(Side(d2, DiffOp::kInsert), b);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);  // about a second unoptimized and under sanitizers
}

TEST(DiffWordsTest, ParagraphsMatchWhenWordsAreTooManyToCompare) {
  // Beyond the word-level limit, unchanged paragraphs are still found as unchanged.
  std::string a = "فقرة أولى ثابتة\n\nقديم قديم قديم\n\nفقرة أخيرة ثابتة";
  std::string b = "فقرة أولى ثابتة\n\nجديد جديد\n\nفقرة أخيرة ثابتة";
  DiffLimits tight;
  tight.max_edits = 2;
  auto d = DiffWords(a, b, tight);
  EXPECT_EQ(Side(d, DiffOp::kDelete), a);
  EXPECT_EQ(Side(d, DiffOp::kInsert), b);
  EXPECT_EQ(Show(d), "فقرة أولى ثابتة\n\n[-قديم قديم قديم-]{+جديد جديد+}\n\nفقرة أخيرة ثابتة");
}

TEST(CondenseDiffTest, LongUnchangedStretchesAreCutAroundChanges) {
  std::string a = LongBody(500, 3);
  std::string b = a + " خاتمة";
  std::string c = "مقدمة " + b;
  auto d = CondenseDiff(DiffWords(a, c), 5);
  ASSERT_EQ(d.size(), 5u) << Show(d);
  EXPECT_EQ(d[0].op, DiffOp::kInsert);
  EXPECT_EQ(d[1].op, DiffOp::kEqual);
  EXPECT_EQ(SplitDiffTokens(d[1].text).size(), 5u);
  EXPECT_EQ(d[2].op, DiffOp::kElided);
  EXPECT_EQ(SplitDiffTokens(d[3].text).size(), 5u);
  EXPECT_EQ(d[4].op, DiffOp::kInsert);
  // Short stretches stay whole.
  auto short_diff = DiffWords("أ ب ج", "أ د ج");
  EXPECT_EQ(Show(CondenseDiff(short_diff, 5)), Show(short_diff));
}

}  // namespace
}  // namespace khabar::content
