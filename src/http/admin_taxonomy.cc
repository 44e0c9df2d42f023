// The newsroom's tags and categories: /admin/tags and /admin/categories list them with
// their article counts (tags searchable and paged), and each one's page renames, merges
// and deletes it; categories also move up and down the reader's menu. Editors and admins
// only; every post carries the form's CSRF token, and a refused input re-shows the page
// with an Arabic message (422) and changes nothing. The editor's tag completion asks
// /admin/tags/suggest.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <variant>

#include "src/auth/auth.h"
#include "src/base/strings.h"
#include "src/content/slug.h"
#include "src/http/admin.h"
#include "src/http/form.h"

namespace khabar::http {
namespace {

using content::TaxonomyKind;

constexpr std::string_view kTaxonomyForm = "taxonomy";
constexpr const char* kEditorsOnly = "إدارة الوسوم والأقسام للمحررين.";
constexpr int kTagsPerPage = 50;
constexpr size_t kMaxName = 100;

bool IsTag(TaxonomyKind kind) { return kind == TaxonomyKind::kTag; }
std::string BaseOf(TaxonomyKind kind) { return IsTag(kind) ? "/admin/tags" : "/admin/categories"; }

// A field as typed: valid UTF-8, trimmed.
std::string Field(const Form& form, std::string_view name) {
  return std::string(TrimUnicode(SanitizeUtf8(form.Get(name))));
}

// What is wrong with a name and slug as typed, in Arabic; empty when nothing is.
std::vector<std::string> CheckNameAndSlug(std::string_view name, std::string_view slug) {
  std::vector<std::string> errors;
  if (name.empty()) errors.push_back("اكتب الاسم.");
  if (Utf8Length(name) > kMaxName) errors.push_back("الاسم أطول من ١٠٠ حرف.");
  if (!slug.empty() && content::MakeSlug(slug, 80).empty()) {
    errors.push_back("الاسم المختصر يحتاج حرفًا أو رقمًا.");
  }
  return errors;
}

// The Arabic message for a refused write, or "" when the store failed for another reason
// (busy, broken): the page then says to try again.
std::string Refusal(const Status& s, TaxonomyKind kind) {
  bool tag = IsTag(kind);
  if (s.code() == StatusCode::kAlreadyExists) {
    if (s.message() == store::kSlugTaken) {
      return tag ? "الاسم المختصر مستخدم لوسم آخر." : "الاسم المختصر مستخدم لقسم آخر.";
    }
    return tag ? "يوجد وسم بهذا الاسم. ادمجه فيه إن كانا واحدًا." : "يوجد قسم بهذا الاسم.";
  }
  if (s.code() == StatusCode::kNotFound) return tag ? "الوسم غير موجود." : "القسم غير موجود.";
  if (s.code() == StatusCode::kInvalidArgument) {
    return tag ? "لا يُدمج الوسم في نفسه." : "اختر قسمًا آخر تنتقل إليه مقالاته.";
  }
  return "";
}

constexpr const char* kTryAgain = "تعذّر الحفظ الآن. أعد المحاولة بعد لحظات.";

std::string DoneNotice(std::string_view done) {
  if (done == "created") return "أُضيف.";
  if (done == "renamed") return "حُفظ الاسم الجديد. الرابط القديم يُحوَّل إلى الجديد.";
  if (done == "merged") return "تم الدمج. الرابط القديم يُحوَّل إلى الهدف.";
  if (done == "deleted") return "حُذف.";
  if (done == "ordered") return "حُفظ ترتيب القائمة.";
  return "";
}

}  // namespace

void Admin::TaxonomyRoutes(Router& r) {
  for (TaxonomyKind kind : {TaxonomyKind::kTag, TaxonomyKind::kCategory}) {
    std::string base = BaseOf(kind);
    r.Get(base, [this, kind](const Request& q, const Params&) { return TaxonomyList(q, kind); });
    r.Post(base, [this, kind](const Request& q, const Params&) { return TaxonomyCreate(q, kind); });
    if (IsTag(kind)) {
      r.Get(base + "/suggest",
            [this](const Request& q, const Params&) { return TagSuggestions(q); });
    } else {
      r.Post(base + "/order", [this](const Request& q, const Params&) { return MenuOrder(q); });
    }
    r.Get(base + "/{}",
          [this, kind](const Request& q, const Params& p) { return TaxonomyItem(q, kind, p[0]); });
    for (const char* op : {"rename", "merge", "delete"}) {
      r.Post(base + "/{}/" + op, [this, kind, op](const Request& q, const Params& p) {
        return TaxonomyChange(q, kind, p[0], op);
      });
    }
  }
}

Response Admin::TaxonomyList(const Request& req, TaxonomyKind kind) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  if (!auth::Can(signed_in->user.role, auth::Action::kManageTaxonomy)) {
    return Forbidden(req, kEditorsOnly);
  }
  Form q = ParseQueryLenient(req.query);
  render::AdminTaxonomyView v;
  v.kind = kind;
  v.search = std::string(TrimUnicode(SanitizeUtf8(q.Get("q"))));
  if (Utf8Length(v.search) > kMaxName) v.search.clear();
  auto page = ParseInt(q.Get("page"));
  v.page = page && *page >= 1 && *page <= 100000 ? static_cast<int>(*page) : 1;
  v.notice = DoneNotice(q.Get("done"));
  return TaxonomyListPage(req, *signed_in, std::move(v), 200);
}

