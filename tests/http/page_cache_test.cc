#include "src/http/page_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "src/http/compress.h"
#include "tests/testing/codings.h"

namespace khabar::http {
namespace {

using std::chrono::milliseconds;

PagePtr Page(std::string body, std::vector<std::string> keys, int64_t expires_at = 0) {
  return MakePage(Response::Html(200, std::move(body)), std::move(keys), expires_at, 100);
}

TEST(PageCacheTest, ServesWhatItStored) {
  PageCache cache({.max_bytes = 1 << 20});
  EXPECT_FALSE(cache.Get("/", 100));
  ASSERT_TRUE(cache.Put("/", cache.epoch(), Page("الرئيسية", {"list"})));
  PagePtr hit = cache.Get("/", 10'000'000);  // no age limit of its own
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit->identity, "الرئيسية");
  EXPECT_FALSE(cache.Get("/other/", 110));
}

TEST(PageCacheTest, AWriteDropsExactlyThePagesShowingWhatItTouched) {
  PageCache cache({.max_bytes = 1 << 20});
  cache.Put("/a5/", cache.epoch(), Page("5", {"article:5", "comments:5", "ticker"}));
  cache.Put("/a6/", cache.epoch(), Page("6", {"article:6", "comments:6", "ticker"}));
  cache.Put("/", cache.epoch(), Page("home", {"list", "article:5", "article:6", "ticker"}));
  cache.Put("/sitemap.xml", cache.epoch(), Page("map", {"*"}));
  // A comment approved on 5: its page only (and what is keyed "anything").
  cache.Invalidate({"comments:5"});
  EXPECT_FALSE(cache.Get("/a5/", 101));
  EXPECT_TRUE(cache.Get("/a6/", 101));
  EXPECT_TRUE(cache.Get("/", 101));
  EXPECT_FALSE(cache.Get("/sitemap.xml", 101));
  // An edit of 6: its page and the list showing it.
  cache.Invalidate({"article:6"});
  EXPECT_FALSE(cache.Get("/a6/", 102));
  EXPECT_FALSE(cache.Get("/", 102));
  // Keys nobody shows drop nothing.
  cache.Put("/a6/", cache.epoch(), Page("6", {"article:6"}));
  cache.Invalidate({"article:7", "tag:3"});
  EXPECT_TRUE(cache.Get("/a6/", 103));
  EXPECT_EQ(cache.stats().pages, 1u);
}

TEST(PageCacheTest, ARenderOverlappingAWriteToItsKeysIsNotStored) {
  PageCache cache({.max_bytes = 1 << 20});
  uint64_t started = cache.epoch();
  cache.Invalidate({"article:5"});  // committed while the page was rendering
  EXPECT_FALSE(cache.Put("/a5/", started, Page("old 5", {"article:5"})));
  EXPECT_FALSE(cache.Get("/a5/", 101));
  // A write to something else does not stop it.
  EXPECT_TRUE(cache.Put("/a6/", started, Page("6", {"article:6"})));
  // Nor does it stop a render that began after the write.
  EXPECT_TRUE(cache.Put("/a5/", cache.epoch(), Page("new 5", {"article:5"})));
  // Clear() refuses everything begun before it.
  uint64_t before_clear = cache.epoch();
  cache.Clear();
  EXPECT_FALSE(cache.Put("/a6/", before_clear, Page("6", {"article:6"})));
}

TEST(PageCacheTest, PagesExpireWhenTheirBreakingWindowEnds) {
  PageCache cache({.max_bytes = 1 << 20});
  cache.Put("/", cache.epoch(), Page("عاجل", {"ticker"}, /*expires_at=*/160));
  EXPECT_TRUE(cache.Get("/", 159));
  EXPECT_FALSE(cache.Get("/", 160));
  EXPECT_EQ(cache.stats().pages, 0u);
}

TEST(PageCacheTest, LeastRecentlyUsedPagesGoFirstWithinTheBudget) {
  std::string body(10000, 'x');
  size_t one = Page(body, {"k"})->bytes;
  PageCache cache({.max_bytes = one * 8 + 100});  // room for 8, each under an eighth
  for (int i = 0; i < 8; ++i) cache.Put("/" + std::to_string(i), cache.epoch(), Page(body, {"k"}));
  EXPECT_TRUE(cache.Get("/0", 100));  // now the most recent
  cache.Put("/8", cache.epoch(), Page(body, {"k"}));
  EXPECT_TRUE(cache.Get("/0", 100));
  EXPECT_FALSE(cache.Get("/1", 100));
  EXPECT_LE(cache.stats().bytes, one * 8 + 100);
  // A page over an eighth of the budget is not kept; a zero budget keeps nothing.
  EXPECT_FALSE(cache.Put("/big", cache.epoch(), Page(std::string(one * 2, 'y'), {})));
  PageCache off({.max_bytes = 0});
  EXPECT_FALSE(off.Put("/", off.epoch(), Page("x", {})));
  EXPECT_FALSE(off.Get("/", 100));
}

TEST(PageCacheTest, ConcurrentMissesWaitForOneRender) {
  PageCache cache({.max_bytes = 1 << 20});
  PageCache::Lease leader = cache.Join("/");
  ASSERT_TRUE(leader.leader);
  std::atomic<int> served{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      PageCache::Lease l = cache.Join("/");
      EXPECT_FALSE(l.leader);
      PagePtr p = cache.Wait(l, milliseconds(5000));
      if (p && *p->identity == "once") ++served;
    });
  }
  while (cache.stats().coalesced < 8) std::this_thread::yield();
  PagePtr page = Page("once", {"list"});
  cache.Put("/", cache.epoch(), page);
  cache.Finish(leader, page);
  for (auto& t : readers) t.join();
  EXPECT_EQ(served.load(), 8);
  // The next miss leads a render of its own.
  EXPECT_TRUE(cache.Join("/").leader);
}

