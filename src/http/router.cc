#include "src/http/router.h"

#include "src/base/strings.h"

namespace khabar::http {
namespace {
std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  for (auto s : Split(path, '/')) out.emplace_back(s);
  return out;
}
}  // namespace

void Router::Add(std::string_view method, std::string_view pattern, RouteFn fn) {
  routes_.push_back({std::string(method), SplitPath(pattern), std::move(fn)});
}

std::vector<std::string> Router::List() const {
  std::vector<std::string> out;
  for (const Route& r : routes_) {
    std::string line = r.method + " ";
    for (size_t i = 0; i < r.segments.size(); ++i) {
      if (i) line.push_back('/');
      line.append(r.segments[i]);
    }
    out.push_back(std::move(line));
  }
  return out;
}

bool Router::Match(const Route& r, const std::vector<std::string>& segs, Params* params) const {
  if (r.segments.size() != segs.size()) return false;
  params->clear();
  for (size_t i = 0; i < segs.size(); ++i) {
    if (r.segments[i] == "{}") {
      if (segs[i].empty()) return false;
      params->push_back(segs[i]);
    } else if (r.segments[i] != segs[i]) {
      return false;
    }
  }
  return true;
}

RouteResult Router::Dispatch(const Request& req, Response* out) const {
  if (req.path.empty() || req.path[0] != '/') return RouteResult::kBadPath;
  std::vector<std::string> segs;
  for (auto raw : Split(req.path, '/')) {
    auto decoded = PercentDecode(raw, false);
    if (!decoded || !IsValidUtf8(*decoded)) return RouteResult::kBadPath;
    // Browsers resolve dot segments before sending; one left in a path is a probe.
    if (*decoded == "." || *decoded == "..") return RouteResult::kBadPath;
    segs.push_back(std::move(*decoded));
  }
  Params params;
  bool other_method = false;
  for (const auto& r : routes_) {
    if (!Match(r, segs, &params)) continue;
    if (r.method != req.method) {
      other_method = true;
      continue;
    }
    *out = r.fn(req, params);
    return RouteResult::kMatched;
  }
  if (other_method) return RouteResult::kWrongMethod;
  // Not for "//host/…" or "/\\host/…": browsers read both as another site's address.
  if (req.method == "GET" && !segs.empty() && !segs.back().empty() && !req.path.starts_with("//") &&
      !req.path.starts_with("/\\")) {
    segs.emplace_back();
    for (const auto& r : routes_) {
      if (r.method == "GET" && Match(r, segs, &params)) {
        *out = Response::Redirect(301, req.path + "/" + (req.query.empty() ? "" : "?" + req.query));
        return RouteResult::kMatched;
      }
    }
  }
  return RouteResult::kNoRoute;
}

}  // namespace khabar::http
