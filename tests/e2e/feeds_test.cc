// End to end: the feeds and the short links, through the real binary over HTTP. Every feed
// is read by a real feed library (Debian's python3-feedparser, through
// tests/feeds/check_feed.py): well-formed, not bozo, with the right items, links, dates,
// authors, categories and enclosures. The JSON Feed is also checked field by field here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

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
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

// Four articles, newest first: 3, 2, 1, 4. The first's title and body need escaping.
const char* kArticles[] = {
    R"({"id": "feed-1", "title": "الذهب & الفضة: \"ارتفاع\" <قياسي>", "category": "اقتصاد",
        "tags": ["الذهب", "الأسواق"], "author": "منى يوسف", "published": "2026-01-10T08:00:00+00:00",
        "excerpt": "ارتفع الذهب إلى مستوى قياسي في أسواق المدينة.",
        "body": "ارتفع الذهب إلى مستوى قياسي في أسواق المدينة.\n\nفقرة فيها ]]> و<b>وسم</b> يبقى نصًا."})",
    R"({"id": "feed-2", "title": "البورصة تغلق على ارتفاع", "category": "اقتصاد",
        "tags": ["الأسواق"], "author": "سامي علي", "published": "2026-01-11T09:30:00+00:00",
        "body": "أغلقت البورصة على ارتفاع طفيف بعد جلسة هادئة."})",
    R"({"id": "feed-3", "title": "فوز فريق الساحل في الدوري", "category": "رياضة",
        "tags": ["كرة القدم"], "author": "سامي علي", "published": "2026-01-12T20:15:00+00:00",
        "body": "فاز فريق الساحل بهدفين نظيفين."})",
    R"({"id": "feed-4", "title": "افتتاح ملعب جديد", "category": "رياضة",
        "tags": [], "author": "منى يوسف", "published": "2026-01-09T07:00:00+00:00",
        "body": "افتتح ملعب جديد في حي الميناء."})",
};

std::string OneLine(std::string s) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

// Debian's interpreter, which has python3-feedparser (a pyenv one in PATH may not).
std::string Python() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

class FeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    std::ofstream out(dir_.File("articles.jsonl"));
    for (const char* a : kArticles) out << OneLine(a) << "\n";
    out.close();
    auto r = RunCommand({Binary(), "import", "jsonl", dir_.File("articles.jsonl"), "--db", db_});
    ASSERT_EQ(r.status, 0) << r.err;
    r = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                   std::string(kPassword) + "\n");
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
  std::string Base() { return "http://127.0.0.1:" + std::to_string(Port()); }

  // Imports more lines while the server runs (another process writing the database).
  void Import(const std::string& line) {
    std::ofstream(dir_.File("more.jsonl")) << OneLine(line) << "\n";
    auto r = RunCommand({Binary(), "import", "jsonl", dir_.File("more.jsonl"), "--db", db_});
    ASSERT_EQ(r.status, 0) << r.err;
    AwaitOtherProcessWrite();
  }

  // GETs the feed at `path`, checks its type, has check_feed.py read it against `expect`
  // and returns what the feed library read (null on failure, with the reason reported).
  json Read(const std::string& path, const std::string& kind, const json& expect) {
    HttpResponse r = HttpGet(Port(), path);
    EXPECT_EQ(r.status, 200) << path;
    const char* type = kind == "rss"    ? "application/rss+xml; charset=utf-8"
                       : kind == "atom" ? "application/atom+xml; charset=utf-8"
                                        : "application/feed+json; charset=utf-8";
    EXPECT_EQ(r.Header("content-type"), type) << path;
    std::ofstream(dir_.File("feed")) << r.body;
    std::ofstream(dir_.File("expect.json")) << expect.dump();
    auto run = RunCommand({Python(), SourceDir() + "/tests/feeds/check_feed.py", kind,
                           dir_.File("feed"), dir_.File("expect.json")});
    EXPECT_EQ(run.status, 0) << path << " (" << kind << "): " << run.err;
    if (run.status != 0) return nullptr;
    return json::parse(run.out);
  }

  std::string LogIn() { return SignIn(Port(), "layla", kPassword); }

  // Saves the editor at `editor_path` with these title and slug; returns the response.
  HttpResponse Save(const std::string& cookie, const std::string& editor_path,
                    const std::string& title, const std::string& slug, const std::string& action) {
    return PostEditor(Port(), cookie, editor_path,
                      {{"title", title},
                       {"slug", slug},
                       {"excerpt", ""},
                       {"body", "افتتح الجسر صباح اليوم.\n\nوحضر الافتتاح المئات."},
                       {"category", "محليات"},
                       {"tags", "جسور"},
                       {"breaking_hours", "0"},
                       {"publish_at", ""},
                       {"action", action}});
  }

  // The path of a link in a feed, checked to be absolute on this site.
  std::string PathOf(const std::string& url) {
    EXPECT_EQ(url.rfind(Base() + "/", 0), 0u) << url;
    return url.size() > Base().size() ? url.substr(Base().size()) : "/";
  }

  // Each entry's link opens the article with that title, and its id (the short link)
  // answers 301 with that link.
  void CheckLinksAndIds(const json& feed) {
    for (const json& e : feed["entries"]) {
      std::string link = e["link"], id = e["id"], title = e["title"];
      SCOPED_TRACE(title);
      HttpResponse page = HttpGet(Port(), PathOf(link));
      ASSERT_EQ(page.status, 200);
      EXPECT_EQ(HtmlDocument::Parse(page.body).Select("h1")->Text(), title);
      HttpResponse shortlink = HttpGet(Port(), PathOf(id));
      EXPECT_EQ(shortlink.status, 301);
      EXPECT_EQ(shortlink.Header("location"), PathOf(link));
    }
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

json Entry(const std::string& title, const std::string& author, std::vector<std::string> tags,
           const std::string& published) {
  return {{"title", title}, {"author", author}, {"tags", tags}, {"published", published}};
}

TEST_F(FeedsTest, EveryFormatCarriesTheNewestArticlesAsAFeedLibraryReadsThem) {
  Start(R"({"feed_items": 3, "feed_full_text": true})");
  // Newest first, three of the four (feed_items); the category comes first among the terms.
  json expect = {
      {"title", "خبر"},
      {"link", Base() + "/"},
      {"count", 3},
      {"entries",
       {Entry("فوز فريق الساحل في الدوري", "سامي علي", {"رياضة", "كرة القدم"},
              "2026-01-12T20:15:00"),
        Entry("البورصة تغلق على ارتفاع", "سامي علي", {"اقتصاد", "الأسواق"}, "2026-01-11T09:30:00"),
        Entry(R"(الذهب & الفضة: "ارتفاع" <قياسي>)", "منى يوسف", {"اقتصاد", "الذهب", "الأسواق"},
              "2026-01-10T08:00:00")}}};
  // Full text: the body's markup-like text stays text in the HTML, "]]>" included.
  expect["entries"][2]["has_content"] = true;
  expect["entries"][2]["content_contains"] = "فقرة فيها ]]&gt; و&lt;b&gt;وسم&lt;/b&gt; يبقى";
  expect["entries"][2]["summary_contains"] = "ارتفع الذهب إلى مستوى قياسي";
  json rss = Read("/feed/", "rss", expect);
  json atom = Read("/feed/atom/", "atom", expect);
  json feed_json = Read("/feed/json/", "json", expect);
  ASSERT_FALSE(rss.is_null());
  ASSERT_FALSE(atom.is_null());
  ASSERT_FALSE(feed_json.is_null());
  // The three formats name each article with the same id and link.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rss["entries"][i]["id"], atom["entries"][i]["id"]);
    EXPECT_EQ(rss["entries"][i]["id"], feed_json["entries"][i]["id"]);
    EXPECT_EQ(rss["entries"][i]["link"], feed_json["entries"][i]["link"]);
    EXPECT_EQ(std::string(rss["entries"][i]["id"]).rfind(Base() + "/n/", 0), 0u);
  }
  // Categories and tags are told apart by their scheme.
  EXPECT_EQ(atom["entries"][0]["tag_schemes"][0], Base() + "/category/");
  EXPECT_EQ(atom["entries"][0]["tag_schemes"][1], Base() + "/tag/");
  CheckLinksAndIds(rss);

  // The JSON Feed, read here too.
  json j = json::parse(HttpGet(Port(), "/feed/json/").body);
  EXPECT_EQ(j["version"], "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(j["feed_url"], Base() + "/feed/json/");
  EXPECT_EQ(j["home_page_url"], Base() + "/");
  EXPECT_EQ(j["language"], "ar");
  ASSERT_EQ(j["items"].size(), 3u);
  const json& gold = j["items"][2];
  EXPECT_EQ(gold["title"], R"(الذهب & الفضة: "ارتفاع" <قياسي>)");
  EXPECT_EQ(gold["summary"], "ارتفع الذهب إلى مستوى قياسي في أسواق المدينة.");
  EXPECT_NE(std::string(gold["content_html"]).find("&lt;b&gt;وسم&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(gold["date_published"], "2026-01-10T08:00:00+00:00");
  EXPECT_EQ(gold["authors"][0]["name"], "منى يوسف");
  EXPECT_EQ(gold["authors"][0]["url"], Base() + "/author/" + PercentEncodePath("منى-يوسف") + "/");
  EXPECT_FALSE(gold.contains("attachments"));  // no featured image
}

TEST_F(FeedsTest, ExcerptsByDefaultAndEveryArticleWithinTwenty) {
  Start("{}");
  json expect = {{"count", 4}, {"entries", json::array()}};
  for (int i = 0; i < 4; ++i) expect["entries"].push_back({{"has_content", false}});
  expect["entries"][2]["summary_contains"] = "ارتفع الذهب إلى مستوى قياسي";
  Read("/feed/", "rss", expect);
  Read("/feed/atom/", "atom", expect);
  HttpResponse rss = HttpGet(Port(), "/feed/");
  EXPECT_EQ(rss.body.find("content:encoded>"), std::string::npos);
  EXPECT_EQ(rss.body.find("فقرة فيها"), std::string::npos);  // the body stays on the site
}

TEST_F(FeedsTest, CategoryAndTagFeedsCarryTheirOwnArticlesAndUnknownOnesAre404) {
  Start("{}");
  std::string economy = "/category/" + PercentEncodePath("اقتصاد") + "/";
  std::string football = "/tag/" + PercentEncodePath("كرة-القدم") + "/";
  json expect = {{"title", "خبر — اقتصاد"},
                 {"link", Base() + economy},
                 {"count", 2},
                 {"entries",
                  {{{"title", "البورصة تغلق على ارتفاع"}},
                   {{"title", R"(الذهب & الفضة: "ارتفاع" <قياسي>)"}}}}};
  Read(economy + "feed/", "rss", expect);
  Read(economy + "feed/atom/", "atom", expect);
  Read(economy + "feed/json/", "json", expect);
  json tag = {{"title", "خبر — الوسم: كرة القدم"},
              {"count", 1},
              {"entries", {{{"title", "فوز فريق الساحل في الدوري"}, {"author", "سامي علي"}}}}};
  Read(football + "feed/", "rss", tag);
  Read(football + "feed/atom/", "atom", tag);
  Read(football + "feed/json/", "json", tag);
  for (const std::string& path :
       {"/category/" + PercentEncodePath("لا-يوجد") + "/feed/",
        std::string("/tag/nothing/feed/atom/"), std::string("/tag/nothing/feed/json/"),
        std::string("/feed/rdf/")}) {
    EXPECT_EQ(HttpGet(Port(), path).status, 404) << path;
  }
  // Pages say where their feeds are (the alternates with a type; hreflang ones have none):
  // the archive's own first, then the site's.
  auto home = HtmlDocument::Parse(HttpGet(Port(), "/").body);
  auto links = home.SelectAll("head link[rel=alternate][type]");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].Attr("type"), "application/rss+xml");
  EXPECT_EQ(links[0].Attr("href"), "/feed/");
  EXPECT_EQ(links[1].Attr("type"), "application/atom+xml");
  EXPECT_EQ(links[2].Attr("href"), "/feed/json/");
  auto archive = HtmlDocument::Parse(HttpGet(Port(), economy).body);
  auto archive_links = archive.SelectAll("head link[rel=alternate][type]");
  ASSERT_EQ(archive_links.size(), 6u);
  EXPECT_EQ(archive_links[0].Attr("href"), economy + "feed/");
  EXPECT_EQ(archive_links[3].Attr("href"), "/feed/");
}

TEST_F(FeedsTest, ConditionalGetAnswers304UntilAWriteChangesTheFeed) {
  Start("{}");
  for (std::string path : {"/feed/", "/feed/atom/", "/feed/json/"}) {
    SCOPED_TRACE(path);
    HttpResponse first = HttpGet(Port(), path);
    ASSERT_EQ(first.status, 200);
    std::string etag = first.Header("etag"), modified = first.Header("last-modified");
    ASSERT_FALSE(etag.empty());
    ASSERT_FALSE(modified.empty());
    EXPECT_EQ(first.Header("cache-control"), "no-cache");
    // The same bytes again (from the page cache), and the same validators.
    HttpResponse again = HttpGet(Port(), path);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(again.Header("etag"), etag);
    EXPECT_EQ(again.Header("last-modified"), modified);
    for (const testing::HttpHeaders& h :
         std::vector<testing::HttpHeaders>{{{"If-None-Match", etag}},
                                           {{"If-None-Match", "\"other\", W/" + etag}},
                                           {{"If-Modified-Since", modified}}}) {
      HttpResponse r = HttpGet(Port(), path, h);
      EXPECT_EQ(r.status, 304) << h[0].second;
      EXPECT_TRUE(r.body.empty());
      EXPECT_EQ(r.Header("etag"), etag);
    }
    EXPECT_EQ(HttpGet(Port(), path, {{"If-None-Match", "\"other\""}}).status, 200);
    // If-None-Match wins over If-Modified-Since.
    EXPECT_EQ(
        HttpGet(Port(), path, {{"If-None-Match", "\"other\""}, {"If-Modified-Since", modified}})
            .status,
        200);
    EXPECT_EQ(
        HttpGet(Port(), path, {{"If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"}}).status,
        200);
  }
  HttpResponse before = HttpGet(Port(), "/feed/");
  // An article published from another process: the next request has it, first.
  Import(R"({"id": "feed-5", "title": "خبر عاجل من الميناء", "category": "محليات",
             "published": "2026-01-13T06:00:00+00:00", "body": "وصلت سفينة جديدة."})");
  for (const testing::HttpHeaders& h :
       std::vector<testing::HttpHeaders>{{{"If-None-Match", before.Header("etag")}},
                                         {{"If-Modified-Since", before.Header("last-modified")}}}) {
    HttpResponse r = HttpGet(Port(), "/feed/", h);
    EXPECT_EQ(r.status, 200) << h[0].first;
    EXPECT_NE(r.Header("etag"), before.Header("etag"));
  }
  Read("/feed/", "rss", {{"count", 5}, {"entries", {{{"title", "خبر عاجل من الميناء"}}}}});
}

