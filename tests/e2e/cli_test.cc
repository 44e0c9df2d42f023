// The command line as other tools call it: import, moderation, serve and its shutdown.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using testing::CommandResult;
using testing::RunCommand;
using testing::TempDir;

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(ImportCliTest, ReportsBadLinesByNumberAndImportsEveryGoodOne) {
  TempDir dir;
  std::string file = dir.File("mixed.jsonl");
  WriteFile(file,
            R"({"id": "ok-1", "title": "خبر أول", "body": "فقرة.\n\nفقرة ثانية.", "category": "محليات", "tags": ["وسم"], "published": "2018-07-16T20:09:14+00:00", "source": "", "url": ""})" "\n"
            "{not json\n"
            R"({"id": "no-title", "title": "  ", "body": "نص", "published": ""})" "\n"
            R"({"id": "bad-date", "title": "عنوان", "body": "نص", "published": "2018-02-30"})" "\n"
            "\n"
            R"({"id": "ok-2", "title": "خبر ثان", "body": "نص الخبر.", "category": "محليات", "tags": [], "published": "2016-12-20", "source": "", "url": ""})" "\n");
  std::string db = dir.File("k.db");
  CommandResult r = RunCommand({Binary(), "import", "jsonl", file, "--db", db});
  EXPECT_NE(r.status, 0);  // some lines were skipped
  EXPECT_NE(r.err.find(":2: skipped: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":3: skipped: missing title"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(":4: skipped: \"published\": bad date"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("imported 2, updated 0, unchanged 0, skipped 3"), std::string::npos) << r.out;
  // The same file again changes nothing.
  CommandResult again = RunCommand({Binary(), "import", "jsonl", file, "--db", db});
  EXPECT_NE(again.out.find("imported 0, updated 0, unchanged 2, skipped 3"), std::string::npos)
      << again.out;
}

TEST(ImportCliTest, SeedAndCorpusSampleImportIdempotently) {
  TempDir dir;
  std::string db = dir.File("k.db");
  std::string sample = SharedDir() + "/corpus/sample-100.jsonl";
  CommandResult r = RunCommand({Binary(), "import", "jsonl", sample, "--db", db});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("imported 100, updated 0, unchanged 0, skipped 0"), std::string::npos) << r.out;
  CommandResult again = RunCommand({Binary(), "import", "jsonl", sample, "--db", db});
  ASSERT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("imported 0, updated 0, unchanged 100"), std::string::npos) << again.out;
}

TEST(ImportCliTest, MissingFileOrBadDatabaseIsAClearError) {
  TempDir dir;
  CommandResult r = RunCommand({Binary(), "import", "jsonl", dir.File("none.jsonl"), "--db", dir.File("k.db")});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
  WriteFile(dir.File("notadb"), std::string(4096, 'x'));
  WriteFile(dir.File("one.jsonl"), R"({"id":"a","title":"t","body":"b"})" "\n");
  CommandResult bad = RunCommand({Binary(), "import", "jsonl", dir.File("one.jsonl"), "--db", dir.File("notadb")});
  EXPECT_NE(bad.status, 0);
  EXPECT_FALSE(bad.err.empty());
}

TEST(CommentsCliTest, ModeratingAnUnknownCommentFails) {
  TempDir dir;
  std::string db = dir.File("k.db");
  CommandResult list = RunCommand({Binary(), "comments", "list", "--db", db});
  EXPECT_EQ(list.status, 0);
  EXPECT_TRUE(list.out.empty());
  for (const char* action : {"approve", "spam", "delete"}) {
    CommandResult r = RunCommand({Binary(), "comments", action, "42", "--db", db});
    EXPECT_NE(r.status, 0) << action;
    EXPECT_NE(r.err.find("no comment with id 42"), std::string::npos) << r.err;
  }
  CommandResult bad = RunCommand({Binary(), "comments", "approve", "abc", "--db", db});
  EXPECT_NE(bad.status, 0);
  EXPECT_FALSE(bad.err.empty());
}

TEST(ServeCliTest, DemoSiteServesAndSigtermExitsCleanly) {
  TempDir dir;
  std::string db = dir.File("k.db");
  CommandResult r = RunCommand({Binary(), "import", "jsonl", SourceDir() + "/web/demo/articles.jsonl", "--db", db});
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
  CommandResult r = RunCommand({Binary(), "serve", "--db", dir.File("k.db"), "--listen", "nonsense"},
                               "", std::chrono::seconds(20));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("HOST:PORT"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace khabar::e2e
