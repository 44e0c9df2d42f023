#include "src/http/wordpress_urls.h"

#include <string>

#include "src/base/strings.h"
#include "src/content/text.h"

namespace khabar::http {

std::optional<Response> WordPressIdRedirect(store::Store& store, const content::TimeZone& zone,
                                            std::string_view id) {
  auto n = ParseInt(id);
  if (!n || *n <= 0) return std::nullopt;
  auto article_id = store.ArticleIdByExternalId("wp:" + std::to_string(*n));
  if (!article_id.ok()) return std::nullopt;
  auto article = store.GetArticle(*article_id);
  if (!article.ok() || article->status != content::ArticleStatus::kPublished) return std::nullopt;
  return Response::Redirect(301, content::Permalink(article->published_at, article->slug, zone));
}

std::optional<Response> WordPressDayRedirect(store::Store& store, const content::TimeZone& zone,
                                             std::string_view year, std::string_view month,
                                             std::string_view day, std::string_view slug) {
  auto y = ParseInt(year), m = ParseInt(month), d = ParseInt(day);
  if (!y || !m || !d || year.size() != 4 || *m < 1 || *m > 12 || *d < 1 || *d > 31) {
    return std::nullopt;
  }
  auto article = store.GetPublishedBySlug(slug);
  if (article.status().IsNotFound()) article = store.GetPublishedByFormerSlug(slug);
  if (!article.ok()) return std::nullopt;
  return Response::Redirect(301, content::Permalink(article->published_at, article->slug, zone));
}

}  // namespace khabar::http
