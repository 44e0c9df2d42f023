// End to end: floods against the real binary do not stop other readers being served.
// Slowloris (hundreds of connections sending a request a byte at a time), idle connection
// floods from many addresses and from one, and comment and login floods from one address.
// Clients come from distinct loopback addresses (127.0.0.2 …) so that the server sees
// distinct clients. Figures are printed for the README.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/e2e_env.h"
#include "tests/e2e/raw_socket.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using Clock = std::chrono::steady_clock;
using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpGetWithTimeout;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;

constexpr int kReadTimeoutSeconds = 2;
constexpr int kPerAddress = 100;
constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string Address(int i) { return "127.0.0." + std::to_string(2 + i); }

// True when the server has closed `fd` (end of stream or reset), after any bytes it sent.
bool ClosedByServer(int fd, std::string* got) {
  char buf[4096];
  while (true) {
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      got->append(buf, static_cast<size_t>(n));
      continue;
    }
    return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
  }
}

class FloodsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = testing::TestDb(*dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    auto user = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                           std::string(kPassword) + "\n");
    ASSERT_EQ(user.status, 0) << user.err;
    std::string config = dir_->File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0, "read_timeout_seconds": )"
                          << kReadTimeoutSeconds << R"(, "max_connections_per_address": )"
                          << kPerAddress << "}";
    std::string error;
    server_ = ServerProcess::Start({.binary = Binary(),
                                    .db_path = db_,
                                    .extra_args = {"--config", config, "--threads", "2"}},
                                   &error)
                  .release();
    ASSERT_NE(server_, nullptr) << error;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void TearDown() override { ASSERT_TRUE(server_->IsRunning()) << server_->ReadLog(); }

  static int Port() { return server_->port(); }

  // A reader's request from 127.0.0.1 while a flood goes on; returns its duration (seconds),
  // or a large number when it failed.
  static double ReaderRequest() {
    auto start = Clock::now();
    HttpResponse r = HttpGetWithTimeout(Port(), "/", std::chrono::milliseconds(5000));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Seconds(start) : 99;
  }

  static std::string Sql(const std::string& query) { return testing::QueryValue(db_, query); }

  static testing::TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};

testing::TempDir* FloodsTest::dir_ = nullptr;
std::string FloodsTest::db_;
ServerProcess* FloodsTest::server_ = nullptr;

