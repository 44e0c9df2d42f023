// Newsroom accounts, for admins only (every route checks the role on the server):
// /admin/users lists them and adds one; /admin/users/{id} changes a display name and role,
// sets a new password and disables or enables the account. The same store calls as
// `khabar user …` (src/app/users.cc): a new password and disabling end the user's sessions
// in the same transaction, and the store refuses to take away the last active admin.
// Every post carries the form's CSRF token; refused input re-shows the form with an Arabic
// message (422) and changes nothing. Passwords are never shown back, stored or logged:
// only their argon2id hashes are kept.
#include <string>
#include <utility>
#include <variant>

#include "src/auth/auth.h"
#include "src/base/strings.h"
#include "src/http/admin.h"
#include "src/http/form.h"

namespace khabar::http {
namespace {

constexpr std::string_view kUsersForm = "users";
constexpr const char* kAdminsOnly = "إدارة المستخدمين للمديرين.";
constexpr const char* kTryAgain = "تعذّر الحفظ الآن. أعد المحاولة بعد لحظات.";
constexpr const char* kLastAdmin =
    "لا يمكن ذلك: أنت آخر مدير نشط للموقع. اجعل مستخدمًا آخر مديرًا أولًا.";
constexpr size_t kMaxDisplayName = 100;

std::vector<render::RoleChoice> RoleChoices() {
  std::vector<render::RoleChoice> roles;
  for (content::Role r : {content::Role::kContributor, content::Role::kAuthor,
                          content::Role::kEditor, content::Role::kAdmin}) {
    roles.push_back({std::string(auth::RoleName(r)), std::string(auth::RoleLabel(r))});
  }
  return roles;
}

render::AdminUserRow RowOf(content::User u) {
  std::string label(auth::RoleLabel(u.role));
  return {std::move(u), std::move(label)};
}

// A field as typed: valid UTF-8, trimmed.
std::string Field(const Form& form, std::string_view name) {
  return std::string(TrimUnicode(SanitizeUtf8(form.Get(name))));
}

// What is wrong with a new password typed twice, in Arabic; "" when nothing is.
std::string PasswordProblem(std::string_view password, std::string_view again,
                            std::string_view login_name) {
  if (password != again) return "كلمتا المرور غير متطابقتين. اكتبها مرتين كما هي.";
  if (!auth::CheckPasswordStrength(password).ok()) {
    return "كلمة المرور من ١٠ أحرف على الأقل (وحتى ١٠٢٤ بايت)، ولا تكون حرفًا واحدًا مكررًا.";
  }
  if (password == login_name) return "كلمة المرور لا تكون اسم الدخول نفسه.";
  return "";
}

// The problems of a display name as typed (the byline of new articles); `effective` is
// what it will be ("" typed: the login name). Another account's byline is refused: the
// newsroom knows an author's own articles by it.
std::vector<std::string> DisplayNameProblems(std::string_view typed, std::string_view effective,
                                             int64_t user_id,
                                             const std::vector<content::User>& users) {
  std::vector<std::string> errors;
  if (Utf8Length(typed) > kMaxDisplayName) errors.push_back("الاسم الظاهر أطول من ١٠٠ حرف.");
  for (const content::User& u : users) {
    if (u.id != user_id && u.display_name == effective) {
      errors.push_back("هذا الاسم الظاهر لمستخدم آخر. اختر اسمًا غيره.");
      break;
    }
  }
  return errors;
}

std::string DoneNotice(std::string_view done) {
  if (done == "added") return "أُضيف المستخدم. يستطيع الدخول الآن بكلمة المرور التي اخترتها.";
  if (done == "profile") return "حُفظ الاسم الظاهر والدور.";
  if (done == "password") return "تغيّرت كلمة المرور، وانتهت جلسات المستخدم المفتوحة.";
  if (done == "disabled") return "عُطّل الحساب، وانتهت جلساته المفتوحة.";
  if (done == "enabled") return "فُعّل الحساب من جديد.";
  return "";
}

}  // namespace

void Admin::UserRoutes(Router& r) {
  r.Get("/admin/users", [this](const Request& q, const Params&) { return Users(q); });
  r.Post("/admin/users", [this](const Request& q, const Params&) { return AddUser(q); });
  r.Get("/admin/users/{}", [this](const Request& q, const Params& p) { return UserItem(q, p[0]); });
  for (const char* op : {"profile", "password", "disable", "enable"}) {
    r.Post(std::string("/admin/users/{}/") + op,
           [this, op](const Request& q, const Params& p) { return ChangeUser(q, p[0], op); });
  }
}

Response Admin::Users(const Request& req) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  if (!auth::Can(signed_in->user.role, auth::Action::kManageUsers)) {
    return Forbidden(req, kAdminsOnly);
  }
  render::AdminUsersView v;
  v.role = std::string(auth::RoleName(content::Role::kContributor));
  v.notice = DoneNotice(ParseQueryLenient(req.query).Get("done"));
  return UsersPage(req, *signed_in, std::move(v), 200);
}

