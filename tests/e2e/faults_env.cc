#include "tests/e2e/faults_env.h"

#include <fstream>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::RunCommand;

bool MakeFaultSite(const std::string& db, const std::string& config, std::string* error) {
  auto seed =
      RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db});
  if (seed.status != 0) {
    *error = "import: " + seed.err;
    return false;
  }
  auto user = RunCommand({Binary(), "user", "add", "huda", "--role", "editor", "--db", db},
                         std::string(kEditorPassword) + "\n");
  if (user.status != 0) {
    *error = "user add: " + user.err;
    return false;
  }
  std::ofstream(config) << R"({"comment_min_seconds": 0, "comment_max_per_minute": 10000})";
  return true;
}

std::string UniqueWord(const std::string& tag, int n) {
  // Letters only: "crash" + tag + n written in letters a..j.
  std::string word = "zq" + tag;
  for (char c : std::to_string(n)) word.push_back(static_cast<char>('a' + (c - '0')));
  return word;
}

int PublishArticle(int port, const std::string& cookie, const std::string& tag, int n,
                   AckedArticle* out, const std::string& action) {
  AckedArticle a;
  a.word = UniqueWord(tag, n);
  a.title = "خبر عاجل رقم " + std::to_string(n) + " " + a.word;
  a.body = "الفقرة الأولى من الخبر " + a.word + " عن المدينة.\n\nالفقرة الثانية تروي ما جرى.";
  HttpResponse r = PostEditor(port, cookie, "/admin/articles/new",
                              {{"title", a.title},
                               {"excerpt", ""},
                               {"body", a.body},
                               {"category", "محليات"},
                               {"tags", ""},
                               {"breaking_hours", "0"},
                               {"publish_at", ""},
                               {"action", action}});
  if (r.status != 303) return r.status;
  std::string where = r.Header("location");  // /admin/articles/ID?saved=1
  size_t slash = where.rfind('/');
  if (slash == std::string::npos) return -1;
  a.id = std::atoll(where.c_str() + slash + 1);
  if (a.id <= 0) return -1;
  *out = std::move(a);
  return 303;
}

CommentTarget FindCommentTarget(int port) {
  CommentTarget t;
  auto home = HtmlDocument::Parse(HttpGet(port, "/").body);
  auto link = home.Select("main .card-title a");
  if (!link) return t;
  t.path = link->Attr("href");
  auto doc = HtmlDocument::Parse(HttpGet(port, t.path).body);
  auto id = doc.Select("#commentform input[name=comment_post_ID]");
  auto token = doc.Select("#commentform input[name=token]");
  if (!id || !token) return t;
  t.article_id = std::atoll(id->Attr("value").c_str());
  t.token = token->Attr("value");
  return t;
}

HttpResponse PostComment(int port, const CommentTarget& target, const std::string& tag, int n,
                         AckedComment* out) {
  AckedComment c;
  c.article_id = target.article_id;
  c.author = "قارئ " + tag;
  c.body = "تعليق " + tag + " رقم " + std::to_string(n) + " على الخبر، بلا روابط.";
  HttpResponse r = HttpPostForm(port, "/wp-comments-post.php",
                                {{"comment_post_ID", std::to_string(target.article_id)},
                                 {"comment_parent", "0"},
                                 {"token", target.token},
                                 {"author", c.author},
                                 {"email", "reader-" + tag + "@example.com"},
                                 {"url", ""},
                                 {"comment", c.body}});
  if (r.status == 303) *out = std::move(c);
  return r;
}

std::vector<std::vector<std::string>> DbRows(const std::string& db, const std::string& sql) {
  return testing::QueryRows(db, sql);
}

}  // namespace khabar::e2e
