// End to end: who may do what in the newsroom. kRules below is the one table of every admin
// route and every write the server accepts, against every role and against no session; the
// test runs each row as each of them through the real binary and checks the status, and
// that a refused write committed nothing (the database's data_version did not move). Every
// refused attempt carries a valid CSRF token for its form and session, so it is the role that
// refuses it. Routes come from `khabar routes`: one that the table does not list fails the
// test. Then sessions: fixation, CSRF, a cookie kept after logout, brute force, cookie flags.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "src/auth/auth.h"
#include "src/http/admin.h"
#include "src/http/tokens.h"
#include "src/store/store.h"
#include "tests/e2e/e2e_env.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempDir;

// Who asks: no session, then each role (each may what the ones before it may).
enum Who { kNobody, kContributor, kAuthor, kEditor, kAdmin };
constexpr Who kEveryone[] = {kNobody, kContributor, kAuthor, kEditor, kAdmin};
constexpr const char* kWhoName[] = {"no session", "contributor", "author", "editor", "admin"};

// What a row acts on, made for each attempt: "own" is written by the one asking, "other" by
// somebody else.
enum class On {
  kNothing,
  kOwnDraft,
  kOwnPublished,
  kOwnTrashed,
  kOtherDraft,
  kOtherPublished,
  kOtherTrashed,
  kComment,  // pending, under a published article
  kTag,
  kCategory,
  kUser,
  kSeparately,  // not run here: see the named test
};

// One row: a route as `khabar routes` prints it, what is tried, and the lowest role that may
// do it (kNobody: anyone). Those below it get 403, or the login page (303) without a
// session. In the target and the fields, {id} is the id of what the row acts on, {version}
// its version, {rev} its revision and {n} a number unique to the attempt; {cat} is another
// category. `form` names the form whose CSRF token is sent. GET fields are the query.
struct Rule {
  const char* method;
  const char* route;
  const char* what;
  On on;
  const char* form;
  const char* fields;
  Who lowest;
  int ok;  // the status of those who may
};

