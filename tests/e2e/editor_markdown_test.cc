// End to end: the editor's Markdown bodies, slugs and preview, through the real binary over
// HTTP. A journalist writes Markdown; readers see sanitized HTML; search sees only words.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/e2e/e2e_env.h"
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
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

constexpr const char* kMarkdown =
    "## الميناء يستأنف العمل\n\n"
    "قال **مدير الميناء** إن السفن تعود غدًا إلى الأرصفة.\n\n"
    "- الرصيف الشمالي\n- الرصيف الجنوبي\n\n"
    "التفاصيل في [موقع البلدية](https://city.example/harbour).\n\n"
    "<script>alert('xss')</script>\n\n"
    "صورة <img src=\"/static/x.png\" onerror=\"alert(1)\" alt=\"ميناء\">\n";

// The newsroom fixture of admin_test.cc, reduced to one editor.
class EditorMarkdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    auto r = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--db", db_},
                        std::string(kPassword) + "\n");
    ASSERT_EQ(r.status, 0) << r.err;
    std::string error;
    server_ = ServerProcess::Start({.binary = Binary(), .db_path = db_}, &error);
    ASSERT_NE(server_, nullptr) << error;
    cookie_ = SignIn(Port(), "layla", kPassword);
    ASSERT_FALSE(cookie_.empty());
  }

  int Port() { return server_->port(); }

  // Opens the editor at `editor_path`, overrides its fields with `fields` and posts it to
  // `target` (the save or preview address).
  HttpResponse Post(const std::string& editor_path, std::map<std::string, std::string> fields,
                    const std::string& target = "/admin/articles/save") {
    std::map<std::string, std::string> form = {
        {"title", ""},          {"slug", ""},      {"excerpt", ""},         {"body", ""},
        {"category", "محليات"}, {"tags", "ميناء"}, {"breaking_hours", "0"}, {"publish_at", ""},
        {"action", "publish"}};
    for (auto& [k, v] : fields) form[k] = v;
    testing::HttpHeaders list(form.begin(), form.end());
    return PostEditor(Port(), cookie_, editor_path, list, target);
  }

  // The editor page a save redirected to, and the article's public address on it.
  std::string PublicUrl(const HttpResponse& saved) {
    auto page =
        HtmlDocument::Parse(HttpGet(Port(), saved.Header("location"), {{"Cookie", cookie_}}).body);
    auto link = page.Select(".page-header a[href^=\"/20\"]");
    return link ? link->Attr("href") : "";
  }

  std::string EditorPath(const HttpResponse& saved) {
    std::string l = saved.Header("location");
    return l.substr(0, l.find('?'));
  }

  bool SearchFinds(const std::string& words, const std::string& title) {
    return HttpGet(Port(), "/api/search?q=" + testing::PercentEncodePath(words)).body.find(title) !=
           std::string::npos;
  }

  testing::TempDir dir_;
  std::string db_;
  std::string cookie_;
  std::unique_ptr<ServerProcess> server_;
};

// No script element, no event handler and no script address anywhere on the page.
void ExpectNoScriptFromTheBody(const std::string& html) {
  auto doc = HtmlDocument::Parse(html);
  EXPECT_FALSE(doc.Select(".article-body script"));
  EXPECT_FALSE(doc.Select("[onerror]"));
  EXPECT_EQ(html.find("onerror"), std::string::npos);
  EXPECT_EQ(html.find("alert("), std::string::npos);
}

