// End to end: the WordPress-compatible REST API of the real binary. WordPress's shapes,
// parameters, headers and error objects; only published content (a draft, spam and pending
// comments stay hidden), and no e-mail in any answer.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using nlohmann::json;
using testing::FormUrlEncode;
using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::PercentEncodePath;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";
constexpr const char* kRainTitle = "الأمطار الغزيرة تغمر شوارع الحي الشرقي";
constexpr const char* kMarkupTitle = "<b>عنوان</b> فيه \"اقتباس\" & رمز";
constexpr int kEconomyStories = 10;  // plus the two above: 12 published articles

class WpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    std::string jsonl = dir_.File("stories.jsonl");
    {
      std::ofstream out(jsonl);
      json rain = {{"id", "rain"},
                   {"title", kRainTitle},
                   {"body",
                    "غمرت المياه شوارع الحي الشرقي بعد أمطار غزيرة.\n\nوقالت البلدية إن الفرق "
                    "تعمل على تصريف المياه."},
                   {"category", "محليات"},
                   {"tags", {"طقس", "البلدية"}},
                   {"author", "ريم النجار"},
                   {"published", "2026-11-20T08:00:00Z"},
                   {"comments",
                    {{{"id", "c1"},
                      {"author", "قارئة"},
                      {"email", "first-reader@example.com"},
                      {"body", "شكراً على <التغطية> & المتابعة"},
                      {"published", "2026-11-20T09:00:00Z"}},
                     {{"id", "c2"},
                      {"parent", "c1"},
                      {"author", "قارئ ثان"},
                      {"email", "second-reader@example.com"},
                      {"body", "أوافقك الرأي"},
                      {"published", "2026-11-20T10:00:00Z"}},
                     {{"id", "c3"},
                      {"author", "مزعج"},
                      {"email", "spammer@example.com"},
                      {"body", "اشتر الآن"},
                      {"published", "2026-11-20T11:00:00Z"}}}}};
      out << rain.dump() << "\n";
      json markup = {{"id", "markup"},
                     {"title", kMarkupTitle},
                     {"body", "نص فيه <script>alert(1)</script> ورموز & أخرى."},
                     {"category", "ثقافة"},
                     {"tags", {"كتب"}},
                     {"author", "خالد"},
                     {"published", "2026-11-19T08:00:00Z"}};
      out << markup.dump() << "\n";
      for (int i = 1; i <= kEconomyStories; ++i) {
        json j = {{"id", "eco" + std::to_string(i)},
                  {"title", "خبر اقتصادي رقم " + std::to_string(i)},
                  {"body", "تفاصيل الخبر الاقتصادي رقم " + std::to_string(i) + "."},
                  {"category", "اقتصاد"},
                  {"tags", i % 2 == 0 ? json{"أسواق"} : json{"بورصة"}},
                  {"author", "سامي"},
                  {"published",
                   "2026-11-" + std::string(i < 10 ? "0" : "") + std::to_string(i) + "T12:00:00Z"}};
        out << j.dump() << "\n";
      }
    }
    auto imported = RunCommand({Binary(), "import", "jsonl", jsonl, "--db", db_});
    ASSERT_EQ(imported.status, 0) << imported.err;
    // The spammer's comment is marked as spam.
    auto list = RunCommand({Binary(), "comments", "list", "--db", db_});
    ASSERT_EQ(list.status, 0) << list.err;
    std::string spam_id;
    std::istringstream lines(list.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("مزعج") != std::string::npos) spam_id = line.substr(0, line.find('\t'));
    }
    ASSERT_FALSE(spam_id.empty()) << list.out;
    spam_id_ = std::stoll(spam_id);
    ASSERT_EQ(RunCommand({Binary(), "comments", "spam", spam_id, "--db", db_}).status, 0);
    auto user = RunCommand({Binary(), "user", "add", "layla", "--role", "editor", "--display-name",
                            "ليلى المحررة", "--db", db_},
                           std::string(kPassword) + "\n");
    ASSERT_EQ(user.status, 0) << user.err;

    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << R"({"comment_min_seconds": 0})";
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = {"--config", config}}, &error);
    ASSERT_NE(server_, nullptr) << error;
    site_ = "http://127.0.0.1:" + std::to_string(Port());
  }

  int Port() { return server_->port(); }

  // GET `path`; the body parsed as JSON (null when it is not JSON).
  json Get(const std::string& path, HttpResponse* response = nullptr) {
    HttpResponse r = HttpGet(Port(), path);
    answers_.push_back(r.body);
    if (response) *response = r;
    EXPECT_TRUE(r.Header("content-type").starts_with("application/json")) << path;
    return json::parse(r.body, nullptr, false);
  }

  // The published article whose title is `title`, as the API lists it.
  json PostTitled(const std::string& title) {
    json all = Get("/wp-json/wp/v2/posts?per_page=100");
    for (const auto& p : all) {
      if (p["title"]["rendered"] == title) return p;
    }
    ADD_FAILURE() << "no post titled " << title;
    return json::object();
  }

  // Logs the editor in and saves a new article as a draft; returns its id.
  int64_t WriteDraft(const std::string& title) {
    std::string cookie = SignIn(Port(), "layla", kPassword);
    HttpResponse saved = PostEditor(Port(), cookie, "/admin/articles/new",
                                    {{"title", title},
                                     {"excerpt", ""},
                                     {"body", "مسودة لم تنشر بعد."},
                                     {"category", "محليات"},
                                     {"tags", "سري"},
                                     {"breaking_hours", "0"},
                                     {"publish_at", ""},
                                     {"action", "draft"}});
    EXPECT_EQ(saved.status, 303) << saved.body.substr(0, 300);  // 0: no editor form
    if (saved.status != 303) return 0;
    std::string at = saved.Header("location");  // /admin/articles/<id>?saved=…
    at = at.substr(0, at.find('?'));
    return std::stoll(at.substr(at.rfind('/') + 1));
  }

  // A reader's comment through the article's form; it waits for moderation.
  void PostPendingComment(const std::string& link) {
    std::string path = link.substr(site_.size());
    auto doc = HtmlDocument::Parse(HttpGet(Port(), path).body);
    HttpResponse r = HttpPostForm(
        Port(), "/wp-comments-post.php",
        {{"comment_post_ID", doc.Select("#commentform input[name=comment_post_ID]")->Attr("value")},
         {"comment_parent", "0"},
         {"token", doc.Select("#commentform input[name=token]")->Attr("value")},
         {"author", "قارئ جديد"},
         {"email", "pending-reader@example.com"},
         {"url", ""},
         {"comment", "تعليق ينتظر المراجعة"}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 300);
    ASSERT_NE(r.Header("location").find("comment_status=pending"), std::string::npos);
  }

  static std::vector<int64_t> Ids(const json& list) {
    std::vector<int64_t> ids;
    for (const auto& item : list) ids.push_back(item["id"].get<int64_t>());
    return ids;
  }

  testing::TempDir dir_;
  std::string db_;
  std::string site_;
  int64_t spam_id_ = 0;
  std::unique_ptr<ServerProcess> server_;
  std::vector<std::string> answers_;  // every body the API gave, for the e-mail check
};