TEST(PageCacheTest, AFailedRenderLetsTheWaitersRenderThemselves) {
  PageCache cache({.max_bytes = 1 << 20});
  PageCache::Lease leader = cache.Join("/");
  PageCache::Lease follower = cache.Join("/");
  ASSERT_FALSE(follower.leader);
  std::thread t([&] { cache.Finish(leader, nullptr); });
  EXPECT_EQ(cache.Wait(follower, milliseconds(5000)), nullptr);
  t.join();
  // A waiter does not wait for ever either.
  PageCache::Lease slow = cache.Join("/x");
  PageCache::Lease waiting = cache.Join("/x");
  EXPECT_EQ(cache.Wait(waiting, milliseconds(20)), nullptr);
  cache.Finish(slow, nullptr);
}

TEST(PageCacheTest, ARenderBegunBeforeAWriteIsNotJoined) {
  PageCache cache({.max_bytes = 1 << 20});
  PageCache::Lease old_render = cache.Join("/");
  cache.Invalidate({"list"});
  PageCache::Lease after = cache.Join("/");
  EXPECT_TRUE(after.leader);  // renders afresh rather than wait for the old one
  cache.Finish(old_render, nullptr);
  cache.Finish(after, nullptr);
}

TEST(PageCacheTest, VariantsAreMadeOnceAndDecodeToTheSameBytes) {
  std::string html = "<!doctype html><p>";
  for (int i = 0; i < 200; ++i) html.append("خبر عاجل من المدينة ");
  PagePtr page = Page(html, {"list"});
  ASSERT_TRUE(page->gzip);
  ASSERT_TRUE(page->brotli);
  EXPECT_LT(page->brotli->size(), html.size() / 4);
  EXPECT_EQ(testing::Gunzip(*page->gzip), html);
  EXPECT_EQ(testing::Unbrotli(*page->brotli), html);
  EXPECT_EQ(page->Body(Coding::kBrotli), page->brotli);
  EXPECT_EQ(page->Body(Coding::kIdentity), page->identity);
  // One strong ETag per variant.
  EXPECT_NE(page->Etag(Coding::kGzip), page->Etag(Coding::kIdentity));
  EXPECT_NE(page->Etag(Coding::kBrotli), page->Etag(Coding::kGzip));
  EXPECT_EQ(page->Etag(Coding::kIdentity).front(), '"');
  // Small or binary bodies are kept as they are.
  EXPECT_FALSE(Page("<p>قصير</p>", {})->gzip);
  Response png;
  png.content_type = "image/png";
  png.body = std::string(4096, '\0');
  EXPECT_FALSE(MakePage(std::move(png), {}, 0, 100)->brotli);
}

TEST(PageCacheTest, AHandlersEtagAndLastModifiedAreKept) {
  Response feed = Response::Text(200, "<rss/>");
  feed.With("ETag", "\"abc\"").With("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
  PagePtr page = MakePage(std::move(feed), {"list"}, 0, 100);
  EXPECT_EQ(page->Etag(Coding::kIdentity), "\"abc\"");
  EXPECT_EQ(page->last_modified, 784111777);
  for (const auto& [k, v] : page->headers) EXPECT_NE(k, "ETag");
}

TEST(ChooseCodingTest, RespectsQValuesAndNeverSendsWhatWasNotAccepted) {
  EXPECT_EQ(ChooseCoding("", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("gzip, deflate, br", true, true), Coding::kBrotli);
  EXPECT_EQ(ChooseCoding("gzip, deflate, br", false, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("gzip", true, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("br;q=0.5, gzip", true, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("br;q=0, gzip;q=0", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("deflate", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("*", true, true), Coding::kBrotli);
  EXPECT_EQ(ChooseCoding("*;q=0.1, identity", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("GZIP ; Q=1", true, true), Coding::kGzip);
  EXPECT_EQ(ChooseCoding("gzip;q=bad", true, true), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("br", false, false), Coding::kIdentity);
  EXPECT_EQ(ChooseCoding("identity;q=0, gzip;q=0.2", true, true), Coding::kGzip);
}

}  // namespace
}  // namespace khabar::http
