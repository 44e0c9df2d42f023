#include "src/search/query.h"

#include <gtest/gtest.h>

namespace khabar::search {
namespace {

using Kind = QueryPart::Kind;

TEST(ParseQueryTest, WordsPhrasesAndExclusions) {
  Query q = ParseQuery("اتفاق \"وقف إطلاق النار\" -غزة «الأمم المتحدة» -\"مجلس الأمن\"");
  ASSERT_EQ(q.parts.size(), 5u);
  EXPECT_EQ(q.parts[0].text, "اتفاق");
  EXPECT_EQ(q.parts[1].kind, Kind::kPhrase);
  EXPECT_EQ(q.parts[1].text, "وقف إطلاق النار");
  EXPECT_TRUE(q.parts[2].excluded);
  EXPECT_EQ(q.parts[2].text, "غزة");
  EXPECT_EQ(q.parts[3].kind, Kind::kPhrase);
  EXPECT_EQ(q.parts[3].text, "الأمم المتحدة");
  EXPECT_TRUE(q.parts[4].excluded);
  EXPECT_EQ(q.parts[4].kind, Kind::kPhrase);
  EXPECT_EQ(FormatQuery(q), "اتفاق \"وقف إطلاق النار\" -غزة \"الأمم المتحدة\" -\"مجلس الأمن\"");
}

TEST(ParseQueryTest, UnpairedQuotesAndLoneMinusAreText) {
  Query q = ParseQuery("\"اتفاق نووي");
  ASSERT_EQ(q.parts.size(), 2u);
  EXPECT_EQ(q.parts[0].kind, Kind::kWord);
  EXPECT_EQ(q.parts[0].text, "اتفاق");
  q = ParseQuery("- كلمة");
  ASSERT_EQ(q.parts.size(), 2u);
  EXPECT_FALSE(q.parts[1].excluded);
}

// The canonical form is what the next page's link and the search box carry: it must mean
// the same query. (Cases found by tests/fuzz/search_query_fuzz.cc.)
TEST(ParseQueryTest, TheCanonicalFormParsesToTheSameQuery) {
  for (const char* typed :
       {"«قال \"لا\" للاتفاق»", "“قال \"لا\" » هنا”", "\"-غزة مصر", "x \u0085-y", "-\u2028غزة"}) {
    std::string canonical = FormatQuery(ParseQuery(typed));
    EXPECT_EQ(FormatQuery(ParseQuery(canonical)), canonical) << typed;
  }
  Query q = ParseQuery("«قال \"لا\" للاتفاق»");
  ASSERT_EQ(q.parts.size(), 1u);
  EXPECT_EQ(FormatQuery(q), "«قال \"لا\" للاتفاق»");
  // Parts typed together get a space between them, and still fit the limit.
  std::string together;  // 16 phrases of 14 letters, 256 characters: within the limit
  for (size_t i = 0; i < kMaxQueryParts; ++i) together += "\"" + std::string(14, 'a' + i) + "\"";
  ASSERT_EQ(together.size(), kMaxQueryChars);
  q = ParseQuery(together);
  EXPECT_TRUE(q.truncated);
  std::string canonical = FormatQuery(q);
  EXPECT_LE(canonical.size(), kMaxQueryChars);
  EXPECT_EQ(FormatQuery(ParseQuery(canonical)), canonical);
  // After an unpaired quote, a -word is still left out, as it is in the canonical form.
  q = ParseQuery("\"-غزة");
  ASSERT_EQ(q.parts.size(), 1u);
  EXPECT_TRUE(q.parts[0].excluded);
}

TEST(ParseQueryTest, Fts5SyntaxIsJustText) {
  Query q = ParseQuery("NEAR(a b) OR c* ^d :e");
  ASSERT_EQ(q.parts.size(), 6u);
  EXPECT_EQ(q.parts[0].text, "NEAR(a");
  for (const auto& p : q.parts) EXPECT_FALSE(p.excluded);
}

TEST(ParseQueryTest, EmptyAndWhitespace) {
  EXPECT_TRUE(ParseQuery("").parts.empty());
  EXPECT_TRUE(ParseQuery(" \t\n\u00a0 ").parts.empty());
  EXPECT_TRUE(ParseQuery("\"\"").parts.empty());
}

TEST(ParseQueryTest, LongInputIsCut) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "كلمة ";
  Query q = ParseQuery(text);
  EXPECT_TRUE(q.truncated);
  EXPECT_LE(q.parts.size(), kMaxQueryParts);
  EXPECT_FALSE(ParseQuery("كلمة").truncated);
}

TEST(ParseQueryTest, InvalidUtf8IsReplaced) {
  Query q = ParseQuery("\xff\xfe \xd8\xb3\xd9\x88\xd8\xb1\xd9\x8a\xd8\xa7");
  ASSERT_EQ(q.parts.size(), 2u);
  EXPECT_EQ(q.parts[1].text, "سوريا");
}

}  // namespace
}  // namespace khabar::search