// clang-format off
const Rule kRules[] = {
  // The newsroom's entrance (SessionTest below).
  {"GET",  "/admin/login", "the login form", On::kSeparately, "", "", kNobody, 200},
  {"POST", "/admin/login", "signing in", On::kSeparately, "", "", kNobody, 303},
  {"POST", "/admin/logout", "signing out", On::kSeparately, "", "", kContributor, 303},
  {"GET",  "/admin/", "the newsroom's home", On::kNothing, "", "", kContributor, 200},
  // Articles.
  {"GET",  "/admin/articles", "the list of articles", On::kNothing, "", "", kContributor, 200},
  {"GET",  "/admin/articles/new", "a new article's editor", On::kNothing, "", "", kContributor, 200},
  {"GET",  "/admin/articles/{}", "the editor of one's own draft", On::kOwnDraft, "", "", kContributor, 200},
  {"GET",  "/admin/articles/{}", "the editor of another's draft", On::kOtherDraft, "", "", kEditor, 200},
  {"POST", "/admin/articles/save", "a new draft", On::kNothing, "editor", "action=draft&title=مسودة {n}&body=نص", kContributor, 303},
  {"POST", "/admin/articles/save", "a new article sent for review", On::kNothing, "editor", "action=pending&title=للمراجعة {n}&body=نص", kContributor, 303},
  {"POST", "/admin/articles/save", "publishing a new article", On::kNothing, "editor", "action=publish&title=منشور {n}&body=نص", kAuthor, 303},
  {"POST", "/admin/articles/save", "scheduling a new article", On::kNothing, "editor", "action=schedule&publish_at=2099-01-01T08:00&title=مجدول {n}&body=نص", kAuthor, 303},
  {"POST", "/admin/articles/save", "saving one's own draft", On::kOwnDraft, "editor", "action=draft&id={id}&version={version}&title=معدل {n}&body=نص", kContributor, 303},
  {"POST", "/admin/articles/save", "one's own published article saved as a draft", On::kOwnPublished, "editor", "action=draft&id={id}&version={version}&title=معدل {n}&body=نص", kAuthor, 303},
  {"POST", "/admin/articles/save", "one's own published article sent for review", On::kOwnPublished, "editor", "action=pending&id={id}&version={version}&title=معدل {n}&body=نص", kAuthor, 303},
  {"POST", "/admin/articles/save", "unpublishing one's own article", On::kOwnPublished, "editor", "action=unpublish&id={id}&version={version}&title=معدل {n}&body=نص", kAuthor, 303},
  {"POST", "/admin/articles/save", "saving another's draft", On::kOtherDraft, "editor", "action=draft&id={id}&version={version}&title=معدل {n}&body=نص", kEditor, 303},
  {"POST", "/admin/articles/save", "one's own draft to the trash", On::kOwnDraft, "editor", "action=trash&id={id}&version={version}", kContributor, 303},
  {"POST", "/admin/articles/save", "one's own published article to the trash", On::kOwnPublished, "editor", "action=trash&id={id}&version={version}", kAuthor, 303},
  {"POST", "/admin/articles/save", "another's draft to the trash", On::kOtherDraft, "editor", "action=trash&id={id}&version={version}", kEditor, 303},
  {"POST", "/admin/articles/save", "one's own article back from the trash", On::kOwnTrashed, "editor", "action=restore&id={id}&version={version}", kContributor, 303},
  {"POST", "/admin/articles/save", "another's article back from the trash", On::kOtherTrashed, "editor", "action=restore&id={id}&version={version}", kEditor, 303},
  {"POST", "/admin/articles/preview", "previewing a new article", On::kNothing, "editor", "title=معاينة&body=نص", kContributor, 200},
  {"POST", "/admin/articles/preview", "previewing another's article", On::kOtherDraft, "editor", "id={id}&title=معاينة&body=نص", kEditor, 200},
  {"GET",  "/admin/articles/{}/revisions", "one's own article's revisions", On::kOwnDraft, "", "", kContributor, 200},
  {"GET",  "/admin/articles/{}/revisions", "another's article's revisions", On::kOtherDraft, "", "", kEditor, 200},
  {"GET",  "/admin/articles/{}/revisions/{}", "a revision of one's own article", On::kOwnDraft, "", "", kContributor, 200},
  {"GET",  "/admin/articles/{}/revisions/{}", "a revision of another's article", On::kOtherDraft, "", "", kEditor, 200},
  {"POST", "/admin/articles/{}/revisions/{}/restore", "restoring a revision of one's own article", On::kOwnDraft, "restore", "version={version}", kAuthor, 303},
  {"POST", "/admin/articles/{}/revisions/{}/restore", "restoring a revision of another's article", On::kOtherDraft, "restore", "version={version}", kEditor, 303},
  {"POST", "/admin/articles/{}/image", "the featured image of one's own article", On::kOwnDraft, "image", "action=remove", kAuthor, 303},
  {"POST", "/admin/articles/{}/image", "the featured image of another's article", On::kOtherDraft, "image", "action=remove", kEditor, 303},
  {"POST", "/admin/articles/{}/correction", "a correction", On::kOtherPublished, "correction", "text=تصحيح {n}", kEditor, 303},
  {"POST", "/admin/articles/{}/delete", "deleting for good", On::kOtherTrashed, "article-delete", "confirm=1", kEditor, 303},
  // Comments.
  {"GET",  "/admin/comments", "the moderation queue", On::kNothing, "", "", kEditor, 200},
  {"POST", "/admin/comments", "approving a comment", On::kComment, "moderate", "action=approve&ids={id}&status=pending", kEditor, 303},
  {"POST", "/admin/comments/reply", "answering a comment", On::kComment, "moderate", "comment={id}&text=شكرا {n}&status=pending", kEditor, 303},
  {"POST", "/wp-comments-post.php", "a reader's comment", On::kSeparately, "", "", kNobody, 303},
  // Tags and categories.
  {"GET",  "/admin/tags", "the tags", On::kNothing, "", "", kEditor, 200},
  {"GET",  "/admin/tags/suggest", "tag suggestions for the editor", On::kNothing, "", "q=ا", kContributor, 200},
  {"POST", "/admin/tags", "a new tag", On::kNothing, "taxonomy", "name=وسم {n}", kEditor, 303},
  {"GET",  "/admin/tags/{}", "a tag's page", On::kTag, "", "", kEditor, 200},
  {"POST", "/admin/tags/{}/rename", "renaming a tag", On::kTag, "taxonomy", "name=اسم {n}&slug=", kEditor, 303},
  {"POST", "/admin/tags/{}/merge", "merging a tag", On::kTag, "taxonomy", "into=وسم الدمج", kEditor, 303},
  {"POST", "/admin/tags/{}/delete", "deleting a tag", On::kTag, "taxonomy", "confirm=1", kEditor, 303},
  {"GET",  "/admin/categories", "the categories", On::kNothing, "", "", kEditor, 200},
  {"POST", "/admin/categories", "a new category", On::kNothing, "taxonomy", "name=قسم {n}", kEditor, 303},
  {"POST", "/admin/categories/order", "the menu's order", On::kCategory, "taxonomy", "id={id}&move=up", kEditor, 303},
  {"GET",  "/admin/categories/{}", "a category's page", On::kCategory, "", "", kEditor, 200},
  {"POST", "/admin/categories/{}/rename", "renaming a category", On::kCategory, "taxonomy", "name=اسم قسم {n}&slug=", kEditor, 303},
  {"POST", "/admin/categories/{}/merge", "merging a category", On::kCategory, "taxonomy", "into={cat}", kEditor, 303},
  {"POST", "/admin/categories/{}/delete", "deleting a category", On::kCategory, "taxonomy", "confirm=1&move_to={cat}", kEditor, 303},
  // Accounts.
  {"GET",  "/admin/users", "the accounts", On::kNothing, "", "", kAdmin, 200},
  {"POST", "/admin/users", "a new account", On::kNothing, "users", "name=user{n}&display_name=&role=editor&password=كلمة مرور طويلة جدا&password_again=كلمة مرور طويلة جدا", kAdmin, 303},
  {"GET",  "/admin/users/{}", "an account's page", On::kUser, "", "", kAdmin, 200},
  {"POST", "/admin/users/{}/profile", "an account's role", On::kUser, "users", "display_name=&role=admin", kAdmin, 303},
  {"POST", "/admin/users/{}/password", "an account's password", On::kUser, "users", "password=كلمة مرور أخرى طويلة&password_again=كلمة مرور أخرى طويلة", kAdmin, 303},
  {"POST", "/admin/users/{}/disable", "disabling an account", On::kUser, "users", "confirm=1", kAdmin, 303},
  {"POST", "/admin/users/{}/enable", "enabling an account", On::kUser, "users", "", kAdmin, 303},
};
// clang-format on

