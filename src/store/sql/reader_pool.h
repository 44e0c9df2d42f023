// File: src/store/sql/reader_pool.h  (private to the stores)
//
// Reader connections handed out one at a time; Acquire waits while all are in use.
// Thread-safe. Each backend's db.h names its own: using ReaderPool = ReaderPool<Connection>.
//
//   auto r = readers.Acquire();  // back to the pool when `r` goes
//   ASSIGN_OR_RETURN(Stmt s, r->Prepare("SELECT …"));
#ifndef KHABAR_STORE_SQL_READER_POOL_H_
#define KHABAR_STORE_SQL_READER_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace khabar::store::sql {

template <class Connection>
class ReaderPool {
 public:
  explicit ReaderPool(std::vector<std::unique_ptr<Connection>> conns) : free_(std::move(conns)) {}

  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection* operator->() { return conn_.get(); }
    Connection& operator*() { return *conn_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Lease Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    auto c = std::move(free_.back());
    free_.pop_back();
    return Lease(this, std::move(c));
  }

 private:
  void Return(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> free_;  // guarded by mu_
};

}  // namespace khabar::store::sql

#endif  // KHABAR_STORE_SQL_READER_POOL_H_
