#include "src/http/admin.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "src/auth/auth.h"
#include "src/base/strings.h"
#include "src/content/comments.h"
#include "src/content/slug.h"
#include "src/content/text.h"
#include "src/http/form.h"
#include "src/markup/markup.h"

namespace khabar::http {
namespace {

constexpr const char* kLoginPurpose = "admin-login";
constexpr const char* kWrongLogin = "اسم المستخدم أو كلمة المرور غير صحيحة.";
constexpr const char* kTooMany = "محاولات دخول كثيرة. انتظر قليلًا ثم حاول مجددًا.";
constexpr const char* kBadToken = "انتهت صلاحية النموذج. أعد المحاولة.";
constexpr const char* kEditorsModerate = "مراجعة التعليقات للمحررين.";
constexpr const char* kOthersArticles = "تحرير مقالات الآخرين للمحررين.";

// What a form's CSRF token is for: the form, tied to the session that was shown it.
std::string Purpose(std::string_view form, const store::Session& s) {
  return AdminFormPurpose(form, s);
}
constexpr std::string_view kLogoutForm = "logout";
constexpr std::string_view kModerateForm = "moderate";
constexpr std::string_view kEditorForm = "editor";
constexpr std::string_view kCorrectionForm = "correction";

constexpr int kCommentsPerPage = 50;

// Tags as typed: separated by commas (Latin or Arabic), trimmed, empty ones dropped.
std::vector<std::string> SplitTags(std::string_view typed) {
  constexpr std::string_view kArabicComma = "\xD8\x8C";  // ،
  std::string text;
  text.reserve(typed.size());
  for (size_t i = 0; i < typed.size(); ++i) {
    if (typed.substr(i, kArabicComma.size()) == kArabicComma) {
      text.push_back(',');
      i += kArabicComma.size() - 1;
    } else {
      text.push_back(typed[i]);
    }
  }
  std::vector<std::string> tags;
  for (std::string_view t : Split(text, ',')) {
    std::string_view trimmed = TrimUnicode(t);
    if (!trimmed.empty() && tags.size() < 20) tags.emplace_back(trimmed);
  }
  return tags;
}

// What the editor's Markdown body and slug become once saved; problems go to `v->errors`.
struct EditorContent {
  markup::RenderedBody body;  // sanitized HTML and its plain text
  std::string slug;           // "": made from the title (new) or kept (existing)
};
EditorContent ReadContent(render::AdminEditorView* v) {
  EditorContent c;
  if (v->body.size() <= 500000) {
    c.body = markup::RenderBody(content::BodyFormat::kMarkdown, v->body);
    if (!TrimUnicode(v->body).empty() && c.body.text.empty()) {
      v->errors.push_back("لا يبقى من النص شيء يُعرض للقراء. اكتب نص المقال.");
    }
  }
  c.slug = content::MakeSlug(v->slug);
  if (!v->slug.empty() && c.slug.empty()) {
    v->errors.push_back("الرابط المختصر يحتاج حرفًا أو رقمًا على الأقل.");
  }
  return c;
}

constexpr const char* kSlugTaken = "هذا الرابط المختصر لمقال آخر. اختر رابطًا غيره.";

// The listing's state from ?status=…; pending when absent or unknown.
content::CommentStatus StatusParam(std::string_view v) {
  if (v == "approved") return content::CommentStatus::kApproved;
  if (v == "spam") return content::CommentStatus::kSpam;
  if (v == "trash") return content::CommentStatus::kTrash;
  return content::CommentStatus::kPending;
}

}  // namespace

std::string AdminFormPurpose(std::string_view form, const store::Session& s) {
  return "admin-" + std::string(form) + ":" + s.digest;
}

std::string CookieValue(std::string_view header, std::string_view name) {
  for (std::string_view part : Split(header, ';')) {
    part = TrimAscii(part);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
  }
  return "";
}

Admin::Admin(AdminDeps deps) : deps_(std::move(deps)) {
  auto h = auth::HashPassword(auth::NewSessionToken());
  if (h.ok()) dummy_hash_ = std::move(*h);
}

Admin::~Admin() = default;

void Admin::Routes(Router& r) {
  r.Get("/admin/", [this](const Request& q, const Params&) { return Home(q); });
  r.Get("/admin/login", [this](const Request& q, const Params&) {
    if (CurrentUser(q)) return Response::Redirect(303, "/admin/");
    return LoginForm(q, 200, "", "");
  });
  r.Post("/admin/login", [this](const Request& q, const Params&) { return Login(q); });
  r.Post("/admin/logout", [this](const Request& q, const Params&) { return Logout(q); });
  r.Get("/admin/comments", [this](const Request& q, const Params&) { return Comments(q); });
  r.Get("/admin/articles", [this](const Request& q, const Params&) { return Articles(q); });
  r.Get("/admin/articles/new", [this](const Request& q, const Params&) { return Editor(q, ""); });
  r.Get("/admin/articles/{}",
        [this](const Request& q, const Params& p) { return Editor(q, p[0]); });
  r.Post("/admin/articles/save", [this](const Request& q, const Params&) { return Save(q); });
  r.Post("/admin/articles/preview", [this](const Request& q, const Params&) { return Preview(q); });
  r.Get("/admin/articles/{}/revisions",
        [this](const Request& q, const Params& p) { return Revisions(q, p[0]); });
  r.Get("/admin/articles/{}/revisions/{}",
        [this](const Request& q, const Params& p) { return RevisionDiff(q, p[0], p[1]); });
  r.Post("/admin/articles/{}/revisions/{}/restore",
         [this](const Request& q, const Params& p) { return Restore(q, p[0], p[1]); });
  r.Post("/admin/articles/{}/image",
         [this](const Request& q, const Params& p) { return SetImage(q, p[0]); });
  r.Post("/admin/articles/{}/correction",
         [this](const Request& q, const Params& p) { return Correct(q, p[0]); });
  r.Post("/admin/articles/{}/delete",
         [this](const Request& q, const Params& p) { return DeleteArticle(q, p[0]); });
  r.Post("/admin/comments", [this](const Request& q, const Params&) { return Moderate(q); });
  r.Post("/admin/comments/reply", [this](const Request& q, const Params&) { return Reply(q); });
  TaxonomyRoutes(r);
  UserRoutes(r);
}

Response Admin::Page(int status, std::string html) {
  Response res = Response::Html(status, std::move(html));
  res.With("Cache-Control", "no-store").With("X-Robots-Tag", "noindex");
  return res;
}

std::optional<Admin::Signed> Admin::CurrentUser(const Request& req) {
  std::string token = CookieValue(req.Header("cookie"), kCookie);
  if (token.empty() || token.size() > 100) return std::nullopt;
  std::string digest = auth::TokenDigest(token);
  auto session = deps_.store->GetSession(digest);
  if (!session.ok()) return std::nullopt;
  int64_t now = deps_.clock->NowSeconds();
  const AdminOptions& o = deps_.options;
  if (now - session->last_seen > o.session_idle_seconds ||
      now - session->created_at > o.session_max_seconds) {
    (void)deps_.store->DeleteSession(digest);
    return std::nullopt;
  }
  auto user = deps_.store->GetUser(session->user_id);
  if (!user.ok() || user->disabled) return std::nullopt;
  if (now - session->last_seen >= 60) {  // one write a minute at most per session
    (void)deps_.store->TouchSession(digest, now);
  }
  return Signed{std::move(*user), std::move(*session)};
}

Response Admin::LoginForm(const Request& req, int status, std::string message, std::string name) {
  render::AdminLoginView v;
  v.token = deps_.tokens->Issue(kLoginPurpose, deps_.clock->NowSeconds());
  v.name = std::move(name);
  v.message = std::move(message);
  return Page(status, deps_.renderer(req).AdminLogin(Chrome(), v));
}

Response Admin::Login(const Request& req) {
  auto form = ParseForm(req.body);
  if (!form.ok()) return LoginForm(req, 400, kWrongLogin, "");
  std::string name(TrimUnicode(SanitizeUtf8(form->Get("name"))));
  std::string password = form->Get("password");
  int64_t now = deps_.clock->NowSeconds();
  if (deps_.tokens->Verify(form->Get("token"), kLoginPurpose, now) != TokenCheck::kValid) {
    return LoginForm(req, 403, kBadToken, name);
  }
  if (name.empty() || name.size() > 240 || password.empty() || password.size() > 1024) {
    return LoginForm(req, 401, kWrongLogin, name);
  }
  // Slowed per account and per address, from the fourth failure in a row. Times are whole
  // seconds, so a wait of d seconds lasts until the clock has moved d + 1 seconds past the
  // failure: never less than d seconds, however close to the next second it happened.
  const std::string keys[] = {"user:" + name, "ip:" + req.remote_ip};
  for (const std::string& key : keys) {
    auto f = deps_.store->LoginFailures(key);
    if (!f.ok()) continue;
    int64_t delay = auth::LoginDelaySeconds(f->first);
    if (delay > 0 && now <= f->second + delay) {
      Response res = LoginForm(req, 429, kTooMany, name);
      res.With("Retry-After", std::to_string(f->second + delay + 1 - now));
      return res;
    }
  }
  auto hash = deps_.store->PasswordHash(name);
  bool ok = auth::VerifyPassword(hash.ok() ? *hash : dummy_hash_, password) && hash.ok();
  auto user = ok ? deps_.store->GetUserByName(name) : StatusOr<content::User>(NotFoundError(""));
  if (!ok || !user.ok() || user->disabled) {
    // The wait counts from the answer, after the (slow) password check.
    int64_t failed_at = deps_.clock->NowSeconds();
    for (const std::string& key : keys) (void)deps_.store->RecordLoginFailure(key, failed_at);
    return LoginForm(req, 401, kWrongLogin, name);
  }
  for (const std::string& key : keys) (void)deps_.store->ClearLoginFailures(key);
  std::string token = auth::NewSessionToken();
  Status s = deps_.store->CreateSession({auth::TokenDigest(token), user->id, now, now});
  if (!s.ok()) return LoginForm(req, 503, "الخدمة مشغولة. أعد المحاولة بعد قليل.", name);
  std::string cookie = std::string(kCookie) + "=" + token +
                       "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                       std::to_string(deps_.options.session_max_seconds);
  if (deps_.options.secure_cookies) cookie += "; Secure";
  return Response::SeeOther("/admin/").With("Set-Cookie", cookie);
}

Response Admin::Logout(const Request& req) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  auto form = ParseForm(req.body);
  int64_t now = deps_.clock->NowSeconds();
  if (!form.ok() ||
      deps_.tokens->Verify(form->Get("token"), Purpose(kLogoutForm, signed_in->session), now) !=
          TokenCheck::kValid) {
    return ErrorPage(req, 403, "طلب مرفوض", kBadToken);
  }
  (void)deps_.store->DeleteSession(signed_in->session.digest);
  std::string cookie = std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (deps_.options.secure_cookies) cookie += "; Secure";
  return Response::SeeOther("/admin/login").With("Set-Cookie", cookie);
}

