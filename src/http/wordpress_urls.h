// File: src/http/wordpress_urls.h
//
// The other addresses a WordPress site gave its posts, for sites migrated with
// `khabar import wxr`: /?p=<id> and /archives/<id> (the post id, kept as the external id
// "wp:<id>") and /YYYY/MM/DD/<slug>/ (the day permalinks). Each answers a 301 to the
// article's permalink (its month in the site's time zone) while it is published.
//
//   if (auto moved = WordPressIdRedirect(store, zone, "259")) return std::move(*moved);
#ifndef KHABAR_HTTP_WORDPRESS_URLS_H_
#define KHABAR_HTTP_WORDPRESS_URLS_H_

#include <optional>
#include <string_view>

#include "src/content/time_zone.h"
#include "src/http/message.h"
#include "src/store/store.h"

namespace khabar::http {

// The article imported as WordPress post `id` (decimal): a 301 to its permalink. nullopt
// when no published article has that id (the caller answers 404).
std::optional<Response> WordPressIdRedirect(store::Store& store, const content::TimeZone& zone,
                                            std::string_view id);

// /YYYY/MM/DD/<slug>/ (the slug decoded): a 301 to the permalink of the published article
// with that slug, or that had it; nullopt when the date is not one or there is none.
std::optional<Response> WordPressDayRedirect(store::Store& store, const content::TimeZone& zone,
                                             std::string_view year, std::string_view month,
                                             std::string_view day, std::string_view slug);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_WORDPRESS_URLS_H_
