// File: src/http/access_log.h
//
// One structured (JSON) line per request on a stream: time, client address, method, path,
// status, bytes sent and duration. Request bodies are never logged, so neither are the
// e-mails typed into comment forms.
#ifndef KHABAR_HTTP_ACCESS_LOG_H_
#define KHABAR_HTTP_ACCESS_LOG_H_

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string_view>

namespace khabar::http {

struct AccessRecord {
  int64_t time_us = 0;
  std::string_view remote_ip;
  std::string_view method;
  std::string_view target;
  int status = 0;
  size_t bytes = 0;
  int64_t duration_us = 0;
  std::string_view user_agent;
};

// Thread-safe.
class AccessLog {
 public:
  explicit AccessLog(std::FILE* out) : out_(out) {}
  void Write(const AccessRecord& r);

 private:
  std::mutex mu_;
  std::FILE* out_;  // guarded by mu_
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_ACCESS_LOG_H_
