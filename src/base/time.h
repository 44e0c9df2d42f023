// File: src/base/time.h
//
// Instants are Unix seconds (int64, UTC). ISO 8601 parsing accepts what news feeds and the
// corpus carry: a date alone ("2016-12-20", midnight UTC), a local time without offset (read
// as UTC), and times with "Z" or a "+HH:MM" offset, with optional fractional seconds.
//
//   StatusOr<int64_t> t = ParseIso8601("2018-07-16T20:09:14+00:00");
//   std::string s = FormatIso8601(*t);   // "2018-07-16T20:09:14+00:00"
#ifndef KHABAR_BASE_TIME_H_
#define KHABAR_BASE_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace khabar {

struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int weekday = 4;  // 0 = Sunday
};

// Fails with kInvalidArgument naming the problem (bad field, day out of range, junk at end).
StatusOr<int64_t> ParseIso8601(std::string_view s);

// "YYYY-MM-DDTHH:MM:SS+00:00".
std::string FormatIso8601(int64_t unix_seconds);

// RFC 7231 IMF-fixdate, for HTTP headers: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(int64_t unix_seconds);

CivilTime ToCivil(int64_t unix_seconds);
int64_t FromCivil(int year, int month, int day, int hour, int minute, int second);

// The source of "now", injected so tests can hold time still.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowSeconds() const = 0;
  virtual int64_t NowMicros() const = 0;
};

// The system's real-time clock. Thread-safe.
class SystemClock final : public Clock {
 public:
  int64_t NowSeconds() const override;
  int64_t NowMicros() const override;
};

}  // namespace khabar

#endif  // KHABAR_BASE_TIME_H_
