// File: src/http/message.h
//
// Khabar's own request and response values: what a handler receives and returns. They
// carry no type of the HTTP library, so handlers can be tested without a server.
//
//   Response Hello(const Request& req) { return Response::Html(200, "<p>مرحبا</p>"); }
#ifndef KHABAR_HTTP_MESSAGE_H_
#define KHABAR_HTTP_MESSAGE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::http {

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // as received, e.g. "/tag/%D8%B3/?page=2"
  std::string path;    // target before '?', still percent-encoded
  std::string query;   // after '?', without it
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;
  int worker = 0;  // index of the serving thread, for per-thread state in handlers

  // First value of the header `name` (lower case), or "".
  std::string_view Header(std::string_view name) const;
};

// The open end of a long-lived response (Server-Sent Events), implemented by the server for
// one connection. All members are thread-safe and never block.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues `bytes` to be written after what is already queued; ignored once closed.
  virtual void Send(std::shared_ptr<const std::string> bytes) = 0;
  // Bytes queued and not yet written to the socket.
  virtual size_t queued_bytes() const = 0;
  // True once the connection is closed (by the client, an error, Close() or shutdown).
  virtual bool closed() const = 0;
  // Ends the stream and closes the connection.
  virtual void Close() = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body instead of `body`: immutable bytes shared with the page cache, sent
  // without a copy.
  std::shared_ptr<const std::string> shared_body;
  // When set, the response is a stream: the server writes the status, the headers (no
  // length, "Connection: close") and `body`, then calls `stream` once with the
  // connection's sink, and keeps `stream` (and what it holds) until the connection closes.
  // A HEAD request or a failed write never calls it.
  std::function<void(std::shared_ptr<EventSink>)> stream;

  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body);
  static Response Json(int status, std::string body);
  static Response Redirect(int status, std::string location);
  // 303 to `location` after a form post, never stored by a cache.
  static Response SeeOther(std::string location);
  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

using Handler = std::function<Response(const Request&)>;

}  // namespace khabar::http

#endif  // KHABAR_HTTP_MESSAGE_H_
