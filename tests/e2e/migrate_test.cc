// `khabar migrate`: a site made on SQLite (corpus articles, a comment, a newsroom account)
// copied to PostgreSQL (a server this test starts in a temporary directory), served from
// there with the same pages, search results and login, then copied back to a new SQLite
// file with the same counts.
#include <gtest/gtest.h>

#include <string>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/http_client.h"
#include "tests/testing/pg_server.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::CommandResult;
using testing::HttpGet;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempDir;

// The page at `path` from a server on `db`.
struct Pages {
  HttpResponse home, search, article;
};
Pages Serve(const std::string& db, const std::string& article_path) {
  std::string error;
  auto server = ServerProcess::Start({.binary = Binary(), .db_path = db}, &error);
  EXPECT_NE(server, nullptr) << error;
  Pages p;
  if (!server) return p;
  p.home = HttpGet(server->port(), "/");
  p.search = HttpGet(server->port(), "/api/search?q=%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9");
  p.article = HttpGet(server->port(), article_path);
  EXPECT_EQ(server->Stop(), 0) << server->ReadLog();
  return p;
}

TEST(MigrateTest, CopiesASiteToPostgresAndBackWithTheSameCounts) {
  TempDir dir;
  std::string lite = dir.File("site.db");
  WriteCorpusHead(dir.File("head.jsonl"), 300);
  CommandResult r = RunCommand({Binary(), "import", "jsonl", dir.File("head.jsonl"), "--db", lite});
  ASSERT_EQ(r.status, 0) << r.err;
  r = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", lite},
                 "a-long-password-1\n");
  ASSERT_EQ(r.status, 0) << r.err;

  std::string error;
  testing::PgServer* pg = testing::SharedPgServer(&error);
  ASSERT_NE(pg, nullptr) << error;
  std::string url = pg->CreateDatabase(&error);
  ASSERT_FALSE(url.empty()) << error;
  CommandResult to_pg = RunCommand({Binary(), "migrate", "--from", lite, "--to", url});
  ASSERT_EQ(to_pg.status, 0) << to_pg.err;
  EXPECT_NE(to_pg.out.find("articles             300 rows"), std::string::npos) << to_pg.out;
  EXPECT_NE(to_pg.out.find("users                1 rows"), std::string::npos) << to_pg.out;
  EXPECT_NE(to_pg.out.find("the counts match on both sides"), std::string::npos) << to_pg.out;

  // A second copy into the same database is refused and changes nothing.
  CommandResult again = RunCommand({Binary(), "migrate", "--from", lite, "--to", url});
  EXPECT_EQ(again.status, 3) << again.err;
  EXPECT_NE(again.err.find("already holds a site"), std::string::npos) << again.err;

  // The same site from either database.
  Pages before = Serve(lite, "/");
  ASSERT_EQ(before.home.status, 200);
  Pages after = Serve(url, "/");
  ASSERT_EQ(after.home.status, 200);
  EXPECT_EQ(after.search.status, 200);
  EXPECT_EQ(before.search.body, after.search.body);
  // The account signs in on PostgreSQL with its password.
  {
    auto server = ServerProcess::Start({.binary = Binary(), .db_path = url}, &error);
    ASSERT_NE(server, nullptr) << error;
    EXPECT_FALSE(SignIn(server->port(), "layla", "a-long-password-1").empty());
  }

  // And back, into a new SQLite file.
  std::string back = dir.File("back.db");
  CommandResult to_lite = RunCommand({Binary(), "migrate", "--from", url, "--to", back});
  ASSERT_EQ(to_lite.status, 0) << to_lite.err;
  EXPECT_NE(to_lite.out.find("articles             300 rows"), std::string::npos) << to_lite.out;
  Pages returned = Serve(back, "/");
  EXPECT_EQ(before.search.body, returned.search.body);
}

// `khabar check` on PostgreSQL: counts a sound site, finds a search index that disagrees
// with the articles, and sends `backup` and `restore` to PostgreSQL's own tools.
TEST(MigrateTest, CheckOnPostgresFindsAnIndexThatDisagreesWithTheArticles) {
  std::string error;
  testing::PgServer* pg = testing::SharedPgServer(&error);
  ASSERT_NE(pg, nullptr) << error;
  std::string url = pg->CreateDatabase(&error);
  ASSERT_FALSE(url.empty()) << error;
  auto import =
      RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", url});
  ASSERT_EQ(import.status, 0) << import.err;
  auto ok = RunCommand({Binary(), "check", "--db", url});
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("1 articles (1 published, 1 in the search index), 0 comments"),
            std::string::npos)
      << ok.out;
  testing::QueryRows(url, "DELETE FROM article_search");
  auto bad = RunCommand({Binary(), "check", "--db", url});
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("1 published not indexed"), std::string::npos) << bad.err;
  TempDir dir;
  auto backup = RunCommand({Binary(), "backup", "--db", url, "--to", dir.File("copy.db")});
  EXPECT_NE(backup.status, 0);
  EXPECT_NE(backup.err.find("pg_dump"), std::string::npos) << backup.err;
  auto restore = RunCommand({Binary(), "restore", "--from", dir.File("copy.db"), "--db", url});
  EXPECT_NE(restore.status, 0);
  EXPECT_NE(restore.err.find("pg_dump"), std::string::npos) << restore.err;
  auto nothing = RunCommand({Binary(), "check", "--db", pg->Url("no_such_database")});
  EXPECT_EQ(nothing.status, 1);
}

}  // namespace
}  // namespace khabar::e2e
