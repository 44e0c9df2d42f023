// The rewriting of SQLite's ?N parameters into PostgreSQL's $N (shared SQL, src/store/sql/).
#include "src/store/postgres/placeholders.h"

#include <gtest/gtest.h>

namespace khabar::store::postgres {
namespace {

TEST(PlaceholdersTest, NumberedParametersBecomeDollarParameters) {
  EXPECT_EQ(NumberedToDollar("SELECT id FROM users WHERE name = ?1"),
            "SELECT id FROM users WHERE name = $1");
  EXPECT_EQ(NumberedToDollar("VALUES (?1, ?2, ?10, ?12)"), "VALUES ($1, $2, $10, $12)");
  EXPECT_EQ(NumberedToDollar("WHERE a=?1 AND b<>?2"), "WHERE a=$1 AND b<>$2");
  EXPECT_EQ(NumberedToDollar("?1"), "$1");
}

TEST(PlaceholdersTest, TextAlreadyInPostgresFormIsUnchanged) {
  const char* sql = "SELECT $1::bigint, data ? 'key', x ?| array['a'] FROM t WHERE y = $12";
  EXPECT_EQ(NumberedToDollar(sql), sql);
  EXPECT_EQ(NumberedToDollar(""), "");
  EXPECT_EQ(NumberedToDollar("SELECT 1?"), "SELECT 1?");
}

TEST(PlaceholdersTest, StringLiteralsAndIdentifiersAreLeftAlone) {
  EXPECT_EQ(NumberedToDollar("SELECT '?1', ?1"), "SELECT '?1', $1");
  EXPECT_EQ(NumberedToDollar("SELECT 'it''s ?2', ?2"), "SELECT 'it''s ?2', $2");
  EXPECT_EQ(NumberedToDollar("SELECT \"col?1\" FROM t WHERE x = ?1"),
            "SELECT \"col?1\" FROM t WHERE x = $1");
  EXPECT_EQ(NumberedToDollar("SELECT E'a\\' ?1', ?1"), "SELECT E'a\\' ?1', $1");
  // Without the E, a backslash is an ordinary character: the literal ends at the quote.
  EXPECT_EQ(NumberedToDollar("SELECT 'a\\', ?1"), "SELECT 'a\\', $1");
  EXPECT_EQ(NumberedToDollar("SELECT $$ ?1 $$, $q$ it's ?2 $q$, ?3"),
            "SELECT $$ ?1 $$, $q$ it's ?2 $q$, $3");
  // An unterminated literal keeps the rest as it is.
  EXPECT_EQ(NumberedToDollar("SELECT ?1, 'open ?2"), "SELECT $1, 'open ?2");
}

TEST(PlaceholdersTest, CommentsAreLeftAlone) {
  EXPECT_EQ(NumberedToDollar("SELECT ?1 -- and ?2\n, ?3"), "SELECT $1 -- and ?2\n, $3");
  EXPECT_EQ(NumberedToDollar("SELECT /* ?1 /* ?2 */ ?3 */ ?4"), "SELECT /* ?1 /* ?2 */ ?3 */ $4");
  EXPECT_EQ(NumberedToDollar("SELECT 4 - -?1"), "SELECT 4 - -$1");
}

}  // namespace
}  // namespace khabar::store::postgres
