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
#include "src/content/text.h"
#include "tests/e2e/e2e_env.h"
#include "tests/media/test_images.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

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
  void SetUp() override { db_ = testing::TestDb(dir_, "k.db"); }

  void Import(const std::vector<json>& lines) {
    std::ofstream out(dir_.File("a.jsonl"));
    for (const json& l : lines) out << l.dump() << "\n";
    out.close();
    auto r = RunCommand({Binary(), "import", "jsonl", dir_.File("a.jsonl"), "--db", db_});
    ASSERT_EQ(r.status, 0) << r.err;
    AwaitOtherProcessWrite();
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

  // Logs in as an editor (created here) and returns the session cookie.
  std::string LogIn() {
    auto add = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                          std::string(kPassword) + "\n");
    EXPECT_EQ(add.status, 0) << add.err;
    return SignIn(Port(), "layla", kPassword);
  }

  // Saves the editor at `editor_path`; returns the response (303 on success).
  HttpResponse Save(const std::string& cookie, const std::string& editor_path,
                    const std::string& title, const std::string& action) {
    return PostEditor(Port(), cookie, editor_path,
                      {{"title", title},
                       {"slug", "jisr"},
                       {"excerpt", "افتتح الجسر الجديد <b>صباح</b> اليوم & حضر المئات."},
                       {"body", "افتتح الجسر صباح اليوم.\n\nوحضر الافتتاح المئات."},
                       {"category", "محليات"},
                       {"tags", "جسور"},
                       {"breaking_hours", "0"},
                       {"publish_at", ""},
                       {"action", action}});
  }

  // Uploads a `width` x `height` JPEG as the featured image of the article at `editor`.
  void UploadImage(const std::string& cookie, const std::string& editor, int width, int height) {
    auto form = HtmlDocument::Parse(HttpGet(Port(), editor, {{"Cookie", cookie}}).body)
                    .Select("form.featured-image-form input[name=token]");
    ASSERT_TRUE(form);
    ASSERT_EQ(
        testing::HttpPostMultipart(Port(), editor + "/image",
                                   {{"token", form->Attr("value"), ""},
                                    {"alt", "الجسر عند الافتتاح", ""},
                                    {"action", "upload", ""},
                                    {"image", testing::MakeJpeg(width, height), "bridge.jpg"}},
                                   {{"Cookie", cookie}})
            .status,
        303);
  }

  // The content of <meta property|name="key">, or "(missing)".
  static std::string Meta(const HtmlDocument& doc, const std::string& attr,
                          const std::string& key) {
    auto m = doc.Select("meta[" + attr + "=\"" + key + "\"]");
    return m ? m->Attr("content") : "(missing)";
  }

  // The page's one JSON-LD block, parsed (null when missing or not JSON).
  static json JsonLd(const std::string& html) {
    constexpr std::string_view kOpen = "<script type=\"application/ld+json\">";
    size_t start = html.find(kOpen);
    if (start == std::string::npos) return nullptr;
    start += kOpen.size();
    size_t end = html.find("</script>", start);
    if (end == std::string::npos || html.find(kOpen, end) != std::string::npos) return nullptr;
    return json::parse(html.substr(start, end - start), nullptr, false);
  }

  static constexpr const char* kPassword = "كلمة سر طويلة للتحرير";
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