Response Admin::Home(const Request& req) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  render::AdminHomeView v;
  v.display_name = signed_in->user.display_name;
  v.role_label = std::string(auth::RoleLabel(signed_in->user.role));
  v.logout_token =
      deps_.tokens->Issue(Purpose(kLogoutForm, signed_in->session), deps_.clock->NowSeconds());
  if (auth::Can(signed_in->user.role, auth::Action::kModerateComments)) {
    auto counts = deps_.store->CountComments();
    v.can_moderate = true;
    v.pending_comments = counts.ok() ? static_cast<int>((*counts)[0]) : 0;
  }
  v.can_manage_taxonomy = auth::Can(signed_in->user.role, auth::Action::kManageTaxonomy);
  v.can_manage_users = auth::Can(signed_in->user.role, auth::Action::kManageUsers);
  return Page(200, deps_.renderer(req).AdminHome(Chrome(), v));
}

render::Chrome Admin::Chrome() const {
  render::Chrome chrome;
  chrome.now = deps_.clock->NowSeconds();
  return chrome;
}

Response Admin::ErrorPage(const Request& req, int status, std::string_view heading,
                          std::string_view message) {
  return Page(status, deps_.renderer(req).Error(Chrome(), status, heading, message));
}

Response Admin::Forbidden(const Request& req, std::string_view message) {
  return ErrorPage(req, 403, "غير مسموح", message);
}

