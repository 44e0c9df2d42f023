#include "src/http/page_cache.h"

#include <gtest/gtest.h>

namespace khabar::http {
namespace {

Response Page(std::string body) { return Response::Html(200, std::move(body)); }

TEST(PageCacheTest, ServesWhatItStoredForTheSameVersion) {
  PageCache cache({.max_bytes = 1 << 20, .max_age_seconds = 30});
  EXPECT_FALSE(cache.Get("/", 1, 100));  // the first look-up at a version starts it
  cache.Put("/", 1, 100, Page("الرئيسية"));
  auto hit = cache.Get("/", 1, 110);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->body, "الرئيسية");
  EXPECT_FALSE(cache.Get("/other/", 1, 110));
}

TEST(PageCacheTest, AnyNewVersionEmptiesTheCache) {
  PageCache cache({.max_bytes = 1 << 20, .max_age_seconds = 30});
  EXPECT_FALSE(cache.Get("/", 1, 100));
  cache.Put("/", 1, 100, Page("قديم"));
  cache.Put("/tag/x/", 1, 100, Page("قديم"));
  EXPECT_FALSE(cache.Get("/", 2, 101));
  EXPECT_FALSE(cache.Get("/tag/x/", 2, 101));
  EXPECT_EQ(cache.bytes(), 0u);
  // A page rendered under an older version is not stored, and the newer pages stay.
  cache.Put("/tag/x/", 2, 101, Page("جديد"));
  cache.Put("/", 1, 102, Page("قديم"));
  EXPECT_FALSE(cache.Get("/", 2, 103));
  EXPECT_TRUE(cache.Get("/tag/x/", 2, 103));
}

TEST(PageCacheTest, EntriesExpireAfterTheirMaximumAge) {
  PageCache cache({.max_bytes = 1 << 20, .max_age_seconds = 30});
  EXPECT_FALSE(cache.Get("/", 1, 100));
  cache.Put("/", 1, 100, Page("x"));
  EXPECT_TRUE(cache.Get("/", 1, 129));
  EXPECT_FALSE(cache.Get("/", 1, 130));
}

TEST(PageCacheTest, EvictsTheLeastRecentlyUsedWithinItsBudget) {
  const std::string body(1000, 'x');
  PageCache cache({.max_bytes = 12000, .max_age_seconds = 30});  // room for 9 such pages
  EXPECT_FALSE(cache.Get("/", 1, 100));
  for (int i = 0; i < 9; ++i) cache.Put("/p" + std::to_string(i), 1, 100, Page(body));
  ASSERT_TRUE(cache.Get("/p0", 1, 100));  // /p0 is now the most recent
  cache.Put("/p9", 1, 100, Page(body));   // one too many: the least recent, /p1, goes
  EXPECT_LE(cache.bytes(), 12000u);
  EXPECT_TRUE(cache.Get("/p0", 1, 100));
  EXPECT_FALSE(cache.Get("/p1", 1, 100));
  EXPECT_TRUE(cache.Get("/p9", 1, 100));
}

TEST(PageCacheTest, ClearDropsPagesAndRefusesOnesRenderedBefore) {
  PageCache cache({.max_bytes = 1 << 20, .max_age_seconds = 30});
  EXPECT_FALSE(cache.Get("/", 1, 100));
  cache.Put("/", 1, 100, Page("قالب قديم"));
  cache.Clear();
  EXPECT_EQ(cache.bytes(), 0u);
  cache.Put("/", 1, 101, Page("قالب قديم"));  // rendered before the clear
  EXPECT_FALSE(cache.Get("/", 1, 102));
  cache.Put("/", 1, 102, Page("قالب جديد"));  // rendered after: kept
  auto hit = cache.Get("/", 1, 103);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->body, "قالب جديد");
}

TEST(PageCacheTest, ZeroBudgetDisablesIt) {
  PageCache cache({.max_bytes = 0, .max_age_seconds = 30});
  cache.Put("/", 1, 100, Page("x"));
  EXPECT_FALSE(cache.Get("/", 1, 100));
}

}  // namespace
}  // namespace khabar::http
