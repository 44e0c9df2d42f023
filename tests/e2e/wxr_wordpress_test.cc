// Migrating the Beirut site (tests/fixtures/wxr/beirut-site.xml, exported by a real WordPress
// whose time zone is Asia/Beirut) as a newsroom would: one `khabar import wxr`, then the
// served site with the `timezone` setting the import asks for, and without it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/e2e_env.h"
#include "tests/media/test_images.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::CommandResult;
using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempDir;

std::string Export() { return SourceDir() + "/tests/fixtures/wxr/beirut-site.xml"; }

// افتتاح-سوق-السمك, as WordPress wrote it (lower-case hex) and as Khabar does.
constexpr const char* kFishLower =
    "%d8%a7%d9%81%d8%aa%d8%aa%d8%a7%d8%ad-%d8%b3%d9%88%d9%82-%d8%a7%d9%84%d8%b3%d9%85%d9%83";
constexpr const char* kFishUpper =
    "%D8%A7%D9%81%D8%AA%D8%AA%D8%A7%D8%AD-%D8%B3%D9%88%D9%82-%D8%A7%D9%84%D8%B3%D9%85%D9%83";

std::string LocationPath(const HttpResponse& r) {
  std::string loc = r.Header("location");
  size_t scheme = loc.find("://");
  if (scheme != std::string::npos) loc = loc.substr(loc.find('/', scheme + 3));
  return loc;
}

// The rows of `sql` on the site's database, one line per row, columns joined by `sep`.
std::string Sql(const std::string& db, const std::string& sql, const char* sep = "=") {
  std::string out;
  for (const auto& row : testing::QueryRows(db, sql)) {
    for (size_t i = 0; i < row.size(); ++i) out.append(i ? sep : "").append(row[i]);
    out.push_back(' ');
  }
  return out;
}

class BeirutMigrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    first_ = new CommandResult(RunCommand({Binary(), "import", "wxr", Export(), "--db", Db()}));
    std::string config = dir_->File("khabar.json");
    std::ofstream(config) << R"({"timezone": "Asia/Beirut"})";
    std::string error;
    server_ = ServerProcess::Start(
                  {.binary = Binary(), .db_path = Db(), .extra_args = {"--config", config}}, &error)
                  .release();
    ASSERT_NE(server_, nullptr) << error;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete first_;
    delete dir_;
  }
  static std::string Db() {
    if (db_.empty()) db_ = testing::TestDb(*dir_, "k.db");
    return db_;
  }
  static int Port() { return server_->port(); }
  static TempDir* dir_;
  static std::string db_;
  static CommandResult* first_;
  static ServerProcess* server_;
};
TempDir* BeirutMigrationTest::dir_ = nullptr;
std::string BeirutMigrationTest::db_;
CommandResult* BeirutMigrationTest::first_ = nullptr;
ServerProcess* BeirutMigrationTest::server_ = nullptr;

TEST_F(BeirutMigrationTest, OneCommandImportsEveryPostAndSaysWhatItLeftOut) {
  ASSERT_EQ(first_->status, 0) << first_->err;
  EXPECT_NE(first_->out.find("imported 7, updated 0, unchanged 0, skipped 0 (pages 2, "
                             "attachments 1, other items 1); comments added 8, unchanged 0; "
                             "featured images kept as addresses 1"),
            std::string::npos)
      << first_->out;
  EXPECT_NE(first_->err.find("UTC+02:00 and UTC+03:00"), std::string::npos) << first_->err;
  EXPECT_NE(first_->err.find("«من نحن» (/about/, publish) is not imported"), std::string::npos)
      << first_->err;
  // published 5 and 6; private 7 and draft 10 as drafts; pending 8; scheduled 9; trashed 11.
  EXPECT_EQ(Sql(Db(),
                "SELECT external_id, status FROM articles ORDER BY CAST(substr(external_id, 4) "
                "AS INTEGER)"),
            "wp:5=3 wp:6=3 wp:7=0 wp:8=1 wp:9=2 wp:10=0 wp:11=4 ");
  EXPECT_EQ(Sql(Db(), "SELECT url FROM article_image_refs"),
            "http://wp.khabar.test/wp-content/uploads/2025/02/harbour.jpg ");
}