std::string Admin::IssueToken(std::string_view form_name, const store::Session& session) {
  return deps_.tokens->Issue(Purpose(form_name, session), deps_.clock->NowSeconds());
}

std::variant<Admin::Posted, Response> Admin::Authorize(const Request& req, auth::Action action,
                                                       std::string_view form_name,
                                                       std::string_view not_allowed,
                                                       size_t max_fields) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  if (!auth::Can(signed_in->user.role, action)) return Forbidden(req, not_allowed);
  auto form = ParseForm(req.body, max_fields);
  if (!form.ok() || deps_.tokens->Verify(form->Get("token"), Purpose(form_name, signed_in->session),
                                         deps_.clock->NowSeconds()) != TokenCheck::kValid) {
    return Forbidden(req, kBadToken);
  }
  return Posted{std::move(*signed_in), std::move(*form)};
}

std::string Admin::FormToken(std::string_view form_name, const Signed& who) const {
  return deps_.tokens->Issue(Purpose(form_name, who.session), deps_.clock->NowSeconds());
}

Response Admin::Comments(const Request& req) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  if (!auth::Can(signed_in->user.role, auth::Action::kModerateComments)) {
    return Forbidden(req, kEditorsModerate);
  }
  Form q = ParseQueryLenient(req.query);
  content::CommentStatus status = StatusParam(q.Get("status"));
  auto page = ParseInt(q.Get("page"));
  int n = page && *page >= 1 && *page <= 10000 ? static_cast<int>(*page) : 1;
  auto counts = deps_.store->CountComments();
  store::CommentFilter filter;
  filter.status = status;
  filter.limit = kCommentsPerPage + 1;  // one more tells whether there is a next page
  filter.offset = (n - 1) * kCommentsPerPage;
  auto list = deps_.store->ListComments(filter);
  if (!counts.ok() || !list.ok()) {
    return ErrorPage(req, 503, "الخدمة مشغولة", "تعذّر قراءة التعليقات. أعد المحاولة بعد قليل.");
  }
  render::AdminCommentsView v;
  v.status = content::CommentStatusName(status);
  v.counts = *counts;
  v.has_next = list->size() > kCommentsPerPage;
  if (v.has_next) list->pop_back();
  v.comments = std::move(*list);
  v.page = n;
  v.token =
      deps_.tokens->Issue(Purpose(kModerateForm, signed_in->session), deps_.clock->NowSeconds());
  if (auto done = ParseInt(q.Get("done")); done && *done >= 0) v.done = static_cast<int>(*done);
  return Page(200, deps_.renderer(req).AdminComments(Chrome(), v));
}

