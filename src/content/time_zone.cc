// File: src/content/time_zone.cc
#include "src/content/time_zone.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace khabar::content {

struct TimeZone::Zone {
  std::unique_ptr<icu::TimeZone> icu;
};

TimeZone::TimeZone() = default;

StatusOr<TimeZone> TimeZone::Named(std::string_view name) {
  auto refuse = [&] {
    std::string m = "unknown time zone \"";
    m.append(name).append("\" (an IANA name such as \"Asia/Beirut\" or \"UTC\")");
    return InvalidArgumentError(m);
  };
  if (name.empty() || name.size() > 64) return refuse();
  icu::UnicodeString id = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  // Only canonical or alias IANA ids: ICU would also take "GMT+3" and custom forms.
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString canonical;
  UBool system = false;
  icu::TimeZone::getCanonicalID(id, canonical, system, status);
  if (U_FAILURE(status) || !system) return refuse();
  TimeZone zone;
  zone.name_ = std::string(name);
  if (canonical == UNICODE_STRING_SIMPLE("Etc/UTC") ||
      canonical == UNICODE_STRING_SIMPLE("Etc/GMT")) {
    return zone;
  }
  auto z = std::make_shared<Zone>();
  z->icu.reset(icu::TimeZone::createTimeZone(id));
  if (!z->icu || *z->icu == icu::TimeZone::getUnknown()) return refuse();
  zone.zone_ = std::move(z);
  return zone;
}

int64_t TimeZone::OffsetAt(int64_t t) const {
  if (!zone_) return 0;
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->icu->getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status)) return 0;
  return (static_cast<int64_t>(raw) + dst) / 1000;
}

int64_t TimeZone::FromLocal(int64_t local) const {
  if (!zone_) return local;
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->icu->getOffset(static_cast<UDate>(local) * 1000.0, true, raw, dst, status);
  if (U_FAILURE(status)) return local;
  return local - (static_cast<int64_t>(raw) + dst) / 1000;
}

}  // namespace khabar::content
