// The command line as other tools call it: import, moderation, serve and its shutdown.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::CommandResult;
using testing::RunCommand;
using testing::TempDir;

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(ImportCliTest, ReportsBadLinesByNumberAndImportsEveryGoodOne) {
  TempDir dir;
  std::string file = dir.File("mixed.jsonl");
  WriteFile(
      file,
      R"({"id": "ok-1", "title": "خبر أول", "body": "فقرة.\n\nفقرة ثانية.", "category": "محليات", "tags": ["وسم"], "published": "2018-07-16T20:09:14+00:00", "source": "", "url": ""})"
      "\n"
      "{not json\n"
      R"({"id": "no-title", "title": "  ", "body": "نص", "published": ""})"
      "\n"
      R"({"id": "bad-date", "title": "عنوان", "body": "نص", "published": "2018-02-30"})"
      "\n"
      "\n"
      R"({"id": "ok-2", "title": "خبر ثان", "body": "نص الخبر.", "category": "محليات", "tags": [], "published": "2016-12-20", "source": "", "url": ""})"
      "\n");
  std::string db = testing::TestDb(dir, "k.db");
  CommandResult r = RunCommand({Binary(), "import", "jsonl", file, "--db", db});
  EXPECT_NE(r.status, 0);  // some lines were skipped
  EXPECT_NE(r.err.find(":2: skipped: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":3: skipped: missing title"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":4: skipped: \"published\": bad date"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("imported 2, updated 0, unchanged 0, skipped 3"), std::string::npos)
      << r.out;
  // The same file again changes nothing.
  CommandResult again = RunCommand({Binary(), "import", "jsonl", file, "--db", db});
  EXPECT_NE(again.out.find("imported 0, updated 0, unchanged 2, skipped 3"), std::string::npos)
      << again.out;
}

TEST(ImportCliTest, SeedAndCorpusSampleImportIdempotently) {
  TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  std::string sample = SharedDir() + "/corpus/sample-100.jsonl";
  CommandResult r = RunCommand({Binary(), "import", "jsonl", sample, "--db", db});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("imported 100, updated 0, unchanged 0, skipped 0"), std::string::npos)
      << r.out;
  CommandResult again = RunCommand({Binary(), "import", "jsonl", sample, "--db", db});
  ASSERT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("imported 0, updated 0, unchanged 100"), std::string::npos) << again.out;
  // The seed article has no date (it gets the import time) and the demo has a breaking
  // story (breaking from the import): neither changes when imported again.
  for (const std::string& file :
       {SharedDir() + "/seed/article.jsonl", SourceDir() + "/web/demo/articles.jsonl"}) {
    CommandResult first = RunCommand({Binary(), "import", "jsonl", file, "--db", db});
    ASSERT_EQ(first.status, 0) << first.err;
    CommandResult second = RunCommand({Binary(), "import", "jsonl", file, "--db", db});
    EXPECT_NE(second.out.find("imported 0, updated 0, unchanged "), std::string::npos)
        << second.out;
    EXPECT_NE(second.out.find("(comments added 0)"), std::string::npos) << second.out;
  }
}

TEST(ImportCliTest, MissingFileOrBadDatabaseIsAClearError) {
  TempDir dir;
  CommandResult r =
      RunCommand({Binary(), "import", "jsonl", dir.File("none.jsonl"), "--db", dir.File("k.db")});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
  WriteFile(dir.File("notadb"), std::string(4096, 'x'));
  WriteFile(dir.File("one.jsonl"), R"({"id":"a","title":"t","body":"b"})"
                                   "\n");
  CommandResult bad =
      RunCommand({Binary(), "import", "jsonl", dir.File("one.jsonl"), "--db", dir.File("notadb")});
  EXPECT_NE(bad.status, 0);
  EXPECT_FALSE(bad.err.empty());
}

TEST(CommentsCliTest, ModeratingAnUnknownCommentFails) {
  TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  CommandResult list = RunCommand({Binary(), "comments", "list", "--db", db});
  EXPECT_EQ(list.status, 0);
  EXPECT_TRUE(list.out.empty());
  for (const char* action : {"approve", "spam", "trash", "delete"}) {
    CommandResult r = RunCommand({Binary(), "comments", action, "42", "--db", db});
    EXPECT_NE(r.status, 0) << action;
    EXPECT_NE(r.err.find("no comment with id 42"), std::string::npos) << r.err;
  }
  CommandResult bad = RunCommand({Binary(), "comments", "approve", "abc", "--db", db});
  EXPECT_NE(bad.status, 0);
  EXPECT_FALSE(bad.err.empty());
}