Response Admin::Moderate(const Request& req) {
  auto posted = Authorize(req, auth::Action::kModerateComments, kModerateForm, kEditorsModerate,
                          1024);  // a bulk action may name many comments
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Form* form = &std::get<Posted>(posted).form;
  std::string action = form->Get("action");
  std::string back = "/admin/comments?status=" + PercentEncodePathSegment(form->Get("status"));
  std::optional<content::CommentStatus> to;
  if (action == "approve") {
    to = content::CommentStatus::kApproved;
  } else if (action == "spam") {
    to = content::CommentStatus::kSpam;
  } else if (action == "pending") {
    to = content::CommentStatus::kPending;
  } else if (action == "trash") {
    to = content::CommentStatus::kTrash;
  } else if (action != "delete") {
    return Forbidden(req, "إجراء غير معروف.");
  }
  int done = 0;
  for (const auto& [name, value] : form->fields) {
    if (name != "ids") continue;
    auto id = ParseInt(value);
    if (!id || *id <= 0) continue;
    Status s;
    if (to) {
      s = deps_.store->SetCommentStatus(*id, *to);
    } else {
      // Deleting for good is for what is in the trash, nothing else (checked as it is
      // deleted): one click elsewhere only ever moves a comment to the trash. Its replies
      // go with it.
      s = deps_.store->DeleteComment(*id, /*only_trashed=*/true);
    }
    if (s.ok()) ++done;
  }
  return Response::SeeOther(back + "&done=" + std::to_string(done));
}

Response Admin::EditorPage(const Request& req, const Signed& who, render::AdminEditorView view,
                           int status) {
  view.token = deps_.tokens->Issue(Purpose(kEditorForm, who.session), deps_.clock->NowSeconds());
  view.can_publish = auth::Can(who.user.role, auth::Action::kPublishOwn);
  view.publish_zone = deps_.options.zone.is_utc() ? "" : deps_.options.zone.name();
  if (auto cats = deps_.store->ListCategories(); cats.ok()) view.categories = std::move(*cats);
  if (auto tags = deps_.store->SuggestTags("", 200); tags.ok()) view.tag_names = std::move(*tags);
  return Page(status, deps_.renderer(req).AdminEditor(Chrome(), view));
}