TEST_F(FloodsTest, SlowlorisDoesNotStopReadersAndIsCutAtTheReadTimeout) {
  constexpr int kConnections = 500;
  std::vector<int> fds;
  for (int i = 0; i < kConnections; ++i) {
    int fd = ConnectFrom(Port(), Address(i % 10));  // 50 from each of 10 addresses
    ASSERT_GE(fd, 0) << "connection " << i;
    fds.push_back(fd);
  }
  auto start = Clock::now();
  // Each connection sends a request that never ends, one byte at a time.
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    const std::string request = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(1000, 'a');
    for (size_t at = 0; at < request.size() && !stop; ++at) {
      for (int fd : fds) send(fd, &request[at], 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  double slowest = 0;
  for (int i = 0; i < 10; ++i) {
    slowest = std::max(slowest, ReaderRequest());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_LT(slowest, 1.0) << "a reader waited behind the slow connections";
  // The server ends every slow request at the read timeout (408), though bytes keep coming.
  int closed = 0, answered_408 = 0;
  std::vector<bool> done(fds.size(), false);
  while (closed < kConnections && Seconds(start) < kReadTimeoutSeconds + 5) {
    for (size_t i = 0; i < fds.size(); ++i) {
      std::string got;
      if (done[i] || !ClosedByServer(fds[i], &got)) continue;
      done[i] = true;
      ++closed;
      if (StatusOf(got) == 408) ++answered_408;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  double cut_after = Seconds(start);
  stop = true;
  trickle.join();
  for (int fd : fds) close(fd);
  EXPECT_EQ(closed, kConnections);
  EXPECT_GT(answered_408, 0);
  EXPECT_LT(cut_after, kReadTimeoutSeconds + 5.0);
  std::printf(
      "slowloris: %d connections; slowest of 10 readers %.3f s; all cut after %.1f s "
      "(read timeout %d s), %d with 408\n",
      kConnections, slowest, cut_after, kReadTimeoutSeconds, answered_408);
  EXPECT_LT(ReaderRequest(), 1.0);
}

TEST_F(FloodsTest, IdleConnectionFloodFromManyAddressesDoesNotStopReaders) {
  constexpr int kAddresses = 20;
  std::vector<int> fds;
  auto start = Clock::now();
  for (int a = 0; a < kAddresses; ++a) {
    for (int i = 0; i < kPerAddress; ++i) {
      int fd = ConnectFrom(Port(), Address(a));
      ASSERT_GE(fd, 0);
      fds.push_back(fd);
    }
  }
  double opened = Seconds(start);
  double slowest = 0;
  for (int i = 0; i < 10; ++i) slowest = std::max(slowest, ReaderRequest());
  EXPECT_LT(slowest, 1.0);
  // Connections that never send a byte are closed at the read timeout, silently.
  int closed = 0;
  std::vector<bool> done(fds.size(), false);
  while (closed < static_cast<int>(fds.size()) && Seconds(start) < kReadTimeoutSeconds + 6) {
    for (size_t i = 0; i < fds.size(); ++i) {
      std::string got;
      if (done[i] || !ClosedByServer(fds[i], &got)) continue;
      done[i] = true;
      ++closed;
      EXPECT_EQ(got, "") << "an idle connection was sent something";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (int fd : fds) close(fd);
  EXPECT_EQ(closed, static_cast<int>(fds.size()));
  std::printf(
      "idle flood: %zu connections from %d addresses opened in %.2f s; slowest of 10 "
      "readers %.3f s; all closed after %.1f s\n",
      fds.size(), kAddresses, opened, slowest, Seconds(start));
}

TEST_F(FloodsTest, OneAddressCannotHoldMoreThanItsShare) {
  constexpr int kConnections = 1000;
  std::vector<int> fds;
  for (int i = 0; i < kConnections; ++i) {
    int fd = ConnectFrom(Port(), "127.0.0.99");
    if (fd >= 0) fds.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int refused = 0;
  for (int fd : fds) {
    std::string got;
    if (ClosedByServer(fd, &got)) ++refused;
  }
  EXPECT_EQ(refused, static_cast<int>(fds.size()) - kPerAddress);
  // Another address, and a reader on the same machine, are served meanwhile.
  RawReply other = SendRaw(Port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                           std::chrono::milliseconds(2000), "127.0.0.98");
  EXPECT_EQ(StatusOf(other.received), 200);
  EXPECT_LT(ReaderRequest(), 1.0);
  for (int fd : fds) close(fd);
  std::printf("one address: %d connections tried, %d kept (the limit), %d closed at once\n",
              kConnections, kConnections - refused, refused);
  // Once its connections end, the address is served again.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  RawReply again = SendRaw(Port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                           std::chrono::milliseconds(2000), "127.0.0.99");
  EXPECT_EQ(StatusOf(again.received), 200);
}

// The comment form's hidden fields, as a reader's browser has them.
struct CommentForm {
  std::string post_id, token;
};

CommentForm ReadCommentForm(int port) {
  HttpResponse shortlink = HttpGet(port, "/n/1");
  auto doc = HtmlDocument::Parse(HttpGet(port, shortlink.Header("location")).body);
  CommentForm f;
  if (auto e = doc.Select("#commentform input[name=comment_post_ID]")) f.post_id = e->Attr("value");
  if (auto e = doc.Select("#commentform input[name=token]")) f.token = e->Attr("value");
  return f;
}

std::string FormPost(const std::string& target, const std::string& body) {
  return "POST " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " +
         "application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

TEST_F(FloodsTest, CommentFloodFromOneAddressIsHeldWithoutBlockingOthers) {
  CommentForm f = ReadCommentForm(Port());
  ASSERT_FALSE(f.token.empty());
  constexpr int kFlood = 40;
  auto start = Clock::now();
  double slowest = 0;
  for (int i = 0; i < kFlood; ++i) {
    std::string body = "comment_post_ID=" + f.post_id + "&token=" + f.token +
                       "&author=bot&email=bot%40example.com&comment=flood+" + std::to_string(i);
    RawReply r = SendRaw(Port(), FormPost("/wp-comments-post.php", body),
                         std::chrono::milliseconds(5000), "127.0.0.50");
    EXPECT_EQ(StatusOf(r.received), 303) << r.received.substr(0, 300);
    if (i % 10 == 0) slowest = std::max(slowest, ReaderRequest());
  }
  double flood_seconds = Seconds(start);
  // Beyond five a minute, the address's comments are kept as spam: none is published, none
  // reaches the moderation queue, nothing is lost.
  EXPECT_EQ(Sql("SELECT count(*) FROM comments WHERE ip = '127.0.0.50' AND status = 0"), "5");
  EXPECT_EQ(Sql("SELECT count(*) FROM comments WHERE ip = '127.0.0.50' AND status = 2"),
            std::to_string(kFlood - 5));
  // Another reader's comment meanwhile goes to moderation as usual.
  std::string body =
      "comment_post_ID=" + f.post_id + "&token=" + f.token +
      "&author=%D9%82%D8%A7%D8%B1%D8%A6&email=r%40example.com&comment=%D8%B4%D9%83%D8%B1%D8%A7";
  RawReply r = SendRaw(Port(), FormPost("/wp-comments-post.php", body),
                       std::chrono::milliseconds(5000), "127.0.0.51");
  EXPECT_EQ(StatusOf(r.received), 303);
  EXPECT_EQ(Sql("SELECT status FROM comments WHERE ip = '127.0.0.51'"), "0");
  EXPECT_LT(slowest, 1.0);
  std::printf(
      "comment flood: %d comments from one address in %.2f s, %d held as spam; another "
      "reader's comment queued; slowest reader %.3f s\n",
      kFlood, flood_seconds, kFlood - 5, slowest);
}

TEST_F(FloodsTest, LoginFloodFromOneAddressIsSlowedWithoutLockingOthersOut) {
  auto login_token = [] {
    auto doc = HtmlDocument::Parse(HttpGet(Port(), "/admin/login").body);
    auto t = doc.Select("form[action=\"/admin/login\"] input[name=token]");
    return t ? t->Attr("value") : std::string();
  };
  std::string token = login_token();
  ASSERT_FALSE(token.empty());
  constexpr int kFlood = 30;
  int refused_429 = 0, wrong_401 = 0;
  auto start = Clock::now();
  for (int i = 0; i < kFlood; ++i) {
    // A different account each time: only the address ties them together.
    std::string body =
        "token=" + token + "&name=user" + std::to_string(i) + "&password=guess" + std::to_string(i);
    RawReply r = SendRaw(Port(), FormPost("/admin/login", body), std::chrono::milliseconds(5000),
                         "127.0.0.60");
    int status = StatusOf(r.received);
    if (status == 429) ++refused_429;
    if (status == 401) ++wrong_401;
    EXPECT_TRUE(status == 401 || status == 429) << status;
  }
  double flood_seconds = Seconds(start);
  // Three failures, a fourth at once, then one try after each doubling delay (1 s, 2 s…).
  EXPECT_GE(wrong_401, 4);
  EXPECT_LE(wrong_401, 4 + 1 + static_cast<int>(flood_seconds));
  EXPECT_EQ(refused_429, kFlood - wrong_401);
  // The editor, from her own address, signs in at once; readers are served.
  std::string body = "token=" + token + "&name=layla&password=" + testing::FormUrlEncode(kPassword);
  RawReply r = SendRaw(Port(), FormPost("/admin/login", body), std::chrono::milliseconds(5000),
                       "127.0.0.61");
  EXPECT_EQ(StatusOf(r.received), 303) << r.received.substr(0, 300);
  EXPECT_LT(ReaderRequest(), 1.0);
  std::printf(
      "login flood: %d attempts from one address in %.2f s: %d checked, %d refused with "
      "429; another address signed in\n",
      kFlood, flood_seconds, wrong_401, refused_429);
}

}  // namespace
}  // namespace khabar::e2e
