// A real PostgreSQL 15 server for tests, in a temporary directory: initdb, then `postgres`
// listening on a Unix socket in that directory only (no TCP port), with fsync off (a test
// database need not survive a crash). As root, the server runs as the unprivileged user
// `nobody` (PostgreSQL refuses root). The server is a child of the test process: it dies
// with it (PR_SET_PDEATHSIG), and the destructor stops it and removes the directory.
//
//   std::string error;
//   PgServer* pg = SharedPgServer(&error);       // started on first use, for the whole binary
//   ASSERT_NE(pg, nullptr) << error;
//   std::string url = pg->CreateDatabase(&error);  // a fresh, empty database
//   // url == "postgresql://khabar@/k3?host=/tmp/khabar-pg-XXXXXX&port=5432"
//   auto replica = pg->StartReplica(&error);      // the same databases, read-only, replayed
#ifndef KHABAR_TESTS_TESTING_PG_SERVER_H_
#define KHABAR_TESTS_TESTING_PG_SERVER_H_

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <string>

namespace khabar::testing {

class PgServer {
 public:
  // initdb and start; nullptr with the reason (and the server's log) in *error.
  static std::unique_ptr<PgServer> Start(std::string* error);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // Creates a new empty database owned by the superuser `khabar`; returns its libpq URL,
  // or "" with the reason in *error.
  std::string CreateDatabase(std::string* error);
  // The URL of the database `name` on this server.
  std::string Url(const std::string& name) const;
  const std::string& socket_dir() const { return dir_; }

  // A streaming replica of this server in hot standby, in a temporary directory of its own
  // with its own socket (pg_basebackup -R, then `postgres`), run by the same user; it
  // refuses writes and replays this server's. nullptr with the reason in *error.
  std::unique_ptr<PgServer> StartReplica(std::string* error) const;

  // Runs `sql` with psql on database `db` ("postgres" for none in particular); its output
  // (unaligned, tuples only), or "" with the reason in *error when psql fails.
  std::string Sql(const std::string& db, const std::string& sql, std::string* error) const;

 private:
  PgServer() = default;
  // Starts `postgres` on dir_/data and waits until it accepts connections ("" when it does).
  std::string Run();
  std::string dir_;  // data in dir_/data, socket and log in dir_
  uid_t uid_ = 0;    // who runs the server
  gid_t gid_ = 0;
  pid_t pid_ = -1;
  std::atomic<int> next_db_{0};
};

// The /usr/lib/postgresql/15/bin programs are there.
bool PostgresInstalled();

// One server for the whole test binary, started on first call (nullptr with *error when it
// cannot start) and stopped when the program exits.
PgServer* SharedPgServer(std::string* error);

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_PG_SERVER_H_