TEST_F(WpApiTest, IndexNamesTheNamespaceAndItsRoutes) {
  HttpResponse r;
  json index = Get("/wp-json/", &r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(index["namespaces"], json::array({"wp/v2"}));
  EXPECT_EQ(index["url"], site_);
  EXPECT_EQ(index["name"], "خبر");
  for (const char* route : {"/wp/v2/posts", "/wp/v2/posts/(?P<id>[\\d]+)", "/wp/v2/categories",
                            "/wp/v2/tags", "/wp/v2/users", "/wp/v2/comments", "/wp/v2/search"}) {
    ASSERT_TRUE(index["routes"].contains(route)) << route;
    EXPECT_EQ(index["routes"][route]["methods"], json::array({"GET"})) << route;
  }
  EXPECT_TRUE(index["routes"]["/wp/v2/posts"]["endpoints"][0]["args"].contains("per_page"));
  // Without the trailing slash, and the namespace's own index.
  EXPECT_EQ(Get("/wp-json")["namespaces"], json::array({"wp/v2"}));
  EXPECT_EQ(Get("/wp-json/wp/v2")["namespace"], "wp/v2");
  // Pages tell clients where the API is, as WordPress does.
  EXPECT_EQ(HttpGet(Port(), "/").Header("link"),
            "<" + site_ + "/wp-json/>; rel=\"https://api.w.org/\"");
}

TEST_F(WpApiTest, PostsHaveWordPressShapesNewestFirstWithPaginationHeaders) {
  HttpResponse r;
  json posts = Get("/wp-json/wp/v2/posts", &r);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("x-wp-total"), "12");
  EXPECT_EQ(r.Header("x-wp-totalpages"), "2");
  ASSERT_EQ(posts.size(), 10u);  // WordPress's default per_page
  EXPECT_EQ(r.Header("link"), "<" + site_ + "/wp-json/wp/v2/posts?page=2>; rel=\"next\"");

  const json& p = posts[0];
  EXPECT_EQ(p["title"]["rendered"], kRainTitle);
  for (const char* key :
       {"id",      "date",   "date_gmt",       "guid",           "modified",    "modified_gmt",
        "slug",    "status", "type",           "link",           "title",       "content",
        "excerpt", "author", "featured_media", "comment_status", "ping_status", "sticky",
        "format",  "meta",   "categories",     "tags",           "_links"}) {
    EXPECT_TRUE(p.contains(key)) << key;
  }
  EXPECT_EQ(p["date"], "2026-11-20T08:00:00");
  EXPECT_EQ(p["date_gmt"], "2026-11-20T08:00:00");
  EXPECT_TRUE(std::regex_match(p["modified_gmt"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")));
  EXPECT_EQ(p["status"], "publish");
  EXPECT_EQ(p["type"], "post");
  EXPECT_EQ(p["featured_media"], 0);
  EXPECT_EQ(p["content"]["protected"], false);
  EXPECT_EQ(p["content"]["rendered"],
            "<p>غمرت المياه شوارع الحي الشرقي بعد أمطار غزيرة.</p>\n<p>وقالت البلدية إن الفرق "
            "تعمل على تصريف المياه.</p>\n");
  EXPECT_TRUE(p["excerpt"]["rendered"].get<std::string>().starts_with("<p>غمرت المياه"));
  std::string link = p["link"];
  EXPECT_TRUE(link.starts_with(site_ + "/2026/11/")) << link;
  EXPECT_EQ(HttpGet(Port(), link.substr(site_.size())).status, 200);  // the article's page
  EXPECT_EQ(testing::PercentDecode(link.substr(site_.size())),
            "/2026/11/" + p["slug"].get<std::string>() + "/");
  EXPECT_EQ(p["categories"].size(), 1u);
  EXPECT_EQ(p["tags"].size(), 2u);

  // Page 2 holds the rest, with a link back.
  json second = Get("/wp-json/wp/v2/posts?page=2", &r);
  EXPECT_EQ(second.size(), 2u);
  EXPECT_EQ(r.Header("link"), "<" + site_ + "/wp-json/wp/v2/posts?page=1>; rel=\"prev\"");
  // One post by id is the same object.
  json one = Get("/wp-json/wp/v2/posts/" + std::to_string(p["id"].get<int64_t>()), &r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(one, p);
}

TEST_F(WpApiTest, TitlesAndBodiesAreEscapedHtmlInValidJson) {
  json p = PostTitled("&lt;b&gt;عنوان&lt;/b&gt; فيه &quot;اقتباس&quot; &amp; رمز");
  EXPECT_EQ(p["content"]["rendered"],
            "<p>نص فيه &lt;script&gt;alert(1)&lt;/script&gt; ورموز &amp; أخرى.</p>\n");
  HttpResponse r = HttpGet(Port(), "/wp-json/wp/v2/posts?per_page=100");
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
}

TEST_F(WpApiTest, PostsFilterByCategoryTagAuthorSlugAndDates) {
  json categories = Get("/wp-json/wp/v2/categories?per_page=100");
  std::map<std::string, int64_t> category;
  for (const auto& c : categories) category[c["name"]] = c["id"];
  HttpResponse r;
  json eco =
      Get("/wp-json/wp/v2/posts?per_page=100&categories=" + std::to_string(category["اقتصاد"]), &r);
  EXPECT_EQ(eco.size(), static_cast<size_t>(kEconomyStories));
  EXPECT_EQ(r.Header("x-wp-total"), std::to_string(kEconomyStories));
  // A list as WordPress takes it, in either form.
  std::string two = std::to_string(category["محليات"]) + "," + std::to_string(category["ثقافة"]);
  EXPECT_EQ(Get("/wp-json/wp/v2/posts?categories=" + two).size(), 2u);
  EXPECT_EQ(Get("/wp-json/wp/v2/posts?categories%5B%5D=" + std::to_string(category["محليات"]) +
                "&categories%5B%5D=" + std::to_string(category["ثقافة"]))
                .size(),
            2u);

  json tags = Get("/wp-json/wp/v2/tags?search=" + PercentEncodePath("أسواق"));
  ASSERT_EQ(tags.size(), 1u);
  json markets =
      Get("/wp-json/wp/v2/posts?per_page=100&tags=" + std::to_string(tags[0]["id"].get<int64_t>()));
  EXPECT_EQ(markets.size(), static_cast<size_t>(kEconomyStories / 2));
  for (const auto& p : markets) EXPECT_EQ(p["categories"][0], category["اقتصاد"]);

  json rain = PostTitled(kRainTitle);
  json by_author =
      Get("/wp-json/wp/v2/posts?author=" + std::to_string(rain["author"].get<int64_t>()));
  EXPECT_EQ(Ids(by_author), std::vector<int64_t>{rain["id"]});
  json by_slug =
      Get("/wp-json/wp/v2/posts?slug=" + PercentEncodePath(rain["slug"].get<std::string>()));
  EXPECT_EQ(Ids(by_slug), std::vector<int64_t>{rain["id"]});

  // after/before are strict bounds on the publication date.
  json window = Get("/wp-json/wp/v2/posts?after=2026-11-03T12:00:00&before=2026-11-06T12:00:00Z");
  std::vector<std::string> dates;
  for (const auto& p : window) dates.push_back(p["date"]);
  EXPECT_EQ(dates, (std::vector<std::string>{"2026-11-05T12:00:00", "2026-11-04T12:00:00"}));
}

TEST_F(WpApiTest, OrderPagingSearchAndFields) {
  json asc = Get("/wp-json/wp/v2/posts?per_page=100&orderby=id&order=asc&_fields=id");
  std::vector<int64_t> ids = Ids(asc);
  EXPECT_EQ(ids.size(), 12u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  json oldest = Get("/wp-json/wp/v2/posts?order=asc&per_page=1&_fields=date");
  EXPECT_EQ(oldest[0]["date"], "2026-11-01T12:00:00");
  json by_title = Get("/wp-json/wp/v2/posts?orderby=title&order=asc&per_page=3&_fields=title");
  EXPECT_EQ(by_title[0]["title"]["rendered"],
            "&lt;b&gt;عنوان&lt;/b&gt; فيه &quot;اقتباس&quot; &amp; رمز");

  HttpResponse r;
  json third = Get("/wp-json/wp/v2/posts?per_page=5&page=3", &r);
  EXPECT_EQ(third.size(), 2u);
  EXPECT_EQ(r.Header("x-wp-totalpages"), "3");
  EXPECT_EQ(r.Header("link"),
            "<" + site_ + "/wp-json/wp/v2/posts?per_page=5&page=2>; rel=\"prev\"");
  json beyond = Get("/wp-json/wp/v2/posts?per_page=5&page=4", &r);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(beyond["code"], "rest_post_invalid_page_number");

  // The store's Arabic search: "امطار" finds "الأمطار" (hamza and article do not matter).
  json found =
      Get("/wp-json/wp/v2/posts?search=" + PercentEncodePath("امطار") + "&orderby=relevance", &r);
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]["title"]["rendered"], kRainTitle);
  EXPECT_EQ(r.Header("x-wp-total"), "1");

  // _fields keeps only what is asked, nested too.
  json picked = Get("/wp-json/wp/v2/posts?per_page=2&_fields=id,title.rendered,link");
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].size(), 3u);
  EXPECT_EQ(picked[0]["title"], json({{"rendered", kRainTitle}}));
  json one = Get("/wp-json/wp/v2/posts/" + std::to_string(picked[0]["id"].get<int64_t>()) +
                 "?_fields=slug");
  EXPECT_EQ(one.size(), 1u);
  EXPECT_TRUE(one.contains("slug"));
}

TEST_F(WpApiTest, BadParametersGetWordPressErrorObjects) {
  HttpResponse r;
  json e =
      Get("/wp-json/wp/v2/posts?per_page=101&page=0&orderby=color&order=up&categories=x"
          "&after=yesterday",
          &r);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(e["code"], "rest_invalid_param");
  EXPECT_EQ(e["data"]["status"], 400);
  std::set<std::string> names;
  for (const auto& [k, v] : e["data"]["params"].items()) names.insert(k);
  EXPECT_EQ(names,
            (std::set<std::string>{"per_page", "page", "orderby", "order", "categories", "after"}));
  EXPECT_EQ(e["data"]["params"]["per_page"],
            "per_page must be between 1 (inclusive) and 100 (inclusive)");
  EXPECT_EQ(e["data"]["params"]["order"], "order is not one of asc and desc.");
  EXPECT_TRUE(e["message"].get<std::string>().starts_with("Invalid parameter(s): "));

  e = Get("/wp-json/wp/v2/posts?orderby=relevance", &r);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(e["code"], "rest_no_search_term_defined");
  e = Get("/wp-json/wp/v2/posts/999999", &r);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e, json({{"code", "rest_post_invalid_id"},
                     {"message", "Invalid post ID."},
                     {"data", {{"status", 404}}}}));
  e = Get("/wp-json/wp/v2/pages", &r);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e["code"], "rest_no_route");
  EXPECT_EQ(Get("/wp-json/wp/v2/posts/abc", &r)["code"], "rest_no_route");
  EXPECT_EQ(Get("/wp-json/wp/v2/categories/424242", &r)["code"], "rest_term_invalid");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Get("/wp-json/wp/v2/users/424242", &r)["code"], "rest_user_invalid_id");
  EXPECT_EQ(Get("/wp-json/wp/v2/posts?status=draft", &r)["code"], "rest_invalid_param");
  EXPECT_EQ(Get("/wp-json/wp/v2/posts?context=edit", &r)["code"], "rest_forbidden_context");
  EXPECT_EQ(r.status, 401);
  // Writing is not part of this API.
  HttpResponse post = HttpPostForm(Port(), "/wp-json/wp/v2/posts", {{"title", "x"}});
  EXPECT_EQ(post.status, 404);
  EXPECT_EQ(json::parse(post.body)["code"], "rest_no_route");
}