TEST_F(EditorMarkdownTest, MarkdownArticlesReachReadersAsSafeHtml) {
  const std::string title = "الميناء يعود إلى العمل بعد الإضراب";
  HttpResponse saved = Post("/admin/articles/new", {{"title", title}, {"body", kMarkdown}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 400);
  std::string url = PublicUrl(saved);
  ASSERT_FALSE(url.empty());

  HttpResponse page = HttpGet(Port(), url);
  ASSERT_EQ(page.status, 200);
  auto doc = HtmlDocument::Parse(page.body);
  auto heading = doc.Select(".article-body h2");
  ASSERT_TRUE(heading);
  EXPECT_EQ(heading->Text(), "الميناء يستأنف العمل");
  EXPECT_EQ(doc.Select(".article-body strong")->Text(), "مدير الميناء");
  auto items = doc.SelectAll(".article-body ul > li");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].Text(), "الرصيف الجنوبي");
  auto link = doc.Select(".article-body a[href=\"https://city.example/harbour\"]");
  ASSERT_TRUE(link);
  EXPECT_EQ(link->Text(), "موقع البلدية");
  EXPECT_EQ(link->Attr("rel"), "nofollow noopener");
  EXPECT_EQ(doc.Select(".article-body img")->Attr("alt"), "ميناء");
  ExpectNoScriptFromTheBody(page.body);
  // No Markdown syntax is left for readers to see.
  EXPECT_EQ(doc.Select(".article-body")->Text().find("##"), std::string::npos);
  EXPECT_EQ(doc.Select(".article-body")->Text().find("**"), std::string::npos);

  // Reopening the editor shows the Markdown as written.
  auto editor =
      HtmlDocument::Parse(HttpGet(Port(), saved.Header("location"), {{"Cookie", cookie_}}).body);
  EXPECT_EQ(editor.Select("textarea[name=body]")->Text().substr(0, 20),
            std::string(kMarkdown).substr(0, 20));
  EXPECT_NE(editor.Select("textarea[name=body]")->Text().find("[موقع البلدية](https://city"),
            std::string::npos);

  // Search finds the words readers read, never the markup or the link's address.
  EXPECT_TRUE(SearchFinds("الأرصفة الجنوبي", title));
  EXPECT_FALSE(SearchFinds("harbour", title));
  EXPECT_FALSE(SearchFinds("onerror", title));
  EXPECT_FALSE(SearchFinds("script", title));
}

TEST_F(EditorMarkdownTest, PreviewShowsTheUnsavedArticleAndStoresNothing) {
  auto editor =
      HtmlDocument::Parse(HttpGet(Port(), "/admin/articles/new", {{"Cookie", cookie_}}).body);
  EXPECT_TRUE(editor.Select("form.editor button[formaction=\"/admin/articles/preview\"]"));
  EXPECT_TRUE(editor.Select("form.editor input[name=slug]"));

  const std::string title = "مسودة عن مهرجان الصيادين";
  HttpResponse preview =
      Post("/admin/articles/new",
           {{"title", title}, {"body", std::string("## فقرات المهرجان\n\n") + kMarkdown}},
           "/admin/articles/preview");
  ASSERT_EQ(preview.status, 200) << preview.body.substr(0, 400);
  EXPECT_EQ(preview.Header("x-robots-tag"), "noindex");
  EXPECT_EQ(preview.Header("cache-control"), "no-store");
  EXPECT_EQ(preview.Header("x-cache"), "");
  auto doc = HtmlDocument::Parse(preview.body);
  // The reader's article page: its title, body, menu and comment form, with the banner.
  EXPECT_EQ(doc.Select(".preview-banner")->Text(), "معاينة — غير منشور");
  EXPECT_EQ(doc.Select("meta[name=robots]")->Attr("content"), "noindex");
  EXPECT_EQ(doc.Select("article.article h1")->Text(), title);
  EXPECT_EQ(doc.Select(".article-body h2")->Text(), "فقرات المهرجان");
  EXPECT_EQ(doc.SelectAll(".article-body ul > li").size(), 2u);
  EXPECT_TRUE(doc.Select(".primary-nav a"));
  EXPECT_TRUE(doc.Select("#commentform"));
  ExpectNoScriptFromTheBody(preview.body);

  // Nothing was stored: not in the newsroom's list, not on the site, not in search.
  EXPECT_EQ(HttpGet(Port(), "/admin/articles", {{"Cookie", cookie_}}).body.find(title),
            std::string::npos);
  EXPECT_EQ(HttpGet(Port(), "/").body.find(title), std::string::npos);
  EXPECT_FALSE(SearchFinds("مهرجان الصيادين", title));

  // A preview without the editor's token is refused; a preview without a title re-shows
  // the form with what was typed.
  EXPECT_EQ(HttpPostForm(Port(), "/admin/articles/preview", {{"title", title}, {"body", "نص"}},
                         {{"Cookie", cookie_}})
                .status,
            403);
  HttpResponse empty =
      Post("/admin/articles/new", {{"body", "نص **المعاينة**"}}, "/admin/articles/preview");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("اكتب عنوان المقال."), std::string::npos);
  EXPECT_NE(empty.body.find("نص **المعاينة**"), std::string::npos);

  // Previewing a published article shows the edit, not what readers have now.
  HttpResponse saved =
      Post("/admin/articles/new", {{"title", "خبر منشور للمعاينة"}, {"body", "النص المنشور"}});
  ASSERT_EQ(saved.status, 303);
  std::string url = PublicUrl(saved);
  HttpResponse edit =
      Post(EditorPath(saved), {{"title", "خبر منشور للمعاينة"}, {"body", "نص معدّل"}},
           "/admin/articles/preview");
  ASSERT_EQ(edit.status, 200);
  EXPECT_EQ(HtmlDocument::Parse(edit.body).Select(".article-body")->Text(), "نص معدّل");
  EXPECT_EQ(HtmlDocument::Parse(HttpGet(Port(), url).body).Select(".article-body")->Text(),
            "النص المنشور");
}

