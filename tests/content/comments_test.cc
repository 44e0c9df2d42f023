#include "src/content/comments.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "src/base/strings.h"

namespace khabar::content {
namespace {

CommentInput GoodComment() {
  CommentInput in;
  in.article_id = 17;
  in.author_name = "أحمد";
  in.email = "ahmad@example.com";
  in.author_url = "https://example.com/ahmad";
  in.body = "شكراً على هذا التقرير المفصّل.";
  return in;
}

// True when `s` holds at least one letter of the Arabic block.
bool HasArabicLetter(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = DecodeUtf8(s, &i);
    if (c >= 0x0621 && c <= 0x064A) return true;
  }
  return false;
}

std::vector<CommentField> Fields(const std::vector<FieldError>& errors) {
  std::vector<CommentField> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(CommentValidationTest, AcceptsAGoodComment) {
  EXPECT_TRUE(ValidateComment(GoodComment()).empty());
  CommentInput no_url = GoodComment();
  no_url.author_url.clear();  // the web address is optional
  EXPECT_TRUE(ValidateComment(no_url).empty());
}

TEST(CommentValidationTest, EachRequiredFieldIsReportedWithAnArabicMessage) {
  struct Case {
    const char* name;
    std::function<void(CommentInput*)> clear;
    CommentField field;
  };
  const std::vector<Case> cases = {
      {"body", [](CommentInput* c) { c->body.clear(); }, CommentField::kBody},
      {"author", [](CommentInput* c) { c->author_name.clear(); }, CommentField::kAuthor},
      {"email", [](CommentInput* c) { c->email.clear(); }, CommentField::kEmail},
  };
  for (const auto& c : cases) {
    CommentInput in = GoodComment();
    c.clear(&in);
    auto errors = ValidateComment(in);
    ASSERT_EQ(errors.size(), 1u) << c.name;
    EXPECT_EQ(errors[0].field, c.field) << c.name;
    EXPECT_FALSE(errors[0].message.empty()) << c.name;
    EXPECT_TRUE(IsValidUtf8(errors[0].message)) << c.name;
    EXPECT_TRUE(HasArabicLetter(errors[0].message)) << c.name << ": " << errors[0].message;
  }
}

TEST(CommentValidationTest, ReportsEveryProblemInFormOrder) {
  CommentInput empty;
  empty.author_url = "javascript:alert(1)";
  auto errors = ValidateComment(empty);
  EXPECT_EQ(Fields(errors), (std::vector<CommentField>{CommentField::kBody, CommentField::kAuthor,
                                                       CommentField::kEmail, CommentField::kUrl}));
  // Each problem has its own message.
  for (size_t i = 0; i < errors.size(); ++i) {
    for (size_t j = i + 1; j < errors.size(); ++j) EXPECT_NE(errors[i].message, errors[j].message);
  }
}

TEST(CommentValidationTest, BodyLimitCountsCharactersNotBytes) {
  CommentInput in = GoodComment();
  in.body = Repeat("ب", kMaxCommentBodyChars);  // 10,000 bytes, 5,000 characters
  EXPECT_TRUE(ValidateComment(in).empty());

  in.body = Repeat("ب", kMaxCommentBodyChars + 1);
  auto errors = ValidateComment(in);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, CommentField::kBody);
  EXPECT_TRUE(HasArabicLetter(errors[0].message));
  // "Too long" is not the same message as "missing".
  CommentInput missing = GoodComment();
  missing.body.clear();
  EXPECT_NE(errors[0].message, ValidateComment(missing)[0].message);
}

TEST(CommentValidationTest, NameLimitCountsCharactersNotBytes) {
  CommentInput in = GoodComment();
  in.author_name = Repeat("م", kMaxCommentNameChars);
  EXPECT_TRUE(ValidateComment(in).empty());
  in.author_name = Repeat("م", kMaxCommentNameChars + 1);
  EXPECT_EQ(Fields(ValidateComment(in)), std::vector<CommentField>{CommentField::kAuthor});
}

TEST(CommentValidationTest, UrlLimit) {
  CommentInput in = GoodComment();
  in.author_url = "https://example.com/" + Repeat("a", kMaxCommentUrlChars - 20);
  EXPECT_TRUE(ValidateComment(in).empty());
  in.author_url += "a";
  EXPECT_EQ(Fields(ValidateComment(in)), std::vector<CommentField>{CommentField::kUrl});
}

TEST(CommentValidationTest, EmailIsCheckedForShape) {
  CommentInput in = GoodComment();
  in.email = "not-an-email";
  auto errors = ValidateComment(in);
  ASSERT_EQ(Fields(errors), std::vector<CommentField>{CommentField::kEmail});
  EXPECT_TRUE(HasArabicLetter(errors[0].message));
}

TEST(CommentValidationTest, WebAddressMustBeHttpOrHttps) {
  for (const char* ok : {"http://example.com", "https://example.com/مدونة", "HTTPS://EXAMPLE.COM",
                         "Http://example.com"}) {
    CommentInput in = GoodComment();
    in.author_url = ok;
    EXPECT_TRUE(ValidateComment(in).empty()) << ok;
  }
  for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x",
                          "ftp://example.com", "example.com", "//example.com", "https:/x",
                          "http://exa mple.com", "https://example.com/\"onmouseover=x",
                          "https://example.com/<script>", "https://example.com/'x"}) {
    CommentInput in = GoodComment();
    in.author_url = bad;
    auto errors = ValidateComment(in);
    ASSERT_EQ(Fields(errors), std::vector<CommentField>{CommentField::kUrl}) << bad;
    EXPECT_TRUE(HasArabicLetter(errors[0].message)) << bad;
  }
}

