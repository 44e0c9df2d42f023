// File: src/http/admin.h
//
// The newsroom's entrance: /admin/login, /admin/logout and the /admin/ home page, with
// sessions kept in the store (by the digest of a random cookie), expiring when idle and
// after a maximum age, ended on the server at logout. Every form carries a CSRF token;
// failed logins wait longer and longer per account and per address, and the answer never
// says whether the name or the password was wrong.
//
//   Admin admin({.store = store, .clock = &clock, .tokens = &tokens, .renderer = pick});
//   admin.Routes(router);
#ifndef KHABAR_HTTP_ADMIN_H_
#define KHABAR_HTTP_ADMIN_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "src/auth/auth.h"
#include "src/base/time.h"
#include "src/content/time_zone.h"
#include "src/http/form.h"
#include "src/http/message.h"
#include "src/http/router.h"
#include "src/http/tokens.h"
#include "src/media/media.h"
#include "src/render/render.h"
#include "src/store/store.h"

namespace khabar::http {

struct AdminOptions {
  bool secure_cookies = false;              // add Secure: the site is served over TLS
  int64_t session_idle_seconds = 8 * 3600;  // a session unused this long ends
  int64_t session_max_seconds = 7 * 86400;  // and any session after this long
  media::Options media;                     // featured images: folder, limits, widths
  content::TimeZone zone;                   // the site's, for the permalinks' months
};

struct AdminDeps {
  store::Store* store;       // not owned
  const Clock* clock;        // not owned
  const FormTokens* tokens;  // not owned
  // The calling worker's renderer.
  std::function<render::Renderer&(const Request&)> renderer;
  // The reader site's menu and ticker, with `category_slug` marked current: previews show
  // them as readers will. Unset: previews show none.
  std::function<render::Chrome(const Request&, const std::string& category_slug)> site_chrome;
  AdminOptions options;
};

class Admin {
 public:
  explicit Admin(AdminDeps deps);
  ~Admin();
  void Routes(Router& router);

  static constexpr const char* kCookie = "khabar_session";

 private:
  struct Signed {
    content::User user;
    store::Session session;
  };
  std::optional<Signed> CurrentUser(const Request& req);
  // A form posted to change something: who posted it, and its fields.
  struct Posted {
    Signed who;
    Form form;
  };
  // The signed-in user allowed `action` and their form, whose CSRF token must be the one
  // issued for `form_name` in this session; otherwise the answer that refuses the post
  // (the login page, or 403 with `not_allowed` or an expired-form message).
  std::variant<Posted, Response> Authorize(const Request& req, auth::Action action,
                                           std::string_view form_name, std::string_view not_allowed,
                                           size_t max_fields = 64);
  render::Chrome Chrome() const;
  Response ErrorPage(const Request& req, int status, std::string_view heading,
                     std::string_view message);
  Response LoginForm(const Request& req, int status, std::string message, std::string name);
  Response Login(const Request& req);
  Response Logout(const Request& req);
  Response Home(const Request& req);
  Response Comments(const Request& req);
  Response Moderate(const Request& req);
  Response Reply(const Request& req);
  Response Forbidden(const Request& req, std::string_view message);
  Response Articles(const Request& req);
  // Why an image upload was refused, shown in the editor's image form.
  struct ImageRefusal {
    int status = 422;
    std::string message;
    std::string alt;  // as typed
  };
  // Why a trash action was refused, shown above the stored article.
  struct EditorRefusal {
    int status = 409;
    std::string message;
  };
  Response Editor(const Request& req, const std::string& id, const ImageRefusal* refusal = nullptr,
                  const EditorRefusal* refused = nullptr);
  // The featured-image form of the saved article `a` (src/http/admin_media.cc).
  void AddImageForm(const Signed& who, const content::Article& a, const ImageRefusal* refusal,
                    render::AdminEditorView* v);
  Response SetImage(const Request& req, const std::string& id);
  Response Save(const Request& req);
  Response Preview(const Request& req);
  Response Correct(const Request& req, const std::string& id);
  Response EditorPage(const Request& req, const Signed& who, render::AdminEditorView view,
                      int status);
  Response Page(int status, std::string html);
  // A CSRF token for form `form_name`, tied to this session.
  std::string FormToken(std::string_view form_name, const Signed& who) const;

  // Tags and categories, for editors (src/http/admin_taxonomy.cc).
  void TaxonomyRoutes(Router& r);
  Response TaxonomyList(const Request& req, content::TaxonomyKind kind);
  Response TaxonomyListPage(const Request& req, const Signed& who, render::AdminTaxonomyView view,
                            int status);
  Response TaxonomyCreate(const Request& req, content::TaxonomyKind kind);
  Response TaxonomyItem(const Request& req, content::TaxonomyKind kind, const std::string& id);
  Response TaxonomyItemPage(const Request& req, const Signed& who,
                            render::AdminTaxonomyItemView view, int status);
  Response TaxonomyChange(const Request& req, content::TaxonomyKind kind, const std::string& id,
                          std::string_view op);
  Response MenuOrder(const Request& req);
  Response TagSuggestions(const Request& req);
  // A CSRF token for the form `form_name`, tied to the session (checked by Authorize).
  std::string IssueToken(std::string_view form_name, const store::Session& session);

  // Accounts, for admins (src/http/admin_users.cc).
  void UserRoutes(Router& r);
  Response Users(const Request& req);
  Response UsersPage(const Request& req, const Signed& who, render::AdminUsersView view,
                     int status);
  Response AddUser(const Request& req);
  Response UserItem(const Request& req, const std::string& id);
  Response UserItemPage(const Request& req, const Signed& who, render::AdminUserView view,
                        int status);
  Response ChangeUser(const Request& req, const std::string& id, std::string_view op);

  // The trash (admin_trash.cc): whether `user` may move `a` to the trash or back; the
  // editor's "trash" and "restore" buttons (posted to Save); deleting for good.
  static bool MayTrash(const content::User& user, const content::Article& a);
  static constexpr std::string_view kDeleteArticleForm = "article-delete";
  Response TrashOrRestore(const Request& req, const Posted& posted, bool trash);
  Response DeleteArticle(const Request& req, const std::string& id);

  // Revisions, diffs, restore and the two-editors rule (admin_revisions.cc).
  Response Revisions(const Request& req, const std::string& id);
  Response RevisionDiff(const Request& req, const std::string& id, const std::string& rev);
  Response Restore(const Request& req, const std::string& id, const std::string& rev);
  // The editor shown again, with what was typed, after someone else saved the article
  // since `opened_version`: 409, a message and a link to their changes.
  Response SaveConflict(const Request& req, const Signed& who, render::AdminEditorView view,
                        int64_t opened_version);

  AdminDeps deps_;
  std::string dummy_hash_;  // checked for unknown names, so they take as long as known ones
};

// What an admin form's CSRF token is issued for: the form's name tied to the session.
std::string AdminFormPurpose(std::string_view form, const store::Session& session);

// Whether `path` is an image upload (POST /admin/articles/<id>/image), the only route whose
// body may be as large as an image (see ServerOptions::large_body).
bool IsImageUploadPath(std::string_view path);

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(std::string_view header, std::string_view name);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_ADMIN_H_