TEST_F(FeedsTest, AnArticleKeepsItsIdWhenItsTitleAndSlugChange) {
  Start("{}");
  std::string economy = "/category/" + PercentEncodePath("اقتصاد") + "/feed/atom/";
  json before = Read(economy, "atom", {{"count", 2}});
  ASSERT_FALSE(before.is_null());
  std::string id = before["entries"][1]["id"], link = before["entries"][1]["link"];
  // A new title from the source: same id, same link.
  Import(R"({"id": "feed-1", "title": "الذهب يواصل الصعود", "category": "اقتصاد",
             "tags": ["الذهب"], "author": "منى يوسف", "published": "2026-01-10T08:00:00+00:00",
             "body": "ارتفع الذهب مجددًا."})");
  json after =
      Read(economy, "atom",
           {{"count", 2}, {"entries", {json::object(), {{"title", "الذهب يواصل الصعود"}}}}});
  ASSERT_FALSE(after.is_null());
  EXPECT_EQ(after["entries"][1]["id"], id);
  EXPECT_EQ(after["entries"][1]["link"], link);

  // The newsroom changes the title and the slug: the id stays, the link follows, and the
  // old link and the id both lead to the new one.
  std::string cookie = LogIn();
  ASSERT_FALSE(cookie.empty());
  std::string number = id.substr(id.rfind('/') + 1);
  HttpResponse saved =
      Save(cookie, "/admin/articles/" + number, "جسر جديد في المدينة", "jisr-jadid", "publish");
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 300);
  json moved = Read("/feed/atom/", "atom", {{"count", 4}});
  ASSERT_FALSE(moved.is_null());
  bool found = false;
  for (const json& e : moved["entries"]) {
    if (e["id"] != id) continue;
    found = true;
    EXPECT_EQ(e["title"], "جسر جديد في المدينة");
    EXPECT_EQ(e["link"], Base() + "/2026/01/jisr-jadid/");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(HttpGet(Port(), PathOf(link)).Header("location"), "/2026/01/jisr-jadid/");
  EXPECT_EQ(HttpGet(Port(), PathOf(id)).Header("location"), "/2026/01/jisr-jadid/");
}

