#include "src/http/form.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar::http {
namespace {

TEST(FormTest, DecodesArabicAndPlusAsSpace) {
  // What a browser sends for author=أحمد and body="تعليق جميل + شكر".
  auto form = ParseForm(
      "author=%D8%A3%D8%AD%D9%85%D8%AF&body=%D8%AA%D8%B9%D9%84%D9%8A%D9%82+%D8%AC%D9%85%D9%8A%D9%84"
      "+%2B+%D8%B4%D9%83%D8%B1&article_id=17");
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->Get("author"), "أحمد");
  EXPECT_EQ(form->Get("body"), "تعليق جميل + شكر");
  EXPECT_EQ(form->Get("article_id"), "17");
  EXPECT_EQ(form->fields.size(), 3u);
}

TEST(FormTest, AcceptsRawUtf8) {
  auto form = ParseForm("author=سارة&body=نص+التعليق");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->Get("author"), "سارة");
  EXPECT_EQ(form->Get("body"), "نص التعليق");
}

TEST(FormTest, GetAndHas) {
  auto form = ParseForm("a=1&b=&c&a=2&%D8%B3=%D8%B3");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->Get("a"), "1");  // the first value
  EXPECT_TRUE(form->Has("b"));
  EXPECT_EQ(form->Get("b"), "");
  EXPECT_TRUE(form->Has("c"));
  EXPECT_EQ(form->Get("c"), "");
  EXPECT_EQ(form->Get("س"), "س");  // names are decoded too
  EXPECT_FALSE(form->Has("missing"));
  EXPECT_EQ(form->Get("missing"), "");
  ASSERT_EQ(form->fields.size(), 5u);
  EXPECT_EQ(form->fields[3], (std::pair<std::string, std::string>{"a", "2"}));  // kept in order
}

TEST(FormTest, ValueMayContainEqualsAndEncodedAmpersand) {
  auto form = ParseForm("q=a=b&url=https%3A%2F%2Fexample.com%2F%3Fx%3D1%26y%3D2");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->Get("q"), "a=b");
  EXPECT_EQ(form->Get("url"), "https://example.com/?x=1&y=2");
}

TEST(FormTest, EmptyBodyAndEmptyParts) {
  auto empty = ParseForm("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->fields.empty());
  auto sparse = ParseForm("&&a=1&&b=2&");
  ASSERT_TRUE(sparse.ok());
  EXPECT_EQ(sparse->fields.size(), 2u);
  EXPECT_EQ(sparse->Get("b"), "2");
}

TEST(FormTest, RejectsMalformedPercentEscapes) {
  for (const char* bad : {"body=%", "body=%D8%B", "body=%ZZ", "body=100%", "bo%dy=1", "%=1",
                          "body=%%41", "author=%D8%A3&body=%G0"}) {
    auto form = ParseForm(bad);
    ASSERT_FALSE(form.ok()) << bad;
    EXPECT_EQ(form.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(FormTest, RejectsInvalidUtf8) {
  for (const char* bad :
       {"body=%FF", "body=%D8", "body=%C0%AF", "body=%ED%A0%80", "%D8=value", "body=\xD8"}) {
    auto form = ParseForm(bad);
    ASSERT_FALSE(form.ok()) << bad;
    EXPECT_EQ(form.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(FormTest, LimitsTheNumberOfFields) {
  std::string body;
  for (int i = 0; i < 64; ++i) body += "f" + std::to_string(i) + "=x&";
  auto at_limit = ParseForm(body);
  ASSERT_TRUE(at_limit.ok());
  EXPECT_EQ(at_limit->fields.size(), 64u);

  auto over = ParseForm(body + "one_more=x");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kInvalidArgument);

  EXPECT_TRUE(ParseForm("a=1&b=2", 2).ok());
  EXPECT_FALSE(ParseForm("a=1&b=2&c=3", 2).ok());
}

TEST(QueryTest, DecodesASearchQuery) {
  Form q =
      ParseQueryLenient("s=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7+%D8%A5%D9%8A%D8%B1%D8%A7%D9%86&page=2");
  EXPECT_EQ(q.Get("s"), "سوريا إيران");
  EXPECT_EQ(q.Get("page"), "2");
  EXPECT_TRUE(ParseQueryLenient("").fields.empty());
}

TEST(QueryTest, DropsMalformedFieldsAndKeepsTheRest) {
  Form q = ParseQueryLenient("s=%ZZ&page=3&x=%D8%B");
  EXPECT_FALSE(q.Has("s"));
  EXPECT_FALSE(q.Has("x"));
  EXPECT_EQ(q.Get("page"), "3");
  EXPECT_EQ(q.fields.size(), 1u);
}

TEST(QueryTest, ReplacesInvalidUtf8InsteadOfFailing) {
  Form q = ParseQueryLenient("s=%D8%B3%FF&page=2");
  EXPECT_EQ(q.Get("s"), "س\xEF\xBF\xBD");
  EXPECT_EQ(q.Get("page"), "2");
}

TEST(QueryTest, CapsTheNumberOfFields) {
  std::string query;
  for (int i = 0; i < 100; ++i) query += "f" + std::to_string(i) + "=x&";
  Form q = ParseQueryLenient(query);
  EXPECT_EQ(q.fields.size(), 64u);
  EXPECT_TRUE(q.Has("f0"));
  EXPECT_FALSE(q.Has("f99"));
}

}  // namespace
}  // namespace khabar::http