TEST_F(BeirutMigrationTest, TheLocalMonthAddressIsThePermalinkInEitherCase) {
  // Published at 00:30 on 1 March in Beirut, 22:30 on 28 February in UTC.
  for (const std::string& path :
       {std::string("/2025/03/") + kFishLower + "/", std::string("/2025/03/") + kFishUpper + "/"}) {
    HttpResponse page = HttpGet(Port(), path);
    ASSERT_EQ(page.status, 200) << path;
    HtmlDocument doc = HtmlDocument::Parse(page.body);
    auto title = doc.Select("h1.article-title");
    ASSERT_TRUE(title.has_value());
    EXPECT_EQ(title->Text(), "افتتاح سوق السمك الجديد في صيدا");
    auto canonical = doc.Select("link[rel=\"canonical\"]");
    ASSERT_TRUE(canonical.has_value());
    EXPECT_TRUE(canonical->Attr("href").ends_with(std::string("/2025/03/") + kFishUpper + "/"))
        << canonical->Attr("href");
    // The date readers see is Beirut's.
    EXPECT_NE(page.body.find("١ مارس ٢٠٢٥"), std::string::npos);
  }
  // Summer time (UTC+3): 01:15 on 1 August in Beirut.
  EXPECT_EQ(HttpGet(Port(), "/2025/08/book-fair-returns/").status, 200);
  // The UTC month is not the address: it leads to the one WordPress had.
  HttpResponse utc = HttpGet(Port(), "/2025/07/book-fair-returns/");
  EXPECT_EQ(utc.status, 301);
  EXPECT_EQ(LocationPath(utc), "/2025/08/book-fair-returns/");
  // The sitemap lists the same addresses.
  HttpResponse sitemap = HttpGet(Port(), "/sitemaps/articles-1.xml");
  ASSERT_EQ(sitemap.status, 200);
  EXPECT_NE(sitemap.body.find(std::string("/2025/03/") + kFishUpper + "/"), std::string::npos);
  EXPECT_NE(sitemap.body.find("/2025/08/book-fair-returns/"), std::string::npos);
}

TEST_F(BeirutMigrationTest, WordPressOtherAddressesLeadToThePermalink) {
  std::string permalink = std::string("/2025/03/") + kFishUpper + "/";
  for (const std::string& old :
       {std::string("/?p=5"), std::string("/archives/5"), std::string("/archives/5/"),
        std::string("/2025/03/01/") + kFishLower + "/",
        std::string("/2025/03/01/") + kFishUpper + "/"}) {
    HttpResponse r = HttpGet(Port(), old);
    EXPECT_EQ(r.status, 301) << old;
    EXPECT_EQ(LocationPath(r), permalink) << old;
  }
  EXPECT_EQ(LocationPath(HttpGet(Port(), "/?p=6")), "/2025/08/book-fair-returns/");
  // Private, pending, scheduled, draft and trashed posts are not on the site; nor are pages.
  for (const char* hidden : {"/?p=7", "/?p=8", "/?p=9", "/?p=10", "/?p=11", "/archives/9",
                             "/2031/06/marathon-2031/", "/about/"}) {
    EXPECT_EQ(HttpGet(Port(), hidden).status, 404) << hidden;
  }
}

TEST_F(BeirutMigrationTest, TheWordPressApiGivesLocalAndUtcDatesAsWordPressDid) {
  HttpResponse r = HttpGet(Port(), "/wp-json/wp/v2/posts?slug=book-fair-returns");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"date\":\"2025-08-01T01:15:00\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"date_gmt\":\"2025-07-31T22:15:00\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("/2025/08/book-fair-returns/\""), std::string::npos) << r.body;
}

TEST_F(BeirutMigrationTest, CommentThreadsShowApprovedOnlyAndNeverEmails) {
  HttpResponse page = HttpGet(Port(), std::string("/2025/03/") + kFishUpper + "/");
  ASSERT_EQ(page.status, 200);
  HtmlDocument doc = HtmlDocument::Parse(page.body);
  // 3 → 4 → 5: three levels.
  auto deepest = doc.Select(
      "li.comment > ol.children > li.comment > ol.children > li.comment .comment-author");
  ASSERT_TRUE(deepest.has_value()) << page.body;
  EXPECT_EQ(deepest->Text(), "أبو سمير");
  EXPECT_NE(page.body.find("نعم، أرخص قليلاً."), std::string::npos);
  EXPECT_NE(page.body.find("هذا تعليق دعائي."), std::string::npos);  // the reply to spam
  for (const char* hidden : {"رد ينتظر الموافقة", "تعليق حذفه المحرر", "اربح جائزة",
                             "إشارة إلى الخبر", "@mail.example"}) {
    EXPECT_EQ(page.body.find(hidden), std::string::npos) << hidden;
  }
}