TEST_F(FeedsTest, TheFeaturedImageIsTheEnclosure) {
  Start("{}");
  std::string cookie = LogIn();
  ASSERT_FALSE(cookie.empty());
  HttpResponse draft = Save(cookie, "/admin/articles/new", "جسر المدينة", "", "draft");
  ASSERT_EQ(draft.status, 303) << draft.body.substr(0, 300);
  std::string editor = draft.Header("location").substr(0, draft.Header("location").find('?'));
  auto form = HtmlDocument::Parse(HttpGet(Port(), editor, {{"Cookie", cookie}}).body)
                  .Select("form.featured-image-form input[name=token]");
  ASSERT_TRUE(form);
  ASSERT_EQ(testing::HttpPostMultipart(Port(), editor + "/image",
                                       {{"token", form->Attr("value"), ""},
                                        {"alt", "الجسر عند الافتتاح", ""},
                                        {"action", "upload", ""},
                                        {"image", testing::MakeJpeg(1200, 800), "bridge.jpg"}},
                                       {{"Cookie", cookie}})
                .status,
            303);
  ASSERT_EQ(Save(cookie, editor, "جسر المدينة", "", "publish").status, 303);

  json rss = Read("/feed/", "rss", {{"count", 5}, {"entries", {{{"title", "جسر المدينة"}}}}});
  ASSERT_FALSE(rss.is_null());
  json enclosure = rss["entries"][0]["enclosure"];
  ASSERT_TRUE(enclosure.is_object());
  EXPECT_EQ(enclosure["type"], "image/jpeg");
  std::string path = PathOf(enclosure["href"]);
  EXPECT_EQ(path.rfind("/media/", 0), 0u);
  HttpResponse image = HttpGet(Port(), path);
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.Header("content-type"), "image/jpeg");
  EXPECT_EQ(enclosure["length"], image.body.size());
  EXPECT_EQ(testing::Inspect(image.body).width, 1200);  // the widest JPEG
  json same = {{"entries", {{{"enclosure", enclosure}}}}};
  Read("/feed/atom/", "atom", same);
  Read("/feed/json/", "json", same);
  json j = json::parse(HttpGet(Port(), "/feed/json/").body);
  EXPECT_EQ(j["items"][0]["image"], enclosure["href"]);
}

