// End to end: the newsroom's door. An account made with `khabar user add`, then login,
// the session cookie, logout, CSRF refusals and the slowing of repeated failures, through
// the real binary over HTTP.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

class AdminTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    for (auto [name, role] : {std::pair{"layla", "editor"}, std::pair{"sami", "contributor"}}) {
      auto r = RunCommand({Binary(), "user", "add", name, "--role", role, "--db", db_},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(r.status, 0) << r.err;
    }
    // Tests post as soon as they load a form: no minimum delay, but a block list.
    std::string config = dir_.File("khabar.json");
    std::ofstream(config)
        << R"({"comment_min_seconds": 0, "comment_blocklist": ["كازينو", "Spam.Example"]})";
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  // The login form's CSRF token.
  std::string LoginToken() {
    HttpResponse r = HttpGet(Port(), "/admin/login");
    EXPECT_EQ(r.status, 200);
    auto token =
        HtmlDocument::Parse(r.body).Select("form[action=\"/admin/login\"] input[name=token]");
    return token ? token->Attr("value") : "";
  }

  HttpResponse LogIn(const std::string& name, const std::string& password) {
    return HttpPostForm(Port(), "/admin/login",
                        {{"token", LoginToken()}, {"name", name}, {"password", password}});
  }

  // "khabar_session=…" from a Set-Cookie header.
  static std::string CookieOf(const HttpResponse& r) {
    std::string c = r.Header("set-cookie");
    return c.substr(0, c.find(';'));
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(AdminTest, LoginSessionAndLogout) {
  // Not signed in: the admin sends to the login page.
  HttpResponse home = HttpGet(Port(), "/admin/");
  EXPECT_EQ(home.status, 303);
  EXPECT_EQ(home.Header("location"), "/admin/login");

  HttpResponse in = LogIn("layla", kPassword);
  ASSERT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(in.Header("location"), "/admin/");
  std::string set_cookie = in.Header("set-cookie");
  EXPECT_EQ(set_cookie.rfind("khabar_session=", 0), 0u);
  for (const char* flag : {"HttpOnly", "SameSite=Lax", "Path=/"}) {
    EXPECT_NE(set_cookie.find(flag), std::string::npos) << set_cookie;
  }
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP unless configured
  std::string cookie = CookieOf(in);

  HttpResponse page = HttpGet(Port(), "/admin/", {{"Cookie", cookie}});
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("cache-control"), "no-store");
  EXPECT_EQ(page.Header("x-cache"), "");
  EXPECT_NE(page.Header("content-security-policy").find("frame-ancestors"), std::string::npos);
  auto doc = HtmlDocument::Parse(page.body);
  EXPECT_NE(doc.Select("h1")->Text().find("layla"), std::string::npos);
  EXPECT_NE(doc.Select(".admin-role")->Text().find("محرر"), std::string::npos);
  EXPECT_TRUE(doc.Select(".admin-pending"));  // editors moderate
  // The token itself is in no stored place: the database holds only its digest.
  std::string token = cookie.substr(cookie.find('=') + 1);
  EXPECT_EQ(token.size(), 43u);

  // Logout without its CSRF token changes nothing.
  HttpResponse forged =
      HttpPostForm(Port(), "/admin/logout", {{"token", "x"}}, {{"Cookie", cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(HttpGet(Port(), "/admin/", {{"Cookie", cookie}}).status, 200);
  std::string logout_token =
      doc.Select("form[action=\"/admin/logout\"] input[name=token]")->Attr("value");
  HttpResponse out =
      HttpPostForm(Port(), "/admin/logout", {{"token", logout_token}}, {{"Cookie", cookie}});
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  // The session ended on the server: the old cookie no longer opens anything.
  EXPECT_EQ(HttpGet(Port(), "/admin/", {{"Cookie", cookie}}).status, 303);
}

TEST_F(AdminTest, ContributorSeesNoModerationAndDisabledAccountsAreOut) {
  HttpResponse in = LogIn("sami", kPassword);
  ASSERT_EQ(in.status, 303);
  std::string cookie = CookieOf(in);
  auto doc = HtmlDocument::Parse(HttpGet(Port(), "/admin/", {{"Cookie", cookie}}).body);
  EXPECT_NE(doc.Select(".admin-role")->Text().find("مساهم"), std::string::npos);
  EXPECT_FALSE(doc.Select(".admin-pending"));
  // Disabling the account from the command line ends its session at once.
  ASSERT_EQ(RunCommand({Binary(), "user", "disable", "sami", "--db", db_}).status, 0);
  EXPECT_EQ(HttpGet(Port(), "/admin/", {{"Cookie", cookie}}).status, 303);
  EXPECT_EQ(LogIn("sami", kPassword).status, 401);
}

TEST_F(AdminTest, WrongLoginsSayNothingAboutWhichPartAndAreSlowed) {
  HttpResponse wrong_password = LogIn("layla", "not the password at all");
  HttpResponse wrong_name = LogIn("nobody", kPassword);
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_name.status, 401);
  auto message = [](const HttpResponse& r) {
    auto n = HtmlDocument::Parse(r.body).Select(".notice");
    return n ? n->Text() : std::string();
  };
  EXPECT_EQ(message(wrong_password), "اسم المستخدم أو كلمة المرور غير صحيحة.");
  EXPECT_EQ(message(wrong_password), message(wrong_name));
  EXPECT_TRUE(wrong_password.Header("set-cookie").empty());
  // The name typed comes back in the form; the password never does.
  EXPECT_EQ(wrong_password.body.find("not the password at all"), std::string::npos);
  // Without the form's token: 403, nothing checked.
  HttpResponse forged =
      HttpPostForm(Port(), "/admin/login", {{"name", "layla"}, {"password", kPassword}});
  EXPECT_EQ(forged.status, 403);
  // After more failures the account waits, even with the right password.
  for (int i = 0; i < 3; ++i) LogIn("layla", "still not the password");
  HttpResponse slowed = LogIn("layla", kPassword);
  EXPECT_EQ(slowed.status, 429);
  EXPECT_FALSE(slowed.Header("retry-after").empty());
  EXPECT_EQ(message(slowed), "محاولات دخول كثيرة. انتظر قليلًا ثم حاول مجددًا.");
}

// A reader comments on the seed article; returns where the form sent them.
std::string PostComment(int port, const std::string& name, const std::string& email,
                        const std::string& text) {
  auto tag = HtmlDocument::Parse(HttpGet(port, "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/").body);
  std::string url = tag.Select("main .card-title a")->Attr("href");
  auto doc = HtmlDocument::Parse(HttpGet(port, url).body);
  HttpResponse r = HttpPostForm(
      port, "/wp-comments-post.php",
      {{"comment_post_ID", doc.Select("#commentform input[name=comment_post_ID]")->Attr("value")},
       {"comment_parent", "0"},
       {"token", doc.Select("#commentform input[name=token]")->Attr("value")},
       {"author", name},
       {"email", email},
       {"url", ""},
       {"comment", text}});
  EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
  return r.Header("location");
}

TEST_F(AdminTest, EditorsModerateInBulkAndKnownCommentersAreTrusted) {
  PostComment(Port(), "قارئة", "reader@example.com", "تعليق أول على الخبر");
  PostComment(Port(), "قارئ آخر", "other@example.com", "تعليق ثان على الخبر");
  std::string cookie = CookieOf(LogIn("layla", kPassword));
  auto queue = HtmlDocument::Parse(HttpGet(Port(), "/admin/comments", {{"Cookie", cookie}}).body);
  auto items = queue.SelectAll(".moderation-item");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_NE(queue.Select(".admin-tabs a[aria-current]")->Text().find("(٢)"), std::string::npos);
  EXPECT_NE(items[0].Text().find("تعليق ثان"), std::string::npos);
  EXPECT_NE(items[0].Text().find("تعزيز الدفاع الجوي"), std::string::npos);  // the article
  EXPECT_EQ(queue.Text().find("@example.com"), std::string::npos);           // never the e-mail
  std::string token = queue.Select("form.moderation input[name=token]")->Attr("value");
  std::vector<std::string> ids;
  for (const auto& box : queue.SelectAll(".moderation-item input[name=ids]"))
    ids.push_back(box.Attr("value"));

  // A forged request changes nothing.
  EXPECT_EQ(
      HttpPostForm(Port(), "/admin/comments",
                   {{"token", "x"}, {"action", "approve"}, {"ids", ids[0]}}, {{"Cookie", cookie}})
          .status,
      403);
  // Approving both at once.
  HttpResponse done = HttpPostForm(Port(), "/admin/comments",
                                   {{"token", token},
                                    {"status", "pending"},
                                    {"action", "approve"},
                                    {"ids", ids[0]},
                                    {"ids", ids[1]}},
                                   {{"Cookie", cookie}});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.Header("location"), "/admin/comments?status=pending&done=2");
  auto after =
      HtmlDocument::Parse(HttpGet(Port(), done.Header("location"), {{"Cookie", cookie}}).body);
  EXPECT_TRUE(after.SelectAll(".moderation-item").empty());
  EXPECT_NE(after.Select(".notice")->Text().find("٢"), std::string::npos);
  auto approved = HtmlDocument::Parse(
      HttpGet(Port(), "/admin/comments?status=approved", {{"Cookie", cookie}}).body);
  EXPECT_EQ(approved.SelectAll(".moderation-item").size(), 2u);

  // The same reader (name and e-mail, any case) is now published at once.
  std::string where = PostComment(Port(), "قارئة", "Reader@Example.com", "تعليق ثالث");
  EXPECT_NE(where.find("#comment-"), std::string::npos) << where;
  EXPECT_EQ(where.find("comment_status=pending"), std::string::npos);
  // A new name with a known e-mail still waits.
  EXPECT_NE(PostComment(Port(), "اسم آخر", "reader@example.com", "تعليق رابع").find("pending"),
            std::string::npos);

  // A contributor may not moderate.
  std::string contributor = CookieOf(LogIn("sami", kPassword));
  EXPECT_EQ(HttpGet(Port(), "/admin/comments", {{"Cookie", contributor}}).status, 403);
  EXPECT_EQ(HttpPostForm(Port(), "/admin/comments",
                         {{"token", token}, {"action", "delete"}, {"ids", ids[0]}},
                         {{"Cookie", contributor}})
                .status,
            403);
}

// Fills the editor at `editor_path` and presses the button `action`.
HttpResponse SaveArticle(int port, const std::string& cookie, const std::string& editor_path,
                         const std::string& title, const std::string& action,
                         const std::string& hours = "0", const std::string& publish_at = "") {
  return PostEditor(port, cookie, editor_path,
                    {{"title", title},
                     {"excerpt", ""},
                     {"body", "الفقرة الأولى من الخبر.\n\nالفقرة الثانية."},
                     {"category", "محليات"},
                     {"tags", "بلدية، انتخابات"},
                     {"breaking_hours", hours},
                     {"publish_at", publish_at},
                     {"action", action}});
}

TEST_F(AdminTest, JournalistsWriteEditorsPublishAndReadersSeeIt) {
  std::string contributor = CookieOf(LogIn("sami", kPassword));
  // A contributor saves a draft and submits it; they cannot publish.
  HttpResponse draft = SaveArticle(Port(), contributor, "/admin/articles/new",
                                   "مجلس البلدية يقر ميزانية العام", "draft");
  ASSERT_EQ(draft.status, 303) << draft.body.substr(0, 300);
  std::string editor_path = draft.Header("location").substr(0, draft.Header("location").find('?'));
  auto saved = HtmlDocument::Parse(
      HttpGet(Port(), draft.Header("location"), {{"Cookie", contributor}}).body);
  EXPECT_EQ(saved.Select(".article-status")->Text(), "مسودة");
  EXPECT_FALSE(saved.Select("button[value=publish]"));
  EXPECT_EQ(
      SaveArticle(Port(), contributor, editor_path, "مجلس البلدية يقر ميزانية العام", "publish")
          .status,
      403);
  EXPECT_EQ(
      SaveArticle(Port(), contributor, editor_path, "مجلس البلدية يقر ميزانية العام", "pending")
          .status,
      303);
  // Not on the site, not in search.
  EXPECT_EQ(HttpGet(Port(), "/").body.find("مجلس البلدية"), std::string::npos);
  EXPECT_EQ(
      HttpGet(Port(), "/api/search?q=" + testing::PercentEncodePath("ميزانية")).body.find("مجلس"),
      std::string::npos);

  // The editor publishes it as breaking news: home page, ticker, tag page, search.
  std::string editor = CookieOf(LogIn("layla", kPassword));
  auto list = HtmlDocument::Parse(
      HttpGet(Port(), "/admin/articles?status=pending", {{"Cookie", editor}}).body);
  auto pending = list.Select(".admin-table tbody tr");
  ASSERT_TRUE(pending);
  EXPECT_NE(pending->Text().find("مجلس البلدية"), std::string::npos);
  EXPECT_NE(pending->Text().find("بانتظار المراجعة"), std::string::npos);
  HttpResponse published =
      SaveArticle(Port(), editor, editor_path, "مجلس البلدية يقر ميزانية العام", "publish", "2");
  ASSERT_EQ(published.status, 303);
  auto after =
      HtmlDocument::Parse(HttpGet(Port(), published.Header("location"), {{"Cookie", editor}}).body);
  EXPECT_EQ(after.Select(".article-status")->Text(), "منشور");
  std::string url = after.Select(".page-header a[href^=\"/20\"]")->Attr("href");
  auto page = HtmlDocument::Parse(HttpGet(Port(), url).body);
  EXPECT_EQ(page.Select("h1")->Text(), "مجلس البلدية يقر ميزانية العام");
  EXPECT_EQ(page.SelectAll(".tags a").size(), 2u);
  auto home = HtmlDocument::Parse(HttpGet(Port(), "/").body);
  auto first_in_ticker = home.Select("#ticker li");
  ASSERT_TRUE(first_in_ticker);
  EXPECT_EQ(first_in_ticker->Attr("class"), "ticker-item breaking");
  EXPECT_NE(first_in_ticker->Text().find("مجلس البلدية"), std::string::npos);
  EXPECT_NE(HttpGet(Port(), "/api/search?q=" + testing::PercentEncodePath("ميزانيات البلديه"))
                .body.find("مجلس البلدية"),
            std::string::npos);
  // A correction shows at the top of the article, dated; contributors cannot add one.
  auto editor_page = HtmlDocument::Parse(HttpGet(Port(), editor_path, {{"Cookie", editor}}).body);
  auto correction_token = editor_page.Select("form.correction input[name=token]");
  ASSERT_TRUE(correction_token);
  HttpResponse corrected = HttpPostForm(
      Port(), editor_path + "/correction",
      {{"token", correction_token->Attr("value")}, {"text", "صُحّح رقم الميزانية إلى ٢٠ مليونًا."}},
      {{"Cookie", editor}});
  EXPECT_EQ(corrected.status, 303);
  HttpResponse fixed_page = HttpGet(Port(), url);
  auto fixed = HtmlDocument::Parse(fixed_page.body);
  auto note = fixed.Select("article.article > aside.corrections");
  ASSERT_TRUE(note);
  // At the top: before the body's first paragraph.
  EXPECT_LT(fixed_page.body.find("class=\"corrections\""),
            fixed_page.body.find("class=\"article-body\""));
  EXPECT_NE(note->Text().find("تصحيح"), std::string::npos);
  EXPECT_NE(note->Text().find("صُحّح رقم الميزانية"), std::string::npos);
  EXPECT_TRUE(note->Select("time[datetime]"));
  EXPECT_EQ(HttpPostForm(Port(), editor_path + "/correction",
                         {{"token", correction_token->Attr("value")}, {"text", "تصحيح"}},
                         {{"Cookie", contributor}})
                .status,
            403);

  // Without the editor's token nothing is saved; an empty title is refused with the text kept.
  EXPECT_EQ(
      HttpPostForm(Port(), "/admin/articles/save",
                   {{"title", "عنوان"}, {"body", "نص"}, {"action", "draft"}}, {{"Cookie", editor}})
          .status,
      403);
  HttpResponse empty = SaveArticle(Port(), editor, "/admin/articles/new", "", "draft");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("اكتب عنوان المقال."), std::string::npos);
  EXPECT_NE(empty.body.find("الفقرة الأولى من الخبر."), std::string::npos);
}

// "YYYY-MM-DDTHH:MM:SS" in UTC, `seconds` from now.
std::string SecondsFromNow(int64_t seconds) {
  time_t tt = static_cast<time_t>(std::time(nullptr) + seconds);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

TEST_F(AdminTest, ScheduledArticlesAppearOnTimeAndUnpublishedOnesLeave) {
  std::string editor = CookieOf(LogIn("layla", kPassword));
  // A time in the past is refused, with the text kept.
  HttpResponse past = SaveArticle(Port(), editor, "/admin/articles/new", "خبر مجدول للاختبار",
                                  "schedule", "0", "2001-01-01T10:00");
  EXPECT_EQ(past.status, 422);
  EXPECT_NE(past.body.find("في المستقبل"), std::string::npos);
  // Scheduled three seconds ahead: not on the site until then, then there with nobody acting.
  std::string when = SecondsFromNow(3);
  HttpResponse scheduled = SaveArticle(Port(), editor, "/admin/articles/new", "خبر مجدول للاختبار",
                                       "schedule", "0", when);
  ASSERT_EQ(scheduled.status, 303) << scheduled.body.substr(0, 300);
  auto saved =
      HtmlDocument::Parse(HttpGet(Port(), scheduled.Header("location"), {{"Cookie", editor}}).body);
  EXPECT_EQ(saved.Select(".article-status")->Text(), "مجدول");
  EXPECT_EQ(saved.Select("#f-publish-at")->Attr("value"), when.substr(0, 16));
  auto found = [&] {
    return HttpGet(Port(), "/api/search?q=" + testing::PercentEncodePath("مجدول للاختبار"))
               .body.find("خبر مجدول للاختبار") != std::string::npos;
  };
  EXPECT_FALSE(found());
  bool appeared = false;
  for (int i = 0; i < 15 && !appeared; ++i) {  // three seconds, plus the worker's second
    std::this_thread::sleep_for(std::chrono::seconds(1));
    appeared = found();
  }
  EXPECT_TRUE(appeared);
  // Unpublishing takes it off the site at once: its URL is a 404 and search forgets it.
  std::string editor_path =
      scheduled.Header("location").substr(0, scheduled.Header("location").find('?'));
  auto page = HtmlDocument::Parse(HttpGet(Port(), editor_path, {{"Cookie", editor}}).body);
  ASSERT_TRUE(page.Select("button[value=unpublish]"));
  std::string url = page.Select(".page-header a[href^=\"/20\"]")->Attr("href");
  EXPECT_EQ(HttpGet(Port(), url).status, 200);
  EXPECT_EQ(SaveArticle(Port(), editor, editor_path, "خبر مجدول للاختبار", "unpublish").status,
            303);
  EXPECT_EQ(HttpGet(Port(), url).status, 404);
  EXPECT_FALSE(found());
}

TEST_F(AdminTest, AScheduleMissedWhileStoppedIsKeptAtTheNextStart) {
  std::string editor = CookieOf(LogIn("layla", kPassword));
  HttpResponse scheduled = SaveArticle(Port(), editor, "/admin/articles/new", "خبر بعد التوقف",
                                       "schedule", "0", SecondsFromNow(2));
  ASSERT_EQ(scheduled.status, 303);
  EXPECT_EQ(server_->Stop(), 0);
  server_.reset();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::string error;
  server_ = ServerProcess::Start({.binary = Binary(), .db_path = db_}, &error);
  ASSERT_NE(server_, nullptr) << error;
  bool appeared = false;
  for (int i = 0; i < 10 && !appeared; ++i) {
    appeared = HttpGet(Port(), "/api/search?q=" + testing::PercentEncodePath("بعد التوقف"))
                   .body.find("خبر بعد التوقف") != std::string::npos;
    if (!appeared) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_TRUE(appeared);
}

int SpamCount(const std::string& db) {
  auto r = RunCommand({Binary(), "comments", "list", "--db", db});
  int n = 0;
  for (size_t at = r.out.find("\tspam\t"); at != std::string::npos;
       at = r.out.find("\tspam\t", at + 1))
    ++n;
  return n;
}

TEST_F(AdminTest, TheNewsroomRepliesAndTheReplyIsPublishedUnderTheComment) {
  std::string article = PostComment(Port(), "قارئة", "q@example.com", "متى تبدأ الأعمال؟");
  article = article.substr(0, article.find('?'));
  std::string cookie = CookieOf(LogIn("layla", kPassword));
  auto queue = HtmlDocument::Parse(HttpGet(Port(), "/admin/comments", {{"Cookie", cookie}}).body);
  auto reply_form = queue.Select("form.reply");
  ASSERT_TRUE(reply_form);
  HttpResponse r =
      HttpPostForm(Port(), "/admin/comments/reply",
                   {{"token", reply_form->Select("input[name=token]")->Attr("value")},
                    {"status", "pending"},
                    {"comment", reply_form->Select("input[name=comment]")->Attr("value")},
                    {"text", "تبدأ الأعمال الأسبوع المقبل."}},
                   {{"Cookie", cookie}});
  EXPECT_EQ(r.status, 303);
  // Answering published the question too; the answer nests under it, signed by the editor.
  auto page = HtmlDocument::Parse(HttpGet(Port(), article).body);
  auto comments = page.SelectAll(".comment-list > .comment");
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_NE(comments[0].Text().find("متى تبدأ الأعمال؟"), std::string::npos);
  auto replies = comments[0].SelectAll(".comment .comment");
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_NE(replies[0].Text().find("تبدأ الأعمال الأسبوع المقبل."), std::string::npos);
  EXPECT_NE(replies[0].Text().find("layla"), std::string::npos);
  // Without the token, nothing.
  EXPECT_EQ(HttpPostForm(Port(), "/admin/comments/reply", {{"comment", "1"}, {"text", "رد"}},
                         {{"Cookie", cookie}})
                .status,
            403);
}

TEST_F(AdminTest, SpamDefencesKeepWhatTheyCatchAsSpam) {
  // Blocked words and addresses (any letter case), and too many links.
  PostComment(Port(), "قارئ", "a@spam.example", "تعليق عادي");
  PostComment(Port(), "قارئ", "b@example.com", "أفضل كازينو على الإنترنت");
  PostComment(Port(), "قارئ", "c@example.com",
              "روابط: http://a.example https://b.example www.c.example");
  EXPECT_EQ(SpamCount(db_), 3);
  PostComment(Port(), "قارئ", "d@example.com", "رأيي في الخبر مع رابط https://example.org");
  EXPECT_EQ(SpamCount(db_), 3);  // one link is fine
  // More than five comments a minute from one address: the rest are held as spam.
  for (int i = 0; i < 3; ++i)
    PostComment(Port(), "قارئ", "e@example.com", "تعليق رقم " + std::to_string(i));
  EXPECT_EQ(SpamCount(db_), 5);
  // Everything caught is listed under مزعجة, not lost.
  std::string cookie = CookieOf(LogIn("layla", kPassword));
  auto spam = HtmlDocument::Parse(
      HttpGet(Port(), "/admin/comments?status=spam", {{"Cookie", cookie}}).body);
  EXPECT_EQ(spam.SelectAll(".moderation-item").size(), 5u);
}

TEST(CommentFormTest, AFormPostedFasterThanAPersonCouldIsHeldAsSpam) {
  testing::TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  ASSERT_EQ(
      RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db})
          .status,
      0);
  std::string error;
  auto server = ServerProcess::Start({.binary = Binary(), .db_path = db}, &error);
  ASSERT_NE(server, nullptr) << error;
  PostComment(server->port(), "قارئ", "fast@example.com", "نشر فوري");
  EXPECT_EQ(SpamCount(db), 1);
}

}  // namespace
}  // namespace khabar::e2e
