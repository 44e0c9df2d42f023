// End to end: editors manage tags and categories through /admin/tags and /admin/categories
// of the real binary, and the reader site follows: a renamed or merged tag's old address
// answers 301 with the new one, a deleted category's articles move, the menu takes the
// editor's order. Contributors and forged posts change nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

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
using testing::PercentDecode;
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

struct Story {
  const char* id;
  const char* title;
  const char* category;
  std::vector<std::string> tags;
};
const Story kStories[] = {
    {"t1", "أسعار النفط ترتفع في الأسواق", "اقتصاد", {"النفط", "نفط", "الطاقة"}},
    {"t2", "شركات النفط تعلن أرباحها", "اقتصاد", {"نفط"}},
    {"t3", "المنتخب يفوز في المباراة الودية", "رياضة", {"كرة القدم"}},
    {"t4", "معرض الكتاب يفتح أبوابه", "ثقافة", {}},
};

class TaxonomyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    std::string jsonl = dir_.File("stories.jsonl");
    {
      std::ofstream out(jsonl);
      int day = 10;
      for (const Story& s : kStories) {
        nlohmann::json j = {{"id", s.id},
                            {"title", s.title},
                            {"body", std::string("نص الخبر: ") + s.title + "."},
                            {"category", s.category},
                            {"tags", s.tags},
                            {"published", "2026-11-" + std::to_string(day++) + "T10:00:00"}};
        out << j.dump() << "\n";
      }
    }
    auto imported = RunCommand({Binary(), "import", "jsonl", jsonl, "--db", db_});
    ASSERT_EQ(imported.status, 0) << imported.err;
    for (auto [name, role] : {std::pair{"layla", "editor"}, std::pair{"sami", "contributor"}}) {
      auto r = RunCommand({Binary(), "user", "add", name, "--role", role, "--db", db_},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(r.status, 0) << r.err;
    }
    std::string error;
    server_ = ServerProcess::Start({.binary = Binary(), .db_path = db_}, &error);
    ASSERT_NE(server_, nullptr) << error;
    editor_ = LogIn("layla");
    ASSERT_FALSE(editor_.empty());
  }

  int Port() { return server_->port(); }

  std::string LogIn(const std::string& name) { return SignIn(Port(), name, kPassword); }

  HttpResponse Get(const std::string& path) { return HttpGet(Port(), path, {{"Cookie", editor_}}); }
  HttpResponse Post(const std::string& path, testing::HttpHeaders fields) {
    return HttpPostForm(Port(), path, fields, {{"Cookie", editor_}});
  }

  // The CSRF token of the first form posting to `action` on the admin page `page`.
  std::string Token(const std::string& page, const std::string& action) {
    HttpResponse r = Get(page);
    EXPECT_EQ(r.status, 200) << page;
    auto input =
        HtmlDocument::Parse(r.body).Select("form[action=\"" + action + "\"] input[name=token]");
    EXPECT_TRUE(input) << page << " has no form to " << action;
    return input ? input->Attr("value") : "";
  }

  // The admin page of the tag or category named `name`: "/admin/tags/12".
  std::string AdminPageOf(const std::string& base, const std::string& name) {
    std::string list = base == "/admin/tags" ? base + "?q=" + PercentEncodePath(name) : base;
    auto doc = HtmlDocument::Parse(Get(list).body);
    for (const auto& a : doc.SelectAll(".admin-table a")) {
      if (a.Text() == name && a.Attr("href").starts_with(base + "/")) return a.Attr("href");
    }
    ADD_FAILURE() << name << " is not listed at " << list;
    return base + "/0";
  }

  // Titles of the cards on a reader page.
  std::vector<std::string> Titles(const std::string& path) {
    HttpResponse r = HttpGet(Port(), path);
    EXPECT_EQ(r.status, 200) << path;
    std::vector<std::string> titles;
    for (const auto& t : HtmlDocument::Parse(r.body).SelectAll(".card-title a")) {
      titles.push_back(t.Text());
    }
    std::sort(titles.begin(), titles.end());
    return titles;
  }

  // The tag names an article's page shows (every test article is on the home page).
  std::vector<std::string> TagsOnArticle(const std::string& title) {
    std::string url;
    for (const auto& a : HtmlDocument::Parse(HttpGet(Port(), "/").body).SelectAll("a")) {
      if (a.Text() == title) url = a.Attr("href");
    }
    EXPECT_FALSE(url.empty()) << title;
    std::vector<std::string> tags;
    for (const auto& a : HtmlDocument::Parse(HttpGet(Port(), url).body).SelectAll(".tags a")) {
      tags.push_back(a.Text());
    }
    std::sort(tags.begin(), tags.end());
    return tags;
  }

  std::vector<std::string> Menu() {
    std::vector<std::string> names;
    auto doc = HtmlDocument::Parse(HttpGet(Port(), "/").body);
    for (const auto& a : doc.SelectAll(".primary-nav a")) names.push_back(a.Text());
    return names;
  }

  static std::string TagPath(const std::string& slug) {
    return "/tag/" + PercentEncodePath(slug) + "/";
  }
  static std::string CategoryPath(const std::string& slug) {
    return "/category/" + PercentEncodePath(slug) + "/";
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
  std::string editor_;
};

