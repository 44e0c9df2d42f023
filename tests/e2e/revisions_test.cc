// End to end: revisions. Every save in the editor keeps one with its author; the history
// page and the word-level diff show who changed what; an older revision is restored (and
// that is a revision too) by those allowed; two people editing at once: the later save is
// refused with 409 instead of overwriting. Through the real binary over HTTP.
#include <gtest/gtest.h>

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
constexpr const char* kBody = "الفقرة الأولى من الخبر.\n\nالفقرة الثانية عن المجلس.";

class RevisionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    for (auto [name, role] : {std::pair{"layla", "editor"}, std::pair{"omar", "editor"},
                              std::pair{"hind", "author"}, std::pair{"sami", "contributor"}}) {
      auto r = RunCommand({Binary(), "user", "add", name, "--role", role, "--db", db_},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(r.status, 0) << r.err;
    }
    std::string error;
    server_ = ServerProcess::Start({.binary = Binary(), .db_path = db_}, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  // Logs in and returns "khabar_session=…".
  std::string LogIn(const std::string& name) { return SignIn(Port(), name, kPassword); }

  HtmlDocument Get(const std::string& cookie, const std::string& path, int want = 200) {
    HttpResponse r = HttpGet(Port(), path, {{"Cookie", cookie}});
    EXPECT_EQ(r.status, want) << path;
    return HtmlDocument::Parse(r.body);
  }

  // Posts the editor form of `editor` (a page fetched earlier) with these texts.
  HttpResponse Submit(const std::string& cookie, const HtmlDocument& editor,
                      const std::string& title, const std::string& body,
                      const std::string& action = "draft") {
    auto field = [&](const char* name) {
      auto n = editor.Select(std::string("form.editor input[name=") + name + "]");
      EXPECT_TRUE(n) << name;
      return n ? n->Attr("value") : std::string();
    };
    return HttpPostForm(Port(), "/admin/articles/save",
                        {{"token", field("token")},
                         {"id", field("id")},
                         {"version", field("version")},
                         {"title", title},
                         {"excerpt", ""},
                         {"body", body},
                         {"category", "محليات"},
                         {"tags", "بلدية"},
                         {"breaking_hours", "0"},
                         {"action", action}},
                        {{"Cookie", cookie}});
  }

  // Saves a new article as `cookie`'s user; returns its editor path (/admin/articles/N).
  std::string Create(const std::string& cookie, const std::string& title,
                     const std::string& body = kBody) {
    HttpResponse r = Submit(cookie, Get(cookie, "/admin/articles/new"), title, body);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
    std::string where = r.Header("location");
    return where.substr(0, where.find('?'));
  }

  // The history rows, newest first.
  std::vector<testing::HtmlNode> Rows(const std::string& cookie, const std::string& editor_path) {
    return Get(cookie, editor_path + "/revisions").SelectAll("tr.revision");
  }

  // The imported seed article's editor path.
  std::string SeedPath(const std::string& cookie) {
    for (const auto& link : Get(cookie, "/admin/articles").SelectAll(".admin-table td a")) {
      if (link.Text().find("تعزيز الدفاع الجوي") != std::string::npos) return link.Attr("href");
    }
    ADD_FAILURE() << "no seed article in the list";
    return "";
  }

  static std::string TextOf(const HtmlDocument& doc, const std::string& selector) {
    std::string all;
    for (const auto& n : doc.SelectAll(selector)) all += n.Text() + "|";
    return all;
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(RevisionsTest, EverySaveKeepsARevisionAndTheDiffShowsTheWordsChanged) {
  std::string sami = LogIn("sami");
  std::string path = Create(sami, "مجلس البلدية يجتمع");
  std::string layla = LogIn("layla");
  HttpResponse edited =
      Submit(layla, Get(layla, path), "مجلس البلدية يجتمع",
             "الفقرة الأولى من التقرير المفصل.\n\nالفقرة الثانية عن المجلس.", "pending");
  ASSERT_EQ(edited.status, 303) << edited.body.substr(0, 300);

  auto rows = Rows(layla, path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Select(".revision-author")->Text(), "layla");
  EXPECT_EQ(rows[1].Select(".revision-author")->Text(), "sami");
  EXPECT_EQ(rows[0].Select(".revision-status")->Text(), "بانتظار المراجعة");
  EXPECT_EQ(rows[1].Select(".revision-status")->Text(), "مسودة");
  std::string summary = rows[0].Select(".revision-summary")->Text();
  // The body changed, and the excerpt made from it: two words in, one out, in each.
  EXPECT_NE(summary.find("الملخص، النص"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("العنوان"), std::string::npos) << summary;
  EXPECT_NE(summary.find("+٤ / −٢ كلمة"), std::string::npos) << summary;

  // The newest against the one before: "الخبر" deleted, "التقرير المفصل" inserted, the
  // rest of the body unchanged and unmarked.
  auto diff = Get(layla, rows[0].Select("a")->Attr("href"));
  EXPECT_EQ(TextOf(diff, ".diff-body del"), "الخبر|");
  EXPECT_EQ(TextOf(diff, ".diff-body ins"), "التقرير المفصل|");
  EXPECT_NE(diff.Select(".diff-body .diff-text")->Text().find("الفقرة الثانية عن المجلس."),
            std::string::npos);
  EXPECT_TRUE(diff.SelectAll(".diff-title ins").empty());
  EXPECT_NE(TextOf(diff, ".diff-other li").find("بانتظار المراجعة"), std::string::npos);
  // The first revision has nothing before it: its whole text is inserted.
  // (whole, blank line included, shown as typed).
  HttpResponse first_page = HttpGet(Port(), rows[1].Select("a")->Attr("href"), {{"Cookie", layla}});
  EXPECT_NE(first_page.body.find("<ins>" + std::string(kBody) + "</ins>"), std::string::npos);
  auto first = HtmlDocument::Parse(first_page.body);
  EXPECT_TRUE(first.SelectAll(".diff-body del").empty());

  // The contributor sees the history of their own article, not of another's.
  EXPECT_EQ(Rows(sami, path).size(), 2u);
  Get(sami, SeedPath(layla) + "/revisions", 403);
}

TEST_F(RevisionsTest, AnImportedArticleKeepsItsImportedTextAndIsRestoredWithItsState) {
  std::string layla = LogIn("layla");
  std::string path = SeedPath(layla);
  auto before = Get(layla, path);
  std::string seed_title = before.Select("#f-title")->Attr("value");
  std::string seed_body = before.Select("#f-body")->Text();
  std::string url = before.Select(".page-header a[href^=\"/20\"]")->Attr("href");
  EXPECT_TRUE(Get(layla, path + "/revisions").SelectAll("tr.revision").empty());

  ASSERT_EQ(Submit(layla, before, "عنوان جديد كتبته ليلى", seed_body, "publish").status, 303);
  EXPECT_EQ(HtmlDocument::Parse(HttpGet(Port(), url).body).Select("h1")->Text(),
            "عنوان جديد كتبته ليلى");
  auto rows = Rows(layla, path);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].Select(".revision-author")->Text(), "الاستيراد");

  // Restoring the imported revision: the old title is back, still published at its URL.
  auto imported = Get(layla, rows[1].Select("a")->Attr("href"));
  auto form = imported.Select("form.restore");
  ASSERT_TRUE(form);
  // Compared with the article now, the restore would bring the old title back.
  auto preview = Get(layla, imported.Select(".diff-choices a")->Attr("href"));
  EXPECT_EQ(TextOf(preview, ".diff-title del"), "عنوان جديد كتبته ليلى|");
  HttpResponse restored =
      HttpPostForm(Port(), form->Attr("action"),
                   {{"token", form->Select("input[name=token]")->Attr("value")},
                    {"version", form->Select("input[name=version]")->Attr("value")}},
                   {{"Cookie", layla}});
  ASSERT_EQ(restored.status, 303) << restored.body.substr(0, 300);
  auto page = HttpGet(Port(), url);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(HtmlDocument::Parse(page.body).Select("h1")->Text(), seed_title);
  auto after = Get(layla, path);
  EXPECT_EQ(after.Select(".article-status")->Text(), "منشور");
  rows = Rows(layla, path);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].Select(".revision-author")->Text(), "layla");
  EXPECT_NE(rows[0].Select("a")->Text().find("استعادة"), std::string::npos);
  EXPECT_NE(rows[0].Select(".revision-summary")->Text().find("العنوان"), std::string::npos);
  auto diff = Get(layla, rows[0].Select("a")->Attr("href"));
  EXPECT_EQ(TextOf(diff, ".diff-title del"), "عنوان جديد كتبته ليلى|");
}