TEST_F(WpApiTest, OnlyPublishedContentIsVisible) {
  int64_t draft = WriteDraft("مسودة سرية عن الميزانية");
  ASSERT_GT(draft, 0);
  HttpResponse r;
  json e = Get("/wp-json/wp/v2/posts/" + std::to_string(draft), &r);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e["code"], "rest_post_invalid_id");
  json all = Get("/wp-json/wp/v2/posts?per_page=100", &r);
  EXPECT_EQ(r.Header("x-wp-total"), "12");
  std::vector<int64_t> ids = Ids(all);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), draft), 0);
  EXPECT_TRUE(Get("/wp-json/wp/v2/posts?include=" + std::to_string(draft)).empty());
  EXPECT_TRUE(Get("/wp-json/wp/v2/posts?search=" + PercentEncodePath("مسودة سرية")).empty());
  EXPECT_TRUE(Get("/wp-json/wp/v2/tags?post=" + std::to_string(draft)).empty());
  EXPECT_TRUE(Get("/wp-json/wp/v2/search?search=" + PercentEncodePath("مسودة سرية")).empty());

  // The draft's tag exists but carries no published article; its category's count is the
  // published articles only.
  json secret = Get("/wp-json/wp/v2/tags?search=" + PercentEncodePath("سري"));
  ASSERT_EQ(secret.size(), 1u);
  EXPECT_EQ(secret[0]["count"], 0);
  EXPECT_TRUE(
      Get("/wp-json/wp/v2/tags?hide_empty=true&search=" + PercentEncodePath("سري")).empty());
  json local = Get("/wp-json/wp/v2/categories?slug=" + PercentEncodePath("محليات"));
  ASSERT_EQ(local.size(), 1u);
  EXPECT_EQ(local[0]["count"], 1);
  EXPECT_EQ(local[0]["taxonomy"], "category");
  EXPECT_EQ(local[0]["parent"], 0);
  EXPECT_EQ(local[0]["link"], site_ + "/category/" + PercentEncodePath("محليات") + "/");

  // Users are the bylines of published articles: not the editor who wrote only a draft.
  json users = Get("/wp-json/wp/v2/users?per_page=100");
  std::set<std::string> names;
  for (const auto& u : users) names.insert(u["name"]);
  EXPECT_EQ(names, (std::set<std::string>{"ريم النجار", "خالد", "سامي"}));
  for (const auto& u : users) {
    for (const auto& [k, v] : u.items()) {
      EXPECT_TRUE(k == "id" || k == "name" || k == "url" || k == "description" || k == "link" ||
                  k == "slug" || k == "meta" || k == "_links")
          << k;
    }
  }
}

