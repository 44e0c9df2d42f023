// End to end: two `khabar serve` nodes on one PostgreSQL database (a server this test
// starts in a temporary directory), each with its own page cache. A write on either node,
// or from the command line, shows on the other within a second (LISTEN/NOTIFY wakes it),
// and drops there only the pages that show what changed (the others stay cache hits). A
// session and its form token made on one node work on the other; a scheduled article is
// published once, by one of the two.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/pg_server.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpHeaders;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "عبارة مرور طويلة للعقدتين";
constexpr const char* kPort = "الميناء يستقبل أكبر سفينة حاويات هذا العام";  // 1: اقتصاد, موانئ
constexpr const char* kWheat = "ارتفاع صادرات القمح في الموسم الزراعي";  // 2: اقتصاد, زراعة
constexpr const char* kFinal = "الفريق المحلي يتأهل إلى نهائي الكأس بعد فوز صعب";  // 3: رياضة, كأس

class NodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::PostgresInstalled()) GTEST_SKIP() << "PostgreSQL 15 is not installed";
    std::string error;
    testing::PgServer* pg = testing::SharedPgServer(&error);
    ASSERT_NE(pg, nullptr) << error;
    db_ = pg->CreateDatabase(&error);
    ASSERT_FALSE(db_.empty()) << error;
    std::string file = dir_.File("articles.jsonl");
    {
      std::ofstream out(file);
      out << R"({"id": "n-1", "title": ")" << kPort
          << R"(", "body": "رست في الميناء سفينة حاويات هي الأكبر هذا العام.", )"
          << R"("category": "اقتصاد", "tags": ["موانئ"], "published": "2026-11-20T08:00:00Z"})"
          << "\n";
      out << R"({"id": "n-2", "title": ")" << kWheat
          << R"(", "body": "زادت صادرات القمح بعد موسم وفير الأمطار.", )"
          << R"("category": "اقتصاد", "tags": ["زراعة"], "published": "2026-11-19T08:00:00Z"})"
          << "\n";
      out << R"({"id": "n-3", "title": ")" << kFinal
          << R"(", "body": "تأهل الفريق المحلي إلى النهائي بهدف في الدقيقة الأخيرة.", )"
          << R"("category": "رياضة", "tags": ["كأس"], "published": "2026-11-18T08:00:00Z"})"
          << "\n";
    }
    auto imported = RunCommand({Binary(), "import", "jsonl", file, "--db", db_});
    ASSERT_EQ(imported.status, 0) << imported.err;
    auto user = RunCommand({Binary(), "user", "add", "salma", "--role", "editor", "--db", db_},
                           std::string(kPassword) + "\n");
    ASSERT_EQ(user.status, 0) << user.err;
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0})";
    for (auto* node : {&a_, &b_}) {
      *node = ServerProcess::Start(
          {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
      ASSERT_NE(*node, nullptr) << error;
    }
    for (int id = 1; id <= 3; ++id) {
      HttpResponse r = HttpGet(A(), "/n/" + std::to_string(id));
      ASSERT_EQ(r.status, 301);
      urls_.push_back(r.Header("location"));
    }
    cookie_ = SignIn(A(), "salma", kPassword);
    ASSERT_FALSE(cookie_.empty());
  }

  int A() { return a_->port(); }
  int B() { return b_->port(); }
  const std::string& Url(int id) { return urls_[static_cast<size_t>(id - 1)]; }
  static std::string Tag(const std::string& name) {
    return "/tag/" + PercentEncodePath(name) + "/";
  }

  // Reads `target` on `port` until it is a cache hit (the nodes' background work, related
  // blocks after the import, may still drop pages for a moment after they start).
  void Warm(int port, const std::string& target) {
    for (int i = 0; i < 60; ++i) {
      if (HttpGet(port, target).Header("x-cache") == "hit") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << target << " never came from the cache";
  }
  std::string CacheOf(int port, const std::string& target) {
    return HttpGet(port, target).Header("x-cache");
  }
  bool Shows(int port, const std::string& target, const std::string& text) {
    return HttpGet(port, target).body.find(text) != std::string::npos;
  }
  // Polls until `target` on `port` shows `text`: the seconds it took, or -1 after 5 s.
  double SecondsUntil(int port, const std::string& target, const std::string& text) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (Shows(port, target, text)) return s;
      if (s > 5) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  // The editor's form for `editor_path` as node `open_on` renders it for `cookie` (its
  // CSRF token, id and version), with `fields`, posted to node `post_to`.
  HttpResponse Save(int open_on, int post_to, const std::string& editor_path,
                    const HttpHeaders& fields) {
    auto doc = HtmlDocument::Parse(HttpGet(open_on, editor_path, {{"Cookie", cookie_}}).body);
    HttpHeaders form;
    for (const char* hidden : {"token", "id", "version"}) {
      auto input = doc.Select(std::string("form.editor input[name=") + hidden + "]");
      if (!input) {
        ADD_FAILURE() << "no editor form at " << editor_path;
        return HttpResponse{};
      }
      form.emplace_back(hidden, input->Attr("value"));
    }
    form.insert(form.end(), fields.begin(), fields.end());
    return HttpPostForm(post_to, "/admin/articles/save", form, {{"Cookie", cookie_}});
  }
  static HttpHeaders Fields(const std::string& title, const std::string& body,
                            const std::string& action, const std::string& category,
                            const std::string& tags, const std::string& publish_at = "") {
    return {{"title", title},           {"excerpt", ""},   {"body", body},
            {"category", category},     {"tags", tags},    {"breaking_hours", "0"},
            {"publish_at", publish_at}, {"action", action}};
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> a_, b_;
  std::vector<std::string> urls_;
  std::string cookie_;
};

TEST_F(NodesTest, AWriteAnywhereShowsOnEveryNodeWithinASecondAndDropsNothingElse) {
  const std::string ports = Tag("موانئ"), cup = Tag("كأس");
  for (int node : {A(), B()}) {
    for (const std::string& t : {Url(1), Url(2), Url(3), std::string("/"), ports, cup})
      Warm(node, t);
  }

  // Published on A through the newsroom: B's home and tag pages have it within a second.
  const std::string fresh = "الميناء يفتتح رصيفا جديدا للسفن السياحية";
  HttpResponse published = Save(
      A(), A(), "/admin/articles/new",
      Fields(fresh, "افتتح الميناء رصيفا مخصصا للسفن السياحية.", "publish", "اقتصاد", "موانئ"));
  ASSERT_EQ(published.status, 303) << published.body.substr(0, 400);
  double home = SecondsUntil(B(), "/", fresh);
  EXPECT_GE(home, 0);
  EXPECT_LT(home, 1.0);
  double tag = SecondsUntil(B(), ports, fresh);
  EXPECT_GE(tag, 0);
  EXPECT_LT(tag, 1.0);
  EXPECT_TRUE(Shows(A(), "/", fresh));  // and A at once (its own write)
  std::printf("published on A: on B's home after %.3f s, its tag page after %.3f s\n", home, tag);

  // Edited on B, with the session signed in on A and the form (and its CSRF token) that A
  // rendered: A's cached page of the article is fresh within a second; its other cached
  // pages stay (the body only changed: no list, no ticker shows it).
  for (int node : {A(), B()}) {
    for (const std::string& t : {Url(1), Url(2), Url(3), cup}) Warm(node, t);
  }
  HttpResponse edited =
      Save(A(), B(), "/admin/articles/1",
           Fields(kPort, "رست في الميناء أكبر سفينة حاويات وصلت هذا العام بحمولة قياسية.",
                  "publish", "اقتصاد", "موانئ"));
  ASSERT_EQ(edited.status, 303) << edited.body.substr(0, 400);
  double article = SecondsUntil(A(), Url(1), "بحمولة قياسية");
  EXPECT_GE(article, 0);
  EXPECT_LT(article, 1.0);
  std::printf("edited on B: on A's article page after %.3f s\n", article);
  for (int node : {A(), B()}) {
    EXPECT_EQ(CacheOf(node, Url(3)), "hit") << node;
    EXPECT_EQ(CacheOf(node, cup), "hit") << node;
  }

  // A reader's comment, approved from the command line: both nodes' cached pages of that
  // article show it within a second, and nothing else is dropped on either.
  auto doc = HtmlDocument::Parse(HttpGet(B(), Url(2)).body);
  HttpResponse posted = HttpPostForm(
      B(), "/wp-comments-post.php",
      {{"comment_post_ID", doc.Select("#commentform input[name=comment_post_ID]")->Attr("value")},
       {"comment_parent", "0"},
       {"token", doc.Select("#commentform input[name=token]")->Attr("value")},
       {"author", "قارئة"},
       {"email", "reader@example.com"},
       {"url", ""},
       {"comment", "تعليق توافق عليه سطر الأوامر للعقدتين"}});
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 300);
  auto queue = HtmlDocument::Parse(HttpGet(A(), "/admin/comments", {{"Cookie", cookie_}}).body);
  auto boxes = queue.SelectAll(".moderation-item input[name=ids]");
  ASSERT_EQ(boxes.size(), 1u);
  for (int node : {A(), B()}) {
    for (const std::string& t : {Url(1), Url(2), Url(3), std::string("/")}) Warm(node, t);
  }
  auto approved =
      RunCommand({Binary(), "comments", "approve", boxes.front().Attr("value"), "--db", db_});
  ASSERT_EQ(approved.status, 0) << approved.err;
  for (int node : {A(), B()}) {
    double s = SecondsUntil(node, Url(2), "تعليق توافق عليه سطر الأوامر للعقدتين");
    EXPECT_GE(s, 0) << node;
    EXPECT_LT(s, 1.0) << node;
    std::printf("approved from the command line: on node %s after %.3f s\n",
                node == A() ? "A" : "B", s);
  }
  for (int node : {A(), B()}) {
    EXPECT_EQ(CacheOf(node, Url(3)), "hit") << node;
    EXPECT_EQ(CacheOf(node, "/"), "hit") << node;
  }
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

// Login throttling is counted in the database: failures spread over both nodes slow the
// account on both, even with the right password.
TEST_F(NodesTest, LoginFailuresOnEitherNodeSlowTheAccountOnBoth) {
  auto log_in = [](int port, const std::string& password) {
    auto form = HtmlDocument::Parse(HttpGet(port, "/admin/login").body);
    auto token = form.Select("input[name=token]");
    if (!token) {
      ADD_FAILURE() << "no login form";
      return HttpResponse{};
    }
    return HttpPostForm(
        port, "/admin/login",
        {{"token", token->Attr("value")}, {"name", "salma"}, {"password", password}});
  };
  for (int port : {A(), B(), A(), B()}) {
    EXPECT_EQ(log_in(port, "كلمة خاطئة تماما").status, 401);
  }
  for (int port : {A(), B()}) {
    HttpResponse slowed = log_in(port, kPassword);
    EXPECT_EQ(slowed.status, 429) << (port == A() ? "node A" : "node B");
    EXPECT_FALSE(slowed.Header("retry-after").empty());
  }
}

TEST_F(NodesTest, AScheduledArticleIsPublishedOnceWhileTwoNodesRun) {
  Warm(B(), "/");
  const std::string title = "موعد افتتاح المعرض الدولي للكتاب";
  HttpResponse scheduled = Save(A(), A(), "/admin/articles/new",
                                Fields(title, "يفتتح المعرض الدولي للكتاب أبوابه للزوار.",
                                       "schedule", "ثقافة", "كتب", SecondsFromNow(2)));
  ASSERT_EQ(scheduled.status, 303) << scheduled.body.substr(0, 400);
  EXPECT_FALSE(Shows(B(), "/", title));
  // Both nodes look for due articles every second; whichever comes first publishes it, and
  // both show it.
  double seconds = SecondsUntil(B(), "/", title);
  EXPECT_GE(seconds, 0);
  EXPECT_TRUE(Shows(A(), "/", title));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // both had their turn
  int publications = 0;
  for (const auto* node : {&a_, &b_}) {
    std::string log = (*node)->ReadLog();
    for (size_t at = log.find("published 1 scheduled"); at != std::string::npos;
         at = log.find("published 1 scheduled", at + 1))
      ++publications;
  }
  EXPECT_EQ(publications, 1) << a_->ReadLog() << "\n---\n" << b_->ReadLog();
}

}  // namespace
}  // namespace khabar::e2e
