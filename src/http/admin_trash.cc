// The trash of articles, from the editor. Moving an article to the trash takes it off the
// reader site at once (its address answers 404; lists, ticker, search and related blocks
// skip it) and keeps everything; restoring brings it back as a draft. Who may do either:
//   editors and admins: any article;
//   authors: their own articles, in any state (they may unpublish their own anyway);
//   contributors: their own drafts and articles pending review (never a published or
//     scheduled one, which they could not unpublish), and their own from the trash.
// Deleting for good is for editors, only from the trash, with a ticked confirmation; it
// removes the article with its comments, revisions and the rest in one transaction.
#include <string>
#include <utility>
#include <variant>

#include "src/base/strings.h"
#include "src/http/admin.h"
#include "src/http/form.h"

namespace khabar::http {

bool Admin::MayTrash(const content::User& user, const content::Article& a) {
  if (auth::Can(user.role, auth::Action::kEditAnyArticle)) return true;
  if (a.author.name != user.display_name) return false;
  if (auth::Can(user.role, auth::Action::kPublishOwn)) return true;
  return a.status == content::ArticleStatus::kDraft ||
         a.status == content::ArticleStatus::kPending ||
         a.status == content::ArticleStatus::kTrashed;
}

Response Admin::TrashOrRestore(const Request& req, const Posted& posted, bool trash) {
  const content::User& user = posted.who.user;
  auto id = ParseInt(posted.form.Get("id"));
  auto a =
      id && *id > 0 ? deps_.store->GetArticle(*id) : StatusOr<content::Article>(NotFoundError(""));
  if (!a.ok()) return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  if (!MayTrash(user, *a)) {
    return Forbidden(
        req, trash ? "لا يمكنك نقل هذا المقال إلى المهملات." : "لا يمكنك استعادة هذا المقال.");
  }
  std::string id_text = std::to_string(a->id);
  auto opened = ParseInt(posted.form.Get("version"));
  auto saved = deps_.store->SetTrashed(a->id, trash, opened ? *opened : -1,
                                       {user.id, user.display_name}, deps_.clock->NowSeconds());
  if (!saved.ok()) {
    EditorRefusal refused;
    if (saved.status().code() == StatusCode::kFailedPrecondition) {
      refused.message =
          "عُدّل هذا المقال بعد أن فتحتَه، فلم يتغيّر شيء. هذه حاله الآن: "
          "راجعها ثم أعد المحاولة.";
    } else if (saved.status().code() == StatusCode::kInvalidArgument) {
      refused.message = "هذا المقال ليس في المهملات.";
    } else {
      refused.status = 503;
      refused.message = "تعذّر ذلك الآن. أعد المحاولة بعد لحظات.";
    }
    return Editor(req, id_text, nullptr, &refused);
  }
  return Response::SeeOther("/admin/articles/" + id_text + (trash ? "?trashed=1" : "?restored=1"));
}

Response Admin::DeleteArticle(const Request& req, const std::string& id_text) {
  auto posted =
      Authorize(req, auth::Action::kEditAnyArticle, kDeleteArticleForm, "الحذف النهائي للمحررين.");
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Form& form = std::get<Posted>(posted).form;
  auto id = ParseInt(id_text);
  if (!id || *id <= 0) return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  EditorRefusal refused;
  if (form.Get("confirm") != "1") {
    refused.status = 422;
    refused.message = "لم يُحذف شيء: ضع علامة في مربّع التأكيد إن أردت الحذف النهائي.";
    return Editor(req, id_text, nullptr, &refused);
  }
  Status s = deps_.store->DeleteArticle(*id);
  if (s.IsNotFound()) return ErrorPage(req, 404, "المقال غير موجود", "لا مقال بهذا الرقم.");
  if (s.code() == StatusCode::kFailedPrecondition) {
    refused.message = "لا يُحذف نهائيًا إلا مقال في المهملات. انقله إليها أولًا.";
    return Editor(req, id_text, nullptr, &refused);
  }
  if (!s.ok()) {
    refused.status = 503;
    refused.message = "تعذّر الحذف الآن. أعد المحاولة بعد لحظات.";
    return Editor(req, id_text, nullptr, &refused);
  }
  return Response::SeeOther("/admin/articles?status=trashed&deleted=1");
}

}  // namespace khabar::http