TEST_F(WpApiTest, CommentsAreApprovedOnesOnlyAndNeverCarryAnEmail) {
  json rain = PostTitled(kRainTitle);
  PostPendingComment(rain["link"]);
  HttpResponse r;
  std::string post = std::to_string(rain["id"].get<int64_t>());
  json comments = Get("/wp-json/wp/v2/comments?post=" + post + "&order=asc", &r);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("x-wp-total"), "2");  // not the spam, not the pending one
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0]["author_name"], "قارئة");
  EXPECT_EQ(comments[0]["parent"], 0);
  EXPECT_EQ(comments[0]["post"], rain["id"]);
  EXPECT_EQ(comments[0]["status"], "approved");
  EXPECT_EQ(comments[0]["date"], "2026-11-20T09:00:00");
  EXPECT_EQ(comments[0]["content"]["rendered"], "<p>شكراً على &lt;التغطية&gt; &amp; المتابعة</p>\n");
  EXPECT_EQ(comments[0]["link"], rain["link"].get<std::string>() + "#comment-" +
                                     std::to_string(comments[0]["id"].get<int64_t>()));
  EXPECT_EQ(comments[1]["parent"], comments[0]["id"]);
  EXPECT_EQ(Get("/wp-json/wp/v2/comments?parent=0&post=" + post).size(), 1u);
  EXPECT_EQ(Get("/wp-json/wp/v2/comments/" + std::to_string(spam_id_), &r)["code"],
            "rest_comment_invalid_id");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Get("/wp-json/wp/v2/comments/" + std::to_string(comments[0]["id"].get<int64_t>())),
            comments[0]);
  EXPECT_EQ(Get("/wp-json/wp/v2/comments?status=spam", &r)["code"], "rest_forbidden_param");

  // Every answer of every endpoint, with every field: no e-mail and no "email" key.
  for (const char* path :
       {"/wp-json/", "/wp-json/wp/v2/comments?per_page=100", "/wp-json/wp/v2/users?per_page=100",
        "/wp-json/wp/v2/posts?per_page=100", "/wp-json/wp/v2/comments?context=embed",
        "/wp-json/wp/v2/search?search=%D8%A7%D9%85%D8%B7%D8%A7%D8%B1"}) {
    Get(path);
  }
  Get("/wp-json/wp/v2/users/" + std::to_string(rain["author"].get<int64_t>()));
  for (const std::string& body : answers_) {
    EXPECT_EQ(body.find("@example.com"), std::string::npos) << body.substr(0, 300);
    EXPECT_EQ(body.find("email"), std::string::npos) << body.substr(0, 300);
  }
}