Response Admin::TaxonomyListPage(const Request& req, const Signed& who,
                                 render::AdminTaxonomyView view, int status) {
  store::TaxonomyFilter filter;
  filter.contains = view.search;
  filter.limit = kTagsPerPage + 1;  // one more tells whether there is a next page
  filter.offset = (view.page - 1) * kTagsPerPage;
  auto list = deps_.store->ListTaxonomy(view.kind, filter);
  if (!list.ok()) {
    return ErrorPage(req, 503, "الخدمة مشغولة", "تعذّر القراءة الآن. أعد المحاولة بعد قليل.");
  }
  view.items = std::move(list->items);
  view.total = list->total;
  if (IsTag(view.kind) && view.items.size() > kTagsPerPage) {
    view.has_next = true;
    view.items.pop_back();
  }
  view.token = FormToken(kTaxonomyForm, who);
  return Page(status, deps_.renderer(req).AdminTaxonomy(Chrome(), view));
}

Response Admin::TaxonomyCreate(const Request& req, TaxonomyKind kind) {
  auto posted = Authorize(req, auth::Action::kManageTaxonomy, kTaxonomyForm, kEditorsOnly);
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed& who = std::get<Posted>(posted).who;
  const Form& form = std::get<Posted>(posted).form;
  render::AdminTaxonomyView v;
  v.kind = kind;
  v.new_name = Field(form, "name");
  v.new_slug = Field(form, "slug");
  v.errors = CheckNameAndSlug(v.new_name, v.new_slug);
  if (v.errors.empty()) {
    auto id = deps_.store->CreateTaxonomyItem(kind, v.new_name, v.new_slug);
    if (id.ok()) return Response::SeeOther(BaseOf(kind) + "?done=created");
    std::string why = Refusal(id.status(), kind);
    v.errors.push_back(why.empty() ? kTryAgain : why);
    if (why.empty()) return TaxonomyListPage(req, who, std::move(v), 503);
  }
  return TaxonomyListPage(req, who, std::move(v), 422);
}

