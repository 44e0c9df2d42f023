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

#include "tests/testing/server_process.h"

namespace khabar::testing {

// Whether KHABAR_TEST_DB=postgres.
bool TestingPostgres();

// `dir`/`file` on SQLite; a new empty PostgreSQL database's URL otherwise. Throws
// std::runtime_error when PostgreSQL cannot start or create it.
std::string TestDb(const TempDir& dir, std::string_view file);

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_TEST_DB_H_
