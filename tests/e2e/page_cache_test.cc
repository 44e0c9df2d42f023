// End to end: the page cache drops exactly the pages a write changes, and serves fresh
// content as soon as the write is acknowledged (by this server) or within a second (by
// another process: `khabar comments approve`, `khabar import`). Pages that do not show what
// changed stay cache hits. Cached pages come in gzip and brotli when accepted, with ETags,
// Last-Modified and 304s, Cache-Control and Surrogate-Key. Through the real binary, on
// SQLite (page_cache_e2e_test) and on PostgreSQL (page_cache_e2e_test_pg).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/codings.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";
constexpr const char* kParks = "المجلس البلدي يقر ميزانية الحدائق";  // 1: محليات, حدائق
constexpr const char* kWalk = "افتتاح ممشى جديد على الكورنيش";       // 2: محليات, حدائق
constexpr const char* kMatch = "المنتخب يفوز في المباراة الودية بثلاثية";  // 3: رياضة, كرة

class PageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    std::string file = dir_.File("articles.jsonl");
    {
      std::ofstream out(file);
      out << R"({"id": "p-1", "title": ")" << kParks
          << R"(", "body": "أقر المجلس البلدي ميزانية صيانة الحدائق العامة.\n\nوتشمل الخطة زراعة الأشجار.", )"
          << R"("category": "محليات", "tags": ["حدائق"], "published": "2026-11-20T08:00:00Z"})"
          << "\n";
      out << R"({"id": "p-2", "title": ")" << kWalk
          << R"(", "body": "افتتحت البلدية ممشى على الكورنيش للمشاة والدراجات.", )"
          << R"("category": "محليات", "tags": ["حدائق"], "published": "2026-11-19T08:00:00Z"})"
          << "\n";
      out << R"({"id": "p-3", "title": ")" << kMatch
          << R"(", "body": "فاز المنتخب الوطني في مباراة ودية أقيمت مساء أمس.", )"
          << R"("category": "رياضة", "tags": ["كرة"], "published": "2026-11-18T08:00:00Z"})"
          << "\n";
    }
    auto imported = RunCommand({Binary(), "import", "jsonl", file, "--db", db_});
    ASSERT_EQ(imported.status, 0) << imported.err;
    auto user = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                           std::string(kPassword) + "\n");
    ASSERT_EQ(user.status, 0) << user.err;
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0})";
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
    ASSERT_NE(server_, nullptr) << error;
    for (int id = 1; id <= 3; ++id) {
      HttpResponse r = HttpGet(Port(), "/n/" + std::to_string(id));
      ASSERT_EQ(r.status, 301);
      urls_.push_back(r.Header("location"));
    }
    cookie_ = SignIn(Port(), "layla", kPassword);
    ASSERT_FALSE(cookie_.empty());
  }

  int Port() { return server_->port(); }
  const std::string& Url(int id) { return urls_[static_cast<size_t>(id - 1)]; }
  static std::string Tag(const std::string& name) {
    return "/tag/" + PercentEncodePath(name) + "/";
  }
  static std::string Category(const std::string& name) {
    return "/category/" + PercentEncodePath(name) + "/";
  }

  // Reads `target` twice so that it is cached; the second read must be a hit.
  void Warm(const std::string& target) {
    HttpGet(Port(), target);
    ASSERT_EQ(HttpGet(Port(), target).Header("x-cache"), "hit") << target;
  }
  bool Shows(const std::string& target, const std::string& text) {
    return HttpGet(Port(), target).body.find(text) != std::string::npos;
  }
  std::string CacheOf(const std::string& target) {
    return HttpGet(Port(), target).Header("x-cache");
  }
  std::vector<std::string> TickerItems(const std::string& target) {
    std::vector<std::string> out;
    for (const auto& li : HtmlDocument::Parse(HttpGet(Port(), target).body).SelectAll("#ticker li"))
      out.push_back(li.Text());
    return out;
  }
  bool TickerShows(const std::string& target, const std::string& title) {
    for (const auto& t : TickerItems(target))
      if (t.find(title) != std::string::npos) return true;
    return false;
  }

  // Saves article `id` through the editor with `action` (publish, unpublish, trash...).
  HttpResponse Save(int id, const std::string& title, const std::string& body,
                    const std::string& action, const std::string& category = "محليات",
                    const std::string& tags = "حدائق") {
    std::string path = id > 0 ? "/admin/articles/" + std::to_string(id) : "/admin/articles/new";
    HttpResponse r = PostEditor(Port(), cookie_, path,
                                {{"title", title},
                                 {"excerpt", ""},
                                 {"body", body},
                                 {"category", category},
                                 {"tags", tags},
                                 {"breaking_hours", "0"},
                                 {"publish_at", ""},
                                 {"action", action}});
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 400);
    return r;
  }

  // A reader comments on article `id` (held for moderation); returns the comment's id.
  std::string Comment(int id, const std::string& text) {
    auto doc = HtmlDocument::Parse(HttpGet(Port(), Url(id)).body);
    HttpResponse r = HttpPostForm(
        Port(), "/wp-comments-post.php",
        {{"comment_post_ID", doc.Select("#commentform input[name=comment_post_ID]")->Attr("value")},
         {"comment_parent", "0"},
         {"token", doc.Select("#commentform input[name=token]")->Attr("value")},
         {"author", "قارئ"},
         {"email", "reader@example.com"},
         {"url", ""},
         {"comment", text}});
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
    EXPECT_NE(r.Header("location").find("pending"), std::string::npos);
    auto queue =
        HtmlDocument::Parse(HttpGet(Port(), "/admin/comments", {{"Cookie", cookie_}}).body);
    auto boxes = queue.SelectAll(".moderation-item input[name=ids]");
    return boxes.empty() ? "" : boxes.front().Attr("value");
  }
  void ApproveInAdmin(const std::string& comment_id) {
    auto queue =
        HtmlDocument::Parse(HttpGet(Port(), "/admin/comments", {{"Cookie", cookie_}}).body);
    std::string token = queue.Select("form.moderation input[name=token]")->Attr("value");
    HttpResponse r = HttpPostForm(
        Port(), "/admin/comments",
        {{"token", token}, {"status", "pending"}, {"action", "approve"}, {"ids", comment_id}},
        {{"Cookie", cookie_}});
    ASSERT_EQ(r.status, 303);
  }

  // Polls until `target` shows (or stops showing) `text`; the time it took, or -1 after 5 s.
  double SecondsUntil(const std::string& target, const std::string& text, bool shown = true) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (Shows(target, text) == shown) return s;
      if (s > 5) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
  std::vector<std::string> urls_;
  std::string cookie_;
};