// The schemas the sitemaps are validated against (tests/seo/*.xsd, transcriptions of the
// protocols) refuse what only a schema notices: values out of their ranges or patterns.
TEST(SitemapSchemaTest, RefusesWhatTheProtocolsForbid) {
  testing::TempDir dir;
  const std::string head =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
      "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n<url><loc>"
      "https://akhbar.example/2025/03/x/</loc>";
  const std::string news =
      "<news:news><news:publication><news:name>خبر</news:name><news:language>ar"
      "</news:language></news:publication><news:publication_date>2025-02-28T22:30:00+00:00"
      "</news:publication_date><news:title>عنوان</news:title></news:news>";
  auto check = [&](const std::string& kind, const std::string& xml) {
    std::ofstream(dir.File("s.xml")) << xml;
    return RunCommand(
        {Python(), SourceDir() + "/tests/seo/check_sitemap.py", kind, dir.File("s.xml")});
  };
  ASSERT_EQ(check("news", head + news + "</url>\n</urlset>\n").status, 0);
  auto refused = [&](const std::string& kind, const std::string& xml) {
    auto run = check(kind, xml);
    EXPECT_NE(run.status, 0) << xml;
    EXPECT_NE(run.err.find("Schemas validity error"), std::string::npos) << run.err;
  };
  refused("urlset", head + "<changefreq>sometimes</changefreq></url>\n</urlset>\n");
  refused("urlset", head + "<priority>1.5</priority></url>\n</urlset>\n");
  std::string arabic_language = news;
  arabic_language.replace(arabic_language.find(">ar<"), 4, ">arabic<");
  refused("news", head + arabic_language + "</url>\n</urlset>\n");
  std::string no_such_day = news;  // the shape of a date, but not a day of the calendar
  no_such_day.replace(no_such_day.find("2025-02-28T22:30:00+00:00"), 25, "2025-02-30");
  refused("news", head + no_such_day + "</url>\n</urlset>\n");
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

TEST_F(SeoTest, ArticlePagesCarryPreviewsAndNewsArticleStructuredData) {
  Import({ArticleLine("x1", "خبر قديم", "محليات", {}, HoursAgo(30))});
  Start(std::string(R"({"site_url": ")") + kSite + R"(", "site_name": "أخبار المدينة"})");
  std::string cookie = LogIn();
  ASSERT_FALSE(cookie.empty());
  HttpResponse draft = Save(cookie, "/admin/articles/new", "جسر المدينة", "draft");
  ASSERT_EQ(draft.status, 303) << draft.body.substr(0, 300);
  std::string editor = draft.Header("location").substr(0, draft.Header("location").find('?'));
  UploadImage(cookie, editor, 2400, 1350);
  HttpResponse published = Save(cookie, editor, "جسر المدينة", "publish");
  ASSERT_EQ(published.status, 303);
  std::string path = "/" + FormatIso8601(std::time(nullptr)).substr(0, 4) + "/" +
                     FormatIso8601(std::time(nullptr)).substr(5, 2) + "/jisr/";
  HttpResponse page = HttpGet(Port(), path);
  ASSERT_EQ(page.status, 200) << path;
  auto doc = HtmlDocument::Parse(page.body);
  std::string url = std::string(kSite) + path;
  EXPECT_EQ(doc.Select("title")->Text(), "جسر المدينة — أخبار المدينة");
  EXPECT_EQ(Meta(doc, "name", "description"), "افتتح الجسر الجديد <b>صباح</b> اليوم & حضر المئات.");
  EXPECT_EQ(doc.Select("link[rel=canonical]")->Attr("href"), url);
  EXPECT_EQ(Meta(doc, "property", "og:type"), "article");
  EXPECT_EQ(Meta(doc, "property", "og:title"), "جسر المدينة");
  EXPECT_EQ(Meta(doc, "property", "og:description"), Meta(doc, "name", "description"));
  EXPECT_EQ(Meta(doc, "property", "og:url"), url);
  EXPECT_EQ(Meta(doc, "property", "og:locale"), "ar_AR");
  EXPECT_EQ(Meta(doc, "property", "og:site_name"), "أخبار المدينة");
  EXPECT_EQ(Meta(doc, "name", "twitter:card"), "summary_large_image");
  // The 1600-pixel JPEG of the 2400-pixel upload, at an absolute address that serves it.
  std::string image = Meta(doc, "property", "og:image");
  ASSERT_EQ(image.rfind(std::string(kSite) + "/media/", 0), 0u) << image;
  EXPECT_EQ(Meta(doc, "property", "og:image:width"), "1600");
  EXPECT_EQ(Meta(doc, "name", "twitter:image"), image);
  HttpResponse file = HttpGet(Port(), image.substr(std::string(kSite).size()));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("content-type"), "image/jpeg");
  EXPECT_EQ(testing::Inspect(file.body).width, 1600);

  json ld = JsonLd(page.body);
  ASSERT_TRUE(ld.is_object()) << page.body.substr(0, 3000);
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "NewsArticle");
  EXPECT_EQ(ld["headline"], "جسر المدينة");
  auto published_at = ParseIso8601(ld["datePublished"].get<std::string>());
  auto modified_at = ParseIso8601(ld["dateModified"].get<std::string>());
  ASSERT_TRUE(published_at.ok() && modified_at.ok());
  EXPECT_LE(*published_at, *modified_at);
  EXPECT_EQ(Meta(doc, "property", "article:published_time"), ld["datePublished"]);
  EXPECT_EQ(ld["author"][0]["@type"], "Person");
  EXPECT_FALSE(ld["author"][0]["name"].get<std::string>().empty());
  EXPECT_EQ(ld["image"][0], image);
  EXPECT_EQ(ld["mainEntityOfPage"]["@id"], url);
  EXPECT_EQ(ld["publisher"]["@type"], "Organization");
  EXPECT_EQ(ld["publisher"]["name"], "أخبار المدينة");
  std::string logo = ld["publisher"]["logo"]["url"];
  ASSERT_EQ(logo.rfind(std::string(kSite) + "/", 0), 0u) << logo;
  HttpResponse logo_file = HttpGet(Port(), logo.substr(std::string(kSite).size()));
  EXPECT_EQ(logo_file.status, 200);
  EXPECT_EQ(logo_file.Header("content-type"), "image/png");
  // The CSP forbids inline scripts; a JSON-LD block is data, which browsers never run.
  EXPECT_NE(page.Header("content-security-policy").find("script-src 'self'"), std::string::npos);
}

