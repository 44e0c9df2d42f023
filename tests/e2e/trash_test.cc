// End to end: the newsroom's trash, so that nothing is lost by one click. Articles go to
// the trash from the editor and leave the reader site at once; they come back as drafts;
// editors delete them for good only from the trash, with a ticked confirmation. Comments
// go to the trash in bulk, hidden from readers and counted under their own tab, and are
// deleted for good only from there. Through the real binary over HTTP.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpHeaders;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";
constexpr const char* kBody =
    "افتتحت البلدية صباح اليوم الحديقة الجديدة.\n\nوحضر الافتتاح سكان الحي.";

class TrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    for (auto [name, role] : {std::pair{"layla", "editor"}, std::pair{"noura", "author"},
                              std::pair{"sami", "contributor"}}) {
      auto r = RunCommand({Binary(), "user", "add", name, "--role", role, "--db", db_},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(r.status, 0) << r.err;
    }
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0})";
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  // Signs `name` in; returns the session cookie ("khabar_session=…").
  std::string LogIn(const std::string& name) { return SignIn(Port(), name, kPassword); }

  HtmlDocument Page(const std::string& cookie, const std::string& path) {
    return HtmlDocument::Parse(HttpGet(Port(), path, {{"Cookie", cookie}}).body);
  }

  // Opens the editor at `path` and presses `action` with the form as it stands (its token,
  // id and version), the fields filled as given: a save, or the trash buttons.
  HttpResponse Press(const std::string& cookie, const std::string& path, const std::string& action,
                     const std::string& title = "", const std::string& hours = "0") {
    auto doc = Page(cookie, path);
    auto shown = doc.Select("#f-title");
    if (!shown) return HttpResponse{};
    std::string typed = title.empty() ? shown->Attr("value") : title;
    return PostEditor(Port(), cookie, path,
                      {{"title", typed},
                       {"excerpt", ""},
                       {"body", kBody},
                       {"category", "محليات"},
                       {"tags", "حدائق"},
                       {"breaking_hours", hours},
                       {"publish_at", ""},
                       {"action", action}});
  }

  // Writes a new article as `cookie` and saves it with `action`; returns its editor's path.
  std::string Write(const std::string& cookie, const std::string& title, const std::string& action,
                    const std::string& hours = "0") {
    HttpResponse r = Press(cookie, "/admin/articles/new", action, title, hours);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
    std::string at = r.Header("location");
    return at.substr(0, at.find('?'));
  }

  // The public address the editor links to ("" when the article is not published).
  std::string PublicUrl(const std::string& cookie, const std::string& editor_path) {
    auto link = Page(cookie, editor_path).Select(".page-header a[href^=\"/20\"]");
    return link ? link->Attr("href") : "";
  }

  std::string Status(const std::string& cookie, const std::string& editor_path) {
    auto s = Page(cookie, editor_path).Select(".article-status");
    return s ? s->Text() : "";
  }

  bool Searchable(const std::string& words, const std::string& title) {
    return HttpGet(Port(), "/api/search?q=" + PercentEncodePath(words)).body.find(title) !=
           std::string::npos;
  }

  bool InTicker(const std::string& title) {
    auto home = HtmlDocument::Parse(HttpGet(Port(), "/").body);
    for (const auto& li : home.SelectAll("#ticker li"))
      if (li.Text().find(title) != std::string::npos) return true;
    return false;
  }

  // A reader comments on the article at `url`; returns where the form sent them.
  std::string Comment(const std::string& url, const std::string& name, const std::string& text) {
    auto doc = HtmlDocument::Parse(HttpGet(Port(), url).body);
    HttpResponse r = HttpPostForm(
        Port(), "/wp-comments-post.php",
        {{"comment_post_ID", doc.Select("#commentform input[name=comment_post_ID]")->Attr("value")},
         {"comment_parent", "0"},
         {"token", doc.Select("#commentform input[name=token]")->Attr("value")},
         {"author", name},
         {"email", "reader@example.com"},
         {"url", ""},
         {"comment", text}});
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
    return r.Header("location");
  }

  // `khabar comments list`: one line per comment.
  std::string CommentsCli() {
    auto r = RunCommand({Binary(), "comments", "list", "--db", db_});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

constexpr const char* kTitle = "البلدية تفتتح حديقة جديدة في الحي الشرقي";

TEST_F(TrashTest, AnAuthorTrashesHerArticleItLeavesTheSiteAndComesBackAsADraft) {
  std::string noura = LogIn("noura");
  std::string editor_path = Write(noura, kTitle, "publish", "2");
  std::string url = PublicUrl(noura, editor_path);
  ASSERT_FALSE(url.empty());
  std::string tag_page = "/tag/" + PercentEncodePath("حدائق") + "/";
  ASSERT_EQ(HttpGet(Port(), url).status, 200);
  ASSERT_NE(HttpGet(Port(), "/").body.find(kTitle), std::string::npos);
  ASSERT_NE(HttpGet(Port(), tag_page).body.find(kTitle), std::string::npos);
  ASSERT_TRUE(InTicker(kTitle));
  ASSERT_TRUE(Searchable("حديقة الحي الشرقي", kTitle));

  size_t revisions = Page(noura, editor_path + "/revisions").SelectAll("tr.revision").size();
  // Her own published article offers the trash; no permanent delete for an author.
  auto editor = Page(noura, editor_path);
  ASSERT_TRUE(editor.Select("form.editor button[value=trash]"));
  EXPECT_FALSE(editor.Select("form.delete-article"));
  // Without the form's token nothing moves.
  std::string id = editor.Select("form.editor input[name=id]")->Attr("value");
  EXPECT_EQ(
      HttpPostForm(Port(), "/admin/articles/save",
                   {{"token", "forged"}, {"id", id}, {"action", "trash"}}, {{"Cookie", noura}})
          .status,
      403);
  EXPECT_EQ(HttpGet(Port(), url).status, 200);

  HttpResponse trashed = Press(noura, editor_path, "trash");
  ASSERT_EQ(trashed.status, 303) << trashed.body.substr(0, 300);
  EXPECT_EQ(trashed.Header("location"), editor_path + "?trashed=1");
  // Gone from the reader site at once: its address, the home page, the tag page, the
  // ticker and search.
  EXPECT_EQ(HttpGet(Port(), url).status, 404);
  EXPECT_EQ(HttpGet(Port(), "/").body.find(kTitle), std::string::npos);
  EXPECT_EQ(HttpGet(Port(), tag_page).body.find(kTitle), std::string::npos);
  EXPECT_FALSE(InTicker(kTitle));
  EXPECT_FALSE(Searchable("حديقة الحي الشرقي", kTitle));
  // In the newsroom: under the trashed tab, with its state, offering only the restore.
  auto list = Page(noura, "/admin/articles?status=trashed");
  auto row = list.Select(".admin-table tbody tr");
  ASSERT_TRUE(row);
  EXPECT_NE(row->Text().find(kTitle), std::string::npos);
  EXPECT_NE(list.Select(".admin-tabs a[aria-current]")->Text().find("(١)"), std::string::npos);
  auto in_trash = Page(noura, trashed.Header("location"));
  EXPECT_EQ(in_trash.Select(".article-status")->Text(), "في المهملات");
  EXPECT_TRUE(in_trash.Select(".notice[role=status]"));
  EXPECT_TRUE(in_trash.Select("form.editor button[value=restore]"));
  EXPECT_FALSE(in_trash.Select("form.editor button[value=publish]"));
  EXPECT_FALSE(in_trash.Select("form.editor button[value=trash]"));
  // The state change is in the article's history, by her.
  auto history = Page(noura, editor_path + "/revisions").SelectAll("tr.revision");
  ASSERT_EQ(history.size(), revisions + 1);
  EXPECT_EQ(history[0].Select(".revision-status")->Text(), "في المهملات");
  EXPECT_EQ(history[0].Select(".revision-author")->Text(), "noura");
  // Saving a trashed article is refused, with the text kept: it is restored first.
  HttpResponse stale = Press(noura, editor_path, "publish", "عنوان من نموذج قديم");
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("عنوان من نموذج قديم"), std::string::npos);
  EXPECT_EQ(HttpGet(Port(), url).status, 404);

  // Restored: a draft, still off the site, until she publishes it again.
  HttpResponse restored = Press(noura, editor_path, "restore");
  ASSERT_EQ(restored.status, 303) << restored.body.substr(0, 300);
  EXPECT_EQ(Status(noura, editor_path), "مسودة");
  EXPECT_EQ(HttpGet(Port(), url).status, 404);
  EXPECT_TRUE(
      Page(noura, "/admin/articles?status=trashed").SelectAll(".admin-table tbody tr").empty());
  ASSERT_EQ(Press(noura, editor_path, "publish").status, 303);
  std::string again = PublicUrl(noura, editor_path);
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(HttpGet(Port(), again).status, 200);
  EXPECT_TRUE(Searchable("حديقة الحي الشرقي", kTitle));
}