Response Admin::Editor(const Request& req, const std::string& id_text, const ImageRefusal* refusal,
                       const EditorRefusal* refused) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  render::AdminEditorView v;
  if (!id_text.empty()) {
    auto id = ParseInt(id_text);
    auto a = id ? deps_.store->GetArticle(*id) : StatusOr<content::Article>(NotFoundError(""));
    if (!a.ok()) {
      return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
    }
    // Whoever may edit an article may open it (as its revisions): its author and editors.
    if (a->author.name != signed_in->user.display_name &&
        !auth::Can(signed_in->user.role, auth::Action::kEditAnyArticle)) {
      return Forbidden(req, kOthersArticles);
    }
    v.id = a->id;
    v.version = a->version;  // the two-editors rule: a save must come from this version
    v.title = a->title;
    v.excerpt = a->excerpt;
    v.slug = a->slug;
    // The editor writes Markdown: plain paragraphs (imported articles) are Markdown too.
    v.body = a->body_format == content::BodyFormat::kText ? a->body : a->body_source;
    v.category = a->category.name;
    for (size_t i = 0; i < a->tags.size(); ++i) v.tags += (i ? "، " : "") + a->tags[i].name;
    v.status_label = render::ArticleStatusLabel(a->status);
    v.published = a->status == content::ArticleStatus::kPublished;
    if (v.published && auth::Can(signed_in->user.role, auth::Action::kEditAnyArticle)) {
      v.can_correct = true;
      v.correction_token = deps_.tokens->Issue(Purpose(kCorrectionForm, signed_in->session),
                                               deps_.clock->NowSeconds());
    }
    if (v.published) v.url = content::Permalink(a->published_at, a->slug, deps_.options.zone);
    if (a->status == content::ArticleStatus::kScheduled) {
      v.publish_at = FormatIso8601(deps_.options.zone.Local(a->published_at)).substr(0, 16);
    }
    // Still breaking: the hours left, rounded up, so that saving again keeps the flag.
    if (int64_t left = a->breaking_until - deps_.clock->NowSeconds(); left > 0) {
      v.breaking_hours = static_cast<int>(std::min<int64_t>((left + 3599) / 3600, 72));
    }
    Form q = ParseQueryLenient(req.query);
    if (q.Get("saved") == "1") v.notice = "حُفظ المقال.";
    if (q.Get("trashed") == "1") v.notice = "نُقل المقال إلى المهملات ولم يعد في الموقع.";
    if (q.Get("restored") == "1") v.notice = "استُعيد المقال من المهملات مسودةً.";
    v.trashed = a->status == content::ArticleStatus::kTrashed;
    bool may_trash = MayTrash(signed_in->user, *a);
    v.can_trash = !v.trashed && may_trash;
    v.can_restore = v.trashed && may_trash;
    if (v.trashed && auth::Can(signed_in->user.role, auth::Action::kEditAnyArticle)) {
      v.delete_token = FormToken(kDeleteArticleForm, *signed_in);
    }
    if (refused) v.errors.push_back(refused->message);
    AddImageForm(*signed_in, *a, refusal, &v);
  }
  int status = refusal ? refusal->status : refused ? refused->status : 200;
  return EditorPage(req, *signed_in, std::move(v), status);
}