TEST_F(SeoTest, ATitleThatClosesTheScriptStaysInsideTheJsonLdString) {
  const std::string title = "</script><script>alert(1)</script> & <!-- \"عنوان\"";
  Import({ArticleLine("evil", title, "محليات", {"وسم"}, HoursAgo(2))});
  Start(std::string(R"({"site_url": ")") + kSite + R"("})");
  json news = Sitemap("/news-sitemap.xml", "news");
  ASSERT_EQ(news.size(), 1u);
  EXPECT_EQ(news[0]["title"], title);
  std::string path = PathOf(news[0]["loc"]);
  HttpResponse page = HttpGet(Port(), path);
  ASSERT_EQ(page.status, 200);
  // One JSON-LD block, closed by its own </script>: the title did not end it.
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  json ld = JsonLd(page.body);
  ASSERT_TRUE(ld.is_object());
  EXPECT_EQ(ld["headline"], title);
  auto doc = HtmlDocument::Parse(page.body);
  EXPECT_EQ(doc.Select("h1")->Text(), title);
  EXPECT_EQ(Meta(doc, "property", "og:title"), title);
  EXPECT_EQ(Meta(doc, "name", "twitter:card"), "summary");
  EXPECT_EQ(Meta(doc, "property", "og:image"), "(missing)");
}

TEST_F(SeoTest, EveryPageHasPreviewsAndArchivesCarryABreadcrumbList) {
  Import({ArticleLine("b1", "خبر الاقتصاد", "اقتصاد", {"الأسواق"}, HoursAgo(5))});
  Start(std::string(R"({"site_url": ")") + kSite + R"(", "site_name": "أخبار المدينة"})");
  for (const std::string& path :
       std::vector<std::string>{"/", "/category/" + testing::PercentEncodePath("اقتصاد") + "/",
                                "/tag/" + testing::PercentEncodePath("الأسواق") + "/"}) {
    SCOPED_TRACE(path);
    HttpResponse page = HttpGet(Port(), path);
    ASSERT_EQ(page.status, 200);
    auto doc = HtmlDocument::Parse(page.body);
    EXPECT_FALSE(doc.Select("title")->Text().empty());
    EXPECT_NE(Meta(doc, "name", "description"), "(missing)");
    EXPECT_EQ(doc.Select("link[rel=canonical]")->Attr("href"), std::string(kSite) + path);
    EXPECT_EQ(Meta(doc, "property", "og:type"), "website");
    EXPECT_EQ(Meta(doc, "property", "og:url"), std::string(kSite) + path);
    EXPECT_EQ(Meta(doc, "property", "og:locale"), "ar_AR");
    EXPECT_EQ(Meta(doc, "property", "og:site_name"), "أخبار المدينة");
    EXPECT_EQ(Meta(doc, "name", "twitter:card"), "summary");
    json ld = JsonLd(page.body);
    if (path == "/") {
      EXPECT_TRUE(ld.is_null());
      continue;
    }
    ASSERT_TRUE(ld.is_object());
    EXPECT_EQ(ld["@type"], "BreadcrumbList");
    ASSERT_EQ(ld["itemListElement"].size(), 2u);
    EXPECT_EQ(ld["itemListElement"][0]["position"], 1);
    EXPECT_EQ(ld["itemListElement"][0]["item"], std::string(kSite) + "/");
    EXPECT_EQ(ld["itemListElement"][1]["position"], 2);
    EXPECT_EQ(ld["itemListElement"][1]["item"], std::string(kSite) + path);
    EXPECT_NE(ld["itemListElement"][1]["name"].get<std::string>().find(
                  path.starts_with("/tag/") ? "الأسواق" : "اقتصاد"),
              std::string::npos);
  }
}

TEST_F(SeoTest, HijriDatesAndRelativeTimesFollowTheSettings) {
  Import({ArticleLine("d1", "خبر الساعة", "محليات", {}, HoursAgo(3)),
          ArticleLine("d2", "خبر الشهر الماضي", "محليات", {}, HoursAgo(24 * 30))});
  Start(R"({"hijri_date": true, "relative_times": true})");
  auto doc = HtmlDocument::Parse(HttpGet(Port(), "/").body);
  std::vector<std::string> dates;
  for (const auto& t : doc.SelectAll("time")) dates.push_back(t.Text());
  std::string all;
  for (const std::string& d : dates) all.append(d).append("\n");
  EXPECT_NE(all.find("منذ ٣ ساعات\n"), std::string::npos) << all;
  // The older one: its Gregorian date, then the Hijri one.
  std::string old = content::FormatArabicDate(HoursAgo(24 * 30), {});
  EXPECT_NE(all.find(old + " م — "), std::string::npos) << all;
  EXPECT_NE(all.find(" هـ\n"), std::string::npos) << all;
}

}  // namespace
}  // namespace khabar::e2e
