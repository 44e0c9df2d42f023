// Where a test keeps its site database: an SQLite file in the test's directory, or, when
// the environment says KHABAR_TEST_DB=postgres, a fresh database on a PostgreSQL server
// that the test binary starts for itself (see pg_server.h). The same tests then run on
// both backends: ctest runs the store and end-to-end binaries a second time with it.
//
//   std::string db = testing::TestDb(dir, "k.db");  // a path, or a postgresql:// URL
//   if (testing::TestingPostgres()) GTEST_SKIP() << "reads the SQLite file itself";
#ifndef KHABAR_TESTS_TESTING_TEST_DB_H_
#define KHABAR_TESTS_TESTING_TEST_DB_H_

#include <string>
#include <string_view>
#include <vector>

#include "tests/testing/server_process.h"

namespace khabar::testing {

// Whether KHABAR_TEST_DB=postgres.
bool TestingPostgres();

// `dir`/`file` on SQLite; a new empty PostgreSQL database's URL otherwise. Throws
// std::runtime_error when PostgreSQL cannot start or create it.
std::string TestDb(const TempDir& dir, std::string_view file);

// Every row of the query `sql` on the test database `db` (a file or a postgresql:// URL),
// read through the backend's own command-line client (sqlite3 read-only, or psql), each
// column as text: NULL as "", numbers in decimal, booleans as SQLite writes them (1 and 0)
// when the query casts them to integers. A failing query is a test failure (and no rows).
// Write SQL both dialects accept.
using Rows = std::vector<std::vector<std::string>>;
Rows QueryRows(const std::string& db, const std::string& sql);

// The first column of the first row, or "" (a count, a single value).
std::string QueryValue(const std::string& db, const std::string& sql);

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_TEST_DB_H_