TEST_F(WpApiTest, AnswersFollowWritesAtOnce) {
  json rain = PostTitled(kRainTitle);
  std::string path = "/wp-json/wp/v2/comments?post=" + std::to_string(rain["id"].get<int64_t>());
  EXPECT_EQ(Get(path).size(), 2u);
  EXPECT_EQ(Get(path).size(), 2u);  // served again (cached)
  ASSERT_EQ(
      RunCommand({Binary(), "comments", "approve", std::to_string(spam_id_), "--db", db_}).status,
      0);
  AwaitOtherProcessWrite();  // another process: seen within a second
  EXPECT_EQ(Get(path).size(), 3u);
}

TEST_F(WpApiTest, SearchEndpointHasWordPressShape) {
  HttpResponse r;
  json hits =
      Get("/wp-json/wp/v2/search?search=" + PercentEncodePath("اقتصادي") + "&per_page=4", &r);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("x-wp-total"), std::to_string(kEconomyStories));
  EXPECT_EQ(r.Header("x-wp-totalpages"), "3");
  ASSERT_EQ(hits.size(), 4u);
  for (const auto& h : hits) {
    EXPECT_EQ(h["type"], "post");
    EXPECT_EQ(h["subtype"], "post");
    EXPECT_TRUE(h["title"].get<std::string>().starts_with("خبر اقتصادي رقم"));
    EXPECT_TRUE(h["url"].get<std::string>().starts_with(site_ + "/2026/11/"));
    EXPECT_TRUE(h["id"].is_number_integer());
  }
  EXPECT_EQ(Get("/wp-json/wp/v2/search?type=user", &r)["code"], "rest_invalid_param");
  // WordPress's other address form for servers without pretty links.
  json viaQuery = Get("/?rest_route=/wp/v2/search&search=" + FormUrlEncode("امطار"));
  ASSERT_EQ(viaQuery.size(), 1u);
  EXPECT_EQ(viaQuery[0]["title"], kRainTitle);
}

