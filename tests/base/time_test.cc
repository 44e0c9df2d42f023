#include "src/base/time.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar {
namespace {

struct ParseCase {
  const char* text;
  int64_t want;
};

TEST(Iso8601Test, ParsesTheCorpusDateForms) {
  const std::vector<ParseCase> cases = {
      // 21,222 corpus records: full time with an offset.
      {"2018-07-16T20:09:14+00:00", 1531771754},
      // Jawhara FM: a date alone is midnight UTC.
      {"2016-12-20", 1482192000},
      // Jawhara FM: a local time without offset is read as UTC.
      {"2017-01-22T18:56:00", 1485111360},
  };
  for (const auto& c : cases) {
    auto t = ParseIso8601(c.text);
    ASSERT_TRUE(t.ok()) << c.text << ": " << t.status().ToString();
    EXPECT_EQ(*t, c.want) << c.text;
  }
}

TEST(Iso8601Test, AppliesUtcOffsets) {
  const int64_t utc = 1531771754;  // 2018-07-16T20:09:14Z
  const std::vector<ParseCase> cases = {
      {"2018-07-16T20:09:14Z", utc},
      {"2018-07-16T20:09:14z", utc},
      {"2018-07-17T00:09:14+04:00", utc},  // Gulf time
      {"2018-07-16T23:09:14+03:00", utc},  // Damascus summer time
      {"2018-07-16T23:09:14+0300", utc},
      {"2018-07-16T23:09:14+03", utc},
      {"2018-07-16T15:09:14-05:00", utc},
      {"2018-07-17T01:39:14+05:30", utc},
      {"2018-07-16T20:09:14.123+00:00", utc},  // fraction dropped
      {"2018-07-16T20:09:14,5Z", utc},
      {"2018-07-16 20:09:14+00:00", utc},    // space instead of T
      {"2018-07-16T20:09+00:00", utc - 14},  // no seconds
  };
  for (const auto& c : cases) {
    auto t = ParseIso8601(c.text);
    ASSERT_TRUE(t.ok()) << c.text << ": " << t.status().ToString();
    EXPECT_EQ(*t, c.want) << c.text;
  }
}

TEST(Iso8601Test, OffsetCrossesTheDateLine) {
  // 00:30 in Amman (+03:00) on 1 March 2020 is still 29 February (a leap day) in UTC.
  auto t = ParseIso8601("2020-03-01T00:30:00+03:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatIso8601(*t), "2020-02-29T21:30:00+00:00");
}

TEST(Iso8601Test, LeapSecondStaysInItsMinute) {
  auto t = ParseIso8601("2016-12-31T23:59:60Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatIso8601(*t), "2016-12-31T23:59:59+00:00");
}

TEST(Iso8601Test, AcceptsLeapDaysOnlyInLeapYears) {
  EXPECT_TRUE(ParseIso8601("2020-02-29").ok());
  EXPECT_TRUE(ParseIso8601("2000-02-29").ok());  // divisible by 400
  EXPECT_FALSE(ParseIso8601("2019-02-29").ok());
  EXPECT_FALSE(ParseIso8601("1900-02-29").ok());  // divisible by 100, not 400
  EXPECT_FALSE(ParseIso8601("2100-02-29").ok());
}

TEST(Iso8601Test, RejectsBadDatesWithInvalidArgument) {
  for (const char* bad : {
           "",
           "junk",
           "خبر عاجل",
           "2018-02-30",  // Feb 30
           "2018-04-31",  // April has 30 days
           "2018-13-01",  // month 13
           "2018-00-10",  // month 0
           "2018-07-00",  // day 0
           "2018-07-32",
           "2018-7-16",  // unpadded month
           "18-07-16",
           "2018/07/16",
           "16/07/2018",   // DD/MM/YYYY is the converter's job, not ours
           "٢٠١٨-٠٧-١٦",   // Arabic-Indic digits
           "2018-07-16T",  // T and nothing
           "2018-07-16X20:09:14",
           "2018-07-16T20",
           "2018-07-16T2009",
           "2018-07-16T24:00:00",
           "2018-07-16T20:60:00",
           "2018-07-16T20:09:61",
           "2018-07-16T20:09:1",
           "2018-07-16T20:09:14.",       // empty fraction
           "2018-07-16T20:09:14+15:00",  // no such offset
           "2018-07-16T20:09:14+03:60",
           "2018-07-16T20:09:14+3",
           "2018-07-16T20:09:14 GMT",
           "2018-07-16T20:09:14Zjunk",
           "2018-07-16 ",
           "2018-07-16junk",
       }) {
    auto t = ParseIso8601(bad);
    EXPECT_FALSE(t.ok()) << "accepted \"" << bad << "\"";
    if (!t.ok()) {
      EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << bad;
      EXPECT_FALSE(t.status().message().empty()) << bad;
    }
  }
}

TEST(Iso8601Test, FormatsKnownInstants) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(FormatIso8601(1531771754), "2018-07-16T20:09:14+00:00");
  EXPECT_EQ(FormatIso8601(951782400), "2000-02-29T00:00:00+00:00");
  EXPECT_EQ(FormatIso8601(-1), "1969-12-31T23:59:59+00:00");
  EXPECT_EQ(FormatIso8601(-14182940), "1969-07-20T20:17:40+00:00");  // Apollo 11 landing
  EXPECT_EQ(FormatIso8601(-2208988800), "1900-01-01T00:00:00+00:00");
}

TEST(Iso8601Test, FormatThenParseRoundTrips) {
  const std::vector<int64_t> instants = {
      0,
      1,
      -1,
      -86400,
      -86401,
      951782400 - 1,
      951782400,
      1709208000,
      1531771754,
      1482192000,
      -14182940,
      -2208988800,
      4107542400,    // 2100-03-01
      253402300799,  // 9999-12-31
  };
  for (int64_t t : instants) {
    auto back = ParseIso8601(FormatIso8601(t));
    ASSERT_TRUE(back.ok()) << t << " -> " << FormatIso8601(t);
    EXPECT_EQ(*back, t) << FormatIso8601(t);
  }
  // Every ~7.3 hours across 1950–2050, which hits every day of the month and hour.
  for (int64_t t = -631152000; t < 2524608000; t += 26293) {
    auto back = ParseIso8601(FormatIso8601(t));
    ASSERT_TRUE(back.ok()) << FormatIso8601(t);
    ASSERT_EQ(*back, t) << FormatIso8601(t);
  }
}

TEST(CivilTest, CountsEveryDayFrom1890To2110) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t expected = FromCivil(1890, 1, 1, 0, 0, 0);
  int weekday = ToCivil(expected).weekday;
  EXPECT_EQ(weekday, 3);  // 1 January 1890 was a Wednesday
  for (int y = 1890; y <= 2110; ++y) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (int m = 1; m <= 12; ++m) {
      int days = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
      for (int d = 1; d <= days; ++d) {
        int64_t t = FromCivil(y, m, d, 12, 34, 56);
        ASSERT_EQ(t, expected + 12 * 3600 + 34 * 60 + 56) << y << "-" << m << "-" << d;
        CivilTime c = ToCivil(t);
        ASSERT_EQ(c.year, y);
        ASSERT_EQ(c.month, m);
        ASSERT_EQ(c.day, d);
        ASSERT_EQ(c.hour, 12);
        ASSERT_EQ(c.minute, 34);
        ASSERT_EQ(c.second, 56);
        ASSERT_EQ(c.weekday, weekday) << y << "-" << m << "-" << d;
        expected += 86400;
        weekday = (weekday + 1) % 7;
      }
    }
  }
}

