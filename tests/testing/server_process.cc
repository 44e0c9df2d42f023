#include "tests/testing/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "tests/testing/http_client.h"

namespace khabar::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::string ErrnoMessage(int error) { return std::strerror(error); }

// Closes `*fd` if open and marks it closed.
void CloseFd(int* fd) {
  if (*fd >= 0) {
    ::close(*fd);
    *fd = -1;
  }
}

// Returns a port on 127.0.0.1 that was free a moment ago, or -1 with the
// reason in *error.
int PickFreePort(std::string* error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = "socket(): " + ErrnoMessage(errno);
    return -1;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = -1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    *error = "bind(127.0.0.1:0): " + ErrnoMessage(errno);
  } else if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    *error = "getsockname(): " + ErrnoMessage(errno);
  } else {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// Searches $PATH for `name` unless it contains a '/'. Returns `name` itself
// if nothing is found (execv then fails with ENOENT).
std::string ResolveProgram(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  const std::string_view dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string_view::npos) end = dirs.size();
    std::string_view dir = dirs.substr(start, end - start);
    if (dir.empty()) dir = ".";
    std::string candidate(dir);
    candidate += '/';
    candidate += name;
    struct stat info;
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return name;
}

// An upper bound for the descriptor numbers in use, for closing them all
// where close_range() is unavailable (Linux < 5.9). Call before fork().
int MaxFdBound() {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 20));
  }
  return 65536;
}

// Closes every descriptor >= `first` (async-signal-safe).
void CloseFdsFrom(int first, int max_fd) {
  if (::close_range(static_cast<unsigned>(first), ~0U, 0) == 0) return;
  for (int fd = first; fd < max_fd; ++fd) ::close(fd);
}

// Child side of SpawnChild(): reports errno on `report_fd` and exits.
[[noreturn]] void ChildFail(int report_fd) {
  const int error = errno;
  [[maybe_unused]] ssize_t ignored = ::write(report_fd, &error, sizeof(error));
  ::_exit(127);
}

// Forks and execs `path` with `argv`, with the given descriptors as the
// child's stdin/stdout/stderr; the child gets its own process group,
// PR_SET_PDEATHSIG(SIGKILL), default signal handling and no other inherited
// descriptors. Returns the child's pid once execv succeeded; otherwise -1
// with the reason in *error (the child, if any, is reaped).
pid_t SpawnChild(const std::string& path, const std::vector<std::string>& argv, int stdin_fd,
                 int stdout_fd, int stderr_fd, std::string* error) {
  // Everything the child needs is prepared before fork(): after it, only
  // async-signal-safe calls are allowed (other threads may hold locks).
  std::vector<char*> child_argv;
  child_argv.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    child_argv.push_back(const_cast<char*>(arg.c_str()));
  }
  child_argv.push_back(nullptr);
  const int max_fd = MaxFdBound();

  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    *error = "pipe2(): " + ErrnoMessage(errno);
    return -1;
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = "fork(): " + ErrnoMessage(errno);
    ::close(report[0]);
    ::close(report[1]);
    return -1;
  }
  if (pid == 0) {
    // Child.
    int report_fd = report[1];
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // The parent already died.
    sigset_t empty;
    sigemptyset(&empty);
    ::sigprocmask(SIG_SETMASK, &empty, nullptr);
    for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
      if (signal_number != SIGKILL && signal_number != SIGSTOP) {
        ::signal(signal_number, SIG_DFL);
      }
    }
    if (::dup2(stdin_fd, 0) < 0 || ::dup2(stdout_fd, 1) < 0 || ::dup2(stderr_fd, 2) < 0) {
      ChildFail(report_fd);
    }
    if (report_fd != 3) {
      if (::dup3(report_fd, 3, O_CLOEXEC) < 0) ChildFail(report_fd);
      report_fd = 3;
    }
    CloseFdsFrom(4, max_fd);
    ::execv(path.c_str(), child_argv.data());
    ChildFail(report_fd);
  }

  // Parent: EOF on the report pipe means execv succeeded.
  ::close(report[1]);
  int child_errno = 0;
  std::size_t got = 0;
  while (got < sizeof(child_errno)) {
    const ssize_t n =
        ::read(report[0], reinterpret_cast<char*>(&child_errno) + got, sizeof(child_errno) - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(report[0]);
  if (got == 0) return pid;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  *error = "cannot execute " + path + ": " +
           (got == sizeof(child_errno) ? ErrnoMessage(child_errno) : std::string("unknown error"));
  return -1;
}

// Whether the (unreaped) child `pid` has exited; does not reap it.
bool HasExited(pid_t pid) {
  siginfo_t info;
  std::memset(&info, 0, sizeof(info));
  while (true) {
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0) {
      return info.si_pid == pid;
    }
    if (errno != EINTR) return true;  // ECHILD: nothing left to wait for.
  }
}

