// Migrating from WordPress as a newsroom would: `khabar import wxr` on an export made by a
// real WordPress (../shared/wxr/), then the old addresses on the served site.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>

#include "tests/e2e/e2e_env.h"
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

std::string ExportPath() { return SharedDir() + "/wxr/wordpress-export.xml"; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The <link> of post `id` in the export, without the old site's host.
std::string OldPath(const std::string& xml, const std::string& id) {
  size_t at = xml.find("<wp:post_id>" + id + "</wp:post_id>");
  if (at == std::string::npos) return "";
  size_t link = xml.rfind("<link>", at);
  size_t end = xml.find("</link>", link);
  std::string url = xml.substr(link + 6, end - link - 6);
  size_t path = url.find('/', url.find("://") + 3);
  return url.substr(path);
}

// The same address with its %-escapes in upper-case hex (as Khabar writes them).
std::string UpperHex(std::string s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] != '%') continue;
    s[i + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 1])));
    s[i + 2] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 2])));
  }
  return s;
}

// The path of a Location header.
std::string LocationPath(const HttpResponse& r) {
  std::string loc = r.Header("location");
  size_t scheme = loc.find("://");
  if (scheme != std::string::npos) loc = loc.substr(loc.find('/', scheme + 3));
  return loc;
}

// The last "/<slug>/" segment of a permalink.
std::string SlugSegment(const std::string& path) {
  std::string p = path.substr(0, path.size() - 1);
  return p.substr(p.rfind('/') + 1);
}

// Asks the database itself: sqlite3 for a file, psql for a PostgreSQL URL (both print
// rows as "a|b").
CommandResult Sql(const std::string& db, const std::string& sql) {
  if (db.starts_with("postgres")) {
    return RunCommand(
        {"/usr/lib/postgresql/15/bin/psql", "-X", "-A", "-t", "-q", "-d", db, "-c", sql});
  }
  return RunCommand({"sqlite3", db, sql});
}

class WxrMigrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = new std::string(testing::TestDb(*dir_, "k.db"));
    xml_ = new std::string(ReadAll(ExportPath()));
    first_ = new CommandResult(RunCommand({Binary(), "import", "wxr", ExportPath(), "--db", Db()}));
    std::string error;
    server_ = ServerProcess::Start({.binary = Binary(), .db_path = Db()}, &error).release();
    ASSERT_NE(server_, nullptr) << error;
  }
  static void TearDownTestSuite() {
    delete server_;
    delete first_;
    delete xml_;
    delete db_;
    delete dir_;
  }
  static std::string Db() { return *db_; }
  static int Port() { return server_->port(); }

  static TempDir* dir_;
  static std::string* db_;
  static std::string* xml_;
  static CommandResult* first_;
  static ServerProcess* server_;
};
TempDir* WxrMigrationTest::dir_ = nullptr;
std::string* WxrMigrationTest::db_ = nullptr;
std::string* WxrMigrationTest::xml_ = nullptr;
CommandResult* WxrMigrationTest::first_ = nullptr;
ServerProcess* WxrMigrationTest::server_ = nullptr;

TEST_F(WxrMigrationTest, ImportsEveryPostWithProgressAndASummary) {
  ASSERT_EQ(first_->status, 0) << first_->err;
  EXPECT_NE(first_->out.find("imported 467, updated 0, unchanged 0, skipped 0"), std::string::npos)
      << first_->out;
  EXPECT_NE(first_->out.find("comments added 9, unchanged 0"), std::string::npos) << first_->out;
  EXPECT_NE(first_->err.find("… 100 of 467 posts written"), std::string::npos) << first_->err;
  EXPECT_NE(first_->err.find("… 467 of 467 posts written"), std::string::npos) << first_->err;
  // 466 published and the one draft.
  CommandResult states =
      Sql(Db(), "SELECT status, count(*) FROM articles GROUP BY status ORDER BY status");
  EXPECT_EQ(states.out, "0|1\n3|466\n") << states.err;
}

TEST_F(WxrMigrationTest, AnArabicPermalinkAnswersAtTheSamePathInEitherCase) {
  std::string old_path = OldPath(*xml_, "213");  // lower-case hex, as WordPress wrote it
  ASSERT_TRUE(old_path.starts_with("/2017/02/%d8%ad")) << old_path;
  HttpResponse page = HttpGet(Port(), old_path);
  ASSERT_EQ(page.status, 200) << old_path;
  HtmlDocument doc = HtmlDocument::Parse(page.body);
  auto title = doc.Select("h1.article-title");
  ASSERT_TRUE(title.has_value());
  EXPECT_EQ(title->Text(), "حسن نصر الله يهدد إسرائيل باستهداف مفاعل ديمونا");
  // WordPress's auto-paragraphs are paragraphs.
  EXPECT_GE(doc.SelectAll(".article-body p").size(), 2u);
  EXPECT_EQ(page.body.find("wp:paragraph"), std::string::npos);
  HttpResponse upper = HttpGet(Port(), UpperHex(old_path));
  EXPECT_EQ(upper.status, 200);
  // The page names one address as canonical: Khabar's upper-case form of the same path.
  auto canonical = doc.Select("link[rel=\"canonical\"]");
  ASSERT_TRUE(canonical.has_value());
  EXPECT_NE(canonical->Attr("href").find(UpperHex(old_path)), std::string::npos)
      << canonical->Attr("href");
}

