#include "src/store/sqlite/write_gate.h"

#include <algorithm>
#include <thread>

namespace khabar::store::sqlite {
namespace {

// After a wait timed out, writes try the lock once and do not wait, until this long has
// passed without finding it taken.
constexpr std::chrono::milliseconds kFailFastWindow{10000};
// Writes queue behind a writer that has waited less than this for the database's lock.
constexpr std::chrono::milliseconds kPatience{500};

int64_t Nanos(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

void WriteGate::Install(sqlite3* writer) { sqlite3_busy_handler(writer, &WriteGate::OnBusy, this); }

int WriteGate::OnBusy(void* gate, int count) { return static_cast<WriteGate*>(gate)->Busy(count); }

bool WriteGate::Blocked() const {
  int64_t now = Nanos(Clock::now());
  int64_t since = waiting_since_.load();
  if (since != 0 && now - since >= std::chrono::nanoseconds(kPatience).count()) return true;
  int64_t gave_up = gave_up_at_.load();
  return gave_up != 0 && now - gave_up < std::chrono::nanoseconds(kFailFastWindow).count();
}

// Called by SQLite on the writer's thread (which holds mu_) while the database is locked:
// non-zero to try again, zero to give up with SQLITE_BUSY.
int WriteGate::Busy(int count) {
  int64_t now = Nanos(Clock::now());
  if (count == 0) {
    if (Blocked()) {  // still locked as a moment ago: answer now, do not wait again
      gave_up_at_.store(now);
      return 0;
    }
    waiting_since_.store(now);
  }
  int64_t waited = now - waiting_since_.load();
  int64_t limit = std::chrono::nanoseconds(busy_timeout_).count();
  if (waited >= limit) {
    gave_up_at_.store(now);
    waiting_since_.store(0);
    return 0;
  }
  // Short sleeps first (a local writer finishes in milliseconds), then 32 ms steps.
  int64_t step =
      std::chrono::nanoseconds(std::chrono::milliseconds(1 << std::min(count, 5))).count();
  std::this_thread::sleep_for(std::chrono::nanoseconds(std::min(step, limit - waited)));
  return 1;
}

WriteGate::Lock::Lock(WriteGate* gate) : gate_(gate) {
  auto deadline = Clock::now() + gate_->busy_timeout_;
  while (!gate_->mu_.try_lock_for(std::chrono::milliseconds(20))) {
    if (gate_->Blocked() || Clock::now() >= deadline) {
      gate_ = nullptr;
      status_ = UnavailableError("database is busy: another process holds its write lock");
      return;
    }
  }
}

WriteGate::Lock::~Lock() {
  if (!gate_) return;
  gate_->waiting_since_.store(0);
  gate_->mu_.unlock();
}

}  // namespace khabar::store::sqlite