TEST_F(TaxonomyTest, RenamedTagAndCategoryOldAddressesRedirectToTheNewOnes) {
  const std::vector<std::string> oil = {kStories[0].title};
  ASSERT_EQ(Titles(TagPath("النفط")), oil);
  std::string tag_page = AdminPageOf("/admin/tags", "النفط");
  HttpResponse renamed = Post(
      tag_page + "/rename",
      {{"token", Token(tag_page, tag_page + "/rename")}, {"name", "النفط الخام"}, {"slug", ""}});
  ASSERT_EQ(renamed.status, 303) << renamed.body;

  HttpResponse old = HttpGet(Port(), TagPath("النفط"));
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(PercentDecode(old.Header("location")), "/tag/النفط-الخام/");
  EXPECT_EQ(Titles(TagPath("النفط-الخام")), oil);  // the same articles at the new address
  HttpResponse paged = HttpGet(Port(), TagPath("النفط") + "page/2/");
  EXPECT_EQ(paged.status, 301);
  EXPECT_EQ(PercentDecode(paged.Header("location")), "/tag/النفط-الخام/page/2/");
  HttpResponse feed = HttpGet(Port(), TagPath("النفط") + "feed/");
  EXPECT_EQ(feed.status, 301);
  EXPECT_EQ(PercentDecode(feed.Header("location")), "/tag/النفط-الخام/feed/");
  EXPECT_EQ(HttpGet(Port(), TagPath("لا-وسم-بهذا")).status, 404);
  std::vector<std::string> tags = TagsOnArticle(kStories[0].title);
  EXPECT_NE(std::find(tags.begin(), tags.end(), "النفط الخام"), tags.end());

  // A category given a typed slug.
  std::string cat_page = AdminPageOf("/admin/categories", "اقتصاد");
  HttpResponse cat = Post(cat_page + "/rename", {{"token", Token(cat_page, cat_page + "/rename")},
                                                 {"name", "اقتصاد وأعمال"},
                                                 {"slug", "economy"}});
  ASSERT_EQ(cat.status, 303) << cat.body;
  HttpResponse old_cat = HttpGet(Port(), CategoryPath("اقتصاد") + "?x=1");
  EXPECT_EQ(old_cat.status, 301);
  EXPECT_EQ(old_cat.Header("location"), "/category/economy/?x=1");
  EXPECT_EQ(Titles("/category/economy/"),
            (std::vector<std::string>{kStories[0].title, kStories[1].title}));
  auto menu = Menu();
  EXPECT_NE(std::find(menu.begin(), menu.end(), "اقتصاد وأعمال"), menu.end());
}

TEST_F(TaxonomyTest, MergedTagsArticlesCarryTheTargetOnce) {
  std::string from = AdminPageOf("/admin/tags", "نفط");
  HttpResponse merged =
      Post(from + "/merge", {{"token", Token(from, from + "/merge")}, {"into", "النفط"}});
  ASSERT_EQ(merged.status, 303) << merged.body;
  EXPECT_EQ(Titles(TagPath("النفط")),
            (std::vector<std::string>{kStories[0].title, kStories[1].title}));
  HttpResponse old = HttpGet(Port(), TagPath("نفط"));
  EXPECT_EQ(old.status, 301);
  EXPECT_EQ(PercentDecode(old.Header("location")), "/tag/النفط/");
  // The article that had both tags shows the target once.
  EXPECT_EQ(TagsOnArticle(kStories[0].title), (std::vector<std::string>{"الطاقة", "النفط"}));
  EXPECT_EQ(TagsOnArticle(kStories[1].title), (std::vector<std::string>{"النفط"}));
  // The merged tag is gone from the list.
  auto list = HtmlDocument::Parse(Get("/admin/tags?q=" + PercentEncodePath("نفط")).body);
  for (const auto& a : list.SelectAll(".admin-table a")) EXPECT_NE(a.Text(), "نفط");
}

