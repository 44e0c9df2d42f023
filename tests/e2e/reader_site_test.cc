// End to end: the real khabar binary, a real database holding the seed article and the
// first 2,000 corpus articles, real HTTP on a loopback port, and the HTML parsed.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::CommandResult;
using testing::HtmlDocument;
using testing::HtmlNode;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kEmail = "secret.reader@example.com";

class ReaderSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = testing::TestDb(*dir_, "khabar.db");
    std::string corpus = dir_->File("corpus-2000.jsonl");
    WriteCorpusHead(corpus, 2000);
    for (const std::string& f : {SharedDir() + "/seed/article.jsonl", corpus}) {
      CommandResult r = RunCommand({Binary(), "import", "jsonl", f, "--db", db_});
      ASSERT_EQ(r.status, 0) << r.err;
      if (f == corpus) {
        // A long file shows its progress, then the summary.
        EXPECT_NE(r.err.find("1000 lines read"), std::string::npos) << r.err;
        EXPECT_NE(r.out.find("imported 2000, updated 0, unchanged 0, skipped 0"), std::string::npos)
            << r.out;
      }
    }
    std::string error;
    // Tests post comments as soon as they load a form: no minimum delay here.
    std::string config = dir_->File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0})";
    server_ = ServerProcess::Start(
                  {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error)
                  .release();
    ASSERT_NE(server_, nullptr) << error;
  }

  static void TearDownTestSuite() {
    if (server_) {
      // The server log must never hold a commenter's e-mail.
      EXPECT_EQ(server_->ReadLog().find(kEmail), std::string::npos);
      EXPECT_EQ(server_->Stop(), 0);
    }
    delete server_;
    delete dir_;
  }

  static int Port() { return server_->port(); }

  static HtmlDocument Page(const std::string& target, int want_status = 200) {
    HttpResponse r = HttpGet(Port(), target);
    EXPECT_EQ(r.status, want_status) << target;
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8") << target;
    return HtmlDocument::Parse(r.body);
  }

  // The seed article's permalink, found the way a reader finds it: from its tag page.
  static std::string SeedUrl() {
    auto doc = Page("/tag/" + PercentEncodePath("سوريا") + "/");
    auto link = doc.Select("main .card-title a");
    EXPECT_TRUE(link);
    return link ? link->Attr("href") : "";
  }

  static std::vector<std::string> Texts(const std::vector<HtmlNode>& nodes) {
    std::vector<std::string> out;
    for (const auto& n : nodes) out.push_back(n.Text());
    return out;
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline std::string db_;
  static inline ServerProcess* server_ = nullptr;
};

// Every page has the site's frame: RTL Arabic, landmarks, the menu, the ticker, both
// overlays with their إغلاق buttons, back-to-top and the footer.
void ExpectChrome(const HtmlDocument& doc) {
  auto html = doc.Select("html");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->Attr("lang"), "ar");
  EXPECT_EQ(html->Attr("dir"), "rtl");
  EXPECT_TRUE(doc.Select("meta[charset]"));
  EXPECT_TRUE(doc.Select("meta[name=viewport]"));
  EXPECT_TRUE(doc.Select("header nav a[href^=\"/category/\"]"));
  EXPECT_TRUE(doc.Select("#search-toggle"));
  EXPECT_TRUE(doc.Select("#menu-toggle"));
  auto ticker = doc.Select("#ticker");
  ASSERT_TRUE(ticker);
  EXPECT_EQ(doc.Select("#ticker-title")->Text(), "آخر الأخبار");
  EXPECT_GE(ticker->SelectAll("li a").size(), 5u);
  for (const char* overlay : {"#side-menu", "#search-overlay"}) {
    auto o = doc.Select(overlay);
    ASSERT_TRUE(o) << overlay;
    auto close = o->Select(".overlay-close");
    ASSERT_TRUE(close) << overlay;
    EXPECT_EQ(close->Attr("aria-label"), "إغلاق");
  }
  EXPECT_TRUE(doc.Select("#search-overlay form[action=\"/search\"] input[name=q]"));
  auto top = doc.Select("#back-to-top");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->Attr("aria-label"), "زر الذهاب إلى الأعلى");
  EXPECT_TRUE(doc.Select("main#main"));
  EXPECT_TRUE(doc.Select("footer"));
  EXPECT_TRUE(doc.Select("a[href=\"#main\"]"));  // skip link
  // No request to any other host: every script and stylesheet is local.
  for (const auto& n : doc.SelectAll("script[src], link[rel=stylesheet]")) {
    std::string url = n.HasAttr("src") ? n.Attr("src") : n.Attr("href");
    EXPECT_EQ(url.rfind("/", 0), 0u) << url;
    EXPECT_NE(url.rfind("//", 0), 0u) << url;
  }
}

