// The "khabar" FTS5 tokenizer inside SQLite itself: what matches, what highlight() shows,
// and that the index follows the transaction it is written in.
#include "src/store/sqlite/fts5_arabic.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::store::sqlite {
namespace {

class Fts5ArabicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(RegisterArabicTokenizer(db_).ok());
    Exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='khabar')");
  }
  void TearDown() override { sqlite3_close(db_); }

  int Exec(const std::string& sql) {
    return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }

  std::vector<std::string> Column(const std::string& sql, const std::string& bind = "") {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    if (!bind.empty()) sqlite3_bind_text(st, 1, bind.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(st, 0);
      out.push_back(t ? reinterpret_cast<const char*>(t) : "");
    }
    sqlite3_finalize(st);
    return out;
  }

  std::vector<std::string> Match(const std::string& q) {
    return Column("SELECT body FROM t WHERE t MATCH ?1 ORDER BY rowid", q);
  }

  sqlite3* db_ = nullptr;
};

TEST_F(Fts5ArabicTest, MatchesSpellingVariantsThroughTheIndex) {
  Exec("INSERT INTO t(body) VALUES ('وقّعت الحكومةُ الاتفاقيةَ مع إيران'), ('خبر آخر')");
  for (const char* q :
       {"\"اتفاقيه\"", "\"والاتفاقيات\"", "\"ايران\"", "\"حكومتهم\"", "\"الحكومة الاتفاقية\""}) {
    EXPECT_EQ(Match(q).size(), 1u) << q;
  }
  EXPECT_TRUE(Match("\"المعارضة\"").empty());
}

TEST_F(Fts5ArabicTest, HighlightShowsTheOriginalText) {
  Exec("INSERT INTO t(body) VALUES ('قالت الحُكومةُ إنّ المفاوضات مستمرة')");
  auto h = Column("SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1", "\"حكومه\"");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0], "قالت [الحُكومةُ] إنّ المفاوضات مستمرة");
}

TEST_F(Fts5ArabicTest, PhrasesKeepTheirStopWordsAndOrder) {
  Exec("INSERT INTO t(body) VALUES ('عاد إلى المدينة'), ('المدينة عاد إليها')");
  EXPECT_EQ(Match("\"عاد إلى المدينة\"").size(), 1u);
  EXPECT_EQ(Match("\"عاد\" AND \"المدينة\"").size(), 2u);
}

TEST_F(Fts5ArabicTest, TheIndexFollowsTheTransaction) {
  Exec("BEGIN");
  Exec("INSERT INTO t(body) VALUES ('انتخابات بلدية')");
  EXPECT_EQ(Match("\"انتخابات\"").size(), 1u);
  Exec("ROLLBACK");
  EXPECT_TRUE(Match("\"انتخابات\"").empty());
}

TEST_F(Fts5ArabicTest, OtherStemmersAndBadArguments) {
  EXPECT_EQ(Exec("CREATE VIRTUAL TABLE s USING fts5(body, tokenize='khabar snowball')"), SQLITE_OK);
  EXPECT_EQ(Exec("INSERT INTO s(body) VALUES ('الاتفاقية')"), SQLITE_OK);
  EXPECT_EQ(Column("SELECT body FROM s WHERE s MATCH ?1", "\"اتفاقية\"").size(), 1u);
  EXPECT_NE(Exec("CREATE VIRTUAL TABLE x USING fts5(body, tokenize='khabar porter')"), SQLITE_OK);
}

}  // namespace
}  // namespace khabar::store::sqlite