TEST_F(PageCacheTest, AnEditShowsAtOnceWhereTheArticleAppearsAndNowhereElse) {
  const std::string parks_tag = Tag("حدائق"), ball_tag = Tag("كرة");
  for (const std::string& t : {Url(1), Url(2), Url(3), std::string("/"), parks_tag, ball_tag,
                               Category("محليات"), std::string("/feed/"), parks_tag + "feed/"})
    Warm(t);

  // The body only: its own page and the feeds (which carry it) change; the ticker and the
  // lists show only its title, so the other pages stay.
  Save(1, kParks, "نص جديد للخبر بعد التعديل.", "publish");
  EXPECT_TRUE(Shows(Url(1), "نص جديد للخبر بعد التعديل"));
  EXPECT_TRUE(Shows("/feed/", "نص جديد للخبر بعد التعديل"));
  EXPECT_TRUE(Shows(parks_tag + "feed/", "نص جديد للخبر بعد التعديل"));
  EXPECT_EQ(CacheOf(ball_tag), "hit");
  EXPECT_EQ(CacheOf(Url(3)), "hit");

  // The title: every page that shows it, the related block of its neighbour included, and
  // the ticker on every page (which shows it).
  bool related = Shows(Url(2), kParks);
  const std::string renamed = "المجلس البلدي يقر ميزانية موسعة للحدائق";
  Save(1, renamed, "نص جديد للخبر بعد التعديل.", "publish");
  EXPECT_TRUE(Shows("/", renamed));
  EXPECT_FALSE(Shows("/", kParks));
  EXPECT_TRUE(Shows(parks_tag, renamed));
  EXPECT_TRUE(Shows(Category("محليات"), renamed));
  EXPECT_TRUE(Shows("/feed/", renamed));
  EXPECT_TRUE(TickerShows(Url(3), renamed));
  if (related) {
    EXPECT_TRUE(Shows(Url(2), renamed));
    EXPECT_FALSE(Shows(Url(2), kParks));
  }
}