TEST_F(ReaderSiteTest, HomeShowsLeadLatestCategoryBlocksAndPagination) {
  auto doc = Page("/");
  ExpectChrome(doc);
  EXPECT_TRUE(doc.Select(".lead-story h2 a"));
  EXPECT_GE(doc.SelectAll("main .card").size(), 10u);
  EXPECT_GE(doc.SelectAll(".category-block").size(), 3u);
  auto next = doc.Select(".pagination a[rel=next]");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->Attr("href"), "/page/2/");
  auto page2 = Page("/page/2/");
  EXPECT_TRUE(page2.Select(".pagination a[rel=prev]"));
  Page("/page/99999/", 404);
  Page("/page/0/", 404);
  Page("/page/abc/", 404);
  // Page 1 is the list itself, as on WordPress.
  HttpResponse first = HttpGet(Port(), "/page/1/");
  EXPECT_EQ(first.status, 301);
  EXPECT_EQ(first.Header("location"), "/");
  HttpResponse tag_first = HttpGet(Port(), "/tag/x/page/1/?a=b");
  EXPECT_EQ(tag_first.status, 301);
  EXPECT_EQ(tag_first.Header("location"), "/tag/x/?a=b");
}

TEST_F(ReaderSiteTest, TickerPutsTheNewestFirst) {
  auto doc = Page("/");
  auto items = doc.SelectAll("#ticker li a");
  ASSERT_FALSE(items.empty());
  // The seed article was imported without a date, so it is the newest of all.
  EXPECT_NE(items[0].Text().find("تعزيز الدفاع الجوي السوري"), std::string::npos);
}

