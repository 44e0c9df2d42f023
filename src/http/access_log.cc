#include "src/http/access_log.h"

#include <string>

#include "src/base/strings.h"
#include "src/base/time.h"

namespace khabar::http {

void AccessLog::Write(const AccessRecord& r) {
  // Targets can hold any bytes a client sent: sanitize and escape so a line stays one line.
  std::string line =
      "{\"t\":\"" + FormatIso8601(r.time_us / 1000000) + "\",\"ip\":\"" + JsonEscape(r.remote_ip) +
      "\",\"method\":\"" + JsonEscape(SanitizeUtf8(r.method.substr(0, 16))) + "\",\"target\":\"" +
      JsonEscape(SanitizeUtf8(r.target.substr(0, 2048))) +
      "\",\"status\":" + std::to_string(r.status) + ",\"bytes\":" + std::to_string(r.bytes) +
      ",\"us\":" + std::to_string(r.duration_us) + ",\"ua\":\"" +
      JsonEscape(SanitizeUtf8(r.user_agent.substr(0, 256))) + "\"}\n";
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace khabar::http
