// The newsroom's revisions (Admin's handlers, see admin.h): an article's history, a
// word-level diff between two of its states, restoring an older one, and the answer to a
// save made from a form someone else's save has outdated. The store keeps a revision with
// every save, in the same transaction.
#include <utility>
#include <variant>

#include "src/base/strings.h"
#include "src/content/diff.h"
#include "src/http/admin.h"

namespace khabar::http {
namespace {

constexpr std::string_view kRestoreForm = "restore";
constexpr const char* kNotYours = "مراجعات مقالات الآخرين للمحررين.";
// Unchanged words (and the spaces between them) kept around each change of a long body.
constexpr size_t kDiffContext = 60;

bool Own(const content::User& u, const content::Article& a) {
  return a.author.name == u.display_name;
}
// Whoever may edit an article may read its history.
bool MayView(const content::User& u, const content::Article& a) {
  return Own(u, a) || auth::Can(u.role, auth::Action::kEditAnyArticle);
}
// A restore keeps the article's state, so it changes a published text without review: for
// editors, and for authors on their own articles; not for contributors.
bool MayRestore(const content::User& u, const content::Article& a) {
  return auth::Can(u.role, auth::Action::kEditAnyArticle) ||
         (Own(u, a) && auth::Can(u.role, auth::Action::kPublishOwn));
}

// The article as it is now, as a revision to compare with.
content::Revision CurrentState(const content::Article& a) {
  content::Revision r;
  r.article_id = a.id;
  r.version = a.version;
  r.title = a.title;
  r.excerpt = a.excerpt;
  r.body = a.body;
  r.category = a.category.name;
  for (const auto& t : a.tags) r.tags.push_back(t.name);
  r.status = a.status;
  return r;
}

std::string JoinNames(const std::vector<std::string>& names) {
  if (names.empty()) return "بلا";
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) s.append("، ");
    s.append(names[i]);
  }
  return s;
}

// Category, tags and state, when they differ, in words.
std::vector<std::string> OtherChanges(const content::Revision& base,
                                      const content::Revision& shown) {
  std::vector<std::string> out;
  auto change = [&](const char* what, const std::string& was, const std::string& is) {
    std::string line(what);
    line.append(": كان «").append(was).append("» وصار «").append(is).append("»");
    out.push_back(std::move(line));
  };
  if (base.category != shown.category) {
    change("القسم", base.category.empty() ? "بلا" : base.category,
           shown.category.empty() ? "بلا" : shown.category);
  }
  if (base.tags != shown.tags) change("الوسوم", JoinNames(base.tags), JoinNames(shown.tags));
  if (base.status != shown.status) {
    change("الحالة", render::ArticleStatusLabel(base.status),
           render::ArticleStatusLabel(shown.status));
  }
  return out;
}

std::string RevisionsPath(int64_t article_id) {
  return "/admin/articles/" + std::to_string(article_id) + "/revisions";
}

}  // namespace

Response Admin::Revisions(const Request& req, const std::string& id_text) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  auto id = ParseInt(id_text);
  auto article = id ? deps_.store->GetArticle(*id) : StatusOr<content::Article>(NotFoundError(""));
  if (!article.ok()) return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  if (!MayView(signed_in->user, *article)) return Forbidden(req, kNotYours);
  auto list = deps_.store->ListRevisions(article->id);
  if (!list.ok()) {
    return ErrorPage(req, 503, "الخدمة مشغولة", "تعذّر قراءة المراجعات. أعد المحاولة بعد قليل.");
  }
  render::AdminRevisionsView v;
  v.article_id = article->id;
  v.article_title = article->title;
  v.revisions = std::move(*list);
  if (ParseQueryLenient(req.query).Get("restored") == "1") {
    v.notice = "استُعيدت المراجعة، وحُفظت الاستعادة مراجعةً جديدة.";
  }
  return Page(200, deps_.renderer(req).AdminRevisions(Chrome(), v));
}