// Kills whatever is left of the child's process group, then reaps the child.
// Returns its wait status, or -1 if it could not be waited for.
int KillGroupAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  int status = 0;
  while (true) {
    if (::waitpid(pid, &status, 0) == pid) return status;
    if (errno != EINTR) return -1;
  }
}

// Forks a watchdog for the process group `group`: it waits on one end of a
// socket pair whose other end, returned in *fd (close-on-exec), only this
// process holds. If that end is closed without a byte having been sent
// through it, i.e. this process died without dismissing the watchdog, it
// SIGKILLs the group; either way it then exits. The watchdog ignores the
// usual terminal and termination signals so that it survives a Ctrl-C sent
// to the test's process group. Returns the watchdog's pid, or -1 (no
// watchdog: PR_SET_PDEATHSIG still covers the server itself).
pid_t StartWatchdog(pid_t group, int* fd) {
  int ends[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) {
    return -1;
  }
  const int max_fd = MaxFdBound();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(ends[0]);
    ::close(ends[1]);
    return -1;
  }
  if (pid == 0) {
    // Watchdog (a copy of a possibly multi-threaded process: only
    // async-signal-safe calls from here on).
    for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) {
      ::signal(signal_number, SIG_IGN);
    }
    // Hold nothing else open, in particular not our own other end nor pipes
    // that other code waits on: move the watched end to 0, close the rest.
    ::close(ends[1]);
    if (::dup2(ends[0], 0) < 0) ::_exit(1);
    CloseFdsFrom(1, max_fd);
    const int watch_fd = 0;
    char byte = 0;
    ssize_t n;
    do {
      n = ::read(watch_fd, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) ::kill(-group, SIGKILL);
    ::_exit(0);
  }
  ::close(ends[0]);
  *fd = ends[1];
  return pid;
}

std::string DescribeWaitStatus(int status) {
  if (status == -1) return "exited (status unknown)";
  if (WIFEXITED(status)) {
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    const int signal_number = WTERMSIG(status);
    const char* name = ::sigabbrev_np(signal_number);
    return "was killed by signal " + std::to_string(signal_number) +
           (name != nullptr ? std::string(" (SIG") + name + ")" : "");
  }
  return "stopped with wait status " + std::to_string(status);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The last `max_lines` lines of `text`, at most `max_bytes` bytes.
std::string Tail(const std::string& text, int max_lines = 60, std::size_t max_bytes = 8000) {
  std::size_t start = text.size();
  int lines = 0;
  while (start > 0) {
    const std::size_t newline = text.rfind('\n', start - 1);
    // A trailing newline does not start a new line.
    if (newline != text.size() - 1) ++lines;
    if (lines >= max_lines || newline == std::string::npos) {
      start = newline == std::string::npos ? 0 : newline + 1;
      break;
    }
    start = newline;
  }
  if (text.size() - start > max_bytes) start = text.size() - max_bytes;
  return text.substr(start);
}

std::string LogTailForError(const std::string& log_path) {
  const std::string log = ReadFile(log_path);
  if (log.empty()) return "\n(server log " + log_path + " is empty)";
  return "\n--- last lines of " + log_path + " ---\n" + Tail(log) +
         (log.back() == '\n' ? "" : "\n") + "--- end of log ---";
}

bool MentionsAddressInUse(const std::string& log) {
  std::string lower = log;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return lower.find("address already in use") != std::string::npos ||
         lower.find("eaddrinuse") != std::string::npos ||
         lower.find("address in use") != std::string::npos;
}

void SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// Reads everything currently available from `*fd` into `out`; closes `*fd`
// at EOF or on error.
void DrainPipe(int* fd, std::string* out) {
  char buffer[65536];
  while (*fd >= 0) {
    const ssize_t n = ::read(*fd, buffer, sizeof(buffer));
    if (n > 0) {
      out->append(buffer, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return;
    } else {
      CloseFd(fd);
    }
  }
}

// Blocks SIGPIPE in the calling thread for the object's lifetime and
// discards a SIGPIPE raised meanwhile.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    ::pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_mask_);
  }
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      ::sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{};
        ::sigtimedwait(&pipe_set_, nullptr, &zero);
      }
    }
    ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t pipe_set_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------
// ServerProcess.