TEST_F(FeedsTest, ShortLinksLeadToTheArticleWhichShowsItWithACopyButton) {
  Start("{}");
  json feed = Read("/feed/", "rss", {{"count", 4}});
  ASSERT_FALSE(feed.is_null());
  std::string id = feed["entries"][0]["id"], link = feed["entries"][0]["link"];
  std::string number = id.substr(id.rfind('/') + 1);
  HttpResponse r = HttpGet(Port(), "/n/" + number);
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("location"), PathOf(link));
  EXPECT_EQ(HttpGet(Port(), "/n/" + number + "/").status, 301);

  auto page = HtmlDocument::Parse(HttpGet(Port(), PathOf(link)).body);
  // The canonical address (absolute) stays the permalink; the short link is offered besides.
  EXPECT_EQ(page.Select("link[rel=canonical]")->Attr("href"), link);
  EXPECT_EQ(page.Select("link[rel=shortlink]")->Attr("href"), id);
  auto shown = page.Select(".short-link a.short-link-url");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->Attr("href"), id);
  EXPECT_EQ(shown->Text(), id);  // readable and selectable without scripts
  auto button = page.Select(".short-link button.copy-link");
  ASSERT_TRUE(button);
  EXPECT_EQ(button->Attr("data-copy"), id);
  EXPECT_TRUE(button->HasAttr("hidden"));  // shown by the script only
  auto script = page.Select("script[src=\"/static/share.js\"]");
  ASSERT_TRUE(script);
  HttpResponse js = HttpGet(Port(), "/static/share.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(js.body.find("clipboard"), std::string::npos);

  // Unknown, malformed and unpublished articles have no short link.
  std::string cookie = LogIn();
  HttpResponse draft = Save(cookie, "/admin/articles/new", "مسودة لم تنشر", "", "draft");
  ASSERT_EQ(draft.status, 303);
  std::string editor = draft.Header("location").substr(0, draft.Header("location").find('?'));
  std::string draft_id = editor.substr(editor.rfind('/') + 1);
  for (const std::string& path : {"/n/" + draft_id, std::string("/n/999999"), std::string("/n/0"),
                                  std::string("/n/abc"), std::string("/n/-1")}) {
    EXPECT_EQ(HttpGet(Port(), path).status, 404) << path;
  }
  // Once published, its short link works.
  ASSERT_EQ(Save(cookie, editor, "مسودة لم تنشر", "", "publish").status, 303);
  EXPECT_EQ(HttpGet(Port(), "/n/" + draft_id).status, 301);
}

}  // namespace
}  // namespace khabar::e2e
