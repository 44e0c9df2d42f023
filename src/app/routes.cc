// `khabar routes`: every address the server answers, one "METHOD /pattern" a line, where
// "{}" stands for any one path segment. For operators writing proxy rules (e.g. keeping
// /admin/ on an internal network) and for the authorisation test, which fails when a route
// appears that its table of who may do what does not list. The WordPress-compatible API
// (/wp-json/…, GET only) has its own table and is named on the last line.
#include <cstdio>

#include "src/app/commands.h"
#include "src/http/site.h"
#include "src/http/tokens.h"
#include "src/render/render.h"

namespace khabar::app {

int Routes() {
  auto templates = render::Templates::Load({});
  if (!templates.ok()) {
    std::fprintf(stderr, "khabar: %s\n", templates.status().message().c_str());
    return 1;
  }
  SystemClock clock;
  http::SiteOptions options;
  options.form_key_hex = http::FormTokens::NewKeyHex();
  // The routes do not depend on the data: no database is opened.
  http::Site site({nullptr, std::move(*templates), &clock, nullptr, nullptr}, options);
  for (const std::string& line : site.Routes()) std::printf("%s\n", line.c_str());
  std::printf("GET /wp-json/… (the WordPress-compatible API, read only)\n");
  return 0;
}

}  // namespace khabar::app