Response Admin::Save(const Request& req) {
  auto posted = Authorize(req, auth::Action::kWriteDrafts, kEditorForm, "");
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed* signed_in = &std::get<Posted>(posted).who;
  const Form* form = &std::get<Posted>(posted).form;
  const content::User& user = signed_in->user;
  int64_t now = deps_.clock->NowSeconds();
  std::string action = form->Get("action");
  content::ArticleStatus status;
  if (action == "draft") {
    status = content::ArticleStatus::kDraft;
  } else if (action == "pending") {
    status = content::ArticleStatus::kPending;
  } else if (action == "trash" || action == "restore") {
    return TrashOrRestore(req, std::get<Posted>(posted), action == "trash");
  } else if (action == "publish" || action == "schedule" || action == "unpublish") {
    status = action == "publish"    ? content::ArticleStatus::kPublished
             : action == "schedule" ? content::ArticleStatus::kScheduled
                                    : content::ArticleStatus::kDraft;
    if (!auth::Can(user.role, auth::Action::kPublishOwn)) {
      return Forbidden(req, "النشر للكتّاب والمحررين. أرسل المقال للمراجعة.");
    }
  } else {
    return Forbidden(req, "إجراء غير معروف.");
  }
  std::optional<content::Article> existing;
  if (auto id = ParseInt(form->Get("id")); id && *id > 0) {
    auto a = deps_.store->GetArticle(*id);
    if (!a.ok()) return Forbidden(req, "لا مقال بهذا الرقم.");
    existing = std::move(*a);
    bool own = existing->author.name == user.display_name;
    if (!own && !auth::Can(user.role, auth::Action::kEditAnyArticle)) {
      return Forbidden(req, kOthersArticles);
    }
    if (existing->external_id.empty()) return Forbidden(req, "لا يمكن تحرير هذا المقال هنا.");
    // A contributor cannot unpublish: saving a published or scheduled article as a draft or
    // for review would take it off the site (or off the schedule) without an editor.
    if (!auth::Can(user.role, auth::Action::kPublishOwn) &&
        existing->status != content::ArticleStatus::kDraft &&
        existing->status != content::ArticleStatus::kPending &&
        existing->status != content::ArticleStatus::kTrashed) {
      return Forbidden(req, "المقال المنشور أو المجدول يعدّله الكتّاب والمحررون.");
    }
  }

  render::AdminEditorView v;
  v.id = existing ? existing->id : 0;
  // The version the form was opened at (the two-editors rule; a form without one is stale).
  auto opened = existing ? ParseInt(form->Get("version")) : std::optional<int64_t>(0);
  v.version = opened ? *opened : -1;
  v.title = std::string(TrimUnicode(SanitizeUtf8(form->Get("title"))));
  v.excerpt = std::string(TrimUnicode(SanitizeUtf8(form->Get("excerpt"))));
  v.body = SanitizeUtf8(form->Get("body"));
  v.category = std::string(TrimUnicode(SanitizeUtf8(form->Get("category"))));
  v.tags = SanitizeUtf8(form->Get("tags"));
  auto hours = ParseInt(form->Get("breaking_hours").empty() ? "0" : form->Get("breaking_hours"));
  if (v.title.empty()) v.errors.push_back("اكتب عنوان المقال.");
  if (Utf8Length(v.title) > 300) v.errors.push_back("العنوان أطول من ٣٠٠ حرف.");
  if (std::string(TrimUnicode(v.body)).empty()) v.errors.push_back("اكتب نص المقال.");
  if (v.body.size() > 500000) v.errors.push_back("النص أطول من المسموح.");
  if (!hours || *hours < 0 || *hours > 72) v.errors.push_back("مدة العاجل من ٠ إلى ٧٢ ساعة.");
  v.breaking_hours = hours && *hours >= 0 && *hours <= 72 ? static_cast<int>(*hours) : 0;
  // The time to publish a scheduled article, on the site's wall clock (the `timezone`
  // setting), in the future.
  v.publish_at = std::string(TrimAscii(form->Get("publish_at")));
  int64_t publish_at = 0;
  if (status == content::ArticleStatus::kScheduled) {
    // The form sends minutes; seconds are accepted too ("YYYY-MM-DDTHH:MM:SS").
    auto t = v.publish_at.size() == 16   ? ParseIso8601(v.publish_at + ":00Z")
             : v.publish_at.size() == 19 ? ParseIso8601(v.publish_at + "Z")
                                         : StatusOr<int64_t>(InvalidArgumentError(""));
    if (t.ok()) t = deps_.options.zone.FromLocal(*t);
    if (!t.ok()) {
      v.errors.push_back("اكتب موعد النشر بتاريخه وساعته.");
    } else if (*t <= now) {
      v.errors.push_back("موعد النشر يجب أن يكون في المستقبل.");
    } else {
      publish_at = *t;
    }
  }
  v.slug = std::string(TrimUnicode(SanitizeUtf8(form->Get("slug"))));
  EditorContent content = ReadContent(&v);
  if (existing) v.status_label = render::ArticleStatusLabel(existing->status);
  if (existing && existing->status == content::ArticleStatus::kTrashed) {
    // Trashed since the form was opened: it is restored first, knowingly. The text stays.
    v.errors.push_back("هذا المقال في المهملات فلم يُحفظ نصّك. استعده أولًا ثم احفظ.");
    return EditorPage(req, *signed_in, std::move(v), 409);
  }
  if (!v.errors.empty()) return EditorPage(req, *signed_in, std::move(v), 422);

  content::ArticleInput in;
  in.external_id = existing ? existing->external_id : "khabar-" + auth::NewSessionToken();
  in.title = v.title;
  in.slug = content.slug;
  in.body = std::move(content.body.text);
  in.body_format = content::BodyFormat::kMarkdown;
  in.body_source = v.body;
  in.body_html = std::move(content.body.html);
  in.excerpt = v.excerpt;
  in.category = v.category;
  in.tags = SplitTags(v.tags);
  in.author = existing ? existing->author.name : user.display_name;
  in.status = status;
  in.source_name = existing ? existing->source_name : "";
  in.source_url = existing ? existing->source_url : "";
  // First publication dates the article now; later saves keep its date (and URL).
  bool was_published = existing && existing->status == content::ArticleStatus::kPublished;
  if (status == content::ArticleStatus::kScheduled) {
    in.published_at = publish_at;
  } else if (was_published) {
    in.published_at = existing->published_at;
  } else if (status == content::ArticleStatus::kPublished) {
    in.published_at = now;
  } else {
    in.published_at = existing ? existing->published_at : 0;
  }
  in.breaking_seconds = static_cast<int64_t>(v.breaking_hours) * 3600;
  // Saved with a revision, only if nobody saved the article since the form was opened.
  store::ArticleEdit edit;
  edit.input = std::move(in);
  edit.article_id = v.id;
  edit.expected_version = v.version;
  edit.by = {user.id, user.display_name};
  auto saved = deps_.store->SaveArticle(edit, now);
  if (!saved.ok() && saved.status().code() == StatusCode::kFailedPrecondition) {
    int64_t opened_version = v.version;
    return SaveConflict(req, *signed_in, std::move(v), opened_version);
  }
  if (!saved.ok() && saved.status().code() == StatusCode::kAlreadyExists) {
    v.errors.push_back(kSlugTaken);
    return EditorPage(req, *signed_in, std::move(v), 422);
  }
  if (!saved.ok()) {
    // Busy (another process holds the database) or full (no space left): the text is shown
    // again and nothing was stored; the server takes writes again once the cause is gone.
    v.errors.push_back(saved.status().code() == StatusCode::kResourceExhausted
                           ? "تعذّر حفظ المقال: مساحة التخزين على الخادم ممتلئة. لم يُفقد نصّك: "
                             "انسخه، وأبلغ مدير الموقع، ثم أعد المحاولة."
                           : "تعذّر حفظ المقال الآن. لم يُفقد نصّك: أعد المحاولة بعد لحظات.");
    Response busy = EditorPage(req, *signed_in, std::move(v), 503);
    busy.With("Retry-After", "5");
    return busy;
  }
  return Response::SeeOther("/admin/articles/" + std::to_string(saved->id) + "?saved=1");
}

