#include "src/http/replica_reads.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "src/http/admin.h"

namespace khabar::http {

bool ReplicaReads::ReadsPrimary(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return true;
  if (req.path == "/admin" || req.path.starts_with("/admin/")) return true;
  std::string_view cookies = req.Header("cookie");
  if (cookies.empty()) return false;
  return !CookieValue(cookies, Admin::kCookie).empty() || !CookieValue(cookies, kCookie).empty();
}

void ReplicaReads::AfterWrite(const Request& req, Response* res) {
  if (req.method == "GET" || req.method == "HEAD" || req.method == "OPTIONS") return;
  if (options_.wait_ms > 0 && !store_->AwaitReplica(std::chrono::milliseconds(options_.wait_ms))) {
    std::fprintf(stderr,
                 "khabar: the replica had not replayed a write after %d ms; its writer reads "
                 "from the primary for %d s\n",
                 options_.wait_ms, options_.own_writes_seconds);
  }
  if (res->status >= 400 || options_.own_writes_seconds <= 0) return;
  std::string cookie = kCookie;
  cookie.append("=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=")
      .append(std::to_string(options_.own_writes_seconds));
  if (secure_) cookie.append("; Secure");
  res->With("Set-Cookie", std::move(cookie));
}

}  // namespace khabar::http