TEST_F(WxrMigrationTest, WordPressOtherAddressesRedirectToTheArticle) {
  std::string permalink = UpperHex(OldPath(*xml_, "213"));
  for (const std::string& target :
       {std::string("/?p=213"), std::string("/archives/213"), std::string("/archives/213/"),
        "/2017/02/16/" + SlugSegment(OldPath(*xml_, "213")) + "/",
        "/2017/02/16/" + SlugSegment(permalink) + "/"}) {
    HttpResponse r = HttpGet(Port(), target);
    EXPECT_EQ(r.status, 301) << target;
    EXPECT_EQ(LocationPath(r), permalink) << target;
  }
  // A draft, an unknown id, a day address of no article: not found.
  EXPECT_EQ(OldPath(*xml_, "259"), "/?p=259");
  EXPECT_EQ(HttpGet(Port(), "/?p=259").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/archives/999999").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/2017/02/16/no-such-post/").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/?p=abc").status, 200);  // not an id: the home page
}

TEST_F(WxrMigrationTest, CommentsKeepTheirStatesThreadsAndNeverShowEmails) {
  CommandResult list = RunCommand({Binary(), "comments", "list", "--db", Db()});
  ASSERT_EQ(list.status, 0) << list.err;
  std::regex approved("\tapproved\t"), pending("\tpending\t");
  auto count = [&](const std::regex& re) {
    return std::distance(std::sregex_iterator(list.out.begin(), list.out.end(), re),
                         std::sregex_iterator());
  };
  EXPECT_EQ(count(approved), 8) << list.out;
  EXPECT_EQ(count(pending), 1) << list.out;
  // Post 213: comment 11 and the editor's reply 12 under it.
  HttpResponse page = HttpGet(Port(), OldPath(*xml_, "213"));
  ASSERT_EQ(page.status, 200);
  HtmlDocument doc = HtmlDocument::Parse(page.body);
  auto reply = doc.Select("li.comment > ol.children > li.comment .comment-author");
  ASSERT_TRUE(reply.has_value()) << page.body;
  EXPECT_EQ(reply->Text(), "المحرر");
  // No page shows an e-mail; the pending comment is not shown.
  for (const char* id : {"213", "72", "155", "7", "246"}) {
    HttpResponse p = HttpGet(Port(), OldPath(*xml_, id));
    ASSERT_EQ(p.status, 200) << id;
    EXPECT_EQ(p.body.find("@example.org"), std::string::npos) << id;
    EXPECT_EQ(p.body.find("@wpbench.invalid"), std::string::npos) << id;
    EXPECT_EQ(p.body.find("تعليق ينتظر المراجعة"), std::string::npos) << id;
  }
  EXPECT_EQ(HttpGet(Port(), "/").body.find("@example.org"), std::string::npos);
}

TEST_F(WxrMigrationTest, ImportingTheSameFileAgainChangesNothing) {
  CommandResult before = Sql(Db(),
                             "SELECT group_concat(version || slug || status, ',') FROM "
                             "articles; SELECT count(*) FROM comments");
  CommandResult again = RunCommand({Binary(), "import", "wxr", ExportPath(), "--db", Db()});
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("imported 0, updated 0, unchanged 467, skipped 0"), std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("comments added 0, unchanged 9"), std::string::npos) << again.out;
  CommandResult after = Sql(Db(),
                            "SELECT group_concat(version || slug || status, ',') FROM "
                            "articles; SELECT count(*) FROM comments");
  EXPECT_EQ(before.out, after.out);
}