constexpr const char* kPassword = "كلمة سر طويلة للاختبار";
struct Account {
  const char* name;
  const char* role;
  const char* display;
};
// Indexed by Who (kNobody has none).
constexpr Account kAccounts[] = {
    {"", "", ""},
    {"sami", "contributor", "سامي"},
    {"huda", "author", "هدى"},
    {"layla", "editor", "ليلى"},
    {"nour", "admin", "نور"},
};
constexpr const char* kOtherWriter = "كاتب آخر";

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// "a=1&b=2" as fields (values as typed, not encoded).
testing::HttpHeaders Fields(const std::string& text) {
  testing::HttpHeaders out;
  std::stringstream in(text);
  std::string pair;
  while (std::getline(in, pair, '&')) {
    size_t eq = pair.find('=');
    out.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
  }
  return out;
}

std::string QueryOf(const testing::HttpHeaders& fields) {
  std::string q;
  for (const auto& [k, v] : fields) {
    q += (q.empty() ? "?" : "&") + testing::FormUrlEncode(k) + "=" + testing::FormUrlEncode(v);
  }
  return q;
}

// A served site with the four accounts, and the test's own handle on its database: to make
// what rows act on, to mint CSRF tokens and to see whether anything was committed.
class Newsroom {
 public:
  explicit Newsroom(std::vector<std::string> extra_args = {}) {
    db_ = testing::TestDb(dir_, "k.db");  // or a PostgreSQL database (KHABAR_TEST_DB)
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    EXPECT_EQ(seed.status, 0) << seed.err;
    for (int w = kContributor; w <= kAdmin; ++w) {
      auto r = RunCommand({Binary(), "user", "add", kAccounts[w].name, "--role", kAccounts[w].role,
                           "--display-name", kAccounts[w].display, "--db", db_},
                          std::string(kPassword) + "\n");
      EXPECT_EQ(r.status, 0) << r.err;
    }
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(), .db_path = db_, .extra_args = std::move(extra_args)}, &error);
    EXPECT_NE(server_, nullptr) << error;
    auto store = store::OpenStore({.path = db_});
    EXPECT_TRUE(store.ok()) << store.status().message();
    if (store.ok()) store_ = std::move(*store);
    auto key = store_->GetOrCreateSetting("form_token_key", "");
    EXPECT_TRUE(key.ok() && http::FormTokens::IsValidKeyHex(*key));
    tokens_ = std::make_unique<http::FormTokens>(key.ok() ? *key : "");
  }
  bool ok() const { return server_ && store_; }
  int port() const { return server_->port(); }
  const std::string& dir() const { return dir_.path(); }
  store::Store& store() { return *store_; }

  // A token for form `form`, as the server issues it to the session of `cookie`.
  std::string Token(const std::string& form, const std::string& cookie) const {
    store::Session s;
    s.digest = auth::TokenDigest(cookie.substr(cookie.find('=') + 1));
    return tokens_->Issue(http::AdminFormPurpose(form, s), Now());
  }

  uint64_t Version() {
    auto v = store_->DataVersion();
    EXPECT_TRUE(v.ok());
    return v.ok() ? *v : 0;
  }

  // Waits until nothing has been committed for a while (the server's background work, such
  // as related blocks, is done), for at most 30 seconds.
  void WaitQuiet() {
    uint64_t last = Version();
    auto quiet_since = std::chrono::steady_clock::now();
    auto end = quiet_since + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      uint64_t v = Version();
      if (v != last) {
        last = v;
        quiet_since = std::chrono::steady_clock::now();
      } else if (std::chrono::steady_clock::now() - quiet_since > std::chrono::milliseconds(2500)) {
        return;
      }
    }
    ADD_FAILURE() << "the database never went quiet";
  }

 private:
  TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<http::FormTokens> tokens_;
};

