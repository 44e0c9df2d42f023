#include "src/http/router.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace khabar::http {
namespace {

Request Make(std::string method, std::string target) {
  Request r;
  r.method = std::move(method);
  r.target = target;
  size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  return r;
}

std::string LocationOf(const Response& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "Location") return v;
  }
  return "";
}

// A site-like route table whose handlers record what they were called with.
class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto record = [this](std::string name) {
      return [this, name](const Request&, const Params& p) {
        called_ = name;
        params_ = p;
        return Response::Html(200, name);
      };
    };
    router_.Get("/", record("home"));
    router_.Get("/tag/{}/", record("tag"));
    router_.Get("/tag/{}/page/{}/", record("tag-page"));
    router_.Get("/{}/{}/{}/", record("article"));  // /2018/07/slug/
    router_.Post("/{}/{}/{}/comment", record("comment"));
    router_.Get("/search/", record("search"));
    router_.Post("/search/", record("search-post"));
  }

  RouteResult Dispatch(const std::string& method, const std::string& target) {
    called_.clear();
    params_.clear();
    out_ = Response();
    return router_.Dispatch(Make(method, target), &out_);
  }

  Router router_;
  Response out_;
  std::string called_;
  Params params_;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  EXPECT_EQ(Dispatch("GET", "/"), RouteResult::kMatched);
  EXPECT_EQ(called_, "home");
  EXPECT_EQ(out_.body, "home");
  EXPECT_TRUE(params_.empty());
}

TEST_F(RouterTest, PassesDecodedArabicParams) {
  ASSERT_EQ(Dispatch("GET", "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/"), RouteResult::kMatched);
  EXPECT_EQ(called_, "tag");
  EXPECT_EQ(params_, Params{"سوريا"});

  ASSERT_EQ(Dispatch("GET", "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/page/2/"), RouteResult::kMatched);
  EXPECT_EQ(called_, "tag-page");
  EXPECT_EQ(params_, (Params{"سوريا", "2"}));

  ASSERT_EQ(Dispatch("GET", "/2018/07/%D8%AE%D8%A8%D8%B1-%D8%B9%D8%A7%D8%AC%D9%84/"),
            RouteResult::kMatched);
  EXPECT_EQ(called_, "article");
  EXPECT_EQ(params_, (Params{"2018", "07", "خبر-عاجل"}));
}

TEST_F(RouterTest, RawUtf8PathIsAccepted) {
  ASSERT_EQ(Dispatch("GET", "/tag/سوريا/"), RouteResult::kMatched);
  EXPECT_EQ(params_, Params{"سوريا"});
}

TEST_F(RouterTest, EncodedSlashStaysInsideTheParam) {
  ASSERT_EQ(Dispatch("GET", "/tag/a%2Fb/"), RouteResult::kMatched);
  EXPECT_EQ(called_, "tag");
  EXPECT_EQ(params_, Params{"a/b"});
}

TEST_F(RouterTest, PlusIsNotASpaceInPaths) {
  ASSERT_EQ(Dispatch("GET", "/tag/c+%2B/"), RouteResult::kMatched);
  EXPECT_EQ(params_, Params{"c++"});
}

TEST_F(RouterTest, EmptySegmentDoesNotMatchAParam) {
  EXPECT_EQ(Dispatch("GET", "/tag//"), RouteResult::kNoRoute);
  EXPECT_TRUE(called_.empty());
}

TEST_F(RouterTest, UnknownPath) {
  EXPECT_EQ(Dispatch("GET", "/no/such/page/at/all/"), RouteResult::kNoRoute);
  EXPECT_EQ(Dispatch("GET", "/tag/x/page/2/3/"), RouteResult::kNoRoute);
  EXPECT_TRUE(called_.empty());
}

TEST_F(RouterTest, RedirectsToTheTrailingSlashKeepingTheQuery) {
  ASSERT_EQ(Dispatch("GET", "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7?page=2&s=%D8%B3"),
            RouteResult::kMatched);
  EXPECT_TRUE(called_.empty());  // no handler ran
  EXPECT_EQ(out_.status, 301);
  EXPECT_EQ(LocationOf(out_), "/tag/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/?page=2&s=%D8%B3");

  ASSERT_EQ(Dispatch("GET", "/2018/07/slug"), RouteResult::kMatched);
  EXPECT_EQ(out_.status, 301);
  EXPECT_EQ(LocationOf(out_), "/2018/07/slug/");  // no "?" without a query
}

