// File: src/http/router.h
//
// The route table: method + path pattern -> handler. Patterns are paths whose "{}"
// segments match any one non-empty segment; the handler receives those segments
// percent-decoded. A path that matches only with a trailing slash added is redirected to it
// (301), as WordPress does.
//
//   router.Get("/tag/{}/page/{}/", [&](const Request& r, const Params& p) { ... });
#ifndef KHABAR_HTTP_ROUTER_H_
#define KHABAR_HTTP_ROUTER_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/http/message.h"

namespace khabar::http {

using Params = std::vector<std::string>;
using RouteFn = std::function<Response(const Request&, const Params&)>;

enum class RouteResult { kMatched, kNoRoute, kBadPath, kWrongMethod };

class Router {
 public:
  void Get(std::string_view pattern, RouteFn fn) { Add("GET", pattern, std::move(fn)); }
  void Post(std::string_view pattern, RouteFn fn) { Add("POST", pattern, std::move(fn)); }
  void Add(std::string_view method, std::string_view pattern, RouteFn fn);

  // Runs the matching handler into *out. kBadPath: malformed %-escapes, invalid UTF-8, or
  // a "." or ".." segment (also %2e%2e);
  // kWrongMethod: the path exists for another method (answer 405).
  RouteResult Dispatch(const Request& req, Response* out) const;

  // Every route as "METHOD /pattern" ("GET /tag/{}/"), in the order they were added.
  std::vector<std::string> List() const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{}" for a parameter
    RouteFn fn;
  };
  bool Match(const Route& r, const std::vector<std::string>& segs, Params* params) const;
  std::vector<Route> routes_;
};

}  // namespace khabar::http

#endif  // KHABAR_HTTP_ROUTER_H_