// What a row acts on.
struct Target {
  int64_t id = 0;
  int64_t version = 0;
  int64_t rev = 0;
};

class Fixtures {
 public:
  explicit Fixtures(store::Store* store) : store_(store) {
    auto cat = store_->CreateTaxonomyItem(content::TaxonomyKind::kCategory, "قسم الدمج", "");
    EXPECT_TRUE(cat.ok());
    category_ = cat.ok() ? *cat : 0;
    EXPECT_TRUE(store_->CreateTaxonomyItem(content::TaxonomyKind::kTag, "وسم الدمج", "").ok());
    auto hash = auth::HashPassword("كلمة مرور الحسابات التجريبية");
    EXPECT_TRUE(hash.ok());
    hash_ = hash.ok() ? *hash : "";
    commented_ = Article(kOtherWriter, content::ArticleStatus::kPublished, false).id;
  }
  int64_t category() const { return category_; }

  // A new one of `on`, for `who`.
  Target Make(On on, Who who) {
    ++n_;
    const std::string own = who == kNobody ? "لا أحد" : kAccounts[who].display;
    switch (on) {
      case On::kOwnDraft:
        return Article(own, content::ArticleStatus::kDraft, false);
      case On::kOwnPublished:
        return Article(own, content::ArticleStatus::kPublished, false);
      case On::kOwnTrashed:
        return Article(own, content::ArticleStatus::kDraft, true);
      case On::kOtherDraft:
        return Article(kOtherWriter, content::ArticleStatus::kDraft, false);
      case On::kOtherPublished:
        return Article(kOtherWriter, content::ArticleStatus::kPublished, false);
      case On::kOtherTrashed:
        return Article(kOtherWriter, content::ArticleStatus::kDraft, true);
      case On::kComment: {
        content::CommentInput c;
        c.article_id = commented_;
        c.author_name = "قارئ";
        c.email = "reader@example.com";
        c.body = "تعليق " + std::to_string(n_);
        c.created_at = Now();
        auto id = store_->AddComment(c);
        EXPECT_TRUE(id.ok());
        return {id.ok() ? *id : 0, 0, 0};
      }
      case On::kTag:
      case On::kCategory: {
        auto kind = on == On::kTag ? content::TaxonomyKind::kTag : content::TaxonomyKind::kCategory;
        auto id = store_->CreateTaxonomyItem(kind, "بند " + std::to_string(n_), "");
        EXPECT_TRUE(id.ok());
        return {id.ok() ? *id : 0, 0, 0};
      }
      case On::kUser: {
        store::UserInput u;
        u.name = "fixture" + std::to_string(n_);
        u.display_name = "حساب " + std::to_string(n_);
        u.password_hash = hash_;
        u.role = content::Role::kContributor;
        u.created_at = Now();
        auto id = store_->AddUser(u);
        EXPECT_TRUE(id.ok());
        return {id.ok() ? *id : 0, 0, 0};
      }
      case On::kNothing:
      case On::kSeparately:
        break;
    }
    return {};
  }

  int n() const { return n_; }