// The bytes of a file (the database and its WAL together hold every written page).
std::string ReadFileOrEmpty(const std::string& path) {
  std::string out;
  for (const std::string& p : {path, path + "-wal"}) {
    std::ifstream in(p, std::ios::binary);
    out.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

TEST(UserCliTest, AccountsAreManagedWithPasswordsFromStandardInput) {
  TempDir dir;
  std::string db = dir.File("k.db");  // SQLite on either run: the test reads the file
  const std::string password = "كلمة سر طويلة للتحرير";
  CommandResult add = RunCommand(
      {Binary(), "user", "add", "layla", "--role", "editor", "--display-name", "ليلى", "--db", db},
      password + "\n");
  ASSERT_EQ(add.status, 0) << add.err;
  EXPECT_EQ(add.out, "added layla (editor)\n");
  // The password is in no output and not in the database in clear.
  EXPECT_EQ(add.out.find(password), std::string::npos);
  EXPECT_EQ(add.err.find(password), std::string::npos);
  std::string file = ReadFileOrEmpty(db);
  EXPECT_EQ(file.find(password), std::string::npos);
  EXPECT_NE(file.find("$argon2id$"), std::string::npos);

  CommandResult list = RunCommand({Binary(), "user", "list", "--db", db});
  EXPECT_EQ(list.out, "layla\teditor\tactive\tليلى\n");
  // Refusals: a taken name, an unknown role, a weak or missing password, a bad name.
  EXPECT_EQ(RunCommand({Binary(), "user", "add", "layla", "--db", db}, password + "\n").status, 1);
  CommandResult role =
      RunCommand({Binary(), "user", "add", "omar", "--role", "root", "--db", db}, password + "\n");
  EXPECT_EQ(role.status, 2);
  EXPECT_NE(role.err.find("unknown role root"), std::string::npos) << role.err;
  CommandResult weak = RunCommand({Binary(), "user", "add", "omar", "--db", db}, "short\n");
  EXPECT_EQ(weak.status, 2);
  EXPECT_NE(weak.err.find("at least 10 characters"), std::string::npos) << weak.err;
  EXPECT_EQ(RunCommand({Binary(), "user", "add", "omar", "--db", db}).status, 2);
  EXPECT_EQ(RunCommand({Binary(), "user", "add", "a b", "--db", db}, password + "\n").status, 2);
  EXPECT_EQ(RunCommand({Binary(), "user", "list", "--db", db}).out.find("omar"), std::string::npos);

  CommandResult passwd =
      RunCommand({Binary(), "user", "passwd", "layla", "--db", db}, "another long password\n");
  EXPECT_EQ(passwd.status, 0) << passwd.err;
  EXPECT_EQ(RunCommand({Binary(), "user", "passwd", "nobody", "--db", db}, password).status, 4);
  CommandResult disable = RunCommand({Binary(), "user", "disable", "layla", "--db", db});
  EXPECT_EQ(disable.status, 0) << disable.err;
  EXPECT_EQ(RunCommand({Binary(), "user", "list", "--db", db}).out,
            "layla\teditor\tdisabled\tليلى\n");
  EXPECT_EQ(RunCommand({Binary(), "user", "disable", "nobody", "--db", db}).status, 4);
}

TEST(ServeCliTest, DemoSiteServesAndSigtermExitsCleanly) {
  TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  CommandResult r = RunCommand(
      {Binary(), "import", "jsonl", SourceDir() + "/web/demo/articles.jsonl", "--db", db});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("imported 14"), std::string::npos) << r.out;
  std::string error;
  auto server = testing::ServerProcess::Start({.binary = Binary(), .db_path = db}, &error);
  ASSERT_NE(server, nullptr) << error;
  testing::HttpResponse home = testing::HttpGet(server->port(), "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("مدينة الساحل"), std::string::npos);
  EXPECT_EQ(server->Stop(), 0);
}

TEST(ServeCliTest, BadListenAddressIsRefused) {
  TempDir dir;
  CommandResult r =
      RunCommand({Binary(), "serve", "--db", dir.File("k.db"), "--listen", "nonsense"}, "",
                 std::chrono::seconds(20));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("HOST:PORT"), std::string::npos) << r.err;
}

// A second server started on a port another one listens on refuses to start, instead of
// silently sharing the port (and its readers) with it.
TEST(ServeCliTest, APortInUseIsRefusedNotShared) {
  TempDir dir;
  std::string error;
  auto first = testing::ServerProcess::Start(
      {.binary = Binary(), .db_path = testing::TestDb(dir, "first.db")}, &error);
  ASSERT_NE(first, nullptr) << error;
  std::string listen = "127.0.0.1:" + std::to_string(first->port());
  CommandResult second =
      RunCommand({Binary(), "serve", "--db", dir.File("second.db"), "--listen", listen}, "",
                 std::chrono::seconds(10));
  EXPECT_EQ(second.status, 1) << second.err;
  EXPECT_NE(second.err.find("cannot listen on " + listen), std::string::npos) << second.err;
  EXPECT_EQ(testing::HttpGet(first->port(), "/healthz").status, 200);
  EXPECT_EQ(first->Stop(), 0);
}

// A blocking TCP connection to 127.0.0.1:port, or -1.
int ConnectLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Connects to 127.0.0.1:port, sends `partial`, then reads until the server closes or
// `wait` passes. Returns what was read and, in *closed_after, how long the server took.
std::string SendAndWaitForClose(int port, const std::string& partial, std::chrono::seconds wait,
                                std::chrono::milliseconds* closed_after) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return "connect failed";
  auto start = std::chrono::steady_clock::now();
  if (!partial.empty()) (void)!write(fd, partial.data(), partial.size());
  std::string got;
  *closed_after = std::chrono::milliseconds::max();
  while (std::chrono::steady_clock::now() - start < wait) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) {
      *closed_after = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
      break;
    }
    got.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return got;
}