TEST_F(ReaderSiteTest, SeedArticleHasEveryElementOfTheSeedPage) {
  SeedArticle seed = ReadSeed();
  std::string url = SeedUrl();
  // /YYYY/MM/<percent-encoded Arabic slug>/
  ASSERT_GT(url.size(), 12u);
  EXPECT_EQ(url.substr(0, 1), "/");
  EXPECT_EQ(url.substr(5, 1), "/");
  EXPECT_EQ(url.substr(8, 2), "/%");
  EXPECT_EQ(url.back(), '/');
  EXPECT_EQ(url.find_first_not_of("0123456789ABCDEF%-/"), std::string::npos) << url;
  auto doc = Page(url);
  ExpectChrome(doc);
  EXPECT_EQ(doc.Select("h1")->Text(), seed.title);
  // Absolute, on the site's address (site_url; unset here: the address the server listens on).
  std::string canonical = doc.Select("link[rel=canonical]")->Attr("href");
  EXPECT_EQ(canonical.rfind("http://127.0.0.1:", 0), 0u) << canonical;
  EXPECT_TRUE(canonical.ends_with(url)) << canonical;
  EXPECT_EQ(canonical.find('/', 7), canonical.size() - url.size()) << canonical;
  // Category, author and an Arabic date.
  EXPECT_EQ(doc.Select(".breadcrumb a[href^=\"/category/\"]")->Text(), seed.category);
  EXPECT_TRUE(doc.Select(".byline a[href^=\"/author/\"]"));
  auto time = doc.Select(".article-header time");
  ASSERT_TRUE(time);
  bool has_month = false;
  for (const char* m : {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                        "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}) {
    has_month |= time->Text().find(m) != std::string::npos;
  }
  EXPECT_TRUE(has_month) << time->Text();
  // The body: every paragraph, with its quotation marks intact.
  auto paras = doc.SelectAll(".article-body p");
  size_t expected = 0;
  for (size_t p = 0; (p = seed.body.find("\n\n", p)) != std::string::npos; p += 2) ++expected;
  EXPECT_EQ(paras.size(), expected + 1);
  std::string body_text;
  for (const auto& p : paras) body_text += p.Text() + "\n";
  EXPECT_NE(body_text.find("“لو كان بإمكان الحكومة الأمريكية"), std::string::npos);
  EXPECT_NE(body_text.find("( اتفاق عسكري سوري إيراني )"), std::string::npos);
  // Tags under الوسوم, each linking to its tag page that lists the article.
  EXPECT_EQ(doc.Select(".tags h2")->Text(), "الوسوم");
  auto tags = doc.SelectAll(".tags a[rel=tag]");
  ASSERT_EQ(tags.size(), seed.tags.size());
  for (const auto& t : tags) {
    EXPECT_NE(std::find(seed.tags.begin(), seed.tags.end(), t.Text()), seed.tags.end()) << t.Text();
    auto tag_page = Page(t.Attr("href"));
    bool listed = false;
    for (const auto& a : tag_page.SelectAll(".card-title a")) listed |= a.Attr("href") == url;
    EXPECT_TRUE(listed) << t.Text();
  }
  // Four related articles, never the article itself.
  EXPECT_EQ(doc.Select("#related-title")->Text(), "مقالات ذات صلة");
  auto related = doc.SelectAll(".related .card-title a");
  EXPECT_EQ(related.size(), 4u);
  for (const auto& r : related) {
    EXPECT_NE(r.Attr("href"), url);
    EXPECT_EQ(HttpGet(Port(), r.Attr("href")).status, 200) << r.Attr("href");
  }
  // The comment form as the seed page has it.
  EXPECT_EQ(doc.Select("#reply-title")->Text(), "اترك تعليقاً");
  EXPECT_EQ(doc.Select(".comment-notes")->Text(),
            "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *");
  for (const auto& [id, label] :
       std::vector<std::pair<std::string, std::string>>{{"author", "الاسم *"},
                                                        {"email", "البريد الإلكتروني *"},
                                                        {"url", "الموقع"},
                                                        {"comment", "التعليق *"}}) {
    auto l = doc.Select("label[for=" + id + "]");
    ASSERT_TRUE(l) << id;
    EXPECT_EQ(l->Text(), label);
    EXPECT_TRUE(doc.Select("#commentform #" + id)) << id;
  }
}

TEST_F(ReaderSiteTest, RelatedArticlesOfACorpusArticleShareItsSubject) {
  auto home = Page("/");
  auto link = home.Select(".card-title a");
  ASSERT_TRUE(link);
  auto doc = Page(link->Attr("href"));
  auto related = doc.SelectAll(".related .card-title a");
  EXPECT_EQ(related.size(), 4u);
  for (const auto& r : related) EXPECT_NE(r.Attr("href"), link->Attr("href"));
  // The seed article (a Syrian-Iranian military agreement) has no tag in common with the
  // corpus: its block comes from the words they share, computed at import.
  auto seed = Page(SeedUrl());
  int on_subject = 0;
  for (const auto& r : seed.SelectAll(".related .card-title a")) {
    std::string t = r.Text();
    for (const char* w : {"إيران", "سوري", "عسكري", "الإيراني", "دفاع"}) {
      if (t.find(w) != std::string::npos) {
        ++on_subject;
        break;
      }
    }
  }
  EXPECT_GE(on_subject, 2);
}

TEST_F(ReaderSiteTest, ImportedArticleNamesAndLinksItsSource) {
  // The first corpus line is a Sky News Arabia article.
  auto search = Page("/search?q=" + PercentEncodePath("اقتتال داخلي حوثي في صعدة"));
  auto link = search.Select(".card-title a");
  ASSERT_TRUE(link);
  auto doc = Page(link->Attr("href"));
  auto source = doc.Select(".source a");
  ASSERT_TRUE(source);
  EXPECT_EQ(source->Text(), "Sky News Arabia");
  EXPECT_EQ(source->Attr("href").rfind("https://www.skynewsarabia.com/", 0), 0u);
}

TEST_F(ReaderSiteTest, ArticleUrlWithWrongMonthRedirectsToThePermalink) {
  std::string url = SeedUrl();
  std::string wrong = "/1999/01/" + url.substr(9);
  HttpResponse r = HttpGet(Port(), wrong);
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("location"), url);
  // A slug written with lower-case escapes (as some clients send) is the same article.
  std::string lower = url;
  std::transform(lower.begin() + 9, lower.end(), lower.begin() + 9, [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  EXPECT_EQ(HttpGet(Port(), lower).status, 200);
}

TEST_F(ReaderSiteTest, ArchivesListNewestFirstAndPaginate) {
  auto home = Page("/");
  auto cat = home.Select("header nav a[href^=\"/category/\"]");
  ASSERT_TRUE(cat);
  auto doc = Page(cat->Attr("href"));
  ExpectChrome(doc);
  EXPECT_NE(doc.Select("h1")->Text().find(cat->Text()), std::string::npos);
  auto times = doc.SelectAll("main .card time");
  ASSERT_GE(times.size(), 2u);
  for (size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i - 1].Attr("datetime"), times[i].Attr("datetime"));
  }
  auto next = doc.Select(".pagination a[rel=next]");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->Attr("href"), cat->Attr("href") + "page/2/");
  Page(next->Attr("href"));
  // Author archive of the newsroom.
  auto author = doc.Select("main .card");
  auto article_doc = Page(doc.Select(".card-title a")->Attr("href"));
  auto author_link = article_doc.Select(".byline a[href^=\"/author/\"]");
  ASSERT_TRUE(author_link);
  EXPECT_GE(Page(author_link->Attr("href")).SelectAll("main .card").size(), 10u);
  // Unknown archives are 404s; a missing trailing slash is a redirect.
  Page("/tag/" + PercentEncodePath("لا-يوجد-وسم") + "/", 404);
  HttpResponse r = HttpGet(Port(), "/category/x");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(r.Header("location"), "/category/x/");
}