// The article page readers would see for the editor's form as it stands, made from the
// posted fields without storing anything: same template, menu, ticker, related articles and
// comments, with a "معاينة — غير منشور" banner. Never cached, never indexed.
Response Admin::Preview(const Request& req) {
  auto posted = Authorize(req, auth::Action::kWriteDrafts, kEditorForm, "");
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed* signed_in = &std::get<Posted>(posted).who;
  const Form* form = &std::get<Posted>(posted).form;
  const content::User& user = signed_in->user;
  int64_t now = deps_.clock->NowSeconds();
  std::optional<content::Article> existing;
  if (auto id = ParseInt(form->Get("id")); id && *id > 0) {
    auto a = deps_.store->GetArticle(*id);
    if (!a.ok()) return Forbidden(req, "لا مقال بهذا الرقم.");
    if (a->author.name != user.display_name &&
        !auth::Can(user.role, auth::Action::kEditAnyArticle)) {
      return Forbidden(req, kOthersArticles);
    }
    existing = std::move(*a);
  }
  render::AdminEditorView v;
  v.id = existing ? existing->id : 0;
  v.title = std::string(TrimUnicode(SanitizeUtf8(form->Get("title"))));
  v.excerpt = std::string(TrimUnicode(SanitizeUtf8(form->Get("excerpt"))));
  v.body = SanitizeUtf8(form->Get("body"));
  v.slug = std::string(TrimUnicode(SanitizeUtf8(form->Get("slug"))));
  v.category = std::string(TrimUnicode(SanitizeUtf8(form->Get("category"))));
  v.tags = SanitizeUtf8(form->Get("tags"));
  v.publish_at = std::string(TrimAscii(form->Get("publish_at")));
  auto hours = ParseInt(form->Get("breaking_hours"));
  v.breaking_hours = hours && *hours >= 0 && *hours <= 72 ? static_cast<int>(*hours) : 0;
  if (v.title.empty()) v.errors.push_back("اكتب عنوان المقال.");
  if (std::string(TrimUnicode(v.body)).empty()) v.errors.push_back("اكتب نص المقال.");
  if (v.body.size() > 500000) v.errors.push_back("النص أطول من المسموح.");
  EditorContent content = ReadContent(&v);
  if (existing) v.status_label = render::ArticleStatusLabel(existing->status);
  if (!v.errors.empty()) return EditorPage(req, *signed_in, std::move(v), 422);

  content::Article a = existing ? *existing : content::Article{};
  a.title = v.title;
  if (!content.slug.empty()) a.slug = content.slug;
  if (a.slug.empty()) a.slug = content::MakeSlug(v.title);
  a.body = std::move(content.body.text);
  a.body_format = content::BodyFormat::kMarkdown;
  a.body_source = v.body;
  a.body_html = std::move(content.body.html);
  a.excerpt = v.excerpt;
  bool published = existing && existing->status == content::ArticleStatus::kPublished;
  if (!published) a.published_at = now;
  a.modified_at = now;
  if (a.category.name != v.category)
    a.category = {0, v.category, content::MakeSlug(v.category, 80)};
  if (!existing) a.author = {0, user.display_name, content::MakeSlug(user.display_name, 80)};
  a.tags.clear();
  for (const std::string& name : SplitTags(v.tags)) {
    a.tags.push_back({0, name, content::MakeSlug(name, 80)});
  }
  std::vector<content::ArticleSummary> related;
  std::vector<content::CommentNode> threads;
  if (existing) {
    if (auto r = deps_.store->Related(*existing, 4, now); r.ok()) related = std::move(*r);
    if (auto c = deps_.store->ApprovedComments(existing->id); c.ok()) {
      threads = content::BuildThreads(std::move(*c));
    }
  }
  render::Chrome chrome = deps_.site_chrome ? deps_.site_chrome(req, a.category.slug) : Chrome();
  chrome.preview = true;
  render::CommentForm comment_form;  // shown as readers see it; posting it is refused
  comment_form.post_id = a.id;
  return Page(200, deps_.renderer(req).ArticlePage(chrome, a, related, threads, comment_form));
}