TEST(ServeCliTest, SlowAndIdleConnectionsAreTimedOut) {
  TempDir dir;
  std::string config = dir.File("khabar.json");
  WriteFile(
      config,
      R"({"read_timeout_seconds": 1, "idle_timeout_seconds": 1, "site_name": "خبر الاختبار"})");
  std::string error;
  auto server = testing::ServerProcess::Start({.binary = Binary(),
                                               .db_path = testing::TestDb(dir, "k.db"),
                                               .extra_args = {"--config", config}},
                                              &error);
  ASSERT_NE(server, nullptr) << error;
  // A request that never finishes its headers gets 408 and the connection closes.
  std::chrono::milliseconds took;
  std::string got = SendAndWaitForClose(server->port(), "GET / HTTP/1.1\r\nHost: x\r\n",
                                        std::chrono::seconds(10), &took);
  EXPECT_EQ(got.rfind("HTTP/1.1 408", 0), 0u) << got.substr(0, 80);
  EXPECT_LT(took.count(), 5000);
  // A connection that sends nothing is closed without an answer.
  got = SendAndWaitForClose(server->port(), "", std::chrono::seconds(10), &took);
  EXPECT_TRUE(got.empty()) << got.substr(0, 80);
  EXPECT_LT(took.count(), 5000);
  // The settings file took effect.
  EXPECT_NE(testing::HttpGet(server->port(), "/").body.find("خبر الاختبار"), std::string::npos);
  EXPECT_EQ(server->Stop(), 0);
}

