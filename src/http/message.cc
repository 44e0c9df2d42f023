#include "src/http/message.h"

namespace khabar::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

namespace {

Response WithBody(int status, std::string_view content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = std::string(content_type);
  r.body = std::move(body);
  return r;
}

}  // namespace

Response Response::Html(int status, std::string body) {
  return WithBody(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::Json(int status, std::string body) {
  return WithBody(status, "application/json; charset=utf-8", std::move(body));
}

Response Response::Text(int status, std::string body) {
  return WithBody(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response Response::SeeOther(std::string location) {
  return Redirect(303, std::move(location)).With("Cache-Control", "no-store");
}

}  // namespace khabar::http
