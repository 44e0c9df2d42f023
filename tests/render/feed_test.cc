// The feeds' renderer: escaping that survives any text, absolute addresses inside the
// articles' HTML, and output that depends on its input only.
#include "src/render/feed.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace khabar::render {
namespace {

FeedView OneArticle(bool full_text) {
  content::Article a;
  a.id = 7;
  a.title = std::string("عنوان \x01مع <وسم> & \"اقتباس\"");
  a.slug = "عنوان";
  a.excerpt = "مقتطف قصير";
  a.body = "نص";
  a.body_format = content::BodyFormat::kMarkdown;
  a.body_html =
      "<p>قبل ]]> بعد <a href=\"/2026/01/x/\">رابط</a> <a href=\"//other.example/\">آخر</a></p>"
      "<p><img src=\"/media/abc-800.jpg\" alt=\"\"></p>";
  a.status = content::ArticleStatus::kPublished;
  a.published_at = 1767225600;  // 2026-01-01T00:00:00Z
  a.modified_at = 1767229200;
  a.author = {1, "منى", "منى"};
  a.category = {2, "اقتصاد", "اقتصاد"};
  FeedView v;
  v.title = "خبر";
  v.home_path = "/";
  v.self_path = "/feed/";
  v.full_text = full_text;
  v.entries.push_back({a, std::nullopt});
  return v;
}

SiteInfo Site() {
  SiteInfo s;
  s.url = "https://akhbar.example";
  return s;
}

TEST(FeedTest, RssEscapesTextDropsControlCharactersAndSplitsCdata) {
  std::string xml = RenderFeed(Site(), OneArticle(true), FeedFormat::kRss);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_NE(xml.find("<title>عنوان مع &lt;وسم&gt; &amp; &quot;اقتباس&quot;</title>"),
            std::string::npos);
  // "]]>" inside the HTML cannot end the CDATA section early.
  EXPECT_NE(xml.find("قبل ]]]]><![CDATA[> بعد"), std::string::npos);
  // Site addresses inside the article become absolute; other hosts' stay as they are.
  EXPECT_NE(xml.find("href=\"https://akhbar.example/2026/01/x/\""), std::string::npos);
  EXPECT_NE(xml.find("src=\"https://akhbar.example/media/abc-800.jpg\""), std::string::npos);
  EXPECT_NE(xml.find("href=\"//other.example/\""), std::string::npos);
  EXPECT_NE(xml.find("<guid isPermaLink=\"true\">https://akhbar.example/n/7</guid>"),
            std::string::npos);
  EXPECT_NE(xml.find("<pubDate>Thu, 01 Jan 2026 00:00:00 GMT</pubDate>"), std::string::npos);
  // The same input gives the same bytes (the ETag depends on it).
  EXPECT_EQ(xml, RenderFeed(Site(), OneArticle(true), FeedFormat::kRss));
}

TEST(FeedTest, ExcerptOnlyLeavesTheBodyOut) {
  for (FeedFormat f : {FeedFormat::kRss, FeedFormat::kAtom, FeedFormat::kJson}) {
    std::string out = RenderFeed(Site(), OneArticle(false), f);
    EXPECT_EQ(out.find("قبل"), std::string::npos);
    EXPECT_NE(out.find("مقتطف قصير"), std::string::npos);
  }
}

TEST(FeedTest, AtomAndJsonCarryTheDatesAndTheShortLinkAsId) {
  std::string atom = RenderFeed(Site(), OneArticle(true), FeedFormat::kAtom);
  EXPECT_NE(atom.find("<id>https://akhbar.example/n/7</id>"), std::string::npos);
  EXPECT_NE(atom.find("<published>2026-01-01T00:00:00+00:00</published>"), std::string::npos);
  EXPECT_NE(atom.find("<updated>2026-01-01T01:00:00+00:00</updated>"), std::string::npos);
  auto j = nlohmann::json::parse(RenderFeed(Site(), OneArticle(true), FeedFormat::kJson));
  EXPECT_EQ(j["items"][0]["id"], "https://akhbar.example/n/7");
  EXPECT_EQ(j["items"][0]["title"],
            std::string("عنوان \x01مع <وسم> & \"اقتباس\""));  // JSON escapes it
  EXPECT_EQ(j["items"][0]["date_modified"], "2026-01-01T01:00:00+00:00");
  EXPECT_EQ(j["items"][0]["tags"][0], "اقتصاد");
}

TEST(FeedTest, TheDefaultBaseIsTheLocalServer) {
  EXPECT_EQ(ShortLink(SiteInfo{}, 3), "http://127.0.0.1:8080/n/3");
  EXPECT_STREQ(FeedContentType(FeedFormat::kJson), "application/feed+json; charset=utf-8");
}

}  // namespace
}  // namespace khabar::render
