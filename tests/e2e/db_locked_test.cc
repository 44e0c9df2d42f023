// End to end: another process holds the database's write lock (as the `sqlite3` shell in a
// transaction would). Writes are answered 503 with Retry-After and an Arabic message within
// the busy timeout instead of piling up, reads go on being served, and once the lock goes
// the server takes writes again by itself.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/e2e/faults_env.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using std::chrono::steady_clock;
using testing::HttpGet;
using testing::HttpResponse;
using testing::ServerProcess;
using testing::TempDir;

double Seconds(steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

TEST(DbLockedTest, WritesAnswer503InsteadOfPilingUpReadsGoOnAndTheServerRecovers) {
  TempDir dir;
  std::string db = dir.File("k.db"), config = dir.File("khabar.json"), error;
  ASSERT_TRUE(MakeFaultSite(db, config, &error)) << error;
  auto server = ServerProcess::Start(
      {.binary = Binary(), .db_path = db, .extra_args = {"--config", config, "--threads", "4"}},
      &error);
  ASSERT_NE(server, nullptr) << error;
  int port = server->port();
  std::string cookie = SignIn(port, "huda", kEditorPassword);
  ASSERT_FALSE(cookie.empty());
  CommentTarget target = FindCommentTarget(port);
  ASSERT_GT(target.article_id, 0);
  AckedArticle before;
  ASSERT_EQ(PublishArticle(port, cookie, "lk", 0, &before), 303);

  // This test process takes the write lock and keeps it.
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db.c_str(), &holder, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  // Twelve readers comment at once while others read; then, the lock still held, six more.
  constexpr int kWriters = 12, kLater = 6;
  std::vector<HttpResponse> answers(kWriters + kLater);
  std::vector<double> waited(kWriters + kLater);
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0}, reads_ok{0}, slow_reads{0};
  std::atomic<int64_t> slowest_read_ms{0};
  auto read_loop = [&] {
    while (writing) {
      auto t = steady_clock::now();
      HttpResponse r = HttpGet(port, reads % 2 ? target.path : "/");
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - t);
      ++reads;
      if (r.status == 200) ++reads_ok;
      if (ms.count() > 1000) ++slow_reads;
      if (ms.count() > slowest_read_ms) slowest_read_ms = ms.count();
    }
  };
  std::thread reader1(read_loop), reader2(read_loop);
  auto post_wave = [&](int from, int to) {
    auto wave_start = steady_clock::now();
    std::vector<std::thread> threads;
    for (int i = from; i < to; ++i) {
      threads.emplace_back([&, i] {
        AckedComment c;
        answers[i] = PostComment(port, target, "lk", i, &c);
        waited[i] = Seconds(steady_clock::now() - wave_start);
      });
    }
    for (auto& t : threads) t.join();
    return Seconds(steady_clock::now() - wave_start);
  };
  double first_wave = post_wave(0, kWriters);
  double later_wave = post_wave(kWriters, kWriters + kLater);
  writing = false;
  reader1.join();
  reader2.join();

  for (int i = 0; i < kWriters + kLater; ++i) {
    EXPECT_EQ(answers[i].status, 503) << i;
    EXPECT_EQ(answers[i].Header("retry-after"), "5") << i;
    EXPECT_NE(answers[i].body.find("تعذّر حفظ التعليق الآن"), std::string::npos) << i;
    EXPECT_NE(answers[i].body.find("بلا روابط"), std::string::npos) << "the text is shown again";
  }
  // One busy timeout (5 s) in all, not one per request (12 × 5 s); and once the server
  // knows the database is held, it answers at once.
  EXPECT_LT(first_wave, 10.0);
  EXPECT_LT(later_wave, 4.0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(reads_ok, reads);
  // The newsroom is told too.
  HttpResponse save = PostEditor(port, cookie, "/admin/articles/new",
                                 {{"title", "خبر لا يُحفظ الآن"},
                                  {"excerpt", ""},
                                  {"body", "نص الخبر."},
                                  {"category", "محليات"},
                                  {"tags", ""},
                                  {"breaking_hours", "0"},
                                  {"publish_at", ""},
                                  {"action", "publish"}});
  EXPECT_EQ(save.status, 503);
  EXPECT_EQ(save.Header("retry-after"), "5");
  EXPECT_NE(save.body.find("تعذّر حفظ المقال الآن"), std::string::npos);
  EXPECT_NE(save.body.find("خبر لا يُحفظ الآن"), std::string::npos) << "the title is kept";
  std::printf(
      "[ figures ] database locked by another process: %d comment posts answered 503 within "
      "%.1f s in all, %d more within %.2f s; %d reads meanwhile, all 200, %d slower than 1 s "
      "(the slowest %lld ms)\n",
      kWriters, first_wave, kLater, later_wave, reads.load(), slow_reads.load(),
      static_cast<long long>(slowest_read_ms));

  // The lock goes: writes are taken again, with no restart.
  ASSERT_EQ(sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close_v2(holder);
  int status = 0;
  for (int attempt = 0; attempt < 30 && status != 303; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    AckedComment c;
    status = PostComment(port, target, "lk-after", attempt, &c).status;
  }
  EXPECT_EQ(status, 303);
  AckedArticle after;
  EXPECT_EQ(PublishArticle(port, cookie, "lk", 1, &after), 303);
  EXPECT_EQ(server->Stop(), 0) << server->ReadLog();
}

}  // namespace
}  // namespace khabar::e2e