TEST_F(TaxonomyTest, DeletingACategoryMovesItsArticlesAndDeletingATagRemovesIt) {
  std::string culture = AdminPageOf("/admin/categories", "ثقافة");
  std::string sport = AdminPageOf("/admin/categories", "رياضة");
  std::string sport_id = sport.substr(sport.rfind('/') + 1);
  HttpResponse unconfirmed = Post(
      culture + "/delete", {{"token", Token(culture, culture + "/delete")}, {"move_to", sport_id}});
  EXPECT_EQ(unconfirmed.status, 422);
  EXPECT_EQ(Titles(CategoryPath("ثقافة")), std::vector<std::string>{kStories[3].title});
  HttpResponse deleted = Post(
      culture + "/delete",
      {{"token", Token(culture, culture + "/delete")}, {"move_to", sport_id}, {"confirm", "1"}});
  ASSERT_EQ(deleted.status, 303) << deleted.body;
  EXPECT_EQ(HttpGet(Port(), CategoryPath("ثقافة")).status, 404);
  EXPECT_EQ(Titles(CategoryPath("رياضة")),
            (std::vector<std::string>{kStories[2].title, kStories[3].title}));

  std::string energy = AdminPageOf("/admin/tags", "الطاقة");
  HttpResponse tag =
      Post(energy + "/delete", {{"token", Token(energy, energy + "/delete")}, {"confirm", "1"}});
  ASSERT_EQ(tag.status, 303) << tag.body;
  EXPECT_EQ(HttpGet(Port(), TagPath("الطاقة")).status, 404);
  EXPECT_EQ(TagsOnArticle(kStories[0].title), (std::vector<std::string>{"النفط", "نفط"}));
}

TEST_F(TaxonomyTest, MenuOrderChangesTheReadersMenu) {
  std::vector<std::string> before = Menu();
  ASSERT_EQ(before.size(), 3u);
  std::string last = before.back();
  std::string page = AdminPageOf("/admin/categories", last);
  std::string id = page.substr(page.rfind('/') + 1);
  for (int i = 0; i < 2; ++i) {
    HttpResponse moved = Post("/admin/categories/order",
                              {{"token", Token("/admin/categories", "/admin/categories/order")},
                               {"id", id},
                               {"move", "up"}});
    ASSERT_EQ(moved.status, 303) << moved.body;
  }
  std::vector<std::string> after = Menu();
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0], last);
  EXPECT_EQ(after[1], before[0]);
  EXPECT_EQ(after[2], before[1]);
  // The admin lists them in the same order.
  auto doc = HtmlDocument::Parse(Get("/admin/categories").body);
  auto first = doc.Select(".admin-table tbody tr td a");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->Text(), last);
}