 private:
  Target Article(const std::string& author, content::ArticleStatus status, bool trashed) {
    ++n_;
    store::ArticleEdit e;
    e.input.external_id = "khabar-authz-" + std::to_string(n_);
    e.input.title = "مقال الاختبار " + std::to_string(n_);
    e.input.body = "نص المقال.";
    e.input.body_format = content::BodyFormat::kMarkdown;
    e.input.body_source = "نص المقال.";
    e.input.body_html = "<p>نص المقال.</p>";
    e.input.author = author;
    e.input.status = status;
    e.input.published_at = Now() - 3600;
    e.by = {0, author};
    auto saved = store_->SaveArticle(e, Now());
    EXPECT_TRUE(saved.ok()) << saved.status().message();
    if (!saved.ok()) return {};
    Target t{saved->id, saved->version, saved->revision_id};
    if (trashed) {
      auto moved = store_->SetTrashed(t.id, true, t.version, e.by, Now());
      EXPECT_TRUE(moved.ok());
      if (moved.ok()) t.version = moved->version;
    }
    return t;
  }

  store::Store* store_;
  int64_t category_ = 0;
  int64_t commented_ = 0;
  std::string hash_;
  int n_ = 0;
};

bool MayDo(Who who, const Rule& rule) { return who >= rule.lowest; }

// Every route the binary lists must be in the table, and every route of the table listed:
// a new admin page or write cannot be added without saying who may use it.
TEST(AuthorizationTest, TheTableListsEveryAdminRouteAndEveryWrite) {
  auto listed = RunCommand({Binary(), "routes"});
  ASSERT_EQ(listed.status, 0) << listed.err;
  std::set<std::string> in_table;
  for (const Rule& r : kRules) in_table.insert(std::string(r.method) + " " + r.route);
  std::set<std::string> registered;
  std::stringstream lines(listed.out);
  std::string line;
  int gets = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("GET /wp-json/")) continue;  // read only: WordPressApiTakesNoWrites
    registered.insert(line);
    bool guarded = line.starts_with("POST ") || line.find(" /admin") != std::string::npos;
    if (guarded) {
      EXPECT_TRUE(in_table.contains(line)) << line << " is served but not in kRules";
    } else {
      EXPECT_TRUE(line.starts_with("GET /")) << line;  // a public read
      ++gets;
    }
  }
  EXPECT_GT(gets, 20);  // the reader site's pages were listed too
  for (const std::string& r : in_table) {
    EXPECT_TRUE(registered.contains(r)) << r << " is in kRules but not served";
  }
}

TEST(AuthorizationTest, EachRoleReachesExactlyWhatTheTableSays) {
  Newsroom site;
  ASSERT_TRUE(site.ok());
  Fixtures fixtures(&site.store());

  // What each attempt acts on: its own one when it may succeed, else one shared per kind
  // and asker (a refused attempt changes nothing).
  struct Attempt {
    const Rule* rule;
    Who who;
    Target target;
  };
  std::vector<Attempt> attempts;
  std::map<std::pair<On, Who>, Target> shared;
  for (const Rule& rule : kRules) {
    if (rule.on == On::kSeparately) continue;
    for (Who who : kEveryone) {
      Target t;
      if (rule.on != On::kNothing) {
        auto key = std::pair{rule.on, who};
        if (MayDo(who, rule)) {
          t = fixtures.Make(rule.on, who);
        } else if (auto it = shared.find(key); it != shared.end()) {
          t = it->second;
        } else {
          t = shared[key] = fixtures.Make(rule.on, who);
        }
      }
      attempts.push_back({&rule, who, t});
    }
  }
  site.WaitQuiet();
  // Signed in last, so that no session is a minute old (a session's last use is written
  // once a minute) while the refused attempts are checked.
  std::string cookies[5];
  for (int w = kContributor; w <= kAdmin; ++w) {
    cookies[w] = SignIn(site.port(), kAccounts[w].name, kPassword);
    ASSERT_FALSE(cookies[w].empty());
  }

  int n = 1000;
  auto send = [&](const Attempt& a) {
    const Rule& r = *a.rule;
    std::string target = r.route;
    size_t brace = target.find("{}");
    if (brace != std::string::npos) target.replace(brace, 2, std::to_string(a.target.id));
    brace = target.find("{}");
    if (brace != std::string::npos) target.replace(brace, 2, std::to_string(a.target.rev));
    std::string fields = r.fields;
    fields = Replace(fields, "{id}", std::to_string(a.target.id));
    fields = Replace(fields, "{version}", std::to_string(a.target.version));
    fields = Replace(fields, "{n}", std::to_string(++n));
    fields = Replace(fields, "{cat}", std::to_string(fixtures.category()));
    testing::HttpHeaders form = Fields(fields);
    testing::HttpHeaders headers;
    const std::string& cookie = cookies[a.who];
    if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
    if (std::string(r.method) == "GET")
      return HttpGet(site.port(), target + QueryOf(form), headers);
    // A valid token for this form and session: only the role can refuse the attempt. (Without
    // a session, one issued to the editor's.)
    std::string token = site.Token(r.form, cookie.empty() ? cookies[kEditor] : cookie);
    if (std::string(r.form) == "image") {
      std::vector<testing::MultipartPart> parts = {{"token", token, ""}};
      for (auto& [k, v] : form) parts.push_back({k, v, ""});
      return testing::HttpPostMultipart(site.port(), target, parts, headers);
    }
    form.insert(form.begin(), {"token", token});
    return HttpPostForm(site.port(), target, form, headers);
  };
  auto describe = [](const Attempt& a) {
    return std::string(a.rule->method) + " " + a.rule->route + " (" + a.rule->what + ") as " +
           kWhoName[a.who];
  };

  // Refused first, each checked to commit nothing.
  int refused = 0;
  for (const Attempt& a : attempts) {
    if (MayDo(a.who, *a.rule)) continue;
    uint64_t before = site.Version();
    HttpResponse res = send(a);
    ++refused;
    if (a.who == kNobody && std::string(a.rule->route) != "/admin/tags/suggest") {
      EXPECT_EQ(res.status, 303) << describe(a);
      EXPECT_EQ(res.Header("location"), "/admin/login") << describe(a);
    } else {
      EXPECT_EQ(res.status, 403) << describe(a);
    }
    EXPECT_EQ(site.Version(), before) << describe(a) << " was refused but wrote";
  }
  // Then allowed, each on what was made for it.
  int allowed = 0;
  for (const Attempt& a : attempts) {
    if (!MayDo(a.who, *a.rule)) continue;
    HttpResponse res = send(a);
    ++allowed;
    EXPECT_EQ(res.status, a.rule->ok) << describe(a) << "\n" << res.body.substr(0, 2000);
  }
  EXPECT_GT(refused, 100);
  EXPECT_GT(allowed, 100);
}