TEST_F(PageCacheTest, PublishingUnpublishingAndTrashingShowAtOnce) {
  const std::string parks_tag = Tag("حدائق"), ball_tag = Tag("كرة");
  for (const std::string& t :
       {std::string("/"), parks_tag, Category("محليات"), Url(3), std::string("/feed/"), ball_tag})
    Warm(t);
  const std::string fresh = "البلدية تزرع ألف شجرة في الحدائق";
  HttpResponse saved = Save(0, fresh, "زرعت البلدية ألف شجرة في الحدائق العامة.", "publish");
  std::string editor = saved.Header("location").substr(0, saved.Header("location").find('?'));
  int id = std::stoi(editor.substr(editor.rfind('/') + 1));
  EXPECT_TRUE(Shows("/", fresh));
  EXPECT_TRUE(Shows(parks_tag, fresh));
  EXPECT_TRUE(Shows(Category("محليات"), fresh));
  EXPECT_TRUE(Shows("/feed/", fresh));
  EXPECT_TRUE(TickerShows(Url(3), fresh));
  std::string url = HttpGet(Port(), "/n/" + std::to_string(id)).Header("location");
  EXPECT_EQ(HttpGet(Port(), url).status, 200);

  // Unpublished: gone from every list, its page 404.
  Warm("/");
  Warm(parks_tag);
  Save(id, fresh, "زرعت البلدية ألف شجرة في الحدائق العامة.", "unpublish");
  EXPECT_EQ(HttpGet(Port(), url).status, 404);
  EXPECT_FALSE(Shows("/", fresh));
  EXPECT_FALSE(Shows(parks_tag, fresh));
  EXPECT_FALSE(TickerShows(Url(3), fresh));
  EXPECT_FALSE(Shows("/feed/", fresh));

  // A draft edited: nothing public changes, nothing is dropped.
  Warm("/");
  Warm(ball_tag);
  Save(id, fresh + " (مسودة)", "نص المسودة.", "draft");
  EXPECT_EQ(CacheOf("/"), "hit");
  EXPECT_EQ(CacheOf(ball_tag), "hit");

  // Published again, then trashed: gone again.
  Save(id, fresh, "زرعت البلدية ألف شجرة في الحدائق العامة.", "publish");
  url = HttpGet(Port(), "/n/" + std::to_string(id)).Header("location");
  EXPECT_TRUE(Shows("/", fresh));
  Warm(url);
  Save(id, fresh, "زرعت البلدية ألف شجرة في الحدائق العامة.", "trash");
  EXPECT_EQ(HttpGet(Port(), url).status, 404);
  EXPECT_FALSE(Shows("/", fresh));
  EXPECT_FALSE(Shows(parks_tag, fresh));
}

TEST_F(PageCacheTest, ACommentApprovedInTheNewsroomShowsOnItsArticleOnly) {
  std::string comment = Comment(1, "تعليق ينتظر الموافقة من المحرر");
  ASSERT_FALSE(comment.empty());
  for (const std::string& t : {Url(1), Url(2), Url(3), std::string("/")}) Warm(t);
  EXPECT_FALSE(Shows(Url(1), "تعليق ينتظر الموافقة"));
  ApproveInAdmin(comment);
  EXPECT_TRUE(Shows(Url(1), "تعليق ينتظر الموافقة من المحرر"));
  EXPECT_EQ(CacheOf(Url(2)), "hit");  // even if its related block shows article 1
  EXPECT_EQ(CacheOf(Url(3)), "hit");
  EXPECT_EQ(CacheOf("/"), "hit");
}

TEST_F(PageCacheTest, ACommentApprovedByAnotherProcessShowsWithinASecond) {
  std::string comment = Comment(2, "تعليق يوافق عليه سطر الأوامر");
  ASSERT_FALSE(comment.empty());
  Warm(Url(2));
  Warm(Url(3));
  auto r = RunCommand({Binary(), "comments", "approve", comment, "--db", db_});
  ASSERT_EQ(r.status, 0) << r.err;
  double seconds = SecondsUntil(Url(2), "تعليق يوافق عليه سطر الأوامر");
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 1.0);
  EXPECT_EQ(CacheOf(Url(3)), "hit");
  // Marked spam from the command line: gone again.
  ASSERT_EQ(RunCommand({Binary(), "comments", "spam", comment, "--db", db_}).status, 0);
  seconds = SecondsUntil(Url(2), "تعليق يوافق عليه سطر الأوامر", /*shown=*/false);
  EXPECT_GE(seconds, 0);
  EXPECT_LT(seconds, 1.0);
}

