// File: src/http/replica_reads.h
//
// Which requests read from the read replica, and read-your-own-writes for whoever just
// wrote (see src/store/replica.h and README › Deployment at scale). With a replica:
//   - a reader's GET reads the replica, through the shared page cache;
//   - a write (any method but GET and HEAD), the newsroom, a request with a newsroom
//     session, and for `own_writes_seconds` after a write a request carrying the cookie
//     that write's answer set, read the primary and bypass the shared page cache;
//   - a write's answer first waits (at most `wait_ms`) until the replica has replayed it,
//     so that the page cache, which follows the replica's change journal, drops the pages
//     it changed before the writer is answered.
//
//   ReplicaReads replica(store, options, secure_cookies);
//   bool primary = replica.ReadsPrimary(req);
//   store::PrimaryReads scope(primary);
//   ... handle ...
//   if (req.method != "GET") replica.AfterWrite(req, &res);  // before SyncChanges
#ifndef KHABAR_HTTP_REPLICA_READS_H_
#define KHABAR_HTTP_REPLICA_READS_H_

#include "src/http/message.h"
#include "src/store/replica.h"

namespace khabar::http {

struct ReplicaReadOptions {
  int wait_ms = 1000;           // how long a write's answer waits for the replica; 0: never
  int own_writes_seconds = 10;  // how long the writer then reads from the primary
};

class ReplicaReads {
 public:
  static constexpr const char* kCookie = "khabar_wrote";

  ReplicaReads(store::ReplicatedStore* store, ReplicaReadOptions options, bool secure_cookies)
      : store_(store), options_(options), secure_(secure_cookies) {}

  // Whether `req` reads from the primary and bypasses the shared page cache (see above).
  bool ReadsPrimary(const Request& req) const;

  // After a write was handled: waits for the replica (bounded), then sets the cookie on a
  // successful answer (status below 400). Logs when the replica did not catch up in time.
  void AfterWrite(const Request& req, Response* res);

 private:
  store::ReplicatedStore* store_;
  ReplicaReadOptions options_;
  bool secure_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_REPLICA_READS_H_
