#include "tests/testing/pg_server.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <mutex>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/testing/server_process.h"

namespace khabar::testing {
namespace {

constexpr const char* kBin = "/usr/lib/postgresql/15/bin/";
constexpr const char* kPort = "5432";  // only names the socket file: there is no TCP listener

// Joins pieces (instead of `"literal" + std::string`, which GCC 12 warns about).
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

std::string Bin(std::string_view program) { return Cat({kBin, program}); }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Forks `argv` with stdout and stderr appended to `log`, as `uid`/`gid` when running as
// root; with `tie_to_parent`, the child gets SIGQUIT (PostgreSQL's immediate shutdown)
// when this process dies. Returns the child's pid, or -1.
pid_t Spawn(const std::vector<std::string>& argv, const std::string& log, uid_t uid, gid_t gid,
            bool tie_to_parent) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid != 0) return pid;
  int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  int null = open("/dev/null", O_RDONLY);
  if (fd < 0 || null < 0) _exit(126);
  dup2(null, 0);
  dup2(fd, 1);
  dup2(fd, 2);
  setpgid(0, 0);
  if (geteuid() == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0) _exit(125);
  }
  // After the change of user, which clears it.
  if (tie_to_parent) {
    prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (getppid() != parent) _exit(124);
  }
  execv(args[0], args.data());
  _exit(127);
}

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

bool PostgresInstalled() {
  return access((Bin("postgres")).c_str(), X_OK) == 0 && access((Bin("initdb")).c_str(), X_OK) == 0;
}

namespace {

// A fresh temporary directory owned by whoever runs the server: as root, `nobody`, since
// PostgreSQL will not run as root. Sets *uid and *gid; "" or the reason it failed.
std::string MakeServerDir(std::string* dir, uid_t* uid, gid_t* gid) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = Cat({tmp && *tmp ? tmp : "/tmp", "/khabar-pg-XXXXXX"});
  if (!mkdtemp(pattern.data())) return Cat({"mkdtemp failed for ", pattern});
  *dir = pattern;
  *uid = geteuid();
  *gid = getegid();
  if (*uid == 0) {
    const passwd* nobody = getpwnam("nobody");
    if (!nobody) return "running as root, and there is no user `nobody` to run PostgreSQL";
    *uid = nobody->pw_uid;
    *gid = nobody->pw_gid;
    if (chown(dir->c_str(), *uid, *gid) != 0) return Cat({"cannot chown ", *dir});
  }
  return "";
}

}  // namespace

std::unique_ptr<PgServer> PgServer::Start(std::string* error) {
  auto fail = [&](const std::string& why) -> std::unique_ptr<PgServer> {
    if (error) *error = why;
    return nullptr;
  };
  if (!PostgresInstalled()) {
    return fail(Cat(
        {"PostgreSQL 15 is not installed (", kBin, "postgres); run scripts/install-deps.sh test"}));
  }
  std::unique_ptr<PgServer> pg(new PgServer());
  if (std::string why = MakeServerDir(&pg->dir_, &pg->uid_, &pg->gid_); !why.empty()) {
    return fail(why);
  }
  const std::string log = Cat({pg->dir_, "/postgres.log"});
  const std::string data = Cat({pg->dir_, "/data"});
  // initdb's pg_hba.conf lets local connections replicate (trust), as StartReplica needs.
  pid_t init = Spawn({Bin("initdb"), "-D", data, "-U", "khabar", "--auth=trust", "-E", "UTF8",
                      "--no-locale", "--no-sync"},
                     log, pg->uid_, pg->gid_, false);
  if (init < 0 || WaitFor(init) != 0) return fail(Cat({"initdb failed:\n", ReadAll(log)}));
  if (std::string why = pg->Run(); !why.empty()) return fail(why);
  return pg;
}

