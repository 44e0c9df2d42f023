// File: src/store/postgres/change_listener.h  (private to the PostgreSQL store)
//
// The connection on which a node hears about other nodes' writes: it LISTENs on the
// channel khabar_changes, on which every transaction that adds rows to the change journal
// notifies at commit with its last number (migration 003_changes.sql). Waiting costs no
// query; a silent connection is checked with one every 30 seconds. When the connection
// drops, Wait says so (kUnavailable) and the next Wait connects again: notifications sent
// in between are lost, so after an error or a (re)connection the caller reads the journal.
//
//   ChangeListener listener(url);
//   StatusOr<bool> more = listener.Wait(last_seen, std::chrono::milliseconds(150), stop);
#ifndef KHABAR_STORE_POSTGRES_CHANGE_LISTENER_H_
#define KHABAR_STORE_POSTGRES_CHANGE_LISTENER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>

#include "src/base/status.h"

namespace khabar::store::postgres {

class ChangeListener {
 public:
  explicit ChangeListener(std::string url);
  ~ChangeListener();
  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

  // True as soon as a commit numbered past `after` was announced, or when listening has
  // just (re)started (what came before is unknown); false after `max_wait` or when `stop`
  // is requested. kUnavailable when the connection is lost or cannot be made (then after
  // waiting `max_wait`, so that a caller retrying in a loop does not spin).
  StatusOr<bool> Wait(int64_t after, std::chrono::milliseconds max_wait, std::stop_token stop);

 private:
  struct Conn;
  Status Connect();
  std::string url_;
  std::mutex mu_;  // one waiter at a time
  std::unique_ptr<Conn> conn_;
  int wake_fd_ = -1;  // an eventfd: a stop request interrupts the wait
};

}  // namespace khabar::store::postgres

#endif  // KHABAR_STORE_POSTGRES_CHANGE_LISTENER_H_
