// File: src/store/sqlite/write_gate.h  (private to the SQLite store)
//
// The lock in front of the store's one writer connection, made so that writes never pile
// up behind a database held by another process (the `sqlite3` shell in a transaction, a
// long import, a backup tool that writes):
//
//   - a write waits for the gate only while another write of this process is working,
//     which takes milliseconds;
//   - the writer waits for the database's own lock at most `busy_timeout` (its busy
//     handler is the gate's), and once it has waited half a second (another process's
//     commit takes milliseconds), every other write is refused at once with kUnavailable
//     instead of queueing behind it;
//   - once such a wait timed out, each later write tries the lock once without waiting,
//     until the lock has not been found taken for 10 seconds: a database locked for
//     minutes costs one busy timeout, not one per write, and the first write after the
//     lock goes succeeds.
//
//   WriteGate::Lock lock(gate);
//   RETURN_IF_ERROR(lock.status());   // kUnavailable: the database is busy, retry later
//   ... use the writer connection ...
#ifndef KHABAR_STORE_SQLITE_WRITE_GATE_H_
#define KHABAR_STORE_SQLITE_WRITE_GATE_H_

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "src/base/status.h"

namespace khabar::store::sqlite {

class WriteGate {
 public:
  explicit WriteGate(std::chrono::milliseconds busy_timeout) : busy_timeout_(busy_timeout) {}
  WriteGate(const WriteGate&) = delete;
  WriteGate& operator=(const WriteGate&) = delete;

  // Makes the gate the busy handler of `writer` (replacing its busy timeout).
  void Install(sqlite3* writer);

  // Holds the gate for one write; check status() before writing.
  class [[nodiscard]] Lock {
   public:
    explicit Lock(WriteGate* gate);
    ~Lock();
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;
    const Status& status() const { return status_; }

   private:
    WriteGate* gate_;
    Status status_;
  };

 private:
  using Clock = std::chrono::steady_clock;
  static int OnBusy(void* gate, int count);
  int Busy(int count);
  // Whether the writer is waiting for another process's lock now, or gave up a moment ago.
  bool Blocked() const;

  const std::chrono::milliseconds busy_timeout_;
  std::timed_mutex mu_;
  // Steady-clock nanoseconds: when the writer began waiting for the database's lock (0: it
  // is not waiting), and when it last gave up (0: never).
  std::atomic<int64_t> waiting_since_{0};
  std::atomic<int64_t> gave_up_at_{0};
};

}  // namespace khabar::store::sqlite

#endif  // KHABAR_STORE_SQLITE_WRITE_GATE_H_