Response Admin::UsersPage(const Request& req, const Signed& who, render::AdminUsersView view,
                          int status) {
  auto users = deps_.store->ListUsers();
  if (!users.ok()) {
    return ErrorPage(req, 503, "الخدمة مشغولة", "تعذّر قراءة المستخدمين. أعد المحاولة بعد قليل.");
  }
  for (content::User& u : *users) view.users.push_back(RowOf(std::move(u)));
  view.roles = RoleChoices();
  view.token = FormToken(kUsersForm, who);
  return Page(status, deps_.renderer(req).AdminUsers(Chrome(), view));
}

Response Admin::AddUser(const Request& req) {
  auto posted = Authorize(req, auth::Action::kManageUsers, kUsersForm, kAdminsOnly);
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed& who = std::get<Posted>(posted).who;
  const Form& form = std::get<Posted>(posted).form;
  render::AdminUsersView v;
  v.name = Field(form, "name");
  v.display_name = Field(form, "display_name");
  v.role = form.Get("role");
  auto role = auth::ParseRole(v.role);
  if (!auth::CheckUserName(v.name).ok()) {
    v.errors.push_back("اسم الدخول من حرف إلى ٦٠ حرفًا، دون مسافات.");
  }
  if (!role) {
    v.errors.push_back("اختر دورًا من القائمة.");
    v.role = std::string(auth::RoleName(content::Role::kContributor));
  }
  auto users = deps_.store->ListUsers();
  if (!users.ok()) return UsersPage(req, who, std::move(v), 503);
  for (const content::User& u : *users) {
    if (u.name == v.name) v.errors.push_back("يوجد مستخدم بهذا الاسم. اختر اسم دخول غيره.");
  }
  for (std::string& e : DisplayNameProblems(
           v.display_name, v.display_name.empty() ? v.name : v.display_name, 0, *users)) {
    v.errors.push_back(std::move(e));
  }
  std::string password = form.Get("password");
  if (std::string p = PasswordProblem(password, form.Get("password_again"), v.name); !p.empty()) {
    v.errors.push_back(std::move(p));
  }
  if (!v.errors.empty()) return UsersPage(req, who, std::move(v), 422);

  auto hash = auth::HashPassword(password);
  if (!hash.ok()) {
    v.errors.push_back(kTryAgain);
    return UsersPage(req, who, std::move(v), 503);
  }
  store::UserInput in;
  in.name = v.name;
  in.display_name = v.display_name;
  in.password_hash = std::move(*hash);
  in.role = *role;
  in.created_at = deps_.clock->NowSeconds();
  auto id = deps_.store->AddUser(in);
  if (!id.ok()) {
    bool taken = id.status().code() == StatusCode::kAlreadyExists;  // added meanwhile
    v.errors.push_back(taken ? "يوجد مستخدم بهذا الاسم. اختر اسم دخول غيره." : kTryAgain);
    return UsersPage(req, who, std::move(v), taken ? 422 : 503);
  }
  return Response::SeeOther("/admin/users?done=added");
}

