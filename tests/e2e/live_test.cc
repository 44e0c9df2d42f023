// End to end: live breaking news. A client holds /live/ticker open on a raw socket while
// the newsroom (over HTTP) or `khabar import` (another process on the same database)
// flags an article breaking; the event with its title arrives within seconds. Also the
// limit on open streams (503) and a clean stop with streams open.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
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
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

// A client of an event stream on a plain socket: what a browser's EventSource reads.
class EventStream {
 public:
  EventStream(int port, const std::string& extra_headers = "") {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    std::string request =
        "GET /live/ticker HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Accept: text/event-stream\r\n" +
        extra_headers + "\r\n";
    if (write(fd_, request.data(), request.size()) != static_cast<ssize_t>(request.size())) return;
    connected_ = true;
  }
  ~EventStream() {
    if (fd_ >= 0) close(fd_);
  }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  bool connected() const { return connected_; }
  // Everything received so far, headers included.
  const std::string& received() const { return received_; }

  // Reads until `done(received())` or `timeout`; true when `done`.
  template <typename Done>
  bool ReadUntil(Done done, std::chrono::milliseconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (!done(received_)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          end - std::chrono::steady_clock::now());
      if (left.count() <= 0 || eof_) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[8192];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) {
        eof_ = true;
        return done(received_);
      }
      received_.append(buf, static_cast<size_t>(n));
    }
    return true;
  }

  // Reads until the server closes the connection; true when it did within `timeout`.
  bool ReadToEnd(std::chrono::milliseconds timeout) {
    ReadUntil([this](const std::string&) { return eof_; }, timeout);
    return eof_;
  }

  // The data of the last complete "ticker" event, parsed; null when none yet.
  nlohmann::json LastTicker() const {
    size_t at = received_.rfind("event: ticker\ndata: ");
    if (at == std::string::npos) return nullptr;
    size_t start = at + 20, end = received_.find("\n\n", start);
    if (end == std::string::npos) return nullptr;
    return nlohmann::json::parse(received_.substr(start, end - start));
  }

  // Waits for a ticker event whose first item is titled `title` (breaking).
  bool WaitForHead(const std::string& title, std::chrono::milliseconds timeout) {
    return ReadUntil(
        [&](const std::string&) {
          auto data = LastTicker();
          return data.is_object() && !data["items"].empty() && data["items"][0]["title"] == title &&
                 data["items"][0]["breaking"] == true;
        },
        timeout);
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string received_;
};

class LiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    auto r = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(r.status, 0) << r.err;
  }

  void StartServer(const std::string& settings = "{}") {
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << settings;
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  std::string LogIn() { return SignIn(Port(), "layla", kPassword); }

  // Saves the article of the editor at `path` with `action` and `breaking_hours`.
  HttpResponse Save(const std::string& cookie, const std::string& path, const std::string& title,
                    const std::string& action, const std::string& breaking_hours) {
    return PostEditor(Port(), cookie, path,
                      {{"title", title},
                       {"excerpt", ""},
                       {"body", "تفاصيل الخبر العاجل.\n\nالفقرة الثانية."},
                       {"category", "محليات"},
                       {"tags", ""},
                       {"breaking_hours", breaking_hours},
                       {"publish_at", ""},
                       {"action", action}});
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

constexpr auto kFewSeconds = std::chrono::milliseconds(6000);

TEST_F(LiveTest, AStreamOpensWithTheCurrentTickerAndItsHeaders) {
  StartServer();
  EventStream stream(Port());
  ASSERT_TRUE(stream.connected());
  ASSERT_TRUE(stream.ReadUntil(
      [](const std::string& s) {
        return s.find("event: ticker\ndata: ") != std::string::npos &&
               s.find("\n\n", s.find("event: ticker")) != std::string::npos;
      },
      kFewSeconds))
      << stream.received();
  const std::string& got = stream.received();
  std::string head = got.substr(0, got.find("\r\n\r\n"));
  EXPECT_TRUE(head.starts_with("HTTP/1.1 200")) << head;
  EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
  EXPECT_NE(head.find("Cache-Control: no-cache"), std::string::npos);
  EXPECT_NE(head.find("X-Accel-Buffering: no"), std::string::npos);
  EXPECT_EQ(head.find("Content-Length"), std::string::npos);
  std::string body = got.substr(got.find("\r\n\r\n") + 4);
  EXPECT_TRUE(body.starts_with("retry: ")) << body;
  EXPECT_NE(body.find("\nid: "), std::string::npos);
  // The seed article is the ticker's one headline, as on the pages.
  auto data = stream.LastTicker();
  ASSERT_EQ(data["items"].size(), 1u);
  std::string url = data["items"][0]["url"];
  EXPECT_EQ(HttpGet(Port(), url).status, 200);
  auto home = HtmlDocument::Parse(HttpGet(Port(), "/").body);
  EXPECT_EQ(home.Select("#ticker li a")->Attr("href"), url);
  // Pages load the script that listens, and the policy lets it connect back.
  EXPECT_TRUE(home.Select("script[src^=\"/static/live.\"]"));
  EXPECT_NE(HttpGet(Port(), "/").Header("content-security-policy").find("connect-src 'self'"),
            std::string::npos);
  EXPECT_EQ(HttpGet(Port(), "/static/live.js").status, 200);

  // A reconnecting browser (Last-Event-ID) gets the current state at once.
  size_t id_at = body.find("id: ") + 4;
  std::string id = body.substr(id_at, body.find('\n', id_at) - id_at);
  EventStream again(Port(), "Last-Event-ID: " + id + "\r\n");
  EXPECT_TRUE(again.ReadUntil(
      [&](const std::string& s) { return s.find("id: " + id + "\n") != std::string::npos; },
      kFewSeconds))
      << again.received();
}

TEST_F(LiveTest, TheNewsroomFlagsBreakingAndOpenStreamsShowItFirst) {
  StartServer();
  EventStream stream(Port());
  ASSERT_TRUE(stream.connected());
  ASSERT_TRUE(stream.ReadUntil([&](const std::string&) { return !stream.LastTicker().is_null(); },
                               kFewSeconds));
  std::string cookie = LogIn();
  ASSERT_FALSE(cookie.empty());
  const std::string title = "عاجل: \"زلزال\" بقوة ٥ درجات يضرب الساحل <فجراً>";
  HttpResponse published = Save(cookie, "/admin/articles/new", title, "publish", "2");
  ASSERT_EQ(published.status, 303) << published.body.substr(0, 300);
  EXPECT_TRUE(stream.WaitForHead(title, kFewSeconds)) << stream.received();
  EXPECT_NE(stream.LastTicker()["items"][0]["url"].get<std::string>().find("/20"),
            std::string::npos);

  // Unpublished: it leaves the open tickers too.
  std::string editor_path =
      published.Header("location").substr(0, published.Header("location").find('?'));
  ASSERT_EQ(Save(cookie, editor_path, title, "unpublish", "2").status, 303);
  EXPECT_TRUE(stream.ReadUntil(
      [&](const std::string&) {
        auto data = stream.LastTicker();
        return data.is_object() && data.dump().find("زلزال") == std::string::npos;
      },
      kFewSeconds))
      << stream.received();
}

TEST_F(LiveTest, AnImportFromAnotherProcessReachesOpenStreams) {
  StartServer();
  EventStream stream(Port());
  ASSERT_TRUE(stream.connected());
  ASSERT_TRUE(stream.ReadUntil([&](const std::string&) { return !stream.LastTicker().is_null(); },
                               kFewSeconds));
  // `khabar import` writes to the database itself; the server learns of it from there.
  std::string file = dir_.File("breaking.jsonl");
  std::ofstream(file) << R"({"id": "live-1", "title": "انفجار في مستودع وقود بالميناء",)"
                      << R"( "body": "تفاصيل أولية.", "breaking": true})"
                      << "\n";
  auto imported = RunCommand({Binary(), "import", "jsonl", file, "--db", db_});
  ASSERT_EQ(imported.status, 0) << imported.err;
  EXPECT_TRUE(stream.WaitForHead("انفجار في مستودع وقود بالميناء", kFewSeconds))
      << stream.received();
}

TEST_F(LiveTest, StreamsBeyondTheLimitGet503AndAStopClosesThemCleanly) {
  StartServer(R"({"live_max_clients": 2})");
  auto first = std::make_unique<EventStream>(Port());
  auto second = std::make_unique<EventStream>(Port());
  for (EventStream* s : {first.get(), second.get()}) {
    ASSERT_TRUE(
        s->ReadUntil([&](const std::string&) { return !s->LastTicker().is_null(); }, kFewSeconds));
  }
  HttpResponse refused = HttpGet(Port(), "/live/ticker");
  EXPECT_EQ(refused.status, 503);
  EXPECT_FALSE(refused.Header("retry-after").empty());
  // The pages are not limited.
  EXPECT_EQ(HttpGet(Port(), "/").status, 200);
  // A place is given back when a stream closes: the second reader reloads its page.
  second.reset();
  bool reopened = false;
  for (int i = 0; i < 30 && !reopened; ++i) {
    second = std::make_unique<EventStream>(Port());
    reopened = second->ReadUntil(
        [&](const std::string&) { return !second->LastTicker().is_null(); }, kFewSeconds);
    if (!reopened) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(reopened) << second->received();

  // SIGTERM with streams open: they end, and the server exits at once with 0.
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server_->Stop(), 0) << server_->ReadLog();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_TRUE(first->ReadToEnd(kFewSeconds));
  EXPECT_TRUE(second->ReadToEnd(kFewSeconds));
}

TEST_F(LiveTest, WithLiveUpdatesOffPagesLoadNoScriptAndTheStreamIsNotFound) {
  StartServer(R"({"live_max_clients": 0})");
  EXPECT_EQ(HttpGet(Port(), "/live/ticker").status, 404);
  auto home = HtmlDocument::Parse(HttpGet(Port(), "/").body);
  EXPECT_TRUE(home.Select("#ticker li"));
  EXPECT_FALSE(home.Select("script[src^=\"/static/live.\"]"));
}

}  // namespace
}  // namespace khabar::e2e
