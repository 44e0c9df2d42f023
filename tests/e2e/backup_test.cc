// End to end: `khabar backup` while the site serves and takes writes, `khabar check`, and
// `khabar restore`, which replaces the database only with a sound copy and never under a
// running server.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/e2e/faults_env.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using testing::HttpGet;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempDir;

// Every article and comment, every column, in id order.
constexpr const char* kArticlesSql = "SELECT * FROM articles ORDER BY id";
constexpr const char* kCommentsSql = "SELECT * FROM comments ORDER BY id";

std::string FileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("k.db");
    config_ = dir_.File("khabar.json");
    std::string error;
    ASSERT_TRUE(MakeFaultSite(db_, config_, &error)) << error;
  }
  std::unique_ptr<ServerProcess> StartServer(const std::string& db) {
    std::string error;
    auto s = ServerProcess::Start(
        {.binary = Binary(), .db_path = db, .extra_args = {"--config", config_}}, &error);
    EXPECT_NE(s, nullptr) << error;
    return s;
  }
  TempDir dir_;
  std::string db_, config_;
};

TEST_F(BackupTest, CopiesWhileWritersWriteAndRestoresEveryArticleAndComment) {
  auto server = StartServer(db_);
  ASSERT_NE(server, nullptr);
  int port = server->port();
  std::string cookie = SignIn(port, "huda", kEditorPassword);
  ASSERT_FALSE(cookie.empty());
  CommentTarget target = FindCommentTarget(port);
  ASSERT_GT(target.article_id, 0);
  // A draft too: in the database, not in the search index.
  AckedArticle draft;
  ASSERT_EQ(PublishArticle(port, cookie, "draft", 0, &draft, "draft"), 303);

  // Two writers post as fast as they can while three backups are taken.
  std::atomic<bool> stop{false};
  std::atomic<int> articles{0}, comments{0}, failures{0};
  std::thread publisher([&] {
    for (int n = 0; !stop; ++n) {
      AckedArticle a;
      if (PublishArticle(port, cookie, "bk", n, &a) == 303) {
        ++articles;
      } else {
        ++failures;
      }
    }
  });
  std::thread commenter([&] {
    for (int n = 0; !stop; ++n) {
      AckedComment c;
      if (PostComment(port, target, "bk", n, &c).status == 303) {
        ++comments;
      } else {
        ++failures;
      }
    }
  });
  std::vector<std::string> copies;
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    std::string to = dir_.File("copy-" + std::to_string(i) + ".db");
    auto r = RunCommand({Binary(), "backup", "--db", db_, "--to", to});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("backed up"), std::string::npos) << r.out;
    copies.push_back(to);
  }
  stop = true;
  publisher.join();
  commenter.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(articles, 3);
  EXPECT_GT(comments, 10);

  // Each copy taken under writes is sound, a single file, and holds a moment of the site:
  // every comment in it is in the live database, unchanged.
  auto live_comments = DbRows(db_, kCommentsSql);
  for (const auto& copy : copies) {
    auto check = RunCommand({Binary(), "check", "--db", copy});
    EXPECT_EQ(check.status, 0) << copy << ": " << check.err;
    EXPECT_FALSE(std::filesystem::exists(copy + "-wal"));
    auto copied = DbRows(copy, kCommentsSql);
    ASSERT_LE(copied.size(), live_comments.size());
    for (size_t i = 0; i < copied.size(); ++i) EXPECT_EQ(copied[i], live_comments[i]);
  }
  // The copies grew as the writers wrote.
  EXPECT_LT(DbRows(copies[0], kCommentsSql).size(), DbRows(copies[2], kCommentsSql).size());

  // A copy after the last write, restored into a fresh file: every article and comment,
  // every column, is the same as in the database the site served.
  std::string last = dir_.File("last.db");
  ASSERT_EQ(RunCommand({Binary(), "backup", "--db", db_, "--to", last}).status, 0);
  std::string fresh = dir_.File("restored/k.db");
  std::filesystem::create_directories(dir_.File("restored"));
  auto restored = RunCommand({Binary(), "restore", "--from", last, "--db", fresh});
  ASSERT_EQ(restored.status, 0) << restored.err;
  auto live_articles = DbRows(db_, kArticlesSql);
  EXPECT_EQ(DbRows(fresh, kArticlesSql), live_articles);
  EXPECT_EQ(DbRows(fresh, kCommentsSql), live_comments);
  EXPECT_EQ(live_articles.size(), static_cast<size_t>(articles + 2));  // the seed, the draft
  EXPECT_EQ(live_comments.size(), static_cast<size_t>(comments));
  std::printf(
      "[ figures ] backups under writes: %d articles and %d comments written, all %zu "
      "articles and %zu comments restored identical\n",
      articles.load(), comments.load(), live_articles.size(), live_comments.size());
  EXPECT_EQ(server->Stop(), 0) << server->ReadLog();

  // The restored site serves the last article and finds it.
  auto second = StartServer(fresh);
  ASSERT_NE(second, nullptr);
  std::string word = UniqueWord("bk", articles - 1);
  auto found = HttpGet(second->port(), "/api/search?q=" + word);
  EXPECT_EQ(found.status, 200);
  EXPECT_NE(found.body.find("\"total\":1"), std::string::npos) << found.body;
  EXPECT_EQ(second->Stop(), 0);
}

