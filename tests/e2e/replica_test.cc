// End to end: `khabar serve --db PRIMARY --db-replica REPLICA` with a real streaming
// replica of a real PostgreSQL server (tests/testing/pg_server.h). Readers read the replica:
// with its replay paused they do not see what the primary has, and once it resumes they
// see it within a second, no page left stale in the cache. Whoever wrote (a reader whose
// comment was approved at once, a journalist who saved) sees the write at once, from the
// primary, while others see it when the replica has it. The replica refuses writes.
#include "src/store/replica.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

#include "src/store/store.h"
#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/pg_server.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::PgServer;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";
constexpr const char* kFirst = "المجلس البلدي يقر ميزانية الحدائق";
constexpr const char* kSecond = "افتتاح ممشى جديد على الكورنيش";
constexpr const char* kThird = "المنتخب يفوز في المباراة الودية بثلاثية";

std::string ArticleLine(const std::string& id, const std::string& title, const std::string& day) {
  std::string line = R"({"id": ")";
  line.append(id).append(R"(", "title": ")").append(title);
  line.append(R"(", "body": "نص الخبر كما نشرته الصحيفة في صفحتها الأولى.", )");
  line.append(R"("category": "محليات", "tags": ["حدائق"], "published": "2026-11-)");
  line.append(day).append("T08:00:00Z\"}\n");
  return line;
}