TEST_F(BeirutMigrationTest, ImportingTheSameFileAgainChangesNothing) {
  auto snapshot = [] {
    return Sql(Db(),
               "SELECT external_id, version, slug, status, published_at FROM articles ORDER BY "
               "id",
               "|") +
           Sql(Db(), "SELECT external_id, status, COALESCE(parent_id, 0) FROM comments ORDER BY id",
               "|");
  };
  std::string before = snapshot();
  ASSERT_FALSE(before.empty());
  CommandResult again = RunCommand({Binary(), "import", "wxr", Export(), "--db", Db()});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("imported 0, updated 0, unchanged 7, skipped 0"), std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("comments added 0, unchanged 8"), std::string::npos) << again.out;
  EXPECT_EQ(snapshot(), before);
}

// The newsroom schedules on the site's clock: 18:00 typed in Beirut in winter is 16:00 UTC,
// and the editor shows 18:00 again, saying whose clock it is.
TEST_F(BeirutMigrationTest, TheNewsroomSchedulesOnTheSiteClock) {
  auto user = RunCommand({Binary(), "user", "add", "rana", "--role", "editor", "--db", Db()},
                         "كلمة سر طويلة لجدولة الأخبار\n");
  ASSERT_EQ(user.status, 0) << user.err;
  std::string cookie = SignIn(Port(), "rana", "كلمة سر طويلة لجدولة الأخبار");
  ASSERT_FALSE(cookie.empty());
  HttpResponse saved = PostEditor(Port(), cookie, "/admin/articles/new",
                                  {{"title", "خبر مجدول بتوقيت بيروت"},
                                   {"body", "نص الخبر المجدول."},
                                   {"breaking_hours", "0"},
                                   {"publish_at", "2030-01-15T18:00"},
                                   {"action", "schedule"}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 300);
  EXPECT_EQ(testing::QueryValue(
                Db(), "SELECT published_at FROM articles WHERE title = 'خبر مجدول بتوقيت بيروت'"),
            "1894723200");  // 2030-01-15T16:00:00Z
  auto editor =
      HtmlDocument::Parse(HttpGet(Port(), saved.Header("location"), {{"Cookie", cookie}}).body);
  ASSERT_TRUE(editor.Select("#f-publish-at"));
  EXPECT_EQ(editor.Select("#f-publish-at")->Attr("value"), "2030-01-15T18:00");
  ASSERT_TRUE(editor.Select("label[for=f-publish-at]"));
  EXPECT_NE(editor.Select("label[for=f-publish-at]")->Text().find("Asia/Beirut"),
            std::string::npos);
}

// With a copy of wp-content/uploads, the featured image becomes the site's own: stored in
// responsive sizes with WordPress's alternative text, shown on the article; importing again
// stores nothing twice; a file missing from the copy is named and the post still imported.
TEST(WordPressUploadsTest, FeaturedImagesComeFromTheUploadsFolder) {
  TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  std::string uploads = dir.File("uploads"), media = dir.File("media");
  std::filesystem::create_directories(uploads + "/2025/02");
  const std::string jpeg = testing::MakeJpeg(1200, 800);
  std::ofstream(uploads + "/2025/02/harbour.jpg", std::ios::binary) << jpeg;
  std::vector<std::string> import = {Binary(), "import",    "wxr",   Export(),      "--db",
                                     db,       "--uploads", uploads, "--media-dir", media};
  CommandResult first = RunCommand(import);
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("featured images kept as addresses 0"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("featured images stored 1, unchanged 0, left out 0"), std::string::npos)
      << first.out;
  std::string error;
  auto server = ServerProcess::Start(
      {.binary = Binary(), .db_path = db, .extra_args = {"--media-dir", media}}, &error);
  ASSERT_NE(server, nullptr) << error;
  // Published at 00:30 on 1 March in Beirut: 28 February in UTC, where this site is.
  HttpResponse page = HttpGet(server->port(), std::string("/2025/02/") + kFishUpper + "/");
  ASSERT_EQ(page.status, 200);
  auto doc = HtmlDocument::Parse(page.body);
  auto img = doc.Select("figure.featured-image img");
  ASSERT_TRUE(img) << page.body.substr(0, 2000);
  EXPECT_EQ(img->Attr("alt"), "قوارب صيد راسية في المرفأ");
  ASSERT_EQ(img->Attr("src").rfind("/media/", 0), 0u) << img->Attr("src");
  EXPECT_EQ(HttpGet(server->port(), img->Attr("src")).status, 200);
  EXPECT_NE(img->Attr("srcset").find("480w"), std::string::npos) << img->Attr("srcset");
  // The image inside another post's text is served by the site, at its old address.
  HttpResponse fair = HttpGet(server->port(), "/2025/07/book-fair-returns/");
  ASSERT_EQ(fair.status, 200);
  auto inline_img = HtmlDocument::Parse(fair.body).Select(".article-body img");
  ASSERT_TRUE(inline_img) << fair.body.substr(0, 3000);
  EXPECT_EQ(inline_img->Attr("src"), "/wp-content/uploads/2025/02/harbour.jpg");
  EXPECT_EQ(inline_img->Attr("alt"), "المرفأ");
  HttpResponse file = HttpGet(server->port(), inline_img->Attr("src"));
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.Header("content-type"), "image/jpeg");
  EXPECT_EQ(file.body, jpeg);
  for (const char* nobody :
       {"/wp-content/uploads/2025/02/missing.jpg", "/wp-content/uploads/..%2f..%2fk.db",
        "/wp-content/uploads/k.db", "/wp-content/uploads/2025/..%2f..%2f/k.db"}) {
    EXPECT_EQ(HttpGet(server->port(), nobody).status, 404) << nobody;
  }
  EXPECT_EQ(server->Stop(), 0);

  CommandResult again = RunCommand(import);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("featured images stored 0, unchanged 1, left out 0"), std::string::npos)
      << again.out;

  // Another site, the same export, an empty copy of the folder: named, kept as an address.
  TempDir other;
  std::filesystem::create_directories(other.File("uploads"));
  CommandResult missing =
      RunCommand({Binary(), "import", "wxr", Export(), "--db", testing::TestDb(other, "k.db"),
                  "--uploads", other.File("uploads")});
  ASSERT_EQ(missing.status, 0) << missing.err;
  EXPECT_NE(missing.out.find("featured images stored 0, unchanged 0, left out 1"),
            std::string::npos)
      << missing.out;
  EXPECT_NE(missing.err.find("2025/02/harbour.jpg is not in"), std::string::npos) << missing.err;
  // A folder that is not there stops the import before anything is written.
  CommandResult no_folder = RunCommand({Binary(), "import", "wxr", Export(), "--db",
                                        dir.File("none.db"), "--uploads", dir.File("nowhere")});
  EXPECT_EQ(no_folder.status, 2);
  EXPECT_NE(no_folder.err.find("is not a folder"), std::string::npos) << no_folder.err;
}

// Without the setting the site's months are UTC's: the old address still arrives, by a 301.
TEST(BeirutWithoutTimezoneTest, TheOldAddressRedirectsToTheUtcMonth) {
  TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  CommandResult r = RunCommand({Binary(), "import", "wxr", Export(), "--db", db});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string error;
  auto server = ServerProcess::Start({.binary = Binary(), .db_path = db}, &error);
  ASSERT_NE(server, nullptr) << error;
  HttpResponse old = HttpGet(server->port(), std::string("/2025/03/") + kFishLower + "/");
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(LocationPath(old), std::string("/2025/02/") + kFishUpper + "/");
  EXPECT_EQ(HttpGet(server->port(), LocationPath(old)).status, 200);
}

TEST(TimezoneSettingTest, AnUnknownZoneStopsTheStartWithTheKeyNamed) {
  TempDir dir;
  std::string config = dir.File("khabar.json");
  std::ofstream(config) << R"({"timezone": "Asia/Nowhere"})";
  CommandResult r = RunCommand({Binary(), "serve", "--config", config, "--db", dir.File("k.db")});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("\"timezone\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Asia/Nowhere"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace khabar::e2e