TEST_F(BackupTest, BackupRefusesToOverwriteUnlessForced) {
  std::string to = dir_.File("copy.db");
  std::ofstream(to) << "an older copy";
  auto r = RunCommand({Binary(), "backup", "--db", db_, "--to", to});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  EXPECT_EQ(FileBytes(to), "an older copy");
  r = RunCommand({Binary(), "backup", "--db", db_, "--to", to, "--force"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(RunCommand({Binary(), "check", "--db", to}).status, 0);
  r = RunCommand({Binary(), "backup", "--db", dir_.File("none.db"), "--to", dir_.File("x.db")});
  EXPECT_EQ(r.status, 1);
  EXPECT_FALSE(std::filesystem::exists(dir_.File("x.db")));
}

TEST_F(BackupTest, RestoreRefusesUnsoundCopiesAndARunningServerAndChangesNothing) {
  std::string good = dir_.File("good.db");
  ASSERT_EQ(RunCommand({Binary(), "backup", "--db", db_, "--to", good}).status, 0);
  std::string before = FileBytes(db_);
  auto refused = [&](const std::string& from, const std::string& why) {
    auto r = RunCommand({Binary(), "restore", "--from", from, "--db", db_});
    EXPECT_EQ(r.status, 1) << from;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("unchanged"), std::string::npos) << r.err;
    EXPECT_EQ(FileBytes(db_), before) << from;
    EXPECT_FALSE(std::filesystem::exists(db_ + ".restore-partial"));
  };
  // Not a database; a damaged one (a page overwritten in the middle); a missing file.
  std::string text = dir_.File("text.db");
  std::ofstream(text) << "not a database at all";
  refused(text, "not a readable SQLite database");
  std::string damaged = dir_.File("damaged.db");
  std::string bytes = FileBytes(good);
  ASSERT_GT(bytes.size(), 16384u);
  for (size_t i = 8192; i < 12288; ++i) bytes[i] = static_cast<char>(i * 7);
  std::ofstream(damaged, std::ios::binary) << bytes;
  refused(damaged, damaged);
  refused(dir_.File("missing.db"), "no database file");
  // A copy from a newer Khabar (a schema this binary does not know).
  std::string newer = dir_.File("newer.db");
  ASSERT_EQ(RunCommand({Binary(), "backup", "--db", db_, "--to", newer}).status, 0);
  {
    std::ofstream patch(newer, std::ios::binary | std::ios::in | std::ios::out);
    patch.seekp(60);  // the header's user_version, big-endian
    patch.put(0).put(0).put(0).put(99);
  }
  refused(newer, "schema version 99");

  // A sound copy while the server has the database open: refused, nothing changed.
  {
    auto server = StartServer(db_);
    ASSERT_NE(server, nullptr);
    auto r = RunCommand({Binary(), "restore", "--from", good, "--db", db_});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("khabar serve"), std::string::npos) << r.err;
    EXPECT_EQ(HttpGet(server->port(), "/").status, 200);
    EXPECT_EQ(server->Stop(), 0);
  }
  // Stopped: the restore goes through, and the old database is kept beside it.
  auto r = RunCommand({Binary(), "restore", "--from", good, "--db", db_});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(db_ + ".pre-restore"));
  EXPECT_FALSE(std::filesystem::exists(db_ + "-wal"));
  EXPECT_EQ(RunCommand({Binary(), "check", "--db", db_}).status, 0);
}

}  // namespace
}  // namespace khabar::e2e