// The primary (this binary's shared server) and one replica of it, for the whole binary.
class ReplicaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    primary_ = testing::SharedPgServer(&error);
    if (primary_ != nullptr) replica_ = primary_->StartReplica(&error).release();
    if (replica_ == nullptr) start_error_ = new std::string(error);
  }
  static void TearDownTestSuite() {
    delete replica_;
    replica_ = nullptr;
    delete start_error_;
    start_error_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(replica_, nullptr) << *start_error_;
    std::string error;
    db_ = primary_->CreateDatabase(&error);
    ASSERT_FALSE(db_.empty()) << error;
    name_ = db_.substr(db_.find("@/") + 2);
    name_ = name_.substr(0, name_.find('?'));
    replica_db_ = replica_->Url(name_);
    std::string file = dir_.File("articles.jsonl");
    std::ofstream(file) << ArticleLine("a-1", kFirst, "20") << ArticleLine("a-2", kSecond, "19");
    auto imported = RunCommand({Binary(), "import", "jsonl", file, "--db", db_});
    ASSERT_EQ(imported.status, 0) << imported.err;
    auto user = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                           std::string(kPassword) + "\n");
    ASSERT_EQ(user.status, 0) << user.err;
    AwaitReplay();  // the database itself included: the server connects to it there
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0})";
    server_ =
        ServerProcess::Start({.binary = Binary(),
                              .db_path = db_,
                              .extra_args = {"--config", config, "--db-replica", replica_db_}},
                             &error);
    ASSERT_NE(server_, nullptr) << error;
    first_url_ = HttpGet(Port(), "/n/1").Header("location");
    ASSERT_FALSE(first_url_.empty());
  }

  void TearDown() override {
    // The next test creates its database through the replica's replay.
    if (paused_) ResumeReplay();
  }

  int Port() { return server_->port(); }

  // Waits until the replica has replayed everything the primary wrote so far.
  void AwaitReplay() {
    std::string error;
    std::string lsn = primary_->Sql("postgres", "SELECT pg_current_wal_insert_lsn()", &error);
    ASSERT_FALSE(lsn.empty()) << error;
    for (int i = 0; i < 500; ++i) {
      std::string sql = "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn";
      if (replica_->Sql("postgres", sql, &error) == "t") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "the replica did not replay " << lsn << " in 5 s";
  }
  void PauseReplay() {
    std::string error;
    replica_->Sql("postgres", "SELECT pg_wal_replay_pause()", &error);
    ASSERT_TRUE(error.empty()) << error;
    paused_ = true;
    for (int i = 0; i < 500; ++i) {
      if (replica_->Sql("postgres", "SELECT pg_get_wal_replay_pause_state()", &error) == "paused")
        return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL() << "replay did not pause: " << error;
  }
  void ResumeReplay() {
    std::string error;
    replica_->Sql("postgres", "SELECT pg_wal_replay_resume()", &error);
    EXPECT_TRUE(error.empty()) << error;
    paused_ = false;
  }

  bool Shows(const std::string& target, const std::string& text,
             const testing::HttpHeaders& headers = {}) {
    HttpResponse r = HttpGet(Port(), target, headers);
    return r.status == 200 && r.body.find(text) != std::string::npos;
  }
  // Polls until `target` shows `text` to a reader; the seconds it took, or -1 after 5 s.
  double SecondsUntil(const std::string& target, const std::string& text) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (Shows(target, text)) return s;
      if (s > 5) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // Reads `target` until it is a cache hit (at most 3 s). Until PostgreSQL keeps an exact
  // change journal, any commit (the server's own background work after an import, say)
  // empties the page cache, so a read may miss once more.
  void Warm(const std::string& target) {
    for (int i = 0; i < 150; ++i) {
      if (HttpGet(Port(), target).Header("x-cache") == "hit") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << target << " was never a cache hit";
  }

  // A reader (always the same name and e-mail) comments on the first article.
  HttpResponse PostComment(const std::string& text) {
    auto doc = HtmlDocument::Parse(HttpGet(Port(), first_url_).body);
    auto id = doc.Select("#commentform input[name=comment_post_ID]");
    auto token = doc.Select("#commentform input[name=token]");
    if (!id || !token) return HttpResponse{};
    return HttpPostForm(Port(), "/wp-comments-post.php",
                        {{"comment_post_ID", id->Attr("value")},
                         {"comment_parent", "0"},
                         {"token", token->Attr("value")},
                         {"author", "قارئ دائم"},
                         {"email", "reader@example.com"},
                         {"url", ""},
                         {"comment", text}});
  }

  static PgServer* primary_;
  static PgServer* replica_;
  static std::string* start_error_;
  testing::TempDir dir_;
  std::string db_, name_, replica_db_, first_url_;
  std::unique_ptr<ServerProcess> server_;
  bool paused_ = false;
};

PgServer* ReplicaTest::primary_ = nullptr;
PgServer* ReplicaTest::replica_ = nullptr;
std::string* ReplicaTest::start_error_ = nullptr;

TEST_F(ReplicaTest, ReadersReadTheReplicaAndSeeWhatItReplaysWithinASecond) {
  Warm("/");
  PauseReplay();
  std::string file = dir_.File("third.jsonl");
  std::ofstream(file) << ArticleLine("a-3", kThird, "21");
  auto imported = RunCommand({Binary(), "import", "jsonl", file, "--db", db_});
  ASSERT_EQ(imported.status, 0) << imported.err;
  std::string error;
  ASSERT_EQ(primary_->Sql(name_, "SELECT count(*) FROM articles", &error), "3") << error;
  AwaitOtherProcessWrite();
  // The primary has it; a page rendered now, not from the cache, comes from the replica.
  EXPECT_FALSE(Shows("/", kThird));
  HttpResponse rendered = HttpGet(Port(), "/?lagging=1");
  EXPECT_EQ(rendered.Header("x-cache"), "miss");
  EXPECT_EQ(rendered.body.find(kThird), std::string::npos);
  EXPECT_NE(rendered.body.find(kFirst), std::string::npos);

  ResumeReplay();
  double seconds = SecondsUntil("/", kThird);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 1.0);
  // The page cached while the replica lagged went too, and the fresh ones are cached again.
  EXPECT_TRUE(Shows("/?lagging=1", kThird));
  Warm("/");
  EXPECT_TRUE(Shows("/", kThird));
}

TEST_F(ReplicaTest, AReaderSeesTheirOwnCommentAtOnceOthersWhenTheReplicaHasIt) {
  // A first comment, approved from the command line, makes this reader trusted.
  auto started = std::chrono::steady_clock::now();
  HttpResponse first = PostComment("تعليق أول ينتظر الموافقة");
  auto healthy = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(first.status, 303) << first.body.substr(0, 300);
  auto pending = RunCommand({Binary(), "comments", "list", "--pending", "--db", db_});
  ASSERT_EQ(pending.status, 0) << pending.err;
  std::string id = pending.out.substr(0, pending.out.find('\t'));
  ASSERT_EQ(RunCommand({Binary(), "comments", "approve", id, "--db", db_}).status, 0);
  AwaitReplay();
  const std::string text = "تعليق ثان يظهر لكاتبه فورا";
  EXPECT_GE(SecondsUntil(first_url_, "تعليق أول ينتظر الموافقة"), 0);
  Warm(first_url_);

  PauseReplay();
  started = std::chrono::steady_clock::now();
  HttpResponse posted = PostComment(text);
  auto lagging = std::chrono::steady_clock::now() - started;
  // The figures of README › Deployment at scale › Read replicas.
  std::printf(
      "comment posted and answered: %.0f ms with the replica keeping up, %.0f ms with "
      "its replay paused (the wait's bound is 1 s)\n",
      std::chrono::duration<double, std::milli>(healthy).count(),
      std::chrono::duration<double, std::milli>(lagging).count());
  EXPECT_GE(lagging, std::chrono::milliseconds(1000));  // it waited for the replica
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 300);
  EXPECT_NE(posted.Header("location").find("#comment-"), std::string::npos)
      << "approved at once: " << posted.Header("location");
  std::string cookie = posted.Header("set-cookie");
  ASSERT_EQ(cookie.find("khabar_wrote="), 0u) << cookie;
  cookie = cookie.substr(0, cookie.find(';'));
  // Its writer reads the primary, past the shared cache; nobody else sees it yet.
  HttpResponse own = HttpGet(Port(), first_url_, {{"Cookie", cookie}});
  EXPECT_NE(own.body.find(text), std::string::npos);
  EXPECT_EQ(own.Header("x-cache"), "");
  EXPECT_EQ(own.Header("cache-control"), "private, no-store");
  EXPECT_FALSE(Shows(first_url_, text));

  ResumeReplay();
  double seconds = SecondsUntil(first_url_, text);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 1.0);
}

