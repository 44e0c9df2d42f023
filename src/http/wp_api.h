// File: src/http/wp_api.h
//
// The read side of WordPress's REST API v2 under /wp-json/ (and /?rest_route=…), so that
// apps, widgets and scripts written for WordPress read Khabar: the index, posts, categories,
// tags, users (bylines: public fields only), approved comments and search, in WordPress's
// shapes, with its parameters, its X-WP-Total / X-WP-TotalPages / Link headers and its error
// objects ({"code":"rest_invalid_param","message":…,"data":{"status":400,…}}). Only published
// content is visible, and no answer ever carries an e-mail. Every other method than GET (and
// HEAD, which the server answers as GET) gets rest_no_route.
//
//   WpApi api(store, clock, {.site_url = "https://example.com", …});
//   if (WpApi::Owns(req)) return api.Handle(req);
#ifndef KHABAR_HTTP_WP_API_H_
#define KHABAR_HTTP_WP_API_H_

#include <string>

#include "src/base/time.h"
#include "src/content/time_zone.h"
#include "src/http/message.h"
#include "src/store/store.h"

namespace khabar::http {

struct WpApiOptions {
  std::string site_url;   // absolute, without a trailing slash: links start with it
  std::string site_name;  // the index's name and description
  std::string description;
  double search_recency_boost = 0;  // as the reader's search (see store::SearchQuery)
  content::TimeZone zone;           // the site's: links' months and WordPress's local "date" fields
};

class WpApi {
 public:
  // `store` and `clock` are not owned and outlive the WpApi.
  WpApi(store::Store* store, const Clock* clock, WpApiOptions options);

  // Whether `req` is for the API: a path /wp-json or below, or "/" with ?rest_route=.
  static bool Owns(const Request& req);

  // Answers an API request (every answer is JSON, errors included). Thread-safe.
  Response Handle(const Request& req) const;

 private:
  store::Store* store_;
  const Clock* clock_;
  WpApiOptions options_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_WP_API_H_