TEST_F(TaxonomyTest, BadInputIsRefusedInArabicAndChangesNothing) {
  std::string tags_token = Token("/admin/tags", "/admin/tags");
  HttpResponse empty = Post("/admin/tags", {{"token", tags_token}, {"name", "  "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(HtmlDocument::Parse(empty.body).Select(".form-errors")->Text().find("اكتب الاسم"),
            std::string::npos);
  HttpResponse dup = Post("/admin/tags", {{"token", tags_token}, {"name", "النفط"}});
  EXPECT_EQ(dup.status, 422);
  EXPECT_NE(dup.body.find("يوجد وسم بهذا الاسم"), std::string::npos);
  HttpResponse created =
      Post("/admin/tags", {{"token", tags_token}, {"name", "أسواق المال"}, {"slug", ""}});
  EXPECT_EQ(created.status, 303);
  EXPECT_NE(Get("/admin/tags?q=" + PercentEncodePath("أسواق")).body.find("أسواق-المال"),
            std::string::npos);

  std::string page = AdminPageOf("/admin/tags", "نفط");
  std::string token = Token(page, page + "/rename");
  HttpResponse taken = Post(page + "/rename", {{"token", token}, {"name", "النفط"}, {"slug", ""}});
  EXPECT_EQ(taken.status, 422);
  // What was typed is shown again.
  EXPECT_EQ(HtmlDocument::Parse(taken.body).Select("#f-name")->Attr("value"), "النفط");
  HttpResponse self = Post(page + "/merge", {{"token", token}, {"into", "نفط"}});
  EXPECT_EQ(self.status, 422);
  EXPECT_NE(self.body.find("لا يُدمج الوسم في نفسه"), std::string::npos);
  HttpResponse unknown = Post(page + "/merge", {{"token", token}, {"into", "وسم لا وجود له"}});
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(Post("/admin/tags/999999/rename", {{"token", token}, {"name", "س"}}).status, 404);
  std::string cat = AdminPageOf("/admin/categories", "رياضة");
  HttpResponse bad_target =
      Post(cat + "/merge", {{"token", Token(cat, cat + "/merge")}, {"into", "999999"}});
  EXPECT_EQ(bad_target.status, 422);
  // Nothing changed.
  EXPECT_EQ(Titles(TagPath("نفط")),
            (std::vector<std::string>{kStories[0].title, kStories[1].title}));
  EXPECT_EQ(Titles(CategoryPath("رياضة")), std::vector<std::string>{kStories[2].title});
}

TEST_F(TaxonomyTest, ContributorsAndForgedPostsAreRefused) {
  std::string sami = LogIn("sami");
  EXPECT_EQ(HttpGet(Port(), "/admin/tags", {{"Cookie", sami}}).status, 403);
  EXPECT_EQ(HttpGet(Port(), "/admin/categories", {{"Cookie", sami}}).status, 403);
  std::string page = AdminPageOf("/admin/tags", "النفط");
  std::string token = Token(page, page + "/rename");
  HttpResponse by_contributor = HttpPostForm(
      Port(), page + "/rename", {{"token", token}, {"name", "بترول"}}, {{"Cookie", sami}});
  EXPECT_EQ(by_contributor.status, 403);
  // Without its CSRF token (or with another session's), an editor's post changes nothing.
  EXPECT_EQ(Post(page + "/rename", {{"name", "بترول"}}).status, 403);
  EXPECT_EQ(Post(page + "/delete", {{"token", "forged"}, {"confirm", "1"}}).status, 403);
  EXPECT_EQ(Post("/admin/categories/order", {{"id", "1"}, {"move", "up"}}).status, 403);
  EXPECT_EQ(HttpGet(Port(), "/admin/tags", {{"Cookie", "khabar_session=nobody"}}).status, 303);
  EXPECT_EQ(Titles(TagPath("النفط")), std::vector<std::string>{kStories[0].title});
  EXPECT_EQ(HttpGet(Port(), TagPath("بترول")).status, 404);
}

TEST_F(TaxonomyTest, TheEditorOffersExistingTags) {
  HttpResponse editor = Get("/admin/articles/new");
  ASSERT_EQ(editor.status, 200);
  auto doc = HtmlDocument::Parse(editor.body);
  auto input = doc.Select("#f-tags");
  ASSERT_TRUE(input);
  EXPECT_EQ(input->Attr("list"), "tag-list");
  std::vector<std::string> offered;
  for (const auto& o : doc.SelectAll("datalist#tag-list option"))
    offered.push_back(o.Attr("value"));
  EXPECT_EQ(offered.front(), "نفط");  // the most used first
  EXPECT_NE(std::find(offered.begin(), offered.end(), "كرة القدم"), offered.end());
  auto script = doc.Select("script[src=\"/static/admin.js\"]");
  ASSERT_TRUE(script);
  EXPECT_EQ(HttpGet(Port(), "/static/admin.js").status, 200);

  HttpResponse suggest = Get("/admin/tags/suggest?q=" + PercentEncodePath("ال"));
  ASSERT_EQ(suggest.status, 200);
  auto json = nlohmann::json::parse(suggest.body);
  EXPECT_EQ(json["tags"], (nlohmann::json{"الطاقة", "النفط"}));
  EXPECT_EQ(HttpGet(Port(), "/admin/tags/suggest?q=x").status, 403);  // signed out
}

}  // namespace
}  // namespace khabar::e2e