std::unique_ptr<ServerProcess> ServerProcess::Start(const ServerOptions& options,
                                                    std::string* error) {
  std::string ignored_error;
  if (error == nullptr) error = &ignored_error;
  error->clear();

  std::filesystem::path log_dir = std::filesystem::path(options.db_path).parent_path();
  // A PostgreSQL URL: the log goes to the test server's directory (its `host=` socket
  // folder, see pg_server.h), removed with it.
  if (options.db_path.starts_with("postgres")) {
    size_t host = options.db_path.find("host=");
    log_dir = host == std::string::npos
                  ? std::filesystem::temp_directory_path()
                  : std::filesystem::path(options.db_path.substr(
                        host + 5, options.db_path.find('&', host) - host - 5));
  }
  if (log_dir.empty()) log_dir = ".";

  constexpr int kAttempts = 3;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    const int port = PickFreePort(error);
    if (port < 0) return nullptr;
    const std::string log_path = (log_dir / ("server-" + std::to_string(port) + ".log")).string();

    int log_fd =
        ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
      *error = "cannot create server log " + log_path + ": " + ErrnoMessage(errno);
      return nullptr;
    }
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) {
      *error = "cannot open /dev/null: " + ErrnoMessage(errno);
      CloseFd(&log_fd);
      return nullptr;
    }

    std::vector<std::string> argv = {options.binary, "serve",
                                     "--db",         options.db_path,
                                     "--listen",     "127.0.0.1:" + std::to_string(port)};
    argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
    // On PostgreSQL there is no database file to keep images beside: each test database gets
    // a folder of its own next to the log, unless the test names one.
    if (options.db_path.starts_with("postgres") &&
        std::find(argv.begin(), argv.end(), "--media-dir") == argv.end()) {
      const size_t q = options.db_path.find('?');
      const size_t slash = options.db_path.rfind('/', q);
      std::string name = "media-";
      name.append(options.db_path.substr(slash + 1, q - slash - 1));
      argv.push_back("--media-dir");
      argv.push_back((log_dir / name).string());
    }
    const pid_t pid = SpawnChild(options.binary, argv, null_fd, log_fd, log_fd, error);
    CloseFd(&log_fd);
    CloseFd(&null_fd);
    if (pid < 0) return nullptr;

    // From here on the destructor cleans up on every early return.
    std::unique_ptr<ServerProcess> server(new ServerProcess(pid, port, log_path));
    server->watchdog_pid_ = StartWatchdog(pid, &server->watchdog_fd_);
    const Clock::time_point deadline = Clock::now() + options.start_timeout;
    std::string last_attempt = "no attempt made";
    while (true) {
      if (!server->IsRunning()) {
        server->Reap();
        const std::string log = server->ReadLog();
        if (attempt < kAttempts && MentionsAddressInUse(log)) {
          break;  // The port was taken meanwhile: try another one.
        }
        *error = "server " + DescribeWaitStatus(server->wait_status_) +
                 " before GET /healthz answered 200 (last attempt: " + last_attempt + ")" +
                 LogTailForError(log_path);
        return nullptr;
      }
      const auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      const HttpResponse health = HttpGetWithTimeout(
          port, "/healthz",
          std::clamp(remaining, std::chrono::milliseconds(100), std::chrono::milliseconds(2000)));
      if (health.status == 200) return server;
      last_attempt = health.status == 0 ? health.body : "status " + std::to_string(health.status);
      if (Clock::now() >= deadline) {
        *error = "server did not answer GET /healthz with 200 within " +
                 std::to_string(options.start_timeout.count()) +
                 " s (last attempt: " + last_attempt + ")" + LogTailForError(log_path);
        return nullptr;  // ~ServerProcess kills it.
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  *error = "server could not bind a free port in " + std::to_string(kAttempts) + " attempts";
  return nullptr;
}

ServerProcess::~ServerProcess() {
  if (!reaped_) {
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    killed_ = true;
    Reap();
  }
}

std::string ServerProcess::ReadLog() const { return ReadFile(log_path_); }

bool ServerProcess::IsRunning() const { return !reaped_ && !HasExited(pid_); }

void ServerProcess::Reap() {
  if (reaped_) return;
  wait_status_ = KillGroupAndReap(pid_);
  reaped_ = true;
  if (watchdog_pid_ > 0) {
    // The group is gone: dismiss the watchdog and reap it.
    const char byte = 'x';
    ::send(watchdog_fd_, &byte, 1, MSG_NOSIGNAL);
    CloseFd(&watchdog_fd_);
    while (::waitpid(watchdog_pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    watchdog_pid_ = -1;
  }
}

int ServerProcess::Stop(std::chrono::seconds timeout) {
  if (!reaped_) {
    ::kill(pid_, SIGTERM);
    const Clock::time_point deadline = Clock::now() + timeout;
    while (!HasExited(pid_) && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!HasExited(pid_)) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      killed_ = true;
    }
    Reap();
  }
  if (killed_ || wait_status_ == -1 || !WIFEXITED(wait_status_)) return -1;
  return WEXITSTATUS(wait_status_);
}

// ---------------------------------------------------------------------------
// RunCommand.

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& stdin_text,
                         std::chrono::seconds timeout) {
  CommandResult result;
  if (argv.empty()) {
    result.status = 127;
    result.err = "RunCommand: empty argv";
    return result;
  }
  const std::string program = ResolveProgram(argv[0]);

  int in_pipe[2] = {-1, -1};
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    result.status = 127;
    result.err = "RunCommand: pipe2(): " + ErrnoMessage(errno);
    for (int* fd :
         {&in_pipe[0], &in_pipe[1], &out_pipe[0], &out_pipe[1], &err_pipe[0], &err_pipe[1]}) {
      CloseFd(fd);
    }
    return result;
  }

  ScopedSigpipeBlock block_sigpipe;
  std::string spawn_error;
  const pid_t pid = SpawnChild(program, argv, in_pipe[0], out_pipe[1], err_pipe[1], &spawn_error);
  CloseFd(&in_pipe[0]);
  CloseFd(&out_pipe[1]);
  CloseFd(&err_pipe[1]);
  int in_fd = in_pipe[1];
  int out_fd = out_pipe[0];
  int err_fd = err_pipe[0];
  if (pid < 0) {
    CloseFd(&in_fd);
    CloseFd(&out_fd);
    CloseFd(&err_fd);
    result.status = 127;
    result.err = "RunCommand: " + spawn_error;
    return result;
  }

  SetNonBlocking(in_fd);
  SetNonBlocking(out_fd);
  SetNonBlocking(err_fd);
  std::size_t written = 0;
  if (stdin_text.empty()) CloseFd(&in_fd);

  const Clock::time_point deadline = Clock::now() + timeout;
  Clock::time_point limit = deadline;
  bool exited = false;
  bool timed_out = false;
  // Runs until the command has exited and both output pipes are closed.
  // (Closed pipes alone are not enough: e.g. coreutils close stdout and
  // stderr in an atexit handler, and killing the process group at that point
  // would turn a clean exit into death by SIGKILL.)
  while (true) {
    const Clock::time_point now = Clock::now();
    if (!exited && HasExited(pid)) {
      // Give background processes holding the pipes a little time.
      exited = true;
      limit = std::min(deadline, now + std::chrono::seconds(2));
    }
    if (exited && out_fd < 0 && err_fd < 0) break;
    if (now >= limit) {
      timed_out = !exited;
      break;
    }
    pollfd fds[3];
    nfds_t count = 0;
    int* polled[3];
    for (int* fd : {&in_fd, &out_fd, &err_fd}) {
      if (*fd < 0) continue;
      fds[count].fd = *fd;
      fds[count].events = fd == &in_fd ? POLLOUT : POLLIN;
      fds[count].revents = 0;
      polled[count] = fd;
      ++count;
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(limit - now);
    // Short sleeps while only waiting for the exit; otherwise wake up
    // regularly to notice an exit while background processes hold the pipes.
    const int poll_ms = static_cast<int>(
        std::clamp<std::chrono::milliseconds::rep>(wait.count() + 1, 1, count == 0 ? 5 : 100));
    if (::poll(fds, count, poll_ms) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      int* fd = polled[i];
      if (fd == &in_fd) {
        const std::size_t chunk = std::min<std::size_t>(stdin_text.size() - written, 65536);
        const ssize_t n = ::write(in_fd, stdin_text.data() + written, chunk);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
          if (written == stdin_text.size()) CloseFd(&in_fd);
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          CloseFd(&in_fd);  // EPIPE: the command stopped reading.
        }
      } else {
        DrainPipe(fd, fd == &out_fd ? &result.out : &result.err);
      }
    }
  }
  CloseFd(&in_fd);
  if (timed_out) ::kill(pid, SIGKILL);
  const int status = KillGroupAndReap(pid);
  DrainPipe(&out_fd, &result.out);
  DrainPipe(&err_fd, &result.err);
  CloseFd(&out_fd);
  CloseFd(&err_fd);

  if (timed_out) {
    result.status = -1;
    if (!result.err.empty() && result.err.back() != '\n') result.err += '\n';
    result.err += "[RunCommand: " + argv[0] + " timed out after " +
                  std::to_string(timeout.count()) + " s and was killed]";
  } else if (status != -1 && WIFEXITED(status)) {
    result.status = WEXITSTATUS(status);
  } else {
    result.status = -1;
  }
  return result;
}

// ---------------------------------------------------------------------------
// TempDir.

TempDir::TempDir() {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string base = (tmpdir != nullptr && *tmpdir != '\0') ? tmpdir : "/tmp";
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  std::string pattern = base + "/khabar-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("TempDir: mkdtemp(" + pattern + "): " + ErrnoMessage(errno));
  }
  path_ = std::move(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::File(std::string_view name) const { return path_ + "/" + std::string(name); }

}  // namespace khabar::testing
