// File: src/store/replica.h
//
// Read replicas (PostgreSQL): a Store that sends reads to a streaming replica and every
// write to the primary. The site decides, request by request, who must read from the
// primary instead (whoever just wrote, the newsroom) with a PrimaryReads scope; after a
// write it waits, for a bounded time, until the replica has replayed it (AwaitReplica).
//
//   auto store = OpenReplicatedStore(primary_options, "postgresql://khabar@replica/khabar");
//   {
//     PrimaryReads scope(true);             // this thread, until the scope ends
//     (*store)->GetPublishedBySlug(slug);  // read on the primary
//   }
//   (*store)->GetPublishedBySlug(slug);    // read on the replica
//   (*store)->AddComment(in);              // always on the primary
//   bool caught_up = (*store)->AwaitReplica(std::chrono::seconds(1));
//
// Whatever the scope says: the change journal (LastChange, ChangesSince), DataVersion and
// LogPosition are the replica's, so that page caches drop a page only once the replica
// can render it anew; accounts and sessions (UserStore) are read on the primary, so that a
// logout or a disabled account counts at once.
#ifndef KHABAR_STORE_REPLICA_H_
#define KHABAR_STORE_REPLICA_H_

#include <chrono>
#include <memory>
#include <string>

#include "src/store/store.h"

namespace khabar::store {

class ReplicatedStore : public Store {
 public:
  // Waits until the replica has replayed everything committed on the primary when called,
  // at most `bound`; true when it has. Thread-safe.
  virtual bool AwaitReplica(std::chrono::milliseconds bound) = 0;
  // The primary, for what must never read a replica.
  virtual Store& primary() = 0;
};

// While one lives, reads made by this thread go to the primary (nested scopes add up).
// A scope that is not `on` changes nothing.
class PrimaryReads {
 public:
  explicit PrimaryReads(bool on);
  ~PrimaryReads();
  PrimaryReads(const PrimaryReads&) = delete;
  PrimaryReads& operator=(const PrimaryReads&) = delete;
  // Whether this thread is inside a scope that is on.
  static bool Active();

 private:
  bool on_;
};

// Opens (and migrates) the primary as OpenStore does, and `replica_url` read-only.
// kInvalidArgument unless both are postgresql:// URLs.
StatusOr<std::unique_ptr<ReplicatedStore>> OpenReplicatedStore(const StoreOptions& primary,
                                                               const std::string& replica_url);

}  // namespace khabar::store

#endif  // KHABAR_STORE_REPLICA_H_