// The WordPress-compatible API is read only: a write to it, with or without a session,
// is refused and changes nothing.
TEST(AuthorizationTest, WordPressApiTakesNoWrites) {
  Newsroom site;
  ASSERT_TRUE(site.ok());
  std::string cookie = SignIn(site.port(), "nour", kPassword);
  site.WaitQuiet();
  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    for (const char* target : {"/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts/1",
                               "/wp-json/wp/v2/comments", "/?rest_route=/wp/v2/posts"}) {
      for (const std::string& c : {std::string(), cookie}) {
        uint64_t before = site.Version();
        std::string body = R"({"title":"x","content":"y","status":"publish"})";
        std::string raw =
            std::string(method) + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            (c.empty() ? "" : "Cookie: " + c + "\r\n") +
            "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\nConnection: close\r\n\r\n" + body;
        HttpResponse res = testing::HttpRaw(site.port(), raw);
        EXPECT_EQ(res.status, 404) << method << " " << target;
        EXPECT_NE(res.body.find("rest_no_route"), std::string::npos) << method << " " << target;
        EXPECT_EQ(site.Version(), before) << method << " " << target;
      }
    }
  }
}

// The token of the form posting to `action` on the page at `path`, as `cookie` gets it.
std::string TokenOn(int port, const std::string& path, const std::string& action,
                    const std::string& cookie) {
  auto doc = testing::HtmlDocument::Parse(HttpGet(port, path, {{"Cookie", cookie}}).body);
  auto input = doc.Select("form[action=\"" + action + "\"] input[name=token]");
  return input ? input->Attr("value") : "";
}

// The "khabar_session=…" a login answer sets, or "".
std::string SessionCookie(const HttpResponse& r) {
  std::string c = r.Header("set-cookie");
  return c.substr(0, c.find(';'));
}

HttpResponse LogIn(int port, const std::string& name, const std::string& password,
                   const std::string& cookie = "") {
  testing::HttpHeaders headers;
  if (!cookie.empty()) headers.emplace_back("Cookie", cookie);
  std::string token = TokenOn(port, "/admin/login", "/admin/login", "");
  return HttpPostForm(port, "/admin/login",
                      {{"token", token}, {"name", name}, {"password", password}}, headers);
}