Response Admin::UserItem(const Request& req, const std::string& id_text) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  if (!auth::Can(signed_in->user.role, auth::Action::kManageUsers)) {
    return Forbidden(req, kAdminsOnly);
  }
  auto id = ParseInt(id_text);
  auto user = id ? deps_.store->GetUser(*id) : StatusOr<content::User>(NotFoundError(""));
  if (!user.ok()) return ErrorPage(req, 404, "المستخدم غير موجود", "لا مستخدم بهذا الرقم.");
  render::AdminUserView v;
  v.display_name = user->display_name;
  v.role = std::string(auth::RoleName(user->role));
  v.row = RowOf(std::move(*user));
  v.notice = DoneNotice(ParseQueryLenient(req.query).Get("done"));
  return UserItemPage(req, *signed_in, std::move(v), 200);
}

Response Admin::UserItemPage(const Request& req, const Signed& who, render::AdminUserView view,
                             int status) {
  view.is_self = view.row.user.id == who.user.id;
  view.roles = RoleChoices();
  view.token = FormToken(kUsersForm, who);
  return Page(status, deps_.renderer(req).AdminUser(Chrome(), view));
}

Response Admin::ChangeUser(const Request& req, const std::string& id_text, std::string_view op) {
  auto posted = Authorize(req, auth::Action::kManageUsers, kUsersForm, kAdminsOnly);
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed& who = std::get<Posted>(posted).who;
  const Form& form = std::get<Posted>(posted).form;
  auto id = ParseInt(id_text);
  auto user = id ? deps_.store->GetUser(*id) : StatusOr<content::User>(NotFoundError(""));
  if (!user.ok()) return ErrorPage(req, 404, "المستخدم غير موجود", "لا مستخدم بهذا الرقم.");
  const bool self = user->id == who.user.id;
  const std::string back = "/admin/users/" + std::to_string(user->id);
  render::AdminUserView v;
  v.display_name = user->display_name;
  v.role = std::string(auth::RoleName(user->role));
  v.row = RowOf(*user);
  // A refused or failed change: the page again with the message, nothing changed.
  auto refuse = [&](int status, std::string message) {
    v.errors.push_back(std::move(message));
    return UserItemPage(req, who, std::move(v), status);
  };
  auto failed = [&](const Status& s) {
    if (s.code() == StatusCode::kFailedPrecondition) return refuse(422, kLastAdmin);
    return refuse(503, kTryAgain);
  };

  if (op == "profile") {
    v.display_name = Field(form, "display_name");
    v.role = form.Get("role");
    auto role = auth::ParseRole(v.role);
    if (!role) {
      v.errors.push_back("اختر دورًا من القائمة.");
      v.role = std::string(auth::RoleName(user->role));
    }
    auto users = deps_.store->ListUsers();
    if (!users.ok()) return refuse(503, kTryAgain);
    for (std::string& e :
         DisplayNameProblems(v.display_name, v.display_name.empty() ? user->name : v.display_name,
                             user->id, *users)) {
      v.errors.push_back(std::move(e));
    }
    if (!v.errors.empty()) return UserItemPage(req, who, std::move(v), 422);
    if (Status s = deps_.store->UpdateUser(user->id, v.display_name, *role); !s.ok()) {
      return failed(s);
    }
    // An admin who gave up the role has no business on this page any more.
    if (self && *role != content::Role::kAdmin) return Response::SeeOther("/admin/");
    return Response::SeeOther(back + "?done=profile");
  }
  if (op == "password") {
    std::string password = form.Get("password");
    if (std::string p = PasswordProblem(password, form.Get("password_again"), user->name);
        !p.empty()) {
      return refuse(422, std::move(p));
    }
    auto hash = auth::HashPassword(password);
    if (!hash.ok()) return refuse(503, kTryAgain);
    if (Status s = deps_.store->SetPasswordHash(user->name, *hash); !s.ok()) return failed(s);
    // Their sessions ended, this one too when it is their own: sign in with the new one.
    return Response::SeeOther(self ? "/admin/login" : back + "?done=password");
  }
  if (op == "disable") {
    if (form.Get("confirm") != "1") return refuse(422, "ضع علامة التأكيد لتعطيل الحساب.");
    if (Status s = deps_.store->SetUserDisabled(user->name, true); !s.ok()) return failed(s);
    return Response::SeeOther(self ? "/admin/login" : back + "?done=disabled");
  }
  // "enable"
  if (Status s = deps_.store->SetUserDisabled(user->name, false); !s.ok()) return failed(s);
  return Response::SeeOther(back + "?done=enabled");
}

}  // namespace khabar::http
