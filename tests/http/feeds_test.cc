// Conditional GET as the feeds answer it.
#include "src/http/feeds.h"

#include <gtest/gtest.h>

namespace khabar::http {
namespace {

Response Feed() {
  Response r;
  r.body = "<rss/>";
  r.With("ETag", "\"abc\"").With("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
  return r;
}

int StatusFor(std::vector<std::pair<std::string, std::string>> headers) {
  Request req;
  req.method = "GET";
  req.headers = std::move(headers);
  Response r = Feed();
  ApplyConditionalGet(req, &r);
  if (r.status == 304) {
    EXPECT_TRUE(r.body.empty());
  }
  return r.status;
}

TEST(ConditionalGetTest, EtagsAndDates) {
  EXPECT_EQ(StatusFor({}), 200);
  EXPECT_EQ(StatusFor({{"if-none-match", "\"abc\""}}), 304);
  EXPECT_EQ(StatusFor({{"if-none-match", "\"x\", W/\"abc\""}}), 304);
  EXPECT_EQ(StatusFor({{"if-none-match", "*"}}), 304);
  EXPECT_EQ(StatusFor({{"if-none-match", "\"abd\""}}), 200);
  EXPECT_EQ(StatusFor({{"if-modified-since", "Sun, 06 Nov 1994 08:49:37 GMT"}}), 304);
  EXPECT_EQ(StatusFor({{"if-modified-since", "Mon, 07 Nov 1994 00:00:00 GMT"}}), 304);
  EXPECT_EQ(StatusFor({{"if-modified-since", "Sun, 06 Nov 1994 08:49:36 GMT"}}), 200);
  EXPECT_EQ(StatusFor({{"if-modified-since", "yesterday"}}), 200);
  // If-None-Match decides alone when present.
  EXPECT_EQ(StatusFor({{"if-none-match", "\"abd\""},
                       {"if-modified-since", "Mon, 07 Nov 1994 00:00:00 GMT"}}),
            200);
}

TEST(ConditionalGetTest, OnlySuccessfulResponsesWithValidators) {
  Request req;
  req.headers = {{"if-none-match", "*"}};
  Response page = Response::Html(200, "<p>");
  ApplyConditionalGet(req, &page);
  EXPECT_EQ(page.status, 200);
  Response missing = Feed();
  missing.status = 404;
  ApplyConditionalGet(req, &missing);
  EXPECT_EQ(missing.status, 404);
}

TEST(ConditionalGetTest, ParsesHttpDates) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT junk"), std::nullopt);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(ParseHttpDate("Sun, 06 Foo 1994 08:49:37 GMT"), std::nullopt);
}

}  // namespace
}  // namespace khabar::http