// Session fixation: whatever session cookie a browser carries when it signs in (one an
// attacker chose, or an attacker's own valid session planted in it), the login answers
// with a new one, and the old one gains nothing.
TEST(SessionTest, ALoginAlwaysStartsANewSession) {
  Newsroom site;
  ASSERT_TRUE(site.ok());
  const std::string chosen = "khabar_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  HttpResponse in = LogIn(site.port(), "layla", kPassword, chosen);
  ASSERT_EQ(in.status, 303);
  EXPECT_NE(SessionCookie(in), chosen);
  EXPECT_EQ(HttpGet(site.port(), "/admin/", {{"Cookie", chosen}}).status, 303);

  // A contributor's session planted in the editor's browser stays a contributor's.
  std::string planted = SignIn(site.port(), "sami", kPassword);
  HttpResponse editor = LogIn(site.port(), "layla", kPassword, planted);
  ASSERT_EQ(editor.status, 303);
  EXPECT_NE(SessionCookie(editor), planted);
  EXPECT_EQ(HttpGet(site.port(), "/admin/comments", {{"Cookie", planted}}).status, 403);
  EXPECT_EQ(HttpGet(site.port(), "/admin/comments", {{"Cookie", SessionCookie(editor)}}).status,
            200);
}

// CSRF: a write needs the token its own form was given in its own session. None, another
// form's, another user's, or one from a session that has ended: 403 and nothing written.
TEST(SessionTest, AWriteNeedsItsOwnFormsTokenFromItsOwnSession) {
  Newsroom site;
  ASSERT_TRUE(site.ok());
  std::string layla = SignIn(site.port(), "layla", kPassword);
  std::string nour = SignIn(site.port(), "nour", kPassword);
  std::string old_layla = SignIn(site.port(), "layla", kPassword);
  std::string stale =
      TokenOn(site.port(), "/admin/articles/new", "/admin/articles/save", old_layla);
  std::string logout = TokenOn(site.port(), "/admin/", "/admin/logout", old_layla);
  ASSERT_EQ(HttpPostForm(site.port(), "/admin/logout", {{"token", logout}}, {{"Cookie", old_layla}})
                .status,
            303);
  std::string other_form = TokenOn(site.port(), "/admin/", "/admin/logout", layla);
  std::string noura = TokenOn(site.port(), "/admin/articles/new", "/admin/articles/save", nour);
  std::string own = TokenOn(site.port(), "/admin/articles/new", "/admin/articles/save", layla);
  ASSERT_FALSE(other_form.empty() || noura.empty() || own.empty() || stale.empty());
  site.WaitQuiet();
  auto save = [&](const std::string& token) {
    testing::HttpHeaders form = {{"action", "publish"}, {"title", "مقال مزور"}, {"body", "نص"}};
    if (!token.empty()) form.insert(form.begin(), {"token", token});
    uint64_t before = site.Version();
    HttpResponse r = HttpPostForm(site.port(), "/admin/articles/save", form, {{"Cookie", layla}});
    EXPECT_EQ(site.Version(), before) << r.status;
    return r.status;
  };
  EXPECT_EQ(save(""), 403);
  EXPECT_EQ(save("not-a-token"), 403);
  EXPECT_EQ(save(other_form), 403);  // another form's
  EXPECT_EQ(save(noura), 403);       // another user's
  EXPECT_EQ(save(stale), 403);       // the same user's, from a session that ended
  // The login form has its token too: a login posted from another site is refused.
  HttpResponse forged =
      HttpPostForm(site.port(), "/admin/login",
                   {{"token", other_form}, {"name", "layla"}, {"password", kPassword}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_TRUE(forged.Header("set-cookie").empty());
  // The form's own token works (the test can fail).
  HttpResponse saved =
      HttpPostForm(site.port(), "/admin/articles/save",
                   {{"token", own}, {"action", "publish"}, {"title", "مقال حقيقي"}, {"body", "نص"}},
                   {{"Cookie", layla}});
  EXPECT_EQ(saved.status, 303);
}

// A cookie copied before logout (from a shared computer, a log, a proxy) opens nothing
// after it: the session is deleted on the server, not only in the browser.
TEST(SessionTest, ACookieKeptAfterLogoutOpensNothing) {
  Newsroom site;
  ASSERT_TRUE(site.ok());
  std::string stolen = SignIn(site.port(), "nour", kPassword);
  std::string users_token = site.Token("users", stolen);
  std::string logout = TokenOn(site.port(), "/admin/", "/admin/logout", stolen);
  HttpResponse out =
      HttpPostForm(site.port(), "/admin/logout", {{"token", logout}}, {{"Cookie", stolen}});
  ASSERT_EQ(out.status, 303);
  EXPECT_NE(out.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  site.WaitQuiet();
  uint64_t before = site.Version();
  for (const char* path : {"/admin/", "/admin/users", "/admin/articles", "/admin/comments"}) {
    HttpResponse r = HttpGet(site.port(), path, {{"Cookie", stolen}});
    EXPECT_EQ(r.status, 303) << path;
    EXPECT_EQ(r.Header("location"), "/admin/login") << path;
  }
  HttpResponse add = HttpPostForm(site.port(), "/admin/users",
                                  {{"token", users_token},
                                   {"name", "intruder"},
                                   {"role", "admin"},
                                   {"password", "كلمة مرور المتسلل الطويلة"},
                                   {"password_again", "كلمة مرور المتسلل الطويلة"}},
                                  {{"Cookie", stolen}});
  EXPECT_EQ(add.status, 303);
  EXPECT_EQ(add.Header("location"), "/admin/login");
  EXPECT_EQ(site.Version(), before);
  EXPECT_FALSE(site.store().GetUserByName("intruder").ok());
}

// Guessing passwords: after four failures in a row, the account and the address each wait
// (1 s, then 2, 4… up to 5 minutes). A try too soon gets 429 and Retry-After, even with the
// right password and even for another account from the same address; once the wait is over
// the right password works and the count starts again.
TEST(SessionTest, GuessingPasswordsIsSlowedForTheAccountAndTheAddress) {
  Newsroom site;
  ASSERT_TRUE(site.ok());
  // Retry-After of a refused try: at least `wait` seconds (one more when the failure was
  // late in its second, as times are whole seconds); 0 when the try was not refused.
  auto refused_for = [&](const std::string& name, int wait) {
    HttpResponse r = LogIn(site.port(), name, kPassword);
    EXPECT_EQ(r.status, 429) << name;
    EXPECT_TRUE(r.Header("set-cookie").empty());
    int after = r.status == 429 ? std::stoi(r.Header("retry-after")) : 0;
    EXPECT_TRUE(after == wait || after == wait + 1) << after;
    return after;
  };
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(LogIn(site.port(), "layla", "guess number " + std::to_string(i)).status, 401) << i;
  }
  int after = refused_for("layla", 1);  // even with the right password
  refused_for("nour", 1);               // another account, from the same address
  std::this_thread::sleep_for(std::chrono::milliseconds(after * 1000 + 100));
  // The fifth failure doubles the wait.
  EXPECT_EQ(LogIn(site.port(), "layla", "guess number 5").status, 401);
  after = refused_for("layla", 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(after * 1000 + 100));
  HttpResponse in = LogIn(site.port(), "layla", kPassword);
  EXPECT_EQ(in.status, 303);
  EXPECT_EQ(HttpGet(site.port(), "/admin/", {{"Cookie", SessionCookie(in)}}).status, 200);
  // A success clears the count: one more mistake is only a mistake.
  EXPECT_EQ(LogIn(site.port(), "layla", "one more slip").status, 401);
}

// The session cookie: HttpOnly (no script reads it), SameSite=Lax (no cross-site post
// carries it), Path=/, and Secure when the site says it is served over TLS.
TEST(SessionTest, TheSessionCookieIsHttpOnlySameSiteAndSecureBehindTls) {
  TempDir dir;
  std::string config = dir.File("khabar.json");
  ASSERT_EQ(RunCommand({"sh", "-c", "printf '%s' '{\"secure_cookies\": true}' > " + config}).status,
            0);
  for (bool secure : {false, true}) {
    Newsroom site(secure ? std::vector<std::string>{"--config", config}
                         : std::vector<std::string>{});
    ASSERT_TRUE(site.ok());
    HttpResponse in = LogIn(site.port(), "layla", kPassword);
    ASSERT_EQ(in.status, 303);
    std::string set = in.Header("set-cookie");
    for (const char* flag : {"; HttpOnly", "; SameSite=Lax", "; Path=/"}) {
      EXPECT_NE(set.find(flag), std::string::npos) << set;
    }
    EXPECT_EQ(set.find("; Secure") != std::string::npos, secure) << set;
    std::string cookie = SessionCookie(in);
    std::string logout = TokenOn(site.port(), "/admin/", "/admin/logout", cookie);
    HttpResponse out =
        HttpPostForm(site.port(), "/admin/logout", {{"token", logout}}, {{"Cookie", cookie}});
    std::string cleared = out.Header("set-cookie");
    EXPECT_NE(cleared.find("; HttpOnly"), std::string::npos) << cleared;
    EXPECT_EQ(cleared.find("; Secure") != std::string::npos, secure) << cleared;
  }
}

}  // namespace
}  // namespace khabar::e2e
