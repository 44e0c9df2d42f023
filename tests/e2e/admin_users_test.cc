// End to end: the operator manages the newsroom's accounts from the admin (adding one,
// changing a role, disabling, a new password, never losing the last admin), the article
// list's search and filters, and a breaking article that stays breaking when saved again,
// through the real binary over HTTP.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

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
constexpr const char* kNewPassword = "كلمة مرور جديدة تماما";

class AdminUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    for (auto [name, role] : {std::pair{"root", "admin"}, std::pair{"layla", "editor"},
                              std::pair{"sami", "contributor"}}) {
      auto r = RunCommand({Binary(), "user", "add", name, "--role", role, "--db", db_},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(r.status, 0) << r.err;
    }
    std::string error;
    server_ = ServerProcess::Start({.binary = Binary(), .db_path = db_}, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  HttpResponse LogIn(const std::string& name, const std::string& password) {
    HttpResponse form = HttpGet(Port(), "/admin/login");
    auto token =
        HtmlDocument::Parse(form.body).Select("form[action=\"/admin/login\"] input[name=token]");
    return HttpPostForm(
        Port(), "/admin/login",
        {{"token", token ? token->Attr("value") : ""}, {"name", name}, {"password", password}});
  }

  // "khabar_session=…" of a successful login.
  std::string SignIn(const std::string& name, const std::string& password = kPassword) {
    HttpResponse r = LogIn(name, password);
    EXPECT_EQ(r.status, 303) << name;
    std::string c = r.Header("set-cookie");
    return c.substr(0, c.find(';'));
  }

  HttpResponse Get(const std::string& path, const std::string& cookie) {
    return HttpGet(Port(), path, {{"Cookie", cookie}});
  }

  // The CSRF token of the form posting to `action` on the page at `path`.
  std::string TokenOf(const std::string& path, const std::string& action,
                      const std::string& cookie) {
    auto doc = HtmlDocument::Parse(Get(path, cookie).body);
    auto token = doc.Select("form[action=\"" + action + "\"] input[name=token]");
    return token ? token->Attr("value") : "";
  }

  HttpResponse Post(const std::string& path, testing::HttpHeaders fields,
                    const std::string& cookie) {
    return HttpPostForm(Port(), path, fields, {{"Cookie", cookie}});
  }

  // The id of account `name`, from the admin's list.
  std::string UserId(const std::string& name, const std::string& admin_cookie) {
    auto doc = HtmlDocument::Parse(Get("/admin/users", admin_cookie).body);
    for (const auto& link : doc.SelectAll(".user-row a")) {
      if (link.Text() == name) {
        std::string href = link.Attr("href");
        return href.substr(href.rfind('/') + 1);
      }
    }
    ADD_FAILURE() << "no user " << name;
    return "0";
  }

  // `khabar user list`: name, role and state of every account, as the store has them.
  std::string Accounts() { return RunCommand({Binary(), "user", "list", "--db", db_}).out; }

  // The message of a refused form.
  static std::string Errors(const HttpResponse& r) {
    auto e = HtmlDocument::Parse(r.body).Select(".form-errors");
    return e ? e->Text() : "";
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(AdminUsersTest, AnAdminAddsAnEditorWhoCanThenLogIn) {
  std::string root = SignIn("root");
  auto home = HtmlDocument::Parse(Get("/admin/", root).body);
  ASSERT_TRUE(home.Select("a[href=\"/admin/users\"]"));
  HttpResponse users = Get("/admin/users", root);
  auto list = HtmlDocument::Parse(users.body);
  auto rows = list.SelectAll(".user-row");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NE(list.Text().find("مدير"), std::string::npos);
  EXPECT_NE(list.Text().find("مساهم"), std::string::npos);
  EXPECT_EQ(users.body.find("argon2"), std::string::npos);  // never a hash

  std::string token = TokenOf("/admin/users", "/admin/users", root);
  auto add = [&](const std::string& name, const std::string& password, const std::string& again) {
    return Post("/admin/users",
                {{"token", token},
                 {"name", name},
                 {"display_name", "هدى"},
                 {"role", "editor"},
                 {"password", password},
                 {"password_again", again}},
                root);
  };
  // Refused: passwords that differ, a short one, a name with a space, a name taken. The
  // form comes back with what was typed, never the password.
  HttpResponse differ = add("huda", kNewPassword, "كلمة أخرى طويلة جدا");
  EXPECT_EQ(differ.status, 422);
  EXPECT_NE(Errors(differ).find("غير متطابقتين"), std::string::npos);
  auto again = HtmlDocument::Parse(differ.body);
  EXPECT_EQ(again.Select("#u-name")->Attr("value"), "huda");
  EXPECT_EQ(again.Select("#u-display")->Attr("value"), "هدى");
  EXPECT_EQ(differ.body.find(kNewPassword), std::string::npos);
  HttpResponse short_one = add("huda", "قصيرة", "قصيرة");
  EXPECT_EQ(short_one.status, 422);
  EXPECT_NE(Errors(short_one).find("١٠ أحرف"), std::string::npos);
  EXPECT_EQ(add("huda salem", kNewPassword, kNewPassword).status, 422);
  EXPECT_EQ(add("layla", kNewPassword, kNewPassword).status, 422);
  EXPECT_EQ(Accounts().find("huda"), std::string::npos);
  EXPECT_EQ(LogIn("huda", kNewPassword).status, 401);

  HttpResponse added = add("huda", kNewPassword, kNewPassword);
  ASSERT_EQ(added.status, 303) << Errors(added);
  EXPECT_EQ(added.Header("location"), "/admin/users?done=added");
  EXPECT_NE(Accounts().find("huda\teditor\tactive\tهدى"), std::string::npos) << Accounts();
  // She signs in as an editor, who moderates and sees no accounts page.
  std::string huda = SignIn("huda", kNewPassword);
  auto her_home = HtmlDocument::Parse(Get("/admin/", huda).body);
  EXPECT_NE(her_home.Select(".admin-role")->Text().find("محرر"), std::string::npos);
  EXPECT_FALSE(her_home.Select("a[href=\"/admin/users\"]"));
  EXPECT_EQ(Get("/admin/comments", huda).status, 200);
  EXPECT_EQ(Get("/admin/users", huda).status, 403);
}

TEST_F(AdminUsersTest, ARoleChangeTakesEffectAtTheNextRequest) {
  std::string sami = SignIn("sami");
  EXPECT_EQ(Get("/admin/comments", sami).status, 403);
  std::string root = SignIn("root");
  std::string page = "/admin/users/" + UserId("sami", root);
  std::string token = TokenOf(page, page + "/profile", root);
  HttpResponse bad_role = Post(
      page + "/profile", {{"token", token}, {"display_name", "سامي"}, {"role", "owner"}}, root);
  EXPECT_EQ(bad_role.status, 422);
  HttpResponse changed = Post(
      page + "/profile", {{"token", token}, {"display_name", "سامي"}, {"role", "editor"}}, root);
  ASSERT_EQ(changed.status, 303) << Errors(changed);
  EXPECT_NE(Accounts().find("sami\teditor\tactive\tسامي"), std::string::npos) << Accounts();
  // The same session, now an editor's.
  EXPECT_EQ(Get("/admin/comments", sami).status, 200);
  auto after = HtmlDocument::Parse(Get(page, root).body);
  EXPECT_NE(after.Select(".user-summary .user-role")->Text().find("محرر"), std::string::npos);
  // Another account's byline is refused: authors are known by it.
  HttpResponse taken = Post(
      page + "/profile", {{"token", token}, {"display_name", "layla"}, {"role", "editor"}}, root);
  EXPECT_EQ(taken.status, 422);
  EXPECT_NE(Accounts().find("\tسامي"), std::string::npos);
}

TEST_F(AdminUsersTest, DisablingEndsTheSessionAndRefusesLogin) {
  std::string sami = SignIn("sami");
  std::string root = SignIn("root");
  std::string page = "/admin/users/" + UserId("sami", root);
  std::string token = TokenOf(page, page + "/disable", root);
  // Without the confirmation box: nothing happens.
  EXPECT_EQ(Post(page + "/disable", {{"token", token}}, root).status, 422);
  EXPECT_EQ(Get("/admin/", sami).status, 200);
  HttpResponse disabled = Post(page + "/disable", {{"token", token}, {"confirm", "1"}}, root);
  ASSERT_EQ(disabled.status, 303) << Errors(disabled);
  EXPECT_EQ(Get("/admin/", sami).status, 303);  // the open session has ended
  EXPECT_EQ(LogIn("sami", kPassword).status, 401);
  auto list = HtmlDocument::Parse(Get("/admin/users", root).body);
  EXPECT_NE(list.Text().find("معطّل"), std::string::npos);
  // Enabled again, the same password opens it.
  std::string enable_token = TokenOf(page, page + "/enable", root);
  ASSERT_FALSE(enable_token.empty());
  EXPECT_EQ(Post(page + "/enable", {{"token", enable_token}}, root).status, 303);
  EXPECT_EQ(LogIn("sami", kPassword).status, 303);
}

TEST_F(AdminUsersTest, ANewPasswordEndsSessionsAndTheNewOneWorks) {
  std::string layla = SignIn("layla");
  std::string root = SignIn("root");
  std::string page = "/admin/users/" + UserId("layla", root);
  std::string token = TokenOf(page, page + "/password", root);
  HttpResponse differ = Post(
      page + "/password",
      {{"token", token}, {"password", kNewPassword}, {"password_again", "شيء آخر طويل بما يكفي"}},
      root);
  EXPECT_EQ(differ.status, 422);
  EXPECT_EQ(differ.body.find(kNewPassword), std::string::npos);
  EXPECT_EQ(Get("/admin/", layla).status, 200);  // nothing changed
  HttpResponse weak = Post(
      page + "/password",
      {{"token", token}, {"password", "aaaaaaaaaaaa"}, {"password_again", "aaaaaaaaaaaa"}}, root);
  EXPECT_EQ(weak.status, 422);
  HttpResponse set =
      Post(page + "/password",
           {{"token", token}, {"password", kNewPassword}, {"password_again", kNewPassword}}, root);
  ASSERT_EQ(set.status, 303) << Errors(set);
  EXPECT_EQ(Get("/admin/", layla).status, 303);
  EXPECT_EQ(LogIn("layla", kPassword).status, 401);
  EXPECT_EQ(LogIn("layla", kNewPassword).status, 303);
  EXPECT_EQ(Get("/admin/", root).status, 200);  // the admin's own session goes on
}

TEST_F(AdminUsersTest, OnlyAdminsManageAccountsAndForgedFormsChangeNothing) {
  std::string root = SignIn("root");
  std::string layla = SignIn("layla");
  std::string sami_page = "/admin/users/" + UserId("sami", root);
  std::string root_token = TokenOf(sami_page, sami_page + "/profile", root);
  const std::string before = Accounts();
  // An editor: 403 on every page and post, even with a token an admin was given.
  EXPECT_EQ(Get("/admin/users", layla).status, 403);
  EXPECT_EQ(Get(sami_page, layla).status, 403);
  EXPECT_EQ(Post(sami_page + "/profile",
                 {{"token", root_token}, {"display_name", "x"}, {"role", "admin"}}, layla)
                .status,
            403);
  EXPECT_EQ(Post("/admin/users",
                 {{"token", root_token},
                  {"name", "intruder"},
                  {"role", "admin"},
                  {"password", kNewPassword},
                  {"password_again", kNewPassword}},
                 layla)
                .status,
            403);
  // The admin, with a forged or missing token.
  EXPECT_EQ(
      Post(sami_page + "/profile", {{"token", "x"}, {"display_name", "x"}, {"role", "admin"}}, root)
          .status,
      403);
  EXPECT_EQ(Post(sami_page + "/disable", {{"confirm", "1"}}, root).status, 403);
  EXPECT_EQ(
      Post(sami_page + "/password",
           {{"token", ""}, {"password", kNewPassword}, {"password_again", kNewPassword}}, root)
          .status,
      403);
  EXPECT_EQ(Accounts(), before);
  EXPECT_EQ(LogIn("sami", kPassword).status, 303);
  // Not signed in: the login page.
  EXPECT_EQ(HttpGet(Port(), "/admin/users").status, 303);
}

TEST_F(AdminUsersTest, TheLastActiveAdminCannotDemoteOrDisableThemself) {
  std::string root = SignIn("root");
  std::string page = "/admin/users/" + UserId("root", root);
  std::string token = TokenOf(page, page + "/profile", root);
  HttpResponse demote =
      Post(page + "/profile", {{"token", token}, {"display_name", ""}, {"role", "editor"}}, root);
  EXPECT_EQ(demote.status, 422);
  EXPECT_NE(Errors(demote).find("آخر مدير نشط"), std::string::npos);
  HttpResponse disable = Post(page + "/disable", {{"token", token}, {"confirm", "1"}}, root);
  EXPECT_EQ(disable.status, 422);
  EXPECT_NE(Errors(disable).find("آخر مدير نشط"), std::string::npos);
  EXPECT_NE(Accounts().find("root\tadmin\tactive"), std::string::npos);
  EXPECT_EQ(Get("/admin/users", root).status, 200);

  // With another admin, stepping down is allowed and takes the accounts page away.
  std::string layla_page = "/admin/users/" + UserId("layla", root);
  ASSERT_EQ(Post(layla_page + "/profile",
                 {{"token", token}, {"display_name", "ليلى"}, {"role", "admin"}}, root)
                .status,
            303);
  HttpResponse stepped =
      Post(page + "/profile", {{"token", token}, {"display_name", ""}, {"role", "editor"}}, root);
  EXPECT_EQ(stepped.status, 303);
  EXPECT_EQ(stepped.Header("location"), "/admin/");
  EXPECT_EQ(Get("/admin/users", root).status, 403);
}

// Fills the editor at `editor_path` and presses `action`; the breaking hours are the form's
// own unless `hours` is given.
HttpResponse SaveArticle(int port, const std::string& cookie, const std::string& editor_path,
                         const std::string& title, const std::string& category,
                         const std::string& action, const std::string& hours = "") {
  auto doc = HtmlDocument::Parse(HttpGet(port, editor_path, {{"Cookie", cookie}}).body);
  auto breaking = doc.Select("form.editor input[name=breaking_hours]");
  if (!breaking) return HttpResponse{};
  return PostEditor(port, cookie, editor_path,
                    {{"title", title},
                     {"excerpt", ""},
                     {"body", "نص الخبر في فقرة واحدة."},
                     {"category", category},
                     {"tags", ""},
                     {"breaking_hours", hours.empty() ? breaking->Attr("value") : hours},
                     {"publish_at", ""},
                     {"action", action}});
}

TEST_F(AdminUsersTest, TheArticleListSearchesAndFilters) {
  std::string layla = SignIn("layla");
  std::string sami = SignIn("sami");
  ASSERT_EQ(SaveArticle(Port(), sami, "/admin/articles/new", "مسودة عن الانتخابات البلدية",
                        "محليات", "draft")
                .status,
            303);
  ASSERT_EQ(SaveArticle(Port(), sami, "/admin/articles/new", "الإنتخابات المقبلة بانتظار المراجعة",
                        "سياسة", "pending")
                .status,
            303);
  ASSERT_EQ(
      SaveArticle(Port(), layla, "/admin/articles/new", "نتائج انتخابات النادي", "رياضة", "publish")
          .status,
      303);
  auto titles = [&](const std::string& query) {
    auto doc = HtmlDocument::Parse(Get("/admin/articles" + query, layla).body);
    std::vector<std::string> out;
    for (const auto& a : doc.SelectAll(".admin-table tbody a[href^=\"/admin/articles/\"]")) {
      out.push_back(a.Text());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // All four (the seed article too), then the title words in any state and spelling.
  EXPECT_EQ(titles("").size(), 4u);
  std::string q = "?q=" + testing::PercentEncodePath("انتخابات");
  EXPECT_EQ(titles(q),
            (std::vector<std::string>{"الإنتخابات المقبلة بانتظار المراجعة",
                                      "مسودة عن الانتخابات البلدية", "نتائج انتخابات النادي"}));
  // The tabs count what the search matches in each state and keep it in their links.
  auto doc = HtmlDocument::Parse(Get("/admin/articles" + q, layla).body);
  auto tabs = doc.SelectAll(".admin-tabs a");
  ASSERT_EQ(tabs.size(), 6u);
  EXPECT_NE(tabs[0].Text().find("(٣)"), std::string::npos);  // الكل
  EXPECT_NE(tabs[1].Text().find("(١)"), std::string::npos);  // مسودات
  EXPECT_NE(tabs[4].Text().find("(١)"), std::string::npos);  // منشورة
  EXPECT_NE(tabs[1].Attr("href").find("q=%D8%A7"), std::string::npos);
  EXPECT_EQ(doc.Select("#articles-q")->Attr("value"), "انتخابات");
  // State, author and category.
  EXPECT_EQ(titles(q + "&status=pending"),
            (std::vector<std::string>{"الإنتخابات المقبلة بانتظار المراجعة"}));
  std::string sami_id, sports_id;
  for (const auto& o : doc.SelectAll("#articles-author option")) {
    if (o.Text() == "sami") sami_id = o.Attr("value");
  }
  for (const auto& o : doc.SelectAll("#articles-category option")) {
    if (o.Text() == "رياضة") sports_id = o.Attr("value");
  }
  ASSERT_FALSE(sami_id.empty());
  ASSERT_FALSE(sports_id.empty());
  EXPECT_EQ(titles(q + "&author=" + sami_id),
            (std::vector<std::string>{"الإنتخابات المقبلة بانتظار المراجعة",
                                      "مسودة عن الانتخابات البلدية"}));
  EXPECT_EQ(titles("?category=" + sports_id), (std::vector<std::string>{"نتائج انتخابات النادي"}));
  EXPECT_TRUE(titles("?q=" + testing::PercentEncodePath("زلزال")).empty());
  EXPECT_EQ(titles("?status=published&author=" + sami_id).size(), 0u);
}

TEST_F(AdminUsersTest, ABreakingArticleStaysBreakingWhenSavedAgain) {
  std::string layla = SignIn("layla");
  HttpResponse published =
      SaveArticle(Port(), layla, "/admin/articles/new", "عاجل: انقطاع الكهرباء في المدينة",
                  "محليات", "publish", "2");
  ASSERT_EQ(published.status, 303);
  std::string editor_path =
      published.Header("location").substr(0, published.Header("location").find('?'));
  // The editor shows the hours left, rounded up.
  auto editor = HtmlDocument::Parse(Get(editor_path, layla).body);
  EXPECT_EQ(editor.Select("#f-breaking")->Attr("value"), "2");
  // Saved again as the form stands (a typo fixed): still at the head of the ticker.
  ASSERT_EQ(SaveArticle(Port(), layla, editor_path, "عاجل: انقطاع الكهرباء في العاصمة", "محليات",
                        "publish")
                .status,
            303);
  auto home = HtmlDocument::Parse(HttpGet(Port(), "/").body);
  auto first = home.Select("#ticker li");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->Attr("class"), "ticker-item breaking");
  EXPECT_NE(first->Text().find("في العاصمة"), std::string::npos);
  EXPECT_EQ(HtmlDocument::Parse(Get(editor_path, layla).body).Select("#f-breaking")->Attr("value"),
            "2");
  // Set to 0, it stops being breaking.
  ASSERT_EQ(SaveArticle(Port(), layla, editor_path, "عاجل: انقطاع الكهرباء في العاصمة", "محليات",
                        "publish", "0")
                .status,
            303);
  EXPECT_EQ(HtmlDocument::Parse(Get(editor_path, layla).body).Select("#f-breaking")->Attr("value"),
            "0");
  auto after = HtmlDocument::Parse(HttpGet(Port(), "/").body).Select("#ticker li");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->Attr("class").find("breaking"), std::string::npos);
}

}  // namespace
}  // namespace khabar::e2e