Response Admin::Correct(const Request& req, const std::string& id_text) {
  auto posted =
      Authorize(req, auth::Action::kEditAnyArticle, kCorrectionForm, "التصحيحات للمحررين.");
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Form* form = &std::get<Posted>(posted).form;
  int64_t now = deps_.clock->NowSeconds();
  auto id = ParseInt(id_text);
  std::string text(TrimUnicode(SanitizeUtf8(form->Get("text"))));
  if (!id || text.empty() || Utf8Length(text) > 2000) {
    return Forbidden(req, "اكتب نص التصحيح (حتى ٢٠٠٠ حرف).");
  }
  auto added = deps_.store->AddCorrection(*id, text, now);
  if (!added.ok()) return Forbidden(req, "تعذّر إضافة التصحيح.");
  return Response::SeeOther("/admin/articles/" + std::to_string(*id) + "?saved=1");
}

Response Admin::Reply(const Request& req) {
  auto posted = Authorize(req, auth::Action::kModerateComments, kModerateForm, kEditorsModerate);
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed* signed_in = &std::get<Posted>(posted).who;
  const Form* form = &std::get<Posted>(posted).form;
  int64_t now = deps_.clock->NowSeconds();
  auto parent_id = ParseInt(form->Get("comment"));
  std::string text(TrimUnicode(SanitizeUtf8(form->Get("text"))));
  if (!parent_id || text.empty() || Utf8Length(text) > 5000) {
    return Forbidden(req, "اكتب نص الرد (حتى ٥٠٠٠ حرف).");
  }
  auto parent = deps_.store->GetComment(*parent_id);
  if (!parent.ok()) return Forbidden(req, "التعليق غير موجود.");
  // Answering a comment publishes it, as in WordPress; the answer is published at once.
  if (parent->status != content::CommentStatus::kApproved) {
    if (Status s = deps_.store->SetCommentStatus(*parent_id, content::CommentStatus::kApproved);
        !s.ok()) {
      return Forbidden(req, "تعذّر نشر التعليق.");
    }
  }
  content::CommentInput in;
  in.article_id = parent->article_id;
  in.parent_id = *parent_id;
  in.author_name = signed_in->user.display_name;
  in.body = text;
  in.created_at = now;
  in.status = content::CommentStatus::kApproved;
  auto id = deps_.store->AddComment(in);
  if (!id.ok()) return Forbidden(req, "تعذّر حفظ الرد.");
  return Response::SeeOther(
      "/admin/comments?status=" + PercentEncodePathSegment(form->Get("status")) + "&done=1");
}

}  // namespace khabar::http
