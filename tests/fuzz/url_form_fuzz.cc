// Fuzzes the decoding of what arrives in a URL or a form: percent decoding, query strings
// and urlencoded bodies (src/http/form.h), multipart bodies and their boundary
// (src/http/multipart.h), the Cookie header (src/http/admin.h), and the router's matching
// and decoding of path segments (src/http/router.h). The first line of the input is the
// header value (Content-Type or Cookie), the rest the body or path.
#include <string>
#include <string_view>

#include "src/base/strings.h"
#include "src/http/admin.h"
#include "src/http/form.h"
#include "src/http/multipart.h"
#include "src/http/router.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace khabar;
using namespace khabar::http;

const Router& Routes() {
  static const Router* router = [] {
    auto* r = new Router();
    auto echo = [](const Request&, const Params& p) {
      Response res;
      for (const auto& s : p) {
        FUZZ_CHECK(IsValidUtf8(s), "a route parameter is not UTF-8");
        FUZZ_CHECK(!s.empty(), "a route parameter is empty");
        res.body += s;
      }
      return res;
    };
    for (const char* p :
         {"/", "/page/{}/", "/search", "/search/page/{}/", "/tag/{}/", "/tag/{}/page/{}/",
          "/{}/{}/{}/", "/{}/{}/{}/{}/", "/static/{}", "/admin/articles/{}", "/n/{}"}) {
      r->Get(p, echo);
    }
    r->Post("/wp-comments-post.php", echo);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsText(data, size);
  size_t nl = in.find('\n');
  std::string_view header = nl == std::string_view::npos ? in : in.substr(0, nl);
  std::string_view rest = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);

  for (bool plus : {false, true}) {
    if (auto d = PercentDecode(in, plus)) {
      FUZZ_CHECK(d->size() <= in.size(), "decoding made the text longer");
    }
  }
  FUZZ_CHECK(PercentDecode(PercentEncodePathSegment(in), false) == std::string(in),
             "percent encoding does not round-trip");

  auto form = ParseForm(rest);
  if (form.ok()) {
    FUZZ_CHECK(form->fields.size() <= 64, "more fields than the limit");
    for (const auto& [k, v] : form->fields) {
      FUZZ_CHECK(IsValidUtf8(k) && IsValidUtf8(v), "a form field is not UTF-8");
    }
  }
  Form lenient = ParseQueryLenient(rest);
  for (const auto& [k, v] : lenient.fields) {
    FUZZ_CHECK(IsValidUtf8(k) && IsValidUtf8(v), "a query field is not UTF-8");
  }

  if (auto boundary = MultipartBoundary(header); boundary.ok()) {
    FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70, "a boundary out of RFC 2046");
    MultipartLimits limits;
    limits.max_parts = 8;
    limits.max_field_bytes = 4096;
    limits.max_file_bytes = 8192;
    auto body = ParseMultipart(rest, *boundary, limits);
    if (body.ok()) {
      FUZZ_CHECK(body->fields.fields.size() + body->files.size() <= limits.max_parts,
                 "more parts than the limit");
      for (const auto& [k, v] : body->fields.fields) {
        FUZZ_CHECK(IsValidUtf8(v), "a multipart field is not UTF-8");
        FUZZ_CHECK(v.size() <= limits.max_field_bytes, "a field over its limit");
      }
      for (const auto& f : body->files) {
        FUZZ_CHECK(f.data.size() <= limits.max_file_bytes, "a file over its limit");
      }
    }
  }
  std::string cookie = CookieValue(header, "khabar_session");
  FUZZ_CHECK(cookie.size() <= header.size(), "a cookie longer than its header");

  Request req;
  req.method = rest.starts_with("POST") ? "POST" : "GET";
  req.target = std::string(header);
  size_t q = req.target.find('?');
  req.path = req.target.substr(0, q);
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  Response res;
  RouteResult routed = Routes().Dispatch(req, &res);
  if (routed == RouteResult::kMatched && res.status == 301) {
    FUZZ_CHECK(!res.headers.empty(), "a redirect without its address");
  }
  return 0;
}
