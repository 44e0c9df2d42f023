// The front-cache purge client: which URLs it takes, what it sends, and that a cache that
// refuses, fails or never answers costs at most the timeout and is counted as failed.
#include "src/http/front_purge.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace khabar::http {
namespace {

TEST(ParsePurgeUrlTest, TakesPlainHttpAddresses) {
  auto t = ParsePurgeUrl("http://127.0.0.1:6081/");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->port, 6081);
  EXPECT_EQ(t->path, "/");
  t = ParsePurgeUrl("http://varnish.internal");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->host, "varnish.internal");
  EXPECT_EQ(t->port, 80);
  EXPECT_EQ(t->path, "/");
  t = ParsePurgeUrl("http://[::1]:6081/purge");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->port, 6081);
  EXPECT_EQ(t->path, "/purge");
}

TEST(ParsePurgeUrlTest, RefusesTheRest) {
  for (const char* bad :
       {"", "127.0.0.1:6081", "https://cache/", "http://", "http://:80/",
        "http://user:secret@cache:6081/", "http://cache:0/", "http://cache:99999/",
        "http://cache:x/", "http://cache/?q=1", "http://ca che/", "http://[::1/"}) {
    auto t = ParsePurgeUrl(bad);
    ASSERT_FALSE(t.ok()) << bad;
    // The message names the URL it refused, but never a password written in one.
    if (std::string(bad).find("secret") == std::string::npos) {
      EXPECT_NE(t.status().message().find(bad), std::string::npos) << t.status().message();
    } else {
      EXPECT_EQ(t.status().message().find("secret"), std::string::npos) << t.status().message();
    }
  }
}

// A one-connection HTTP server on a free loopback port: reads one request, then answers
// `reply` (or nothing, holding the connection, when it is empty).
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : reply_(std::move(reply)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    EXPECT_EQ(listen(fd_, 4), 0);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[8192];
      while (request_.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        request_.append(buf, static_cast<size_t>(n));
      }
      if (!reply_.empty()) {
        send(c, reply_.data(), reply_.size(), MSG_NOSIGNAL);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
      }
      close(c);
    });
  }
  ~OneShotServer() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  const std::string& request() const { return request_; }  // after the purge returned

 private:
  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::string request_;
  std::thread thread_;
};

constexpr const char* kPurged = "HTTP/1.1 200 Purged 3\r\nContent-Length: 0\r\n\r\n";

TEST(FrontPurgeTest, SendsTheKeysWithPagesOfUnknownKeys) {
  OneShotServer cache(kPurged);
  FrontPurge front({cache.url()});
  ASSERT_TRUE(front.enabled());
  front.Purge({"article:17", "list"});
  EXPECT_TRUE(cache.request().starts_with("PURGE / HTTP/1.1\r\n")) << cache.request();
  EXPECT_NE(cache.request().find("xkey-purge: article:17 list *\r\n"), std::string::npos)
      << cache.request();
}

TEST(FrontPurgeTest, AChangeOfAnythingPurgesEveryPage) {
  OneShotServer cache(kPurged);
  FrontPurge front({cache.url()});
  front.Purge({"*"});
  EXPECT_NE(cache.request().find("xkey-purge: all\r\n"), std::string::npos) << cache.request();
}

TEST(FrontPurgeTest, TooManyKeysForOneHeaderPurgeEveryPage) {
  OneShotServer cache(kPurged);
  FrontPurge front({cache.url()});
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("article:" + std::to_string(100000 + i));
  front.Purge(keys);
  EXPECT_NE(cache.request().find("xkey-purge: all\r\n"), std::string::npos);
}

TEST(FrontPurgeTest, EveryCacheIsAskedAndFailuresAreCounted) {
  OneShotServer ok(kPurged);
  OneShotServer refused("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  OneShotServer silent("");  // accepts, reads, never answers
  // A port nothing listens on: bound, closed.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  std::string closed = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/";
  close(fd);

  FrontPurge front({ok.url(), refused.url(), silent.url(), closed}, std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  FrontPurge::Outcome out = front.Send("article:1 *");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(out.ok, 1);
  EXPECT_EQ(out.failed, 3);
  // The silent cache costs the timeout, no more.
  EXPECT_GE(secs, 0.25);
  EXPECT_LT(secs, 1.0);
}

TEST(FrontPurgeTest, WithoutCachesNothingIsSent) {
  FrontPurge front({});
  EXPECT_FALSE(front.enabled());
  FrontPurge::Outcome out = front.Send("all");
  EXPECT_EQ(out.ok + out.failed, 0);
}

}  // namespace
}  // namespace khabar::http
