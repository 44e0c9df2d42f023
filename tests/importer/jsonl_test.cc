#include "src/importer/jsonl.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::importer {
namespace {

constexpr int64_t kNow = 1795946400;  // 2026-11-29T10:00:00Z

// A corpus line (sample-100.jsonl's format), shortened.
const char kCorpusLine[] =
    R"j({"id": "SK-middleEast-3682-20181001", "title": "اقتتال داخلي حوثي في صعدة", )j"
    R"j("body": "اندلعت اشتباكات بين ميليشيات الحوثي.\n\nوبحسب مصادر محلية، فإن لجان الوساطة لم تنجح.", )j"
    R"j("category": "middle-east", "tags": [], "published": "2018-10-01T14:33:00+00:00", )j"
    R"j("source": "Sky News Arabia", "url": "https://www.skynewsarabia.com/middle-east/1188166"})j";

std::string WithPublished(const std::string& published) {
  return R"j({"id": "x1", "title": "عنوان", "body": "نص", "published": )j" + published + "}";
}

void ExpectInvalid(const std::string& line, const std::string& reason_part = "") {
  auto rec = ParseJsonlLine(line, kNow);
  ASSERT_FALSE(rec.ok()) << "accepted: " << line;
  EXPECT_EQ(rec.status().code(), StatusCode::kInvalidArgument) << line;
  EXPECT_FALSE(rec.status().message().empty()) << line;
  if (!reason_part.empty()) {
    EXPECT_NE(rec.status().message().find(reason_part), std::string::npos)
        << "message \"" << rec.status().message() << "\" lacks \"" << reason_part << "\"";
  }
}

TEST(JsonlParseTest, ParsesACorpusLine) {
  auto rec = ParseJsonlLine(kCorpusLine, kNow);
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  const content::ArticleInput& a = rec->article;
  EXPECT_EQ(a.external_id, "SK-middleEast-3682-20181001");
  EXPECT_EQ(a.title, "اقتتال داخلي حوثي في صعدة");
  EXPECT_EQ(a.body,
            "اندلعت اشتباكات بين ميليشيات الحوثي.\n\nوبحسب مصادر محلية، فإن لجان الوساطة لم تنجح.");
  EXPECT_EQ(a.category, "middle-east");
  EXPECT_TRUE(a.tags.empty());
  EXPECT_EQ(a.published_at, 1538404380);  // 2018-10-01T14:33:00Z
  EXPECT_EQ(a.source_name, "Sky News Arabia");
  EXPECT_EQ(a.source_url, "https://www.skynewsarabia.com/middle-east/1188166");
  EXPECT_EQ(a.status, content::ArticleStatus::kPublished);
  EXPECT_EQ(a.breaking_seconds, 0);
  EXPECT_TRUE(a.author.empty());
  EXPECT_TRUE(a.excerpt.empty());
  EXPECT_TRUE(rec->comments.empty());
}

TEST(JsonlParseTest, ReadsKhabarExtensionsAndTrimsText) {
  auto rec = ParseJsonlLine(
      R"j({"id": " seed-1 ", "title": "\u00a0تعزيز الدفاع الجوي السوري… اتفاق ", "body": "\nفقرة.\n\n",)j"
      R"j( "author": " مراسلنا ", "excerpt": " ملخص ", "category": " سياسة ",)j"
      R"j( "tags": [" سوريا ", "إيران", "", "سوريا", "  "], "url": "http://example.com/a"})j",
      kNow);
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  const content::ArticleInput& a = rec->article;
  EXPECT_EQ(a.external_id, "seed-1");
  EXPECT_EQ(a.title, "تعزيز الدفاع الجوي السوري… اتفاق");
  EXPECT_EQ(a.body, "فقرة.");
  EXPECT_EQ(a.author, "مراسلنا");
  EXPECT_EQ(a.excerpt, "ملخص");
  EXPECT_EQ(a.category, "سياسة");
  EXPECT_EQ(a.tags,
            (std::vector<std::string>{"سوريا", "إيران"}));  // trimmed, blank and repeats dropped
  EXPECT_EQ(a.source_url, "http://example.com/a");
}

TEST(JsonlParseTest, EmptyOrMissingPublishedIsLeftForTheStoreToDate) {
  for (const std::string& line :
       {WithPublished(R"j("")j"), WithPublished(R"j("   ")j"), WithPublished("null"),
        std::string(R"j({"id": "x1", "title": "عنوان", "body": "نص"})j")}) {
    auto rec = ParseJsonlLine(line, kNow);
    ASSERT_TRUE(rec.ok()) << line << ": " << rec.status().ToString();
    EXPECT_EQ(rec->article.published_at, 0) << line;
  }
}

TEST(JsonlParseTest, AcceptsTheCorpusDateForms) {
  struct Case {
    const char* published;
    int64_t want;
  };
  const Case cases[] = {
      {R"j("2018-07-16T20:09:14+00:00")j", 1531771754},
      {R"j("2016-12-20")j", 1482192000},           // Jawhara FM: date only, midnight UTC
      {R"j("2017-01-22T18:56:00")j", 1485111360},  // Jawhara FM: no offset, read as UTC
      {R"j("2018-07-17T00:09:14+04:00")j", 1531771754},
      {R"j(" 2016-12-20 ")j", 1482192000},
  };
  for (const auto& c : cases) {
    auto rec = ParseJsonlLine(WithPublished(c.published), kNow);
    ASSERT_TRUE(rec.ok()) << c.published << ": " << rec.status().ToString();
    EXPECT_EQ(rec->article.published_at, c.want) << c.published;
  }
}

TEST(JsonlParseTest, RejectsBadDates) {
  for (const char* bad : {R"j("2018-02-30")j", R"j("2018-13-01")j", R"j("20/12/2016")j",
                          R"j("yesterday")j", R"j("2018-07-16T25:00:00")j"}) {
    ExpectInvalid(WithPublished(bad), "published");
  }
  ExpectInvalid(WithPublished("20180716"), "published");  // a number, not a string
}

TEST(JsonlParseTest, RejectsInvalidJson) {
  for (const std::string& bad :
       {std::string(""), std::string("{"), std::string("not json"),
        std::string(R"j({"id": "x1", "title": "عنوان", "body": "نص",})j"),
        std::string(R"j({"id": "x1", "title": "عنوان" "body": "نص"})j"),
        std::string(R"j({"id": "x1", "title": "عنوان", "body": "نص"} trailing)j"),
        std::string(R"j({"title": "عنوان", "body": "نص)j"),
        // Invalid UTF-8 inside a string.
        std::string("{\"id\": \"x1\", \"title\": \"\xD8\", \"body\": \"\xC0\xAF\"}")}) {
    ExpectInvalid(bad, "invalid JSON");
  }
}

TEST(JsonlParseTest, RejectsALineThatIsNotAnObject) {
  for (const char* bad : {"[1, 2]", "null", "42", R"j("عنوان")j"}) ExpectInvalid(bad);
}

TEST(JsonlParseTest, RequiresTitleAndBody) {
  ExpectInvalid(R"j({"id": "x1", "body": "نص"})j", "title");
  ExpectInvalid(R"j({"id": "x1", "title": "", "body": "نص"})j", "title");
  ExpectInvalid(R"j({"id": "x1", "title": " \u00a0\t ", "body": "نص"})j", "title");
  ExpectInvalid(R"j({"id": "x1", "title": null, "body": "نص"})j", "title");
  ExpectInvalid(R"j({"id": "x1", "title": "عنوان"})j", "body");
  ExpectInvalid(R"j({"id": "x1", "title": "عنوان", "body": "\n\n  "})j", "body");
}

TEST(JsonlParseTest, RejectsFieldsOfTheWrongType) {
  struct Case {
    const char* line;
    const char* reason;
  };
  const Case cases[] = {
      {R"j({"id": 5, "title": "عنوان", "body": "نص"})j", "id"},
      {R"j({"id": "x1", "title": 5, "body": "نص"})j", "title"},
      {R"j({"id": "x1", "title": "عنوان", "body": ["نص"]})j", "body"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "category": {"name": "سياسة"}})j",
       "category"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "tags": "سوريا"})j", "tags"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "tags": {"a": "سوريا"}})j", "tags"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "tags": ["سوريا", 3]})j", "tag"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "breaking": "true"})j", "breaking"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "breaking": 1})j", "breaking"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "comments": {}})j", "comments"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "comments": "أحسنتم"})j", "comments"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "comments": ["أحسنتم"]})j", "comment 1"},
      {R"j({"id": "x1", "title": "عنوان", "body": "نص", "url": 7})j", "url"},
  };
  for (const auto& c : cases) ExpectInvalid(c.line, c.reason);
}