TEST_F(TrashTest, AContributorTrashesOnlyHerOwnUnpublishedWork) {
  std::string noura = LogIn("noura");
  std::string sami = LogIn("sami");
  std::string others = Write(noura, kTitle, "publish");
  std::string url = PublicUrl(noura, others);
  // Someone else's article: its editor is not hers to open, and a post is refused on the
  // server, even with a valid token of her own editor form.
  EXPECT_EQ(HttpGet(Port(), others, {{"Cookie", sami}}).status, 403);
  const std::string link = "a[href=\"" + others + "\"]";
  EXPECT_FALSE(Page(sami, "/admin/articles").Select(link));  // its title, without a link
  EXPECT_TRUE(Page(noura, "/admin/articles").Select(link));
  auto token = Page(sami, "/admin/articles/new").Select("form.editor input[name=token]");
  ASSERT_TRUE(token);
  HttpResponse forced = HttpPostForm(Port(), "/admin/articles/save",
                                     {{"token", token->Attr("value")},
                                      {"id", others.substr(others.rfind('/') + 1)},
                                      {"version", "1"},
                                      {"action", "trash"}},
                                     {{"Cookie", sami}});
  EXPECT_EQ(forced.status, 403);
  EXPECT_EQ(HttpGet(Port(), url).status, 200);
  EXPECT_EQ(Status(noura, others), "منشور");

  // Her own draft: to the trash and back.
  std::string own = Write(sami, "مسودة المساهم عن الحديقة", "draft");
  ASSERT_TRUE(Page(sami, own).Select("form.editor button[value=trash]"));
  ASSERT_EQ(Press(sami, own, "trash").status, 303);
  EXPECT_EQ(Status(sami, own), "في المهملات");
  ASSERT_EQ(Press(sami, own, "restore").status, 303);
  EXPECT_EQ(Status(sami, own), "مسودة");
  // Once an editor has published it, taking it down is not hers to do.
  std::string layla = LogIn("layla");
  ASSERT_EQ(Press(layla, own, "publish").status, 303);
  EXPECT_FALSE(Page(sami, own).Select("form.editor button[value=trash]"));
  EXPECT_EQ(Press(sami, own, "trash").status, 403);
  EXPECT_EQ(Status(sami, own), "منشور");
}