TEST_F(EditorMarkdownTest, SlugsAreEditableUniqueAndOldAddressesRedirect) {
  // Empty: made from the title.
  HttpResponse first =
      Post("/admin/articles/new", {{"title", "افتتاح الجسر الجديد"}, {"body", "نص الخبر."}});
  ASSERT_EQ(first.status, 303);
  auto editor =
      HtmlDocument::Parse(HttpGet(Port(), first.Header("location"), {{"Cookie", cookie_}}).body);
  EXPECT_EQ(editor.Select("input[name=slug]")->Attr("value"), "افتتاح-الجسر-الجديد");

  // Typed: cleaned like any slug and used.
  HttpResponse second =
      Post("/admin/articles/new",
           {{"title", "عنوان طويل عن السوق القديم"}, {"slug", "السوق القديم!"}, {"body", "نص."}});
  ASSERT_EQ(second.status, 303);
  std::string url = PublicUrl(second);
  EXPECT_NE(url.find(testing::PercentEncodePath("السوق-القديم") + "/"), std::string::npos) << url;
  EXPECT_EQ(HttpGet(Port(), url).status, 200);

  // Taken by another article: refused with a clear message and everything typed kept.
  HttpResponse clash =
      Post("/admin/articles/new",
           {{"title", "خبر ثالث"}, {"slug", "افتتاح-الجسر-الجديد"}, {"body", "نص الخبر الثالث."}});
  EXPECT_EQ(clash.status, 422);
  EXPECT_NE(clash.body.find("هذا الرابط المختصر لمقال آخر"), std::string::npos);
  EXPECT_NE(clash.body.find("نص الخبر الثالث."), std::string::npos);
  EXPECT_EQ(HttpGet(Port(), "/admin/articles", {{"Cookie", cookie_}}).body.find("خبر ثالث"),
            std::string::npos);
  HttpResponse no_letters =
      Post("/admin/articles/new", {{"title", "خبر رابع"}, {"slug", "!!!"}, {"body", "نص."}});
  EXPECT_EQ(no_letters.status, 422);

  // A published article's new slug: the new address serves it, the old one redirects.
  HttpResponse renamed =
      Post(EditorPath(second),
           {{"title", "عنوان طويل عن السوق القديم"}, {"slug", "سوق-المدينة"}, {"body", "نص."}});
  ASSERT_EQ(renamed.status, 303) << renamed.body.substr(0, 300);
  std::string new_url = PublicUrl(renamed);
  EXPECT_NE(new_url, url);
  EXPECT_NE(new_url.find(testing::PercentEncodePath("سوق-المدينة")), std::string::npos);
  EXPECT_EQ(HttpGet(Port(), new_url).status, 200);
  HttpResponse old = HttpGet(Port(), url);
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(old.Header("location"), new_url);
  // The old slug stays reserved for the article that had it.
  HttpResponse reuse = Post("/admin/articles/new",
                            {{"title", "خبر خامس"}, {"slug", "السوق-القديم"}, {"body", "نص."}});
  EXPECT_EQ(reuse.status, 422);
}

}  // namespace
}  // namespace khabar::e2e