TEST_F(ReaderSiteTest, SearchFindsTitlesAndHandlesBadQueries) {
  auto doc = Page("/search?q=" + PercentEncodePath("صعدة"));
  ExpectChrome(doc);
  EXPECT_GE(doc.SelectAll("main .card").size(), 1u);
  EXPECT_EQ(doc.Select("#overlay-q")->Attr("value"), "صعدة");
  // WordPress's form of the same search.
  auto wp = Page("/?s=" + PercentEncodePath("صعدة"));
  EXPECT_EQ(wp.SelectAll("main .card").size(), doc.SelectAll("main .card").size());
  // No 500s for empty queries, query syntax, invalid UTF-8 or very long text.
  for (std::string q : {std::string(""), std::string("%22"), std::string("NEAR(%22a"),
                        std::string("%FF%FE"), std::string("*%20OR%20:"), std::string(3000, 'x')}) {
    HttpResponse r = HttpGet(Port(), "/search?q=" + q);
    EXPECT_EQ(r.status, 200) << q.substr(0, 40);
    EXPECT_NE(HtmlDocument::Parse(r.body).Select(".notice, .card"), std::nullopt)
        << q.substr(0, 40);
  }
  auto none = Page("/search?q=" + PercentEncodePath("كلمةغيرموجودةأبدا"));
  EXPECT_NE(none.Select(".notice")->Text().find("لم نعثر"), std::string::npos);
}

TEST_F(ReaderSiteTest, SearchUnderstandsArabicSpellingAndHighlightsTheArticlesWords) {
  // The seed article writes "الاتفاقية" and "إيران": readers type them otherwise.
  std::string seed = SeedUrl();
  for (const char* q : {"اتفاقيه ايران العسكري", "الإتفاقيه الايرانيه", "وسوريه اتفاقيات",
                        "الدِّفاعُ الجوّي", "الدفـــاع الجوي"}) {
    auto doc = Page("/search?q=" + PercentEncodePath(q));
    auto links = doc.SelectAll("main .search-result .card-title a");
    std::vector<std::string> hrefs;
    for (const auto& l : links) hrefs.push_back(l.Attr("href"));
    EXPECT_NE(std::find(hrefs.begin(), hrefs.end(), seed), hrefs.end()) << q;
  }
  // Matched words are marked in the article's own spelling (with its hamza), and nothing
  // else of the snippet is markup.
  auto doc = Page("/search?q=" + PercentEncodePath("ايران سوريا اتفاقيه"));
  auto first = doc.Select("main .search-result");
  ASSERT_TRUE(first);
  auto marks = first->SelectAll(".snippet mark");
  ASSERT_GE(marks.size(), 1u);
  std::vector<std::string> marked = Texts(marks);
  EXPECT_NE(std::find(marked.begin(), marked.end(), "إيران"), marked.end());
  EXPECT_EQ(first->SelectAll(".snippet *").size(), marks.size());
  EXPECT_NE(doc.Select(".results-count"), std::nullopt);
}