Response Admin::RevisionDiff(const Request& req, const std::string& id_text,
                             const std::string& rev_text) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  auto id = ParseInt(id_text);
  auto rev_id = ParseInt(rev_text);
  auto article = id ? deps_.store->GetArticle(*id) : StatusOr<content::Article>(NotFoundError(""));
  if (!article.ok()) return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  if (!MayView(signed_in->user, *article)) return Forbidden(req, kNotYours);
  auto shown =
      rev_id ? deps_.store->GetRevision(*rev_id) : StatusOr<content::Revision>(NotFoundError(""));
  if (!shown.ok() || shown->article_id != article->id) {
    return ErrorPage(req, 404, "المراجعة غير موجودة", "لا مراجعة بهذا الرقم لهذا المقال.");
  }
  auto list = deps_.store->ListRevisions(article->id);
  if (!list.ok()) {
    return ErrorPage(req, 503, "الخدمة مشغولة", "تعذّر قراءة المراجعات. أعد المحاولة بعد قليل.");
  }
  // The revision just before the one shown (the list is newest first).
  int64_t previous_id = 0;
  for (size_t i = 0; i + 1 < list->size(); ++i) {
    if ((*list)[i].id == shown->id) previous_id = (*list)[i + 1].id;
  }

  render::AdminRevisionView v;
  v.article_id = article->id;
  v.article_title = article->title;
  const std::string here = RevisionsPath(article->id) + "/" + std::to_string(shown->id);
  std::string from = ParseQueryLenient(req.query).Get("from");
  content::Revision base;
  if (from == "current") {
    base = CurrentState(*article);
    v.has_base = true;
    v.base_label = "النسخة الحالية من المقال (ما ستغيّره الاستعادة)";
  } else {
    auto from_id = from.empty() ? std::optional<int64_t>(previous_id) : ParseInt(from);
    if (!from_id) {
      return ErrorPage(req, 404, "المراجعة غير موجودة", "لا مراجعة بهذا الرقم لهذا المقال.");
    }
    if (*from_id != 0) {
      auto b = deps_.store->GetRevision(*from_id);
      if (!b.ok() || b->article_id != article->id) {
        return ErrorPage(req, 404, "المراجعة غير موجودة", "لا مراجعة بهذا الرقم لهذا المقال.");
      }
      base = std::move(*b);
      v.has_base = true;
      v.base_label = (*from_id == previous_id ? "المراجعة السابقة (رقم " : "المراجعة رقم ") +
                     std::to_string(*from_id) + (*from_id == previous_id ? ")" : "");
    }
  }
  v.title = content::DiffWords(base.title, shown->title);
  v.excerpt = content::DiffWords(base.excerpt, shown->excerpt);
  v.body = content::CondenseDiff(content::DiffWords(base.body, shown->body), kDiffContext);
  if (v.has_base) v.other_changes = OtherChanges(base, *shown);
  if (!from.empty() && previous_id != 0) v.previous_url = here;
  if (from != "current") v.current_url = here + "?from=current";
  v.revision = std::move(*shown);
  v.revision.body.clear();  // shown through the diff only
  if (MayRestore(signed_in->user, *article)) {
    v.can_restore = true;
    v.restore_token = IssueToken(kRestoreForm, signed_in->session);
    v.version = article->version;
  }
  return Page(200, deps_.renderer(req).AdminRevision(Chrome(), v));
}

Response Admin::Restore(const Request& req, const std::string& id_text,
                        const std::string& rev_text) {
  auto posted = Authorize(req, auth::Action::kPublishOwn, kRestoreForm,
                          "استعادة المراجعات للكتّاب والمحررين.");
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const content::User& user = std::get<Posted>(posted).who.user;
  const Form& form = std::get<Posted>(posted).form;
  auto id = ParseInt(id_text);
  auto rev_id = ParseInt(rev_text);
  auto article = id ? deps_.store->GetArticle(*id) : StatusOr<content::Article>(NotFoundError(""));
  if (!article.ok() || !rev_id)
    return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  if (!MayRestore(user, *article)) {
    return Forbidden(req, "استعادة مراجعات مقالات الآخرين للمحررين.");
  }
  auto version = ParseInt(form.Get("version"));
  auto restored =
      deps_.store->RestoreRevision(article->id, *rev_id, version ? *version : -1,
                                   {user.id, user.display_name}, deps_.clock->NowSeconds());
  if (!restored.ok()) {
    switch (restored.status().code()) {
      case StatusCode::kFailedPrecondition:
        return ErrorPage(req, 409, "تغيّر المقال في الأثناء",
                         "حفظ أحدهم المقال بعد أن فتحت هذه الصفحة، فلم تُستعد المراجعة كي لا "
                         "تضيع تعديلاته. افتح سجل المراجعات من جديد ثم أعد المحاولة.");
      case StatusCode::kNotFound:
      case StatusCode::kInvalidArgument:
        return ErrorPage(req, 404, "المراجعة غير موجودة", "لا مراجعة بهذا الرقم لهذا المقال.");
      default:
        return ErrorPage(req, 503, "الخدمة مشغولة",
                         "تعذّرت الاستعادة الآن. أعد المحاولة بعد لحظات.");
    }
  }
  return Response::SeeOther(RevisionsPath(article->id) + "?restored=1");
}

Response Admin::SaveConflict(const Request& req, const Signed& who, render::AdminEditorView view,
                             int64_t opened_version) {
  auto article = deps_.store->GetArticle(view.id);
  auto list = deps_.store->ListRevisions(view.id);
  std::string by;
  if (list.ok() && !list->empty()) {
    // Their changes: the newest revision against the one the form was opened at.
    const content::Revision& latest = list->front();
    by = latest.user_name;
    view.conflict_url = RevisionsPath(view.id) + "/" + std::to_string(latest.id);
    for (const content::Revision& r : *list) {
      if (r.version == opened_version && r.id != latest.id) {
        view.conflict_url += "?from=" + std::to_string(r.id);
        break;
      }
    }
  } else {
    view.conflict_url = RevisionsPath(view.id);
  }
  std::string message = by.empty() ? std::string("عُدّل هذا المقال") : "حفظ " + by + " هذا المقال";
  message.append(
      " بعد أن فتحتَه، فلم يُحفظ نصّك كي لا تضيع تعديلاته. ما كتبتَه باقٍ أدناه: اطّلع على "
      "تعديلاته، ثم احفظ مجددًا إن أردت أن يحلّ نصّك محلّها.");
  view.errors.push_back(std::move(message));
  // Saving again now is a choice made knowingly: the form carries the current version.
  if (article.ok()) view.version = article->version;
  return EditorPage(req, who, std::move(view), 409);
}

}  // namespace khabar::http
