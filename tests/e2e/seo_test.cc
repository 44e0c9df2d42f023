// End to end: what search engines read, through the real binary over HTTP. The sitemaps
// are read by a real XML parser (python3's xml.etree, through tests/seo/check_sitemap.py),
// which also checks the sitemaps.org 0.9 and Google News 0.9 structure; every address
// they list answers 200.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "src/base/time.h"
#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using nlohmann::json;
using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;

std::string Python() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

int64_t HoursAgo(int hours) { return static_cast<int64_t>(std::time(nullptr)) - hours * 3600; }

json ArticleLine(const std::string& id, const std::string& title, const std::string& category,
                 std::vector<std::string> tags, int64_t published) {
  return {{"id", id},
          {"title", title},
          {"category", category},
          {"tags", tags},
          {"author", "منى يوسف"},
          {"published", FormatIso8601(published)},
          {"excerpt", "ملخص الخبر: " + title},
          {"body", "نص الخبر " + title + ".\n\nفقرة ثانية."}};
}

class SeoTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = dir_.File("k.db"); }

  void Import(const std::vector<json>& lines) {
    std::ofstream out(dir_.File("a.jsonl"));
    for (const json& l : lines) out << l.dump() << "\n";
    out.close();
    auto r = RunCommand({Binary(), "import", "jsonl", dir_.File("a.jsonl"), "--db", db_});
    ASSERT_EQ(r.status, 0) << r.err;
  }

  void Start(const std::string& settings) {
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << settings;
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  // GETs a sitemap, checks its content type, and returns what check_sitemap.py read of it
  // (null, with the reason reported, when it is not well-formed or breaks the schema).
  json Sitemap(const std::string& path, const std::string& kind) {
    HttpResponse r = HttpGet(Port(), path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("content-type"), "application/xml; charset=utf-8") << path;
    std::ofstream(dir_.File("sitemap.xml")) << r.body;
    auto run = RunCommand(
        {Python(), SourceDir() + "/tests/seo/check_sitemap.py", kind, dir_.File("sitemap.xml")});
    EXPECT_EQ(run.status, 0) << path << ": " << run.err << "\n" << r.body;
    if (run.status != 0) return nullptr;
    return json::parse(run.out);
  }

  // The path of an absolute URL on the configured site.
  static std::string PathOf(const std::string& url) {
    EXPECT_EQ(url.rfind(std::string(kSite) + "/", 0), 0u) << url;
    return url.substr(std::string(kSite).size());
  }

  static constexpr const char* kSite = "https://akhbar.example";
  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(SeoTest, SitemapIndexListsPaginatedSitemapsWhoseAddressesAllAnswer) {
  std::vector<json> lines;
  for (int i = 0; i < 5; ++i) {
    lines.push_back(ArticleLine("a" + std::to_string(i), "خبر رقم " + std::to_string(i),
                                i % 2 ? "اقتصاد" : "رياضة", {"وسم " + std::to_string(i % 3)},
                                HoursAgo(100 + i)));
  }
  // A title and a tag that need escaping in XML.
  lines.push_back(ArticleLine("amp", "الذهب & الفضة <قياسي>", "اقتصاد", {"A&B"}, HoursAgo(90)));
  Import(lines);
  Start(std::string(R"({"site_url": ")") + kSite + R"(", "sitemap_per_file": 2})");

  json index = Sitemap("/sitemap.xml", "index");
  ASSERT_FALSE(index.is_null());
  std::vector<std::string> files;
  for (const json& s : index) {
    files.push_back(PathOf(s["loc"]));
    EXPECT_FALSE(s["lastmod"].is_null());
  }
  // 6 articles, 2 categories and 4 tags, two a file.
  EXPECT_EQ(files,
            (std::vector<std::string>{"/sitemaps/articles-1.xml", "/sitemaps/articles-2.xml",
                                      "/sitemaps/articles-3.xml", "/sitemaps/categories-1.xml",
                                      "/sitemaps/tags-1.xml", "/sitemaps/tags-2.xml"}));
  std::set<std::string> listed;
  for (const std::string& f : files) {
    json urls = Sitemap(f, "urlset");
    ASSERT_FALSE(urls.is_null()) << f;
    EXPECT_LE(urls.size(), 2u);
    for (const json& u : urls) {
      std::string path = PathOf(u["loc"]);
      EXPECT_TRUE(listed.insert(path).second) << path << " listed twice";
      EXPECT_FALSE(u["lastmod"].is_null()) << path;
      EXPECT_EQ(HttpGet(Port(), path).status, 200) << path;
    }
  }
  EXPECT_EQ(listed.size(), 12u);
  // Past the last page, or an unknown name: 404.
  EXPECT_EQ(HttpGet(Port(), "/sitemaps/articles-4.xml").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/sitemaps/articles-0.xml").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/sitemaps/authors-1.xml").status, 404);
}

TEST_F(SeoTest, NewsSitemapHoldsOnlyTheLastTwoDaysAndFollowsWrites) {
  Import({ArticleLine("n1", "عاجل: الذهب & <الفضة>", "اقتصاد", {}, HoursAgo(1)),
          ArticleLine("n2", "خبر الأمس", "اقتصاد", {}, HoursAgo(47)),
          ArticleLine("old1", "خبر قبل ثلاثة أيام", "رياضة", {}, HoursAgo(50)),
          ArticleLine("old2", "خبر قديم", "رياضة", {}, HoursAgo(24 * 30))});
  Start(std::string(R"({"site_url": ")") + kSite + R"(", "site_name": "أخبار المدينة"})");
  json news = Sitemap("/news-sitemap.xml", "news");
  ASSERT_FALSE(news.is_null());
  ASSERT_EQ(news.size(), 2u);
  EXPECT_EQ(news[0]["title"], "عاجل: الذهب & <الفضة>");
  EXPECT_EQ(news[1]["title"], "خبر الأمس");
  for (const json& n : news) {
    EXPECT_EQ(n["name"], "أخبار المدينة");
    EXPECT_EQ(n["language"], "ar");
    auto t = ParseIso8601(n["publication_date"].get<std::string>());
    ASSERT_TRUE(t.ok());
    EXPECT_GE(*t, HoursAgo(48));
    HttpResponse page = HttpGet(Port(), PathOf(n["loc"]));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(HtmlDocument::Parse(page.body).Select("h1")->Text(), n["title"]);
  }
  // Cached, then a new article (written by another process): listed at once, in both.
  EXPECT_EQ(HttpGet(Port(), "/news-sitemap.xml").Header("x-cache"), "hit");
  size_t articles = Sitemap("/sitemaps/articles-1.xml", "urlset").size();
  Import({ArticleLine("n3", "خبر جديد الآن", "اقتصاد", {}, HoursAgo(0))});
  news = Sitemap("/news-sitemap.xml", "news");
  ASSERT_EQ(news.size(), 3u);
  EXPECT_EQ(news[0]["title"], "خبر جديد الآن");
  EXPECT_EQ(Sitemap("/sitemaps/articles-1.xml", "urlset").size(), articles + 1);
}

TEST_F(SeoTest, RobotsTxtPointsToBothSitemapsAndKeepsCrawlersOutOfTheNewsroom) {
  Import({ArticleLine("r1", "خبر", "اقتصاد", {}, HoursAgo(3))});
  Start(std::string(R"({"site_url": ")") + kSite + R"("})");
  HttpResponse r = HttpGet(Port(), "/robots.txt");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_NE(r.body.find("User-agent: *\nDisallow: /admin/\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("Sitemap: https://akhbar.example/sitemap.xml\n"), std::string::npos);
  EXPECT_NE(r.body.find("Sitemap: https://akhbar.example/news-sitemap.xml\n"), std::string::npos);
}

}  // namespace
}  // namespace khabar::e2e