Response Admin::TaxonomyItem(const Request& req, TaxonomyKind kind, const std::string& id_text) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  if (!auth::Can(signed_in->user.role, auth::Action::kManageTaxonomy)) {
    return Forbidden(req, kEditorsOnly);
  }
  auto id = ParseInt(id_text);
  auto item = id ? deps_.store->GetTaxonomyItem(kind, *id)
                 : StatusOr<content::TaxonomyItem>(NotFoundError(""));
  if (!item.ok()) {
    return ErrorPage(req, 404, "غير موجود",
                     IsTag(kind) ? "لا وسم بهذا الرقم." : "لا قسم بهذا الرقم.");
  }
  render::AdminTaxonomyItemView v;
  v.kind = kind;
  v.name = item->name;
  v.slug = item->slug;
  v.item = std::move(*item);
  return TaxonomyItemPage(req, *signed_in, std::move(v), 200);
}

Response Admin::TaxonomyItemPage(const Request& req, const Signed& who,
                                 render::AdminTaxonomyItemView view, int status) {
  if (!IsTag(view.kind)) {
    auto all = deps_.store->ListTaxonomy(TaxonomyKind::kCategory, {});
    if (all.ok()) {
      for (auto& c : all->items) {
        if (c.id != view.item.id) view.others.push_back(std::move(c));
      }
    }
  }
  view.token = FormToken(kTaxonomyForm, who);
  return Page(status, deps_.renderer(req).AdminTaxonomyItem(Chrome(), view));
}

Response Admin::TaxonomyChange(const Request& req, TaxonomyKind kind, const std::string& id_text,
                               std::string_view op) {
  auto posted = Authorize(req, auth::Action::kManageTaxonomy, kTaxonomyForm, kEditorsOnly);
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed& who = std::get<Posted>(posted).who;
  const Form& form = std::get<Posted>(posted).form;
  auto id = ParseInt(id_text);
  auto item = id ? deps_.store->GetTaxonomyItem(kind, *id)
                 : StatusOr<content::TaxonomyItem>(NotFoundError(""));
  if (!item.ok()) {
    return ErrorPage(req, 404, "غير موجود",
                     IsTag(kind) ? "لا وسم بهذا الرقم." : "لا قسم بهذا الرقم.");
  }
  render::AdminTaxonomyItemView v;
  v.kind = kind;
  v.item = *item;
  v.name = item->name;
  v.slug = item->slug;
  bool tag = IsTag(kind);
  Status done;
  if (op == "rename") {
    v.name = Field(form, "name");
    v.slug = Field(form, "slug");
    v.errors = CheckNameAndSlug(v.name, v.slug);
    if (v.errors.empty()) done = deps_.store->RenameTaxonomyItem(kind, item->id, v.name, v.slug);
  } else if (op == "merge") {
    int64_t into = 0;
    if (tag) {
      v.merge_into = Field(form, "into");
      auto target = v.merge_into.empty() ? StatusOr<content::TaxonomyItem>(NotFoundError(""))
                                         : deps_.store->GetTaxonomyItemByName(kind, v.merge_into);
      if (target.ok()) {
        into = target->id;
      } else {
        v.errors.push_back(v.merge_into.empty() ? "اكتب اسم الوسم الذي يُدمج فيه."
                                                : "لا وسم بهذا الاسم: " + v.merge_into);
      }
    } else {
      auto target = ParseInt(form.Get("into"));
      v.target_id = target ? *target : 0;
      if (!target || !deps_.store->GetTaxonomyItem(kind, *target).ok()) {
        v.errors.push_back("اختر القسم الذي يُدمج فيه.");
      } else {
        into = *target;
      }
    }
    if (v.errors.empty() && into == item->id) {
      v.errors.push_back(tag ? "لا يُدمج الوسم في نفسه." : "لا يُدمج القسم في نفسه.");
    }
    if (v.errors.empty()) done = deps_.store->MergeTaxonomyItems(kind, item->id, into);
  } else {  // delete
    int64_t move_to = 0;
    if (!tag) {
      auto target = ParseInt(form.Get("move_to").empty() ? "0" : form.Get("move_to"));
      v.target_id = target ? *target : -1;
      if (!target || *target < 0 ||
          (*target != 0 && !deps_.store->GetTaxonomyItem(kind, *target).ok())) {
        v.errors.push_back("اختر القسم الذي تنتقل إليه المقالات.");
      } else if (*target == item->id) {
        v.errors.push_back("اختر قسمًا آخر تنتقل إليه مقالاته.");
      } else {
        move_to = *target;
      }
    }
    if (form.Get("confirm") != "1") v.errors.push_back("أكّد الحذف بتعليم المربع.");
    if (v.errors.empty()) {
      done =
          tag ? deps_.store->DeleteTag(item->id) : deps_.store->DeleteCategory(item->id, move_to);
    }
  }
  if (!v.errors.empty()) return TaxonomyItemPage(req, who, std::move(v), 422);
  if (!done.ok()) {
    std::string why = Refusal(done, kind);
    v.errors.push_back(why.empty() ? kTryAgain : why);
    return TaxonomyItemPage(req, who, std::move(v), why.empty() ? 503 : 422);
  }
  std::string result = op == "rename" ? "renamed" : op == "merge" ? "merged" : "deleted";
  return Response::SeeOther(BaseOf(kind) + "?done=" + result);
}

