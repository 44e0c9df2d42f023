// End to end, a cluster on loopback: a PostgreSQL server (started by the test), two Khabar
// nodes on it, each purging Varnish (deploy/varnish/khabar.vcl, Debian's varnishd and xkey)
// in front of both. An article published on node A is on the home page read through
// Varnish and from node B within a second; a page read twice through Varnish is a Varnish
// hit; a comment approved on B purges the cached article page; node A killed with SIGKILL
// under load leaves Varnish answering from B, and every acknowledged comment is stored.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
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
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kVarnishd = "/usr/sbin/varnishd";
constexpr const char* kPassword = "كلمة سر طويلة للتحرير";
using Clock = std::chrono::steady_clock;

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

// varnishd in the foreground (-F), its work folder in `dir`, everything as this user
// (-j none: root may run it without Varnish's jail users); stopped with its process group.
class Varnish {
 public:
  Varnish(const TempDir& dir, int port, const std::string& vcl) : port_(port) {
    log_ = dir.File("varnish.log");
    std::vector<std::string> args = {kVarnishd, "-F",
                                     "-j",      "none",
                                     "-n",      dir.File("varnish"),
                                     "-a",      "127.0.0.1:" + std::to_string(port),
                                     "-T",      "127.0.0.1:0",
                                     "-f",      vcl,
                                     "-p",      "vcl_path=" + dir.path(),
                                     "-s",      "malloc,64m"};
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~Varnish() { Stop(); }
  void Stop() {
    if (pid_ <= 0) return;
    pid_t group = pid_;
    pid_ = -1;
    kill(-group, SIGTERM);
    bool exited = false;
    for (int i = 0; i < 100 && !exited; ++i) {
      exited = waitpid(group, nullptr, WNOHANG) == group;
      if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(-group, SIGKILL);  // the cache process, or all of it after 5 s
    if (!exited) waitpid(group, nullptr, 0);
  }
  // Waits until Varnish answers /healthz through a node.
  bool Up() {
    for (int i = 0; i < 300; ++i) {
      if (testing::HttpGetWithTimeout(port_, "/healthz", std::chrono::milliseconds(500)).status ==
          200)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  int port() const { return port_; }

 private:
  int port_;
  pid_t pid_ = -1;
  std::string log_;
};

// Sends a raw request to 127.0.0.1:port from the source address `from` (another loopback
// address) and returns what came back (status line first).
std::string RawFrom(const char* from, int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in src{};
  src.sin_family = AF_INET;
  inet_pton(AF_INET, from, &src.sin_addr);
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  dst.sin_port = htons(static_cast<uint16_t>(port));
  std::string got;
  if (bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) == 0 &&
      connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) got.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return got;
}

// Seconds until `done()` holds (polled every 20 ms), or -1 after `limit` seconds.
double SecondsUntil(const std::function<bool()>& done, double limit = 5) {
  auto start = Clock::now();
  for (;;) {
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    if (done()) return s;
    if (s > limit) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

bool Shows(int port, const std::string& target, const std::string& text) {
  return HttpGet(port, target).body.find(text) != std::string::npos;
}

// A Varnish hit: X-Varnish names this request and the one that stored the object.
bool VarnishHit(const HttpResponse& r) {
  return r.Header("x-varnish").find(' ') != std::string::npos && !r.Header("age").empty();
}

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (access(kVarnishd, X_OK) != 0) {
      if (std::getenv("CI") != nullptr)
        FAIL() << kVarnishd << " is missing: scripts/install-deps.sh test installs it";
      GTEST_SKIP() << "varnishd is not installed (scripts/install-deps.sh test installs "
                      "varnish and varnish-modules); the cluster test needs it";
    }
    std::string error;
    testing::PgServer* pg = testing::SharedPgServer(&error);
    ASSERT_NE(pg, nullptr) << error;
    db_ = pg->CreateDatabase(&error);
    ASSERT_FALSE(db_.empty()) << error;
    WriteCorpusHead(dir_.File("head.jsonl"), 120);
    auto r = RunCommand({Binary(), "import", "jsonl", dir_.File("head.jsonl"), "--db", db_});
    ASSERT_EQ(r.status, 0) << r.err;
    r = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                   std::string(kPassword) + "\n");
    ASSERT_EQ(r.status, 0) << r.err;

    // Both nodes purge Varnish; all readers come from Varnish's address, so the
    // per-address limits are off, as a site behind a proxy sets them.
    int vport = FreePort();
    ASSERT_GT(vport, 0);
    std::string config = dir_.File("khabar.json");
    std::ofstream(config)
        << R"({"comment_min_seconds": 0, "comment_max_per_minute": 0, )"
        << R"("max_connections_per_address": 0, "purge_urls": ["http://127.0.0.1:)" << vport
        << R"(/"]})";
    for (auto* node : {&a_, &b_}) {
      *node = ServerProcess::Start({.binary = Binary(),
                                    .db_path = db_,
                                    .extra_args = {"--config", config, "--threads", "2"}},
                                   &error);
      ASSERT_NE(*node, nullptr) << error;
    }
    // The shipped VCL, with the nodes of this test.
    std::filesystem::copy_file(SourceDir() + "/deploy/varnish/khabar.vcl", dir_.File("khabar.vcl"));
    {
      std::ofstream nodes(dir_.File("nodes.vcl"));
      int i = 0;
      for (auto* node : {&a_, &b_}) {
        nodes << "backend node" << ++i << " { .host = \"127.0.0.1\"; .port = \"" << (*node)->port()
              << "\"; .probe = healthz; .connect_timeout = 1s; }\n";
      }
      nodes << "acl purgers { \"127.0.0.1\"; }\n"
            << "sub khabar_nodes { nodes.add_backend(node1); nodes.add_backend(node2); }\n";
    }
    varnish_ = std::make_unique<Varnish>(dir_, vport, dir_.File("khabar.vcl"));
    ASSERT_TRUE(varnish_->Up()) << varnish_->Log();
    HttpResponse shortlink = HttpGet(V(), "/n/1");
    ASSERT_EQ(shortlink.status, 301);
    article_ = shortlink.Header("location");
    ASSERT_FALSE(article_.empty());
  }

  int V() { return varnish_->port(); }
  int A() { return a_->port(); }
  int B() { return b_->port(); }

  // Reads `target` through Varnish until the second of two reads in a row is a hit.
  bool Warm(const std::string& target) {
    for (int i = 0; i < 3; ++i) {
      HttpGet(V(), target);
      if (VarnishHit(HttpGet(V(), target))) return true;
    }
    return false;
  }

  TempDir dir_;
  std::string db_;
  std::string article_;
  std::unique_ptr<ServerProcess> a_, b_;
  std::unique_ptr<Varnish> varnish_;
};

