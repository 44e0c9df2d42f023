// File: src/http/beast_request.h
//
// A request Beast has parsed, turned into Khabar's Request (src/http/message.h): method,
// target split into path and query, header names lower-cased, the body moved. HEAD is
// answered as GET (the server sends the headers only). Used by the server and by the
// request fuzzer, so that both hand the handlers the same thing; only code that already
// includes Beast includes this.
//
//   auto& msg = parser.get();
//   Request req = FromBeast(msg, remote_ip, worker);
#ifndef KHABAR_HTTP_BEAST_REQUEST_H_
#define KHABAR_HTTP_BEAST_REQUEST_H_

#include <boost/beast/http.hpp>
#include <string>
#include <utility>

#include "src/http/message.h"

namespace khabar::http {

inline Request FromBeast(boost::beast::http::request<boost::beast::http::string_body>& msg,
                         std::string remote_ip, int worker) {
  Request req;
  req.method = std::string(boost::beast::http::to_string(msg.method()));
  req.target = std::string(msg.target());
  size_t q = req.target.find('?');
  req.path = req.target.substr(0, q);
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  for (const auto& f : msg) {
    std::string name(f.name_string());
    for (char& c : name)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    req.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  req.body = std::move(msg.body());
  req.remote_ip = std::move(remote_ip);
  req.worker = worker;
  if (msg.method() == boost::beast::http::verb::head) req.method = "GET";
  return req;
}

}  // namespace khabar::http

#endif  // KHABAR_HTTP_BEAST_REQUEST_H_
