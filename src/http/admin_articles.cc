// The newsroom's list of articles (/admin/articles), for everyone signed in: the state tabs
// with how many articles each holds, a search of title words (every state, drafts included:
// see store::ArticleFilter), filters by author and category, and pages of 50. The search
// and filters live in the address, so a filtered list can be bookmarked and shared.
#include <algorithm>
#include <string>
#include <utility>

#include "src/base/strings.h"
#include "src/http/admin.h"
#include "src/http/form.h"

namespace khabar::http {
namespace {

constexpr int kArticlesPerPage = 50;
constexpr size_t kMaxSearch = 200;  // characters

struct StateKey {
  std::string_view key;  // in ?status=
  content::ArticleStatus status;
};
constexpr StateKey kStates[] = {{"draft", content::ArticleStatus::kDraft},
                                {"pending", content::ArticleStatus::kPending},
                                {"scheduled", content::ArticleStatus::kScheduled},
                                {"published", content::ArticleStatus::kPublished},
                                {"trashed", content::ArticleStatus::kTrashed}};

// A positive id from the query, or 0 (any).
int64_t IdParam(const Form& q, std::string_view name) {
  auto id = ParseInt(q.Get(name));
  return id && *id > 0 ? *id : 0;
}

}  // namespace

Response Admin::Articles(const Request& req) {
  auto signed_in = CurrentUser(req);
  if (!signed_in) return Response::Redirect(303, "/admin/login");
  Form q = ParseQueryLenient(req.query);
  render::AdminArticlesView v;
  store::ArticleFilter filter;
  for (const StateKey& s : kStates) {
    if (q.Get("status") == s.key) {
      filter.status = s.status;
      v.status = std::string(s.key);
    }
  }
  v.search = std::string(TrimUnicode(SanitizeUtf8(q.Get("q"))));
  if (Utf8Length(v.search) > kMaxSearch) v.search.clear();
  v.author_id = IdParam(q, "author");
  v.category_id = IdParam(q, "category");
  auto page = ParseInt(q.Get("page"));
  v.page = page && *page >= 1 && *page <= 100000 ? static_cast<int>(*page) : 1;
  if (!v.search.empty()) v.filter_query += "q=" + PercentEncodePathSegment(v.search) + "&";
  if (v.author_id) v.filter_query += "author=" + std::to_string(v.author_id) + "&";
  if (v.category_id) v.filter_query += "category=" + std::to_string(v.category_id) + "&";

  filter.title_words = v.search;
  filter.author_id = v.author_id;
  filter.category_id = v.category_id;
  filter.limit = kArticlesPerPage;
  filter.offset = (v.page - 1) * kArticlesPerPage;
  auto listing = deps_.store->ListArticles(filter);
  auto authors = deps_.store->ListArticleAuthors();
  auto categories = deps_.store->ListTaxonomy(content::TaxonomyKind::kCategory, {});
  if (!listing.ok() || !authors.ok() || !categories.ok()) {
    return ErrorPage(req, 503, "الخدمة مشغولة", "تعذّر قراءة المقالات. أعد المحاولة بعد قليل.");
  }
  v.rows = std::move(listing->rows);
  v.per_status = listing->per_status;
  v.total = listing->total;
  v.total_pages =
      std::max<int>(1, static_cast<int>((v.total + kArticlesPerPage - 1) / kArticlesPerPage));
  v.authors = std::move(*authors);
  v.categories = std::move(categories->items);
  if (q.Get("deleted") == "1") v.notice = "حُذف المقال نهائيًا.";
  v.viewer = signed_in->user.display_name;
  v.edits_any = auth::Can(signed_in->user.role, auth::Action::kEditAnyArticle);
  return Page(200, deps_.renderer(req).AdminArticles(Chrome(), v));
}

}  // namespace khabar::http