TEST_F(WxrMigrationTest, AMalformedCopyIsReportedWhereItBrokeAndWritesNothing) {
  TempDir tmp;
  // The first post retitled (a half-import would show it), and a tag closed wrongly on a
  // known line further down.
  std::string bad = *xml_;
  std::string old_title = "رسمي : الإمارات ترفع القيود عن منح التأشيرات للتونسيين";
  size_t title = bad.find(old_title);
  ASSERT_NE(title, std::string::npos);
  bad.replace(title, old_title.size(), "عنوان لا يجوز أن يُحفظ");
  size_t broken = bad.find("<wp:post_id>213</wp:post_id>");
  ASSERT_NE(broken, std::string::npos);
  bad.replace(broken, 28, "<wp:post_id>213</wp:post_xx>");
  size_t line = 1 + std::count(bad.begin(), bad.begin() + static_cast<ptrdiff_t>(broken), '\n');
  std::string file = tmp.File("broken.xml");
  WriteAll(file, bad);
  CommandResult r = RunCommand({Binary(), "import", "wxr", file, "--db", Db()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("broken.xml: line " + std::to_string(line) + ", column "), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
  CommandResult stored = Sql(Db(), "SELECT title FROM articles WHERE external_id = 'wp:259'");
  EXPECT_EQ(stored.out, old_title + "\n");
  // A copy cut short, into a new database: it is left empty.
  std::string cut = tmp.File("cut.xml");
  WriteAll(cut, xml_->substr(0, xml_->size() * 2 / 3));
  std::string fresh = tmp.File("fresh.db");
  CommandResult c = RunCommand({Binary(), "import", "wxr", cut, "--db", fresh});
  EXPECT_EQ(c.status, 1);
  EXPECT_TRUE(std::regex_search(c.err, std::regex("cut\\.xml: line [0-9]+, column [0-9]+: ")))
      << c.err;
  EXPECT_FALSE(std::filesystem::exists(fresh));  // read and refused before it is opened
}

// What the real export lacks: spam and trashed comments, a page, a private post, a
// featured image.
TEST(WxrStatesTest, EveryCommentStateAndWhatIsSkipped) {
  TempDir dir;
  std::string file = dir.File("small.xml");
  auto comment = [](const std::string& id, const std::string& parent, const std::string& state) {
    return "<wp:comment><wp:comment_id>" + id + "</wp:comment_id><wp:comment_author>قارئ " + id +
           "</wp:comment_author><wp:comment_author_email>hidden" + id +
           "@example.net</wp:comment_author_email><wp:comment_date_gmt>2019-01-01 10:00:0" + id +
           "</wp:comment_date_gmt><wp:comment_content>تعليق رقم " + id +
           "</wp:comment_content><wp:comment_approved>" + state +
           "</wp:comment_approved><wp:comment_type>comment</wp:comment_type>"
           "<wp:comment_parent>" +
           parent + "</wp:comment_parent></wp:comment>";
  };
  auto item = [](const std::string& id, const std::string& type, const std::string& status,
                 const std::string& name, const std::string& extra) {
    return "<item><title>خبر " + id + "</title><dc:creator>ed</dc:creator><content:encoded>" +
           "<![CDATA[نص الخبر " + id + ".\n\nفقرة ثانية.]]></content:encoded><wp:post_id>" + id +
           "</wp:post_id><wp:post_date_gmt>2018-05-0" + id.substr(0, 1) +
           " 08:00:00</wp:post_date_gmt><wp:post_name>" + name + "</wp:post_name><wp:status>" +
           status + "</wp:status><wp:post_type>" + type + "</wp:post_type>" + extra + "</item>";
  };
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
      "<wp:wxr_version>1.2</wp:wxr_version>\n"
      "<wp:author><wp:author_login>ed</wp:author_login><wp:author_display_name>محررة الموقع"
      "</wp:author_display_name></wp:author>\n" +
      item("1", "post", "publish", "%D8%AE%D8%A8%D8%B1-%D8%A3%D9%88%D9%84",
           "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9"
           "</wp:meta_value></wp:postmeta>" +
               comment("1", "0", "1") + comment("2", "1", "1") + comment("3", "0", "0") +
               comment("4", "0", "spam") + comment("5", "0", "trash")) +
      item("2", "page", "publish", "about", "") + item("3", "post", "private", "secret", "") +
      item("9", "attachment", "inherit", "photo",
           "<wp:attachment_url>http://old.example/photo.jpg</wp:attachment_url>") +
      "\n</channel>\n</rss>\n";
  WriteAll(file, xml);
  std::string db = testing::TestDb(dir, "k.db");
  CommandResult r = RunCommand({Binary(), "import", "wxr", file, "--db", db});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("imported 2, updated 0, unchanged 0, skipped 0 (pages 1, attachments 1"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("comments added 5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("featured images kept as addresses 1"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("private in WordPress: imported as a draft"), std::string::npos) << r.err;
  CommandResult list = RunCommand({Binary(), "comments", "list", "--db", db});
  ASSERT_EQ(list.status, 0) << list.err;
  for (const char* state : {"\tapproved\t", "\tpending\t", "\tspam\t", "\ttrash\t"}) {
    EXPECT_NE(list.out.find(state), std::string::npos) << state << "\n" << list.out;
  }
  EXPECT_EQ(list.out.find("example.net"), std::string::npos);
  EXPECT_EQ(Sql(db, "SELECT url FROM article_image_refs").out, "http://old.example/photo.jpg\n");

  std::string error;
  auto server = ServerProcess::Start({.binary = Binary(), .db_path = db}, &error);
  ASSERT_NE(server, nullptr) << error;
  HttpResponse page = HttpGet(server->port(), "/2018/05/%d8%ae%d8%a8%d8%b1-%d8%a3%d9%88%d9%84/");
  ASSERT_EQ(page.status, 200);
  for (const char* shown : {"تعليق رقم 1", "تعليق رقم 2", "محررة الموقع"}) {
    EXPECT_NE(page.body.find(shown), std::string::npos) << shown;
  }
  for (const char* hidden : {"تعليق رقم 3", "تعليق رقم 4", "تعليق رقم 5", "example.net"}) {
    EXPECT_EQ(page.body.find(hidden), std::string::npos) << hidden;
  }
  EXPECT_EQ(HttpGet(server->port(), "/?p=3").status, 404);  // private: a draft now
  EXPECT_EQ(server->Stop(), 0) << server->ReadLog();
}

}  // namespace
}  // namespace khabar::e2e