TEST_F(ReaderSiteTest, SearchPhrasesExclusionsFiltersAndPages) {
  auto all = Page("/search?q=" + PercentEncodePath("الحكومة"));
  std::string total = all.Select(".results-count")->Text();
  // Excluding a word leaves fewer results; a phrase fewer than its words.
  auto fewer = Page("/search?q=" + PercentEncodePath("الحكومة -تونس"));
  EXPECT_NE(fewer.Select(".results-count")->Text(), total);
  // Pagination keeps the query and the filters.
  auto next = all.Select(".pagination a[rel=next]");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->Attr("href").rfind("/search/page/2/?q=", 0), 0u) << next->Attr("href");
  Page(next->Attr("href"));
  // The category filter's choices come from the site; choosing one narrows the results.
  std::optional<HtmlNode> option;
  for (const auto& o : all.SelectAll("select[name=category] option")) {
    if (!o.Attr("value").empty()) {
      option = o;
      break;
    }
  }
  ASSERT_TRUE(option);
  auto in_category = Page("/search?q=" + PercentEncodePath("الحكومة") +
                          "&category=" + PercentEncodePath(option->Attr("value")));
  for (const auto& c : in_category.SelectAll("main .search-result .card-category")) {
    EXPECT_EQ(c.Text(), option->Text());
  }
  EXPECT_TRUE(in_category.Select("details.search-filters[open]"));
  // Newest first on request.
  auto by_date = Page("/search?q=" + PercentEncodePath("الحكومة") + "&sort=date");
  auto times = by_date.SelectAll("main .search-result time");
  ASSERT_GE(times.size(), 2u);
  for (size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i - 1].Attr("datetime"), times[i].Attr("datetime"));
  }
  // A date range outside the archive finds nothing; a bad date is ignored with a notice.
  auto old = Page("/search?q=" + PercentEncodePath("الحكومة") + "&from=1990-01-01&to=1990-12-31");
  EXPECT_TRUE(old.SelectAll("main .search-result").empty());
  auto bad = Page("/search?q=" + PercentEncodePath("الحكومة") + "&from=31-12-2024");
  EXPECT_NE(bad.Select(".notice")->Text().find("غير صالح"), std::string::npos);
  EXPECT_FALSE(bad.SelectAll("main .search-result").empty());
}

TEST_F(ReaderSiteTest, SearchSuggestsAWordFromTheArchive) {
  auto doc = Page("/search?q=" + PercentEncodePath("الاستراتيجب"));  // ي typed ب
  EXPECT_TRUE(doc.SelectAll("main .search-result").empty());
  auto link = doc.Select(".suggestion a");
  ASSERT_TRUE(link);
  EXPECT_NE(link->Text().find("ستراتيج"), std::string::npos) << link->Text();
  auto fixed = Page(link->Attr("href"));
  EXPECT_FALSE(fixed.SelectAll("main .search-result").empty());
}

TEST_F(ReaderSiteTest, SearchApiAnswersJson) {
  SeedArticle seed = ReadSeed();
  HttpResponse r = HttpGet(Port(), "/api/search?q=" + PercentEncodePath(seed.title) + "&limit=3");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_GE(j["total"].get<int64_t>(), 1);
  ASSERT_GE(j["results"].size(), 1u);
  EXPECT_LE(j["results"].size(), 3u);
  const auto& top = j["results"][0];
  EXPECT_EQ(top["external_id"], "seed-1");
  EXPECT_EQ(top["title"], seed.title);
  EXPECT_EQ(top["url"], SeedUrl());
  EXPECT_EQ(top["published"].get<std::string>().size(), 25u);  // 2018-07-16T20:09:14+00:00
  EXPECT_EQ(top["snippet"].get<std::string>().find('<'), std::string::npos);
  // Offsets page through the same total.
  auto page2 = nlohmann::json::parse(
      HttpGet(Port(), "/api/search?q=" + PercentEncodePath("الحكومة") + "&limit=5&offset=5").body);
  auto page1 = nlohmann::json::parse(
      HttpGet(Port(), "/api/search?q=" + PercentEncodePath("الحكومة") + "&limit=5").body);
  EXPECT_EQ(page1["total"], page2["total"]);
  EXPECT_NE(page1["results"][0]["external_id"], page2["results"][0]["external_id"]);
  // Bad parameters are JSON 400s; bad queries are answers, never 500s.
  for (const char* bad : {"limit=0", "limit=101", "limit=x", "offset=-1", "offset=99999999"}) {
    HttpResponse b = HttpGet(Port(), std::string("/api/search?q=a&") + bad);
    EXPECT_EQ(b.status, 400) << bad;
    EXPECT_TRUE(nlohmann::json::parse(b.body).contains("message")) << bad;
  }
  for (std::string q :
       {std::string(""), std::string("%22"), std::string("NEAR(%22a"), std::string("%FF%FE"),
        std::string("-%D8%B3"), std::string("%3F%21"), std::string(6000, 'x')}) {
    HttpResponse b = HttpGet(Port(), "/api/search?q=" + q);
    EXPECT_EQ(b.status, 200) << q.substr(0, 30);
    auto body = nlohmann::json::parse(b.body);
    EXPECT_TRUE(body["total"].is_number()) << q.substr(0, 30);
  }
}

