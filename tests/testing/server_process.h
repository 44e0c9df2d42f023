/*
 * Process helpers for integration tests: start the khabar server as a child
 * process on a free loopback port and wait until it is healthy
 * (ServerProcess), run a command-line tool and capture its output
 * (RunCommand), and create a scratch directory that cleans up after itself
 * (TempDir).
 *
 * Children never outlive the test: the destructors kill them, and every
 * child also gets PR_SET_PDEATHSIG(SIGKILL), so it is killed if the test
 * process crashes or exits without unwinding. (Linux delivers that signal
 * when the *thread* that started the child exits, so start servers from the
 * test's own thread, not from a short-lived helper thread.) Each child runs
 * in its own process group, which is SIGKILLed when the child is reaped, so
 * helper processes it left behind die too. For a server, a small watchdog
 * process also SIGKILLs that group if the test process dies without
 * stopping it (its PR_SET_PDEATHSIG only reaches the server itself).
 *
 * Usage:
 *   CommandResult version = RunCommand({kKhabarBinary, "--version"});
 *   ASSERT_EQ(version.status, 0) << version.err;
 *   EXPECT_NE(version.out.find("khabar"), std::string::npos);
 *
 *   TempDir dir;
 *
 *   std::string error;
 *   std::unique_ptr<ServerProcess> server = ServerProcess::Start(
 *       {.binary = kKhabarBinary, .db_path = dir.File("khabar.db")}, &error);
 *   ASSERT_NE(server, nullptr) << error;
 *   HttpResponse r = HttpGet(server->port(), "/");   // see http_client.h
 *   EXPECT_EQ(server->Stop(), 0) << server->ReadLog();
 */
#ifndef KHABAR_TESTS_TESTING_SERVER_PROCESS_H_
#define KHABAR_TESTS_TESTING_SERVER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::testing {

// The members have default initializers so that designated initializers
// may omit any of them without -Wmissing-field-initializers warnings.
struct ServerOptions {
  std::string binary{};                   // Path of the khabar executable.
  std::string db_path{};                  // The --db value.
  std::vector<std::string> extra_args{};  // Appended after the serve args.
  std::chrono::seconds start_timeout{30};
};

// A running `khabar serve` child process listening on 127.0.0.1:port().
// Not copyable or movable; hold it in the std::unique_ptr from Start().
class ServerProcess {
 public:
  // Picks a free loopback port (binds 127.0.0.1:0, reads the port, closes
  // the socket), then forks and execs
  //   <binary> serve --db <db_path> --listen 127.0.0.1:<port> <extra_args...>
  // with stdin from /dev/null and stdout+stderr appended to the log file
  // "server-<port>.log" in the directory of db_path (truncated first; the
  // directory must exist). Then polls GET /healthz until it answers 200.
  //
  // Returns the running server on success. Returns nullptr, with the reason
  // and the tail of the log in *error (if error is not null), if the binary
  // cannot be executed, the child exits first, or options.start_timeout
  // passes; the child is then killed and reaped. If the child exits early and
  // its log says the address was in use (the port was taken between probing
  // and binding), Start retries with a new port, up to 3 attempts.
  static std::unique_ptr<ServerProcess> Start(const ServerOptions& options, std::string* error);

  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // SIGKILLs the server (and its process group) and reaps it, unless it was
  // already stopped.
  ~ServerProcess();

  // The loopback port the server was told to listen on.
  int port() const { return port_; }

  // The child's process id (also its process group id).
  pid_t pid() const { return pid_; }

  // The path of the file receiving the server's stdout and stderr.
  const std::string& log_path() const { return log_path_; }

  // The current contents of the log file ("" if it cannot be read).
  std::string ReadLog() const;

  // Whether the child has not exited yet (a zombie counts as exited). Does
  // not reap it.
  bool IsRunning() const;

  // Sends SIGTERM to the server and waits up to `timeout` for it to exit.
  // Returns its exit status (WEXITSTATUS) if it exited normally, or -1 if it
  // died from a signal (including SIGTERM itself) or had to be killed with
  // SIGKILL after the timeout. Leftover processes in its process group are
  // SIGKILLed. If the server already stopped (an earlier Stop), returns the
  // same result again without sending anything.
  int Stop(std::chrono::seconds timeout = std::chrono::seconds(15));

 private:
  ServerProcess(pid_t pid, int port, std::string log_path)
      : pid_(pid), port_(port), log_path_(std::move(log_path)) {}

  // Kills the rest of the process group, reaps the (exited) child, records
  // its wait status and dismisses the watchdog.
  void Reap();

  pid_t pid_;
  int port_;
  std::string log_path_;
  bool reaped_ = false;
  int wait_status_ = 0;  // Valid once reaped_.
  bool killed_ = false;  // Whether we had to SIGKILL it.
  pid_t watchdog_pid_ = -1;
  int watchdog_fd_ = -1;  // Our end of the socket pair the watchdog reads.
};

struct CommandResult {
  // The exit status (WEXITSTATUS), or -1 if the command died from a signal
  // (including the SIGKILL sent on timeout); 127 if it could not be executed.
  int status = -1;
  std::string out;  // Everything the command wrote to stdout.
  std::string err;  // Everything it wrote to stderr (plus a note from
                    // RunCommand on exec failure or timeout).
};

// Runs argv[0] (searched in $PATH if it contains no '/') with arguments
// argv[1..], in its own process group, with `stdin_text` as its standard
// input (then EOF), capturing stdout and stderr separately. Inherited file
// descriptors other than 0-2 are closed in the child and the signal mask and
// dispositions are reset. If the command has not finished after `timeout`,
// its process group is SIGKILLed and the output so far is returned with
// status -1. Blocks until the command exits and its output pipes are closed
// (waiting at most 2 s beyond the command's exit for background processes
// still holding them, which are then killed). SIGPIPE from writing stdin to
// a command that does not read it is suppressed. Never throws for a failing
// command; an empty argv gives status 127.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                         std::chrono::seconds timeout = std::chrono::seconds(300));

// A fresh directory created with mkdtemp under $TMPDIR (or /tmp if unset or
// empty), named khabar-test-XXXXXX. The destructor removes it recursively,
// ignoring errors. The constructor throws std::runtime_error if the
// directory cannot be created. Not copyable.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The absolute or $TMPDIR-relative path of the directory, without a
  // trailing slash.
  const std::string& path() const { return path_; }

  // path() + "/" + name. Does not create anything.
  std::string File(std::string_view name) const;

 private:
  std::string path_;
};

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_TESTING_SERVER_PROCESS_H_