TEST(ServeCliTest, SigtermFinishesTheRequestInFlightThenExitsZero) {
  TempDir dir;
  std::string error;
  auto server = testing::ServerProcess::Start(
      {.binary = Binary(), .db_path = testing::TestDb(dir, "k.db")}, &error);
  ASSERT_NE(server, nullptr) << error;
  int fd = ConnectLoopback(server->port());
  ASSERT_GE(fd, 0);
  // Half a request: headers and part of the body.
  std::string body = "comment_post_ID=1&author=x&email=x%40example.com&comment=abcdefgh";
  std::string head =
      "POST /wp-comments-post.php HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/x-www-form-urlencoded\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  std::string first = head + body.substr(0, 10);
  ASSERT_EQ(write(fd, first.data(), first.size()), static_cast<ssize_t>(first.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(kill(server->pid(), SIGTERM), 0);
  // New connections are soon no longer accepted...
  int status = 200;
  for (int i = 0; i < 100 && status != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = testing::HttpGet(server->port(), "/healthz").status;
  }
  EXPECT_EQ(status, 0);
  // ...but the request in flight is answered once its body arrives.
  std::string rest = body.substr(10);
  ASSERT_EQ(write(fd, rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
  close(fd);
  EXPECT_EQ(got.rfind("HTTP/1.1 404", 0), 0u) << got.substr(0, 80);  // no article 1: a clean 404
  EXPECT_EQ(server->Stop(), 0);
}

// An operator (or a supervisor) that sends SIGTERM again while the server stops must not
// turn a clean stop into death by signal: the later signals are ignored, on every thread.
TEST(ServeCliTest, RepeatedSigtermWhileStoppingStillExitsZero) {
  TempDir dir;
  std::string error;
  auto server = testing::ServerProcess::Start(
      {.binary = Binary(), .db_path = testing::TestDb(dir, "k.db")}, &error);
  ASSERT_NE(server, nullptr) << error;
  ASSERT_EQ(testing::HttpGet(server->port(), "/").status, 200);
  ASSERT_EQ(kill(server->pid(), SIGTERM), 0);
  // SIGTERM after SIGTERM, as fast as they go, until the process has gone.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server->IsRunning() && std::chrono::steady_clock::now() < deadline) {
    kill(server->pid(), SIGTERM);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  EXPECT_EQ(server->Stop(), 0) << server->ReadLog();
}

// Polls `target` until its body contains `needle` (or 10 s pass).
bool EventuallyContains(int port, const std::string& target, const std::string& needle) {
  for (int i = 0; i < 100; ++i) {
    if (testing::HttpGet(port, target).body.find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(ServeCliTest, SighupReloadsAnEditedThemeWithoutARestart) {
  TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  ASSERT_EQ(RunCommand(
                {Binary(), "import", "jsonl", SourceDir() + "/web/demo/articles.jsonl", "--db", db})
                .status,
            0);
  std::string theme = dir.File("theme");
  std::filesystem::create_directories(theme);
  auto write_card = [&](const std::string& marker) {
    WriteFile(theme + "/card.mustache",
              "<article class=\"card\"><h3 class=\"card-title\"><a href=\"{{url}}\">"
              "{{title}}</a></h3><p>" +
                  marker + "</p></article>");
  };
  write_card("بطاقة-1");
  std::string error;
  auto server = testing::ServerProcess::Start(
      {.binary = Binary(), .db_path = db, .extra_args = {"--theme", theme}}, &error);
  ASSERT_NE(server, nullptr) << error;
  EXPECT_NE(testing::HttpGet(server->port(), "/").body.find("بطاقة-1"), std::string::npos);
  EXPECT_EQ(testing::HttpGet(server->port(), "/").Header("x-cache"), "hit");
  // The publisher edits the card and signals the server: the cached home page goes too.
  write_card("بطاقة-2");
  ASSERT_EQ(kill(server->pid(), SIGHUP), 0);
  EXPECT_TRUE(EventuallyContains(server->port(), "/", "بطاقة-2"));
  // A template with a syntax error is refused; the site keeps the last good one.
  WriteFile(theme + "/card.mustache", "{{#unclosed}}");
  ASSERT_EQ(kill(server->pid(), SIGHUP), 0);
  bool reported = false;
  for (int i = 0; i < 100 && !reported; ++i) {
    reported = server->ReadLog().find("templates not reloaded") != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(reported) << server->ReadLog();
  EXPECT_NE(server->ReadLog().find("card.mustache"), std::string::npos);
  testing::HttpResponse still = testing::HttpGet(server->port(), "/");
  EXPECT_EQ(still.status, 200);
  EXPECT_NE(still.body.find("بطاقة-2"), std::string::npos);
  EXPECT_EQ(server->Stop(), 0);
}

TEST(ServeCliTest, BadSettingsFileIsRefusedWithTheKeyNamed) {
  TempDir dir;
  std::string config = dir.File("khabar.json");
  WriteFile(config, R"({"site_nmae": "خطأ إملائي"})");
  CommandResult r = RunCommand({Binary(), "serve", "--config", config, "--db", dir.File("k.db")},
                               "", std::chrono::seconds(20));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("unknown setting \"site_nmae\""), std::string::npos) << r.err;
  WriteFile(config, R"({"per_page": "ten"})");
  r = RunCommand({Binary(), "serve", "--config", config, "--db", dir.File("k.db")}, "",
                 std::chrono::seconds(20));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("per_page"), std::string::npos) << r.err;
  WriteFile(config, "{not json");
  r = RunCommand({Binary(), "serve", "--config", config, "--db", dir.File("k.db")}, "",
                 std::chrono::seconds(20));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("not valid JSON"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace khabar::e2e