std::unique_ptr<PgServer> PgServer::StartReplica(std::string* error) const {
  auto fail = [&](const std::string& why) -> std::unique_ptr<PgServer> {
    if (error) *error = why;
    return nullptr;
  };
  std::unique_ptr<PgServer> replica(new PgServer());
  if (std::string why = MakeServerDir(&replica->dir_, &replica->uid_, &replica->gid_);
      !why.empty()) {
    return fail(why);
  }
  const std::string log = Cat({replica->dir_, "/postgres.log"});
  const std::string data = Cat({replica->dir_, "/data"});
  // -R: standby.signal and primary_conninfo (this server's socket); a fast checkpoint, the
  // WAL streamed alongside, and a slot so that the primary keeps what the replica needs.
  std::string slot =
      Cat({"replica_", std::to_string(getpid()), "_",
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000)});
  pid_t backup = Spawn({Bin("pg_basebackup"), "-h", dir_, "-p", kPort, "-U", "khabar", "-D", data,
                        "-R", "-X", "stream", "-C", "-S", slot, "--checkpoint=fast", "--no-sync"},
                       log, uid_, gid_, false);
  if (backup < 0 || WaitFor(backup) != 0) {
    return fail(Cat({"pg_basebackup failed:\n", ReadAll(log)}));
  }
  if (std::string why = replica->Run(); !why.empty()) return fail(why);
  return replica;
}

std::string PgServer::Run() {
  const std::string log = Cat({dir_, "/postgres.log"});
  const std::string data = Cat({dir_, "/data"});
  // A replica must allow as many connections and WAL senders as its primary: both get the
  // same settings (wal_level replica is the default, said here; a base backup takes two WAL
  // senders, a replica one).
  std::vector<std::string> argv = {Bin("postgres"), "-D", data, "-k", dir_, "-p", kPort};
  for (const char* setting :
       {"listen_addresses=", "fsync=off", "synchronous_commit=off", "full_page_writes=off",
        "max_connections=300", "shared_buffers=32MB", "wal_level=replica", "max_wal_senders=4"}) {
    argv.push_back("-c");
    argv.push_back(setting);
  }
  pid_ = Spawn(argv, log, uid_, gid_, true);
  if (pid_ < 0) return "cannot start postgres";
  const std::string socket = Cat({dir_, "/.s.PGSQL.", kPort});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (true) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Cat({"postgres exited at start:\n", ReadAll(log)});
    }
    if (access(socket.c_str(), F_OK) == 0) {
      CommandResult r = RunCommand(
          {Bin("pg_isready"), "-q", "-h", dir_, "-p", kPort, "-U", "khabar", "-d", "postgres"});
      if (r.status == 0) break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Cat({"postgres did not become ready in 30 s:\n", ReadAll(log)});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  return "";
}

std::string PgServer::Sql(const std::string& db, const std::string& sql, std::string* error) const {
  CommandResult r = RunCommand({Bin("psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", dir_,
                                "-p", kPort, "-U", "khabar", "-d", db, "-c", sql});
  if (r.status != 0) {
    if (error) *error = Cat({"psql failed: ", r.err});
    return "";
  }
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

PgServer::~PgServer() {
  if (pid_ > 0) {
    // Fast shutdown (SIGINT): backends end, no recovery needed; then make sure.
    kill(pid_, SIGINT);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        WaitFor(pid_);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string PgServer::Url(const std::string& name) const {
  std::string url = "postgresql://khabar@/";
  url.append(name).append("?host=").append(dir_).append("&port=").append(kPort);
  return url;
}

std::string PgServer::CreateDatabase(std::string* error) {
  std::string name = Cat({"k", std::to_string(next_db_.fetch_add(1) + 1)});
  CommandResult r = RunCommand({Bin("createdb"), "-h", dir_, "-p", kPort, "-U", "khabar", name});
  if (r.status != 0) {
    if (error) *error = Cat({"createdb ", name, " failed: ", r.err});
    return "";
  }
  return Url(name);
}

PgServer* SharedPgServer(std::string* error) {
  static std::mutex mu;
  static std::unique_ptr<PgServer> server;
  static std::string start_error;
  std::lock_guard lock(mu);
  if (!server && start_error.empty()) {
    server = PgServer::Start(&start_error);
    if (!server && start_error.empty()) start_error = "PostgreSQL did not start";
  }
  if (!server && error) *error = start_error;
  return server.get();
}

}  // namespace khabar::testing