TEST_F(ReaderSiteTest, UnknownPagesAreArabic404sWithASearchBox) {
  HttpResponse r = HttpGet(Port(), "/no/such/page/at/all");
  EXPECT_EQ(r.status, 404);
  auto doc = HtmlDocument::Parse(r.body);
  ExpectChrome(doc);
  EXPECT_EQ(doc.Select("h1")->Text(), "الصفحة غير موجودة");
  EXPECT_TRUE(doc.Select("main form[role=search] input[name=q]"));
  EXPECT_EQ(HttpGet(Port(), "/2026/11/" + PercentEncodePath("مقال-غير-موجود") + "/").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/%E0%A4%A").status, 400);
}

TEST_F(ReaderSiteTest, HealthzAnswersAndStaticAssetsAreCacheable) {
  HttpResponse h = HttpGet(Port(), "/healthz");
  EXPECT_EQ(h.status, 200);
  HttpResponse css = HttpGet(Port(), "/static/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("content-type"), "text/css; charset=utf-8");
  ASSERT_FALSE(css.Header("etag").empty());
  HttpResponse again = HttpGet(Port(), "/static/site.css", {{"If-None-Match", css.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(HttpGet(Port(), "/static/..%2F..%2Fetc%2Fpasswd").status, 404);
  EXPECT_EQ(HttpGet(Port(), "/static/missing.js").status, 404);
}

TEST_F(ReaderSiteTest, SecurityHeadersOnEveryPage) {
  for (const char* target : {"/", "/no-such-page/", "/search?q=x"}) {
    HttpResponse r = HttpGet(Port(), target);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff") << target;
    EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors"), std::string::npos);
    EXPECT_EQ(r.Header("content-security-policy").find("unsafe-inline"), std::string::npos);
  }
}

// ---- Comments -------------------------------------------------------------------------

struct FormFields {
  std::string post_id, token, parent = "0";
};

FormFields ReadForm(const HtmlDocument& doc) {
  FormFields f;
  f.post_id = doc.Select("#commentform input[name=comment_post_ID]")->Attr("value");
  f.token = doc.Select("#commentform input[name=token]")->Attr("value");
  return f;
}

int PendingCount(const std::string& db) {
  CommandResult r = RunCommand({Binary(), "comments", "list", "--pending", "--db", db});
  EXPECT_EQ(r.status, 0) << r.err;
  return static_cast<int>(std::count(r.out.begin(), r.out.end(), '\n'));
}

TEST_F(ReaderSiteTest, CommentIsHeldForModerationThenShownThreadedAndNeverItsEmail) {
  std::string url = SeedUrl();
  auto doc = Page(url);
  FormFields f = ReadForm(doc);
  int pending_before = PendingCount(db_);
  HttpResponse posted = HttpPostForm(Port(), "/wp-comments-post.php",
                                     {{"comment_post_ID", f.post_id},
                                      {"comment_parent", "0"},
                                      {"token", f.token},
                                      {"author", "قارئ متابع"},
                                      {"email", kEmail},
                                      {"url", ""},
                                      {"comment", "تحليل مفيد، شكراً على المتابعة الدقيقة."}});
  ASSERT_EQ(posted.status, 303) << posted.body.substr(0, 500);
  std::string location = posted.Header("location");
  EXPECT_EQ(location.rfind(url + "?comment_status=pending", 0), 0u) << location;
  auto after = Page(location.substr(0, location.find('#')));
  EXPECT_NE(after.Select(".notice[role=status]")->Text().find("بانتظار المراجعة"),
            std::string::npos);
  EXPECT_EQ(after.SelectAll(".comment-list .comment").size(), 0u);  // not shown yet
  EXPECT_EQ(PendingCount(db_), pending_before + 1);

  // The moderator sees it without the e-mail, and approves it.
  CommandResult list = RunCommand({Binary(), "comments", "list", "--pending", "--db", db_});
  EXPECT_EQ(list.out.find(kEmail), std::string::npos);
  std::string line = list.out.substr(0, list.out.find('\n'));
  EXPECT_NE(line.find("pending"), std::string::npos);
  EXPECT_NE(line.find("قارئ متابع"), std::string::npos);
  std::string id = line.substr(0, line.find('\t'));
  CommandResult approve = RunCommand({Binary(), "comments", "approve", id, "--db", db_});
  ASSERT_EQ(approve.status, 0) << approve.err;
  AwaitOtherProcessWrite();

  auto shown = Page(url);
  auto comments = shown.SelectAll(".comment-list > .comment");
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_NE(comments[0].Text().find("تحليل مفيد"), std::string::npos);
  EXPECT_EQ(shown.Select("#comments-title")->Text(), "تعليق واحد");

  // A reply nests under it.
  auto reply_link = shown.Select(".comment-reply-link");
  ASSERT_TRUE(reply_link);
  auto reply_page =
      Page(url + reply_link->Attr("href").substr(0, reply_link->Attr("href").find('#')));
  EXPECT_EQ(reply_page.Select("#commentform input[name=comment_parent]")->Attr("value"), id);
  FormFields rf = ReadForm(reply_page);
  HttpResponse replied = HttpPostForm(Port(), "/wp-comments-post.php",
                                      {{"comment_post_ID", rf.post_id},
                                       {"comment_parent", id},
                                       {"token", rf.token},
                                       {"author", "محرر"},
                                       {"email", "editor@example.org"},
                                       {"comment", "شكراً لك على القراءة."}});
  ASSERT_EQ(replied.status, 303);
  CommandResult list2 = RunCommand({Binary(), "comments", "list", "--pending", "--db", db_});
  std::string reply_id = list2.out.substr(0, list2.out.find('\t'));
  ASSERT_EQ(RunCommand({Binary(), "comments", "approve", reply_id, "--db", db_}).status, 0);
  AwaitOtherProcessWrite();
  auto threaded = Page(url);
  auto nested = threaded.SelectAll(".comment-list > .comment > .children > .comment");
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_NE(nested[0].Text().find("شكراً لك على القراءة"), std::string::npos);

  // The e-mail appears on no page.
  for (const std::string& target : {url, std::string("/"), std::string("/search?q=x")}) {
    EXPECT_EQ(HttpGet(Port(), target).body.find(kEmail), std::string::npos) << target;
  }
  EXPECT_EQ(HttpGet(Port(), url).body.find("editor@example.org"), std::string::npos);
}

TEST_F(ReaderSiteTest, InvalidCommentsReshowTheFormAndStoreNothing) {
  std::string url = SeedUrl();
  FormFields f = ReadForm(Page(url));
  int before = PendingCount(db_);
  struct Case {
    std::string name, email, comment, expect;
  };
  std::vector<Case> cases = {
      {"", "a@example.com", "نص", "الرجاء كتابة الاسم"},
      {"سامي", "not-an-email", "نص", "البريد الإلكتروني غير صحيح"},
      {"سامي", "", "نص", "الرجاء كتابة البريد الإلكتروني"},
      {"سامي", "a@example.com", "", "الرجاء كتابة التعليق"},
  };
  std::string long_comment;
  for (int i = 0; i < 5001; ++i) long_comment += "ب";
  cases.push_back({"سامي", "a@example.com", long_comment, "أطول من المسموح"});
  for (const auto& c : cases) {
    HttpResponse r = HttpPostForm(Port(), "/wp-comments-post.php",
                                  {{"comment_post_ID", f.post_id},
                                   {"token", f.token},
                                   {"author", c.name},
                                   {"email", c.email},
                                   {"comment", c.comment}});
    EXPECT_EQ(r.status, 422) << c.expect;
    auto doc = HtmlDocument::Parse(r.body);
    auto errors = doc.Select(".form-errors[role=alert]");
    ASSERT_TRUE(errors) << c.expect;
    EXPECT_NE(errors->Text().find(c.expect), std::string::npos) << errors->Text();
    // What the reader typed is still there.
    EXPECT_EQ(doc.Select("#author")->Attr("value"), c.name);
    EXPECT_EQ(doc.Select("#email")->Attr("value"), c.email);
    EXPECT_EQ(doc.Select("#comment")->Text(),
              c.comment.size() > 2000 ? doc.Select("#comment")->Text() : c.comment);
  }
  // Without its token, or with a forged one, nothing is stored either.
  for (const std::string& token : {std::string(""), std::string("123.abcdef")}) {
    HttpResponse r = HttpPostForm(Port(), "/wp-comments-post.php",
                                  {{"comment_post_ID", f.post_id},
                                   {"token", token},
                                   {"author", "سامي"},
                                   {"email", "a@example.com"},
                                   {"comment", "نص"}});
    EXPECT_EQ(r.status, 403);
  }
  // Garbage forms and unknown articles are clean 4xx answers.
  EXPECT_EQ(HttpPostForm(Port(), "/wp-comments-post.php", {{"comment_post_ID", "abc"}}).status,
            400);
  EXPECT_EQ(HttpPostForm(Port(), "/wp-comments-post.php", {{"comment_post_ID", "999999"}}).status,
            404);
  EXPECT_EQ(PendingCount(db_), before);
}

// ---- The HTTP server ------------------------------------------------------------------

TEST_F(ReaderSiteTest, OversizedRequestsGetTheirStatusNotACrash) {
  HttpResponse long_url = HttpGet(Port(), "/search?q=" + std::string(20000, 'a'));
  EXPECT_EQ(long_url.status, 414);
  HttpResponse big_headers = HttpGet(Port(), "/", {{"X-Filler", std::string(30000, 'h')}});
  EXPECT_EQ(big_headers.status, 431);
  HttpResponse big_body = HttpPostForm(Port(), "/wp-comments-post.php",
                                       {{"comment", std::string(2 * 1024 * 1024, 'x')}});
  EXPECT_EQ(big_body.status, 413);
  HttpResponse garbage = testing::HttpRaw(Port(), "NOT AN HTTP REQUEST\r\n\r\n");
  EXPECT_EQ(garbage.status, 400);
  HttpResponse method =
      testing::HttpRaw(Port(), "DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(HttpGet(Port(), "/healthz").status, 200);  // still serving
}

TEST_F(ReaderSiteTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  auto responses = testing::HttpGetKeepAlive(Port(), {"/healthz", "/", "/static/site.js"});
  ASSERT_EQ(responses.size(), 3u);
  for (const auto& r : responses) EXPECT_EQ(r.status, 200);
}

TEST_F(ReaderSiteTest, HeadAnswersWithoutABody) {
  HttpResponse r =
      testing::HttpRaw(Port(), "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(ReaderSiteTest, AccessLogHasOneJsonLinePerRequest) {
  HttpGet(Port(), "/healthz?probe=access-log");
  std::string log = server_->ReadLog();
  auto p = log.find("/healthz?probe=access-log");
  ASSERT_NE(p, std::string::npos);
  size_t start = log.rfind('\n', p) + 1;
  std::string line = log.substr(start, log.find('\n', p) - start);
  EXPECT_EQ(line.front(), '{');
  EXPECT_NE(line.find("\"status\":200"), std::string::npos) << line;
  EXPECT_NE(line.find("\"method\":\"GET\""), std::string::npos) << line;
}

// Runs last: it adds an article.
TEST_F(ReaderSiteTest, CachedPagesAreServedUntilAnotherProcessWrites) {
  HttpGet(Port(), "/");
  HttpResponse cached = HttpGet(Port(), "/");
  EXPECT_EQ(cached.Header("x-cache"), "hit");
  EXPECT_EQ(cached.Header("x-content-type-options"), "nosniff");
  // An import from the command line is a commit by another process: the next reader sees it.
  std::string file = dir_->File("late.jsonl");
  {
    std::ofstream(file) << R"({"id": "late-1", "title": "خبر عاجل وصل للتو", "body": "تفاصيل.", )"
                        << R"("category": "محليات", "tags": [], "breaking": true})"
                        << "\n";
  }
  CommandResult r = RunCommand({Binary(), "import", "jsonl", file, "--db", db_});
  ASSERT_EQ(r.status, 0) << r.err;
  AwaitOtherProcessWrite();
  HttpResponse fresh = HttpGet(Port(), "/");
  EXPECT_EQ(fresh.Header("x-cache"), "miss");
  auto doc = HtmlDocument::Parse(fresh.body);
  EXPECT_EQ(doc.Select(".lead-story h2")->Text(), "خبر عاجل وصل للتو");
  auto ticker = doc.SelectAll("#ticker li");
  ASSERT_FALSE(ticker.empty());
  EXPECT_NE(ticker[0].Text().find("عاجل"), std::string::npos);
  EXPECT_NE(ticker[0].Text().find("خبر عاجل وصل للتو"), std::string::npos);
  // Assets and health are never cached; error pages are not either.
  EXPECT_EQ(HttpGet(Port(), "/healthz").Header("x-cache"), "");
  HttpGet(Port(), "/no-such/");
  EXPECT_EQ(HttpGet(Port(), "/no-such/").Header("x-cache"), "");
}

}  // namespace
}  // namespace khabar::e2e