TEST(EmailTest, PlausibleAddresses) {
  for (const char* ok : {"ahmad@example.com", "a.b+news@mail.example.org", "x@y.co",
                         "قارئ@مثال.مصر", "reader_1@sub-domain.example.net"}) {
    EXPECT_TRUE(IsPlausibleEmail(ok)) << ok;
  }
}

TEST(EmailTest, ImplausibleAddresses) {
  for (const char* bad : {"",
                          "a",
                          "ahmad",
                          "ahmad@",
                          "@example.com",
                          "ahmad@example",
                          "ahmad@.com",
                          "ahmad@example.",
                          "ahmad@example..com",
                          "ahmad@@example.com",
                          "a@b@example.com",
                          "ahmad @example.com",
                          "ahmad@exa mple.com",
                          "ahmad@example.com ",
                          "<ahmad@example.com>",
                          "\"ahmad\"@example.com",
                          "a,b@example.com",
                          "a;b@example.com",
                          "a\\b@example.com",
                          "ahmad@example.com\n",
                          "ahmad\t@example.com"}) {
    EXPECT_FALSE(IsPlausibleEmail(bad)) << "accepted: " << bad;
  }
  std::string too_long = std::string(250, 'a') + "@example.com";
  EXPECT_FALSE(IsPlausibleEmail(too_long));
}

Comment MakeComment(int64_t id, int64_t parent, int64_t created_at) {
  Comment c;
  c.id = id;
  c.article_id = 17;
  c.parent_id = parent;
  c.author_name = "قارئ " + std::to_string(id);
  c.body = "تعليق رقم " + std::to_string(id);
  c.status = CommentStatus::kApproved;
  c.created_at = created_at;
  return c;
}

std::vector<int64_t> Ids(const std::vector<CommentNode>& nodes) {
  std::vector<int64_t> out;
  for (const auto& n : nodes) out.push_back(n.comment.id);
  return out;
}

size_t CountNodes(const std::vector<CommentNode>& nodes) {
  size_t n = nodes.size();
  for (const auto& node : nodes) n += CountNodes(node.replies);
  return n;
}

TEST(ThreadsTest, EmptyInputGivesNoThreads) { EXPECT_TRUE(BuildThreads({}).empty()); }