TEST_F(TrashTest, EditorsDeleteForGoodOnlyFromTheTrashWithTheConfirmation) {
  std::string layla = LogIn("layla");
  std::string noura = LogIn("noura");
  std::string path = Write(noura, kTitle, "publish");
  std::string url = PublicUrl(noura, path);
  Comment(url, "قارئة", "تعليق على الحديقة الجديدة");
  ASSERT_NE(CommentsCli().find("تعليق على الحديقة"), std::string::npos);
  std::string id = path.substr(path.rfind('/') + 1);
  // A published article offers no permanent delete.
  EXPECT_FALSE(Page(layla, path).Select("form.delete-article"));

  // Another article in the trash gives the form; its token does not delete one that is not
  // in the trash.
  std::string other = Write(layla, "خبر آخر للمهملات", "draft");
  ASSERT_EQ(Press(layla, other, "trash").status, 303);
  auto other_page = Page(layla, other);
  auto other_form = other_page.Select("form.delete-article");
  ASSERT_TRUE(other_form);
  std::string token = other_form->Select("input[name=token]")->Attr("value");
  HttpResponse not_trashed = HttpPostForm(
      Port(), path + "/delete", {{"token", token}, {"confirm", "1"}}, {{"Cookie", layla}});
  EXPECT_EQ(not_trashed.status, 409);
  EXPECT_EQ(HttpGet(Port(), url).status, 200);

  ASSERT_EQ(Press(layla, path, "trash").status, 303);
  auto page = Page(layla, path);
  auto form = page.Select("form.delete-article");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->Attr("action"), path + "/delete");
  EXPECT_TRUE(form->Select("input[type=checkbox][name=confirm]"));
  token = form->Select("input[name=token]")->Attr("value");
  // Without the ticked confirmation: refused with a message, nothing deleted.
  HttpResponse unconfirmed =
      HttpPostForm(Port(), path + "/delete", {{"token", token}}, {{"Cookie", layla}});
  EXPECT_EQ(unconfirmed.status, 422);
  EXPECT_NE(unconfirmed.body.find("مربّع التأكيد"), std::string::npos);
  EXPECT_EQ(HttpGet(Port(), path, {{"Cookie", layla}}).status, 200);
  // A forged token, or an author, changes nothing.
  EXPECT_EQ(HttpPostForm(Port(), path + "/delete", {{"token", "forged"}, {"confirm", "1"}},
                         {{"Cookie", layla}})
                .status,
            403);
  EXPECT_EQ(HttpPostForm(Port(), path + "/delete", {{"token", token}, {"confirm", "1"}},
                         {{"Cookie", noura}})
                .status,
            403);
  EXPECT_EQ(HttpGet(Port(), path, {{"Cookie", layla}}).status, 200);
  EXPECT_NE(CommentsCli().find("تعليق على الحديقة"), std::string::npos);

  HttpResponse deleted = HttpPostForm(Port(), path + "/delete",
                                      {{"token", token}, {"confirm", "1"}}, {{"Cookie", layla}});
  ASSERT_EQ(deleted.status, 303) << deleted.body.substr(0, 300);
  EXPECT_EQ(deleted.Header("location"), "/admin/articles?status=trashed&deleted=1");
  auto list = Page(layla, deleted.Header("location"));
  EXPECT_NE(list.Select(".notice[role=status]")->Text().find("نهائيًا"), std::string::npos);
  EXPECT_EQ(list.Text().find(kTitle), std::string::npos);
  // Gone, with its comments and history.
  EXPECT_EQ(HttpGet(Port(), path, {{"Cookie", layla}}).status, 404);
  EXPECT_EQ(HttpGet(Port(), path + "/revisions", {{"Cookie", layla}}).status, 404);
  EXPECT_EQ(CommentsCli().find("تعليق على الحديقة"), std::string::npos);
  EXPECT_EQ(HttpGet(Port(), url).status, 404);
  // The other trashed article is still there.
  EXPECT_EQ(HttpGet(Port(), other, {{"Cookie", layla}}).status, 200);
}