// The site_url setting: links name the public address, not the one served; a value that is
// not an http(s) address is refused at start.
TEST(WpApiSiteUrlTest, LinksStartWithTheConfiguredSiteUrl) {
  testing::TempDir dir;
  std::string db = testing::TestDb(dir, "k.db");
  auto seed =
      RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db});
  ASSERT_EQ(seed.status, 0) << seed.err;
  std::string config = dir.File("khabar.json");
  std::ofstream(config) << R"({"site_url": "ftp://news.example"})";
  auto refused =
      RunCommand({Binary(), "serve", "--config", config, "--db", db}, "", std::chrono::seconds(20));
  EXPECT_NE(refused.status, 0);
  EXPECT_NE(refused.err.find("site_url"), std::string::npos) << refused.err;

  std::ofstream(config) << R"({"site_url": "https://news.example/"})";
  std::string error;
  auto server = ServerProcess::Start(
      {.binary = Binary(), .db_path = db, .extra_args = {"--config", config}}, &error);
  ASSERT_NE(server, nullptr) << error;
  HttpResponse r = HttpGet(server->port(), "/wp-json/wp/v2/posts");
  json posts = json::parse(r.body);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_TRUE(posts[0]["link"].get<std::string>().starts_with("https://news.example/20"))
      << posts[0]["link"];
  EXPECT_EQ(json::parse(HttpGet(server->port(), "/wp-json/").body)["url"], "https://news.example");
  EXPECT_EQ(HttpGet(server->port(), "/").Header("link"),
            "<https://news.example/wp-json/>; rel=\"https://api.w.org/\"");
  EXPECT_EQ(server->Stop(), 0);
}

}  // namespace
}  // namespace khabar::e2e