TEST_F(ClusterTest, PublishPurgeAndFailover) {
  // (Signing in is a write: on PostgreSQL, until its change journal is exact, every write
  // purges every page, so both sign in first.)
  std::string cookie_a = SignIn(A(), "layla", kPassword);
  ASSERT_FALSE(cookie_a.empty());
  std::string cookie_b = SignIn(B(), "layla", kPassword);
  ASSERT_FALSE(cookie_b.empty());
  AwaitOtherProcessWrite();  // and the other node's purge of it

  // ---- A page read twice through Varnish: a hit, with Khabar's keys and coding.
  HttpResponse first = HttpGet(V(), "/", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(first.status, 200);
  HttpResponse second = HttpGet(V(), "/", {{"Accept-Encoding", "gzip"}});
  EXPECT_TRUE(VarnishHit(second)) << "x-varnish " << second.Header("x-varnish");
  EXPECT_EQ(second.Header("content-encoding"), "gzip");
  EXPECT_EQ(second.Header("vary"), "Accept-Encoding");
  EXPECT_FALSE(second.Header("surrogate-key").empty());
  EXPECT_TRUE(second.Header("xkey").empty());
  // Each coding is its own object: brotli, and none for a client that takes none.
  HttpResponse br = HttpGet(V(), "/", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.Header("content-encoding"), "br");
  HttpResponse plain = HttpGet(V(), "/", {{"Accept-Encoding", "gzip;q=0, br;q=0"}});
  EXPECT_EQ(plain.Header("content-encoding"), "");
  EXPECT_NE(plain.body.find("<html"), std::string::npos);
  // The newsroom is never cached.
  EXPECT_FALSE(VarnishHit(HttpGet(V(), "/admin/login")));
  EXPECT_FALSE(VarnishHit(HttpGet(V(), "/admin/login")));
  // A purge from an address the VCL does not list is refused, and purges nothing.
  const std::string purge_all =
      "PURGE / HTTP/1.1\r\nHost: front\r\nxkey-purge: all\r\nConnection: close\r\n\r\n";
  EXPECT_TRUE(RawFrom("127.0.0.2", V(), purge_all).starts_with("HTTP/1.1 403"));
  EXPECT_TRUE(VarnishHit(HttpGet(V(), "/", {{"Accept-Encoding", "gzip"}})));
  EXPECT_TRUE(RawFrom("127.0.0.1", V(), purge_all).starts_with("HTTP/1.1 200"));
  EXPECT_FALSE(VarnishHit(HttpGet(V(), "/", {{"Accept-Encoding", "gzip"}})));

  // ---- Published on node A: on the home page through Varnish and on node B within 1 s.
  ASSERT_TRUE(Warm("/"));
  const std::string title = "افتتاح محطة قطار جديدة في المدينة";
  HttpResponse saved = PostEditor(A(), cookie_a, "/admin/articles/new",
                                  {{"title", title},
                                   {"excerpt", ""},
                                   {"body", "افتتحت الحكومة محطة قطار جديدة صباح اليوم."},
                                   {"category", "محليات"},
                                   {"tags", "نقل"},
                                   {"breaking_hours", "0"},
                                   {"publish_at", ""},
                                   {"action", "publish"}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 300);
  auto published = Clock::now();
  double through_varnish = SecondsUntil([&] { return Shows(V(), "/", title); });
  double on_b = SecondsUntil([&] { return Shows(B(), "/", title); });
  double since = std::chrono::duration<double>(Clock::now() - published).count();
  EXPECT_GE(through_varnish, 0) << "never on the home page through Varnish";
  EXPECT_LE(through_varnish, 1.0);
  EXPECT_GE(on_b, 0) << "never on node B's home page";
  EXPECT_LE(since, 1.5) << "both seen " << since << " s after the acknowledgement";

  // ---- A comment approved on node B: the cached article page is purged.
  HttpResponse page = HttpGet(V(), article_);
  ASSERT_EQ(page.status, 200);
  auto doc = HtmlDocument::Parse(page.body);
  ASSERT_TRUE(doc.Select("#commentform input[name=token]").has_value());
  std::string post_id = doc.Select("#commentform input[name=comment_post_ID]")->Attr("value");
  std::string token = doc.Select("#commentform input[name=token]")->Attr("value");
  auto post_comment = [&](const std::string& text) {
    return HttpPostForm(V(), "/wp-comments-post.php",
                        {{"comment_post_ID", post_id},
                         {"comment_parent", "0"},
                         {"token", token},
                         {"author", "قارئ"},
                         {"email", "reader@example.com"},
                         {"url", ""},
                         {"comment", text}});
  };
  const std::string comment = "تعليق يوافق عليه المحرر على العقدة الثانية";
  HttpResponse posted = post_comment(comment);
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 300);
  AwaitOtherProcessWrite();
  ASSERT_TRUE(Warm(article_));
  EXPECT_EQ(HttpGet(V(), article_).body.find(comment), std::string::npos);
  auto queue = HtmlDocument::Parse(HttpGet(B(), "/admin/comments", {{"Cookie", cookie_b}}).body);
  auto boxes = queue.SelectAll(".moderation-item input[name=ids]");
  ASSERT_FALSE(boxes.empty());
  HttpResponse approved =
      HttpPostForm(B(), "/admin/comments",
                   {{"token", queue.Select("form.moderation input[name=token]")->Attr("value")},
                    {"status", "pending"},
                    {"action", "approve"},
                    {"ids", boxes.front().Attr("value")}},
                   {{"Cookie", cookie_b}});
  ASSERT_EQ(approved.status, 303);
  double shown = SecondsUntil([&] { return Shows(V(), article_, comment); });
  EXPECT_GE(shown, 0) << "the approved comment never showed through Varnish";
  EXPECT_LE(shown, 1.0);

  // ---- Node A killed with SIGKILL under load: Varnish answers from B; nothing
  // acknowledged is lost.
  std::vector<std::string> targets = {"/", article_, "/feed/", "/n/2", "/n/3"};
  for (const auto& t : targets) HttpGet(V(), t);
  std::atomic<int> gets{0}, get_errors{0};
  std::mutex mu;
  std::vector<std::string> acknowledged;
  int posts = 0, post_errors = 0;
  double last_failure = -1;  // seconds after the kill that the last failed post was sent
  std::vector<std::thread> readers;
  auto kill_at = Clock::now() + std::chrono::milliseconds(800);
  auto until = kill_at + std::chrono::milliseconds(3200);
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (int i = 0; Clock::now() < until && i < 250; ++i) {
        HttpResponse r = HttpGet(V(), targets[static_cast<size_t>(i + t) % targets.size()],
                                 {{"Accept-Encoding", "gzip"}});
        ++gets;
        if (r.status != 200 && r.status != 301) {
          ++get_errors;
          std::lock_guard lock(mu);
          ADD_FAILURE() << "GET answered " << r.status << ": " << r.body.substr(0, 200);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    });
  }
  std::thread poster([&] {
    for (int i = 0; Clock::now() < until; ++i) {
      std::string text = "تعليق تحت الضغط رقم " + std::to_string(i);
      auto sent = Clock::now();
      HttpResponse r = post_comment(text);
      std::lock_guard lock(mu);
      ++posts;
      if (r.status == 303) {
        acknowledged.push_back(text);
      } else {
        ++post_errors;
        last_failure = std::chrono::duration<double>(sent - kill_at).count();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  std::this_thread::sleep_until(kill_at);
  EXPECT_EQ(kill(a_->pid(), SIGKILL), 0);
  for (auto& t : readers) t.join();
  poster.join();
  std::printf(
      "published: through Varnish %.2f s, on node B %.2f s; approved comment shown %.2f s; "
      "under load with node A killed: %d reads, %d failed; %d posts, %d failed, the last sent "
      "%.2f s after the kill\n",
      through_varnish, on_b, shown, gets.load(), get_errors.load(), posts, post_errors,
      last_failure);
  EXPECT_GE(gets.load(), 100);
  EXPECT_EQ(get_errors.load(), 0) << "of " << gets.load();
  // A post sent to A after it died is answered 503 (it is never sent twice) until the
  // probes take A out, within two seconds; from then on every post is acknowledged.
  EXPECT_LE(post_errors, 30) << "of " << posts;
  EXPECT_LT(last_failure, 2.0) << "posts still failed " << last_failure << " s after the kill";
  EXPECT_GE(static_cast<int>(acknowledged.size()), posts / 2);
  auto listed = RunCommand({Binary(), "comments", "list", "--db", db_});
  ASSERT_EQ(listed.status, 0) << listed.err;
  int missing = 0;
  for (const auto& text : acknowledged) {
    if (listed.out.find(text + "\n") == std::string::npos) {
      ++missing;
      ADD_FAILURE() << "acknowledged but not stored: " << text;
    }
  }
  EXPECT_EQ(missing, 0);
  // B goes on serving.
  EXPECT_EQ(HttpGet(V(), "/").status, 200);
  varnish_->Stop();
  EXPECT_EQ(b_->Stop(), 0) << b_->ReadLog();
}

}  // namespace
}  // namespace khabar::e2e