// The ids of the comments listed on a moderation page, newest first.
std::vector<std::string> Ids(const HtmlDocument& queue) {
  std::vector<std::string> ids;
  for (const auto& box : queue.SelectAll(".moderation-item input[name=ids]"))
    ids.push_back(box.Attr("value"));
  return ids;
}

TEST_F(TrashTest, CommentsGoToTheTrashInBulkAndAreDeletedForGoodOnlyFromThere) {
  std::string noura = LogIn("noura");
  std::string url = PublicUrl(noura, Write(noura, kTitle, "publish"));
  Comment(url, "قارئة", "التعليق الأول على الحديقة");
  Comment(url, "قارئ", "التعليق الثاني على الحديقة");
  std::string layla = LogIn("layla");
  auto queue = Page(layla, "/admin/comments");
  std::vector<std::string> ids = Ids(queue);
  ASSERT_EQ(ids.size(), 2u);
  std::string token = queue.Select("form.moderation input[name=token]")->Attr("value");
  auto moderate = [&](const std::string& status, const std::string& action,
                      const std::vector<std::string>& which, const std::string& with_token) {
    HttpHeaders fields = {{"token", with_token}, {"status", status}, {"action", action}};
    for (const auto& id : which) fields.push_back({"ids", id});
    return HttpPostForm(Port(), "/admin/comments", fields, {{"Cookie", layla}});
  };
  ASSERT_EQ(moderate("pending", "approve", ids, token).status, 303);
  auto shown = [&] {
    return HtmlDocument::Parse(HttpGet(Port(), url).body).SelectAll(".comment").size();
  };
  ASSERT_EQ(shown(), 2u);
  auto trash_tab = [&] {
    auto tab = Page(layla, "/admin/comments").Select(".admin-tabs a[href*=\"status=trash\"]");
    return tab ? tab->Text() : std::string();
  };
  EXPECT_NE(trash_tab().find("المهملات"), std::string::npos);
  EXPECT_NE(trash_tab().find("(٠)"), std::string::npos);
  // The approved tab offers the trash; nothing there deletes at once.
  auto approved = Page(layla, "/admin/comments?status=approved");
  EXPECT_TRUE(approved.Select("#moderation-action option[value=trash]"));
  EXPECT_FALSE(approved.Select("#moderation-action option[value=delete]"));

  // A forged request changes nothing.
  EXPECT_EQ(moderate("approved", "trash", ids, "forged").status, 403);
  EXPECT_EQ(shown(), 2u);

  // Both to the trash at once: hidden from readers, counted under the trash tab.
  HttpResponse trashed = moderate("approved", "trash", ids, token);
  ASSERT_EQ(trashed.status, 303);
  EXPECT_EQ(trashed.Header("location"), "/admin/comments?status=approved&done=2");
  EXPECT_EQ(shown(), 0u);
  EXPECT_NE(trash_tab().find("(٢)"), std::string::npos);
  auto in_trash = Page(layla, "/admin/comments?status=trash");
  EXPECT_EQ(Ids(in_trash).size(), 2u);
  EXPECT_NE(in_trash.Select(".admin-tabs a[aria-current]")->Text().find("المهملات"),
            std::string::npos);
  EXPECT_TRUE(in_trash.Select("#moderation-action option[value=delete]"));
  EXPECT_FALSE(in_trash.Select("#moderation-action option[value=trash]"));
  EXPECT_NE(CommentsCli().find("\ttrash\t"), std::string::npos);

  // Restored by approving it from the trash.
  ASSERT_EQ(moderate("trash", "approve", {ids[0]}, token).status, 303);
  EXPECT_EQ(shown(), 1u);
  EXPECT_NE(trash_tab().find("(١)"), std::string::npos);
  // Deleting for good is refused for a comment that is not in the trash.
  HttpResponse not_in_trash = moderate("trash", "delete", {ids[0]}, token);
  EXPECT_EQ(not_in_trash.Header("location"), "/admin/comments?status=trash&done=0");
  EXPECT_EQ(shown(), 1u);
  // From the trash it is gone for good.
  HttpResponse deleted = moderate("trash", "delete", {ids[1]}, token);
  EXPECT_EQ(deleted.Header("location"), "/admin/comments?status=trash&done=1");
  EXPECT_NE(trash_tab().find("(٠)"), std::string::npos);
  // Each line of the listing starts with the comment's id and a tab.
  std::string cli = "\n" + CommentsCli();
  EXPECT_EQ(cli.find("\n" + ids[1] + "\t"), std::string::npos) << cli;
  EXPECT_NE(cli.find("\n" + ids[0] + "\t"), std::string::npos) << cli;

  // A comment's replies go with it when it is deleted from the trash.
  auto approved_now = Page(layla, "/admin/comments?status=approved");
  auto reply_form = approved_now.Select("form.reply");
  ASSERT_TRUE(reply_form);
  ASSERT_EQ(HttpPostForm(Port(), "/admin/comments/reply",
                         {{"token", reply_form->Select("input[name=token]")->Attr("value")},
                          {"status", "approved"},
                          {"comment", ids[0]},
                          {"text", "شكرًا على متابعتكم."}},
                         {{"Cookie", layla}})
                .status,
            303);
  EXPECT_EQ(shown(), 2u);
  ASSERT_EQ(moderate("approved", "trash", {ids[0]}, token).status, 303);
  ASSERT_EQ(moderate("trash", "delete", {ids[0]}, token).status, 303);
  EXPECT_EQ(shown(), 0u);
  EXPECT_EQ(CommentsCli().find("شكرًا على متابعتكم"), std::string::npos);
}

}  // namespace
}  // namespace khabar::e2e
