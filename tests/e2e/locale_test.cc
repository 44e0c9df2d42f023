// The `locale` setting on the served site: it names the pages' language and alternates, and
// gives the date settings their defaults unless they are set. The articles are the Beirut
// WordPress export's (tests/fixtures/wxr/), the fish-market story published at 00:30 on
// 1 March 2025 in Beirut (1 Ramadan 1446).
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
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

constexpr const char* kFish =
    "/2025/03/"
    "%D8%A7%D9%81%D8%AA%D8%AA%D8%A7%D8%AD-%D8%B3%D9%88%D9%82-%D8%A7%D9%84%D8%B3%D9%85%D9%83/";

class LocaleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    db_ = new std::string(testing::TestDb(*dir_, "k.db"));
    CommandResult r =
        RunCommand({Binary(), "import", "wxr", SourceDir() + "/tests/fixtures/wxr/beirut-site.xml",
                    "--db", *db_});
    ASSERT_EQ(r.status, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete db_;
    delete dir_;
  }

  // The fish-market article served with these settings (and the Beirut time zone).
  static HtmlDocument Article(const std::string& settings, std::string* raw = nullptr) {
    std::string config = dir_->File("khabar.json");
    std::ofstream(config) << "{\"timezone\": \"Asia/Beirut\"" << settings << "}";
    std::string error;
    auto server = ServerProcess::Start(
        {.binary = Binary(), .db_path = *db_, .extra_args = {"--config", config}}, &error);
    EXPECT_NE(server, nullptr) << error;
    if (!server) return HtmlDocument::Parse("");
    HttpResponse page = HttpGet(server->port(), kFish);
    EXPECT_EQ(page.status, 200);
    if (raw) *raw = HttpGet(server->port(), "/feed/").body;
    return HtmlDocument::Parse(page.body);
  }
  static std::string Date(const HtmlDocument& doc) {
    auto time = doc.Select(".article-header time");
    return time ? time->Text() : "";
  }
  static TempDir* dir_;
  static std::string* db_;  // a file, or a PostgreSQL database (KHABAR_TEST_DB)
};
TempDir* LocaleTest::dir_ = nullptr;
std::string* LocaleTest::db_ = nullptr;

TEST_F(LocaleTest, TheDefaultIsArabicWithEgyptianMonths) {
  HtmlDocument doc = Article("");
  EXPECT_EQ(doc.Select("html")->Attr("lang"), "ar");
  EXPECT_EQ(doc.Select("meta[property=\"og:locale\"]")->Attr("content"), "ar_AR");
  EXPECT_EQ(Date(doc), "١ مارس ٢٠٢٥");
}

TEST_F(LocaleTest, LebanonGetsLevantineMonthsAndNamesItsLanguage) {
  std::string feed;
  HtmlDocument doc = Article(R"(, "locale": "ar-LB")", &feed);
  EXPECT_EQ(doc.Select("html")->Attr("lang"), "ar-LB");
  EXPECT_EQ(doc.Select("meta[property=\"og:locale\"]")->Attr("content"), "ar_LB");
  std::string canonical = doc.Select("link[rel=\"canonical\"]")->Attr("href");
  EXPECT_TRUE(canonical.ends_with(kFish)) << canonical;
  ASSERT_TRUE(doc.Select("link[rel=\"alternate\"][hreflang=\"ar-LB\"]"));
  EXPECT_EQ(doc.Select("link[rel=\"alternate\"][hreflang=\"ar-LB\"]")->Attr("href"), canonical);
  EXPECT_EQ(doc.Select("link[rel=\"alternate\"][hreflang=\"x-default\"]")->Attr("href"), canonical);
  EXPECT_EQ(Date(doc), "١ آذار ٢٠٢٥");
  EXPECT_NE(feed.find("<language>ar-LB</language>"), std::string::npos) << feed.substr(0, 400);
}

TEST_F(LocaleTest, SaudiArabiaShowsTheHijriDateAndTheMaghrebLatinDigits) {
  EXPECT_EQ(Date(Article(R"(, "locale": "ar-SA")")), "١ مارس ٢٠٢٥ م — ١ رمضان ١٤٤٦ هـ");
  EXPECT_EQ(Date(Article(R"(, "locale": "ar-MA")")), "1 مارس 2025");
}

TEST_F(LocaleTest, ExplicitDateSettingsWinOverTheLocaleWhereverTheyStand) {
  EXPECT_EQ(Date(Article(R"(, "month_names": "egyptian", "locale": "ar-LB", "digits": "latin")")),
            "1 مارس 2025");
  EXPECT_EQ(Date(Article(R"(, "locale": "ar-SA", "hijri_date": false)")), "١ مارس ٢٠٢٥");
}

TEST(LocaleSettingTest, ANonArabicLocaleStopsTheStartWithTheKeyNamed) {
  TempDir dir;
  std::string config = dir.File("khabar.json");
  std::ofstream(config) << R"({"locale": "en-US"})";
  CommandResult r = RunCommand({Binary(), "serve", "--config", config, "--db", dir.File("k.db")});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("\"locale\""), std::string::npos) << r.err;
}

}  // namespace
}  // namespace khabar::e2e