TEST_F(ReplicaTest, AJournalistSeesTheirSaveAtOnceReadersWhenTheReplicaHasIt) {
  std::string session = SignIn(Port(), "layla", kPassword);
  ASSERT_FALSE(session.empty());
  Warm("/");
  Warm(first_url_);
  PauseReplay();
  const std::string renamed = "المجلس البلدي يقر ميزانية موسعة للحدائق";
  HttpResponse saved = PostEditor(Port(), session, "/admin/articles/1",
                                  {{"title", renamed},
                                   {"excerpt", ""},
                                   {"body", "نص معدل بعد الاجتماع."},
                                   {"category", "محليات"},
                                   {"tags", "حدائق"},
                                   {"breaking_hours", "0"},
                                   {"publish_at", ""},
                                   {"action", "publish"}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 400);
  // The save dropped the cached pages; readers render them again from the lagging replica.
  EXPECT_TRUE(Shows("/", renamed, {{"Cookie", session}}));
  EXPECT_TRUE(Shows(first_url_, renamed, {{"Cookie", session}}));
  EXPECT_FALSE(Shows("/", renamed));
  EXPECT_TRUE(Shows("/", kFirst));
  EXPECT_FALSE(Shows(first_url_, renamed));

  ResumeReplay();
  double seconds = SecondsUntil("/", renamed);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 1.0);
  EXPECT_TRUE(Shows(first_url_, renamed));
}

TEST_F(ReplicaTest, TheReplicaRefusesWrites) {
  // The hot standby itself.
  std::string error;
  replica_->Sql(name_, "INSERT INTO settings(name, value) VALUES ('x', 'y')", &error);
  EXPECT_NE(error.find("read-only"), std::string::npos) << error;
  // And a store opened read-only refuses them even on a server that would take them.
  store::StoreOptions options;
  options.path = db_;
  options.read_only = true;
  auto ro = store::OpenStore(options);
  ASSERT_TRUE(ro.ok()) << ro.status().ToString();
  EXPECT_TRUE((*ro)->GetUserByName("layla").ok());
  auto added = (*ro)->GetOrCreateSetting("written_by_a_replica", "no");
  EXPECT_FALSE(added.ok());
  EXPECT_NE(added.status().message().find("read-only"), std::string::npos)
      << added.status().ToString();
  // A replica needs PostgreSQL on both sides.
  store::StoreOptions sqlite;
  sqlite.path = dir_.File("k.db");
  EXPECT_TRUE(store::OpenReplicatedStore(sqlite, replica_db_).status().IsInvalidArgument());
}

}  // namespace
}  // namespace khabar::e2e