TEST(JsonlParseTest, SourceUrlMustBeHttp) {
  ExpectInvalid(R"j({"id": "x1", "title": "عنوان", "body": "نص", "url": "javascript:alert(1)"})j",
                "url");
  ExpectInvalid(R"j({"id": "x1", "title": "عنوان", "body": "نص", "url": "www.example.com"})j",
                "url");
  // Al Arabiya's URLs carry raw Arabic: that is fine.
  auto rec = ParseJsonlLine(
      R"j({"id": "x1", "title": "عنوان", "body": "نص", "url": "https://www.alarabiya.net/ar/سوريا"})j",
      kNow);
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  EXPECT_EQ(rec->article.source_url, "https://www.alarabiya.net/ar/سوريا");
}

TEST(JsonlParseTest, BreakingLastsADayFromNow) {
  auto yes = ParseJsonlLine(
      R"j({"id": "x1", "title": "عاجل", "body": "نص", "published": "2018-07-16", "breaking": true})j",
      kNow);
  ASSERT_TRUE(yes.ok()) << yes.status().ToString();
  EXPECT_EQ(yes->article.breaking_seconds, 24 * 3600);

  for (const char* v : {"false", "null"}) {
    auto no = ParseJsonlLine(
        std::string(R"j({"id": "x1", "title": "عنوان", "body": "نص", "breaking": )j") + v + "}",
        kNow);
    ASSERT_TRUE(no.ok()) << v;
    EXPECT_EQ(no->article.breaking_seconds, 0) << v;
  }
}

