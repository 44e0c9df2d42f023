#include "src/store/postgres/change_listener.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <limits>
#include <pqxx/pqxx>

namespace khabar::store::postgres {
namespace {

constexpr const char* kChannel = "khabar_changes";
// How long the connection may stay silent before a query checks that it is still there
// (a peer that vanished without closing it would leave us waiting for nothing).
constexpr auto kCheckAfter = std::chrono::seconds(30);

// Keeps the highest number announced.
class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, int64_t* newest)
      : pqxx::notification_receiver(c, kChannel), newest_(newest) {}
  void operator()(const std::string& payload, int) override {
    int64_t n = 0;
    const char* end = payload.data() + payload.size();
    auto [stop, ec] = std::from_chars(payload.data(), end, n);
    // Not a number (a NOTIFY sent by hand): something changed, nobody says what.
    if (ec != std::errc() || stop != end) n = std::numeric_limits<int64_t>::max();
    if (n > *newest_) *newest_ = n;
  }

 private:
  int64_t* newest_;
};

std::string Reason(const std::exception& e) {
  std::string s = e.what();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "the connection closed" : s;
}

}  // namespace

struct ChangeListener::Conn {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<Receiver> receiver;  // declared after conn: goes first
  int64_t newest = 0;
  std::chrono::steady_clock::time_point heard;  // the last sign of life

  // Closes a broken connection without letting libpqxx reconnect to UNLISTEN.
  void Drop() {
    if (conn) conn->disconnect();
    receiver.reset();
    conn.reset();
  }
};

ChangeListener::ChangeListener(std::string url)
    : url_(std::move(url)), wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

ChangeListener::~ChangeListener() {
  if (conn_) conn_->Drop();  // closing the connection ends its LISTEN
  if (wake_fd_ >= 0) close(wake_fd_);
}

Status ChangeListener::Connect() {
  auto c = std::make_unique<Conn>();
  try {
    c->conn = std::make_unique<pqxx::connection>(url_);
    c->receiver = std::make_unique<Receiver>(*c->conn, &c->newest);  // sends LISTEN
    if (!c->conn->is_open()) throw pqxx::broken_connection("the connection closed");
  } catch (const std::exception& e) {
    c->Drop();
    return UnavailableError("change notifications: cannot listen: " + Reason(e));
  }
  c->heard = std::chrono::steady_clock::now();
  conn_ = std::move(c);
  return OkStatus();
}

StatusOr<bool> ChangeListener::Wait(int64_t after, std::chrono::milliseconds max_wait,
                                    std::stop_token stop) {
  std::lock_guard lock(mu_);
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + max_wait;
  auto drain = [&] {
    uint64_t n = 0;
    if (wake_fd_ >= 0) (void)!read(wake_fd_, &n, sizeof n);
  };
  drain();
  // A stop request wakes the poll below.
  std::stop_callback wake(stop, [this] {
    uint64_t one = 1;
    if (wake_fd_ >= 0) (void)!write(wake_fd_, &one, sizeof one);
  });
  auto sleep_until_deadline = [&] {
    while (!stop.stop_requested()) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      pollfd p{wake_fd_, POLLIN, 0};
      (void)poll(&p, 1, static_cast<int>(left.count()));
    }
  };

  if (!conn_) {
    Status s = Connect();
    if (!s.ok()) {
      sleep_until_deadline();
      return s;
    }
    return true;  // whatever committed before LISTEN went unheard
  }
  Conn& c = *conn_;
  try {
    for (;;) {
      if (!c.conn->is_open()) throw pqxx::broken_connection("the connection closed");
      c.conn->get_notifs();
      if (c.newest > after) break;
      if (stop.stop_requested()) break;
      Clock::time_point now = Clock::now();
      if (now >= deadline) break;
      if (now - c.heard >= kCheckAfter) {
        pqxx::nontransaction(*c.conn).exec("SELECT 1");
        c.heard = now;
        continue;
      }
      int fd = c.conn->sock();
      if (fd < 0) throw pqxx::broken_connection("the connection closed");
      pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
      int n = poll(fds, wake_fd_ >= 0 ? 2 : 1, static_cast<int>(left.count()));
      if (n < 0 && errno != EINTR) throw std::runtime_error("poll failed");
      if (n > 0 && fds[0].revents != 0) c.heard = Clock::now();
    }
  } catch (const std::exception& e) {
    std::string reason = Reason(e);
    conn_->Drop();
    conn_.reset();
    return UnavailableError("change notifications: connection lost: " + reason);
  }
  return c.newest > after;
}

}  // namespace khabar::store::postgres