TEST_F(RevisionsTest, OnlyThoseAllowedRestoreAndNeverWithoutTheFormsToken) {
  std::string layla = LogIn("layla");
  std::string path = SeedPath(layla);
  ASSERT_EQ(Submit(layla, Get(layla, path), "عنوان ليلى", "نص ليلى الجديد.").status, 303);
  auto rows = Rows(layla, path);
  ASSERT_EQ(rows.size(), 2u);
  std::string old_rev = rows[1].Select("a")->Attr("href");
  auto form = Get(layla, old_rev).Select("form.restore");
  ASSERT_TRUE(form);
  std::string action = form->Attr("action");
  std::string version = form->Select("input[name=version]")->Attr("value");
  auto unchanged = [&] {
    EXPECT_EQ(Get(layla, path).Select("#f-title")->Attr("value"), "عنوان ليلى");
    EXPECT_EQ(Rows(layla, path).size(), 2u);
  };

  // Without the token (or with a wrong one): 403, nothing restored.
  EXPECT_EQ(HttpPostForm(Port(), action, {{"version", version}}, {{"Cookie", layla}}).status, 403);
  EXPECT_EQ(
      HttpPostForm(Port(), action, {{"token", "x"}, {"version", version}}, {{"Cookie", layla}})
          .status,
      403);
  unchanged();

  // A contributor may not restore someone else's article.
  std::string sami = LogIn("sami");
  EXPECT_FALSE(Get(sami, old_rev, 403).Select("form.restore"));
  EXPECT_EQ(HttpPostForm(
                Port(), action,
                {{"token", form->Select("input[name=token]")->Attr("value")}, {"version", version}},
                {{"Cookie", sami}})
                .status,
            403);
  unchanged();

  // An author restores their own article, but not someone else's even with a valid token.
  std::string hind = LogIn("hind");
  std::string own = Create(hind, "مقال هند");
  ASSERT_EQ(Submit(hind, Get(hind, own), "مقال هند المعدّل", kBody).status, 303);
  auto own_rows = Rows(hind, own);
  ASSERT_EQ(own_rows.size(), 2u);
  auto own_form = Get(hind, own_rows[1].Select("a")->Attr("href")).Select("form.restore");
  ASSERT_TRUE(own_form);
  std::string hind_token = own_form->Select("input[name=token]")->Attr("value");
  EXPECT_EQ(HttpPostForm(Port(), action, {{"token", hind_token}, {"version", version}},
                         {{"Cookie", hind}})
                .status,
            403);
  unchanged();
  HttpResponse mine = HttpPostForm(
      Port(), own_form->Attr("action"),
      {{"token", hind_token}, {"version", own_form->Select("input[name=version]")->Attr("value")}},
      {{"Cookie", hind}});
  EXPECT_EQ(mine.status, 303);
  EXPECT_EQ(Get(hind, own).Select("#f-title")->Attr("value"), "مقال هند");
  EXPECT_EQ(Rows(hind, own).size(), 3u);
}