TEST(CivilTest, KnownWeekdays) {
  EXPECT_EQ(ToCivil(0).weekday, 4);            // Thursday 1970-01-01
  EXPECT_EQ(ToCivil(-1).weekday, 3);           // Wednesday 1969-12-31
  EXPECT_EQ(ToCivil(-14182940).weekday, 0);    // Sunday 1969-07-20
  EXPECT_EQ(ToCivil(-2208988800).weekday, 1);  // Monday 1900-01-01
  EXPECT_EQ(ToCivil(951782400).weekday, 2);    // Tuesday 2000-02-29
  EXPECT_EQ(ToCivil(1709208000).weekday, 4);   // Thursday 2024-02-29
}

TEST(CivilTest, SecondBeforeMidnightBefore1970) {
  CivilTime c = ToCivil(-86401);  // 1969-12-30T23:59:59
  EXPECT_EQ(c.year, 1969);
  EXPECT_EQ(c.month, 12);
  EXPECT_EQ(c.day, 30);
  EXPECT_EQ(c.hour, 23);
  EXPECT_EQ(c.minute, 59);
  EXPECT_EQ(c.second, 59);
}

TEST(HttpDateTest, FormatsImfFixdate) {
  EXPECT_EQ(FormatHttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 7231's example
  EXPECT_EQ(FormatHttpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(1531771754), "Mon, 16 Jul 2018 20:09:14 GMT");
  EXPECT_EQ(FormatHttpDate(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(HttpDateTest, WeekdayAdvancesDayByDay) {
  const char* kNames[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  for (int d = -14; d < 14; ++d) {
    std::string s = FormatHttpDate(int64_t{d} * 86400 + 3600);
    EXPECT_EQ(s.substr(0, 3), kNames[((d % 7) + 7) % 7]) << s;
  }
}

TEST(SystemClockTest, IsNowAndConsistent) {
  SystemClock clock;
  int64_t s = clock.NowSeconds();
  int64_t us = clock.NowMicros();
  EXPECT_GT(s, 1700000000);  // after November 2023
  EXPECT_LE(s, us / 1000000);
  EXPECT_LE(us / 1000000 - s, 2);
}

}  // namespace
}  // namespace khabar
