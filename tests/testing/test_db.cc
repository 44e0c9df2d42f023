#include "tests/testing/test_db.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "tests/testing/pg_server.h"
#include "tests/testing/server_process.h"

namespace khabar::testing {

bool TestingPostgres() {
  const char* v = std::getenv("KHABAR_TEST_DB");
  return v != nullptr && std::string_view(v) == "postgres";
}

std::string TestDb(const TempDir& dir, std::string_view file) {
  if (!TestingPostgres()) return dir.File(file);
  std::string error;
  PgServer* pg = SharedPgServer(&error);
  if (pg == nullptr) throw std::runtime_error(error.insert(0, "PostgreSQL for the tests: "));
  std::string url = pg->CreateDatabase(&error);
  if (url.empty()) throw std::runtime_error(error);
  return url;
}

Rows QueryRows(const std::string& db, const std::string& sql) {
  // Unit and record separators: article bodies hold newlines and '|'.
  const std::string unit = "\x1f", record = "\x1e";
  std::vector<std::string> argv;
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    argv = {"/usr/lib/postgresql/15/bin/psql",
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-F",
            unit,
            "-R",
            record,
            "-d",
            db,
            "-c",
            sql};
  } else {
    argv = {"sqlite3",    "-batch", "-readonly", "-bail", "-cmd", ".timeout 5000",
            "-separator", unit,     "-newline",  record,  db,     sql};
  }
  CommandResult r = RunCommand(argv);
  if (r.status != 0) {
    ADD_FAILURE() << "query on " << db << " failed (" << r.status << "): " << r.err
                  << "\nquery: " << sql;
    return {};
  }
  Rows rows;
  std::string_view out = r.out;
  // psql ends its output with a newline after the last record.
  if (argv[0].ends_with("psql") && !out.empty() && out.back() == '\n') out.remove_suffix(1);
  if (!out.empty() && out.back() == record[0]) out.remove_suffix(1);
  while (!out.empty()) {
    size_t end = out.find(record);
    std::string_view line = out.substr(0, end);
    std::vector<std::string> row;
    for (;;) {
      size_t cut = line.find(unit);
      row.emplace_back(line.substr(0, cut));
      if (cut == std::string_view::npos) break;
      line.remove_prefix(cut + 1);
    }
    rows.push_back(std::move(row));
    if (end == std::string_view::npos) break;
    out.remove_prefix(end + 1);
  }
  return rows;
}

std::string QueryValue(const std::string& db, const std::string& sql) {
  Rows rows = QueryRows(db, sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

}  // namespace khabar::testing