TEST(JsonlParseTest, ReadsCommentsWithParents) {
  auto rec = ParseJsonlLine(
      R"j({"id": "x1", "title": "عنوان", "body": "نص", "published": "2018-07-16T20:00:00Z",)j"
      R"j( "comments": [)j"
      R"j(  {"id": "c1", "author": " أحمد ", "email": "ahmad@example.com", "url": "https://ahmad.example",)j"
      R"j(   "body": "تحليل ممتاز.", "published": "2018-07-17T08:00:00+03:00"},)j"
      R"j(  {"id": "c2", "parent": "c1", "author": "سارة", "body": "أوافقك الرأي."},)j"
      R"j(  {"author": "زائر", "body": "شكراً", "parent": ""})j"
      R"j(]})j",
      kNow);
  ASSERT_TRUE(rec.ok()) << rec.status().ToString();
  ASSERT_EQ(rec->comments.size(), 3u);

  const JsonlComment& c1 = rec->comments[0];
  EXPECT_EQ(c1.id, "c1");
  EXPECT_EQ(c1.parent, "");
  EXPECT_EQ(c1.author, "أحمد");
  EXPECT_EQ(c1.email, "ahmad@example.com");
  EXPECT_EQ(c1.url, "https://ahmad.example");
  EXPECT_EQ(c1.body, "تحليل ممتاز.");
  EXPECT_EQ(c1.published, 1531803600);  // 2018-07-17T05:00:00Z

  const JsonlComment& c2 = rec->comments[1];
  EXPECT_EQ(c2.id, "c2");
  EXPECT_EQ(c2.parent, "c1");
  EXPECT_EQ(c2.author, "سارة");
  EXPECT_TRUE(c2.email.empty());
  EXPECT_EQ(c2.published, rec->article.published_at);  // no date: the article's

  EXPECT_EQ(rec->comments[2].id, "3");  // no id: its position
  EXPECT_EQ(rec->comments[2].parent, "");
}

TEST(JsonlParseTest, RejectsBadComments) {
  const std::string head = R"j({"id": "x1", "title": "عنوان", "body": "نص", "comments": [)j";
  ExpectInvalid(head + R"j({"id": "c1", "body": "بلا كاتب"}]})j", "c1");
  ExpectInvalid(head + R"j({"id": "c1", "author": "أحمد"}]})j", "c1");
  ExpectInvalid(head + R"j({"id": "c1", "author": "أحمد", "body": "  "}]})j", "c1");
  ExpectInvalid(
      head + R"j({"id": "c1", "author": "أحمد", "body": "نص", "published": "2018-02-30"}]})j",
      "published");
  ExpectInvalid(head + R"j({"id": "c1", "author": 5, "body": "نص"}]})j", "author");
  ExpectInvalid(head + R"j({"id": "c1", "author": "أحمد", "body": "نص", "parent": 1}]})j",
                "parent");
}

TEST(JsonlParseTest, ReasonsAreShortAndEnglish) {
  auto rec = ParseJsonlLine("{", kNow);
  ASSERT_FALSE(rec.ok());
  // nlohmann's "[json.exception.parse_error.101] " prefix is dropped.
  EXPECT_EQ(rec.status().message().find("[json.exception"), std::string::npos)
      << rec.status().message();
  EXPECT_TRUE(rec.status().message().starts_with("invalid JSON: ")) << rec.status().message();
}

}  // namespace
}  // namespace khabar::importer