TEST_F(PageCacheTest, CachedPagesComeCompressedWhenAcceptedWithValidators) {
  HttpResponse plain = HttpGet(Port(), Url(1));
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.Header("content-encoding"), "");
  EXPECT_EQ(plain.Header("vary"), "Accept-Encoding");
  HttpResponse gz = HttpGet(Port(), Url(1), {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_EQ(testing::Gunzip(gz.body), plain.body);
  HttpResponse br = HttpGet(Port(), Url(1), {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.Header("content-encoding"), "br");
  EXPECT_EQ(testing::Unbrotli(br.body), plain.body);
  EXPECT_LT(br.body.size(), plain.body.size() / 3);
  // What was not accepted is never sent.
  HttpResponse refused = HttpGet(Port(), Url(1), {{"Accept-Encoding", "br;q=0, deflate"}});
  EXPECT_EQ(refused.Header("content-encoding"), "");
  EXPECT_EQ(refused.body, plain.body);
  // One strong ETag per variant; the client's current copy gets 304.
  EXPECT_NE(gz.Header("etag"), plain.Header("etag"));
  EXPECT_NE(br.Header("etag"), gz.Header("etag"));
  EXPECT_EQ(plain.Header("etag").front(), '"');
  HttpResponse again = HttpGet(Port(), Url(1), {{"If-None-Match", plain.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(
      HttpGet(Port(), Url(1), {{"Accept-Encoding", "br"}, {"If-None-Match", br.Header("etag")}})
          .status,
      304);
  ASSERT_FALSE(plain.Header("last-modified").empty());
  EXPECT_EQ(HttpGet(Port(), Url(1), {{"If-Modified-Since", plain.Header("last-modified")}}).status,
            304);
  // After a change the old copy is not current.
  ApproveInAdmin(Comment(1, "تعليق يغير الصفحة"));
  EXPECT_EQ(HttpGet(Port(), Url(1), {{"If-None-Match", plain.Header("etag")}}).status, 200);
  // Feeds keep their validators through the cache.
  HttpResponse feed = HttpGet(Port(), "/feed/");
  ASSERT_FALSE(feed.Header("etag").empty());
  EXPECT_EQ(HttpGet(Port(), "/feed/", {{"If-None-Match", feed.Header("etag")}}).status, 304);
  EXPECT_EQ(HttpGet(Port(), "/feed/").Header("cache-control"), "no-cache");
}

TEST_F(PageCacheTest, PagesSayHowACdnMayKeepThemAndByWhichKeysToPurge) {
  HttpResponse article = HttpGet(Port(), Url(3));
  EXPECT_EQ(article.Header("cache-control").find("public"), 0u) << article.Header("cache-control");
  EXPECT_NE(article.Header("cache-control").find("s-maxage="), std::string::npos);
  std::string keys = " " + article.Header("surrogate-key") + " ";
  EXPECT_NE(keys.find(" article:3 "), std::string::npos) << keys;
  EXPECT_NE(keys.find(" comments:3 "), std::string::npos) << keys;
  EXPECT_NE(keys.find(" ticker "), std::string::npos) << keys;
  std::string home = " " + HttpGet(Port(), "/").Header("surrogate-key") + " ";
  EXPECT_NE(home.find(" list "), std::string::npos) << home;
  EXPECT_NE(home.find(" article:1 "), std::string::npos) << home;
  // Errors and the newsroom are never kept.
  EXPECT_EQ(HttpGet(Port(), "/no-such-page/").Header("cache-control"), "no-store");
  EXPECT_EQ(HttpGet(Port(), "/admin/articles", {{"Cookie", cookie_}}).Header("cache-control"),
            "no-store");
  // The stylesheet and scripts are linked by content-hashed names, kept for a year; the
  // plain names still answer.
  auto doc = HtmlDocument::Parse(article.body);
  ASSERT_TRUE(doc.Select("link[rel=stylesheet]"));
  std::string css = doc.Select("link[rel=stylesheet]")->Attr("href");
  ASSERT_EQ(css.size(), std::string("/static/site.123456789abc.css").size()) << css;
  EXPECT_EQ(css.rfind("/static/site.", 0), 0u) << css;
  HttpResponse hashed = HttpGet(Port(), css);
  EXPECT_EQ(hashed.status, 200);
  EXPECT_EQ(hashed.Header("cache-control"), "public, max-age=31536000, immutable");
  HttpResponse plain = HttpGet(Port(), "/static/site.css");
  EXPECT_EQ(plain.body, hashed.body);
  EXPECT_EQ(plain.Header("cache-control"), "public, max-age=3600");
  HttpResponse stale = HttpGet(Port(), "/static/site.000000000000.css");  // an old version
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.Header("cache-control"), "public, max-age=3600");
  // The operator sees the memory held.
  EXPECT_NE(HttpGet(Port(), "/healthz").body.find("resident"), std::string::npos);
}

}  // namespace
}  // namespace khabar::e2e