TEST(ThreadsTest, NestsRepliesUnderTheirParents) {
  auto threads = BuildThreads({
      MakeComment(1, 0, 100),
      MakeComment(2, 1, 200),
      MakeComment(3, 2, 300),
      MakeComment(4, 0, 150),
      MakeComment(5, 1, 250),
  });
  ASSERT_EQ(Ids(threads), (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(Ids(threads[0].replies), (std::vector<int64_t>{2, 5}));
  ASSERT_EQ(threads[0].replies.size(), 2u);
  EXPECT_EQ(Ids(threads[0].replies[0].replies), std::vector<int64_t>{3});
  EXPECT_TRUE(threads[0].replies[1].replies.empty());
  EXPECT_TRUE(threads[1].replies.empty());
  // The comment's content travels with it.
  EXPECT_EQ(threads[0].replies[0].replies[0].comment.body, "تعليق رقم 3");
}

TEST(ThreadsTest, OrphanReplyGoesToTheTopLevel) {
  // Comment 2 answers comment 9, which is not approved (not in the list).
  auto threads = BuildThreads({
      MakeComment(1, 0, 100),
      MakeComment(2, 9, 150),
      MakeComment(3, 2, 300),
  });
  ASSERT_EQ(Ids(threads), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(Ids(threads[1].replies), std::vector<int64_t>{3});
  EXPECT_EQ(CountNodes(threads), 3u);
}

TEST(ThreadsTest, OrdersOldestFirstAtEveryLevel) {
  // Given newest first, as a store might return them.
  auto threads = BuildThreads({
      MakeComment(7, 1, 700),
      MakeComment(6, 0, 600),
      MakeComment(5, 1, 500),
      MakeComment(4, 1, 400),
      MakeComment(3, 0, 300),
      MakeComment(1, 0, 100),
  });
  EXPECT_EQ(Ids(threads), (std::vector<int64_t>{1, 3, 6}));
  EXPECT_EQ(Ids(threads[0].replies), (std::vector<int64_t>{4, 5, 7}));
}

TEST(ThreadsTest, SameTimeIsOrderedById) {
  auto threads = BuildThreads({
      MakeComment(12, 0, 500),
      MakeComment(10, 0, 500),
      MakeComment(11, 0, 500),
  });
  EXPECT_EQ(Ids(threads), (std::vector<int64_t>{10, 11, 12}));
}

TEST(ThreadsTest, CommentAnsweringItselfIsNotLost) {
  auto threads = BuildThreads({MakeComment(1, 1, 100), MakeComment(2, 0, 50)});
  EXPECT_EQ(Ids(threads), (std::vector<int64_t>{2, 1}));
}

TEST(ThreadsTest, NoCommentIsLostOrDuplicated) {
  std::vector<Comment> comments;
  for (int64_t id = 1; id <= 40; ++id) {
    int64_t parent = id % 3 == 0 ? 0 : (id % 5 == 0 ? 1000 + id : id / 2);  // roots, orphans
    comments.push_back(MakeComment(id, parent, (id * 37) % 101));
  }
  auto threads = BuildThreads(comments);
  EXPECT_EQ(CountNodes(threads), comments.size());
}

TEST(CommentCountTest, ArabicNumberAgreement) {
  struct Case {
    int count;
    const char* want;
  };
  const Case cases[] = {
      {1, "تعليق واحد"},   {2, "تعليقان"},        {3, "٣ تعليقات"},     {10, "١٠ تعليقات"},
      {11, "١١ تعليقاً"},   {99, "٩٩ تعليقاً"},     {103, "١٠٣ تعليقات"}, {110, "١١٠ تعليقات"},
      {111, "١١١ تعليقاً"}, {1011, "١٠١١ تعليقاً"},
  };
  for (const auto& c : cases) EXPECT_EQ(CommentCountText(c.count), c.want) << c.count;
}

TEST(CommentCountTest, ZeroSaysThereAreNone) {
  std::string zero = CommentCountText(0);
  EXPECT_TRUE(zero.starts_with("لا ")) << zero;
  EXPECT_NE(zero.find("تعليقات"), std::string::npos) << zero;
  EXPECT_EQ(zero.find("٠"), std::string::npos) << zero;
  EXPECT_EQ(CommentCountText(-1), zero);
}

TEST(CommentCountTest, HundredsTakeTheSingular) {
  EXPECT_EQ(CommentCountText(100), "١٠٠ تعليق");
  EXPECT_EQ(CommentCountText(200), "٢٠٠ تعليق");
  EXPECT_EQ(CommentCountText(1000), "١٠٠٠ تعليق");
  EXPECT_EQ(CommentCountText(101), "١٠١ تعليق");
  EXPECT_EQ(CommentCountText(102), "١٠٢ تعليق");
}

TEST(CommentStatusTest, Names) {
  EXPECT_STREQ(CommentStatusName(CommentStatus::kPending), "pending");
  EXPECT_STREQ(CommentStatusName(CommentStatus::kApproved), "approved");
  EXPECT_STREQ(CommentStatusName(CommentStatus::kSpam), "spam");
}

}  // namespace
}  // namespace khabar::content

namespace khabar::content {
namespace {

CommentInput Spammy(std::string body, std::string url = "") {
  CommentInput in;
  in.author_name = "قارئ";
  in.email = "reader@example.com";
  in.author_url = std::move(url);
  in.body = std::move(body);
  in.ip = "192.0.2.7";
  return in;
}

TEST(JudgeCommentTest, EachDefenceNamesItsReason) {
  SpamRules rules;
  rules.blocklist = {"Casino", "198.51.100.", "", "كازينو"};
  EXPECT_EQ(JudgeComment(Spammy("رأي في الخبر"), rules, 60, 0), "");
  EXPECT_EQ(JudgeComment(Spammy("رأي"), rules, 1, 0), "posted too soon after the form was shown");
  EXPECT_EQ(JudgeComment(Spammy("رأي"), rules, 60, 5), "too many comments from this address");
  EXPECT_EQ(JudgeComment(Spammy("رأي"), rules, 60, 4), "");
  // Links: in the text and the web address together; https://www. counts once.
  EXPECT_EQ(JudgeComment(Spammy("https://www.a.example و http://b.example"), rules, 60, 0), "");
  EXPECT_EQ(
      JudgeComment(Spammy("https://a.example http://b.example", "https://c.example"), rules, 60, 0),
      "too many links");
  EXPECT_EQ(JudgeComment(Spammy("best CASINO here"), rules, 60, 0),
            "blocked word or address: Casino");
  EXPECT_EQ(JudgeComment(Spammy("أفضل كازينو"), rules, 60, 0), "blocked word or address: كازينو");
  CommentInput from_blocked = Spammy("رأي");
  from_blocked.ip = "198.51.100.23";
  EXPECT_EQ(JudgeComment(from_blocked, rules, 60, 0), "blocked word or address: 198.51.100.");
}

TEST(JudgeCommentTest, ZeroPerMinuteTurnsTheAddressLimitOffAndNothingElse) {
  SpamRules rules;
  rules.max_per_minute = 0;
  EXPECT_EQ(JudgeComment(Spammy("رأي"), rules, 60, 100000), "");
  EXPECT_EQ(JudgeComment(Spammy("رأي"), rules, 1, 100000),
            "posted too soon after the form was shown");
}

}  // namespace
}  // namespace khabar::content
