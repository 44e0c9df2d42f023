// Fuzzes a request from its first byte to Khabar's answer: Beast's request parser with the
// server's limits (src/http/server.h's defaults: header, target and body sizes), the
// conversion to Khabar's Request as the server makes it, then the whole handler path
// (src/http/site.h: router, reader pages, search, comments, the admin, the WordPress API)
// over a temporary database holding a few articles, a comment and a signed-in editor
// (cookie "khabar_session=fuzz-session-token"). The answer must never be a 500, carry a
// line break in a header (header injection), or send the reader to another site.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>
#include <sstream>
#include <string>

#include "src/auth/auth.h"
#include "src/http/beast_request.h"
#include "src/http/server.h"
#include "src/http/site.h"
#include "src/http/tokens.h"
#include "src/importer/jsonl.h"
#include "src/render/render.h"
#include "tests/fuzz/fuzz_store.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using namespace khabar;
namespace bhttp = boost::beast::http;

constexpr const char* kSiteUrl = "http://khabar.test";
constexpr const char* kSessionToken = "fuzz-session-token";

constexpr const char* kArticles[] = {
    R"({"id":"a1","title":"اتفاق وقف إطلاق النار","body":"نص الخبر الأول.\n\nفقرة ثانية.",)"
    R"("category":"سياسة","tags":["غزة","مفاوضات"],"published":"2023-11-10T08:00:00Z",)"
    R"("comments":[{"id":"c1","author":"قارئ","body":"تعليق أول","published":"2023-11-11T08:00:00Z"}]})",
    R"({"id":"a2","title":"Markets rally","body":"Stocks rose.","category":"اقتصاد",)"
    R"("tags":["أسواق"],"published":"2023-11-12T09:30:00Z","breaking":true})",
};

struct Fixture {
  fuzz::FixedClock clock;
  std::unique_ptr<http::Site> site;

  Fixture() {
    store::Store& store = fuzz::TempStore("http");
    std::string lines;
    for (const char* a : kArticles) lines.append(a).append("\n");
    std::istringstream in(lines);
    auto imported = importer::ImportJsonl(in, store, clock, {});
    FUZZ_CHECK(imported.ok() && imported->imported == 2, "the fixture's articles");
    store::UserInput u;
    u.name = "editor";
    u.password_hash = "unused";
    u.role = content::Role::kEditor;
    u.created_at = fuzz::FixedClock::kNow;
    auto user = store.AddUser(u);
    FUZZ_CHECK(user.ok(), "the fixture's user");
    store::Session session;
    session.digest = auth::TokenDigest(kSessionToken);
    session.user_id = *user;
    session.created_at = session.last_seen = fuzz::FixedClock::kNow;
    FUZZ_CHECK(store.CreateSession(session).ok(), "the fixture's session");
    auto templates = render::Templates::Load({});
    FUZZ_CHECK(templates.ok(), "the templates");
    http::SiteOptions options;
    options.info.url = kSiteUrl;
    options.form_key_hex = http::FormTokens::NewKeyHex();
    options.admin.media.dir = fuzz::TempStoreDir() + "/media";
    options.workers = 1;
    site = std::make_unique<http::Site>(
        http::SiteDeps{&store, std::move(*templates), &clock, nullptr, nullptr}, options);
  }
};

bool HasLineBreak(std::string_view s) { return s.find_first_of("\r\n") != std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  static const http::ServerOptions limits;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = parser.put(boost::asio::buffer(data, size), ec);
  if (ec == bhttp::error::need_more && !parser.is_header_done()) return 0;
  if (ec == bhttp::error::need_more) parser.put_eof(ec);
  if (ec || !parser.is_done()) return 0;
  FUZZ_CHECK(used <= size, "the parser used more than it was given");
  auto& msg = parser.get();
  // What the server answers itself (414, 400) before any handler runs.
  if (msg.target().size() > limits.max_target_bytes) return 0;
  if (msg.method() == bhttp::verb::unknown) return 0;

  http::Request req = http::FromBeast(msg, "192.0.2.7", 0);

  http::Response res = fixture.site->Handle(req);
  if (res.status >= 500 && res.status != 503) {
    std::fprintf(stderr, "status %d for %s %s\n", res.status, req.method.c_str(),
                 req.target.c_str());
    FUZZ_CHECK(false, "a server error for a request");
  }
  for (const auto& [name, value] : res.headers) {
    FUZZ_CHECK(!HasLineBreak(name) && !HasLineBreak(value), "a line break in a header");
    if (name == "Location") {
      bool local = value.starts_with("/") && !value.starts_with("//") && !value.starts_with("/\\");
      bool ours = value.starts_with(std::string(kSiteUrl) + "/");
      if (!local && !ours) std::fprintf(stderr, "Location: %s\n", value.c_str());
      FUZZ_CHECK(local || ours, "a redirect to another site");
    }
  }
  return 0;
}