Response Admin::MenuOrder(const Request& req) {
  auto posted = Authorize(req, auth::Action::kManageTaxonomy, kTaxonomyForm, kEditorsOnly);
  if (auto* refused = std::get_if<Response>(&posted)) return std::move(*refused);
  const Signed& who = std::get<Posted>(posted).who;
  const Form& form = std::get<Posted>(posted).form;
  render::AdminTaxonomyView v;
  v.kind = TaxonomyKind::kCategory;
  auto all = deps_.store->ListTaxonomy(TaxonomyKind::kCategory, {});
  if (!all.ok()) {
    v.errors.push_back(kTryAgain);
    return TaxonomyListPage(req, who, std::move(v), 503);
  }
  std::vector<int64_t> order;
  for (const auto& c : all->items) order.push_back(c.id);
  auto id = ParseInt(form.Get("id"));
  std::string move = form.Get("move");
  auto it = id ? std::find(order.begin(), order.end(), *id) : order.end();
  if (it == order.end() || (move != "up" && move != "down")) {
    v.errors.push_back("القسم غير موجود.");
    return TaxonomyListPage(req, who, std::move(v), 422);
  }
  if (move == "up" && it != order.begin()) std::iter_swap(it, it - 1);
  if (move == "down" && it + 1 != order.end()) std::iter_swap(it, it + 1);
  Status s = deps_.store->SetMenuOrder(order);
  if (!s.ok()) {
    std::string why = Refusal(s, v.kind);
    v.errors.push_back(why.empty() ? kTryAgain : why);
    return TaxonomyListPage(req, who, std::move(v), why.empty() ? 503 : 422);
  }
  return Response::SeeOther("/admin/categories?done=ordered");
}

Response Admin::TagSuggestions(const Request& req) {
  auto signed_in = CurrentUser(req);
  if (!signed_in || !auth::Can(signed_in->user.role, auth::Action::kWriteDrafts)) {
    return Response::Json(403, R"({"error": "forbidden"})").With("Cache-Control", "no-store");
  }
  std::string prefix(TrimUnicode(SanitizeUtf8(ParseQueryLenient(req.query).Get("q"))));
  nlohmann::json tags = nlohmann::json::array();
  if (!prefix.empty() && Utf8Length(prefix) <= kMaxName) {
    auto found = deps_.store->SuggestTags(prefix, 10);
    if (!found.ok()) {
      return Response::Json(503, R"({"error": "unavailable"})").With("Cache-Control", "no-store");
    }
    for (auto& t : *found) tags.push_back(std::move(t));
  }
  nlohmann::json body = {{"tags", std::move(tags)}};
  return Response::Json(200, body.dump()).With("Cache-Control", "no-store");
}

}  // namespace khabar::http
