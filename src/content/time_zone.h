// File: src/content/time_zone.h
//
// The site's time zone (the `timezone` setting, an IANA name such as "Asia/Beirut"), for
// what readers see in local time: the /YYYY/MM/ of permalinks (as WordPress builds them,
// from the local date) and the dates on pages. Instants stay UTC everywhere else.
//
//   auto zone = TimeZone::Named("Asia/Beirut");   // kInvalidArgument for an unknown name
//   CivilTime c = ToCivil(zone->Local(t));        // the wall-clock date and time there
//
// Copies are cheap and share one immutable ICU zone; it is safe to use from many threads.
#ifndef KHABAR_CONTENT_TIME_ZONE_H_
#define KHABAR_CONTENT_TIME_ZONE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace khabar::content {

class TimeZone {
 public:
  TimeZone();  // UTC

  // An IANA zone name ("Asia/Beirut", "Africa/Cairo", "UTC"), from ICU's time-zone data.
  static StatusOr<TimeZone> Named(std::string_view name);

  const std::string& name() const { return name_; }
  bool is_utc() const { return zone_ == nullptr; }

  // Seconds east of UTC at the UTC instant `t` (summer time included): 7200 for Beirut in
  // winter, 10800 in summer.
  int64_t OffsetAt(int64_t t) const;

  // The local wall-clock time at `t`, as seconds counted like UTC (feed it to ToCivil).
  int64_t Local(int64_t t) const { return t + OffsetAt(t); }

  // The reverse: the UTC instant at which the wall clock here reads `local` (seconds counted
  // like UTC, as from FromCivil). A time that the clocks skip or repeat at a summer-time
  // change is read with the offset of before the change.
  int64_t FromLocal(int64_t local) const;

 private:
  struct Zone;
  std::string name_ = "UTC";
  std::shared_ptr<const Zone> zone_;  // null: UTC
};

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_TIME_ZONE_H_