TEST_F(RevisionsTest, TheLaterOfTwoEditorsIsRefusedWithTheirTextKept) {
  std::string layla = LogIn("layla");
  std::string omar = LogIn("omar");
  std::string path = Create(layla, "خبر يحرره اثنان");
  // Both open the editor; Omar saves first.
  auto layla_form = Get(layla, path);
  auto omar_form = Get(omar, path);
  ASSERT_EQ(Submit(omar, omar_form, "خبر يحرره اثنان", "نص عمر المنقح بعناية.").status, 303);

  // Layla's save from the older form: 409, her text shown back, Omar's kept.
  HttpResponse late = Submit(layla, layla_form, "عنوان ليلى المتأخر", "نص ليلى الذي كتبته.");
  EXPECT_EQ(late.status, 409);
  auto refused = HtmlDocument::Parse(late.body);
  EXPECT_EQ(refused.Select("#f-title")->Attr("value"), "عنوان ليلى المتأخر");
  EXPECT_EQ(refused.Select("#f-body")->Text(), "نص ليلى الذي كتبته.");
  std::string message = refused.Select(".form-errors")->Text();
  EXPECT_NE(message.find("حفظ omar هذا المقال بعد أن فتحتَه"), std::string::npos) << message;
  auto current = Get(layla, path);
  EXPECT_EQ(current.Select("#f-title")->Attr("value"), "خبر يحرره اثنان");
  EXPECT_EQ(current.Select("#f-body")->Text(), "نص عمر المنقح بعناية.");
  EXPECT_EQ(Rows(layla, path).size(), 2u);

  // The link shows what Omar changed since Layla opened the article.
  auto link = refused.Select(".conflict a");
  ASSERT_TRUE(link);
  auto theirs = Get(layla, link->Attr("href"));
  EXPECT_EQ(TextOf(theirs, ".diff-body ins"), "نص عمر المنقح بعناية|");
  EXPECT_EQ(theirs.Select("header .revision-author")->Text(), "omar");

  // Saving again from the re-shown form is a knowing choice, and it is kept.
  HttpResponse again = Submit(layla, refused, "عنوان ليلى المتأخر", "نص ليلى الذي كتبته.");
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(Get(layla, path).Select("#f-title")->Attr("value"), "عنوان ليلى المتأخر");
  EXPECT_EQ(Rows(layla, path).size(), 3u);
}

}  // namespace
}  // namespace khabar::e2e