TEST(RouterDoubleSlashTest, NoRedirectForPathsStartingWithTwoSlashes) {
  // Redirecting "//evil.example" to "//evil.example/" would send the reader to another site
  // (a protocol-relative URL), so it must not happen even when a route would match.
  Router router;
  bool called = false;
  router.Get("//{}/", [&](const Request&, const Params&) {
    called = true;
    return Response::Html(200, "x");
  });
  Response out;
  EXPECT_EQ(router.Dispatch(Make("GET", "//evil.example"), &out), RouteResult::kNoRoute);
  EXPECT_TRUE(LocationOf(out).empty());
  EXPECT_FALSE(called);
  // The route itself is reachable with its slash.
  EXPECT_EQ(router.Dispatch(Make("GET", "//evil.example/"), &out), RouteResult::kMatched);
  EXPECT_TRUE(called);
}

TEST_F(RouterTest, NoRedirectForPathsStartingWithSlashBackslash) {
  // Browsers read "/\\evil.example/…" as "//evil.example/…", another site.
  EXPECT_EQ(Dispatch("GET", "/\\evil.example/2018/slug"), RouteResult::kNoRoute);
  EXPECT_TRUE(LocationOf(out_).empty());
  // Elsewhere in a path a backslash is only a character.
  EXPECT_EQ(Dispatch("GET", "/tag/a\\b"), RouteResult::kMatched);
  EXPECT_EQ(LocationOf(out_), "/tag/a\\b/");
}

TEST_F(RouterTest, DotSegmentsAreBadPaths) {
  for (const char* bad : {"/tag/../", "/tag/./", "/../../etc/passwd", "/tag/%2e%2e/",
                          "/tag/%2E./page/2/", "/2018/07/../"}) {
    EXPECT_EQ(Dispatch("GET", bad), RouteResult::kBadPath) << bad;
    EXPECT_TRUE(LocationOf(out_).empty()) << bad;
  }
  EXPECT_EQ(Dispatch("GET", "/tag/.../"), RouteResult::kMatched);  // a name, not a segment
}

TEST_F(RouterTest, NoRedirectForPost) {
  EXPECT_EQ(Dispatch("POST", "/search"), RouteResult::kNoRoute);
  EXPECT_TRUE(LocationOf(out_).empty());
}

TEST_F(RouterTest, WrongMethod) {
  EXPECT_EQ(Dispatch("POST", "/tag/x/"), RouteResult::kWrongMethod);
  EXPECT_EQ(Dispatch("DELETE", "/"), RouteResult::kWrongMethod);
  EXPECT_EQ(Dispatch("GET", "/2018/07/slug/comment"), RouteResult::kWrongMethod);
  EXPECT_TRUE(called_.empty());
}

TEST_F(RouterTest, SamePathDifferentMethods) {
  ASSERT_EQ(Dispatch("GET", "/search/"), RouteResult::kMatched);
  EXPECT_EQ(called_, "search");
  ASSERT_EQ(Dispatch("POST", "/search/"), RouteResult::kMatched);
  EXPECT_EQ(called_, "search-post");
  ASSERT_EQ(Dispatch("POST", "/2018/07/%D8%AE%D8%A8%D8%B1/comment"), RouteResult::kMatched);
  EXPECT_EQ(called_, "comment");
  EXPECT_EQ(params_, (Params{"2018", "07", "خبر"}));
}

TEST_F(RouterTest, BadEscapesAndInvalidUtf8AreBadPaths) {
  for (const char* bad : {"/tag/%ZZ/", "/tag/%D8/", "/tag/%C0%AF/", "/tag/%ED%A0%80/", "/tag/%/",
                          "/tag/%4/", "/no/such/%G1", "/%FF"}) {
    EXPECT_EQ(Dispatch("GET", bad), RouteResult::kBadPath) << bad;
    EXPECT_TRUE(called_.empty()) << bad;
  }
  EXPECT_EQ(Dispatch("GET", ""), RouteResult::kBadPath);
  EXPECT_EQ(Dispatch("GET", "tag/x/"), RouteResult::kBadPath);
}

TEST_F(RouterTest, ListsEveryRouteAsItWasAdded) {
  EXPECT_EQ(router_.List(), (std::vector<std::string>{
                                "GET /", "GET /tag/{}/", "GET /tag/{}/page/{}/", "GET /{}/{}/{}/",
                                "POST /{}/{}/{}/comment", "GET /search/", "POST /search/"}));
}

}  // namespace
}  // namespace khabar::http
